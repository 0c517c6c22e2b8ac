"""The resumable point store of a sweep: one Parquet file per finished point, checked by
its SHA-256 in a manifest, and the lock that keeps two sweeps from writing one store.

A run holds ``DIR/sweep.lock`` (its host, pid and start time) and releases it when it ends
or fails. A lock whose sweep is gone is taken over with a :class:`StaleLockWarning`; one
that cannot be checked (another host's, or an empty file) is an error naming the lock and
:func:`clear_lock`, the stated way to clear it.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import time
import warnings
import weakref
from pathlib import Path
from typing import Any

import pandas as pd

from ccsim.sampling.streams import SeedRoot

__all__ = ["FRAME_COLUMNS", "StaleLockWarning", "StoreError", "clear_lock"]

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
        f"ccsim.run.sweep.clear_lock({str(lock.parent)!r}) (on the command line: ccsim unlock "
        f"{str(lock.parent)!r}; or delete {str(lock)!r}) and run "
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
