"""The engine's tabulated Erlang A (:mod:`ccsim.queueing._tables`) against the exact one.

The tables claim a relative error of at most ``TOL = 1e-10`` for every value they serve
(per-cell bounds), and service level and abandonment within 1e-9 of
:func:`ccsim.queueing.erlang_a`. These tests check the claims against the exact special
functions on random points, on wide random queues, on the default scenario's own
arguments and through a whole engine chunk.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import ccsim
from ccsim.engine import chunk as engine
from ccsim.queueing import _tables as et
from ccsim.queueing import formulas
from ccsim.sampling import streams

#: documented bound on the service level and abandonment probability (absolute)
OUT_TOL = 1e-9


@pytest.mark.parametrize("kind", ["B", "r"])
def test_table_error_within_its_bound(kind: str) -> None:
    # The per-cell bound is an estimate (4x the error seen at the cell's centre and edge
    # midpoints); it must hold at points it was not built from.
    bnd = et.tables()[1] if kind == "B" else et.tables()[3]
    rng = np.random.default_rng(11)
    n_pts = 40_000
    u = rng.uniform(0.005, et.U_MAX, n_pts)
    w = rng.uniform(et.W_MIN, et.W_MAX, n_pts)
    n = 1.0 / (u * u)
    arg = n * np.exp(-w * u)
    served = np.ones(n_pts, dtype=bool)
    got = et.lookup(kind, n, arg, served)
    # the cell each point falls in, and its bound
    sq = np.sqrt(n)
    iu = ((et.NU / et.U_MAX) / sq).astype(int)
    iz = ((sq * np.log(n / arg) - et.W_MIN) * (et.NW / (et.W_MAX - et.W_MIN))).astype(int)
    bound = bnd[np.clip(iu, 0, et.NU - 1), np.clip(iz, 0, et.NW - 1)]
    # the coordinates the lookup actually used (rounding of n and arg aside)
    exact = et._f_exact(kind, 1.0 / np.sqrt(n), np.sqrt(n) * np.log(n / arg))
    assert np.all(bound[served] <= et.TOL)
    assert served.mean() > 0.6  # the test is not vacuous: most of the domain is served
    err = np.abs(got[served] - exact[served])
    assert np.all(err <= bound[served]), float(np.max(err / bound[served]))
    assert err.max() <= et.TOL


def test_table_limit_is_jagerman() -> None:
    # at u = 0 the tables hold the normal limit; the exact function must approach it at
    # first order in u (halving u halves the gap), or the table's first row is wrong;
    # u = 1e-3 is c = 10^6, beyond which scipy's incomplete gamma itself loses accuracy
    z = np.linspace(-5.0, 5.0, 21)
    for kind in ("B", "r"):
        lim = et._f_exact(kind, np.zeros_like(z), z)
        gap1 = np.abs(et._f_exact(kind, np.full_like(z, 1e-3), z) - lim)
        gap2 = np.abs(et._f_exact(kind, np.full_like(z, 2e-3), z) - lim)
        assert np.all(gap1 < 0.03)
        np.testing.assert_allclose(gap1 / gap2, 0.5, atol=0.01)


def test_stirlerr_series_matches_direct_formula() -> None:
    # the asymptotic series (used from v = 15) against log Gamma directly, where the
    # direct formula's cancellation error is ~ v log v * eps < 1e-13
    v = np.linspace(15.0, 60.0, 200)
    direct = (np.asarray([math.lgamma(x + 1.0) for x in v]) - (v + 0.5) * np.log(v) + v
              - 0.5 * math.log(2.0 * math.pi))
    np.testing.assert_allclose(et._stirlerr(v), direct, rtol=0, atol=1e-13)


def _exact(lam: np.ndarray, aht: np.ndarray, c: np.ndarray, pat: np.ndarray,
           t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    res = formulas._erlang_a_core(lam, aht, c, pat, t)
    return res.service_level, res.p_abandon


def test_service_and_abandonment_match_exact_on_wide_random_queues() -> None:
    rng = np.random.default_rng(3)
    n = 60_000
    c = rng.integers(1, 600, n).astype(float)
    aht = rng.uniform(60.0, 900.0, n)
    load = c * rng.uniform(0.2, 1.6, n)
    lam = load / aht
    pat = rng.uniform(20.0, 1500.0, n)
    t = rng.uniform(0.0, 180.0, n)
    sl, ab = et.service_and_abandonment(lam, aht, c, pat, t)
    sl_x, ab_x = _exact(lam, aht, c, pat, t)
    assert np.all(np.isfinite(sl)) and np.all(np.isfinite(ab))
    assert np.max(np.abs(sl - sl_x)) <= OUT_TOL
    assert np.max(np.abs(ab - ab_x)) <= OUT_TOL
    assert np.all((sl >= 0) & (sl <= 1) & (ab >= 0) & (ab <= 1))


def test_cases_outside_the_tables_are_exact() -> None:
    # infinite patience or target time and fewer than 4 agents take the exact formulas
    lam = np.array([0.05, 0.05, 0.01, 0.02, 0.3])
    aht = np.array([300.0, 300.0, 200.0, 250.0, 180.0])
    c = np.array([20.0, 20.0, 1.0, 3.0, 60.0])
    pat = np.array([np.inf, 180.0, 120.0, 300.0, 200.0])
    t = np.array([20.0, np.inf, 20.0, 20.0, 20.0])
    sl, ab = et.service_and_abandonment(lam, aht, c, pat, t)
    sl_x, ab_x = _exact(lam, aht, c, pat, t)
    np.testing.assert_array_equal(sl[:4], sl_x[:4])
    np.testing.assert_array_equal(ab[:4], ab_x[:4])
    assert abs(sl[4] - sl_x[4]) <= OUT_TOL and abs(ab[4] - ab_x[4]) <= OUT_TOL


def test_default_scenario_arguments_are_served_by_the_tables() -> None:
    # The speed-up rests on the tables serving nearly every evaluation the engine makes;
    # capture the arguments of a 256-path run and check coverage and accuracy.
    seen: list[tuple[np.ndarray, ...]] = []
    orig = et.service_and_abandonment

    def spy(*a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        seen.append(tuple(np.array(x) for x in a))
        return orig(*a)

    et.service_and_abandonment = spy  # type: ignore[assignment]
    try:
        engine.run_chunk(ccsim.default_scenario(), streams.SeedRoot(5), 0, 1, keep_monthly=False)
    finally:
        et.service_and_abandonment = orig  # type: ignore[assignment]
    lam, aht, c, pat, t = (np.concatenate(x) for x in zip(*seen, strict=True))
    sl, ab, served = et.tabulated(lam, aht, c, pat, t)
    exact = ~served
    assert exact.mean() < 0.02
    sl_x, ab_x = _exact(lam[~exact], aht[~exact], c[~exact], pat[~exact], t[~exact])
    assert np.max(np.abs(sl[~exact] - sl_x)) <= OUT_TOL
    assert np.max(np.abs(ab[~exact] - ab_x)) <= OUT_TOL


def test_engine_outputs_match_the_exact_erlang_a(monkeypatch: pytest.MonkeyPatch) -> None:
    # A whole chunk with exact Erlang A: the 1e-9 output bound moves costs and CSAT by
    # far less than 1e-9 relative, and no integer decision (staffing, hiring, exits) flips.
    sc = ccsim.default_scenario()
    root = streams.SeedRoot(7)
    fast = engine.run_chunk(sc, root, 0, 2, keep_monthly=True)

    def exact(lam: np.ndarray, aht: np.ndarray, c: np.ndarray, pat: np.ndarray,
              t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return _exact(lam, aht, c, pat, t)

    monkeypatch.setattr(et, "service_and_abandonment", exact)
    ref = engine.run_chunk(sc, root, 0, 2, keep_monthly=True)
    for k, v in ref.paths.items():
        np.testing.assert_allclose(fast.paths[k], v, rtol=1e-9, atol=1e-12, err_msg=k)
    # headcount_mean and local_jobs_removed hold the vendor's FTE, continuous since staffing
    # is planned interval by interval (their float-level differences are covered by the
    # allclose above); the integer decisions must not flip
    for k in ("exit_requested", "locked_in_months", "breaches"):
        np.testing.assert_array_equal(fast.paths[k], ref.paths[k], err_msg=k)
    assert fast.monthly is not None and ref.monthly is not None
    for k, v in ref.monthly.items():
        np.testing.assert_allclose(fast.monthly[k], v, rtol=1e-6, err_msg=k)
