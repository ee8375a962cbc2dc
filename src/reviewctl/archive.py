"""Find review files and load them, in order, never dropping one that fails."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

from reviewctl.config import Config
from reviewctl.model import Markers, Problem, Review

T = TypeVar("T")
SUFFIXES = (".md", ".markdown")
# Below this many files a process pool costs more than it saves.
PARALLEL_THRESHOLD = 2000


def iter_names(paths: Iterable[Path], config: Config) -> Iterator[str | Review]:
    """Review files under ``paths``, as path strings: files as given, folders walked in name
    order (a folder's files before its subfolders; symlinked folders listed, not followed).

    A path that does not exist is yielded as a :class:`Review` carrying the error, so callers
    report it in line with the rest. Hidden files and folders and the templates folder are
    skipped, and so are files the config's ``exclude`` globs match (a file named on the command
    line is always linted). Strings, not ``Path`` objects: ten thousand of those cost more
    than a re-export.
    """
    templates = os.path.realpath(config.templates_path)
    excluded = config.excluded if config.exclude else None

    def walk(folder: str) -> Iterator[str]:
        try:
            with os.scandir(folder) as scan:
                items = sorted(scan, key=lambda e: e.name)
        except OSError:
            return
        subfolders = []
        for item in items:
            if item.name.startswith("."):
                continue
            if item.is_dir():
                if not item.is_symlink():
                    subfolders.append(item.path)
            elif item.name.endswith(SUFFIXES) and (excluded is None or not excluded(item.path)):
                yield item.path
        for sub in subfolders:
            if os.path.realpath(sub) != templates:
                yield from walk(sub)

    for path in paths:
        if path.is_file():
            yield os.fspath(path)
        elif path.is_dir():
            yield from walk(os.fspath(path))
        else:
            yield Review(path, error=Problem("no such file or directory", kind="read"))


def iter_files(paths: Iterable[Path], config: Config) -> Iterator[Path | Review]:
    """:func:`iter_names`, as ``Path`` objects."""
    for item in iter_names(paths, config):
        yield Path(item) if isinstance(item, str) else item


def default_paths(config: Config) -> list[Path]:
    """The archive's reviews folder, or its root when that folder does not exist."""
    reviews = config.root / config.reviews_dir
    return [reviews if reviews.is_dir() else config.root]


def _map_chunk(
    args: tuple[list[Path], Markers, Callable[[Review], T]],
) -> list[T]:
    from reviewctl.parse import parse_review

    paths, markers, fn = args
    return [fn(parse_review(p, markers)) for p in paths]


def map_files(
    files: list[Path], markers: Markers, fn: Callable[[Review], T], *, jobs: int | None = None
) -> list[T]:
    """Parse ``files`` and apply ``fn`` to each, in order; large batches use every core.

    Each worker parses its share and returns only what ``fn`` makes of it (a record,
    findings), never the whole text. ``fn`` must be a module-level function (or a
    ``functools.partial`` of one) so it can be sent to a worker.
    """
    from reviewctl.parse import parse_review  # PyYAML: only when something is parsed

    workers = min(jobs or os.cpu_count() or 1, 8)
    if workers > 1 and len(files) >= PARALLEL_THRESHOLD:
        size = -(-len(files) // (workers * 4))
        chunks = [(files[i : i + size], markers, fn) for i in range(0, len(files), size)]
        with ProcessPoolExecutor(workers) as pool:
            return [r for chunk in pool.map(_map_chunk, chunks) for r in chunk]
    return [fn(parse_review(f, markers)) for f in files]


def map_reviews(
    paths: Iterable[Path],
    config: Config,
    fn: Callable[[Review], T],
    *,
    jobs: int | None = None,
) -> list[T]:
    """:func:`map_files` over every review under ``paths``; missing paths pass through ``fn``
    as reviews that carry their error."""
    found = list(iter_files(paths, config))
    results = iter(
        map_files([f for f in found if isinstance(f, Path)], config.markers, fn, jobs=jobs)
    )
    return [next(results) if isinstance(f, Path) else fn(f) for f in found]


def _identity(review: Review) -> Review:
    return review


def load_reviews(paths: Iterable[Path], config: Config, *, jobs: int | None = 1) -> list[Review]:
    """Parse every review under ``paths``, in order (one process unless ``jobs`` says more)."""
    return map_reviews(paths, config, _identity, jobs=jobs)
