"""Re-tender as an exit's fallback (issue 14, item 3).

The loop model reproduces re-tenders path by path (tests/engine/test_loop_model.py); here: the
quote by hand, the inputs' checks, the switch month by month from the engine's own step,
and the paired effects (common random numbers keep every other option unchanged, the
in-house team does not re-hire, no quote means no re-tender).
"""

from __future__ import annotations

import numpy as np
import pytest

import ccsim
from ccsim.errors import ScenarioError
from ccsim.mechanisms import contract

N = 300
EXIT_PRONE = {
    "finance.horizon_months": 36,
    "offshore.quality.oversight": 0.0,
    "offshore.contract.exit_threshold": 0.9,
    "offshore.contract.stabilisation_months": 2,
    "offshore.contract.escalation_months": 0,
    "customers.annual_margin": 2000.0,  # customers dear enough that leaving can pay
}


@pytest.fixture(scope="module")
def prone():
    return ccsim.default_scenario().with_overrides(EXIT_PRONE)


def test_retender_terms_by_hand():
    """Option 0 (fees 100, governance 10, 2 callers lost at a margin of 10, 50 calls)
    quotes option 1 (fees 40, governance 5, 1 lost, 25 calls: 2.2 a call): staying costs
    130, the fallback 2.2 * 50 = 110, so 20 a month; its set-up of 1.5 months is priced
    on its fees for the same calls, 1.5 * 40 / 25 * 50 = 120. Option 2 quotes option 1
    too but option 1 serves no calls in the second path: no gain, an infinite one-off."""
    fees = np.array([[100.0, 100.0], [40.0, 0.0], [70.0, 70.0]])
    gov = np.array([[10.0, 10.0], [5.0, 0.0], [7.0, 7.0]])
    lost = np.array([[2.0, 2.0], [1.0, 0.0], [1.0, 1.0]])
    handled = np.array([[50.0, 50.0], [25.0, 0.0], [30.0, 30.0]])
    live = np.array([[True, True], [True, False], [True, True]])
    gain, one_off = contract.retender_terms(
        rows=np.array([1, 1, 1]), fees=fees, governance=gov, lost=lost, handled=handled,
        live=live, margin=10.0, setup_months=np.full((3, 2), 1.5),
    )
    assert gain[0, 0] == pytest.approx(130.0 - 2.2 * 50.0, rel=1e-12)
    assert one_off[0, 0] == pytest.approx(1.5 * 40.0 / 25.0 * 50.0, rel=1e-12)
    assert gain[2, 0] == pytest.approx(87.0 - 2.2 * 30.0, rel=1e-12)
    assert gain[0, 1] == 0.0 and np.isinf(one_off[0, 1]) and np.isinf(one_off[2, 1])


def test_fallback_is_checked_and_written(prone, tmp_path):
    """The fallback must be in_house or another vendor option; the message names the
    option, the value and what is allowed; a re-tender survives a TOML round trip and a
    default option writes no fallback key."""
    with pytest.raises(ScenarioError, match=r"offshore\.fallback = 'offshore'.*itself"):
        prone.with_overrides({"offshore.fallback": "offshore"})
    with pytest.raises(ScenarioError, match=r"offshore\.fallback = 'nearshor'.*did you mean 'nearshore'"):
        prone.with_overrides({"offshore.fallback": "nearshor"})
    with pytest.raises(ScenarioError, match=r"offshore\.fallback = 'hybrid!'"):
        prone.with_overrides({"offshore.fallback": "hybrid!"})
    sc = prone.with_overrides({"offshore.fallback": "nearshore"})
    with pytest.raises(ScenarioError, match=r"offshore\.fallback = 'nearshore' names no vendor"):
        sc.without_option("nearshore")
    path = tmp_path / "s.toml"
    sc.to_toml(path)
    assert ccsim.Scenario.from_toml(path).option("offshore").fallback == "nearshore"
    assert path.read_text().count("fallback") == 1


def test_other_options_are_unchanged_and_the_in_house_team_does_not_rehire(prone):
    """Common random numbers: naming a fallback changes nothing for the other options,
    bit for bit. An all-offshore option that re-tenders keeps no in-house team after go-live,
    so its in-house labour equals that of the same option with exits switched off (the
    plan never takes the calls back), while going back in-house re-hires on exit paths."""
    rt = prone.with_overrides({"offshore.fallback": "nearshore"})
    never = prone.with_overrides({"offshore.contract.exit_threshold": 0.0})
    a = ccsim.simulate(prone, N, seed=12, progress=False)
    b = ccsim.simulate(rt, N, seed=12, progress=False)
    c = ccsim.simulate(never, N, seed=12, progress=False)
    for o in ("in_house", "onshore", "nearshore", "hybrid"):
        np.testing.assert_array_equal(a.values("npv_cost", o), b.values("npv_cost", o), err_msg=o)
    went = b.values("exit_retendered", "offshore") > 0
    back = a.values("exit_completed", "offshore") > 0
    assert went.mean() > 0.1 and back.mean() > 0.02
    np.testing.assert_allclose(b.values("labour", "offshore"), c.values("labour", "offshore"),
                               rtol=1e-12)
    assert (a.values("labour", "offshore")[back] > c.values("labour", "offshore")[back]).all()
    # and a re-tender counts as requested and completed
    assert (b.values("exit_requested", "offshore")[went] == 1).all()
    assert (b.values("exit_completed", "offshore")[went] == 1).all()


