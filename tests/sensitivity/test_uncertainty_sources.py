"""Where the uncertainty comes from (issue 27 item 5): ``result.uncertainty_sources``.

Checked three ways: a synthetic response with known shares; the shares of every option's
cost and saving on the default scenario (they sum to 1 and the raw shares, before
scaling, sum to 1 within the stated error); and a brute-force computation by
re-simulation on common random numbers (one group's inputs fixed at their medians; the
same inputs with fresh noise). Then the figure and the board-pack page.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import ccsim
from ccsim.assumptions import assumptions_table
from ccsim.sampling.inputs import InputDesign, input_uniforms
from ccsim.sampling.streams import BLOCK, ChunkStreams
from ccsim.sensitivity._common import _fixed_value, _reduce
from ccsim.sensitivity.sources import (
    NOISE,
    UncertaintySources,
    source_of,
    variance_shares,
)

Z = 1.959963984540054


@pytest.fixture(scope="module")
def res():
    return ccsim.simulate(ccsim.default_scenario(), n_paths=1024, seed=11, keep_monthly=False)


@pytest.fixture(scope="module")
def pair():
    """Nearshore and in-house only (the saving's inputs), 2,048 paths."""
    sc = _reduce(ccsim.default_scenario(), ["in_house", "nearshore"])
    r = ccsim.simulate(sc, n_paths=2048, seed=5, keep_monthly=False)
    return sc, r


def _saving(r):
    return r.values("npv_cost", "in_house") - r.values("npv_cost", "nearshore")


# ----------------------------------------------------------------------------- synthetic


def test_known_shares_of_a_linear_response():
    # y = 2 x1 + x2 + e with unit variances: shares 4/6, 1/6 and 1/6 (noise). With
    # 4,000 points each estimate is within 0.03 of its true share (the shares' standard
    # errors are 0.006 to 0.009 here: 0.03 is over 3 of them).
    rng = np.random.default_rng(2024)
    n = 4000
    x = rng.normal(size=(n, 3))
    y = 2 * x[:, 0] + x[:, 1] + rng.normal(size=n)
    t = variance_shares(y, x, ["a", "b", "b"], n_resamples=0)
    truth = {"a": 4 / 6, "b": 1 / 6, "noise": 1 / 6}
    assert list(t.index) == ["a", "b", "noise"]
    for g, s in truth.items():
        assert abs(t.loc[g, "share"] - s) < 0.03, (g, t.loc[g, "share"])
    assert t.loc["b", "n_inputs"] == 2


def test_intervals_cover_the_known_shares():
    # The stated error: over 40 independent samples of the response above (2,000 points,
    # 200 resamples each), each share's 95% bootstrap interval covers its true value in
    # at least 34 (a true 95% coverage falls below that with probability about 1%), and
    # the raw sum's interval covers 1 as often.
    truth = np.array([4 / 6, 1 / 6, 1 / 6])
    hits = np.zeros(4)
    for rep in range(40):
        rng = np.random.default_rng(1000 + rep)
        x = rng.normal(size=(2000, 3))
        y = 2 * x[:, 0] + x[:, 1] + rng.normal(size=2000)
        t = variance_shares(y, x, ["a", "b", "b"], n_resamples=200, seed=rep)
        hits[:3] += (t["ci_low"].to_numpy() <= truth) & (truth <= t["ci_high"].to_numpy())
        hits[3] += t.attrs["raw_sum_low"] <= 1.0 <= t.attrs["raw_sum_high"]
    assert (hits >= 34).all(), hits


def test_known_shares_of_a_curved_response():
    # a non-linear but additive response: y = x1^2 + e, x1 ~ N(0,1): x1's share is
    # Var(x1^2) / (Var(x1^2) + 1) = 2/3; a straight line would see none of it. The
    # piecewise-linear curve must recover what the true curve explains in this sample
    # (1 - Var(e) / Var(y)) within 0.01, so that only sampling error separates it from
    # 2/3 (x1^2 is skewed: the sample's own value is 0.63 here).
    rng = np.random.default_rng(7)
    n = 4000
    x = rng.normal(size=(n, 2))
    e = rng.normal(size=n)
    y = x[:, 0] ** 2 + e
    t = variance_shares(y, x, ["x1", "x2"], n_resamples=0)
    oracle = 1.0 - e.var() / y.var()
    assert abs(t.loc["x1", "first_order"] - oracle) < 0.01
    assert abs(t.loc["x1", "share"] - 2 / 3) < 0.06
    assert t.loc["x2", "share"] < 0.01


def test_no_input_explains_pure_noise():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2000, 4))
    y = rng.normal(size=2000)
    t = variance_shares(y, x, ["a", "a", "b", "b"], n_resamples=0)
    assert t.loc["noise", "share"] > 0.97


