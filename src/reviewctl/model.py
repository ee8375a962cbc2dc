"""The review model every command shares: metadata, body and the located house parts.

A :class:`Review` is built by :func:`reviewctl.parse.parse_review` and never raises: a file
that cannot be read or parsed carries its :class:`Problem`. Line numbers are 1-based and count
from the top of the file, front matter included, so diagnostics point at the right line.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from reviewctl.markers import Markers
from reviewctl.prose import WORDS_PER_MINUTE, cjk_characters, count_words, reading_minutes
from reviewctl.structure import Parts, Region, locate

__all__ = ["WORDS_PER_MINUTE", "Format", "Markers", "Problem", "Region", "Review", "count_words"]

#: Larger ratings are not ratings (lint reports them against the configured scale).
MAX_RATING = 10**6
#: Front matter keys that name a review's own picture, ours first: Jekyll's ``image``, Hugo
#: themes' ``cover`` (PaperMod: ``cover.image``) and ``featuredImage``, Pelican's and
#: others' ``featured_image`` and ``cover_image``, Zola's ``extra.image``.
COVER_KEYS = ("image", "cover", "featuredImage", "featured_image", "cover_image", "extra.image")
#: In a table (``image = { src = "…", alt = "…" }``), the key that holds the address.
_COVER_SOURCE = ("src", "image", "path", "url")
#: Front matter keys by which a blog marks a whole review as spoilers.
SPOILER_KEYS = ("spoilers", "spoiler")
_KEY_ODD = frozenset(":=\"'")  # key characters that :meth:`Review.key_line` scans for
_T = TypeVar("_T")


class lazy(Generic[_T]):
    """:func:`functools.cached_property` without its lock.

    Python 3.11's ``cached_property`` takes a lock on every first access; a review and its
    lint context have a handful of these each, computed once per file over whole archives
    (cold lint of the generated 2,000-review archive, ``--jobs 1``: 1.18 s of CPU with
    ``cached_property``, 1.14 with this).
    Like ``cached_property``, the value is stored in the instance's ``__dict__``, which then
    shadows this (non-data) descriptor.
    """

    def __init__(self, func: Callable[[Any], _T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> lazy[_T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> _T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> _T | lazy[_T]:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value


class Format(StrEnum):
    """Where the metadata came from."""

    YAML = "yaml"
    TOML = "toml"
    PELICAN = "pelican"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file could not be read (``kind="read"``) or its front matter not parsed."""

    message: str
    line: int = 1
    column: int = 1
    kind: str = "front-matter"

    @property
    def place(self) -> int | None:
        """The line it names: a file that could not be read has one only where it names a
        place in it (a byte that is not UTF-8)."""
        return None if self.kind == "read" and self.line <= 1 else self.line

    def where(self) -> str:
        """``12: invalid YAML …``: the message after its line (:attr:`place`), if any."""
        return self.message if self.place is None else f"{self.place}: {self.message}"

    def at(self, path: object) -> str:
        """``path:12: invalid YAML …``, or ``path: cannot read …`` (every command's form)."""
        return f"{path}: {self.message}" if self.place is None else f"{path}:{self.where()}"


