"""Contract lock-in and exit (C13, C21).

- Billing is in :mod:`ccsim.mechanisms.pricing` (pricing models, volume bands, the
  minimum commitment on the steady-state plan, escalator, COLA and currency, SLA
  credits).
- Exit rule, a decision rather than a reflex (:func:`exit_decision`): no exit is
  evaluated in the ``stabilisation_months`` after go-live (ramps are exempt); then the
  mean effective quality over a rolling window of ``exit_after_months`` months is
  compared with ``exit_threshold``; the first failure escalates (oversight raised to
  ``escalation_oversight`` for ``escalation_months``); a failure after that is an exit
  only if going back in-house pays over the months left. During the term an
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
    "effective_oversight",
    "escalation_active",
    "exit_decision",
    "record_quality",
    "retender_terms",
    "rolling_mean",
]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts
B = NDArray[np.bool_]


class ExitDecision:
    """Result of :func:`exit_decision` for one month (arrays ``(O, P)``)."""

    __slots__ = ("escalation_end", "fee_due", "switch_month", "trigger")

    def __init__(self, trigger: B, fee_due: B, switch_month: F, escalation_end: F) -> None:
        self.trigger = trigger
        self.fee_due = fee_due
        self.switch_month = switch_month
        self.escalation_end = escalation_end


def record_quality(history: F, month: int, q_eff: X) -> F:
    """Store the month's effective vendor quality in the ring buffer ``(L, O, P)``."""
    out = history.copy()
    out[month % history.shape[0]] = q_eff
    return out


def rolling_mean(history: F, month: int, window: X) -> F:
    """Mean of the last ``window`` months of a ring buffer ``(L, O, P)``, ``(O, P)``.

    Slot ``j`` holds month ``m`` with ``m = j (mod L)``; the months ``month - window + 1``
    to ``month`` are averaged (``window <= L``; earlier slots that were never written
    are not in the window once ``window`` months have been recorded).

    Examples
    --------
    >>> h = np.zeros((3, 1, 1))
    >>> for m, q in enumerate([0.9, 0.6, 0.3, 0.6]):
    ...     h = record_quality(h, m, q)
    >>> round(float(rolling_mean(h, 3, 3)[0, 0]), 12), round(float(rolling_mean(h, 3, 2)[0, 0]), 12)
    (0.5, 0.45)
    """
    L = history.shape[0]
    age = (month - np.arange(L)) % L  # how many months ago each slot was written
    w = np.asarray(window, dtype=np.float64)
    inside = age[:, None, None] < w[None]
    return np.asarray((history * inside).sum(axis=0) / w, dtype=np.float64)


def escalation_active(month: int, escalation_end: X, escalation_months: X) -> B:
    """Whether raised oversight of an escalation is in force this month, ``(O, P)``."""
    end = np.asarray(escalation_end, dtype=np.float64)
    return np.asarray((end >= 0) & (month < end) & (month >= end - escalation_months))


def effective_oversight(*, month: int, live: B, escalation_end: X, escalation_months: X,
                        oversight: X, escalation_oversight: X) -> F:
    """The client's oversight of a live vendor this month, ``(O, P)`` (C3, C12, C13).

    The contract's ``oversight``, raised to ``escalation_oversight`` while an escalation
    runs (:func:`escalation_active`); an escalation raises it before any exit is
    considered.

    Examples
    --------
    >>> effective_oversight(month=5, live=np.array([True, True]), escalation_end=np.array([8.0, -1.0]),
    ...     escalation_months=6.0, oversight=0.3, escalation_oversight=0.8).tolist()
    [0.8, 0.3]
    """
    on = live & escalation_active(month, escalation_end, escalation_months)
    return np.where(on, np.maximum(oversight, escalation_oversight), oversight)


