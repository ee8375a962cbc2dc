"""`reviewctl show` end to end, through the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import COUNTED, HIDDEN_WORDS, HOUSE, MARKER, NO_CUT, TOML

Invoke = ...  # the fixture's type lives in tests/conftest.py

ANSI = re.compile(r"\x1b[\[\]]")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|4[0-9]|9[0-7]|10[0-7])(?:;[0-9;]*)?m")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {}
    for name, text in {"house": HOUSE, "nocut": NO_CUT, "toml": TOML, "counted": COUNTED}.items():
        path = tmp_path / "reviews" / f"{name}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        made[name] = path
    return made


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS"):
        monkeypatch.delenv(name, raising=False)


def test_spoilers_hidden_by_default(invoke, files) -> None:
    result = invoke("show", files["house"])
    assert result.exit_code == 0
    assert "Film Review: The Lamp Ferry" in result.stdout
    assert MARKER not in result.stdout
    assert "--spoilers to show" in result.stdout


def test_spoilers_shown_with_the_flag(invoke, files) -> None:
    result = invoke("show", "--spoilers", files["house"])
    assert result.exit_code == 0
    assert MARKER in result.stdout
    assert "words hidden" not in result.stdout


def test_a_cut_marker_sharing_its_line_still_hides_what_follows(invoke, tmp_path: Path) -> None:
    """Hugo, Jekyll and WordPress cut at ``text <!--more-->``; reviewctl sees no cut there
    (SP007), but nothing after it is shown until --spoilers."""
    path = tmp_path / "inline.md"
    path.write_text(
        "---\ntitle: A\n---\nA fair lede.\n\nA short take. <!--more--> The ending: "
        f"{MARKER} survives.\n\nMore about {MARKER}.\n",
        encoding="utf-8",
    )
    result = invoke("show", path)
    assert result.exit_code == 0
    assert "A fair lede." in result.stdout and MARKER not in result.stdout
    assert "shares its line with text (SP007)" in result.stdout
    assert "--spoilers to show" in result.stdout
    shown = invoke("show", "--spoilers", path)
    assert shown.stdout.count(MARKER) == 2


def test_last_link_lines_below_the_cut_are_no_footer_unless_support_links(
    invoke, tmp_path: Path
) -> None:
    """Lines that end in an address close many reviews ("as the wiki says https://…"): shown
    as the support footer only when they are support links (the config's, or Patreon's)."""
    path = tmp_path / "trailer.md"
    path.write_text(
        "---\ntitle: A\n---\nA fair lede.\n\n<!--more-->\n\nThe body.\n\n"
        f"{MARKER} dies, as the wiki says https://example.org/death\n"
        "Support me on Patreon: https://www.patreon.com/kit\n"
        "Follow me on Bluesky: https://bsky.app/profile/kit\n",
        encoding="utf-8",
    )
    result = invoke("show", path)
    assert result.exit_code == 0
    assert MARKER not in result.stdout and "example.org" not in result.stdout
    assert "https://www.patreon.com/kit" in result.stdout
    assert "https://bsky.app/profile/kit" in result.stdout  # the footer's, after Patreon
    assert MARKER in invoke("show", "--spoilers", path).stdout


def test_with_spoilers_the_lede_links_through_definitions_below_the_cut(
    invoke, tmp_path: Path
) -> None:
    path = tmp_path / "refs.md"
    path.write_text(
        "---\ntitle: A\n---\nSee [the site][r] first.\n\n<!--more-->\n\nBelow.\n\n"
        "[r]: https://example.org/quillsite\n",
        encoding="utf-8",
    )
    hidden = invoke("show", "--no-pager", path).stdout
    assert "[the site][r]" in hidden and "quillsite" not in hidden  # the address is a spoiler
    shown = invoke("show", "--no-pager", "--spoilers", path).stdout
    assert "[the site][r]" not in shown and "the site" in shown


def test_hidden_word_count(invoke, files) -> None:
    result = invoke("show", files["counted"])
    assert f"{HIDDEN_WORDS} words hidden; --spoilers to show" in result.stdout


def test_raw_prints_the_source_bytes(invoke, tmp_path: Path) -> None:
    data = "\ufeff---\r\ntitle: Crlf\r\n---\r\n\r\nBody — with *marks*.\r\n".encode()
    path = tmp_path / "crlf.md"
    path.write_bytes(data)
    result = invoke("show", "--raw", path)
    assert result.exit_code == 0
    assert result.stdout_bytes == data


def test_raw_on_a_terminal_escapes_control_characters(  # type: ignore[no-untyped-def]
    invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ESC in a review must not retitle or clear the terminal of whoever reads it with
    ``--raw`` (or through the pager); piped, the bytes are unchanged."""
    data = b"---\r\ntitle: X\r\n---\r\nBody \x1b]0;PWNED\x07\x1b[2J end.\r\n"
    path = tmp_path / "x.md"
    path.write_bytes(data)
    assert invoke("show", "--raw", path).stdout_bytes == data
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setattr("reviewctl.cli.show._isatty", lambda: True)
    for pager in ("--no-pager", "--pager"):
        monkeypatch.setenv("PAGER", f"cat > '{tmp_path / 'paged.txt'}'")
        result = invoke("show", "--raw", pager, path)
        shown = result.stdout if pager == "--no-pager" else (tmp_path / "paged.txt").read_text()
        assert "\x1b" not in shown and "\x07" not in shown, shown
        assert "Body \\x1b]0;PWNED\\x07\\x1b[2J end.\n" in shown and "\r" not in shown


