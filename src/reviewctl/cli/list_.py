"""``reviewctl list``: the archive as a table, JSON or CSV."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reviewctl.cli.common import (
    EXIT_USAGE,
    Jobs,
    MediumFilter,
    NoCache,
    StatusFilter,
    fail,
    file_problem,
    load_config_for,
    print_error,
    print_warning,
    user_errors,
)
from reviewctl.cli.complete import complete_fields, complete_sort


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def list_reviews(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(readable=False, help="Files or folders (default: the archive)."),
    ] = None,
    status: StatusFilter = None,
    medium: MediumFilter = None,
    tag: Annotated[
        list[str] | None, typer.Option(help="Only reviews with this tag; repeatable.")
    ] = None,
    sort: Annotated[
        str,
        typer.Option(
            help="Field to sort by (any field or front matter key).",
            metavar="FIELD",
            autocompletion=complete_sort,
        ),
    ] = "date",
    reverse: Annotated[
        bool, typer.Option(help="Reverse the order (by date: newest first).")
    ] = False,
    format_: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.table,
    fields: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated fields to show.",
            metavar="A,B,…",
            autocompletion=complete_fields,
        ),
    ] = None,
    jobs: Jobs = None,
    no_cache: NoCache = False,
) -> None:
    """List the archive's reviews, oldest first (with --reverse, newest first).

    On a terminal a table; piped, one tab-separated line per review. Files that fail to parse
    are listed with their error (exit 2).
    """
    from reviewctl import listing
    from reviewctl.archive import default_paths
    from reviewctl.cache import cached_rows

    config = load_config_for(paths)
    problems: list[str] = []
    with user_errors():
        targets = paths or default_paths(config)
    rows = cached_rows(
        targets,
        config,
        listing.row,
        "list",
        use_index=not no_cache,
        jobs=jobs,
        problems=problems,
        valid=listing.is_row,
    )
    for problem in problems:
        print_warning(problem)
    default = listing.TABLE_FIELDS if format_ is ListFormat.table else listing.FIELDS
    names = tuple(f.strip() for f in fields.split(",") if f.strip()) if fields else default
    if not names:
        fail("--fields is empty")
    # a path named that is not there is no review to list: said on stderr, the others listed
    unread = [r for r in rows if r["error"] is not None and not os.path.lexists(r["path"])]
    if unread:
        rows = [r for r in rows if r["error"] is None or os.path.lexists(r["path"])]
    with user_errors():
        chosen, records = listing.query(
            config,
            rows,
            status=status,
            medium=medium,
            tags=tag or (),
            fields=names,
            sort=sort,
            reverse=reverse,
        )
    if format_ is ListFormat.json:
        typer.echo(listing.to_json(listing.from_here(records, config.root)))
    elif format_ is ListFormat.csv:
        typer.echo(listing.to_csv(listing.from_here(records, config.root), names), nl=False)
    else:
        from reviewctl.cli.list_table import print_rows

        errors = {r["path"]: r["error"] for r in chosen if r["error"] is not None}
        print_rows(records, names, errors, config.root, default_fields=not fields)
    from reviewctl.fs import from_cwd

    broken = [r for r in chosen if r["error"] is not None]
    for item in unread + broken:  # named as the rows name them: from here
        print_error(file_problem(from_cwd(item["path"]), item["error"]))
    if unread or broken:
        raise typer.Exit(EXIT_USAGE)


def register(app: typer.Typer) -> None:
    app.command("list")(list_reviews)
