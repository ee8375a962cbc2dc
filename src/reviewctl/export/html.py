"""The page model of one review, and the standalone HTML page made from it.

A review body is split at the house cut into the lede, the spoiler warning, the body below
the cut and the support-links footer; each part is rendered on its own so the index and the
feed can carry the lede alone and never a word from below the cut.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from stat import S_ISLNK, S_ISREG
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote, unquote

from reviewctl import templatetags
from reviewctl.export import markdown
from reviewctl.export.job import MISSING
from reviewctl.fs import is_within, read_head
from reviewctl.structure import (
    Kind,
    footnotes,
    inline_cuts,
    locate_sections,
    notes_for,
    promise_ends_line,
    promise_is_all,
    uncut_warning,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from markupsafe import Markup

    from reviewctl.config import Config
    from reviewctl.export.themes import Template
    from reviewctl.model import Review

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BARE_URL = re.compile(r"(?<![<(\[\"'=/])\b((?:https?://|mailto:)[^\s<>()\[\]\"']+)", re.I)
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])\s")
_REFERENCE = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:\s*\S")
_SAFE_EXTRA_TAGS = {"section", "figure", "figcaption", "sup", "hr", "br", "img", "del", "s"}
_SAFE_EXTRA_ATTRIBUTES = {
    "*": {"id", "class", "lang", "title"},
    "a": {"href", "hreflang", "title"},
    "img": {"src", "alt", "width", "height", "title", "loading"},
    "th": {"style"},
    "td": {"style"},
    "time": {"datetime"},
}


@dataclass(frozen=True, slots=True)
class Section:
    """Markdown source of one part and the file line it starts on."""

    source: str = ""
    line: int = 1


@dataclass(frozen=True, slots=True)
class Sections:
    lede: Section
    warning: str
    has_cut: bool
    body: Section
    footer: Section


#: Control characters no page, post or feed may hold (an ESC pasted from a terminal, a
#: vertical tab): each published as a space, so no two words run together.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _spaced(text: str) -> str:
    """``text`` (a front matter value: a YAML "\\e" writes an ESC) with each control
    character a space, as the parts' text has them."""
    return _CONTROLS.sub(" ", text) if _CONTROLS.search(text) else text


