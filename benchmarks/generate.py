"""Generate a synthetic review archive for benchmarks.

    python benchmarks/generate.py DIR [--count 10000] [--seed 7]

Each review is ~6 KB in the house style; about one in twenty is defective (broken YAML,
no cut, no footer, a missing support link or a placeholder left in).
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import tempfile
from pathlib import Path

MEDIA = {
    "anime": ("Anime Review: {work}", "Anime", "streaming on Crunchyroll"),
    "film": ("Movie Review: {work}", "Movies", "streaming on Mubi"),
    "tv": ("TV Review: {work}", "TV", "streaming on BBC iPlayer"),
    "game": ("Game Review: {work}", "Games", "purchase on Steam"),
    "book": ("Book Review: {work}", "Books", "purchase at most bookshops"),
}
WORDS = [
    "lantern",
    "harbour",
    "signal",
    "archive",
    "courier",
    "tide",
    "river",
    "glass",
    "quiet",
    "northern",
    "city",
    "garden",
    "engine",
    "winter",
    "season",
    "story",
    "character",
    "ending",
    "animation",
    "music",
    "chapter",
    "world",
    "mystery",
    "careful",
    "bright",
    "slow",
    "gentle",
    "sharp",
    "brave",
    "honest",
    "uneven",
    "lovely",
    "patient",
    "clever",
    "strange",
]
LINKS = [
    ("Please support my Patreon", "https://www.patreon.com/benchmark"),
    ("Buy me a coffee at Ko-Fi", "https://ko-fi.com/benchmark"),
    ("Watch my Live-Streams on", "https://twitch.tv/benchmark"),
    ("Check out my Let's Plays at", "https://www.youtube.com/@Benchmark"),
]
CONFIG = 'reviews_dir = "reviews"\nauthor = "Bench Mark"\n' + "".join(
    f'\n[[support_links]]\nlabel = "{label}"\nurl = "{url}"\n' for label, url in LINKS
)


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(sentences))


def review(rng: random.Random, index: int) -> tuple[str, str, str]:
    medium = rng.choice(list(MEDIA))
    pattern, category, where = MEDIA[medium]
    work = f"{rng.choice(WORDS).title()} {rng.choice(WORDS).title()} {index}"
    defect = rng.randrange(20) if index % 20 == 0 else -1
    title = pattern.format(work=work)
    front = [
        "---",
        f'title: "{title}"' if defect != 0 else f"title: {title}",  # unquoted ': ' breaks YAML
        f"work: {work}",
        f"medium: {medium}",
        f"category: {category}",
        f"status: {rng.choice(['draft', 'published', 'published', 'published'])}",
        # no date after 2025: a review dated ahead of the run is not exported (it waits for
        # its day), so the archive is the same whenever it is timed (the draw is the same)
        f"date: 20{min(rng.randint(15, 26), 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        f"tags: [{medium}, {rng.choice(WORDS)}, {rng.choice(WORDS)}]",
        f"rating: {rng.randint(1, 10)}",
        "where_to_watch: Somewhere",
        "---",
    ]
    body = [paragraph(rng, 3), "", "Spoilers below the cut.", ""]
    if defect != 1:
        body += ["<!--more-->", ""]
    for section in range(10):
        body += [paragraph(rng, rng.randint(4, 6)), ""]
        if section == 2:
            body += [f"![{work}, a still from the middle](images/{index}.png)", ""]
        if section == 4 and defect == 3:
            body += ["TODO: finish this section.", ""]
    body += [
        "## Verdict",
        "",
        paragraph(rng, 2),
        "",
        f"{work} is currently available for {where}.",
        "",
    ]
    links = LINKS if defect != 4 else LINKS[:2]
    if defect != 2:
        body += [
            f"{label}: {url}" if not label.endswith(("on", "at")) else f"{label} {url}"
            for label, url in links
        ]
    return medium, f"{work.lower().replace(' ', '-')}.md", "\n".join([*front, "", *body]) + "\n"


# The smallest valid PNG (1x1, grey): every review's image exists, as in a real archive.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010800000000"
    "3a7e9b550000000a49444154789c636800000082008177cd72b60000000049454e44ae426082"
)


def installed_env(**extra: str) -> dict[str, str]:
    """The environment for timing ``python -m reviewctl`` as a user runs it: the package
    byte-compiled once (as ``pip install`` does), never compiled from source per run."""
    import reviewctl

    compileall.compile_dir(Path(reviewctl.__file__).parent, quiet=1)
    env = dict(os.environ, **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def archive_options(parser: argparse.ArgumentParser, runs: int = 3) -> None:
    """The options of a benchmark over the generated archive: its size, folder and runs."""
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--dir", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=runs)


def archive(args: argparse.Namespace) -> Path:
    """The archive :func:`archive_options` name, generated on first use
    (``$TMPDIR/reviewctl-bench/archive-<count>`` unless ``--dir``)."""
    default = Path(tempfile.gettempdir()) / "reviewctl-bench" / f"archive-{args.count}"
    return generate(args.dir or default, args.count)


def generate(root: Path, count: int, seed: int = 7) -> Path:
    """Write ``count`` reviews under ``root`` (skipped if it already holds that many)."""
    marker = root / ".generated"
    if marker.exists() and marker.read_text() == f"{count} {seed} images past":
        return root
    rng = random.Random(seed)
    (root / "reviewctl.toml").parent.mkdir(parents=True, exist_ok=True)
    (root / "reviewctl.toml").write_text(CONFIG)
    for index in range(count):
        medium, name, text = review(rng, index)
        path = root / "reviews" / medium / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        (path.parent / "images").mkdir(exist_ok=True)
        (path.parent / "images" / f"{index}.png").write_bytes(PNG)
    marker.write_text(f"{count} {seed} images past")
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dir", type=Path)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    generate(args.dir, args.count, args.seed)
    print(f"{args.count} reviews in {args.dir}")


if __name__ == "__main__":
    main()
