"""The site around the pages: an index, a page per medium and per tag, and an Atom feed.

Everything here is built from the entries the page renderer left in the manifest, each with
the title, links and the lede's HTML only, so neither the index nor the feed can show a word
from below the cut. Each site page has a key, a hash of exactly the entries it shows: a page
whose key has not changed since the last export is neither rendered nor written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from reviewctl.export.output import digest

#: How many of the newest reviews the index shows with their ledes, and the feed carries.
LATEST = 10
FEED_ENTRIES = 20
#: Top-level names the site uses itself; a medium with one of these names gets a suffix.
RESERVED = frozenset({"tags", "assets", "feed.xml", "index.html", "images"})

Entry = dict[str, Any]
#: Stands for the way back to the site root in a pre-rendered list line (``entry.line``).
ROOT = "\x00root\x00"


def sort_key(entry: Entry) -> tuple[int, str, str]:
    """Newest first; undated reviews last, by title."""
    date = entry.get("date") or ""
    return (0 if date else 1, _invert(date), entry["title"].casefold())


def _invert(date: str) -> str:
    return "".join(chr(0x7F - ord(c)) if c.isdigit() else c for c in date)


@dataclass(frozen=True, slots=True)
class SitePage:
    """One page of the site: its path, the data that keys it, and how to render it."""

    rel: str
    key: str
    render: Callable[[], bytes]


SUMMARY_FIELDS = ("lede", "description")


def _key(kind: str, data: Any) -> str:
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


def plan(
    entries: list[Entry],
    *,
    theme: Any,
    settings_key: str,
    title: str,
    author: str,
    assets: list[str],
) -> Iterator[SitePage]:
    """The site pages for ``entries`` (published reviews, any order)."""
    entries = [_Entry(e) for e in sorted(entries, key=sort_key)]
    media: dict[str, list[Entry]] = {}
    labels: dict[str, str] = {}
    tags: dict[str, list[Entry]] = {}
    tag_names: dict[str, str] = {}
    for entry in entries:
        media.setdefault(entry["medium_slug"], []).append(entry)
        labels.setdefault(entry["medium_slug"], entry["medium_label"])
        for name, slug in entry["tags"]:
            bucket = tags.setdefault(slug, [])
            if not bucket or bucket[-1] is not entry:
                bucket.append(entry)
            tag_names.setdefault(slug, name)
    media_nav: list[dict[str, Any]] = [
        _Entry(slug=s, label=labels[s], count=len(media[s]), url=f"{s}/index.html")
        for s in sorted(media, key=lambda s: labels[s].casefold())
    ]
    tag_nav: list[dict[str, Any]] = [
        _Entry(slug=s, name=tag_names[s], count=len(tags[s]), url=f"tags/{s}/index.html")
        for s in sorted(tags, key=lambda s: (-len(tags[s]), tag_names[s].casefold()))
    ]
    stylesheets = [a for a in assets if a.endswith(".css")]
    common = {
        "site_title": title,
        "author": author,
        "media": media_nav,
        "stylesheets": stylesheets,
        "has_feed": True,
    }
    latest = entries[:LATEST]

    def lines(chosen: list[Entry]) -> list[str]:
        return [e["list_key"] for e in chosen]

    def listing(chosen: list[Entry], rel: str) -> Markup:
        """The list lines of ``chosen`` for a page at ``rel``: pre-rendered, joined."""
        return Markup("".join(e["line"] for e in chosen).replace(ROOT, "../" * rel.count("/")))

    def page(rel: str, template: str, key_data: Any, **context: Any) -> SitePage:
        depth = rel.count("/")
        values = {**common, **context, "root": "../" * depth}

        def render() -> bytes:
            return str(theme.template(template).render(**values)).encode("utf-8")

        return SitePage(rel, _key(template, [settings_key, common, key_data, rel]), render)

    yield page(
        "index.html",
        "index.html",
        [[e["key"] for e in latest], lines(entries), tag_nav],
        latest=latest,
        reviews=entries,
        listing=listing(entries, "index.html"),
        tags=tag_nav,
        page_title=title,
        kind="index",
    )
    for item in media_nav:
        listed = media[item["slug"]]
        yield page(
            item["url"],
            "list.html",
            lines(listed),
            reviews=listed,
            listing=listing(listed, item["url"]),
            page_title=item["label"],
            kind="medium",
            tags=[],
        )
    yield page(
        "tags/index.html",
        "list.html",
        tag_nav,
        reviews=[],
        listing=Markup(),
        tags=tag_nav,
        page_title="Tags",
        kind="tags",
    )
    for item in tag_nav:
        listed = tags[item["slug"]]
        yield page(
            item["url"],
            "list.html",
            lines(listed),
            reviews=listed,
            listing=listing(listed, item["url"]),
            page_title=f"Tagged \u201c{item['name']}\u201d",
            kind="tag",
            tags=[],
        )
    feed_entries = entries[:FEED_ENTRIES]
    yield SitePage(
        "feed.xml",
        _key("feed", [settings_key, title, author, [e["key"] for e in feed_entries]]),
        lambda: atom_feed(feed_entries, title=title, author=author),
    )


def _when(date: str | None) -> dt.datetime:
    day = dt.date.fromisoformat(date) if date else dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def entry_id(url: str) -> str:
    """A stable Atom id for a review page (the export has no base URL to build one from)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"reviewctl:{url}").urn


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (a pasted vertical tab, NUL)."""
    return _NOT_XML.sub("", text)


def atom_feed(entries: list[Entry], *, title: str, author: str) -> bytes:
    """An Atom feed of ``entries`` (newest first): each carries its lede, never more."""
    from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

    title, author = xml_text(title), xml_text(author)

    feed = FeedGenerator()
    feed.id(entry_id("feed.xml"))
    feed.title(title)
    feed.author({"name": author or "reviewctl"})
    feed.link(href="index.html", rel="alternate", type="text/html")
    feed.link(href="feed.xml", rel="self", type="application/atom+xml")
    feed.generator("reviewctl", uri=None, version=None)
    feed.language("en")
    newest = max((_when(e.get("date")) for e in entries), default=_when(None))
    feed.updated(newest)
    for entry in reversed(entries):  # feedgen puts the last added first
        item = feed.add_entry()
        item.id(entry_id(entry["url"]))
        item.title(xml_text(entry["title"]))
        item.link(href=entry["url"], rel="alternate", type="text/html")
        when = _when(entry.get("date"))
        item.updated(when)
        if entry.get("date"):
            item.published(when)
        item.summary(xml_text(entry["description"] or entry["title"]))
        item.content(xml_text(entry["lede"]) or "<p></p>", type="html")
        for name, _slug in entry["tags"]:
            if xml_text(name).strip():
                item.category(term=xml_text(name))
        label = xml_text(entry["medium_label"])
        item.category(term=label, label=label)
    data: bytes = feed.atom_str(pretty=True)
    return data