def exit_decision(
    *,
    month: int,
    quality_mean: X,
    live: B,
    requested: B,
    threshold: X,
    window: X,
    stabilisation: X,
    escalation_end: X,
    escalation_months: X,
    golive: X,
    term: X,
    notice: X,
    enforceable: B,
    gain_per_month: X,
    exit_fee: X,
    switching_cost: X,
    horizon: int,
) -> ExitDecision:
    """Decide on escalations and exits this month (C13, C21), arrays ``(O, P)``.

    An exit is *considered* once the stabilisation window after go-live is over, a full
    rolling window of quality is recorded and its mean ``quality_mean`` is below
    ``threshold``. The client first escalates (oversight raised for
    ``escalation_months`` from next month, once per contract; no exit meanwhile). A
    failure after the escalation, or with no escalation, is an exit *decision*: the
    client leaves only if the monthly saving of going back in-house, ``gain_per_month``
    (the vendor's fees, governance and customers lost, minus the in-house cost and
    customers lost for the same calls), over the months left after the switch exceeds
    the one-off cost (the exit fee when it is due, the switching cost and re-hiring,
    ``switching_cost``). During the term an enforceable exit clause charges ``exit_fee``
    and the work moves after ``notice``; an unenforceable one (no fee) keeps the client
    until the term ends. After the term only notice applies.
    """
    months_live = month - np.asarray(golive, dtype=np.float64)
    end = np.asarray(escalation_end, dtype=np.float64)
    evaluable = live & ~requested & (months_live >= stabilisation) & (months_live + 1 >= window)
    low = evaluable & (np.asarray(quality_mean) < threshold)
    escalating = escalation_active(month, end, escalation_months)
    start = low & (end < 0) & (np.asarray(escalation_months) > 0)
    new_end = np.where(start, month + 1.0 + escalation_months, end)
    decide = low & ~start & ~escalating
    early = months_live < term
    switch = np.where(early & ~enforceable, np.maximum(month + 1.0 + notice, golive + term),
                      month + 1.0 + notice)
    one_off = np.where(early & enforceable, exit_fee, 0.0) + switching_cost
    months_after = np.maximum(horizon - switch, 0.0)
    pays = np.asarray(gain_per_month) * months_after > one_off
    trigger = decide & pays
    fee_due = trigger & early & enforceable
    return ExitDecision(trigger, fee_due, np.where(trigger, switch, np.inf),
                        np.asarray(new_end, dtype=np.float64))


def retender_terms(
    *, rows: NDArray[np.intp], fees: X, governance: X, lost: X, handled: X, live: B,
    margin: X, setup_months: X,
) -> tuple[F, F]:
    """Monthly gain and one-off cost of re-tendering to the options ``rows``, ``(O, P)``.

    The client prices the fallback vendor at what the fallback option costs per handled
    call on the same path this month: ``c_f = (fees_f + governance_f + lost_f margin) /
    handled_f``. Staying costs ``fees + governance + lost margin`` for this option's
    ``handled`` calls, the fallback ``c_f handled``; the difference is the monthly gain.
    The one-off cost is the fallback's set-up, ``setup_months_f`` times its fees for the
    same calls. Where the fallback option serves no calls this month (before its go-live,
    after its own exit) there is no quote: no gain and an infinite one-off, so no
    re-tender is decided that month.

    Examples
    --------
    >>> g, one = retender_terms(rows=np.array([1, 1]), fees=np.array([[100.0], [40.0]]),
    ...     governance=np.array([[10.0], [5.0]]), lost=np.array([[2.0], [1.0]]),
    ...     handled=np.array([[50.0], [25.0]]), live=np.array([[True], [True]]), margin=10.0,
    ...     setup_months=np.array([[0.0], [1.5]]))
    >>> (g.ravel().round(9) + 0.0).tolist(), one.ravel().tolist()
    ([20.0, 0.0], [120.0, 60.0])
    """
    rows = np.asarray(rows)
    h_f = np.asarray(handled)[rows]
    ok = np.asarray(live)[rows] & (h_f > 0)
    per = np.where(ok, 1.0 / np.where(ok, h_f, 1.0), 0.0)
    fees_f, m = np.asarray(fees)[rows], np.asarray(margin)
    cost_f = (fees_f + np.asarray(governance)[rows] + np.asarray(lost)[rows] * m) * per
    stay = fees + governance + lost * m
    gain = np.where(ok, stay - cost_f * handled, 0.0)
    one_off = np.where(ok, np.asarray(setup_months)[rows] * fees_f * per * handled, np.inf)
    return np.asarray(gain, dtype=np.float64), np.asarray(one_off, dtype=np.float64)
