"""Markdown for the terminal: Rich's renderer, fed by our own markdown-it parse.

Rich's :class:`~rich.markdown.Markdown` parses CommonMark with tables and strikethrough and
draws what it knows. We parse with the same preset plus footnotes, then rewrite the tokens
Rich cannot draw into ones it can:

- images (Markdown ``![caption](src)`` and HTML ``<img>``) become a visible
  ``🖼 caption (src)``; code spans and blocks are left alone, as the parser keeps them apart;
- footnote references become ``[1]``; the notes follow the section, each led by its number;
- HTML blocks, which Rich drops, become their text (comments and scripts vanish); a
  ``<details>`` element can stay folded, showing only its summary and a hint;
- ``<br>`` becomes a line break; a bare link (text = URL) stays plain text when hyperlinks are
  off, so it is not printed twice.

A review is rendered in sections (lede, body, availability); each is parsed on its own so that
nothing outside a section can leak into it, with the link reference definitions of the whole
review passed in, so ``[text][ref]`` resolves wherever its definition sits.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markdown import Markdown
from rich.segment import Segment

from reviewctl import mdit, templatetags

IMAGE_MARK = "🖼"
MEDIA_MARK = "▶"
CODE_THEME = "monokai"


def parser() -> MarkdownIt:
    """The one Markdown setup (:mod:`reviewctl.mdit`)."""
    return mdit.parser()


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
    source: str,
    *,
    refs: dict[str, Any] | None = None,
    hyperlinks: bool = True,
    details_hint: str | None = None,
) -> list[Token]:
    """Tokens of ``source``, rewritten for Rich (see the module docstring).

    With ``details_hint``, the content of each top-level HTML ``<details>`` element is left
    out, as a browser folds it; its summary shows, followed by the hint.
    """
    env: dict[str, Any] = {"references": dict(refs)} if refs else {}
    details = _Details(details_hint)
    # generators' tags as the export reads them, before parsing (a figure whose caption
    # holds an address would be several tokens by then)
    source = templatetags.as_markdown(source, video=f"{MEDIA_MARK} <{{}}>")
    return _without_empty_paragraphs(
        list(_blocks(parser().parse(source, env), hyperlinks, details))
    )


def _without_empty_paragraphs(tokens: list[Token]) -> list[Token]:
    """``tokens`` less the paragraphs left with nothing to show (a line of template tags)."""
    empty = {
        i
        for i in range(1, len(tokens) - 1)
        if tokens[i].type == "inline"
        and tokens[i - 1].type == "paragraph_open"
        and tokens[i + 1].type == "paragraph_close"
        and all(
            c.type.endswith("break") or (c.type == "text" and not c.content.strip())
            for c in tokens[i].children or []
        )
    }
    if not empty:
        return tokens
    drop = {j for i in empty for j in (i - 1, i, i + 1)}
    return [t for i, t in enumerate(tokens) if i not in drop]


class TerminalMarkdown(Markdown):
    """A :class:`rich.markdown.Markdown` over tokens from :func:`parse`."""

    def __init__(self, tokens: list[Token], *, hyperlinks: bool = True) -> None:
        super().__init__("", code_theme=CODE_THEME, hyperlinks=hyperlinks, justify="default")
        self.parsed = tokens

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Rich's segments, a segment of many lines split at its newlines.

        A paragraph comes out of Rich as one segment holding all its wrapped lines, which
        the console then splits with ``str.partition``, copying the rest each time: a
        paragraph of a million words took minutes. Split here, it takes linear time.
        """
        for segment in super().__rich_console__(console, options):
            if not isinstance(segment, Segment) or segment.control or "\n" not in segment.text:
                yield segment
                continue
            text, style, _ = segment
            lines = text.split("\n")
            for line in lines[:-1]:
                if line:
                    yield Segment(line, style)
                yield Segment("\n", style)
            if lines[-1]:
                yield Segment(lines[-1], style)


