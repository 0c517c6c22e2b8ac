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
- The return is priced as it would happen (:func:`return_cost`): the team is hired
  over the hiring lag before the switch and paid while the vendor still serves, spends
  its classroom weeks off the phones, works at a new hire's handle time and quality
  while it ramps (the shortfall covered by overtime, then temporary agents), replaces
  its leavers, and the vendor's quality dips during the notice; seats re-occupied from
  the ones already paid as stranded cost only the sublet income they forgo.
- ``locked_in_months`` counts the months the contract keeps a client that wants out:
  months of notice or of an unenforceable clause's wait to the term's end after an
  exit was decided, and decision months in which leaving would pay without the
  early-exit terms (no exit fee, the switch after the notice) but does not with them
  (:attr:`ExitDecision.blocked`). A longer term adds months of the second kind.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from ccsim.mechanisms.attrition import ramp_deficit
from ccsim.mechanisms.workforce import classroom_fte, gap_hires

__all__ = [
    "ExitDecision",
    "effective_oversight",
    "escalation_active",
    "exit_decision",
    "record_quality",
    "retender_terms",
    "return_cost",
    "rolling_mean",
    "switch_month",
]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts
B = NDArray[np.bool_]


class ExitDecision:
    """Result of :func:`exit_decision` for one month (arrays ``(O, P)``)."""

    __slots__ = ("blocked", "escalation_end", "fee_due", "switch_month", "trigger")

    def __init__(self, trigger: B, fee_due: B, switch_month: F, escalation_end: F,
                 blocked: B | None = None) -> None:
        self.trigger = trigger
        self.fee_due = fee_due
        self.switch_month = switch_month
        self.escalation_end = escalation_end
        #: leaving would pay without the early-exit terms but the contract keeps the client
        self.blocked = np.zeros_like(trigger) if blocked is None else blocked


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
    switching_cost_free: X | None = None,
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

    ``blocked`` (the lock-in): a decision month in which leaving would pay without the
    early-exit terms, switching after ``notice`` with no exit fee at the one-off
    ``switching_cost_free`` (``switching_cost`` if not given), but the exit is not taken.
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
    switch = switch_month(month=month, golive=golive, term=term, notice=notice,
                          enforceable=enforceable)
    one_off = np.where(early & enforceable, exit_fee, 0.0) + switching_cost
    months_after = np.maximum(horizon - switch, 0.0)
    pays = np.asarray(gain_per_month) * months_after > one_off
    trigger = decide & pays
    fee_due = trigger & early & enforceable
    free_cost = switching_cost if switching_cost_free is None else switching_cost_free
    free_after = np.maximum(horizon - (month + 1.0 + np.asarray(notice, dtype=np.float64)), 0.0)
    blocked = decide & ~trigger & (np.asarray(gain_per_month) * free_after > free_cost)
    return ExitDecision(trigger, fee_due, np.where(trigger, switch, np.inf),
                        np.asarray(new_end, dtype=np.float64), blocked)


def switch_month(*, month: int, golive: X, term: X, notice: X, enforceable: B) -> F:
    """Month the work would move if an exit were decided in ``month``, ``(O, P)`` (C13).

    ``month + 1 + notice``; during the term with an unenforceable exit clause not before
    the term's end, ``golive + term``.

    Examples
    --------
    >>> switch_month(month=10, golive=2.0, term=36.0, notice=3.0,
    ...              enforceable=np.array([True, False])).tolist()
    [14.0, 38.0]
    """
    early = month - np.asarray(golive, dtype=np.float64) < term
    after_notice = month + 1.0 + np.asarray(notice, dtype=np.float64)
    return np.asarray(np.where(early & ~np.asarray(enforceable),
                               np.maximum(after_notice, np.asarray(golive) + term), after_notice),
                      dtype=np.float64)


