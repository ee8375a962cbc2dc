"""Whether a block of a review says where the work can be had (TX003's availability line).

Reviews say it in many ways: a sentence ("… is currently available for streaming on
Crunchyroll", "Get it on Steam"), a link in a list or an HTML block ("$10 on [itch](…)"),
or a badge (``<kbd>🎮 Steam</kbd>``) that only names the store or service.
"""

from __future__ import annotations

import re

# Stores and services reviews send readers to; matched as whole words, case ignored.
STORES = (
    "Steam", "GOG", "itch", "itch.io", "Epic Games Store", "eShop", "Nintendo Switch Online",
    "PlayStation Store", "Xbox Store", "Game Pass", "Humble", "Crunchyroll", "HIDIVE",
    "Funimation", "Netflix", "Hulu", "Disney+", "Prime Video", "Amazon", "Apple TV",
    "Max", "HBO Max", "Paramount+", "Peacock", "Mubi", "Criterion Channel", "YouTube",
    "Kindle", "Kobo", "Audible", "Bookshop", "Libby", "ComiXology", "VIZ", "Webtoon",
    "Spotify", "Bandcamp",
)  # fmt: skip
_NAMES = "|".join(re.escape(s) for s in sorted(STORES, key=len, reverse=True))
_SENTENCE = re.compile(
    r"\b(?:is|are)\s+(?:currently\s+|now\s+|also\s+)?available\b"
    r"|\bavailable\s+(?:for|to|on|at|from|via)\s+"
    r"|\b(?:stream|watch|play|read|buy|get)\s+it\s+(?:on|at|from)\b",
    re.I,
)
# "on [Steam](…)", "at itch", "via Crunchyroll": a store named as the place to go
_ON_STORE = re.compile(rf"\b(?:on|at|via|from)\s+(?:the\s+)?[\[*_]*(?:{_NAMES})(?![\w+])", re.I)
# a badge that names a store: <kbd>🎮 Steam</kbd>, or a shields.io-style image
_BADGE = re.compile(rf"<kbd>[^<]{{0,24}}\b(?:{_NAMES})(?![\w+])[^<]{{0,24}}</kbd>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SENTENCE_HINTS = ("vailab", " it on", " it at", " it from")
_PREPOSITIONS = (" on ", " at ", " via ", " from ")
_STORE_PREFIXES = tuple(s.lower() for s in STORES)


def _store_after_preposition(lowered: str) -> bool:
    """Whether a store's name follows "on", "at", "via" or "from" somewhere in ``lowered``
    (``str.find`` and ``startswith`` only: far cheaper than a regex over every block)."""
    for preposition in _PREPOSITIONS:
        at = lowered.find(preposition)
        while at != -1:
            rest = lowered[at + len(preposition) : at + len(preposition) + 40].lstrip("[*_ ")
            if rest.startswith("the "):
                rest = rest[4:].lstrip("[*_ ")
            if rest.startswith(_STORE_PREFIXES):
                return True
            at = lowered.find(preposition, at + 1)
    return False


def sends_to_store(text: str) -> bool:
    """Whether ``text`` sends the reader to a store or service ("… on [Crunchyroll](…)"),
    not to the author's own pages ("available on my Patreon")."""
    return _store_after_preposition(text.lower()) and bool(_ON_STORE.search(text))


# A line that only names the store sits near the end, by the verdict: only the last few
# blocks of the body are searched for store names (a sentence is found anywhere).
STORE_BLOCKS = 6


# A store named in a sentence of any language ("…はCrunchyrollで配信中です。", "sur MUBI");
# not one whose name is also a word or a name ("un film humble", Max), unless whole
_NAMED = re.compile(
    "(?<![A-Za-z0-9])(?:"
    + "|".join(
        re.escape(s)
        for s in sorted((*STORES, "Humble Bundle", "HBO Max"), key=len, reverse=True)
        if s not in ("Max", "Humble")
    )
    + ")(?![A-Za-z0-9+])",
    re.I,
)


def names_store(text: str, store: str = "") -> bool:
    """Whether ``text`` names a store or service, or ``store`` (the review's own
    ``where_to_watch``), in whatever language it is written."""
    store = store.strip()
    if store and store.casefold() in text.casefold():
        return True
    return bool(_NAMED.search(text))


def says_available(text: str, *, by_store: bool = True) -> bool:
    """Whether ``text`` (a paragraph, list or HTML block) says where to find the work;
    ``by_store=False`` looks for a sentence or a badge only, not a bare store name.

    Cheap substring checks come first: nearly every block is not the one.
    """
    lowered = text.lower()
    if "<kbd" in lowered and _BADGE.search(text):
        return True
    if "<" in text:
        text = _TAG.sub(" ", text)
        lowered = text.lower()
    if any(hint in lowered for hint in _SENTENCE_HINTS) and _SENTENCE.search(text):
        return True
    return by_store and _store_after_preposition(lowered) and bool(_ON_STORE.search(text))
