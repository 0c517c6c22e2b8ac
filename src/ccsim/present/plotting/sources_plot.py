"""Where the uncertainty comes from: one bar per group of inputs, coloured by kind.

Examples
--------
>>> import ccsim
>>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=512, seed=1)
>>> ax = res.plot.uncertainty_sources("offshore", "in_house", n_resamples=50)
>>> "of the uncertainty in Offshore's saving is" in ax.figure.get_suptitle()
True
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from ccsim.format import fmt_pct
from ccsim.present.plotting._style import board_style, label
from ccsim.present.plotting.frame import _check_result, _footnote, _new_axes, _option, _title
from ccsim.sensitivity.sources import UncertaintySources, uncertainty_sources

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = ["KIND_COLORS", "uncertainty_sources_plot"]

#: One colour per kind of source (Tableau 10), the same in every figure.
KIND_COLORS = {
    "judgement": "#E15759",
    "future": "#4E79A7",
    "fact": "#59A14F",
    "noise": "#BAB0AC",
}
_KIND_WORDS = {"judgement": "Judgement (no published figure)", "future": "Future (sourced range)",
               "fact": "Fact of your centre (measurement error)",
               "noise": "Noise (shocks, breach events, monthly variation)"}


def uncertainty_sources_plot(
    result: Result | UncertaintySources,
    option: str | None = None,
    baseline: str | None = None,
    *,
    max_sources: int = 10,
    ax: Axes | None = None,
    title: str | None = None,
    note: bool | None = None,
    **kw: Any,
) -> Axes:
    """Horizontal bars: the share of the spread of ``option``'s cost (or of its saving
    against ``baseline``) from each group of inputs, with its bootstrap interval.

    Parameters
    ----------
    result
        A :class:`ccsim.Result` (the sources are computed with
        :func:`ccsim.sensitivity.sources.uncertainty_sources`, ``**kw`` passed on), or
        an :class:`~ccsim.sensitivity.sources.UncertaintySources` already computed.
    option, baseline
        The option, and the baseline of its saving (None: the option's own cost).
    max_sources
        Show the largest sources (at most this many; the rest are summed in a note).
    ax, title, note
        As in :func:`ccsim.plot.distribution`.

    Returns
    -------
    matplotlib.axes.Axes
        The title states the biggest source as a sentence.
    """
    if isinstance(result, UncertaintySources):
        src = result
    else:
        res = _check_result(result)
        if option is None:
            raise ValueError("option is required to compute the uncertainty sources")
        _option(res, option, "option")
        src = uncertainty_sources(res, option, baseline, **kw)
    if isinstance(max_sources, bool) or not isinstance(max_sources, (int, np.integer)) \
            or max_sources < 1:
        raise ValueError(f"max_sources = {max_sources!r} must be an integer >= 1")
    t = src.frame()
    a = t.attrs
    shown = t.head(int(max_sources))
    rest = float(t["share"].iloc[int(max_sources):].sum())
    with board_style():
        ax, created = _new_axes(ax)
        y = np.arange(len(shown))[::-1].astype(float)
        colors = [KIND_COLORS.get(str(k), "#555555") for k in shown["kind"]]
        share = shown["share"].to_numpy(dtype=float)
        lo = np.clip(share - shown["ci_low"].to_numpy(dtype=float), 0.0, None)
        hi = np.clip(shown["ci_high"].to_numpy(dtype=float) - share, 0.0, None)
        ax.barh(y, share, height=0.65, color=colors, xerr=np.vstack([lo, hi]),
                error_kw={"ecolor": "#333333", "capsize": 3, "lw": 1.0})
        for yy, s, h in zip(y, share, shown["ci_high"].to_numpy(dtype=float), strict=True):
            ax.text(max(s, h) + 0.01, yy, fmt_pct(s), va="center", fontsize=12)
        names = [str(s)[:1].upper() + str(s)[1:] for s in shown["source"]]
        ax.set_yticks(y, names, fontsize=12 if len(shown) > 6 else 13)
        ax.grid(False, axis="y")
        top = float(np.nanmax(shown["ci_high"].to_numpy(dtype=float)))
        ax.set_xlim(0.0, min(1.0, top + 0.12) if top < 0.88 else 1.08)
        ax.xaxis.set_major_formatter("{x:.0%}")
        ax.set_xlabel(f"Share of the spread (variance) of {src.what}")
        kinds = list(dict.fromkeys(str(k) for k in t["kind"]))
        ax.legend(handles=[Patch(color=KIND_COLORS.get(k, "#555555"), label=_KIND_WORDS.get(k, k))
                           for k in kinds], loc="lower right")
        _title(ax, src.sentence, title, created)
        vs = f" against {label(str(a['baseline']))}" if a.get("baseline") else ""
        foot = (f"{src.what[:1].upper()}{src.what[1:]}{vs}, {int(a.get('n_paths', 0)):,} "
                f"simulated futures. Each group's share: adjusted R\u00b2 of an additive "
                f"fit on its inputs; noise: what all inputs together leave unexplained. "
                f"Raw shares summed to {float(a.get('raw_sum', 1.0)):.2f} "
                f"({100 * float(a.get('level', 0.95)):g}% interval "
                f"{float(a.get('raw_sum_low', 1.0)):.2f} to {float(a.get('raw_sum_high', 1.0)):.2f})"
                f" and are scaled to 100%; bars show {100 * float(a.get('level', 0.95)):g}% "
                f"bootstrap intervals."
                + (f" {len(t) - len(shown)} smaller groups ({fmt_pct(rest, 1)}) not shown."
                   if rest > 0 or len(t) > len(shown) else ""))
        _footnote(ax.figure, foot, created if note is None else note)
    return ax
