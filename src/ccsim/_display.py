"""Numbers as a reader wants them in ``repr`` and Jupyter's HTML views of analysis results:
money in $M / $k, shares in %, other numbers with four significant digits.

Examples
--------
>>> _fmt_value("money", "saving_mean", -2.4e6), _fmt_value("money", "p_better", 0.734)
('−$2.40M', '73.4%')
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__: list[str] = []


def _fmt_value(kind: str, stat: str, v: float) -> str:
    """A number as a reader wants it: money in $M/$k, shares in %, others with 4 digits."""
    if not np.isfinite(v):
        return "n/a"
    if stat.startswith("p_") or kind == "pct":
        return f"{100 * v:.1f}%"
    if kind == "money":
        a = abs(v)
        sign = "\N{MINUS SIGN}" if v < 0 else ""
        if a >= 1e6:
            return f"{sign}${a / 1e6:,.2f}M"
        if a >= 1e3:
            return f"{sign}${a / 1e3:,.1f}k"
        return f"{sign}${a:,.0f}"
    return f"{v:,.4g}"


def _html_table(df: pd.DataFrame, kind: str, stat_of: Any = None) -> str:
    """HTML of an estimate table with formatted money and percentages."""
    shown = df.copy()
    for col in shown.columns:
        if pd.api.types.is_float_dtype(shown[col]):
            stats = [str(stat_of(i, col)) if stat_of else str(col) for i in shown.index]
            shown[col] = [_fmt_value(kind, st, float(v))
                          for st, v in zip(stats, shown[col], strict=True)]
    return str(shown.to_html(escape=True))