def return_cost(
    *, month: int, switch: X, horizon: int, team: X, team_agents: X, deficit_sized: X,
    hiring_lag: X, leave_rate: X, ramp_weeks: X, classroom_weeks: X, cost_per_hire: X,
    pay: X, seat_month: X, stranded_pool: X, sublet_recovery: X, commitments_end: X,
    new_hire_factor: X, overtime_cap: X, overtime_premium: X, temp_markup: X,
    agent_hour_cost: X, hours_per_agent: X, lost_at: Callable[[F], F], lost_sized: X,
    margin: X, dip_loss: X,
) -> F:
    """What going back in-house costs beyond a trained team's steady month, ``(O, P)`` (C13).

    The steady month, which :func:`ccsim.mechanisms.costs.gain_of_return` prices from the
    switch to the horizon, is a trained ``team`` (whole FTE, ``team_agents`` average
    agents on the phones, sized at the deficit ``deficit_sized``) at ``pay`` and a full
    ``seat_month`` each, and ``lost_sized`` callers lost a month. The return as it would
    happen, projected month by month from ``month + 1`` to the horizon on expected values
    (no rounding, no random draws), for a new team starting from nobody, in parts:

    - *hiring lag* and *leavers* (:func:`_return_hires`): from ``switch - hiring_lag``
      the team hires towards ``team``, its leavers (``leave_rate`` a month) back-filled;
      every hire costs ``cost_per_hire`` and is paid from the next month
      (:func:`_return_payroll`), while the vendor still serves if that is before the switch;
    - *classroom*: the last month's hires are off the phones for ``classroom_weeks``
      (:func:`ccsim.mechanisms.workforce.classroom_fte`);
    - *ramp cover* (:func:`_ramp_cover`): the team's deficit follows
      :func:`ccsim.mechanisms.attrition.ramp_deficit`; from the switch its shortfall of
      agents is covered by overtime, then temporary agents;
    - *quality*: the callers lost are ``lost_at(d)`` a month at the team's deficit
      (elementwise: ``d`` is every month's deficit at once, the months on a first axis);
    - *seats*: up to ``stranded_pool`` of the team's seats are seats already paid as
      stranded: they cost only the sublet income forgone (:func:`_return_payroll`);
    - *notice dip*: each month from ``month + 1`` to the switch the vendor's callers
      lose ``dip_loss`` more customers' margin (the transition dip).

    Returns the projection's total less the steady months from the switch to the
    horizon: the one-off cost of the return, added to the switching cost. Undiscounted,
    as the rest of the exit rule.

    Examples
    --------
    A team of 10 hired the month before the switch (a hiring lag of 1), paid from the
    switch, no ramp, no classroom, no leavers, no stranded seats: the return costs the
    ten hires only (``tests/mechanisms/test_exit.py`` works longer cases out by hand).

    >>> one = lambda x: np.asarray(x, dtype=np.float64)
    >>> float(return_cost(month=0, switch=one(3.0), horizon=6, team=10.0, team_agents=4.0,
    ...     deficit_sized=0.0, hiring_lag=1.0, leave_rate=0.0, ramp_weeks=0.0,
    ...     classroom_weeks=0.0, cost_per_hire=100.0, pay=1000.0, seat_month=50.0,
    ...     stranded_pool=0.0, sublet_recovery=0.0, commitments_end=0.0, new_hire_factor=1.5,
    ...     overtime_cap=0.1, overtime_premium=1.5, temp_markup=0.5, agent_hour_cost=20.0,
    ...     hours_per_agent=400.0, lost_at=lambda d: one(0.0 * d), lost_sized=0.0,
    ...     margin=100.0, dip_loss=0.0))
    1000.0
    """
    sw, team_a = np.asarray(switch, dtype=np.float64), np.asarray(team, dtype=np.float64)
    if month + 1 >= horizon:
        return np.zeros(np.broadcast(sw, team_a).shape)
    per_agent = np.asarray(team_agents, dtype=np.float64) / np.maximum(team_a, 1e-300)
    slowdown_sized = 1.0 + (np.asarray(new_hire_factor) - 1.0) * deficit_sized
    steady = team_a * (pay + seat_month) + np.asarray(lost_sized) * margin
    # the team month by month, then every month's cost at once: arrays (M,) + every input's shape
    shape = np.broadcast_shapes(*map(np.shape, (
        sw, per_agent, slowdown_sized, steady, hiring_lag, leave_rate, ramp_weeks, classroom_weeks,
        cost_per_hire, stranded_pool, sublet_recovery, commitments_end, overtime_cap,
        overtime_premium, temp_markup, agent_hour_cost, hours_per_agent, dip_loss)))
    m = np.arange(month + 1, horizon, dtype=np.float64).reshape((-1,) + (1,) * len(shape))
    head, hires_prev, hires, deficit = _return_team(months=m, shape=shape, switch=sw, team=team_a,
        leave_rate=leave_rate, hiring_lag=hiring_lag, ramp_weeks=ramp_weeks)
    cost = _return_payroll(month=m, head=head, pay=pay, seat_month=seat_month,
                           stranded_pool=stranded_pool, commitments_end=commitments_end,
                           sublet_recovery=sublet_recovery)
    cover = _ramp_cover(
        present=(head - classroom_fte(hires_prev, classroom_weeks)) * per_agent,
        team_agents=team_agents, deficit=deficit, slowdown_sized=slowdown_sized,
        new_hire_factor=new_hire_factor, overtime_cap=overtime_cap, temp_markup=temp_markup,
        overtime_premium=overtime_premium, hours_per_agent=hours_per_agent,
        agent_hour_cost=agent_hour_cost)
    # from the switch the ramp's cover and callers lost beyond the steady month; before, the dip
    cost = cost + np.where(m >= sw, cover + np.asarray(lost_at(deficit)) * margin - steady,
                           dip_loss)
    return _in_order(cost, hires * cost_per_hire)


