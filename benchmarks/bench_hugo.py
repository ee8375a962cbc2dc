"""Hugo beside ``reviewctl export --site``, both cold, on the same generated reviews.

    python benchmarks/bench_hugo.py [--count 10000] [--dir PATH] [--runs 1]

Issue 8's cold target: ``export --site`` into an empty folder with an empty archive index
(``REVIEWCTL_CACHE_DIR`` a fresh folder) no slower than Hugo building the same content (aim for
half). The archive is ``generate.py``'s; the Hugo site is ``bench_export.py``'s: the reviews
the export publishes as page bundles with their images, a minimal theme (a page per review, a
list per medium and per tag, the index, Hugo's RSS). Wall-clock and CPU seconds (all
processes) of each; with ``--runs N``, the best of N. Without ``hugo`` on PATH
(``apt-get install hugo``) Hugo's row is skipped and only the export is timed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_export import aside, hugo_site, timed_hugo
from generate import generate, installed_env


def timed_export(archive: Path, out: Path, cache: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one cold ``export --site`` (fresh index, empty folder)."""
    env = installed_env(REVIEWCTL_CACHE_DIR=str(cache))
    command = [sys.executable, "-m", "reviewctl", "export", "--site", "--out", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=archive, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 2):  # 2: the archive's deliberately broken files skipped
        sys.exit(f"export failed ({done.returncode}):\n{done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one)")
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-hugo-"))
    archive, trash = work / "archive", work / "trash"
    try:
        generate(archive, args.count)
        hugo_path = shutil.which("hugo")
        published = hugo_site(archive, work / "hugo", trash) if hugo_path else 0
        ours: list[tuple[float, float]] = []
        theirs: list[tuple[float, float]] = []
        for run in range(args.runs):
            if hugo_path:
                result = timed_hugo(work / "hugo", trash)
                assert result is not None
                theirs.append(result)
            out, cache = work / "site", work / f"cache-{run}"
            aside(out, trash)
            ours.append(timed_export(archive, out, cache))
        print(f"cold builds of {args.count} generated reviews, {os.cpu_count()} CPUs:")
        wall, cpu = min(ours)
        pages = sum(1 for _ in (work / "site").rglob("*.html"))
        label = f"reviewctl export --site ({pages} pages):"
        print(f"  {label:36} {wall:6.2f} s wall {cpu:6.2f} s CPU")
        if not theirs:
            print("  hugo: not on PATH, skipped (apt-get install hugo to compare)")
            return
        hugo_wall, hugo_cpu = min(theirs)
        label = f"hugo ({published} pages):"
        print(f"  {label:36} {hugo_wall:6.2f} s wall {hugo_cpu:6.2f} s CPU")
        verdict = "met" if wall <= hugo_wall else "NOT met"
        print(
            f"  export / hugo: {wall / hugo_wall:.2f}x wall, {cpu / hugo_cpu:.2f}x CPU"
            f" (target <= 1.0x wall, aim 0.5x: {verdict})"
        )
    finally:
        shutil.rmtree(trash, ignore_errors=True)
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
