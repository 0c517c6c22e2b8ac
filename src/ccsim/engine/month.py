"""One month of the contact centre, for every option and path at once.

:func:`start` sets up the operation at month 0; :func:`step` runs a month: calls
arrive, both teams are staffed and answer, the vendor bills, quality and customers
respond, the client may exit, staff leave and are hired, and the ledger books it all.
Every line is a call of a :mod:`ccsim.mechanisms` kernel; arrays are ``(O, P)``. The step
reads top to bottom in four phases, each a function below it: :func:`answer` (calls and
both teams), :func:`invoice` (the vendor's bill and governance), :func:`experience`
(quality, breaches, satisfaction, defections) and :func:`people` (attrition, hiring,
layoffs, seats); the exit decision and the books sit in the step itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
from numpy.typing import NDArray

from ccsim.engine.ledger import Ledger
from ccsim.engine.params import Params, Streams, V
from ccsim.engine.state import State
from ccsim.mechanisms import (
    attrition,
    breach,
    churn,
    contract,
    costs,
    demand,
    golive,
    handle_time,
    intraday,
    pricing,
    quality,
    satisfaction,
    staffing,
    tco,
)

__all__ = [
    "Answered", "Bill", "Experience", "Fixed", "People", "answer", "decide_exit", "experience",
    "invoice", "people", "start", "step",
]

F = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Fixed:
    """What is settled before month 0, ``(O, P)`` (or ``(P,)``, floats)."""

    golive: F  #: month the vendor takes its share of calls (C2)
    morale_end: F  #: month the survivors' morale effects end (C16, C22)
    enforceable: NDArray[np.bool_]  #: whether an early exit fee can be enforced (C13)
    leave_rate: F  #: in-house monthly attrition probability
    vendor_leave_rate: F  #: vendor monthly attrition probability
    vendor_aht_factor: F  #: language, technology and contact-mix handle-time factor (C5, C10)
    vendor_simple: F  #: share of simple contacts among the vendor's calls (by_type routing)
    vendor_fcr_mix: F  #: the vendor's resolution relative to the overall mix (by_type)
    initial_headcount: F  #: in-house FTE at month 0
    vendor_steady_deficit: F  #: ramp deficit of a vendor team in steady state (minimum)
    fx_path: F  #: (Y, O, P) log US$ value of the local currency after y contract years
    intraday: F  #: (K, 1, P) relative arrival rate of each interval of the day (mean 1)


def start(prm: Params, rnd: Streams) -> tuple[Fixed, State]:
    """The settled facts and the month-0 state of every option."""
    sv, st, v = prm.service, prm.staff, prm.vendor
    shape = (v.share.shape[0], prm.n_paths)
    go = golive.golive_month(v.setup.lead_months, v.is_vendor)
    leave_rate = attrition.monthly_rate(st.attrition_annual)
    ramp_ih = np.broadcast_to(attrition.steady_state_deficit(leave_rate, st.ramp_weeks), shape).copy()
    repeats0 = demand.initial_repeats(
        fresh=rnd.forecast[0], callback_rate=prm.demand.callback_rate, fcr=st.fcr
    )
    repeats = np.broadcast_to(repeats0, shape).copy()
    # the day's arrival profile, interval by interval (C7)
    day = intraday.profile(np.broadcast_to(sv.busy_hour_factor, (prm.n_paths,)))[:, None, :]
    if st.headcount is None:
        # the current operation is staffed to its month-0 plan (all calls in-house)
        aht0 = handle_time.handle_time(
            base=sv.aht_s, factor=1.0, trend_annual=st.tech_trend_annual, month=0,
            deficit=ramp_ih[0], new_hire_factor=st.new_hire_aht_factor, dip=0.0,
            noise_sd=st.aht_noise_sd, z=None,
        )
        h0 = staffing.required_headcount(
            volume=rnd.forecast[0] + repeats[0], aht=aht0, profile=day[:, 0],
            open_hours=sv.open_hours_per_month, target_sl=sv.target_sl,
            target_time=sv.target_time_s, efficiency=sv.schedule_efficiency,
            paid_hours=sv.paid_hours_per_month, shrinkage=sv.shrinkage,
        )
    else:
        h0 = np.full(prm.n_paths, float(st.headcount))
    # a by_type hybrid's vendor answers the simple contacts first (its own mix)
    dm = prm.demand
    f_v, _ = demand.type_mix(share=v.share, vendor_share=v.share, simple_share=dm.simple_share,
                             where=v.routing == demand.BY_TYPE)
    fixed = Fixed(
        golive=go,
        morale_end=attrition.morale_window_end(
            is_vendor=v.is_vendor, golive=go, morale_months=st.morale_months
        ),
        enforceable=rnd.u_enforce >= v.contract.p_unenforceable,
        leave_rate=leave_rate,
        vendor_leave_rate=attrition.monthly_rate(v.staffing.attrition_annual),
        vendor_aht_factor=v.language.aht_factor * v.handle_time.tech_factor * demand.type_factor(
            simple_fraction=f_v, simple_share=dm.simple_share, ratio=dm.simple_aht_ratio),
        vendor_simple=f_v,
        vendor_fcr_mix=demand.type_factor(simple_fraction=f_v, simple_share=dm.simple_share,
                                          ratio=dm.simple_fcr_ratio),
        initial_headcount=h0,
        vendor_steady_deficit=attrition.steady_state_deficit(
            attrition.monthly_rate(v.staffing.attrition_annual), v.staffing.ramp_weeks
        ),
        fx_path=pricing.currency_path(rnd.z_fx, v.contract.fx_drift_annual,
                                      v.contract.fx_sd_annual),
        intraday=day,
    )
    state = State(
        headcount=np.broadcast_to(h0, shape).copy(),
        ramp_in_house=ramp_ih,
        ramp_vendor=np.zeros(shape),
        quality=v.quality.initial.copy(),
        quality_history=np.zeros((_window_slots(prm), *shape)),
        escalation_end=np.full(shape, -1.0),
        exit_requested=np.zeros(shape, dtype=bool),
        switch_month=np.full(shape, np.inf),
        committed_units=np.zeros(shape),
        breach_dip_until=np.full(shape, -1.0),
        repeats=repeats,
        vendor_fte=np.zeros(shape),
        hires=np.zeros(shape),
        vendor_forecast=np.zeros(shape),
        retendered=np.zeros(shape, dtype=bool),
        vendor_start=np.broadcast_to(go, shape).astype(np.float64),
    )
    return fixed, state


def _window_slots(prm: Params) -> int:
    """Months the exit rule's rolling window needs to remember (at least 1)."""
    w = prm.vendor.contract.exit_after_months
    return max(1, int(np.max(w))) if w.size else 1


