"""Words in Markdown prose, and the reading time they make."""

from __future__ import annotations

import math
import re
from functools import cache

WORDS_PER_MINUTE = 230


@cache
def _cjk() -> re.Pattern[str]:
    """Han and kana (Korean puts spaces between its words: no hangul here): compiled on
    first use, since the class takes 4 ms to compile at every start-up and only a text that
    is not ASCII needs it."""
    return re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[`~]*[ \t]*$|\Z)", re.M | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
# Tokens split() counts that are markup, not words: a URL, heading marks, bullets, table pipes;
# each with a character of it that ``in`` finds by memchr, so most are never counted.
_NOT_WORDS = (("-", "\n- "), ("*", "\n* "), ("|", "|"))
# Two more, each found from its first character, rare in prose (see :func:`_count`).
_RARE_FIRST = ("# ", "://")

# ASCII whitespace (as ``str.split`` sees it) as a space, anything else as "x"
_WORD_STARTS = bytes(32 if chr(b).isspace() else 120 for b in range(128)) + b"x" * 128


def count_words(text: str) -> int:
    """Words in Markdown prose: code blocks, comments, URLs and markup do not count.

    Each CJK character counts as a word, since those scripts do not separate words by spaces.
    ``list`` counts every file of the archive, so this avoids regex passes over the whole
    text: ``split`` and ``count`` run in C, and the regexes run only when their trigger is in
    the text.
    """
    text = _countable(text)
    if text.isascii():
        # words start where a letter follows whitespace: counted in C with no string made
        # per word (cold list of 10,000 reviews: 29 → 14 µs a review)
        words = text.encode("ascii").translate(_WORD_STARTS).count(b" x")
    else:
        words = len(text.split())
    for token in _RARE_FIRST:
        words -= _count(text, token)
    for char, token in _NOT_WORDS:
        if char in text:
            words -= text.count(token)
    if not text.isascii() and (cjk := _cjk()).search(text):
        words += len(cjk.sub(" x ", text).split()) - len(text.split())
    return max(words, 0)


def _countable(text: str) -> str:
    """``text`` without its code blocks and comments, after a newline."""
    text = "\n" + text
    if ("`" in text and "```" in text) or ("~" in text and "~~~" in text):
        text = _FENCE.sub(" ", text)
    if "<" in text and "<!--" in text:
        from reviewctl.textscan import sub

        text = sub(_COMMENT, _space, text, "<!--", "-->", shared_tail=False)
    return text


def _count(text: str, token: str) -> int:
    """``text.count(token)``, looked for at each of its first character (found by memchr)
    while they are few: ``count`` scans for two characters or more at a fifth of memchr's
    speed (cold list of 10,000 reviews: 10 µs a review less)."""
    first = token[0]
    found = 0
    at = text.find(first)
    for _ in range(32):
        if at < 0:
            return found
        if text.startswith(token, at):
            found += 1
        at = text.find(first, at + 1)
    return text.count(token)  # many: counted outright


def _space(_: re.Match[str]) -> str:
    return " "


#: An inline element's tag: its text runs on into what follows (``<em>Dune</em>, a…``).
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small"
    r"|span|strike|strong|sub|sup|time|tt|u|var|wbr)(?=[\s/>])[^>]*>",
    re.I,
)
# a tag may span lines, never a blank one ("x<y" in prose is no tag that a later ">" closes)
_ANY_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z](?:[^<>\n]|\n(?![ \t]*\n))*>", re.S)


def without_tags(html_text: str) -> str:
    """``html_text`` as read, its tags dropped: an inline element's text runs on into the
    text around it ("Dune, and"), any other tag (a paragraph, a line break) parts the text
    with a space. Entities are left as written."""
    if "<" not in html_text:
        return html_text
    return _ANY_TAG.sub(" ", _INLINE_TAG.sub("", html_text))


#: Han and kana read per minute (Hugo's figure): each counts as a word, but reads faster
CJK_PER_MINUTE = 500


def cjk_characters(text: str) -> int:
    """How many of :func:`count_words`' words in ``text`` are CJK characters."""
    if text.isascii() or not (cjk := _cjk()).search(text):
        return 0
    return len(cjk.findall(_countable(text)))


def reading_minutes(words: int, cjk: int = 0) -> int:
    """Minutes to read ``words``, ``cjk`` of them CJK characters."""
    if not words:
        return 0
    cjk = min(cjk, words)
    return max(1, math.ceil((words - cjk) / WORDS_PER_MINUTE + cjk / CJK_PER_MINUTE))