@dataclass(eq=False)
class Review:
    """One review file, parsed. Structure and counts are computed on first use."""

    path: Path
    text: str = ""
    format: Format = Format.NONE
    metadata: dict[str, Any] = field(default_factory=dict)
    front_matter: Region | None = None
    body_line: int = 1
    body_offset: int = -1  # index of the body in ``text``; -1: derive it from ``body_line``
    error: Problem | None = None
    bom: bool = False
    newline: str = "\n"
    markers: Markers = field(default_factory=Markers)
    #: the file's size, times and inode when it was read (:func:`reviewctl.fs.stamp`); ""
    #: when it was not read from a file
    stamp: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def readable(self) -> bool:
        return self.error is None or self.error.kind != "read"

    # -- text -------------------------------------------------------------------------------
    @lazy
    def lines(self) -> list[str]:
        """The file's lines without their line endings; ``lines[0]`` is line 1."""
        text = self.text
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if "\r" not in text:
            return lines
        return [line[:-1] if line.endswith("\r") else line for line in lines]

    @lazy
    def body(self) -> str:
        """The Markdown after the front matter (line endings as in the file)."""
        if self.body_offset >= 0:
            return self.text[self.body_offset :]
        return "\n".join(self.lines[self.body_line - 1 :])

    def slice(self, region: Region) -> str:
        return "\n".join(self.lines[region.start - 1 : region.end])

    # -- metadata ---------------------------------------------------------------------------
    # Every command reads a field through these, so ``list``, ``lint`` and ``export`` agree
    # on a post's title, date and status whatever the blog calls them.
    def keys_for(self, name: str) -> tuple[str, ...]:
        """The front matter keys that hold field ``name``: its own, then the configured aliases."""
        for field_name, keys in self.markers.aliases:
            if field_name == name:
                return (name, *keys)
        return (name,)

    def value(self, name: str) -> Any:
        """The first non-empty value of field ``name`` under its own key or an alias."""
        if not self.markers.aliases:
            value = self.get(name)
            return None if value == "" else value
        for key in self.keys_for(name):
            value = lookup(self.metadata, key)
            if value is None and key == name:
                value = self.get(name)
            if value is not None and value != "":
                return value
        return None

    def get(self, key: str) -> Any:
        """``metadata[key]``, else the value of that key written with capitals (Hugo reads
        ``Draft = true`` as ``draft``: a draft so written is no published post)."""
        value = self.metadata.get(key)
        if value is None and self._capitalised:
            written = self._capitalised.get(key)
            return None if written is None else self.metadata[written]
        return value

    def holds(self, key: str) -> bool:
        """Whether the front matter sets ``key``, in any capitals (``Draft``)."""
        return key in self.metadata or key in self._capitalised

    @lazy
    def _capitalised(self) -> dict[str, str]:
        """The front matter keys written with capitals, by their lower case."""
        return {k.lower(): k for k in self.metadata if isinstance(k, str) and not k.islower()}

    def _str(self, key: str) -> str:
        value = self.value(key)
        return value.strip() if isinstance(value, str) else ""

    @property
    def title(self) -> str:
        """The front matter title (HTML/Jekyll entities such as ``&colon;`` decoded), else the
        body's first ``# H1``."""
        title = self._str("title") or self.heading_title
        return html.unescape(title) if "&" in title else title

    @property
    def title_from_heading(self) -> bool:
        """Whether the title is the body's first H1 (no title in the front matter)."""
        return not self._str("title") and bool(self.heading_title)

    @lazy
    def heading_title(self) -> str:
        """The text of the body's first level-one heading, if any: ``# Title``, ``Title``
        over a line of ``=``, or ``<h1>Title</h1>``."""
        text = self.text
        if not self.readable or not ("#" in text or "==" in text or "<h1" in text.lower()):
            return ""
        fence = ""
        lines = self.lines[self.body_line - 1 :]
        after_blank = True
        for index, line in enumerate(lines):
            stripped = line.lstrip()
            if fence:
                if stripped.startswith(fence):
                    fence = ""
                continue
            if stripped.startswith(("```", "~~~")):
                fence = stripped[:3]
                continue
            match = _H1.match(line)
            if match:
                return _EMPHASIS_MARKS.sub("", match.group(1)).strip()
            following = lines[index + 1] if index + 1 < len(lines) else ""
            if (
                after_blank
                and stripped
                and not stripped.startswith(_NOT_SETEXT)
                and len(line) - len(stripped) < 4
                and _SETEXT_H1.match(following)
            ):
                return _EMPHASIS_MARKS.sub("", line).strip()
            if "<h" in stripped.lower() and (h1 := _HTML_H1.search(line)):
                return _html_words(h1.group(1))
            after_blank = not stripped
        return ""

    def is_title_heading(self, text: str) -> bool:
        """Whether ``text`` (a block's) is a level-one heading that says the title: a post
        titled by its first heading, or one that repeats its title there."""
        text = text.strip()
        match = _H1.match(text)
        if match is not None:
            said = match.group(1)
        elif len(lines := text.split("\n")) == 2 and _SETEXT_H1.match(lines[1]):
            said = lines[0]
        elif (h1 := _HTML_H1.fullmatch(text)) is not None:
            said = _html_words(h1.group(1))
        else:
            return False
        return _EMPHASIS_MARKS.sub("", said).strip().casefold() == self.title.casefold()

    @property
    def work(self) -> str:
        return self._str("work")

    @property
    def medium(self) -> str:
        """``medium``, else the blog's (``posts_medium``): a book blog's posts name none."""
        return self._str("medium").lower() or self.markers.medium

    @property
    def category(self) -> str:
        return self._str("category")

    @property
    def status(self) -> str:
        """``draft`` or ``published``: a draft by its generator's flag (Hugo's ``draft: true``,
        Jekyll's ``published: false``) whatever ``status`` says, which the generator never
        reads; else ``status``.

        A file that says nothing is published, as Hugo and Jekyll treat it; one whose
        ``status`` says nothing that can be read (empty, a list, ``false``) is a draft: never
        published by a value FM003 or FM004 reports.
        """
        if self.unbuilt:
            return "draft"
        draft, published = truth(self.get("draft")), truth(self.get("published"))
        if draft or published is False:
            return "draft"  # the generator never builds it, whatever ``status`` says
        status = self.value("status")
        if isinstance(status, str) and status.strip():
            return status.strip().lower()
        if status is not None or any(
            key in self.metadata
            for key in (self.keys_for("status") if self.markers.aliases else ("status",))
        ):
            return "draft"
        return "published"

    @property
    def unbuilt(self) -> str:
        """Why the blog's generator never makes a page of this file, whatever its status
        says ("": it does): Jekyll's (and Hexo's) ``_drafts/``, a file in ``_posts/`` whose
        name starts with ``_`` or, in Jekyll's, has no date, Hugo's ``headless`` bundle or
        ``_build.render = never``, and Zola's ``render = false``. Such a file is a draft:
        nothing publishes it."""
        parts = self.path.parts
        if "_drafts" in parts[:-1]:
            return "a Jekyll draft (in _drafts/): move it to _posts/<date>-<name>.md"
        if "_posts" in parts[:-1]:
            name = self.path.name
            if name.startswith("_"):
                return "a _posts file whose name starts with _, which the generator skips"
            # Hexo's source/_posts names a post as it likes; Jekyll's, by its date
            hexo = parts[parts.index("_posts") - 1 : parts.index("_posts")] == ("source",)
            if not hexo and not _JEKYLL_POST.match(name):
                return "Jekyll publishes a _posts file only as <date>-<name>.md: rename it"
        meta = self.metadata
        if not ("headless" in meta or "_build" in meta or "build" in meta or "render" in meta):
            return ""
        if truth(meta.get("headless")):
            return "a headless bundle, which Hugo never renders: set headless = false"
        if truth(meta.get("render")) is False:
            return "render = false: Zola never renders it"
        build = meta.get("_build", meta.get("build"))
        render = build.get("render") if isinstance(build, Mapping) else None
        if render in ("never", False, "false"):
            return "_build render = never: Hugo never renders it"
        return ""

    @property
    def states_status(self) -> bool:
        """Whether the file says its status at all (``status``, ``draft`` or ``published``)."""
        if self.value("status") is not None:
            return True
        return any(truth(self.get(k)) is not None for k in ("draft", "published"))

    @property
    def is_draft(self) -> bool:
        return self.status != "published"

    @property
    def cover_image(self) -> tuple[str, int] | None:
        """The review's own picture, as written, and its front matter line (see
        :data:`COVER_KEYS`): the preview and the featured image, when it is a picture."""
        for key in COVER_KEYS:
            value = lookup(self.metadata, key)
            if isinstance(value, Mapping):
                value = next((value[k] for k in _COVER_SOURCE if isinstance(value.get(k), str)), "")
            if isinstance(value, str) and value.strip():
                return value.strip(), self.key_line(key.rsplit(".", 1)[-1]) or 1
        return None

    @property
    def is_page(self) -> bool:
        """A page of the blog, not a review (``type: page``, as ``import wordpress --pages``
        writes one): no list, feed or Newer/Older link shows it."""
        return self.metadata.get("type") == "page"

    @property
    def spoiler_flag(self) -> int | None:
        """The front matter line that marks the whole review as spoilers (``spoiler: true``,
        as some blogs do instead of a cut), if one does."""
        for key in SPOILER_KEYS:
            if truth(self.metadata.get(key)):
                return self.key_line(key) or 1
        return None

    @property
    def date(self) -> dt.date | None:
        """``date`` (or its aliases), the other generators' date keys, else a date at the
        start of the file name (Jekyll's ``2019-02-11-title.md``, ``20250619-title.md``)."""
        found = as_date(self.value("date"))
        if found is not None:
            return found
        for key in DATE_KEYS:
            found = as_date(self.metadata.get(key))
            if found is not None:
                return found
        return self.file_date

    @property
    def date_key(self) -> str | None:
        """The front matter key whose value dates the review, if one does (Jekyll's
        ``published: false`` is a flag, not a date)."""
        meta = self.metadata
        keys = (*self.keys_for("date"), *DATE_KEYS)
        return next((k for k in keys if as_date(meta.get(k)) is not None), None)

    @property
    def moment(self) -> dt.datetime | None:
        """The date's time of day, when the key that dates the review gives one
        (``2024-03-01T10:00:00-05:00``; naive when it names no zone)."""
        for value in (self.value("date"), *(self.metadata.get(key) for key in DATE_KEYS)):
            if as_date(value) is not None:
                return _moment(value)
        return None

    @property
    def release(self) -> tuple[dt.date, dt.datetime | None] | None:
        """When the blog publishes the review: its date (and time), or Hugo's
        ``publishDate`` when that is later (Hugo holds a post back till then, whatever its
        ``date``)."""
        day, moment = self.date, self.moment
        for key in HOLD_KEYS:
            value = self.metadata.get(key)
            held = as_date(value)
            if held is None:
                continue
            at = _moment(value)
            if day is None or held > day or (held == day and _later(at, moment)):
                return held, at
        return None if day is None else (day, moment)

    @property
    def expiry(self) -> tuple[dt.date, dt.datetime | None] | None:
        """Hugo's ``expiryDate`` (``unpublishdate``), if the review has one: from then on the
        blog no longer publishes it."""
        for key in EXPIRY_KEYS:
            value = self.metadata.get(key)
            day = as_date(value)
            if day is not None:
                return day, _moment(value)
        return None

    @property
    def file_date(self) -> dt.date | None:
        match = _FILE_DATE.match(self.path.name)
        if match is None:
            return None
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return None

    @property
    def language(self) -> str | None:
        """The language the review says it is in: front matter ``lang``/``language``/
        ``locale``, else a language tag in its file name (Hugo's ``post.fr.md``)."""
        for key in ("lang", "language", "locale"):
            value = self.metadata.get(key)
            if isinstance(value, str) and _LANGUAGE_TAG.match(tag := value.strip()):
                return tag.replace("_", "-")
        stem, language = split_language(self.path.stem)
        if language in _WORD_CODES and stem.lower() not in ("index", "_index"):
            return None
        return language

    @property
    def tags(self) -> list[str]:
        """``tags`` (or the blog's own key for them, ``[aliases]``), else Zola's
        ``taxonomies.tags``."""
        raw = self.value("tags")
        if raw is None:
            taxonomies = self.metadata.get("taxonomies")
            raw = taxonomies.get("tags") if isinstance(taxonomies, dict) else None
        if isinstance(raw, str):
            parts = raw.split(",") if "," in raw else raw.split()
            return [p.strip() for p in parts if p.strip()]
        if isinstance(raw, list):  # a list or a table in the list is no tag: FM004 says so
            return [str(t).strip() for t in raw if is_tag(t) and str(t).strip()]
        return []

    @property
    def rating(self) -> int | float | None:
        """A number, or a string of star glyphs (``★★★½``) counted."""
        value = self.value("rating")
        if isinstance(value, str):
            return stars(value)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        if not math.isfinite(value) or abs(value) > MAX_RATING:  # NaN, ∞, a typo of 10⁹⁹
            return None
        return value

    @property
    def where_to_watch(self) -> str:
        return self._str("where_to_watch")

    # -- structure ----------------------------------------------------------------------------
    @lazy
    def parts(self) -> Parts:
        """Blocks and house parts (cut, warning, lede, footer, …) located in the body."""
        return locate(self)

    @lazy
    def words(self) -> int:
        return count_words(self.body) if self.readable else 0

    @property
    def reading_minutes(self) -> int:
        words = self.words
        return reading_minutes(words, cjk_characters(self.body) if words else 0)

    def key_line(self, key: str) -> int | None:
        """The file line where top-level front matter ``key`` is set, if it is."""
        if self.front_matter is None:
            return None
        if key and not key[-1].isspace() and not any(c in key for c in _KEY_ODD):
            return self._key_lines.get(key)
        flags = re.I if self.format is Format.PELICAN else 0
        pattern = re.compile(rf"^[\"']?{re.escape(key)}[\"']?\s*[:=]", flags)
        for number in range(self.front_matter.start, self.front_matter.end + 1):
            if pattern.match(self.lines[number - 1]):
                return number
        return None

    @lazy
    def _key_lines(self) -> dict[str, int]:
        """The first front matter line of each key, for :meth:`key_line`, built in one pass.

        A line ``["']?KEY["']?\\s*[:=]`` sets KEY. For a key with no quote, colon or equals
        sign that does not end in a space, the first ``:`` or ``=`` of the line is the one
        after it, so each line names at most one such key: the text before that sign, less
        the trailing spaces, a closing quote and an opening quote.
        """
        found: dict[str, int] = {}
        region = self.front_matter
        if region is None:
            return found
        lines = self.lines
        pelican = self.format is Format.PELICAN
        for number in range(region.start, min(region.end, len(lines)) + 1):
            line = lines[number - 1]
            colon, equals = line.find(":"), line.find("=")
            sign = min(colon, equals) if colon >= 0 and equals >= 0 else max(colon, equals)
            if sign <= 0:
                continue
            end = len(line[:sign].rstrip())
            if end and line[end - 1] in "\"'":
                end -= 1
            begin = 1 if line[0] in "\"'" else 0
            if end > begin:
                key = line[begin:end]
                # Pelican's keys are read case-blind ("Date:" is date), and so are placed
                found.setdefault(key.lower() if pelican else key, number)
        return found

    def summary(self) -> dict[str, Any]:
        """A flat, JSON-ready record, as ``list`` shows it."""
        date = self.date
        return {
            "path": str(self.path),
            "title": self.title,
            "work": self.work,
            "medium": self.medium,
            "status": self.status if self.error is None else "",  # unread: unknown
            "date": date.isoformat() if date else None,
            "rating": self.rating,
            "tags": self.tags,
            "words": self.words,
            "reading_minutes": self.reading_minutes,
            "format": self.format.value,
            "error": None if self.error is None else self.error.where(),
        }


