"""Sensitivity: tornado, one-run importance, Sobol' (Ishigami) and delta indices."""

from __future__ import annotations

import dataclasses
import math
import warnings

import numpy as np
import pytest
from scipy import stats

import ccsim
from ccsim.dist import Normal, Uniform
from ccsim.sampling.streams import SeedRoot
from ccsim.sensitivity import (
    Tornado,
    delta_indices,
    input_importance,
    relevant_inputs,
    sobol_analyze,
    sobol_indices,
    tornado,
)
from ccsim.stats.estimators import IntervalWarning

pytest.importorskip("SALib")

TORNADO_COLUMNS = ["input", "low_value", "high_value", "stat_low", "stat_high", "swing", "base"]
PRICE = "offshore.staffing.price_per_hour"
FEW = [PRICE, "demand.base_volume", "staff.hourly_cost"]


# ---------------------------------------------------------------------------- Ishigami

A, B = 7.0, 0.1


def _ishigami(x):
    return np.sin(x["x1"]) + A * np.sin(x["x2"]) ** 2 + B * x["x3"] ** 4 * np.sin(x["x1"])


def _ishigami_exact():
    # Ishigami and Homma (1990); e.g. Saltelli et al., Global Sensitivity Analysis:
    # The Primer (2008), p. 179: V1, V2, V13 and the total variance V
    v1 = 0.5 * (1 + B * math.pi**4 / 5) ** 2
    v2 = A**2 / 8
    v13 = 8 * B**2 * math.pi**8 / 225
    v = v1 + v2 + v13
    return np.array([v1, v2, 0.0]) / v, np.array([v1 + v13, v2, v13]) / v


ISHIGAMI_INPUTS = {f"x{i}": Uniform(-math.pi, math.pi) for i in (1, 2, 3)}


def test_sobol_reproduces_ishigami_indices():
    s = sobol_analyze(_ishigami, ISHIGAMI_INPUTS, n_base=8192, seed=3, n_resamples=200).frame()
    s1, st = _ishigami_exact()
    # published values, to 4 digits
    np.testing.assert_allclose(s1, [0.3139, 0.4424, 0.0], atol=1e-4)
    np.testing.assert_allclose(st, [0.5576, 0.4424, 0.2437], atol=1e-4)
    # tolerance: 4 bootstrap standard errors (SALib's conf is a 95% half-width = 1.96 se)
    for col, exact in (("S1", s1), ("ST", st)):
        err = np.abs(s[col].to_numpy() - exact)
        se = s[f"{col}_conf"].to_numpy() / 1.96
        assert np.all(err <= 4 * se), (col, err, se)
        assert np.all(err < 0.05), (col, err)


def test_grouped_sobol_on_ishigami():
    s = sobol_analyze(_ishigami, ISHIGAMI_INPUTS, n_base=4096, seed=5,
                      groups={"x12": ["x1", "x2"], "x3": ["x3"]}).frame().set_index("input")
    s1, st = _ishigami_exact()
    # S1 of the group {x1, x2} = (V1 + V2 + V12) / V with V12 = 0; ST of x3 = V13 / V
    exact = {("x12", "S1"): s1[0] + s1[1], ("x3", "ST"): st[2], ("x3", "S1"): 0.0}
    for (g, col), val in exact.items():
        se = s.loc[g, f"{col}_conf"] / 1.96
        assert abs(s.loc[g, col] - val) <= max(4 * se, 0.01), (g, col, s.loc[g, col], val)


def test_sobol_rejects_bad_n_base():
    with pytest.raises(ValueError, match="power of 2"):
        sobol_analyze(_ishigami, ISHIGAMI_INPUTS, n_base=1000)


# ---------------------------------------------------------------------------- tornado


@pytest.fixture(scope="module")
def sc() -> ccsim.Scenario:
    return ccsim.default_scenario()


@pytest.fixture(scope="module")
def tornados(sc):
    kw = {"n_paths": 256, "seed": 4, "inputs": FEW}
    return {
        "off": tornado(sc, "offshore", **kw),
        "inh": tornado(sc, "in_house", inputs=FEW[1:], n_paths=256, seed=4),
        "diff": tornado(sc, "offshore", baseline="in_house", **kw),
    }


