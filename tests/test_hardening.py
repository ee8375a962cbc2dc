"""Regressions of the hardening issue: no spoiler leak, no escape from the archive, no data
loss, no traceback on hostile input. Each test builds its hostile input at test time."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from tests.conftest import Invoke

SECRET = "ZQXSPOILERZQX"

CONFIG = """\
reviews_dir = "reviews"
author = "Test Author"

[[support_links]]
label = "Please support my Patreon"
url = "https://www.patreon.com/tester"
"""


def review(
    body_below: str, *, lede: str = "A spoiler-free lede about the show.", extra: str = ""
) -> str:
    return f"""---
title: "Anime Review: Test Show"
work: Test Show
medium: anime
status: published
date: 2024-05-01
tags: [test]
{extra}---
{lede}

Spoilers below the cut.

<!--more-->

{body_below}

Please support my Patreon: https://www.patreon.com/tester
"""


def make_archive(root: Path, files: dict[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "reviewctl.toml").write_text(CONFIG)
    for rel, content in files.items():
        path = root / "reviews" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    return root


def published_text(out: Path) -> dict[str, str]:
    """What readers see before choosing to read on: every file but the review pages' bodies
    below the divider (and the WordPress fragment below ``<!--more-->``)."""
    seen: dict[str, str] = {}
    for path in out.rglob("*"):
        if not path.is_file() or path.suffix not in (".html", ".xml", ".json", ".txt"):
            continue
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(out).as_posix()
        if rel.endswith("/index.html") and 'id="more"' in text:
            text = text.split('id="more"', 1)[0]  # the page's head and lede
        elif path.suffix == ".html" and "<!--more-->" in text:
            text = text.split("<!--more-->", 1)[0]
        seen[rel] = text
    return seen


FULL_FEED = '\n[site]\nbase_url = "https://example.org/"\nfeed = "full"\nper_page = 1\n'


def export_full_feed(invoke: Invoke, root: Path) -> Path:
    """The site with ``feed = "full"``: every file as with ``lede``, but the feed's entries
    carry the body too, after the warning and the cut as a divider."""
    config = root / "reviewctl.toml"
    plain = config.read_text()
    config.write_text(plain + FULL_FEED)
    out = root.parent / "out-full"
    try:
        result = invoke("export", root / "reviews", "--out", out, "--site")
    finally:
        config.write_text(plain)
    assert result.exit_code in (0, 2), result.output
    return out


def feed_contents(out: Path) -> list[str]:
    import xml.etree.ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    root = ET.parse(out / "feed.xml").getroot()
    return [e.findtext(f"{atom}content") or "" for e in root.iter(f"{atom}entry")]


def export_all(invoke: Invoke, root: Path) -> list[Path]:
    outs = []
    for fmt, site in (("html", "--site"), ("wordpress", None)):
        out = root.parent / f"out-{fmt}"
        args = ["export", root / "reviews", "--out", out, "--format", fmt]
        result = invoke(*args, *([site] if site else []))
        assert result.exit_code in (0, 2), result.output
        assert "Traceback" not in result.output
        outs.append(out)
    return outs


# -- 1. spoilers --------------------------------------------------------------------------------


def test_reference_definition_look_alike_below_the_cut_stays_below(
    invoke: Invoke, tmp_path: Path
) -> None:
    body = (
        f"[Biggest spoiler]: {SECRET} dies in episode eleven.\n\n"
        f'[later]: https://example.com/{SECRET} "{SECRET} title"\n\nBody text.'
    )
    lede = "A lede that links [somewhere][later] and [home][top].\n\n[top]: https://example.com/ok"
    root = make_archive(tmp_path / "a", {"anime/show.md": review(body, lede=lede)})
    html_out, wp_out = export_all(invoke, root)
    for out in (html_out, wp_out):
        for rel, text in published_text(out).items():
            assert SECRET not in text, rel
    page = (html_out / "anime" / "show" / "index.html").read_text()
    assert 'href="https://example.com/ok"' in page  # a definition above the cut still works
    assert f"{SECRET} dies" in page  # the look-alike is shown where it was written


_CONSTRUCTS = [
    "{m}",
    "# {m}",
    "> {m}",
    "- {m}",
    "1. {m}",
    "```\n{m}\n```",
    "    {m}",
    "<div>{m}</div>",
    "| a |\n|---|\n| {m} |",
    "[^n]: {m}",
    "Text[^n]\n\n[^n]: {m}",
    "[{m}]: {m}",
    "[x]: https://example.com/{m}",
    '[x]: https://example.com/ "{m}"',
    "![{m}](https://example.com/{m}.png)",
    "![alt](images/{m}.png)",
    "[link](https://example.com/{m})",
    "<!-- {m} -->",
    "*{m}*",
    "{m}\n===",
    "Please support my {m}: https://www.patreon.com/{m}",
    "<img src='https://example.com/{m}.jpg' alt='{m}'>",
]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    picks=st.lists(st.sampled_from(_CONSTRUCTS), min_size=1, max_size=4),
    before=st.sampled_from(["", "Some body text.\n\n", "- a list\n\n"]),
)
def test_nothing_below_the_cut_reaches_a_lede_output(
    invoke: Invoke, tmp_path_factory: pytest.TempPathFactory, picks: list[str], before: str
) -> None:
    body = before + "\n\n".join(p.format(m=SECRET) for p in picks)
    lede = "A lede with [a link][x] and a footnote[^n] and ![img][x]."
    root = make_archive(tmp_path_factory.mktemp("leak"), {"anime/show.md": review(body, lede=lede)})
    for out in export_all(invoke, root):
        for rel, text in published_text(out).items():
            assert SECRET not in text, (rel, body)
    full = export_full_feed(invoke, root)
    for rel, text in published_text(full).items():  # sitemap, robots, JSON-LD, og: all the same
        if rel != "feed.xml":
            assert SECRET not in text, (rel, body)
    for content in feed_contents(full):  # and the full feed only after the divider
        before, divider, _after = content.partition('<hr><p class="spoiler-warning">')
        assert divider and SECRET not in before, (content, body)
    shown = invoke("show", root / "reviews" / "anime" / "show.md").stdout
    # trailing link lines are the support footer, shown as such by design
    shown = shown.split("\nSupport")[0]
    assert SECRET not in shown


@pytest.mark.parametrize("real_cut", [False, True])
def test_a_cut_marker_sharing_its_line_is_where_every_output_cuts(
    invoke: Invoke, tmp_path: Path, real_cut: bool
) -> None:
    """``A short take. <!--more--> The ending …``: no cut to reviewctl (SP007 says so), but
    the blog cuts there (at the first marker, a real cut below it or not): the page, the
    index, the feed and the description show nothing from its paragraph on before the
    divider, and nothing of the review is lost."""
    text = review("More.", lede=f"A fair lede.\n\nA short take. <!--more--> The ending: {SECRET}.")
    if not real_cut:
        text = text.replace("Spoilers below the cut.\n\n<!--more-->\n", "")
    root = make_archive(tmp_path / "a", {"anime/show.md": text})
    for out in export_all(invoke, root):
        for rel, page in published_text(out).items():
            assert SECRET not in page, rel
    page = (out / "anime" / "show.html").read_text(encoding="utf-8")  # the WordPress fragment
    assert "A fair lede." in page and SECRET in page.split("<!--more-->", 1)[1]
    shown = invoke("show", root / "reviews" / "anime" / "show.md").stdout
    assert "A fair lede." in shown and SECRET not in shown
    found = invoke("search", SECRET, root / "reviews", "--format", "json", "--no-cache")
    assert (
        '"below_cut_only": true' in found.stdout
        and SECRET not in found.stdout.split('"snippet"')[1]
    )


def test_a_full_feed_entry_has_a_divider_only_where_the_review_has_a_cut(
    invoke: Invoke, tmp_path: Path
) -> None:
    text = review("Body.", lede="A lede.").replace("Spoilers below the cut.\n\n<!--more-->\n", "")
    root = make_archive(
        tmp_path / "a", {"anime/nocut.md": text, "anime/cut.md": review("Below.", lede="Above.")}
    )
    contents = sorted(feed_contents(export_full_feed(invoke, root)), key=len)
    with_divider = [c for c in contents if 'class="spoiler-warning"' in c]
    assert len(contents) == 2 and len(with_divider) == 1 and "Above." in with_divider[0]


def test_a_symlink_out_of_the_archive_is_never_edited(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Named on the command line, a link to a file outside the archive is refused as the
    folder walk refuses it: its config was looked up from the link's target before."""
    outside = tmp_path / "outside" / "x.md"
    outside.parent.mkdir()
    outside.write_text(review("Body.").replace("https://www.patreon", "http://www.patreon"))
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    link = root / "reviews" / "anime" / "link.md"
    link.symlink_to(outside)
    before = outside.read_bytes()
    monkeypatch.chdir(root)
    for args in (["lint", "--fix"], ["publish", "--force"], ["unpublish"]):
        result = invoke(*args, link)
        assert result.exit_code == 2, (args, result.output)
        assert "symlink to a file outside the archive" in result.output
        assert outside.read_bytes() == before, args


