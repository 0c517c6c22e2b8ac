"""The what-if panel's redraws reuse the previous one's work (issue 32, item 3).

A redraw keeps the random numbers it drew and, when a slider moves on a vendor option's
input, simulates only the options that input can reach. Whatever it reuses, its result
must be the one a fresh ``simulate`` of ``scenario_at(values)`` on the same seed gives,
bit for bit; and a change of seed, paths or the scenario itself starts afresh.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

import ccsim
from ccsim.present.whatif import WhatIf

N = 100  # one block of 256 paths, of which the first 100 are kept
SHORT = {"finance.horizon_months": 24}  # where the default horizon adds nothing but time
PRICES = [f"{o}.staffing.price_per_hour" for o in ("onshore", "nearshore", "offshore", "hybrid")]


def _fresh(w: WhatIf, values: dict[str, float]) -> ccsim.Result:
    return ccsim.simulate(w.scenario_at(values), w.n_paths, seed=w.seed, keep_monthly=False,
                          progress=False)


def _assert_same(got: ccsim.Result, want: ccsim.Result) -> None:
    assert got.n_paths == want.n_paths and got.options == want.options
    assert list(got.outputs) == list(want.outputs)
    for k, v in want.outputs.items():
        np.testing.assert_array_equal(got.outputs[k], v, err_msg=k, strict=True)
    assert list(got.inputs) == list(want.inputs)
    for k, v in want.inputs.items():
        np.testing.assert_array_equal(got.inputs[k], v, err_msg=k, strict=True)


def _move(w: WhatIf, values: dict[str, float], path: str, at: float) -> dict[str, float]:
    spec = next(s for s in w.sliders if s.input == path)
    return {**values, path: spec.low + at * (spec.high - spec.low)}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_redraws_equal_fresh_runs_bit_for_bit():
    """Slider moves on vendor prices (one option rerun), on a shared input (every option)
    and to the values already shown: each result is a fresh run's."""
    w = WhatIf(ccsim.default_scenario().with_overrides(SHORT), n_paths=N, seed=7)
    values = {s.input: s.value for s in w.sliders}
    first = w.update(values)
    _assert_same(first, _fresh(w, values))
    moves = [("offshore.staffing.price_per_hour", 0.9, ["offshore"]),
             ("demand.base_volume", 0.2, list(first.options)),
             ("hybrid.staffing.price_per_hour", 0.1, ["hybrid"])]
    for path, at, recomputed in moves:
        values = _move(w, values, path, at)
        res = w.update(values)
        assert res.meta["recomputed_options"] == recomputed, path
        _assert_same(res, _fresh(w, values))
    again = w.update(values)  # nothing moved: the same numbers, nothing simulated
    _assert_same(again, _fresh(w, values))
    assert w._kept is not None and w._kept.streams.hits > 0  # the draws were reused


def test_redraws_follow_re_tenders():
    """Offshore re-tenders to nearshore, hybrid to onshore, on exit-prone contracts: a
    nearshore price reaches offshore too (its rows read nearshore's vendor after a
    switch); an offshore price reaches offshore only. Both equal fresh runs."""
    vendors = ("onshore", "nearshore", "offshore", "hybrid")
    sc = ccsim.default_scenario().with_overrides({
        **SHORT,
        **{f"{o}.quality.oversight": 0.0 for o in vendors},
        **{f"{o}.contract.exit_threshold": 0.9 for o in vendors},
        **{f"{o}.contract.stabilisation_months": 2 for o in vendors},
        **{f"{o}.contract.escalation_months": 0 for o in vendors},
        "offshore.fallback": "nearshore", "hybrid.fallback": "onshore",
        "customers.annual_margin": 2000.0,
    })
    w = WhatIf(sc, n_paths=N, seed=31, inputs=PRICES)
    values = {s.input: s.value for s in w.sliders}
    first = w.update(values)
    o_off = first.options.index("offshore")
    assert first.outputs["exit_retendered"][o_off].any(), "re-tenders happen"
    for path, at, recomputed in [("nearshore.staffing.price_per_hour", 0.95,
                                  ["nearshore", "offshore"]),
                                 ("offshore.staffing.price_per_hour", 0.05, ["offshore"]),
                                 ("onshore.staffing.price_per_hour", 0.6, ["onshore", "hybrid"])]:
        values = _move(w, values, path, at)
        res = w.update(values)
        assert res.meta["recomputed_options"] == recomputed, path
        _assert_same(res, _fresh(w, values))


@pytest.mark.parametrize("change", ["seed", "n_paths", "scenario"])
def test_a_new_seed_paths_or_scenario_starts_afresh(change):
    """The same slider values after a change of seed, paths or a part of the scenario no
    slider sets: the result is a fresh run of the new settings, not the kept one."""
    w = WhatIf(ccsim.default_scenario().with_overrides(SHORT), n_paths=N, seed=3, inputs=PRICES)
    values = {s.input: s.value for s in w.sliders}
    old = w.update(values)
    if change == "seed":
        w.seed = 4
    elif change == "n_paths":
        w.n_paths = 60
    else:
        w.scenario = w.scenario.with_overrides({"customers.annual_margin": 900.0})
    new = w.update(values)
    _assert_same(new, _fresh(w, values))
    if change == "n_paths":  # path i depends only on the seed and i
        assert new.n_paths == 60 != old.n_paths
    else:
        assert not np.array_equal(new.outputs["npv_cost"], old.outputs["npv_cost"])


def test_leaving_an_input_uncertain_reruns_every_option():
    """A slider released (``None``: the input drawn again) changes which inputs are
    drawn: every option is rerun, and the result is a fresh run's."""
    w = WhatIf(ccsim.default_scenario().with_overrides(SHORT), n_paths=N, seed=5, inputs=PRICES)
    values: dict[str, float | None] = {s.input: s.value for s in w.sliders}
    w.update(values)
    values["onshore.staffing.price_per_hour"] = None
    res = w.update(values)
    assert "onshore.staffing.price_per_hour" in res.inputs
    assert res.meta["recomputed_options"] == list(res.options)
    _assert_same(res, _fresh(w, values))


def test_status_is_the_verdict_of_decide():
    """The verdict line is computed without the flips and the bootstrap; it is the same
    sentence :func:`ccsim.decide` writes with them."""
    w = WhatIf(ccsim.default_scenario().with_overrides(SHORT), n_paths=N, seed=9, inputs=PRICES,
               budget=70e6)
    res = w.update({"offshore.staffing.price_per_hour": 13.5})
    assert w.status == res.decide(budget=70e6).verdict
