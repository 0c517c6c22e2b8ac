"""The figure frame every ccsim figure is drawn in.

One set of helpers shared by all figure families: argument checks, a new 16:9 axes in
the house style, titles that fit (wrapped to the width they are drawn at), the
footnote with the Monte Carlo precision, money and percent axes, axis limits clipped
at a high quantile with the clipped futures marked at the edge, and the reference
lines (budget, target, a probability level). Labels, units and which direction is
better are read from the output registry :mod:`ccsim.outputs`.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import NDArray
from scipy.stats import gaussian_kde

from ccsim.format import option_label
from ccsim.outputs import MONTHLY, OUTPUTS
from ccsim.present.plotting._style import FIGSIZE, fmt_money, fmt_pct, money_formatter
from ccsim.result import Result
from ccsim.scenario.presets import default_scenario

__all__ = [
    "clip_limits",
    "component_label",
    "fit_suptitle",
    "lower_is_better",
    "mark_clipped",
    "metric_info",
    "monthly_info",
    "param_label",
    "reference_line",
]

F = NDArray[np.float64]

#: Short names of metrics in findings ("the lowest median cost").
_SHORT = {"npv_cost": "cost", "csat_mean": "CSAT", "csat_final": "final CSAT",
          "service_level_mean": "service level"}

_Z = 1.959963984540054  # two-sided 95% normal quantile
_SAVE = "#1B7837"  # cost decreases (waterfall, tornado low side)
_MORE = "#B2182B"  # cost increases
_GREY = "#9A9A9A"
_NOTE = "#4D4D4D"
_TITLE_WIDTH = 78  # characters per line of a figure title at 18 pt bold, 12-inch figure
_AX_TITLE_WIDTH = 60  # ... of an axes title in the user's layout, at a full-width axes
#: Quantile at which money axes are clipped (the rest is marked at the edge).
CLIP_Q = 0.995


def metric_info(metric: str) -> tuple[str, str]:
    """``(axis label with unit, kind)`` of a per-path output from :mod:`ccsim.outputs`."""
    out = OUTPUTS.get(metric)
    return (out.axis_label, out.kind) if out is not None else (metric, "number")


def monthly_info(metric: str) -> tuple[str, str]:
    """``(axis label with unit, kind)`` of a monthly metric from :mod:`ccsim.outputs`."""
    out = MONTHLY.get(metric)
    return (out.axis_label, out.kind) if out is not None else (metric, "number")


def component_label(name: str) -> str:
    """Name of a cost component without its ``", NPV"``: ``"Vendor fees"``."""
    out = OUTPUTS.get(name)
    if out is None:
        return name.replace("_", " ").capitalize()
    return out.label.removesuffix(", NPV")


def param_label(path: str, scenario: Any = None) -> str:
    """A swept input in words, with its unit and dotted path on a second line:
    ``"Hybrid: share of calls handled by the vendor\n(hybrid.vendor_share)"``.

    The description and unit come from the scenario's parameter metadata (the default
    scenario's when none is given); an unknown path is returned as it is.
    """
    if scenario is None:
        scenario = default_scenario()
    try:
        meta = {p: m for p, _, m in scenario.parameters()}.get(path)
    except (AttributeError, TypeError):  # pragma: no cover - not a Scenario
        meta = None
    if not meta or not meta.get("doc"):
        return path
    head = path.split(".")[0]
    owner = option_label(head)
    unit = f" ({meta['unit']})" if meta.get("unit") else ""
    return f"{owner}: {meta['doc']}{unit}\n({path})"


def lower_is_better(metric: str) -> bool:
    """True unless the registry says larger is better (unknown names count as costs)."""
    out = OUTPUTS.get(metric) or MONTHLY.get(metric)
    return out is None or out.direction != "higher"


def clip_limits(values: F, *, q: float = CLIP_Q, pad: float = 0.05) -> tuple[float, float, bool, bool]:
    """Axis limits holding the body of ``values``: ``(lo, hi, clipped_lo, clipped_hi)``.

    The range runs to the ``q`` and ``1 - q`` quantiles when the extremes lie far
    beyond them (by more than half the body's width), so one outlier does not
    squeeze the distribution; otherwise to the extremes. ``clipped_*`` says whether
    some values fall outside (mark them with :func:`mark_clipped`).
    """
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return 0.0, 1.0, False, False
    vmin, vmax = float(v.min()), float(v.max())
    lo, hi = vmin, vmax
    clip_lo = clip_hi = False
    if v.size >= 50:
        qlo, qhi = (float(x) for x in np.quantile(v, [1.0 - q, q]))
        body = qhi - qlo
        if body > 0 and vmax - qhi > 0.5 * body:
            hi, clip_hi = qhi, True
        if body > 0 and qlo - vmin > 0.5 * body:
            lo, clip_lo = qlo, True
    a, b = _pad_limits(lo, hi, pad)
    return a, b, clip_lo, clip_hi


def mark_clipped(ax: Axes, values: F, lo: float, hi: float, y: float | None = None,
                 *, color: str = "black", fmt: Any = fmt_money) -> int:
    """Mark the values outside ``[lo, hi]`` at the axis edge: a triangle and a count.

    With ``y`` the marks sit at that height (data coordinates); otherwise at the bottom
    of the axes. Returns the number of values marked.
    """
    v = np.asarray(values, dtype=np.float64)
    n_marked = 0
    for side, mask, x, ha, marker in (("hi", v > hi, hi, "right", ">"), ("lo", v < lo, lo, "left", "<")):
        k = int(np.sum(mask))
        if k == 0:
            continue
        n_marked += k
        extreme = float(v[mask].max() if side == "hi" else v[mask].min())
        trans = ax.get_xaxis_transform() if y is None else ax.transData
        yy = 0.03 if y is None else y
        ax.plot([x], [yy], marker=marker, ms=9, color=color, transform=trans, clip_on=False,
                ls="none", zorder=6)
        ax.annotate(f"{k:,} beyond, up to {fmt(extreme)}" if side == "hi"
                    else f"{k:,} beyond, down to {fmt(extreme)}",
                    (x, yy), xycoords=trans, xytext=(-8 if side == "hi" else 8, 7),
                    textcoords="offset points", ha=ha, va="bottom", fontsize=10, color=color)
    return n_marked


def reference_line(ax: Axes, value: float, *, axis: str = "x", label: str | None = None,
                   ls: str = "--", color: str = "black", lw: float = 1.5) -> Any:
    """A reference line (budget, target, probability level) with its legend label."""
    if axis == "x":
        return ax.axvline(value, color=color, lw=lw, ls=ls, label=label)
    return ax.axhline(value, color=color, lw=lw, ls=ls, label=label)



def _check_result(result: Any) -> Result:

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
    return metric_info(metric)


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
        fit_suptitle(fig, text)
    else:
        t = ax.set_title(textwrap.fill(text, _title_width(ax)), loc="left")
        _shrink_to_fit(t, text, _title_width(ax), float(ax.get_position().width))


def fit_suptitle(fig: Figure, text: str, frac: float = 0.94) -> None:
    """The figure title, wrapped so that every line fits inside ``frac`` of the figure's
    width (default: the figure with a margin, as small dpi renders text wider; less when
    a legend sits at the top right)."""
    t = fig.suptitle(textwrap.fill(text, _TITLE_WIDTH), x=0.008, ha="left")
    _shrink_to_fit(t, text, _TITLE_WIDTH, frac)


def _shrink_to_fit(t: Any, text: str, width: int, frac: float) -> None:
    """Rewrap ``t`` with fewer characters per line until its rendered width is at most
    ``frac`` of the figure width (character counts alone misjudge bold capitals)."""
    fig = t.get_figure(root=True)
    if not isinstance(fig, Figure):  # pragma: no cover
        return
    try:
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    except AttributeError:  # pragma: no cover - backends without a renderer
        return
    limit = frac * fig.bbox.width
    while width > 20 and t.get_window_extent(renderer).width > limit:
        width -= 3
        t.set_text(textwrap.fill(text, width))


def _title_width(ax: Axes) -> int:
    """Characters per title line that fit over ``ax`` (two axes side by side: half)."""
    fig = ax.get_figure(root=True)
    if not isinstance(fig, Figure):  # pragma: no cover
        return _AX_TITLE_WIDTH
    frac = float(ax.get_position().width) / 0.775  # 0.775: a lone subplot's width
    width_in = float(fig.get_figwidth()) / FIGSIZE[0]
    return max(24, min(_AX_TITLE_WIDTH, int(_AX_TITLE_WIDTH * frac * width_in)))


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

    if v.size > 20_000:  # the first paths are an iid sample of all of them
        v = v[:20_000]
    try:
        return np.asarray(gaussian_kde(v)(grid), dtype=np.float64)
    except (np.linalg.LinAlgError, ValueError):  # pragma: no cover - near-singular data
        return None


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


