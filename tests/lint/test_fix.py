"""--fix and --diff: only the reported spans change, every other byte stays, fixes converge."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from reviewctl.lint import Edit, Fix, Linter, Selection
from reviewctl.lint.fix import apply_fixes, fix_file
from tests.conftest import Invoke
from tests.lint.helpers import GOOD, config, lint_text, make_archive, variant

FOOTER = "Patreon: https://www.patreon.com/example\nKo-Fi: https://ko-fi.com/example\n"

FIXABLE = {
    "SP001": variant(("Spoilers below the cut.\n\n<!--more-->\n", "Spoilers below the cut.\n")),
    "SP002": variant(("but twelve episodes", "but\n\n<!--more-->\n\ntwelve episodes")),
    "SP003": variant(("Spoilers below the cut.\n\n", "")),
    "SP003-joined": variant(("system.\n\nSpoilers below the cut.\n\n", "system.\n")),
    "SL001": variant((FOOTER, "")),
    "SL001-no-final-newline": variant((FOOTER, "")).rstrip("\n"),
    "SL002": variant(("Patreon: https://www.patreon.com/example\n", "")),
    "SL002-list": variant(
        (FOOTER, "- Ko-Fi: https://ko-fi.com/example\n- Mastodon: https://mastodon.social/@me\n")
    ),
    "SL003": variant(("https://www.patreon.com/example\nKo", "http://www.patreon.com/example\nKo")),
    # the scheme alone changes: the rest is the author's, as written
    "SL003-as-written": variant(
        ("https://www.patreon.com/example\nKo", "HTTP://Patreon.com/Example/\nKo")
    ),
}


@pytest.mark.parametrize("name", sorted(FIXABLE))
def test_each_fix(name: str, tmp_path: Path, snapshot: SnapshotAssertion) -> None:
    code = name.split("-")[0]
    path = tmp_path / "review.md"
    path.write_text(FIXABLE[name])
    (tmp_path / "rouge.jpg").write_bytes(b"")  # the review's picture
    linter = Linter(config())
    before = linter.lint_path(path).findings
    assert any(f.code == code and f.fixable for f in before)
    result = fix_file(path, linter)
    assert result is not None and result.changed
    assert code in {f.code for f in result.applied}
    assert not any(f.code == code for f in result.remaining)
    assert not any(f.fixable for f in result.remaining)
    assert result.diff("review.md") == snapshot
    # the fixed review is exactly as clean as the reference one
    assert [f.code for f in result.remaining] == [f.code for f in lint_text(GOOD)]


def _crlf_bom(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")


def test_fix_round_trip_keeps_bom_crlf_and_untouched_bytes(invoke: Invoke, tmp_path: Path) -> None:
    broken = variant(
        ("Spoilers below the cut.\n\n<!--more-->\n", "Spoilers below the cut.\n"),
        ("Patreon: https://www.patreon.com/example\n", "Patreon: http://www.patreon.com/example\n"),
        ("Ko-Fi: https://ko-fi.com/example\n", ""),
        ("with her handler Naomi.", "with her handler Naomi, from Magnetic Rouge."),
    )
    root = make_archive(tmp_path / "blog", {"rouge.md": _crlf_bom(broken)})
    path = root / "reviews" / "rouge.md"
    original = path.read_bytes()

    first = invoke("lint", "--format", "json", path)
    import json

    reported = json.loads(first.stdout)
    fixable_lines = {d["line"] for d in reported if d["fixable"]}
    assert {d["code"] for d in reported if d["fixable"]} == {"SP001", "SL002", "SL003"}

    result = invoke("lint", "--fix", path)
    assert "Fixed 3 findings." in result.stdout
    assert result.exit_code == 0  # only the TX001 warning is left
    fixed = path.read_bytes()
    assert fixed.startswith(b"\xef\xbb\xbf") and not fixed.startswith(b"\xef\xbb\xbf" * 2)
    assert b"\n" not in fixed.replace(b"\r\n", b"")  # every line ending is still CRLF

    old_lines = original[3:].split(b"\r\n")
    new_lines = fixed[3:].split(b"\r\n")
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    touched = set()
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            touched.update(range(i1 + 1, max(i2, i1 + 1) + 1) if tag != "insert" else {i1})
    assert touched, "the fix changed nothing"
    # every changed line is a reported line (or the line right after, for insertions)
    assert touched <= fixable_lines | {n + 1 for n in fixable_lines}

    second = invoke("lint", "--format", "json", path)
    assert not any(d["fixable"] for d in json.loads(second.stdout))
    assert [d["code"] for d in json.loads(second.stdout)] == ["TX001"]
    invoke("lint", "--fix", path)
    assert path.read_bytes() == fixed  # nothing left to fix: not a byte changes


def test_diff_prints_and_writes_nothing(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_archive(tmp_path / "blog", {"rouge.md": FIXABLE["SL001"], "clean.md": GOOD})
    monkeypatch.chdir(root)
    before = (root / "reviews" / "rouge.md").read_bytes()
    result = invoke("lint", "--diff")
    assert result.exit_code == 1
    assert (root / "reviews" / "rouge.md").read_bytes() == before
    assert result.stdout.startswith("--- reviews/rouge.md\n+++ reviews/rouge.md\n")
    added = [
        line
        for line in result.stdout.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    assert added == [
        "+Patreon: https://www.patreon.com/example",
        "+Ko-Fi: https://ko-fi.com/example",
    ]
    assert "Would fix 1 finding in 1 file(s)." in result.stderr
    clean = invoke("lint", "--diff", "reviews/clean.md")
    assert clean.exit_code == 0 and clean.stdout == ""


def test_footer_fix_keeps_what_else_the_footer_holds(invoke: Invoke, tmp_path: Path) -> None:
    """SL002's fix keeps a reference definition between the footer's links where it is, and
    the blank lines between links that were paragraphs of their own: only the missing link
    is new."""
    text = GOOD.replace("The animation is great", "The [animation][s] is great").replace(
        "Patreon: https://www.patreon.com/example\nKo-Fi: https://ko-fi.com/example\n",
        "Patreon: https://www.patreon.com/example\n\n[s]: https://example.org/\n\n"
        "Ko-Fi: https://ko-fi.com/example\n",
    )
    root = make_archive(tmp_path / "blog", {"rouge.md": text})
    config = root / "reviewctl.toml"
    config.write_text(
        config.read_text().replace(
            "[lint.spelling]",
            '[[support_links]]\nlabel = "Twitch"\nurl = "https://twitch.tv/example"\n\n[lint.spelling]',
        )
    )
    path = root / "reviews" / "rouge.md"
    result = invoke("lint", "--fix", "--select", "SL002", path)
    assert result.exit_code == 0, result.output
    fixed = path.read_text(encoding="utf-8")
    assert fixed.endswith(
        "Patreon: https://www.patreon.com/example\n\n[s]: https://example.org/\n\n"
        "Ko-Fi: https://ko-fi.com/example\n\nTwitch: https://twitch.tv/example\n"
    ), fixed[-200:]


def test_footer_fix_keeps_a_link_whose_label_only_contains_a_configured_one(
    invoke: Invoke, tmp_path: Path
) -> None:
    """A missing "X" link is added; the author's Letterboxd line stays ("x" is a part of a
    word there, not the label). A line under a configured label at another address is
    replaced, and the finding says so."""
    text = GOOD.replace(
        "Ko-Fi: https://ko-fi.com/example\n",
        "Ko-Fi: https://ko-fi.com/old-name\nLetterboxd: https://letterboxd.com/kit\n"
        "X (formerly Twitter): https://twitter.com/kit\n",
    )
    root = make_archive(tmp_path / "blog", {"rouge.md": text})
    config = root / "reviewctl.toml"
    config.write_text(
        config.read_text().replace(
            "[lint.spelling]",
            '[[support_links]]\nlabel = "X"\nurl = "https://x.com/example"\n\n[lint.spelling]',
        )
    )
    path = root / "reviews" / "rouge.md"
    messages = [
        line
        for line in invoke("lint", "--select", "SL002", path).stdout.splitlines()
        if "SL002" in line
    ]
    assert len(messages) == 2, messages
    assert any("'X'" in m and "replaced" not in m for m in messages)
    assert any(
        "'Ko-Fi'" in m and "('Ko-Fi' at https://ko-fi.com/old-name) is replaced" in m
        for m in messages
    )
    assert invoke("lint", "--fix", "--select", "SL002", path).exit_code == 0
    assert path.read_text(encoding="utf-8").endswith(
        "Patreon: https://www.patreon.com/example\nKo-Fi: https://ko-fi.com/example\n"
        "X: https://x.com/example\nLetterboxd: https://letterboxd.com/kit\n"
        "X (formerly Twitter): https://twitter.com/kit\n"  # another site under the name: kept
    )


def test_diff_counts_lines_as_patch_does(invoke: Invoke, tmp_path: Path) -> None:
    """A form feed, NEL or U+2028 inside a line is no line break to ``patch``: each hunk's
    old lines are the file's lines at the numbers its header gives."""
    text = variant(("Spoilers below the cut.\n\n<!--more-->\n", "Spoilers below the cut.\n"))
    text = text.replace("a journey", "a\x0cjourney\u2028and\x85back")
    root = make_archive(tmp_path / "blog", {"rouge.md": text})
    path = root / "reviews" / "rouge.md"
    diff = invoke("lint", "--diff", "--select", "SP001", path).stdout
    assert "\\ No newline" not in diff
    original = path.read_text(encoding="utf-8").split("\n")
    header, *body = diff.split("\n@@ ", 1)[1].split("\n")
    old = header.split(" ")[0]  # -START,COUNT
    start, count = (int(x) for x in old[1:].split(","))
    before = [line[1:] for line in body if line[:1] in (" ", "-")]
    assert len(before) == count and before == original[start - 1 : start - 1 + count]


