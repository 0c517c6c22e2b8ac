"""``simulate``: the friendly entry point over the strict engine.

Validates the call, splits the paths into chunks of whole random-number blocks, runs
:func:`ccsim.engine.run_chunk` on each (in order) and assembles a
:class:`ccsim.result.Result`. With ``until=``, chunks are added until the stopping rule
is met; the result is bit-identical to a fixed run of the same total size, because path
``i`` depends only on the seed and ``i``.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Iterable
from typing import Any, Protocol

import numpy as np

from ccsim.engine import DEFAULT_CHUNK, ChunkOutput, run_chunk
from ccsim.result import Result
from ccsim.sampling import check_sampler
from ccsim.scenario import Scenario
from ccsim.streams import BLOCK, resolve_seed

__all__ = ["StoppingRule", "simulate"]


class StoppingRule(Protocol):
    """What ``simulate(..., until=rule)`` needs of a stopping rule."""

    max_paths: int

    def is_met(self, result: Result) -> bool:
        """True when ``result`` is precise enough to stop."""
        ...


def _check_int(name: str, value: Any, lo: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer >= {lo}, got {value!r}")
    if int(value) < lo:
        raise ValueError(f"{name} = {value} is outside the allowed range [{lo}, inf)")
    return int(value)


def simulate(
    scenario: Scenario | None = None,
    n_paths: int = 10_000,
    *,
    seed: Any = None,
    chunk_size: int | None = None,
    keep_monthly: bool = True,
    progress: bool | None = None,
    sampler: Any = "mc",
    until: StoppingRule | None = None,
) -> Result:
    """Simulate every option of ``scenario`` on ``n_paths`` common futures.

    Parameters
    ----------
    scenario
        The decision to simulate; :func:`ccsim.default_scenario` if omitted.
    n_paths
        Number of Monte Carlo paths (futures). Each path draws every uncertain input
        once and then runs the monthly mechanisms over the horizon. With ``until``,
        the minimum number of paths.
    seed
        Anything :func:`numpy.random.default_rng` accepts as a seed (``None``, an int
        >= 0, a ``SeedSequence``, a ``Generator``). The same seed gives bit-identical
        results for any ``chunk_size``; path ``i`` depends only on the seed and ``i``.
    chunk_size
        Paths per chunk (rounded up to whole blocks of 256): bounds working memory.
    keep_monthly
        Keep monthly trajectories of cost, CSAT, quality, service level and headcount
        (float32, ``5 * options * n_paths * months`` values) for ``Result.monthly``.
    progress
        Show a progress bar (tqdm). ``None``: only when there is more than one chunk
        and standard error is a terminal.
    sampler
        How uncertain inputs are sampled: ``"mc"`` (plain Monte Carlo).
    until
        A stopping rule (e.g. :class:`ccsim.Precision`): keep adding chunks until it is
        met or its ``max_paths`` is reached.

    Returns
    -------
    ccsim.result.Result

    Raises
    ------
    TypeError, ValueError
        For invalid arguments, before anything runs.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> res.summary().index.tolist()
    ['in_house', 'onshore', 'nearshore', 'offshore', 'hybrid']
    """
    from ccsim.presets import default_scenario

    if scenario is None:
        scenario = default_scenario()
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a ccsim.Scenario, got {type(scenario).__name__}")
    n_paths = _check_int("n_paths", n_paths, 1)
    if chunk_size is not None:
        chunk_size = _check_int("chunk_size", chunk_size, 1)
    check_sampler(sampler)
    root = resolve_seed(seed)
    per = max(1, math.ceil((chunk_size or DEFAULT_CHUNK) / BLOCK))
    t0 = time.perf_counter()

    def run(blocks: Iterable[tuple[int, int]]) -> list[ChunkOutput]:
        items = list(blocks)
        return [
            run_chunk(scenario, root, b0, b1, keep_monthly, sampler)
            for b0, b1 in _progress(items, progress)
        ]

    n_blocks = math.ceil(n_paths / BLOCK)
    parts = run(_ranges(0, n_blocks, per))
    res = Result.from_chunks(scenario, parts, n_paths=n_paths, seed=root)
    if until is not None:
        max_blocks = max(n_blocks, math.ceil(_check_int("until.max_paths", until.max_paths, 1) / BLOCK))
        done = n_blocks
        while not until.is_met(res) and done < max_blocks:
            nxt = min(max_blocks, done + per)
            parts += run(_ranges(done, nxt, per))
            done = nxt
            res = Result.from_chunks(scenario, parts, n_paths=done * BLOCK, seed=root)
    meta = {"sampler": sampler, "chunk_blocks": per}
    return Result(
        res.scenario, res.n_paths, root, res.outputs, res.inputs, res.monthly_data,
        time.perf_counter() - t0, meta,
    )


def _ranges(start: int, stop: int, per: int) -> list[tuple[int, int]]:
    return [(b, min(stop, b + per)) for b in range(start, stop, per)]


def _progress(items: list[Any], progress: bool | None) -> Any:
    show = progress if progress is not None else (len(items) > 1 and sys.stderr.isatty())
    if not show:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc="ccsim", unit="chunk", total=len(items))
