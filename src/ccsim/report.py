"""The board pack: one call writes a multi-page PDF, the same figures as PNG and CSVs.

``result.report("board-pack")`` or ``ccsim report [SCENARIO.toml] --out board-pack``
writes, into one directory:

- ``board-pack.pdf``: a cover with the key findings and the summary table, one page
  per finding (cost distributions, exceedance, paired saving of each option against
  the baseline, cost vs CSAT, cost breakdown, waterfall, CSAT, month-by-month fan
  charts, and the tornado / sweep figures when given), then the assumptions: every
  input with its value or distribution, 90% range, unit, meaning and source;
- ``figures/NN-name.png``: the same figures, 16:9 at ``dpi`` dots per inch;
- ``summary.csv`` (:meth:`ccsim.Result.summary`) and ``assumptions.csv``.
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ccsim.result import Result
    from ccsim.scenario import Scenario

__all__ = ["BoardPack", "add_cli", "assumptions_table", "write_report"]

_ROWS_PER_PAGE = 30


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
    """

    directory: Path
    pdf: Path
    figures: tuple[Path, ...]
    summary: Path
    assumptions: Path
    findings: tuple[str, ...]

    def __repr__(self) -> str:
        return (f"<ccsim.BoardPack in {self.directory}: {self.pdf.name}, "
                f"{len(self.figures)} figures, summary.csv, assumptions.csv>")


# ----------------------------------------------------------------------------- assumptions


def _num_text(x: Any) -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)):
        return str(x)
    v = float(x)
    if not math.isfinite(v):
        return "none" if v > 0 else str(v)  # an unbounded volume band
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:.4g}"


def _dist_text(d: Any) -> str:
    if dataclasses.is_dataclass(d) and type(d).__name__ not in ("Empirical",):
        parts = [f"{f.name}={_num_text(getattr(d, f.name))}" for f in dataclasses.fields(d)
                 if f.default is dataclasses.MISSING or getattr(d, f.name) != f.default]
        return f"{type(d).__name__}({', '.join(parts)})"
    text = repr(d)
    return text if len(text) <= 48 else text[:45] + "..."


def _calibrated_options(scenario: Scenario, default: Scenario) -> dict[str, Any]:
    """Per option of ``scenario``: its location and a scenario holding its calibrated
    default (the default scenario's own option, or a fresh one for a user's option)."""
    from ccsim.scenario import presets

    out: dict[str, Any] = {}
    for o in scenario.options:
        if o.name in default.option_names:
            ref = default
        else:
            opt = (presets.vendor_option(o.location, name=o.name) if o.location
                   else presets.in_house_option(o.name))
            ref = presets._base_scenario((opt,))
        out[o.name] = (o.location, ref)
    return out


def _source(path: str, value: Any, meta: Mapping[str, Any], default: Scenario,
            options: Mapping[str, Any]) -> str:
    """Documented source of a parameter's value, or ``user input`` if it was changed."""
    if meta.get("source"):
        return str(meta["source"])
    from ccsim.scenario.presets import SOURCES

    head, _, rest = path.partition(".")
    location, ref = options.get(head, (None, default))
    try:
        same = bool(ref.get(path) == value)
    except KeyError:
        same = False
    if not same:
        return "user input"
    keys = [path]
    if location:
        keys += [f"{location}.{rest}", f"vendor.{rest}"]
    for k in keys:
        if k in SOURCES:
            return SOURCES[k]
    return "ccsim default (see ccsim.presets)"


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    """Every input of ``scenario``: value or distribution, range, unit, meaning, source.

    Parameters
    ----------
    scenario
        A :class:`ccsim.Scenario`.

    Returns
    -------
    DataFrame
        One row per parameter (dotted path, scenario order) with columns ``input``,
        ``kind`` (``uncertain``, ``per event`` or ``fixed``), ``value`` (the constant
        or the distribution), ``mean``, ``p05``, ``p95``, ``unit``, ``meaning`` and
        ``source``. ``source`` is where a calibrated default comes from
        (:data:`ccsim.presets.SOURCES`, listed in ``docs/calibration.md``; estimates
        are marked as such) and ``user input`` for any value changed from the default.

    Examples
    --------
    >>> import ccsim
    >>> from ccsim.report import assumptions_table
    >>> t = assumptions_table(ccsim.default_scenario())
    >>> t.loc[t["input"] == "service.shrinkage", ["kind", "value"]].values.tolist()
    [['uncertain', 'PERT(low=0.2, mode=0.3, high=0.4)']]
    """
    from ccsim.dist import as_distribution, is_uncertain
    from ccsim.scenario import Scenario
    from ccsim.scenario.presets import default_scenario

    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a ccsim.Scenario, got {type(scenario).__name__}")
    default = default_scenario()
    options = _calibrated_options(scenario, default)
    rows = []
    for path, value, meta in scenario.parameters():
        if is_uncertain(value):
            d = as_distribution(value)
            lo, hi = d.interval(0.9)
            kind = "per event" if meta.get("per_event") else "uncertain"
            row = {"value": _dist_text(d), "mean": d.mean(), "p05": lo, "p95": hi}
        else:
            kind = "fixed"
            v = math.nan if value is None else float(value)
            unset = "auto" if path.endswith("headcount") else "none"
            row = {"value": unset if value is None else _num_text(value), "mean": v,
                   "p05": v, "p95": v}
        rows.append({"input": path, "kind": kind, **row, "unit": meta.get("unit", ""),
                     "meaning": meta.get("doc", ""),
                     "source": _source(path, value, meta, default, options)})
    return pd.DataFrame(rows, columns=["input", "kind", "value", "mean", "p05", "p95", "unit",
                                       "meaning", "source"])


