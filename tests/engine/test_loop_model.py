"""The benchmark's reference models implement the same model as the engine.

``tests/oracles/loop_model.py`` (the test oracle) holds the plain per-path Python loop and the per-case
(framework-style) model that the speed benchmarks compare the engine with. A speed
ratio only means something if they compute the same thing: fed the random numbers the
engine draws, they must reproduce its per-path outputs (which implies agreement in
distribution), and the scalar queueing references must match :mod:`ccsim.queueing`.
"""

from __future__ import annotations

import numpy as np
import pytest

import ccsim
from ccsim import queueing
from ccsim.engine.chunk import compute_chunk, draw_chunk
from ccsim.sampling.streams import ChunkStreams, SeedRoot
from tests.oracles import loop_model as models


@pytest.fixture(scope="module")
def chunk():
    sc = ccsim.default_scenario()
    draws, rnd = draw_chunk(sc, ChunkStreams(SeedRoot(20261122), 0, 1))
    return sc, draws, rnd, compute_chunk(sc, draws, rnd, False).paths


def test_loop_model_reproduces_engine_path_by_path(chunk):
    sc, draws, rnd, eng = chunk
    paths = range(0, 256, 16)  # 16 paths spread over the block
    lm = models.loop_model(sc, draws, rnd, paths)
    idx = list(paths)
    for k in models.LOOP_OUTPUTS:
        # same numbers, same formulas in a different order and scalar queueing: only
        # rounding differs (observed <= 3e-14); 1e-9 leaves room for other platforms
        # while any modelling difference (one agent, one month) is far larger.
        np.testing.assert_allclose(lm[k], eng[k][:, idx], rtol=1e-9, atol=1e-9, err_msg=k)


def _engine_matches_loop_model(sc, seed, paths):
    """Engine and loop model on the same draws of one block agree path by path on every
    output of :data:`LOOP_OUTPUTS` (1e-9, as above); returns the engine's outputs and the
    path indices compared."""
    draws, rnd = draw_chunk(sc, ChunkStreams(SeedRoot(seed), 0, 1))
    eng = compute_chunk(sc, draws, rnd, False).paths
    lm = models.loop_model(sc, draws, rnd, paths)
    idx = list(paths)
    for k in models.LOOP_OUTPUTS:
        np.testing.assert_allclose(lm[k], eng[k][:, idx], rtol=1e-9, atol=1e-9, err_msg=k)
    return eng, idx


def test_loop_model_reproduces_the_exit_decisions():
    """A scenario where vendors fail often (no oversight, a high bar, a short window and
    a short stabilisation, an escalation): the stabilisation window, rolling mean,
    escalation and the economic check must match the engine path by path."""
    sc = ccsim.default_scenario().with_overrides({
        "finance.horizon_months": 36,
        **{f"{o}.quality.oversight": 0.0 for o in ("onshore", "nearshore", "offshore", "hybrid")},
        **{f"{o}.contract.exit_threshold": 0.9 for o in ("onshore", "nearshore", "offshore", "hybrid")},
        **{f"{o}.contract.stabilisation_months": 2 for o in ("onshore", "nearshore", "offshore", "hybrid")},
        **{f"{o}.contract.escalation_months": 1 for o in ("nearshore", "offshore")},
        **{f"{o}.contract.escalation_months": 0 for o in ("onshore", "hybrid")},
        "customers.annual_margin": 2000.0,  # customers dear enough that leaving can pay
    })
    eng, idx = _engine_matches_loop_model(sc, 99, range(0, 256, 8))
    assert 0.05 < eng["exit_requested"][1:, idx].mean() < 0.95  # exits both happen and not


@pytest.mark.slow
def test_loop_model_reproduces_re_tenders():
    """Exit-prone offshore and hybrid options whose fallback is another vendor option
    (nearshore; onshore for the hybrid, whose onshore vendor may itself exit back
    in-house): the quote from the fallback's month on the same path, the switch to its
    parameters and streams, the new contract (go-live, commitment, set-up, term, exit
    clause) and an exit from the new vendor must match the engine path by path."""
    vendors = ("onshore", "nearshore", "offshore", "hybrid")
    sc = ccsim.default_scenario().with_overrides({
        "finance.horizon_months": 40,
        **{f"{o}.quality.oversight": 0.0 for o in ("offshore", "hybrid", "onshore")},
        **{f"{o}.contract.exit_threshold": 0.9 for o in vendors},
        **{f"{o}.contract.stabilisation_months": 2 for o in vendors},
        **{f"{o}.contract.escalation_months": 0 for o in vendors},
        "offshore.fallback": "nearshore", "hybrid.fallback": "onshore",
        "customers.annual_margin": 2000.0,
    })
    eng, idx = _engine_matches_loop_model(sc, 31, range(0, 256, 8))
    o_off, o_hyb = sc.option_names.index("offshore"), sc.option_names.index("hybrid")
    assert eng["exit_retendered"][o_off, idx].any() and eng["exit_retendered"][o_hyb, idx].any()
    back = eng["exit_requested"][o_hyb, idx] - eng["exit_retendered"][o_hyb, idx]
    assert (back >= 0).all()


