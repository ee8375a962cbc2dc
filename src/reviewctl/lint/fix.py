"""Apply the rules' safe fixes: only the reported spans change, every other byte stays.

Edits are offsets into the decoded text (BOM removed, line endings as in the file); the file
is re-encoded as UTF-8 with its BOM put back, so untouched bytes round-trip exactly. Fixing
repeats (re-parse, re-lint) until nothing fixable is left, as a second run would see it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from reviewctl.fs import read_limited
from reviewctl.lint.edits import apply_fixes
from reviewctl.lint.engine import FileResult, Linter
from reviewctl.lint.registry import Finding
from reviewctl.model import Review

BOM = b"\xef\xbb\xbf"
MAX_PASSES = 10


@dataclass(frozen=True, slots=True)
class FixResult:
    """The outcome of fixing one file."""

    path: Path
    original: bytes
    fixed: bytes
    applied: tuple[Finding, ...]  # the findings whose fix was applied
    remaining: tuple[Finding, ...]  # what a lint of the fixed text reports

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self, label: str | None = None) -> str:
        """A unified diff of the change (empty when nothing changed)."""
        if not self.changed:
            return ""
        before = _lines(_decode(self.original))
        after = _lines(_decode(self.fixed))
        name = label or str(self.path)
        lines = difflib.unified_diff(before, after, name, name)
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
                       for line in lines)  # fmt: skip


def _lines(text: str) -> list[str]:
    """``text`` in lines as ``patch`` counts them: at ``\n`` only (``splitlines`` would also
    break at a form feed, NEL or U+2028 inside a line and shift the hunk numbers)."""
    lines = text.split("\n")
    ended = [line + "\n" for line in lines[:-1]]
    return [*ended, lines[-1]] if lines[-1] else ended


def _decode(data: bytes) -> str:
    return data.decode("utf-8-sig", errors="replace")


def encode(review: Review, text: str) -> bytes:
    return (BOM if review.bom else b"") + text.encode("utf-8")


def fix_file(path: Path, linter: Linter) -> FixResult | None:
    """Fix ``path`` in memory (nothing is written); ``None`` if it cannot be read."""
    from reviewctl.parse import parse_bytes, parse_text  # PyYAML: only when fixing

    try:
        original, _ = read_limited(path, linter.config.max_file_size)
    except OSError:
        return None
    markers = linter.config.markers
    review = parse_bytes(original, path, markers)
    if not review.readable:
        return None
    applied: list[Finding] = []
    findings = linter.lint(review)
    for _ in range(MAX_PASSES):
        fixable = [f for f in findings if f.fix is not None]
        if not fixable:
            break
        text, taken = apply_fixes(review.text, [f.fix for f in fixable if f.fix is not None])
        if not taken or text == review.text:
            break
        applied += [f for f in fixable if f.fix in taken]
        review = parse_text(text, path, markers, bom=review.bom)
        findings = linter.lint(review)
    return FixResult(path, original, encode(review, review.text), tuple(applied), tuple(findings))


def write_fix(result: FixResult) -> None:
    """Write a fixed file atomically, keeping its permissions."""
    from reviewctl.fs import clean_stale_temps, edit_target, write_atomic

    target = edit_target(result.path)
    write_atomic(target, result.fixed, force=True, expected=result.original)
    clean_stale_temps(target.parent)  # what an interrupted fix of this folder left


@dataclass
class FixRun:
    """What ``lint --fix`` / ``--diff`` did over a run: the findings left, how many were
    fixed, the would-be fixes (``--diff``), and one line per file it could not write."""

    findings: list[Finding] = field(default_factory=list)
    fixed: int = 0
    would_fix: list[FixResult] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def fix_results(results: Iterable[FileResult], linter: Linter, *, write: bool) -> FixRun:
    """Apply (``write``) or collect the safe fixes of ``results``; the findings that remain."""
    from reviewctl.errors import ReviewctlError

    run = FixRun()
    left: list[FileResult] = []  # each file's findings after its fixes
    targets: set[str] = set()  # the files fixed, once each: a symlink and its target are one
    for result in results:
        current = list(result.findings)
        outcome = fix_file(result.path, linter) if result.fixable else None
        if outcome is not None and write and not outcome.changed:
            current = list(outcome.remaining)  # as it is now (fixed under another name?)
        elif (
            outcome is not None
            and outcome.changed
            and (target := os.path.realpath(result.path)) not in targets
        ):
            targets.add(target)
            if not write:
                run.would_fix.append(outcome)
            else:
                try:
                    write_fix(outcome)
                except (OSError, ReviewctlError) as exc:
                    reason = exc.strerror if isinstance(exc, OSError) else exc.message
                    reason = (reason or str(exc)).removeprefix("cannot write: ")
                    run.failures.append(f"{result.path}: cannot write the fix: {reason}")
                    left.append(replace(result, findings=tuple(current)))
                    continue
                run.fixed += len(outcome.applied)
                current = list(outcome.remaining)
        left.append(replace(result, findings=tuple(current)))
    # what a rule withdraws once every file is linted (a name in two reviews is no misspelling),
    # from the files as they are now: ``results`` must not have had it withdrawn already
    run.findings = [f for r in linter.across_files(left) for f in r.findings]
    return run
