"""The Typer application: one module per command registers itself here."""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import cache
from typing import Any

import typer

from reviewctl import __version__
from reviewctl.cli.help import PlainGroup

#: Every command, in the order ``--help`` lists them, and the module that registers it.
COMMANDS = {
    "init": "init",
    "new": "new",
    "publish": "publish",
    "unpublish": "publish",
    "list": "list_",
    "search": "search",
    "lint": "lint",
    "rules": "lint",
    "show": "show",
    "export": "export",
    "import": "import_",
    "push": "push",
    "cache": "cache",
    "serve": "serve",
    "theme": "theme",
}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"reviewctl {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(
        False, "--version", help="Show the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """reviewctl: a review manager for bloggers."""


@cache
def build(command: str | None = None) -> typer.Typer:
    """The application with every command, or with ``command`` alone (what ``main`` runs:
    Typer reads the signature of every registered command at start-up, 30-40 ms for all)."""
    app = typer.Typer(
        name="reviewctl",
        cls=PlainGroup,
        help="Scaffold, lint, list, read and export Markdown reviews.",
        no_args_is_help=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
    )
    app.callback()(_root)
    if command == "--version":  # printed by the callback: no command to build (~9 ms less)
        modules: Iterable[str] = ()
    else:
        modules = [COMMANDS[command]] if command in COMMANDS else COMMANDS.values()
    for name in dict.fromkeys(modules):
        importlib.import_module(f"reviewctl.cli.{name}").register(app)
    return app


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole application (tests, documentation)
        return build()
    raise AttributeError(name)
