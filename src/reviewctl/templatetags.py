"""Static site generators' template tags in a review: Hugo shortcodes (``{{< youtube id >}}``,
``{{% note %}}``), Jekyll/Liquid tags and output (``{% capture x %}``, ``{{ site.url }}``),
Zola's shortcodes. The generator fills them in; a reader never sees them. Read one way by the
terminal and by the export: a figure is its picture, a video its address, a ``relref`` the
page it names, a Liquid comment nothing at all, anything else nothing (what a pair of tags
wraps stays).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# The tags export writes as a reader sees them, in the Markdown source: a shortcode (within
# its paragraph: never across a blank line) and a Liquid tag (within its line). Liquid output
# in prose ("write {{ name }}") is left as written: only a Jekyll blog would have filled it
# in, and text lost is worse than a tag shown; in an address (src="{{ site.baseurl }}/x",
# ({{ site.url }}/x)) it is the generator's, and goes, but for a quoted address it is given
# (``{{ "/assets/a.png" | relative_url }}``: that address). Zola's shortcode call
# (``{{ youtube(id="x") }}``) is one too. A quoted attribute may hold ">}}".
# Each is bounded in length, so that no run of unclosed tags costs more than a scan.
_SHORTCODE = re.compile(
    r'\{\{[<%]-?\s*(/?[\w-]+)((?:"(?:(?!\n[ \t]*\n)[^"]){0,1000}"|(?!\n[ \t]*\n)[^"]){0,1500}?)'
    r"-?[%>]\}\}"
    r"|\{%-?[ \t]*([a-z_]+)\b([^\n]{0,2000}?)-?%\}"
    r"|(?:(?<==\")|(?<==')|(?<=\())\{\{-?[ \t]*(?:[\w.]+|\"([^\"\n]{0,500})\"|'([^'\n]{0,500})')"
    r"(?:[ \t]*\|[^\n}]{0,500})?[ \t]*-?\}\}"
    r"|\{\{[ \t]*([a-z_]\w*)\(([^\n]{0,1000}?)\)[ \t]*\}\}",
    re.S,
)
# A code span: its run of backticks whole, within its paragraph (an unmatched backtick is
# a character)
_CODE_SPAN = r"(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\{n}(?!`)"
_LIQUID_RAW = r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}"
# What no reader sees: a Liquid comment, and what a capture assigns (shown, if at all,
# where the layout uses it); found in one pass with the code that may mention them (a
# fenced or indented block, a code span, HTML code, a raw block), which keeps its text. The
# innermost first: a comment may hold another.
_LIQUID_HIDDEN = re.compile(
    r"(?P<keep>^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\2[`~]*[ \t]*$|\Z)"
    r"|(?:^(?: {4}|\t)[^\n]*(?:\n|\Z))+"
    r"|" + _CODE_SPAN.format(n=3) + r"|<(pre|code)\b.*?</\4\s*>|" + _LIQUID_RAW + r")"
    r"|\{%-?\s*(comment|capture)\b[^%]*-?%\}"
    r"(?:(?!\{%-?\s*(?:comment|capture)\b).)*?\{%-?\s*end\6\s*-?%\}",
    re.S | re.M | re.I,
)
# Jekyll's and Hugo's highlighted code: a fenced block of that language
_HIGHLIGHT = re.compile(
    r'^([ \t]*)(?:\{%-?[ \t]*highlight[ \t]+([\w+#.-]+)[^\n%]*-?%\}|\{\{<[ \t]*highlight[ \t]+"?'
    r'([\w+#.-]+)"?[^\n]*?>\}\})[ \t]*$',
    re.M,
)
_END_HIGHLIGHT = re.compile(
    r"^([ \t]*)(?:\{%-?[ \t]*endhighlight[ \t]*-?%\}|\{\{<[ \t]*/highlight[ \t]*>\}\})[ \t]*$",
    re.M,
)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_POSITIONAL = re.compile(r'"([^"]*)"|([^\s"=]+)(?=\s|$)')
_VIDEOS = {
    "youtube": "https://www.youtube.com/watch?v={}",
    "vimeo": "https://vimeo.com/{}",
    "bilibili": "https://www.bilibili.com/video/{}",
}
# the figure shortcodes of Hugo and of its common themes (LoveIt, FixIt: ``image``)
_FIGURES = frozenset(("figure", "image", "img"))
# what folds its text away, as a ``<details>`` element does (Hugo's own ``details``, since
# 0.140, and the ``spoiler`` of themes), with the summary shown when it gives none
_FOLDS = {"details": "Details", "spoiler": "Spoiler"}
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
# What keeps its text as written: a code span, HTML code, a Liquid raw block, and Hugo's
# escaped shortcode (``{{</* x */>}}``, which its reader sees as ``{{< x >}}``)
_KEPT = re.compile(
    _CODE_SPAN.format(n=1)
    + r"|<(pre|code)\b.*?</\2\s*>|"
    + _LIQUID_RAW
    + r"|\{\{([<%])/\*((?:(?!\n[ \t]*\n).){0,1500}?)\*/([%>])\}\}",
    re.S | re.I,
)


@dataclass(frozen=True, slots=True)
class Shown:
    """What a reader sees of one tag: a picture, a video's (or a page's) address, or nothing."""

    kind: str  # "figure", "video", "link", "fold", "unfold" or "" (nothing)
    src: str = ""
    alt: str = ""
    link: str = ""  # where a figure leads


def shown(match: re.Match[str]) -> Shown:
    """What a reader sees of the tag :data:`_SHORTCODE` matched."""
    name = (match.group(1) or match.group(3) or match.group(7) or "").lower()
    args = match.group(2) or match.group(4) or match.group(8) or ""
    address = match.group(5) if match.group(5) is not None else match.group(6)
    if address is not None:  # Liquid's {{ "/a.png" | relative_url }}: the site's address
        return Shown("link", address)
    attrs = {m[1].lower(): m[2] or m[3] or m[4] for m in _ATTR.finditer(args)}
    positional = [m[1] if m[1] is not None else m[2] for m in _POSITIONAL.finditer(args)]
    if name in _VIDEOS:
        video = attrs.get("id") or next(iter(positional), "")
        return Shown("video", _VIDEOS[name].format(video)) if video else Shown("")
    if name in ("relref", "ref", "link"):  # Hugo's page references, Jekyll's link
        target = next(iter(positional), "").strip()
        if target and not any(c in target for c in "/.#"):
            target = "/" + target  # a page's name (ref "dune"): as an address
        return Shown("link", target) if target else Shown("")
    if match.group(1) is not None and name in _FOLDS:  # Hugo's details, a theme's spoiler
        # a shortcode's parameters are all named or all positional: a named one's value
        # ("open=true", "text=…": the folded text itself) is no summary
        first = "" if attrs else next(iter(positional), "")
        summary = attrs.get("summary") or attrs.get("title") or first
        return Shown("fold", summary or _FOLDS[name])
    if match.group(1) is not None and name.startswith("/") and name[1:] in _FOLDS:
        return Shown("unfold")
    if match.group(3) is not None and name in _FOLDS:  # Liquid's, or Zola's spoiler(…)
        return Shown("fold", attrs.get("summary") or attrs.get("title") or _FOLDS[name])
    if match.group(3) is not None and name.startswith("end") and name[3:] in _FOLDS:
        return Shown("unfold")  # Liquid's {% endspoiler %}
    if name == "post_url":  # Jekyll: a post by its file's name
        return Shown("link", f"{positional[0]}.md") if positional else Shown("")
    if match.group(1) is None or name not in _FIGURES:
        return Shown("")
    src = attrs.get("src") or next(iter(positional), "")  # {{< img "a.png" "Alt" >}}
    alt = attrs.get("caption") or attrs.get("alt") or attrs.get("title", "")
    alt = alt or (positional[1] if len(positional) > 1 and "src" not in attrs else "")
    return Shown("figure", src, alt, attrs.get("link", ""))


_GONE = "\x00"  # where a tag that shows nothing stood (no NUL is read from a review)
_GONE_BETWEEN = re.compile(r"(?<=[^\s\x00]) \x00+ (?=[^\s\x00])")
#: what a line of tags alone becomes
GONE_LINE = "<!-- -->"
_ONLY_GONE = re.compile(r"^([ \t>]*)\x00[\x00 \t]*$", re.M)
_LINE_STARTS = re.compile(r"\n[ \t>]*")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]")


def _markdown(match: re.Match[str], video: str = "<{}>", bodies: list[bool] | None = None) -> str:
    seen = shown(match)
    written = _GONE
    if match.group(3) is not None and bodies is not None:
        # Zola's body shortcodes, "{% name(…) %}" to "{% end %}": the end of a fold unfolds
        if (match.group(4) or "").lstrip().startswith("("):
            bodies.append(seen.kind == "fold")
        elif match.group(3) == "end" and bodies and bodies.pop():
            seen = Shown("unfold")
    if seen.kind == "figure" and seen.src:
        alt = " ".join(seen.alt.split()).replace("[", r"\[").replace("]", r"\]")
        written = f"![{alt}](<{seen.src}>)"
        if seen.link and not any(c in seen.link for c in "<> \n"):
            written = f"[{written}](<{seen.link}>)"
    elif seen.kind == "video":
        written = video.format(seen.src)
    elif seen.kind == "link":
        written = seen.src
    elif seen.kind == "fold":  # folded as the blog folds it: show, search and every lede
        written = f"<details><summary>{html.escape(seen.src, quote=False)}</summary>"
    elif seen.kind == "unfold":
        written = "</details>"
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
    if "highlight" in source:
        source = _END_HIGHLIGHT.sub(r"\1```", _HIGHLIGHT.sub(r"\1```\2\3", source))
    if "{%" in source and ("comment" in source or "capture" in source):
        for _ in range(8):  # one level of nesting a pass
            hidden = _LIQUID_HIDDEN.sub(_hidden, source)
            if hidden == source:
                break
            source = hidden
    out: list[str] = []
    prose: list[str] = []
    bodies: list[bool] = []  # Zola's body shortcodes open: whether each folds
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
            out.append(_prose("".join(prose), video, bodies))
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
    out.append(_prose("".join(prose), video, bodies))
    return "".join(out)


def _hidden(match: re.Match[str]) -> str:
    """A comment or a capture: nothing, its lines kept; code: as it is."""
    text = match.group(0)
    return text if match.group("keep") else "\n" * text.count("\n")


def _prose(text: str, video: str, bodies: list[bool]) -> str:
    if "{{" not in text and "{%" not in text:
        return text

    def written(match: re.Match[str]) -> str:
        return _markdown(match, video, bodies)

    pieces: list[str] = []
    at = 0
    for kept in _KEPT.finditer(text):
        pieces.append(_SHORTCODE.sub(written, text[at : kept.start()]))
        raw = kept.group(3)
        if kept.group(4) is not None:  # an escaped shortcode: as its reader sees it
            pieces.append("{{" + kept.group(4) + kept.group(5) + kept.group(6) + "}}")
        elif raw is None:
            pieces.append(kept.group(0))
        else:  # its text, tags and all; the line breaks of the raw tags kept after it
            pieces.append(raw + "\n" * (kept.group(0).count("\n") - raw.count("\n")))
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
