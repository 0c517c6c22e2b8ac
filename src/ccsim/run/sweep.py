"""Parameter sweeps: the same simulation at many settings of a decision, on common futures.

:func:`sweep` runs a scenario at every point of a grid (``{"offshore.quality.oversight":
[0, 0.5, 1]}``, full factorial, or an explicit list of override dicts) and returns a
:class:`SweepResult` whose :meth:`~SweepResult.frame` has one row per (point, option).

Common random numbers: every point uses the same seed, and every random number is keyed
by its stream name and block of paths (:mod:`ccsim.sampling.streams`), so path ``i`` sees the
same demand, shocks and uncertain inputs at every point. Differences between points are
then differences of the decision, not sampling noise.

Scale: chunks of paths run on the ``"serial"``, ``"processes"`` or ``"dask"`` backend
(:mod:`ccsim.run.parallel`); each chunk is reduced in the worker to streaming summaries
(:mod:`ccsim.run.summaries`), so memory does not grow with ``n_paths``. Results are
bit-identical for every backend, worker count and chunk size.

Lose nothing: with ``store="DIR"`` every finished point is written to
``DIR/point-<key>.parquet`` (to a temporary file first, then renamed, so a killed run
leaves no half-written point that could be read back as valid), with its SHA-256 in the
manifest, checked when it is read back; a run holds ``DIR/sweep.lock`` (its host, pid and
start time) so two sweeps never write one store, and releases it when it ends or fails. A
lock whose sweep is gone is taken over with a :class:`StaleLockWarning`; one that cannot be
checked (another host's, or an empty file) is cleared with :func:`clear_lock`. Running the same sweep again reads the finished points and computes only
the missing ones; the result equals an uninterrupted run exactly.

Examples
--------
>>> import ccsim
>>> from ccsim import sweep
>>> sc = ccsim.default_scenario().with_overrides({"finance.horizon_months": 12})
>>> sw = sweep(sc, {"offshore.quality.oversight": [0.0, 1.0]}, n_paths=256, seed=1)
>>> df = sw.frame()
>>> df.shape[0], df.attrs["baseline"]
(10, 'in_house')
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ccsim._checks import check_int
from ccsim.conventions import SeedLike, baseline_of
from ccsim.dist import is_uncertain
from ccsim.run.chunks import blocks_per_chunk, plan, streaming_jobs
from ccsim.run.parallel import check_backend, imap
from ccsim.run.store import (
    FRAME_COLUMNS,
    StaleLockWarning,
    StoreError,
    _Store,
    _write_point,
    clear_lock,
)
from ccsim.run.summaries import DEFAULT_ALPHA, StreamingSummary, streaming_chunk
from ccsim.sampling.inputs import check_sampler, warn_partial_blocks
from ccsim.sampling.streams import SeedRoot, resolve_seed
from ccsim.scenario import Scenario

__all__ = [
    "FRAME_COLUMNS",
    "StaleLockWarning",
    "StoreError",
    "SweepResult",
    "clear_lock",
    "parse_grid_spec",
    "sweep",
]



# ---------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Outcome of :func:`sweep`.

    Attributes
    ----------
    scenario : Scenario
        The base scenario.
    points : tuple of dict
        The overrides of each sweep point, in order.
    params : tuple of str
        The swept parameters (dotted paths), in order of first appearance.
    baseline : str
        The option the paired savings are taken against.
    n_paths : int
    seed : SeedRoot
        ``sweep(..., seed=result.seed)`` repeats the sweep.
    data : DataFrame
        The tidy table returned (as a copy) by :meth:`frame`.
    elapsed_s : float
    meta : dict
        ``computed`` and ``loaded`` (point indices computed by this call or read from
        the store), ``backend``, ``store``, ``alpha`` (sketch accuracy).
    """

    scenario: Scenario
    points: tuple[dict[str, Any], ...]
    params: tuple[str, ...]
    baseline: str
    n_paths: int
    seed: SeedRoot
    data: pd.DataFrame
    elapsed_s: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.points)

    def __repr__(self) -> str:
        return (
            f"<ccsim.SweepResult: {len(self.points)} points over {list(self.params)} x "
            f"{len(self.scenario.options)} options x {self.n_paths:,} paths, baseline "
            f"{self.baseline!r}, seed entropy {self.seed.entropy}, {self.elapsed_s:.1f} s>"
        )

    def frame(self) -> pd.DataFrame:
        """Tidy table: one row per (sweep point, option).

        Columns: ``point``; one column per swept parameter (its dotted path); ``option``;
        ``cost_mean``, ``cost_se`` (Monte Carlo standard error), ``cost_p05``,
        ``cost_p50``, ``cost_p95`` (NPV cost quantiles from a sketch with relative error
        at most ``alpha``, see :mod:`ccsim.run.summaries`); ``csat_mean``, ``csat_se``;
        ``p_cheapest`` (share of paths on which the option is cheapest at that point);
        ``saving_mean``, ``saving_se`` (paired per-path saving of NPV cost, baseline
        minus option: positive means the option is cheaper) and ``p_saving`` (share of
        paths where the option costs less than the baseline; 0 for the baseline itself);
        ``operating_cost_mean``, ``incident_cost_mean`` and ``customer_cost_mean``, the
        three parts of ``cost_mean``.

        ``df.attrs`` holds ``baseline``, ``n_paths`` and ``seed`` (the seed's entropy).
        """
        df = self.data.copy()
        df.attrs = {"baseline": self.baseline, "n_paths": self.n_paths, "seed": self.seed.entropy}
        return df

    def scenario_at(self, point: int) -> Scenario:
        """The scenario simulated at sweep point ``point``."""
        if not 0 <= point < len(self.points):
            raise IndexError(f"point = {point} is outside the allowed range [0, {len(self.points) - 1}]")
        return self.scenario.with_overrides(self.points[point])


