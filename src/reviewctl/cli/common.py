"""What every command shares: config lookup, consoles, error reporting and exit codes."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from reviewctl.config import Config

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print a one-line error to stderr and exit."""
    warn(message)
    raise typer.Exit(code)


def warn(message: str) -> None:
    """Print a one-line error to stderr; control characters (from a file name or a review)
    are escaped, so the message stays one line and cannot drive the terminal."""
    from reviewctl.terminal_text import escape_controls

    typer.secho(f"error: {escape_controls(message, '')}", err=True, fg=typer.colors.RED)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn the core's errors into a one-line message and exit code 2."""
    from reviewctl.errors import ReviewctlError

    try:
        yield
    except ReviewctlError as exc:
        fail(str(exc))


def load_config_for(paths: list[Path] | None = None) -> Config:
    """The config of the archive holding the first path (or the current folder)."""
    from reviewctl.config import load_config

    start = paths[0] if paths else Path.cwd()
    with user_errors():
        return load_config(start if start.exists() else Path.cwd())


def console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A Rich console; colour off when piped or with NO_COLOR (Rich honours both)."""
    from rich.console import Console

    return Console(stderr=stderr, width=width, soft_wrap=False)
