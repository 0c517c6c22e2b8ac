"""Figures: every function on a small result and on edge cases, without warnings; the
numbers a figure states are checked against an independent computation; a few figures
are compared with reference images (``tests/baseline_images``).

Regenerate the reference images after an intended change with
``CCSIM_UPDATE_BASELINES=1 .venv/bin/python -m pytest tests/present/test_figures.py -k image`` and
look at them before committing.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.testing.compare import compare_images

import ccsim
from ccsim.engine.chunk import COST_COMPONENTS, MONTHLY_METRICS
from ccsim.present import plotting as plot
from ccsim.present.plotting import _style
from ccsim.present.plotting import spider as plot_spider
from ccsim.present.plotting._style import COMPONENT_COLORS, fmt_money, option_colors
from ccsim.result import PATH_OUTPUTS, Result
from ccsim.sampling.streams import SeedRoot

BASELINES = Path(__file__).parents[1] / "baseline_images"
# RMS tolerance (0-255 grey levels) of matplotlib's compare_images: the references are
# rendered here with DejaVu Sans and Agg; 2 absorbs anti-aliasing differences between
# freetype builds while a moved bar, label or line (RMS > 5 in trials) still fails.
IMAGE_TOL = 2.0


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def synthetic_result(options=("in_house", "offshore"), n=400, months=12, *, constant=False,
                     seed=0):
    """A Result with known arrays, independent of the engine (for figures only)."""
    sc = ccsim.default_scenario()
    for o in sc.option_names:
        if o not in options:
            sc = sc.without_option(o)
    rng = np.random.default_rng(seed)
    n_opt = len(options)
    out = {}
    for k, c in enumerate(COST_COMPONENTS):
        scale = 1e6 * (k + 1)
        out[c] = (np.full((n_opt, n), scale) if constant
                  else scale * rng.lognormal(0.0, 0.3, size=(n_opt, n)) * (1 + 0.2 * np.arange(n_opt)[:, None]))
    out["npv_cost"] = sum(out[c] for c in COST_COMPONENTS)
    # outputs added with the exit decisions (issue 14) draw from their own generator, so
    # the arrays of the older outputs, and the reference images, stay as they were
    later = {"exit_completed", "exit_retendered", "months_with_vendor", "vendor_quality_mean",
             "vendor_csat_mean", "headcount_in_house_mean", "vendor_fte_mean",
             "occupancy_in_house", "occupancy_vendor", "incident_cost"}
    rng_later = np.random.default_rng(seed + 1)
    for k in PATH_OUTPUTS:
        if k not in out:
            g = rng_later if k in later else rng
            out[k] = np.full((n_opt, n), 0.5) if constant else g.uniform(0, 1, size=(n_opt, n))
    out["csat_mean"] = np.full((n_opt, n), 70.0) if constant else rng.normal(70, 5, size=(n_opt, n))
    monthly = {
        m: (np.full((n_opt, n, months), 1.0, dtype=np.float32) if constant
            else rng.uniform(0.5, 1.0, size=(n_opt, n, months)).astype(np.float32))
        for m in MONTHLY_METRICS
    }
    return Result(sc, n, SeedRoot(seed), out, {}, monthly)


def draw(obj):
    """Render (layout warnings appear at draw time) and return the figure."""
    fig = obj if isinstance(obj, mpl.figure.Figure) else obj.figure
    fig.canvas.draw()
    return fig


ALL_RESULT_FIGURES = [
    ("cost_distribution", {}),
    ("cost_distribution", {"kind": "hist"}),
    ("csat_distribution", {}),
    ("distribution", {"metric": "abandon_rate"}),
    ("exceedance", {}),
    ("exceedance", {"budget": 60e6}),
    ("fan_chart", {"metric": "service_level"}),
    ("fan_grid", {}),
    ("risk_map", {}),
    ("risk_map", {"budget": 60e6, "csat_floor": 70, "kind": "contour"}),
    ("cost_breakdown", {}),
]


@pytest.mark.parametrize(("name", "kw"), ALL_RESULT_FIGURES)
def test_every_figure_draws_on_a_simulated_result(small_result, name, kw):
    before = dict(mpl.rcParams)
    obj = getattr(small_result.plot, name)(**kw)
    fig = draw(obj)
    assert fig.get_suptitle()
    assert dict(mpl.rcParams) == before, "rcParams leaked out of the style context"


def _finite_artists(fig):
    """Every line, bar and scatter point drawn on the figure's axes has finite data;
    returns how many there are."""
    n = 0
    for ax in fig.axes:
        for line in ax.get_lines():
            xy = np.asarray(line.get_xydata(), float)
            assert np.isfinite(xy).all(), f"{ax.get_title()}: {line.get_label()}"
            n += 1
        for r in ax.patches:
            if isinstance(r, mpl.patches.Rectangle):
                box = [r.get_x(), r.get_y(), r.get_width(), r.get_height()]
                assert np.isfinite(box).all(), f"{ax.get_title()}: {r}"
                n += 1
        for c in ax.collections:  # scatter points
            offsets = np.asarray(c.get_offsets(), float)
            assert np.isfinite(offsets).all(), f"{ax.get_title()}: {c}"
            n += len(offsets)
    return n


@pytest.mark.parametrize("name", ["paired_saving", "waterfall"])
def test_paired_figures_draw_on_a_simulated_result(small_result, name):
    ax = getattr(small_result.plot, name)("offshore")
    fig = draw(ax)
    title = fig.get_suptitle()
    assert "Offshore" in title and "In-house" in title and "nan" not in title.lower()
    assert _finite_artists(fig) > 0
    # independent: the paired mean saving from the tidy per-path table
    wide = small_result.paths().pivot(index="path", columns="option", values="npv_cost")
    saving = float((wide["in_house"] - wide["offshore"]).mean())
    if name == "paired_saving":
        # the dashed line is drawn at the paired mean saving; the bars are shares of futures
        (mean_line,) = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
        np.testing.assert_allclose(mean_line.get_xdata(), saving, rtol=1e-9)
        heights = np.array([r.get_height() for r in ax.patches])
        assert (heights >= 0).all() and heights.sum() == pytest.approx(1.0, abs=1e-12)
    else:
        # the waterfall runs from the in-house mean to the offshore mean: the saving
        start, end = ax.patches[0].get_width(), ax.patches[1].get_width()
        assert start - end == pytest.approx(saving, rel=1e-9)


EDGE_CASES = {
    "one option": {"options": ("offshore",)},
    "one path": {"n": 1},
    "two paths": {"n": 2},
    "degenerate": {"constant": True},
    "one month": {"months": 1},
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(EDGE_CASES))
def test_every_figure_handles_edge_cases(case):
    res = synthetic_result(**EDGE_CASES[case])
    opt = res.options[-1]
    base = res.options[0]
    for name, kw in ALL_RESULT_FIGURES:
        draw(getattr(plot, name)(res, **kw))
        plt.close("all")
    draw(plot.paired_saving(res, opt, base))
    draw(plot.waterfall(res, opt, base))
    for fig in map(plt.figure, plt.get_fignums()):
        assert "nan" not in (fig.get_suptitle() or "").lower()


@pytest.mark.slow
def test_real_one_path_run_draws():
    res = ccsim.simulate(ccsim.default_scenario(), n_paths=1, seed=0)
    for name, kw in ALL_RESULT_FIGURES:
        fig = draw(getattr(res.plot, name)(**kw))
        title = fig.get_suptitle()
        assert title and "nan" not in title.lower(), name
        assert _finite_artists(fig) > 0, name
        plt.close("all")
    ax = res.plot.paired_saving("offshore")
    fig = draw(ax)
    # one future: its saving is the mean, and the one bar holding it is the whole share
    saving = float(res.values("npv_cost", "in_house")[0] - res.values("npv_cost", "offshore")[0])
    (mean_line,) = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    np.testing.assert_allclose(mean_line.get_xdata(), saving, rtol=1e-9)
    heights = np.array([r.get_height() for r in ax.patches])
    assert heights.max() == 1.0 and heights.sum() == 1.0
    assert "Offshore" in fig.get_suptitle()


def test_figures_draw_into_a_user_axes_without_a_footnote(small_result):
    fig, axs = plt.subplots(1, 2, figsize=(12, 5), layout="constrained")
    a = plot.paired_saving(small_result, "nearshore", ax=axs[0])
    b = plot.cost_breakdown(small_result, ax=axs[1], title="My title")
    assert a is axs[0] and b is axs[1]
    assert b.get_title(loc="left") == "My title"
    assert not fig.texts  # no footnote in someone else's layout
    draw(fig)


def test_one_colour_per_option_everywhere(small_result):
    colors = option_colors(small_result.options)
    assert colors["in_house"] == "#0072B2" and colors["offshore"] == "#D55E00"
    assert len(set(colors.values())) == len(colors)
    ax = plot.exceedance(small_result)
    for line in ax.get_lines():
        if line.get_label().split(":")[0] in {"In-house", "Offshore"}:
            name = "in_house" if line.get_label().startswith("In") else "offshore"
            assert mpl.colors.to_hex(line.get_color()) == colors[name].lower()
    ax2 = plot.paired_saving(small_result, "offshore")
    faces = {mpl.colors.to_hex(p.get_facecolor(), keep_alpha=False) for p in ax2.patches}
    assert colors["offshore"].lower() in faces
    # a user's option takes a spare colour, the same in every figure of the result
    extra = option_colors([*small_result.options, "my_vendor"])["my_vendor"]
    assert extra not in colors.values()
    assert option_colors(["my_vendor", "in_house"])["my_vendor"] == extra


def test_lab_conversion_matches_reference_values():
    # independent check of the sRGB -> CIE L*a*b* (D65) conversion behind _close:
    # published values (white, black, pure red to 0.1)
    assert _style._lab("#FFFFFF") == pytest.approx((100.0, 0.0, 0.0), abs=0.05)
    assert _style._lab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=0.05)
    assert _style._lab("#FF0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.1)


def test_a_custom_option_never_gets_a_colour_close_to_one_in_use():
    """Issue 15: a custom option next to in-house's blue got sky blue (#56B4E9)."""
    sky = "#56B4E9"
    assert _style._close(sky, "#0072B2")  # the case reported is "close" by the rule
    c = option_colors(["in_house", "my_vendor"])
    assert c["my_vendor"] != sky and not _style._close(c["my_vendor"], c["in_house"])
    defaults = ["in_house", "onshore", "nearshore", "offshore", "hybrid"]
    for extra in (["colombia"], ["colombia", "poland"], ["a", "b", "c"]):
        colors = option_colors([*defaults, *extra])
        for o in extra:
            others = [v for k, v in colors.items() if k != o]
            assert not any(_style._close(colors[o], v) for v in others), (o, colors)
    # stable per name: the same defaults give the same colour wherever the name comes
    assert (option_colors(["colombia", *defaults])["colombia"]
            == option_colors([*defaults, "colombia"])["colombia"])


