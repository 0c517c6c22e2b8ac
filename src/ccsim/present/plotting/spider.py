"""What could change the answer: spider plot and drivers chart of a paired saving.

Both read one run (no extra simulation): the per-path saving
``baseline cost - option cost`` (positive = the option is cheaper) against the
drawn inputs.

- :func:`spider`: the mean saving in each tenth of every top input's draws, against
  the input's percentile. Where a line crosses zero the option stops paying (a
  one-run break-even, conditional on the other inputs as drawn).
- :func:`drivers`: Spearman rank correlation of each input with the saving, with its
  95% interval (Bonett-Wright), top inputs first.

Examples
--------
>>> import ccsim
>>> from ccsim.present.plotting.spider import spider, spider_table
>>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=400, seed=1)
>>> t = spider_table(res, "offshore", "in_house", n_top=2)
>>> sorted(t.columns)
['input', 'label', 'percentile', 'saving_mean', 'saving_se', 'value']
>>> ax = spider(res, "offshore", n_top=2)
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ccsim.assumptions import input_label
from ccsim.conventions import baseline_of
from ccsim.decide.decision import _relevant
from ccsim.present.plotting._style import FIGSIZE, board_style, label, money_formatter
from ccsim.present.plotting.frame import _lc
from ccsim.sensitivity import input_importance

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = ["breakeven_from_run", "drivers", "drivers_table", "spider", "spider_table"]

_LINES = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#555555")
_NOTE = "#4D4D4D"


def _pair(result: Result, option: str, baseline: str | None) -> str:
    opts = list(result.options)
    if option not in opts:
        raise ValueError(f"option = {option!r} is not an option; options are {opts}")
    return baseline_of(opts, baseline, option=option)


def drivers_table(result: Result, option: str, baseline: str | None = None, *,
                  n_top: int = 10) -> pd.DataFrame:
    """Rank correlation of each drawn input with the saving of ``option`` over
    ``baseline``, with a 95% Bonett-Wright interval; top ``n_top`` by ``|rho|``.

    Columns: ``input``, ``label``, ``spearman``, ``ci_low``, ``ci_high``,
    ``contribution`` (see :func:`ccsim.sensitivity.input_importance`).
    """
    baseline = _pair(result, option, baseline)
    # the paired saving baseline - option (positive = cheaper)
    t = input_importance(result, option, baseline=baseline,
                         inputs=_relevant(result, [option, baseline])).frame()
    t = t.head(int(n_top)).copy()
    t.insert(1, "label", [input_label(p, result.scenario) for p in t["input"]])
    t.attrs.update({"option": option, "baseline": baseline})
    return t[["input", "label", "spearman", "ci_low", "ci_high", "contribution"]]


def spider_table(result: Result, option: str, baseline: str | None = None, *,
                 inputs: Any = None, n_top: int = 4, bins: int = 10) -> pd.DataFrame:
    """Mean saving in each of ``bins`` equal-count groups of every top input's draws.

    Columns: ``input``, ``label``, ``percentile`` (mid-point of the group, 0-100),
    ``value`` (mean input value in the group), ``saving_mean``, ``saving_se``.
    """
    baseline = _pair(result, option, baseline)
    if not isinstance(bins, int) or not 2 <= bins <= 50:
        raise ValueError(f"bins = {bins!r} is outside the allowed range [2, 50]")
    names = (list(drivers_table(result, option, baseline, n_top=n_top)["input"])
             if inputs is None else [inputs] if isinstance(inputs, str) else list(inputs))
    s = result.values("npv_cost", baseline) - result.values("npv_cost", option)
    rows = []
    for p in names:
        if p not in result.inputs:
            raise ValueError(f"inputs: {p!r} is not a drawn input of the result")
        x = result.inputs[p]
        order = np.argsort(x, kind="stable")
        for k, idx in enumerate(np.array_split(order, bins)):
            if idx.size == 0:
                continue
            g = s[idx]
            se = float(g.std(ddof=1) / math.sqrt(g.size)) if g.size > 1 else 0.0
            rows.append((p, input_label(p, result.scenario), 100.0 * (k + 0.5) / bins,
                         float(x[idx].mean()), float(g.mean()), se))
    out = pd.DataFrame(rows, columns=["input", "label", "percentile", "value", "saving_mean",
                                      "saving_se"])
    out.attrs.update({"option": option, "baseline": baseline})
    return out


def breakeven_from_run(table: pd.DataFrame) -> pd.DataFrame:
    """Where each input's binned mean saving (:func:`spider_table`) first crosses zero.

    Returns one row per input with ``value`` (interpolated input value at the
    crossing, NaN-free: inputs without a crossing are left out), ``percentile`` and
    ``direction`` (``"above"``: the option stops paying above the value;
    ``"below"``: below it).
    """
    rows = []
    for p, g in table.groupby("input", sort=False):
        v, s, q = (g[c].to_numpy(float) for c in ("value", "saving_mean", "percentile"))
        for i in range(len(s) - 1):
            if s[i] == 0 or s[i] * s[i + 1] < 0:
                w = 0.0 if s[i] == 0 else s[i] / (s[i] - s[i + 1])
                rows.append({"input": p, "label": g["label"].iloc[0],
                             "value": float(v[i] + w * (v[i + 1] - v[i])),
                             "percentile": float(q[i] + w * (q[i + 1] - q[i])),
                             "direction": "above" if s[i + 1] < s[i] else "below"})
                break
    return pd.DataFrame(rows, columns=["input", "label", "value", "percentile", "direction"])


def _nth(bins: int) -> str:
    return {2: "half", 3: "third", 4: "quarter", 5: "fifth", 10: "tenth"}.get(
        bins, f"1/{bins}th share")


def _phrase(text: str) -> str:
    """An input's label mid-sentence: ``"Offshore: price per hour"`` becomes ``"the
    offshore price per hour"``; ``"CSAT elasticity"`` keeps its acronym."""
    head, sep, rest = text.partition(": ")
    return f"the {_lc(head)} {rest}" if sep else _lc(text)


