"""Full-text search over the archive: title, work, tags and text, ranked, with a snippet.

The text is indexed in two parts, the lede (above the cut) and the body below it. Both are
searched, but a snippet is only ever cut from the title, work, tags or lede unless the caller
asks for spoilers: a review that matches only below the cut says so, without a word of it.
The full-text table lives in the archive index (SQLite FTS5); without the index, the same
search runs on a table in memory.
"""

from __future__ import annotations

import os
import re
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from reviewctl.archive import covers_archive, iter_names, map_files
from reviewctl.cjk import APART, spaced, unspaced
from reviewctl.config import Config
from reviewctl.errors import ConfigError, InputError
from reviewctl.index import Index, in_one_go, make

# Which file each row of the full-text table holds is remembered like any per-file result:
# in the index's ``rows`` (kind ``search``, the row's docid as its value). The text itself is
# kept in ``docs_text``, the text below the cut compressed: it is most of a review, and the
# full-text table reads it back (through ``docs_view``) only to cut a ``--spoilers`` snippet
# (bench_index: the index of 10,000 reviews 112 → 80 MB).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs_text (
    id INTEGER PRIMARY KEY, path TEXT, medium TEXT, status TEXT, title TEXT, work TEXT,
    tags TEXT, lede TEXT, below BLOB
);
CREATE VIEW IF NOT EXISTS docs_view AS SELECT
    id, path, medium, status, title, work, tags, lede, inflate(below) AS below FROM docs_text;
CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(
    path UNINDEXED, medium UNINDEXED, status UNINDEXED, title, work, tags, lede, below,
    content = 'docs_view', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
"""
_FIELDS = "path, medium, status, title, work, tags, lede, below"
#: what :data:`_SCHEMA` makes, the full-text table's own tables included
_OBJECTS = frozenset(
    ("docs_text", "docs_view", "docs", "docs_data", "docs_idx", "docs_docsize", "docs_config")
)


def _inflate(data: bytes | None) -> str:
    return zlib.decompress(data).decode() if data else ""


BELOW_CUT = "(matches only in hidden text: below the cut or folded; --spoilers to see where)"
_COLUMNS = {"title": 3, "work": 4, "tags": 5, "lede": 6, "below": 7}


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
    unread: list[tuple[str, str]] | None = None,
) -> list[Hit]:
    """The reviews under ``paths`` that match every word of ``query``, best first; an
    unknown ``status`` or ``medium`` is an :class:`InputError`, as in ``list``. The files
    that could not be read or parsed go into ``unread``: (path, ``line: why`` or ``why``),
    every run, remembered or not."""
    from reviewctl.listing import check_query

    check_query(config, [], status=status, medium=medium)
    if not fts_query(query):
        raise InputError(f"the query {query!r} has no word to look for")
    paths = list(paths)
    found: list[str] = []
    skipped: list[tuple[str, str]] = []
    for item in iter_names(paths, config):
        if isinstance(item, str):
            found.append(item)
        else:  # a FIFO, a link out of the archive, a folder that cannot be read
            from reviewctl.searchable import why

            skipped.append((str(item.path), why(item)))
    index = Index.open(config.root) if use_index else Index(None)
    with index:
        args = (found, paths, config, query, status, medium, spoilers, limit, jobs)
        bad: list[tuple[str, str]] = []
        if index.conn is None:
            hits = _search(sqlite3.connect(":memory:"), index, bad, *args)
        else:
            try:
                hits = _search(index.conn, index, bad, *args)
            except sqlite3.Error as exc:  # a damaged or locked index: search without it
                index.give_up(exc)
                bad.clear()
                hits = _search(sqlite3.connect(":memory:"), Index(None), bad, *args)
        if unread is not None:
            unread.extend(sorted(skipped + bad))
        if problems is not None:
            problems.extend(index.problems)
    return hits


def _search(
    conn: sqlite3.Connection,
    index: Index,
    unread: list[tuple[str, str]],
    found: list[str],
    roots: list[Path],
    config: Config,
    query: str,
    status: str | None,
    medium: str | None,
    spoilers: bool,
    limit: int,
    jobs: int | None,
) -> list[Hit]:
    conn.create_function("inflate", 1, _inflate, deterministic=True)

    def lost() -> set[str]:
        return set(_OBJECTS - {n for (n,) in conn.execute("SELECT name FROM sqlite_master")})

    missing = lost()
    if missing and missing != _OBJECTS:  # some, not all (none: not made yet): the rows that
        raise sqlite3.DatabaseError(f"damaged: no table {min(missing)}")  # say a file is in
    if missing:
        in_one_go(conn, partial(make, conn, _SCHEMA), unless_done=lambda: lost() == _OBJECTS)
    wanted = _sync(conn, index, unread, found, roots, config, jobs)
    terms = fts_query(query)
    if not terms:
        return []
    # ranked by the full-text index alone: the text is read back only for the hits' snippets
    visible = {
        rowid
        for (rowid,) in conn.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ?", (f"{{title work tags lede}} : ({terms})",)
        )
    }
    # ranked without the join: a join ranks every match's row of docs_text (a common word,
    # 10,000 reviews: 58 ms); the hits' own rows are read a batch at a time (12 ms)
    ranked = conn.execute(
        """SELECT rowid, bm25(docs, 0, 0, 0, 10.0, 6.0, 4.0, 2.0, 1.0) AS rank
           FROM docs WHERE docs MATCH ? ORDER BY rank, rowid""",
        (terms,),
    )
    chosen: list[tuple[int, str, str, str, str, float]] = []
    seen: set[str] = set()
    tie: float | None = None  # the rank of the last hit the limit takes: its equals are read
    # a batch's ids fill one IN (…): at most 500, as SQLite caps the parameters of a query
    while tie is None and (batch := ranked.fetchmany(min(max(2 * limit, 100), 500))):
        ids = [rowid for rowid, _ in batch]
        rows = {
            row[0]: row[1:]
            for row in conn.execute(
                "SELECT id, path, title, medium, status FROM docs_text"
                f" WHERE id IN ({','.join('?' * len(ids))})",
                ids,
            )
        }
        for rowid, rank in batch:
            if len(chosen) >= limit and rank != chosen[-1][5]:
                tie = rank
                break
            if rowid not in rows:
                continue
            path, title, kind, state = rows[rowid]
            if path not in wanted or path in seen:
                continue
            if (status and state != status.lower()) or (medium and kind != medium.lower()):
                continue
            seen.add(path)
            chosen.append((rowid, path, title, kind, state, rank))
    ranked.close()  # the rest of the ranking is not read
    # equal ranks in the order of the walk, as a search without the index gives them (there,
    # the order the files were read in; here, the order they were last indexed in)
    chosen.sort(key=lambda hit: (hit[5], wanted[hit[1]]))
    del chosen[limit:]
    shown = [rowid for rowid, *_ in chosen if spoilers or rowid in visible]
    # a Chinese or Japanese character is a token: a snippet of 16 would be 16 characters
    size = 48 if APART in terms else 16
    snippets = _snippets(conn, terms, -1 if spoilers else _COLUMNS["lede"], shown, size)
    hits: list[Hit] = []
    for rowid, path, title, kind, state, rank in chosen:
        hidden = rowid not in visible
        text = (
            BELOW_CUT
            if hidden and not spoilers
            else " ".join(unspaced(str(snippets.get(rowid, ""))).split())
        )
        hits.append(Hit(path, unspaced(title), kind, state, text, hidden, rank))
    return hits


def _snippets(
    conn: sqlite3.Connection, terms: str, column: int, rowids: list[int], size: int
) -> dict[int, str]:
    """The snippet of each of ``rowids`` (one query per few hundred: SQLite caps parameters)."""
    found: dict[int, str] = {}
    for start in range(0, len(rowids), 500):
        chunk = rowids[start : start + 500]
        found.update(
            conn.execute(
                f"SELECT rowid, snippet(docs, {column}, '**', '**', '…', {size}) FROM docs"
                f" WHERE docs MATCH ? AND rowid IN ({','.join('?' * len(chunk))})",
                (terms, *chunk),
            )
        )
    return found


_QUERY_PART = re.compile(r'"([^"]*)"?|(\S+)')


def fts_query(query: str) -> str:
    """``query`` as FTS5 strings, each quoted so that punctuation cannot break the syntax:
    every word must match, a ``"quoted phrase"`` as written, and ``word*`` as a prefix."""
    terms = []
    for match in _QUERY_PART.finditer(query):
        phrase, word = match.groups()
        text = " ".join((phrase or "").split()) if word is None else word.replace('"', "")
        prefix = word is not None and len(text) > 1 and text.endswith("*")
        text = text.rstrip("*") if prefix else text
        if any(c.isalnum() for c in text):  # "-" or "…" alone is no word to look for
            terms.append('"' + spaced(text) + '"' + ("*" if prefix else ""))
    return " ".join(terms)


def _sync(
    conn: sqlite3.Connection,
    index: Index,
    unread: list[tuple[str, str]],
    found: list[str],
    roots: list[Path],
    config: Config,
    jobs: int | None,
) -> dict[str, int]:
    """Bring the full-text table up to date with the files under ``roots`` (re-read only
    what changed, forget what was deleted); the absolute paths of ``found``, each with its
    place in the walk."""
    from reviewctl.cache import look_up, remember, rows_key

    # the whole config, as for list's rows: what a file parses to (or why it does not,
    # remembered too) depends on more than the cut and the warning (max_file_size, aliases)
    key = rows_key(config, "search")
    lookup = look_up(index, "search", key, found)
    present = {path: position for position, (path, _) in sorted(lookup.stamps.items())}
    for position, value in lookup.hits.items():
        if isinstance(value, str):  # a file remembered as unreadable, and why
            unread.append((lookup.stamps[position][0], value))
    folders = tuple(os.path.join(os.path.abspath(r), "") for r in roots if os.path.isdir(r))
    files = {os.path.abspath(r) for r in roots}
    try:
        whole = covers_archive(roots, config)
    except ConfigError:  # no reviews folder: named paths are searched, as ever, not the archive
        whole = False

    def deleted(path: str) -> bool:
        """Not found by the walk and, in a search of part of the archive, under the roots and
        not there; a search of the whole archive forgets every file its walk did not find
        (excluded since, or outside a ``reviews_dir`` moved): their words would weigh in the
        ranking."""
        if path in present:
            return False
        if whole:
            return True
        return (path in files or path.startswith(folders)) and not os.path.lexists(path)

    # a search of one folder looks at the rows of that folder alone, not the archive's
    if not lookup.misses and not any(deleted(p) for p in lookup.known):
        return present
    from reviewctl.searchable import with_facts  # and the structure scan: files to read

    stale = [found[i] for i in lookup.misses]
    docs = map_files(
        stale, config.markers, partial(with_facts, config), jobs=jobs, limit=config.max_file_size
    )
    stamps = dict(lookup.stamps.values())
    with index.transaction():
        # one writer from here to the commit: the docids read below are those it replaces
        # (two searches at once would each add the same files under new docids, for good)
        conn.execute("BEGIN IMMEDIATE")
        # every docid the table holds, whatever key it was indexed under
        # (a file that could not be parsed has why instead, no docid: remembered too, so
        # that a warm run does not read it again)
        held = index.rows("search")
        docids = {p: int(d) for p, (_, d) in held.items() if d.isdigit() and d != "0"}
        gone = [p for p in held if deleted(p)]
        # rows of the full-text table are addressed by rowid (docid): a delete by path would
        # scan
        next_id = conn.execute("SELECT coalesce(max(id), 0) FROM docs_text").fetchone()[0]
        rows, texts, fresh = [], [], {}
        for position, d in zip(lookup.misses, docs, strict=True):
            if d.path not in stamps:
                continue
            if d.error:
                fresh[position] = d.error  # remembered with why, to be said on every run
                unread.append((d.path, d.error))
                continue
            next_id += 1
            head = (next_id, d.path, d.medium, d.status, d.title, d.work, d.tags, d.lede)
            rows.append((*head, d.below))
            texts.append((*head, d.packed))
            fresh[position] = next_id
        drop = [(docids[d.path],) for d in docs if d.path in docids]
        drop += [(docids[p],) for p in gone if p in docids]
        # an external-content table forgets a row given the very values it indexed
        conn.executemany(
            f"INSERT INTO docs (docs, rowid, {_FIELDS})"
            f" SELECT 'delete', id, {_FIELDS} FROM docs_view WHERE id = ?",
            drop,
        )
        conn.executemany("DELETE FROM docs_text WHERE id = ?", drop)
        conn.executemany(
            f"INSERT INTO docs_text (id, {_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            texts,
        )
        conn.executemany(
            f"INSERT INTO docs (rowid, {_FIELDS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
        remember(index, "search", key, lookup, fresh, [])
        index.forget("search", gone)
    return present
