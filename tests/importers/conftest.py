"""Fixtures for ``import wordpress``: archives to import into, the WXR corpus, a reader."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
WXR = ROOT.parent / "shared" / "corpus" / "wxr"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def wxr() -> Path:
    """``../shared/corpus/wxr`` (skipped where absent, except on CI where it must be there)."""
    require(WXR.is_dir(), f"WXR corpus not found at {WXR}")
    return WXR


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty archive with the examples' config (its support links), as the cwd."""
    folder = tmp_path / "archive"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "reviewctl.toml", folder / "reviewctl.toml")
    monkeypatch.chdir(folder)
    return folder


def read(path: Path) -> tuple[dict[str, Any], str]:
    """A review's front matter and body, parsed by reviewctl's own parser."""
    from reviewctl.parse import parse_review

    review = parse_review(path)
    assert review.ok, review.error
    return review.metadata, review.body


def reviews(archive: Path) -> dict[str, Path]:
    """Every imported review, by its ``title``."""
    found: dict[str, Path] = {}
    for path in sorted((archive / "reviews").rglob("*.md")):
        found[read(path)[0]["title"]] = path
    return found
