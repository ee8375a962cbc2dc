"""WordPress post content → Markdown, with WordPress's own shapes handled first.

The converter is html-to-markdown (a compiled converter: a 5,000-post export imports in a few
seconds, where the pure-Python ones take minutes). Before the HTML goes to it: block-editor
delimiters (``<!-- wp:… -->``) are removed;
``<!--more-->`` (with or without custom text) becomes the archive's cut on a line of its own and
``<!--noteaser-->`` is dropped; ``[caption]`` shortcodes and block-editor image figures become
``![caption](url)`` on a line of their own, as the house writes images; ``[embed]`` and embed
blocks become their bare URL; classic-editor text, where WordPress adds ``<p>`` only when it displays a
post, is split into paragraphs at blank lines, its single line breaks kept as lines (the house
style writes the warning and the footer that way). Other shortcodes are kept verbatim and
counted, so the summary can name them.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

# Placeholders: letters and digits only, so the converter neither escapes nor splits them.
_CUT = "RVWCTLCUTMARK"
_BR = "RVWCTLLINEBREAK"
_NL = "RVWCTLNEWLINE"
_KEEP = "RVWCTLVERBATIM"
_FIGURE = "RVWCTLFIGURE"
_LT = "RVWCTLLESSTHAN"
_AMP = "RVWCTLAMPERSAND"

_BLOCK_DELIMITER = re.compile(r"<!--\s*/?wp:.*?-->\n?", re.S)
# its attributes never run past the end of its own comment into the next block
_DYNAMIC_BLOCK = re.compile(
    r"<!--\s*wp:([a-z0-9][a-z0-9/-]*)(?:\s+\{(?:(?!-->).)*?\})?\s*/-->", re.S
)
_MORE = re.compile(r"<!--\s*more(?:\s[^>]*?)?\s*-->", re.I)
_NOTEASER = re.compile(r"<!--\s*noteaser\s*-->", re.I)
_CAPTION = re.compile(r"\[(caption|wp_caption)\b([^\]]*)\](.*?)\[/\1\]", re.S | re.I)
_EMBED = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_LINKED_IMG = re.compile(r"<a\b[^>]*>\s*(<img\b[^>]*>)\s*</a>", re.I)
# An innermost figure: a gallery's figure holds image figures, each matched on its own (the
# gallery's own caption then stays with the gallery, not with its first image).
_FIGURE_HTML = re.compile(r"<figure\b([^>]*)>((?:(?!<figure\b).)*?)</figure>", re.S | re.I)
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.S | re.I)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'\]>]+))""")
# Kept byte for byte: HTML comments (other than the ones handled) and CDATA sections, which
# the converter would drop, and folded text (``<details>``, found by :mod:`reviewctl.folding`:
# a spoiler the converter would unfold into the lede); Markdown passes them through as raw
# HTML, as WordPress does.
_VERBATIM = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>", re.S)
_REVERSED_LIST = re.compile(r"<ol\b[^>]*\breversed\b[^>]*>(?:(?!<ol\b).)*?</ol\s*>", re.S | re.I)
_LI_OPEN = re.compile(r"<li\b", re.I)
_LI_CLOSE = re.compile(r"</li\s*>", re.I)
_IN_PAGE_LINK = re.compile(r"""\bhref\s*=\s*["']#([^"'\s]+)["']""", re.I)
_ANCHORED_HEADING = re.compile(
    r"""<h([1-6])\b[^>]*?\bid\s*=\s*["']([^"']+)["'][^>]*>.*?</h\1\s*>""", re.S | re.I
)
_PRE = re.compile(r"<pre\b.*?</pre>", re.S | re.I)
_TAG = re.compile(r"(<[^>]*>)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
_BLOCKS = (
    r"(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|table|thead|tbody|tfoot|tr|td|th|"
    r"caption|figure|figcaption|hr|form|section|article|aside|header|footer|nav|address|"
    r"iframe|script|style|video|audio|object|embed|math|details|summary|fieldset|noscript|"
    r"center|legend|map|area|hgroup|menu|main|select|option|textarea)"
)
_BLOCK_START = re.compile(rf"</?{_BLOCKS}\b", re.I)
# As wpautop does: a block-level tag stands apart from the text around it.
_BLOCK_OPEN = re.compile(rf"(<{_BLOCKS}[\s/>])", re.I)
_BLOCK_CLOSE = re.compile(rf"(</{_BLOCKS}>)", re.I)
# A shortcode: [name …] or [/name]; bracketed words in prose ("[sic]") are shortcodes only
# when they carry attributes, close, or are among WordPress's and Jetpack's usual ones.
_SHORTCODE = re.compile(r"\[(/?)([A-Za-z][\w-]*)((?:\s[^\[\]]*)?)\]")
KNOWN_SHORTCODES = frozenset({
    "audio", "video", "playlist", "gallery", "embed", "caption", "wp_caption", "youtube",
    "vimeo", "dailymotion", "soundcloud", "spotify", "tweet", "twitter", "instagram",
    "facebook", "googlemaps", "googleapps", "slideshare", "contact-form", "contact-field",
    "archives", "sitemap", "polldaddy", "crowdsignal", "recipe", "code", "sourcecode", "gist",
    "ted", "flickr", "wpvideo", "vine", "scribd",
})  # fmt: skip
_BLANKS = re.compile(r"\n{3,}")


@dataclass(slots=True)
class Converted:
    """The Markdown body and what the summary reports about it."""

    markdown: str
    shortcodes: Counter[str] = field(default_factory=Counter)
    images: list[str] = field(default_factory=list)
    #: self-closing blocks (``<!-- wp:latest-posts /-->``, a reusable ``wp:block``): WordPress
    #: makes their content when a page is shown, so the post's text has none to keep
    dynamic: Counter[str] = field(default_factory=Counter)


def _attrs(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(text)
    }


def _placed(match: re.Match[str], images: list[str]) -> str:
    """An image written back where its placeholder is, its caption line indented as the
    line it starts (a list item's: the caption stays in the item)."""
    image = images[int(match.group(1))]
    if "\n" not in image:
        return image
    text = match.string
    lead = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
    return image.replace("\n", "\n" + " " * len(lead))


_MARKDOWN_SIGNS = re.compile(r"([\\`*_\[\]<>])")


class _Figures:
    """Images with captions, set aside as placeholders and written back as house images."""

    def __init__(self) -> None:
        self.images: list[str] = []

    def add(self, image_tag: str, caption: str) -> str:
        """The image, its alt text kept; a caption that says something else is the house's
        caption line under it (``![alt](src)`` then the caption)."""
        attrs = _attrs(image_tag)
        said, alt = plain_text(caption), plain_text(attrs.get("alt", ""))
        text = alt if alt and said and alt != said else (said or alt)
        text = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        image = f"![{text}]({attrs.get('src', '').replace(' ', '%20')})"
        if alt and said and alt != said:
            image += "\n" + _caption_line(said)
        return self._hold(image)

    def _hold(self, written: str) -> str:
        """A placeholder for ``written``, which goes back in once the text is converted."""
        self.images.append(written)
        return f"\n\n{_FIGURE}{len(self.images) - 1}{_FIGURE}\n\n"

    def caption(self, match: re.Match[str]) -> str:
        """``[caption …]<a><img></a> Text[/caption]`` → ``![Text](src)``."""
        attributes, inner = _attrs(match.group(2)), match.group(3)
        image = _IMG.search(inner)
        if image is None:
            return match.group(0)
        text = attributes.get("caption") or _IMG.sub("", _LINKED_IMG.sub("", inner))
        return self.add(image.group(0), text)

    def figure(self, match: re.Match[str]) -> str:
        """A block-editor figure: an image with its figcaption, or an embed's URL."""
        classes, inner = match.group(1), match.group(2)
        caption = _FIGCAPTION.search(inner)
        if "wp-block-embed" in classes:  # its URL alone (WordPress embeds it), its caption
            url = plain_text(_FIGCAPTION.sub("", inner)).split(" ")[0]  # the paragraph after
            said = plain_text(caption.group(1)) if caption else ""
            if url and said:
                return self._hold(f"{url}\n\n{_caption_line(said)}")
            return f"\n\n{url}\n\n" if url else ""
        image = _IMG.search(inner)
        if image is None:
            return match.group(0)
        return self.add(image.group(0), caption.group(1) if caption else "")


def _caption_line(said: str) -> str:
    """A caption as the house's line under a picture (or an embed): its text, as text."""
    return _as_text(_MARKDOWN_SIGNS.sub(r"\\\1", said))


_CODE_TAG = re.compile(r"</?code\b", re.I)
_BR_NEWLINE = re.compile(r"(<br\s*/?>)[ \t]*\n(?![ \t]*\n)", re.I)  # not a paragraph's end


def _paragraphs(text: str) -> str:
    """What ``wpautop`` does for classic-editor text: blank lines make paragraphs, a single
    line break stays a line. Chunks that already are HTML blocks are left alone."""
    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group(0).replace("\n", _NL))
        return f"{_NL}{len(protected) - 1}{_NL}"

    text = _PRE.sub(protect, text)
    if "<" in text:
        text = _BR_NEWLINE.sub(r"\1", text)  # <br /> and a newline: one break, not two
        text = _BLOCK_CLOSE.sub(r"\1\n\n", _BLOCK_OPEN.sub(r"\n\n\1", text))
    out: list[str] = []
    previous_block = False
    for chunk in _PARAGRAPH_BREAK.split(text.strip("\n")):
        chunk = chunk.strip()
        if not chunk:
            continue
        block = bool(_BLOCK_START.match(chunk)) or chunk.startswith(_NL)
        if out:  # blocks apart only by the breaks added above stay together (tight lists)
            out.append("\n" if block and previous_block else "\n\n")
        previous_block = block
        if block:
            out.append(chunk)
            continue
        parts = _TAG.split(chunk)  # break lines in the text, never inside a tag
        code = False  # nor in code, where a line break is a space
        for index, part in enumerate(parts):
            if index % 2:
                if _CODE_TAG.match(part):
                    code = not part.startswith("</")
            elif not code:
                parts[index] = part.replace("\n", f" {_BR} ")
        out.append(f"<p>{''.join(parts)}</p>")
    joined = "".join(out)
    for index, block in enumerate(protected):
        joined = joined.replace(f"{_NL}{index}{_NL}", block)
    return joined.replace(_NL, "\n")


