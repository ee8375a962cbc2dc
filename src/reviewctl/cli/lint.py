"""`reviewctl lint` and `reviewctl rules`: thin commands over :mod:`reviewctl.lint`."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reviewctl.cli.common import Jobs, NoCache

if TYPE_CHECKING:
    from reviewctl.lint.registry import Finding


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class RulesFormat(StrEnum):
    text = "text"
    json = "json"


def complete_rule_codes(incomplete: str) -> list[str]:
    """Shell completion of rule codes (imported when completing, not at start-up)."""
    from reviewctl.cli.complete import complete_rule_codes as complete

    return complete(incomplete)


def register(app: typer.Typer) -> None:
    """Add the command(s) of this module to ``app``."""
    app.command("lint")(lint)
    app.command("rules")(rules)


def _codes(values: list[str] | None) -> list[str]:
    """``--select TX,SP --select FM001`` → ``["TX", "SP", "FM001"]``."""
    return [c.strip().upper() for v in values or [] for c in v.split(",") if c.strip()]


def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            readable=False, help="Review files or folders (default: the archive's reviews folder)."
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="text, json or github (Actions annotations)."),
    ] = OutputFormat.text,
    select: Annotated[
        list[str] | None,
        typer.Option(
            help="Only these rule codes or prefixes (comma-separated, repeatable).",
            metavar="CODES",
            autocompletion=complete_rule_codes,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            help="Skip these rule codes or prefixes (comma-separated, repeatable).",
            metavar="CODES",
            autocompletion=complete_rule_codes,
        ),
    ] = None,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes in place.")] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the fixes as a diff; write nothing.")
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print a count per rule code.")
    ] = False,
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Lowest severity that makes the exit code 1.")
    ] = FailOn.error,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even with findings.")
    ] = False,
    config_path: Annotated[
        Path | None,
        typer.Option(
            "--config",
            readable=False,
            help="Use this reviewctl.toml's settings for the archive here instead of its own.",
        ),
    ] = None,
    jobs: Jobs = None,
    no_cache: NoCache = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", "-v", help="One line per placeholder, not one per file."),
    ] = False,
) -> None:
    """Check reviews against the house rules; see `reviewctl rules` for the list."""
    from dataclasses import replace

    from reviewctl.archive import default_paths
    from reviewctl.cli.common import (
        EXIT_FINDINGS,
        EXIT_OK,
        EXIT_USAGE,
        fail,
        load_config_for,
        print_error,
        print_warning,
        user_errors,
    )
    from reviewctl.config import load_config
    from reviewctl.fs import from_cwd
    from reviewctl.lint import fix as fixing
    from reviewctl.lint import report
    from reviewctl.lint.engine import Linter, Selection, check_codes
    from reviewctl.lint.registry import Severity
    from reviewctl.terminal_text import display_name, escape_controls

    if diff and fix:
        fail("--diff shows what --fix would write, and writes nothing: use one of them")
    if diff and (statistics or output_format.value != "text"):
        fail("--diff prints a diff: --format and --statistics do not apply to it")
    given = list(paths or [])
    if config_path is not None:
        with user_errors():
            start = given[0] if given and given[0].exists() else None
            config = load_config(start, explicit=config_path)
    else:
        config = load_config_for(given)
    selected, ignored = _codes(select), _codes(ignore)
    with user_errors():
        check_codes(config, selected, ignored)

    exit_code = EXIT_OK
    targets: list[Path] = []
    for path in given:
        if os.path.lexists(path):
            targets.append(path)
        else:
            print_error(f"{path}: no such file or directory")
            exit_code = EXIT_USAGE
    if not given:
        with user_errors():
            targets = default_paths(config)

    linter = Linter(config, Selection.from_config(config, selected, ignored))
    problems: list[str] = []
    results = (
        linter.lint_paths(
            targets,
            jobs=jobs,
            use_index=not no_cache,
            problems=problems,
            across=not (fix or diff),  # fix_results withdraws them once the files are fixed
        )
        if targets
        else []
    )
    for problem in problems:
        print_warning(problem)

    for result in results:  # an I/O error, not a finding: said whatever the selection
        if not result.readable:
            exit_code = EXIT_USAGE
            if not any(f.code == "IO001" for f in result.findings):
                print_error(f"{from_cwd(result.name)}: cannot be read (IO001)")
    if fix or diff:
        outcome = fixing.fix_results(results, linter, write=not diff)
        findings, fixed, would_fix = outcome.findings, outcome.fixed, outcome.would_fix
        for failure in outcome.failures:
            print_error(failure)
            exit_code = EXIT_USAGE
    else:
        findings = [f for result in results for f in result.findings]
        fixed, would_fix = 0, []
    # the folder asked once, a finding copied only when its path changes (14,280 findings
    # of 1,640 real posts: 85 → 9 ms)
    cwd = os.getcwd()
    findings = [
        f if (p := from_cwd(f.path, cwd)) == f.path else replace(f, path=p) for f in findings
    ]

    if diff:
        for finding in findings:  # a file that could not be read has nothing to diff: why
            if finding.code == "IO001":
                print_error(f"{finding.path}:{finding.line}: {finding.message}")
        text = "".join(o.diff(display_name(from_cwd(str(o.path)))) for o in would_fix)
        # escaped on a terminal only: piped, the diff is for patch, byte for byte
        typer.echo(escape_controls(text) if sys.stdout.isatty() else text, nl=False)
        count = sum(len(o.applied) for o in would_fix)
        noun = "finding" if count == 1 else "findings"
        typer.echo(f"Would fix {count} {noun} in {len(would_fix)} file(s).", err=True)
        raise typer.Exit(max(exit_code, EXIT_FINDINGS if would_fix and not exit_zero else EXIT_OK))

    fmt = output_format.value
    if fixed and (statistics or fmt != "text"):  # the text summary says so; here stdout is data
        noun = "finding" if fixed == 1 else "findings"
        typer.echo(f"Fixed {fixed} {noun}.", err=True)
    if statistics:
        typer.echo(
            report.format_statistics(findings, "json" if fmt == "json" else "text"), nl=False
        )
    else:
        unread = sum(1 for result in results if not result.readable)
        _print_findings(findings, fmt, verbose, fixed, len(results), targets, unread)

    threshold = Severity(fail_on.value).rank
    failing = any(f.severity.rank >= threshold for f in findings)
    if failing and not exit_zero:
        exit_code = max(exit_code, EXIT_FINDINGS)
    raise typer.Exit(exit_code)


def _print_findings(
    findings: list[Finding],
    fmt: str,
    verbose: bool,
    fixed: int,
    files: int,
    targets: list[Path],
    unread: int = 0,
) -> None:
    """Findings and, in text, a summary naming how many files were checked."""
    from reviewctl.cli.common import colour_wanted, paint_severity
    from reviewctl.fs import from_cwd
    from reviewctl.lint import report

    if fmt != "text":
        typer.echo(report.format_findings(findings, fmt), nl=False)
        return
    shown = findings if verbose else report.group_placeholders(findings)
    colour = colour_wanted()
    typer.echo(report.format_text(shown, paint_severity), nl=False, color=colour)
    if files == 0:
        where = ", ".join(from_cwd(str(t)) for t in targets)
        typer.echo(f"No reviews found under {where}." if where else "No reviews checked.")
        return
    typer.echo(report.summary(findings, fixed=fixed, files=files, unread=unread))
    for hint in report.hints(findings, files):
        typer.echo(f"hint: {hint}")


def rules(
    code: Annotated[
        str | None,
        typer.Argument(
            help="Show this rule's documentation.",
            metavar="CODE",
            autocompletion=complete_rule_codes,
        ),
    ] = None,
    output_format: Annotated[RulesFormat, typer.Option("--format", "-f")] = RulesFormat.text,
) -> None:
    """List every lint rule, or explain one: `reviewctl rules TX001`."""
    from reviewctl.cli.common import fail
    from reviewctl.lint import report
    from reviewctl.lint.registry import all_rules, find_rule
    from reviewctl.suggest import did_you_mean

    if code is None:
        typer.echo(report.format_rules(all_rules(), output_format.value), nl=False)
        return
    rule = find_rule(code)
    if rule is None:
        choices = [r.code for r in all_rules()] + [r.name for r in all_rules()]
        guess = did_you_mean(code.strip(), choices)
        hint = f" (did you mean {guess}?)" if guess else ""
        fail(f"unknown rule {code!r}{hint}; `reviewctl rules` lists them")
    if output_format is RulesFormat.json:
        typer.echo(report.format_rule_json(rule), nl=False)
        return
    from reviewctl.cli.common import print_markdown

    print_markdown(report.format_rule_doc(rule))
