"""`reviewctl lint` and `reviewctl rules` through the CLI: formats, selection, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from reviewctl.lint import all_rules
from tests.conftest import Invoke
from tests.lint.helpers import CONFIG_TOML, GOOD, make_archive, variant

MISSPELT = variant(("with her handler Naomi.", "with her handler Naomi in Magnetic Rouge."))
NO_FOOTER = variant(
    ("Patreon: https://www.patreon.com/example\nKo-Fi: https://ko-fi.com/example\n", "")
)
INSECURE = variant(
    ("Patreon: https://www.patreon.com/example", "Patreon: http://www.patreon.com/example")
)


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An archive with one clean review, one with warnings and one with an error; cwd is it."""
    root = make_archive(
        tmp_path / "blog",
        {
            "anime/clean.md": GOOD,
            "anime/warnings.md": variant(
                ("with her handler Naomi.", "with her handler Naomi in Magnetic Rouge."),
                (
                    "Patreon: https://www.patreon.com/example",
                    "Patreon: http://www.patreon.com/example",
                ),
            ),
            "anime/errors.md": NO_FOOTER,
        },
    )
    monkeypatch.chdir(root)
    return root


def test_text_format_and_summary(
    invoke: Invoke, archive: Path, snapshot: SnapshotAssertion
) -> None:
    result = invoke("lint")
    assert result.exit_code == 1
    assert result.stdout == snapshot
    assert (
        result.stdout.splitlines()[-1]
        == "Found 1 error and 2 warnings in 2 of 3 files (2 fixable with --fix)."
    )


def test_all_checks_passed(invoke: Invoke, archive: Path) -> None:
    result = invoke("lint", "reviews/anime/clean.md")
    assert result.exit_code == 0
    assert result.stdout == "All checks passed! (1 file checked)\n"


def test_json_format(invoke: Invoke, archive: Path) -> None:
    result = invoke("lint", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert {tuple(sorted(d)) for d in data} == {
        ("code", "column", "fixable", "line", "message", "name", "path", "severity")
    }
    by_code = {d["code"]: d for d in data}
    assert by_code["SL001"]["severity"] == "error"
    assert by_code["SL001"]["fixable"] is True
    assert by_code["SL001"]["path"] == "reviews/anime/errors.md"
    assert by_code["TX001"]["name"] == "work-title-misspelled"
    assert by_code["TX001"]["line"] == 18


def test_github_format(invoke: Invoke, archive: Path, snapshot: SnapshotAssertion) -> None:
    result = invoke("lint", "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines == snapshot
    assert all(line.startswith(("::error file=", "::warning file=")) for line in lines)
    assert any(",title=SL001::no support-links footer" in line for line in lines)


def test_github_escapes_properties_and_data() -> None:
    from reviewctl.lint import Finding, Severity
    from reviewctl.lint.report import format_github

    finding = Finding("a,b:c.md", 3, 4, "TX002", "placeholder-left", Severity.INFO, "50%\nleft")
    assert format_github([finding]) == (
        "::notice file=a%2Cb%3Ac.md,line=3,col=4,title=TX002::50%25%0Aleft\n"
    )


def test_statistics(invoke: Invoke, archive: Path) -> None:
    result = invoke("lint", "--statistics")
    assert result.exit_code == 1
    rows = [line.split() for line in result.stdout.splitlines()]
    assert sorted((r[0], r[1]) for r in rows) == [("1", "SL001"), ("1", "SL003"), ("1", "TX001")]
    data = json.loads(invoke("lint", "--statistics", "--format", "json").stdout)
    assert {d["code"]: d["count"] for d in data} == {"SL001": 1, "SL003": 1, "TX001": 1}


@pytest.mark.parametrize(
    ("options", "codes"),
    [
        (["--select", "TX001"], {"TX001"}),
        (["--select", "SL"], {"SL001", "SL003"}),
        (["--select", "sl,tx"], {"SL001", "SL003", "TX001"}),
        (["--ignore", "SL"], {"TX001"}),
        (["--select", "SL", "--ignore", "SL003"], {"SL001"}),
        (["--ignore", "SL", "--select", "SL003"], {"SL003"}),
        (["--select", "ALL", "--ignore", "TX", "--ignore", "SL001"], {"SL003"}),
    ],
)
def test_select_and_ignore(
    invoke: Invoke, archive: Path, options: list[str], codes: set[str]
) -> None:
    data = json.loads(invoke("lint", "--format", "json", *options).stdout)
    assert {d["code"] for d in data} == codes


def test_config_selection_and_severity(invoke: Invoke, archive: Path) -> None:
    (archive / "reviewctl.toml").write_text(
        CONFIG_TOML
        + '\n[lint]\nignore = ["TX"]\n[lint.severity]\nSL001 = "warning"\nSL003 = "error"\n'
    )
    data = json.loads(invoke("lint", "--format", "json").stdout)
    assert {d["code"]: d["severity"] for d in data} == {"SL001": "warning", "SL003": "error"}
    # --select replaces the config's select and ignore; --ignore adds to its ignores
    data = json.loads(invoke("lint", "--format", "json", "--select", "TX").stdout)
    assert {d["code"] for d in data} == {"TX001"}


def test_severity_override_changes_exit_code(invoke: Invoke, archive: Path) -> None:
    (archive / "reviewctl.toml").write_text(CONFIG_TOML + '\n[lint.severity]\nSL001 = "info"\n')
    result = invoke("lint")
    assert result.exit_code == 0
    assert "Found 2 warnings and 1 info in 2 of 3 files (2 fixable with --fix)." in result.stdout


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], 1),
        (["--exit-zero"], 0),
        (["--select", "TX,SL003"], 0),  # warnings only
        (["--select", "TX,SL003", "--fail-on", "warning"], 1),
        (["--select", "TX,SL003", "--fail-on", "warning", "--exit-zero"], 0),
        (["--select", "FM"], 0),
    ],
)
def test_exit_codes(invoke: Invoke, archive: Path, options: list[str], expected: int) -> None:
    assert invoke("lint", *options).exit_code == expected


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--select", "TX0001"], "unknown rule code or prefix 'TX0001' (did you mean TX001?)"),
        (["--ignore", "XY"], "unknown rule code or prefix 'XY'"),
        # a rule's name, as `reviewctl rules` takes it: its code is said
        (["--select", "spoiler-cut-missing"], "'SPOILER-CUT-MISSING' (did you mean SP001?)"),
        (["--format", "yaml"], "yaml"),
    ],
)
def test_usage_errors_exit_2(
    invoke: Invoke, archive: Path, options: list[str], message: str
) -> None:
    result = invoke("lint", *options)
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_bad_config_exits_2(invoke: Invoke, archive: Path) -> None:
    (archive / "reviewctl.toml").write_text(CONFIG_TOML + '\n[lint.severity]\nTX001 = "loud"\n')
    assert invoke("lint").exit_code == 2
    (archive / "reviewctl.toml").write_text(CONFIG_TOML + '\n[lint]\nselect = ["QQ"]\n')
    result = invoke("lint")
    assert result.exit_code == 2
    assert "lint.select" in result.stderr and "'QQ'" in result.stderr


