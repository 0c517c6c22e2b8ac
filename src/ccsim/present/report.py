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
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ccsim.assumptions import assumptions_table
from ccsim.conventions import baseline_of, renamed
from ccsim.decide.decision import Appetite, Decision, decide
from ccsim.present.pages import (
    _Z95,
    _breakeven_page,
    _centre_text,
    _glossary_page,
    _input_keys_page,
    _key_assumptions_page,
    _plain_words,
    _room_on_top,
    _sources_pages,
    _stamp,
    _summary_page,
    _uncertainty_page,
)
from ccsim.present.verdict_page import _verdict_page
from ccsim.sensitivity import Tornado
from ccsim.sensitivity.breakeven import Breakeven

if TYPE_CHECKING:
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
