"""The config keys an adopted blog needs (exclude, per-file ignores, aliases, rating_format),
strict tables, and the false positives real blogs showed, as regression cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reviewctl.config import load_config
from reviewctl.errors import ConfigError, ConfigErrors
from tests.conftest import Invoke
from tests.lint.helpers import GOOD, config, lint_text, variant


def _write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _codes(invoke: Invoke, *args: str | Path) -> list[tuple[str, str]]:
    result = invoke("lint", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return [(Path(d["path"]).name, d["code"]) for d in json.loads(result.stdout)]


# -- exclude --------------------------------------------------------------------------------


def test_section_pages_are_excluded_by_default(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "reviewctl.toml", "")
    _write(tmp_path, "reviews/_index.md", "+++\ntitle = 'Books'\nsort_by = 'date'\n+++\n")
    _write(tmp_path, "reviews/_index.fr.md", "+++\ntitle = 'Livres'\n+++\n")
    _write(tmp_path, "reviews/a.md", GOOD)
    monkeypatch.chdir(tmp_path)
    assert {name for name, _ in _codes(invoke)} <= {"a.md"}
    rows = json.loads(invoke("list", "--format", "json").stdout)
    assert [Path(r["path"]).name for r in rows] == ["a.md"]
    # a file named on the command line is linted all the same
    assert ("_index.md", "FM003") in _codes(invoke, tmp_path / "reviews/_index.md")


def test_exclude_globs(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(
        tmp_path,
        "reviewctl.toml",
        'exclude = ["**/drafts/**", "*.draft.md"]\n[lint.spelling]\nwords = ["Redstar"]\n',
    )
    _write(tmp_path, "reviews/rouge.jpg", "")  # the house review's picture
    broken = "---\ntitle: [\n---\n"
    _write(tmp_path, "reviews/drafts/deep/x.md", broken)
    _write(tmp_path, "reviews/y.draft.md", broken)
    _write(tmp_path, "reviews/_index.md", broken)  # the default is replaced, not extended
    _write(tmp_path, "reviews/a.md", GOOD)
    monkeypatch.chdir(tmp_path)
    assert {name for name, _ in _codes(invoke)} == {"_index.md"}


# -- per-file ignores -------------------------------------------------------------------------


def test_per_file_ignores(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(
        tmp_path,
        "reviewctl.toml",
        '[lint.per_file_ignores]\n"reviews/old/*" = ["SP", "TX003"]\n"b.md" = "FM003"\n',
    )
    no_cut = variant(("Spoilers below the cut.\n\n<!--more-->\n", ""))
    no_date = variant(("date: 2024-04-15\n", ""))
    _write(tmp_path, "reviews/old/a.md", no_cut)
    _write(tmp_path, "reviews/new/a.md", no_cut)
    _write(tmp_path, "reviews/b.md", no_date)
    monkeypatch.chdir(tmp_path)
    found = _codes(invoke)
    assert ("a.md", "SP001") in found and found.count(("a.md", "SP001")) == 1
    assert ("b.md", "FM003") not in found


# -- aliases and rating_format ----------------------------------------------------------------


def test_aliases_name_the_blogs_own_keys(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(
        tmp_path,
        "reviewctl.toml",
        'required_fields = ["title", "work"]\n'
        '[aliases]\ntitle = "name"\nwork = "book.title"\ndate = "read"\nrating = ["score"]\n'
        'tags = "book.tags"\n',
    )
    _write(
        tmp_path,
        "reviews/a.md",
        "---\nname: Dune, reviewed\nbook:\n  title: Dune\n  tags: [fiction, desert]\n"
        "read: 2024-03-01\nscore: 8\n---\n\nText.\n",
    )
    _write(tmp_path, "reviews/b.md", "---\nname: Loud\nread: 2024-03-02\nscore: 80\n---\n\nText.\n")
    monkeypatch.chdir(tmp_path)
    rows = {Path(r["path"]).name: r for r in json.loads(invoke("list", "--format", "json").stdout)}
    assert rows["a.md"]["title"] == "Dune, reviewed" and rows["a.md"]["work"] == "Dune"
    assert rows["a.md"]["date"] == "2024-03-01" and rows["a.md"]["rating"] == 8
    assert rows["a.md"]["tags"] == ["fiction", "desert"]
    tagged = json.loads(invoke("list", "--tag", "fiction", "--format", "json").stdout)
    assert [Path(r["path"]).name for r in tagged] == ["a.md"]
    assert "a.md" in invoke("search", "desert").stdout
    found = _codes(invoke, "--select", "FM")
    assert ("a.md", "FM005") not in found and ("a.md", "FM003") not in found
    assert ("b.md", "FM004") in found  # score 80 on a 10-point scale
    assert ("b.md", "FM003") in found  # no work


def test_rating_format_stars(tmp_path: Path) -> None:
    text = variant(("rating: 7", "rating: ★★★½"))
    assert "FM004" in {f.code for f in lint_text(text)}
    stars = config(rating_format="stars", rating_scale=5)
    assert "FM004" not in {f.code for f in lint_text(text, cfg=stars)}
    too_many = variant(("rating: 7", "rating: ★★★★★★"))
    assert "FM004" in {f.code for f in lint_text(too_many, cfg=stars)}


# -- strict tables, every error in one run ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("autor = 'x'\n", "did you mean 'author'?"),
        ("[lint]\nignroe = ['SP001']\n", "lint.ignroe: unknown setting (did you mean 'ignore'?)"),
        ("[media.anime]\ncategroy = 'A'\n", "did you mean 'category'?"),
        ("[[support_links]]\nlabel = 'a'\nurl = 'https://a'\nlable = 'b'\n", "'label'"),
        ("[aliases]\ntitel = 'name'\n", "did you mean 'title'?"),
        ("rating_format = 'emoji'\n", "number, stars"),
        ("exclude = 'x'\n", "list of strings"),
        ("[lint.per_file_ignores]\n'x' = 3\n", "list of rule codes"),
    ],
)
def test_unknown_keys_in_every_table(tmp_path: Path, text: str, needle: str) -> None:
    _write(tmp_path, "reviewctl.toml", text)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert needle in str(info.value)


@pytest.mark.parametrize("cut", ['""', '"  "'])
def test_an_empty_cut_is_a_config_error(tmp_path: Path, cut: str) -> None:
    """An empty marker is found between every two characters: every command went quadratic."""
    _write(tmp_path, "reviewctl.toml", f'author = "T"\ncut = {cut}\n')
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == 2 and "cut: must not be empty" in str(info.value)


def test_all_config_errors_in_one_run(invoke: Invoke, tmp_path: Path) -> None:
    _write(
        tmp_path,
        "reviewctl.toml",
        "autor = 'x'\nrating_scale = -1\n[lint]\nignroe = []\n[media.anime]\ncategroy = 'A'\n",
    )
    with pytest.raises(ConfigErrors) as info:
        load_config(tmp_path)
    assert [e.line for e in info.value.errors] == [1, 2, 4, 6]
    result = invoke("lint", tmp_path)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 4
    assert all(str(tmp_path / "reviewctl.toml") in line for line in errors)


def test_a_config_error_names_the_line_of_its_own_table(tmp_path: Path) -> None:
    """Not the first line anywhere with the same last key: the third support link's url,
    [wordpress] url, [lint.spelling] language, an inline severity table."""
    text = (
        'author = "A"\n'
        '[[support_links]]\nlabel = "P"\nurl = "https://p.example/"\n'  # 2-4
        '[[support_links]]\nlabel = "K"\nurl = "https://k.example/"\n'  # 5-7
        '[[support_links]]\nlabel = "T"\nurl = "twitch.tv/t"\n'  # 8-10
        '[site]\nlanguage = "en"\n'  # 11-12
        "[wordpress]\nurl = 5\n"  # 13-14
        '[lint]\nseverity = {SL003 = "fatal"}\n'  # 15-16
        '[lint.spelling]\nlanguage = "fr"\n'  # 17-18
    )
    _write(tmp_path, "reviewctl.toml", text)
    with pytest.raises(ConfigErrors) as info:
        load_config(tmp_path)
    assert sorted(e.line or 0 for e in info.value.errors) == [10, 14, 16, 18]
    _write(
        tmp_path,
        "reviewctl.toml",
        'author = "A"\n[[support_links]]\nlabel = "P"\nlink = "https://p.example/"\n',
    )
    with pytest.raises(ConfigErrors) as typo:  # a mistyped url key is named, with the known ones
        load_config(tmp_path)
    assert any(
        "support_links[0].link: unknown setting (known: label, url)" in str(e)
        for e in typo.value.errors
    )
    pyproject = '[project]\nname = "blog"\n\n[tool.reviewctl]\nname = "x"\n'
    (tmp_path / "reviewctl.toml").unlink()
    _write(tmp_path, "pyproject.toml", pyproject)
    with pytest.raises(ConfigError) as one:
        load_config(tmp_path)
    assert one.value.line == 5


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        (
            'title = "name"\nwork = "name"\n',
            "aliases.work: 'name' is already the title field's key",
        ),
        ('date = "title"\n', "aliases.date: 'title' is already the title field's key"),
    ],
)
def test_aliases_that_read_one_key_as_two_fields_are_refused(
    tmp_path: Path, aliases: str, message: str
) -> None:
    _write(tmp_path, "reviewctl.toml", 'author = "A"\n[aliases]\n' + aliases)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert str(info.value).endswith(message) and info.value.line is not None
    _write(tmp_path, "reviewctl.toml", 'author = "A"\n[aliases]\ndate = ["date", "published"]\n')
    assert load_config(tmp_path).aliases == (("date", ("date", "published")),)


# -- regression cases from real blogs ---------------------------------------------------------


def _lint_one(text: str, name: str = "review.md", **settings: object) -> list[str]:
    return [f"{f.code} {f.message}" for f in lint_text(text, cfg=config(**settings), name=name)]


def test_fm005_never_suggests_a_plural_or_a_key_of_another_type() -> None:
    text = variant(("rating: 7", 'rating: 7\ntitles: ["Dune"]\ntypes: ["media"]\nwher_to_watch: 3'))
    messages = [m for m in _lint_one(text) if m.startswith("FM005")]
    assert "FM005 unknown field 'titles'" in messages
    assert "FM005 unknown field 'types'" in messages
    assert "FM005 unknown field 'wher_to_watch'" in messages  # 3 is not text: no suggestion
    compound = variant(("rating: 7", "rating: 7\nheader-img: /a.jpg"))
    assert "FM005 unknown field 'header-img'" in _lint_one(compound)
    misspelt = variant(("rating: 7", "rating: 7\nwher_to_watch: Crunchyroll"))
    assert any("did you mean 'where_to_watch'" in m for m in _lint_one(misspelt))


def test_generators_own_keys_are_known() -> None:
    keys = "excerpt_separator: <!--more-->\nsort_by: date\nlinkTitle: R\npaginate_by: 5"
    assert not [m for m in _lint_one(variant(("rating: 7", "rating: 7\n" + keys))) if "FM005" in m]


def test_hugo_draft_false_is_a_status_and_a_string_is_not_a_boolean() -> None:
    hugo = variant(("status: published\n", "draft: false\n"))
    assert not [m for m in _lint_one(hugo) if m.startswith("FM003")]
    quoted = variant(("status: published\n", 'draft: "false"\n'))
    assert any(m.startswith("FM004 draft must be true or false") for m in _lint_one(quoted))


def test_dates_lint_and_list_agree_on() -> None:
    no_date = variant(("date: 2024-04-15\n", ""))
    assert any("'date' is missing" in m for m in _lint_one(no_date))
    assert not [
        m for m in _lint_one(no_date, name="2019-02-11-ancillary-justice.md") if "date" in m
    ]
    assert not [m for m in _lint_one(no_date, name="20250619-dune.md") if "date" in m]
    published = variant(("date: 2024-04-15\n", "published: '2015-04-07T20:41:00-04:00'\n"))
    assert not [m for m in _lint_one(published) if "'date'" in m]


def test_title_from_the_first_heading_with_entities_decoded(tmp_path: Path) -> None:
    from reviewctl.parse import parse_text

    review = parse_text("---\ndate: 2020-01-01\n---\n\n```\n# not this\n```\n# *Dune*\n", Path("a"))
    assert review.title == "Dune"
    jekyll = parse_text('---\ntitle: "Book Reviews&colon; Foundation&#58; x"\n---\n', Path("b"))
    assert jekyll.title == "Book Reviews: Foundation: x"


@pytest.mark.parametrize(
    "line",
    [
        "<kbd>🎮 Steam</kbd>",
        "Get it on Steam, or wait for the sale.",
        '<div><p>Both seasons are available on <a href="https://c.example">Crunchyroll</a></p></div>',
        "- $10 on [itch](https://x.itch.io/y) or [steam](https://store.steampowered.com/app/2)",
        # just above the support footer: a link line, but no support link
        "It is currently available for streaming on [Crunchyroll](https://www.crunchyroll.com).",
    ],
)
def test_availability_in_html_lists_and_badges(line: str) -> None:
    plain = "Metallic Rouge is currently available for streaming on Crunchyroll."
    assert "TX003" in {m.split()[0] for m in _lint_one(variant((plain, "The end.")))}
    assert "TX003" not in {m.split()[0] for m in _lint_one(variant((plain, line)))}


def test_decorative_images_are_info_and_missing_alt_a_warning() -> None:
    image = "![Rouge and Naomi, from Metallic Rouge](rouge.jpg)"
    found = lint_text(variant((image, '<img alt="" src="a.png">\n<img src="b.png">')))
    by_code = {(f.code, f.severity.value) for f in found if f.code.startswith("MD")}
    assert by_code == {("MD002", "info"), ("MD001", "warning")}


def test_spoiler_warning_rule_holds_when_the_cut_rules_are_off() -> None:
    promised = variant(
        ("Spoilers below the cut.\n\n<!--more-->\n", "More spoilers below the cut.\n")
    )
    off = {"lint": {"ignore": ["SP001", "SP003"]}, "spoiler_warning": ""}
    assert [m.split()[0] for m in _lint_one(promised, **off)] == ["SP006"]
    folded = variant(
        (
            "Spoilers below the cut.\n\n<!--more-->\n",
            "Spoiler warning\n\n<details>\n\nx\n\n</details>\n",
        )
    )
    assert "SP006" not in {m.split()[0] for m in _lint_one(folded, **off)}


def test_list_cache_follows_a_change_of_aliases(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "reviewctl.toml", "")
    _write(tmp_path, "reviews/a.md", "---\nname: Dune\n---\n\nText.\n")
    monkeypatch.chdir(tmp_path)
    assert json.loads(invoke("list", "--format", "json").stdout)[0]["title"] == ""
    _write(tmp_path, "reviewctl.toml", '[aliases]\ntitle = "name"\n')
    assert json.loads(invoke("list", "--format", "json").stdout)[0]["title"] == "Dune"


def test_per_file_ignores_names_real_codes(invoke: Invoke, tmp_path: Path) -> None:
    _write(tmp_path, "reviewctl.toml", '[lint.per_file_ignores]\n"*.md" = ["SP0001"]\n')
    result = invoke("lint", tmp_path)
    assert result.exit_code == 2 and "lint.per_file_ignores" in result.stderr


def test_pelican_keys_are_placed_whatever_their_case(invoke: Invoke, tmp_path: Path) -> None:
    """Pelican reads ``Date:`` as ``date``; a finding about it is on its line, not at 1:1."""
    path = tmp_path / "pel.md"
    path.write_text("Title: Anime Review: X\nDate: 2024-13-45\nRating: 50\nRatng: 5\n\nBody.\n")
    result = invoke("lint", "--no-cache", "--select", "FM004,FM005", "--format", "json", path)
    placed = sorted((f["line"], f["code"]) for f in json.loads(result.stdout))
    assert placed == [(2, "FM004"), (3, "FM004"), (4, "FM005")]


@pytest.mark.parametrize("marker", ["{{< more >}}", "[[more]]"])
def test_a_cut_of_another_kind_on_its_own_line_is_the_cut(marker: str) -> None:
    """A blog's cut need not be an HTML comment (an excerpt separator, a Hugo shortcode)."""
    text = variant(("<!--more-->", marker))
    codes = {m.split()[0] for m in _lint_one(text, cut=marker)}
    assert not codes & {"SP001", "SP003", "SP007"}
    inline = variant(
        ("Spoilers below the cut.\n\n<!--more-->", f"Spoilers below the cut. {marker}")
    )
    assert "SP007" in {m.split()[0] for m in _lint_one(inline, cut=marker)}


