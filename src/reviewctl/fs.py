"""Safe file writes: atomic (temp file + rename) and never clobbering without ``force``."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from reviewctl.errors import InputError


def _temp_beside(path: Path, data: bytes, durable: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return Path(name)


def write_atomic(
    path: Path, data: bytes | str, *, force: bool = True, durable: bool = True
) -> None:
    """Write ``data`` to ``path`` atomically.

    ``durable=False`` skips the fsync, for many regenerable files written in a row whose
    writer syncs once at the end (``export``): readers still never see a partial file.

    With ``force=False`` an existing file is never replaced: the final link is made with
    ``os.link``, which fails if the name exists, so there is no check-then-write race.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = _temp_beside(path, payload, durable)
    try:
        if path.exists():
            if not force:
                raise InputError("already exists (use --force to overwrite)", path)
            os.chmod(tmp, path.stat().st_mode & 0o7777)
            os.replace(tmp, path)
            return
        os.chmod(tmp, 0o666 & ~_umask())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise InputError("already exists (use --force to overwrite)", path) from None
        except OSError:  # file systems without hard links
            if path.exists() and not force:
                raise InputError("already exists (use --force to overwrite)", path) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
