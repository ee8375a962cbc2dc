"""Markdown to HTML: markdown-it-py, CommonMark plus tables, strikethrough and footnotes.

The parser is built once per process, on first use. Two house touches on top of CommonMark:

- a paragraph that is only an image becomes a ``<figure>`` captioned by the image's title or
  alt text; an image followed, on the next line of the same paragraph, by text is captioned by
  that text (the house style puts a caption line under each image);
- image sources go through a caller's function, so local images can be copied and re-pointed.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

#: ``resolve(src, line)`` returns the source to use instead, or ``None`` to keep it.
ImageResolver = Callable[[str, int], "str | None"]

_HTML_IMG_SRC = re.compile(
    r"""(<img\b[^>]*?\bsrc\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I
)
_TAG = re.compile(r"<[^>]*>")
_IMG_TAG = re.compile(r"<img", re.I)
_SPACE = re.compile(r"\s+")


#: Rules that can only match where one of these strings is in the source. For a source with
#: none of a rule's strings, a parser without that rule gives the same tokens, sooner: the
#: paragraph rule tries every block rule on each line it continues, the inline parser every
#: inline rule at each stop.
_TRIGGERS: dict[str, tuple[str, ...]] = {
    "table": ("|",),
    "fence": ("```", "~~~"),
    "blockquote": (">",),
    "html_block": ("<",),
    "code": ("    ", "\t"),
    "reference": ("]:",),
    "heading": ("#",),
    "footnote_def": ("[^",),
    "footnote_ref": ("[^",),
    "footnote_inline": ("^[",),
    "backticks": ("`",),
    "strikethrough": ("~~",),
    "emphasis": ("*", "_"),
    "entity": ("&",),
    "escape": ("\\",),
    "autolink": ("<",),
    "html_inline": ("<",),
    "link": ("[",),
    "image": ("![",),
    "linkify": ("://", "www.", "@"),
}
_MARKS = tuple(dict.fromkeys(m for marks in _TRIGGERS.values() for m in marks))
#: Footnotes (numbered and placed per part) and link reference definitions (a part sees only
#: its own) keep two parts from being parsed as one document.
_PER_PART_MARKS = ("[^", "^[", "]:")


@cache
def parser() -> MarkdownIt:
    """The shared parser: CommonMark, raw HTML on, tables, strikethrough, footnotes, figures,
    bare URLs as links."""
    return _variant(frozenset())


def parser_for(source: str) -> MarkdownIt:
    """The shared parser, less the rules that cannot match anything in ``source``."""
    present = {m for m in _MARKS if m in source}
    return _variant(
        frozenset(rule for rule, marks in _TRIGGERS.items() if present.isdisjoint(marks))
    )


@lru_cache(maxsize=64)
def _variant(absent: frozenset[str]) -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    # linkify: a bare URL in the text is a link, as on every blog platform
    md = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(
        ["table", "strikethrough", "linkify"]
    )
    md.use(footnote_plugin)
    md.core.ruler.push("figures", _figures)
    if absent:
        md.disable(sorted(absent))
    # Links repeat across a whole archive (the support footer): normalise each URL once.
    md.normalizeLink = lru_cache(maxsize=8192)(md.normalizeLink)  # type: ignore[method-assign]
    md.normalizeLinkText = lru_cache(maxsize=8192)(md.normalizeLinkText)  # type: ignore[method-assign]
    md.validateLink = lru_cache(maxsize=8192)(md.validateLink)  # type: ignore[method-assign]
    return md


def render(
    source: str,
    *,
    resolve: ImageResolver | None = None,
    first_line: int = 1,
    doc_id: str | None = None,
) -> str:
    """Render ``source`` to HTML.

    ``first_line`` is the file line of the source's first line, so ``resolve`` can name it;
    ``doc_id`` prefixes footnote ids, keeping two rendered parts of one page distinct.
    """
    if not source.strip():
        return ""
    if resolve is None or not _has_image(source):
        return _render_cached(source, doc_id)  # no images: the same text renders the same
    return _render(source, resolve, first_line, doc_id)