def test_money_axis_is_clipped_with_the_outlier_marked():
    res = synthetic_result()
    cost = res.outputs["npv_cost"]
    cost[1, 7] = 100 * cost.max()  # one extreme future of offshore
    med = float(np.median(cost))
    for ax in (plot.cost_distribution(res), plot.exceedance(res),
               plot.cost_distribution(res, kind="hist")):
        lo, hi = ax.get_xlim()
        assert hi < cost[1, 7] and hi > np.quantile(cost, 0.99)
        assert med > lo
        marks = [t.get_text() for t in ax.texts if "beyond" in t.get_text()]
        n_out = int(np.sum(cost > hi))  # futures right of the axis, counted here
        assert 1 <= n_out <= 0.01 * cost.size
        assert marks == [f"{n_out} beyond, up to {fmt_money(cost[1, 7])}"], marks
        plt.close("all")
    # no outlier: nothing clipped, nothing marked
    ax = plot.cost_distribution(synthetic_result())
    assert not [t for t in ax.texts if "beyond" in t.get_text()]


def test_exceedance_draws_the_5_percent_line(small_result):
    ax = plot.exceedance(small_result, budget=60e6)
    levels = [ln.get_ydata()[0] for ln in ax.get_lines()
              if len(set(np.asarray(ln.get_ydata(), dtype=float))) == 1 and "5%" in ln.get_label()]
    assert levels == [0.05]


