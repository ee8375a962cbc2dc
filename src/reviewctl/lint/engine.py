"""Run the rules over reviews: selection, severity overrides, suppression comments, workers.

The engine never prints. :class:`Linter` lints one review (:meth:`Linter.lint`) or a set of
paths (:meth:`Linter.lint_paths`); above :data:`PARALLEL_THRESHOLD` files the paths are split
into chunks that worker processes parse *and* lint, so only the findings travel back.
"""

from __future__ import annotations

import gc
import itertools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewctl.config import Config
from reviewctl.lint.context import Context
from reviewctl.lint.registry import Finding, Fix, Rule, Severity, all_rules, get_rule
from reviewctl.model import Problem, Review
from reviewctl.structure import Kind

if TYPE_CHECKING:
    from reviewctl.lint.vocabulary import RunVocabulary

# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 400
# Files per worker task: small enough to balance the cores, large enough to amortise pickling.
CHUNK_SIZE = 100

IO_CODE = "IO001"
UNUSED_CODE = "RC001"
INVALID_CODE = "RC002"


def _match_length(code: str, pattern: str) -> int | None:
    """How specifically ``pattern`` (a code, a prefix or ``ALL``) selects ``code``."""
    pattern = pattern.strip().upper()
    if pattern == "ALL":
        return 0
    return len(pattern) if pattern and code.startswith(pattern) else None


def unknown_patterns(patterns: Iterable[str]) -> list[str]:
    """The patterns that select no rule at all (typos in ``--select`` or the config)."""
    codes = [rule.code for rule in all_rules()]
    return [p for p in patterns if not any(_match_length(code, p) is not None for code in codes)]


@dataclass(frozen=True, slots=True)
class Selection:
    """Which rules run and at what severity: ``--select``/``--ignore`` and ``[lint]``.

    The most specific pattern wins (``--select TX --ignore TX001`` runs TX002…, and
    ``--ignore TX --select TX001`` runs TX001 alone); on a tie ``ignore`` wins.
    """

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()

    def enabled(self, code: str) -> bool:
        chosen = [n for p in self.select if (n := _match_length(code, p)) is not None]
        best_select = max(chosen, default=None) if self.select else -1
        if best_select is None:
            return False
        dropped = [n for p in self.ignore if (n := _match_length(code, p)) is not None]
        return not dropped or best_select > max(dropped)

    def severity_for(self, code: str, default: Severity) -> Severity:
        best: tuple[int, str] | None = None
        for pattern, level in self.severity:
            n = _match_length(code, pattern)
            if n is not None and (best is None or n >= best[0]):
                best = (n, level)
        return Severity(best[1]) if best else default

    @classmethod
    def from_config(
        cls,
        config: Config,
        select: Sequence[str] | None = None,
        ignore: Sequence[str] = (),
    ) -> Selection:
        """Command-line ``select`` replaces the config's ``select`` *and* ``ignore`` (asking
        for a rule by name runs it); otherwise ``ignore`` adds to the config's ignores."""
        lint = config.lint
        severity = tuple(sorted(lint.severity.items()))
        if select:
            return cls(select=tuple(select), ignore=tuple(ignore), severity=severity)
        return cls(select=lint.select, ignore=(*lint.ignore, *ignore), severity=severity)


@dataclass(frozen=True, slots=True)
class FileResult:
    path: Path
    findings: tuple[Finding, ...]
    readable: bool = True

    @property
    def fixable(self) -> bool:
        return any(f.fix is not None for f in self.findings)


# -- suppression comments -----------------------------------------------------------------

_DIRECTIVE = re.compile(r"<!--\s*reviewctl\s*:\s*(.*?)\s*-->", re.S | re.I)
_ACTIONS = ("ignore", "ignore-file")