def render_pair(
    first: str,
    second: str,
    *,
    resolve: tuple[ImageResolver, ImageResolver] | None = None,
    first_line: int = 1,
    second_line: int = 1,
    first_doc_id: str | None = None,
) -> tuple[str, str]:
    """``render`` of two consecutive parts of a page (the lede and the body) in one parse.

    The parts are parsed as one document, a blank line between them, and the tokens split
    where the second begins: the same HTML as two parses when no block runs from one part
    into the other (an unclosed fence, a list the second part continues) and neither has
    footnotes or link reference definitions. Otherwise, or with a blank part, two parses.
    """
    resolve_first, resolve_second = resolve if resolve is not None else (None, None)
    if (
        not first.strip()
        or not second.strip()
        or any(mark in first or mark in second for mark in _PER_PART_MARKS)
    ):
        return (
            render(first, resolve=resolve_first, first_line=first_line, doc_id=first_doc_id),
            render(second, resolve=resolve_second, first_line=second_line),
        )
    source = f"{first}\n\n{second}"
    start = first.count("\n") + 2  # the line, in ``source``, where ``second`` begins
    md = parser_for(source)
    env: dict[str, Any] = {}
    tokens = md.parse(source, env)
    cut = _boundary(tokens, start)
    if cut is None:
        return (
            render(first, resolve=resolve_first, first_line=first_line, doc_id=first_doc_id),
            render(second, resolve=resolve_second, first_line=second_line),
        )
    head, tail = tokens[:cut], tokens[cut:]
    if resolve_first is not None and _has_image(first):
        _rewrite_images(head, resolve_first, first_line)
    if resolve_second is not None and _has_image(second):
        _rewrite_images(tail, resolve_second, second_line - start)
    render_tokens = md.renderer.render
    return (
        str(render_tokens(head, md.options, env)),
        str(render_tokens(tail, md.options, env)),
    )


def parse(
    source: str,
    *,
    resolve: ImageResolver | None = None,
    first_line: int = 1,
    doc_id: str | None = None,
) -> tuple[MarkdownIt, list[Token], dict[str, Any]]:
    """The shared parser's tokens of ``source`` (images resolved as :func:`render` does), the
    parser and its env: for writers that walk the blocks rather than render one HTML string."""
    md = parser_for(source)
    env: dict[str, Any] = {"docId": doc_id} if doc_id else {}
    tokens = md.parse(source, env)
    if resolve is not None and _has_image(source):
        _rewrite_images(tokens, resolve, first_line)
    return md, tokens, env


def _boundary(tokens: Sequence[Token], start: int) -> int | None:
    """The index of the first token of the part that begins on line ``start``; ``None`` when
    a top-level block straddles that line (or a part has no tokens)."""
    for index, token in enumerate(tokens):
        if token.level != 0 or token.nesting == -1:
            continue
        if token.map is None:
            return None
        if token.map[0] >= start:
            return index if index else None
        if token.map[1] > start - 1:
            return None  # reaches the blank line between the parts, or past it
        if token.type == "html_block" and token.map[1] == start - 1:
            return None  # at the very end of a part its text would lack the last newline
    return None


def _has_image(source: str) -> bool:
    return "![" in source or _IMG_TAG.search(source) is not None


@lru_cache(maxsize=256)
def _render_cached(source: str, doc_id: str | None) -> str:
    """Support footers repeat from review to review: each distinct one is rendered once."""
    return _render(source, None, 1, doc_id)


def _render(source: str, resolve: ImageResolver | None, first_line: int, doc_id: str | None) -> str:
    md = parser_for(source)
    env: dict[str, Any] = {"docId": doc_id} if doc_id else {}
    tokens = md.parse(source, env)
    if resolve is not None:
        _rewrite_images(tokens, resolve, first_line)
    return str(md.renderer.render(tokens, md.options, env))


