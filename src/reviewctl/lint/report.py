"""Format findings and rules as text, JSON or GitHub annotations. Pure: returns strings."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace

from reviewctl.lint.registry import Finding, Rule, Severity
from reviewctl.terminal_text import as_json, display_name, escape_controls

PLACEHOLDER = "TX002"

#: Colours a severity word for a terminal: ``paint("error", Severity.ERROR)``.
Paint = Callable[[str, Severity], str]


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 or word == 'info' else 's'}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def text_line(finding: Finding, paint: Paint | None = None) -> str:
    """``path:line:col: severity: CODE [*] message``, as compilers and editors read it.

    ``paint`` colours the severity word (a terminal); without it the line is plain. A file
    name with control characters is shown as its ``repr`` and the message's are escaped, so
    neither can forge a line.
    """
    mark = " [*]" if finding.fixable else ""
    level = finding.severity.value
    shown = paint(level, finding.severity) if paint else level
    path, message = display_name(finding.path), escape_controls(finding.message, "")
    return f"{path}:{finding.line}:{finding.column}: {shown}: {finding.code}{mark} {message}"


def format_text(findings: Sequence[Finding], paint: Paint | None = None) -> str:
    """One line per finding: ``path:line:col: severity: CODE [*] message``."""
    return "".join(text_line(f, paint) + "\n" for f in findings)


def group_placeholders(
    findings: Sequence[Finding], hint: str = "; --verbose lists them"
) -> list[Finding]:
    """A file's placeholder findings (TX002) folded into one, at the first one's position.

    A fresh template has several placeholders; one line per file says the same with less
    noise. The other findings are kept as they are, in order.
    """
    by_path: dict[str, list[Finding]] = {}
    for f in findings:
        if f.code == PLACEHOLDER:
            by_path.setdefault(f.path, []).append(f)
    out: list[Finding] = []
    for f in findings:
        group = by_path.get(f.path) if f.code == PLACEHOLDER else None
        if group is None or len(group) == 1:
            out.append(f)
        elif f is group[0]:
            lines = ", ".join(str(n) for n in dict.fromkeys(g.line for g in group))
            message = f"{len(group)} placeholders left in the text (lines {lines}{hint})"
            out.append(replace(f, message=message))
    return out


def summary(
    findings: Sequence[Finding], *, fixed: int = 0, files: int | None = None, unread: int = 0
) -> str:
    """ "Found 3 errors and 2 warnings (2 fixable with --fix)." or "All checks passed!".

    With ``files`` (how many were checked) the line says so: "… in 2 of 5 files.",
    "All 5 files passed."; with ``unread`` files (which a selection may leave without a
    finding), never that all passed.
    """
    counts = Counter(f.severity for f in findings)
    parts = [
        _plural(counts[level], level.value)
        for level in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[level]
    ]
    done = f"Fixed {_plural(fixed, 'finding')}. " if fixed else ""
    if files is not None:
        checked = _plural(files, "file")
        if not parts and unread:
            return f"{done}{_plural(unread, 'file')} could not be read ({checked} checked)."
        if not parts:
            return f"{done}All checks passed! ({checked} checked)"
        with_findings = len({f.path for f in findings})
        fixable = sum(1 for f in findings if f.fixable)
        tail = f" ({fixable} fixable with --fix)" if fixable else ""
        return f"{done}Found {_join(parts)} in {with_findings} of {checked}{tail}."
    if not parts:
        return f"{done}All checks passed!"
    fixable = sum(1 for f in findings if f.fixable)
    tail = f" ({fixable} fixable with --fix)" if fixable else ""
    return f"{done}Found {_join(parts)}{tail}."


# A rule that fires on more than this share of a run's files (of at least MIN_FILES) is
# probably the blog's style, not a slip: the summary says how to configure it.
WIDESPREAD = 0.5
MIN_FILES = 3


def hints(findings: Sequence[Finding], files: int) -> list[str]:
    """One line per rule that fires on most of the ``files`` linted, saying how to set it."""
    if files < MIN_FILES:
        return []
    hit: dict[str, set[str]] = {}
    for f in findings:
        hit.setdefault(f.code, set()).add(f.path)
    return [
        f"{code} fires on {len(paths)} of {files} files: if that is your blog's style, "
        f"`reviewctl rules {code}` says how to configure or silence it"
        for code, paths in sorted(hit.items())
        # unreadable files and suppression comments are no house style
        if len(paths) > WIDESPREAD * files and not code.startswith(("IO", "RC"))
    ]


def format_json(findings: Sequence[Finding]) -> str:
    """A JSON array of ``{path, line, column, code, name, severity, message, fixable}``."""
    return as_json([f.to_dict() for f in findings], indent=True) + "\n"


_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    """A workflow command's data: ``%``, CR and LF encoded as GitHub reads them back, other
    control characters escaped (a log viewer is a terminal too)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return escape_controls(text, "")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(findings: Sequence[Finding]) -> str:
    """GitHub Actions workflow commands: ``::error file=…,line=…,col=…,title=CODE::message``."""
    lines = []
    for f in findings:
        props = (
            f"file={_escape_property(f.path)},line={f.line},col={f.column},"
            f"title={_escape_property(f.code)}"
        )
        lines.append(f"::{_LEVELS[f.severity]} {props}::{_escape_data(f.message)}\n")
    return "".join(lines)


