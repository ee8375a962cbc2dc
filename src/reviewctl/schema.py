"""The front matter schema: which keys a review may set and what type each value has.

Used by lint (FM003–FM005). The house fields come first; the common keys of Hugo, Jekyll,
Zola, Astro, Eleventy and Pelican follow so that a real blog's posts do not drown in
"unknown field" warnings. Medium-specific fields come from the config.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from reviewctl.model import as_date, is_tag, stars

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from reviewctl.config import Config, Medium

STATUSES = ("draft", "published")
DATE_ALIASES = ("date", "pubDatetime", "pubDate", "publishDate")


class Type(StrEnum):
    TEXT = "text"
    TEXTS = "text or a list of text"
    DATE = "date"
    BOOL = "true or false"
    INT = "whole number"
    TAGS = "list of tags"
    RATING = "rating"
    STATUS = "status"
    MEDIUM = "medium"
    ANY = "any"


HOUSE: dict[str, Type] = {
    "title": Type.TEXT,
    "work": Type.TEXT,
    "medium": Type.MEDIUM,
    "category": Type.TEXT,
    "status": Type.STATUS,
    "date": Type.DATE,
    "tags": Type.TAGS,
    "rating": Type.RATING,
    "where_to_watch": Type.TEXTS,
}

COMMON: dict[str, Type] = {
    # identity and summary
    "slug": Type.TEXT, "description": Type.TEXT, "summary": Type.TEXT, "excerpt": Type.TEXT,
    "subtitle": Type.TEXT, "author": Type.TEXTS, "authors": Type.TEXTS, "series": Type.TEXTS,
    "aliases": Type.TEXTS, "categories": Type.TEXTS, "keywords": Type.TEXTS, "lang": Type.TEXT,
    "language": Type.TEXT, "translationKey": Type.TEXT, "url": Type.TEXT, "permalink": Type.TEXT,
    "canonical_url": Type.TEXT, "canonicalURL": Type.TEXT, "layout": Type.TEXT,
    "type": Type.TEXT, "template": Type.TEXT, "weight": Type.INT,
    # dates and visibility
    "draft": Type.BOOL, "published": Type.ANY, "lastmod": Type.DATE, "updated": Type.DATE,
    "publishDate": Type.DATE, "expiryDate": Type.DATE, "pubDatetime": Type.DATE,
    "modDatetime": Type.DATE, "pubDate": Type.DATE, "updatedDate": Type.DATE,
    "featured": Type.BOOL, "hidden": Type.BOOL, "toc": Type.BOOL, "comments": Type.BOOL,
    "sitemap": Type.ANY, "menu": Type.ANY,
    # images
    "image": Type.ANY, "images": Type.ANY, "cover": Type.ANY, "thumbnail": Type.ANY,
    "featured_image": Type.ANY, "header": Type.ANY, "og_image": Type.ANY, "ogImage": Type.ANY,
    "heroImage": Type.ANY, "featuredImage": Type.ANY, "cover_image": Type.ANY,
    "spoiler": Type.BOOL, "spoilers": Type.BOOL,
    # generator-specific tables
    "taxonomies": Type.ANY, "extra": Type.ANY, "params": Type.ANY,
    # kept by ``import wordpress`` so a later push updates the same post
    "wp_id": Type.INT, "wp_slug": Type.TEXT, "wp_status": Type.TEXT, "wp_comment_status": Type.TEXT,
    "wp_ping_status": Type.TEXT, "wp_sticky": Type.BOOL,
}  # fmt: skip

# Each generator's own page keys, so a real blog's posts are not flagged for using them.
GENERATORS: dict[str, dict[str, Type]] = {
    "hugo": {
        "linkTitle": Type.TEXT, "publishdate": Type.DATE, "expirydate": Type.DATE,
        "headless": Type.BOOL, "isCJKLanguage": Type.BOOL, "markup": Type.TEXT,
        "outputs": Type.ANY, "resources": Type.ANY, "build": Type.ANY, "_build": Type.ANY,
        "cascade": Type.ANY,
        "featuredImage": Type.ANY, "featuredImagePreview": Type.ANY, "showToc": Type.BOOL,
    },
    "jekyll": {
        "excerpt_separator": Type.TEXT, "redirect_from": Type.TEXTS, "redirect_to": Type.TEXT,
        "tag": Type.TAGS, "category": Type.TEXT, "render_with_liquid": Type.BOOL,
        "tagline": Type.TEXT, "last_modified_at": Type.DATE, "hide": Type.BOOL,
    },
    "zola": {
        "sort_by": Type.TEXT, "paginate_by": Type.INT, "paginate_path": Type.TEXT,
        "page_template": Type.TEXT, "insert_anchor_links": Type.TEXT,
        "in_search_index": Type.BOOL, "render": Type.BOOL, "redirect_to": Type.TEXT,
        "transparent": Type.BOOL, "generate_feeds": Type.BOOL, "generate_feed": Type.BOOL,
        "path": Type.TEXT, "authors": Type.TEXTS,
    },
    "pelican": {
        "modified": Type.DATE, "status": Type.STATUS, "save_as": Type.TEXT,
        "tags": Type.TAGS, "authors": Type.TEXTS,
    },
    "astro": {"ogImage": Type.ANY, "canonicalURL": Type.TEXT, "heroImage": Type.ANY},
}  # fmt: skip
for _keys in GENERATORS.values():
    for _key, _kind in _keys.items():
        COMMON.setdefault(_key, _kind)

# Types of the medium fields reviewctl ships (config.Medium.fields); others are free-form.
MEDIUM_FIELDS: dict[str, Type] = {
    "studio": Type.TEXTS, "episodes": Type.INT, "director": Type.TEXTS, "year": Type.INT,
    "network": Type.TEXTS, "seasons": Type.INT, "platform": Type.TEXTS,
    "developer": Type.TEXTS, "author": Type.TEXTS, "pages": Type.INT, "volumes": Type.INT,
}  # fmt: skip


def known_fields(config: Config, medium: str | None = None) -> dict[str, Type]:
    """Every key a review of ``medium`` may set (all media's fields when it is unknown)."""
    media = [config.media[medium]] if medium in config.media else list(config.media.values())
    return fields_for(media, config.extra_fields, config.aliases)


def fields_for(
    media: Iterable[Medium],
    extra_fields: Iterable[str],
    aliases: Iterable[tuple[str, tuple[str, ...]]] = (),
) -> dict[str, Type]:
    """Every key a review may set when its medium is one of ``media``; an alias key has the
    type of the field it stands for."""
    fields: dict[str, Type] = dict(COMMON)
    for name, keys in aliases:
        for key in keys:
            if "." in key:  # a nested key: its table is known, its type is not checked
                fields.setdefault(key.split(".", 1)[0], Type.ANY)
            else:
                fields[key] = HOUSE.get(name, Type.ANY)
    for spec in media:
        for name in spec.fields:
            fields[name] = MEDIUM_FIELDS.get(name, Type.ANY)
    for name in extra_fields:
        fields.setdefault(name, Type.ANY)
    fields.update(HOUSE)
    return fields


_LOOSE_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


def describe(value: Any) -> str:
    """How a value's type reads in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table of keys"
    return type(value).__name__


def _holding(value: Any, fits: Callable[[Any], bool]) -> str:
    """How ``value`` reads in a message, a list by its first item that does not ``fit``:
    "a list holding a list", not "a list" where a list is asked for."""
    if isinstance(value, list):
        wrong = next((item for item in value if not fits(item)), None)
        return f"a list holding {describe(wrong)}"
    return describe(value)


def _number(value: Any, loose: bool) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if loose and isinstance(value, str) and _NUMBER.match(value.strip()):
        return float(value)
    return None


def check(key: str, value: Any, kind: Type, config: Config, *, loose: bool = False) -> str | None:
    """Why ``value`` is not a valid ``key``, or ``None`` when it is.

    ``loose`` accepts text for numbers and booleans (Pelican headers are all text).
    """
    if kind is Type.ANY:
        return None
    if isinstance(value, str) and (kind is Type.TEXT or kind is Type.TEXTS or kind is Type.TAGS):
        return None  # the common case, first
    if kind is Type.TEXT or kind is Type.STATUS or kind is Type.MEDIUM:
        if not isinstance(value, str):
            hint = " (quote it)" if isinstance(value, int | float | bool | dt.date) else ""
            return f"{key} must be text, got {describe(value)}{hint}"
        if kind is Type.STATUS and value.strip().lower() not in STATUSES:
            return f"status must be one of {', '.join(STATUSES)}, got {value!r}"
        if kind is Type.MEDIUM and value.strip().lower() not in config.media:
            return f"medium {value!r} is not one of {', '.join(sorted(config.media))}"
        return None
    if kind is Type.TEXTS:
        if isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            return None
        got = _holding(value, lambda v: isinstance(v, str))
        return f"{key} must be text or a list of text, got {got}"
    if kind is Type.TAGS:
        if isinstance(value, str):
            return None
        if isinstance(value, list) and all(is_tag(v) for v in value):
            return None
        return f"{key} must be a list of tags, got {_holding(value, is_tag)}"
    if kind is Type.DATE:
        return _check_date(key, value)
    if kind is Type.BOOL:
        if isinstance(value, bool):
            return None
        if loose and isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return None
        hint = " (write it without quotes)" if str(value).lower() in ("true", "false") else ""
        return f"{key} must be true or false, got {describe(value)}{hint}"
    if kind is Type.INT:
        number = _number(value, loose)
        if number is None or not number.is_integer():
            return f"{key} must be a whole number, got {describe(value)}"
        return None
    if kind is Type.RATING:
        number = _number(value, loose)
        if number is None and isinstance(value, str) and config.rating_format == "stars":
            found = stars(value)
            number = None if found is None else float(found)
        scale = config.rating_scale
        if number is None:
            return f"rating must be a number from 0 to {scale}, got {describe(value)}"
        if not 0 <= number <= scale:
            return f"rating {value} is outside the scale 0 to {scale}"
        return None
    return None  # pragma: no cover - every Type is handled above


def _check_date(key: str, value: Any) -> str | None:
    if isinstance(value, dt.date):
        return None
    if isinstance(value, str):
        text = value.strip()
        if _LOOSE_DATE.match(text):
            if as_date(text) is None:
                return f"{key} {text!r} is not a real date"
            return None
        return f"{key} must be a date like 2024-03-01, got {text!r}"
    return f"{key} must be a date like 2024-03-01, got {describe(value)}"
