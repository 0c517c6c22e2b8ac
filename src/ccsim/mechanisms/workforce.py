"""The in-house workforce: headcount, rosters, overtime, temps and hiring (C7, C8, C13, C15, C16).

A plan of ``N`` average agents on the phones over the open day (the mean over the
intervals, :func:`ccsim.mechanisms.staffing.interval_plan`) needs the paid headcount

``FTE = N * open_hours / (schedule_efficiency * paid_hours * (1 - shrinkage))``

(:func:`fte_for_agents`; the schedule efficiency is the share of scheduled hours that
fall where the requirement curve needs them); :func:`agents_present` is the inverse.
The efficiency follows the day's shape (:func:`shape_efficiency`, issue 28 item 9): a
share ``f`` (``service.schedule_flexibility``) of the plan is rostered along the curve,
the rest flat at the busiest interval's level, so a peakier day costs more paid hours.

- Hiring (C7): the planner hires a hiring lag ahead for the seasonal peak, but not,
  once an outsourcing is announced, agents it would lay off at go-live
  (:func:`hiring_target`). Attrition is back-filled from a continuous recruiting
  pipeline; a rise in the target is closed at ``1/hiring_lag`` per month; surplus staff
  are laid off only when work moves to a vendor (C16) (:func:`inhouse_step`). After an
  exit, the team plans for the returning calls a hiring lag before the switch
  (:func:`in_house_planning_share`, C13).
- The month's roster: hires spend their first classroom weeks paid but off the phones
  (:func:`classroom_fte`); a shortfall against the month's plan is covered by overtime
  up to a cap (:func:`overtime_agents`), then by temporary agents at a new hire's pace
  (:func:`temp_agents`).
- Month 0: the current operation is staffed to its plan for the month's calls at the
  steady-state handle time (:func:`month0_plan`, used by the engine and by
  :func:`ccsim.run.sizing.month0_plan`).
- Reported: supervision hours freed (C8, :func:`management_hours_freed`) and jobs in
  the home country (C15, :func:`local_jobs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ccsim.mechanisms import attrition, demand, handle_time, intraday, staffing

__all__ = [
    "Rota",
    "agents_present",
    "classroom_fte",
    "fte_for_agents",
    "gap_hires",
    "hiring_target",
    "in_house_planning_share",
    "inhouse_step",
    "local_jobs",
    "management_hours_freed",
    "month0_plan",
    "month_roster",
    "overtime_agents",
    "plan_and_target",
    "required_headcount",
    "seats",
    "shape_efficiency",
    "temp_agents",
    "whole_fte",
]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts
WEEKS_PER_MONTH = 52.0 / 12.0


@dataclass(frozen=True, slots=True)
class Rota:
    """The service's planning constants: the queue's target and the shift pattern.

    Floats or ``(P,)`` arrays, fixed for a run (built once per chunk by the engine).
    """

    target_sl: X  #: share of calls to answer within ``target_time``
    target_time: X  #: seconds
    open_hours: X  #: open hours a month
    efficiency: X  #: schedule efficiency
    paid_hours: X  #: paid hours of an FTE a month
    shrinkage: X  #: share of paid hours off the phones

    def fte(self, agents: X) -> F:
        """Whole paid FTE behind an average of ``agents`` (:func:`whole_fte`)."""
        return whole_fte(agents=agents, open_hours=self.open_hours, efficiency=self.efficiency,
                         paid_hours=self.paid_hours, shrinkage=self.shrinkage)

    def present(self, headcount: X) -> F:
        """Average agents a paid ``headcount`` provides (:func:`agents_present`)."""
        return agents_present(headcount=headcount, open_hours=self.open_hours,
                              efficiency=self.efficiency, paid_hours=self.paid_hours,
                              shrinkage=self.shrinkage)

    def hours(self, agents: X) -> F:
        """Scheduled hours behind an average of ``agents`` (:func:`staffing.vendor_hours`)."""
        return staffing.vendor_hours(agents=agents, open_hours=self.open_hours,
                                     efficiency=self.efficiency)

    def plan(self, volume: X, aht: X, profile: X) -> tuple[F, F]:
        """Agents each interval needs and their mean (:func:`staffing.interval_plan`)."""
        return staffing.interval_plan(volume=volume, aht=aht, profile=profile,
                                      open_hours=self.open_hours, target_sl=self.target_sl,
                                      target_time=self.target_time)

    def plans(self, teams: Sequence[tuple[X, X]], profile: X) -> list[tuple[F, F]]:
        """:meth:`plan` of each ``(volume, aht)`` pair broadcast to the pairs' common
        shape (``(O, P)``; ``(P,)`` is taken as ``(1, P)``), from one Erlang C call on the
        pairs side by side: every interval of every element is sized on its own, so the
        numbers are those of one call a pair, for the fixed cost of one.
        """
        shape = np.broadcast_shapes(*(np.shape(x) for team in teams for x in team))
        flat = (1, *shape) if len(shape) < 2 else shape
        volume, aht = (staffing.side_by_side([team[i] for team in teams], flat) for i in (0, 1))
        curve, agents = self.plan(volume, aht, profile)
        n = len(teams)
        return [(np.ascontiguousarray(c), a) for c, a in zip(
            staffing.split_teams(curve, n), staffing.split_teams(agents, n), strict=True)]

    def headcount(self, volume: X, aht: X, profile: X) -> F:
        """Whole paid FTE a ``volume`` needs (:func:`required_headcount`)."""
        return required_headcount(volume=volume, aht=aht, profile=profile,
                                  open_hours=self.open_hours, target_sl=self.target_sl,
                                  target_time=self.target_time, efficiency=self.efficiency,
                                  paid_hours=self.paid_hours, shrinkage=self.shrinkage)


def shape_efficiency(*, flat: X, flexibility: X, profile: X) -> F:
    """Schedule efficiency of a day with arrival ``profile`` ``(K, ...)`` (mean 1):
    ``flat / ((1 - f) b + f)`` with ``b = max_k p_k`` the busy-hour factor (issue 28, item 9).

    A share ``f`` of the interval plan is met by shifts that follow the day's curve
    (part-time, staggered starts) without waste; the other ``1 - f`` is rostered flat
    over the open day, which must then stand at the busiest interval's level, ``b`` times
    the day's mean. ``flat`` is the efficiency on a flat day (breaks, meetings, the
    intra-interval mismatch). ``f = 1`` or a flat day (``b = 1``) leave ``flat``.

    Examples
    --------
    >>> shape_efficiency(flat=0.94, flexibility=0.8, profile=np.array([0.5, 1.5])).round(6).tolist()
    0.854545
    """
    b = np.max(np.asarray(profile, dtype=np.float64), axis=0)
    return np.asarray(flat / ((1.0 - np.asarray(flexibility)) * b + flexibility), dtype=np.float64)


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
    Erlang C (:func:`ccsim.mechanisms.staffing.interval_plan`) and the day's mean is turned into paid FTE
    (:func:`fte_for_agents`), rounded up. Also the initial headcount plan when the
    scenario leaves ``staff.headcount`` unset.
    """
    _, agents = staffing.interval_plan(volume=volume, aht=aht, profile=profile, open_hours=open_hours,
                              target_sl=target_sl, target_time=target_time)
    return whole_fte(agents=agents, open_hours=open_hours, efficiency=efficiency,
                     paid_hours=paid_hours, shrinkage=shrinkage)


