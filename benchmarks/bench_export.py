"""Benchmark ``reviewctl export --site`` over a synthetic archive of 10,000 reviews.

    python benchmarks/bench_export.py [--count 10000] [--dir /tmp/bench-export]

Builds the archive with ``benchmarks/generate.py`` (one review in twenty deliberately
defective: those are reported and skipped, exit status 1), then times, as subprocesses: a
cold export into an empty folder, a re-export with nothing changed, and a re-export after one
review's body changed. Wall-clock and CPU seconds are both printed: on a shared machine the CPU
figure is the steadier one. Targets (issue 5): the cold export no slower than Hugo building the
same content in the same run (about 5.5 s on the 2-core reference machine); the re-export after
one change under 0.5 s.

When ``hugo`` is on PATH, the same reviews (those the export publishes: not the broken ones,
not the drafts) are laid out as a Hugo site of page bundles, each review's image beside it,
with a minimal theme (a page per review, a list per medium and per tag, the index, Hugo's
default RSS), and ``hugo`` builds it cold in the same run. Without hugo that row is skipped.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

TARGET_COLD = 5.5  # Hugo on the reference machine, when hugo is not installed here
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
    if result.returncode not in (0, 2):  # 2: the archive's deliberately broken files skipped
        sys.exit(f"export failed ({result.returncode}):\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


# What the export builds: a page per review, per medium (section) and per tag (term), the tag
# list, the index, one feed of the twenty newest (Hugo's default RSS template).
HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Reviews"
languageCode = "en"
disableKinds = ["sitemap", "robotsTXT", "404"]
rssLimit = 20
[outputs]
home = ["HTML", "RSS"]
section = ["HTML"]
taxonomy = ["HTML"]
term = ["HTML"]
[taxonomies]
tag = "tags"
[markup.goldmark.renderer]
unsafe = true  # raw HTML passes through, as in reviewctl's default
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>\n'
    ),
    "_default/single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1>'
        '<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}'
        "</time><ul>{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>"
        "{{ .Content }}</article>{{ end }}\n"
    ),
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}'
        "</li>{{ end }}</ul>{{ end }}\n"
    ),
    "index.html": (
        '{{ define "main" }}<h1>{{ .Site.Title }}</h1>'
        "{{ range first 10 .Site.RegularPages }}<h2>{{ .Title }}</h2>{{ .Summary }}{{ end }}"
        "<ul>{{ range .Site.RegularPages }}"
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n'
    ),
}


def hugo_site(archive: Path, site: Path, trash: Path) -> int:
    """The reviews the export publishes, as a Hugo site of page bundles; how many.

    Hard links when the file system allows (the content is the same files), else copies.
    Made once per archive.
    """
    marker = site / ".generated"
    stamp = (archive / ".generated").read_text()
    if marker.exists() and marker.read_text().startswith(stamp + " "):
        return int(marker.read_text().rsplit(" ", 1)[1])
    aside(site, trash)
    (site / "content").mkdir(parents=True)
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    for rel, text in HUGO_LAYOUTS.items():
        (site / "layouts" / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / rel).write_text(text)
    count = 0
    for path in sorted((archive / "reviews").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        try:
            meta = yaml.safe_load(text.split("---\n", 2)[1])
        except (IndexError, yaml.YAMLError):
            continue  # reported and skipped by the export too
        if not isinstance(meta, dict) or meta.get("status") == "draft":
            continue
        bundle = site / "content" / path.parent.name / path.stem
        bundle.mkdir(parents=True)
        _link(path, bundle / "index.md")
        for image in re.findall(r"!\[[^\]]*\]\((images/[^)\s]+)\)", text):
            (bundle / "images").mkdir(exist_ok=True)
            _link(path.parent / image, bundle / image)
        count += 1
    marker.write_text(f"{stamp} {count}")
    return count


def aside(path: Path, trash: Path) -> None:
    """Move ``path`` into ``trash``, deleted once everything is timed.

    Deleting thousands of files just before a timed run would slow it down: ext4 without a
    journal (this machine's) skips inodes freed in the last 30 s or so when it allocates new
    ones, one by one, and a cold build allocates tens of thousands.
    """
    if path.exists():
        trash.mkdir(parents=True, exist_ok=True)
        path.rename(trash / f"{path.name}-{time.time_ns()}")


def _link(source: Path, dest: Path) -> None:
    try:
        os.link(source, dest)
    except OSError:
        shutil.copyfile(source, dest)


def timed_hugo(site: Path, trash: Path) -> tuple[float, float] | None:
    """Wall-clock and CPU seconds of a cold ``hugo`` build of ``site``; None without hugo."""
    hugo = shutil.which("hugo")
    if hugo is None:
        return None
    public = site / "public"
    aside(public, trash)
    aside(site / "resources", trash)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [hugo, "--quiet", "--buildFuture", "--source", str(site), "--destination", str(public)],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"hugo failed ({result.returncode}):\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, help="work folder (default: a temporary one)")
    args = parser.parse_args()
    work = args.dir or Path(tempfile.mkdtemp(prefix="bench-export-"))
    archive, out, trash = work / "archive", work / "site", work / "trash"
    try:
        started = time.perf_counter()
        generate(archive, args.count)
        hugo: tuple[float, float] | None = None
        if shutil.which("hugo"):
            published = hugo_site(archive, work / "hugo", trash)
        print(f"archive of {args.count} reviews ready in {time.perf_counter() - started:.1f} s")
        aside(out, trash)
        if shutil.which("hugo"):
            hugo = timed_hugo(work / "hugo", trash)
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
        target_cold = f"target <= {hugo[0] if hugo else TARGET_COLD:.2f} s"
        rows = [
            ("cold export", cold, target_cold + (" (hugo)" if hugo else " (reference)")),
            ("re-export, nothing changed", same, ""),
            ("re-export, one review changed", changed, f"target < {TARGET_CHANGE} s"),
        ]
        for label, (wall, cpu), target in rows:
            print(f"  {label + ':':31} {wall:6.2f} s wall {cpu:6.2f} s CPU   {target}")
        if hugo is not None:
            label = f"hugo, cold ({published} pages):"
            print(f"  {label:31} {hugo[0]:6.2f} s wall {hugo[1]:6.2f} s CPU   same content")
        else:
            print("  hugo: not on PATH, skipped (apt-get install hugo to compare)")
    finally:
        shutil.rmtree(trash, ignore_errors=True)
        if args.dir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
