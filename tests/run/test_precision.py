"""Stopping rule: simulate until the chosen statistic is precise enough."""

from __future__ import annotations

import numpy as np
import pytest

import ccsim
from ccsim.decide.analysis import estimate
from ccsim.run.precision import Precision


@pytest.fixture(scope="module")
def sc2() -> ccsim.Scenario:
    sc = ccsim.default_scenario()
    return sc.without_option("onshore").without_option("nearshore").without_option("hybrid")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stat", "rel", "absw"),
    [("mean", 0.03, None), ("p95", 0.05, None), ("cvar90", 0.06, None),
     ("prob_above:8e7", None, 0.04)],
)
def test_stops_when_precise_and_not_before(sc2, stat, rel, absw):
    rule = Precision(stat=stat, metric="npv_cost", rel_halfwidth=rel, abs_halfwidth=absw,
                     max_paths=8192)
    res = ccsim.simulate(sc2, 256, seed=7, until=rule, chunk_size=256, keep_monthly=False)
    stop = res.meta["stopping"]
    assert stop["met"] and stop["n_paths"] == res.n_paths
    assert res.n_paths % 256 == 0 and res.n_paths < 8192
    # every option meets the target, checked independently of Precision.status
    for o in res.options:
        e = estimate(res.values("npv_cost", o), stat)
        target = rel * abs(e.estimate) if rel is not None else absw
        assert e.halfwidth <= target
    # one chunk fewer would not have been enough (the rule stops at the first success)
    if res.n_paths > 256:
        smaller = ccsim.simulate(sc2, res.n_paths - 256, seed=7, keep_monthly=False)
        assert not rule.is_met(smaller)
    # bit-identical to a fixed run of the same total size
    fixed = ccsim.simulate(sc2, res.n_paths, seed=7, keep_monthly=False)
    for k in res.outputs:
        np.testing.assert_array_equal(res.outputs[k], fixed.outputs[k])


def test_max_paths_caps_the_run(sc2):
    rule = Precision(stat="mean", rel_halfwidth=1e-5, max_paths=768)
    res = ccsim.simulate(sc2, 256, seed=1, until=rule, chunk_size=512, keep_monthly=False)
    assert res.n_paths == 768
    assert res.meta["stopping"]["met"] is False
    st = rule.status(res)
    assert list(st.index) == list(res.options)
    assert not st["met"].any() and (st["halfwidth"] > st["target"]).all()


def test_options_subset(sc2):
    rule = Precision(stat="mean", rel_halfwidth=0.05, options=["in_house"], max_paths=4096)
    res = ccsim.simulate(sc2, 256, seed=1, until=rule, chunk_size=256, keep_monthly=False)
    assert list(rule.status(res).index) == ["in_house"]


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"stat": "median"}, "stat"),
        ({"rel_halfwidth": -0.1}, r"rel_halfwidth = -0.1 is outside the allowed range"),
        ({"rel_halfwidth": None, "abs_halfwidth": None}, "needs rel_halfwidth or abs_halfwidth"),
        ({"max_paths": 1}, "max_paths"),
        ({"level": 1.0}, "level"),
    ],
)
def test_bad_rules_are_rejected(kw, match):
    with pytest.raises(ValueError, match=match):
        Precision(**kw)


def test_until_must_be_a_stopping_rule_and_bounds_the_pilot():
    """A wrong until= object or a pilot above max_paths is refused before anything runs."""
    with pytest.raises(TypeError, match="until must be a stopping rule"):
        ccsim.simulate(n_paths=256, seed=1, until=object())
    with pytest.raises(ValueError, match=r"n_paths=5000 exceeds until\.max_paths=4096"):
        ccsim.simulate(n_paths=5000, seed=1, until=ccsim.Precision(max_paths=4096))
    # without n_paths the pilot is one chunk, capped at max_paths
    res = ccsim.simulate(seed=1, until=ccsim.Precision(rel_halfwidth=0.5, max_paths=512))
    assert res.n_paths == 512 and res.meta["stopping"]["met"]


def test_stratified_sampler_uses_the_replicate_error(sc2):
    from scipy import stats

    rule = Precision(stat="mean", rel_halfwidth=1e-6, max_paths=2560)
    res = ccsim.simulate(sc2, 2560, seed=3, sampler="lhs", keep_monthly=False)
    st = rule.status(res)
    for o in res.options:
        x = res.values("npv_cost", o)
        bm = x.reshape(10, 256).mean(axis=1)
        half = stats.t.ppf(0.975, 9) * bm.std(ddof=1) / np.sqrt(10)
        assert st.loc[o, "halfwidth"] == pytest.approx(half, rel=1e-10)
        # narrower than the i.i.d. interval the same paths would get
        assert half < 1.96 * x.std(ddof=1) / np.sqrt(x.size)


@pytest.mark.slow
def test_cvar_rule_waits_for_enough_tail_paths(sc2):
    import warnings

    # CVaR99 gives no interval below 100 tail paths (10,000 paths): not met, no warning
    rule = Precision(stat="cvar99", rel_halfwidth=0.5, max_paths=2048)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = ccsim.simulate(sc2, 256, seed=1, until=rule, chunk_size=1024, keep_monthly=False)
    assert res.n_paths == 2048 and res.meta["stopping"]["met"] is False
    assert rule.status(res)["halfwidth"].isna().all()
