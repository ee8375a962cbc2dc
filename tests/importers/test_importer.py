"""The importer's edge cases: WordPress shapes, unsafe or broken XML, media, paths, writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reviewctl.config import load_config
from reviewctl.errors import InputError
from reviewctl.importers.wordpress import Action, Options, import_wordpress
from reviewctl.importers.wpcontent import to_markdown
from reviewctl.importers.wxr import read_export
from tests.importers.conftest import DATA, read, reviews

CUT = "<!--more-->"
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://blog.example</wp:base_site_url>
"""
TAIL = "</channel>\n</rss>\n"


def item(
    title: str,
    content: str = "Some text.",
    *,
    post_id: str = "1",
    status: str = "publish",
    post_type: str = "post",
    name: str | None = None,
    categories: tuple[str, ...] = (),
    date: str = "2024-05-01 10:00:00",
    date_gmt: str = "2024-05-01 09:00:00",
) -> str:
    terms = "".join(
        f'<category domain="category" nicename="{c.lower()}"><![CDATA[{c}]]></category>'
        for c in categories
    )
    slug = "" if name is None else name
    return f"""<item>
<title><![CDATA[{title}]]></title>
<dc:creator><![CDATA[writer]]></dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date>{date}</wp:post_date>
<wp:post_date_gmt>{date_gmt}</wp:post_date_gmt>
<wp:post_name><![CDATA[{slug}]]></wp:post_name>
<wp:status>{status}</wp:status>
<wp:post_type>{post_type}</wp:post_type>
{terms}
</item>
"""


