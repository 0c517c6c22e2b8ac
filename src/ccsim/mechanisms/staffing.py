"""Staffing and service: interval-by-interval plans, agents present (C7, C21).

The monthly volume of a team arrives over the open day along the intraday profile
``p_k`` (:mod:`ccsim.mechanisms.intraday`): interval ``k`` has the arrival rate
``lambda_k = V p_k / (open_hours * 3600)`` (per second). Planning sizes every interval
to the service-level target with Erlang C (:func:`ccsim.queueing.required_agents`),
``N_k``; the team's plan is their mean over the day, ``N = mean_k N_k`` agents on the
phones on average, and the paid headcount covering it is

``FTE = N * open_hours / (schedule_efficiency * paid_hours * (1 - shrinkage))``,

where the schedule efficiency is the share of scheduled hours that fall where the
requirement curve needs them (shifts cannot follow it exactly). Agents below are
*average* agents over the open day in that sense; the roster puts them on the phones
interval by interval along the plan's curve (:func:`ccsim.mechanisms.intraday.roster`).

The realised service level and abandonment come from Erlang A (M/M/c+M,
:func:`ccsim.queueing.erlang_a`) in every interval with the agents rostered there,
evaluated through :mod:`ccsim.queueing._tables` (the same formulas with the special
functions read from tables to a relative error below 1e-10; service level and
abandonment within 1e-9 of the exact values, elements outside the tables exact), and
weighted by the interval's calls.

- In-house (C7): attrition is back-filled from a continuous recruiting pipeline, but a
  rise in the required headcount is closed at a rate of ``1/hiring_lag`` per month;
  surplus staff are laid off only when work moves to a vendor (C16). Demand surprises
  within a month are absorbed by the agents on the payroll.
- Vendor (C7, C21): staffs to plan and follows a demand surprise within
  ``scaling_lag_weeks``: agents = plan * (1 + a (V/V_forecast - 1)), with agility
  ``a = max(0, 1 - lag_weeks / 4.33)``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ccsim.mechanisms import intraday
from ccsim.queueing import overflow as _overflow
from ccsim.queueing import staffing as queueing

__all__ = [
    "adhering",
    "agents_present",
    "fte_for_agents",
    "in_house_planning_share",
    "inhouse_step",
    "interval_plan",
    "interval_rates",
    "local_jobs",
    "management_hours_freed",
    "overflow_day",
    "overflow_share",
    "overtime_agents",
    "plan_agents",
    "realise",
    "realise_day",
    "required_headcount",
    "temp_agents",
    "vendor_agents",
    "vendor_fte",
    "vendor_hours",
    "whole_fte",
]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts
WEEKS_PER_MONTH = 52.0 / 12.0


def interval_rates(volume: X, profile: X, open_hours: X) -> F:
    """Arrival rate of each interval in calls per second, ``(K, O, P)``.

    ``volume`` is the month's calls ``(O, P)``, ``profile`` the relative rates
    ``(K, 1, P)`` (or anything that broadcasts), mean 1 over the intervals.

    Examples
    --------
    >>> interval_rates(np.array([[36_000.0]]), np.array([[[0.5]], [[1.5]]]), 300.0).ravel().tolist()
    [0.016666666666666666, 0.05]
    """
    return np.asarray(volume * profile / (open_hours * 3600.0), dtype=np.float64)


def interval_plan(
    *, volume: X, aht: X, profile: X, open_hours: X, target_sl: X, target_time: X
) -> tuple[F, F]:
    """Agents each interval needs and their mean over the day: ``(N_k (K, O, P), N (O, P))``.

    Every interval is sized to the target with Erlang C at its own arrival rate
    (:func:`plan_agents`); the plan of the day is the mean over the (equal) intervals.
    """
    per = plan_agents(rate=interval_rates(volume, profile, open_hours), aht=aht,
                      target_sl=target_sl, target_time=target_time)
    return per, np.asarray(np.mean(per, axis=0), dtype=np.float64)


def plan_agents(*, rate: X, aht: X, target_sl: X, target_time: X) -> F:
    """Busy-hour agents meeting the target (Erlang C), computed only where ``rate > 0``.

    ``rate`` (calls/s) and ``aht`` (s) are ``(O, P)`` (or anything that broadcasts);
    the targets floats or ``(P,)``. Returns whole agents, 0 where there is no traffic (C7).
    """
    rate, aht, target_sl, target_time = np.broadcast_arrays(rate, aht, target_sl, target_time)
    out = np.zeros(rate.shape)
    idx = rate > 0
    if np.any(idx):
        out[idx] = queueing._required_agents_core(
            rate[idx], aht[idx], target_sl[idx], target_time[idx]
        )
    return out


def fte_for_agents(
    *, agents: X, open_hours: X, efficiency: X, paid_hours: X, shrinkage: X
) -> F:
    """Paid FTE covering an average of ``agents`` on the phones over the open day.

    ``agents * open_hours / (efficiency * paid_hours * (1 - shrinkage))``: the
    schedule efficiency is the share of the scheduled hours that meet the requirement.

    Examples
    --------
    >>> fte_for_agents(agents=np.array([40.0]), open_hours=360.0, efficiency=0.9,
    ...                paid_hours=160.0, shrinkage=0.25).tolist()
    [133.33333333333334]
    """
    out = agents * open_hours / (efficiency * paid_hours * (1.0 - shrinkage))
    return np.asarray(out, dtype=np.float64)


def whole_fte(*, agents: X, open_hours: X, efficiency: X, paid_hours: X, shrinkage: X) -> F:
    """Whole paid FTE covering an average of ``agents`` (:func:`fte_for_agents`, rounded up).

    Examples
    --------
    >>> whole_fte(agents=np.array([40.0, 36.0]), open_hours=360.0, efficiency=0.9,
    ...           paid_hours=160.0, shrinkage=0.25).tolist()
    [134.0, 120.0]
    """
    fte = fte_for_agents(agents=agents, open_hours=open_hours, efficiency=efficiency,
                         paid_hours=paid_hours, shrinkage=shrinkage)
    return np.asarray(np.ceil(fte - 1e-9), dtype=np.float64)


def agents_present(
    *,
    headcount: X, open_hours: X, efficiency: X, paid_hours: X, shrinkage: X
) -> F:
    """Average agents a paid headcount provides (the inverse of :func:`fte_for_agents`)."""
    x = headcount * paid_hours * (1.0 - shrinkage) * efficiency / open_hours
    return np.asarray(x, dtype=np.float64)


def adhering(agents: X, adherence: X) -> F:
    """Scheduled agents actually taking calls, ``agents * adherence`` on average (C7);
    the roster rounds them down interval by interval (:func:`ccsim.mechanisms.intraday.roster`).

    Examples
    --------
    >>> adhering(np.array([50.0, 10.0]), 0.9).tolist()
    [45.0, 9.0]
    """
    return np.asarray(np.asarray(agents, dtype=np.float64) * adherence, dtype=np.float64)


def overtime_agents(*, present: X, needed: X, cap: X) -> F:
    """Average agents added by overtime, ``(O, P)`` (C7).

    The shortfall against the plan, ``needed - present``, is covered by overtime up to
    ``floor(cap * present)`` agents (``cap`` a share of the team's paid hours); none when
    the team is at or above plan.

    Examples
    --------
    >>> overtime_agents(present=np.array([50.0, 50.0, 50.0]), needed=np.array([48.0, 53.0, 60.0]),
    ...                 cap=0.1).tolist()
    [0.0, 3.0, 5.0]
    """
    room = np.floor(cap * np.asarray(present, dtype=np.float64) + 1e-9)
    return np.asarray(np.clip(np.asarray(needed) - present, 0.0, room), dtype=np.float64)


def temp_agents(*, shortfall: X, present: X, cap: X, pace: X) -> tuple[F, F]:
    """Temporary (agency) agents booked for a shortfall left after overtime (C7).

    Returns ``(heads, effective)``: the temps booked, ``min(ceil(shortfall * pace),
    floor(cap * present))``, and the busy-hour agents they are worth,
    ``floor(heads / pace)``: a temp works at a new hire's pace (``pace`` = the new-hire
    handle-time factor).

    Examples
    --------
    >>> heads, eff = temp_agents(shortfall=np.array([0.0, 4.0, 20.0]), present=50.0, cap=0.2,
    ...                          pace=1.5)
    >>> heads.tolist(), eff.tolist()
    ([0.0, 6.0, 10.0], [0.0, 4.0, 6.0])
    """
    # ceil of a hair below 0 is -0.0: adding 0.0 makes it a plain 0
    need = np.ceil(np.maximum(np.asarray(shortfall, dtype=np.float64), 0.0) * pace - 1e-9) + 0.0
    heads = np.minimum(need, np.floor(cap * np.asarray(present, dtype=np.float64) + 1e-9))
    return heads, np.floor(heads / pace + 1e-9)


def vendor_agents(*, planned: X, volume: X, forecast: X, lag_weeks: X) -> F:
    """Average agents a vendor fields after reacting to the month's demand surprise."""
    agility = np.maximum(0.0, 1.0 - lag_weeks / WEEKS_PER_MONTH)
    ratio = np.where(forecast > 0, volume / np.where(forecast > 0, forecast, 1.0), 1.0)
    return np.asarray(np.maximum(0.0, planned * (1.0 + agility * (ratio - 1.0))), dtype=np.float64)


