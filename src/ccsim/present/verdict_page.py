"""Page 1 of the board pack: the verdict against the baseline, how sure it is, each
option's status under the appetite (pass / fail / borderline) and what would change the
decision, guesses first (drawn with the helpers of :mod:`ccsim.present.pages`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from ccsim.decide.decision import Decision
from ccsim.present.pages import (
    _BORDER,
    _FAIL,
    _NOTE,
    _PASS,
    _footer,
    _grid,
    _para,
    _text_figure,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ccsim.result import Result


def _verdict_page(result: Result, decision: Decision) -> Figure:
    """Page 1: the verdict against the baseline, how sure it is, each option's status
    (pass / fail / borderline), and what would change the decision, guesses first."""
    from ccsim.decide.decision import stat_text
    from ccsim.format import fmt_money, fmt_pct, option_label

    fig = _text_figure()
    app = decision.appetite
    base = decision.baseline
    fig.text(0.04, 0.955, f"Sourcing recommendation (scenario: {result.scenario.name})",
             fontsize=15, va="top", color=_NOTE)
    rec = decision.recommended
    if rec is None:
        head, colour = "No option meets the appetite.", _FAIL
    elif decision.close_call and decision.runner_up is not None:
        head = (f"Close call: {option_label(rec)}, narrowly ahead of "
                f"{option_label(decision.runner_up)}.")
        colour = _BORDER
    else:
        head, colour = f"Choose {option_label(rec)}.", _PASS
    fig.text(0.04, 0.915, head, fontsize=22, fontweight="bold", va="top", color=colour)
    stated = " (default: no appetite was given)" if app.is_default else ""
    y = _para(fig, 0.04, 0.85, [f"Appetite{stated}: {app.describe(base)}."], bullet=False,
              fontsize=10, color=_NOTE)
    verdict = decision.verdict
    if rec is not None:
        verdict = verdict.split(". ", 1)[1] if ". " in verdict else verdict
    y = _para(fig, 0.04, y - 0.004, [verdict, decision.certainty(), *decision.notes],
              fontsize=10.5)
    t = decision.frame()
    default_rank = app.rank_on == "excess" and app.rank_by == "mean"

    def pct(v: Any) -> str:
        return "-" if math.isnan(float(v)) else fmt_pct(float(v))

    cells = []
    for o, r in t.iterrows():
        rank = (fmt_money(float(r["saving_mean"])) if default_rank
                else fmt_money(float(r["rank_value"])))
        cells.append([
            option_label(str(o)), rank, fmt_money(float(r["operating_saving"])),
            fmt_money(float(r["incident_saving"])), fmt_money(float(r["customer_saving"])),
            f"{float(r['csat_mean']):.1f} ({float(r['csat_change']):+.1f})",
            pct(r["p_csat_drop"]), pct(r["p_over_budget"]), pct(r["p_below_floor"]),
            pct(r["p_best"]), str(r["status"]),
        ])
    rank_col = (f"Mean saving\nvs {option_label(base)}" if default_rank
                else f"{app.rank_by} of {'excess' if app.rank_on == 'excess' else 'cost'}")
    drop = "-" if app.max_csat_drop is None else f"{app.max_csat_drop:g}"
    cols = ["Option", f"{rank_col}\n(ranks)", "Operating\nsaving", "Incident\nsaving",
            "Customer\nsaving", "Mean CSAT\n(change)", f"P(CSAT {drop} pts\nbelow {option_label(base)})",
            "P(cost over\nbudget)", "P(CSAT\nbelow floor)", "P(best)", "Appetite"]
    src = {"reported": "as the model reports them",
           "components": "incident cost = data-breach losses, customer cost = margin of "
           "customers lost, operating = the rest",
           "not modelled": "incident and customer cost not modelled separately"}[
        decision.cost_source]
    foot = _footer(fig, f"All costs are NPV over {result.horizon} months, US$, from "
                   f"{result.n_paths:,} simulated futures, options compared on the same "
                   f"futures; savings against {option_label(base)} (positive: cheaper). "
                   f"Ranked by {stat_text(app.rank_by, app.rank_on)}. Operating cost is "
                   "cash spent to run the centre; incident cost is what data breaches "
                   "cost; customer cost is the margin of customers lost "
                   f"({src}). Probabilities are shares of the simulated futures; an "
                   "option is borderline when the 95% interval of a share contains its "
                   f"limit. P(best): paired bootstrap, {decision.n_resamples:,} "
                   "resamples. Break-evens: least squares of the paired saving on each "
                   "input's draws, 95% bootstrap interval.", fontsize=7.5)
    # the table may take the page down to the room the two lists below need; at 9 pt
    # every word of the header fits its column
    tab, y = _grid(fig, y - 0.01, cells, cols,
                   [0.11, 0.10, 0.085, 0.075, 0.08, 0.09, 0.13, 0.095, 0.09, 0.065, 0.08],
                   fontsize=9, bottom=foot + 0.2, max_lines=3)
    status_colour = {"pass": _PASS, "fail": _FAIL, "borderline": _BORDER}
    for i, (o, r) in enumerate(t.iterrows(), start=1):
        tab[i, 10].get_text().set_color(status_colour[str(r["status"])])
        if o == rec:
            for j in range(11):
                tab[i, j].set_text_props(fontweight="bold")
    y -= 0.025
    lines = [f"{option_label(o)} is borderline: " + "; ".join(rs) + "."
             for o, rs in decision.borderline.items()]
    lines += [f"{option_label(o)} fails: " + "; ".join(rs) + "."
              for o, rs in decision.failures.items() if o not in decision.borderline]
    flips = decision.flips
    shown = flips[np.isfinite(flips["break_even"].astype(float))].head(4) if len(flips) \
        else flips
    columns: list[tuple[str, list[str], str]] = []
    if lines:
        columns.append(("Options outside or near the limits", lines[:4],
                        "{n} more; the table above gives every option's status."))
    if len(shown) and decision.runner_up is not None:
        columns.append(("What would change the decision, guesses first", list(shown["brief"]),
                        "{n} more inputs that could change the decision."))
    for k, (title, items, more) in enumerate(columns):
        x = 0.04 + 0.48 * k
        right = x + (0.44 if len(columns) == 2 else 0.92)
        fig.text(x, y, title, fontsize=11.5, fontweight="bold", va="top")
        _fitted(fig, x, y - 0.035, items, more, right=right, floor=foot + 0.01)
    return fig


def _fitted(fig: Figure, x: float, y: float, items: list[str], more: str, *,
            right: float, floor: float) -> None:
    """Bullets from ``y`` down, in the largest font from 10 to 7.5 pt that ends above
    ``floor`` (the footnote's top); at 7.5 pt the last bullets that do not fit give way to
    ``more`` with their count ``{n}``."""
    for fontsize in (10.0, 9.5, 9.0, 8.5, 8.0, 7.5):
        before = len(fig.texts)
        if _para(fig, x, y, items, fontsize=fontsize, right=right) >= floor:
            return
        for t in fig.texts[before:]:
            t.remove()
    for keep in range(len(items) - 1, -1, -1):
        rest = len(items) - keep
        shown = [*items[:keep], more.format(n=rest)]
        before = len(fig.texts)
        if _para(fig, x, y, shown, fontsize=7.5, right=right) >= floor or keep == 0:
            return
        for t in fig.texts[before:]:
            t.remove()
