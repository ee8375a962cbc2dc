"""The lint rules at their edges: the first day, year, word or backtick past a limit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reviewctl.prose import count_words
from tests.conftest import Invoke
from tests.lint.helpers import GOOD, LEDE, config, lint_text, make_archive, variant


def _codes(text: str, *select: str, **settings: object) -> list[str]:
    cfg = config(**settings) if settings else None
    return [f.code for f in lint_text(text, select=select, cfg=cfg)]


def test_a_review_published_today_is_not_dated_in_the_future() -> None:
    """FM006 starts the day after today: a review dated today is due, tomorrow's is not."""
    today = dt.date.today()
    tomorrow = today + dt.timedelta(days=1)
    assert _codes(variant(("date: 2024-04-15", f"date: {today}")), "FM006") == []
    assert _codes(variant(("date: 2024-04-15", f"date: {tomorrow}")), "FM006") == ["FM006"]


def test_the_first_year_of_the_web_is_a_real_date_and_the_year_before_a_placeholder() -> None:
    """FM007 reports dates before 1991: the first day of 1991 is a date, the last of 1990 not."""
    assert _codes(variant(("date: 2024-04-15", "date: 1991-01-01")), "FM007") == []
    assert _codes(variant(("date: 2024-04-15", "date: 1990-12-31")), "FM007") == ["FM007"]


# a lede whose words count_words must count (not ASCII: no rough count stands in for it)
LEDE_25 = (
    "Metallic Rouge is Studio Bones’ way of celebrating its anniversary: an original series "
    "about a pair of androids on a journey through the solar system."
)


def test_a_lede_of_exactly_the_limit_passes_and_one_word_more_fails() -> None:
    """SP005 reports a lede of more than ``lede_max_words`` words, not one of exactly that many."""
    assert count_words(LEDE_25) == 25
    review = variant((LEDE, LEDE_25))
    assert _codes(review, "SP005", lint={"lede_max_words": 25}) == []
    assert _codes(review, "SP005", lint={"lede_max_words": 24}) == ["SP005"]


def test_an_escaped_backtick_opens_no_code_span() -> None:
    """A backslash before a backtick makes it literal: a placeholder after it is prose, while
    one between two plain backticks is code."""
    escaped = variant(("real chemistry", "real chemistry. Type \\` then TODO and a ` here"))
    assert _codes(escaped, "TX002") == ["TX002"]
    spanned = variant(("real chemistry", "real chemistry. Type ` then TODO and a ` here"))
    assert _codes(spanned, "TX002") == []


def test_a_shorter_fence_inside_a_longer_one_is_code() -> None:
    """A ```` fence closes only at four backticks or more: after an inner ``` line the text is
    still code, neither a placeholder nor a cut."""
    fenced = variant(
        (
            "with her handler Naomi.",
            "with her handler Naomi.\n\n````\n```\nTODO <!--more-->\n```\n````\n",
        )
    )
    assert _codes(fenced, "TX002", "SP002", "SP007") == []


@pytest.mark.parametrize("blank", ["\n" * 12, " \t \n\t\t\t\n    \n\n"], ids=["empty", "spaces"])
def test_fix_deletes_the_blank_lines_above_the_front_matter_and_nothing_else(
    invoke: Invoke, tmp_path: Path, blank: str
) -> None:
    """FM009's fix removes every blank line above the front matter in one fix, byte for byte."""
    root = make_archive(tmp_path / "blog", {"rouge.md": blank + GOOD})
    path = root / "reviews" / "rouge.md"
    result = invoke("lint", "--fix", path)
    assert result.exit_code == 0
    assert "Fixed 1 finding." in result.stdout
    assert path.read_bytes() == GOOD.encode("utf-8")