def inhouse_step(
    *,
    headcount: X, target: X, leavers: X, hiring_lag: X, layoff: NDArray[np.bool_]
) -> tuple[F, F, F]:
    """One month of in-house headcount: returns ``(next_headcount, hires, layoffs)``.

    Leavers are back-filled (up to the target) at once; the remaining gap to the target
    closes at ``1/hiring_lag`` per month; where ``layoff`` is set, staff above the
    target are laid off.
    """
    after = headcount - leavers
    layoffs = np.where(layoff, np.maximum(0.0, np.floor(after - target)), 0.0)
    after = after - layoffs
    gap = target - after
    growth = np.maximum(gap - leavers, 0.0) * np.minimum(1.0, 1.0 / hiring_lag)
    hires = np.where(gap > 0, np.minimum(gap, leavers) + growth, 0.0)
    hires = np.floor(hires + 0.5)
    return after + hires, hires, layoffs


def realise(
    *, rate: X, aht: X, agents: X, patience: X, target_time: X
) -> tuple[F, F]:
    """Service level (answered within target over all arrivals) and abandonment share.

    Uses Erlang A where there is traffic and at least one agent; with traffic and no
    agent every caller abandons; with no traffic the service level is 1.
    """
    rate, aht, agents, patience, target_time = np.broadcast_arrays(
        rate, aht, agents, patience, target_time
    )
    sl = np.ones(rate.shape)
    ab = np.zeros(rate.shape)
    busy = rate > 0
    none = busy & (agents < 1)
    sl[none] = 0.0
    ab[none] = 1.0
    idx = busy & (agents >= 1)
    if np.any(idx):
        from ccsim.queueing import (
            _tables as _erlang_tables,  # imports numba: loaded on first use, not with ccsim
        )

        sl[idx], ab[idx] = _erlang_tables.service_and_abandonment(
            rate[idx], aht[idx], agents[idx], patience[idx], target_time[idx]
        )
    return sl, ab


