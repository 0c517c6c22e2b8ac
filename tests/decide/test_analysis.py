"""Decision statistics: paired comparison, dominance, regret, tail risk, convergence."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy import stats

import ccsim
from ccsim import analysis
from ccsim.decide.analysis import Comparison, Regret, estimate, parse_stat
from ccsim.stats.estimators import cvar_interval

# Coverage checks: 400 replications, so the observed coverage of a 95% interval has
# sd sqrt(.95 * .05 / 400) = 0.011; we require >= 0.95 - 3 sd = 0.917 (and <= 0.99,
# which would flag intervals too wide to be useful).
N_REP, COV_LO, COV_HI = 400, 0.917, 0.99


def _synthetic(result, values: dict[str, np.ndarray]):
    """A copy of ``result`` whose npv_cost rows are replaced (same option order)."""
    cost = np.stack([values[o] for o in result.options])
    return dataclasses.replace(result, outputs={**result.outputs, "npv_cost": cost})


# ---------------------------------------------------------------------------- estimate


@pytest.mark.parametrize(
    ("stat", "dist", "truth"),
    [
        ("mean", stats.lognorm(1.0), math.exp(0.5)),
        ("p95", stats.lognorm(1.0), float(stats.lognorm(1.0).ppf(0.95))),
        ("p05", stats.norm(), float(stats.norm.ppf(0.05))),
        # normal tail: E[X | X > z_a] = phi(z_a) / (1 - a)
        ("cvar90", stats.norm(), float(stats.norm.pdf(stats.norm.ppf(0.9)) / 0.1)),
        ("prob_above:3", stats.lognorm(1.0), float(stats.lognorm(1.0).sf(3.0))),
        ("prob_below:0.2", stats.lognorm(1.0), float(stats.lognorm(1.0).cdf(0.2))),
    ],
)
def test_interval_coverage(stat, dist, truth):
    rng = np.random.default_rng(20260)
    hits = 0
    for _ in range(N_REP):
        e = estimate(dist.rvs(1024, random_state=rng), stat)
        hits += e.ci_low <= truth <= e.ci_high
    assert COV_LO <= hits / N_REP <= COV_HI


def test_estimate_agrees_with_numpy_and_scipy():
    rng = np.random.default_rng(1)
    x = rng.normal(10, 2, 999)
    m = estimate(x, "mean")
    assert m.estimate == pytest.approx(x.mean())
    assert m.se == pytest.approx(stats.sem(x))
    q = estimate(x, "p90")
    assert q.estimate == pytest.approx(np.quantile(x, 0.9))
    # scipy's distribution-free quantile interval brackets the same order statistics
    ci = stats.quantile_test(x, q=q.estimate, p=0.9).confidence_interval(0.95)
    assert q.ci_low == pytest.approx(ci.low, abs=0.15) and q.ci_high == pytest.approx(ci.high, abs=0.15)
    p = estimate(x, "prob_above:12")
    ref = stats.binomtest(int((x > 12).sum()), x.size).proportion_ci(0.95, method="wilson")
    assert (p.ci_low, p.ci_high) == pytest.approx((ref.low, ref.high))


@pytest.mark.parametrize("bad", ["median", "p0", "p100", "cvar", "prob_above:x", "p-5"])
def test_bad_stat_names(bad):
    with pytest.raises(ValueError, match="stat"):
        parse_stat(bad)


def test_bad_level():
    with pytest.raises(ValueError, match=r"level = 1.5 is outside the allowed range \(0, 1\)"):
        estimate(np.arange(10.0), "mean", level=1.5)


# ---------------------------------------------------------------------------- compare


def test_compare_is_paired_and_matches_paired_t(small_result):
    c = small_result.compare("offshore", "in_house")
    assert isinstance(c, Comparison)
    assert (c.option, c.baseline) == ("offshore", "in_house")
    a = small_result.values("npv_cost", "offshore")
    b = small_result.values("npv_cost", "in_house")
    # one sign convention: saving = baseline - option, positive = cheaper
    np.testing.assert_array_equal(c.saving, b - a)
    mean = c.table.loc["saving_mean"]
    # independent method: the paired t statistic is mean / se
    t = stats.ttest_rel(b, a).statistic
    assert mean.estimate / mean.se == pytest.approx(t)
    assert c.variance_ratio == pytest.approx((a.var(ddof=1) + b.var(ddof=1)) / (a - b).var(ddof=1))
    # common random numbers correlate the options' costs positively
    assert c.variance_ratio > 1.2
    p = c.table.loc["p_better"]
    assert p.estimate == pytest.approx(np.mean(a < b))
    assert 0 <= p.ci_low <= p.estimate <= p.ci_high <= 1
    # quantiles of the saving are minus the quantiles of option - baseline, mirrored
    assert c.table.loc["saving_p05", "estimate"] == pytest.approx(-np.quantile(a - b, 0.95))
    assert set(c.table.index) >= {"saving_mean", "saving_p05", "saving_p50", "saving_p95",
                                  "p_better"}
    assert "common random numbers" in repr(c) and "mean saving" in repr(c)
    f = c.frame()
    assert not f.isna().any().any()
    assert f.columns.tolist()[:4] == ["option", "baseline", "metric", "stat"]
    html = c._repr_html_()
    assert "$" in html and "%" in html and "e+0" not in html


def test_compare_old_argument_names_warn_and_still_work(small_result):
    new = analysis.compare(small_result, "offshore", baseline="in_house")
    with pytest.warns(DeprecationWarning, match="b=.*baseline="):
        old = analysis.compare(small_result, "offshore", b="in_house")
    np.testing.assert_array_equal(old.saving, new.saving)
    assert old.b == "in_house" and old.a == "offshore"
    with pytest.warns(DeprecationWarning, match="saving"):
        np.testing.assert_array_equal(new.diff, -new.saving)
    with pytest.raises(TypeError, match="both"):
        analysis.compare(small_result, "offshore", baseline="in_house", b="in_house")


def test_result_compare_takes_option_and_baseline(small_result):
    import inspect
    import warnings

    from ccsim.result import Result

    params = list(inspect.signature(Result.compare).parameters)
    assert params[:4] == ["self", "option", "baseline", "metric"]
    assert list(inspect.signature(analysis.compare).parameters)[1:3] == ["option", "baseline"]
    new = small_result.compare(option="offshore", baseline="in_house")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the new names do not warn
        small_result.compare("offshore", "in_house")
    with pytest.warns(DeprecationWarning, match=r"compare\(a=\.\.\.\) is deprecated; use option=") as rec:
        old = small_result.compare(a="offshore", baseline="in_house")
    assert rec[0].filename == __file__  # points at the caller
    np.testing.assert_array_equal(old.saving, new.saving)
    with pytest.warns(DeprecationWarning, match=r"compare\(b=\.\.\.\) is deprecated; use baseline="):
        old = small_result.compare("offshore", b="in_house")
    np.testing.assert_array_equal(old.saving, new.saving)
    with pytest.warns(DeprecationWarning, match="is deprecated") as rec:
        old = small_result.compare(a="offshore", b="in_house")
    assert len(rec) == 2 and old.option == "offshore" and old.baseline == "in_house"
    with pytest.raises(TypeError, match="both"):
        small_result.compare("offshore", baseline="in_house", b="in_house")


def test_compare_direction_for_csat(small_result):
    c = small_result.compare("offshore", "in_house", metric="csat_mean")
    a = small_result.values("csat_mean", "offshore")
    b = small_result.values("csat_mean", "in_house")
    assert c.higher_is_better
    np.testing.assert_array_equal(c.saving, a - b)  # higher is better: the gain
    assert c.table.loc["p_better", "estimate"] == pytest.approx(np.mean(a > b) + 0.5 * np.mean(a == b))


def test_compare_rejects_bad_input(small_result):
    with pytest.raises(KeyError, match="no option named 'moon'"):
        small_result.compare("moon", "in_house")
    with pytest.raises(KeyError, match="unknown metric"):
        small_result.compare("offshore", "in_house", metric="nope")
    with pytest.raises(ValueError, match="quantiles"):
        small_result.compare("offshore", "in_house", quantiles=(1.5,))
    with pytest.raises(ValueError, match="two different options"):
        small_result.compare("offshore", "offshore")


# ---------------------------------------------------------------------------- dominance


def test_dominance_on_constructed_distributions(small_result):
    rng = np.random.default_rng(3)
    n = small_result.n_paths
    x = rng.normal(100, 10, n)
    vals = {
        "in_house": x,
        "onshore": x + 5,  # costs 5 more on every path: dominated at first order
        "nearshore": 100 + 2.0 * (x - 100),  # mean-preserving spread: SSD-dominated only
        "offshore": x - 1,
        "hybrid": x[::-1].copy(),  # same distribution, different paths
    }
    d = _synthetic(small_result, vals).dominance("npv_cost", n_resamples=50, seed=1).frame().set_index(["a", "b"])
    assert d.loc[("in_house", "onshore"), "fsd"] and d.loc[("in_house", "onshore"), "ssd"]
    assert not d.loc[("onshore", "in_house"), "fsd"]
    assert d.loc[("in_house", "onshore"), "fsd_eps"] == 0
    assert d.loc[("onshore", "in_house"), "fsd_eps"] == 1
    assert not d.loc[("in_house", "nearshore"), "fsd"]
    assert d.loc[("in_house", "nearshore"), "ssd"]
    assert not d.loc[("nearshore", "in_house"), "ssd"]
    assert d.loc[("offshore", "onshore"), "p_a_better"] == 1.0
    # a shift on every path survives every paired resample: established, and the
    # largest violation is minus the shift (hand computation)
    assert d.loc[("in_house", "onshore"), "fsd_status"] == "established"
    assert d.loc[("in_house", "onshore"), "fsd_violation"] == pytest.approx(-5.0)
    assert d.loc[("in_house", "onshore"), "fsd_violation_hi"] == pytest.approx(-5.0)
    assert d.loc[("onshore", "in_house"), "fsd_status"] == "no"
    # identical distributions: weak dominance both ways, strict in neither
    for pair in (("in_house", "hybrid"), ("hybrid", "in_house")):
        assert d.loc[pair, "fsd_weak"] and d.loc[pair, "ssd_weak"]
        assert not d.loc[pair, "fsd"] and not d.loc[pair, "ssd"]
        assert d.loc[pair, "fsd_status"] == "weak" and d.loc[pair, "fsd_violation"] == 0


def test_dominance_observed_by_chance_is_not_established(small_result):
    """Two independent samples of one distribution, the first shifted just enough to
    dominate in the sample: the dominance is observed, but the paired bootstrap finds
    it is not established (a resample undoes it)."""
    rng = np.random.default_rng(11)
    n = small_result.n_paths
    s1, s2 = rng.normal(100, 10, n), rng.normal(100, 10, n)
    shift = float(np.max(np.sort(s1) - np.sort(s2))) + 1e-6  # a's costs below b's, sorted
    vals = {o: s2 for o in small_result.options}
    vals["offshore"] = s1 - shift
    d = _synthetic(small_result, vals).dominance("npv_cost", n_resamples=200, seed=5).frame().set_index(["a", "b"])
    row = d.loc[("offshore", "in_house")]
    assert row["fsd"] and row["fsd_violation"] < 0
    assert row["fsd_status"] == "observed" and row["fsd_violation_hi"] > 0
    # the bootstrap is seeded: the same seed gives the same bound
    again = _synthetic(small_result, vals).dominance("npv_cost", n_resamples=200, seed=5)
    assert again.table.set_index(["a", "b"]).loc[("offshore", "in_house"), "fsd_violation_hi"] == \
        row["fsd_violation_hi"]


def test_ssd_agrees_with_expected_shortfall_definition(small_result):
    # independent check on real output: for gains g = -cost, A >=_SSD B iff
    # E[(t - A)_+] <= E[(t - B)_+] for every t (checked at every sample point)
    d = small_result.dominance("npv_cost", n_resamples=0).frame().set_index(["a", "b"])
    g = -small_result.values("npv_cost")
    grid = np.sort(g.ravel())
    short = np.array([np.maximum(grid[None, :] - row[:, None], 0).mean(axis=0) for row in g])
    scale = np.abs(g).max()
    for i, a in enumerate(small_result.options):
        for j, b in enumerate(small_result.options):
            if i != j:
                expect = bool(np.all(short[i] <= short[j] + 1e-9 * scale))
                assert d.loc[(a, b), "ssd_weak"] == expect, (a, b)
                fsd = bool(np.all(np.sort(g[i]) >= np.sort(g[j])))
                assert d.loc[(a, b), "fsd_weak"] == fsd
                assert d.loc[(a, b), "fsd"] == (fsd and bool(np.any(np.sort(g[i]) > np.sort(g[j]))))


def test_dominance_table_shape(small_result):
    dom = small_result.dominance("npv_cost", n_resamples=10)
    assert isinstance(dom, analysis.Dominance)
    assert (dom.metric, dom.n_paths, dom.n_resamples, dom.higher_is_better, dom.level) == \
        ("npv_cost", small_result.n_paths, 10, False, 0.95)
    assert dom.options == small_result.options
    d = dom.frame()
    assert d.attrs == {"metric": "npv_cost", "higher_is_better": False,
                       "n_paths": small_result.n_paths, "level": 0.95, "n_resamples": 10}
    assert d.equals(dom.table) and d is not dom.table
    k = len(small_result.options)
    assert len(d) == k * (k - 1)
    assert d[["fsd_eps", "ssd_eps"]].stack().between(0, 1).all()
    assert (d["fsd_eps_se"] >= 0).all()
    assert not d.isna().any().any()
    assert set(d["fsd_status"]) <= {"established", "observed", "weak", "no"}
    with pytest.raises(ValueError, match="n_resamples"):
        small_result.dominance("npv_cost", n_resamples=-1)
    m = dom.status("fsd")
    assert m.shape == (k, k) and list(m.index) == list(small_result.options)
    row = d.set_index(["a", "b"]).loc[("offshore", "in_house")]
    assert m.loc["offshore", "in_house"] == row["fsd_status"] and m.loc["offshore", "offshore"] == ""
    with pytest.raises(ValueError, match="order"):
        dom.status("tsd")
    text = repr(dom)
    assert text.startswith("<Dominance on npv_cost (lower is better), 5 options")
    assert "10 bootstrap resamples" in text and "ordered pair" in text
    html = dom._repr_html_()
    assert "<table" in html and "$" in html and "%" in html and "e+0" not in html


def test_dominance_repr_lists_the_dominating_pairs(small_result):
    n = small_result.n_paths
    x = np.random.default_rng(3).normal(100e6, 10e6, n)
    vals = {o: x + 5e6 * k for k, o in enumerate(small_result.options)}
    dom = _synthetic(small_result, vals).dominance("npv_cost", n_resamples=20, seed=1)
    text = repr(dom)
    first, second = small_result.options[:2]
    assert (f"{first} over {second}: first order: established, second order: established; "
            f"P({first} better) = 100.0%") in text
    assert "no dominance in the other 10 ordered pairs" in text
    same = _synthetic(small_result, {o: x for o in small_result.options}).dominance(n_resamples=0)
    assert "no option dominates another" in repr(same) and "no bootstrap" in repr(same)


# ---------------------------------------------------------------------------- regret


def test_regret_identities(small_result):
    r = small_result.regret("npv_cost")
    assert isinstance(r, Regret)
    x = small_result.values("npv_cost")
    assert (r.values >= 0).all()
    np.testing.assert_allclose(r.values.min(axis=0), 0.0)
    # E[regret_o] = E[x_o] - E[min_k x_k]
    np.testing.assert_allclose(r.table["mean"], x.mean(axis=1) - x.min(axis=0).mean(), rtol=1e-10)
    # P(regret = 0) is the share of paths on which the option is cheapest
    np.testing.assert_allclose(r.table["p_best"].sum(), 1.0, atol=1e-12)
    assert (r.table["p95_ci_low"] <= r.table["p95"]).all()
    assert len(r.paths()) == x.size
    assert "least expected regret" in repr(r)


def test_regret_splits_ties_like_the_summary(small_result):
    """One tie rule: an option tied for best on a path gets an equal share, in regret's
    p_best as in Result.summary's p_cheapest."""
    n = small_result.n_paths
    x = np.arange(n, dtype=float)
    vals = {o: x + 10.0 for o in small_result.options}
    vals["in_house"] = x.copy()
    vals["offshore"] = x.copy()  # tied with in-house on every path
    res = _synthetic(small_result, vals)
    r = res.regret("npv_cost")
    assert r.table.loc["in_house", "p_best"] == 0.5 == r.table.loc["offshore", "p_best"]
    assert r.table["p_best"].sum() == pytest.approx(1.0)
    np.testing.assert_allclose(r.table["p_best"], res.summary()["p_cheapest"])
    assert "%" in r._repr_html_()