def test_fix_keeps_file_mode(invoke: Invoke, tmp_path: Path) -> None:
    root = make_archive(tmp_path / "blog", {"rouge.md": FIXABLE["SP003"]})
    path = root / "reviews" / "rouge.md"
    path.chmod(0o640)
    invoke("lint", "--fix", path)
    assert path.stat().st_mode & 0o777 == 0o640
    assert "Spoilers below the cut.\n\n<!--more-->" in path.read_text()


def test_suppressed_findings_are_not_fixed(invoke: Invoke, tmp_path: Path) -> None:
    text = FIXABLE["SL001"].replace(
        "---\n\nMetallic Rouge is",
        "---\n\n<!-- reviewctl: ignore-file SL001 -->\n\nMetallic Rouge is",
        1,
    )
    assert "ignore-file" in text
    root = make_archive(tmp_path / "blog", {"rouge.md": text})
    path = root / "reviews" / "rouge.md"
    result = invoke("lint", "--fix", path)
    assert path.read_text() == text
    assert result.stdout == "All checks passed! (1 file checked)\n"


def test_apply_fixes_defers_overlapping_edits() -> None:
    text = "abcdef"
    first = Fix((Edit(1, 3, "X"),))
    clash = Fix((Edit(2, 4, "Y"),))
    insert_at_edge = Fix((Edit(3, 3, "Z"),))
    apart = Fix((Edit(5, 5, "!"),))
    out, taken = apply_fixes(text, [first, clash, insert_at_edge, apart, first])
    assert out == "aXde!f"
    assert taken == [first, apart]


