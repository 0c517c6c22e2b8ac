"""Contract lock-in and exit (C13, C21).

- Billing is in :mod:`ccsim.mechanisms.pricing` (pricing models, volume bands, the
  minimum commitment on the steady-state plan, escalator, COLA and currency, SLA
  credits). :func:`price` and :func:`billable_hours` below are the hourly special cases,
  kept for the scalar reference models.
- Exit rule: once effective quality has stayed below ``exit_threshold`` for
  ``exit_after_months`` consecutive months the client asks to leave. During the term an
  early exit costs ``exit_fee_months`` of fees, unless the exit clause cannot be
  enforced (probability ``p_unenforceable``, drawn once per contract): then the client
  stays until the term ends. Either way ``notice_months`` of notice are served,
  ``switching_cost_months`` of fees are spent on the switch, and quality dips by
  ``transition_dip`` during the notice; after the term the contract rolls monthly
  and only notice applies. The work then returns to the in-house team, which must
  hire with its usual lag (the fallback option).
- ``locked_in_months`` counts months in which the client wanted out but the vendor
  was still serving.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "ExitDecision",
    "billable_hours",
    "billing",
    "committed_hours",
    "exit_decision",
    "price",
]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts
B = NDArray[np.bool_]


def price(base_price: X, escalator: X, months_live: X) -> F:
    """Price per productive hour after ``months_live`` months of the contract."""
    years = np.floor(np.maximum(months_live, 0.0) / 12.0)
    return base_price * np.power(1.0 + escalator, years)


def billable_hours(*, hours: X, committed_hours: X, min_commitment: X, in_term: B) -> F:
    """Hours billed: ``max(hours, min_commitment * committed)`` within the term."""
    return np.where(in_term, np.maximum(hours, min_commitment * committed_hours), hours)


class ExitDecision:
    """Result of :func:`exit_decision` for one month (arrays ``(O, P)``)."""

    __slots__ = ("below", "fee_due", "switch_month", "trigger")

    def __init__(self, below: F, trigger: B, fee_due: B, switch_month: F) -> None:
        self.below = below
        self.trigger = trigger
        self.fee_due = fee_due
        self.switch_month = switch_month


def exit_decision(
    *,
    month: int,
    q_eff: X,
    live: B,
    requested: B,
    below: X,
    threshold: X,
    after_months: X,
    golive: X,
    term: X,
    notice: X,
    enforceable: B,
) -> ExitDecision:
    """Update the run of low-quality months and decide on exits this month."""
    low = live & ~requested & (q_eff < threshold)
    below = np.where(low, below + 1.0, 0.0).astype(np.float64)
    trigger = low & (below >= after_months)
    in_term = (month - golive) < term
    early = trigger & in_term
    fee_due = early & enforceable
    term_end = golive + term
    switch = np.where(
        early & ~enforceable,
        np.maximum(month + 1.0 + notice, term_end),
        month + 1.0 + notice,
    )
    switch = np.where(trigger, switch, np.inf)
    return ExitDecision(below, trigger, fee_due, switch)


def committed_hours(first_month: B, planned_hours: X, committed: X) -> F:
    """Hours contracted at go-live (the plan of the first live month), kept after, ``(O, P)``."""
    return np.where(first_month, planned_hours, committed)


def billing(
    *,
    month: int,
    golive: X,
    live: B,
    hours: X,
    committed_hours: X,
    term: X,
    min_commitment: X,
    base_price: X,
    escalator: X,
) -> tuple[F, F]:
    """The month's billed hours and price per hour, ``(O, P)`` each (C1, C13).

    Within the term the minimum commitment applies (:func:`billable_hours`); the price
    rises at each anniversary of go-live (:func:`price`).
    """
    months_live = month - golive
    in_term = live & (months_live < term)
    billed = billable_hours(
        hours=hours, committed_hours=committed_hours, min_commitment=min_commitment, in_term=in_term
    )
    return billed, price(base_price, escalator, months_live)