def test_loop_model_reproduces_the_hybrid_routings():
    """Overflow and peak hybrids (and a split one of the same share, and in-house alone),
    including an exit-prone peak hybrid with a seasonal swing: the in-house capacity,
    the excess sent to the vendor, the peak season, the hiring for the kept peak calls
    and no go-live layoff must match the engine path by path."""
    sc = ccsim.default_scenario().with_overrides({
        "finance.horizon_months": 30, "demand.seasonal_amplitude": 0.25,
    })
    sc = sc.without_option("onshore").without_option("nearshore").without_option("offshore")
    for routing, share in (("overflow", 0.5), ("peak", 0.3)):
        sc = sc.with_option(ccsim.vendor_option(
            "offshore", name=f"hybrid_{routing}", vendor_share=share, routing=routing))
    sc = sc.with_option(ccsim.vendor_option(
        "nearshore", name="peak_exit", vendor_share=0.6, routing="peak",
        **{"quality.oversight": 0.0, "contract.exit_threshold": 0.9,
           "contract.stabilisation_months": 2, "contract.escalation_months": 0},
    ))
    _engine_matches_loop_model(sc, 7, range(0, 256, 16))


def test_loop_model_reproduces_by_type_routing():
    """by_type hybrids below and above the simple share (the vendor then answers some
    complex contacts too), one going live in waves and prone to exit: each team's
    contact mix, its handle time and resolution, the kept team's plan before go-live
    and an exit's team on the vendor's mix must match the engine path by path."""
    sc = ccsim.default_scenario().with_overrides({"finance.horizon_months": 30})
    sc = sc.without_option("onshore").without_option("nearshore").without_option("hybrid")
    sc = sc.with_option(ccsim.vendor_option(
        "offshore", name="typed_small", vendor_share=0.3, routing="by_type",
        **{"setup.waves": 3}))
    sc = sc.with_option(ccsim.vendor_option(
        "nearshore", name="typed_exit", vendor_share=0.85, routing="by_type",
        **{"quality.oversight": 0.0, "contract.exit_threshold": 0.9,
           "contract.stabilisation_months": 2, "contract.escalation_months": 0},
    ))
    sc = sc.with_overrides({"customers.annual_margin": 2000.0})
    eng, idx = _engine_matches_loop_model(sc, 11, range(0, 256, 16))
    assert eng["exit_requested"][-1, idx].any()  # the exit's team was sized on some path


def test_scalar_max_rate_matches_ccsim():
    for c, aht, tsl, tt in ((1, 300.0, 0.8, 20.0), (14, 180.0, 0.8, 20.0), (250, 420.0, 0.9, 15.0)):
        want = float(queueing.max_arrival_rate(c, aht, tsl, tt))
        assert models.max_rate_scalar(float(c), aht, tsl, tt) == pytest.approx(want, rel=1e-12)


def test_loop_model_agrees_in_distribution(chunk):
    sc, draws, rnd, eng = chunk
    # every path agreeing implies equal means; checked on a second set of paths so that
    # the per-option means of the two implementations are compared directly
    paths = range(3, 256, 32)
    lm = models.loop_model(sc, draws, rnd, paths)
    np.testing.assert_allclose(
        lm["npv_cost"].mean(axis=1), eng["npv_cost"][:, list(paths)].mean(axis=1), rtol=1e-9
    )


def test_case_model_is_engine_one_case_at_a_time(chunk):
    sc, draws, rnd, eng = chunk
    paths = range(5, 256, 64)
    cm = models.case_model(sc, draws, rnd, paths)
    for k, v in cm.items():
        # numpy on one element vs many: identical up to SIMD rounding in exp/log
        np.testing.assert_allclose(v, eng[k][:, list(paths)], rtol=1e-12, atol=1e-12, err_msg=k)


def test_scalar_queueing_references_match_ccsim():
    rng = np.random.default_rng(7)
    n = 200
    lam = rng.uniform(0.01, 0.5, n)
    aht = rng.uniform(200.0, 600.0, n)
    load = lam * aht
    c = np.floor(load) + rng.integers(1, 15, n)
    # Erlang B recursion vs ccsim's incomplete-gamma form: the queueing tests hold them
    # to 1e-9 relative; same tolerance here
    ref_c = np.array([models.erlang_c_scalar(a, int(k)) for a, k in zip(load, c, strict=True)])
    np.testing.assert_allclose(ref_c, queueing.erlang_c(load, c), rtol=1e-9)
    ref_n = [models.required_agents_scalar(x, y, 0.8, 20.0) for x, y in zip(lam, aht, strict=True)]
    # integer staffing must agree exactly
    np.testing.assert_array_equal(ref_n, queueing.required_agents(lam, aht, 0.8, 20.0))
    pat = rng.uniform(120.0, 300.0, n)
    res = queueing.erlang_a(lam, aht, c, pat, 20.0)
    sa = np.array(
        [models.erlang_a_scalar(*a, 20.0) for a in zip(lam, aht, c.astype(int), pat, strict=True)]
    )
    np.testing.assert_allclose(sa[:, 0], res.service_level, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(sa[:, 1], res.p_abandon, rtol=1e-9, atol=1e-12)


def test_loop_model_reproduces_waves_retention_and_vendor_growth():
    """Go-live in waves (with a layoff per wave), a retention bonus until go-live and the
    new agents of a growing vendor: the same path by path in both implementations."""
    sc = ccsim.default_scenario().with_overrides({
        "finance.horizon_months": 30,
        "offshore.setup.waves": 3,
        "hybrid.setup.waves": 2,
        "nearshore.setup.lead_months": 0.5,
        "staff.retention_bonus": 2_000.0,
        "staff.retention_attrition_multiplier": 0.4,
        "staff.overtime_cap": 0.03,
        "staff.temp_cap": 0.2,
    })
    _engine_matches_loop_model(sc, 7, range(1, 256, 12))