def markdown(
    source: str,
    *,
    refs: dict[str, Any] | None = None,
    hyperlinks: bool = True,
    details_hint: str | None = None,
) -> TerminalMarkdown | None:
    """A renderable for ``source`` (see :func:`parse`), or ``None`` when it renders nothing."""
    tokens = parse(source, refs=refs, hyperlinks=hyperlinks, details_hint=details_hint)
    return TerminalMarkdown(tokens, hyperlinks=hyperlinks) if tokens else None


# -- block tokens ---------------------------------------------------------------------------

_DROP = frozenset(
    {"footnote_block_open", "footnote_close", "footnote_block_close", "footnote_anchor"}
)


def _blocks(tokens: list[Token], hyperlinks: bool, details: _Details) -> Iterator[Token]:
    note: int | None = None  # the footnote whose number still has to be shown
    # A <details> being folded, and the level of the blocks it holds: it ends where its
    # </details> closes it (an HTML block, or a tag within a paragraph), or with the quote or
    # list item that holds it. ``details`` carries a top-level fold from block to block.
    fold: tuple[_Details, int] | None = None
    held: Token | None = None  # a paragraph opened inside the fold: shown if it closes the fold
    keep_close = False  # the paragraph a fold began in is still closed
    # blocks still open that a fold closed inside of (a quote, a list item, a heading or a
    # table its first lines were folded with): skipped to their ends, whose opening is gone
    draining = 0
    for index, token in enumerate(tokens):
        if keep_close:
            keep_close = False
            yield token
            continue
        if draining:
            draining += token.nesting
            continue
        if fold is not None:
            state, level = fold
            if token.level >= level:
                opened, held = held, None
                if token.type == "html_block" and token.level == level:
                    yield from _html_block(token.content, state)
                elif token.type == "paragraph_open" and token.level == level:
                    held = token
                elif token.type == "inline" and _DETAILS_CLOSING in token.content.lower():
                    children = list(_inlines(token.children or [], hyperlinks, state))
                    if not state.folded and opened is not None:
                        token.children = children
                        yield opened
                        yield token
                    elif not state.folded:  # closed inside a block whose opening is skipped
                        draining = token.level - level
                if not state.folded:
                    fold = None
                continue
            fold = None
        if token.type in _DROP:
            continue
        if token.type == "footnote_open":
            note = int(token.meta.get("id", 0)) + 1
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if following is None or following.type != "paragraph_open":
                yield from _paragraph([_text(f"[{note}]")])
                note = None
        elif token.type == "html_block":
            state = details if token.level == 0 else _Details(details.hint)
            yield from _html_block(token.content, state)
            if state.folded:
                fold = (state, token.level)
        elif token.type == "inline":
            state = details if token.level <= 1 else _Details(details.hint)
            children = list(_inlines(token.children or [], hyperlinks, state))
            if note is not None:
                children.insert(0, _text(f"[{note}] "))
                note = None
            token.children = children
            yield token
            if state.folded:  # a <details> opened here and closed further on
                fold, keep_close = (state, max(token.level - 1, 0)), True
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
_BLOCK_TAG = re.compile(r"^</?(?:p|div|h[1-6]|li|ul|ol|blockquote|table|tr|figure|section)\b", re.I)
_BR_TAG = re.compile(r"^<br\s*/?>$", re.I)


_DETAILS_OPEN = re.compile(r"^<details\b", re.I)
_DETAILS_CLOSE = re.compile(r"^</details\s*>$", re.I)
_DETAILS_CLOSING = "</details"
_SUMMARY = re.compile(r"^<(/?)summary\b", re.I)


_NEW_LINE = "new_line"  # a line break where one is not there already


def _inlines(
    children: list[Token], hyperlinks: bool, fold: _Details | None = None
) -> Iterator[Token]:
    """Inline tokens as the terminal shows them; with a ``fold`` that has a hint, a
    ``<details>`` written within a paragraph is folded to its summary, as one that stands as
    a block is (one left open folds the blocks after it, as a browser does)."""
    previous: Token | None = None
    for token in _inline_tokens(children, hyperlinks, fold or _Details()):
        if token.type == _NEW_LINE:
            if previous is None or previous.type in ("softbreak", "hardbreak"):
                continue
            token = Token("hardbreak", "br", 0)
        if token.type != "html_inline":  # shows nothing: a new line after it is a blank one
            previous = token
        yield token


