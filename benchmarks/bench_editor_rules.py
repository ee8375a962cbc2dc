"""What the editor's rules (issue 13) cost: cold lint with every rule against lint without them.

Usage::

    .venv/bin/python benchmarks/bench_editor_rules.py [--count 10000] [--runs 3]

Runs ``lint --no-cache`` over the archive of ``benchmarks/generate.py`` with every rule and
with the rules issue 13 added left out (``--ignore``), alternating the two so that a noisy
machine weighs on both alike, and prints the median wall and CPU time of each and their
ratio beside the target (within 1.3x).
"""

from __future__ import annotations

import argparse
import statistics
import sys
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
