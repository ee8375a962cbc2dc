"""The token rewriting behind `show`'s Markdown: images, footnotes, HTML, links, folds."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from reviewctl.render.markdown import html_blocks, image_text, markdown, references


def _render(source: str, **options: object) -> str:
    console = Console(
        file=io.StringIO(), record=True, width=80, force_terminal=False, color_system=None
    )
    renderable = markdown(source, **options)  # type: ignore[arg-type]
    if renderable is not None:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())


def test_image_text() -> None:
    assert image_text("A  dock\nat night", "dock.png") == "🖼 A dock at night (dock.png)"
    assert image_text("", "dock.png") == "🖼 dock.png"
    assert image_text("Caption only", "") == "🖼 Caption only"


def test_images_become_caption_and_path_outside_code_only() -> None:
    out = _render(
        'See ![the *dock*](img/dock.png "title") and `![code](x.png)`.\n\n'
        "```\n![fenced](y.png)\n```\n\n    ![indented](z.png)\n"
    )
    assert "🖼 the dock (img/dock.png)" in out
    assert "![code](x.png)" in out
    assert "![fenced](y.png)" in out
    assert "![indented](z.png)" in out
    assert out.count("🖼") == 1


def test_html_images_inline_and_in_blocks() -> None:
    out = _render('Text <img src="a.png" alt="inline"> here.\n\n<p><img src="b.png"></p>\n')
    assert "🖼 inline (a.png)" in out
    assert "🖼 b.png" in out


def test_footnotes_numbered_and_listed() -> None:
    out = _render("One[^a] and two[^b].\n\n[^b]: Second note.\n[^a]: First note.\n")
    assert "One[1] and two[2]." in out
    assert out.index("[1] First note.") < out.index("[2] Second note.")


def test_an_undefined_footnote_stays_literal() -> None:
    assert "Dangling[^zz]." in _render("Dangling[^zz].\n")


def test_reference_links_resolve_from_another_section() -> None:
    refs = references("Body.\n\n[ref]: https://example.org/r\n")
    assert set(refs) == {"REF"}  # markdown-it normalises labels
    assert "a link (https://example.org/r)" in _render(
        "See [a link][ref].", refs=refs, hyperlinks=False
    )
    assert "[a link][ref]" in _render("See [a link][ref].", hyperlinks=False)


def test_bare_links_are_not_printed_twice_without_hyperlinks() -> None:
    out = _render(
        "Visit <https://example.org/x> or [site](https://example.org/y).", hyperlinks=False
    )
    assert "Visit https://example.org/x or site (https://example.org/y)." in out


def test_tables_strikethrough_emphasis_quotes_and_lists() -> None:
    out = _render(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ *em* **strong**\n\n"
        "> quoted\n\n1. first\n2. second\n"
    )
    assert "\n a  b\n ────\n 1  2\n" in out
    assert "old em strong" in out
    assert "▌ quoted" in out
    assert "1 first" in out and "2 second" in out


def test_html_blocks_become_text_with_headings_and_breaks() -> None:
    assert html_blocks("<h3>Title</h3><p>One\nline<br>two</p><script>x()</script>") == [
        ("h3", ["Title"]),
        ("p", ["One line", "two"]),
    ]
    assert html_blocks("<!-- only a comment -->") == []
    assert html_blocks("<ul><li>a</li><li>b</li></ul>") == [("p", ["• a"]), ("p", ["• b"])]


def test_broken_html_does_not_raise() -> None:
    for html in ("<div <p>", "<a href='x", "</div></div>", "<![CDATA[ x", "<img src=>"):
        html_blocks(html)
        _render(html + "\n")


DETAILS = """Before.

<details>
<summary>Spoiler talk</summary>

The Quillzebra did it.

</details>

<details><summary>Second</summary>Also Quillzebra <img src="q.png" alt="Quillzebra"></details>

<details>

No summary, Quillzebra again.

</details>

