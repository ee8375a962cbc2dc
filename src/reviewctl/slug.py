"""File-name slugs: ASCII, never empty, and distinct for distinct non-Latin titles."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache

MAX_LENGTH = 60
#: What a slug looks like: a text of that shape (most file names, media and tags) is its own
#: slug, and python-slugify is not even imported for it
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


def _has_non_latin(text: str) -> bool:
    """True if transliteration is lossy: letters from scripts other than Latin."""
    return any(ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN") for ch in text)


def slugify(text: str) -> str:
    """``"Pokémon: The Movie"`` → ``pokemon-the-movie``; ``"進撃の巨人"`` → ``jin-ji-noju-ren-1b2c3d``.

    Non-Latin titles are transliterated and get a short hash of the original so two titles
    never share a slug; text with no letters at all becomes ``review-<hash>``.
    """
    if len(text) <= MAX_LENGTH and _SLUG.match(text):
        return text
    return _transliterated(text)


def _transliterated(text: str) -> str:
    """:func:`slugify` of any text, through python-slugify."""
    from slugify import slugify as _slugify
    from text_unidecode import unidecode  # type: ignore[import-untyped]  # python-slugify's own

    # one title, however its accents are encoded (composed or not): one slug
    text = unicodedata.normalize("NFC", text)
    digest = hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:6]
    # transliterated before python-slugify decomposes it, which would strip kana of their
    # voicing marks (ガンダム: kantamu, not gandamu)
    ascii_text = text if text.isascii() else unidecode(text)
    slug = _slugify(ascii_text, max_length=MAX_LENGTH, word_boundary=True, save_order=True)
    if not slug:
        return f"review-{digest}"
    return f"{slug}-{digest}" if _has_non_latin(text) else slug


# Signs after a word that tell a tag apart, which a slug would drop: "C++" and "C#" are
# not "C" (they shared tags/c/); a "#1" is just a number.
_TAG_SIGN = re.compile(r"(?<=\w)(\+\+|\+|#)")
_SIGN_WORDS = {"++": " plus plus ", "+": " plus ", "#": " sharp "}


@cache
def tag_slug(tag: str) -> str:
    """A tag's page name, one for every way it is written: Café, cafe and CAFÉ (composed or
    not), ТОЛСТОЙ and толстой, İstanbul and istanbul; C++ and C# apart from C. ``list
    --tag`` matches tags by it too."""
    tag = unicodedata.normalize("NFC", tag).casefold()
    if "+" in tag or "#" in tag:
        tag = _TAG_SIGN.sub(lambda m: _SIGN_WORDS[m[1]], tag)
    return slugify(tag)
