"""Markdown for the terminal: Rich's renderer, fed by our own markdown-it parse.

Rich's :class:`~rich.markdown.Markdown` parses CommonMark with tables and strikethrough and
draws what it knows. We parse with the same preset plus footnotes, then rewrite the tokens
Rich cannot draw into ones it can:

- images (Markdown ``![caption](src)`` and HTML ``<img>``) become a visible
  ``🖼 caption (src)``; code spans and blocks are left alone, as the parser keeps them apart;
- footnote references become ``[1]``; the notes follow the section, each led by its number;
- HTML blocks, which Rich drops, become their text (comments and scripts vanish);
- ``<br>`` becomes a line break; a bare link (text = URL) stays plain text when hyperlinks are
  off, so it is not printed twice.

A review is rendered in sections (lede, body, availability); each is parsed on its own so that
nothing outside a section can leak into it, with the link reference definitions of the whole
review passed in, so ``[text][ref]`` resolves wherever its definition sits.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin
from rich.markdown import Markdown

IMAGE_MARK = "🖼"
MEDIA_MARK = "▶"
CODE_THEME = "monokai"


@functools.cache
def parser() -> MarkdownIt:
    """CommonMark plus tables, strikethrough and footnotes."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(footnote_plugin)


def references(source: str) -> dict[str, Any]:
    """The link reference definitions of ``source`` (markdown-it's ``env["references"]``)."""
    if "]:" not in source:
        return {}
    env: dict[str, Any] = {}
    parser().parse(source, env)
    found = env.get("references", {})
    return dict(found) if isinstance(found, dict) else {}


def image_text(alt: str, src: str) -> str:
    """How an image shows in the terminal: its caption and where it lives."""
    alt = " ".join(alt.split())
    if src and alt:
        return f"{IMAGE_MARK} {alt} ({src})"
    return f"{IMAGE_MARK} {alt or src or 'image'}"


def parse(
    source: str, *, refs: dict[str, Any] | None = None, hyperlinks: bool = True
) -> list[Token]:
    """Tokens of ``source``, rewritten for Rich (see the module docstring)."""
    env: dict[str, Any] = {"references": dict(refs)} if refs else {}
    return list(_blocks(parser().parse(source, env), hyperlinks))


class TerminalMarkdown(Markdown):
    """A :class:`rich.markdown.Markdown` over tokens from :func:`parse`."""

    def __init__(self, tokens: list[Token], *, hyperlinks: bool = True) -> None:
        super().__init__("", code_theme=CODE_THEME, hyperlinks=hyperlinks, justify="default")
        self.parsed = tokens


def markdown(
    source: str, *, refs: dict[str, Any] | None = None, hyperlinks: bool = True
) -> TerminalMarkdown | None:
    """A renderable for ``source``, or ``None`` when it renders to nothing."""
    tokens = parse(source, refs=refs, hyperlinks=hyperlinks)
    return TerminalMarkdown(tokens, hyperlinks=hyperlinks) if tokens else None


# -- block tokens ---------------------------------------------------------------------------

_DROP = frozenset(
    {"footnote_block_open", "footnote_close", "footnote_block_close", "footnote_anchor"}
)


def _blocks(tokens: list[Token], hyperlinks: bool) -> Iterator[Token]:
    note: int | None = None  # the footnote whose number still has to be shown
    for index, token in enumerate(tokens):
        if token.type in _DROP:
            continue
        if token.type == "footnote_open":
            note = int(token.meta.get("id", 0)) + 1
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is None or following.type != "paragraph_open":
                yield from _paragraph([_text(f"[{note}]")])
                note = None
        elif token.type == "html_block":
            yield from _html_block(token.content)
        elif token.type == "inline":
            children = list(_inlines(token.children or [], hyperlinks))
            if note is not None:
                children.insert(0, _text(f"[{note}] "))
                note = None
            token.children = children
            yield token
        else:
            yield token


