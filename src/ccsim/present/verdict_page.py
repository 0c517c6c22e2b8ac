"""Page 1 of the board pack: the verdict against the baseline, how sure it is, each
option's status under the appetite (pass / fail / borderline) and what would change the
decision, guesses first (drawn with the helpers of :mod:`ccsim.present.pages`).
"""

from __future__ import annotations

import math
import textwrap
from typing import TYPE_CHECKING, Any

import numpy as np

from ccsim.decide.decision import Decision
from ccsim.present.pages import (
    _BORDER,
    _FAIL,
    _NOTE,
    _PASS,
    _table,
    _text_figure,
    _wrap_lines,
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
    y = _wrap_lines(fig, 0.04, 0.84, [f"Appetite{stated}: {app.describe(base)}."],
                    bullet=False, fontsize=11, color=_NOTE, width=140, step=0.028)
    verdict = decision.verdict
    if rec is not None:
        verdict = verdict.split(". ", 1)[1] if ". " in verdict else verdict
    y = _wrap_lines(fig, 0.04, y - 0.006, [verdict, decision.certainty(), *decision.notes],
                    fontsize=11.5, width=128, step=0.03)
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
    top = y - 0.012
    n_rows = len(cells) + 1
    height = 0.034 * len(cells) + 0.075
    tab = _table(fig, top, cells, cols,
                 [0.085, 0.10, 0.085, 0.08, 0.085, 0.095, 0.125, 0.09, 0.09, 0.065, 0.08],
                 fontsize=10.5, row_h=height / n_rows)
    status_colour = {"pass": _PASS, "fail": _FAIL, "borderline": _BORDER}
    for i, (o, r) in enumerate(t.iterrows(), start=1):
        tab[i, 10].get_text().set_color(status_colour[str(r["status"])])
        if o == rec:
            for j in range(11):
                tab[i, j].set_text_props(fontweight="bold")
    y = top - height - 0.03
    lines = [f"{option_label(o)} is borderline: " + "; ".join(rs) + "."
             for o, rs in decision.borderline.items()]
    lines += [f"{option_label(o)} fails: " + "; ".join(rs) + "."
              for o, rs in decision.failures.items() if o not in decision.borderline]
    if lines:
        fig.text(0.04, y, "Options outside or near the limits", fontsize=12,
                 fontweight="bold", va="top")
        _wrap_lines(fig, 0.04, y - 0.04, lines[:4], fontsize=10, width=68, step=0.024)
    flips = decision.flips
    shown = flips[np.isfinite(flips["break_even"].astype(float))].head(4) if len(flips) \
        else flips
    if len(shown) and decision.runner_up is not None:
        x = 0.52 if lines else 0.04
        fig.text(x, y, "What would change the decision, guesses first", fontsize=12,
                 fontweight="bold", va="top")
        _wrap_lines(fig, x, y - 0.04, list(shown["brief"]), fontsize=10,
                    width=68 if lines else 150, step=0.024)
    src = {"reported": "as the model reports them",
           "components": "incident cost = data-breach losses, customer cost = margin of "
           "customers lost, operating = the rest",
           "not modelled": "incident and customer cost not modelled separately"}[
        decision.cost_source]
    fig.text(0.04, 0.01,
             textwrap.fill(f"All costs are NPV over {result.horizon} months, US$, from "
                           f"{result.n_paths:,} simulated futures, options compared on the same "
                           f"futures; savings against {option_label(base)} (positive: cheaper). "
                           f"Ranked by {stat_text(app.rank_by, app.rank_on)}. Operating cost is "
                           "cash spent to run the centre; incident cost is what data breaches "
                           "cost; customer cost is the margin of customers lost "
                           f"({src}). Probabilities are shares of the simulated futures; an "
                           "option is borderline when the 95% interval of a share contains its "
                           f"limit. P(best): paired bootstrap, {decision.n_resamples:,} "
                           "resamples. Break-evens: least squares of the paired saving on each "
                           "input's draws, 95% bootstrap interval.", 185),
             fontsize=8, color=_NOTE)
    return fig