def _sources_list() -> list[str]:
    """The source list of the default calibration (``ccsim.presets`` docstring)."""
    from ccsim.scenario import presets

    doc = presets.__doc__ or ""
    lines = doc.split("Sources", 1)[1].splitlines() if "Sources" in doc else []
    return [ln[2:].strip() for ln in lines if ln.startswith("- ")]


# ----------------------------------------------------------------------------- text pages


def _text_figure() -> Figure:
    from matplotlib.figure import Figure

    from ccsim.plotting._style import FIGSIZE

    return Figure(figsize=FIGSIZE)


def _cover(result: Result, findings: list[str], baseline: str) -> Figure:
    from ccsim.plotting._style import fmt_money, fmt_pct, label

    fig = _text_figure()
    sc = result.scenario
    fig.text(0.04, 0.93, f"Contact-centre sourcing: {sc.name}", fontsize=24, fontweight="bold",
             va="top")
    fig.text(0.04, 0.855,
             f"{len(result.options)} options x {result.n_paths:,} simulated futures x "
             f"{result.horizon} months (seed {result.seed.entropy}); costs are NPV in US$; "
             f"baseline {label(baseline)}.", fontsize=13, va="top", color="#4D4D4D")
    y = 0.79
    fig.text(0.04, y, "Key findings", fontsize=16, fontweight="bold", va="top")
    y -= 0.05
    for f in findings[:10]:
        wrapped = textwrap.fill(f.replace("\n", " "), 120)
        fig.text(0.05, y, "\N{BULLET} " + wrapped, fontsize=12, va="top")
        y -= 0.034 * (wrapped.count("\n") + 1) + 0.006
    s = result.summary()
    n = result.n_paths
    z = 1.959963984540054
    cells = []
    for o, r in s.iterrows():
        half = z * float(r["cost_se"])
        cells.append([
            label(str(o)),
            fmt_money(float(r["cost_mean"])) + (f" ± {fmt_money(half)}" if n > 1 else ""),
            fmt_money(float(r["operating_cost_mean"])),
            fmt_money(float(r["customer_cost_mean"])),
            f"{fmt_money(float(r['cost_p05']))} to {fmt_money(float(r['cost_p95']))}",
            fmt_money(float(r["cost_cvar95"])),
            fmt_pct(float(r["p_cheapest"])),
            f"{float(r['csat_mean']):.1f}" + (f" ± {z * float(r['csat_se']):.1f}" if n > 1 else ""),
            fmt_pct(float(r["service_level_mean"])),
            fmt_pct(float(r["p_exit"])),
        ])
    cols = ["Option", "Mean cost", "Cash", "Customers", "90% of futures", "Worst-5% mean",
            "P(cheapest)", "Mean CSAT", "Service level", "P(exit)"]
    top = max(0.08, y - 0.03)
    height = min(0.045 * (len(cells) + 1), top - 0.08)
    ax = fig.add_axes((0.04, top - height, 0.92, height))
    ax.axis("off")
    tab = ax.table(cellText=cells, colLabels=cols, loc="upper center", cellLoc="center",
                   colWidths=[0.09, 0.14, 0.08, 0.08, 0.14, 0.11, 0.09, 0.1, 0.09, 0.07])
    tab.auto_set_font_size(False)
    tab.set_fontsize(10)
    tab.scale(1.0, 1.25)
    for (r_, _c), cell in tab.get_celld().items():
        cell.set_edgecolor("#BBBBBB")
        if r_ == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor("#EEEEEE")
    fig.text(0.04, 0.03,
             "± is the 95% Monte Carlo interval of the mean (1.96 standard errors). Options are "
             "compared on the same futures (common random numbers).\nWorst-5% mean: average "
             "cost of the 5% most expensive futures (CVaR 95%). Mean cost = cash (operating cost) "
             "+ customers (margin lost). Sources: last pages.",
             fontsize=10, color="#4D4D4D")
    return fig


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "\N{HORIZONTAL ELLIPSIS}"


