"""``reviewctl publish`` and ``reviewctl unpublish``: move a review between draft and published."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from reviewctl.cli.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    load_config_for,
    print_error,
    print_warning,
    say,
)
from reviewctl.cli.new import parse_date


def publish(
    paths: Annotated[
        list[Path], typer.Argument(readable=False, help="Review files to publish.", metavar="PATH")
    ],
    date: Annotated[
        str | None,
        typer.Option(
            help=(
                "Publication date, YYYY-MM-DD (default: today; a published post, a draft of a"
                " blog whose generator flags drafts and a file dated by its name keep theirs)."
            ),
            metavar="DATE",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Publish even with error-severity lint findings.")
    ] = False,
) -> None:
    """Set a review's status to published and date it.

    Reviews with error-severity lint findings or template placeholders (TODO) are refused,
    with the findings listed, unless --force. A review that is already published keeps its
    date unless --date is given; so does a draft of a Hugo, Jekyll or Zola blog that has one,
    as its generator would. The date is written where the review keeps it (its own key or
    the blog's, in its own style). Only the status and date lines change; every other byte
    stays as it was.
    """
    from reviewctl.archive import read_review
    from reviewctl.errors import ReviewctlError
    from reviewctl.lint.report import group_placeholders, text_line
    from reviewctl.publish import already_published, blocking_findings
    from reviewctl.publish import publish as publish_review

    when = parse_date(date)
    config = load_config_for(paths)
    exit_code = EXIT_OK
    for path in paths:
        review = read_review(path, config)
        try:
            if review.error is not None:  # a file it cannot read has no line to name
                raise ReviewctlError(review.error.message, path, review.error.place)
            skip = force or already_published(review, when, keeps_dates=config.lint.require_date)
            errors = [] if skip else blocking_findings(review, config)
            if errors:
                for finding in group_placeholders(errors, hint=""):
                    typer.echo(text_line(finding), err=True)
                noun = "finding" if len(errors) == 1 else "findings"
                print_error(
                    f"{path}: not published: {len(errors)} lint {noun} (fix them or use --force)"
                )
                exit_code = max(exit_code, EXIT_FINDINGS)
                continue
            outcome = publish_review(
                review, when, config.draft_key, keeps_dates=config.lint.require_date
            )
        except ReviewctlError as exc:
            print_error(str(exc))
            exit_code = EXIT_USAGE
            continue
        stamp = f" ({outcome.date.isoformat()})" if outcome.date else ""  # a blog with no dates
        if outcome.changed:
            say(f"Published {path}{stamp}")
            if outcome.note:
                print_warning(f"{path}: {outcome.note}")
        else:
            say(f"{path}: already published{stamp}; --date changes the date")
    raise typer.Exit(exit_code)


def unpublish(
    paths: Annotated[
        list[Path],
        typer.Argument(
            readable=False, help="Review files to turn back into drafts.", metavar="PATH"
        ),
    ],
) -> None:
    """Turn published reviews back into drafts, keeping their date."""
    from reviewctl.archive import read_review
    from reviewctl.errors import ReviewctlError
    from reviewctl.publish import unpublish as unpublish_review

    config = load_config_for(paths)
    failed = False
    for path in paths:
        try:
            outcome = unpublish_review(read_review(path, config), config.draft_key)
        except ReviewctlError as exc:
            print_error(str(exc))
            failed = True
            continue
        say(f"Unpublished {path}" if outcome.changed else f"{path}: already a draft")
    if failed:
        raise typer.Exit(EXIT_USAGE)


def register(app: typer.Typer) -> None:
    app.command()(publish)
    app.command()(unpublish)
