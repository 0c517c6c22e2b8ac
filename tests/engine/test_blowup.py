"""No blow-up on any path (issue 31, item 1).

Under overflow routing the vendor planned for the overflow of the forecast at the
planned handle time (~1e-100 calls with an in-house team far above its plan) and then
scaled its team by realised / forecast volume with no cap: a ratio up to ~1e13, so a few
paths cost 1e16 to 1e306 or came out NaN. A vendor now adds at most
``staffing.SHORT_NOTICE_FLEX`` of its plan at short notice; the calls it cannot field
wait and abandon. And the engine refuses to return a non-finite or out-of-bounds value:
:func:`ccsim.engine.checks.check_chunk` names the option, path, month and quantity.
"""

from __future__ import annotations

import math
import pickle
import warnings

import numpy as np
import pytest

import ccsim
from ccsim.engine import checks
from ccsim.engine.chunk import compute_chunk, draw_chunk
from ccsim.errors import ModelBlowUpError, SimulationError
from ccsim.mechanisms import staffing
from ccsim.queueing import formulas
from ccsim.run.sizing import SizingWarning, sized_for
from ccsim.sampling.streams import ChunkStreams, SeedRoot
from tests.oracles import loop_model as models


def _overflow_centre(agents: int, horizon: int | None = None) -> ccsim.Scenario:
    """The audit's realistic inputs: overdispersed counts, an in-house team 4x its plan,
    the hybrid taking the in-house team's overflow."""
    sc = sized_for(ccsim.default_scenario(), agents)
    ov = {"demand.overdispersion": 1.0, "hybrid.routing": "overflow",
          "staff.headcount": 4.0 * agents}
    if horizon is not None:
        ov["finance.horizon_months"] = horizon
    return sc.with_overrides(ov)


def test_reproducer_overflow_centre_of_30000_agents_stays_finite_and_bounded():
    """Before the fix path 0..63 of seed 1 held an NPV of 3e306 and a NaN (checked on the
    parent commit); now every output is finite and every path's cost is of the order of
    the others'. The bound, 5x the median NPV, is loose (the largest is 2.2x with this
    seed: overdispersion 1 makes monthly volumes vary a lot) and a blow-up is 1e6x."""
    sc = _overflow_centre(30_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SizingWarning)
        res = ccsim.simulate(sc, n_paths=64, seed=1)
    for option in res.options:
        cost = np.asarray(res.values("npv_cost", option))
        assert np.isfinite(cost).all(), option
        assert cost.max() < 5.0 * np.median(cost), (option, cost.max(), np.median(cost))
        for name in ("service_level_mean", "abandon_rate"):
            v = np.asarray(res.values(name, option))
            assert np.isfinite(v).all() and (v >= 0).all() and (v <= 1).all(), (option, name)


def test_vendor_team_is_capped_at_its_plan_plus_the_short_notice_flex_by_hand():
    """Hand computation, flex 0.25. Plan 40 agents, forecast 100 calls:
    - 110 calls, lag 0: 40 * (1 + 0.10) = 44 (within the flex, followed in full);
    - 200 calls, lag 0: 40 * (1 + min(1.0, 0.25)) = 50 (capped);
    - 200 calls, lag 2 weeks: agility 1 - 2 / 4.333 = 0.5385, 0.5385 > 0.25: 50 (capped);
    - 20 calls, lag 0: 40 * (1 - 0.8) = 8 (shrinks in full);
    - 5,000 calls on a forecast of 1e-100 and a plan of 1e-9 agents: 1.25e-9 (a near-zero
      plan is not scaled by the ratio 5e103);
    - a forecast of 5e-324 (volume / forecast = inf) with agility 0: the plan, 40."""
    assert staffing.SHORT_NOTICE_FLEX == 0.25
    n = staffing.vendor_agents(
        planned=np.array([40.0, 40.0, 40.0, 40.0, 1e-9, 40.0]),
        volume=np.array([110.0, 200.0, 200.0, 20.0, 5e3, 5e3]),
        forecast=np.array([100.0, 100.0, 100.0, 100.0, 1e-100, 5e-324]),
        lag_weeks=np.array([0.0, 0.0, 2.0, 0.0, 0.0, 52.0 / 12.0]),
    )
    np.testing.assert_allclose(n, [44.0, 50.0, 50.0, 8.0, 1.25e-9, 40.0], rtol=1e-15)


