"""Money model (issue 13): pricing, churn and total-cost-of-ownership kernels, each checked
against a hand computation written out in the test, plus direction checks on paired runs."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ccsim.mechanisms import churn, pricing, tco

# --------------------------------------------------------------------------- pricing


def test_billed_units_follow_the_pricing_model():
    hours, fte, calls, minutes = 1000.0, 8.0, 9000.0, 54000.0
    got = [float(pricing.billed_units(m, hours, fte, calls, minutes)) for m in range(4)]
    assert got == [hours, fte, calls, minutes]
    assert pricing.PRICING_MODELS[2] == "per_call"


def test_tiered_charge_by_hand():
    # price 2.00; 0-1000 full, 1000-3000 at -5%, above 3000 at -10%
    def hand(u: float) -> float:
        a = min(u, 1000.0) * 2.0
        b = max(0.0, min(u, 3000.0) - 1000.0) * 2.0 * 0.95
        c = max(0.0, u - 3000.0) * 2.0 * 0.90
        return a + b + c

    for u in (0.0, 500.0, 1000.0, 2500.0, 3000.0, 7777.0):
        got = float(pricing.tiered_charge(u, 2.0, 1000.0, 0.05, 3000.0, 0.10))
        assert got == pytest.approx(hand(u), rel=1e-12)
    # no bands (inf) is a flat price
    assert float(pricing.tiered_charge(123.0, 3.0, math.inf, 0.2, math.inf, 0.3)) == 369.0
    # marginal: the charge never falls as volume rises
    u = np.linspace(0, 8000, 801)
    c = pricing.tiered_charge(u, 2.0, 1000.0, 0.05, 3000.0, 0.10)
    assert np.all(np.diff(c) > 0)


def test_minimum_commitment_only_within_term():
    got = pricing.billable_units(np.array([50.0, 50.0, 120.0]), 100.0, 0.8, np.array([True, False, True]))
    np.testing.assert_array_equal(got, [80.0, 50.0, 120.0])


def test_steady_state_deficit_is_the_fixed_point_of_the_ramp():
    from ccsim.mechanisms.attrition import ramp_deficit

    p, ramp = 0.04, 8.0
    d = float(pricing.steady_state_deficit(p, ramp))
    assert float(ramp_deficit(d, p, ramp)) == pytest.approx(d, rel=1e-12)
    k = math.exp(-2.0 / (8.0 / (52 / 12)))
    assert d == pytest.approx(0.04 / (1 - k), rel=1e-12)
    assert float(pricing.steady_state_deficit(0.04, 0.0)) == 0.0


def test_price_index_by_hand():
    e, c, w, fx = 0.03, 0.4, 0.08, math.log(0.9)
    for months, y in ((0, 0), (11, 0), (12, 1), (35, 2), (36, 3)):
        hand = (1 + e) ** y * (1 + c * (((1 + w) / (1 + e)) ** y * 0.9 - 1))
        assert float(pricing.price_index(months, e, c, w, fx)) == pytest.approx(hand, rel=1e-12)
    # no COLA: the escalator alone, whatever wages and currency do
    assert float(pricing.price_index(24, 0.03, 0.0, 0.5, 1.0)) == pytest.approx(1.03**2, rel=1e-14)
    # direction: more wage inflation or a stronger local currency raise the price
    assert pricing.price_index(24, 0.03, 0.4, 0.10, 0.0) > pricing.price_index(24, 0.03, 0.4, 0.05, 0.0)
    assert pricing.price_index(24, 0.03, 0.4, 0.05, 0.1) > pricing.price_index(24, 0.03, 0.4, 0.05, 0.0)


def test_sla_adjustment_by_hand():
    fees = 10_000.0
    kw = dict(target_sl=0.8, target_quality=0.85, tolerance=0.02, credit_share=0.05,
              bonus_share=0.01, at_risk=0.08)
    # both missed: 2 x 5% = 10% capped at 8% at risk
    assert float(pricing.sla_adjustment(fees, 0.70, quality=0.70, active=True, **kw)) == -800.0
    # one missed, one within tolerance
    assert float(pricing.sla_adjustment(fees, 0.70, quality=0.86, active=True, **kw)) == -500.0
    # both beaten: the client pays 2 x 1%
    assert float(pricing.sla_adjustment(fees, 0.90, quality=0.95, active=True, **kw)) == 200.0
    # in the grace months nothing
    assert float(pricing.sla_adjustment(fees, 0.10, quality=0.10, active=False, **kw)) == 0.0


# --------------------------------------------------------------------------- churn


def test_defection_chance_and_customers_lost_by_hand():
    d, wu, wa, g, ga, gam = 0.004, 3.0, 4.0, 5.0, 1.0, 0.08
    h_res = d * math.exp(gam * g)
    p_res, p_un, p_ab = 1 - math.exp(-h_res), 1 - math.exp(-wu * h_res), 1 - math.exp(-wa * d * math.exp(gam * ga))
    handled, fcr, ab = 9000.0, 0.6, 500.0
    hand = handled * (fcr * p_res + (1 - fcr) * p_un) + ab * p_ab
    got = float(churn.customers_lost(handled, fcr, ab, d, wu, wa, g, ga, gam))
    assert got == pytest.approx(hand, rel=1e-12)


def test_churn_directions():
    base = dict(handled=1000.0, fcr=0.7, abandoned=50.0, defect_resolved=0.005,
                unresolved_factor=3.0, abandoned_factor=3.0, gap=0.0, gap_abandoned=0.0,
                elasticity=0.1)
    ref = float(churn.customers_lost(**base))
    assert float(churn.customers_lost(**{**base, "fcr": 0.5})) > ref
    assert float(churn.customers_lost(**{**base, "gap": 3.0})) > ref
    assert float(churn.customers_lost(**{**base, "abandoned": 80.0})) > ref
    assert float(churn.customers_lost(**{**base, "gap": -3.0})) < ref
    # the chance is a probability even for absurd hazards
    assert float(churn.defection_chance(50.0, 10.0, 50.0, 1.0)) <= 1.0


def test_margin_value_by_hand():
    # 6% a year, 3 years of $240/yr margin, paid monthly in arrears
    r = 1.06 ** (1 / 12) - 1
    hand = sum(20.0 / (1 + r) ** k for k in range(1, 37))
    assert float(churn.margin_value(240.0, 3.0, 0.06, 100, 1)) == pytest.approx(hand, rel=1e-12)
    # stopping at the horizon: 10 months left
    hand10 = sum(20.0 / (1 + r) ** k for k in range(1, 11))
    assert float(churn.margin_value(240.0, 3.0, 0.06, 10, 0)) == pytest.approx(hand10, rel=1e-12)
    # beyond_horizon ignores months_left
    assert float(churn.margin_value(240.0, 3.0, 0.06, 10, 1)) == pytest.approx(hand, rel=1e-12)
    # capped by margin_years: more years, more value, never more than the undiscounted sum
    assert churn.margin_value(240.0, 5.0, 0.06, 100, 1) > churn.margin_value(240.0, 3.0, 0.06, 100, 1)
    assert float(churn.margin_value(240.0, 3.0, 0.06, 100, 1)) < 720.0


# --------------------------------------------------------------------------- tco


def test_tco_kernels_by_hand():
    assert float(tco.seat_cost(150.0, 4800.0, 110.0)) == 150 * (400 + 110)
    # 150 seats before, 20 still used: 130 stranded at $510, 35% recovered by subletting
    got = tco.stranded_cost(150.0, 20.0, np.array([3, 17, 18]), 18.0, 510.0, 0.35, np.array([True, True, True]))
    np.testing.assert_allclose(got, [130 * 510 * 0.65, 130 * 510 * 0.65, 0.0], rtol=1e-12)
    assert float(tco.stranded_cost(150.0, 20.0, 3, 18.0, 510.0, 0.35, np.array(False))) == 0.0
    # seats added (hybrid growth) are not stranded
    assert float(tco.stranded_cost(100.0, 120.0, 3, 18.0, 510.0, 0.0, np.array(True))) == 0.0
    assert float(tco.governance_hours(2 / 3, 3.0, 120.0, 173.0)) == pytest.approx(2 / 3 * (173 + 360))
    assert float(tco.vendor_training_fee(30.0, 160.0, 11.0, 0.75)) == pytest.approx(30 * 160 * 11 * 0.75)
    assert float(tco.classroom_fte(4.0, 2.0)) == pytest.approx(4 * 2 / (52 / 12))
    assert float(tco.classroom_fte(4.0, 10.0)) == 4.0
    assert float(tco.severance_cost(10.0, 2.0, 173.0, 28.0, 1.4)) == pytest.approx(10 * 2 * 173 * 20.0)
