"""Run the rules over reviews: selection, severity overrides, suppression comments, workers.

The engine never prints. :class:`Linter` lints one review (:meth:`Linter.lint`) or a set of
paths (:meth:`Linter.lint_paths`) through the batch runner (:mod:`reviewctl.batch`), whose
workers parse *and* lint, so only the findings travel back.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reviewctl.config import Config
from reviewctl.fs import listing
from reviewctl.lint.context import Context
from reviewctl.lint.registry import (
    Diagnostic,
    Finding,
    Fix,
    Rule,
    Severity,
    Spot,
    all_rules,
    get_rule,
)
from reviewctl.model import Problem, Review
from reviewctl.structure import Kind

if TYPE_CHECKING:
    from reviewctl.index import Index
    from reviewctl.lint.vocabulary import RunVocabulary, Vocabulary

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


def check_codes(config: Config, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> None:
    """Refuse every pattern of ``--select``/``--ignore`` and of the config's ``[lint]`` that
    selects no rule: :class:`ConfigErrors`, each naming the config line it is written on."""
    from reviewctl.errors import ConfigError, ConfigErrors
    from reviewctl.suggest import did_you_mean

    lint = config.lint
    sources = [
        ("--select", select, False),
        ("--ignore", ignore, False),
        ("lint.select", lint.select, True),
        ("lint.ignore", lint.ignore, True),
        ("lint.severity", list(lint.severity), True),
        ("lint.per_file_ignores", [c for _, cs in lint.per_file_ignores for c in cs], True),
    ]
    codes = [rule.code for rule in all_rules()]
    named = {rule.name: rule.code for rule in all_rules()}
    errors = []
    text: str | None = None  # the config's text, read only to place an error
    for option, patterns, in_config in sources:
        for bad in unknown_patterns(patterns):
            guess = named.get(bad.strip().lower()) or did_you_mean(bad.upper(), codes)
            hint = f" (did you mean {guess}?)" if guess else ""
            message = f"{option}: unknown rule code or prefix {bad!r}{hint}"
            if not in_config or config.source is None:
                errors.append(ConfigError(message))
                continue
            if text is None:
                try:
                    text = config.source.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError):  # read a moment ago: lines are a nicety
                    text = ""
            errors.append(ConfigError(message, config.source, _line_of(text, bad)))
    if errors:
        raise ConfigErrors(errors)


def _line_of(text: str, code: str) -> int | None:
    """The line of the config where ``code`` is written, quoted or as a key."""
    quoted = re.escape(code)
    where = re.search(rf"""(["']){quoted}\1|^[ \t]*{quoted}[ \t]*=""", text, re.M)
    return text.count("\n", 0, where.start()) + 1 if where else None


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
    name: str  # the path as the walker spelled it (a ``Path`` per file costs a warm run)
    findings: tuple[Finding, ...]
    readable: bool = True
    #: files outside the review whose presence the findings depend on (path → found)
    files: tuple[tuple[str, bool], ...] = ()
    until: str = ""  # the day from which the findings may differ (ISO; "": never)
    #: the words the vocabulary rules judged (:meth:`Rule.judge`), to judge them again when
    #: only the vocabulary changed; ``None``: no such rule ran, or suppression comments
    #: may hide what they find (the file is linted again)
    spots: tuple[Spot, ...] | None = None
    #: the words the vocabulary alone knew: the spots are judged again only while it does
    known: tuple[str, ...] = ()
    #: the words the spelling rules looked for that hid another inside their occurrence:
    #: the spots are judged again only while the vocabulary knows none of them (a
    #: vocabulary knowing "wizzard'ly" finds "wizzard" there)
    hiding: tuple[str, ...] = ()
    #: the far "did you mean" searches a worker made for the file (language, word, words):
    #: carried back for the run to keep in the index (:func:`spelling.keep_far`)
    far: tuple[tuple[str, str, tuple[str, ...]], ...] = ()

    @property
    def path(self) -> Path:
        return Path(self.name)

    @property
    def fixable(self) -> bool:
        return any(f.fixable for f in self.findings)


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
        return self.covers_code(finding.code)

    def covers_code(self, code: str) -> str | None:
        """The pattern of this comment that names ``code`` (``"*"``: it names none, so all)."""
        if not self.codes:
            return "*"
        return next((c for c in self.codes if _match_length(code, c) is not None), None)


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


def ignored_in_file(ctx: Context, code: str) -> bool:
    """Whether an ``ignore-file`` suppression comment of the review silences ``code``."""
    directives, _ = _directives(ctx)
    return any(d.scope is None and d.covers_code(code) for d in directives)


# -- the linter ---------------------------------------------------------------------------


class Linter:
    """The rules a run uses, with the config and selection they run under."""

    def __init__(self, config: Config, selection: Selection | None = None) -> None:
        self.config = config
        self.selection = selection or Selection.from_config(config)
        self.rules: list[Rule] = [
            r for r in all_rules() if r.checks and self.selection.enabled(r.code)
        ]
        self._judging = [r for r in self.rules if r.uses_vocabulary]
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
        return list(self._result(review).findings)

    def _result(self, review: Review) -> FileResult:
        path = str(review.path)
        if not review.readable:
            error = review.error or Problem("cannot read file", kind="read")
            problem = self._system(review, IO_CODE, error.line, error.column, error.message)
            return FileResult(path, tuple(problem), readable=False)
        ctx = Context(review, self.config, self.vocabulary, partial(self._reports, path))
        findings: list[Finding] = []
        fixable: list[Rule] = []
        # with the config's words alone the spots are found, not judged: a file that has any
        # is linted again in the whole vocabulary (the suggestions for a word cost most)
        later = self.vocabulary is not None and self.vocabulary.provisional
        for rule in self.rules:
            if later and rule.uses_vocabulary:
                continue
            found = self._emit(path, rule, rule.check, ctx)
            if found:  # most rules find nothing in most files
                if any(f.fix is not None for f in found):
                    fixable.append(rule)
                findings += found
        if review.error is not None and fixable:  # the body's start is a guess: no fix
            findings = [replace(f, fix=None) if f.fix is not None else f for f in findings]
        elif fixable:
            findings = self._verify_fixes(review, fixable, findings)
        directives: list[_Directive] = []
        if Kind.COMMENT in [b.kind for b in ctx.parts.blocks]:
            directives, problems = _directives(ctx)
            findings = self._suppress(ctx, findings, directives, problems)
        if self.config.lint.per_file_ignores:
            findings = self._per_file(path, findings)
        findings.sort(key=Finding.sort_key)
        files = tuple(sorted(ctx.files.items()))
        spots: tuple[Spot, ...] | None = None
        known: tuple[str, ...] = ()
        if self._judging and not directives:  # else whether one is used may change
            from reviewctl.lint.rules.spelling import known_parts
            from reviewctl.lint.rules.spelling import spots as find_spots

            spots, known = tuple(find_spots(ctx)), known_parts(ctx)
        return FileResult(
            path,
            tuple(findings),
            files=files,
            until=ctx.until,
            spots=spots,
            known=known,
            hiding=tuple(sorted(ctx.hiding)),
        )

    def _emit(
        self,
        path: str,
        rule: Rule,
        diagnose: Callable[..., Iterable[Diagnostic]],
        *args: Any,
    ) -> list[Finding]:
        """What ``diagnose(*args)`` (a rule's check of one file) reports, as findings at
        their effective severity; a rule that fails is reported, and the run goes on."""
        found: list[Finding] = []
        try:
            for d in diagnose(*args):
                level = self.selection.severity_for(rule.code, d.severity or rule.severity)
                found.append(
                    Finding(path, d.line, d.column, rule.code, rule.name, level, d.message, d.fix)
                )
        except Exception as exc:  # a rule bug must not stop the batch; say so loudly
            message = f"internal error in rule {rule.code}: {type(exc).__name__}: {exc}"
            found.append(Finding(path, 1, 1, rule.code, rule.name, Severity.ERROR, message))
        return found

    def _judge_again(self, result: FileResult, vocabulary: Vocabulary) -> FileResult:
        """A remembered result with its vocabulary rules' findings judged again under
        ``vocabulary`` from its spots, the file unread."""
        spots = result.spots or ()
        codes = {rule.code for rule in self._judging}
        fresh: list[Finding] = []
        language = self.config.lint.spelling_language
        for rule in self._judging:
            fresh += self._emit(result.name, rule, rule.judge, spots, vocabulary, language)
        if self.config.lint.per_file_ignores:
            fresh = self._per_file(result.name, fresh)
        findings = [f for f in result.findings if f.code not in codes] + fresh
        findings.sort(key=Finding.sort_key)
        return replace(result, findings=tuple(findings))

    def _per_file(self, name: str, findings: list[Finding]) -> list[Finding]:
        """Drop the findings ``[lint] per_file_ignores`` switches off for the file ``name``."""
        codes = self._ignored_for(name)
        return [f for f in findings if not any(_match_length(f.code, c) is not None for c in codes)]

    def _ignored_for(self, name: str) -> tuple[str, ...]:
        path = os.path.abspath(name)
        relative = os.path.relpath(path, self.config.root).replace(os.sep, "/")
        return self.config.lint.ignored_for(relative)

    def _reports(self, name: str, code: str) -> bool:
        """Whether this run reports ``code`` for the file ``name`` (:meth:`Context.reports`)."""
        if not any(rule.code == code for rule in self.rules):
            return False
        if not self.config.lint.per_file_ignores:
            return True
        return not any(_match_length(code, c) is not None for c in self._ignored_for(name))

    def _verify_fixes(
        self, review: Review, rules: list[Rule], findings: list[Finding]
    ) -> list[Finding]:
        """Keep a fix only if applying it makes its rule report less.

        A fix that cannot work where it lands (a footer appended inside an unclosed code
        fence, say) is dropped, so ``[*]`` is only shown for fixes that do their job and a
        second ``--fix`` run never finds the same thing to fix again.
        """
        from reviewctl.lint.fixcheck import judge_fixes

        verdicts: dict[Fix, bool] = {}
        for rule in rules:
            before = sum(1 for f in findings if f.code == rule.code)
            fixes = [f.fix for f in findings if f.code == rule.code and f.fix is not None]
            judge_fixes(review, rule, self.config, before, fixes, verdicts)
        return [
            f if f.fix is None or verdicts.get(f.fix, True) else replace(f, fix=None)
            for f in findings
        ]

    def _suppress(
        self,
        ctx: Context,
        findings: list[Finding],
        directives: list[_Directive],
        problems: list[tuple[int, int, str]],
    ) -> list[Finding]:
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

        return self._result(
            parse_review(path, self.config.markers, limit=self.config.max_file_size)
        )

    def lint_paths(
        self,
        paths: Iterable[Path],
        *,
        jobs: int | None = None,
        use_index: bool = False,
        problems: list[str] | None = None,
        across: bool = True,
    ) -> list[FileResult]:
        """Lint every review file under ``paths``, in order, through the batch runner.

        ``across=False`` leaves in what rules withdraw once every file is linted
        (:meth:`across_files`), for a caller that changes files first (``--fix``).

        With ``use_index``, a file whose stamp matches what the archive index remembers for
        this config, selection, vocabulary and reviewctl is not read: its findings are
        remembered ones (their fixes are not kept; ``--fix`` lints such a file again). Index
        problems are appended to ``problems``.
        """
        from reviewctl.archive import iter_names
        from reviewctl.index import Index

        paths = list(paths)
        found = list(iter_names(paths, self.config))
        if any(rule.uses_vocabulary for rule in self.rules):
            from reviewctl.lint.vocabulary import RunVocabulary

            self.vocabulary = RunVocabulary(self.config, found, paths)
        if not use_index:
            vocabulary = self.vocabulary
            results = self._lazily(found, jobs, vocabulary.get if vocabulary else None)
        else:
            with Index.open(self.config.root) as index:
                results = self._remembered(found, paths, index, jobs)
                if problems is not None:
                    problems.extend(index.problems)
        return self.across_files(results) if across else results

    def _run(self, items: list[str | Review], jobs: int | None) -> list[FileResult]:
        """Lint ``items`` through the batch runner; the dictionary and the run's vocabulary are
        loaded here, once, before any worker forks (and not at all when nothing is linted)."""
        from reviewctl import batch

        if self.vocabulary is not None and items:
            from reviewctl.lint.vocabulary import load_dictionary

            dictionary = load_dictionary(self.config.lint.spelling_language, self.vocabulary.index)
            if len(items) >= batch.PARALLEL_THRESHOLD:
                self.vocabulary.get()
                dictionary.whole()  # once here, not in each worker
        reads = [item for item in items if isinstance(item, str)]
        results = batch.run(items, _lint_chunk, state=self, jobs=jobs, reads=reads)
        if self._judging and (found := [f for r in results for f in r.far]):
            from reviewctl.lint.rules.spelling import keep_far

            keep_far(found)
        return results

    def _lazily(
        self,
        items: list[str | Review],
        jobs: int | None,
        whole: Callable[[], Vocabulary] | None,
    ) -> list[FileResult]:
        """Lint ``items``, reading the archive's front matter for the ``whole`` vocabulary
        only if a file needs it: most reviews have no word that neither the dictionary nor
        the config knows, and their findings are the same in any vocabulary.

        The first :data:`PROBE` files are linted with the config's words alone. When one of
        them has such a word, the archive's others likely have too (a real archive's names
        of characters), and the rest are linted in the whole vocabulary, built first. When
        none has, the rest are linted with the config's words too. Either way, the files
        linted with the config's words that have such a word are linted again in the whole
        vocabulary. Cold lint of 10,000 generated reviews: their front matter is never read
        (0.3 s less before the workers start); of 1,640 real posts: as before."""
        run = self.vocabulary
        if run is None or whole is None:
            return self._run(items, jobs)

        def provisionally(part: list[str | Review], at: int) -> tuple[list[FileResult], list[int]]:
            assert run is not None
            run.provisional = True
            try:
                linted = self._run(part, jobs)
            finally:
                run.provisional = False
            return linted, [at + n for n, r in enumerate(linted) if not self._settled(r)]

        results, needs = provisionally(items[:PROBE], 0)
        rest = items[PROBE:]
        if rest and needs:  # the archive's words matter here: the whole vocabulary first
            whole()
            results += self._run(rest, jobs)
        elif rest:  # none of the probe's needed them
            more, needs = provisionally(rest, PROBE)
            results += more
        if needs:
            whole()  # built here, before any worker forks
            for n, result in zip(needs, self._run([items[n] for n in needs], jobs), strict=True):
                results[n] = result
        return results

    def _settled(self, result: FileResult) -> bool:
        """Whether ``result``, linted with the config's words alone, is the same in any
        vocabulary (:meth:`RunVocabulary.independent`)."""
        run = self.vocabulary
        return not result.readable or run is None or run.independent(result)

    def _remembered(
        self, found: list[str | Review], paths: list[Path], index: Index, jobs: int | None
    ) -> list[FileResult]:
        """Lint ``found``, reusing the findings the index holds for unchanged files.

        Findings of rules that read the run's vocabulary (spelling) depend on the front
        matter of every file: the key includes a digest of the vocabulary, so an edit to one
        review's body (or to front matter that leaves the vocabulary as it was: a date, a
        rating) relints that review alone, and an edit that changes the vocabulary relints
        the run. A file whose every word the dictionary and the config know needs no
        vocabulary (:meth:`RunVocabulary.independent`), and its row says so: when no file of
        the run needs it, the archive's front matter is not looked at at all (the files to
        lint are linted with the config's words first: :meth:`_lazily`).
        """
        from reviewctl.archive import names_files
        from reviewctl.cache import Stamps, look_up, remember, rows_key

        run = self.vocabulary
        if run is not None:
            run.attach(index)  # the dictionary, as the index keeps it
        seen: Stamps = {}
        key = rows_key(self.config, f"lint\0{self.selection!r}")
        lookup = look_up(index, "lint", key, found, seen, only_found=names_files(paths, found))
        judged = ""  # the vocabulary the rows' spelling findings must have been judged in

        def vocabulary() -> Vocabulary:
            """The run's whole vocabulary, its digest worked out on first use."""
            nonlocal judged
            assert run is not None
            if not judged:
                judged = run.fingerprint(index, seen)
            return run.get()

        results: dict[int, FileResult] = {}
        misses = [i for i, item in enumerate(found) if not isinstance(item, str)]
        again: list[int] = []  # judged in another vocabulary: judged again, not read
        listings: dict[str, frozenset[str]] = {}
        language = self.config.lint.spelling_language
        for position, row in lookup.hits.items():
            name = found[position]
            try:
                if not isinstance(name, str) or not _still(row, listings):
                    raise ValueError
                result = FileResult(name, _findings(name, row))
                if run is not None and not (  # else the same whatever the front matter says
                    row["vocabulary"] == _INDEPENDENT and run.knows_all(row.get("known", []))
                ):
                    whole = vocabulary()
                    if row["vocabulary"] != judged:
                        from reviewctl.lint.rules.spelling import knows_any, still_known

                        known = row.get("known", [])
                        hiding = row.get("hiding", [])
                        if not still_known(known, whole, language) or knows_any(
                            hiding, whole, language
                        ):  # a word it knew left the vocabulary, or one that hid another
                            raise ValueError  # entered it (the other shows now): read again
                        spots = tuple(Spot(*s) for s in row["spots"])
                        result = replace(
                            result, spots=spots, known=tuple(known), hiding=tuple(hiding)
                        )
                        again.append(position)
                results[position] = result
            except (KeyError, TypeError, ValueError):  # changed around it, or another shape
                misses.append(position)
        misses = sorted(misses + lookup.misses)
        todo = [found[i] for i in misses]
        # the whole vocabulary known already (a remembered file needed it): linted in it
        far = bool(self._judging and (todo or again))  # spelling suggestions to work out
        if far:
            from reviewctl.lint.rules.spelling import recall_far, remember_far

            recall_far(index, language)  # "did you mean" two edits away: the dictionary's
        fresh = self._lazily(todo, jobs, None if judged else vocabulary)
        results.update(zip(misses, fresh, strict=True))
        for position in again:
            results[position] = self._judge_again(results[position], vocabulary())
        if far:
            remember_far(index, language)
        rows: dict[int, Any] = {}
        for i in misses + again:
            result = results[i]
            if i in lookup.stamps and result.readable:
                independent = run is not None and run.independent(result)
                rows[i] = _remembered_row(result, _INDEPENDENT if independent else judged)
        remember(index, "lint", key, lookup, rows, paths)
        return [results[i] for i in range(len(found))]

    def across_files(self, results: list[FileResult]) -> list[FileResult]:
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

    def _one(self, item: str | Path | Review) -> FileResult:
        if not isinstance(item, Review):
            return self.lint_path(Path(item))
        return self._result(item)


def _lint_chunk(linter: Linter, items: list[str | Review]) -> list[FileResult]:
    from reviewctl.batch import in_worker

    if not (linter._judging and in_worker()):
        return [linter._one(item) for item in items]
    from reviewctl.lint.rules.spelling import far_searched

    results = []
    for item in items:
        result = linter._one(item)
        found = far_searched()
        results.append(replace(result, far=found) if found else result)
    return results


#: How many files a run lints with the config's words alone before it knows whether the
#: archive's front matter is worth reading first (about 6 ms of linting: see
#: :meth:`Linter._lazily`)
PROBE = 16

#: What a remembered row says where a vocabulary's digest goes when its findings hold in
#: any vocabulary (:meth:`RunVocabulary.independent`)
_INDEPENDENT = "-"


def _compact(finding: Finding) -> list[Any]:
    """What the index keeps of a finding (not its fix)."""
    f = finding
    return [f.line, f.column, f.code, f.name, f.severity.value, f.message, f.fixable]


def _remembered_row(result: FileResult, judged: str = "") -> Any:
    """What the index keeps of a file's lint: its findings, with the files around it that
    they depend on when there are any (a picture that is missing, or there), and the
    vocabulary its spelling was ``judged`` in with the spots to judge again."""
    findings = [_compact(f) for f in result.findings]
    if not result.files and not result.until and not judged:
        return findings
    row: dict[str, Any] = {"findings": findings}
    if result.files or result.until:
        row["files"] = [list(item) for item in result.files]
        row["until"] = result.until
    if judged:
        row["vocabulary"] = judged
        if result.spots is not None:
            row["spots"] = [[s.line, s.column, s.text] for s in result.spots]
            if result.known:
                row["known"] = list(result.known)
            if result.hiding:
                row["hiding"] = list(result.hiding)
    return row


def _still(row: Any, listings: dict[str, frozenset[str]]) -> bool:
    """Whether what a remembered row depends on besides the file is as it was: the files
    around it (each folder read once per run, as MD004 reads them: ten folders instead of
    10,000 stats on a warm run), and the date."""
    if isinstance(row, list):
        return True
    until = row.get("until")
    if until and dt.date.today().isoformat() >= until:
        return False
    for path, found in row.get("files", ()):
        folder, name = os.path.split(path)
        names = listings.get(folder)
        if names is None:
            names = listings[folder] = listing(folder)
        if (name in names) != bool(found):
            return False
    return True


def _findings(path: str, row: Any) -> tuple[Finding, ...]:
    rows = row if isinstance(row, list) else row["findings"]
    return tuple(
        Finding(path, line, column, code, name, Severity(level), message, can_fix=bool(fixable))
        for line, column, code, name, level, message, fixable in rows
    )


def lint_review(
    review: Review, config: Config, selection: Selection | None = None
) -> list[Finding]:
    """Lint one parsed review (a convenience for library users)."""
    return Linter(config, selection).lint(review)
