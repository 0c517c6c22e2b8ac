"""For finance and Jupyter: Excel workbook, xarray cube and HTML view of a result.

- :func:`to_excel` (``result.to_excel(path)``): a workbook for a finance team with the
  sheets ``about`` (the scenario's name, its key inputs - agents, calls, handle time,
  horizon - and the verdict), ``summary`` (one row per option, with a bar chart of mean
  cost by part), ``decision``, ``break-even`` (where each option stops paying, from the
  run's own paths, and any exact break-evens given), ``drivers`` (the inputs that move
  each option's saving most, from the run's own paths), ``could flip`` (inputs that
  could flip the verdict, when there are any), ``monthly`` (month x option quantiles,
  when trajectories were kept) and ``assumptions`` (every input); with
  ``per_path=True`` also ``paths`` (one row per option and future) and ``inputs`` (one
  row per future). Headers and option names are in words; every money, share, count and
  CSAT column has its number format (money in the band :func:`ccsim.format.fmt_money`
  prints, a cost per call with cents, 0/1 flags as Yes/No); nothing is re-simulated.
  Written with ``xlsxwriter`` (several times faster), or ``openpyxl`` when only that is
  installed (``pip install ccsim[excel]`` installs both; reading the workbook back with
  pandas needs openpyxl).
- :func:`to_xarray` (``result.to_xarray()``): a Dataset over ``option x path x
  month``. Needs ``xarray`` (``pip install ccsim[xarray]``).
- :func:`result_html`: the ``_repr_html_`` of :class:`ccsim.Result`, a summary with
  formatted money and percentages.

Examples
--------
>>> import ccsim
>>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=128, seed=1)
>>> "<table" in res._repr_html_()
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ccsim.assumptions import assumptions_table, describe_input, input_label, plain_value
from ccsim.conventions import renamed
from ccsim.decide.decision import Appetite, Decision, decide, stat_text
from ccsim.format import excel_format, fmt_money, fmt_pct, option_label
from ccsim.outputs import COST_PARTS, MONTHLY, OUTPUTS, PATH_OUTPUTS

if TYPE_CHECKING:
    from ccsim.result import Result
    from ccsim.sensitivity.breakeven import Breakeven

__all__ = ["EXCEL_MAX_ROWS", "result_html", "to_excel", "to_xarray"]

#: Rows of one Excel sheet, header included.
EXCEL_MAX_ROWS = 1_048_576

_PLAIN = excel_format("number")

#: Kind of the summary / decision columns that are not per-path outputs.
_SUMMARY_KINDS = {
    "cost_": "money", "csat_": "points", "service_level_mean": "pct", "abandon_rate": "pct",
    "p_": "pct", "rank_value": "money", "operating_mean": "money", "incident_mean": "money",
    "customer_mean": "money", "saving_mean": "money", "operating_cost_": "money",
    "incident_cost_": "money", "customer_cost_": "money",
}


def _fmt_for(column: str, values: Any = None) -> str | None:
    """Excel number format of ``column`` (from :func:`ccsim.format.excel_format`): money
    takes the band of the column's largest ``values``, so cells print as the tables do."""
    out = OUTPUTS.get(column) or MONTHLY.get(column)
    if out is not None:
        return excel_format(out.kind, _finite(values))
    if column in COST_PARTS:
        return excel_format("money", _finite(values))
    for prefix, kind in _SUMMARY_KINDS.items():
        if column.startswith(prefix) or column == prefix:
            return excel_format(kind, _finite(values))
    return None


def _numbers(frame: Any) -> Any:
    """The numeric cells of a column or frame (``None`` when there are none)."""
    num = frame.select_dtypes("number") if isinstance(frame, pd.DataFrame) else (
        frame if pd.api.types.is_numeric_dtype(frame) else None)
    return None if num is None else num.to_numpy(dtype=np.float64)


def _finite(values: Any) -> list[float] | None:
    if values is None:
        return None
    arr = np.asarray(values, dtype=np.float64).ravel()
    return [float(v) for v in arr[np.isfinite(arr)]] or None


def _engine() -> str:
    """``"xlsxwriter"`` when it is installed (several times faster), else ``"openpyxl"``."""
    try:
        import xlsxwriter  # noqa: F401
    except ImportError:
        pass
    else:
        return "xlsxwriter"
    try:
        import openpyxl  # noqa: F401
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("to_excel needs xlsxwriter or openpyxl: pip install "
                          "'ccsim[excel]'") from err
    return "openpyxl"


_HEADER_FILL = "EEEEEE"

#: Number format of a 0/1 flag per future (an exit requested...): Yes or No, the cell
#: keeping its 0 or 1.
YES_NO = '"Yes";"Yes";"No"'
#: Money per unit (a cost per call, a price): always with cents.
CENTS = '"$"#,##0.00;-"$"#,##0.00'

