"""Embedded players kept by ``--safe``: an allow-list of known video hosts.

``--safe`` strips raw HTML that could run code; an ``<iframe>`` of a known player (YouTube,
Vimeo) is what a review blog embeds on purpose, so it is kept, with its ``src`` checked
against the list. Any other embed is removed, with a warning naming the file and line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewctl.model import Review

#: The players kept, by the start of their embed URL (https only).
ALLOWED = (
    "https://www.youtube.com/embed/",
    "https://www.youtube-nocookie.com/embed/",
    "https://youtube.com/embed/",
    "https://player.vimeo.com/video/",
)
#: What an iframe of theirs may carry.
ATTRIBUTES = frozenset(
    {"src", "title", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy"}
)
_IFRAME = re.compile(r"<iframe\b[^>]*>(?:.*?</iframe\s*>)?", re.I | re.S)
_EMBED_START = re.compile(r"<(iframe|embed|object)\b", re.I)
_SRC = re.compile(r"""\b(?:src|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)


def allowed(src: str | None) -> bool:
    return bool(src) and src is not None and src.strip().startswith(ALLOWED)


def _src(tag: str) -> str:
    match = _SRC.search(tag)
    if not match:
        return ""
    return next((g for g in match.groups() if g is not None), "")


def keep_allowed(fragment: str) -> str:
    """``fragment`` with every iframe removed whose ``src`` is not on the allow-list."""
    if "<iframe" not in fragment.lower():
        return fragment
    return _IFRAME.sub(lambda m: m.group(0) if allowed(_src(m.group(0))) else "", fragment)


def attribute_filter(tag: str, name: str, value: str) -> str | None:
    """For nh3: an iframe keeps only its own attributes, and a ``src`` on the list."""
    if tag != "iframe":
        return value
    if name not in ATTRIBUTES or (name == "src" and not allowed(value)):
        return None
    return value


def warnings(review: Review, shown: str) -> list[str]:
    """One warning per embed that ``--safe`` strips, at its line in the file."""
    found: list[str] = []
    for number, line in enumerate(review.lines[review.body_line - 1 :], review.body_line):
        for match in _EMBED_START.finditer(line):
            tag = match.group(1).lower()
            src = _src(line[match.start() :].split(">", 1)[0])
            if tag == "iframe" and allowed(src):
                continue
            what = f"<{tag}> {src}".rstrip()
            found.append(
                f"{shown}:{number}: embed not on the allow-list, removed by --safe: {what}"
            )
    return found
