"""The month's fifth phase: escalate, exit or re-tender on sustained low quality (C13, C21).

:func:`decide` is called by :func:`ccsim.engine.month.step` after the experience phase.
It weighs what leaving the vendor would gain a month against what it costs once: going
back in-house (:func:`_return_terms`: the team an exit would hire, its callers, the
return's one-off cost with and without the early-exit terms) or handing the work to the
fallback option's vendor (:func:`ccsim.mechanisms.contract.retender_terms`), and hands
both to :func:`ccsim.mechanisms.contract.exit_decision`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields, is_dataclass, replace
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numpy as np
from numpy.typing import NDArray

from ccsim.engine.fixed import Fixed
from ccsim.engine.params import Params
from ccsim.engine.phases import Answered, Bill, Experience
from ccsim.engine.state import State
from ccsim.mechanisms import contract, costs, intraday, quality, staffing, workforce

__all__ = ["decide"]

F = NDArray[np.float64]
B = NDArray[np.bool_]
if TYPE_CHECKING:
    from _typeshed import DataclassInstance
T = TypeVar("T", bound="DataclassInstance")


def decide(t: int, *, prm: Params, fx: Fixed, s: State, a: Answered, bill: Bill,
           x: Experience, live: B, margin: F, history: F,
           idle_seats: F | float = 0.0) -> contract.ExitDecision:
    """Escalate or exit on sustained low quality, if leaving pays (C13, C21).

    The monthly gain of going back is the vendor's fees, governance and the margin of its
    callers lost, minus what a trained in-house team would cost for the same calls
    (staffed to plan, with pay, supervision and seats) and the margin its callers would
    be lost; the one-off cost is the switching cost and the return as it would happen
    beyond those steady months (:func:`ccsim.mechanisms.contract.return_cost`: hiring
    lag, classroom, ramp, overtime, leavers, notice dip, stranded seats re-occupied). A re-tender is
    quoted at the fallback option's cost per handled call this month, with its set-up
    (:func:`ccsim.mechanisms.contract.retender_terms`).
    """
    st, v, vc = prm.staff, prm.vendor, prm.vendor.contract
    gain = np.zeros_like(bill.fees)
    rehire = rehire_free = np.zeros_like(bill.fees)
    governance = costs.governance(bill.governance_hours, st.manager_hourly_cost)
    quality_mean = contract.rolling_mean(history, t, vc.exit_after_months)
    candidates = (live & ~s.exit_requested & (t - fx.golive >= vc.stabilisation_months)
                  & (quality_mean < vc.exit_threshold))
    to_vendor = v.retender  # an exit would re-tender (retender.View clears it after)
    if (home := candidates & ~to_vendor).any():  # priced on those elements only
        rows = _Rows(home)
        gain, rehire, rehire_free = (rows.scatter(term) for term in _return_terms(
            t, prm=rows.params(prm), fx=rows.record(fx), s=rows.record(s), a=rows.record(a),
            bill=rows.record(bill), x=rows.record(x), margin=rows.take(margin),
            governance=rows.take(governance), idle_seats=rows.take(idle_seats),
        ))
    if (candidates & to_vendor).any():
        gain_rt, one_off = contract.retender_terms(
            rows=v.fallback, fees=bill.fees, lost=x.customers_lost_vendor,
            governance=governance, handled=a.handled_vendor, live=live, margin=margin,
            setup_months=v.setup.cost_months,
        )
        gain, rehire = np.where(to_vendor, gain_rt, gain), np.where(to_vendor, one_off, rehire)
        rehire_free = np.where(to_vendor, one_off, rehire_free)
    return contract.exit_decision(
        month=t, quality_mean=quality_mean, live=live,
        requested=s.exit_requested, threshold=vc.exit_threshold, window=vc.exit_after_months,
        stabilisation=vc.stabilisation_months, escalation_end=s.escalation_end,
        escalation_months=vc.escalation_months, golive=fx.golive, term=vc.term_months,
        notice=vc.notice_months, enforceable=fx.enforceable, gain_per_month=gain,
        exit_fee=vc.exit_fee_months * bill.fees,
        switching_cost=vc.switching_cost_months * bill.fees + rehire, horizon=prm.horizon,
        switching_cost_free=vc.switching_cost_months * bill.fees + rehire_free,
    )


class _Rows:
    """The elements of the month's ``(O, P)`` arrays where ``mask`` holds, as 1-D arrays.

    Going back in-house is priced only where an exit may be decided (``home`` in
    :func:`decide`): every input of :func:`_return_terms` is gathered to those elements,
    the terms computed on them element by element, and scattered back. Elsewhere the terms
    are 0, as when no element is a candidate: :func:`ccsim.mechanisms.contract.exit_decision`
    reads the gain and the one-off costs only where it decides (``trigger``, ``blocked``
    and ``fee_due`` are within its ``decide``), which is within ``candidates``, and the
    candidates that re-tender take the re-tender's terms instead.
    """

    def __init__(self, mask: B) -> None:
        self.shape = mask.shape
        self.at = np.nonzero(mask)

    def take(self, x: Any) -> Any:
        """``x`` at the elements: a float as is; an array that broadcasts to ``(O, P)``
        (company-wide ``(P,)``, option ``(O, P)``, or ``(K, O, P)`` with leading axes kept)
        as ``(n,)`` (``(K, n)``)."""
        if np.ndim(x) == 0:
            return x
        arr = np.asarray(x)
        if arr.shape == self.shape:
            return arr[self.at]
        if arr.shape == self.shape[1:]:
            return arr[self.at[1]]
        lead = arr.shape[:-2] if arr.ndim > 2 else ()
        return np.broadcast_to(arr, lead + self.shape)[..., self.at[0], self.at[1]]

    def record(self, rec: T) -> T:
        """A record (a dataclass of such arrays and records, e.g. a phase's) at the elements.

        Lazy: a field is gathered when first read (most are never read by
        :func:`_return_terms`), a property computed from the gathered fields, a nested
        record (the rota, the defection mapping: their methods are called) gathered
        whole."""
        return cast(T, _Gathered(self, rec))

    def whole(self, rec: T) -> T:
        """A record with every field gathered at once (a nested record's methods read them)."""
        def at(v: Any) -> Any:
            return self.whole(v) if is_dataclass(v) and not isinstance(v, type) else self.take(v)
        return replace(rec, **{f.name: at(v) for f in fields(rec)
                               if (v := getattr(rec, f.name)) is not None})

    def params(self, prm: Params) -> Params:
        """The parameter groups :func:`_return_terms` reads at the elements (the vendor's
        other fields, e.g. its ``(O,)`` fallback rows, are not gathered)."""
        v = replace(prm.vendor, language=self.record(prm.vendor.language),
                    contract=self.record(prm.vendor.contract))
        return replace(prm, service=self.record(prm.service), staff=self.record(prm.staff),
                       satisfaction=self.record(prm.satisfaction), vendor=v)

    def scatter(self, values: F) -> F:
        """``(O, P)``: ``values`` at the elements, 0 elsewhere."""
        out = np.zeros(self.shape)
        out[self.at] = values
        return out


class _Gathered:
    """A record read at the elements of a :class:`_Rows` (see :meth:`_Rows.record`)."""

    def __init__(self, rows: _Rows, rec: Any) -> None:
        self._rows, self._rec = rows, rec

    def __getattr__(self, name: str) -> Any:
        prop = getattr(type(self._rec), name, None)
        if isinstance(prop, property) and prop.fget is not None:
            return prop.fget(self)  # the same arithmetic on the gathered fields
        v = getattr(self._rec, name)
        if is_dataclass(v) and not isinstance(v, type):
            out = self._rows.whole(v)
        else:
            out = self._rows.take(v)
        setattr(self, name, out)  # read once
        return out


def _return_terms(t: int, *, prm: Params, fx: Fixed, s: State, a: Answered, bill: Bill,
                  x: Experience, margin: F, governance: F,
                  idle_seats: F | float) -> tuple[F, F, F]:
    """Going back in-house, priced for every element of the arrays given (:class:`_Rows`
    gathers the ones where an exit would not re-tender): the gain a month, the return's
    one-off cost with the contract's exit terms, and the same without them (the work
    moving after the notice: the lock-in)."""
    sv, st, v, vc = prm.service, prm.staff, prm.vendor, prm.vendor.contract
    team, per_fte = _team(t, prm=prm, fx=fx, a=a)

    lost_at = _lost_in_house(prm, fx, a)  # the vendor's callers lost a month, by deficit

    # customers are priced without a data breach's CSAT dip: it lasts a few months
    # whoever serves, and a decision taken in it must not extrapolate it
    lost_stay = _lost_vendor(prm, fx, a, x.fcr_vendor)
    lost_back = lost_at(s.ramp_in_house)
    seat_month = (st.seat_cost_annual / 12.0 + st.licence_per_seat_month) * per_fte
    pay = sv.paid_hours_per_month * st.hourly_cost + st.mgmt_hours_per_agent * st.manager_hourly_cost
    gain = costs.gain_of_return(
        fees=bill.fees, governance=governance, lost_vendor=lost_stay,
        lost_back=lost_back, margin=margin, team=team, paid_hours=sv.paid_hours_per_month,
        hourly_cost=st.hourly_cost, mgmt_hours_per_agent=st.mgmt_hours_per_agent,
        manager_hourly_cost=st.manager_hourly_cost,
        seat_cost_annual=st.seat_cost_annual * per_fte,
        licence_per_seat_month=st.licence_per_seat_month * per_fte,
    )
    # the notice dip: the vendor's callers at the dipped quality, each notice month
    fcr_dip = quality.first_contact_resolution(
        fcr_native=st.fcr * fx.vendor_fcr_mix, language_factor=v.language.fcr_factor,
        floor=prm.satisfaction.quality_floor, q_eff=x.quality_vendor * (1.0 - vc.transition_dip))
    lost_dip = _lost_vendor(prm, fx, a, fcr_dip)

    # the return as it would happen: hiring lag, classroom, ramp, overtime, leavers,
    # the notice dip; seats already paid as stranded are not paid twice
    def back_cost(switch: F) -> F:
        return contract.return_cost(
            month=t, switch=switch, horizon=prm.horizon, team=team, team_agents=fx.rota.present(team),
            deficit_sized=s.ramp_in_house, hiring_lag=st.hiring_lag_months,
            leave_rate=fx.leave_rate, ramp_weeks=st.ramp_weeks,
            classroom_weeks=st.classroom_weeks, cost_per_hire=st.cost_per_hire, pay=pay,
            seat_month=seat_month,
            stranded_pool=np.where(per_fte > 0, np.maximum(idle_seats, 0.0)
                                   / np.where(per_fte > 0, per_fte, 1.0), 0.0),
            sublet_recovery=st.sublet_recovery, commitments_end=st.commitments_months_left,
            new_hire_factor=st.new_hire_aht_factor, overtime_cap=st.overtime_cap,
            overtime_premium=st.overtime_premium, temp_markup=st.temp_markup,
            agent_hour_cost=st.hourly_cost, hours_per_agent=fx.rota.hours(1.0),
            lost_at=lost_at, lost_sized=lost_back, margin=margin,
            dip_loss=(lost_dip - lost_stay) * margin,
        )

    switch = contract.switch_month(month=t, golive=fx.golive, term=vc.term_months,
                                   notice=vc.notice_months, enforceable=fx.enforceable)
    rehire = back_cost(switch)
    # without the early-exit terms the work would move after the notice (the lock-in)
    free_switch = t + 1.0 + np.asarray(vc.notice_months, dtype=np.float64)
    rehire_free = (back_cost(np.broadcast_to(free_switch, switch.shape))
                   if (switch != free_switch).any() else rehire)
    return gain, rehire, rehire_free


def _team(t: int, *, prm: Params, fx: Fixed, a: Answered) -> tuple[F, F]:
    """The in-house team an exit would hire (whole FTE) for the same callers served
    in-house (no accent gap), and its seats per FTE, from its busiest interval's roster
    (issue 28 item 3)."""
    curve, agents = fx.rota.plan(a.forecast_vendor, a.aht_in_house_back, fx.intraday)
    team = fx.rota.fte(agents)
    seats_team = workforce.seats(
        roster=intraday.roster(agents=staffing.adhering(fx.rota.present(team),
                                                        prm.service.adherence), plan=curve),
        per_peak_agent=prm.staff.seats_per_peak_agent, held=0.0, month=t,
        commitments_end=0.0)[0]
    per_fte = np.where(team > 0, seats_team / np.where(team > 0, team, 1.0), 0.0)
    return team, per_fte


def _lost_in_house(prm: Params, fx: Fixed, a: Answered) -> Callable[[F], F]:
    """The vendor's callers lost a month if an in-house team at a ramp deficit served
    them, as a function of the deficit (what does not depend on it computed once)."""
    sat, st = prm.satisfaction, prm.staff
    fcr_native = st.fcr * fx.vendor_fcr_mix
    by_fcr = fx.defection.lost_by_fcr(handled=a.handled_vendor, abandoned=a.abandoned_vendor,
                                      gap=0.0, gap_abandoned=0.0, repeat_share=a.repeat_share)

    def at(deficit: F) -> F:
        return by_fcr(quality.first_contact_resolution(
            fcr_native=fcr_native, language_factor=1.0, floor=sat.quality_floor,
            q_eff=quality.in_house_quality(st.new_hire_quality_gap, deficit)))
    return at


def _lost_vendor(prm: Params, fx: Fixed, a: Answered, fcr: F) -> F:
    """The vendor's callers lost a month at its resolution ``fcr`` (with its accent gap)."""
    return fx.defection.lost(handled=a.handled_vendor, fcr=fcr,
                             abandoned=a.abandoned_vendor,
                             gap=prm.vendor.language.csat_penalty,
                             gap_abandoned=0.0, repeat_share=a.repeat_share)