@pytest.mark.parametrize(
    "front", ['---\ntitle: "Foo"\ndate: 2020-01-01\n\n', "---\ntitle: Anime Review: Foo\n---\n"]
)
def test_no_fix_in_a_file_whose_front_matter_does_not_parse(
    invoke: Invoke, tmp_path: Path, front: str
) -> None:
    """Front matter never closed, or not YAML: where the body starts is a guess, so nothing
    is offered to fix (a footer appended there would become front matter once the author
    closes the block) and --fix leaves the file as it was."""
    root = make_archive(tmp_path / "blog", {"u.md": front + "A lede.\n\nBody.\n"})
    path = root / "reviews" / "u.md"
    before = path.read_bytes()
    reported = invoke("lint", path).stdout
    assert "FM002" in reported and "[*]" not in reported
    invoke("lint", "--fix", path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "ending",
    [
        "Support me:\nPatreon: https://www.patreon.com/example\n",
        "Thanks for reading! [Patreon](https://www.patreon.com/example) | [Blog](https://b.example)\n",
        "Find me on [Patreon][p].\n\n[p]: https://www.patreon.com/example\n",
    ],
)
def test_no_footer_is_appended_where_a_support_link_is_already_written(
    invoke: Invoke, tmp_path: Path, ending: str
) -> None:
    """A footer of another shape (a lead-in line, links in a sentence, a reference link) is
    still reported by SL001, without a fix: appending the footer would repeat the link."""
    text = GOOD.replace(FOOTER, ending)
    assert text != GOOD
    root = make_archive(tmp_path / "blog", {"rouge.md": text})
    path = root / "reviews" / "rouge.md"
    reported = invoke("lint", "--select", "SL001", path).stdout
    assert "SL001" in reported and "[*]" not in reported and "is in the text" in reported
    invoke("lint", "--fix", "--select", "SL001", path)
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.parametrize(
    ("lede", "fixed"),
    [
        (
            "- The first point.\n\n  <!--more-->\n- The second.\n",
            "- The first point.\n\n  Spoilers below the cut.\n\n  <!--more-->\n- The second.\n",
        ),
        (
            "- The first point.\n  <!--more-->\n- The second.\n",
            "- The first point.\n\n  Spoilers below the cut.\n\n  <!--more-->\n- The second.\n",
        ),
    ],
)
def test_spoiler_warning_goes_inside_the_list_item_that_holds_the_cut(
    tmp_path: Path, lede: str, fixed: str
) -> None:
    """SP003 inserts the warning at the cut's own indentation: written at the margin it
    would end the list the cut is in (the rest of the list would render as a new one)."""
    head = '---\ntitle: "Anime Review: X"\nwork: X\nmedium: anime\nstatus: draft\n---\n'
    path = tmp_path / "review.md"
    path.write_text(head + lede)
    result = fix_file(path, Linter(config(), Selection(select=("SP003",))))
    assert result is not None and [f.code for f in result.applied] == ["SP003"]
    assert result.fixed.decode() == head + fixed


