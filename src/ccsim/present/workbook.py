"""The sheets of the Excel workbook (:func:`ccsim.present.export.to_excel`): what each
holds, its plain headers and the number format of every column, independent of the
engine that writes them.

Headers are in words (the outputs' labels, the statistics' names), options by
:func:`ccsim.format.option_label`; money takes the band :func:`ccsim.format.fmt_money`
prints, a money rate (a cost per call) keeps its cents, shares are percentages, counts
whole numbers and 0/1 flags per future Yes/No. Nothing here simulates: the drivers and
break-even sheets use the run's own futures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ccsim.assumptions import assumptions_table, describe_input, input_label, plain_value
from ccsim.decide.decision import Decision, stat_text
from ccsim.format import excel_format, option_label
from ccsim.outputs import COST_PARTS, MONTHLY, OUTPUTS, PATH_OUTPUTS

if TYPE_CHECKING:
    from ccsim.result import Result
    from ccsim.sensitivity.breakeven import Breakeven

__all__ = ["CENTS", "YES_NO", "plan_sheets"]

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




def plan_sheets(result: Result, decision: Decision, *, per_path: bool,
                breakeven: Sequence[Breakeven]) -> tuple[list[_Sheet], list[_AboutRow]]:
    """Every sheet of the workbook, in order, and the rows of the first (about) sheet."""
    baseline = decision.baseline
    sheets = [_summary_sheet(result), _decision_sheet(decision)]
    importance = _importance(result, baseline)
    sheets.append(_breakeven_sheet(result, baseline, breakeven, importance))
    sheets.append(_drivers_sheet(result, baseline, importance))
    flips = _flips_sheet(result, decision)
    if flips is not None:
        sheets.append(flips)
    if per_path:
        sheets.extend(_per_path_sheets(result))
    if result.monthly_data is not None:
        sheets.append(_monthly_sheet(result))
    sheets.append(_assumptions_sheet(result))
    return sheets, _about(result, decision)
