"""Control characters from reviews and file names never reach the terminal raw (issue 15.6)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reviewctl.terminal_text import as_json, display_name, escape_controls, json_text

# What an attacker plants: a window title (OSC 0, ended by BEL), a clear-screen (CSI 2J),
# an OSC 8 hyperlink (ended by ST), a carriage return that overwrites the line, a C1 CSI.
TITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
LINK = "\x1b]8;;https://evil.example/\x1b\\click me\x1b]8;;\x1b\\"
C1 = "\x9b31m"
HOSTILE = TITLE + CLEAR + LINK + "\rover" + C1
# What may never appear in output: the raw sequences (Rich's own colour codes may).
RAW = re.compile(r"\x1b\][08];|\x1b\[2J|\x07|\r|\x9b")


def _yaml(text: str) -> str:
    """A YAML double-quoted string: raw control characters are not allowed, escapes are."""
    return json.dumps(text)


REVIEW = f"""---
title: {_yaml("Film Review: Lamp" + TITLE)}
work: {_yaml("Lamp" + CLEAR)}
medium: film
status: published
date: 2026-01-02
tags: [{_yaml("a" + LINK)}, "b"]
where_to_watch: {_yaml("Mubi" + C1)}
---

The lede{HOSTILE} is short.

Spoilers below the cut.

<!--more-->

