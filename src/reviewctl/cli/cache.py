"""``reviewctl cache``: where the archive index is, and how to forget it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reviewctl.cli.common import fail, load_config_for, user_errors

app = typer.Typer(help="Show or clear the archive index (what reviewctl remembers between runs).")

Archive = Annotated[
    Path | None,
    typer.Argument(readable=False, help="A folder of the archive (default: the current one)."),
]


@app.command("path")
def path(archive: Archive = None) -> None:
    """Print the path of the archive's index file."""
    from reviewctl.index import index_path

    config = load_config_for(_there(archive))
    found = index_path(config.root)
    if found is None:
        fail("the index is off (REVIEWCTL_NO_CACHE is set)")
    typer.echo(str(found))


@app.command("clear")
def clear(archive: Archive = None) -> None:
    """Delete the archive's index; the next run rebuilds what it needs.

    An export folder is then unknown: the next export into it needs --force.
    """
    from reviewctl.index import clear as clear_index

    config = load_config_for(_there(archive))
    with user_errors():
        cleared = clear_index(config.root)
    if cleared is None:
        fail("the index is off (REVIEWCTL_NO_CACHE is set)")
    path, there = cleared
    typer.echo(f"cleared {path}" if there else f"no index to clear ({path})")


def _there(archive: Path | None) -> list[Path] | None:
    """The folder named, which must be there: a mistyped one must not clear the index of
    the archive the command runs in."""
    if archive is None:
        return None
    if not archive.exists():
        fail(f"{archive}: no such file or folder")
    return [archive]


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="cache")
