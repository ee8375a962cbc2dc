"""The block serialiser: each Markdown block becomes the block the editor would save."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reviewctl.export.blocks import comment_attrs, serialize

from .conftest import freeform, names

Parse = Callable[[str], list[dict[str, Any]]]


def test_paragraph_and_inline_markup() -> None:
    out = serialize("Some *emphasis*, **strong** and [a link](https://example.org).")
    assert out == (
        "<!-- wp:paragraph -->\n"
        '<p>Some <em>emphasis</em>, <strong>strong</strong> and <a href="https://example.org">a link</a>.</p>\n'
        "<!-- /wp:paragraph -->"
    )


def test_headings_say_their_level_unless_it_is_two() -> None:
    assert serialize("## Verdict") == (
        '<!-- wp:heading -->\n<h2 class="wp-block-heading">Verdict</h2>\n<!-- /wp:heading -->'
    )
    assert serialize("### Cast") == (
        '<!-- wp:heading {"level":3} -->\n<h3 class="wp-block-heading">Cast</h3>\n'
        "<!-- /wp:heading -->"
    )


def test_lists_hold_list_items_and_nest() -> None:
    out = serialize("- one\n- two\n  1. inner\n")
    assert out == (
        '<!-- wp:list -->\n<ul class="wp-block-list"><!-- wp:list-item -->\n<li>one</li>\n'
        "<!-- /wp:list-item -->\n\n<!-- wp:list-item -->\n<li>two"
        '<!-- wp:list {"ordered":true} -->\n<ol class="wp-block-list"><!-- wp:list-item -->\n'
        "<li>inner</li>\n<!-- /wp:list-item --></ol>\n<!-- /wp:list --></li>\n"
        "<!-- /wp:list-item --></ul>\n<!-- /wp:list -->"
    )


def test_ordered_list_keeps_its_start() -> None:
    out = serialize("3. three\n4. four\n")
    assert out.startswith('<!-- wp:list {"ordered":true,"start":3} -->\n<ol start="3" class=')


def test_list_item_with_more_than_text_keeps_the_list_as_html() -> None:
    out = serialize("- item\n\n  ```\n  code\n  ```\n")
    assert out.startswith("<!-- wp:html -->\n<ul>")


def test_quote_holds_blocks() -> None:
    out = serialize("> A line.\n>\n> ## Not a heading in real life\n")
    assert out.startswith(
        '<!-- wp:quote -->\n<blockquote class="wp-block-quote"><!-- wp:paragraph -->\n'
        "<p>A line.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:heading -->"
    )
    assert out.endswith("</blockquote>\n<!-- /wp:quote -->")


def test_table_with_alignment() -> None:
    out = serialize("| Aspect | Score |\n|:--|--:|\n| Story | 9 |\n")
    assert out == (
        '<!-- wp:table {"hasFixedLayout":false} -->\n<figure class="wp-block-table"><table>'
        '<thead><tr><th class="has-text-align-left" data-align="left">Aspect</th>'
        '<th class="has-text-align-right" data-align="right">Score</th></tr></thead>'
        '<tbody><tr><td class="has-text-align-left" data-align="left">Story</td>'
        '<td class="has-text-align-right" data-align="right">9</td></tr></tbody></table>'
        "</figure>\n<!-- /wp:table -->"
    )


def test_code_is_escaped() -> None:
    out = serialize("```python\nif a < b:\n    pass\n```\n")
    assert out == (
        '<!-- wp:code -->\n<pre class="wp-block-code"><code>if a &lt; b:\n    pass</code></pre>\n'
        "<!-- /wp:code -->"
    )


def test_separator_more_and_raw_html() -> None:
    out = serialize('---\n\n<!--more-->\n\n<div class="box">raw</div>\n\n<!--nextpage-->\n')
    assert out.split("\n\n") == [
        '<!-- wp:separator -->\n<hr class="wp-block-separator has-alpha-channel-opacity"/>\n'
        "<!-- /wp:separator -->",
        "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->",
        '<!-- wp:html -->\n<div class="box">raw</div>\n<!-- /wp:html -->',
        "<!-- wp:nextpage -->\n<!--nextpage-->\n<!-- /wp:nextpage -->",
    ]


def test_a_lone_shortcode_is_a_shortcode_block_as_written() -> None:
    """WordPress parses a shortcode's attributes from the text as written: ``&quot;`` or a
    link made of its URL would break it."""
    out = serialize('[gallery columns=2 ids="770,771"]\n\n[audio https://example.org/a.mp3]\n')
    assert out.split("\n\n") == [
        '<!-- wp:shortcode -->\n[gallery columns=2 ids="770,771"]\n<!-- /wp:shortcode -->',
        "<!-- wp:shortcode -->\n[audio https://example.org/a.mp3]\n<!-- /wp:shortcode -->",
    ]
    inline = serialize('See [gallery ids="1"] here.\n')  # inside a sentence: a paragraph
    assert inline.startswith("<!-- wp:paragraph -->")
    link = serialize("[the official site]\n\n[the official site]: https://example.org/\n")
    assert link.startswith("<!-- wp:paragraph -->") and 'href="https://example.org/"' in link


def test_image_with_caption_and_media_id() -> None:
    src = "https://blog.example/wp-content/uploads/ferry.png"
    out = serialize(
        "![The ferry](ferry.png)\nThe night ferry\n", resolve=lambda s, n: src, media={src: 42}
    )
    assert out == (
        '<!-- wp:image {"id":42} -->\n<figure class="wp-block-image">'
        f'<img src="{src}" alt="The ferry" class="wp-image-42"/>'
        '<figcaption class="wp-element-caption">The night ferry</figcaption></figure>\n'
        "<!-- /wp:image -->"
    )


def test_image_without_media_id() -> None:
    out = serialize('![A "quote" & more](https://elsewhere.example/a.png)')
    assert out.startswith("<!-- wp:image -->\n")
    assert 'alt="A &quot;quote&quot; &amp; more"' in out


def test_lone_video_url_is_an_embed_and_other_urls_stay_text() -> None:
    url = "https://www.youtube.com/watch?v=abcdefghijk"
    out = serialize(url)
    attrs = {"url": url, "type": "video", "providerNameSlug": "youtube"}
    assert out == (
        f"<!-- wp:embed {json.dumps(attrs, separators=(',', ':'))} -->\n"
        '<figure class="wp-block-embed is-type-video is-provider-youtube wp-block-embed-youtube">'
        f'<div class="wp-block-embed__wrapper">\n{url}\n</div></figure>\n<!-- /wp:embed -->'
    )
    assert serialize("https://www.youtube.com/@SomeChannel").startswith("<!-- wp:paragraph")
    assert serialize("See https://vimeo.com/12345 now").startswith("<!-- wp:paragraph")


@pytest.mark.parametrize(
    ("url", "provider", "kind"),
    [
        ("https://twitter.com/WordPress/status/1234567890", "twitter", "rich"),
        ("https://x.com/WordPress/status/1234567890", "twitter", "rich"),
        ("https://wordpress.tv/2024/01/02/a-talk/", "wordpress-tv", "video"),
        ("https://www.instagram.com/p/AbC123/", "instagram", "rich"),
        ("https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQC", "spotify", "rich"),
    ],
)
def test_a_lone_url_wordpress_embeds_is_an_embed_block(url: str, provider: str, kind: str) -> None:
    """A post, a talk or a track alone in a paragraph (as the import writes an embed) goes
    back as the embed WordPress showed, not a link."""
    out = serialize(url)
    assert out.startswith(
        f'<!-- wp:embed {{"url":"{url}","type":"{kind}","providerNameSlug":"{provider}"}}'
    )
    assert f"is-type-{kind} is-provider-{provider} wp-block-embed-{provider}" in out
    assert serialize("https://twitter.com/WordPress").startswith("<!-- wp:paragraph")


def test_comment_attributes_escape_what_would_end_the_comment() -> None:
    assert comment_attrs({"className": 'a--b <c> & "d"'}) == (
        ' {"className":"a\\u002d\\u002db \\u003cc\\u003e \\u0026 \\u0022d\\u0022"}'
    )
    assert json.loads(comment_attrs({"x": "--><script>"})) == {"x": "--><script>"}


def test_safe_cleans_raw_html() -> None:
    out = serialize('<script>alert(1)</script>\n\nText <img src=x onerror="alert(1)">', clean=_nh3)
    assert "script" not in out and "onerror" not in out


def _nh3(text: str) -> str:
    from reviewctl.export.html import sanitize

    return sanitize(text)


ALL_KINDS = """\
A paragraph with *emphasis* and a footnote.[^1]