# ----------------------------------------------------------------------------- default


def test_shares_sum_to_one_for_every_option_and_saving(res):
    # The stated error of the sum is the raw shares' deviation from 1 before scaling
    # (interactions between groups and regression error), with its bootstrap interval.
    # On the default scenario it must stay within 0.10 of 1 for every option's cost
    # and every saving against in-house, and the interval must reach within 0.05 of 1.
    cases = [(o, None) for o in res.options] + [
        (o, "in_house") for o in res.options if o != "in_house"]
    for option, baseline in cases:
        src = res.uncertainty_sources(option, baseline, n_resamples=100)
        t = src.frame()
        assert isinstance(src, UncertaintySources)
        assert {"source", "kind", "share", "ci_low", "ci_high"} <= set(t.columns)
        assert abs(t["share"].sum() - 1.0) < 1e-9
        assert (t["share"] >= 0).all()
        assert (t["ci_low"] <= t["share"] + 1e-12).all()
        assert (t["share"] <= t["ci_high"] + 1e-12).all()
        a = t.attrs
        assert abs(a["raw_sum"] - 1.0) < 0.10, (option, baseline, a["raw_sum"])
        assert a["raw_sum_low"] - 0.05 <= 1.0 <= a["raw_sum_high"] + 0.05, (option, baseline)
        assert t["share"].is_monotonic_decreasing
        assert (t["kind"] == "noise").sum() == 1
        assert set(t["kind"]) <= {"fact", "future", "judgement", "noise"}
        assert t.loc[t["kind"] == "noise", "source"].item() == NOISE


def test_groups_follow_the_assumptions_table_kinds(res):
    sc = res.scenario
    table = assumptions_table(sc).set_index("input")["kind"]
    for p in res.inputs:
        topic, kind = source_of(sc, p)
        assert kind == table[p], p
        assert topic
    src = res.uncertainty_sources("offshore", "in_house", n_resamples=0).frame()
    assert "customer value (judgement)" in set(src["source"])
    assert "your centre's measured facts (fact)" in set(src["source"])
    # every relevant varying input is counted once
    assert src["n_inputs"].sum() == len(
        [p for p in ccsim.sensitivity.relevant_inputs(sc, ["offshore", "in_house"])
         if np.ptp(res.inputs[p]) > 0])


def test_same_result_same_table_and_clear_errors(res):
    a = res.uncertainty_sources("offshore", "in_house", n_resamples=50).frame()
    b = res.uncertainty_sources("offshore", "in_house", n_resamples=50).frame()
    assert a.equals(b)
    c = res.uncertainty_sources("offshore", metric="csat_mean", n_resamples=0)
    assert "Offshore's csat_mean" in c.sentence
    with pytest.raises(KeyError, match="no option named 'mars'"):
        res.uncertainty_sources("mars")
    with pytest.raises(ValueError, match="n_resamples = -1"):
        res.uncertainty_sources("offshore", n_resamples=-1)
    with pytest.raises(ValueError, match="baseline = 'offshore' is the option itself"):
        res.uncertainty_sources("offshore", "offshore")
    with pytest.raises(ValueError, match=r"level = 1\.5"):
        res.uncertainty_sources("offshore", level=1.5)
    small = ccsim.simulate(ccsim.default_scenario(), n_paths=20, seed=1, keep_monthly=False)
    with pytest.raises(ValueError, match="at least 50 paths, got 20"):
        small.uncertainty_sources("offshore")


# ----------------------------------------------------------------------------- brute force


def _boot_se(stat, n, rng, reps=300):
    vals = [stat(rng.integers(0, n, n)) for _ in range(reps)]
    return float(np.std(vals, ddof=1))