def classroom_fte(hires: X, classroom_weeks: X) -> F:
    """Paid FTE in the classroom this month: ``hires * min(1, weeks / 4.33)``.

    Examples
    --------
    >>> float(classroom_fte(13.0, 52.0 / 12.0 / 2.0))
    6.5
    """
    return np.asarray(hires * np.minimum(1.0, classroom_weeks / WEEKS_PER_MONTH), dtype=np.float64)


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


def month_roster(*, headcount: X, hires: X, needed: F, curve: F, rota: Rota,
                 classroom_weeks: X, overtime_cap: X, temp_cap: X, pace: X,
                 adherence: X) -> tuple[F, F, F]:
    """The in-house team on the phones this month: ``(roster (K, O, P), overtime agents,
    temps booked)`` (C7).

    The paid ``headcount`` less last month's ``hires`` in the classroom
    (:func:`classroom_fte`) gives the agents present; overtime covers a shortfall
    against the plan's ``needed`` agents up to its cap (:func:`overtime_agents`),
    temporary agents what overtime cannot, at a new hire's ``pace``
    (:func:`temp_agents`); the adhering agents follow the plan's ``curve`` through the
    day (:func:`ccsim.mechanisms.intraday.roster`).
    """
    present = rota.present(headcount - classroom_fte(hires, classroom_weeks))
    overtime = overtime_agents(present=present, needed=needed, cap=overtime_cap)
    temps, temp_eff = temp_agents(shortfall=needed - present - overtime, present=present,
                                  cap=temp_cap, pace=pace)
    roster = intraday.roster(agents=staffing.adhering(present + overtime + temp_eff, adherence),
                             plan=curve)
    return roster, overtime, temps