#: Plain headers of the summary and decision columns (others: from the outputs'
#: labels and the statistic's words).
_HEADERS = {
    "option": "Option", "cost_mean": "Mean cost (NPV)",
    "cost_se": "Mean cost: Monte Carlo standard error", "cost_p05": "Cost, 5th percentile",
    "cost_p50": "Cost, median", "cost_p95": "Cost, 95th percentile",
    "cost_cvar95": "Average cost of the worst 5% of futures (CVaR 95)",
    "csat_mean": "Mean CSAT (0-100)", "csat_se": "Mean CSAT: Monte Carlo standard error",
    "csat_p05": "CSAT, 5th percentile", "service_level_mean": "Mean service level",
    "abandon_rate": "Abandonment rate", "p_exit": "Chance of leaving the vendor",
    "p_cheapest": "Chance of being the cheapest", "p_best_csat": "Chance of the best CSAT",
    "p_best": "Chance of being the best", "operating_mean": "Operating cost (mean)",
    "incident_mean": "Incident cost (mean)", "customer_mean": "Customer cost (mean)",
    "p_over_budget": "Chance of going over budget",
    "p_below_floor": "Chance of mean CSAT below the floor", "passes": "Meets the appetite",
    "reasons": "Why not", "status": "Status", "margin": "Margin", "path": "Future",
    "month": "Month", "metric": "Measure",
}
_STATS = {"mean": "mean", "se": "Monte Carlo standard error", "p05": "5th percentile",
          "p50": "median", "p95": "95th percentile", "cvar95": "worst-5% average"}
_PART_WORDS = {"operating_cost": "Operating cost", "incident_cost": "Incident cost",
               "customer_cost": "Customer cost"}


def _header(column: str, *, baseline: str = "", rank_by: str = "") -> str:
    """Plain header of a result column: ``operating_cost_mean`` -> ``Operating cost
    (mean)``; an output's own label; else the words of its name."""
    if column in _HEADERS:
        return _HEADERS[column]
    if column == "saving_mean":
        return f"Mean saving vs {option_label(baseline)}" if baseline else "Mean saving"
    if column == "rank_value":
        return f"Ranked by: {stat_text(rank_by)}" if rank_by else "Ranking value"
    if column in OUTPUTS:
        return OUTPUTS[column].label
    head, _, stat = column.rpartition("_")
    if head in _PART_WORDS and stat in _STATS:
        return f"{_PART_WORDS[head]} ({_STATS[stat]})"
    if head in OUTPUTS and stat in _STATS:
        return f"{OUTPUTS[head].label} ({_STATS[stat]})"
    text = column.replace("_", " ")
    return text[:1].upper() + text[1:]


def _column_format(column: str, values: Any) -> str | None:
    """Number format of a column by what it holds: a 0/1 flag per future as Yes/No, a
    money rate (per call) with cents, else as :func:`_fmt_for`."""
    out = OUTPUTS.get(column)
    if out is not None and out.kind == "pct" and "share of futures" in out.unit:
        return YES_NO
    if out is not None and out.kind == "money" and out.unit not in ("US$", "$"):
        return CENTS
    return _fmt_for(column, values)


@dataclass(frozen=True)
class _Chart:
    """A clustered bar chart on a sheet: one series per value column, the categories
    from another column, data rows 1..n (0-based, below the header)."""

    title: str
    categories: int
    series: tuple[int, ...]
    rows: int
    y_title: str
    anchor: tuple[int, int]  # (row, column), 0-based


@dataclass(frozen=True)
class _Sheet:
    """One sheet to write: the frame, and how to format it (engine-independent)."""

    name: str
    frame: pd.DataFrame
    index: bool
    #: header text of each written column (the index first, when written)
    headers: tuple[str | None, ...]
    #: number format of each written column (``None``: the general format)
    formats: tuple[str | None, ...]
    widths: tuple[int, ...]
    #: number format of each row's value cells, by row (the monthly sheet) or ``None``
    row_formats: tuple[str, ...] | None = None
    #: columns the row formats apply to (0-based, as written)
    row_format_cols: tuple[int, ...] = ()
    chart: _Chart | None = None