@dataclass(slots=True)
class _Directive:
    line: int
    column: int
    scope: tuple[int, int] | None  # file lines of the next block; None: the whole file
    codes: tuple[str, ...]  # empty: every code
    used: set[str] = field(default_factory=set)

    def covers(self, finding: Finding) -> str | None:
        """The code pattern that suppresses ``finding`` (``"*"`` for a bare ``ignore``)."""
        if self.scope is not None and not self.scope[0] <= finding.line <= self.scope[1]:
            return None
        if not self.codes:
            return "*"
        return next((c for c in self.codes if _match_length(finding.code, c) is not None), None)


def _directives(ctx: Context) -> tuple[list[_Directive], list[tuple[int, int, str]]]:
    """The suppression comments of a review, and the problems with malformed ones."""
    blocks = ctx.parts.blocks
    found: list[_Directive] = []
    problems: list[tuple[int, int, str]] = []
    for index, block in enumerate(blocks):
        if block.kind is not Kind.COMMENT or "reviewctl" not in block.text.lower():
            continue
        text = block.text
        for match in _DIRECTIVE.finditer(text):
            before = text[: match.start()]
            line = block.start + before.count("\n")
            column = match.start() - (before.rfind("\n") + 1) + 1
            action, _, rest = match.group(1).partition(" ")
            action = action.strip().lower()
            codes = tuple(c.upper() for c in re.split(r"[\s,]+", rest.strip()) if c)
            if action not in _ACTIONS:
                problems.append(
                    (line, column, f"unknown suppression {action!r} (use ignore or ignore-file)")
                )
                continue
            bad = unknown_patterns(codes)
            if bad:
                problems.append((line, column, f"suppression names unknown rule {bad[0]!r}"))
                codes = tuple(c for c in codes if c not in bad)
                if not codes:
                    continue
            scope: tuple[int, int] | None = None
            if action == "ignore":
                following = next(
                    (b for b in blocks[index + 1 :] if b.kind is not Kind.COMMENT), None
                )
                scope = (following.start, following.end) if following else (0, -1)
            found.append(_Directive(line, column, scope, codes))
    return found, problems


# -- the linter ---------------------------------------------------------------------------


