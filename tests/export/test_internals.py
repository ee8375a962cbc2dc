"""The export's own machinery: the file walk, the process pool, an empty site."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reviewctl.archive import iter_files
from reviewctl.config import load_config
from reviewctl.export import ExportOptions, export
from reviewctl.export import run as export_run
from reviewctl.model import Review

from .conftest import FILM_REVIEW, write


def test_walk_selects_what_iter_files_selects(archive: Path, tmp_path: Path) -> None:
    reviews = archive / "reviews"
    write(reviews / ".hidden" / "x.md", "# no")
    write(reviews / "film" / ".draft.md", "# no")
    write(reviews / "film" / "notes.txt", "no")
    write(reviews / "film" / "long.markdown", FILM_REVIEW)
    write(archive / "templates" / "film.md", "# a template")
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere / "linked.md", FILM_REVIEW)
    (reviews / "link").symlink_to(elsewhere)
    config = load_config(archive)
    paths = [reviews, archive / "reviews/film/salt-and-static.md", archive / "missing.md", archive]
    expected = [
        str(f.path) if isinstance(f, Review) else str(f.absolute())
        for f in iter_files(paths, config)
    ]
    found = [str(f.path) if isinstance(f, Review) else f for f in export_run._walk(paths, config)]
    assert found == expected
    assert not any("templates" in f or ".hidden" in f for f in found)


def test_process_pool_gives_the_same_site(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(12):
        text = FILM_REVIEW.replace("Salt and Static", f"Salt and Static {number}")
        write(archive / f"reviews/film/salt-{number}.md", text)
    write(archive / "reviews/more/salt-and-static.md", FILM_REVIEW)  # a slug collision
    config = load_config(archive)
    serial = export([archive / "reviews"], config, ExportOptions(tmp_path / "a", site=True, jobs=1))
    monkeypatch.setattr("reviewctl.batch.PARALLEL_THRESHOLD", 1)
    pooled = export([archive / "reviews"], config, ExportOptions(tmp_path / "b", site=True, jobs=2))
    assert (serial.exported, serial.rendered) == (pooled.exported, pooled.rendered) == (15, 15)

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and not p.name.startswith(".")
        }

    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert (tmp_path / "b/film/salt-and-static-2/index.html").is_file()


def test_empty_archive_gives_an_empty_but_valid_site(tmp_path: Path) -> None:
    root = tmp_path / "archive"
    (root / "reviews").mkdir(parents=True)
    config = load_config(root)
    report = export([root / "reviews"], config, ExportOptions(tmp_path / "out", site=True))
    assert report.exported == 0 and report.skipped == []
    feed = ET.parse(tmp_path / "out/feed.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    assert "0 reviews" in (tmp_path / "out/index.html").read_text(encoding="utf-8")


def test_lost_entries_file_is_rebuilt(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    config = load_config(archive)
    export([archive / "reviews"], config, ExportOptions(out, site=True))
    from reviewctl.index import Index

    with Index.open(config.root) as index:  # the entries, lost from the index
        kind = f"entry:{os.path.realpath(out)}"
        assert index.rows(kind)
        index.forget(kind, index.rows(kind))
    (archive / "reviews/film/salt-and-static.md").write_text(
        FILM_REVIEW.replace("Movie Review: Salt", "Movie Review: Pepper"), encoding="utf-8"
    )
    report = export([archive / "reviews"], config, ExportOptions(out, site=True))
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Pepper" in index and "The Paper Lighthouse" in index
    assert report.rendered == 2  # the changed review, and the one whose entry was lost


@pytest.mark.parametrize(
    ("fragment", "published"),
    [
        ("<p>a <!--> keep</p><p>real</p><!-- n -->", "<p>a  keep</p><p>real</p>"),
        ("<!--x--!> after", " after"),
        ("<!---> after", " after"),
        ("<!-- a --> b <!-- c -->", " b "),
        ("<script>x <!-- y --> z</script><!-- gone -->", "<script>x <!-- y --> z</script>"),
        ("<STYLE>a<!--b--></STYLE>c<!--d-->e", "<STYLE>a<!--b--></STYLE>ce"),
        ("<scripture>a</scripture><!-- note -->", "<scripture>a</scripture>"),
        ("x<!--more-->y<!--nextpage-->z<!-- no -->", "x<!--more-->y<!--nextpage-->z"),
        ("open <!-- never closed", "open <!-- never closed"),
    ],
)
def test_drop_comments_ends_a_comment_as_html_does(fragment: str, published: str) -> None:
    """``<!-->`` and ``<!--->`` are whole (empty) comments and ``--!>`` closes one, as in a
    browser: no text after them is lost; scripts' and styles' text is code, kept."""
    from reviewctl.export.html import drop_comments

    assert drop_comments(fragment) == published
