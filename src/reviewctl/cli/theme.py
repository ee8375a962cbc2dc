"""`reviewctl theme copy DIR`: the default theme's files, to edit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

theme_app = typer.Typer(
    help="Work with export themes.", no_args_is_help=True, rich_markup_mode=None
)

COPY_HELP = """Write the default theme's files into DIR, to edit.

A theme folder only needs the files it changes: every other file falls back to the default
theme. Use it with `export --theme DIR` or `theme = "DIR"` in the config. Existing files are
kept unless --force.
"""


@theme_app.command("copy", help=COPY_HELP)
def copy(
    folder: Annotated[
        Path, typer.Argument(readable=False, metavar="DIR", help="Folder to write the theme into.")
    ],
    force: Annotated[bool, typer.Option(help="Replace files that are already there.")] = False,
) -> None:
    from reviewctl.cli.common import colour_wanted, fail, user_errors
    from reviewctl.config import Config, load_config
    from reviewctl.errors import ConfigError
    from reviewctl.export.themes import copy_default

    config: Config | None
    try:  # the archive around the folder (one with a config), to keep out of its reviews
        config = load_config(folder)
    except ConfigError:  # a broken config is lint's to report: the copy goes on
        config = None
    if config is not None and config.source is None:  # no archive: defaults rooted here
        config = None
    with user_errors():
        written, kept = copy_default(folder, config, force=force)
    for name in kept:
        typer.secho(
            f"kept {folder / name} (exists; --force replaces it)",
            err=True,
            fg="yellow",
            color=colour_wanted(),
        )
    typer.echo(f"wrote {len(written)} theme file{'s' if len(written) != 1 else ''} to {folder}")
    if kept and not written:
        fail("nothing written: every file exists (use --force)")


def register(app: typer.Typer) -> None:
    """Add the command(s) of this module to ``app``."""
    app.add_typer(theme_app, name="theme")
