"""Model v2.1, service items (issue 28): abandonment in CSAT, vendors planning for their
adherence, the roster rounding, schedule efficiency from the day's shape, shrinking vendor
teams, defection per customer issue, and the per-team headcount and occupancy outputs.

Each item has a hand computation (the arithmetic written out here, independently of the
kernel) and a paired direction test on common random numbers (same seed, two settings).
"""

from __future__ import annotations

import numpy as np
import pytest

import ccsim
from ccsim.engine.chunk import compute_chunk, draw_chunk
from ccsim.mechanisms import satisfaction
from ccsim.sampling.streams import ChunkStreams, SeedRoot

SEED = 2026


def _paths(sc: ccsim.Scenario, seed: int = SEED) -> dict[str, np.ndarray]:
    """Per-path outputs of one block of 256 paths (common random numbers for a seed)."""
    draws, rnd = draw_chunk(sc, ChunkStreams(SeedRoot(seed), 0, 1))
    return compute_chunk(sc, draws, rnd, False).paths


def _row(sc: ccsim.Scenario, name: str) -> int:
    return [o.name for o in sc.options].index(name)


def _paired_lower(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean and standard error of the path-by-path difference ``a - b``."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    return float(d.mean()), float(d.std(ddof=1) / np.sqrt(d.size))


# ------------------------------------------------------------------ item 7: abandonment


def test_csat_hand_computation_counts_the_abandoned_callers():
    # 79 + 100 (0.70 - 0.72) + 20 (0.85 - 0.80) - 150 * 0.04 - 1
    # = 79 - 2 + 1 - 6 - 1 = 71
    cs = satisfaction.csat(csat_ref=79.0, fcr=0.70, fcr_ref=0.72, fcr_slope=100.0, sl=0.85,
                           target_sl=0.8, sl_slope=20.0, penalty=1.0, abandon=0.04,
                           abandon_slope=150.0)
    assert float(cs) == pytest.approx(71.0, abs=1e-12)
    # the same team with no abandonment scores the 6 points back
    cs0 = satisfaction.csat(csat_ref=79.0, fcr=0.70, fcr_ref=0.72, fcr_slope=100.0, sl=0.85,
                            target_sl=0.8, sl_slope=20.0, penalty=1.0, abandon=0.0,
                            abandon_slope=150.0)
    assert float(cs0) - float(cs) == pytest.approx(6.0, abs=1e-12)


def test_shorter_patience_lowers_in_house_csat_paired():
    """Patience 300 -> 60 s: more callers abandon (and those who stay are answered
    sooner); with the abandoned callers counted against today's measured abandonment
    (``satisfaction.abandon_today``, a fact the what-if does not change) the in-house mean
    CSAT falls. Paired on one seed; the mean difference must be below zero by more than 3 standard errors."""
    base = ccsim.default_scenario()
    patient = _paths(base.with_overrides({"service.patience_s": 300.0}))
    hasty = _paths(base.with_overrides({"service.patience_s": 60.0}))
    i = _row(base, "in_house")
    assert (hasty["abandon_rate"][i] > patient["abandon_rate"][i]).mean() > 0.95
    diff, se = _paired_lower(hasty["csat_mean"][i], patient["csat_mean"][i])
    assert diff < -3.0 * se, (diff, se)


# ------------------------------------------------------ item 2: vendors plan for adherence


def test_vendor_schedules_for_its_adherence_and_the_roster_rounds_hand_computation():
    from ccsim.mechanisms import intraday, staffing

    # a plan of 10 and 30 agents in two intervals (mean 20) at adherence 0.92: the vendor
    # schedules 20 / 0.92 = 21.739 agents on average; 21.739 x 0.92 = 20 take calls and
    # the roster puts 20 x 10/20 = 10 and 20 x 30/20 = 30 on the phones: the plan itself
    plan = np.array([[[10.0]], [[30.0]]])
    sched = staffing.scheduled_for(np.array([[20.0]]), 0.92)
    assert float(sched[0, 0]) == pytest.approx(20.0 / 0.92, rel=1e-15)
    on = intraday.roster(agents=staffing.adhering(sched, 0.92), plan=plan)
    assert on[:, 0, 0].tolist() == [10.0, 30.0]
    # the nearest whole agent, not the floor: 19.4 average -> 9.7 and 29.1 -> 10 and 29
    assert intraday.roster(agents=np.array([[19.4]]), plan=plan)[:, 0, 0].tolist() == [10.0, 29.0]
    # a half rounds up: 19.0 -> 9.5 and 28.5 -> 10 and 29
    assert intraday.roster(agents=np.array([[19.0]]), plan=plan)[:, 0, 0].tolist() == [10.0, 29.0]


def _monthly(sc: ccsim.Scenario, seed: int = SEED):
    draws, rnd = draw_chunk(sc, ChunkStreams(SeedRoot(seed), 0, 1))
    return compute_chunk(sc, draws, rnd, True)


def test_vendor_meets_the_target_it_is_paid_for_on_the_default():
    """Done-when of item 2: the vendor's median service level is at least 80% in at least
    80% of its months, and SLA credits are under 0.5% of fees, for every full vendor on
    the default scenario (256 paths, seed 2026). Months from 5 on: every vendor is live
    by then (lead times at most 4 months)."""
    sc = ccsim.default_scenario()
    out = _monthly(sc)
    for name in ("onshore", "nearshore", "offshore"):
        i = _row(sc, name)
        sl = out.monthly["service_level"][i][:, 5:]  # (P, T - 5): the vendor takes every call
        med = np.median(sl, axis=0)
        assert (med >= 0.80).mean() >= 0.80, (name, med.round(3))
        credits = -out.paths["sla_credits"][i].sum()
        fees = out.paths["vendor_fees"][i].sum()
        assert credits < 0.005 * fees, (name, credits / fees)


def test_planning_for_adherence_keeps_vendor_service_level_paired():
    """Paired on one seed: at adherence 0.85 instead of 1.0 a vendor that plans for its
    adherence puts the same agents on the phones (up to the rounding of 1/0.85 x 0.85), so
    its monthly service level, once live (months 5 on), moves by less than half a point on
    average, while it schedules and bills 1/0.85 as many hours: fees rise on every path."""
    sc = ccsim.default_scenario()
    full = _monthly(sc.with_overrides({"service.adherence": 1.0}))
    low = _monthly(sc.with_overrides({"service.adherence": 0.85}))
    i = _row(sc, "offshore")
    d = (low.monthly["service_level"][i][:, 5:].astype(float)
         - full.monthly["service_level"][i][:, 5:].astype(float))
    assert abs(d.mean()) < 0.005, d.mean()
    assert (low.paths["vendor_fees"][i] > full.paths["vendor_fees"][i]).all()


# ------------------------------------------------- item 9: a peakier day costs more


def test_schedule_efficiency_from_the_day_hand_computation():
    from ccsim.mechanisms import intraday, workforce

    # busy-hour factor 1.5: 80% of the plan follows the curve, 20% is flat at 1.5 x the
    # mean: scheduled / needed = 0.2 x 1.5 + 0.8 = 1.1, efficiency 0.94 / 1.1 = 0.854545...
    day = intraday.profile(np.array([1.5, 1.2, 1.0]))
    eff = workforce.shape_efficiency(flat=0.94, flexibility=0.8, profile=day)
    assert eff.tolist() == pytest.approx([0.94 / 1.1, 0.94 / 1.04, 0.94], rel=1e-12)
    # 40 average agents, 360 open hours, 173.33 paid hours, shrinkage 0.3 at b = 1.5:
    # 40 x 360 / (0.854545 x 173.333 x 0.7) = 138.88 -> 139 whole FTE
    rota = workforce.Rota(target_sl=0.8, target_time=20.0, open_hours=360.0,
                          efficiency=float(eff[0]), paid_hours=2080.0 / 12.0, shrinkage=0.3)
    assert 40 * 360 / (0.94 / 1.1 * 2080.0 / 12.0 * 0.7) == pytest.approx(138.88, abs=0.01)
    assert float(rota.fte(np.array(40.0))) == 139.0
    # every shift following the curve: the day's shape costs nothing
    flat = workforce.shape_efficiency(flat=0.94, flexibility=1.0, profile=day)
    assert flat.tolist() == pytest.approx([0.94] * 3, rel=1e-15)


def test_a_peakier_day_raises_in_house_labour_paired():
    """Done-when of item 9: busy-hour factor 1.2 -> 1.5 raises in-house labour. Paired on
    one seed; the mean relative rise must exceed 3 standard errors and be at least 3%
    (the shape factor alone: 1.1 / 1.04 - 1 = 5.8% more paid hours per agent)."""
    sc = ccsim.default_scenario()
    lo = _paths(sc.with_overrides({"service.busy_hour_factor": 1.2}))
    hi = _paths(sc.with_overrides({"service.busy_hour_factor": 1.5}))
    i = _row(sc, "in_house")
    rel = hi["labour"][i] / lo["labour"][i] - 1.0
    diff, se = float(rel.mean()), float(rel.std(ddof=1) / np.sqrt(rel.size))
    assert diff > 3.0 * se and diff > 0.03, (diff, se)


# ------------------------------------------------ item 10: shrinking vendor teams


def test_a_shrinking_vendor_team_stops_back_filling_hand_computation():
    from ccsim.mechanisms import attrition

    # leavers 4% a month; planned calls 100 -> 110 (growth: every leaver replaced, 4%),
    # 100 -> 98 (fell 2%: 4 - 2 = 2% replaced), 100 -> 90 (fell 10%: none replaced)
    rep = attrition.vendor_replaced_share(leaver_share=0.04, previous=np.array([100.0, 100.0, 100.0]),
                                          now=np.array([110.0, 98.0, 90.0]))
    assert rep.tolist() == pytest.approx([0.04, 0.02, 0.0], abs=1e-15)
    # the ramp deficit takes only the replaced share: d' = d exp(-2/R) + replaced, with
    # R = 8 weeks = 1.846 months: 0.2 x exp(-1.08333) + 0.02 = 0.2 x 0.338465 + 0.02
    d = attrition.vendor_deficit(deficit=np.array(0.2), live=np.array(True),
                                 leaver_share=rep[1], ramp_weeks=8.0)
    assert float(d) == pytest.approx(0.2 * np.exp(-2.0 / (8.0 * 12.0 / 52.0)) + 0.02, rel=1e-12)
    assert float(d) == pytest.approx(0.087693, abs=1e-6)


def test_a_shrinking_business_bills_fewer_replacements_paired():
    """Paired on one seed, offshore with replacement training billed at the full rate:
    with demand falling 30% a year instead of flat, the vendor's planned calls fall about
    3% a month, so most leavers are not back-filled and the training billed per dollar of
    fees falls (back-filling every leaver kept it about constant: training and fees both
    follow the team; the go-live class, a larger share of smaller fees, pushes the other
    way). No minimum commitment, so fees follow the hours. The mean paired difference
    must be below zero by 3 standard errors."""
    base = ccsim.default_scenario().with_overrides(
        {"offshore.contract.replacement_training_billed": 1.0, "demand.seasonal_amplitude": 0.0,
         "offshore.contract.min_commitment": 0.0})  # no floor on fees as volume falls
    flat = _paths(base.with_overrides({"demand.trend_annual": 0.0}))
    falling = _paths(base.with_overrides({"demand.trend_annual": -0.3}))
    i = _row(base, "offshore")
    ratio = {k: r["hiring_training"][i] / r["vendor_fees"][i] for k, r in
             (("flat", flat), ("falling", falling))}
    diff, se = _paired_lower(ratio["falling"], ratio["flat"])
    assert diff < -3.0 * se, (diff, se)


# ---------------------------------------------- item 8: defection per customer issue


def test_defection_per_issue_hand_computation():
    from ccsim.mechanisms import churn

    # 1,000 handled contacts, 20% of them repeats, FCR 0.7, 50 abandoned, callback 0.6,
    # d = 0.01, w_r = 1.8, w_u = 5, w_a = 3, no gap: p(w) = 1 - exp(-0.01 w)
    p = {w: 1.0 - np.exp(-0.01 * w) for w in (1.0, 1.8, 5.0, 3.0)}
    # resolved: 700 issues closed, 560 on a first contact and 140 on a repeat;
    # unresolved: 300, of whom 40% give up (120 issues closed unresolved);
    # abandoned: 50, of whom 40% give up (20 issues closed abandoned)
    hand = 560 * p[1.0] + 140 * p[1.8] + 120 * p[5.0] + 20 * p[3.0]
    got = churn.customers_lost(handled=1000.0, fcr=0.7, abandoned=50.0, defect_resolved=0.01,
                               unresolved_factor=5.0, abandoned_factor=3.0, gap=0.0,
                               gap_abandoned=0.0, elasticity=0.2, repeat_share=0.2,
                               repeat_factor=1.8, callback_rate=0.6)
    assert float(got) == pytest.approx(hand, rel=1e-13)
    assert hand == pytest.approx(5.572 + 2.497 + 5.853 + 0.591, abs=0.01)
    # per contact (every contact its own issue), as before: more, for the same month
    per_contact = 1000 * (0.7 * p[1.0] + 0.3 * p[5.0]) + 50 * p[3.0]
    assert per_contact > hand


def test_more_callbacks_do_not_multiply_defections_paired():
    """Paired on one seed: callback rate 0.5 -> 0.8. Counted per contact, the extra repeat
    contacts of the same customers each drew a defection, so losses rose with the callback
    rate; counted per issue, a customer who calls again gets another chance to be
    resolved (9% rather than 25% defection, SQM), so in-house customers lost fall. The
    mean paired difference must be below zero by 3 standard errors."""
    sc = ccsim.default_scenario()
    few = _paths(sc.with_overrides({"demand.callback_rate": 0.5}))
    many = _paths(sc.with_overrides({"demand.callback_rate": 0.8}))
    i = _row(sc, "in_house")
    diff, se = _paired_lower(many["customers_lost"][i], few["customers_lost"][i])
    assert diff < -3.0 * se, (diff, se)


# ------------------------------------ reporting: headcount apart, occupancy per team


def test_occupancy_hand_computation():
    from ccsim.mechanisms import staffing

    # 9,000 calls of 360 s = 900 talk hours; 8 and 12 agents over two equal intervals of
    # a 100-hour month = 10 x 100 = 1,000 agent hours on the phones: occupancy 0.9
    occ = staffing.occupancy(handled=np.array([[9_000.0, 5.0]]), aht=360.0,
                             roster=np.array([[[8.0, 0.0]], [[12.0, 0.0]]]), open_hours=100.0)
    np.testing.assert_allclose(occ, [[0.9, 0.0]], rtol=1e-15, atol=0)  # nobody on: 0


def test_headcount_apart_and_occupancy_per_team():
    """``headcount_mean`` is the sum of ``headcount_in_house_mean`` and ``vendor_fte_mean``
    (to rounding); the vendor's occupancy is NaN exactly where no vendor served (the
    in-house option), both occupancies are shares, and the in-house team of the in-house
    option runs inside the published 75-90% (default, 256 paths)."""
    sc = ccsim.default_scenario()
    out = _paths(sc)
    np.testing.assert_allclose(out["headcount_in_house_mean"] + out["vendor_fte_mean"],
                               out["headcount_mean"], rtol=1e-12)
    i = _row(sc, "in_house")
    assert np.isnan(out["occupancy_vendor"][i]).all()
    assert (out["vendor_fte_mean"][i] == 0).all()
    vendors = [k for k in range(len(sc.options)) if k != i]
    occ_v = out["occupancy_vendor"][vendors]
    assert np.isfinite(occ_v).all() and (occ_v > 0).all() and (occ_v <= 1).all()
    occ_ih = out["occupancy_in_house"]
    assert np.isfinite(occ_ih).all() and (occ_ih >= 0).all() and (occ_ih <= 1).all()
    assert 0.75 <= occ_ih[i].mean() <= 0.90, occ_ih[i].mean()
