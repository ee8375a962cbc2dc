"""Time every command on pathological but ordinary-looking large reviews (issue 15, point 5).

Usage::

    .venv/bin/python benchmarks/bench_pathological.py [--case NAME ...] [--timeout 60]
        [--commands lint,fix,list,show,spoil,export] [--dir PATH]

Each case is one review generated at several sizes (many cuts, many front matter keys, many
backtick runs, a huge table, many images, headings and link lines, very long lines, deep list
and quote nesting). Every size is written into an archive of its own, and each command runs
on it as a fresh ``python -m reviewctl`` subprocess. The table gives wall seconds and the
peak resident set size of that process (``os.wait4`` in a small launcher process), ``>`` when it was killed at the
timeout, ``!`` when it printed a traceback; ``x`` columns are the time ratio to
the previous size, so a linear command shows about the size ratio (2) and a quadratic one
about its square (4). Target: every command under 5 s and 500 MB per file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

CONFIG = """reviews_dir = "reviews"
cut = "<!--more-->"
spoiler_warning = "Spoilers below the cut."
rating_scale = 10

[[support_links]]
label = "Please support my Patreon"
url = "https://www.patreon.com/bench"
"""

HEAD = """---
title: "Anime Review: Bench"
work: Bench
medium: anime
status: published
date: 2026-01-02
rating: 7
---

A lede of a few ordinary words about the show.

Spoilers below the cut.

<!--more-->

"""
FOOT = "\nIt is available for streaming on Crunchyroll.\n\nPlease support my Patreon: https://www.patreon.com/bench\n"


def cuts(n: int) -> str:
    return HEAD + "".join(f"Paragraph {i} of the body.\n\n<!--more-->\n\n" for i in range(n)) + FOOT


def keys(n: int) -> str:
    extra = "".join(f"key_{i}: value {i}\n" for i in range(n))
    return HEAD.replace("rating: 7\n", "rating: 7\n" + extra) + "Body.\n" + FOOT


def backticks(n: int) -> str:
    # Runs of every length 1..n, none closed: each opens a code span that never ends.
    runs = " ".join("`" * k + f" w{k}" for k in range(1, n + 1))
    return HEAD + runs + "\n" + FOOT


def table(n: int) -> str:
    rows = "".join(f"| row {i} | {i % 10} | some words here |\n" for i in range(n))
    return HEAD + "| Name | Score | Note |\n|---|---|---|\n" + rows + FOOT


def images(n: int) -> str:
    body = "".join(f"![Caption {i} of a scene](images/pic-{i}.png)\n\n" for i in range(n))
    return HEAD + body + FOOT


def headings(n: int) -> str:
    return HEAD + "".join(f"## Heading {i}\n\nText {i}.\n\n" for i in range(n)) + FOOT


def link_lines(n: int) -> str:
    links = "".join(f"Link number {i}: https://example.com/page/{i}\n" for i in range(n))
    return HEAD + "Body.\n" + FOOT + links


def long_line(n: int) -> str:
    return HEAD + " ".join(f"word{i % 97}" for i in range(n)) + "\n" + FOOT


def list_nesting(n: int) -> str:
    return HEAD + "".join("  " * i + f"- item {i}\n" for i in range(n)) + FOOT


def quote_nesting(n: int) -> str:
    return HEAD + "".join(">" * (i + 1) + f" quote {i}\n" for i in range(n)) + FOOT


def emphasis(n: int) -> str:
    return HEAD + "*_" * n + " text " + "\n" + FOOT


def brackets(n: int) -> str:
    return HEAD + "[" * n + "x" + "](" * n + "\n" + FOOT


def comments(n: int) -> str:
    """Comments opened and never closed, then closed ones: what export drops in one pass."""
    return HEAD + "<p>a <!--x" * n + "</p>\n\n" + "<!-- note -->\n" * n + FOOT


def template_tags(n: int) -> str:
    """A shortcode, then backticks and shortcodes never closed: what the generators' tags
    cost (templatetags: a scan each, where a first version backtracked for minutes)."""
    return HEAD + "See {{< youtube abc >}} " + "`" * n + "\n\n" + "{{< a " * n + "\n" + FOOT


def long_word(n: int) -> str:
    """One run of ``n`` letters in prose: a key, a hash (spelling judges no word over 45
    letters, where cutting each into compounds was quadratic: 15 s for 320,000)."""
    return HEAD + "The key was " + "x" * n + " here.\n" + FOOT


CASES: dict[str, tuple[Callable[[int], str], tuple[int, ...]]] = {
    "cuts": (cuts, (500, 1_000, 2_000)),
    "keys": (keys, (5_000, 10_000, 20_000)),
    "backticks": (backticks, (125, 250, 500, 2_000)),
    "table": (table, (25_000, 50_000, 100_000)),
    "images": (images, (2_000, 4_000, 8_000)),
    "headings": (headings, (5_000, 10_000, 20_000)),
    "link_lines": (link_lines, (2_000, 4_000, 8_000)),
    "long_line": (long_line, (250_000, 500_000, 1_000_000)),
    "list_nesting": (list_nesting, (250, 500, 1_000)),
    "quote_nesting": (quote_nesting, (250, 500, 1_000)),
    "emphasis": (emphasis, (25_000, 50_000, 100_000)),
    "brackets": (brackets, (5_000, 10_000, 20_000)),
    "comments": (comments, (10_000, 20_000, 40_000)),
    "template_tags": (template_tags, (5_000, 10_000, 20_000)),
    "long_word": (long_word, (80_000, 160_000, 320_000)),
}

COMMANDS: dict[str, list[str]] = {
    "lint": ["lint", "--format", "json", "--exit-zero", "reviews"],
    "fix": ["lint", "--fix", "--exit-zero", "fix"],
    "list": ["list", "--format", "json", "reviews"],
    "show": ["show", "--no-pager", "--width", "100", "reviews"],
    "spoil": ["show", "--spoilers", "--no-pager", "--width", "100", "reviews"],
    "export": ["export", "--site", "--out", "site", "reviews"],
}


def build(root: Path, name: str, text: str) -> Path:
    """An archive holding one review (and a copy for ``--fix`` to rewrite)."""
    if root.exists():
        shutil.rmtree(root)
    (root / "reviews").mkdir(parents=True)
    (root / "fix").mkdir()
    (root / "reviewctl.toml").write_text(CONFIG, encoding="utf-8")
    (root / "reviews" / f"{name}.md").write_text(text, encoding="utf-8")
    (root / "fix" / f"{name}.md").write_text(text, encoding="utf-8")
    return root


# Run by a small launcher process: a child forked from this (large) process would report
# this process's memory as its own peak, since Linux carries the peak across fork and exec.
LAUNCHER = """
import os, subprocess, sys, time
timeout, errors, *command = sys.argv[1:]
start = time.perf_counter()
with open(errors, "wb") as sink:
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=sink)
deadline = start + float(timeout)
while True:
    pid, status, usage = os.wait4(child.pid, os.WNOHANG)
    if pid:
        break
    if time.perf_counter() > deadline:
        child.kill()
        pid, status, usage = os.wait4(child.pid, 0)
        break
    time.sleep(0.01)