def test_og_image_comes_from_the_lede_only(invoke: Invoke, tmp_path: Path) -> None:
    body = f"![x](https://example.com/{SECRET}.png)"
    root = make_archive(tmp_path / "a", {"anime/show.md": review(body)})
    html_out, _ = export_all(invoke, root)
    head = (html_out / "anime" / "show" / "index.html").read_text().split("</head>")[0]
    assert SECRET not in head


@pytest.mark.parametrize(
    "fold",
    [
        "<details><summary>The ending</summary>\n\n{image}\n\n</details>",
        '{{{{< details summary="The ending" >}}}}\n{image}\n{{{{< /details >}}}}',
    ],
)
def test_a_picture_folded_in_the_lede_is_no_preview_image(
    invoke: Invoke, tmp_path: Path, fold: str
) -> None:
    folded = fold.format(image=f"![The ending](https://example.com/{SECRET}.png)")
    lede = f"A spoiler-free lede.\n\n![Poster](https://example.com/poster.png)\n\n{folded}"
    for text, shown in ((lede, "poster.png"), (lede.split("\n\n", 2)[0] + "\n\n" + folded, "")):
        root = make_archive(
            tmp_path / (shown or "none") / "a", {"anime/show.md": review("Body.", lede=text)}
        )
        html_out, _ = export_all(invoke, root)
        head = (html_out / "anime" / "show" / "index.html").read_text().split("</head>")[0]
        assert SECRET not in head and (shown in head if shown else "og:image" not in head)