def test_every_unknown_rule_code_of_the_config_is_named_at_its_line(
    invoke: Invoke, archive: Path
) -> None:
    extra = '\n[lint]\nignore = ["TX004", "ZZ1"]\n\n[lint.severity]\nQQ9 = "error"\n'
    text = CONFIG_TOML + extra
    (archive / "reviewctl.toml").write_text(text)
    lines = text.splitlines()
    zz = next(n for n, line in enumerate(lines, 1) if "ZZ1" in line)
    qq = next(n for n, line in enumerate(lines, 1) if line.startswith("QQ9"))
    result = invoke("lint", "--select", "XY")
    assert result.exit_code == 2 and result.stdout == ""
    errors = result.stderr.splitlines()
    assert len(errors) == 3, errors
    assert "--select: unknown rule code or prefix 'XY'" in errors[0]
    assert errors[1].endswith(
        f"reviewctl.toml:{zz}: lint.ignore: unknown rule code or prefix 'ZZ1'"
    )
    assert errors[2].endswith(
        f"reviewctl.toml:{qq}: lint.severity: unknown rule code or prefix 'QQ9'"
    )


def test_missing_path_is_reported_and_the_rest_linted(invoke: Invoke, archive: Path) -> None:
    result = invoke("lint", "nowhere.md", "reviews/anime/errors.md")
    assert result.exit_code == 2
    assert "nowhere.md: no such file or directory" in result.stderr
    assert "SL001" in result.stdout


