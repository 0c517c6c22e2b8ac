"""Decision figures: the cost-CSAT risk map, the paired saving, the cost breakdown and
the waterfall from a baseline to an option."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from scipy.stats import gaussian_kde

from ccsim.conventions import baseline_of, renamed
from ccsim.outputs import COST_COMPONENTS, COST_PARTS, cost_part
from ccsim.present.plotting._style import (
    COMPONENT_COLORS,
    FIGSIZE,
    board_style,
    fmt_money,
    fmt_pct,
    label,
    option_colors,
    set_axis_format,
)
from ccsim.present.plotting.frame import (
    _GREY,
    _MORE,
    _SAVE,
    F,
    _check_result,
    _finite_number,
    _fmt_for,
    _footnote,
    _lc,
    _leader,
    _metric,
    _new_axes,
    _option,
    _options,
    _p_se,
    _pad_limits,
    _paths_note,
    _pm,
    _round,
    _se,
    _title,
    clip_limits,
    component_label,
    fit_suptitle,
    mark_clipped,
    metric_info,
)

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = [
    "cost_breakdown",
    "paired_saving",
    "risk_map",
    "saving_grid",
    "waterfall",
]

# ----------------------------------------------------------------------------- cost vs CSAT


def _contour_levels(z: F, masses: Sequence[float]) -> list[float]:
    """Density levels enclosing the given probability masses (highest-density regions)."""
    flat = np.sort(z.ravel())[::-1]
    cum = np.cumsum(flat)
    cum /= cum[-1]
    return sorted({float(flat[min(int(np.searchsorted(cum, m)), flat.size - 1)]) for m in masses})


@renamed(csat_target="csat_floor")
def risk_map(
    result: Result,
    options: str | Sequence[str] | None = None,
    *,
    budget: float | None = None,
    csat_floor: float | None = None,
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
    csat_floor
        Lowest acceptable mean CSAT (points): horizontal line. With both, the target
        quadrant (within budget and at or above the floor) is shaded and its
        probability reported. ``csat_target=`` is its deprecated old name.
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
    >>> ax = ccsim.plot.risk_map(res, budget=70e6, csat_floor=70)
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    result = _check_result(result)
    opts = _options(result, options)
    b = _finite_number("budget", budget)
    t = _finite_number("csat_floor", csat_floor)
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
        xlo, xhi, _clip_lo, _clip_hi = clip_limits(xs, pad=0.0)
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
        mark_clipped(ax, xs, xlo, xhi, fmt=fmt_money)
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
        ax.set_xlabel(metric_info("npv_cost")[0])
        ax.set_ylabel(metric_info("csat_mean")[0].replace("Mean customer satisfaction, ", ""))
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
    baseline: str | None = None,
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
    per-path saving removes the uncertainty both options share.
    ``P(saving) = #{paths: option < baseline} / n`` (ties count as no saving), with 95%
    Monte Carlo interval ``1.96 sqrt(p (1 - p) / n)``; the mean saving's interval is
    ``1.96 s / sqrt(n)`` with ``s`` the standard deviation of the savings.

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
    # an explicit baseline may be the option itself (a zero saving, drawn as such)
    baseline = baseline_of(result, baseline, option=None if baseline is not None else option)
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
        s_lo, s_hi, _clip_lo, _clip_hi = clip_limits(s, pad=0.0)
        body = s[(s >= s_lo) & (s <= s_hi)]
        edges = _saving_edges(body, float(np.mean(np.abs(base))))
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
        mark_clipped(ax, s, float(edges[0]), float(edges[-1]), fmt=_fmt_for(unit_kind))
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
            Line2D([], [], color="black", lw=2, ls="--",
                   label=(f"Mean saving {fmt_money(mean)}" if mean >= 0 else
                          f"Mean: costs {fmt_money(-mean)} more (saving {fmt_money(mean)})")),
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


def saving_grid(
    result: Result,
    baseline: str | None = None,
    options: Sequence[str] | None = None,
    *,
    recommended: str | None = None,
    title: str | None = None,
    note: bool = True,
) -> Figure:
    """Small multiples of the per-future saving: one panel per option against ``baseline``.

    The panels share both axes, so the spread and the centre of each option's saving
    compare at a glance. Bars are green where the option is cheaper than the baseline and
    red where it is dearer (the colours of every saving in the board pack); the dashed
    line is the mean saving.

    Parameters
    ----------
    result
        A :class:`ccsim.Result`.
    baseline
        The reference option (default ``in_house`` if present, else the first option).
    options
        The options drawn, in panel order (default: every option but the baseline).
    recommended
        An option whose panel title says it is the recommended one.
    title, note
        The figure's title (default: computed) and whether to add the footnote.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> fig = ccsim.plot.saving_grid(res)
    >>> len(fig.axes)
    4
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    import matplotlib.pyplot as plt

    result = _check_result(result)
    baseline = baseline_of(result, baseline)
    opts = ([o for o in result.options if o != baseline] if options is None
            else _options(result, options))
    opts = [o for o in opts if o != baseline]
    if not opts:
        raise ValueError(f"options: no option other than the baseline {baseline!r} to draw")
    base = result.values("npv_cost", baseline)
    savings = {o: base - result.values("npv_cost", o) for o in opts}
    every = np.concatenate(list(savings.values()))
    lo, hi, _a, _b = clip_limits(every, pad=0.0)
    edges = _saving_edges(every[(every >= lo) & (every <= hi)], float(np.mean(np.abs(base))))
    n = base.size
    ncol = min(len(opts), 3 if len(opts) > 4 else 2 if len(opts) > 1 else 1)
    nrow = math.ceil(len(opts) / ncol)
    with board_style():
        fig, axs = plt.subplots(nrow, ncol, figsize=FIGSIZE, sharex=True, sharey=True,
                                layout="constrained", squeeze=False)
        top = 0.01
        for ax, o in zip(axs.flat, opts, strict=False):
            s = savings[o]
            counts, _ = np.histogram(s, bins=edges)
            share = counts / n
            top = max(top, float(share.max()))
            left, width = edges[:-1], np.diff(edges)
            pos = left >= 0
            ax.bar(left[pos], share[pos], width=width[pos], align="edge", color=_SAVE,
                   alpha=0.85, lw=0.3, edgecolor="white")
            ax.bar(left[~pos], share[~pos], width=width[~pos], align="edge", color=_MORE,
                   alpha=0.85, lw=0.3, edgecolor="white")
            ax.axvline(0.0, color="black", lw=1.0)
            mean = float(np.mean(s))
            ax.axvline(mean, color="black", lw=1.6, ls="--")
            p_save = float(np.mean(s > 0))
            tag = " (recommended)" if o == recommended else ""
            ax.set_title(f"{label(o)}{tag}\ncheaper in {fmt_pct(p_save)}, mean "
                         f"{'saving ' + fmt_money(mean) if mean >= 0 else 'extra cost ' + fmt_money(-mean)}",
                         fontsize=12, loc="left")
            set_axis_format(ax.xaxis, "money", every)
            set_axis_format(ax.yaxis, "pct")
            ax.tick_params(labelsize=10)
            ax.xaxis.set_major_locator(mpl.ticker.MaxNLocator(5))
        for ax in axs.flat[len(opts):]:
            ax.set_visible(False)
        for i, ax in enumerate(axs.flat[:len(opts)]):
            if i + ncol >= len(opts):  # the lowest panel of its column
                ax.tick_params(labelbottom=True)
                ax.set_xlabel(f"Saving vs {label(baseline)} (US$)", fontsize=11)
            if i % ncol == 0:
                ax.set_ylabel("Share of futures", fontsize=11)
        axs.flat[0].set_xlim(*_pad_limits(float(edges[0]), float(edges[-1]), 0.02))
        axs.flat[0].set_ylim(0, top * 1.12)
        best = max(opts, key=lambda o: float(np.mean(savings[o] > 0)))
        auto = (f"Saving against {label(baseline)}: {label(best)} is cheaper in "
                f"{fmt_pct(float(np.mean(savings[best] > 0)))} of futures")
        fit_suptitle(fig, auto if title is None else title)
        clipped = int(np.sum((every < edges[0]) | (every > edges[-1])))
        foot = (f"{_paths_note(result)}, every option on the same futures. Saving: the cost of "
                f"{label(baseline)} minus the option's, NPV; green where the option is cheaper, "
                "red where it is dearer; the dashed line is the mean saving." + (f" {clipped:,} savings beyond the axis are not drawn."
                                      if clipped else ""))
        _footnote(fig, foot, note)
    return fig


