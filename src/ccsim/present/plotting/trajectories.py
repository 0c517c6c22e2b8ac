"""Month-by-month trajectories: fan charts of the monthly metrics."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from numpy.typing import NDArray

from ccsim.outputs import MONTHLY
from ccsim.present.plotting._style import (
    FIGSIZE,
    board_style,
    label,
    option_colors,
    set_axis_format,
)
from ccsim.present.plotting.frame import (
    _GREY,
    F,
    _check_result,
    _fmt_for,
    _footnote,
    _lc,
    _new_axes,
    _options,
    _paths_note,
    _title,
    fit_suptitle,
    lower_is_better,
    monthly_info,
)

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = [
    "fan_chart",
    "fan_grid",
]

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
    info = monthly_info(metric)
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


def _events(result: Result, option: str) -> dict[int, str]:
    """Months (0-based) that explain a dip: the option's median go-live and seasonal peaks."""
    sc = result.scenario
    out: dict[int, str] = {}

    def median(path: str) -> float:
        v = sc.get(path)
        return float(v.ppf(0.5)) if hasattr(v, "ppf") else float(v)

    try:
        peak, start = int(median("demand.peak_month")), int(median("demand.start_month"))
        for t in range(result.horizon):  # the peak month and the months either side
            if ((start - 1 + t) - (peak - 1)) % 12 in (0, 1, 11):
                out[t] = "the seasonal peak"
        if sc.option(option).is_vendor:
            # go-live varies by path around its median month: the dip spreads over it
            go = math.ceil(median(f"{option}.setup.lead_months") - 1e-9)
            for t in range(max(0, go - 2), go + 2):
                out[t] = "go-live"
    except (KeyError, AttributeError, TypeError, ValueError):
        return {}
    return out


def _fan_story(result: Result, metric: str, opts: list[str]) -> str:
    """Where each option's median is at its worst, and why (go-live or the seasonal peak)."""
    arr = _monthly_arrays(result, metric)
    fmt = _fmt_for(monthly_info(metric)[1])
    lower = lower_is_better(metric)
    parts = []
    for o in opts:
        med = np.median(arr[result.options.index(o)].astype(np.float64), axis=0)
        t = int(np.argmax(med) if lower else np.argmin(med))
        typical = float(np.median(med))
        if abs(med[t] - typical) <= 0.03 * max(abs(typical), 1e-12):
            continue  # no dip worth a headline
        why = _events(result, o).get(t)
        if why is not None:
            parts.append(f"{label(o)} {'peaks' if lower else 'dips'} to {fmt(med[t])} at {why} "
                         f"(month {t + 1})")
    return "; ".join(parts[:2])


def _story_title(story: str, finding: str) -> str:
    """The dips first; the final-month finding too when only one dip is told."""
    if not story:
        return finding
    return story if ";" in story else f"{story}; {_lc(finding)}"


def _fan_finding(metric: str, finals: dict[str, F], horizon: int) -> str:
    info = monthly_info(metric)
    fmt = _fmt_for(info[1])
    name = info[0].split(" (")[0].split(",")[0]
    lower = lower_is_better(metric)
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
        story = _fan_story(result, metric, opts)
        finding = _fan_finding(metric, finals, _monthly_arrays(result, metric).shape[2])
        _title(ax, _story_title(story, finding), title, created)
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
        raise ValueError("metrics is empty; choose from " + str(list(MONTHLY)))
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
        story = _fan_story(result, key, opts)
        auto = _story_title(story, auto)
        # the legend sits at the top right, beside the title: wrap the title short of it
        fig.canvas.draw()
        legend_left = fig.legends[-1].get_window_extent().x0 / fig.bbox.width
        fit_suptitle(fig, auto if title is None else title, frac=min(0.94, legend_left - 0.02))
        _footnote(fig, f"{_paths_note(result)}. Bands are month-by-month quantiles across futures; "
                  "the panel titles give units.", note)
    return fig