@dataclass(frozen=True, slots=True)
class Answered:
    """The month's calls and how each team answered them, ``(O, P)``."""

    offered_in_house: F  #: calls offered to the in-house team (fresh + repeats)
    offered_vendor: F  #: calls offered to the vendor
    forecast_vendor: F  #: the vendor's planning forecast of its calls
    aht_vendor: F  #: realised vendor handle time (s)
    aht_in_house_plan: F  #: the in-house planner's handle time (s)
    aht_in_house_back: F  #: the in-house planner's handle time on the vendor's contact mix (s)
    fcr_mix_in_house: F  #: in-house resolution relative to the overall mix (by_type)
    target_headcount: F  #: in-house paid FTE the plan asks for
    overtime_hours: F  #: in-house paid overtime hours
    temp_hours: F  #: hours of temporary (agency) agents
    sl_in_house: F  #: in-house service level
    abandon_in_house: F  #: in-house abandonment share
    sl_vendor: F  #: vendor service level
    abandon_vendor: F  #: vendor abandonment share
    vendor_hours: F  #: vendor productive hours fielded
    vendor_fte: F  #: vendor FTE fielded
    share_vendor: F  #: share of the month's calls offered to the vendor (after routing)

    @property
    def handled_in_house(self) -> F:
        return np.asarray(self.offered_in_house * (1.0 - self.abandon_in_house))

    @property
    def handled_vendor(self) -> F:
        return np.asarray(self.offered_vendor * (1.0 - self.abandon_vendor))


@dataclass(frozen=True, slots=True)
class Bill:
    """The vendor's invoice and the client's cost of managing it, ``(O, P)``."""

    fees: F  #: the month's fees (US$)
    committed_units: F  #: minimum-commitment units fixed at go-live
    price_index: F  #: escalator, COLA and currency index of the price
    months_live: F  #: months since go-live (negative before)
    governance_hours: F  #: retained-organisation hours
    training: F  #: vendor training billed to the client
    full_fees: F  #: the month's fees scaled to every wave moved (set-up is priced on them)


@dataclass(frozen=True, slots=True)
class Experience:
    """What callers and customers experienced, and the breach events, ``(O, P)``."""

    quality: F  #: latent vendor quality at the month's end
    quality_vendor: F  #: the vendor's effective quality
    quality_offered: F  #: quality weighted by calls offered
    fcr_in_house: F
    fcr_in_house_back: F  #: in-house resolution on the vendor's contact mix (an exit's team)
    fcr_vendor: F
    sla: F  #: SLA credits (positive) or bonuses (negative)
    csat: F
    csat_vendor: F  #: CSAT of the vendor's callers
    fcr: F
    service_level: F
    customers_lost: F
    customers_lost_vendor: F  #: of which the vendor's callers
    breach_penalty: F  #: CSAT points a recent breach takes off
    breaches: NDArray[np.bool_]  #: whether a breach happened this month
    breach_losses: F
    breach_dip_until: F


@dataclass(frozen=True, slots=True)
class People:
    """In-house headcount moves and what they cost, ``(O, P)``."""

    headcount_next: F
    hires: F
    labour: F
    hiring: F
    severance: F
    facilities: F
    stranded: F