def _inline_tokens(children: list[Token], hyperlinks: bool, fold: _Details) -> Iterator[Token]:
    skip_close = 0
    dropped = -1  # the break after a line that held nothing but template tags
    summary: list[str] = []
    in_summary = False
    hint = fold.hint
    for index, token in enumerate(children):
        if hint is not None and token.type == "html_inline":
            content = token.content.strip()
            if _DETAILS_OPEN.match(content):
                fold.depth += 1
                if fold.depth == 1:
                    fold.summarised = False
                continue
            if fold.depth and _DETAILS_CLOSE.match(content):
                fold.depth -= 1
                if not fold.depth and not fold.summarised:
                    yield _text(_summary_line(summary, hint))
                    summary, in_summary, fold.summarised = [], False, True
                continue
            if fold.depth == 1 and (tag := _SUMMARY.match(content)):
                in_summary = not tag.group(1)
                continue
        if fold.folded:
            if in_summary and fold.depth == 1 and token.type in ("text", "code_inline"):
                summary.append(token.content)
            continue
        if token.type == "html_inline" and token.content == templatetags.GONE_LINE:
            if index == 0 or children[index - 1].type.endswith("break"):
                dropped = index + 1  # a line of tags alone: no line break after it either
        elif token.type.endswith("break") and index == dropped:
            continue
        elif token.type == "image":
            yield _text(image_text(_plain(token.children or []), str(token.attrs.get("src", ""))))
        elif token.type == "footnote_ref":
            yield _text(f"[{int(token.meta.get('id', 0)) + 1}]")
        elif token.type == "html_inline" and _IMG_TAG.match(token.content):
            attrs = _attributes(token.content)
            yield _text(image_text(attrs.get("alt", ""), attrs.get("src", "")))
        elif token.type == "html_inline" and _BR_TAG.match(token.content.strip()):
            yield Token("hardbreak", "br", 0)
        elif token.type == "html_inline" and _BLOCK_TAG.match(token.content):
            # a block's tag inside a paragraph ("<img …/><p>Throughout…") starts a new line,
            # as in a browser, not glued to what came before it
            yield Token(_NEW_LINE, "br", 0)
        elif token.type == "link_open" and (
            token.markup == "linkify" or (not hyperlinks and _bare_link(children, index))
        ):
            skip_close += 1  # a bare URL stays text in the terminal, as the author wrote it
        elif token.type == "link_close" and skip_close:
            skip_close -= 1
        else:
            yield token
    if fold.folded and not fold.summarised:  # left open: the summary shows here
        yield _text(_summary_line(summary, hint or ""))
        fold.summarised = True


def _summary_line(summary: list[str], hint: str) -> str:
    """A folded ``<details>`` as the terminal shows it: its summary and the hint."""
    return f"▸ {' '.join(''.join(summary).split()) or 'Details'} ({hint})"


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

