"""What each month costs: payroll, hiring, severance, seats, vendor fees and their add-ons.

Claims: C1 (in-house carries wages, benefits, supervision, seats and hiring: ``labour``,
``hiring``, ``facilities``), C2 (a one-off set-up cost at go-live), C3, C8 and C12 (the
retained organisation that governs the vendor, priced from hours), C6 (vendor training
billed to the client), C13 (exit fees and switching costs), C16 (severance on layoffs,
stranded seats), C23 (the margin of customers lost). See ``docs/model.md`` (section
"Total cost of ownership") for the equations and sources.

- In-house: a paid month of one FTE costs ``paid_hours * hourly_cost`` (loaded pay)
  plus ``mgmt_hours_per_agent`` hours of supervision at the client's manager rate; a hire
  costs ``cost_per_hire`` (the classroom weeks in which a hire is paid but off the
  phones are in labour, :func:`ccsim.mechanisms.workforce.classroom_fte`; the slower
  handle time while nesting is the ramp of :mod:`ccsim.mechanisms.attrition` and is not
  costed a second time) and a layoff ``severance_months`` of *base* pay
  (``hourly_cost / benefits_load``, :func:`severance_cost`).
- Seats (C1): each in-house seat costs ``seat_cost_annual / 12`` (facility and IT) plus
  ``licence_per_seat_month`` (client-side licences and telecom) while it is in use
  (:func:`seat_cost`); the seats in use follow the busiest interval's roster
  (:func:`ccsim.mechanisms.workforce.seats`); idle seats held while the lease and
  contracts run (``commitments_months_left``) keep costing, less what subletting
  recovers, whatever emptied them (:func:`stranded_cost`).
- Vendor: fees are the month's banded charge while the vendor is live
  (:mod:`ccsim.mechanisms.pricing`). Governance costs its hours at the manager rate
  (:func:`governance_hours`, not a share of fees); new vendor agents (the go-live class,
  growth and attrition replacements) are billed ``training_hours`` each at a share of
  the hourly rate set by the contract (:func:`billed_training`); the set-up cost is
  ``cost_months`` of the steady-state monthly fees fixed at go-live; an exit fee is ``exit_fee_months`` of the
  month's fees when it is due, and a switch ``switching_cost_months`` of them.
- Customers: each customer lost costs the present value of the margin it takes away
  (:func:`ccsim.mechanisms.churn.margin_value`).

Shapes: every argument broadcasts to ``(O, P)`` (constants as floats, drawn inputs as
``(P,)``); every result is ``(O, P)`` US dollars for the month, undiscounted.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "billed_training",
    "churn_losses",
    "exit_fee",
    "gain_of_return",
    "governance",
    "governance_hours",
    "in_house",
    "retention_bonus",
    "seat_cost",
    "setup",
    "severance_cost",
    "stranded_cost",
    "switching",
    "vendor_fees",
    "vendor_training_fee",
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
    severance = severance_cost(layoffs=layoffs, severance_months=severance_months,
                               paid_hours=paid_hours, loaded_hourly=hourly_cost,
                               benefits_load=benefits_load)
    return np.asarray(labour, dtype=np.float64), np.asarray(hiring, dtype=np.float64), severance


def vendor_fees(live: B, charge: X) -> F:
    """Fees of the month: the banded ``charge`` where the vendor is live, else 0."""
    return np.where(live, charge, 0.0)


def governance(hours: X, manager_hourly_cost: X) -> F:
    """Retained-organisation cost: governance ``hours`` at the manager rate (C3, C12)."""
    return np.asarray(hours * manager_hourly_cost, dtype=np.float64)


def setup(first_month: B, cost_months: X, fees: X) -> F:
    """One-off set-up cost, ``cost_months`` of the steady-state monthly ``fees`` (C2)."""
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


def billed_training(*, live: B, first_month: B, vendor_fte: X, leaver_share: X, growth_share: X,
                    training_hours: X, hourly_price: X, initial_billed: X,
                    replacement_billed: X) -> F:
    """Vendor training billed to the client this month, ``(O, P)`` (C6).

    In the go-live month the whole team (``vendor_fte``) is a new class, billed at the
    contract's ``initial_billed`` share; after it, the month's replacements of leavers
    (``leaver_share`` of the team) at ``replacement_billed`` and the agents added by
    growth (``growth_share``) at ``initial_billed``, each :func:`vendor_training_fee`
    at ``hourly_price``; 0 where the vendor is not live.

    Examples
    --------
    >>> float(billed_training(live=np.array(True), first_month=np.array(False), vendor_fte=100.0,
    ...     leaver_share=0.05, growth_share=0.1, training_hours=10.0, hourly_price=20.0,
    ...     initial_billed=1.0, replacement_billed=0.5))  # 5 x 10 x 20 x 0.5 + 10 x 10 x 20
    2500.0
    """
    def fee(agents: X, share: X) -> F:
        return vendor_training_fee(new_agents=agents, training_hours=training_hours,
                                   hourly_price=hourly_price, billed_share=share)

    return np.where(live, np.where(
        first_month, fee(vendor_fte, initial_billed),
        fee(leaver_share * vendor_fte, replacement_billed)
        + fee(growth_share * vendor_fte, initial_billed),
    ), 0.0)
