"""lint's text output: severity, colour, file counts, grouped placeholders; pre-commit hooks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.conftest import ROOT, Invoke


def _draft(invoke: Invoke) -> Path:
    return Path(invoke("new", "Stalker", "--medium", "film").stdout.strip())


def test_severity_is_shown(invoke: Invoke, archive: Path) -> None:
    path = _draft(invoke)
    path.write_text(path.read_text().replace("status: draft", "status: draft\nrating: 11"))
    out = invoke("lint").stdout
    assert re.search(r"stalker\.md:\d+:\d+: error: FM004 rating 11", out)
    assert re.search(r"stalker\.md:\d+:\d+: warning: TX002 ", out)
    assert "\x1b[" not in out  # piped: no colour


def test_severity_coloured_on_a_terminal(
    archive: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewctl.cli.app import app

    _draft(invoke)
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = CliRunner().invoke(app, ["lint"], color=True).stdout
    assert "\x1b[33m\x1b[1mwarning\x1b[0m: TX002" in out or "\x1b[1m\x1b[33mwarning" in out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in CliRunner().invoke(app, ["lint"], color=True).stdout


def test_placeholders_grouped_per_file_unless_verbose(invoke: Invoke, archive: Path) -> None:
    _draft(invoke)
    lines = invoke("lint").stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith(
        "warning: TX002 6 placeholders left in the text "
        "(lines 15, 21, 23, 25, 29, 31; --verbose lists them)"
    )
    assert lines[1] == "Found 6 warnings in 1 of 1 file."
    verbose = invoke("lint", "--verbose").stdout.splitlines()
    assert len(verbose) == 7 and all("placeholder 'TODO'" in line for line in verbose[:6])
    assert invoke("lint", "--format", "json").stdout.count('"TX002"') == 6


def test_counts_files_checked(invoke: Invoke, archive: Path) -> None:
    from tests.daily.conftest import GOOD

    for name in ("a", "b"):
        (archive / "reviews" / f"{name}.md").write_text(GOOD)
    assert invoke("lint").stdout == "All checks passed! (2 files checked)\n"


def test_no_reviews_found(invoke: Invoke, archive: Path) -> None:
    result = invoke("lint")
    assert result.stdout == "No reviews found under reviews.\n"
    assert "All checks passed" not in result.stdout


def test_missing_path_is_not_all_passed(invoke: Invoke, archive: Path) -> None:
    result = invoke("lint", "nope.md")
    assert result.exit_code == 2
    assert "nope.md: no such file or directory" in result.stderr
    assert "All checks passed" not in result.stdout


def test_pre_commit_hooks_only_lint_review_files() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"reviewctl-lint", "reviewctl-lint-fix"}
    for hook in hooks:
        files = re.compile(hook["files"])
        assert files.search("reviews/anime/lantern-circuit.md")
        assert files.search("blog/reviews/film/x.markdown")
        exclude = re.compile(hook["exclude"])
        for other in ("README.md", "docs/guide.md", "CHANGELOG.md", "reviews.md"):
            assert not files.search(other), (hook["id"], other)
        for readme in ("reviews/README.md", "blog/reviews/anime/README.markdown"):
            assert files.search(readme) and exclude.search(readme), (hook["id"], readme)
        assert not exclude.search("reviews/anime/readme-the-manga.md")
