"""Backends: serial, local processes and a real Dask LocalCluster give bit-identical results."""

from __future__ import annotations

import os
import tracemalloc

import numpy as np
import pandas as pd
import pytest

import ccsim
from ccsim.engine.chunk import run_chunk
from ccsim.result import Result
from ccsim.run.parallel import check_backend, imap, progress_bar
from ccsim.run.sweep import sweep
from ccsim.sampling.streams import resolve_seed

N = 600  # not a multiple of the 256-path block


@pytest.fixture(scope="module")
def short():
    return ccsim.default_scenario().with_overrides({"finance.horizon_months": 12})


@pytest.fixture(scope="module")
def serial_ref(short):
    return ccsim.simulate(short, n_paths=N, seed=7, chunk_size=256)


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    import dask

    # started the way the docs recommend: a fixed mmap threshold for the workers
    key = "distributed.nanny.pre-spawn-environ.MALLOC_MMAP_THRESHOLD_"
    with dask.config.set({key: 16 * 2**20}):
        cluster = distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def _same(a: Result, b: Result) -> None:
    assert a.n_paths == b.n_paths
    for d1, d2 in ((a.outputs, b.outputs), (a.inputs, b.inputs)):
        assert d1.keys() == d2.keys()
        for k in d1:
            np.testing.assert_array_equal(d1[k], d2[k], err_msg=k)
    if a.monthly_data is not None or b.monthly_data is not None:
        assert a.monthly_data is not None and b.monthly_data is not None
        for k in a.monthly_data:
            np.testing.assert_array_equal(a.monthly_data[k], b.monthly_data[k], err_msg=k)


def test_imap_keeps_job_order_serial_and_processes():
    jobs = [(b, 3) for b in range(7)]
    assert list(imap(pow, jobs)) == [b**3 for b in range(7)]
    assert list(imap(pow, jobs, backend="processes", workers=2)) == [b**3 for b in range(7)]


@pytest.mark.parametrize(
    ("kw", "err", "match"),
    [
        ({"backend": "threads"}, ValueError, r"backend = 'threads'; expected one of"),
        ({"backend": "processes", "workers": 0}, ValueError, r"workers = 0 is outside .*\[1, inf\)"),
        ({"backend": "processes", "workers": 1.5}, TypeError, r"workers must be an integer"),
        ({"backend": "serial", "client": object()}, ValueError, r"client= is only used with"),
        ({"backend": "dask", "client": object()}, TypeError, r"client must be a distributed.Client"),
    ],
)
def test_bad_backend_arguments_fail_before_running(short, kw, err, match):
    with pytest.raises(err, match=match):
        check_backend(kw.get("backend"), kw.get("workers"), kw.get("client"))
    with pytest.raises(err, match=match):
        ccsim.simulate(short, n_paths=256, seed=1, **kw)


def test_in_place_assembly_equals_concatenation(short, serial_ref):
    # independent path: run the chunks by hand and concatenate them
    root = resolve_seed(7)
    parts = [run_chunk(short, root, b, b + 1, True, "mc") for b in range(3)]
    ref = Result(
        short, N, root,
        {k: np.concatenate([c.paths[k] for c in parts], axis=1)[:, :N] for k in parts[0].paths},
        {k: np.concatenate([c.inputs[k] for c in parts])[:N] for k in parts[0].inputs},
        {k: np.concatenate([c.monthly[k] for c in parts], axis=1)[:, :N]  # type: ignore[index]
         for k in parts[0].monthly},  # type: ignore[union-attr]
    )
    _same(serial_ref, ref)


@pytest.mark.parametrize("chunk_size", [512, 10_000])
def test_serial_chunk_size_does_not_change_results(short, serial_ref, chunk_size):
    _same(serial_ref, ccsim.simulate(short, n_paths=N, seed=7, chunk_size=chunk_size))


@pytest.mark.slow
def test_processes_backend_is_bit_identical(short, serial_ref):
    res = ccsim.simulate(short, n_paths=N, seed=7, chunk_size=512, backend="processes", workers=2)
    _same(serial_ref, res)
    assert res.meta["backend"] == "processes"


@pytest.mark.slow
def test_dask_backend_is_bit_identical(short, serial_ref, dask_client):
    res = ccsim.simulate(short, n_paths=N, seed=7, chunk_size=256, backend="dask", client=dask_client)
    _same(serial_ref, res)


