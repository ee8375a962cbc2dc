"""The site as a review blog: [site] settings, head metadata, JSON-LD, feed, sitemap,
pagination, 404, robots, draft previews, theme copy and the serve preview."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewctl.serve import Preview
from tests.conftest import Invoke

from .conftest import MARKER, png, write

SITE = """
[site]
title = "Kit Reads and Watches"
base_url = "https://kit.example.net/blog"
language = "en-GB"
description = "Reviews of small things."
per_page = 1
"""
HEAD = re.compile(r"<head>.*?</head>", re.S)
JSONLD = re.compile(r'<script type="application/ld\+json">\s*(.*?)\s*</script>', re.S)


def configure(archive: Path, extra: str = "") -> Path:
    toml = archive / "reviewctl.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + SITE + extra, encoding="utf-8")
    return archive


def build(archive: Path, out: Path, *args: str, invoke) -> Path:  # type: ignore[no-untyped-def]
    result = invoke("export", archive / "reviews", "--out", out, "--site", *args)
    assert result.exit_code == 0, result.output
    return out


# -- [site] settings ----------------------------------------------------------------------------


def test_every_bad_site_setting_is_reported_in_one_run(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """Six mistakes in ``[site]``: six lines, each with its setting, in one run, and a
    did-you-mean for a misspelt key, as in every other table."""
    toml = archive / "reviewctl.toml"
    toml.write_text(
        toml.read_text()
        + '[site]\ntitel = "x"\nbase_url = "ftp://x"\nlanguage = "english!"\nfeed = "summary"\n'
        + 'per_page = 0\n[site.item_types]\nanime = "not a type"\n'
    )
    result = invoke("export", archive / "reviews", "--out", tmp_path / "out", "--site")
    assert result.exit_code == 2
    for wanted in ("site.titel: unknown setting (did you mean 'title'?)", "site.base_url:",
                   "site.language:", "site.feed:", "site.per_page:", "item_types.anime:"):  # fmt: skip
        assert wanted in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[site]\nbogus = 1\n", "site.bogus: unknown setting"),
        ('[site]\nbase_url = "ftp://x"\n', "site.base_url: must start with https://"),
        ('[site]\nbase_url = "https://x.example/blog/index.html"\n', "must be the site's folder"),
        ('[site]\nbase_url = "https://x.example/?q=1"\n', "must be the site's folder"),
        ('[site]\nfeed = "summary"\n', "site.feed: must be 'lede' or 'full'"),
        ("[site]\nper_page = 0\n", "site.per_page: expected a whole number"),
        ('[site]\nlanguage = "english!"\n', "site.language: expected a language tag"),
        ('[site.item_types]\nanime = "not a type"\n', "item_types.anime: expected a schema.org"),
    ],
)
def test_bad_site_settings_are_one_line_errors(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, toml: str, message: str
) -> None:
    (archive / "reviewctl.toml").write_text(toml, encoding="utf-8")
    result = invoke("export", archive / "reviews", "--out", tmp_path / "out", "--site")
    assert result.exit_code == 2
    assert message in result.stderr and "reviewctl.toml:" in result.stderr
    assert "Traceback" not in result.output


def test_site_settings_reach_every_page(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert (
        '<html lang="en-GB" dir="ltr">' in index and "<title>Kit Reads and Watches</title>" in index
    )
    assert '<link rel="canonical" href="https://kit.example.net/blog/">' in index
    page = (out / "anime/paper-lighthouse/index.html").read_text(encoding="utf-8")
    url = "https://kit.example.net/blog/anime/paper-lighthouse/"
    assert f'<link rel="canonical" href="{url}">' in page
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:site_name" content="Kit Reads and Watches">' in page
    assert '<html lang="en-GB" dir="ltr">' in page  # the review has no language of its own
    # per_page = 1: two published reviews, two index pages linked both ways
    assert 'href="index-2.html" rel="next"' in index
    second = (out / "index-2.html").read_text(encoding="utf-8")
    assert 'href="index.html" rel="prev"' in second and "Salt and Static" in second
    assert "Salt and Static" not in index.split('class="latest"')[1].split("</section>")[0]


def test_without_base_url_links_stay_relative(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = build(archive, tmp_path / "out", invoke=invoke)
    page = (out / "anime/paper-lighthouse/index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page and "og:url" not in page
    assert not (out / "sitemap.xml").exists()  # the protocol wants absolute addresses
    assert (out / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    feed = (out / "feed.xml").read_text()
    assert 'href="anime/paper-lighthouse/index.html" rel="alternate" type="text/html"' in feed


def test_tags_told_apart_by_a_sign_get_pages_of_their_own(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = archive / "reviews/film/salt-and-static.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("tags: [drama]", 'tags: [drama, "C++", C, "C#"]')
    )
    out = build(archive, tmp_path / "out", invoke=invoke)
    for slug, name in (("c-plus-plus", "C++"), ("c", "C"), ("c-sharp", "C#")):
        page = (out / "tags" / slug / "index.html").read_text(encoding="utf-8")
        assert f"<h1>Tagged “{name}”</h1>" in page, slug
    index = (out / "tags/index.html").read_text(encoding="utf-8")
    assert "C++" in index and "C#" in index


def test_a_tag_lint_rejects_gets_no_page(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # FM004 reports a list or a table inside the tags (and true/false): export leaves them
    # out, where it made a page "Tagged “[1]”" of their text
    path = archive / "reviews/film/salt-and-static.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tags: [drama]", "tags: [drama, [1], {a: b}, true, 2024]"))
    out = build(archive, tmp_path / "out", invoke=invoke)
    tags = {p.name for p in (out / "tags").iterdir() if p.is_dir()}
    assert {"drama", "2024"} <= tags and not tags & {"1", "a-b", "a", "true", "yes"}, tags
    assert "[1]" not in (out / "tags/index.html").read_text(encoding="utf-8")


def test_a_reviews_own_language_reaches_its_card_and_its_line(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """On the site's pages in its own language, a review in another says so: the right
    voice for a screen reader, the right font, the right direction."""
    text = (archive / "reviews/film/salt-and-static.md").read_text(encoding="utf-8")
    write(
        archive / "reviews/film/arabic.md",
        text.replace("tags: [drama]", "tags: [drama]\nlang: ar").replace(
            "Salt and Static", "Arabic"
        ),
    )
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    # the index's pages (a page a card, as configure sets it)
    index = "".join(p.read_text(encoding="utf-8") for p in out.glob("index*.html"))
    assert re.search(r'<article class="card"[^>]* lang="ar" dir="rtl">', index)
    assert index.count(' lang="ar"') == 1  # the others speak the site's language
    tag = (out / "tags/drama/index.html").read_text(encoding="utf-8")
    assert '<li lang="ar" dir="rtl"><a href=' in tag


def test_a_tag_however_written_is_one_page_and_one_list_tag(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Café, cafe and a decomposed CAFÉ; ТОЛСТОЙ and толстой; İstanbul and istanbul: one
    page each on the site, and list --tag finds every review of it, however it is typed."""
    import unicodedata

    text = (archive / "reviews/film/salt-and-static.md").read_text(encoding="utf-8")
    spellings = [
        ("a", '["Café", "ТОЛСТОЙ", "İstanbul"]'),
        ("b", '["cafe", "толстой", "istanbul"]'),
        ("c", f'["{unicodedata.normalize("NFD", "CAFÉ")}"]'),
    ]
    for name, tags in spellings:
        write(
            archive / "reviews/film" / f"{name}.md",
            text.replace("tags: [drama]", f"tags: {tags}").replace("Salt and Static", name),
        )
    out = build(archive, tmp_path / "out", invoke=invoke)
    pages = {p.name for p in (out / "tags").iterdir() if p.is_dir()}
    assert {p for p in pages if p.startswith(("caf", "tolst", "istan"))} == {
        "cafe",
        "istanbul",
        next(p for p in pages if p.startswith("tolstoi-")),
    }
    for typed, count in (("cafe", 3), ("CAFÉ", 3), ("толстой", 2), ("İstanbul", 2)):
        listed = invoke("list", archive / "reviews", "--tag", typed, "--format", "json")
        assert len(json.loads(listed.stdout)) == count, typed


