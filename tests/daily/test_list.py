"""list: a table that fits the terminal, tab-separated lines when piped, checked filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Invoke

LONG = "The Extraordinarily Long and Winding Title of a Film That Goes On"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reviewctl.cli.common.is_terminal", lambda: True)


def _table(invoke: Invoke, monkeypatch: pytest.MonkeyPatch, columns: int, *args: str) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = invoke("list", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_table_paths_relative_and_cells_shortened(
    invoke: Invoke, examples: Path, monkeypatch: pytest.MonkeyPatch, terminal: None
) -> None:
    monkeypatch.chdir(examples)
    invoke("new", LONG, "--medium", "film")
    out = _table(invoke, monkeypatch, 170)
    lines = out.splitlines()
    assert len(lines) == 2 + 6 + 1  # header, rule, one line per review, count
    assert "reviews/anime/lantern-circuit.md" in out
    assert str(examples) not in out  # relative, not absolute
    assert "…" in out and LONG not in out  # the long title is shortened on one line
    assert all(len(line) <= 170 for line in lines)
    narrow = _table(invoke, monkeypatch, 100).splitlines()
    assert "path" not in narrow[0] and "2026-08-21" in "\n".join(narrow)
    assert all(len(line) <= 100 for line in narrow) and len(narrow) == 9


def test_narrow_table_drops_the_path_before_the_title(
    invoke: Invoke, examples: Path, monkeypatch: pytest.MonkeyPatch, terminal: None
) -> None:
    monkeypatch.chdir(examples)
    out = _table(invoke, monkeypatch, 80)
    header = out.splitlines()[0]
    assert "path" not in header and "title" in header
    assert "Anime Review: Lantern Circuit" in out
    assert len(out.splitlines()) == 2 + 5 + 1
    wide = _table(invoke, monkeypatch, 140)
    assert "path" in wide.splitlines()[0]


def test_table_outside_the_archive_is_relative_to_it(
    invoke: Invoke, examples: Path, monkeypatch: pytest.MonkeyPatch, terminal: None, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    out = _table(invoke, monkeypatch, 160, str(examples))
    assert "reviews/film/the-salt-archive.md" in out and str(examples) not in out


def test_piped_output_is_tab_separated(
    invoke: Invoke, examples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(examples)
    result = invoke("list")
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    fields = [line.split("\t") for line in lines]
    assert all(len(f) == 7 for f in fields)
    by_title = {f[0]: f for f in fields}
    assert by_title["Game Review: Tidewright"][1:4] == ["game", "published", "2026-08-21"]
    assert by_title["Game Review: Tidewright"][6] == "reviews/game/tidewright.md"
    picked = invoke("list", "--fields", "work,tags").stdout.splitlines()
    assert "Tidewright\tgame, puzzle, indie" in "\n".join(picked)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--status", "publishd"),
            "--status: unknown value 'publishd' (did you mean 'published'?); valid: draft, published",
        ),
        (("--medium", "movie"), "--medium: unknown value 'movie' (did you mean 'film'?)"),
        (("--medium", "animu"), "(did you mean 'anime'?); valid: anime, book, film, game"),
        (("--fields", "title,bogus"), "--fields: unknown value 'bogus'; fields: path, title"),
        (("--fields", "titel"), "--fields: unknown value 'titel' (did you mean 'title'?)"),
        (("--sort", "bogus"), "--sort: unknown value 'bogus'; fields: path, title, work"),
        (("--sort", "ratin"), "(did you mean 'rating'?)"),
    ],
)
def test_unknown_filter_values(
    invoke: Invoke, examples: Path, args: tuple[str, ...], message: str
) -> None:
    result = invoke("list", examples, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_front_matter_keys_are_valid_fields(invoke: Invoke, examples: Path) -> None:
    result = invoke("list", examples, "--fields", "work,studio", "--sort", "studio", "-f", "csv")
    assert result.exit_code == 0 and "Studio Kestrel" in result.stdout


def test_reading_time_reads_han_and_kana_faster_than_words(
    invoke: Invoke, examples: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each CJK character counts as a word, but 500 of them are read a minute, not 230
    (Hugo's figures): 2,000 characters take 4 minutes, 2,000 English words 9."""
    import json

    monkeypatch.chdir(examples)
    rows = {}
    for name, text in (("Shingeki", "進撃の巨人" * 400), ("Dune", "word " * 2000)):
        path = Path(invoke("new", name, "--medium", "anime").stdout.strip())
        path.write_text(path.read_text() + "\n" + text + "\n")
        (rows[name],) = json.loads(invoke("list", "--format", "json", str(path)).stdout)
    cjk, english = rows["Shingeki"], rows["Dune"]
    assert cjk["words"] == english["words"]
    assert english["reading_minutes"] - cjk["reading_minutes"] == 9 - 4


def test_medium_is_m_for_every_command_that_takes_it(invoke: Invoke, examples: Path) -> None:
    """``-m`` is ``--medium`` for list and search as for new and import."""
    import json

    listed = json.loads(invoke("list", examples, "-m", "anime", "-f", "json").stdout)
    assert listed and {row["medium"] for row in listed} == {"anime"}
    found = invoke("search", "the", examples, "-m", "film", "-f", "json")
    assert found.exit_code == 0 and {hit["medium"] for hit in json.loads(found.stdout)} <= {"film"}
