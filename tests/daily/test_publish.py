"""publish refuses errors unless --force, never re-dates a published post; unpublish."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def test_a_generator_draft_flag_outranks_status(invoke: Invoke, archive: Path) -> None:
    """``draft: true`` (or ``published: false``) beside ``status: published``: the generator
    never builds the post, so neither do list and export; publish clears the flag."""
    path = archive / "post.md"
    for flag in ("draft: true", "published: false", "Draft: true"):
        path.write_text(
            f"---\ntitle: Post\nstatus: published\n{flag}\ndate: 2024-01-01\n---\nBody\n"
        )
        result = invoke("list", "--format", "json", path)
        assert '"status":"draft"' in result.stdout.replace(" ", ""), flag
        assert invoke("publish", "--force", path).exit_code == 0
        key, _, value = flag.partition(": ")
        cleared = {"true": "false", "false": "true"}[value]
        assert f"{key}: {cleared}\n" in path.read_text()


def test_capitalised_draft_flag_is_toggled_and_keeps_its_date(
    invoke: Invoke, archive: Path
) -> None:
    """Hugo reads ``Draft`` as ``draft``: publish and unpublish toggle it as written, and a
    draft by the generator's flag keeps the date it has, as the generator would."""
    path = archive / "post.md"
    path.write_text("---\ntitle: A\ndate: 2025-01-01\nDraft: true\n---\n\nText.\n")
    assert invoke("publish", "--force", path).exit_code == 0
    assert path.read_text() == "---\ntitle: A\ndate: 2025-01-01\nDraft: false\n---\n\nText.\n"
    assert invoke("unpublish", path).exit_code == 0
    assert path.read_text() == "---\ntitle: A\ndate: 2025-01-01\nDraft: true\n---\n\nText.\n"
    toml = archive / "b.md"
    toml.write_text('+++\ntitle = "B"\ndate = 2025-01-01\nDRAFT = false\n+++\n\nText.\n')
    assert invoke("unpublish", toml).exit_code == 0
    assert toml.read_text() == '+++\ntitle = "B"\ndate = 2025-01-01\nDRAFT = true\n+++\n\nText.\n'


def test_publish_leaves_a_toml_table_status_alone(invoke: Invoke, archive: Path) -> None:
    path = archive / "y.md"
    path.write_text('+++\ntitle = "Y"\n[extra]\nstatus = "finished"\n+++\n\nText.\n')
    assert invoke("publish", "--force", path, "--date", "2026-03-04").exit_code == 0
    text = path.read_text()
    assert 'status = "published"\n' in text and '[extra]\nstatus = "finished"\n' in text


def test_publish_keeps_a_date_the_file_name_agrees_with(invoke: Invoke, archive: Path) -> None:
    path = archive / "2025-11-20-z.md"
    text = "---\ntitle: Z\nstatus: draft\ndate: 2025-11-20\n---\n\nText.\n"
    path.write_text(text)
    assert invoke("publish", "--force", path).exit_code == 0
    assert path.read_text() == text.replace("status: draft", "status: published")


def test_publish_writes_the_date_in_its_own_style(invoke: Invoke, archive: Path) -> None:
    """UTC stays ``Z``, an unquoted date stays unquoted, a time without seconds gets none."""
    path = archive / "post.md"
    for old, new in (
        ("date: 2025-09-19T23:30:00Z", "date: 2026-03-04T23:30:00Z"),
        ("date: 2025-9-1", "date: 2026-03-04"),
        ('date: "2025-09-19 23:30"', 'date: "2026-03-04 23:30"'),
    ):
        path.write_text(f"---\ntitle: Post\nstatus: draft\n{old}\n---\nBody\n")
        assert invoke("publish", "--force", path, "--date", "2026-03-04").exit_code == 0
        assert f"\n{new}\n" in path.read_text(), path.read_text()


def test_a_file_past_max_file_size_is_never_rewritten(invoke: Invoke, archive: Path) -> None:
    """publish and unpublish read a review as list and lint do: one larger than the
    config's ``max_file_size`` is refused in one line, untouched."""
    config = archive / "reviewctl.toml"
    config.write_text("max_file_size = 300\n" + config.read_text())
    path = _good(archive)
    path.write_text(GOOD.replace("status: draft", "status: published") + "Words. " * 200)
    before = path.read_bytes()
    for command in ("unpublish", "publish"):
        result = invoke(command, "--force", path) if command == "publish" else invoke(command, path)
        assert result.exit_code == 2 and "larger than 300 bytes" in result.stderr, result.stderr
        assert path.read_bytes() == before


def test_a_bracket_inside_a_toml_multiline_string_is_no_table(
    invoke: Invoke, archive: Path
) -> None:
    path = archive / "d.md"
    text = (
        '+++\ntitle = "Film Review: Delta"\nsummary = """\n[Updated] A second look.\n"""\n'
        'status = "published"\ndate = 2024-03-01\n+++\n\nDelta is good.\n'
    )
    path.write_text(text)
    assert invoke("unpublish", path).exit_code == 0
    assert path.read_text() == text.replace('status = "published"', 'status = "draft"')


def test_a_write_that_fails_is_one_line_and_the_batch_goes_on(
    invoke: Invoke, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk or an immutable file: the file keeps its bytes, the error names it in
    one line (exit 2), and the next file of the batch is published."""
    import errno
    import os

    first = _good(archive)
    second = first.with_name("stalker.md")
    second.write_text(GOOD.replace("Paris, Texas", "Stalker"))
    before = first.read_bytes()
    real = os.replace

    def full(source: str, target: str) -> None:
        if os.path.basename(target) == first.name:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "replace", full)
    result = invoke("publish", first, second, "--date", "2026-03-04")
    assert result.exit_code == 2
    assert "paris-texas.md: cannot write: No space left on device" in result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert first.read_bytes() == before
    assert not [p for p in first.parent.iterdir() if p.name.endswith(".tmp")]
    assert "status: published\n" in second.read_text()
