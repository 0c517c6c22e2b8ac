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
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ccsim.conventions import renamed
from ccsim.decide.decision import Appetite, Decision, decide
from ccsim.format import fmt_money, fmt_pct
from ccsim.outputs import COST_PARTS, MONTHLY, OUTPUTS, PATH_OUTPUTS
from ccsim.present.workbook import (  # noqa: F401 - CENTS, YES_NO, _fmt_for: public here too
    _HEADER_FILL,
    CENTS,
    YES_NO,
    _AboutRow,
    _fmt_for,
    _Sheet,
    plan_sheets,
)

if TYPE_CHECKING:
    from ccsim.result import Result
    from ccsim.sensitivity.breakeven import Breakeven

__all__ = ["EXCEL_MAX_ROWS", "result_html", "to_excel", "to_xarray"]

#: Rows of one Excel sheet, header included.
EXCEL_MAX_ROWS = 1_048_576

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
    sheets, about = plan_sheets(result, decision, per_path=per_path, breakeven=exact)
    out.parent.mkdir(parents=True, exist_ok=True)
    write = _write_xlsxwriter if engine == "xlsxwriter" else _write_openpyxl
    write(out, sheets, about)
    return out


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
