"""Lint over the bundled examples archive: findings snapshot, and --fix round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.conftest import Invoke


@pytest.fixture
def archive(examples: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(examples)
    return examples


def test_examples_findings(invoke: Invoke, archive: Path, snapshot: SnapshotAssertion) -> None:
    result = invoke("lint")
    assert result.stdout == snapshot
    assert result.exit_code == 1


def test_examples_json(invoke: Invoke, archive: Path, snapshot: SnapshotAssertion) -> None:
    data = json.loads(invoke("lint", "--format", "json").stdout)
    assert data == snapshot


def test_examples_fix_round_trip(invoke: Invoke, archive: Path) -> None:
    before = {p: p.read_bytes() for p in sorted((archive / "reviews").rglob("*.md"))}
    reported = json.loads(invoke("lint", "--format", "json").stdout)
    fixable = {(d["path"], d["line"]) for d in reported if d["fixable"]}
    assert fixable

    invoke("lint", "--fix")
    after = {p: p.read_bytes() for p in before}
    changed = {str(p.relative_to(archive)) for p in before if before[p] != after[p]}
    assert changed == {path for path, _ in fixable}

    again = json.loads(invoke("lint", "--format", "json").stdout)
    assert not any(d["fixable"] for d in again)
    # what was not fixable is still reported, unchanged in code and message
    unfixable = sorted((d["code"], d["message"]) for d in reported if not d["fixable"])
    assert sorted((d["code"], d["message"]) for d in again) == unfixable
    invoke("lint", "--fix")
    assert {p: p.read_bytes() for p in before} == after


@pytest.mark.parametrize("part", ["footer", "warning", "cut"])
def test_fixes_restore_the_house_style(invoke: Invoke, archive: Path, part: str) -> None:
    """Remove a part from a clean example; --fix puts back exactly what was there."""
    path = archive / "reviews" / "anime" / "lantern-circuit.md"
    original = path.read_text(encoding="utf-8")
    assert invoke("lint", path).stdout == "All checks passed! (1 file checked)\n"
    cut = "\n\n<!--more-->"
    warning = "\n\nSpoilers below the cut."
    if part == "footer":
        start = original.index("Please support my Patreon")
        broken = original[:start]
    elif part == "warning":
        broken = original.replace(warning, "", 1)
    else:
        broken = original.replace(cut, "", 1)
    assert broken != original
    path.write_text(broken, encoding="utf-8")
    invoke("lint", "--fix", path)
    assert path.read_text(encoding="utf-8") == original