# -- 2. nothing from outside the archive ----------------------------------------------------------


def test_a_link_to_a_folder_of_the_archive_named_on_the_command_line_is_walked(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the folder it links to would be (a link met in a walk is listed, not followed)."""
    root = make_archive(tmp_path / "a", {"film/alien.md": review("A harbour film.")})
    (root / "films").symlink_to(root / "reviews" / "film")
    monkeypatch.chdir(root)
    listed = invoke("list", "films", "--fields", "path")
    assert listed.exit_code == 0, listed.stderr
    assert listed.stdout.split() == ["films/alien.md"]
    assert "films/alien.md" in invoke("search", "harbour", "films").stdout
    # the folder and the link to it, both named: each review once
    both = invoke("list", "reviews/film", "films", "--fields", "path").stdout.split()
    assert len(both) == 1
    (root / "rl").symlink_to(root / "reviews")  # a folder beside a path inside a link to it
    assert len(invoke("list", "reviews", "rl/film", "--fields", "path").stdout.split()) == 1
    # a linked review and its target are two, however many paths are named: addresses and
    # errors do not depend on it
    (root / "reviews/film/zeta.md").symlink_to(root / "reviews/film/alien.md")
    for paths in (["reviews"], ["reviews", "./reviews"]):
        listed = invoke("list", *paths, "--fields", "path").stdout.split()
        assert sorted(listed) == ["reviews/film/alien.md", "reviews/film/zeta.md"], paths
    outside = tmp_path / "outside.md"
    outside.write_text("# x\n")
    for name in ("a-out.md", "b-out.md"):
        (root / "reviews/film" / name).symlink_to(outside)
    refused = invoke("list", "reviews", "films", "--fields", "path")
    assert refused.stderr.count("outside the archive") == 2


def test_symlinked_review_outside_the_archive_is_skipped(invoke: Invoke, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(review(f"{SECRET} outside"))
    root = make_archive(tmp_path / "a", {"anime/show.md": review("Body.")})
    (root / "reviews" / "anime" / "notes.md").symlink_to(outside)
    result = invoke("export", root / "reviews", "--out", tmp_path / "out", "--site")
    assert result.exit_code == 2
    assert "notes.md" in result.stderr and "outside the archive" in result.stderr
    assert (tmp_path / "out" / "anime" / "show" / "index.html").is_file()
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(errors="replace")
    listed = invoke("list", root / "reviews", "--format", "json")
    assert SECRET not in listed.stdout
    assert listed.exit_code == 2
    # every command says it alike: the file, then why, and no line it does not have
    said = {
        command: invoke(command, *args).stderr
        for command, args in (
            ("list", [root / "reviews"]),
            ("search", ["Body", root / "reviews"]),
            ("export", [root / "reviews", "--out", tmp_path / "out2"]),
        )
    }
    for command, stderr in said.items():
        assert "notes.md: symlink to a file outside the archive" in stderr, (command, stderr)


def test_images_are_copied_only_when_they_are_images(invoke: Invoke, tmp_path: Path) -> None:
    body = (
        "![env](../../private/.env)\n\n![config](/reviewctl.toml)\n\n"
        "![draft](draft.md)\n\n![fake](fake.png)\n\n![real](real.png)"
    )
    root = make_archive(
        tmp_path / "a",
        {
            "anime/show.md": review(body),
            "anime/draft.md": review(SECRET).replace("published", "draft"),
            "anime/fake.png": f"{SECRET} not a picture",
            "anime/real.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,
        },
    )
    (root / "private").mkdir()
    (root / "private" / ".env").write_text(f"TOKEN={SECRET}")
    out = tmp_path / "out"
    result = invoke("export", root / "reviews", "--out", out)
    assert "Traceback" not in result.output
    copied = sorted(p.name for p in out.rglob("*") if p.is_file())
    assert "real.png" in copied
    assert not {".env", "reviewctl.toml", "draft.md", "fake.png", ".env.bin"} & set(copied)
    for path in out.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_bytes().decode(errors="replace")


# -- 3. data loss ----------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["reviews", "reviews/anime/site", "."])
def test_export_refuses_an_output_folder_overlapping_the_reviews(
    invoke: Invoke, tmp_path: Path, where: str
) -> None:
    root = make_archive(tmp_path / "a", {"anime/show.md": review("Body.")})
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    result = invoke("export", root / "reviews", "--out", root / where)
    assert result.exit_code == 2
    assert "overlaps" in result.stderr and "Traceback" not in result.output
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_publish_and_fix_edit_through_a_symlink(invoke: Invoke, tmp_path: Path) -> None:
    text = review("Body.").replace("status: published", "status: draft")
    root = make_archive(tmp_path / "a", {"anime/real.md": text})
    link = root / "reviews" / "anime" / "link.md"
    link.symlink_to("real.md")
    assert invoke("publish", link, "--date", "2024-06-01").exit_code == 0
    assert link.is_symlink()
    assert "status: published" in (root / "reviews" / "anime" / "real.md").read_text()


def test_read_only_review_is_refused_not_replaced(invoke: Invoke, tmp_path: Path) -> None:
    text = review("Body.").replace("status: published", "status: draft")
    root = make_archive(tmp_path / "a", {"anime/show.md": text})
    path = root / "reviews" / "anime" / "show.md"
    path.chmod(0o444)
    result = invoke("publish", path)
    assert result.exit_code == 2
    assert "read-only" in result.stderr
    assert path.read_text() == text
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


# -- 4 & 5. one bad file never stops the batch; nothing hangs --------------------------------------


HOSTILE: dict[str, str | bytes] = {
    "huge-int.md": "---\ntitle: x\nrating: " + "9" * 5000 + "\n---\nBody.\n",
    "huge-hex.md": "---\ntitle: x\nrating: 0x" + "f" * 5000 + "\n---\nBody.\n",
    "deep-toml.md": "+++\ntitle = 'x'\nv = " + "[" * 5000 + "]" * 5000 + "\n+++\nBody.\n",
    "dotted.md": "+++\n" + ".".join(["a"] * 20000) + " = 1\n+++\nBody.\n",
    "bomb.md": "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n---\nBody.\n",
    "nan.md": "---\ntitle: x\nwork: x\nmedium: anime\nstatus: published\nrating: .nan\n---\nBody.\n",
    "vtab.md": review("Body.", lede="A lede with a \x0b vertical tab.")
    .replace("tags: [test]", "tags: [te\x0bst]")
    .replace("Test Show", "Test\x0bShow"),
}


def test_hostile_files_are_reported_and_the_rest_runs(invoke: Invoke, tmp_path: Path) -> None:
    root = make_archive(tmp_path / "a", {"anime/good.md": review("Body."), **HOSTILE})
    reviews = root / "reviews"
    os.mkfifo(reviews / "fifo.md")
    (reviews / "loop.md").symlink_to("loop.md")
    (reviews / "zero.md").symlink_to("/dev/zero")
    (reviews / "loopdir").symlink_to(reviews)
    for args in (
        ["list", reviews, "--format", "json"],
        ["lint", reviews, "--format", "json"],
        ["show", reviews],
        ["export", reviews, "--out", tmp_path / "out", "--site"],
    ):
        result = invoke(*args)
        assert "Traceback" not in result.output, args
        assert result.exit_code == 2, (args, result.output)
        assert "Test Show" in result.stdout or args[0] == "export", args
    rows = json.loads(invoke("list", reviews, "--format", "json").stdout)
    by_name = {Path(r["path"]).name: r for r in rows}
    assert by_name["nan.md"]["rating"] is None
    for name in ("huge-int.md", "huge-hex.md", "deep-toml.md", "dotted.md", "bomb.md"):
        assert by_name[name]["error"], name
    for name in ("fifo.md", "loop.md", "zero.md"):
        assert by_name[name]["error"], name
    feed = (tmp_path / "out" / "feed.xml").read_text()
    assert "Test" in feed and "\x0b" not in feed
    assert (tmp_path / "out" / "anime" / "good" / "index.html").is_file()


@pytest.mark.parametrize(
    "command",
    [["lint"], ["list"], ["show"], ["search", "Body"], ["export", "--out", "{out}"], ["publish"]],
)
def test_a_named_file_nobody_may_read_is_one_line_and_the_rest_runs(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """No check of the command line stops the batch before it starts (Click's "is not
    readable" usage error): each command says so of that file and goes on."""
    root = make_archive(tmp_path / "a", {"anime/good.md": review("Body."), "anime/locked.md": ""})
    locked, good = root / "reviews/anime/locked.md", root / "reviews/anime/good.md"
    access = os.access
    monkeypatch.setattr(os, "access", lambda p, m, **k: Path(p) != locked and access(p, m, **k))
    args = [a.replace("{out}", str(tmp_path / "out")) for a in command]
    result = invoke(*args, locked, good)
    assert "Usage:" not in result.output and "not readable" not in result.output
    assert "Traceback" not in result.output
    done = ("good.md" in result.output or "Test Show" in result.output) and args[0] != "export"
    assert done or (tmp_path / "out/anime/good/index.html").is_file()


def test_oversized_file_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    root = make_archive(tmp_path / "a", {"anime/good.md": review("Body.")})
    (root / "reviewctl.toml").write_text("max_file_size = 2000\n" + CONFIG)
    (root / "reviews" / "big.md").write_text(review("word " * 1000))
    result = invoke("list", root / "reviews", "--format", "json")
    assert result.exit_code == 2
    assert "larger than 2000 bytes" in result.stderr


# -- 7. themes --------------------------------------------------------------------------------------


def test_theme_templates_are_sandboxed(invoke: Invoke, tmp_path: Path) -> None:
    root = make_archive(tmp_path / "a", {"anime/show.md": review("Body.")})
    theme = tmp_path / "theme"
    theme.mkdir()
    witness = tmp_path / "pwned"
    (theme / "review.html").write_text(
        "{{ cycler.__init__.__globals__.os.system('touch " + str(witness) + "') }}"
    )
    result = invoke("export", root / "reviews", "--out", tmp_path / "out", "--theme", theme)
    assert not witness.exists()
    assert result.exit_code == 2
    assert "Traceback" not in result.output and "unsafe" in result.stderr


def export_with_theme(invoke: Invoke, tmp_path: Path, template: str, text: str, out: str) -> Result:
    """Export a one-review archive with a theme whose ``template`` is ``text``."""
    root = make_archive(tmp_path / "a", {"anime/show.md": review("Body.")})
    theme = tmp_path / "theme"
    theme.mkdir(exist_ok=True)
    (theme / template).write_text(text)
    return invoke("export", root / "reviews", "--out", tmp_path / out, "--theme", theme, "--site")


@pytest.mark.parametrize(
    ("template", "text"),
    [
        ("review.html", "{{ review.__class__.__mro__ }}"),
        ("review.html", "{{ review.__dataclass_fields__.keys() }}"),
        ("review.html", "{{ review.tags[0].__class__.__init__.__globals__ }}"),
        ("index.html", "{{ latest[0].__class__.__mro__ }}"),
        ("index.html", "{{ latest[0].__getattr__.__globals__ }}"),
    ],
)
def test_a_themes_short_way_to_data_reaches_no_internals(
    invoke: Invoke, tmp_path: Path, template: str, text: str
) -> None:
    """Pages, tags and entries are read without the sandbox's checks, their data only."""
    result = export_with_theme(invoke, tmp_path, template, text, "out")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "unsafe" in result.stderr


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{{ "x" * 20000000000 }}', "repetition longer than"),
        ("{{ 20000000000 * [1, 2] }}", "repetition longer than"),
        ("{{ 10 ** 1000000000 }}", "power above"),
    ],
)
def test_a_theme_cannot_take_the_machines_memory(
    invoke: Invoke, tmp_path: Path, text: str, says: str
) -> None:
    result = export_with_theme(invoke, tmp_path, "review.html", text + "{{ 2 ** 10 }}", "out")
    assert result.exit_code == 2 and says in result.stderr
    ok = '{{ "ok " * 3 }}{{ 2 ** 10 }}{{ [0] * 4 }}'
    fine = export_with_theme(invoke, tmp_path, "review.html", ok, "fine")
    assert fine.exit_code == 0, fine.output
    page = (tmp_path / "fine/anime/show/index.html").read_text()
    assert page.startswith("ok ok ok 1024[0, 0, 0, 0]")


