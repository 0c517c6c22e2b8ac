"""Distributions of a per-path output: violins, histograms and exceedance curves."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ccsim.conventions import renamed
from ccsim.present.plotting._style import (
    board_style,
    fmt_pct,
    label,
    option_colors,
    set_axis_format,
)
from ccsim.present.plotting.frame import (
    _GREY,
    _NOTE,
    _SHORT,
    _check_result,
    _finite_number,
    _fmt_for,
    _footnote,
    _kde,
    _lc,
    _leader,
    _metric,
    _new_axes,
    _options,
    _p_se,
    _pad_limits,
    _paths_note,
    _pm,
    _round,
    _se,
    _title,
    clip_limits,
    lower_is_better,
    mark_clipped,
    reference_line,
)

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = [
    "cost_distribution",
    "csat_distribution",
    "distribution",
    "exceedance",
]

# ----------------------------------------------------------------------------- distributions


def distribution(
    result: Result,
    metric: str = "npv_cost",
    options: str | Sequence[str] | None = None,
    *,
    kind: str = "violin",
    budget: float | None = None,
    target: float | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Distribution of a per-path metric for each option, with p05, p50 and p95 marked.

    Parameters
    ----------
    result
        A :class:`ccsim.Result`.
    metric
        A per-path output (``npv_cost``, ``csat_mean``, a cost component, ...).
    options
        Options to show, in order (default: all).
    kind
        ``"violin"`` (one row per option: density, 90% range line, median dot) or
        ``"hist"`` (overlaid step histograms with median lines).
    budget, target
        Reference lines in the metric's units: a budget (dashed; for costs) and a
        target (dotted; e.g. a CSAT target).
    ax
        Axes to draw on; a new 16:9 figure when omitted.
    title
        Replaces the computed finding.
    note
        Add the footnote (paths, sampling error). Default: only on a new figure.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Quantiles are the sample quantiles of the paths (``numpy.quantile``, linear
    interpolation); the violin is a Gaussian kernel density with Scott's bandwidth,
    scaled to the same height for every option.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> ax = ccsim.plot.distribution(res, "csat_mean")
    >>> ax.get_xlabel()
    'Mean customer satisfaction, CSAT (0-100 points)'
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    result = _check_result(result)
    axis_label, unit_kind = _metric(result, metric)
    opts = _options(result, options)
    if kind not in ("violin", "hist"):
        raise ValueError(f"kind = {kind!r} is not allowed; use 'violin' or 'hist'")
    colors = option_colors(result.options)
    data = {o: result.values(metric, o) for o in opts}
    allv = np.concatenate(list(data.values()))
    lo, hi, _clip_lo, _clip_hi = clip_limits(allv)
    fmt = _fmt_for(unit_kind)
    refs = [(v, f"{name} {fmt(v)}", ls) for v, name, ls in
            ((_finite_number("budget", budget), "Budget", "--"),
             (_finite_number("target", target), "Target", ":")) if v is not None]
    for ref, _lab, _ls in refs:
        if not lo <= ref <= hi:
            lo, hi = _pad_limits(min(lo, ref), max(hi, ref), 0.03)
    lower_better = lower_is_better(metric)
    with board_style():
        ax, created = _new_axes(ax)
        grid = np.linspace(lo, hi, 256)
        if kind == "violin":
            for i, o in enumerate(opts):
                y = len(opts) - 1 - i
                v = data[o]
                p05, p50, p95 = np.quantile(v, [0.05, 0.5, 0.95])
                dens = _kde(v, grid)
                if dens is not None and dens.max() > 0:
                    h = 0.38 * dens / dens.max()
                    # no flat tails; the rare paths out there are drawn as dots instead
                    rare = v[np.interp(v, grid, h) <= 0.004]
                    ax.plot(rare, np.full(rare.size, float(y)), ls="none", marker="o", ms=3,
                            color=colors[o], alpha=0.6)
                    h = np.where(h > 0.004, h, np.nan)
                    ax.fill_between(grid, y - h, y + h, color=colors[o], alpha=0.35, lw=0)
                    ax.plot(grid, y + h, color=colors[o], lw=1.2)
                    ax.plot(grid, y - h, color=colors[o], lw=1.2)
                else:
                    ax.plot([p50, p50], [y - 0.38, y + 0.38], color=colors[o], lw=3)
                mark_clipped(ax, v, lo, hi, y=y - 0.3, color=colors[o], fmt=fmt)
                ax.plot([p05, p95], [y, y], color="black", lw=2, solid_capstyle="butt")
                ax.plot([p05, p95], [y, y], ls="none", marker="|", ms=16, mew=2, color="black")
                ax.plot([p50], [y], marker="o", ms=10, mfc="white", mec="black", mew=2)
                ax.annotate(
                    fmt(p50), (p50, y), xytext=(0, 12), textcoords="offset points",
                    ha="center", va="bottom", fontsize=12, fontweight="bold",
                )
            ax.set_yticks(range(len(opts)), [label(o) for o in reversed(opts)])
            ax.set_ylim(-0.6, len(opts) - 0.4)
            ax.grid(False, axis="y")
            ax.legend(
                handles=[
                    Line2D([], [], color="black", lw=2, marker="|", ms=12, mew=2,
                           label="90% of futures (p05-p95)"),
                        Line2D([], [], ls="none", marker="o", ms=9, mfc="white", mec="black",
                           mew=2, label="Median (p50)"),
                    Line2D([], [], ls="none", marker="o", ms=3, color=_GREY,
                           label="Single rare futures"),
                    *[reference_line(ax, r, label=lab, ls=ls) for r, lab, ls in refs],
                ],
                loc="upper left", bbox_to_anchor=(1.0, 1.0),
            )
        else:
            bins = int(np.clip(np.sqrt(allv.size / max(1, len(opts))), 10, 60))
            edges = np.linspace(lo, hi, bins + 1)
            for o in opts:
                v = data[o]
                ax.hist(v, bins=edges.tolist(), histtype="step", lw=2, color=colors[o],
                        weights=np.full(v.size, 1.0 / v.size), label=label(o))
                p05, p50, p95 = np.quantile(v, [0.05, 0.5, 0.95])
                ax.axvline(p50, color=colors[o], lw=2, ls="--")
                ax.axvspan(p05, p95, color=colors[o], alpha=0.06, lw=0)
            mark_clipped(ax, allv, lo, hi, fmt=fmt)
            ax.set_ylabel("Share of futures (%)")
            set_axis_format(ax.yaxis, "pct")
            for ref, lab, ls in refs:
                reference_line(ax, ref, label=lab, ls=ls, color=_NOTE)
            ax.legend(title="dashed: median; shaded: p05-p95", loc="upper left",
                      bbox_to_anchor=(1.0, 1.0))
        ax.set_xlim(lo, hi)
        ax.set_xlabel(axis_label)
        set_axis_format(ax.xaxis, unit_kind, allv)
        med = {o: float(np.median(data[o])) for o in opts}
        best = min(med, key=med.__getitem__) if lower_better else max(med, key=med.__getitem__)
        word = "lowest" if lower_better else "highest"
        name = _SHORT.get(metric) or _lc(axis_label.split(",")[0].split(" (")[0])
        if len(opts) == 1:
            o = opts[0]
            p05, p95 = np.quantile(data[o], [0.05, 0.95])
            auto = f"{label(o)}: median {name} {fmt(med[o])}, 90% of futures {fmt(p05)} to {fmt(p95)}"
        else:
            auto = f"{label(best)} has the {word} median {name}: {fmt(med[best])}"
        _title(ax, auto, title, created)
        ses = "; ".join(f"{label(o)} {fmt(float(np.mean(data[o])))}{_pm(_se(data[o]), fmt)}"
                        for o in opts)
        _footnote(ax.figure, f"{_paths_note(result)}. Means with 95% Monte Carlo interval: {ses}.",
                  created if note is None else note)
    return ax


def cost_distribution(
    result: Result,
    options: str | Sequence[str] | None = None,
    *,
    kind: str = "violin",
    budget: float | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Distribution of total NPV cost per option, p05/p50/p95 marked.

    See :func:`distribution` (``metric="npv_cost"``) for the parameters.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> ax = ccsim.plot.cost_distribution(res, kind="hist", budget=70e6)
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    return distribution(result, "npv_cost", options, kind=kind, budget=budget, ax=ax,
                        title=title, note=note)


@renamed(csat_target="csat_floor")
def csat_distribution(
    result: Result,
    options: str | Sequence[str] | None = None,
    *,
    kind: str = "violin",
    csat_floor: float | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Distribution of mean CSAT per option, with an optional ``csat_floor`` line; see
    :func:`distribution` (``csat_mean``). ``csat_target=`` is the floor's deprecated
    old name."""
    return distribution(result, "csat_mean", options, kind=kind, target=csat_floor, ax=ax,
                        title=title, note=note)


