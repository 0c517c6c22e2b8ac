"""Jupyter's HTML views of analysis results, numbers written by :mod:`ccsim.format`.

Examples
--------
>>> t = pd.DataFrame({"saving_mean": [-2.4e6], "p_better": [0.734]}, index=["offshore"])
>>> "<td>-$2.4M</td>" in _html_table(t, "money"), "<td>73.4%</td>" in _html_table(t, "money")
(True, True)
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ccsim.format import fmt_value

__all__: list[str] = []


def _html_table(df: pd.DataFrame, kind: str, stat_of: Any = None) -> str:
    """HTML of an estimate table with formatted money and percentages."""
    shown = df.copy()
    for col in shown.columns:
        if pd.api.types.is_float_dtype(shown[col]):
            stats = [str(stat_of(i, col)) if stat_of else str(col) for i in shown.index]
            shown[col] = [fmt_value(kind, float(v), stat=st)
                          for st, v in zip(stats, shown[col], strict=True)]
    return str(shown.to_html(escape=True))
