"""Archive configuration: ``reviewctl.toml`` or ``[tool.reviewctl]`` in ``pyproject.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reviewctl.errors import ConfigError
from reviewctl.fs import MAX_FILE_SIZE
from reviewctl.model import Markers

CONFIG_NAME = "reviewctl.toml"
SEVERITIES = ("error", "warning", "info")


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
        label = self.label.rstrip()
        joined = label.endswith(":") or label.lower().rsplit(" ", 1)[-1] in {"on", "at", "via"}
        return f"{label} {self.url}" if joined else f"{label}: {self.url}"


@dataclass(frozen=True, slots=True)
class Medium:
    """A kind of work reviewed: its title pattern, blog category and template."""

    name: str
    title_pattern: str
    category: str
    template: str
    availability: str = "available"
    fields: tuple[str, ...] = ()

    def title_for(self, work: str) -> str:
        return self.title_pattern.replace("{work}", work)

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
        Medium("manga", "Manga Review: {work}", "Manga", "book", "purchase", ("author", "volumes")),
    )
}

DEFAULT_REQUIRED = ("title", "work", "medium", "status")


@dataclass(frozen=True, slots=True)
class Config:
    """Everything reviewctl needs to know about one archive."""

    root: Path
    source: Path | None = None
    reviews_dir: str = "reviews"
    author: str = ""
    cut: str = "<!--more-->"
    spoiler_warning: str = "Spoilers below the cut."
    support_links: tuple[SupportLink, ...] = ()
    media: dict[str, Medium] = field(default_factory=lambda: dict(DEFAULT_MEDIA))
    required_fields: tuple[str, ...] = DEFAULT_REQUIRED
    rating_scale: int = 10
    extra_fields: tuple[str, ...] = ()
    templates_dir: str = "templates"
    theme: str | None = None
    front_matter: str = "yaml"
    lint: LintSettings = field(default_factory=LintSettings)
    max_file_size: int = MAX_FILE_SIZE  # bytes; larger review files are refused, not read
    wordpress: WordPressSettings = field(default_factory=WordPressSettings)
    default_medium: str | None = None  # ``new`` without --medium uses it
    site: SiteSettings = field(default_factory=SiteSettings)

    @property
    def reviews_path(self) -> Path:
        return (self.root / self.reviews_dir).resolve()

    @property
    def templates_path(self) -> Path:
        return self.root / self.templates_dir

    @property
    def markers(self) -> Markers:
        return Markers(cut=self.cut, warning=self.spoiler_warning)

    def medium(self, name: str | None) -> Medium | None:
        return self.media.get(name.lower()) if isinstance(name, str) else None


def find_config_file(start: Path) -> Path | None:
    """Walk up from ``start`` to the first ``reviewctl.toml`` or ``pyproject.toml`` with ours."""
    start = start.resolve()
    directory = start if start.is_dir() else start.parent
    for folder in (directory, *directory.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.reviewctl" in _read(pyproject):
            return pyproject
    return None


def load_config(start: Path | None = None, *, explicit: Path | None = None) -> Config:
    """Load the archive's config, or defaults rooted at ``start`` when there is none."""
    start = start or Path.cwd()
    path = explicit or find_config_file(start)
    if path is None:
        root = start.resolve()
        return Config(root=root if root.is_dir() else root.parent)
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_message(exc), path, toml_error_line(exc, text)) from None
    except RecursionError:
        raise ConfigError("invalid TOML: nested too deeply", path) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise ConfigError(f"invalid TOML: {str(exc).splitlines()[0]}", path) from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("reviewctl", {})
    return config_from_mapping(data, root=path.parent.resolve(), source=path, text=text)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", path) from None


_WEB_URL = re.compile(r"https?://[^/\s]", re.I)
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


def _toml_message(exc: tomllib.TOMLDecodeError) -> str:
    msg = getattr(exc, "msg", None) or _TOML_POS.sub("", str(exc)).strip()
    msg = msg.replace(" (at end of document)", " at the end of the file")
    return f"invalid TOML: {msg}"


