"""The command-line interface: thin Typer commands over the core library."""

from __future__ import annotations


def main() -> None:
    from reviewctl.cli.app import app

    app()


__all__ = ["main"]