def test_raw_several_files_concatenated(invoke, files) -> None:
    result = invoke("show", "--raw", files["toml"], files["nocut"])
    expected = files["toml"].read_bytes() + files["nocut"].read_bytes()
    assert result.stdout_bytes == expected


@pytest.mark.parametrize("width", [40, 120])
def test_width_option(invoke, files, width: int) -> None:
    result = invoke("show", "--spoilers", "--width", str(width), files["house"])
    lines = result.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    assert any(len(line) == width for line in lines)


def test_the_narrowest_width_still_shows_every_value(invoke, files) -> None:  # type: ignore[no-untyped-def]
    """At 20 columns "Where to watch" leaves a value no room beside it: each label stands
    above its value instead, and no value is lost."""
    result = invoke("show", "--width", "20", files["house"])
    assert result.exit_code == 0
    text = " ".join(" ".join(line.strip("│ ") for line in result.stdout.splitlines()).split())
    for label in ("Status", "Date"):
        assert label in text
    assert "published" in text or "DRAFT" in text


def test_width_follows_the_terminal(invoke, files, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "64")
    lines = invoke("show", files["house"]).stdout.splitlines()
    assert max(len(line) for line in lines) == 64


def test_width_too_small_is_a_usage_error(invoke, files) -> None:
    assert invoke("show", "--width", "5", files["house"]).exit_code == 2