def _assumption_pages(table: pd.DataFrame) -> list[Figure]:
    from matplotlib.lines import Line2D
    from matplotlib.transforms import Bbox, TransformedBbox

    pages = []
    n_pages = max(1, math.ceil(len(table) / _ROWS_PER_PAGE))
    cols = ["Input", "Kind", "Value or distribution", "90% range", "Unit", "Meaning", "Source"]
    for k in range(n_pages):
        part = table.iloc[k * _ROWS_PER_PAGE:(k + 1) * _ROWS_PER_PAGE]
        fig = _text_figure()
        fig.text(0.02, 0.965, f"Assumptions ({k + 1} of {n_pages}): every input and its source",
                 fontsize=15, fontweight="bold", va="top")
        cells = []
        for _, r in part.iterrows():
            rng = ("" if r["kind"] == "fixed" or not math.isfinite(float(r["p05"]))
                   else f"{float(r['p05']):.3g} to {float(r['p95']):.3g}")
            cells.append([
                _clip(str(r["input"]), 40), str(r["kind"]), _clip(str(r["value"]), 44),
                rng, _clip(str(r["unit"]), 15), _clip(str(r["meaning"]), 36),
                _clip(str(r["source"]), 27),
            ])
        # plain text cells (matplotlib tables are slow to lay out for 200 rows)
        xs = [0.015, 0.225, 0.285, 0.52, 0.612, 0.7, 0.868]
        for x, head in zip(xs, cols, strict=True):
            fig.text(x, 0.905, head, fontsize=9, fontweight="bold", va="top")
        right = [*xs[1:], 0.995]
        boxes = [TransformedBbox(Bbox([[x0, 0.0], [x1 - 0.006, 1.0]]), fig.transFigure)
                 for x0, x1 in zip(xs, right, strict=True)]
        for i, c in enumerate(cells):
            y = 0.87 - i * 0.0265
            for x, cell, box in zip(xs, c, boxes, strict=True):
                # clipped to its column: a long cell can never run into the next one
                fig.text(x, y, cell, fontsize=8, va="top", clip_on=True).set_clip_box(box)
        fig.add_artist(Line2D([0.015, 0.985], [0.882, 0.882], color="#999999", lw=0.8))
        fig.text(0.02, 0.015, "Uncertain inputs are drawn once per future; per-event inputs "
                 "once per event. 90% range: 5th to 95th percentile. Full text in assumptions.csv.", fontsize=9,
                 color="#4D4D4D")
        pages.append(fig)
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