def split(review: Review, default_warning: str) -> Sections:
    """The review's house parts as Markdown sources (see the module docstring).

    With no cut, the lede is everything up to the end of the first paragraph: that is what the
    description, the index and the feed show; a review whose front matter marks it all
    spoilers (``spoiler: true``) has no lede, and is cut before its text. The warning is the
    review's own line, else the configured one, so the divider always says what it is.
    """
    parts = locate_sections(review)
    lines = review.lines
    first = review.body_line
    last = len(lines)
    footer = parts.footer_region
    body_end = footer.start - 1 if footer else last
    cut = parts.cut
    # A marker sharing its line above the cut (SP007) is where the blog cuts: the page cuts
    # at its paragraph, and the cut below it is dropped like any later one.
    inline = inline_cuts(review, parts)
    at = inline[0].block.start if inline else (cut.start if cut is not None else None)
    # A promise of spoilers with no cut (SP006) is where the review cuts, as show and search
    # hide what follows it: the lede ends with it, or before it when text follows it.
    warned = None
    if at is None and review.spoiler_flag is None:
        warned = uncut_warning(review, parts)
        if warned is not None:  # a list's or a quote's line stays in it, above the cut
            held = any(
                b.start <= warned <= b.end and b.kind in (Kind.LIST, Kind.QUOTE)
                for b in parts.blocks
            )
            at = warned + 1 if held or promise_ends_line(lines[warned - 1]) else warned
    # Link reference definitions are invisible, so each part gets those it may use: the lede
    # only those above the cut (a definition below it may hold a spoiler in its URL or title),
    # and only lines that are definitions for real (a look-alike would show as text).
    above = [
        (n, line) for n, line in enumerate(lines[first - 1 :], first) if _REFERENCE.match(line)
    ]
    references = markdown.reference_lines([line for _, line in above])
    lede_references = (
        references
        if at is None
        else markdown.reference_lines([line for n, line in above if n < at])
    )
    # Footnotes likewise: a part is given the notes it marks that are written in another
    # (the lede's, as a cut allows: never one from below it); a note no part of its own
    # marks is dropped there, so each shows once, under the part that marks it.
    notes = footnotes(lines, first, last) if "[^" in review.body else {}

    # Later cut markers are dropped: a page has one cut, and WordPress one <!--more-->.
    later = parts.cuts if inline else parts.cuts[1:]
    dropped = {n for extra in later for n in range(extra.start, extra.end + 1)}
    # A first heading that says the title is the page's title, not a second one above the
    # text (a post with no front matter title takes its title from it)
    opening = next((b for b in parts.blocks if b.start >= first), None)
    if (
        opening is not None
        and opening.kind in (Kind.HEADING, Kind.HTML)
        and review.is_title_heading(opening.text)
    ):
        dropped.update(range(opening.start, opening.end + 1))  # a Setext title is two lines

    controls = _CONTROLS.search(review.text) is not None  # one scan; then each part's

    def section(
        start: int, end: int, skip: int | None = None, refs: list[str] = references
    ) -> Section:
        # Blank, not removed: the lines keep their numbers for messages about images.
        first_n = max(start, 1)
        chosen = lines[first_n - 1 : min(end, last)]
        for n in {skip, *dropped}:
            if n is not None and first_n <= n < first_n + len(chosen):
                chosen[n - first_n] = ""
        end_n = first_n + len(chosen)  # the part's own lines, before what it is given
        wanted = notes_for("\n".join(chosen), notes, first_n, end_n, at) if notes else []
        if refs and chosen:
            chosen += ["", *refs]
        if wanted and chosen:
            chosen += wanted
        source = "\n".join(chosen)
        return Section(_CONTROLS.sub(" ", source) if controls else source, start)

    warning = default_warning
    if at is not None and inline:
        lede = section(first, at - 1, None, lede_references)
        body = section(at, body_end)
    elif cut is not None:
        skip = parts.warning.start if parts.warning else None
        if skip is not None:
            warning = lines[skip - 1].strip()
        lede = section(first, cut.start - 1, skip, lede_references)
        body = section(cut.end + 1, body_end)
    elif warned is not None and at is not None:
        skip = None
        if at > warned:  # the lede's last words say it: no second warning on the divider
            warning = ""
        elif any(b.start == b.end == warned for b in parts.blocks) and promise_is_all(
            lines[warned - 1]
        ):  # a line of its own that only warns: the divider's text, as above a cut
            warning = lines[warned - 1].strip()
            skip, at = warned, warned + 1
        lede = section(first, at - 1, skip, lede_references)
        body = section(at, body_end)
    elif (flag := review.spoiler_flag) is not None:  # all spoilers: cut before the text
        at = flag
        lede = Section("", first)
        body = section(first, body_end)
    else:
        # the lede is the first paragraph that says something: a picture above it goes with it
        paragraph = next(
            (
                b
                for b in parts.blocks
                if b.kind is Kind.PARAGRAPH and b.end <= body_end and _has_words(b.text)
            ),
            None,
        )
        lede_end = paragraph.end if paragraph else first - 1
        lede = section(first, lede_end)
        body = section(lede_end + 1, body_end)
    foot = Section()
    if footer:  # one link a line, as written: each line its own paragraph unless a list
        foot = Section(
            "\n".join(
                line if _LIST_ITEM.match(line) else f"{line}\n"
                for line in section(footer.start, footer.end).source.split("\n")
            ),
            footer.start,
        )
    if foot.source:
        foot = Section(
            _BARE_URL.sub(lambda m: f"<{_trim_url(m.group(1))}>{_tail(m.group(1))}", foot.source),
            foot.line,
        )
    return Sections(lede, warning, at is not None, body, foot)


_PICTURE = re.compile(r"!\[[^\]]*\]\([^)]*\)|<[^>]*>")
_EMPTY_LINK = re.compile(r"\[\s*\]\([^)]*\)")


def _has_words(text: str) -> bool:
    """Whether a paragraph holds text, not only pictures (and links around them)."""
    return any(c.isalnum() for c in _EMPTY_LINK.sub("", _PICTURE.sub("", text)))


def _trim_url(url: str) -> str:
    return url.rstrip(".,;:!?")


def _tail(url: str) -> str:
    return url[len(_trim_url(url)) :]


_FILE_URL = re.compile(r"\bfile:/[^\s)\"'<>\]]*", re.I)
# A link or image to a Windows path (``![x](C:\Users\me\pic.jpg)``, ``src="D:/photos/a.png"``)
_DRIVE_PATH = re.compile(
    r"""(?:\]\(\s*<?|\b(?:src|href|srcset|poster|data|action|formaction|background|cite)"""
    r"""\s*=\s*["']?|\burl\(\s*["']?)([A-Za-z]:[\\/][^)\s>"']*)""",
    re.I,
)
# A link (not an image: :class:`Images` names those) to a path from the root, which is a file
# of this computer when one is there (``[notes](/home/kit/notes.txt)``, a definition's
# ``[n]: /home/kit/notes.txt``), or in a home folder (``~/``) or a Windows share
_ROOTED_LINK = re.compile(
    r"""(?:(?<!!)\[[^\]\n]*\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?"""
    r"""|\b(?:href|srcset|poster|data|action|formaction|background|cite)"""
    r"""\s*=\s*["']?|\burl\(\s*["']?)((?:/(?!/)|\\|~/)[^)\s>"',]+)""",
    re.I,
)
# A link to a source file: ``](../anime/x.md)``, Zola's ``](@/books/x/index.md)``, a link
# reference's ``[x]: ../anime/x.md``, an HTML ``href="../anime/x.md"``; no scheme, so a web
# address of a README is not one.
_SOURCE_LINK = re.compile(
    r"""(?:\]\(\s*<?|^ {0,3}\[[^\]\n]+\]:[ \t]*<?|\bhref\s*=\s*["']?)"""
    r"""((?:@/)?[^)\s>:"']*\.(?:md|markdown))(?![\w.-])""",
    re.I,
)


