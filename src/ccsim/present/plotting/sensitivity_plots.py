"""Figures of sensitivity tables: the tornado chart and the sweep figures."""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ccsim.present.plotting._style import (
    board_style,
    fmt_pct,
    label,
    option_colors,
    set_axis_format,
)
from ccsim.present.plotting.frame import (
    _Z,
    _check_frame,
    _fmt_for,
    _footnote,
    _lc,
    _new_axes,
    _pad_limits,
    _title,
    _value_text,
    metric_info,
    param_label,
    reference_line,
)
from ccsim.run.sweep import FRAME_COLUMNS, SweepResult
from ccsim.sensitivity.drivers import TORNADO_COLUMNS, Tornado

if TYPE_CHECKING:
    pass

__all__ = [
    "SWEEP_COLUMNS",
    "SWEEP_REQUIRED",
    "TORNADO_COLUMNS",
    "sweep_heatmap",
    "sweep_lines",
    "tornado",
]

#: Statistic columns of the sweep table (``SweepResult.frame()``); every other column
#: except ``point`` and ``option`` is a swept parameter.
SWEEP_COLUMNS = FRAME_COLUMNS
_TIE = -2  # heatmap cell where two or more options have exactly the same mean cost
_TIE_COLOR = "#BBBBBB"
#: Statistic columns a sweep table must have to be drawn (the three parts of the
#: cost may be absent, e.g. in a table written before it existed).
SWEEP_REQUIRED = tuple(
    c for c in FRAME_COLUMNS
    if c not in ("operating_cost_mean", "incident_cost_mean", "customer_cost_mean")
)

# ----------------------------------------------------------------------------- tornado


def _tornado_table(table: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The tornado table and its metadata: the fields of a
    :class:`ccsim.sensitivity.Tornado`, or a frame's ``attrs`` (``Tornado.frame()``, or a
    table of an earlier version)."""
    if isinstance(table, Tornado):
        meta = {"option": table.option, "metric": table.metric, "stat": table.stat,
                "baseline": table.baseline, "n_paths": table.n_paths, "low": table.low,
                "high": table.high}
        return _check_frame(table.table, "table", TORNADO_COLUMNS), meta
    table = _check_frame(table, "table", TORNADO_COLUMNS)
    return table, dict(table.attrs)


def tornado(
    table: Tornado | pd.DataFrame,
    *,
    max_inputs: int = 10,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
) -> Axes:
    """Tornado chart of a :func:`ccsim.sensitivity.tornado` result.

    Parameters
    ----------
    table
        A :class:`ccsim.sensitivity.Tornado` (its fields say what is drawn: ``option``,
        ``metric``, ``stat``, ``baseline`` -- the table is then of the saving against
        it, positive = better --, ``n_paths``, ``low``, ``high``), or a DataFrame with
        the columns :data:`TORNADO_COLUMNS`, one row per input, whose ``attrs`` may hold
        the same keys (``Tornado.frame()`` gives one).
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
    table, attrs = _tornado_table(table)
    if isinstance(max_inputs, bool) or not isinstance(max_inputs, (int, np.integer)) or max_inputs < 1:
        raise ValueError(f"max_inputs = {max_inputs!r} must be an integer >= 1")
    metric = str(attrs.get("metric", "npv_cost"))
    stat = str(attrs.get("stat", "mean"))
    option = attrs.get("option")
    baseline = attrs.get("baseline")
    versus = attrs.get("versus")  # tables of ccsim < 0.2: option minus versus
    lo_q, hi_q = attrs.get("low"), attrs.get("high")
    kind = metric_info(metric)[1]
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
        mlabel = metric_info(metric)[0]
        who = label(str(option)) if option is not None else ""
        if baseline is not None:
            who = f"saving of {who} vs {label(str(baseline))}"
            ax.set_xlabel(f"{stat.capitalize()} {who} in {_lc(mlabel)}")
            who = who[:1].upper() + who[1:]
        else:
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
    "saving": ("saving_mean", "Mean saving vs baseline, NPV (US$)", "money", "max"),
    "p_saving": ("p_saving", "Chance of saving vs baseline (% of futures)", "pct", "max"),
    "p_cheapest": ("p_cheapest", "Chance of being cheapest (% of futures)", "pct", "max"),
}


