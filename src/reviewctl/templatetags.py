"""Static site generators' template tags in a review: Hugo shortcodes (``{{< youtube id >}}``,
``{{% note %}}``), Jekyll/Liquid tags and output (``{% capture x %}``, ``{{ site.url }}``),
Zola's shortcodes. The generator fills them in; a reader never sees them. Read one way by the
terminal and by the export: a figure is its picture, a video its address, a ``relref`` the
page it names, anything else nothing (what a pair of tags wraps stays).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TAG = re.compile(r"\{\{[<%]-?\s*(/?[\w-]+)(.*?)-?[%>]\}\}|\{%-?.*?-?%\}|\{\{-?.*?-?\}\}", re.S)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_VIDEOS = {"youtube": "https://www.youtube.com/watch?v={}", "vimeo": "https://vimeo.com/{}"}
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)", re.S)


@dataclass(frozen=True, slots=True)
class Shown:
    """What a reader sees of one tag: a picture, a video's (or a page's) address, or nothing."""

    kind: str  # "figure", "video", "link" or "" (nothing)
    src: str = ""
    alt: str = ""


def shown(match: re.Match[str]) -> Shown:
    """What a reader sees of the tag :data:`TAG` matched."""
    name = (match.group(1) or "").lower()
    args = match.group(2) or ""
    if name in _VIDEOS:
        words = args.replace('"', " ").split()
        video = next((w.split("=", 1)[-1] for w in words if w.startswith("id=")), None)
        video = video or next((w for w in words if "=" not in w), "")
        return Shown("video", _VIDEOS[name].format(video)) if video else Shown("")
    if name in ("relref", "ref"):
        target = next(iter(re.findall(r"""["']([^"']+)["']""", args)), args.strip())
        return Shown("link", target) if target else Shown("")
    if name != "figure":
        return Shown("")
    attrs = {m[1].lower(): m[2] or m[3] or m[4] for m in _ATTR.finditer(args)}
    alt = attrs.get("caption") or attrs.get("alt") or attrs.get("title", "")
    return Shown("figure", attrs.get("src", ""), alt)


def _markdown(match: re.Match[str]) -> str:
    seen = shown(match)
    if seen.kind == "figure" and seen.src:
        alt = seen.alt.replace("[", r"\[").replace("]", r"\]")
        return f"![{alt}](<{seen.src}>)"
    if seen.kind == "video":
        return f"<{seen.src}>"
    return seen.src if seen.kind == "link" else ""


def as_markdown(source: str) -> str:
    """``source`` with each tag outside code written as the Markdown a reader sees (a
    figure's image, a video's link, a ``relref``'s address); a line that held only tags
    is left blank. Code blocks and code spans keep their text as written."""
    if "{{" not in source and "{%" not in source:
        return source
    out: list[str] = []
    prose: list[str] = []
    fence = ""
    for line in source.splitlines(keepends=True):
        opening = _FENCE.match(line)
        if fence:
            out.append(line)
            stripped = line.strip()
            if stripped.startswith(fence) and stripped == stripped[0] * len(stripped):
                fence = ""
        elif opening:
            out.append(_prose("".join(prose)))
            prose = []
            out.append(line)
            fence = opening[1]
        else:
            prose.append(line)
    out.append(_prose("".join(prose)))
    return "".join(out)


def _prose(text: str) -> str:
    if "{{" not in text and "{%" not in text:
        return text
    pieces: list[str] = []
    at = 0
    for span in _CODE_SPAN.finditer(text):
        pieces.append(TAG.sub(_markdown, text[at : span.start()]))
        pieces.append(span.group(0))
        at = span.end()
    pieces.append(TAG.sub(_markdown, text[at:]))
    return "".join(pieces)