def in_house_planning_share(
    *, vendor_share: X, exit_requested: NDArray[np.bool_], month: int, hiring_lag: X, switch_month: X
) -> F:
    """Vendor share the in-house team plans with, ``(O, P)`` (C7, C13).

    Once an exit is requested, the in-house team starts hiring for the returning calls
    ``hiring_lag`` months before the switch: from then on it plans with no vendor.
    """
    returning = exit_requested & (month + hiring_lag >= switch_month)
    return np.where(returning, 0.0, vendor_share)


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
    hires = np.floor(gap_hires(gap=target - after, leavers=leavers, hiring_lag=hiring_lag) + 0.5)
    return after + hires, hires, layoffs


def gap_hires(*, gap: X, leavers: X, hiring_lag: X) -> F:
    """Hires that close a team's ``gap`` to its target this month (unrounded): the
    ``leavers`` back-filled at once (up to the gap), the rest of the gap at ``1 /
    hiring_lag`` a month (at most all of it); none where there is no gap. Shared by
    :func:`inhouse_step` and the exit's return projection
    (:func:`ccsim.mechanisms.contract.return_cost`).

    Examples
    --------
    >>> gap_hires(gap=np.array([10.0, 10.0, -2.0]), leavers=2.0, hiring_lag=np.array([2.0, 1e-300, 2.0])).tolist()
    [6.0, 10.0, 0.0]
    """
    gap = np.asarray(gap, dtype=np.float64)
    # 1 / max(lag, 1) is min(1, 1 / lag) without the overflow of 1 / lag at a tiny lag
    growth = np.maximum(gap - leavers, 0.0) * (1.0 / np.maximum(np.asarray(hiring_lag), 1.0))
    return np.asarray(np.where(gap > 0, np.minimum(gap, leavers) + growth, 0.0), dtype=np.float64)


def hiring_target(*, needed: X, forecast: X, ahead: X, aht: X, profile: X, rota: Rota,
                  before: NDArray[np.bool_], kept_share: X, kept_aht: X) -> F:
    """The paid FTE the in-house planner hires towards this month, ``(O, P)`` (C7, C16).

    The month's plan (``needed`` average agents) in whole FTE; where the season rises
    within the hiring lag (``ahead > 1``, :func:`ccsim.mechanisms.demand.season_ahead`)
    the plan for ``forecast * ahead`` calls instead, so hires arrive for the busiest
    month they will reach. Where an outsourcing is announced but not yet live
    (``before``), no more than the team it keeps at go-live: the plan for
    ``forecast * kept_share * ahead`` calls at the kept contacts' handle time
    ``kept_aht`` (its agents would be laid off at go-live otherwise).
    """
    extra = _target_plans(forecast=forecast, ahead=ahead, aht=aht, before=before,
                          kept_share=kept_share, kept_aht=kept_aht)
    return _target(rota, needed, ahead, before, [rota.plan(v, a, profile)[1] for v, a in extra])


def plan_and_target(*, forecast: X, aht: X, ahead: X, profile: X, rota: Rota,
                    before: NDArray[np.bool_], kept_share: X, kept_aht: X,
                    also: Sequence[tuple[X, X]] = ()) -> tuple[F, F, F, list[tuple[F, F]]]:
    """The month's in-house plan and hiring target, and the plans of ``also``:
    ``(curve (K, O, P), needed, target, [rota.plan(*pair, profile) for pair in also])``.

    ``rota.plan(forecast, aht, profile)``, :func:`hiring_target` on its ``needed`` and the
    other teams' plans (the vendor's), all from one Erlang C call (:meth:`Rota.plans`):
    the same numbers as a call each.
    """
    extra = _target_plans(forecast=forecast, ahead=ahead, aht=aht, before=before,
                          kept_share=kept_share, kept_aht=kept_aht)
    plans = rota.plans([(forecast, aht), *also, *extra], profile)
    curve, needed = plans[0]
    n = 1 + len(also)
    return (curve, needed, _target(rota, needed, ahead, before, [a for _, a in plans[n:]]),
            plans[1:n])


