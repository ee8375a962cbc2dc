"""Benchmark ``reviewctl import wordpress`` on a generated 5,000-post WXR export.

Usage::

    .venv/bin/python benchmarks/bench_import.py [--count 5000] [--runs 3]

The export is generated (seeded, so every run measures the same file) in
``$TMPDIR/reviewctl-bench/wxr-<count>.xml``: classic-editor reviews in the house shape (a lede,
the warning and ``<!--more-->``, paragraphs with links and emphasis, a ``[caption]`` image, the
availability line and the support footer), every fifth one from the block editor, plus one
attachment per post for the featured image. Each run imports into a fresh empty archive in a
new ``python -m reviewctl`` process and reports wall and CPU time; a last run imports the same
export again (nothing to write) to time the idempotent pass. Target: under 10 s.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import installed_env

WORDS = [
    "the", "show", "city", "light", "harbour", "quiet", "episode", "season", "keeper",
    "courier", "story", "fog", "island", "slow", "warm", "music", "finale", "characters",
    "pacing", "animation", "voice", "cast", "plot", "mystery", "friendship", "ending", "scene",
    "world", "rain", "lantern", "tide", "ferry", "letter", "signal", "evening", "quietly",
]  # fmt: skip
MEDIA = (("Anime", "Anime Review"), ("Movies", "Movie Review"), ("Games", "Game Review"))
FOOTER = (
    "Please support my Patreon: https://www.patreon.com/junipervale\n"
    "Buy me a coffee at Ko-Fi: https://ko-fi.com/junipervale"
)


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    parts = [sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(3, 6))]
    parts[1] = f'{parts[1][:-1]} <a href="https://example.org/{rng.randint(1, 999)}">here</a>.'
    parts[-1] = f"<em>{parts[-1]}</em>"
    return " ".join(parts)


def content(rng: random.Random, work: str, number: int, blocks: bool) -> str:
    lede = f"{work} is {sentence(rng, 30)}"
    body = [paragraph(rng) for _ in range(rng.randint(5, 9))]
    image = (
        f'[caption id="attachment_{number}" align="aligncenter" width="800"]'
        f'<img src="https://blog.example/wp-content/uploads/{number}.jpg" alt="" /> '
        f"{sentence(rng, 6)[:-1]}[/caption]"
    )
    available = f"{work} is currently available for streaming on Crunchyroll."
    if not blocks:
        return "\n\n".join(
            [lede, "Spoilers below the cut.\n<!--more-->", *body[:2], image, *body[2:],
             available, FOOTER]
        )  # fmt: skip
    wrap = "<!-- wp:paragraph -->\n<p>{}</p>\n<!-- /wp:paragraph -->".format
    return "\n\n".join(
        [wrap(lede), wrap("Spoilers below the cut."), "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->",
         *map(wrap, body), wrap(available), wrap(FOOTER.replace("\n", "<br>"))]
    )  # fmt: skip


def generate(path: Path, count: int) -> Path:
    if path.exists():
        return path
    rng = random.Random(count)
    path.parent.mkdir(parents=True, exist_ok=True)
    items = []
    for number in range(1, count + 1):
        category, prefix = MEDIA[number % len(MEDIA)]
        work = " ".join(rng.choice(WORDS).title() for _ in range(2)) + f" {number}"
        status = "draft" if number % 17 == 0 else "publish"
        items.append(
            f"""<item><title><![CDATA[{prefix}: {work}]]></title>
<dc:creator><![CDATA[juniper]]></dc:creator>
<content:encoded><![CDATA[{content(rng, work, number, number % 5 == 0)}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{number * 2}</wp:post_id>
<wp:post_date>2024-01-01 10:00:00</wp:post_date>
<wp:post_date_gmt>2024-01-01 09:00:00</wp:post_date_gmt>
<wp:post_name><![CDATA[review-{number}]]></wp:post_name>
<wp:status>{status}</wp:status>
<wp:post_type>post</wp:post_type>
<category domain="category" nicename="{category.lower()}"><![CDATA[{category}]]></category>
<category domain="post_tag" nicename="tag-{number % 40}"><![CDATA[tag {number % 40}]]></category>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{number * 2 + 1}</wp:meta_value></wp:postmeta>
</item>
<item><title>image {number}</title><wp:post_id>{number * 2 + 1}</wp:post_id>
<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>
<wp:attachment_url>https://blog.example/wp-content/uploads/{number}.jpg</wp:attachment_url>
</item>
"""
        )
    head = (
        '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" '
        'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">'
        "\n<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
        "<wp:base_site_url>https://blog.example</wp:base_site_url>\n"
    )
    path.write_text(head + "".join(items) + "</channel>\n</rss>\n", encoding="utf-8")
    return path


def run_once(source: Path, archive: Path) -> tuple[float, float, int]:
    env = installed_env()
    command = [sys.executable, "-m", "reviewctl", "import", "wordpress", str(source)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=archive, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.stderr.write(done.stderr.decode("utf-8", "replace")[-2000:])
    return wall, cpu, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bench = Path(tempfile.gettempdir()) / "reviewctl-bench"
    source = generate(bench / f"wxr-{args.count}.xml", args.count)
    print(f"export: {source} ({args.count} posts, {source.stat().st_size / 1e6:.1f} MB)")
    archive = bench / "import-archive"
    walls = []
    for run in range(1, args.runs + 1):
        shutil.rmtree(archive, ignore_errors=True)
        archive.mkdir(parents=True)
        wall, cpu, code = run_once(source, archive)
        files = sum(1 for _ in (archive / "reviews").rglob("*.md"))
        walls.append(wall)
        print(
            f"run {run}: {wall:.2f} s wall, {cpu:.2f} s CPU, exit {code}, {files} reviews written"
        )
    wall, cpu, code = run_once(source, archive)
    print(f"again (nothing to write): {wall:.2f} s wall, {cpu:.2f} s CPU, exit {code}")
    best = min(walls)
    print(
        f"best: {best:.2f} s for {args.count} posts ({args.count / best:.0f} posts/s); target < 10 s"
    )
    return 0 if best < 10 else 1


if __name__ == "__main__":
    raise SystemExit(main())