def step(t: int, *, prm: Params, fx: Fixed, s: State, rnd: Streams, ledger: Ledger) -> State:
    """Month ``t``: from the state at its start to the state at its end (booked in ``ledger``)."""
    st, v, vc = prm.staff, prm.vendor, prm.vendor.contract

    # who serves: the vendor from go-live until an exit's switch (C2, C13)
    live, first = golive.vendor_live(
        month=t, is_vendor=v.is_vendor, golive=fx.golive, switch_month=s.switch_month
    )
    # go-live in waves: an equal share of the vendor's calls moves each month (C2)
    moved = golive.wave_fraction(month=t, golive=fx.golive, waves=v.setup.waves)
    share = np.where(live, v.share * moved, 0.0)
    # hybrid routing: a peak hybrid's vendor takes its share in the peak season only
    if (v.routing == demand.PEAK).any():
        share = demand.routed_share(share=share, routing=v.routing, peak=demand.in_peak_season(
            month=t, peak_month=prm.demand.peak_month, start_month=prm.demand.start_month))
    moving = live & (t - fx.golive < v.setup.waves)  # a wave moves (and lays off) this month
    # a vendor that grows (new team, waves, seasonal peaks) adds new agents (C14)
    vendor_forecast = (rnd.forecast[t] + s.repeats) * share
    growth = np.where(live & ~first, attrition.vendor_growth_share(
        previous=s.vendor_forecast, now=vendor_forecast), 0.0)
    ramp_v = np.where(first, 1.0, np.where(live, attrition.with_new_agents(s.ramp_vendor, growth),
                                           s.ramp_vendor))
    # morale of the in-house survivors once outsourcing is announced (C16, C22)
    morale, dip = attrition.morale(t, fx.morale_end, st.morale_productivity_dip)
    # vendor attrition brings new agents (C6, C14)
    v_leave = attrition.vendor_leaver_share(
        fx.vendor_leave_rate, v.staffing.attrition_noise_sd, rnd.z_att_v[t]
    )

    # an escalation raises oversight before any exit is considered (C3, C12, C13)
    oversight = np.where(
        live & contract.escalation_active(t, s.escalation_end, vc.escalation_months),
        np.maximum(v.quality.oversight, vc.escalation_oversight), v.quality.oversight,
    )

    a = answer(t, prm=prm, fx=fx, s=s, rnd=rnd, live=live, share=share, ramp_vendor=ramp_v,
               dip=dip)
    bill = invoice(t, prm=prm, fx=fx, s=s, a=a, live=live, first=first, vendor_leavers=v_leave,
                   oversight=oversight, moved=moved, vendor_growth=growth)
    x = experience(t, prm=prm, fx=fx, s=s, rnd=rnd, a=a, bill=bill, live=live,
                   ramp_vendor=ramp_v, dip=dip, oversight=oversight)
    margin = churn.margin_value(
        annual_margin=prm.customers.annual_margin, margin_years=prm.customers.margin_years,
        discount_rate_annual=prm.finance.discount_rate_annual, months_left=prm.horizon - 1.0 - t,
        beyond_horizon=prm.customers.beyond_horizon,
    )
    # exit: sustained low quality after stabilisation and escalation, if leaving pays (C13, C21)
    locked = s.exit_requested & live
    history = contract.record_quality(s.quality_history, t, x.quality_vendor)
    dec = decide_exit(t, prm=prm, fx=fx, s=s, a=a, bill=bill, x=x, live=live, margin=margin,
                      history=history)
    ppl = people(t, prm=prm, fx=fx, s=s, rnd=rnd, target=a.target_headcount, morale=morale,
                 layoff=moving & (v.routing != demand.PEAK), overtime_hours=a.overtime_hours,
                 temp_hours=a.temp_hours)
    handled_ih, handled_v = a.handled_in_house, a.handled_vendor
    aband_ih, aband_v = a.offered_in_house * a.abandon_in_house, a.offered_vendor * a.abandon_vendor

    # the books (costs in the order of ccsim.outputs.COST_COMPONENTS)
    ledger.record(
        t,
        costs={
            "labour": ppl.labour,
            "facilities": ppl.facilities,
            "vendor_fees": bill.fees,
            "sla_credits": x.sla,
            "governance": costs.governance(bill.governance_hours, st.manager_hourly_cost),
            "hiring_training": ppl.hiring + bill.training,
            "transition": costs.setup(first, v.setup.cost_months, bill.full_fees)
            + costs.switching(dec.trigger, vc.switching_cost_months, bill.fees)
            + costs.retention_bonus(first & ~s.retendered, s.headcount, st.retention_bonus),
            "severance": ppl.severance,
            "exit_fees": costs.exit_fee(dec.fee_due, vc.exit_fee_months, bill.fees),
            "stranded": ppl.stranded,
            "breach_losses": x.breach_losses,
            "churn_losses": costs.churn_losses(x.customers_lost, margin),
        },
        csat=x.csat,
        fcr=x.fcr,
        service_level=x.service_level,
        quality=x.quality_offered,
        offered=a.offered_in_house + a.offered_vendor,
        answered=handled_ih + handled_v,
        abandoned=aband_ih + aband_v,
        headcount=s.headcount + a.vendor_fte,
        locked=locked,
        breaches=x.breaches,
        customers_lost=x.customers_lost,
        mgmt_hours_freed=staffing.management_hours_freed(
            initial=fx.initial_headcount, headcount=s.headcount,
            hours_per_agent=st.mgmt_hours_per_agent,
        ),
        oversight_hours=bill.governance_hours,
        vendor_live=live,
        vendor_quality=x.quality_vendor,
        vendor_csat=x.csat_vendor,
        local_fte=staffing.local_jobs(
            in_house=s.headcount, vendor_fte=a.vendor_fte, onshore=v.onshore,
            governance_fte=bill.governance_hours / prm.service.paid_hours_per_month,
        ),
    )

    return State(
        headcount=ppl.headcount_next,
        ramp_in_house=attrition.in_house_deficit(
            deficit=s.ramp_in_house, hires=ppl.hires, headcount=ppl.headcount_next,
            ramp_weeks=st.ramp_weeks,
        ),
        ramp_vendor=attrition.vendor_deficit(
            deficit=ramp_v, live=live, leaver_share=v_leave, ramp_weeks=v.staffing.ramp_weeks
        ),
        quality=x.quality,
        quality_history=history,
        escalation_end=dec.escalation_end,
        exit_requested=s.exit_requested | dec.trigger,
        switch_month=np.where(dec.trigger, dec.switch_month, s.switch_month),
        committed_units=bill.committed_units,
        breach_dip_until=x.breach_dip_until,
        repeats=demand.repeat_contacts(
            callback_rate=prm.demand.callback_rate, abandoned_in_house=aband_ih,
            unresolved_in_house=handled_ih * (1.0 - x.fcr_in_house), abandoned_vendor=aband_v,
            unresolved_vendor=handled_v * (1.0 - x.fcr_vendor),
        ),
        vendor_fte=a.vendor_fte,
        hires=ppl.hires,
        vendor_forecast=vendor_forecast,
        retendered=s.retendered,
        vendor_start=s.vendor_start,
    )


