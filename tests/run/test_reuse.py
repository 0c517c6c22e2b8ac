"""Reruns on one seed reuse what they can (issue 32, item 3): kept random streams
(``StreamCache``, ``simulate(reuse=)``) and partial reruns of the options an input
reaches (``ccsim.run.rerun``). Neither may change a number: every check is bit for bit
against a run that reuses nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ccsim
import ccsim.sensitivity.breakeven as be_module
import ccsim.sensitivity.drivers as drivers_module
from ccsim.run.rerun import options_reached, rerun
from ccsim.sampling.streams import BLOCK, ChunkStreams, SeedRoot, StreamCache

SHORT = {"finance.horizon_months": 24}
OFF = "offshore.staffing.price_per_hour"


@pytest.fixture(scope="module")
def short():
    return ccsim.default_scenario().with_overrides(SHORT)


def _same(a: ccsim.Result, b: ccsim.Result) -> None:
    assert list(a.outputs) == list(b.outputs) and list(a.inputs) == list(b.inputs)
    for k in a.outputs:
        np.testing.assert_array_equal(a.outputs[k], b.outputs[k], err_msg=k, strict=True)
    for k in a.inputs:
        np.testing.assert_array_equal(a.inputs[k], b.inputs[k], err_msg=k, strict=True)


# ----------------------------------------------------------------------- StreamCache


def test_kept_streams_are_the_drawn_ones_in_the_same_layout():
    """Uniforms (per path and monthly) and normals over three blocks: the kept copy has
    the values, shape and strides of a fresh draw, and writing into it leaves the cache
    alone."""
    root = SeedRoot(11)
    cache = StreamCache(root)
    fresh = ChunkStreams(root, 2, 5)
    for _ in range(2):  # the first round draws and keeps, the second hands out copies
        kept = cache.chunk(2, 5)
        for got, want in [(kept.uniform("u"), fresh.uniform("u")),
                          (kept.uniform("m", 7), fresh.uniform("m", 7)),
                          (kept.normal("z", 7), fresh.normal("z", 7))]:
            np.testing.assert_array_equal(got, want, strict=True)
            assert got.strides == want.strides
            got[...] = -1.0
    assert cache.hits == 3
    one = cache.chunk(0, 1).normal("z", 7)  # one block: a transposed (T, BLOCK) view
    assert one.shape == (7, BLOCK) and one.strides == fresh.normal("z", 7)[:, :BLOCK].strides


def test_the_cache_keeps_at_most_max_bytes():
    cache = StreamCache(SeedRoot(1), max_bytes=BLOCK * 8)
    a = cache.chunk(0, 1).uniform("a")  # BLOCK floats: fits
    b = cache.chunk(0, 1).normal("b", 2)  # would exceed: drawn, not kept
    assert cache.nbytes == BLOCK * 8
    np.testing.assert_array_equal(cache.chunk(0, 1).uniform("a"), a)
    np.testing.assert_array_equal(cache.chunk(0, 1).normal("b", 2), b)
    assert cache.hits == 1


def test_a_cache_of_another_seed_is_refused():
    with pytest.raises(ValueError, match="kept: the cache holds the streams of"):
        ChunkStreams(SeedRoot(2), 0, 1, kept=StreamCache(SeedRoot(1)))
    with pytest.raises(ValueError, match="max_bytes = -1"):
        StreamCache(SeedRoot(1), max_bytes=-1)
    with pytest.raises(TypeError, match="root must be a SeedRoot"):
        StreamCache(1)  # type: ignore[arg-type]


def test_simulate_with_reuse_is_bit_identical(short):
    """Latin hypercube with a rank correlation, chunks of one block, a partial last
    block: twice through one cache (drawing, then reusing) equals a run without it."""
    sc = short.with_overrides(correlations=(("demand.base_volume", "service.aht_s", 0.5),))
    kw = dict(seed=8, keep_monthly=False, progress=False, sampler="lhs", chunk_size=BLOCK)
    with pytest.warns(UserWarning, match="not a whole number of blocks"):
        want = ccsim.simulate(sc, 300, **kw)
    cache = StreamCache(want.seed)
    for _ in range(2):
        with pytest.warns(UserWarning, match="not a whole number of blocks"):
            _same(ccsim.simulate(sc, 300, reuse=cache, **kw), want)
    assert cache.hits > 0


@pytest.mark.parametrize(("kw", "match"), [
    ({"seed": 2}, "reuse holds the random numbers of seed"),
    ({"seed": None}, "reuse holds the random numbers of seed"),
    ({"seed": 1, "backend": "processes"}, "needs backend='serial'"),
    ({"seed": 1, "keep_paths": False}, "needs keep_paths=True"),
])
def test_reuse_that_cannot_work_is_refused(short, kw, match):
    with pytest.raises(ValueError, match=match):
        ccsim.simulate(short, 10, reuse=StreamCache(SeedRoot(1)), progress=False, **kw)
    with pytest.raises(TypeError, match="reuse must be a"):
        ccsim.simulate(short, 10, seed=1, reuse={}, progress=False)  # type: ignore[arg-type]


# ----------------------------------------------------------------------- rerun


def test_options_reached():
    sc = ccsim.default_scenario().with_overrides(
        {"offshore.fallback": "nearshore", "hybrid.fallback": "offshore"})
    assert options_reached(sc, [OFF]) == ("offshore", "hybrid")
    assert options_reached(sc, ["nearshore.staffing.price_per_hour"]) == (
        "nearshore", "offshore", "hybrid")
    assert options_reached(sc, ["onshore.quality.oversight", OFF]) == (
        "onshore", "offshore", "hybrid")
    for shared in (["demand.base_volume"], ["hybrid.vendor_share"], [OFF, "service.aht_s"]):
        assert options_reached(sc, shared) is None


def test_rerun_refuses_a_scenario_that_differs_elsewhere(short):
    first = ccsim.simulate(short.with_overrides({OFF: 10.0}), 20, seed=1, keep_monthly=False,
                           progress=False)
    other = short.with_overrides({OFF: 12.0, "customers.annual_margin": 900.0})
    with pytest.raises(ValueError, match="only the inputs"):
        rerun(first, other, [OFF])


@pytest.mark.parametrize(("pair", "partial"), [
    (("offshore.staffing.attrition_annual", "demand.base_volume"), True),
    (("onshore.staffing.attrition_annual", "nearshore.staffing.attrition_annual"), False),
])
def test_rerun_with_rank_correlations(short, pair, partial):
    """A correlation among the options rerun keeps the partial run; one across options
    left out would change their draws: the whole scenario is rerun. Both are fresh runs'."""
    sc = short.with_overrides(correlations=((*pair, 0.6),))
    kw = dict(seed=6, keep_monthly=False, progress=False)
    first = ccsim.simulate(sc.with_overrides({OFF: 10.0}), 100, **kw)
    new = sc.with_overrides({OFF: 12.5})
    res = rerun(first, new, [OFF], reuse=StreamCache(first.seed))
    assert res.meta["recomputed_options"] == (["offshore"] if partial else list(sc.option_names))
    _same(res, ccsim.simulate(new, 100, **kw))