def test_distribution_reference_lines(small_result):
    for kind in ("violin", "hist"):
        ax = plot.cost_distribution(small_result, kind=kind, budget=1e9)
        lines = [ln for ln in ax.get_lines() if ln.get_label().startswith("Budget")]
        assert [ln.get_xdata()[0] for ln in lines] == [1e9] and ax.get_xlim()[1] > 1e9
        ax = plot.csat_distribution(small_result, kind=kind, csat_floor=72)
        assert [ln.get_label() for ln in ax.get_lines() if ln.get_label().startswith("Target")] \
            == ["Target 72.0"]
        plt.close("all")
    with pytest.raises(ValueError, match="budget"):
        plot.cost_distribution(small_result, budget=float("nan"))


def test_titles_fit_two_figures_side_by_side(small_result):
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    plot.paired_saving(small_result, "offshore", ax=axes[0])
    plot.exceedance(small_result, ax=axes[1])
    fig.canvas.draw()
    boxes = [a.title.get_window_extent() for a in axes]
    assert boxes[0].x1 <= boxes[1].x0  # the left title does not run into the right one


def test_paired_saving_title_states_the_share_computed_independently(small_result):
    # independent: pivot the tidy per-path table
    wide = small_result.paths().pivot(index="path", columns="option", values="npv_cost")
    p = float((wide["nearshore"] < wide["in_house"]).mean())
    ax = plot.paired_saving(small_result, "nearshore")
    title = ax.figure.get_suptitle()
    assert f"{100 * p:.0f}% of futures" in title
    foot = " ".join(t.get_text() for t in ax.figure.texts)
    half = 1.959963984540054 * np.sqrt(p * (1 - p) / small_result.n_paths)
    assert f"±\N{NO-BREAK SPACE}{100 * half:.0f}%" in foot.replace("\n", " ")
    # bars are shares of futures: they add up to one
    assert sum(r.get_height() for r in ax.patches) == pytest.approx(1.0, abs=1e-12)


