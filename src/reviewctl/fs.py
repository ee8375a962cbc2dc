"""Safe file writes: atomic (temp file + rename) and never clobbering without ``force``."""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import stat
from pathlib import Path

from reviewctl.errors import InputError

_TEMP_NUMBERS = itertools.count()
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _open_temp(folder: str, name: str) -> tuple[int, str]:
    """A new temporary file beside the target; the kernel applies the umask to ``0o666``."""
    for _ in range(100):
        temp = os.path.join(folder, f".{name}.{os.getpid()}-{next(_TEMP_NUMBERS)}.tmp")
        try:
            return os.open(temp, _NEW_FILE, 0o666), temp
        except FileExistsError:  # left by a run that crashed: take another name
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", os.path.join(folder, name))


def write_atomic(
    path: Path | str, data: bytes | str, *, force: bool = True, durable: bool = True
) -> None:
    """Write ``data`` to ``path`` atomically: readers see the old file or the new, never half.

    A replaced file keeps its permissions. With ``force=False`` an existing file is never
    replaced: the final link is made with ``os.link``, which fails if the name exists, so
    there is no check-then-write race. ``durable=False`` skips the fsync, for many
    regenerable files written in a row by a writer that syncs once at the end (``export``).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target = os.fspath(path)
    folder, name = os.path.split(target)
    folder = folder or "."
    try:
        fd, temp = _open_temp(folder, name)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        fd, temp = _open_temp(folder, name)
    try:
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            if force:
                with contextlib.suppress(FileNotFoundError):
                    os.fchmod(fd, stat.S_IMODE(os.stat(target).st_mode))
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if force:
            os.replace(temp, target)
        else:
            _link_new(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


def _link_new(temp: str, target: str) -> None:
    try:
        os.link(temp, target)
    except FileExistsError:
        raise InputError("already exists (use --force to overwrite)", target) from None
    except OSError:  # file systems without hard links
        if os.path.exists(target):
            raise InputError("already exists (use --force to overwrite)", target) from None
        os.replace(temp, target)
