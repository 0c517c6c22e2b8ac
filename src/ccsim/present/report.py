"""The board pack: one call writes a multi-page PDF, the same figures as PNG and CSVs.

``result.report("board-pack")`` or ``ccsim report [SCENARIO.toml] --out board-pack``
writes, into one directory:

- ``board-pack.pdf``: page 1 is the verdict: the option recommended under the
  appetite given (or a stated default appetite, :data:`ccsim.decide.decision.DEFAULT_APPETITE`),
  the options that fail it and why, operating, incident and customer cost side by side, the
  trade-off and the inputs that could flip the verdict (:func:`ccsim.decide.decision.decide`);
  page 2 the summary of every option (with jobs removed and management hours freed);
  then one page per finding (cost distributions, exceedance, paired saving of each
  option against the baseline, cost vs CSAT, cost breakdown, waterfall, CSAT,
  month-by-month fan charts, the drivers of the saving and a spider plot, where the
  uncertainty in the recommended option's saving comes from, and the
  tornado / sweep figures when given); a break-even page; one key-assumptions page in
  plain units and words; the sources;
- ``figures/NN-name.png``: the same figures, 16:9 at ``dpi`` dots per inch;
- ``summary.csv`` (:meth:`ccsim.Result.summary`), ``decision.csv``
  (:meth:`ccsim.decide.decision.Decision.frame`) and ``assumptions.csv`` (every input, the
  full list; :meth:`ccsim.Result.to_excel` writes it to Excel too).

Monte Carlo precision (how far the reported mean could move with more simulated
futures) is always worded as precision, apart from the spread of outcomes.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ccsim.assumptions import _sources_list, assumptions_table
from ccsim.conventions import baseline_of, renamed
from ccsim.decide.decision import Appetite, Decision, decide
from ccsim.sensitivity import Tornado
from ccsim.sensitivity.breakeven import Breakeven

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ccsim.result import Result

__all__ = [
    "BoardPack",
    "add_appetite_arguments",
    "appetite_from_args",
    "assumptions_table",
    "write_report",
]

_KEY_ROWS = 16
#: Fewest paths for the uncertainty-sources page (:mod:`ccsim.sensitivity.sources`).
_SOURCES_MIN_PATHS = 50


@dataclasses.dataclass(frozen=True)
class BoardPack:
    """Where :func:`write_report` put the board pack.

    Attributes
    ----------
    directory : Path
    pdf : Path
        The multi-page PDF.
    figures : tuple of Path
        The PNG figures, in page order.
    summary : Path
        ``summary.csv``: :meth:`ccsim.Result.summary`.
    assumptions : Path
        ``assumptions.csv``: :func:`assumptions_table`.
    findings : tuple of str
        The finding (title) of each figure page.
    decision : Decision or None
        The verdict on page 1 (:func:`ccsim.decide.decision.decide`).
    """

    directory: Path
    pdf: Path
    figures: tuple[Path, ...]
    summary: Path
    assumptions: Path
    findings: tuple[str, ...]
    decision: Any = None

    def _repr_html_(self) -> str:
        verdict = "" if self.decision is None else html.escape(self.decision.verdict)
        items = "".join(f"<li>{html.escape(f)}</li>" for f in self.findings)
        return (f"<div><p><b>Board pack</b> in <code>{html.escape(str(self.directory))}</code>"
                f": {html.escape(self.pdf.name)}, {len(self.figures)} figures</p>"
                f"<p>{verdict}</p><ul>{items}</ul></div>")

    def __repr__(self) -> str:
        return (f"<ccsim.BoardPack in {self.directory}: {self.pdf.name}, "
                f"{len(self.figures)} figures, summary.csv, assumptions.csv>")


# ----------------------------------------------------------------------------- text pages


def _text_figure() -> Figure:
    from matplotlib.figure import Figure

    from ccsim.present.plotting._style import FIGSIZE

    return Figure(figsize=FIGSIZE)


_INK = "#1A1A1A"
_NOTE = "#4D4D4D"
_PASS = "#1B7837"
_FAIL = "#B2182B"
_BORDER = "#B35806"
_Z95 = 1.959963984540054


def _table(fig: Figure, top: float, cells: list[list[str]], cols: list[str],
           widths: list[float], *, fontsize: float = 11, left: float = 0.04,
           width: float = 0.92, row_h: float = 0.045, bottom: float = 0.08) -> Any:
    height = min(row_h * (len(cells) + 1), top - bottom)
    ax = fig.add_axes((left, top - height, width, height))
    ax.axis("off")
    tab = ax.table(cellText=cells, colLabels=cols, cellLoc="center", colWidths=widths,
                   bbox=(0.0, 0.0, 1.0, 1.0))  # type: ignore[arg-type]
    tab.auto_set_font_size(False)
    tab.set_fontsize(fontsize)
    two_lines = any("\n" in c for c in cols)
    for (r_, _c), cell in tab.get_celld().items():
        cell.set_edgecolor("#BBBBBB")
        if r_ == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor("#EEEEEE")
            if two_lines:  # the bbox shares its height in proportion: a taller header
                cell.set_height(1.8 * cell.get_height())
    return tab


def _wrap_lines(fig: Figure, x: float, y: float, lines: list[str], *, width: int = 125,
                fontsize: float = 12, bullet: bool = True, color: str = _INK,
                step: float = 0.033) -> float:
    for line in lines:
        wrapped = textwrap.fill(line.replace("\n", " "), width)
        fig.text(x, y, ("\N{BULLET} " if bullet else "") + wrapped, fontsize=fontsize,
                 va="top", color=color)
        y -= step * (wrapped.count("\n") + 1) + 0.006
    return y


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


# ----------------------------------------------------------------------------- layout helpers


def _chars(width: float, fontsize: float, *, bold: bool = False) -> int:
    """Characters of DejaVu Sans that fit in ``width`` (a fraction of the page's width).

    0.62 em is the advance of digits and most capitals, wider than the average letter, so
    a line wrapped to this many characters stays inside ``width``.
    """
    from ccsim.present.plotting._style import FIGSIZE

    em = 0.68 if bold else 0.62
    return max(4, int(width * FIGSIZE[0] * 72.0 / (em * fontsize)))


def _fill(text: str, n: int, max_lines: int = 6) -> str:
    """``text`` wrapped to ``n`` characters a line, its own line breaks kept."""
    out: list[str] = []
    for part in str(text).split("\n"):
        out.extend(textwrap.wrap(part, n, break_on_hyphens=False) or [""])
    if len(out) > max_lines:
        out = out[:max_lines]
        out[-1] = _clip(out[-1] + "\N{HORIZONTAL ELLIPSIS}", n)
    return "\n".join(out)


def _para(fig: Figure, x: float, y: float, lines: Sequence[str], *, fontsize: float = 11,
          right: float = 0.96, bullet: bool = True, color: str = _INK,
          weight: str = "normal") -> float:
    """Paragraphs from ``y`` down, wrapped to end before ``right``; returns the next free y."""
    from ccsim.present.plotting._style import FIGSIZE

    line_h = 1.3 * fontsize / (FIGSIZE[1] * 72.0)
    n = _chars(right - x - (0.015 if bullet else 0.0), fontsize, bold=weight == "bold")
    for line in lines:
        wrapped = _fill(line.replace("\n", " "), n, max_lines=12)
        fig.text(x, y, ("\N{BULLET} " if bullet else "") + wrapped, fontsize=fontsize,
                 va="top", color=color, fontweight=weight)
        y -= line_h * (wrapped.count("\n") + 1) + 0.4 * line_h
    return y


def _footer(fig: Figure, text: str, *, fontsize: float = 9) -> float:
    """Small print at the bottom of a text page; returns its top (figure fraction)."""
    from ccsim.present.plotting._style import FIGSIZE

    wrapped = _fill(text, _chars(0.92, fontsize), max_lines=8)
    fig.text(0.04, 0.035, wrapped, fontsize=fontsize, color=_NOTE, va="bottom")
    return 0.035 + 1.3 * fontsize * (wrapped.count("\n") + 1) / (FIGSIZE[1] * 72.0)


def _grid(fig: Figure, top: float, cells: list[list[str]], cols: list[str],
          widths: list[float], *, fontsize: float = 10.5, left: float = 0.04,
          width: float = 0.92, bottom: float = 0.1, align: Sequence[str] | None = None,
          max_lines: int = 4) -> tuple[Any, float]:
    """A table whose text wraps to its column widths, each row as tall as its text.

    ``widths`` are fractions of ``width`` (they are normalised to sum to 1). The font
    shrinks (to 7 pt at least) until the table fits between ``top`` and ``bottom``.
    Returns the table and the y of its bottom edge.
    """
    from matplotlib.table import Table

    from ccsim.present.plotting._style import FIGSIZE

    total_w = float(sum(widths))
    widths = [w / total_w for w in widths]
    align = list(align) if align is not None else ["center"] * len(cols)
    while True:
        line = 1.25 * fontsize / (FIGSIZE[1] * 72.0)
        rows = []
        for r, row in enumerate([cols, *cells]):
            rows.append([_fill(t, _chars(0.9 * w * width, fontsize, bold=r == 0), max_lines)
                         for t, w in zip(row, widths, strict=True)])
        heights = [(max(t.count("\n") + 1 for t in row) + 0.8) * line for row in rows]
        total = float(sum(heights))
        if total <= top - bottom or fontsize <= 7.0:
            break
        fontsize -= 0.5
    ax = fig.add_axes((left, top - total, width, total))
    ax.axis("off")
    tab = Table(ax, bbox=(0.0, 0.0, 1.0, 1.0))  # type: ignore[arg-type]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = tab.add_cell(r, c, widths[c], heights[r] / total, text=text,
                                loc="center" if r == 0 else align[c])
            cell.PAD = 0.04
            cell.set_edgecolor("#BBBBBB")
            if r == 0:
                cell.set_text_props(fontweight="bold")
                cell.set_facecolor("#EEEEEE")
    tab.auto_set_font_size(False)
    tab.set_fontsize(fontsize)
    ax.add_table(tab)
    return tab, top - total


# ----------------------------------------------------------------------------- the centre


def _centre_facts(result: Result) -> dict[str, float]:
    """The user's key inputs: agents (month-0 plan), handle time, calls a month, months."""
    from ccsim.dist import as_distribution, is_uncertain
    from ccsim.run.sizing import month0_plan

    sc = result.scenario

    def central(path: str) -> float:
        v = sc.get(path)
        return float(as_distribution(v).mean()) if is_uncertain(v) else float(v)

    facts = {"aht_s": central("service.aht_s"), "volume": central("demand.base_volume"),
             "months": float(result.horizon)}
    try:
        facts["agents"] = float(month0_plan(sc))
    except (ValueError, RuntimeError, KeyError):  # pragma: no cover - an exotic scenario
        pass
    return facts


def _centre_text(result: Result) -> str:
    """``Scenario "Leeds": 60 agents, 420 s handle time, 36 months, 512 simulations``."""
    from ccsim.format import fmt_count

    f = _centre_facts(result)
    parts = [f"{fmt_count(f['agents'])} agents"] if "agents" in f else []
    parts += [f"{fmt_count(f['volume'])} calls a month", f"{f['aht_s']:.0f} s handle time",
              f"{f['months']:.0f} months", f"{fmt_count(result.n_paths)} simulations"]
    return f"Scenario \N{LEFT DOUBLE QUOTATION MARK}{result.scenario.name}" \
           f"\N{RIGHT DOUBLE QUOTATION MARK}: " + ", ".join(parts)


# ----------------------------------------------------------------------------- text pages


def _summary_page(result: Result, findings: list[str], baseline: str,
                  recommended: str | None = None) -> Figure:
    """Page 2: the centre, every option's outcomes, the key findings, plain definitions."""
    from ccsim.format import fmt_count, fmt_money, fmt_pct
    from ccsim.format import option_label as label

    fig = _text_figure()
    fig.text(0.04, 0.95, "What each option leads to", fontsize=20, fontweight="bold",
             va="top")
    y = _para(fig, 0.04, 0.885, [
        f"{_centre_text(result)}. Costs are in US$, discounted to today over the "
        f"{result.horizon} months, every option compared with {label(baseline)} on the same "
        "simulated conditions."], fontsize=11.5, bullet=False, color=_NOTE)
    s = result.summary()
    out = result.outputs
    cells = []
    for i, (o, r) in enumerate(s.iterrows()):
        name = label(str(o)) + (" (recommended)" if o == recommended else
                                " (today)" if o == baseline else "")
        vendor = o != baseline
        cells.append([
            name, fmt_money(float(r["cost_mean"])),
            f"\N{PLUS-MINUS SIGN}{fmt_money(_Z95 * float(r['cost_se']))}",
            f"{fmt_money(float(r['cost_p05']))} to {fmt_money(float(r['cost_p95']))}",
            fmt_money(float(r["cost_cvar95"])), fmt_pct(float(r["p_cheapest"])),
            f"{float(r['csat_mean']):.1f}", fmt_pct(float(r["service_level_mean"])),
            fmt_pct(float(r["p_exit"])) if vendor else "-",
            fmt_count(float(np.mean(out["local_jobs_removed"][i]))) if vendor else "-",
            fmt_count(float(np.mean(out["mgmt_hours_freed"][i]))) if vendor else "-",
        ])
    cols = ["Option", "Average cost", "Precision of the average", "Cost in 90% of simulations",
            "Average of the worst 5%", "Chance of being cheapest", "Average CSAT",
            "Service level", "Chance of an early exit", "Local jobs removed",
            "Management hours freed"]
    foot_top = _footer(fig, (
        "Precision of the average: how far the average could still move with more "
        "simulations (95% interval), not the business uncertainty, which is the 90% range. "
        "Average of the worst 5%: the average cost of the 5% most expensive simulations. "
        "CSAT: customer satisfaction, 0-100 points. Service level: share of calls answered "
        "within the target time, averaged over the months. Early exit: the vendor "
        "contract is ended for a quality breach or a vendor failure. Local jobs removed and "
        "management hours freed: against running the centre in-house today."))
    tab, y = _grid(fig, y - 0.01, cells, cols,
                   [0.15, 0.08, 0.09, 0.13, 0.08, 0.09, 0.07, 0.07, 0.08, 0.07, 0.11],
                   fontsize=10, bottom=foot_top + 0.2)
    for (r_, _c), cell in tab.get_celld().items():
        if r_ > 0 and list(s.index)[r_ - 1] == recommended:
            cell.set_text_props(fontweight="bold")
    if findings:
        fig.text(0.04, y - 0.03, "Key findings", fontsize=13, fontweight="bold", va="top")
        y = y - 0.075
        for f in findings[:6]:
            if y < foot_top + 0.05:
                break
            y = _para(fig, 0.05, y, [f], fontsize=10.5)
    return fig


def _breakeven_page(result: Result, rows: list[dict[str, str]], box_text: str) -> Figure:
    """Where the choice would change: the break-even value of the top inputs."""
    fig = _text_figure()
    fig.text(0.04, 0.95, "Break-even: where the choice would change", fontsize=20,
             fontweight="bold", va="top")
    foot_top = _footer(fig, (
        "Estimated from this run: the simulations are sorted by the input and cut into ten "
        "groups; the break-even is where the average saving in a group crosses zero (other "
        "inputs vary as simulated). Re-simulated: the input is fixed at each value and the "
        "options are simulated again on the same random numbers; the \N{PLUS-MINUS SIGN} is "
        "the simulation precision. Chance: how likely the input is to lie on the losing side "
        "under its assumed range."))
    y = 0.87
    if rows:
        cells = [[r["option"], r["input"], r["value"], r["side"], r["chance"], r["how"]]
                 for r in rows]
        _tab, y = _grid(fig, 0.87, cells, ["Option against", "Input", "Break-even value",
                                           "Stops paying when the input is",
                                           "Chance of that (assumed range)", "How found"],
                        [0.17, 0.27, 0.17, 0.12, 0.12, 0.15], fontsize=10.5,
                        bottom=foot_top + 0.12,
                        align=["left", "left", "center", "center", "center", "left"])
        y -= 0.05
    else:
        fig.text(0.04, 0.87, "No top input moves the average saving across zero within its "
                 "range.", fontsize=12, va="top")
        y = 0.8
    if box_text:
        fig.text(0.04, y, "What the simulations in which it loses have in common",
                 fontsize=13, fontweight="bold", va="top")
        _para(fig, 0.05, y - 0.045, [_plain_text(box_text)], fontsize=11)
    return fig


def _key_assumptions_page(result: Result, inputs: list[str]) -> Figure:
    """The inputs that matter most, in their own units, with their sources."""
    from ccsim.assumptions import key_assumptions

    t = key_assumptions(result.scenario, inputs)
    src = assumptions_table(result.scenario).set_index("input")["source"]
    fig = _text_figure()
    fig.text(0.04, 0.95, "Key assumptions: the inputs that matter most here", fontsize=20,
             fontweight="bold", va="top")
    foot_top = _footer(fig, (
        "The inputs most closely tied to the recommended option's saving, in their own "
        "units. Uncertain inputs take a new value in each simulation; a range is where 90% "
        "of those values fall. Every input, with its distribution, meaning and source, is in "
        "assumptions.csv and the Excel workbook; the appendix maps these names to the "
        "model's input keys."))
    cells = [[str(r["assumption"]), str(r["value"]), str(src.get(r["input"], ""))]
             for _, r in t.iterrows()]
    _grid(fig, 0.88, cells, ["Assumption", "Value (median and 90% range)", "Source"],
          [0.27, 0.37, 0.36], fontsize=9.5, left=0.02, width=0.96, bottom=foot_top + 0.01,
          align=["left", "left", "left"], max_lines=2)
    return fig


def _uncertainty_page(result: Result, focus: str, baseline: str) -> Any:
    """Where the uncertainty in ``focus``'s saving against ``baseline`` comes from: the
    share from each group of inputs (by kind and topic) and from noise."""
    from ccsim.present.plotting.sources_plot import uncertainty_sources_plot

    return uncertainty_sources_plot(result, focus, baseline)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "\N{HORIZONTAL ELLIPSIS}"


def _input_keys_page(result: Result, inputs: Sequence[str]) -> Figure:
    """Appendix: the plain name of each input named in the pack and its key in the model."""
    from ccsim.assumptions import key_assumptions

    t = key_assumptions(result.scenario, list(dict.fromkeys(inputs)))
    fig = _text_figure()
    fig.text(0.04, 0.95, "Appendix: input keys", fontsize=18, fontweight="bold", va="top")
    _para(fig, 0.04, 0.895, [
        "The model's key of every input this pack names, to change it in a scenario file or "
        "find it in assumptions.csv and the Excel workbook (which list all inputs)."],
        bullet=False, color=_NOTE, fontsize=11)
    cells = [[str(r["assumption"]), str(r["input"]), str(r["kind"]), str(r["meaning"])]
             for _, r in t.iterrows()]
    _grid(fig, 0.84, cells, ["Input", "Key", "Kind", "Meaning"], [0.28, 0.28, 0.08, 0.36],
          fontsize=9, bottom=0.04, align=["left", "left", "center", "left"], max_lines=2)
    return fig


#: The glossary: every term of statistics the pack uses, in words.
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Simulation", "One possible course of the next months: demand, prices, staff turnover, "
                   "incidents and the other uncertain inputs drawn at random. Every option is "
                   "run on the same simulations, so differences are due to the option."),
    ("Baseline", "The option every other one is compared with: running the centre in-house "
                 "today, unless another is chosen."),
    ("Cost", "Everything the option costs over the horizon, discounted to today (net "
             "present value, US$): operating cost, incident cost and customer cost."),
    ("Saving", "Baseline cost minus the option's cost in the same simulation: positive when "
               "the option is cheaper."),
    ("Average, median", "The average is the mean over all simulations; the median is the "
                        "middle value (half the simulations cost less)."),
    ("Range of 90%", "The values between which 90% of the simulations fall (from the 5th to "
                     "the 95th percentile)."),
    ("Average of the worst 5%", "The average cost of the 5% most expensive simulations, a "
                                "measure of the downside (also called CVaR 95%)."),
    ("Precision", "How far an average could still move if many more simulations were run "
                  "(a 95% interval). It shrinks with more simulations; the business "
                  "uncertainty does not."),
    ("Chance", "The share of simulations in which something happens."),
    ("CSAT", "Customer satisfaction, 0 to 100 points."),
    ("Service level", "The share of calls answered within the target time."),
    ("Driver", "An input whose value moves the saving. Its strength is how closely the "
               "saving follows the input's rank across simulations (rank correlation, "
               "-1 to 1)."),
    ("Break-even", "The value of an input at which the option stops saving money."),
    ("Kind of input", "In the appendix: a fact is measured at your centre today; a future "
                      "is how the world may change (prices, wages, demand); a judgement is "
                      "an estimate with no published figure."),
    ("Colours", "Green: cheaper or better than the baseline; red: dearer or worse. Each "
                "option keeps one colour in the figures that compare options."),
)


