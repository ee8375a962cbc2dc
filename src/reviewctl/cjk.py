"""Chinese and Japanese text as the full-text index splits it into words.

Chinese and Japanese are written without spaces, and FTS5's tokenizer takes a run of such
characters for one word: each is indexed as a word of its own (set apart by U+2008, a space
to the tokenizer that text hardly ever holds, so the text comes back as written), and a
query's run becomes a phrase of them: "动漫" finds the text that holds it. Korean has spaces.
"""

from __future__ import annotations

import re
from functools import cache

APART = "\u2008"
_CHAR = "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"  # kana and Han


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """One character, and two highlighted characters side by side (``**动****漫**``, not a
    "****" of the text). Compiled when first needed: their ranges take 6 ms to compile, a
    fortieth of a warm search of 10,000 reviews, which most often has no use for them
    (bench_index)."""
    return re.compile(f"({_CHAR})"), re.compile(rf"(?<={_CHAR})\*\*\*\*(?={_CHAR})")


def spaced(text: str) -> str:
    """``text`` with each Chinese or Japanese character set apart (as indexed)."""
    if text.isascii():
        return text
    char = _patterns()[0]
    if not char.search(text):
        return text
    return char.sub(rf"{APART}\1{APART}", text)


def unspaced(text: str) -> str:
    """``text`` as written again (and a snippet's ``**动****漫**`` as ``**动漫**``)."""
    if APART not in text:
        return text
    return _patterns()[1].sub("", text.replace(APART, ""))