# Date keys of the generators reviewctl knows, after ``date`` (Astro, Eleventy, Jekyll).
DATE_KEYS = ("pubDatetime", "published", "pubDate", "publishDate")
#: Hugo's keys for the day a post is published, and for the day it is taken down
#: (front matter keys are case-insensitive to Hugo)
HOLD_KEYS = ("publishDate", "publishdate", "pubdate", "pubDate")
EXPIRY_KEYS = ("expiryDate", "expirydate", "unpublishdate", "unpublishDate")
#: a review dated before it (no review was blogged before the web) has a placeholder date
FIRST_YEAR = 1991

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*\Z")
# A file name's language tag, as Hugo reads one: "post.fr", "index.zh-cn", "post.pt-br".
_NAME_LANGUAGE = re.compile(r"\.([a-z]{2})(?:[-_]([a-z]{2,4}))?\Z", re.I)
# Languages a file name may be tagged with (ISO 639-1): "post.js.md" is not one.
LANGUAGE_CODES = frozenset(
    """
    en fr de es it pt nl sv no nb da fi is pl cs sk hu ro bg hr sr sl el tr ru uk ja zh ko vi
    th id ms ar he fa hi ca eu gl
    """.split()  # noqa: SIM905  (a word list reads better as text)
)
# Codes that are also English words a name may end in ("dr.no.md", "what.is.md"): a page's
# language only in a bundle's index.<code>.md
_WORD_CODES = frozenset(("no", "is", "it", "id", "he", "hi", "ms"))


