"""init: support links normalised or refused, --yes needs --author, the next step printed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests.conftest import Invoke


def _links(folder: Path) -> list[str]:
    data = tomllib.loads((folder / "reviewctl.toml").read_text())
    return [link["url"] for link in data["support_links"]]


def test_links_are_normalised(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(
        "init", tmp_path, "--yes", "--author", "Jo",
        "--support-link", "Please support my Patreon=patreon.com/me",
        "--support-link", "Watch me on=http://twitch.tv/me",
        "--support-link", "Ko-Fi=https://ko-fi.com/me",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert _links(tmp_path) == [
        "https://patreon.com/me",
        "https://twitch.tv/me",
        "https://ko-fi.com/me",
    ]
    assert "stored as https://patreon.com/me (https:// added)" in result.stdout
    assert "stored as https://twitch.tv/me (http:// changed to https://)" in result.stdout


def test_new_review_footer_passes_lint(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    invoke("init", "--yes", "--author", "Jo", "--support-link", "Patreon=patreon.com/me")
    path = Path(invoke("new", "Stalker", "--medium", "film").stdout.strip())
    result = invoke("lint", path, "--select", "SL")
    assert result.exit_code == 0 and "All checks passed!" in result.stdout


@pytest.mark.parametrize("url", ["patreon", "ftp://patreon.com/me", "my patreon.com", "https://"])
def test_bad_links_are_refused(invoke: Invoke, tmp_path: Path, url: str) -> None:
    result = invoke("init", tmp_path, "--yes", "--author", "Jo", "--support-link", f"P={url}")
    assert result.exit_code == 2
    assert "--support-link: support link" in result.stderr and "https://" in result.stderr
    assert not (tmp_path / "reviewctl.toml").exists()


def test_prompted_link_is_normalised(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reviewctl.cli.init.interactive", lambda: True)
    result = invoke("init", tmp_path, input="Jo\nPatreon\nnot a url\npatreon.com/jo\n\n")
    assert result.exit_code == 0, result.output
    assert _links(tmp_path) == ["https://patreon.com/jo"]


def test_yes_without_author_is_an_error(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("init", tmp_path, "--yes")
    assert result.exit_code == 2 and "--yes needs --author" in result.stderr
    assert not (tmp_path / "reviewctl.toml").exists()


def test_next_step_is_printed(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "blog", "--yes", "--author", "Jo")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == 'Next: cd blog && reviewctl new "A Work" --medium film'
    assert "No support links" in result.stdout
    here = invoke("init", "--yes", "--author", "Jo", "--support-link", "P=https://p.com/x")
    assert here.stdout.splitlines()[-1] == 'Next: reviewctl new "A Work" --medium film'


def test_a_file_where_the_folder_should_be_is_an_error(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "blog").write_text("x")
    result = invoke("init", "--yes", "--author", "T", tmp_path / "blog")
    assert result.exit_code == 2 and "not a folder" in result.stderr
    inside = invoke("init", "--yes", "--author", "T", tmp_path / "blog" / "sub")
    assert inside.exit_code == 2 and "cannot make the folder" in inside.stderr
    assert (tmp_path / "blog").read_text() == "x"


def test_a_page_key_every_post_sets_is_written_into_new_reviews(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Jekyll blog whose every post says ``layout: mendokusai`` (and no default in
    _config.yml): init keeps it under [new_fields], new writes it, lint knows the key; a key
    that is the posts' own (an import's ``oldArticle``) or that varies is not carried."""
    posts = tmp_path / "_posts"
    posts.mkdir()
    for n in range(1, 6):
        (posts / f"2020-01-0{n}-post-{n}.md").write_text(
            f"---\nlayout: mendokusai\ncomments: {'true' if n % 2 else 'false'}\n"
            f"oldArticle: true\ntitle: Post {n}\n---\n\nText of post {n}.\n"
        )
    monkeypatch.chdir(tmp_path)
    assert invoke("init", "--yes", "--author", "Jo").exit_code == 0
    config = tomllib.loads((tmp_path / "reviewctl.toml").read_text())
    assert config["new_fields"] == {"layout": "mendokusai"}
    made = invoke("new", "Outer Wilds", "--medium", "game")
    assert made.exit_code == 0, made.stderr
    text = Path(made.stdout.strip()).read_text()
    assert "\nlayout: mendokusai\n" in text and "oldArticle" not in text
    assert "FM002" not in invoke("lint", made.stdout.strip()).stdout


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('title = "X"', "new_fields.title: new sets this field itself"),
        ('Status = "published"', "new_fields.Status: new sets this field itself"),
        ("tags = [1]", "new_fields.tags: expected a string, a number or true/false"),
        # the blog's own key for the date ([aliases] below): new writes the date there
        ("Watched = false", "new_fields.Watched: new sets this field itself (the date field's"),
    ],
)
def test_new_fields_that_cannot_be_written_are_refused(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str, message: str
) -> None:
    aliases = '[aliases]\ndate = "watched"\n'
    (tmp_path / "reviewctl.toml").write_text(f"{aliases}[new_fields]\n{table}\n")
    monkeypatch.chdir(tmp_path)
    result = invoke("new", "Dune", "--medium", "book")
    assert result.exit_code == 2 and message in result.stderr, result.stderr
