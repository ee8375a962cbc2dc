"""Benchmark parsing reviews' front matter: what the YAML loader's two shortcuts buy.

    python benchmarks/bench_parse.py [--count 2000] [--dir PATH] [--runs 5]

Parses every review of the generated archive (``generate.py``) from bytes already read, as
``list``, ``lint`` and ``export`` do, and prints the median CPU seconds for the loader as it
is (memoised implicit tags and the direct builder of plain front matter), with either
alone, and with neither (PyYAML's CSafeLoader as it comes).
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
    from reviewctl import parse

    files = sorted((archive(args) / "reviews").rglob("*.md"))
    data = [(path.read_bytes(), path) for path in files]
    loader = parse._Loader
    shortcuts: dict[str, Callable[..., Any]] = {
        "construct_document": loader.construct_document,
        "resolve": loader.resolve,
    }
    base = parse._BaseLoader
    variants = {
        "as it is": shortcuts,
        "memo alone": {**shortcuts, "construct_document": base.construct_document},
        "builder alone": {**shortcuts, "resolve": base.resolve},
        "neither": {"construct_document": base.construct_document, "resolve": base.resolve},
    }

    def run() -> float:
        start = time.process_time()
        for raw, path in data:
            parse.parse_bytes(raw, path)
        return time.process_time() - start

    seconds: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.runs):  # interleaved, so a busy moment costs every variant alike
        for name, methods in variants.items():
            for method, function in methods.items():
                setattr(loader, method, function)
            run()  # the first pass fills the memo
            seconds[name].append(run())
    for method, function in shortcuts.items():
        setattr(loader, method, function)
    print(f"{len(files)} reviews; median CPU seconds of {args.runs} runs")
    for name, values in seconds.items():
        median = statistics.median(values)
        print(f"{name:14} {median:.3f} s  ({median / len(files) * 1e6:.0f} µs a review)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
