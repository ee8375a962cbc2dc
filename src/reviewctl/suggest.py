"""Did-you-mean suggestions for near misses (keys, statuses, media, rule codes)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewctl.config import Medium

#: What people type for a medium: ``movie`` is ``film``.
MEDIUM_ALIASES = {
    "movie": "film", "movies": "film", "cinema": "film", "show": "tv", "series": "tv",
    "television": "tv", "videogame": "game", "video-game": "game", "novel": "book",
    "comic": "manga", "comics": "manga",
}  # fmt: skip


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 75.0) -> str | None:
    """The closest of ``choices`` to ``word`` when it is close enough, else ``None``."""
    from rapidfuzz import fuzz, process, utils

    options = [c for c in choices if c != word]
    if not options:
        return None
    best = process.extractOne(
        word, options, scorer=fuzz.ratio, processor=utils.default_process, score_cutoff=cutoff
    )
    return best[0] if best else None


def suggest_medium(word: str, media: Mapping[str, Medium]) -> str | None:
    """The medium meant by ``word``: by category (``Movies``), alias (``movie``) or spelling."""
    wanted = word.strip().casefold()
    for name, medium in media.items():
        category = medium.category.casefold()
        if wanted in (category, category.removesuffix("s"), medium.label.casefold()):
            return name
    alias = MEDIUM_ALIASES.get(wanted)
    if alias in media:
        return alias
    return did_you_mean(wanted, media)
