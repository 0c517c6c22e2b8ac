"""Board-ready figures of a simulation, a tornado table and a sweep table.

Every function takes ``ax=None`` (a new 16:9 figure is made when omitted), draws in
ccsim's style context (:func:`ccsim.plotting._style.board_style`: no global ``rcParams`` change
leaks out) and returns the matplotlib ``Axes`` (:func:`fan_grid` returns the
``Figure``). Each option keeps one colour in every figure. Titles state the finding
and are computed from the data (pass ``title=`` to replace them); when the function
makes its own figure, a footnote gives the number of simulated futures and the 95%
Monte Carlo interval (1.96 standard errors) of the headline numbers.

The same figures are methods of a result: ``result.plot.paired_saving("offshore")``.

Examples
--------
>>> import ccsim
>>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
>>> ax = res.plot.paired_saving("offshore")
>>> ax.get_xlabel()
'Saving vs In-house per future, NPV (US$)'
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from numpy.typing import NDArray

from ccsim.plotting._style import (
    COMPONENT_COLORS,
    COMPONENT_LABELS,
    FIGSIZE,
    METRIC_INFO,
    MONTHLY_INFO,
    board_style,
    fmt_money,
    fmt_pct,
    label,
    money_formatter,
    option_colors,
    set_axis_format,
)
from ccsim.run.sweep import FRAME_COLUMNS

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = [
    "SWEEP_COLUMNS",
    "SWEEP_REQUIRED",
    "TORNADO_COLUMNS",
    "PlotAccessor",
    "cost_breakdown",
    "cost_distribution",
    "csat_distribution",
    "distribution",
    "exceedance",
    "fan_chart",
    "fan_grid",
    "paired_saving",
    "risk_map",
    "sweep_heatmap",
    "sweep_lines",
    "tornado",
    "waterfall",
]

F = NDArray[np.float64]

#: Columns of the tornado table (contract with :func:`ccsim.sensitivity.tornado`).
TORNADO_COLUMNS = ("input", "low_value", "high_value", "stat_low", "stat_high", "swing", "base")

#: Statistic columns of the sweep table (``SweepResult.frame()``); every other column
#: except ``point`` and ``option`` is a swept parameter.
SWEEP_COLUMNS = FRAME_COLUMNS
#: Statistic columns a sweep table must have to be drawn (the cash/customer split of the
#: cost may be absent, e.g. in a table written before it existed).
SWEEP_REQUIRED = tuple(
    c for c in FRAME_COLUMNS if c not in ("operating_cost_mean", "customer_cost_mean")
)

#: Short names of metrics in findings ("the lowest median cost").
_SHORT = {"npv_cost": "cost", "csat_mean": "CSAT", "csat_final": "final CSAT",
          "service_level_mean": "service level"}

_Z = 1.959963984540054  # two-sided 95% normal quantile
_SAVE = "#1B7837"  # cost decreases (waterfall, tornado low side)
_MORE = "#B2182B"  # cost increases
_GREY = "#9A9A9A"
_NOTE = "#4D4D4D"
_TITLE_WIDTH = 78  # characters per line of a figure title at 18 pt bold, 12-inch figure
_AX_TITLE_WIDTH = 60  # ... of an axes title in the user's layout


# ----------------------------------------------------------------------------- helpers


def _check_result(result: Any) -> Result:
    from ccsim.result import Result

    if not isinstance(result, Result):
        raise TypeError(f"result must be a ccsim.Result, got {type(result).__name__}")
    return result


def _options(result: Result, options: str | Sequence[str] | None, name: str = "options") -> list[str]:
    if options is None:
        return list(result.options)
    chosen = [options] if isinstance(options, str) else list(options)
    if not chosen:
        raise ValueError(f"{name} is empty; choose from {list(result.options)}")
    for o in chosen:
        if o not in result.options:
            raise ValueError(f"{name}: no option named {o!r}; options are {list(result.options)}")
    return chosen


def _option(result: Result, option: str, name: str) -> str:
    if not isinstance(option, str) or option not in result.options:
        raise ValueError(f"{name} = {option!r} is not an option; options are {list(result.options)}")
    return option


def _metric(result: Result, metric: str) -> tuple[str, str]:
    if metric not in result.outputs:
        raise ValueError(f"metric = {metric!r} is unknown; available: {list(result.outputs)}")
    return METRIC_INFO.get(metric, (metric, "number"))


def _finite_number(name: str, value: Any) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number or None, got {value!r}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} = {value!r} must be a finite number")
    return v


def _new_axes(ax: Axes | None, figsize: tuple[float, float] = FIGSIZE) -> tuple[Axes, bool]:
    if ax is None:
        _fig, new = plt.subplots(figsize=figsize, layout="constrained")
        return new, True
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes or None, got {type(ax).__name__}")
    return ax, False


def _title(ax: Axes, auto: str, title: str | None, created: bool) -> None:
    """The finding as the figure's title (own figure) or the axes' title (user's axes)."""
    text = auto if title is None else title
    fig = ax.figure
    if created and isinstance(fig, Figure):
        fig.suptitle(textwrap.fill(text, _TITLE_WIDTH), x=0.008, ha="left")
    else:
        ax.set_title(textwrap.fill(text, _AX_TITLE_WIDTH), loc="left")


def _footnote(fig: Figure | Any, text: str, add: bool) -> None:
    """Small print at the bottom of the figure, with room reserved by the layout."""
    if not add or not isinstance(fig, Figure):
        return
    wrapped = textwrap.fill(text, 135)
    lines = wrapped.count("\n") + 1
    height = 0.035 * lines + 0.01
    fig.text(0.008, 0.008, wrapped, ha="left", va="bottom", fontsize=11, color=_NOTE)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        try:
            engine.set(rect=(0.0, height, 1.0, 1.0 - height))  # type: ignore[call-arg]
        except TypeError:  # pragma: no cover - layout engines without rect
            pass


def _round(x: float) -> str:
    """Money without a trailing ``.0``: ``$70M``, ``$62.5M``."""
    return str(money_formatter(1)(x))


def _lc(text: str) -> str:
    """Lower-case the first letter for use mid-sentence, unless it starts an acronym."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _paths_note(result: Result) -> str:
    n = result.n_paths
    return f"{n:,} simulated future{'s' if n != 1 else ''} (seed {result.seed.entropy})"


def _se(x: F) -> float:
    return float(np.std(x, ddof=1) / math.sqrt(x.size)) if x.size > 1 else math.nan


def _pm(se: float, fmt: Any) -> str:
    """``" ± x"`` with the 95% Monte Carlo half-width, or nothing when undefined."""
    if not math.isfinite(se):
        return ""
    return f"\N{NO-BREAK SPACE}±\N{NO-BREAK SPACE}{fmt(_Z * se)}"


def _p_se(p: float, n: int) -> float:
    return math.sqrt(max(p * (1.0 - p), 0.0) / n) if n > 1 else math.nan


def _fmt_for(kind: str) -> Any:
    if kind == "money":
        return fmt_money
    if kind == "pct":
        return lambda v: fmt_pct(v, 1)
    if kind == "index":
        return lambda v: f"{v:.3f}"
    return lambda v: f"{v:,.1f}"


def _pad_limits(lo: float, hi: float, frac: float = 0.05) -> tuple[float, float]:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return 0.0, 1.0
    if hi <= lo:
        half = max(abs(lo) * 0.05, 1.0)
        return lo - half, hi + half
    pad = (hi - lo) * frac
    return lo - pad, hi + pad


def _leader(per_path: dict[str, F], *, lower: bool) -> tuple[str, str | None]:
    """The option with the best mean and, if the lead is within sampling error, the runner-up.

    The lead is judged on the paired per-path difference (common random numbers): it is
    real when ``|mean(d)| > 1.96 sd(d) / sqrt(n)``. With one path nothing is distinguishable.
    """
    means = {o: float(np.mean(v)) for o, v in per_path.items()}
    order = sorted(means, key=means.__getitem__, reverse=not lower)
    best = order[0]
    if len(order) == 1:
        return best, None
    second = order[1]
    d = per_path[best] - per_path[second]
    se = _se(d)
    if not math.isfinite(se) or abs(float(np.mean(d))) <= _Z * se:
        return best, second
    return best, None


def _kde(values: F, grid: F) -> F | None:
    """Gaussian kernel density (Scott's bandwidth) or None when degenerate."""
    v = values[np.isfinite(values)]
    if v.size < 2 or float(np.ptp(v)) <= 1e-12 * max(1.0, float(np.max(np.abs(v)))):
        return None
    from scipy.stats import gaussian_kde

    if v.size > 20_000:  # the first paths are an iid sample of all of them
        v = v[:20_000]
    try:
        return np.asarray(gaussian_kde(v)(grid), dtype=np.float64)
    except (np.linalg.LinAlgError, ValueError):  # pragma: no cover - near-singular data
        return None


# ----------------------------------------------------------------------------- distributions


def distribution(
    result: Result,
    metric: str = "npv_cost",
    options: str | Sequence[str] | None = None,
    *,
    kind: str = "violin",
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
    lo, hi = _pad_limits(float(allv.min()), float(allv.max()))
    fmt = _fmt_for(unit_kind)
    lower_better = unit_kind == "money" or metric in ("abandon_rate", "exited", "breaches")
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
            ax.set_ylabel("Share of futures (%)")
            set_axis_format(ax.yaxis, "pct")
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
    >>> ax = ccsim.plot.cost_distribution(res, kind="hist")
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    return distribution(result, "npv_cost", options, kind=kind, ax=ax, title=title, note=note)


def csat_distribution(
    result: Result,
    options: str | Sequence[str] | None = None,
    *,
    kind: str = "violin",
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Distribution of mean CSAT per option; see :func:`distribution` (``csat_mean``)."""
    return distribution(result, "csat_mean", options, kind=kind, ax=ax, title=title, note=note)


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
        lo, hi = _pad_limits(float(vals.min()), float(vals.max()))
        if b is not None:
            lo, hi = min(lo, b), max(hi, b)
            lo, hi = _pad_limits(lo, hi, 0.02)
            ax.axvline(b, color="black", lw=1.5, ls="--", label=f"Budget {_round(b)}")
        ax.set_xlim(lo, hi)
        ax.set_ylim(-0.02, 1.04)
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
                    f"paths; read a curve at height 5% to find it.")
        _title(ax, auto, title, created)
        _footnote(ax.figure, foot, created if note is None else note)
    return ax


# ----------------------------------------------------------------------------- monthly


def _monthly_arrays(result: Result, metric: str) -> NDArray[np.float32]:
    if result.monthly_data is None:
        raise ValueError(
            "this result kept no monthly trajectories; rerun simulate(..., keep_monthly=True)"
        )
    if metric not in result.monthly_data:
        raise ValueError(
            f"metric = {metric!r} is not a monthly metric; available: {list(result.monthly_data)}"
        )
    return result.monthly_data[metric]


def _fan(ax: Axes, result: Result, metric: str, opts: list[str], colors: dict[str, str]) -> dict[str, F]:
    arr = _monthly_arrays(result, metric)
    months = np.arange(1, arr.shape[2] + 1)
    finals: dict[str, F] = {}
    for o in opts:
        a = arr[result.options.index(o)].astype(np.float64)  # (path, month)
        q = np.quantile(a, [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
        ax.fill_between(months, q[0], q[4], color=colors[o], alpha=0.12, lw=0, step=None)
        ax.fill_between(months, q[1], q[3], color=colors[o], alpha=0.28, lw=0)
        ax.plot(months, q[2], color=colors[o], lw=2.2, label=label(o))
        finals[o] = q[:, -1]
    info = MONTHLY_INFO.get(metric, (metric, "number"))
    ax.set_xlabel("Month")
    ax.set_ylabel(info[0])
    ax.set_xlim(1, max(2, months[-1]))
    set_axis_format(ax.yaxis, info[1], np.asarray(arr, dtype=np.float64).ravel()[:10_000])
    return finals


_MONTHLY_SHORT = {
    "cost": "Monthly cost (US$ per month)",
    "csat": "CSAT (0-100 points)",
    "quality": "Quality index (0-1)",
    "service_level": "Service level (% answered in target time)",
    "headcount": "Headcount (agents)",
}


def _fan_finding(metric: str, finals: dict[str, F], horizon: int) -> str:
    info = MONTHLY_INFO.get(metric, (metric, "number"))
    fmt = _fmt_for(info[1])
    name = info[0].split(" (")[0].split(",")[0]
    lower = metric == "cost"
    med = {o: float(q[2]) for o, q in finals.items()}
    if len(med) == 1:
        o, q = next(iter(finals.items()))
        return (f"{label(o)}: {_lc(name)} in month {horizon} has median {fmt(q[2])}, "
                f"90% of futures {fmt(q[0])} to {fmt(q[4])}")
    best = min(med, key=med.__getitem__) if lower else max(med, key=med.__getitem__)
    word = "lowest" if lower else "highest"
    return f"{label(best)} ends with the {word} median {_lc(name)}: {fmt(med[best])} in month {horizon}"


def fan_chart(
    result: Result,
    metric: str = "cost",
    options: str | Sequence[str] | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Fan chart of a monthly metric: median, 50% (p25-p75) and 90% (p05-p95) bands.

    Parameters
    ----------
    result
        A result simulated with ``keep_monthly=True``.
    metric
        ``cost``, ``csat``, ``quality``, ``service_level`` or ``headcount``.
    options
        Options to overlay (default: all; two or three read best).
    ax, title, note
        As in :func:`distribution`.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Bands are pointwise sample quantiles across paths for each month, not the envelope
    of single futures.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> ax = ccsim.plot.fan_chart(res, "csat", ["in_house", "offshore"])
    >>> ax.get_xlabel()
    'Month'
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    result = _check_result(result)
    opts = _options(result, options)
    _monthly_arrays(result, metric)
    colors = option_colors(result.options)
    with board_style():
        ax, created = _new_axes(ax)
        finals = _fan(ax, result, metric, opts, colors)
        handles: list[Any] = [
            Line2D([], [], color=colors[o], lw=2.2, label=f"{label(o)} (median)") for o in opts
        ]
        handles += [
            Patch(color=_GREY, alpha=0.5, label="50% of futures (p25-p75)"),
            Patch(color=_GREY, alpha=0.2, label="90% of futures (p05-p95)"),
        ]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        _title(ax, _fan_finding(metric, finals, _monthly_arrays(result, metric).shape[2]), title, created)
        _footnote(ax.figure, f"{_paths_note(result)}. Bands are the month-by-month quantiles "
                  "across futures.", created if note is None else note)
    return ax


def fan_grid(
    result: Result,
    metrics: Sequence[str] = ("cost", "csat", "quality", "service_level"),
    options: str | Sequence[str] | None = None,
    *,
    title: str | None = None,
    note: bool = True,
) -> Figure:
    """Fan charts of several monthly metrics on one 16:9 figure (2 columns).

    Parameters
    ----------
    result
        A result simulated with ``keep_monthly=True``.
    metrics
        Monthly metrics, one panel each.
    options
        Options to overlay (default: all).
    title
        Figure title (default: a description of the panels).
    note
        Add the footnote.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> fig = ccsim.plot.fan_grid(res, options=["in_house", "offshore"])
    >>> len(fig.axes)
    4
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    result = _check_result(result)
    opts = _options(result, options)
    metrics = list(metrics)
    if not metrics:
        raise ValueError("metrics is empty; choose from " + str(list(MONTHLY_INFO)))
    for m in metrics:
        _monthly_arrays(result, m)
    colors = option_colors(result.options)
    ncol = 1 if len(metrics) == 1 else 2
    nrow = math.ceil(len(metrics) / ncol)
    small = {"axes.titlesize": 14, "axes.labelsize": 12, "xtick.labelsize": 11,
             "ytick.labelsize": 11}
    with board_style(**small):
        fig, axs = plt.subplots(nrow, ncol, figsize=FIGSIZE, layout="constrained",
                                sharex=True, squeeze=False)
        finals = {}
        for k, m in enumerate(metrics):
            a = axs[k // ncol][k % ncol]
            finals[m] = _fan(a, result, m, opts, colors)
            a.set_title(_MONTHLY_SHORT.get(m, m), loc="left", fontweight="bold")
            a.set_ylabel("")
            if k // ncol < nrow - 1:
                a.set_xlabel("")
        for k in range(len(metrics), nrow * ncol):
            axs[k // ncol][k % ncol].set_visible(False)
        handles: list[Any] = [Line2D([], [], color=colors[o], lw=2.2, label=label(o)) for o in opts]
        handles += [
            Patch(color=_GREY, alpha=0.5, label="p25-p75"),
            Patch(color=_GREY, alpha=0.2, label="p05-p95"),
        ]
        fig.legend(handles=handles, loc="outside right upper", title="Median and bands")
        key = "csat" if "csat" in finals else metrics[0]
        auto = _fan_finding(key, finals[key], _monthly_arrays(result, key).shape[2])
        fig.suptitle(textwrap.fill(auto if title is None else title, _TITLE_WIDTH), x=0.008,
                     ha="left")
        _footnote(fig, f"{_paths_note(result)}. Bands are month-by-month quantiles across futures; "
                  "the panel titles give units.", note)
    return fig


# ----------------------------------------------------------------------------- cost vs CSAT


def _contour_levels(z: F, masses: Sequence[float]) -> list[float]:
    """Density levels enclosing the given probability masses (highest-density regions)."""
    flat = np.sort(z.ravel())[::-1]
    cum = np.cumsum(flat)
    cum /= cum[-1]
    return sorted({float(flat[min(int(np.searchsorted(cum, m)), flat.size - 1)]) for m in masses})


def risk_map(
    result: Result,
    options: str | Sequence[str] | None = None,
    *,
    budget: float | None = None,
    csat_target: float | None = None,
    kind: str = "points",
    max_points: int = 600,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Cost versus CSAT: each option's joint distribution and its mean.

    Parameters
    ----------
    result, options, ax, title, note
        As in :func:`distribution`.
    budget
        Cost budget (US$): vertical line.
    csat_target
        CSAT target (points): horizontal line. With both, the target quadrant (within
        budget and at or above target) is shaded and its probability reported.
    kind
        ``"points"`` (one dot per future, at most ``max_points`` per option) or
        ``"contour"`` (density contours holding 50% and 90% of futures).
    max_points
        Points drawn per option (the first paths, an iid sample of all).

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Contours are highest-density regions of a Gaussian kernel density estimate on a
    standardised grid. Claim C24: options are judged on the joint distribution of cost
    and customer satisfaction, not on average cost.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> ax = ccsim.plot.risk_map(res, budget=70e6, csat_target=70)
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    result = _check_result(result)
    opts = _options(result, options)
    b = _finite_number("budget", budget)
    t = _finite_number("csat_target", csat_target)
    if kind not in ("points", "contour"):
        raise ValueError(f"kind = {kind!r} is not allowed; use 'points' or 'contour'")
    if isinstance(max_points, bool) or not isinstance(max_points, (int, np.integer)) or max_points < 1:
        raise ValueError(f"max_points = {max_points!r} must be an integer >= 1")
    colors = option_colors(result.options)
    n = result.n_paths
    cost = {o: result.values("npv_cost", o) for o in opts}
    csat = {o: result.values("csat_mean", o) for o in opts}
    with board_style():
        ax, created = _new_axes(ax)
        xs = np.concatenate(list(cost.values()))
        ys = np.concatenate(list(csat.values()))
        xlo, xhi = _pad_limits(float(xs.min()), float(xs.max()))
        ylo, yhi = _pad_limits(float(ys.min()), float(ys.max()))
        if b is not None:
            xlo, xhi = min(xlo, b), max(xhi, b)
        if t is not None:
            ylo, yhi = min(ylo, t), max(yhi, t)
        xlo, xhi = _pad_limits(xlo, xhi, 0.02)
        ylo, yhi = _pad_limits(ylo, yhi, 0.02)
        inside: dict[str, float] = {}
        handles: list[Any] = []
        for o in opts:
            x, y = cost[o], csat[o]
            drawn = False
            if kind == "contour" and x.size >= 3 and np.ptp(x) > 0 and np.ptp(y) > 0:
                from scipy.stats import gaussian_kde

                sub = slice(0, 5000)
                try:
                    kde = gaussian_kde(np.vstack([x[sub], y[sub]]))
                except (np.linalg.LinAlgError, ValueError):  # pragma: no cover
                    kde = None
                if kde is not None:
                    gx, gy = np.meshgrid(np.linspace(xlo, xhi, 80), np.linspace(ylo, yhi, 80))
                    z = kde(np.vstack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
                    levels = _contour_levels(z, [0.9, 0.5])
                    if len(levels) >= 1 and levels[-1] < z.max():
                        ax.contourf(gx, gy, z, levels=[*levels, z.max()], colors=[colors[o]],
                                    alpha=0.15)
                        ax.contour(gx, gy, z, levels=levels, colors=[colors[o]], linewidths=1.8)
                        drawn = True
            if not drawn:
                k = min(x.size, max_points)
                ax.scatter(x[:k], y[:k], s=14, color=colors[o], alpha=0.35, lw=0)
            mx, my = float(np.mean(x)), float(np.mean(y))
            ax.scatter([mx], [my], s=220, color=colors[o], edgecolor="black", lw=1.8, zorder=5,
                       marker="o")
            lab = label(o)
            if b is not None and t is not None:
                inside[o] = float(np.mean((x <= b) & (y >= t)))
                lab = f"{lab}: {fmt_pct(inside[o])} in target zone"
            handles.append(Line2D([], [], ls="none", marker="o", ms=12, mfc=colors[o],
                                  mec="black", mew=1.5, label=lab))
        ax.set_xlim(xlo, xhi)
        ax.set_ylim(ylo, yhi)
        if b is not None:
            ax.axvline(b, color="black", lw=1.5, ls="--")
            handles.append(Line2D([], [], color="black", lw=1.5, ls="--",
                                  label=f"Budget {_round(b)}"))
        if t is not None:
            ax.axhline(t, color="black", lw=1.5, ls=":")
            handles.append(Line2D([], [], color="black", lw=1.5, ls=":",
                                  label=f"CSAT target {t:g}"))
        if b is not None and t is not None:
            ax.add_patch(Rectangle((xlo, t), b - xlo, yhi - t, color="#4DAC26", alpha=0.08, lw=0,
                                   zorder=0))
            handles.append(Patch(color="#4DAC26", alpha=0.25, label="Target zone"))
        shape = "dot" if kind == "points" else "contours: 50% and 90% of futures; dot"
        handles.append(Line2D([], [], ls="none", marker="o", ms=12, mfc="white", mec="black",
                              mew=1.5, label="Mean (large dot)" if kind == "points" else "Mean"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  title="Small dots: single futures" if kind == "points" else shape.split(";")[0])
        ax.set_xlabel(METRIC_INFO["npv_cost"][0])
        ax.set_ylabel(METRIC_INFO["csat_mean"][0].replace("Mean customer satisfaction, ", ""))
        set_axis_format(ax.xaxis, "money", xs)
        mc = {o: float(np.mean(cost[o])) for o in opts}
        ms = {o: float(np.mean(csat[o])) for o in opts}
        cheap, cheap_tie = _leader(cost, lower=True)
        happy, happy_tie = _leader(csat, lower=False)
        if inside:
            best, tie = _leader({o: ((cost[o] <= b) & (csat[o] >= t)).astype(np.float64)  # type: ignore[operator]
                                 for o in opts}, lower=False)
            if tie is None:
                auto = (f"{label(best)} meets both budget and CSAT target in "
                        f"{fmt_pct(inside[best])} of futures")
            else:
                auto = (f"{label(best)} and {label(tie)} are about as likely to meet both budget "
                        f"and CSAT target ({fmt_pct(inside[best])} vs {fmt_pct(inside[tie])})")
            foot = "; ".join(f"{label(o)} {fmt_pct(inside[o])}{_pm(_p_se(inside[o], n), fmt_pct)}"
                             for o in opts)
            foot = f"{_paths_note(result)}. Chance of the target zone, 95% Monte Carlo interval: {foot}."
        else:
            if len(opts) == 1:
                auto = (f"{label(cheap)}: mean cost {fmt_money(mc[cheap])}, "
                        f"mean CSAT {ms[cheap]:.1f}")
            elif cheap == happy and cheap_tie is None and happy_tie is None:
                auto = f"{label(cheap)} is both the cheapest and the best rated on average"
            else:
                c_txt = label(cheap) + (f" (or {label(cheap_tie)})" if cheap_tie else "")
                h_txt = label(happy) + (f" (or {label(happy_tie)})" if happy_tie else "")
                auto = (f"Cost and CSAT trade off: {c_txt} is cheapest on average, "
                        f"{h_txt} has the highest CSAT")
            foot = "; ".join(
                f"{label(o)} {fmt_money(mc[o])}{_pm(_se(cost[o]), fmt_money)}, "
                f"CSAT {ms[o]:.1f}{_pm(_se(csat[o]), lambda v: f'{v:.1f}')}" for o in opts)
            foot = f"{_paths_note(result)}. Means, 95% Monte Carlo interval: {foot}."
        _title(ax, auto, title, created)
        _footnote(ax.figure, foot, created if note is None else note)
    return ax


# ----------------------------------------------------------------------------- paired saving


def _saving_edges(s: F, scale: float) -> F:
    lo, hi = float(s.min()), float(s.max())
    nb = int(np.clip(math.sqrt(s.size), 10, 60))
    if hi <= lo:  # no spread: one bin, 1% of the cost level wide
        w = max(abs(lo) * 0.01, 0.01 * scale, 1.0)
        return np.array([lo - w, lo + w])
    w = (hi - lo) / nb
    if lo < 0 < hi:  # zero on a bin edge, so the colour split is exact
        k0, k1 = math.floor(lo / w), math.ceil(hi / w)
        return w * np.arange(k0, k1 + 1, dtype=np.float64)
    return np.linspace(lo, hi, nb + 1)


def paired_saving(
    result: Result,
    option: str,
    baseline: str = "in_house",
    *,
    metric: str = "npv_cost",
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Histogram of the per-future saving of ``option`` against ``baseline``.

    Parameters
    ----------
    result
        A :class:`ccsim.Result`.
    option, baseline
        The option judged and the reference (both simulated on the same futures).
    metric
        A money output (default ``npv_cost``); saving = baseline minus option.
    ax, title, note
        As in :func:`distribution`.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Paths share their random numbers across options (common random numbers), so the
    per-path difference removes the uncertainty both options share.
    ``P(saving) = #{paths: option < baseline} / n`` (ties count as no saving), with 95%
    Monte Carlo interval ``1.96 sqrt(p (1 - p) / n)``; the mean saving's interval is
    ``1.96 s / sqrt(n)`` with ``s`` the standard deviation of the differences.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> ax = ccsim.plot.paired_saving(res, "nearshore")
    >>> ax.figure.get_suptitle().startswith("Nearshore costs")
    True
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    result = _check_result(result)
    option = _option(result, option, "option")
    baseline = _option(result, baseline, "baseline")
    axis_label, unit_kind = _metric(result, metric)
    base = result.values(metric, baseline)
    alt = result.values(metric, option)
    s = base - alt
    n = s.size
    p_save = float(np.mean(alt < base))
    p_more = float(np.mean(alt > base))
    mean = float(np.mean(s))
    colors = option_colors(result.options)
    with board_style():
        ax, created = _new_axes(ax)
        edges = _saving_edges(s, float(np.mean(np.abs(base))))
        counts, _ = np.histogram(s, bins=edges)
        share = counts / n
        left, width = edges[:-1], np.diff(edges)
        pos = left >= 0
        ax.bar(left[pos], share[pos], width=width[pos], align="edge", color=colors[option],
               alpha=0.85, lw=0.3, edgecolor="white")
        ax.bar(left[~pos], share[~pos], width=width[~pos], align="edge", color=_GREY,
               alpha=0.85, lw=0.3, edgecolor="white")
        ax.axvline(0.0, color="black", lw=1.2)
        ax.axvline(mean, color="black", lw=2, ls="--")
        ax.set_xlim(*_pad_limits(float(edges[0]), float(edges[-1]), 0.02))
        ax.set_ylim(0, max(float(share.max()) * 1.15, 0.01))
        name = axis_label.split(",")[0].split(" (")[0]
        what = "Saving" if metric == "npv_cost" else f"Saving in {_lc(name)}"
        ax.set_xlabel(f"{what} vs {label(baseline)} per future, NPV (US$)"
                      if unit_kind == "money" else f"{what} vs {label(baseline)} per future")
        ax.set_ylabel("Share of futures (%)")
        set_axis_format(ax.xaxis, unit_kind, s)
        set_axis_format(ax.yaxis, "pct")
        se_p = _p_se(p_save, n)
        handles = [
            Patch(color=colors[option], alpha=0.85,
                  label=f"{label(option)} cheaper: {fmt_pct(p_save)} of futures"),
            Patch(color=_GREY, alpha=0.85, label=f"{label(option)} dearer: {fmt_pct(p_more)}"),
            Line2D([], [], color="black", lw=2, ls="--", label=f"Mean saving {fmt_money(mean)}"),
        ]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0))
        if p_save == 0.0 and p_more == 0.0:
            auto = f"{label(option)} and {label(baseline)} cost the same in every future"
        elif p_save >= p_more:
            auto = f"{label(option)} costs less than {label(baseline)} in {fmt_pct(p_save)} of futures"
        else:
            auto = f"{label(option)} costs more than {label(baseline)} in {fmt_pct(p_more)} of futures"
        _title(ax, auto, title, created)
        foot = (f"{_paths_note(result)}, paired on common random numbers. 95% Monte Carlo "
                f"interval: P(saving) {fmt_pct(p_save)}{_pm(se_p, fmt_pct)}, mean saving "
                f"{fmt_money(mean)}{_pm(_se(s), fmt_money)}.")
        _footnote(ax.figure, foot, created if note is None else note)
    return ax


# ----------------------------------------------------------------------------- cost breakdown


def _component_means(result: Result, opts: list[str]) -> dict[str, dict[str, float]]:
    """``{option: {component: mean NPV}}`` for the cost components present."""
    from ccsim.engine.chunk import COST_COMPONENTS

    comps = [c for c in COST_COMPONENTS if c in result.outputs]
    return {o: {c: float(np.mean(result.values(c, o))) for c in comps} for o in opts}


def cost_breakdown(
    result: Result,
    options: str | Sequence[str] | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Stacked mean NPV of each cost component, one bar per option.

    Parameters
    ----------
    result, options, ax, title, note
        As in :func:`distribution`.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    The components (:data:`ccsim.engine.COST_COMPONENTS`) add up to ``npv_cost`` on
    every path, so the stacked means add up to the mean total.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> ax = ccsim.plot.cost_breakdown(res)
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    result = _check_result(result)
    opts = _options(result, options)
    means = _component_means(result, opts)
    comps = list(means[opts[0]])
    shown = [c for c in comps if any(means[o][c] != 0 for o in opts)]
    with board_style():
        ax, created = _new_axes(ax)
        ypos = np.arange(len(opts))[::-1].astype(float)
        left_pos = np.zeros(len(opts))
        left_neg = np.zeros(len(opts))
        for c in shown:
            v = np.array([means[o][c] for o in opts])
            start = np.where(v >= 0, left_pos, left_neg + v)
            ax.barh(ypos, np.abs(v), left=start, height=0.62,
                    color=COMPONENT_COLORS.get(c, _GREY), label=COMPONENT_LABELS.get(c, label(c)),
                    edgecolor="white", lw=0.6)
            left_pos = left_pos + np.maximum(v, 0)
            left_neg = left_neg + np.minimum(v, 0)
        totals = {o: float(np.mean(result.values("npv_cost", o))) for o in opts}
        for y, o in zip(ypos, opts, strict=True):
            ax.annotate(fmt_money(totals[o]), (max(left_pos[opts.index(o)], 0.0), y),
                        xytext=(6, 0), textcoords="offset points", va="center", ha="left",
                        fontsize=13, fontweight="bold")
        ax.set_yticks(ypos, [label(o) for o in opts])
        right = float(max(left_pos.max(), 1.0))
        ax.set_xlim(min(float(left_neg.min()), 0.0), right * 1.14)
        ax.grid(False, axis="y")
        ax.set_xlabel("Mean cost over the horizon, NPV (US$)")
        set_axis_format(ax.xaxis, "money", [0.0, right])
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title="Cost component")
        cheap, tie = _leader({o: result.values("npv_cost", o) for o in opts}, lower=True)
        row = means[cheap]
        if tie is not None:
            auto = (f"{label(cheap)} and {label(tie)} have about the same expected cost "
                    f"({fmt_money(totals[cheap])} vs {fmt_money(totals[tie])})")
        elif totals[cheap] > 0 and row:
            top = max(row, key=row.__getitem__)
            share = row[top] / totals[cheap]
            auto = (f"{label(cheap)} has the lowest expected cost ({fmt_money(totals[cheap])}); "
                    f"{fmt_pct(share)} of it is {_lc(COMPONENT_LABELS.get(top, top))}")
        else:
            auto = f"{label(cheap)} has the lowest expected cost ({fmt_money(totals[cheap])})"
        _title(ax, auto, title, created)
        foot = "; ".join(
            f"{label(o)} {fmt_money(totals[o])}{_pm(_se(result.values('npv_cost', o)), fmt_money)}"
            for o in opts)
        _footnote(ax.figure, f"{_paths_note(result)}. Mean total, 95% Monte Carlo interval: {foot}.",
                  created if note is None else note)
    return ax


def waterfall(
    result: Result,
    option: str,
    baseline: str = "in_house",
    *,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Waterfall of mean NPV cost from ``baseline`` to ``option``, component by component.

    Parameters
    ----------
    result
        A :class:`ccsim.Result`.
    option, baseline
        The option reached and the starting option.
    ax, title, note
        As in :func:`distribution`.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Each step is the mean paired difference of one component (option minus baseline);
    the steps add up to the difference of the mean totals. Components that are zero for
    both options are left out.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> ax = ccsim.plot.waterfall(res, "offshore")
    >>> ax.get_yticklabels()[0].get_text()
    'In-house'
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    result = _check_result(result)
    option = _option(result, option, "option")
    baseline = _option(result, baseline, "baseline")
    means = _component_means(result, [baseline, option])
    keep = [c for c in means[baseline] if means[baseline][c] != 0 or means[option][c] != 0]
    steps = {c: means[option][c] - means[baseline][c] for c in keep}
    steps = dict(sorted(steps.items(), key=lambda kv: -abs(kv[1])))
    t0 = float(np.mean(result.values("npv_cost", baseline)))
    t1 = float(np.mean(result.values("npv_cost", option)))
    colors = option_colors(result.options)
    rows = [label(baseline), *[COMPONENT_LABELS.get(c, label(c)) for c in steps],
            label(option)]
    with board_style():
        ax, created = _new_axes(ax)
        y = np.arange(len(rows))[::-1].astype(float)
        ax.barh(y[0], t0, color=colors[baseline], height=0.66)
        ax.barh(y[-1], t1, color=colors[option], height=0.66)
        cum = t0
        ends = [t0, t1]
        for k, d in enumerate(steps.values(), start=1):
            ax.barh(y[k], abs(d), left=min(cum, cum + d), height=0.66,
                    color=_SAVE if d < 0 else _MORE)
            ax.plot([cum, cum], [y[k - 1] - 0.33, y[k] + 0.33], color="black", lw=0.8)
            ends.append(max(cum, cum + d))
            ax.annotate(("+" if d > 0 else "") + fmt_money(d), (max(cum, cum + d), y[k]),
                        xytext=(6, 0), textcoords="offset points", va="center", fontsize=12)
            cum += d
        for yy, tot in ((y[0], t0), (y[-1], t1)):
            ax.annotate(fmt_money(tot), (tot, yy), xytext=(6, 0), textcoords="offset points",
                        va="center", fontsize=13, fontweight="bold")
        right = max(max(ends), 1.0)
        ax.set_xlim(0, right * 1.16)
        ax.set_yticks(y, rows)
        ax.grid(False, axis="y")
        ax.set_xlabel("Mean cost over the horizon, NPV (US$)")
        set_axis_format(ax.xaxis, "money", [0.0, right])
        ax.legend(handles=[Patch(color=_SAVE, label="Lowers cost"),
                           Patch(color=_MORE, label="Raises cost")],
                  loc="upper left", bbox_to_anchor=(1.0, 1.0))
        diff = t1 - t0
        verb = "saves" if diff < 0 else "adds"
        auto = f"{label(option)} {verb} {fmt_money(abs(diff))} a future vs {label(baseline)} on average"
        if steps:
            lo_c = min(steps, key=steps.__getitem__)
            hi_c = max(steps, key=steps.__getitem__)
            parts = []
            if steps[lo_c] < 0:
                parts.append(f"{_lc(COMPONENT_LABELS.get(lo_c, lo_c))} {fmt_money(steps[lo_c])}")
            if steps[hi_c] > 0:
                parts.append(f"{_lc(COMPONENT_LABELS.get(hi_c, hi_c))} +{fmt_money(steps[hi_c])}")
            if parts:
                auto += ": " + ", ".join(parts)
        _title(ax, auto, title, created)
        d_paths = result.values("npv_cost", option) - result.values("npv_cost", baseline)
        foot = (f"{_paths_note(result)}, paired on common random numbers. Mean difference "
                f"{fmt_money(diff)}{_pm(_se(d_paths), fmt_money)} (95% Monte Carlo interval).")
        _footnote(ax.figure, foot, created if note is None else note)
    return ax


# ----------------------------------------------------------------------------- tornado


def _check_frame(frame: Any, name: str, required: Sequence[str]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks columns {missing}; it needs {list(required)}")
    if frame.empty:
        raise ValueError(f"{name} has no rows")
    return frame


def _value_text(v: Any) -> str:
    x = float(v)
    if abs(x) >= 1e4:
        return f"{x:,.0f}"
    return f"{x:.3g}"


def tornado(
    table: pd.DataFrame,
    *,
    max_inputs: int = 10,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Tornado chart of a tornado table (:func:`ccsim.sensitivity.tornado`).

    Parameters
    ----------
    table
        Columns :data:`TORNADO_COLUMNS`, one row per input; ``table.attrs`` may hold
        ``option``, ``metric``, ``stat``, ``versus``, ``n_paths``, ``low``, ``high``.
    max_inputs
        Show the inputs with the largest ``|swing|`` (at most this many).
    ax, title, note
        As in :func:`distribution`.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Each bar runs from the base statistic to the statistic with one input at its low
    (``low``) or high (``high``) quantile, all other inputs at base.

    Examples
    --------
    >>> import pandas as pd, ccsim
    >>> t = pd.DataFrame({"input": ["staff.hourly_cost", "demand.base_volume"],
    ...     "low_value": [36.5, 1e5], "high_value": [48.5, 1.2e5],
    ...     "stat_low": [66e6, 68e6], "stat_high": [82e6, 79e6],
    ...     "swing": [16e6, 11e6], "base": [74e6, 74e6]})
    >>> t.attrs = {"option": "in_house", "metric": "npv_cost", "stat": "mean"}
    >>> ax = ccsim.plot.tornado(t)
    >>> ax.get_yticklabels()[0].get_text().split("\\n")[0]
    'staff.hourly_cost'
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    table = _check_frame(table, "table", TORNADO_COLUMNS)
    if isinstance(max_inputs, bool) or not isinstance(max_inputs, (int, np.integer)) or max_inputs < 1:
        raise ValueError(f"max_inputs = {max_inputs!r} must be an integer >= 1")
    attrs = dict(table.attrs)
    metric = str(attrs.get("metric", "npv_cost"))
    stat = str(attrs.get("stat", "mean"))
    option = attrs.get("option")
    versus = attrs.get("versus")
    lo_q, hi_q = attrs.get("low"), attrs.get("high")
    kind = METRIC_INFO.get(metric, (metric, "number"))[1]
    fmt = _fmt_for(kind)
    t = table.reindex(table["swing"].abs().sort_values(ascending=False, kind="stable").index)
    t = t.head(int(max_inputs))
    base = float(t["base"].iloc[0])
    lo_lab = f"p{100 * float(lo_q):.0f}" if lo_q is not None else "low"
    hi_lab = f"p{100 * float(hi_q):.0f}" if hi_q is not None else "high"
    with board_style():
        ax, created = _new_axes(ax)
        y = np.arange(len(t))[::-1].astype(float)
        vals = [base]
        for yy, (_, r) in zip(y, t.iterrows(), strict=True):
            for v, col in ((float(r["stat_low"]), "#4D9DE0"), (float(r["stat_high"]), "#E15759")):
                ax.barh(yy, v - base, left=base, height=0.6, color=col)
                vals.append(v)
        ax.axvline(base, color="black", lw=1.2)
        names = [f"{r['input']}\n{_value_text(r['low_value'])} to {_value_text(r['high_value'])}"
                 for _, r in t.iterrows()]
        ax.set_yticks(y, names, fontsize=11 if len(t) > 6 else 12)
        ax.grid(False, axis="y")
        lo_x, hi_x = _pad_limits(min(vals), max(vals), 0.06)
        ax.set_xlim(lo_x, hi_x)
        mlabel = METRIC_INFO.get(metric, (metric, ""))[0]
        who = label(str(option)) if option is not None else ""
        if versus is not None:
            who = f"{who} minus {label(str(versus))}"
        ax.set_xlabel(f"{stat.capitalize()} of {_lc(mlabel)}"
                      + (f": {who}" if who else ""))
        set_axis_format(ax.xaxis, kind, vals)
        ax.legend(handles=[Patch(color="#4D9DE0", label=f"Input at its {lo_lab}"),
                           Patch(color="#E15759", label=f"Input at its {hi_lab}"),
                           Line2D([], [], color="black", lw=1.2, label=f"Base {fmt(base)}")],
                  loc="upper left", bbox_to_anchor=(1.0, 1.0))
        top = t.iloc[0]
        auto = (f"{top['input']} moves the {stat} the most: {fmt(float(top['stat_low']))} to "
                f"{fmt(float(top['stat_high']))}")
        if who:
            auto = f"{who}: {auto}"
        _title(ax, auto, title, created)
        n_paths = attrs.get("n_paths")
        foot = (f"One input at a time at its {lo_lab} / {hi_lab}, all others at base"
                + (f"; {int(n_paths):,} paths per run on common random numbers" if n_paths else "")
                + f". Top {len(t)} of {len(table)} inputs by swing.")
        _footnote(ax.figure, foot, created if note is None else note)
    return ax


# ----------------------------------------------------------------------------- sweeps


def _sweep_params(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in (*SWEEP_COLUMNS, "point", "option")]


_SWEEP_Y = {
    "cost": ("cost_mean", "Mean cost over the horizon, NPV (US$)", "money", "min"),
    "csat": ("csat_mean", "Mean CSAT (0-100 points)", "points", "max"),
    "diff": ("diff_mean", "Mean cost difference vs baseline, NPV (US$)", "money", "min"),
    "p_saving": ("p_saving", "Chance of saving vs baseline (% of futures)", "pct", "max"),
    "p_cheapest": ("p_cheapest", "Chance of being cheapest (% of futures)", "pct", "max"),
}


def sweep_lines(
    frame: pd.DataFrame,
    x: str | None = None,
    y: str = "cost",
    options: str | Sequence[str] | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """One line per option across a swept parameter, with an uncertainty band.

    Parameters
    ----------
    frame
        A sweep table (``SweepResult.frame()``): columns ``point``, the swept
        parameters, ``option`` and :data:`SWEEP_COLUMNS`.
    x
        The swept parameter on the x axis (default: the only one).
    y
        ``"cost"`` (mean, band p05-p95 of futures), ``"csat"`` (mean, band 95% Monte
        Carlo interval), ``"diff"`` (mean paired difference vs the baseline, 95%
        interval), ``"p_saving"`` or ``"p_cheapest"`` (95% binomial interval when
        ``frame.attrs["n_paths"]`` is known).
    options
        Options to draw (default: all; the baseline is left out for ``diff`` and
        ``p_saving``).
    ax, title, note
        As in :func:`distribution`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd, ccsim
    >>> f = pd.DataFrame({"point": [0, 0, 1, 1], "demand.trend_annual": [0.0, 0.0, 0.05, 0.05],
    ...     "option": ["in_house", "offshore"] * 2, "cost_mean": [70e6, 65e6, 80e6, 70e6],
    ...     "cost_se": 1e6, "cost_p05": [40e6, 30e6, 45e6, 33e6], "cost_p50": [69e6, 62e6, 79e6, 68e6],
    ...     "cost_p95": [120e6, 125e6, 130e6, 135e6], "csat_mean": [76, 55, 76, 55.0], "csat_se": 0.2,
    ...     "p_cheapest": [0.3, 0.7, 0.2, 0.8], "diff_mean": [0, -5e6, 0, -10e6], "diff_se": 1e6,
    ...     "p_saving": [0, 0.6, 0, 0.7]})
    >>> f.attrs = {"baseline": "in_house", "n_paths": 1000, "seed": 1}
    >>> ax = ccsim.plot.sweep_lines(f)
    >>> ax.get_xlabel()
    'demand.trend_annual'
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    frame = _check_frame(frame, "frame", ("point", "option", *SWEEP_REQUIRED))
    params = _sweep_params(frame)
    if y not in _SWEEP_Y:
        raise ValueError(f"y = {y!r} is not allowed; use one of {list(_SWEEP_Y)}")
    varying = [p for p in params if len(pd.unique(frame[p])) > 1]
    if x is None:
        if len(params) == 1 or len(varying) == 1:
            x = params[0] if len(params) == 1 else varying[0]
        else:
            raise ValueError(f"the sweep varies parameters {varying}; choose x= one of them")
    if x not in params:
        raise ValueError(f"x = {x!r} is not a swept parameter; the sweep has {params}")
    others = [p for p in varying if p != x]
    if others:
        raise ValueError(
            f"parameters {others} also vary; filter the frame to one value of each "
            f"(e.g. frame[frame[{others[0]!r}] == v]) or use sweep_heatmap"
        )
    col, ylab, kind, better = _SWEEP_Y[y]
    baseline = frame.attrs.get("baseline")
    all_opts = list(dict.fromkeys(frame["option"].astype(str)))
    if options is None:
        opts = [o for o in all_opts if not (y in ("diff", "p_saving") and o == baseline)]
    else:
        opts = [options] if isinstance(options, str) else list(options)
        bad = [o for o in opts if o not in all_opts]
        if bad or not opts:
            raise ValueError(f"options {bad or opts} are not in the sweep; it has {all_opts}")
    if not opts:
        raise ValueError("no option left to draw (only the baseline is in the sweep)")
    n_paths = frame.attrs.get("n_paths")
    colors = option_colors(all_opts)
    fmt = _fmt_for(kind)
    with board_style():
        ax, created = _new_axes(ax)
        best_at: dict[Any, str] = {}
        sub_all = frame[frame["option"].astype(str).isin(opts)]
        for o in opts:
            d = frame[frame["option"].astype(str) == o].sort_values(x)
            xv = d[x].to_numpy(dtype=float)
            m = d[col].to_numpy(dtype=float)
            if y == "cost":
                lo, hi = d["cost_p05"].to_numpy(float), d["cost_p95"].to_numpy(float)
            elif y in ("csat", "diff"):
                se = d["csat_se" if y == "csat" else "diff_se"].to_numpy(float)
                lo, hi = m - _Z * se, m + _Z * se
            elif n_paths:
                se = np.sqrt(np.clip(m * (1 - m), 0, None) / float(n_paths))
                lo, hi = m - _Z * se, m + _Z * se
            else:
                lo = hi = m
            ax.fill_between(xv, lo, hi, color=colors[o], alpha=0.15, lw=0)
            mk = "o" if xv.size <= 25 else None
            ax.plot(xv, m, color=colors[o], lw=2.2, marker=mk, label=label(o))
        for xv_, g in sub_all.groupby(x, sort=True):
            vals = g.set_index(g["option"].astype(str))[col]
            best_at[xv_] = str(vals.idxmin() if better == "min" else vals.idxmax())
        if y == "diff":
            ax.axhline(0.0, color="black", lw=1.2)
        ax.set_xlabel(x)
        ax.set_ylabel(ylab)
        set_axis_format(ax.yaxis, kind, sub_all[col].to_numpy(float))
        band = {"cost": "band: p05-p95 of futures"}.get(y, "band: 95% Monte Carlo interval")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title=band)
        word = {"cost": "lowest mean cost", "csat": "highest mean CSAT",
                "diff": "largest mean saving", "p_saving": "highest chance of saving",
                "p_cheapest": "highest chance of being cheapest"}[y]
        winners = list(dict.fromkeys(best_at.values()))
        if len(winners) == 1:
            auto = f"{label(winners[0])} has the {word} across the whole {x} range"
        else:
            keys = list(best_at)
            switch = next(k for k in keys[1:] if best_at[k] != best_at[keys[0]])
            auto = (f"The winner changes with {x}: {label(best_at[keys[0]])} has the {word} "
                    f"below {switch:g}, then {label(best_at[switch])}")
        _title(ax, auto, title, created)
        foot = "Sweep"
        if n_paths:
            foot += f" with {int(n_paths):,} paths per point"
        if frame.attrs.get("seed") is not None:
            foot += f" (seed {frame.attrs['seed']})"
        foot += f", common random numbers across points and options; {band}."
        if y in ("cost", "csat", "diff"):
            sec = {"cost": "cost_se", "csat": "csat_se", "diff": "diff_se"}[y]
            foot += f" Largest 95% interval of a mean: ±{fmt(_Z * float(sub_all[sec].max()))}."
        _footnote(ax.figure, foot, created if note is None else note)
    return ax


def sweep_heatmap(
    frame: pd.DataFrame,
    x: str | None = None,
    y: str | None = None,
    value: str = "cheapest",
    option: str | None = None,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Heatmap over two swept parameters.

    Parameters
    ----------
    frame
        A sweep table (``SweepResult.frame()``) over (at least) two parameters.
    x, y
        The parameters on the axes (default: the two swept parameters).
    value
        ``"cheapest"`` (the option with the lowest mean cost in each cell, in its
        colour) or a statistic column (``p_saving``, ``diff_mean``, ``cost_mean``,
        ``p_cheapest``, ``csat_mean``, ...) of ``option``.
    option
        The option whose statistic is shown (needed unless ``value="cheapest"``).
    ax, title, note
        As in :func:`distribution`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import itertools, pandas as pd, ccsim
    >>> rows = [dict(point=i, **{"a.x": a, "b.y": b}, option=o, cost_mean=c, cost_se=1.0,
    ...              cost_p05=c, cost_p50=c, cost_p95=c, csat_mean=70.0, csat_se=0.1,
    ...              p_cheapest=0.5, diff_mean=0.0, diff_se=0.0, p_saving=0.5)
    ...         for i, (a, b) in enumerate(itertools.product([1, 2], [3, 4]))
    ...         for o, c in (("in_house", 10.0 * a), ("offshore", 5.0 * b))]
    >>> ax = ccsim.plot.sweep_heatmap(pd.DataFrame(rows))
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    frame = _check_frame(frame, "frame", ("point", "option", *SWEEP_REQUIRED))
    params = _sweep_params(frame)
    if x is None or y is None:
        if len(params) != 2:
            raise ValueError(f"the sweep has parameters {params}; choose x= and y=")
        if x is None:
            x = next(p for p in params if p != y)
        if y is None:
            y = next(p for p in params if p != x)
    for nm, p in (("x", x), ("y", y)):
        if p not in params:
            raise ValueError(f"{nm} = {p!r} is not a swept parameter; the sweep has {params}")
    if x == y:
        raise ValueError(f"x and y are both {x!r}; choose two different parameters")
    all_opts = list(dict.fromkeys(frame["option"].astype(str)))
    colors = option_colors(all_opts)
    xs = np.sort(frame[x].unique())
    ys = np.sort(frame[y].unique())
    with board_style():
        ax, created = _new_axes(ax)
        if value == "cheapest":
            grid = np.full((ys.size, xs.size), -1, dtype=int)
            best = np.full((ys.size, xs.size), np.inf)
            yi = np.searchsorted(ys, frame[y].to_numpy())
            xi = np.searchsorted(xs, frame[x].to_numpy())
            oi = [all_opts.index(str(o)) for o in frame["option"]]
            for i, j, k, c in zip(yi, xi, oi, frame["cost_mean"].to_numpy(float), strict=True):
                if c < best[i, j]:
                    best[i, j], grid[i, j] = c, k
            from matplotlib.colors import ListedColormap

            cmap = ListedColormap([colors[o] for o in all_opts])
            masked = np.ma.masked_less(grid, 0)
            ax.pcolormesh(np.arange(xs.size + 1), np.arange(ys.size + 1), masked, cmap=cmap,
                          vmin=-0.5, vmax=len(all_opts) - 0.5, edgecolors="white", linewidth=1)
            present = [all_opts[i] for i in sorted(set(grid[grid >= 0].ravel().tolist()))]
            ax.legend(handles=[Patch(color=colors[o], label=label(o)) for o in present],
                      loc="upper left", bbox_to_anchor=(1.0, 1.0), title="Lowest mean cost")
            counts = {o: int(np.sum(grid == all_opts.index(o))) for o in present}
            top = max(counts, key=counts.__getitem__)
            auto = (f"{label(top)} has the lowest mean cost in {counts[top]} of "
                    f"{int(np.sum(grid >= 0))} combinations of {x} and {y}")
            foot_extra = "Cells: option with the lowest mean NPV cost."
        else:
            if value not in SWEEP_COLUMNS:
                raise ValueError(f"value = {value!r} is not allowed; use 'cheapest' or one of "
                                 f"{list(SWEEP_COLUMNS)}")
            if option is None:
                raise ValueError(f"option is required for value = {value!r}; options: {all_opts}")
            if option not in all_opts:
                raise ValueError(f"option = {option!r} is not in the sweep; it has {all_opts}")
            d = frame[frame["option"].astype(str) == option]
            piv = d.pivot_table(index=y, columns=x, values=value, aggfunc="mean")
            piv = piv.reindex(index=ys, columns=xs)
            z = piv.to_numpy(dtype=float)
            kind = "pct" if value.startswith("p_") else ("money" if value.startswith(("cost", "diff")) else "number")
            if value == "diff_mean":
                lim = float(np.nanmax(np.abs(z))) or 1.0
                cmap_name, vmin, vmax = "RdBu_r", -lim, lim
            elif value.startswith("p_"):
                cmap_name, vmin, vmax = "viridis", 0.0, 1.0
            else:
                zmin, zmax = float(np.nanmin(z)), float(np.nanmax(z))
                cmap_name, vmin, vmax = "viridis", zmin, zmax if zmax > zmin else zmin + 1.0
            mesh = ax.pcolormesh(np.arange(xs.size + 1), np.arange(ys.size + 1),
                                 np.ma.masked_invalid(z), cmap=cmap_name, vmin=vmin, vmax=vmax,
                                 edgecolors="white", linewidth=1)
            cb = ax.figure.colorbar(mesh, ax=ax)
            vlabel = {"p_saving": "Chance of saving vs baseline (% of futures)",
                      "p_cheapest": "Chance of being cheapest (% of futures)",
                      "diff_mean": "Mean cost difference vs baseline, NPV (US$)",
                      "cost_mean": "Mean cost, NPV (US$)", "csat_mean": "Mean CSAT (0-100 points)"}
            cb.set_label(vlabel.get(value, value))
            set_axis_format(cb.ax.yaxis, kind, [vmin, vmax])
            fmt = _fmt_for(kind if kind != "pct" else "pct")
            if xs.size * ys.size <= 150:
                cmap_obj = mesh.get_cmap()
                for i in range(ys.size):
                    for j in range(xs.size):
                        if math.isfinite(z[i, j]):
                            rgba = cmap_obj(mesh.norm(z[i, j]))
                            lum = 0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2]
                            txt = fmt_pct(z[i, j]) if kind == "pct" else fmt(z[i, j])
                            ax.text(j + 0.5, i + 0.5, txt, ha="center", va="center", fontsize=11,
                                    color="black" if lum > 0.55 else "white")
            kk = np.unravel_index(np.nanargmax(z) if value in ("p_saving", "p_cheapest", "csat_mean")
                                 else np.nanargmin(z), z.shape)
            word = "highest" if value in ("p_saving", "p_cheapest", "csat_mean") else "lowest"
            auto = (f"{label(option)}: {word} {_lc(vlabel.get(value, value).split(' (')[0])} "
                    f"at {x} = {xs[kk[1]]:g}, {y} = {ys[kk[0]]:g}")
            foot_extra = f"Cells: {value} of {label(option)}."
        ax.set_xticks(np.arange(xs.size) + 0.5, [f"{v:g}" for v in xs])
        ax.set_yticks(np.arange(ys.size) + 0.5, [f"{v:g}" for v in ys])
        ax.set_xlim(0, xs.size)
        ax.set_ylim(0, ys.size)
        ax.grid(False)
        ax.set_xlabel(x)
        ax.set_ylabel(y)
        _title(ax, auto, title, created)
        n_paths = frame.attrs.get("n_paths")
        foot = foot_extra + (f" {int(n_paths):,} paths per point" if n_paths else "")
        if frame.attrs.get("baseline") is not None:
            foot += f"; baseline {label(str(frame.attrs['baseline']))}"
        _footnote(ax.figure, foot + ".", created if note is None else note)
    return ax


# ----------------------------------------------------------------------------- accessor


class PlotAccessor:
    """Figures of one result: ``result.plot.<name>(...)`` calls :mod:`ccsim.plot` with it.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> ax = res.plot.cost_breakdown()
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """

    def __init__(self, result: Result) -> None:
        self._result = _check_result(result)

    def __repr__(self) -> str:
        names = ", ".join(n for n in _ACCESSOR_METHODS)
        return f"<ccsim plots of {self._result!r}: {names}>"

    def distribution(self, metric: str = "npv_cost", options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.distribution`."""
        return distribution(self._result, metric, options, **kw)

    def cost_distribution(self, options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.cost_distribution`."""
        return cost_distribution(self._result, options, **kw)

    def csat_distribution(self, options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.csat_distribution`."""
        return csat_distribution(self._result, options, **kw)

    def exceedance(self, metric: str = "npv_cost", options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.exceedance`."""
        return exceedance(self._result, metric, options, **kw)

    def fan_chart(self, metric: str = "cost", options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.fan_chart`."""
        return fan_chart(self._result, metric, options, **kw)

    def fan_grid(self, metrics: Sequence[str] = ("cost", "csat", "quality", "service_level"),
                 options: Any = None, **kw: Any) -> Figure:
        """See :func:`ccsim.plot.fan_grid`."""
        return fan_grid(self._result, metrics, options, **kw)

    def risk_map(self, options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.risk_map`."""
        return risk_map(self._result, options, **kw)

    def paired_saving(self, option: str, baseline: str = "in_house", **kw: Any) -> Axes:
        """See :func:`ccsim.plot.paired_saving`."""
        return paired_saving(self._result, option, baseline, **kw)

    def cost_breakdown(self, options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.cost_breakdown`."""
        return cost_breakdown(self._result, options, **kw)

    def waterfall(self, option: str, baseline: str = "in_house", **kw: Any) -> Axes:
        """See :func:`ccsim.plot.waterfall`."""
        return waterfall(self._result, option, baseline, **kw)


_ACCESSOR_METHODS = tuple(
    n for n in vars(PlotAccessor) if not n.startswith("_")
)
