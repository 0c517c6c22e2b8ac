"""Mechanism kernels: contract tests shared by all, hand-computed cases, independent checks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from ccsim.mechanisms import (
    attrition,
    breach,
    churn,
    contract,
    costs,
    demand,
    golive,
    handle_time,
    intraday,
    quality,
    routing,
    satisfaction,
    staffing,
    workforce,
)

# --------------------------------------------------------------------------- contracts


def _uniform(rng, shape, lo, hi):
    return rng.uniform(lo, hi, shape)


KERNELS = {
    # name: (callable(rng, shape) -> array or tuple, (lower bound, upper bound))
    "quality_step": (
        lambda r, s: quality.quality_step(
            q=_uniform(r, s, 0, 1), oversight=_uniform(r, s, 0, 1), decay=0.01, recovery=0.2,
            target=0.95, noise_sd=0.02, z=r.standard_normal(s),
        ),
        (0.0, 1.0),
    ),
    "effective_quality": (
        lambda r, s: quality.effective_quality(
            q=_uniform(r, s, 0, 1), shared_share=_uniform(r, s, 0, 1), shared_penalty=0.1,
            deficit=_uniform(r, s, 0, 1), new_gap=0.3, dip=0.0,
        ),
        (0.0, 1.0),
    ),
    "first_contact_resolution": (
        lambda r, s: quality.first_contact_resolution(
            fcr_native=0.72, language_factor=0.75, floor=0.5, q_eff=_uniform(r, s, 0, 1)
        ),
        (0.0, 1.0),
    ),
    "binomial_inverse": (
        lambda r, s: attrition.binomial_inverse(
            np.floor(_uniform(r, s, 0, 300)), _uniform(r, s, 0, 0.2), r.random(s)
        ),
        (0.0, 300.0),
    ),
    "ramp_deficit": (
        lambda r, s: attrition.ramp_deficit(_uniform(r, s, 0, 1), _uniform(r, s, 0, 0.1), 8.0),
        (0.0, 1.0),
    ),
    "vendor_leaver_share": (
        lambda r, s: attrition.vendor_leaver_share(0.05, 0.2, r.standard_normal(s)),
        (0.0, 1.0),
    ),
    "handle_time": (
        lambda r, s: handle_time.handle_time(
            base=360.0, factor=1.1, trend_annual=-0.02, month=7, deficit=_uniform(r, s, 0, 1),
            new_hire_factor=1.5, dip=0.1, noise_sd=0.03, z=r.standard_normal(s),
        ),
        (0.0, math.inf),
    ),
    "csat": (
        lambda r, s: satisfaction.csat(
            csat_ref=79.0, fcr=_uniform(r, s, 0, 1), fcr_ref=0.72, fcr_slope=100.0,
            sl=_uniform(r, s, 0, 1), target_sl=0.8, sl_slope=20.0, penalty=3.0,
        ),
        (0.0, 100.0),
    ),
    "customers_lost": (
        lambda r, s: churn.customers_lost(
            handled=_uniform(r, s, 0, 1e5), fcr=_uniform(r, s, 0, 1), abandoned=_uniform(r, s, 0, 1e3), defect_resolved=0.002, unresolved_factor=3.0, abandoned_factor=3.0,
            gap=_uniform(r, s, 0, 10), gap_abandoned=_uniform(r, s, 0, 10), elasticity=0.2
        ),
        (0.0, math.inf),
    ),
    "breach_probability": (
        lambda r, s: breach.breach_probability(0.15, _uniform(r, s, 0, 1), 1.2),
        (0.0, 1.0),
    ),
    "inhouse_step": (
        lambda r, s: workforce.inhouse_step(
            headcount=np.floor(_uniform(r, s, 50, 200)),
            target=np.floor(_uniform(r, s, 50, 200)),
            leavers=np.floor(_uniform(r, s, 0, 10)),
            hiring_lag=2.5,
            layoff=r.random(s) < 0.3,
        ),
        (0.0, math.inf),
    ),
    "vendor_agents": (
        lambda r, s: staffing.vendor_agents(
            planned=np.floor(_uniform(r, s, 0, 60)), volume=_uniform(r, s, 8e4, 1.2e5),
            forecast=1e5, lag_weeks=2.0,
        ),
        (0.0, math.inf),
    ),
}


@pytest.mark.parametrize("name", sorted(KERNELS))
@pytest.mark.parametrize("shape", [(5, 7), (1, 1), (3, 0)])
def test_kernel_contract(name, shape):
    """Shape preserved (incl. zero paths), deterministic, finite and within bounds."""
    fn, (lo, hi) = KERNELS[name]
    a = fn(np.random.default_rng(3), shape)
    b = fn(np.random.default_rng(3), shape)
    outs_a = a if isinstance(a, tuple) else (a,)
    outs_b = b if isinstance(b, tuple) else (b,)
    for x, y in zip(outs_a, outs_b, strict=True):
        assert x.shape == shape
        np.testing.assert_array_equal(x, y)
        assert np.all(np.isfinite(x))
        assert np.all(x >= lo) and np.all(x <= hi)


# --------------------------------------------------------------------------- demand


def test_season_trend_by_hand():
    m = demand.season_trend(
        n_months=13, trend_annual=np.array([0.12]), amplitude=np.array([0.1]), peak_month=12,
        start_month=1,
    )
    # the season is relative to month 0 (January, one month after the December peak):
    # base volume is today's, so month 0's multiplier is 1
    s0 = 1 + 0.1 * math.cos(2 * math.pi * (1 - 12) / 12)
    assert m[0, 0] == pytest.approx(1.0)
    # month index 11 is December: peak of the season; trend (1.12)^(11/12)
    assert m[11, 0] == pytest.approx(1.12 ** (11 / 12) * 1.1 / s0)
    # June (index 5) is the trough
    assert m[5, 0] == pytest.approx(1.12 ** (5 / 12) * 0.9 / s0)
    # a year on: January again, one year of trend
    assert m[12, 0] == pytest.approx(1.12)


def test_expected_volume_without_shocks_is_the_level():
    z = np.random.default_rng(0).standard_normal((24, 3))
    base = np.array([1e5, 2e5, 3e5])
    mult = demand.season_trend(
        n_months=24, trend_annual=np.zeros(3), amplitude=np.full(3, 0.1), peak_month=12,
        start_month=1,
    )
    mean, fc = demand.expected_volume(
        base=base, multiplier=mult, shock_sd=np.zeros(3), ar1=np.full(3, 0.5), z=z
    )
    np.testing.assert_allclose(mean, base * mult)
    np.testing.assert_allclose(fc, base * mult)


def test_shock_is_mean_one_with_stationary_sd():
    """E[exp(e - s^2/2)] = 1 and sd(e) = s for the stationary AR(1); z-bound 5 SE."""
    n, T, s, phi = 20_000, 12, 0.2, 0.6
    z = np.random.default_rng(1).standard_normal((T, n))
    mean, _ = demand.expected_volume(
        base=np.ones(n), multiplier=np.ones((T, n)), shock_sd=np.full(n, s), ar1=np.full(n, phi), z=z
    )
    x = mean[-1]
    se = x.std() / math.sqrt(n)
    assert abs(x.mean() - 1.0) < 5 * se
    e = np.log(x) + s**2 / 2
    # sd of a sample sd ~ s / sqrt(2n)
    assert abs(e.std() - s) < 5 * s / math.sqrt(2 * n)


def test_counts_are_poisson_then_overdispersed():
    rng = np.random.default_rng(2)
    mean = np.full(50_000, 400.0)
    x = demand.draw_counts(rng, mean, np.zeros(1))
    assert abs(x.mean() - 400) < 5 * math.sqrt(400 / x.size)
    assert x.var() == pytest.approx(400, rel=0.05)  # sd of a variance estimate ~ 0.6%
    y = demand.draw_counts(rng, mean, np.full(1, 0.01))
    assert y.var() == pytest.approx(400 + 0.01 * 400**2, rel=0.05)


# --------------------------------------------------------------------------- handle time


def test_handle_time_by_hand():
    aht = handle_time.handle_time(
        base=np.array(300.0), factor=1.1, trend_annual=0.1, month=12, deficit=np.array(0.2),
        new_hire_factor=1.5, dip=0.2, noise_sd=0.0, z=None,
    )
    assert float(aht) == pytest.approx(300 * 1.1 * 1.1 * (1 + 0.5 * 0.2) / 0.8)


# --------------------------------------------------------------------------- attrition


def test_monthly_rate_is_a_turnover_rate():
    """Attrition is a turnover rate (a year's leavers / average headcount), so 120% is valid.

    Hand computation: 1.2 a year is 0.1 a month; 0.3 a year is 0.025.
    """
    np.testing.assert_allclose(attrition.monthly_rate(np.array([0.3, 1.2, 3.0])), [0.025, 0.1, 0.25])


def test_monthly_rate_reproduces_the_reported_turnover_in_a_replaced_team():
    """Independent check by simulation: a team of 1,000 whose leavers are replaced every
    month, drawn month by month for 200 team-years, loses ``a`` times its headcount a year.

    Tolerance: leavers a year are a sum of 12 binomials (sd about sqrt(12 * 1000 p)), the
    mean over 200 years has a relative standard error below 0.3%; 5 standard errors.
    """
    rng = np.random.default_rng(17)
    for a in (0.45, 1.2, 2.5):
        p = float(attrition.monthly_rate(a))
        leavers = rng.binomial(1000, p, size=(200, 12)).sum(axis=1) / 1000.0
        se = leavers.std(ddof=1) / np.sqrt(leavers.size)
        assert abs(leavers.mean() - a) < 5 * se


@given(
    n=st.integers(0, 3000),
    p=st.floats(0.0, 0.3),
    u=st.floats(0.0, 0.999999),
)
def test_binomial_inverse_matches_scipy_ppf(n, p, u):
    """Exact inversion agrees with scipy's binomial quantile function (independent code)."""
    k = attrition.binomial_inverse(np.array([n]), np.array([p]), np.array([u]))[0]
    ref = stats.binom.ppf(u, n, p) if p > 0 and n > 0 else 0.0
    # scipy's ppf is the smallest k with cdf(k) >= u; ours with cdf(k) > u: they can
    # differ only where cdf(k) == u exactly, which has probability zero
    if ref != k:
        assert stats.binom.cdf(ref, n, p) == pytest.approx(u, abs=1e-12)
    else:
        assert k == ref


def test_binomial_inverse_distribution():
    """Chi-square goodness of fit of 200,000 draws against the Binomial(150, 0.03) pmf."""
    u = np.random.default_rng(4).random(200_000)
    k = attrition.binomial_inverse(np.full(u.size, 150.0), np.full(u.size, 0.03), u)
    obs = np.bincount(k.astype(int), minlength=16)[:16]
    exp = stats.binom.pmf(np.arange(16), 150, 0.03) * u.size
    keep = exp > 20
    chi2 = ((obs[keep] - exp[keep]) ** 2 / exp[keep]).sum()
    # p-value 1e-4 critical value: a correct sampler fails 1 in 10,000 seeds
    assert chi2 < stats.chi2.ppf(1 - 1e-4, keep.sum() - 1)


@given(n=st.integers(0, 500), p1=st.floats(0, 0.2), dp=st.floats(0, 0.2), u=st.floats(0, 0.9999))
def test_binomial_inverse_is_monotone_in_p(n, p1, dp, u):
    a = attrition.binomial_inverse(np.array([n]), np.array([p1]), np.array([u]))
    b = attrition.binomial_inverse(np.array([n]), np.array([p1 + dp]), np.array([u]))
    assert b[0] >= a[0]


def test_ramp_deficit_steady_state():
    """Constant hiring at rate h gives the steady state h / (1 - exp(-2/R))."""
    d = np.zeros(1)
    for _ in range(200):
        d = attrition.ramp_deficit(d, np.array([0.03]), np.array([8.0]))
    r = 8.0 / attrition.WEEKS_PER_MONTH
    assert d[0] == pytest.approx(0.03 / (1 - math.exp(-2 / r)))


# --------------------------------------------------------------------------- quality


def test_quality_step_by_hand():
    q = quality.quality_step(
        q=np.array([0.8]), oversight=np.array([0.5]), decay=0.01, recovery=0.2, target=0.95,
        noise_sd=0.02, z=np.array([1.0]),
    )
    assert q[0] == pytest.approx(0.8 - 0.5 * 0.01 * 0.8 + 0.5 * 0.2 * 0.15 + 0.02)


@given(
    q=st.floats(0, 1),
    o1=st.floats(0, 1),
    do=st.floats(0, 1),
    decay=st.floats(0, 0.3),
    rec=st.floats(0, 0.5),
    z=st.floats(-3, 3),
)
def test_more_oversight_never_lowers_quality_on_paired_noise(q, o1, do, decay, rec, z):
    o2 = min(1.0, o1 + do)
    args = {"decay": decay, "recovery": rec, "target": 0.95, "noise_sd": 0.03, "z": np.array([z])}
    a = quality.quality_step(q=np.array([q]), oversight=np.array([o1]), **args)
    b = quality.quality_step(q=np.array([q]), oversight=np.array([o2]), **args)
    assert b[0] >= a[0] - 1e-15


def test_no_oversight_decays_geometrically():
    q = np.array([0.9])
    for _ in range(36):
        q = quality.quality_step(
            q=q, oversight=np.zeros(1), decay=0.006, recovery=0.2, target=0.95, noise_sd=0.0,
            z=np.zeros(1),
        )
    assert q[0] == pytest.approx(0.9 * (1 - 0.006) ** 36)
    # calibration (TPI/ISG): with no oversight, 5-30% of value lost over a 36-month term
    from ccsim.scenario.presets import default_scenario

    lo, hi = default_scenario().get("offshore.quality.decay_rate").support()
    assert 0.05 <= 1 - (1 - lo) ** 36 < 1 - (1 - hi) ** 36 <= 0.30


def test_fcr_calibration_offshore_vs_onshore():
    """CFI Group: US agents 34% likelier to resolve; 0.72 onshore -> about 0.54 offshore."""
    on = quality.first_contact_resolution(
        fcr_native=0.72, language_factor=1.0, floor=0.5, q_eff=np.array(1.0)
    )
    off = quality.first_contact_resolution(
        fcr_native=0.72, language_factor=0.75, floor=0.5, q_eff=np.array(1.0)
    )
    assert float(on) == pytest.approx(0.72)
    assert float(off) == pytest.approx(0.54)


# --------------------------------------------------------------------------- satisfaction


def test_csat_reproduces_cfi_group_gap():
    """79 with US agents, 58 offshore: 18 points from FCR plus a 3-point accent penalty."""
    ref = {"csat_ref": 79.0, "fcr_ref": 0.72, "fcr_slope": 100.0, "sl": np.array(0.8),
           "target_sl": 0.8, "sl_slope": 20.0}
    us = satisfaction.csat(fcr=np.array(0.72), penalty=0.0, **ref)
    off = satisfaction.csat(fcr=np.array(0.54), penalty=3.0, **ref)
    assert float(us) == pytest.approx(79.0)
    assert float(off) == pytest.approx(58.0)


# --------------------------------------------------------------------------- breach


def test_breach_probability_compounds_to_annual():
    p = breach.breach_probability(0.15, np.array([0.0, 1.0]), 1.2)
    # in-house: 12 months compound to the annual probability
    assert 1 - (1 - p[0]) ** 12 == pytest.approx(0.15)
    # a vendor with multiplier m has hazard m times larger
    assert math.log(1 - p[1]) == pytest.approx(1.2 * math.log(1 - p[0]))


def test_breach_events_use_the_shared_uniform():
    u = np.array([0.001, 0.5])
    ev, loss = breach.breach_events(
        u=u, p_month=np.array([[0.01, 0.01], [0.6, 0.6]]), records=1e4, cost_per_record=200.0
    )
    np.testing.assert_array_equal(ev, [[True, False], [True, True]])
    np.testing.assert_array_equal(loss, np.where(ev, 2e6, 0.0))


# --------------------------------------------------------------------------- contract


def _exit_rule(**over):
    """Three contracts at month 40: two in a 48-month term (enforceable, not), one past
    its 36-month term; all live since month 0 with quality 0.5 over the window."""
    one = np.ones((1, 3))
    rule = dict(
        month=40, quality_mean=one * 0.5, live=np.ones((1, 3), bool), requested=np.zeros((1, 3), bool),
        threshold=0.7, window=3.0, stabilisation=6.0, escalation_end=one * 30.0,
        escalation_months=3.0, golive=np.zeros((1, 3)), term=np.array([[48.0, 48.0, 36.0]]),
        notice=3.0, enforceable=np.array([[True, False, True]]), gain_per_month=one * 1e5,
        exit_fee=one * 4e5, switching_cost=one * 2e5, horizon=60,
    )
    rule.update(over)
    return contract.exit_decision(**rule)


def test_exit_rule_fee_notice_and_lock_in():
    dec = _exit_rule()
    # hand computation: switch at 40 + 1 + 3 = 44, or at the term's end (48) when the
    # clause cannot be enforced; 16 or 12 months left at a gain of 100k a month beat the
    # one-off 600k (fee + switch) or 200k (no fee)
    np.testing.assert_array_equal(dec.trigger, [[True, True, True]])
    np.testing.assert_array_equal(dec.fee_due, [[True, False, False]])
    np.testing.assert_array_equal(dec.switch_month, [[44.0, 48.0, 44.0]])
    # quality back above the threshold: nothing happens
    assert not _exit_rule(quality_mean=np.full((1, 3), 0.9)).trigger.any()


def test_exit_rule_waits_for_stabilisation_and_a_full_window():
    # month 40 with go-live at 36: 4 months live < 6 of stabilisation
    assert not _exit_rule(golive=np.full((1, 3), 36.0)).trigger.any()
    # stabilisation over (go-live 30, 10 months live) but a 12-month window not yet full
    assert not _exit_rule(golive=np.full((1, 3), 30.0), window=12.0).trigger.any()
    dec = _exit_rule(golive=np.full((1, 3), 30.0), window=11.0)
    # the unenforceable clause holds the client to month 30 + 48 = 78, past the 60-month
    # horizon: no month is left in which leaving could pay
    np.testing.assert_array_equal(dec.trigger, [[True, False, True]])


def test_exit_rule_escalates_once_before_leaving():
    never = np.full((1, 3), -1.0)
    dec = _exit_rule(escalation_end=never)
    assert not dec.trigger.any()  # the first failure escalates
    np.testing.assert_array_equal(dec.escalation_end, [[44.0, 44.0, 44.0]])  # 40 + 1 + 3
    # raised oversight in months 41-43, no exit meanwhile; from 44 the exit is decided
    for m in (41, 42, 43):
        assert contract.escalation_active(m, dec.escalation_end, 3.0).all()
        assert not _exit_rule(month=m, escalation_end=dec.escalation_end).trigger.any()
    assert not contract.escalation_active(44, dec.escalation_end, 3.0).any()
    assert _exit_rule(month=44, escalation_end=dec.escalation_end).trigger.all()
    # no escalation configured: the first failure is decided at once
    assert _exit_rule(escalation_end=never, escalation_months=0.0).trigger.all()


def test_exit_rule_leaves_only_when_going_back_pays():
    # enforceable, in term: 16 months left after the switch at 44; one-off 600k
    # (fee 400k + switching 200k): a gain of 37.5k a month is exactly break-even
    at = {"gain_per_month": np.full((1, 3), 37_500.0)}
    assert not _exit_rule(**at).trigger[0, 0]
    assert _exit_rule(gain_per_month=np.full((1, 3), 37_501.0)).trigger[0, 0]
    # unenforceable: switch at 48, 12 months left, one-off 200k: threshold 16,667 a month
    assert not _exit_rule(gain_per_month=np.full((1, 3), 16_666.0)).trigger[0, 1]
    assert _exit_rule(gain_per_month=np.full((1, 3), 16_667.0)).trigger[0, 1]
    # going back costs more every month: never leave
    assert not _exit_rule(gain_per_month=np.full((1, 3), -1.0)).trigger.any()


def test_rolling_mean_matches_a_direct_mean_over_the_window():
    rng = np.random.default_rng(5)
    qs = rng.uniform(size=(30, 2, 4))
    h = np.zeros((6, 2, 4))
    window = np.array([[1.0], [6.0]])
    for m in range(30):
        h = contract.record_quality(h, m, qs[m])
        if m >= 5:
            direct = np.stack([qs[m - 0 : m + 1, 0].mean(axis=0), qs[m - 5 : m + 1, 1].mean(axis=0)])
            np.testing.assert_allclose(contract.rolling_mean(h, m, window), direct, rtol=1e-12)


def test_gain_of_return_by_hand():
    # staying: 100k fees + 5k governance + 20 customers x 500; back: 20 agents x
    # (160 h x 25 + 10 h x 60 + 3,600 / 12 + 100) + 10 customers x 500 = 105k
    g = costs.gain_of_return(
        fees=100_000.0, governance=5_000.0, lost_vendor=20.0, lost_back=10.0, margin=500.0,
        team=20.0, paid_hours=160.0, hourly_cost=25.0, mgmt_hours_per_agent=10.0,
        manager_hourly_cost=60.0, seat_cost_annual=3_600.0, licence_per_seat_month=100.0,
    )
    assert float(g) == pytest.approx(115_000.0 - 105_000.0)


# --------------------------------------------------------------------------- staffing


def test_inhouse_step_by_hand():
    H = np.array([100.0, 100.0, 100.0])
    target = np.array([100.0, 130.0, 60.0])
    leavers = np.array([5.0, 5.0, 5.0])
    nxt, hires, lay = workforce.inhouse_step(
        headcount=H, target=target, leavers=leavers, hiring_lag=3.0,
        layoff=np.array([False, False, True]),
    )
    # gap after leavers is 35: back-fill 5, the remaining 30 closes at 1/3 a month -> 10
    np.testing.assert_array_equal(hires, [5.0, 15.0, 0.0])
    np.testing.assert_array_equal(lay, [0.0, 0.0, 35.0])
    np.testing.assert_array_equal(nxt, [100.0, 110.0, 60.0])


def test_vendor_follows_demand_surprise_with_agility():
    n = staffing.vendor_agents(
        planned=np.array(100.0), volume=np.array(110.0), forecast=np.array(100.0), lag_weeks=2.0
    )
    agility = 1 - 2 / (52 / 12)
    assert float(n) == pytest.approx(100 * (1 + agility * 0.1), rel=1e-15)


# --------------------------------------------------------------------------- go-live


def test_golive_month():
    g = golive.golive_month(np.array([[0.0, 1.0, 1.2, 2.9]]), np.array([[False, True, True, True]]))
    np.testing.assert_array_equal(g, [[0.0, 1.0, 2.0, 3.0]])


# ---------------------------------------------------------- staffing against queueing


def _erlang_c_sl_by_hand(lam: float, aht: float, n: int, t: float) -> float:
    """M/M/n service level from the Erlang B recursion, written out here (independent of
    ccsim.queueing): SL = 1 - C exp(-(n - A) t / aht), C = B / (1 - (A/n)(1 - B))."""
    a = lam * aht
    if n <= a:
        return 0.0
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    c = b / (1.0 - (a / n) * (1.0 - b))
    return 1.0 - c * math.exp(-(n - a) * t / aht)


def test_plan_agents_textbook_example():
    """A = 10 Erlangs (100 calls in 30 min of 180 s calls), 80% answered in 20 s.

    The hand recursion reproduces the published Erlang C value C(12 agents, 10 Erlangs)
    = 0.4494 (standard tables); the plan is the smallest team it finds meeting 80%.
    """
    a, k = 10.0, 12
    b = 1.0
    for j in range(1, k + 1):
        b = a * b / (j + a * b)
    assert b / (1.0 - (a / k) * (1.0 - b)) == pytest.approx(0.4494, abs=5e-5)
    lam, aht = 100 / 1800.0, 180.0
    n = staffing.plan_agents(rate=np.array([lam]), aht=np.array([aht]), target_sl=0.8, target_time=20.0)
    sl = {j: _erlang_c_sl_by_hand(lam, aht, j, 20.0) for j in range(10, 20)}
    assert n[0] == min(j for j in sl if sl[j] >= 0.8)
    assert 11 <= n[0] <= 15  # a plausibility bound: a little above the load


def test_plan_agents_is_the_smallest_team_meeting_the_target():
    """Against the hand-written Erlang C service level: n meets the target, n - 1 not."""
    rng = np.random.default_rng(12)
    lam = rng.uniform(0.001, 0.6, 300)
    aht = rng.uniform(120.0, 900.0, 300)
    sl_target = rng.uniform(0.5, 0.95, 300)
    t = rng.uniform(10.0, 60.0, 300)
    n = staffing.plan_agents(rate=lam, aht=aht, target_sl=sl_target, target_time=t)
    for i in range(lam.size):
        k = int(n[i])
        assert k == n[i] and k >= 1
        assert _erlang_c_sl_by_hand(lam[i], aht[i], k, t[i]) >= sl_target[i] - 1e-12
        assert _erlang_c_sl_by_hand(lam[i], aht[i], k - 1, t[i]) < sl_target[i] + 1e-12
    # no traffic, no agents (and the queueing code is not called on zeros)
    z = staffing.plan_agents(rate=np.zeros((2, 3)), aht=np.full((2, 3), 300.0), target_sl=0.8,
                             target_time=20.0)
    np.testing.assert_array_equal(z, np.zeros((2, 3)))


def test_realise_matches_exact_erlang_a():
    """The engine's tabulated service level and abandonment equal the public exact
    Erlang A (incomplete gammas, :func:`ccsim.queueing.erlang_a`) to 1e-9 absolute, the
    accuracy the tables guarantee."""
    from ccsim.queueing import erlang_a

    rng = np.random.default_rng(13)
    shape = (5, 400)
    lam = rng.uniform(0.005, 0.5, shape)
    aht = rng.uniform(150.0, 700.0, shape)
    agents = np.maximum(1.0, np.floor(lam * aht * rng.uniform(0.7, 1.4, shape)))
    patience = rng.uniform(30.0, 600.0, shape)
    sl, ab = staffing.realise(rate=lam, aht=aht, agents=agents, patience=patience, target_time=20.0)
    ref = erlang_a(lam, aht, agents, patience, 20.0)
    # the tables guarantee 1e-9 absolute (ccsim.queueing._tables), also where the values
    # themselves are tiny (overloaded teams), hence no relative tolerance
    np.testing.assert_allclose(sl, ref.service_level, rtol=0, atol=1e-9)
    np.testing.assert_allclose(ab, ref.p_abandon, rtol=0, atol=1e-9)
    assert sl.shape == ab.shape == shape


def test_realise_edge_cases():
    """No traffic: every (no) caller is served in time; traffic with no agent: all abandon."""
    sl, ab = staffing.realise(
        rate=np.array([0.0, 0.1, 0.1]), aht=300.0, agents=np.array([0.0, 0.0, 40.0]),
        patience=120.0, target_time=20.0,
    )
    np.testing.assert_array_equal(sl[:2], [1.0, 0.0])
    np.testing.assert_array_equal(ab[:2], [0.0, 1.0])
    # 40 agents on 30 Erlangs: nearly everyone served, a few abandon
    assert 0.9 < sl[2] < 1.0 and 0.0 < ab[2] < 0.01


# ------------------------------------------------------------- costs, morale, blends


def test_in_house_costs_by_hand():
    labour, hiring, severance = costs.in_house(
        headcount=np.array([150.0]), hires=np.array([4.0]), layoffs=np.array([10.0]),
        paid_hours=160.0, hourly_cost=30.0, mgmt_hours_per_agent=12.0, manager_hourly_cost=60.0,
        cost_per_hire=6000.0, severance_months=3.0, benefits_load=1.5,
    )
    pay = 160.0 * 30.0  # one FTE-month of loaded pay
    np.testing.assert_allclose(
        [labour[0], hiring[0], severance[0]],
        [150 * (pay + 12 * 60), 4 * 6000.0, 10 * 3 * pay / 1.5],  # severance on base pay
    )


def test_vendor_cost_add_ons_by_hand():
    live = np.array([True, True, False])
    fees = costs.vendor_fees(live, np.array([25_000.0, 50_000.0, 75_000.0]))
    np.testing.assert_array_equal(fees, [25_000.0, 50_000.0, 0.0])
    np.testing.assert_allclose(costs.governance(np.array([100.0, 50.0, 0.0]), 65.0), [6500.0, 3250.0, 0.0])
    first = np.array([True, False, False])
    np.testing.assert_array_equal(costs.setup(first, 3.0, fees), [75_000.0, 0.0, 0.0])
    due = np.array([False, True, False])
    np.testing.assert_array_equal(costs.exit_fee(due, 6.0, fees), [0.0, 300_000.0, 0.0])
    np.testing.assert_array_equal(costs.switching(due, 2.0, fees), [0.0, 100_000.0, 0.0])


def test_morale_window_and_survivor_attrition():
    end = attrition.morale_window_end(
        is_vendor=np.array([[False], [True]]), golive=np.array([[0.0], [3.0]]), morale_months=12.0
    )
    np.testing.assert_array_equal(end, [[-1.0], [15.0]])
    active, dip = attrition.morale(14, end, 0.1)
    np.testing.assert_array_equal(active, [[False], [True]])
    np.testing.assert_array_equal(dip, [[0.0], [0.1]])
    p = attrition.in_house_leave_prob(monthly_rate=0.03, morale_active=active, survivor_multiplier=1.5)
    np.testing.assert_allclose(p, [[0.03], [0.045]])
    assert not attrition.morale(15, end, 0.1)[0].any()


def test_steady_state_deficit_is_the_ramp_fixed_point():
    """Iterating the monthly ramp update at constant hiring converges to it."""
    d = np.zeros(1)
    for _ in range(300):
        d = attrition.ramp_deficit(d, np.array([0.025]), np.array([10.0]))
    assert attrition.steady_state_deficit(0.025, 10.0) == pytest.approx(d[0], rel=1e-12)


def test_steady_state_deficit_by_hand():
    """``min(1, p / (1 - exp(-2/R)))``, ``R`` the ramp in months; 0 without a ramp."""
    wpm = 52.0 / 12.0
    # R = 2 months: k = exp(-1), d = 0.04 / (1 - 1/e) = 0.0632791...
    assert float(attrition.steady_state_deficit(0.04, 2.0 * wpm)) == pytest.approx(
        0.04 / (1.0 - math.exp(-1.0)), rel=1e-12)
    assert float(attrition.steady_state_deficit(0.04, 2.0 * wpm)) == pytest.approx(0.0632791, abs=1e-7)
    # R = 24 months: k = exp(-1/12) = 0.920044, 0.25 / 0.079956 > 1: capped at 1
    assert float(attrition.steady_state_deficit(0.25, 24.0 * wpm)) == 1.0
    # no ramp: a hire is at full pace on arrival, the ramp update returns 0 for any
    # hires, so the fixed point is 0 (not p)
    assert float(attrition.ramp_deficit(0.3, 0.05, 0.0)) == 0.0
    np.testing.assert_array_equal(
        attrition.steady_state_deficit(np.array([0.05, 0.0]), np.array([0.0, 8.0])), [0.0, 0.0])


def test_blends_weight_by_volume():
    cs, fcr = satisfaction.by_handled(
        in_house=(np.array([80.0, 80.0]), np.array([0.7, 0.7])),
        vendor=(np.array([60.0, 60.0]), np.array([0.5, 0.5])),
        handled_in_house=np.array([300.0, 0.0]), handled_vendor=np.array([100.0, 0.0]),
    )
    np.testing.assert_allclose(cs, [75.0, 80.0])  # nothing handled: the in-house value
    np.testing.assert_allclose(fcr, [0.65, 0.7])
    (sl,) = satisfaction.by_offered(
        in_house=(np.array([0.9, 0.9]),), vendor=(np.array([0.5, 0.5]),),
        offered_in_house=np.array([100.0, 0.0]), offered_vendor=np.array([300.0, 0.0]),
    )
    np.testing.assert_allclose(sl, [0.6, 0.0])


def test_breach_records_only_on_paths_with_an_event():
    class Counting:
        calls = 0

        def ppf(self, u):
            Counting.calls += 1
            return 1000.0 * u

    ev = np.array([[False, True, False], [False, True, True]])
    rec = breach.record_counts(events=ev, u=np.array([0.1, 0.2, 0.3]), share=Counting(),
                               customers=np.array([5.0, 2.0, 1e-3]))
    # share 1000 u, capped at 1, times the customers served
    np.testing.assert_allclose(rec, [0.0, 2.0, 1e-3])
    assert Counting.calls == 1
    until, pen = breach.reputation(month=5, events=ev, dip_until=np.full((2, 3), -1.0),
                                   dip_months=3.0, csat_dip=4.0)
    np.testing.assert_array_equal(until, [[-1.0, 8.0, -1.0], [-1.0, 8.0, 8.0]])
    np.testing.assert_array_equal(pen, np.where(ev, 4.0, 0.0))


def test_repeat_contacts_by_hand():
    """Month 0 is the fixed point of the callback series; later months add it up."""
    r0 = demand.initial_repeats(fresh=1000.0, callback_rate=0.3, fcr=0.7)
    # fixed point: r = c (1 - f) (fresh + r)
    assert r0 == pytest.approx(0.3 * 0.3 * (1000.0 + r0))
    r = demand.repeat_contacts(callback_rate=0.5, abandoned_in_house=10.0, unresolved_in_house=20.0,
                               abandoned_vendor=30.0, unresolved_vendor=40.0)
    assert float(r) == 50.0


# ----------------------------------------------------------------- workforce planning


def test_season_ahead_is_the_peak_of_the_next_lag_months():
    """Against a direct double loop: for each month the highest multiplier of the next
    ``ceil(lag)`` months (months past the horizon count as the last), over this month's."""
    rng = np.random.default_rng(12)
    m = rng.uniform(0.8, 1.3, size=(14, 3))
    lag = np.array([0.5, 2.0, 3.2])
    got = demand.season_ahead(multiplier=m, lag=lag)
    for p in range(3):
        steps = int(np.ceil(lag[p]))
        for t in range(14):
            ahead = [m[min(t + k, 13), p] / m[t, p] for k in range(1, steps + 1)]
            assert got[t, p] == pytest.approx(max([1.0, *ahead]), rel=1e-15)


def test_overtime_covers_the_shortfall_up_to_its_cap():
    got = workforce.overtime_agents(present=np.array([40.0, 40.0, 40.0, 0.0]),
                                   needed=np.array([39.0, 42.0, 55.0, 5.0]), cap=0.1)
    # hand: no shortfall; 2 short, room 4; 15 short, room floor(4.0) = 4; nobody to work overtime
    np.testing.assert_array_equal(got, [0.0, 2.0, 4.0, 0.0])


def test_adherence_takes_the_missing_agents_off_the_phones():
    """On average 92% of 100, 25 and 1 scheduled agents take calls; the roster then puts
    the nearest whole agents in each interval (issue 28 item 2): at a flat plan 92, 23 and
    floor(0.92 + 0.5) = 1."""
    avg = staffing.adhering(np.array([100.0, 25.0, 1.0]), 0.92)
    np.testing.assert_allclose(avg, [92.0, 23.0, 0.92], rtol=1e-15)
    flat = np.ones((6, 3))
    np.testing.assert_array_equal(intraday.roster(agents=avg, plan=flat)[0], [92.0, 23.0, 1.0])


def test_overtime_pay_by_hand():
    # 10 FTE x (160 h x $30 + 10 h x $60) + 40 overtime hours x $30 x 1.5
    labour, _, _ = costs.in_house(
        headcount=10.0, hires=0.0, layoffs=0.0, paid_hours=160.0, hourly_cost=30.0,
        mgmt_hours_per_agent=10.0, manager_hourly_cost=60.0, cost_per_hire=0.0,
        severance_months=0.0, benefits_load=1.3, overtime_hours=40.0, overtime_premium=1.5,
    )
    assert float(labour) == pytest.approx(10 * (160 * 30 + 600) + 40 * 30 * 1.5)


# ------------------------------------------------------------------------- transitions


def test_retention_bonus_lowers_attrition_until_go_live_by_hand():
    p = attrition.in_house_leave_prob(
        monthly_rate=0.025, morale_active=np.array([True, True, False]), survivor_multiplier=1.2,
        retained=np.array([True, False, True]), retention_multiplier=0.5,
    )
    np.testing.assert_allclose(p, [0.025 * 1.2 * 0.5, 0.025 * 1.2, 0.025 * 0.5])


def test_vendor_growth_adds_new_agents_by_hand():
    # a team of deficit 0.2 grows by a quarter (80 -> 100 calls): 20% of it is new
    g = attrition.vendor_growth_share(previous=80.0, now=100.0)
    d = attrition.with_new_agents(0.2, g)
    assert float(d) == pytest.approx(0.2 * 0.8 + 1.0 * 0.2)
    # shrinking adds nobody
    g = attrition.vendor_growth_share(previous=100.0, now=80.0)
    assert float(attrition.with_new_agents(0.2, g)) == 0.2


def test_waves_move_equal_shares():
    got = [float(golive.wave_fraction(month=m, golive=3.0, waves=4.0)) for m in range(2, 9)]
    assert got == [0.0, 0.25, 0.5, 0.75, 1.0, 1.0, 1.0]
    assert float(golive.wave_fraction(month=3, golive=3.0, waves=1.0)) == 1.0


# -------------------------------------------------------------------- hybrid routing


def _mmc_sl_textbook(rate: float, aht: float, c: int, t: float) -> float:
    """M/M/c service level from the textbook sums (no Erlang B recursion)."""
    a = rate * aht
    if a >= c:
        return 0.0
    top = a**c / math.factorial(c) * c / (c - a)
    pw = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return 1.0 - pw * math.exp(-(c - a) * t / aht)


@pytest.mark.parametrize(("agents", "aht", "rate"), [
    (1, 300.0, 1 / 400), (3, 240.0, 1 / 60), (12, 420.0, 12 / 420), (40, 360.0, 0.2),
])
def test_overflow_share_with_no_wait_is_erlang_b_by_hand(agents, aht, rate):
    """Overflow when no agent is free (threshold 0): the Erlang loss formula written out,
    ``(A^c / c!) / sum_k A^k / k!``, from the underloaded to twice-overloaded team."""
    a = rate * aht
    want = a**agents / math.factorial(agents) / sum(a**k / math.factorial(k)
                                                   for k in range(agents + 1))
    got = routing.overflow_share(rate=np.array([[rate]]), aht=aht, agents=float(agents),
                                  threshold=0.0)
    assert float(got[0, 0]) == pytest.approx(want, rel=1e-10)


def test_overflow_share_falls_with_agents_and_wait_and_is_masked():
    """Direction: more agents or a longer wait before overflowing keep more calls; no
    agent sends every call, no call none, and nothing is computed outside the mask."""
    rate = np.full((1, 4), 0.1)
    by_agents = routing.overflow_share(rate=rate, aht=300.0, agents=np.array([[20, 25, 30, 40]]),
                                        threshold=0.0)
    assert (np.diff(by_agents) < 0).all()
    by_wait = routing.overflow_share(rate=rate, aht=300.0, agents=30.0,
                                      threshold=np.array([[0.0, 5.0, 20.0, 60.0]]))
    assert (np.diff(by_wait) < 0).all()
    got = routing.overflow_share(rate=np.array([[0.1, 0.0, 0.1]]), aht=300.0,
                                  agents=np.array([[0.0, 10.0, 10.0]]), threshold=0.0,
                                  where=np.array([[True, True, False]]))
    assert got.tolist() == [[1.0, 0.0, 0.0]]


def test_overflow_sends_the_overflowing_share_by_hand():
    v = np.array([[1000.0, 1000.0, 1000.0, 0.0]])
    ov = np.array([[0.3, 0.0, 0.5, 0.5]])
    split = (0.6 * v, 0.4 * v)
    ih, ve = routing.overflow(volume=v, share=ov, where=np.array([[True, True, False, True]]),
                             split=split)
    # hand: 300 overflow; none; the third column keeps the split; no calls
    np.testing.assert_array_equal(ih, [[700.0, 1000.0, 600.0, 0.0]])
    np.testing.assert_array_equal(ve, [[300.0, 0.0, 400.0, 0.0]])


@pytest.mark.parametrize("peak_month", [1, 4, 7, 12])
@pytest.mark.parametrize("start_month", [1, 6, 11])
def test_peak_season_is_where_the_seasonal_multiplier_is_above_its_mean(peak_month, start_month):
    """The five months around the peak, against cos(2 pi (m - peak)/12) > 0 read from
    the calendar by hand (the cosine is 0 three months away: counted out)."""
    got = demand.in_peak_season(month=np.arange(36), peak_month=peak_month,
                                start_month=start_month)
    cal = [(start_month - 1 + t) % 12 + 1 for t in range(36)]
    want = [math.cos(2 * math.pi * (m - peak_month) / 12) > 1e-9 for m in cal]
    assert got.tolist() == want
    assert sum(want[:12]) == 5


def test_routed_share_by_hand():
    codes = np.array([[routing.SPLIT], [routing.OVERFLOW], [routing.PEAK]])
    share = np.array([[0.5, 0.0], [0.5, 0.5], [0.3, 0.3]])
    np.testing.assert_array_equal(routing.routed_share(share=share, routing=codes, peak=True), share)
    off = routing.routed_share(share=share, routing=codes, peak=False)
    np.testing.assert_array_equal(off, [[0.5, 0.0], [0.5, 0.5], [0.0, 0.0]])


def test_season_ahead_plans_nothing_extra_for_a_month_without_own_calls():
    """A peak hybrid with vendor_share = 1 keeps no peak calls: its multiplier is 0 there;
    the ratio is 1 in those months (no NaN) and the month before still looks ahead."""
    m = np.array([[1.0], [0.0], [0.0], [1.2]])
    got = demand.season_ahead(multiplier=m, lag=2.0)
    assert np.isfinite(got).all()
    assert got[:, 0].tolist() == [1.0, 1.0, 1.0, 1.0]
    np.testing.assert_array_equal(
        demand.season_ahead(multiplier=np.array([[1.0], [1.1], [1.5]]), lag=1.0)[:, 0],
        [1.1, 1.5 / 1.1, 1.0])


def test_temps_cover_the_rest_at_a_new_hires_pace_by_hand():
    # 7 agents short, new hires 1.5x slower: 11 temps needed (ceil 10.5), cap 20% of 40 = 8
    # booked, worth floor(8 / 1.5) = 5 agents
    heads, eff = workforce.temp_agents(shortfall=7.0, present=40.0, cap=0.2, pace=1.5)
    assert (float(heads), float(eff)) == (8.0, 5.0)
    heads, eff = workforce.temp_agents(shortfall=2.0, present=40.0, cap=0.2, pace=1.5)
    assert (float(heads), float(eff)) == (3.0, 2.0)
    assert workforce.temp_agents(shortfall=-3.0, present=40.0, cap=0.2, pace=1.5)[0] == 0.0


# ------------------------------------------------------------------ by_type routing


def test_type_mix_by_hand():
    """Simple share s = 0.6. A vendor taking 50% of calls gets only simple ones (0.5 of
    the 0.6), the in-house team keeps 0.1 simple of its 0.5: f_ih = 0.2. At 80% the vendor
    takes all 0.6 simple and 0.2 complex: f_v = 0.75, f_ih = 0. In the first of three waves
    (share 0.8/3) the moved calls carry the vendor's mix: f_ih = (0.6 - 0.75 * 0.8/3) /
    (1 - 0.8/3) = 0.4 / (2.2/3) = 6/11. A split row keeps the overall mix."""
    share = np.array([[0.5, 0.8, 0.8 / 3.0, 0.5]])
    full = np.array([[0.5, 0.8, 0.8, 0.5]])
    where = np.array([[True, True, True, False]])
    f_v, f_ih = routing.type_mix(share=share, vendor_share=full, simple_share=0.6, where=where)
    np.testing.assert_allclose(f_v, [[1.0, 0.75, 0.75, 0.6]], rtol=1e-15)
    np.testing.assert_allclose(f_ih, [[0.2, 0.0, 6.0 / 11.0, 0.6]], rtol=1e-12, atol=1e-15)


@given(full=st.floats(0.01, 1.0), moved=st.floats(0.0, 1.0), s=st.floats(0.0, 1.0))
def test_type_mix_keeps_every_contact(full, moved, s):
    """The vendor's and the in-house team's simple contacts add up to all of them:
    share f_v + (1 - share) f_ih = s, and each mix is a share in [0, 1]."""
    share = full * moved
    f_v, f_ih = routing.type_mix(share=np.array([share]), vendor_share=np.array([full]),
                                simple_share=np.array([s]), where=np.array([True]))
    assert 0.0 <= f_v[0] <= 1.0 + 1e-12 and 0.0 <= f_ih[0] <= 1.0 + 1e-12
    if share < 1.0:
        assert share * f_v[0] + (1.0 - share) * f_ih[0] == pytest.approx(s, abs=1e-12)


def test_type_factor_by_hand_and_preserves_the_average():
    """Simple contacts take half a complex one's time (r = 0.5) and are 60% of calls, so
    the mix averages 0.6 * 0.5 + 0.4 = 0.7 complex-call times. All simple: 0.5 / 0.7; all
    complex: 1 / 0.7; the mix itself: exactly 1. Two teams on complementary mixes average
    back to 1 (weights 0.5 each: f = 1 and f = 0.2, 0.9 / 0.7)."""
    f = np.array([1.0, 0.0, 0.6, 0.2])
    got = routing.type_factor(simple_fraction=f, simple_share=0.6, ratio=0.5)
    np.testing.assert_allclose(got, [0.5 / 0.7, 1.0 / 0.7, 1.0, 0.9 / 0.7], rtol=1e-14)
    assert got[2] == 1.0
    assert 0.5 * got[0] + 0.5 * got[3] == pytest.approx(1.0, rel=1e-14)


# -------------------------------------------------------------------------- workforce

_ROTA = workforce.Rota(target_sl=0.8, target_time=20.0, open_hours=300.0, efficiency=0.9,
                       paid_hours=160.0, shrinkage=0.3)


def test_hiring_target_looks_ahead_and_holds_back_before_go_live():
    """The month's plan in whole FTE; a rising season the plan for the busier month; an
    announced outsourcing no more than the team it keeps (by hand from the rota)."""
    profile = np.ones((6, 1, 1))
    fc, aht = np.full((1, 3), 20_000.0), 300.0
    _, needed = _ROTA.plan(fc, aht, profile)
    args = dict(needed=needed, forecast=fc, aht=aht, profile=profile, rota=_ROTA,
                kept_share=0.5, kept_aht=aht)
    flat = workforce.hiring_target(ahead=np.ones((1, 3)), before=np.zeros((1, 3), bool), **args)
    # 20,000 calls x 300 s over 300 h: 5.56 Erlangs, 9 agents for 80% in 20 s;
    # 9 x 300 / (0.9 x 160 x 0.7) = 26.8 -> 27 FTE
    np.testing.assert_array_equal(needed, 9.0)
    np.testing.assert_array_equal(flat, 27.0)
    got = workforce.hiring_target(ahead=np.array([[1.0, 1.5, 1.5]]),
                                  before=np.array([[False, False, True]]), **args)
    rising = _ROTA.headcount(fc * 1.5, aht, profile)[0, 1]
    kept = _ROTA.headcount(fc * 0.5 * 1.5, aht, profile)[0, 2]
    assert got[0, 0] == 27.0 and got[0, 1] == rising > 27.0
    assert got[0, 2] == min(rising, kept) == kept < 27.0


def _queue_inputs(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random (K, 1, P) profiles and (O, P) volumes and handle times, some teams idle."""
    k, o, p = 6, 4, 7
    raw = rng.uniform(0.3, 2.0, size=(k, 1, p))
    vol = rng.uniform(0.0, 60_000.0, size=(2, o, p)) * (rng.uniform(size=(2, o, p)) > 0.2)
    return dict(profile=raw / raw.mean(axis=0), volume=vol,
                aht=rng.uniform(150.0, 600.0, size=(2, o, p)))


def test_rota_plans_side_by_side_are_the_plans_one_by_one():
    """Rota.plans sizes several teams in one Erlang C call: the curves and means must be
    those of one Rota.plan a team (broadcast to the teams' shape), bit for bit (every
    interval is sized on its own)."""
    q = _queue_inputs(np.random.default_rng(3))
    teams = [(q["volume"][i], q["aht"][i]) for i in range(2)] + [(q["volume"][0, 0], 300.0)]
    for (curve, agents), (v, a) in zip(_ROTA.plans(teams, q["profile"]), teams, strict=True):
        want_curve, want_agents = _ROTA.plan(np.broadcast_to(v, (4, 7)), a, q["profile"])
        assert curve.shape == want_curve.shape and agents.shape == want_agents.shape
        np.testing.assert_array_equal(curve, want_curve)
        np.testing.assert_array_equal(agents, want_agents)


def test_plan_and_target_is_the_plan_and_hiring_target_one_by_one():
    """plan_and_target batches the month's plan, the other teams' and the hiring target's
    plans: the same numbers as rota.plan, hiring_target and rota.plan called in turn."""
    q = _queue_inputs(np.random.default_rng(4))
    fc, aht, profile = q["volume"][0], q["aht"][0], q["profile"]
    rng = np.random.default_rng(5)
    ahead = np.where(rng.uniform(size=fc.shape) > 0.5, 1.3, 1.0)
    before = rng.uniform(size=fc.shape) > 0.6
    kw = dict(forecast=fc, aht=aht, ahead=ahead, profile=profile, rota=_ROTA, before=before,
              kept_share=0.4, kept_aht=aht * 0.9)
    curve, needed, target, others = workforce.plan_and_target(
        **kw, also=[(q["volume"][1], q["aht"][1])])
    want_curve, want_needed = _ROTA.plan(fc, aht, profile)
    np.testing.assert_array_equal(curve, want_curve)
    np.testing.assert_array_equal(needed, want_needed)
    np.testing.assert_array_equal(target, workforce.hiring_target(needed=want_needed, **kw))
    for got, want in zip(others[0], _ROTA.plan(q["volume"][1], q["aht"][1], profile),
                         strict=True):
        np.testing.assert_array_equal(got, want)


def test_realise_day_of_teams_side_by_side_is_each_teams():
    """The engine realises both teams' days in one call, stacked on the option axis: the
    service level and abandonment must be those of a call a team, bit for bit."""
    q = _queue_inputs(np.random.default_rng(6))
    rosters = [intraday.roster(agents=_ROTA.plan(q["volume"][i] * 0.9, q["aht"][i],
                                                 q["profile"])[1],
                               plan=_ROTA.plan(q["volume"][i], q["aht"][i], q["profile"])[0])
               for i in range(2)]
    kw = dict(profile=q["profile"], open_hours=300.0, patience=np.full(7, 90.0),
              target_time=20.0)
    sl, ab = staffing.realise_day(volume=np.concatenate(q["volume"]),
                                  aht=np.concatenate(q["aht"]),
                                  agents=np.concatenate(rosters, axis=1), **kw)
    for i in range(2):
        want_sl, want_ab = staffing.realise_day(volume=q["volume"][i], aht=q["aht"][i],
                                                agents=rosters[i], **kw)
        np.testing.assert_array_equal(sl[4 * i:4 * (i + 1)], want_sl)
        np.testing.assert_array_equal(ab[4 * i:4 * (i + 1)], want_ab)


def test_month_roster_by_hand():
    """12 paid FTE less 4 hires a full month in class: 8 FTE, 8 x 160 x 0.7 x 0.9 / 300
    = 2.688 agents present; 5 needed: overtime adds floor(0.25 x 2.688) = 0 agents, so
    temps, at a new hire's pace 1.5, cover the 2.312 short: ceil(2.312 x 1.5) = 4 booked
    (cap floor(2 x 2.688) = 5), worth floor(4 / 1.5) = 2 agents."""
    curve = np.full((6, 1, 1), 5.0)
    roster, ot, temps = workforce.month_roster(
        headcount=np.array([[12.0]]), hires=np.array([[4.0]]), needed=np.array([[5.0]]),
        curve=curve, rota=_ROTA, classroom_weeks=52.0 / 12.0, overtime_cap=0.25, temp_cap=2.0,
        pace=1.5, adherence=1.0,
    )
    assert float(ot[0, 0]) == 0.0 and float(temps[0, 0]) == 4.0
    # 2.688 + 2 = 4.688 agents along a flat curve of 5: the nearest whole agent,
    # floor(4.688 + 0.5) = 5, in every interval (issue 28 item 2)
    np.testing.assert_array_equal(roster, 5.0)


def test_vendor_share_follows_waves_routing_and_go_live():
    live = np.array([[True], [True], [True], [False]])
    codes = np.array([[routing.SPLIT], [routing.PEAK], [routing.PEAK], [routing.SPLIT]])
    off = routing.vendor_share(live=live, share=0.4, moved=np.array([[0.5], [1.0], [1.0], [1.0]]),
                               routing=codes, peak=False)
    np.testing.assert_allclose(off, [[0.2], [0.0], [0.0], [0.0]])
    # in the season a peak option's vendor takes the month's excess share (routing.peak_share)
    on = routing.vendor_share(live=live, share=0.4, moved=1.0, routing=codes, peak=True,
                              peak_excess=0.1)
    np.testing.assert_allclose(on, [[0.4], [0.1], [0.1], [0.0]])