def wxr(tmp_path: Path, *items: str, name: str = "export.xml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + "".join(items) + TAIL, encoding="utf-8")
    return path


# -- WordPress shapes -----------------------------------------------------------------------


def test_block_delimiters_go_and_more_becomes_the_cut() -> None:
    html = (
        "<!-- wp:paragraph -->\n<p>Lede.</p>\n<!-- /wp:paragraph -->\n\n"
        '<!-- wp:more {"customText":"Read on"} -->\n<!--more Read on-->\n<!--noteaser-->\n'
        "<!-- /wp:more -->\n\n<!-- wp:paragraph -->\n<p>Body.</p>\n<!-- /wp:paragraph -->"
    )
    assert to_markdown(html, cut=CUT).markdown == "Lede.\n\n<!--more-->\n\nBody.\n"


def test_the_cut_is_the_archives_marker() -> None:
    converted = to_markdown("Lede.\n<!--more-->\nBody.", cut="[[cut]]")
    assert converted.markdown == "Lede.\n\n[[cut]]\n\nBody.\n"


def test_classic_text_keeps_paragraphs_and_lines() -> None:
    text = (
        "First paragraph,\nstill the first.\n\n\nSecond <em>one</em>.\nLabel: https://x.example/a_b"
    )
    assert to_markdown(text, cut=CUT).markdown == (  # a line break WordPress shows: a hard one
        "First paragraph,  \nstill the first.\n\nSecond *one*.  \nLabel: https://x.example/a_b\n"
    )


def test_a_line_break_keeps_a_link_whole_and_a_br_is_one_break() -> None:
    """A support footer's lines end in a bare URL: the hard break after it is not part of
    the address; a ``<br />`` at the end of a line is one break, not two; and the lede keeps
    nothing of the break once the warning line below it is taken out at the cut."""
    from reviewctl.export.markdown import render

    text = (
        "The lede.\nSpoilers below the cut.\n<!--more-->\n\nLine one<br />\nLine two\n\n"
        "Please support: https://www.patreon.com/cz\nKo-fi: https://ko-fi.com/cz"
    )
    markdown = to_markdown(text, cut=CUT).markdown
    shown = render(markdown)
    assert 'href="https://www.patreon.com/cz"' in shown and "%5C" not in shown
    assert shown.count("<br") == 3  # the lede's, line one's and the footer's: one each
    assert "The lede.\\" not in markdown


def test_a_br_ending_a_paragraph_keeps_the_next_one_apart() -> None:
    markdown = to_markdown("First ends with a break<br />\n\nSecond.", cut=CUT).markdown
    assert "\n\nSecond." in markdown


def test_classic_text_next_to_html_blocks() -> None:
    # wpautop's rule: a block-level tag stands apart from the text around it
    text = (
        "Intro\n<ul>\n\t<li>one</li>\n\t<li>two\n<ol>\n\t<li>deep</li>\n</ol>\n</li>\n</ul>\nOutro"
    )
    assert to_markdown(text, cut=CUT).markdown == "Intro\n\n- one\n- two\n  1. deep\n\nOutro\n"


def test_caption_shortcode_becomes_a_captioned_image() -> None:
    text = (
        'Before.\n\n[caption id="attachment_7" align="alignnone" width="300"]'
        '<a href="https://blog.example/full.jpg"><img src="https://blog.example/small.jpg" '
        'alt="" width="300" height="200" /></a> Two people on a <em>bridge</em>[/caption]\n\nAfter.'
    )
    converted = to_markdown(text, cut=CUT)
    assert converted.markdown == (
        "Before.\n\n![Two people on a bridge](https://blog.example/small.jpg)\n\nAfter.\n"
    )
    assert converted.images == ["https://blog.example/small.jpg"]


def test_caption_attribute_form() -> None:
    text = '[caption caption="A harbour at dusk"]<img src="https://blog.example/h.jpg" />[/caption]'
    assert (
        to_markdown(text, cut=CUT).markdown == "![A harbour at dusk](https://blog.example/h.jpg)\n"
    )


def test_block_editor_figure_and_embed() -> None:
    html = (
        '<figure class="wp-block-image"><img src="https://blog.example/a.png" alt="x"/>'
        "<figcaption>The caption</figcaption></figure>\n"
        '<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=abc_123\n</div></figure>"
    )
    markdown = to_markdown("<!-- wp:image -->" + html, cut=CUT).markdown
    assert markdown == (  # the alt text kept, the caption the house's line under the image
        "![x](https://blog.example/a.png)\nThe caption\n\nhttps://www.youtube.com/watch?v=abc_123\n"
    )


def test_a_captioned_image_keeps_its_alt_text_apart_from_its_caption() -> None:
    """The alt text describes the picture for who cannot see it; the caption is shown under
    it: both survive, as the page WordPress showed had them."""
    from reviewctl.export.markdown import render

    text = (
        '[caption id="a" align="alignright"]<a href="big.jpg"><img src="x.jpg"'
        ' alt="Rouge and Naomi on Mars" /></a> From the left: Naomi[/caption]\n\nText'
    )
    markdown = to_markdown(text, cut=CUT).markdown
    assert markdown.startswith("![Rouge and Naomi on Mars](x.jpg)\nFrom the left: Naomi\n")
    shown = render(markdown)
    assert 'alt="Rouge and Naomi on Mars"' in shown
    assert "<figcaption>From the left: Naomi</figcaption>" in shown


def test_a_gallery_keeps_its_images_and_its_own_caption() -> None:
    html = (  # as WordPress's theme unit test data has it
        '<!-- wp:gallery -->\n<figure class="wp-block-gallery columns-3"><ul class="blocks-gallery'
        '-grid"><li class="blocks-gallery-item"><figure><a href="https://blog.example/a/">'
        '<img src="https://blog.example/a.png" alt="a"/></a><figcaption class="blocks-gallery-'
        'item__caption">First</figcaption></figure></li><li class="blocks-gallery-item"><figure>'
        '<a href="https://blog.example/b/"><img src="https://blog.example/b.png" alt="b"/></a>'
        '</figure></li></ul><figcaption class="blocks-gallery-caption"><em>Gallery</em> caption '
        "<strong>bold</strong></figcaption></figure>\n<!-- /wp:gallery -->"
    )
    markdown = to_markdown(html, cut=CUT).markdown
    assert "- ![a](https://blog.example/a.png)\n  First\n" in markdown  # in the list item
    assert "- ![b](https://blog.example/b.png)" in markdown
    assert markdown.index("a.png") < markdown.index("b.png") < markdown.index("Gallery")
    assert "*Gallery* caption **bold**" in markdown


def test_blocks_filled_in_when_shown_are_counted_by_name() -> None:
    html = (
        '<!-- wp:image {"id":12} --><figure class="wp-block-image"><img src="https://blog.example'
        '/a.png" alt="a"/></figure><!-- /wp:image -->\n<!-- wp:block {"ref":55} /-->\n'
        "<!-- wp:latest-posts /-->"
    )
    converted = to_markdown(html, cut=CUT)
    assert dict(converted.dynamic) == {"block": 1, "latest-posts": 1}
    assert "a.png" in converted.markdown


def test_embeds_stay_urls_and_other_shortcodes_are_counted() -> None:
    text = (
        "https://www.youtube.com/watch?v=abc_123\n\n[embed]https://vimeo.com/1[/embed]\n\n"
        '[gallery ids="1,2"] and [audio src="a.mp3"] and [sic] and [note]x[/note]'
    )
    converted = to_markdown(text, cut=CUT)
    assert converted.markdown == (
        "https://www.youtube.com/watch?v=abc_123\n\nhttps://vimeo.com/1\n\n"
        '[gallery ids="1,2"] and [audio src="a.mp3"] and [sic] and [note]x[/note]\n'
    )
    assert dict(converted.shortcodes) == {"gallery": 1, "audio": 1, "note": 1}


@pytest.mark.parametrize("editor", ["", "<!-- wp:paragraph -->"])
def test_escaped_markup_in_a_post_stays_text(editor: str) -> None:
    """What WordPress showed as "<script>" or "&copy;" (written escaped) is text in the
    Markdown too, never a tag or an entity; code keeps its "<" as it is."""
    from reviewctl.export.markdown import render

    html = (
        f"{editor}<p>Never &lt;script&gt;alert(1)&lt;/script&gt;, &lt;em&gt; &amp; &amp;copy;"
        " <code>&lt;vector&gt;</code> <tt>&lt;b&gt;</tt> <kbd>&lt;Ctrl&gt;</kbd></p>"
        "<h2>The plot &amp; the &lt;setting&gt;</h2>"
    )
    markdown = to_markdown(html, cut=CUT).markdown
    assert "<script>" not in markdown and "`<vector>`" in markdown
    shown = render(markdown)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown and "<em>" not in shown
    assert "&amp;copy;" in shown and "&lt;setting&gt;</h2>" in shown
    assert "<code>&lt;vector&gt;</code>" in shown and "<code>&lt;b&gt;</code>" in shown
    assert "<kbd>&lt;Ctrl&gt;</kbd>" in shown


_YOUTUBE = '<iframe src="https://www.youtube.com/embed/abc123" width="560"></iframe>'


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # superscript, subscript, abbreviations: "E = mc2" and "H2O" would say something else
        ('<p>E = mc<sup>2</sup>, H<sub>2</sub>O, <abbr title="Nasa">NASA</abbr></p>',
         'E = mc<sup>2</sup>, H<sub>2</sub>O, <abbr title="Nasa">NASA</abbr>\n'),
        # a quote's citation: as text, it would read as words of the quote
        ('<!-- wp:quote --><blockquote class="wp-block-quote"><p>Only one thing.</p>'
         "<cite>Mark Twain</cite></blockquote><!-- /wp:quote -->",
         "> Only one thing.\n>\n> <cite>Mark Twain</cite>\n"),
        # a heading a link of the post leads to keeps its id; other headings are Markdown
        ('<!-- wp:heading {"level":3} --><h3 class="wp-block-heading" id="verdict">Verdict'
         " &amp; score</h3><!-- /wp:heading --><!-- wp:paragraph --><p>See"
         ' <a href="#verdict">the verdict</a>.</p><!-- /wp:paragraph --><h2 id="x">Other</h2>',
         '<h3 class="wp-block-heading" id="verdict">Verdict &amp; score</h3>\n\n'
         "See [the verdict](#verdict).\n\n## Other\n"),
        # a countdown ("top 3"): Markdown would number it upwards; other lists are Markdown
        ('<!-- wp:list {"ordered":true,"reversed":true} --><ol reversed start="3"><li>Three</li>'
         "<li>Two</li><li>One</li></ol><!-- /wp:list --><ol><li>First</li></ol>",
         '<ol reversed start="3"><li>Three</li><li>Two</li><li>One</li></ol>\n\n1. First\n'),
        # ... but one in another list's item leaves that list whole
        ("<ol><li>Rewatched<ol reversed><li>Third</li><li>First</li></ol></li><li>Dropped</li></ol>",
         "1. Rewatched\n   1. Third\n   2. First\n2. Dropped\n"),
        # an embed's URL alone (WordPress embeds it again), its caption the paragraph after it
        ('<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc"} --><figure class="wp-block'
         '-embed is-type-video wp-block-embed-youtube"><div class="wp-block-embed__wrapper">\n'
         "https://www.youtube.com/watch?v=abc\n</div><figcaption>The *official* trailer"
         "</figcaption></figure><!-- /wp:embed --><p>After.</p>",
         "https://www.youtube.com/watch?v=abc\n\nThe \\*official\\* trailer\n\nAfter.\n"),
        # a player embedded by hand: never a link that reads "iframe"
        (f"<p>Watch:</p>{_YOUTUBE}<p>After.</p>", f"Watch:\n\n{_YOUTUBE}\n\nAfter.\n"),
    ],
)  # fmt: skip
def test_what_markdown_has_no_sign_for_stays_html(html: str, expected: str) -> None:
    assert to_markdown(html, cut=CUT).markdown == expected


