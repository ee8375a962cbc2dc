"""Bounded fuzzing (Hypothesis): the parser never raises and no command prints a traceback.

Inputs are built from front matter shapes (YAML, TOML, Pelican, none, broken), field values
of every YAML and TOML type, Markdown constructs the structure scan cares about (cuts, fences,
comments, tables, links, footers, images, backticks) and arbitrary text and bytes, control
characters included. The runs are derandomized and kept small so the file takes seconds;
set ``FUZZ_SCALE=10`` (ten times the examples) to search longer.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from reviewctl.config import Config
from reviewctl.lint.engine import Linter
from reviewctl.lint.report import format_text
from reviewctl.model import Markers
from reviewctl.parse import parse_bytes, parse_text

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
FAST = settings(
    max_examples=int(500 * SCALE),
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(FAST, max_examples=int(30 * SCALE))

WORDS = st.text(
    st.characters(codec="utf-8") | st.sampled_from("\x1b\x07\r\t`*_[]()<>!|#:-=\"'\\"),
    max_size=30,
)  # fmt: skip
KEYS = st.sampled_from(
    ["title", "work", "medium", "status", "date", "rating", "tags", "draft", "published",
     "where_to_watch", "category", "taxonomies", "pubDatetime", "x", "Title", "tags.x"]
)  # fmt: skip
YAML_VALUES = st.sampled_from(
    ["", "7", "7.5", "-1", "1e999", ".nan", "-.inf", "true", "no", "null", "~", "2026-01-02",
     "2026-13-45", "2026-01-02T10:00:00Z", "[a, b]", "[]", "{a: 1}", "'quoted'", '"esc \\e[2J"',
     "|\n  block\n  text", "&a x", "*a", "!!binary aGk=", "!!python/object:os.system x",
     "[a, [b, [c]]]", "99999999999999999999", "0x1F", "[", "{", ": :", "'unclosed"]
) | WORDS  # fmt: skip
TOML_VALUES = st.sampled_from(
    ['"x"', "7", "7.5", "nan", "-inf", "true", "2026-01-02", "1979-05-27T07:32:00Z",
     '["a", "b"]', "[]", "{a = 1}", '"""\nmulti\n"""', "'lit'", "[", '"unclosed', "x"]
)  # fmt: skip
MARKDOWN = st.sampled_from(
    ["<!--more-->", "<!-- more -->", "Spoilers below the cut.", "```", "~~~", "```python",
     "    indented code", "<!--", "-->", "<!-- reviewctl: ignore -->",
     "<!-- reviewctl: ignore-file TX -->", "<!-- reviewctl: frobnicate -->", "# Verdict",
     "## Heading", "Heading\n===", "---", "***", "- item", "1. item", "> quote", "| a | b |",
     "|---|---|", "| 1 | 2 |", "![caption](images/a.png)", "![](x.png)", '<img src="a.png">',
     "<img alt='x'>", "[link](https://example.com)", "[ref]: https://example.com 'T'",
     "[text][ref]", "Patreon: https://www.patreon.com/x", "Ko-Fi: http://ko-fi.com/x",
     "https://twitch.tv/x", "[Patreon](https://patreon.com/x)", "It is available on Netflix.",
     "`code`", "``", "`", "\\`", "<details><summary>S</summary>", "</details>", "<div>",
     "</div>", "<script>x</script>", "&#27;[2J", "&amp;", "[^1]", "[^1]: note", "TODO", "",
     "\x1b]0;title\x07", "\x1b[2J", "\r", "\t", "\u202e", "\ufeff", "日本語の文章"]
) | WORDS  # fmt: skip


LINTER = Linter(Config(root=Path.cwd()))
# Export is fuzzed on the files as written, control characters XML forbids included (the
# feed drops them); the "clean" copy (those characters removed) stays as a second archive.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
EXPORTED = "reviews"


@st.composite
def reviews(draw: st.DrawFn) -> str:
    """A review-shaped text: some front matter (or none), then Markdown lines."""
    shape = draw(st.sampled_from(["yaml", "toml", "pelican", "none", "unclosed", "empty"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    head: list[str] = []
    if shape in ("yaml", "unclosed", "empty"):
        fields = (
            [] if shape == "empty" else draw(st.lists(st.tuples(KEYS, YAML_VALUES), max_size=8))
        )
        head = ["---", *(f"{k}: {v}" for k, v in fields)]
        if shape != "unclosed":
            head.append("---")
    elif shape == "toml":
        fields = draw(st.lists(st.tuples(KEYS, TOML_VALUES), max_size=8))
        head = ["+++", *(f"{k} = {v}" for k, v in fields), "+++"]
    elif shape == "pelican":
        fields = draw(st.lists(st.tuples(KEYS, WORDS), max_size=6))
        head = [*(f"{k.capitalize()}: {v}" for k, v in fields), ""]
    body = draw(st.lists(MARKDOWN, max_size=25))
    text = newline.join([*head, *body])
    return ("\ufeff" if draw(st.booleans()) else "") + text + draw(st.sampled_from(["", newline]))


def _exercise(text: str, linter: Linter) -> None:
    """Parse and use every view of a review, as the commands do; none may raise."""
    review = parse_text(text, Path("fuzz.md"), Markers())
    review.summary()
    if review.readable:
        review.parts  # noqa: B018  (locating the parts must not raise)
        for key in ("title", "date", "tags", ""):
            review.key_line(key)
    findings = linter.lint(review)
    internal = [f for f in findings if "internal error" in f.message]
    assert not internal, format_text(internal)
    format_text(findings)


@FAST
@given(reviews())
def test_parse_and_lint_never_raise_on_review_shaped_text(text: str) -> None:
    _exercise(text, LINTER)


@FAST
@given(st.binary(max_size=400) | reviews().map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_parse_bytes_never_raises(data: bytes) -> None:
    review = parse_bytes(data, Path("fuzz.md"))
    review.summary()
    if review.readable:
        review.parts  # noqa: B018  (locating the parts must not raise either)


@SLOW
@given(st.lists(reviews(), min_size=1, max_size=3))
def test_commands_never_print_a_traceback(texts: list[str]) -> None:
    from reviewctl.cli.app import app

    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "reviews").mkdir()
        (root / "clean").mkdir()
        for number, text in enumerate(texts):
            (root / "reviews" / f"r{number}.md").write_text(text, encoding="utf-8", newline="")
            clean = XML_INVALID.sub("", text)
            (root / "clean" / f"r{number}.md").write_text(clean, encoding="utf-8", newline="")
        commands = [
            ["list", str(root / "reviews")],
            ["list", "--format", "json", str(root / "reviews")],
            ["list", "--format", "csv", str(root / "reviews")],
            ["lint", str(root / "reviews")],
            ["lint", "--format", "github", str(root / "reviews")],
            ["lint", "--diff", str(root / "reviews")],
            ["show", "--no-pager", str(root / "reviews")],
            ["show", "--spoilers", "--no-pager", str(root / "reviews")],
            ["export", "--site", "--out", str(root / "site"), str(root / EXPORTED)],
            ["export", "--format", "wordpress", "--out", str(root / "wp"), str(root / EXPORTED)],
        ]
        for args in commands:
            result = runner.invoke(app, args)
            assert result.exit_code in (0, 1, 2), (args, result.exception, result.output[-800:])
            assert "Traceback" not in result.output, (args, result.output[-800:])
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                args,
                repr(result.exception),
            )
