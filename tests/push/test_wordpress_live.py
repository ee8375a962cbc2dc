"""The round trip on a real WordPress (the one ``.ci/wordpress.sh`` starts).

Push the examples, read each post back as the editor would (``context=edit``) and check it
with WordPress's own block parser; edit a review and push again; then a wrong password and a
site that is not running.
"""

from __future__ import annotations

import html
import re
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from reviewctl.config import load_config
from reviewctl.export.html import split
from reviewctl.export.markdown import plain_text, render
from reviewctl.parse import parse_review

from .conftest import LiveSite, configure, freeform, names

Parse = Callable[[str], list[dict[str, Any]]]
FEATURED = {
    "anime/lantern-circuit.md": "images/night-ferry.jpg",
    "game/tidewright.md": "images/harbour.jpg",
}


def front_matter_line(path: Path, line: str) -> None:
    """Add ``line`` as the front matter's first key (YAML or TOML fence)."""
    text = path.read_text(encoding="utf-8")
    fence = text.split("\n", 1)[0]
    path.write_text(text.replace(fence + "\n", f"{fence}\n{line}\n", 1), encoding="utf-8")


@pytest.fixture(scope="module")
def pushed(live_wp: LiveSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The examples pushed once (a module's tests share it): the archive and the CLI's answer."""
    import shutil

    from typer.testing import CliRunner

    from reviewctl.cli.app import app

    archive = tmp_path_factory.mktemp("live") / "examples"
    shutil.copytree(Path(__file__).resolve().parents[2] / "examples", archive)
    configure(archive, live_wp.url, live_wp.user)
    for rel, image in FEATURED.items():
        toml = (archive / "reviews" / rel).read_text(encoding="utf-8").startswith("+++")
        front_matter_line(
            archive / "reviews" / rel, f'image = "{image}"' if toml else f"image: {image}"
        )
    runner = CliRunner(env={"REVIEWCTL_WP_PASSWORD": live_wp.password})
    result = runner.invoke(app, ["push", str(archive / "reviews")], catch_exceptions=False)
    return {"archive": archive, "result": result, "runner": runner}


def post_of(live_wp: LiveSite, path: Path) -> dict[str, Any]:
    review = parse_review(path)
    post: dict[str, Any] = live_wp.get(f"/wp/v2/posts/{review.metadata['wp_id']}", context="edit")
    return post


def test_push_the_examples(pushed: dict[str, Any]) -> None:
    result = pushed["result"]
    assert result.exit_code == 1, result.stderr  # the example with lint errors is refused
    assert result.stderr.count("\n") == 1 and "tv/northbound-signal.md" in result.stderr
    assert result.stdout.count(": created post ") == 4


@pytest.mark.parametrize(
    "rel",
    [
        "anime/lantern-circuit.md",
        "book/a-map-of-quiet-harbours.md",
        "film/the-salt-archive.md",
        "game/tidewright.md",
    ],
)
def test_each_post_reads_back_as_written(
    live_wp: LiveSite, pushed: dict[str, Any], parse_blocks: Parse, rel: str
) -> None:
    archive: Path = pushed["archive"]
    path = archive / "reviews" / rel
    review = parse_review(path, load_config(archive).markers)
    post = post_of(live_wp, path)

    blocks = parse_blocks(post["content"]["raw"])
    assert freeform(blocks) == []  # no Classic block anywhere
    top = names(blocks)
    assert top.count("core/more") == 1 and post["content"]["raw"].count("<!--more-->") == 1
    warning = blocks_named(blocks)[top.index("core/more") - 1]
    assert warning["blockName"] == "core/paragraph" and "spoiler-warning" in warning["innerHTML"]
    assert "Spoilers below the cut." in warning["innerHTML"]

    lede = plain_text(render(split(review, "Spoilers below the cut.").lede.source))
    assert post["excerpt"]["raw"] == lede
    assert post["slug"] == path.stem
    assert post["status"] == ("draft" if review.status == "draft" else "publish")
    assert post["date"] == f"{review.date.isoformat()}T00:00:00"
    categories = [live_wp.get(f"/wp/v2/categories/{i}")["name"] for i in post["categories"]]
    assert [html.unescape(c) for c in categories] == [review.category]
    tags = [html.unescape(live_wp.get(f"/wp/v2/tags/{i}")["name"]) for i in post["tags"]]
    assert sorted(tags) == sorted(review.tags)

    images = [b for b in blocks if b["blockName"] == "core/image"]
    local = (
        sorted((path.parent / "images").glob("*.jpg")) if (path.parent / "images").is_dir() else []
    )
    assert len(images) == len(local)
    for block, source in zip(images, local, strict=True):
        src = re.search(r'src="([^"]+)"', block["innerHTML"])
        assert src is not None and src.group(1).startswith(live_wp.url + "/wp-content/uploads/")
        served = httpx.get(html.unescape(src.group(1)), timeout=30)
        assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
        assert served.content == source.read_bytes()
        media = live_wp.get(f"/wp/v2/media/{block['attrs']['id']}")
        assert media["source_url"] == html.unescape(src.group(1))
    if rel in FEATURED:
        featured = live_wp.get(f"/wp/v2/media/{post['featured_media']}")
        assert featured["source_url"] == html.unescape(src.group(1))  # the body's picture
    else:
        assert post["featured_media"] == 0


def blocks_named(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [b for b in blocks if b["blockName"] is not None]


def test_edit_and_push_again_updates_the_same_post(
    live_wp: LiveSite, pushed: dict[str, Any]
) -> None:
    archive: Path = pushed["archive"]
    path = archive / "reviews/anime/lantern-circuit.md"
    before = post_of(live_wp, path)
    media_before = live_wp.get("/wp/v2/media", per_page=100)
    path.write_text(
        path.read_text(encoding="utf-8").replace("Their banter is warm", "Their banter is bright"),
        encoding="utf-8",
    )
    text = path.read_bytes()
    result = pushed["runner"].invoke(_app(), ["push", str(path)])
    assert result.exit_code == 0, result.stderr
    after = post_of(live_wp, path)
    assert after["id"] == before["id"]
    assert "Their banter is bright" in after["content"]["raw"]
    assert len(live_wp.get("/wp/v2/media", per_page=100)) == len(media_before)
    assert path.read_bytes() == text  # the id was already there: nothing written
    assert f"updated post {before['id']}" in result.stdout
    # pushed again as it is: WordPress holds it already, and its modified date stays
    again = pushed["runner"].invoke(_app(), ["push", str(archive / "reviews")])
    assert again.exit_code == 1  # the one example with lint errors is refused, as before
    assert f"unchanged post {before['id']}" in again.stdout and "updated" not in again.stdout
    assert post_of(live_wp, path)["modified"] == after["modified"]


def _app() -> Any:
    from reviewctl.cli.app import app

    return app


def test_wrong_password(live_wp: LiveSite, pushed: dict[str, Any]) -> None:
    from typer.testing import CliRunner

    archive: Path = pushed["archive"]
    before = {p: p.read_bytes() for p in archive.rglob("*.md")}
    runner = CliRunner(env={"REVIEWCTL_WP_PASSWORD": "aaaa bbbb cccc dddd eeee ffff"})
    result = runner.invoke(_app(), ["push", str(archive / "reviews")])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "401 Unauthorized" in result.stderr
    assert result.stdout == ""
    assert {p: p.read_bytes() for p in archive.rglob("*.md")} == before


def test_a_stopped_server(live_wp: LiveSite, pushed: dict[str, Any]) -> None:
    """An address where no server runs any more (a port just freed) answers like a stopped one."""
    from typer.testing import CliRunner

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    archive: Path = pushed["archive"]
    config = archive / "reviewctl.toml"
    saved = config.read_text(encoding="utf-8")
    config.write_text(saved.replace(live_wp.url, f"http://127.0.0.1:{port}"), encoding="utf-8")
    before = {p: p.read_bytes() for p in archive.rglob("*.md")}
    try:
        runner = CliRunner(env={"REVIEWCTL_WP_PASSWORD": live_wp.password})
        result = runner.invoke(_app(), ["push", str(archive / "reviews")])
    finally:
        config.write_text(saved, encoding="utf-8")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: cannot reach http://127.0.0.1:{port}")
    assert result.stderr.count("\n") == 1 and result.stdout == ""
    assert {p: p.read_bytes() for p in archive.rglob("*.md")} == before
