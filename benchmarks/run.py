"""ccsim's benchmark suite (``make bench`` runs ``python -m benchmarks.run``).

Each benchmark runs its comparison in the same process (the engine-throughput sizes each
run in a fresh child process, so that peak memory is measured per size) and reports the
median over repeats. Results go to ``benchmarks/results/latest.json`` and a markdown
table (``latest.md``) that is printed at the end.

1. ``engine``: :func:`ccsim.simulate` on the default scenario at 10^3 .. 10^6 paths,
   option-path-months per second and peak memory, with per-path results kept
   (``keep_paths=True``) and with streaming summaries (``keep_paths=False``).
2. ``floor``: the time to draw exactly the random numbers the engine draws
   (:func:`ccsim.engine.draw_chunk`: same generators, distributions and sizes) against
   the engine on the same chunks.
3. ``loop``: the model as a plain per-path Python loop (:func:`tests.oracles.loop_model.loop_model`).
4. ``case``: the per-case style of general Monte Carlo frameworks: the engine's model
   called once per path (:func:`tests.oracles.loop_model.case_model`).
5. ``queueing``: ``erlang_c``, ``erlang_a`` and ``required_agents`` at 10^6 elements drawn
   from the arguments the default scenario actually produces, against scalar references.
6. ``sweep``: a 32-point :func:`ccsim.sweep` serially and on 1 and 2 workers (processes
   and Dask).
7. ``headline``: engine option-path-months per second over numpy's standard normals per
   second into a preallocated 10^7 buffer, in one process and sitting, for the numpy
   reference path and the compiled day (``CCSIM_ENGINE``), with engine / floor for each.
8. ``whatif``: the what-if panel's redraw (:meth:`ccsim.present.whatif.WhatIf.update`,
   2,000 paths) after one warm-up update, one slider move on each default slider, CPU
   seconds against the 0.5 s goal; and a cold :func:`ccsim.simulate` of the same paths.

Usage: ``python -m benchmarks.run [--quick] [--only engine,floor,...]``. A run of some
benchmarks only (``--only``) updates those in the ``--out`` file and keeps the others;
``measured`` records when and on which commit each one was taken.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

import ccsim
from ccsim import queueing
from ccsim.engine.chunk import DEFAULT_CHUNK, draw_chunk, iter_chunks, run_chunk
from ccsim.queueing import _tables as _erlang_tables
from ccsim.queueing import staffing as _staffing
from ccsim.sampling.streams import ChunkStreams, SeedRoot
from tests.oracles import loop_model as models

__all__ = ["main"]

HERE = Path(__file__).resolve().parent
SEED = 20261122
BENCHES = ("engine", "floor", "loop", "case", "queueing", "sweep", "headline", "whatif")


def _opm(n_paths: int, sc: Any = None) -> int:
    sc = sc or ccsim.default_scenario()
    return n_paths * sc.horizon * len(sc.options)


def _median_time(fn: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds (this process) of ``fn()``."""
    wall, cpu = [], []
    for _ in range(repeats):
        c, t = time.process_time(), time.perf_counter()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return statistics.median(wall), statistics.median(cpu)


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: kB


def _commit() -> str:
    """The checkout's commit (short hash, ``+dirty`` with local changes), ``?`` outside git."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=HERE, text=True,
                              capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=HERE, text=True, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return head + ("+dirty" if dirty.strip() else "")


def machine() -> dict[str, Any]:
    """The machine and software the figures were taken on."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import scipy

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "ccsim": getattr(ccsim, "__version__", "?"),
        "platform": platform.platform(),
        "load_average_at_start": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


# ---------------------------------------------------------------- 1. engine


def _child_engine(n_paths: int, keep_paths: bool) -> dict[str, Any]:
    """Run in a fresh process: one simulate() call, its time and memory."""
    sc = ccsim.default_scenario()
    # warm-up, timed: the one-off cost of a fresh process (Erlang A tables, compiled kernels)
    w = time.perf_counter()
    ccsim.simulate(sc, n_paths=256, seed=1, keep_monthly=False, progress=False)
    warm = time.perf_counter() - w
    rss0 = _maxrss_mb()
    c, t = time.process_time(), time.perf_counter()
    res: Any = ccsim.simulate(
        sc, n_paths=n_paths, seed=SEED, keep_monthly=False, progress=False, keep_paths=keep_paths
    )
    dt, dc = time.perf_counter() - t, time.process_time() - c
    kept = 0
    if keep_paths:
        kept = sum(int(v.nbytes) for v in res.outputs.values())
        kept += sum(int(v.nbytes) for v in res.inputs.values())
    return {
        "seconds": dt,
        "cpu_seconds": dc,
        "rss_before_mb": rss0,
        "rss_peak_mb": _maxrss_mb(),
        "kept_mb": kept / 2**20,
        "first_call_256_paths_s": warm,
    }