def test_calls_beyond_the_capped_team_are_answered_worse_not_by_more_staff():
    """Twice the forecast calls (8,000 instead of 4,000 over 10 open hours, 300 s each:
    66.7 erlangs instead of 33.3) meet at most 1.25 x the planned 40 agents = 50: the
    service level falls and abandonment rises (Erlang A with the capped team) against
    the planned load on the planned team, instead of the team doubling."""
    capped = staffing.vendor_agents(planned=np.array([40.0]), volume=np.array([8000.0]),
                                    forecast=np.array([4000.0]), lag_weeks=0.0)
    assert capped[0] == 50.0

    def rate(calls: float) -> np.ndarray:
        return np.array([calls / (10.0 * 3600.0)])

    sl_plan, ab_plan = staffing.realise(rate=rate(4000.0), aht=300.0, agents=np.array([40.0]),
                                        patience=120.0, target_time=20.0)
    sl_cap, ab_cap = staffing.realise(rate=rate(8000.0), aht=300.0, agents=capped,
                                      patience=120.0, target_time=20.0)
    assert sl_cap[0] < sl_plan[0] - 0.3 and ab_cap[0] > ab_plan[0] + 0.1


def test_loop_model_follows_the_cap_path_by_path():
    """The loop model (tests/_loop_model.py) mirrors the cap: on a 150-agent overflow
    centre where the cap binds on the paths compared (checked with a spy), engine and
    loop model agree path by path (1e-9, as in tests/test_bench_models.py)."""
    sc = _overflow_centre(150, horizon=18).without_option("onshore").without_option(
        "nearshore").without_option("offshore")
    draws, rnd = draw_chunk(sc, ChunkStreams(SeedRoot(3), 0, 1))
    capped = np.zeros(rnd["fresh"].shape[1], dtype=bool)
    orig = staffing.vendor_agents

    def spy(*, planned, volume, forecast, lag_weeks, flex=staffing.SHORT_NOTICE_FLEX):
        out = orig(planned=planned, volume=volume, forecast=forecast, lag_weeks=lag_weeks)
        free = orig(planned=planned, volume=volume, forecast=forecast, lag_weeks=lag_weeks,
                    flex=math.inf)
        capped[:] |= (free > out * (1 + 1e-12)).any(axis=0)
        return out

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SizingWarning)
        staffing.vendor_agents = spy
        try:
            eng = compute_chunk(sc, draws, rnd, False).paths
        finally:
            staffing.vendor_agents = orig
    paths = list(np.flatnonzero(capped)[:6]) + [p for p in range(0, 256, 64) if not capped[p]][:2]
    assert len(paths) >= 6, "the cap must bind on the paths compared"
    lm = models.loop_model(sc, draws, rnd, paths)
    for k in models.LOOP_OUTPUTS:
        np.testing.assert_allclose(lm[k], eng[k][:, paths], rtol=1e-9, atol=1e-9, err_msg=k)


def test_erlang_a_at_a_subnormal_rate_is_its_small_traffic_limit():
    """A rate so small that x / y overflows (5e-324 calls/s) gave inf * 0 = NaN; it is
    now the limit y -> 0: service level 1 - p_wait (1 - within), abandonment
    p_wait / (x + 1) with x = c * patience / aht, which the finite formula approaches
    (at 1e-9 calls/s within 1e-6). Tolerance 1e-3 at 5e-324: p_wait is itself
    subnormal there (about 3 significant digits)."""
    c, aht, pat, t = np.array([1.0]), np.array([474.4]), np.array([291.0]), np.array([20.0])
    x = 1.0 * 291.0 / 474.4
    tiny = formulas._erlang_a_core(np.array([5e-324]), aht, c, pat, t)
    assert tiny.service_level[0] == 1.0 and 0.0 < tiny.p_wait[0] < 1e-300
    assert tiny.p_abandon[0] == pytest.approx(tiny.p_wait[0] / (x + 1.0), rel=1e-3)
    small = formulas._erlang_a_core(np.array([1e-9]), aht, c, pat, t)
    assert small.p_abandon[0] / small.p_wait[0] == pytest.approx(1.0 / (x + 1.0), rel=1e-6)
    many = formulas._erlang_a_core(np.array([2.49e-309, 5e-324]), np.full(2, 474.4),
                                   np.full(2, 1397.0), np.full(2, 291.0), np.full(2, 20.0))
    np.testing.assert_array_equal(many.service_level, [1.0, 1.0])  # the audit's NaN case
    np.testing.assert_array_equal(many.p_abandon, [0.0, 0.0])