def test_wordpress_more_with_its_link_text_is_the_cut() -> None:
    text = variant(("<!--more-->", "<!--more Continue reading-->"))
    assert not {m.split()[0] for m in _lint_one(text)} & {"SP001", "SP003", "SP007"}


def test_a_note_that_begins_with_more_is_no_cut() -> None:
    """WordPress's own form has no space after ``<!--``; an author's note does."""
    text = variant(
        ("Spoilers below the cut.", "<!-- more screenshots to add -->\n\nSpoilers below the cut.")
    )
    assert not {m.split()[0] for m in _lint_one(text)} & {"SP002", "SP003", "SP007"}


def test_a_support_line_that_says_available_is_still_the_footer() -> None:
    """Only a line that sends the reader to a store is the availability line, not the
    author's "Early reviews are available on my Patreon: https://…"."""
    footer = "Patreon: https://www.patreon.com/example\nKo-Fi: https://ko-fi.com/example\n"
    line = "Early reviews are available on Patreon: https://www.patreon.com/example\n"
    codes = {m.split()[0] for m in _lint_one(variant((footer, line)))}
    assert "SL001" not in codes and "TX003" not in codes


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        ('author = "Jo\n', 1, "a string is not closed; end it with the quote it opens with"),
        ("author = Jo Doe\n", 1, 'quote text (author = "Jo Doe")'),
        ('author = "A"\nauthor = "B"\n', 2, "this key is set twice; keep one"),
        # the next key is read as the list's item: the list is what to mend
        ('x = [\n# one\n"a", "b[c"\nreviews_dir = "reviews"\n', 1, "not closed (line 4 is read"),
        ("[site]\nx = [[1, 2], [3\n\n[lint]\n", 2, "close it with ]"),
        ('x = [\n  "a",\n  b,\n]\n', 3, 'quote text (author = "Jo Doe")'),
    ],
)
def test_a_toml_error_says_what_to_write(tmp_path: Path, text: str, line: int, hint: str) -> None:
    _write(tmp_path, "reviewctl.toml", text)
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.line == line and hint in str(info.value)
