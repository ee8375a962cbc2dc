"""Every real-world post: shown without a traceback, front matter and spoilers kept out."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console

from reviewctl.config import Config
from reviewctl.model import Review
from reviewctl.parse import parse_review
from reviewctl.render.terminal import availability, render_review
from reviewctl.structure import Kind

CONFIG = Config(root=Path("."))
# A run of four plain words: what survives Markdown rendering unchanged.
PLAIN_RUN = re.compile(r"(?<![\w*_`\[])(?:[A-Za-z]{3,} ){3}[A-Za-z]{3,}(?![\w*_`\]])")


def _text(review: Review, *, spoilers: bool) -> str:
    console = Console(
        file=io.StringIO(), record=True, width=10_000, force_terminal=False, color_system=None
    )
    for item in render_review(review, CONFIG, spoilers=spoilers, hyperlinks=False):
        console.print(item)
    return " ".join(console.export_text().split())


def test_show_every_corpus_file_through_the_cli(invoke, corpus_files: list[Path]) -> None:
    assert len(corpus_files) > 50
    broken = {str(p) for p in corpus_files if parse_review(p).error is not None}
    for flags in ([], ["--spoilers"], ["--width", "30"]):
        result = invoke("show", *flags, *corpus_files)
        assert result.exit_code == (2 if broken else 0), result.stderr
        said = {line.split(":", 2)[1].strip() for line in result.stderr.splitlines()}
        assert said == broken  # the posts whose front matter does not parse, each said
        assert "Traceback" not in result.stdout + result.stderr
        assert result.stdout.count("━━━") >= len(corpus_files)


def test_front_matter_is_never_printed(corpus_files: list[Path]) -> None:
    checked = 0
    for path in corpus_files:
        review = parse_review(path)
        if review.front_matter is None:
            continue
        shown = _text(review, spoilers=True)
        region = review.lines[review.front_matter.start - 1 : review.front_matter.end]
        for line in region:
            line = " ".join(line.split())
            if len(line) > 12 and re.match(r"^[\w\"'-]+ ?[:=] ", line):
                assert line not in shown, f"{path.name}: front matter line {line!r} shown"
                checked += 1
    assert checked > 100


def test_nothing_below_the_cut_without_spoilers(corpus_files: list[Path]) -> None:
    with_cut = 0
    seen_with_spoilers = 0
    for path in corpus_files:
        review = parse_review(path)
        parts = review.parts
        if parts.cut is None:
            continue
        with_cut += 1
        hidden = _text(review, spoilers=False)
        shown = _text(review, spoilers=True)
        lede = " ".join(" ".join(b.text.split()) for b in parts.lede)
        allowed = availability(parts, [b for b in parts.spoilers if b.kind is not Kind.COMMENT])
        for block in parts.spoilers:
            if block is allowed or block.kind not in (Kind.PARAGRAPH, Kind.LIST, Kind.QUOTE):
                continue
            for run in PLAIN_RUN.findall(" ".join(block.text.split())):
                if run in lede:
                    continue  # the same words also appear above the cut
                assert run not in hidden, f"{path.name}: {run!r} from below the cut shown"
                seen_with_spoilers += run in shown
    assert with_cut >= 10
    assert seen_with_spoilers > 100  # the runs checked do show up with --spoilers