def test_the_switch_hands_the_row_to_the_fallback_vendor(prone, monkeypatch):
    """From the engine's own step: before the switch the offshore row bills its own unit
    price; from the switch month on it bills the nearshore option's (same path), goes live
    that month with the whole share (waves 1) and the fallback's set-up cost is booked."""
    from tests.oracles.engine_calls import record

    sc = prone.with_overrides({"offshore.fallback": "nearshore", "offshore.setup.waves": 2,
                               "nearshore.setup.cost_months": 2.0})
    _, calls = record(sc, 8, monkeypatch, "step")
    seen = [(args[0], kw["prm"], kw["fx"], kw["s"]) for args, kw, _ in calls["step"]]
    o, f = sc.option_names.index("offshore"), sc.option_names.index("nearshore")
    base = seen[0][1].vendor
    switched = 0
    for t, prm, fx, s in seen:
        on = s.retendered[o]
        own = ~on
        np.testing.assert_array_equal(prm.vendor.unit_price[o][own], base.unit_price[o][own])
        np.testing.assert_array_equal(prm.vendor.unit_price[o][on], base.unit_price[f][on])
        np.testing.assert_array_equal(prm.vendor.setup.waves[o][on], 1.0)
        np.testing.assert_array_equal(prm.vendor.setup.cost_months[o][on], 2.0)
        new = on & (s.vendor_start[o] == t)
        np.testing.assert_array_equal(fx.golive[o][new], t)
        switched += int(new.sum())
    assert switched > 5


def test_no_quote_no_re_tender(prone):
    """A fallback that never serves within the horizon (its go-live after the last
    month) gives no quote: no exit is decided, where going back in-house exits on some
    paths of the same futures."""
    late = prone.with_overrides({"offshore.fallback": "nearshore",
                                 "nearshore.setup.lead_months": 40.0})
    r = ccsim.simulate(late, N, seed=5, progress=False)
    assert r.values("exit_requested", "offshore").sum() == 0
    back = ccsim.simulate(prone, N, seed=5, progress=False)
    assert back.values("exit_requested", "offshore").mean() > 0.02


def test_a_re_tender_is_taken_only_where_it_pays(prone):
    """The rule is an economic decision: offshore at oversight 0 failing its bar, with dear
    customers, is cheaper and its customers happier when it may re-tender to the
    nearshore option than when it can never leave (paired futures, three standard errors
    of the paired difference). Which fallback is better is the scenario's question: here
    going back in-house (no accent gap) beats the nearshore vendor, so the re-tender is
    compared with staying, not with the other fallback."""
    never = ccsim.simulate(prone.with_overrides({"offshore.contract.exit_threshold": 0.0}), N,
                           seed=21, progress=False)
    rt = ccsim.simulate(prone.with_overrides({"offshore.fallback": "nearshore"}), N, seed=21,
                        progress=False)
    assert rt.values("exit_retendered", "offshore").mean() > 0.3
    for metric, sign in (("npv_cost", -1.0), ("csat_mean", 1.0)):
        d = sign * (rt.values(metric, "offshore") - never.values(metric, "offshore"))
        assert d.mean() > 3.0 * d.std(ddof=1) / np.sqrt(d.size), metric


def test_an_unenforceable_clause_does_not_pay_under_a_re_tender(prone):
    """The right to leave early has a value under a re-tender too: making the exit clause
    unenforceable (the client waits for the term's end) never lowers the expected cost by
    more than sampling error (three standard errors of the paired difference)."""
    sc = prone.with_overrides({"offshore.fallback": "nearshore"})
    a = ccsim.simulate(sc, N, seed=33, progress=False)
    b = ccsim.simulate(sc.with_overrides({"offshore.contract.p_unenforceable": 1.0}), N, seed=33,
                       progress=False)
    d = b.values("npv_cost", "offshore") - a.values("npv_cost", "offshore")
    assert d.mean() > -3.0 * d.std(ddof=1) / np.sqrt(d.size)


def test_options_may_re_tender_to_each_other(prone):
    """Offshore and nearshore each the other's fallback, both failing their bar: the
    engine decides both at once (the loop model cannot: it runs one option at a time and
    refuses); every output is finite and a re-tender is always also a requested and
    completed exit."""
    import math

    from tests.oracles.loop_model import loop_model

    sc = prone.with_overrides({
        "offshore.fallback": "nearshore", "nearshore.fallback": "offshore",
        "nearshore.quality.oversight": 0.0, "nearshore.contract.exit_threshold": 0.9,
        "nearshore.contract.stabilisation_months": 2, "nearshore.contract.escalation_months": 0,
    })
    res = ccsim.simulate(sc, N, seed=2, progress=False)
    for o in ("offshore", "nearshore"):
        went = res.values("exit_retendered", o)
        assert went.mean() > 0.05
        assert (res.values("exit_completed", o)[went > 0] == 1).all()
        assert all(math.isfinite(float(res.values(k, o).sum()))
                   for k in ("npv_cost", "csat_mean", "vendor_csat_mean"))
    from ccsim.engine.chunk import draw_chunk
    from ccsim.sampling.streams import ChunkStreams, SeedRoot

    draws, rnd = draw_chunk(sc, ChunkStreams(SeedRoot(2), 0, 1))
    with pytest.raises(NotImplementedError, match="re-tender to each other"):
        loop_model(sc, draws, rnd, range(1))
