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
    """Create reviewctl.toml for a new archive.

    Never overwrites one. Prompts on a terminal unless --yes. Support links are stored as
    https:// addresses (https:// is added to patreon.com/me, http:// is upgraded).
    """
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
                links.append(SupportLink(label, _prompt_url()))
    elif not (author or "").strip():
        fail('--yes needs --author NAME (your name as the blog shows it), e.g. --author "Jo Doe"')
    directory.mkdir(parents=True, exist_ok=True)
    with user_errors():
        path = write_config(
            directory,
            Config(root=directory.resolve(), author=author or "", support_links=tuple(links)),
        )
    typer.echo(f"Created {path}")
    if not links:
        typer.echo("No support links: add [[support_links]] to it for the review footer.")
    typer.echo(f'Next: {_cd(path.parent)}reviewctl new "A Work" --medium film')


def _cd(folder: Path) -> str:
    """``cd FOLDER && `` when the archive is not the current folder."""
    here = Path.cwd().resolve()
    folder = folder.resolve()
    if folder == here:
        return ""
    shown = folder.relative_to(here) if folder.is_relative_to(here) else folder
    quoted = str(shown) if " " not in str(shown) else f'"{shown}"'
    return f"cd {quoted} && "


def _prompt_url() -> str:
    from reviewctl.errors import ReviewctlError
    from reviewctl.links import normalise_url

    while True:
        try:
            fixed = normalise_url(typer.prompt("  URL"))
        except ReviewctlError as exc:
            typer.echo(f"  {exc}", err=True)
            continue
        if fixed.change:
            typer.echo(f"  Stored as {fixed.url} ({fixed.change}).")
        return fixed.url


def _parse_link(text: str) -> SupportLink:
    from reviewctl.config import SupportLink
    from reviewctl.errors import ReviewctlError
    from reviewctl.links import normalise_url

    label, sep, url = text.partition("=")
    if not sep or not label.strip() or not url.strip():
        fail(f'--support-link expects "Label=URL", got {text!r}')
    try:
        fixed = normalise_url(url)
    except ReviewctlError as exc:
        fail(f"--support-link: {exc}")
    if fixed.change:
        typer.echo(f"Support link {label.strip()!r} stored as {fixed.url} ({fixed.change}).")
    return SupportLink(label.strip(), fixed.url)


def register(app: typer.Typer) -> None:
    app.command()(init)
