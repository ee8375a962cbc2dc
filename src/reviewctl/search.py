"""Full-text search over the archive: title, work, tags and text, ranked, with a snippet.

The text is indexed in two parts, the lede (above the cut) and the body below it. Both are
searched, but a snippet is only ever cut from the title, work, tags or lede unless the caller
asks for spoilers: a review that matches only below the cut says so, without a word of it.
The full-text table lives in the archive index (SQLite FTS5); without the index, the same
search runs on a table in memory.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reviewctl.archive import iter_names, map_files
from reviewctl.config import Config
from reviewctl.index import Index, package_fingerprint
from reviewctl.model import Review

# Which file each row of the full-text table holds is remembered like any per-file result:
# in the index's ``rows`` (kind ``search``, the row's docid as its value).
_SCHEMA = """
CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(
    path UNINDEXED, medium UNINDEXED, status UNINDEXED, title, work, tags, lede, below,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""
BELOW_CUT = "(matches below the cut; --spoilers to see where)"
_COLUMNS = {"title": 3, "work": 4, "tags": 5, "lede": 6, "below": 7}


@dataclass(frozen=True, slots=True)
class Doc:
    """What the search index holds of one review."""

    path: str
    medium: str
    status: str
    title: str
    work: str
    tags: str
    lede: str
    below: str
    error: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    """One review that matches, best first."""

    path: str
    title: str
    medium: str
    status: str
    snippet: str
    below_cut_only: bool
    rank: float


def document(review: Review) -> Doc:
    """The searchable parts of ``review``; the lede never holds text from below the cut."""
    path = os.path.abspath(review.path)
    if not review.ok:
        message = review.error.message if review.error else "unreadable"
        return Doc(path, "", "", "", "", "", "", "", message)
    parts = review.parts
    blocks = [b for b in parts.blocks if b.kind not in ("comment", "cut")]
    if parts.cut is None:
        lede, below = [b.text for b in blocks], []
    else:
        lede = [b.text for b in parts.lede]
        below = [b.text for b in blocks if b.start > parts.cut.end]
    return Doc(
        path,
        review.medium,
        review.status,
        review.title,
        review.work,
        " ".join(review.tags),
        "\n\n".join(lede),
        "\n\n".join(below),
    )


def search(
    paths: Iterable[Path],
    config: Config,
    query: str,
    *,
    status: str | None = None,
    medium: str | None = None,
    spoilers: bool = False,
    limit: int = 50,
    use_index: bool = True,
    jobs: int | None = None,
    problems: list[str] | None = None,
) -> list[Hit]:
    """The reviews under ``paths`` that match every word of ``query``, best first; an
    unknown ``status`` or ``medium`` is an :class:`InputError`, as in ``list``."""
    from reviewctl.listing import check_query

    check_query(config, [], status=status, medium=medium)
    paths = list(paths)
    found = [f for f in iter_names(paths, config) if isinstance(f, str)]
    index = Index.open(config.root) if use_index else Index(None)
    with index:
        args = (found, config, query, status, medium, spoilers, limit, jobs)
        if index.conn is None:
            hits = _search(sqlite3.connect(":memory:"), index, *args)
        else:
            try:
                hits = _search(index.conn, index, *args)
            except sqlite3.Error as exc:  # a damaged or locked index: search without it
                index.problems.append(f"{index.path}: index not used: {exc}")
                hits = _search(sqlite3.connect(":memory:"), Index(None), *args)
        if problems is not None:
            problems.extend(index.problems)
    return hits


def _search(
    conn: sqlite3.Connection,
    index: Index,
    found: list[str],
    config: Config,
    query: str,
    status: str | None,
    medium: str | None,
    spoilers: bool,
    limit: int,
    jobs: int | None,
) -> list[Hit]:
    with conn:
        conn.executescript(_SCHEMA)
    wanted = _sync(conn, index, found, config, jobs)
    terms = fts_query(query)
    if not terms:
        return []
    visible = {
        path
        for (path,) in conn.execute(
            "SELECT path FROM docs WHERE docs MATCH ?", (f"{{title work tags lede}} : ({terms})",)
        )
    }
    column = -1 if spoilers else _COLUMNS["lede"]
    rows = conn.execute(
        f"""SELECT path, title, medium, status, snippet(docs, {column}, '**', '**', '…', 16),
                   bm25(docs, 0, 0, 0, 10.0, 6.0, 4.0, 2.0, 1.0)
            FROM docs WHERE docs MATCH ? ORDER BY 6""",
        (terms,),
    )
    hits: list[Hit] = []
    for path, title, kind, state, snippet, rank in rows:
        if path not in wanted:
            continue
        if (status and state != status.lower()) or (medium and kind != medium.lower()):
            continue
        hidden = path not in visible
        text = BELOW_CUT if hidden and not spoilers else " ".join(snippet.split())
        hits.append(Hit(path, title, kind, state, text, hidden, rank))
        if len(hits) >= limit:
            break
    return hits


def fts_query(query: str) -> str:
    """Every word of ``query`` as a quoted FTS5 string: punctuation cannot break the syntax."""
    words = [w for w in query.split() if w.strip('"')]
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _sync(
    conn: sqlite3.Connection, index: Index, found: list[str], config: Config, jobs: int | None
) -> set[str]:
    """Bring the full-text table up to date with the files (re-read only what changed); the
    absolute paths of ``found``."""
    from reviewctl.cache import look_up, remember

    key = f"{package_fingerprint()}:{config.cut}:{config.spoiler_warning}"
    lookup = look_up(index, "search", key, found)
    present = {path for path, _ in lookup.stamps.values()}
    if not lookup.misses and not lookup.stale:
        return present
    # every docid the table holds, whatever key it was indexed under
    docids = {p: int(d) for p, (_, d) in index.rows("search").items() if d.isdigit()}
    stale = [Path(found[i]) for i in lookup.misses]
    docs = map_files(stale, config.markers, document, jobs=jobs, limit=config.max_file_size)
    gone = [p for p in docids if p not in present and not os.path.lexists(p)]
    # rows of the full-text table are addressed by rowid (docid): a delete by path would scan
    next_id = max(docids.values(), default=0)
    stamps = dict(lookup.stamps.values())
    rows, fresh = [], {}
    for position, d in zip(lookup.misses, docs, strict=True):
        if d.error or d.path not in stamps:
            continue
        next_id += 1
        rows.append((next_id, d.path, d.medium, d.status, d.title, d.work, d.tags, d.lede, d.below))
        fresh[position] = next_id
    with conn:
        drop = [(docids[d.path],) for d in docs if d.path in docids]
        conn.executemany("DELETE FROM docs WHERE rowid = ?", drop + [(docids[p],) for p in gone])
        conn.executemany(
            "INSERT INTO docs (rowid, path, medium, status, title, work, tags, lede, below)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    remember(index, "search", key, lookup, fresh, [])
    index.forget("search", gone)
    return present