The body{HOSTILE} with a `code{CLEAR}` span and [a link](https://example.com/{CLEAR}).

    indented{TITLE}

It is available for streaming on Mubi.

Please support my Patreon: https://www.patreon.com/x{TITLE}
"""


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "reviews" / "hostile.md"
    path.parent.mkdir()
    path.write_text(REVIEW, encoding="utf-8")
    return path


def test_escape_controls_keeps_text_and_escapes_controls() -> None:
    assert escape_controls("plain é 日本 \t tab\nline") == "plain é 日本 \t tab\nline"
    assert escape_controls("a\x1b[2Jb\x07\x7f\x85") == "a\\x1b[2Jb\\x07\\x7f\\x85"
    assert escape_controls("a\tb\nc\rd", "") == "a\\tb\\nc\\rd"
    assert escape_controls("a\tb\nc", "\t") == "a\tb\\nc"
    assert escape_controls("x\u202ey\u2069z\u200f") == "x\\u202ey\\u2069z\u200f"  # not RLM


@pytest.mark.parametrize(
    "value",
    [
        [{"path": "a/b.md", "line": 3, "column": None, "fixable": True, "message": "x"}],
        [{"text": HOSTILE + '\t\n\x00\x7f é\u2028\u00a0😀\ufeff"\\/'}, [], {}, {"k": [{}]}],
        [],
        {"big": 2**70},  # beyond orjson's integers: the standard library writes it
        ["reviews/caf\udce9.md"],  # a file name not UTF-8: its stand-in escaped, as JSON reads
    ],
)
def test_as_json_indented_is_the_standard_librarys_text(value: object) -> None:
    """lint's JSON findings: byte for byte ``json.dumps(indent=2)``'s text, non-ASCII as it
    is, the stand-in of a byte that is not UTF-8 escaped."""
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert as_json(value, indent=True) == json_text(expected)


def test_display_name_is_repr_only_when_needed() -> None:
    assert display_name("reviews/ok name.md") == "reviews/ok name.md"
    assert display_name("a\x1b[31m\nb.md") == "'a\\x1b[31m\\nb.md'"
    assert display_name("evil\u202etxt.md") == "'evil\\u202etxt.md'"  # a bidi override


@pytest.mark.parametrize("spoilers", [False, True])
def test_show_prints_no_raw_control_sequence(invoke, hostile: Path, spoilers: bool) -> None:
    args = ["show", "--no-pager", "--width", "100", str(hostile)]
    result = invoke(*args, *(["--spoilers"] if spoilers else []))
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and not RAW.search(result.stdout)
    assert "\\x1b]0;pwned\\x07" in result.stdout  # shown, visibly escaped
    assert "Mubi\\x9b31m" in result.stdout


def test_show_on_a_terminal_sends_only_its_own_sequences(
    invoke, hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = invoke("show", "--no-pager", "--spoilers", "--width", "100", str(hostile))
    assert result.exit_code == 0
    assert "\x1b[" in result.stdout  # colour is on
    links = re.compile(r"\x1b\]8;(?:id=[^;]*)?;([^\x1b]*)\x1b\\")  # Rich's own OSC 8 links
    assert not RAW.search(links.sub("", result.stdout))
    targets = links.findall(result.stdout)
    assert targets and not [t for t in targets if "evil" in t or "\x07" in t]


def test_show_separator_escapes_a_hostile_file_name(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / f"a{CLEAR}\nb.md").write_text(REVIEW, encoding="utf-8")
    (folder / "c.md").write_text(REVIEW, encoding="utf-8")
    result = invoke("show", "--no-pager", "--width", "400", str(folder))
    assert "\x1b" not in result.stdout
    assert "a\\x1b[2J\\nb.md" in result.stdout


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_list_prints_no_raw_control_sequence(invoke, hostile: Path, fmt: str) -> None:
    result = invoke("list", "--format", fmt, "--fields", "title,work,tags,path", hostile.parent)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and not RAW.search(result.stdout)
    assert "\\x1b]0;pwned\\x07" in result.stdout


BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize(
    "args",
    [("list",), ("list", "--format", "csv"), ("show", "--no-pager"), ("search", "lede")],
    ids=" ".join,
)
def test_a_bidi_override_in_a_title_is_shown_escaped(invoke, tmp_path: Path, args) -> None:
    # "Trojan Source": an override shows "gnp.exe" as "exe.png", and one that a shortened
    # table cell leaves open reorders the rest of the row
    path = tmp_path / "reviews" / "evil.md"
    path.parent.mkdir()
    title = "Anime Review: Evil\u202e gnp.exe\u202c and \u2067isolated\u2069"
    path.write_text(f"---\ntitle: {_yaml(title)}\nstatus: published\n---\n\nThe lede.\n")
    result = invoke(*args, *([path] if args[0] == "show" else [path.parent]))
    assert result.exit_code == 0, result.output
    assert not BIDI.search(result.stdout)
    assert "Evil\\u202e gnp" in result.stdout


def test_list_table_shows_markup_in_titles_as_text(invoke, tmp_path: Path) -> None:
    path = tmp_path / "reviews" / "m.md"
    path.parent.mkdir()
    path.write_text(
        '---\ntitle: "[link=https://evil.example/]x[/link] [b]y[/b] [/]"\n---\nBody.\n',
        encoding="utf-8",
    )
    result = invoke("list", "--fields", "title", path.parent)
    assert result.exit_code == 0
    assert "[link=https://evil.example/]x[/link]" in result.stdout


def test_json_output_stays_json_escaped(invoke, hostile: Path) -> None:
    result = invoke("list", "--format", "json", hostile.parent)
    assert "\x1b" not in result.stdout
    assert json.loads(result.stdout)[0]["title"] == f"Film Review: Lamp{TITLE}"


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_lint_file_name_cannot_forge_lines(invoke, tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    name = f"x{CLEAR}\nforged.md:1:1: FM999 all fine\n.md"
    (folder / name).write_text("---\ntitle: x\n---\nBody.\n", encoding="utf-8")
    result = invoke("lint", "--format", fmt, str(folder))
    assert result.exit_code == 1
    assert "\x1b" not in result.stdout
    lines = result.stdout.splitlines()
    assert not [line for line in lines if line.startswith("forged")]
    findings = [line for line in lines if "FM" in line or "SP" in line]
    shown = "\\x1b[2J%0Aforged.md" if fmt == "github" else "\\x1b[2J\\nforged.md"
    assert findings and all(shown in line for line in findings)


def test_lint_messages_from_review_text_are_one_line(invoke, tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text(f"---\ntitle: [unclosed\n---\nBody{HOSTILE}\n", encoding="utf-8")
    result = invoke("lint", str(path))
    assert "\x1b" not in result.stdout and not RAW.search(result.stdout)
    assert all(line.startswith(("r.md", str(path), "Found", "All")) for line in
               result.stdout.splitlines())  # fmt: skip


def test_error_lines_escape_control_characters(invoke, tmp_path: Path) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / f"bad{CLEAR}\n.md").write_text("---\ntitle: [\n---\nBody.\n", encoding="utf-8")
    result = invoke("list", str(folder))
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