def _drive_letter(text: str) -> bool:
    """Whether ``text`` holds a lone letter before ``:\\`` or ``:/`` ("C:/", not "https:/"):
    the test :data:`_DRIVE_PATH` needs before it runs. Its ``\\b(?:src|href)`` makes that regex
    try every word of the text (bench_export, 10,000 reviews: 150 µs a review); the few
    ``:/`` of a review's web addresses are looked at here instead."""
    for sep in (":\\", ":/"):
        at = text.find(sep)
        while at != -1:
            if at and text[at - 1].isalpha() and (at == 1 or not text[at - 2].isalnum()):
                return True
            at = text.find(sep, at + 1)
    return False


_PRIVATE = "a link to a file on this computer, published without its address"


def local_links(review: Review, shown: str, link: markdown.LinkResolver | None = None) -> list[str]:
    """One warning per link in the body, outside code, that the published page cannot follow
    and that names the author's files: a ``file:`` address (a file on this computer, user
    name and all) or a Markdown source file (another review's, perhaps a draft's) that
    ``link`` gives no page."""
    text = review.text
    body = review.lines[review.body_line - 1 :]
    if "{{" in text or "{%" in text:  # a relref, a post_url: the link the reader follows
        text = templatetags.as_markdown("\n".join(body))
        body = text.split("\n")
    files = "file:" in text or "FILE:" in text or "File:" in text
    sources = (".md" in text or ".markdown" in text) and (
        "](" in text or "]:" in text or "href" in text or "HREF" in text
    )
    drives = _drive_letter(text)
    rooted = (
        "](/" in text
        or '="/' in text
        or "='/" in text
        or "url(" in text
        or "\\\\" in text
        or "~/" in text
        or "]: /" in text  # a link reference definition
    )
    if not files and not sources and not drives and not rooted:
        return []  # the usual review: a few scans in C, no regex
    from reviewctl.structure import Kind

    code: set[int] = set()
    for block in review.parts.blocks:
        if block.kind is Kind.CODE:
            code.update(range(block.start, block.end + 1))
    found = []
    for number, line in enumerate(body, review.body_line):
        if number in code:
            continue
        for match in _FILE_URL.finditer(line) if files else ():
            found.append(f"{shown}:{number}: {_PRIVATE}: {match[0]}")
        for match in _DRIVE_PATH.finditer(line) if drives else ():
            found.append(f"{shown}:{number}: {_PRIVATE}: {match[1]}")
        for match in _ROOTED_LINK.finditer(line) if rooted else ():
            address = unquote(match[1].split("#", 1)[0].split("?", 1)[0])
            if markdown.local_path(address) or os.path.isfile(address):
                found.append(f"{shown}:{number}: {_PRIVATE}: {match[1]}")
            elif (  # a Markdown source's is said below, as any link to one
                link is not None
                and not address.lower().endswith((".md", ".markdown"))
                and link(match[1]) == markdown.UNPUBLISHED
            ):
                found.append(
                    f"{shown}:{number}: a link to a review the site has no page of (a draft?),"
                    f" published as its text: {match[1]}"
                )
        for match in _SOURCE_LINK.finditer(line) if sources else ():
            if link is not None and link(match[1]):
                continue  # the review's page
            found.append(
                f"{shown}:{number}: a link to a Markdown file, published as its text (the"
                f" site has no such page): {match[1]}"
            )
    return found


#: Pelican's placeholders for its content folder: ``{static}/images/x.png``,
#: ``{filename}/other-post.md`` (and the older ``|filename|``).
_PELICAN_LINK = re.compile(r"^(?:\{(?:static|attach|filename)\}|\|(?:static|attach|filename)\|)/?")


def _from_content(path: str) -> str:
    """``path`` with Pelican's placeholder for the content folder as a path from the root,
    which is looked up there."""
    return _PELICAN_LINK.sub("/", path) if path[:1] in "{|" else path


class PageFinder(Protocol):
    """The run's review pages (``export.page``'s), for links between reviews."""

    def __call__(self, real: str) -> str | None:
        """The folder of the page of the review at real path ``real`` ("": none)."""

    def by_address(self, path: str) -> str | None:
        """The real path of the review the blog's generator published at ``path``."""


