"""``reviewctl publish``: move a draft to published."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reviewctl.cli.common import EXIT_USAGE, load_config_for, warn
from reviewctl.cli.new import parse_date


def publish(
    paths: Annotated[list[Path], typer.Argument(help="Review files to publish.")],
    date: Annotated[
        str | None, typer.Option(help="Publication date, YYYY-MM-DD (default: today).")
    ] = None,
) -> None:
    """Set status to published and the date; every other byte stays as it was."""
    import datetime as dt

    from reviewctl.errors import ReviewctlError
    from reviewctl.parse import parse_review
    from reviewctl.publish import publish as publish_review

    when = parse_date(date) or dt.date.today()
    config = load_config_for(paths)
    failed = False
    for path in paths:
        review = parse_review(path, config.markers, limit=config.max_file_size)
        try:
            if review.error is not None:
                raise ReviewctlError(review.error.message, path, review.error.line)
            publish_review(review, when)
        except ReviewctlError as exc:
            warn(str(exc))
            failed = True
            continue
        typer.echo(f"Published {path} ({when.isoformat()})")
    if failed:
        raise typer.Exit(EXIT_USAGE)


def register(app: typer.Typer) -> None:
    app.command()(publish)
