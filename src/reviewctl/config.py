"""Archive configuration: ``reviewctl.toml`` or ``[tool.reviewctl]`` in ``pyproject.toml``."""

from __future__ import annotations

import fnmatch
import functools
import os
import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from reviewctl.errors import ConfigError, ConfigErrors
from reviewctl.fs import MAX_FILE_SIZE, is_within, read_limited
from reviewctl.markers import CUT, WARNING, Markers

CONFIG_NAME = "reviewctl.toml"
SEVERITIES = ("error", "warning", "info")


#: A footer label ending in one of these is followed by its URL directly ("Watch me on").
JOINING_WORDS = frozenset({"on", "at", "to", "via", "in"})


@dataclass(frozen=True, slots=True)
class SupportLink:
    """One line of the support footer, e.g. ``Patreon`` → ``https://patreon.com/me``."""

    label: str
    url: str

    def line(self) -> str:
        """The footer line, house style: ``Please support my Patreon: https://…``.

        A label that already ends in a joining word or colon (``Watch my streams on``) is
        followed by the URL directly.
        """
        label = self.label.strip()
        if not label:
            return self.url
        joined = label.endswith(":") or label.lower().rsplit(" ", 1)[-1] in JOINING_WORDS
        return f"{label} {self.url}" if joined else f"{label}: {self.url}"


@dataclass(frozen=True, slots=True)
class Medium:
    """A kind of work reviewed: its title pattern, blog category and template."""

    name: str
    title_pattern: str
    category: str
    template: str
    availability: str = ""  # how the work is had: "streaming", "purchase"; "" says nothing
    fields: tuple[str, ...] = ()

    def title_for(self, work: str) -> str:
        return self.title_pattern.replace("{work}", work)

    def availability_line(self, work: str, where: str) -> str:
        """The line that says where to find the work, as ``new`` writes it."""
        how = f" for {self.availability}" if self.availability else ""
        return f"{work} is currently available{how} on {where}"

    @property
    def label(self) -> str:
        """How the medium reads to a person: ``Anime``, ``Film``, ``TV``."""
        return MEDIUM_LABELS.get(self.name, self.name.replace("_", " ").replace("-", " ").title())


