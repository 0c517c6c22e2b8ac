"""Staffing and service: busy-hour load, agents needed, agents present (C7, C21).

The monthly volume of a team is turned into a busy-hour arrival rate
``lambda = V * busy_hour_factor / (open_hours * 3600)`` (per second). Planning sizes the
busy hour to the service-level target with Erlang C (:func:`ccsim.queueing.required_agents`);
the paid headcount covering that plan over the open day is

``FTE = N * open_hours * schedule_factor / (paid_hours * (1 - shrinkage))``.

The realised service level and abandonment come from Erlang A (M/M/c+M,
:func:`ccsim.queueing.erlang_a`) with the agents actually present at the busy hour,
evaluated through :mod:`ccsim.queueing._tables` (the same formulas with the special
functions read from tables to a relative error below 1e-10; service level and
abandonment within 1e-9 of the exact values, elements outside the tables exact).

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

from ccsim.queueing import overflow as _overflow
from ccsim.queueing import staffing as queueing

__all__ = [
    "adhering",
    "agents_present",
    "busy_hour_rate",
    "fte_for_agents",
    "in_house_planning_share",
    "inhouse_step",
    "local_jobs",
    "management_hours_freed",
    "overflow_share",
    "overtime_agents",
    "plan_agents",
    "realise",
    "required_headcount",
    "temp_agents",
    "vendor_agents",
    "vendor_fte",
    "vendor_hours",
]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts
WEEKS_PER_MONTH = 52.0 / 12.0


def busy_hour_rate(volume: X, busy_hour_factor: X, open_hours: X) -> F:
    """Busy-hour arrival rate in calls per second."""
    return np.asarray(volume * busy_hour_factor / (open_hours * 3600.0), dtype=np.float64)


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
    *, agents: X, open_hours: X, schedule_factor: X, paid_hours: X, shrinkage: X
) -> F:
    """Paid FTE covering ``agents`` at the busy hour over the open day."""
    out = agents * open_hours * schedule_factor / (paid_hours * (1.0 - shrinkage))
    return np.asarray(out, dtype=np.float64)


def agents_present(
    *,
    headcount: X, open_hours: X, schedule_factor: X, paid_hours: X, shrinkage: X
) -> F:
    """Busy-hour agents a paid headcount provides (inverse of :func:`fte_for_agents`)."""
    x = headcount * paid_hours * (1.0 - shrinkage) / (open_hours * schedule_factor)
    return np.floor(x + 1e-9)


def adhering(agents: X, adherence: X) -> F:
    """Scheduled agents actually taking calls: ``floor(agents * adherence)`` (C7).

    Examples
    --------
    >>> adhering(np.array([50.0, 10.0]), 0.92).tolist()
    [46.0, 9.0]
    """
    return np.floor(np.asarray(agents, dtype=np.float64) * adherence + 1e-9)


def overtime_agents(*, present: X, needed: X, cap: X) -> F:
    """Busy-hour agents added by overtime, ``(O, P)`` (C7).

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
    """Busy-hour agents a vendor fields after reacting to the month's demand surprise."""
    agility = np.maximum(0.0, 1.0 - lag_weeks / WEEKS_PER_MONTH)
    ratio = np.where(forecast > 0, volume / np.where(forecast > 0, forecast, 1.0), 1.0)
    return np.maximum(0.0, np.round(planned * (1.0 + agility * (ratio - 1.0))))


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


def required_headcount(
    *,
    volume: X,
    aht: X,
    busy_hour_factor: X,
    open_hours: X,
    target_sl: X,
    target_time: X,
    schedule_factor: X,
    paid_hours: X,
    shrinkage: X,
) -> F:
    """Whole paid FTE an in-house team needs for a month's ``volume`` (C7).

    ``volume`` and ``aht`` are ``(O, P)`` (or ``(P,)``), the service inputs floats or
    ``(P,)``: the busy hour is sized to the target with Erlang C
    (:func:`plan_agents`) and the agents are turned into paid FTE
    (:func:`fte_for_agents`), rounded up. Also the initial headcount plan when the
    scenario leaves ``staff.headcount`` unset.
    """
    agents = plan_agents(
        rate=busy_hour_rate(volume, busy_hour_factor, open_hours),
        aht=aht, target_sl=target_sl, target_time=target_time,
    )
    fte = fte_for_agents(
        agents=agents, open_hours=open_hours, schedule_factor=schedule_factor,
        paid_hours=paid_hours, shrinkage=shrinkage,
    )
    return np.ceil(fte - 1e-9)


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


def in_house_planning_share(
    *, vendor_share: X, exit_requested: NDArray[np.bool_], month: int, hiring_lag: X, switch_month: X
) -> F:
    """Vendor share the in-house team plans with, ``(O, P)`` (C7, C13).

    Once an exit is requested, the in-house team starts hiring for the returning calls
    ``hiring_lag`` months before the switch: from then on it plans with no vendor.
    """
    returning = exit_requested & (month + hiring_lag >= switch_month)
    return np.where(returning, 0.0, vendor_share)


def vendor_hours(*, agents: X, open_hours: X, schedule_factor: X) -> F:
    """Productive hours of the month of ``agents`` busy-hour agents, ``(O, P)``."""
    return np.asarray(agents * open_hours * schedule_factor, dtype=np.float64)


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
