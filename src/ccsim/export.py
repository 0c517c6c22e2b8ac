"""For finance and Jupyter: Excel workbook, xarray cube and HTML view of a result.

- :func:`to_excel` (``result.to_excel(path)``): a workbook with the sheets
  ``about``, ``summary``, ``decision``, ``paths`` (one row per option and future:
  every output), ``inputs`` (one row per future: every drawn input, shared by the
  options), ``monthly`` (month x option quantiles, when trajectories were kept) and
  ``assumptions`` (every input), each with number formats, column widths and a frozen
  header. Needs ``openpyxl`` (``pip install ccsim[excel]``).
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
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ccsim.decision import Appetite, Decision, decide, fmt_money, fmt_pct
from ccsim.outputs import MONTHLY, OUTPUTS, PATH_OUTPUTS

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = ["EXCEL_MAX_ROWS", "result_html", "to_excel", "to_xarray"]

#: Rows of one Excel sheet, header included.
EXCEL_MAX_ROWS = 1_048_576

_MONEY = '"$"#,##0'
_PCT = "0.0%"
_POINTS = "0.0"
_INDEX = "0.000"
_COUNT = "#,##0"
_PLAIN = "#,##0.####"

#: Number format of the summary / decision columns that are not per-path outputs.
_SUMMARY_FORMATS = {
    "cost_": _MONEY, "csat_": _POINTS, "service_level_mean": _PCT, "abandon_rate": _PCT,
    "p_": _PCT, "rank_value": _MONEY, "operating_mean": _MONEY, "customer_mean": _MONEY,
    "saving_mean": _MONEY,
}


def _fmt_for(column: str) -> str | None:
    out = OUTPUTS.get(column) or MONTHLY.get(column)
    if out is not None:
        return {"money": _MONEY, "pct": _PCT, "points": _POINTS, "index": _INDEX,
                "count": _COUNT, "months": _COUNT}.get(out.kind, _PLAIN)
    if column in ("operating_cost", "customer_cost"):
        return _MONEY
    for prefix, f in _SUMMARY_FORMATS.items():
        if column.startswith(prefix) or column == prefix:
            return f
    return None


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("to_excel needs openpyxl: pip install 'ccsim[excel]'") from err
    return openpyxl


def _format_sheet(ws: Any, frame: pd.DataFrame, formats: Mapping[str, str | None],
                  *, index: bool) -> None:
    """Bold frozen header, number formats per column, widths from the content."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns: list[tuple[str, Any]] = [(str(c), frame[c]) for c in frame.columns]
    if index:
        columns.insert(0, (str(frame.index.name or "index"), frame.index))
    header_fill = PatternFill("solid", fgColor="EEEEEE")
    for j, (name, values) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        fmt = formats.get(name)
        texts = [str(v) for v in list(values[:200])]
        width = max([len(name), *(len(t) for t in texts)] or [8])
        if fmt is not None:
            width = min(width, 16)
            for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                for c in row:
                    c.number_format = fmt
        ws.column_dimensions[get_column_letter(j)].width = max(8, min(60, width + 2))
    ws.freeze_panes = "B2" if index else "A2"


