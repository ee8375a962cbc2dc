"""Benchmark ``reviewctl export --site`` over a synthetic archive of 10,000 reviews.

    python benchmarks/bench_export.py [--count 10000] [--dir /tmp/bench-export]

Builds the archive with ``benchmarks/generate.py`` (one review in twenty deliberately
defective: those are reported and skipped, exit status 1), then times, as subprocesses: a
cold export into an empty folder, a re-export with nothing changed, and a re-export after one
review's body changed. Wall-clock and CPU seconds are both printed: on a shared machine the CPU
figure is the steadier one. Targets (issue 5): the cold export no slower than Hugo's 5.5 s on
this 2-core machine; the re-export after one change under 0.5 s.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_COLD = 5.5
TARGET_CHANGE = 0.5


def generate(root: Path, count: int) -> None:
    """The shared synthetic archive (``benchmarks/generate.py``): ~6 KB house-style reviews."""
    spec = importlib.util.spec_from_file_location(
        "bench_generate", Path(__file__).with_name("generate.py")
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(root, count)


def _command() -> list[str]:
    script = Path(sys.executable).with_name("reviewctl")
    return [str(script)] if script.exists() else [sys.executable, "-m", "reviewctl"]


def timed(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system, all processes) of one export."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run([*_command(), *args], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):  # 1: the archive's deliberately broken files skipped
        sys.exit(f"export failed ({result.returncode}):\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one)")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-export-"))
    archive, out = work / "archive", work / "site"
    try:
        started = time.perf_counter()
        generate(archive, args.count)
        print(f"archive of {args.count} reviews ready in {time.perf_counter() - started:.1f} s")
        shutil.rmtree(out, ignore_errors=True)
        export = ["export", "--site", "--out", str(out)]
        cold = timed(export, archive)
        same = timed(export, archive)
        victim = sorted((archive / "reviews").rglob("*.md"))[args.count // 2]
        with victim.open("a", encoding="utf-8") as handle:
            handle.write("\nOne more thought, added for the benchmark.\n")
        changed = timed(export, archive)
        pages = sum(1 for _ in out.rglob("*.html"))
        print(
            f"reviewctl export --site of {args.count} reviews ({pages} pages), {os.cpu_count()} CPUs:"
        )
        rows = [
            ("cold export", cold, f"target <= {TARGET_COLD} s"),
            ("re-export, nothing changed", same, ""),
            ("re-export, one review changed", changed, f"target < {TARGET_CHANGE} s"),
        ]
        for label, (wall, cpu), target in rows:
            print(f"  {label + ':':31} {wall:6.2f} s wall {cpu:6.2f} s CPU   {target}")
    finally:
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
