"""Private house style of ccsim's figures: colours, labels, number formats, rc context.

Every figure function in :mod:`ccsim.plot` draws inside :func:`board_style`, a
``matplotlib.rc_context``: nothing leaks into the user's global ``rcParams``.
Fonts are DejaVu Sans (bundled with matplotlib) so images reproduce on any machine.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import numpy as np

__all__ = [
    "COMPONENT_COLORS",
    "COMPONENT_LABELS",
    "FIGSIZE",
    "METRIC_INFO",
    "MONTHLY_INFO",
    "board_style",
    "fmt_money",
    "fmt_pct",
    "label",
    "money_formatter",
    "option_colors",
    "set_axis_format",
]

#: 16:9 slide, in inches; saved at 150 dpi this is 1800 x 1012 pixels.
FIGSIZE = (12.0, 6.75)

# Okabe & Ito (2008) colour-blind-safe palette; one fixed colour per default option.
_FIXED = {
    "in_house": "#0072B2",
    "onshore": "#009E73",
    "nearshore": "#E69F00",
    "offshore": "#D55E00",
    "hybrid": "#CC79A7",
}
_SPARE = ("#56B4E9", "#555555", "#8C6D31", "#7B4173", "#117733", "#332288", "#999933", "#AA4499")

#: Colours of the cost components (Tableau 10), distinct from the option colours' roles.
COMPONENT_COLORS = {
    "labour": "#4E79A7",
    "facilities": "#A0CBE8",
    "vendor_fees": "#F28E2B",
    "sla_credits": "#FFBE7D",
    "governance": "#76B7B2",
    "hiring_training": "#59A14F",
    "transition": "#EDC948",
    "severance": "#B07AA1",
    "exit_fees": "#FF9DA7",
    "stranded": "#BAB0AC",
    "breach_losses": "#9C755F",
    "churn_losses": "#E15759",
}

COMPONENT_LABELS = {
    "labour": "In-house labour and supervision",
    "facilities": "In-house seats",
    "vendor_fees": "Vendor fees",
    "sla_credits": "SLA bonuses less credits",
    "governance": "Vendor governance",
    "hiring_training": "Hiring and training",
    "transition": "Transition",
    "severance": "Severance",
    "exit_fees": "Exit fees",
    "stranded": "Stranded seat costs",
    "breach_losses": "Data-breach losses",
    "churn_losses": "Lost customers (margin)",
}

#: Per-path metrics: (axis label with unit, kind) where kind is money, pct, points or count.
METRIC_INFO: dict[str, tuple[str, str]] = {
    "npv_cost": ("Total cost over the horizon, NPV (US$)", "money"),
    "operating_cost": ("Operating cost (cash), NPV (US$)", "money"),
    "customer_cost": ("Customer cost (margin of customers lost), NPV (US$)", "money"),
    **{c: (f"{COMPONENT_LABELS[c]}, NPV (US$)", "money") for c in COMPONENT_LABELS},
    "csat_mean": ("Mean customer satisfaction, CSAT (0-100 points)", "points"),
    "csat_final": ("Final-month CSAT (0-100 points)", "points"),
    "service_level_mean": ("Mean service level (% of calls answered in target time)", "pct"),
    "abandon_rate": ("Abandonment rate (% of offered calls)", "pct"),
    "fcr_mean": ("First-contact resolution (% of calls)", "pct"),
    "quality_mean": ("Mean quality index (0-1)", "index"),
    "headcount_mean": ("Mean headcount (agents)", "count"),
    "customers_lost": ("Customers lost (count)", "count"),
    "local_jobs_removed": ("Local jobs removed (count)", "count"),
    "mgmt_hours_freed": ("Management hours freed (hours)", "count"),
    "oversight_hours": ("Governance hours (hours per month)", "count"),
    "governance_share": ("Governance cost / vendor fees (share of contract value)", "pct"),
    "cost_per_call": ("Operating cost per handled contact (US$)", "money"),
    "breaches": ("Data breaches (count)", "count"),
    "locked_in_months": ("Months locked in (months)", "count"),
    "exited": ("Contract exited (share of futures)", "pct"),
}

#: Monthly metrics: (axis label with unit, kind).
MONTHLY_INFO: dict[str, tuple[str, str]] = {
    "cost": ("Monthly cost, undiscounted (US$ per month)", "money"),
    "csat": ("CSAT (0-100 points)", "points"),
    "quality": ("Quality index (0-1)", "index"),
    "service_level": ("Service level (% answered in target time)", "pct"),
    "headcount": ("Headcount (agents)", "count"),
}

_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    # "$1.2M to $3.4M" is money, not mathtext
    "text.parse_math": False,
    "font.size": 14,
    "axes.titlesize": 17,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 14,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 12,
    "legend.title_fontsize": 12,
    "legend.frameon": False,
    "figure.titlesize": 18,
    "figure.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "axes.formatter.useoffset": False,
    # deterministic output for image comparison
    "path.simplify": True,
    "hatch.linewidth": 1.0,
}


@contextmanager
def board_style(**overrides: Any) -> Iterator[None]:
    """Temporarily apply ccsim's figure style (restored on exit)."""
    rc = dict(_RC)
    rc.update(overrides)
    with mpl.rc_context(rc):  # type: ignore[arg-type]
        try:
            yield
        finally:
            # IPython switches interactive mode on when the first figure resolves the
            # inline backend; keep that (else later figures are not shown in Jupyter)
            interactive = mpl.rcParams["interactive"]
    mpl.rcParams["interactive"] = interactive


