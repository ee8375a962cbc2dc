"""`reviewctl serve`: preview the site while writing; it rebuilds and reloads on every save."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Annotated

import typer

HELP = """Preview the site on http://127.0.0.1:PORT/ while you write.

Builds the site (as `export --site`) into a temporary folder, serves it, and rebuilds what
changed whenever a review, the config or the theme changes; the open page reloads itself.
Ctrl-C stops it and removes the folder.
"""


def serve(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            readable=False, help="Review files or folders (default: the archive's reviews folder)."
        ),
    ] = None,
    drafts: Annotated[bool, typer.Option(help="Show drafts too (marked, never indexed).")] = False,
    port: Annotated[
        int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 (0: any free port).")
    ] = 8000,
    theme: Annotated[
        Path | None,
        typer.Option(readable=False, help="Theme folder (default: the config's theme)."),
    ] = None,
) -> None:
    import threading

    from reviewctl.cli.common import fail, print_error, print_warning
    from reviewctl.serve import Build, Preview

    def report(build: Build) -> None:
        if build.error:
            print_error(f"{build.error} (still showing the last good build)")
            return
        for message in build.warnings:
            print_warning(message)
        held = ""
        if build.held:  # the draft being written, served alone, is no empty site unexplained
            held = f", {build.held} draft{'s' if build.held != 1 else ''} left out (--drafts shows them)"
        typer.echo(
            f"build {build.number}: {build.exported} reviews, {build.rendered} rendered{held}"
        )

    start = paths[0] if paths else Path.cwd()
    # stopped by kill or timeout (SIGTERM) as by Ctrl-C, from the moment the preview's
    # folder exists: the built site, drafts and all, is removed either way
    signal.signal(signal.SIGTERM, _interrupt)
    preview = Preview(
        start if start.exists() else Path.cwd(), paths or None, drafts=drafts, theme=theme
    )

    try:
        try:  # the port first: a busy one is said at once, not after a whole build
            server = preview.serve(port)
        except OSError as exc:
            fail(f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}")
        first = preview.build()
        if first.error:
            server.server_close()
            fail(first.error)
        report(first)
        stop = threading.Event()
        watcher = threading.Thread(target=preview.watch, args=(stop, report), daemon=True)
        watcher.start()
        typer.echo(f"serving http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            server.server_close()
            watcher.join(timeout=5)
    finally:
        preview.close()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def register(app: typer.Typer) -> None:
    """Add the command(s) of this module to ``app``."""
    app.command("serve", help=HELP)(serve)
