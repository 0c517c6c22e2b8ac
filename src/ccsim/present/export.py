"""For finance and Jupyter: Excel workbook, xarray cube and HTML view of a result.

- :func:`to_excel` (``result.to_excel(path)``): a workbook with the sheets
  ``about``, ``summary``, ``decision``, ``paths`` (one row per option and future:
  every output), ``inputs`` (one row per future: every drawn input, shared by the
  options), ``monthly`` (month x option quantiles, when trajectories were kept) and
  ``assumptions`` (every input), each with number formats, column widths and a frozen
  header. Written with ``xlsxwriter`` (several times faster), or ``openpyxl`` when
  only that is installed (``pip install ccsim[excel]`` installs both; reading the
  workbook back with pandas needs openpyxl).
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

from ccsim.assumptions import assumptions_table, describe_input, input_label
from ccsim.decide.decision import Appetite, Decision, decide
from ccsim.format import excel_format, fmt_money, fmt_pct
from ccsim.outputs import COST_PARTS, MONTHLY, OUTPUTS, PATH_OUTPUTS

if TYPE_CHECKING:
    from ccsim.result import Result

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


def _plan(name: str, frame: pd.DataFrame, formats: Mapping[str, str | None], *,
          index: bool, row_formats: tuple[str, ...] | None = None) -> _Sheet:
    """Number format and width of every column: widths from the content (first 200
    values), at most 16 for a formatted number column."""
    columns: list[tuple[str | None, str, Any]] = [(str(c), str(c), frame[c])
                                                  for c in frame.columns]
    if index:
        name_ = frame.index.name
        columns.insert(0, (None if name_ is None else str(name_), str(name_ or "index"),
                           frame.index))
    headers: list[str | None] = []
    fmts: list[str | None] = []
    widths: list[int] = []
    for header, key, values in columns:
        fmt = formats.get(key)
        texts = [str(v) for v in list(values[:200])]
        width = max([len(key), *(len(t) for t in texts)] or [8])
        if fmt is not None:
            width = min(width, 16)
        headers.append(header)
        fmts.append(fmt)
        widths.append(max(8, min(60, width + 2)))
    value_cols: tuple[int, ...] = ()
    if row_formats is not None:
        value_cols = tuple(j + int(index) for j, c in enumerate(frame.columns)
                           if str(c) not in ("metric", "month", "option"))
    return _Sheet(name, frame, index, tuple(headers), tuple(fmts), tuple(widths),
                  row_formats, value_cols)


def _write_openpyxl(out: Path, sheets: list[_Sheet], about: list[str]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    with pd.ExcelWriter(out, engine="openpyxl") as xw:
        for sh in sheets:
            sh.frame.to_excel(xw, sheet_name=sh.name, index=sh.index)
            ws = xw.sheets[sh.name]
            if sh.row_formats is not None:
                for i, row_fmt in enumerate(sh.row_formats, start=2):
                    for j in sh.row_format_cols:
                        ws.cell(row=i, column=j + 1).number_format = row_fmt
            for j, (fmt, width) in enumerate(zip(sh.formats, sh.widths, strict=True), start=1):
                cell = ws.cell(row=1, column=j)
                cell.font = Font(bold=True)
                cell.fill = header_fill
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if fmt is not None:
                    for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                        for c in row:
                            c.number_format = fmt
                ws.column_dimensions[get_column_letter(j)].width = width
            ws.freeze_panes = "B2" if sh.index else "A2"
        ws = xw.book.create_sheet("about", 0)
        for i, line in enumerate(about, start=1):
            ws.cell(row=i, column=1, value=line)
        ws.column_dimensions["A"].width = 120


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


def _write_xlsxwriter(out: Path, sheets: list[_Sheet], about: list[str]) -> None:
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
        ws = book.add_worksheet("about")
        for i, line in enumerate(about):
            ws.write_string(i, 0, line)
        ws.set_column_pixels(0, 0, _pixels(120))
        header = book.add_format({"bold": True, "bg_color": f"#{_HEADER_FILL}",
                                  "text_wrap": True, "valign": "top"})
        number: dict[str, Any] = {}

        def num(fmt: str) -> Any:
            if fmt not in number:
                number[fmt] = book.add_format({"num_format": fmt})
            return number[fmt]

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
    finally:
        book.close()


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
        Appetite of the ``decision`` sheet (see :func:`ccsim.decide.decision.decide`); ignored
        when ``decision`` is given.
    decision
        A decision already made on this result.
    paths
        Include the per-path sheets (``paths``: one row per option and future, it must
        fit in an Excel sheet, 1,048,575 rows; ``inputs``: one row per future).
        4,000 futures of the default scenario are about 1.2 million cells: some 20 s
        with xlsxwriter, about 90 s with openpyxl (used when xlsxwriter is not
        installed); pass ``paths=False`` for the summary sheets only.

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

    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        raise ValueError(f"path = {str(out)!r} must end in .xlsx")
    n_rows = len(result.options) * result.n_paths
    if paths and n_rows + 1 > EXCEL_MAX_ROWS:
        raise ValueError(f"the per-path table has {n_rows:,} rows, more than an Excel sheet "
                         f"holds ({EXCEL_MAX_ROWS - 1:,}); pass paths=False or write "
                         "result.paths().to_parquet(...)")
    engine = _engine()
    if decision is None:
        decision = decide(result, appetite=appetite)
    summary = result.summary()
    dec = decision.frame()
    sheets = [
        _plan("summary", summary, {str(c): _fmt_for(str(c), _numbers(summary[c])) for c in summary.columns},
              index=True),
        _plan("decision", dec, {str(c): _fmt_for(str(c), _numbers(dec[c])) for c in dec.columns}, index=True),
    ]
    if paths:
        per_path = result.paths()[["option", "path", *[k for k in PATH_OUTPUTS
                                                       if k in result.outputs]]]
        sheets.append(_plan("paths", per_path,
                            {str(c): _fmt_for(str(c), _numbers(per_path[c]))
                             for c in per_path.columns}, index=False))
        inputs = pd.DataFrame({"path": np.arange(result.n_paths), **result.inputs})
        sheets.append(_plan("inputs", inputs,
                            {str(c): (None if c == "path" else _PLAIN) for c in inputs.columns},
                            index=False))
    if result.monthly_data is not None:
        monthly = pd.concat({m: result.monthly(m) for m in result.monthly_data},
                            names=["metric"]).reset_index()
        values = monthly.drop(columns=["metric", "option", "month"], errors="ignore")
        by_metric = {m: _fmt_for(str(m), _numbers(values[monthly["metric"] == m]))
                     or _PLAIN for m in monthly["metric"].unique()}
        row_formats = tuple(by_metric[m] for m in monthly["metric"])
        sheets.append(_plan("monthly", monthly, {}, index=False, row_formats=row_formats))
    table = assumptions_table(result.scenario)

    table.insert(1, "plain name", [input_label(p, result.scenario) for p in table["input"]])
    table.insert(2, "in words", [describe_input(result.scenario, p) for p in table["input"]])
    sheets.append(_plan("assumptions", table,
                        {c: (_PLAIN if c in ("mean", "p05", "p95") else None)
                         for c in table.columns}, index=False))
    about = [
        f"ccsim result: {result.scenario.name}",
        (f"{len(result.options)} options x {result.n_paths:,} simulated futures x "
         f"{result.horizon} months, seed {result.seed.entropy}"),
        decision.verdict,
        f"Appetite: {decision.appetite.describe()}",
        ("Costs are NPV in US$; saving = baseline cost - option cost (positive = "
         "cheaper); cost_se is the Monte Carlo standard error of the mean."),
    ]
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