# ------------------------------------------------------------------ the month's phases


def _queue(prm: Params) -> dict[str, V]:
    return {"target_sl": prm.service.target_sl, "target_time": prm.service.target_time_s}


def _shift(prm: Params) -> dict[str, V]:
    return {"open_hours": prm.service.open_hours_per_month,
            "efficiency": prm.service.schedule_efficiency}


def _plan(prm: Params, fx: Fixed, volume: F, aht: F) -> tuple[F, F]:
    """Agents each interval needs ``(K, O, P)`` and their mean over the day ``(O, P)``."""
    return staffing.interval_plan(volume=volume, aht=aht, profile=fx.intraday,
                                  open_hours=prm.service.open_hours_per_month, **_queue(prm))


def _realise(prm: Params, fx: Fixed, volume: F, aht: F, roster: F) -> tuple[F, F]:
    sv = prm.service
    return staffing.realise_day(volume=volume, profile=fx.intraday,
                                open_hours=sv.open_hours_per_month, aht=aht, agents=roster,
                                patience=sv.patience_s, target_time=sv.target_time_s)


def _vendor_aht(t: int, prm: Params, fx: Fixed, deficit: F, z: F | None) -> F:
    v = prm.vendor
    return handle_time.handle_time(
        base=prm.service.aht_s, factor=fx.vendor_aht_factor,
        trend_annual=v.handle_time.tech_trend_annual, month=t, deficit=deficit,
        new_hire_factor=v.staffing.new_hire_aht_factor, dip=0.0, noise_sd=v.handle_time.noise_sd,
        z=z)


