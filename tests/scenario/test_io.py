"""Scenario files: exact TOML round trip and schema errors that help."""

from __future__ import annotations

import math
import tomllib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

import ccsim
from ccsim import dist
from ccsim.scenario.io import ScenarioFileError, scenario_to_dict
from ccsim.scenario.model import Scenario


@pytest.fixture(scope="module")
def rich_scenario(default_scenario):
    """The default plus every distribution kind, a set headcount and correlations."""
    sc = default_scenario.with_overrides(
        {
            "demand.shock_sd": dist.Empirical([0.01, 0.05, 0.1, 0.3]),
            "staff.fcr": dist.Normal(0.7, 0.02, low=0.6, high=0.8),
            "staff.headcount": 150,
            "offshore.quality.oversight": dist.PERT(0.2, 0.5, 0.9, lamb=2.5),
            "demand.trend_annual": dist.Triangular(-0.02, 0.01, 0.05),
            "onshore.contract.exit_fee_months": dist.Uniform(1.0, 1.0 + 1e-9),
            "breach.cost_per_record": dist.LogNormal(5.3, 0.3),
        }
    )
    return sc.with_overrides(
        correlations=(
            ("staff.hourly_cost", "staff.attrition_annual", -0.3),
            ("demand.base_volume", "service.aht_s", 0.25),
        )
    )


def test_default_round_trips_exactly(default_scenario, tmp_path):
    p = tmp_path / "default.toml"
    default_scenario.to_toml(p)
    back = Scenario.from_toml(p)
    assert back == default_scenario
    assert Scenario.from_dict(default_scenario.to_dict()) == default_scenario


def test_distributions_and_correlations_round_trip(rich_scenario, tmp_path):
    p = tmp_path / "rich.toml"
    rich_scenario.to_toml(p)
    back = Scenario.from_toml(p)
    assert back == rich_scenario
    assert back.correlations == rich_scenario.correlations
    assert back.get("staff.headcount") == 150
    # the written file is ordinary TOML: an independent parser reads the same data
    with p.open("rb") as fh:
        assert tomllib.load(fh) == scenario_to_dict(rich_scenario)


def test_scipy_distribution_round_trips(default_scenario, tmp_path):
    sc = default_scenario.with_overrides({"staff.hourly_cost": stats.gamma(4.0, loc=20.0, scale=5.0)})
    p = tmp_path / "scipy.toml"
    sc.to_toml(p)
    back = Scenario.from_toml(p)
    # frozen scipy objects compare by identity, so compare their descriptions and draws
    assert back.to_dict() == sc.to_dict()
    u = np.linspace(0.01, 0.99, 7)
    d0, d1 = sc.get("staff.hourly_cost"), back.get("staff.hourly_cost")
    np.testing.assert_array_equal(d0.ppf(u), d1.ppf(u))


@given(
    x=st.floats(0.0, 2.0, allow_nan=False),
    lo=st.floats(0.0, 0.5, allow_nan=False),
    w=st.floats(1e-300, 0.4, allow_nan=False),
)
def test_arbitrary_floats_round_trip_bit_for_bit(default_scenario, tmp_path_factory, x, lo, w):
    sc = default_scenario.with_overrides(
        {"demand.shock_sd": x, "staff.attrition_annual": dist.Uniform(lo, lo + w)}
    )
    p = tmp_path_factory.mktemp("rt") / "s.toml"
    sc.to_toml(p)
    back = Scenario.from_toml(p)
    assert back.get("demand.shock_sd") == x
    assert back.get("staff.attrition_annual") == dist.Uniform(lo, lo + w)


def test_loaded_scenario_simulates_identically(rich_scenario, tmp_path):
    sc = rich_scenario.with_overrides({"finance.horizon_months": 12})
    p = tmp_path / "s.toml"
    sc.to_toml(p)
    a = ccsim.simulate(sc, n_paths=256, seed=0, keep_monthly=False)
    b = ccsim.simulate(Scenario.from_toml(p), n_paths=256, seed=0, keep_monthly=False)
    for k in a.outputs:
        np.testing.assert_array_equal(a.outputs[k], b.outputs[k])


def _write(tmp_path, text):
    p = tmp_path / "bad.toml"
    p.write_text(text, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("old", "new", "match"),
    [
        ("shock_ar1 =", "shock_ar =", r"bad\.toml: key 'demand\.shock_ar': unknown key.*did you mean 'shock_ar1'"),
        ("[demand]", "[demnd]", r"key 'demnd': unknown key.*did you mean 'demand'"),
        ('dist = "uniform"', 'dist = "unifrom"', r"unknown distribution 'unifrom'.*did you mean 'uniform'"),
        ("horizon_months = 60", 'horizon_months = "sixty"', r"key 'finance\.horizon_months': expected a number"),
        ("horizon_months = 60", "horizon_months = 0", r"key 'finance'.*horizon_months = 0 is outside the allowed range \[1, 600\]"),
        ('name = "offshore"', 'name = "offshore"\nlocaton = "x"', r"unknown key.*did you mean 'location'"),
        ("format_version = 3", "format_version = 9", r"key 'format_version'.*reads format 3"),
        ("[finance]\nhorizon_months = 60", "[finance]", r"key 'finance\.horizon_months': missing"),
    ],
)
def test_schema_errors_name_file_key_and_expectation(default_scenario, tmp_path, old, new, match):
    good = tmp_path / "good.toml"
    default_scenario.to_toml(good)
    text = good.read_text(encoding="utf-8")
    assert old in text
    p = _write(tmp_path, text.replace(old, new, 1))
    with pytest.raises(ScenarioFileError, match=match):
        Scenario.from_toml(p)