def _glossary_page() -> Figure:
    fig = _text_figure()
    fig.text(0.04, 0.95, "Glossary", fontsize=18, fontweight="bold", va="top")
    _grid(fig, 0.88, [[t, d] for t, d in GLOSSARY], ["Term", "Meaning"], [0.2, 0.8],
          fontsize=9.5, bottom=0.03, align=["left", "left"], max_lines=3)
    return fig


def _sources_pages() -> list[Figure]:
    pages: list[Figure] = []
    srcs = _sources_list()
    if srcs:
        fig = _text_figure()
        fig.text(0.04, 0.95, "Appendix: sources of the default calibration", fontsize=18,
                 fontweight="bold", va="top")
        y = _para(fig, 0.05, 0.88, srcs, fontsize=10.5)
        _para(fig, 0.04, y - 0.02, [
            "Values marked 'estimate' have no published figure; they are given wide ranges "
            "so that the analysis of drivers shows their influence."], bullet=False,
            color=_NOTE, fontsize=10.5)
        pages.append(fig)
    return pages


# ----------------------------------------------------------------------------- plain words


#: Words of statistics and code in the figures' small print, and their plain replacement
#: in the board pack (the figures drawn outside the pack keep the analyst's words).
_PLAIN: tuple[tuple[str, str], ...] = (
    (r"\(p05-p95\)", ""), (r"\(p50\)", ""), (r"\bp05-p95\b", "middle 90%"),
    (r"\bp25-p75\b", "middle 50%"), (r"\bp10-p90\b", "middle 80%"),
    (r",? ?Fisher z,? ?", " "), (r"\bPRIM\b", "a search of the simulations"),
    (r"\bCVaR ?95%?", "average of the worst 5%"),
    (r"common random numbers", "the same random draws"),
    (r"\bMonte Carlo interval\b", "precision interval"), (r"\bMonte Carlo\b", "simulation"),
    (r"\bthe paths\b", "the simulations"), (r"\bpaths\b", "simulations"),
    (r"\bsimulated futures\b", "simulations"), (r"\bsimulated future\b", "simulation"),
    (r"\bfutures\b", "simulations"), (r"\bFutures\b", "Simulations"),
    (r"\ba future\b", "a simulation"), (r"\bper future\b", "per simulation"),
    (r"\bevery future\b", "every simulation"),
    # a bare "future" is a kind of input (fact, future, judgement) and stays
    (r"\(seed \d+\)", ""), (r" {2,}", " "), (r" ([,.)])", r"\1"),
)


