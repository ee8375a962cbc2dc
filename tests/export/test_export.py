"""`reviewctl export`: pages, WordPress fragments, the site, safety and incremental runs."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reviewctl.config import load_config
from reviewctl.export import ExportOptions, export

from .conftest import DRAFT_REVIEW, FILM_REVIEW, HOUSE_REVIEW, MARKER, png, write

ATOM = "{http://www.w3.org/2005/Atom}"
PAGE = Path("anime/paper-lighthouse/index.html")


def run(invoke, archive: Path, out: Path, *args: str):  # type: ignore[no-untyped-def]
    return invoke("export", archive / "reviews", "--out", out, *args)


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# -- html pages -------------------------------------------------------------------------------


def test_page_snapshot(invoke, archive: Path, tmp_path: Path, snapshot) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    result = run(invoke, archive, out)
    assert result.exit_code == 0, result.stderr
    assert (out / PAGE).read_text(encoding="utf-8") == snapshot


def test_page_has_the_house_structure(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert run(invoke, archive, out).exit_code == 0
    page = (out / PAGE).read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    assert "<title>Anime Review: The Paper Lighthouse</title>" in page
    assert '<meta name="description" content="The Paper Lighthouse is a quiet fantasy' in page
    assert '<meta property="og:title" content="Anime Review: The Paper Lighthouse">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="article:tag" content="road trip">' in page
    assert '<time datetime="2025-03-14">14 March 2025</time>' in page
    assert "<cite>The Paper Lighthouse</cite>" in page
    assert ">8/10<" in page and "HIDIVE" in page
    assert [m for m in ("fantasy", "road trip", "slice of life") if f"<li>{m}</li>" in page]
    lede = page.index("is a quiet fantasy")
    cut = page.index('<div class="cut" id="more">')
    warning = page.index("Spoilers below the cut.")
    body = page.index("The premise is simple")
    footer = page.index('<footer class="support">')
    assert lede < cut < warning < body < footer
    assert page.count("Spoilers below the cut.") == 1  # moved into the divider, not repeated
    assert "<!--more-->" not in page
    # the caption line under the image becomes a figure caption; the image is copied beside
    assert '<figure><img src="images/cliff-road.png" alt="Mira and Oto on the cliff road"' in page
    assert "<figcaption>Mira and Oto, on the cliff road in episode four</figcaption>" in page
    assert (out / "anime/paper-lighthouse/images/cliff-road.png").read_bytes() == (
        archive / "reviews/anime/images/cliff-road.png"
    ).read_bytes()
    # CommonMark plus tables, strikethrough, footnotes; bare footer URLs become links
    assert "<table>" in page and "<s>no</s>" in page and 'class="footnote-ref"' in page
    assert '<a href="https://ko-fi.com/example">https://ko-fi.com/example</a>' in page
    assert (out / "assets/style.css").is_file()
    assert "prefers-color-scheme: dark" in (out / "assets/style.css").read_text(encoding="utf-8")
    # without --site, no links to site pages that do not exist
    assert "index.html" not in page and "feed.xml" not in page


def test_page_language_from_front_matter(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = FILM_REVIEW.replace("medium: film\n", "medium: film\nlang: fr\n")
    write(archive / "reviews/film/salt-and-static.md", text)
    out = tmp_path / "out"
    assert run(invoke, archive, out).exit_code == 0
    assert '<html lang="fr" dir="ltr">' in (out / "film/salt-and-static/index.html").read_text()
    # a language written right to left: the page is laid out so
    text = (archive / "reviews/film/salt-and-static.md").read_text()
    (archive / "reviews/film/salt-and-static.md").write_text(
        text.replace("lang: fr", "lang: ar-EG")
    )
    assert run(invoke, archive, out).exit_code == 0
    assert '<html lang="ar-EG" dir="rtl">' in (out / "film/salt-and-static/index.html").read_text()


@pytest.mark.parametrize(
    ("warning", "divider"),
    [
        ("\n\nSpoilers below the cut.", "Spoilers below the cut."),  # a paragraph of its own
        (" More spoilers below the cut.", ""),  # the lede's last words: shown with it
    ],
)
def test_a_promise_of_spoilers_with_no_cut_cuts_the_page_and_the_post(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, warning: str, divider: str
) -> None:
    """show and search hide what follows a warning the author left uncut (SP006): the
    page's lede, its description and WordPress's front page stop there too."""
    text = HOUSE_REVIEW.replace("\n\nSpoilers below the cut.\n\n<!--more-->", warning)
    assert "<!--more-->" not in text and "the cut." in text
    write(archive / "reviews/anime/paper-lighthouse.md", text)
    assert run(invoke, archive, tmp_path / "wp", "--format", "wordpress").exit_code == 0
    fragment = (tmp_path / "wp/anime/paper-lighthouse.html").read_text(encoding="utf-8")
    assert fragment.count("<!-- wp:more -->") == 1
    before, after = fragment.split("<!-- wp:more -->")
    assert "a finale that earns every tear." in before and "The premise" in after
    assert MARKER not in before and MARKER in after
    assert before.count('class="spoiler-warning"') == (1 if divider else 0)
    assert fragment.count("the cut.") == 1
    settings = json.loads((tmp_path / "wp/anime/paper-lighthouse.json").read_text())
    assert MARKER not in json.dumps(settings)
    assert run(invoke, archive, tmp_path / "site", "--site").exit_code == 0
    page = (tmp_path / "site" / PAGE).read_text(encoding="utf-8")
    head = page[: page.index("<body")]
    assert "is a quiet fantasy" in head and MARKER not in head and "The premise" not in head
    assert page.index("every tear") < page.index('id="more"') < page.index("The premise")
    assert page.count("the cut.") == 1
    assert ('<p class="spoiler-warning"><a href="#more">Spoilers' in page) is bool(divider)
    index = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "every tear" in index and "The premise" not in index


# -- wordpress --------------------------------------------------------------------------------


def test_a_warning_line_that_also_tells_the_spoiler_is_no_divider(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """ "**Spoiler warning:** the keeper dies" with no cut: the cut is above the line, and the
    line (its spoiler and all) below it, never on the divider above the post's more block."""
    text = HOUSE_REVIEW.replace(
        "\n\nSpoilers below the cut.\n\n<!--more-->",
        f"\n\n**Spoiler warning:** the keeper dies, {MARKER}.",
    )
    write(archive / "reviews/anime/paper-lighthouse.md", text)
    assert run(invoke, archive, tmp_path / "wp", "--format", "wordpress").exit_code == 0
    fragment = (tmp_path / "wp/anime/paper-lighthouse.html").read_text(encoding="utf-8")
    before, after = fragment.split("<!-- wp:more -->")
    assert "keeper" not in before and "the keeper dies" in after
    assert run(invoke, archive, tmp_path / "site", "--site").exit_code == 0
    page = (tmp_path / "site" / PAGE).read_text(encoding="utf-8")
    assert page.index('id="more"') < page.index("the keeper dies")
    assert "keeper" not in page[: page.index('id="more"')]


def test_wordpress_fragment_and_settings(invoke, archive: Path, tmp_path: Path, snapshot) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "wp"
    result = run(invoke, archive, out, "--format", "wordpress")
    assert result.exit_code == 0, result.stderr
    fragment = (out / "anime/paper-lighthouse.html").read_text(encoding="utf-8")
    assert fragment == snapshot
    assert "<html" not in fragment and "<head" not in fragment and "<body" not in fragment
    assert fragment.count("<!--more-->") == 1
    before, after = fragment.split("<!--more-->")
    assert before.rstrip().endswith(
        '<p class="spoiler-warning">Spoilers below the cut.</p>\n<!-- /wp:paragraph -->'
        "\n\n<!-- wp:more -->"
    )
    assert "is a quiet fantasy" in before and MARKER not in before
    assert MARKER in after and after.index("The premise") < after.index("Patreon")
    assert fragment.rstrip().endswith("</p>\n<!-- /wp:paragraph -->")
    assert "ko-fi.com/example" in fragment.splitlines()[-2]
    assert 'src="paper-lighthouse/images/cliff-road.png"' in fragment
    assert (out / "anime/paper-lighthouse/images/cliff-road.png").is_file()
    settings = json.loads((out / "anime/paper-lighthouse.json").read_text(encoding="utf-8"))
    assert settings == {
        "title": "Anime Review: The Paper Lighthouse",
        "slug": "paper-lighthouse",
        "status": "publish",
        "date": "2025-03-14",
        "category": "Anime",
        "tags": ["fantasy", "road trip", "slice of life"],
        "excerpt": settings["excerpt"],
        "images": ["paper-lighthouse/images/cliff-road.png"],
        "source": "reviews/anime/paper-lighthouse.md",
    }
    assert settings["excerpt"].startswith("The Paper Lighthouse is a quiet fantasy")
    assert not (out / "assets").exists()