def format_findings(findings: Sequence[Finding], fmt: str, paint: Paint | None = None) -> str:
    if fmt == "json":
        return format_json(findings)
    if fmt == "github":
        return format_github(findings)
    return format_text(findings, paint)


@dataclass(frozen=True, slots=True)
class CodeCount:
    """How often one rule reported, and how many of its findings ``--fix`` can mend."""

    code: str
    name: str
    count: int
    fixable: int


def statistics(findings: Sequence[Finding]) -> list[CodeCount]:
    """Per code: count, name and how many are fixable; most frequent first."""
    by_code: dict[str, list[Finding]] = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    rows = [
        CodeCount(code, group[0].name, len(group), sum(1 for f in group if f.fixable))
        for code, group in by_code.items()
    ]
    rows.sort(key=lambda r: (-r.count, r.code))
    return rows


def format_statistics(findings: Sequence[Finding], fmt: str = "text") -> str:
    rows = statistics(findings)
    if fmt == "json":
        return json.dumps([asdict(r) for r in rows], indent=2) + "\n"
    width = max((len(str(r.count)) for r in rows), default=1)
    out = []
    for r in rows:
        mark = "[*]" if r.fixable else "   "
        out.append(f"{str(r.count).rjust(width)}  {r.code}  {mark} {r.name}\n")
    return "".join(out)


def _rule_record(rule: Rule) -> dict[str, object]:
    """A rule as ``rules --format json`` gives it."""
    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity.value,
        "fixable": rule.fixable,
        "summary": rule.summary(),
    }


def format_rule_json(rule: Rule) -> str:
    """One rule's record, with its documentation as Markdown (``doc``)."""
    return json.dumps(_rule_record(rule) | {"doc": format_rule_doc(rule)}, indent=2) + "\n"


def format_rules(rules: Sequence[Rule], fmt: str = "text") -> str:
    """The rule table: code, name, default severity, fixable."""
    if fmt == "json":
        return json.dumps([_rule_record(r) for r in rules], indent=2) + "\n"
    width = max((len(r.name) for r in rules), default=4)
    out = [f"{'code':<6} {'name':<{width}}  {'severity':<8}  fixable\n"]
    for r in rules:
        fix = "yes" if r.fixable else "no"
        out.append(f"{r.code:<6} {r.name:<{width}}  {r.severity.value:<8}  {fix}\n")
    return "".join(out)


def format_rule_doc(rule: Rule) -> str:
    """The rule's documentation as Markdown: heading, default severity and fix, sections."""
    from reviewctl.lint.docs import rule_markdown

    return rule_markdown(rule)
