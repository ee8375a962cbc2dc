"""The batch runner's workers: a run that is interrupted or killed takes them with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewctl import batch


def _slow(folder: str, items: list[int]) -> list[int]:
    for item in items:
        Path(folder, f"{item}.done").write_text(str(os.getpid()))
        time.sleep(0.02)
    return items


_KILLED = """
import sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from test_batch import _slow
from reviewctl import batch
batch.run(list(range(2000)), _slow, state=sys.argv[1], jobs=2)
"""


def _started(folder: Path) -> set[int]:
    """The workers of a run started by :data:`_KILLED`, once one has begun."""
    deadline = time.monotonic() + 30
    while not list(folder.glob("*.done")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    return {int(p.read_text() or 0) for p in folder.glob("*.done")} - {0}


def _ignores_ctrl_c(_: None, items: list[int]) -> list[bool]:
    return [signal.getsignal(signal.SIGINT) is signal.SIG_IGN for _ in items]


def test_workers_leave_ctrl_c_to_the_run() -> None:
    """Ctrl-C reaches the terminal's whole process group: a worker that took it would print
    its own traceback (one waiting for work) or break the pool; the run stops them."""
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN
    assert all(
        batch.run(list(range(2 * batch.PARALLEL_THRESHOLD)), _ignores_ctrl_c, state=None, jobs=2)
    )
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN  # the run's own is as it was


@pytest.mark.skipif(sys.platform != "linux", reason="a worker's end with its parent: Linux's prctl")
def test_a_run_killed_outright_takes_its_workers_with_it(tmp_path: Path) -> None:
    run = subprocess.Popen(
        [sys.executable, "-c", _KILLED, str(tmp_path), str(Path(__file__).parent)],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    workers = _started(tmp_path)
    assert workers
    run.kill()
    run.wait()
    time.sleep(1)
    alive = [pid for pid in workers if _running(pid)]
    assert alive == []


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended
    except OSError:
        return False


def _threads() -> list[str]:
    import threading

    return [t.name for t in threading.enumerate() if t.name == "reviewctl-read-ahead"]


@pytest.mark.skipif(sys.platform != "linux", reason="which file an fd is: Linux's /proc")
def test_the_files_a_pools_workers_read_are_read_ahead_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files out of the page cache arrive many at a time, not one after another as each
    worker asks (bench_read_ahead); the results are the same, what cannot be read ahead is
    passed over, and the thread that asked has ended when the run returns."""
    import multiprocessing

    from reviewctl import fs

    paths = [str(tmp_path / f"{n}.md") for n in range(5)]
    for path in paths:
        Path(path).write_text("review\n")
    fifo = str(tmp_path / "pipe.md")
    os.mkfifo(fifo)  # opened without blocking; nothing in it to read ahead
    advised: list[str] = []
    workers_then: list[int] = []
    advise, real = os.posix_fadvise, fs.read_ahead

    def recorded(fd: int, offset: int, length: int, advice: int) -> None:
        advise(fd, offset, length, advice)
        assert advice == os.POSIX_FADV_WILLNEED
        assert (offset, length) == (0, fs.READ_AHEAD_BYTES)  # never a huge file whole
        advised.append(os.readlink(f"/proc/self/fd/{fd}"))

    def counted(paths: list[str]) -> object:
        # a process forked while another thread runs may inherit a lock that thread held
        workers_then.append(len(multiprocessing.active_children()))
        return real(paths)

    monkeypatch.setattr(os, "posix_fadvise", recorded)
    monkeypatch.setattr(fs, "read_ahead", counted)
    items = list(range(2 * batch.PARALLEL_THRESHOLD))
    reads = [paths[0], str(tmp_path / "gone.md"), fifo, *paths[1:]]
    assert batch.run(items, _same, state=None, jobs=2, reads=reads) == items
    assert advised == [os.path.realpath(path) for path in paths]
    assert workers_then == [2]
    assert _threads() == []


def _same(_: None, items: list[int]) -> list[int]:
    return items


def test_a_serial_run_reads_nothing_ahead(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One process: a thread of its own would rarely get its turn between the work's steps."""
    advised: list[int] = []
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, *_: advised.append(fd), raising=False)
    path = tmp_path / "a.md"
    path.write_text("review")
    assert batch.run([1, 2], _same, state=None, jobs=1, reads=[path, path]) == [1, 2]
    assert advised == []


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise: nothing read ahead")
def test_reading_ahead_stops_when_its_run_is_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (or a worker that died) ends the run at once: the thread asks for no file
    more and has ended when the error reaches the caller."""
    from reviewctl.fs import read_ahead

    path = tmp_path / "a.md"
    path.write_text("review")
    advised: list[int] = []
    monkeypatch.setattr(os, "posix_fadvise", lambda fd, *_: advised.append(fd))
    with pytest.raises(KeyboardInterrupt), read_ahead([path] * 1_000_000):
        deadline = time.monotonic() + 10
        while not advised and time.monotonic() < deadline:  # the thread has begun
            time.sleep(0.001)
        raise KeyboardInterrupt
    assert advised
    assert _threads() == []
    assert len(advised) < 1_000_000
