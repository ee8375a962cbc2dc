"""Benchmark ``reviewctl lint`` cold over a synthetic archive of 10,000 reviews.

Usage::

    .venv/bin/python benchmarks/bench_lint.py [--count 10000] [--dir PATH] [--runs 3]
        [--no-cache] [--ignore CODES]

Issue 13's cost (every rule against lint without the rules it added): ``bench_editor_rules.py``.

The archive comes from ``benchmarks/generate.py`` (the same one every benchmark measures) and
is built once in ``$TMPDIR/reviewctl-bench/archive-<count>`` (or ``--dir``), then reused. Each
run starts a fresh ``python -m reviewctl lint`` subprocess and reports its wall time, the CPU
time of all its processes and the peak resident set size of the largest process
(``resource.getrusage(RUSAGE_CHILDREN)``).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import archive, archive_options, installed_env


def run_once(root: Path, extra: tuple[str, ...] = ()) -> tuple[float, float, int, int]:
    """One cold run: wall seconds, CPU seconds, exit code, peak child RSS in KiB so far."""
    env = installed_env()
    command = [sys.executable, "-m", "reviewctl", "lint", "--format", "json", "--exit-zero"]
    command += extra
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        sys.stderr.write(done.stderr.decode("utf-8", "replace"))
    return wall, cpu, done.returncode, after.ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    archive_options(parser)
    parser.add_argument("--no-cache", action="store_true", help="pass --no-cache to lint")
    parser.add_argument("--ignore", default="", help="rule codes to pass as lint --ignore")
    args = parser.parse_args()
    started = time.perf_counter()
    root = archive(args)
    files = sum(1 for _ in (root / "reviews").rglob("*.md"))
    size = sum(p.stat().st_size for p in (root / "reviews").rglob("*.md"))
    print(
        f"archive: {root} ({files} files, {size / 1e6:.1f} MB, ready in "
        f"{time.perf_counter() - started:.1f} s)"
    )
    walls = []
    peak = 0
    for n in range(args.runs):
        extra = ["--no-cache"] if args.no_cache else []
        extra += ["--ignore", args.ignore] if args.ignore else []
        wall, cpu, code, peak = run_once(root, tuple(extra))
        walls.append(wall)
        print(f"run {n + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU (all processes), exit {code}")
    print(
        f"best {min(walls):.2f} s, median {sorted(walls)[len(walls) // 2]:.2f} s wall; "
        f"peak RSS {peak / 1024:.1f} MiB (largest process); load average "
        f"{os.getloadavg()[0]:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