def label(name: str) -> str:
    """Readable name of an option or input: ``in_house`` -> ``In-house``."""
    if name == "in_house":
        return "In-house"
    text = name.replace("_", " ")
    return text[:1].upper() + text[1:]


def option_colors(names: Iterable[str]) -> dict[str, str]:
    """One fixed colour per option.

    The default options keep their colour everywhere; other names take the spare
    colours in the order given (the scenario's option order), so every figure of one
    result agrees.
    """
    names = list(dict.fromkeys(names))
    out = {n: _FIXED[n] for n in names if n in _FIXED}
    spare = [c for c in _SPARE if c not in out.values()]
    k = 0
    for n in names:
        if n not in out:
            if k < len(spare):
                out[n] = spare[k]
            else:
                cmap = mpl.colormaps["tab20"]
                out[n] = mpl.colors.to_hex(cmap((k - len(spare)) % 20))
            k += 1
    return out


def fmt_money(x: float, _pos: Any = None, *, digits: int = 1) -> str:
    """US$ with a magnitude suffix: ``1.2e6`` -> ``$1.2M``, ``-8.5e5`` -> ``−$850k``."""
    if not math.isfinite(x):
        return "n/a"
    a = abs(x)
    sign = "\N{MINUS SIGN}" if x < 0 and round(a, 2) > 0 else ""
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= scale:
            v = a / scale
            d = digits if suffix != "k" or v < 100 else 0
            if suffix == "k" and round(v, d) >= 1000:
                return f"{sign}${a / 1e6:.{digits}f}M"
            return f"{sign}${v:,.{d}f}{suffix}"
    if 0 < a < 10:
        return f"{sign}${a:.2f}"
    return f"{sign}${a:,.0f}"


def fmt_pct(x: float, digits: int = 0) -> str:
    """A share as a percentage: ``0.834`` -> ``83%``."""
    return f"{100.0 * x:.{digits}f}%"


def money_formatter(digits: int = 1) -> mpl.ticker.FuncFormatter:
    """Tick formatter for US$ axes, with enough digits to tell ticks apart."""

    def tick(x: float, pos: Any = None) -> str:
        text = fmt_money(x, pos, digits=digits)
        # "$50M" rather than "$50.0M" on round ticks
        return text.replace(".00", "").replace(".0M", "M").replace(".0k", "k").replace(".0B", "B")

    return mpl.ticker.FuncFormatter(tick)


def set_axis_format(axis: Any, kind: str, values: Sequence[float] | np.ndarray = ()) -> None:
    """Format an axis (``ax.xaxis``/``ax.yaxis``) for a metric kind."""
    if kind == "money":
        v = np.asarray(values, dtype=float)
        digits = 1
        if v.size:
            span = float(np.ptp(v)) if v.size > 1 else 0.0
            top = float(np.max(np.abs(v)))
            # keep ticks distinct when the range is narrow relative to the magnitude
            if top > 0 and span > 0 and span / top < 0.05:
                digits = 2
        axis.set_major_formatter(money_formatter(digits))
    elif kind == "pct":
        axis.set_major_formatter(mpl.ticker.PercentFormatter(xmax=1.0, decimals=None))
