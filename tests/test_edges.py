"""Edges of the library: stale temporary files, the package fingerprint, large lookups."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def live_child() -> Iterator[int]:
    """The pid of a process that stays alive until the test ends."""
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        yield child.pid
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=10)


def test_a_clean_keeps_the_temporary_files_of_live_writers(tmp_path: Path, live_child: int) -> None:
    """A temporary file is removed only when the process writing it is gone: this process's
    and a live child's stay, a finished process's goes."""
    from reviewctl.fs import clean_stale_temps

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait(timeout=10)  # gone, and reaped
    (tmp_path / "review.md").write_text("---\ntitle: x\n---\n")
    own = tmp_path / f".review.md.reviewctl-{os.getpid()}-0.tmp"
    child = tmp_path / f".review.md.reviewctl-{live_child}-1.tmp"
    stale = tmp_path / f".review.md.reviewctl-{dead.pid}-2.tmp"
    for temp in (own, child, stale):
        temp.write_bytes(b"half a review")
    assert clean_stale_temps(tmp_path) == 1
    assert own.exists() and child.exists() and not stale.exists()
    assert (tmp_path / "review.md").exists()


@pytest.fixture
def fingerprint_clean() -> Iterator[None]:
    """``package_fingerprint`` is cached: start and end with a fresh one."""
    from reviewctl import index

    index.package_fingerprint.cache_clear()
    yield
    index.package_fingerprint.cache_clear()


def test_editing_a_module_changes_the_package_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fingerprint_clean: None
) -> None:
    """Every file of the package counts (compiled ``.pyc`` files aside): an edited module
    gives another fingerprint, so rows remembered by the old code are dropped."""
    from reviewctl import index

    package = tmp_path / "reviewctl"
    package.mkdir()
    (package / "__init__.py").write_text("")
    module = package / "model.py"
    module.write_text("FIRST_YEAR = 1991\n")
    monkeypatch.setattr(index, "__file__", str(package / "index.py"))

    before = index.package_fingerprint()
    index.package_fingerprint.cache_clear()
    assert index.package_fingerprint() == before  # nothing changed: the same
    module.write_text("FIRST_YEAR = 1990  # edited\n")
    index.package_fingerprint.cache_clear()
    assert index.package_fingerprint() != before


def test_looking_up_more_rows_than_one_query_takes_returns_them_all(
    tmp_path: Path, cache: Path
) -> None:
    """``Index.rows(paths=...)`` asks in chunks of 500 paths; none falls between two chunks."""
    from reviewctl.index import Index

    paths = [f"/r/{n:04}.md" for n in range(1001)]
    with Index.open(tmp_path) as index:
        index.save_rows("list", "k", [(p, f"s{p}", {"n": p}) for p in paths])
        found = index.rows("list", "k", paths=[*paths, "/r/missing.md"])
    assert sorted(found) == paths
    assert all(found[p][0] == f"s{p}" for p in paths)