def test_largest_group_matches_fixing_it_at_its_medians(pair):
    # Brute force: re-simulate with the largest group's inputs fixed at their medians on
    # the same seed (common random numbers: every other draw is unchanged). The
    # variance removed, (Var y - Var y_fixed) / Var y, is that group's first-order index
    # for an additive response. Tolerance: 3 combined standard errors (the paired
    # bootstrap's over paths and the estimate's, from its 95% interval).
    sc, r = pair
    src = r.uncertainty_sources("nearshore", "in_house", n_resamples=300).frame()
    groups = src[src["kind"] != "noise"]
    top = groups.iloc[0]
    paths = [p for p in r.inputs if np.ptp(r.inputs[p]) > 0
             and "{} ({})".format(*source_of(sc, p)) == top["source"]]
    assert len(paths) == top["n_inputs"]
    dists = dict(sc.uncertain_inputs())
    fixed = sc.with_overrides({p: _fixed_value(sc, p, dists[p].median()) for p in paths})
    r_fix = ccsim.simulate(fixed, n_paths=r.n_paths, seed=r.seed, keep_monthly=False)
    y, y_fix = _saving(r), _saving(r_fix)
    # the other inputs were the same draws
    other = next(p for p in r.inputs if p not in paths and np.ptp(r.inputs[p]) > 0)
    np.testing.assert_array_equal(r.inputs[other], r_fix.inputs[other])

    def reduction(idx):
        return 1.0 - y_fix[idx].var() / y[idx].var()

    brute = reduction(np.arange(y.size))
    se_b = _boot_se(reduction, y.size, np.random.default_rng(0))
    est = float(top["first_order"])
    se_e = (float(top["ci_high"]) - float(top["ci_low"])) / (2 * Z)
    assert top["share"] > 0.1  # a group that matters
    assert abs(est - brute) <= 3 * np.hypot(se_b, se_e), (top["source"], est, brute, se_b, se_e)


def test_noise_share_matches_a_rerun_with_the_same_inputs(pair):
    # Brute force for the noise row: the same input draws with fresh process noise
    # (another seed). For two such paths, E[(y - y')^2] / 2 = E[Var(y | inputs)], the
    # variance no input explains. The model's noise counts interactions between inputs
    # that no additive curve captures too, so it may only exceed the rerun's by that;
    # tolerance 3 combined standard errors plus 0.05 for those interactions.
    sc, r = pair
    src = r.uncertainty_sources("nearshore", "in_house", n_resamples=300).frame()
    noise = src[src["kind"] == "noise"].iloc[0]
    n = r.n_paths
    u = input_uniforms(sc, ChunkStreams(r.seed, 0, -(-n // BLOCK)))
    design = InputDesign({p: v[:n] for p, v in u.items()})
    r2 = ccsim.simulate(sc, n_paths=n, seed=r.seed.entropy + 1, keep_monthly=False,
                        sampler=design)
    for p in r.inputs:
        np.testing.assert_array_equal(r.inputs[p], r2.inputs[p])
    y, y2 = _saving(r), _saving(r2)

    def ratio(idx):
        return 0.5 * np.mean((y[idx] - y2[idx]) ** 2) / y[idx].var()

    brute = ratio(np.arange(n))
    se_b = _boot_se(ratio, n, np.random.default_rng(1))
    est = float(noise["first_order"])
    se_e = (float(noise["ci_high"]) - float(noise["ci_low"])) / (2 * Z)
    assert -3 * np.hypot(se_b, se_e) <= est - brute <= 3 * np.hypot(se_b, se_e) + 0.05, \
        (est, brute, se_b, se_e)


# ----------------------------------------------------------------------------- figure, pack


def test_figure_states_the_biggest_source_as_a_sentence(res):
    src = res.uncertainty_sources("nearshore", "in_house", n_resamples=50)
    ax = res.plot.uncertainty_sources("nearshore", "in_house", n_resamples=50)
    title = ax.figure.get_suptitle().replace("\n", " ")
    assert title == src.sentence
    top = src.frame().iloc[0]
    assert title.startswith(f"{round(100 * top['share'])}% of the uncertainty in "
                            "Nearshore's saving is ")
    assert len(ax.patches) == min(10, len(src.frame()))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].lower() == top["source"].lower()  # biggest bar first (on top)
    # a precomputed table draws the same, and the judgement wording reads as a board's
    ax2 = ccsim.plot.uncertainty_sources(src)
    assert ax2.figure.get_suptitle().replace("\n", " ") == src.sentence
    plt.close("all")
    judged = src.frame()
    judged = judged[judged["source"] == "customer value (judgement)"]
    assert len(judged) == 1
    t = src.table.copy()
    t.attrs = dict(src.table.attrs)
    t = t.reindex([judged.index[0], *[i for i in t.index if i != judged.index[0]]])
    assert UncertaintySources(t).sentence.endswith(
        "of the uncertainty in Nearshore's saving is our judgement of customer value")


def test_board_pack_has_the_uncertainty_page(res, tmp_path):
    pack = res.report(tmp_path, dpi=50, drivers=False)
    names = [p.name for p in pack.figures]
    page = [k for k, n in enumerate(names) if "-uncertainty-" in n]
    assert len(page) == 1, names
    focus = names[page[0]].split("-uncertainty-")[1].removesuffix(".png")
    assert focus in res.options
    src = res.uncertainty_sources(focus, "in_house")
    assert pack.findings[page[0]].replace("\n", " ") == src.sentence
    assert pack.figures[page[0]].stat().st_size > 0
    plt.close("all")