def test_regret_for_csat_uses_the_maximum(small_result):
    r = small_result.regret("csat_mean")
    x = small_result.values("csat_mean")
    np.testing.assert_allclose(r.values, x.max(axis=0) - x)


# ---------------------------------------------------------------------------- risk


def test_risk_matches_summary_and_definitions(small_result):
    from ccsim.stats.estimators import IntervalWarning

    budget, target = 80e6, 72.0
    # 512 paths: CVaR90 rests on 52 tail paths, CVaR95 on 26, CVaR99 on 6 -- none has
    # the 100 an interval needs, so each is reported without one, with one warning
    with pytest.warns(IntervalWarning, match=r"CVaR99 \(6 tail paths; 10,000 paths give one\)"):
        risk = small_result.risk(budget=budget, csat_floor=target)
    assert isinstance(risk, analysis.Risk) and not risk.streaming
    assert (risk.budget, risk.csat_floor, risk.levels, risk.n_paths) == \
        (budget, target, (0.9, 0.95, 0.99), small_result.n_paths)
    r = risk.frame()
    assert r.attrs == {"metric": "npv_cost", "budget": budget, "csat_floor": target,
                       "levels": (0.9, 0.95, 0.99), "level": 0.95, "n_paths": small_result.n_paths}
    w = r.pivot(index="option", columns="stat", values="estimate").loc[list(small_result.options)]
    wide = risk.wide()
    assert list(wide.index) == list(small_result.options)
    assert list(wide.columns) == ["var90", "cvar90", "var95", "cvar95", "var99", "cvar99",
                                  "p_over_budget", "p_csat_below", "p_joint_ok"]
    np.testing.assert_array_equal(wide.to_numpy(), w[wide.columns].to_numpy())
    text = repr(risk)
    assert text.startswith(f"<Risk of npv_cost over {small_result.n_paths} paths (95% CIs")
    assert "budget $80.0M, CSAT floor 72" in text and "in_house" in text
    assert "%" in text and "e+0" not in text
    html = risk._repr_html_()
    assert "<table" in html and "$" in html and "%" in html and "e+0" not in html
    s = small_result.summary()
    np.testing.assert_allclose(w["cvar95"], s["cost_cvar95"])
    np.testing.assert_allclose(w["var95"], s["cost_p95"])
    cost = small_result.values("npv_cost")
    csat = small_result.values("csat_mean")
    np.testing.assert_allclose(w["p_over_budget"], (cost > budget).mean(axis=1))
    np.testing.assert_allclose(w["p_csat_below"], (csat < target).mean(axis=1))
    np.testing.assert_allclose(w["p_joint_ok"], ((cost <= budget) & (csat >= target)).mean(axis=1))
    assert (w["cvar90"] >= w["var90"]).all() and (w["var99"] >= w["var90"]).all()
    cvar = r["stat"].str.startswith("cvar")
    assert r.loc[cvar, ["se", "ci_low", "ci_high"]].isna().all().all()
    rest = r[~cvar]
    assert (rest["ci_low"] <= rest["estimate"]).all() and (rest["estimate"] <= rest["ci_high"]).all()
    assert not rest.isna().any().any() and not r["estimate"].isna().any()