def _plain_text(text: str) -> str:
    import re

    for pat, rep in _PLAIN:
        text = re.sub(pat, rep, text)
    return text


def _plain_words(fig: Figure) -> None:
    """Every text of a figure page in plain words (:data:`_PLAIN`)."""
    from matplotlib.text import Text

    for t in fig.findobj(Text):
        s = t.get_text()
        if s:
            new = _plain_text(s)
            if new != s:
                t.set_text(new)


def _stamp(fig: Figure, header: str, page: int, pages: int) -> None:
    """The running header: the scenario and the user's centre, and the page number."""
    fig.text(0.008, 0.995, _clip(header, 150), fontsize=8, color=_NOTE, va="top",
             ha="left")
    fig.text(0.992, 0.995, f"page {page} of {pages}", fontsize=8, color=_NOTE, va="top",
             ha="right")


def _room_on_top(fig: Figure, strip: float = 0.03) -> None:
    """Move a figure's title and axes down by ``strip`` to make room for the header."""
    st = getattr(fig, "_suptitle", None)
    top = 1.0 - strip
    if st is not None and st.get_text():
        st.set_y(top - 0.005)
        st.set_va("top")
        st._autopos = False  # constrained layout leaves it where it is now
        try:
            renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
            top -= 0.005 + st.get_window_extent(renderer).height / fig.bbox.height + 0.012
        except AttributeError:  # pragma: no cover - a canvas without a renderer
            top -= 0.1
    for leg in fig.legends:  # a legend of the whole figure hangs from the top right
        leg.set_bbox_to_anchor((0.0, 0.0, 1.0, 1.0 - strip), transform=fig.transFigure)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        x0, y0, w, _h = (float(v) for v in (engine.get().get("rect") or (0, 0, 1, 1)))
        try:
            engine.set(rect=(x0, y0, w, top - y0))  # type: ignore[call-arg]
        except TypeError:  # pragma: no cover - a layout engine without rect
            pass
    else:
        fig.subplots_adjust(top=min(fig.subplotpars.top, top - 0.04))


