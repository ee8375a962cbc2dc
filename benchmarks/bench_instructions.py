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
beside this one. The same code run from folders whose paths differ in length counted up to
4 % apart (parsing: its objects land elsewhere in memory), so both trees are copied to
folders of one length first: there the same code counts within 0.1 %, and a larger
difference is the code's.

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
    sources = [("this", SRC)] + ([("against", args.against.resolve())] if args.against else [])
    print(f"archive: {archive} ({args.count} reviews counted after {WARM})")
    print(f"{'per review':<16}" + "".join(f"{name:>16}" for name, _ in sources))
    with tempfile.TemporaryDirectory(prefix="reviewctl-bench-src-") as copies:
        if args.against:  # each tree at a path of the same length (see the docstring)
            sources = [
                (name, _copy(src, Path(copies) / str(n))) for n, (name, src) in enumerate(sources)
            ]
        counted = [per_review(src, archive, args.count) for _, src in sources]
    for label in WORKS:
        counts = [figures[label] for figures in counted]
        line = f"{label:<16}" + "".join(f"{n:>16,}" for n in counts)
        if len(counts) == 2 and counts[1]:
            line += f"   {100 * (counts[0] - counts[1]) / counts[1]:+.1f} %"
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