def test_risk_cvar_interval_from_100_tail_paths(default_scenario):
    res = ccsim.simulate(default_scenario.with_overrides({"finance.horizon_months": 12}),
                         n_paths=2048, seed=4, keep_monthly=False)
    r = res.risk(levels=(0.95,)).frame().set_index(["option", "stat"])  # 103 tail paths
    for o in res.options:
        ref = cvar_interval(res.values("npv_cost", o), 0.95)
        row = r.loc[(o, "cvar95")]
        assert ref.n_tail == 103
        assert (row.ci_low, row.ci_high) == (ref.ci_low, ref.ci_high)
        assert row.ci_low <= row.estimate <= row.ci_high


def test_risk_without_thresholds_and_bad_input(small_result):
    from ccsim.stats.estimators import IntervalWarning

    assert ccsim.IntervalWarning is IntervalWarning and "IntervalWarning" in ccsim.__all__
    with pytest.warns(ccsim.IntervalWarning, match="CVaR95 .26 tail paths"):
        r = small_result.risk(levels=(0.95,)).table
    assert set(r["stat"]) == {"var95", "cvar95"}
    with pytest.raises(ValueError, match="levels = 95"):
        small_result.risk(levels=(95,))
    with pytest.raises(ValueError, match="budget"):
        small_result.risk(budget=float("nan"))