def bench_engine(
    sizes: list[int], repeats: int, max_repeat_paths: int, max_stream_paths: int
) -> dict[str, Any]:
    out: dict[str, Any] = {"keep_paths": [], "streaming": []}
    for keep in (True, False):
        for n in sizes:
            if not keep and n > max_stream_paths:
                continue
            reps = repeats if n <= max_repeat_paths else 1
            runs = []
            for _ in range(reps):
                cmd = [sys.executable, "-m", "benchmarks.run", "--child-engine", str(n), str(int(keep))]
                proc = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=HERE.parent)
                runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
            sec = statistics.median(r["seconds"] for r in runs)
            cpu = statistics.median(r["cpu_seconds"] for r in runs)
            peak = max(r["rss_peak_mb"] - r["rss_before_mb"] for r in runs)
            row = {
                "n_paths": n,
                "repeats": reps,
                "seconds": sec,
                "cpu_seconds": cpu,
                "opm_per_s": _opm(n) / sec,
                "opm_per_cpu_s": _opm(n) / cpu,
                "peak_extra_mb": peak,
                "kept_mb": runs[0]["kept_mb"],
                "peak_over_kept_mb": peak - runs[0]["kept_mb"],
                "first_call_256_paths_s": statistics.median(r["first_call_256_paths_s"] for r in runs),
            }
            print(f"  engine keep_paths={keep} n={n}: {sec:.2f} s ({cpu:.2f} s CPU), "
                  f"{row['opm_per_cpu_s'] / 1e6:.2f} M opm/CPU-s, +{peak:.0f} MB", flush=True)
            out["keep_paths" if keep else "streaming"].append(row)
    return out


# ---------------------------------------------------------------- 2. floor


def bench_floor(n_paths: int, repeats: int) -> dict[str, Any]:
    sc = ccsim.default_scenario()
    root = SeedRoot(SEED)
    chunks = list(iter_chunks(n_paths, DEFAULT_CHUNK))
    run_chunk(sc, root, 0, 1, False)

    def engine() -> None:
        for b0, b1 in chunks:
            run_chunk(sc, root, b0, b1, False)

    def floor() -> None:
        for b0, b1 in chunks:
            draw_chunk(sc, ChunkStreams(root, b0, b1))

    def inputs_only() -> None:
        from ccsim.sampling.inputs import draw_inputs

        for b0, b1 in chunks:
            draw_inputs(sc, ChunkStreams(root, b0, b1))

    w_eng, t_eng = _median_time(engine, repeats)
    w_floor, t_floor = _median_time(floor, repeats)
    _, t_inp = _median_time(inputs_only, repeats)
    n = len(chunks) * DEFAULT_CHUNK if n_paths % DEFAULT_CHUNK else n_paths
    return {
        "n_paths": n,
        "engine_s": w_eng,
        "floor_s": w_floor,
        "engine_cpu_s": t_eng,
        "floor_cpu_s": t_floor,
        "floor_inputs_cpu_s": t_inp,
        "floor_streams_cpu_s": t_floor - t_inp,
        "engine_opm_per_cpu_s": _opm(n) / t_eng,
        "floor_opm_per_cpu_s": _opm(n) / t_floor,
        "ratio_engine_over_floor": t_eng / t_floor,
        "n_uncertain_inputs": len(sc.uncertain_inputs()),
    }


# ---------------------------------------------------------------- 3 & 4. loop and case


def _per_opm(n_paths: int, seconds: float) -> float:
    return seconds / _opm(n_paths)


def bench_reference(kind: str, n_paths: int, repeats: int, engine_s_per_opm: float) -> dict[str, Any]:
    sc = ccsim.default_scenario()
    draws, rnd = draw_chunk(sc, ChunkStreams(SeedRoot(SEED), 0, 1))
    fn = models.loop_model if kind == "loop" else models.case_model
    _, t_draw = _median_time(lambda: draw_chunk(sc, ChunkStreams(SeedRoot(SEED), 0, 1)), repeats)
    _, t = _median_time(lambda: fn(sc, draws, rnd, range(n_paths)), repeats)
    # the reference models run on drawn numbers: charge them the engine's own drawing cost
    per = _per_opm(n_paths, t) + t_draw / _opm(256)
    return {
        "n_paths": n_paths,
        "cpu_seconds": t,
        "opm_per_cpu_s": 1.0 / per,
        "engine_opm_per_cpu_s": 1.0 / engine_s_per_opm,
        "speedup_engine_over_reference": per / engine_s_per_opm,
    }


