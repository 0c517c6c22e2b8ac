"""Hardening, the rest of issue 31: a break-even on an input its comparison never uses,
the sizing warning, tiny totals in the ledger's ratios, and a property test over the
corners of every documented range and every choice input."""

from __future__ import annotations

import functools
import re
import types
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pytest

import ccsim
import ccsim.run.sizing


@pytest.fixture(scope="module")
def sc() -> ccsim.Scenario:
    return ccsim.default_scenario().with_overrides({"finance.horizon_months": 6})


# ------------------------------------------- break-even on an input the comparison drops

@pytest.mark.parametrize(("overrides", "input", "option", "match"), [
    # an option not compared: breakeven simulates only the two options (and fallbacks)
    ({}, "nearshore.staffing.price_per_hour", "offshore",
     r"'nearshore.staffing.price_per_hour' belongs to option 'nearshore', which is not "
     r"compared \(option = 'offshore', baseline = 'in_house'"),
    # a vendor share of 0: the option's vendor inputs do nothing
    ({"offshore.vendor_share": 0.0}, "offshore.quality.oversight", "offshore",
     r"offshore.vendor_share = 0, so option 'offshore' sends no call to its vendor"),
    # the in-house option has no vendor inputs at all
    ({}, "in_house.staffing.price_per_hour", "offshore",
     r"in_house.vendor_share = 0, so option 'in_house' has no vendor"),
    # a price the option's pricing model never bills
    ({"offshore.contract.price_per_call": 2.0}, "offshore.contract.price_per_call", "offshore",
     r"offshore.contract.pricing = 'per_hour', so option 'offshore' never bills "
     r"price_per_call.*offshore.staffing.price_per_hour"),
])
def test_breakeven_on_an_input_the_comparison_never_uses_says_why(
        sc, monkeypatch, overrides, input, option, match):
    import ccsim.sensitivity.breakeven as be

    def no_run(*a, **k):
        raise AssertionError("simulated before refusing")

    monkeypatch.setattr(be, "simulate", no_run)
    with pytest.raises(ValueError, match=match):
        ccsim.breakeven(sc.with_overrides(overrides), input, option=option, n_paths=100, seed=1)


def test_breakeven_on_an_option_removed_names_it(sc):
    with pytest.raises(ccsim.ScenarioError, match=r"no option or part named 'nearshore' "
                       r"\(it may have been removed\); options are \['in_house', 'onshore'"):
        ccsim.breakeven(sc.without_option("nearshore"), "nearshore.staffing.price_per_hour",
                        option="offshore", n_paths=100, seed=1)


def test_breakeven_keeps_the_option_a_compared_one_falls_back_to(sc):
    # offshore's work goes to nearshore after an exit: nearshore stays in the runs (it
    # used to be dropped, and the scenario then refused offshore's fallback), and its
    # inputs may be searched
    s = sc.with_overrides({"offshore.fallback": "nearshore"})
    be = ccsim.breakeven(s, "offshore.staffing.price_per_hour", option="offshore",
                         n_paths=100, seed=1, bracket=(5.0, 40.0))
    assert be.status in ("crossing", "always_saves", "never_saves")
    assert len(be.curve) >= 2
    ccsim.breakeven(s, "nearshore.staffing.price_per_hour", option="offshore",
                    n_paths=100, seed=1, bracket=(5.0, 40.0))


# ------------------------------------------------------------- the sizing warning

def _sizing_message(scenario: ccsim.Scenario) -> str | None:
    from ccsim.run.sizing import check_headcount

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        check_headcount(scenario)
    msgs = [str(w.message) for w in caught if issubclass(w.category, ccsim.SizingWarning)]
    assert len(caught) == len(msgs) <= 1, [str(w.message) for w in caught]
    return msgs[0] if msgs else None