def test_distribution_key_typo_and_missing_table(default_scenario):
    d = scenario_to_dict(default_scenario)
    d["finance"]["discount_rate_annual"] = {"dist": "uniform", "lo": 0.06, "high": 0.1}
    with pytest.raises(ValueError, match=r"<dict>: key 'finance\.discount_rate_annual\.lo'.*'low'"):
        Scenario.from_dict(d)
    d = scenario_to_dict(default_scenario)
    del d["breach"]
    with pytest.raises(ScenarioFileError, match=r"key 'breach': missing table \[breach\]"):
        Scenario.from_dict(d, source="x.toml")


def test_invalid_toml_and_missing_file(tmp_path):
    with pytest.raises(ScenarioFileError, match="not valid TOML"):
        Scenario.from_toml(_write(tmp_path, "name = \n"))
    with pytest.raises(FileNotFoundError):
        Scenario.from_toml(tmp_path / "nope.toml")


def test_unbounded_normal_round_trips(default_scenario, tmp_path):
    sc = default_scenario.with_overrides(
        {"breach.cost_per_record": dist.Normal(200.0, 40.0, low=0.0)}
    )
    p = tmp_path / "inf.toml"
    sc.to_toml(p)
    back = Scenario.from_toml(p)
    assert math.isinf(back.get("breach.cost_per_record").high)
    assert back == sc


def test_writer_handles_special_floats_and_strings():
    from ccsim.scenario.io import dumps_toml

    data = {"name": 'a "quoted" näme', "t": {"x": math.inf, "y": -math.inf, "z": 1e-300, "n": 3}}
    back = tomllib.loads(dumps_toml(data))
    assert back == data


def test_a_format_1_file_is_refused_with_what_changed():
    """The default scenario of ccsim 0.1 as it wrote it (tests/data/scenario_v1.toml):
    model v2 prices costs from parts, so reading it with the new meanings would be
    wrong; the error says so and names every changed key and its replacement."""
    from pathlib import Path

    from ccsim.scenario.io import FORMAT_1_CHANGES

    path = Path(__file__).parents[1] / "data" / "scenario_v1.toml"
    with pytest.raises(ccsim.ScenarioFileError) as err:
        ccsim.Scenario.from_toml(path)
    msg = str(err.value)
    assert "format-1 file" in msg and "to_toml" in msg and str(path) in msg
    for key, instead in FORMAT_1_CHANGES.items():
        assert key in msg and instead in msg
    # the keys model v2 removed are indeed the ones in the v1 file
    text = path.read_text(encoding="utf-8")
    for key in ("replacement_cost_months", "defect_prob", "lifetime_margin",
                "defect_multiplier", "full_cost_share"):
        assert key in text
    assert isinstance(err.value, ValueError)


def test_hybrid_routing_round_trips_and_bad_values_are_refused(default_scenario, tmp_path):
    sc = default_scenario.with_overrides({"hybrid.routing": "overflow"}).with_option(
        ccsim.vendor_option("nearshore", name="peaky", vendor_share=0.2, routing="peak"))
    p = tmp_path / "routed.toml"
    sc.to_toml(p)
    back = Scenario.from_toml(p)
    assert back == sc
    assert back.get("hybrid.routing") == "overflow" and back.get("peaky.routing") == "peak"
    # the default is not written: files of split options are as before
    plain = scenario_to_dict(default_scenario)
    assert all("routing" not in o for o in plain["options"])
    assert Scenario.from_dict(plain).get("hybrid.routing") == "split"
    text = p.read_text(encoding="utf-8")
    with pytest.raises(ScenarioFileError, match=r"routing.*expected one of \['split', 'overflow', 'peak', 'by_type'\]"):
        Scenario.from_toml(_write(tmp_path, text.replace('routing = "peak"', 'routing = "peek"')))
    with pytest.raises(ScenarioFileError, match=r"routing.*expected one of"):
        Scenario.from_toml(_write(tmp_path, text.replace('routing = "peak"', "routing = 2")))
    with pytest.raises(ccsim.ScenarioError, match=r"hybrid\.routing = 'spill'; expected one of"):
        default_scenario.with_overrides({"hybrid.routing": "spill"})
