"""Check that a rule's fixes do their job, in a bounded number of re-lints.

A fix is kept only when applying it makes its rule report less (see
:meth:`reviewctl.lint.engine.Linter._verify_fixes`). Checking each of ``k`` fixes alone costs
``k`` parses of the whole file, quadratic in a file with thousands of repeated cuts; so up to
:data:`ALONE` fixes of a rule are checked one by one (what a review normally has), and more
are checked together: applied at once, they must remove at least as many findings as there are
fixes. A group that fails is split in halves, each checked again, within :data:`BUDGET` checks
per rule; a fix still unjudged when the budget runs out is dropped (reported without ``[*]``),
which is always safe.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reviewctl.lint.context import Context
from reviewctl.lint.edits import apply_fixes
from reviewctl.lint.registry import Fix, Rule

if TYPE_CHECKING:
    from reviewctl.config import Config
    from reviewctl.model import Review

ALONE = 8  # up to this many fixes of one rule are checked one by one
BUDGET = 48  # most checks (parse and rule run) for one rule's fixes beyond that


def judge_fixes(
    review: Review,
    rule: Rule,
    config: Config,
    before: int,
    fixes: list[Fix],
    verdicts: dict[Fix, bool],
) -> None:
    """Record in ``verdicts`` whether each of ``fixes`` (``rule``'s) makes it report less
    than ``before`` findings; fixes already judged are skipped."""
    pending = list(dict.fromkeys(f for f in fixes if f not in verdicts))
    if len(pending) <= ALONE:
        for fix in pending:
            verdicts[fix] = _count(review, rule, config, [fix], before) < before
        return
    budget = [BUDGET]
    while pending:
        _, taken = apply_fixes(review.text, pending)
        _judge_group(review, rule, config, before, taken, verdicts, budget)
        pending = [f for f in pending if f not in verdicts]


def _judge_group(
    review: Review,
    rule: Rule,
    config: Config,
    before: int,
    group: list[Fix],
    verdicts: dict[Fix, bool],
    budget: list[int],
) -> None:
    """Judge non-overlapping ``group``: good together, else each half on its own."""
    if budget[0] <= 0:
        verdicts.update(dict.fromkeys(group, False))
        return
    budget[0] -= 1
    if _count(review, rule, config, group, before) <= before - len(group):
        verdicts.update(dict.fromkeys(group, True))
        return
    if len(group) == 1:
        verdicts[group[0]] = False
        return
    half = len(group) // 2
    _judge_group(review, rule, config, before, group[:half], verdicts, budget)
    _judge_group(review, rule, config, before, group[half:], verdicts, budget)


def _count(review: Review, rule: Rule, config: Config, fixes: list[Fix], before: int) -> int:
    """How many findings ``rule`` reports once ``fixes`` are applied (``before`` if it fails)."""
    from reviewctl.parse import parse_text

    text, _ = apply_fixes(review.text, fixes)
    fixed = parse_text(text, review.path, review.markers, bom=review.bom)
    try:
        return sum(1 for _ in rule.check(Context(fixed, config)))
    except Exception:  # reported by the main run if the rule is broken
        return before
