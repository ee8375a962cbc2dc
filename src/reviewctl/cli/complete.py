"""Shell completion values: media, rule codes, statuses and front matter keys.

Each function takes what the user has typed so far and returns the matching values; they
read the config of the current folder's archive and never fail (no completion instead).
"""

from __future__ import annotations

from collections.abc import Iterable


def _matching(values: Iterable[str], incomplete: str) -> list[str]:
    prefix = incomplete.casefold()
    return sorted({v for v in values if v.casefold().startswith(prefix)})


def _config_or_none() -> object | None:
    from reviewctl.config import load_config
    from reviewctl.errors import ReviewctlError

    try:
        return load_config()
    except ReviewctlError:
        return None


def complete_media(incomplete: str) -> list[str]:
    """The archive's media (the built-in ones when its config is broken)."""
    from reviewctl.config import DEFAULT_MEDIA, Config

    config = _config_or_none()
    media = config.media if isinstance(config, Config) else DEFAULT_MEDIA
    return _matching(media, incomplete)


def complete_statuses(incomplete: str) -> list[str]:
    from reviewctl.schema import STATUSES

    return _matching(STATUSES, incomplete)


def complete_rule_codes(incomplete: str) -> list[str]:
    """Rule codes; after a comma (``--select TX,SP``) the next code in the list."""
    from reviewctl.lint.registry import all_rules

    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    return [prefix + code for code in _matching((r.code for r in all_rules()), last)]


def complete_fields(incomplete: str) -> list[str]:
    """``list`` fields and front matter keys; after a comma, the next one in the list."""
    from reviewctl.listing import query_fields

    config = _config_or_none()
    from reviewctl.config import Config

    names = query_fields(config if isinstance(config, Config) else None)
    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    return [prefix + name for name in _matching(names, last)]


def complete_sort(incomplete: str) -> list[str]:
    from reviewctl.config import Config
    from reviewctl.listing import query_fields

    config = _config_or_none()
    return _matching(query_fields(config if isinstance(config, Config) else None), incomplete)
