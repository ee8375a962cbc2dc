"""The archive index: search, the cache command, and that a damaged, read-only or shared
index never changes an answer."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Invoke
from tests.test_hardening import SECRET, make_archive, review


def test_search_ranks_and_never_snips_below_the_cut(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    root = make_archive(
        tmp_path / "a",
        {
            "anime/one.md": review(f"Lighthouse {SECRET} twist.", lede="A lighthouse story."),
            "anime/two.md": review(f"{SECRET} happens to the crew."),
            "anime/draft.md": review("Nothing.", lede="Draft lighthouse.").replace(
                "status: published", "status: draft"
            ),
        },
    )
    result = invoke("search", "lighthouse", root / "reviews", "--format", "json")
    hits = json.loads(result.stdout)
    assert [Path(h["path"]).name for h in hits][:1] in (["one.md"], ["draft.md"])
    assert {Path(h["path"]).name for h in hits} == {"one.md", "draft.md"}
    assert SECRET not in result.stdout
    below = json.loads(invoke("search", SECRET, root / "reviews", "-f", "json").stdout)
    assert {Path(h["path"]).name for h in below} == {"one.md", "two.md"}
    assert all(h["below_cut_only"] and SECRET not in h["snippet"] for h in below)
    shown = json.loads(
        invoke("search", SECRET, root / "reviews", "-f", "json", "--spoilers").stdout
    )
    assert all(SECRET in h["snippet"] for h in shown)
    drafts = json.loads(
        invoke("search", "lighthouse", root / "reviews", "-f", "json", "--status", "draft").stdout
    )
    assert [Path(h["path"]).name for h in drafts] == ["draft.md"]
    # an edit is seen at once; a deleted review is gone
    (root / "reviews" / "anime" / "two.md").unlink()
    (root / "reviews" / "anime" / "one.md").write_text(review("Plain.", lede="A harbour story."))
    assert json.loads(invoke("search", SECRET, root / "reviews", "-f", "json").stdout) == []
    again = json.loads(invoke("search", "harbour", root / "reviews", "-f", "json").stdout)
    assert [Path(h["path"]).name for h in again] == ["one.md"]
    plain = invoke("search", "harbour", root / "reviews", "--no-cache")
    assert "one.md" in plain.stdout


def test_search_snippets_never_show_what_show_folds_or_hides(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    lede = (
        "A harbour story.\n\n<details><summary>Spoilers</summary>\n\n<details>Inner.</details>"
        f"\n\nThe harbour {SECRET}.\n\n</details>\n\nA harbour <!-- note: the {SECRET} twist"
        " --> tale."
    )
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.", lede=lede)})
    for query in ("harbour", SECRET):
        result = invoke("search", query, root / "reviews", "-f", "json")
        assert SECRET not in result.stdout, query
    (hit,) = json.loads(invoke("search", SECRET, root / "reviews", "-f", "json").stdout)
    assert hit["below_cut_only"]  # found, as text from below the cut is
    shown = invoke("search", SECRET, root / "reviews", "-f", "json", "--spoilers").stdout
    assert f"The harbour **{SECRET}**" in shown and "note:" not in shown  # never the note


def test_search_names_files_from_a_folder_of_the_archive_as_list_does(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_archive(
        tmp_path / "a",
        {"anime/g.md": review("A harbour story."), "film/f.md": review("A harbour film.")},
    )
    monkeypatch.chdir(root / "reviews" / "film")
    text = invoke("search", "harbour").stdout
    listed = invoke("list", "--fields", "path").stdout.split()
    assert sorted(listed) == ["../anime/g.md", "f.md"]
    assert "\n../anime/g.md: " in "\n" + text and str(tmp_path) not in text


def test_search_text_output_escapes_control_characters(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    text = review("Body.", lede="A harbour \x1b]8;;http://evil\x07story\x1b[2J.")
    plain = review("Body.", lede="A harbour.").replace("medium: anime\n", "")
    root = make_archive(tmp_path / "a", {"anime/one.md": text, "anime/two.md": plain})
    result = invoke("search", "harbour", root / "reviews")
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b]8;;http://evil" in result.stdout
    assert "Test Show (anime, published)" in result.stdout
    assert "Test Show (published)" in result.stdout  # no medium: no empty place for it


def test_search_says_which_reviews_it_could_not_read_on_every_run(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    broken = review("Body.", lede="A harbour story.").replace("title: ", "title: A: B ", 1)
    root = make_archive(
        tmp_path / "a",
        {"anime/one.md": review("Body.", lede="A harbour story."), "anime/bad.md": broken},
    )
    for run in ("cold", "warm"):
        result = invoke("search", "harbour", root / "reviews")
        assert result.exit_code == 2, run
        assert "one.md: Anime Review: Test Show" in result.stdout, run
        (line,) = result.stderr.strip().splitlines()
        assert "bad.md:2: invalid YAML" in line and line.endswith("(not searched)"), run


def test_search_finds_chinese_and_japanese_words(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """Written without spaces, a run of Han or kana is one token to FTS5: each character is
    indexed on its own, so a word inside a run is found, and the text comes back as written."""
    root = make_archive(
        tmp_path / "a",
        {
            "anime/zh.md": review(
                "下面有剧透。", lede="很快就到了我入坑动漫十一周年的纪念日。\n\n评分: **** 四星"
            ),
            "anime/ja.md": review("ネタバレ。", lede="この作品は本当に面白かったです。"),
        },
    )
    for query, name, snippet in (
        ("动漫", "zh.md", "很快就到了我入坑**动漫**十一周年的纪念日。"),
        ("面白", "ja.md", "この作品は本当に**面白**かったです。"),
    ):
        (hit,) = json.loads(invoke("search", query, root / "reviews", "-f", "json").stdout)
        assert Path(hit["path"]).name == name and hit["snippet"].startswith(snippet)
        assert hit["title"] == "Anime Review: Test Show"
    assert json.loads(invoke("search", "剧透", root / "reviews", "-f", "json").stdout)[0][
        "below_cut_only"
    ]
    assert invoke("search", "动画", root / "reviews").stdout == ""  # 动 alone is no match
    (rated,) = json.loads(invoke("search", "评分", root / "reviews", "-f", "json").stdout)
    assert "**评分**: **** 四星" in rated["snippet"]  # the text's own stars stay


def test_search_snippets_stop_at_a_cut_marker_sharing_its_line(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    text = review("Body.", lede=f"A harbour story. <!--more--> The harbour {SECRET}.")
    text = text.replace("Spoilers below the cut.\n\n<!--more-->\n", "")
    root = make_archive(tmp_path / "a", {"anime/one.md": text})
    (hit,) = json.loads(invoke("search", SECRET, root / "reviews", "-f", "json").stdout)
    assert hit["below_cut_only"] and SECRET not in hit["snippet"]


def test_search_query_punctuation_is_text(invoke: Invoke, tmp_path: Path, cache: Path) -> None:
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.", lede='Say "NEAR( OR".')})
    result = invoke("search", 'NEAR( OR"', root / "reviews", "-f", "json")
    assert result.exit_code == 0, result.output
    (hit,) = json.loads(result.stdout)
    assert hit["path"].endswith("one.md")


def test_cache_path_and_clear(invoke: Invoke, tmp_path: Path, cache: Path) -> None:
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    assert invoke("list", root / "reviews").exit_code == 0
    path = Path(invoke("cache", "path", root).stdout.strip())
    assert path.parent == cache and path.is_file()
    cleared = invoke("cache", "clear", root)
    assert cleared.exit_code == 0 and cleared.stdout.startswith("cleared ")
    assert not path.exists()
    again = invoke("cache", "clear", root)
    assert again.exit_code == 0 and again.stdout.startswith("no index to clear")
    path.mkdir()  # something that cannot be deleted as a file
    stuck = invoke("cache", "clear", root)
    assert stuck.exit_code == 2 and "cannot delete the archive index" in stuck.stderr


def test_a_mistyped_archive_clears_nothing(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``cache clear`` of a folder that is not there is an error: it must not fall back to
    the archive the command runs in and forget its exports."""
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    monkeypatch.chdir(root)
    assert invoke("list").exit_code == 0
    path = Path(invoke("cache", "path").stdout.strip())
    for command in ("path", "clear"):
        result = invoke("cache", command, tmp_path / "b" / "typo")
        assert result.exit_code == 2 and "typo: no such file or folder" in result.stderr
    assert path.is_file()


