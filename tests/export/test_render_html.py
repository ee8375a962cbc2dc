"""Export's HTML renderer (cmark-gfm plus the house touches) against markdown-it's rendering
of the same Markdown, the reference it replaced: the same HTML for everything a review uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewctl.export import markdown


def reference(source: str, doc_id: str | None = None) -> str:
    """markdown-it's HTML, with its figures (the renderer export used before cmark-gfm), and
    the heading ids both are given."""
    return markdown.heading_ids(markdown._render(source, None, 1, doc_id))


SAME = {
    "paragraphs and emphasis": "A *lede* with **strong** and `code`.\n\nSecond paragraph.\n",
    "figure captioned by its title": '![A cliff road](images/road.png "The road at dusk")\n',
    "figure captioned by its alt text": "![A cliff road at dusk](images/road.png)\n",
    "figure captioned by its alt's text": "![Poster \\[1\\] *x* & `c`](p.png)\n",
    "figure captioned by the next line": "![Road](images/road.png)\nThe road, *at dusk*.\n",
    "caption after a hard break": "![Road](images/road.png)  \nThe road.\n",
    "figure without a caption": "![](images/road.png)\n",
    "image inside text stays inline": "Look ![road](images/road.png) here.\n",
    "two images stay a paragraph": "![a](a.png)\n![b](b.png)\n",
    "linked image stays a paragraph": "[![a](a.png)](https://example.com/)\n",
    "image in a tight list": "- ![a](a.png)\n- text\n",
    "footnotes": "One[^1] and two[^note].\n\n[^1]: First.\n[^note]: Second, *with* emphasis.\n",
    "a footnote cited twice": "A[^a] b[^a] c[^b]\n\n[^a]: Note\n\n    more.\n[^b]: B.\n",
    "footnote labels that are no ids": "A[^my note] b[^x&y] c[^caf\u00e9]\n\n[^x&y]: X.\n[^caf\u00e9]: C.\n",
    "table with alignment": "| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
    "strikethrough": "It was ~~good~~ fine, not ~one~.\n",
    "raw HTML": '<div class="note">\n\n*Hi*\n\n</div>\n\nInline <kbd>Ctrl</kbd> key.\n',
    "bare URL": "See https://example.com/a_(b). Done.\n",
    "bare www and e-mail address": "Visit www.example.com or mail me@example.org today.\n",
    "refused link": "[a link](javascript:alert(3)) and [b](data:text/html,x)\n",
    "fenced code": "```python\nprint('<hi>')\n```\n",
    "the cut is a comment": "Lede.\n\n<!--more-->\n\nBody.\n",
    "headings": "## A heading\n\n### Another *one*\n",
}


@pytest.mark.parametrize("name", sorted(SAME))
def test_same_html_as_markdown_it(name: str) -> None:
    source = SAME[name]
    assert markdown.render(source) == reference(source)


def test_headings_get_the_ids_a_table_of_contents_links_to() -> None:
    """Hugo's, Jekyll's and GitHub's ids: ``](#we-by-yevgeny-zamyatin)`` leads to its heading;
    a repeated heading gets ``-1``, one named like a part of the page too."""
    html = markdown.render("## We by Yevgeny Zamyatin\n\n## Verdict\n\n## Verdict\n\n## More\n")
    assert '<h2 id="we-by-yevgeny-zamyatin">' in html
    assert '<h2 id="verdict">' in html and '<h2 id="verdict-1">' in html
    assert '<h2 id="more-1">' in html  # the cut's anchor is the page's "more"


@pytest.mark.parametrize(
    "own",
    [
        '<h2 id="story">Story</h2>',
        '<h2 ID="story">Story</h2>',
        "<h2\n  Id = 'story'>Story</h2>",
        '<p title="\u0130stanbul" id=story>x</p>',  # a letter whose lower case is longer
    ],
)
def test_an_id_the_author_wrote_is_never_given_again(own: str) -> None:
    html = markdown.render(f"{own}\n\n## Story\n")
    assert '<h2 id="story-1">Story</h2>' in html


def test_an_attribute_ending_in_id_is_no_id() -> None:
    html = markdown.render('<p data-uuid="story" valid="story">x</p>\n\n## Story\n')
    assert '<h2 id="story">Story</h2>' in html


@pytest.mark.parametrize(
    ("source", "published"),
    [
        ('<a href="FILE:///home/me/a.html">b</a>', False),
        ("[a](file:///home/me/a.md)", False),
        ('<img src="C:\\Users\\me\\a.png">', False),
        ('<img srcset="x.png 1x, C:/b.png 2x">', False),
        ("<img srcset='x.png 1x,d:%5Cb.png 2x'>", False),
        ('<a href="/home/me/notes.html">n</a>', False),
        # missing here too: root's home, a temporary folder, a Mac's temporary folder
        ("![shot](/root/Pictures/shot-that-is-not-here.png)", False),
        ("[notes](/root/notes-that-are-not-here.txt)", False),
        ('<img src="/tmp/screenshot-kit-not-here.png">', False),
        ("![w](/var/folders/xy/T/shot-not-here.png)", False),
        ("![w](/private/tmp/shot-not-here.png)", False),
        ("[other review](../film/other.md)", False),
        ("[site](https://example.com/a.html), [rel](//cdn.example.com/x.png), a = b, c:d", True),
    ],
)
def test_an_address_of_the_authors_files_is_never_published(source: str, published: bool) -> None:
    html = markdown.render(source + "\n")
    kept = re.findall(r"""(?:href|src|srcset)=["']([^"']*)""", html)
    assert bool(kept) is published, html


def test_no_two_headings_of_a_page_share_an_id(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The lede, the body and the footer are rendered apart, and a heading may be named like
    another's id ("Verdict 1") or carry its own: every id of the page is still one of a kind."""
    import re

    root = tmp_path / "a"
    (root / "reviews").mkdir(parents=True)
    (root / "reviewctl.toml").write_text("")
    (root / "reviews" / "a.md").write_text(
        "---\ntitle: Alpha\nmedium: anime\nstatus: published\ndate: 2024-01-01\n---\n"
        "## Verdict\n\nLede.\n\n<!--more-->\n\n## Verdict\n\n## Verdict 1\n\n## Verdict\n\n"
        '<h2 id="story">Story</h2>\n\n## Story\n'
    )
    assert invoke("export", root / "reviews", "--out", tmp_path / "out").exit_code == 0
    page = (tmp_path / "out" / "anime" / "a" / "index.html").read_text()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) and "verdict" in ids and "story-1" in ids


def test_footnote_ids_carry_the_part() -> None:
    source = SAME["a footnote cited twice"]
    html = markdown.render(source, doc_id="lede")
    assert html == reference(source, "lede")
    assert 'id="fnref-lede-1:1"' in html and 'id="fn-lede-2"' in html
    assert "data-footnote" not in html


def test_images_resolved_with_the_line_they_are_on() -> None:
    seen: list[tuple[str, int]] = []

    def resolve(src: str, line: int) -> str:
        seen.append((src, line))
        return f"copied/{src}"

    source = (
        "Intro.\n\n![One](one.png)\nCaption.\n\nText\n![two](two%20b.png) inline\n\n"
        '<p><img src="three.png"></p>\n'
    )
    html = markdown.render(source, resolve=resolve, first_line=10)
    assert seen == [("one.png", 12), ("two%20b.png", 16), ("three.png", 18)]
    assert '<figure><img src="copied/one.png" alt="One" />' in html
    assert '<img src="copied/two%20b.png"' in html and '<img src="copied/three.png">' in html


def test_rendering_keeps_no_memory() -> None:
    """cmarkgfm's own wrapper leaks ~33 KB a review; export's calls free what cmark made."""
    import resource

    source = "\n\n".join(SAME.values()).replace("www.", "").replace("@", "").replace(":", "")
    source *= 4  # ~6 KB, a review's length
    for _ in range(100):
        markdown.render(source)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    for _ in range(3000):
        markdown.render(source)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kib < 20_000  # a leak of ~33 KB a render would be ~100 MB


def test_plain_inline_text_renders_as_markdown_it_renders_it() -> None:
    """render_inline skips markdown-it for a line with nothing it could mark up; with
    anything it could, markdown-it renders it, so the two never differ."""
    import random

    from reviewctl import mdit
    from reviewctl.export.markdown import render_inline

    parser = mdit.parser()
    rng = random.Random(7)
    alphabet = [*"ab XY.,;:!?-#@%()/{}|'\t19éü*_[]<>&\"~\\`", "www.", "https://a.b", "\r", "\n"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        expected = parser.renderInline(text) if text.strip() else ""
        assert render_inline.__wrapped__(text) == expected, repr(text)


@pytest.mark.parametrize(
    ("cluster", "size"),
    [
        ("🇯🇵", 2),  # a flag: two regional indicators
        ("👍🏽", 2),  # an emoji and its skin tone
        ("e\u0301", 2),  # a letter and its accent, decomposed
        ("👩\u200d💻", 3),  # two emoji joined
        ("กิ", 2),  # a Thai letter and its vowel
        ("กำ", 2),  # and SARA AM, a letter that joins the one before it
        ("1\ufe0f\u20e3", 3),  # a keycap
    ],
)
def test_a_description_is_never_cut_inside_a_character_cluster(cluster: str, size: int) -> None:
    from reviewctl.export.markdown import summarize

    for before in range(196, 200):  # the cluster across the cut, wherever it falls
        text = "あ" * before + cluster + "い" * 20
        cut = summarize(text).removesuffix("…")
        at = cut.find(cluster[0])
        assert at == -1 or cut[at : at + size] == cluster, (before, cut[-4:])


@pytest.mark.parametrize(
    ("language", "locale"),
    [("pt-br", "pt_BR"), ("zh-Hant-TW", "zh_TW"), ("en-GB", "en_GB"), ("fr", ""), ("", "")],
)
def test_og_locale_is_open_graphs_form_or_none(language: str, locale: str) -> None:
    """Open Graph reads ll_TT; a language with no region has no locale it can read."""
    from reviewctl.export.themes import og_locale

    assert og_locale(language) == locale


@pytest.mark.parametrize(
    ("language", "direction"),
    [("ar", "rtl"), ("he-IL", "rtl"), ("ckb", "rtl"), ("pa-Arab", "rtl"), ("ar-Latn", "ltr"),
     ("ku", "ltr"), ("fr", "ltr"), ("", "ltr"), ("ar-u-nu-latn", "rtl"), ("he-x-mine", "rtl")],
)  # fmt: skip
def test_direction_follows_the_language_and_its_script(language: str, direction: str) -> None:
    from reviewctl.export.themes import direction as of

    assert of(language) == direction
