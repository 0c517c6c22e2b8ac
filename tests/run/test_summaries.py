"""Streaming summaries (keep_paths=False): exact moments, sketch error bound, invariance."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import ccsim
from ccsim.result import cvar_rows
from ccsim.run.summaries import QuantileSketch, StreamingResult
from ccsim.stats.estimators import estimate

# Float slack for the sketch bound: bucket keys come from log() rounded to double, so a
# value at a bucket edge may land one bucket over; that adds ~1e-15 relative error.
_SLACK = 1e-9


@pytest.fixture(scope="module")
def short():
    return ccsim.default_scenario().with_overrides({"finance.horizon_months": 12})


@pytest.fixture(scope="module")
def full_and_stream(short):
    # 700 paths: not a multiple of the 256-path block, so truncation is exercised
    full = ccsim.simulate(short, n_paths=700, seed=11, keep_monthly=False)
    stream = ccsim.simulate(short, n_paths=700, seed=11, keep_paths=False, chunk_size=256)
    return full, stream


def _bound_ok(sketch_q, x, q, alpha):
    """|sketch - numpy.quantile| <= alpha * max |x_(j)|, |x_(j+1)| around rank q (n-1)."""
    xs = np.sort(x)
    r = q * (xs.size - 1)
    lo, hi = math.floor(r), min(math.floor(r) + 1, xs.size - 1)
    bound = alpha * max(abs(xs[lo]), abs(xs[hi])) * (1 + _SLACK) + 1e-300
    return abs(sketch_q - float(np.quantile(x, q))) <= bound


@given(
    x=arrays(
        np.float64,
        st.integers(1, 300),
        elements=st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
    ),
    q=st.floats(0.0, 1.0),
    alpha=st.sampled_from([1e-2, 1e-3, 1e-4]),
)
def test_sketch_quantile_error_bound(x, q, alpha):
    sk = QuantileSketch.from_values(x, alpha)
    assert sk.count == x.size
    assert _bound_ok(sk.quantile(q), x, q, alpha)


@given(
    x=arrays(np.float64, st.integers(1, 300), elements=st.floats(0.0, 1e9, allow_nan=False)),
    level=st.sampled_from([0.5, 0.9, 0.95, 0.99]),
)
def test_sketch_upper_tail_mean_matches_cvar(x, level):
    alpha = 1e-3
    sk = QuantileSketch.from_values(x, alpha)
    exact = float(cvar_rows(x[None, :], level)[0])
    # every value of the tail is represented within alpha |x| (non-negative data here)
    assert abs(sk.upper_tail_mean(level) - exact) <= alpha * exact * (1 + _SLACK) + 1e-300


def test_sketch_merge_is_exact_and_order_free():
    rng = np.random.default_rng(0)
    x = np.concatenate([rng.normal(0, 5, 500), np.zeros(7), rng.lognormal(3, 1, 500)])
    parts = np.array_split(x, 5)
    whole = QuantileSketch.from_values(x, 1e-3)
    merged = QuantileSketch(1e-3)
    for p in reversed(parts):
        merged = merged.merge(QuantileSketch.from_values(p, 1e-3))
    for f in ("pos_keys", "pos_counts", "neg_keys", "neg_counts"):
        np.testing.assert_array_equal(getattr(whole, f), getattr(merged, f))
    assert whole.zero_count == merged.zero_count == 7


def test_sketch_validation():
    with pytest.raises(ValueError, match=r"alpha = 0.7 is outside the allowed range \(0, 0.5\)"):
        QuantileSketch.from_values([1.0], 0.7)
    with pytest.raises(ValueError, match="finite"):
        QuantileSketch.from_values([1.0, np.nan])
    with pytest.raises(ValueError, match="empty"):
        QuantileSketch().quantile(0.5)
    with pytest.raises(ValueError, match=r"q = 1.5"):
        QuantileSketch.from_values([1.0]).quantile(1.5)
    with pytest.raises(ValueError, match="cannot merge"):
        QuantileSketch(1e-3).merge(QuantileSketch(1e-4))


def test_streaming_summary_agrees_with_full_arrays(full_and_stream):
    full, stream = full_and_stream
    assert isinstance(stream, StreamingResult)
    a, e = stream.summary(), full.summary()
    assert list(a.columns) == list(e.columns)
    assert list(a.index) == list(e.index)
    # moments and probabilities: the same numbers, summed in a different order
    exact_cols = [
        "cost_mean", "cost_se", "csat_mean", "csat_se", "service_level_mean",
        "abandon_rate", "p_exit", "p_cheapest", "p_best_csat",
    ]
    np.testing.assert_allclose(a[exact_cols], e[exact_cols], rtol=1e-11, atol=1e-14)
    # quantiles and CVaR: within the sketch's relative error alpha of the exact values
    alpha = stream.stats.alpha
    for i, o in enumerate(full.options):
        cost, csat = full.values("npv_cost", o), full.values("csat_mean", o)
        for q, col in ((0.05, "cost_p05"), (0.5, "cost_p50"), (0.95, "cost_p95")):
            assert _bound_ok(a[col].iloc[i], cost, q, alpha), (o, col)
        assert _bound_ok(a["csat_p05"].iloc[i], csat, 0.05, alpha)
        assert abs(a["cost_cvar95"].iloc[i] - e["cost_cvar95"].iloc[i]) <= alpha * e[
            "cost_cvar95"
        ].iloc[i] * (1 + _SLACK)


def test_paired_differences_and_input_means(full_and_stream):
    full, stream = full_and_stream
    s = stream.stats
    for a in full.options:
        for b in full.options:
            d = full.values("npv_cost", a) - full.values("npv_cost", b)
            m, se = s.diff(a, b)
            np.testing.assert_allclose(m, d.mean(), rtol=1e-10, atol=1e-6)
            np.testing.assert_allclose(se, d.std(ddof=1) / math.sqrt(d.size), rtol=1e-8, atol=1e-6)
            lt = np.mean(full.values("npv_cost", a) < full.values("npv_cost", b))
            assert s.p_less(a, b) == lt
    for k, v in full.inputs.items():
        np.testing.assert_allclose(s.input_mean[k], v.mean(), rtol=1e-12)
    means = stream.means()
    assert set(means["output"]) == set(full.outputs)


@pytest.mark.parametrize("chunk_size", [512, 768, 4096])
def test_streaming_is_bit_identical_for_any_chunk_size(short, full_and_stream, chunk_size):
    _, ref = full_and_stream
    other = ccsim.simulate(short, n_paths=700, seed=11, keep_paths=False, chunk_size=chunk_size)
    np.testing.assert_array_equal(other.summary().to_numpy(), ref.summary().to_numpy())


def test_streaming_result_refuses_per_path_questions(full_and_stream, short):
    _, stream = full_and_stream
    for call in (stream.paths, lambda: stream.values("npv_cost"), lambda: stream.monthly("csat")):
        with pytest.raises(ValueError, match="keep_paths=True"):
            call()
    assert "summaries only" in repr(stream)
    with pytest.raises(ValueError, match="until= needs the per-path results"):
        ccsim.simulate(short, n_paths=256, seed=1, keep_paths=False, until=object())
    with pytest.raises(TypeError, match="keep_paths must be True or False"):
        ccsim.simulate(short, n_paths=256, seed=1, keep_paths="no")


def test_streaming_summary_rejects_out_of_order_chunks(short):
    from ccsim.run.summaries import StreamingSummary, streaming_chunk
    from ccsim.sampling.streams import SeedRoot

    s = StreamingSummary(short.option_names)
    part = streaming_chunk(short, SeedRoot(1), 1, 2, "mc", 512)
    with pytest.raises(ValueError, match="block order: expected block 0, got 1"):
        s.add(part)


# ---------------------------------------------------------------------------- intervals


def test_streaming_quantile_intervals_are_the_order_statistics(full_and_stream):
    # the interval ends are the order statistics of the exact interval, read from the
    # sketch: each within alpha (relative) of the exact value
    from ccsim.stats.estimators import quantile_ranks

    full, stream = full_and_stream
    alpha = stream.stats.alpha
    tab = stream.quantiles("npv_cost", (0.05, 0.95)).set_index(["option", "stat"])
    n = full.n_paths
    for q, tag in ((0.05, "p05"), (0.95, "p95")):
        lo_r, hi_r = quantile_ranks(n, q, 0.95)
        for o in full.options:
            xs = np.sort(full.values("npv_cost", o))
            row = tab.loc[(o, tag)]
            assert abs(row.ci_low - xs[lo_r - 1]) <= alpha * abs(xs[lo_r - 1]) * (1 + _SLACK)
            assert abs(row.ci_high - xs[hi_r - 1]) <= alpha * abs(xs[hi_r - 1]) * (1 + _SLACK)
            assert row.ci_low <= row.estimate <= row.ci_high


def test_streaming_compare_matches_the_kept_comparison(full_and_stream):
    full, stream = full_and_stream
    comp = stream.compare("offshore", "in_house")
    # the same result object as Result.compare, without per-path savings
    assert type(comp) is type(full.compare("offshore", "in_house"))
    assert (comp.option, comp.baseline, comp.n_paths, comp.saving.size) == \
        ("offshore", "in_house", stream.n_paths, 0)
    assert "paired paths" in repr(comp) and comp.frame()["stat"].tolist() == \
        ["saving_mean", "p_better"]
    assert comp.variance_ratio == pytest.approx(
        full.compare("offshore", "in_house").variance_ratio, rel=1e-6)
    got = comp.table
    ref = full.compare("offshore", "in_house").table
    for stat in ("saving_mean", "p_better"):
        np.testing.assert_allclose(got.loc[stat].to_numpy(), ref.loc[stat].to_numpy(),
                                   rtol=1e-9, atol=1e-9)
    with pytest.raises(ValueError, match="'npv_cost' only"):
        stream.compare("offshore", "in_house", metric="csat_mean")


def test_streaming_risk_var_and_cvar_rule(short):
    from ccsim.stats.estimators import IntervalWarning, cvar_interval

    n = 2560  # about 128 tail paths at 95%, 26 at 99%
    full = ccsim.simulate(short, n_paths=n, seed=5, keep_monthly=False)
    stream = ccsim.simulate(short, n_paths=n, seed=5, keep_paths=False)
    with pytest.warns(IntervalWarning, match=r"CVaR99 rests on 26 tail paths.*10,000 paths"):
        risk = stream.risk(levels=(0.95, 0.99))
    # the same type as Result.risk, read from the sketches
    assert type(risk) is type(full.risk(levels=(0.95,))) and risk.streaming
    assert (risk.metric, risk.levels, risk.n_paths, risk.budget) == ("npv_cost", (0.95, 0.99), n, None)
    assert risk.frame().attrs == {"metric": "npv_cost", "levels": (0.95, 0.99), "level": 0.95,
                                  "n_paths": n}
    assert "from quantile sketches" in repr(risk) and "n_tail" in risk._repr_html_()
    r = risk.frame().set_index(["option", "stat"])
    alpha = stream.stats.alpha
    for o in full.options:
        x = full.values("npv_cost", o)
        ref = cvar_interval(x, 0.95)
        row = r.loc[(o, "cvar95")]
        # k = ceil((1 - 0.95) n) as in Result.summary (129 here: 1 - 0.95 rounds up)
        assert row.n_tail == ref.n_tail == math.ceil((1 - 0.95) * n)
        # the sketch's moments are within its relative error: the ends agree to ~1e-3
        np.testing.assert_allclose([row.estimate, row.ci_low, row.ci_high],
                                   [ref.estimate, ref.ci_low, ref.ci_high], rtol=20 * alpha)
        c99 = r.loc[(o, "cvar99")]
        assert c99.n_tail == 26 and np.isnan(c99.ci_low) and np.isnan(c99.ci_high)
        assert abs(c99.estimate - float(np.sort(x)[-26:].mean())) <= alpha * c99.estimate * 1.01


def test_one_path_gives_no_standard_error(short):
    one = ccsim.simulate(short, n_paths=1, seed=1, keep_monthly=False)
    stream = ccsim.simulate(short, n_paths=1, seed=1, keep_paths=False)
    for res in (one, stream):
        with pytest.raises(ValueError, match="one path gives no standard error"):
            res.summary()
    with pytest.raises(ValueError, match="one path gives no standard error"):
        estimate(one.values("npv_cost", "in_house"), "mean")


@pytest.mark.parametrize("sampler", ["lhs", "sobol"])
def test_stratified_standard_error_from_block_means(short, sampler):
    from scipy import stats as sps

    # without data breaches: rare, large breach losses are not stratified by the input
    # design, so with them on a short horizon the replicate error is about the i.i.d. one
    short = short.with_overrides({"breach.annual_prob": 0.0})
    n = 10 * 256
    full = ccsim.simulate(short, n_paths=n, seed=2, keep_monthly=False, sampler=sampler)
    stream = ccsim.simulate(short, n_paths=n, seed=2, keep_paths=False, sampler=sampler)
    x = full.values("npv_cost")
    # by hand: the spread of the ten 256-path block means over sqrt(10)
    se = x.reshape(x.shape[0], 10, 256).mean(axis=2).std(axis=1, ddof=1) / math.sqrt(10)
    np.testing.assert_allclose(full.summary()["cost_se"], se, rtol=1e-12)
    np.testing.assert_allclose(stream.summary()["cost_se"], se, rtol=1e-9)
    # the replicate error is well below the i.i.d. formula for a stratified sampler
    assert (se < x.std(axis=1, ddof=1) / math.sqrt(n)).all()
    e = estimate(x[0], "mean", block=256)
    t = sps.t.ppf(0.975, 9)
    assert e.ci_high - e.estimate == pytest.approx(t * se[0], rel=1e-12)
