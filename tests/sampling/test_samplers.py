"""Samplers (mc, lhs, sobol, designs) and rank correlations of uncertain inputs."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy import stats

import ccsim
from ccsim.sampling.inputs import (
    MARKET_INPUTS,
    CorrelationWarning,
    InputDesign,
    check_sampler,
    correlation_matrix,
    draw_inputs,
    input_uniforms,
    nearest_correlation,
)
from ccsim.sampling.streams import BLOCK, ChunkStreams, SeedRoot

SAMPLERS = ("mc", "lhs", "sobol")
CORR = (
    ("demand.base_volume", "service.aht_s", 0.7),
    ("staff.hourly_cost", "service.aht_s", -0.4),
)


@pytest.fixture(scope="module")
def sc() -> ccsim.Scenario:
    return ccsim.default_scenario()


@pytest.fixture(scope="module")
def sc2(sc: ccsim.Scenario) -> ccsim.Scenario:
    """Two options only, for fast end-to-end runs."""
    return sc.without_option("onshore").without_option("nearshore").without_option("hybrid")


def test_mc_draws_are_the_named_streams(sc):
    # independent reconstruction: each input is ppf of its own stream "param/<path>",
    # a market input (wage inflation, currency drift) that of its location
    st = ChunkStreams(SeedRoot(11), 2, 4)
    x = draw_inputs(sc, st, "mc")
    location = {o.name: o.location for o in sc.options}
    for p, d in sc.uncertain_inputs():
        head, _, rest = p.partition(".")
        key = f"{location[head]}/{rest}" if rest in MARKET_INPUTS and head in location else p
        u = np.concatenate([SeedRoot(11).generator(f"param/{key}", b).random(BLOCK) for b in (2, 3)])
        np.testing.assert_array_equal(x[p], d.ppf(u))


@pytest.mark.parametrize("sampler", SAMPLERS)
def test_market_inputs_are_shared_by_the_options_at_one_location(sc, sampler):
    """Offshore and hybrid agents sit in the same labour market: one wage-inflation draw
    per path; removing hybrid leaves offshore's draws unchanged (mc, lhs); a correlation
    or a design that sets offshore's uniform carries hybrid's with it."""
    w_off, w_hyb = "offshore.contract.wage_inflation_annual", "hybrid.contract.wage_inflation_annual"
    st = ChunkStreams(SeedRoot(21), 0, 2)
    x = draw_inputs(sc, st, sampler)
    np.testing.assert_array_equal(x[w_off], x[w_hyb])
    assert np.std(x[w_off]) > 0.005  # still uncertain, not a constant
    # a different location (nearshore) keeps its own draw
    w_near = "nearshore.contract.wage_inflation_annual"
    assert not np.array_equal(stats.rankdata(x[w_near]), stats.rankdata(x[w_off]))
    if sampler != "sobol":  # Sobol' dimensions follow the list of inputs
        alone = draw_inputs(sc.without_option("hybrid"), st, sampler)
        np.testing.assert_array_equal(alone[w_off], x[w_off])
    scc = sc.with_overrides(correlations=[(w_off, "demand.base_volume", 0.8)])
    xc = draw_inputs(scc, ChunkStreams(SeedRoot(21), 0, 20), sampler)
    np.testing.assert_array_equal(xc[w_off], xc[w_hyb])
    assert stats.spearmanr(xc[w_hyb], xc["demand.base_volume"])[0] > 0.7
    u = np.linspace(0.01, 0.99, 100)
    xd = draw_inputs(sc, st, InputDesign({w_off: u}, base=sampler))
    np.testing.assert_array_equal(xd[w_hyb][:100], xd[w_off][:100])


@pytest.mark.parametrize("sampler", SAMPLERS)
def test_draws_do_not_depend_on_chunking(sc, sampler):
    whole = draw_inputs(sc.with_overrides(correlations=CORR), ChunkStreams(SeedRoot(5), 0, 3), sampler)
    parts = [
        draw_inputs(sc.with_overrides(correlations=CORR), ChunkStreams(SeedRoot(5), b, b + 1), sampler)
        for b in range(3)
    ]
    for p in whole:
        np.testing.assert_array_equal(whole[p], np.concatenate([q[p] for q in parts]))


@pytest.mark.parametrize("sampler", ["lhs", "sobol"])
def test_simulate_bit_identical_across_chunk_sizes(sc2, sampler):
    a = ccsim.simulate(sc2, 512, seed=3, sampler=sampler, chunk_size=256, keep_monthly=False)
    b = ccsim.simulate(sc2, 512, seed=3, sampler=sampler, chunk_size=4096, keep_monthly=False)
    for k in a.outputs:
        np.testing.assert_array_equal(a.outputs[k], b.outputs[k])
    c = ccsim.simulate(sc2, 512, seed=3, sampler="mc", keep_monthly=False)
    assert not np.array_equal(a.outputs["npv_cost"], c.outputs["npv_cost"])


def test_lhs_one_point_per_stratum_per_block(sc):
    u = input_uniforms(sc, ChunkStreams(SeedRoot(1), 0, 3), "lhs")
    for p, arr in u.items():
        for b in range(3):
            cells = np.floor(arr[b * BLOCK : (b + 1) * BLOCK] * BLOCK).astype(int)
            assert np.array_equal(np.sort(cells), np.arange(BLOCK)), p


def test_sobol_points_are_a_net_per_block(sc):
    # a scrambled Sobol' block of 2^8 points: each coordinate has one point per
    # 1/256 interval, and the first two coordinates form a (0, 8, 2)-net: one point
    # in each of the 16 x 16 squares.
    u = input_uniforms(sc, ChunkStreams(SeedRoot(1), 0, 2), "sobol")
    names = [p for p, _ in sc.uncertain_inputs()]
    for b in range(2):
        sl = slice(b * BLOCK, (b + 1) * BLOCK)
        for p in names[:10]:
            cells = np.floor(u[p][sl] * BLOCK).astype(int)
            assert np.array_equal(np.sort(cells), np.arange(BLOCK))
        i = np.floor(u[names[0]][sl] * 16).astype(int)
        j = np.floor(u[names[1]][sl] * 16).astype(int)
        counts = np.bincount(16 * i + j, minlength=256)
        assert np.all(counts == 1)


def test_stratified_samplers_reduce_variance_of_block_means(sc):
    # MC block mean of a uniform has sd 1/sqrt(12 * 256) = 0.018; LHS / Sobol' have
    # sd below 1/(256 sqrt(12)) = 0.0011 (one point per stratum). 40 blocks.
    p = "demand.trend_annual"
    sds = {}
    for s in SAMPLERS:
        u = input_uniforms(sc, ChunkStreams(SeedRoot(2), 0, 40), s)[p]
        sds[s] = u.reshape(40, BLOCK).mean(axis=1).std(ddof=1)
    assert sds["mc"] > 0.01
    assert sds["lhs"] < 0.0015
    assert sds["sobol"] < 0.0015


def test_correlations_reach_target_and_keep_marginals(sc):
    scc = sc.with_overrides(correlations=CORR)
    n_blocks = 40
    for sampler in ("mc", "lhs"):
        st = ChunkStreams(SeedRoot(9), 0, n_blocks)
        x = draw_inputs(scc, st, sampler)
        x0 = draw_inputs(sc, st, sampler)
        n = st.n_paths
        for a, b, rho in CORR:
            r = stats.spearmanr(x[a], x[b])[0]
            # Fieller-Hartley-Pearson: sd of Fisher-z of Spearman ~ sqrt(1.06 / (n - 3));
            # on the rho scale multiply by (1 - rho^2); 4 standard errors
            tol = 4 * math.sqrt(1.06 / (n - 3)) * (1 - rho**2)
            assert abs(r - rho) < tol, (sampler, a, b, r)
        # marginals exactly unchanged: Iman-Conover only re-orders values within a block
        for p in x:
            for blk in range(0, n_blocks, 13):
                sl = slice(blk * BLOCK, (blk + 1) * BLOCK)
                np.testing.assert_array_equal(np.sort(x[p][sl]), np.sort(x0[p][sl]))
        # uncorrelated inputs are untouched
        np.testing.assert_array_equal(x["demand.trend_annual"], x0["demand.trend_annual"])


def test_uncorrelated_pair_stays_independent(sc):
    scc = sc.with_overrides(correlations=CORR)
    st = ChunkStreams(SeedRoot(4), 0, 40)
    x = draw_inputs(scc, st, "mc")
    r = stats.spearmanr(x["demand.base_volume"], x["staff.hourly_cost"])[0]
    # both are correlated with aht_s, but the target matrix sets their own pair to 0
    assert abs(r) < 4 * math.sqrt(1.06 / (st.n_paths - 3))


def test_nearest_correlation_matches_higham_example():
    # Higham (2002), section 4: the nearest correlation matrix to [[1,1,0],[1,1,1],[0,1,1]]
    a = np.array([[1.0, 1, 0], [1, 1, 1], [0, 1, 1]])
    x = nearest_correlation(a)
    expected = np.array([[1, 0.7607, 0.1573], [0.7607, 1, 0.7607], [0.1573, 0.7607, 1]])
    np.testing.assert_allclose(x, expected, atol=1e-4)
    assert np.linalg.eigvalsh(x).min() > -1e-10
    # optimality: no random correlation matrix is closer
    rng = np.random.default_rng(0)
    best = np.linalg.norm(x - a)
    for _ in range(200):
        g = rng.standard_normal((3, 5))
        c = np.corrcoef(g)
        assert np.linalg.norm(c - a) >= best - 1e-8


def test_non_psd_is_repaired_with_warning_or_rejected(sc):
    bad = (
        ("demand.base_volume", "service.aht_s", 0.9),
        ("staff.hourly_cost", "service.aht_s", 0.9),
        ("demand.base_volume", "staff.hourly_cost", -0.9),
    )
    scb = sc.with_overrides(correlations=bad)
    with pytest.raises(ValueError, match="not positive semi-definite"):
        correlation_matrix(scb, strict=True)
    with pytest.warns(CorrelationWarning, match="nearest valid matrix"):
        _names, c = correlation_matrix(scb)
    assert np.linalg.eigvalsh(c).min() > -1e-10
    np.testing.assert_allclose(np.diag(c), 1.0)
    with pytest.warns(CorrelationWarning):
        x = draw_inputs(scb, ChunkStreams(SeedRoot(1), 0, 1), "mc")
    assert all(np.all(np.isfinite(v)) for v in x.values())
    # the user's way of being strict during a simulation
    with warnings.catch_warnings():
        warnings.simplefilter("error", CorrelationWarning)
        with pytest.raises(CorrelationWarning):
            draw_inputs(scb, ChunkStreams(SeedRoot(1), 0, 1), "mc")


def test_psd_matrix_gives_no_warning(sc):
    names, c = correlation_matrix(sc.with_overrides(correlations=CORR), strict=True)
    assert names == ("demand.base_volume", "service.aht_s", "staff.hourly_cost")
    assert c[0, 1] == 0.7 and c[1, 2] == -0.4 and c[0, 2] == 0.0


def test_bad_sampler_is_rejected_before_running(sc):
    with pytest.raises(ValueError, match="sampler = 'halton'"):
        check_sampler("halton")
    with pytest.raises(ValueError, match="sampler"):
        ccsim.simulate(sc, 256, seed=1, sampler="halton")


def test_input_design_sets_rows_and_keeps_others(sc):
    n = 300
    u = np.linspace(0.01, 0.99, n)
    d = InputDesign({"demand.trend_annual": u})
    st = ChunkStreams(SeedRoot(1), 0, 2)
    x = draw_inputs(sc, st, d)
    x0 = draw_inputs(sc, st, "mc")
    dist = dict(sc.uncertain_inputs())["demand.trend_annual"]
    np.testing.assert_array_equal(x["demand.trend_annual"][:n], dist.ppf(u))
    np.testing.assert_array_equal(x["demand.trend_annual"][n:], x0["demand.trend_annual"][n:])
    np.testing.assert_array_equal(x["service.aht_s"], x0["service.aht_s"])
    with pytest.raises(ValueError, match=r"\(0, 1\)"):
        InputDesign({"demand.trend_annual": np.array([0.0, 0.5])})
    with pytest.raises(KeyError, match="not an uncertain input"):
        draw_inputs(sc, st, InputDesign({"nope.x": np.full(3, 0.5)}))


def test_repaired_correlations_are_reached_and_printed(sc):
    # a non-PSD target: the matrix the warning prints is the one imposed, and the
    # achieved Spearman correlations match it (not the unrepaired target)
    bad = (
        ("demand.base_volume", "service.aht_s", 0.9),
        ("staff.hourly_cost", "service.aht_s", 0.9),
        ("demand.base_volume", "staff.hourly_cost", -0.9),
    )
    scb = sc.with_overrides(correlations=bad)
    with pytest.warns(CorrelationWarning) as rec:
        names, c = correlation_matrix(scb)
    msg = str(rec[0].message)
    for v in (c[0, 1], c[0, 2], c[1, 2]):
        assert f"{v:.4f}".rstrip("0") in msg
    # repaired in normal-score space with the smallest eigenvalue kept away from 0, so
    # the sampler's score matrix needs no second (silent) repair
    score = 2 * np.sin(np.pi * c / 6)
    np.fill_diagonal(score, 1.0)
    assert np.linalg.eigvalsh(score).min() > 1e-5
    n_blocks = 80
    st = ChunkStreams(SeedRoot(3), 0, n_blocks)
    with pytest.warns(CorrelationWarning):
        x = draw_inputs(scb, st, "mc")
    n = st.n_paths
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            r = stats.spearmanr(x[names[i]], x[names[j]])[0]
            rho = c[i, j]
            # 4 standard errors of Spearman's rho (Fieller-Hartley-Pearson), as above
            tol = 4 * math.sqrt(1.06 / (n - 3)) * (1 - rho**2)
            assert abs(r - rho) < tol, (names[i], names[j], r, rho)


@pytest.mark.parametrize("sampler", ["lhs", "sobol"])
def test_partial_block_of_a_stratified_sampler_is_warned(sc2, sampler):
    with pytest.warns(UserWarning, match="not a whole number of blocks"):
        ccsim.simulate(sc2, 300, seed=1, sampler=sampler, keep_monthly=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ccsim.simulate(sc2, 300, seed=1, sampler="mc", keep_monthly=False)
        ccsim.simulate(sc2, 256, seed=1, sampler=sampler, keep_monthly=False)
