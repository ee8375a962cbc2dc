"""A re-export through the archive index makes the site a fresh export makes, whatever
happened to the archive in between (files moved, pictures added, reviews broken)."""

from __future__ import annotations

import filecmp
import os
from pathlib import Path

import pytest

from tests.conftest import Invoke


@pytest.fixture(autouse=True)
def _indexed(cache: Path) -> Path:
    """Every re-export here goes through the archive index."""
    return cache


def differences(one: Path, other: Path) -> list[str]:
    """The files that differ between two folders, or lie in one alone."""
    found: list[str] = []

    def walk(compared: filecmp.dircmp[str], where: str) -> None:
        found.extend(os.path.join(where, n) for n in compared.left_only + compared.right_only)
        found.extend(os.path.join(where, n) for n in compared.diff_files)
        for name, sub in compared.subdirs.items():
            walk(sub, os.path.join(where, name))

    walk(filecmp.dircmp(one, other), "")
    return sorted(found)


def fresh_export(invoke: Invoke, root: Path, out: Path, *args: str) -> list[str]:
    """What the index-based export into ``out`` differs by from a fresh one."""
    fresh = out.with_name(out.name + "-fresh")
    invoke("export", root, "--site", "--out", fresh, "--no-cache", *args)
    return differences(out, fresh)


