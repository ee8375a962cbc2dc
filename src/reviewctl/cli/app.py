"""The Typer application: one module per command registers itself here."""

from __future__ import annotations

import typer

from reviewctl import __version__
from reviewctl.cli import (
    cache,
    export,
    import_,
    init,
    lint,
    list_,
    new,
    publish,
    push,
    search,
    serve,
    show,
    theme,
)
from reviewctl.cli.help import PlainGroup

app = typer.Typer(
    name="reviewctl",
    cls=PlainGroup,
    help="Scaffold, lint, list, read and export Markdown reviews.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reviewctl {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Show the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """reviewctl: a review manager for bloggers."""


for module in (
    init,
    new,
    publish,
    list_,
    search,
    lint,
    show,
    export,
    import_,
    push,
    cache,
    serve,
    theme,
):
    module.register(app)
