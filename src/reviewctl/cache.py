"""A per-archive cache of ``list`` rows, keyed by each file's size and modification time.

``list`` over a large archive spends nearly all its time parsing YAML; an unchanged file's
row is reused instead. The cache is JSON (never pickle) in ``$REVIEWCTL_CACHE_DIR``, else
``$XDG_CACHE_HOME/reviewctl`` or ``~/.cache/reviewctl``; ``REVIEWCTL_NO_CACHE=1`` turns it off.
A damaged or foreign cache file is ignored and rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from reviewctl import __version__
from reviewctl.archive import iter_files, map_files
from reviewctl.config import Config
from reviewctl.model import Review

Row = dict[str, Any]


def cache_dir() -> Path | None:
    if os.environ.get("REVIEWCTL_NO_CACHE"):
        return None
    if explicit := os.environ.get("REVIEWCTL_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reviewctl"


def _cache_file(config: Config, name: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    # the rows depend on how fields are read: a change of [aliases] starts a new cache
    key = f"{config.root}\0{name}\0{__version__}\0{config.aliases!r}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:16]
    return folder / f"{name}-{digest}.json"


def _load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def cached_rows(
    paths: Iterable[Path], config: Config, fn: Callable[[Review], Row], name: str
) -> list[Row]:
    """``fn(review)`` for every review under ``paths``, reusing rows of unchanged files.

    ``fn`` must return JSON-ready rows. Rows of files that could not be read are not cached.
    """
    found = list(iter_files(paths, config))
    store = _cache_file(config, name)
    cached = _load(store) if store else {}
    keys: dict[int, str] = {}
    rows: dict[int, Row] = {}
    misses: list[int] = []
    for index, item in enumerate(found):
        if not isinstance(item, Path):
            rows[index] = fn(item)
            continue
        try:
            st = item.stat()
        except OSError:
            misses.append(index)
            continue
        key = f"{st.st_size}:{st.st_mtime_ns}"
        keys[index] = key
        hit = cached.get(os.path.abspath(item))
        if hit and hit[0] == key:
            rows[index] = {**hit[1], "path": str(item)}
        else:
            misses.append(index)
    files = [(i, item) for i in misses if isinstance(item := found[i], Path)]
    fresh = map_files([item for _, item in files], config.markers, fn)
    rows.update(zip((i for i, _ in files), fresh, strict=True))
    if store is not None and files:
        for index, item in files:
            if index in keys and rows[index].get("error") is None:
                cached[os.path.abspath(item)] = [keys[index], rows[index]]
        _save(store, cached)
    return [rows[i] for i in range(len(found))]


def _save(path: Path, data: dict[str, Any]) -> None:
    from reviewctl.fs import write_atomic

    with contextlib.suppress(OSError):  # a cache that cannot be written is no error
        write_atomic(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))
