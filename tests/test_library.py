"""Config, slugs, atomic writes, front matter edits and the row cache, as a library."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewctl.archive import default_paths, iter_files, load_reviews, map_files
from reviewctl.cache import cached_rows
from reviewctl.config import Config, SupportLink, load_config
from reviewctl.edit import parse_assignment, set_fields
from reviewctl.errors import ConfigError, InputError
from reviewctl.fs import write_atomic
from reviewctl.listing import row, sort_records
from reviewctl.model import Markers
from reviewctl.parse import parse_review, parse_text
from reviewctl.slug import slugify


def test_defaults_follow_house_style(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert config.source is None and config.root == tmp_path.resolve()
    assert config.cut == "<!--more-->" and config.spoiler_warning == "Spoilers below the cut."
    assert config.media["anime"].title_for("Metallic Rouge") == "Anime Review: Metallic Rouge"
    assert config.media["film"].title_pattern == "Movie Review: {work}"


def test_config_media_override_and_new_medium(tmp_path: Path) -> None:
    (tmp_path / "reviewctl.toml").write_text(
        '[media.anime]\ntitle_pattern = "Anime: {work}"\n[media.podcast]\ncategory = "Audio"\n'
    )
    config = load_config(tmp_path)
    assert config.media["anime"].title_for("X") == "Anime: X"
    assert config.media["podcast"].category == "Audio"
    assert config.media["podcast"].title_for("Y") == "Podcast Review: Y"


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ("author = 'x'\nbogus = 1\n", 2, "unknown setting"),
        ("[media.anime]\ntitle_pattern = 'no placeholder'\n", 2, "{work}"),
        ("[lint.severity]\nTX001 = 'loud'\n", 2, "severity"),
        ("[[support_links]]\nlabel = 'x'\n", 1, "label and a url"),
        ("author = [\n", 2, "invalid TOML"),
    ],
)
def test_config_errors_name_file_and_line(
    tmp_path: Path, text: str, line: int, needle: str
) -> None:
    (tmp_path / "reviewctl.toml").write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == line and needle in info.value.message
    assert str(info.value).startswith(f"{tmp_path / 'reviewctl.toml'}:{line}: ")


def test_support_link_footer_line() -> None:
    assert (
        SupportLink("Please support my Patreon", "https://p/x").line()
        == "Please support my Patreon: https://p/x"
    )
    assert (
        SupportLink("Watch my Live-Streams on", "https://t/x").line()
        == "Watch my Live-Streams on https://t/x"
    )


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Metallic Rouge", "metallic-rouge"), ("Çà et là", "ca-et-la"), ("../../x", "x")],
)
def test_slugify_latin(text: str, slug: str) -> None:
    assert slugify(text) == slug


def test_slugify_non_latin_is_unique_and_ascii() -> None:
    a, b = slugify("進撃の巨人"), slugify("進撃の巨人 2")
    assert a != b and a.isascii() and b.isascii() and "/" not in a
    assert slugify("🎬").startswith("review-") and slugify("🎬") != slugify("🎭")


def test_slugify_keeps_kana_voicing_and_reads_one_title_one_way() -> None:
    """ガンダム is gandamu (not kantamu), and a title written decomposed (NFD) is the same
    title: the same slug, so new refuses a second file for it."""
    import unicodedata

    assert slugify("ガンダム").startswith("gandamu-") and slugify("ゴジラ").startswith("gozira-")
    for title in ("ガンダム", "Café Society"):
        assert slugify(unicodedata.normalize("NFD", title)) == slugify(title)


@given(
    st.from_regex(r"[a-z0-9]{1,12}(?:-[a-z0-9]{1,12}){0,8}", fullmatch=True)
    | st.text(alphabet="abz09-_ .AZé", max_size=70)
)
def test_slugify_returns_a_slug_as_it_is_and_any_text_as_python_slugify_makes_it(text: str) -> None:
    """A text that already is a slug (most file names and tags) skips python-slugify: it
    must come out as python-slugify makes it (the same text), whatever its length."""
    from reviewctl.slug import _transliterated

    assert slugify(text) == _transliterated(text)


def test_write_atomic_no_clobber(tmp_path: Path) -> None:
    path = tmp_path / "a" / "file.md"
    write_atomic(path, "one", force=False)
    with pytest.raises(InputError):
        write_atomic(path, "two", force=False)
    assert path.read_text() == "one"
    os.chmod(path, 0o600)
    write_atomic(path, "three", force=True)
    assert path.read_text() == "three" and (path.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["file.md"]  # no temp files left


def test_write_atomic_replaces_only_the_bytes_it_was_made_from(tmp_path: Path) -> None:
    path = tmp_path / "file.md"
    path.write_text("as read")
    write_atomic(path, "changed", force=True, expected=b"as read")
    assert path.read_text() == "changed"
    for saved in ("changed, then saved by an editor", "changed and more"):
        path.write_text(saved)
        with pytest.raises(InputError, match="changed on disk"):
            write_atomic(path, "again", force=True, expected=b"changed")
        assert path.read_text() == saved
    path.unlink()  # removed meanwhile: not made again
    with pytest.raises(InputError, match="changed on disk"):
        write_atomic(path, "again", force=True, expected=b"changed")
    assert list(tmp_path.iterdir()) == []
    os.mkfifo(path)  # a FIFO put there meanwhile: not waited on, not replaced
    with pytest.raises(InputError, match="changed on disk"):
        write_atomic(path, "again", force=True, expected=b"changed")
    assert path.is_fifo()


def test_set_fields_keeps_comments_quotes_and_order() -> None:
    review = parse_text('---\ntitle: "T"  # note\nstatus: draft\n---\nBody\n', Path("x.md"))
    text = set_fields(review, {"title": "New", "rating": 7})
    assert text == '---\nrating: 7\ntitle: "New"  # note\nstatus: draft\n---\nBody\n'


def test_set_fields_writes_a_datetime_plain() -> None:
    review = parse_text("---\ntitle: T\n---\nBody\n", Path("x.md"))
    for value in (dt.datetime(2026, 1, 2, 10, 30), dt.datetime(2026, 1, 2, 10, 30, tzinfo=dt.UTC)):
        text = set_fields(review, {"date": value})
        assert "!!" not in text and "'" not in text
        assert parse_text(text, Path("x.md")).metadata["date"] == value
    dates = [dt.datetime(2026, 1, 2, 10, 30), dt.datetime(2026, 2, 3, 11, 45)]
    text = set_fields(review, {"shown": dates})
    assert "!!" not in text and parse_text(text, Path("x.md")).metadata["shown"] == dates


def test_set_fields_rejects_broken_front_matter() -> None:
    review = parse_text("---\ntitle: a: b\n---\n", Path("x.md"))
    with pytest.raises(InputError):
        set_fields(review, {"status": "published"})


def test_parse_assignment() -> None:
    assert parse_assignment("episodes=12") == ("episodes", 12)
    assert parse_assignment("tags=[a, b]") == ("tags", ["a", "b"])
    assert parse_assignment("date=2026-01-02") == ("date", dt.date(2026, 1, 2))
    with pytest.raises(InputError):
        parse_assignment("no equals")


def test_iter_files_skips_hidden_and_templates(examples: Path) -> None:
    (examples / ".hidden").mkdir()
    (examples / ".hidden/x.md").write_text("x")
    (examples / "templates").mkdir()
    (examples / "templates/anime.md").write_text("x")
    config = load_config(examples)
    files = list(iter_files([examples], config))
    assert len(files) == 5 and all(
        isinstance(f, Path) and "templates" not in f.parts for f in files
    )
    assert default_paths(config) == [examples / "reviews"]


def test_map_files_parallel_matches_serial(examples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = load_config(examples)
    files = [f for f in iter_files([examples], config) if isinstance(f, Path)] * 3
    serial = map_files(files, Markers(), row, jobs=1)
    monkeypatch.setattr("reviewctl.batch.PARALLEL_THRESHOLD", 2)
    assert map_files(files, Markers(), row, jobs=2) == serial


def test_load_reviews_keeps_missing_paths(examples: Path) -> None:
    reviews = load_reviews([examples / "nope.md", examples / "reviews/game"], load_config(examples))
    assert reviews[0].error is not None and reviews[0].error.kind == "read"
    assert reviews[1].title == "Game Review: Tidewright"


def test_cache_reuses_rows_and_ignores_damage(
    examples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REVIEWCTL_CACHE_DIR", str(tmp_path / "c"))
    config = load_config(examples)
    calls: list[str] = []

    def counting(review: object) -> dict[str, object]:
        calls.append("x")
        return row(review)  # type: ignore[arg-type]

    def is_dict(value: object) -> bool:
        return isinstance(value, dict)

    first = cached_rows([examples], config, counting, "t", valid=is_dict)
    second = cached_rows([examples], config, counting, "t", valid=is_dict)
    assert first == second and len(calls) == 5
    (index_file,) = (tmp_path / "c").glob("index-*.sqlite")
    assert stat.S_IMODE(index_file.stat().st_mode) == 0o600  # drafts' front matter is private
    for extra in (tmp_path / "c").glob("index-*.sqlite-*"):
        extra.unlink()
    index_file.write_bytes(b"{not a database" * 100)
    problems: list[str] = []
    again = cached_rows([examples], config, counting, "t", problems=problems, valid=is_dict)
    assert again == first and len(calls) == 10
    assert problems and "rebuilt" in problems[0]
    assert (
        cached_rows([examples], config, counting, "t", valid=is_dict) == first and len(calls) == 10
    )


def test_reviews_with_custom_markers(tmp_path: Path) -> None:
    path = tmp_path / "r.md"
    path.write_text("---\ntitle: T\n---\nLede.\n\nHere be spoilers!\n\n<!--break-->\n\nBody.\n")
    review = parse_review(path, Markers(cut="<!--break-->", warning="Here be spoilers!"))
    assert review.parts.cut is not None and review.parts.warning is not None


def test_config_dataclass_is_frozen(tmp_path: Path) -> None:
    with pytest.raises(AttributeError):
        Config(root=tmp_path).author = "x"  # type: ignore[misc]


def test_set_fields_toml_lists_stay_on_one_line_and_crlf_kept() -> None:
    review = parse_text('+++\r\ntitle = "T"\r\n+++\r\nBody\r\n', Path("x.md"))
    text = set_fields(review, {"tags": ["a", "b"], "title": "New"})
    assert text == '+++\r\ntags = ["a", "b"]\r\ntitle = "New"\r\n+++\r\nBody\r\n'


def test_the_footer_line_has_one_formatter() -> None:
    """``new`` and ``lint --fix`` write the same footer line for the same link."""
    from reviewctl.lint.rules.support import footer_line

    for label, url, line in [
        ("Donate to", "https://x.org/me", "Donate to https://x.org/me"),
        (
            "Please support my Patreon",
            "https://p.com/me",
            "Please support my Patreon: https://p.com/me",
        ),
        ("Watch me on", "https://t.tv/me", "Watch me on https://t.tv/me"),
        ("", "https://k.com/me", "https://k.com/me"),
    ]:
        link = SupportLink(label, url)
        assert link.line() == footer_line(link) == line


def test_absolute_is_abspath_for_every_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import random

    from reviewctl.fs import absolute

    monkeypatch.chdir(tmp_path)
    rnd = random.Random(3)
    spellings = ["", "/", "a", "a/b.md", "./a.md", "a/../b.md", "a//b.md", "a/b/", "/x/./y"]
    spellings += [
        "".join(rnd.choice("ab./") for _ in range(rnd.randint(1, 9))) for _ in range(5000)
    ]
    assert [absolute(s) for s in spellings] == [os.path.abspath(s) for s in spellings]


def test_sort_records_keeps_ties_in_order_and_empty_values_last() -> None:
    import random

    rnd = random.Random(5)
    words = ["b", "B", "a", "Ä", "", "c", "a"]
    records = [{"n": i, "t": rnd.choice(words) or None} for i in range(300)]
    for reverse in (False, True):
        present = [r for r in records if r["t"]]
        expected = sorted(present, key=lambda r: r["t"].casefold(), reverse=reverse)
        expected += [r for r in records if not r["t"]]
        assert sort_records(records, "t", reverse) == expected
    mixed = [{"v": 3}, {"v": "x"}, {"v": 1.5}, {"v": None}]
    assert [r["v"] for r in sort_records(mixed, "v")] == [1.5, 3, "x", None]
