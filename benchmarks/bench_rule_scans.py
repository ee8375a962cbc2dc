"""Benchmark the two rules that look before they scan: what their substring tests buy.

    python benchmarks/bench_rule_scans.py [--count 2000] [--dir PATH] [--runs 5]

Over the prose of every review of the generated archive (``generate.py``), as lint gives it
to the rules, prints the median CPU microseconds a review for TX002's placeholder search
(each pattern run only where a substring test says it may match, against every pattern over
the whole prose) and for TX007's "it's" search (from each "t's" found with ``str.find``,
against the regex tried at every offset). Both ways find the same matches; this checks it.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import archive, archive_options


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    archive_options(parser, runs=5)
    parser.set_defaults(count=2000)
    args = parser.parse_args()
    from reviewctl.config import load_config
    from reviewctl.lint.context import Context
    from reviewctl.lint.rules import editor, text
    from reviewctl.parse import parse_review

    root = archive(args)
    config = load_config(root)
    files = sorted((root / "reviews").rglob("*.md"))
    proses = [Context(parse_review(path, config.markers), config).prose for path in files]

    def every_pattern(prose: str) -> list[Any]:
        found = [m for _, pattern in text._PLACEHOLDERS for m in pattern.finditer(prose)]
        return sorted(found, key=lambda m: m.start())

    pairs: dict[str, tuple[Callable[[str], Any], Callable[[str], Any]]] = {
        "TX002 placeholders": (lambda p: list(text.placeholders(p)), every_pattern),
        "TX007 it's": (lambda p: list(editor._its(p)), lambda p: list(editor._ITS.finditer(p))),
    }
    print(f"{len(proses)} reviews; median CPU µs a review over {args.runs} runs")
    for name, (looking, scanning) in pairs.items():
        for prose in proses:  # the same matches, at the same places
            same = [m.span() for m in looking(prose)] == [m.span() for m in scanning(prose)]
            assert same, name
        times: dict[str, list[float]] = {"looks first": [], "scans all": []}
        for _ in range(args.runs):
            for label, function in (("looks first", looking), ("scans all", scanning)):
                start = time.process_time()
                for prose in proses:
                    function(prose)
                times[label].append((time.process_time() - start) / len(proses) * 1e6)
        shown = ", ".join(f"{k} {statistics.median(v):.1f}" for k, v in times.items())
        print(f"{name:20} {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
