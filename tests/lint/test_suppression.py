"""Suppression comments: next block, whole file, prefixes, unused and invalid ones."""

from __future__ import annotations

from tests.lint.helpers import GOOD, lint_text, variant

TYPO = ("with her handler Naomi.", "with her handler Naomi, not Magnetic Rouge.")
TODO = ("real chemistry", "real chemistry TODO")


def codes(text: str, select: tuple[str, ...] = ()) -> list[str]:
    return [f.code for f in lint_text(text, select=select)]


def test_ignore_applies_to_the_next_block_only() -> None:
    text = variant(
        TYPO,
        TODO,
        ("Rouge Redstar hunts", "<!-- reviewctl: ignore TX001 TX002 -->\nRouge Redstar hunts"),
    )
    # TX001 in the next block is hidden; TX002 is further down, so TX002 is reported
    # and the suppression of TX002 is unused
    assert codes(text) == ["RC001", "TX002"]


def test_ignore_with_blank_line_and_stacked_comments() -> None:
    text = variant(
        TYPO,
        (
            "Rouge Redstar hunts",
            "<!-- reviewctl: ignore TX001 -->\n\n<!-- a note -->\n\nRouge Redstar hunts",
        ),
    )
    assert codes(text) == []


def test_ignore_file_and_prefixes() -> None:
    text = variant(
        TYPO, TODO, ("Spoilers below", "<!-- reviewctl: ignore-file TX -->\n\nSpoilers below")
    )
    assert codes(text) == []
    text = variant(
        TYPO, TODO, ("Spoilers below", "<!-- reviewctl: ignore-file TX002 -->\n\nSpoilers below")
    )
    assert codes(text) == ["TX001"]


def test_bare_ignore_hides_everything_in_the_block() -> None:
    text = variant(TYPO, ("Rouge Redstar hunts", "<!-- reviewctl: ignore -->\nRouge Redstar hunts"))
    assert codes(text) == []
    unused = variant(("Rouge Redstar hunts", "<!-- reviewctl: ignore -->\nRouge Redstar hunts"))
    assert codes(unused) == ["RC001"]


def test_unused_suppression_position_and_message() -> None:
    text = variant(("Rouge Redstar hunts", "<!-- reviewctl: ignore TX001 -->\nRouge Redstar hunts"))
    [finding] = lint_text(text)
    line = text.splitlines().index("<!-- reviewctl: ignore TX001 -->") + 1
    assert (finding.code, finding.line, finding.column) == ("RC001", line, 1)
    assert finding.message == "unused suppression: no TX001 finding to hide"


def test_unused_is_only_judged_for_rules_that_ran() -> None:
    text = variant(("Rouge Redstar hunts", "<!-- reviewctl: ignore TX001 -->\nRouge Redstar hunts"))
    assert codes(text, select=("SL", "RC")) == []
    assert codes(text, select=("TX", "RC")) == ["RC001"]


def test_unused_suppression_can_itself_be_ignored_file_wide() -> None:
    text = variant(
        ("Rouge Redstar hunts", "<!-- reviewctl: ignore TX001 -->\nRouge Redstar hunts"),
        ("Spoilers below", "<!-- reviewctl: ignore-file RC001 -->\n\nSpoilers below"),
    )
    assert codes(text) == []


def test_directive_in_code_is_not_a_directive() -> None:
    text = variant(
        TYPO,
        (
            "Rouge Redstar hunts",
            "```\n<!-- reviewctl: ignore TX001 -->\n```\n\nRouge Redstar hunts",
        ),
    )
    assert codes(text) == ["TX001"]


def test_clean_review_has_no_suppression_findings() -> None:
    assert codes(GOOD) == []
