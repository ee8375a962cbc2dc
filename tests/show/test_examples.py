"""Snapshots of the bundled example archive, as `show` renders it at a fixed width."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console
from syrupy.assertion import SnapshotAssertion

from reviewctl.config import load_config
from reviewctl.parse import parse_review
from reviewctl.render.terminal import render_review

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REVIEWS = sorted((EXAMPLES / "reviews").rglob("*.md"))


def test_the_examples_are_there() -> None:
    assert len(REVIEWS) >= 5


@pytest.mark.parametrize("spoilers", [False, True], ids=["hidden", "spoilers"])
@pytest.mark.parametrize("path", REVIEWS, ids=[p.stem for p in REVIEWS])
def test_example(path: Path, spoilers: bool, snapshot: SnapshotAssertion) -> None:
    config = load_config(EXAMPLES)
    review = parse_review(path, config.markers)
    console = Console(
        file=io.StringIO(), record=True, width=80, force_terminal=False, color_system=None
    )
    for item in render_review(review, config, spoilers=spoilers, hyperlinks=False):
        console.print(item)
    assert console.export_text() == snapshot


def test_examples_through_the_cli(invoke, examples: Path) -> None:
    result = invoke("show", "--width", "100", examples / "reviews")
    assert result.exit_code == 0
    assert result.stdout.count("words hidden; --spoilers to show") == len(REVIEWS)
    for path in REVIEWS:
        assert path.name in result.stdout.replace("\n", "")
