"""Apply text edits: the one place fixes touch the text."""

from __future__ import annotations

from bisect import bisect_right, insort

from reviewctl.lint.registry import Edit, Fix

__all__ = ["apply_fixes"]

_END = float("inf")  # sorts after every span that starts at the same offset


def apply_fixes(text: str, fixes: list[Fix]) -> tuple[str, list[Fix]]:
    """Apply the non-overlapping ``fixes`` (in order); return the text and those applied.

    A fix that overlaps one already taken (or inserts at the same point) waits for the next
    pass, when it is recomputed against the new text. The spans taken so far are kept sorted,
    so each edit is checked against its neighbours only (taken spans never overlap, so their
    ends rise with their starts): thousands of fixes take linear-logarithmic time.
    """
    taken: list[Fix] = []
    seen: set[Fix] = set()
    spans: list[tuple[int, int]] = []
    for fix in fixes:
        if fix in seen:
            continue
        if any(_overlaps_any(edit, spans) for edit in fix.edits):
            continue
        seen.add(fix)
        taken.append(fix)
        for edit in fix.edits:
            insort(spans, (edit.start, edit.end))
    edits = sorted((e for fix in taken for e in fix.edits), key=lambda e: (e.start, e.end))
    out: list[str] = []
    last = 0
    for edit in edits:
        out.append(text[last : edit.start])
        out.append(edit.replacement)
        last = edit.end
    out.append(text[last:])
    return "".join(out), taken


def _overlaps_any(edit: Edit, spans: list[tuple[int, int]]) -> bool:
    """Whether ``edit`` touches a span of the sorted, disjoint ``spans``.

    Every span that touches it starts at or before its end and ends at or after its start:
    walk back from the last span starting at or before ``edit.end`` while spans end late
    enough.
    """
    index = bisect_right(spans, (edit.end, _END)) - 1
    while index >= 0:
        span = spans[index]
        if span[1] < edit.start:
            return False
        if _overlaps(edit, span):
            return True
        index -= 1
    return False


def _overlaps(edit: Edit, span: tuple[int, int]) -> bool:
    """Whether two edits touch: overlapping ranges, or an insertion at or inside the other."""
    a, b = edit.start, edit.end
    c, d = span
    return (a < d and c < b) or (a == b and c <= a <= d) or (c == d and a <= c <= b)
