"""new: --set replaces the template's keys (YAML and TOML) and is validated; --slug;
default_medium."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml

from tests.conftest import Invoke
from tests.daily.conftest import CONFIG


def _front_matter(text: str) -> dict[str, object]:
    fence = text[:3]
    block = text.split(fence)[1]
    data = tomllib.loads(block) if fence == "+++" else yaml.safe_load(block)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize("fmt", ["yaml", "toml"])
def test_set_replaces_template_keys(invoke: Invoke, archive: Path, fmt: str) -> None:
    (archive / "reviewctl.toml").write_text(f'front_matter = "{fmt}"\n' + CONFIG)
    result = invoke(
        "new",
        "Wings of Desire",
        "--medium",
        "film",
        "--set",
        "tags=[film, wenders]",
        "--set",
        "rating=9",
        "--set",
        "director=Wim Wenders",
    )
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    text = path.read_text()
    data = _front_matter(text)
    assert data["tags"] == ["film", "wenders"]
    assert data["rating"] == 9 and data["director"] == "Wim Wenders"
    head = text.split(text[:3])[1]
    assert head.count("tags") == 1 and head.count("rating") == 1 and head.count("director") == 1
    assert "where_to_watch" in head  # hints for keys not set stay
    assert invoke("lint", path, "--select", "FM").exit_code == 0
    assert invoke("publish", path, "--force").exit_code == 0


def test_toml_template_hints_are_toml(invoke: Invoke, archive: Path) -> None:
    (archive / "reviewctl.toml").write_text('front_matter = "toml"\n' + CONFIG)
    path = Path(invoke("new", "Stalker", "--medium", "film").stdout.strip())
    head = path.read_text().split("+++")[1]
    assert 'tags = ["film"]\n' in head and "# director =\n" in head and "# director:" not in head


def test_set_replaces_a_multiline_yaml_list(invoke: Invoke, archive: Path) -> None:
    (archive / "templates").mkdir()
    (archive / "templates" / "book.md").write_text(
        "---\ntags:\n  - book\n  - to-read\nshelf: x\n---\n\nAbout $work.\n"
    )
    (archive / "reviewctl.toml").write_text('extra_fields = ["shelf"]\n' + CONFIG)
    path = Path(invoke("new", "Dune", "-m", "book", "--set", "tags=[sf]").stdout.strip())
    data = _front_matter(path.read_text())
    assert data["tags"] == ["sf"] and data["shelf"] == "x"


@pytest.mark.parametrize(
    ("assignment", "message"),
    [
        ("rating=11", "--set rating=11: rating 11 is outside the scale 0 to 10"),
        ("medium=film", "--set medium=film: the review is created as anime (use --medium)"),
        ("episodes=twelve", "--set episodes=twelve: episodes must be a whole number"),
        ("ratng=5", "--set ratng=5: unknown front matter key (did you mean 'rating'?"),
        ("status=publishd", "status must be one of draft, published"),
        ("date=2026-02-30", "date '2026-02-30' is not a real date"),
    ],
)
def test_set_values_are_validated(
    invoke: Invoke, archive: Path, assignment: str, message: str
) -> None:
    result = invoke("new", "Frieren", "--medium", "anime", "--set", assignment)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (archive / "reviews" / "anime").exists()


def test_slug_chooses_the_file_name(invoke: Invoke, archive: Path) -> None:
    result = invoke("new", "Paris, Texas", "--medium", "film", "--slug", "paris-texas-1984")
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == (archive / "reviews" / "film" / "paris-texas-1984.md").resolve()
    assert "work: 'Paris, Texas'" in path.read_text()


@pytest.mark.parametrize("slug", ["Paris Texas", "../x", "a/b", ""])
def test_bad_slug_is_refused(invoke: Invoke, archive: Path, slug: str) -> None:
    result = invoke("new", "Paris, Texas", "--medium", "film", "--slug", slug)
    assert result.exit_code == 2 and "is not a slug" in result.stderr
    assert not (archive / "reviews" / "film").exists()


def test_default_medium(invoke: Invoke, archive: Path) -> None:
    (archive / "reviewctl.toml").write_text('default_medium = "anime"\n' + CONFIG)
    result = invoke("new", "Frieren")
    assert result.exit_code == 0, result.stderr
    assert Path(result.stdout.strip()).parent.name == "anime"


def test_bad_default_medium_names_its_line(invoke: Invoke, archive: Path) -> None:
    (archive / "reviewctl.toml").write_text('default_medium = "movie"\n' + CONFIG)
    result = invoke("new", "Frieren")
    assert result.exit_code == 2
    assert "reviewctl.toml:1: default_medium: must be one of anime, book" in result.stderr


def test_missing_medium_lists_the_media(invoke: Invoke, archive: Path) -> None:
    result = invoke("new", "Frieren")
    assert result.exit_code == 2
    assert "pass --medium with one of anime, book, film, game, manga, tv" in result.stderr
    assert "default_medium" in result.stderr


def test_unknown_medium_suggests(invoke: Invoke, archive: Path) -> None:
    result = invoke("new", "Stalker", "--medium", "movie")
    assert result.exit_code == 2 and "did you mean 'film'?" in result.stderr


def test_set_replaces_a_multiline_toml_array(invoke: Invoke, archive: Path) -> None:
    (archive / "templates").mkdir()
    (archive / "templates" / "book.md").write_text(
        '+++\ntags = [\n  "book",\n  "to-read",  # [sic]\n]\npages = 1\n+++\n\nAbout $work.\n'
    )
    (archive / "reviewctl.toml").write_text('front_matter = "toml"\n' + CONFIG)
    result = invoke("new", "Dune", "-m", "book", "--set", "tags=[sf]", "--set", "pages=412")
    assert result.exit_code == 0, result.stderr
    data = _front_matter(Path(result.stdout.strip()).read_text())
    assert data["tags"] == ["sf"] and data["pages"] == 412