def test_a_review_moved_into_a_bundle_of_the_same_address_keeps_its_neighbour_links(
    invoke: Invoke, examples: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    invoke("export", examples, "--site", "--out", out)
    film = examples / "reviews" / "film"
    (film / "the-salt-archive").mkdir()
    (film / "the-salt-archive.md").rename(film / "the-salt-archive" / "index.md")
    (film / "images").rename(film / "the-salt-archive" / "images")
    invoke("export", examples, "--site", "--out", out)
    page = (out / "film" / "the-salt-archive" / "index.html").read_text()
    assert 'class="review-nav"' in page
    assert fresh_export(invoke, examples, out) == []


@pytest.mark.parametrize("format", ["html", "wordpress"])
def test_a_picture_that_appears_after_the_export_is_copied_by_the_next(
    invoke: Invoke, examples: Path, tmp_path: Path, format: str
) -> None:
    picture = examples / "reviews" / "film" / "images" / "reading-room.jpg"
    aside = tmp_path / "reading-room.jpg"
    picture.rename(aside)
    out = tmp_path / "site"
    site = ["--site"] if format == "html" else ["--format", "wordpress"]
    first = invoke("export", examples, *site, "--out", out)
    assert "not found" in first.stderr + first.stdout
    invoke("export", examples, *site, "--out", out)  # still missing: nothing to do
    aside.rename(picture)
    again = invoke("export", examples, *site, "--out", out)
    assert "not found" not in again.stderr + again.stdout
    copies = [p.name for p in out.rglob("reading-room.jpg")]
    assert copies == ["reading-room.jpg"]
    fresh = tmp_path / "fresh"
    invoke("export", examples, *site, "--out", fresh, "--no-cache")
    assert differences(out, fresh) == []


def _link_export_and_break(invoke: Invoke, examples: Path, out: Path) -> Path:
    """Tidewright links to The Salt Archive, exported into ``out``; then The Salt Archive's
    front matter breaks. Tidewright's file."""
    tidewright = examples / "reviews" / "game" / "tidewright.md"
    text = tidewright.read_text()
    link = "It is anything but. See also [The Salt Archive](../film/the-salt-archive.md)."
    tidewright.write_text(text.replace("It is anything but.", link, 1))
    invoke("export", examples, "--site", "--out", out)
    salt = examples / "reviews" / "film" / "the-salt-archive.md"
    salt.write_text(salt.read_text().replace("rating: 7", "rating: [7"))
    return tidewright


def test_links_to_a_review_whose_page_stays_while_it_is_broken_stay_links(
    invoke: Invoke, examples: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    tidewright = _link_export_and_break(invoke, examples, out)
    tidewright.write_text(tidewright.read_text() + "\nOne more line.\n")  # rendered again
    result = invoke("export", examples, "--site", "--out", out)
    assert "its page from the last export stays" in result.stderr
    assert "published as its text" not in result.stderr
    page = (out / "game" / "tidewright" / "index.html").read_text()
    assert 'See also <a href="../../film/the-salt-archive/index.html">' in page
    assert (out / "film" / "the-salt-archive" / "index.html").is_file()


def test_a_broken_review_whose_page_is_gone_is_left_out_of_the_site(
    invoke: Invoke, examples: Path, tmp_path: Path
) -> None:
    """The folder emptied (a fresh deploy): no page stays, so nothing links to one."""
    import shutil

    out = tmp_path / "site"
    _link_export_and_break(invoke, examples, out)
    shutil.rmtree(out)
    result = invoke("export", examples, "--site", "--out", out)
    assert "stays" not in result.stderr
    assert not (out / "film" / "the-salt-archive").exists()
    linking = [p.name for p in out.rglob("*.*") if "the-salt-archive/" in p.read_text("latin-1")]
    assert linking == []
    assert fresh_export(invoke, examples, out) == []


_KILLED_AT_RENAME = """
import os, signal, sys
real, count = os.replace, [0]
def replace(a, b):
    count[0] += 1
    if count[0] == WHEN:
        os.kill(os.getpid(), signal.SIGKILL)  # kill -9: nothing is recorded
    real(a, b)
os.replace = replace
sys.argv[0] = "reviewctl"
from reviewctl.cli import main
main()
"""


@pytest.mark.parametrize("when", [2, 5])
@pytest.mark.parametrize("first", [True, False])
def test_an_export_killed_midway_is_healed_by_the_next(
    invoke: Invoke, examples: Path, tmp_path: Path, when: int, first: bool
) -> None:
    """Killed before it recorded what it wrote (kill -9, or its workers' files at Ctrl-C):
    the next export into the folder does not refuse the files the killed one wrote, cleans
    its temporary files and makes the site a fresh export makes."""
    import subprocess
    import sys

    out = tmp_path / "site"
    game = examples / "reviews" / "game"
    if not first:  # a site exported before, then a review added
        game.rename(tmp_path / "game")
        invoke("export", examples, "--site", "--out", out)
        (tmp_path / "game").rename(game)
    script = _KILLED_AT_RENAME.replace("WHEN", str(when))
    command = [sys.executable, "-c", script, "export", str(examples), "--site", "--out", str(out)]
    killed = subprocess.run(command, capture_output=True, text=True, env=dict(os.environ))
    assert killed.returncode == -9, killed.stderr
    assert any(out.rglob(".*.tmp"))  # what a killed run leaves
    result = invoke("export", examples, "--site", "--out", out)
    assert result.exit_code == 0, result.stderr
    assert not any(out.rglob(".*.tmp"))
    assert fresh_export(invoke, examples, out) == []


def test_a_review_whose_expiry_comes_is_taken_down_by_the_next_export(
    invoke: Invoke, examples: Path, tmp_path: Path
) -> None:
    """Hugo's expiryDate: the review was unchanged, but its page, card and feed entry go
    once the moment has come, as a fresh export leaves them out."""
    import datetime as dt
    import time

    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=2)
    path = examples / "reviews" / "film" / "the-salt-archive.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\nexpiryDate: {soon:%Y-%m-%dT%H:%M:%SZ}\n", 1))
    out = tmp_path / "site"
    invoke("export", examples, "--site", "--out", out)
    assert (out / "film" / "the-salt-archive" / "index.html").is_file()
    time.sleep(max(0.0, (soon - dt.datetime.now(dt.UTC)).total_seconds()) + 1.1)
    invoke("export", examples, "--site", "--out", out)
    assert not (out / "film" / "the-salt-archive").exists()
    assert "the-salt-archive" not in (out / "index.html").read_text()
    assert fresh_export(invoke, examples, out) == []
