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


def _summary_page(result: Result, findings: list[str], baseline: str) -> Figure:
    """Page 2: every option's outcomes, with definitions and Monte Carlo precision."""
    from ccsim.format import fmt_money, fmt_pct
    from ccsim.format import option_label as label

    fig = _text_figure()
    sc = result.scenario
    fig.text(0.04, 0.95, "What each option leads to", fontsize=20, fontweight="bold",
             va="top")
    fig.text(0.04, 0.895,
             f"{len(result.options)} options x {result.n_paths:,} simulated futures x "
             f"{result.horizon} months (seed {result.seed.entropy}); costs are NPV in US$; "
             f"baseline {label(baseline)}; scenario {sc.name}.", fontsize=12, va="top",
             color=_NOTE)
    s = result.summary()
    out = result.outputs
    cells = []
    for i, (o, r) in enumerate(s.iterrows()):
        cells.append([
            label(str(o)), fmt_money(float(r["cost_mean"])),
            f"\N{PLUS-MINUS SIGN}{fmt_money(_Z95 * float(r['cost_se']))}",
            f"{fmt_money(float(r['cost_p05']))} to {fmt_money(float(r['cost_p95']))}",
            fmt_money(float(r["cost_cvar95"])), fmt_pct(float(r["p_cheapest"])),
            f"{float(r['csat_mean']):.1f}", fmt_pct(float(r["service_level_mean"])),
            fmt_pct(float(r["p_exit"])),
            f"{float(np.mean(out['local_jobs_removed'][i])):,.0f}",
            f"{float(np.mean(out['mgmt_hours_freed'][i])):,.0f}",
        ])
    cols = ["Option", "Mean\ncost", "MC\nprecision", "90% of futures", "Worst-5%\nmean",
            "P(cheapest)", "Mean\nCSAT", "Service\nlevel", "P(exit)", "Local jobs\nremoved",
            "Mgmt hours\nfreed"]
    height = 0.04 * len(cells) + 0.07
    _table(fig, 0.85, cells, cols, [0.09, 0.08, 0.08, 0.16, 0.08, 0.09, 0.07, 0.07, 0.07,
                                    0.09, 0.1], fontsize=10.5, row_h=height / (len(cells) + 1))
    y = 0.85 - height - 0.05
    fig.text(0.04, y, "Key findings", fontsize=14, fontweight="bold", va="top")
    _wrap_lines(fig, 0.05, y - 0.045, findings[:6], fontsize=11, width=150, step=0.03)
    fig.text(0.04, 0.015, textwrap.fill(
        "MC precision: the 95% Monte Carlo interval of the mean (1.96 standard errors): how "
        "far the mean could move with more simulated futures, not the business uncertainty, "
        "which is the 90% of futures column. Worst-5% mean: mean cost of the 5% most "
        "expensive futures (CVaR 95%). Service level: share of calls answered within the "
        "target time, averaged over the months. P(exit): share of futures in which the "
        "contract is ended early (quality breach or vendor failure). Jobs removed: local "
        "jobs removed (mean over futures); management hours freed: in-house management "
        "hours no longer needed, over the horizon.", 160), fontsize=9.5, color=_NOTE)
    return fig


def _breakeven_page(result: Result, rows: list[dict[str, str]], box_text: str) -> Figure:
    fig = _text_figure()
    fig.text(0.04, 0.95, "Break-even: where the choice would change", fontsize=20,
             fontweight="bold", va="top")
    if rows:
        cells = [[r["option"], r["input"], r["value"], r["side"], r["chance"], r["how"]]
                 for r in rows]
        height = 0.04 * len(cells) + 0.075
        _table(fig, 0.87, cells, ["Option vs baseline", "Input", "Break-even",
                                  "Stops paying\nwhen input is", "Chance\n(assumed range)",
                                  "Method"],
               [0.16, 0.25, 0.2, 0.11, 0.12, 0.16], fontsize=10.5,
               row_h=height / (len(cells) + 1))
        y = 0.87 - height - 0.05
    else:
        fig.text(0.04, 0.87, "No top input moves the mean saving across zero within its "
                 "range.", fontsize=12, va="top")
        y = 0.8
    if box_text:
        fig.text(0.04, y, "What the futures in which it loses have in common", fontsize=14,
                 fontweight="bold", va="top")
        _wrap_lines(fig, 0.05, y - 0.045, [box_text], fontsize=12, width=115)
    fig.text(0.04, 0.015, textwrap.fill(
        "One-run break-evens: the input value at which the mean saving, in groups of a tenth "
        "of the simulated futures sorted by that input, crosses zero (other inputs as drawn). "
        "Exact break-evens (ccsim.breakeven) fix the input and re-simulate on the same random "
        "numbers; their \N{PLUS-MINUS SIGN} is Monte Carlo precision. Chance: probability "
        "that the input lies on the losing side under its assumed distribution. The box is "
        "found by PRIM on the per-future table.", 160), fontsize=9.5, color=_NOTE)
    return fig


