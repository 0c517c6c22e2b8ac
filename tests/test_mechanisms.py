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
    demand,
    golive,
    handle_time,
    quality,
    satisfaction,
    staffing,
)

# --------------------------------------------------------------------------- contracts


def _uniform(rng, shape, lo, hi):
    return rng.uniform(lo, hi, shape)


KERNELS = {
    # name: (callable(rng, shape) -> array or tuple, (lower bound, upper bound))
    "quality_step": (
        lambda r, s: quality.quality_step(
            _uniform(r, s, 0, 1), _uniform(r, s, 0, 1), 0.01, 0.2, 0.95, 0.02, r.standard_normal(s)
        ),
        (0.0, 1.0),
    ),
    "effective_quality": (
        lambda r, s: quality.effective_quality(
            _uniform(r, s, 0, 1), _uniform(r, s, 0, 1), 0.1, _uniform(r, s, 0, 1), 0.3, 0.0
        ),
        (0.0, 1.0),
    ),
    "first_contact_resolution": (
        lambda r, s: quality.first_contact_resolution(0.72, 0.75, 0.5, _uniform(r, s, 0, 1)),
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
            360.0, 1.1, -0.02, 7, _uniform(r, s, 0, 1), 1.5, 0.1, 0.03, r.standard_normal(s)
        ),
        (0.0, math.inf),
    ),
    "csat": (
        lambda r, s: satisfaction.csat(
            79.0, _uniform(r, s, 0, 1), 0.72, 100.0, _uniform(r, s, 0, 1), 0.8, 20.0, 3.0
        ),
        (0.0, 100.0),
    ),
    "customers_lost": (
        lambda r, s: churn.customers_lost(
            _uniform(r, s, 0, 1e5), _uniform(r, s, 0, 1), _uniform(r, s, 0, 1e3), 0.002, 3.0, 3.0,
            _uniform(r, s, 0, 10), _uniform(r, s, 0, 10), 0.2
        ),
        (0.0, math.inf),
    ),
    "breach_probability": (
        lambda r, s: breach.breach_probability(0.15, _uniform(r, s, 0, 1), 1.2),
        (0.0, 1.0),
    ),
    "inhouse_step": (
        lambda r, s: staffing.inhouse_step(
            np.floor(_uniform(r, s, 50, 200)),
            np.floor(_uniform(r, s, 50, 200)),
            np.floor(_uniform(r, s, 0, 10)),
            2.5,
            r.random(s) < 0.3,
        ),
        (0.0, math.inf),
    ),
    "vendor_agents": (
        lambda r, s: staffing.vendor_agents(
            np.floor(_uniform(r, s, 0, 60)), _uniform(r, s, 8e4, 1.2e5), 1e5, 2.0
        ),
        (0.0, math.inf),
    ),
    "billable_hours": (
        lambda r, s: contract.billable_hours(
            _uniform(r, s, 0, 1e4), 8e3, 0.8, r.random(s) < 0.5
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
    m = demand.season_trend(13, np.array([0.12]), np.array([0.1]), peak_month=12, start_month=1)
    # month index 11 is December: peak of the season; trend (1.12)^(11/12)
    assert m[11, 0] == pytest.approx(1.12 ** (11 / 12) * 1.1)
    # June (index 5) is the trough
    assert m[5, 0] == pytest.approx(1.12 ** (5 / 12) * 0.9)
    assert m[12, 0] == pytest.approx(1.12 * (1 + 0.1 * math.cos(2 * math.pi * -11 / 12)))


def test_expected_volume_without_shocks_is_the_level():
    z = np.random.default_rng(0).standard_normal((24, 3))
    base = np.array([1e5, 2e5, 3e5])
    mult = demand.season_trend(24, np.zeros(3), np.full(3, 0.1), 12, 1)
    mean, fc = demand.expected_volume(base, mult, np.zeros(3), np.full(3, 0.5), z)
    np.testing.assert_allclose(mean, base * mult)
    np.testing.assert_allclose(fc, base * mult)


def test_shock_is_mean_one_with_stationary_sd():
    """E[exp(e - s^2/2)] = 1 and sd(e) = s for the stationary AR(1); z-bound 5 SE."""
    n, T, s, phi = 20_000, 12, 0.2, 0.6
    z = np.random.default_rng(1).standard_normal((T, n))
    mean, _ = demand.expected_volume(np.ones(n), np.ones((T, n)), np.full(n, s), np.full(n, phi), z)
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
        np.array(300.0), 1.1, 0.1, 12, np.array(0.2), 1.5, 0.2, 0.0, None
    )
    assert float(aht) == pytest.approx(300 * 1.1 * 1.1 * (1 + 0.5 * 0.2) / 0.8)


# --------------------------------------------------------------------------- attrition


def test_monthly_rate_compounds_to_annual():
    p = attrition.monthly_rate(np.array([0.3, 0.45]))
    np.testing.assert_allclose(1 - (1 - p) ** 12, [0.3, 0.45])


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
        np.array([0.8]), np.array([0.5]), 0.01, 0.2, 0.95, 0.02, np.array([1.0])
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
    args = (decay, rec, 0.95, 0.03, np.array([z]))
    a = quality.quality_step(np.array([q]), np.array([o1]), *args)
    b = quality.quality_step(np.array([q]), np.array([o2]), *args)
    assert b[0] >= a[0] - 1e-15


def test_no_oversight_decays_geometrically():
    q = np.array([0.9])
    for _ in range(36):
        q = quality.quality_step(q, np.zeros(1), 0.006, 0.2, 0.95, 0.0, np.zeros(1))
    assert q[0] == pytest.approx(0.9 * (1 - 0.006) ** 36)
    # calibration (TPI/ISG): with no oversight, 5-30% of value lost over a 36-month term
    from ccsim.scenario.presets import default_scenario

    lo, hi = default_scenario().get("offshore.quality.decay_rate").support()
    assert 0.05 <= 1 - (1 - lo) ** 36 < 1 - (1 - hi) ** 36 <= 0.30


def test_fcr_calibration_offshore_vs_onshore():
    """CFI Group: US agents 34% likelier to resolve; 0.72 onshore -> about 0.54 offshore."""
    on = quality.first_contact_resolution(0.72, 1.0, 0.5, np.array(1.0))
    off = quality.first_contact_resolution(0.72, 0.75, 0.5, np.array(1.0))
    assert float(on) == pytest.approx(0.72)
    assert float(off) == pytest.approx(0.54)


# --------------------------------------------------------------------------- satisfaction


def test_csat_reproduces_cfi_group_gap():
    """79 with US agents, 58 offshore: 18 points from FCR plus a 3-point accent penalty."""
    us = satisfaction.csat(79.0, np.array(0.72), 0.72, 100.0, np.array(0.8), 0.8, 20.0, 0.0)
    off = satisfaction.csat(79.0, np.array(0.54), 0.72, 100.0, np.array(0.8), 0.8, 20.0, 3.0)
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
    ev, loss = breach.breach_events(u, np.array([[0.01, 0.01], [0.6, 0.6]]), 1e4, 200.0)
    np.testing.assert_array_equal(ev, [[True, False], [True, True]])
    np.testing.assert_array_equal(loss, np.where(ev, 2e6, 0.0))


# --------------------------------------------------------------------------- contract


def test_price_escalates_each_anniversary():
    p = contract.price(np.array(10.0), 0.03, np.array([0, 11, 12, 25, 36]))
    np.testing.assert_allclose(p, [10, 10, 10.3, 10 * 1.03**2, 10 * 1.03**3])


def test_minimum_commitment_only_within_term():
    h = contract.billable_hours(np.array([100.0, 100.0]), 200.0, 0.8, np.array([True, False]))
    np.testing.assert_array_equal(h, [160.0, 100.0])


def test_exit_rule_fee_and_lock_in():
    one = np.ones((1, 3))
    live = np.ones((1, 3), bool)
    enforce = np.array([[True, False, True]])
    golive = np.zeros((1, 3))
    # third contract is past its 36-month term at month 40
    month = 40
    golive[0, 2] = 0
    term = np.array([[48.0, 48.0, 36.0]])
    dec = contract.exit_decision(
        month, one * 0.5, live, ~live, one * 2, 0.7, 3.0, golive, term, 3.0, enforce
    )
    np.testing.assert_array_equal(dec.trigger, [[True, True, True]])
    np.testing.assert_array_equal(dec.fee_due, [[True, False, False]])  # unenforceable; after term
    np.testing.assert_array_equal(dec.switch_month, [[44.0, 48.0, 44.0]])
    # quality recovering resets the run of bad months
    dec2 = contract.exit_decision(
        month, one * 0.9, live, ~live, one * 2, 0.7, 3.0, golive, term, 3.0, enforce
    )
    assert not dec2.trigger.any() and (dec2.below == 0).all()


# --------------------------------------------------------------------------- staffing


def test_fte_and_agents_are_inverse():
    n = np.arange(0, 200.0)
    fte = staffing.fte_for_agents(n, 365.25, 0.85, 173.33, 0.3)
    back = staffing.agents_present(np.ceil(fte), 365.25, 0.85, 173.33, 0.3)
    assert np.all(back >= n) and np.all(back <= n + 1)


def test_inhouse_step_by_hand():
    H = np.array([100.0, 100.0, 100.0])
    target = np.array([100.0, 130.0, 60.0])
    leavers = np.array([5.0, 5.0, 5.0])
    nxt, hires, lay = staffing.inhouse_step(H, target, leavers, 3.0, np.array([False, False, True]))
    # gap after leavers is 35: back-fill 5, the remaining 30 closes at 1/3 a month -> 10
    np.testing.assert_array_equal(hires, [5.0, 15.0, 0.0])
    np.testing.assert_array_equal(lay, [0.0, 0.0, 35.0])
    np.testing.assert_array_equal(nxt, [100.0, 110.0, 60.0])


def test_vendor_follows_demand_surprise_with_agility():
    n = staffing.vendor_agents(np.array(100.0), np.array(110.0), np.array(100.0), 2.0)
    agility = 1 - 2 / (52 / 12)
    assert float(n) == round(100 * (1 + agility * 0.1))


def test_busy_hour_rate():
    lam = staffing.busy_hour_rate(np.array(36_000.0), 1.5, 300.0)
    assert float(lam) == pytest.approx(36_000 * 1.5 / (300 * 3600))


# --------------------------------------------------------------------------- go-live


def test_golive_month():
    g = golive.golive_month(np.array([[0.0, 1.0, 1.2, 2.9]]), np.array([[False, True, True, True]]))
    np.testing.assert_array_equal(g, [[0.0, 1.0, 2.0, 3.0]])