wall = time.perf_counter() - start
print(wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def run(root: Path, args: list[str], timeout: float) -> tuple[float, float, int, bool]:
    """Wall seconds, peak RSS in MB, exit code (-9 when killed at the timeout) and whether
    it printed a traceback."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", COLUMNS="100")
    errors = root / "stderr.txt"
    command = [sys.executable, "-m", "reviewctl", *args]
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(timeout), str(errors), *command],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    wall, rss, code = done.stdout.split()
    crashed = b"Traceback" in errors.read_bytes()
    return float(wall), int(rss) / 1024, int(code), crashed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--case", action="append", choices=sorted(CASES), default=None)
    parser.add_argument("--commands", default=",".join(COMMANDS))
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    commands = [c.strip() for c in args.commands.split(",") if c.strip()]
    base = args.dir or Path(tempfile.gettempdir()) / "reviewctl-bench" / "pathological"
    print(f"{'case':<14}{'size':>9}{'KB':>7} " + "".join(f"{c:>17}" for c in commands))
    worst_time, worst_rss = 0.0, 0.0
    for name in args.case or list(CASES):
        make, sizes = CASES[name]
        previous: dict[str, float] = {}
        for size in sizes:
            text = make(size)
            root = build(base / f"{name}-{size}", name, text)
            cells = []
            for command in commands:
                wall, rss, code, crashed = run(root, COMMANDS[command], args.timeout)
                killed = code == -9
                worst_time, worst_rss = max(worst_time, wall), max(worst_rss, rss)
                ratio = f"x{wall / previous[command]:.1f}" if command in previous else ""
                previous[command] = wall
                mark = ">" if killed else " "
                bad = "!" if crashed or (code not in (0, 1, 2) and not killed) else " "
                cells.append(f"{mark}{wall:6.2f}s {rss:4.0f}M{bad}{ratio:>5}")
            kb = len(text.encode()) / 1024
            print(f"{name:<14}{size:>9}{kb:>7.0f} " + "".join(f"{c:>17}" for c in cells))
            sys.stdout.flush()
    print(f"worst: {worst_time:.2f} s, {worst_rss:.0f} MB peak RSS (target < 5 s, < 500 MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
