"""``init`` on an existing blog: one transcript per generator shape, built from the real
corpus at test time, and lint / list on every corpus blog after ``init``."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from tests.conftest import CORPUS, Invoke, require

# generator: (corpus blog, where its posts go, the site files that mark the generator)
SHAPES: dict[str, tuple[str, str, dict[str, str]]] = {
    "hugo": ("Krauzer94__backblog-reviews", "content/posts", {"hugo.toml": "baseURL = '/'\n"}),
    "jekyll": ("alexwlchan__books.alexwlchan.net", "_posts", {"_config.yml": "title: b\n"}),
    "zola": ("KvGeijer__My-Webpage", "content/books", {"config.toml": "base_url = '/'\n"}),
    "pelican": ("eevee__eev.ee", "content", {"pelicanconf.py": "SITENAME = 'b'\n"}),
    "astro": ("digyx__raine-ing", "src/content/blog", {"astro.config.mjs": "export default {}\n"}),
    "plain": ("declantyson__declantyson.co.uk", ".", {}),
}


def _blog(name: str) -> Path:
    folder = CORPUS / name
    require(folder.is_dir(), f"real-world corpus not found at {CORPUS}")
    return folder


def _site(tmp_path: Path, generator: str) -> Path:
    """A site of the generator's shape holding one corpus blog's posts; a page bundle
    (``x--index.md``) goes back to ``x/index.md``, a section page to ``books/_index.md``."""
    blog, posts, files = SHAPES[generator]
    site = tmp_path / generator
    for source in sorted(_blog(blog).iterdir()):
        bundle, sep, rest = source.name.partition("--")
        if sep and rest == "_index.md":  # the posts folder's own section page
            target = site / posts / "_index.md"
        else:
            target = site / posts / (f"{bundle}/{rest}" if sep else source.name)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for name, text in files.items():
        (site / name).write_text(text)
    return site


@pytest.mark.parametrize("generator", sorted(SHAPES))
def test_init_transcript(
    invoke: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    generator: str,
    snapshot: SnapshotAssertion,
) -> None:
    site = _site(tmp_path, generator)
    monkeypatch.chdir(site)
    dry = invoke("init", "--dry-run")
    assert dry.exit_code == 0 and not (site / "reviewctl.toml").exists()
    result = invoke("init")
    assert result.exit_code == 0, result.stderr
    written = (site / "reviewctl.toml").read_text()
    assert written == dry.stdout
    assert {"stdout": result.stdout, "config": written} == snapshot
    config = tomllib.loads(written)
    assert config["reviews_dir"] == SHAPES[generator][1]
    assert f"({generator})" in result.stdout
    # lint and list read the posts where the blog keeps them
    lint = invoke("lint", "--format", "json")
    assert lint.exit_code in (0, 1), lint.stderr
    rows = json.loads(invoke("list", "--format", "json").stdout)
    expected = [p for p in _blog(SHAPES[generator][0]).iterdir() if "_index" not in p.name]
    assert len(rows) == len(expected)
    assert all(row["title"] for row in rows)


def test_init_twice_refuses(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path, "hugo")
    monkeypatch.chdir(site)
    assert invoke("init").exit_code == 0
    again = invoke("init")
    assert again.exit_code == 2 and "already exists" in again.stderr


def test_zola_section_page_is_not_linted(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _site(tmp_path, "zola")
    monkeypatch.chdir(site)
    invoke("init")
    paths = {Path(d["path"]).name for d in json.loads(invoke("list", "--format", "json").stdout)}
    assert "_index.md" not in paths and "index.md" in paths


# -- every corpus blog, flat, as a folder of posts ----------------------------------------


def _adopted(tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(_blog(name), folder)
    monkeypatch.chdir(folder)
    result = invoke("init")
    said = result.stderr.splitlines()  # a post of the blog that does not parse is said
    assert result.exit_code == (2 if said else 0), result.stderr
    assert all(line.endswith("(nothing learnt from it)") for line in said), result.stderr
    return folder


def _findings(invoke: Invoke) -> list[tuple[str, int, str]]:
    data = json.loads(invoke("lint", "--format", "json").stdout)
    return [(Path(d["path"]).name, d["line"], d["code"]) for d in data]


@pytest.mark.parametrize(
    ("blog", "file", "line", "code"),
    [
        # an unquoted "title: Review: …" is a YAML error
        ("royaljuggy__blogs", "saigo-ni-hitotsu-review.md", 2, "FM002"),
        # the Japan trip post has a second cut
        (
            "ndesh26__ndesh26.github.io",
            "2019-10-15-The-Highly-Awaited-Japan-Trip.md",
            None,
            "SP002",
        ),
        # draft = "false" is a string, not a boolean
        ("purpleidea__purpleidea.com", "scathing-review-of-the-lenovo-x240.md", 4, "FM004"),
        # "More spoilers below the cut." and no cut: the blog uses none, SP001 is off
        ("alexwlchan__books.alexwlchan.net", "2019-02-11-ancillary-justice.md", None, "SP006"),
        # images without alt text
        ("norswap__norswap.github.io", "2017-04-11-0-reflets-d-acides-fini.md", None, "MD001"),
        ("remy__remysharp.com", "books-i-read-in-2018.md", None, "MD001"),
        ("ndesh26__ndesh26.github.io", "Anime-Reviews.md", None, "MD001"),
    ],
)
def test_real_problems_still_found_after_init(
    invoke: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    blog: str,
    file: str,
    line: int | None,
    code: str,
) -> None:
    _adopted(tmp_path, invoke, monkeypatch, blog)
    found = [(f, n) for f, n, c in _findings(invoke) if c == code]
    assert any(f == file and (line is None or n == line) for f, n in found), found


def test_alexwlchan_spoiler_line_is_found_without_sp001(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _adopted(tmp_path, invoke, monkeypatch, "alexwlchan__books.alexwlchan.net")
    config = tomllib.loads((folder / "reviewctl.toml").read_text())
    assert "SP001" in config["lint"]["ignore"]
    assert "# SP001 off: 0 of 4 posts have a cut" in (folder / "reviewctl.toml").read_text()
    assert [c for _, _, c in _findings(invoke)] == ["SP006"]


# Posts whose source has no title (no front matter title, no H1) or no date anywhere
# (front matter, file name): list may leave those out, and only those.
UNTITLED = {"saigo-ni-hitotsu-review.md", "mal--anime-reviews.md"}
UNDATED = {
    "saigo-ni-hitotsu-review.md",  # its front matter does not parse
    "devil-survivor.md",  # date commented out
    "books-i-read-in-2018.md",  # no front matter at all
    "anime-reviews.md", "mal--anime-reviews.md",
    "cadence-of-hyrule.md", "detroit-become-human.md", "game-of-thrones-s8.md",
    "licence-to-kill.md", "the-force-awakens.md",
    "2019-04-18-aeroplane-film-reviews.md",  # not undated: file name (checked below)
}  # fmt: skip


def test_list_shows_title_and_date_after_init(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus_files: list[Path]
) -> None:
    missing_title, missing_date = set(), set()
    for blog in sorted({p.parent.name for p in corpus_files}):
        _adopted(tmp_path, invoke, monkeypatch, blog)
        for row in json.loads(invoke("list", "--format", "json").stdout):
            name = Path(row["path"]).name
            if not row["title"]:
                missing_title.add(name)
            if not row["date"]:
                missing_date.add(name)
            assert "&colon;" not in row["title"] and "&#58;" not in row["title"]
    assert missing_title <= UNTITLED
    assert missing_date <= UNDATED - {"2019-04-18-aeroplane-film-reviews.md"}


def test_jekyll_entity_titles_are_decoded(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _adopted(tmp_path, invoke, monkeypatch, "jonnyspicer__jonnyspicer.github.io")
    titles = {r["title"] for r in json.loads(invoke("list", "--format", "json").stdout)}
    assert any("The Master and Margarita" in t and ":" in t for t in titles), titles


def test_the_bloggers_byline_is_the_author_and_no_books(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """jonnyspicer.github.io puts ``author: Jonny Spicer`` on every post: init learns the
    blogger's name from it, and a post made a book review shows no "Author Jonny Spicer"
    fact; a book's own author is the work's, in the page and its JSON-LD."""
    folder = tmp_path / "blog"
    shutil.copytree(_blog("jonnyspicer__jonnyspicer.github.io"), folder)
    monkeypatch.chdir(folder)
    assert invoke("init").exit_code == 0
    assert tomllib.loads((folder / "reviewctl.toml").read_text())["author"] == "Jonny Spicer"
    (post,) = folder.glob("*master-and-margarita*.md")
    post.write_text(post.read_text().replace("---\n", "---\nmedium: book\n", 1))
    assert "Jonny Spicer" not in invoke("show", post).stdout.split("╰")[0]
    (other,) = folder.glob("*aeroplane*.md")
    other.write_text(
        other.read_text().replace("author: Jonny Spicer", "author: Mikhail Bulgakov\nmedium: book")
    )
    assert "Mikhail Bulgakov" in invoke("show", other).stdout.split("╰")[0]
    assert invoke("export", "--out", tmp_path / "site").exit_code == 0
    (page,) = (tmp_path / "site" / "book").glob("*aeroplane*/index.html")
    data = json.loads(page.read_text().split('ld+json">', 1)[1].split("</script>", 1)[0])
    assert data["itemReviewed"]["@type"] == "Book"
    assert data["itemReviewed"]["author"] == {"@type": "Person", "name": "Mikhail Bulgakov"}
    assert data["author"] == {"@type": "Person", "name": "Jonny Spicer"}


def test_a_book_blog_is_read_as_book_reviews(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """dwhenson's posts name no medium, but each is a book (its ``isbn``, its folder): init
    says so (``posts_medium``), and list, the site and its JSON-LD read them as books; a
    post that names another medium keeps it."""
    folder = tmp_path / "books"
    shutil.copytree(_blog("dwhenson__books-read"), folder)
    monkeypatch.chdir(folder)
    assert invoke("init").exit_code == 0
    assert tomllib.loads((folder / "reviewctl.toml").read_text())["posts_medium"] == "book"
    books = json.loads(invoke("list", "--medium", "book", "--format", "json").stdout)
    assert len(books) == 5
    (one,) = folder.glob("*dune*.md")
    one.write_text(one.read_text().replace("---\n", "---\nmedium: film\n", 1))
    assert len(json.loads(invoke("list", "--medium", "book", "--format", "json").stdout)) == 4
    assert invoke("export", "--out", tmp_path / "site").exit_code == 0
    page = next((tmp_path / "site" / "book").glob("*/index.html")).read_text()
    data = json.loads(page.split('ld+json">', 1)[1].split("</script>", 1)[0])
    assert data["itemReviewed"]["@type"] == "Book"
    made = invoke("new", "Solaris")  # the blog's one medium: no --medium needed
    assert made.exit_code == 0, made.stderr
    config = folder / "reviewctl.toml"
    config.write_text(config.read_text().replace('posts_medium = "book"', 'posts_medium = "novel"'))
    refused = invoke("list")
    assert refused.exit_code == 2 and "posts_medium: must be one of" in refused.stderr


def test_a_readme_is_not_a_blog(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# My reviews\n")
    result = invoke("init", tmp_path, "--yes", "--author", "Jo")
    assert result.exit_code == 0 and "Found" not in result.stdout
    assert (tmp_path / "reviews").is_dir()


def test_a_repositorys_documents_and_dependencies_are_never_posts(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A README beside the posts, a CONTRIBUTING.md added after ``init``, the Markdown of
    node_modules/, vendor/ and a theme's example site: no command reads them as reviews,
    and ``lint --fix`` writes into none; a folder named on the command line is walked."""
    folder = tmp_path / "books"
    shutil.copytree(_blog("dwhenson__books-read"), folder)
    (folder / "README.md").write_text("no front matter\n")
    monkeypatch.chdir(folder)
    assert invoke("init").exit_code == 0
    (folder / "CONTRIBUTING.md").write_text("# How to help\n")
    others = ["node_modules/pkg/README.md", "vendor/bundle/notes.md", "themes/t/exampleSite/a.md"]
    for rel in others:
        (folder / rel).parent.mkdir(parents=True)
        (folder / rel).write_text("---\ntitle: Not a post\n---\nText.\n")
    rows = json.loads(invoke("list", "--format", "json").stdout)
    assert len(rows) == 5 and not {"README.md", "CONTRIBUTING.md"} & {r["path"] for r in rows}
    invoke("lint", "--fix", "--exit-zero")
    assert (folder / "CONTRIBUTING.md").read_text() == "# How to help\n"
    for rel in others:
        assert (folder / rel).read_text() == "---\ntitle: Not a post\n---\nText.\n"
    named = json.loads(invoke("list", "vendor", "--format", "json").stdout)
    assert [Path(r["path"]).name for r in named] == ["notes.md"]


