"""Going live (C2).

A vendor is live from month ``ceil(lead_months)``; until then the current in-house
operation runs and is paid. A one-off set-up cost of ``cost_months`` times the vendor's
*steady-state* monthly fees (the minimum commitment's plan of every wave at the steady
ramp deficit, priced at go-live; not the go-live month's fees, in which every agent is
new) is paid at go-live (vendor selection, travel, knowledge transfer; Barthelemy 2003).
The in-house agents whose calls a wave moves are paid for ``parallel_months`` months
alongside the vendor (the parallel run: shadowing, knowledge transfer) and laid off at
the end of the last (:func:`layoff_month`); with ``parallel_months = 0`` they are laid
off as their calls move and not paid that month. The in-house option is live from
month 0 at no cost.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "golive_month", "layoff_month", "vendor_live", "wave_fraction"]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts


def golive_month(lead_months: X, is_vendor: NDArray[np.bool_]) -> F:
    """Month index at which the vendor takes its share of calls (0 for in-house)."""
    return np.where(is_vendor, np.ceil(lead_months - 1e-9), 0.0)


def wave_fraction(*, month: int, golive: X, waves: X) -> F:
    """Share of the vendor's calls moved by this month of a go-live in ``waves`` months.

    ``min(1, (month - golive + 1) / waves)`` from go-live (an equal share a month), 0
    before; ``waves = 1`` moves everything at once.

    Examples
    --------
    >>> [float(wave_fraction(month=m, golive=2.0, waves=3.0)) for m in range(1, 7)]
    [0.0, 0.3333333333333333, 0.6666666666666666, 1.0, 1.0, 1.0]
    """
    moved = (month - np.asarray(golive, dtype=np.float64) + 1.0) / waves
    return np.asarray(np.clip(moved, 0.0, 1.0), dtype=np.float64)


def vendor_live(
    *, month: int, is_vendor: NDArray[np.bool_], golive: X, switch_month: X
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Where the vendor serves this month and where this is its first month, ``(O, P)``.

    A vendor serves from its go-live month until the month it is switched away from
    (``switch_month``, infinite until an exit is triggered, C13).
    """
    live = is_vendor & (month >= golive) & (month < switch_month)
    return live, live & (month == golive)


def layoff_month(*, month: int, golive: X, waves: X, parallel_months: X, live: NDArray[np.bool_]
                 ) -> NDArray[np.bool_]:
    """Where the agents of a moved wave are laid off this month, ``(O, P)`` (C2, C16).

    The wave moving in month ``w`` (``golive <= w < golive + waves``) is laid off at the
    end of month ``w + parallel_months - 1`` (paid through its parallel run), or, with no
    parallel run, in month ``w`` itself (then unpaid that month).

    Examples
    --------
    >>> [bool(layoff_month(month=m, golive=2.0, waves=1.0, parallel_months=3.0,
    ...                    live=np.array(True))) for m in range(2, 6)]
    [False, False, True, False]
    """
    since = month - np.asarray(golive, dtype=np.float64) - np.maximum(
        np.asarray(parallel_months, dtype=np.float64) - 1.0, 0.0)
    return np.asarray(live & (since >= 0) & (since < waves))
