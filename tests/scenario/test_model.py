"""Scenario model: defaults, dotted-path overrides and validation before any run."""

from __future__ import annotations

import math

import pytest

import ccsim
from ccsim import dist
from ccsim.scenario.model import Scenario


def test_default_has_five_options_and_60_months(default_scenario):
    assert default_scenario.option_names == ("in_house", "onshore", "nearshore", "offshore", "hybrid")
    assert default_scenario.horizon == 60
    hyb = default_scenario.option("hybrid")
    assert hyb.location == "offshore" and 0 < hyb.vendor_share < 1
    assert default_scenario.option("in_house").vendor_share == 0


def test_with_overrides_returns_a_new_scenario(default_scenario):
    new = default_scenario.with_overrides({"offshore.quality.oversight": 0.0})
    assert new.get("offshore.quality.oversight") == 0.0
    assert default_scenario.get("offshore.quality.oversight") == pytest.approx(2 / 3)
    # other options untouched
    assert new.option("hybrid") == default_scenario.option("hybrid")
    d = dist.Uniform(0.0, 0.05)
    assert default_scenario.with_overrides({"demand.trend_annual": d}).get("demand.trend_annual") == d


def test_unknown_path_lists_closest_valid_paths(default_scenario):
    with pytest.raises(KeyError, match=r"offshore\.quality\.oversight"):
        default_scenario.with_overrides({"offshore.quality.oversite": 0.5})
    with pytest.raises(KeyError, match="unknown parameter path"):
        default_scenario.with_overrides({"nowhere.at_all": 1})
    with pytest.raises(KeyError, match="closest valid paths"):
        default_scenario.with_overrides({"demand.base_volumes": 1})


@pytest.mark.parametrize(
    ("path", "value", "match"),
    [
        ("demand.base_volume", -10.0, r"demand\.base_volume = -10.0 is outside the allowed range 0 or \[1, 1e\+09\]"),
        ("staff.attrition_annual", 3.5, r"staff\.attrition_annual = 3.5 is outside .*\[0, 3\]"),
        ("customers.defect_resolved", -0.1, r"customers\.defect_resolved"),
        ("offshore.contract.p_unenforceable", 2.0, r"\[0, 1\]"),
        ("service.shrinkage", 1.0, r"service\.shrinkage = 1.0 is outside the allowed range \[0, 0.95\]"),
        ("service.target_sl", math.nan, r"service\.target_sl is NaN"),
        ("offshore.quality.oversight", math.inf, r"oversight"),
        ("finance.horizon_months", 12.5, r"whole number"),
    ],
)
def test_bad_values_name_the_parameter_and_range(default_scenario, path, value, match):
    with pytest.raises(ValueError, match=match):
        default_scenario.with_overrides({path: value})


def test_distribution_outside_range_is_rejected(default_scenario):
    with pytest.raises(ValueError, match=r"offshore\.quality\.initial: the distribution Normal"):
        default_scenario.with_overrides({"offshore.quality.initial": dist.Normal(0.8, 0.1)})
    # truncating it makes it valid
    ok = default_scenario.with_overrides(
        {"offshore.quality.initial": dist.Normal(0.8, 0.1, low=0.0, high=1.0)}
    )
    assert ok.get("offshore.quality.initial").support() == (0.0, 1.0)


def test_wrong_type_is_a_type_error(default_scenario):
    with pytest.raises(TypeError, match=r"number or a ccsim\.dist"):
        default_scenario.with_overrides({"demand.trend_annual": "fast"})


def test_uncertain_inputs_are_named_by_path(default_scenario):
    paths = [p for p, _ in default_scenario.uncertain_inputs()]
    assert "service.aht_s" in paths and "offshore.staffing.price_per_hour" in paths
    assert "breach.share_exposed" not in paths  # per-event, not per path
    assert len(paths) == len(set(paths))


def test_options_can_be_added_and_removed(default_scenario):
    col = ccsim.vendor_option("nearshore", name="colombia", **{"quality.oversight": 0.9})
    sc = default_scenario.with_option(col)
    assert sc.option_names[-1] == "colombia"
    assert sc.get("colombia.quality.oversight") == 0.9
    assert sc.without_option("colombia").option_names == default_scenario.option_names
    with pytest.raises(KeyError, match="no option named"):
        sc.without_option("mars")


def test_option_validation(default_scenario):
    with pytest.raises(ValueError, match="no staffing"):
        ccsim.SourcingOption(name="half", vendor_share=0.5)
    with pytest.raises(ValueError, match="identifier"):
        ccsim.SourcingOption(name="in house", vendor_share=0.0)
    with pytest.raises(ValueError, match="location"):
        ccsim.vendor_option("moon")
    dup = (*default_scenario.options, default_scenario.options[0])
    with pytest.raises(ValueError, match="unique"):
        Scenario(**{**_parts(default_scenario), "options": dup})


def test_correlations_are_validated(default_scenario):
    ok = default_scenario.with_overrides(
        correlations=(("service.aht_s", "staff.hourly_cost", 0.3),)
    )
    assert ok.correlations[0][2] == 0.3
    with pytest.raises(ValueError, match="not an uncertain input"):
        default_scenario.with_overrides(correlations=(("service.target_sl", "service.aht_s", 0.3),))
    with pytest.raises(ValueError, match=r"outside \[-1, 1\]"):
        default_scenario.with_overrides(correlations=(("service.aht_s", "staff.hourly_cost", 1.3),))


def _parts(sc):
    return {
        k: getattr(sc, k)
        for k in ("finance", "demand", "service", "staff", "customers", "satisfaction", "breach")
    }


def test_by_type_refuses_simple_contacts_resolving_more_than_every_time(default_scenario):
    """A simple contact resolves ``fcr k / (s k + 1 - s)`` at full quality; at the highest
    ``staff.fcr`` and ratio ``k`` and the lowest ``simple_share`` that must stay <= 1.
    The check applies only when some option routes by type (the inputs are unused
    otherwise), and the ratio it suggests is accepted."""
    import re

    typed = default_scenario.with_overrides({"hybrid.routing": "by_type"})
    bad = {"demand.simple_fcr_ratio": 3.0, "staff.fcr": 0.8, "demand.simple_share": 0.5}
    # by hand: 0.8 * 3 / (0.5 * 3 + 0.5) = 1.2 > 1
    with pytest.raises(ccsim.ScenarioError, match=r"demand\.simple_fcr_ratio = 3\.0.*up to 1\.200") as err:
        typed.with_overrides(bad)
    top = float(re.search(r"at most (\d\.\d+)", str(err.value)).group(1))
    assert top == pytest.approx((1 - 0.5) / (0.8 - 0.5), abs=1e-3)  # 1.667
    typed.with_overrides({**bad, "demand.simple_fcr_ratio": top - 1e-3})  # accepted
    # the rule is checked once on the result: the order of the overrides does not matter
    # (with the ratio first, the default staff.fcr would have failed it on the way)
    with pytest.raises(ccsim.ScenarioError, match=r"up to 1\.200"):
        typed.with_overrides(dict(reversed(list(bad.items()))))
    default_scenario.with_overrides(bad)  # split routing: the ratio is not used