class _Reader:
    """Typed access to a config mapping, with errors that point at the key's line."""

    def __init__(self, source: Path | None, text: str) -> None:
        self.source = source
        self.text = text

    def fail(self, key: str, message: str) -> ConfigError:
        return ConfigError(f"{key}: {message}", self.source, self.line_of(key))

    def line_of(self, key: str) -> int | None:
        leaf = key.split(".")[-1].split("[")[0]
        pattern = re.compile(rf"^\s*(\[+\s*)?[\w.\"-]*\b{re.escape(leaf)}\b", re.MULTILINE)
        match = pattern.search(self.text)
        return self.text.count("\n", 0, match.start()) + 1 if match else None

    def str_(self, data: dict[str, Any], key: str, default: str, prefix: str = "") -> str:
        value = data.get(key, default)
        if not isinstance(value, str):
            raise self.fail(prefix + key, f"expected a string, got {type(value).__name__}")
        return value

    def int_(
        self, data: dict[str, Any], key: str, default: int, prefix: str = "", top: int = 10**9
    ) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= top:
            raise self.fail(prefix + key, f"expected a whole number from 1 to {top:,}")
        return value

    def strs(
        self, data: dict[str, Any], key: str, default: tuple[str, ...], prefix: str = ""
    ) -> tuple[str, ...]:
        value = data.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(prefix + key, "expected a list of strings")
        return tuple(value)


KNOWN_KEYS = {
    "reviews_dir", "author", "cut", "spoiler_warning", "support_links", "media",
    "required_fields", "rating_scale", "extra_fields", "templates_dir", "theme", "lint", "front_matter",
    "max_file_size",
    "wordpress",
    "default_medium",
    "site",
}  # fmt: skip


def config_from_mapping(
    data: dict[str, Any], *, root: Path, source: Path | None = None, text: str = ""
) -> Config:
    """Build a :class:`Config` from parsed TOML, validating every value."""
    r = _Reader(source, text)
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        raise r.fail(unknown[0], f"unknown setting (known: {', '.join(sorted(KNOWN_KEYS))})")
    links = []
    raw_links = data.get("support_links", [])
    if not isinstance(raw_links, list):
        raise r.fail("support_links", "expected an array of tables with label and url")
    for item in raw_links:
        if not isinstance(item, dict) or not {"label", "url"} <= set(item):
            raise r.fail("support_links", "each support link needs a label and a url")
        url = str(item["url"]).strip()
        if not _WEB_URL.match(url) or any(c.isspace() or ord(c) < 32 for c in url):
            raise r.fail("support_links", f"url must start with https:// or http://, got {url!r}")
        links.append(SupportLink(str(item["label"]), url))
    media = dict(DEFAULT_MEDIA)
    raw_media = data.get("media", {})
    if not isinstance(raw_media, dict):
        raise r.fail("media", "expected a table of media")
    for name, spec in raw_media.items():
        if not isinstance(spec, dict):
            raise r.fail(f"media.{name}", "expected a table")
        base = media.get(name, Medium(name, f"{name.title()} Review: {{work}}", name.title(), name))
        p = f"media.{name}."
        media[name] = replace(
            base,
            title_pattern=r.str_(spec, "title_pattern", base.title_pattern, p),
            category=r.str_(spec, "category", base.category, p),
            template=r.str_(spec, "template", base.template, p),
            availability=r.str_(spec, "availability", base.availability, p),
            fields=r.strs(spec, "fields", base.fields, p),
        )
        if "{work}" not in media[name].title_pattern:
            raise r.fail(p + "title_pattern", "must contain {work}")
    lint_data = data.get("lint", {})
    if not isinstance(lint_data, dict):
        raise r.fail("lint", "expected a table")
    severity = lint_data.get("severity", {})
    if not isinstance(severity, dict):
        raise r.fail("lint.severity", "expected a table of CODE = severity")
    for code, level in severity.items():
        if level not in SEVERITIES:
            raise r.fail(code, f"severity must be one of {', '.join(SEVERITIES)}, got {level!r}")
    lint = LintSettings(
        select=r.strs(lint_data, "select", (), "lint."),
        ignore=r.strs(lint_data, "ignore", (), "lint."),
        severity={str(k).upper(): str(v) for k, v in severity.items()},
        lede_max_words=r.int_(lint_data, "lede_max_words", 150, "lint."),
    )
    theme = data.get("theme")
    if theme is not None and not isinstance(theme, str):
        raise r.fail("theme", "expected a path")
    front_matter = r.str_(data, "front_matter", "yaml")
    if front_matter not in ("yaml", "toml"):
        raise r.fail("front_matter", f"must be 'yaml' or 'toml', got {front_matter!r}")
    for key in ("reviews_dir", "templates_dir", "theme"):
        value = data.get(key)
        if isinstance(value, str) and ("\x00" in value or not value.strip()):
            raise r.fail(key, "expected a folder name (not empty, no NUL character)")
    wp_data = data.get("wordpress", {})
    if not isinstance(wp_data, dict):
        raise r.fail("wordpress", "expected a table with url and user")
    for key in sorted(set(wp_data) - {"url", "user"}):
        hint = " (the password comes from REVIEWCTL_WP_PASSWORD)" if "pass" in key else ""
        raise r.fail(f"wordpress.{key}", f"unknown setting (known: url, user){hint}")
    wordpress = WordPressSettings(
        url=r.str_(wp_data, "url", "", "wordpress."), user=r.str_(wp_data, "user", "", "wordpress.")
    )
    default_medium = data.get("default_medium")
    if default_medium is not None:
        if not isinstance(default_medium, str) or default_medium.lower() not in media:
            known = ", ".join(sorted(media))
            raise r.fail("default_medium", f"must be one of {known}, got {default_medium!r}")
        default_medium = default_medium.lower()
    site = _site_settings(r, data.get("site", {}))
    return Config(
        root=root,
        site=site,
        max_file_size=r.int_(data, "max_file_size", MAX_FILE_SIZE),
        default_medium=default_medium,
        front_matter=front_matter,
        wordpress=wordpress,
        source=source,
        reviews_dir=r.str_(data, "reviews_dir", "reviews"),
        author=r.str_(data, "author", ""),
        cut=r.str_(data, "cut", "<!--more-->"),
        spoiler_warning=r.str_(data, "spoiler_warning", "Spoilers below the cut."),
        support_links=tuple(links),
        media=media,
        required_fields=r.strs(data, "required_fields", DEFAULT_REQUIRED),
        rating_scale=r.int_(data, "rating_scale", 10, top=1000),
        extra_fields=r.strs(data, "extra_fields", ()),
        templates_dir=r.str_(data, "templates_dir", "templates"),
        theme=theme,
        lint=lint,
    )


