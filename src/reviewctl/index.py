"""The archive index: what reviewctl remembers between runs, in one SQLite file per archive.

It lives in the user's cache folder (``$REVIEWCTL_CACHE_DIR``, else
``$XDG_CACHE_HOME/reviewctl``, else ``~/.cache/reviewctl``), never in the archive or in an
exported site, readable by its owner only. It holds:

- ``rows``: one result per file and kind, keyed by the file's stamp (size, mtime, ctime,
  inode: an edit that restores the mtime still changes the ctime) and by a key that holds
  the fingerprint of the config and of the whole installed package, so a changed reviewctl
  recomputes. Kinds: ``list`` (what ``list`` shows), ``lint`` (findings), ``head`` (a
  digest of the front matter, for the spelling vocabulary), ``search`` (the file's row in
  the full-text table), ``page:OUT`` and ``entry:OUT`` (what an export into OUT wrote for
  the review, and its site entry). A few run-wide rows have the path ``""``: the spelling
  dictionary, the archive's vocabulary and its fingerprint. :mod:`reviewctl.cache` reads
  and writes them for every command, in one way;
- ``exports``: per output folder, the settings, site pages and site order of the last
  export, so a re-export rewrites only what changed and deletes only what it wrote;
- ``docs``/``docs_text``: the full-text table of :mod:`reviewctl.search`.

The index is a cache: a missing, corrupt, locked or read-only one is reported once (see
:attr:`Index.problems`) and the command gives the same answer without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import orjson

from reviewctl.errors import InputError
from reviewctl.fs import stamp

SCHEMA_VERSION = 7
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- clustered by kind: a command reads its own kind's rows, not pages shared with every other
-- kind's (bench_index, warm list beside lint, search and export rows: 0.38 → 0.29 s)
CREATE TABLE IF NOT EXISTS rows (
    kind TEXT NOT NULL, path TEXT NOT NULL, stamp TEXT NOT NULL, key TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (kind, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS exports (out TEXT PRIMARY KEY, manifest TEXT NOT NULL);
"""
_BUSY_MS = 5000


def cache_dir() -> Path | None:
    """Where indexes live; ``None`` when ``REVIEWCTL_NO_CACHE`` is set (to anything but
    ``0``, ``false``, ``no``, ``off`` or nothing). A relative ``XDG_CACHE_HOME`` is ignored, as
    the XDG spec says: it would put the index, drafts' text and all, wherever a command runs."""
    if os.environ.get("REVIEWCTL_NO_CACHE", "").strip().lower() not in (
        "",
        "0",
        "false",
        "no",
        "off",
    ):
        return None
    if explicit := os.environ.get("REVIEWCTL_CACHE_DIR"):
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "reviewctl"


def index_path(root: Path) -> Path | None:
    """The index file of the archive rooted at ``root``."""
    folder = cache_dir()
    if folder is None:
        return None
    name = hashlib.blake2b(os.fsencode(os.path.realpath(root)), digest_size=8).hexdigest()
    return folder / f"index-{name}.sqlite"


@cache
def package_fingerprint() -> str:
    """A hash of where the package is installed and of every file of it, each known by its
    name and stamp (as the archive's own files are): a changed reviewctl (any module,
    template or theme) invalidates everything remembered. Reading the files instead cost
    10 ms at the start of every command; their stats cost 1."""
    from reviewctl import __version__

    package = Path(__file__).parent
    digest = hashlib.blake2b(f"{__version__}\0{package}\0".encode(), digest_size=16)
    for folder, subfolders, names in sorted(os.walk(package)):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        for name in sorted(names):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            relative = os.path.relpath(path, package)
            digest.update(f"{relative}\0{stamp(info)}\n".encode())
    return digest.hexdigest()