# ---------------------------------------------------------------- 5. queueing


def _scenario_arguments() -> dict[str, np.ndarray]:
    """Queueing arguments the engine passes on the default scenario (one chunk)."""
    sc = ccsim.default_scenario()
    seen: dict[str, list[tuple[np.ndarray, ...]]] = {"plan": [], "real": []}
    ra, ea = _staffing._required_agents_core, _erlang_tables.service_and_abandonment

    def ra_spy(*a: Any, **k: Any) -> Any:
        seen["plan"].append(tuple(np.array(x) for x in a[:4]))
        return ra(*a, **k)

    def ea_spy(*a: Any, **k: Any) -> Any:
        seen["real"].append(tuple(np.array(x) for x in a[:5]))
        return ea(*a, **k)

    _staffing._required_agents_core = ra_spy  # type: ignore[assignment]
    _erlang_tables.service_and_abandonment = ea_spy  # type: ignore[assignment]
    try:
        run_chunk(sc, SeedRoot(SEED), 0, 4, False)
    finally:
        _staffing._required_agents_core = ra  # type: ignore[assignment]
        _erlang_tables.service_and_abandonment = ea  # type: ignore[assignment]
    plan = [np.concatenate(x) for x in zip(*seen["plan"], strict=True)]
    real = [np.concatenate(x) for x in zip(*seen["real"], strict=True)]
    return {
        "plan_lam": plan[0], "plan_aht": plan[1], "plan_sl": plan[2], "plan_t": plan[3],
        "lam": real[0], "aht": real[1], "c": real[2], "patience": real[3], "t": real[4],
    }


