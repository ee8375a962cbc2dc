"""`reviewctl export`: HTML pages, WordPress fragments, or a site with an Atom feed."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer


class ExportFormat(str, Enum):
    html = "html"
    wordpress = "wordpress"


HELP = """Export reviews as standalone HTML pages or WordPress fragments.

html (default): OUT/<medium>/<slug>/index.html per review, local images copied beside it.
wordpress: OUT/<medium>/<slug>.html, the fragment to paste into the editor (<!--more--> at the
cut), and OUT/<medium>/<slug>.json with the post settings. --site also writes index.html,
a page per medium and tag, and feed.xml (Atom; the lede only).

A second export over the same OUT replaces what the first wrote (the list is kept in
OUT/.reviewctl-export.json) and touches nothing else; unchanged reviews are not re-rendered.

Exit status: 0 when every review was exported; 1 when some files could not be read or parsed
(each is reported on stderr as FILE:LINE: message and skipped, the rest are exported);
2 on a usage, config, theme or output error.
"""


def export(
    paths: list[Path] = typer.Argument(
        None,
        help="Review files or folders (default: the archive's reviews folder).",
        show_default=False,
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Folder to write into (created if missing)."),
    format: ExportFormat = typer.Option(
        ExportFormat.html, "--format", "-f", help="html or wordpress."
    ),
    site: bool = typer.Option(
        False, "--site", help="Also write index.html, medium and tag pages and feed.xml."
    ),
    drafts: bool = typer.Option(
        False, "--drafts", help="Export drafts too (never listed in the index or feed)."
    ),
    theme: Path | None = typer.Option(
        None,
        "--theme",
        help="A theme folder whose files override the default theme's.",
        show_default=False,
    ),
    safe: bool = typer.Option(False, "--safe", help="Sanitise raw HTML in review bodies (nh3)."),
) -> None:
    from reviewctl.archive import default_paths
    from reviewctl.cli.common import EXIT_FINDINGS, load_config_for, user_errors, warn
    from reviewctl.export import ExportOptions
    from reviewctl.export import export as run_export

    config = load_config_for(paths or None)
    if theme is None and config.theme:
        theme = config.root / config.theme
    options = ExportOptions(
        out=out, format=format.value, site=site, drafts=drafts, safe=safe, theme=theme
    )
    with user_errors():
        report = run_export(paths or default_paths(config), config, options)
    for skipped in report.skipped:
        warn(str(skipped))
    for message in report.warnings:
        typer.secho(f"warning: {message}", err=True, fg=typer.colors.YELLOW)
    parts = [f"exported {report.exported} review{'s' if report.exported != 1 else ''} to {out}"]
    details = [f"{report.rendered} rendered", f"{report.written} files written"]
    if report.removed:
        details.append(f"{report.removed} stale removed")
    if report.drafts:
        details.append(f"{report.drafts} draft{'s' if report.drafts != 1 else ''} skipped")
    if report.skipped:
        details.append(f"{len(report.skipped)} unreadable skipped")
    typer.echo(f"{parts[0]} ({', '.join(details)})")
    if report.skipped:
        raise typer.Exit(EXIT_FINDINGS)


def register(app: typer.Typer) -> None:
    """Add the command(s) of this module to ``app``."""
    app.command("export", help=HELP)(export)
