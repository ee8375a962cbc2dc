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
