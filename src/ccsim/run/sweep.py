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
import io
import itertools
import json
import os
import socket
import time
import warnings
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ccsim._checks import check_int
from ccsim.dist import is_uncertain
from ccsim.run.chunks import blocks_per_chunk, plan, streaming_jobs
from ccsim.run.parallel import check_backend, imap
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
    "saving_mean",
    "saving_se",
    "p_saving",
    "operating_cost_mean",
    "incident_cost_mean",
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


def _rows(stats: StreamingSummary, index: int, param_values: dict[str, Any], baseline: str) -> pd.DataFrame:
    opts = stats.options
    diff = [stats.diff(o, baseline) for o in opts]  # (mean, se) of option - baseline
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
        saving_mean=np.array([0.0 - d[0] for d in diff]),
        saving_se=np.array([d[1] for d in diff]),
        p_saving=np.array([stats.p_less(o, baseline) for o in opts]),
        operating_cost_mean=stats.mean_of("operating_cost"),
        incident_cost_mean=stats.mean_of("incident_cost"),
        customer_cost_mean=stats.mean_of("customer_cost"),
    )
    return pd.DataFrame(data)


# ---------------------------------------------------------------------------- store


class StoreError(ValueError):
    """A sweep store cannot be used: locked by another run, a malformed lock or manifest,
    or a point that fails its checksum."""


class StaleLockWarning(UserWarning):
    """A sweep took over the lock of a store whose sweep is no longer running."""


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    except OSError:  # pragma: no cover - platforms without signal 0
        return True
    return True


def _release_lock(lock: Path, token: str) -> None:
    """Remove ``lock`` if it is still the one this store took (``token`` matches)."""
    _HELD.discard(token)
    try:
        if json.loads(lock.read_text(encoding="utf-8")).get("token") == token:
            lock.unlink()
    except (OSError, ValueError, AttributeError):
        pass


#: Tokens of the store locks this process holds now (a lock of this process whose token
#: is not here was left by a sweep of this process that failed: stale).
_HELD: set[str] = set()

LOCK_NAME = "sweep.lock"


def _lock_path(store: str | os.PathLike[str]) -> Path:
    p = Path(store)
    return p if p.name == LOCK_NAME or p.is_file() else p / LOCK_NAME


def _clear_hint(lock: Path) -> str:
    return (
        f"if no sweep is using this store, clear the lock with "
        f"ccsim.run.sweep.clear_lock({str(lock.parent)!r}) (or delete {str(lock)!r}) and run "
        "again; finished points are kept"
    )


def _read_lock(lock: Path) -> dict[str, Any] | None:
    """The lock's record, or None if it is empty or malformed."""
    try:
        held = json.loads(lock.read_text(encoding="utf-8"))
    except (ValueError, OSError):
        return None
    if not isinstance(held, dict):
        return None
    pid, host = held.get("pid"), held.get("host")
    if isinstance(pid, bool) or not isinstance(pid, int) or not isinstance(host, str):
        return None
    return held


def _stale(held: dict[str, Any]) -> bool:
    """Whether a well-formed lock was left by a process of this host that is gone (or by
    a failed sweep of this very process)."""
    if held["host"] != socket.gethostname():
        return False  # another host's process cannot be checked from here
    if held["pid"] == os.getpid():
        return held.get("token") not in _HELD
    return not _pid_alive(held["pid"])


def clear_lock(store: str | os.PathLike[str], *, force: bool = False) -> dict[str, Any] | None:
    """Remove the lock of the sweep store ``store`` (its directory or its lock file).

    Use it when a sweep was killed on another host, or a lock file is empty or
    malformed, and no sweep is using the store: the finished points are kept, and the
    next sweep resumes. A lock of a sweep still running on this host is not removed
    unless ``force=True``.

    Returns
    -------
    dict or None
        The record of the lock removed (``pid``, ``host``, ``started``; ``{}`` for an
        empty or malformed lock), or None if there was no lock.

    Raises
    ------
    StoreError
        If the lock belongs to a sweep still running on this host (and not ``force``).
    """
    lock = _lock_path(store)
    if not lock.exists():
        return None
    held = _read_lock(lock)
    if held is not None and not force and held["host"] == socket.gethostname():
        live = held.get("token") in _HELD if held["pid"] == os.getpid() else _pid_alive(held["pid"])
        if live:
            raise StoreError(
                f"{lock} belongs to a sweep still running (process {held['pid']} on this "
                "host); not removed (pass force=True if you are sure it is not)"
            )
    lock.unlink(missing_ok=True)
    return {} if held is None else {k: held.get(k) for k in ("pid", "host", "started")}