def test_the_engine_names_option_path_month_and_quantity_of_a_blow_up(monkeypatch):
    """A kernel returning inf on one (option, path) in one month: the run raises
    ModelBlowUpError naming them instead of returning a number. The chunk of the second
    block is run, so the path index is the run's (256 + 44), not the chunk's."""
    from ccsim.engine.chunk import run_chunk
    from ccsim.mechanisms import costs

    orig = costs.vendor_fees
    month = {"t": 0}
    bad_option, bad_path, bad_month = 2, 44, 5

    def broken(live, fees):
        # called twice a month: the month's fees, then the set-up's steady-state fees
        out = np.array(orig(live, fees), dtype=np.float64)
        if month["t"] == 2 * bad_month:
            out[bad_option, bad_path] = np.inf
        month["t"] += 1
        return out

    monkeypatch.setattr(costs, "vendor_fees", broken)
    # the inf flows on through the month's arithmetic (inf - inf) before the check
    monkeypatch.setattr(warnings, "filters", list(warnings.filters))
    warnings.simplefilter("ignore", RuntimeWarning)
    sc = ccsim.default_scenario().with_overrides({"finance.horizon_months": 12})
    name = sc.option_names[bad_option]
    with pytest.raises(ModelBlowUpError) as info:
        run_chunk(sc, SeedRoot(5), 1, 2)
    err = info.value
    msg = str(err)
    assert isinstance(err, SimulationError)
    assert (err.option, err.path, err.month) == (name, 256 + bad_path, bad_month), msg
    assert err.quantity == "vendor_fees" and math.isinf(err.value), msg
    for part in (repr(name), "path 300", f"month {bad_month}", "vendor_fees = inf"):
        assert part in msg, (part, msg)
    # it travels back from a worker process whole
    back = pickle.loads(pickle.dumps(err))
    assert (back.option, back.path, back.month, str(back)) == (name, 300, bad_month, msg)
    # and through ccsim.simulate (one chunk): no result is returned
    month["t"] = 0
    with pytest.raises(ModelBlowUpError, match=f"{name!r}, path 44, month 5"):
        ccsim.simulate(sc, n_paths=256, seed=5)


def test_a_nan_without_monthly_data_says_the_month_is_unknown():
    """The check itself on hand-made outputs: NaN in a share with no monthly data, and
    a monthly cost above the documented 1e26 dollars a month."""
    sc = ccsim.default_scenario().with_overrides({"finance.horizon_months": 6})
    draws, rnd = draw_chunk(sc, ChunkStreams(SeedRoot(1), 0, 1))
    out = compute_chunk(sc, draws, rnd, True)
    checks.check_chunk(out.paths, out.monthly, sc.option_names, 0)  # a real chunk passes
    paths = {k: v.copy() for k, v in out.paths.items()}
    paths["abandon_rate"][1, 7] = np.nan
    with pytest.raises(ModelBlowUpError, match=r"'onshore', path 7, month unknown .*"
                                               r"keep_monthly=True.*abandon_rate = nan"):
        checks.check_chunk(paths, None, sc.option_names, 0)
    monthly = {k: v.copy() for k, v in out.monthly.items()}
    monthly["cost"][0, 9, 2] = 2e26
    with pytest.raises(ModelBlowUpError, match=r"'in_house', path 265, month 2: monthly cost"):
        checks.check_chunk(out.paths, monthly, sc.option_names, 256)
    # a vendor-phase mean is NaN only where no vendor served
    paths = {k: v.copy() for k, v in out.paths.items()}
    assert out.paths["months_with_vendor"][3, 0] > 0
    paths["vendor_quality_mean"][3, 0] = np.nan
    with pytest.raises(ModelBlowUpError, match="vendor_quality_mean"):
        checks.check_chunk(paths, None, sc.option_names, 0)
