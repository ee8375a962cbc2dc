"""The one Markdown setup: markdown-it-py with CommonMark, raw HTML, tables, strikethrough,
footnotes and bare URLs as links, built once per process on first use. ``export`` renders its tokens to HTML
(adding figures, see :mod:`reviewctl.export.markdown`), ``show`` renders them with Rich and
``export --format wordpress`` turns them into blocks: every command reads a review the same way.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@cache
def parser() -> MarkdownIt:
    """The shared parser (markdown-it-py is imported only when something is parsed)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    # linkify: a bare URL in the text is a link, as on every blog platform
    md = MarkdownIt("commonmark", {"html": True, "linkify": True}).enable(
        ["table", "strikethrough", "linkify"]
    )
    md.use(footnote_plugin)
    md.validateLink = _valid_link  # type: ignore[method-assign]
    # Only URLs with a scheme become links ("Netflix.com" in a sentence stays text), so a text
    # without "://" needs no look: linkify's own pre-test regex was 18 % of a cold export
    # (bench_export on 2,000 reviews, cProfile).
    linkify = md.linkify
    assert linkify is not None  # linkify-it-py is a dependency
    linkify.set({"fuzzy_link": False, "fuzzy_email": False})
    pretest = linkify.pretest
    linkify.pretest = lambda text: "://" in text and pretest(text)
    return md


def _valid_link(url: str) -> bool:
    """markdown-it's test of a link's address, but a ``file:`` address makes the link it is
    (export publishes it without the address): refused, the link would stay in the text as
    written, address and all."""
    from markdown_it.common.normalize_url import validateLink

    return url.lstrip()[:5].lower() == "file:" or validateLink(url)