class Images:
    """Local images of one review: checked to lie inside the archive, then copied.

    ``__call__`` is the Markdown renderer's resolver: it returns the new ``src`` (``prefix`` +
    a path under the review's output folder) or ``None`` to leave a source as written.
    """

    def __init__(self, review_path: Path, root: Path, prefix: str = "") -> None:
        self.review_path = review_path
        self.folder = review_path.parent
        self.root = root
        self.prefix = prefix
        self.copies: dict[str, Path] = {}  # destination under the page folder → source file
        self.deps: dict[str, list[int]] = {}  # source file → [size, mtime_ns]
        self.warnings: list[str] = []
        #: each address placed: where it leads, what was said of it (after the line's
        #: place), and the lines it was met on (each is told of it)
        self._seen: dict[str, tuple[str | None, list[str], set[int]]] = {}
        self.remote: list[str] = []  # images on the web, as written
        self.lede_remote: list[str] = []  # those in the lede (the first is og:image)
        self.in_lede = False  # whether the lede shows a local image (set by build_page)
        self.lede_local: list[str] = []  # the lede's local images, as placed
        #: a file's real path → its page's folder if it is a review of the run ("": one with
        #: no page), for links between reviews; none (a WordPress post): such links are text
        self.pages: PageFinder | None = None
        self.page_root = ""  # the way from this page's folder back to the site's root
        #: the files linked to (real paths, or where a missing one would be) → the folder
        #: of the page the link leads to ("": none, the link is text)
        self.links: dict[str, str] = {}
        self._linked: dict[str, str | None] = {}

    def __call__(self, src: str, line: int) -> str | None:
        seen = self._seen.get(src)
        if seen is None:
            said = len(self.warnings)
            dest = self._place(src, line)
            where = f"{self.review_path}:{line}"
            told = [w.removeprefix(where) for w in self.warnings[said:]]
            self._seen[src] = (dest, told, {line})
        else:  # placed once; a warning is told for each line that uses it
            dest, told, lines = seen
            if line not in lines:
                lines.add(line)
                self.warnings += [f"{self.review_path}:{line}{w}" for w in told]
        if dest is None or dest == markdown.UNPUBLISHED:
            return dest
        return self.prefix + quote(dest)

    def _place(self, src: str, line: int) -> str | None:
        raw = src.strip()
        if raw.startswith(("http://", "https://")):
            self.remote.append(raw)
        if not raw or raw.startswith(("#", "//")) or _SCHEME.match(raw):
            return None
        path = _from_content(unquote(raw.split("#", 1)[0].split("?", 1)[0]))
        if not path:
            return None
        where = f"{self.review_path}:{line}"
        noun = _noun(path)
        found = self._find(path)
        # Hugo and Zola publish static/ at the site's root, and Zola resolves a page's
        # pictures from content/ too (``extra.image = "books/x/cover.jpg"``)
        for base in ("static", "content") if path.startswith("/") else ("content", "static"):
            if found is None and os.path.isdir(self.root / base):
                found = self._find(path.lstrip("/"), self.root / base)
        if found is None and (
            markdown.local_path(path) or (path.startswith("/") and os.path.isfile(path))
        ):  # not the site's /images/…, a file of this computer (user name and all)
            self.warnings.append(
                f"{where}: {_with_article(noun)} that is a file on this computer, published without it: {src}"
            )
            return markdown.UNPUBLISHED
        outside = f"{where}: {noun} outside the archive, published without it: {src}"
        if found is None and not path.startswith("/") and not self._inside(path):
            self.warnings.append(outside)  # ../../private/x.png: the names of its folders
            return markdown.UNPUBLISHED
        if found is None:
            self.warnings.append(f"{where}: {noun} not found, not copied: {src}")
            self._missing(path)
            return None
        resolved, stat = found
        if not is_within(resolved, self.root):
            self.warnings.append(outside)
            return markdown.UNPUBLISHED
        if not S_ISREG(stat.st_mode):
            self.warnings.append(f"{where}: {noun} is not a file, not copied: {src}")
            return None
        if stat.st_size > MAX_IMAGE_SIZE:
            megabytes = MAX_IMAGE_SIZE // (1024 * 1024)
            self.warnings.append(f"{where}: {noun} over {megabytes} MB, not copied: {src}")
            return None
        if not is_media(resolved):
            self.warnings.append(f"{where}: not {_with_article(noun)} file, not copied: {src}")
            return None
        pure = PurePosixPath(path)
        plain = not pure.is_absolute() and all(p not in ("..", ".", "") for p in pure.parts)
        dest = str(pure) if plain else f"images/{resolved.name}"
        stem, dot, ext = dest.rpartition(".")
        number = 1
        while dest in self.copies and self.copies[dest] != resolved:
            number += 1
            dest = f"{stem}-{number}{dot}{ext}" if dot else f"{dest}-{number}"
        self.copies[dest] = resolved
        self.deps[str(resolved)] = [stat.st_size, stat.st_mtime_ns]
        return dest

    def _inside(self, path: str) -> bool:
        """Whether the relative ``path`` names a place in the archive, from the review's
        folder (the file there or not)."""
        return is_within(Path(os.path.realpath(os.path.join(self.folder, path))), self.root)

    def _missing(self, path: str) -> None:
        """Where the picture ``path`` would be found, each a dependency that is not there
        (:data:`MISSING`): the page is rendered again once one of them is."""
        bases = [self.root if path.startswith("/") else self.folder]
        bases += [self.root / b for b in ("static", "content") if os.path.isdir(self.root / b)]
        for base in bases:
            where = os.path.normpath(os.path.join(base, path.lstrip("/")))
            if "\0" not in where and is_within(Path(where), self.root):
                self.deps.setdefault(where, MISSING)

    def link(self, address: str) -> str | None:
        """The page, from this one, of the review a link to a Markdown source leads to
        (``../film/x.md``, Zola's ``@/books/x/index.md``) or a link to its address on the
        blog does (``/2020/01/02/x/``, ``/posts/x/``: :meth:`PageFinder.by_address`), a
        ``#fragment`` kept; ``None`` when the site has no page of it (not a review of the
        archive, a draft)."""
        path, mark, fragment = address.partition("#")
        path = _from_content(unquote(path.split("?", 1)[0]))
        if path not in self._linked:
            self._linked[path] = self._page_of(path)
        folder = self._linked[path]
        if not folder:
            return folder  # None: no review; "": one with no page
        return f"{self.page_root}{quote(folder)}/index.html{mark}{fragment}"

    def _page_of(self, path: str) -> str | None:
        if self.pages is None or _SCHEME.match(path):
            return None
        source = path.lower().endswith((".md", ".markdown"))
        if path.startswith("/") and not source:  # the review's old address on the blog
            return self._page_at_address(self.pages, path)
        if path.startswith(("@/", "/")):  # Zola's, Hugo's and Jekyll's: from the content root
            inner = path.removeprefix("@").lstrip("/")
            candidates = [self.root / "content" / inner, self.root / inner]
        else:  # from the page, else (Hugo's relref, Jekyll's link) from the content root
            candidates = [self.folder / path, self.root / "content" / path, self.root / path]
        for candidate in candidates:
            try:
                real = candidate.resolve(strict=True)
                stat = real.stat()
            except (OSError, RuntimeError, ValueError):  # ValueError: a NUL in the path
                continue
            if not is_within(real, self.root) or not S_ISREG(stat.st_mode):
                return None
            folder = self.pages(str(real))
            if folder is None:
                return None
            # not a dependency: an edit of it re-renders this page only when its page comes,
            # goes or moves (the run checks ``links`` once every folder is settled)
            self.links[str(real)] = folder
            return folder
        missing = os.path.abspath(candidates[0])
        if "\0" not in missing and is_within(Path(missing), self.root):
            # a review not written yet: text, until it is
            self.links[missing] = ""
        return None

    def _page_at_address(self, pages: PageFinder, path: str) -> str | None:
        found = None if path.startswith("//") else pages.by_address(path)
        shown = pages(found) if found is not None else None
        if found is None or shown is None:
            return None
        self.links[found] = shown  # as a link to its source: re-rendered if its page moves
        return shown

    def _find(self, path: str, base: Path | None = None) -> tuple[Path, os.stat_result] | None:
        """The image's real path and its ``stat``; ``None`` when there is no such file.

        ``base``: the folder it is relative to (else the review's, or the archive's for a path
        from the root). One ``lstat`` for the usual image, a plain file in a folder whose
        real path is known from an earlier image (every review of a folder shares its
        ``images/``); the full resolution, component by component, for a symlink or an odd
        path.
        """
        base = base or (self.root if path.startswith("/") else self.folder)
        candidate = os.path.join(base, path.lstrip("/"))
        parent, name = os.path.split(candidate)
        if name not in ("", ".") and ".." not in path:
            real = os.path.join(_realpath(parent), name)
            try:
                stat = os.lstat(real)
            except (OSError, ValueError):  # ValueError: a NUL in the path
                return None
            if not S_ISLNK(stat.st_mode):
                return Path(real), stat
        try:
            resolved = Path(candidate).resolve(strict=True)
            return resolved, resolved.stat()
        except (OSError, RuntimeError, ValueError):
            return None