After.
"""


def test_details_fold_with_a_hint() -> None:
    out = _render(DETAILS, details_hint="hidden; --spoilers to show")
    assert "Quillzebra" not in out
    assert "▸ Spoiler talk (hidden; --spoilers to show)" in out
    assert "▸ Second (hidden; --spoilers to show)" in out
    assert "▸ Details (hidden; --spoilers to show)" in out
    assert "Before." in out and "After." in out


def test_details_open_without_a_hint() -> None:
    out = _render(DETAILS)
    assert out.count("Quillzebra") == 4
    assert "▸ Spoiler talk" in out and "hidden" not in out


@pytest.mark.parametrize(
    "source",
    [
        "- item\n\n  <details>\n  <summary>S</summary>\n\n  Inner Quillzebra.\n\n  </details>\n",
        "> <details><summary>S</summary>\n> Inner Quillzebra.\n> </details>\n",
        "- <details><summary>S</summary>\n\n  Inner Quillzebra.\n",  # closed by the item's end
        "> Quote. <details><summary>S</summary>\n>\n> Inner Quillzebra.\n",
    ],
)
def test_details_inside_a_list_or_a_quote_fold_as_in_a_browser(source: str) -> None:
    out = _render(source + "\nAfter.\n", details_hint="hidden")
    assert "Quillzebra" not in out and "▸ S (hidden)" in out and "After." in out
    assert "Inner Quillzebra." in _render(source)


def test_details_opened_within_a_paragraph_fold_the_paragraphs_it_holds() -> None:
    source = (
        "Lede. <details><summary>The twist</summary>\n\nQuillzebra did it.\n\n</details>\n\n"
        "Still hidden? No.</details> Shown.\n"
    )
    out = " ".join(_render(source, details_hint="hidden").split())
    assert "Quillzebra" not in out and "Lede. ▸ The twist (hidden)" in out
    assert "Still hidden? No. Shown." in out


@pytest.mark.parametrize(
    "closing",
    [
        "> Quillzebra </details> tail",
        "- Quillzebra </details> tail\n- more",
        "# Quillzebra </details>",
        "| a | b |\n|---|---|\n| Quillzebra </details> | x |",
    ],
)
def test_details_closed_inside_a_later_quote_list_heading_or_table(closing: str) -> None:
    """The block it closes in was folded with it, to its end; what follows shows."""
    source = f"Lede.\n\nOpen <details><summary>S</summary>\n\n{closing}\n\nAFTER\n"
    out = " ".join(_render(source, details_hint="hidden").split())
    assert out == "Lede. Open ▸ S (hidden) AFTER"


def test_details_closed_within_a_later_paragraph_show_what_follows() -> None:
    source = "<details><summary>S</summary>\n\nQuillzebra wins.</details> Seen.\n\nAfter.\n"
    out = " ".join(_render(source, details_hint="hidden").split())
    assert "Quillzebra" not in out and "Seen." in out and "After." in out


def test_an_unclosed_details_folds_to_the_end() -> None:
    out = _render("Start.\n\n<details>\n\nQuillzebra.\n\n- Quillzebra\n", details_hint="hidden")
    assert "Quillzebra" not in out and "Start." in out


def test_details_within_a_paragraph_fold_too() -> None:
    source = "Quiet. <details><summary>Big *twist*</summary>Quillzebra did it.</details> Calm.\n"
    out = _render(source, details_hint="hidden")
    assert "Quillzebra" not in out
    assert "Quiet. ▸ Big twist (hidden) Calm." in " ".join(out.split())
    assert "Quillzebra did it." in _render(source)


def test_a_block_tag_within_a_paragraph_starts_a_new_line() -> None:
    out = _render('<img alt src="./a.png"/><p class="x">Throughout <em>ef</em>, fine.</p>\n')
    assert out.splitlines()[:2] == ["🖼 ./a.png", "Throughout ef, fine."]


def test_template_tags_are_not_prose() -> None:
    """Hugo shortcodes and Liquid tags are filled in by the site's generator: a reader never
    sees them (a figure is a picture); in code they stay as written."""
    source = (
        '{{< admonition type=quote title="x" >}}\n**Maker**: CIRCUS\n{{< /admonition >}}\n\n'
        '{{< figure src="a.png" caption="The cover" >}}\n\n'
        "{% capture images %}{{ site.url }}/a.png{% endcapture %}\n\n"
        "Text with {{< hire-me >}} inline.\n\n{{< hire-me >}} {{< follow-me >}}\n\n"
        "{{< youtube NSqDPa1hk7A >}}\n\n`{{< kept >}}`\n"
    )
    out = _render(source)
    assert "{{" not in out.replace("{{< kept >}}", "") and "{%" not in out
    assert out.splitlines()[0] == "Maker: CIRCUS"
    assert "🖼 The cover (a.png)" in out and "Text with inline." in out
    assert "inline.\n\n▶ https://www.youtube.com/watch?v=NSqDPa1hk7A\n\n" in out  # no blank run
