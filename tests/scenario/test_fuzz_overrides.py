"""Fuzz over every parameter path of the default scenario (issue 17).

Contract: an override either raises :class:`ccsim.ScenarioError` before anything is
simulated, or the simulation's outputs are finite and within their scales (money >= 0,
CSAT in [0, 100], shares and indices in [0, 1], counts and months >= 0).

Three parts keep the time budget (about a minute on one core): a deterministic sweep of
every path at and beyond the ends of its range (validation only, cheap); a hypothesis
fuzz that overrides one to three random paths with values drawn inside, at the edge of
and outside their ranges (constants, distributions, junk) and simulates 8 paths over 6
months; and a fuzz of the choice inputs (issue 31: the first fuzz never set ``routing``
and missed a blow-up on 0.2-1% of paths), which sets every vendor option's routing,
pricing model and fallback, the centre's size, overdispersion and staffing against its
plan, and simulates whole horizons of 200 paths.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import ccsim
from ccsim import dist
from ccsim.outputs import OUTPUTS, PATH_OUTPUTS, VENDOR_PHASE
from ccsim.scenario.parts import PRICING_MODELS, ROUTINGS

BASE = ccsim.default_scenario().with_overrides({"finance.horizon_months": 6})
META = {p: m for p, _, m in BASE.parameters()}
PATHS = sorted(META)


def _escape(path: str) -> str:
    return path.replace(".", r"\.")


@pytest.mark.parametrize("path", PATHS)
def test_every_path_refuses_values_beyond_its_range(path):
    meta = META[path]
    lo, hi = meta["range"]
    span = hi - lo
    bad: list[Any] = [math.nan, math.inf, -math.inf, 1e308, -1e308, hi + 0.5 * span,
                      lo - 0.5 * span - 1.0, "1.0", [lo], None if not meta.get("optional") else "x"]
    for value in bad:
        with pytest.raises(ccsim.ScenarioError, match=_escape(path)):
            BASE.with_overrides({path: value})
    # an open end is refused; a closed end passes the range check (it may still break a
    # rule between inputs, e.g. in_house.vendor_share = 1 needs the vendor parts)
    for end, is_open in ((lo, meta["open"][0]), (hi, meta["open"][1])):
        value = int(end) if meta.get("integer") else float(end)
        if is_open:
            with pytest.raises(ccsim.ScenarioError, match=_escape(path) + ".*outside the allowed"):
                BASE.with_overrides({path: value})
            continue
        try:
            assert BASE.with_overrides({path: value}).get(path) == value
        except ccsim.ScenarioError as exc:
            msg = str(exc)
            assert "outside the allowed range" not in msg and path in msg


def _value(draw: Any, path: str) -> Any:
    meta = META[path]
    lo, hi = meta["range"]
    lo_open, hi_open = meta["open"]
    kind = draw(st.sampled_from(["inside", "inside", "edge", "any", "dist", "junk"]))
    if kind == "inside":
        if meta.get("integer"):
            return draw(st.integers(math.ceil(lo), int(min(hi, 10**6))))
        return draw(st.floats(lo, hi, exclude_min=lo_open, exclude_max=hi_open))
    if kind == "edge":
        x = draw(st.sampled_from([lo, hi]))
        return int(x) if meta.get("integer") else float(x)
    if kind == "any":
        return draw(st.one_of(st.floats(), st.integers(-(10**30), 10**30)))
    if kind == "dist":
        width = hi - lo
        a = draw(st.floats(lo - 0.1 * width, hi, allow_nan=False))
        b = draw(st.floats(a, hi + 0.1 * width, allow_nan=False))
        if not (math.isfinite(a) and math.isfinite(b)) or a == b:
            return a
        shape = draw(st.sampled_from(["uniform", "lognormal", "pert"]))
        if shape == "uniform":
            return dist.Uniform(a, b)
        if shape == "pert":
            return dist.PERT(a, draw(st.floats(a, b)), b)
        if a > 0:
            return dist.LogNormal.from_interval(a, b)
        return dist.Normal(0.5 * (a + b), max(b - a, 1e-9))
    return draw(st.sampled_from([None, "0.5", [0.5], {"low": 0}, True]))


@st.composite
def overrides(draw: Any) -> dict[str, Any]:
    paths = draw(st.lists(st.sampled_from(PATHS), min_size=1, max_size=3, unique=True))
    return {p: _value(draw, p) for p in paths}


def _check_outputs(res: Any, where: dict[str, Any]) -> None:
    for option in res.options:
        for name in PATH_OUTPUTS:
            v = np.asarray(res.values(name, option), dtype=np.float64)
            label = f"{name} of {option} after {where!r}"
            if name in VENDOR_PHASE:  # NaN exactly where no vendor served
                served = res.values("months_with_vendor", option) > 0
                np.testing.assert_array_equal(np.isnan(v), ~served, err_msg=label)
                v = v[served]
            assert np.isfinite(v).all(), f"non-finite {label}"
            kind = OUTPUTS[name].kind
            if name == "sla_credits":  # bonuses less credits: negative when the vendor pays
                continue
            if name == "governance_share":  # governance / fees: any share >= 0
                assert (v >= 0).all(), f"negative {label}: {v.min()}"
            elif kind == "money" or name in ("customers_lost", "breaches", "headcount_mean",
                                           "oversight_hours", "locked_in_months"):
                assert (v >= 0).all(), f"negative {label}: {v.min()}"
            elif kind == "points":
                assert (v >= 0).all() and (v <= 100.0).all(), f"{label}: {v}"
            elif kind in ("pct", "index"):
                assert (v >= 0).all() and (v <= 1).all(), f"{label} outside [0, 1]: {v}"


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(overrides())
def test_fuzz_every_override_is_refused_or_gives_outputs_in_scale(ov):
    try:
        sc = BASE.with_overrides(ov)
    except ccsim.ScenarioError as exc:
        msg = str(exc)
        assert any(p in msg for p in ov), f"{msg} does not name one of {list(ov)}"
        event("refused")
        return
    event("simulated")
    from ccsim.run.sizing import SizingWarning

    with warnings.catch_warnings():
        # a headcount far from the plan is simulated as asked, with this warning
        warnings.simplefilter("ignore", SizingWarning)
        res = ccsim.simulate(sc, n_paths=8, seed=7)
    _check_outputs(res, ov)


# ----------------------------------------------------------------- choice inputs

VENDORS = ("onshore", "nearshore", "offshore", "hybrid")
#: the price each pricing model reads, at a plausible value and at its range's top
PRICES = {"per_fte": ("price_per_fte_month", (4_000.0, 1e6)),
          "per_call": ("price_per_call", (4.0, 10_000.0)),
          "per_minute": ("price_per_minute", (0.8, 1_000.0))}


@st.composite
def choice_scenarios(draw: Any) -> tuple[ccsim.Scenario, dict[str, Any]]:
    """The default scenario with one or two of its vendor options, each with a drawn
    share, routing, pricing model (and its price) and fallback; a centre of 4 to 30,000
    agents, overdispersed or not, staffed at, below or far above its plan; the whole
    default horizon (60 months) or ten years."""
    from ccsim.run.sizing import sized_for

    kept = draw(st.lists(st.sampled_from(VENDORS), min_size=1, max_size=2, unique=True))
    agents = draw(st.sampled_from([4, 40, 400, 30_000]))  # 4: the smallest centre
    sc = sized_for(ccsim.default_scenario(), agents)
    for name in VENDORS:
        if name not in kept:
            sc = sc.without_option(name)
    ov: dict[str, Any] = {
        "finance.horizon_months": draw(st.sampled_from([60, 60, 120])),
        "demand.overdispersion": draw(st.sampled_from([0.0, 0.1, 1.0, 10.0])),
    }
    staffed = draw(st.sampled_from([None, 0.5, 4.0]))
    if staffed is not None:
        ov["staff.headcount"] = float(max(1, round(staffed * agents)))
    for name in kept:
        ov[f"{name}.vendor_share"] = draw(st.sampled_from([0.2, 0.5, 0.8, 1.0]))
        ov[f"{name}.routing"] = draw(st.sampled_from(ROUTINGS))
        pricing = draw(st.sampled_from(PRICING_MODELS))
        if pricing in PRICES:  # the price first: the model needs it
            key, values = PRICES[pricing]
            ov[f"{name}.contract.{key}"] = draw(st.sampled_from(values))
        ov[f"{name}.contract.pricing"] = pricing
        ov[f"{name}.fallback"] = draw(st.sampled_from(["in_house", *[k for k in kept if k != name]]))
    return sc, ov


@pytest.mark.slow
@settings(max_examples=24, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(choice_scenarios())
def test_fuzz_choice_inputs_over_whole_horizons(case):
    """Every routing, pricing model and fallback, whole horizons, 200 paths: the run
    either is refused before any simulation (naming an input) or every path's outputs
    are finite and within their scales (the engine also refuses to return any other:
    a ModelBlowUpError fails this test)."""
    sc, ov = case
    try:
        sc = sc.with_overrides(ov)
    except ccsim.ScenarioError as exc:
        msg = str(exc)
        assert any(p in msg for p in ov), f"{msg} does not name one of {list(ov)}"
        event("refused")
        return
    event("simulated")
    for name in sc.option_names:
        event(f"routing {sc.option(name).routing}" if sc.option(name).is_vendor else "in_house")
    from ccsim.run.sizing import SizingWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SizingWarning)
        res = ccsim.simulate(sc, n_paths=200, seed=11, keep_monthly=True)
    _check_outputs(res, ov)
    # a blow-up within the scales: the paths of one scenario share its fixed inputs and
    # differ by their volumes and uncertain inputs, so their costs stay within a small
    # factor of each other (at most 39 in these examples); 1e3 leaves room, and the uncapped
    # vendor team made one path cost 1e11 times the median
    for option in res.options:
        cost = np.asarray(res.values("npv_cost", option))
        assert cost.max() <= 1e3 * np.median(cost), (option, cost.max(), np.median(cost), ov)
