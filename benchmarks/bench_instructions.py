"""Instructions a review costs to parse, list and lint, counted by Valgrind: figures that do
not move with the machine's load, for changes too small for a stopwatch.

Usage::

    apt-get install valgrind
    .venv/bin/python benchmarks/bench_instructions.py [--count 200] [--against OTHER/src]

On a shared two-core machine the same cold lint takes 3.2 s one hour and 4.5 s the next, so a
change that saves 5 % cannot be seen in wall time. Callgrind counts the instructions the
interpreter executes instead: the same code, run twice from the same folder on the same
reviews, gives the same count to within 0.01 %. Each figure is the difference between two
processes, one that only sets up (imports, config, the first reviews to warm the caches)
and one that then does the work on ``--count`` generated reviews, divided by ``--count``.

``--against`` counts another checkout's ``src`` folder (a ``git worktree`` of the base, say)
beside this one. Where the code sits in memory moves some counts: glibc's malloc adjusts
its own thresholds as a process runs, and the same parsing code counted 4 % apart from two
folders. So the children run with the thresholds fixed (:data:`STEADY_MALLOC`: 0.3 %
apart), both trees are copied to folders whose paths have one length, in
:data:`PLACEMENTS` places of different lengths, and the change is given as the range it
spans: a finding where the whole range is (one lint change: -5.1 % to -4.8 %).

Instructions are not time: a system call, a cache miss or a page fault costs no more
instructions than an addition. Confirm a large change with the timed benchmarks.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

SRC = Path(__file__).resolve().parent.parent / "src"
WARM = 20  # reviews worked on before counting: rule modules imported, memos filled
PLACEMENTS = 2  # pairs of folders the two trees are counted from (see the docstring)
#: glibc's malloc with fixed thresholds (see the docstring)
STEADY_MALLOC = {
    "MALLOC_MMAP_THRESHOLD_": "131072",
    "MALLOC_TRIM_THRESHOLD_": "268435456",
    "MALLOC_TOP_PAD_": "67108864",
}

# Run in a child process under Valgrind: "setup" only sets up; "parse" then parses the counted
# reviews, "list" parses them and makes their rows, "lint" lints them (parsing each).
CHILD = """
import gc, sys
from pathlib import Path
from reviewctl.config import load_config
from reviewctl.lint.engine import Linter
from reviewctl.listing import row
from reviewctl.parse import parse_review

work, count, warm = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
config = load_config(Path("."))
files = sorted(Path("reviews").rglob("*.md"))
linter = Linter(config)
linter.lint_paths(files[:warm], jobs=1)
for path in files[:warm]:
    row(parse_review(path, config.markers, limit=config.max_file_size))
gc.disable()
counted = files[warm : warm + count]
if work == "lint":  # as ``reviewctl lint FILES --no-cache --jobs 1`` does
    linter.lint_paths(counted, jobs=1)
elif work != "setup":
    reviews = [parse_review(p, config.markers, limit=config.max_file_size) for p in counted]
    if work == "list":
        for review in reviews:
            row(review)
"""

#: what is counted: the process that does it, and the one it is compared with
WORKS = {
    "parse a review": ("parse", "setup"),
    "its list row": ("list", "parse"),
    "lint it": ("lint", "parse"),
}


def instructions(src: Path, archive: Path, work: str, count: int) -> int:
    """Instructions executed by one child process (see :data:`CHILD`)."""
    env = dict(os.environ, PYTHONPATH=str(src), PYTHONHASHSEED="0", REVIEWCTL_NO_CACHE="1")
    env.update(STEADY_MALLOC)
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        "-c",
        CHILD,
        work,
        str(count),
        str(WARM),
    ]
    done = subprocess.run(command, cwd=archive, env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"counting {work} failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def per_review(src: Path, archive: Path, count: int) -> dict[str, int]:
    """Instructions each of :data:`WORKS` costs a review."""
    runs = {
        work: instructions(src, archive, work, count) for work in ("setup", "parse", "list", "lint")
    }
    return {label: (runs[work] - runs[base]) // count for label, (work, base) in WORKS.items()}


def _copy(src: Path, folder: Path) -> Path:
    """``src`` copied to ``folder/src`` and compiled there."""
    import compileall

    target = folder / "src"
    shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__"))
    compileall.compile_dir(target, quiet=1)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200, help="reviews counted (default 200)")
    parser.add_argument("--dir", type=Path, help="where the generated archive is kept")
    parser.add_argument("--against", type=Path, help="another checkout's src folder")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind not found (apt-get install valgrind): nothing counted")
        return 0
    total = args.count + WARM
    folder = args.dir or Path(tempfile.gettempdir()) / "reviewctl-bench" / f"archive-{total}"
    archive = generate(folder, total)
    print(f"archive: {archive} ({args.count} reviews counted after {WARM})")
    if args.against is None:
        figures = per_review(SRC, archive, args.count)
        print(f"{'per review':<16}{'this':>16}")
        for label in WORKS:
            print(f"{label:<16}{figures[label]:>16,}")
        return 0
    counts: dict[str, list[tuple[int, int]]] = {label: [] for label in WORKS}
    with tempfile.TemporaryDirectory(prefix="reviewctl-bench-src-") as copies:
        for placement in range(PLACEMENTS):  # both trees at paths of one length, per placement
            base = Path(copies) / ("p" * (1 + 23 * placement))
            this = per_review(_copy(SRC, base / "0"), archive, args.count)
            other = per_review(_copy(args.against.resolve(), base / "1"), archive, args.count)
            for label in WORKS:
                counts[label].append((this[label], other[label]))
    print(f"{'per review':<16}{'this':>16}{'against':>16}   change in {PLACEMENTS} placements")
    for label, pairs in counts.items():
        changes = [100 * (a - b) / b for a, b in pairs]
        low, high = min(changes), max(changes)
        line = f"{label:<16}{pairs[0][0]:>16,}{pairs[0][1]:>16,}   {low:+.1f} % … {high:+.1f} %"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