def realise_day(
    *, volume: X, profile: F, open_hours: X, aht: X, agents: F, patience: X, target_time: X
) -> tuple[F, F]:
    """The day's service level and abandonment, ``(O, P)`` each, interval by interval.

    ``agents`` is the roster ``(K, O, P)``; each interval is an Erlang A queue at its own
    arrival rate (:func:`realise`) and the day's figures are the call-weighted means
    (:func:`ccsim.mechanisms.intraday.call_weighted`).
    """
    sl, ab = realise(rate=interval_rates(volume, profile, open_hours), aht=aht, agents=agents,
                     patience=patience, target_time=target_time)
    return intraday.call_weighted(sl, profile), intraday.call_weighted(ab, profile)


def required_headcount(
    *,
    volume: X,
    aht: X,
    profile: X,
    open_hours: X,
    target_sl: X,
    target_time: X,
    efficiency: X,
    paid_hours: X,
    shrinkage: X,
) -> F:
    """Whole paid FTE an in-house team needs for a month's ``volume`` (C7).

    ``volume`` and ``aht`` are ``(O, P)`` (or ``(P,)``), ``profile`` ``(K, 1, P)``, the
    service inputs floats or ``(P,)``: every interval is sized to the target with
    Erlang C (:func:`interval_plan`) and the day's mean is turned into paid FTE
    (:func:`fte_for_agents`), rounded up. Also the initial headcount plan when the
    scenario leaves ``staff.headcount`` unset.
    """
    _, agents = interval_plan(volume=volume, aht=aht, profile=profile, open_hours=open_hours,
                              target_sl=target_sl, target_time=target_time)
    return whole_fte(agents=agents, open_hours=open_hours, efficiency=efficiency,
                     paid_hours=paid_hours, shrinkage=shrinkage)


