"""The site around the pages: an index, a page per medium and per tag, and an Atom feed.

Everything here is built from the entries the page renderer left in the manifest, each with
the title, links and the lede's HTML only, so neither the index nor the feed can show a word
from below the cut. Each site page has a key, a hash of exactly the entries it shows: a page
whose key has not changed since the last export is neither rendered nor written.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from markupsafe import Markup

from reviewctl.config import SiteSettings
from reviewctl.export.job import Entry
from reviewctl.export.output import digest

if TYPE_CHECKING:
    from reviewctl.export.themes import Theme

#: How many of the newest reviews the feed carries.
FEED_ENTRIES = 20
#: Top-level names the site uses itself; a medium with one of these names gets a suffix.
RESERVED = frozenset(
    {"tags", "assets", "feed.xml", "index.html", "images", "sitemap.xml", "robots.txt", "404.html"}
)

#: Stands for the way back to the site root in a pre-rendered list line (``entry.line``).
ROOT = "\x00root\x00"


def sort_key(entry: Entry) -> tuple[int, str, str]:
    """Newest first (by the moment, where a review has its time of day: in UTC when it has a
    zone); undated reviews last, by title."""
    date = entry.get("date") or ""
    if date:  # a day alone is its midnight, as Hugo reads it
        moment = entry.get("moment")
        date = (_instant(moment) if moment else "") or f"{date}T00:00:00"
    return (0 if date else 1, _invert(date), entry["title"].casefold())


def _instant(moment: str) -> str:
    """``moment`` (ISO 8601) as a sortable string: its time in UTC when it has a zone."""
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(moment)
    except ValueError:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.isoformat(timespec="seconds")


#: Each digit as 0x7F less itself: an ISO moment that sorts later sorts first.
_INVERTED_DIGITS = str.maketrans({d: chr(0x7F - ord(d)) for d in "0123456789"})


def _invert(date: str) -> str:
    return date.translate(_INVERTED_DIGITS)


@dataclass(frozen=True, slots=True)
class SitePage:
    """One page of the site: its path, the data that keys it, and how to render it."""

    rel: str
    key: str
    render: Callable[[], bytes]


SUMMARY_FIELDS = ("lede", "description", "full", "cover")


def _key(kind: str, data: Any) -> str:
    import orjson

    try:  # orjson: 0.4 µs a key where json takes 6, two keys a page
        return digest(orjson.dumps([kind, data], option=orjson.OPT_SORT_KEYS))
    except TypeError:  # an integer past 64 bits, a key that is not a string
        return digest(json.dumps([kind, data], sort_keys=True, ensure_ascii=False).encode())


def keyed(entry: Entry) -> Entry:
    """``entry`` with two hashes: of all of it, and of what a list line shows (no lede)."""
    entry["list_key"] = _key("line", {k: v for k, v in entry.items() if k not in SUMMARY_FIELDS})
    entry["key"] = _key("entry", entry)
    return entry


class _Entry(dict[str, Any]):
    """An entry as templates see it: ``entry.title`` and ``entry["title"]`` both work, and the
    first without the cost of Jinja's failed attribute lookup on a plain dict."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


_HEADING_ID = re.compile(r"(<h[1-6])\s+id=\"[^\"]*\"")
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.I)


def demote_headings(fragment: str, by: int = 3) -> str:
    """Headings of a lede shown on a card, made smaller than the card's own title, without
    their ids (several cards' "Verdict" would share one; a link to it leads to the page)."""
    if "<h" not in fragment:
        return fragment
    fragment = _HEADING_ID.sub(r"\1", fragment)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + by)}", fragment)


def paged(rel: str, number: int) -> str:
    """The path of page ``number`` of a listing whose first page is ``rel``:
    ``anime/index.html`` → ``anime/index-2.html`` (never a review's folder)."""
    return rel if number == 1 else rel.removesuffix(".html") + f"-{number}.html"


