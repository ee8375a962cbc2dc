"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CORPUS = ROOT.parent / "shared" / "corpus" / "real"

Invoke = Callable[..., Result]
IN_CI = os.environ.get("CI", "").lower() == "true"


def require(ok: bool, reason: str, setup: str = ".ci/run") -> None:
    """Skip the test with ``reason`` unless ``ok``; under ``CI=true`` fail instead: CI must
    run every test (``setup`` is what provides the missing piece there)."""
    if not ok:
        if IN_CI:
            pytest.fail(f"{reason} (CI must run this test: see {setup})")
        pytest.skip(reason)


@pytest.fixture
def invoke() -> Invoke:
    """Run the CLI in-process: ``invoke("list", "--format", "json")``."""
    from reviewctl.cli.app import app

    runner = CliRunner()

    def run(*args: str | Path, input: str | None = None) -> Result:
        return runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A private copy of the bundled examples archive."""
    import shutil

    target = tmp_path / "examples"
    shutil.copytree(EXAMPLES, target)
    return target


@pytest.fixture
def corpus_files() -> list[Path]:
    """Every real-world post in ../shared/corpus/real (skipped where it is absent)."""
    require(CORPUS.is_dir(), f"real-world corpus not found at {CORPUS}")
    return sorted(p for p in CORPUS.rglob("*.md"))


@pytest.fixture
def corpus(tmp_path: Path, corpus_files: list[Path]) -> Path:
    """A private copy of the corpus, safe to modify."""
    import shutil

    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    make_writable(target)
    return target


def make_writable(folder: Path) -> None:
    """``../shared`` may be read-only (as in CI): a private copy is the author's own."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)


@pytest.fixture(autouse=True)
def _isolated_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the row cache of ``list`` out of the user's home."""
    monkeypatch.setenv("REVIEWCTL_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The archive index in the test's own folder, used (whatever REVIEWCTL_NO_CACHE says)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("REVIEWCTL_CACHE_DIR", str(folder))
    monkeypatch.delenv("REVIEWCTL_NO_CACHE", raising=False)
    return folder
