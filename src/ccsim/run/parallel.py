"""Backends that run chunk jobs: one core, all local cores, or a Dask cluster.

A job is a call ``fn(*args)`` of a pure, importable function (usually
:func:`ccsim.engine.run_chunk` or a reduction of it): its result depends only on its
arguments, so every backend returns bit-identical results. :func:`imap` yields the
results in job order while keeping at most a few jobs in flight per worker, so memory
stays bounded however many jobs there are.

Backends
--------
``"serial"``
    In this process, one job after another.
``"processes"``
    A :class:`concurrent.futures.ProcessPoolExecutor` with ``workers`` processes
    (default: all local cores), started with the ``"spawn"`` method (safe with threads,
    the same on Linux, macOS and Windows). Workers import ccsim themselves.
``"dask"``
    A ``distributed.Client``: the one you pass as ``client=``, or a ``LocalCluster``
    with ``workers`` single-threaded worker processes started (and closed) for you.
    To use several machines, start a scheduler (``dask scheduler``) and workers
    (``dask worker tcp://HOST:8786`` on each machine, with ccsim installed in the same
    version) and pass ``client=distributed.Client("tcp://HOST:8786")``. Start those
    workers as ``MALLOC_MMAP_THRESHOLD_=16777216 dask worker ...``: the
    ``MALLOC_TRIM_THRESHOLD_`` Dask sets for its workers otherwise makes every large
    numpy temporary a fresh ``mmap`` and the engine ~3x slower (the local cluster ccsim
    starts for you sets the threshold itself; for a client you pass, ccsim checks the
    workers and warns with a :class:`PerformanceWarning`).
    Needs the ``dask`` extra: ``pip install "ccsim[dask]"``.

Examples
--------
>>> from ccsim.run.parallel import imap
>>> list(imap(pow, [(2, 3), (3, 2)], backend="serial"))
[8, 9]
"""

from __future__ import annotations

import itertools
import os
import sys
import uuid
import warnings
from collections import deque
from collections.abc import Callable, Generator, Iterable
from typing import Any

from ccsim._checks import check_int

__all__ = ["BACKENDS", "PerformanceWarning", "check_backend", "imap", "progress_bar"]

#: Supported backends.
BACKENDS = ("serial", "processes", "dask")
_MMAP_THRESHOLD = 16 * 2**20  # bytes; see _dask


class PerformanceWarning(UserWarning):
    """A run will give the right numbers, but much more slowly than it could."""


def _malloc_settings() -> tuple[str | None, str | None]:
    """``(MALLOC_TRIM_THRESHOLD_, MALLOC_MMAP_THRESHOLD_)`` of this process (run on workers)."""
    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("MALLOC_MMAP_THRESHOLD_")


def _check_dask_workers(client: Any) -> None:
    """Warn if workers trim memory without a fixed mmap threshold (the engine runs ~3x slower)."""
    try:
        settings = client.run(_malloc_settings)
    except Exception:  # a worker without ccsim fails later with a clearer error
        return
    slow = sorted(w for w, (trim, mmap) in settings.items() if trim is not None and mmap is None)
    if slow:
        warnings.warn(
            f"{len(slow)} of {len(settings)} Dask workers run with MALLOC_TRIM_THRESHOLD_ "
            "but no MALLOC_MMAP_THRESHOLD_ (Dask's default): every large numpy temporary "
            "becomes a fresh mmap and the simulation runs about 3x slower. Start the "
            f"workers as `MALLOC_MMAP_THRESHOLD_={_MMAP_THRESHOLD} dask worker ...`, or "
            "for a LocalCluster set dask.config "
            f'"distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_" to {_MMAP_THRESHOLD}.',
            PerformanceWarning,
            stacklevel=4,
        )


def check_backend(backend: Any, workers: Any = None, client: Any = None) -> int | None:
    """Validate backend arguments before anything runs; return ``workers`` as an int.

    Raises
    ------
    ValueError, TypeError
        Naming the argument, its value and what is allowed.
    """
    if backend not in BACKENDS:
        raise ValueError(f"backend = {backend!r}; expected one of {BACKENDS}")
    if workers is not None:
        workers = check_int("workers", workers, lo=1)
    if client is not None:
        if backend != "dask":
            raise ValueError(f"client= is only used with backend='dask', got backend={backend!r}")
        if not hasattr(client, "submit"):
            raise TypeError(f"client must be a distributed.Client, got {type(client).__name__}")
    if backend == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError:  # pragma: no cover - the dask extra is installed in tests
            raise ImportError(
                'backend="dask" needs dask.distributed: pip install "ccsim[dask]"'
            ) from None
    return None if workers is None else int(workers)


def _in_notebook() -> bool:
    ip = sys.modules.get("IPython")
    if ip is None or "ipykernel" not in sys.modules:
        return False
    try:
        shell = ip.get_ipython()  # type: ignore[attr-defined]
    except Exception:
        return False
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def progress_bar(total: int, progress: bool | None, desc: str = "ccsim") -> Any:
    """A tqdm bar for ``total`` steps, or ``None`` when no bar should be shown.

    ``progress=None`` shows a bar when there is more than one step and the output is a
    Jupyter notebook (the widget, if ``ipywidgets`` is installed) or a terminal;
    ``True`` shows one whenever there is more than one step; ``False`` never shows one.
    A single step has no progress to count (a bar would sit at ``0/1`` for the whole
    run), so it never gets a bar.
    """
    if total <= 1:
        return None
    notebook = _in_notebook()
    show = progress if progress is not None else (notebook or sys.stderr.isatty())
    if not show:
        return None
    if notebook:
        try:
            import ipywidgets  # noqa: F401
            from tqdm.notebook import tqdm as tqdm_nb

            return tqdm_nb(total=total, desc=desc)
        except ImportError:
            pass
    from tqdm.std import tqdm

    return tqdm(total=total, desc=desc, file=sys.stderr)