def test_exceedance_curve_is_the_survival_function(small_result):
    budget = float(np.median(small_result.values("npv_cost", "offshore")))
    ax = plot.exceedance(small_result, budget=budget)
    line = next(ln for ln in ax.get_lines() if ln.get_label().startswith("Offshore"))
    x, y = (np.asarray(a, float) for a in line.get_data())
    v = small_result.values("npv_cost", "offshore")
    # independent: count for every plotted x how many paths exceed it
    expect = np.array([(v > xi).mean() for xi in x[1:]])
    assert np.allclose(y[1:], expect, atol=1e-12)
    share = (v > budget).mean()
    assert f"Offshore: {100 * share:.0f}% over budget" in line.get_label()


def test_cost_breakdown_stacks_add_up_to_the_summary_mean(small_result):
    ax = plot.cost_breakdown(small_result)
    right = {}
    for r in ax.patches:
        y = round(r.get_y() + r.get_height() / 2, 6)
        right[y] = max(right.get(y, 0.0), r.get_x() + r.get_width())
    ends = [right[k] for k in sorted(right, reverse=True)]
    # negative components (SLA credits paid by the vendor) stack to the left of zero
    means = small_result.paths().groupby("option", observed=True)[list(COST_COMPONENTS)].mean()
    neg = means.clip(upper=0.0).sum(axis=1).reindex(small_result.options).to_numpy()
    np.testing.assert_allclose(ends, small_result.summary()["cost_mean"].to_numpy() - neg, rtol=1e-9)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Operating: Vendor fees" in labels
    # the three parts of the cost: breaches are incident cost, lost margin customer cost
    assert "Incident: Data-breach losses" in labels and "Customer: Lost customers (margin)" in labels


def test_waterfall_steps_add_up_to_the_difference_of_means(small_result):
    ax = plot.waterfall(small_result, "offshore")
    s = small_result.summary()["cost_mean"]
    patches = ax.patches
    start, end = patches[0].get_width(), patches[1].get_width()
    assert start == pytest.approx(s["in_house"], rel=1e-12)
    assert end == pytest.approx(s["offshore"], rel=1e-12)
    signed = 0.0
    for r in patches[2:]:
        sign = -1.0 if mpl.colors.to_hex(r.get_facecolor()) == "#1b7837" else 1.0
        signed += sign * r.get_width()
    assert signed == pytest.approx(s["offshore"] - s["in_house"], rel=1e-9)


def test_titles_and_axes_say_what_and_in_which_unit(small_result):
    ax = plot.cost_distribution(small_result)
    assert "US$" in ax.get_xlabel()
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert all(re.fullmatch(r"-?\$[\d.,]+[kMB]?", t) for t in ticks), ticks
    foot = " ".join(t.get_text() for t in ax.figure.texts)
    assert "512 simulated futures" in foot and "±" in foot
    ax = plot.fan_chart(small_result, "service_level")
    assert "%" in ax.get_ylabel() and ax.get_xlabel() == "Month"


@pytest.mark.parametrize(
    ("x", "text"),
    [(1.234e6, "$1.2M"), (-8.5e5, "-$850k"), (999.4, "$999"), (2.5e9, "$2.5B"),
     (999_960.0, "$1.0M"), (0.0, "$0")],
)
def test_money_format(x, text):
    assert fmt_money(x) == text


# ----------------------------------------------------------------------------- bad input


def test_bad_input_raises_clear_errors(small_result):
    with pytest.raises(TypeError, match=r"ccsim\.Result"):
        plot.cost_distribution(small_result.summary())
    with pytest.raises(ValueError, match="no option named 'nowhere'"):
        plot.cost_distribution(small_result, ["nowhere"])
    with pytest.raises(ValueError, match="option = 'x' is not an option"):
        plot.paired_saving(small_result, "x")
    with pytest.raises(ValueError, match="budget = nan"):
        plot.exceedance(small_result, budget=float("nan"))
    with pytest.raises(TypeError, match="budget must be a number"):
        plot.risk_map(small_result, budget="1e6")
    with pytest.raises(ValueError, match="kind = 'pie'"):
        plot.cost_distribution(small_result, kind="pie")
    with pytest.raises(ValueError, match="metric = 'cost'"):
        plot.distribution(small_result, "cost")
    with pytest.raises(ValueError, match="not a monthly metric"):
        plot.fan_chart(small_result, "npv_cost")
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot.cost_breakdown(small_result, ax="left")
    assert not plt.get_fignums(), "a figure was made before the input was checked"


