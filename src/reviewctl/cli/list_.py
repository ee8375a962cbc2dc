"""``reviewctl list``: the archive as a table, JSON or CSV."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reviewctl.cli.common import EXIT_USAGE, console, fail, load_config_for, warn


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def list_reviews(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Files or folders (default: the archive).")
    ] = None,
    status: Annotated[str | None, typer.Option(help="Only this status (draft, published).")] = None,
    medium: Annotated[str | None, typer.Option(help="Only this medium.")] = None,
    tag: Annotated[
        list[str] | None, typer.Option(help="Only reviews with this tag; repeatable.")
    ] = None,
    sort: Annotated[
        str, typer.Option(help="Field to sort by (any field or front matter key).")
    ] = "date",
    reverse: Annotated[bool, typer.Option(help="Reverse the order.")] = False,
    format_: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.table,
    fields: Annotated[str | None, typer.Option(help="Comma-separated fields to show.")] = None,
) -> None:
    """List reviews. Files that fail to parse are listed with their error (exit 2)."""
    from reviewctl import listing
    from reviewctl.archive import default_paths
    from reviewctl.cache import cached_rows

    config = load_config_for(paths)
    rows = cached_rows(paths or default_paths(config), config, listing.row, "list")
    chosen = listing.select(rows, status=status, medium=medium, tags=tag or ())
    default = listing.TABLE_FIELDS if format_ is ListFormat.table else listing.FIELDS
    names = tuple(f.strip() for f in fields.split(",") if f.strip()) if fields else default
    if not names:
        fail("--fields is empty")
    records = [listing.record(r, names if sort in names else (*names, sort)) for r in chosen]
    records = listing.sort_records(records, sort, reverse)
    if sort not in names:
        for rec in records:
            del rec[sort]
    if format_ is ListFormat.json:
        typer.echo(listing.to_json(records))
    elif format_ is ListFormat.csv:
        typer.echo(listing.to_csv(records, names), nl=False)
    else:
        errors = {r["path"]: r["error"] for r in chosen if r["error"] is not None}
        _print_table(records, names, errors)
    broken = [r for r in chosen if r["error"] is not None]
    for item in broken:
        warn(f"{item['path']}:{item['error']}")
    if broken:
        raise typer.Exit(EXIT_USAGE)


def _print_table(
    records: list[dict[str, object]], names: tuple[str, ...], errors: dict[str, str]
) -> None:
    from rich.markup import escape
    from rich.table import Table

    from reviewctl.listing import cell
    from reviewctl.terminal_text import escape_controls

    table = Table(show_edge=False, header_style="bold", pad_edge=False)
    for name in names:
        numeric = name in ("rating", "words", "reading_minutes")
        flexible = name in ("title", "path", "work", "tags", "error")
        table.add_column(
            name,
            justify="right" if numeric else "left",
            no_wrap=not flexible,
            overflow="fold",
            ratio=1 if flexible else None,
        )
    for rec in records:
        cells = [escape(cell(rec.get(n))) for n in names]  # text from reviews is not markup
        error = errors.get(str(rec.get("path")))
        if error and names:
            cells[0] = escape(f"error: {escape_controls(error, '')}")
        style = "red" if error else "yellow" if rec.get("status") == "draft" else None
        table.add_row(*cells, style=style)
    out = console()
    out.print(table)
    out.print(f"{len(records)} review{'s' if len(records) != 1 else ''}", style="dim")


def register(app: typer.Typer) -> None:
    app.command("list")(list_reviews)
