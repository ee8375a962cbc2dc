"""``sitemap.xml`` and ``robots.txt``: what a search engine is told to crawl.

Drafts (exported only in a ``--drafts`` preview) are never listed. The sitemap protocol wants
absolute URLs: a site without a ``base_url`` (not yet online) has no sitemap.
"""

from __future__ import annotations

from html import escape

from reviewctl.export.feed import page_url

NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(pages: list[tuple[str, str]], base_url: str) -> bytes:
    """``pages`` as (path from the site root, ISO date or ""), each listed once."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NAMESPACE}">']
    seen: set[str] = set()
    for rel, date in pages:
        url = page_url(rel, base_url)
        if url in seen:
            continue
        seen.add(url)
        # html's escape, as xml.sax.saxutils' (which imports urllib.request: 50 ms a run)
        lastmod = f"<lastmod>{escape(date, quote=False)}</lastmod>" if date else ""
        lines.append(f"<url><loc>{escape(url or './', quote=False)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(base_url: str) -> bytes:
    """Everything may be crawled; the sitemap is named when it has an absolute URL."""
    text = "User-agent: *\nAllow: /\n"
    if base_url:
        text += f"Sitemap: {base_url}sitemap.xml\n"
    return text.encode("utf-8")
