"""schema.org ``Review`` JSON-LD for a review page: what search engines show as a review
snippet (the work, its type, the rating with its scale). Built from the page's header fields
and its description, which come from above the cut only."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reviewctl.export.html import Page


#: Medium facts (their labels) that name a person of the work, as schema.org properties.
_PEOPLE = {
    "Author": "author",
    "Book author": "author",
    "Director": "director",
    "Creator": "creator",
}


def review(page: Page) -> dict[str, Any]:
    """The ``Review`` object of ``page``. reviewctl ratings start at 0, while search engines
    assume 1 unless told: ``worstRating`` is always given."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Review",
        "name": page.title,
        "itemReviewed": {"@type": page.item_type, "name": page.work or page.title},
        "inLanguage": page.lang,
    }
    for label, value in page.facts:  # the work's people and number, where its medium has them
        if label in _PEOPLE:
            data["itemReviewed"][_PEOPLE[label]] = {"@type": "Person", "name": value}
        elif label == "Isbn":
            data["itemReviewed"]["isbn"] = value
    if page.author:
        data["author"] = {"@type": "Person", "name": page.author}
    # a rating off the scale (lint's FM004) is no Rating a search engine takes: none
    if page.rating is not None and 0 <= page.rating <= page.rating_scale:
        data["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": page.rating,
            "bestRating": page.rating_scale,
            "worstRating": 0,
        }
    if page.date:
        data["datePublished"] = page.date_iso
    if page.description:
        data["description"] = page.description
    if page.url:
        data["url"] = page.url
        data["mainEntityOfPage"] = page.url
    if page.image:
        data["image"] = page.image
    if page.site_title:
        data["publisher"] = {"@type": "Organization", "name": page.site_title}
    if page.tags:
        data["keywords"] = ", ".join(t.name for t in page.tags)
    return data


def script(data: dict[str, Any]) -> str:
    """``data`` as the body of a ``<script type="application/ld+json">``: ``<``, ``>`` and
    ``&`` escaped, so no text in it can close the script element."""
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
