"""The one chunk planner and assembler of every run (``simulate``, ``sweep``, stopping rules).

A run of ``n_paths`` paths is ``ceil(n_paths / BLOCK)`` random-number blocks of
:data:`ccsim.sampling.streams.BLOCK` (256) paths; a chunk is a run of consecutive blocks
(``chunk_size`` rounded up to whole blocks). Path ``i`` depends only on the seed and
``i``, so how the blocks are grouped into chunks never changes a result.

* :func:`plan` yields the chunks' block ranges lazily, and :func:`kept_jobs` /
  :func:`streaming_jobs` the backend jobs lazily, so a streaming run
  (``keep_paths=False``) of any size holds constant memory however many chunks it has.
* :class:`Assembler` fills preallocated ``(option, path)`` arrays chunk by chunk (no
  second copy) and hands out a :class:`ccsim.Result` of the paths filled so far.
* :func:`kept_bytes` and :func:`check_memory` estimate what the kept tables need before
  anything runs: a run that cannot fit is refused with a suggestion, a large one warned
  about.

Examples
--------
>>> list(plan(1000, chunk_size=512))
[(0, 2), (2, 4)]
>>> list(plan(1000, chunk_size=512, start_block=3))
[(3, 4)]
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ccsim.engine.chunk import DEFAULT_CHUNK, ChunkOutput
from ccsim.outputs import MONTHLY_METRICS, PATH_OUTPUTS
from ccsim.result import Result
from ccsim.run.parallel import PerformanceWarning
from ccsim.sampling.streams import BLOCK, SeedRoot, StreamCache
from ccsim.scenario import Scenario

__all__ = [
    "WARN_BYTES",
    "Assembler",
    "available_memory",
    "blocks_per_chunk",
    "check_memory",
    "kept_bytes",
    "kept_jobs",
    "n_blocks",
    "plan",
    "streaming_jobs",
]

#: Kept tables above this size (bytes) trigger a :class:`ccsim.PerformanceWarning`.
WARN_BYTES = 2 * 2**30


def n_blocks(n_paths: int) -> int:
    """Number of random-number blocks covering ``n_paths`` paths."""
    return math.ceil(n_paths / BLOCK)


def blocks_per_chunk(chunk_size: int | None) -> int:
    """Blocks per chunk: ``chunk_size`` paths (default :data:`DEFAULT_CHUNK`) rounded up."""
    return max(1, math.ceil((chunk_size or DEFAULT_CHUNK) / BLOCK))


def plan(
    n_paths: int, chunk_size: int | None = None, *, start_block: int = 0
) -> Iterator[tuple[int, int]]:
    """Block ranges ``(block_start, block_stop)`` of the chunks covering ``n_paths`` paths.

    Lazy: memory is constant however many chunks there are. ``start_block`` skips the
    blocks already run (a stopping rule adding chunks to a pilot run).
    """
    stop = n_blocks(n_paths)
    per = blocks_per_chunk(chunk_size)
    for b0 in range(start_block, stop, per):
        yield b0, min(stop, b0 + per)


def kept_jobs(
    scenario: Scenario, root: SeedRoot, ranges: Iterable[tuple[int, int]],
    keep_monthly: bool, sampler: Any, kept: StreamCache | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Arguments of :func:`ccsim.engine.run_chunk` per chunk (lazy)."""
    for b0, b1 in ranges:
        yield (scenario, root, b0, b1, keep_monthly, sampler, kept)


def streaming_jobs(
    scenario: Scenario, root: SeedRoot, ranges: Iterable[tuple[int, int]],
    sampler: Any, n_paths: int, alpha: float,
) -> Iterator[tuple[Any, ...]]:
    """Arguments of :func:`ccsim.run.summaries.streaming_chunk` per chunk (lazy)."""
    for b0, b1 in ranges:
        yield (scenario, root, b0, b1, sampler, n_paths, alpha)


# ---------------------------------------------------------------------------- assembly