def chunks(items: list[Entry], size: int) -> list[list[Entry]]:
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def plan(
    entries: list[Entry],
    *,
    theme: Theme,
    settings_key: str,
    title: str,
    author: str,
    assets: list[str],
    settings: SiteSettings | None = None,
) -> Iterator[SitePage]:
    """The site pages for ``entries`` (the reviews exported, drafts only in a preview)."""
    from reviewctl.export import feed, sitemap, themes
    from reviewctl.export.html import site_image

    settings = settings or SiteSettings()
    base = settings.base_url
    entries = [_Entry(e) for e in sorted(entries, key=sort_key)]
    pages = [e for e in entries if e.get("page") and not e.get("draft")]  # sitemap's alone
    entries = [e for e in entries if not e.get("page")]
    for entry in entries:
        entry["card_lede"] = demote_headings(entry["lede"])
    published = [e for e in entries if not e.get("draft")]
    media: dict[str, list[Entry]] = {}
    labels: dict[str, str] = {}
    tags: dict[str, list[Entry]] = {}
    spellings: dict[str, Counter[str]] = {}
    for entry in entries:
        media.setdefault(entry["medium_slug"], []).append(entry)
        labels.setdefault(entry["medium_slug"], entry["medium_label"])
        for name, slug in entry["tags"]:
            bucket = tags.setdefault(slug, [])
            if not bucket or bucket[-1] is not entry:
                bucket.append(entry)
            spellings.setdefault(slug, Counter())[name] += 1
    # a tag is named as most of its reviews write it (the newest's way on a tie)
    tag_names = {slug: names.most_common(1)[0][0] for slug, names in spellings.items()}
    media_nav: list[dict[str, Any]] = [
        _Entry(slug=s, label=labels[s], count=len(media[s]), url=f"{s}/index.html")
        for s in sorted(media, key=lambda s: labels[s].casefold())
    ]
    tag_nav: list[dict[str, Any]] = [
        _Entry(slug=s, name=tag_names[s], count=len(tags[s]), url=f"tags/{s}/index.html")
        for s in sorted(tags, key=lambda s: (-len(tags[s]), tag_names[s].casefold()))
    ]
    stylesheets = themes.stylesheets(assets)
    common = {
        "site_title": title,
        "author": author,
        "media": media_nav,
        "stylesheets": stylesheets,
        "has_feed": True,
        "language": settings.language,
        "site_description": settings.description,
        "site_image": site_image(settings.image, base),
        "preview": len(published) != len(entries),
    }

    def lines(chosen: list[Entry]) -> list[str]:
        return [e["list_key"] for e in chosen]

    def listing(chosen: list[Entry], rel: str) -> Markup:
        """The list lines of ``chosen`` for a page at ``rel``: pre-rendered, joined."""
        return Markup("".join(e["line"] for e in chosen).replace(ROOT, "../" * rel.count("/")))

    def page(rel: str, template: str, key_data: Any, **context: Any) -> SitePage:
        depth = rel.count("/")
        url = feed.page_url(rel, base) if base else ""
        values = {**common, **context, "root": "../" * depth, "url": url}

        def render() -> bytes:
            return str(theme.template(template).render(**values)).encode("utf-8")

        return SitePage(rel, _key(template, [settings_key, common, key_data, rel]), render)

    def pages_of(first: str, chosen: list[Entry]) -> list[dict[str, Any]]:
        """Pagination: for each page of ``chosen``, its entries and its links."""
        parts = chunks(chosen, settings.per_page)
        out = []
        for number, part in enumerate(parts, 1):
            rel = paged(first, number)
            depth = "../" * rel.count("/")
            nav = {
                "number": number,
                "count": len(parts),
                "newer": depth + paged(first, number - 1) if number > 1 else "",
                "older": depth + paged(first, number + 1) if number < len(parts) else "",
            }
            out.append({"rel": rel, "entries": part, "pagination": nav})
        return out

    sitemap_pages: list[tuple[str, str]] = []  # (path, date of the newest review it shows)

    def newest(chosen: list[Entry]) -> str:
        return next((e["date"] for e in chosen if e.get("date") and not e.get("draft")), "")

    def crawl(rel: str, chosen: list[Entry]) -> None:
        """List ``rel`` in the sitemap unless it shows drafts only (a preview's page)."""
        if rel == "index.html" or any(not e.get("draft") for e in chosen):
            sitemap_pages.append((rel, newest(chosen)))

    for item in pages_of("index.html", entries):
        number = item["pagination"]["number"]
        crawl(item["rel"], item["entries"])
        yield page(
            item["rel"],
            "index.html",
            [
                [e["key"] for e in item["entries"]],
                tag_nav if number == 1 else [],
                item["pagination"],
            ],
            latest=item["entries"],
            reviews=entries,
            tags=tag_nav if number == 1 else [],
            page_title=title if number == 1 else f"{title}, page {number}",
            kind="index",
            pagination=item["pagination"],
        )
    for medium in media_nav:
        for item in pages_of(medium["url"], media[medium["slug"]]):
            number = item["pagination"]["number"]
            crawl(item["rel"], item["entries"])
            yield page(
                item["rel"],
                "list.html",
                [lines(item["entries"]), item["pagination"]],
                reviews=media[medium["slug"]],
                listing=listing(item["entries"], item["rel"]),
                page_title=medium["label"] if number == 1 else f"{medium['label']}, page {number}",
                kind="medium",
                tags=[],
                pagination=item["pagination"],
            )
    sitemap_pages.append(("tags/index.html", newest(entries)))
    yield page(
        "tags/index.html",
        "list.html",
        tag_nav,
        reviews=[],
        listing=Markup(),
        tags=tag_nav,
        page_title="Tags",
        kind="tags",
        pagination=None,
    )
    for tag in tag_nav:
        for item in pages_of(tag["url"], tags[tag["slug"]]):
            number = item["pagination"]["number"]
            crawl(item["rel"], item["entries"])
            label = f"Tagged \u201c{tag['name']}\u201d"
            yield page(
                item["rel"],
                "list.html",
                [lines(item["entries"]), item["pagination"], tag["name"]],
                reviews=tags[tag["slug"]],
                listing=listing(item["entries"], item["rel"]),
                page_title=label if number == 1 else f"{label}, page {number}",
                kind="tag",
                tags=[],
                pagination=item["pagination"],
            )
    # Served for any missing path, at any depth: its links start from the site's own path.
    not_found = {**common, "root": urlsplit(base).path or "/" if base else "/", "url": ""}
    yield SitePage(
        "404.html",
        _key("404", [settings_key, common, base]),
        lambda: str(theme.template("404.html").render(**not_found)).encode("utf-8"),
    )
    # an undated review has no place in a feed (export says so): not a 1970 entry
    feed_entries = [e for e in published if e.get("date")][:FEED_ENTRIES]
    yield SitePage(
        "feed.xml",
        _key("feed", [settings_key, title, author, [e["key"] for e in feed_entries]]),
        lambda: feed.atom(feed_entries, title=title, author=author, settings=settings),
    )
    if base:  # the protocol wants absolute addresses: a site with no base_url has none
        listed = sitemap_pages + [(e["url"], e.get("date") or "") for e in published + pages]
        yield SitePage(
            "sitemap.xml",
            _key("sitemap", [settings_key, listed]),
            lambda: sitemap.sitemap(listed, base),
        )
    yield SitePage(
        "robots.txt",
        _key("robots", [settings_key, base]),
        lambda: sitemap.robots(base),
    )