#: The largest image (or video) copied into a site.
MAX_IMAGE_SIZE = 50 * 1024 * 1024
#: Leading bytes of each image, video and sound format copied into a site, by extension.
_MAGIC: dict[str, tuple[bytes, ...]] = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".avif": (b"",),  # an ISO box: checked below
    ".bmp": (b"BM",),
    ".ico": (b"\x00\x00\x01\x00",),
    ".svg": (b"<",),
    # what <video> and <audio> play
    ".mp4": (b"",),  # an ISO box: checked below
    ".m4v": (b"",),
    ".mov": (b"",),
    ".webm": (b"\x1aE\xdf\xa3",),
    ".ogg": (b"OggS",),
    ".ogv": (b"OggS",),
    ".oga": (b"OggS",),
    ".opus": (b"OggS",),
    ".mp3": (b"ID3",),  # or an MPEG frame: checked below
    ".m4a": (b"",),
    ".aac": (b"ADIF", b"\xff\xf1", b"\xff\xf9"),
    ".flac": (b"fLaC",),
    ".wav": (b"RIFF",),
}


_VIDEOS = frozenset((".mp4", ".m4v", ".mov", ".webm", ".ogv"))
_SOUNDS = frozenset((".ogg", ".oga", ".opus", ".mp3", ".m4a", ".aac", ".flac", ".wav"))


