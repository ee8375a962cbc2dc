"""The WordPress export: an HTML fragment for the post editor and the post settings as JSON.

The fragment has no ``html``/``head``/``body``: the lede, the spoiler warning on the line right
before ``<!--more-->`` (WordPress's own cut, whatever marker the archive uses), the body, and
the support footer last. ``<slug>.json`` beside it carries what the editor's sidebar asks for.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from reviewctl.export.html import Page

#: WordPress's post statuses; a review's ``published`` is WordPress's ``publish``.
WP_STATUSES = {"publish", "draft", "pending", "private", "future"}
MORE = "<!--more-->"


def wp_status(status: str) -> str:
    if status == "published":
        return "publish"
    return status if status in WP_STATUSES else "draft"


def render_fragment(page: Page, template: Any) -> str:
    text = str(template.render(review=page, more=MORE))
    return text.strip() + "\n"


def post_settings(page: Page, *, source: str, images: list[str]) -> dict[str, Any]:
    """The post's sidebar settings: title, category, tags, status, date, slug and excerpt.

    WordPress shows these fields as HTML, so their text is escaped: a ``<`` in a title or
    the lede stays a character and never becomes markup.
    """
    return {
        "title": escape(page.title, quote=False),
        "slug": page.slug,
        "status": wp_status(page.status),
        "date": page.date_iso or None,
        "category": escape(page.category, quote=False),
        "tags": [escape(t.name, quote=False) for t in page.tags],
        "excerpt": escape(page.description, quote=False),
        "images": images,
        "source": source,
    }


def settings_json(settings: dict[str, Any]) -> str:
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
