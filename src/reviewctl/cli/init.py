"""``reviewctl init``: write a ``reviewctl.toml`` for a new archive or an existing blog."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reviewctl.cli.common import EXIT_USAGE, fail, print_error, user_errors

if TYPE_CHECKING:
    from reviewctl.adopt import Adoption
    from reviewctl.config import SupportLink


def interactive() -> bool:
    return sys.stdin.isatty()


def init(
    directory: Annotated[
        Path, typer.Argument(readable=False, help="Archive folder (default: here).")
    ] = Path(),
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
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the config instead of writing it.")
    ] = False,
) -> None:
    """Create reviewctl.toml (never overwrites one).

    In a folder that already holds posts (Hugo, Jekyll, Zola, Pelican, Astro or plain
    Markdown), the config describes that blog: init reads the posts and prints what it
    found. In a new folder it prompts on a terminal unless --yes. Support links are stored
    as https:// addresses (https:// is added to patreon.com/me, http:// is upgraded).
    """
    from reviewctl.adopt import learn
    from reviewctl.config import Config, SupportLink

    # with --dry-run, stdout is the config: what init says of the links goes to stderr
    links = [_parse_link(item, err=dry_run) for item in support_link or []]
    if directory.exists() and not directory.is_dir():
        fail(f"{directory}: not a folder")
    adoption = learn(directory) if directory.is_dir() else None
    if adoption is not None:
        _adopt(directory, adoption, author, links, dry_run)
        return
    if not yes and not dry_run:
        if not interactive():
            fail("not a terminal: pass --yes with --author and --support-link to run unattended")
        author = typer.prompt("Author", default=author or "")
        if not links:
            typer.echo("Support links for the footer, in order (empty label to finish).")
            while label := typer.prompt("  Label", default="", show_default=False).strip():
                links.append(SupportLink(label, _prompt_url()))
    elif not dry_run and not (author or "").strip():
        fail('--yes needs --author NAME (your name as the blog shows it), e.g. --author "Jo Doe"')
    config = Config(root=directory.resolve(), author=author or "", support_links=tuple(links))
    if dry_run:
        import tomli_w

        from reviewctl.config import config_to_mapping

        typer.echo(tomli_w.dumps(config_to_mapping(config)), nl=False)
        return
    from reviewctl.scaffold import write_config

    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file on the way, a read-only parent
        fail(f"{directory}: cannot make the folder: {exc.strerror or exc}")
    with user_errors():
        path = write_config(directory, config)
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


def _adopt(
    directory: Path,
    adoption: Adoption,
    author: str | None,
    links: list[SupportLink],
    dry_run: bool,
) -> None:
    """Write (or print) the config that describes an existing blog, and what was found."""
    from reviewctl.adopt import config_text
    from reviewctl.scaffold import write_config

    config = adoption.config
    if author:
        config = replace(config, author=author)
    if links:
        config = replace(config, support_links=tuple(links))
    adoption = replace(adoption, config=config)
    header = ["Written by `reviewctl init` from the blog's posts:", *adoption.report()]
    text = config_text(adoption, header)
    if dry_run:
        typer.echo(text, nl=False)
        return
    with user_errors():
        path = write_config(directory, config, text)
    where = "this folder" if adoption.posts_dir == "." else adoption.posts_dir
    noun = "post" if adoption.posts == 1 else "posts"
    typer.echo(f"Found {adoption.posts} {noun} in {where} ({adoption.generator}):")
    for line in adoption.report()[1:]:
        typer.echo(f"  {line}")
    for switch in adoption.off:
        typer.echo(f"  {switch.code} off: {switch.reason}")
    typer.echo(f"Created {path}")
    typer.echo("Next: `reviewctl list` to see the posts, `reviewctl lint` to check them.")
    for unread in adoption.unread:  # learnt nothing from: an input error, as anywhere
        print_error(f"{unread} (nothing learnt from it)")
    if adoption.unread:
        raise typer.Exit(EXIT_USAGE)


def _parse_link(text: str, *, err: bool = False) -> SupportLink:
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
        typer.echo(
            f"Support link {label.strip()!r} stored as {fixed.url} ({fixed.change}).", err=err
        )
    return SupportLink(label.strip(), fixed.url)


def register(app: typer.Typer) -> None:
    app.command()(init)