def test_wordpress_with_drafts_marks_them_draft(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "wp"
    assert run(invoke, archive, out, "--format", "wordpress", "--drafts").exit_code == 0
    settings = json.loads((out / "game/unfinished-business.json").read_text(encoding="utf-8"))
    assert settings["status"] == "draft"


def test_site_needs_html(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run(invoke, archive, tmp_path / "o", "--format", "wordpress", "--site")
    assert result.exit_code == 2
    assert "--site" in result.stderr


# -- the site ---------------------------------------------------------------------------------


def test_site_index_and_feed(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "site"
    result = run(invoke, archive, out, "--site")
    assert result.exit_code == 0, result.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    first = index.index("The Paper Lighthouse</a>")
    second = index.index("Salt and Static</a>")
    assert first < second  # newest first
    assert 'href="anime/index.html"' in index and 'href="film/index.html"' in index
    assert 'href="tags/road-trip/index.html"' in index
    assert "Unfinished Business" not in index  # drafts are never listed
    anime = (out / "anime/index.html").read_text(encoding="utf-8")
    assert "The Paper Lighthouse" in anime and "Salt and Static" not in anime
    tag = (out / "tags/drama/index.html").read_text(encoding="utf-8")
    assert "Salt and Static" in tag and "Paper Lighthouse" not in tag
    assert "road trip" in (out / "tags/index.html").read_text(encoding="utf-8")
    page = (out / PAGE).read_text(encoding="utf-8")
    assert 'href="../../tags/fantasy/index.html"' in page
    assert 'href="../../feed.xml"' in page

    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Kit Marlowe\u2019s reviews"
    assert feed.find(f"{ATOM}updated") is not None and feed.find(f"{ATOM}id") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Anime Review: The Paper Lighthouse",
        "Movie Review: Salt and Static",
    ]
    first_entry = entries[0]
    assert first_entry.find(f"{ATOM}link").get("href") == PAGE.as_posix()  # type: ignore[union-attr]
    content = first_entry.findtext(f"{ATOM}content") or ""
    assert "is a quiet fantasy" in content
    assert "Spoilers" not in content and "premise" not in content

    # Nothing below the cut leaks into the index, the lists or the feed.
    for rel, data in files(out).items():
        if rel != PAGE.as_posix() and not rel.startswith("."):
            assert MARKER.encode() not in data, rel


def test_site_without_cut_shows_the_first_paragraph_only(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    text = "---\ntitle: No Cut\nmedium: tv\nstatus: published\ndate: 2026-02-02\n---\n\n"
    text += "First paragraph, the lede.\n\nSecond paragraph PLUGHWORD.\n"
    write(archive / "reviews/tv/no-cut.md", text)
    out = tmp_path / "site"
    assert run(invoke, archive, out, "--site").exit_code == 0
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "the lede" in feed and "PLUGHWORD" not in feed
    assert "PLUGHWORD" in (out / "tv/no-cut/index.html").read_text(encoding="utf-8")


def test_drafts(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    result = run(invoke, archive, out, "--site")
    assert "1 draft skipped" in result.stdout
    assert not (out / "game").exists()
    out2 = tmp_path / "out2"
    assert run(invoke, archive, out2, "--site", "--drafts").exit_code == 0
    page = (out2 / "game/unfinished-business/index.html").read_text(encoding="utf-8")
    assert '<p class="badge">Draft</p>' in page
    assert '<meta name="robots" content="noindex">' in page
    assert 'class="draft-banner"' in page
    for rel in ("feed.xml", "tags/index.html"):
        assert "unfinished-business" not in (out2 / rel).read_text(encoding="utf-8"), rel
    assert not (out2 / "sitemap.xml").exists()  # no base_url: no sitemap
    # The preview's index shows the draft, marked, and is itself kept out of search engines.
    index = (out2 / "index.html").read_text(encoding="utf-8")
    assert 'Unfinished Business</a> <span class="badge">Draft</span>' in index
    assert '<meta name="robots" content="noindex">' in index
    for rel in ("index.html",):  # and the published site does not
        text = (out / rel).read_text(encoding="utf-8")
        assert "Unfinished Business" not in text and "noindex" not in text


# -- escaping and --safe ----------------------------------------------------------------------

EVIL = """\
---
title: "<script>alert(1)</script> & friends"
work: "\\"><img src=x onerror=alert(2)>"
medium: film
status: published
date: 2025-01-01
tags: ["<b>bold</b>"]
where_to_watch: "<iframe src=//evil>"
---

A lede with <em>author HTML</em> in it.

Spoilers below the cut.

<!--more-->

<div class="note" onclick="steal()">Raw HTML from the author.</div>

<script>window.stolen = true</script>

[a link](javascript:alert(3))
"""


def test_front_matter_is_always_escaped(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(archive / "reviews/film/evil.md", EVIL)
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--site").exit_code == 0
    for rel in ("film/evil/index.html", "index.html", "film/index.html"):
        page = (out / rel).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in page, rel
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends" in page, rel
    page = (out / "film/evil/index.html").read_text(encoding="utf-8")
    assert "<img src=x onerror" not in page and "<iframe" not in page and "<b>bold" not in page
    feed = ET.parse(out / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert "<script>alert(1)</script> & friends" in titles  # text in XML, not markup


def test_raw_html_passes_through_unless_safe(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(archive / "reviews/film/evil.md", EVIL)
    out = tmp_path / "out"
    assert run(invoke, archive, out).exit_code == 0
    page = (out / "film/evil/index.html").read_text(encoding="utf-8")
    assert '<div class="note" onclick="steal()">' in page
    assert "<script>window.stolen = true</script>" in page
    assert "<em>author HTML</em>" in page
    assert 'href="javascript:' not in page  # markdown-it refuses javascript: links anyway

    safe = tmp_path / "safe"
    assert run(invoke, archive, safe, "--safe").exit_code == 0
    page = (safe / "film/evil/index.html").read_text(encoding="utf-8")
    assert "onclick" not in page and "window.stolen" not in page
    assert "Raw HTML from the author." in page and "<em>author HTML</em>" in page
    assert 'class="footnote-ref"' in (safe / PAGE).read_text(encoding="utf-8")
    assert '<figure><img src="images/cliff-road.png"' in (safe / PAGE).read_text(encoding="utf-8")


# -- staying inside the output folder ---------------------------------------------------------


def test_slugs_and_values_cannot_escape(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = FILM_REVIEW.replace("medium: film\n", "medium: ../../../x\nslug: ../../x\n")
    text = text.replace("tags: [drama]", 'tags: ["../../../etc", "/abs"]')
    write(archive / "reviews/film/escape.md", text)
    write(archive / "reviews/film/escape2.md", text.replace("slug: ../../x", "slug: /tmp/x"))
    work = tmp_path / "work"
    out = work / "out"
    result = run(invoke, archive, out, "--site", "--format", "html")
    assert result.exit_code == 0, result.stderr
    outside = {p for p in work.rglob("*") if not p.is_relative_to(out)}
    assert outside == set()
    assert not (tmp_path / "x").exists() and not Path("/tmp/x/index.html").exists()
    assert (out / "x/x/index.html").is_file()  # slugified inside DIR
    assert (out / "x/tmp-x/index.html").is_file()
    assert (out / "tags/etc/index.html").is_file()


def test_images_outside_the_archive_are_not_copied(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for the web")
    # a folder beside the archive whose name starts with the archive's is outside it too
    sibling = tmp_path / f"{archive.name}-private" / "secret.png"
    sibling.parent.mkdir()
    sibling.write_bytes(b"\x89PNG\r\n\x1a\n not for the web either")
    text = FILM_REVIEW.replace(
        "two people talking in a booth.",
        "two people talking in a booth.\n\n![leak](../../../secret.png)\n\n![gone](nope.png)"
        f"\n\n![leak too](../../../{archive.name}-private/secret.png)",
    )
    write(archive / "reviews/film/salt-and-static.md", text)
    out = tmp_path / "out"
    result = run(invoke, archive, out)
    assert result.exit_code == 0
    assert "image outside the archive, published without it: ../../../secret.png" in result.stderr
    assert "salt-and-static.md:14: image" in result.stderr
    assert "image not found, not copied: nope.png" in result.stderr
    assert not any(b"not for the web" in p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert f"published without it: ../../../{archive.name}-private/secret.png" in result.stderr
    published = "".join(p.read_text() for p in out.rglob("*.html"))
    assert "secret" not in published and 'src="nope.png"' in published  # not the folders' names


def export_body(invoke, archive: Path, out: Path, body: str, *args: str):  # type: ignore[no-untyped-def]
    """Export with ``body`` in the film review; the result, and the file line of a text."""
    text = FILM_REVIEW.replace("two people talking in a booth.", body)
    write(archive / "reviews/film/salt-and-static.md", text)
    result = run(invoke, archive, out, *args)
    assert result.exit_code == 0, result.output
    lines = text.splitlines()
    return result, lambda wanted: next(n for n, line in enumerate(lines, 1) if wanted in line)


def test_an_image_at_an_absolute_path_of_this_computer_is_named(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    picture = tmp_path / "elsewhere" / "still.png"
    picture.parent.mkdir()
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    body = (
        f"two people talking in a booth.\n\n![still]({picture}) and ![site](/images/none.png)\n\n"
        f'Again: <img src="{picture}"> and <img src="/images/none.png">\n'
    )
    result, line_of = export_body(invoke, archive, tmp_path / "out", body)
    # each use is told of at its own line, not the first alone
    for line in (line_of(str(picture)), line_of("Again:")):
        assert (
            f"salt-and-static.md:{line}: an image that is a file on this computer, published without it: {picture}"
            in result.stderr
        )
        assert (
            f"salt-and-static.md:{line}: image not found, not copied: /images/none.png"
            in result.stderr
        )
    assert result.stderr.count("still.png") == 2  # once a line, however often it is rendered


@pytest.mark.parametrize("fmt", ["html", "wordpress"])
def test_a_missing_file_in_a_home_folder_is_not_published_either(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, fmt: str
) -> None:
    """A picture or a link at ``/home/<user>/…`` or ``/Users/<user>/…`` names the author's
    computer whether or not the file is on this one: never published, warned of."""
    body = (
        "two people talking in a booth.\n\n![still](/home/juniper/Pictures/ep3.png)"
        " and [notes](/Users/juniper/notes.txt) and ![site](/images/none.png)\n"
    )
    result, line_of = export_body(invoke, archive, tmp_path / "out", body, "--format", fmt)
    line = line_of("juniper")
    published = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.html"))
    assert "juniper" not in published and "/images/none.png" in published
    assert (
        f"salt-and-static.md:{line}: an image that is a file on this computer, published"
        " without it: /home/juniper/Pictures/ep3.png" in result.stderr
    )
    assert "published without its address: /Users/juniper/notes.txt" in result.stderr


@pytest.mark.parametrize("fmt", ["html", "wordpress"])
@pytest.mark.parametrize(
    "body",
    [
        'A <span style="background:url({P})">cover</span> in the lede.',
        "A sheet: <style>.x {{ background: url('{P}') }}</style> in the lede.",
        '<object data="{P}"></object>',
        '<form action="{P}"><button>go</button></form>',
        "Notes at <file://{P}>.",
        "![cover](../../../../juniper/cover.png)",  # climbs out of the archive: not there
        "![cover](/mnt/c/Users/juniper/cover.png)",  # WSL's drive
        "![cover](/Volumes/Juniper/cover.png)",  # a Mac's disk
        "![cover](\\\\\\\\nas\\\\juniper\\\\cover.png)",  # a Windows share
        "My [notes](\\\\nas\\juniper\\notes.docx).",  # one as written: \\nas\\…
    ],
)
def test_no_local_path_is_published_in_any_attribute_or_style(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, fmt: str, body: str
) -> None:
    """A path of the author's computer is dropped wherever it is written (styles, objects,
    forms, an autolink's text, a picture outside the archive or on a drive), warned of, and
    never reaches a description as a style sheet's text."""
    private = tmp_path / "juniper" / "cover.png"
    private.parent.mkdir()
    private.write_bytes(png())
    text = "two people talking in a booth. " + body.format(P=private)
    result, _ = export_body(invoke, archive, tmp_path / "out", text, "--format", fmt)
    out = tmp_path / "out"
    published = [p.read_text() for p in out.rglob("*") if p.suffix in (".html", ".json", ".xml")]
    assert published and not any("juniper" in text.lower() for text in published)
    # no description, excerpt or title holds a style sheet's text
    assert not any("url(" in text.split("<body")[0] for text in published if "<body" in text)
    assert not any("url(" in text for text in published if text.startswith("{"))
    assert "published without it" in result.stderr or "without its address" in result.stderr


@pytest.mark.parametrize(
    ("body", "address"),
    [
        ("See [notes](~/juniper/notes.txt).", "~/juniper/notes.txt"),
        ("See [the pdf][r].\n\n[r]: /Users/juniper/secret.pdf", "/Users/juniper/secret.pdf"),
    ],
)
def test_a_link_into_a_home_folder_or_by_definition_is_warned_of(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, body: str, address: str
) -> None:
    result, _ = export_body(invoke, archive, tmp_path / "out", "A booth. " + body)
    assert f"published without its address: {address}" in result.stderr
    published = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.html"))
    assert "juniper" not in published


@pytest.mark.parametrize(
    "body",
    [
        'A <span style="background:url(https://example.org/sky.png)">sky</span>.',
        "<style>.x { background: url('/images/sky.png') }</style>",
        '<form action="/search"><button>go</button></form>',
        "![sky](/media/sky.png)",  # the site's own folder, as far as anyone can tell
    ],
)
def test_a_sites_own_addresses_in_styles_and_forms_are_published(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, body: str
) -> None:
    result, _ = export_body(invoke, archive, tmp_path / "out", body)
    page = (tmp_path / "out/film/salt-and-static/index.html").read_text()
    address = next(
        a
        for a in ("example.org/sky.png", "/images/sky.png", "/search", "/media/sky.png")
        if a in body
    )
    assert address in page and "on this computer" not in result.stderr


@pytest.mark.parametrize("fmt", ["html", "wordpress"])
def test_links_to_files_on_this_computer_are_named(
    invoke, archive: Path, tmp_path: Path, fmt: str
) -> None:  # type: ignore[no-untyped-def]
    body = (
        "two people talking in a booth.\n\nMy [notes](file:///home/kit/notes.md) and\n"
        '<img src="FILE:///C:/Users/kit/cap.png" alt="cap">\n\n'
        "![still](C:\\Users\\kit\\pic.jpg) and <img src='D:/photos/a.png' alt='a'>\n\n"
        "```\nfile:///in/code/is/an/example\n```\n"
    )
    result, line_of = export_body(invoke, archive, tmp_path / "out", body, "--format", fmt)
    for address in (
        "file:///home/kit/notes.md",
        "FILE:///C:/Users/kit/cap.png",
        "C:\\Users\\kit\\pic.jpg",
        "D:/photos/a.png",
    ):
        line = line_of(address)
        shown = (
            f"salt-and-static.md:{line}: a link to a file on this computer, published without"
            f" its address: {address}"
        )
        assert shown in result.stderr, result.stderr
    assert "/in/code/" not in result.stderr
    published = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.html"))
    for private in ("home/kit", "Users", "photos"):
        assert private not in published
    assert "file:///in/code/is/an/example" in published  # code is shown as written
    clean = run(
        invoke,
        archive,
        tmp_path / "clean",
        "--format",
        fmt,
        "--site" if fmt == "html" else "--safe",
    )
    assert "file on this computer" in clean.stderr  # with --site and --safe alike


def test_links_to_markdown_sources_are_named(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = (
        "two people talking in a booth.\n\nSee [my draft](../game/unfinished-business.md),\n"
        "[a Zola link](@/books/dune/index.md#verdict) and\n"
        "[a README on the web](https://example.org/project/README.md).\n\n"
        '<a href="../game/unfinished-business.markdown">in HTML</a> and [by reference][r].\n\n'
        "[r]: ../game/unfinished.md\n"
    )
    result, line_of = export_body(invoke, archive, tmp_path / "out", body, "--site")
    targets = ("../game/unfinished-business.md", "@/books/dune/index.md",
               "../game/unfinished-business.markdown", "../game/unfinished.md")  # fmt: skip
    for target in targets:
        line = line_of(target)
        shown = f"salt-and-static.md:{line}: a link to a Markdown file, published as its text"
        assert shown in result.stderr and target in result.stderr, result.stderr
    assert "README" not in result.stderr
    published = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.html"))
    assert "unfinished" not in published and "dune/index.md" not in published
    assert "my draft" in published and 'href="https://example.org/project/README.md"' in published


def test_output_refuses_symlinks_out_of_the_folder(tmp_path: Path) -> None:
    from reviewctl.export.output import ExportError, OutputDir, check_relative

    out = tmp_path / "out"
    (out / "anime").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "anime" / "trap").symlink_to(elsewhere)
    writer = OutputDir(out, {})
    with pytest.raises(ExportError) as refused:
        writer.target("anime/trap/index.html")
    assert str(refused.value).startswith(f"{out / 'anime/trap/index.html'}: ")  # where, first
    for bad in ("../x", "/etc/passwd", "a/../../b", "a\\b", "", "a//b"):
        with pytest.raises(ExportError):
            check_relative(bad)
    writer.put("anime/ok/index.html", b"fine")
    writer.finish()
    assert (out / "anime/ok/index.html").read_bytes() == b"fine"
    assert list(elsewhere.iterdir()) == []


def test_output_reports_the_first_failed_write_and_writes_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewctl.export import output

    real = output.write_atomic

    def write(path: str, data: bytes, **kwargs: bool) -> None:
        if path.endswith(("p7/index.html", "p9/index.html")):
            raise PermissionError(13, "Permission denied")
        real(path, data, **kwargs)

    monkeypatch.setattr(output, "write_atomic", write)
    writer = output.OutputDir(tmp_path / "out", {})
    for n in range(20):
        writer.put(f"p{n}/index.html", b"page %d" % n)
    with pytest.raises(output.ExportError, match="Permission denied") as failed:
        writer.finish()
    assert "p7/index.html" in str(failed.value.path)
    written = sorted(p.parent.name for p in (tmp_path / "out").glob("*/index.html"))
    assert len(written) == 18 and "p7" not in written and "p9" not in written
    writer.finish()  # said once


def test_output_makes_each_missing_folder_once_and_a_folder_said_made_that_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewctl.export import output

    made: list[str] = []
    real = os.mkdir

    def mkdir(path: str, mode: int = 0o777) -> None:
        made.append(os.path.relpath(path, tmp_path / "out"))
        real(path, mode)

    monkeypatch.setattr(output.os, "mkdir", mkdir)
    writer = output.OutputDir(tmp_path / "out", {}, fresh=True)
    writer.put("film/dune/images/a.png", b"png")
    writer.put("film/heat/index.html", b"heat")
    # each folder made top-down, once: none refused for a missing parent or for being there
    assert made == [".", "film", "film/dune", "film/dune/images", "film/heat"]
    # a worker says it made a folder that is gone: the write makes it all the same
    writer.exists("film/gone")
    writer.put("film/gone/index.html", b"here")
    writer.finish()
    assert (tmp_path / "out/film/gone/index.html").read_bytes() == b"here"


# -- a second export --------------------------------------------------------------------------


def test_second_export_is_idempotent_and_writes_nothing(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--site").exit_code == 0
    before = files(out)
    times = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    result = run(invoke, archive, out, "--site")
    assert result.exit_code == 0
    assert "(0 rendered, 0 files written" in result.stdout
    assert files(out) == before
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == times


def test_a_site_writes_each_review_page_once_with_its_neighbour_links(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review page waits for the site's order and is written once, links and all."""
    from reviewctl.export import output

    real = output.write_atomic
    written: list[str] = []

    def write(path: str, data: bytes, **kwargs: bool) -> None:
        written.append(os.path.relpath(path, tmp_path / "out"))
        real(path, data, **kwargs)

    monkeypatch.setattr(output, "write_atomic", write)
    export(
        [archive / "reviews"], load_config(archive), ExportOptions(out=tmp_path / "out", site=True)
    )
    pages = [w for w in written if w.startswith(("anime/", "film/")) and w.count("/") == 2]
    assert sorted(pages) == [str(PAGE), "film/salt-and-static/index.html"]
    newer = (tmp_path / "out" / pages[0]).read_text(encoding="utf-8")
    older = (tmp_path / "out" / pages[1]).read_text(encoding="utf-8")
    assert ('rel="next"' in newer) != ('rel="next"' in older)  # the one is the other's link


def test_only_what_changed_is_rewritten(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = load_config(archive)
    options = ExportOptions(out=out, site=True)
    first = export([archive / "reviews"], config, options)
    # the draft is read to know it is one, never rendered
    assert (first.exported, first.rendered, first.drafts) == (2, 2, 1)
    review = archive / "reviews/film/salt-and-static.md"
    review.write_text(FILM_REVIEW.replace("coming from", "coming, sadly, from"), encoding="utf-8")
    index_time = (out / "index.html").stat().st_mtime_ns
    other_time = (out / PAGE).stat().st_mtime_ns
    second = export([archive / "reviews"], config, options)
    assert second.rendered == 1 and second.written == 1  # the page; the index shows no body
    assert "sadly" in (out / "film/salt-and-static/index.html").read_text(encoding="utf-8")
    assert (out / "index.html").stat().st_mtime_ns == index_time
    assert (out / PAGE).stat().st_mtime_ns == other_time
    # a new title reaches the index, the medium page, the tag page and the feed
    review.write_text(
        FILM_REVIEW.replace("Movie Review: Salt", "Movie Review: Pepper"), encoding="utf-8"
    )
    third = export([archive / "reviews"], config, options)
    assert third.rendered == 1
    for rel in ("index.html", "film/index.html", "tags/drama/index.html", "feed.xml"):
        assert "Pepper" in (out / rel).read_text(encoding="utf-8"), rel


def test_any_config_change_a_page_shows_rerenders_it(archive: Path, tmp_path: Path) -> None:
    """Not only the settings a hand-made list named: an alias for the date (or a medium's
    fields) changes what the pages show, so the next export renders them again; the lint
    settings change no page."""
    out = tmp_path / "out"
    options = ExportOptions(out=out, site=True)
    review = archive / "reviews/film/salt-and-static.md"
    review.write_text(FILM_REVIEW.replace("date:", "watched:"), encoding="utf-8")
    export([archive / "reviews"], load_config(archive), options)
    assert "2024-11-02" not in (out / "film/salt-and-static/index.html").read_text(encoding="utf-8")
    config = archive / "reviewctl.toml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + '[lint]\nignore = ["TX005"]\n[wordpress]\nurl = "https://blog.example"\n'
    )
    assert export([archive / "reviews"], load_config(archive), options).rendered == 0
    config.write_text(config.read_text(encoding="utf-8") + '[aliases]\ndate = "watched"\n')
    again = export([archive / "reviews"], load_config(archive), options)
    assert again.rendered == 2  # the pages; the draft has none
    assert "2024-11-02" in (out / "film/salt-and-static/index.html").read_text(encoding="utf-8")


def test_touch_only_rerenders_but_rewrites_nothing(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = load_config(archive)
    options = ExportOptions(out=out, site=True)
    export([archive / "reviews"], config, options)
    os.utime(archive / "reviews/film/salt-and-static.md")
    again = export([archive / "reviews"], config, options)
    assert again.rendered == 1 and again.written == 0


def test_a_failed_export_leaves_nothing_the_next_one_cannot_clean(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A run refused one file but wrote the others (a drafts preview here): it removes the
    pages it added (a draft's) at once, keeps those it rewrote (the home page), the next
    export knows what it wrote and rewrites the pages, and neither touches the author's
    file."""
    from tests.export.conftest import DRAFT_REVIEW

    write(archive / "reviews/game/second-draft.md", DRAFT_REVIEW.replace("Unfinished", "Second"))
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--site").exit_code == 0
    published = files(out)
    write(out / "game/unfinished-business/index.html", "mine\n")  # the author's own file
    refused = run(invoke, archive, out, "--site", "--drafts")
    assert refused.exit_code == 2 and "did not write" in refused.stderr
    assert "Second Business" in (out / "index.html").read_text(encoding="utf-8")
    assert not (out / "game/second-business/index.html").exists()
    again = run(invoke, archive, out, "--site")
    assert again.exit_code == 0, again.stderr
    now = files(out)
    assert now.pop("game/unfinished-business/index.html") == b"mine\n"
    assert now == published  # the drafts' pages gone, the pages that listed them as before
    assert not any(b"Business" in data for data in now.values())


def test_an_authors_file_dated_in_the_future_is_still_refused(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """A file unpacked from a tarball, or copied from a computer whose clock runs ahead,
    has a modification time after the run began: it is still the author's, not the run's."""
    out = tmp_path / "out"
    review = archive / "reviews/film/salt-and-static.md"
    held = review.read_bytes()
    review.unlink()
    assert run(invoke, archive, out, "--site").exit_code == 0
    page = out / "film/salt-and-static/index.html"
    write(page, "mine\n")
    ahead = page.stat().st_mtime_ns + 3600 * 10**9
    os.utime(page, ns=(ahead, ahead))
    review.write_bytes(held)
    refused = run(invoke, archive, out, "--site")
    assert refused.exit_code == 2 and "did not write" in refused.stderr
    assert page.read_text(encoding="utf-8") == "mine\n"
    assert run(invoke, archive, out, "--site", "--force").exit_code == 0
    assert "Salt" in page.read_text(encoding="utf-8")


def test_a_first_export_that_stops_is_still_ours(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A theme that fails on one review stops the first export into an empty folder after
    it wrote other files: the next export is not refused, and leaves what a clean one does."""
    from reviewctl.export.themes import Theme

    theme = tmp_path / "theme"
    default = Theme(None).source("review.html")[0]
    title = "{% block title %}{{ review.title }}"
    failing = title + '{% if "Salt" in review.title %}{{ 1 // 0 }}{% endif %}'
    assert title in default
    write(theme / "review.html", default.replace(title, failing))
    out = tmp_path / "out"
    stopped = run(invoke, archive, out, "--site", "--theme", theme)
    assert stopped.exit_code == 2 and "theme template failed" in stopped.stderr
    assert files(out)  # it wrote some files (a review's images) before it stopped
    (theme / "review.html").unlink()
    again = run(invoke, archive, out, "--site", "--theme", theme)
    assert again.exit_code == 0, again.stderr
    clean = tmp_path / "clean"
    assert run(invoke, archive, clean, "--site", "--theme", theme).exit_code == 0
    assert files(out) == files(clean)


def test_stale_outputs_removed_and_nothing_else_touched(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    write(out / "CNAME", "reviews.example.org\n")  # the user's own file
    write(out / "film/notes.txt", "mine\n")
    refused = run(invoke, archive, out, "--site")  # a folder no export of ours wrote
    assert refused.exit_code == 2 and "no record of writing" in refused.stderr
    assert sorted(p.name for p in out.rglob("*")) == ["CNAME", "film", "notes.txt"]
    assert run(invoke, archive, out, "--site", "--force").exit_code == 0
    assert (out / "film/salt-and-static/index.html").is_file()
    (archive / "reviews/film/salt-and-static.md").unlink()
    (archive / "reviews/anime/images/cliff-road.png").unlink()
    result = run(invoke, archive, out, "--site")
    assert result.exit_code == 0
    assert "stale removed" in result.stdout
    assert not (out / "film/salt-and-static").exists()
    assert not (out / "tags/drama").exists()
    assert not (out / "anime/paper-lighthouse/images").exists()
    assert (out / "CNAME").read_text() == "reviews.example.org\n"
    assert (out / "film/notes.txt").read_text() == "mine\n"
    assert "Salt and Static" not in (out / "index.html").read_text(encoding="utf-8")


def test_stale_file_edited_by_the_user_is_kept(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = load_config(archive)
    export([archive / "reviews"], config, ExportOptions(out=out))
    page = out / "film/salt-and-static/index.html"
    page.write_text("my own edits", encoding="utf-8")
    (archive / "reviews/film/salt-and-static.md").unlink()
    report = export([archive / "reviews"], config, ExportOptions(out=out))
    assert report.removed == 0
    assert page.read_text(encoding="utf-8") == "my own edits"


def test_deleted_output_is_restored(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = load_config(archive)
    export([archive / "reviews"], config, ExportOptions(out=out))
    (out / PAGE).unlink()
    report = export([archive / "reviews"], config, ExportOptions(out=out))
    assert report.rendered == 1 and (out / PAGE).is_file()


def test_changing_format_replaces_the_previous_export(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--site").exit_code == 0
    assert run(invoke, archive, out, "--format", "wordpress").exit_code == 0
    left = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert left == [
        "anime/paper-lighthouse.html",
        "anime/paper-lighthouse.json",
        "anime/paper-lighthouse/images/cliff-road.png",
        "film/salt-and-static.html",
        "film/salt-and-static.json",
    ] or left == [
        "anime/paper-lighthouse.html",
        "anime/paper-lighthouse.json",
        "anime/paper-lighthouse/images/cliff-road.png",
        "film/salt-and-static.html",
        "film/salt-and-static.json",
    ]


def test_same_slug_twice_gets_a_suffix(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(
        archive / "reviews/more/salt-and-static.md",
        FILM_REVIEW.replace("Salt and", "Other Salt and"),
    )
    out = tmp_path / "out"
    result = run(invoke, archive, out)
    assert result.exit_code == 0, result.stderr
    first = (out / "film/salt-and-static/index.html").read_text(encoding="utf-8")
    second = (out / "film/salt-and-static-2/index.html").read_text(encoding="utf-8")
    assert "Movie Review: Salt and Static" in first  # reviews/film/… sorts before reviews/more/…
    assert "Other Salt" in second
    again = run(invoke, archive, out)
    assert "0 files written" in again.stdout


def test_a_mistyped_folder_exports_nothing_and_removes_nothing(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--site").exit_code == 0
    before = files(out)
    result = invoke("export", archive / "reviews" / "anmie", "--out", out, "--site")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("anmie: no such file or folder; nothing exported")
    assert files(out) == before


def test_the_review_named_for_the_slug_keeps_it(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An imported duplicate (``salt-and-static-15.md``, slug ``salt-and-static``) sorts
    before the original's file; the original, named for the slug, keeps the page."""
    copy = FILM_REVIEW.replace("Salt and", "Other Salt and").replace(
        "---\n", "---\nslug: salt-and-static\n", 1
    )
    write(archive / "reviews/film/salt-and-static-15.md", copy)
    out = tmp_path / "out"
    result = run(invoke, archive, out)
    assert result.exit_code == 0, result.stderr
    first = (out / "film/salt-and-static/index.html").read_text(encoding="utf-8")
    second = (out / "film/salt-and-static-2/index.html").read_text(encoding="utf-8")
    assert "Other Salt" not in first and "Other Salt" in second


# -- themes -----------------------------------------------------------------------------------


def test_theme_override(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    theme = tmp_path / "theme"
    write(theme / "style.css", "body { color: rebeccapurple; }\n")
    write(theme / "extra.css", "p { margin: 0; }\n")
    private = ("NOTES.txt", "style.css~", "drafts/ideas.md", "src/app.scss", "package.json",
               "tsconfig.json", "node_modules/x/index.js", "node_modules/x/style.css")  # fmt: skip
    for name in private:
        write(theme / name, "the theme author's own: /home/juniper/.ssh\n")
    write(theme / "vendor" / "grid.min.css", ".grid { display: grid; }\n")  # pages load these
    write(theme / "search.json", "[]\n")
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--theme", theme).exit_code == 0
    assert "rebeccapurple" in (out / "assets/style.css").read_text()
    assert (out / "assets/vendor/grid.min.css").is_file() and (out / "assets/search.json").is_file()
    published = [p for p in out.rglob("*") if p.is_file()]
    assert not {Path(n).name for n in private} - {"style.css"} & {p.name for p in published}
    assert not any("/home/juniper" in p.read_text(errors="replace") for p in published)
    result = run(invoke, archive, tmp_path / "again", "--theme", theme)
    assert result.stderr.count("not published (a theme publishes") == 7  # each said, once
    assert "node_modules/: not published" in result.stderr
    write(theme / "site.webmanifest", "{}\n")
    assert run(invoke, archive, out, "--theme", theme).exit_code == 0
    assert (out / "assets" / "site.webmanifest").is_file()
    page = (out / PAGE).read_text(encoding="utf-8")
    assert 'href="../../assets/extra.css"' in page and 'href="../../assets/style.css"' in page
    # the theme's own stylesheets come after the default one, so they override it
    assert page.index("assets/style.css") < page.index("assets/extra.css")
    # a template from the theme wins; the others still come from the default theme
    write(
        theme / "review.html",
        '{% extends "base.html" %}{% block main %}<p>{{ review.title }}</p>{% endblock %}\n',
    )
    assert run(invoke, archive, out, "--theme", theme).exit_code == 0
    page = (out / PAGE).read_text(encoding="utf-8")
    assert "<p>Anime Review: The Paper Lighthouse</p>" in page and "<!DOCTYPE html>" in page


def test_theme_from_config(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write(archive / "mytheme" / "style.css", "body { color: teal; }\n")
    write(archive / "reviewctl.toml", 'author = "Kit Marlowe"\ntheme = "mytheme"\n')
    out = tmp_path / "out"
    assert run(invoke, archive, out).exit_code == 0
    assert "teal" in (out / "assets/style.css").read_text()


def test_a_theme_folder_holding_the_reviews_or_the_site_is_refused(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """theme = "." would publish every picture beside the reviews, drafts' too, and a theme
    that holds the output folder would copy the site into itself at each export."""
    write(archive / "reviewctl.toml", 'author = "Kit Marlowe"\ntheme = "."\n')
    out = tmp_path / "out"
    result = run(invoke, archive, out)
    assert result.exit_code == 2, result.output
    assert re.search(
        r"reviewctl\.toml:2: the theme folder and the reviews folder overlap", result.stderr
    )
    assert not out.exists()
    inside = run(invoke, archive, archive / "site", "--theme", archive / "reviews" / "..")
    assert inside.exit_code == 2 and "reviews folder overlap" in inside.stderr
    among = run(invoke, archive, archive / "site", "--theme", archive / "reviews" / "game")
    assert among.exit_code == 2 and "reviews folder overlap" in among.stderr
    write(archive / "reviewctl.toml", 'author = "Kit Marlowe"\ntheme = "mytheme"\n')
    write(archive / "mytheme" / "style.css", "body { color: teal; }\n")
    overlap = run(invoke, archive, archive / "mytheme" / "site")
    assert overlap.exit_code == 2 and "overlap" in overlap.stderr, overlap.stderr
    assert run(invoke, archive, out).exit_code == 0
    # a flat archive (reviews_dir = "."): its theme folder lies among the reviews, holding none
    write(
        archive / "reviewctl.toml", 'author = "Kit Marlowe"\nreviews_dir = "."\ntheme = "mytheme"\n'
    )
    write(archive / "mytheme" / "README.md", "My theme.\n")
    assert run(invoke, archive, tmp_path / "flat").exit_code == 0
    # drafts in a folder the walk leaves out (exclude) are reviews all the same
    write(archive / "_drafts" / "secret.md", "---\ntitle: Secret\n---\n\nNot yet.\n")
    write(archive / "_drafts" / "secret.png", "x")
    write(
        archive / "reviewctl.toml",
        'author = "Kit Marlowe"\nreviews_dir = "."\nexclude = ["_drafts/**"]\ntheme = "_drafts"\n',
    )
    drafts = run(invoke, archive, tmp_path / "drafts")
    assert drafts.exit_code == 2 and "reviews folder overlap" in drafts.stderr
    # the docs of a theme under themes/, which the archive's walk leaves alone, are no reviews
    write(archive / "themes" / "mine" / "docs" / "usage.md", "How to use it.\n")
    write(archive / "themes" / "mine" / "style.css", "body { color: teal; }\n")
    write(
        archive / "reviewctl.toml",
        'author = "Kit Marlowe"\nreviews_dir = "."\ntheme = "themes/mine"\n',
    )
    assert run(invoke, archive, tmp_path / "docs").exit_code == 0


def test_broken_theme_is_one_line_error(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    theme = tmp_path / "theme"
    write(theme / "review.html", "line one\n{% if %}\n")
    result = run(invoke, archive, tmp_path / "out", "--theme", theme)
    assert result.exit_code == 2
    assert re.search(r"review\.html:2: theme template: ", result.stderr), result.stderr
    # an include that is not there is named as one
    write(theme / "review.html", '{% include "missing.html" %}\n')
    missing_include = run(invoke, archive, tmp_path / "inc", "--theme", theme)
    assert missing_include.exit_code == 2
    assert "no template named 'missing.html' to include or extend" in missing_include.stderr
    # a vendor's file in the theme folder is no template of a page: never compiled
    write(theme / "vendor" / "lib" / "demo.html", "<p>{{#each items}}{{name}}{{/each}}</p>\n")
    write(theme / "review.html", "{% extends 'default/review.html' %}\n")
    assert run(invoke, archive, tmp_path / "vendor", "--theme", theme).exit_code == 0
    # a template the site renders last, broken: found before a file is written
    write(theme / "review.html", "{% extends 'default/review.html' %}\n")
    write(theme / "404.html", "{% block main %}\n{% endblok %}\n")
    late = run(invoke, archive, tmp_path / "late", "--site", "--theme", theme)
    assert late.exit_code == 2 and re.search(r"404\.html:2: theme template: ", late.stderr)
    assert not (tmp_path / "late").exists()
    missing = run(invoke, archive, tmp_path / "out", "--theme", tmp_path / "nope")
    assert missing.exit_code == 2 and "theme folder not found" in missing.stderr
    write(archive / "reviewctl.toml", 'author = "Kit Marlowe"\ntheme = "thme"\n')
    typo = run(invoke, archive, tmp_path / "out")  # the config's: its line, and what to do
    assert typo.exit_code == 2
    assert (
        "reviewctl.toml:2: theme: 'thme' is not a folder (make it, or correct theme)" in typo.stderr
    )


def test_a_theme_that_names_a_file_of_this_computer_is_warned_of(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    from reviewctl.export.themes import default_theme

    theme = tmp_path / "theme"
    base = (default_theme() / "base.html").read_text(encoding="utf-8")
    write(theme / "base.html", base.replace("<body>", '<body><img src="/home/juniper/l.png">', 1))
    write(theme / "extra.css", "body { background: url(file:///C:/Users/juniper/bg.png) }\n")
    write(theme / "plain.css", "body { color: teal }\n")
    # a script's regex escapes and a comment's ~/ are no paths
    write(theme / "plain.js", 'const re = new RegExp("\\\\d+\\\\s*"); // see ~/notes\n')
    result = run(invoke, archive, tmp_path / "out", "--theme", theme)
    assert result.exit_code == 0, result.stderr
    line = next(n for n, text in enumerate(base.splitlines(), 1) if "<body>" in text)
    assert f"base.html:{line}: names a file of this computer" in result.stderr
    assert (
        "extra.css:1: names a file of this computer, published as written: file:///C:/Users/juniper/bg.png"
        in result.stderr
    )
    assert "plain.css" not in result.stderr and "plain.js" not in result.stderr


@pytest.mark.parametrize("name", ["review.html", "base.html", "social.html"])
def test_a_theme_template_that_is_not_utf8_is_one_line_naming_it(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, name: str
) -> None:
    """The template itself, or one another extends or includes: named, never a traceback."""
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / name).write_bytes(b"\xff{{ x }}\n")
    result = run(invoke, archive, tmp_path / "out", "--theme", theme)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert f"theme/{name}: theme template is not UTF-8 text" in result.stderr, result.stderr


def test_a_misspelt_variable_or_a_failing_include_names_its_template_and_line(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """``{{ review.titel }}`` is an error naming the template and line, not an empty title
    on every page; a failure in an included template names that one."""
    from reviewctl.export.themes import default_theme

    theme = tmp_path / "theme"
    original = (default_theme() / "review.html").read_text(encoding="utf-8")
    lines = original.splitlines()
    number = next(n for n, line in enumerate(lines, 1) if "{{ review.title }}" in line)
    write(theme / "review.html", original.replace("{{ review.title }}", "{{ review.titel }}", 1))
    result = run(invoke, archive, tmp_path / "out", "--theme", theme)
    assert result.exit_code == 2
    assert re.search(rf"theme/review\.html:{number}: theme template failed: .*titel", result.stderr)
    (theme / "review.html").unlink()
    social = (default_theme() / "social.html").read_text(encoding="utf-8")
    write(theme / "social.html", "{{ 1 + 'x' }}\n" + social)
    broken = run(invoke, archive, tmp_path / "out2", "--theme", theme)
    assert broken.exit_code == 2
    assert re.search(r"theme/social\.html:1: theme template failed", broken.stderr), broken.stderr
    # a front matter key some reviews lack prints as nothing, as ever
    write(theme / "social.html", "{{ review.extra.director if review else '' }}" + social)
    assert run(invoke, archive, tmp_path / "out4", "--theme", theme).exit_code == 0
    # a test of a value that is not there is no error: the default theme tests many
    write(
        theme / "social.html",
        "{% if nothing_here %}x{% endif %}{{ nothing_here | default('') }}" + social,
    )
    assert run(invoke, archive, tmp_path / "out3", "--theme", theme).exit_code == 0


# -- broken input -----------------------------------------------------------------------------


def test_broken_file_reported_and_skipped(invoke, broken: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    result = run(invoke, broken, out, "--site")
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if "broken.md" in line]
    assert len(lines) == 1
    assert re.match(r"error: .*reviews/tv/broken\.md:2: invalid YAML", lines[0]), lines[0]
    assert (out / PAGE).is_file() and (out / "index.html").is_file()
    assert "1 unreadable skipped" in result.stdout
    again = run(invoke, broken, out, "--site")  # unchanged, still reported
    assert again.exit_code == 2 and "broken.md:2" in again.stderr


def test_missing_path_and_unreadable_file(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (archive / "reviews/film/binary.md").write_bytes(b"\x00\x01\x02")
    result = invoke("export", archive / "reviews", tmp_path / "nope.md", "--out", tmp_path / "o")
    assert result.exit_code == 2  # a path that is not there: nothing exported at all
    assert "nope.md: no such file or folder; nothing exported" in result.stderr
    assert not (tmp_path / "o").exists()
    result = invoke("export", archive / "reviews", "--out", tmp_path / "o")
    assert result.exit_code == 2  # an unreadable file: reported, the rest exported
    assert "binary.md: binary file, not Markdown" in result.stderr
    assert (tmp_path / "o" / "index.html").exists() or any((tmp_path / "o").rglob("*.html"))


def test_out_must_be_a_folder(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "file"
    target.write_text("x")
    result = run(invoke, archive, target)
    assert result.exit_code == 2 and "not a folder" in result.stderr


def test_help_documents_exit_codes(invoke) -> None:  # type: ignore[no-untyped-def]
    result = invoke("export", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    for word in ("--out", "--format", "--site", "--drafts", "--theme", "--safe", "Exit status"):
        assert word in text


def test_corpus_exports_without_traceback(invoke, corpus: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    result = invoke("export", corpus, "--out", out, "--site", "--drafts")
    assert result.exit_code in (0, 2), result.stderr
    assert "Traceback" not in result.stderr
    for line in result.stderr.splitlines():
        assert re.match(r"(error|warning): \S.*:\d+: ", line), line
    assert (out / "index.html").is_file()
    pages = list(out.rglob("index.html"))
    assert len(pages) > 40
    ET.parse(out / "feed.xml")
    wp = invoke("export", corpus, "--out", tmp_path / "wp", "--format", "wordpress", "--drafts")
    assert wp.exit_code in (0, 2) and "Traceback" not in wp.stderr
    for fragment in (tmp_path / "wp").rglob("*.html"):
        assert fragment.read_text(encoding="utf-8").count("<!--more-->") <= 1


def test_house_review_text_is_our_own() -> None:
    assert "Spoilers below the cut." in HOUSE_REVIEW and MARKER in HOUSE_REVIEW


def test_a_disk_that_fails_to_save_the_pages_is_one_line_and_vouches_for_nothing(
    invoke, archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The pages are synced before the index records them: an fsync that fails ends the
    export with one line and exit 2, and the index keeps no record of the folder."""
    from reviewctl.export import run as export_run
    from reviewctl.index import Index

    def failing(fd: int) -> None:
        raise OSError(5, "Input/output error")

    real_fsync = os.fsync
    monkeypatch.setattr(export_run.os, "fsync", failing)
    out = tmp_path / "out"
    result = run(invoke, archive, out)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "error: " in result.output and "cannot save to disk: Input/output error" in result.output
    with Index.open(archive) as index:
        assert index.export_state(os.path.realpath(out)) is None
    monkeypatch.setattr(export_run.os, "fsync", real_fsync)  # the disk mended: the run that
    # failed left its mark, so the next takes the files that hold what it writes as its own
    # (one the author changed would be refused), and then the index vouches for the folder
    assert run(invoke, archive, out).exit_code == 0
    with Index.open(archive) as index:
        assert index.export_state(os.path.realpath(out)) is not None


def test_folded_text_stays_out_of_descriptions(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A ``<details>`` in the lede stays folded on the page; the description, which search
    engines, link previews and feed readers show unfolded, leaves it out."""
    review = archive / "reviews" / "anime" / "paper-lighthouse.md"
    text = review.read_text(encoding="utf-8")
    review.write_text(
        text.replace(
            "The Paper Lighthouse is a quiet",
            "<details><summary>Who</summary><details>Inner.</details>Oto leaves.</details>\n\n"
            "The Paper Lighthouse is a quiet",
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--site").exit_code == 0
    page = (out / PAGE).read_text(encoding="utf-8")
    assert "<details><summary>Who</summary><details>Inner.</details>Oto leaves.</details>" in page
    descriptions = re.findall(r'<meta [^>]*description" content="([^"]*)"', page)
    assert descriptions and not [d for d in descriptions if "Oto leaves" in d]
    assert '"description": "The Paper Lighthouse' in page and page.count("Oto leaves") == 1
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    summaries = re.findall(r"<summary>(.*?)</summary>", feed, re.S)
    assert summaries and not [s for s in summaries if "Oto leaves" in s]


def _links(page: Path) -> dict[str, str]:
    """The page's links by their text."""
    import re

    text = page.read_text(encoding="utf-8")
    return {m[2]: m[1] for m in re.finditer(r'<a href="([^"]*)">([^<]*)</a>', text)}


@pytest.mark.parametrize("site", [True, False])
def test_a_link_to_another_reviews_source_leads_to_its_page(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, site: bool
) -> None:
    """A link to another review's file is a link to that review's page, its fragment kept,
    from the lede and from below the cut; one to a draft is its text, warned of. A link
    whose target is published later, or moved by a slug collision, follows it on the next
    export, though the linking review did not change."""
    out = tmp_path / "out"
    args = ("--site",) if site else ()
    body = (
        "two people talking in a booth: see [the lighthouse](../anime/paper-lighthouse.md#verdict)"
        " and [my draft](../game/unfinished-business.md).\n"
    )
    result, line_of = export_body(invoke, archive, out, body, *args)
    page = out / "film" / "salt-and-static" / "index.html"
    links = _links(page)
    assert links["the lighthouse"] == "../../anime/paper-lighthouse/index.html#verdict"
    assert "my draft" not in links and "unfinished-business" not in page.read_text()
    line = line_of("my draft")
    assert f"salt-and-static.md:{line}: a link to a Markdown file" in result.stderr
    assert "paper-lighthouse.md" not in result.stderr
    if site:  # the lede on the front page and in the feed: from the site's root
        card = _links(out / "index.html")
        assert card["the lighthouse"] == "anime/paper-lighthouse/index.html#verdict"

    draft = archive / "reviews" / "game" / "unfinished-business.md"
    draft.write_text(draft.read_text().replace("status: draft", "status: published"))
    again = run(invoke, archive, out, *args)
    assert again.exit_code == 0 and "a link to a Markdown file" not in again.stderr
    assert _links(page)["my draft"] == "../../game/unfinished-business/index.html"

    # a review whose file is named for the slug takes the folder; the linked one moves
    write(archive / "reviews" / "anime" / "paper-lighthouse-2.md", DRAFT_REVIEW.replace(
        "status: draft", "status: published\nslug: paper-lighthouse").replace("game", "anime"))  # fmt: skip
    lighthouse = archive / "reviews" / "anime" / "paper-lighthouse.md"
    lighthouse.rename(archive / "reviews" / "anime" / "the-lighthouse.md")
    moved = archive / "reviews" / "anime" / "the-lighthouse.md"
    moved.write_text(moved.read_text().replace("tags:", "slug: paper-lighthouse\ntags:"))
    (archive / "reviews" / "anime" / "paper-lighthouse-2.md").rename(
        archive / "reviews" / "anime" / "paper-lighthouse.md"
    )
    text = (archive / "reviews" / "film" / "salt-and-static.md").read_text()
    (archive / "reviews" / "film" / "salt-and-static.md").write_text(
        text.replace("paper-lighthouse.md", "the-lighthouse.md")
    )
    third = run(invoke, archive, out, *args)
    assert third.exit_code == 0, third.output
    assert _links(page)["the lighthouse"] == "../../anime/paper-lighthouse-2/index.html#verdict"


@pytest.mark.parametrize("site", [True, False])
def test_a_link_to_a_reviews_address_on_the_old_blog_leads_to_its_page(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, site: bool
) -> None:
    """Jekyll's and Hugo's addresses of a review (its file's name, less a Jekyll date, after
    dates or the folders it lies in) lead to its page; the site's other pages, another
    folder's and a name two reviews share are left as written, and a draft's address is its
    text, warned of."""
    published = DRAFT_REVIEW.replace("status: draft", "status: published")
    write(archive / "reviews" / "game" / "2019-05-06-moon-garden.md", published)
    write(archive / "reviews" / "game" / "twin.md", published)
    write(archive / "reviews" / "film" / "twin.md", published.replace("game", "film"))
    body = (
        "two people talking in a booth: [a](/2019/05/06/moon-garden.html),"
        " [b](/reviews/anime/paper-lighthouse/#verdict), [c](/paper-lighthouse),"
        " [d](/anime/paper-lighthouse/), [e](/tags/paper-lighthouse/), [f](/about/), [g](/twin/),"
        " [i](/posts/paper-lighthouse/), [j](/reviews/game/unfinished-business.md),"
        " [h](/2020/01/01/unfinished-business/).\n"
    )
    out = tmp_path / "out"
    result, line_of = export_body(invoke, archive, out, body, *(("--site",) if site else ()))
    links = _links(out / "film" / "salt-and-static" / "index.html")
    assert links["a"] == "../../game/moon-garden/index.html"
    assert links["b"] == "../../anime/paper-lighthouse/index.html#verdict"
    assert links["c"] == links["d"] == "../../anime/paper-lighthouse/index.html"
    assert links["e"] == "/tags/paper-lighthouse/" and links["f"] == "/about/"
    assert links["i"] == "/posts/paper-lighthouse/"  # not a folder the review lies in
    assert links["g"] == "/twin/"
    assert "h" not in links and "unfinished-business" not in "".join(
        p.read_text() for p in out.rglob("*.html")
    )
    line = line_of("[h]")
    assert f"salt-and-static.md:{line}: a link to a review the site has no page of" in result.stderr
    said = [w for w in result.stderr.splitlines() if "unfinished-business.md" in w]
    assert len(said) == 1 and "j" not in links  # one warning for a draft's source
    if site:  # the lede on the front page: from the site's root
        assert _links(out / "index.html")["b"] == "anime/paper-lighthouse/index.html#verdict"


def test_hugos_and_jekylls_page_references_lead_to_the_page(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path
) -> None:
    """``relref``/``ref`` from the content root or by name, Jekyll's ``link``: the page; one
    to no review is its text, warned of."""
    root = tmp_path / "blog"
    write(root / "hugo.toml", "baseURL = 'https://x.example/'\n")
    write(root / "reviewctl.toml", 'reviews_dir = "content/posts"\n')
    write(root / "content/posts/2023/a/index.md", "+++\ntitle = 'A'\n+++\n\nAlpha.\n")
    write(root / "content/posts/2019-10-21-d.md", "---\ntitle: D\n---\n\nDelta.\n")
    write(
        root / "content/posts/2023/b/index.md",
        "+++\ntitle = 'B'\n+++\n\n"
        '[a1]({{< relref "posts/2023/a/index.md" >}}), [a2]({{< ref "a" >}}),'
        " [d]({% link content/posts/2019-10-21-d.md %}),\n"
        '[z]({{< relref "posts/zzz.md" >}}).\n',
    )
    result = invoke("export", root / "content/posts", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    links = _links(tmp_path / "out" / "other" / "b" / "index.html")
    assert links["a1"] == links["a2"] == "../../other/a/index.html"
    assert links["d"] == "../../other/d/index.html"
    assert "z" not in links
    assert "b/index.md:6: a link to a Markdown file, published as its text" in result.stderr


def test_a_link_between_reviews_follows_a_collision_it_did_not_cause(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """Only the linked review's folder changes (the review that held its folder is gone):
    the linking page, unchanged itself, is written again with the new address."""
    out = tmp_path / "out"
    body = "two people talking in a booth; [the lighthouse](../anime/paper-lighthouse.md).\n"
    lighthouse = archive / "reviews" / "anime" / "paper-lighthouse.md"
    lighthouse.write_text(lighthouse.read_text().replace("tags:", "slug: the-lighthouse\ntags:"))
    rival = HOUSE_REVIEW.replace("The Paper Lighthouse", "The Other Lighthouse")
    write(archive / "reviews" / "anime" / "the-lighthouse.md", rival)
    result, _ = export_body(invoke, archive, out, body, "--site")
    assert (
        "reviews/anime/paper-lighthouse.md:1: its page is anime/the-lighthouse-2/, as"
        " reviews/anime/the-lighthouse.md has anime/the-lighthouse/" in result.stderr
    )
    page = out / "film" / "salt-and-static" / "index.html"
    assert _links(page)["the lighthouse"] == "../../anime/the-lighthouse-2/index.html"
    (archive / "reviews" / "anime" / "the-lighthouse.md").unlink()
    again = run(invoke, archive, out, "--site")
    assert again.exit_code == 0, again.output
    assert _links(page)["the lighthouse"] == "../../anime/the-lighthouse/index.html"
    assert not (out / "anime" / "the-lighthouse-2").exists()


def test_a_published_address_never_moves_to_another_review(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """A new review that wants the folder of a published one (its file even named for the
    slug) gets ``-2``, and is warned of: the old page keeps its address."""
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--site").exit_code == 0
    rival = FILM_REVIEW.replace("Salt and Static", "Static and Salt")
    write(archive / "reviews" / "a-folder" / "salt-and-static.md", rival)  # sorts first
    result = run(invoke, archive, out, "--site")
    assert result.exit_code == 0, result.output
    assert "Salt and Static" in (out / "film/salt-and-static/index.html").read_text()
    assert "Static and Salt" in (out / "film/salt-and-static-2/index.html").read_text()
    assert "reviews/a-folder/salt-and-static.md:1: its page is film/salt-and-static-2/" in (
        result.stderr
    )


def test_a_wordpress_post_keeps_links_between_reviews_as_text(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """WordPress gives its posts their addresses: a link to a review's file is its text."""
    body = "two people talking in a booth; [the lighthouse](../anime/paper-lighthouse.md).\n"
    result, _ = export_body(invoke, archive, tmp_path / "out", body, "--format", "wordpress")
    published = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.html"))
    assert "the lighthouse" in published and "paper-lighthouse.md" not in published
    assert "a link to a Markdown file" in result.stderr


def test_no_private_address_is_published_beside_a_bare_www_address(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """A review that also holds a bare ``www.`` address (rendered by markdown-it, not
    cmark-gfm) keeps no link to a draft's file or a file of this computer either."""
    body = (
        "two people talking in a booth, see www.example.com, [my draft]"
        "(../game/unfinished-business.md) and [a note](file:///home/kit/notes.txt).\n"
    )
    export_body(invoke, archive, tmp_path / "out", body, "--site")
    published = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.html"))
    assert "unfinished-business" not in published and "/home/kit" not in published
    assert "my draft" in published


def test_relative_links_in_a_lede_lead_where_they_did_from_the_front_page(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """The front page shows each review's lede: its relative links (a fragment of the review,
    a page beside it) are rebased from the review's folder to the site's root."""
    body = (
        "two people talking in a booth ([the verdict](#verdict), [part one](../part-one/),"
        " [the site](https://example.org/)).\n"
    )
    export_body(invoke, archive, tmp_path / "out", body, "--site")
    card = _links(tmp_path / "out" / "index.html")
    assert card["the verdict"] == "film/salt-and-static/index.html#verdict"
    assert card["part one"] == "film/part-one/"
    assert card["the site"] == "https://example.org/"
    page = _links(tmp_path / "out" / "film" / "salt-and-static" / "index.html")
    assert page["the verdict"] == "#verdict" and page["part one"] == "../part-one/"


def test_an_edit_of_a_linked_review_renders_only_it(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """The pages that link to a review are written again when its page comes, goes or
    moves, not at each edit of its text."""
    out = tmp_path / "out"
    body = "two people talking in a booth; [the lighthouse](../anime/paper-lighthouse.md).\n"
    export_body(invoke, archive, out, body, "--site")
    lighthouse = archive / "reviews" / "anime" / "paper-lighthouse.md"
    lighthouse.write_text(lighthouse.read_text().replace("lovely.", "lovely indeed."))
    again = run(invoke, archive, out, "--site")
    assert again.exit_code == 0 and "(1 rendered" in again.stdout, again.stdout


def test_a_link_to_a_review_still_to_come_today_is_text(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """A review dated later today (a time and a zone) has no page yet: a link to it is its
    text, not the address its page will have."""
    import datetime as dt

    ahead = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)).isoformat(timespec="seconds")
    lighthouse = archive / "reviews" / "anime" / "paper-lighthouse.md"
    lighthouse.write_text(lighthouse.read_text().replace("date: 2025-03-14", f"date: {ahead}"))
    body = "two people talking in a booth; [the lighthouse](../anime/paper-lighthouse.md).\n"
    export_body(invoke, archive, tmp_path / "out", body, "--site")
    published = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.html"))
    assert "paper-lighthouse" not in published


def test_odd_links_neither_crash_nor_lose_the_sites_own_addresses(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """A NUL in a link is text and a warning, not a traceback; a site's own ``/home/`` page
    and ``/home/logo.png`` are its addresses, not a home folder."""
    body = (
        "two people talking in a booth; [nul](beta%00.md), [home](/home/) and"
        " ![logo](/home/logo.png).\n"
    )
    result, _ = export_body(invoke, archive, tmp_path / "out", body)
    page = (tmp_path / "out" / "film" / "salt-and-static" / "index.html").read_text()
    assert 'href="/home/"' in page and 'src="/home/logo.png"' in page
    assert "beta" not in page and "Traceback" not in result.stderr


def test_generator_template_tags_become_what_a_reader_sees(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A Hugo shortcode or a Liquid tag never reaches a page, a card, the feed or the
    WordPress post as text: a video is its link, a figure its captioned picture, a comment
    or a capture nothing, the rest nothing; code, a raw block and Liquid output in prose
    ("write {{ name }}") keep their text; the lines below keep their numbers."""
    review = archive / "reviews/film/salt-and-static.md"
    text = FILM_REVIEW.replace("---\n\n", "---\n\n{{< youtube OWGCqfa3lcE >}}\n\n", 1)
    text = text.replace(
        "<!--more-->\n",
        '<!--more-->\n\n{{< figure src="still.png"\n  caption="The harbour at dusk" >}}\n\n'
        "{% comment %}A private note{% endcomment %}{% capture x %}Assigned{% endcapture %}\n\n"
        "Write {{ name }} and `{% raw %}` to escape, {% raw %}{{ kept }}{% endraw %}.\n\n"
        "```\n{{< youtube x >}}\n```\n\n    {{< indented >}}\n\n![gone](missing.png)\n",
    )
    review.write_text(text, encoding="utf-8")
    missing_line = text.splitlines().index("![gone](missing.png)") + 1
    (archive / "reviews/film/still.png").write_bytes(png())
    out = tmp_path / "out"
    result = run(invoke, archive, out, "--site")
    assert result.exit_code == 0, result.stderr
    assert f"salt-and-static.md:{missing_line}: image not found" in result.stderr
    page = (out / "film/salt-and-static/index.html").read_text(encoding="utf-8")
    link = '<a href="https://www.youtube.com/watch?v=OWGCqfa3lcE">'
    assert link in page and "youtube OWGCqfa3lcE" not in page
    assert '<img src="still.png" alt="The harbour at dusk"' in page
    assert "<figcaption>The harbour at dusk</figcaption>" in page
    assert "private note" not in page and "Assigned" not in page and "capture" not in page
    assert "Write {{ name }} and <code>{% raw %}</code>" in page and "{{ kept }}" in page
    assert "{{&lt; youtube x &gt;}}" in page and "{{&lt; indented &gt;}}" in page  # code
    for rel in ("index.html", "feed.xml"):
        shown = (out / rel).read_text(encoding="utf-8")
        assert "youtube OWGCqfa3lcE" not in shown and "watch?v=OWGCqfa3lcE" in shown, rel
    wordpress = tmp_path / "wp"
    assert run(invoke, archive, wordpress, "--format", "wordpress").exit_code == 0
    post = (wordpress / "film/salt-and-static.html").read_text(encoding="utf-8")
    assert "youtube OWGCqfa3lcE" not in post and "watch?v=OWGCqfa3lcE" in post
    assert "The harbour at dusk" in post and "private note" not in post


def test_a_language_tag_in_the_file_name_is_the_pages_language(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Hugo's ``post.fr.md`` and a bundle's ``index.zh-cn.md`` say the page's language; the
    bundle's slug is its folder's, and a translation beside its original keeps its own
    address (the original's stays the original's). ``dr.no.md`` and ``notes.js.md`` tag
    no language."""
    film = archive / "reviews/film"
    original = (film / "salt-and-static.md").read_text(encoding="utf-8")
    write(film / "salt-and-static.fr.md", original.replace("2024-11-02", "2024-11-03"))
    bundle = archive / "reviews/anime/harbour-lights"
    bundle.mkdir()
    write(bundle / "index.zh-cn.md", FILM_REVIEW.replace("Salt and Static", "Harbour Lights"))
    write(film / "dr.no.md", FILM_REVIEW.replace("Salt and Static", "Dr. No"))
    write(
        archive / "reviews/anime/sole/index.it.md", FILM_REVIEW.replace("Salt and Static", "Sole")
    )
    out = tmp_path / "out"
    result = run(invoke, archive, out, "--site")
    assert result.exit_code == 0 and "-2" not in result.stderr, result.stderr

    def page(rel: str) -> str:
        return (out / rel / "index.html").read_text(encoding="utf-8")

    assert '<html lang="en" dir="ltr">' in page("film/salt-and-static")
    assert '<html lang="fr" dir="ltr">' in page("film/salt-and-static-fr")
    chinese = page("film/harbour-lights")
    assert '<html lang="zh-CN" dir="ltr">' in chinese and 'content="zh_CN"' in chinese
    assert '<html lang="en" dir="ltr">' in page("film/dr-no")
    assert '<html lang="it" dir="ltr">' in page("film/sole")


def test_a_placeholder_date_is_warned_of(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    review = archive / "reviews/film/salt-and-static.md"
    review.write_text(FILM_REVIEW.replace("date: 2024-11-02", "date: 1970-01-01"), encoding="utf-8")
    result = run(invoke, archive, tmp_path / "out", "--site")
    assert result.exit_code == 0
    line = FILM_REVIEW.splitlines().index("date: 2024-11-02") + 1
    assert f"salt-and-static.md:{line}: date 1970-01-01 looks like a placeholder" in result.stderr


def test_a_review_with_no_lede_shows_its_own_description_on_cards_and_in_the_feed(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A post that is one block of raw HTML has no lede: its card and feed entry show the
    author's ``description`` rather than nothing."""
    review = archive / "reviews/film/salt-and-static.md"
    review.write_text(
        "---\ntitle: Salt and Static\nmedium: film\nstatus: published\ndate: 2024-11-02\n"
        "description: A radio drama filmed in a booth.\n---\n\n"
        "<div><p>Salt and Static is a small radio drama.</p>\n<p>More.</p></div>\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--site").exit_code == 0
    for rel in ("index.html", "feed.xml"):
        assert "A radio drama filmed in a booth." in (out / rel).read_text(encoding="utf-8"), rel


def test_a_local_video_is_copied_beside_the_page(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """What a ``<video>`` plays is copied as an image is (checked to be a video by its
    first bytes); a missing one is warned of."""
    film = archive / "reviews/film"
    (film / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(16))
    (film / "fake.mp4").write_text("not a video")
    review = film / "salt-and-static.md"
    review.write_text(
        FILM_REVIEW.replace(
            "<!--more-->\n",
            '<!--more-->\n\n<video controls><source src="./clip.mp4" type="video/mp4"></video>\n\n'
            '<video src="fake.mp4"></video>\n\n<audio src="gone.mp3"></audio>\n',
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run(invoke, archive, out, "--site")
    assert result.exit_code == 0, result.stderr
    assert (out / "film/salt-and-static/clip.mp4").read_bytes().startswith(b"\x00\x00\x00\x18ftyp")
    assert not (out / "film/salt-and-static/fake.mp4").exists()
    assert "not a video file, not copied: fake.mp4" in result.stderr
    assert "sound not found, not copied: gone.mp3" in result.stderr


def test_a_first_heading_that_says_the_title_is_not_shown_twice(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A post titled by its first ``# heading`` (or repeating its title there) shows the
    title once, as the page's; a first heading that says something else stays."""
    film = archive / "reviews/film"
    write(
        film / "no-title.md",
        "---\nmedium: film\nstatus: published\ndate: 2024-01-02\n---\n\n"
        "# Harbour *Lights*\n\nA quiet film.\n\n## The cast\n\nGood.\n",
    )
    write(
        film / "other.md",
        FILM_REVIEW.replace("Salt and Static", "Other").replace(
            "---\n\n", "---\n\n# A heading of its own\n\n", 1
        ),
    )
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--site").exit_code == 0
    page = (out / "film/no-title/index.html").read_text(encoding="utf-8")
    assert page.count("<h1") == 1 and "Harbour Lights" in page and "The cast" in page
    assert "A heading of its own" in (out / "film/other/index.html").read_text(encoding="utf-8")


def test_a_video_is_never_the_preview_image_and_large_or_odd_media_are_said(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A video in ``image:`` or alone in the lede is no og:image, and a card shows the video
    rather than the description; an MP3 that starts with a frame is a sound; a file over the
    size limit is named at its line."""
    film = archive / "reviews/film"
    (film / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(16))
    (film / "song.mp3").write_bytes(b"\xff\xfa\x90\x00" + bytes(32))
    with (film / "huge.mp4").open("wb") as big:  # sparse: no 51 MB written
        big.truncate(51 * 1024 * 1024)
    review = film / "salt-and-static.md"
    text = FILM_REVIEW.replace(
        "rating: 6.5\n", "rating: 6.5\nimage: clip.mp4\ndescription: Words.\n"
    )
    text = text.replace(
        "Salt and Static is a small radio drama turned into a film, and it shows: the best scenes are\n"
        "two people talking in a booth.\n",
        '<video src="clip.mp4"></video>\n',
    )
    text = text.replace(
        "<!--more-->\n",
        '<!--more-->\n\n<audio src="song.mp3"></audio>\n\n<video src="huge.mp4"></video>\n',
    )
    review.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run(invoke, archive, out, "--site")
    assert result.exit_code == 0, result.stderr
    page = (out / "film/salt-and-static/index.html").read_text(encoding="utf-8")
    assert "og:image" not in page
    assert (out / "film/salt-and-static/song.mp3").is_file()
    huge_line = text.splitlines().index('<video src="huge.mp4"></video>') + 1
    assert (
        f"salt-and-static.md:{huge_line}: video over 50 MB, not copied: huge.mp4" in result.stderr
    )
    card = (out / "index.html").read_text(encoding="utf-8")
    assert "clip.mp4" in card and "Words." not in card.split("<main", 1)[-1]


@pytest.mark.parametrize(
    ("extra", "published"),
    [
        ("publishDate: 2999-05-01\n", False),  # Hugo holds it back till then, whatever its date
        ("publishdate: 2999-05-01T10:00:00+02:00\n", False),
        ("expiryDate: 2001-01-01\n", False),  # taken down since
        ("publishDate: 2001-05-01\n", True),
        ("expiryDate: 2999-01-01\n", True),
    ],
)
def test_hugos_publish_and_expiry_dates_decide_what_the_site_shows(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, extra: str, published: bool
) -> None:
    text = FILM_REVIEW.replace("medium: film\n", f"medium: film\n{extra}")
    write(archive / "reviews/film/salt-and-static.md", text)
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--site").exit_code == 0
    shown = [(out / name).read_text() for name in ("index.html", "feed.xml")]
    assert all(("salt-and-static" in text) is published for text in shown)
    assert (out / "film/salt-and-static/index.html").is_file() is published
    previews = tmp_path / "previews"
    assert run(invoke, archive, previews, "--site", "--drafts").exit_code == 0
    assert (previews / "film/salt-and-static/index.html").is_file()
    assert ("salt-and-static" in (previews / "feed.xml").read_text()) is published


@pytest.mark.parametrize("fmt", ["html", "wordpress"])
def test_a_footnote_marked_in_the_lede_of_a_review_with_no_cut_is_kept(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, fmt: str
) -> None:
    """Without a cut the lede is the first paragraph: its note, written at the end, is
    shown (once), and no description carries the note or its mark."""
    text = FILM_REVIEW.replace("two people talking in a booth.", "two people[^booth] talking.")
    text = text.replace("Spoilers below the cut.\n\n<!--more-->\n\n", "")
    text = text.rstrip("\n") + "\n\n[^booth]: QUIXONOTE, a note on the booth.\n"
    assert "<!--more-->" not in text
    write(archive / "reviews/film/salt-and-static.md", text)
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--format", fmt).exit_code == 0
    name = "film/salt-and-static/index.html" if fmt == "html" else "film/salt-and-static.html"
    published = (out / name).read_text()
    body = published.split("<body")[-1]
    assert body.count("QUIXONOTE") == 1 and 'class="footnote-ref"' in body and "[^" not in body
    assert fmt == "wordpress" or "QUIXONOTE" not in published.split("<body")[0]
    if fmt == "wordpress":
        excerpt = json.loads((out / "film/salt-and-static.json").read_text())["excerpt"]
        assert "QUIXONOTE" not in excerpt and "[1]" not in excerpt


@pytest.mark.parametrize("reference", ["", "\n\n[studio]: https://example.org/studio"])
def test_a_footnote_from_below_the_cut_never_reaches_the_lede(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, reference: str
) -> None:
    """Whatever else the lede is given (a link's reference definition)."""
    text = HOUSE_REVIEW.replace(
        "a finale that earns every tear.", f"a finale[^end] that [earns it][studio].{reference}"
    )
    text = text.rstrip("\n") + f"\n\n[^end]: {MARKER} dies.\n"
    write(archive / "reviews/anime/paper-lighthouse.md", text)
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--site").exit_code == 0
    page = (out / PAGE).read_text()
    assert MARKER not in page[: page.index('id="more"')]
    assert MARKER not in (out / "index.html").read_text() + (out / "feed.xml").read_text()


def test_a_footnote_written_after_the_support_links_is_kept(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    text = FILM_REVIEW.replace("from the first reel.", "from the first reel.[^reel]")
    text = text.rstrip("\n") + "\n\n[^reel]: QUIXOREEL, the first reel.\n"
    write(archive / "reviews/film/salt-and-static.md", text)
    out = tmp_path / "out"
    assert run(invoke, archive, out).exit_code == 0
    page = (out / "film/salt-and-static/index.html").read_text()
    assert page.count("QUIXOREEL") == 1
    assert page.index('id="more"') < page.index("QUIXOREEL") < page.index('class="support"')


def test_a_publish_date_later_the_same_day_holds_the_review_till_then(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    later = (now + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    text = FILM_REVIEW.replace(
        "date: 2024-11-02\n", f"date: {now:%Y-%m-%d}\npublishDate: {later}\n"
    )
    write(archive / "reviews/film/salt-and-static.md", text)
    out = tmp_path / "out"
    result = run(invoke, archive, out, "--site")
    assert result.exit_code == 0 and "1 dated after today skipped" in result.stdout
    assert not (out / "film/salt-and-static/index.html").exists()


@pytest.mark.parametrize(("hours", "held"), [(2, True), (-2, False)])
def test_a_time_of_day_with_no_zone_is_waited_for_by_this_computers_clock(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, hours: int, held: bool
) -> None:
    """A date at a later hour today is held back till then (not published the whole day
    early); an earlier one is out."""
    import datetime as dt

    moment = dt.datetime.now() + dt.timedelta(hours=hours)
    text = FILM_REVIEW.replace("date: 2024-11-02\n", f"date: {moment:%Y-%m-%d %H:%M:%S}\n")
    write(archive / "reviews/film/salt-and-static.md", text)
    out = tmp_path / "out"
    result = run(invoke, archive, out, "--site")
    assert result.exit_code == 0, result.stderr
    assert (out / "film/salt-and-static/index.html").exists() is not held
    assert ("1 dated after today skipped" in result.stdout) is held


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("2019-04-18-aeroplane.md", "aeroplane"),
        ("2025-02-03_dune.md", "dune"),
        ("2019.md", "2019"),
        ("watch-log-2024-01-05-frieren.md", "watch-log-2024-01-05-frieren"),  # not in front
    ],
)
def test_a_date_before_a_files_name_is_left_out_of_its_address(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, name: str, folder: str
) -> None:
    """As Jekyll and Zola name a post: ``2019-04-18-aeroplane.md`` is ``aeroplane``."""
    text = (archive / "reviews/film/salt-and-static.md").read_text(encoding="utf-8")
    (archive / "reviews/film/salt-and-static.md").unlink()
    write(archive / "reviews/film" / name, text)
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--site").exit_code == 0
    assert (out / "film" / folder / "index.html").is_file()


def test_a_promise_of_spoilers_in_a_list_stays_in_the_list_above_the_cut(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    text = HOUSE_REVIEW.replace(
        "\n\nSpoilers below the cut.\n\n<!--more-->",
        "\n\n- Great soundtrack\n- Spoilers ahead for episode three",
    )
    write(archive / "reviews/anime/paper-lighthouse.md", text)
    assert run(invoke, archive, tmp_path / "wp", "--format", "wordpress").exit_code == 0
    fragment = (tmp_path / "wp/anime/paper-lighthouse.html").read_text(encoding="utf-8")
    before, after = fragment.split("<!-- wp:more -->")
    assert "Great soundtrack" in before and "Spoilers ahead for episode three" in before
    assert before.count("<!-- wp:list -->") == 1 and MARKER in after and MARKER not in before


def test_an_email_footer_line_is_a_link(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    review = archive / "reviews/anime/paper-lighthouse.md"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.rstrip("\n") + "\nEmail me: mailto:kit@example.org\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run(invoke, archive, out).exit_code == 0
    page = (out / PAGE).read_text(encoding="utf-8")
    footer = page[page.index('<footer class="support">') :]
    assert '<p>Email me: <a href="mailto:kit@example.org">mailto:kit@example.org</a></p>' in footer


def test_a_theme_that_makes_a_huge_page_is_one_line(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewctl.export import themes

    monkeypatch.setattr(themes, "MAX_PAGE", 1_000_000)
    theme = tmp_path / "theme"
    write(theme / "review.html", "{{ review.title | center(2000000) }}\n")
    result = run(invoke, archive, tmp_path / "out", "--theme", theme)
    assert result.exit_code == 2
    assert re.search(
        r"review\.html: theme template failed: a page of 2,000,001 characters", result.stderr
    )


def test_a_theme_template_extends_the_default_one(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Only the blocks it changes: the rest of the page is the default theme's."""
    theme = tmp_path / "theme"
    write(
        theme / "review.html",
        '{% extends "default/review.html" %}\n{% block banner %}<p>MY BANNER</p>{% endblock %}\n',
    )
    out = tmp_path / "out"
    assert run(invoke, archive, out, "--theme", theme).exit_code == 0
    page = (out / PAGE).read_text(encoding="utf-8")
    assert "<p>MY BANNER</p>" in page
    assert (
        "<title>Anime Review: The Paper Lighthouse</title>" in page and "is a quiet fantasy" in page
    )
    write(theme / "review.html", '{% extends "default/nope.html" %}\n')
    missing = run(invoke, archive, tmp_path / "out2", "--theme", theme)
    assert missing.exit_code == 2 and "default/nope.html" in missing.stderr


def test_a_setext_or_html_title_is_the_pages_title_once(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A post with no front matter titled by ``Title`` over ``===`` (or ``<h1>``): that is
    its page's title, not its file name, and the body does not repeat it."""
    root = tmp_path / "blog"
    write(
        root / "reviewctl.toml", 'author = "Kit"\nreviews_dir = "."\n[lint]\nignore = ["FM001"]\n'
    )
    write(
        root / "hyrule.md",
        "Cadence of Hyrule\n=================\n\nA rhythm game with Zelda in it.\n",
    )
    write(root / "force.md", "<h1>The Force Awakens</h1>\n\nA remake in all but name.\n")
    out = tmp_path / "out"
    assert invoke("export", root / "hyrule.md", root / "force.md", "--out", out).exit_code == 0
    for title in ("Cadence of Hyrule", "The Force Awakens"):
        (page,) = [
            p for p in out.rglob("index.html") if f"<title>{title}" in p.read_text(encoding="utf-8")
        ]
        assert page.read_text(encoding="utf-8").count(f">{title}</h1>") == 1


def test_a_file_past_max_file_size_is_named_without_a_line(
    invoke, archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A file too large to read has no line to name, in a cold export and a warm one alike."""
    monkeypatch.setenv("REVIEWCTL_CACHE_DIR", str(tmp_path / "cache"))
    config = archive / "reviewctl.toml"
    config.write_text("max_file_size = 3000\n" + config.read_text(encoding="utf-8"))
    write(archive / "reviews/film/big.md", FILM_REVIEW + "Big. " * 800)
    for _ in range(2):
        result = run(invoke, archive, tmp_path / "out")
        assert "film/big.md: cannot read file: larger than 3000 bytes" in result.stderr, (
            result.stderr
        )
    # none readable now: their pages stay, and none is said to be rendered
    config.write_text(config.read_text(encoding="utf-8").replace("= 3000", "= 50"))
    result = run(invoke, archive, tmp_path / "out")
    assert "(0 rendered, 0 files written" in result.stdout, result.stdout