def test_unreadable_files_are_findings_and_the_batch_goes_on(invoke: Invoke, archive: Path) -> None:
    latin1 = GOOD.replace("Naomi", "Naömi").encode("latin-1")
    (archive / "reviews" / "latin1.md").write_bytes(latin1)
    offset = latin1.index("ö".encode("latin-1"))
    (archive / "reviews" / "cover.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = invoke("lint", "--format", "json")
    data = json.loads(result.stdout)
    unreadable = {d["path"]: d["message"] for d in data if d["code"] == "IO001"}
    assert unreadable == {
        "reviews/cover.md": "binary file, not Markdown",
        "reviews/latin1.md": f"not valid UTF-8: byte 0xf6 at offset {offset}",
    }
    assert {d["code"] for d in data} >= {"IO001", "SL001", "TX001"}
    assert result.exit_code == 2  # an unreadable file is an input error, as README says


def test_parallel_run_matches_serial(
    invoke: Invoke, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    for n in range(12):
        text = MISSPELT if n % 3 else INSECURE
        (archive / "reviews" / f"bulk-{n:02d}.md").write_text(text)
    (archive / "reviews" / "bad.md").write_bytes(b"\xff\xfe")
    (archive / "reviews" / "rouge.jpg").write_bytes(b"")
    serial = invoke("lint", "--format", "json", "-j", "1").stdout
    monkeypatch.setattr("reviewctl.batch.PARALLEL_THRESHOLD", 3)
    parallel = invoke("lint", "--format", "json", "-j", "2", "reviews", "nowhere.md").stdout
    assert parallel == serial
    assert len(json.loads(serial)) == 12 + 3 + 1


def test_rules_listing(invoke: Invoke) -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "severity", "fixable"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert rows["TX001"] == ["work-title-misspelled", "warning", "no"]
    assert rows["SL001"] == ["support-footer-missing", "error", "yes"]
    assert set(rows) == {rule.code for rule in all_rules()}
    data = json.loads(invoke("rules", "--format", "json").stdout)
    assert [d["code"] for d in data] == sorted(rows)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_rule_docs(invoke: Invoke, rule: object) -> None:
    from reviewctl.lint import Rule

    assert isinstance(rule, Rule)
    result = invoke("rules", rule.code.lower())
    assert result.exit_code == 0
    assert result.stdout.startswith(
        f"# {rule.code} {rule.name}\n\n*{rule.severity.value} by default"
    )
    for section in ("What it does", "Why", "Example", "Fix", "Configure"):
        assert f"\n## {section}\n" in result.stdout
    assert not re.search(r"(?<!`)``(?!`)|::\n", result.stdout)  # no reST left
    assert invoke("rules", rule.name).stdout == result.stdout


def test_rule_docs_snapshot(invoke: Invoke, snapshot: SnapshotAssertion) -> None:
    assert invoke("rules", "TX001").stdout == snapshot


def test_unknown_rule(invoke: Invoke) -> None:
    result = invoke("rules", "TX010")
    assert result.exit_code == 2
    assert "unknown rule 'TX010'" in result.stderr


def test_cli_module_imports_only_typer_and_stdlib() -> None:
    import ast
    import sys

    import reviewctl.cli.lint as module

    tree = ast.parse(Path(module.__file__).read_text())
    top = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    names = {(n.module if isinstance(n, ast.ImportFrom) else n.names[0].name) or "" for n in top}
    names.discard("__future__")
    names = {n for n in names if not n.startswith("reviewctl.cli.")}  # the thin CLI layer itself
    assert {name.split(".")[0] for name in names} <= {"typer", *sys.stdlib_module_names}


def test_cli_ignore_adds_to_config_ignore(invoke: Invoke, archive: Path) -> None:
    (archive / "reviewctl.toml").write_text(CONFIG_TOML + '\n[lint]\nignore = ["TX"]\n')
    data = json.loads(invoke("lint", "--format", "json", "--ignore", "SL003").stdout)
    assert {d["code"] for d in data} == {"SL001"}


def test_explicit_config(
    invoke: Invoke, archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "other.toml"
    other.write_text('[[support_links]]\nlabel = "Liberapay"\nurl = "https://liberapay.com/me"\n')
    data = json.loads(
        invoke("lint", "--format", "json", "--config", other, "--select", "SL002").stdout
    )
    assert {d["message"] for d in data} == {
        "support link 'Liberapay' (https://liberapay.com/me) is missing"
    }
    assert len(data) == 2  # the two reviews that have a footer
    missing = invoke("lint", "--config", tmp_path / "nope.toml")
    assert missing.exit_code == 2
    # kept in a folder of its own (ci/), it sets the rules of this archive, not of ci/
    (archive / "ci").mkdir()
    (archive / "ci" / "strict.toml").write_text(other.read_text())
    strict = json.loads(
        invoke("lint", "--format", "json", "--config", "ci/strict.toml", "--select", "SL002").stdout
    )
    assert strict == data
    # named from outside any archive: the archive is the config's own folder's
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    named = invoke("lint", "--format", "json", "--config", archive / "reviewctl.toml")
    assert named.exit_code in (0, 1) and json.loads(named.stdout), named.stderr


def test_diff_names_a_file_it_cannot_read_and_refuses_options_that_do_not_apply(
    invoke: Invoke, tmp_path: Path
) -> None:
    """``--diff`` on a file that cannot be read says which and why (as lint does), exit 2;
    ``--fix --diff`` and ``--diff --format json`` are usage errors, nothing written."""
    path = tmp_path / "l1.md"
    path.write_bytes(b'---\ntitle: "Caf\xe9"\n---\nB.\n')
    result = invoke("lint", "--diff", path)
    assert result.exit_code == 2 and "l1.md:2: not valid UTF-8" in result.stderr
    for extra in (("--fix",), ("--format", "json"), ("--statistics",)):
        refused = invoke("lint", "--diff", *extra, path)
        assert refused.exit_code == 2 and refused.stdout == "", extra
        assert "--diff" in refused.stderr
    assert path.read_bytes() == b'---\ntitle: "Caf\xe9"\n---\nB.\n'


def test_an_unreadable_file_is_named_whatever_the_selection(invoke, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """``--select SP001`` (or an ignored IO001) must not hide that a file could not be read:
    it is named on stderr, exit 2, as without the selection."""
    root = tmp_path / "blog"
    (root / "reviews").mkdir(parents=True)
    (root / "reviewctl.toml").write_text("")
    (root / "reviews" / "bin.md").write_bytes(b"\xff\xfe\x00binary" * 50)
    for args in (["--select", "SP001"], ["--ignore", "IO001", "--format", "json"]):
        result = invoke("lint", *args, root / "reviews" / "bin.md")
        assert result.exit_code == 2 and "bin.md: cannot be read (IO001)" in result.stderr
        assert "All checks passed" not in result.stdout
    text = invoke("lint", "--select", "SP001", root / "reviews" / "bin.md")
    assert "1 file could not be read (1 file checked)." in text.stdout


def test_a_rules_json_doc_is_the_markdown_the_text_shows(invoke) -> None:  # type: ignore[no-untyped-def]
    import json

    data = json.loads(invoke("rules", "SP001", "--format", "json").stdout)
    assert data["doc"].startswith("# SP001 spoiler-cut-missing")
    assert "## What it does" in data["doc"] and "``" not in data["doc"]


@pytest.mark.parametrize(
    ("args", "config_extra"),
    [
        (("--ignore", "SP001"), ""),
        (("--select", "SP006"), ""),
        ((), '\n[lint.per_file_ignores]\n"reviews/anime/nocut.md" = ["SP001"]\n'),
    ],
)
def test_sp006_reports_the_configured_warning_whenever_sp001_is_off(
    invoke: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    config_extra: str,
) -> None:
    """The configured warning line is SP001's only while SP001 runs on the file, however it
    is switched off: by option, by selection or per file."""
    no_cut = variant(("Spoilers below the cut.\n\n<!--more-->\n", "Spoilers below the cut.\n"))
    root = make_archive(tmp_path / "blog", {"anime/nocut.md": no_cut}, CONFIG_TOML + config_extra)
    monkeypatch.chdir(root)
    result = invoke("lint", "--format", "json", *args)
    codes = [f["code"] for f in json.loads(result.stdout)]
    assert "SP006" in codes
    assert "SP001" not in codes


def test_no_house_style_hint_for_unreadable_files(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rule that fires on most files gets a hint to configure it; files that cannot be
    read (IO001) are no blog's style."""
    latin1 = GOOD.replace("Metallic Rouge is", "Caf\u00e9 Rouge is").encode("latin-1", "replace")
    files: dict[str, str | bytes] = {f"anime/{n}.md": latin1 for n in "abc"}
    root = make_archive(tmp_path / "blog", {**files, "anime/d.md": GOOD})
    monkeypatch.chdir(root)
    result = invoke("lint")
    assert "IO001" in result.stdout
    assert "hint: IO001" not in result.stdout


def test_sp006_reports_the_configured_warning_when_a_comment_silences_sp001(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_cut = variant(
        (
            "Spoilers below the cut.\n\n<!--more-->\n",
            "Spoilers below the cut.\n\n<!-- reviewctl: ignore-file SP001 -->\n",
        )
    )
    root = make_archive(tmp_path / "blog", {"anime/nocut.md": no_cut})
    monkeypatch.chdir(root)
    codes = [f["code"] for f in json.loads(invoke("lint", "--format", "json").stdout)]
    assert "SP006" in codes and "SP001" not in codes


def test_collapsed_placeholders_name_each_line_once(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = variant(("The animation is great", "TODO TBD FIXME The animation is great"))
    text = text.replace("Rouge Redstar hunts", "TODO: Rouge Redstar hunts")
    root = make_archive(tmp_path / "blog", {"anime/plans.md": text})
    monkeypatch.chdir(root)
    out = invoke("lint", "--select", "TX002").stdout
    assert re.search(r"4 placeholders left in the text \(lines (\d+), (?!\1)\d+[;)]", out), out