def test_fan_chart_needs_monthly_data():
    res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=3, keep_monthly=False)
    with pytest.raises(ValueError, match="keep_monthly=True"):
        plot.fan_chart(res)


# ----------------------------------------------------------------------------- tornado


def tornado_table(n=14):
    rng = np.random.default_rng(1)
    swing = np.linspace(12e6, -1e6, n)
    t = pd.DataFrame({
        "input": [f"part{k}.param_{k}" for k in range(n)],
        "low_value": rng.uniform(0, 1, n), "high_value": rng.uniform(1, 2, n),
        "stat_low": 74e6 - 0.4 * swing, "stat_high": 74e6 + 0.6 * swing,
        "swing": swing, "base": 74e6,
    })
    t = t.reindex(t["swing"].abs().sort_values(ascending=False).index).reset_index(drop=True)
    t.attrs = {"option": "offshore", "metric": "npv_cost", "stat": "mean", "baseline": "in_house",
               "n_paths": 512, "low": 0.1, "high": 0.9}
    return t


def test_tornado_of_a_saving_says_so_and_reads_old_tables():
    t = tornado_table()
    ax = plot.tornado(t)
    assert ax.get_xlabel().startswith("Mean saving of Offshore vs In-house in total cost")
    old = t.copy()
    old.attrs = {**{k: v for k, v in t.attrs.items() if k != "baseline"}, "versus": "in_house"}
    assert "Offshore minus In-house" in plot.tornado(old).get_xlabel()


def tornado_result(n=14):
    """The :class:`ccsim.sensitivity.Tornado` of :func:`tornado_table`."""
    from ccsim.sampling.streams import SeedRoot
    from ccsim.sensitivity import Tornado

    t = tornado_table(n)
    a = t.attrs
    table = t.copy()
    table.attrs = {}
    return Tornado(table, a["option"], a["metric"], a["stat"], a["baseline"], a["n_paths"],
                   a["low"], a["high"], "median", SeedRoot(3), dict.fromkeys(t["input"], 1e5))


def test_tornado_reads_the_fields_of_a_tornado_result():
    """The figure reads a Tornado's typed fields; the figure of the result equals that of
    its frame (whose attrs carry the same), and of the table the result was built from."""
    tor = tornado_result()
    figs = [plot.tornado(x) for x in (tor, tor.frame(), tornado_table())]
    texts = [(ax.get_xlabel(), ax.get_title(), [t.get_text() for t in ax.figure.texts],
              [lbl.get_text() for lbl in ax.get_yticklabels()],
              [t.get_text() for t in ax.get_legend().get_texts()]) for ax in figs]
    assert texts[0] == texts[1] == texts[2]
    assert texts[0][0].startswith("Mean saving of Offshore vs In-house")
    assert "512 paths per run" in " ".join(texts[0][2])
    with pytest.raises(ValueError, match="max_inputs = 0"):
        plot.tornado(tor, max_inputs=0)


def test_tornado_draws_the_largest_swings_first():
    t = tornado_table()
    ax = plot.tornado(t, max_inputs=5)
    labels = [lbl.get_text().split("\n")[0] for lbl in ax.get_yticklabels()]
    assert labels == list(t["input"][:5])  # first tick = top row = largest |swing|
    assert len(ax.patches) == 2 * 5
    # bars run from the base to the statistic at low / high
    ends = sorted({round(p.get_x() + p.get_width(), 3) for p in ax.patches} |
                  {round(p.get_x(), 3) for p in ax.patches})
    expect = sorted({74e6} | set(np.round(t["stat_low"][:5], 3)) | set(np.round(t["stat_high"][:5], 3)))
    np.testing.assert_allclose(ends, expect)
    assert "saving of Offshore vs In-house" in ax.get_xlabel()
    assert "p10" in " ".join(x.get_text() for x in ax.get_legend().get_texts())
    draw(ax)


def test_tornado_rejects_a_table_without_the_contract_columns():
    with pytest.raises(ValueError, match=r"lacks columns \['swing'\]"):
        plot.tornado(tornado_table().drop(columns="swing"))
    with pytest.raises(ValueError, match="max_inputs = 0"):
        plot.tornado(tornado_table(), max_inputs=0)