# ---------------------------------------------------------------------------- grid


def _points(grid: Any) -> list[dict[str, Any]]:
    if isinstance(grid, Mapping):
        if not grid:
            raise ValueError("grid is empty; give {parameter path: [values, ...]}")
        keys = list(grid)
        values = []
        for k in keys:
            if not isinstance(k, str):
                raise TypeError(f"grid keys must be dotted parameter paths (str), got {k!r}")
            v = grid[k]
            if isinstance(v, (str, bytes)) or not isinstance(v, (Sequence, np.ndarray)):
                raise TypeError(f"grid[{k!r}] must be a list of values, got {v!r}")
            v = list(v.tolist() if isinstance(v, np.ndarray) else v)
            if not v:
                raise ValueError(f"grid[{k!r}] is an empty list; give at least one value")
            values.append(v)
        return [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*values)]
    if isinstance(grid, Sequence) and not isinstance(grid, (str, bytes)):
        pts = list(grid)
        if not pts:
            raise ValueError("grid is an empty list; give at least one override dict")
        for i, p in enumerate(pts):
            if not isinstance(p, Mapping):
                raise TypeError(f"grid[{i}] must be a dict of overrides, got {p!r}")
        return [dict(p) for p in pts]
    raise TypeError(
        "grid must be a dict {parameter path: [values]} (full factorial) or a list of "
        f"override dicts, got {type(grid).__name__}"
    )


def _canon(v: Any) -> Any:
    if is_uncertain(v):
        from ccsim.dist import as_distribution

        return as_distribution(v).to_dict()
    if isinstance(v, (np.generic,)):
        v = v.item()
    if isinstance(v, float):
        return repr(v)
    return v