def _axes(ax: Axes | None) -> tuple[Axes, bool]:
    if ax is None:
        _fig, new = plt.subplots(figsize=FIGSIZE, layout="constrained")
        return new, True
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax, False


def _title(ax: Axes, text: str, created: bool) -> None:
    if created and isinstance(ax.figure, Figure):
        ax.figure.suptitle(textwrap.fill(text, 78), x=0.008, ha="left")
    else:
        ax.set_title(textwrap.fill(text, 60), loc="left")


def _footnote(ax: Axes, text: str, created: bool) -> None:
    fig = ax.figure
    if not created or not isinstance(fig, Figure):
        return
    wrapped = textwrap.fill(text, 135)
    height = 0.035 * (wrapped.count("\n") + 1) + 0.01
    fig.text(0.008, 0.008, wrapped, ha="left", va="bottom", fontsize=11, color=_NOTE)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        engine.set(rect=(0.0, height, 1.0, 1.0 - height))  # type: ignore[call-arg]


def spider(result: Result, option: str, baseline: str | None = None, *, inputs: Any = None,
           n_top: int = 4, bins: int = 10, ax: Axes | None = None,
           title: str | None = None) -> Axes:
    """Spider plot: mean saving of ``option`` over ``baseline`` against each top input's
    percentile (one run, equal-count groups).

    Returns
    -------
    Axes
    """
    t = spider_table(result, option, baseline, inputs=inputs, n_top=n_top, bins=bins)
    baseline = t.attrs["baseline"]
    with board_style():
        ax, created = _axes(ax)
        for k, (_p, g) in enumerate(t.groupby("input", sort=False)):
            c = _LINES[k % len(_LINES)]
            ax.plot(g["percentile"], g["saving_mean"], "-o", color=c, lw=2.2, ms=5,
                    label=textwrap.shorten(str(g["label"].iloc[0]), 42))
            ax.fill_between(g["percentile"], g["saving_mean"] - 1.96 * g["saving_se"],
                            g["saving_mean"] + 1.96 * g["saving_se"], color=c, alpha=0.12,
                            lw=0)
        ax.axhline(0.0, color="black", lw=1.2)
        ax.set_xlim(0, 100)
        ax.set_xlabel("Percentile of the input across simulated futures")
        ax.set_ylabel(f"Mean saving vs {label(baseline)}, NPV (US$)")
        ax.yaxis.set_major_formatter(money_formatter(1))
        if created:  # beside the plot: the lines cross, so no corner stays clear of them
            ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=11,
                      frameon=False)
        else:
            ax.legend(loc="best", fontsize=11)
        be = breakeven_from_run(t)
        if len(be):
            r = be.iloc[0]
            auto = (f"{label(option)} stops paying against {label(baseline)} when "
                    f"{_phrase(str(r['label']))} is {r['direction']} its "
                    f"{r['percentile']:.0f}th percentile")
        else:
            auto = (f"{label(option)} vs {label(baseline)}: the mean saving keeps its sign "
                    "across the range of every top input")
        _title(ax, auto if title is None else title, created)
        _footnote(ax, f"{result.n_paths:,} simulated futures; each point is the mean saving "
                  f"in a {_nth(bins)} of them; bands: 95% Monte Carlo interval. Positive = "
                  "cheaper than the baseline.", created)
    return ax


def drivers(result: Result, option: str, baseline: str | None = None, *, n_top: int = 10,
            ax: Axes | None = None, title: str | None = None) -> Axes:
    """Drivers chart: rank correlation of each top input with the saving, with its 95%
    interval. Bars to the right: a higher input value means a larger saving."""
    t = drivers_table(result, option, baseline, n_top=n_top)
    baseline = t.attrs["baseline"]
    with board_style():
        ax, created = _axes(ax)
        y = np.arange(len(t))[::-1]
        colors = ["#1B7837" if r > 0 else "#B2182B" for r in t["spearman"]]
        ax.barh(y, t["spearman"], color=colors, alpha=0.85, height=0.6)
        ax.errorbar(t["spearman"], y, xerr=[t["spearman"] - t["ci_low"],
                                            t["ci_high"] - t["spearman"]],
                    fmt="none", ecolor="black", capsize=3, lw=1)
        ax.set_yticks(y, [textwrap.shorten(str(s), 46) for s in t["label"]])
        ax.axvline(0.0, color="black", lw=1)
        lim = max(0.1, float(np.max(np.abs(t[["ci_low", "ci_high"]].to_numpy())))) * 1.1
        ax.set_xlim(-min(1.0, lim), min(1.0, lim))
        ax.set_xlabel(f"Rank correlation with the saving vs {label(baseline)} (95% interval)")
        ax.grid(axis="y", visible=False)
        top = t.iloc[0] if len(t) else None
        auto = (f"What drives the saving of {label(option)}: {_phrase(str(top['label']))} "
                f"matters most (rank correlation {top['spearman']:+.2f})" if top is not None
                else f"No input drives the saving of {label(option)}")
        _title(ax, auto if title is None else title, created)
        _footnote(ax, f"{result.n_paths:,} simulated futures, one run. Green: a higher value "
                  "of the input raises the saving; red: lowers it. Intervals: 95% (Bonett-Wright).",
                  created)
    return ax