@pytest.mark.parametrize("editor", ["", "<!-- wp:paragraph -->"])
def test_a_non_breaking_space_stays_one_and_a_spacer_paragraph_goes(editor: str) -> None:
    html = (
        f"{editor}<p>It runs 155&nbsp;min. Vraiment\xa0? A&#160;B &amp;nbsp; end&nbsp;</p>"
        "<p>&nbsp;</p><p>Next</p>"
    )
    markdown = to_markdown(html, cut=CUT).markdown
    assert markdown == "It runs 155\xa0min. Vraiment\xa0? A\xa0B &amp;nbsp; end\n\nNext\n"


def test_preformatted_text_keeps_its_blank_lines() -> None:
    markdown = to_markdown("Code:\n\n<pre>a\n\n  b</pre>", cut=CUT).markdown
    assert markdown == "Code:\n\n```\na\n\n  b\n```\n"


# -- reading the XML ------------------------------------------------------------------------


def test_entity_expansion_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "aaaaaaaaaa">\n'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<rss><channel>&b;</channel></rss>\n'
    )
    with pytest.raises(InputError) as caught:
        read_export(bomb)
    assert caught.value.line == 3 and "refused" in caught.value.message


def test_external_entities_are_refused(tmp_path: Path) -> None:
    evil = tmp_path / "evil.xml"
    evil.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        "<rss><channel><title>&x;</title></channel></rss>\n"
    )
    with pytest.raises(InputError, match="refused"):
        read_export(evil)


