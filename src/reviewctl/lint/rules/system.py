"""IO and RC: findings the engine itself reports (unreadable files, suppression comments)."""

from __future__ import annotations

from reviewctl.lint.registry import Rule, Severity, register


@register
class FileUnreadable(Rule):
    """The file cannot be read as UTF-8 text.

    What it does
        Reports a file that cannot be opened, is binary (contains NUL bytes) or is not valid
        UTF-8. The other files are still linted.

    Why
        Blog generators expect UTF-8 Markdown; such a file fails the build or shows
        mojibake, and no other rule can check it.

    Example
        A review saved as Windows-1252 with ``é`` as byte ``0xe9``; an image saved as ``.md``.

    Fix
        Re-save the file as UTF-8 (most editors offer "Save with encoding"), or move the
        non-review file out of the archive.

    Configure
        Nothing to set; ``exclude`` leaves files out of the walk.
    """

    code = "IO001"
    name = "file-unreadable"
    severity = Severity.ERROR
    checks = False


@register
class UnusedSuppression(Rule):
    """A suppression comment that suppresses nothing.

    What it does
        Reports ``<!-- reviewctl: ignore CODE -->`` and ``ignore-file`` comments that did
        not hide any finding of the codes they name (only codes that were checked count).

    Why
        Stale suppressions hide the next real problem in that paragraph.

    Example
        ``<!-- reviewctl: ignore TX001 -->`` above a paragraph that no longer misspells the
        title.

    Fix
        Delete the comment, or the codes in it that no longer apply.

    Configure
        ``[lint] ignore = ["RC001"]`` to keep stale suppressions quietly.
    """

    code = "RC001"
    name = "unused-suppression"
    severity = Severity.WARNING
    checks = False


@register
class InvalidSuppression(Rule):
    """A suppression comment reviewctl cannot understand.

    What it does
        Reports ``<!-- reviewctl: … -->`` comments with an unknown action or rule code.

    Why
        A typo in a suppression (``ignore TX01``) silently suppresses nothing.

    Example
        ``<!-- reviewctl: disable TX001 -->`` or ``<!-- reviewctl: ignore TX01 -->``.

    Fix
        Use ``ignore CODE …`` (next block) or ``ignore-file CODE …`` (whole file) with codes
        or code prefixes from ``reviewctl rules``.

    Configure
        Nothing to set.
    """

    code = "RC002"
    name = "invalid-suppression"
    severity = Severity.WARNING
    checks = False
