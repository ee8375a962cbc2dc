"""``reviewctl search``: find reviews by title, work, tags and text."""

from __future__ import annotations

import json
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reviewctl.cli.common import (
    EXIT_USAGE,
    Jobs,
    MediumFilter,
    NoCache,
    StatusFilter,
    file_problem,
    load_config_for,
    print_error,
    print_warning,
    user_errors,
)

if TYPE_CHECKING:
    from reviewctl.search import Hit


class SearchFormat(StrEnum):
    text = "text"
    json = "json"


def search(
    query: Annotated[str, typer.Argument(help="Words to find (every word must match).")],
    paths: Annotated[
        list[Path] | None,
        typer.Argument(readable=False, help="Files or folders (default: the archive)."),
    ] = None,
    status: StatusFilter = None,
    medium: MediumFilter = None,
    spoilers: Annotated[bool, typer.Option(help="Show snippets from below the cut too.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="At most this many results.")] = 50,
    format_: Annotated[
        SearchFormat, typer.Option("--format", "-f", help="text or json.")
    ] = SearchFormat.text,
    jobs: Jobs = None,
    no_cache: NoCache = False,
) -> None:
    """Search the archive, best match first; snippets never show text below the cut."""
    from reviewctl.archive import default_paths
    from reviewctl.fs import from_cwd
    from reviewctl.search import search as run_search

    config = load_config_for(paths)
    problems: list[str] = []
    unread: list[tuple[str, str]] = []
    with user_errors():
        hits = run_search(
            paths or default_paths(config),
            config,
            query,
            status=status,
            medium=medium,
            spoilers=spoilers,
            limit=limit,
            use_index=not no_cache,
            jobs=jobs,
            problems=problems,
            unread=unread,
        )
    for problem in problems:
        print_warning(problem)
    for path, why in unread:  # searched without them, as list lists them: said, exit 2
        print_error(f"{file_problem(from_cwd(path), why)} (not searched)")
    if format_ is SearchFormat.json:  # paths as list's JSON gives them
        from reviewctl.listing import from_here

        rows = from_here([asdict(h) for h in hits], config.root)
        from reviewctl.terminal_text import json_text

        typer.echo(json_text(json.dumps(rows, ensure_ascii=False, indent=2)))
    else:
        _print_hits(hits, config.root)
    if unread:
        raise typer.Exit(EXIT_USAGE)


def _print_hits(hits: list[Hit], root: Path) -> None:
    from reviewctl.listing import display_path
    from reviewctl.terminal_text import display_name, escape_controls

    for hit in hits:
        shown = display_path(hit.path, root)  # as list and the JSON name it
        about = ", ".join(x for x in (hit.medium, hit.status) if x)
        title = hit.title or "(no title)"
        line = f"{display_name(shown)}: {title}" + (f" ({about})" if about else "")
        typer.echo(escape_controls(line, ""))
        if hit.snippet:
            typer.echo(f"    {escape_controls(hit.snippet, '')}")
    if not hits:
        typer.echo("no matches", err=True)


def register(app: typer.Typer) -> None:
    app.command()(search)
