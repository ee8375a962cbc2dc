"""--help with plain metavars and whole summaries, rules docs as Markdown, completion values,
the medium's label in show."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Invoke

COMMANDS = ("init", "new", "publish", "unpublish", "list", "lint", "rules", "show", "export")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_plain_metavars(invoke: Invoke, command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert not re.search(r"<(list\[|str>|int|float>|bool>|path>|Path>|text\|)", result.stdout)
    assert "list[" not in result.stdout and "int range" not in result.stdout


def test_plain_metavars_read_as_click_does(invoke: Invoke) -> None:
    lint = invoke("lint", "--help").stdout
    assert "Usage: reviewctl lint [OPTIONS] [PATH]..." in lint
    assert "PATH...  Review files or folders" in lint
    assert "--select CODES" in lint and "-j, --jobs N" in lint
    assert "-f, --format [text|json|github]" in lint and "--config PATH" in lint
    assert "--medium MEDIUM" in invoke("list", "--help").stdout
    assert "-o, --out PATH" in invoke("export", "--help").stdout
    # a sub-command's arguments too, never Click's {name}
    assert "Usage: reviewctl theme copy [OPTIONS] DIR" in invoke("theme", "copy", "--help").stdout
    wordpress = invoke("import", "wordpress", "--help").stdout
    assert "Usage: reviewctl import wordpress [OPTIONS] EXPORT.xml" in wordpress


def test_command_summaries_are_whole_sentences(invoke: Invoke) -> None:
    out = invoke("--help").stdout
    commands = out.split("Commands:\n", 1)[1]
    assert "..." not in commands
    summaries = re.split(r"\n  (?=\w)", "\n" + commands)
    for entry in filter(str.strip, summaries):
        name, text = entry.strip().split(None, 1)
        assert " ".join(text.split()).endswith("."), (name, text)
    assert "unpublish" in commands


def test_rules_doc_is_markdown(invoke: Invoke) -> None:
    out = invoke("rules", "FM001").stdout
    assert out.startswith("# FM001 front-matter-missing\n\n*error by default, no automatic fix*")
    assert "## Fix\n" in out and "```\n---\ntitle:" in out
    assert "(`---`)" in out and "``" not in out.replace("```", "")
    assert "`--fix`" in invoke("rules", "SP003").stdout


def test_rules_doc_rendered_on_a_terminal(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reviewctl.cli.common.is_terminal", lambda: True)
    out = invoke("rules", "FM001").stdout
    assert "FM001 front-matter-missing" in out and "# FM001" not in out and "```" not in out


def _complete(args: list[str], incomplete: str) -> list[str]:
    from typer.main import get_command

    from reviewctl.cli.app import app

    command = get_command(app)
    from typer._completion_classes import BashComplete

    completer = BashComplete(command, {}, "reviewctl", "_REVIEWCTL_COMPLETE")
    return [item.value for item in completer.get_completions(args, incomplete)]


def test_completion_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reviewctl.toml").write_text('[media.podcast]\ncategory = "Podcasts"\n')
    assert _complete(["new", "X", "--medium"], "") == [
        "anime", "book", "film", "game", "manga", "podcast", "tv",
    ]  # fmt: skip
    assert _complete(["list", "--medium"], "a") == ["anime"]
    assert _complete(["list", "--status"], "") == ["draft", "published"]
    assert "TX001" in _complete(["rules"], "TX")
    assert all(c.startswith("SP") for c in _complete(["lint", "--select"], "SP"))
    assert "FM,SP001" in _complete(["lint", "--ignore"], "FM,SP")
    assert _complete(["list", "--sort"], "rat") == ["rating"]
    fields = _complete(["list", "--fields"], "title,stu")
    assert fields == ["title,studio"]


def test_show_uses_the_medium_label(invoke: Invoke, examples: Path) -> None:
    out = invoke("show", examples / "reviews/tv/northbound-signal.md", "--width", "80").stdout
    assert re.search(r"Medium\s+TV\b", out)
    out = invoke("show", examples / "reviews/anime/lantern-circuit.md", "--width", "80").stdout
    assert re.search(r"Medium\s+Anime\b", out)


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["lint", "--bogus"], "error: no such option: --bogus"),
        (["list", "--format", "xml"], "error: invalid value for '--format' / '-f': 'xml'"),
        (["show"], "error: missing argument 'PATH' (see 'reviewctl show --help')"),
        (["cache", "bogus"], "error: no such command 'bogus' (see 'reviewctl cache --help')"),
        (["bogus"], "error: no such command 'bogus' (see 'reviewctl --help')"),
        (["lint", "--jobs", "0"], "error: invalid value for '--jobs' / '-j': 0 is not in"),
        (["export"], "error: missing option '--out' / '-o'"),
        # an option left without its value sends to its command's help
        (["list", "-f"], "error: option '-f' requires an argument (see 'reviewctl list --help')"),
    ],
)
def test_a_usage_error_is_one_line_as_every_error(
    invoke: Invoke, args: list[str], said: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(said) and len(result.stderr.splitlines()) == 1


def test_no_command_at_all_shows_the_help(invoke: Invoke) -> None:
    result = invoke()
    assert "Usage: reviewctl [OPTIONS] COMMAND [ARGS]..." in result.output
    assert "error:" not in result.output