# -- head metadata and JSON-LD -------------------------------------------------------------------


def test_head_metadata_snapshot(invoke, archive: Path, tmp_path: Path, snapshot) -> None:  # type: ignore[no-untyped-def]
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    heads = {
        rel: HEAD.search((out / rel).read_text(encoding="utf-8")).group(0)  # type: ignore[union-attr]
        for rel in (
            "index.html",
            "index-2.html",
            "anime/index.html",
            "tags/fantasy/index.html",
            "404.html",
            "anime/paper-lighthouse/index.html",
            "film/salt-and-static/index.html",
        )
    }
    assert heads == snapshot


def test_review_jsonld_parses_into_a_review(
    invoke, archive: Path, tmp_path: Path, snapshot
) -> None:  # type: ignore[no-untyped-def]
    import extruct

    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    found = {}
    for rel in ("anime/paper-lighthouse/index.html", "film/salt-and-static/index.html"):
        data = extruct.extract(
            (out / rel).read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=True
        )["json-ld"]
        assert len(data) == 1
        review = data[0]
        assert review["@type"] == "Review"
        assert review["author"] == {"@type": "Person", "name": "Kit Marlowe"}
        rating = review["reviewRating"]
        assert rating["bestRating"] == 10 and rating["worstRating"] == 0
        assert review["itemReviewed"]["name"]
        found[rel] = review
    assert found["anime/paper-lighthouse/index.html"]["itemReviewed"]["@type"] == "TVSeries"
    assert found["film/salt-and-static/index.html"]["itemReviewed"]["@type"] == "Movie"
    assert found == snapshot


@pytest.mark.parametrize("rating", ["11", "-1"])
def test_a_rating_off_the_scale_is_no_rating_in_the_structured_data(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, rating: str
) -> None:
    path = archive / "reviews/film/salt-and-static.md"
    path.write_text(re.sub(r"(?m)^rating: .*$", f"rating: {rating}", path.read_text()))
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    page = (out / "film/salt-and-static/index.html").read_text(encoding="utf-8")
    assert '"@type": "Review"' in page and "reviewRating" not in page