def _noun(path: str) -> str:
    """What a warning calls the file a page shows: an image, a video or a sound."""
    suffix = PurePosixPath(path).suffix.lower()
    return "video" if suffix in _VIDEOS else "sound" if suffix in _SOUNDS else "image"


def is_picture(src: str) -> bool:
    """Whether ``src`` names a picture, not a video or a sound (by its extension)."""
    return _noun(src.split("#", 1)[0].split("?", 1)[0]) == "image"


def _with_article(noun: str) -> str:
    return f"an {noun}" if noun[0] in "aeiou" else f"a {noun}"


def is_media(path: Path) -> bool:
    """Whether ``path`` is an image (a video, a sound) by its name and its first bytes:
    never a dotfile, a review, a config or anything else referenced like one."""
    suffix = path.suffix.lower()
    if path.name.startswith(".") or suffix not in _MAGIC:
        return False
    try:
        head = read_head(os.fspath(path), 512)
    except OSError:
        return False
    if suffix == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if suffix == ".avif":
        return head[4:8] == b"ftyp" and head[8:12] in (b"avif", b"avis")
    if suffix in (".mp4", ".m4v", ".mov", ".m4a"):
        return head[4:8] == b"ftyp"
    if suffix == ".mp3" and len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return True  # an MPEG audio frame's sync bits
    if suffix == ".wav":
        return head[:4] == b"RIFF" and head[8:12] == b"WAVE"
    if suffix == ".svg":
        return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and b"<svg" in head.lower()
    return head.startswith(_MAGIC[suffix])


@lru_cache(maxsize=1024)
def _realpath(folder: str) -> str:
    return os.path.realpath(folder)


#: WordPress's own markers, which its editor reads: kept.
_WORDPRESS_MARKER = re.compile(r"<!--(?:more|nextpage|noteaser)\b", re.I)


def _opening(lowered: str, name: str, at: int) -> int:
    """Where the next ``<name`` tag opens in ``lowered`` from ``at`` (not ``<scripture``)."""
    tag = "<" + name
    while (found := lowered.find(tag, at)) != -1:
        if lowered[found + len(tag) : found + len(tag) + 1] in (
            "",
            ">",
            "/",
            " ",
            "\t",
            "\n",
            "\r",
            "\f",
        ):
            return found
        at = found + 1
    return -1


def drop_comments(fragment: str) -> str:
    """``fragment`` without the author's HTML comments: notes to self, a draft sentence, a
    picture put aside, a ``reviewctl: ignore`` line; none is the reader's. Kept: WordPress's
    markers, the text of a script or a style (code), and a comment never closed (a browser
    hides the rest of the page in it: nothing after it is dropped here). A comment ends as
    HTML ends it: ``<!-->`` and ``<!--->`` are empty, ``--!>`` closes. One pass, linear."""
    if "<!--" not in fragment:
        return fragment
    lowered = fragment.lower()
    kept: list[str] = []
    copied = at = 0
    raw = {"script": _opening(lowered, "script", 0), "style": _opening(lowered, "style", 0)}
    while (start := fragment.find("<!--", at)) != -1:
        for name, where in raw.items():  # the next <script>/<style> at or after ``at``
            if 0 <= where < at:
                raw[name] = where = _opening(lowered, name, at)
        element = (
            min((w, n) for n, w in raw.items() if w != -1) if max(raw.values()) != -1 else None
        )
        if element is not None and element[0] < start:  # code: kept whole, to its end tag
            close = lowered.find(f"</{element[1]}", element[0])
            if close == -1:
                break
            at = close + 2
            continue
        if fragment.startswith(("<!-->", "<!--->"), start):
            end = start + (5 if fragment[start + 4] == ">" else 6)
        else:
            dashes = fragment.find("-->", start + 4)
            bang = fragment.find("--!>", start + 4, dashes if dashes != -1 else len(fragment))
            if bang != -1:
                end = bang + 4
            elif dashes != -1:
                end = dashes + 3
            else:
                break  # never closed
        if _WORDPRESS_MARKER.match(fragment, start) is None:
            kept.append(fragment[copied:start])
            copied = end
        at = end
    kept.append(fragment[copied:])
    return "".join(kept)


def sanitize(fragment: str) -> str:
    """``--safe``: raw HTML through nh3 (scripts, handlers and ``javascript:`` links go)."""
    if not fragment:
        return fragment
    import nh3

    from reviewctl.export import embeds

    fragment = embeds.keep_allowed(fragment)
    attributes = {k: set(v) for k, v in nh3.ALLOWED_ATTRIBUTES.items()}
    for tag, names in _SAFE_EXTRA_ATTRIBUTES.items():
        attributes.setdefault(tag, set()).update(names)
    attributes["iframe"] = set(embeds.ATTRIBUTES)
    return nh3.clean(
        fragment,
        tags=nh3.ALLOWED_TAGS | _SAFE_EXTRA_TAGS | {"iframe"},
        attributes=attributes,
        attribute_filter=embeds.attribute_filter,
        link_rel="noopener noreferrer",
        filter_style_properties={"text-align"},  # what Markdown tables set, nothing else
    )


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    slug: str