# ----------------------------------------------------------------------------- cost breakdown


def _component_means(result: Result, opts: list[str]) -> dict[str, dict[str, float]]:
    """``{option: {component: mean NPV}}`` for the cost components present."""

    comps = [c for c in COST_COMPONENTS if c in result.outputs]
    return {o: {c: float(np.mean(result.values(c, o))) for c in comps} for o in opts}


#: Words for the three parts of the cost, in figures.
_PART_WORDS = {"operating_cost": "operating", "incident_cost": "incident",
               "customer_cost": "customer"}


def _part_sums(row: dict[str, float]) -> dict[str, float]:
    """Component means summed into the three parts of the cost (:data:`COST_PARTS`)."""
    out = dict.fromkeys(COST_PARTS, 0.0)
    for c, v in row.items():
        out[cost_part(c)] += v
    return out


def _parts_text(row: dict[str, float]) -> str:
    """``"operating $X + incident $Y + customer $Z"`` of one option's component means."""
    return " + ".join(f"{_PART_WORDS[k]} {fmt_money(v)}" for k, v in _part_sums(row).items())


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
    comps = sorted(means[opts[0]], key=lambda c: COST_PARTS.index(cost_part(c)))
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
                    color=COMPONENT_COLORS.get(c, _GREY),
                    label=f"{_PART_WORDS[cost_part(c)].capitalize()}: {component_label(c)}",
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
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  title="Part of the cost: component")
        cheap, tie = _leader({o: result.values("npv_cost", o) for o in opts}, lower=True)
        row = means[cheap]
        if tie is not None:
            auto = (f"{label(cheap)} and {label(tie)} have about the same expected cost "
                    f"({fmt_money(totals[cheap])} vs {fmt_money(totals[tie])})")
        elif totals[cheap] > 0 and row:
            top = max(row, key=row.__getitem__)
            share = row[top] / totals[cheap]
            auto = (f"{label(cheap)} has the lowest expected cost ({fmt_money(totals[cheap])}); "
                    f"{fmt_pct(share)} of it is {_lc(component_label(top))}")
        else:
            auto = f"{label(cheap)} has the lowest expected cost ({fmt_money(totals[cheap])})"
        _title(ax, auto, title, created)
        foot = "; ".join(
            f"{label(o)} {fmt_money(totals[o])}{_pm(_se(result.values('npv_cost', o)), fmt_money)}"
            for o in opts)
        parts = "; ".join(f"{label(o)} {_parts_text(means[o])}" for o in opts)
        _footnote(ax.figure, f"{_paths_note(result)}. Mean total, 95% Monte Carlo interval: {foot}. "
                  f"In three parts (operating: cash to run the centre; incident: data breaches "
                  f"where they happen; customer: margin of customers lost): {parts}.",
                  created if note is None else note)
    return ax