@dataclass
class Index:
    """An open index, or a disabled one (``conn`` is ``None``) that remembers nothing."""

    path: Path | None
    conn: sqlite3.Connection | None = None
    problems: list[str] = field(default_factory=list)
    inode: int = -1  # of the file opened: a damaged index is removed only while it is there
    grouped: bool = False  # inside :meth:`transaction`: writes wait for its commit

    @classmethod
    def open(cls, root: Path) -> Index:
        """The index of ``root``'s archive; never raises (a problem disables it)."""
        path = index_path(root)
        index = cls(path)
        if path is None:
            return index
        for attempt in (1, 2):
            try:
                index.conn = _connect(path)
                with contextlib.suppress(OSError):
                    index.inode = os.stat(path).st_ino
                return index
            except sqlite3.DatabaseError as exc:
                if attempt == 1 and _corrupt(exc):
                    _remove(path)  # a cache: rebuilt from the files
                    index.problems.append(f"{path}: index was damaged; rebuilt it")
                    continue
                index.problems.append(f"{path}: index not used: {exc}")
                break
            except (FileExistsError, NotADirectoryError):  # a file where a folder should be
                index.problems.append(f"{path.parent}: index not used: not a folder")
                break
            except OSError as exc:
                index.problems.append(f"{path}: index not used: {exc.strerror or exc}")
                break
        index.conn = None
        return index

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self.conn.close()
            self.conn = None

    def __enter__(self) -> Index:
        return self

    @contextlib.contextmanager
    def transaction(self, before_commit: Callable[[], object] = lambda: None) -> Iterator[None]:
        """The writes inside as one transaction: all of them are kept, or none. Whatever
        happens, ``before_commit`` runs first: an export waits there for the pages its rows
        vouch for to reach the disk, while the rows were being written."""
        self.grouped = True
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):  # the first error is the one to tell
                before_commit()
            self._rollback()
            raise
        finally:
            self.grouped = False
        try:
            before_commit()
        except BaseException:
            self._rollback()
            raise
        if self.conn is not None:
            try:
                self.conn.commit()
            except sqlite3.Error as exc:
                self.give_up(exc)

    def _rollback(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self.conn.rollback()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- list rows -------------------------------------------------------------------------

    def rows(
        self, kind: str, key: str | None = None, *, paths: Iterable[str] | None = None
    ) -> dict[str, tuple[str, str]]:
        """Remembered ``kind`` rows under ``key`` (any key: ``None``), of every file or of
        ``paths``: path → (stamp, encoded row); decode a row with :meth:`decode` once its
        stamp matches (most of a warm run's cost is decoding)."""
        sql, args = "SELECT path, stamp, data FROM rows WHERE kind = ?", [kind]
        if key is not None:
            sql += " AND key = ?"
            args.append(key)
        if paths is None:
            return {path: (mark, data) for path, mark, data in self._query(sql, tuple(args))}
        found: dict[str, tuple[str, str]] = {}
        wanted = list(paths)
        for start in range(0, len(wanted), 500):  # SQLite caps the parameters of a query
            chunk = wanted[start : start + 500]
            where = f"{sql} AND path IN ({','.join('?' * len(chunk))})"
            for path, mark, data in self._query(where, (*args, *chunk)):
                found[path] = (mark, data)
        return found

    def forget(self, kind: str, paths: Iterable[str]) -> None:
        """Drop the ``kind`` rows of ``paths``."""
        self._write("DELETE FROM rows WHERE kind = ? AND path = ?", [(kind, p) for p in paths])

    @staticmethod
    def decode(data: str) -> Any:
        """A row as :meth:`save_rows` stored it; ``None`` when it is not valid JSON."""
        try:
            # orjson: a warm run over 10,000 reviews decodes 10,000-20,000 rows (bench_index:
            # lint warm 0.08 s of json.loads → 0.02 s)
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            return None

    def save_rows(self, kind: str, key: str, rows: Iterable[tuple[str, str, Any]]) -> None:
        """Remember ``(path, stamp, row)`` triples of ``kind`` under ``key`` (a path given
        twice: the last one)."""
        latest = {
            p: (p, kind, s, key, data) for p, s, r in rows if (data := _encode(r)) is not None
        }
        if not latest:
            return
        # Rows arriving in ascending order between other kinds' rows fill each page to the
        # brim, and SQLite rebalances the b-tree at nearly every insert: there they are
        # written in descending order; at the end of the table, appended in ascending order
        # (bench_index, cold lint writing 10,000 rows after its "head" rows: 0.25 → 0.06 s).
        after = any(self._query("SELECT 1 FROM rows WHERE kind > ? LIMIT 1", (kind,)))
        self._write(
            "INSERT OR REPLACE INTO rows (path, kind, stamp, key, data) VALUES (?, ?, ?, ?, ?)",
            sorted(latest.values(), reverse=after),
        )

    def forget_missing(self, kind: str, folders: Iterable[str], present: set[str]) -> None:
        """Drop ``kind`` rows of files under ``folders`` that the walk did not find
        (``present``: the absolute paths it found there): deleted reviews are not remembered
        forever. Other kinds are left to their own command (search must drop a deleted
        file's full-text row with its own)."""
        gone = []
        for folder in folders:
            prefix = folder.rstrip(os.sep) + os.sep
            for (path,) in self._query(
                "SELECT path FROM rows WHERE kind = ? AND substr(path, 1, ?) = ?",
                (kind, len(prefix), prefix),
            ):
                if path not in present:
                    gone.append(path)
        self.forget(kind, gone)

    # -- exports ---------------------------------------------------------------------------

    def export_state(self, out: str) -> dict[str, Any] | None:
        """The manifest of the last export into ``out`` (its settings and site pages; the
        records of its reviews are ``rows`` of kind ``page:OUT``); ``None``: no record."""
        for (manifest,) in self._query("SELECT manifest FROM exports WHERE out = ?", (out,)):
            loaded = self.decode(manifest)
            if isinstance(loaded, dict):
                return loaded
        return None

    def save_export(self, out: str, manifest: dict[str, Any]) -> None:
        text = _encode(manifest)
        if text is not None:
            self._write(
                "INSERT OR REPLACE INTO exports (out, manifest) VALUES (?, ?)", [(out, text)]
            )

    # -- marks --------------------------------------------------------------------------

    def mark(self, key: str, value: str | None) -> None:
        """Set (or, with ``None``, clear) a small remembered value."""
        if value is None:
            self._write("DELETE FROM meta WHERE key = ?", [(key,)])
        else:
            self._write("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [(key, value)])

    def marked(self, key: str) -> str | None:
        for (value,) in self._query("SELECT value FROM meta WHERE key = ?", (key,)):
            return str(value)
        return None

    def forget_export(self, out: str) -> None:
        """Drop the record of an export into ``out`` (a preview's folder, now removed)."""
        self._write("DELETE FROM exports WHERE out = ?", [(out,)])
        kinds = (f"page:{out}", f"entry:{out}", f"written:{out}")
        self._write("DELETE FROM rows WHERE kind IN (?, ?, ?)", [kinds])

    # -- plumbing --------------------------------------------------------------------------

    def _query(self, sql: str, args: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        if self.conn is None:
            return iter(())
        try:
            return iter(self.conn.execute(sql, args).fetchall())
        except sqlite3.Error as exc:
            self.give_up(exc)
            return iter(())

    def _write(self, sql: str, items: list[tuple[Any, ...]]) -> None:
        if self.conn is None or not items:
            return
        try:
            if self.grouped:
                self.conn.executemany(sql, items)
            else:
                with self.conn:
                    self.conn.executemany(sql, items)
        except sqlite3.Error as exc:
            self.give_up(exc)

    def give_up(self, exc: sqlite3.Error) -> None:
        """Go on without the index after ``exc``; a damaged one is removed, so that the next
        run builds it again (opening checks only that its tables can be read)."""
        if self.conn is None and self.problems:
            return  # given up already, and said why
        self.close()
        path = self.path
        if isinstance(exc, sqlite3.DatabaseError) and _corrupt(exc) and path is not None:
            try:  # not a fresh index another run has put in its place meanwhile
                ours = os.stat(path).st_ino == self.inode
            except OSError:
                ours = False
            if ours and _remove(path):
                message = "index was damaged; removed it (the next run builds it again)"
                self.problems.append(f"{path}: {message}")
                return
        self.problems.append(f"{path}: index not used: {exc}")


class Encoded(str):
    """A row that is JSON text already, stored as it is."""


def _encode(row: Any) -> str | None:
    """A row as JSON text; ``None`` (not remembered) for what JSON cannot hold."""
    if isinstance(row, Encoded):
        return str(row)
    try:
        return orjson.dumps(row).decode()
    except orjson.JSONEncodeError:
        return None


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fresh = not path.exists()
    if fresh:  # private: the index holds drafts' front matter
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    conn = sqlite3.connect(path, timeout=_BUSY_MS / 1000)
    try:
        # before the first page is written (an existing index keeps its own): rows of 100-500
        # bytes in 4 KiB pages make SQLite rebalance the b-tree far more often (bench_index,
        # cold lint writing 10,000 rows 57 → 33 ms, cold list 68 → 37 ms; warm runs as fast)
        conn.execute("PRAGMA page_size = 16384")
        with contextlib.suppress(sqlite3.OperationalError):  # read-only: keep the mode
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            objects: list[tuple[str, str]] = []

            def remake() -> None:
                # everything an older reviewctl kept (full-text tables first: theirs go too)
                objects[:] = conn.execute(
                    "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view')"
                    " AND name NOT LIKE 'sqlite_%' ORDER BY sql NOT LIKE 'CREATE VIRTUAL%'"
                ).fetchall()
                for kind, name in objects:
                    conn.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
                make(conn, _SCHEMA)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

            def stale() -> bool:
                return bool(conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION)

            if in_one_go(conn, remake, unless_done=stale) and objects:
                conn.execute("VACUUM")  # give the old pages back
        else:  # readable tables (a count of the rows would read the whole file: 13-48 ms)
            tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master")}
            if lost := _TABLES - tables:  # a table dropped: what the others say is not all true
                raise sqlite3.DatabaseError(f"damaged: no table {min(lost)}")
            conn.execute("SELECT 1 FROM rows LIMIT 1").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn


def in_one_go(
    conn: sqlite3.Connection, change: Callable[[], None], *, unless_done: Callable[[], bool]
) -> bool:
    """Make a change to the tables as one transaction, under the write lock, if
    ``unless_done`` still says it is needed once the lock is held; whether it was made.

    Runs that find an index without its tables all make them at once: one makes them, the
    others wait for it and then find them made. Made a statement at a time, another run
    would see some tables but not all, take the index for damaged and delete it.
    """
    if conn.in_transaction:  # as ``executescript`` did: what was written before is kept
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        needed = unless_done()
        if needed:
            change()
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    return needed


def make(conn: sqlite3.Connection, script: str) -> None:
    """Run the statements of a schema ``script`` in the transaction open on ``conn``
    (``executescript`` would commit it first, then commit each statement)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""


#: The tables every index has (the full-text ones are :mod:`reviewctl.search`'s).
_TABLES = frozenset(("meta", "rows", "exports"))


def _corrupt(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    # the last two: a full-text table whose own tables are damaged
    signs = ("malformed", "not a database", "corrupt", "damaged", "vtable constructor failed",
             "invalid fts5 file format")  # fmt: skip
    return any(sign in text for sign in signs)


def _remove(path: Path) -> bool:
    """Delete the index file and its WAL files; whether the index file is gone."""
    for suffix in ("-wal", "-shm", ""):
        with contextlib.suppress(OSError):
            os.unlink(f"{path}{suffix}")
    return not os.path.lexists(path)


def clear(root: Path) -> tuple[Path, bool] | None:
    """Delete the index of ``root``'s archive: its path, and whether there was one to
    delete; ``None`` when the index is off. :class:`InputError` when it stays."""
    path = index_path(root)
    if path is None:
        return None
    there = os.path.lexists(path)
    if not _remove(path):
        raise InputError("cannot delete the archive index", path)
    return path, there
