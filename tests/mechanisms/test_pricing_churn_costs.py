"""Money model (issue 13): pricing, churn and total-cost-of-ownership kernels, each checked
against a hand computation written out in the test, plus direction checks on paired runs."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from ccsim.mechanisms import churn, costs, pricing, workforce

# --------------------------------------------------------------------------- pricing


def test_billed_units_follow_the_pricing_model():
    hours, fte, calls, minutes = 1000.0, 8.0, 9000.0, 54000.0
    got = [float(pricing.billed_units(model=m, hours=hours, fte=fte, calls=calls, minutes=minutes)) for m in range(4)]
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
        got = float(pricing.tiered_charge(units=u, unit_price=2.0, band_1_units=1000.0, band_1_discount=0.05, band_2_units=3000.0, band_2_discount=0.10))
        assert got == pytest.approx(hand(u), rel=1e-12)
    # no bands (inf) is a flat price
    assert float(pricing.tiered_charge(units=123.0, unit_price=3.0, band_1_units=math.inf, band_1_discount=0.2, band_2_units=math.inf, band_2_discount=0.3)) == 369.0
    # marginal: the charge never falls as volume rises
    u = np.linspace(0, 8000, 801)
    c = pricing.tiered_charge(units=u, unit_price=2.0, band_1_units=1000.0, band_1_discount=0.05, band_2_units=3000.0, band_2_discount=0.10)
    assert np.all(np.diff(c) > 0)


def test_minimum_commitment_only_within_term():
    got = pricing.billable_units(units=np.array([50.0, 50.0, 120.0]), committed_units=100.0, min_commitment=0.8, in_term=np.array([True, False, True]))
    np.testing.assert_array_equal(got, [80.0, 50.0, 120.0])


def test_price_index_by_hand():
    e, c, w, fx = 0.03, 0.4, 0.08, math.log(0.9)
    for months, y in ((0, 0), (11, 0), (12, 1), (35, 2), (36, 3)):
        hand = (1 + e) ** y * (1 + c * (((1 + w) / (1 + e)) ** y * 0.9 - 1))
        assert float(pricing.price_index(months_live=months, escalator=e, cola_share=c, wage_inflation=w, fx_log=fx)) == pytest.approx(hand, rel=1e-12)
    # no COLA: the escalator alone, whatever wages and currency do
    assert float(pricing.price_index(months_live=24, escalator=0.03, cola_share=0.0, wage_inflation=0.5, fx_log=1.0)) == pytest.approx(1.03**2, rel=1e-14)
    # direction: more wage inflation or a stronger local currency raise the price
    assert pricing.price_index(months_live=24, escalator=0.03, cola_share=0.4, wage_inflation=0.10, fx_log=0.0) > pricing.price_index(months_live=24, escalator=0.03, cola_share=0.4, wage_inflation=0.05, fx_log=0.0)
    assert pricing.price_index(months_live=24, escalator=0.03, cola_share=0.4, wage_inflation=0.05, fx_log=0.1) > pricing.price_index(months_live=24, escalator=0.03, cola_share=0.4, wage_inflation=0.05, fx_log=0.0)


def test_sla_adjustment_by_hand():
    fees = 10_000.0
    kw = dict(target_sl=0.8, target_quality=0.85, tolerance=0.02, credit_share=0.05,
              bonus_share=0.01, at_risk=0.08)
    # both missed: 2 x 5% = 10% capped at 8% at risk
    assert float(pricing.sla_adjustment(fees=fees, sl=0.70, quality=0.70, active=True, **kw)) == -800.0
    # one missed, one within tolerance
    assert float(pricing.sla_adjustment(fees=fees, sl=0.70, quality=0.86, active=True, **kw)) == -500.0
    # both beaten: the client pays 2 x 1%
    assert float(pricing.sla_adjustment(fees=fees, sl=0.90, quality=0.95, active=True, **kw)) == 200.0
    # in the grace months nothing
    assert float(pricing.sla_adjustment(fees=fees, sl=0.10, quality=0.10, active=False, **kw)) == 0.0


# --------------------------------------------------------------------------- churn


def test_defection_chance_and_customers_lost_by_hand():
    d, wu, wa, g, ga, gam = 0.004, 3.0, 4.0, 5.0, 1.0, 0.08
    h_res = d * math.exp(gam * g)
    p_res, p_un, p_ab = 1 - math.exp(-h_res), 1 - math.exp(-wu * h_res), 1 - math.exp(-wa * d * math.exp(gam * ga))
    handled, fcr, ab = 9000.0, 0.6, 500.0
    hand = handled * (fcr * p_res + (1 - fcr) * p_un) + ab * p_ab
    got = float(churn.customers_lost(handled=handled, fcr=fcr, abandoned=ab, defect_resolved=d, unresolved_factor=wu, abandoned_factor=wa, gap=g, gap_abandoned=ga, elasticity=gam))
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
    assert float(churn.defection_chance(defect_resolved=50.0, outcome_factor=10.0, gap=50.0, elasticity=1.0)) <= 1.0


def test_margin_value_by_hand():
    # 6% a year, 3 years of $240/yr margin, paid monthly in arrears
    r = 1.06 ** (1 / 12) - 1
    hand = sum(20.0 / (1 + r) ** k for k in range(1, 37))
    assert float(churn.margin_value(annual_margin=240.0, margin_years=3.0, discount_rate_annual=0.06, months_left=100, beyond_horizon=1)) == pytest.approx(hand, rel=1e-12)
    # stopping at the horizon: 10 months left
    hand10 = sum(20.0 / (1 + r) ** k for k in range(1, 11))
    assert float(churn.margin_value(annual_margin=240.0, margin_years=3.0, discount_rate_annual=0.06, months_left=10, beyond_horizon=0)) == pytest.approx(hand10, rel=1e-12)
    # beyond_horizon ignores months_left
    assert float(churn.margin_value(annual_margin=240.0, margin_years=3.0, discount_rate_annual=0.06, months_left=10, beyond_horizon=1)) == pytest.approx(hand, rel=1e-12)
    # capped by margin_years: more years, more value, never more than the undiscounted sum
    assert churn.margin_value(annual_margin=240.0, margin_years=5.0, discount_rate_annual=0.06, months_left=100, beyond_horizon=1) > churn.margin_value(annual_margin=240.0, margin_years=3.0, discount_rate_annual=0.06, months_left=100, beyond_horizon=1)
    assert float(churn.margin_value(annual_margin=240.0, margin_years=3.0, discount_rate_annual=0.06, months_left=100, beyond_horizon=1)) < 720.0


# --------------------------------------------------------------------------- tco


def test_tco_kernels_by_hand():
    assert float(costs.seat_cost(150.0, 4800.0, 110.0)) == 150 * (400 + 110)
    # 150 seats before, 20 still used: 130 stranded at $510, 35% recovered by subletting
    got = costs.stranded_cost(seats_before=150.0, seats_now=20.0, month=np.array([3, 17, 18]), commitments_end=18.0, per_seat_month=510.0, sublet_recovery=0.35, active=np.array([True, True, True]))
    np.testing.assert_allclose(got, [130 * 510 * 0.65, 130 * 510 * 0.65, 0.0], rtol=1e-12)
    assert float(costs.stranded_cost(seats_before=150.0, seats_now=20.0, month=3, commitments_end=18.0, per_seat_month=510.0, sublet_recovery=0.35, active=np.array(False))) == 0.0
    # seats added (hybrid growth) are not stranded
    assert float(costs.stranded_cost(seats_before=100.0, seats_now=120.0, month=3, commitments_end=18.0, per_seat_month=510.0, sublet_recovery=0.0, active=np.array(True))) == 0.0
    assert float(costs.governance_hours(effort=2 / 3, hours_per_agent_full=3.0, vendor_fte=120.0, fixed_hours_full=173.0)) == pytest.approx(2 / 3 * (173 + 360))
    assert float(costs.vendor_training_fee(new_agents=30.0, training_hours=160.0, hourly_price=11.0, billed_share=0.75)) == pytest.approx(30 * 160 * 11 * 0.75)
    assert float(workforce.classroom_fte(4.0, 2.0)) == pytest.approx(4 * 2 / (52 / 12))
    assert float(workforce.classroom_fte(4.0, 10.0)) == 4.0
    assert float(costs.severance_cost(layoffs=10.0, severance_months=2.0, paid_hours=173.0, loaded_hourly=28.0, benefits_load=1.4)) == pytest.approx(10 * 2 * 173 * 20.0)


# --------------------------------------------------------------------------- engine, paired

import warnings  # noqa: E402

import ccsim  # noqa: E402
from ccsim.outputs import (  # noqa: E402
    CUSTOMER_COMPONENTS,
    INCIDENT_COMPONENTS,
    OPERATING_COMPONENTS,
    VENDOR_PHASE,
)
from ccsim.run.sizing import SizingWarning, month0_plan  # noqa: E402

N, SEED = 256, 20261202


def _small(**over: object) -> ccsim.Scenario:
    sc = ccsim.default_scenario()
    sc = sc.without_option("nearshore").without_option("hybrid")
    return sc.with_overrides({"finance.horizon_months": 24, **over})


def _means(sc: ccsim.Scenario) -> Any:
    return ccsim.simulate(sc, n_paths=N, seed=SEED).paths().groupby("option").mean(numeric_only=True)


@pytest.fixture(scope="module")
def base():
    return _means(_small())


def test_cash_and_customer_split_adds_up():
    df = ccsim.simulate(_small(), n_paths=N, seed=SEED).paths()
    np.testing.assert_allclose(df["operating_cost"], df[list(OPERATING_COMPONENTS)].sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(df["customer_cost"], df[list(CUSTOMER_COMPONENTS)].sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(df["incident_cost"], df[list(INCIDENT_COMPONENTS)].sum(axis=1), rtol=1e-12)
    np.testing.assert_allclose(df["npv_cost"], df["operating_cost"] + df["incident_cost"] + df["customer_cost"],
                               rtol=1e-12)
    # every output is finite but the vendor phase's means, NaN where no vendor served
    assert np.isfinite(df.select_dtypes("number").drop(columns=list(VENDOR_PHASE)).to_numpy()).all()
    s = ccsim.simulate(_small(), n_paths=N, seed=SEED).summary()
    np.testing.assert_allclose(s["cost_mean"], s["operating_cost_mean"] + s["incident_cost_mean"]
                               + s["customer_cost_mean"], rtol=1e-12)


def test_per_call_fees_follow_handled_contacts_not_handle_time():
    # go live at once, no discounting, no minimum, escalator or set-up: fees = price x handled
    over = {
        "finance.discount_rate_annual": 0.0, "offshore.setup.lead_months": 0.0,
        "offshore.contract.min_commitment": 0.0, "offshore.contract.escalator_annual": 0.0,
        "offshore.contract.cola_share": 0.0, "offshore.contract.fx_drift_annual": 0.0,
        "offshore.contract.price_per_call": 1.4, "offshore.contract.pricing": "per_call",
    }
    sc = _small(**over).without_option("onshore").without_option("in_house").with_overrides(
        {"staff.headcount": 0, "offshore.contract.sla_credit_share": 0.0,
         "offshore.contract.exit_threshold": 0.0}  # no exit: the vendor handles every contact
    )
    for aht in (1.0, 1.25):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SizingWarning)
            df = ccsim.simulate(sc.with_overrides({"offshore.language.aht_factor": aht}),
                                n_paths=N, seed=SEED).paths()
        handled = df["operating_cost"] / df["cost_per_call"]  # every contact is the vendor's
        np.testing.assert_allclose(df["vendor_fees"], 1.4 * handled, rtol=1e-9)


def test_per_hour_fees_rise_with_handle_time_per_call_do_not():
    def fees(pricing: str, aht: float) -> float:
        over = {"offshore.contract.price_per_call": 1.4, "offshore.contract.pricing": pricing,
                "offshore.language.aht_factor": aht}
        return float(_means(_small(**over)).loc["offshore", "vendor_fees"])

    assert fees("per_hour", 1.25) > 1.10 * fees("per_hour", 1.0)
    assert fees("per_call", 1.25) == pytest.approx(fees("per_call", 1.0), rel=0.02)


def test_minimum_commitment_on_steady_state_plan_adds_little(base):
    none = _means(_small(**{"onshore.contract.min_commitment": 0.0}))
    extra = base.loc["onshore", "vendor_fees"] / none.loc["onshore", "vendor_fees"] - 1.0
    # fixed on the go-live month the minimum made onshore pay ~16% more; on the steady
    # plan it binds only in low months
    assert 0.0 <= extra < 0.03


def test_sla_credits_direction(base):
    assert (base["sla_credits"] <= 0).all()
    none = _means(_small(**{"offshore.contract.sla_credit_share": 0.0}))
    assert none.loc["offshore", "sla_credits"] == 0.0
    more = _means(_small(**{"offshore.contract.sla_credit_share": 0.06}))
    assert more.loc["offshore", "sla_credits"] <= base.loc["offshore", "sla_credits"]
    bonus = _means(_small(**{"offshore.contract.sla_bonus_share": 0.02,
                             "offshore.contract.sla_credit_share": 0.0}))
    assert bonus.loc["offshore", "sla_credits"] >= 0.0


def test_cola_and_currency_raise_offshore_fees(base):
    hot = _means(_small(**{"offshore.contract.cola_share": 0.45,
                           "offshore.contract.wage_inflation_annual": 0.15}))
    flat = _means(_small(**{"offshore.contract.cola_share": 0.0}))
    assert hot.loc["offshore", "vendor_fees"] > base.loc["offshore", "vendor_fees"] > flat.loc["offshore", "vendor_fees"]
    up = _means(_small(**{"offshore.contract.fx_drift_annual": 0.1}))
    assert up.loc["offshore", "vendor_fees"] > base.loc["offshore", "vendor_fees"]


def test_stranded_costs_run_until_commitments_end(base):
    # one seat rule (issue 28 item 3): in-house pays idle seats after quiet months too,
    # far fewer than a full outsourcing vacates
    assert 0.0 <= base.loc["in_house", "stranded"] < base.loc["offshore", "stranded"]
    assert base.loc["offshore", "stranded"] > 0.0
    gone = _means(_small(**{"staff.commitments_months_left": 0.0}))
    assert gone.loc["offshore", "stranded"] == 0.0 and gone.loc["in_house", "stranded"] == 0.0
    longer = _means(_small(**{"staff.commitments_months_left": 24.0, "staff.sublet_recovery": 0.0}))
    assert longer.loc["offshore", "stranded"] > base.loc["offshore", "stranded"]


def test_governance_is_priced_from_hours():
    a = ccsim.simulate(_small(**{"staff.manager_hourly_cost": 60.0}), n_paths=N, seed=SEED).paths()
    b = ccsim.simulate(_small(**{"staff.manager_hourly_cost": 90.0}), n_paths=N, seed=SEED).paths()
    # governance is hours x rate, and nothing else about the path changes
    np.testing.assert_allclose(b["governance"], 1.5 * a["governance"], rtol=1e-12)
    np.testing.assert_allclose(b["vendor_fees"], a["vendor_fees"], rtol=1e-12)
    off = a["option"] == "offshore"
    np.testing.assert_allclose(a.loc[off, "governance_share"],
                               a.loc[off, "governance"] / a.loc[off, "vendor_fees"], rtol=0.2)


def test_hiring_and_severance_by_hand():
    a = ccsim.simulate(_small(**{"staff.cost_per_hire": 5000.0, "staff.benefits_load": 1.25}),
                       n_paths=N, seed=SEED).paths()
    b = ccsim.simulate(_small(**{"staff.cost_per_hire": 7500.0, "staff.benefits_load": 1.5}),
                       n_paths=N, seed=SEED).paths()
    ih = a["option"] == "in_house"  # in-house has no vendor training: hires x cost per hire
    np.testing.assert_allclose(b.loc[ih, "hiring_training"], 1.5 * a.loc[ih, "hiring_training"], rtol=1e-12)
    # severance on base pay = loaded / load
    np.testing.assert_allclose(b["severance"], a["severance"] * 1.25 / 1.5, rtol=1e-12)


def test_classroom_weeks_cost_service_not_money():
    a = _means(_small(**{"staff.classroom_weeks": 0.0}))
    b = _means(_small(**{"staff.classroom_weeks": 4.0}))
    assert b.loc["in_house", "abandon_rate"] > a.loc["in_house", "abandon_rate"]


def test_accent_penalty_changes_customers_not_cash(base):
    loud = _means(_small(**{"offshore.language.csat_penalty": 8.0}))
    calm = _means(_small(**{"offshore.language.csat_penalty": 0.0}))
    assert loud.loc["offshore", "operating_cost"] == pytest.approx(calm.loc["offshore", "operating_cost"], rel=1e-12)
    assert loud.loc["offshore", "customers_lost"] > calm.loc["offshore", "customers_lost"]
    # in-house is untouched
    assert loud.loc["in_house", "customers_lost"] == calm.loc["in_house", "customers_lost"]


def test_margin_years_cap_and_horizon(base):
    zero = _means(_small(**{"customers.margin_years": 0.0}))
    assert (zero["customer_cost"] == 0.0).all()
    short = _means(_small(**{"customers.beyond_horizon": 0}))
    assert (short["customer_cost"] < base["customer_cost"]).all()
    assert short.loc["offshore", "customers_lost"] == base.loc["offshore", "customers_lost"]


def test_sizing_to_the_users_centre():
    sc = ccsim.default_scenario(agents=60, aht_s=480)
    plan = month0_plan(sc)
    assert 57 <= plan <= 60  # the largest plan not above 60 (steps of ~2.5 FTE)
    assert sc.get("service.aht_s").mean() == pytest.approx(480.0)
    assert month0_plan(ccsim.sized_for(sc, 200)) <= 200 < month0_plan(ccsim.sized_for(sc, 200)) + 4
    with pytest.raises(ValueError, match="agents"):
        ccsim.sized_for(sc, 0)
    with pytest.warns(SizingWarning, match="calls/month fits 60 agents"):
        ccsim.simulate(ccsim.default_scenario().with_overrides({"staff.headcount": 60}),
                       n_paths=256, seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ccsim.simulate(sc.with_overrides({"staff.headcount": int(plan)}), n_paths=256, seed=1)


def test_pricing_choice_validated_and_round_trips(tmp_path):
    sc = ccsim.default_scenario()
    with pytest.raises(ValueError, match=r"per_call.*price_per_call"):
        sc.with_overrides({"offshore.contract.pricing": "per_call"})
    with pytest.raises(ValueError, match=r"offshore\.contract\.pricing = 'hourly'"):
        sc.with_overrides({"offshore.contract.pricing": "hourly"})
    with pytest.raises(ValueError, match="band_1_units"):
        sc.with_overrides({"offshore.contract.band_2_units": 100.0, "offshore.contract.band_1_units": 200.0})
    sc2 = sc.with_overrides({
        "offshore.contract.pricing": "per_minute", "offshore.contract.price_per_minute": 0.3,
        "offshore.contract.band_1_units": 1e5, "offshore.contract.band_1_discount": 0.05,
        "customers.margin_years": 2.0,
    })
    sc2.to_toml(tmp_path / "s.toml")
    assert ccsim.Scenario.from_toml(tmp_path / "s.toml") == sc2


def test_pricing_models_are_one_list():
    from ccsim.scenario.parts import PRICING_MODELS

    assert PRICING_MODELS == pricing.PRICING_MODELS


def test_default_run_meets_the_published_ranges():
    """Issue 13 done-when: offshore's defection ratio against in-house in 2x-4x and its
    operating saving in 25-60%. The whole 95% Monte Carlo interval of each (delta method on
    paired paths, 1,024 paths, fixed seed) must lie inside the range."""
    res = ccsim.simulate(ccsim.default_scenario(), n_paths=1024, seed=SEED)
    o = res.outputs
    ih, off = list(res.options).index("in_house"), list(res.options).index("offshore")

    def ratio(metric: str) -> tuple[float, float]:
        a, b = o[metric][off], o[metric][ih]
        r = a.mean() / b.mean()
        return r, 1.96 * ((a - r * b) / b.mean()).std(ddof=1) / math.sqrt(len(a))

    dr, hw = ratio("customers_lost")
    assert 2.0 <= dr - hw and dr + hw <= 4.0, (dr, hw)
    op, hw = ratio("operating_cost")
    assert 0.25 <= 1 - op - hw and 1 - op + hw <= 0.60, (1 - op, hw)
