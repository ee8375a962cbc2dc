"""The house markers a review is read by: the cut, the spoiler warning, front matter aliases.

Its own module so the config (which sets them) needs nothing of the model (which reads by
them): a warm ``list`` imports neither the model nor the structure scan.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Markers:
    """The configurable house markers the structure scan looks for."""

    cut: str = "<!--more-->"
    warning: str = "Spoilers below the cut."
    #: ``(field, keys)``: the blog's own front matter keys for a field (config ``[aliases]``).
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: the medium of a review whose front matter names none (config ``posts_medium``)
    medium: str = ""