def split_language(stem: str) -> tuple[str, str | None]:
    """A file name's stem and its language tag: ``index.zh-cn`` → ``("index", "zh-cn")``;
    ``("post", None)`` when it has none."""
    match = _NAME_LANGUAGE.search(stem)
    if match is None or match.group(1).lower() not in LANGUAGE_CODES or match.start() == 0:
        return stem, None
    return stem[: match.start()], language_tag(match.group(0)[1:])


def language_tag(text: str) -> str | None:
    """``text`` as a language tag, its language in lower case and its region in upper
    (``en_us`` → ``en-US``); ``None`` when it is not one."""
    if not _LANGUAGE_TAG.match(text := text.strip()):
        return None
    language, _, region = text.replace("_", "-").partition("-")
    return f"{language.lower()}-{region.upper()}" if region else language.lower()


_FILE_DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})(?=[-_. ])")
_H1 = re.compile(r"^ {0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
_NOT_SETEXT = ("<", ">", "- ", "* ", "+ ", "|", "#", "=")  # a tag, a quote, a list item…
_HTML_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.I)
_TAG = re.compile(r"<[^>]*>")


def _html_words(fragment: str) -> str:
    """An HTML heading's text: its tags dropped, its entities decoded."""
    return html.unescape(_TAG.sub("", fragment)).strip()