def _digest(obj: Any) -> str:
    text = json.dumps(obj, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _column_value(v: Any) -> Any:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        return repr(v)
    return float(v)


def _rows(stats: StreamingSummary, index: int, param_values: dict[str, Any], baseline: str,
          sampler: Any = "mc") -> pd.DataFrame:
    opts = stats.options
    # (mean, se) of option - baseline; replicate-block errors under a stratified sampler
    diff = [stats.diff(o, baseline, sampler) for o in opts]
    data: dict[str, Any] = {"point": np.full(len(opts), index, dtype=np.int64)}
    for k, v in param_values.items():
        data[k] = [_column_value(v)] * len(opts)
    data["option"] = list(opts)
    data.update(
        cost_mean=stats.mean_of("npv_cost"),
        cost_se=stats.se_of("npv_cost", sampler),
        cost_p05=stats.quantile("npv_cost", 0.05),
        cost_p50=stats.quantile("npv_cost", 0.5),
        cost_p95=stats.quantile("npv_cost", 0.95),
        csat_mean=stats.mean_of("csat_mean"),
        csat_se=stats.se_of("csat_mean", sampler),
        p_cheapest=stats.best_cost / stats.n,
        saving_mean=np.array([0.0 - d[0] for d in diff]),
        saving_se=np.array([d[1] for d in diff]),
        p_saving=np.array([stats.p_less(o, baseline) for o in opts]),
        operating_cost_mean=stats.mean_of("operating_cost"),
        incident_cost_mean=stats.mean_of("incident_cost"),
        customer_cost_mean=stats.mean_of("customer_cost"),
    )
    return pd.DataFrame(data)


# ---------------------------------------------------------------------------- sweep


def sweep(
    scenario: Scenario,
    grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]],
    n_paths: int = 10_000,
    *,
    seed: SeedLike = None,
    baseline: str | None = None,
    backend: str = "serial",
    workers: int | None = None,
    client: Any = None,
    chunk_size: int | None = None,
    store: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
    sampler: Any = "mc",
) -> SweepResult:
    """Simulate ``scenario`` at every point of ``grid`` on common random numbers.

    Parameters
    ----------
    scenario
        The base scenario.
    grid
        Either a dict ``{dotted path: [values, ...]}``, run as a full factorial (the
        last key varies fastest), or a list of override dicts, one per point. Values
        are constants or :mod:`ccsim.dist` distributions; every point is validated
        before anything runs.
    n_paths
        Monte Carlo paths per point (the same paths at every point).
    seed
        A SPEC 7 seed, as for :func:`ccsim.simulate`. ``None`` draws fresh entropy, or,
        when ``store`` already holds this sweep, reuses the stored seed.
    baseline
        Option the paired savings ``saving_mean``, ``saving_se``, ``p_saving`` are
        taken against (saving = baseline - option, positive = cheaper); default:
        ``in_house`` if present, else the first option (as everywhere in ccsim).
    backend, workers, client
        Where chunks run: ``"serial"``, ``"processes"`` or ``"dask"``; see
        :mod:`ccsim.run.parallel`. Results are bit-identical for every choice.
    chunk_size
        Paths per job (rounded up to whole blocks of 256).
    store
        Directory for resumable runs: each finished point is written to Parquet at
        once; a rerun with the same arguments computes only the missing points.
    progress
        Progress bar over the chunk jobs (tqdm; the widget in Jupyter, text in a
        terminal; ``None``: only when interactive).
    sampler
        Sampler of the uncertain inputs (see :func:`ccsim.simulate`).

    Returns
    -------
    SweepResult

    Raises
    ------
    KeyError
        For an unknown parameter path in ``grid`` (with the closest valid paths).
    TypeError, ValueError
        For invalid arguments or grid values, before anything runs; ``ValueError`` also
        when ``store`` holds a different sweep.

    Notes
    -----
    Memory: each job returns per-block moments and quantile sketches (kilobytes to a
    few MB); a point's statistics are final once its last chunk arrives, and then only
    its ``options`` rows are kept. ``cost_p05/p50/p95`` carry the sketch error bound of
    :mod:`ccsim.run.summaries` (relative error at most ``alpha = 1e-4``).

    Examples
    --------
    >>> import ccsim
    >>> from ccsim import sweep
    >>> sc = ccsim.default_scenario().with_overrides({"finance.horizon_months": 12})
    >>> sw = sweep(sc, [{"hybrid.vendor_share": 0.3}, {"hybrid.vendor_share": 0.7}],
    ...                  n_paths=256, seed=2, baseline="hybrid")
    >>> sw.frame().query("option == 'hybrid'")["saving_mean"].tolist()
    [0.0, 0.0]
    """
    t0 = time.perf_counter()
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a ccsim.Scenario, got {type(scenario).__name__}")
    points = _points(grid)
    scenarios = [scenario.with_overrides(p) for p in points]
    params: list[str] = []
    for p in points:
        params.extend(k for k in p if k not in params)
    n_paths = check_int("n_paths", n_paths, lo=1)
    baseline = baseline_of(scenario.option_names, baseline)
    if chunk_size is not None:
        chunk_size = check_int("chunk_size", chunk_size, lo=1)
    check_sampler(sampler)
    warn_partial_blocks(sampler, n_paths)
    workers = check_backend(backend, workers, client)
    alpha = DEFAULT_ALPHA

    st = _Store(store) if store is not None else None
    try:
        return _sweep_in(scenario, scenarios, points, params, n_paths, seed, baseline,
                         chunk_size, sampler, backend, workers, client, progress, alpha, st, t0)
    finally:  # a failed sweep releases its own lock at once (a notebook can retry)
        if st is not None:
            st.close()


