"""Data breaches (C11): rare events, heavy-tailed losses, a churn hit.

The in-house annual breach probability ``p`` is turned into a monthly hazard and
scaled by the vendor's multiplier for the share of calls it handles:
``p_month = 1 - (1 - p)^((1 - s + s m) / 12)``. A breach happens when a uniform shared
by every option on the path falls below ``p_month`` (common random numbers: a riskier
option breaches whenever a safer one does). The loss is ``records * cost_per_record``
with a log-normal number of records drawn per event (heavy tail), and CSAT dips by
``csat_dip`` points for ``dip_months`` months, which drives churn (C23) and puts the
reputation loss on the client (C12).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["breach_events", "breach_probability"]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts


def breach_probability(annual_prob: X, vendor_share: X, multiplier: X) -> F:
    """Monthly breach probability of an option, shape ``(O, P)``."""
    exposure = (1.0 - vendor_share) + vendor_share * multiplier
    return -np.expm1(np.log1p(-np.minimum(annual_prob, 1.0 - 1e-12)) * exposure / 12.0)


def breach_events(u: X, p_month: X, records: X, cost_per_record: X) -> tuple[NDArray[np.bool_], F]:
    """Events (``u < p_month``) and their losses in dollars."""
    ev = np.asarray(u < p_month)
    return ev, np.where(ev, records * cost_per_record, 0.0)
