"""The engine's last word on a chunk: every output finite and within its bounds.

:func:`check_chunk` runs at the end of each chunk (:func:`ccsim.engine.run_chunk`) and
raises :class:`ccsim.errors.ModelBlowUpError` naming the option, the path (its index in
the run), the month (where the monthly trajectories show it) and the quantity, instead of
returning a number no accepted scenario should give. The bounds are those of
docs/limits.md ("Why these upper limits"): at every input's limits together a month's
cost stays below about 1e26 dollars and the NPV below 1e28; shares lie in [0, 1], CSAT in
[0, 100], counts are not negative. The vendor-phase means are NaN exactly where no vendor
served. Cheap: one ``isfinite`` and two comparisons per output array.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from ccsim.errors import ModelBlowUpError
from ccsim.outputs import MONTHLY, OUTPUTS, VENDOR_PHASE

__all__ = ["MAX_MONTH_COST", "MAX_NPV", "bounds", "check_chunk"]

#: A month's cost (undiscounted, US$) never exceeds this at the inputs' limits.
MAX_MONTH_COST = 1e26
#: An NPV (US$) never exceeds this at the inputs' limits.
MAX_NPV = 1e28
_SLACK = 1e-9  # rounding at the ends of a share or a scale
_MONEY_SLACK = 1e-6  # a micro-dollar of rounding below 0

_TOTALS = ("customer_cost", "operating_cost", "npv_cost", "cost_per_call", "governance_share")

#: Outputs with no sign or bound beyond being finite.
_FREE = ("local_jobs_removed", "mgmt_hours_freed")


def bounds(name: str, *, monthly: bool = False) -> tuple[float, float]:
    """The closed range ``(low, high)`` a per-path output (or, with ``monthly``, a
    monthly metric) must lie in, slack for rounding included."""
    kind = (MONTHLY if monthly else OUTPUTS)[name].kind
    if kind == "money":
        cap = MAX_MONTH_COST if monthly else MAX_NPV
        low = -cap if name in ("sla_credits", "cost") else -_MONEY_SLACK
        return low, cap
    if kind == "points":
        return -_SLACK, 100.0 + _SLACK
    if kind in ("pct", "index") and name != "governance_share":
        return -_SLACK, 1.0 + _SLACK
    if name in _FREE:
        return -math.inf, math.inf
    return -_SLACK, math.inf  # counts, months, hours, governance / fees


def _bad(values: NDArray[np.floating], low: float, high: float) -> NDArray[np.bool_]:
    with np.errstate(invalid="ignore"):
        return ~(np.isfinite(values) & (values >= low) & (values <= high))


def _first_bad_month(monthly: Mapping[str, NDArray[np.float32]] | None, o: int,
                     p: int) -> tuple[int, str, float] | None:
    """The first month any monthly metric of row ``(o, p)`` is out of bounds."""
    if monthly is None:
        return None
    found: tuple[int, str, float] | None = None
    for name, arr in monthly.items():
        bad = np.flatnonzero(_bad(arr[o, p], *bounds(name, monthly=True)))
        if bad.size and (found is None or bad[0] < found[0]):
            found = (int(bad[0]), name, float(arr[o, p, bad[0]]))
    return found


def _raise(*, quantity: str, value: float, low: float, high: float, option: str, path: int,
           month: tuple[int, str, float] | None, kept: bool) -> None:
    if month is not None:
        t, m_name, m_value = month
        where = (f"month {t}" if quantity == f"monthly {m_name}" else
                 f"month {t} (first out of bounds there: monthly {m_name} = {m_value:g})")
    else:
        where = "month unknown (" + ("the monthly data stay within bounds)" if kept else
                                     "run with keep_monthly=True to see it)")
    allowed = f"finite, within [{low:g}, {high:g}]"
    raise ModelBlowUpError(
        f"model blow-up: option {option!r}, path {path}, {where}: {quantity} = {value:g} "
        f"(allowed: {allowed}, docs/limits.md). The inputs were accepted, so this is a fault "
        "of the model: please report it with the scenario and seed.",
        option=option, path=path, month=None if month is None else month[0],
        quantity=quantity, value=value,
    )


def check_chunk(paths: Mapping[str, NDArray[np.float64]],
                monthly: Mapping[str, NDArray[np.float32]] | None,
                options: Sequence[str], first_path: int) -> None:
    """Raise :class:`~ccsim.errors.ModelBlowUpError` at the first output of a chunk that
    is not finite or out of bounds.

    ``paths`` holds the per-path outputs ``(O, P)``, ``monthly`` the trajectories
    ``(O, P, T)`` or ``None``; ``options`` names the rows and ``first_path`` is the run's
    index of the chunk's first path.
    """
    served = paths["months_with_vendor"] > 0
    # the sums last: a cost component names where a blow-up starts better than the total
    order = [n for n in paths if n not in _TOTALS] + [n for n in _TOTALS if n in paths]
    for name in order:
        v = paths[name]
        low, high = bounds(name)
        bad = _bad(v, low, high)
        if name in VENDOR_PHASE:  # NaN exactly where no vendor served
            bad = np.where(served, bad, ~np.isnan(v))
        if bad.any():
            o, p = (int(i[0]) for i in np.nonzero(bad))
            _raise(quantity=name, value=float(v[o, p]), low=low, high=high,
                   option=options[o], path=first_path + p,
                   month=_first_bad_month(monthly, o, p), kept=monthly is not None)
    for name, arr in (monthly or {}).items():
        low, high = bounds(name, monthly=True)
        bad = _bad(arr, low, high)
        if bad.any():
            o, p, t = (int(i[0]) for i in np.nonzero(bad))
            _raise(quantity=f"monthly {name}", value=float(arr[o, p, t]), low=low, high=high,
                   option=options[o], path=first_path + p, month=(t, name, float(arr[o, p, t])),
                   kept=True)