def to_excel(
    result: Result,
    path: str | Path,
    *,
    appetite: Appetite | Mapping[str, Any] | None = None,
    decision: Decision | None = None,
    paths: bool = True,
) -> Path:
    """Write ``result`` to an Excel workbook, every sheet formatted.

    Parameters
    ----------
    result
        A :class:`ccsim.Result`.
    path
        The ``.xlsx`` file to write (overwritten).
    appetite
        Appetite of the ``decision`` sheet (see :func:`ccsim.decision.decide`); ignored
        when ``decision`` is given.
    decision
        A decision already made on this result.
    paths
        Include the per-path sheets (``paths``: one row per option and future, it must
        fit in an Excel sheet, 1,048,575 rows; ``inputs``: one row per future).
        openpyxl writes roughly 10,000-50,000 cells a second: 4,000 futures of five
        options take about a minute; pass ``paths=False`` for the summary sheets only.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    ValueError
        If the path does not end in ``.xlsx`` or the per-path table does not fit in a
        sheet (pass ``paths=False`` or use ``result.paths().to_parquet``).
    """
    from ccsim.report import assumptions_table

    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        raise ValueError(f"path = {str(out)!r} must end in .xlsx")
    n_rows = len(result.options) * result.n_paths
    if paths and n_rows + 1 > EXCEL_MAX_ROWS:
        raise ValueError(f"the per-path table has {n_rows:,} rows, more than an Excel sheet "
                         f"holds ({EXCEL_MAX_ROWS - 1:,}); pass paths=False or write "
                         "result.paths().to_parquet(...)")
    _openpyxl()
    if decision is None:
        decision = decide(result, appetite=appetite)
    summary = result.summary()
    dec = decision.frame()
    sheets: list[tuple[str, pd.DataFrame, bool]] = [("summary", summary, True),
                                                    ("decision", dec, True)]
    if paths:
        per_path = result.paths()[["option", "path", *[k for k in PATH_OUTPUTS
                                                       if k in result.outputs]]]
        sheets.append(("paths", per_path, False))
        inputs = pd.DataFrame({"path": np.arange(result.n_paths), **result.inputs})
        sheets.append(("inputs", inputs, False))
    if result.monthly_data is not None:
        monthly = pd.concat({m: result.monthly(m) for m in result.monthly_data},
                            names=["metric"]).reset_index()
        sheets.append(("monthly", monthly, False))
    table = assumptions_table(result.scenario)
    from ccsim.assumptions import describe_input, input_label

    table.insert(1, "plain name", [input_label(p, result.scenario) for p in table["input"]])
    table.insert(2, "in words", [describe_input(result.scenario, p) for p in table["input"]])
    sheets.append(("assumptions", table, False))
    out.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(out, engine="openpyxl") as xw:
        for name, frame, index in sheets:
            frame.to_excel(xw, sheet_name=name, index=index)
            ws = xw.sheets[name]
            if name == "monthly":
                metric_fmt = {m: _fmt_for(m) for m in MONTHLY}
                _format_monthly(ws, frame, metric_fmt)
            formats = {str(c): _fmt_for(str(c)) for c in frame.columns}
            if name == "inputs":
                formats = {str(c): (None if c == "path" else _PLAIN) for c in frame.columns}
            if name == "assumptions":
                formats = {c: (_PLAIN if c in ("mean", "p05", "p95") else None)
                           for c in frame.columns}
            if name == "monthly":
                formats = {c: None for c in frame.columns}
            _format_sheet(ws, frame, formats, index=index)
        ws = xw.book.create_sheet("about", 0)
        ws["A1"] = f"ccsim result: {result.scenario.name}"
        ws["A2"] = (f"{len(result.options)} options x {result.n_paths:,} simulated futures x "
                    f"{result.horizon} months, seed {result.seed.entropy}")
        ws["A3"] = decision.verdict
        ws["A4"] = f"Appetite: {decision.appetite.describe()}"
        ws["A5"] = ("Costs are NPV in US$; saving = baseline cost - option cost (positive = "
                    "cheaper); cost_se is the Monte Carlo standard error of the mean.")
        ws.column_dimensions["A"].width = 120
    return out


def _format_monthly(ws: Any, frame: pd.DataFrame, metric_fmt: Mapping[str, str | None]) -> None:
    """Number format of each monthly row by its metric (money, percent, points...)."""
    value_cols = [j + 1 for j, c in enumerate(frame.columns)
                  if str(c) not in ("metric", "month", "option")]
    for i, metric in enumerate(frame["metric"], start=2):
        fmt = metric_fmt.get(str(metric)) or _PLAIN
        for j in value_cols:
            ws.cell(row=i, column=j).number_format = fmt


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
            f"<td>{prec}</td><td>{fmt_money(float(r['cost_p05']))} to "
            f"{fmt_money(float(r['cost_p95']))}</td><td>{fmt_money(float(r['cost_cvar95']))}"
            f"</td><td>{fmt_pct(float(r['p_cheapest']))}</td><td>{float(r['csat_mean']):.1f}"
            f"</td><td>{fmt_pct(float(r['service_level_mean']))}</td>"
            f"<td>{fmt_pct(float(r['p_exit']))}</td></tr>")
    head = ("<tr><th>option</th><th>mean cost</th><th>MC precision</th>"
            "<th>90% of futures</th><th>worst-5% mean</th><th>P(cheapest)</th>"
            "<th>mean CSAT</th><th>service level</th><th>P(exit)</th></tr>")
    secs = "" if not math.isfinite(result.elapsed_s) else f", {result.elapsed_s:.1f} s"
    return (f"<div><p><b>ccsim.Result</b>: {len(result.options)} options x {n:,} simulated "
            f"futures x {result.horizon} months (seed {result.seed.entropy}{secs}); costs "
            f"are NPV in US$.</p><table>{head}{''.join(rows)}</table>"
            "<p><small>MC precision: 95% Monte Carlo interval of the mean (how far it could "
            "move with more futures), not the spread of outcomes.</small></p></div>")
