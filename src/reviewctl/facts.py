"""A review's medium facts: the front-matter fields its medium names (``[media.X] fields``),
such as an anime's studio and episodes or a game's platform, as labelled text. The exported
page's header box and ``show``'s panel both show them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewctl.config import Config
    from reviewctl.model import Review


def medium_facts(review: Review, config: Config) -> list[tuple[str, str]]:
    """``(label, value)`` for each of the medium's fields the review fills in, in order; an
    ``author`` that is the blogger's own name (Jekyll's byline) is no book's author."""
    from reviewctl.model import lookup

    medium = config.medium(review.medium)
    facts: list[tuple[str, str]] = []
    for name in medium.fields if medium else ():
        value = lookup(review.metadata, name)  # a key in a table too: extra.book_author
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            continue
        text = " ".join(str(value).split())
        if name == "author" and text.casefold() == config.author.strip().casefold():
            continue
        if text:
            facts.append((name.rsplit(".", 1)[-1].replace("_", " ").capitalize(), text))
    return facts
