"""Compare a cold ``reviewctl lint`` with markdownlint-cli2 on the same generated archive.

Usage::

    npm install --prefix /tmp/mdl markdownlint-cli2
    MARKDOWNLINT_CLI2=/tmp/mdl/node_modules/.bin/markdownlint-cli2 \\
        .venv/bin/python benchmarks/bench_markdownlint.py [--count 10000] [--runs 1]

markdownlint-cli2 is found through ``$MARKDOWNLINT_CLI2`` or ``PATH``; without it the script
says so and measures reviewctl alone. Each figure is the best wall time of ``--runs`` fresh
processes (reviewctl with ``--no-cache``: nothing remembered), with the CPU time of all
their processes beside it; the issue's target is reviewctl at least 12 times faster.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import archive, archive_options, installed_env


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (all processes) of one run of ``command``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def best(command: list[str], cwd: Path, env: dict[str, str], runs: int) -> tuple[float, float]:
    return min(timed(command, cwd, env) for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    archive_options(parser, runs=1)
    args = parser.parse_args()
    root = archive(args)
    env = installed_env()
    ours = [sys.executable, "-m", "reviewctl", "lint", "--no-cache", "--exit-zero", "-f", "json"]
    wall, cpu = best(ours, root, env, args.runs)
    print(f"archive: {root} ({args.count} reviews)")
    print(f"reviewctl lint (cold):  {wall:6.2f} s wall, {cpu:6.2f} s CPU")
    peer = os.environ.get("MARKDOWNLINT_CLI2") or shutil.which("markdownlint-cli2")
    if not peer:
        print("markdownlint-cli2: not found (set MARKDOWNLINT_CLI2 or put it on PATH)")
        return 0
    other_wall, other_cpu = best([peer, "reviews/**/*.md"], root, env, args.runs)
    print(f"markdownlint-cli2:      {other_wall:6.2f} s wall, {other_cpu:6.2f} s CPU")
    print(
        f"reviewctl is {other_wall / wall:.1f}x faster (wall), {other_cpu / cpu:.1f}x (CPU); "
        f"target: 12x; load average {os.getloadavg()[0]:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
