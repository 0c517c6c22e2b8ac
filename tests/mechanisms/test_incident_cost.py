"""Breaches scale with the centre's exposure, and the cost comes in three parts
(issue 27, items 3 and 4).

- The records a breach exposes are the distinct customers the centre serves in a year
  (``12 x fresh contacts / breach.contacts_per_customer``) times the share one incident
  reaches (``breach.share_exposed``, capped at 1), priced at ``breach.cost_per_record``.
- ``npv_cost = operating_cost + incident_cost + customer_cost`` on every path; breach
  losses are incident cost, never operating cost (nor cost per call).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import ccsim
from ccsim.engine.chunk import compute_chunk, draw_chunk
from ccsim.errors import ScenarioFileError
from ccsim.mechanisms import breach
from ccsim.outputs import (
    COST_COMPONENTS,
    COST_PARTS,
    CUSTOMER_COMPONENTS,
    INCIDENT_COMPONENTS,
    OPERATING_COMPONENTS,
)
from ccsim.sampling.streams import ChunkStreams, SeedRoot

# ------------------------------------------------------------------ the mechanism


def test_customers_served_and_records_by_hand():
    # 1,000 fresh contacts a month, 2 contacts per customer a year: 6,000 customers a year
    served = breach.customers_served(fresh=np.array([1000.0, 250.0]), contacts_per_customer=2.0)
    np.testing.assert_allclose(served, [6000.0, 1500.0])
    ev = np.array([[True, True], [False, True]])
    # a constant share of 5%: 300 and 75 records
    rec = breach.record_counts(events=ev, u=np.array([0.3, 0.9]), share=0.05, customers=served)
    np.testing.assert_allclose(rec, [300.0, 75.0])
    # a share drawn above 1 exposes every customer, no more
    rec = breach.record_counts(events=ev, u=np.array([0.3, 0.9]), share=3.0, customers=served)
    np.testing.assert_allclose(rec, served)
    # no event, no records
    rec = breach.record_counts(events=np.zeros((2, 2), bool), u=np.array([0.3, 0.9]),
                               share=0.05, customers=served)
    np.testing.assert_array_equal(rec, [0.0, 0.0])


def _flat_demand(sc: ccsim.Scenario, volume: float) -> ccsim.Scenario:
    """Fresh contacts fixed at ``volume`` every month (no trend, season or shock), costs
    undiscounted, every breach input constant."""
    return sc.with_overrides({
        "demand.base_volume": volume, "demand.trend_annual": 0.0,
        "demand.seasonal_amplitude": 0.0, "demand.shock_sd": 0.0,
        "finance.discount_rate_annual": 0.0,
        "breach.annual_prob": 0.6, "breach.contacts_per_customer": 2.5,
        "breach.share_exposed": 0.04, "breach.cost_per_record": 180.0,
    })


def test_breach_loss_is_customers_served_times_share_times_price_by_hand():
    """Costs undiscounted, every breach input constant: in-house, a month with a breach
    (its uniform below ``1 - 0.4^(1/12)``) costs ``0.04 x 12 x fresh / 2.5 x $180``, with
    ``fresh`` that month's fresh contacts of the path."""
    sc = _flat_demand(ccsim.default_scenario(), 40_000.0)
    draws, rnd = draw_chunk(sc, ChunkStreams(SeedRoot(3), 0, 1))
    out = compute_chunk(sc, draws, rnd, False).paths
    i = sc.option_names.index("in_house")
    p_month = 1.0 - 0.4 ** (1.0 / 12.0)
    ev = rnd["u_breach"] < p_month  # (T, P)
    by_hand = (ev * 0.04 * 12.0 * rnd["fresh"] / 2.5 * 180.0).sum(axis=0)
    assert ev.any(axis=0).mean() > 0.9  # not vacuous: about 0.6 a year over 5 years
    # about 40,000 contacts a month: 192,000 customers a year, 7,680 records, $1,382,400
    assert by_hand[ev.sum(axis=0) == 1].mean() == pytest.approx(1_382_400.0, rel=0.01)
    np.testing.assert_allclose(out["breach_losses"][i], by_hand, rtol=1e-12)
    np.testing.assert_allclose(out["incident_cost"][i], by_hand, rtol=1e-12)
    np.testing.assert_array_equal(out["breaches"][i], ev.sum(axis=0))


def test_a_centre_twice_as_busy_has_twice_the_breach_loss():
    """Same seed, twice the fresh contacts: the same breaches, and each costs twice as
    much up to the Poisson noise of a month's contacts (sd 0.6% of 30,000; the mean over
    all paths is within 0.5%, more than 20 of its standard errors)."""
    base = _flat_demand(ccsim.default_scenario(), 30_000.0)
    a = ccsim.simulate(base, n_paths=256, seed=9)
    b = ccsim.simulate(base.with_overrides({"demand.base_volume": 60_000.0}), n_paths=256, seed=9)
    np.testing.assert_array_equal(a.outputs["breaches"], b.outputs["breaches"])
    hit = a.outputs["incident_cost"] > 0
    ratio = b.outputs["incident_cost"][hit] / a.outputs["incident_cost"][hit]
    assert np.abs(ratio - 2.0).max() < 0.1  # a single month: 2 x (1 +- 5 sd)
    assert ratio.mean() == pytest.approx(2.0, rel=0.005)


# ------------------------------------------------------------------ three parts


def _frequent_breaches() -> ccsim.Scenario:
    # 95% a year in-house (about 22% a month): several breaches on most paths
    return ccsim.default_scenario().with_overrides({"breach.annual_prob": 0.95})


