"""The bundled examples, exported: snapshots of every page, the index and the feed."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reviewctl.config import load_config
from reviewctl.export import ExportOptions, export

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples exported once with ``--site`` (drafts left out, as by default)."""
    root = tmp_path_factory.mktemp("examples")
    shutil.copytree(EXAMPLES, root / "examples")
    out = root / "site"
    config = load_config(root / "examples")
    report = export([root / "examples" / "reviews"], config, ExportOptions(out=out, site=True))
    assert report.skipped == []
    return out


def _texts(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.suffix in (".html", ".xml") and p.is_file()
    }


def test_example_pages_snapshot(site: Path, snapshot) -> None:  # type: ignore[no-untyped-def]
    pages = _texts(site)
    assert {"index.html", "feed.xml", "tags/index.html"} <= set(pages)
    assert pages == snapshot


def test_example_wordpress_snapshot(tmp_path: Path, snapshot) -> None:  # type: ignore[no-untyped-def]
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    out = tmp_path / "wp"
    config = load_config(tmp_path / "examples")
    export([tmp_path / "examples" / "reviews"], config, ExportOptions(out=out, format="wordpress"))
    texts = {
        p.relative_to(out).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(out.rglob("*"))
        if p.suffix in (".html", ".json") and not p.name.startswith(".")
    }
    assert texts == snapshot
    for rel, text in texts.items():
        if rel.endswith(".html"):
            assert text.count("<!--more-->") == 1, rel


BASE_URL = "https://reviews.example.org/"


def test_example_feed_is_atom_with_ledes_only(site: Path) -> None:
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    dates = [e.findtext(f"{ATOM}updated") or "" for e in entries]
    assert dates == sorted(dates, reverse=True)
    for entry in entries:
        link = entry.find(f"{ATOM}link")
        assert link is not None
        assert link.get("rel") == "alternate" and link.get("type") == "text/html"
        href = link.get("href", "")
        assert href.startswith(BASE_URL)  # absolute: the examples set [site] base_url
        page = (site / href.removeprefix(BASE_URL) / "index.html").read_text(encoding="utf-8")
        content = entry.findtext(f"{ATOM}content") or ""
        body = page.split('<div class="body">', 1)[1]
        for paragraph in body.split("<p>")[1:4]:
            words = paragraph.split("</p>")[0][:60]
            assert words not in content  # nothing from below the cut
