"""`reviewctl export`: HTML pages, WordPress fragments, or a site with an Atom feed."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from reviewctl.cli.common import Jobs, NoCache


class ExportFormat(StrEnum):
    html = "html"
    wordpress = "wordpress"


HELP = """Export reviews as standalone HTML pages or WordPress fragments.

html (default): OUT/<medium>/<slug>/index.html per review, local images copied beside it.
wordpress: OUT/<medium>/<slug>.html, the fragment to paste into the editor (<!--more--> at the
cut), and OUT/<medium>/<slug>.json with the post settings. --site also writes a paginated
index.html, a page per medium and tag, feed.xml (Atom; the lede only unless [site]
feed = "full"), robots.txt and 404.html, and with a [site] base_url (the address the site
will have) sitemap.xml; [site] in the config names the site.

OUT holds the site and nothing else: what an export wrote is kept in the archive index. A
second export over the same OUT replaces what the first wrote and touches nothing else;
unchanged reviews are not re-rendered. A non-empty OUT that reviewctl did not export to is
refused unless --force.

Exit status: 0 when every review was exported; 2 when some files could not be read or parsed
(each is reported on stderr as FILE:LINE: message and skipped, the rest are exported), and
on a usage, config, theme or output error. A PATH that does not exist stops the export before
anything is written.
"""


def export(
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", readable=False, help="Folder to write into (created if missing)."
        ),
    ],
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            readable=False, help="Review files or folders (default: the archive's reviews folder)."
        ),
    ] = None,
    format_: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="html or wordpress.")
    ] = ExportFormat.html,
    site: Annotated[
        bool,
        typer.Option(
            help="Also write the index, medium and tag pages, feed.xml, robots.txt, 404.html "
            "and, with a [site] base_url, sitemap.xml."
        ),
    ] = False,
    drafts: Annotated[
        bool,
        typer.Option(help="Export drafts too: a preview (noindex, marked; never in the feed)."),
    ] = False,
    theme: Annotated[
        Path | None,
        typer.Option(
            readable=False,
            help="Theme folder whose files override the default theme's (default: config theme).",
        ),
    ] = None,
    safe: Annotated[bool, typer.Option(help="Sanitise raw HTML in review bodies (nh3).")] = False,
    force: Annotated[
        bool,
        typer.Option(help="Write into a folder reviewctl did not export to, replacing its files."),
    ] = False,
    jobs: Jobs = None,
    no_cache: NoCache = False,
) -> None:
    from reviewctl.archive import default_paths
    from reviewctl.cli.common import (
        EXIT_USAGE,
        colour_wanted,
        load_config_for,
        print_error,
        print_warning,
        user_errors,
    )
    from reviewctl.export import ExportOptions
    from reviewctl.export import export as run_export

    config = load_config_for(paths or None)
    theme = theme or config.theme_path
    options = ExportOptions(
        out=out,
        format=format_.value,
        site=site,
        drafts=drafts,
        safe=safe,
        theme=theme,
        force=force,
        jobs=jobs,
        use_index=not no_cache,
    )
    with user_errors():
        report = run_export(paths or default_paths(config), config, options)
    from reviewctl.fs import from_cwd as shown

    for problem in report.index_problems:
        print_warning(problem)
    for skipped in report.skipped:
        print_error(shown(str(skipped)))
    if report.warnings:  # one write: an archive can have thousands
        from reviewctl.terminal_text import escape_controls

        lines = "\n".join(f"warning: {escape_controls(shown(m), '')}" for m in report.warnings)
        typer.secho(lines, err=True, fg="yellow", color=colour_wanted())
    parts = [f"exported {report.exported} review{'s' if report.exported != 1 else ''} to {out}"]
    details = [f"{report.rendered} rendered", f"{report.written} files written"]
    if report.removed:
        details.append(f"{report.removed} stale removed")
    if report.drafts:
        details.append(f"{report.drafts} draft{'s' if report.drafts != 1 else ''} skipped")
    if report.scheduled:
        details.append(f"{report.scheduled} dated after today skipped")
    if report.skipped:
        details.append(f"{len(report.skipped)} unreadable skipped")
    typer.echo(f"{parts[0]} ({', '.join(details)})")
    if report.skipped:
        raise typer.Exit(EXIT_USAGE)


def register(app: typer.Typer) -> None:
    """Add the command(s) of this module to ``app``."""
    app.command("export", help=HELP)(export)
