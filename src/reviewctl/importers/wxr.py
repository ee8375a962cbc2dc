"""Read a WordPress export (WXR) into typed records, safely and in one streaming pass.

The XML goes through defusedxml's expat parser: no entity expansion (no billion laughs), no
external entities or DTDs fetched. A SAX-like target builds the records as the parser goes, so
no element tree is kept and every item knows the line it starts on.

WordPress's own exporter has written files whose CDATA holds an unescaped ``]]>`` (WordPress's
regex parser reads them); when the strict parse fails, such sections are escaped and the file
is read again. Any other XML error is the file's error, with its line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reviewctl.errors import InputError
from reviewctl.fs import read_limited

CHUNK = 1 << 16
_WP_NS = re.compile(r"https?://wordpress\.org/export/")
_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
_VERSION = re.compile(r"\d+(?:\.\d+)*")


@dataclass(frozen=True, slots=True)
class Term:
    """A category, tag or other taxonomy term on an item (``<category domain=…>``)."""

    domain: str
    slug: str
    name: str


@dataclass(slots=True)
class Item:
    """One ``<item>``: a post, page, attachment, menu item, revision, …"""

    line: int
    title: str = ""
    post_id: str = ""
    post_type: str = ""
    status: str = ""
    post_name: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    attachment_url: str = ""
    password: str = ""
    comment_status: str = ""
    ping_status: str = ""
    sticky: str = ""
    terms: list[Term] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)
    comments: int = 0

    def meta_value(self, key: str) -> str | None:
        return next((value for k, value in self.meta if k == key), None)


@dataclass(slots=True)
class Export:
    """The whole export: channel data and every item, in file order."""

    path: Path
    version: str | None = None
    base_url: str = ""
    blog_url: str = ""  # the blog's own address (on WordPress.com, not base_url's)
    title: str = ""
    authors: dict[str, str] = field(default_factory=dict)
    items: list[Item] = field(default_factory=list)
    repaired_cdata: bool = False

    def reusable_blocks(self) -> dict[str, str]:
        """The reusable blocks (``wp_block`` posts) a post may use, by id: their content."""
        return {i.post_id.strip(): i.content for i in self.items if i.post_type == "wp_block"}


def _key(tag: str) -> str:
    """``{http://wordpress.org/export/1.2/}post_id`` → ``wp:post_id``."""
    if tag[0] != "{":
        return tag
    uri, _, local = tag[1:].partition("}")
    if _WP_NS.match(uri):
        return f"excerpt:{local}" if uri.rstrip("/").endswith("excerpt") else f"wp:{local}"
    prefix = _NAMESPACES.get(uri)
    return f"{prefix}:{local}" if prefix else local


_ITEM_FIELDS = {
    "title": "title",
    "wp:post_id": "post_id",
    "wp:post_type": "post_type",
    "wp:status": "status",
    "wp:post_name": "post_name",
    "wp:post_date": "post_date",
    "wp:post_date_gmt": "post_date_gmt",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:attachment_url": "attachment_url",
    "wp:post_password": "password",
    "wp:comment_status": "comment_status",
    "wp:ping_status": "ping_status",
    "wp:is_sticky": "sticky",
}


class _Builder:
    """The parser's target: turns start/data/end events into an :class:`Export`."""

    def __init__(self, export: Export) -> None:
        self.export = export
        self.stack: list[str] = []
        self.text: list[str] = []
        self.item: Item | None = None
        self.attrs: dict[str, str] = {}
        self.plain_terms: list[Term] = []
        self.meta_key = ""
        self.author: dict[str, str] = {}
        self.root = ""
        self.channel = False
        self.wordpress = False
        self.line: Callable[[], int] = lambda: 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        key = _key(tag)
        depth = len(self.stack)
        self.stack.append(key)
        self.text = []
        if not self.wordpress and key.startswith("wp:"):
            self.wordpress = True
        if depth == 0:
            self.root = key
        elif depth == 1 and key == "channel":
            self.channel = True
        elif depth == 2 and key == "item":
            self.item = Item(line=self.line())
        elif key == "category":
            self.attrs = attrs
        elif key == "wp:comment" and self.item is not None:
            self.item.comments += 1

    def data(self, text: str) -> None:
        self.text.append(text)

    def end(self, tag: str) -> None:
        key = self.stack.pop()
        depth = len(self.stack)
        text = "".join(self.text)
        self.text = []
        item = self.item
        if item is not None:
            if depth == 2 and key == "item":
                if not item.terms:  # only plain RSS categories: WordPress's are in nicename ones
                    item.terms = self.plain_terms
                self.plain_terms = []
                self.export.items.append(item)
                self.item = None
            elif depth == 3:
                name = _ITEM_FIELDS.get(key)
                if name is not None:
                    setattr(item, name, text if name in ("content", "excerpt") else text.strip())
                elif key == "category":
                    # WXR repeats each term as a plain RSS <category> (no nicename) for feed
                    # readers; like WordPress, read the ones with a nicename when there are any
                    nicename = self.attrs.get("nicename")
                    term = Term(self.attrs.get("domain", "category"), nicename or "", text.strip())
                    (self.plain_terms if nicename is None else item.terms).append(term)
            elif depth == 4 and self.stack[-1] == "wp:postmeta":
                if key == "wp:meta_key":
                    self.meta_key = text.strip()
                elif key == "wp:meta_value":
                    item.meta.append((self.meta_key, text))
            return
        if depth == 2:
            if key == "wp:wxr_version":
                self.export.version = text.strip()
            elif key == "wp:base_site_url":
                self.export.base_url = text.strip()
            elif key == "wp:base_blog_url":
                self.export.blog_url = text.strip()
            elif key == "title":
                self.export.title = text.strip()
            elif key == "wp:author":
                login = self.author.get("wp:author_login", "")
                if login:
                    name = self.author.get("wp:author_display_name") or login
                    self.export.authors[login] = name
                self.author = {}
        elif depth == 3 and self.stack[-1] == "wp:author":
            self.author[key] = text.strip()

    def close(self) -> None:
        return None


#: The largest export read (a blog of tens of thousands of posts is a few hundred MB)
LARGEST_EXPORT = 1 << 30


def read_export(path: Path) -> Export:
    """Parse ``path``; raise :class:`InputError` (file and line) if it is not a readable WXR."""
    try:  # a regular file: never a FIFO that hangs or /dev/zero that fills memory
        data, _ = read_limited(path, LARGEST_EXPORT)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    try:
        export = _parse(path, data)
    except InputError as first:
        repaired = _escape_cdata_ends(data)
        if repaired is None:
            raise
        try:
            export = _parse(path, repaired)
        except InputError:
            raise first from None
        export.repaired_cdata = True
    return export


def _parse(path: Path, data: bytes) -> Export:
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser

    export = Export(path=path)
    builder = _Builder(export)
    parser = DefusedXMLParser(target=builder)
    expat = parser.parser
    builder.line = lambda: int(expat.CurrentLineNumber)
    try:
        for start in range(0, len(data), CHUNK):
            parser.feed(data[start : start + CHUNK])
        parser.close()
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        message = str(exc).split(": line ")[0]
        raise InputError(f"not valid XML: {message}", path, line) from None
    except DefusedXmlException as exc:
        raise InputError(
            f"refused: {type(exc).__name__} (entity declarations are not read)",
            path,
            _line_of(data, b"<!ENTITY") or _line_of(data, b"<!DOCTYPE"),
        ) from None
    if builder.root != "rss" or not builder.channel:
        raise InputError("not a WordPress export (WXR): no <rss><channel>", path, 1)
    version = export.version
    if version is not None and not _VERSION.fullmatch(version):
        raise InputError(f"not a WordPress export (WXR): invalid WXR version {version!r}", path)
    if version is None and not builder.wordpress:
        raise InputError("not a WordPress export (WXR): an RSS feed without WordPress data", path)
    return export


def _line_of(data: bytes, needle: bytes) -> int | None:
    index = data.find(needle)
    return data.count(b"\n", 0, index) + 1 if index >= 0 else None


_CDATA_ELEMENT = re.compile(rb"<([\w:.-]+)>(\s*)<!\[CDATA\[(.*?)\]\]>(\s*)</\1>", re.S)


def _escape_cdata_ends(data: bytes) -> bytes | None:
    """Escape a ``]]>`` inside an element's CDATA the way WordPress now exports it.

    Returns ``None`` when there is nothing to repair, so the original error stands.
    """
    changed = False

    def fix(match: re.Match[bytes]) -> bytes:
        nonlocal changed
        inner = match.group(3)
        if b"]]>" not in inner:
            return match.group(0)
        changed = True
        inner = inner.replace(b"]]>", b"]]]]><![CDATA[>")
        tag = match.group(1)
        return b"<%s>%s<![CDATA[%s]]>%s</%s>" % (tag, match.group(2), inner, match.group(4), tag)

    repaired = _CDATA_ELEMENT.sub(fix, data)
    return repaired if changed else None