def answer(t: int, *, prm: Params, fx: Fixed, s: State, rnd: Streams, live: NDArray[np.bool_],
           share: F, ramp_vendor: F, dip: F) -> Answered:
    """Calls arrive and both teams answer them (C5, C7, C10, C16, C20, C21, C22)."""
    sv, st, vs, routing = prm.service, prm.staff, prm.vendor.staffing, prm.vendor.routing
    queue = _queue(prm)
    rota = {**_shift(prm), "paid_hours": sv.paid_hours_per_month, "shrinkage": sv.shrinkage}
    peak_rows = routing == demand.PEAK  # the share is already routed (step)
    back = s.exit_requested & ~prm.vendor.retender  # a re-tender's calls do not come back
    plan_share = staffing.in_house_planning_share(
        vendor_share=share, exit_requested=back, month=t,
        hiring_lag=st.hiring_lag_months, switch_month=s.switch_month,
    )
    # calls: fresh demand shared by all options plus each option's repeat callers
    V, Vf = rnd.fresh[t] + s.repeats, rnd.forecast[t] + s.repeats
    V_ih, V_v = demand.split(V, share)
    Vf_ih, Vf_v = demand.split(Vf, share, plan_share)
    # a by_type hybrid's in-house team keeps the complex contacts: its own mix
    dm, typed = prm.demand, routing == demand.BY_TYPE
    mix = partial(demand.type_factor, simple_share=dm.simple_share)
    f_ih = demand.type_mix(share=share, vendor_share=prm.vendor.share,
                           simple_share=dm.simple_share, where=typed)[1]
    aht_mix_ih = mix(simple_fraction=f_ih, ratio=dm.simple_aht_ratio)
    # the in-house team on the vendor's calls (an exit's team): the vendor's mix
    aht_mix_back = mix(simple_fraction=fx.vendor_simple, ratio=dm.simple_aht_ratio)

    # handle time, planned and realised
    aht_ih_at = partial(
        handle_time.handle_time, base=sv.aht_s, factor=aht_mix_ih,
        trend_annual=st.tech_trend_annual,
        month=t, deficit=s.ramp_in_house, new_hire_factor=st.new_hire_aht_factor, dip=dip,
        noise_sd=st.aht_noise_sd,
    )
    aht_ih_plan, aht_ih = aht_ih_at(z=None), aht_ih_at(z=rnd.z_aht_ih[t])
    aht_v_plan = _vendor_aht(t, prm, fx, ramp_vendor, None)
    aht_v = _vendor_aht(t, prm, fx, ramp_vendor, rnd.z_aht_v[t])

    # this month's plan, interval by interval (overtime, temps and the roster follow it)
    curve, needed = _plan(prm, fx, Vf_ih, aht_ih_plan)
    # in-house: hires a hiring lag ahead for the seasonal peak (C7) ...
    plan = {"aht": aht_ih_plan, "profile": fx.intraday, **queue, **rota}
    ahead = rnd.season_ahead[t]
    if peak_rows.any():  # a peak hybrid hires for the peak calls it keeps, not for all
        ahead = np.where(peak_rows, rnd.season_ahead_kept[t], ahead)
    target_H = staffing.whole_fte(agents=needed, **rota)
    if (rising := ahead > 1.0).any():  # a rising season needs a plan of its own
        target_H = np.where(rising, staffing.required_headcount(
            volume=np.where(rising, Vf_ih * ahead, 0.0), **plan), target_H)
    # ... but not, once an outsourcing is announced, agents it would lay off at go-live
    # (a peak hybrid keeps every off-peak call: it lays nobody off)
    before = prm.vendor.is_vendor & (t < fx.golive) & ~peak_rows
    if before.any():
        f_kept = demand.type_mix(share=prm.vendor.share, vendor_share=prm.vendor.share,
                                 simple_share=dm.simple_share, where=typed)[1]
        kept = staffing.required_headcount(
            volume=np.where(before, Vf_ih * (1.0 - prm.vendor.share) * ahead, 0.0),
            **{**plan, "aht": aht_ih_plan * mix(simple_fraction=f_kept, ratio=dm.simple_aht_ratio)
               / aht_mix_ih},
        )
        target_H = np.where(before, np.minimum(target_H, kept), target_H)
    # hires spend their first classroom weeks paid but off the phones (tco)
    n_ih = staffing.agents_present(
        headcount=s.headcount - tco.classroom_fte(hires=s.hires, classroom_weeks=st.classroom_weeks),
        **rota,
    )
    # overtime covers a shortfall against this month's plan, up to its cap
    n_ot = staffing.overtime_agents(present=n_ih, needed=needed, cap=st.overtime_cap)
    # temporary agents cover what overtime cannot, at a new hire's pace (capped)
    n_temp, temp_eff = staffing.temp_agents(
        shortfall=needed - n_ih - n_ot, present=n_ih, cap=st.temp_cap, pace=st.new_hire_aht_factor
    )
    # the roster follows the plan's curve through the day, interval by interval
    on_phone = intraday.roster(agents=staffing.adhering(n_ih + n_ot + temp_eff, sv.adherence),
                               plan=curve)
    # an overflow hybrid: a call finding no in-house agent free goes to the vendor at once
    # (Erlang B, the M/M/c+D overflow with no wait), so the in-house team answers every call
    # it keeps without waiting and the vendor's callers wait only in the vendor's queue;
    # the vendor plans for the overflow of the forecast at the planned handle time
    over = live & (routing == demand.OVERFLOW)
    if over.any():
        ov = partial(staffing.overflow_day, profile=fx.intraday,
                     open_hours=sv.open_hours_per_month, agents=on_phone, where=over)
        V_ih, V_v = demand.overflow(volume=V, share=ov(volume=V, aht=aht_ih), where=over,
                                    split=(V_ih, V_v))
        Vf_v = demand.overflow(volume=Vf, share=ov(volume=Vf, aht=aht_ih_plan), where=over,
                               split=(Vf_ih, Vf_v))[1]
        share_v = np.where(over, V_v / np.where(V > 0, V, 1.0), share)
    else:
        share_v = share
    sl_ih, ab_ih = _realise(prm, fx, V_ih, aht_ih, on_phone)
    if over.any():  # kept calls are answered at once: none waits or abandons in-house
        sl_ih, ab_ih = np.where(over, 1.0, sl_ih), np.where(over, 0.0, ab_ih)
    # vendor: staffs to plan and follows demand surprises within its lag (C7, C21)
    curve_v, n_plan_v = _plan(prm, fx, Vf_v, aht_v_plan)
    n_v = staffing.vendor_agents(
        planned=n_plan_v, volume=V_v, forecast=Vf_v, lag_weeks=vs.scaling_lag_weeks
    )
    sl_v, ab_v = _realise(prm, fx, V_v, aht_v, intraday.roster(
        agents=staffing.adhering(n_v, sv.adherence), plan=curve_v))
    hours_v = staffing.vendor_hours(agents=n_v, **_shift(prm))
    fte_v = staffing.vendor_fte(live=live, hours=hours_v, paid_hours=sv.paid_hours_per_month,
                                shrinkage=sv.shrinkage)
    return Answered(
        offered_in_house=V_ih, offered_vendor=V_v, forecast_vendor=Vf_v, aht_vendor=aht_v,
        aht_in_house_plan=aht_ih_plan, aht_in_house_back=aht_ih_plan * aht_mix_back / aht_mix_ih,
        fcr_mix_in_house=mix(simple_fraction=f_ih, ratio=dm.simple_fcr_ratio),
        target_headcount=target_H,
        overtime_hours=staffing.vendor_hours(agents=n_ot, **_shift(prm)),
        temp_hours=staffing.vendor_hours(agents=n_temp, **_shift(prm)), sl_in_house=sl_ih,
        abandon_in_house=ab_ih, sl_vendor=sl_v, abandon_vendor=ab_v, vendor_hours=hours_v,
        vendor_fte=fte_v, share_vendor=share_v)


