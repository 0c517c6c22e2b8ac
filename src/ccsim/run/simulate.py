"""``simulate``: the friendly entry point over the strict engine.

Validates the call, splits the paths into chunks of whole random-number blocks, runs
:func:`ccsim.engine.run_chunk` on each (in order) and assembles a
:class:`ccsim.result.Result`. With ``until=``, chunks are added until the stopping rule
is met; the result is bit-identical to a fixed run of the same total size, because path
``i`` depends only on the seed and ``i``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal, Protocol, overload

from ccsim._checks import check_bool, check_int
from ccsim.conventions import SeedLike
from ccsim.engine.chunk import DEFAULT_CHUNK, ChunkOutput, run_chunk
from ccsim.result import Result
from ccsim.run.chunks import (
    Assembler,
    blocks_per_chunk,
    check_memory,
    kept_jobs,
    n_blocks,
    plan,
    streaming_jobs,
)
from ccsim.run.parallel import check_backend, imap
from ccsim.sampling.inputs import check_sampler, warn_partial_blocks
from ccsim.sampling.streams import BLOCK, StreamCache, resolve_seed
from ccsim.scenario import Scenario

if TYPE_CHECKING:
    from ccsim.run.summaries import StreamingResult

__all__ = ["StoppingRule", "simulate"]


class StoppingRule(Protocol):
    """What ``simulate(..., until=rule)`` needs of a stopping rule."""

    max_paths: int

    def is_met(self, result: Result) -> bool:
        """True when ``result`` is precise enough to stop."""
        ...


@overload
def simulate(
    scenario: Scenario | None = None,
    n_paths: int | None = None,
    *,
    seed: SeedLike = None,
    chunk_size: int | None = None,
    keep_monthly: bool = True,
    progress: bool | None = None,
    sampler: Any = "mc",
    until: StoppingRule | None = None,
    backend: str = "serial",
    workers: int | None = None,
    client: Any = None,
    keep_paths: Literal[True] = True,
    reuse: StreamCache | None = None,
) -> Result: ...


@overload
def simulate(
    scenario: Scenario | None = None,
    n_paths: int | None = None,
    *,
    seed: SeedLike = None,
    chunk_size: int | None = None,
    keep_monthly: bool = True,
    progress: bool | None = None,
    sampler: Any = "mc",
    until: StoppingRule | None = None,
    backend: str = "serial",
    workers: int | None = None,
    client: Any = None,
    keep_paths: Literal[False],
    reuse: StreamCache | None = None,
) -> StreamingResult: ...


@overload
def simulate(
    scenario: Scenario | None = None,
    n_paths: int | None = None,
    *,
    seed: SeedLike = None,
    chunk_size: int | None = None,
    keep_monthly: bool = True,
    progress: bool | None = None,
    sampler: Any = "mc",
    until: StoppingRule | None = None,
    backend: str = "serial",
    workers: int | None = None,
    client: Any = None,
    keep_paths: bool = True,
    reuse: StreamCache | None = None,
) -> Result | StreamingResult: ...


def simulate(
    scenario: Scenario | None = None,
    n_paths: int | None = None,
    *,
    seed: SeedLike = None,
    chunk_size: int | None = None,
    keep_monthly: bool = True,
    progress: bool | None = None,
    sampler: Any = "mc",
    until: StoppingRule | None = None,
    backend: str = "serial",
    workers: int | None = None,
    client: Any = None,
    keep_paths: bool = True,
    reuse: StreamCache | None = None,
) -> Result | StreamingResult:
    """Simulate every option of ``scenario`` on ``n_paths`` common futures.

    Parameters
    ----------
    scenario
        The decision to simulate; :func:`ccsim.default_scenario` if omitted.
    n_paths
        Number of Monte Carlo paths (futures), 10,000 if omitted. Each path draws every
        uncertain input once and then runs the monthly mechanisms over the horizon.
        With ``until``, the pilot size (default: one chunk, at most ``until.max_paths``);
        it may not exceed ``until.max_paths``.
    seed
        Anything :func:`numpy.random.default_rng` accepts as a seed (``None``, an int
        >= 0, a sequence of ints >= 0, a ``SeedSequence``, a ``BitGenerator``, a
        ``Generator``; see :func:`ccsim.sampling.streams.resolve_seed`), or the
        ``seed`` of an earlier result. The same seed gives bit-identical
        results for any ``chunk_size``; path ``i`` depends only on the seed and ``i``.
    chunk_size
        Paths per chunk (rounded up to whole blocks of 256): bounds working memory.
    keep_monthly
        Keep monthly trajectories of cost, CSAT, quality, service level and headcount
        (float32, ``5 * options * n_paths * months`` values) for ``Result.monthly``.
    progress
        Show a progress bar over the chunks (tqdm). ``None``: only when standard error
        is a terminal or the run is in a notebook. A run of one chunk never shows a bar
        (there is nothing to count).
    sampler
        How uncertain inputs are sampled: ``"mc"`` (plain Monte Carlo), ``"lhs"``
        (Latin hypercube per block of 256 paths), ``"sobol"`` (scrambled Sobol' points
        per block) or a :class:`ccsim.InputDesign` (fixed input values per path, used
        by :mod:`ccsim.sensitivity`). Correlations declared on the scenario are imposed
        on every sampler; results stay bit-identical for any chunk size.
    until
        A stopping rule (e.g. :class:`ccsim.Precision`): keep adding chunks until it is
        met or its ``max_paths`` is reached.
    backend
        Where chunks run: ``"serial"`` (this process), ``"processes"`` (all local cores,
        or ``workers``) or ``"dask"`` (``client``, or a ``LocalCluster`` started for the
        call); see :mod:`ccsim.run.parallel`. Results are bit-identical for every backend,
        worker count and chunk size.
    workers
        Number of worker processes for ``"processes"`` and for a ``LocalCluster``.
    client
        A ``distributed.Client`` for ``backend="dask"``, e.g.
        ``distributed.Client("tcp://scheduler:8786")`` for a multi-machine cluster.
    keep_paths
        ``True``: keep every per-path output (``O x n_paths`` float64 per output,
        about 2 GB per output at ``10**7`` paths and five options), assembled in place
        without a second copy. ``False``: keep only streaming summaries (moments and
        quantile sketches, a few MB whatever ``n_paths``) and return a
        :class:`ccsim.run.summaries.StreamingResult`; quantiles are then within the relative
        error stated in :mod:`ccsim.run.summaries`. ``keep_monthly`` is ignored and
        ``until`` is not supported.

    Returns
    -------
    ccsim.result.Result or ccsim.run.summaries.StreamingResult
        A :class:`~ccsim.result.Result`, or with ``keep_paths=False`` a
        :class:`~ccsim.run.summaries.StreamingResult`.

    Raises
    ------
    TypeError, ValueError
        For invalid arguments, before anything runs.
    MemoryError
        Before the first chunk, when the kept tables (``keep_paths=True``; see
        :func:`ccsim.run.chunks.kept_bytes`: ``n_paths x options x outputs x 8`` bytes
        plus, with ``keep_monthly``, ``n_paths x options x months x 5 x 4``) exceed the
        memory available; the message suggests ``keep_monthly=False`` /
        ``keep_paths=False``. With ``until=``, the estimate is for ``until.max_paths``.

    Warns
    -----
    ccsim.PerformanceWarning
        When the kept tables would exceed 2 GB.
    UserWarning
        With ``sampler="lhs"`` or ``"sobol"`` when ``n_paths`` is not a whole number of
        256-path blocks (the last block is then not a full stratification).

    Notes
    -----
    A run of one path is allowed (e.g. to draw one future), but no standard error or
    confidence interval can be given from one path: ``summary()`` and the estimators
    then raise ``ValueError`` rather than report a zero standard error.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> res.summary().index.tolist()
    ['in_house', 'onshore', 'nearshore', 'offshore', 'hybrid']
    """
    from ccsim.scenario.presets import default_scenario

    if scenario is None:
        scenario = default_scenario()
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a ccsim.Scenario, got {type(scenario).__name__}")
    keep_paths = check_bool("keep_paths", keep_paths)
    keep_monthly = check_bool("keep_monthly", keep_monthly)
    from ccsim.run.sizing import check_headcount

    check_headcount(scenario)
    if not keep_paths and until is not None:
        raise ValueError("until= needs the per-path results: use keep_paths=True with until")
    max_paths = 0
    if until is not None:
        if not (hasattr(until, "max_paths") and callable(getattr(until, "is_met", None))):
            raise TypeError(
                "until must be a stopping rule with max_paths and is_met(result), such as "
                f"ccsim.Precision(rel_halfwidth=0.01), got {until!r}"
            )
        max_paths = check_int("until.max_paths", until.max_paths, lo=1)
        if n_paths is None:
            n_paths = min(max_paths, chunk_size or DEFAULT_CHUNK)
        elif check_int("n_paths", n_paths, lo=1) > max_paths:
            raise ValueError(
                f"n_paths={n_paths} exceeds until.max_paths={max_paths}: with until=, "
                "n_paths is the pilot size; lower it or raise max_paths"
            )
    n_paths = check_int("n_paths", 10_000 if n_paths is None else n_paths, lo=1)
    if chunk_size is not None:
        chunk_size = check_int("chunk_size", chunk_size, lo=1)
    check_sampler(sampler)
    warn_partial_blocks(sampler, n_paths)
    workers = check_backend(backend, workers, client)
    if keep_paths:
        # the kept tables must fit before the first chunk runs
        check_memory(scenario, max(n_paths, max_paths), keep_monthly)
    root = resolve_seed(seed)
    _check_reuse(reuse, root, backend, keep_paths)
    per = blocks_per_chunk(chunk_size)
    t0 = time.perf_counter()
    par = {"backend": backend, "workers": workers, "client": client, "progress": progress}
    meta: dict[str, Any] = {"sampler": sampler, "chunk_blocks": per, "backend": backend}
    if not keep_paths:
        from ccsim.run.summaries import (
            DEFAULT_ALPHA,
            StreamingResult,
            StreamingSummary,
            streaming_chunk,
        )

        stats = StreamingSummary(scenario.option_names, DEFAULT_ALPHA)
        jobs = streaming_jobs(
            scenario, root, plan(n_paths, chunk_size), sampler, n_paths, DEFAULT_ALPHA
        )
        total = math.ceil(n_blocks(n_paths) / per)
        for part in imap(streaming_chunk, jobs, total=total, **par):  # type: ignore[arg-type]
            stats.add(part)
        return StreamingResult(scenario, n_paths, root, stats, time.perf_counter() - t0, meta)

    def run(ranges: Iterator[tuple[int, int]], total: int) -> Iterator[ChunkOutput]:
        jobs = kept_jobs(scenario, root, ranges, keep_monthly, sampler, reuse)
        return imap(run_chunk, jobs, total=total, **par)  # type: ignore[arg-type]

    if until is None:
        asm = Assembler(scenario, root, n_paths)
        for part in run(plan(n_paths, chunk_size), math.ceil(n_blocks(n_paths) / per)):
            asm.add(part)
        res = asm.result(n_paths, meta=meta)
    else:
        max_blocks = n_blocks(max_paths)
        asm = Assembler(scenario, root, max_blocks * BLOCK)
        for part in run(plan(n_paths, chunk_size), math.ceil(n_blocks(n_paths) / per)):
            asm.add(part)
        res = asm.result(n_paths, meta=meta)
        done = n_blocks(n_paths)
        met = bool(until.is_met(res))
        while not met and done < max_blocks:
            nxt = min(max_blocks, done + per)
            for part in run(iter([(done, nxt)]), 1):
                asm.add(part)
            done = nxt
            res = asm.result(meta=meta)
            met = bool(until.is_met(res))
        describe = getattr(until, "describe", None)
        meta["stopping"] = {
            "rule": describe() if callable(describe) else repr(until),
            "met": met,
            "n_paths": res.n_paths,
        }
    return Result(
        res.scenario, res.n_paths, root, res.outputs, res.inputs, res.monthly_data,
        time.perf_counter() - t0, meta,
    )


def _check_reuse(reuse: Any, root: Any, backend: str, keep_paths: bool) -> None:
    """Refuse a ``reuse=`` cache that does not fit the run, before anything runs."""
    if reuse is None:
        return
    if not isinstance(reuse, StreamCache):
        raise TypeError(f"reuse must be a ccsim.sampling.streams.StreamCache, got "
                        f"{type(reuse).__name__}")
    if reuse.root != root:
        raise ValueError(f"reuse holds the random numbers of seed {reuse.root}, but the run's "
                         f"seed is {root}; pass seed=reuse.root")
    if backend != "serial":
        raise ValueError(f"reuse= keeps random numbers in this process: it needs "
                         f"backend='serial', got backend={backend!r}")
    if not keep_paths:
        raise ValueError("reuse= needs keep_paths=True")
