"""Did-you-mean suggestions for near misses (keys, statuses, media, rule codes)."""

from __future__ import annotations

from collections.abc import Iterable


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