def waterfall(
    result: Result,
    option: str,
    baseline: str | None = None,
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
    Each step is the mean change of one component from ``baseline`` to ``option``
    (option minus baseline: a cost bridge, so a step left lowers cost); the steps add up
    to the change of the mean totals, minus the mean saving. Components that are zero for
    both options are left out. The steps run through the operating components first,
    then incident cost (data breaches), then customer cost, and the footnote gives the
    change of each of the three parts.

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
    # an explicit baseline may be the option itself (a zero saving, drawn as such)
    baseline = baseline_of(result, baseline, option=None if baseline is not None else option)
    means = _component_means(result, [baseline, option])
    keep = [c for c in means[baseline] if means[baseline][c] != 0 or means[option][c] != 0]
    steps = {c: means[option][c] - means[baseline][c] for c in keep}
    # operating components first (largest first), then incident, then customer
    steps = dict(sorted(steps.items(),
                        key=lambda kv: (COST_PARTS.index(cost_part(kv[0])), -abs(kv[1]))))
    t0 = float(np.mean(result.values("npv_cost", baseline)))
    t1 = float(np.mean(result.values("npv_cost", option)))
    colors = option_colors(result.options)
    rows = [label(baseline), *[component_label(c) for c in steps],
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
                parts.append(f"{_lc(component_label(lo_c))} {fmt_money(steps[lo_c])}")
            if steps[hi_c] > 0:
                parts.append(f"{_lc(component_label(hi_c))} +{fmt_money(steps[hi_c])}")
            if parts:
                auto += ": " + ", ".join(parts)
        _title(ax, auto, title, created)
        d_paths = result.values("npv_cost", option) - result.values("npv_cost", baseline)
        d_parts = {k: v - _part_sums(means[baseline])[k]
                   for k, v in _part_sums(means[option]).items()}
        split = ", ".join(f"{_PART_WORDS[k]} {'+' if v > 0 else ''}{fmt_money(v)}"
                          for k, v in d_parts.items())
        foot = (f"{_paths_note(result)}, paired on common random numbers. Mean saving "
                f"(baseline minus option) {fmt_money(-diff)}{_pm(_se(d_paths), fmt_money)} "
                f"(95% Monte Carlo interval). Change by part of the cost: {split} (steps "
                "ordered operating, then incident, then customer).")
        _footnote(ax.figure, foot, created if note is None else note)
    return ax