@pytest.mark.slow
def test_tornado_contract(tornados, sc):
    tor = tornados["off"]
    assert isinstance(tor, Tornado) and len(tor) == len(FEW)
    assert (tor.option, tor.metric, tor.stat, tor.baseline) == ("offshore", "npv_cost", "mean", None)
    assert (tor.n_paths, tor.low, tor.high, tor.others) == (256, 0.1, 0.9, "median")
    assert tor.seed == SeedRoot(4) and set(tor.swing_se) == set(FEW)
    t = tor.frame()
    assert t.equals(tor.table) and t is not tor.table
    assert t.attrs == {"option": "offshore", "metric": "npv_cost", "stat": "mean",
                       "baseline": None, "n_paths": 256, "low": 0.1, "high": 0.9,
                       "others": "median", "seed": 4, "swing_se": tor.swing_se}
    assert t.columns.tolist() == TORNADO_COLUMNS
    assert set(t["input"]) == set(FEW)
    assert (np.diff(np.abs(t["swing"].to_numpy())) <= 0).all()
    np.testing.assert_allclose(t["swing"], t["stat_high"] - t["stat_low"])
    assert set(t.attrs) >= {"option", "metric", "stat", "baseline", "n_paths", "low", "high"}
    assert t.attrs["option"] == "offshore" and t.attrs["baseline"] is None
    d = dict(sc.uncertain_inputs())[PRICE]
    row = t.set_index("input").loc[PRICE]
    assert row.low_value == pytest.approx(d.ppf(0.1)) and row.high_value == pytest.approx(d.ppf(0.9))
    assert t["base"].nunique() == 1
    assert not t.isna().any().any()


@pytest.mark.slow
def test_tornado_price_raises_vendor_cost(tornados):
    t = tornados["off"].table.set_index("input")
    se = tornados["off"].swing_se[PRICE]
    # a higher vendor price raises the vendor option's cost, by far more than the noise
    assert t.loc[PRICE, "swing"] > 4 * se > 0


@pytest.mark.slow
def test_tornado_baseline_is_the_paired_saving(tornados):
    # mean is linear and every run uses the same seed (common random numbers), so the
    # tornado of the saving (in_house - offshore) equals the difference of the tornados
    diff, off, inh = (tornados[k].table.set_index("input") for k in ("diff", "off", "inh"))
    for p in FEW[1:]:
        for col in ("stat_low", "stat_high"):
            assert diff.loc[p, col] == pytest.approx(inh.loc[p, col] - off.loc[p, col], rel=1e-9)
    assert diff["base"].iloc[0] == pytest.approx(inh["base"].iloc[0] - off["base"].iloc[0])
    assert tornados["diff"].baseline == "in_house"
    assert tornados["diff"].frame().attrs["baseline"] == "in_house"


@pytest.mark.slow
def test_tornado_repr_and_html(tornados):
    text = repr(tornados["diff"])
    assert text.startswith("<Tornado of the mean saving of offshore vs in_house on npv_cost "
                           "(positive = better): 3 inputs at their p10 / p90")
    assert "256 paths per run" in text and "swing" in text and "$" in text
    assert "e+0" not in text and text.count("\n") == 1 + 3  # head, base, one line per input
    html = tornados["off"]._repr_html_()
    assert "<table" in html and "swing_se" in html and "$" in html and "e+0" not in html


def test_tornado_bad_input(sc):
    with pytest.raises(ValueError, match=r"low = 0\.9 must be below high = 0\.1"):
        tornado(sc, "offshore", low=0.9, high=0.1, inputs=FEW)
    with pytest.raises(ValueError, match="not an uncertain input"):
        tornado(sc, "offshore", inputs=["onshore.staffing.price_per_hour"])
    with pytest.raises(KeyError, match="no option named"):
        tornado(sc, "moon")
    with pytest.raises(ValueError, match="others"):
        tornado(sc, "offshore", others="mean", inputs=FEW)