@lru_cache(maxsize=1)
def _options() -> Any:
    from html_to_markdown import ConversionOptions

    return ConversionOptions(
        heading_style="atx",
        bullets="-",
        code_block_style="backticks",
        # what Markdown has no sign for stays HTML: E = mc<sup>2</sup>, H<sub>2</sub>O, a
        # quote's <cite> (as text, it reads as words of the quote), and an embedded player
        # (an <iframe>: a link to it would read "iframe")
        preserve_tags=["sup", "sub", "abbr", "ins", "mark", "small", "kbd", "q", "cite", "iframe"],
        include_blockquote_citations=False,  # a quote's cite="" address is not shown
        escape_asterisks=True,  # a literal * in WordPress text is not emphasis
        escape_underscores=False,  # URLs and names keep their underscores
        extract_metadata=False,
    )


def _convert(html_text: str) -> str:
    """The converter's Markdown; its failures as ``ValueError`` (the caller names the post).
    A non-breaking space (``155&nbsp;min``) stays one: the converter makes it a space."""
    from html_to_markdown import ConversionError, convert

    kept = None
    if "&" in html_text or "\xa0" in html_text:  # a spacer paragraph (<p>&nbsp;</p>) is none
        kept = _NBSP.sub(_NBSP_KEPT, _SPACER.sub("", html_text))
    try:
        markdown = str(convert(kept or html_text, _options()).content or "")
    except ConversionError as exc:
        raise ValueError(f"cannot convert the post's HTML: {exc}") from None
    if kept is None or _NBSP_KEPT not in markdown:
        return markdown
    return _TRAILING_NBSP.sub("", markdown.replace(_NBSP_KEPT, "\xa0"))