def exceedance(
    result: Result,
    metric: str = "npv_cost",
    options: str | Sequence[str] | None = None,
    *,
    budget: float | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Exceedance curves: the chance that cost is above ``x``, per option.

    Parameters
    ----------
    result, metric, options, ax, title, note
        As in :func:`distribution`.
    budget
        Draws the budget line and reports ``P(cost > budget)`` per option.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The curve is the empirical survival function ``S(x) = #{paths: X > x} / n``. The
    95% Monte Carlo interval of ``P(X > budget)`` is ``1.96 * sqrt(p (1 - p) / n)``.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> ax = ccsim.plot.exceedance(res, budget=60e6)
    >>> ax.get_ylabel()
    'Chance of exceeding (% of futures)'
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    result = _check_result(result)
    axis_label, unit_kind = _metric(result, metric)
    opts = _options(result, options)
    b = _finite_number("budget", budget)
    colors = option_colors(result.options)
    fmt = _fmt_for(unit_kind)
    n = result.n_paths
    with board_style():
        ax, created = _new_axes(ax)
        allv = []
        over: dict[str, float] = {}
        for o in opts:
            v = np.sort(result.values(metric, o))
            allv.append(v)
            surv = 1.0 - np.arange(1, v.size + 1) / v.size
            xs = np.concatenate([[v[0]], v])
            ps = np.concatenate([[1.0], surv])
            lab = label(o)
            if b is not None:
                over[o] = float(np.mean(v > b))
                lab = f"{lab}: {fmt_pct(over[o])} over budget"
            ax.step(xs, ps, where="post", color=colors[o], lw=2.2, label=lab)
        vals = np.concatenate(allv)
        lo, hi, _clip_lo, _clip_hi = clip_limits(vals)
        if b is not None:
            lo, hi = min(lo, b), max(hi, b)
            lo, hi = _pad_limits(lo, hi, 0.02)
            ax.axvline(b, color="black", lw=1.5, ls="--", label=f"Budget {_round(b)}")
        ax.set_xlim(lo, hi)
        ax.set_ylim(-0.02, 1.04)
        reference_line(ax, 0.05, axis="y", ls=":", color=_NOTE, lw=1.3,
                       label="5%: the 1-in-20 worst case")
        mark_clipped(ax, vals, lo, hi, y=0.12, fmt=fmt)
        ax.set_xlabel(axis_label)
        ax.set_ylabel("Chance of exceeding (% of futures)")
        set_axis_format(ax.xaxis, unit_kind, vals)
        set_axis_format(ax.yaxis, "pct")
        ax.legend(loc="best")
        p95 = {o: float(np.quantile(result.values(metric, o), 0.95)) for o in opts}
        if b is not None:
            best, tie = _leader({o: (result.values(metric, o) > b).astype(np.float64)
                                 for o in opts}, lower=True)
            if tie is None:
                auto = (f"{label(best)} is the least likely to exceed the {_round(b)} budget: "
                        f"{fmt_pct(over[best])} of futures")
            else:
                auto = (f"{label(best)} and {label(tie)} are about as likely to exceed the "
                        f"{_round(b)} budget ({fmt_pct(over[best])} vs {fmt_pct(over[tie])})")
            se_txt = "; ".join(f"{label(o)} {fmt_pct(over[o])}{_pm(_p_se(over[o], n), fmt_pct)}"
                               for o in opts)
            foot = f"{_paths_note(result)}. Chance over budget, 95% Monte Carlo interval: {se_txt}."
        else:
            best = min(p95, key=p95.__getitem__)
            auto = f"{label(best)} has the lowest 1-in-20 worst case: {fmt(p95[best])}"
            foot = (f"{_paths_note(result)}. 1-in-20 worst case = 95th percentile of the "
                    f"paths; read it where a curve crosses the dotted 5% line.")
        _title(ax, auto, title, created)
        _footnote(ax.figure, foot, created if note is None else note)
    return ax