def _sweep_in(
    scenario: Scenario, scenarios: list[Scenario], points: list[dict[str, Any]],
    params: list[str], n_paths: int, seed: Any, baseline: str, chunk_size: int | None,
    sampler: Any, backend: str, workers: int | None, client: Any, progress: Any, alpha: float,
    st: _Store | None, t0: float,
) -> SweepResult:
    """The body of :func:`sweep`, once the inputs are checked and the store is taken."""
    if seed is None and st is not None and st.stored_seed() is not None:
        root = st.stored_seed()
        assert root is not None
    else:
        root = resolve_seed(seed)
    scenario_dict = scenario.to_dict()
    run = {
        "n_paths": n_paths,
        "seed": {"entropy": root.entropy, "spawn_key": list(root.spawn_key)},
        "baseline": baseline,
        "sampler": str(sampler),
        "alpha": alpha,
        "options": list(scenario.option_names),
    }
    identity = _digest({"run": run, "scenario": scenario_dict})
    if st is not None:
        st.open(identity, run, scenario_dict)

    keys = [_digest({"identity": identity, "point": {k: _canon(v) for k, v in p.items()}})
            for p in points]
    param_values = [{k: sc_i.get(k) for k in params} for sc_i in scenarios]
    n_opt = len(scenario.options)
    frames: dict[int, pd.DataFrame] = {}
    loaded: list[int] = []
    if st is not None:
        for i, key in enumerate(keys):
            df = st.load(key, n_opt)
            if df is not None:
                df["point"] = np.int64(i)
                frames[i] = df
                loaded.append(i)
    todo = [i for i in range(len(points)) if i not in frames]

    per = blocks_per_chunk(chunk_size)
    n_chunks = sum(1 for _ in plan(n_paths, chunk_size))
    jobs = (
        job
        for i in todo
        for job in streaming_jobs(
            scenarios[i], root, plan(n_paths, chunk_size), sampler, n_paths, alpha
        )
    )
    results = imap(
        streaming_chunk, jobs, backend=backend, workers=workers, client=client,
        progress=progress, desc="sweep", total=n_chunks * len(todo),
    )
    try:
        for i in todo:
            stats = StreamingSummary(scenario.option_names, alpha)
            for _ in range(n_chunks):
                stats.add(next(results))
            rows = _rows(stats, i, param_values[i], baseline, sampler)
            if st is not None:
                _write_point(st, keys[i], rows)
            frames[i] = rows
    finally:
        results.close()

    data = pd.concat([frames[i] for i in range(len(points))], ignore_index=True)
    meta = {
        "computed": todo,
        "loaded": loaded,
        "backend": backend,
        "store": None if st is None else str(st.dir),
        "alpha": alpha,
        "chunk_blocks": per,
    }
    return SweepResult(
        scenario, tuple(points), tuple(params), baseline, n_paths, root, data,
        time.perf_counter() - t0, meta,
    )


# ---------------------------------------------------------------------------- CLI


def parse_grid_spec(spec: str) -> tuple[str, list[float]]:
    """Parse ``"path=start:stop:num"`` (``numpy.linspace``) or ``"path=v1,v2,..."``.

    Examples
    --------
    >>> parse_grid_spec("offshore.quality.oversight=0:1:3")
    ('offshore.quality.oversight', [0.0, 0.5, 1.0])
    >>> parse_grid_spec("hybrid.vendor_share=0.2,0.4")
    ('hybrid.vendor_share', [0.2, 0.4])
    """
    path, sep, values = spec.partition("=")
    path, values = path.strip(), values.strip()
    if not sep or not path or not values:
        raise ValueError(
            f"--grid {spec!r}: expected PATH=START:STOP:NUM or PATH=V1,V2,... "
            "(e.g. offshore.quality.oversight=0:1:11)"
        )
    try:
        if ":" in values:
            parts = values.split(":")
            if len(parts) != 3:
                raise ValueError("need START:STOP:NUM")
            start, stop, num = float(parts[0]), float(parts[1]), int(parts[2])
            if num < 1:
                raise ValueError(f"NUM = {num} must be >= 1")
            return path, [float(x) for x in np.linspace(start, stop, num)]
        return path, [float(v) for v in values.split(",")]
    except ValueError as exc:
        raise ValueError(
            f"--grid {spec!r}: {exc}; expected PATH=START:STOP:NUM or PATH=V1,V2,..."
        ) from None
