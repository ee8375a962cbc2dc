"""``reviewctl init``: write a ``reviewctl.toml`` for a new archive."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reviewctl.cli.common import fail, user_errors

if TYPE_CHECKING:
    from reviewctl.config import SupportLink


def interactive() -> bool:
    return sys.stdin.isatty()


def init(
    directory: Annotated[Path, typer.Argument(help="Archive folder (default: here).")] = Path(),
    author: Annotated[str | None, typer.Option(help="Your name, as on the blog.")] = None,
    support_link: Annotated[
        list[str] | None,
        typer.Option(
            "--support-link",
            help='A footer link as "Label=URL"; repeat in footer order.',
            metavar="LABEL=URL",
        ),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Do not prompt; use the options.")
    ] = False,
) -> None:
    """Create reviewctl.toml (never overwrites one). Prompts on a terminal unless --yes."""
    from reviewctl.config import Config, SupportLink
    from reviewctl.scaffold import write_config

    links = [_parse_link(item) for item in support_link or []]
    if not yes:
        if not interactive():
            fail("not a terminal: pass --yes with --author and --support-link to run unattended")
        author = typer.prompt("Author", default=author or "")
        if not links:
            typer.echo("Support links for the footer, in order (empty label to finish).")
            while label := typer.prompt("  Label", default="", show_default=False).strip():
                links.append(SupportLink(label, typer.prompt("  URL").strip()))
    directory.mkdir(parents=True, exist_ok=True)
    with user_errors():
        path = write_config(
            directory,
            Config(root=directory.resolve(), author=author or "", support_links=tuple(links)),
        )
    typer.echo(f"Created {path}")


def _parse_link(text: str) -> SupportLink:
    from reviewctl.config import SupportLink

    label, sep, url = text.partition("=")
    if not sep or not label.strip() or not url.strip():
        fail(f'--support-link expects "Label=URL", got {text!r}')
    return SupportLink(label.strip(), url.strip())


def register(app: typer.Typer) -> None:
    app.command()(init)