@dataclass
class Page:
    """What a template sees of one review. Strings are plain text, escaped by the template;
    the rendered parts (``lede``, ``warning``, ``body``, ``footer``) are ``Markup``."""

    title: str
    work: str
    medium: str
    medium_slug: str
    medium_label: str
    category: str
    slug: str
    status: str
    draft: bool
    date: dt.date | None
    rating: float | None
    rating_scale: int
    tags: list[Tag]
    where_to_watch: str
    author: str
    lang: str
    description: str
    lede: Markup
    warning: Markup
    has_cut: bool
    body: Markup
    footer: Markup
    reading_minutes: int
    words: int
    extra: dict[str, Any] = field(default_factory=dict)
    #: The site around the page (``[site]``): its name, this page's absolute URL (empty
    #: without ``base_url``), the preview image (absolute, or empty), the medium's facts.
    site_title: str = ""
    url: str = ""
    image: str = ""
    cover: str = ""  # the preview image as a path from the site root, for index cards
    facts: list[tuple[str, str]] = field(default_factory=list)
    item_type: str = "CreativeWork"
    jsonld: str = ""

    @property
    def date_iso(self) -> str:
        return self.date.isoformat() if self.date else ""

    @property
    def date_text(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}" if self.date else ""

    @property
    def rating_text(self) -> str:
        if self.rating is None:
            return ""
        return f"{self.rating:g}/{self.rating_scale}"


def medium_label(config: Config, medium: str) -> str:
    known = config.medium(medium)
    if known is not None:
        return known.category
    return medium.replace("-", " ").replace("_", " ").title() if medium else "Reviews"


def build_page(
    review: Review,
    config: Config,
    *,
    medium_slug: str,
    slug: str,
    tag_slug: Callable[[str], str],
    images: Images,
    safe: bool,
) -> Page:
    """Render the review's parts and gather its header fields."""
    from markupsafe import Markup

    parts = split(review, config.spoiler_warning)
    clean = sanitize if safe else drop_comments
    link = images.link if images.pages is not None else None
    images.warnings.extend(local_links(review, str(review.path), link))
    if safe:
        from reviewctl.export import embeds

        images.warnings.extend(embeds.warnings(review, str(review.path)))

    folded = _folded_lines(parts.lede)  # a picture folded away (<details>) is no preview

    def in_lede(src: str, line: int) -> str | None:
        picture = is_picture(src) and line not in folded  # nor is a video or a sound
        if picture and src.strip().startswith(("http://", "https://")):
            images.lede_remote.append(src.strip())
        new = images(src, line)
        if new is not None:
            images.in_lede = True
            if picture:
                images.lede_local.append(new)
        return new

    ids = set(markdown.PAGE_IDS)  # one page: its parts' headings never share an id

    def part(
        section: Section, doc_id: str | None = None, resolve: markdown.ImageResolver = images
    ) -> Markup:
        rendered = markdown.render(
            section.source,
            resolve=resolve,
            first_line=section.line,
            doc_id=doc_id,
            link=link,
            ids=ids,
        )
        return Markup(clean(rendered))

    lede, body = part(parts.lede, "lede", in_lede), part(parts.body)
    footer = part(parts.footer, "footer")
    settings = config.site
    folder = f"{medium_slug}/{slug}/"
    image, cover = _preview_image(review, images, folder, settings.base_url)
    if not image and settings.image:
        image = site_image(settings.image, settings.base_url)
    from reviewctl.facts import medium_facts

    facts = medium_facts(review, config)
    own = _spaced(own_description(review) or "")
    description = (
        markdown.summarize(own)
        if own
        else markdown.summarize(_plain_description(markdown.plain_text(lede)))
    )
    warning = Markup(clean(markdown.render_inline(parts.warning)))
    title = _spaced(review.title or review.work or review.path.stem)
    tags = [Tag(name, tag_slug(name)) for name in dict.fromkeys(review.tags)]
    page = Page(
        title=title,
        work=_spaced(review.work),
        medium=review.medium,
        medium_slug=medium_slug,
        medium_label=medium_label(config, review.medium),
        category=review.category or medium_label(config, review.medium),
        slug=slug,
        status=review.status,
        draft=review.is_draft,
        date=review.date,
        rating=review.rating,
        rating_scale=config.rating_scale,
        tags=tags,
        where_to_watch=review.where_to_watch,
        author=config.author,
        lang=review.language or settings.language,
        description=description,
        lede=lede,
        warning=warning,
        has_cut=parts.has_cut,
        body=body,
        footer=footer,
        reading_minutes=review.reading_minutes,
        words=review.words,
        extra={k: v for k, v in review.metadata.items() if isinstance(v, str | int | float)},
        site_title=site_title(config),
        url=f"{settings.base_url}{folder}" if settings.base_url else "",
        image=image,
        cover=cover,
        facts=facts,
        item_type=settings.item_type(review.medium),
    )
    return page