def invoice(t: int, *, prm: Params, fx: Fixed, s: State, a: Answered, live: NDArray[np.bool_],
            first: NDArray[np.bool_], vendor_leavers: F, oversight: F, moved: F,
            vendor_growth: F) -> Bill:
    """The vendor's bill: pricing model, bands, minimum on the steady-state plan,
    escalator, COLA and currency (C1, C13); training as the contract says (C6); the
    retained organisation priced from hours (C3, C8, C12)."""
    sv, v = prm.service, prm.vendor
    vc, vq, vs = v.contract, v.quality, v.staffing
    handled_v = a.handled_vendor
    committed = s.committed_units
    full = np.where(moved > 0, 1.0 / np.where(moved > 0, moved, 1.0), 0.0)  # all waves moved
    if first.any():
        aht_ss = _vendor_aht(t, prm, fx, fx.vendor_steady_deficit, None)
        plan_calls = a.forecast_vendor * full
        h_ss = staffing.vendor_hours(agents=_plan(prm, fx, plan_calls, aht_ss)[1],
                                     **_shift(prm))
        plan_units = pricing.billed_units(
            model=v.pricing, hours=h_ss,
            fte=h_ss / (sv.paid_hours_per_month * (1.0 - sv.shrinkage)), calls=plan_calls,
            minutes=plan_calls * aht_ss / 60.0,
        )
        committed = np.where(first, plan_units, committed)
    months_live = t - fx.golive
    units = pricing.billed_units(
        model=v.pricing, hours=a.vendor_hours, fte=a.vendor_fte, calls=handled_v,
        minutes=handled_v * a.aht_vendor / 60.0,
    )
    billed = pricing.billable_units(
        units=units, committed_units=committed, min_commitment=vc.min_commitment,
        in_term=live & (months_live < vc.term_months),
    )
    years = np.clip(np.floor(np.maximum(months_live, 0.0) / 12.0), 0, fx.fx_path.shape[0] - 1)
    fx_t = np.take_along_axis(
        fx.fx_path, np.broadcast_to(years.astype(np.intp), billed.shape)[None], axis=0
    )[0]
    index = pricing.price_index(
        months_live=months_live, escalator=vc.escalator_annual, cola_share=vc.cola_share,
        wage_inflation=vc.wage_inflation_annual, fx_log=fx_t,
    )
    fees = costs.vendor_fees(live, pricing.tiered_charge(
        units=billed, unit_price=v.unit_price * index, band_1_units=vc.band_1_units,
        band_1_discount=vc.band_1_discount, band_2_units=vc.band_2_units,
        band_2_discount=vc.band_2_discount,
    ))
    gov_hours = np.where(live, tco.governance_hours(
        effort=oversight, hours_per_agent_full=vq.hours_per_agent_full,
        vendor_fte=a.vendor_fte, fixed_hours_full=vq.fixed_hours_full,
    ), 0.0)
    hourly = vs.price_per_hour * index
    training = np.where(live, np.where(
        first,
        tco.vendor_training_fee(new_agents=a.vendor_fte, training_hours=vs.training_hours,
                                hourly_price=hourly, billed_share=vc.initial_training_billed),
        tco.vendor_training_fee(new_agents=vendor_leavers * a.vendor_fte,
                                training_hours=vs.training_hours, hourly_price=hourly,
                                billed_share=vc.replacement_training_billed)
        + tco.vendor_training_fee(new_agents=vendor_growth * a.vendor_fte,
                                  training_hours=vs.training_hours, hourly_price=hourly,
                                  billed_share=vc.initial_training_billed),
    ), 0.0)
    return Bill(fees=fees, committed_units=committed, price_index=index, months_live=months_live,
                governance_hours=gov_hours, training=training, full_fees=fees * full)