def reference_lines(candidates: list[str]) -> list[str]:
    """The link reference definitions among ``candidates`` that the parser accepts, rewritten
    as canonical definition lines; look-alikes that would render as text are dropped."""
    if not candidates:
        return []
    env: dict[str, Any] = {}
    parser().parse("\n\n".join(candidates), env)
    lines = []
    for label, ref in env.get("references", {}).items():
        title = ref.get("title") or ""
        href = ref.get("href") or ""
        quoted = ' "' + title.replace("\\", "\\\\").replace('"', '\\"') + '"' if title else ""
        escaped = label.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
        lines.append(f"[{escaped}]: <{href.replace('>', '%3E').replace('<', '%3C')}>{quoted}")
    return lines


@lru_cache(maxsize=64)
def render_inline(source: str) -> str:
    """One line of Markdown as inline HTML (no ``<p>``)."""
    return parser().renderInline(source) if source.strip() else ""


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", fragment))).strip()


def summarize(text: str, limit: int = 200) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.\u2013\u2014-") + "\u2026"


# -- figures ----------------------------------------------------------------------------------


def _figures(state: StateCore) -> None:
    """Turn image-only paragraphs (optionally with a caption line) into figures."""
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if (
            token.type == "paragraph_open"
            and not token.hidden
            and i + 2 < len(tokens)
            and tokens[i + 1].type == "inline"
            and tokens[i + 2].type == "paragraph_close"
        ):
            figure = _figure(tokens[i + 1], token)
            if figure is not None:
                out.extend(figure)
                i += 3
                continue
        out.append(token)
        i += 1
    state.tokens = out


def _figure(inline: Token, opener: Token) -> list[Token] | None:
    if not inline.children or inline.children[0].type != "image":
        return None  # the common case, decided before anything is copied
    from markdown_it.token import Token

    children = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
    image = children[0]
    rest = children[1:]
    if rest and rest[0].type in ("softbreak", "hardbreak"):
        caption = rest[1:]
    elif not rest:
        title = image.attrGet("title")
        text = str(title) if title else image.content
        caption = [Token("text", "", 0, content=text)] if text.strip() else []
    else:
        return None  # an image inside running text stays inline
    if any(c.type == "image" for c in caption):
        return None
    level = opener.level

    def block(kind: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        return Token(kind, tag, nesting, map=opener.map, block=True, level=level)

    picture = Token("inline", "", 0, map=opener.map, level=level + 1, children=[image])
    tokens = [block("figure_open", "figure", 1), picture]
    if caption:
        words = Token("inline", "", 0, map=opener.map, level=level + 1, children=caption)
        tokens += [block("figcaption_open", "figcaption", 1), words]
        tokens.append(block("figcaption_close", "figcaption", -1))
    tokens.append(block("figure_close", "figure", -1))
    return tokens


# -- images -----------------------------------------------------------------------------------


def _rewrite_images(tokens: Sequence[Token], resolve: ImageResolver, first_line: int) -> None:
    for token in tokens:
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "inline" and token.children:
            for child in token.children:
                if child.type == "image":
                    src = str(child.attrGet("src") or "")
                    new = resolve(src, line)
                    if new is not None:
                        child.attrSet("src", new)
                elif child.type == "html_inline":
                    child.content = _rewrite_html(child.content, resolve, line)
        elif token.type == "html_block":
            token.content = _rewrite_html(token.content, resolve, line)
        elif token.children:
            _rewrite_images(token.children, resolve, first_line)


def _rewrite_html(fragment: str, resolve: ImageResolver, line: int) -> str:
    if "<img" not in fragment.lower():
        return fragment

    def swap(match: re.Match[str]) -> str:
        raw = match.group(2) or match.group(3) or match.group(4) or ""
        offset = fragment.count("\n", 0, match.start())
        new = resolve(html.unescape(raw), line + offset)
        if new is None:
            return match.group(0)
        return f'{match.group(1)}"{html.escape(new)}"'

    return _HTML_IMG_SRC.sub(swap, fragment)