_BLOCKS = frozenset(
    {"p", "div", "tr", "figure", "figcaption", "blockquote", "section", "aside", "center",
     "details", "summary", "hr", "table", "ul", "ol", "dl", "dt", "dd", "pre", "header",
     "footer", "article", "main", "nav", "small"}
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_MEDIA = frozenset({"iframe", "video", "audio", "source", "embed"})
_SILENT = frozenset({"script", "style", "template", "noscript"})


class _Details:
    """Folding of ``<details>`` elements, carried from one HTML block to the next.

    ``hint`` is ``None`` when nothing is folded. ``depth`` counts open ``<details>``;
    ``summarised`` says whether the outermost one has shown its summary line yet.
    """

    def __init__(self, hint: str | None = None) -> None:
        self.hint = hint
        self.depth = 0
        self.summarised = False

    @property
    def folded(self) -> bool:
        return self.hint is not None and self.depth > 0


class _TextExtractor(HTMLParser):
    """The visible text of an HTML fragment as ``(tag, lines)`` blocks.

    Block elements start a new block (``tag`` is ``h1``..``h6`` for headings, else ``p``),
    ``<br>`` a new line, list items a bullet; images and embedded media get a block of their
    own, as a caption and path. Source line breaks are just spaces, as in a browser. A
    ``<summary>`` is led by ``▸``; with a folding :class:`_Details`, the rest of a
    ``<details>`` is left out and the summary says so.
    """

    def __init__(self, details: _Details) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, list[str]]] = []
        self.lines: list[str] = [""]
        self.tag = "p"
        self.silent = 0
        self.details = details
        self.in_summary = False

    @property
    def hidden(self) -> bool:
        return self.silent > 0 or (self.details.folded and not self.in_summary)

    def summarise(self, summary: str) -> None:
        """Show the folded element's summary line (once) with the hint."""
        if self.details.folded and not self.details.summarised and self.details.depth == 1:
            self.blocks.append(("p", [f"▸ {summary or 'Details'} ({self.details.hint})"]))
            self.details.summarised = True

    def flush(self) -> None:
        lines = [" ".join(line.split()) for line in self.lines]
        lines = [line for line in lines if line and line not in ("•", "▸")]
        if lines:
            self.blocks.append((self.tag, lines))
        self.lines, self.tag = [""], "p"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag in _SILENT:
            self.silent += 1
        elif tag == "details":
            self.flush()
            self.details.depth += 1
            if self.details.depth == 1:
                self.details.summarised = False
        elif tag == "summary":
            self.flush()
            self.in_summary = True
            self.lines = ["▸ "]
        elif self.hidden:
            return
        elif tag == "img":
            self.flush()
            self.blocks.append(("p", [image_text(values.get("alt", ""), values.get("src", ""))]))
        elif tag in _MEDIA and values.get("src"):
            self.flush()
            self.blocks.append(("p", [f"{MEDIA_MARK} {values['src']}"]))
        elif tag == "br":
            self.lines.append("")
        elif tag == "li":
            self.flush()
            self.lines = ["• "]
        elif tag in _HEADINGS:
            self.flush()
            self.tag = tag
        elif tag in _BLOCKS:
            self.flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SILENT:
            self.silent = max(0, self.silent - 1)
        elif tag == "summary" and self.in_summary:
            self.in_summary = False
            if self.details.folded:
                summary = " ".join(" ".join(self.lines).split()).removeprefix("▸").strip()
                self.lines = [""]
                self.summarise(summary)
            self.flush()
        elif tag == "details" and self.details.depth:
            self.summarise("")
            self.flush()
            self.details.depth -= 1
        elif tag in _BLOCKS or tag in _HEADINGS or tag == "li":
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.lines[-1] += re.sub(r"\s+", " ", data)

    def finish(self) -> None:
        """The end of the HTML block: a fold still open without a summary gets one now."""
        self.summarise("")
        self.flush()


def html_blocks(html: str, details: _Details | None = None) -> list[tuple[str, list[str]]]:
    """The visible text of an HTML fragment (see :class:`_TextExtractor`)."""
    extractor = _TextExtractor(details or _Details())
    try:
        extractor.feed(html)
        extractor.close()
    except (AssertionError, ValueError):  # HTMLParser can choke on very broken markup
        return [] if extractor.details.folded else [("p", [" ".join(html.split())])]
    extractor.finish()
    return extractor.blocks


def _html_block(html: str, details: _Details) -> Iterator[Token]:
    for tag, lines in html_blocks(html, details):
        children: list[Token] = []
        for number, line in enumerate(lines):
            if number:
                children.append(Token("hardbreak", "br", 0))
            children.append(_text(line))
        if tag in _HEADINGS:
            yield Token("heading_open", tag, 1, markup="#" * int(tag[1]))
            yield Token("inline", "", 0, children=children)
            yield Token("heading_close", tag, -1)
        else:
            yield from _paragraph(children)


def _attributes(tag: str) -> dict[str, str]:
    found: dict[str, str] = {}

    class _One(HTMLParser):
        def handle_starttag(self, name: str, attrs: list[tuple[str, str | None]]) -> None:
            found.update({k.lower(): v or "" for k, v in attrs})

    _One().feed(tag)
    return found