# -- 9. configuration and environment --------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ('[[support_links]]\nlabel = "x"\nurl = "javascript:alert(1)"\n', "https://"),
        ('[[support_links]]\nlabel = "x"\nurl = "data:text/html,hi"\n', "https://"),
        ("rating_scale = " + "9" * 5000 + "\n", "invalid TOML"),
    ],
)
def test_bad_config_values_are_one_line(
    invoke: Invoke, tmp_path: Path, extra: str, expected: str
) -> None:
    root = make_archive(tmp_path / "a", {"anime/show.md": review("Body.")})
    (root / "reviewctl.toml").write_text(extra + CONFIG if "[[" not in extra else CONFIG + extra)
    result = invoke("list", root / "reviews")
    assert result.exit_code == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_deeply_nested_config_is_one_line(invoke: Invoke, tmp_path: Path) -> None:
    root = make_archive(tmp_path / "a", {})
    (root / "reviewctl.toml").write_text("x = " + "[" * 3000 + "]" * 3000 + "\n")
    result = invoke("list", root)
    assert result.exit_code == 2 and "reviewctl.toml" in result.stderr
    assert "Traceback" not in result.output


def test_nul_in_reviews_dir_is_a_config_error(invoke: Invoke, tmp_path: Path) -> None:
    root = make_archive(tmp_path / "a", {})
    (root / "reviewctl.toml").write_text('reviews_dir = "rev\\u0000iews"\n')
    result = invoke("list", root)
    assert result.exit_code == 2 and "reviews_dir" in result.stderr