def experience(t: int, *, prm: Params, fx: Fixed, s: State, rnd: Streams, a: Answered,
               bill: Bill, live: NDArray[np.bool_], ramp_vendor: F,
               dip: F, oversight: F) -> Experience:
    """Quality, SLA credits, breaches, satisfaction and defections
    (C3, C9-C12, C14, C17-C19, C23, C24)."""
    sv, st, sat, v = prm.service, prm.staff, prm.satisfaction, prm.vendor
    vq, vc = v.quality, v.contract
    # quality: drifts without oversight, new and shared agents, notice dip
    q = quality.vendor_quality(
        q=s.quality, active=live & (t > fx.golive), oversight=oversight, decay=vq.decay_rate,
        recovery=vq.recovery_rate, target=vq.target, noise_sd=vq.noise_sd, z=rnd.z_q[t],
    )
    q_eff_v = quality.effective_quality(
        q=q, shared_share=vq.shared_agent_share, shared_penalty=vq.shared_agent_penalty,
        deficit=ramp_vendor, new_gap=vq.new_agent_gap,
        dip=np.where(s.exit_requested & live, vc.transition_dip, 0.0),
    )
    q_eff_ih = quality.in_house_quality(st.new_hire_quality_gap, s.ramp_in_house)
    sla = pricing.sla_adjustment(
        fees=bill.fees, sl=a.sl_vendor, target_sl=sv.target_sl, quality=q_eff_v,
        target_quality=vc.sla_quality_target, tolerance=vc.sla_tolerance,
        credit_share=vc.sla_credit_share, bonus_share=vc.sla_bonus_share, at_risk=vc.sla_at_risk,
        active=live & (bill.months_live >= vc.sla_grace_months),
    )
    # each team resolves its own contact mix (by_type routing; 1 otherwise)
    fcr_ih_at = partial(quality.first_contact_resolution, language_factor=1.0,
                        floor=sat.quality_floor, q_eff=q_eff_ih)
    fcr_ih = fcr_ih_at(fcr_native=st.fcr * a.fcr_mix_in_house)
    fcr_v = quality.first_contact_resolution(
        fcr_native=st.fcr * fx.vendor_fcr_mix, language_factor=v.language.fcr_factor,
        floor=sat.quality_floor, q_eff=q_eff_v,
    )

    # data breach: a rare event, heavy-tailed records, a CSAT dip (C11)
    p_b = breach.breach_probability(prm.breach.annual_prob, a.share_vendor,
                                    v.staffing.breach_multiplier)
    events = rnd.u_breach[t] < p_b
    records = breach.record_counts(events=events, u=rnd.u_rec[t], records=prm.breach.records)
    ev, b_loss = breach.breach_events(
        u=rnd.u_breach[t], p_month=p_b, records=records, cost_per_record=prm.breach.cost_per_record
    )
    dip_until, b_pen = breach.reputation(
        month=t, events=ev, dip_until=s.breach_dip_until, dip_months=prm.breach.dip_months,
        csat_dip=prm.breach.csat_dip,
    )

    # customers: satisfaction, defections (C10, C23, C24)
    handled_ih, handled_v = a.handled_in_house, a.handled_vendor
    aband_ih, aband_v = a.offered_in_house * a.abandon_in_house, a.offered_vendor * a.abandon_vendor
    score = dict(csat_ref=sat.csat_ref, fcr_ref=sat.fcr_ref, fcr_slope=sat.fcr_slope,
                 target_sl=sv.target_sl, sl_slope=sat.sl_slope)
    cs_ih = satisfaction.csat(fcr=fcr_ih, sl=a.sl_in_house, penalty=b_pen, **score)
    cs_v = satisfaction.csat(fcr=fcr_v, sl=a.sl_vendor, penalty=v.language.csat_penalty + b_pen,
                             **score)
    cs, fcr = satisfaction.by_handled(in_house=(cs_ih, fcr_ih), vendor=(cs_v, fcr_v),
                                      handled_in_house=handled_ih, handled_vendor=handled_v)
    # one mapping from a contact's experience to its customer's defection (mechanisms/churn.py)
    cu = prm.customers
    mapping = dict(defect_resolved=cu.defect_resolved, unresolved_factor=cu.unresolved_factor,
                   abandoned_factor=cu.abandoned_factor, elasticity=cu.csat_elasticity)
    lost_ih = churn.customers_lost(handled=handled_ih, fcr=fcr_ih, abandoned=aband_ih, gap=b_pen,
                                   gap_abandoned=b_pen, **mapping)
    lost_v = churn.customers_lost(
        handled=handled_v, fcr=fcr_v, abandoned=aband_v, gap=v.language.csat_penalty + b_pen,
        gap_abandoned=b_pen, **mapping,
    )

    sl, q_opt = satisfaction.by_offered(
        in_house=(a.sl_in_house, q_eff_ih), vendor=(a.sl_vendor, np.where(live, q_eff_v, 0.0)),
        offered_in_house=a.offered_in_house, offered_vendor=a.offered_vendor,
    )
    return Experience(
        quality=q, quality_vendor=q_eff_v, quality_offered=q_opt, fcr_in_house=fcr_ih,
        fcr_in_house_back=fcr_ih_at(fcr_native=st.fcr * fx.vendor_fcr_mix),
        fcr_vendor=fcr_v, sla=sla, csat=cs, csat_vendor=cs_v, fcr=fcr, service_level=sl,
        customers_lost=lost_ih + lost_v, customers_lost_vendor=lost_v,
        breach_penalty=b_pen,
        breaches=ev, breach_losses=b_loss, breach_dip_until=dip_until,
    )