def test_item_types_are_configurable(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = build(
        configure(archive, '\n[site.item_types]\nfilm = "Movie"\nanime = "CreativeWorkSeries"\n'),
        tmp_path / "out",
        invoke=invoke,
    )
    text = (out / "anime/paper-lighthouse/index.html").read_text(encoding="utf-8")
    data = json.loads(JSONLD.search(text).group(1))  # type: ignore[union-attr]
    assert data["itemReviewed"]["@type"] == "CreativeWorkSeries"


def test_the_authors_description_and_image_win(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = archive / "reviews/anime/paper-lighthouse.md"
    text = path.read_text(encoding="utf-8").replace(
        "rating: 8\n",
        'rating: 8\ndescription: "Couriers, {{< spoiler >}}lighthouses{{< /spoiler >}} and the sea."\n'
        "image: images/cliff-road.png\nstudio: Studio Gull\nepisodes: 12\n",
    )
    path.write_text(text, encoding="utf-8")
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    page = (out / "anime/paper-lighthouse/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="Couriers, lighthouses and the sea.">' in page
    image = "https://kit.example.net/blog/anime/paper-lighthouse/images/cliff-road.png"
    assert f'<meta property="og:image" content="{image}">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert "<dt>Studio</dt><dd>Studio Gull</dd>" in page and "<dt>Episodes</dt><dd>12</dd>" in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="cover" src="anime/paper-lighthouse/images/cliff-road.png"' in index


@pytest.mark.parametrize(
    "cover",
    [
        "cover: images/cliff-road.png",  # Pelican, remysharp.com
        "featuredImage: images/cliff-road.png",  # Hugo's LoveIt and FixIt themes
        "featured_image: images/cliff-road.png",
        "cover:\n  image: images/cliff-road.png\n  alt: A road",  # Hugo's PaperMod theme
        "extra:\n  image: {src: images/cliff-road.png, alt: Cover}",  # a Zola book page
    ],
)
def test_another_generators_cover_is_the_preview_and_the_card(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, cover: str
) -> None:
    path = archive / "reviews/anime/paper-lighthouse.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("rating: 8\n", f"rating: 8\n{cover}\n"),
        encoding="utf-8",
    )
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    page = (out / "anime/paper-lighthouse/index.html").read_text(encoding="utf-8")
    image = "https://kit.example.net/blog/anime/paper-lighthouse/images/cliff-road.png"
    assert f'<meta property="og:image" content="{image}">' in page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="cover" src="anime/paper-lighthouse/images/cliff-road.png"' in index


def test_a_remote_cover_is_linked_and_a_table_without_a_picture_is_none(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    path = archive / "reviews/anime/paper-lighthouse.md"
    remote = "https://covers.example.org/lighthouse.jpg"
    path.write_text(
        path.read_text(encoding="utf-8").replace("rating: 8\n", f"rating: 8\ncover: {remote}\n"),
        encoding="utf-8",
    )
    other = archive / "reviews/film/salt-and-static.md"  # alexwlchan's: a tint, no picture
    other.write_text(
        other.read_text(encoding="utf-8").replace("---\n", "---\ncover:\n  tint: '#636874'\n", 1),
        encoding="utf-8",
    )
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    page = (out / "anime/paper-lighthouse/index.html").read_text(encoding="utf-8")
    assert f'<meta property="og:image" content="{remote}">' in page
    assert f'class="cover" src="{remote}"' in (out / "index.html").read_text(encoding="utf-8")
    film = (out / "film/salt-and-static/index.html").read_text(encoding="utf-8")
    assert "og:image" not in film


def test_a_description_reads_as_the_lede_does_around_emphasis_and_links(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """No space before the comma after an italic title, nor in "**Herbert**!"; a paragraph
    or a line break still parts words."""
    path = archive / "reviews/anime/paper-lighthouse.md"
    text = path.read_text(encoding="utf-8")
    lede = text.split("---\n", 2)[2].split("\n\n", 1)[0]
    path.write_text(
        text.replace(
            lede, "I finally read *Dune*, and **Herbert**! It was [great](https://x.org/).  \nYes."
        ),
        encoding="utf-8",
    )
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    page = (out / "anime/paper-lighthouse/index.html").read_text(encoding="utf-8")
    want = "I finally read Dune, and Herbert! It was great. Yes."
    assert f'<meta name="description" content="{want}">' in page


def test_a_no_break_space_stays_in_the_description_feed_and_excerpt(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """French typography: « guillemets », "pas ?" and "Oui :" keep their no-break spaces."""
    lede = "Un film «\u202fétrange\u202f», pas\u202f? Oui\u00a0: beau."
    path = archive / "reviews/film/salt-and-static.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n---\n", 4) + 5
    path.write_text(text[:start] + lede + "\n\n" + text[start:], encoding="utf-8")
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    page = (out / "film/salt-and-static/index.html").read_text(encoding="utf-8")
    assert f'name="description" content="{lede}' in page
    assert lede in (out / "feed.xml").read_text(encoding="utf-8")
    wp = tmp_path / "wp"
    assert invoke("export", archive / "reviews", "-f", "wordpress", "--out", wp).exit_code == 0
    assert lede in (wp / "film/salt-and-static.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "opening", ["![](cover.png)", "![The cover](cover.png)", "[![](cover.png)](cover.png)"]
)
def test_a_review_with_no_cut_that_opens_with_a_picture_is_described_by_its_words(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, opening: str
) -> None:
    """The lede of a review with no cut is its first paragraph that says something: the
    picture above it goes with it, and the description, card and feed read its words."""
    folder = archive / "reviews/anime"
    (folder / "cover.png").write_bytes(png())
    write(
        folder / "nocut.md",
        '---\ntitle: "Anime Review: NoCut"\nwork: NoCut\nmedium: anime\nstatus: published\n'
        f"date: 2024-01-02\n---\n{opening}\n\nI just watched it and here is what I thought.\n\n"
        "More of it.\n",
    )
    out = build(archive, tmp_path / "out", invoke=invoke)
    page = (out / "anime/nocut/index.html").read_text(encoding="utf-8")
    assert 'name="description" content="I just watched it and here is what I thought.' in page
    assert "<summary>I just watched it" in (out / "feed.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("key", ["summary", "excerpt"])
def test_hugos_summary_and_jekylls_excerpt_are_the_description(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, key: str
) -> None:
    path = archive / "reviews/anime/paper-lighthouse.md"
    text = path.read_text(encoding="utf-8").replace(
        "rating: 8\n", f'rating: 8\n{key}: "A courier story by the sea."\n'
    )
    path.write_text(text, encoding="utf-8")
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    page = (out / "anime/paper-lighthouse/index.html").read_text(encoding="utf-8")
    assert '<meta name="description" content="A courier story by the sea.">' in page


def test_no_site_image_means_no_preview_image(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    for rel in ("index.html", "anime/index.html", "tags/index.html"):
        page = (out / rel).read_text(encoding="utf-8")
        assert "og:image" not in page and "summary_large_image" not in page, rel
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<meta name="twitter:card" content="summary">' in page


def test_an_image_below_the_cut_is_never_the_preview(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    page = (out / "anime/paper-lighthouse/index.html").read_text(encoding="utf-8")
    assert "og:image" not in page and "cliff-road" not in page.split("<body>")[0]
    assert "cliff-road" not in (out / "index.html").read_text(encoding="utf-8")


# -- feed ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", ["lede", "full"])
def test_feed_is_valid_atom_with_absolute_links(
    invoke, archive: Path, tmp_path: Path, mode: str
) -> None:  # type: ignore[no-untyped-def]
    import feedparser

    out = build(configure(archive, f'feed = "{mode}"\n'), tmp_path / "out", invoke=invoke)
    parsed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Kit Reads and Watches"
    rels = {(link.rel, link.type, link.href) for link in parsed.feed.links}
    assert ("self", "application/atom+xml", "https://kit.example.net/blog/feed.xml") in rels
    assert len(parsed.entries) == 2  # the draft is never in the feed
    for entry in parsed.entries:
        (link,) = entry.links
        assert link.rel == "alternate" and link.type == "text/html"
        assert link.href.startswith("https://kit.example.net/blog/") and link.href.endswith("/")
    lighthouse = next(e for e in parsed.entries if "Paper Lighthouse" in e.title)
    content = lighthouse.content[0].value
    assert "Twelve episodes" in content
    if mode == "lede":
        assert MARKER not in content and "Spoilers below the cut." not in content
    else:
        before, warning, after = re.split(r"<hr\s*/?>", content)  # feedparser writes <hr />
        assert MARKER not in before and MARKER not in warning and MARKER in after
        assert "<strong>Spoilers below the cut.</strong>" in warning
        # images below the cut resolve from the review's page (xml:base)
        assert lighthouse.content[0].base == "https://kit.example.net/blog/anime/paper-lighthouse/"


# -- sitemap, robots, 404 ------------------------------------------------------------------------


def test_sitemap_robots_and_404(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import xml.etree.ElementTree as ET

    out = build(configure(archive), tmp_path / "out", "--drafts", invoke=invoke)
    root = ET.parse(out / "sitemap.xml").getroot()
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locs = [u.findtext(f"{ns}loc") for u in root.iter(f"{ns}url")]
    assert "https://kit.example.net/blog/" in locs
    assert "https://kit.example.net/blog/anime/paper-lighthouse/" in locs
    assert not any("unfinished-business" in (loc or "") or "/game/" in (loc or "") for loc in locs)
    assert len(locs) == len(set(locs))
    robots = (out / "robots.txt").read_text()
    assert "Sitemap: https://kit.example.net/blog/sitemap.xml" in robots
    missing = (out / "404.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex">' in missing
    assert 'href="/blog/index.html"' in missing  # works at any depth


# -- cards ----------------------------------------------------------------------------------------


def test_lede_headings_are_demoted_on_cards(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = archive / "reviews/film/salt-and-static.md"
    text = path.read_text(encoding="utf-8").replace(
        "Salt and Static is a small", "# A big heading\n\nSalt and Static is a small"
    )
    path.write_text(text, encoding="utf-8")
    out = build(archive, tmp_path / "out", invoke=invoke)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<h4>A big heading</h4>" in index and "<h1>A big heading" not in index
    assert 'id="a-big-heading"' not in index  # cards share a page: no heading ids on them
    page = (out / "film/salt-and-static/index.html").read_text(encoding="utf-8")
    assert '<h1 id="a-big-heading">A big heading</h1>' in page  # the page itself keeps it


# -- theme copy ------------------------------------------------------------------------------------


def test_a_theme_file_linked_from_outside_is_refused(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A theme is published whole: a link in it to a file of this computer is refused."""
    secret = write(tmp_path / "secret.txt", "root:x:0:0\n")
    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "style.css").symlink_to(secret)
    result = invoke(
        "export", archive / "reviews", "--site", "--theme", theme, "--out", tmp_path / "o"
    )
    assert result.exit_code == 2 and "links to a file outside the theme folder" in result.stderr
    assert not any(
        "root:x" in p.read_text(errors="replace")
        for p in (tmp_path / "o").rglob("*")
        if p.is_file()
    )
    (theme / "style.css").unlink()
    (theme / "style.css").symlink_to(theme / "real.css")
    write(theme / "real.css", "body { color: teal; }\n")
    assert (
        invoke(
            "export", archive / "reviews", "--site", "--theme", theme, "--out", tmp_path / "p"
        ).exit_code
        == 0
    )


def test_theme_copy_among_the_reviews_is_refused_as_export_refuses_it(  # type: ignore[no-untyped-def]
    invoke, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(archive)
    for among in ("reviews/anime", "."):
        result = invoke("theme", "copy", among)
        assert result.exit_code == 2 and "the reviews are here" in result.stderr
        assert result.stderr.count("\n") == 1
    assert not (archive / "reviews/anime/base.html").exists()
    assert not (archive / "base.html").exists()
    beside = invoke("theme", "copy", "reviews/house-theme")  # a folder of its own, as export has it
    assert beside.exit_code == 0, beside.stderr
    assert (
        invoke("export", "--site", "--out", "site", "--theme", "reviews/house-theme").exit_code == 0
    )


def test_theme_copy_then_override_one_file(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    theme = tmp_path / "theme"
    result = invoke("theme", "copy", theme)
    assert result.exit_code == 0, result.output
    assert {"base.html", "review.html", "index.html", "style.css"} <= {
        p.name for p in theme.iterdir()
    }
    again = invoke("theme", "copy", theme)
    assert again.exit_code == 2 and "--force" in again.stderr
    # a theme with only a stylesheet: every template falls back to the default
    only_css = tmp_path / "only-css"
    write(only_css / "style.css", "body { color: rebeccapurple; }\n")
    out = build(archive, tmp_path / "out", "--theme", str(only_css), invoke=invoke)
    assert "rebeccapurple" in (out / "assets/style.css").read_text()
    assert "<title>Anime Review: The Paper Lighthouse</title>" in (
        out / "anime/paper-lighthouse/index.html"
    ).read_text(encoding="utf-8")


def test_a_site_image_the_site_does_not_have_is_warned_of(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    configure(archive, 'image = "assets/cover.png"\n')
    args = ("export", archive / "reviews", "--site")
    missing = invoke(*args, "--out", tmp_path / "a")
    assert missing.exit_code == 0
    assert "warning: [site] image 'assets/cover.png' is not a file of the site" in missing.stderr
    assert "put the picture at 'cover.png' in the theme folder" in missing.stderr  # not assets/
    theme = tmp_path / "theme"
    write(theme / "cover.png", "")
    (theme / "cover.png").write_bytes(png())
    themed = invoke(*args, "--out", tmp_path / "b", "--theme", str(theme))
    assert themed.exit_code == 0 and "[site] image" not in themed.stderr
    assert (tmp_path / "b" / "assets" / "cover.png").is_file()
    toml = archive / "reviewctl.toml"
    toml.write_text(toml.read_text().replace('"assets/cover.png"', '"https://x.example/c.png"'))
    remote = invoke(*args, "--out", tmp_path / "c")
    assert remote.exit_code == 0 and "[site] image" not in remote.stderr


@pytest.mark.parametrize(
    "image", ["/home/juniper/Pictures/cover.png", "file:///home/juniper/cover.png", "IMAGE"]
)
def test_a_site_image_on_this_computer_is_never_published(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, image: str
) -> None:
    """``[site] image`` naming a file of the author's (missing here, or here: IMAGE is an
    existing file outside the site) is left out of every page's preview, with a warning."""
    if image == "IMAGE":
        image = str(tmp_path / "secret-cover.png")
        (tmp_path / "secret-cover.png").write_bytes(png())
    configure(archive, f'image = "{image}"\n')
    out = tmp_path / "out"
    result = invoke("export", archive / "reviews", "--site", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert f"warning: [site] image {image!r} is a file of this computer" in result.stderr
    pages = [
        p.read_text(encoding="utf-8")
        for p in out.rglob("*")
        if p.is_file() and p.suffix in (".html", ".xml", ".json")
    ]
    assert pages and not any("juniper" in page or "secret-cover" in page for page in pages)


# -- serve --------------------------------------------------------------------------------------


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_serve_rebuilds_on_save_and_leaves_nothing(archive: Path) -> None:
    from reviewctl.serve import VERSION_PATH, Preview, running

    preview = Preview(archive / "reviews")
    first = preview.build()
    assert first.exported == 2 and first.held == 1  # the draft, said to be left out
    folder = preview.folder
    try:
        with running(preview) as (url, _stop):
            status, page = fetch(url + "anime/paper-lighthouse/")
            assert status == 200 and VERSION_PATH in page and "Paper Lighthouse" in page
            assert fetch(url + "nowhere/")[0] == 404
            path = archive / "reviews/anime/paper-lighthouse.md"
            time.sleep(0.3)  # the watcher has started
            path.write_text(
                path.read_text(encoding="utf-8").replace("quiet fantasy", "QUIET REWRITE"),
                encoding="utf-8",
            )
            deadline = time.monotonic() + 2
            while time.monotonic() < deadline:
                version = fetch(url + VERSION_PATH.lstrip("/"))[1]
                if version == "2" and "QUIET REWRITE" in fetch(url + "anime/paper-lighthouse/")[1]:
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the change did not show within 2 s")
        for served in (folder / "site").rglob("*.html"):
            assert VERSION_PATH not in served.read_text(encoding="utf-8")  # only on the wire
    finally:
        preview.close()
    assert not folder.exists()
    from reviewctl.index import Index

    with Index.open(archive) as index:
        assert index.export_state(str(folder / "site")) is None


def _until(check: Callable[[], bool], seconds: float = 3) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _saved(path: Path, old: str, new: str) -> None:
    """An editor's save: a new file renamed over the old one (a new inode)."""
    temporary = path.with_name(path.name + ".new")
    temporary.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.replace(temporary, path)


def test_serve_sees_every_save_of_the_config_and_a_reviews_folder_put_back(
    archive: Path, tmp_path: Path
) -> None:
    from reviewctl.serve import Preview, running

    preview = Preview(archive)
    assert preview.build().exported == 2
    config = archive / "reviewctl.toml"
    try:
        with running(preview) as (url, _stop):
            time.sleep(0.3)
            for n in (1, 2, 3):  # each a rename save: the watch survives them all
                before = config.read_text(encoding="utf-8")
                config.write_text(before + f"\n# save {n}\n", encoding="utf-8")
                _saved(config, f"# save {n}", f"# saved {n}")
                assert _until(lambda n=n: fetch(url + "__reviewctl__/version")[1] >= str(n + 1))
            reviews = archive / "reviews"
            shutil.move(reviews, tmp_path / "aside")
            time.sleep(0.5)
            shutil.move(tmp_path / "aside", reviews)
            page = reviews / "anime/paper-lighthouse.md"
            time.sleep(0.3)
            _saved(page, "quiet fantasy", "PUT BACK")
            assert _until(lambda: "PUT BACK" in fetch(url + "anime/paper-lighthouse/")[1])
    finally:
        preview.close()


def test_serve_answers_only_this_computer_and_a_long_path_is_a_404(archive: Path) -> None:
    from reviewctl.serve import Preview, running

    preview = Preview(archive / "reviews")
    preview.build()
    try:
        with running(preview) as (url, _stop):
            request = urllib.request.Request(url, headers={"Host": "rebound.example:8000"})
            try:
                urllib.request.urlopen(request, timeout=5)
                status = 200
            except urllib.error.HTTPError as exc:
                status = exc.code
            assert status == 403
            assert fetch(url + "a" * 300)[0] == 404
            for page in ("anime/paper-lighthouse/", "assets/style.css", "nowhere/"):
                got = urllib.request.urlopen(url + page, timeout=5) if page != "nowhere/" else None
                head = urllib.request.Request(url + page, method="HEAD")
                try:
                    answer = urllib.request.urlopen(head, timeout=5)
                    status, length = answer.status, answer.headers["Content-Length"]
                    body = answer.read()
                except urllib.error.HTTPError as exc:
                    status, length, body = exc.code, exc.headers["Content-Length"], exc.read()
                assert body == b"" and status == (404 if got is None else 200), page
                if got is not None:  # the same headers as GET gives
                    assert length == got.headers["Content-Length"], page
            assert (
                fetch(url.replace("127.0.0.1", "localhost") + "anime/paper-lighthouse/")[0] == 200
            )
    finally:
        preview.close()


def _themed_preview(archive: Path, theme: Path, written: str) -> Preview:
    """A built preview of ``archive`` whose config names the theme at ``theme`` as
    ``written``."""
    from reviewctl.serve import Preview

    write(theme / "style.css", "body { color: teal }\n")
    config = archive / "reviewctl.toml"
    config.write_text(f'theme = "{written}"\n' + config.read_text(encoding="utf-8"))
    preview = Preview(archive)
    assert not preview.build().error
    return preview


def test_an_edited_theme_replaces_its_old_self(archive: Path) -> None:
    """Each build after a theme edit compiles the theme anew; the old one is let go, so a long
    ``serve`` does not hold every version of the theme it built with."""
    import gc
    import weakref

    from reviewctl.export import page

    theme = archive / "themes/mine"
    preview = _themed_preview(archive, theme, "themes/mine")
    try:
        (first,) = [t for t in page._THEMES.values() if t.folder == theme]
        old = weakref.ref(first)
        del first
        write(theme / "style.css", "body { color: red }\n")
        assert not preview.build().error
        gc.collect()
        assert old() is None
    finally:
        preview.close()


def test_serve_rebuilds_for_no_change_in_git_the_index_or_a_generators_output(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nor for the archive index its own builds write, even kept inside the archive (a
    rebuild would follow every rebuild); a theme the config names counts wherever it is."""
    monkeypatch.setenv("REVIEWCTL_CACHE_DIR", str(archive / "cache"))
    preview = _themed_preview(archive, archive / "themes/mine", "themes/mine")
    try:
        root = archive.resolve()
        quiet = (".git/index", "node_modules/x/a.js", "_site/p.html", "public/p.html")
        more = ("vendor/bundle/g.rb", "dist/p.html", "cache/index-0123456789abcdef.sqlite-wal")
        for name in (*quiet, *more):
            assert not preview._relevant(None, str(root / name)), name
        for name in ("reviewctl.toml", "reviews/anime/x.md", "static/pic.jpg"):
            assert preview._relevant(None, str(root / name)), name
        assert preview._relevant(None, str(root / "themes/mine/style.css"))
        assert preview._relevant(None, str(root / "resources/cover.png"))  # a picture's folder
    finally:
        preview.close()


def test_serve_rebuilds_for_reviews_kept_in_a_folder_named_like_a_generators_output(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """royaljuggy keeps its posts in public/: the walker reads them, so a change there is
    the author's writing; public/ beside the reviews is still a generator's output."""
    monkeypatch.setenv("REVIEWCTL_CACHE_DIR", str(archive / "cache"))
    (archive / "reviews").rename(archive / "public")
    config = archive / "reviewctl.toml"
    config.write_text('reviews_dir = "public"\n' + config.read_text())
    preview = Preview(archive)
    try:
        assert not preview.build().error
        root = archive.resolve()
        assert preview._relevant(None, str(root / "public/anime/x.md"))
        assert not preview._relevant(None, str(root / "public/node_modules/x.md"))
        assert not preview._relevant(None, str(root / "dist/p.html"))
        # reviews kept at the archive's root: a generator's pages in public/ are not theirs
        config.write_text(config.read_text().replace('reviews_dir = "public"', 'reviews_dir = "."'))
        assert not preview.build().error
        assert preview._relevant(None, str(root / "public/anime/x.md"))
        assert not preview._relevant(None, str(root / "public/index.html"))
    finally:
        preview.close()


def test_serve_rebuilds_for_a_picture_a_page_shows_even_in_a_generators_output(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A picture kept in public/ (a generator's output, else left alone) that a review
    shows is the author's: its change rebuilds; another file there does not."""
    monkeypatch.setenv("REVIEWCTL_CACHE_DIR", str(archive / "cache"))
    (archive / "public").mkdir()
    (archive / "public" / "map.png").write_bytes(png())
    review = archive / "reviews" / "film" / "salt-and-static.md"
    review.write_text(review.read_text() + "\n![The map](../../public/map.png)\n")
    preview = Preview(archive)
    try:
        assert not preview.build().error
        root = archive.resolve()
        assert preview._relevant(None, str(root / "public" / "map.png"))
        assert not preview._relevant(None, str(root / "public" / "other.png"))
        review.write_text(review.read_text().replace("../../public/map.png", "none.png"))
        assert not preview.build().error  # no page shows it now
        assert not preview._relevant(None, str(root / "public" / "map.png"))
    finally:
        preview.close()


def test_serve_with_the_index_kept_above_the_archive_and_a_theme_beside_it(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index's folder holding the whole archive hides none of its changes, and a theme
    named with ../ is watched as the events name it."""
    monkeypatch.setenv("REVIEWCTL_CACHE_DIR", str(archive.parent))
    theme = archive.parent / "exttheme"
    preview = _themed_preview(archive, theme, "../exttheme")
    try:
        root = archive.resolve()
        assert preview._relevant(None, str(root / "reviews/anime/x.md"))
        index = archive.parent.resolve() / "index-0123456789abcdef.sqlite-wal"
        assert not preview._relevant(None, str(index))
        # a review named index-… kept where the index is, is a review
        assert preview._relevant(None, str(archive.parent.resolve() / "index-cards.md"))
        assert any(str(w) == str(theme.resolve()) for w in preview.watched())
        assert preview._relevant(None, str(theme.resolve() / "style.css"))
    finally:
        preview.close()


def test_a_failed_drafts_preview_leaves_no_draft_behind(
    invoke, archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A ``--drafts`` preview that stops after writing its pages (a full disk, say) removes
    the pages it added at once (a draft's own), keeps the home page it had, and the next run
    leaves no page naming a draft."""
    from reviewctl.export import run as export_run
    from reviewctl.export.output import ExportError

    def full(run: object) -> None:
        raise ExportError("no space left on device")

    out = build(archive, tmp_path / "out", invoke=invoke)
    clean = export_run._clean
    monkeypatch.setattr(export_run, "_clean", full)
    result = invoke("export", archive / "reviews", "--out", out, "--site", "--drafts")
    assert result.exit_code == 2 and "no space left" in result.stderr
    assert not (out / "game" / "unfinished-business" / "index.html").exists()
    assert (out / "index.html").is_file()  # the site's home page stays
    monkeypatch.setattr(export_run, "_clean", clean)  # the disk has room again
    assert build(archive, out, invoke=invoke) == out
    assert (out / "index.html").is_file()
    assert not [p for p in out.rglob("*") if p.is_file() and b"Unfinished" in p.read_bytes()]


def test_serve_stopped_by_sigterm_leaves_nothing(archive: Path, tmp_path: Path) -> None:
    """``timeout`` and ``kill`` send SIGTERM: the built site (drafts and all, with --drafts)
    is removed as on Ctrl-C."""
    import os
    import signal
    import subprocess
    import sys

    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    command = [sys.executable, "-m", "reviewctl", "serve", str(archive / "reviews"), "--port", "0"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert server.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = server.stdout.readline().decode()
            if line.startswith("serving ") or not line:
                break
        assert line.startswith("serving "), server.stderr.read() if server.stderr else ""
        assert any(temp.glob("reviewctl-serve-*"))
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    assert not any(temp.glob("reviewctl-serve-*"))


# -- rendering: linkify, embeds -------------------------------------------------------------------


def test_bare_urls_become_links(invoke, archive: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = archive / "reviews/film/salt-and-static.md"
    text = path.read_text(encoding="utf-8").replace(
        "The third act", "The script is at https://example.org/salt-script. The third act"
    )
    path.write_text(text, encoding="utf-8")
    out = build(archive, tmp_path / "out", invoke=invoke)
    page = (out / "film/salt-and-static/index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/salt-script">https://example.org/salt-script</a>.' in page


EMBEDS = """
<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4" title="Trailer" allowfullscreen></iframe>

<iframe src="https://tracker.example.com/widget" onload="steal()"></iframe>
"""


def test_safe_keeps_known_embeds_and_names_the_others(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = archive / "reviews/film/salt-and-static.md"
    text = path.read_text(encoding="utf-8").replace("The third act", EMBEDS + "\nThe third act")
    path.write_text(text, encoding="utf-8")
    line = (
        text.splitlines().index(
            '<iframe src="https://tracker.example.com/widget" onload="steal()"></iframe>'
        )
        + 1
    )
    result = invoke("export", archive / "reviews", "--out", tmp_path / "out", "--safe")
    assert result.exit_code == 0, result.output
    assert f"salt-and-static.md:{line}: embed not on the allow-list" in result.stderr
    assert "youtube" not in result.stderr
    page = (tmp_path / "out/film/salt-and-static/index.html").read_text(encoding="utf-8")
    assert 'src="https://www.youtube.com/embed/dQw4"' in page and 'title="Trailer"' in page
    assert "tracker.example.com" not in page and "steal" not in page
    # without --safe the author's HTML is theirs: nothing is removed, nothing said
    plain = invoke("export", archive / "reviews", "--out", tmp_path / "plain")
    assert "allow-list" not in plain.stderr
    assert "tracker.example.com" in (tmp_path / "plain/film/salt-and-static/index.html").read_text()


def test_show_panel_has_the_medium_facts(invoke, archive: Path) -> None:  # type: ignore[no-untyped-def]
    path = archive / "reviews/anime/paper-lighthouse.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("rating: 8\n", "rating: 8\nstudio: Studio Gull\n"),
        encoding="utf-8",
    )
    shown = invoke("show", path, "--width", "100").stdout
    assert re.search(r"Studio\s+Studio Gull", shown)
    assert "Episodes" not in shown  # a field the review leaves out is not shown


def test_serve_on_a_busy_port_says_so_before_building(  # type: ignore[no-untyped-def]
    invoke, archive: Path
) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = invoke("serve", archive / "reviews", "--port", str(port))
    assert result.exit_code == 2 and "cannot serve on 127.0.0.1" in result.stderr
    assert "build" not in result.stdout  # said at once, not after a whole build


def test_serve_with_a_broken_config_is_one_line_and_leaves_nothing(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    (archive / "reviewctl.toml").write_text("[site]\nfeed = 3\n", encoding="utf-8")
    result = invoke("serve", archive / "reviews", "--port", "0")
    assert result.exit_code == 2
    assert (
        result.stderr.strip().count("\n") == 0 and "site.feed: expected a string" in result.stderr
    )
    assert list(scratch.iterdir()) == []


def test_a_missing_preview_image_is_named_at_its_line(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = archive / "reviews/film/salt-and-static.md"
    text = path.read_text(encoding="utf-8").replace(
        "rating: 6.5\n", "rating: 6.5\nimage: gone.png\n"
    )
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("image: gone.png") + 1
    result = invoke("export", archive / "reviews", "--out", tmp_path / "out", "--site")
    assert f"salt-and-static.md:{line}: image not found, not copied: gone.png" in result.stderr
    page = (tmp_path / "out/film/salt-and-static/index.html").read_text(encoding="utf-8")
    assert "gone.png" not in page


@pytest.mark.parametrize("tail", ["", "Mail me@example.org", "See www.example.org"])
def test_missing_images_in_one_paragraph_are_named_at_their_own_lines(
    invoke, archive: Path, tmp_path: Path, tail: str
) -> None:  # type: ignore[no-untyped-def]
    """The same lines whichever renderer the paragraph takes (an address or a bare www.
    link sends it to markdown-it)."""
    path = archive / "reviews/film/salt-and-static.md"
    images = '![one](a.png)\n![two](b.png) <img src="c.png" alt="x"\nwidth="2">\n![four](d.png)'
    text = path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{images}\n{tail}\n"
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    result = invoke("export", archive / "reviews", "--out", tmp_path / "out")
    for name, marker in (("a", "![one]"), ("b", "![two]"), ("c", "<img"), ("d", "![four]")):
        line = next(n for n, text in enumerate(lines, 1) if marker in text)
        message = f"salt-and-static.md:{line}: image not found, not copied: {name}.png"
        assert message in result.stderr, (tail, name, result.stderr)


def test_review_pages_link_their_neighbours_and_follow_the_order(
    invoke: Invoke, examples: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    assert invoke("export", examples / "reviews", "--site", "--out", out).exit_code == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    order = re.findall(r'href="((?:anime|film|game|tv|book)/[^"]+/index\.html)"', index)
    order = list(dict.fromkeys(order))
    assert len(order) >= 3
    middle = (out / order[1]).read_text(encoding="utf-8")
    assert f'rel="prev" href="../../{order[0]}"' in middle
    assert f'rel="next" href="../../{order[2]}"' in middle
    first = (out / order[0]).read_text(encoding="utf-8")
    assert 'rel="prev"' not in first and f'rel="next" href="../../{order[1]}"' in first
    # a newer review: the old first page links to it, without being rendered again
    newest = (examples / "reviews" / "film" / "the-salt-archive.md").read_text(encoding="utf-8")
    today = dt.date.today().isoformat()  # the newest there is: a later one waits for its day
    newest = re.sub(r"(?m)^date: .*$", f"date: {today}", newest).replace(
        "The Salt Archive", "The Newest Archive"
    )
    (examples / "reviews" / "film" / "newest.md").write_text(newest, encoding="utf-8")
    result = invoke("export", examples / "reviews", "--site", "--out", out)
    assert result.exit_code == 0 and "1 rendered" in result.stdout
    first = (out / order[0]).read_text(encoding="utf-8")
    assert 'rel="prev" href="../../film/newest/index.html"' in first


def test_reviews_of_one_day_follow_their_time_of_day_in_any_zone(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """Newest first by the moment: 20:00 before 08:00 of the same day, a day alone as its
    midnight, and a time in another zone by the instant it names."""
    text = (archive / "reviews/film/salt-and-static.md").read_text(encoding="utf-8")
    dates = {
        "m": "2024-04-01T08:00:00+00:00",
        "n": "2024-04-01T20:00:00+00:00",
        "r": "2024-04-01",
        "p": "2024-03-06T02:00:00+09:00",  # 17:00 on the 5th in UTC
        "q": "2024-03-05T23:30:00-05:00",  # 04:30 on the 6th in UTC
    }
    for name, date in dates.items():
        write(
            archive / "reviews/film" / f"{name}.md",
            re.sub(r"(?m)^date: .*$", f"date: {date}", text).replace(
                "Salt and Static", f"Film {name}"
            ),
        )
    out = build(archive, tmp_path / "out", invoke=invoke)
    index = (out / "index.html").read_text(encoding="utf-8")
    order = [m for m in re.findall(r'href="film/(\w)/index\.html"', index)]
    assert list(dict.fromkeys(order)) == ["n", "m", "r", "q", "p"]
    assert 'rel="prev" href="../../film/n/index.html"' in (out / "film/m/index.html").read_text()


@pytest.mark.parametrize("forget", ["cache clear", "--no-cache"])
def test_force_into_a_folder_with_no_record_takes_the_drafts_preview_away(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, forget: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index forgot the folder (``cache clear``, or ``--no-cache`` runs): the refusal
    says to use --force, and the forced export leaves no page an earlier ``--drafts``
    preview wrote (the draft's page, the lists naming it), while the author's own files
    in the folder stay."""
    out = build(archive, tmp_path / "out", "--drafts", invoke=invoke)
    draft = out / "game" / "unfinished-business" / "index.html"
    assert draft.is_file()
    (out / "CNAME").write_text("kit.example.net\n")
    (out / "notes.html").write_text("<p>My own page.</p>\n")
    extra: tuple[str, ...] = ("--no-cache",) if forget == "--no-cache" else ()
    if forget == "cache clear":
        monkeypatch.chdir(archive)
        assert invoke("cache", "clear").exit_code == 0
    refused = invoke("export", archive / "reviews", "--out", out, "--site", *extra)
    assert refused.exit_code == 2 and "--force" in refused.stderr
    build(archive, out, "--force", *extra, invoke=invoke)
    assert not draft.exists() and not draft.parent.exists()
    assert not [p for p in out.rglob("*") if p.is_file() and b"Unfinished" in p.read_bytes()]
    assert (out / "CNAME").read_text() == "kit.example.net\n"
    assert (out / "notes.html").read_text() == "<p>My own page.</p>\n"


def test_two_sites_never_share_a_feed_id_and_entry_ids_never_change(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Two blogs online (each its base_url) have two feed ids; a review's entry id is the
    one it always had (from its path), whatever the base_url, so no reader sees it anew."""
    import re as regex

    first = build(configure(archive), tmp_path / "one", invoke=invoke)
    toml = archive / "reviewctl.toml"
    toml.write_text(toml.read_text().replace("kit.example.net/blog", "other.example.com"))
    second = build(archive, tmp_path / "two", invoke=invoke)

    def ids(out: Path) -> list[str]:
        return regex.findall(r"<id>([^<]+)</id>", (out / "feed.xml").read_text())

    feed_one, *entries_one = ids(first)
    feed_two, *entries_two = ids(second)
    assert feed_one != feed_two and entries_one == entries_two
    from reviewctl.export.feed import entry_id

    assert entry_id("anime/paper-lighthouse/index.html") in entries_one


def test_an_undated_or_misdated_review_is_warned_of_and_not_a_1970_feed_entry(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A published review with no date, or with one that is not a date, is exported with a
    warning naming its file and line, and the feed leaves it out rather than dating it 1970."""
    configure(archive)
    review = """---\ntitle: "Anime Review: {0}"\nwork: {0}\nmedium: anime\nstatus: published\n{1}---\n
A lede.\n"""
    write(archive / "reviews" / "undated.md", review.format("Undated", ""))
    write(archive / "reviews" / "misdated.md", review.format("Misdated", "date: 2026-13-45\n"))
    # a real day at an hour no clock shows: no date either, as lint's FM004 says
    late = review.format("Late", "date: 2024-01-01T25:00:00\n")
    write(archive / "reviews" / "late.md", late)
    result = invoke("export", archive / "reviews", "--out", tmp_path / "site", "--site")
    assert result.exit_code == 0, result.output
    assert "reviews/undated.md:1: no date: left out of the feed" in result.stderr
    assert (
        "reviews/misdated.md:6: date '2026-13-45' is not a real date: exported undated,"
        " and left out of the feed" in result.stderr
    )
    assert "reviews/late.md:6: date '2024-01-01T25:00:00' is not a real date" in result.stderr
    feed = (tmp_path / "site" / "feed.xml").read_text(encoding="utf-8")
    assert "1970" not in feed and "Undated" not in feed and "Misdated" not in feed
    assert "Late" not in feed
    assert "The Paper Lighthouse" in feed
    assert (tmp_path / "site" / "anime" / "undated" / "index.html").is_file()


def test_a_reviews_time_of_day_and_zone_reach_the_feed_and_its_publication(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A date with a time and a zone dates the feed entry to that moment, and a review is
    held back until its moment, not its day: one dated two hours ago where the day is
    already tomorrow is out; one dated three hours ahead today waits."""
    configure(archive)
    review = """---\ntitle: "Anime Review: {0}"\nwork: {0}\nmedium: anime\nstatus: published\ndate: {1}\n---\n
A lede.\n"""
    write(archive / "reviews" / "timed.md", review.format("Timed", "2024-03-04T23:30:00-08:00"))
    past = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).astimezone(
        dt.timezone(dt.timedelta(hours=14))
    )
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(hours=3)
    write(
        archive / "reviews" / "past.md", review.format("Past", past.isoformat(timespec="seconds"))
    )
    write(
        archive / "reviews" / "ahead.md",
        review.format("Ahead", ahead.isoformat(timespec="seconds")),
    )
    out = build(archive, tmp_path / "site", invoke=invoke)
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert "<published>2024-03-04T23:30:00-08:00</published>" in feed
    assert (out / "anime" / "past" / "index.html").is_file() and "Anime Review: Past" in feed
    assert not (out / "anime" / "ahead").exists() and "Ahead" not in feed


def test_a_tag_is_named_as_most_of_its_reviews_write_it(
    invoke, archive: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Three reviews tagged "Film and TV" and one, the newest, "Film And TV" share a page,
    headed with the spelling most of them use."""
    film = archive / "reviews/film"
    text = (film / "salt-and-static.md").read_text(encoding="utf-8")
    for n, tag in enumerate(("Film and TV", "Film and TV", "Film and TV", "Film And TV")):
        changed = text.replace("tags: [drama]", f"tags: [{tag}]").replace(
            "2024-11-02", f"2024-11-0{n + 3}"
        )
        (film / f"review-{n}.md").write_text(
            changed.replace("Salt and Static", f"Review {n}"), encoding="utf-8"
        )
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    page = (out / "tags/film-and-tv/index.html").read_text(encoding="utf-8")
    assert "Tagged \u201cFilm and TV\u201d" in page


def test_pictures_from_a_generators_static_and_content_folders(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path
) -> None:
    """Zola resolves a page's cover from content/ (KvGeijer's books), Hugo and Zola serve
    static/ at the site's root: the export finds them there."""
    root = tmp_path / "blog"
    write(
        root / "reviewctl.toml",
        'reviews_dir = "content"\n[site]\nbase_url = "https://b.example/"\n',
    )
    write(
        root / "content" / "books" / "rama" / "index.md",
        '+++\ntitle = "Rama"\n[extra]\nimage = { src = "books/rama/cover.png", alt = "Cover" }\n'
        "+++\n\nA book. ![Map](/images/map.png)\n",
    )
    (root / "content" / "books" / "rama" / "cover.png").write_bytes(png())
    (root / "static" / "images").mkdir(parents=True)
    (root / "static" / "images" / "map.png").write_bytes(png())
    result = invoke("export", root / "content", "--out", tmp_path / "out")
    assert result.exit_code == 0 and "not found" not in result.stderr, result.stderr
    page = (tmp_path / "out" / "other" / "rama" / "index.html").read_text(encoding="utf-8")
    cover = "https://b.example/other/rama/books/rama/cover.png"
    assert f'<meta property="og:image" content="{cover}">' in page
    assert (tmp_path / "out" / "other" / "rama" / "images" / "map.png").is_file()


@pytest.mark.parametrize(("medium", "portrait"), [("anime", False), ("book", True)])
def test_a_books_cover_stands_upright_on_its_card(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path, medium: str, portrait: bool
) -> None:
    path = archive / "reviews/anime/paper-lighthouse.md"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("rating: 8\n", "rating: 8\nimage: images/cliff-road.png\n")
        .replace("medium: anime", f"medium: {medium}"),
        encoding="utf-8",
    )
    out = build(configure(archive), tmp_path / "out", invoke=invoke)
    card = re.search(r'<img class="cover[^>]*>', (out / "index.html").read_text(encoding="utf-8"))
    assert card is not None and ('class="cover portrait"' in card.group(0)) is portrait
    assert ('width="96" height="144"' in card.group(0)) is portrait


def test_a_cover_that_is_a_file_of_this_computer_is_no_preview(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    private = tmp_path / "home" / "me.png"
    private.parent.mkdir()
    private.write_bytes(png())
    path = archive / "reviews/anime/paper-lighthouse.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("rating: 8\n", f"rating: 8\ncover: {private}\n"),
        encoding="utf-8",
    )
    result = invoke("export", archive / "reviews", "--site", "--out", tmp_path / "out")
    assert result.exit_code == 0 and "a file on this computer" in result.stderr
    page = (tmp_path / "out" / "anime/paper-lighthouse/index.html").read_text(encoding="utf-8")
    assert "og:image" not in page and str(private) not in page
    assert 'class="cover"' not in (tmp_path / "out" / "index.html").read_text(encoding="utf-8")


def test_pelicans_placeholders_lead_into_its_content_folder(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path
) -> None:
    """eevee's and griphiam's Pelican posts: ``{static}/images/x.png`` and
    ``{filename}/posts/b.md`` (``|filename|`` in old posts) name files of content/."""
    root = tmp_path / "blog"
    write(root / "reviewctl.toml", 'reviews_dir = "content"\n')
    write(root / "content" / "posts" / "b.md", "---\ntitle: B\n---\n\nBee.\n")
    write(
        root / "content" / "posts" / "a.md",
        "---\ntitle: A\n---\n\nSee [b]({filename}/posts/b.md), [c](|filename|/posts/b.md).\n\n"
        "![A map]({static}/images/map.png)\n",
    )
    (root / "content" / "images").mkdir()
    (root / "content" / "images" / "map.png").write_bytes(png())
    result = invoke("export", root / "content", "--out", tmp_path / "out")
    assert result.exit_code == 0 and "not found" not in result.stderr, result.stderr
    page = (tmp_path / "out" / "other" / "a" / "index.html").read_text(encoding="utf-8")
    assert page.count('href="../../other/b/index.html"') == 2
    assert (tmp_path / "out" / "other" / "a" / "images" / "map.png").is_file()


def test_a_page_of_the_blog_is_its_own_page_and_in_no_list(  # type: ignore[no-untyped-def]
    invoke, archive: Path, tmp_path: Path
) -> None:
    """A page (``type: page``, as import wordpress --pages writes it): its page and its place
    in the sitemap, but no card, tag, feed entry or Newer/Older link; the same whether
    exported afresh or after an export of the site without it."""
    about = (
        "---\ntitle: About QUIXABOUT\nwork: About\nmedium: film\nstatus: published\n"
        "date: 2030-01-01\ntags: [drama]\ntype: page\n---\n\nWho writes here.\n"
    )
    configure(archive)
    again = build(archive, tmp_path / "again", invoke=invoke)
    (archive / "reviews/film/about.md").write_text(about.replace("2030", "2024"))
    fresh = build(archive, tmp_path / "fresh", invoke=invoke)
    build(archive, again, invoke=invoke)
    for out in (fresh, again):
        assert "QUIXABOUT" in (out / "film/about/index.html").read_text()
        listed = [p for p in out.rglob("*.html") if "about" not in p.parts]
        listed += [out / "feed.xml"]
        assert not any("QUIXABOUT" in p.read_text() for p in listed)
        assert not any("film/about/" in p.read_text() for p in listed)  # no link to it
        assert "film/about/" in (out / "sitemap.xml").read_text()

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    assert files(fresh) == files(again)
