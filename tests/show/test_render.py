"""Rendering snapshots at fixed widths, and what must (not) appear."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from syrupy.assertion import SnapshotAssertion

from reviewctl.config import Config
from reviewctl.model import Review
from reviewctl.render.terminal import format_rating, render_review

from .conftest import (
    BROKEN,
    COUNTED,
    HIDDEN_WORDS,
    HOUSE,
    MARKER,
    NO_CUT,
    TOML,
    Render,
    review_of,
)

FIVE = Config(root=Path("."), rating_scale=5)


@pytest.mark.parametrize("spoilers", [False, True], ids=["hidden", "spoilers"])
@pytest.mark.parametrize("width", [80, 50])
def test_house_review(
    render: Render, snapshot: SnapshotAssertion, spoilers: bool, width: int
) -> None:
    assert render(HOUSE, spoilers=spoilers, width=width) == snapshot


def test_review_without_a_cut(render: Render, snapshot: SnapshotAssertion) -> None:
    assert render(NO_CUT) == snapshot


def test_toml_review(render: Render, snapshot: SnapshotAssertion) -> None:
    assert render(TOML, config=FIVE) == snapshot


def test_broken_front_matter(render: Render, snapshot: SnapshotAssertion) -> None:
    assert render(BROKEN) == snapshot


def test_unclosed_front_matter(render: Render, snapshot: SnapshotAssertion) -> None:
    assert render("---\ntitle: Never closed\n\nSome text.\n") == snapshot


def test_nothing_below_the_cut_without_spoilers(render: Render) -> None:
    hidden = render(HOUSE)
    shown = render(HOUSE, spoilers=True)
    assert MARKER not in hidden
    assert shown.count(MARKER) >= 7  # body, heading, caption, table, quote, code, footnote
    assert "harbour master" not in hidden


def test_footer_and_availability_are_not_spoilers(render: Render) -> None:
    hidden = render(HOUSE)
    assert "currently available to stream on Cinema Lumen" in hidden
    assert "Please support my Patreon: https://www.patreon.com/lampferry" in hidden
    assert "Watch my Live-Streams on https://twitch.tv/lampferry" in hidden


def test_hidden_word_count(render: Render) -> None:
    assert HIDDEN_WORDS == 32
    assert f"{HIDDEN_WORDS} words hidden; --spoilers to show" in render(COUNTED)
    assert "words hidden" not in render(COUNTED, spoilers=True)


def test_availability_mid_body_stays_hidden(render: Render) -> None:
    text = COUNTED.replace(
        "It is available to stream on Cinema Lumen.",
        "It is available to stream on Cinema Lumen.\n\nThe last Quillzebra paragraph.",
    )
    assert MARKER not in render(text)
    assert "available to stream" not in render(text)


@pytest.mark.parametrize(
    "line",
    [
        "I played it on Steam over a weekend, and the final boss turning out to be your own"
        " sister Quillzebra broke me.",
        "It is available to stream on Cinema Lumen, and I will say only that the ending, where"
        " the ferry sinks with the Quillzebra crew and everyone on board, made me cry for an"
        " hour.",
    ],
)
def test_a_paragraph_naming_a_store_in_passing_stays_hidden(render: Render, line: str) -> None:
    """Only a line that says no more than where the work is shows below the cut."""
    text = COUNTED.replace("It is available to stream on Cinema Lumen.", line)
    assert MARKER not in render(text)


def test_warning_line_is_the_divider_not_lede(render: Render) -> None:
    out = render(HOUSE)
    assert out.count("Spoilers below the cut.") == 1
    assert re.search(r"╌ ✂ Spoilers below the cut\. ╌", out)


def test_divider_uses_configured_warning_when_the_review_has_none(render: Render) -> None:
    text = TOML.replace("Spoilers below the cut.\n", "")
    config = Config(root=Path("."), spoiler_warning="Here be dragons.")
    review = review_of(text)
    review = Review(review.path, review.text, review.format, review.metadata,
                    review.front_matter, review.body_line, markers=config.markers)  # fmt: skip
    console = Console(
        file=io.StringIO(), record=True, width=80, force_terminal=False, color_system=None
    )
    for item in render_review(review, config, hyperlinks=False):
        console.print(item)
    assert "✂ Here be dragons." in console.export_text()


def test_front_matter_never_printed(render: Render) -> None:
    out = render(TOML, spoilers=True)
    assert "+++" not in out
    assert "template" not in out
    assert "book-page.html" not in out


def test_images_show_caption_and_path_but_not_in_code(render: Render) -> None:
    out = render(HOUSE, spoilers=True)
    assert f"🖼 The ferry at dusk, {MARKER} side (images/ferry.png)" in out
    assert "![not an image](inside-code.png)" in out


def test_footnotes_and_reference_links(render: Render) -> None:
    out = render(HOUSE)
    assert "festival page (https://example.org/festival)" in out
    assert "for screenings.[1]" in out
    assert "[1] It runs a brisk ninety minutes." in out


def test_draft_stands_out(render: Render) -> None:
    assert "DRAFT" in render(NO_CUT)
    assert "DRAFT" not in render(TOML)


def test_header_omits_missing_fields(render: Render) -> None:
    out = render("---\ntitle: Bare\n---\n\nText.\n")
    assert "Bare" in out
    for label in ("Work", "Medium", "Date", "Rating", "Tags", "Where to watch"):
        assert label not in out


def test_header_shows_an_uninterpretable_rating_as_written(render: Render) -> None:
    assert "8 out of 10" in render('---\ntitle: T\nrating: "8 out of 10"\n---\n\nText.\n')


def test_html_blocks_show_their_text_and_images(render: Render) -> None:
    text = (
        "---\ntitle: T\n---\n\n"
        '<figure><img src="a.png" alt="A dock"><figcaption>The dock &amp; pier</figcaption>'
        "</figure>\n\n<!-- a private note -->\n\n<script>alert(1)</script>\n"
    )
    out = render(text)
    assert "🖼 A dock (a.png)" in out
    assert "The dock & pier" in out
    assert "private note" not in out
    assert "alert" not in out


def test_width_is_respected(render: Render) -> None:
    for width in (40, 60, 100):
        lines = render(HOUSE, spoilers=True, width=width).splitlines()
        assert max(len(line.rstrip()) for line in lines) <= width
        assert any(len(line) == width for line in lines)  # the panel spans the width


@pytest.mark.parametrize(
    ("value", "scale", "expected"),
    [
        (4, 5, "★★★★☆  4/5"),
        (3.5, 5, "★★★½☆  3.5/5"),
        (0, 5, "☆☆☆☆☆  0/5"),
        (5, 5, "★★★★★  5/5"),
        (8, 10, "8/10"),
        (7.5, 10, "7.5/10"),
        (12, 10, "12/10 (outside the 0-10 scale)"),
        (-1, 5, "-1/5 (outside the 0-5 scale)"),
        (2.74, 3, "★★½  2.74/3"),
    ],
)
def test_format_rating(value: float, scale: int, expected: str) -> None:
    assert format_rating(value, scale) == expected


def test_hyperlinks_on_a_terminal() -> None:
    console = Console(
        file=io.StringIO(), record=True, width=80, force_terminal=True, color_system="standard"
    )
    for item in render_review(review_of(HOUSE), Config(root=Path(".")), hyperlinks=True):
        console.print(item)
    out = console.export_text(styles=True)
    assert "\x1b]8;" in out or "https://www.patreon.com/lampferry" in out
    with console.capture() as captured:
        for item in render_review(review_of(HOUSE), Config(root=Path(".")), hyperlinks=True):
            console.print(item)
    raw = captured.get()
    assert "\x1b]8;id=" in raw and "https://www.patreon.com/lampferry\x1b\\" in raw
    assert "https://example.org/festival\x1b\\" in raw  # a body link, as a hyperlink