@pytest.mark.parametrize("mark", ["  ", "\\", "<br>"])
def test_footer_fix_ends_its_lines_with_the_footers_hard_breaks(
    invoke: Invoke, tmp_path: Path, mark: str
) -> None:
    """A footer whose lines end in hard breaks (so Markdown shows one link a line) keeps
    them: the line SL002 adds gets one, and so does the author's last line once another
    follows it; a line without would be run together with the next."""
    footer = "Patreon: https://www.patreon.com/example\nKo-Fi: https://ko-fi.com/example\n"
    text = GOOD.replace(footer, f"Patreon: https://www.patreon.com/example{mark}\n"
                        "Mastodon: https://mastodon.social/@example\n")  # fmt: skip
    root = make_archive(tmp_path / "blog", {"rouge.md": text})
    path = root / "reviews" / "rouge.md"
    result = invoke("lint", "--fix", "--select", "SL002", path)
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8").endswith(
        f"Patreon: https://www.patreon.com/example{mark}\nKo-Fi: https://ko-fi.com/example{mark}\n"
        "Mastodon: https://mastodon.social/@example\n"
    )


def test_fix_reports_what_lint_would_after_it(invoke: Invoke, tmp_path: Path) -> None:
    """A name two reviews share is no misspelling once every file is linted: ``--fix``
    withdraws it from what it reports left, as a plain ``lint`` does."""
    name = "Ursurpers"
    one = variant(("with her handler Naomi.", f"with her handler Naomi and {name}."),
                  ("https://www.patreon.com/example\nKo", "http://www.patreon.com/example\nKo"))  # fmt: skip
    two = variant(("with her handler Naomi.", f"with her handler Naomi and {name}."))
    root = make_archive(tmp_path / "blog", {"one.md": one, "two.md": two})
    plain = invoke("lint", "--select", "TX005,SL003", root / "reviews")
    assert name not in plain.stdout and "SL003" in plain.stdout
    fixed = invoke("lint", "--fix", "--select", "TX005,SL003", root / "reviews")
    assert "Fixed 1 finding" in fixed.stdout and name not in fixed.stdout, fixed.stdout


THREE = (
    '[[support_links]]\nlabel = "Patreon"\nurl = "https://patreon.com/me"\n'
    '[[support_links]]\nlabel = "Ko-Fi"\nurl = "https://ko-fi.com/me"\n'
    '[[support_links]]\nlabel = "Twitch"\nurl = "https://twitch.tv/me"\n'
)
HEAD = "---\r\ntitle: X\r\n---\r\n\r\nLede.\r\n\r\nSpoilers below the cut.\r\n\r\n<!--more-->\r\n\r\nBody."