# ----------------------------------------------------------------------------- sweeps


def sweep_frame(a_values=(0.0, 0.5, 1.0), b_values=(20.0, 30.0, 40.0)):
    rows = []
    pts = itertools.product(a_values, b_values)
    for i, (a, b) in enumerate(pts):
        base = 70e6 + 5e6 * a
        for o, c in (("in_house", base), ("nearshore", 50e6 + 1.5e6 * b),
                     ("offshore", 40e6 + 1e6 * b + 30e6 * a)):
            rows.append({"point": i, "offshore.quality.oversight": a, "offshore.price": b,
                         "option": o, "cost_mean": c, "cost_se": 1e6, "cost_p05": 0.6 * c,
                         "cost_p50": c, "cost_p95": 1.6 * c, "csat_mean": 70.0, "csat_se": 0.2,
                         "p_cheapest": 0.3, "saving_mean": base - c, "saving_se": 5e5,
                         "p_saving": float(np.clip(0.5 + (base - c) / 1e8, 0, 1))})
    f = pd.DataFrame(rows)
    f.attrs = {"baseline": "in_house", "n_paths": 1000, "seed": 7}
    return f


@pytest.mark.parametrize("y", ["cost", "csat", "saving", "p_saving", "p_cheapest"])
def test_sweep_lines(y):
    f = sweep_frame(b_values=(30.0,))
    ax = plot.sweep_lines(f, y=y)
    assert ax.get_xlabel().splitlines() == ["Offshore: client oversight effort",
                                           "(offshore.quality.oversight)"]
    n_lines = 2 if y in ("saving", "p_saving") else 3  # the baseline is left out of savings
    assert len([ln for ln in ax.get_lines() if ln.get_marker() == "o"]) == n_lines
    draw(ax)


def test_sweep_lines_title_names_the_winner_and_switch():
    f = sweep_frame(a_values=(0.0, 0.25, 0.5, 0.75, 1.0), b_values=(20.0,))
    ax = plot.sweep_lines(f, y="cost")
    # independent: cheapest option per point
    winners = f.loc[f.groupby("point")["cost_mean"].idxmin(), ["offshore.quality.oversight", "option"]]
    first = winners["option"].iloc[0]
    switch = winners[winners["option"] != first].iloc[0]
    title = ax.figure.get_suptitle().replace("\n", " ")
    assert f"below {switch['offshore.quality.oversight']:g}" in title
    assert title.startswith("The winner changes")


def test_sweep_heatmap_cheapest_counts_match_pandas():
    f = sweep_frame()
    ax = plot.sweep_heatmap(f)
    # a point whose lowest mean is shared by two options is a tie, not a win (the grid
    # has one: in-house and offshore both cost $70M at oversight 0, price 30)
    lowest = f.groupby("point")["cost_mean"].transform("min")
    at_min = f[f["cost_mean"] == lowest]
    sole = at_min.groupby("point").filter(lambda g: len(g) == 1)
    winners = sole["option"].value_counts()
    assert f["point"].nunique() - sole["point"].nunique() == 1
    top = winners.idxmax()
    title = ax.figure.get_suptitle().replace("\n", " ")
    assert f"lowest mean cost in {winners[top]} of {f['point'].nunique()}" in title
    assert "Tie (equal means)" in [t.get_text() for t in ax.get_legend().get_texts()]
    draw(ax)
    ax2 = plot.sweep_heatmap(f, value="p_saving", option="offshore")
    assert len(ax2.texts) == 9  # one annotation per cell
    draw(ax2)


def test_sweep_figures_read_a_sweep_result_s_fields():
    """Plots read the SweepResult's fields (baseline, paths, seed), not an untyped
    .attrs contract: the figure of the result equals that of its frame."""
    from ccsim.run.sweep import sweep

    sc = ccsim.default_scenario().with_overrides({"finance.horizon_months": 12})
    sw = sweep(sc, {"hybrid.vendor_share": [0.3, 0.7]}, n_paths=256, seed=2, progress=False)
    a = plot.sweep_lines(sw, y="saving")
    b = plot.sweep_lines(sw.frame(), y="saving")
    foot = [t.get_text() for t in a.figure.texts]
    assert foot == [t.get_text() for t in b.figure.texts]
    assert "256 paths per point (seed 2)" in " ".join(foot)
    assert a.get_ylabel() == "Mean saving vs In-house, NPV (US$)"