_EMPHASIS_MARKS = re.compile(r"(?<!\w)[*_]+|[*_]+(?!\w)")
STAR_GLYPHS = {"★": 1.0, "⭐": 1.0, "½": 0.5, "⯪": 0.5}


def stars(text: str) -> float | int | None:
    """The rating a run of star glyphs gives (``★★★½`` is 3.5); ``None`` if it is not one."""
    glyphs = text.replace("☆", "").replace("\ufe0f", "").strip()
    if not glyphs or any(g not in STAR_GLYPHS for g in glyphs):
        return None
    total = float(sum(STAR_GLYPHS[g] for g in glyphs))
    return int(total) if total.is_integer() else total


def truth(value: Any) -> bool | None:
    """A flag's value (``true``, ``"yes"``…), or ``None`` when ``value`` is no flag."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"true", "false", "yes", "no"}:
        return value.strip().lower() in {"true", "yes"}
    return None


#: a name Jekyll publishes from ``_posts/``: ``2019-02-11-title.md``
_JEKYLL_POST = re.compile(r"\d{4}-\d{1,2}-\d{1,2}-")
_LOOSE_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})")


def lookup(metadata: Mapping[str, Any], key: str) -> Any:
    """``metadata[key]``, else for a dotted key (``book.title``) the value in its tables."""
    value = metadata.get(key)
    if value is None and "." in key:
        value = metadata
        for part in key.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _moment(value: Any) -> dt.datetime | None:
    """The time of day a date value gives (``2024-03-01T10:00:00-05:00``), if it does."""
    if isinstance(value, str) and len(value.strip()) > 10 and ":" in value:
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    return value if isinstance(value, dt.datetime) else None


def _later(moment: dt.datetime | None, than: dt.datetime | None) -> bool:
    """Whether ``moment`` is later in its day than ``than`` (none: the day's start); two
    moments that cannot be compared (one names a zone, one does not) are not."""
    if moment is None:
        return False
    if than is None:
        return True
    if (moment.tzinfo is None) != (than.tzinfo is None):
        return False
    return moment > than


def is_tag(value: Any) -> bool:
    """Whether ``value`` can be a tag: text, or a number (``tags: [2024]``)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def as_date(value: Any) -> dt.date | None:
    """A date from a YAML/TOML date, datetime or an ISO-like string; ``None`` if impossible."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        match = _LOOSE_DATE.match(text)
        if match and (len(text) <= 10 or _real_time(text)):
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None


# a time of day after a date, as blogs write one: ``T10:00:00Z``, `` 23:59:59 -0500`` (Jekyll's)
_TIME = re.compile(
    r"[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(?:Z|[+-](\d{2}):?(\d{2}))?\Z", re.I
)


def _real_time(text: str) -> bool:
    """Whether the time of day after a date, if the text has one in a form blogs write,
    is one a clock shows (no ``25:61``, no zone 25 hours ahead): ``2024-01-01T25:00`` is
    no date, though it starts with one."""
    match = _TIME.search(text, 8)
    if match is None:
        return True  # none, or written some other way: the date alone is checked
    hour, minute, second, zone_hours, zone_minutes = (int(g or 0) for g in match.groups())
    return hour < 24 and minute < 60 and second < 61 and zone_hours <= 14 and zone_minutes < 60