def test_output_under_a_file_is_one_line(invoke: Invoke, tmp_path: Path) -> None:
    root = make_archive(tmp_path / "a", {"anime/show.md": review("Body.")})
    (tmp_path / "file").write_text("x")
    result = invoke("export", root / "reviews", "--out", tmp_path / "file" / "site")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_new_where_the_folder_cannot_be_made_is_one_line(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_archive(tmp_path / "a", {})
    (root / "reviews").write_text("a file where the reviews folder should be")
    monkeypatch.chdir(root)
    result = invoke("new", "Some Show", "--medium", "anime")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_wordpress_settings_are_escaped(invoke: Invoke, tmp_path: Path) -> None:
    text = review("Body.", lede="A lede about &lt;script&gt; tags.").replace(
        'title: "Anime Review: Test Show"', 'title: "Anime <b>Review</b>"'
    )
    root = make_archive(tmp_path / "a", {"anime/show.md": text})
    out = tmp_path / "wp"
    assert invoke("export", root / "reviews", "--out", out, "--format", "wordpress").exit_code == 0
    settings = json.loads((out / "anime" / "show.json").read_text())
    assert settings["title"] == "Anime &lt;b&gt;Review&lt;/b&gt;"
    assert "<script>" not in settings["excerpt"] and "&lt;script&gt;" in settings["excerpt"]
    assert settings["source"] == "reviews/anime/show.md"


def test_temporary_files_of_a_killed_write_are_cleaned(invoke: Invoke, tmp_path: Path) -> None:
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()  # a process id that no longer runs
    text = review("Body.").replace("status: published", "status: draft")
    root = make_archive(tmp_path / "a", {"anime/show.md": text})
    folder = root / "reviews" / "anime"
    left = folder / f".show.md.reviewctl-{dead.pid}-0.tmp"
    left.write_text("half a file")
    theirs = folder / f".notes.{dead.pid}-1.tmp"  # another tool's, of the old shape
    theirs.write_text("my notes")
    older = folder / f".show.md.{dead.pid}-2.tmp"  # reviewctl 0.1's, beside its file
    older.write_text("half a file")
    assert invoke("publish", folder / "show.md", "--date", "2024-06-01").exit_code == 0
    assert not left.exists() and not older.exists()
    assert theirs.read_text() == "my notes"
    long = "\u30a2" * 80 + ".md"  # 242 bytes: its temporary name must still fit
    (folder / long).write_text(text)
    assert invoke("publish", folder / long, "--date", "2024-06-01").exit_code == 0
    out = tmp_path / "out"
    assert invoke("export", root / "reviews", "--out", out, "--drafts").exit_code == 0
    from reviewctl.config import load_config
    from reviewctl.index import Index

    with Index.open(load_config(root).root) as index:  # as if the export had been killed
        index.mark(f"export-running:{os.path.realpath(out)}", str(dead.pid))
    stale = out / "anime" / "show" / f".index.html.reviewctl-{dead.pid}-3.tmp"
    stale.write_text("half a page")
    assert invoke("export", root / "reviews", "--out", out, "--drafts").exit_code == 0
    assert not stale.exists()


def test_new_and_import_clean_what_a_killed_write_of_theirs_left(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess

    dead = subprocess.Popen(["true"])
    dead.wait()  # a process id that no longer runs
    root = make_archive(tmp_path / "a", {"anime/show.md": review("Body.")})
    anime = root / "reviews" / "anime"
    left = anime / f".second-show.md.reviewctl-{dead.pid}-0.tmp"
    left.write_text("half a review")
    monkeypatch.chdir(root)
    assert invoke("new", "Second Show", "--medium", "anime").exit_code == 0
    assert not left.exists() and (anime / "second-show.md").is_file()
    export = tmp_path / "export.xml"
    export.write_text(WXR_ONE_POST)
    target = tmp_path / "imported"
    folder = target / "reviews" / "film"
    folder.mkdir(parents=True)
    left = folder / f".a-quiet-film.md.reviewctl-{dead.pid}-4.tmp"
    left.write_text("half a review")
    result = invoke("import", "wordpress", export, "--into", target)
    assert result.exit_code == 0, result.output
    assert not left.exists() and (folder / "a-quiet-film.md").is_file()


WXR_ONE_POST = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Blog</title>
<item><title>Film Review: A Quiet Film</title><dc:creator>kit</dc:creator>
<content:encoded><![CDATA[<p>A lede.</p>]]></content:encoded>
<wp:post_id>7</wp:post_id><wp:post_date>2024-05-01 10:00:00</wp:post_date>
<wp:post_name>a-quiet-film</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="film"><![CDATA[Film]]></category>
</item></channel></rss>
"""


def test_a_files_head_is_read_without_waiting_on_a_fifo(tmp_path: Path) -> None:
    """The vocabulary reads the top of each review (``fs.read_head``): a FIFO put in a
    review's place after the walk returns nothing at once instead of hanging the run."""
    import threading

    from reviewctl.fs import read_head

    fifo = tmp_path / "post.md"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(read_head(str(fifo), 4096)), daemon=True)
    reader.start()
    reader.join(timeout=5)
    assert got == [b""]
    (tmp_path / "real.md").write_text("---\ntitle: x\n---\nBody.\n")
    assert read_head(str(tmp_path / "real.md"), 8) == b"---\ntitl"


def test_a_draft_whose_front_matter_is_nearly_fenced_is_never_exported(
    invoke: Invoke, tmp_path: Path
) -> None:
    draft = review("Body.").replace("status: published", "status: draft")
    draft = draft.replace("A spoiler-free lede", f"{SECRET} lede")
    root = make_archive(
        tmp_path / "a",
        {
            "anime/show.md": review("Body."),
            "anime/lone-cr.md": draft.replace("\n", "\r").encode(),
            "anime/zwsp.md": "\u200b" + draft,
        },
    )
    out = tmp_path / "out"
    result = invoke("export", root / "reviews", "--out", out, "--site")
    assert result.exit_code == 2
    assert "lone-cr.md: no line breaks but CR" in result.stderr
    assert "zwsp.md:1: front matter not recognised" in result.stderr
    assert "exported 1 review" in result.stdout
    assert not any(SECRET.encode() in p.read_bytes() for p in out.rglob("*") if p.is_file())
    listed = invoke("list", root / "reviews", "--format", "json")
    assert listed.exit_code == 2 and listed.stdout.count("front matter not recognised") == 1


def test_a_reviews_dir_that_is_no_folder_is_an_error_not_the_whole_archive(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mistyped ``reviews_dir`` once fell back to the archive's root: ``export`` published
    the author's private notes. Named in the config, it must be a folder."""
    root = tmp_path / "blog"
    (root / "posts").mkdir(parents=True)
    (root / "reviewctl.toml").write_text('author = "T"\nreviews_dir = "post"\n')
    (root / "notes.md").write_text("# My private notes\n\nPassword is hunter2.\n")
    monkeypatch.chdir(root)
    for command in (
        ["export", "--out", str(tmp_path / "out")],
        ["list"],
        ["lint"],
        ["search", "x"],
    ):
        result = invoke(*command)
        assert result.exit_code == 2, (command, result.output)
        assert "reviewctl.toml:2: reviews_dir: 'post' is not a folder" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("status", ["", '""', "[draft]", "false", "0"])
def test_a_status_nobody_can_read_is_never_published(
    invoke: Invoke, tmp_path: Path, status: str
) -> None:
    text = review("The twist.").replace("status: published", f"status: {status}")
    root = make_archive(tmp_path / "a", {"anime/odd.md": text})
    rows = json.loads(invoke("list", root / "reviews", "--format", "json").stdout)
    assert [r["status"] for r in rows] == ["draft"]
    out = tmp_path / "out"
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    assert not list(out.rglob("odd*")) and "Test Show" not in (out / "index.html").read_text()


def test_file_names_never_drive_the_terminal(invoke: Invoke, tmp_path: Path) -> None:
    """A name holding ESC (a terminal escape) is shown escaped by publish, unpublish, the
    warnings and the diff's header lines."""
    name = "e\x1b[2J\x1b]0;PWN\x07.md"
    root = make_archive(
        tmp_path / "a",
        {
            f"anime/{name}": review("Twist.")
            .replace("status: published\n", "status: draft\n")
            .replace("Please support my Patreon: https://www.patreon.com/tester\n", "")
        },
    )
    path = root / "reviews" / "anime" / name
    for command in (["publish", "--force", path], ["unpublish", path], ["lint", "--diff", path]):
        result = invoke(*command)
        assert "\x1b" not in result.stdout + result.stderr, command
        assert "\\x1b[2J" in result.stdout, command


def test_a_file_named_twice_is_read_once(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = review("Twist.").replace(
        "Please support my Patreon: https://www.patreon.com/tester\n", ""
    )
    root = make_archive(tmp_path / "a", {"anime/x.md": text})
    monkeypatch.chdir(root)
    result = invoke(
        "lint",
        "--format",
        "json",
        "--select",
        "SL001",
        "reviews/anime/x.md",
        "./reviews/anime/x.md",
        "reviews",
    )
    assert len(json.loads(result.stdout)) == 1
    rows = json.loads(invoke("list", "--format", "json", "reviews", "reviews/anime").stdout)
    assert len(rows) == 1


def test_a_file_name_that_is_not_utf8_is_one_line_and_the_rest_still_runs(
    invoke: Invoke, tmp_path: Path
) -> None:
    """A name holding a Latin-1 byte (``caf\\xe9.md``) cannot go into the index, a slug or a
    page: each command names it in one line (exit 2) and does the others."""
    root = make_archive(tmp_path / "a", {"anime/good.md": review("Twist.")})
    bad = os.fsencode(root / "reviews" / "anime") + b"/caf\xe9.md"
    try:
        with open(bad, "wb") as handle:
            handle.write(review("Other.").encode())
    except OSError:  # a file system that refuses such a name cannot hold one
        pytest.skip("this file system refuses file names that are not UTF-8")
    reviews = root / "reviews"
    for command in (
        ["list", reviews],
        ["lint", reviews],
        ["lint", "--no-cache", reviews],
        ["search", "Twist", reviews],
        ["export", reviews, "--out", tmp_path / "site", "--site"],
        ["show", reviews],
    ):
        result = invoke(*command)
        assert result.exit_code == 2 and "Traceback" not in result.output, command
        assert "file name is not valid UTF-8" in result.output, command
        assert "good" in result.stdout or (tmp_path / "site" / "anime" / "good").is_dir()
    for command in (["list", "-f", "json"], ["lint", "-f", "json"], ["search", "-f", "json", "x"]):
        rows = json.loads(invoke(*command, reviews).stdout)  # the name as \udce9: JSON reads it
        assert any("caf\udce9" in row["path"] for row in rows) or command[0] == "search"
    assert "caf\\xe9.md:1:1: error: IO001" in invoke("lint", reviews).stdout


def test_control_characters_never_reach_a_page_a_post_or_the_feed(
    invoke: Invoke, tmp_path: Path
) -> None:
    """An ESC pasted from a terminal, a vertical tab: a space in every published file, so
    "sky\\x01here" is "sky here" in the page, its description, the feed and the excerpt."""
    text = (
        review("The harbour\x0bat night.")
        .replace("A spoiler-free lede about the show.", "A red\x1b[31m sky\x01here.")
        .replace("status: published\n", 'status: published\ndescription: "desc\\x07bell"\n')
        .replace('title: "Anime Review: Test Show"', 'title: "Anime Review: Test\\e Show"')
    )
    root = make_archive(tmp_path / "a", {"anime/one.md": text})
    site, wp = tmp_path / "site", tmp_path / "wp"
    assert invoke("export", root / "reviews", "--site", "--out", site).exit_code == 0
    assert invoke("export", root / "reviews", "-f", "wordpress", "--out", wp).exit_code == 0
    published = [p for folder in (site, wp) for p in folder.rglob("*") if p.is_file()]
    texts = {p: p.read_bytes().decode("utf-8", "replace") for p in published}
    for path, content in texts.items():
        assert not any(c in content for c in "\x1b\x01\x0b\x07"), path
    assert "sky here" in texts[site / "feed.xml"] and "harbour at night" in "".join(texts.values())


def test_list_names_a_broken_file_from_here_as_its_rows_do(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_archive(tmp_path / "a", {"anime/bad.md": "---\ntitle: a: b\n---\n"})
    monkeypatch.chdir(root)
    result = invoke("list")
    assert result.stderr.startswith("error: reviews/anime/bad.md:2: invalid YAML")
    assert str(tmp_path) not in result.stderr and result.exit_code == 2


def test_a_date_that_is_a_list_is_said_so_not_as_python_writes_it(
    invoke: Invoke, tmp_path: Path
) -> None:
    text = review("Body.").replace("date: 2024-05-01\n", "date: [2024-05-01]\n")
    root = make_archive(tmp_path / "a", {"anime/listed.md": text})
    result = invoke("export", root / "reviews", "--out", tmp_path / "out")
    assert "listed.md:6: date is a list, not a date: exported undated" in result.stderr
    assert "datetime" not in result.stderr


@pytest.mark.parametrize(
    "folded",
    [
        '{{< details summary="Twist" >}}\nQUIXOTWIST is who it is.\n{{< /details >}}',
        "{{% spoiler %}}QUIXOTWIST is who it is.{{% /spoiler %}}",
    ],
)
def test_a_folding_shortcode_in_the_lede_folds_as_details_does(
    invoke: Invoke, tmp_path: Path, folded: str
) -> None:
    """Hugo's details shortcode (a theme's spoiler): no description, snippet or show of the
    lede unfolds it."""
    text = review("Body.", lede=f"A spoiler-free lede.\n\n{folded}")
    root = make_archive(tmp_path / "a", {"anime/show.md": text})
    out = tmp_path / "out"
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    page = (out / "anime/show/index.html").read_text()
    assert "QUIXOTWIST" not in page.split("<body")[0]  # descriptions, preview tags, JSON-LD
    assert "<details><summary>" in page and "{{" not in page
    found = invoke("search", "QUIXOTWIST", root / "reviews")
    assert "matches only in hidden text" in found.stdout and "QUIXOTWIST" not in found.stdout
    shown = invoke("show", root / "reviews/anime/show.md")
    assert "QUIXOTWIST" not in shown.stdout and "hidden" in shown.stdout


def test_a_file_named_that_is_not_markdown_is_never_published_or_fixed(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shell's ``*`` at the archive's root names the config and any script beside it:
    neither is a review, so neither is published, listed or fixed."""
    root = make_archive(tmp_path / "a", {"anime/show.md": review("Body.")})
    script = root / "wp-password.sh"
    script.write_text(f'export REVIEWCTL_WP_PASSWORD="{SECRET}"\n')
    monkeypatch.chdir(root)
    named = sorted(p.name for p in root.iterdir())
    result = invoke("export", *named, "--out", tmp_path / "out", "--site")
    assert result.exit_code == 2
    assert "wp-password.sh: not a Markdown file (.md or .markdown); skipped" in result.stderr
    assert "reviewctl.toml: not a Markdown file" in result.stderr
    assert not any(
        SECRET.encode() in p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()
    )
    assert invoke("lint", "--fix", "wp-password.sh").exit_code == 2
    assert script.read_text() == f'export REVIEWCTL_WP_PASSWORD="{SECRET}"\n'
    assert "not a Markdown file" in invoke("list", "wp-password.sh").stderr


def test_a_locale_that_cannot_hold_the_text_gets_a_line_not_a_traceback(tmp_path: Path) -> None:
    """Under the C locale with Python's UTF-8 mode off, stdout is ASCII: show prints "?" for
    what it cannot hold, and new says in one line why it cannot write a name."""
    import subprocess
    import sys

    root = make_archive(
        tmp_path / "a", {"anime/show.md": review("Body.").replace("Test Show", "Pokémon")}
    )
    env = {
        **os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
        "REVIEWCTL_CACHE_DIR": str(tmp_path / "cache"),
    }  # fmt: skip

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        command = [sys.executable, "-m", "reviewctl", *args]
        return subprocess.run(command, cwd=root, env=env, capture_output=True, timeout=60)

    shown = run("show", "reviews/anime/show.md")
    assert shown.returncode == 0 and b"Pok?mon" in shown.stdout, shown.stderr
    made = run("new", "-m", "anime", "Pokémon 2")
    assert made.returncode == 2 and b"Traceback" not in made.stderr
    assert made.stderr.decode().startswith("error:") and made.stderr.count(b"\n") == 1


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("args", [("list",), ("lint",), ("rules",), ("search", "city")])
def test_output_to_a_full_disk_is_one_line_and_exit_2(
    examples: Path, args: tuple[str, ...]
) -> None:
    """Results that cannot be written (the disk holding the redirected output is full) are
    a one-line error and exit 2, never a traceback and never lint's "findings" code."""
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "reviewctl", *args],
            cwd=examples,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr == "error: cannot write the output: No space left on device\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("command", [("lint", "--config"), ("import", "wordpress", "--dry-run")])
def test_a_named_config_or_export_that_is_no_file_is_refused(
    invoke: Invoke, examples: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    """A FIFO would hang the run, a device would fill memory: one line, exit 2."""
    fifo = examples.parent / "pipe"
    os.mkfifo(fifo)
    monkeypatch.chdir(examples)
    for named in (fifo, examples / "reviews"):
        result = invoke(*command, named)
        assert result.exit_code == 2
        assert result.stderr == f"error: {named}: " + (
            "cannot read config: not a regular file\n"
            if command[0] == "lint"
            else "cannot read: not a regular file\n"
        )
