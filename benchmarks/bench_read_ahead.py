"""Benchmark reading ahead: cold runs over reviews that are, or are not, in the page cache.

Usage::

    .venv/bin/python benchmarks/bench_read_ahead.py [--count 10000] [--dir PATH] [--runs 3]

Uses the archive of ``benchmarks/generate.py``. Each run starts with an empty archive index
(a cold run reads every review); an export writes into a new folder. "out of the cache" first asks the kernel to drop the
reviews' pages (``POSIX_FADV_DONTNEED``: no root needed), as after a reboot or in an archive
larger than memory; "in the cache" reads them all first. Each command runs with
:func:`reviewctl.fs.read_ahead` as shipped and with it turned into a no-op, the two
alternating; the figures are median wall seconds of fresh processes. Linux only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import archive, archive_options, installed_env

COMMANDS = {
    "list": ["list", "--format", "json"],
    "lint": ["lint", "--format", "json", "--exit-zero"],
    "export": ["export", "--site", "--out", "{out}"],  # into a new folder each run
}
#: runs reviewctl with read-ahead a no-op, and nothing else changed
WITHOUT = (
    "import contextlib, sys; import reviewctl.fs as fs; "
    "fs.read_ahead = lambda paths: contextlib.nullcontext(); "
    "sys.argv[0] = 'reviewctl'; from reviewctl.cli import main; main()"
)


def files(root: Path) -> list[str]:
    return [str(p) for p in sorted((root / "reviews").rglob("*.md"))]


def evict(paths: list[str]) -> None:
    for path in paths:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def cache(paths: list[str]) -> None:
    for path in paths:
        with open(path, "rb") as file:
            file.read()


def timed(root: Path, env: dict[str, str], ahead: bool, args: list[str], out: Path) -> float:
    shutil.rmtree(env["REVIEWCTL_CACHE_DIR"], ignore_errors=True)
    start_with = ["-m", "reviewctl"] if ahead else ["-c", WITHOUT]
    command = [sys.executable, *start_with, *(a.format(out=out) for a in args)]
    os.sync()  # the last run's writes are not this one's to wait for
    start = time.perf_counter()
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    if done.returncode not in (0, 1, 2) or b"Traceback" in done.stderr:
        sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
    return wall


def main() -> int:
    if not hasattr(os, "posix_fadvise"):
        print("posix_fadvise is not available here: nothing to measure")
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    archive_options(parser)
    args = parser.parse_args()
    root = archive(args)
    paths = files(root)
    work = Path(tempfile.mkdtemp(prefix="reviewctl-bench-read-ahead-"))
    env = installed_env(REVIEWCTL_CACHE_DIR=str(work / "cache"))
    env.pop("REVIEWCTL_NO_CACHE", None)
    print(f"archive: {root} ({len(paths)} reviews); cold index; median of {args.runs} runs\n")
    print(f"{'command':<8} {'reviews':<17} {'read-ahead':>10} {'without':>8}", flush=True)
    try:
        for name, command in COMMANDS.items():
            for state, prepare in (("out of the cache", evict), ("in the cache", cache)):
                walls: dict[bool, list[float]] = {True: [], False: []}
                for run in range(args.runs):
                    for ahead in (False, True):
                        prepare(paths)
                        out = work / f"site-{name}-{state}-{run}-{ahead}"
                        walls[ahead].append(timed(root, env, ahead, command, out))
                with_, without = (statistics.median(walls[a]) for a in (True, False))
                print(f"{name:<8} {state:<17} {with_:>10.2f} {without:>8.2f}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
