"""Benchmark the archive index: cold, warm and one-change runs of lint, list, export and search.

Usage::

    .venv/bin/python benchmarks/bench_index.py [--count 10000] [--dir PATH] [--runs 3]

Uses the archive of ``benchmarks/generate.py`` (built once, then reused) and a private cache
folder. Each figure is the median wall time of ``--runs`` fresh ``python -m reviewctl``
processes (start-up included); "cold" clears the index first, "warm" changes nothing, "one
changed" edits one review before each run; "lint FILE" lints that review alone, as an
editor does on each save. Also prints the index's size and the peak RSS of any command,
beside the targets of the archive-index issue.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_export import aside
from generate import archive, archive_options, installed_env

COMMANDS: dict[str, list[str]] = {
    "lint": ["lint", "--format", "json", "--exit-zero"],
    "list": ["list", "--format", "json"],
    "export": ["export", "--site", "--out", "{out}"],
    "search": ["search", "archive", "--format", "json"],
    # an editor's check of the review just saved
    "lint FILE": ["lint", "--format", "json", "--exit-zero", "{file}"],
}
TARGETS = {
    ("lint", "warm"): 0.3,
    ("list", "warm"): 0.25,
    ("export", "warm"): 0.5,
    ("lint", "one changed"): 0.4,
    ("export", "one changed"): 0.5,
    ("lint", "cold"): 2.0,
    ("list", "cold"): 1.0,
    ("search", "warm"): 0.2,
    ("lint FILE", "warm"): 0.2,
    ("lint FILE", "one changed"): 0.2,
}


def run(
    root: Path, env: dict[str, str], args: list[str], out: Path, file: Path
) -> tuple[float, float, int]:
    """One fresh process: wall seconds, CPU seconds (all its processes), peak RSS so far."""
    command = [sys.executable, "-m", "reviewctl", *(a.format(out=out, file=file) for a in args)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # exit 2 is expected: the archive holds reviews with broken front matter on purpose
    if done.returncode not in (0, 1, 2) or b"Traceback" in done.stderr:
        sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
    return wall, cpu, after.ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    archive_options(parser)
    args = parser.parse_args()
    root = archive(args)
    work = Path(tempfile.mkdtemp(prefix="reviewctl-bench-index-"))
    cache = work / "cache"
    env = installed_env(REVIEWCTL_CACHE_DIR=str(cache))
    env.pop("REVIEWCTL_NO_CACHE", None)
    victim = sorted((root / "reviews").rglob("*.md"))[len(COMMANDS)]
    original = victim.read_bytes()
    peak = 0
    rows: list[tuple[str, str, float, float]] = []

    def measure(name: str, state: str, before: Callable[[int], None]) -> None:
        nonlocal peak
        walls, cpus = [], []
        for number in range(args.runs):
            before(number)
            wall, cpu, rss = run(root, env, COMMANDS[name], work / "site", victim)
            walls.append(wall)
            cpus.append(cpu)
            peak = max(peak, rss)
        rows.append((name, state, statistics.median(walls), statistics.median(cpus)))

    def cold(_: int) -> None:
        shutil.rmtree(cache, ignore_errors=True)
        aside(work / "site", work / "trash")  # deleting 17,000 files would slow the next run

    def edit(number: int) -> None:
        victim.write_bytes(original + f"\nOne more line, edit {number}.\n".encode())

    try:
        for name in ("lint", "list", "export", "search"):
            measure(name, "cold", cold)
        for name in COMMANDS:
            run(root, env, COMMANDS[name], work / "site", victim)  # the index is filled
            measure(name, "warm", lambda _: None)
        for name in COMMANDS:
            measure(name, "one changed", edit)
    finally:
        victim.write_bytes(original)
    size = sum(p.stat().st_size for p in cache.glob("index-*"))
    print(f"archive: {root} ({args.count} reviews); median of {args.runs} runs each\n")
    print(f"{'command':<10} {'state':<12} {'wall s':>7} {'cpu s':>6}  target (wall)")
    for name, state, seconds, cpu in rows:
        target = TARGETS.get((name, state))
        verdict = (
            "" if target is None else f"≤ {target} s {'ok' if seconds <= target else 'MISSED'}"
        )
        print(f"{name:<10} {state:<12} {seconds:>7.2f} {cpu:>6.2f}  {verdict}")
    print(f"\nindex size: {size / 1e6:.1f} MB (target < 100 MB)")
    print(f"peak RSS of any command: {peak / 1024:.0f} MB (target < 200 MB)")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
