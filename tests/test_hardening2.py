"""Hardening, second round (issue 31 items 2, 3 and 5; issue 26 item 4's io/model circle).

Every refusal here happens before anything is simulated and names the parameter, its
value and the allowed range or the reason.
"""

from __future__ import annotations

import dataclasses

import grimp
import numpy as np
import pytest

import ccsim
from ccsim import dist


def test_scenario_io_does_not_import_the_model():
    # with TYPE_CHECKING imports counted too: the dependency runs model -> io only
    graph = grimp.build_graph("ccsim", exclude_type_checking_imports=False)
    assert graph.find_shortest_chain("ccsim.scenario.model", "ccsim.scenario.io") is not None
    assert graph.find_shortest_chain("ccsim.scenario.io", "ccsim.scenario.model") is None


# ------------------------------------------------------- inputs that mean something else





@pytest.fixture(scope="module")
def sc() -> ccsim.Scenario:
    return ccsim.default_scenario()


def test_a_vendor_option_may_not_be_named_in_house(sc):
    with pytest.raises(ccsim.ScenarioError, match=r"in_house.vendor_share = 1.*reserved"):
        ccsim.vendor_option("offshore", name="in_house")
    # also when the in-house option is replaced by a vendor one
    without = sc.without_option("in_house")
    with pytest.raises(ccsim.ScenarioError, match="reserved"):
        without.with_option(dataclasses.replace(sc.option("offshore"), name="in_house"))
    # the in-house option itself keeps its name
    assert sc.option("in_house").vendor_share == 0


def test_a_file_with_a_vendor_named_in_house_is_refused(sc, tmp_path):
    data = sc.to_dict()
    data["options"] = [o for o in data["options"] if o["name"] != "in_house"]
    data["options"][0]["name"] = "in_house"
    with pytest.raises(ccsim.ScenarioFileError, match="reserved for the in-house option"):
        ccsim.Scenario.from_dict(data)


BANDS = ("onshore.contract.band_1_units", "onshore.contract.band_2_units")


def test_a_valid_band_pair_is_accepted_in_either_key_order(sc):
    one = sc.with_overrides({BANDS[0]: 50_000.0, BANDS[1]: 90_000.0})
    two = sc.with_overrides({BANDS[1]: 90_000.0, BANDS[0]: 50_000.0})
    assert one == two
    assert one.get(BANDS[1]) == 90_000.0
    # and a crossed pair is refused in either order, naming both
    for bad in ({BANDS[0]: 90_000.0, BANDS[1]: 50_000.0}, {BANDS[1]: 50_000.0, BANDS[0]: 90_000.0}):
        with pytest.raises(ccsim.ScenarioError, match=r"band_1_units = 90000.0 must not exceed"):
            sc.with_overrides(bad)


def test_band_distributions_that_could_cross_are_refused(sc):
    with pytest.raises(ccsim.ScenarioError, match=r"band_1_units = Uniform.*can reach 100.*overlap"):
        sc.with_overrides({BANDS[0]: dist.Uniform(0.0, 100.0), BANDS[1]: dist.Uniform(50.0, 200.0)})
    with pytest.raises(ccsim.ScenarioError, match="overlap"):
        sc.with_overrides({BANDS[0]: dist.Uniform(0.0, 100.0), BANDS[1]: 60.0})
    # ranges that cannot cross are accepted, and every draw stays sorted
    ok = sc.with_overrides({BANDS[0]: dist.Uniform(0.0, 100.0), BANDS[1]: dist.Uniform(100.0, 200.0)})
    u = np.random.default_rng(1).random(10_000)
    assert np.all(ok.get(BANDS[0]).ppf(u) <= ok.get(BANDS[1]).ppf(u[::-1]))


def test_format_version_true_is_refused(sc):
    data = sc.to_dict()
    data["format_version"] = True
    with pytest.raises(ccsim.ScenarioFileError, match=r"format_version.*whole number.*got True"):
        ccsim.Scenario.from_dict(data)


def test_a_5000_digit_integer_names_its_key(sc, tmp_path):
    with pytest.raises(ccsim.ScenarioError, match=r"finance.horizon_months = <an integer of about 5,001"):
        sc.with_overrides({"finance.horizon_months": 10**5000})
    data = sc.to_dict()
    data["demand"]["base_volume"] = -(10**5000)
    with pytest.raises(ccsim.ScenarioFileError, match=r"key .demand.: Demand.base_volume = -<an integer"):
        ccsim.Scenario.from_dict(data)
    p = tmp_path / "big.toml"
    sc.to_toml(p)
    text = p.read_text(encoding="utf-8")
    assert "horizon_months = 60\n" in text
    p.write_text(text.replace("horizon_months = 60\n", "horizon_months = " + "9" * 5000 + "\n"),
                 encoding="utf-8")
    with pytest.raises(ccsim.ScenarioFileError, match=r"'finance.horizon_months' \(line \d+\): a number of 5,000 digits"):
        ccsim.Scenario.from_toml(p)


def test_a_utf8_bom_file_is_read(sc, tmp_path):
    p = tmp_path / "bom.toml"
    sc.to_toml(p)
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    assert ccsim.Scenario.from_toml(p) == sc
