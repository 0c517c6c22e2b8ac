"""Result tables for the terminal: money, shares and CSAT as :mod:`ccsim.format` writes
them (``$15.3M``, ``83.4%``), inputs in their units, options in words; never
scientific notation."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ccsim.scenario import Scenario

from ccsim.format import fmt_count, fmt_money, fmt_number, fmt_pct, option_label

__all__ = ["shown", "tornado_shown"]

def _column_kind(column: str) -> str:
    """How a summary column prints: ``money``, ``pct``, ``points`` (CSAT) or ``number``."""
    from ccsim.outputs import OUTPUTS

    if column.startswith("p_"):
        return "pct"
    if column.startswith(("cost_", "saving_", "rank_value")) or "_cost_" in column:
        return "money"
    if column.startswith("csat_"):
        return "points"
    head = column.rsplit("_", 1)[0]
    for key in (column, head):
        if key in OUTPUTS:
            return OUTPUTS[key].kind
    return "number"


def _cell(kind: str, v: Any) -> str:
    if isinstance(v, str) or v is None:
        return "" if v is None else v
    x = float(v)
    if kind == "money":
        return fmt_money(x)
    if kind == "pct":
        return fmt_pct(x, 1)
    if kind == "points":
        return fmt_number(round(x, 1)) if math.isfinite(x) else "n/a"
    if kind in ("count", "months"):
        return fmt_count(x)
    return fmt_number(x)


def shown(df: Any, scenario: Scenario) -> Any:
    """A copy of a result table for the terminal: money, shares and CSAT as
    :mod:`ccsim.format` writes them, swept inputs in their units, options in words."""
    from ccsim.assumptions import plain_value

    meta = {p: m for p, _, m in scenario.parameters()}
    shown = df.copy()
    for c in shown.columns:
        col = shown[c]
        if c == "option":
            shown[c] = [option_label(str(v)) for v in col]
        elif c in meta:
            unit, doc = str(meta[c].get("unit", "")), str(meta[c].get("doc", ""))
            shown[c] = [plain_value(float(v), unit, doc) for v in col]
        elif c != "point" and col.dtype.kind in "fiu":
            kind = _column_kind(str(c))
            shown[c] = [_cell(kind, v) for v in col]
    return shown


def tornado_shown(table: Any, scenario: Scenario, metric: str, stat: str) -> Any:
    """The tornado table for the terminal: each input's plain name and key, its low and
    high values in their units, the statistic as :mod:`ccsim.format` writes it."""
    import pandas as pd

    from ccsim.assumptions import input_label, plain_value
    from ccsim.stats.tables import metric_kind

    meta = {p: m for p, _, m in scenario.parameters()}
    kind = metric_kind(metric)
    stat_kind = "pct" if stat.startswith("p_") else kind

    def val(p: str, v: float) -> str:
        m = meta.get(p, {})
        return plain_value(float(v), str(m.get("unit", "")), str(m.get("doc", "")))

    rows = {
        "input": [input_label(str(p), scenario) for p in table["input"]],
        "key": [str(p) for p in table["input"]],
        "low value": [val(str(p), v) for p, v in zip(table["input"], table["low_value"],
                                                     strict=True)],
        "high value": [val(str(p), v) for p, v in zip(table["input"], table["high_value"],
                                                      strict=True)],
    }
    for c, head in (("stat_low", "at low"), ("stat_high", "at high"), ("swing", "swing"),
                    ("base", "base")):
        rows[head] = [_cell(stat_kind, v) for v in table[c]]
    return pd.DataFrame(rows)
