"""The house markers a review is read by: the cut, the spoiler warning, front matter aliases.

Its own module so the config (which sets them) needs nothing of the model (which reads by
them): a warm ``list`` imports neither the model nor the structure scan.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The house's cut and spoiler warning, unless the config says otherwise.
CUT = "<!--more-->"
WARNING = "Spoilers below the cut."


@dataclass(frozen=True, slots=True)
class Markers:
    """The configurable house markers the structure scan looks for."""

    cut: str = CUT
    warning: str = WARNING
    #: ``(field, keys)``: the blog's own front matter keys for a field (config ``[aliases]``).
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: the medium of a review whose front matter names none (config ``posts_medium``)
    medium: str = ""
