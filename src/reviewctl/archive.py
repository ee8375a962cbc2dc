"""Find review files and load them, in order, never dropping one that fails."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from reviewctl.config import Config
from reviewctl.model import Markers, Problem, Review
from reviewctl.parse import parse_review

SUFFIXES = (".md", ".markdown")
# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 2000


def iter_files(paths: Iterable[Path], config: Config) -> Iterator[Path | Review]:
    """Review files under ``paths`` (files as given, folders walked, sorted).

    A path that does not exist is yielded as a :class:`Review` carrying the error, so callers
    report it in line with the rest. Hidden folders and the templates folder are skipped.
    """
    templates = config.templates_path.resolve()
    for path in paths:
        if path.is_file():
            yield path
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                here = Path(root)
                dirs[:] = sorted(
                    d for d in dirs if not d.startswith(".") and (here / d).resolve() != templates
                )
                for name in sorted(files):
                    if name.endswith(SUFFIXES) and not name.startswith("."):
                        yield here / name
        else:
            yield Review(path, error=Problem("no such file or directory", kind="read"))


def default_paths(config: Config) -> list[Path]:
    """The archive's reviews folder, or its root when that folder does not exist."""
    reviews = config.root / config.reviews_dir
    return [reviews if reviews.is_dir() else config.root]


def _parse_chunk(args: tuple[list[Path], Markers]) -> list[Review]:
    paths, markers = args
    reviews = [parse_review(p, markers) for p in paths]
    for review in reviews:
        _ = review.words  # computed here, in the worker, and pickled back with the review
    return reviews


def load_reviews(paths: Iterable[Path], config: Config, *, jobs: int | None = None) -> list[Review]:
    """Parse every review under ``paths``, in order; large archives use every core."""
    found = list(iter_files(paths, config))
    files = [f for f in found if isinstance(f, Path)]
    markers = config.markers
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    if workers > 1 and len(files) >= PARALLEL_THRESHOLD:
        size = max(1, len(files) // (workers * 4))
        chunks = [files[i : i + size] for i in range(0, len(files), size)]
        with ProcessPoolExecutor(workers) as pool:
            parsed = iter([r for chunk in pool.map(_parse_chunk, [(c, markers) for c in chunks]) for r in chunk])
    else:
        parsed = (parse_review(f, markers) for f in files)
    return [next(parsed) if isinstance(f, Path) else f for f in found]