_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*\Z")
_TYPE_NAME = re.compile(r"[A-Z][A-Za-z]*\Z")


def _site_settings(r: _Reader, data: Any) -> SiteSettings:
    """``[site]``, every key checked; an unknown key is an error naming it."""
    if not isinstance(data, dict):
        raise r.fail("site", "expected a table")
    for key in sorted(set(data) - set(SITE_KEYS)):
        raise r.fail(f"site.{key}", f"unknown setting (known: {', '.join(SITE_KEYS)})")
    p = "site."
    base_url = r.str_(data, "base_url", "", p).strip()
    if base_url:
        if not _WEB_URL.match(base_url) or any(c.isspace() or ord(c) < 32 for c in base_url):
            raise r.fail(p + "base_url", f"must start with https:// or http://, got {base_url!r}")
        base_url = base_url if base_url.endswith("/") else base_url + "/"
    language = r.str_(data, "language", "en", p).strip().replace("_", "-")
    if not _LANGUAGE.match(language):
        raise r.fail(
            p + "language", f"expected a language tag such as en or pt-BR, got {language!r}"
        )
    feed = r.str_(data, "feed", "lede", p)
    if feed not in ("lede", "full"):
        raise r.fail(p + "feed", f"must be 'lede' or 'full', got {feed!r}")
    raw_types = data.get("item_types", {})
    if not isinstance(raw_types, dict):
        raise r.fail(p + "item_types", "expected a table of medium = schema.org type")
    item_types = dict(DEFAULT_ITEM_TYPES)
    for medium, kind in raw_types.items():
        if not isinstance(kind, str) or not _TYPE_NAME.match(kind):
            raise r.fail(
                f"{p}item_types.{medium}", f"expected a schema.org type name, got {kind!r}"
            )
        item_types[str(medium).lower()] = kind
    return SiteSettings(
        title=r.str_(data, "title", "", p).strip(),
        base_url=base_url,
        language=language,
        description=r.str_(data, "description", "", p).strip(),
        image=r.str_(data, "image", "", p).strip(),
        per_page=r.int_(data, "per_page", 20, p, top=10_000),
        feed=feed,
        item_types=item_types,
    )


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
    return data