def _plan(name: str, frame: pd.DataFrame, formats: Mapping[str, str | None], *,
          index: bool, row_formats: tuple[str, ...] | None = None,
          labels: Mapping[str, str] | None = None, chart: _Chart | None = None,
          row_format_keys: tuple[str, ...] = ()) -> _Sheet:
    """Number format and width of every column: widths from the content (first 200
    values) and the header (wrapped over up to three lines), at most 16 for a formatted
    number column. ``labels`` gives a header text by column name (default: the name)."""
    labels = labels or {}
    columns: list[tuple[str | None, str, Any]] = [(labels.get(str(c), str(c)), str(c), frame[c])
                                                  for c in frame.columns]
    if index:
        name_ = frame.index.name
        key = str(name_ or "index")
        columns.insert(0, (None if name_ is None else labels.get(key, key), key, frame.index))
    headers: list[str | None] = []
    fmts: list[str | None] = []
    widths: list[int] = []
    for header, key, values in columns:
        fmt = formats.get(key)
        texts = [str(v) for v in list(values[:200])]
        head = len(header or "")
        width = max([min(head, max(12, -(-head // 3))), *(len(t) for t in texts)] or [8])
        if fmt is not None:
            width = min(max(width, 12), 16)
        headers.append(header)
        fmts.append(fmt)
        widths.append(max(8, min(60, width + 2)))
    value_cols: tuple[int, ...] = ()
    if row_formats is not None:
        value_cols = tuple(j + int(index) for j, c in enumerate(frame.columns)
                           if str(c) not in row_format_keys)
    return _Sheet(name, frame, index, tuple(headers), tuple(fmts), tuple(widths),
                  row_formats, value_cols, chart)


#: One line of the about sheet: a label, a value (text or number) and its format.
_AboutRow = tuple[str, Any, str | None]


def _write_openpyxl(out: Path, sheets: list[_Sheet], about: list[_AboutRow]) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    with pd.ExcelWriter(out, engine="openpyxl") as xw:
        for sh in sheets:
            frame = sh.frame.copy()
            frame.columns = [str(c) for c in frame.columns]
            frame.to_excel(xw, sheet_name=sh.name, index=sh.index)
            ws = xw.sheets[sh.name]
            if sh.row_formats is not None:
                for i, row_fmt in enumerate(sh.row_formats, start=2):
                    for j in sh.row_format_cols:
                        ws.cell(row=i, column=j + 1).number_format = row_fmt
            for j, (text, fmt, width) in enumerate(
                    zip(sh.headers, sh.formats, sh.widths, strict=True), start=1):
                cell = ws.cell(row=1, column=j)
                cell.value = text
                cell.font = Font(bold=True)
                cell.fill = header_fill
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if fmt is not None:
                    for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                        for c in row:
                            c.number_format = fmt
                ws.column_dimensions[get_column_letter(j)].width = width
            ws.freeze_panes = "B2" if sh.index else "A2"
            if sh.chart is not None:
                ch = sh.chart
                bar = BarChart()
                bar.type = "col"
                bar.grouping = "stacked"
                bar.overlap = 100
                bar.title = ch.title
                bar.y_axis.title = ch.y_title
                for j in ch.series:
                    bar.add_data(Reference(ws, min_col=j + 1, min_row=1, max_row=ch.rows + 1),
                                 titles_from_data=True)
                bar.set_categories(Reference(ws, min_col=ch.categories + 1, min_row=2,
                                             max_row=ch.rows + 1))
                bar.width, bar.height = 18, 9
                ws.add_chart(bar, f"{get_column_letter(ch.anchor[1] + 1)}{ch.anchor[0] + 1}")
        ws = xw.book.create_sheet("about", 0)
        for i, (label, value, fmt) in enumerate(about, start=1):
            if label:
                ws.cell(row=i, column=1, value=label).font = Font(bold=value is not None)
            if value is not None:
                number = isinstance(value, (int, float)) and not isinstance(value, bool)
                c = ws.cell(row=i, column=2, value=float(value) if number else str(value))
                if fmt is not None:
                    c.number_format = fmt
                c.alignment = Alignment(horizontal="left")
        ws.column_dimensions["A"].width = 34
        ws.column_dimensions["B"].width = 100


def _pixels(width: int) -> int:
    """Pixels of a column ``width`` characters wide (7 per digit of the default font):
    xlsxwriter stores exactly the width openpyxl stores for ``width``."""
    return 7 * width


def _write_values(ws: Any, col: int, values: Any, formats: Sequence[Any] | None) -> None:
    """Write one column from row 1 down, as pandas writes it: missing values and empty
    text left empty, infinities as the text ``inf`` / ``-inf``, numbers as numbers, the rest as
    text; ``formats``: a format per row (else the column's format applies)."""
    arr = np.asarray(values)
    if arr.dtype.kind in "fiu" and formats is None:
        x = arr.astype(np.float64)
        finite = np.isfinite(x)
        write = ws.write_number
        if finite.all():
            for i, v in enumerate(x.tolist(), start=1):
                write(i, col, v)
            return
        for i, (v, ok) in enumerate(zip(x.tolist(), finite.tolist(), strict=True), start=1):
            if ok:
                write(i, col, v)
            elif not math.isnan(v):
                ws.write_string(i, col, "inf" if v > 0 else "-inf")
        return
    for i, v in enumerate(arr.tolist(), start=1):
        fmt = None if formats is None else formats[i - 1]
        if v is None or v is pd.NA or v == "" or (isinstance(v, float) and math.isnan(v)):
            continue
        if isinstance(v, bool):
            ws.write_boolean(i, col, v, fmt)
        elif isinstance(v, (int, float)):
            if math.isfinite(v):
                ws.write_number(i, col, v, fmt)
            else:
                ws.write_string(i, col, "inf" if v > 0 else "-inf", fmt)
        else:
            ws.write_string(i, col, str(v), fmt)


def _write_xlsxwriter(out: Path, sheets: list[_Sheet], about: list[_AboutRow]) -> None:
    """The same workbook as :func:`_write_openpyxl`, written directly with xlsxwriter
    (column by column from the arrays, not cell by cell through pandas): a column's
    number format is set once on the column, which the cells written without a format
    of their own take, instead of on every cell; the monthly sheet's value cells carry
    their row's format."""
    import xlsxwriter

    # text stays text (no formulas or hyperlinks made from strings), as with openpyxl
    book = xlsxwriter.Workbook(str(out), {"strings_to_formulas": False,
                                          "strings_to_urls": False})
    try:
        header = book.add_format({"bold": True, "bg_color": f"#{_HEADER_FILL}",
                                  "text_wrap": True, "valign": "top"})
        number: dict[str, Any] = {}

        def num(fmt: str) -> Any:
            if fmt not in number:
                number[fmt] = book.add_format({"num_format": fmt})
            return number[fmt]

        ws = book.add_worksheet("about")
        bold = book.add_format({"bold": True})
        for i, (label, value, fmt) in enumerate(about):
            if label:
                ws.write_string(i, 0, label, bold if value is not None else None)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                ws.write_number(i, 1, float(value), book.add_format(
                    {"num_format": fmt or "General", "align": "left"}))
            elif value is not None:
                ws.write_string(i, 1, str(value))
        ws.set_column_pixels(0, 0, _pixels(34))
        ws.set_column_pixels(1, 1, _pixels(100))

        for sh in sheets:
            ws = book.add_worksheet(sh.name)
            columns = [sh.frame[c].to_numpy() for c in sh.frame.columns]
            if sh.index:
                columns.insert(0, sh.frame.index.to_numpy())
            row_fmts = (None if sh.row_formats is None
                        else [num(f) for f in sh.row_formats])
            for j, (text, fmt, width, values) in enumerate(
                    zip(sh.headers, sh.formats, sh.widths, columns, strict=True)):
                ws.set_column_pixels(j, j, _pixels(width), None if fmt is None else num(fmt))
                if text is None:
                    ws.write_blank(0, j, None, header)
                else:
                    ws.write_string(0, j, text, header)
                _write_values(ws, j, values, row_fmts if j in sh.row_format_cols else None)
            ws.freeze_panes(1, 1 if sh.index else 0)
            if sh.chart is not None:
                ch = sh.chart
                chart = book.add_chart({"type": "column", "subtype": "stacked"})
                for j in ch.series:
                    chart.add_series({
                        "name": [sh.name, 0, j],
                        "categories": [sh.name, 1, ch.categories, ch.rows, ch.categories],
                        "values": [sh.name, 1, j, ch.rows, j]})
                chart.set_title({"name": ch.title})
                chart.set_y_axis({"name": ch.y_title})
                chart.set_size({"width": 720, "height": 360})
                ws.insert_chart(ch.anchor[0], ch.anchor[1], chart)
    finally:
        book.close()


@renamed(paths="per_path")
def to_excel(
    result: Result,
    path: str | Path,
    *,
    appetite: Appetite | Mapping[str, Any] | None = None,
    decision: Decision | None = None,
    per_path: bool = False,
    breakeven: Sequence[Breakeven] = (),
) -> Path:
    """Write ``result`` to an Excel workbook a finance team can use, every sheet formatted.

    Parameters
    ----------
    result
        A :class:`ccsim.Result`.
    path
        The ``.xlsx`` file to write (overwritten).
    appetite
        Appetite of the ``decision`` sheet (see :func:`ccsim.decide.decision.decide`); ignored
        when ``decision`` is given.
    decision
        A decision already made on this result.
    per_path
        Include the per-path sheets (``paths``: one row per option and future, it must
        fit in an Excel sheet, 1,048,575 rows; ``inputs``: one row per future). Off by
        default: 4,000 futures of the default scenario are about 1.2 million cells,
        some 40 MB and 40 s with xlsxwriter (the summary sheets alone take well under a
        second and some 100 kB). ``paths=`` is the deprecated old name.
    breakeven
        Exact break-evens (:func:`ccsim.breakeven`) to list first on the break-even
        sheet; the sheet always lists the one-run estimates of the run's own paths.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ValueError
        If the path does not end in ``.xlsx`` or the per-path table does not fit in a
        sheet (leave ``per_path`` off or use ``result.paths().to_parquet``).

    Notes
    -----
    Nothing is simulated: the drivers sheet ranks inputs by their rank correlation with
    each option's paired saving over the baseline in this run's futures
    (:func:`ccsim.sensitivity.input_importance`), and the break-even sheet interpolates
    where each top input's binned mean saving crosses zero (one run, conditional on the
    input; the exact search is :func:`ccsim.breakeven`).
    """

    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        raise ValueError(f"path = {str(out)!r} must end in .xlsx")
    n_rows = len(result.options) * result.n_paths
    if per_path and n_rows + 1 > EXCEL_MAX_ROWS:
        raise ValueError(f"the per-path table has {n_rows:,} rows, more than an Excel sheet "
                         f"holds ({EXCEL_MAX_ROWS - 1:,}); leave per_path off or write "
                         "result.paths().to_parquet(...)")
    from ccsim.sensitivity.breakeven import Breakeven

    exact = list(breakeven)
    for be in exact:
        if not isinstance(be, Breakeven):
            raise TypeError(f"breakeven must hold ccsim.Breakeven results, got "
                            f"{type(be).__name__}")
    engine = _engine()
    if decision is None:
        decision = decide(result, appetite=appetite)
    baseline = decision.baseline
    sheets = [_summary_sheet(result), _decision_sheet(decision)]
    importance = _importance(result, baseline)
    sheets.append(_breakeven_sheet(result, baseline, exact, importance))
    sheets.append(_drivers_sheet(result, baseline, importance))
    flips = _flips_sheet(result, decision)
    if flips is not None:
        sheets.append(flips)
    if per_path:
        sheets.extend(_per_path_sheets(result))
    if result.monthly_data is not None:
        sheets.append(_monthly_sheet(result))
    sheets.append(_assumptions_sheet(result))
    about = _about(result, decision)
    out.parent.mkdir(parents=True, exist_ok=True)
    write = _write_xlsxwriter if engine == "xlsxwriter" else _write_openpyxl
    write(out, sheets, about)
    return out


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its option index (or ``option`` column) in words."""
    f = frame.copy()
    if f.index.name == "option":
        f.index = pd.Index([option_label(str(o)) for o in f.index], name="option")
    if "option" in f.columns:
        f["option"] = [option_label(str(o)) for o in f["option"]]
    return f


def _formats(frame: pd.DataFrame) -> dict[str, str | None]:
    return {str(c): _column_format(str(c), _numbers(frame[c])) for c in frame.columns}


def _summary_sheet(result: Result) -> _Sheet:
    """One row per option, plain headers, with a stacked bar chart of the mean cost by
    part (operating, incident, customer) beside the table."""
    summary = _labelled(result.summary())
    labels = {str(c): _header(str(c)) for c in summary.columns} | {"option": "Option"}
    parts = [f"{k}_mean" for k in COST_PARTS if f"{k}_mean" in summary.columns]
    chart = None
    if parts:
        cols = list(summary.columns)
        chart = _Chart(title="Mean cost by part, NPV (US$)", categories=0,
                       series=tuple(1 + cols.index(c) for c in parts), rows=len(summary),
                       y_title="US$, NPV", anchor=(len(summary) + 3, 0))
        labels |= {c: _PART_WORDS[c[: -len("_mean")]] + " (mean)" for c in parts}
    return _plan("summary", summary, _formats(summary), index=True, labels=labels,
                 chart=chart)


def _decision_sheet(decision: Decision) -> _Sheet:
    dec = _labelled(decision.frame())
    for c in dec.columns:
        if dec[c].dtype == bool:
            dec[c] = ["Yes" if v else "No" for v in dec[c]]
    labels = {str(c): _header(str(c), baseline=decision.baseline,
                              rank_by=decision.appetite.rank_by) for c in dec.columns}
    return _plan("decision", dec, _formats(dec), index=True, labels=labels | {"option": "Option"})


def _focus_pairs(result: Result, baseline: str) -> list[str]:
    return [o for o in result.options if o != baseline]


def _importance(result: Result, baseline: str) -> dict[str, pd.DataFrame]:
    """Each other option's inputs ranked by rank correlation with its paired saving over
    the baseline, from the run's own futures (no re-simulation)."""
    from ccsim.sensitivity.drivers import input_importance

    if result.n_paths < 10:
        return {}
    return {o: input_importance(result, o, baseline=baseline).frame()
            for o in _focus_pairs(result, baseline)}


def _drivers_sheet(result: Result, baseline: str,
                   importance: Mapping[str, pd.DataFrame]) -> _Sheet:
    """The ten inputs most rank-correlated with each option's paired saving over the
    baseline (:func:`_importance`)."""
    rows: list[dict[str, Any]] = []
    if importance:
        for o, frame in importance.items():
            for _, r in frame.head(10).iterrows():
                rho = float(r["spearman"])
                rows.append({
                    "option": option_label(o), "versus": option_label(baseline),
                    "label": input_label(str(r["input"]), result.scenario),
                    "input": str(r["input"]), "spearman": rho, "ci_low": float(r["ci_low"]),
                    "ci_high": float(r["ci_high"]), "contribution": float(r["contribution"]),
                    "direction": ("higher values raise the saving" if rho > 0 else
                                  "higher values cut the saving")})
    cols = ["option", "versus", "label", "input", "spearman", "ci_low", "ci_high",
            "contribution", "direction"]
    frame = pd.DataFrame(rows, columns=cols)
    labels = {"option": "Option", "versus": "Compared with", "label": "Input",
              "input": "Input key", "spearman": "Rank correlation with the saving",
              "ci_low": "95% interval, low", "ci_high": "95% interval, high",
              "contribution": "Share of the spread (screening)", "direction": "Direction"}
    fmts: dict[str, str | None] = {"spearman": "0.00", "ci_low": "0.00", "ci_high": "0.00",
                                   "contribution": excel_format("pct")}
    return _plan("drivers", frame, fmts, index=False, labels=labels)


def _breakeven_sheet(result: Result, baseline: str, exact: Sequence[Breakeven],
                     importance: Mapping[str, pd.DataFrame]) -> _Sheet:
    """Where each option stops paying against the baseline: the exact break-evens given,
    then the one-run estimates (the top inputs' binned mean saving, interpolated to
    zero; no re-simulation)."""
    meta = {p: m for p, _, m in result.scenario.parameters()}
    rows: list[dict[str, Any]] = []
    for be in exact:
        rows.append({"option": option_label(be.option), "versus": option_label(be.baseline),
                     "label": be.label, "input": be.input, "value": be.value,
                     "unit": be.unit, "shown": (plain_value(be.value, be.unit)
                                                if be.value is not None else "none"),
                     "side": ("" if be.slope is None else
                              "above" if be.slope < 0 else "below"),
                     "chance": be.p_beyond, "how": f"exact search, {be.n_paths:,} paths a run",
                     "note": be.sentence()})
    if result.n_paths >= 50:
        from ccsim.present.plotting.spider import breakeven_from_run, spider_table

        for o, imp in importance.items():
            t = spider_table(result, o, baseline, inputs=list(imp["input"].head(4)))
            for _, r in breakeven_from_run(t).iterrows():
                p = str(r["input"])
                x = result.inputs[p]
                side = str(r["direction"])
                v = float(r["value"])
                chance = float(np.mean(x > v)) if side == "above" else float(np.mean(x < v))
                m = meta.get(p, {})
                unit = str(m.get("unit", ""))
                rows.append({"option": option_label(o), "versus": option_label(baseline),
                             "label": str(r["label"]), "input": p, "value": v, "unit": unit,
                             "shown": plain_value(v, unit, str(m.get("doc", ""))),
                             "side": side, "chance": chance,
                             "how": "one run: futures grouped by the input",
                             "note": ""})
    cols = ["option", "versus", "label", "input", "value", "shown", "unit", "side", "chance",
            "how", "note"]
    if not rows:
        rows.append({"note": "In this run no top input's grouped mean saving crosses zero: "
                     "every option keeps its side against the baseline over the inputs' "
                     "assumed ranges. An exact search beyond them: ccsim.breakeven (or "
                     "ccsim breakeven INPUT --option X)."})
    frame = pd.DataFrame(rows, columns=cols)
    labels = {"option": "Option", "versus": "Compared with", "label": "Input",
              "input": "Input key", "value": "Break-even value", "shown": "In words",
              "unit": "Unit", "side": "Stops paying when the input is",
              "chance": "Chance the input is on the losing side", "how": "How found",
              "note": "Note"}
    fmts: dict[str, str | None] = {"value": "#,##0.00", "chance": excel_format("pct")}
    return _plan("break-even", frame, fmts, index=False, labels=labels)


def _flips_sheet(result: Result, decision: Decision) -> _Sheet | None:
    """The inputs that could flip the verdict (the decision's own table), if any."""
    flips = decision.flips
    if flips is None or len(flips) == 0:
        return None
    f = flips.copy()
    keep = [c for c in ("label", "input", "spearman", "ci_low", "ci_high", "adverse_saving",
                        "text") if c in f.columns]
    f = f[keep]
    labels = {"label": "Input", "input": "Input key",
              "spearman": "Rank correlation with the saving", "ci_low": "95% interval, low",
              "ci_high": "95% interval, high",
              "adverse_saving": "Mean saving in the 20% of futures least favourable",
              "text": "In words"}
    fmts: dict[str, str | None] = {"spearman": "0.00", "ci_low": "0.00", "ci_high": "0.00"}
    if "adverse_saving" in f.columns:
        fmts["adverse_saving"] = excel_format("money", _finite(f["adverse_saving"]))
    return _plan("could flip", f, fmts, index=False, labels=labels)


def _per_path_sheets(result: Result) -> list[_Sheet]:
    per_path = result.paths()[["option", "path", *[k for k in PATH_OUTPUTS
                                                   if k in result.outputs]]]
    per_path = _labelled(per_path)
    labels = {str(c): _header(str(c)) for c in per_path.columns}
    inputs = pd.DataFrame({"path": np.arange(result.n_paths), **result.inputs})
    in_labels = {str(c): (input_label(str(c), result.scenario) if c != "path" else "Future")
                 for c in inputs.columns}
    return [_plan("paths", per_path, _formats(per_path), index=False, labels=labels),
            _plan("inputs", inputs,
                  {str(c): (None if c == "path" else _PLAIN) for c in inputs.columns},
                  index=False, labels=in_labels)]


def _monthly_sheet(result: Result) -> _Sheet:
    assert result.monthly_data is not None
    monthly = pd.concat({m: result.monthly(m) for m in result.monthly_data},
                        names=["metric"]).reset_index()
    values = monthly.drop(columns=["metric", "option", "month"], errors="ignore")
    by_metric = {m: _fmt_for(str(m), _numbers(values[monthly["metric"] == m]))
                 or _PLAIN for m in monthly["metric"].unique()}
    row_formats = tuple(by_metric[m] for m in monthly["metric"])
    shown = _labelled(monthly)
    shown["metric"] = [MONTHLY[m].label if m in MONTHLY else str(m) for m in monthly["metric"]]
    labels = {"metric": "Measure", "month": "Month", "option": "Option", "mean": "Mean",
              "p05": "5th percentile", "p25": "25th percentile", "p50": "Median",
              "p75": "75th percentile", "p95": "95th percentile"}
    return _plan("monthly", shown, {}, index=False, row_formats=row_formats, labels=labels,
                 row_format_keys=("metric", "month", "option"))


def _plain_words(text: str) -> str:
    """Wording of the assumptions' text: "per per agent" -> "per agent", "1 months" ->
    "1 month"."""
    import re

    text = text.replace("per per ", "per ")
    return re.sub(r"(?<![\d.,])1 (month|week|year|day|hour)s\b", r"1 \1", text)


def _assumptions_sheet(result: Result) -> _Sheet:
    table = assumptions_table(result.scenario)
    table.insert(1, "plain name", [input_label(p, result.scenario) for p in table["input"]])
    table.insert(2, "in words", [_plain_words(describe_input(result.scenario, p))
                                 for p in table["input"]])
    labels = {"input": "Input key", "plain name": "Input", "in words": "In words",
              "kind": "Kind (fact, future, judgement)", "form": "Fixed or uncertain",
              "value": "Value as entered", "mean": "Mean", "p05": "5th percentile",
              "p95": "95th percentile", "unit": "Unit", "meaning": "Meaning",
              "source": "Source"}
    return _plan("assumptions", table,
                 {c: (_PLAIN if c in ("mean", "p05", "p95") else None) for c in table.columns},
                 index=False, labels=labels)


def _about(result: Result, decision: Decision) -> list[_AboutRow]:
    """The first sheet: the scenario's name, its key inputs, the run and the verdict."""
    from ccsim.run.sizing import month0_plan

    sc = result.scenario
    meta = {p: (v, m) for p, v, m in sc.parameters()}

    def central(p: str) -> float | None:
        if p not in meta:
            return None
        v = meta[p][0]
        try:
            from ccsim.dist import as_distribution, is_uncertain

            return float(as_distribution(v).mean()) if is_uncertain(v) else float(v)
        except (TypeError, ValueError):
            return None

    rows: list[_AboutRow] = [(f"ccsim result: {sc.name}", None, None), ("", None, None),
                             ("Scenario", sc.name, None)]
    try:
        agents: float | None = month0_plan(sc)
    except (ValueError, ArithmeticError):
        agents = None
    key = [("In-house agents today (FTE)", agents, "#,##0"),
           ("Calls a month today", central("demand.base_volume"), "#,##0"),
           ("Mean handle time (seconds)", central("service.aht_s"), "#,##0"),
           ("Horizon (months)", float(result.horizon), "#,##0"),
           ("Options", ", ".join(option_label(o) for o in result.options), None),
           ("Baseline", option_label(decision.baseline), None),
           ("Simulated futures", float(result.n_paths), "#,##0"),
           ("Seed", str(result.seed.entropy), None),
           ("", None, None),
           ("Verdict", " ".join(decision.verdict.split()), None),
           ("Appetite", decision.appetite.describe(), None)]
    rows += [r for r in key if r[0] == "" or r[1] is not None]
    if decision.tradeoff:
        rows.append(("Trade-off", decision.tradeoff, None))
    rows += [("", None, None),
             ("Costs are NPV in US$ over the horizon; saving = baseline cost - option "
              "cost (positive = cheaper). A Monte Carlo standard error is the precision of "
              "a mean (how far it could move with more futures), not the spread of "
              "outcomes.", None, None),
             ("Sheets: summary (with a chart of mean cost by part), decision, break-even, "
              "drivers, could flip (when any input could), monthly, assumptions; per-path "
              "sheets when asked for (per_path=True, or --per-path).", None, None)]
    return rows


def to_xarray(result: Result) -> Any:
    """The result as an :class:`xarray.Dataset` over ``option``, ``path`` and ``month``.

    Per-path outputs are ``(option, path)`` variables, monthly trajectories
    ``(option, path, month)`` (when kept) and drawn inputs ``(path,)`` variables named
    by their dotted path. Attributes: scenario name, seed, horizon and each output's
    label and unit.
    """
    try:
        import xarray as xr
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("to_xarray needs xarray: pip install 'ccsim[xarray]'") from err
    coords = {"option": list(result.options), "path": np.arange(result.n_paths)}
    data: dict[str, Any] = {}
    for k in PATH_OUTPUTS:
        if k in result.outputs:
            o = OUTPUTS[k]
            data[k] = xr.Variable(("option", "path"), result.outputs[k],
                                  attrs={"label": o.label, "unit": o.unit})
    for k in result.outputs:
        if k not in data:
            data[k] = xr.Variable(("option", "path"), result.outputs[k])
    if result.monthly_data is not None:
        coords["month"] = np.arange(result.horizon)
        for k, arr in result.monthly_data.items():
            m = MONTHLY.get(k)
            data[f"monthly_{k}"] = xr.Variable(
                ("option", "path", "month"), arr,
                attrs={"label": m.label, "unit": m.unit} if m is not None else {})
    for k, v in result.inputs.items():
        data[f"input:{k}"] = xr.Variable(("path",), v, attrs={"input": k})
    return xr.Dataset(data, coords=coords, attrs={
        "scenario": result.scenario.name, "seed_entropy": str(result.seed.entropy),
        "horizon_months": result.horizon, "n_paths": result.n_paths})


def result_html(result: Result) -> str:
    """HTML summary of a result: one row per option, money and percentages formatted."""
    s = result.summary()
    n = result.n_paths
    z = 1.959963984540054
    rows = []
    for o, r in s.iterrows():
        prec = (f"±{fmt_money(z * float(r['cost_se']))}" if n > 1 else "-")
        rows.append(
            f"<tr><td>{html.escape(str(o))}</td><td>{fmt_money(float(r['cost_mean']))}</td>"
            f"<td>{prec}</td>"
            + "".join(f"<td>{fmt_money(float(r[f'{k}_mean']))}</td>" for k in COST_PARTS)
            + f"<td>{fmt_money(float(r['cost_p05']))} to "
            f"{fmt_money(float(r['cost_p95']))}</td><td>{fmt_money(float(r['cost_cvar95']))}"
            f"</td><td>{fmt_pct(float(r['p_cheapest']))}</td><td>{float(r['csat_mean']):.1f}"
            f"</td><td>{fmt_pct(float(r['service_level_mean']))}</td>"
            f"<td>{fmt_pct(float(r['p_exit']))}</td></tr>")
    head = ("<tr><th>option</th><th>mean cost</th><th>MC precision</th>"
            "<th>operating</th><th>incident</th><th>customer</th><th>90% of futures</th><th>worst-5% mean</th><th>P(cheapest)</th>"
            "<th>mean CSAT</th><th>service level</th><th>P(exit)</th></tr>")
    secs = "" if not math.isfinite(result.elapsed_s) else f", {result.elapsed_s:.1f} s"
    return (f"<div><p><b>ccsim.Result</b>: {len(result.options)} options x {n:,} simulated "
            f"futures x {result.horizon} months (seed {result.seed.entropy}{secs}); costs "
            f"are NPV in US$.</p><table>{head}{''.join(rows)}</table>"
            "<p><small>MC precision: 95% Monte Carlo interval of the mean (how far it could "
            "move with more futures), not the spread of outcomes. Mean cost = operating "
            "(cash to run the centre) + incident (data breaches where they happen) + "
            "customer (margin of customers lost).</small></p></div>")
