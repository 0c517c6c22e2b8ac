"""What each month costs: payroll, hiring, severance, vendor fees and their add-ons.

Claims: C1 (in-house carries wages, benefits, supervision and hiring: ``labour``,
``hiring``), C2 (a one-off set-up cost at go-live), C3, C8 and C12 (the retained
organisation that governs the vendor, priced from hours), C13 (exit fees and switching
costs), C16 (severance on layoffs), C23 (the margin of customers lost).

- In-house: a paid month of one FTE costs ``paid_hours * hourly_cost`` (loaded pay)
  plus ``mgmt_hours_per_agent`` hours of supervision at the client's manager rate; a hire
  costs ``cost_per_hire`` and a layoff ``severance_months`` of *base* pay
  (``hourly_cost / benefits_load``, :func:`ccsim.mechanisms.tco.severance_cost`).
- Vendor: fees are the month's banded charge while the vendor is live
  (:mod:`ccsim.mechanisms.pricing`). Governance costs its hours at the manager rate
  (:func:`ccsim.mechanisms.tco.governance_hours`); the set-up cost is ``cost_months`` of
  the first month's fees; an exit fee is ``exit_fee_months`` of the month's fees when it
  is due, and a switch ``switching_cost_months`` of them.
- Customers: each customer lost costs the present value of the margin it takes away
  (:func:`ccsim.mechanisms.churn.margin_value`).

Shapes: every argument broadcasts to ``(O, P)`` (constants as floats, drawn inputs as
``(P,)``); every result is ``(O, P)`` US dollars for the month, undiscounted.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ccsim.mechanisms import tco

__all__ = [
    "churn_losses",
    "exit_fee",
    "gain_of_return",
    "governance",
    "in_house",
    "retention_bonus",
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
    mgmt_hours_per_agent: X,
    manager_hourly_cost: X,
    cost_per_hire: X,
    severance_months: X,
    benefits_load: X,
    overtime_hours: X = 0.0,
    overtime_premium: X = 1.5,
    temp_hours: X = 0.0,
    temp_markup: X = 0.5,
) -> tuple[F, F, F]:
    """The in-house team's month: ``(labour, hiring, severance)`` in dollars (C1, C16).

    ``headcount``, ``hires`` and ``layoffs`` are ``(O, P)`` FTE; the rest floats or
    ``(P,)``. Labour is loaded pay plus supervision plus ``overtime_hours`` at
    ``overtime_premium`` times the loaded rate plus agency ``temp_hours`` at
    ``1 + temp_markup`` times it; hiring is ``hires * cost_per_hire``
    (the classroom weeks are paid in labour, the slower ramp is in the handle time).
    """
    labour = (headcount * (paid_hours * hourly_cost + mgmt_hours_per_agent * manager_hourly_cost)
              + overtime_hours * hourly_cost * overtime_premium
              + temp_hours * hourly_cost * (1.0 + temp_markup))
    hiring = hires * cost_per_hire
    severance = tco.severance_cost(layoffs=layoffs, severance_months=severance_months, paid_hours=paid_hours, loaded_hourly=hourly_cost, benefits_load=benefits_load)
    return np.asarray(labour, dtype=np.float64), np.asarray(hiring, dtype=np.float64), severance


def vendor_fees(live: B, charge: X) -> F:
    """Fees of the month: the banded ``charge`` where the vendor is live, else 0."""
    return np.where(live, charge, 0.0)


def governance(hours: X, manager_hourly_cost: X) -> F:
    """Retained-organisation cost: governance ``hours`` at the manager rate (C3, C12)."""
    return np.asarray(hours * manager_hourly_cost, dtype=np.float64)


def setup(first_month: B, cost_months: X, fees: X) -> F:
    """One-off set-up cost, ``cost_months`` of the go-live month's fees (C2)."""
    return np.where(first_month, cost_months * fees, 0.0)


def exit_fee(due: B, fee_months: X, fees: X) -> F:
    """Early-termination fee, ``fee_months`` of the month's fees where due (C13)."""
    return np.where(due, fee_months * fees, 0.0)


def switching(triggered: B, cost_months: X, fees: X) -> F:
    """Cost of switching away, ``cost_months`` of the month's fees on an exit (C13)."""
    return np.where(triggered, cost_months * fees, 0.0)


def churn_losses(customers_lost: X, margin_value: X) -> F:
    """Margin lost with the month's defecting customers (C23): ``lost * value``."""
    return np.asarray(customers_lost * margin_value, dtype=np.float64)


def gain_of_return(
    *,
    fees: X,
    governance: X,
    lost_vendor: X,
    lost_back: X,
    margin: X,
    team: X,
    paid_hours: X,
    hourly_cost: X,
    mgmt_hours_per_agent: X,
    manager_hourly_cost: X,
    seat_cost_annual: X,
    licence_per_seat_month: X,
) -> F:
    """Monthly saving of taking the vendor's calls back in-house, ``(O, P)`` (C13).

    ``fees + governance + lost_vendor * margin`` (staying) minus the in-house ``team``'s
    pay, supervision and seats plus ``lost_back * margin`` (the same callers served
    in-house). Positive: going back pays every month.

    Examples
    --------
    >>> float(gain_of_return(fees=100_000.0, governance=5_000.0, lost_vendor=20.0,
    ...       lost_back=10.0, margin=500.0, team=20.0, paid_hours=160.0, hourly_cost=25.0,
    ...       mgmt_hours_per_agent=10.0, manager_hourly_cost=60.0, seat_cost_annual=3_600.0,
    ...       licence_per_seat_month=100.0))
    10000.0
    """
    stay = fees + governance + lost_vendor * margin
    back = (team * (paid_hours * hourly_cost + mgmt_hours_per_agent * manager_hourly_cost
                    + seat_cost_annual / 12.0 + licence_per_seat_month) + lost_back * margin)
    return np.asarray(stay - back, dtype=np.float64)


def retention_bonus(first_month: B, headcount: X, bonus: X) -> F:
    """Retention bonus paid at go-live to every in-house agent still there (C16, C22).

    Examples
    --------
    >>> float(retention_bonus(np.array(True), 120.0, 2_000.0))
    240000.0
    """
    return np.where(first_month, headcount * bonus, 0.0)