class Assembler:
    """Fill preallocated ``(option, path)`` arrays with chunks given in block order.

    Parameters
    ----------
    scenario, root
        The run's scenario and seed.
    capacity
        Most paths the run can reach (``n_paths``, or a stopping rule's ``max_paths``
        rounded up to whole blocks). The arrays are allocated on the first chunk with
        ``numpy.empty``: pages never written are never touched.

    Notes
    -----
    Each chunk is copied once into place; :meth:`result` returns views of the filled
    part, so nothing is concatenated or copied again as chunks are added.
    """

    def __init__(self, scenario: Scenario, root: SeedRoot, capacity: int) -> None:
        self.scenario = scenario
        self.root = root
        self.capacity = int(capacity)
        self.filled = 0
        self._out: dict[str, NDArray[Any]] = {}
        self._in: dict[str, NDArray[Any]] = {}
        self._monthly: dict[str, NDArray[np.float32]] | None = None

    def add(self, part: ChunkOutput) -> None:
        """Copy the next chunk into place (paths beyond ``capacity`` are dropped)."""
        if not self._out:
            cap = self.capacity
            self._out = {k: np.empty((v.shape[0], cap), v.dtype) for k, v in part.paths.items()}
            self._in = {k: np.empty(cap, v.dtype) for k, v in part.inputs.items()}
            if part.monthly is not None:
                self._monthly = {
                    k: np.empty((v.shape[0], cap, v.shape[2]), v.dtype)
                    for k, v in part.monthly.items()
                }
        start = self.filled
        take = min(next(iter(part.paths.values())).shape[1], self.capacity - start)
        stop = start + take
        for k, v in part.paths.items():
            self._out[k][:, start:stop] = v[:, :take]
        for k, w in part.inputs.items():
            self._in[k][start:stop] = w[:take]
        if self._monthly is not None and part.monthly is not None:
            for k, m in part.monthly.items():
                self._monthly[k][:, start:stop] = m[:, :take]
        self.filled = stop

    def result(self, n_paths: int | None = None, **kw: Any) -> Result:
        """A :class:`ccsim.Result` of the first ``n_paths`` paths (default: all filled)."""
        n = self.filled if n_paths is None else min(int(n_paths), self.filled)
        outputs = {k: v[:, :n] for k, v in self._out.items()}
        inputs = {k: v[:n] for k, v in self._in.items()}
        monthly = None
        if self._monthly is not None:
            monthly = {k: v[:, :n] for k, v in self._monthly.items()}
        return Result(self.scenario, n, self.root, outputs, inputs, monthly, **kw)


def assemble(
    scenario: Scenario, parts: Iterable[ChunkOutput], n_paths: int, root: SeedRoot
) -> Result:
    """Assemble chunk outputs (in block order) into a :class:`ccsim.Result` of ``n_paths``."""
    asm = Assembler(scenario, root, n_paths)
    for part in parts:
        asm.add(part)
    return asm.result(n_paths)


# ---------------------------------------------------------------------------- memory


def kept_bytes(scenario: Scenario, n_paths: int, keep_monthly: bool) -> int:
    """Bytes of the tables a ``keep_paths=True`` run keeps.

    ``n_paths x options x outputs x 8`` (float64 per-path outputs) ``+ n_paths x
    inputs x 8`` (sampled inputs) and, with ``keep_monthly``, ``n_paths x options x
    months x monthly metrics x 4`` (float32 trajectories). The engine's working memory
    for one chunk (bounded by ``chunk_size``) comes on top.

    Examples
    --------
    >>> import ccsim
    >>> sc = ccsim.default_scenario()
    >>> kept_bytes(sc, 10**6, keep_monthly=False) > 10**6 * 5 * 8
    True
    """
    n_opt = len(scenario.options)
    per_path = 8 * (n_opt * len(PATH_OUTPUTS) + len(scenario.uncertain_inputs()))
    if keep_monthly:
        per_path += 4 * n_opt * scenario.horizon * len(MONTHLY_METRICS)
    return int(n_paths) * per_path


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation (psutil, else ``os.sysconf``)."""
    try:
        import psutil

        return int(psutil.virtual_memory().available)
    except ImportError:
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
        return None


def _fmt(nbytes: float) -> str:
    return f"{nbytes / 2**30:.1f} GB" if nbytes >= 2**28 else f"{nbytes / 2**20:.0f} MB"


def check_memory(scenario: Scenario, n_paths: int, keep_monthly: bool) -> int:
    """Refuse a run whose kept tables cannot fit; warn when they exceed ``WARN_BYTES``.

    Called before the first chunk runs.

    Returns
    -------
    int
        The estimate of :func:`kept_bytes`.

    Raises
    ------
    MemoryError
        When the estimate exceeds the memory available now, with what to change.

    Warns
    -----
    PerformanceWarning
        When the estimate exceeds :data:`WARN_BYTES` (2 GB) but fits.
    """
    need = kept_bytes(scenario, n_paths, keep_monthly)
    avail = available_memory()
    hints = ["keep_paths=False (streaming summaries, constant memory)"]
    if keep_monthly:
        monthly = need - kept_bytes(scenario, n_paths, False)
        hints.insert(0, f"keep_monthly=False (saves {_fmt(monthly)})")
    hint = " or ".join(hints)
    if avail is not None and need > avail:
        raise MemoryError(
            f"n_paths = {n_paths:,} with keep_paths=True needs about {_fmt(need)} for the "
            f"kept tables, but only {_fmt(avail)} of memory is available; pass {hint}, "
            "or fewer paths"
        )
    if need > WARN_BYTES:
        warnings.warn(
            f"n_paths = {n_paths:,} with keep_paths=True keeps about {_fmt(need)} of "
            f"per-path tables; to use less memory pass {hint}",
            PerformanceWarning,
            stacklevel=3,
        )
    return need
