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
leaves no half-written point that could be read back as valid). Running the same sweep
again reads the finished points and computes only the missing ones; the result equals an
uninterrupted run exactly.

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

import argparse
import hashlib
import itertools
import json
import math
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ccsim.dist import is_uncertain
from ccsim.engine.chunk import DEFAULT_CHUNK
from ccsim.run.parallel import check_backend, imap
from ccsim.run.simulate import _check_int
from ccsim.run.summaries import DEFAULT_ALPHA, StreamingSummary, streaming_chunk
from ccsim.sampling.inputs import check_sampler
from ccsim.sampling.streams import BLOCK, SeedRoot, resolve_seed
from ccsim.scenario import Scenario

__all__ = ["FRAME_COLUMNS", "SweepResult", "add_cli", "parse_grid_spec", "sweep"]

#: Statistic columns of :meth:`SweepResult.frame` (after ``point``, the swept
#: parameters and ``option``).
FRAME_COLUMNS = (
    "cost_mean",
    "cost_se",
    "cost_p05",
    "cost_p50",
    "cost_p95",
    "csat_mean",
    "csat_se",
    "p_cheapest",
    "diff_mean",
    "diff_se",
    "p_saving",
    "operating_cost_mean",
    "customer_cost_mean",
)

_STORE_FORMAT = 1


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
        The option the paired differences are taken against.
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
        ``diff_mean``, ``diff_se`` (paired per-path difference of NPV cost, option minus
        the baseline option) and ``p_saving`` (share of paths where the option costs
        less than the baseline; 0 for the baseline itself); ``operating_cost_mean`` and
        ``customer_cost_mean``, the two parts of ``cost_mean``.

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


def _rows(stats: StreamingSummary, index: int, param_values: dict[str, Any], baseline: str) -> pd.DataFrame:
    opts = stats.options
    diff = [stats.diff(o, baseline) for o in opts]
    data: dict[str, Any] = {"point": np.full(len(opts), index, dtype=np.int64)}
    for k, v in param_values.items():
        data[k] = [_column_value(v)] * len(opts)
    data["option"] = list(opts)
    data.update(
        cost_mean=stats.mean_of("npv_cost"),
        cost_se=stats.se_of("npv_cost"),
        cost_p05=stats.quantile("npv_cost", 0.05),
        cost_p50=stats.quantile("npv_cost", 0.5),
        cost_p95=stats.quantile("npv_cost", 0.95),
        csat_mean=stats.mean_of("csat_mean"),
        csat_se=stats.se_of("csat_mean"),
        p_cheapest=stats.best_cost / stats.n,
        diff_mean=np.array([d[0] for d in diff]),
        diff_se=np.array([d[1] for d in diff]),
        p_saving=np.array([stats.p_less(o, baseline) for o in opts]),
        operating_cost_mean=stats.mean_of("operating_cost"),
        customer_cost_mean=stats.mean_of("customer_cost"),
    )
    return pd.DataFrame(data)


# ---------------------------------------------------------------------------- store