def test_several_paths_one_after_another(invoke, files, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("show", "reviews/toml.md", "reviews/nocut.md")
    out = result.stdout
    assert result.exit_code == 0
    rules = [line for line in out.splitlines() if line.startswith("━")]
    assert len(rules) == 2
    assert "━ reviews/toml.md ━" in rules[0] and "━ reviews/nocut.md ━" in rules[1]
    assert out.index("The Salt Orchard") < out.index("Northern Line")


def test_a_long_path_is_shown_whole(invoke, files) -> None:
    out = invoke("show", "--width", "40", files["toml"], files["nocut"]).stdout
    assert str(files["toml"]) in out.replace("\n", "")


def test_a_folder_shows_every_review(invoke, files) -> None:
    result = invoke("show", files["house"].parent)
    assert result.exit_code == 0
    titles = ["Counted", "Film Review: The Lamp Ferry", "TV Review: Northern Line"]
    positions = [result.stdout.index(title) for title in titles]
    assert positions == sorted(positions)
    assert sum(line.startswith("━") for line in result.stdout.splitlines()) == 4


def test_unreadable_files_exit_2_and_the_rest_is_shown(invoke, files, tmp_path: Path) -> None:
    bad = tmp_path / "latin1.md"
    bad.write_bytes(b"---\ntitle: ok\n---\n\ncaf\xe9\n")
    missing = tmp_path / "missing.md"
    result = invoke("show", missing, bad, files["toml"])
    assert result.exit_code == 2
    assert "The Salt Orchard" in result.stdout
    errors = result.stderr.splitlines()
    assert len(errors) == 2
    assert errors[0] == f"error: {missing}: no such file or directory"
    assert errors[1].startswith(f"error: {bad}:5: not valid UTF-8")
    assert "Traceback" not in result.stderr


def test_binary_file_is_unreadable(invoke, tmp_path: Path) -> None:
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = invoke("show", path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert str(path) in result.stderr and "binary" in result.stderr


def test_raw_of_a_missing_file_exits_2(invoke, files, tmp_path: Path) -> None:
    result = invoke("show", "--raw", tmp_path / "nope.md", files["toml"])
    assert result.exit_code == 2
    assert result.stdout_bytes == files["toml"].read_bytes()
    assert "nope.md" in result.stderr


def test_broken_front_matter_is_shown_said_on_stderr_and_exits_2(invoke, tmp_path: Path) -> None:
    """The review is shown as far as it reads (its problem in the view), and the problem is
    an input error as in every command: one line on stderr with file and line, exit 2."""
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: a: b\n---\n\nStill readable.\n", encoding="utf-8")
    result = invoke("show", path)
    assert result.exit_code == 2
    assert "Problems" in result.stdout and "line 2: invalid YAML" in result.stdout
    assert "Still readable." in result.stdout
    assert result.stderr.startswith(f"error: {path}:2: invalid YAML")


def test_piped_output_has_no_ansi(invoke, files) -> None:
    result = invoke("show", "--spoilers", files["house"], files["nocut"])
    assert not ANSI.search(result.stdout)


def test_forced_colour_has_colour(invoke, files, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = invoke("show", files["house"])
    assert COLOUR.search(result.stdout)
    assert "\x1b]8;" in result.stdout  # support links are terminal hyperlinks


def test_no_color_is_honoured(invoke, files, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    result = invoke("show", files["house"], files["nocut"])
    assert not COLOUR.search(result.stdout)


def test_pager_pipes_through_PAGER(invoke, files, tmp_path, monkeypatch) -> None:
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"cat > '{paged}'")
    result = invoke("show", "--pager", files["toml"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "The Salt Orchard" in paged.read_text(encoding="utf-8")


def test_pager_sets_less_options(invoke, files, tmp_path, monkeypatch) -> None:
    seen = tmp_path / "less.txt"
    monkeypatch.delenv("LESS", raising=False)
    monkeypatch.setenv("PAGER", f"cat >/dev/null; printf %s \"$LESS\" > '{seen}'")
    invoke("show", "--pager", files["toml"])
    assert seen.read_text() == "FRX"


def test_missing_pager_writes_directly(invoke, files, monkeypatch) -> None:
    monkeypatch.setenv("PAGER", "no-such-pager-program-here")
    result = invoke("show", "--pager", files["toml"])
    assert "The Salt Orchard" in result.stdout


def test_no_pager_when_piped_by_default(invoke, files, tmp_path, monkeypatch) -> None:
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"cat > '{paged}'")
    result = invoke("show", files["house"])
    assert "The Lamp Ferry" in result.stdout
    assert not paged.exists()


def test_help_documents_the_options(invoke) -> None:
    out = invoke("show", "--help").stdout
    for option in ("--spoilers", "--width", "--pager", "--no-pager", "--raw", "PAGER", "NO_COLOR"):
        assert option in out


def test_startup_imports_stay_light() -> None:
    code = (
        "import sys, reviewctl.cli.show\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in "
        "('rich', 'markdown_it', 'mdit_py_plugins', 'yaml', 'frontmatter')"
        " or m.startswith(('reviewctl.render', 'reviewctl.parse', 'reviewctl.model'))]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_folder_without_reviews_is_an_error(invoke, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke("show", tmp_path / "empty")
    assert result.exit_code == 2
    assert "no review files under" in result.stderr


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_an_output_that_cannot_show_every_character_gets_question_marks(
    files: dict[str, Path], tmp_path: Path, encoding: str
) -> None:
    """Not a traceback: the rule and bullet characters are drawn with "?" instead."""
    env = {**os.environ, "PYTHONIOENCODING": encoding, "REVIEWCTL_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "reviewctl", "show", str(files["house"])],
        capture_output=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr and b"?" in done.stdout
    assert b"The Lamp Ferry" in done.stdout


@pytest.mark.parametrize(
    "hide",
    [
        "Spoiler warning: everything from here on.",  # a promise with no cut
        "The rest is for those who finished it. <!--more-->",  # a cut sharing its line
    ],
)
def test_the_lede_never_resolves_a_link_defined_below_where_show_hides(
    invoke, tmp_path: Path, hide: str
) -> None:  # type: ignore[no-untyped-def]
    text = (
        "---\ntitle: A\nstatus: published\n---\nSee [the wiki][w] and ![a still][img].\n\n"
        f"{hide}\n\nShe dies.\n\n[w]: https://wiki.example.org/{MARKER}\n"
        f"[img]: images/{MARKER}.jpg\n"
    )
    path = tmp_path / "one.md"
    path.write_text(text, encoding="utf-8")
    result = invoke("show", path)
    assert result.exit_code == 0 and "See" in result.stdout
    assert MARKER not in result.stdout
    assert MARKER in invoke("show", "--spoilers", path).stdout


def test_spoilers_shown_print_a_note_the_lede_marks_written_below_the_cut(
    invoke, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    text = (
        "---\ntitle: A\nstatus: published\n---\nA lede with a note.[^1]\n\n"
        "Spoilers below the cut.\n\n<!--more-->\n\nShe dies.\n\n"
        f"[^1]: The note, {MARKER}.\n"
    )
    path = tmp_path / "one.md"
    path.write_text(text, encoding="utf-8")
    shown = invoke("show", "--spoilers", path).stdout
    assert shown.count(MARKER) == 1 and "[^1]" not in shown
    assert MARKER not in invoke("show", path).stdout