@pytest.mark.parametrize(("overrides", "match"), [
    # below the smallest centre: no volume fits (was "a volume of about 0 calls/month
    # fits 3 agents", and the advice, sized_for(agents=3), is refused)
    ({"staff.headcount": 3}, r"needs about 156 in-house agents .*no volume fits 3 agents: "
     r"the smallest centre this scenario can staff is 4 FTE"),
    ({"staff.headcount": 0}, r"no volume fits 0 agents"),
    # more agents than 1e9 calls need (was "a volume of about 0 calls/month")
    ({"staff.headcount": 10**6}, r"staff.headcount = 1,000,000 .*no volume fits 1,000,000 "
     r"agents: they would need more than 1e9 calls a month"),
    # a centre with no calls (was "needs about -0 in-house agents")
    ({"staff.headcount": 50, "demand.base_volume": 0.0},
     r"plans no in-house agent \(demand.base_volume = 0 calls/month\); a volume of about"),
    # one call a month on a service that needs a huge team for any call at all
    ({"staff.headcount": 100, "service.shrinkage": 0.95, "service.open_hours_per_month": 744.0,
      "service.paid_hours_per_month": 1.0},
     r"no volume fits 100 agents: the smallest centre this scenario can staff is [\d,]+ FTE"),
])
def test_the_sizing_warning_says_why_no_volume_fits(overrides, match):
    msg = _sizing_message(ccsim.default_scenario().with_overrides(overrides))
    assert msg is not None and re.search(match, msg), msg
    assert "about 0 calls" not in msg and "about -0" not in msg
    if "no volume fits" in msg:
        assert "sized_for(" not in msg  # no advice that would be refused


def test_the_sizing_warning_advises_a_call_that_is_accepted():
    sc = ccsim.default_scenario()
    for h in (60, 150_000):
        msg = _sizing_message(sc.with_overrides({"staff.headcount": h}))
        assert msg is not None
        call = re.search(r"Use (ccsim\.sized_for\(scenario, [^)]*\))", msg)
        assert call, msg
        sized = eval(call.group(1), {"ccsim": ccsim, "scenario": sc})  # the advice as given
        assert sized.staff.headcount is None
        plan = ccsim.run.sizing.month0_plan(sized)
        assert abs(plan - h) <= 0.15 * h, (h, plan)  # within the warning's own tolerance
    # consistent inputs: no warning, also for an empty centre with no agents
    assert _sizing_message(sc.with_overrides({"staff.headcount": 156})) is None
    assert _sizing_message(sc.with_overrides({"staff.headcount": 0, "demand.base_volume": 0.0})) is None


# ------------------------------------------------------ tiny totals in the ledger's ratios

def _ledger_outputs(answered: float, fees: float, governance: float) -> dict[str, np.ndarray]:
    from ccsim.engine.ledger import Ledger
    from ccsim.outputs import COST_COMPONENTS

    shape = (1, 1)
    one = lambda v: np.full(shape, float(v))  # noqa: E731
    led = Ledger(shape, horizon=1, discount_rate_annual=0.0, keep_monthly=False)
    costs = {c: one(0.0) for c in COST_COMPONENTS}
    costs["vendor_fees"], costs["governance"] = one(fees), one(governance)
    flows = {k: one(0.0) for k in (
        "csat", "fcr", "service_level", "quality", "offered", "abandoned", "headcount",
        "customers_lost", "mgmt_hours_freed", "oversight_hours", "vendor_quality",
        "vendor_csat", "local_fte", "headcount_in_house", "vendor_fte", "handled_in_house",
        "handled_vendor", "occupancy_in_house", "occupancy_vendor")}
    flows["offered"] = one(answered)
    led.record(0, costs=costs, answered=one(answered), locked=np.zeros(shape, bool),
               breaches=np.zeros(shape, bool), vendor_live=np.ones(shape, bool), **flows)
    return led.outputs(exit_requested=np.zeros(shape, bool), switch_month=one(1.0),
                       reference=None, initial_headcount=np.zeros(1),
                       retendered=np.zeros(shape, bool))