def bench_queueing(n: int, n_scalar: int, repeats: int) -> dict[str, Any]:
    args = _scenario_arguments()
    rng = np.random.default_rng(SEED)
    ip = rng.integers(0, args["plan_lam"].size, n)
    ir = rng.integers(0, args["lam"].size, n)
    lam_p, aht_p = args["plan_lam"][ip], args["plan_aht"][ip]
    sl_p, t_p = args["plan_sl"][ip], args["plan_t"][ip]
    lam, aht, c, pat, tt = (args[k][ir] for k in ("lam", "aht", "c", "patience", "t"))
    load = lam * aht
    cases: dict[str, tuple[Callable[[], Any], Callable[[int], Any]]] = {
        "erlang_c": (
            lambda: queueing.erlang_c(load, c),
            lambda i: models.erlang_c_scalar(load[i], int(c[i])),
        ),
        "erlang_a": (
            lambda: queueing.erlang_a(lam, aht, c, pat, tt),
            lambda i: models.erlang_a_scalar(lam[i], aht[i], int(c[i]), pat[i], tt[i]),
        ),
        "erlang_a_tabulated": (
            lambda: _erlang_tables.service_and_abandonment(lam, aht, c, pat, tt),
            lambda i: models.erlang_a_scalar(lam[i], aht[i], int(c[i]), pat[i], tt[i]),
        ),
        "required_agents": (
            lambda: queueing.required_agents(lam_p, aht_p, sl_p, t_p),
            lambda i: models.required_agents_scalar(lam_p[i], aht_p[i], sl_p[i], t_p[i]),
        ),
    }
    out: dict[str, Any] = {
        "n": n,
        "n_scalar": n_scalar,
        "load_range": [float(np.min(load)), float(np.max(load))],
        "plan_load_range": [float(np.min(lam_p * aht_p)), float(np.max(lam_p * aht_p))],
    }
    for name, (vec, scal) in cases.items():
        vec()
        _, t_vec = _median_time(vec, repeats)

        def scalar_loop(scal: Callable[[int], Any] = scal) -> None:
            for i in range(n_scalar):
                scal(i)

        _, t_sc = _median_time(scalar_loop, max(1, repeats // 2))
        out[name] = {
            "elements_per_cpu_s": n / t_vec,
            "scalar_elements_per_cpu_s": n_scalar / t_sc,
            "speedup_over_scalar": (t_sc / n_scalar) / (t_vec / n),
        }
        print(f"  {name}: {n / t_vec / 1e6:.2f} M el/CPU-s, "
              f"{out[name]['speedup_over_scalar']:.0f}x scalar", flush=True)
    # the engine's tabulated Erlang A against the exact one: accuracy and coverage
    exact = queueing.erlang_a(lam, aht, c, pat, tt)
    served = _erlang_tables.tabulated(lam, aht, c, pat, tt)[2]
    sl_f, ab_f = _erlang_tables.service_and_abandonment(lam, aht, c, pat, tt)
    out["erlang_a_tabulated"].update(
        max_abs_error_service_level=float(np.max(np.abs(sl_f - exact.service_level))),
        max_abs_error_p_abandon=float(np.max(np.abs(ab_f - exact.p_abandon))),
        share_served_by_tables=float(np.mean(served)),
        speedup_over_exact=(out["erlang_a_tabulated"]["elements_per_cpu_s"]
                            / out["erlang_a"]["elements_per_cpu_s"]),
    )
    out["required_agents_over_erlang_c_time"] = (
        out["erlang_c"]["elements_per_cpu_s"] / out["required_agents"]["elements_per_cpu_s"]
    )
    return out


# ---------------------------------------------------------------- 6. sweep


def bench_sweep(n_points: int, n_paths: int) -> dict[str, Any]:
    try:
        from ccsim.run.sweep import sweep
    except ImportError as exc:  # pragma: no cover - sweep.py not there yet
        return {"not_measurable": f"ccsim.sweep unavailable: {exc}"}
    sc = ccsim.default_scenario()
    grid = {"offshore.staffing.price_per_hour": list(np.linspace(8.0, 14.0, n_points))}
    runs: dict[str, float] = {}
    ref = None
    for label, backend, workers in (
        ("serial", "serial", None),
        ("processes_1", "processes", 1),
        ("processes_2", "processes", 2),
        ("dask_1", "dask", 1),
        ("dask_2", "dask", 2),
    ):
        t = time.perf_counter()
        sw = sweep(sc, grid, n_paths=n_paths, seed=SEED, backend=backend, workers=workers,
                         progress=False)
        runs[label] = time.perf_counter() - t
        frame = sw.frame()
        if ref is None:
            ref = frame
        else:  # every backend must give the same numbers
            np.testing.assert_allclose(frame["cost_mean"], ref["cost_mean"], rtol=0, atol=0)
        print(f"  sweep {label}: {runs[label]:.1f} s", flush=True)
    per_point = runs["serial"] / n_points
    return {
        "n_points": n_points,
        "n_paths": n_paths,
        "seconds": runs,
        "serial_s_per_point": per_point,
        "speedup_processes_2": runs["processes_1"] / runs["processes_2"],
        "speedup_dask_2": runs["dask_1"] / runs["dask_2"],
        "speedup_processes_2_vs_serial": runs["serial"] / runs["processes_2"],
        "speedup_dask_2_vs_serial": runs["serial"] / runs["dask_2"],
        "overhead_per_point_processes_1_s": (runs["processes_1"] - runs["serial"]) / n_points,
        "overhead_per_point_dask_1_s": (runs["dask_1"] - runs["serial"]) / n_points,
    }


# ---------------------------------------------------------------- 7. headline


def _normals_per_s(n: int = 10**7, repeats: int = 3) -> dict[str, float]:
    """numpy's ``Generator.standard_normal(out=buf)`` into a preallocated buffer of ``n``:
    the best of ``repeats``, per wall-second and per CPU-second."""
    buf = np.empty(n)
    rng = np.random.default_rng(SEED)
    rng.standard_normal(out=buf)  # touch the buffer
    wall, cpu = [], []
    for _ in range(repeats):
        c, t = time.process_time(), time.perf_counter()
        rng.standard_normal(out=buf)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return {"normals_per_s": n / min(wall), "normals_per_cpu_s": n / min(cpu)}


def bench_headline(n_paths: int, warmup: int, engines: tuple[str, ...] = ("numpy", "compiled")
                   ) -> dict[str, Any]:
    """The headline figure, per engine path: ``ccsim.simulate(default_scenario(),
    n_paths)`` after a ``warmup``-path run, in option-path-months per second, over numpy's
    normals per second (best of 3 before and after each engine, the better kept); and
    engine / floor, the engine's CPU time over that of drawing its random numbers
    (:func:`ccsim.engine.chunk.draw_chunk` on the same chunks). One process, one sitting."""
    sc = ccsim.default_scenario()
    root = SeedRoot(SEED)
    chunks = list(iter_chunks(n_paths, DEFAULT_CHUNK))
    before = os.environ.get("CCSIM_ENGINE")
    out: dict[str, Any] = {"n_paths": n_paths, "warmup_paths": warmup, "machine": machine(),
                           "load_average_at_start": os.getloadavg()}
    try:
        for eng in engines:
            os.environ["CCSIM_ENGINE"] = eng
            norm_a = _normals_per_s()
            ccsim.simulate(sc, n_paths=warmup, seed=1, keep_monthly=False, progress=False)
            c, t = time.process_time(), time.perf_counter()
            ccsim.simulate(sc, n_paths=n_paths, seed=SEED, keep_monthly=False, progress=False)
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            c = time.process_time()
            for b0, b1 in chunks:
                draw_chunk(sc, ChunkStreams(root, b0, b1))
            floor_cpu = time.process_time() - c
            norm_b = _normals_per_s()
            norm = {k: max(norm_a[k], norm_b[k]) for k in norm_a}
            opm = _opm(n_paths, sc)
            out[eng] = {
                "wall_s": wall, "cpu_s": cpu, "floor_cpu_s": floor_cpu,
                "opm_per_s": opm / wall, "opm_per_cpu_s": opm / cpu, **norm,
                "ratio_wall": opm / wall / norm["normals_per_s"],
                "ratio_cpu": opm / cpu / norm["normals_per_cpu_s"],
                "engine_over_floor_cpu": cpu / floor_cpu,
                "load_average_after": os.getloadavg(),
            }
    finally:
        if before is None:
            os.environ.pop("CCSIM_ENGINE", None)
        else:
            os.environ["CCSIM_ENGINE"] = before
    if "numpy" in out and "compiled" in out:
        out["speedup_cpu"] = out["numpy"]["cpu_s"] / out["compiled"]["cpu_s"]
        out["speedup_wall"] = out["numpy"]["wall_s"] / out["compiled"]["wall_s"]
    return out


# ---------------------------------------------------------------- 8. what-if


def _cpu_wall(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    c, t = time.process_time(), time.perf_counter()
    out = fn()
    return time.process_time() - c, time.perf_counter() - t, out


def bench_whatif(n_paths: int, at: float = 0.75) -> dict[str, Any]:
    """The what-if redraw: ``WhatIf.update`` on the default scenario's sliders.

    In one process, after a 256-path warm-up run (the one-off cost of a fresh process):
    a cold ``simulate`` of ``n_paths`` (what every redraw cost before redraws reused
    anything), then a :class:`~ccsim.present.whatif.WhatIf` of ``n_paths`` paths: one
    warm-up update at the sliders' medians, then one move per default slider, in
    turn, to ``at`` of its range (each from the previous state, as a user drags them).
    Each update is timed whole: the rerun, the risk map and the verdict line."""
    from ccsim.present.whatif import WhatIf

    sc = ccsim.default_scenario()
    ccsim.simulate(sc, n_paths=256, seed=1, keep_monthly=False, progress=False)
    cold_cpu, cold_wall, _ = _cpu_wall(lambda: ccsim.simulate(
        sc, n_paths=n_paths, seed=SEED, keep_monthly=False, progress=False))
    w = WhatIf(sc, n_paths=n_paths, seed=SEED)
    values = {s.input: s.value for s in w.sliders}
    warm_cpu, warm_wall, _ = _cpu_wall(lambda: w.update(values))
    moves = []
    for s in w.sliders:
        values = {**values, s.input: s.low + at * (s.high - s.low)}
        cpu, wall, res = _cpu_wall(lambda v=values: w.update(v))
        rerun = res.meta.get("recomputed_options", list(res.options))
        moves.append({"input": s.input, "cpu_s": cpu, "wall_s": wall,
                      "options_rerun": rerun})
        print(f"  what-if move {s.input}: {cpu:.2f} s CPU ({wall:.2f} s wall), "
              f"{len(rerun)} of {len(res.options)} options rerun", flush=True)
    cpus = [m["cpu_s"] for m in moves]
    return {
        "n_paths": n_paths,
        "cold_simulate_cpu_s": cold_cpu,
        "cold_simulate_wall_s": cold_wall,
        "warmup_update_cpu_s": warm_cpu,
        "warmup_update_wall_s": warm_wall,
        "moves": moves,
        "median_move_cpu_s": statistics.median(cpus),
        "max_move_cpu_s": max(cpus),
        "load_average_after": os.getloadavg(),
    }


# ---------------------------------------------------------------- report


def _targets(r: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []

    def add(name: str, value: float, target: float, higher: bool, unit: str) -> None:
        met = value >= target if higher else value <= target
        rows.append({"target": name, "value": value, "goal": target, "higher_is_better": higher,
                     "unit": unit, "met": bool(met)})

    if "engine" in r:
        big = max(r["engine"]["keep_paths"], key=lambda x: x["n_paths"])
        add(f"engine throughput at {big['n_paths']:.0e} paths", big["opm_per_cpu_s"] / 1e6, 5.0,
            True, "M opm/CPU-s")
        add(f"peak memory over kept table at {big['n_paths']:.0e} paths (keep_paths)",
            big["peak_over_kept_mb"], 100.0, False, "MB")
        # from the first size that fills a whole chunk: below it the working set is smaller
        st = [x for x in r["engine"]["streaming"] if x["n_paths"] >= DEFAULT_CHUNK]
        if len(st) > 1:
            grow = st[-1]["peak_extra_mb"] - st[0]["peak_extra_mb"]
            add(f"streaming memory growth {st[0]['n_paths']:.0e} -> {st[-1]['n_paths']:.0e} paths",
                grow, 100.0, False, "MB")
    if "floor" in r:
        add("engine / floor", r["floor"]["ratio_engine_over_floor"], 2.0, False, "x")
    if "loop" in r:
        add("engine over plain loop", r["loop"]["speedup_engine_over_reference"], 300.0, True, "x")
    if "case" in r:
        add("engine over per-case", r["case"]["speedup_engine_over_reference"], 100.0, True, "x")
    if "queueing" in r:
        q = r["queueing"]
        add("required_agents throughput", q["required_agents"]["elements_per_cpu_s"] / 1e6, 5.0,
            True, "M el/CPU-s")
        add("required_agents time / erlang_c time", q["required_agents_over_erlang_c_time"], 2.0,
            False, "x")
    for eng in ("numpy", "compiled"):
        if eng in r.get("headline", {}):
            h = r["headline"][eng]
            add(f"engine opm/s over normals/s ({eng} path, CPU)", h["ratio_cpu"], 0.021, True, "")
            add(f"engine / floor ({eng} path, CPU)", h["engine_over_floor_cpu"], 3.0, False, "x")
    if "whatif" in r:
        x = r["whatif"]
        add(f"what-if redraw of {x['n_paths']:,} paths, median of {len(x['moves'])} slider moves",
            x["median_move_cpu_s"], 0.5, False, "s CPU")
        add(f"what-if redraw of {x['n_paths']:,} paths, slowest slider move",
            x["max_move_cpu_s"], 0.5, False, "s CPU")
    if "sweep" in r and "not_measurable" not in r["sweep"]:
        s = r["sweep"]
        add("sweep speed-up, 2 processes", s["speedup_processes_2"], 1.8, True, "x")
        add("sweep speed-up, 2 Dask workers", s["speedup_dask_2"], 1.8, True, "x")
    return rows


def markdown(r: dict[str, Any]) -> str:
    """The markdown tables of a results dict (what ``make bench`` prints)."""
    m = r["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, numpy {m['numpy']}, "
        f"scipy {m['scipy']}; load average at start {m['load_average_at_start'][0]:.2f}; "
        f"{m['date']}.",
        "",
    ]
    if "engine" in r:
        lines += [
            "| paths | keep_paths | repeats | wall s | CPU s | M option-path-months per CPU-s "
            "(per wall-s) | peak extra MB | kept MB |",
            "|---:|:---|---:|---:|---:|---:|---:|---:|",
        ]
        for key in ("keep_paths", "streaming"):
            for x in r["engine"][key]:
                lines.append(
                    f"| {x['n_paths']:,} | {key == 'keep_paths'} | {x['repeats']} | "
                    f"{x['seconds']:.2f} | {x['cpu_seconds']:.2f} | {x['opm_per_cpu_s'] / 1e6:.2f} "
                    f"({x['opm_per_s'] / 1e6:.2f}) | {x['peak_extra_mb']:.0f} | "
                    f"{x['kept_mb']:.0f} |"
                )
        first = [x["first_call_256_paths_s"] for x in r["engine"]["keep_paths"]
                 if "first_call_256_paths_s" in x]
        if first:
            lines += ["", f"Not in these times: the first call in a fresh process (256 paths) takes "
                      f"{statistics.median(first):.2f} s, most of it building the Erlang A tables and "
                      f"loading the compiled kernels; each worker process pays it once."]
        lines.append("")
    rows = []
    if "floor" in r:
        f = r["floor"]
        rows.append(("floor: draw the engine's random numbers", f"{f['floor_opm_per_cpu_s'] / 1e6:.2f} "
                     f"M opm/CPU-s ({f['floor_inputs_cpu_s'] / f['floor_cpu_s']:.0%} of it the "
                     f"{f['n_uncertain_inputs']} uncertain inputs)",
                     f"engine / floor = {f['ratio_engine_over_floor']:.2f}"))
    for k, label in (("loop", "plain per-path Python loop"), ("case", "per-case (framework style)")):
        if k in r:
            x = r[k]
            rows.append((label, f"{x['opm_per_cpu_s']:.3g} opm/CPU-s",
                         f"engine is {x['speedup_engine_over_reference']:.0f}x faster"))
    if "queueing" in r:
        q = r["queueing"]
        for k in ("erlang_c", "erlang_a", "required_agents"):
            rows.append((f"`{k}` at {q['n']:.0e} elements", f"{q[k]['elements_per_cpu_s'] / 1e6:.2f} M el/CPU-s",
                         f"{q[k]['speedup_over_scalar']:.0f}x the scalar reference"))
        if "erlang_a_tabulated" in q:
            x = q["erlang_a_tabulated"]
            rows.append((f"engine's tabulated Erlang A at {q['n']:.0e} elements",
                         f"{x['elements_per_cpu_s'] / 1e6:.2f} M el/CPU-s "
                         f"({x['share_served_by_tables']:.1%} from the tables)",
                         f"{x['speedup_over_exact']:.1f}x exact `erlang_a`, "
                         f"{x['speedup_over_scalar']:.0f}x scalar; largest error "
                         f"{max(x['max_abs_error_service_level'], x['max_abs_error_p_abandon']):.1e}"))
    if "sweep" in r and "not_measurable" not in r["sweep"]:
        s = r["sweep"]
        sec = s["seconds"]
        rows.append((f"sweep, {s['n_points']} points x {s['n_paths']} paths",
                     ", ".join(f"{k} {v:.1f} s" for k, v in sec.items()),
                     f"2 workers: {s['speedup_processes_2']:.2f}x (processes), "
                     f"{s['speedup_dask_2']:.2f}x (Dask); overhead/point "
                     f"{s['overhead_per_point_processes_1_s'] * 1e3:.0f} ms (processes), "
                     f"{s['overhead_per_point_dask_1_s'] * 1e3:.0f} ms (Dask)"))
    if "headline" in r:
        h = r["headline"]
        when = h.get("machine", {}).get("date", "")
        lines += [f"Headline ({h['n_paths']:,} paths after a {h['warmup_paths']:,}-path warm-up, "
                  f"{when}, load average at start {h['load_average_at_start'][0]:.2f}):", "",
                  "| engine path | wall s | CPU s | M opm/s (per CPU-s) | M normals/s (per CPU-s) "
                  "| ratio wall (CPU) | engine / floor (CPU) |",
                  "|:---|---:|---:|---:|---:|---:|---:|"]
        for eng in ("numpy", "compiled"):
            if eng in h:
                x = h[eng]
                lines.append(
                    f"| {eng} | {x['wall_s']:.1f} | {x['cpu_s']:.1f} | {x['opm_per_s'] / 1e6:.3f} "
                    f"({x['opm_per_cpu_s'] / 1e6:.3f}) | {x['normals_per_s'] / 1e6:.0f} "
                    f"({x['normals_per_cpu_s'] / 1e6:.0f}) | {x['ratio_wall']:.4f} "
                    f"({x['ratio_cpu']:.4f}) | {x['engine_over_floor_cpu']:.1f} |")
        lines.append("")
    if "whatif" in r:
        x = r["whatif"]
        lines += [f"What-if redraw (`WhatIf.update`, {x['n_paths']:,} paths; a cold `simulate` "
                  f"of the same paths: {x['cold_simulate_cpu_s']:.2f} s CPU; the warm-up update: "
                  f"{x['warmup_update_cpu_s']:.2f} s CPU):", "",
                  "| slider moved | CPU s | wall s | options rerun |", "|:---|---:|---:|:---|"]
        for m in x["moves"]:
            lines.append(f"| {m['input']} | {m['cpu_s']:.2f} | {m['wall_s']:.2f} | "
                         f"{', '.join(m['options_rerun'])} |")
        lines.append("")
    if rows:
        lines += ["| benchmark | measured | comparison |", "|:---|:---|:---|"]
        lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
        lines.append("")
    if r.get("targets"):
        lines += ["| target | measured | goal | met |", "|:---|---:|---:|:---:|"]
        for t in r["targets"]:
            op = ">=" if t["higher_is_better"] else "<="
            value = f"{t['value']:.2f}" if abs(t["value"]) >= 0.1 else f"{t['value']:.4f}"
            lines.append(f"| {t['target']} | {value} {t['unit']} | {op} {t['goal']:g} | "
                         f"{'yes' if t['met'] else 'NO'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the suite; returns 0 (targets missed are reported, not errors)."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (a smoke run, ~1 min)")
    ap.add_argument("--only", default=",".join(BENCHES), help=f"comma list of {', '.join(BENCHES)}")
    ap.add_argument("--max-paths", type=int, default=10**6, help="largest engine size")
    ap.add_argument("--max-stream-paths", type=int, default=10**5,
                    help="largest engine size with streaming summaries (keep_paths=False)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--sweep-paths", type=int, default=8192,
                    help="paths per sweep point: two whole chunks, ~1.7 s (the speed-up target is for points of >= 1 s)")
    ap.add_argument("--headline-paths", type=int, default=40_000,
                    help="paths of the headline run (after a 2,000-path warm-up)")
    ap.add_argument("--whatif-paths", type=int, default=2000,
                    help="paths of the what-if panel's redraws (its default)")
    ap.add_argument("--out", default=str(HERE / "results" / "latest.json"))
    ap.add_argument("--render", metavar="JSON",
                    help="only re-render the tables and targets of a saved results file")
    ap.add_argument("--child-engine", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.render:
        saved = json.loads(Path(a.render).read_text())
        saved["targets"] = _targets(saved)
        Path(a.render).write_text(json.dumps(saved, indent=2, default=float) + "\n")
        md = markdown(saved)
        Path(a.render).with_suffix(".md").write_text(md)
        print(md)
        return 0
    if a.child_engine:
        print(json.dumps(_child_engine(int(a.child_engine[0]), bool(int(a.child_engine[1])))))
        return 0
    only = [x.strip() for x in a.only.split(",") if x.strip()]
    bad = sorted(set(only) - set(BENCHES))
    if bad:
        ap.error(f"--only: unknown benchmark(s) {bad}; choose from {list(BENCHES)}")
    quick = a.quick
    r: dict[str, Any] = {"machine": machine(), "quick": quick}
    t0 = time.perf_counter()
    if "engine" in only:
        print("engine throughput ...", flush=True)
        sizes = [s for s in (10**3, 10**4, 10**5, 10**6) if s <= (10**4 if quick else a.max_paths)]
        r["engine"] = bench_engine(sizes, 1 if quick else a.repeats, 10**4, a.max_stream_paths)
    if "floor" in only or "loop" in only or "case" in only:
        print("floor ...", flush=True)
        r["floor"] = bench_floor(4096 if quick else 16384, a.repeats)
        eng_per_opm = 1.0 / r["floor"]["engine_opm_per_cpu_s"]
        if "floor" not in only:
            r.pop("floor")
        if "loop" in only:
            print("plain loop ...", flush=True)
            r["loop"] = bench_reference("loop", 8 if quick else 32, 1 if quick else a.repeats,
                                        eng_per_opm)
        if "case" in only:
            print("per-case ...", flush=True)
            r["case"] = bench_reference("case", 8 if quick else 32, 1 if quick else a.repeats,
                                        eng_per_opm)
    if "queueing" in only:
        print("queueing kernels ...", flush=True)
        r["queueing"] = bench_queueing(10**5 if quick else 10**6, 500 if quick else 5000, a.repeats)
    if "sweep" in only:
        print("sweep ...", flush=True)
        r["sweep"] = bench_sweep(8 if quick else 32, 512 if quick else a.sweep_paths)
    if "headline" in only:
        print("headline ...", flush=True)
        r["headline"] = bench_headline(2048 if quick else a.headline_paths, 512 if quick else 2000)
    if "whatif" in only:
        print("what-if redraw ...", flush=True)
        r["whatif"] = bench_whatif(512 if quick else a.whatif_paths)
    r["total_seconds"] = time.perf_counter() - t0
    stamp = {"date": r["machine"]["date"], "commit": _commit(),
             "load_average_at_start": r["machine"]["load_average_at_start"]}
    r["measured"] = {k: stamp for k in BENCHES if k in r}
    out = Path(a.out)
    if set(only) != set(BENCHES) and out.exists():
        # a partial run updates the figures it measured and keeps the others, each
        # stamped with when and on which commit it was measured
        saved = json.loads(out.read_text())
        saved.setdefault("measured", {})
        r = {**saved, **{k: v for k, v in r.items() if k != "measured"},
             "measured": {**saved["measured"], **r["measured"]}}
        print(f"kept from {out}: {', '.join(k for k in BENCHES if k in saved and k not in only)}")
    r["targets"] = _targets(r)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(r, indent=2, default=float) + "\n")
    md = markdown(r)
    out.with_suffix(".md").write_text(md)
    print()
    print(md)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
