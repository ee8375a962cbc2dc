"""The output folder: every write confined inside it, atomic, and skipped when unchanged."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from reviewctl.errors import InputError, ReviewctlError
from reviewctl.fs import write_atomic

# fsync dominates a write; a few threads overlap them while the CPU renders the next page.
WRITE_THREADS = 4
_BAD_SEGMENT = re.compile(r"^\.{1,2}$|^$")


class ExportError(ReviewctlError):
    """An output cannot be written (outside the folder, permissions, a file in the way)."""


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def check_relative(rel: str) -> str:
    """``rel`` if it is a plain relative POSIX path with no ``..``; else :class:`ExportError`."""
    if (
        "\\" in rel
        or "\0" in rel
        or rel.startswith("/")
        or any(_BAD_SEGMENT.match(part) for part in rel.split("/"))
    ):
        raise ExportError(f"refusing to write outside the output folder: {rel!r}")
    return rel


def _write(path: Path, data: bytes) -> None:
    """``write_atomic``, once more if another writer created the file meanwhile: two reviews
    that want one slug are written at once before the collision is settled.

    No fsync per page: the run syncs once before it saves its manifest, so a crash can cost
    pages, never a manifest that vouches for pages not on disk."""
    try:
        write_atomic(path, data, durable=False)
    except InputError:
        write_atomic(path, data, durable=False)


class OutputDir:
    """Writes into ``root``; ``previous`` maps the paths written last time to their digests."""

    def __init__(self, root: Path, previous: Mapping[str, str], *, force: bool = False) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.previous = previous
        self.force = force
        self.written: list[str] = []
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[tuple[str, Future[None]]] = []
        self._real_parents: dict[str, bool] = {}
        self._new: set[str] = set()  # folders that did not exist when first checked

    def target(self, rel: str) -> Path:
        """The file for ``rel``, checked to stay inside the folder even through symlinks."""
        check_relative(rel)
        path = self.root / rel
        parent = os.path.dirname(rel)
        if not self._inside(parent) or (parent not in self._new and path.is_symlink()):
            raise ExportError(f"refusing to write outside the output folder: {rel!r}")
        return path

    def _inside(self, folder: str) -> bool:
        """Whether ``folder`` (relative) stays inside the root: each existing component is a
        real folder, or a symlink that resolves inside. Checked once per folder."""
        known = self._real_parents.get(folder)
        if known is not None:
            return known
        if not folder:
            return True
        above = os.path.dirname(folder)
        inside = self._inside(above)
        if inside and above in self._new:
            self._new.add(folder)  # below a folder that did not exist: nothing to check
        elif inside:
            full = os.path.join(self.root, folder)
            try:
                mode = os.lstat(full).st_mode
            except FileNotFoundError:
                self._new.add(folder)  # to be made by this export: no symlink in the way
            else:
                if stat.S_ISLNK(mode):
                    real = os.path.realpath(full)
                    inside = real == self.real_root or real.startswith(self.real_root + os.sep)
        self._real_parents[folder] = inside
        return inside

    def unchanged(self, rel: str, sha: str) -> bool:
        return not self.force and self.previous.get(rel) == sha and (self.root / rel).is_file()

    def put(self, rel: str, data: bytes) -> str:
        """Schedule ``data`` for ``rel`` unless the file already holds it; its digest."""
        sha = digest(data)
        if self.unchanged(rel, sha):
            return sha
        path = self.target(rel)
        if self._pool is None:
            self._pool = ThreadPoolExecutor(WRITE_THREADS, thread_name_prefix="reviewctl-write")
        self._pending.append((rel, self._pool.submit(_write, path, data)))
        self.written.append(rel)
        return sha

    def finish(self) -> None:
        """Wait for every scheduled write; the first failure is raised as one line."""
        pending, self._pending = self._pending, []
        failure: ExportError | None = None
        for rel, future in pending:
            try:
                future.result()
            except OSError as exc:
                failure = failure or ExportError(
                    f"cannot write: {exc.strerror or exc}", self.root / rel
                )
            except ReviewctlError as exc:
                failure = failure or ExportError(exc.message, self.root / rel)
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        if failure is not None:
            raise failure

    def remove(self, rel: str, sha: str | None) -> bool:
        """Delete a file written earlier, only if it still holds what was written."""
        try:
            path = self.target(rel)
            if sha is not None and digest(path.read_bytes()) != sha:
                return False
            path.unlink()
        except (OSError, ExportError):
            return False
        folder = path.parent
        real_root = Path(self.real_root)
        while folder != self.root and Path(os.path.realpath(folder)) != real_root:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent
        return True