_NBSP = re.compile(r"\xa0|&(?:nbsp|#160|#x0*a0);", re.I)
_NBSP_KEPT = "\U000f0a0a"  # a private-use character no post holds, through the converter
_SPACER = re.compile(r"<p\b[^>]*>(?:\s|\xa0|&(?:nbsp|#160|#x0*a0);)*</p>", re.I)
_TRAILING_NBSP = re.compile(r"\xa0+$", re.M)  # invisible at a line's end: as the converter did


_BR_SPACED = re.compile(rf"[ \t]*{_BR}[ \t]*")
# A reusable block used in a post, and the block editor's footnotes: a mark where each is
# referred to (``<sup data-fn="…">``), the list WordPress fills in (``wp:footnotes``).
_REUSABLE = re.compile(r"<!--\s*wp:block\s+\{[^{}]*?\"ref\"\s*:\s*(\d+)[^{}]*\}\s*/-->")
_FOOTNOTE_REF = re.compile(r"<sup\b[^>]*\bdata-fn=\"([^\"]+)\"[^>]*>.*?</sup>", re.S)
_FOOTNOTES_BLOCK = re.compile(r"<!--\s*wp:footnotes\b[^>]*?/-->")
_NOTE = "RVWCTLNOTE"
_NOTE_MARK = re.compile(rf"{_NOTE}(\d+){_NOTE}")
_CUT_LINE = re.compile(rf"^[ \t]*{_CUT}[ \t]*$", re.M)
_KEPT = re.compile(rf"{_KEEP}(\d+){_KEEP}")
_FIGURE_MARK = re.compile(rf"{_FIGURE}(\d+){_FIGURE}")
_TRAILING = re.compile(r"(?<=\S)[ \t]$|(?<=\S)[ \t]{3,}$|^[ \t]+$", re.M)  # not a hard break
_MD_IMAGE = re.compile(r"!\[(?:\\.|[^\]\\])*\]\(([^)\s]+)")