def test_truncated_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "cut-short.xml"
    path.write_text((HEAD + item("One"))[:-40], encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_export(path)
    assert "not valid XML" in caught.value.message and caught.value.line is not None


@pytest.mark.parametrize(
    "text",
    [
        "<html><body><p>hello</p></body></html>",
        '<?xml version="1.0"?><rss version="2.0"><channel><title>A feed</title>'
        "<item><title>x</title></item></channel></rss>",
        '<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'
        "<wp:wxr_version>abc</wp:wxr_version></channel></rss>",
    ],
    ids=["html", "plain-rss", "bad-version"],
)
def test_not_wxr_is_an_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "other.xml"
    path.write_text(text)
    with pytest.raises(InputError, match="not a WordPress export"):
        read_export(path)


def test_not_wxr_through_the_cli_writes_nothing(invoke: Any, archive: Path) -> None:
    path = archive / "feed.xml"
    path.write_text('<?xml version="1.0"?><rss><channel><item/></channel></rss>')
    result = invoke("import", "wordpress", path)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "feed.xml" in result.stderr
    assert not (archive / "reviews").exists()


# -- posts to reviews -----------------------------------------------------------------------


def test_medium_from_config_category_or_name_else_fallback(invoke: Any, archive: Path) -> None:
    source = wxr(
        archive,
        item("Movie Review: Salt Roads", post_id="1", categories=("Movies",)),
        item("Notes on Tidewright", post_id="2", categories=("game",)),
        item("A life update", post_id="3", categories=("Personal",)),
    )
    result = invoke("import", "wordpress", source, "--medium", "misc")
    assert result.exit_code == 0, result.output
    found = reviews(archive)
    film, _ = read(found["Movie Review: Salt Roads"])
    assert (film["medium"], film["work"], film["category"]) == ("film", "Salt Roads", "Movies")
    assert found["Movie Review: Salt Roads"].parent.name == "film"
    game, _ = read(found["Notes on Tidewright"])
    assert (game["medium"], game["work"]) == ("game", "Notes on Tidewright")  # no pattern match
    other, _ = read(found["A life update"])
    assert other["medium"] == "misc" and found["A life update"].parent.name == "misc"
    assert "1 posts had no category naming a medium" in result.output
    # 'misc' is no medium of the config: lint would report the post, and the summary says so
    assert "'misc' is not a medium of the archive's config" in result.output
    assert "[media.misc]" in result.output and "one of anime, book," in result.output
    lint = invoke("lint", "--select", "FM004", found["A life update"])
    assert lint.exit_code == 1 and "FM004" in lint.stdout
    again = invoke("import", "wordpress", source, "--medium", "game", "--into", archive)
    assert "not a medium of the archive's config" not in again.output


def test_book_reviews_do_not_take_the_blog_author(archive: Path) -> None:
    source = wxr(archive, item("Book Review: Quiet Harbours", categories=("Books",)))
    import_wordpress(load_config(archive), source)
    meta, _ = read(reviews(archive)["Book Review: Quiet Harbours"])
    assert meta["medium"] == "book" and "author" not in meta


def test_statuses_and_dates(archive: Path) -> None:
    source = wxr(
        archive,
        item("Published", post_id="1"),
        item("Pending", post_id="2", status="pending"),
        item("Unsaved draft", post_id="3", status="draft", date_gmt="0000-00-00 00:00:00"),
        item("Binned", post_id="4", status="trash"),
    )
    report = import_wordpress(load_config(archive), source)
    assert [s.reason for s in report.skipped] == ["status 'trash'"]
    found = {t: read(p)[0] for t, p in reviews(archive).items()}
    assert found["Published"]["status"] == "published" and "wp_status" not in found["Published"]
    assert (found["Pending"]["status"], found["Pending"]["wp_status"]) == ("draft", "pending")
    assert "date" in found["Pending"] and "date" not in found["Unsaved draft"]


def test_the_zone_and_the_comment_settings_are_kept(archive: Path) -> None:
    """A post's moment (its site's time and zone, from wp:post_date_gmt) and comments or
    pings closed (or, on a page, open), so a push to another site keeps them."""
    closed = item("Closed", post_id="1", date="2024-03-02 23:30:00", date_gmt="2024-03-03 04:30:00")
    closed = closed.replace(
        "</wp:post_type>",
        "</wp:post_type><wp:comment_status>closed</wp:comment_status>"
        "<wp:ping_status>closed</wp:ping_status>",
    )
    page = item("Open page", post_id="2", post_type="page").replace(
        "</wp:post_type>", "</wp:post_type><wp:comment_status>open</wp:comment_status>"
    )
    usual = item("Usual", post_id="3").replace(
        "</wp:post_type>", "</wp:post_type><wp:comment_status>open</wp:comment_status>"
    )
    import_wordpress(load_config(archive), wxr(archive, closed, page, usual), Options(pages=True))
    found = {t: read(p)[0] for t, p in reviews(archive).items()}
    moment = found["Closed"]["date"]
    assert moment.isoformat() == "2024-03-02T23:30:00-05:00"
    assert found["Closed"]["wp_comment_status"] == found["Closed"]["wp_ping_status"] == "closed"
    assert found["Open page"]["wp_comment_status"] == "open"
    assert "wp_comment_status" not in found["Usual"] and "wp_ping_status" not in found["Usual"]


def test_a_sticky_post_stays_sticky(archive: Path) -> None:
    """A post kept at the top of the front page says so, for push to keep it there."""
    sticky = item("Pinned", post_id="1").replace(
        "</wp:post_type>", "</wp:post_type><wp:is_sticky>1</wp:is_sticky>"
    )
    plain = item("Plain", post_id="2").replace(
        "</wp:post_type>", "</wp:post_type><wp:is_sticky>0</wp:is_sticky>"
    )
    import_wordpress(load_config(archive), wxr(archive, sticky, plain))
    found = {t: read(p)[0] for t, p in reviews(archive).items()}
    assert found["Pinned"]["wp_sticky"] is True and "wp_sticky" not in found["Plain"]


def test_password_protected_posts_become_drafts(invoke: Any, archive: Path) -> None:
    text = item("Members only").replace(
        "</item>", "<wp:post_password><![CDATA[hunter2]]></wp:post_password></item>"
    )
    result = invoke("import", "wordpress", wxr(archive, text))
    assert (
        result.exit_code == 0 and "1 password-protected posts imported as drafts" in result.output
    )
    path = reviews(archive)["Members only"]
    meta, _ = read(path)
    assert (meta["status"], meta["wp_status"]) == ("draft", "publish")
    assert "hunter2" not in path.read_text()


def test_a_broken_item_is_reported_and_the_rest_imported(invoke: Any, archive: Path) -> None:
    source = wxr(
        archive,
        item("Good one", post_id="1"),
        item("Bad id", post_id="x1"),
        item("Bad date", post_id="3", date="yesterday"),
        item("Good two", post_id="4"),
    )
    result = invoke("import", "wordpress", source)
    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert "export.xml:" in errors[0] and "'Bad id'" in errors[0]
    assert "'Bad date'" in errors[1]
    assert sorted(reviews(archive)) == ["Good one", "Good two"]


def test_same_slug_twice_gets_the_id(archive: Path) -> None:
    source = wxr(
        archive,
        item("Twin", post_id="5", name="twin"),
        item("Twin again", post_id="6", name="twin"),
    )
    report = import_wordpress(load_config(archive), source)
    assert [p.path.name for p in report.planned] == ["twin.md", "twin-6.md"]


def test_a_slug_wordpress_gave_a_duplicate_is_not_lost(invoke: Any, archive: Path) -> None:
    """WordPress names its own duplicates ``foo-2``…: a post already named ``foo-6`` and a
    second ``foo`` with id 6 get two files, and a second import (even with --force) keeps
    every post in its own file."""
    source = wxr(
        archive,
        item("Foo, part two", "Post C", post_id="7", name="foo-6"),
        item("Foo", "Post A", post_id="5", name="foo"),
        item("Foo", "Post B", post_id="6", name="foo"),
    )
    first = invoke("import", "wordpress", source)
    assert first.exit_code == 0, first.output
    assert first.stdout.count("wrote:") == 3 and "3 new" in first.stdout
    texts = {p.name: p.read_text(encoding="utf-8") for p in (archive / "reviews").rglob("*.md")}
    assert sorted(texts) == ["foo-6-2.md", "foo-6.md", "foo.md"]
    assert "Post C" in texts["foo-6.md"] and "Post B" in texts["foo-6-2.md"]
    again = invoke("import", "wordpress", source, "--force")
    assert again.exit_code == 0 and "3 unchanged" in again.stdout
    after = {p.name: p.read_text(encoding="utf-8") for p in (archive / "reviews").rglob("*.md")}
    assert after == texts


def test_a_review_that_cannot_be_written_is_not_reported_written(
    invoke: Any, archive: Path
) -> None:
    source = wxr(archive, item("Blocked", post_id="5", name="blocked"), item("Fine", post_id="6"))
    (archive / "reviews/other").mkdir(parents=True)
    (archive / "reviews/other/blocked.md").symlink_to("nowhere.md")  # read as absent
    result = invoke("import", "wordpress", source)
    assert result.exit_code == 2
    assert "wrote:" in result.stdout and "blocked.md" not in result.stdout
    assert "1 new" in result.stdout and "blocked.md" in result.stderr


def test_dry_run_writes_nothing(invoke: Any, archive: Path) -> None:
    source = wxr(archive, item("Only a plan"))
    result = invoke("import", "wordpress", source, "--dry-run")
    assert result.exit_code == 0
    assert "would write: reviews/other/only-a-plan.md" in result.output
    assert not (archive / "reviews").exists()


def test_a_post_keeps_its_file_across_imports(invoke: Any, archive: Path) -> None:
    """A post is its ``wp_id``: a draft published since (a new slug) stays in its file, and
    a page named like a post already imported never takes the post's file, --force or not."""
    first = wxr(
        archive,
        item("Work in progress", "Draft text", post_id="12", status="draft"),
        item("About", "The post", post_id="19", name="about"),
        name="first.xml",
    )
    assert invoke("import", "wordpress", first).exit_code == 0
    files = sorted(p.name for p in (archive / "reviews").rglob("*.md"))
    assert files == ["about.md", "work-in-progress.md"]
    later = wxr(
        archive,
        item("About me", "The page", post_id="20", name="about", post_type="page"),
        item("Work in progress", "Final text", post_id="12", name="wip-final"),
        item("Next draft", "Other draft", post_id="13", name="", status="draft"),
        item("About", "The post", post_id="19", name="about"),
        name="later.xml",
    )
    result = invoke("import", "wordpress", later, "--pages", "--force")
    assert result.exit_code == 0, result.output
    texts = {p.name: read(p) for p in (archive / "reviews").rglob("*.md")}
    ids = sorted((meta["wp_id"], name) for name, (meta, _) in texts.items())
    assert ids == [
        (12, "work-in-progress.md"),  # published since: updated in its own file
        (13, "next-draft.md"),
        (19, "about.md"),  # the post kept its file
        (20, "about-20.md"),  # the page took another name
    ]
    assert "Final text" in texts["work-in-progress.md"][1]
    assert "The post" in texts["about.md"][1]


def test_another_sites_post_with_the_same_id_is_another_post(invoke: Any, archive: Path) -> None:
    """WordPress ids are small numbers every blog reuses: an export of another site whose post
    17 has another title, slug and date takes a file of its own, --force or not; a file
    with a byte-order mark is read as any other."""
    first = wxr(archive, item("Top level foo", "Ours", post_id="17", name="top-level-foo"))
    assert invoke("import", "wordpress", first).exit_code == 0
    ours = archive / "reviews" / "other" / "top-level-foo.md"
    ours.write_bytes(b"\xef\xbb\xbf" + ours.read_bytes())
    before = ours.read_bytes()
    other = wxr(
        archive,
        item(
            "Dune Part Two review",
            "Theirs",
            post_id="17",
            name="dune-part-two",
            date="2025-03-01 10:00:00",
            date_gmt="2025-03-01 09:00:00",
        ),
        item("Hello", "Theirs too", post_id="18", name="top-level-foo"),
        name="other.xml",
    )
    result = invoke("import", "wordpress", other, "--force")
    assert result.exit_code == 0, result.output
    assert ours.read_bytes() == before
    names = sorted(p.name for p in (archive / "reviews" / "other").glob("*.md"))
    assert names == ["dune-part-two.md", "top-level-foo-18.md", "top-level-foo.md"]


def test_nothing_overwritten_without_force(invoke: Any, archive: Path) -> None:
    source = wxr(archive, item("Edited later"))
    assert invoke("import", "wordpress", source).exit_code == 0
    path = archive / "reviews" / "other" / "edited-later.md"
    path.write_text(path.read_text() + "\nMy own edit.\n")
    kept = invoke("import", "wordpress", source)
    assert kept.exit_code == 1 and "kept (differs; --force to overwrite)" in kept.output
    assert path.read_text().endswith("My own edit.\n")
    forced = invoke("import", "wordpress", source, "--force")
    assert forced.exit_code == 0 and "overwrote" in forced.output
    assert "My own edit." not in path.read_text()


def test_toml_front_matter(archive: Path) -> None:
    config = archive / "reviewctl.toml"
    config.write_text('front_matter = "toml"\n' + config.read_text())
    text = item("Anime Review: Tide Clock", categories=("Anime",))
    text = text.replace(
        "</item>",
        '<category domain="post_format" nicename="post-format-aside">Aside</category></item>',
    )
    report = import_wordpress(load_config(archive), wxr(archive, text))
    assert report.planned[0].action is Action.CREATE
    path = report.planned[0].path
    assert path.read_text().startswith("+++\n")
    meta, _ = read(path)
    assert meta["work"] == "Tide Clock" and meta["taxonomies"] == {"post_format": ["Aside"]}


def test_pages_only_when_asked(archive: Path) -> None:
    source = wxr(archive, item("A post", post_id="1"), item("About", post_id="2", post_type="page"))
    report = import_wordpress(load_config(archive), source, Options(dry_run=True))
    assert [p.title for p in report.planned] == ["A post"]
    assert [s.reason for s in report.skipped] == ["a page (use --pages to import pages)"]
    report = import_wordpress(load_config(archive), source, Options(dry_run=True, pages=True))
    assert [p.title for p in report.planned] == ["A post", "About"]


# -- a review stored the way the house's own blog stores one -----------------------------


def test_seed_shaped_review_is_the_same_review(invoke: Any, archive: Path) -> None:
    from reviewctl.parse import parse_review
    from reviewctl.structure import locate

    result = invoke("import", "wordpress", DATA / "review-post.xml", "--into", archive)
    assert result.exit_code == 0, result.output
    assert "1 attachments, 1 comments" in result.output
    path = archive / "reviews" / "anime" / "anime-review-harbour-lantern.md"
    meta, _ = read(path)
    assert meta["work"] == "Harbour Lantern" and meta["medium"] == "anime"
    assert meta["image"].endswith("/wren-and-ash.jpg") and meta["wp_id"] == 412

    lint = invoke("lint", path)
    assert lint.exit_code == 0, lint.output
    assert "All checks passed" in lint.output

    review = parse_review(path)
    parts = locate(review)
    assert parts.cut is not None and parts.warning is not None
    assert review.slice(parts.warning) == "Spoilers below the cut."
    assert [link.label for link in parts.links] == [
        "Please support my Patreon",
        "Buy me a coffee at Ko-Fi",
        "Watch my Live-Streams on",
        "Check out my Let's Plays at",
    ]
    assert [image.alt for image in parts.images] == [
        "Wren and Ash (from left) on the lighthouse stairs"
    ]

    shown = invoke("show", "--no-pager", "--width", "200", path)
    assert shown.exit_code == 0
    assert "an island where the fog decides who may leave" in shown.output
    assert "Wren keeps the last working lighthouse" not in shown.output
    assert (
        "Wren keeps the last working lighthouse"
        in invoke("show", "--no-pager", "--spoilers", "--width", "200", path).output
    )


def test_odd_characters_survive_the_front_matter(archive: Path) -> None:
    title = 'Film Review: "Quotes", colons: and \u0085NEL\u2028LS \u202eRTL\u202c 🚀 #1'
    report = import_wordpress(load_config(archive), wxr(archive, item(title)))
    meta, _ = read(report.planned[0].path)
    assert meta["title"] == title


def test_missing_export_and_archive_are_clean_errors(invoke: Any, archive: Path) -> None:
    missing = invoke("import", "wordpress", archive / "nope.xml")
    assert missing.exit_code == 2 and "nope.xml" in missing.stderr
    source = wxr(archive, item("Anything"))
    nowhere = invoke("import", "wordpress", source, "--into", archive / "no-such-archive")
    assert nowhere.exit_code == 2 and "no such archive folder" in nowhere.stderr
    assert not (archive / "reviews").exists()


@pytest.mark.parametrize(
    ("draft_key", "draft", "published"),
    [("draft", {"draft": True}, {"draft": False}), ("published", {"published": False}, {})],
)
def test_drafts_are_flagged_as_the_blog_flags_them(
    archive: Path, draft_key: str, draft: dict[str, bool], published: dict[str, bool]
) -> None:
    """Hugo publishes a file without ``draft: true`` whatever its ``status`` says, Jekyll one
    without ``published: false``: a draft, private or protected post must say it their way."""
    config = archive / "reviewctl.toml"
    config.write_text(f'draft_key = "{draft_key}"\n' + config.read_text())
    source = wxr(
        archive,
        item("Out", post_id="1"),
        item("Secret", post_id="2", status="private"),
        item("Unfinished", post_id="3", status="draft"),
    )
    import_wordpress(load_config(archive), source)
    found = {t: read(p)[0] for t, p in reviews(archive).items()}
    for title in ("Secret", "Unfinished"):
        assert "status" not in found[title]
        assert {k: found[title][k] for k in draft} == draft
    assert "status" not in found["Out"] and "wp_status" not in found["Out"]
    assert {k: found["Out"][k] for k in published} == published


def test_a_jekyll_posts_folder_gets_dated_names(archive: Path) -> None:
    """Jekyll publishes a ``_posts`` file only under a ``<date>-<slug>.md`` name."""
    config = archive / "reviewctl.toml"
    config.write_text(
        config.read_text().replace('reviews_dir = "reviews"', 'reviews_dir = "_posts"')
    )
    source = wxr(
        archive,
        item("Frieren", name="frieren"),
        item("Idea", post_id="2", status="draft", date_gmt="0000-00-00 00:00:00"),
    )
    import_wordpress(load_config(archive), source)
    names = sorted(p.name for p in (archive / "_posts").rglob("*.md"))
    assert names == ["2024-05-01-frieren.md", "idea.md"]


def test_the_authors_own_file_is_never_taken(invoke: Any, archive: Path) -> None:
    """A review the author wrote, named as a post's file would be, holds no post: the post
    takes another name, and --force replaces nothing."""
    mine = archive / "reviews" / "other" / "frieren.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("---\ntitle: My own draft\nstatus: draft\n---\nMine.\n")
    before = mine.read_bytes()
    source = wxr(archive, item("Frieren", "Imported", post_id="17", name="frieren"))
    for extra in ((), ("--force",)):
        result = invoke("import", "wordpress", source, *extra)
        assert result.exit_code == 0, result.output
        assert mine.read_bytes() == before
    assert read(archive / "reviews" / "other" / "frieren-17.md")[0]["wp_id"] == 17


def test_a_post_of_the_same_day_with_another_title_and_slug_is_another_post(
    invoke: Any, archive: Path
) -> None:
    first = wxr(archive, item("Frieren", "Ours", post_id="17", name="frieren"), name="a.xml")
    assert invoke("import", "wordpress", first).exit_code == 0
    ours = archive / "reviews" / "other" / "frieren.md"
    before = ours.read_bytes()
    other = wxr(archive, item("Dune", "Theirs", post_id="17", name="dune"), name="b.xml")
    result = invoke("import", "wordpress", other, "--force")
    assert result.exit_code == 0, result.output
    assert ours.read_bytes() == before
    assert "Theirs" in read(archive / "reviews" / "other" / "dune.md")[1]


def test_titles_and_terms_are_text_not_html(archive: Path) -> None:
    """WordPress keeps titles and term names as HTML: ``&amp;``, ``&#8211;``, ``<em>``."""
    text = item(
        "Anime Review: Kaguya-sama &amp; Love Is War &#8211; <em>Ultra</em>",
        categories=("Anime",),
    ).replace(
        "</item>",
        '<category domain="post_tag" nicename="rom-com"><![CDATA[Rom &amp; Com]]></category></item>',
    )
    import_wordpress(load_config(archive), wxr(archive, text))
    ((meta, _),) = (read(p) for p in reviews(archive).values())
    assert meta["title"] == "Anime Review: Kaguya-sama & Love Is War – Ultra"
    assert meta["work"] == "Kaguya-sama & Love Is War – Ultra"
    assert meta["tags"] == ["Rom & Com"]


def test_folded_text_stays_folded() -> None:
    """A spoiler folded in ``<details>`` is kept as it is, not unfolded into the lede."""
    folded = "<details><summary>Spoiler</summary><details>Inner.</details>Himmel dies.</details>"
    markdown = to_markdown(f"Quiet. {folded}\n\nSpoilers.", cut=CUT).markdown
    assert folded in markdown


@pytest.mark.parametrize("tail", ["", " & more"])  # plain text, and text the converter reads
def test_classic_lines_that_look_like_markdown_stay_text(tail: str) -> None:
    """A line of WordPress text is text: "# 1 …" is no heading, "> …" no quote, "1. …" no list
    item, "===" no heading underline, whether it starts a paragraph or follows a line break."""
    content = f"# of episodes: 12{tail}\n\nStudio: Madhouse\n# 1 of the year\n> not a quote\n1. first\n===\n- dash{tail}"
    markdown = to_markdown(content, cut=CUT).markdown
    assert markdown.splitlines() == [  # each line ends in a hard break, as WordPress shows it
        f"\\# of episodes: 12{tail}",
        "",
        "Studio: Madhouse  ",
        "\\# 1 of the year  ",
        "\\> not a quote  ",
        "1\\. first  ",
        "\\===  ",
        f"\\- dash{tail}",
    ]


def test_a_dry_run_with_force_shows_what_force_overwrites(invoke: Any, archive: Path) -> None:
    source = wxr(archive, item("Edited later"))
    assert invoke("import", "wordpress", source).exit_code == 0
    path = archive / "reviews" / "other" / "edited-later.md"
    path.write_text(path.read_text() + "\nMy own edit.\n")
    result = invoke("import", "wordpress", source, "--dry-run", "--force")
    assert result.exit_code == 0, result.output
    assert "would overwrite: reviews/other/edited-later.md" in result.output
    assert path.read_text().endswith("My own edit.\n")


def test_code_shortcodes_become_code_blocks() -> None:
    """SyntaxHighlighter's ``[code]`` holds code, not HTML: ``<vector>`` and blank lines stay."""
    content = (
        'Look:\n[code lang="cpp"]#include <vector>\nif (a &lt; b) {}\n\nreturn;[/code]\nAfter.'
    )
    converted = to_markdown(content, cut=CUT)
    assert "```cpp\n#include <vector>\nif (a < b) {}\n\nreturn;\n```" in converted.markdown
    assert converted.markdown.endswith("```\n\nAfter.\n") and not converted.shortcodes


def test_a_featured_image_the_export_lacks_is_reported(invoke: Any, archive: Path) -> None:
    text = item("Mushishi").replace(
        "</item>",
        "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
        "<wp:meta_value>761</wp:meta_value></wp:postmeta></item>",
    )
    result = invoke("import", "wordpress", wxr(archive, text))
    assert result.exit_code == 0, result.output
    assert (
        "note: 1 posts' featured images are not in the export "
        "(attachment 761 of reviews/other/mushishi.md)" in result.output
    )
    assert "image" not in read(archive / "reviews" / "other" / "mushishi.md")[0]


def test_reusable_blocks_and_block_footnotes_are_kept() -> None:
    """The export holds both: a reusable block's own post (``wp_block``) and the footnotes
    in the post's meta; neither is lost, and the footnote refers to its text."""
    content = (
        '<!-- wp:paragraph --><p>Quiet<sup data-fn="f1" class="fn"><a href="#f1" id="f1-link">'
        '1</a></sup>.</p><!-- /wp:paragraph -->\n<!-- wp:block {"ref":55} /-->\n'
        "<!-- wp:footnotes /-->"
    )
    blocks = {
        "55": "<!-- wp:paragraph --><p>Support me: https://ko-fi.com/me</p><!-- /wp:paragraph -->"
    }
    converted = to_markdown(
        content, cut=CUT, blocks=blocks, footnotes=[("f1", "Made by <em>Artland</em>.")]
    )
    assert converted.markdown == (
        "Quiet[^1].\n\nSupport me: https://ko-fi.com/me\n\n[^1]: Made by *Artland*.\n"
    )
    assert not converted.dynamic
    unknown = to_markdown('<!-- wp:block {"ref":9} /-->', cut=CUT, blocks=blocks)
    assert unknown.dynamic == {"block": 1}


def test_import_never_writes_through_a_reviews_folder_that_links_out(
    invoke: Any, archive: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Every reading command skips such a folder: the imported reviews would be invisible,
    written somewhere else."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (archive / "reviews").symlink_to(elsewhere)
    source = next(DATA.glob("*.xml"))
    result = invoke("import", "wordpress", source)
    assert result.exit_code == 2
    assert "the reviews folder links to a folder outside the archive" in result.stderr
    assert not any(elsewhere.iterdir())