class _Store:
    """A directory of finished sweep points (one Parquet file each) and a manifest."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.dir = Path(path)
        if self.dir.exists() and not self.dir.is_dir():
            raise ValueError(f"store = {str(path)!r} exists and is not a directory")
        self.dir.mkdir(parents=True, exist_ok=True)
        self.manifest = self.dir / "manifest.json"
        for tmp in self.dir.glob(".*.tmp-*"):  # leftovers of a killed run, never read
            tmp.unlink(missing_ok=True)

    def stored_seed(self) -> SeedRoot | None:
        if not self.manifest.exists():
            return None
        m = json.loads(self.manifest.read_text(encoding="utf-8"))
        s = m["run"]["seed"]
        return SeedRoot(int(s["entropy"]), tuple(int(k) for k in s["spawn_key"]))

    def open(self, identity: str, run: dict[str, Any], scenario_dict: dict[str, Any]) -> None:
        if self.manifest.exists():
            m = json.loads(self.manifest.read_text(encoding="utf-8"))
            if m.get("identity") != identity:
                differ = [k for k in run if m.get("run", {}).get(k) != run[k]]
                if m.get("scenario") != json.loads(json.dumps(scenario_dict, default=repr)):
                    differ.append("scenario")
                raise ValueError(
                    f"store {str(self.dir)!r} holds a different sweep (it differs in "
                    f"{', '.join(differ) or 'its settings'}); resume it with the same "
                    "scenario, n_paths, seed, baseline and sampler, or use a new directory"
                )
            return
        m = {"format": _STORE_FORMAT, "identity": identity, "run": run, "scenario": scenario_dict}
        _atomic_write_text(self.manifest, json.dumps(m, indent=1, default=repr))

    def path(self, key: str) -> Path:
        return self.dir / f"point-{key[:24]}.parquet"

    def load(self, key: str, n_options: int) -> pd.DataFrame | None:
        p = self.path(key)
        if not p.exists():
            return None
        try:
            df = pd.read_parquet(p)
        except Exception:  # unreadable: treat as missing; it will be recomputed
            return None
        if len(df) != n_options or "point_key" not in df or not (df["point_key"] == key).all():
            return None
        return df.drop(columns="point_key")


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _write_point(store: _Store, key: str, rows: pd.DataFrame) -> None:
    """Write one finished point: to a temporary file, then atomically renamed."""
    final = store.path(key)
    tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
    rows.assign(point_key=key).to_parquet(tmp, index=False)
    os.replace(tmp, final)


# ---------------------------------------------------------------------------- sweep


def sweep(
    scenario: Scenario,
    grid: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]],
    n_paths: int = 10_000,
    *,
    seed: Any = None,
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
        Option the paired differences ``diff_mean``, ``diff_se``, ``p_saving`` are
        taken against; default: the scenario's first option.
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
    >>> sw.frame().query("option == 'hybrid'")["diff_mean"].tolist()
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
    n_paths = _check_int("n_paths", n_paths, 1)
    if baseline is None:
        baseline = scenario.option_names[0]
    if baseline not in scenario.option_names:
        raise ValueError(
            f"baseline = {baseline!r} is not an option; options are {list(scenario.option_names)}"
        )
    if chunk_size is not None:
        chunk_size = _check_int("chunk_size", chunk_size, 1)
    check_sampler(sampler)
    workers = check_backend(backend, workers, client)
    alpha = DEFAULT_ALPHA

    st = _Store(store) if store is not None else None
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

    per = max(1, math.ceil((chunk_size or DEFAULT_CHUNK) / BLOCK))
    n_blocks = math.ceil(n_paths / BLOCK)
    ranges = [(b, min(n_blocks, b + per)) for b in range(0, n_blocks, per)]
    jobs = [
        (scenarios[i], root, b0, b1, sampler, n_paths, alpha) for i in todo for b0, b1 in ranges
    ]
    results = imap(
        streaming_chunk, jobs, backend=backend, workers=workers, client=client,
        progress=progress, desc="sweep",
    )
    try:
        for i in todo:
            stats = StreamingSummary(scenario.option_names, alpha)
            for _ in ranges:
                stats.add(next(results))
            rows = _rows(stats, i, param_values[i], baseline)
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


def _cmd_sweep(args: argparse.Namespace) -> int:
    from ccsim.scenario.presets import default_scenario

    scenario = default_scenario() if args.scenario is None else Scenario.from_toml(args.scenario)
    grid: dict[str, list[float]] = {}
    for spec in args.grid:
        path, vals = parse_grid_spec(spec)
        grid[path] = vals
    client = None
    if args.scheduler:
        if args.backend != "dask":
            raise ValueError("--scheduler needs --backend dask")
        from distributed import Client

        client = Client(args.scheduler)
    out = Path(args.out) if args.out else None
    try:
        res = sweep(
            scenario, grid, n_paths=args.paths, seed=args.seed, baseline=args.baseline,
            backend=args.backend, workers=args.workers, client=client,
            chunk_size=args.chunk_size, store=None if out is None else out / "points",
            progress=False if args.quiet else None,
        )
    finally:
        if client is not None:
            client.close()
    df = res.frame()
    with pd.option_context("display.width", 160, "display.max_columns", 30):
        print(f"{scenario.name}: {len(res)} points x {res.n_paths:,} paths, seed {res.seed.entropy}")
        print(df.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
    if out is not None:
        df.to_csv(out / "sweep.csv", index=False)
        print(f"wrote {out / 'sweep.csv'} and {len(res)} points in {out / 'points'}")
    return 0


def add_cli(subparsers: Any) -> None:
    """Add the ``ccsim sweep`` subcommand to an ``argparse`` subparsers object.

    ``ccsim sweep [SCENARIO.toml] --grid PATH=START:STOP:NUM [--grid ...] --paths N
    [--seed S] [--baseline OPTION] [--backend serial|processes|dask] [--workers W]
    [--scheduler tcp://HOST:8786] [--chunk-size C] [--out DIR] [--quiet]``. With
    ``--out``, finished points go to ``DIR/points`` (rerun to resume) and the table to
    ``DIR/sweep.csv``.
    """
    p = subparsers.add_parser(
        "sweep",
        help="simulate a scenario over a grid of parameter values (resumable with --out)",
    )
    p.add_argument("scenario", nargs="?", help="scenario TOML file (default: built-in)")
    p.add_argument(
        "--grid", action="append", required=True, metavar="PATH=START:STOP:NUM",
        help="swept parameter, e.g. offshore.quality.oversight=0:1:11 or "
        "hybrid.vendor_share=0.2,0.5,0.8; repeat for a full factorial grid",
    )
    p.add_argument("--paths", type=int, default=10_000, help="paths per point (default 10000)")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: fresh or stored)")
    p.add_argument("--baseline", default=None, help="option for paired differences (default: first)")
    p.add_argument("--backend", choices=("serial", "processes", "dask"), default="serial")
    p.add_argument("--workers", type=int, default=None, help="local worker processes")
    p.add_argument("--scheduler", default=None, help="address of a Dask scheduler (with --backend dask)")
    p.add_argument("--chunk-size", type=int, default=None, help="paths per job")
    p.add_argument("--out", default=None, help="directory for sweep.csv and the resumable point store")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_sweep)
