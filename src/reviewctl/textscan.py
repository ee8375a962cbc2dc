"""Linear-time matching of delimited patterns (links, images, tags) in one line of text.

A pattern such as ``!\\[([^\\]]*)\\]\\(…\\)`` is tried by ``re`` at every opener, and each try
runs to the next closer: a line of ten thousand ``![`` and one ``]`` takes a hundred million
steps. These helpers try the pattern only where it can start and skip the starts that must
fail the same way, so each character is scanned a bounded number of times. The matches are
exactly those of ``pattern.finditer`` on text without newlines, for patterns of two shapes:

- ``shared_tail=True``: ``OPENER [^CLOSER]* CLOSER TAIL``. Every start before the next closer
  reaches that same closer and then matches the same tail, so if the first of them fails, all
  of them do, and the search goes on after the closer.
- ``shared_tail=False``: ``OPENER PREFIX [^CLOSER]* CLOSER`` with a short prefix. A start
  matches when its prefix does and a closer follows; with no closer left, nothing more can.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

__all__ = ["Tail", "finditer", "search", "sub"]


@dataclass(frozen=True, slots=True)
class Tail:
    """The tail of a Markdown link or image after ``](``: a destination that runs to the
    first ``stop`` character, then ``rest`` (an optional title and the ``)``).

    When ``rest`` fails where one try's destination stopped, every later start whose ``](``
    comes before that point fails too (its destination stops there as well), so they are
    skipped without a try: ``![](![](![](… x)`` took minutes, it takes microseconds.
    """

    stop: re.Pattern[str]
    rest: re.Pattern[str]


def finditer(
    pattern: re.Pattern[str],
    text: str,
    opener: str,
    closer: str,
    *,
    shared_tail: bool,
    tail: Tail | None = None,
) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` in ``text`` (a line), as ``pattern.finditer`` finds them."""
    at = 0
    close = -1  # the first closer at or after the current start, once looked up
    while True:
        start = text.find(opener, at)
        if start < 0:
            return
        if close < start + len(opener):
            close = text.find(closer, start + len(opener))
            if close < 0:
                return
        found = pattern.match(text, start)
        if found is not None:
            yield found
            at = found.end() if found.end() > start else start + 1
        elif shared_tail:
            at = close  # every start before the closer fails as this one did
            if tail is not None and text.startswith("(", close + 1):
                stop = tail.stop.search(text, close + 2)
                end = stop.start() if stop else len(text)
                if tail.rest.match(text, end) is None:
                    at = max(close, text.rfind(closer, close, max(end - 2, close)))
        else:
            at = start + 1


def search(
    pattern: re.Pattern[str],
    text: str,
    opener: str,
    closer: str,
    *,
    shared_tail: bool,
    tail: Tail | None = None,
) -> re.Match[str] | None:
    """The first match (``pattern.search``)."""
    return next(finditer(pattern, text, opener, closer, shared_tail=shared_tail, tail=tail), None)


def sub(
    pattern: re.Pattern[str],
    replace: Callable[[re.Match[str]], str],
    text: str,
    opener: str,
    closer: str,
    *,
    shared_tail: bool,
) -> str:
    """``pattern.sub(replace, text)``."""
    out: list[str] = []
    last = 0
    for found in finditer(pattern, text, opener, closer, shared_tail=shared_tail):
        out.append(text[last : found.start()])
        out.append(replace(found))
        last = found.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)