def test_hugo_shortcodes_are_not_the_description() -> None:
    from reviewctl.export.markdown import plain_text

    text = plain_text("<p>{{< youtube NSqDPa1hk7A >}}</p><p>A world {{% note %}}rebuilt.</p>")
    assert text == "A world rebuilt."


def test_summary_hints_at_a_rule_that_fires_on_most_files(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "blog"
    folder.mkdir()
    for n in range(3):
        (folder / f"post-{n}.md").write_text(f"---\ntitle: Post {n}\n---\n\nText ![](a.png)\n")
    (folder / "reviewctl.toml").write_text("")
    monkeypatch.chdir(folder)
    result = invoke("lint", ".", "--select", "MD")
    assert "hint: MD001 fires on 3 of 3 files" in result.stdout
    assert "reviewctl rules MD001" in result.stdout
    quiet = invoke("lint", "post-0.md", "--select", "MD")
    assert "hint:" not in quiet.stdout


def test_dry_run_on_a_blank_folder_writes_nothing(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("init", tmp_path, "--dry-run")
    assert result.exit_code == 0 and 'reviews_dir = "reviews"' in result.stdout
    assert not (tmp_path / "reviewctl.toml").exists()
    # stdout is the config alone, a link's normalising said on stderr
    linked = invoke("init", tmp_path, "--dry-run", "--support-link", "Patreon=patreon.com/kit")
    assert tomllib.loads(linked.stdout)["support_links"][0]["url"] == "https://patreon.com/kit"
    assert "stored as https://patreon.com/kit" in linked.stderr


@pytest.mark.parametrize(
    ("blog", "expected"),
    [
        ("adelbordbari__adelbordbari.github.io", {"rating_format": "stars", "rating_scale": 5}),
        ("dwhenson__books-read", {"rating_scale": 5}),
        ("remy__remysharp.com", {"aliases": {"date": "read"}}),
        (
            "alexwlchan__books.alexwlchan.net",
            {"aliases": {"title": "book.title", "rating": "review.rating"}, "rating_scale": 5},
        ),
        ("KvGeijer__My-Webpage", {"exclude": ["_index.md", "_index.*.md", "books--_index.md"]}),
        ("Krauzer94__backblog-reviews", {"front_matter": "toml", "spoiler_warning": ""}),
        ("ndesh26__ndesh26.github.io", {"cut": "<!--more-->"}),
    ],
)
def test_init_learns_the_house_style(
    invoke: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    blog: str,
    expected: dict[str, object],
) -> None:
    folder = _adopted(tmp_path, invoke, monkeypatch, blog)
    config = tomllib.loads((folder / "reviewctl.toml").read_text())
    assert {key: config.get(key) for key in expected} == expected


def test_only_section_pages_is_a_new_archive(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content/_index.md").write_text("+++\ntitle = 'Home'\n+++\n")
    result = invoke("init", tmp_path, "--yes", "--author", "Jo")
    assert result.exit_code == 0 and "Found" not in result.stdout
    assert tomllib.loads((tmp_path / "reviewctl.toml").read_text())["reviews_dir"] == "reviews"


def test_title_taken_from_the_first_h1_is_not_a_repeated_title(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _adopted(tmp_path, invoke, monkeypatch, "declantyson__declantyson.co.uk")
    assert "MD005" not in [c for _, _, c in _findings(invoke)]
    post = next(folder.rglob("*.md"))
    text = post.read_text(encoding="utf-8")
    post.write_text(text + "\n# A second heading one\n", encoding="utf-8")
    assert "MD005" in [c for _, _, c in _findings(invoke)]


def test_pictures_kept_elsewhere_switch_off_missing_image_checks(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _adopted(tmp_path, invoke, monkeypatch, "norswap__norswap.github.io")
    config = tomllib.loads((folder / "reviewctl.toml").read_text())
    assert "MD004" in config["lint"]["ignore"] and "TX005" in config["lint"]["ignore"]
    assert "MD004" not in [c for _, _, c in _findings(invoke)]


def test_spelling_is_one_select_away_on_an_adopted_blog(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _adopted(tmp_path, invoke, monkeypatch, "dwhenson__books-read")
    assert "TX005" not in [c for _, _, c in _findings(invoke)]
    asked = json.loads(invoke("lint", "--format", "json", "--select", "TX005").stdout)
    assert any("triology" in d["message"] for d in asked)


@pytest.mark.parametrize(
    ("generator", "key", "value"), [("hugo", "draft", "true"), ("jekyll", "published", "false")]
)
def test_new_on_an_adopted_blog_is_a_draft_to_its_generator(
    invoke: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    generator: str,
    key: str,
    value: str,
) -> None:
    """Hugo ignores ``status: draft`` (a scaffold full of TODOs would be published) and
    Jekyll reads ``published: false``: ``new`` writes the flag the generator reads."""
    import re

    site = _site(tmp_path, generator)
    monkeypatch.chdir(site)
    assert invoke("init").exit_code == 0
    made = invoke("new", "Celeste", "--medium", "game")
    assert made.exit_code == 0, made.stderr
    (path,) = (p for p in site.rglob("*.md") if "celeste" in p.relative_to(site).as_posix())
    if generator == "jekyll":  # Jekyll publishes nothing else from _posts
        assert re.fullmatch(r"\d{4}-\d\d-\d\d-celeste\.md", path.name), path.name
    else:  # where the blog's own posts are: a page bundle of the posts folder
        assert path.relative_to(site).as_posix() == f"{SHAPES[generator][1]}/celeste/index.md"
    flag = re.compile(rf"(?m)^{key}\s*[:=]\s*(\w+)$")
    text = path.read_text(encoding="utf-8")
    assert [m[1] for m in flag.finditer(text)] == [value] and "status" not in text
    rows = json.loads(invoke("list", "--format", "json").stdout)
    (row,) = (r for r in rows if "celeste" in r["path"])
    assert row["status"] == "draft"
    done = invoke("publish", "--force", path)  # the scaffold's TODOs are lint errors
    assert done.exit_code == 0, done.stderr
    flipped = {"true": "false", "false": "true"}[value]
    assert [m[1] for m in flag.finditer(path.read_text(encoding="utf-8"))] == [flipped]
    lint = invoke("lint", "--select", "FM003", "--format", "json", path)
    assert "status" not in lint.stdout  # the flag says it
    if generator == "hugo":  # its posts say draft or not, so init requires it
        path.write_text(flag.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
        lint = invoke("lint", "--select", "FM003", "--format", "json", path)
        assert f"the blog says it with '{key}'" in lint.stdout


@pytest.mark.parametrize("separator", ["<!--break-->", "[[more]]"])
def test_jekyll_site_wide_excerpt_separator_is_the_cut(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, separator: str
) -> None:
    """Jekyll cuts every post at ``_config.yml``'s ``excerpt_separator``, a comment or not:
    init learns it, so nothing below it is shown or searched as if it were the lede."""
    site = tmp_path / "jekyll"
    (site / "_posts").mkdir(parents=True)
    (site / "_config.yml").write_text(f'title: b\nexcerpt_separator: "{separator}"\n')
    for n in range(3):
        (site / "_posts" / f"2024-01-0{n + 1}-review-{n}.md").write_text(
            f"---\nlayout: post\ntitle: Review {n}\n---\nA fair lede.\n\n{separator}\n\n"
            f"The twist: SECRET{n} survives.\n"
        )
    monkeypatch.chdir(site)
    result = invoke("init")
    assert result.exit_code == 0, result.stderr
    assert tomllib.loads((site / "reviewctl.toml").read_text())["cut"] == separator
    assert f"cut: {separator} in 3 of 3 posts" in result.stdout
    shown = invoke("show", "--no-pager", "_posts/2024-01-01-review-0.md")
    assert "A fair lede." in shown.stdout and "SECRET0" not in shown.stdout
    found = invoke("search", "SECRET1", "--format", "json")
    assert json.loads(found.stdout)[0]["below_cut_only"] and "SECRET1" not in found.stdout


def test_footer_links_learned_as_https_so_new_reviews_pass(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Posts whose footer links are plain http://: init stores them as https:// (as
    --support-link does), so the footer `new` writes is not reported by SL003."""
    site = tmp_path / "blog"
    site.mkdir()
    for n in range(3):
        (site / f"review-{n}.md").write_text(
            f"---\ntitle: Review {n}\ndate: 2024-01-0{n + 1}\n---\nA lede.\n\n<!--more-->\n\n"
            "The body.\n\nSupport me on Patreon: http://www.patreon.com/tester\n"
            "Watch me on http://twitch.tv/tester\n"
        )
    monkeypatch.chdir(site)
    assert invoke("init").exit_code == 0
    links = tomllib.loads((site / "reviewctl.toml").read_text())["support_links"]
    assert [link["url"] for link in links] == [
        "https://www.patreon.com/tester",
        "https://twitch.tv/tester",
    ]
    made = invoke("new", "Celeste", "--medium", "game")
    assert made.exit_code == 0, made.stderr
    (path,) = site.rglob("celeste*.md")
    assert "SL003" not in invoke("lint", "--format", "json", path).stdout
    old = invoke("lint", "--select", "SL002,SL003", "--format", "json", site / "review-0.md")
    codes = [f["code"] for f in json.loads(old.stdout)]
    assert codes == ["SL003", "SL003"]  # the old posts' links are still reported, not missing


def test_the_posts_folder_is_the_one_with_the_posts(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Hugo site whose content/posts holds only its section page, or one stray post, keeps
    its reviews in content/reviews: init finds them there, not a blank folder."""
    site = tmp_path / "hugo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "content" / "reviews").mkdir()
    (site / "hugo.toml").write_text("baseURL = '/'\n")
    (site / "content" / "posts" / "_index.md").write_text("---\ntitle: Posts\n---\n")
    for n in range(5):
        (site / "content" / "reviews" / f"r{n}.md").write_text(
            f"---\ntitle: Review {n}\ndate: 2024-01-0{n + 1}\n---\nText.\n"
        )
    monkeypatch.chdir(site)
    dry = invoke("init", "--dry-run")
    assert dry.exit_code == 0 and 'reviews_dir = "content/reviews"' in dry.stdout
    (site / "content" / "posts" / "hello.md").write_text("---\ntitle: Hello\n---\nHi.\n")
    dry = invoke("init", "--dry-run")
    assert 'reviews_dir = "content/reviews"' in dry.stdout


@pytest.mark.parametrize(("differ", "off"), [(3, True), (1, False)])
def test_init_turns_fm008_off_where_names_keep_another_date(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, differ: int, off: bool
) -> None:
    """A blog whose file names keep the day a post was started (most of them disagree with
    the front matter) is not told so on every post; a blog where one disagrees is."""
    site = tmp_path / "blog" / "_posts"
    site.mkdir(parents=True)
    for n in range(4):
        day = 20 if n < differ else n + 1
        (site / f"2024-01-0{n + 1}-post-{n}.md").write_text(
            f"---\ntitle: Post {n}\ndate: 2024-01-{day:02d}\n---\nText.\n"
        )
    monkeypatch.chdir(site.parent)
    assert invoke("init").exit_code == 0
    ignored = tomllib.loads((site.parent / "reviewctl.toml").read_text())["lint"].get("ignore", [])
    assert ("FM008" in ignored) is off


def test_a_key_that_holds_years_is_no_draft_flag(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``published: 1992`` is a book's year, not Jekyll's flag: new keeps status: draft."""
    site = tmp_path / "blog"
    site.mkdir()
    for n, year in enumerate((1932, 1992, 2016)):
        (site / f"book-{n}.md").write_text(
            f"---\ntitle: Book {n}\ndate: 2024-01-0{n + 1}\npublished: {year}\n---\nText.\n"
        )
    monkeypatch.chdir(site)
    assert invoke("init").exit_code == 0
    assert "draft_key" not in (site / "reviewctl.toml").read_text()
    made = invoke("new", "Dune", "--medium", "book")
    assert made.exit_code == 0, made.stderr
    text = Path(made.stdout.strip()).read_text()
    assert "status: draft" in text and "published: false" not in text


def test_new_files_a_review_where_the_blog_files_its_posts(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blog whose posts lie side by side gets the new one beside them, not in a folder
    per medium that the blog has never had."""
    site = _site(tmp_path, "plain")
    monkeypatch.chdir(site)
    assert invoke("init", "--yes", "--author", "D").exit_code == 0
    made = invoke("new", "Celeste", "--medium", "game")
    assert made.exit_code == 0, made.stderr
    assert (site / "celeste.md").is_file() and not (site / "game").exists()


def test_init_names_each_post_it_could_not_read(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A post whose front matter does not parse is learnt nothing from, and said so (file
    and line, exit 2) after the config is written from the others."""
    posts = tmp_path / "blog" / "_posts"
    posts.mkdir(parents=True)
    (posts / "2020-01-01-good.md").write_text("---\ntitle: Good\n---\nA post.\n")
    (posts / "2020-01-02-bad.md").write_text('---\ntitle: "a\n---\nBody.\n')
    monkeypatch.chdir(tmp_path / "blog")
    result = invoke("init", "--yes")
    assert result.exit_code == 2, result.output
    assert (tmp_path / "blog" / "reviewctl.toml").is_file()
    assert "_posts/2020-01-02-bad.md:3: invalid YAML" in result.stderr
    assert "nothing learnt" in result.stderr
    assert "good" not in result.stderr


def test_new_titles_a_review_as_the_blog_titles_its_posts(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A blog whose posts are titled by the work alone gets such titles from ``new``, not
    "Book Review: …" among them; a blog that writes the house's titles keeps its pattern."""
    folder = _adopted(tmp_path, invoke, monkeypatch, "alexwlchan__books.alexwlchan.net")
    config = tomllib.loads((folder / "reviewctl.toml").read_text())
    assert config["media"]["book"] == {"title_pattern": "{work}"}
    made = invoke("new", "The Dispossessed", "--medium", "book")
    assert made.exit_code == 0, made.stderr
    (path,) = folder.rglob("*dispossessed*.md")
    assert "title: The Dispossessed\n" in path.read_text(encoding="utf-8")
    assert "TX004" not in invoke("lint", "--select", "TX004", path).stdout

    house = tmp_path / "house"
    (house / "posts").mkdir(parents=True)
    for work in ("Blue Tide", "Paper Moon", "Glass Garden"):
        (house / "posts" / f"{work.lower().replace(' ', '-')}.md").write_text(
            f'---\ntitle: "Anime Review: {work}"\ndate: 2024-01-02\n---\nA lede.\n'
        )
    monkeypatch.chdir(house)
    assert invoke("init").exit_code == 0
    assert "media" not in tomllib.loads((house / "reviewctl.toml").read_text())
    made = invoke("new", "Salt Flats", "--medium", "anime")
    assert made.exit_code == 0, made.stderr
    (path,) = house.rglob("*salt-flats*.md")
    assert "title: 'Anime Review: Salt Flats'" in path.read_text(encoding="utf-8")


def test_zola_internal_links_lead_to_the_linked_reviews_page(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Zola's ``@/books/x/index.md`` (from the content folder) is a link to that review's
    page on the exported site, once the review is there; until then it is text."""
    site = _site(tmp_path, "zola")
    monkeypatch.chdir(site)
    assert invoke("init").exit_code == 0
    out = tmp_path / "out"
    first = invoke("export", "--site", "--out", out)
    assert first.exit_code == 0, first.stderr
    assert "@/books/the-left-hand-of-darkness/index.md" in first.stderr  # not there: text
    target = site / "content/books/the-left-hand-of-darkness/index.md"
    target.parent.mkdir()
    target.write_text('+++\ntitle = "The Left Hand of Darkness"\ndate = 2020-05-01\n+++\nA lede.\n')
    again = invoke("export", "--site", "--out", out)
    assert again.exit_code == 0, again.stderr
    assert "the-left-hand-of-darkness" not in again.stderr
    (page,) = out.rglob("the-dispossessed/index.html")
    (linked,) = out.rglob("the-left-hand-of-darkness/index.html")
    text = page.read_text(encoding="utf-8")
    href = f'href="../../{linked.parent.relative_to(out).as_posix()}/index.html"'
    assert text.count(href) == 2, text


def test_init_names_the_key_the_posts_flag_drafts_with(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One post of a blog whose ``published`` holds years says ``published: true``: the
    report names that key, not the ``status`` a new review gets."""
    site = tmp_path / "blog"
    site.mkdir()
    for n, value in enumerate(("1932", "1992", "true")):
        (site / f"book-{n}.md").write_text(
            f"---\ntitle: Book {n}\ndate: 2024-01-0{n + 1}\npublished: {value}\n---\nText.\n"
        )
    monkeypatch.chdir(site)
    result = invoke("init")
    assert result.exit_code == 0, result.stderr
    assert "drafts: 1 of 3 posts say whether they are (with 'published')" in result.stdout


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "hugo.toml",
            'baseURL = "https://reviews.example.com"\ntitle = "Kit\'s Reviews"\n'
            'languageCode = "en-gb"\n[params]\ndescription = "Films, slowly."\n',
            {"title": "Kit's Reviews", "base_url": "https://reviews.example.com/",
             "description": "Films, slowly.", "language": "en-GB"},
        ),
        (
            "_config.yml",
            "url: https://kit.example.com\nbaseurl: /reviews\ntitle: Kit reads\n",
            {"title": "Kit reads", "base_url": "https://kit.example.com/reviews/"},
        ),
        # a development address is not the site's
        ("hugo.toml", 'baseURL = "http://localhost:1313/"\ntitle = "Dev"\n', {"title": "Dev"}),
    ],
)  # fmt: skip
def test_init_learns_the_site_from_the_generators_config(
    invoke: Invoke,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    text: str,
    expected: dict[str, str],
) -> None:
    """The blog's own title and address: its feed and sitemap are the blog's, not a site
    called "Reviews" whose feed id every adopted blog shares."""
    import tomllib

    site = tmp_path / "blog"
    posts = site / ("_posts" if name.startswith("_") else "content/posts")
    posts.mkdir(parents=True)
    (site / name).write_text(text)
    for n in range(3):
        (posts / f"2024-01-0{n + 1}-book-{n}.md").write_text(
            f"---\ntitle: Book {n}\ndate: 2024-01-0{n + 1}\n---\nText.\n"
        )
    monkeypatch.chdir(site)
    result = invoke("init")
    assert result.exit_code == 0, result.stderr
    config = tomllib.loads((site / "reviewctl.toml").read_text())
    assert config["site"] == expected


def test_init_says_when_the_generators_config_cannot_be_read(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "blog"
    posts = site / "content/posts"
    posts.mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://x.example\ntitle = 1\n')
    for n in range(2):
        (posts / f"post-{n}.md").write_text(
            f"---\ntitle: Post {n}\ndate: 2024-01-0{n + 1}\n---\nText.\n"
        )
    monkeypatch.chdir(site)
    result = invoke("init")
    assert result.exit_code == 0, result.stderr
    assert "site: hugo.toml could not be read (" in result.stdout
    import tomllib

    assert "site" not in tomllib.loads((site / "reviewctl.toml").read_text())


def test_init_never_takes_a_books_author_for_the_blogger_nor_a_publisher_for_a_book(
    invoke: Invoke, tmp_path: Path
) -> None:
    books, games = tmp_path / "books", tmp_path / "games"
    for name in ("mort", "guards", "small-gods"):
        post = books / "content" / "books" / f"{name}.md"
        post.parent.mkdir(parents=True, exist_ok=True)
        post.write_text(
            f'---\ntitle: "{name}"\nauthor: Terry Pratchett\nisbn: "978055"\n---\n\nA.\n'
        )
    for name in ("zelda", "mario", "metroid", "kirby"):
        post = games / "content" / "posts" / f"{name}.md"
        post.parent.mkdir(parents=True, exist_ok=True)
        post.write_text(f'---\ntitle: "{name}"\npublisher: Nintendo\n---\n\nPlayed.\n')
    for blog in (books, games):
        (blog / "hugo.toml").write_text('title = "b"\n')
        assert invoke("init", blog, "--yes").exit_code == 0
    written = tomllib.loads((books / "reviewctl.toml").read_text())
    assert written["author"] == "" and written["posts_medium"] == "book"
    assert "posts_medium" not in tomllib.loads((games / "reviewctl.toml").read_text())
    shown = invoke("show", books / "content" / "books" / "mort.md").stdout
    assert "Terry Pratchett" in shown.split("╰")[0]


def test_a_blog_that_keeps_no_dates_still_needs_its_titles(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """init drops the date requirement of a dateless blog, not FM003: a post with no title
    is still found."""
    for name in ("alpha", "beta", "gamma"):
        (tmp_path / f"{name}.md").write_text(f"---\ntitle: Review of {name}\n---\n\nText.\n")
    (tmp_path / "delta.md").write_text("---\ntags: [film]\n---\n\nNo title, no heading.\n")
    monkeypatch.chdir(tmp_path)
    assert invoke("init", "--yes", "--author", "T").exit_code == 0
    assert "require_date = false" in (tmp_path / "reviewctl.toml").read_text()
    result = invoke("lint", "--select", "FM003", "--format", "json")
    found = [(Path(f["path"]).name, f["message"]) for f in json.loads(result.stdout)]
    assert found == [("delta.md", "required field 'title' is missing")]


def test_a_hugo_draft_written_with_capitals_is_a_draft(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hugo reads front matter keys in any case: ``Draft = true`` is a draft it never builds,
    and so never published by export; ``Title`` and ``Date`` are its title and date."""
    site = tmp_path / "blog"
    (site / "content/posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\ntitle = "B"\n')
    (site / "content/posts/public.md").write_text(
        '+++\ntitle = "Public"\ndate = 2025-01-01\ndraft = false\n+++\nPublic text.\n'
    )
    (site / "content/posts/secret.md").write_text(
        '+++\nTitle = "Secret plans"\nDate = 2025-01-02\nDraft = true\n+++\nPrivate text.\n'
    )
    monkeypatch.chdir(site)
    listed = invoke("list", "--format", "json", "content/posts")
    rows = {Path(r["path"]).name: r for r in json.loads(listed.stdout)}
    assert rows["secret.md"]["status"] == "draft"
    assert rows["secret.md"]["title"] == "Secret plans"
    assert rows["secret.md"]["date"] == "2025-01-02"
    result = invoke("export", "--site", "--out", str(tmp_path / "out"), "content/posts")
    assert result.exit_code == 0, result.stderr
    published = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.*ml"))
    assert "Public text" in published and "Private" not in published and "Secret" not in published


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("_drafts/half-written.md", "---\ntitle: Half-written\n---\n"),  # Jekyll, by place
        ("_posts/scratch.md", "---\ntitle: Scratch\ndate: 2025-01-02\n---\n"),  # no date
        ("_posts/_2025-01-03-parked.md", "---\ntitle: Parked\n---\n"),  # Jekyll skips _
        ("content/posts/hl/index.md", '+++\ntitle = "Hl"\nheadless = true\n+++\n'),
        ("content/posts/nr/index.md", "+++\ntitle = 'Nr'\n[_build]\nrender = 'never'\n+++\n"),
        ("content/books/zr.md", '+++\ntitle = "Zr"\nrender = false\n+++\n'),  # Zola
        ("content/posts/game/notes.md", '+++\ntitle = "Notes"\n+++\n'),  # a bundle's file
    ],
)
def test_what_the_generator_never_builds_is_never_published(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    """Jekyll's drafts folder and the _posts files it skips, Hugo's headless bundles, pages
    it never renders and a bundle's other Markdown files, Zola's render = false: none is
    published by export, beside a post that is."""
    site = tmp_path / "blog"
    for path, body in (
        ("content/posts/game/index.md", '+++\ntitle = "Game"\ndate = 2025-01-01\n+++\n'),
        (name, text),
    ):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(body + "SECRET words of the author's.\n" * (path == name))
    monkeypatch.chdir(site)
    result = invoke("export", "--site", "--out", str(tmp_path / "out"), ".")
    assert result.exit_code == 0, result.stderr
    assert "exported 1 review" in result.stdout
    published = "".join(p.read_text() for p in (tmp_path / "out").rglob("*.*ml"))
    assert "Game" in published and "SECRET" not in published
    assert "FM005" not in invoke("lint", name).stdout
    if name.endswith("notes.md"):
        return  # a bundle's file: no review, which no walk finds
    # publish cannot flip a flag to publish it: it says what would
    refused = invoke("publish", "--force", name)
    assert refused.exit_code == 2 and "not published: " in refused.stderr
    assert refused.stderr.count("\n") == 1


def test_a_hexo_post_is_named_as_hexo_likes(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hexo's source/_posts/<title>.md has no date in its name, unlike Jekyll's: published."""
    posts = tmp_path / "blog/source/_posts"
    posts.mkdir(parents=True)
    (tmp_path / "blog/_config.yml").write_text("title: B\nnew_post_name: :title.md\n")
    (posts / "frieren-review.md").write_text("---\ntitle: Frieren\ndate: 2024-01-01\n---\nGreat.\n")
    monkeypatch.chdir(tmp_path / "blog")
    (row,) = json.loads(invoke("list", "source", "--format", "json").stdout)
    assert row["status"] == "published"


def test_a_bundles_translation_is_a_page_of_its_own(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """index.fr.md beside a bundle's index.md is its French page, not one of its files."""
    site = tmp_path / "blog"
    (site / "content/posts/dune").mkdir(parents=True)
    (site / "content/posts/dune/index.md").write_text(
        "---\ntitle: Dune\ndate: 2024-01-01\n---\nEnglish.\n"
    )
    (site / "content/posts/dune/index.fr.md").write_text(
        "---\ntitle: Dune FR\ndate: 2024-01-01\n---\nFrançais.\n"
    )
    (site / "content/posts/dune/notes.md").write_text("---\ntitle: Notes\n---\nMine.\n")
    for copy in ("index.backup.md", "index.bak.md", "index.old.md"):
        (site / "content/posts/dune" / copy).write_text("---\ntitle: Old\n---\nOld.\n")
    for language in ("lt", "es-419"):  # any language the blog declares
        (site / f"content/posts/dune/index.{language}.md").write_text("---\ntitle: T\n---\nT.\n")
    monkeypatch.chdir(site)
    listed = invoke("list", "content", "--fields", "path").stdout.split()
    assert sorted(listed) == [
        f"content/posts/dune/index.{n}md" for n in ("es-419.", "fr.", "lt.", "")
    ]
    # the original keeps the bundle's address; the translation gets one beside it
    assert invoke("export", "--site", "--out", str(tmp_path / "out"), "content").exit_code == 0
    assert "English." in (tmp_path / "out/other/dune/index.html").read_text()


def test_a_hugo_blog_drafts_with_hugos_own_flag_whatever_one_post_calls_status(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Four posts say draft: false and one a book's "status: reading": a new review is a
    draft Hugo keeps back (draft: true), not a status: draft that Hugo publishes."""
    site = tmp_path / "blog"
    (site / "content/posts").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\n')
    for n in range(1, 5):
        (site / f"content/posts/book-{n}.md").write_text(
            f'---\ntitle: "Book {n}"\ndate: 2024-01-0{n}\ndraft: false\n---\n\nLede.\n'
        )
    (site / "content/posts/book-5.md").write_text(
        '---\ntitle: "Book 5"\ndate: 2024-01-05\nstatus: reading\n---\n\nLede.\n'
    )
    text = _made_after_init(invoke, site, monkeypatch, "Dune", "--medium", "book")
    assert "draft: true" in text and "status:" not in text


def test_a_blog_dated_by_its_generators_own_key_gets_new_reviews_dated_so(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Astro's posts say pubDatetime (its schema requires it): new writes pubDatetime too."""
    blog = tmp_path / "blog"
    posts = blog / "src/content/blog"
    posts.mkdir(parents=True)
    (blog / "astro.config.mjs").write_text("export default {};\n")
    for n in range(1, 4):
        (posts / f"post-{n}.md").write_text(
            f"---\ntitle: Post {n}\npubDatetime: 2024-01-0{n}T10:00:00Z\ndraft: false\n---\nText.\n"
        )
    text = _made_after_init(invoke, blog, monkeypatch, "Heat", "--medium", "film")
    assert "pubDatetime: " in text and "\ndate:" not in text


def test_a_jekyll_post_made_with_a_date_is_named_for_it(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """new --set date=… names the _posts file for that day, which its front matter says too
    (a name and a date that disagree are FM008)."""
    posts = tmp_path / "blog/_posts"
    posts.mkdir(parents=True)
    (tmp_path / "blog/_config.yml").write_text("title: J\n")
    for n in range(1, 4):
        (posts / f"2024-01-0{n}-post-{n}.md").write_text(
            f"---\ntitle: Post {n}\ndate: 2024-01-0{n}\n---\nText.\n"
        )
    monkeypatch.chdir(tmp_path / "blog")
    assert invoke("init", "--yes", "--author", "J").exit_code == 0
    for n, value in enumerate(("2025-01-01", '"2025-01-01"', "2025-01-01T10:00")):
        made = invoke("new", f"Ikiru {n}", "--medium", "film", "--set", f"date={value}")
        assert made.exit_code == 0, made.stderr
        path = Path(made.stdout.strip())
        assert path.name == f"2025-01-01-ikiru-{n}.md", value
        assert "FM008" not in invoke("lint", path).stdout
    both = invoke(
        "new", "Ran", "--medium", "film", "--set", "date=2025-01-01", "--date", "2025-02-01"
    )
    assert both.exit_code == 2 and "name two days" in both.stderr


def _made_after_init(invoke: Invoke, blog: Path, monkeypatch: pytest.MonkeyPatch, *new: str) -> str:
    """The text of the review ``new`` writes in ``blog`` once ``init`` has read it."""
    monkeypatch.chdir(blog)
    assert invoke("init", "--yes", "--author", "K").exit_code == 0
    made = invoke("new", *new)
    assert made.exit_code == 0, made.stderr
    return Path(made.stdout.strip()).read_text()
