"""Total cost of ownership beyond labour and fees (C1, C3, C6, C8, C12, C16).

See ``docs/model.md`` (section "Total cost of ownership") for the equations and sources.
Money in US dollars per month; headcounts in FTE.

- Seats (C1): each in-house seat costs ``seat_cost_annual / 12`` (facility and IT) plus
  ``licence_per_seat_month`` (client-side licences and telecom) while it is in use.
- Stranded costs (C13, C16): seats vacated by moving work to a vendor keep costing
  until the lease and contracts end (``commitments_months_left``, uncertain), less what
  subletting recovers: :func:`stranded_cost`.
- Retained organisation (C3, C8, C12): governance is priced from hours at the client's
  loaded manager rate, not as a share of fees: :func:`governance_hours`; in-house
  supervision likewise from ``mgmt_hours_per_agent``.
- Vendor training (C6): new vendor agents (the go-live wave and attrition replacements)
  are billed ``training_hours`` each at a share of the hourly rate set by the contract:
  :func:`vendor_training_fee`.
- In-house hiring: a cost per hire (recruiting, classroom) plus the classroom weeks in
  which the hire is paid (already in labour) but not on the phones
  (:func:`classroom_fte`); the slower handle time while nesting is the ramp of
  :mod:`ccsim.mechanisms.attrition` and is not costed a second time.
- Severance (C16): months of *base* pay, ``loaded rate / benefits_load``, per layoff.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "classroom_fte",
    "governance_hours",
    "seat_cost",
    "severance_cost",
    "stranded_cost",
    "vendor_training_fee",
]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts
B = NDArray[np.bool_]
WEEKS_PER_MONTH = 52.0 / 12.0


def seat_cost(seats: X, seat_cost_annual: X, licence_per_seat_month: X) -> F:
    """Monthly facility, IT, licence and telecom cost of ``seats`` in-house seats.

    Examples
    --------
    >>> float(seat_cost(10.0, 3600.0, 100.0))
    4000.0
    """
    return np.asarray(seats * (seat_cost_annual / 12.0 + licence_per_seat_month), dtype=np.float64)


def stranded_cost(*, seats_before: X, seats_now: X, month: X, commitments_end: X,
                  per_seat_month: X, sublet_recovery: X, active: B) -> F:
    """Cost of seats vacated by the sourcing decision, until the commitments end.

    ``max(0, seats_before - seats_now) * per_seat_month * (1 - sublet_recovery)`` in
    months ``month < commitments_end`` where ``active`` (after go-live of an option
    that moves work out); 0 otherwise.

    Examples
    --------
    >>> float(stranded_cost(seats_before=100.0, seats_now=40.0, month=5, commitments_end=12.0,
    ...     per_seat_month=500.0, sublet_recovery=0.3, active=True))  # 60 * 500 * 0.7
    21000.0
    >>> float(stranded_cost(seats_before=100.0, seats_now=40.0, month=12, commitments_end=12.0,
    ...     per_seat_month=500.0, sublet_recovery=0.3, active=True))  # lease ended
    0.0
    """
    vacated = np.maximum(0.0, np.asarray(seats_before, dtype=np.float64) - seats_now)
    running = np.asarray(active) & (np.asarray(month) < commitments_end)
    return np.asarray(np.where(running, vacated * per_seat_month * (1.0 - sublet_recovery), 0.0),
                      dtype=np.float64)


def governance_hours(*, effort: X, hours_per_agent_full: X, vendor_fte: X, fixed_hours_full: X) -> F:
    """Retained-organisation hours a month: ``effort (fixed + per_agent * FTE)``.

    Examples
    --------
    >>> float(governance_hours(effort=0.5, hours_per_agent_full=4.0, vendor_fte=100.0,
    ...     fixed_hours_full=80.0))
    240.0
    """
    return np.asarray(effort * (fixed_hours_full + hours_per_agent_full * vendor_fte),
                      dtype=np.float64)


def vendor_training_fee(*, new_agents: X, training_hours: X, hourly_price: X,
                        billed_share: X) -> F:
    """Training billed by the vendor: ``new agents * hours * price * billed share``.

    Examples
    --------
    >>> float(vendor_training_fee(new_agents=10.0, training_hours=120.0, hourly_price=10.0,
    ...     billed_share=0.5))
    6000.0
    """
    return np.asarray(new_agents * training_hours * hourly_price * billed_share, dtype=np.float64)


def classroom_fte(hires: X, classroom_weeks: X) -> F:
    """Paid FTE in the classroom this month: ``hires * min(1, weeks / 4.33)``.

    Examples
    --------
    >>> float(classroom_fte(13.0, 52.0 / 12.0 / 2.0))
    6.5
    """
    return np.asarray(hires * np.minimum(1.0, classroom_weeks / WEEKS_PER_MONTH), dtype=np.float64)


def severance_cost(*, layoffs: X, severance_months: X, paid_hours: X, loaded_hourly: X,
                   benefits_load: X) -> F:
    """Severance on base pay: ``layoffs * months * paid_hours * loaded / load``.

    Examples
    --------
    >>> float(severance_cost(layoffs=2.0, severance_months=3.0, paid_hours=100.0,
    ...     loaded_hourly=30.0, benefits_load=1.5))  # 2 * 3 * 100 * 20
    12000.0
    """
    return np.asarray(layoffs * severance_months * paid_hours * loaded_hourly / benefits_load,
                      dtype=np.float64)