def test_relevant_inputs_exclude_other_options(sc):
    p = relevant_inputs(sc, ["offshore"])
    assert PRICE in p and "demand.base_volume" in p
    assert not any(x.startswith(("onshore.", "nearshore.", "hybrid.")) for x in p)


# ---------------------------------------------------------------------------- one run


def test_input_importance_matches_scipy(small_result):
    imp = input_importance(small_result, "offshore").frame()
    y = small_result.values("npv_cost", "offshore")
    for _, row in imp.head(5).iterrows():
        rho = stats.spearmanr(small_result.inputs[row.input], y)[0]
        assert row.spearman == pytest.approx(rho, abs=1e-12)
        assert row.ci_low <= row.spearman <= row.ci_high
    assert imp["contribution"].sum() == pytest.approx(1.0)
    assert (np.diff(np.abs(imp["spearman"].to_numpy())) <= 0).all()
    assert 0 <= imp.attrs["r2_rank"] <= 1


def _fake(result, n, x1, x2, y):
    """A result with ``n`` paths whose inputs FEW[0:2] are x1, x2 and every cost is y."""
    cost = np.tile(y, (len(result.options), 1))
    return dataclasses.replace(
        result, n_paths=n, inputs={FEW[0]: x1, FEW[1]: x2}, outputs={"npv_cost": cost},
        monthly_data=None,
    )


@pytest.mark.slow
def test_delta_first_order_with_correlated_inputs(small_result):
    # y = x1 with corr(x1, x2) = 0.8 (Gaussian): S1(x1) = 1 and S1(x2) = 0.64, the share
    # of Var(y) explained by E[y | x2]; valid with correlated inputs
    rng = np.random.default_rng(8)
    n = 2048
    z = rng.standard_normal((2, n))
    x1 = z[0]
    x2 = 0.8 * z[0] + 0.6 * z[1]
    res = _fake(small_result, n, x1, x2, x1)
    d = delta_indices(res, "offshore", inputs=FEW[:2], n_resamples=30, seed=1).frame()
    d = d.set_index("input")
    # tolerance: 4 bootstrap se plus 0.05 for the downward bias of the binned estimator
    # of Var(E[y | x]) (within-bin variation of E[y | x]; about 0.03 here at 2048 paths)
    for p, exact in ((FEW[0], 1.0), (FEW[1], 0.64)):
        se = d.loc[p, "S1_conf"] / 1.96
        assert abs(d.loc[p, "S1"] - exact) <= 4 * se + 0.05, (p, d.loc[p, "S1"])
    assert d.loc[FEW[0], "delta"] > d.loc[FEW[1], "delta"] > 0.1


def test_delta_leaves_global_state_alone(small_result):
    before = np.random.get_state()[1].copy()  # noqa: NPY002
    filters = list(warnings.filters)
    fmt = warnings.formatwarning
    delta_indices(small_result, "offshore", inputs=FEW[:2], n_resamples=3)
    assert np.array_equal(np.random.get_state()[1], before)  # noqa: NPY002
    assert list(warnings.filters) == filters
    assert warnings.formatwarning is fmt


# ---------------------------------------------------------------------------- Sobol on the model


def test_sobol_indices_on_the_model(sc):
    s = sobol_indices(sc, "offshore", inputs=[PRICE, "demand.base_volume"], n_base=256,
                      seed=2, n_resamples=50).frame()
    assert set(s["input"]) == {PRICE, "demand.base_volume"}
    assert s.attrs["n_paths"] == 256 * 4
    s = s.set_index("input")
    # both drive offshore cost: total indices clearly above zero
    for p in s.index:
        assert s.loc[p, "ST"] > 2 * s.loc[p, "ST_conf"] / 1.96
    assert not s.isna().any().any()


def test_sobol_indices_need_independent_groups(sc):
    # two inputs that move offshore's cost (base volume and handle time are facts with a
    # +/-3% measurement error: their group's indices are near 0 with narrow intervals)
    pair = [PRICE, "demand.trend_annual"]
    scc = sc.with_overrides(correlations=((*pair, 0.5),))
    with pytest.raises(ValueError, match="correlated but in different groups"):
        sobol_indices(scc, "offshore", inputs=pair, n_base=16)
    # in one group they are fine
    # n_base=16 is far too small: the +/-0.1 precision warning names a larger n_base
    with pytest.warns(IntervalWarning, match=r"n_base = \d+ should bring them under"):
        s = sobol_indices(scc, "offshore", inputs=pair, groups={"load": pair}, n_base=16,
                          n_resamples=10, seed=0)
    assert s.frame()["input"].tolist() == ["load"]


