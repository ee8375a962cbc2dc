"""``reviewctl new``: scaffold a draft review from the medium's template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from reviewctl.cli.common import fail, load_config_for, user_errors
from reviewctl.cli.complete import complete_media


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"--date expects YYYY-MM-DD, got {value!r}")


def new(
    work: Annotated[str, typer.Argument(help="The work reviewed, e.g. 'Metallic Rouge'.")],
    medium: Annotated[
        str | None,
        typer.Option(
            "--medium",
            "-m",
            help="anime, film, tv, game, book, … (default: default_medium from the config).",
            metavar="MEDIUM",
            autocompletion=complete_media,
        ),
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="Title (default: the medium's pattern).", metavar="TEXT")
    ] = None,
    date: Annotated[
        str | None, typer.Option(help="Date, YYYY-MM-DD (default: today).", metavar="DATE")
    ] = None,
    slug: Annotated[
        str | None,
        typer.Option(help="File name without .md (default: from the work).", metavar="SLUG"),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Front matter key=value (value read as YAML); repeatable.",
            metavar="KEY=VALUE",
        ),
    ] = None,
    edit: Annotated[
        bool, typer.Option("--edit", help="Open the new file in $VISUAL or $EDITOR.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Create a draft review from the medium's template and print its path.

    The file is <reviews>/<medium>/<slug>.md, or the blog's own layout: <date>-<slug>.md in
    a Jekyll _posts folder, <slug>.md or <slug>/index.md where posts lie in the reviews folder
    itself. --set values are checked as lint would check them and replace the template's own
    lines for those keys.
    """
    from reviewctl.edit import parse_assignment
    from reviewctl.scaffold import create_review

    config = load_config_for()
    with user_errors():
        values = dict(parse_assignment(item) for item in set_ or [])
        path = create_review(
            config,
            work,
            medium,
            title=title,
            date=parse_date(date),
            values=values,
            force=force,
            slug=slug,
        )
    typer.echo(str(path))
    if edit:
        open_in_editor(path)


def open_in_editor(path: Path) -> None:
    """Open ``path`` in ``$VISUAL`` / ``$EDITOR`` (``vi`` when neither is set)."""
    import os
    import shlex
    import subprocess

    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        subprocess.run([*shlex.split(editor), str(path)], check=False)
    except OSError as exc:
        fail(f"cannot start editor {editor!r}: {exc.strerror or exc}")


def register(app: typer.Typer) -> None:
    app.command()(new)