# What makes a line start a block in Markdown: a heading's #, a quote's >, a list item's
# marker, a rule or a heading's underline, a code fence.
_BLOCK_SYNTAX = re.compile(
    r"(?:#{1,6}|[-+*]|(\d{1,9})[.)])(?=[ \t]|$)|>|(?:=+|(?:[-*_][ \t]*){3,})[ \t]*$|`{3}|~{3}"
)


# SyntaxHighlighter's code: its text is the code itself, not HTML ("#include <vector>").
_CODE_SHORTCODE = re.compile(r"\[(code|sourcecode)\b([^\]]*)\](.*?)\[/\1\]", re.S)
_LANGUAGE = re.compile(r"""\b(?:lang|language)\s*=\s*["']?([\w+#.-]+)""")


def _fenced(match: re.Match[str]) -> str:
    """A ``[code lang="cpp"]…[/code]`` shortcode as a fenced code block."""
    language = _LANGUAGE.search(match.group(2))
    code = html.unescape(match.group(3).strip("\n"))
    fence = "~~~" if "```" in code else "```"
    return f"{fence}{language.group(1) if language else ''}\n{code}\n{fence}"


def _as_text(line: str) -> str:
    """``line`` with the character that would make it Markdown syntax escaped: WordPress
    text "# 1 of the year" or "> not a quote" on a line of its own stays text."""
    match = _BLOCK_SYNTAX.match(line)
    if match is None:
        return line
    if match.group(1):  # "1. " → "1\. "
        return f"{match.group(1)}\\{line[len(match.group(1)) :]}"
    return "\\" + line


