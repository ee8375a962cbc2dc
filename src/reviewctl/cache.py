"""Results remembered per file in the archive index: ``list`` rows and ``lint`` findings.

A file whose stamp (see :func:`reviewctl.fs.stamp`) matches what the index holds under
the run's key is not read again: its remembered result is used. ``REVIEWCTL_NO_CACHE=1`` or
``--no-cache`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from reviewctl.fs import absolute, stamp, working_folder
from reviewctl.index import Index, package_fingerprint

if TYPE_CHECKING:
    from reviewctl.config import Config
    from reviewctl.model import Review

Row = dict[str, Any]


@dataclass(slots=True)
class Lookup:
    """What the index remembers of a run's files under one kind and key."""

    #: position → (absolute path, stamp) of every file that could be stat'ed
    stamps: dict[int, tuple[str, str]]
    #: position → the remembered value of an unchanged file
    hits: dict[int, Any]
    #: positions of files to compute (changed, new, or not remembered)
    misses: list[int]
    #: whether the index may hold rows of files the run did not find (deleted reviews)
    stale: bool
    #: every row the index holds of this kind and key: absolute path → (stamp, encoded row)
    known: dict[str, tuple[str, str]]


#: absolute path → (absolute path, stamp), or ``None`` when it cannot be stat'ed: a run's
#: files are stat'ed once though several lookups (lint findings, front matter digests) need
#: them
Stamps = dict[str, tuple[str, str] | None]


def stamps_of(paths: Sequence[str]) -> list[str]:
    """The stamps of ``paths`` ("": cannot be stat'ed), in one loop (10,000 files: 30 ms,
    where a call per file that also made its path absolute took 50)."""
    out = []
    stat = os.stat
    for path in paths:
        try:
            out.append(stamp(stat(path)))
        except OSError:
            out.append("")
    return out


def look_up(
    index: Index,
    kind: str,
    key: str,
    found: Sequence[str | Review],
    seen: Stamps | None = None,
    *,
    readers_stamp: bool = False,
    only_found: bool = False,
) -> Lookup:
    """Split ``found`` (walker output) into remembered results and files to compute.

    With ``readers_stamp``, files are not stat'ed when the index remembers none of them:
    the caller puts the stamps its readers took (:attr:`Review.stamp`) into ``stamps``.
    With ``only_found`` (a run of a few named files), only their rows are read, not the
    archive's (lint of one file of 10,000: 20-35 ms less); rows of deleted files are then
    left to a run over their folder.
    """
    cwd = working_folder()
    positions = [i for i, item in enumerate(found) if isinstance(item, str)]
    names = [cast(str, found[i]) for i in positions]
    fulls = [absolute(name, cwd) for name in names] if only_found else []
    known = index.rows(kind, key, paths=fulls if only_found else None)
    seen = {} if seen is None else seen
    stamps: dict[int, tuple[str, str]] = {}
    hits: dict[int, Any] = {}
    misses: list[int] = []
    matched = 0
    if readers_stamp and not known:
        return Lookup(stamps, hits, positions, True, known)
    fulls = fulls or [absolute(name, cwd) for name in names]
    unseen = [k for k, full in enumerate(fulls) if full not in seen]
    for k, mark in zip(unseen, stamps_of([names[k] for k in unseen]), strict=True):
        seen[fulls[k]] = (fulls[k], mark) if mark else None
    for position, full in zip(positions, fulls, strict=True):
        entry = seen[full]
        if entry is None:
            misses.append(position)
            continue
        stamps[position] = entry
        hit = known.get(entry[0])
        if hit is None:
            misses.append(position)
            continue
        matched += 1
        if hit[0] == entry[1] and (value := index.decode(hit[1])) is not None:
            hits[position] = value
        else:
            misses.append(position)
    stale = not only_found and (not known or len(known) > matched)
    return Lookup(stamps, hits, misses, stale, known)


def remember(
    index: Index,
    kind: str,
    key: str,
    lookup: Lookup,
    values: dict[int, Any],
    paths: Iterable[Path],
) -> None:
    """Save the computed ``values`` (position → JSON-ready value) of the lookup's misses, and
    forget files under ``paths`` that are gone (only when something may be stale)."""
    index.save_rows(kind, key, [(*lookup.stamps[i], v) for i, v in values.items()])
    if lookup.stale:
        present = {a for a, _ in lookup.stamps.values()}
        folders = (os.path.abspath(p) for p in paths if os.path.isdir(p))
        index.forget_missing(kind, folders, present)


def rows_key(config: Config, name: str) -> str:
    """Rows are valid for one config and one installed reviewctl."""
    data = f"{name}\0{package_fingerprint()}\0{config!r}".encode()
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _stamped(fn: Callable[[Review], Row], review: Review) -> tuple[Row, str]:
    return fn(review), review.stamp


def cached_rows(
    paths: Iterable[Path],
    config: Config,
    fn: Callable[[Review], Row],
    name: str,
    *,
    use_index: bool = True,
    jobs: int | None = None,
    problems: list[str] | None = None,
    valid: Callable[[Any], bool],
) -> list[Row]:
    """``fn(review)`` for every review under ``paths``, reusing rows of unchanged files.

    ``fn`` must return JSON-ready rows without a ``path``: each row gets the walker's
    spelling of its path here. A file's parse error is part of its row, remembered like
    the rest: it is a function of the file's bytes. Index problems (corrupt, locked,
    read-only) are appended to ``problems``. A remembered row that is not ``valid`` (of
    another shape: damaged, or edited by hand) is made again.
    """
    from reviewctl.archive import iter_names, map_files

    paths = list(paths)
    found = list(iter_names(paths, config))
    index = Index.open(config.root) if use_index else Index(None)
    with index:
        key = rows_key(config, name)
        # a cold run's files are stat'ed by the workers that read them, not all first here
        # (bench_index, cold list of 10,000 reviews: 42 ms of stats → none)
        lookup = look_up(index, name, key, found, readers_stamp=True)
        rows: dict[int, Row] = {}
        for position, row in lookup.hits.items():
            if valid(row):
                row["path"] = found[position]
                rows[position] = row
            else:
                lookup.misses.append(position)
        files = [(i, item) for i in sorted(lookup.misses) if isinstance(item := found[i], str)]
        fresh = map_files(
            [item for _, item in files],
            config.markers,
            partial(_stamped, fn),
            jobs=jobs,
            limit=config.max_file_size,
        )
        computed: dict[int, Row] = {}
        cwd = working_folder()
        for (i, item), (row, stamp) in zip(files, fresh, strict=True):
            computed[i] = row
            if stamp and i not in lookup.stamps:
                lookup.stamps[i] = (absolute(item, cwd), stamp)
        remember(
            index,
            name,
            key,
            lookup,
            {i: computed[i] for i in computed if i in lookup.stamps},
            paths,
        )
        for i, row in computed.items():  # the walker's spelling of the path, as on reading
            row["path"] = found[i]
        rows.update(computed)
        for position, item in enumerate(found):
            if not isinstance(item, str):
                rows[position] = fn(item)
                rows[position]["path"] = str(item.path)
        if problems is not None:
            problems.extend(index.problems)
    return [rows[i] for i in range(len(found))]
