"""Benchmark ``reviewctl lint`` cold over a synthetic archive of 10,000 reviews.

Usage::

    .venv/bin/python benchmarks/bench_lint.py [--count 10000] [--dir PATH] [--runs 3]

The archive (about 6 KB per review, one in ten with deliberate defects) is built once in
``$TMPDIR/reviewctl-bench-<count>`` (or ``--dir``) and reused. Each run starts a fresh
``python -m reviewctl lint`` subprocess and reports its wall time and the peak resident set
size of the slowest-growing child process (``resource.getrusage(RUSAGE_CHILDREN)``).

If ``benchmarks/generate.py`` exists and offers ``generate(root, count)``, it is used instead of
the generator below so every benchmark measures the same archive.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

CONFIG = """\
reviews_dir = "reviews"
author = "Bench"

[[support_links]]
label = "Patreon"
url = "https://www.patreon.com/bench"

[[support_links]]
label = "Ko-Fi"
url = "https://ko-fi.com/bench"
"""

MEDIA = {
    "anime": ("Anime Review: {work}", "streaming on Crunchyroll"),
    "film": ("Movie Review: {work}", "streaming on Netflix"),
    "game": ("Game Review: {work}", "for purchase on Steam"),
    "book": ("Book Review: {work}", "to buy at your local bookshop"),
}
WORDS = [
    "the",
    "series",
    "story",
    "character",
    "animation",
    "studio",
    "season",
    "episode",
    "action",
    "world",
    "theme",
    "music",
    "scene",
    "ending",
    "writing",
    "pacing",
    "cast",
    "direction",
    "setting",
    "mystery",
    "journey",
    "conflict",
    "plot",
    "arc",
    "really",
    "quite",
    "never",
    "always",
    "often",
    "great",
    "weak",
    "strong",
    "clever",
    "slow",
    "fast",
    "bright",
    "dark",
    "quiet",
]
ADJ = ["Metallic", "Crimson", "Silent", "Broken", "Golden", "Hidden", "Endless", "Frozen"]
NOUN = ["Rouge", "Garden", "Signal", "Harbor", "Circuit", "Empire", "Lantern", "Orbit"]


def _paragraph(rng: random.Random, words: int) -> str:
    out = [rng.choice(WORDS) for _ in range(words)]
    out[0] = out[0].capitalize()
    text = " ".join(out)
    return ". ".join(s.strip().capitalize() for s in text.split(" the ") if s.strip()) + "."


def make_review(index: int, rng: random.Random) -> str:
    medium = list(MEDIA)[index % len(MEDIA)]
    pattern, where = MEDIA[medium]
    work = f"{rng.choice(ADJ)} {rng.choice(NOUN)} {index}"
    defect = index % 10 == 0
    kind = (index // 10) % 6
    front = [
        "---",
        f'title: "{pattern.replace("{work}", work)}"',
        f'work: "{work}"',
        f"medium: {medium}",
        "status: published",
        f"date: 2024-{index % 12 + 1:02d}-{index % 28 + 1:02d}",
        f"tags: [{medium}, review]",
        f"rating: {index % 10 + 1}",
    ]
    if defect and kind == 0:
        front.append("where_to_wach: Crunchyroll")
    front.append("---")
    lede = _paragraph(rng, 90) + f" {work} is worth a look."
    body = [lede, "", "Spoilers below the cut.", ""]
    if not (defect and kind == 1):
        body += ["<!--more-->", ""]
    for n in range(8):
        text = _paragraph(rng, 95)
        if n == 3:
            text += f" {work} keeps its best scene for last."
        if defect and kind == 2 and n == 4:
            text += " TODO: check the studio name."
        if defect and kind == 3 and n == 5:
            text += f" {work.replace(work.split()[0], 'Magnetic')} surprised me."
        body += [text, ""]
        if n == 2:
            body += ["```", "not prose: TODO inside code is fine", "```", ""]
        if n == 6:
            alt = "" if defect and kind == 4 else f"A still from {work}"
            body += [f"![{alt}](/img/{index}.jpg)", ""]
    body += [f"{work} is currently available {where}.", ""]
    scheme = "http" if defect and kind == 5 else "https"
    body += [f"Patreon: {scheme}://www.patreon.com/bench", "Ko-Fi: https://ko-fi.com/bench"]
    return "\n".join(front) + "\n\n" + "\n".join(body) + "\n"


def generate(root: Path, count: int) -> None:
    """Write ``count`` reviews under ``root/reviews`` plus ``root/reviewctl.toml``."""
    rng = random.Random(20240101)
    root.mkdir(parents=True, exist_ok=True)
    (root / "reviewctl.toml").write_text(CONFIG, encoding="utf-8")
    for index in range(count):
        medium = list(MEDIA)[index % len(MEDIA)]
        folder = root / "reviews" / medium / f"{index // 1000:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"review-{index:05d}.md").write_text(make_review(index, rng), encoding="utf-8")


def _shared_generator() -> object | None:
    path = HERE / "generate.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("reviewctl_bench_generate", path)
    if spec is None or spec.loader is None:
        return None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, "generate", None)


def ensure_archive(root: Path, count: int) -> Path:
    marker = root / f".complete-{count}"
    if marker.exists():
        return root
    root.mkdir(parents=True, exist_ok=True)
    shared = _shared_generator()
    if callable(shared):
        shared(root, count)
    else:
        generate(root, count)
    if not (root / "reviewctl.toml").exists():
        (root / "reviewctl.toml").write_text(CONFIG, encoding="utf-8")
    marker.touch()
    return root


def run_once(root: Path) -> tuple[float, float, int, int]:
    """One cold run: wall seconds, CPU seconds, exit code, peak child RSS in KiB so far."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, "-m", "reviewctl", "lint", "--format", "json", "--exit-zero"]
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
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    kind = "shared" if (HERE / "generate.py").is_file() else "own"
    root = args.dir or Path(tempfile.gettempdir()) / f"reviewctl-bench-{kind}-{args.count}"
    started = time.perf_counter()
    ensure_archive(root, args.count)
    files = sum(1 for _ in (root / "reviews").rglob("*.md"))
    size = sum(p.stat().st_size for p in (root / "reviews").rglob("*.md"))
    print(
        f"archive: {root} ({files} files, {size / 1e6:.1f} MB, ready in "
        f"{time.perf_counter() - started:.1f} s)"
    )
    walls = []
    peak = 0
    for n in range(args.runs):
        wall, cpu, code, peak = run_once(root)
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
