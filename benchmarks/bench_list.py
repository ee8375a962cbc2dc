"""Time ``reviewctl list --format json`` and start-up.

    python benchmarks/bench_list.py [--dir /tmp/reviewctl-bench] [--runs 5]

Prints, for archives of 1,000 and 10,000 synthetic reviews, the median wall time of a cold
run (empty row cache) and a warm one; then ``reviewctl --version`` against a bare Typer app
with the same commands. Targets: 10,000 reviews under 1.0 s; start-up within 10 % of the
bare app.
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

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate

BIN = Path(sys.executable).parent / "reviewctl"
KEEP = {"register", "_version", "main"}


def bare_app(target: Path) -> Path:
    """A copy of reviewctl's CLI package whose command bodies are empty.

    Same commands, options and help, so Typer does the same work at start-up; what is left
    to compare is what reviewctl's own modules import before a command runs.
    """
    import ast

    package = target / "barecli"
    shutil.rmtree(package, ignore_errors=True)
    package.mkdir(parents=True)
    source = Path(__file__).resolve().parent.parent / "src" / "reviewctl" / "cli"
    for module in source.glob("*.py"):
        tree = ast.parse(module.read_text())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name not in KEEP:
                node.body = [ast.Expr(ast.Constant(...))]
        code = ast.unparse(tree).replace("reviewctl.cli", "barecli")
        (package / module.name).write_text(code)
    entry = target / "bare_app.py"
    entry.write_text("from barecli.app import app\napp()\n")
    return entry


def timed(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def median(
    cmd: list[str],
    env: dict[str, str],
    runs: int,
    cwd: Path | None = None,
    fresh: Path | None = None,
) -> float:
    times = []
    for _ in range(runs):
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        times.append(timed(cmd, env, cwd))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "reviewctl-bench")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    cache = args.dir / "cache"
    env = {**os.environ, "REVIEWCTL_CACHE_DIR": str(cache)}
    for count in (1_000, 10_000):
        root = generate(args.dir / f"archive-{count}", count)
        cmd = [str(BIN), "list", "--format", "json"]
        cold = median(cmd, env, args.runs, root, fresh=cache)
        timed(cmd, env, root)  # fill the cache
        warm = median(cmd, env, args.runs, root)
        nocache = median(cmd, {**env, "REVIEWCTL_NO_CACHE": "1"}, args.runs, root)
        print(
            f"list --format json, {count:>6} reviews: cold {cold:.2f} s, warm {warm:.2f} s, no cache {nocache:.2f} s"
        )
    bare = bare_app(args.dir)
    ours = median([str(BIN), "--version"], env, args.runs * 2)
    theirs = median([sys.executable, str(bare), "--version"], env, args.runs * 2)
    nothing = median([sys.executable, "-c", "pass"], env, args.runs * 2)
    print(
        f"start-up: reviewctl --version {ours * 1000:.0f} ms, "
        f"the same commands with empty bodies {theirs * 1000:.0f} ms "
        f"({(ours / theirs - 1) * 100:+.0f} %), python -c pass {nothing * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