## A heading

- a list
- with two items
  - and a nested one

1. ordered

> A quote.

| a | b |
|---|---|
| 1 | 2 |

```
code < here
```

---

![An image](https://elsewhere.example/a.png)
Its caption

<div>raw html</div>

<!--more-->

https://youtu.be/abcdefghijk

<!--nextpage-->

[^1]: The footnote.
"""


def test_wordpress_parses_every_kind_as_blocks(parse_blocks: Parse) -> None:
    content = serialize(ALL_KINDS)
    parsed = parse_blocks(content)
    assert freeform(parsed) == []
    assert names(parsed) == [
        "core/paragraph",
        "core/heading",
        "core/list",
        "core/list",
        "core/quote",
        "core/table",
        "core/code",
        "core/separator",
        "core/image",
        "core/html",
        "core/more",
        "core/embed",
        "core/nextpage",
        "core/html",  # the footnotes
    ]
    nested = parsed[4]["innerBlocks"]  # the first list
    assert names(nested) == ["core/list-item", "core/list-item"]
    assert names(nested[1]["innerBlocks"]) == ["core/list"]
    embed = next(b for b in parsed if b["blockName"] == "core/embed")
    assert embed["attrs"]["providerNameSlug"] == "youtube"


def test_real_posts_export_as_blocks_only(
    invoke, corpus: Path, tmp_path: Path, parse_blocks: Parse
) -> None:  # type: ignore[no-untyped-def]
    """Every real post of the corpus, exported for WordPress, is blocks and nothing else."""
    out = tmp_path / "wp"
    invoke("export", corpus, "--out", out, "--format", "wordpress", "--drafts")
    fragments = sorted(out.rglob("*.html"))
    assert len(fragments) > 50
    joined = "\n\n".join(p.read_text(encoding="utf-8") for p in fragments)
    parsed = parse_blocks(joined)
    assert freeform(parsed) == []
    assert len(names(parsed)) > 1000


def test_an_authors_comment_alone_leaves_no_empty_html_block() -> None:
    """A note to self between paragraphs is dropped with its block, not left as an empty
    Custom HTML block in the editor."""
    from reviewctl.export.html import drop_comments

    out = serialize("Para.\n\n<!-- a note to self -->\n\nMore.", clean=drop_comments)
    assert "wp:html" not in out and "note to self" not in out
    assert out.count("<!-- wp:paragraph -->") == 2


def test_text_quotes_stay_quotes_for_wordpress_to_curl() -> None:
    """wptexturize curls a text's ``"`` but not ``&quot;``: text keeps its quotes as written,
    an attribute its escapes."""
    out = serialize('He said "hi" and [a "link"](https://e.org "t \\"q\\"").')
    assert (
        '<p>He said "hi" and <a href="https://e.org" title="t &quot;q&quot;">a "link"</a>.</p>'
        in out
    )


def test_a_quote_inside_a_tags_attribute_stays_escaped() -> None:
    """Only text between tags gets its quotes back: an attribute holding a ``>`` is whole."""
    out = serialize('Score <abbr title="wins > losses, &quot;clearly&quot;">W</abbr> "all".')
    assert 'title="wins > losses, &quot;clearly&quot;"' in out and '"all"' in out