def _target_plans(*, forecast: X, ahead: X, aht: X, before: NDArray[np.bool_], kept_share: X,
                  kept_aht: X) -> list[tuple[F, X]]:
    """The ``(volume, aht)`` of the plans the hiring target needs besides the month's:
    the rising season's where ``ahead > 1``, the kept team's where ``before``."""
    extra: list[tuple[F, X]] = []
    if (rising := np.asarray(ahead > 1.0)).any():  # a rising season needs a plan of its own
        extra.append((np.where(rising, forecast * ahead, 0.0), aht))
    if before.any():
        extra.append((np.where(before, forecast * kept_share * ahead, 0.0), kept_aht))
    return extra


def _target(rota: Rota, needed: X, ahead: X, before: NDArray[np.bool_], agents: list[F]) -> F:
    """:func:`hiring_target` from the agents of the plans of :func:`_target_plans`."""
    target = rota.fte(needed)
    if (rising := np.asarray(ahead > 1.0)).any():
        target = np.where(rising, rota.fte(agents.pop(0)), target)
    if before.any():
        target = np.where(before, np.minimum(target, rota.fte(agents.pop(0))), target)
    return np.asarray(target, dtype=np.float64)


def month0_plan(*, fresh: X, callback_rate: X, fcr: X, leave_rate: X, ramp_weeks: X, aht_s: X,
                tech_trend_annual: X, new_hire_factor: X, noise_sd: X, profile: X,
                rota: Rota) -> F:
    """Paid FTE of the current operation at month 0: staffed to its plan (C7).

    The month's calls are the ``fresh`` forecast plus the steady-state repeats
    (:func:`ccsim.mechanisms.demand.initial_repeats`), all in-house; the handle time is
    the plan's at the steady-state ramp deficit of a team replacing ``leave_rate``
    leavers a month (:func:`ccsim.mechanisms.attrition.steady_state_deficit`). Used by
    the engine (``staff.headcount`` unset) and by :func:`ccsim.run.sizing.month0_plan`.
    """
    repeats = demand.initial_repeats(fresh=fresh, callback_rate=callback_rate, fcr=fcr)
    aht = handle_time.handle_time(
        base=aht_s, factor=1.0, trend_annual=tech_trend_annual, month=0,
        deficit=attrition.steady_state_deficit(leave_rate, ramp_weeks),
        new_hire_factor=new_hire_factor, dip=0.0, noise_sd=noise_sd, z=None,
    )
    return rota.headcount(fresh + repeats, aht, profile)


def seats(*, roster: X, per_peak_agent: X, held: X, month: int, commitments_end: X
          ) -> tuple[F, F]:
    """In-house seats in use and held this month, ``(O, P)`` each (C1, C13, C16).

    Seats follow concurrency, not headcount: ``per_peak_agent`` seats for every agent
    rostered in the busiest interval of the day (``roster`` ``(K, O, P)``; the factor
    covers shift overlap, team leads and agents at their desks off the phones). While
    the lease and contracts run (``month < commitments_end``) the seats ``held`` are kept
    and grow with the need, ``max(held, in_use)``; idle ones are stranded
    (:func:`ccsim.mechanisms.costs.stranded_cost`). After that the seats held are the
    seats in use. One rule for every option: an in-house team that shrinks in a quiet
    season and a team whose calls moved to a vendor hold their seats alike.

    Examples
    --------
    >>> use, held = seats(roster=np.array([[[10.0]], [[20.0]], [[15.0]]]), per_peak_agent=1.2,
    ...                   held=np.array([[30.0]]), month=3, commitments_end=12.0)
    >>> float(use[0, 0]), float(held[0, 0])
    (24.0, 30.0)
    """
    in_use = np.asarray(per_peak_agent * np.max(np.asarray(roster), axis=0), dtype=np.float64)
    kept = np.asarray(month < np.asarray(commitments_end))
    return in_use, np.asarray(np.where(kept, np.maximum(held, in_use), in_use), dtype=np.float64)


def management_hours_freed(*, initial: X, headcount: X, hours_per_agent: X) -> F:
    """Supervision hours freed by a smaller in-house team, ``(O, P)`` (C8)."""
    return np.maximum(0.0, initial - headcount) * hours_per_agent


def local_jobs(*, in_house: X, vendor_fte: X, onshore: NDArray[np.bool_], governance_fte: X = 0.0) -> F:
    """Jobs in the home country: in-house staff, an onshore vendor's FTE and the retained
    governance team (C15)."""
    return np.asarray(in_house + np.where(onshore, vendor_fte, 0.0) + governance_fte,
                      dtype=np.float64)