@pytest.mark.parametrize(
    ("footer", "fixed"),
    [
        # CRLF above, LF in the footer: each line keeps its own ending, the new one the LF's
        ("\r\n\r\nPatreon: https://patreon.com/me\nKo-Fi: https://ko-fi.com/me\n",
         "\r\n\r\nPatreon: https://patreon.com/me\nKo-Fi: https://ko-fi.com/me\n"
         "Twitch: https://twitch.tv/me\n"),
        # out of config order, a footnote between: nothing moves, Twitch goes after both
        ("[^1]\r\n\r\nKo-Fi: https://ko-fi.com/me\r\n\r\n[^1]: A note.\r\n\r\n"
         "Patreon: https://patreon.com/me\r\n",
         "[^1]\r\n\r\nKo-Fi: https://ko-fi.com/me\r\n\r\n[^1]: A note.\r\n\r\n"
         "Patreon: https://patreon.com/me\r\n\r\nTwitch: https://twitch.tv/me\r\n"),
        # a first link missing goes before the footer's first; hard breaks kept on each line
        ("\r\n\r\nKo-Fi: https://ko-fi.com/me  \r\nTwitch: https://twitch.tv/me",
         "\r\n\r\nPatreon: https://patreon.com/me  \r\nKo-Fi: https://ko-fi.com/me  \r\n"
         "Twitch: https://twitch.tv/me"),
        # a line at an old address is replaced in place, and the first link goes before it
        ("\r\n\r\nKo-Fi: https://ko-fi.com/old\r\nTwitch: https://twitch.tv/me\r\n",
         "\r\n\r\nPatreon: https://patreon.com/me\r\nKo-Fi: https://ko-fi.com/me\r\n"
         "Twitch: https://twitch.tv/me\r\n"),
        ("\r\n\r\nPatreon: https://patreon.com/me\\\r\nKo-Fi: https://ko-fi.com/me",
         "\r\n\r\nPatreon: https://patreon.com/me\\\r\nKo-Fi: https://ko-fi.com/me\\\r\n"
         "Twitch: https://twitch.tv/me"),
    ],
)  # fmt: skip
def test_the_footer_fix_adds_the_missing_lines_and_changes_no_other_byte(
    invoke: Invoke, tmp_path: Path, footer: str, fixed: str
) -> None:
    (tmp_path / "reviewctl.toml").write_text('reviews_dir = "."\n' + THREE)
    path = tmp_path / "x.md"
    path.write_bytes((HEAD + footer).encode())
    assert invoke("lint", "--fix", "--select", "SL002", path).exit_code in (0, 1)
    assert path.read_bytes().decode() == HEAD + fixed


def test_a_review_saved_while_it_is_fixed_keeps_the_save(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fix was worked out from the file as read: a save made since is not overwritten
    (the file is left as saved, and said to have changed)."""
    from reviewctl.lint import fix

    root = make_archive(tmp_path / "blog", {"rouge.md": FIXABLE["SP001"]})
    path = root / "reviews" / "rouge.md"
    worked_out = fix.fix_file

    def meanwhile(*args: object) -> fix.FixResult | None:
        result = worked_out(*args)  # type: ignore[arg-type]
        with path.open("a") as file:  # the author saves in an editor
            file.write("\nA paragraph written during the fix.\n")
        return result

    monkeypatch.setattr(fix, "fix_file", meanwhile)
    result = invoke("lint", "--fix", path)
    assert path.read_text().endswith("\nA paragraph written during the fix.\n")
    assert path.read_text().startswith(FIXABLE["SP001"])  # not fixed either: as saved
    assert "rouge.md: cannot write the fix: " in result.stderr
    assert "changed on disk while reviewctl worked on it" in result.stderr
    assert "Traceback" not in result.output and result.exit_code != 0


def test_a_review_reached_through_a_symlink_too_is_fixed_once(
    invoke: Invoke, tmp_path: Path
) -> None:
    root = make_archive(tmp_path / "blog", {"rouge.md": FIXABLE["SP001"]})
    reviews = root / "reviews"
    (reviews / "alias.md").symlink_to("rouge.md")
    diff = invoke("lint", "--diff", reviews)
    assert diff.stdout.count("@@ ") == 1  # one hunk: patch would apply it twice
    result = invoke("lint", "--fix", reviews)
    assert "Fixed 1 finding." in result.stdout
    assert "SP001" not in result.stdout  # fixed, not said to be still there
    assert "SP001" not in invoke("lint", reviews).stdout


@pytest.mark.parametrize("args", [["--format", "json"], ["--format", "github"], ["--statistics"]])
def test_a_fix_under_a_data_format_is_said_on_stderr(
    invoke: Invoke, tmp_path: Path, args: list[str]
) -> None:
    root = make_archive(tmp_path / "blog", {"rouge.md": FIXABLE["SP001"]})
    result = invoke("lint", "--fix", *args, root / "reviews")
    assert result.stderr == "Fixed 1 finding.\n" and "Fixed" not in result.stdout
    if args[-1] == "json":
        assert json.loads(result.stdout) == []  # stdout is still the data alone