def _key_assumptions_page(result: Result, inputs: list[str]) -> Figure:
    from ccsim.assumptions import key_assumptions

    t = key_assumptions(result.scenario, inputs)
    src = assumptions_table(result.scenario).set_index("input")["source"]
    fig = _text_figure()
    fig.text(0.04, 0.95, "Key assumptions: the inputs that matter most here", fontsize=20,
             fontweight="bold", va="top")
    cells = [[_clip(str(r["assumption"]), 44), _clip(str(r["value"]), 80),
              _clip(str(src.get(r["input"], "")), 52)] for _, r in t.iterrows()]
    tab = _table(fig, 0.88, cells, ["Assumption", "Value (median and 90% range)", "Source"],
                 [0.25, 0.43, 0.32], fontsize=9.5, row_h=0.043, left=0.02, width=0.96)
    for (r_, _c), cell in tab.get_celld().items():
        if r_ > 0:
            cell.set_text_props(ha="left")
            cell.PAD = 0.02
    fig.text(0.04, 0.015, textwrap.fill(
        "The inputs most correlated with the decision's saving, in their own units. "
        "Uncertain inputs are drawn once per simulated future; a range is where 90% of the "
        "draws fall. Every input, with its distribution and meaning: assumptions.csv and "
        "the Excel export (result.to_excel).", 160), fontsize=9.5, color=_NOTE)
    return fig


def _uncertainty_page(result: Result, focus: str, baseline: str) -> Any:
    """Where the uncertainty in ``focus``'s saving against ``baseline`` comes from: the
    share from each group of inputs (by kind and topic) and from noise."""
    from ccsim.present.plotting.sources_plot import uncertainty_sources_plot

    return uncertainty_sources_plot(result, focus, baseline)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "\N{HORIZONTAL ELLIPSIS}"


def _sources_pages() -> list[Figure]:
    pages: list[Figure] = []
    srcs = _sources_list()
    if srcs:
        fig = _text_figure()
        fig.text(0.04, 0.93, "Sources of the default calibration", fontsize=16,
                 fontweight="bold", va="top")
        y = 0.86
        for s_ in srcs:
            fig.text(0.05, y, "\N{BULLET} " + textwrap.shorten(s_, 140), fontsize=12, va="top")
            y -= 0.045
        fig.text(0.04, max(0.05, y - 0.03), "Values marked 'estimate' in ccsim.presets have no "
                 "published figure; they are wide uncertain inputs so that sensitivity analysis "
                 "shows their influence.", fontsize=11, color="#4D4D4D", va="top")
        pages.append(fig)
    return pages


# ----------------------------------------------------------------------------- the pack


def _bind(func: Callable[..., Any], *args: Any) -> Callable[[], Any]:
    return lambda: func(*args)


