"""``reviewctl import wordpress``: bring a WordPress blog's reviews in from its WXR export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from collections.abc import Iterable

    from reviewctl.importers.wordpress import ImportReport

HELP = """Import reviews from another system into the archive."""

WORDPRESS_HELP = """Import a WordPress export (Tools → Export → All content, a WXR .xml file):
one review per post at <reviews>/<medium>/<slug>.md, front matter in the archive's format, the
body as Markdown with the more tag as the archive's cut and [caption] images as captioned
images. Nothing is overwritten without --force; importing the same export again changes
nothing. A file that is not a WordPress export is an error (exit 2) and nothing is written."""

import_app = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode=None)


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")


@import_app.command("wordpress", help=WORDPRESS_HELP)
def wordpress(
    export: Annotated[
        Path,
        typer.Argument(
            readable=False, metavar="EXPORT.xml", help="The WXR file WordPress exported."
        ),
    ],
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            readable=False,
            metavar="ARCHIVE",
            help="The archive's folder. [default: this folder's]",
        ),
    ] = None,
    pages: Annotated[bool, typer.Option("--pages", help="Import pages too.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be written; write nothing.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite reviews that exist and differ.")
    ] = False,
    medium: Annotated[
        str,
        typer.Option(
            "--medium",
            "-m",
            metavar="NAME",
            help="Medium for posts whose categories name none of the config's media.",
        ),
    ] = "other",
) -> None:
    from reviewctl.cli.common import (
        EXIT_FINDINGS,
        EXIT_USAGE,
        fail,
        load_config_for,
        print_error,
        user_errors,
    )
    from reviewctl.importers.wordpress import Options, import_wordpress

    if into is not None and not into.is_dir():
        fail(f"{into}: no such archive folder")
    if not medium.strip() or "/" in medium or "\\" in medium:
        fail(f"--medium: not a medium name: {medium!r}")
    config = load_config_for([into] if into is not None else None)
    options = Options(pages=pages, dry_run=dry_run, force=force, fallback_medium=medium.lower())
    with user_errors():
        report = import_wordpress(config, export, options)
    for error in report.errors:  # titles and names from the export: escaped
        print_error(str(error))
    _print_summary(report)
    if report.errors:
        raise typer.Exit(EXIT_USAGE)
    if any(p.action.value == "conflict" for p in report.planned):
        raise typer.Exit(EXIT_FINDINGS)


def _print_summary(report: ImportReport) -> None:
    from reviewctl.cli.common import say
    from reviewctl.importers.wordpress import Action

    echo = say  # file names made from the export's slugs: escaped
    from reviewctl.fs import from_cwd

    def shown(path: Path) -> str:
        return from_cwd(str(path))

    verbs = {
        Action.CREATE: "would write" if report.dry_run else "wrote",
        Action.UPDATE: "would overwrite" if report.dry_run else "overwrote",
        Action.CONFLICT: "kept (differs; --force to overwrite)" if not report.dry_run else None,
    }
    for planned in report.planned:
        verb = verbs.get(planned.action)
        if planned.action is Action.CONFLICT and report.dry_run:
            verb = "would keep (differs; --force to overwrite)"
        if verb:
            echo(f"{verb}: {shown(planned.path)}")
    if report.wxr_version is None:
        echo(f"note: {report.source} has no wp:wxr_version; read as WXR all the same")
    if report.repaired_cdata:
        echo(f"note: {report.source} has ']]>' inside CDATA; read it as WordPress does")
    created, updated = report.count(Action.CREATE), report.count(Action.UPDATE)
    unchanged, kept = report.count(Action.UNCHANGED), report.count(Action.CONFLICT)
    head = "would import" if report.dry_run else "imported"
    parts = [f"{created} new", f"{unchanged} unchanged"]
    if updated:
        parts.append(f"{updated} overwritten")
    if kept:
        parts.append(f"{kept} kept as they are (differ; --force to overwrite)")
    echo(f"{head} {len(report.planned)} posts: {', '.join(parts)}")
    if report.planned and unchanged == len(report.planned):
        echo("nothing changed: every review is already as this export has it")
    if report.unmatched:
        echo(
            f"{report.unmatched} posts had no category naming a medium: filed under "
            f"{report.fallback_medium!r} (--medium NAME to choose another)"
        )
        if report.unknown_medium_of:
            echo(
                f"note: {report.fallback_medium!r} is not a medium of the archive's config, so "
                "lint reports these posts (FM004) and push refuses them: add "
                f"[media.{report.fallback_medium}] to reviewctl.toml, or import with --medium "
                f"one of {', '.join(report.unknown_medium_of)}"
            )
    if report.protected:
        echo(
            f"{report.protected} password-protected posts imported as drafts "
            "(status: draft, wp_status as WordPress has it); the password is not kept"
        )
    if report.skipped:
        reasons = _counts(s.reason for s in report.skipped)
        echo(f"skipped {len(report.skipped)}: " + "; ".join(reasons))
    if report.errors:
        echo(f"failed {len(report.errors)} (see the errors above)")
    not_reviews = [f"{n} {kind}" for kind, n in sorted(report.not_reviews.items())]
    if report.comments:
        not_reviews.append(f"{report.comments} comments")
    if not_reviews:
        echo(f"not reviews, not imported: {', '.join(not_reviews)}")
    if report.shortcodes:
        names = ", ".join(f"[{n}] ×{c}" for n, c in sorted(report.shortcodes.items()))
        echo(f"shortcodes left as text: {names}")
    if report.dynamic_blocks:
        names = ", ".join(f"{n} ×{c}" for n, c in sorted(report.dynamic_blocks.items()))
        echo(
            f"blocks WordPress fills in when a page is shown, not in the posts' text, so left "
            f"out: {names}"
        )
    if report.images:
        foreign = len(report.foreign_images)
        echo(
            f"images: {report.images} stay at their WordPress URLs"
            + (f"; {foreign} are on other sites" if foreign else "")
        )
    lost = [p for p in report.planned if p.lost_image]
    if lost:
        first = f"attachment {lost[0].lost_image} of {shown(lost[0].path)}"
        echo(
            f"note: {len(lost)} posts' featured images are not in the export ({first}"
            f"{', …' if len(lost) > 1 else ''}), so they have no `image`; an export of"
            f" 'All content' holds them"
        )
    if report.planned and not report.dry_run:
        echo(f"next: reviewctl lint {shown(report.reviews_path)}")


def _counts(reasons: Iterable[str]) -> list[str]:
    from collections import Counter

    counted = Counter(reasons)
    return [f"{n} × {reason}" for reason, n in counted.most_common()]
