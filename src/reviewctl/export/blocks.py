"""Markdown to WordPress block markup (the block editor's own serialisation).

Each top-level block of the shared Markdown parser's output becomes the ``<!-- wp:… -->`` block
that the block editor would save for it: paragraph, heading, list (and list items), quote,
table, code, separator, image (a figure and its caption), ``more`` for the cut, ``embed`` for
a lone video URL, and ``html`` for raw HTML and anything else, so nothing is left to the
Classic block. The HTML inside each comment pair is what that block's ``save()`` writes for the
attributes in the comment (the editor checks exactly that when it opens a post).

The markup follows current WordPress (6.6 and later: headings and lists carry their
``wp-block-*`` class, lists hold ``list-item`` blocks, captions ``wp-element-caption``);
tables say ``hasFixedLayout: false`` so their markup does not depend on that default.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from reviewctl import templatetags
from reviewctl.export import markdown

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.token import Token

MORE = "<!--more-->"

#: Hosts whose lone URL on a line becomes a video embed, and their WordPress provider slug.
# What WordPress embeds from a URL alone (its oEmbed providers): host → provider slug, the
# embed's type and the paths that are one post, video or track of it.
_EMBEDS: dict[str, tuple[str, str, re.Pattern[str]]] = {
    "youtube.com": ("youtube", "video", re.compile(r"^/(watch|shorts/|embed/|live/)")),
    "youtu.be": ("youtube", "video", re.compile(r"^/[\w-]{6,}$")),
    "vimeo.com": ("vimeo", "video", re.compile(r"^/(\d+|video/\d+)")),
    "dailymotion.com": ("dailymotion", "video", re.compile(r"^/video/")),
    "wordpress.tv": ("wordpress-tv", "video", re.compile(r"^/\d{4}/\d\d/\d\d/")),
    "tiktok.com": ("tiktok", "video", re.compile(r"^/@[\w.]+/video/\d+")),
    "ted.com": ("ted", "video", re.compile(r"^/talks/")),
    "twitter.com": ("twitter", "rich", re.compile(r"^/\w+/status/\d+")),
    "x.com": ("twitter", "rich", re.compile(r"^/\w+/status/\d+")),
    "instagram.com": ("instagram", "rich", re.compile(r"^/(p|reel|tv)/[\w-]+")),
    "soundcloud.com": ("soundcloud", "rich", re.compile(r"^/[\w-]+/[\w-]+")),
    "open.spotify.com": ("spotify", "rich", re.compile(r"^/(track|album|playlist|episode|show)/")),
    "reddit.com": ("reddit", "rich", re.compile(r"^/r/\w+/comments/")),
    "flickr.com": ("flickr", "photo", re.compile(r"^/photos/")),
}
_LONE_URL = re.compile(r"^<?(https?://[^\s<>]+)>?$")
# A paragraph that is one WordPress shortcode (``[gallery ids="1,2"]``, kept as text by the
# import): a shortcode block, its text as written (no HTML inside, nothing to clean).
_SHORTCODE = re.compile(r"^\[[a-z][\w-]*(?:\s[^\]\[<>]*)?\]$")
# A tag, its quoted attributes whole (a ">" inside one does not end it).
_TAG_WHOLE = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_ALIGN = re.compile(r"text-align:\s*(left|center|right)")


def comment_attrs(attrs: Mapping[str, Any]) -> str:
    """Block attributes as WordPress writes them in the comment: compact JSON, with ``--``,
    ``<``, ``>``, ``&`` and quotes inside strings as ``\\u`` escapes."""
    if not attrs:
        return ""
    text = json.dumps(dict(attrs), ensure_ascii=False, separators=(",", ":"))
    text = text.replace("--", "\\u002d\\u002d").replace("<", "\\u003c").replace(">", "\\u003e")
    text = text.replace("&", "\\u0026").replace('\\"', "\\u0022")
    return " " + text


def block(name: str, inner: str, attrs: Mapping[str, Any] | None = None) -> str:
    """One block: the comment pair around ``inner``."""
    return f"<!-- wp:{name}{comment_attrs(attrs or {})} -->\n{inner}\n<!-- /wp:{name} -->"


def paragraph(content: str, class_name: str = "") -> str:
    if class_name:
        return block(
            "paragraph",
            f'<p class="{html.escape(class_name)}">{content}</p>',
            {"className": class_name},
        )
    return block("paragraph", f"<p>{content}</p>")


#: where WordPress starts the next page of a post
NEXT_PAGE = "<!--nextpage-->"


def more() -> str:
    return block("more", MORE)


def raw_html(content: str) -> str:
    return block("html", content.strip("\n"))


@dataclass(frozen=True, slots=True)
class Writer:
    """Serialises one part of a review.

    ``media`` maps an image URL to its media library id (the image block then names it);
    ``clean`` is applied to every piece of HTML taken from the review (``--safe``).
    """

    md: MarkdownIt
    env: dict[str, Any]
    media: Mapping[str, int]
    clean: Callable[[str], str]

    @property
    def renderer(self) -> RendererHTML:
        return cast("RendererHTML", self.md.renderer)

    def blocks(self, tokens: Sequence[Token]) -> list[str]:
        out: list[str] = []
        i = 0
        while i < len(tokens):
            end = _close(tokens, i)
            out.append(self._one(tokens[i : end + 1]))
            i = end + 1
        return [b for b in out if b]

    # -- one top-level block ------------------------------------------------------------------

    def _one(self, toks: Sequence[Token]) -> str:
        first = toks[0]
        kind = first.type
        if kind == "paragraph_open":
            return self._paragraph(toks[1])
        if kind == "heading_open":
            level = int(first.tag[1])
            text = self._inline(toks[1])
            attrs = {} if level == 2 else {"level": level}
            return block("heading", f'<h{level} class="wp-block-heading">{text}</h{level}>', attrs)
        if kind in ("bullet_list_open", "ordered_list_open"):
            listed = self._list(toks)
            return listed if listed is not None else self._fallback(toks)
        if kind == "blockquote_open":
            inner = "\n\n".join(self.blocks(toks[1:-1]))
            return block("quote", f'<blockquote class="wp-block-quote">{inner}</blockquote>')
        if kind == "table_open":
            return self._table(toks)
        if kind in ("fence", "code_block"):
            code = html.escape(first.content.removesuffix("\n"), quote=False)
            return block("code", f'<pre class="wp-block-code"><code>{code}</code></pre>')
        if kind == "hr":
            return block("separator", '<hr class="wp-block-separator has-alpha-channel-opacity"/>')
        if kind == "figure_open":
            return self._image(toks)
        if kind == "html_block":
            if first.content.strip() == MORE:
                return more()
            if first.content.strip() == NEXT_PAGE:  # WordPress's own page break block
                return block("nextpage", NEXT_PAGE)
            kept = self.clean(first.content)  # an author's comment alone: no block at all
            return raw_html(kept) if kept.strip() else ""
        return self._fallback(toks)

    def _fallback(self, toks: Sequence[Token]) -> str:
        rendered = self.clean(str(self.md.renderer.render(list(toks), self.md.options, self.env)))
        return raw_html(rendered) if rendered.strip() else ""

    def _inline(self, token: Token) -> str:
        children = token.children or []
        rendered = str(self.renderer.renderInline(children, self.md.options, self.env))
        if "&quot;" in rendered:  # WordPress curls a text's quotes, not an escaped one's
            parts = _TAG_WHOLE.split(rendered)  # text, tag, text…: the tags' are left alone
            tags = _TAG_WHOLE.findall(rendered)
            rendered = "".join(
                text.replace("&quot;", '"') + (tags[i] if i < len(tags) else "")
                for i, text in enumerate(parts)
            )
        return self.clean(rendered.strip())

    def _paragraph(self, inline: Token) -> str:
        embed = _video(inline.content.strip())
        if embed is not None:
            return embed
        children = inline.children or []
        if _SHORTCODE.match(inline.content.strip()) and not (
            children and children[0].type == "link_open"
        ):  # as written: WordPress parses its quotes (a [reference link] is a link)
            return block("shortcode", inline.content.strip())
        text = self._inline(inline)
        return paragraph(text) if text else ""

    # -- lists --------------------------------------------------------------------------------

    def _list(self, toks: Sequence[Token]) -> str | None:
        opener = toks[0]
        ordered = opener.type == "ordered_list_open"
        attrs: dict[str, Any] = {}
        tag = "ol" if ordered else "ul"
        start_attr = ""
        if ordered:
            attrs["ordered"] = True
            start = opener.attrGet("start")
            if start is not None and int(start) != 1:
                attrs["start"] = int(start)
                start_attr = f' start="{int(start)}"'
        items: list[str] = []
        i = 1
        while i < len(toks) - 1:
            end = _close(toks, i)
            item = self._item(toks[i + 1 : end])  # inside list_item_open … list_item_close
            if item is None:
                return None
            items.append(item)
            i = end + 1
        inner = "\n\n".join(items)
        return block("list", f'<{tag}{start_attr} class="wp-block-list">{inner}</{tag}>', attrs)

    def _item(self, toks: Sequence[Token]) -> str | None:
        """A list item: at most one paragraph, then nested lists; ``None`` for anything else
        (the whole list is then kept as raw HTML)."""
        text = ""
        nested: list[str] = []
        i = 0
        while i < len(toks):
            end = _close(toks, i)
            kind = toks[i].type
            if kind == "paragraph_open" and not text and not nested:
                text = self._inline(toks[i + 1])
            elif kind in ("bullet_list_open", "ordered_list_open"):
                listed = self._list(toks[i : end + 1])
                if listed is None:
                    return None
                nested.append(listed)
            else:
                return None
            i = end + 1
        return block("list-item", f"<li>{text}{''.join(nested)}</li>")

    # -- tables -------------------------------------------------------------------------------

    def _table(self, toks: Sequence[Token]) -> str:
        sections: list[str] = []
        rows: list[str] = []
        cells: list[str] = []
        for index, token in enumerate(toks):
            kind = token.type
            if kind in ("th_open", "td_open"):
                match = _ALIGN.search(str(token.attrGet("style") or ""))
                attrs = ""
                if match:
                    align = match.group(1)
                    attrs = f' class="has-text-align-{align}" data-align="{align}"'
                content = self._inline(toks[index + 1])
                cells.append(f"<{token.tag}{attrs}>{content}</{token.tag}>")
            elif kind == "tr_close":
                rows.append(f"<tr>{''.join(cells)}</tr>")
                cells = []
            elif kind in ("thead_close", "tbody_close"):
                tag = kind.removesuffix("_close")
                sections.append(f"<{tag}>{''.join(rows)}</{tag}>")
                rows = []
        table = f'<figure class="wp-block-table"><table>{"".join(sections)}</table></figure>'
        return block("table", table, {"hasFixedLayout": False})

    # -- images -------------------------------------------------------------------------------

    def _image(self, toks: Sequence[Token]) -> str:
        picture = toks[1].children or []
        image = picture[0]
        src = str(image.attrGet("src") or "")
        alt = self.renderer.renderInlineAsText(image.children or [], self.md.options, self.env)
        title = str(image.attrGet("title") or "")
        caption = ""
        if len(toks) > 3 and toks[2].type == "figcaption_open":
            caption = self._inline(toks[3])
        attrs: dict[str, Any] = {}
        img = (
            f'<img src="{html.escape(src)}" alt="{html.escape(alt)}"'
            if src
            else f'<img alt="{html.escape(alt)}"'
        )
        media_id = self.media.get(src)
        if media_id is not None:
            attrs["id"] = media_id
            img += f' class="wp-image-{media_id}"'
        if title:
            img += f' title="{html.escape(title)}"'
        img += "/>"
        if caption:
            img += f'<figcaption class="wp-element-caption">{caption}</figcaption>'
        return block("image", f'<figure class="wp-block-image">{img}</figure>', attrs)


def _close(tokens: Sequence[Token], start: int) -> int:
    """The index of the token that closes the block opened at ``start`` (itself when the
    token opens nothing)."""
    if tokens[start].nesting != 1:
        return start
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _video(text: str) -> str | None:
    """The embed block of a paragraph that is only the URL of something WordPress embeds (a
    video, a post, a track: :data:`_EMBEDS`), as WordPress showed it; ``None`` otherwise."""
    match = _LONE_URL.match(text)
    if match is None:
        return None
    url = match.group(1)
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    known = _EMBEDS.get(host)
    if known is None or not known[2].search(parts.path):
        return None
    provider, kind, _ = known
    attrs = {"url": url, "type": kind, "providerNameSlug": provider}
    classes = f"wp-block-embed is-type-{kind} is-provider-{provider} wp-block-embed-{provider}"
    inner = (
        f'<figure class="{classes}"><div class="wp-block-embed__wrapper">\n'
        f"{html.escape(url, quote=False)}\n</div></figure>"
    )
    return block("embed", inner, attrs)


def serialize(
    source: str,
    *,
    resolve: markdown.ImageResolver | None = None,
    first_line: int = 1,
    doc_id: str | None = None,
    media: Mapping[str, int] | None = None,
    clean: Callable[[str], str] | None = None,
) -> str:
    """``source`` (Markdown) as block markup: blocks separated by a blank line."""
    source = templatetags.as_markdown(source)
    if not source.strip():
        return ""
    md, tokens, env = markdown.parse(source, resolve=resolve, first_line=first_line, doc_id=doc_id)
    writer = Writer(md, env, media or {}, clean or _same)
    return markdown.unaddressed("\n\n".join(writer.blocks(tokens)))


def _same(text: str) -> str:
    return text
