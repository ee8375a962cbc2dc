"""Find review files and load them, in order, never dropping one that fails."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from reviewctl.config import Config
from reviewctl.fs import is_within

if TYPE_CHECKING:
    from reviewctl.markers import Markers
    from reviewctl.model import Review

T = TypeVar("T")
SUFFIXES = (".md", ".markdown")
#: Files of a blog's repository that are never posts (matched in lower case).
NOT_POSTS = frozenset(
    ("readme.md", "changelog.md", "license.md", "contributing.md", "code_of_conduct.md",
     "security.md", "todo.md")
)  # fmt: skip
_NOT_POST_INITIALS = frozenset("rRcClLsStT")
#: Folders that never hold the author's posts: dependencies, a generator's output, its
#: templates and themes (with their example sites).
NOT_POST_FOLDERS = frozenset(
    ("node_modules", "bower_components", "vendor", "site-packages", "__pycache__", "_site",
     "archetypes", "themes")
)  # fmt: skip


def _bundle_page(name: str) -> bool:
    """Whether ``name`` is a page bundle's page: ``index.md``, or a translation of it
    (``index.fr.md``, ``index.zh-cn.md``; not ``index.backup.md``)."""
    return name == "index.md" or (
        _BUNDLE_TRANSLATION.fullmatch(name) is not None and name[6:-3].lower() not in _COPIES
    )


# index.lt.md, index.es-419.md, index.zh-hant-tw.md: a language tag's shape, as Hugo names a
# translation after the languages its config declares (any of them)
_BUNDLE_TRANSLATION = re.compile(r"index\.[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*\.md", re.I)
#: what a copy of a page is named, which no language is named
_COPIES = frozenset(("bak", "old", "new", "tmp", "orig", "copy", "sav", "swp", "draft"))


def _in_content(folder: str) -> bool:
    """Whether ``folder`` lies inside a generator's ``content`` folder (not the folder itself)."""
    parts = os.path.abspath(folder).split(os.sep)
    return "content" in parts[:-1]