def write_report(
    result: Result,
    path: str | Path,
    *,
    budget: float | None = None,
    csat_target: float | None = None,
    baseline: str | None = None,
    option: str | None = None,
    tornado: pd.DataFrame | None = None,
    sweep: pd.DataFrame | None = None,
    dpi: int = 150,
) -> BoardPack:
    """Write the board pack of ``result`` into the directory ``path``.

    Parameters
    ----------
    result
        A :class:`ccsim.Result` (monthly trajectories add the fan-chart page).
    path
        Output directory (created if needed; files in it are overwritten).
    budget
        Cost budget in US$ (NPV over the horizon): exceedance and risk-map pages.
    csat_target
        CSAT target in points (0-100): risk-map page.
    baseline
        Option every other option is compared with (default ``in_house`` if present,
        else the first option).
    option
        Option of the waterfall page (default: the lowest mean cost other than the
        baseline).
    tornado
        A tornado table (:func:`ccsim.sensitivity.tornado`): adds its page.
    sweep
        A sweep table (``SweepResult.frame()``) over one or two parameters: adds a
        line (one parameter) or a heatmap (two) page.
    dpi
        Resolution of the PNGs, 50 to 600.

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
    ...     pack = res.report(d, budget=70e6, csat_target=70, dpi=50)
    ...     print(pack.pdf.name, len(pack.figures) >= 10)
    board-pack.pdf True
    """
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    from ccsim.plotting import figures as plot
    from ccsim.plotting._style import board_style

    result = plot._check_result(result)
    b = _check_number("budget", budget, 0.0, math.inf)
    t = _check_number("csat_target", csat_target, 0.0, 100.0)
    if isinstance(dpi, bool) or not isinstance(dpi, (int, np.integer)) or not 50 <= dpi <= 600:
        raise ValueError(f"dpi = {dpi!r} is outside the allowed range [50, 600] (an integer)")
    opts = list(result.options)
    if baseline is None:
        baseline = "in_house" if "in_house" in opts else opts[0]
    elif baseline not in opts:
        raise ValueError(f"baseline = {baseline!r} is not an option; options are {opts}")
    others = [o for o in opts if o != baseline]
    if option is None:
        option = (min(others, key=lambda o: float(np.mean(result.values("npv_cost", o))))
                  if others else None)
    elif option not in others:
        raise ValueError(f"option = {option!r} must be an option other than the baseline "
                         f"{baseline!r}; choose from {others}")
    if tornado is not None:
        plot._check_frame(tornado, "tornado", plot.TORNADO_COLUMNS)
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

    pages: list[tuple[str, Callable[[], Any]]] = [
        ("cost-distribution", lambda: plot.cost_distribution(result)),
        ("cost-exceedance", lambda: plot.exceedance(result, budget=b)),
    ]
    for o in others:
        pages.append((f"saving-{o}", _bind(plot.paired_saving, result, o, baseline)))
    pages.append(("cost-vs-csat", lambda: plot.risk_map(result, budget=b, csat_target=t)))
    pages.append(("cost-breakdown", lambda: plot.cost_breakdown(result)))
    if option is not None:
        pages.append((f"waterfall-{option}", _bind(plot.waterfall, result, option, baseline)))
    pages.append(("csat-distribution", lambda: plot.csat_distribution(result)))
    if result.monthly_data is not None:
        fan_opts = [baseline] + ([option] if option is not None else [])
        pages.append(("month-by-month", lambda: plot.fan_grid(result, options=fan_opts)))
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
    table = assumptions_table(result.scenario)
    assumptions_csv = out / "assumptions.csv"
    table.to_csv(assumptions_csv, index=False)

    pdf = out / "board-pack.pdf"
    with board_style():
        text_pages = [_cover(result, findings, baseline), *_assumption_pages(table)]
        meta = {"Title": f"ccsim board pack: {result.scenario.name}", "Creator": "ccsim",
                "CreationDate": None}
        with PdfPages(pdf, metadata=meta) as doc:
            doc.savefig(text_pages[0])
            for fig in figures:
                doc.savefig(fig)
            for fig in text_pages[1:]:
                doc.savefig(fig)
    return BoardPack(out, pdf, tuple(pngs), summary_csv, assumptions_csv, tuple(findings))


# ----------------------------------------------------------------------------- CLI


def _cmd_report(args: argparse.Namespace) -> int:
    from ccsim.run.simulate import simulate
    from ccsim.scenario import Scenario
    from ccsim.scenario.presets import default_scenario

    scenario = default_scenario() if args.scenario is None else Scenario.from_toml(args.scenario)
    res = simulate(scenario, n_paths=args.paths, seed=args.seed, progress=not args.quiet,
                   keep_monthly=True)
    pack = write_report(res, args.out, budget=args.budget, csat_target=args.csat_target,
                        baseline=args.baseline, option=args.option, dpi=args.dpi)
    print(f"{scenario.name}: {res.n_paths:,} paths x {res.horizon} months, "
          f"seed {res.seed.entropy}")
    for f in pack.findings:
        print("  - " + f.replace("\n", " "))
    print(f"wrote {pack.pdf}, {len(pack.figures)} PNGs in {pack.directory / 'figures'}, "
          f"{pack.summary.name} and {pack.assumptions.name}")
    return 0


def add_cli(subparsers: Any) -> None:
    """Add ``ccsim report [SCENARIO.toml] --out DIR`` to an argparse subparsers object.

    Examples
    --------
    >>> import argparse
    >>> ap = argparse.ArgumentParser(prog="ccsim")
    >>> add_cli(ap.add_subparsers(dest="command"))
    >>> ap.parse_args(["report", "--out", "pack", "--paths", "256"]).paths
    256
    """
    rep = subparsers.add_parser(
        "report", help="simulate a scenario and write the board pack (PDF, PNGs, CSV)",
        description="Simulate a scenario and write the board pack: a multi-page PDF (one "
        "finding per page and the assumptions), the figures as PNG and the summary as CSV.",
    )
    rep.add_argument("scenario", nargs="?", help="scenario TOML file (default: built-in)")
    rep.add_argument("--out", default="board-pack", help="output directory (default board-pack)")
    rep.add_argument("--paths", type=int, default=4000, help="Monte Carlo paths (default 4000)")
    rep.add_argument("--seed", type=int, default=None, help="random seed (default: fresh)")
    rep.add_argument("--budget", type=float, default=None, help="cost budget, US$ NPV")
    rep.add_argument("--csat-target", type=float, default=None, help="CSAT target, 0-100")
    rep.add_argument("--baseline", default=None, help="option to compare against (in_house)")
    rep.add_argument("--option", default=None, help="option of the waterfall page")
    rep.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")
    rep.add_argument("--quiet", action="store_true", help="no progress bar")
    rep.set_defaults(func=_cmd_report)
