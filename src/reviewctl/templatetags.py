"""Static site generators' template tags in a review: Hugo shortcodes (``{{< youtube id >}}``,
``{{% note %}}``), Jekyll/Liquid tags and output (``{% capture x %}``, ``{{ site.url }}``),
Zola's shortcodes. The generator fills them in; a reader never sees them. Read one way by the
terminal and by the export: a figure is its picture, a video its address, a ``relref`` the
page it names, a Liquid comment nothing at all, anything else nothing (what a pair of tags
wraps stays).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The tags export writes as a reader sees them, in the Markdown source: a shortcode (within
# its paragraph: never across a blank line) and a Liquid tag (within its line). Liquid output
# in prose ("write {{ name }}") is left as written: only a Jekyll blog would have filled it
# in, and text lost is worse than a tag shown; in an address (src="{{ site.baseurl }}/x",
# ({{ site.url }}/x)) it is the generator's, and goes. A quoted attribute may hold ">}}".
_SHORTCODE = re.compile(
    r"\{\{[<%]-?\s*(/?[\w-]+)((?:\"[^\"]*\"|'[^']*'|(?!\n[ \t]*\n)[^\"'])*?)-?[%>]\}\}"
    r"|\{%-?[ \t]*[a-z_]+\b[^\n]*?-?%\}"
    r"|(?<=[\"'(=])\{\{-?[ \t]*[\w.]+(?:[ \t]*\|[^\n}]*)?[ \t]*-?\}\}",
    re.S,
)
# What no reader sees: a Liquid comment, and what a capture assigns (shown, if at all,
# where the layout uses it); found in one pass with the code that may mention them, so
# that a code span or a fenced block saying "{% comment %}" keeps its text
_LIQUID_HIDDEN = re.compile(
    r"(?P<fence>^ {0,3}(?P<marks>`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}(?P=marks)[`~]*[ \t]*$|\Z))"
    r"|(?P<span>(`+).+?(?<!`)\4(?!`))"
    r"|\{%-?\s*(comment|capture)\b[^%]*-?%\}.*?\{%-?\s*end\5\s*-?%\}",
    re.S | re.M,
)
_LIQUID_RAW = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_VIDEOS = {
    "youtube": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
    "bilibili": "https://www.bilibili.com/video/{}",
}
# the figure shortcodes of Hugo and of its common themes (LoveIt, FixIt: ``image``)
_FIGURES = frozenset(("figure", "image", "img"))
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# What keeps its text as written: a code span, HTML code, a Liquid raw block
_KEPT = re.compile(
    r"(`+).+?(?<!`)\1(?!`)|<(pre|code)\b.*?</\2\s*>|" + _LIQUID_RAW.pattern, re.S | re.I
)


@dataclass(frozen=True, slots=True)
class Shown:
    """What a reader sees of one tag: a picture, a video's (or a page's) address, or nothing."""

    kind: str  # "figure", "video", "link" or "" (nothing)
    src: str = ""
    alt: str = ""
    link: str = ""  # where a figure leads


def shown(match: re.Match[str]) -> Shown:
    """What a reader sees of the tag :data:`_SHORTCODE` matched."""
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
    if name not in _FIGURES:
        return Shown("")
    attrs = {m[1].lower(): m[2] or m[3] or m[4] for m in _ATTR.finditer(args)}
    alt = attrs.get("caption") or attrs.get("alt") or attrs.get("title", "")
    return Shown("figure", attrs.get("src", ""), alt, attrs.get("link", ""))


_GONE = "\x00"  # where a tag that shows nothing stood (no NUL is read from a review)
_GONE_BETWEEN = re.compile(r"(?<=[^\s\x00]) \x00+ (?=[^\s\x00])")
#: what a line of tags alone becomes
GONE_LINE = "<!-- -->"
_ONLY_GONE = re.compile(r"^([ \t>]*)\x00[\x00 \t]*$", re.M)
_LINE_STARTS = re.compile(r"\n[ \t>]*")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")


def _markdown(match: re.Match[str], video: str = "<{}>") -> str:
    seen = shown(match)
    written = _GONE
    if seen.kind == "figure" and seen.src:
        alt = " ".join(seen.alt.split()).replace("[", r"\[").replace("]", r"\]")
        written = f"![{alt}](<{seen.src}>)"
        if seen.link and not any(c in seen.link for c in "<> \n"):
            written = f"[{written}](<{seen.link}>)"
    elif seen.kind == "video":
        written = video.format(seen.src)
    elif seen.kind == "link":
        written = seen.src
    # the tag's line breaks kept, ahead of it, so the lines below keep their numbers, with
    # the quote marks that began its lines (a tag in a quote stays in it)
    breaks = "".join(
        "\n" + ">" * start.count(">") + (" " if ">" in start else "")
        for start in _LINE_STARTS.findall(match.group(0))
    )
    return breaks + written


def as_markdown(source: str, video: str = "<{}>") -> str:
    """``source`` with each shortcode and Liquid tag written as the Markdown a reader sees
    (a figure's image, a video's link, a ``relref``'s address; a Liquid comment and what it
    wraps, nothing); a line that held only tags becomes an empty comment, and every line
    keeps its number. Code (fenced, indented, in backticks, in ``<pre>`` or ``<code>``) and
    a Liquid ``raw`` block keep their text as written. ``video`` formats a video's
    address."""
    if "{{" not in source and "{%" not in source:
        return source
    if "{%" in source and ("comment" in source or "capture" in source):
        source = _LIQUID_HIDDEN.sub(_hidden, source)
    out: list[str] = []
    prose: list[str] = []
    fence = ""
    indented = in_list = False
    blank = True
    for line in source.splitlines(keepends=True):
        opening = _FENCE.match(line)
        code_line = (blank or indented) and not in_list and line.startswith(("    ", "\t"))
        if fence:
            out.append(line)
            stripped = line.strip()
            if stripped.startswith(fence) and stripped == stripped[0] * len(stripped):
                fence = ""
        elif opening or (code_line and line.strip()):
            out.append(_prose("".join(prose), video))
            prose = []
            out.append(line)
            fence = opening[1] if opening else ""
            indented = not opening
        else:
            indented = indented and not line.strip()
            if _LIST_ITEM.match(line):
                in_list = True  # its indented lines are the item's, not code
            elif line.strip() and not line.startswith((" ", "\t")):
                in_list = False
            prose.append(line)
        blank = not line.strip()
    out.append(_prose("".join(prose), video))
    return "".join(out)


def _hidden(match: re.Match[str]) -> str:
    """A comment or a capture: nothing, its lines kept; code: as it is."""
    text = match.group(0)
    return text if match.group("fence") or match.group("span") else "\n" * text.count("\n")


def _prose(text: str, video: str) -> str:
    if "{{" not in text and "{%" not in text:
        return text

    def written(match: re.Match[str]) -> str:
        return _markdown(match, video)

    pieces: list[str] = []
    at = 0
    for kept in _KEPT.finditer(text):
        pieces.append(_SHORTCODE.sub(written, text[at : kept.start()]))
        raw = kept.group(3)
        pieces.append(kept.group(0) if raw is None else raw)  # raw: its text, tags and all
        at = kept.end()
    pieces.append(_SHORTCODE.sub(written, text[at:]))
    done = "".join(pieces)
    if _GONE in done:  # "Text with {{< x >}} inline." reads "Text with inline."
        # a line that held only tags: an empty comment (dropped from every output), not a
        # blank line that would split its paragraph or quote
        done = _ONLY_GONE.sub(rf"\1{GONE_LINE}", done)
        done = _GONE_BETWEEN.sub(" ", done).replace(_GONE, "")
    return done


def removed(text: str) -> str:
    """``text`` (a description, a fragment of a page) with its shortcodes and Liquid tags
    spaced out, as in :func:`as_markdown`."""
    return _SHORTCODE.sub(" ", text) if "{{" in text or "{%" in text else text
