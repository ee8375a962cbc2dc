"""Apply text edits: the one place fixes touch the text."""

from __future__ import annotations

from reviewctl.lint.registry import Edit, Fix

__all__ = ["apply_fixes"]


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, list[Fix]]:
    """Apply the non-overlapping ``fixes`` (in order); return the text and those applied.

    A fix that overlaps one already taken (or inserts at the same point) waits for the next
    pass, when it is recomputed against the new text.
    """
    taken: list[Fix] = []
    spans: list[tuple[int, int]] = []
    for fix in fixes:
        if fix in taken:
            continue
        if any(_overlaps(edit, span) for edit in fix.edits for span in spans):
            continue
        taken.append(fix)
        spans.extend((edit.start, edit.end) for edit in fix.edits)
    edits = sorted((e for fix in taken for e in fix.edits), key=lambda e: (e.start, e.end))
    out: list[str] = []
    last = 0
    for edit in edits:
        out.append(text[last : edit.start])
        out.append(edit.replacement)
        last = edit.end
    out.append(text[last:])
    return "".join(out), taken


def _overlaps(edit: Edit, span: tuple[int, int]) -> bool:
    """Whether two edits touch: overlapping ranges, or an insertion at or inside the other."""
    a, b = edit.start, edit.end
    c, d = span
    return (a < d and c < b) or (a == b and c <= a <= d) or (c == d and a <= c <= b)