def _sweep_table(frame: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The sweep table and its metadata (``baseline``, ``n_paths``, ``seed``): read from
    the fields of a :class:`ccsim.run.sweep.SweepResult`, or from a frame's ``attrs``."""
    if isinstance(frame, SweepResult):
        meta = {"baseline": frame.baseline, "n_paths": frame.n_paths,
                "seed": frame.seed.entropy, "scenario": frame.scenario}
        return frame.data.copy(), meta
    frame = _check_frame(frame, "frame", ("point", "option", *SWEEP_REQUIRED))
    return frame, dict(frame.attrs)


def sweep_lines(
    frame: pd.DataFrame | SweepResult,
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
        A :class:`~ccsim.run.sweep.SweepResult` (its fields give the baseline, paths and
        seed) or its table ``SweepResult.frame()``: columns ``point``, the swept
        parameters, ``option`` and :data:`SWEEP_COLUMNS`.
    x
        The swept parameter on the x axis (default: the only one).
    y
        ``"cost"`` (mean, band p05-p95 of futures), ``"csat"`` (mean, band 95% Monte
        Carlo interval), ``"saving"`` (mean paired saving vs the baseline, baseline
        minus option so positive = cheaper, 95% interval), ``"p_saving"`` or
        ``"p_cheapest"`` (95% binomial interval when ``frame.attrs["n_paths"]`` is
        known).
    options
        Options to draw (default: all; the baseline is left out for ``saving`` and
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
    ...     "p_cheapest": [0.3, 0.7, 0.2, 0.8], "saving_mean": [0, 5e6, 0, 10e6], "saving_se": 1e6,
    ...     "p_saving": [0, 0.6, 0, 0.7]})
    >>> f.attrs = {"baseline": "in_house", "n_paths": 1000, "seed": 1}
    >>> ax = ccsim.plot.sweep_lines(f)
    >>> ax.get_xlabel().splitlines()
    ['Demand: growth of fresh volume (per year)', '(demand.trend_annual)']
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    frame, meta = _sweep_table(frame)
    params = _sweep_params(frame)
    if y == "diff":
        warnings.warn("sweep_lines(y='diff') is now y='saving' (baseline minus option, "
                      "positive = cheaper)", DeprecationWarning, stacklevel=2)
        y = "saving"
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
    baseline_name = meta.get("baseline")
    if y == "saving" and baseline_name is not None:
        ylab = f"Mean saving vs {label(str(baseline_name))}, NPV (US$)"
    baseline = meta.get("baseline")
    all_opts = list(dict.fromkeys(frame["option"].astype(str)))
    if options is None:
        opts = [o for o in all_opts if not (y in ("saving", "p_saving") and o == baseline)]
    else:
        opts = [options] if isinstance(options, str) else list(options)
        bad = [o for o in opts if o not in all_opts]
        if bad or not opts:
            raise ValueError(f"options {bad or opts} are not in the sweep; it has {all_opts}")
    if not opts:
        raise ValueError("no option left to draw (only the baseline is in the sweep)")
    n_paths = meta.get("n_paths")
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
            elif y in ("csat", "saving"):
                se = d["csat_se" if y == "csat" else "saving_se"].to_numpy(float)
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
            top = vals.min() if better == "min" else vals.max()
            tied = [str(o) for o in vals.index[vals == top]]
            # the one tie rule (as summary's p_cheapest and regret): a tie is no winner
            best_at[xv_] = tied[0] if len(tied) == 1 else "a tie of " + " and ".join(
                label(o) for o in tied)
        if y == "saving":
            reference_line(ax, 0.0, axis="y", color="black", lw=1.2)
        ax.set_xlabel(param_label(x, meta.get("scenario")))
        ax.set_ylabel(ylab)
        set_axis_format(ax.yaxis, kind, sub_all[col].to_numpy(float))
        band = {"cost": "band: p05-p95 of futures"}.get(y, "band: 95% Monte Carlo interval")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), title=band)
        word = {"cost": "lowest mean cost", "csat": "highest mean CSAT",
                "saving": "largest mean saving", "p_saving": "highest chance of saving",
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
        if meta.get("seed") is not None:
            foot += f" (seed {meta['seed']})"
        foot += f", common random numbers across points and options; {band}."
        if y in ("cost", "csat", "saving"):
            sec = {"cost": "cost_se", "csat": "csat_se", "saving": "saving_se"}[y]
            foot += f" Largest 95% interval of a mean: ±{fmt(_Z * float(sub_all[sec].max()))}."
        _footnote(ax.figure, foot, created if note is None else note)
    return ax


def sweep_heatmap(
    frame: pd.DataFrame | SweepResult,
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
        A :class:`~ccsim.run.sweep.SweepResult` or its table ``SweepResult.frame()``,
        over (at least) two parameters.
    x, y
        The parameters on the axes (default: the two swept parameters).
    value
        ``"cheapest"`` (the option with the lowest mean cost in each cell, in its
        colour) or a statistic column (``p_saving``, ``saving_mean``, ``cost_mean``,
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
    ...              p_cheapest=0.5, saving_mean=0.0, saving_se=0.0, p_saving=0.5)
    ...         for i, (a, b) in enumerate(itertools.product([1, 2], [3, 4]))
    ...         for o, c in (("in_house", 10.0 * a), ("offshore", 5.0 * b))]
    >>> ax = ccsim.plot.sweep_heatmap(pd.DataFrame(rows))
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    frame, meta = _sweep_table(frame)
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
                elif c == best[i, j]:  # exactly equal means: a tie, no winner (grey)
                    grid[i, j] = _TIE

            cmap = ListedColormap([colors[o] for o in all_opts])
            masked = np.ma.masked_less(grid, 0)
            ax.pcolormesh(np.arange(xs.size + 1), np.arange(ys.size + 1), masked, cmap=cmap,
                          vmin=-0.5, vmax=len(all_opts) - 0.5, edgecolors="white", linewidth=1)
            ties = np.ma.masked_not_equal(grid, _TIE)
            if ties.count():
                ax.pcolormesh(np.arange(xs.size + 1), np.arange(ys.size + 1), ties,
                              cmap=ListedColormap([_TIE_COLOR]), edgecolors="white", linewidth=1)
            present = [all_opts[i] for i in sorted(set(grid[grid >= 0].ravel().tolist()))]
            handles = [Patch(color=colors[o], label=label(o)) for o in present]
            if ties.count():
                handles.append(Patch(color=_TIE_COLOR, label="Tie (equal means)"))
            ax.legend(handles=handles,
                      loc="upper left", bbox_to_anchor=(1.0, 1.0), title="Lowest mean cost")
            counts = {o: int(np.sum(grid == all_opts.index(o))) for o in present}
            if counts:
                top = max(counts, key=counts.__getitem__)
                auto = (f"{label(top)} has the lowest mean cost in {counts[top]} of "
                        f"{int(np.sum(grid != -1))} combinations of {x} and {y}")
            else:
                auto = f"The options tie on mean cost in every combination of {x} and {y}"
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
            kind = "pct" if value.startswith("p_") else ("money" if value.startswith(("cost", "saving")) else "number")
            if value == "saving_mean":
                lim = float(np.nanmax(np.abs(z))) or 1.0
                cmap_name, vmin, vmax = "RdBu", -lim, lim  # blue: saves, red: costs more
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
                      "saving_mean": "Mean saving vs baseline, NPV (US$)",
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
            high = value in ("p_saving", "p_cheapest", "csat_mean", "saving_mean")
            kk = np.unravel_index(np.nanargmax(z) if high else np.nanargmin(z), z.shape)
            word = "highest" if high else "lowest"
            auto = (f"{label(option)}: {word} {_lc(vlabel.get(value, value).split(' (')[0])} "
                    f"at {x} = {xs[kk[1]]:g}, {y} = {ys[kk[0]]:g}")
            foot_extra = f"Cells: {value} of {label(option)}."
        ax.set_xticks(np.arange(xs.size) + 0.5, [f"{v:g}" for v in xs])
        ax.set_yticks(np.arange(ys.size) + 0.5, [f"{v:g}" for v in ys])
        ax.set_xlim(0, xs.size)
        ax.set_ylim(0, ys.size)
        ax.grid(False)
        ax.set_xlabel(param_label(x, meta.get("scenario")))
        ax.set_ylabel(param_label(y, meta.get("scenario")))
        _title(ax, auto, title, created)
        n_paths = meta.get("n_paths")
        foot = foot_extra + (f" {int(n_paths):,} paths per point" if n_paths else "")
        if meta.get("baseline") is not None:
            foot += f"; baseline {label(str(meta['baseline']))}"
        _footnote(ax.figure, foot + ".", created if note is None else note)
    return ax


