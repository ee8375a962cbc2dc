"""The command-line interface: thin Typer commands over the core library."""

from __future__ import annotations

import contextlib
import io
import os
import sys


def main() -> None:
    import gc

    # A run builds tens of thousands of long-lived rows and no cycles worth finding: with
    # the default threshold the collector rescans them over and over (bench_index, warm
    # list of 10,000 reviews: query 0.13 → 0.05 s, index lookup 0.12 → 0.10 s).
    gc.set_threshold(200_000, 30, 30)
    try:
        os.getcwd()
    except OSError:  # every relative path, and each command's own folder, would be wrong
        print("error: the current folder no longer exists; cd to another", file=sys.stderr)
        _exit(2)
    # a terminal or a pipe that cannot show every character (PYTHONIOENCODING=ascii, a
    # latin-1 locale, the C locale's surrogateescape) gets "?" for those, as the pager does
    if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.errors in (
        "strict",
        "surrogateescape",
    ):
        sys.stdout.reconfigure(errors="replace")
    from reviewctl.cli.app import build

    completing = any(k.startswith("_") and k.endswith("_COMPLETE") for k in os.environ)
    command = sys.argv[1] if len(sys.argv) > 1 and not completing else None
    from reviewctl.errors import ReviewctlError

    try:
        build(command)()
        status: object = 0
    except SystemExit as exc:
        status = exc.code
    except ReviewctlError as exc:  # one a command let through: still a line, never a traceback
        print(f"error: {exc}", file=sys.stderr)
        status = 2
    except OSError as exc:  # the output's disk is full, say (a reader gone: Click's exit)
        where = f"{exc.filename}: " if exc.filename else "cannot write the output: "
        _say(f"error: {where}{exc.strerror or exc}")
        status = 2
    except MemoryError:  # a theme's ``'x' | center(10**9)``, folded as it is compiled
        print("error: out of memory (a theme template that makes a huge text?)", file=sys.stderr)
        status = 2
    except (
        UnicodeEncodeError,
        UnicodeDecodeError,
    ) as exc:  # text the locale's encoding cannot hold (LC_ALL=C, no UTF-8 mode)
        encoding = sys.getfilesystemencoding()
        print(
            f"error: {exc.reason} in {encoding!r}: use a UTF-8 locale (LANG=C.UTF-8) or PYTHONUTF8=1",
            file=sys.stderr,
        )
        status = 2
    _exit(status)


def _exit(status: object) -> None:
    """Flush the output and end the process without freeing, one by one, every object the
    run made (bench_index, warm list of 10,000 reviews: 20 ms of 0.27 s). By now every pool,
    thread and the index are closed: the commands close them before they return."""
    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:  # SystemExit("message"), as Python itself reports it
        print(status, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        if stream is None:
            continue
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # a reader that left early, a closed stream
            pass
        except OSError as exc:  # what was printed did not all arrive: not a success
            if stream is sys.stdout:
                _say(f"error: cannot write the output: {exc.strerror or exc}")
                code = 2
    os._exit(code)


def _say(line: str) -> None:
    """``line`` on stderr, if stderr can still take it."""
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)


__all__ = ["main"]