@dataclass(frozen=True, slots=True)
class LintSettings:
    """``[lint]``: rule selection, severity overrides and thresholds."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    lede_max_words: int = 150
    #: whether a published review must have a date (FM003): not on a blog that keeps none
    require_date: bool = True
    #: ``(glob, codes)``: these rules are not run on files matching the glob.
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: ``[lint.spelling]``: the dictionary's language and the author's own words
    spelling_language: str = "en"
    spelling_words: tuple[str, ...] = ()

    def ignored_for(self, relative: str) -> tuple[str, ...]:
        """The codes ``per_file_ignores`` drops for the file at ``relative`` (a posix path)."""
        return tuple(
            code
            for glob, codes in self.per_file_ignores
            if matches(relative, glob)
            for code in codes
        )


@dataclass(frozen=True, slots=True)
class WordPressSettings:
    """``[wordpress]``: the site ``push`` publishes to. The Application Password is never
    here: it comes from the environment (``REVIEWCTL_WP_PASSWORD``)."""

    url: str = ""
    user: str = ""


#: schema.org types of the work a review is of, by medium (``[site.item_types]`` overrides).
DEFAULT_ITEM_TYPES = {
    "anime": "TVSeries",
    "film": "Movie",
    "tv": "TVSeries",
    "game": "VideoGame",
    "book": "Book",
    "manga": "Book",
}
SITE_KEYS = (
    "title",
    "base_url",
    "language",
    "description",
    "image",
    "per_page",
    "feed",
    "item_types",
)


@dataclass(frozen=True, slots=True)
class SiteSettings:
    """``[site]``: what the exported site says about itself. With ``base_url`` every link a
    crawler or feed reader sees (canonical, ``og:url``, feed, sitemap) is absolute."""

    title: str = ""
    base_url: str = ""  # ends in "/" when set
    language: str = "en"
    description: str = ""
    image: str = ""  # the default preview image: a URL, or a path in the site
    per_page: int = 20
    feed: str = "lede"  # "lede" or "full"
    item_types: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_ITEM_TYPES))

    def item_type(self, medium: str) -> str:
        return self.item_types.get(medium.lower(), "CreativeWork")


MEDIUM_LABELS = {"tv": "TV"}

DEFAULT_MEDIA: dict[str, Medium] = {
    m.name: m
    for m in (
        Medium(
            "anime", "Anime Review: {work}", "Anime", "anime", "streaming", ("studio", "episodes")
        ),
        Medium("film", "Movie Review: {work}", "Movies", "film", "streaming", ("director", "year")),
        Medium("tv", "TV Review: {work}", "TV", "tv", "streaming", ("network", "seasons")),
        Medium(
            "game", "Game Review: {work}", "Games", "game", "purchase", ("platform", "developer")
        ),
        Medium("book", "Book Review: {work}", "Books", "book", "purchase", ("author", "pages")),
        Medium(
            "manga", "Manga Review: {work}", "Manga", "manga", "purchase", ("author", "volumes")
        ),
    )
}

DEFAULT_REQUIRED = ("title", "work", "medium", "status")
# Section (list) pages of Hugo and Zola are not posts.
DEFAULT_EXCLUDE = ("_index.md", "_index.*.md")


def matches(relative: str, glob: str) -> bool:
    """Whether a posix path (from the config's folder) matches an ``exclude`` glob: a glob
    without ``/`` is matched against the file name, one with ``/`` against the whole path
    (``*`` crosses folders there; ``**/`` may match no folder at all)."""
    if "/" not in glob:
        return fnmatch.fnmatchcase(relative.rsplit("/", 1)[-1], glob)
    glob = glob.removeprefix("./")
    return fnmatch.fnmatchcase(relative, glob) or (
        "**/" in glob and fnmatch.fnmatchcase(relative, glob.replace("**/", ""))
    )


@functools.cache
def _name_globs(globs: tuple[str, ...]) -> re.Pattern[str]:
    """The ``exclude`` globs without ``/`` as one pattern over a file name (an archive's
    every file is checked: one match instead of a ``fnmatch`` per glob)."""
    names = [fnmatch.translate(glob) for glob in globs if "/" not in glob]
    return re.compile("|".join(names) or "(?!)")


@dataclass(frozen=True, slots=True)
class Config:
    """Everything reviewctl needs to know about one archive."""

    root: Path
    source: Path | None = None
    reviews_dir: str = "reviews"
    author: str = ""
    cut: str = CUT
    spoiler_warning: str = WARNING
    support_links: tuple[SupportLink, ...] = ()
    media: dict[str, Medium] = field(default_factory=lambda: dict(DEFAULT_MEDIA))
    required_fields: tuple[str, ...] = DEFAULT_REQUIRED
    rating_scale: int = 10
    rating_format: str = "number"
    extra_fields: tuple[str, ...] = ()
    #: ``(key, value)``: front matter every new review gets (``init`` learns what all the
    #: blog's posts set alike: a Jekyll ``layout``); the keys are known fields too
    new_fields: tuple[tuple[str, str | int | float | bool], ...] = ()
    templates_dir: str = "templates"
    theme: str | None = None
    front_matter: str = "yaml"
    lint: LintSettings = field(default_factory=LintSettings)
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    #: ``(field, keys)``: the blog's own front matter keys for a review field.
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    max_file_size: int = MAX_FILE_SIZE  # bytes; larger review files are refused, not read
    wordpress: WordPressSettings = field(default_factory=WordPressSettings)
    default_medium: str | None = None  # ``new`` without --medium uses it
    #: the medium of a review whose front matter names none (a blog of book reviews' posts)
    posts_medium: str | None = None
    #: how a new review says it is a draft: ``status: draft``, or the generator's own flag
    #: (Hugo's and Zola's ``draft: true``, Jekyll's ``published: false``)
    draft_key: str = "status"
    site: SiteSettings = field(default_factory=SiteSettings)

    def exclusion(self) -> Callable[[str, str], bool] | None:
        """``excluded`` as the walker asks it, ``(name, path)``, made once per walk: a glob
        without ``/`` needs the name alone (one match per file of a 10,000-file archive);
        ``None`` when nothing is excluded."""
        if not self.exclude:
            return None
        match = _name_globs(self.exclude).match
        if not any("/" in glob for glob in self.exclude):
            return lambda name, path: match(name) is not None
        return lambda name, path: match(name) is not None or self.excluded(path)

    def excluded(self, path: str) -> bool:
        """Whether ``exclude`` leaves out the file at ``path``."""
        if _name_globs(self.exclude).match(os.path.basename(path)):
            return True
        deep = [glob for glob in self.exclude if "/" in glob]
        if not deep:
            return False
        relative = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        return any(matches(relative, glob) for glob in deep)

    @property
    def reviews_path(self) -> Path:
        return (self.root / self.reviews_dir).resolve()

    def reviews_to_write(self) -> Path:
        """The reviews folder, for ``new`` and ``import`` to write into: refused when it
        links to a folder outside the archive, which every reading command skips."""
        base = self.reviews_path
        if not base.is_relative_to(self.root.resolve()):
            from reviewctl.errors import InputError

            message = f"the reviews folder links to a folder outside the archive ({base}): not writing there"
            raise InputError(message, self.source)
        return base

    @property
    def theme_path(self) -> Path | None:
        """The config's theme folder (relative to the archive), or ``None``."""
        return self.root / self.theme if self.theme else None

    @property
    def templates_path(self) -> Path:
        return self.root / self.templates_dir

    @property
    def templates_chosen(self) -> bool:
        """Whether the config names a templates folder of its own (not the default's)."""
        chosen = os.path.normpath(self.templates_dir)
        return self.source is not None and chosen != os.path.normpath(_DEFAULTS.templates_dir)

    @property
    def markers(self) -> Markers:
        return Markers(
            cut=self.cut,
            warning=self.spoiler_warning,
            aliases=self.aliases,
            medium=self.posts_medium or "",
        )

    def medium(self, name: str | None) -> Medium | None:
        return self.media.get(name.lower()) if isinstance(name, str) else None


def find_config_file(start: Path) -> Path | None:
    """Walk up from ``start`` to the first ``reviewctl.toml`` or ``pyproject.toml`` with ours.

    A symlinked file is looked up from where the link is, not from its target: the archive
    is the one the author named it in (its target elsewhere is then refused as outside).
    """
    directory = _folder_of(start)
    for folder in (directory, *directory.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        if os.path.lexists(candidate):  # a dangling link, a folder: never passed over
            raise ConfigError("cannot read config: not a file", candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.reviewctl" in _read(pyproject):
            return pyproject
    return None


def _folder_of(start: Path) -> Path:
    """``start`` if it is a folder, else the folder that holds it (not a link's target's)."""
    start = start.absolute()
    return start.resolve() if start.is_dir() else start.parent.resolve()


def load_config(start: Path | None = None, *, explicit: Path | None = None) -> Config:
    """Load the archive's config, or defaults rooted at ``start`` when there is none.

    An ``explicit`` config (``lint --config ci/strict.toml``) is the settings of the archive
    around ``start``: its folders are that archive's, not the config file's folder's.
    """
    start = start or Path.cwd()
    path = explicit or find_config_file(start)
    if path is None:
        return Config(root=_folder_of(start))
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = toml_error_line(exc, text)
        opened = _unclosed_list(text, line)
        if opened is not None:  # a key or a table after a list: read as the list's item
            message = (
                f"invalid TOML: the list opened here is not closed (line {line} is read as"
                " its item): close it with ]"
            )
            raise ConfigError(message, path, opened) from None
        raise ConfigError(_toml_message(exc), path, line) from None
    except RecursionError:
        raise ConfigError("invalid TOML: nested too deeply", path) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise ConfigError(f"invalid TOML: {str(exc).splitlines()[0]}", path) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("reviewctl", {})
    if explicit is None:
        root = path.parent.resolve()
    else:
        own = find_config_file(start)  # outside any archive: the config's own folder's
        root = own.parent.resolve() if own is not None else path.parent.resolve()
    return config_from_mapping(data, root=root, source=path, text=text)


def _read(path: Path) -> str:
    try:  # a regular file of a sane size: never a FIFO that hangs or /dev/zero that fills memory
        data, _ = read_limited(path)
    except OSError as exc:
        raise ConfigError(f"cannot read config: {exc.strerror or exc}", path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        at = exc.start + 3 if data.startswith(b"\xef\xbb\xbf") else exc.start
        raise ConfigError(
            f"not valid UTF-8: byte 0x{data[at]:02x} (save the file as UTF-8)",
            path,
            data.count(b"\n", 0, at) + 1,
        ) from None


_WEB_URL = re.compile(r"https?://[^/\s]", re.I)
#: what a site's folder address cannot hold: a query, a fragment, a file's name (``/index.html``)
_NOT_A_FOLDER = re.compile(r"[?#]|://[^/]+/(?:.*/)?[^/]*\.(?:html?|php|xml|aspx?)$", re.I)
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def toml_error_line(exc: tomllib.TOMLDecodeError, text: str = "") -> int:
    """The 1-based line of a TOML error (Python 3.11 keeps it only in the message)."""
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    match = _TOML_POS.search(str(exc))
    if match:
        return int(match.group(1))
    return text.count("\n") + 1 if "end of document" in str(exc) else 1


def toml_error_column(exc: tomllib.TOMLDecodeError) -> int:
    """The 1-based column of a TOML error, 1 when it names none."""
    colno = getattr(exc, "colno", None)
    if isinstance(colno, int):
        return colno
    match = _TOML_POS.search(str(exc))
    return int(match.group(2)) if match else 1


def _toml_message(exc: tomllib.TOMLDecodeError) -> str:
    msg = getattr(exc, "msg", None) or _TOML_POS.sub("", str(exc)).strip()
    msg = msg.replace(" (at end of document)", " at the end of the file")
    for said, hint in _TOML_HINTS:
        if msg.startswith(said):
            return f"invalid TOML: {msg}: {hint}"
    return f"invalid TOML: {msg}"


def _unclosed_list(text: str, line: int) -> int | None:
    """The line of a value's list (``key = [``) still open where ``line`` starts, when that
    line sets a key or opens a table; a scan of brackets outside strings and comments, good
    enough to place an error."""
    lines = text.split("\n")
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if not (_TOML_KEY.match(here) or _TOML_HEADER.match(here)):
        return None  # a bad item inside the list ("[a, b]"): the value is what to mend
    depth, opened = 0, None
    for number, content in enumerate(lines[: line - 1], 1):
        at = 0
        if depth == 0:
            value = _TOML_KEY.match(content)
            if value is None:
                continue  # a table's header, a comment, a blank line
            at = value.end()
        quote = ""
        while at < len(content):
            char = content[at]
            if quote:
                if char == "\\" and quote == '"':
                    at += 1
                elif char == quote:
                    quote = ""
            elif char in "\"'":
                quote = char
            elif char == "#":
                break
            elif char == "[":
                opened = number if depth == 0 else opened
                depth += 1
            elif char == "]" and depth:
                depth -= 1
            at += 1
    return opened if depth else None


#: What tomllib says, and what to write instead.
_TOML_HINTS = (
    ("Illegal character '\\n'", "a string is not closed; end it with the quote it opens with"),
    ("Invalid value", 'quote text (author = "Jo Doe"); numbers, true and false stand bare'),
    ("Unclosed array", "close the list with ]"),
    ("Cannot overwrite a value", "this key is set twice; keep one"),
)


_TOML_HEADER = re.compile(r"^[ \t]*(\[\[?)([^\]\n]+)\]")
_TOML_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')"""
_TOML_KEY = re.compile(rf"^[ \t]*({_TOML_PART}(?:[ \t]*\.[ \t]*{_TOML_PART})*)[ \t]*=")
_TOML_DOT = re.compile(rf"[ \t]*({_TOML_PART})[ \t]*(?:\.|$)")


def _key_lines(text: str) -> dict[str, int]:
    """The first line of each key and table of a TOML text, by dotted path; the tables of an
    array are numbered from 0 (``support_links[1].url``). A line scan, good enough to place
    an error: a multi-line string's lines are skipped."""
    found: dict[str, int] = {}
    table = ""
    arrays: dict[str, int] = {}
    in_string = ""
    for number, line in enumerate(text.split("\n"), 1):
        if in_string:
            if line.count(in_string) % 2:
                in_string = ""
            continue
        header = _TOML_HEADER.match(line)
        if header:
            name = ".".join(m.strip("\"'") for m in _TOML_DOT.findall(header.group(2)))
            if header.group(1) == "[[":
                arrays[name] = arrays.get(name, -1) + 1
                found.setdefault(name, number)
                name = f"{name}[{arrays[name]}]"
            table = name
            found.setdefault(table, number)
            continue
        key = _TOML_KEY.match(line)
        if key:
            dotted = ".".join(m.strip("\"'") for m in _TOML_DOT.findall(key.group(1)))
            found.setdefault(f"{table}.{dotted}" if table else dotted, number)
            for quotes in ('"""', "'''"):
                if line.count(quotes) % 2:
                    in_string = quotes
    return found


class _Reader:
    """Typed access to a config mapping, with errors that point at the key's line.

    A bad value is recorded (and its default used) so that one run reports every problem.
    """

    def __init__(self, source: Path | None, text: str) -> None:
        self.source = source
        self.text = text
        self.errors: list[ConfigError] = []
        # ``[tool.reviewctl]`` in pyproject.toml: the keys are that table's
        self.base = (
            "tool.reviewctl." if source is not None and source.name == "pyproject.toml" else ""
        )
        self._lines: dict[str, int] | None = None

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{key}: {message}", self.source, self.line_of(key))

    def add(self, key: str, message: str) -> None:
        self.errors.append(self.fail(key, message))

    def line_of(self, key: str) -> int | None:
        """The line that sets ``key`` (``media.anime.title_pattern``, ``support_links[2].url``),
        else the line of the nearest table holding it, else the first line naming its last
        part."""
        if self._lines is None:
            self._lines = _key_lines(self.text)
        path = self.base + key
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path.rpartition(".")[0] if "." in path.removeprefix(self.base) else ""
        leaf = key.split(".")[-1].split("[")[0]
        pattern = re.compile(rf"^[ \t]*(\[+[ \t]*)?[\w.\"-]*\b{re.escape(leaf)}\b", re.MULTILINE)
        match = pattern.search(self.text)
        return self.text.count("\n", 0, match.start()) + 1 if match else None

    def known(self, data: dict[str, Any], keys: Iterable[str], prefix: str = "") -> None:
        """Report each key of ``data`` that is not one of ``keys``, with a did-you-mean."""
        from reviewctl.suggest import did_you_mean

        keys = sorted(keys)
        for key in data:
            if key in keys:
                continue
            guess = did_you_mean(str(key), keys)
            hint = f"did you mean {guess!r}?" if guess else f"known: {', '.join(keys)}"
            self.add(prefix + str(key), f"unknown setting ({hint})")

    def table(self, data: dict[str, Any], key: str, prefix: str = "") -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.add(prefix + key, "expected a table")
            return {}
        return value

    def str_(self, data: dict[str, Any], key: str, default: str, prefix: str = "") -> str:
        value = data.get(key, default)
        if not isinstance(value, str):
            self.add(prefix + key, f"expected a string, got {type(value).__name__}")
            return default
        return value

    def choice(
        self, data: dict[str, Any], key: str, choices: tuple[str, ...], prefix: str = ""
    ) -> str:
        value = self.str_(data, key, choices[0], prefix)
        if value not in choices:
            self.add(prefix + key, f"must be one of {', '.join(choices)}, got {value!r}")
            return choices[0]
        return value

    def bool_(self, data: dict[str, Any], key: str, default: bool, prefix: str = "") -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.add(prefix + key, "expected true or false")
            return default
        return value

    def int_(
        self, data: dict[str, Any], key: str, default: int, prefix: str = "", top: int = 10**9
    ) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= top:
            self.add(prefix + key, f"expected a whole number from 1 to {top:,}")
            return default
        return value

    def strs(
        self, data: dict[str, Any], key: str, default: tuple[str, ...], prefix: str = ""
    ) -> tuple[str, ...]:
        value = data.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(prefix + key, "expected a list of strings")
            return default
        return tuple(value)


# every setting of Config is a key of the file, but where the file is and which it is
TOP_KEYS = tuple(f.name for f in fields(Config) if f.name not in ("root", "source"))
LINT_KEYS = (
    "select", "ignore", "severity", "lede_max_words", "require_date", "per_file_ignores", "spelling",
)  # fmt: skip
MEDIUM_KEYS = ("title_pattern", "category", "template", "availability", "fields")
LINK_KEYS = ("label", "url")
# The review fields a blog may spell its own way (``[aliases] date = "published_at"``).
ALIASABLE = (
    "title", "work", "medium", "category", "status", "date", "rating", "tags", "where_to_watch",
)  # fmt: skip
RATING_FORMATS = ("number", "stars")
SPELLING_LANGUAGES = ("en", "en-US", "en-GB")
FRONT_MATTER_FORMATS = ("yaml", "toml")
DRAFT_KEYS = ("status", "draft", "published")


def _cut(r: _Reader, data: dict[str, Any]) -> str:
    """``cut``: a marker of some text (an empty one would be found between every two
    characters of every review)."""
    cut = r.str_(data, "cut", _DEFAULTS.cut)
    if cut.strip():
        return cut
    r.add("cut", "must not be empty (the blog's cut marker, e.g. '<!--more-->')")
    return _DEFAULTS.cut


def key_line(source: Path, key: str, table: str = "") -> int | None:
    """The line of ``key`` (in ``[table]``, else at the top) in the config file ``source``,
    when it is there."""
    try:
        text = source.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    start = 0
    if table:
        header = re.search(rf"^\s*\[\s*{re.escape(table)}\s*\]", text, re.M)
        if header is None:
            return None
        start = header.end()
    line = _Reader(source, text[start:]).line_of(key)
    return None if line is None else line + text.count("\n", 0, start)


def draft_fields(draft_key: str, draft: bool) -> dict[str, Any]:
    """The front matter that says a review is (or is not) a draft, in the blog's own way
    (``draft_key``): ``status: draft``, Hugo's ``draft: true``, Jekyll's ``published: false``."""
    if draft_key == "draft":
        return {"draft": draft}
    if draft_key == "published":
        return {"published": not draft}
    return {"status": "draft" if draft else "published"}


#: Every default declared once, by the dataclass fields above.
_DEFAULTS = Config(root=Path("."))


def _inside(root: Path, folder: str) -> bool:
    """Whether ``folder`` (relative to ``root``, or absolute) names a folder in ``root``."""
    top = os.path.normpath(os.path.abspath(root))
    return is_within(os.path.normpath(os.path.join(top, folder)), top)


def config_from_mapping(
    data: dict[str, Any], *, root: Path, source: Path | None = None, text: str = ""
) -> Config:
    """Build a :class:`Config` from parsed TOML, validating every value.

    Every problem is collected; more than one raises :class:`ConfigErrors` naming them all.
    """
    r = _Reader(source, text)
    r.known(data, TOP_KEYS)
    links = []
    raw_links = data.get("support_links", [])
    if not isinstance(raw_links, list):
        r.add("support_links", "expected an array of tables with label and url")
        raw_links = []
    for number, item in enumerate(raw_links):
        here = f"support_links[{number}]"
        if isinstance(item, dict):
            r.known(item, LINK_KEYS, here + ".")  # first: ``link =`` for ``url`` says so
        if not isinstance(item, dict) or not {"label", "url"} <= set(item):
            r.add(here, "each support link needs a label and a url")
            continue
        url = str(item["url"]).strip()
        mail = url[:7].lower() == "mailto:" and "@" in url
        if not (_WEB_URL.match(url) or mail) or any(c.isspace() or ord(c) < 32 for c in url):
            r.add(here + ".url", f"must start with https://, http:// or mailto:, got {url!r}")
            continue
        links.append(SupportLink(str(item["label"]), url))
    media = dict(DEFAULT_MEDIA)
    tables = r.table(data, "media")
    for written, spec in tables.items():
        if not isinstance(spec, dict):
            r.add(f"media.{written}", "expected a table")
            continue
        name = written.lower()  # front matter's ``medium: Podcast`` is looked up in lower case
        first = next(t for t in tables if t.lower() == name)
        if first != written:
            r.add(f"media.{written}", f"the same medium as [media.{first}]: keep one table")
            continue
        base = media.get(name, Medium(name, f"{name.title()} Review: {{work}}", name.title(), name))
        p = f"media.{written}."
        r.known(spec, MEDIUM_KEYS, p)
        media[name] = replace(
            base,
            title_pattern=r.str_(spec, "title_pattern", base.title_pattern, p),
            category=r.str_(spec, "category", base.category, p),
            template=r.str_(spec, "template", base.template, p),
            availability=r.str_(spec, "availability", base.availability, p),
            fields=r.strs(spec, "fields", base.fields, p),
        )
        if "{work}" not in media[name].title_pattern:
            r.add(p + "title_pattern", "must contain {work}")
    lint_data = r.table(data, "lint")
    r.known(lint_data, LINT_KEYS, "lint.")
    severity = r.table(lint_data, "severity", "lint.")
    for code, level in severity.items():
        if level not in SEVERITIES:
            r.add(f"lint.severity.{code}", f"must be one of {', '.join(SEVERITIES)}, got {level!r}")
    per_file: list[tuple[str, tuple[str, ...]]] = []
    for glob, codes in r.table(lint_data, "per_file_ignores", "lint.").items():
        if isinstance(codes, str):
            codes = [codes]
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            r.add(f"lint.per_file_ignores.{glob}", "expected a list of rule codes")
            continue
        per_file.append((glob, tuple(c.strip().upper() for c in codes)))
    spelling = r.table(lint_data, "spelling", "lint.")
    r.known(spelling, ("language", "words"), "lint.spelling.")
    default = _DEFAULTS.lint
    language = r.str_(spelling, "language", default.spelling_language, "lint.spelling.")
    if language not in SPELLING_LANGUAGES:
        choices = ", ".join(map(repr, SPELLING_LANGUAGES))
        r.add("lint.spelling.language", f"must be one of {choices}, got {language!r}")
        language = default.spelling_language
    lint = LintSettings(
        spelling_language=language,
        spelling_words=r.strs(spelling, "words", (), "lint.spelling."),
        select=r.strs(lint_data, "select", (), "lint."),
        ignore=r.strs(lint_data, "ignore", (), "lint."),
        severity={str(k).upper(): str(v) for k, v in severity.items() if v in SEVERITIES},
        lede_max_words=r.int_(lint_data, "lede_max_words", default.lede_max_words, "lint."),
        require_date=r.bool_(lint_data, "require_date", default.require_date, "lint."),
        per_file_ignores=tuple(per_file),
    )
    aliases: list[tuple[str, tuple[str, ...]]] = []
    raw_aliases = r.table(data, "aliases")
    r.known(raw_aliases, ALIASABLE, "aliases.")
    for name, keys in raw_aliases.items():
        if isinstance(keys, str):
            keys = [keys]
        if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
            r.add(f"aliases.{name}", "expected a front matter key or a list of keys")
        elif name in ALIASABLE:
            # one key read as two fields: ``new`` would write one of them, and lose the other
            taken = {k: n for n, ks in aliases for k in ks} | {f: f for f in ALIASABLE if f != name}
            clash = next((k for k in keys if k in taken and k != name), None)
            if clash is not None:
                r.add(f"aliases.{name}", f"{clash!r} is already the {taken[clash]} field's key")
            else:
                aliases.append((name, tuple(keys)))
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        r.add("theme", "expected a path")
        theme = None
    for key in ("reviews_dir", "templates_dir", "theme"):
        value = data.get(key)
        if isinstance(value, str) and ("\x00" in value or not value.strip()):
            r.add(key, "expected a folder name (not empty, no NUL character)")
            data = {k: v for k, v in data.items() if k != key}
            theme = None if key == "theme" else theme
    reviews_dir = data.get("reviews_dir")
    if isinstance(reviews_dir, str) and not _inside(root, reviews_dir):
        # "/" would walk the whole disk; "../x" is another folder's, its pictures not ours
        r.add("reviews_dir", "expected a folder inside the archive (the folder of this file)")
        data = {k: v for k, v in data.items() if k != "reviews_dir"}
    wp_data = r.table(data, "wordpress")
    for key in sorted(set(wp_data) - {"url", "user"}):
        hint = " (the password comes from REVIEWCTL_WP_PASSWORD)" if "pass" in key else ""
        r.add(f"wordpress.{key}", f"unknown setting (known: url, user){hint}")
    wordpress = WordPressSettings(
        url=r.str_(wp_data, "url", "", "wordpress."), user=r.str_(wp_data, "user", "", "wordpress.")
    )
    default_medium, posts_medium = (_medium_key(r, data, key, media) for key in MEDIUM_SETTINGS)
    new_fields = _new_fields(r, data, aliases)
    extra_fields = r.strs(data, "extra_fields", _DEFAULTS.extra_fields)
    site = _site_settings(r, data.get("site", {}))
    config = Config(
        root=root,
        site=site,
        max_file_size=r.int_(data, "max_file_size", _DEFAULTS.max_file_size),
        wordpress=wordpress,
        default_medium=default_medium,
        posts_medium=posts_medium,
        front_matter=r.choice(data, "front_matter", FRONT_MATTER_FORMATS),
        draft_key=r.choice(data, "draft_key", DRAFT_KEYS),
        source=source,
        reviews_dir=r.str_(data, "reviews_dir", _DEFAULTS.reviews_dir),
        author=r.str_(data, "author", _DEFAULTS.author),
        cut=_cut(r, data),
        spoiler_warning=r.str_(data, "spoiler_warning", _DEFAULTS.spoiler_warning),
        support_links=tuple(links),
        media=media,
        required_fields=r.strs(data, "required_fields", _DEFAULTS.required_fields),
        rating_scale=r.int_(data, "rating_scale", _DEFAULTS.rating_scale, top=1000),
        rating_format=r.choice(data, "rating_format", RATING_FORMATS),
        extra_fields=(*extra_fields, *(k for k, _ in new_fields if k not in extra_fields)),
        new_fields=new_fields,
        templates_dir=r.str_(data, "templates_dir", _DEFAULTS.templates_dir),
        theme=theme,
        exclude=r.strs(data, "exclude", _DEFAULTS.exclude),
        aliases=tuple(aliases),
        lint=lint,
    )
    if len(r.errors) == 1:
        raise r.errors[0]
    if r.errors:
        raise ConfigErrors(r.errors)
    return config


def _new_fields(
    r: _Reader, data: dict[str, Any], aliases: list[tuple[str, tuple[str, ...]]]
) -> tuple[tuple[str, Any], ...]:
    """``[new_fields]``: keys with a string, number or true/false each, none a field
    ``new`` fills itself (title, date, …), nor the blog's own key for one ([aliases])."""
    table = r.table(data, "new_fields")
    filled = {k.lower(): name for name, keys in aliases if name in _FILLED_BY_NEW for k in keys}
    kept = []
    for key, value in table.items():
        if str(key).lower() in _FILLED_BY_NEW:  # Title too: a second title beside new's
            r.add(f"new_fields.{key}", "new sets this field itself: use --set or a template")
        elif (name := filled.get(str(key).lower())) is not None:
            r.add(
                f"new_fields.{key}",
                f"new sets this field itself (the {name} field's key): use --set or a template",
            )
        elif isinstance(value, str | int | float | bool):
            kept.append((str(key), value))
        else:
            r.add(f"new_fields.{key}", f"expected a string, a number or true/false, got {value!r}")
    return tuple(kept)


#: What ``new`` writes into every review itself.
_FILLED_BY_NEW = frozenset(
    ("title", "work", "medium", "category", "status", "draft", "published", "date")
)


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
_TYPE_NAME = re.compile(r"[A-Z][A-Za-z]*\Z")


def _site_settings(r: _Reader, data: Any) -> SiteSettings:
    """``[site]``, every key checked and every problem reported (the defaults stand in)."""
    if not isinstance(data, dict):
        r.add("site", "expected a table")
        return SiteSettings()
    p = "site."
    r.known(data, SITE_KEYS, p)
    base_url = r.str_(data, "base_url", "", p).strip()
    if base_url:
        if not _WEB_URL.match(base_url) or any(c.isspace() or ord(c) < 32 for c in base_url):
            r.add(p + "base_url", f"must start with https:// or http://, got {base_url!r}")
            base_url = ""
        elif _NOT_A_FOLDER.search(base_url):  # pages' addresses are made by adding to it
            r.add(
                p + "base_url",
                f"must be the site's folder, with no file, query or #, got {base_url!r}",
            )
            base_url = ""
        elif not base_url.endswith("/"):
            base_url += "/"
    default = _DEFAULTS.site
    language = r.str_(data, "language", default.language, p).strip().replace("_", "-")
    if not _LANGUAGE.match(language):
        r.add(p + "language", f"expected a language tag such as en or pt-BR, got {language!r}")
        language = default.language
    feed = r.str_(data, "feed", default.feed, p)
    if feed not in ("lede", "full"):
        r.add(p + "feed", f"must be 'lede' or 'full', got {feed!r}")
        feed = default.feed
    raw_types = data.get("item_types", {})
    if not isinstance(raw_types, dict):
        r.add(p + "item_types", "expected a table of medium = schema.org type")
        raw_types = {}
    item_types = dict(DEFAULT_ITEM_TYPES)
    for medium, kind in raw_types.items():
        if not isinstance(kind, str) or not _TYPE_NAME.match(kind):
            r.add(f"{p}item_types.{medium}", f"expected a schema.org type name, got {kind!r}")
            continue
        item_types[str(medium).lower()] = kind
    return SiteSettings(
        title=r.str_(data, "title", "", p).strip(),
        base_url=base_url,
        language=language,
        description=r.str_(data, "description", "", p).strip(),
        image=r.str_(data, "image", "", p).strip(),
        per_page=r.int_(data, "per_page", default.per_page, p, top=10_000),
        feed=feed,
        item_types=item_types,
    )


#: The settings that name a medium.
MEDIUM_SETTINGS = ("default_medium", "posts_medium")


def _medium_key(r: _Reader, data: dict[str, Any], key: str, media: dict[str, Medium]) -> str | None:
    """``data[key]``, a medium of ``media`` (lower case); else reported to ``r``."""
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or value.lower() not in media:
        r.add(key, f"must be one of {', '.join(sorted(media))}, got {value!r}")
        return None
    return value.lower()


def config_to_mapping(config: Config) -> dict[str, Any]:
    """The settings ``init`` writes: the author's own, plus the house defaults made visible."""
    data: dict[str, Any] = {
        "reviews_dir": config.reviews_dir,
        "author": config.author,
        "cut": config.cut,
        "spoiler_warning": config.spoiler_warning,
        "front_matter": config.front_matter,
        "rating_scale": config.rating_scale,
        "required_fields": list(config.required_fields),
        "support_links": [{"label": s.label, "url": s.url} for s in config.support_links],
        "lint": {"lede_max_words": config.lint.lede_max_words},
    }
    # settings an adopted blog changes; a new archive's config leaves them out
    if not config.lint.require_date:
        data["lint"]["require_date"] = False
    if config.draft_key != _DEFAULTS.draft_key:
        data["draft_key"] = config.draft_key
    if config.posts_medium:
        data["posts_medium"] = config.posts_medium
    if config.rating_format != "number":
        data["rating_format"] = config.rating_format
    if config.extra_fields:
        data["extra_fields"] = list(config.extra_fields)
    if config.new_fields:
        data["new_fields"] = dict(config.new_fields)
    if config.exclude != DEFAULT_EXCLUDE:
        data["exclude"] = list(config.exclude)
    if config.aliases:
        data["aliases"] = {name: list(keys) if len(keys) > 1 else keys[0]
                           for name, keys in config.aliases}  # fmt: skip
    patterns = {
        name: {"title_pattern": medium.title_pattern}
        for name, medium in config.media.items()
        if name in DEFAULT_MEDIA and medium.title_pattern != DEFAULT_MEDIA[name].title_pattern
    }
    if patterns:
        data["media"] = patterns
    if config.lint.ignore:
        data["lint"]["ignore"] = list(config.lint.ignore)
    if config.lint.per_file_ignores:
        data["lint"]["per_file_ignores"] = {g: list(c) for g, c in config.lint.per_file_ignores}
    site = config.site
    learnt = {"title": site.title, "base_url": site.base_url, "description": site.description}
    if site.language != _DEFAULTS.site.language:
        learnt["language"] = site.language
    if any(learnt.values()):  # what an adopted blog's generator says of its site
        data["site"] = {key: value for key, value in learnt.items() if value}
    return data