# Text that WordPress showed as "<em>" or "&copy;" (written &lt;em&gt;, &amp;copy;): the
# converter would unescape it into a tag or an entity of the Markdown. Not in code, where
# Markdown shows "<" as it is.
_ESCAPED_LT = re.compile(r"&(?:lt|#0*60|#x0*3c);", re.I)
_ESCAPED_AMP = re.compile(r"&(?:amp|#0*38|#x0*26);(?=#?[A-Za-z0-9]+;)", re.I)
_CODE_HTML = re.compile(r"<(pre|code|tt|samp)\b.*?</\1\s*>", re.S | re.I)  # Markdown's code


def _kept_escapes(text: str) -> str:
    """``text`` with its escaped ``<`` (and ``&`` before an entity's name), outside code, as
    placeholders that the converter leaves alone."""
    out: list[str] = []
    at = 0
    for code in _CODE_HTML.finditer(text):
        out.append(_mark_escapes(text[at : code.start()]))
        out.append(code.group(0))
        at = code.end()
    out.append(_mark_escapes(text[at:]))
    return "".join(out)


def _mark_escapes(text: str) -> str:
    return _ESCAPED_AMP.sub(_AMP, _ESCAPED_LT.sub(_LT, text))


def to_markdown(
    content: str,
    *,
    cut: str,
    blocks: Mapping[str, str] | None = None,
    footnotes: Sequence[tuple[str, str]] = (),
) -> Converted:
    """Convert a post's ``content:encoded`` to Markdown with the archive's ``cut``.

    ``blocks``: the export's reusable blocks (``wp_block`` posts) by id, put in where a post
    uses one; ``footnotes``: the block editor's footnotes of the post (``id``, HTML), which
    become Markdown footnotes. Each pass runs only when its marker is in the text: most
    posts have few of them.
    """
    text = content.replace("\r\n", "\n").replace("\r", "\n") if "\r" in content else content
    block_editor = "<!-- wp:" in text
    comments = "<!--" in text
    dynamic: Counter[str] = Counter()
    notes: dict[str, int] = {}
    if block_editor:
        for _ in range(3):  # a reusable block may use another
            if not blocks or "wp:block" not in text:
                break
            text = _REUSABLE.sub(lambda m: blocks.get(m.group(1), m.group(0)), text)
        if footnotes and "data-fn=" in text:
            text = _FOOTNOTE_REF.sub(lambda m: _note_mark(m.group(1), notes), text)
            text = _FOOTNOTES_BLOCK.sub("", text)
        dynamic.update(m.group(1) for m in _DYNAMIC_BLOCK.finditer(text))
        text = _BLOCK_DELIMITER.sub("", text)
    if comments:
        text = _NOTEASER.sub("", text)
        text = _MORE.sub(f"\n\n{_CUT}\n\n", text)
    figures = _Figures()
    shortcodes: Counter[str] = Counter()
    if "[" in text:
        text = _EMBED.sub(lambda m: f"\n\n{m.group(1).strip()}\n\n", text)
        text = _CAPTION.sub(figures.caption, text)
    if "<figure" in text:
        text = _FIGURE_HTML.sub(figures.figure, text)
        # a gallery's own caption: a paragraph (the converter would wrap a figcaption in
        # emphasis, and its own <em> and <strong> would then clash: "**(caption)* …***")
        text = _FIGCAPTION.sub(r"<p>\1</p>", text)
    kept: list[str] = []

    def hold(written: str) -> str:
        """A placeholder the converter leaves alone, ``written`` put back after it."""
        kept.append(written)
        return f"{_KEEP}{len(kept) - 1}{_KEEP}"

    def keep(match: re.Match[str]) -> str:
        return hold(match.group(0) if match.re is _VERBATIM else _fenced(match))

    if "[" in text and ("[code" in text or "[sourcecode" in text):
        text = _CODE_SHORTCODE.sub(lambda m: f"\n\n{keep(m)}\n\n", text)
    if "<details" in text or "<DETAILS" in text:
        from reviewctl.folding import folded_spans

        for start, end in reversed(folded_spans(text, comments=False)):
            text = f"{text[:start]}{hold(text[start:end])}{text[end:]}"
    if "<!" in text:
        text = _VERBATIM.sub(keep, text)
    if 'href="#' in text or "href='#" in text:  # a heading a link of the post leads to
        linked = {m.group(1) for m in _IN_PAGE_LINK.finditer(text)}

        def anchored(match: re.Match[str]) -> str:
            if match.group(2) not in linked:
                return match.group(0)
            return f"\n\n{hold(match.group(0))}\n\n"  # Markdown has no heading id to say it

        text = _ANCHORED_HEADING.sub(anchored, text)
    if "reversed" in text:  # a countdown: Markdown numbers a list upwards only

        def countdown(match: re.Match[str]) -> str:
            before = match.string[: match.start()]
            if len(_LI_OPEN.findall(before)) > len(_LI_CLOSE.findall(before)):
                return match.group(0)  # in another list's item: nested as Markdown, upwards
            return f"\n\n{hold(match.group(0))}\n\n"

        text = _REVERSED_LIST.sub(countdown, text)
    if "[" in text:
        found = list(_SHORTCODE.finditer(text))
        closing = {m.group(2).lower() for m in found if m.group(1)}
        for match in found:
            name = match.group(2).lower()
            if not match.group(1) and (
                name in KNOWN_SHORTCODES or "=" in match.group(3) or name in closing
            ):
                shortcodes[name] += 1
    if block_editor or "<" in text or "&" in text or "*" in text:
        escaped = "&" in text and ("&lt;" in text or "&#" in text or "&amp;" in text)
        if escaped:
            text = _kept_escapes(text)
        markdown = _convert(text if block_editor else _paragraphs(text))
        if escaped:
            markdown = markdown.replace(_LT, "&lt;").replace(_AMP, "&amp;")
    else:  # plain classic text: nothing for the converter to do but paragraphs
        markdown = "\n\n".join(
            "  \n".join(_as_text(line.strip()) for line in chunk.strip().split("\n"))
            for chunk in _PARAGRAPH_BREAK.split(text)
        )
    if _BR in markdown:  # the converter escaped a paragraph's start, not a line's
        first, *lines = _BR_SPACED.split(markdown)
        # a line break WordPress shows (wpautop's <br />): a hard break (two spaces, which
        # a URL at the end of the line does not take in, nor a paragraph's end shows)
        markdown = "  \n".join(x.rstrip() for x in [first, *map(_as_text, lines)])
    if _CUT in markdown:
        markdown = _CUT_LINE.sub(lambda _: f"\n{cut}\n", markdown)
        markdown = markdown.replace(_CUT, cut)  # one the converter left inside other text
    if " \n" in markdown or "\t\n" in markdown or markdown.endswith((" ", "\t")):
        markdown = _TRAILING.sub("", markdown)
    markdown = _BLANKS.sub("\n\n", markdown).strip("\n")
    if kept:
        markdown = _KEPT.sub(lambda m: kept[int(m.group(1))], markdown)
    if figures.images:
        markdown = _FIGURE_MARK.sub(lambda m: _placed(m, figures.images), markdown)
    if notes:
        markdown = _NOTE_MARK.sub(lambda m: f"[^{m.group(1)}]", markdown)
        contents = dict(footnotes)
        definitions = [
            f"[^{n}]: {' '.join(_convert(contents.get(key, '')).split())}"
            for key, n in notes.items()
        ]
        markdown += "\n\n" + "\n".join(definitions)
    images = _MD_IMAGE.findall(markdown) if "![" in markdown else []
    return Converted(markdown + "\n" if markdown else "", shortcodes, images, dynamic)


def _note_mark(key: str, notes: dict[str, int]) -> str:
    number = notes.setdefault(key, len(notes) + 1)
    return f"{_NOTE}{number}{_NOTE}"


def plain_text(fragment: str) -> str:
    """An excerpt or caption as one line of text: tags dropped, entities decoded."""
    if "<" not in fragment and "&" not in fragment:
        return " ".join(fragment.split())
    text = re.sub(r"<[^>]*>", " ", fragment)
    return " ".join(html.unescape(text).split())
