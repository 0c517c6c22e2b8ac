"""Break-even that finds its number (issue 30, item 3): without a bracket the search
widens the input's assumed range outward in doubling steps, within the parameter's
documented limits, until the mean saving changes sign, and says plainly when it does not.

Every evaluation runs on one seed (common random numbers), so the saving curve is a
deterministic function of the input for a given seed and path count: the sign checks
below are exact for that seed, not statistical."""

from __future__ import annotations

import numpy as np
import pytest

import ccsim
import ccsim.sensitivity.breakeven as be_module

N, SEED = 200, 4
PRICE = "{}.staffing.price_per_hour"


@pytest.fixture(scope="module")
def scenario():
    return ccsim.default_scenario()


def _saving(scenario, option: str, x: float) -> float:
    """Mean saving of ``option`` over in-house with its price fixed at ``x``, simulated
    directly (the same two options, seed and paths as the search)."""
    two = scenario
    for o in scenario.option_names:
        if o not in (option, "in_house"):
            two = two.without_option(o)
    path = PRICE.format(option)
    two = two.with_overrides(correlations=tuple(c for c in two.correlations
                                                if path not in c[:2]))
    r = ccsim.simulate(two.with_overrides({path: x}), N, seed=SEED, progress=False)
    return float(np.mean(r.values("npv_cost", "in_house") - r.values("npv_cost", option)))


@pytest.mark.parametrize("option", ["nearshore", "offshore"])
def test_price_breakeven_is_found_beyond_the_assumed_range(scenario, option):
    """Both vendors save at every price of their assumed range (nearshore $14-22,
    offshore $8-14 an hour): the search must widen it and find the price."""
    be = ccsim.breakeven(scenario, PRICE.format(option), option=option,
                         baseline="in_house", n_paths=N, seed=SEED)
    assert be.status == "crossing" and be.value is not None
    assert be.widened and be.prior is not None
    lo, hi = be.prior
    assert be.value > hi  # beyond the assumed range: the old search found nothing
    assert be.bracket[0] == lo and be.bracket[1] > be.value
    # the doubling rule: the high end moved by w, 2w, 4w, ... (w = the range's width)
    w = hi - lo
    steps = [hi + w * (2**k - 1) for k in range(1, 8)]
    assert min(abs(be.bracket[1] - s) for s in steps) < 1e-9 * hi
    # independent check by simulate itself, half a dollar either side of the root
    assert _saving(scenario, option, be.value - 0.5) > 0 > _saving(scenario, option,
                                                                   be.value + 0.5)
    text = be.sentence()
    assert text.startswith(f"{ccsim.format.option_label(option)} stops paying")
    assert "e+" not in text and "$" in text


def test_no_break_even_says_so_and_names_the_documented_limit(scenario):
    """Offshore oversight runs from 0 to 1 (its documented range): offshore saves over
    in-house on all of it at these settings, so the search stops at both limits."""
    be = ccsim.breakeven(scenario, "offshore.quality.oversight", option="offshore",
                         n_paths=N, seed=SEED)
    assert be.status == "always_saves" and be.value is None
    assert be.bracket == (0.0, 1.0)
    assert "documented" in be.limits
    text = be.sentence()
    assert "the documented limit" in text and "no break-even" in text


def test_the_search_stops_after_its_widenings_and_says_how_far_it_went(scenario,
                                                                       monkeypatch):
    """With one widening allowed, offshore's price goes from $8-14 to $8-20 an hour,
    short of its break-even (above $20): no number, and the sentence says the search
    stopped there rather than claiming a limit."""
    monkeypatch.setattr(be_module, "MAX_WIDENINGS", 1)
    be = ccsim.breakeven(scenario, PRICE.format("offshore"), option="offshore",
                         n_paths=N, seed=SEED)
    assert be.status == "always_saves" and be.value is None
    lo, hi = be.prior
    assert be.bracket == pytest.approx((lo, hi + (hi - lo)))
    assert be.limits == ("", "searched")
    assert "as far as the search went" in be.sentence()


def test_a_given_bracket_is_searched_as_given(scenario):
    be = ccsim.breakeven(scenario, PRICE.format("offshore"), option="offshore",
                         n_paths=N, seed=SEED, bracket=(8.0, 14.0))
    assert be.status == "always_saves" and not be.widened
    assert be.bracket == (8.0, 14.0) and len(be.curve) == 2
    assert "no break-even" not in be.sentence()
