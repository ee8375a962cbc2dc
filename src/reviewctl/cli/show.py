"""`reviewctl show`: read reviews in the terminal, spoilers hidden below the cut.

Only Typer and the standard library are imported here; Rich, markdown-it and the core load
when the command runs, so other commands start fast.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from reviewctl.config import Config
    from reviewctl.model import Review

DEFAULT_PAGER = "less"
# What git sets for less: quit if one screen (-F), pass colours and links (-R), no clear (-X).
DEFAULT_LESS = "FRX"

HELP = """Read reviews in the terminal: front matter as a header, the lede as Markdown, and
the body below the cut hidden unless --spoilers. Give files or folders; several reviews are
shown one after another. A file that cannot be read is reported on stderr (exit 2) and the
others are still shown.

Output follows the terminal's width; piped output has no colour codes, and NO_COLOR is
honoured. By default the output is paged only when it goes to a terminal and is taller than
the screen."""


def register(app: typer.Typer) -> None:
    """Add the command(s) of this module to ``app``."""
    app.command("show", help=HELP)(show)


def show(
    paths: Annotated[
        list[Path],
        typer.Argument(
            readable=False,
            metavar="PATH",
            help="Review files, or folders of reviews.",
            show_default=False,
        ),
    ],
    spoilers: Annotated[
        bool, typer.Option("--spoilers", help="Show the body below the cut.")
    ] = False,
    width: Annotated[
        int | None,
        typer.Option(
            "--width", min=20, metavar="N", help="Wrap at N columns. [default: the terminal's]"
        ),
    ] = None,
    pager: Annotated[
        bool | None,
        typer.Option(
            "--pager/--no-pager",
            help="Page through $PAGER (default: less, with LESS=FRX when LESS is unset), or "
            "never page. [default: page when a terminal is shorter than the output]",
            show_default=False,
        ),
    ] = None,
    raw: Annotated[bool, typer.Option("--raw", help="Print the source files unchanged.")] = False,
) -> None:
    from reviewctl.archive import iter_files
    from reviewctl.cli.common import EXIT_USAGE, console, fail, load_config_for

    config = load_config_for(paths)
    out = console(width=width)
    found = list(iter_files(paths, config))
    if not found:
        fail(f"no review files under {', '.join(str(p) for p in paths)}")
    many = len(found) > 1 or any(p.is_dir() for p in paths)
    # Paging needs the whole output first: buffer it when paging is asked for or may be needed.
    auto = pager is None and out.is_terminal and _isatty()
    buffered = bool(pager) or auto
    chunks: list[bytes] = []
    if raw:  # a terminal (or a pager) is shown the text, its control characters escaped
        screen = buffered or (out.is_terminal and _isatty())
        failed = _raw_all(
            found, chunks if buffered else None, screen=screen, limit=config.max_file_size
        )
    elif buffered:
        with out.capture() as captured:
            failed = _render_all(found, config, out, spoilers=spoilers, many=many)
        chunks.append(captured.get().encode(_encoding(), errors="replace"))
    else:
        failed = _render_all(found, config, out, spoilers=spoilers, many=many)

    if buffered:
        data = b"".join(chunks)
        if pager or data.count(b"\n") > out.size.height:
            page(data)
        else:
            _write(data)
    if failed:
        raise typer.Exit(EXIT_USAGE)


def _render_all(
    found: list[Path | Review], config: Config, out: Console, *, spoilers: bool, many: bool
) -> bool:
    """Print each review (or report it on stderr); ``True`` when any could not be read."""
    from reviewctl.parse import parse_review
    from reviewctl.render.terminal import Separator, render_review

    failed = False
    first = True
    for item in found:
        review = (
            parse_review(item, config.markers, limit=config.max_file_size)
            if isinstance(item, Path)
            else item
        )
        if not review.readable:
            _report(review)
            failed = True
            continue
        if many:
            if not first:
                out.print()
            out.print(Separator(str(review.path)))
        first = False
        for renderable in render_review(
            review, config, spoilers=spoilers, hyperlinks=out.is_terminal
        ):
            out.print(renderable)
        if review.error is not None:  # shown as far as it reads; the error said as any is
            _report(review)
            failed = True
    return failed


def _raw_all(
    found: list[Path | Review], into: list[bytes] | None, *, screen: bool, limit: int
) -> bool:
    """Copy each file's bytes to stdout (or ``into``), on a ``screen`` with its control
    characters escaped (an ESC in a review must not retitle or clear the terminal);
    ``True`` when any could not be read."""
    from reviewctl.fs import MAX_FILE_SIZE, read_limited
    from reviewctl.model import Problem, Review

    failed = False
    for item in found:
        if isinstance(item, Review):
            _report(item)
            failed = True
            continue
        try:
            data, _ = read_limited(item, limit or MAX_FILE_SIZE)
        except OSError as exc:
            reason = exc.strerror or exc.__class__.__name__
            _report(Review(item, error=Problem(f"cannot read file: {reason}", kind="read")))
            failed = True
            continue
        if screen:
            from reviewctl.terminal_text import escape_controls

            text = data.decode("utf-8", errors="replace").replace("\r\n", "\n")
            data = escape_controls(text).encode(_encoding(), errors="replace")
        if into is None:
            _write(data)
        else:
            into.append(data)
    return failed


def _report(review: Review) -> None:
    """One line on stderr naming the file (and the line, when the problem has one)."""
    from reviewctl.cli.common import print_error

    error = review.error
    print_error(error.at(review.path) if error else f"{review.path}: cannot be shown")


def _isatty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _encoding() -> str:
    return getattr(sys.stdout, "encoding", None) or "utf-8"


def _write(data: bytes) -> None:
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(data)
        buffer.flush()
    else:  # a text-only stream
        sys.stdout.write(data.decode(_encoding(), errors="replace"))
        sys.stdout.flush()


def page(data: bytes) -> None:
    """Pipe ``data`` through ``$PAGER`` (run by the shell, as git does), else ``less``.

    When the pager cannot be started the output is written directly. Ctrl-C belongs to the
    pager while it runs.
    """
    import shlex
    import shutil
    import signal
    import subprocess

    command = os.environ.get("PAGER", "").strip() or DEFAULT_PAGER
    try:
        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        program = ""
    if command == "cat" or not program or shutil.which(program) is None:
        _write(data)
        return
    env = dict(os.environ)
    env.setdefault("LESS", DEFAULT_LESS)
    try:
        process = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        _write(data)
        return
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread
        previous = None
    try:
        process.communicate(data)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