def _serial(fn: Callable[..., Any], jobs: Iterable[tuple[Any, ...]]) -> Generator[Any, None, None]:
    for args in jobs:
        yield fn(*args)


def _windowed(submit: Callable[[tuple[Any, ...]], Any], wait: Callable[[Any], Any],
              cancel: Callable[[Any], Any], jobs: Iterable[tuple[Any, ...]],
              window: int) -> Generator[Any, None, None]:
    pending: deque[Any] = deque()
    it = iter(jobs)
    try:
        for args in it:
            pending.append(submit(args))
            if len(pending) >= window:
                break
        while pending:
            fut = pending.popleft()
            res = wait(fut)
            for args in it:
                pending.append(submit(args))
                break
            yield res
    finally:
        for fut in pending:
            cancel(fut)


def _processes(fn: Callable[..., Any], jobs: Iterable[tuple[Any, ...]],
               workers: int | None) -> Generator[Any, None, None]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    n = workers or os.cpu_count() or 1
    ex = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("spawn"))
    try:
        yield from _windowed(
            lambda a: ex.submit(fn, *a), lambda f: f.result(), lambda f: f.cancel(), jobs, 2 * n
        )
    except BrokenProcessPool as exc:
        raise RuntimeError(
            "backend='processes': a worker process died. Workers are started with "
            "'spawn', which re-imports the calling script: in a script, put the call "
            "under `if __name__ == \"__main__\":` (notebooks need nothing). A worker can "
            "also be killed for lack of memory; try fewer workers or a smaller chunk_size."
        ) from exc
    finally:
        ex.shutdown(wait=True, cancel_futures=True)


def _dask(fn: Callable[..., Any], jobs: Iterable[tuple[Any, ...]], workers: int | None,
          client: Any) -> Generator[Any, None, None]:
    from distributed import Client, LocalCluster

    own = client is None
    cluster = None
    if own:
        import dask

        # Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, which also turns
        # off glibc's adaptive mmap threshold: every numpy temporary above 128 KB is then
        # mmapped and unmapped, and the engine runs ~3x slower. A fixed 16 MiB threshold
        # (set before the worker starts, unless the user chose one) restores its speed.
        key = "distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_"
        env = {} if dask.config.get(key, None) is not None else {key: _MMAP_THRESHOLD}
        with dask.config.set(env):
            cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address="127.0.0.1:0",  # loopback only, any free port
            )
        client = Client(cluster)
    else:
        _check_dask_workers(client)
    try:
        n = max(1, sum(client.nthreads().values()))
        tag = uuid.uuid4().hex[:12]
        counter = itertools.count()

        def submit(args: tuple[Any, ...]) -> Any:
            return client.submit(fn, *args, key=f"ccsim-{tag}-{next(counter)}", pure=False)

        def cancel(f: Any) -> None:
            f.cancel()

        yield from _windowed(submit, lambda f: f.result(), cancel, jobs, 2 * n)
    finally:
        if own:
            client.close()
            assert cluster is not None
            cluster.close()


def imap(
    fn: Callable[..., Any],
    jobs: Iterable[tuple[Any, ...]],
    *,
    backend: str = "serial",
    workers: int | None = None,
    client: Any = None,
    progress: bool | None = False,
    desc: str = "ccsim",
    total: int | None = None,
) -> Generator[Any, None, None]:
    """Yield ``fn(*args)`` for each ``args`` in ``jobs``, in job order.

    Parameters
    ----------
    fn
        A pure function importable by worker processes (a module-level function).
    jobs
        Argument tuples: any iterable, consumed lazily (a generator of jobs keeps
        memory constant however many jobs there are).
    backend
        ``"serial"``, ``"processes"`` or ``"dask"`` (see the module docstring).
    workers
        Worker processes for ``"processes"`` and for a ``LocalCluster`` started for
        ``"dask"``; default: all local cores.
    client
        A ``distributed.Client`` (``backend="dask"`` only).
    progress
        Progress bar over the jobs; see :func:`progress_bar`.
    desc
        Label of the progress bar.
    total
        Number of jobs for the progress bar (default: ``len(jobs)`` when ``jobs`` has
        a length).

    Yields
    ------
    object
        Results in the order of ``jobs``. At most ``2 x workers`` jobs are in flight.

    Notes
    -----
    Closing the generator early (or an exception in a job) cancels the jobs not yet
    finished and shuts down executors and clusters started here.
    """
    workers = check_backend(backend, workers, client)
    if total is None and hasattr(jobs, "__len__"):
        total = len(jobs)  # type: ignore[arg-type]
    gen: Generator[Any, None, None]
    if backend == "serial":
        gen = _serial(fn, jobs)
    elif backend == "processes":
        gen = _processes(fn, jobs, workers)
    else:
        gen = _dask(fn, jobs, workers, client)
    bar = progress_bar(total or 0, progress, desc)
    try:
        for res in gen:
            if bar is not None:
                bar.update(1)
            yield res
    finally:
        gen.close()
        if bar is not None:
            bar.close()
