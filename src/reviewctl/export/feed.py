"""The site's Atom feed: the newest published reviews, with absolute links when the site has
a ``base_url``.

``feed = "lede"`` (the default) carries each review's lede, never more. ``feed = "full"``
carries the lede, the spoiler warning and the cut as a visible divider, then the body.

feedgen 1.0.0 drops an entry link's ``rel`` and ``type`` (fixed upstream, not released): the
entry links are set again on the generated XML, with lxml, which feedgen builds it with.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid

from reviewctl.config import SiteSettings
from reviewctl.export.job import Entry

ATOM = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot hold (a pasted vertical tab, NUL)."""
    return _NOT_XML.sub("", text)


def entry_id(url: str, base_url: str = "") -> str:
    """A stable Atom id for a page. A review's comes from its path alone, as it always has:
    an id must never change, and readers keep a feed's entries apart by the feed. The
    feed's own comes from the site's ``base_url`` too, so that two blogs' feeds are two."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"reviewctl:{base_url}{url}").urn


def _when(date: str | None, moment: str | None = None) -> dt.datetime:
    """An entry's time: its ``moment`` (a time without a zone is taken as UTC), else the
    start of its day."""
    if moment:
        when = dt.datetime.fromisoformat(moment)
        return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
    day = dt.date.fromisoformat(date) if date else dt.date(1970, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def page_url(rel: str, base_url: str) -> str:
    """A page's link: ``base_url`` + its folder when there is a base, else ``rel`` itself."""
    return base_url + rel.removesuffix("index.html") if base_url else rel


def full_content(lede: str, warning: str | None, body: str) -> str:
    """A full entry: the lede, then the warning and the cut as a divider (``None``: the
    review has no cut, and its page no divider), then the body."""
    from markupsafe import escape

    if warning is None:
        return f"{lede}\n{body}"
    divider = f'<hr><p class="spoiler-warning"><strong>{escape(warning)}</strong></p><hr>'
    return f"{lede}\n{divider}\n{body}"


def atom(entries: list[Entry], *, title: str, author: str, settings: SiteSettings) -> bytes:
    """An Atom feed of ``entries`` (newest first)."""
    from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]

    base = settings.base_url
    title, author = xml_text(title), xml_text(author)
    feed = FeedGenerator()
    feed.id(entry_id("feed.xml", base))
    feed.title(title)
    if settings.description:
        feed.subtitle(xml_text(settings.description))
    feed.author({"name": author or title})
    feed.link(href=page_url("index.html", base) or "./", rel="alternate", type="text/html")
    feed.link(href=page_url("feed.xml", base), rel="self", type="application/atom+xml")
    feed.generator("reviewctl", uri=None, version=None)
    feed.language(settings.language)
    newest = max((_when(e.get("date"), e.get("moment")) for e in entries), default=_when(None))
    feed.updated(newest)
    links: dict[str, tuple[str, str]] = {}  # entry id → its link, and the base of its content
    full = settings.feed == "full"
    for entry in reversed(entries):  # feedgen puts the last added first
        item = feed.add_entry()
        ident = entry_id(entry["url"])
        url = page_url(entry["url"], base)
        links[ident] = (url, url if full else (base or "./"))
        item.id(ident)
        item.title(xml_text(entry["title"]))
        item.link(href=url, rel="alternate", type="text/html")
        when = _when(entry.get("date"), entry.get("moment"))
        item.updated(when)
        if entry.get("date"):
            item.published(when)
        item.summary(xml_text(entry["description"] or entry["title"]))
        content = entry.get("full") if full else entry["lede"]
        item.content(xml_text(content or "") or "<p></p>", type="html")
        for name, _slug in entry["tags"]:
            if xml_text(name).strip():
                item.category(term=xml_text(name))
        label = xml_text(entry["medium_label"])
        item.category(term=label, label=label)
    return _fix_links(feed.atom_str(pretty=True), links)


def _fix_links(data: bytes, links: dict[str, tuple[str, str]]) -> bytes:
    """Each entry's link as it was given (``rel="alternate"``, ``type="text/html"``), and an
    ``xml:base`` on its content, so the relative links inside resolve from the right page."""
    from lxml import etree  # type: ignore[import-untyped]

    root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))
    for item in root.iterfind(f"{{{ATOM}}}entry"):
        ident = item.findtext(f"{{{ATOM}}}id")
        if ident not in links:
            continue
        href, content_base = links[ident]
        for link in item.iterfind(f"{{{ATOM}}}link"):
            if link.get("href") == href:
                link.set("rel", "alternate")
                link.set("type", "text/html")
        content = item.find(f"{{{ATOM}}}content")
        if content is not None:
            content.set(XML_BASE, content_base)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return result