@pytest.mark.parametrize("value", ["0", "false", "no", ""])
def test_only_a_true_no_cache_turns_the_index_off(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    monkeypatch.setenv("REVIEWCTL_NO_CACHE", value)
    assert invoke("cache", "path", root).exit_code == 0
    monkeypatch.setenv("REVIEWCTL_NO_CACHE", "1")
    assert invoke("cache", "path", root).exit_code == 2


def test_a_relative_xdg_cache_home_is_ignored(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the XDG spec says: a relative one would put the index, drafts' text and all,
    inside whatever folder a command runs in."""
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    monkeypatch.delenv("REVIEWCTL_CACHE_DIR", raising=False)
    monkeypatch.delenv("REVIEWCTL_NO_CACHE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "cachedir")
    monkeypatch.chdir(root)
    found = Path(invoke("cache", "path").stdout.strip())
    assert found.is_relative_to(tmp_path / "home" / ".cache" / "reviewctl")


def test_damaged_index_is_rebuilt_and_the_answer_is_the_same(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    first = invoke("list", root / "reviews", "-f", "json").stdout
    (index,) = cache.glob("index-*.sqlite")
    for extra in cache.glob("index-*.sqlite-*"):
        extra.unlink()
    with open(index, "r+b") as handle:
        handle.truncate(100)
    result = invoke("list", root / "reviews", "-f", "json")
    assert result.stdout == first and result.exit_code == 0
    assert "index" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_an_export_after_the_index_was_damaged_says_why_it_refuses_its_folder(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    out = tmp_path / "site"
    assert invoke("export", root / "reviews", "--out", out).exit_code == 0
    (index,) = cache.glob("index-*.sqlite")
    for extra in cache.glob("index-*.sqlite-*"):
        extra.unlink()
    with open(index, "r+b") as handle:
        handle.truncate(100)
    refused = invoke("export", root / "reviews", "--out", out)
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert "no record of writing (the archive index has none: " in refused.stderr
    assert "index was damaged; rebuilt it" in refused.stderr and "--force" in refused.stderr
    assert invoke("export", root / "reviews", "--out", out, "--force").exit_code == 0
    assert invoke("export", root / "reviews", "--out", out).exit_code == 0


def test_an_export_while_another_command_holds_the_index_says_so(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locked, the index can neither tell the export what it wrote last nor record what it
    writes: it says that (not that its own pages are someone else's), and runs once free."""
    import sqlite3

    from reviewctl import index

    monkeypatch.setattr(index, "_BUSY_MS", 100)
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    out = tmp_path / "site"
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    one = root / "reviews" / "anime" / "one.md"
    one.write_text(one.read_text().replace("Body.", "Body, edited."))
    (db,) = cache.glob("index-*.sqlite")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO meta VALUES ('held', '1')")
    try:
        refused = invoke("export", root / "reviews", "--out", out, "--site")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert "the archive index cannot be written (" in refused.stderr
    assert "locked" in refused.stderr and "did not write" not in refused.stderr
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    assert "Body, edited." in (out / "anime" / "one" / "index.html").read_text()


def test_an_index_damaged_inside_is_reported_and_built_again(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """Opening the index reads no more than it must; pages damaged inside the file are found
    when a command reads them: it still answers, says so in one line, and removes the index,
    which the next run builds again."""
    files = {f"anime/r{i}.md": review(f"Body {i} of the harbour story. " * 40) for i in range(60)}
    root = make_archive(tmp_path / "a", files)
    commands = [
        ["list", root / "reviews", "-f", "json"],
        ["lint", root / "reviews", "-f", "json"],
        ["search", "harbour", root / "reviews", "-f", "json"],
        ["export", root / "reviews", "--out", tmp_path / "site", "--site", "--force"],
    ]
    before = [invoke(*command) for command in commands]  # an index with every kind of row
    (index,) = cache.glob("index-*.sqlite")
    for extra in cache.glob("index-*.sqlite-*"):
        extra.unlink()
    size = index.stat().st_size
    with open(index, "r+b") as handle:  # the first pages intact, the middle third garbage
        handle.seek(size // 3)
        handle.write(b"\xff" * (size // 3))
    damaged = [invoke(*command) for command in commands]
    for old, new in zip(before, damaged, strict=True):
        assert new.exit_code == old.exit_code and "Traceback" not in new.output
        assert len(new.stderr.strip().splitlines()) <= 1
    assert [r.stdout for r in damaged[:3]] == [r.stdout for r in before[:3]]
    again = [invoke(*command) for command in commands]
    assert all(r.exit_code == 0 and "index" not in r.stderr for r in again), [
        (r.exit_code, r.stderr) for r in again
    ]


def test_damage_found_by_a_query_removes_the_index_for_the_next_run(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the damage lies decides which command finds it; here the first query does."""
    import sqlite3

    from reviewctl.index import Index

    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    first = invoke("list", root / "reviews", "-f", "json")
    query = Index._query

    def damaged(self: Index, sql: str, args: tuple[object, ...]) -> object:
        if self.conn is not None:
            self.give_up(sqlite3.DatabaseError("database disk image is malformed"))
        return query(self, sql, args)

    monkeypatch.setattr(Index, "_query", damaged)
    result = invoke("list", root / "reviews", "-f", "json")
    assert result.stdout == first.stdout and "damaged" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list(cache.glob("index-*.sqlite"))
    monkeypatch.setattr(Index, "_query", query)
    again = invoke("list", root / "reviews", "-f", "json")
    assert again.stdout == first.stdout and again.stderr == ""
    assert list(cache.glob("index-*.sqlite"))


def test_read_only_cache_folder_still_answers(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("REVIEWCTL_CACHE_DIR", str(blocked / "cache"))
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    result = invoke("list", root / "reviews", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["title"]
    assert result.stderr.count("index not used: not a folder") == 1
    out = tmp_path / "out"
    exported = invoke("export", root / "reviews", "--out", out)
    assert exported.exit_code == 0 and (out / "anime" / "one" / "index.html").is_file()


def test_a_change_to_any_module_re_renders(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewctl import index
    from reviewctl.config import load_config
    from reviewctl.export import ExportOptions, export

    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    config = load_config(root)
    options = ExportOptions(out=tmp_path / "out", site=True)
    assert export([root / "reviews"], config, options).rendered == 1
    assert export([root / "reviews"], config, options).rendered == 0
    index.package_fingerprint.cache_clear()
    monkeypatch.setattr(index, "package_fingerprint", lambda: "model.py changed")
    monkeypatch.setattr("reviewctl.export.run.package_fingerprint", lambda: "model.py changed")
    assert export([root / "reviews"], config, options).rendered == 1


def test_exported_site_names_no_local_path_or_unexported_draft(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """Images and links that name a file on the author's computer (an absolute path that is
    one, a ``file:`` address, a Windows drive path; in Markdown or raw HTML) are published
    without the address, each warned of with its line."""
    picture = tmp_path / "pics" / "still.png"
    picture.parent.mkdir()
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    private = (
        f"![Still]({picture})\n\n![Url](file://{picture})\n\n"
        f"See [my notes](file://{tmp_path}/notes.txt) and [the draft](C:\\Users\\kit\\d.txt).\n\n"
        f'<img src="file://{picture}" alt="raw"> <a href="file:///C:/Users/kit/e.txt">e</a>\n'
    )
    root = make_archive(
        tmp_path / "a",
        {
            "anime/one.md": review("Body.\n\n" + private),
            "anime/secret-draft.md": review("x").replace("status: published", "status: draft"),
        },
    )
    for fmt in ("html", "wordpress"):
        out = tmp_path / f"out-{fmt}"
        extra = ["--site"] if fmt == "html" else []
        result = invoke("export", root / "reviews", "--out", out, "-f", fmt, *extra)
        assert result.exit_code == 0
        assert result.stderr.count("published without") == 6, result.stderr
        for path in out.rglob("*"):
            assert "secret-draft" not in path.name
            if path.is_file() and path.suffix in (".html", ".json", ".xml", ".css"):
                text = path.read_text()
                assert str(tmp_path) not in text and "secret-draft" not in text, path
                assert "file:" not in text and "Users" not in text, path
        page = (out / "anime" / "one" / "index.html") if fmt == "html" else out / "anime/one.html"
        assert "my notes" in page.read_text() and 'alt="Still"' in page.read_text()


def test_two_runs_at_once_never_corrupt_the_index(tmp_path: Path, cache: Path) -> None:
    files = {f"anime/r{i}.md": review(f"Body {i}.") for i in range(40)}
    root = make_archive(tmp_path / "a", files)
    env = {**os.environ, "REVIEWCTL_CACHE_DIR": str(cache)}
    commands = [
        [sys.executable, "-m", "reviewctl", "lint", str(root / "reviews"), "-f", "json"],
        [sys.executable, "-m", "reviewctl", "list", str(root / "reviews"), "-f", "json"],
        [
            sys.executable,
            "-m",
            "reviewctl",
            "export",
            str(root / "reviews"),
            "--out",
            str(tmp_path / "o1"),
        ],
        [
            sys.executable,
            "-m",
            "reviewctl",
            "export",
            str(root / "reviews"),
            "--out",
            str(tmp_path / "o2"),
        ],
    ]
    running = [
        subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for c in commands
    ]
    outputs = [p.communicate(timeout=120) for p in running]
    assert all(p.returncode in (0, 1) for p in running), outputs
    assert all(b"Traceback" not in err for _, err in outputs)
    rows = json.loads(outputs[1][0])
    assert len(rows) == 40
    again = subprocess.run(commands[1], env=env, capture_output=True, timeout=120)
    assert json.loads(again.stdout) == rows and b"index" not in again.stderr


def test_searches_at_once_index_each_file_once(tmp_path: Path, cache: Path) -> None:
    """Four searches filling an empty index together: each file is in it once, and a later
    edit is seen (no second, stale copy of a file matches for ever)."""
    files = {f"anime/r{i}.md": review(f"Body {i} of the ghost.") for i in range(8)}
    root = make_archive(tmp_path / "a", files)
    env = {**os.environ, "REVIEWCTL_CACHE_DIR": str(cache)}
    search = [sys.executable, "-m", "reviewctl", "search", "ghost", str(root / "reviews")]
    for _ in range(3):  # the race is likely, not certain, in one round
        shutil.rmtree(cache, ignore_errors=True)
        running = [
            subprocess.Popen([*search, "-f", "json"], env=env, stdout=subprocess.PIPE)
            for _ in range(4)
        ]
        for process in running:
            process.communicate(timeout=120)
        (index,) = cache.glob("index-*.sqlite")
        with sqlite3.connect(index) as conn:
            counts = conn.execute("SELECT count(*), count(DISTINCT path) FROM docs_text")
            assert counts.fetchone() == (8, 8)
    path = root / "reviews/anime/r3.md"
    path.write_text(path.read_text().replace("ghost", "robot"))
    done = subprocess.run([*search, "-f", "json"], env=env, capture_output=True, timeout=120)
    assert "r3.md" not in done.stdout.decode() and b"index" not in done.stderr


@pytest.mark.parametrize("site", ["index", "search"])
def test_a_run_that_opens_the_index_while_another_makes_its_tables_waits_for_them(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, site: str
) -> None:
    """Runs that find an index without its tables make them at once: the one that comes
    second waits for the first to finish, then finds them whole. It never takes the
    half-made index for damaged and deletes it (four searches at once did, now and then)."""
    import threading
    import time

    from reviewctl import index as index_module
    from reviewctl import search as search_module
    from reviewctl.config import load_config

    root = make_archive(tmp_path / "a", {f"anime/r{i}.md": review("The ghost.") for i in range(3)})
    config = load_config(root)
    if site == "search":  # the index's own tables first: the race is on the full-text ones
        index_module.Index.open(root).close()
    module = search_module if site == "search" else index_module
    making, real = threading.Event(), module.make

    def slowly(conn: sqlite3.Connection, script: str) -> None:
        first, rest = script.split(";", 1)
        real(conn, first + ";")
        making.set()
        time.sleep(0.4)  # one table made, the others not yet: the other run opens the index
        real(conn, rest)

    def run(problems: list[str]) -> None:
        if site == "index":
            with index_module.Index.open(root) as index:
                problems.extend(index.problems)
                index.save_rows("probe", "k", [(threading.current_thread().name, "s", 1)])
        else:
            hits = search_module.search([root / "reviews"], config, "ghost", problems=problems)
            assert len(hits) == 3

    monkeypatch.setattr(module, "make", slowly)
    first: list[str] = []
    thread = threading.Thread(target=run, args=(first,), name="first")
    thread.start()
    assert making.wait(10)
    monkeypatch.setattr(module, "make", real)
    second: list[str] = []
    run(second)
    thread.join(20)
    assert first == second == []
    (index,) = cache.glob("index-*.sqlite")
    with sqlite3.connect(index) as conn:
        if site == "index":
            rows = conn.execute("SELECT path FROM rows WHERE kind = 'probe' ORDER BY path")
            assert [p for (p,) in rows] == ["MainThread", "first"]
        else:
            assert conn.execute("SELECT count(*) FROM docs_text").fetchone() == (3,)


def test_lint_remembers_findings_and_sees_edits(
    invoke: Invoke, examples: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(examples)
    cold = invoke("lint", "--format", "json")
    warm = invoke("lint", "--format", "json")
    text = invoke("lint")
    assert cold.stdout == warm.stdout and cold.exit_code == warm.exit_code == 1
    assert "[*]" in text.stdout  # fixable findings stay marked when remembered
    assert invoke("lint", "--no-cache", "--format", "json").stdout == cold.stdout
    path = examples / "reviews" / "tv" / "northbound-signal.md"
    fixed = invoke("lint", "--fix", str(path))
    assert fixed.exit_code in (0, 1) and "Fixed" in fixed.stdout
    after = json.loads(invoke("lint", "--format", "json").stdout)
    assert after == json.loads(invoke("lint", "--no-cache", "--format", "json").stdout)
    assert len(after) < len(json.loads(cold.stdout))


def test_rows_of_deleted_reviews_are_forgotten(invoke: Invoke, tmp_path: Path, cache: Path) -> None:
    import sqlite3

    root = make_archive(
        tmp_path / "a", {"anime/one.md": review("A."), "anime/two.md": review("B.")}
    )
    assert invoke("list", root / "reviews").exit_code == 0
    assert invoke("lint", root / "reviews").exit_code in (0, 1)
    (index,) = cache.glob("index-*.sqlite")

    def remembered() -> set[str]:
        with sqlite3.connect(index) as conn:
            rows = conn.execute("SELECT path FROM rows WHERE path != ''")  # '': run-wide rows
            return {Path(p).name for (p,) in rows}

    assert remembered() == {"one.md", "two.md"}
    (root / "reviews" / "anime" / "two.md").unlink()
    assert invoke("list", root / "reviews").exit_code == 0
    assert invoke("lint", root / "reviews").exit_code in (0, 1)
    assert remembered() == {"one.md"}


def test_store_and_platform_names_are_words_not_names(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """'Patreon' is a known word (no TX005), but never a name a character is compared to:
    'Koji' is not a misspelt 'Kofi' (TX006)."""
    body = "Koji and Mirei keep the Patreon crowd happy; Koji is the best of them."
    root = make_archive(tmp_path / "a", {"anime/one.md": review(body)})
    result = invoke("lint", root / "reviews", "--format", "json", "--select", "TX005,TX006")
    found = json.loads(result.stdout)
    assert not [d for d in found if "Patreon" in d["message"] or "Kofi" in d["message"]]


def test_a_same_size_edit_that_restores_the_mtime_is_seen(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    path = root / "reviews" / "anime" / "one.md"
    before = path.stat()
    assert (
        json.loads(invoke("list", root / "reviews", "-f", "json").stdout)[0]["work"] == "Test Show"
    )
    path.write_text(path.read_text().replace("work: Test Show", "work: Best Show"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # size and mtime as before
    assert path.stat().st_size == before.st_size
    assert (
        json.loads(invoke("list", root / "reviews", "-f", "json").stdout)[0]["work"] == "Best Show"
    )


def test_a_cache_of_the_wrong_shape_is_not_a_crash(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    import sqlite3

    root = make_archive(tmp_path / "a", {"anime/one.md": review("The pilota argue.")})
    first = invoke("list", root / "reviews", "-f", "json").stdout
    linted = invoke("lint", root / "reviews", "-f", "json").stdout
    assert "pilota" in linted
    out = tmp_path / "site"
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    (index,) = cache.glob("index-*.sqlite")
    with sqlite3.connect(index) as conn:  # a list row whose front matter text is damaged
        for path, data in conn.execute("SELECT path, data FROM rows WHERE kind = 'list'"):
            row = {**json.loads(data), "_metadata": "{bad"}
            conn.execute(
                "UPDATE rows SET data = ? WHERE kind = 'list' AND path = ?", (json.dumps(row), path)
            )
    damaged = invoke("list", root / "reviews", "-f", "json", "--fields", "title,studio")
    assert damaged.exit_code == 0 and json.loads(damaged.stdout)[0]["studio"] is None
    whole = json.loads(invoke("list", root / "reviews", "-f", "json").stdout)[0]
    del whole["path"]
    for edit in ({}, {"error": None}, {"tags": "x"}, {"tags": [1]}, {"title": 7}):
        edited = {**whole, **edit} if edit else {}
        with sqlite3.connect(index) as conn:  # a list row edited by hand
            conn.execute("UPDATE rows SET data = ? WHERE kind = 'list'", (json.dumps(edited),))
        for args in ((), ("--status", "published", "--tag", "test")):
            again = invoke("list", root / "reviews", "-f", "json", *args)
            assert again.exit_code == 0 and again.stdout == first, (edit, again.output)
    for shape in ("[1, 2, 3]", '{"words": 3}', '"text"'):
        with sqlite3.connect(index) as conn:  # every kind of row, and the manifest
            conn.execute("UPDATE rows SET data = ?", (shape,))
            conn.execute("UPDATE exports SET manifest = ?", (shape,))
        again = invoke("list", root / "reviews", "-f", "json")
        assert again.exit_code == 0 and again.stdout == first
        (root / "reviews" / "anime" / "one.md").touch()  # lint again, vocabulary and all
        assert invoke("lint", root / "reviews", "-f", "json").stdout == linted
        # a damaged record of what export wrote is no record: the folder is not its to touch
        # (a file that holds what it would write is left as it is: the author's edit is not)
        with (out / "index.html").open("a") as page:
            page.write("<!-- the author's -->\n")
        refused = invoke("export", root / "reviews", "--out", out, "--site")
        assert refused.exit_code == 2
        assert "no record of writing" in refused.output or "did not write" in refused.output
        forced = invoke("export", root / "reviews", "--out", out, "--site", "--force")
        assert forced.exit_code == 0
    assert invoke("lint", root / "reviews", "-f", "json").stdout == linted
    for shape in ("[[1, 2, 3]]", '[[1, 1, "TX005", "spelling", "loud", "m", false]]'):
        with sqlite3.connect(index) as conn:  # remembered findings of the wrong shape
            conn.execute("UPDATE rows SET data = ? WHERE kind = 'lint'", (shape,))
        assert invoke("lint", root / "reviews", "-f", "json").stdout == linted


def test_search_refuses_an_unknown_filter_like_list(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    result = invoke("search", "lede", root / "reviews", "--status", "publishd")
    assert result.exit_code == 2 and "did you mean 'published'" in result.stderr
    result = invoke("search", "lede", root / "reviews", "--medium", "movie")
    assert result.exit_code == 2 and "film" in result.stderr


def test_an_edit_relints_that_review_alone_even_when_it_changes_the_vocabulary(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Spelling findings depend on every file's front matter (the archive's vocabulary):
    an edit relints the edited review alone, and a new word in its front matter withdraws
    another file's spelling finding on the next, warm, run, that file unread (its words are
    judged again from what the index keeps)."""
    from reviewctl.lint.engine import Linter

    body = "The pilota argue for the whole second half."
    root = make_archive(
        tmp_path / "a", {"anime/one.md": review(body), "anime/two.md": review("Quiet.")}
    )
    linted: list[str] = []
    real = Linter.lint_path
    monkeypatch.setattr(
        Linter, "lint_path", lambda self, path: linted.append(path.name) or real(self, path)
    )

    def spelling() -> list[str]:
        result = invoke("lint", root / "reviews", "--format", "json", "--select", "TX005")
        return [d["message"] for d in json.loads(result.stdout)]

    # each is read twice: with the config's words, then (each has a word neither they nor
    # the dictionary know: "pilota", "lede") in the archive's
    assert any("pilota" in m for m in spelling())
    assert sorted(linted) == ["one.md", "one.md", "two.md", "two.md"]
    linted.clear()
    assert any("pilota" in m for m in spelling()) and linted == []
    two = root / "reviews" / "anime" / "two.md"
    two.write_text(review("Quiet, with a new last line."))
    assert any("pilota" in m for m in spelling()) and linted == ["two.md"]
    linted.clear()
    # front matter that leaves the vocabulary as it was (a new date): that file alone
    two.write_text(review("Quiet.").replace("2024-05-01", "2025-06-02"))
    assert any("pilota" in m for m in spelling()) and linted == ["two.md"]
    linted.clear()
    two.write_text(review("Quiet.").replace("tags: [test]", "tags: [test, pilota]"))
    assert not any("pilota" in m for m in spelling())
    assert linted == ["two.md"]
    linted.clear()
    assert not any("pilota" in m for m in spelling()) and linted == []
    fresh = invoke("lint", root / "reviews", "-f", "json", "--select", "TX005", "--no-cache")
    assert spelling() == [d["message"] for d in json.loads(fresh.stdout)]
    two.write_text(review("Quiet."))  # the word leaves the vocabulary: found again, unread
    linted.clear()
    assert any("pilota" in m for m in spelling()) and linted == ["two.md"]


def test_a_new_review_is_the_only_file_read_and_the_others_are_judged_in_its_words(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Writing a new review (a new work's name in the vocabulary) reads that review alone:
    a misspelling of the new name in an older review is found without reading it, the
    per-file ignores still apply, and the findings are those of a run without the index."""
    from reviewctl.lint.engine import Linter

    root = make_archive(
        tmp_path / "a",
        {
            "anime/old.md": review("Blue Exorist had the better ending."),
            "anime/muted.md": review("Blue Exorist again."),
        },
    )
    with (root / "reviewctl.toml").open("a") as config:
        config.write('\n[lint.per_file_ignores]\n"reviews/anime/muted.md" = ["TX006"]\n')
    linted: list[str] = []
    real = Linter.lint_path
    monkeypatch.setattr(
        Linter, "lint_path", lambda self, path: linted.append(path.name) or real(self, path)
    )

    def findings(*extra: str) -> list[tuple[str, str, int]]:
        result = invoke("lint", root / "reviews", "-f", "json", "--select", "TX006", *extra)
        return [(Path(d["path"]).name, d["code"], d["line"]) for d in json.loads(result.stdout)]

    assert findings() == []
    new = review("A demon story.").replace("Test Show", "Blue Exorcist")
    (root / "reviews" / "anime" / "new.md").write_text(new)
    linted.clear()
    after = findings()
    assert linted == ["new.md"]
    assert after == [("old.md", "TX006", 15)]  # muted.md's is ignored
    assert after == findings("--no-cache")


def test_a_suppression_comment_keeps_a_file_relinted_when_the_vocabulary_changes(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a suppression comment is used depends on what the spelling rules find: such a
    file is linted again (not judged from its spots) when the vocabulary changes."""
    from reviewctl.lint.engine import Linter

    hidden = "<!-- reviewctl: ignore TX005 -->\nThe pilota argue."
    root = make_archive(
        tmp_path / "a", {"anime/one.md": review(hidden), "anime/two.md": review("Quiet.")}
    )
    linted: list[str] = []
    real = Linter.lint_path
    monkeypatch.setattr(
        Linter, "lint_path", lambda self, path: linted.append(path.name) or real(self, path)
    )

    def codes() -> list[str]:
        result = invoke("lint", root / "reviews", "-f", "json", "--select", "TX005,RC")
        return [d["code"] for d in json.loads(result.stdout)]

    assert codes() == []
    two = root / "reviews" / "anime" / "two.md"
    two.write_text(review("Quiet.").replace("tags: [test]", "tags: [test, pilota]"))
    linted.clear()
    assert codes() == ["RC001"]  # nothing left to hide: the comment is unused
    assert sorted(linted) == ["one.md", "two.md"]


def test_search_forgets_a_deleted_review_whatever_ran_in_between(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """``list`` and ``lint`` prune only their own rows: a review deleted and written again
    between two searches is found by its new text, never its old one."""
    root = make_archive(tmp_path / "a", {"anime/one.md": review("A lighthouse keeper.")})
    one = root / "reviews" / "anime" / "one.md"

    def found(word: str) -> list[str]:
        result = invoke("search", word, root / "reviews", "--format", "json", "--spoilers")
        return [Path(h["path"]).name for h in json.loads(result.stdout)]

    assert found("lighthouse") == ["one.md"]
    one.unlink()
    assert invoke("list", root / "reviews").exit_code == 0
    assert invoke("lint", root / "reviews").exit_code in (0, 1)
    one.write_text(review("A harbour pilot."))
    assert found("lighthouse") == [] and found("harbour") == ["one.md"]


def test_one_files_lint_sees_a_word_another_review_taught_the_archive(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """Linting one review of an archive knows every review's front matter, and a remembered
    finding does not outlive a change to another review's front matter."""
    root = make_archive(
        tmp_path / "a",
        {"anime/one.md": review("The pilota argue."), "anime/two.md": review("Quiet.")},
    )
    one = root / "reviews" / "anime" / "one.md"

    def spelling() -> list[str]:
        result = invoke("lint", one, "--format", "json", "--select", "TX005")
        return [d["message"] for d in json.loads(result.stdout)]

    assert any("pilota" in m for m in spelling()) and any("pilota" in m for m in spelling())
    two = root / "reviews" / "anime" / "two.md"
    two.write_text(review("Quiet.").replace("tags: [test]", "tags: [test, pilota]"))
    assert spelling() == []


def test_one_files_lint_follows_its_own_edits_above_and_below_the_front_matter(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """``lint FILE`` after each save: the file's own front matter teaches the archive a word,
    a body edit is seen, and the answers are those of a lint of the whole archive."""
    root = make_archive(
        tmp_path / "a",
        {"anime/one.md": review("The pilota argue."), "anime/two.md": review("Quiet.")},
    )
    one = root / "reviews" / "anime" / "one.md"

    def spelling(*paths: Path) -> list[str]:
        result = invoke("lint", *paths, "--format", "json", "--select", "TX005")
        return [d["message"] for d in json.loads(result.stdout) if d["path"].endswith("one.md")]

    archive = spelling(root / "reviews")
    assert spelling(one) == archive and any("pilota" in m for m in archive)
    one.write_text(review("The pilota argue and recieve nothing."))  # below the front matter
    assert any("recieve" in m for m in spelling(one))
    one.write_text(review("The pilota argue.").replace("tags: [test]", "tags: [test, pilota]"))
    assert spelling(one) == [] == spelling(root / "reviews")


def test_a_deleted_site_is_exported_again_whole(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """With the index remembering an export, a site folder deleted by hand comes back byte
    for byte as a fresh export makes it: neighbour links included."""
    import shutil

    files = {
        f"anime/show-{n}.md": review(f"Body {n}.")
        .replace("2024-05-01", f"2024-05-0{n}")
        .replace("Test Show", f"Show {n}")
        for n in range(1, 4)
    }
    root = make_archive(tmp_path / "a", files)
    out, fresh = tmp_path / "site", tmp_path / "fresh"
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    shutil.rmtree(out)
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    again = invoke("export", root / "reviews", "--out", fresh, "--site", "--no-cache")
    assert again.exit_code == 0

    def pages(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.html")}

    assert pages(out) == pages(fresh)
    assert all(b'class="review-nav"' in text for rel, text in pages(out).items() if "show-" in rel)


def test_search_reads_a_broken_review_once_and_finds_it_once_mended(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewctl import searchable

    root = make_archive(
        tmp_path / "a",
        {"anime/one.md": review("A lighthouse keeper."), "anime/bad.md": "---\ntitle: a: b\n---\n"},
    )
    read: list[str] = []
    document = searchable.document
    monkeypatch.setattr(searchable, "document", lambda r: read.append(r.path.name) or document(r))

    def found(word: str) -> list[str]:
        result = invoke("search", word, root / "reviews", "--format", "json", "--spoilers")
        return [Path(h["path"]).name for h in json.loads(result.stdout)]

    assert found("lighthouse") == ["one.md"] and sorted(read) == ["bad.md", "one.md"]
    read.clear()
    assert found("lighthouse") == ["one.md"] and read == []  # the broken file is remembered
    (root / "reviews" / "anime" / "bad.md").write_text(review("A harbour pilot."))
    assert found("harbour") == ["bad.md"] and read == ["bad.md"]


def test_a_search_of_one_folder_reads_and_forgets_only_that_folder(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reviewctl import searchable

    root = make_archive(
        tmp_path / "a",
        {
            "anime/one.md": review("A lighthouse keeper."),
            "anime/two.md": review("A lighthouse pilot."),
            "film/three.md": review("A lighthouse ghost."),
        },
    )
    read: list[str] = []
    document = searchable.document
    monkeypatch.setattr(searchable, "document", lambda r: read.append(r.path.name) or document(r))

    def found(*where: Path) -> list[str]:
        args = ["search", "lighthouse", *where, "--format", "json", "--spoilers"]
        return sorted(Path(h["path"]).name for h in json.loads(invoke(*args).stdout))

    reviews = root / "reviews"
    assert found(reviews) == ["one.md", "three.md", "two.md"] and len(read) == 3
    read.clear()
    assert found(reviews / "anime") == ["one.md", "two.md"] and read == []
    (reviews / "anime" / "two.md").unlink()
    assert found(reviews / "film") == ["three.md"] and read == []
    assert found(reviews / "anime") == ["one.md"]
    assert found(reviews) == ["one.md", "three.md"] and read == []


def test_search_forgets_a_deleted_broken_review_and_sees_a_raised_size_limit(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    from reviewctl.index import Index

    root = make_archive(
        tmp_path / "a",
        {
            "anime/bad.md": "---\ntitle: a: b\n---\n",
            "anime/big.md": review("A lighthouse keeper. " * 100),
        },
    )
    config = root / "reviewctl.toml"
    config.write_text("max_file_size = 1000\n" + config.read_text())

    def found() -> list[str]:
        result = invoke("search", "lighthouse", root / "reviews", "-f", "json", "--spoilers")
        return [Path(h["path"]).name for h in json.loads(result.stdout)]

    assert found() == []  # too big to read under this limit
    (root / "reviews" / "anime" / "bad.md").unlink()
    assert found() == []
    with Index.open(root) as index:
        assert not any(p.endswith("bad.md") for p in index.rows("search"))
    config.write_text(config.read_text().replace("max_file_size = 1000", "max_file_size = 100000"))
    assert found() == ["big.md"]


def test_search_with_a_large_limit_stays_within_sqlites_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Older SQLite (before 3.32) takes at most 999 parameters in a query."""
    import sqlite3

    from reviewctl import search
    from reviewctl.config import load_config

    files = {f"anime/r{i}.md": review(f"Lighthouse number {i}.") for i in range(1100)}
    root = make_archive(tmp_path / "a", files)
    connect = sqlite3.connect

    def old_sqlite(*args: object, **kwargs: object) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)  # type: ignore[arg-type]
        conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
        return conn

    monkeypatch.setattr(search.sqlite3, "connect", old_sqlite)
    hits = search.search(
        [root / "reviews"], load_config(root), "lighthouse", limit=1050, use_index=False
    )
    assert len(hits) == 1050


def test_a_finding_that_time_withdraws_is_withdrawn_on_its_day(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from reviewctl.lint.rules import editor

    tomorrow = dt.date.today() + dt.timedelta(days=1)
    root = make_archive(
        tmp_path / "a", {"anime/soon.md": review("Body.").replace("2024-05-01", str(tomorrow))}
    )

    def codes() -> list[str]:
        result = invoke("lint", root / "reviews", "--format", "json", "--select", "FM006")
        return [d["code"] for d in json.loads(result.stdout)]

    assert codes() == ["FM006"] and codes() == ["FM006"]

    class Later(dt.date):
        @classmethod
        def today(cls) -> Later:
            return cls.fromordinal(tomorrow.toordinal() + 1)

    monkeypatch.setattr(editor.dt, "date", Later)
    assert codes() == []


def test_a_remembered_image_finding_follows_the_picture(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """MD004's findings depend on files around the review: adding the missing picture
    withdraws the remembered finding, removing it brings the finding back."""
    root = make_archive(
        tmp_path / "a", {"anime/one.md": review("![The harbour](images/harbour.png)")}
    )
    picture = root / "reviews" / "anime" / "images" / "harbour.png"

    def codes() -> list[str]:
        result = invoke("lint", root / "reviews", "--format", "json", "--select", "MD004")
        return [d["code"] for d in json.loads(result.stdout)]

    assert codes() == ["MD004"] and codes() == ["MD004"]
    picture.parent.mkdir()
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert codes() == [] and codes() == []
    picture.unlink()
    assert codes() == ["MD004"]


def test_every_remembered_row_is_keyed_by_a_short_digest(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """A key is stored in every row: a config spelled out there would cost kilobytes each."""
    import sqlite3

    root = make_archive(tmp_path / "a", {"anime/one.md": review("A lighthouse keeper.")})
    for command in (
        ["list", root / "reviews"],
        ["lint", root / "reviews"],
        ["search", "lighthouse", root / "reviews"],
        ["export", root / "reviews", "--out", tmp_path / "site", "--site"],
    ):
        invoke(*command)
    (index,) = cache.glob("index-*.sqlite")
    with sqlite3.connect(index) as conn:
        kinds = dict(conn.execute("SELECT kind, max(length(key)) FROM rows GROUP BY kind"))
    assert {"list", "lint", "search", "head"} <= set(kinds)
    assert max(kinds.values()) <= 64


def test_saved_rows_read_back_whatever_order_they_are_written_in(
    tmp_path: Path, cache: Path
) -> None:
    """Rows saved between other kinds' rows (written in descending order) and after them
    (ascending) read back the same, and a path saved twice in one call keeps the last."""
    from reviewctl.index import Index

    paths = [f"/r/{n:03}.md" for n in range(300)]
    with Index.open(tmp_path) as index:
        index.save_rows("b-middle", "k", [])  # nothing to write is no error
        index.save_rows("c-after", "k", [(p, "s", {"n": p}) for p in paths])
        index.save_rows("a-before", "k", [(p, "s", [p]) for p in reversed(paths)])
        index.save_rows("b-middle", "k", [(p, "s1", 1) for p in paths] + [(paths[0], "s2", 2)])
        before = index.rows("a-before", "k")
        middle = index.rows("b-middle", "k")
        after = index.rows("c-after", "k")
    assert [index.decode(before[p][1]) for p in paths] == [[p] for p in paths]
    assert [index.decode(after[p][1]) for p in paths] == [{"n": p} for p in paths]
    assert middle[paths[0]] == ("s2", "2")
    assert {middle[p] for p in paths[1:]} == {("s1", "1")}


def test_a_transaction_keeps_all_its_writes_or_none(tmp_path: Path, cache: Path) -> None:
    """Writes inside ``Index.transaction`` are seen by other connections only once it
    commits, after ``before_commit`` ran; an error inside, or from ``before_commit``,
    keeps none of them."""
    from reviewctl.index import Index

    seen_before_commit: list[dict[str, tuple[str, str]]] = []

    def look() -> None:  # another reader, as a second command would be
        with Index.open(tmp_path) as other:
            seen_before_commit.append(other.rows("kind"))

    with Index.open(tmp_path) as index:
        with index.transaction(before_commit=look):
            index.save_rows("kind", "k", [("/r/a.md", "s", 1)])
            index.save_export("/out", {"site": {}})
        assert seen_before_commit == [{}]  # nothing shown before the commit
        assert index.rows("kind") == {"/r/a.md": ("s", "1")}
        calls: list[str] = []
        with pytest.raises(RuntimeError), index.transaction(lambda: calls.append("ran")):
            index.save_rows("kind", "k", [("/r/b.md", "s", 2)])
            raise RuntimeError("a bug mid-way")
        assert calls == ["ran"]
        assert index.rows("kind") == {"/r/a.md": ("s", "1")}  # b.md rolled back

        def disk_error() -> None:  # the pages could not be made durable
            raise OSError("I/O error")

        with pytest.raises(OSError), index.transaction(disk_error):
            index.save_rows("kind", "k", [("/r/c.md", "s", 3)])
        assert index.rows("kind") == {"/r/a.md": ("s", "1")}  # nothing vouches for c.md
        assert index.export_state("/out") == {"site": {}}


def test_one_files_lint_reads_the_dictionary_back_from_the_index(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run with the index leaves the dictionary there; ``lint FILE`` in a new process reads
    it back as text (:class:`SortedWords`) and finds what a run without the index finds,
    suggestions included; a damaged copy there is built again."""
    import sqlite3

    from reviewctl.lint import vocabulary
    from reviewctl.lint.rules import spelling

    root = make_archive(
        tmp_path / "a",
        {
            "anime/one.md": review(
                "The pilot recieves a harbourmaster's definately odd gift.",
                lede="A fybte lede.",  # two edits from more words than a suggestion weighs
            ),
            "anime/two.md": review("Quiet."),
        },
    )
    one = root / "reviews" / "anime" / "one.md"

    def new_process() -> None:  # what a process keeps loaded
        monkeypatch.setattr(vocabulary, "_LOADED", {})
        spelling._by_length.cache_clear()

    def findings(*args: str | Path) -> list[str]:
        result = invoke("lint", *args, "--format", "json", "--exit-zero")
        return [f"{d['code']} {d['message']}" for d in json.loads(result.stdout)]

    new_process()
    findings(root / "reviews")  # builds the dictionary and leaves it in the index
    one.write_text(one.read_text().replace("odd gift", "odd presant"))  # lint FILE after a save
    new_process()
    without = findings(one, "--no-cache")
    assert all(any(w in f for f in without) for w in ("recieves", "definately", "presant", "fybte"))
    new_process()
    assert findings(one) == without
    [loaded] = [dictionary.frequency for dictionary in vocabulary._LOADED.values()]
    assert isinstance(loaded, vocabulary.SortedWords)  # read back, not built

    (index,) = cache.glob("index-*.sqlite")
    with sqlite3.connect(index) as conn:  # one word changed: a row that still parses
        conn.execute("UPDATE rows SET data = replace(data, '\"present\":', '\"presant\":')")
    one.write_text(one.read_text() + "\nOne more line.\n")
    new_process()
    without = findings(one, "--no-cache")
    new_process()
    assert findings(one) == without and any("presant" in f for f in without)
    [loaded] = [dictionary.frequency for dictionary in vocabulary._LOADED.values()]
    assert not isinstance(loaded, vocabulary.SortedWords)  # built again, not bisected


def test_a_spoiler_warning_without_its_cut_still_hides_what_follows(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """The seed's shape: "Spoilers below the cut." and no marker (SP001). What follows the
    warning is the author's spoilers: show and search hide it as they would below a cut."""
    text = (
        "---\ntitle: A\nstatus: published\n---\nA harbour story.\n\nSpoilers below the cut.\n\n"
        f"The harbour {SECRET}.\n"
    )
    root = make_archive(tmp_path / "a", {"anime/one.md": text})
    shown = invoke("show", root / "reviews" / "anime" / "one.md")
    assert "A harbour story." in shown.stdout and SECRET not in shown.stdout
    assert "No cut after the spoiler warning on line 7: hidden" in shown.stdout
    assert SECRET in invoke("show", "--spoilers", root / "reviews" / "anime" / "one.md").stdout
    (hit,) = json.loads(invoke("search", SECRET, root / "reviews", "-f", "json").stdout)
    assert hit["below_cut_only"] and SECRET not in json.dumps(hit)
    plain = review("Body.", lede="A harbour story.").replace('"Anime Review: Test Show"', '""')
    (root / "reviews" / "anime" / "two.md").write_text(plain)
    assert "two.md: (no title)" in invoke("search", "harbour", root / "reviews").stdout


@pytest.mark.parametrize(
    "lede",
    [
        f"A harbour story.\n\n**Spoiler warning:** the keeper dies, the harbour {SECRET}.",
        f"A harbour story.\nSpoilers below.\nThe keeper dies, the harbour {SECRET}.",
    ],
)
def test_an_uncut_warning_hides_its_own_paragraph_from_search_as_show_does(
    invoke: Invoke, tmp_path: Path, cache: Path, lede: str
) -> None:
    """The text after the warning, on its line or in its paragraph, is hidden by line."""
    text = f"---\ntitle: A\nstatus: published\n---\n{lede}\n\nMore.\n"
    root = make_archive(tmp_path / "a", {"anime/one.md": text})
    assert SECRET not in invoke("show", root / "reviews" / "anime" / "one.md").stdout
    for query in ("harbour", "keeper", SECRET):
        (hit,) = json.loads(invoke("search", query, root / "reviews", "-f", "json").stdout)
        assert SECRET not in json.dumps(hit) and "keeper" not in hit["snippet"], query
    (hit,) = json.loads(invoke("search", "harbour", root / "reviews", "-f", "json").stdout)
    assert hit["snippet"] == "A **harbour** story." and not hit["below_cut_only"]


@pytest.mark.parametrize("flag", ["spoiler: true", "spoilers: yes"])
def test_a_review_its_front_matter_marks_all_spoilers_is_hidden_as_below_a_cut(
    invoke: Invoke, tmp_path: Path, cache: Path, flag: str
) -> None:
    """remysharp.com's book reviews say ``spoiler: true`` instead of cutting: show and search
    hide the whole text, and the site's card, description and feed show only the author's
    summary; the page and the WordPress post cut before the text."""
    text = (
        f"---\ntitle: A\nmedium: book\nstatus: published\ndate: 2024-01-01\n{flag}\n"
        "summary: A quiet book.\n---\n"
        f"The harbour {SECRET}.\n\nMore of it.\n"
    )
    root = make_archive(tmp_path / "a", {"book/one.md": text})
    path = root / "reviews" / "book" / "one.md"
    shown = invoke("show", path)
    assert SECRET not in shown.stdout
    assert "Marked as spoilers in its front matter (line 6): hidden" in shown.stdout
    assert SECRET in invoke("show", "--spoilers", path).stdout
    (hit,) = json.loads(invoke("search", SECRET, root / "reviews", "-f", "json").stdout)
    assert hit["below_cut_only"] and SECRET not in json.dumps(hit)
    out = tmp_path / "site"
    assert invoke("export", "--site", root / "reviews", "--out", out).exit_code == 0
    page = (out / "book" / "one" / "index.html").read_text()
    head, _, rest = page.partition('<div class="cut"')
    assert SECRET not in head and "Spoilers below the cut." in rest and SECRET in rest
    for public in ("index.html", "feed.xml"):
        text_of = (out / public).read_text()
        assert SECRET not in text_of and "A quiet book." in text_of
    wp = tmp_path / "wp"
    assert invoke("export", "--format", "wordpress", root / "reviews", "--out", wp).exit_code == 0
    post = (wp / "book" / "one.html").read_text()
    assert post.index("<!--more-->") < post.index(SECRET)
    settings = json.loads((wp / "book" / "one.json").read_text())
    assert settings["excerpt"] == "A quiet book."


def test_a_spoiler_flag_set_false_or_beside_a_cut_changes_nothing(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    root = make_archive(
        tmp_path / "a",
        {
            "book/off.md": f"---\ntitle: A\nspoiler: false\n---\nThe harbour {SECRET}.\n",
            "book/cut.md": (
                "---\ntitle: B\nspoiler: true\n---\nA harbour lede.\n\n<!--more-->\n\n"
                f"The harbour {SECRET}.\n"
            ),
        },
    )
    off = invoke("show", root / "reviews" / "book" / "off.md").stdout
    assert SECRET in off and "No cut in this review" in off
    cut = invoke("show", root / "reviews" / "book" / "cut.md").stdout
    assert "A harbour lede." in cut and SECRET not in cut and "Marked as spoilers" not in cut


def test_a_review_marked_all_spoilers_on_a_blog_with_no_warning_line_gains_no_text(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """The page and the WordPress post cut before the text, and say nothing the author did
    not write."""
    root = make_archive(
        tmp_path / "a", {"book/one.md": f"---\ntitle: A\nspoiler: true\n---\nThe {SECRET}.\n"}
    )
    (root / "reviewctl.toml").write_text('reviews_dir = "reviews"\nspoiler_warning = ""\n')
    out = tmp_path / "site"
    assert invoke("export", root / "reviews", "--out", out).exit_code == 0
    page = (out / "other" / "one" / "index.html").read_text()
    assert page.index('<div class="cut"') < page.index(SECRET)
    assert (
        invoke("export", "-f", "wordpress", root / "reviews", "--out", tmp_path / "wp").exit_code
        == 0
    )
    post = (tmp_path / "wp" / "other" / "one.html").read_text()
    assert post.index("<!--more-->") < post.index(SECRET) and "spoiler-warning" not in post


@pytest.mark.parametrize(
    ("lede", "shown"),
    [
        # alexwlchan's Ancillary Justice: the promise ends the lede's line, which shows
        ("I finished it! I enjoyed it. More spoilers below the cut.", True),
        # a promise with more after it on its line: that line is hidden with the rest
        (f"I finished it! Spoilers below the cut. The {SECRET} did it.", False),
        (f"I finished it! Spoilers below, the {SECRET} did it", False),
    ],
)
def test_a_spoiler_promise_that_ends_the_ledes_line_shows_the_lede(
    invoke: Invoke, tmp_path: Path, cache: Path, lede: str, shown: bool
) -> None:
    text = f"---\ntitle: A\nstatus: published\n---\n{lede}\n\nThe {SECRET} again.\n"
    root = make_archive(tmp_path / "a", {"book/one.md": text})
    out = invoke("show", root / "reviews" / "book" / "one.md").stdout
    assert SECRET not in out and ("I finished it!" in out) is shown


def test_a_book_is_found_by_its_author_and_isbn(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """The medium's facts (``[media.book] fields``) are searched as the tags are."""
    text = review("Sand.", lede="A desert planet.").replace(
        "medium: anime", "medium: book\nauthor: Frank Herbert\nisbn: 9780441013593"
    )
    root = make_archive(tmp_path / "a", {"book/dune.md": text})
    config = root / "reviewctl.toml"
    config.write_text(config.read_text() + '\n[media.book]\nfields = ["author", "isbn"]\n')
    for query in ("Herbert", "9780441013593"):
        hits = json.loads(invoke("search", query, root / "reviews", "-f", "json").stdout)
        assert [Path(h["path"]).name for h in hits] == ["dune.md"], query


def test_a_snippet_reads_as_the_text_does_around_inline_html(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    lede = "I finally read <em>Dune</em>, and <b>Herbert</b>!<br>It was great."
    root = make_archive(tmp_path / "a", {"book/one.md": review("Body.", lede=lede)})
    (hit,) = json.loads(invoke("search", "finally", root / "reviews", "-f", "json").stdout)
    assert "Dune, and Herbert! It was" in hit["snippet"]
    # "x<y" in prose is no tag that a ">" paragraphs later closes
    lede = "Health went from x<y in act one.\n\nThe boss Ornstein was great -> loved it."
    (root / "reviews" / "book" / "one.md").write_text(review("Body.", lede=lede))
    (hit,) = json.loads(invoke("search", "Ornstein", root / "reviews", "-f", "json").stdout)
    assert "x<y in act one" in hit["snippet"]


def test_a_word_is_found_as_read_past_invisible_characters_and_heading_marks(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """A soft hyphen or zero-width space inside a word hides nothing from search, and a
    snippet of a heading shows no ``##``."""
    body = "## The Verdict\n\nA twenty\u00adminute Mac\u200bGuffin chase."
    root = make_archive(tmp_path / "a", {"film/one.md": review(body, lede="A short film.")})
    for word in ("twentyminute", "MacGuffin"):
        result = invoke("search", word, root / "reviews", "-f", "json", "--spoilers")
        assert result.exit_code == 0, result.stderr
        assert len(json.loads(result.stdout)) == 1, word
    (hit,) = json.loads(
        invoke("search", "Verdict", root / "reviews", "-f", "json", "--spoilers").stdout
    )
    assert "Verdict" in hit["snippet"] and "#" not in hit["snippet"]
    # in the work's name too
    path = root / "reviews" / "film" / "one.md"
    path.write_text(path.read_text().replace("work: Test Show", "work: Super\u00adcalifragilistic"))
    found = invoke("search", "Supercalifragilistic", root / "reviews", "-f", "json")
    assert len(json.loads(found.stdout)) == 1, found.stderr


def test_search_phrases_prefixes_and_an_empty_query(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    root = make_archive(
        tmp_path / "a",
        {
            "anime/one.md": review("Body.", lede="Otaku culture, and Frieren."),
            "anime/two.md": review("Body.", lede="The culture otaku love."),
        },
    )

    def names(*query: str) -> list[str]:
        result = invoke("search", *query, root / "reviews", "-f", "json")
        assert result.exit_code == 0, result.stderr
        return sorted(Path(h["path"]).name for h in json.loads(result.stdout))

    assert names("culture otaku") == ["one.md", "two.md"]
    assert names('"culture otaku"') == ["two.md"]
    assert names("Frier*") == ["one.md"] and names("Frier") == []
    for empty in ("", '"', "*", '""', "-"):
        result = invoke("search", empty, root / "reviews")
        assert result.exit_code == 2 and "has no word to look for" in result.stderr, empty


def test_search_reads_text_not_markup(invoke: Invoke, tmp_path: Path, cache: Path) -> None:
    """A tag's attributes and a link's address are not what a reader reads: not searched;
    the review's own bold never runs into a snippet's marks."""
    lede = (
        'See <a href="https://x.example/key" rel="noopener">the key art</a> and '
        "[the trailer](https://y.example/metric25). Then **Danmachi S5** aired. I <3 this"
        " show: Fern is the best mage, and Stark > Himmel.\n\n[ref]: https://youtube.example/x"
    )
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.", lede=lede)})
    for markup in ("noopener", "metric25", "youtube"):
        assert json.loads(invoke("search", markup, root / "reviews", "-f", "json").stdout) == []
    (hit,) = json.loads(invoke("search", "Danmachi", root / "reviews", "-f", "json").stdout)
    assert "**Danmachi** S5" in hit["snippet"] and "****" not in hit["snippet"]
    for text in ("trailer", "Fern", "mage"):
        assert json.loads(invoke("search", text, root / "reviews", "-f", "json").stdout), text


def test_an_uncut_warning_still_shows_the_closing_availability_line(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    text = (
        "---\ntitle: A\nstatus: published\n---\nA harbour story.\n\nSpoilers below the cut.\n\n"
        f"The harbour {SECRET}.\n\nA Harbour is currently available for streaming on Crunchyroll.\n"
    )
    root = make_archive(tmp_path / "a", {"anime/one.md": text})
    shown = invoke("show", root / "reviews" / "anime" / "one.md").stdout
    assert SECRET not in shown and "available for streaming on Crunchyroll" in shown


@pytest.mark.parametrize(
    "config", ["", 'spoiler_warning = ""\n'], ids=["house config", "adopted blog, no warning"]
)
def test_any_spoiler_promise_with_no_cut_hides_what_follows(
    invoke: Invoke, tmp_path: Path, cache: Path, config: str
) -> None:
    """A line that promises spoilers ("Spoilers ahead!", as SP006 finds it) in a review with
    no cut hides what follows in ``show`` and ``search``, whatever the configured warning
    (an adopted blog has none); one followed by a folded ``<details>`` hides nothing more,
    and "no spoilers ahead" promises none."""
    body = "---\ntitle: A\nstatus: published\n---\nA harbour story.\n\n**Spoilers ahead!**\n\n"
    root = make_archive(
        tmp_path / "a",
        {
            "anime/one.md": body + f"The harbour {SECRET}.\n",
            "anime/two.md": body.replace("harbour", "lighthouse")
            + f"<details>\n<summary>Ending</summary>\n\n{SECRET}\n\n</details>\n\nThe keeper.\n",
            "anime/three.md": "---\ntitle: C\nstatus: published\n---\nNo spoilers ahead.\n\n"
            "This review has no major spoilers ahead, I promise.\n\nI hate a spoiler warning.\n\n"
            "The quay is wet.\n",
        },
    )
    toml = root / "reviewctl.toml"
    toml.write_text(config + toml.read_text())  # top level, above the config's tables
    reviews = root / "reviews" / "anime"
    shown = invoke("show", reviews / "one.md").stdout
    assert "A harbour story" in shown and SECRET not in shown
    shown = invoke("show", reviews / "two.md").stdout
    assert "The keeper" in shown and SECRET not in shown
    assert "The quay is wet" in invoke("show", reviews / "three.md").stdout
    hits = json.loads(invoke("search", "harbour", root / "reviews", "-f", "json").stdout)
    assert hits and all(SECRET not in hit["snippet"] for hit in hits)
    assert json.loads(invoke("search", "quay", root / "reviews", "-f", "json").stdout)


@pytest.mark.parametrize(
    "promise",
    [
        "Very mild spoilers beyond this point!",  # real blogs' own forms (norswap, declantyson)
        "__SPOILERS START__",
        "**Warning, spoilers, blah, blah, blah.**",
        "Spoilers from here on.",
    ],
)
def test_a_blogs_own_promise_of_spoilers_hides_what_follows(
    invoke: Invoke, tmp_path: Path, cache: Path, promise: str
) -> None:
    """Promises written as blogs write them, upper case and underscores too: ``show``
    hides what follows and SP006 asks for a cut; "the spoilers start in episode 3" is
    prose, and promises nothing."""
    body = f"---\ntitle: A\nstatus: published\n---\nA harbour story.\n\n{promise}\n\n"
    root = make_archive(
        tmp_path / "a",
        {
            "anime/one.md": body + f"The harbour {SECRET}.\n",
            "anime/two.md": "---\ntitle: B\nstatus: published\n---\nA quay story.\n\n"
            "I think the spoilers start in episode 3, sadly.\n\nThe quay is wet.\n",
        },
    )
    reviews = root / "reviews" / "anime"
    shown = invoke("show", reviews / "one.md").stdout
    assert "A harbour story" in shown and SECRET not in shown
    assert "The quay is wet" in invoke("show", reviews / "two.md").stdout
    linted = invoke("lint", "--select", "SP006", reviews)
    assert linted.stdout.count("SP006") == 1 and "one.md:7:" in linted.stdout


def test_the_authors_html_comments_are_never_published(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """A note to self, a sentence put aside, a suppression comment: none reaches the site
    (pages, index, feed) or the WordPress fragment; WordPress's own markers and a script's
    code stay."""
    lede = "A harbour story. <!-- TODO check the studio's name -->"
    body = (
        "<!-- reviewctl: ignore TX005 -->\nThe keeper waits.\n\n"
        "<!--\nA sentence put aside for later.\n-->\n\n"
        "<script>var x = 1; <!-- kept: code --></script>\n\n<!--nextpage-->\n\nPage two.\n"
    )
    pictured = "![The quay](quay.png) A quay story. <!-- TODO crop the picture -->"
    root = make_archive(
        tmp_path / "a",
        {
            "anime/one.md": review(body, lede=lede),
            "anime/two.md": review("Other.", lede=pictured).replace("Test Show", "Quay"),
            "anime/quay.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    for fmt in ("html", "wordpress"):
        out = tmp_path / f"out-{fmt}"
        extra = ["--site"] if fmt == "html" else []
        assert invoke("export", root / "reviews", "--out", out, "-f", fmt, *extra).exit_code == 0
        published = "".join(p.read_text() for p in out.rglob("*") if p.suffix in (".html", ".xml"))
        for private in ("TODO", "put aside", "ignore TX005"):
            assert private not in published, (fmt, private)
        assert "A harbour story" in published and "The keeper waits" in published
        assert "<!-- kept: code -->" in published
    wordpress = (tmp_path / "out-wordpress" / "anime" / "one.html").read_text()
    assert "<!--nextpage-->" in wordpress and "<!--more-->" in wordpress


def test_a_typo_in_a_published_reviews_front_matter_keeps_its_page(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """A published review whose front matter stops parsing is reported (file and line, exit
    2) on every run, and its page, its place in the lists and the feed stay as the last
    export left them until the typo is mended."""
    root = make_archive(
        tmp_path / "a", {"anime/one.md": review("Body."), "anime/two.md": review("Other.")}
    )
    out = tmp_path / "site"
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    page = out / "anime" / "two" / "index.html"
    before = page.read_bytes()
    two = root / "reviews" / "anime" / "two.md"
    two.write_text(review("Other.").replace('"Anime Review: Test Show"', "Anime Review: Typo"))
    for _ in range(2):
        result = invoke("export", root / "reviews", "--out", out, "--site")
        assert result.exit_code == 2 and "two.md:2:" in result.stderr
        assert "its page from the last export stays" in result.stderr
        assert page.read_bytes() == before
        assert "anime/two/" in (out / "feed.xml").read_text()
    two.write_text(review("Mended.").replace("Test Show", "Mended Show"))
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    assert "Mended Show" in page.read_text()


def test_exporting_part_of_the_archive_never_takes_the_rest_of_the_site_down(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """One review exported into the folder that holds the whole site is refused (the others'
    pages would go as stale), naming a review it leaves out; --force does it; a review
    whose file is deleted still loses its page without --force."""
    root = make_archive(
        tmp_path / "a", {"anime/one.md": review("Body."), "anime/two.md": review("Other.")}
    )
    out = tmp_path / "site"
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    one, two = out / "anime" / "one" / "index.html", out / "anime" / "two" / "index.html"
    part = root / "reviews" / "anime" / "one.md"
    refused = invoke("export", part, "--out", out, "--site")
    assert refused.exit_code == 2 and "two.md" in refused.stderr and "--force" in refused.stderr
    assert one.is_file() and two.is_file()
    assert invoke("export", part, "--out", out, "--site", "--force").exit_code == 0
    assert one.is_file() and not two.exists()
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    (root / "reviews" / "anime" / "two.md").unlink()
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    assert one.is_file() and not two.exists()


def test_a_review_dated_after_today_waits_for_its_day(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A published review dated ahead is left out of the site (as Hugo and Jekyll leave it)
    and said to be, previewed with --drafts as a draft is, kept in the WordPress fragment
    (WordPress schedules it), and published by the first export on or after its day,
    though its file has not changed."""
    import datetime as dt

    ahead = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    root = make_archive(
        tmp_path / "a",
        {
            "anime/one.md": review("Body."),
            "anime/soon.md": review("Soon.").replace("2024-05-01", ahead),
        },
    )
    out = tmp_path / "site"
    result = invoke("export", root / "reviews", "--out", out, "--site")
    assert result.exit_code == 0 and "1 dated after today skipped" in result.stdout
    page = out / "anime" / "soon" / "index.html"
    assert not page.exists() and "soon" not in (out / "feed.xml").read_text()
    preview = tmp_path / "preview"
    assert invoke("export", root / "reviews", "--out", preview, "--site", "--drafts").exit_code == 0
    assert "Draft preview" in (preview / "anime" / "soon" / "index.html").read_text()
    wp = tmp_path / "wp"
    assert invoke("export", root / "reviews", "--out", wp, "-f", "wordpress").exit_code == 0
    assert (wp / "anime" / "soon.html").is_file()

    class Later(dt.date):
        @classmethod
        def today(cls) -> Later:
            return cls.fromisoformat(ahead)

    monkeypatch.setattr(dt, "date", Later)
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    assert page.is_file() and "anime/soon/" in (out / "feed.xml").read_text()


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_list_of_a_path_that_is_not_there_says_so_on_stderr_alone(
    invoke: Invoke, tmp_path: Path, cache: Path, fmt: str
) -> None:
    """A path that names no file is an error on stderr (its name, no made-up line), never a
    row of the listing; the reviews of the other paths are listed, exit 2."""
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    missing = tmp_path / "nope"
    alone = invoke("list", missing, "--format", fmt)
    assert alone.exit_code == 2 and "nope" not in alone.stdout
    assert alone.stderr.strip() == f"error: {missing}: no such file or directory"
    both = invoke("list", root / "reviews", missing, "--format", fmt)
    assert both.exit_code == 2 and "one.md" in both.stdout and "nope" not in both.stdout


def test_force_without_a_record_takes_away_previews_and_nothing_else(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After ``cache clear``, a forced export of one review removes what a --drafts preview
    left (the draft's page and the pictures it showed, from a subfolder too), and keeps the
    other reviews' published pages and an author's page made from a generated one."""
    draft = review("![The room](images/room.png) A secret room.").replace(
        "status: published", "status: draft"
    )
    root = make_archive(
        tmp_path / "a",
        {
            "anime/one.md": review("Body."),
            "anime/two.md": review("Other."),
            "anime/draft.md": draft,
            "anime/images/room.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    out = tmp_path / "site"
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    about = out / "about.html"
    about.write_text((out / "index.html").read_text().replace("<title>", "<title>About me "))
    assert invoke("export", root / "reviews", "--out", out, "--site", "--drafts").exit_code == 0
    picture = out / "anime" / "draft" / "images" / "room.png"
    assert picture.is_file()
    monkeypatch.chdir(root)
    assert invoke("cache", "clear").exit_code == 0
    one = root / "reviews" / "anime" / "one.md"
    assert invoke("export", one, "--out", out, "--site", "--force").exit_code == 0
    assert not (out / "anime" / "draft").exists()
    assert (out / "anime" / "two" / "index.html").is_file() and about.is_file()
    assert not [p for p in out.rglob("*") if p.is_file() and b"secret room" in p.read_bytes()]


def test_a_whole_archive_run_removes_the_page_of_a_review_it_now_excludes(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    root = make_archive(
        tmp_path / "a", {"anime/one.md": review("Body."), "anime/two.md": review("Other.")}
    )
    out = tmp_path / "site"
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    toml = root / "reviewctl.toml"
    toml.write_text('exclude = ["two.md"]\n' + toml.read_text())
    assert invoke("export", root / "reviews", "--out", out, "--site").exit_code == 0
    assert not (out / "anime" / "two").exists() and (out / "anime" / "one").is_dir()


def test_addresses_of_the_authors_files_go_from_every_attribute_and_text_stays(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """srcset, poster and a link to a file of this computer by its path lose their address,
    each warned of; text and code that merely look like an attribute stay as written."""
    notes = tmp_path / "notes.txt"
    notes.write_text("private\n")
    body = (
        '<img srcset="a.png 1x, file:///C:/Users/kit/pic.png 2x" alt="s">\n\n'
        '<video poster="file:///C:/Users/kit/p.png"></video>\n\n'
        f"See [my notes]({notes}) and [about](/about/).\n\n"
        "Code `<a href='notes.md'>` and the loader at src=C:\\Games\\Skyrim worked.\n"
    )
    root = make_archive(tmp_path / "a", {"anime/one.md": review(body)})
    out = tmp_path / "site"
    result = invoke("export", root / "reviews", "--out", out, "--site")
    assert result.exit_code == 0
    page = (out / "anime" / "one" / "index.html").read_text()
    assert "Users/kit" not in page and str(notes) not in page
    assert 'href="/about/"' in page and "my notes" in page
    assert "&lt;a href='notes.md'&gt;" in page and "src=C:\\Games\\Skyrim worked" in page
    assert f"published without its address: {notes}" in result.stderr
    assert "poster" not in page and "srcset" not in page


def test_a_file_whose_words_the_config_knows_needs_no_look_at_the_archive(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Linting one review (an editor's save) reads the other reviews' front matter only when
    the review has a word neither the dictionary nor the config knows: its spelling findings
    then depend on them. Either way the findings are a run's without the index."""
    from reviewctl.lint.vocabulary import RunVocabulary

    lede = "A spoiler-free opening about the show."
    plain = review("The pilots argue for the whole second half.", lede=lede)
    named = review("The pilota argue for the whole second half.", lede=lede)
    tagged = review("Quiet.").replace("tags: [test]", "tags: [test, pilota]")
    files = {"anime/plain.md": plain, "anime/named.md": named, "anime/tagged.md": tagged}
    root = make_archive(tmp_path / "a", files)
    looked: list[str] = []
    real = RunVocabulary.fingerprint

    def fingerprint(self: RunVocabulary, *args: Any, **kwargs: Any) -> str:
        looked.append(str(self.items))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(RunVocabulary, "fingerprint", fingerprint)

    def lint(name: str, *extra: str) -> list[Any]:
        result = invoke("lint", root / "reviews" / "anime" / name, "-f", "json", *extra)
        return [(d["code"], d["message"]) for d in json.loads(result.stdout)]

    for _ in ("cold", "warm"):
        assert lint("plain.md") == lint("plain.md", "--no-cache")
        assert looked == []
        assert lint("named.md") == lint("named.md", "--no-cache")  # pilota: known from a tag
        assert not [m for _, m in lint("named.md") if "pilota" in m]
        assert looked
        looked.clear()
    path = root / "reviews" / "anime" / "tagged.md"
    path.write_text(review("Quiet."))  # pilota leaves the vocabulary
    assert lint("plain.md") == lint("plain.md", "--no-cache") and looked == []
    assert [m for _, m in lint("named.md") if "pilota" in m]
    assert lint("named.md") == lint("named.md", "--no-cache")


def test_a_word_that_leaves_the_vocabulary_relints_the_reviews_that_used_it(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A review linted while the vocabulary knew its word keeps no place for that word; when
    the word leaves the vocabulary (its tag removed), that review is read again and the
    word is reported, as a run without the index reports it."""
    from reviewctl.lint.engine import Linter

    body = "The pilota argue for the whole second half."
    tagged = review("Quiet.").replace("tags: [test]", "tags: [test, pilota]")
    root = make_archive(tmp_path / "a", {"anime/one.md": review(body), "anime/two.md": tagged})
    linted: list[str] = []
    real = Linter.lint_path
    monkeypatch.setattr(
        Linter, "lint_path", lambda self, path: linted.append(path.name) or real(self, path)
    )

    def spelling(*extra: str) -> list[str]:
        result = invoke("lint", root / "reviews", "-f", "json", "--select", "TX005", *extra)
        return [d["message"] for d in json.loads(result.stdout)]

    assert not any("pilota" in m for m in spelling())
    (root / "reviews" / "anime" / "two.md").write_text(review("Quiet."))
    linted.clear()
    assert any("pilota" in m for m in spelling())
    assert sorted(linted) == ["one.md", "two.md"]
    assert spelling() == spelling("--no-cache")


# A word with an apostrophe inside (from another review's tags) and the word before it: which
# of them is a suspect decides which is located (the longest at a place), so a run that knew
# only the config's words at first would locate other words than one that knew them all.
_TAGGED_APOSTROPHE = '---\ntitle: Alpha\ntags: ["wizzard\'ly"]\n---\n\nSome text.\n'


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("WIZZARD is loud. The wizzard’ly hat.\n", ["5:22"]),
        ("Wizzard'ly hats are fine. Then Wizzard came.\n", []),
        ("The wizzard'ly hat was great. A wizzard came to town.\n", ["5:5", "5:33"]),
    ],
)
@pytest.mark.parametrize(("probe", "needy"), [(1, False), (21, False), (21, True)])
def test_a_suspect_that_hides_another_is_judged_as_a_run_that_knows_every_word_judges_it(
    invoke: Invoke,
    tmp_path: Path,
    cache: Path,
    text: str,
    found: list[str],
    probe: int,
    needy: bool,
) -> None:
    """Whether a file needs the archive's words is told by its suspects, not by the spots
    they leave: the findings are a run's that knows every word from the start, indexed or
    not, whole or file by file, with the file in the probe or after it (linted with the
    config's words first, or in all of them when a file of the probe needed them)."""
    files = {f"a{n:02}.md": f"---\ntitle: Review {n}\n---\n\nSome text about the game.\n"
             for n in range(probe)}  # fmt: skip
    files["a00.md"] = _TAGGED_APOSTROPHE
    if needy:  # a word only the archive knows, in the probe
        files["a00.md"] = _TAGGED_APOSTROPHE.replace("]", ", zorblax]").replace(
            "Some text.", "The zorblax is a fine fellow."
        )
    files["b.md"] = f"---\ntitle: Beta\n---\n\n{text}"
    root = make_archive(tmp_path / "a", files)
    reviews = root / "reviews"

    def spots(*args: object) -> list[str]:
        result = invoke("lint", *args, "-f", "json", "--exit-zero", "--select", "TX005,TX006")
        return [f"{d['line']}:{d['column']}" for d in json.loads(result.stdout)]

    assert spots(reviews / "b.md") == found  # first: b.md alone, with the index cold
    assert spots(reviews) == spots(reviews, "--no-cache") == found
    assert spots(reviews / "b.md", "--no-cache") == spots(reviews / "b.md") == found


@pytest.mark.parametrize("safe", [[], ["--safe"]])
def test_a_link_to_the_authors_file_is_its_text_not_an_empty_link(
    invoke: Invoke, tmp_path: Path, cache: Path, safe: list[str]
) -> None:
    """A link to a Markdown source or a file: address becomes its text: no ``<a>`` without an
    address is left (with --safe, the sanitiser would give it a rel, which HTML forbids)."""
    import re as regex

    body = "After [The Left Hand](../books/left.md) and [my notes](file:///home/kit/n.txt).\n"
    root = make_archive(tmp_path / "a", {"anime/one.md": review(body)})
    out = tmp_path / "site"
    assert invoke("export", root / "reviews", "--out", out, "--site", *safe).exit_code == 0
    for page in out.rglob("*.html"):
        for tag in regex.findall(r"<a\b[^>]*>", page.read_text()):
            assert "href=" in tag, (page, tag)
    text = (out / "anime" / "one" / "index.html").read_text()
    assert "After The Left Hand and my notes." in text


def test_a_snippet_shows_an_escaped_sign_as_the_page_does(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """``&lt;script&gt;`` in a review (as an import writes what WordPress showed as text)
    reads "<script>" on the page, and so in a snippet."""
    root = make_archive(
        tmp_path / "a",
        {"anime/one.md": review("Body.", lede="Never &lt;script&gt; &amp; lanterns.")},
    )
    hits = json.loads(invoke("search", "lanterns", root / "reviews", "-f", "json").stdout)
    assert "<script> & **lanterns**" in hits[0]["snippet"]


def test_compiled_templates_are_kept_in_the_index(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The export after an edit compiles no template an earlier export compiled; an edited
    theme template, a new reviewctl and a damaged row are compiled again, and every page is
    what a fresh compile makes."""
    import sqlite3

    import jinja2

    from reviewctl import index
    from reviewctl.config import load_config
    from reviewctl.export import ExportOptions, export

    compiled: list[str | None] = []
    original = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: str, name: str | None = None, *a: Any) -> Any:
        compiled.append(name)
        return original(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    root = make_archive(tmp_path / "a", {"anime/one.md": review("Body.")})
    theme = tmp_path / "theme"
    theme.mkdir()
    page = "{% extends 'base.html' %}{% block main %}<p>{{ review.title }} v1</p>{% endblock %}"
    (theme / "review.html").write_text(page)
    one = root / "reviews" / "anime" / "one.md"
    config = load_config(root)
    options = ExportOptions(out=tmp_path / "out", theme=theme)
    html = tmp_path / "out" / "anime" / "one" / "index.html"

    def edit_and_export(text: str) -> list[str | None]:
        one.write_text(one.read_text().replace("Body.", text))
        compiled.clear()
        assert export([root / "reviews"], config, options).rendered == 1
        return sorted(compiled, key=str)

    assert "review.html" in edit_and_export("Body one.")  # the first export compiles
    assert edit_and_export("Body two.") == []  # the next compiles nothing
    assert "Test Show v1" in html.read_text() and "Body" not in html.read_text()
    (theme / "review.html").write_text(page.replace("v1", "v2"))
    assert edit_and_export("Body three.") == ["review.html"]
    assert "Test Show v2" in html.read_text()
    (db,) = cache.glob("index-*.sqlite")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE rows SET data = substr(data, 1, 40) WHERE kind = 'template'")
    assert "review.html" in edit_and_export("Body four.")  # damaged: compiled again
    assert "Test Show v2" in html.read_text()
    index.package_fingerprint.cache_clear()
    monkeypatch.setattr(index, "package_fingerprint", lambda: "compiler changed")
    monkeypatch.setattr("reviewctl.export.run.package_fingerprint", lambda: "compiler changed")
    assert "review.html" in edit_and_export("Body five.")


def _hits(invoke: Invoke, *args: str | Path) -> list[tuple[str, float]]:
    found = json.loads(invoke("search", *args, "--format", "json").stdout)
    return [(Path(h["path"]).name, round(h["rank"], 9)) for h in found]


def test_equal_search_hits_come_in_file_order_with_the_index_or_without(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """Ties are not broken by when a review was last indexed: ``--limit`` takes the same."""
    root = make_archive(tmp_path / "a", {f"film/{n}.md": review("A harbour story.") for n in "abc"})
    assert _hits(invoke, "harbour", root, "--limit", "1")[0][0] == "a.md"
    a = root / "reviews" / "film" / "a.md"
    a.write_text(a.read_text().replace("2024-05-01", "2024-05-02"))  # indexed again, last
    for limit in ("1", "2", "3"):
        with_index = _hits(invoke, "harbour", root, "--limit", limit)
        assert with_index == _hits(invoke, "harbour", root, "--limit", limit, "--no-cache")
        assert [name for name, _ in with_index] == ["a.md", "b.md", "c.md"][: int(limit)]


def test_a_search_of_the_archive_forgets_files_it_no_longer_walks(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """Excluded since, or left behind by a moved ``reviews_dir``: their words would weigh in
    the ranking, which then differs from a search without the index."""
    import sqlite3

    files = {
        "film/f1.md": review("alpha alpha alpha alpha alpha alpha beta."),
        "film/f2.md": review("alpha beta beta filler filler filler."),
        **{f"film/f{i}.md": review(f"nothing of note {i}.") for i in range(3, 7)},
        **{f"anime/a{i}.md": review(f"alpha is common {i}.") for i in range(1, 9)},
    }
    root = make_archive(tmp_path / "a", files)
    invoke("search", "alpha beta", root)
    config = root / "reviewctl.toml"
    config.write_text(
        config.read_text().replace(
            'reviews_dir = "reviews"', 'reviews_dir = "reviews"\nexclude = ["reviews/anime/**"]'
        )
    )
    with_index = _hits(invoke, "alpha beta", root)
    assert with_index == _hits(invoke, "alpha beta", root, "--no-cache")
    assert [name for name, _ in with_index] == ["f1.md", "f2.md"]
    (db,) = cache.glob("index-*.sqlite")
    with sqlite3.connect(db) as conn:
        held = [p for (p,) in conn.execute("SELECT path FROM docs_text")]
    assert held and not any("anime" in p for p in held)


@pytest.mark.parametrize(
    "damage",
    [
        *(f"DROP TABLE {t}" for t in ("docs", "docs_text", "docs_idx", "docs_config")),
        *(f"DROP TABLE {t}" for t in ("rows", "meta", "exports")),
        "UPDATE docs_config SET v = 99 WHERE k = 'version'",
        "DELETE FROM docs_config",
        "DELETE FROM docs_data",
    ],
)
def test_an_index_that_lost_or_damaged_a_table_is_built_again_and_search_still_finds(
    invoke: Invoke, tmp_path: Path, cache: Path, damage: str
) -> None:
    """A table dropped (the index's own, the full-text table or one of its own tables), or a
    full-text table's own tables damaged: said once, the index built again, and meanwhile
    the same answer (it answered "no matches", or left the index unused on every run)."""
    import sqlite3

    root = make_archive(tmp_path / "a", {"anime/one.md": review("A lighthouse keeper.")})
    assert _hits(invoke, "lighthouse", root)
    (db,) = cache.glob("index-*.sqlite")
    with sqlite3.connect(db) as conn:
        conn.execute(damage)
    result = invoke("search", "lighthouse", root, "--format", "json")
    assert [Path(h["path"]).name for h in json.loads(result.stdout)] == ["one.md"]
    assert "index was damaged; re" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    again = invoke("search", "lighthouse", root, "--format", "json")
    assert [Path(h["path"]).name for h in json.loads(again.stdout)] == ["one.md"]
    assert again.stderr == ""


def test_a_search_of_named_folders_needs_no_reviews_folder(
    invoke: Invoke, tmp_path: Path, cache: Path
) -> None:
    """Whether a search covers the archive is asked of its reviews folder: one the config
    names that is not there is no error for a search of other folders."""
    root = tmp_path / "a"
    (root / "other").mkdir(parents=True)
    (root / "reviewctl.toml").write_text('reviews_dir = "reviews"\n')
    (root / "other" / "x.md").write_text("---\ntitle: X\n---\nhello world\n")
    result = invoke("search", "hello", root / "other", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [Path(h["path"]).name for h in json.loads(result.stdout)] == ["x.md"]


def test_a_warm_search_reads_no_review_and_leaves_the_structure_scan_unimported(
    tmp_path: Path, cache: Path
) -> None:
    """What a review holds is read only for the files that changed (bench_index: a warm
    search no longer imports the scan, ~20 ms of its start-up)."""
    root = make_archive(tmp_path / "a", {"anime/one.md": review("A lighthouse keeper.")})
    env = {**os.environ, "REVIEWCTL_CACHE_DIR": str(cache)}
    command = [sys.executable, "-X", "importtime", "-m", "reviewctl", "search", "lighthouse"]

    def imported() -> str:
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, timeout=120)
        assert done.returncode == 0 and b"one.md" in done.stdout, done.stderr
        return done.stderr.decode()

    assert "reviewctl.structure" in imported()  # cold: the review is read
    assert "reviewctl.structure" not in imported()
    (root / "reviews" / "anime" / "one.md").write_text(review("A lighthouse pilot."))
    assert "reviewctl.structure" in imported()


@pytest.mark.parametrize(
    "text",
    [
        "WIZZARD is loud. The wizzard’ly hat.\n",
        "Wizzard'ly hats are fine. Then Wizzard came.\n",
        "The wizzard'ly hat was great. A wizzard came to town.\n",
    ],
)
def test_a_word_that_enters_the_vocabulary_and_held_another_relints_the_review(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    """A remembered review is judged again from its spots when the vocabulary changes, but a
    spot that hid a shorter word (``wizzard`` in ``wizzard'ly``) loses it: once the longer
    word is known (another review's tag), that review is read again, and its findings are
    those of a run without the index. A word entering that hid nothing reads it not."""
    from reviewctl.lint.engine import Linter

    plain = "---\ntitle: Alpha\ntags: [test]\n---\n\nSome text.\n"
    root = make_archive(tmp_path / "a", {"a.md": plain, "b.md": f"---\ntitle: Beta\n---\n\n{text}"})
    reviews = root / "reviews"
    linted: list[str] = []
    real = Linter.lint_path
    monkeypatch.setattr(
        Linter, "lint_path", lambda self, path: linted.append(path.name) or real(self, path)
    )

    def spots(*args: object) -> list[str]:
        result = invoke("lint", *args, "-f", "json", "--exit-zero", "--select", "TX005,TX006")
        return [f"{d['line']}:{d['column']}" for d in json.loads(result.stdout)]

    assert spots(reviews) == spots(reviews, "--no-cache")
    (reviews / "a.md").write_text(plain.replace("[test]", "[test, zorblax]"))
    linted.clear()
    indexed = spots(reviews)
    assert linted == ["a.md"]  # b.md judged again, unread
    assert indexed == spots(reviews, "--no-cache")
    (reviews / "a.md").write_text(_TAGGED_APOSTROPHE)
    linted.clear()
    indexed = spots(reviews)
    assert sorted(linted) == ["a.md", "b.md"]
    assert indexed == spots(reviews, "--no-cache")
    (reviews / "a.md").write_text(plain)
    assert spots(reviews) == spots(reviews, "--no-cache")


def test_a_vocabulary_change_takes_the_far_suggestions_from_the_index(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new review's tags change the vocabulary, and every spot is judged again: the
    dictionary words two edits from a misspelling ("magnifcentt" → "magnificent") depend on
    the dictionary alone, so a later run (another process) takes them from the index
    instead of searching the dictionary again, and says the same."""
    from reviewctl.lint.rules import spelling

    root = make_archive(
        tmp_path / "a",
        {
            "anime/one.md": review("A magnifcentt ending."),
            "anime/two.md": review("Quiet."),
        },
    )
    two = root / "reviews" / "anime" / "two.md"

    def messages(*extra: str) -> list[str]:
        result = invoke("lint", root / "reviews", "-f", "json", "--select", "TX005", *extra)
        return [d["message"] for d in json.loads(result.stdout)]

    first = messages()
    assert first == ["unknown word 'magnifcentt' (did you mean 'magnificent'?)"]
    two.write_text(review("Quiet.").replace("tags: [test]", "tags: [test, lanterns]"))
    assert messages() == first  # judged again: the search is kept
    searched: list[str] = []
    real = spelling._search_two_edits
    monkeypatch.setattr(
        spelling, "_search_two_edits", lambda w, lang: searched.append(w) or real(w, lang)
    )
    monkeypatch.setattr(spelling, "_FAR", {})  # a new process
    two.write_text(review("Quiet.").replace("tags: [test]", "tags: [test, harbours]"))
    assert messages() == first and searched == []
    monkeypatch.setattr(spelling, "_FAR", {})
    assert messages("--no-cache") == first and searched == ["magnifcentt"]  # searched


def test_the_far_searches_a_cold_runs_workers_make_are_kept(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cold run over many reviews lints them in worker processes: the far searches they
    make come back with their results and are kept in the index, so the first vocabulary
    change after it searches nothing again (1,640 real posts: 2.6 s → 1.0 s)."""
    from reviewctl.lint.rules import spelling

    monkeypatch.setattr("reviewctl.batch.PARALLEL_THRESHOLD", 2)
    # the first review is linted alone, and holds a word the vocabulary may know: the others
    # are linted in the whole vocabulary, in the workers, once and for all
    monkeypatch.setattr("reviewctl.lint.engine.PROBE", 1)
    monkeypatch.setattr(spelling, "_FAR", {})  # this process has searched nothing yet
    root = make_archive(
        tmp_path / "a",
        {
            "anime/a.md": review("A glimmerwick ending."),
            "anime/b.md": review("A magnifcentt ending."),
            "anime/c.md": review("Quiet."),
        },
    )
    args = ("lint", root / "reviews", "-f", "json", "--select", "TX005", "--jobs", "2")
    first = invoke(*args).stdout
    assert "'magnifcentt' (did you mean 'magnificent'?)" in first
    searched: list[str] = []
    real = spelling._search_two_edits
    monkeypatch.setattr(
        spelling, "_search_two_edits", lambda w, lang: searched.append(w) or real(w, lang)
    )
    monkeypatch.setattr(spelling, "_FAR", {})  # a new process
    c = root / "reviews" / "anime" / "c.md"
    c.write_text(review("Quiet.").replace("tags: [test]", "tags: [test, harbours]"))
    assert invoke(*args).stdout == first and searched == []


@pytest.mark.parametrize("kept", ['{"magnifcentt": [1, 2]}', '["magnificent"]', "{oops"])
def test_a_far_suggestions_row_of_another_shape_is_searched_again(
    invoke: Invoke, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, kept: str
) -> None:
    """A damaged ``far`` row in the index is no answer: the word is searched again, and the
    findings are a run's without the index, never a traceback."""
    import sqlite3

    from reviewctl.lint.rules import spelling

    monkeypatch.setattr(spelling, "_FAR", {})  # this process has searched nothing yet
    root = make_archive(tmp_path / "a", {"anime/one.md": review("A magnifcentt ending.")})
    first = invoke("lint", root / "reviews", "-f", "json", "--select", "TX005").stdout
    (index,) = cache.glob("index-*.sqlite")
    with sqlite3.connect(index) as db:
        db.execute("DELETE FROM rows WHERE kind = 'lint'")  # linted again
        assert db.execute("UPDATE rows SET data = ? WHERE kind = 'far'", (kept,)).rowcount == 1
    monkeypatch.setattr(spelling, "_FAR", {})  # a new process
    again = invoke("lint", root / "reviews", "-f", "json", "--select", "TX005")
    assert again.exception is None and again.stdout == first and "magnificent" in first