@pytest.mark.slow
def test_dask_streaming_is_bit_identical(short, dask_client):
    a = ccsim.simulate(short, n_paths=N, seed=7, keep_paths=False, chunk_size=512)
    b = ccsim.simulate(
        short, n_paths=N, seed=7, keep_paths=False, chunk_size=256, backend="dask", client=dask_client
    )
    np.testing.assert_array_equal(a.summary().to_numpy(), b.summary().to_numpy())


@pytest.mark.slow
def test_dask_starts_and_closes_its_own_local_cluster(short, serial_ref):
    res = ccsim.simulate(short, n_paths=N, seed=7, chunk_size=256, backend="dask", workers=1)
    _same(serial_ref, res)


def test_dask_local_cluster_sets_the_mmap_threshold():
    # Dask's MALLOC_TRIM_THRESHOLD_ alone makes every large numpy temporary an mmap and
    # the engine ~3x slower; the cluster ccsim starts sets the threshold before spawning
    pytest.importorskip("distributed")
    from ccsim.run import parallel

    got = list(imap(os.getenv, [("MALLOC_MMAP_THRESHOLD_",)], backend="dask", workers=1))
    assert got == [str(parallel._MMAP_THRESHOLD)]


@pytest.mark.slow
def test_client_whose_workers_trim_memory_gets_a_performance_warning(
    short, serial_ref, monkeypatch
):
    # a LocalCluster with Dask's defaults: MALLOC_TRIM_THRESHOLD_ and no mmap threshold.
    # Dask's nanny copies its pre-spawn settings into this process's environment and
    # leaves them there, so an earlier cluster's threshold must be removed first.
    distributed = pytest.importorskip("distributed")
    monkeypatch.delenv("MALLOC_MMAP_THRESHOLD_", raising=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        with pytest.warns(ccsim.PerformanceWarning, match="MALLOC_MMAP_THRESHOLD_"):
            res = ccsim.simulate(short, n_paths=N, seed=7, chunk_size=256, backend="dask",
                                 client=client)
    _same(serial_ref, res)  # slower, never different


@pytest.mark.slow
def test_sweep_is_bit_identical_on_every_backend(short, dask_client):
    grid = {"offshore.quality.oversight": [0.0, 1.0], "hybrid.vendor_share": [0.3, 0.7]}
    ref = sweep(short, grid, n_paths=300, seed=3, chunk_size=256).frame()
    proc = sweep(short, grid, n_paths=300, seed=3, backend="processes", workers=2).frame()
    dsk = sweep(short, grid, n_paths=300, seed=3, backend="dask", client=dask_client,
                chunk_size=256).frame()
    pd.testing.assert_frame_equal(ref, proc, check_exact=True)
    pd.testing.assert_frame_equal(ref, dsk, check_exact=True)


def _peak(fn):
    tracemalloc.start()
    try:
        out = fn()
        return out, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.slow
def test_memory_is_bounded_by_what_is_kept(short):
    ccsim.simulate(short, n_paths=256, seed=1)  # warm caches before measuring
    run = lambda n, **kw: ccsim.simulate(  # noqa: E731
        short, n_paths=n, seed=1, chunk_size=256, keep_monthly=False, **kw
    )
    _, chunk_peak = _peak(lambda: run(256))
    res, peak = _peak(lambda: run(2048))
    kept = sum(v.nbytes for v in res.outputs.values()) + sum(v.nbytes for v in res.inputs.values())
    # Beyond one chunk's working memory, a run needs the arrays it keeps (filled in
    # place) plus the last chunk's output: measured ~1.2x kept. Gathering the chunks
    # and concatenating would need >= 2x kept, so 1.5x separates the two.
    assert peak - chunk_peak < 1.5 * kept
    # Streaming: memory does not grow with the number of paths, except for sketch
    # buckets (at most ln(max/min) / ln(gamma) per sketch); measured +10% from 256 to
    # 1024 paths.
    _, s_small = _peak(lambda: run(256, keep_paths=False))
    _, s_big = _peak(lambda: run(1024, keep_paths=False))
    assert s_big < 1.3 * s_small


# ---------------------------------------------------------------------------- planning, memory


def test_chunk_plan_is_lazy_and_covers_every_block():
    import itertools
    import types

    from ccsim.run.chunks import plan

    # 10**14 paths: the plan is a generator; taking its first chunks costs nothing
    p = plan(10**14, chunk_size=1000)
    assert isinstance(p, types.GeneratorType)
    assert list(itertools.islice(p, 2)) == [(0, 4), (4, 8)]
    # independent count: consecutive, disjoint, covering ceil(n / 256) blocks
    for n, cs in ((1, None), (600, 256), (5000, 700), (70_000, None)):
        got = list(plan(n, cs))
        assert got[0][0] == 0 and got[-1][1] == -(-n // 256)
        assert all(a[1] == b[0] for a, b in itertools.pairwise(got))


def test_imap_consumes_jobs_lazily():
    import itertools

    # an endless job generator: only the jobs asked for (plus the window) are taken
    taken = []

    def jobs():
        for k in itertools.count():
            taken.append(k)
            yield (2, k)

    assert list(itertools.islice(imap(pow, jobs()), 3)) == [1, 2, 4]
    assert len(taken) <= 4


@pytest.mark.slow
def test_streaming_run_memory_does_not_grow_with_paths(short):
    # the job list is never built: peak Python allocations of a 4x longer streaming
    # run stay within 1.5x of the shorter one (the sketch grows by a few buckets)
    def peak(n):
        tracemalloc.start()
        ccsim.simulate(short, n_paths=n, seed=1, keep_paths=False, chunk_size=256)
        _, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    assert peak(3072) < 1.5 * peak(768)


def test_kept_bytes_is_what_a_run_keeps(short):
    from ccsim.run.chunks import kept_bytes

    for monthly in (True, False):
        res = ccsim.simulate(short, n_paths=512, seed=1, keep_monthly=monthly)
        held = sum(v.nbytes for v in res.outputs.values())
        held += sum(v.nbytes for v in res.inputs.values())
        held += sum(v.nbytes for v in (res.monthly_data or {}).values())
        assert kept_bytes(short, 512, monthly) == held


def test_too_large_a_run_fails_before_the_first_chunk(short, monkeypatch):
    import ccsim.run.simulate as sim
    from ccsim.run import chunks

    def no_chunk(*args):
        raise AssertionError("a chunk ran")

    monkeypatch.setattr(sim, "run_chunk", no_chunk)
    with pytest.raises(MemoryError, match=r"keep_monthly=False .* or keep_paths=False"):
        ccsim.simulate(short, 10**10, seed=1)
    with pytest.raises(MemoryError, match=r"needs about .* GB.*keep_paths=False"):
        ccsim.simulate(short, 10**10, seed=1, keep_monthly=False)
    # above 2 GB but available: a warning, still before anything runs
    monkeypatch.setattr(chunks, "available_memory", lambda: 10**15)
    with pytest.warns(ccsim.PerformanceWarning, match="keep_monthly=False"):
        chunks.check_memory(short, 10**7, True)
    assert chunks.kept_bytes(short, 10**7, True) > chunks.WARN_BYTES


def test_seed_follows_spec7(short):
    # seed=0 is a seed like any other: repeatable, and different from seed=1
    a = ccsim.simulate(short, n_paths=256, seed=0, keep_monthly=False)
    b = ccsim.simulate(short, n_paths=256, seed=0, keep_monthly=False)
    c = ccsim.simulate(short, n_paths=256, seed=1, keep_monthly=False)
    np.testing.assert_array_equal(a.outputs["npv_cost"], b.outputs["npv_cost"])
    assert not np.array_equal(a.outputs["npv_cost"], c.outputs["npv_cost"])
    # seed=None draws fresh entropy, kept on the result so the run can be repeated
    d = ccsim.simulate(short, n_paths=256, seed=None, keep_monthly=False)
    e = ccsim.simulate(short, n_paths=256, seed=d.seed, keep_monthly=False)
    np.testing.assert_array_equal(d.outputs["npv_cost"], e.outputs["npv_cost"])
    g = ccsim.simulate(short, n_paths=256, seed=np.random.default_rng(3), keep_monthly=False)
    assert np.isfinite(g.outputs["npv_cost"]).all()


def test_progress_bar_only_when_there_is_more_than_one_chunk(short, capsys):
    # a one-chunk run has nothing to count: no bar even when asked for (it used to sit
    # at 0/1 for the whole run)
    assert progress_bar(1, True) is None and progress_bar(0, True) is None
    ccsim.simulate(short, n_paths=300, seed=7, progress=True)
    ccsim.simulate(short, n_paths=300, seed=7, progress=True, keep_paths=False)
    assert capsys.readouterr().err == ""
    # several chunks: one bar, counted to the end
    ccsim.simulate(short, n_paths=N, seed=7, chunk_size=256, progress=True)
    err = capsys.readouterr().err
    assert "3/3" in err and "0/1" not in err
    assert progress_bar(3, False) is None
