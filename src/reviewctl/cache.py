"""``list`` rows of every review, remembered in the archive index between runs.

``list`` over a large archive spends nearly all its time parsing YAML; an unchanged file's
row is reused instead (see :mod:`reviewctl.index` for what "unchanged" means and where the
index lives). ``REVIEWCTL_NO_CACHE=1`` or ``--no-cache`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from reviewctl.archive import iter_files, map_files
from reviewctl.config import Config
from reviewctl.index import Index, package_fingerprint, stamp
from reviewctl.model import Review

Row = dict[str, Any]


def rows_key(config: Config, name: str) -> str:
    """Rows are valid for one config and one installed reviewctl."""
    data = f"{name}\0{package_fingerprint()}\0{config!r}".encode()
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def cached_rows(
    paths: Iterable[Path],
    config: Config,
    fn: Callable[[Review], Row],
    name: str,
    *,
    use_index: bool = True,
    jobs: int | None = None,
    problems: list[str] | None = None,
) -> list[Row]:
    """``fn(review)`` for every review under ``paths``, reusing rows of unchanged files.

    ``fn`` must return JSON-ready rows. Rows of files that could not be read are not kept.
    Index problems (corrupt, locked, read-only) are appended to ``problems``.
    """
    paths = list(paths)
    found = list(iter_files(paths, config))
    index = Index.open(config.root) if use_index else Index(None)
    with index:
        key = rows_key(config, name)
        stamps: dict[int, str] = {}
        for position, item in enumerate(found):
            if isinstance(item, Path):
                with contextlib.suppress(OSError):
                    stamps[position] = stamp(os.stat(item))
        absolute = {i: os.path.abspath(os.fspath(found[i])) for i in stamps}  # type: ignore[arg-type]
        known = index.rows(name, key, absolute.values())
        rows: dict[int, Row] = {}
        misses: list[int] = []
        for position, item in enumerate(found):
            if not isinstance(item, Path):
                rows[position] = fn(item)
                continue
            hit = known.get(absolute.get(position, ""))
            if hit is not None and hit[0] == stamps.get(position) and isinstance(hit[1], dict):
                rows[position] = {**hit[1], "path": str(item)}
            else:
                misses.append(position)
        files = [(i, item) for i in misses if isinstance(item := found[i], Path)]
        fresh = map_files(
            [item for _, item in files], config.markers, fn, jobs=jobs, limit=config.max_file_size
        )
        rows.update(zip((i for i, _ in files), fresh, strict=True))
        index.save_rows(
            name,
            key,
            [
                (absolute[i], stamps[i], rows[i])
                for i, _ in files
                if i in stamps and rows[i].get("error") is None
            ],
        )
        index.forget_missing(
            (os.path.abspath(p) for p in paths if p.is_dir()), set(absolute.values())
        )
        if problems is not None:
            problems.extend(index.problems)
    return [rows[i] for i in range(len(found))]