def _in_order(cost: F, hire_cost: F) -> F:
    """The months' costs added in the projection's order, ``total = total + cost[k] +
    hire_cost[k]`` month after month from 0, ``(M,) + shape`` to ``shape``: a running sum
    along the first axis adds its rows one after the other (numpy's cumulative sums are
    sequential, unlike the pairwise ``np.sum``), the same floating-point sums as a loop."""
    steps = np.zeros((2 * cost.shape[0] + 1, *np.broadcast_shapes(cost.shape, hire_cost.shape)[1:]))
    steps[1::2], steps[2::2] = cost, hire_cost
    return np.asarray(np.add.accumulate(steps, axis=0)[-1], dtype=np.float64)


def _return_team(*, months: F, shape: tuple[int, ...], switch: F, team: F, leave_rate: X,
                 hiring_lag: X, ramp_weeks: X) -> tuple[F, F, F, F]:
    """A returning team over ``months`` (along a first axis), from nobody before the
    first: the one recurrence of :func:`return_cost`, month by month. Arrays ``(M,) +
    shape``: the head at each month's start, the previous month's hires, the month's hires
    (:func:`_return_hires`, hiring from ``switch - hiring_lag``) and the ramp deficit at
    the month's start (:func:`ccsim.mechanisms.attrition.ramp_deficit`)."""
    hiring = months + np.asarray(hiring_lag) >= switch
    # row k + 1 after month k; row 0 before the first month: nobody, no hires, no deficit
    head, hires, deficit = (np.zeros((len(months) + 1, *shape)) for _ in range(3))
    for k in range(len(months)):
        after, hires[k + 1] = _return_hires(head=head[k], leave_rate=leave_rate, team=team,
                                            hiring=hiring[k], hiring_lag=hiring_lag)
        head[k + 1] = after + hires[k + 1]
        deficit[k + 1] = ramp_deficit(deficit[k], hires[k + 1] / np.maximum(head[k + 1], 1.0),
                                      ramp_weeks)
    return head[:-1], hires[:-1], hires[1:], deficit[:-1]


def _return_payroll(*, month: X, head: F, pay: X, seat_month: X, stranded_pool: X,
                    commitments_end: X, sublet_recovery: X) -> F:
    """A returning team's pay and seats this month: ``head`` at ``pay`` and a
    ``seat_month`` each, less the seats re-occupied from the ``stranded_pool`` while the
    commitments run (``month < commitments_end``), which cost only the sublet income
    they forgo (``sublet_recovery`` of ``seat_month``). ``month`` may be an array of
    months that broadcasts against ``head``."""
    pooled = np.minimum(head, stranded_pool) * (month < np.asarray(commitments_end))
    return np.asarray(head * (pay + seat_month) - pooled * seat_month * (1.0 - sublet_recovery))


def _ramp_cover(*, present: F, team_agents: X, deficit: F, slowdown_sized: X,
                new_hire_factor: X, overtime_cap: X, overtime_premium: X, temp_markup: X,
                hours_per_agent: X, agent_hour_cost: X) -> F:
    """What covering a ramping team's shortfall costs a month (C7, C13).

    At the deficit ``deficit`` the calls need ``team_agents (1 + (f - 1) d) /
    slowdown_sized`` agents (``f = new_hire_factor``; ``slowdown_sized`` is the same
    factor at the deficit the team was sized at); the shortfall from the agents
    ``present`` is covered by overtime up to ``overtime_cap`` of them at
    ``overtime_premium`` times ``agent_hour_cost`` an hour, the rest by temporary agents
    at a new hire's pace (``f`` heads per agent) at ``1 + temp_markup`` times it
    (``hours_per_agent`` scheduled hours a month per average agent). The temporary
    agents' cap is not applied (beyond it the service falls instead, not projected)."""
    need = np.asarray(team_agents) * (1.0 + (np.asarray(new_hire_factor) - 1.0) * deficit) \
        / slowdown_sized
    short = np.maximum(need - present, 0.0)
    ot = np.minimum(short, overtime_cap * np.maximum(present, 0.0))
    temps = (short - ot) * new_hire_factor
    return np.asarray(hours_per_agent * agent_hour_cost * (ot * overtime_premium
                                                           + temps * (1.0 + temp_markup)))


def _return_hires(*, head: F, leave_rate: X, team: F, hiring: B, hiring_lag: X) -> tuple[F, F]:
    """A returning team's leavers and hires this month: ``(head after its leavers, hires)``.

    ``head * leave_rate`` agents leave; where ``hiring`` (from ``switch - hiring_lag``)
    the gap to ``team`` is closed as :func:`ccsim.mechanisms.workforce.inhouse_step`
    does: leavers back-filled at once, the rest of the gap at ``1 / hiring_lag`` a month."""
    leavers = head * leave_rate
    after = head - leavers
    hires = gap_hires(gap=np.where(hiring, team - after, 0.0), leavers=leavers,
                      hiring_lag=hiring_lag)
    return np.asarray(after), hires


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
