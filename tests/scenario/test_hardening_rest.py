"""Hardening, the rest of issue 31: a break-even on an input its comparison never uses,
the sizing warning, tiny totals in the ledger's ratios, and a property test over the
corners of every documented range and every choice input."""

from __future__ import annotations

import pytest

import ccsim


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
