"""Benchmark what the archive index's bytecode cache saves an export: compiling the theme.

    python benchmarks/bench_templates.py [--runs 5] [--theme DIR]

Each run is a fresh process (nothing compiled in memory) that loads the templates an export
after one change renders (the review page, its neighbour links, the index, the lists, the
404 page) from the default theme (or ``--theme``): compiled by Jinja, then read back from a
private archive index. Prints the median milliseconds of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TEMPLATES = ("review.html", "review-nav.html", "index.html", "list.html", "404.html")
_LOAD = """
import sys, time
from pathlib import Path
import jinja2.sandbox  # imported either way: not what is measured
from reviewctl.export.themes import Theme
from reviewctl.index import Index
theme = Theme(Path(sys.argv[2]) if sys.argv[2] else None)
with Index.open(Path(sys.argv[3])) as index:
    if sys.argv[1] == "index":
        theme.remember_in(index)
    start = time.perf_counter()
    for name in sys.argv[4:]:
        theme.template(name)
    print(time.perf_counter() - start)
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--theme", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reviewctl-bench-templates-") as work:
        env = {**os.environ, "REVIEWCTL_CACHE_DIR": str(Path(work) / "cache")}
        env.pop("REVIEWCTL_NO_CACHE", None)
        theme = str(args.theme or "")

        def once(how: str) -> float:
            command = [sys.executable, "-c", _LOAD, how, theme, work, *TEMPLATES]
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            return float(done.stdout)

        once("index")  # the first run compiles and leaves the bytecode in the index
        compiled = [once("compile") for _ in range(args.runs)]
        remembered = [once("index") for _ in range(args.runs)]
    print(f"{len(TEMPLATES)} templates, median of {args.runs} fresh processes:")
    print(f"  compiled by Jinja:        {1000 * statistics.median(compiled):6.1f} ms")
    print(f"  read from the index:      {1000 * statistics.median(remembered):6.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