def overflow_share(
    *,
    rate: X,
    aht: X,
    agents: X,
    threshold: X,
    where: NDArray[np.bool_] | None = None,
) -> F:
    """Share of the in-house team's calls that overflow to the vendor (C21).

    The distributor passes a call on once it has waited ``threshold`` seconds (the
    service-level target time): the in-house team is an M/M/c+D queue with ``agents``
    agents, busy-hour arrival rate ``rate`` (calls/s) and handle time ``aht``, and the
    share overflowing is its closed form (:func:`ccsim.queueing.overflow_probability`).
    Every call the in-house team keeps is answered within ``threshold``. Computed only
    where ``where`` is set (0 elsewhere); every input broadcasts to ``(O, P)``.

    Examples
    --------
    >>> overflow_share(rate=np.array([[10 / 180, 0.0]]), aht=180.0, agents=12.0,
    ...                threshold=20.0).round(4).tolist()
    [[0.0857, 0.0]]
    """
    rate, aht, agents, tau = np.broadcast_arrays(rate, aht, agents, threshold)
    mask = np.ones(rate.shape, dtype=bool) if where is None else np.broadcast_to(where, rate.shape)
    out = np.zeros(rate.shape)
    if np.any(mask):
        out[mask] = _overflow._overflow_core(rate[mask].astype(np.float64), aht[mask],
                                             agents[mask].astype(np.float64), tau[mask])
    return out


def overflow_day(
    *, volume: X, profile: F, open_hours: X, aht: X, agents: F, where: NDArray[np.bool_]
) -> F:
    """The day's share of calls passed on at once to the vendor, ``(O, P)``.

    Erlang B in every interval with the agents rostered there (``agents``,
    ``(K, O, P)``; :func:`overflow_share` with no wait), weighted by the interval's calls
    (:func:`ccsim.mechanisms.intraday.call_weighted`); 0 where ``where`` is not set.
    """
    per = overflow_share(rate=interval_rates(volume, profile, open_hours), aht=aht,
                         agents=agents, threshold=0.0, where=where)
    return intraday.call_weighted(per, profile)


def in_house_planning_share(
    *, vendor_share: X, exit_requested: NDArray[np.bool_], month: int, hiring_lag: X, switch_month: X
) -> F:
    """Vendor share the in-house team plans with, ``(O, P)`` (C7, C13).

    Once an exit is requested, the in-house team starts hiring for the returning calls
    ``hiring_lag`` months before the switch: from then on it plans with no vendor.
    """
    returning = exit_requested & (month + hiring_lag >= switch_month)
    return np.where(returning, 0.0, vendor_share)


def vendor_hours(*, agents: X, open_hours: X, efficiency: X) -> F:
    """Scheduled hours of the month behind an average of ``agents`` on the phones,
    ``agents * open_hours / efficiency``, ``(O, P)``."""
    return np.asarray(agents * open_hours / efficiency, dtype=np.float64)


def vendor_fte(*, live: NDArray[np.bool_], hours: X, paid_hours: X, shrinkage: X) -> F:
    """Paid FTE behind a vendor's productive ``hours`` where it is live, ``(O, P)``."""
    return np.where(live, hours / (paid_hours * (1.0 - shrinkage)), 0.0)


def management_hours_freed(*, initial: X, headcount: X, hours_per_agent: X) -> F:
    """Supervision hours freed by a smaller in-house team, ``(O, P)`` (C8)."""
    return np.maximum(0.0, initial - headcount) * hours_per_agent


def local_jobs(*, in_house: X, vendor_fte: X, onshore: NDArray[np.bool_], governance_fte: X = 0.0) -> F:
    """Jobs in the home country: in-house staff, an onshore vendor's FTE and the retained
    governance team (C15)."""
    return np.asarray(in_house + np.where(onshore, vendor_fte, 0.0) + governance_fte,
                      dtype=np.float64)
