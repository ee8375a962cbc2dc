"""What every command shares: config lookup, consoles, error reporting and exit codes."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from reviewctl.config import Config
    from reviewctl.lint.registry import Severity

#: ``--jobs N``: worker processes for a batch (default: one per core, for large batches).
Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", min=1, help="Worker processes (default: every core).", metavar="N"
    ),
]
#: ``--no-cache``: neither read nor update the archive index.
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Do not use the archive index (as REVIEWCTL_NO_CACHE=1).")
]


def _filter(help_: str, metavar: str, complete: str, *names: str) -> Any:
    from reviewctl.cli import complete as completions

    return typer.Option(
        *names, help=help_, metavar=metavar, autocompletion=getattr(completions, complete)
    )


#: ``--status`` and ``--medium``, as every command that filters reviews takes them.
StatusFilter = Annotated[
    str | None, _filter("Only this status (draft, published).", "STATUS", "complete_statuses")
]
MediumFilter = Annotated[  # -m, as new takes it
    str | None, _filter("Only this medium.", "MEDIUM", "complete_media", "--medium", "-m")
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print a one-line error to stderr and exit."""
    print_error(message)
    raise typer.Exit(code)


def file_problem(path: str, why: str) -> str:
    """``path: why``, or ``path:3: why`` when the reason starts with its line."""
    return f"{path}:{why}" if why[:1].isdigit() else f"{path}: {why}"


def print_error(message: str) -> None:
    """Print a one-line error to stderr; control characters (from a file name or a review)
    are escaped, so the message stays one line and cannot drive the terminal."""
    from reviewctl.terminal_text import escape_controls

    typer.secho(
        f"error: {escape_controls(message, '')}",
        err=True,
        fg=typer.colors.RED,
        color=colour_wanted(),
    )


def print_warning(message: str) -> None:
    """A one-line warning that does not change the result (e.g. the index was not used),
    escaped as :func:`print_error` escapes."""
    from reviewctl.terminal_text import escape_controls

    typer.secho(
        f"warning: {escape_controls(message, '')}",
        err=True,
        fg=typer.colors.YELLOW,
        color=colour_wanted(),
    )


def say(message: str) -> None:
    """A one-line result on stdout ("Published x.md"), escaped as :func:`print_error` escapes."""
    from reviewctl.terminal_text import escape_controls

    typer.echo(escape_controls(message, ""))


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn the core's errors into a one-line message and exit code 2."""
    from reviewctl.errors import ReviewctlError

    try:
        yield
    except ReviewctlError as exc:
        lines = str(exc).splitlines() or [""]
        for line in lines[:-1]:  # a config with several errors reports them all
            print_error(line)
        fail(lines[-1])


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


_SEVERITY_COLOURS = {"error": typer.colors.RED, "warning": typer.colors.YELLOW}


def paint_severity(word: str, severity: Severity) -> str:
    """A severity word in its colour; ``typer.echo`` drops the colour when piped."""
    return typer.style(word, fg=_SEVERITY_COLOURS.get(severity.value, typer.colors.CYAN), bold=True)


def colour_wanted() -> bool | None:
    """``False`` when ``NO_COLOR`` is set or the terminal is ``TERM=dumb`` (as Rich, which
    prints list, show and search, decides), else ``None`` (colour on a terminal only)."""
    import os

    return False if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb" else None


def is_terminal() -> bool:
    """Whether stdout is a terminal (tables and rendered Markdown) or a pipe (plain text)."""
    import sys

    return sys.stdout.isatty()


def print_markdown(text: str) -> None:
    """Markdown rendered on a terminal; the Markdown source itself when piped."""
    if not is_terminal():
        typer.echo(text, nl=False)
        return
    from reviewctl.render.markdown import markdown

    out = console()
    renderable = markdown(text, hyperlinks=out.is_terminal)  # the one Markdown setup
    if renderable is not None:
        out.print(renderable)