# ---------------------------------------------------------------------------- convergence


def test_convergence_prefix_equals_smaller_run(small_result):
    cv = small_result.convergence("npv_cost", "p95", n_points=6).frame()
    last = cv[cv["n_paths"] == small_result.n_paths].set_index("option")
    for o in small_result.options:
        e = estimate(small_result.values("npv_cost", o), "p95")
        assert last.loc[o, "estimate"] == pytest.approx(e.estimate)
    sub = cv[(cv["option"] == "offshore")]
    assert sub["n_paths"].is_monotonic_increasing
    k = int(sub["n_paths"].iloc[0])
    assert sub["estimate"].iloc[0] == pytest.approx(
        np.quantile(small_result.values("npv_cost", "offshore")[:k], 0.95)
    )


def test_convergence_band_shrinks_like_root_n(small_result):
    # operating cost: the total carries rare, large breach losses, whose running mean jumps
    cv = small_result.convergence("operating_cost", "mean", options=["in_house"],
                                  n_points=4).frame()
    hw = (cv["ci_high"] - cv["ci_low"]).to_numpy()
    n = cv["n_paths"].to_numpy()
    # half-width * sqrt(n) estimates 2 z sd: stable within a factor 1.5 from 64 to 512 paths
    scaled = hw * np.sqrt(n)
    assert scaled.max() / scaled.min() < 1.5
    with pytest.raises(ValueError, match="n_points"):
        analysis.convergence(small_result, "npv_cost", "mean", n_points=0)