def test_sweep_bad_input():
    f = sweep_frame()
    with pytest.raises(ValueError, match="choose x="):
        plot.sweep_lines(f)
    with pytest.raises(ValueError, match="also vary"):
        plot.sweep_lines(f, x="offshore.price")
    with pytest.raises(ValueError, match="option is required"):
        plot.sweep_heatmap(f, value="p_saving")
    with pytest.raises(ValueError, match="lacks columns"):
        plot.sweep_heatmap(f.drop(columns="p_saving"))
    with pytest.raises(ValueError, match="y = 'cheap'"):
        plot.sweep_lines(f, x="offshore.price", y="cheap")


# ----------------------------------------------------------------------------- images


# US$ of saving of offshore over in-house per standard deviation of each input's rank
DRIVER_WEIGHTS = {
    "offshore.staffing.price_per_hour": -2.5e6,
    "staff.hourly_cost": 1.6e6,
    "offshore.language.csat_penalty": -1.1e6,
    "customers.annual_margin": -0.8e6,
    "demand.base_volume": 0.6e6,
    "offshore.contract.p_unenforceable": -0.35e6,
    "service.aht_s": 0.2e6,
    "staff.survivor_attrition_multiplier": 0.0,
}


def driven_result(n=600, seed=5):
    """A synthetic result whose offshore saving over in-house is linear in the ranks of
    the inputs of ``DRIVER_WEIGHTS`` (drawn from their scenario distributions) plus
    noise: the spider and drivers figures have known lines and bars to show."""
    res = synthetic_result(("in_house", "nearshore", "offshore"), n=n, months=24, seed=seed)
    rng = np.random.default_rng(seed + 1)
    dists = dict(res.scenario.uncertain_inputs())
    saving = np.full(n, 1.0e6) + rng.normal(0.0, 1.2e6, n)
    for p, w in DRIVER_WEIGHTS.items():
        u = rng.uniform(0.005, 0.995, n)
        res.inputs[p] = np.asarray(dists[p].ppf(u), dtype=np.float64)
        saving += w * (u - 0.5) * np.sqrt(12.0)
    k = res.options.index("offshore")
    res.outputs["npv_cost"][k] = res.outputs["npv_cost"][0] - saving
    return res


def test_spider_and_drivers_titles_read_as_sentences():
    res = driven_result()
    t = plot_spider.drivers_table(res, "offshore", "in_house")
    assert list(t["input"][:2]) == list(DRIVER_WEIGHTS)[:2]
    def title(ax):
        return " ".join(draw(ax).get_suptitle().split())  # unwrapped

    assert "Offshore: the offshore price per hour matters most" in title(
        plot_spider.drivers(res, "offshore", "in_house"))
    assert "when the offshore price per hour is above its" in title(
        plot_spider.spider(res, "offshore", "in_house"))
    assert "when staff hourly cost is below its" in title(
        plot_spider.spider(res, "offshore", "in_house", inputs=["staff.hourly_cost"]))
    assert plot_spider._phrase("CSAT elasticity") == "CSAT elasticity"


def _check_image(fig, name, tmp_path):
    actual = tmp_path / f"{name}.png"
    fig.savefig(actual, dpi=50, metadata={"Software": None})
    expected = BASELINES / f"{name}.png"
    if os.environ.get("CCSIM_UPDATE_BASELINES"):
        BASELINES.mkdir(exist_ok=True)
        expected.write_bytes(actual.read_bytes())
    assert expected.exists(), f"missing reference image {expected}; see the module docstring"
    err = compare_images(str(expected), str(actual), tol=IMAGE_TOL)
    assert err is None, err


@pytest.mark.parametrize(
    "name",
    ["paired_saving", "cost_breakdown", "exceedance", "tornado", "sweep_heatmap", "fan_grid",
     "spider", "drivers"],
)
def test_image_matches_reference(name, tmp_path):
    res = synthetic_result(("in_house", "nearshore", "offshore"), n=300, months=24)
    obj = {
        "paired_saving": lambda: plot.paired_saving(res, "offshore"),
        "cost_breakdown": lambda: plot.cost_breakdown(res),
        "exceedance": lambda: plot.exceedance(res, budget=60e6),
        "tornado": lambda: plot.tornado(tornado_result()),
        "sweep_heatmap": lambda: plot.sweep_heatmap(sweep_frame()),
        "fan_grid": lambda: plot.fan_grid(res, options=["in_house", "offshore"]),
        "spider": lambda: plot_spider.spider(driven_result(), "offshore", "in_house"),
        "drivers": lambda: plot_spider.drivers(driven_result(), "offshore", "in_house"),
    }[name]()
    _check_image(draw(obj), name, tmp_path)