def iter_names(paths: Iterable[Path], config: Config) -> Iterator[str | Review]:
    """Review files under ``paths``, as path strings: files as given, folders walked in name
    order (a folder's files before its subfolders; symlinked folders listed, not followed).

    Only regular files are yielded, and a symlinked review only when its target lies inside
    the archive. Anything else (a path that does not exist, a FIFO, a link out of the archive
    or in a loop, a folder that cannot be read) is yielded as a :class:`Review` carrying the
    reason, so callers report it in line with the rest. Hidden files and folders, the
    templates folder, folders that never hold posts (:data:`NOT_POST_FOLDERS`) and a
    repository's own documents (:data:`NOT_POSTS`) are skipped, and so are files the config's
    ``exclude`` globs match (a file or folder named on the command line is always read, a
    file only when it is Markdown by its name: a shell's ``*`` names the config too).
    Strings, not ``Path`` objects: ten thousand of those cost more than a re-export.
    """
    templates = os.path.realpath(config.templates_path)
    root = os.path.realpath(config.root)
    excluded = config.exclusion()

    def refused(path: str | Path, reason: str) -> Review:
        from reviewctl.model import Problem, Review  # only for what cannot be read

        return Review(Path(path), error=Problem(reason, kind="read"))

    def check_link(path: str) -> Review | None:
        try:
            real = os.path.realpath(path, strict=True)
        except (OSError, RuntimeError):
            return refused(path, "broken symlink or symlink loop; skipped")
        if not is_within(real, root):
            return refused(path, "symlink to a file outside the archive; skipped")
        if not os.path.isfile(real):
            return refused(path, "not a regular file; skipped")
        return None

    def walk(folder: str) -> Iterator[str | Review]:
        try:
            with os.scandir(folder) as scan:
                items = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            yield refused(folder, f"cannot read folder: {exc.strerror or exc}; skipped")
            return
        # paths spelled as ``str(Path(...))`` spells them ("a/b.md", not "./a/b.md")
        prefix = "" if folder == "." else folder.rstrip(os.sep) + os.sep
        subfolders = []
        # a Hugo or Zola page bundle: its other Markdown files are the page's resources (the
        # author's notes), never pages of their own
        bundle = _in_content(folder) and any(_bundle_page(e.name) for e in items)
        for item in items:
            name = item.name
            if name.startswith("."):
                continue
            path = prefix + name
            try:
                link = item.is_symlink()
                if not link and item.is_dir(follow_symlinks=False):
                    if name not in NOT_POST_FOLDERS:
                        subfolders.append(path)
                    continue
                if not name.endswith(SUFFIXES) or (excluded is not None and excluded(name, path)):
                    continue
                if bundle and not _bundle_page(name):
                    continue
                if name[0] in _NOT_POST_INITIALS and name.lower() in NOT_POSTS:
                    continue
                if not path.isascii() and not _utf8(path):
                    yield refused(path, _NOT_UTF8)
                    continue
                if link:
                    problem = check_link(path)
                    if problem is None:
                        yield path
                    elif not os.path.isdir(path):  # a linked folder is listed, not followed
                        yield problem
                elif item.is_file(follow_symlinks=False):
                    yield path
                else:
                    yield refused(path, "not a regular file; skipped")
            except OSError as exc:
                yield refused(path, f"cannot read: {exc.strerror or exc}; skipped")
        for sub in subfolders:
            if os.path.realpath(sub) != templates:
                yield from walk(sub)

    def named(path: Path) -> Iterator[str | Review]:
        text = str(Path(path))
        markdown = text.lower().endswith(SUFFIXES)
        if not markdown and os.path.lexists(text) and not os.path.isdir(text):
            # a shell's ``*`` names the config, a script holding a password: never a review
            yield refused(text, _NOT_MARKDOWN)
        elif os.path.islink(text) and os.path.isdir(text):  # a linked folder, named: walked
            if is_within(os.path.realpath(text), root):
                yield from walk(text)
            else:
                yield refused(text, "symlink to a folder outside the archive; skipped")
        elif os.path.islink(text):
            problem = check_link(text)
            yield text if problem is None else problem
        elif os.path.isdir(text):
            yield from walk(text)
        elif os.path.isfile(text):
            yield text if text.isascii() or _utf8(text) else refused(text, _NOT_UTF8)
        elif os.path.lexists(text):
            yield refused(text, "not a regular file; skipped")
        else:
            yield refused(path, "no such file or directory")

    paths = list(paths)
    if len(paths) < 2:
        for path in paths:
            yield from named(path)
        return
    # "x.md ./x.md", "reviews reviews/anime", a folder and a link to it: each file once.
    # A named path counts by its real place (a linked folder is its target), what lies in
    # it by its name there: a linked review and its target stay two, as in one path's walk.
    seen: set[str] = set()
    for path in paths:
        named_as = str(Path(path))
        real = os.path.realpath(named_as)
        for item in named(path):
            name = item if isinstance(item, str) else str(item.path)
            if name == named_as or name.startswith(named_as + os.sep):
                key = real + name[len(named_as) :]
            elif named_as == ".":  # a walk of "." names its files from here
                key = os.path.join(real, name)
            else:
                key = os.path.abspath(name)
            if key not in seen:
                seen.add(key)
                yield item


#: Why a file named on the command line is not read.
_NOT_MARKDOWN = "not a Markdown file (.md or .markdown); skipped"
#: A file name the index, the slug and the site cannot hold (Latin-1 bytes, say).
_NOT_UTF8 = "file name is not valid UTF-8: rename it; skipped"


