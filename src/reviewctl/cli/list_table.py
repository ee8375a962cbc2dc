"""How ``list`` prints rows: a table fitted to the terminal, or tab-separated lines when piped."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import typer

from reviewctl.cli import common
from reviewctl.cli.common import console

NUMERIC = ("rating", "words", "reading_minutes")
#: Below this the title column would be squeezed: the path column goes first.
TITLE_MIN = 28
SEPARATOR = 3  # " │ " between columns


def print_rows(
    records: list[dict[str, Any]],
    names: Sequence[str],
    errors: dict[str, str],
    root: Path,
    *,
    default_fields: bool,
) -> None:
    """Print ``records``: a table on a terminal, one tab-separated line per review otherwise."""
    from reviewctl.listing import display_path

    shown = [
        {**rec, "path": display_path(str(rec["path"]), root)} if "path" in rec else rec
        for rec in records
    ]
    shown_errors = {display_path(p, root): e for p, e in errors.items()}
    if not common.is_terminal():
        from reviewctl.listing import to_tsv

        column = _error_column(names)
        for rec in shown:
            error = shown_errors.get(str(rec.get("path")))
            if error and column is not None:
                rec[column] = f"error: {error}"
        typer.echo(to_tsv(shown, names), nl=False)
        return
    out = console()
    if default_fields and "path" in names and "title" in names:
        names = _fit(shown, names, out.width)
    _print_table(shown, names, shown_errors, out, out.width)


def _error_column(names: Sequence[str]) -> str | None:
    """The column a broken file's row says why in: the first that is not its path (which
    still names the file), none when the path is all there is (stderr says why)."""
    return next((n for n in names if n != "path"), None)


def _widest(records: list[dict[str, Any]], name: str) -> int:
    """The widest cell of a column, in terminal cells (a CJK character or an emoji: two)."""
    from rich.cells import cell_len

    from reviewctl.listing import cell

    return max([cell_len(name), *(cell_len(cell(r.get(name))) for r in records)])


#: the default table's columns, the first to go when the terminal is too narrow for them
LEAST_NEEDED = ("path", "words", "rating", "medium", "status")


def _fit(records: list[dict[str, Any]], names: Sequence[str], width: int) -> Sequence[str]:
    """Drop the least needed columns while keeping them would squeeze the title below
    ``TITLE_MIN`` (the path first): a column shown whole, or not at all."""

    def need(shown: Sequence[str]) -> int:
        fixed = sum(_widest(records, n) for n in shown if n not in ("title", "path"))
        path = _widest(records, "path") if "path" in shown else 0
        title = min(_widest(records, "title"), TITLE_MIN)
        return fixed + title + path + SEPARATOR * (len(shown) - 1)

    shown = list(names)
    for name in LEAST_NEEDED:
        if need(shown) <= width:
            break
        if name in shown:
            shown.remove(name)
    return shown


FLEXIBLE = ("title", "path", "work", "tags", "error")


def _flexible_widths(
    records: list[dict[str, Any]], names: Sequence[str], width: int
) -> dict[str, int]:
    """Widths of the long columns: what the short ones leave, shared by need; at least 8."""
    wants = {n: _widest(records, n) for n in names if n in FLEXIBLE}
    fixed = sum(_widest(records, n) for n in names if n not in FLEXIBLE)
    room = max(width - fixed - SEPARATOR * (len(names) - 1), 8 * max(len(wants), 1))
    if sum(wants.values()) <= room:
        return wants
    widths = dict.fromkeys(wants, 8)
    room -= 8 * len(wants)
    # hand out the rest a character at a time to the column missing the most
    while room > 0 and any(widths[n] < wants[n] for n in wants):
        name = max(wants, key=lambda n: wants[n] - widths[n])
        widths[name] += 1
        room -= 1
    return widths


def _print_table(
    records: list[dict[str, Any]],
    names: Sequence[str],
    errors: dict[str, str],
    out: Any,
    width: int,
) -> None:
    from rich.table import Table

    from reviewctl.listing import cell

    flexible = _flexible_widths(records, names, width)
    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for name in names:
        size = flexible.get(name, _widest(records, name))
        table.add_column(
            name,
            justify="right" if name in NUMERIC else "left",
            no_wrap=True,
            overflow="ellipsis",
            min_width=size,
            max_width=size,
        )
    column = _error_column(names)
    for rec in records:
        cells = [cell(rec.get(n)) for n in names]
        error = errors.get(str(rec.get("path")))
        if error and column is not None:
            cells[list(names).index(column)] = f"error: {error}"
        style = "red" if error else "yellow" if rec.get("status") == "draft" else None
        table.add_row(*cells, style=style)
    out.print(table)
    out.print(f"{len(records)} review{'s' if len(records) != 1 else ''}", style="dim")