def site_title(config: Config) -> str:
    """``[site] title``, else the author's name: "Kit's reviews"."""
    if config.site.title:
        return config.site.title
    return f"{config.author}\u2019s reviews" if config.author else "Reviews"


def site_image(image: str, base_url: str) -> str:
    """``[site] image`` as an absolute URL: as written when it is one, else under
    ``base_url``; empty when there is none or it cannot be made absolute (a preview needs
    an absolute URL), or when it names a file of this computer (``/home/kit/cover.png``):
    never published."""
    if not image or markdown.private_address(image, "src"):
        return ""
    if image.startswith(("http://", "https://")):
        return image
    return base_url + image.lstrip("/") if base_url else ""


def own_description(review: Review) -> str | None:
    """The author's own description, as one line of plain text: Zola's and ours, Hugo's
    ``summary``, Jekyll's ``excerpt`` (an imported WordPress post's manual excerpt)."""
    for key in ("description", "summary", "excerpt"):
        value = review.metadata.get(key)
        if isinstance(value, str):
            text = markdown.plain_text(templatetags.removed(value))
            if text:
                return text
    return None


def _plain_description(text: str) -> str:
    """A description as a search engine should show it: one line of plain text."""
    text = templatetags.removed(text)
    return markdown.summarize(markdown.plain_text(text))


def _folded_lines(section: Section) -> frozenset[int]:
    """The file lines of ``section`` inside a ``<details>`` element (or a shortcode that
    folds as one)."""
    source = section.source
    if "{{" in source or "{%" in source:
        source = templatetags.as_markdown(source)  # line for line
    if "<details" not in source and "<DETAILS" not in source:
        return frozenset()
    from reviewctl.folding import folded_spans

    lines: set[int] = set()
    for start, end in folded_spans(source, comments=False):
        first = section.line + source.count("\n", 0, start)
        lines.update(range(first, section.line + source.count("\n", 0, end) + 1))
    return frozenset(lines)


def _preview_image(review: Review, images: Images, folder: str, base_url: str) -> tuple[str, str]:
    """The review's own picture (``image``, ``cover``…: :attr:`Review.cover_image`), else
    the lede's first image: never one from below the cut. Returns it as an absolute URL
    (empty when it cannot be one) and as a path from the site root (empty for a remote
    image)."""
    chosen = review.cover_image
    if chosen is not None and is_picture(chosen[0]):
        src, line = chosen
        if src.startswith(("http://", "https://")):
            return src, src
        placed = images(src, line)
        if placed:  # not None (not found) nor UNPUBLISHED (a file of this computer)
            rel = folder + placed.removeprefix(images.prefix)
            return (base_url + rel if base_url else ""), rel
    if images.lede_remote:
        return images.lede_remote[0], images.lede_remote[0]
    if images.lede_local:
        rel = folder + images.lede_local[0].removeprefix(images.prefix)
        return (base_url + rel if base_url else ""), rel
    return "", ""


_RELATIVE_HREF = re.compile(r'(<a\s[^>]*?\bhref=")(?![A-Za-z][A-Za-z0-9+.-]*:|/)([^"]*)"')


def rebase_links(fragment: str, folder: str) -> str:
    """``fragment`` (HTML from the page in ``folder``) with its relative links made relative to
    the site's root instead, for the front pages and the feed that show it: ``#verdict`` leads
    to the review's own page, ``../part-one/`` where it led from there."""
    if ' href="' not in fragment:
        return fragment

    def rebased(match: re.Match[str]) -> str:
        address = match[2]
        if address.startswith("#"):
            return f'{match[1]}{folder}/index.html{address}"'
        path, mark, rest = address.partition("#")
        path, query, after = path.partition("?")
        joined = posixpath.normpath(f"{folder}/{path}") if path else f"{folder}/index.html"
        if joined.startswith("../") or joined == "..":
            return match[0]  # above the site's root: not ours to move
        if path.endswith("/") and joined != ".":
            joined += "/"
        return f'{match[1]}{joined}{query}{after}{mark}{rest}"'

    return _RELATIVE_HREF.sub(rebased, fragment)


def relative_root(rel_dir: str) -> str:
    """``"anime/x"`` → ``"../../"``: the way from a page's folder back to the export root."""
    depth = len([p for p in rel_dir.split("/") if p])
    return "../" * depth


def render_page(page: Page, template: Template, *, root: str, site: bool, assets: list[str]) -> str:
    """The standalone HTML5 page of one review."""
    from reviewctl.export.themes import stylesheets

    return str(
        template.render(
            review=page,
            root=root,
            site=site,
            stylesheets=stylesheets(assets),
            generator="reviewctl",
        )
    )