def test_rerun_of_a_vendor_input_does_not_simulate_the_in_house_option(short, monkeypatch):
    """``local_jobs_removed`` is measured against the in-house option: a partial rerun
    hands the engine the previous run's in-house headcount path by path instead of
    simulating that option again. An onshore price moves the onshore vendor's FTE, which
    count as local jobs; on 300 paths (two blocks, the last one partly kept) the result is
    a fresh run's, bit for bit, and the engine saw the onshore option only."""
    import ccsim.run.rerun as rerun_module

    seen: list[tuple[str, ...]] = []  # the options of every chunk the engine runs
    real = rerun_module.run_chunk

    def spy(scenario, *a, **k):
        seen.append(scenario.option_names)
        return real(scenario, *a, **k)

    monkeypatch.setattr(rerun_module, "run_chunk", spy)
    on = "onshore.staffing.price_per_hour"
    kw = dict(seed=12, keep_monthly=False, progress=False)
    first = ccsim.simulate(short.with_overrides({on: 20.0}), 300, **kw)
    new = short.with_overrides({on: 31.0})
    res = rerun(first, new, [on], reuse=StreamCache(first.seed))
    assert seen == [("onshore",)]
    assert res.meta["recomputed_options"] == ["onshore"]
    fresh = ccsim.simulate(new, 300, **kw)
    _same(res, fresh)
    # the reference is exercised: it differs from path to path (a wrong or constant one
    # would not give the fresh run's numbers) and the onshore rows measure against it
    base = first.outputs["headcount_in_house_mean"][first.options.index("in_house")]
    assert np.ptp(base) > 0
    assert np.all(res.outputs["local_jobs_removed"][fresh.options.index("onshore")] != 0)


def test_rerun_without_an_in_house_option_measures_against_month_0(short):
    """With no in-house option ``local_jobs_removed`` is measured against the month-0
    headcount, in a partial rerun as in a fresh run."""
    sc = short.without_option("in_house")
    kw = dict(seed=13, keep_monthly=False, progress=False)
    first = ccsim.simulate(sc.with_overrides({OFF: 10.0}), 100, **kw)
    new = sc.with_overrides({OFF: 12.0})
    res = rerun(first, new, [OFF])
    assert res.meta["recomputed_options"] == ["offshore"]
    _same(res, ccsim.simulate(new, 100, **kw))


# ----------------------------------------------------------------------- sensitivity


def _no_cache(monkeypatch, module):
    """Make ``module``'s stream caches keep nothing: every stream drawn afresh."""
    monkeypatch.setattr(module, "StreamCache", lambda root: StreamCache(root, max_bytes=0))


def test_tornado_reuses_its_draws_and_gives_the_same_bars(short, monkeypatch):
    made: list[StreamCache] = []
    monkeypatch.setattr(drivers_module, "StreamCache",
                        lambda root: made.append(StreamCache(root)) or made[-1])
    kw = dict(n_paths=BLOCK, seed=3, inputs=[OFF, "demand.base_volume"])
    t = ccsim.sensitivity.tornado(short, "offshore", **kw)
    assert made[0].hits > 0
    _no_cache(monkeypatch, drivers_module)
    t0 = ccsim.sensitivity.tornado(short, "offshore", **kw)
    pd.testing.assert_frame_equal(t.frame(), t0.frame(), check_exact=True)
    assert t.swing_se == t0.swing_se


def test_breakeven_reuses_its_draws_and_gives_the_same_curve(short, monkeypatch):
    made: list[StreamCache] = []
    monkeypatch.setattr(be_module, "StreamCache",
                        lambda root: made.append(StreamCache(root)) or made[-1])
    kw = dict(option="offshore", n_paths=100, seed=4, bracket=(8.0, 14.0))
    be = ccsim.breakeven(short, OFF, **kw)
    assert made[0].hits > 0 and len(be.curve) == 2
    _no_cache(monkeypatch, be_module)
    pd.testing.assert_frame_equal(be.curve, ccsim.breakeven(short, OFF, **kw).curve,
                                  check_exact=True)