class Linter:
    """The rules a run uses, with the config and selection they run under."""

    def __init__(self, config: Config, selection: Selection | None = None) -> None:
        self.config = config
        self.selection = selection or Selection.from_config(config)
        self.rules: list[Rule] = [
            r for r in all_rules() if r.checks and self.selection.enabled(r.code)
        ]
        #: the run's vocabulary (built on first use), set by :meth:`lint_paths` when a rule
        #: uses it
        self.vocabulary: RunVocabulary | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return (Linter, (self.config, self.selection), {"vocabulary": self.vocabulary})

    def _system(
        self, review: Review, code: str, line: int, column: int, message: str
    ) -> list[Finding]:
        """A finding the engine itself reports (IO001, RC…), if that code is selected."""
        rule = get_rule(code)
        if rule is None or not self.selection.enabled(code):
            return []
        level = self.selection.severity_for(code, rule.severity)
        return [Finding(str(review.path), line, column, code, rule.name, level, message)]

    def lint(self, review: Review) -> list[Finding]:
        """Every finding for one parsed review, suppressions applied, sorted by position."""
        if not review.readable:
            error = review.error or Problem("cannot read file", kind="read")
            return self._system(review, IO_CODE, error.line, error.column, error.message)
        ctx = Context(review, self.config, self.vocabulary)
        path = str(review.path)
        findings: list[Finding] = []
        fixable: list[Rule] = []
        for rule in self.rules:
            try:
                for d in rule.check(ctx):
                    if d.fix is not None and (not fixable or fixable[-1] is not rule):
                        fixable.append(rule)
                    level = self.selection.severity_for(rule.code, d.severity or rule.severity)
                    findings.append(
                        Finding(
                            path, d.line, d.column, rule.code, rule.name, level, d.message, d.fix
                        )
                    )
            except Exception as exc:  # a rule bug must not stop the batch; say so loudly
                message = f"internal error in rule {rule.code}: {type(exc).__name__}: {exc}"
                findings.append(Finding(path, 1, 1, rule.code, rule.name, Severity.ERROR, message))
        if fixable:
            findings = self._verify_fixes(review, fixable, findings)
        if Kind.COMMENT in [b.kind for b in ctx.parts.blocks]:
            findings = self._suppress(ctx, findings)
        findings.sort(key=Finding.sort_key)
        return findings

    def _verify_fixes(
        self, review: Review, rules: list[Rule], findings: list[Finding]
    ) -> list[Finding]:
        """Keep a fix only if applying it makes its rule report less.

        A fix that cannot work where it lands (a footer appended inside an unclosed code
        fence, say) is dropped, so ``[*]`` is only shown for fixes that do their job and a
        second ``--fix`` run never finds the same thing to fix again.
        """
        from reviewctl.lint.edits import apply_fixes
        from reviewctl.parse import parse_text

        verdicts: dict[Fix, bool] = {}
        for rule in rules:
            before = sum(1 for f in findings if f.code == rule.code)
            for finding in findings:
                fix = finding.fix
                if finding.code != rule.code or fix is None or fix in verdicts:
                    continue
                text, _ = apply_fixes(review.text, [fix])
                fixed = parse_text(text, review.path, review.markers, bom=review.bom)
                try:
                    after = sum(1 for _ in rule.check(Context(fixed, self.config)))
                except Exception:  # reported by the main run if the rule is broken
                    after = before
                verdicts[fix] = after < before
        return [
            f if f.fix is None or verdicts.get(f.fix, True) else replace(f, fix=None)
            for f in findings
        ]

    def _suppress(self, ctx: Context, findings: list[Finding]) -> list[Finding]:
        directives, problems = _directives(ctx)
        review = ctx.review
        kept: list[Finding] = []
        for finding in findings:
            hit = False
            for directive in directives:
                pattern = directive.covers(finding)
                if pattern is not None:
                    directive.used.add(pattern)
                    hit = True
            if not hit:
                kept.append(finding)
        extra: list[Finding] = []
        for line, column, message in problems:
            extra += self._system(review, INVALID_CODE, line, column, message)
        checked = {rule.code for rule in self.rules}
        for directive in directives:
            if not directive.codes:
                if not directive.used:
                    extra += self._system(review, UNUSED_CODE, directive.line, directive.column,
                                          "unused suppression: it hides no finding")  # fmt: skip
                continue
            for code in directive.codes:
                judged = any(_match_length(c, code) is not None for c in checked)
                if judged and code not in directive.used:
                    message = f"unused suppression: no {code} finding to hide"
                    extra += self._system(
                        review, UNUSED_CODE, directive.line, directive.column, message
                    )
        file_wide = [d for d in directives if d.scope is None]
        kept += [f for f in extra if not any(d.covers(f) for d in file_wide)]
        return kept

    def lint_path(self, path: Path) -> FileResult:
        from reviewctl.parse import parse_review

        review = parse_review(path, self.config.markers)
        return FileResult(path, tuple(self.lint(review)), review.readable)

    def lint_paths(self, paths: Iterable[Path], *, jobs: int | None = None) -> list[FileResult]:
        """Lint every review file under ``paths``, in order; large sets use every core.

        Once :data:`PARALLEL_THRESHOLD` files are found, chunks go to worker processes while
        the folders are still being walked; each worker parses and lints its chunk.
        """
        from reviewctl.archive import iter_files

        workers = jobs if jobs is not None else (os.cpu_count() or 1)
        paths = list(paths)
        found: Iterator[Path | Review] = iter_files(paths, self.config)
        if any(rule.uses_vocabulary for rule in self.rules):
            from reviewctl.lint.vocabulary import RunVocabulary, load_dictionary

            every = list(found)
            self.vocabulary = RunVocabulary(self.config, every, paths)
            load_dictionary(self.config.lint.spelling_language)  # before workers fork: shared
            found = iter(every)
        pending: list[Path | Review] = []
        for item in found:
            pending.append(item)
            if workers > 1 and len(pending) >= PARALLEL_THRESHOLD:
                return self._across_files(self._parallel(pending, found, workers))
        return self._across_files([self._one(item) for item in pending])

    def _across_files(self, results: list[FileResult]) -> list[FileResult]:
        """Let rules that judge a finding by the whole run (:meth:`Rule.across_files`)
        withdraw findings once every file is linted."""
        withdrawn: set[int] = set()
        for rule in self.rules:
            if rule.uses_vocabulary:
                mine = [f for r in results for f in r.findings if f.code == rule.code]
                withdrawn.update(id(f) for f in rule.across_files(mine))
        if not withdrawn:
            return results
        return [
            replace(r, findings=tuple(f for f in r.findings if id(f) not in withdrawn))
            if any(id(f) in withdrawn for f in r.findings)
            else r
            for r in results
        ]

    def _one(self, item: Path | Review) -> FileResult:
        if isinstance(item, Path):
            return self.lint_path(item)
        return FileResult(item.path, tuple(self.lint(item)), item.readable)

    def _parallel(
        self, head: list[Path | Review], rest: Iterable[Path | Review], workers: int
    ) -> list[FileResult]:
        """Lint in worker processes, ``CHUNK_SIZE`` files per task, results in file order.

        The workers get the linter once, when they start (forked: nothing is pickled), and
        each task is a list of path strings. A worker sends back only the files that have
        findings or could not be read; a clean file's result is rebuilt here from its path.
        """
        if self.vocabulary is not None:
            self.vocabulary.get()  # once, here, rather than once in every worker
        gc.freeze()  # forked workers then never touch (and so never copy) the parent's objects
        try:
            return self._run_pool(head, rest, workers)
        finally:
            gc.unfreeze()

    def _run_pool(
        self, head: list[Path | Review], rest: Iterable[Path | Review], workers: int
    ) -> list[FileResult]:
        from concurrent.futures import Future, ProcessPoolExecutor

        slots: list[tuple[Future[list[_Compact]], list[Path]] | FileResult] = []
        with ProcessPoolExecutor(
            workers, mp_context=_fork_context(), initializer=_start_worker, initargs=(self,)
        ) as pool:
            chunk: list[Path] = []

            def flush() -> None:
                if chunk:
                    task = pool.submit(_lint_chunk, [str(path) for path in chunk])
                    slots.append((task, list(chunk)))
                    chunk.clear()

            for item in itertools.chain(head, rest):
                if isinstance(item, Path):
                    chunk.append(item)
                    if len(chunk) >= CHUNK_SIZE:
                        flush()
                else:
                    flush()
                    slots.append(self._one(item))
            flush()
            out: list[FileResult] = []
            for slot in slots:
                if isinstance(slot, FileResult):
                    out.append(slot)
                    continue
                task, paths = slot
                results = [FileResult(path, ()) for path in paths]
                for index, findings, readable in task.result():
                    results[index] = FileResult(paths[index], findings, readable)
                out.extend(results)
        return out


# What a worker sends back for a file with findings: its index in the chunk, the findings
# and whether it could be read.
_Compact = tuple[int, tuple[Finding, ...], bool]
_WORKER: list[Linter] = []


def _fork_context() -> Any:
    """Fork where the platform has it: workers start at once with every module imported."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _start_worker(linter: Linter) -> None:
    _WORKER[:] = [linter]
    gc.freeze()


def _lint_chunk(paths: list[str]) -> list[_Compact]:
    """A worker's task. Linting makes no reference cycles, so the cyclic garbage collector
    is paused while it runs (it would otherwise rescan the young objects thousands of times)."""
    linter = _WORKER[0]
    enabled = gc.isenabled()
    gc.disable()
    try:
        out: list[_Compact] = []
        for index, name in enumerate(paths):
            result = linter.lint_path(Path(name))
            if result.findings or not result.readable:
                out.append((index, result.findings, result.readable))
        return out
    finally:
        if enabled:
            gc.enable()


def lint_review(
    review: Review, config: Config, selection: Selection | None = None
) -> list[Finding]:
    """Lint one parsed review (a convenience for library users)."""
    return Linter(config, selection).lint(review)
