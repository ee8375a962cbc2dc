"""Benchmark export's HTML renderer against markdown-it-py (and pyromark, where installed).

    python benchmarks/bench_render.py [--count 2000] [--dir PATH] [--corpus DIR]

Renders the lede and body of every review of the generated archive (``generate.py``; with
``--corpus``, every ``*.md`` under DIR instead) as ``export`` splits them, and prints the CPU
milliseconds a review for: markdown-it-py with the house figures (the renderer export used
before), ``reviewctl.export.markdown.render`` (cmark-gfm plus the house touches: figures,
footnotes, image sources), bare cmark-gfm, and bare pyromark (pulldown-cmark; no autolinks,
footnotes in its own form, so not a drop-in) when it is installed.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate


def parts(files: list[Path]) -> list[tuple[str, str]]:
    """Each review's lede and body, as export renders them."""
    from reviewctl.config import load_config
    from reviewctl.export.html import split
    from reviewctl.parse import parse_review

    config = load_config(files[0].parent)
    out = []
    for path in files:
        review = parse_review(path, config.markers)
        if review.error is None:
            sections = split(review, config.spoiler_warning)
            out.append((sections.lede.source, sections.body.source))
    return out


def timed(label: str, render: Callable[[str], object], sources: list[tuple[str, str]]) -> float:
    for lede, body in sources[:20]:  # warm up: imports, caches
        render(lede), render(body)
    start = time.process_time()
    for lede, body in sources:
        render(lede)
        render(body)
    per = (time.process_time() - start) * 1000 / len(sources)
    print(f"  {label:44} {per:7.3f} ms a review")
    return per


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--dir", type=Path, help="archive folder (default: a temporary one)")
    parser.add_argument("--corpus", type=Path, help="render every *.md under this folder")
    args = parser.parse_args()
    if args.corpus:
        files = sorted(args.corpus.rglob("*.md"))
    else:
        root = args.dir or Path(tempfile.gettempdir()) / "reviewctl-bench" / f"archive-{args.count}"
        generate(root, args.count)
        files = sorted((root / "reviews").rglob("*.md"))
    sources = parts(files)
    from reviewctl.export import cmark, markdown

    print(f"{len(sources)} reviews (lede and body each), CPU time:")
    old = timed(
        "markdown-it-py + figures (before)",
        lambda s: markdown._render(s, None, 1, None),
        sources,
    )
    new = timed("export.markdown.render (cmark-gfm + touches)", markdown.render, sources)
    timed("cmark-gfm alone", cmark.to_html, sources)
    if importlib.util.find_spec("pyromark") is not None:
        import pyromark

        flags = pyromark.Options
        md = pyromark.Markdown(
            options=flags.ENABLE_TABLES | flags.ENABLE_FOOTNOTES | flags.ENABLE_STRIKETHROUGH
        )
        timed("pyromark alone", md.html, sources)
    else:
        print("  pyromark: not installed, skipped (pip install pyromark to compare)")
    print(f"export's renderer: {old / new:.1f}x faster than markdown-it-py")


if __name__ == "__main__":
    main()