@pytest.mark.slow
def test_sobol_indices_seed_follows_spec7(sc):
    kw = {"inputs": [PRICE, "demand.base_volume"], "n_base": 256, "n_resamples": 20}
    a = sobol_indices(sc, "offshore", seed=0, **kw).frame()
    again = sobol_indices(sc, "offshore", seed=0, **kw).frame()
    b = sobol_indices(sc, "offshore", seed=1, **kw).frame()
    pd_eq = a[["S1", "ST"]].to_numpy()
    np.testing.assert_array_equal(pd_eq, again[["S1", "ST"]].to_numpy())
    assert not np.array_equal(pd_eq, b[["S1", "ST"]].to_numpy())
    # seed=None draws fresh entropy, recorded so that the analysis can be repeated
    c = sobol_indices(sc, "offshore", seed=None, **kw).frame()
    rep = sobol_indices(sc, "offshore", seed=c.attrs["seed"], **kw).frame()
    np.testing.assert_array_equal(c[["S1", "ST"]].to_numpy(), rep[["S1", "ST"]].to_numpy())


@pytest.mark.slow
def test_tornado_seed_and_its_bootstrap_follow_the_given_seed(sc):
    kw = {"n_paths": 256, "inputs": [PRICE], "stat": "p90"}
    t0 = tornado(sc, "offshore", seed=0, **kw)
    t0b = tornado(sc, "offshore", seed=0, **kw)
    t1 = tornado(sc, "offshore", seed=1, **kw)
    assert t0.swing_se == t0b.swing_se
    assert t0.table["swing"].iloc[0] == t0b.table["swing"].iloc[0]
    assert t0.table["swing"].iloc[0] != t1.table["swing"].iloc[0]
    assert t0.swing_se[PRICE] != t1.swing_se[PRICE]
    # a Generator is a seed too; seed=None records the entropy it drew
    tg = tornado(sc, "offshore", seed=np.random.default_rng(5), **kw)
    tn = tornado(sc, "offshore", seed=None, **kw)
    rep = tornado(sc, "offshore", seed=tn.seed, **kw)
    assert tn.swing_se == rep.swing_se and np.isfinite(tg.table["swing"]).all()
    again = tornado(sc, "offshore", seed=tn.frame().attrs["seed"], **kw)  # the entropy
    assert again.swing_se == tn.swing_se
    # the bootstrap draws from the seed's own stream, not a fixed generator: the same
    # simulated runs with a different bootstrap stream give a different standard error
    assert t0.seed == SeedRoot(0) and t0.frame().attrs["seed"] == 0


def test_gaussian_marginals_unaffected_by_design():
    # the design maps uniforms through each input's quantile function
    seen = {}

    def f(x):
        seen.update(x)
        return x["a"] + x["b"]

    sobol_analyze(f, {"a": Normal(0, 1), "b": Uniform(0, 1)}, n_base=1024, seed=1,
                  n_resamples=10)
    assert stats.kstest(seen["a"], "norm").pvalue > 1e-3


def test_drivers_cli(tmp_path, capsys):
    import argparse

    import pandas as pd

    from ccsim.cli import add_drivers as add_cli

    ap = argparse.ArgumentParser(prog="ccsim")
    add_cli(ap.add_subparsers(dest="command", required=True))
    out = tmp_path / "tornado.csv"
    args = ap.parse_args(["drivers", "--option", "offshore", "--versus", "in_house",
                          "--paths", "256", "--top", "2", "--out", str(out)])
    assert args.func(args) == 0
    t = pd.read_csv(out)
    assert t.columns.tolist() == TORNADO_COLUMNS and len(t) == 2
    assert "saving of offshore vs in_house" in capsys.readouterr().out
