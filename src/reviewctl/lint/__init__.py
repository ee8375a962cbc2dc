"""Review-aware linting: rules with codes, severities, fixes and suppression comments.

The core never prints: :class:`Linter` returns :class:`Finding` objects, :mod:`.fix` applies
fixes in memory and :mod:`.report` turns findings into text, JSON or GitHub annotations.
"""

from reviewctl.lint.engine import FileResult, Linter, Selection, lint_review
from reviewctl.lint.registry import (
    Diagnostic,
    Edit,
    Finding,
    Fix,
    Rule,
    Severity,
    all_rules,
    get_rule,
)

__all__ = [
    "Diagnostic",
    "Edit",
    "FileResult",
    "Finding",
    "Fix",
    "Linter",
    "Rule",
    "Selection",
    "Severity",
    "all_rules",
    "get_rule",
    "lint_review",
]
