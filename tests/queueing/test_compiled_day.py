"""The compiled day against the numpy reference path (``CCSIM_ENGINE``).

Both paths size the same intervals to the same whole agents (the staffing search is
exact on both); the Erlang A service level and abandonment come from the same
error-bounded tables, with scalar instead of vectorized ``exp``/``log`` and a few
arguments rearranged, so they may differ in their last bits. Every per-path output of
whole scenarios (default, overflow, peak, by_type hybrids, re-tenders) must agree within
1e-9 relative (the tolerance the engine allows its tabulated Erlang A against the exact
one); the kernels themselves are compared on wide random queues, the fallbacks included.
"""

from __future__ import annotations

import numpy as np
import pytest

import ccsim
from ccsim.engine.chunk import run_chunk
from ccsim.mechanisms import intraday, staffing
from ccsim.sampling.streams import SeedRoot

RTOL = 1e-9  # relative, on |x| >= 1; absolute below (shares, probabilities)

VENDORS = ("onshore", "nearshore", "offshore", "hybrid")
EXIT_PRONE = {
    **{f"{o}.quality.oversight": 0.0 for o in ("offshore", "hybrid", "onshore")},
    **{f"{o}.contract.exit_threshold": 0.9 for o in VENDORS},
    **{f"{o}.contract.stabilisation_months": 2 for o in VENDORS},
    **{f"{o}.contract.escalation_months": 0 for o in VENDORS},
    "customers.annual_margin": 2000.0,
}


def _hybrids() -> ccsim.Scenario:
    sc = ccsim.default_scenario().with_overrides({"finance.horizon_months": 30,
                                                  "demand.seasonal_amplitude": 0.25,
                                                  "customers.annual_margin": 2000.0})
    sc = sc.without_option("onshore").without_option("nearshore").without_option("offshore")
    for routing, share in (("overflow", 0.5), ("peak", 0.3), ("by_type", 0.85)):
        sc = sc.with_option(ccsim.vendor_option(
            "offshore", name=f"hybrid_{routing}", vendor_share=share, routing=routing,
            **{"quality.oversight": 0.0, "contract.exit_threshold": 0.9,
               "contract.stabilisation_months": 2, "contract.escalation_months": 0}))
    return sc.with_option(ccsim.vendor_option("nearshore", name="typed_waves", vendor_share=0.3,
                                              routing="by_type", **{"setup.waves": 3}))


SCENARIOS = {
    "default": lambda: ccsim.default_scenario(),
    "hybrids": _hybrids,
    "retender": lambda: ccsim.default_scenario().with_overrides({
        "finance.horizon_months": 40, **EXIT_PRONE,
        "offshore.fallback": "nearshore", "hybrid.fallback": "onshore"}),
    # a handle time that underflows to 0 (a subnormal aht_s times a factor below 1): no
    # load on both paths (the compiled day divided by it)
    "aht_underflow": lambda: ccsim.default_scenario().with_overrides({
        "finance.horizon_months": 6, "service.aht_s": 5e-324, "staff.aht_noise_sd": 1.0,
        "hybrid.routing": "overflow", **{f"{o}.handle_time.tech_factor": 0.1 for o in VENDORS}}),
}


def _run(scenario: ccsim.Scenario, engine: str, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.setenv("CCSIM_ENGINE", engine)
    return run_chunk(scenario, SeedRoot(20261207), 0, 2, keep_monthly=True)


def _close(a: np.ndarray, b: np.ndarray, what: str) -> None:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    assert a.shape == b.shape, what
    np.testing.assert_array_equal(np.isfinite(a), np.isfinite(b), err_msg=what)
    fin = np.isfinite(a)
    np.testing.assert_allclose(a[fin], b[fin], rtol=RTOL, atol=RTOL, err_msg=what)


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_output_matches_the_numpy_path(name, monkeypatch):
    sc = SCENARIOS[name]()
    ref = _run(sc, "numpy", monkeypatch)
    got = _run(sc, "compiled", monkeypatch)
    assert sorted(ref.paths) == sorted(got.paths)
    for k in ref.paths:
        _close(got.paths[k], ref.paths[k], k)
    assert ref.monthly is not None and got.monthly is not None
    for k in ref.monthly:  # float32 trajectories: the same to float32 rounding
        np.testing.assert_allclose(got.monthly[k], ref.monthly[k], rtol=1e-6, atol=1e-6,
                                   err_msg=k)
    # the scenario exercised what it is named for
    if name == "retender":
        assert ref.paths["exit_retendered"].any()
    if name == "hybrids":
        assert ref.paths["exit_requested"].any()


def test_the_day_kernels_match_on_wide_random_queues(monkeypatch):
    """Random days (light to saturated traffic, short and long handle times, rosters from
    none to hundreds of agents, finite and infinite patience): the same agents per
    interval, service level and abandonment within 1e-9; elements below 4 agents and
    outside the tables take the exact fallbacks on both paths."""
    rng = np.random.default_rng(5)
    o, p = 7, 600
    volume = np.exp(rng.uniform(np.log(10.0), np.log(3e5), (o, p)))
    volume[0, :50] = 0.0  # no traffic
    aht = rng.uniform(60.0, 900.0, (o, p))
    prof = intraday.profile(rng.uniform(1.0, 1.6, p))[:, None, :]
    hours = rng.uniform(200.0, 400.0, p)
    target_sl = rng.uniform(0.5, 0.95, p)
    target_time = np.where(rng.random(p) < 0.05, np.inf, rng.uniform(5.0, 60.0, p))
    patience = np.where(rng.random(p) < 0.05, np.inf, rng.uniform(30.0, 600.0, p))
    kw = dict(volume=volume, aht=aht, profile=prof, open_hours=hours, target_sl=target_sl,
              target_time=target_time)
    monkeypatch.setenv("CCSIM_ENGINE", "numpy")
    per_ref, mean_ref = staffing.interval_plan(**kw)
    monkeypatch.setenv("CCSIM_ENGINE", "compiled")
    per, mean = staffing.interval_plan(**kw)
    np.testing.assert_array_equal(per, per_ref)
    np.testing.assert_array_equal(mean, mean_ref)
    # rosters around the plan, some short, some empty, some far above it
    roster = np.floor(per_ref * rng.uniform(0.0, 1.6, per_ref.shape) + 0.5)
    roster[:, 1, :30] = rng.integers(0, 4, (roster.shape[0], 30))  # the exact fallback
    out = {}
    for engine in ("numpy", "compiled"):
        monkeypatch.setenv("CCSIM_ENGINE", engine)
        out[engine] = staffing.realise_day(volume=volume, profile=prof, open_hours=hours,
                                           aht=aht, agents=roster, patience=patience,
                                           target_time=target_time)
    for a, b, what in zip(out["compiled"], out["numpy"], ("service level", "abandonment"),
                          strict=True):
        np.testing.assert_allclose(a, b, rtol=0.0, atol=1e-9, err_msg=what)
    assert out["numpy"][0].min() < 0.5 < out["numpy"][0].max()  # light and saturated days


def test_a_bad_engine_name_is_refused(monkeypatch):
    monkeypatch.setenv("CCSIM_ENGINE", "fortran")
    with pytest.raises(ValueError, match=r"CCSIM_ENGINE = 'fortran' is not one of compiled, numpy"):
        staffing.interval_plan(volume=np.array([100.0]), aht=300.0,
                               profile=np.ones((6, 1)), open_hours=360.0, target_sl=0.8,
                               target_time=20.0)