def test_image_comparison_detects_a_changed_figure(tmp_path):
    # the tolerance is tight enough that a different figure fails
    res = synthetic_result(("in_house", "nearshore", "offshore"), n=300, months=24)
    ax = plot.paired_saving(res, "nearshore")  # reference shows offshore
    actual = tmp_path / "changed.png"
    ax.figure.savefig(actual, dpi=50)
    expected = BASELINES / "paired_saving.png"
    if not expected.exists():
        pytest.skip("reference images not generated yet")
    assert compare_images(str(expected), str(actual), tol=IMAGE_TOL) is not None


def test_accessor_lists_and_forwards(small_result):
    acc = small_result.plot
    assert isinstance(acc, plot.PlotAccessor)
    assert "paired_saving" in repr(acc)
    ax = acc.risk_map(["in_house", "offshore"], budget=70e6)
    assert any(fmt_money(70e6).replace(".0", "") in t.get_text()
               for t in ax.get_legend().get_texts())
    assert set(COMPONENT_COLORS) == set(COST_COMPONENTS)


def test_titles_do_not_claim_a_winner_within_sampling_error():
    res = synthetic_result(("in_house", "offshore"), n=400)
    # make the two options identical on every path: no winner can be claimed
    same = {k: np.repeat(v[:1], 2, axis=0) for k, v in res.outputs.items()}
    tied = Result(res.scenario, res.n_paths, res.seed, same, {}, res.monthly_data)
    budget = float(np.median(same["npv_cost"][0]))
    title = plot.exceedance(tied, budget=budget).figure.get_suptitle().replace("\n", " ")
    assert "about as likely" in title
    title = plot.cost_breakdown(tied).figure.get_suptitle().replace("\n", " ")
    assert "about the same expected cost" in title
    # offshore costs 20% more on every path (synthetic_result scales option k by 1 + 0.2 k):
    # the paired difference is far outside 1.96 standard errors
    title = plot.cost_breakdown(res).figure.get_suptitle()
    assert title.startswith("In-house has the lowest expected cost")


def test_sweep_figures_split_ties_like_summary():
    """Exactly equal mean costs are a tie, not a win for the first option listed (the one
    tie rule of summary's p_cheapest and regret): a grey 'Tie' cell in the heatmap and
    'a tie of' in the line chart's title."""
    import pandas as pd

    rows = []
    for p, (a, b) in enumerate([(10e6, 10e6), (12e6, 11e6)]):
        for o, c in (("in_house", a), ("offshore", b)):
            rows.append({"point": p, "x.a": float(p), "x.b": 1.0, "option": o, "cost_mean": c,
                         "cost_se": 1e5, "cost_p05": c, "cost_p50": c, "cost_p95": c,
                         "csat_mean": 70.0, "csat_se": 0.1, "p_cheapest": 0.5,
                         "saving_mean": 0.0, "saving_se": 1e5, "p_saving": 0.5})
    frame = pd.DataFrame(rows)
    frame.attrs.update({"baseline": "in_house", "n_paths": 100})
    ax = plot.sweep_heatmap(frame, "x.a", "x.b")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["Offshore", "Tie (equal means)"]
    title = ax.figure.get_suptitle().replace("\n", " ")
    assert "in 1 of 2 combinations" in title
    ax = plot.sweep_lines(frame, "x.a", y="cost")
    title = ax.figure.get_suptitle().replace("\n", " ")
    assert "A tie of In-house and Offshore" in title and "then Offshore" in title
    import matplotlib.pyplot as plt

    plt.close("all")


def test_monthly_figure_title_tells_the_go_live_dip_and_the_seasonal_peak(small_result):
    """Issue 14: the month-by-month figure says what happens in it: the vendor's dip at
    go-live and the in-house team's weakest month at the seasonal peak."""
    ax = plot.fan_chart(small_result, "service_level", ["in_house", "offshore"])
    title = ax.get_title() + ax.figure.get_suptitle()
    assert "Offshore dips to" in title and "at go-live" in title
    assert "In-house dips to" in title and "at the seasonal peak" in title
    fig = plot.fan_grid(small_result, options=["in_house", "offshore"])
    assert "at go-live" in fig.get_suptitle()
    plt.close("all")


def test_month_by_month_title_stops_short_of_its_legend(small_result):
    """The figure title wraps before the legend at the top right (they overprinted once
    the title told the go-live dip)."""
    fig = plot.fan_grid(small_result, options=["in_house", "nearshore"])
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    title = fig._suptitle.get_window_extent(renderer)
    legend = fig.legends[-1].get_window_extent(renderer)
    assert title.x1 <= legend.x0 or title.y0 >= legend.y1
    plt.close("all")