def _take_over(lock: Path, held: dict[str, Any]) -> bool:
    """Remove a stale lock, if it is still the same one (another process may have taken
    over first); True if it was removed."""
    side = lock.with_name(f".{lock.name}.stale-{os.getpid()}-{time.time_ns()}")
    try:
        os.rename(lock, side)
    except OSError:
        return False
    if _read_lock(side) == held:
        side.unlink(missing_ok=True)
        return True
    try:  # a fresh lock of another process: put it back
        os.link(side, lock)
    except OSError:
        pass
    side.unlink(missing_ok=True)
    return False


class _Store:
    """A directory of finished sweep points (one Parquet file each) and a manifest.

    Integrity: a run takes ``DIR/sweep.lock`` (created exclusively, holding its pid, host
    and start time) for as long as it writes, so a second sweep into the same store is
    refused. A lock whose process is gone (on this host), or left by a sweep of this
    process that failed, is stale: it is taken over with a warning. An empty or
    malformed lock, or one of another host (whose process cannot be checked), is an
    error naming the lock and :func:`clear_lock`. Each point is written to a temporary
    file and renamed into place, then its SHA-256 is recorded in the manifest (also
    replaced atomically); loading a point verifies it, so a corrupted file is an error
    naming the point, not wrong numbers. A point whose checksum was never recorded (a
    run killed between the two writes) is recomputed. Only temporary files of processes
    that are no longer running are cleaned up.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.dir = Path(path)
        if self.dir.exists() and not self.dir.is_dir():
            raise ValueError(f"store = {str(path)!r} exists and is not a directory")
        self.dir.mkdir(parents=True, exist_ok=True)
        self.manifest = self.dir / "manifest.json"
        self.lock = self.dir / LOCK_NAME
        self._token = f"{os.getpid()}-{time.time_ns()}-{id(self)}"
        self._acquire()
        self._release = weakref.finalize(self, _release_lock, self.lock, self._token)
        for tmp in self.dir.glob(".*.tmp-*"):  # leftovers of a killed run, never read
            pid = tmp.name.rsplit("-", 1)[-1]
            if not (pid.isdigit() and _pid_alive(int(pid))):
                tmp.unlink(missing_ok=True)

    def _acquire(self) -> None:
        info = {"pid": os.getpid(), "host": socket.gethostname(), "token": self._token,
                "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        for _ in range(3):
            try:
                fd = os.open(self.lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                break
            except FileExistsError:
                held = _read_lock(self.lock)
                if held is None:
                    if not self.lock.exists():
                        continue  # released meanwhile
                    raise StoreError(
                        f"store {str(self.dir)!r}: the lock file {self.lock} is empty or "
                        f"malformed, so whose it is cannot be told; {_clear_hint(self.lock)}"
                    ) from None
                if not _stale(held):
                    other = held["host"] != socket.gethostname()
                    where = "this process" if held["pid"] == os.getpid() and not other else (
                        f"process {held['pid']} on {held['host']}")
                    raise StoreError(
                        f"store {str(self.dir)!r} is in use by another sweep ({where}, since "
                        f"{held.get('started', '?')}; lock {self.lock}); wait for it to finish "
                        "or use another directory"
                        + (f". It runs on another host, so this one cannot tell whether it is "
                           f"still running: {_clear_hint(self.lock)}" if other else "")
                    ) from None
                if _take_over(self.lock, held):
                    warnings.warn(
                        f"store {str(self.dir)!r}: taking over the stale lock {self.lock} of "
                        f"process {held['pid']} (started {held.get('started', '?')}), which "
                        "is no longer running; finished points are kept",
                        StaleLockWarning,
                        stacklevel=4,
                    )
        else:
            raise StoreError(
                f"store {str(self.dir)!r}: could not take the lock {self.lock} (other sweeps "
                "keep taking it); use another directory"
            )
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(info, fh)
        _HELD.add(self._token)

    def close(self) -> None:
        """Release the lock (idempotent)."""
        self._release()

    def _read_manifest(self) -> dict[str, Any]:
        """The manifest, checked for the fields a store needs (a clear error, never a
        KeyError or TypeError from a hand-edited or truncated file)."""
        try:
            m = json.loads(self.manifest.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise self._bad_manifest(f"is not valid JSON ({exc})") from None
        if not isinstance(m, dict):
            raise self._bad_manifest(f"holds a {type(m).__name__}, not a JSON object")
        run, sums = m.get("run"), m.get("sha256")
        seed = run.get("seed") if isinstance(run, dict) else None
        ok = (
            isinstance(m.get("identity"), str)
            and isinstance(run, dict)
            and isinstance(seed, dict)
            and _whole(seed.get("entropy"))
            and isinstance(seed.get("spawn_key"), list)
            and all(_whole(k) for k in seed["spawn_key"])
            and isinstance(sums, dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in sums.items())
        )
        if not ok:
            raise self._bad_manifest(
                "lacks the fields of a sweep store (identity, run.seed.entropy, "
                "run.seed.spawn_key, sha256) or holds values of the wrong kind"
            )
        return dict(m)

    def _bad_manifest(self, what: str) -> StoreError:
        self.close()
        return StoreError(
            f"store {str(self.dir)!r}: {self.manifest} {what}; the store cannot be resumed. "
            "Move the directory aside (or delete it) and run the sweep again"
        )

    def stored_seed(self) -> SeedRoot | None:
        if not self.manifest.exists():
            return None
        s = self._read_manifest()["run"]["seed"]
        return SeedRoot(int(s["entropy"]), tuple(int(k) for k in s["spawn_key"]))

    def open(self, identity: str, run: dict[str, Any], scenario_dict: dict[str, Any]) -> None:
        if self.manifest.exists():
            m = self._read_manifest()
            if m.get("identity") != identity:
                differ = [k for k in run if m.get("run", {}).get(k) != run[k]]
                if m.get("scenario") != json.loads(json.dumps(scenario_dict, default=repr)):
                    differ.append("scenario")
                self.close()
                raise ValueError(
                    f"store {str(self.dir)!r} holds a different sweep (it differs in "
                    f"{', '.join(differ) or 'its settings'}); resume it with the same "
                    "scenario, n_paths, seed, baseline and sampler, or use a new directory"
                )
            self._sums: dict[str, str] = dict(m.get("sha256", {}))
            return
        m = {"format": _STORE_FORMAT, "identity": identity, "run": run, "scenario": scenario_dict,
             "sha256": {}}
        self._sums = {}
        _atomic_write_text(self.manifest, json.dumps(m, indent=1, default=repr))

    def path(self, key: str) -> Path:
        return self.dir / f"point-{key[:24]}.parquet"

    def record(self, key: str, digest: str) -> None:
        """Record the checksum of a point just written (the manifest is replaced atomically)."""
        m = self._read_manifest()
        self._sums[key] = digest
        m["sha256"] = self._sums
        _atomic_write_text(self.manifest, json.dumps(m, indent=1, default=repr))

    def load(self, key: str, n_options: int) -> pd.DataFrame | None:
        p = self.path(key)
        if not p.exists():
            return None
        want = getattr(self, "_sums", {}).get(key)
        if want is None:  # written, but its checksum never recorded: recompute it
            return None
        data = p.read_bytes()
        got = hashlib.sha256(data).hexdigest()
        if got != want:
            self.close()
            raise StoreError(
                f"store {str(self.dir)!r}: point file {p.name} (point key {key[:24]}) fails "
                f"its SHA-256 check (manifest {want[:16]}..., file {got[:16]}...): the file "
                "is corrupted. Delete it and run the sweep again to recompute that point."
            )
        try:
            df = pd.read_parquet(io.BytesIO(data))
        except Exception:  # unreadable: treat as missing; it will be recomputed
            return None
        if len(df) != n_options or "point_key" not in df or not (df["point_key"] == key).all():
            return None
        if not set(FRAME_COLUMNS) <= set(df.columns):  # written by an older ccsim: recompute
            return None
        return df.drop(columns="point_key")


def _whole(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) and x >= 0


def _atomic_write_text(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _write_point(store: _Store, key: str, rows: pd.DataFrame) -> None:
    """Write one finished point: to a temporary file, renamed into place, then its
    SHA-256 recorded in the manifest."""
    final = store.path(key)
    tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
    buf = io.BytesIO()
    rows.assign(point_key=key).to_parquet(buf, index=False)
    data = buf.getvalue()
    try:
        with tmp.open("wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    store.record(key, hashlib.sha256(data).hexdigest())


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
        Option the paired savings ``saving_mean``, ``saving_se``, ``p_saving`` are
        taken against (saving = baseline - option, positive = cheaper); default: the scenario's first option.
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
    if baseline is None:
        baseline = scenario.option_names[0]
    if baseline not in scenario.option_names:
        raise ValueError(
            f"baseline = {baseline!r} is not an option; options are {list(scenario.option_names)}"
        )
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
