"""Model v2.1 (issue 28): the exit's return priced as it would happen, the go-live's
parallel run and set-up, the peak hybrid's contract and routing, seats from concurrency.

Each item has a hand computation (the arithmetic written out here, independent of the
code) and a paired direction test on common random numbers (same seed, two settings).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import ccsim
from ccsim.mechanisms import contract

# ------------------------------------------------------------ item 1: lock-in never pays


def _one(x: float) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


_BASE = dict(month=0, deficit_sized=0.0, leave_rate=0.0, classroom_weeks=0.0,
             cost_per_hire=100.0, stranded_pool=0.0, sublet_recovery=0.0, commitments_end=0.0,
             overtime_cap=0.1, overtime_premium=1.5, temp_markup=0.5, agent_hour_cost=20.0,
             hours_per_agent=400.0, lost_sized=0.0, margin=1.0)


def test_return_cost_hiring_lag_and_shortfall_by_hand():
    """A team of 10 (4 agents) hired over a lag of 2 for a switch in month 3, no ramp.

    m=1: nobody paid, notice dip 7; hires 10/2 = 5 (cost 500)            -> 507
    m=2: 5 paid 5 x 1050 = 5250, dip 7; hires 5/2 = 2.5 (250)            -> 5507
    m=3: 7.5 paid 7875; 3 agents of 4: short 1, overtime 0.3 (cap 10% of 3),
         temps 0.7 x 1.5 heads; cover 400 x 20 x (0.3 x 1.5 + 1.05 x 1.5) = 16200;
         less the steady 10 x 1050 = 10500; hires 1.25 (125)              -> 13700
    m=4: 8.75 paid 9187.5; short 0.5, overtime 0.35, temps 0.225 heads:
         cover 6900; less 10500; hires 0.625 (62.5)                       -> 5650
    m=5: 9.375 paid 9843.75; short 0.25, all overtime: cover 3000; less 10500;
         hires 0.3125 (31.25)                                             -> 2375
    """
    got = contract.return_cost(
        **_BASE, switch=_one(3.0), horizon=6, team=_one(10.0), team_agents=_one(4.0),
        hiring_lag=2.0, ramp_weeks=0.0, pay=1000.0, seat_month=50.0, new_hire_factor=1.5,
        lost_at=lambda d: 0.0 * d, dip_loss=7.0,
    )
    assert float(got) == pytest.approx(507 + 5507 + 13700 + 5650 + 2375, rel=1e-12)


def test_return_cost_ramp_and_quality_gap_by_hand():
    """New hires at twice the handle time and a quality gap: a switch next month.

    m=1: nobody yet: 10 agents short, covered by 20 temp heads at 1 an hour; then 10
         hires, whose deficit is 1 next month                            -> 20
    m=2: 10 present, the work needs 10 x (1 + 1 x 1) = 20: 20 temp heads, and the
         callers lost at deficit 1 cost 100                              -> 120
    """
    got = contract.return_cost(
        **{**_BASE, "overtime_cap": 0.0, "temp_markup": 0.0, "agent_hour_cost": 1.0,
           "hours_per_agent": 1.0, "cost_per_hire": 0.0},
        switch=_one(1.0), horizon=3, team=_one(10.0), team_agents=_one(10.0), hiring_lag=1.0,
        ramp_weeks=2 * 52.0 / 12.0, pay=0.0, seat_month=0.0, new_hire_factor=2.0,
        lost_at=lambda d: 100.0 * d, dip_loss=0.0,
    )
    assert float(got) == pytest.approx(140.0, rel=1e-12)


def test_return_cost_stranded_seats_are_not_paid_twice_by_hand():
    """Two seats already paid as stranded (sublet recovers 25%), commitments to month 3.

    m=1: nobody seated yet: the steady month's 2 x 100 seats are saved      -> -200
    m=2: 2 seated from the stranded pool cost 2 x 100 x 0.25 = 50, less 200  -> -150
    """
    got = contract.return_cost(
        **{**_BASE, "cost_per_hire": 0.0, "stranded_pool": 2.0, "sublet_recovery": 0.25,
           "commitments_end": 3.0},
        switch=_one(1.0), horizon=3, team=_one(2.0), team_agents=_one(0.0), hiring_lag=1.0,
        ramp_weeks=0.0, pay=0.0, seat_month=100.0, new_hire_factor=1.5,
        lost_at=lambda d: 0.0 * d, dip_loss=0.0,
    )
    assert float(got) == pytest.approx(-350.0, rel=1e-12)


def test_switch_month_and_lock_in_flag():
    """The switch after the notice, or at the term's end for an unenforceable clause;
    a decision that would pay without the exit fee but not with it is a locked month."""
    sw = contract.switch_month(month=10, golive=2.0, term=36.0, notice=3.0,
                               enforceable=np.array([True, False]))
    assert sw.tolist() == [14.0, 38.0]
    kw = dict(month=20, quality_mean=np.array([0.5, 0.5]), live=np.array([True, True]),
              requested=np.array([False, False]), threshold=0.9, window=3.0,
              stabilisation=6.0, escalation_end=np.array([5.0, 5.0]), escalation_months=3.0,
              golive=2.0, term=36.0, notice=1.0, enforceable=np.array([True, True]),
              gain_per_month=np.array([100.0, 100.0]), exit_fee=np.array([2000.0, 10.0]),
              switching_cost=np.array([500.0, 500.0]), horizon=40)
    d = contract.exit_decision(**kw)
    # 100 a month for 40 - 22 = 18 months = 1800: with a fee of 2000 + 500 it does not
    # pay (locked in), with a fee of 10 it does (no lock-in, an exit)
    assert d.trigger.tolist() == [False, True]
    assert d.blocked.tolist() == [True, False]


_EXIT = {"offshore.quality.oversight": 0.0, "offshore.contract.exit_threshold": 0.9}
_N, _SEED = 1000, 2026


def _offshore(extra: dict) -> dict[str, np.ndarray]:
    sc = ccsim.default_scenario().with_overrides({**_EXIT, **extra})
    p = ccsim.simulate(sc, n_paths=_N, seed=_SEED).paths()
    p = p[p.option == "offshore"].sort_values("path")
    return {k: p[k].to_numpy(dtype=float) for k in ("npv_cost", "locked_in_months")}


@pytest.mark.parametrize(("key", "short", "long"), [
    ("offshore.contract.notice_months", 1, 12),
    ("offshore.contract.term_months", 36, 60),
])
def test_lock_in_never_pays_paired(key, short, long):
    """Done-when of issue 28: longer notice or term never lowers offshore's expected cost.

    Paired (same seed, common random numbers): the mean path-by-path difference must be
    at least -2 standard errors (a one-sided 2.3% false-alarm rate if the true
    difference were 0). Before the fix notice 1 -> 12 saved 3.8 standard errors.
    """
    a, b = _offshore({key: short}), _offshore({key: long})
    d = b["npv_cost"] - a["npv_cost"]
    se = d.std(ddof=1) / math.sqrt(d.size)
    assert d.mean() >= -2.0 * se, (d.mean(), se)
    if key.endswith("term_months"):  # locked_in_months does not fall as the term lengthens
        assert b["locked_in_months"].mean() >= a["locked_in_months"].mean()


# ------------------------------------------------------------ item 4: go-live costs stated


def test_layoff_month_after_the_parallel_run():
    """The wave moving in month w is laid off at the end of month w + parallel - 1, or in
    month w itself without a parallel run; two waves from month 2, parallel 2: months 3, 4."""
    from ccsim.mechanisms import golive

    def months(parallel: float, waves: float) -> list[int]:
        return [m for m in range(10) if golive.layoff_month(
            month=m, golive=2.0, waves=waves, parallel_months=parallel, live=np.array(m >= 2))]

    assert months(0.0, 1.0) == [2]
    assert months(1.0, 1.0) == [2]
    assert months(2.0, 2.0) == [3, 4]
    assert months(3.0, 1.0) == [4]


_QUIET = {"staff.headcount": 100, "staff.attrition_annual": 0.0, "staff.hourly_cost": 30.0,
          "staff.manager_hourly_cost": 50.0, "staff.mgmt_hours_per_agent": 10.0,
          "finance.discount_rate_annual": 0.0, "offshore.setup.lead_months": 2.0}


def _paths(overrides: dict, n: int = 8, seed: int = 5, option: str = "offshore"):
    sc = ccsim.default_scenario().with_overrides(overrides)
    with pytest.warns(ccsim.SizingWarning) if "staff.headcount" in overrides else _nothing():
        p = ccsim.simulate(sc, n_paths=n, seed=seed).paths()
    return p[p.option == option].sort_values("path")


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_parallel_run_by_hand():
    """100 agents, no attrition, offshore takes every call at month 2: a parallel run of 3
    months instead of 1 pays the whole team two more months, and nothing else in labour:
    2 x 100 x (2080/12 h x $30 + 10 h x $50) = $1,140,000 (undiscounted)."""
    a = _paths({**_QUIET, "offshore.setup.parallel_months": 1})
    b = _paths({**_QUIET, "offshore.setup.parallel_months": 3})
    want = 2 * 100 * (2080.0 / 12.0 * 30.0 + 10.0 * 50.0)
    np.testing.assert_allclose(b["labour"].to_numpy() - a["labour"].to_numpy(), want, rtol=1e-9)
    # without a parallel run the team is laid off unpaid as the calls move: one month less
    c = _paths({**_QUIET, "offshore.setup.parallel_months": 0})
    np.testing.assert_allclose(a["labour"].to_numpy() - c["labour"].to_numpy(), want / 2,
                               rtol=1e-9)


def test_setup_on_steady_state_fees_by_hand():
    """Per-call pricing at $4, 100,000 calls a month with no trend, season, shock or
    repeats, set-up 2 months: the set-up is 2 x 4 x 100,000 = $800,000, the steady plan's
    fees, not the go-live month's (in which handled calls and the new team differ)."""
    p = _paths({"demand.trend_annual": 0.0, "demand.seasonal_amplitude": 0.0,
                "demand.shock_sd": 0.0, "demand.callback_rate": 0.0,
                "demand.base_volume": 100_000.0, "finance.discount_rate_annual": 0.0,
                "offshore.setup.lead_months": 2.0, "offshore.setup.cost_months": 2.0,
                "offshore.contract.pricing": "per_call", "offshore.contract.price_per_call": 4.0,
                "offshore.contract.exit_threshold": 0.0})
    np.testing.assert_allclose(p["transition"].to_numpy(), 800_000.0, rtol=1e-12)


def test_longer_parallel_run_costs_more_paired():
    """Default scenario, paired: a parallel run of 0, 1 and 3 months raises offshore's
    labour path by path (the team is paid longer; nothing else changes before go-live)."""
    lab = [_paths({"offshore.setup.parallel_months": k}, n=200, seed=11)["labour"].to_numpy()
           for k in (0, 1, 3)]
    assert (lab[1] > lab[0]).all() and (lab[2] > lab[1]).all()
