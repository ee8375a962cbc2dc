"""init, new, publish and list through the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tomllib
from pathlib import Path

import pytest

from reviewctl import __version__
from tests.conftest import Invoke

CONFIG = """reviews_dir = "reviews"
author = "Tester"

[[support_links]]
label = "Please support my Patreon"
url = "https://www.patreon.com/tester"

[[support_links]]
label = "Watch my Live-Streams on"
url = "https://twitch.tv/tester"
"""


@pytest.fixture
def archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "reviewctl.toml").write_text(CONFIG)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# -- version and config ---------------------------------------------------------------------


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"reviewctl {__version__}"


def test_the_installed_command_ends_with_its_output_and_exit_code(
    archive: Path, tmp_path: Path
) -> None:
    """``main`` ends the process at once after a command (no object freed one by one): the
    output is whole, the exit code the command's, a reader that leaves early no error."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "REVIEWCTL_CACHE_DIR": str(tmp_path / "cache")}

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-m", "reviewctl", *args]
        return subprocess.run(command, capture_output=True, env=env, check=False, timeout=60)

    listed = run("list", str(archive), "--format", "json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == len(
        list(archive.rglob("*.md"))
    )
    assert run("--version").stdout.decode().strip().endswith(__version__)
    wrong = run("list", str(archive), "--format", "yaml")
    assert wrong.returncode == 2 and wrong.stderr.startswith(b"error: invalid value")
    early = subprocess.run(  # the reader closes the pipe after one line
        f'"{sys.executable}" -m reviewctl list "{archive}" --format csv | head -n 1',
        shell=True, capture_output=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert early.stdout.startswith(b"path,") and b"Traceback" not in early.stderr
    closed = subprocess.run(  # no standard output at all
        f'"{sys.executable}" -m reviewctl --version >&-',
        shell=True, capture_output=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert closed.returncode == 0 and b"Traceback" not in closed.stderr


def test_a_deleted_current_folder_is_one_line(archive: Path, tmp_path: Path) -> None:
    """Run from a folder that was deleted (a shell still in it), every command ends with one
    line and exit 2, not a traceback from the first path it makes absolute."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "REVIEWCTL_CACHE_DIR": str(tmp_path / "cache")}
    for command in (f'list "{archive}"', f'lint "{archive}"', "--version"):
        gone = subprocess.run(
            f'mkdir gone && cd gone && rmdir ../gone && "{sys.executable}" -m reviewctl {command}',
            shell=True, cwd=tmp_path, capture_output=True, env=env, check=False, timeout=60,
        )  # fmt: skip
        assert gone.returncode == 2, command
        assert gone.stderr.decode() == "error: the current folder no longer exists; cd to another\n"


def test_every_command_has_help(invoke: Invoke) -> None:
    for command in ("init", "new", "publish", "list"):
        result = invoke(command, "--help")
        assert result.exit_code == 0 and "Usage" in result.stdout


def test_broken_config_is_one_line_error(invoke: Invoke, archive: Path) -> None:
    (archive / "reviewctl.toml").write_text('author = "x"\ncut = \n')
    result = invoke("list")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "reviewctl.toml:2:" in result.stderr and "Traceback" not in result.stderr


def test_config_value_error_names_its_line(invoke: Invoke, archive: Path) -> None:
    (archive / "reviewctl.toml").write_text('author = "x"\nrating_scale = "ten"\n')
    result = invoke("list")
    assert result.exit_code == 2 and "reviewctl.toml:2: rating_scale" in result.stderr


def test_config_in_pyproject(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.reviewctl]\nreviews_dir = "posts"\n')
    monkeypatch.chdir(tmp_path)
    result = invoke("new", "Dune", "--medium", "book")
    assert result.exit_code == 0
    assert Path(result.stdout.strip()) == (tmp_path / "posts/book/dune.md").resolve()


def test_config_found_walking_up(
    invoke: Invoke, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = archive / "reviews" / "anime"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = invoke("new", "Lantern Circuit", "-m", "anime")
    assert Path(result.stdout.strip()) == (archive / "reviews/anime/lantern-circuit.md").resolve()


# -- init ----------------------------------------------------------------------------------


def test_init_unattended(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(
        "init", tmp_path / "blog", "--yes", "--author", "Juniper",
        "--support-link", "Please support my Patreon=https://patreon.com/j",
        "--support-link", "Buy me a coffee at Ko-Fi=https://ko-fi.com/j",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = tomllib.loads((tmp_path / "blog/reviewctl.toml").read_text())
    assert data["author"] == "Juniper"
    assert [link["label"] for link in data["support_links"]] == [
        "Please support my Patreon",
        "Buy me a coffee at Ko-Fi",
    ]
    assert data["cut"] == "<!--more-->" and data["spoiler_warning"] == "Spoilers below the cut."
    assert (tmp_path / "blog/reviews").is_dir()


def test_a_mailto_support_link_init_accepts_is_one_the_config_accepts(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``init`` keeps a ``mailto:`` link as it is; every command then reads that config."""
    blog = tmp_path / "blog"
    made = invoke(
        "init", blog, "--yes", "--author", "Juniper",
        "--support-link", "Mail me=mailto:me@example.org",
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    monkeypatch.chdir(blog)
    new = invoke("new", "Paris, Texas", "--medium", "film")
    assert new.exit_code == 0, new.stderr
    assert "Mail me: mailto:me@example.org" in next(blog.rglob("*.md")).read_text()
    assert invoke("list").exit_code == 0


def test_init_never_shadows_a_config_in_pyproject(invoke: Invoke, tmp_path: Path) -> None:
    """A ``reviewctl.toml`` beside a ``pyproject.toml`` with ``[tool.reviewctl]`` would
    take its place unseen: init refuses, naming the file to edit."""
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.reviewctl]\nrating_scale = 5\n")
    result = invoke("init", tmp_path, "--yes", "--author", "Juniper")
    assert result.exit_code == 2 and "pyproject.toml" in result.stderr
    assert not (tmp_path / "reviewctl.toml").exists()


def test_init_never_overwrites(invoke: Invoke, archive: Path) -> None:
    result = invoke("init", archive, "--yes", "--author", "Someone else")
    assert result.exit_code == 2 and "already exists" in result.stderr
    assert (archive / "reviewctl.toml").read_text() == CONFIG


def test_init_without_terminal_needs_yes(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("init", tmp_path)
    assert result.exit_code == 2 and "--yes" in result.stderr
    assert not (tmp_path / "reviewctl.toml").exists()


def test_init_prompts_on_a_terminal(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reviewctl.cli.init.interactive", lambda: True)
    result = invoke("init", tmp_path, input="Juniper\nPatreon\nhttps://patreon.com/j\n\n")
    assert result.exit_code == 0, result.output
    data = tomllib.loads((tmp_path / "reviewctl.toml").read_text())
    assert data["author"] == "Juniper"
    assert data["support_links"] == [{"label": "Patreon", "url": "https://patreon.com/j"}]


def test_init_rejects_malformed_link(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("init", tmp_path, "--yes", "--support-link", "no-equals-sign")
    assert result.exit_code == 2 and "Label=URL" in result.stderr


# -- new -----------------------------------------------------------------------------------


def test_new_scaffolds_house_structure(invoke: Invoke, archive: Path) -> None:
    result = invoke(
        "new", "Metallic Rouge", "--medium", "anime", "--date", "2026-01-05", "--set", "episodes=12"
    )
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path == (archive / "reviews/anime/metallic-rouge.md").resolve()
    from reviewctl.parse import parse_review

    review = parse_review(path)
    assert review.ok
    assert review.title == "Anime Review: Metallic Rouge" and review.work == "Metallic Rouge"
    assert review.status == "draft" and review.date == dt.date(2026, 1, 5)
    assert review.metadata["episodes"] == 12 and review.metadata["category"] == "Anime"
    parts = review.parts
    assert parts.cut is not None and parts.warning is not None
    assert parts.warning.start == parts.cut.start - 2
    assert [link.url for link in parts.links] == [
        "https://www.patreon.com/tester",
        "https://twitch.tv/tester",
    ]
    assert "Watch my Live-Streams on https://twitch.tv/tester" in path.read_text()


@pytest.mark.parametrize("work", ["Index", "Security", "Readme"])
def test_new_never_takes_a_name_the_walk_or_a_generator_reads_apart(
    invoke: Invoke, archive: Path, work: str
) -> None:
    """ "Security" (a 2017 film) as security.md was never listed, linted or exported, and
    "Index" as index.md is a page bundle to Hugo that hides its folder's posts."""
    made = invoke("new", work, "--medium", "film")
    assert made.exit_code == 0, made.stderr
    path = Path(made.stdout.strip())
    assert path.name == f"{work.lower()}-review.md"
    assert str(path.relative_to(archive)) in invoke("list", archive / "reviews").stdout
    refused = invoke("new", work, "--medium", "film", "--slug", work.lower())
    assert refused.exit_code == 2 and "names no post" in refused.stderr


def test_new_never_writes_outside_the_archive(
    invoke: Invoke, archive: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A reviews folder that links out of the archive, which every reading command skips,
    is no place to write; a reviews_dir outside the archive ("/", "../x") is refused."""
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (archive / "reviews").symlink_to(elsewhere / "posts")
    result = invoke("new", "Night Work", "--medium", "anime")
    assert result.exit_code == 2 and "links to a folder outside the archive" in result.stderr
    assert not (elsewhere / "posts").exists()
    (archive / "reviews").unlink()
    config = (archive / "reviewctl.toml").read_text()
    for outside in ("/", "../elsewhere"):
        (archive / "reviewctl.toml").write_text(config.replace('"reviews"', f'"{outside}"', 1))
        for command in (("new", "Night Work", "--medium", "anime"), ("list",)):
            result = invoke(*command)
            assert result.exit_code == 2, result.output
            assert (
                "reviewctl.toml:1: reviews_dir: expected a folder inside the archive"
                in result.stderr
            )
    inside = archive / "reviews"  # named by its whole path: inside all the same
    (archive / "reviewctl.toml").write_text(config.replace('"reviews"', f'"{inside}"', 1))
    assert invoke("new", "Night Work", "--medium", "anime").exit_code == 0
    assert (inside / "anime" / "night-work.md").is_file()


def test_new_uses_the_archives_default_template_and_refuses_a_mistyped_folder(
    invoke: Invoke, archive: Path
) -> None:
    """A medium of the blog's own, with no template of its name, takes the archive's
    templates/default.md over the package's; a templates_dir that is no folder is an error."""
    config = (archive / "reviewctl.toml").read_text()
    (archive / "reviewctl.toml").write_text(
        config
        + '\n[media.podcast]\ntitle_pattern = "Podcast Review: {work}"\ncategory = "Podcasts"\n'
    )
    (archive / "templates").mkdir()
    (archive / "templates" / "default.md").write_text(
        "---\ntitle: $title\nwork: $work\nstatus: draft\n---\n\nMY OWN DEFAULT for $work\n\n$warning\n\n$cut\n"
    )
    assert invoke("new", "Serial", "--medium", "podcast").exit_code == 0
    assert "MY OWN DEFAULT for Serial" in (archive / "reviews/podcast/serial.md").read_text()
    (archive / "templates" / "default.md").unlink()
    (archive / "templates").rmdir()
    for written in ("templates", "./templates", "templates/"):  # the default, written out
        (archive / "reviewctl.toml").write_text(f'templates_dir = "{written}"\n' + config)
        assert invoke("new", f"Dune {len(written)}", "--medium", "book").exit_code == 0
    (archive / "reviewctl.toml").write_text('templates_dir = "my-tempaltes"\n' + config)
    result = invoke("new", "Frieren", "--medium", "anime")
    assert result.exit_code == 2
    assert "reviewctl.toml:1: templates_dir: 'my-tempaltes' is not a folder" in result.stderr


def test_a_medium_table_written_in_capitals_is_the_medium(invoke: Invoke, archive: Path) -> None:
    config = (archive / "reviewctl.toml").read_text()
    podcast = '\n[media.Podcast]\ntitle_pattern = "Podcast Review: {work}"\ncategory = "Podcasts"\n'
    (archive / "reviewctl.toml").write_text(config + podcast)
    result = invoke("new", "Night Radio", "--medium", "Podcast")
    assert result.exit_code == 0, result.output
    assert (
        "title: 'Podcast Review: Night Radio'"
        in (archive / "reviews/podcast/night-radio.md").read_text()
    )
    (archive / "reviewctl.toml").write_text(
        config + podcast + podcast.replace("Podcast]", "podcast]")
    )
    twice = invoke("list")
    assert (
        twice.exit_code == 2 and "media.podcast: the same medium as [media.Podcast]" in twice.stderr
    )
    (archive / "reviewctl.toml").write_text(
        config + podcast + podcast.replace("Podcast]", "PODCAST]")
    )
    shouting = invoke("list")
    assert shouting.exit_code == 2
    assert "media.PODCAST: the same medium as [media.Podcast]" in shouting.stderr


def test_a_template_with_a_mistyped_placeholder_or_not_utf8_is_one_line_naming_it(
    invoke: Invoke, archive: Path
) -> None:
    templates = archive / "templates"
    templates.mkdir()
    head = "---\ntitle: $title\nwork: $work\nmedium: anime\nstatus: draft\n---\n\n"
    (templates / "anime.md").write_text(head + "A lede about $wrok.\n\n$warning\n\n$cut\n")
    result = invoke("new", "Frieren", "--medium", "anime")
    assert result.exit_code == 2
    assert re.search(r"templates/anime\.md:8: template: unknown placeholder \$wrok", result.stderr)
    assert not (archive / "reviews/anime/frieren.md").exists()
    (templates / "anime.md").write_text(head + "It costs $10, or $$5 off.\n\n$cut\n")
    assert invoke("new", "Frieren", "--medium", "anime").exit_code == 0
    assert "It costs $10, or $5 off." in (archive / "reviews/anime/frieren.md").read_text()
    (templates / "game.md").write_bytes(head.encode() + "Caf\u00e9\n".encode("latin-1"))
    latin = invoke("new", "Hades", "--medium", "game")
    assert latin.exit_code == 2
    assert re.search(r"templates/game\.md:8: template is not UTF-8 text", latin.stderr), (
        latin.stderr
    )


def test_new_leaves_no_gap_for_an_empty_warning(invoke: Invoke, archive: Path) -> None:
    config = archive / "reviewctl.toml"
    config.write_text('spoiler_warning = ""\n' + config.read_text())
    result = invoke("new", "Metallic Rouge", "--medium", "anime")
    assert result.exit_code == 0, result.stderr
    text = Path(result.stdout.strip()).read_text()
    assert "\n\n\n" not in text and "\n\n<!--more-->\n\n" in text


def test_new_availability_line_of_a_custom_medium(invoke: Invoke, archive: Path) -> None:
    config = archive / "reviewctl.toml"
    config.write_text(
        config.read_text()
        + '\n[media.podcast]\ntitle_pattern = "Podcast Review: {work}"\ncategory = "Podcasts"\n'
        + '\n[media.comic]\ntitle_pattern = "Comic Review: {work}"\navailability = "reading"\n'
    )
    pod = Path(invoke("new", "Some Pod", "--medium", "podcast").stdout.strip()).read_text()
    assert "Some Pod is currently available on TODO." in pod
    comic = Path(invoke("new", "Saga", "--medium", "comic").stdout.strip()).read_text()
    assert "Saga is currently available for reading on TODO." in comic
    result = invoke("lint", "--select", "TX003", str(archive / "reviews/podcast/some-pod.md"))
    assert "TX003" not in result.stdout  # the line new writes is one TX003 recognises


def test_new_title_override_and_toml_archive(invoke: Invoke, archive: Path) -> None:
    (archive / "reviewctl.toml").write_text('front_matter = "toml"\n' + CONFIG)
    result = invoke("new", "Dune", "-m", "book", "--title", "Dune, at last")
    text = Path(result.stdout.strip()).read_text()
    assert text.startswith("+++\n")
    data = tomllib.loads(text.split("+++")[1])
    assert data["title"] == "Dune, at last" and data["status"] == "draft"


@pytest.mark.parametrize(
    ("work", "expected"),
    [
        ("Pokémon: The Movie", "pokemon-the-movie.md"),
        ("../../etc/passwd", "etc-passwd.md"),
        ("🎬", None),
    ],
)
def test_new_slugs_stay_inside(
    invoke: Invoke, archive: Path, work: str, expected: str | None
) -> None:
    result = invoke("new", work, "-m", "film")
    assert result.exit_code == 0, result.stderr
    path = Path(result.stdout.strip())
    assert path.parent == (archive / "reviews/film").resolve()
    if expected:
        assert path.name == expected
    assert path.stem


def test_japanese_titles_get_distinct_nonempty_slugs(invoke: Invoke, archive: Path) -> None:
    first = Path(invoke("new", "進撃の巨人", "-m", "anime").stdout.strip())
    second = Path(invoke("new", "進撃の巨人 2", "-m", "anime").stdout.strip())
    assert first != second and first.stem and second.stem
    assert first.stem.isascii()


def test_new_refuses_to_overwrite(invoke: Invoke, archive: Path) -> None:
    path = Path(invoke("new", "Dune", "-m", "book").stdout.strip())
    path.write_text("my precious words")
    result = invoke("new", "Dune", "-m", "book")
    assert result.exit_code == 2 and "--force" in result.stderr
    assert path.read_text() == "my precious words"
    assert invoke("new", "Dune", "-m", "book", "--force").exit_code == 0
    assert path.read_text() != "my precious words"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Schindler's List", "Schindler’s List"),
        ("Ame\u0301lie", "Am\u00e9lie"),  # decomposed and composed
        ("Spider-Man", "Spider\u2011Man"),  # a non-breaking hyphen
    ],
)
def test_new_knows_a_work_typed_another_way(
    invoke: Invoke, archive: Path, first: str, second: str
) -> None:
    """The same work with its apostrophe, accent or hyphen typed apart is the same review:
    ``new`` says it exists instead of writing a second file."""
    made = invoke("new", first, "-m", "film")
    assert made.exit_code == 0, made.stderr
    again = invoke("new", second, "-m", "film")
    assert again.exit_code == 2 and "already exists" in again.stderr
    assert len(list(Path(made.stdout.strip()).parent.glob("*.md"))) == 1


LONG = "The Irregular at Magic High School: Visitor Arc and the Yotsuba Succession Arc Part {}"


def test_two_works_whose_long_titles_cut_to_one_slug_get_two_files(
    invoke: Invoke, archive: Path
) -> None:
    """Slugs are cut at 60 characters: a second work's review gets a name of its own, and
    ``--force`` replaces the review of the same work, never the other's."""
    one = Path(invoke("new", LONG.format("One"), "-m", "anime").stdout.strip())
    one.write_text(one.read_text() + "My finished review of part one.\n")
    made = invoke("new", LONG.format("Two"), "-m", "anime")
    assert made.exit_code == 0, made.stderr
    two = Path(made.stdout.strip())
    assert two != one and two.stem == one.stem + "-2"
    again = invoke("new", LONG.format("Two"), "-m", "anime")
    assert again.exit_code == 2 and two.name in again.stderr
    forced = invoke("new", LONG.format("Two"), "-m", "anime", "--force")
    assert forced.exit_code == 0 and Path(forced.stdout.strip()) == two
    assert one.read_text().endswith("My finished review of part one.\n")
    slug = "the-irregular-at-magic-high-school-visitor-arc-and-yotsuba-part-three"
    three = invoke("new", LONG.format("Three"), "-m", "anime", "--slug", slug)
    assert three.exit_code == 0 and Path(three.stdout.strip()).stem == slug


@pytest.mark.parametrize("work", ["<Oshi no Ko>", "1984.", "*batteries not included"])
def test_a_work_whose_name_looks_like_markdown_is_written_as_text(
    invoke: Invoke, archive: Path, work: str
) -> None:
    """A name that looks like a tag, a list item or emphasis is text in the new review's
    body: the page shows it, and lint reports it as it would any other name."""
    from reviewctl.export.markdown import plain_text, render

    path = Path(invoke("new", work, "-m", "film").stdout.strip())
    body = path.read_text(encoding="utf-8").split("---\n", 2)[2]
    shown = plain_text(render(body))
    assert f"{work} is currently available" in shown and f"What is {work}," in shown
    codes = {
        f["code"] for f in json.loads(invoke("lint", "-f", "json", "--exit-zero", path).stdout)
    }
    plain = Path(invoke("new", "Paris, Texas", "-m", "film").stdout.strip())
    assert codes == {
        f["code"] for f in json.loads(invoke("lint", "-f", "json", "--exit-zero", plain).stdout)
    }


def test_new_unknown_medium(invoke: Invoke, archive: Path) -> None:
    result = invoke("new", "Dune", "-m", "opera")
    assert result.exit_code == 2 and "unknown medium 'opera'" in result.stderr


def test_new_bad_date(invoke: Invoke, archive: Path) -> None:
    result = invoke("new", "Dune", "-m", "book", "--date", "2026-02-30")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_user_template_wins(invoke: Invoke, archive: Path) -> None:
    (archive / "templates").mkdir()
    (archive / "templates/book.md").write_text(
        "---\nshelf: to-read\n---\n\nMy own template for $work.\n"
    )
    path = Path(invoke("new", "Dune", "-m", "book").stdout.strip())
    text = path.read_text()
    assert "My own template for Dune." in text and "shelf: to-read" in text


def test_a_misspelt_template_in_the_config_is_an_error_not_the_default(
    invoke: Invoke, archive: Path
) -> None:
    """A medium of the blog's own with no template of its name gets the default one; a
    template the config names that neither the archive nor reviewctl has is a config error."""
    config = archive / "reviewctl.toml"
    config.write_text(config.read_text() + '\n[media.book]\ntemplate = "bok"\n')
    result = invoke("new", "Dune", "-m", "book")
    assert (
        result.exit_code == 2
        and "reviewctl.toml: media.book.template: no template" in result.stderr
    )
    assert "did you mean 'book'?" in result.stderr and not list(archive.rglob("dune.md"))
    config.write_text(
        config.read_text().replace('template = "bok"', 'template = "shelf"')
        + '\n[media.podcast]\ntitle_pattern = "Podcast: {work}"\n'
    )
    (archive / "templates").mkdir()
    (archive / "templates/shelf.md").write_text("---\nshelf: yes\n---\n\n$work.\n")
    assert "shelf: yes" in Path(invoke("new", "Dune", "-m", "book").stdout.strip()).read_text()
    assert invoke("new", "Pod", "-m", "podcast").exit_code == 0


def test_new_edit_opens_editor(
    invoke: Invoke, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = archive / "editor.log"
    monkeypatch.setenv("VISUAL", f"sh -c 'echo \"$0\" > {log}'")
    result = invoke("new", "Dune", "-m", "book", "--edit")
    assert log.read_text().strip() == result.stdout.strip()


# -- publish -------------------------------------------------------------------------------

DRAFT = "---\ntitle: 'Book Review: Dune'  # keep me\nstatus: draft\ndate: 2026-01-01\nrating: 8\n---\n\nBody.\n"


def _changed_lines(before: bytes, after: bytes) -> list[int]:
    a, b = before.split(b"\n"), after.split(b"\n")
    assert len(a) == len(b)
    return [i + 1 for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


def test_publish_on_a_blog_that_keeps_no_dates_adds_none(invoke: Invoke, tmp_path: Path) -> None:
    """require_date = false: a published post is left alone, and a draft published gets no
    date the blog never keeps."""
    (tmp_path / "reviewctl.toml").write_text('reviews_dir = "."\n[lint]\nrequire_date = false\n')
    done = tmp_path / "done.md"
    done.write_text("---\ntitle: Done\nstatus: published\n---\nText.\n")
    draft = tmp_path / "draft.md"
    draft.write_text("---\ntitle: Draft\nstatus: draft\n---\nText.\n")
    before = done.read_bytes()
    result = invoke("publish", "--force", done, draft)
    assert result.exit_code == 0, result.stderr
    assert done.read_bytes() == before and "already published" in result.stdout
    assert draft.read_text() == "---\ntitle: Draft\nstatus: published\n---\nText.\n"


def test_publish_changes_only_status_and_date(invoke: Invoke, archive: Path) -> None:
    path = archive / "dune.md"
    path.write_text(DRAFT)
    before = path.read_bytes()
    result = invoke("publish", "--force", path, "--date", "2026-03-04")
    assert result.exit_code == 0, result.stderr
    after = path.read_bytes()
    assert _changed_lines(before, after) == [3, 4]
    assert b"status: published\n" in after and b"date: 2026-03-04\n" in after


def test_publish_keeps_a_save_made_while_it_worked(
    invoke: Invoke, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewctl import publish

    path = archive / "dune.md"
    path.write_text(DRAFT)
    target = publish.edit_target

    def meanwhile(where: Path) -> Path:
        path.write_text(DRAFT + "Saved in an editor meanwhile.\n")
        return target(where)

    monkeypatch.setattr(publish, "edit_target", meanwhile)
    result = invoke("publish", "--force", path, "--date", "2026-03-04")
    assert path.read_text() == DRAFT + "Saved in an editor meanwhile.\n"
    assert "dune.md: changed on disk while reviewctl worked on it" in result.stderr
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_publish_crlf_bom(invoke: Invoke, archive: Path) -> None:
    path = archive / "dune.md"
    before = ("\ufeff" + DRAFT.replace("\n", "\r\n")).encode()
    path.write_bytes(before)
    assert invoke("publish", "--force", path, "--date", "2026-03-04").exit_code == 0
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\r\n") == before.count(b"\r\n")
    assert _changed_lines(before, after) == [3, 4]


def test_publish_toml(invoke: Invoke, archive: Path) -> None:
    path = archive / "game.md"
    path.write_text(
        '+++\ntitle = "Game Review: Tidewright"\nstatus = "draft"\n[extra]\nx = 1\n+++\nBody\n'
    )
    assert invoke("publish", "--force", path, "--date", "2026-03-04").exit_code == 0
    text = path.read_text()
    data = tomllib.loads(text.split("+++")[1])
    assert data["status"] == "published" and data["date"] == dt.date(2026, 3, 4)
    assert data["extra"] == {"x": 1}


def test_publish_hugo_draft_flag(invoke: Invoke, archive: Path) -> None:
    path = archive / "post.md"
    path.write_text("---\ntitle: Post\ndraft: true\n---\nBody\n")
    assert invoke("publish", "--force", path, "--date", "2026-03-04").exit_code == 0
    assert path.read_text() == "---\ndate: 2026-03-04\ntitle: Post\ndraft: false\n---\nBody\n"


@pytest.mark.parametrize(
    ("key", "draft", "live"), [("draft", "true", "false"), ("published", "false", "true")]
)
def test_unpublish_a_post_that_says_nothing_with_the_blogs_flag(
    invoke: Invoke, archive: Path, key: str, draft: str, live: str
) -> None:
    """A post with no flag is live to Hugo and Jekyll; ``status: draft`` is nothing to them,
    so unpublish writes the flag the blog reads (``draft_key``)."""
    config = archive / "reviewctl.toml"
    config.write_text(f'draft_key = "{key}"\n' + config.read_text())
    path = archive / "post.md"
    path.write_text("---\ntitle: Post\ndate: 2026-01-01\n---\nBody\n")
    assert invoke("unpublish", path).exit_code == 0
    assert sorted(path.read_text().splitlines()) == sorted(
        ["---", "title: Post", "date: 2026-01-01", f"{key}: {draft}", "---", "Body"]
    )  # one line added, nothing else changed
    assert invoke("publish", "--force", path).exit_code == 0
    assert f"{key}: {live}\n" in path.read_text() and "status" not in path.read_text()


def test_a_published_year_is_no_draft_flag(invoke: Invoke, archive: Path) -> None:
    """remysharp.com's book reviews keep the book's year in ``published: 1932``: with the
    house status it is left alone and ``status`` says the rest; a blog whose draft flag is
    ``published`` is told why its status cannot be changed, its file untouched."""
    path = archive / "brave.md"
    path.write_text("---\ntitle: Brave New World\npublished: 1932\ndate: 2026-01-01\n---\nBody\n")
    assert invoke("unpublish", path).exit_code == 0
    assert "status: draft\n" in path.read_text() and "published: 1932\n" in path.read_text()
    config = archive / "reviewctl.toml"
    config.write_text('draft_key = "published"\n' + config.read_text())
    path.write_text("---\ntitle: Brave New World\npublished: 1932\ndate: 2026-01-01\n---\nBody\n")
    before = path.read_bytes()
    result = invoke("unpublish", path)
    assert result.exit_code == 2 and path.read_bytes() == before
    assert "brave.md:3: its 'published' is 1932, not true or false" in result.stderr


def test_publish_says_why_it_cannot_edit_in_place(invoke: Invoke, archive: Path) -> None:
    path = archive / "flow.md"
    path.write_text("---\n{title: A, status: draft, date: 2024-01-01}\n---\nBody\n")
    before = path.read_bytes()
    result = invoke("publish", "--force", path)
    assert result.exit_code == 2 and path.read_bytes() == before
    assert "flow.md:1: could not publish:" in result.stderr
    assert "written as {…}" in result.stderr and "edit it by hand" in result.stderr


def test_publish_default_date_is_today(invoke: Invoke, archive: Path) -> None:
    path = archive / "dune.md"
    path.write_text(DRAFT)
    invoke("publish", "--force", path)
    assert f"date: {dt.date.today().isoformat()}" in path.read_text()


def test_publish_broken_file_untouched_rest_published(invoke: Invoke, archive: Path) -> None:
    broken = archive / "broken.md"
    broken.write_text("---\ntitle: Review: Foo\n---\n")
    good = archive / "good.md"
    good.write_text(DRAFT)
    result = invoke("publish", "--force", broken, good)
    assert result.exit_code == 2
    assert "broken.md:2:" in result.stderr and "Traceback" not in result.stderr
    assert broken.read_text() == "---\ntitle: Review: Foo\n---\n"
    assert "status: published" in good.read_text()


def test_publish_file_without_front_matter(invoke: Invoke, archive: Path) -> None:
    path = archive / "plain.md"
    path.write_text("Just text\n")
    result = invoke("publish", "--force", path)
    assert result.exit_code == 2 and "no front matter" in result.stderr
    assert path.read_text() == "Just text\n"


# -- list ----------------------------------------------------------------------------------


def test_list_json_on_examples(invoke: Invoke, examples: Path) -> None:
    result = invoke("list", examples, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 5
    required = {"path", "title", "work", "medium", "status", "date", "rating", "tags", "words"}
    assert all(required <= row.keys() for row in rows)
    assert [row["date"] for row in rows] == sorted(row["date"] for row in rows)
    assert {row["medium"] for row in rows} == {"anime", "film", "tv", "game", "book"}


def test_list_filters_sort_fields(invoke: Invoke, examples: Path) -> None:
    rows = json.loads(invoke("list", examples, "-f", "json", "--status", "draft").stdout)
    assert {row["status"] for row in rows} == {"draft"} and len(rows) == 2
    rows = json.loads(invoke("list", examples, "-f", "json", "--medium", "GAME").stdout)
    assert [row["work"] for row in rows] == ["Tidewright"]
    rows = json.loads(invoke("list", examples, "-f", "json", "--tag", "mystery").stdout)
    assert [row["work"] for row in rows] == ["The Salt Archive"]
    rows = json.loads(
        invoke(
            "list",
            examples,
            "-f",
            "json",
            "--sort",
            "rating",
            "--reverse",
            "--fields",
            "work,rating,studio",
        ).stdout
    )
    assert [r["rating"] for r in rows] == sorted((r["rating"] for r in rows), reverse=True)
    assert set(rows[0]) == {"work", "rating", "studio"}
    assert any(r["studio"] == "Studio Kestrel" for r in rows)


def test_list_csv(invoke: Invoke, examples: Path) -> None:
    result = invoke("list", examples, "-f", "csv", "--fields", "work,tags")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 5 and "puzzle" in next(r["tags"] for r in rows if r["work"] == "Tidewright")
    # a front matter table is a cell of JSON, as --format json gives it, not Python's repr
    path = examples / "reviews/film/the-salt-archive.md"
    path.write_text(
        path.read_text().replace("---\n", "---\nextra:\n  director: Wim\n  cast: [a, b]\n", 1)
    )
    table = invoke("list", path, "-f", "csv", "--fields", "work,extra")
    (row,) = list(csv.DictReader(io.StringIO(table.stdout)))
    assert json.loads(row["extra"]) == {"director": "Wim", "cast": ["a", "b"]}
    # a tab or a line break in a value is the quoted field's own, as JSON has it
    path.write_text(
        path.read_text()
        .replace("---\n", '---\nwork: "Tab\\there\\nnewline"\n', 1)
        .replace("\nwork: The Salt Archive", "", 1)
    )
    (row,) = list(
        csv.DictReader(io.StringIO(invoke("list", path, "-f", "csv", "--fields", "work").stdout))
    )
    assert row["work"] == "Tab\there\nnewline"


@pytest.mark.parametrize("columns", [40, 50, 60])
def test_a_narrow_table_drops_whole_columns_not_their_ends(
    invoke: Invoke, examples: Path, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    """Each cell shown whole or ending in "…"; the least needed columns go first."""
    monkeypatch.setattr("reviewctl.cli.common.is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", str(columns))
    lines = invoke("list", examples).stdout.splitlines()
    header = [h.strip() for h in lines[0].split("┃")]
    assert header[0] == "title" and "date" in header
    dates = [c.strip() for line in lines[2:-1] for c in line.split("│")[1:] if "20" in c]
    assert dates and all(len(d) == 10 for d in dates)  # 2026-10-02, never 2026-10-
    assert all(len(line) <= columns for line in lines)


def test_cjk_titles_are_measured_in_terminal_cells(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reviewctl.cli.common.is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "200")
    title = "アニメレビュー 葬送のフリーレン"
    (tmp_path / "a.md").write_text(f"---\ntitle: {title}\ndate: 2024-01-01\n---\nText.\n")
    assert title in invoke("list", tmp_path / "a.md").stdout


def test_list_table(invoke: Invoke, examples: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("reviewctl.cli.common.is_terminal", lambda: True)
    result = invoke("list", examples)
    assert result.exit_code == 0
    assert "Tidewright" in result.stdout and "5 reviews" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour codes


def test_list_reports_broken_files_and_keeps_them(invoke: Invoke, examples: Path) -> None:
    bad = examples / "reviews/anime/broken.md"
    bad.write_text("---\ntitle: Anime Review: Broken\nmedium: anime\n---\nBody\n")
    (examples / "reviews/anime/binary.md").write_bytes(b"\x00\x01")
    result = invoke("list", examples, "-f", "json", "--medium", "film")
    assert result.exit_code == 2
    rows = json.loads(result.stdout)
    errors = {Path(r["path"]).name: r["error"] for r in rows if r["error"]}
    assert set(errors) == {"broken.md", "binary.md"} and errors["broken.md"].startswith("2:")
    # front matter that cannot be read says no status: not "published" by default
    assert {r["status"] for r in rows if r["error"]} == {""}
    assert "broken.md:2: invalid YAML" in result.stderr and "Traceback" not in result.stderr
    assert [r["work"] for r in rows if not r["error"]] == ["The Salt Archive"]


def test_a_broken_files_row_keeps_its_path_and_says_why_in_the_next_column(
    invoke: Invoke, examples: Path
) -> None:
    bad = examples / "reviews/anime/broken.md"
    bad.write_text("---\ntitle: Anime Review: Broken\nmedium: anime\n---\nBody\n")
    paths = invoke("list", examples / "reviews", "--fields", "path").stdout.splitlines()
    assert any(p.endswith("broken.md") for p in paths) and not any("error" in p for p in paths)
    rows = invoke("list", examples / "reviews", "--fields", "path,title").stdout.splitlines()
    (row,) = [r for r in rows if "broken.md" in r]
    assert row.endswith(
        "broken.md\terror: 2: invalid YAML: mapping values are not allowed in this context (quote a value that contains ': ')"
    )


def test_list_cache_sees_edits(invoke: Invoke, examples: Path) -> None:
    first = json.loads(invoke("list", examples, "-f", "json", "--fields", "work,rating").stdout)
    path = examples / "reviews/game/tidewright.md"
    path.write_text(path.read_text().replace("rating = 9", "rating = 4") + "\n")
    second = json.loads(invoke("list", examples, "-f", "json", "--fields", "work,rating").stdout)
    assert {r["work"]: r["rating"] for r in first}["Tidewright"] == 9
    assert {r["work"]: r["rating"] for r in second}["Tidewright"] == 4


def test_list_missing_path(invoke: Invoke, examples: Path) -> None:
    result = invoke("list", examples / "nope", "-f", "json")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_list_corpus_copy(invoke: Invoke, corpus: Path) -> None:
    result = invoke("list", corpus, "-f", "json")
    rows = json.loads(result.stdout)
    assert len(rows) == 82
    assert [Path(r["path"]).name for r in rows if r["error"]] == ["saigo-ni-hitotsu-review.md"]
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def _blog(root: Path, config: str, files: dict[str, str]) -> Path:
    (root / "reviewctl.toml").write_text('reviews_dir = "."\n' + config)
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_publish_writes_the_date_where_the_blog_keeps_it(invoke: Invoke, tmp_path: Path) -> None:
    """The date goes under the key the review is dated by (an alias, another generator's
    key), as it is written there (a quoted string stays one, its time of day stays); no
    second ``date`` line."""
    root = _blog(
        tmp_path,
        'draft_key = "draft"\n[aliases]\ndate = "read"\n',
        {
            "a.md": "---\ntitle: A\nread: 2018-01-01\ndraft: true\n---\nBody\n",
            "b.md": "---\ntitle: B\npubDatetime: '2019-08-03 10:37:00'\ndraft: true\n---\nB\n",
        },
    )
    assert invoke("publish", "--force", "--date", "2018-07-01", root / "a.md").exit_code == 0
    assert (
        root / "a.md"
    ).read_text() == "---\ntitle: A\nread: 2018-07-01\ndraft: false\n---\nBody\n"
    assert invoke("publish", "--force", "--date", "2026-11-02", root / "b.md").exit_code == 0
    assert (root / "b.md").read_text() == (
        "---\ntitle: B\npubDatetime: '2026-11-02 10:37:00'\ndraft: false\n---\nB\n"
    )


def test_a_draft_published_today_is_not_dated_hours_ahead(invoke: Invoke, tmp_path: Path) -> None:
    """A draft written with a time late in the day, published today, gets today's date
    at a moment already past (its zone and its ``T`` kept): never one a push would schedule."""
    import datetime as dt

    root = _blog(
        tmp_path,
        "",
        {"a.md": "---\ntitle: A\nstatus: draft\ndate: 2020-01-01T23:59:59+00:00\n---\nBody\n"},
    )
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    assert invoke("publish", "--force", root / "a.md").exit_code == 0
    line = next(x for x in (root / "a.md").read_text().splitlines() if x.startswith("date:"))
    written = dt.datetime.fromisoformat(line.split(": ", 1)[1])
    assert line[16] == "T" and written.utcoffset() == dt.timedelta(0)
    assert before <= written <= dt.datetime.now(dt.UTC)


def test_a_draft_published_today_is_not_ahead_whatever_the_machines_zone(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a machine a day ahead of the review's zone (UTC+14 against UTC-12), "today" is
    still now where the review's time is written: never a moment to come."""
    import datetime as dt
    import time

    text = "---\ntitle: A\nstatus: draft\ndate: 2020-01-01T23:00:00-12:00\n---\nBody\n"
    root = _blog(tmp_path, "", {"a.md": text})
    monkeypatch.setenv("TZ", "Etc/GMT-14")
    time.tzset()
    try:
        assert invoke("publish", "--force", root / "a.md").exit_code == 0
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    line = next(x for x in (root / "a.md").read_text().splitlines() if x.startswith("date:"))
    written = dt.datetime.fromisoformat(line.split(": ", 1)[1])
    assert written.utcoffset() == dt.timedelta(hours=-12)
    assert written <= dt.datetime.now(dt.UTC)


def test_a_generators_draft_keeps_its_date_and_a_named_date_is_never_contradicted(
    invoke: Invoke, tmp_path: Path
) -> None:
    """Hugo and Jekyll keep a draft's date when it is published: so does publish, the
    status line alone changing; a Jekyll post dated by its file name gets no date line,
    and a --date that contradicts the name is refused, the file as it was."""
    hugo = "+++\ntitle = 'Braid'\ndate = '2025-09-19'\ndraft = true\n+++\nBody\n"
    jekyll = "---\ntitle: Maniac\npublished: false\n---\nBody\n"
    root = _blog(
        tmp_path,
        'draft_key = "draft"\n',
        {"braid.md": hugo, "_posts/2020-05-07-maniac.md": jekyll},
    )
    assert invoke("publish", "--force", root / "braid.md").exit_code == 0
    assert (root / "braid.md").read_text() == hugo.replace("draft = true", "draft = false")
    post = root / "_posts" / "2020-05-07-maniac.md"
    refused = invoke("publish", "--force", "--date", "2026-11-20", post)
    assert refused.exit_code == 2 and "file name dates it 2020-05-07" in refused.stderr
    assert post.read_text() == jekyll
    assert invoke("publish", "--force", post).exit_code == 0
    assert post.read_text() == jekyll.replace("published: false", "published: true")


@pytest.mark.parametrize("args", [("Tab\tand",), ("Line\nbreak",), ("Fine", "--title", "Bell\x07")])
def test_new_refuses_a_control_character_in_a_name(
    invoke: Invoke, archive: Path, args: tuple[str, ...]
) -> None:
    result = invoke("new", *args, "--medium", "film")
    assert result.exit_code == 2 and "control character" in result.stderr
    assert result.stdout == "" and not list(archive.rglob("*.md"))


def test_list_and_search_json_give_paths_as_lint_does(invoke: Invoke, archive: Path) -> None:
    """Paths under the current folder are relative to it in every format, however the
    reviews were named (a home folder is not spelt out in what is built from the output)."""
    invoke("new", "Paris, Texas", "-m", "film")
    lint = json.loads(invoke("lint", "-f", "json", "--exit-zero").stdout)
    rows = json.loads(invoke("list", "--format", "json").stdout)
    hits = json.loads(invoke("search", "Paris", "--format", "json").stdout)
    csv_paths = invoke("list", "--format", "csv", "--fields", "path").stdout.split()[1:]
    expected = "reviews/film/paris-texas.md"
    assert {f["path"] for f in lint} == {expected}
    assert [r["path"] for r in rows] == [h["path"] for h in hits] == csv_paths == [expected]
    elsewhere = json.loads(invoke("list", archive / "reviews", "--format", "json").stdout)
    assert [r["path"] for r in elsewhere] == [expected]


def test_a_manga_review_is_tagged_manga_and_takes_the_archives_manga_template(
    invoke: Invoke, archive: Path
) -> None:
    """The package's manga template is its own (tagged manga, with a volumes hint), and the
    archive's templates/manga.md wins over it, as README says of every medium."""
    path = Path(invoke("new", "Berserk", "-m", "manga").stdout.strip())
    text = path.read_text(encoding="utf-8")
    assert "tags: [manga]" in text and "# volumes:" in text and "[book]" not in text
    own = archive / "templates" / "manga.md"
    own.parent.mkdir(exist_ok=True)
    own.write_text("---\ntags: [seinen]\n---\n\nMy own lede for $work.\n")
    mine = Path(invoke("new", "Vagabond", "-m", "manga").stdout.strip())
    assert "My own lede for Vagabond." in mine.read_text(encoding="utf-8")


def test_list_from_a_folder_of_the_archive_gives_paths_usable_there(
    invoke: Invoke, archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in ``reviews/film``, the table names ``../anime/x.md``: piped to ``show`` (README's
    use of it), every path opens."""
    invoke("new", "Paris, Texas", "-m", "film")
    invoke("new", "Akira", "-m", "anime")
    monkeypatch.chdir(archive / "reviews" / "film")
    paths = [line.split("\t")[-1] for line in invoke("list").stdout.splitlines()]
    assert sorted(paths) == ["../anime/akira.md", "paris-texas.md"]
    assert all(Path(p).is_file() for p in paths)
    rows = json.loads(invoke("list", "--format", "json").stdout)  # the same, in JSON
    assert sorted(r["path"] for r in rows) == ["../anime/akira.md", "paris-texas.md"]


def test_no_color_is_honoured_on_error_and_warning_lines(
    archive: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal, ``NO_COLOR`` leaves every ``error:`` line plain, as it does the
    findings."""
    from typer.testing import CliRunner

    from reviewctl.cli.app import app

    runner = CliRunner()
    coloured = runner.invoke(app, ["lint", "--select", "ZZ"], color=True)
    assert coloured.exit_code == 2 and "\x1b[" in coloured.stderr  # the terminal's colour
    monkeypatch.setenv("NO_COLOR", "1")
    plain = runner.invoke(app, ["lint", "--select", "ZZ"], color=True)
    assert plain.exit_code == 2 and "error: --select" in plain.stderr
    assert "\x1b[" not in plain.stderr
    # a terminal that shows no colour says so (TERM=dumb), as Rich's commands hear it
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    dumb = runner.invoke(app, ["lint", "--select", "ZZ"], color=True)
    assert dumb.exit_code == 2 and "\x1b[" not in dumb.stderr


def test_init_inside_an_archive_makes_no_second_one(invoke: Invoke, archive: Path) -> None:
    """A ``reviewctl.toml`` in a folder of an archive would make its reviews judged by one
    config or the other, depending on how they are named: init refuses, naming the config."""
    folder = archive / "reviews" / "tv"
    folder.mkdir(parents=True, exist_ok=True)
    result = invoke("init", folder, "--yes", "--author", "Someone")
    assert result.exit_code == 2 and str(archive / "reviewctl.toml") in result.stderr
    assert not (folder / "reviewctl.toml").exists()


def test_a_config_that_is_not_a_file_is_an_error(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dangling link (or a folder) named reviewctl.toml is not passed over for the house
    defaults or a config further up: it is an error naming it."""
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviewctl.toml").symlink_to(tmp_path / "nowhere.toml")
    monkeypatch.chdir(tmp_path)
    result = invoke("list")
    assert (
        result.exit_code == 2 and "reviewctl.toml: cannot read config: not a file" in result.stderr
    )


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ('<img src="my poster.jpg" alt="Poster">', True),
        ("![Poster](<my poster.jpg>)", True),
        ('![Poster](poster.jpg "My poster")', True),
        ('<img src="my poster.png" alt="Poster">', False),
    ],
)
def test_an_image_whose_name_holds_a_space_is_found(
    invoke: Invoke, archive: Path, written: str, found: bool
) -> None:
    """An HTML ``src`` is the whole name; a Markdown image's title follows its source."""
    folder = archive / "reviews" / "film"
    folder.mkdir(parents=True)
    for name in ("my poster.jpg", "poster.jpg"):
        (folder / name).write_bytes(b"\xff\xd8\xff")
    (folder / "x.md").write_text(f"---\ntitle: X\n---\n\n{written}\n")
    result = invoke("lint", "--select", "MD004", folder / "x.md")
    assert ("image not found" in result.stdout) is not found, result.stdout


def test_text_that_is_not_utf8_is_named_at_its_line_by_list_and_in_the_config(
    invoke: Invoke, archive: Path
) -> None:
    (archive / "reviews").mkdir()
    (archive / "reviews" / "cp.md").write_bytes(b"---\ntitle: a\n---\nline four\n\x93smart\x94\n")
    listed = invoke("list", archive / "reviews")
    assert "cp.md:5: not valid UTF-8: byte 0x93" in listed.stderr
    (archive / "reviewctl.toml").write_bytes(b'reviews_dir = "reviews"\nauthor = "Jos\xe9"\n')
    result = invoke("list")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "reviewctl.toml:2: not valid UTF-8: byte 0xe9" in result.stderr


def test_an_accent_typed_apart_is_the_same_letter(invoke: Invoke, archive: Path) -> None:
    """macOS writes "é" as "e" + U+0301 in file names and some editors in text: the title
    pattern, the spoiler warning and the page see the same letters."""
    (archive / "reviewctl.toml").write_text(
        'reviews_dir = "reviews"\nspoiler_warning = "Spoiler f\u00fcr alle Folgen."\n'
    )
    folder = archive / "reviews" / "anime"
    folder.mkdir(parents=True)
    (folder / "p.md").write_text(
        '---\ntitle: "Anime Review: Pok\u00e9mon"\nwork: "Poke\u0301mon"\nmedium: anime\n'
        "status: published\ndate: 2024-01-01\n---\n\nLede.\n\nSpoiler fu\u0308r alle Folgen.\n\n"
        "<!--more-->\n\nBody.\n"
    )
    linted = invoke("lint", "--select", "TX004,SP003", folder)
    assert linted.exit_code == 0, linted.stdout
    assert invoke("export", folder, "--out", archive / "out").exit_code == 0
    page = (archive / "out" / "anime" / "p" / "index.html").read_text()
    assert page.count("Spoiler f") == 1 and '<meta name="description" content="Lede.">' in page


def test_a_key_inside_a_table_is_a_field_to_list_sort_and_show(
    invoke: Invoke, archive: Path
) -> None:
    """Zola keeps a blog's own keys under [extra] (KvGeijer's book_author): list reads,
    sorts by and a medium shows ``extra.book_author``."""
    config = archive / "reviewctl.toml"
    config.write_text(config.read_text() + '\n[media.book]\nfields = ["extra.book_author"]\n')
    folder = archive / "reviews" / "book"
    folder.mkdir(parents=True)
    for name, author in (("rama", "Arthur C. Clarke"), ("forest", "Cixin Liu")):
        (folder / f"{name}.md").write_text(
            f'+++\ntitle = "{name}"\nmedium = "book"\n[extra]\nbook_author = "{author}"\n+++\n\nA.\n'
        )
    listed = invoke(
        "list", folder, "--fields", "title,extra.book_author", "--sort", "extra.book_author"
    )
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.splitlines() == ["rama\tArthur C. Clarke", "forest\tCixin Liu"]
    assert "Book author" in invoke("show", folder / "rama.md").stdout
    assert invoke("list", folder, "--fields", "title,extar.book_author").exit_code == 2


def test_new_writes_the_blogs_own_keys(invoke: Invoke, archive: Path) -> None:
    """remysharp.com dates a review by ``read`` and an adopted config says so in [aliases]:
    a new review is written with the blog's keys, which its generator reads."""
    config = archive / "reviewctl.toml"
    config.write_text(config.read_text() + '\n[aliases]\ndate = "read"\nrating = "stars"\n')
    path = Path(invoke("new", "Circe", "-m", "book", "--set", "rating=4").stdout.strip())
    lines = path.read_text().split("---\n")[1].splitlines()
    assert "stars: 4" in lines and any(line.startswith("read: ") for line in lines)
    assert not any(line.startswith(("date:", "rating:", "# rating:")) for line in lines)
    row = json.loads(invoke("list", path, "--format", "json").stdout)[0]
    assert row["rating"] == 4 and row["date"]
