"""publish refuses errors unless --force, never re-dates a published post; unpublish."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import Invoke
from tests.daily.conftest import GOOD


def _good(archive: Path) -> Path:
    path = archive / "reviews" / "film" / "paris-texas.md"
    path.parent.mkdir(parents=True)
    path.write_text(GOOD)
    return path


def test_clean_review_publishes(invoke: Invoke, archive: Path) -> None:
    path = _good(archive)
    assert invoke("lint", path).exit_code == 0
    result = invoke("publish", path, "--date", "2026-03-04")
    assert result.exit_code == 0, result.stderr
    assert "status: published\n" in path.read_text()


def test_untouched_template_is_refused(invoke: Invoke, archive: Path) -> None:
    path = Path(invoke("new", "Stalker", "--medium", "film").stdout.strip())
    text = path.read_text()
    result = invoke("publish", path)
    assert result.exit_code == 1
    assert result.stderr.count("TX002") == 1  # one line per file, as lint shows it
    assert "TX002 6 placeholders left in the text (lines 15, 21, 23, 25, 29, 31)\n" in result.stderr
    assert "not published: 6 lint findings (fix them or use --force)" in result.stderr
    assert path.read_text() == text  # untouched
    forced = invoke("publish", path, "--force")
    assert forced.exit_code == 0 and "status: published" in path.read_text()


def test_error_findings_are_listed_and_refused(invoke: Invoke, archive: Path) -> None:
    path = _good(archive)
    text = GOOD.replace("tags: [film]", "rating: 11")
    path.write_text(text)
    result = invoke("publish", path)
    assert result.exit_code == 1
    assert "paris-texas.md:8:9: error: FM004 rating 11 is outside the scale 0 to 10" in (
        result.stderr
    )
    assert path.read_text() == text


def test_published_post_keeps_its_date(invoke: Invoke, archive: Path) -> None:
    path = _good(archive)
    path.write_text(GOOD.replace("status: draft", "status: published"))
    before = path.read_bytes()
    result = invoke("publish", path)
    assert result.exit_code == 0
    assert "already published (2026-01-02)" in result.stdout
    assert path.read_bytes() == before
    assert invoke("publish", path, "--date", "2026-05-06").exit_code == 0
    assert "date: 2026-05-06\n" in path.read_text()


def test_hugo_post_without_status_is_not_redated(invoke: Invoke, archive: Path) -> None:
    path = _good(archive)
    path.write_text(GOOD.replace("status: draft\n", ""))
    before = path.read_bytes()
    assert invoke("publish", path).exit_code == 0
    assert path.read_bytes() == before


def test_unpublish(invoke: Invoke, archive: Path) -> None:
    path = _good(archive)
    assert invoke("publish", path, "--date", "2026-03-04").exit_code == 0
    result = invoke("unpublish", path)
    assert result.exit_code == 0 and f"Unpublished {path}" in result.stdout
    text = path.read_text()
    assert "status: draft\n" in text and "date: 2026-03-04\n" in text
    assert "already a draft" in invoke("unpublish", path).stdout


def test_unpublish_hugo_flag(invoke: Invoke, archive: Path) -> None:
    path = archive / "post.md"
    path.write_text("---\ntitle: Post\ndraft: false\ndate: 2024-01-01\n---\nBody\n")
    assert invoke("unpublish", path).exit_code == 0
    assert path.read_text() == "---\ntitle: Post\ndraft: true\ndate: 2024-01-01\n---\nBody\n"


def test_unpublish_broken_file(invoke: Invoke, archive: Path) -> None:
    path = archive / "broken.md"
    path.write_text("---\ntitle: Review: Foo\n---\n")
    result = invoke("unpublish", path, archive / "missing.md")
    assert result.exit_code == 2
    assert "broken.md:2:" in result.stderr and "Traceback" not in result.stderr
