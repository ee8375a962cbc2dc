"""What the editor's rules (issue 13) cost: cold lint with every rule against lint without them.

Usage::

    .venv/bin/python benchmarks/bench_editor_rules.py [--count 10000] [--runs 3]

Runs ``lint --no-cache`` over the archive of ``benchmarks/generate.py`` with every rule and
with the rules issue 13 added left out (``--ignore``), alternating the two so that a noisy
machine weighs on both alike, and prints the median wall and CPU time of each and their
ratio beside the target (within 1.3x).

It then times, in this process, the C calls that any check of every word must make on the
same prose (lower-case and split it, make the set of its words, take the dictionary's words
away from it, compare each word with the next), and prints the best ratio that leaves
possible: the cost of those calls alone added to the run without the editor's rules.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import operator
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_lint import run_once
from generate import archive, archive_options

#: The rules issue 13 added.
EDITOR_RULES = "TX005,TX006,TX007,TX008,MD003,MD004,MD005,MD006,MD007,FM006,FM007,FM008"
TARGET = 1.3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    archive_options(parser)
    args = parser.parse_args()
    root = archive(args)
    variants = {"every rule": ("--no-cache",), "without": ("--no-cache", "--ignore", EDITOR_RULES)}
    walls: dict[str, list[float]] = {name: [] for name in variants}
    cpus: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.runs):
        for name, extra in variants.items():
            wall, cpu, _code, _peak = run_once(root, extra)
            walls[name].append(wall)
            cpus[name].append(cpu)
    print(f"archive: {root}; median of {args.runs} runs each, alternating")
    for name in variants:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(f"{name:<11} {wall:6.2f} s wall {cpu:6.2f} s CPU")
    for column, values in (("wall", walls), ("CPU", cpus)):
        ratio = statistics.median(values["every rule"]) / statistics.median(values["without"])
        verdict = "ok" if ratio <= TARGET else "MISSED"
        print(f"ratio ({column}): {ratio:.2f}x  (target within {TARGET}x: {verdict})")
    per_review, reviews = word_floor(root)
    floor = per_review * reviews
    without = statistics.median(cpus["without"])
    print(
        f"floor: the C calls of a check of every word cost {per_review * 1e6:.0f} us a review"
        f" here ({floor:.2f} s CPU for {reviews} reviews): no such check can be cheaper than"
        f" {(without + floor) / without:.2f}x (CPU)"
    )
    return 0


def word_floor(root: Path) -> tuple[float, int]:
    """CPU seconds a review, and how many reviews, of the C calls that every word-level check
    makes on the prose lint reads (best of five passes)."""
    from reviewctl.archive import default_paths, iter_names
    from reviewctl.config import load_config
    from reviewctl.lint.context import _CLEAN_ASCII, Context
    from reviewctl.lint.vocabulary import load_dictionary
    from reviewctl.parse import parse_review

    here = Path.cwd()
    os.chdir(root)
    try:
        config = load_config(root)
        names = [n for n in iter_names(default_paths(config), config) if isinstance(n, str)]
        proses = []
        for name in names:
            review = parse_review(Path(name), config.markers, limit=config.max_file_size)
            if review.error is None:
                proses.append(Context(review, config, None).prose.encode("utf-8"))
    finally:
        os.chdir(here)
    words = dict(load_dictionary(config.lint.spelling_language).frequency)
    gc.disable()
    best = float("inf")
    for _ in range(5):
        start = time.process_time()
        for prose in proses:
            split = prose.translate(_CLEAN_ASCII).decode("utf-8", "replace").split()
            set(split).difference(words)
            any(map(operator.eq, split, itertools.islice(split, 1, None)))
        best = min(best, time.process_time() - start)
    gc.enable()
    return best / len(proses), len(proses)


if __name__ == "__main__":
    raise SystemExit(main())
