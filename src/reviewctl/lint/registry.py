"""Rule registry: the :class:`Rule` base class, findings, fixes and severities.

Every rule is a small class registered with :func:`register`. A rule reads a
:class:`~reviewctl.lint.context.Context` and yields :class:`Diagnostic` objects; the engine
turns them into :class:`Finding` objects with the path, code, name and effective severity.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, ClassVar, TypeVar

if TYPE_CHECKING:
    from reviewctl.lint.context import Context
    from reviewctl.lint.vocabulary import Vocabulary


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` (offsets in the decoded file text) with ``replacement``."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A safe fix: one or more non-overlapping edits applied together."""

    edits: tuple[Edit, ...]
    description: str = ""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """What a rule reports: a position, a message and maybe a fix or a severity override."""

    line: int
    column: int
    message: str
    fix: Fix | None = None
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class Spot:
    """A word of a review that the dictionary alone does not know, where it is written: what
    the rules that read the run's vocabulary judge (:meth:`Rule.judge`)."""

    line: int
    column: int
    text: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A diagnostic located in a file, with its rule's code, name and effective severity."""

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    fix: Fix | None = None
    can_fix: bool = False  # remembered from an earlier run: fixable, the fix not kept

    @property
    def fixable(self) -> bool:
        return self.fix is not None or self.can_fix

    def sort_key(self) -> tuple[int, int, str]:
        return (self.line, self.column, self.code)

    def to_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "fixable": self.fixable,
        }


_CODE = re.compile(r"^[A-Z]{2}\d{3}$")
_NAME = re.compile(r"^[a-z]+(?:-[a-z]+)*$")
DOC_SECTIONS = ("What it does", "Why", "Example", "Fix", "Configure")
#: The settings that change or silence any rule: the end of every rule's *Configure* section.
EVERY_RULE = """
    Every rule: ``[lint] select``/``ignore``, ``[lint.severity]``,
    ``[lint.per_file_ignores]`` (globs), ``exclude`` and
    ``<!-- reviewctl: ignore CODE -->`` comments."""


class Rule:
    """Base class of every rule. Subclasses set the class attributes and ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    fixable: ClassVar[bool] = False
    #: ``False`` for rules the engine itself emits (read errors, suppressions).
    checks: ClassVar[bool] = True
    #: ``True`` for rules that read the run's vocabulary: they judge a review's spots
    #: (:func:`reviewctl.lint.rules.spelling.spots`) in :meth:`judge`, and their ``check``
    #: is that judgement. The archive index keeps each file's spots, so a run whose
    #: vocabulary changed (a new review, a new tag) judges them again without the file.
    uses_vocabulary: ClassVar[bool] = False

    def check(self, ctx: Context) -> Iterable[Diagnostic]:
        return ()

    def judge(
        self, spots: Sequence[Spot], vocabulary: Vocabulary, language: str
    ) -> Iterable[Diagnostic]:
        """The diagnostics for a review's ``spots`` under ``vocabulary`` and the dictionary
        of ``language``; only for rules with ``uses_vocabulary``."""
        return ()

    def across_files(self, findings: list[Finding]) -> Iterable[Finding]:
        """The findings to withdraw once the whole run is seen (``findings``: this rule's,
        every file's); only for rules with ``uses_vocabulary``."""
        return ()

    @classmethod
    def doc(cls) -> str:
        """The rule's documentation; its *Configure* section ends with what every rule has."""
        return inspect.cleandoc(cls.__doc__ or "") + EVERY_RULE

    @classmethod
    def summary(cls) -> str:
        """The first line of the docstring."""
        return cls.doc().split("\n", 1)[0]


_RULES: dict[str, Rule] = {}
R = TypeVar("R", bound=type[Rule])


def register(cls: R) -> R:
    """Class decorator: validate the rule's metadata and add an instance to the registry."""
    if not _CODE.match(cls.code):
        raise ValueError(f"{cls.__name__}: bad rule code {cls.code!r}")
    if not _NAME.match(cls.name):
        raise ValueError(f"{cls.__name__}: rule name {cls.name!r} is not kebab-case")
    doc = cls.doc()
    missing = [s for s in DOC_SECTIONS if not re.search(rf"^{s}\s*$", doc, re.M)]
    if missing:
        raise ValueError(f"{cls.code}: docstring lacks the sections {', '.join(missing)}")
    if cls.code in _RULES and type(_RULES[cls.code]) is not cls:
        raise ValueError(f"duplicate rule code {cls.code}")
    _RULES[cls.code] = cls()
    return cls


def all_rules() -> list[Rule]:
    """Every registered rule, sorted by code."""
    import reviewctl.lint.rules  # noqa: F401  (registers the rules)

    return [_RULES[code] for code in sorted(_RULES)]


def get_rule(code: str) -> Rule | None:
    import reviewctl.lint.rules  # noqa: F401

    return _RULES.get(code.upper())


def find_rule(code_or_name: str) -> Rule | None:
    """The rule with that code (``TX001``) or name (``work-title-misspelled``)."""
    wanted = code_or_name.strip()
    return get_rule(wanted) or next((r for r in all_rules() if r.name == wanted.lower()), None)
