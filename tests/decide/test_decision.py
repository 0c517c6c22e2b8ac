"""The decision under a declared appetite (ccsim.decide.decision) and break-even
(ccsim.sensitivity.breakeven)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import ccsim
from ccsim.decide.decision import DEFAULT_APPETITE, Appetite, cost_split, decide, rank_statistic
from ccsim.outputs import PATH_OUTPUTS
from ccsim.result import Result
from ccsim.sampling.streams import SeedRoot


def tiny_result(cost: dict[str, list[float]], csat: dict[str, list[float]], *,
                inputs: dict[str, np.ndarray] | None = None, extra: dict | None = None) -> Result:
    """A hand-made result over the options named in ``cost`` (a subset of the default)."""
    sc = ccsim.default_scenario()
    for o in sc.option_names:
        if o not in cost:
            sc = sc.without_option(o)
    opts = sc.option_names
    n = len(next(iter(cost.values())))
    # without the cash/customer split unless ``extra`` gives it (the fallbacks are tested)
    outputs = {k: np.zeros((len(opts), n)) for k in PATH_OUTPUTS
               if k not in ("operating_cost", "incident_cost", "customer_cost")}
    outputs["npv_cost"] = np.array([cost[o] for o in opts], dtype=float)
    outputs["csat_mean"] = np.array([csat[o] for o in opts], dtype=float)
    for k, v in (extra or {}).items():
        outputs[k] = np.array([v[o] for o in opts], dtype=float)
    return Result(sc, n, SeedRoot(0), outputs, dict(inputs or {}))


# 10 futures, three options; costs in $M
COST = {
    "in_house": [60, 62, 64, 66, 68, 70, 72, 74, 76, 78],   # mean 69, 4 of 10 > 70
    "nearshore": [50, 52, 54, 56, 58, 60, 62, 64, 66, 100],  # mean 62.2, 1 of 10 > 70
    "offshore": [40, 42, 44, 46, 48, 50, 52, 54, 56, 120],   # mean 55.2, 1 of 10 > 70
}
CSAT = {
    "in_house": [80] * 10,
    "nearshore": [72, 71, 69, 73, 74, 75, 76, 68, 70, 71],   # 2 of 10 below 70
    "offshore": [60, 61, 62, 63, 64, 65, 66, 71, 72, 73],    # 7 of 10 below 70
}


@pytest.fixture(scope="module")
def tiny() -> Result:
    return tiny_result({k: [1e6 * x for x in v] for k, v in COST.items()}, CSAT)


def test_fail_reasons_hand_checked(tiny):
    d = decide(tiny, budget=70e6, csat_floor=70, max_p_over_budget=0.2, max_p_below_floor=0.1,
               rank_by="mean", max_csat_drop=None)
    # in-house: 72, 74, 76, 78 exceed $70M -> 4/10 = 40% > 20%
    assert d.failures["in_house"] == ("P(cost > $70.0M) = 40% > 20%",)
    # nearshore: 69 and 68 below 70 -> 20% > 10%; 1/10 over budget passes
    assert d.failures["nearshore"] == ("P(mean CSAT < 70) = 20% > 10%",)
    # offshore: 60..66 below 70 -> 70%
    assert d.failures["offshore"] == ("P(mean CSAT < 70) = 70% > 10%",)
    assert d.recommended is None
    # the closest: the smallest breach of a limit (nearshore, 10 points over)
    assert d.verdict.startswith("No option meets the appetite; the closest is Nearshore")


def test_changing_the_appetite_changes_the_verdict(tiny):
    by_mean = decide(tiny, rank_by="mean", max_csat_drop=None)
    assert by_mean.recommended == "offshore"  # lowest mean 55.2
    floor = decide(tiny, rank_by="mean", csat_floor=70, max_p_below_floor=0.25,
                   max_csat_drop=None)
    assert floor.recommended == "nearshore"  # offshore fails the floor (70% below)
    budget = decide(tiny, rank_by="mean", budget=65e6, max_p_over_budget=0.3,
                    csat_floor=60, max_csat_drop=None)
    # budget $65M: in-house 7/10 over, nearshore 2/10, offshore 1/10
    assert budget.recommended == "offshore"
    assert budget.failures == {"in_house": ("P(cost > $65.0M) = 70% > 30%",)}
    # the tail: CVaR 90 is the worst path alone (k = ceil(0.1 * 10) = 1)
    with pytest.warns(ccsim.IntervalWarning, match="1 tail paths"):
        tail = decide(tiny, rank_by="cvar90", rank_on="cost", max_csat_drop=None)
    assert tail.recommended == "in_house"  # 78 < 100 < 120
    assert tail.frame().loc["offshore", "rank_value"] == pytest.approx(120e6)
    assert tail.runner_up == "nearshore"


def test_rank_statistic_against_hand_values():
    x = np.array([[1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10]])
    assert rank_statistic(x, "mean")[0] == pytest.approx(5.5)
    assert rank_statistic(x, "cvar80")[0] == pytest.approx(9.5)  # mean of worst 2
    assert rank_statistic(x, "p50")[0] == pytest.approx(np.quantile(x[0], 0.5))


def test_default_appetite_is_stated(tiny):
    d = decide(tiny)
    assert d.appetite is DEFAULT_APPETITE
    text = repr(d)
    assert "default: none was given" in text
    assert "5 points below In-house's" in text
    assert d.recommended is not None


def test_appetite_from_dict_and_overrides(tiny):
    d = decide(tiny, appetite={"budget": 70e6, "max_p_over_budget": 0.5, "max_csat_drop": None},
               rank_by="mean")
    assert d.appetite == Appetite(budget=70e6, max_p_over_budget=0.5, rank_by="mean",
                                  max_csat_drop=None)
    assert d.failures == {}


@pytest.mark.parametrize(
    ("kw", "match"),
    [({"budget": -1.0}, "budget = -1.0 is outside"), ({"csat_floor": 101}, "csat_floor = 101"),
     ({"max_p_over_budget": 1.5}, "max_p_over_budget = 1.5"),
     ({"rank_by": "prob_above:3"}, "rank_by"), ({"baseline": "nope"}, "baseline = 'nope'")],
)
def test_bad_appetite_named(tiny, kw, match):
    with pytest.raises(ValueError, match=match):
        decide(tiny, **kw)


def test_unknown_appetite_key(tiny):
    with pytest.raises(ValueError, match="unknown keys"):
        decide(tiny, appetite={"budgett": 1.0})


def test_cost_split_falls_back_to_the_components(tiny):
    op, inc, cu, src = cost_split(tiny)
    assert src == "components"  # churn_losses and breach_losses present (zeros here)
    np.testing.assert_array_equal(op, tiny.outputs["npv_cost"])
    churn = {o: [1e6] * 10 for o in COST}
    r = tiny_result({k: [1e6 * x for x in v] for k, v in COST.items()}, CSAT,
                    extra={"churn_losses": churn, "breach_losses": {o: [2e5] * 10 for o in COST}})
    op, inc, cu, src = cost_split(r)
    np.testing.assert_allclose(op + inc + cu, r.outputs["npv_cost"])
    np.testing.assert_allclose(cu, 1e6)
    np.testing.assert_allclose(inc, 2e5)
    d = decide(r, rank_by="mean")
    assert d.frame()["customer_mean"].tolist() == pytest.approx([1e6] * 3)
    assert d.frame()["incident_mean"].tolist() == pytest.approx([2e5] * 3)


def test_cost_split_uses_reported_columns_when_present(tiny):
    cost = {k: [1e6 * x for x in v] for k, v in COST.items()}
    extra = {"operating_cost": {o: [0.75 * c for c in cost[o]] for o in cost},
             "incident_cost": {o: [0.05 * c for c in cost[o]] for o in cost},
             "customer_cost": {o: [0.2 * c for c in cost[o]] for o in cost}}
    r = tiny_result(cost, CSAT, extra=extra)
    _op, _inc, _cu, src = cost_split(r)
    assert src == "reported"
    d = decide(r, rank_by="mean", budget=50e6, max_p_over_budget=0.5, budget_on="operating")
    # operating = 0.75 cost: in-house 45..58.5 -> 58.5, 57, 55.5, 54, 52.5, 51 > 50 -> 60%
    assert d.failures["in_house"] == ("P(operating cost > $50.0M) = 60% > 50%",)
    assert d.frame().loc["offshore", "operating_mean"] == pytest.approx(0.75 * 55.2e6)


def test_cost_split_without_customer_cost(tiny, monkeypatch):
    monkeypatch.setattr("ccsim.decide.decision.COST_COMPONENTS", ("labour",))
    _op, inc, cu, src = cost_split(tiny)
    assert src == "not modelled" and not cu.any() and not inc.any()
    assert any("not modelled" in n for n in decide(tiny).notes)


def test_flip_inputs_found_on_a_planted_driver():
    """The saving of offshore over nearshore is planted on input `demand.base_volume`;
    an independent input must not be named."""
    rng = np.random.default_rng(5)
    n = 2000
    x = rng.uniform(0, 1, n)
    noise = rng.uniform(0, 1, n)
    base = 60e6 + 1e6 * rng.standard_normal(n)
    cost = {"in_house": base + 20e6, "nearshore": base, "offshore": base - 4e6 * (x - 0.25)}
    r = tiny_result(cost, {o: np.full(n, 80.0) for o in cost},
                    inputs={"demand.base_volume": x, "service.aht_s": noise})
    d = decide(r, rank_by="mean")
    assert (d.recommended, d.runner_up) == ("offshore", "nearshore")
    assert d.flips["input"].tolist() == ["demand.base_volume"]
    row = d.flips.iloc[0]
    assert row["ci_low"] > 0.5
    # futures with the lowest 20% of x: saving = 4e6 (x - 0.25), x ~ U(0, 0.2) -> about -0.6M
    assert row["adverse_saving"] == pytest.approx(4e6 * (0.1 - 0.25), abs=0.1e6)
    assert "Nearshore wins if" in row["text"]


def test_result_decide_on_a_simulation(small_result):
    d = small_result.decide(budget=90e6, csat_floor=60)
    assert isinstance(d, ccsim.Decision)
    assert d.recommended is None or d.recommended in small_result.options
    html = d._repr_html_()
    assert "<table>" in html and "$" in html
    assert isinstance(d.frame(), pd.DataFrame)
    assert not d.frame()[["rank_value", "cost_mean", "csat_mean"]].isna().any().any()


# ----------------------------------------------------------------------------- break-even


def test_breakeven_finds_the_crossing_and_brackets_it():
    sc = ccsim.default_scenario()
    be = ccsim.breakeven(sc, "offshore.staffing.price_per_hour", option="offshore",
                         baseline="in_house", n_paths=300, seed=4, bracket=(5.0, 40.0))
    assert be.status == "crossing"
    assert be.value is not None and be.se is not None and be.slope is not None
    assert 5.0 < be.value < 40.0
    assert be.slope < 0  # a dearer offshore hour shrinks the saving
    # independent check with simulate itself: the same seed, the input fixed half a
    # dollar either side of the root, only the two options -> the saving changes sign
    two = sc.without_option("onshore").without_option("nearshore").without_option("hybrid")
    two = two.with_overrides(correlations=tuple(
        c for c in two.correlations if "offshore.staffing.price_per_hour" not in c[:2]))

    def saving(x: float) -> float:
        r = ccsim.simulate(two.with_overrides({"offshore.staffing.price_per_hour": x}), 300,
                           seed=4, progress=False)
        return float(np.mean(r.values("npv_cost", "in_house") - r.values("npv_cost", "offshore")))

    assert saving(be.value - 0.5) > 0 > saving(be.value + 0.5)
    # the precision by the delta method, by hand from the stored evaluations
    at = be.curve.iloc[(be.curve["value"] - be.value).abs().argmin()]
    assert be.se == pytest.approx(at["saving_se"] / abs(be.slope), rel=1e-9)
    assert "stops paying" in be.sentence() and "e+" not in repr(be)
    assert be.frame().shape == (1, 10)


def test_breakeven_validates_before_simulating():
    sc = ccsim.default_scenario()
    with pytest.raises(KeyError, match="not a parameter"):
        ccsim.breakeven(sc, "offshore.nope", option="offshore")
    with pytest.raises(ValueError, match="option = 'x'"):
        ccsim.breakeven(sc, "offshore.staffing.price_per_hour", option="x")
    with pytest.raises(ValueError, match="n_paths = 10"):
        ccsim.breakeven(sc, "offshore.staffing.price_per_hour", option="offshore", n_paths=10)
    with pytest.raises(ValueError, match="outside the allowed range"):
        ccsim.breakeven(sc, "service.shrinkage", option="offshore", bracket=(0.5, 2.0))
    assert math.isfinite(sc.get("finance.horizon_months"))