@pytest.mark.parametrize(("answered", "fees", "governance", "per_call", "share"), [
    # ordinary totals: the plain ratios
    (1000.0, 5000.0, 500.0, 5.5, 0.1),
    # a hundredth of a call answered: the cost counts one call (was 100 times the cost)
    (0.01, 5000.0, 500.0, 5500.0, 0.1),
    (1e-300, 5000.0, 500.0, 5500.0, 0.1),
    (0.0, 5000.0, 500.0, 5500.0, 0.1),
    # fees below a cent: no contract value, share 0 (was governance / 5e-324 = inf)
    (1000.0, 5e-324, 500.0, 0.5, 0.0),
    (1000.0, 0.009, 500.0, 0.500009, 0.0),
    (1000.0, 0.0, 500.0, 0.5, 0.0),
    # exactly a cent of fees still counts
    (1000.0, 0.01, 1e-4, 1.01e-5, 0.01),
])
def test_totals_below_one_call_or_one_cent_count_as_none(answered, fees, governance,
                                                         per_call, share):
    # operating cash here is fees + governance (the only costs booked), over one month
    out = _ledger_outputs(answered, fees, governance)
    assert np.isfinite(out["cost_per_call"]).all() and np.isfinite(out["governance_share"]).all()
    assert out["cost_per_call"][0, 0] == pytest.approx(per_call, rel=1e-12)
    assert out["governance_share"][0, 0] == pytest.approx(share, rel=1e-12)


# ------------------------------------------- near-0 ends the corners' simulation found

@pytest.mark.parametrize(("path", "rng"), [
    # a vendor schedules plan / adherence: 5e-324 overflowed the team to inf
    ("service.adherence", r"\[0\.5, 1\]"),
    # with every contact simple, a team's handle time relative to the mix divides by the
    # ratio: 5e-324 overflowed it
    ("demand.simple_aht_ratio", r"\[0\.05, 1\]"),
])
def test_a_ratio_near_0_is_refused_naming_its_floor(sc, path, rng):
    for bad in (5e-324, 0.01):
        with pytest.raises(ccsim.ScenarioError,
                           match=rf"{re.escape(path)} = {bad!r} is outside the allowed range {rng}"):
            sc.with_overrides({path: bad})


def test_a_hiring_lag_below_a_month_hires_at_once_without_overflow():
    """The gap closes at ``min(1, 1 / lag)`` a month: at once below a month; a lag of
    5e-324 (accepted: the range is open at 0) overflowed ``1 / lag`` to inf."""
    from ccsim.mechanisms import contract, workforce

    head, target, leavers = np.array([100.0]), np.array([130.0]), np.array([5.0])
    with warnings.catch_warnings(), np.errstate(all="warn"):
        warnings.simplefilter("error")
        for lag in (np.array([5e-324]), 0.5, 1.0):  # an array per path, as in the engine
            nxt, hires, _ = workforce.inhouse_step(headcount=head, target=target,
                                                   leavers=leavers, hiring_lag=lag,
                                                   layoff=np.array([False]))
            # back-fill the 5 leavers, then the remaining 30 at once: 35 hires, 130 agents
            assert hires.tolist() == [35.0] and nxt.tolist() == [130.0]
            after, back = contract._return_hires(head=head, leave_rate=0.05, team=target,
                                                 hiring=np.array([True]), hiring_lag=lag)
            assert after.tolist() == [95.0] and back.tolist() == [35.0]
        _, hires, _ = workforce.inhouse_step(headcount=head, target=target, leavers=leavers,
                                             hiring_lag=3.0, layoff=np.array([False]))
        assert hires.tolist() == [15.0]  # 5 + 30 / 3: a lag above a month as before