def decide_exit(t: int, *, prm: Params, fx: Fixed, s: State, a: Answered, bill: Bill,
                x: Experience, live: NDArray[np.bool_], margin: F,
                history: F) -> contract.ExitDecision:
    """Escalate or exit on sustained low quality, if leaving pays (C13, C21).

    The monthly gain of going back is the vendor's fees, governance and the margin of its
    callers lost, minus what the in-house team would cost for the same calls (staffed to
    plan, with pay, supervision and seats) and the margin its callers would be lost; the
    one-off cost is the switching cost and the re-hiring of that team. A re-tender is
    quoted at the fallback option's cost per handled call this month, with its set-up
    (:func:`ccsim.mechanisms.contract.retender_terms`).
    """
    sv, st, vc = prm.service, prm.staff, prm.vendor.contract
    gain = np.zeros_like(bill.fees)
    rehire = np.zeros_like(bill.fees)
    quality_mean = contract.rolling_mean(history, t, vc.exit_after_months)
    candidates = (live & ~s.exit_requested & (t - fx.golive >= vc.stabilisation_months)
                  & (quality_mean < vc.exit_threshold))
    to_vendor = prm.vendor.retender  # an exit would re-tender (retender.View clears it after)
    if (home := candidates & ~to_vendor).any():
        team = staffing.required_headcount(  # sized only where going back may be decided
            volume=np.where(home, a.forecast_vendor, 0.0), aht=a.aht_in_house_back,
            profile=fx.intraday,
            **_queue(prm), **_shift(prm), paid_hours=sv.paid_hours_per_month,
            shrinkage=sv.shrinkage,
        )
        # the same callers served in-house (no accent gap): what an exit would change
        cu = prm.customers
        lost_back = churn.customers_lost(
            handled=a.handled_vendor, fcr=x.fcr_in_house_back,
            abandoned=a.offered_vendor * a.abandon_vendor, gap=x.breach_penalty,
            gap_abandoned=x.breach_penalty, defect_resolved=cu.defect_resolved,
            unresolved_factor=cu.unresolved_factor, abandoned_factor=cu.abandoned_factor,
            elasticity=cu.csat_elasticity,
        )
        gain = costs.gain_of_return(
            fees=bill.fees, governance=costs.governance(bill.governance_hours, st.manager_hourly_cost),
            lost_vendor=x.customers_lost_vendor, lost_back=lost_back, margin=margin,
            team=team, paid_hours=sv.paid_hours_per_month, hourly_cost=st.hourly_cost,
            mgmt_hours_per_agent=st.mgmt_hours_per_agent, manager_hourly_cost=st.manager_hourly_cost,
            seat_cost_annual=st.seat_cost_annual, licence_per_seat_month=st.licence_per_seat_month,
        )
        rehire = team * st.cost_per_hire
    if (candidates & to_vendor).any():
        gain_rt, one_off = contract.retender_terms(
            rows=prm.vendor.fallback, fees=bill.fees, lost=x.customers_lost_vendor,
            governance=costs.governance(bill.governance_hours, st.manager_hourly_cost),
            handled=a.handled_vendor, live=live, margin=margin,
            setup_months=prm.vendor.setup.cost_months,
        )
        gain, rehire = np.where(to_vendor, gain_rt, gain), np.where(to_vendor, one_off, rehire)
    return contract.exit_decision(
        month=t, quality_mean=quality_mean, live=live,
        requested=s.exit_requested, threshold=vc.exit_threshold, window=vc.exit_after_months,
        stabilisation=vc.stabilisation_months, escalation_end=s.escalation_end,
        escalation_months=vc.escalation_months, golive=fx.golive, term=vc.term_months,
        notice=vc.notice_months, enforceable=fx.enforceable, gain_per_month=gain,
        exit_fee=vc.exit_fee_months * bill.fees,
        switching_cost=vc.switching_cost_months * bill.fees + rehire, horizon=prm.horizon,
    )


def people(t: int, *, prm: Params, fx: Fixed, s: State, rnd: Streams, target: F,
           morale: NDArray[np.bool_], layoff: NDArray[np.bool_], overtime_hours: F,
           temp_hours: F) -> People:
    """In-house attrition, hiring and layoffs, their pay, seats and stranded seats
    (C7, C13, C16, C22)."""
    sv, st = prm.service, prm.staff
    p_leave = attrition.in_house_leave_prob(
        monthly_rate=fx.leave_rate, morale_active=morale,
        survivor_multiplier=st.survivor_attrition_multiplier,
        retained=prm.vendor.is_vendor & (t < fx.golive) & (np.asarray(st.retention_bonus) > 0),
        retention_multiplier=st.retention_attrition_multiplier,
    )
    leavers = attrition.binomial_inverse(s.headcount, p_leave, rnd.u_leave[t])
    H_next, hires, layoffs = staffing.inhouse_step(
        headcount=s.headcount, target=target, leavers=leavers, hiring_lag=st.hiring_lag_months,
        layoff=layoff,
    )
    labour, hiring, severance = costs.in_house(
        headcount=s.headcount, hires=hires, layoffs=layoffs, paid_hours=sv.paid_hours_per_month,
        hourly_cost=st.hourly_cost, mgmt_hours_per_agent=st.mgmt_hours_per_agent,
        manager_hourly_cost=st.manager_hourly_cost, cost_per_hire=st.cost_per_hire,
        severance_months=st.severance_months, benefits_load=st.benefits_load,
        overtime_hours=overtime_hours, overtime_premium=st.overtime_premium,
        temp_hours=temp_hours, temp_markup=st.temp_markup,
    )
    # seats in use, and seats the decision vacated while lease and contracts run
    facilities = tco.seat_cost(
        seats=s.headcount, seat_cost_annual=st.seat_cost_annual,
        licence_per_seat_month=st.licence_per_seat_month,
    )
    stranded = tco.stranded_cost(
        seats_before=fx.initial_headcount, seats_now=s.headcount, month=t,
        commitments_end=st.commitments_months_left,
        per_seat_month=st.seat_cost_annual / 12.0 + st.licence_per_seat_month,
        sublet_recovery=st.sublet_recovery, active=prm.vendor.is_vendor & (t >= fx.golive),
    )
    return People(headcount_next=H_next, hires=hires, labour=labour, hiring=hiring,
                  severance=severance, facilities=facilities, stranded=stranded)
