"""Large, ordinary-looking reviews take linear time (issue 15, point 5).

The inputs are generated here, at sizes where the old quadratic code took from ten seconds to
minutes. The assertions count the expensive operation (re-parses of the file) where there is
one, and otherwise allow a generous time that linear code meets many times over; the figures
themselves come from ``benchmarks/bench_pathological.py``.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from rich.console import Console
from rich.segment import Segment

from reviewctl.config import Config, load_config
from reviewctl.lint.edits import apply_fixes
from reviewctl.lint.engine import Linter
from reviewctl.lint.fix import fix_file
from reviewctl.lint.registry import Edit, Fix
from reviewctl.parse import parse_text
from reviewctl.render.markdown import TerminalMarkdown, parse
from reviewctl.render.terminal import PlainText, render_review
from reviewctl.structure import mask_inline_code

HEAD = """---
title: "Anime Review: Bench"
work: Bench
medium: anime
status: published
date: 2026-01-02
{extra}---

A lede of a few ordinary words.

Spoilers below the cut.

<!--more-->

"""
FOOT = "\nIt is available for streaming on Crunchyroll.\n"
GENEROUS = 10.0  # seconds; the quadratic code took minutes on these inputs


def review(body: str, extra: str = "") -> str:
    return HEAD.format(extra=extra) + body + FOOT


def cuts(n: int) -> str:
    return review("".join(f"Paragraph {i}.\n\n<!--more-->\n\n" for i in range(n)))


def backticks(n: int) -> str:
    return review(" ".join("`" * k + f" w{k}" for k in range(1, n + 1)) + "\n")


class _Timer:
    def __enter__(self) -> _Timer:
        self.start = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self.start


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return load_config(tmp_path)


def test_code_span_scan_is_linear_on_unclosed_backtick_runs() -> None:
    text = " ".join("`" * k + f" w{k}" for k in range(1, 2001))  # 2 MB; the regex: hours
    with _Timer() as timer:
        masked = mask_inline_code(text)
    assert masked == text  # no run has a partner: nothing is code
    assert timer.seconds < GENEROUS


def test_code_spans_follow_commonmark() -> None:
    assert mask_inline_code("a `b` c") == "a     c"
    assert mask_inline_code("a ``b`` c ``d") == "a       c ``d"
    assert mask_inline_code("``x`y``") == "       "  # a shorter run inside does not close
    assert mask_inline_code("\\`a` b`") == "\\`a    "  # an escaped backtick is literal
    assert mask_inline_code("`a\nb`") == "  \n  "  # a span crosses a line end


def test_fix_checks_reparse_a_bounded_number_of_times(
    config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reviewctl.parse

    calls = 0
    real = reviewctl.parse.parse_text

    def counting(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)  # type: ignore[arg-type]

    review_ = parse_text(cuts(500), Path("cuts.md"))
    monkeypatch.setattr(reviewctl.parse, "parse_text", counting)
    findings = Linter(config).lint(review_)
    repeated = [f for f in findings if f.code == "SP002"]
    assert len(repeated) == 500 and all(f.fixable for f in repeated)
    assert calls < 60  # one check per fix would re-parse the file 500 times


def test_fix_of_many_cuts_keeps_the_first(tmp_path: Path, config: Config) -> None:
    path = tmp_path / "cuts.md"
    path.write_text(cuts(1000), encoding="utf-8")
    with _Timer() as timer:
        result = fix_file(path, Linter(config))
    assert result is not None
    assert result.fixed.decode().count("<!--more-->") == 1
    assert len(result.applied) == 1000
    assert timer.seconds < GENEROUS


def test_apply_fixes_checks_overlaps_in_log_time() -> None:
    text = "x" * 40_000
    fixes = [Fix((Edit(i, i + 1, "y"),)) for i in range(0, 40_000, 2)]
    fixes += [Fix((Edit(i, i, "z"),)) for i in range(0, 40_000, 2)]  # all overlap: left out
    with _Timer() as timer:
        fixed, taken = apply_fixes(text, fixes)
    assert len(taken) == 20_000
    assert fixed == "yx" * 20_000
    assert timer.seconds < GENEROUS


def test_key_line_of_every_key_is_linear(config: Config) -> None:
    extra = "".join(f"key_{i}: value {i}\n" for i in range(20_000))
    review_ = parse_text(review("Body.\n", extra), Path("keys.md"))
    with _Timer() as timer:
        lines = [review_.key_line(f"key_{i}") for i in range(20_000)]
    assert lines == list(range(7, 20_007))
    assert review_.key_line("title") == 2 and review_.key_line("missing") is None
    assert timer.seconds < GENEROUS


def test_huge_table_is_shown_as_text(config: Config) -> None:
    rows = "".join(f"| row {i} | {i % 10} |\n" for i in range(20_000))
    review_ = parse_text(review("| Name | Score |\n|---|---|\n" + rows), Path("table.md"))
    with _Timer() as timer:
        items = render_review(review_, config, spoilers=True)
        out = Console(file=io.StringIO(), width=80)
        for item in items:
            out.print(item)
    plain = [item for item in items if isinstance(item, PlainText)]
    assert len(plain) == 1 and len(plain[0].lines) == 20_002
    assert "| row 19999 | 9 |" in out.file.getvalue()  # type: ignore[attr-defined]
    assert timer.seconds < GENEROUS


def test_a_long_paragraph_comes_out_one_line_per_segment() -> None:
    words = " ".join(f"word{i}" for i in range(5_000))
    rendered = list(Console(width=60).render(TerminalMarkdown(parse(words))))
    texts = [s.text for s in rendered if isinstance(s, Segment)]
    assert sum(t.count("\n") for t in texts) > 100
    assert all(t.count("\n") <= 1 for t in texts)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(cuts(2000), id="2000-cuts"),
        pytest.param(backticks(500), id="500-backtick-runs"),
        pytest.param(
            review("Body.\n", "".join(f"k{i}: v\n" for i in range(10_000))), id="10k-keys"
        ),
    ],
)
def test_every_command_finishes_on_pathological_input(invoke, tmp_path: Path, text: str) -> None:
    folder = tmp_path / "reviews"
    folder.mkdir()
    (folder / "big.md").write_text(text, encoding="utf-8")
    fix = tmp_path / "fix"
    fix.mkdir()
    (fix / "big.md").write_text(text, encoding="utf-8")
    commands = [
        ("lint", "--format", "json", "--exit-zero", folder),
        ("lint", "--fix", "--exit-zero", fix),
        ("list", "--format", "json", folder),
        ("show", "--no-pager", folder),
        ("show", "--spoilers", "--no-pager", folder),
        ("export", "--site", "--out", tmp_path / "site", folder),
    ]
    for args in commands:
        with _Timer() as timer:
            result = invoke(*args)
        assert result.exit_code == 0, (args, result.output[-500:])
        assert timer.seconds < GENEROUS, args


def test_link_and_image_scans_are_linear_and_match_as_before() -> None:
    import re

    from reviewctl import textscan
    from reviewctl.lint.context import _LINK_TARGET, _TAG
    from reviewctl.structure import _IMAGE_TAIL, _LINK_TAIL, _MD_IMAGE, _MD_IMAGE_ANGLE, _MD_LINK

    # what the patterns were before they were made possessive: the matches must not change
    old_image = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
    samples = ["![a](b.png) ![c](<d e> 'T') ![x](y", "a ![", "![](x) ![b]( c)", "![a](b' ) ![c](d)"]
    for line in samples:
        found = textscan.finditer(_MD_IMAGE, line, "![", "]", shared_tail=True, tail=_IMAGE_TAIL)
        assert [m.span() for m in found] == [m.span() for m in old_image.finditer(line)]
    hostile = [
        (_MD_IMAGE, "![" * 40_000 + "]", "![", "]", True, _IMAGE_TAIL),
        (_MD_IMAGE, "![](" * 40_000 + " x)", "![", "]", True, _IMAGE_TAIL),
        (_MD_LINK, "[](" * 40_000 + " x)", "[", "]", True, _LINK_TAIL),
        (_MD_IMAGE, "![](<" * 40_000 + " x)", "![", "]", True, _IMAGE_TAIL),
        (_MD_LINK, "[](<" * 40_000 + " x)", "[", "]", True, _LINK_TAIL),
        (_MD_IMAGE_ANGLE, "![](<" * 40_000 + " x)", "![", "]", True, None),
        (_MD_IMAGE_ANGLE, "![](<a b> '" * 40_000, "![", "]", True, None),
        (_TAG, "<a" * 40_000, "<", ">", False, None),
        (_LINK_TARGET, "](" * 40_000, "](", ")", False, None),
    ]
    with _Timer() as timer:
        for pattern, line, opener, closer, shared, tail in hostile:
            list(textscan.finditer(pattern, line, opener, closer, shared_tail=shared, tail=tail))
    assert timer.seconds < GENEROUS  # the plain regexes took from seconds to hours


def test_lint_of_a_line_of_brackets_is_linear(config: Config) -> None:
    line = "[" * 40_000 + "x" + "](" * 40_000 + "\n"
    with _Timer() as timer:
        Linter(config).lint(parse_text(review(line), Path("brackets.md")))
    assert timer.seconds < GENEROUS