# ----------------------------------------------------------------------------- the pack


def _bind(func: Callable[..., Any], *args: Any, **kw: Any) -> Callable[[], Any]:
    return lambda: func(*args, **kw)


def _check_number(name: str, value: Any, lo: float, hi: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number or None, got {value!r}")
    v = float(value)
    if not (math.isfinite(v) and lo <= v <= hi):
        raise ValueError(f"{name} = {value!r} is outside the allowed range [{lo:g}, {hi:g}]")
    return v


@dataclasses.dataclass
class _Page:
    """One page of the pack: its name, figure, whether it is a figure (PNG) and where."""

    name: str
    fig: Any
    figure: bool = False
    appendix: bool = False


@renamed(csat_target="csat_floor")
def write_report(
    result: Result,
    path: str | Path,
    *,
    budget: float | None = None,
    csat_floor: float | None = None,
    baseline: str | None = None,
    option: str | None = None,
    tornado: Tornado | pd.DataFrame | None = None,
    sweep: pd.DataFrame | None = None,
    dpi: int = 150,
    appetite: Appetite | Mapping[str, Any] | None = None,
    drivers: bool = True,
    breakeven: Sequence[Breakeven] | None = None,
) -> BoardPack:
    """Write the board pack of ``result`` into the directory ``path``.

    The pack follows the decision of page 1: the pages after it compare the recommended
    option with the baseline and the runner-up. The body (about twelve pages: verdict,
    summary, cost, savings, cost against CSAT, breakdown, waterfall, CSAT, month by
    month, drivers, break-even, key assumptions) is in plain words; the appendix holds
    the details (the chance of exceeding each cost, the spider plot, the tornado and
    sweep when given, the input keys, the sources) and the glossary ends the pack. Every
    page carries the scenario's name and the user's centre (agents, handle time,
    horizon) in its running header.

    Parameters
    ----------
    result
        A :class:`ccsim.Result` (monthly trajectories add the month-by-month page).
    path
        Output directory (created if needed; files in it are overwritten).
    budget
        Cost budget in US$ (NPV over the horizon): exceedance and risk-map pages, and
        the appetite's budget when ``appetite`` gives none.
    csat_floor
        Lowest acceptable mean CSAT in points (0-100): risk-map page, and the
        appetite's CSAT floor when ``appetite`` gives none (``csat_target=`` is its
        deprecated old name).
    baseline
        Option every other option is compared with (default ``in_house`` if present,
        else the first option).
    option
        Option of the waterfall page (default: the recommended option, else the
        runner-up, else the lowest mean cost other than the baseline).
    tornado
        A tornado (:func:`ccsim.sensitivity.tornado`, or its ``.frame()``): adds its page.
    sweep
        A sweep table (``SweepResult.frame()``) over one or two parameters: adds a
        line (one parameter) or a heatmap (two) page.
    dpi
        Resolution of the PNGs, 50 to 600.
    appetite
        The appetite of page 1's verdict: an :class:`ccsim.Appetite` or a dict of its
        fields (``budget``, ``csat_floor``, ``max_p_over_budget``, ``rank_by``...).
        Without it, ``budget`` and ``csat_floor`` with the default limits, and with
        neither the stated default appetite.
    drivers
        Add the drivers page (rank correlations of the paired saving with the drawn
        inputs, with 95% intervals) and the spider plot (default True).
    breakeven
        Exact break-evens (:func:`ccsim.breakeven`) to list on the break-even page,
        next to the one-run estimates.

    Returns
    -------
    BoardPack
        The paths written and the findings.

    Raises
    ------
    TypeError, ValueError
        For invalid arguments, before anything is written.

    Examples
    --------
    >>> import ccsim, tempfile
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> with tempfile.TemporaryDirectory() as d:
    ...     pack = res.report(d, appetite={"budget": 80e6, "csat_floor": 60}, dpi=50)
    ...     print(pack.pdf.name, len(pack.figures) >= 8, pack.decision.recommended is not None)
    board-pack.pdf True True
    """
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    from ccsim.present.plotting._style import board_style

    composed = _compose(result, path, budget=budget, csat_floor=csat_floor, baseline=baseline,
                        option=option, tornado=tornado, sweep=sweep, dpi=dpi,
                        appetite=appetite, drivers=drivers, breakeven=breakeven)
    out, pages, decision, findings = composed
    out.mkdir(parents=True, exist_ok=True)
    fig_dir = out / "figures"
    fig_dir.mkdir(exist_ok=True)
    pngs: list[Path] = []
    k = 0
    with board_style():
        for page in pages:
            if page.figure:
                k += 1
                png = fig_dir / f"{k:02d}-{page.name}.png"
                page.fig.savefig(png, dpi=dpi, metadata={"Software": None})
                pngs.append(png)
    summary_csv = out / "summary.csv"
    result.summary().to_csv(summary_csv)
    decision.frame().to_csv(out / "decision.csv")
    assumptions_csv = out / "assumptions.csv"
    assumptions_table(result.scenario).to_csv(assumptions_csv, index=False)
    pdf = out / "board-pack.pdf"
    meta = {"Title": f"ccsim board pack: {result.scenario.name}", "Creator": "ccsim",
            "CreationDate": None}
    with board_style(), PdfPages(pdf, metadata=meta) as doc:
        for page in pages:
            doc.savefig(page.fig)
    for page in pages:
        plt.close(page.fig)
    return BoardPack(out, pdf, tuple(pngs), summary_csv, assumptions_csv, tuple(findings),
                     decision)


def _compose(
    result: Result,
    path: str | Path,
    *,
    budget: float | None = None,
    csat_floor: float | None = None,
    baseline: str | None = None,
    option: str | None = None,
    tornado: Tornado | pd.DataFrame | None = None,
    sweep: pd.DataFrame | None = None,
    dpi: int = 150,
    appetite: Appetite | Mapping[str, Any] | None = None,
    drivers: bool = True,
    breakeven: Sequence[Breakeven] | None = None,
) -> tuple[Path, list[_Page], Decision, list[str]]:
    """Check the arguments of :func:`write_report` and draw every page, in order.

    Returns the output directory, the pages (figures with their names, not yet saved),
    the decision and the findings (titles) of the figure pages. Nothing is written.
    """
    from ccsim.format import fmt_money, fmt_pct
    from ccsim.format import option_label as label
    from ccsim.present import plotting as plot
    from ccsim.present.plotting import spider
    from ccsim.present.plotting._style import board_style

    result = plot._check_result(result)
    b = _check_number("budget", budget, 0.0, math.inf)
    t = _check_number("csat_floor", csat_floor, 0.0, 100.0)
    if isinstance(dpi, bool) or not isinstance(dpi, (int, np.integer)) or not 50 <= dpi <= 600:
        raise ValueError(f"dpi = {dpi!r} is outside the allowed range [50, 600] (an integer)")
    opts = list(result.options)
    baseline = baseline_of(opts, baseline)
    others = [o for o in opts if o != baseline]
    if option is not None and option not in others:
        raise ValueError(f"option = {option!r} must be an option other than the baseline "
                         f"{baseline!r}; choose from {others}")
    if tornado is not None:
        plot._check_frame(tornado.table if isinstance(tornado, Tornado) else tornado,
                          "tornado", plot.TORNADO_COLUMNS)
    sweep_params: list[str] = []
    if sweep is not None:
        plot._check_frame(sweep, "sweep", ("point", "option", *plot.SWEEP_REQUIRED))
        sweep_params = [p for p in plot._sweep_params(sweep) if len(pd.unique(sweep[p])) > 1]
        if len(sweep_params) not in (1, 2):
            raise ValueError(f"sweep varies {len(sweep_params)} parameters {sweep_params}; the "
                             "board pack draws sweeps over one or two")
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise ValueError(f"path = {str(out)!r} is a file; give a directory for the board pack")
    app = Appetite.coerce(appetite)
    if appetite is None and (b is not None or t is not None):
        app = Appetite(budget=b, csat_floor=t)
    if b is None:
        b = app.budget
    if t is None:
        t = app.csat_floor
    if not isinstance(drivers, bool):
        raise TypeError(f"drivers must be True or False, got {drivers!r}")
    exact = list(breakeven or ())
    for be in exact:
        if not isinstance(be, Breakeven):
            raise TypeError(f"breakeven must hold ccsim.Breakeven results, got "
                            f"{type(be).__name__}")
    decision = decide(result, appetite=app, baseline=baseline)

    # the options the pages follow: the recommended, the baseline, the runner-up
    rec, runner = decision.recommended, decision.runner_up
    focus = _focus(decision, baseline, option)
    if option is None:
        option = focus if focus is not None else (
            min(others, key=lambda o: float(np.mean(result.values("npv_cost", o))))
            if others else None)
    trio = list(dict.fromkeys(o for o in (rec, baseline, runner) if o is not None))
    order = list(dict.fromkeys([*trio, *opts]))  # the three first, then the rest

    def role(o: str) -> str:
        return label(o) + (" (recommended)" if o == rec else " (today)" if o == baseline
                           else " (runner-up)" if o == runner else "")

    def listing(stat: Callable[[str], str]) -> str:
        return "; ".join(f"{role(o)} {stat(o)}" for o in trio)

    def med(metric: str, o: str) -> float:
        return float(np.median(result.values(metric, o)))

    def mean(metric: str, o: str) -> float:
        return float(np.mean(result.values(metric, o)))

    titles = {
        "cost": "Typical cost (median): " + listing(lambda o: fmt_money(med("npv_cost", o))),
        "csat": "Typical customer satisfaction (median): " + listing(
            lambda o: f"{med('csat_mean', o):.1f}"),
        "risk": "Average cost and satisfaction: " + listing(
            lambda o: f"{fmt_money(mean('npv_cost', o))}, CSAT {mean('csat_mean', o):.1f}"),
        "breakdown": "What the average cost is made of: " + listing(
            lambda o: fmt_money(mean("npv_cost", o))),
    }
    named = [o for o in (rec, runner) if o is not None and o != baseline] or others[:2]
    if named:
        titles["savings"] = f"Cheaper than {label(baseline)}: " + "; ".join(
            f"{role(o)} in {fmt_pct(float(np.mean(result.values('npv_cost', o) < result.values('npv_cost', baseline))))} of simulations"
            for o in named)

    body: list[tuple[str, Callable[[], Any]]] = [
        ("cost-distribution", _bind(plot.cost_distribution, result, order, title=titles["cost"])),
    ]
    if others:
        body.append(("savings", _bind(plot.saving_grid, result, baseline,
                                      [o for o in order if o != baseline], recommended=rec,
                                      title=titles.get("savings"))))
    body.append(("cost-vs-csat", _bind(plot.risk_map, result, order, budget=b, csat_floor=t,
                                       title=titles["risk"])))
    body.append(("cost-breakdown", _bind(plot.cost_breakdown, result, order,
                                         title=titles["breakdown"])))
    if option is not None:
        body.append((f"waterfall-{option}", _bind(plot.waterfall, result, option, baseline)))
    body.append(("csat-distribution", _bind(plot.csat_distribution, result, order,
                                            title=titles["csat"])))
    if result.monthly_data is not None:
        body.append(("month-by-month", _bind(plot.fan_grid, result, options=trio)))
    with_drivers = drivers and focus is not None and result.n_paths >= 20
    if with_drivers:
        body.append((f"drivers-{focus}", _bind(spider.drivers, result, focus, baseline)))
    if focus is not None and result.n_paths >= _SOURCES_MIN_PATHS:
        body.append((f"uncertainty-{focus}", _bind(_uncertainty_page, result, focus, baseline)))
    extra: list[tuple[str, Callable[[], Any]]] = [
        ("cost-exceedance", _bind(plot.exceedance, result, options=order, budget=b)),
    ]
    if with_drivers:
        extra.append((f"spider-{focus}", _bind(spider.spider, result, focus, baseline)))
    if tornado is not None:
        extra.append(("tornado", lambda: plot.tornado(tornado)))
    if sweep is not None:
        if len(sweep_params) == 1:
            extra.append(("sweep", lambda: plot.sweep_lines(sweep, sweep_params[0])))
        else:
            extra.append(("sweep", _bind(plot.sweep_heatmap, sweep, *sweep_params)))

    def draw(name: str, make: Callable[[], Any], appendix: bool) -> _Page:
        obj = make()
        fig = obj if hasattr(obj, "savefig") else obj.figure
        _plain_words(fig)
        return _Page(name, fig, figure=True, appendix=appendix)

    pairs = [] if focus is None else [(focus, baseline)]
    if rec is not None and runner is not None and {rec, runner} != {focus, baseline}:
        pairs.append((rec, runner))
    rows, box_text = _breakevens(result, pairs, exact)
    key_inputs = _key_inputs(result, focus, baseline)
    with board_style():
        figures = [draw(n, m, False) for n, m in body]
        appendix = [draw(n, m, True) for n, m in extra]
        findings = [p.fig.get_suptitle() or "" for p in [*figures, *appendix]]
        pages = [
            _Page("verdict", _verdict_page(result, decision)),
            _Page("summary", _summary_page(result, findings, baseline, rec)),
            *figures,
            _Page("breakeven", _breakeven_page(result, rows, box_text)),
            _Page("key-assumptions", _key_assumptions_page(result, key_inputs)),
            *appendix,
            _Page("input-keys", _input_keys_page(result, [*key_inputs, *_named_inputs(rows)]),
                  appendix=True),
            *[_Page("sources", f, appendix=True) for f in _sources_pages()],
            _Page("glossary", _glossary_page(), appendix=True),
        ]
        header = _centre_text(result)
        for k, page in enumerate(pages, start=1):
            if page.figure:
                _room_on_top(page.fig)
            _stamp(page.fig, header + (" \N{EM DASH} appendix" if page.appendix else ""),
                   k, len(pages))
    return out, pages, decision, findings


def _named_inputs(rows: list[dict[str, str]]) -> list[str]:
    return [r["key"] for r in rows if r.get("key")]


def _focus(decision: Decision, baseline: str, option: str | None) -> str | None:
    """The option whose saving the drivers, spider and break-even pages examine."""
    for o in (decision.recommended, decision.runner_up, option):
        if o is not None and o != baseline:
            return o
    return None


def _key_inputs(result: Result, focus: str | None, baseline: str) -> list[str]:
    """The inputs of the key-assumptions page: the top drivers of the saving."""
    from ccsim.sensitivity import input_importance

    if focus is None or result.n_paths < 20:
        return [p for p, _ in result.scenario.uncertain_inputs()][:_KEY_ROWS]
    from ccsim.decide.decision import _relevant

    imp = input_importance(result, focus, baseline=baseline,
                           inputs=_relevant(result, [focus, baseline])).frame()
    return list(imp["input"].head(_KEY_ROWS))


def _breakevens(result: Result, pairs: list[tuple[str, str]],
                exact: Sequence[Breakeven]) -> tuple[list[dict[str, str]], str]:
    """Rows of the break-even page and the PRIM sentence."""
    from ccsim.assumptions import plain_value
    from ccsim.format import fmt_pct, option_label
    from ccsim.present.plotting.spider import breakeven_from_run, spider_table
    from ccsim.sensitivity.discovery import bad_futures

    rows: list[dict[str, str]] = []
    meta = {p: m for p, _, m in result.scenario.parameters()}
    for be in exact:
        if be.value is None:
            continue
        rows.append({"option": f"{option_label(be.option)} vs {option_label(be.baseline)}",
                     "input": be.label, "value": plain_value(be.value, be.unit) +
                     f" \N{PLUS-MINUS SIGN}{plain_value(_Z95 * (be.se or 0.0), be.unit)}",
                     "side": "above" if (be.slope or 0) < 0 else "below",
                     "chance": "-" if be.p_beyond is None else fmt_pct(be.p_beyond),
                     "how": f"re-simulated, {be.n_paths:,} simulations", "key": be.input})
    box_text = ""
    if not pairs or result.n_paths < 50:
        return rows, box_text
    for focus, baseline in pairs:
        t = spider_table(result, focus, baseline, n_top=4)
        for _, r in breakeven_from_run(t).iterrows():
            p = str(r["input"])
            x = result.inputs[p]
            side = str(r["direction"])
            chance = float(np.mean(x > r["value"])) if side == "above" else float(
                np.mean(x < r["value"]))
            m = meta.get(p, {})
            doc = str(m.get("doc", "")) + " " + p.rsplit(".", 1)[-1]
            rows.append({"option": f"{option_label(focus)} vs {option_label(baseline)}",
                         "input": str(r["label"]),
                         "value": plain_value(float(r["value"]), str(m.get("unit", "")), doc),
                         "side": side, "chance": fmt_pct(chance),
                         "how": "estimated from this run", "key": p})
    focus, baseline = pairs[0]
    box = bad_futures(result, focus, baseline)
    if 0 < box.base_rate < 1:
        box_text = box.sentence()
    return rows, box_text


# ----------------------------------------------------------------------------- appetite flags


def add_appetite_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--budget --csat-floor --max-p-over-budget --max-p-below-floor --rank-by``.

    Flags the parser already has (e.g. ``--budget``) are left as they are.

    Examples
    --------
    >>> import argparse
    >>> ap = argparse.ArgumentParser()
    >>> add_appetite_arguments(ap)
    >>> appetite_from_args(ap.parse_args(["--budget", "7e7", "--csat-floor", "65"]))
    Appetite(budget=70000000.0, csat_floor=65.0, max_p_over_budget=0.2, max_p_below_floor=0.2, max_csat_drop=5.0, max_p_csat_drop=0.2, rank_by='mean', rank_on='excess', budget_on='total')
    """
    have = set(parser._option_string_actions)
    flags: list[tuple[str, dict[str, Any]]] = [
        ("--budget", {"type": float, "default": None,
                      "help": "cost budget, US$ NPV over the horizon"}),
        ("--csat-floor", {"type": float, "default": None,
                          "help": "lowest acceptable mean CSAT, 0-100 points"}),
        ("--max-p-over-budget", {"type": float, "default": None,
                                 "help": "largest acceptable P(cost > budget), 0-1 "
                                 "(default 0.2)"}),
        ("--max-p-below-floor", {"type": float, "default": None,
                                 "help": "largest acceptable P(mean CSAT < floor), 0-1 "
                                 "(default 0.2)"}),
        ("--rank-by", {"default": None, "help": "statistic that ranks the options: "
                       "mean (default), cvar95, p95..."}),
    ]
    for flag, kw in flags:
        if flag not in have:
            parser.add_argument(flag, **kw)


def appetite_from_args(args: argparse.Namespace) -> Appetite:
    """The :class:`ccsim.Appetite` of parsed command-line flags (absent flags: defaults).

    ``--csat-target`` (the command line's deprecated old name) is folded into
    ``--csat-floor`` when the arguments are checked.
    """
    floor = getattr(args, "csat_floor", None)
    kw: dict[str, Any] = {"budget": getattr(args, "budget", None), "csat_floor": floor}
    for name in ("max_p_over_budget", "max_p_below_floor", "rank_by"):
        v = getattr(args, name, None)
        if v is not None:
            kw[name] = v
    return Appetite(**kw)
