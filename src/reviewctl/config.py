"""Archive configuration: ``reviewctl.toml`` or ``[tool.reviewctl]`` in ``pyproject.toml``."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reviewctl.errors import ConfigError
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


@dataclass(frozen=True, slots=True)
class LintSettings:
    """``[lint]``: rule selection, severity overrides and thresholds."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    lede_max_words: int = 150
    #: ``[lint.spelling]``: the dictionary's language and the author's own words
    spelling_language: str = "en"
    spelling_words: tuple[str, ...] = ()


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
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("reviewctl", {})
    return config_from_mapping(data, root=path.parent.resolve(), source=path, text=text)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config: {exc}", path) from None


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

    def int_(self, data: dict[str, Any], key: str, default: int, prefix: str = "") -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.fail(prefix + key, "expected a positive whole number")
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
        links.append(SupportLink(str(item["label"]), str(item["url"])))
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
    spelling = lint_data.get("spelling", {})
    if not isinstance(spelling, dict):
        raise r.fail("lint.spelling", "expected a table with language and words")
    language = r.str_(spelling, "language", "en", "lint.spelling.")
    if language not in ("en", "en-US", "en-GB"):
        raise r.fail("language", f"must be 'en', 'en-US' or 'en-GB', got {language!r}")
    lint = LintSettings(
        spelling_language=language,
        spelling_words=r.strs(spelling, "words", (), "lint.spelling."),
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
    return Config(
        root=root,
        front_matter=front_matter,
        source=source,
        reviews_dir=r.str_(data, "reviews_dir", "reviews"),
        author=r.str_(data, "author", ""),
        cut=r.str_(data, "cut", "<!--more-->"),
        spoiler_warning=r.str_(data, "spoiler_warning", "Spoilers below the cut."),
        support_links=tuple(links),
        media=media,
        required_fields=r.strs(data, "required_fields", DEFAULT_REQUIRED),
        rating_scale=r.int_(data, "rating_scale", 10),
        extra_fields=r.strs(data, "extra_fields", ()),
        templates_dir=r.str_(data, "templates_dir", "templates"),
        theme=theme,
        lint=lint,
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