def _check_number(name: str, value: Any, lo: float, hi: float) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number or None, got {value!r}")
    v = float(value)
    if not (math.isfinite(v) and lo <= v <= hi):
        raise ValueError(f"{name} = {value!r} is outside the allowed range [{lo:g}, {hi:g}]")
    return v


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

    Parameters
    ----------
    result
        A :class:`ccsim.Result` (monthly trajectories add the fan-chart page).
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
        Option of the waterfall page (default: the lowest mean cost other than the
        baseline).
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
    ...     print(pack.pdf.name, len(pack.figures) >= 10, pack.decision.recommended is not None)
    board-pack.pdf True True
    """
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

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
    if option is None:
        option = (min(others, key=lambda o: float(np.mean(result.values("npv_cost", o))))
                  if others else None)
    elif option not in others:
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
    focus = _focus(decision, baseline, option)

    pages: list[tuple[str, Callable[[], Any]]] = [
        ("cost-distribution", lambda: plot.cost_distribution(result)),
        ("cost-exceedance", lambda: plot.exceedance(result, budget=b)),
    ]
    for o in others:
        pages.append((f"saving-{o}", _bind(plot.paired_saving, result, o, baseline)))
    pages.append(("cost-vs-csat", lambda: plot.risk_map(result, budget=b, csat_floor=t)))
    pages.append(("cost-breakdown", lambda: plot.cost_breakdown(result)))
    if option is not None:
        pages.append((f"waterfall-{option}", _bind(plot.waterfall, result, option, baseline)))
    pages.append(("csat-distribution", lambda: plot.csat_distribution(result)))
    if result.monthly_data is not None:
        fan_opts = [baseline] + ([option] if option is not None else [])
        pages.append(("month-by-month", lambda: plot.fan_grid(result, options=fan_opts)))
    if drivers and focus is not None and result.n_paths >= 20:
        pages.append((f"drivers-{focus}", _bind(spider.drivers, result, focus, baseline)))
        pages.append((f"spider-{focus}", _bind(spider.spider, result, focus, baseline)))
    if focus is not None and result.n_paths >= _SOURCES_MIN_PATHS:
        pages.append((f"uncertainty-{focus}", _bind(_uncertainty_page, result, focus, baseline)))
    if tornado is not None:
        pages.append(("tornado", lambda: plot.tornado(tornado)))
    if sweep is not None:
        if len(sweep_params) == 1:
            pages.append(("sweep", lambda: plot.sweep_lines(sweep, sweep_params[0])))
        else:
            pages.append(("sweep", _bind(plot.sweep_heatmap, sweep, *sweep_params)))

    out.mkdir(parents=True, exist_ok=True)
    fig_dir = out / "figures"
    fig_dir.mkdir(exist_ok=True)
    figures: list[Figure] = []
    pngs: list[Path] = []
    findings: list[str] = []
    for k, (name, make) in enumerate(pages, start=1):
        obj = make()
        fig = obj if hasattr(obj, "savefig") else obj.figure
        png = fig_dir / f"{k:02d}-{name}.png"
        with board_style():
            fig.savefig(png, dpi=dpi, metadata={"Software": None})
        plt.close(fig)
        figures.append(fig)
        pngs.append(png)
        findings.append(fig.get_suptitle() or "")

    summary_csv = out / "summary.csv"
    result.summary().to_csv(summary_csv)
    decision.frame().to_csv(out / "decision.csv")
    table = assumptions_table(result.scenario)
    assumptions_csv = out / "assumptions.csv"
    table.to_csv(assumptions_csv, index=False)

    pdf = out / "board-pack.pdf"
    pairs = [] if focus is None else [(focus, baseline)]
    if decision.recommended is not None and decision.runner_up is not None and \
            {decision.recommended, decision.runner_up} != {focus, baseline}:
        pairs.append((decision.recommended, decision.runner_up))
    rows, box_text = _breakevens(result, pairs, exact)
    with board_style():
        front = [_verdict_page(result, decision), _summary_page(result, findings, baseline)]
        back = [_breakeven_page(result, rows, box_text),
                _key_assumptions_page(result, _key_inputs(result, focus, baseline)),
                *_sources_pages()]
        meta = {"Title": f"ccsim board pack: {result.scenario.name}", "Creator": "ccsim",
                "CreationDate": None}
        with PdfPages(pdf, metadata=meta) as doc:
            for fig in [*front, *figures, *back]:
                doc.savefig(fig)
    return BoardPack(out, pdf, tuple(pngs), summary_csv, assumptions_csv, tuple(findings),
                     decision)


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
                     "how": f"exact, {be.n_paths:,} paths"})
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
                         "input": _clip(str(r["label"]), 40),
                         "value": plain_value(float(r["value"]), str(m.get("unit", "")), doc),
                         "side": side, "chance": fmt_pct(chance),
                         "how": "one run, conditional"})
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
