"""Private house style of ccsim's figures: colours, labels, number formats, rc context.

Every figure function in :mod:`ccsim.present.plotting` draws inside :func:`board_style`, a
``matplotlib.rc_context``: nothing leaks into the user's global ``rcParams``.
Fonts are DejaVu Sans (bundled with matplotlib) so images reproduce on any machine.
Labels and units of the outputs are not here: they come from :mod:`ccsim.outputs`.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
import numpy as np

from ccsim.format import fmt_money, fmt_pct
from ccsim.format import option_label as label

__all__ = [
    "COMPONENT_COLORS",
    "FIGSIZE",
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
# Spare colours for other option names (Paul Tol's muted and dark qualitative sets and
# a few more); a name takes the first one, in an order fixed by the name, that is not
# close to a colour already in use (see _close).
_SPARE = (
    "#332288", "#117733", "#882255", "#44AA99", "#999933", "#AA4499", "#DDCC77",
    "#555555", "#8C6D31", "#56B4E9", "#6699CC", "#661100", "#88CCEE", "#AA4466",
)

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


def _lab(color: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour."""
    rgb = np.asarray(mpl.colors.to_rgb(color), dtype=np.float64)
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = (m @ lin) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return float(116 * f[1] - 16), float(500 * (f[0] - f[1])), float(200 * (f[1] - f[2]))


def _close(c1: str, c2: str) -> bool:
    """Whether two colours are easy to confuse: near in L*a*b* (Delta E < 30) or, both
    coloured, within 30 degrees of hue at similar lightness (|Delta L*| < 25)."""
    l1, a1, b1 = _lab(c1)
    l2, a2, b2 = _lab(c2)
    if math.dist((l1, a1, b1), (l2, a2, b2)) < 30.0:
        return True
    ch1, ch2 = math.hypot(a1, b1), math.hypot(a2, b2)
    if ch1 < 15 or ch2 < 15:
        return False
    dh = abs(math.degrees(math.atan2(b1, a1) - math.atan2(b2, a2))) % 360.0
    return min(dh, 360.0 - dh) < 30.0 and abs(l1 - l2) < 25.0


def _preference(name: str) -> list[str]:
    """The spare colours in an order fixed by the option's name (stable across results)."""
    k = zlib.crc32(name.encode("utf-8")) % len(_SPARE)
    return [*_SPARE[k:], *_SPARE[:k]]


def option_colors(names: Iterable[str]) -> dict[str, str]:
    """One colour per option, stable per option name and never close to another in use.

    The default options keep their fixed colour everywhere. Another name takes the
    first spare colour, in an order fixed by the name, that is not close (in
    L*a*b* distance or in hue, see ``_close``) to any colour already given; so a custom
    option next to in-house's blue never gets a light blue, and the same name gets the
    same colour in every result that has the same default options. Beyond the spare
    colours, ``tab20`` colours are used.

    Examples
    --------
    >>> c = option_colors(["in_house", "offshore", "my_vendor"])
    >>> c["in_house"], c["offshore"]
    ('#0072B2', '#D55E00')
    >>> _close(c["my_vendor"], c["in_house"]) or _close(c["my_vendor"], c["offshore"])
    False
    """
    names = list(dict.fromkeys(names))
    out = {n: _FIXED[n] for n in names if n in _FIXED}
    k = 0
    for n in names:
        if n in out:
            continue
        used = list(out.values())
        choice = next((c for c in _preference(n) if not any(_close(c, u) for u in used)), None)
        if choice is None:  # more options than distinguishable colours
            cmap = mpl.colormaps["tab20"]
            choice = next((mpl.colors.to_hex(cmap(i % 20)) for i in range(k, k + 20)
                           if mpl.colors.to_hex(cmap(i % 20)) not in used),
                          mpl.colors.to_hex(cmap(k % 20)))
            k += 1
        out[n] = choice
    return out


def money_formatter(digits: int = 1) -> mpl.ticker.FuncFormatter:
    """Tick formatter for US$ axes, with enough digits to tell ticks apart."""

    def tick(x: float, pos: Any = None) -> str:
        text = fmt_money(x, digits=digits)
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
