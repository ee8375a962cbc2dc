"""Markdown to HTML: CommonMark plus tables, strikethrough, footnotes and bare URLs as links.

Pages are rendered by cmark-gfm; :func:`parse` gives markdown-it tokens (the one setup of
:mod:`reviewctl.mdit`) to writers that walk blocks. Two house touches on top of CommonMark:

- a paragraph that is only an image becomes a ``<figure>`` captioned by the image's title or
  alt text; an image followed, on the next line of the same paragraph, by text is captioned by
  that text (the house style puts a caption line under each image);
- image sources go through a caller's function, so local images can be copied and re-pointed.
"""

from __future__ import annotations

import html
import os
import re
import string
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote

from reviewctl import mdit, templatetags
from reviewctl.prose import without_tags

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: ``resolve(src, line)`` returns the source to use instead, ``None`` to keep it, or
#: :data:`UNPUBLISHED` to publish the image with no source (the author's private file).
ImageResolver = Callable[[str, int], "str | None"]
#: ``link(address)`` returns the page a link to a Markdown source (another review) or to a
#: review's address on the old blog leads to; :data:`UNPUBLISHED` when that review has no page
#: (a draft: the link is published as its text); ``None`` when it names no review.
LinkResolver = Callable[[str], "str | None"]
UNPUBLISHED = ""
_SRC_NAME = re.compile(r"\s*\bsrc\s*=\s*\Z", re.I)
#: What may name a file of the author's: a ``file:`` address, a Windows drive or path, a home
#: folder's ``~/``, a path from the root (a file of this computer, or the site's own page),
#: in an attribute or a style's ``url(…)``, a Markdown source. Each branch starts with one
#: literal character (``file:`` is found at its colon), so the
#: engine skips to those characters in C (bench_render: 0.221 → 0.141 ms a review).
_PRIVATE_HINT = re.compile(
    r""":(?<=[Ff][Ii][Ll][Ee]:)|=\s*["']?(?:[A-Za-z]:(?:[\\/]|%5[Cc])|/(?!/)|\\|%5[Cc]|~/)"""
    r"""|\((?<=[Ll]\()\s*["']?(?:[A-Za-z]:|/(?!/)|\\|%5[Cc]|~/)"""
    r"""|,\s*["']?[A-Za-z]:(?:[\\/]|%5[Cc])|\.(?:md|markdown)\b"""
)
#: A tag (not the escaped text of one in code or prose).
_MARKUP_TAG = re.compile(r"<[A-Za-z][^<>]*>")
#: The attributes that hold an address (``style`` its ``url(…)``s)
_ADDRESS_ATTR = re.compile(
    r"""\s(href|src|srcset|poster|data|action|formaction|background|cite|style)"""
    r"""\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.I,
)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.I)
_STYLE_ELEMENT = re.compile(r"(<style\b[^>]*>)(.*?)(</style\s*>)", re.I | re.S)
_HREF = re.compile(r"""\s(href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)
_DRIVE = re.compile(r"[a-z]:(?:[\\/]|%5c)", re.I)
_SCHEME_OR_HOST = re.compile(r"[a-z][a-z0-9+.-]*:|//", re.I)


# the source of an image, or of what a <video> or an <audio> plays: a local file is copied
_HTML_IMG_SRC = re.compile(
    r"""(<(?:img|source|video|audio)\b[^>]*?\bsrc\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
    re.I,
)
_IMG_TAG = re.compile(r"<(?:img|source|video|audio)\b", re.I)
# spaces and line breaks; a no-break or thin space (French « guillemets », "pas ?") is
# the author's and stays
_SPACE = re.compile(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+")


def parser() -> MarkdownIt:
    """The one Markdown setup (:mod:`reviewctl.mdit`)."""
    return mdit.parser()


def _tokens(source: str, env: dict[str, Any]) -> list[Token]:
    """``source``'s tokens, with the house figures (see the module docstring)."""
    return _figures(parser().parse(source, env))


def render(
    source: str,
    *,
    resolve: ImageResolver | None = None,
    first_line: int = 1,
    doc_id: str | None = None,
    link: LinkResolver | None = None,
    ids: set[str] | None = None,
) -> str:
    """Render ``source`` to HTML.

    ``first_line`` is the file line of the source's first line, so ``resolve`` can name it;
    ``doc_id`` prefixes footnote ids, keeping two rendered parts of one page distinct;
    ``link`` gives a link to another review's source its page (see :func:`unaddressed`);
    ``ids``: the page's ids so far, for its headings' (:func:`heading_ids`).

    cmark-gfm renders (GitHub's CommonMark in C; bench_render, a generated review's lede and
    body: ~0.05 ms with the touches, against ~0.35 ms in markdown-it-py), and the house touches
    are made on its HTML (:func:`_touch`). A part whose bare ``www.`` or
    e-mail address cmark-gfm would link and markdown-it's linkify (scheme URLs only) would not
    goes through markdown-it, so the same text is linked the same way everywhere; so does one
    whose HTML holds a ``javascript:`` (``vbscript:``, ``file:``, ``data:``) URL, which
    markdown-it leaves unlinked unless the author wrote it as raw HTML.
    """
    source = templatetags.as_markdown(source)
    if not source.strip():
        return ""
    # the substring tests first: the regex alone costs ~230 us a review (bench_render), they ~3
    if ("www." in source or "@" in source) and _LINKED_ONLY_BY_CMARK.search(source):
        return heading_ids(unaddressed(_render(source, resolve, first_line, doc_id), link), ids)
    from reviewctl.export import cmark

    rendered = cmark.to_html(source)
    if _REFUSED_URL.search(rendered):  # markdown-it leaves such a link as text: its way
        return heading_ids(unaddressed(_render(source, resolve, first_line, doc_id), link), ids)
    return heading_ids(
        unaddressed(_touch(rendered, source, resolve, first_line, doc_id), link), ids
    )


#: The ids the default theme's pages give their own parts.
PAGE_IDS = ("more", "latest", "tags", "main", "top", "content")
_HEADING_OPEN = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_TAGS = re.compile(r"<[^>]*>")
#: An ``id`` attribute's value, in lower-cased HTML: found at its literal ``id``, with the
#: space before it checked behind (bench_render: 0.221 → 0.189 ms a review against
#: ``\sid`` with ``re.I``; both this and the hint above: 0.104).
_ID = re.compile(r"""id(?<=\sid)\s*=\s*["']?([^"'\s>]+)""")
_NOT_IN_ID = re.compile(r"[^\w\- ]+")


def _ids(rendered: str) -> list[str]:
    """The ``id`` attributes' values in ``rendered`` (the author's own ids), as written."""
    lowered = rendered.lower()
    if len(lowered) != len(rendered):  # a letter whose lower case is longer: no offsets
        lowered = rendered.translate(_ASCII_LOWER)
    return [rendered[m.start(1) : m.end(1)] for m in _ID.finditer(lowered)]


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def heading_ids(rendered: str, taken: set[str] | None = None) -> str:
    """``rendered`` with an ``id`` on each heading, made of its text as Hugo, Jekyll and
    GitHub make it (``## We by Yevgeny Zamyatin`` → ``we-by-yevgeny-zamyatin``; a second
    of the same text ``-1``), so a table of contents' ``#…`` links lead somewhere. ``taken``:
    the ids of the page so far (its other parts'), added to; never one of them twice."""
    if taken is None:
        taken = set(PAGE_IDS)  # the page's own: a heading "More" is "more-1"
    if "<h" not in rendered:
        return rendered
    taken.update(_ids(rendered))

    def with_id(match: re.Match[str]) -> str:
        text = html.unescape(_TAGS.sub("", match.group(2))).strip().lower()
        slug = _NOT_IN_ID.sub("", text).replace(" ", "-")
        if not slug:
            return match.group(0)
        ident, number = slug, 0
        while ident in taken:
            number += 1
            ident = f"{slug}-{number}"
        taken.add(ident)
        return f'<h{match.group(1)} id="{html.escape(ident)}">{match.group(2)}</h{match.group(1)}>'

    return _HEADING_OPEN.sub(with_id, rendered)


def unaddressed(rendered: str, link: LinkResolver | None = None) -> str:
    """``rendered`` with no address of the author's files in its tags: a link to a file on
    this computer is its text, and so is a link to a Markdown source unless ``link`` gives
    the page of that review (another review's source, perhaps a draft's, has no page of its
    own); an image or a video of one has no source (export warns of each,
    :func:`~reviewctl.export.html.local_links`). Text and code are never touched."""
    if _PRIVATE_HINT.search(rendered) is None:
        return rendered
    rendered = _MARKUP_TAG.sub(_unaddressed_tag, _unlinked(rendered, link))
    if "<style" in rendered or "<STYLE" in rendered:  # a style sheet's url(…): none
        rendered = _STYLE_ELEMENT.sub(_unaddressed_style, rendered)
    return rendered


def _css_private(match: re.Match[str]) -> bool:
    address = html.unescape(next(g for g in match.groups() if g is not None)).strip()
    return private_address(address, "src")


def _unaddressed_style(match: re.Match[str]) -> str:
    sheet = _CSS_URL.sub(lambda url: "none" if _css_private(url) else url.group(0), match[2])
    return match[1] + sheet + match[3]


def _unlinked(rendered: str, link: LinkResolver | None = None) -> str:
    """``rendered`` with each link to a file of the author's replaced by its text (an ``<a>``
    left without ``href`` is no link, and a sanitiser's ``rel`` on it is invalid HTML), or
    by a link to the page ``link`` gives it. One pass: each opening tag and each closing
    tag is looked at once."""
    lowered = rendered.lower()
    kept: list[str] = []
    copied = at = 0
    closing = -1  # the next "</a" at or after ``at``
    while (start := lowered.find("<a", at)) != -1:
        end = rendered.find(">", start)
        if end == -1:
            break
        at = end + 1
        tag = rendered[start:at]
        if lowered[start + 2 : start + 3] not in (" ", "\t", "\n", "\r", ">", "/"):
            at = start + 2  # <abbr>, <area>, <aside>
            continue
        href = _HREF.search(tag)
        if href is None:
            continue
        address = _attr_value(href)
        private = private_address(address, "href")
        # a path from the site's root may be another review's address on the old blog
        rooted = not private and address[:1] == "/" and address[1:2] != "/"
        if not private and not (rooted and link is not None):
            continue
        page = link(address) if link is not None and (rooted or _source_address(address)) else None
        if page:
            kept.append(rendered[copied:start])
            kept.append(f'{tag[: href.start()]} href="{html.escape(page)}"{tag[href.end() :]}')
            copied = at
            continue
        if not private and page is None:  # no review's address: the site's own, as written
            continue
        if closing < at:
            found = lowered.find("</a", at)
            closing = found if found != -1 else len(rendered)  # none: looked for once
        kept.append(rendered[copied:start])
        if closing == len(rendered):
            copied = at  # never closed: the opening tag goes
            continue
        close_end = rendered.find(">", closing)
        text = rendered[at:closing]
        if not (private and html.unescape(text).strip() == address):  # <file:///…>: no text
            kept.append(text)
        copied = at = close_end + 1 if close_end != -1 else len(rendered)
    kept.append(rendered[copied:])
    return "".join(kept)


def _attr_value(match: re.Match[str]) -> str:
    raw = match.group(2) if match.group(2) is not None else match.group(3) or match.group(4)
    return html.unescape(raw or "").strip()


def _unaddressed_tag(match: re.Match[str]) -> str:
    tag = match.group(0)
    return _ADDRESS_ATTR.sub(_unaddressed_attr, tag) if "=" in tag else tag


def _unaddressed_attr(match: re.Match[str]) -> str:
    name = match.group(1).lower()
    value = _attr_value(match)
    if name == "srcset":  # "a.png 1x, file:///b.png 2x": one private candidate is enough
        candidates = [c.split()[0] for c in value.split(",") if c.split()]
    elif name == "style":  # "background: url(/home/kit/a.png)": the whole style goes
        return "" if any(_css_private(u) for u in _CSS_URL.finditer(value)) else match.group(0)
    else:
        candidates = [value]
    if any(private_address(c, name) for c in candidates):
        return ""
    return match.group(0)


def private_address(address: str, name: str) -> bool:
    """Whether ``address`` names a file of the author's: ``file:``, a Windows drive, a path
    from the root that is a file of this computer or in a home folder, or (a link) a Markdown
    source."""
    if address[:5].lower() == "file:" or _DRIVE.match(address) or local_path(address):
        return True
    if (
        address.startswith("/")
        and not address.startswith("//")
        and os.path.isfile(unquote(address.split("#", 1)[0].split("?", 1)[0]))
    ):
        return True
    return name == "href" and _source_address(address)


# a share's \\nas\... reaches a Markdown link's address as \nas\... (its first backslash
# escapes the second)
_HOME_PATH = re.compile(
    r"~/|/(?:home|Users|mnt|Volumes)/[^/]+/.|/(?:private/)?(?:root|tmp)/.|/(?:private/)?var/folders/"
    r"|\\\\?[^\\/]+[\\/]"
)


def local_path(address: str) -> bool:
    """Whether ``address`` is a path of the author's computer whether or not the file is
    here: in a home folder (``/home/kit/…``, ``/Users/kit/…``, ``~/…``, root's ``/root/…``),
    a temporary folder (``/tmp/…``, a Mac's ``/var/folders/…``), on a drive (WSL's
    ``/mnt/c/…``, a Mac's ``/Volumes/Disk/…``) or a Windows share (``\\\\nas\\…``); a site's
    own ``/home/`` or ``/home/logo.png`` is not one."""
    return _HOME_PATH.match(unquote(address) if "%" in address else address) is not None


def _source_address(address: str) -> bool:
    """Whether ``address`` is a relative link to a Markdown source (``../film/x.md#end``,
    Zola's ``@/books/x/index.md``)."""
    path = unquote(address.split("#", 1)[0].split("?", 1)[0])
    return path.lower().endswith((".md", ".markdown")) and not _SCHEME_OR_HOST.match(address)


def parse(
    source: str,
    *,
    resolve: ImageResolver | None = None,
    first_line: int = 1,
    doc_id: str | None = None,
) -> tuple[MarkdownIt, list[Token], dict[str, Any]]:
    """The shared parser's tokens of ``source`` (images resolved as :func:`render` does), the
    parser and its env: for writers that walk the blocks rather than render one HTML string."""
    md = parser()
    env: dict[str, Any] = {"docId": doc_id} if doc_id else {}
    tokens = _tokens(source, env)
    if resolve is not None and _has_image(source):
        _rewrite_images(tokens, resolve, first_line)
    return md, tokens, env


def _media_tag(html_text: str) -> bool:
    """Whether ``html_text`` (lower case tags) may hold an ``<img>``, a ``<video>``, an
    ``<audio>`` or a ``<source>``."""
    return any(tag in html_text for tag in ("<img", "<video", "<audio", "<source"))


def _has_image(source: str) -> bool:
    return "![" in source or _IMG_TAG.search(source) is not None


def _render(source: str, resolve: ImageResolver | None, first_line: int, doc_id: str | None) -> str:
    """markdown-it's HTML of ``source``, with the house touches made on its tokens."""
    md = parser()
    env: dict[str, Any] = {"docId": doc_id} if doc_id else {}
    tokens = _tokens(source, env)
    if resolve is not None and _has_image(source):
        _rewrite_images(tokens, resolve, first_line)
    return str(md.renderer.render(tokens, md.options, env))


# -- cmark-gfm --------------------------------------------------------------------------------

#: Links markdown-it refuses (its ``validateLink``); with raw HTML on, cmark-gfm keeps them.
# cmark-gfm writes its links as href="URL" and src="URL": the literal '="' keeps this search
# fast (bench_render: ~2 us a review, against ~230 us for the case-blind alternation alone).
_REFUSED_URL = re.compile(r'="(?i:javascript|vbscript|data):')
#: What cmark-gfm's autolink links and linkify with ``fuzzy_link`` off does not.
_LINKED_ONLY_BY_CMARK = re.compile(r"(?<![/\w])www\.|[\w.+-]@[\w-]+\.\w", re.I)


# The patterns below match markup that cmark-gfm writes itself, in its fixed form.
_FIGURE = re.compile(
    r'<p>(<img src="[^"]*" alt="([^"]*)"(?: title="([^"]*)")? />)'
    r"(?:(?:<br />)?\n((?:(?!<img)(?!</p>).)*?))?</p>",
    re.S,
)
_FOOTNOTE_REF = re.compile(
    r'<sup class="footnote-ref"><a href="#fn-[^"]*" id="fnref-[^"]*" data-footnote-ref>'
    r"(\d+)</a></sup>"
)
_FOOTNOTES_OPEN = '<section class="footnotes" data-footnotes>\n<ol>\n'
_FOOTNOTE_ITEM = re.compile(r'<li id="fn-[^"]*">\n')
_FOOTNOTE_BACKREF = re.compile(
    r'<a href="#fnref-[^"]*" class="footnote-backref" data-footnote-backref '
    r'data-footnote-backref-idx="(\d+)(?:-(\d+))?" aria-label="[^"]*">'
    r'\u21a9(?:<sup class="footnote-ref">\d+</sup>)?</a>'
)


def _touch(
    rendered: str,
    source: str,
    resolve: ImageResolver | None,
    first_line: int,
    doc_id: str | None,
) -> str:
    """The house touches on cmark-gfm's HTML: figures, footnotes as markdown-it numbers and
    marks them (``doc_id`` in their ids), image sources through ``resolve``."""
    if "<p><img" in rendered:
        rendered = _FIGURE.sub(_figure_html, rendered)
    if "data-footnote-ref" in rendered:
        rendered = _footnotes(rendered, f"-{doc_id}-" if doc_id else "")
    if "<table>" in rendered:  # the same CSS, written as markdown-it writes it
        rendered = rendered.replace(' style="text-align: ', ' style="text-align:')
    if "<del>" in rendered and "~~" in source and "<del" not in source:
        rendered = rendered.replace("<del>", "<s>").replace("</del>", "</s>")  # as markdown-it
    if resolve is not None and _media_tag(rendered):
        rendered = _resolve_html(rendered, source, resolve, first_line)
    return rendered


def _as_text(tokens: list[Token]) -> str:
    """An image's alt as its attribute reads (markdown-it's ``renderInlineAsText``)."""
    from markdown_it.renderer import RendererHTML

    return RendererHTML().renderInlineAsText(tokens, parser().options, {})


def _figure_html(match: re.Match[str]) -> str:
    image, alt, title, caption = match.groups()
    if caption is None:
        caption = title or alt
    if not caption.strip():
        return f"<figure>{image}</figure>"
    return f"<figure>{image}<figcaption>{caption}</figcaption>\n</figure>"


def _footnotes(rendered: str, prefix: str) -> str:
    """cmark-gfm's footnote marks, ids from labels, as markdown-it's: numbered ids (a label may
    hold what an id may not), ``[n]`` marks, the separator and classes the theme styles."""
    seen: dict[str, int] = {}

    def mark(match: re.Match[str]) -> str:
        number = match.group(1)
        again = seen[number] = seen.get(number, -1) + 1
        sub = f"{number}:{again}" if again else number
        return (
            f'<sup class="footnote-ref"><a href="#fn{prefix}{number}" '
            f'id="fnref{prefix}{sub}">[{sub}]</a></sup>'
        )

    rendered = _FOOTNOTE_REF.sub(mark, rendered)
    at = rendered.rfind(_FOOTNOTES_OPEN)
    if at < 0:
        return rendered
    head, tail = rendered[:at], rendered[at + len(_FOOTNOTES_OPEN) :]
    items = iter(range(1, tail.count("<li ") + 1))
    tail = _FOOTNOTE_ITEM.sub(
        lambda _: f'<li id="fn{prefix}{next(items)}" class="footnote-item">', tail
    )

    def back(match: re.Match[str]) -> str:
        number, again = match.group(1), match.group(2)
        sub = f"{number}:{int(again) - 1}" if again else number
        return f'<a href="#fnref{prefix}{sub}" class="footnote-backref">\u21a9\ufe0e</a>'

    tail = _FOOTNOTE_BACKREF.sub(back, tail)
    opening = (
        '<hr class="footnotes-sep" />\n<section class="footnotes">\n<ol class="footnotes-list">\n'
    )
    return head + opening + tail


def _resolve_html(rendered: str, source: str, resolve: ImageResolver, first_line: int) -> str:
    """Every ``<img>`` source through ``resolve``, with the file line it is written on: found
    in ``source`` in document order (images render in the order they are written)."""
    cursor = 0

    def line_of(src: str) -> int:
        nonlocal cursor
        for text in (src, unquote(src)):
            at = source.find(text, cursor)
            if at < 0:
                at = source.find(text)
            if at >= 0:
                cursor = at + len(text)
                return first_line + source.count("\n", 0, at)
        return first_line + source.count("\n", 0, cursor)

    def swap(match: re.Match[str]) -> str:
        src = _img_src(match)
        return _with_src(match, resolve(src, line_of(src)))

    return _HTML_IMG_SRC.sub(swap, rendered)


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


#: What inline Markdown could make anything of: without it, a line renders as itself.
_INLINE_MARKUP = re.compile(r'[\\`*_\[\]<>&"~\n\r\x00]|://')


@lru_cache(maxsize=64)
def render_inline(source: str) -> str:
    """One line of Markdown as inline HTML (no ``<p>``)."""
    if not _INLINE_MARKUP.search(source):
        # plain words (the spoiler warning, mostly): markdown-it would give them back as they
        # are, and need not be loaded to re-export one review (bench_index, 25 ms of 0.53 s)
        return source if source.strip() else ""
    return parser().renderInline(source) if source.strip() else ""


_UNSHOWN = re.compile(r"<(style|script)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_CAPTION = re.compile(r"<figcaption\b[^>]*>.*?</figcaption\s*>", re.S)
_FOOTNOTES = re.compile(
    r'<sup class="footnote-ref"[^>]*>.*?</sup>|<hr class="footnotes-sep"\s*/?>'
    r'|<section class="footnotes"[^>]*>.*?</section>',
    re.S,
)


def plain_text(fragment: str) -> str:
    """Text of an HTML fragment: tags dropped, entities decoded, whitespace collapsed, and
    folded text (``<details>``: a spoiler, mostly), notes and pictures' captions left out, as
    a page's description, a feed's summary and a WordPress excerpt show it."""
    fragment = templatetags.removed(fragment)
    if "<style" in fragment or "<script" in fragment or "<STYLE" in fragment:
        fragment = _UNSHOWN.sub(" ", fragment)  # a style sheet or a script is no text
    if 'class="footnote' in fragment:  # a summary has no notes, nor marks of them
        fragment = _FOOTNOTES.sub("", fragment)
    if "<figcaption" in fragment:  # nor a picture's caption: the words are the review's
        fragment = _CAPTION.sub(" ", fragment)
    if "<details" in fragment or "<DETAILS" in fragment:
        from reviewctl.folding import unfolded

        fragment = unfolded(fragment, comments=False)
    return _SPACE.sub(" ", html.unescape(without_tags(fragment))).strip()


def summarize(text: str, limit: int = 200) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: _grapheme_start(text, limit - 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.\u2013\u2014-") + "\u2026"


def _grapheme_start(text: str, at: int) -> int:
    """``at``, or the start of the character cluster it falls inside of (an accent or a
    mark after a letter, an emoji with its skin tone or joined to the next, a flag's second
    letter), so that a cut there leaves no half of one."""
    import unicodedata

    def joined(before: str, after: str) -> bool:
        code = ord(after)
        return bool(
            unicodedata.category(after) in ("Mn", "Me", "Mc")  # Thai vowels, a keycap too
            or code in (0x0E33, 0x0EB3)  # Thai and Lao SARA AM: a letter, yet joined
            or before == "\u200d"
            or code == 0x200D
            or 0xFE00 <= code <= 0xFE0F  # variation selectors
            or 0x1F3FB <= code <= 0x1F3FF  # skin tones
            or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
        )

    while 0 < at < len(text) and joined(text[at - 1], text[at]):
        at -= 1
    flags = 0  # regional indicators pair up into a flag: an odd run ends in half of one
    while at - flags > 0 and 0x1F1E6 <= ord(text[at - flags - 1]) <= 0x1F1FF:
        flags += 1
    return at - 1 if flags % 2 else at


# -- figures ----------------------------------------------------------------------------------


def _figures(tokens: list[Token]) -> list[Token]:
    """Turn image-only paragraphs (optionally with a caption line) into figures."""
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
    return out


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
        # the alt as its attribute reads (markup and escapes gone), as cmark-gfm's pages show it
        text = str(title) if title else _as_text(image.children or [])
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
            for child in token.children:  # the line moves on at each break of the paragraph
                if child.type == "image":
                    src = str(child.attrGet("src") or "")
                    new = resolve(src, line)
                    if new == UNPUBLISHED:
                        child.attrs.pop("src", None)
                    elif new is not None:
                        child.attrSet("src", new)
                elif child.type == "html_inline":
                    child.content = _rewrite_html(child.content, resolve, line)
                    line += child.content.count("\n")
                elif child.type in ("softbreak", "hardbreak"):
                    line += 1
        elif token.type == "html_block":
            token.content = _rewrite_html(token.content, resolve, line)
        elif token.children:
            _rewrite_images(token.children, resolve, first_line)


def _rewrite_html(fragment: str, resolve: ImageResolver, line: int) -> str:
    if not _media_tag(fragment.lower()):
        return fragment

    def swap(match: re.Match[str]) -> str:
        offset = fragment.count("\n", 0, match.start())
        return _with_src(match, resolve(_img_src(match), line + offset))

    return _HTML_IMG_SRC.sub(swap, fragment)


def _img_src(match: re.Match[str]) -> str:
    """The source an :data:`_HTML_IMG_SRC` match holds, entities decoded."""
    return html.unescape(match.group(2) or match.group(3) or match.group(4) or "")


def _with_src(match: re.Match[str], new: str | None) -> str:
    """The matched ``<img … src=`` with its source ``new`` (``None``: as it was;
    :data:`UNPUBLISHED`: none at all)."""
    if new is None:
        return match.group(0)
    if new == UNPUBLISHED:
        return _SRC_NAME.sub("", match.group(1))
    return f'{match.group(1)}"{html.escape(new)}"'