@pytest.fixture(scope="module")
def frequent():
    return ccsim.simulate(_frequent_breaches(), n_paths=512, seed=27)


def test_npv_cost_is_the_sum_of_the_three_parts_on_every_path(frequent):
    out = frequent.outputs
    assert (out["breaches"] > 0).mean() > 0.9  # breaches are frequent: not vacuous
    assert (out["incident_cost"] > 0).mean() > 0.9
    np.testing.assert_allclose(
        out["npv_cost"], out["operating_cost"] + out["incident_cost"] + out["customer_cost"],
        rtol=1e-12)
    for part, comps in (("operating_cost", OPERATING_COMPONENTS),
                        ("incident_cost", INCIDENT_COMPONENTS),
                        ("customer_cost", CUSTOMER_COMPONENTS)):
        np.testing.assert_allclose(out[part], sum(out[c] for c in comps), rtol=1e-12)
    # the parts split the components: each in exactly one part
    assert sorted(OPERATING_COMPONENTS + INCIDENT_COMPONENTS + CUSTOMER_COMPONENTS) \
        == sorted(COST_COMPONENTS)
    assert "breach_losses" in INCIDENT_COMPONENTS and "breach_losses" not in OPERATING_COMPONENTS
    # the summary shows the three parts, adding up to the mean cost
    s = frequent.summary()
    np.testing.assert_allclose(
        s["cost_mean"],
        s["operating_cost_mean"] + s["incident_cost_mean"] + s["customer_cost_mean"], rtol=1e-12)
    assert (s["incident_cost_se"] > 0).all()


def test_no_breach_loss_inside_operating_cost_or_cost_per_call():
    """The same futures with breaches priced at $0 and at $240 a record: operating cost
    and cost per call are bit-identical, only incident cost moves."""
    sc = _frequent_breaches().with_overrides({"breach.cost_per_record": 240.0})
    priced = ccsim.simulate(sc, n_paths=256, seed=5)
    free = ccsim.simulate(sc.with_overrides({"breach.cost_per_record": 0.0}), n_paths=256, seed=5)
    for k in ("operating_cost", "cost_per_call", "customer_cost"):
        np.testing.assert_array_equal(priced.outputs[k], free.outputs[k])
    assert (free.outputs["incident_cost"] == 0.0).all()
    assert (priced.outputs["incident_cost"] > 0).mean() > 0.9
    np.testing.assert_allclose(priced.outputs["npv_cost"] - free.outputs["npv_cost"],
                               priced.outputs["incident_cost"], rtol=1e-9)


def test_streaming_summary_and_decision_show_the_three_parts():
    sc = _frequent_breaches()
    kept = ccsim.simulate(sc, n_paths=256, seed=8)
    streamed = ccsim.simulate(sc, n_paths=256, seed=8, keep_paths=False)
    a, b = kept.summary(), streamed.summary()
    for part in COST_PARTS:
        np.testing.assert_allclose(b[f"{part}_mean"], a[f"{part}_mean"], rtol=1e-9)
        np.testing.assert_allclose(b[f"{part}_se"], a[f"{part}_se"], rtol=1e-6)
    t = kept.decide().frame()
    np.testing.assert_allclose(t["cost_mean"],
                               t["operating_mean"] + t["incident_mean"] + t["customer_mean"],
                               rtol=1e-12)
    c = kept.compare("offshore", "in_house", "incident_cost")
    assert c.table.loc["saving_mean", "estimate"] == pytest.approx(
        float((kept.outputs["incident_cost"][0] - kept.outputs["incident_cost"][3]).mean()))


# ------------------------------------------------------------------ size


@pytest.mark.slow
def test_a_60_agent_centre_has_under_half_the_incident_cost_of_a_150_agent_centre():
    """Paired seed: the same breach events and shares, records following each centre's
    contacts. The ratio of mean incident costs is estimated with a paired delta-method
    standard error; it must be below 1/2 by more than 3 standard errors, and it sits near
    the ratio of the two centres' contacts (the sized base volumes; 60/150 agents is 0.4,
    a smaller centre needs proportionally more agents for the same service level, so its
    volume ratio is about 0.34)."""
    n = 2048
    small = ccsim.default_scenario(agents=60)
    big = ccsim.default_scenario()
    rs = ccsim.simulate(small, n_paths=n, seed=60)
    rb = ccsim.simulate(big, n_paths=n, seed=60)
    xs, xb = rs.outputs["incident_cost"], rb.outputs["incident_cost"]
    for i, o in enumerate(rs.options):
        ms, mb = xs[i].mean(), xb[i].mean()
        ratio = ms / mb
        # delta method on paired paths: var(xs - ratio * xb) / (n mb^2)
        se = float(np.std(xs[i] - ratio * xb[i], ddof=1) / (math.sqrt(n) * mb))
        assert ratio + 3.0 * se < 0.5, (o, ratio, se)
        volume_ratio = small.demand.base_volume.mean() / big.demand.base_volume.mean()
        assert abs(ratio - volume_ratio) < 3.0 * se + 0.02, (o, ratio, volume_ratio, se)


# ------------------------------------------------------------------ files


def test_a_file_with_breach_records_is_refused_naming_the_new_inputs():
    data = ccsim.default_scenario().to_dict()
    data["breach"] = {**data["breach"], "records": 10_000.0}
    del data["breach"]["share_exposed"]
    with pytest.raises(ScenarioFileError, match=r"breach\.records.*breach\.share_exposed"):
        ccsim.Scenario.from_dict(data)
    with pytest.raises(ValueError, match=r"breach\.contacts_per_customer.*\[1, 100\]"):
        ccsim.default_scenario().with_overrides({"breach.contacts_per_customer": 0.5})
