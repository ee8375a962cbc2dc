"""The one batch runner: ``work`` over many items, split over the cores when it pays.

``list``, ``lint``, ``export`` and ``search`` each hand it their items, a module-level
``work(state, chunk) -> results`` function and the state every chunk needs (a linter, an
export job). Small batches run here, in order; above :data:`PARALLEL_THRESHOLD` items the
chunks go to worker processes that get the state once, when they start (forked where the
platform can: nothing is pickled but the chunks and their results). Results come back in
input order either way.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pathlib import Path

T = TypeVar("T")
R = TypeVar("R")
S = TypeVar("S")  # the state every chunk needs

#: Below this many items a process pool costs more than it saves (bench_list, bench_lint and
#: bench_export on 1,000 and 10,000 reviews: starting the pool and shipping results back
#: outweighs a second core below a few hundred files of the cheapest work, parsing).
PARALLEL_THRESHOLD = 400
#: Items per serial step; the collector runs between steps.
SERIAL_CHUNK = 64
_STATE: list[Any] = []


def in_worker() -> bool:
    """Whether this process is one of the batch runner's workers."""
    return bool(_STATE)


def run(
    items: Sequence[T],
    work: Callable[[S, list[T]], list[R]],
    *,
    state: S,
    jobs: int | None = None,
    reads: Sequence[str | Path] = (),
) -> list[R]:
    """``work(state, chunk)`` over ``items`` in chunks; the results, in input order.

    ``jobs`` caps the worker processes (default: one per core); ``jobs=1`` runs here.
    ``reads`` names the files the work reads, in the order it reads them: the workers'
    are read ahead (:func:`reviewctl.fs.read_ahead`; not in a serial run, whose own thread
    would rarely get its turn).
    """
    items = list(items)
    workers = min(jobs or os.cpu_count() or 1, 32)
    if workers <= 1 or len(items) < PARALLEL_THRESHOLD:
        out: list[R] = []
        for start in range(0, len(items), SERIAL_CHUNK):
            out.extend(_paused(work, state, items[start : start + SERIAL_CHUNK]))
        return out
    from concurrent.futures import ProcessPoolExecutor  # 10 ms: only when a pool runs

    # small chunks, so no core idles at the end; large enough to amortise each round trip
    size = max(16, min(256, len(items) // (workers * 8)))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    gc.freeze()  # forked workers then never touch (and so never copy) the parent's objects
    pool = ProcessPoolExecutor(
        min(workers, len(chunks)),
        mp_context=_fork_context(),
        initializer=_start,
        initargs=(state, os.getpid()),
    )
    from reviewctl.fs import read_ahead

    try:
        out = []
        results = pool.map(partial(_call, work), chunks)
        # after the first task a forking pool has started every worker: none copies a thread
        with read_ahead(reads):
            for part in results:
                out.extend(part)
        return out
    except BaseException:  # Ctrl-C, a worker that died: the chunks not begun are not run
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
        gc.unfreeze()


def _fork_context() -> Any:
    """Fork where the platform has it: workers start at once with every module imported."""
    import multiprocessing

    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _start(state: Any, parent: int) -> None:
    """A worker's start: the state, and a life bound to the run's. Ctrl-C reaches the whole
    process group: the run stops its workers (each after its chunk), which would otherwise
    each print a traceback; and where the run is killed (kill -9), they end with it instead
    of waiting forever on a pipe no one reads."""
    import signal

    _STATE[:] = [state]
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform == "linux":
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the run ended before the line above
            os._exit(1)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _call(work: Callable[[Any, list[T]], list[R]], chunk: list[T]) -> list[R]:
    """A worker's task."""
    return _paused(work, _STATE[0], chunk)


def _paused(work: Callable[[Any, list[T]], list[R]], state: Any, chunk: list[T]) -> list[R]:
    """``work`` with the cyclic garbage collector paused: parsing and rendering make millions
    of short-lived objects and no cycles worth collecting, and the collector would rescan
    them again and again (bench_pathological, a 100,000-row table: export 15.7 s → 6 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return work(state, chunk)
    finally:
        if enabled:
            gc.enable()