def _utf8(path: str) -> bool:
    """Whether ``path`` is text (the file system gave no undecodable bytes)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def covers_archive(paths: Iterable[Path | str], config: Config) -> bool:
    """Whether ``paths`` hold every folder of the archive's reviews (a run over the whole
    archive, not over part of it)."""
    given = [os.path.abspath(p).rstrip(os.sep) for p in paths]
    return all(
        any(a == g or a.startswith(g + os.sep) for g in given)
        for a in (os.path.abspath(p) for p in default_paths(config))
    )


#: Up to this many files named on the command line (no folder), a run is an editor's check
#: of the files at hand: what it remembers is looked up for those files alone.
NAMED_FILES = 64


def names_files(paths: Iterable[Path], found: Sequence[object]) -> bool:
    """Whether a run over ``paths`` (walker output ``found``) names a few files, no folder."""
    return len(found) <= NAMED_FILES and not any(os.path.isdir(p) for p in paths)


def iter_files(paths: Iterable[Path], config: Config) -> Iterator[Path | Review]:
    """:func:`iter_names`, as ``Path`` objects."""
    for item in iter_names(paths, config):
        yield Path(item) if isinstance(item, str) else item


def default_paths(config: Config) -> list[Path]:
    """The archive's reviews folder, or its root when there is no such folder (a blog not
    set up yet). A ``reviews_dir`` the config names that is not a folder is an error: the
    root would be the wrong archive, private notes and all."""
    reviews = config.root / config.reviews_dir
    if reviews.is_dir():
        return [reviews]
    from reviewctl.config import key_line

    line = key_line(config.source, "reviews_dir") if config.source else None
    if line is None:
        return [config.root]
    from reviewctl.errors import ConfigError

    raise ConfigError(
        f"reviews_dir: {config.reviews_dir!r} is not a folder (make it, or correct reviews_dir)",
        config.source,
        line,
    )


def _parse_chunk(
    state: tuple[Markers, Callable[[Review], T], int], paths: list[str | Path]
) -> list[T]:
    from reviewctl.parse import parse_review  # PyYAML: only when something is parsed

    markers, fn, limit = state
    return [fn(parse_review(Path(p), markers, limit=limit)) for p in paths]


def map_files(
    files: Sequence[str | Path],
    markers: Markers,
    fn: Callable[[Review], T],
    *,
    jobs: int | None = None,
    limit: int = 0,
) -> list[T]:
    """Parse ``files`` and apply ``fn`` to each, in order, through the batch runner.

    Each worker parses its share and returns only what ``fn`` makes of it (a record,
    findings), never the whole text. Paths may be strings: the workers make the ``Path``
    objects (a cold list of 10,000 reviews made them in the parent: 30 ms, not shared).
    """
    from reviewctl import batch

    return batch.run(files, _parse_chunk, state=(markers, fn, limit), jobs=jobs, reads=files)


def map_reviews(
    paths: Iterable[Path],
    config: Config,
    fn: Callable[[Review], T],
    *,
    jobs: int | None = None,
) -> list[T]:
    """:func:`map_files` over every review under ``paths``; missing paths pass through ``fn``
    as reviews that carry their error."""
    found = list(iter_files(paths, config))
    results = iter(
        map_files(
            [f for f in found if isinstance(f, Path)],
            config.markers,
            fn,
            jobs=jobs,
            limit=config.max_file_size,
        )
    )
    return [next(results) if isinstance(f, Path) else fn(f) for f in found]


def read_review(path: Path, config: Config) -> Review:
    """The review file ``path`` names, read as every command reads it: what the walker
    refuses (a folder, a FIFO, a link out of the archive) carries its reason, and a file
    larger than ``max_file_size`` is not read."""
    from reviewctl.model import Problem, Review
    from reviewctl.parse import parse_review

    if path.is_dir() and not path.is_symlink():
        return Review(path, error=Problem("a folder: name the review files", kind="read"))
    found = next(iter(iter_names([path], config)), None)
    if isinstance(found, Review):
        return found
    return parse_review(path, config.markers, limit=config.max_file_size)


def _identity(review: Review) -> Review:
    return review


def load_reviews(paths: Iterable[Path], config: Config, *, jobs: int | None = 1) -> list[Review]:
    """Parse every review under ``paths``, in order (one process unless ``jobs`` says more)."""
    return map_reviews(paths, config, _identity, jobs=jobs)
