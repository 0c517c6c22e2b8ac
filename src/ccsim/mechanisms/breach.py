"""Data breaches (C11): rare events, heavy-tailed losses, a churn hit.

The in-house annual breach probability ``p`` is turned into a monthly hazard and
scaled by the vendor's multiplier for the share of calls it handles:
``p_month = 1 - (1 - p)^((1 - s + s m) / 12)``. A breach happens when a uniform shared
by every option on the path falls below ``p_month`` (common random numbers: a riskier
option breaches whenever a safer one does). The loss is ``records * cost_per_record``.
The records follow the centre's exposure (calibration section 18): the distinct
customers it serves in a year, ``12 * fresh / contacts_per_customer`` from the month's
fresh contacts, times the share one incident reaches, drawn per event (log-normal by
default: a heavy tail) and capped at every customer. A centre serving 40% of the
customers has 40% of the records at risk. CSAT dips by
``csat_dip`` points for ``dip_months`` months, which drives churn (C23) and puts the
reputation loss on the client (C12).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["breach_events", "breach_probability", "customers_served", "record_counts", "reputation"]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts


def breach_probability(annual_prob: X, vendor_share: X, multiplier: X) -> F:
    """Monthly breach probability of an option, shape ``(O, P)``."""
    exposure = (1.0 - vendor_share) + vendor_share * multiplier
    return -np.expm1(np.log1p(-np.minimum(annual_prob, 1.0 - 1e-12)) * exposure / 12.0)


def breach_events(
    *, u: X, p_month: X, records: X, cost_per_record: X
) -> tuple[NDArray[np.bool_], F]:
    """Events (``u < p_month``) and their losses in dollars."""
    ev = np.asarray(u < p_month)
    return ev, np.where(ev, records * cost_per_record, 0.0)


def customers_served(*, fresh: X, contacts_per_customer: X) -> F:
    """Distinct customers served in a year, from the month's fresh contacts (C11).

    ``12 * fresh / contacts_per_customer``: the month's fresh contacts annualised, one
    customer for every ``contacts_per_customer`` of them.
    """
    return np.asarray(12.0 * np.asarray(fresh, float) / contacts_per_customer, float)


def record_counts(*, events: NDArray[np.bool_], u: F, share: Any, customers: F) -> F:
    """Records exposed on each path this month, ``(P,)`` (C11).

    ``events`` are the month's ``(O, P)`` breach events, ``u`` the ``(P,)`` uniforms of
    the records stream, ``share`` the scenario's per-event distribution of the share of
    the year's customers exposed (or a constant), capped at 1, and ``customers`` the
    ``(P,)`` distinct customers served a year (:func:`customers_served`). The quantile
    is evaluated only on paths with an event (it is costly); other paths get 0.
    """
    out = np.zeros(u.shape[-1])
    hit = np.flatnonzero(events.any(axis=0))
    if hit.size:
        sh = np.asarray(share.ppf(u[hit]), float) if hasattr(share, "ppf") else float(share)
        out[hit] = np.minimum(sh, 1.0) * np.broadcast_to(customers, out.shape)[hit]
    return out


def reputation(*, month: int, events: NDArray[np.bool_], dip_until: X, dip_months: X, csat_dip: X) -> tuple[F, F]:
    """The CSAT dip after a breach: ``(dip_until, penalty)``, both ``(O, P)`` (C11, C23).

    A breach in ``month`` keeps CSAT ``csat_dip`` points lower until
    ``month + dip_months``; a later breach restarts the window.
    """
    until = np.where(events, month + dip_months, dip_until)
    return until, np.where(month < until, csat_dip, 0.0)