def _paragraph(children: list[Token]) -> Iterator[Token]:
    yield Token("paragraph_open", "p", 1)
    inline = Token("inline", "", 0, children=children)
    yield inline
    yield Token("paragraph_close", "p", -1)


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


# -- inline tokens --------------------------------------------------------------------------

_IMG_TAG = re.compile(r"^<img\b", re.I)
_BR_TAG = re.compile(r"^<br\s*/?>$", re.I)


def _inlines(children: list[Token], hyperlinks: bool) -> Iterator[Token]:
    skip_close = 0
    for index, token in enumerate(children):
        if token.type == "image":
            yield _text(image_text(_plain(token.children or []), str(token.attrs.get("src", ""))))
        elif token.type == "footnote_ref":
            yield _text(f"[{int(token.meta.get('id', 0)) + 1}]")
        elif token.type == "html_inline" and _IMG_TAG.match(token.content):
            attrs = _attributes(token.content)
            yield _text(image_text(attrs.get("alt", ""), attrs.get("src", "")))
        elif token.type == "html_inline" and _BR_TAG.match(token.content.strip()):
            yield Token("hardbreak", "br", 0)
        elif token.type == "link_open" and not hyperlinks and _bare_link(children, index):
            skip_close += 1
        elif token.type == "link_close" and skip_close:
            skip_close -= 1
        else:
            yield token


def _plain(children: list[Token]) -> str:
    """The text of inline tokens, markup dropped (an image's caption)."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.children:
            parts.append(_plain(child.children))
    return "".join(parts)


def _bare_link(children: list[Token], index: int) -> bool:
    """A link whose only content is its own address (``<https://…>``)."""
    if index + 2 >= len(children):
        return False
    text, close = children[index + 1], children[index + 2]
    if text.type != "text" or close.type != "link_close":
        return False
    href = str(children[index].attrs.get("href", ""))
    return text.content in (href, href.removeprefix("mailto:"))


# -- HTML -----------------------------------------------------------------------------------

_BREAKS = frozenset(
    {"br", "p", "div", "li", "tr", "figure", "figcaption", "blockquote", "section", "aside",
     "center", "details", "summary", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "ul",
     "ol", "dl", "dt", "dd", "pre", "header", "footer", "article", "small"}
)  # fmt: skip
_MEDIA = frozenset({"iframe", "video", "audio", "source", "embed"})
_SILENT = frozenset({"script", "style", "template", "noscript"})


class _TextExtractor(HTMLParser):
    """The visible text of an HTML fragment, images as captions, one line per block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.silent = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag in _SILENT:
            self.silent += 1
        elif tag == "img":
            self.parts.append(f" {image_text(values.get('alt', ''), values.get('src', ''))} ")
        elif tag in _MEDIA and values.get("src"):
            self.parts.append(f"\n{MEDIA_MARK} {values['src']}\n")
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SILENT:
            self.silent = max(0, self.silent - 1)
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.silent:
            self.parts.append(data)

    def lines(self) -> list[str]:
        text = "".join(self.parts)
        return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def html_lines(html: str) -> list[str]:
    """The visible lines of an HTML fragment (see :class:`_TextExtractor`)."""
    extractor = _TextExtractor()
    try:
        extractor.feed(html)
        extractor.close()
    except (AssertionError, ValueError):  # HTMLParser can choke on very broken markup
        return [" ".join(html.split())]
    return extractor.lines()


def _html_block(html: str) -> Iterator[Token]:
    lines = html_lines(html)
    if not lines:
        return
    children: list[Token] = []
    for number, line in enumerate(lines):
        if number:
            children.append(Token("hardbreak", "br", 0))
        children.append(_text(line))
    yield from _paragraph(children)


def _attributes(tag: str) -> dict[str, str]:
    found: dict[str, str] = {}

    class _One(HTMLParser):
        def handle_starttag(self, name: str, attrs: list[tuple[str, str | None]]) -> None:
            found.update({k.lower(): v or "" for k, v in attrs})

    _One().feed(tag)
    return found