def test_a_handle_time_that_underflows_to_0_is_the_no_load_limit():
    """A subnormal service.aht_s times a tooling factor below 1 is 0 inside the engine:
    Erlang A takes its limit (no load: nobody waits) instead of dividing by it."""
    from ccsim.queueing.formulas import _erlang_a_core

    one = np.ones(2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = _erlang_a_core(np.array([100.0, 1e-3]), np.zeros(2), 3.0 * one, 180.0 * one,
                             20.0 * one)
    assert res.p_wait.tolist() == [0.0, 0.0] and res.p_abandon.tolist() == [0.0, 0.0]
    assert res.service_level.tolist() == [1.0, 1.0] and res.asa.tolist() == [0.0, 0.0]
    # an overflow hybrid's in-house team: n mu = n / aht is inf, so no call waits long
    # enough to overflow and every kept call is answered at once
    from ccsim.queueing.overflow import _kept_within_core, _overflow_core

    for aht in (0.0, 5e-324):
        args = (np.array([10.0, 10.0]), np.full(2, aht), np.array([1.0, 5.0]), 20.0 * one)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert _overflow_core(*args).tolist() == [0.0, 0.0]
            assert _kept_within_core(*args, 5.0 * one).tolist() == [1.0, 1.0]
    with warnings.catch_warnings(), np.errstate(divide="warn", over="warn", invalid="warn"):
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", ccsim.SizingWarning)
        s = ccsim.default_scenario().with_overrides({
            "finance.horizon_months": 6, "service.aht_s": 5e-324, "staff.aht_noise_sd": 1.0,
            "hybrid.routing": "overflow", **{f"{o}.handle_time.tech_factor": 0.1 for o in _VENDORS}})
        res = ccsim.simulate(s, n_paths=8, seed=1, keep_monthly=True)
    _check_within_the_documented_bounds(res, "aht 0")


# ------------------------- corners of every documented range and every choice input

DOC = Path(__file__).parents[2] / "docs" / "limits.md"
_RANGE = re.compile(r"^(0 or )?([\[(])([^,]+), ([^\])]+)([\])])$")
_VENDORS = ("onshore", "nearshore", "offshore", "hybrid")
_ROUTINGS = ("split", "overflow", "peak", "by_type")
_PRICING = {"per_hour": "staffing.price_per_hour", "per_fte": "contract.price_per_fte_month",
            "per_call": "contract.price_per_call", "per_minute": "contract.price_per_minute"}
#: Inputs that rules between inputs tie together (docs/limits.md, "Rules between inputs"):
#: reset to their defaults, in a seeded order, until the scenario is accepted.
_TIED = ("demand.trend_annual", "finance.horizon_months", "demand.base_volume",
         "demand.simple_fcr_ratio", "staff.fcr", "demand.simple_share",
         "staff.tech_trend_annual", *(f"{o}.handle_time.tech_trend_annual" for o in _VENDORS),
         *(f"{o}.contract.{k}" for o in _VENDORS for k in (
             "escalator_annual", "cola_share", "wage_inflation_annual", "fx_drift_annual",
             "fx_sd_annual", "band_1_units", "band_2_units")))


def _doc_ranges() -> dict[str, tuple[list[float], bool]]:
    """Each documented input's ends (the inner double at an open end, and both 0 and the
    floor of a "0 or [a, b]" range), and whether it is a whole number."""
    out = {}
    for line in DOC.read_text(encoding="utf-8").split("## Every input", 1)[1].splitlines():
        if not line.startswith("| `"):
            continue
        key, text = (c.strip() for c in line.strip("|").split("|")[:2])
        m = _RANGE.match(text.split(" (whole")[0])
        assert m, (key, text)
        zero, left, lo_s, hi_s, right = m.groups()
        lo, hi = float(lo_s), float(hi_s)
        ends = [lo if left == "[" else float(np.nextafter(lo, np.inf)),
                hi if right == "]" else float(np.nextafter(hi, -np.inf))]
        out[key.strip("`")] = ([0.0, *ends] if zero else ends, "(whole number)" in text)
    return out


@functools.cache
def _corner(i: int, months: int) -> Mapping[str, object]:
    """Corner ``i`` over ``months``: every input at its low end, high end or default (a
    third each), the choice inputs cycled so that every routing, pricing model and
    fallback appears."""
    rng = np.random.default_rng([20261122, i])
    offsets = np.random.default_rng(20261122)  # the same for every corner: each input
    ov: dict[str, object] = {}                  # cycles through its ends and its default
    for key, (ends, whole) in _doc_ranges().items():
        for path in ([key.replace("<option>", o) for o in _VENDORS] if "<option>" in key else [key]):
            pick = (i + int(offsets.integers(len(ends) + 1))) % (len(ends) + 1)
            if pick < len(ends):  # else: the default
                ov[path] = int(ends[pick]) if whole else ends[pick]
    for j, o in enumerate(_VENDORS):
        if float(ov.get(f"{o}.vendor_share", 1.0)) == 0.0:
            ov[f"{o}.vendor_share"] = 1.0 if o != "hybrid" else 0.5  # keep every vendor a vendor
        ov[f"{o}.routing"] = _ROUTINGS[(i + j) % 4]
        pricing = tuple(_PRICING)[(i + 2 * j) % 4]
        ov[f"{o}.contract.pricing"] = pricing
        if pricing != "per_hour" and ov.get(f"{o}.{_PRICING[pricing]}", 0.0) == 0.0:
            ov[f"{o}.{_PRICING[pricing]}"] = {"per_fte": 4000.0, "per_call": 6.0,
                                              "per_minute": 1.2}[pricing]
        ov[f"{o}.fallback"] = ("in_house", *(v for v in _VENDORS if v != o))[(i + j) % 4]
    ov["finance.horizon_months"] = months
    base = ccsim.default_scenario()
    tied = [str(k) for k in rng.permutation(_TIED) if k in ov and k != "finance.horizon_months"]
    while True:
        try:
            base.with_overrides(ov)
        except ccsim.ScenarioError as exc:
            # a rule between inputs names its inputs: reset those to their defaults
            keys = [k for k in tied if k in str(exc)] or tied[-1:]
            if not keys:
                raise
            for k in keys:
                tied.remove(k)
                ov.pop(k)
            continue
        return types.MappingProxyType(ov)  # cached: read-only, the same for every caller


_N_CORNERS = 12
#: Months simulated at each corner: a year, and both ends of the horizon's range and the
#: default horizon once or twice. Corner 7 over 600 months runs in seconds; others take
#: one to two minutes there (the exact Erlang A on intervals outside its tables), too
#: long for this test.
_MONTHS = {2: 1, 5: 60, 7: 600, 9: 60}


def _months(i: int) -> int:
    return _MONTHS.get(i, 12)


def _check_within_the_documented_bounds(res: ccsim.Result, where: object) -> None:
    """Every output finite and within the scales docs/limits.md promises: money within
    its cost bounds (costs >= 0 but the SLA credits, bonuses less credits), CSAT in
    [0, 100], shares and indices in [0, 1], counts, months and hours >= 0; the
    vendor-phase means NaN exactly where no vendor served. A share or a scale may pass
    its end by rounding (a saturated team's occupancy, talk time over time on the phones,
    is 1 + 2e-16): 1e-9 is allowed, as the engine's own checks allow."""
    from ccsim.outputs import MONTHLY, OUTPUTS, VENDOR_PHASE

    month_cap, npv_cap = _doc_bounds()
    tol = 1e-9
    for o in res.options:
        served = res.values("months_with_vendor", o) > 0
        for name, out in OUTPUTS.items():
            v = np.asarray(res.values(name, o), dtype=np.float64)
            label = (where, o, name)
            if name in VENDOR_PHASE:
                assert (np.isnan(v) == ~served).all(), label
                v = v[served]
            assert np.isfinite(v).all(), label
            if out.kind == "money":
                assert (np.abs(v) < npv_cap).all(), (*label, np.abs(v).max())
                assert name == "sla_credits" or (v >= 0).all(), (*label, v.min())
            elif out.kind == "points":
                assert ((v >= -tol) & (v <= 100 + tol)).all(), (*label, v.min(), v.max())
            elif out.kind in ("pct", "index") and name != "governance_share":
                assert ((v >= -tol) & (v <= 1 + tol)).all(), (*label, v.min(), v.max())
            elif name not in ("local_jobs_removed", "mgmt_hours_freed"):  # signed
                assert (v >= -tol).all(), (*label, v.min())
    for name, out in MONTHLY.items():
        m = np.asarray(res.monthly_data[name], dtype=np.float64)  # (options, paths, months)
        assert np.isfinite(m).all(), (where, name)
        if out.kind == "money":
            assert (np.abs(m) < month_cap).all(), (where, name, np.abs(m).max())
        elif out.kind == "points":
            assert ((m >= -tol) & (m <= 100 + tol)).all(), (where, name)
        elif out.kind in ("pct", "index"):
            assert ((m >= -tol) & (m <= 1 + tol)).all(), (where, name)
        else:
            assert (m >= -tol).all(), (where, name)


@pytest.mark.slow
@pytest.mark.parametrize("i", range(_N_CORNERS))
def test_every_output_is_finite_and_within_bounds_at_the_corners_of_the_ranges(i, monkeypatch):
    """Seeded corners, 32 paths (8 over 600 months): no numpy warning, every output
    finite and within the documented bounds. The outcome depends on nothing outside the
    test: the numpy reference path of the day (``CCSIM_ENGINE``; the compiled one
    cannot warn, and is compared with it in tests/queueing/test_compiled_day.py), its
    own warning filters and floating-point error state, and a read-only cached corner."""
    monkeypatch.setenv("CCSIM_ENGINE", "numpy")
    months = _months(i)
    sc = ccsim.default_scenario().with_overrides(dict(_corner(i, months)))
    with warnings.catch_warnings(), np.errstate(divide="warn", over="warn", invalid="warn"):
        # any numpy RuntimeWarning (a division by ~0, an overflow, a NaN) is a failure,
        # whatever filters and floating-point state the run inherits
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", ccsim.SizingWarning)  # a headcount far from the plan
        res = ccsim.simulate(sc, n_paths=8 if months > 60 else 32, seed=20261122 + i,
                             keep_monthly=True)
    assert sc.horizon == months
    _check_within_the_documented_bounds(res, i)


def test_the_corners_cover_every_choice_and_both_ends_of_every_range():
    corners = [_corner(i, _months(i)) for i in range(_N_CORNERS)]
    for o in _VENDORS:
        for key, choices in (("routing", _ROUTINGS), ("contract.pricing", tuple(_PRICING))):
            assert {c[f"{o}.{key}"] for c in corners} == set(choices), (o, key)
        assert {c[f"{o}.fallback"] for c in corners} == {"in_house", *(set(_VENDORS) - {o})}
    for key, (ends, whole) in _doc_ranges().items():
        path = key.replace("<option>", "offshore")
        seen = {float(c[path]) for c in corners if path in c}  # type: ignore[arg-type]
        assert {float(int(e)) if whole else e for e in ends} <= seen | ({0.0} if "vendor_share" in key else set()) \
            or path in _TIED or "price_per_" in key, (key, ends, seen)  # set with pricing
    # the horizon's ends and the default horizon
    assert {int(c["finance.horizon_months"]) for c in corners} == {1, 12, 60, 600}  # type: ignore[call-overload]


def _doc_bounds() -> tuple[float, float]:
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    m = re.search(r"a month's cost stays below about (1e\d+) dollars and the NPV below (1e\d+)", text)
    assert m, "docs/limits.md no longer states its cost bounds"
    return float(m.group(1)), float(m.group(2))
