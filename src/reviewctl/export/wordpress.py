"""The WordPress export: the post's content as block markup, and the post settings as JSON.

The content is what WordPress's block editor saves (see :mod:`reviewctl.export.blocks`): the
lede, the spoiler warning in the paragraph right before the ``more`` block (WordPress's own
cut, whatever marker the archive uses), the body, and the support footer last. ``push`` sends
the same content; ``export`` writes it to ``<slug>.html`` and the sidebar's settings to
``<slug>.json``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

from reviewctl.export import blocks, markdown
from reviewctl.export.html import Page, Section, drop_comments, own_description, sanitize, split

if TYPE_CHECKING:
    from reviewctl.config import Config
    from reviewctl.export.themes import Template
    from reviewctl.model import Review

#: WordPress's post statuses; a review's ``published`` is WordPress's ``publish``.
WP_STATUSES = {"publish", "draft", "pending", "private", "future"}


#: The ``wp_status`` values (kept by ``import wordpress``) that a draft gives back to WordPress.
KEPT_STATUSES = ("private", "pending", "future")


def wp_status(status: str, kept: object = None) -> str:
    """WordPress's status for a review: ``published`` is ``publish``; a draft whose
    ``wp_status`` the import kept (``kept``: private, pending or future) is that again;
    anything else is a draft. A password-protected post's ``wp_status: publish`` is not given
    back: its password is not in the archive."""
    if status == "published":
        return "publish"
    if status == "draft" and kept in KEPT_STATUSES:
        return str(kept)
    return status if status in WP_STATUSES else "draft"


def post_date(review: Review) -> dict[str, str]:
    """The post's date field: ``date`` (the site's time) from the front matter, with its time
    of day when it has one; ``date_gmt`` for a time with a zone; none without a date."""
    moment = review.moment
    if moment is not None and moment.tzinfo is not None:
        utc = moment.astimezone(dt.UTC).replace(tzinfo=None)
        return {"date_gmt": utc.isoformat(timespec="seconds")}
    if moment is not None:
        return {"date": moment.isoformat(timespec="seconds")}
    if review.date is not None:
        return {"date": f"{review.date.isoformat()}T00:00:00"}
    return {}


@dataclass(frozen=True, slots=True)
class PostContent:
    """A review's post content as block markup, part by part (an empty part is ``""``)."""

    lede: str
    cut: str  # the spoiler warning's paragraph and the ``more`` block
    body: str
    footer: str
    #: the author's own description, else the lede as plain text: all an excerpt or a summary
    #: feed may carry
    excerpt: str

    @property
    def parts(self) -> list[str]:
        return [p for p in (self.lede, self.cut, self.body, self.footer) if p]

    @property
    def markup(self) -> str:
        return "\n\n".join(self.parts) + "\n"


def post_content(
    review: Review,
    config: Config,
    resolve: markdown.ImageResolver | None = None,
    *,
    media: Mapping[str, int] | None = None,
    safe: bool = False,
) -> PostContent:
    """The review's content as blocks; ``resolve`` re-points local images, ``media`` maps an
    image URL to its media library id."""
    # the review's own warning line, never the configured one: a post says what its author
    # wrote (an imported post with a cut and no warning gains none)
    parts = split(review, "")
    clean: Callable[[str], str] = sanitize if safe else drop_comments

    def part(section: Section, doc_id: str | None = None) -> str:
        return blocks.serialize(
            section.source,
            resolve=resolve,
            first_line=section.line,
            doc_id=doc_id,
            media=media,
            clean=clean,
        )

    lede = part(parts.lede, "lede")
    cut = ""
    if parts.has_cut:
        warning = markdown.render_inline(parts.warning)
        warning = clean(warning)
        cut = blocks.more()
        if warning.strip():  # no line and spoiler_warning = "": no empty paragraph
            cut = blocks.paragraph(warning, "spoiler-warning") + "\n\n" + cut
    lede_html = clean(markdown.render(parts.lede.source, doc_id="lede"))
    return PostContent(
        lede=lede,
        cut=cut,
        body=part(parts.body),
        footer=part(parts.footer, "footer"),
        excerpt=own_description(review) or markdown.plain_text(lede_html),
    )


def render_fragment(content: PostContent, template: Template, page: Page | None = None) -> str:
    """The export's ``<slug>.html``: the theme's ``wordpress.html`` around the blocks (``parts``;
    a theme's older template may still use ``review``, the page, and ``more``)."""
    from markupsafe import Markup

    text = str(
        template.render(
            parts=[Markup(p) for p in content.parts], content=content, review=page, more=blocks.MORE
        )
    )
    return text.strip() + "\n"


def post_settings(
    page: Page,
    review: Review,
    *,
    slug: str,
    source: str,
    images: list[str],
    excerpt: str | None = None,
) -> dict[str, Any]:
    """The post's sidebar settings: title, category, tags, status, date, slug and excerpt,
    as ``push`` sends them.

    WordPress shows these fields as HTML, so their text is escaped: a ``<`` in a title or
    the lede stays a character and never becomes markup.
    """
    moment = review.moment
    named = categories(review)
    return {
        "title": escape(page.title, quote=False),
        "slug": slug,
        "status": wp_status(review.status, review.metadata.get("wp_status")),
        "date": moment.isoformat(timespec="seconds") if moment else page.date_iso or None,
        "category": escape(page.category, quote=False),
        # every one the review names (the first is ``category``), as push sets them
        **({"categories": [escape(c, quote=False) for c in named]} if len(named) > 1 else {}),
        "tags": [escape(t.name, quote=False) for t in page.tags],
        "excerpt": escape(page.description if excerpt is None else excerpt, quote=False),
        "images": images,
        "source": source,
    }


def categories(review: Review) -> list[str]:
    """Every category the review names: ``category``, then ``categories`` (an import keeps
    a post's several there), each once."""
    names = [review.category]
    extra = review.metadata.get("categories")
    if isinstance(extra, list):
        names += [str(c) for c in extra if isinstance(c, str | int) and not isinstance(c, bool)]
    seen: dict[str, str] = {}
    for name in names:
        if name.strip():
            seen.setdefault(name.strip().casefold(), name.strip())
    return list(seen.values())


def settings_json(settings: dict[str, Any]) -> str:
    return json.dumps(settings, ensure_ascii=False, indent=2) + "\n"
