"""What a reader never sees unfolded: ``<details>`` elements (a browser folds them, nested
ones and all, an unclosed one to the end) and HTML comments (never shown).

One scan serves every reader of it: search keeps folded text out of snippets, export out of
descriptions and excerpts, import keeps the elements as written.
"""

from __future__ import annotations

import re

_FOLDING = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)details\b[^>]*>", re.S | re.I)


def folded_spans(text: str, *, comments: bool = True) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each outermost ``<details>`` element of ``text`` and, with
    ``comments``, of each HTML comment outside them, in order. A comment is skipped whole:
    a ``<details>`` inside one opens nothing."""
    if "<" not in text:
        return []
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for match in _FOLDING.finditer(text):
        if match.group(1) is None:  # a comment: inside a <details>, it is folded with it
            if not depth and comments:
                spans.append(match.span())
        elif not match.group(1):
            if not depth:
                start = match.start()
            depth += 1
        elif depth:
            depth -= 1
            if not depth:
                spans.append((start, match.end()))
    if depth:
        spans.append((start, len(text)))
    return spans


def unfolded(
    text: str, *, comments: bool = True, spans: list[tuple[int, int]] | None = None
) -> str:
    """``text`` without what :func:`folded_spans` finds, or ``spans`` when the caller has
    them already (each a space)."""
    spans = folded_spans(text, comments=comments) if spans is None else spans
    if not spans:
        return text
    kept, at = [], 0
    for start, end in spans:
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    return " ".join(kept)
