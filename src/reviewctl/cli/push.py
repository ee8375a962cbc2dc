"""``reviewctl push``: publish reviews to a WordPress site through its REST API."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from reviewctl.push import PushResult

HELP = """Publish reviews to a WordPress site as native blocks (REST API, Application Password).

The site is [wordpress] url and user in reviewctl.toml; the Application Password comes from
the environment variable REVIEWCTL_WP_PASSWORD only. A review becomes a new post, or updates
the post its wp_id names (a new post's id and slug are written back into the front matter
as wp_id and wp_slug, no other byte changes). Its local images are uploaded to the media
library once; the categories (category or categories, else the medium's), tags, date, status,
slug, featured image (image, cover, featuredImage...) and excerpt (description, summary or
excerpt, else the lede) are set.

Exit status: 0 when every review was pushed; 1 when some were refused for error-severity
lint findings (use --force); 2 when the site failed or refused, or on a usage, config or
input error (each failed review is one line on stderr; the others are still pushed).
"""


def push(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            readable=False, help="Review files or folders (default: the archive's reviews folder)."
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Say what would change; write nothing, here or there."),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Push reviews with error-severity lint findings.")
    ] = False,
) -> None:
    import os

    from reviewctl.archive import default_paths
    from reviewctl.cli.common import (
        EXIT_FINDINGS,
        EXIT_USAGE,
        fail,
        load_config_for,
        print_error,
        print_warning,
        say,
        user_errors,
    )
    from reviewctl.errors import ReviewctlError
    from reviewctl.push import Pusher, PushError, push_paths
    from reviewctl.wpsite import PASSWORD_VARIABLE, Site, SiteError

    config = load_config_for(paths or None)
    settings = config.wordpress
    where = config.source or "reviewctl.toml"
    if not settings.url or not settings.user:
        fail(f"{where}: set [wordpress] url and user to push")
    password = os.environ.get(PASSWORD_VARIABLE, "").strip()
    if not password:
        fail(f"set {PASSWORD_VARIABLE} to the user's Application Password")
    try:
        site = Site(settings.url, settings.user, password)
    except ReviewctlError as exc:  # the address: the config's error, with its line
        from reviewctl.config import key_line

        line = key_line(config.source, "url", "wordpress") if config.source else None
        fail(f"{where}:{line}: {exc.message}" if line else f"{where}: {exc.message}")
    failed = refused = False
    with site:
        try:
            site.me()  # the address, the REST API and the password, before any review
        except SiteError as exc:
            fail(exc.message)
        pusher = Pusher(site, config, dry_run=dry_run, force=force)
        with user_errors():
            targets = paths or default_paths(config)
        try:
            for outcome in push_paths(pusher, targets, config):
                if outcome.result is None:
                    print_error(outcome.error)
                    refused |= outcome.refused
                    failed |= not outcome.refused
                    continue
                for message in outcome.result.warnings:  # the site's text (a slug): escaped
                    print_warning(message)
                say(_line(outcome.result))
        except PushError as exc:  # the site failed: no other review can go either
            fail(str(exc))
    if failed:
        raise typer.Exit(EXIT_USAGE)
    if refused:
        raise typer.Exit(EXIT_FINDINGS)


def _line(result: PushResult) -> str:
    """``reviews/x.md: created post 12 (publish) http://… [1 image uploaded, 2 reused]``."""
    post = f"post {result.post_id}" if result.post_id is not None else "a post"
    head = f"{result.path}: {result.action} {post} ({result.status})"
    if result.link:
        head += f" {result.link}"
    details = []
    verb = "to upload" if result.action.startswith("would") else "uploaded"
    if result.uploaded:
        count = len(result.uploaded)
        details.append(f"{count} image{'s' if count != 1 else ''} {verb}")
    if result.reused:
        details.append(f"{result.reused} already there")
    if result.new_terms:
        made = "to create" if result.action.startswith("would") else "created"
        details.append(f"{made}: {', '.join(result.new_terms)}")
    if result.wrote:
        details.append(f"{', '.join(result.wrote)} written")
    return f"{head} [{'; '.join(details)}]" if details else head


def register(app: typer.Typer) -> None:
    app.command("push", help=HELP)(push)
