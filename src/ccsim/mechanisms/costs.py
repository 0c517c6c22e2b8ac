"""What each month costs: payroll, hiring, severance, vendor fees and their add-ons.

Claims: C1 (in-house carries wages, benefits and training: ``labour``, ``hiring``),
C2 (a one-off set-up cost at go-live), C3 and C12 (oversight the client pays for, a
share of the fees), C13 (exit fees and switching costs), C16 (severance on layoffs),
C23 (the margin of customers lost).

- In-house: a paid month of one FTE costs ``paid_hours * hourly_cost``; the payroll
  is the headcount times that, a hire costs ``replacement_cost_months`` of pay and a
  layoff ``severance_months`` of pay.
- Vendor: fees are the billed hours times the (escalated) price while the vendor is
  live. Oversight costs ``effort * full_cost_share`` of the fees; the set-up cost is
  ``cost_months`` of the first month's fees; an exit fee is ``exit_fee_months`` of the
  month's fees when it is due, and a switch ``switching_cost_months`` of them.

Shapes: every argument broadcasts to ``(O, P)`` (constants as floats, drawn inputs as
``(P,)``); every result is ``(O, P)`` US dollars for the month, undiscounted.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "churn_losses",
    "exit_fee",
    "in_house",
    "oversight",
    "setup",
    "switching",
    "vendor_fees",
]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts
B = NDArray[np.bool_]


def in_house(
    *,
    headcount: X,
    hires: X,
    layoffs: X,
    paid_hours: X,
    hourly_cost: X,
    replacement_months: X,
    severance_months: X,
) -> tuple[F, F, F]:
    """The in-house team's month: ``(labour, hiring, severance)`` in dollars (C1, C16).

    ``headcount``, ``hires`` and ``layoffs`` are ``(O, P)`` FTE; the rest floats or
    ``(P,)``.
    """
    pay_month = paid_hours * hourly_cost
    labour = headcount * pay_month
    hiring = hires * replacement_months * pay_month
    severance = layoffs * severance_months * pay_month
    return labour, hiring, severance  # type: ignore[return-value]


def vendor_fees(live: B, billed_hours: X, price: X) -> F:
    """Fees of the month: ``billed_hours * price`` where the vendor is live, else 0."""
    return np.where(live, billed_hours * price, 0.0)


def oversight(effort: X, full_cost_share: X, fees: X) -> F:
    """Governance cost: ``effort * full_cost_share`` of the fees (C3, C12)."""
    return np.asarray(effort * full_cost_share * fees, dtype=np.float64)


def setup(first_month: B, cost_months: X, fees: X) -> F:
    """One-off set-up cost, ``cost_months`` of the go-live month's fees (C2)."""
    return np.where(first_month, cost_months * fees, 0.0)


def exit_fee(due: B, fee_months: X, fees: X) -> F:
    """Early-termination fee, ``fee_months`` of the month's fees where due (C13)."""
    return np.where(due, fee_months * fees, 0.0)


def switching(triggered: B, cost_months: X, fees: X) -> F:
    """Cost of switching away, ``cost_months`` of the month's fees on an exit (C13)."""
    return np.where(triggered, cost_months * fees, 0.0)


def churn_losses(customers_lost: X, lifetime_margin: X) -> F:
    """Margin lost with the month's defecting customers (C23)."""
    return np.asarray(customers_lost * lifetime_margin, dtype=np.float64)
