"""The one way ccsim writes numbers and option names for a reader.

Tables, figures, the board pack, the command line and Excel all call this module, so a
number prints the same wherever it appears.

Conventions
-----------
* **Minus sign**: the ASCII hyphen-minus ``-``, before the currency sign (``-$2.4M``). It
  survives every terminal encoding, CSV file and copy-paste into a spreadsheet, and it is
  the sign Excel itself shows.
* **Money** (US$) by size: billions and millions with one decimal (``$15.3M``), ten
  thousand and up in thousands (``$12.3k``, ``$850k``), a hundred and up in whole dollars
  (``$4,500``), under a hundred with cents (``$12.34``, a price or a cost per call). A value
  that rounds to zero prints as ``$0``.
* **Shares** as percentages with ``digits`` decimals (``83%``); a nonzero share that would
  round to 0% or 100% keeps one more decimal so it is not mistaken for a certainty.
* **Counts** with thousands separators (``1,234``); **other numbers** with four
  significant digits.
* **Option names** in words: ``in_house`` -> ``In-house``, ``near_shore_b`` ->
  ``Near shore b``.

Examples
--------
>>> fmt_money(-2.4e6), fmt_money(15_347_370.0), fmt_money(4_500.0), fmt_money(12.344)
('-$2.4M', '$15.3M', '$4,500', '$12.34')
>>> fmt_money(-8.5e5), fmt_money(12_340.0), fmt_money(2.5e9), fmt_money(999_960.0)
('-$850k', '$12.3k', '$2.5B', '$1.0M')
>>> fmt_pct(0.834), fmt_pct(0.834, 1), fmt_pct(0.004), fmt_pct(0.9996)
('83%', '83.4%', '0.4%', '99.96%')
>>> fmt_value("money", -2.4e6), fmt_value("money", 0.734, stat="p_better")
('-$2.4M', '73.4%')
>>> option_label("in_house"), option_label("offshore_2")
('In-house', 'Offshore 2')
>>> excel_format("money", [-2.4e6, 1.5e7])
'"$"#,##0.0,,"M";-"$"#,##0.0,,"M"'
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = [
    "MINUS",
    "excel_format",
    "fmt_count",
    "fmt_money",
    "fmt_number",
    "fmt_pct",
    "fmt_value",
    "option_label",
]

#: The minus sign of every formatted number.
MINUS = "-"

#: Money bands: (lower bound of |x|, divisor, suffix, decimals), largest first.
_BANDS: tuple[tuple[float, float, str, int], ...] = (
    (1e9, 1e9, "B", 1),
    (1e6, 1e6, "M", 1),
    (1e5, 1e3, "k", 0),
    (1e4, 1e3, "k", 1),
    (1e2, 1.0, "", 0),
    (0.0, 1.0, "", 2),
)


def _band(a: float, digits: int | None) -> tuple[float, str, int]:
    """Divisor, suffix and decimals for a magnitude ``a``.

    A value that rounds up into the next band takes that band (999,960 is ``$1.0M``,
    not ``$1000k``).
    """
    for k, (lo, div, suffix, d) in enumerate(_BANDS):
        if a >= lo:
            if digits is not None and suffix in ("B", "M"):
                d = digits
            if k > 0 and round(a / div, d) * div >= _BANDS[k - 1][0]:
                return _band(_BANDS[k - 1][0], digits)
            return div, suffix, d
    return 1.0, "", 2  # pragma: no cover - the last band starts at 0


def fmt_money(x: float, digits: int | None = None) -> str:
    """US$ of ``x`` by the size rule above; ``digits`` overrides the decimals of $M/$B.

    >>> fmt_money(-2.4e6), fmt_money(1.25e6, digits=2), fmt_money(float("nan"))
    ('-$2.4M', '$1.25M', 'n/a')
    """
    x = float(x)
    if not math.isfinite(x):
        return "n/a"
    a = abs(x)
    if round(a, 2) == 0.0:
        return "$0"
    div, suffix, d = _band(a, digits)
    body = f"{a / div:,.{d}f}"
    return f"{MINUS if x < 0 else ''}${body}{suffix}"


def fmt_pct(x: float, digits: int = 0) -> str:
    """A share as a percentage: ``0.834`` -> ``83%``; never a false 0% or 100%.

    >>> fmt_pct(-0.05), fmt_pct(0.0), fmt_pct(1.0), fmt_pct(0.0004)
    ('-5%', '0%', '100%', '0.04%')
    """
    x = float(x)
    if not math.isfinite(x):
        return "n/a"
    p = 100.0 * x
    d = digits
    # a nonzero share shown as 0% or 100% reads as a certainty: add decimals (up to 2 more)
    while d < digits + 2 and p not in (0.0, 100.0) and float(f"{abs(p):.{d}f}") in (0.0, 100.0):
        d += 1
    text = f"{abs(p):.{d}f}"
    sign = MINUS if p < 0 and any(c not in "0." for c in text) else ""
    return f"{sign}{text}%"


def fmt_count(x: float) -> str:
    """A count with thousands separators: ``1234.4`` -> ``1,234``."""
    x = float(x)
    if not math.isfinite(x):
        return "n/a"
    text = f"{abs(x):,.0f}"
    return f"{MINUS if x < 0 and text != '0' else ''}{text}"


def fmt_number(x: float) -> str:
    """Any other number with four significant digits: ``0.123456`` -> ``0.1235``."""
    x = float(x)
    if not math.isfinite(x):
        return "n/a"
    return f"{x:,.4g}"


def fmt_value(kind: str, v: float, stat: str = "") -> str:
    """``v`` of an output of ``kind`` (``"money"``, ``"pct"``, ``"count"``, ...) in a table.

    A statistic named ``p_...`` (a probability) is a share whatever the output's kind;
    shares in tables keep one decimal.
    """
    if stat.startswith("p_") or kind == "pct":
        return fmt_pct(v, 1)
    if kind == "money":
        return fmt_money(v)
    if kind in ("count", "months"):
        return fmt_count(v)
    return fmt_number(v)


def option_label(name: str) -> str:
    """Readable name of an option (or an input's head): ``in_house`` -> ``In-house``."""
    if name == "in_house":
        return "In-house"
    text = str(name).replace("_", " ")
    return text[:1].upper() + text[1:]


def excel_format(kind: str, values: Iterable[float] | None = None) -> str:
    """Excel number format for a column of ``kind`` holding ``values``.

    Money takes the band of the column's largest finite magnitude, so a cell in that band
    shows exactly what :func:`fmt_money` prints (``-$2.4M``); the cell keeps the full value.
    """
    if kind == "pct":
        return "0.0%"
    if kind in ("count", "months"):
        return "#,##0"
    if kind == "points":
        return "0.0"
    if kind == "index":
        return "0.000"
    if kind != "money":
        return "#,##0.####"
    vals: list[float] = [abs(float(v)) for v in (values if values is not None else ())]
    finite = [v for v in vals if math.isfinite(v)]
    a = max(finite) if finite else 1e6
    div, suffix, d = _band(a, None)
    scale = {1e9: ",,,", 1e6: ",,", 1e3: ",", 1.0: ""}[div]
    body = "#,##0" + ("." + "0" * d if d else "") + scale
    tail = f'"{suffix}"' if suffix else ""
    return f'"$"{body}{tail};{MINUS}"$"{body}{tail}'

