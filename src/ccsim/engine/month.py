"""One month of the contact centre, for every option and path at once.

:func:`start` sets up the operation at month 0; :func:`step` runs a month: calls
arrive, both teams are staffed and answer, the vendor bills, quality and customers
respond, the client may exit, staff leave and are hired, and the ledger books it all.
Every line is a call of a :mod:`ccsim.mechanisms` kernel; arrays are ``(O, P)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
from numpy.typing import NDArray

from ccsim.engine.ledger import Ledger
from ccsim.engine.params import Params, Streams
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
    pricing,
    quality,
    satisfaction,
    staffing,
    tco,
)

__all__ = ["Fixed", "start", "step"]

F = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Fixed:
    """What is settled before month 0, ``(O, P)`` (or ``(P,)``, floats)."""

    golive: F  #: month the vendor takes its share of calls (C2)
    morale_end: F  #: month the survivors' morale effects end (C16, C22)
    enforceable: NDArray[np.bool_]  #: whether an early exit fee can be enforced (C13)
    leave_rate: F  #: in-house monthly attrition probability
    vendor_leave_rate: F  #: vendor monthly attrition probability
    vendor_aht_factor: F  #: language times technology handle-time factor (C5, C10)
    initial_headcount: F  #: in-house FTE at month 0
    vendor_steady_deficit: F  #: ramp deficit of a vendor team in steady state (minimum)
    fx_path: F  #: (Y, O, P) log US$ value of the local currency after y contract years


def start(prm: Params, rnd: Streams) -> tuple[Fixed, State]:
    """The settled facts and the month-0 state of every option."""
    sv, st, v = prm.service, prm.staff, prm.vendor
    shape = (v.share.shape[0], prm.n_paths)
    go = golive.golive_month(v.setup.lead_months, v.is_vendor)
    leave_rate = attrition.monthly_rate(st.attrition_annual)
    ramp_ih = np.broadcast_to(attrition.initial_deficit(leave_rate, st.ramp_weeks), shape).copy()
    repeats0 = demand.initial_repeats(
        fresh=rnd.forecast[0], callback_rate=prm.demand.callback_rate, fcr=st.fcr
    )
    repeats = np.broadcast_to(repeats0, shape).copy()
    if st.headcount is None:
        # the current operation is staffed to its month-0 plan (all calls in-house)
        aht0 = handle_time.handle_time(
            base=sv.aht_s, factor=1.0, trend_annual=st.tech_trend_annual, month=0,
            deficit=ramp_ih[0], new_hire_factor=st.new_hire_aht_factor, dip=0.0,
            noise_sd=st.aht_noise_sd, z=None,
        )
        h0 = staffing.required_headcount(
            volume=rnd.forecast[0] + repeats[0], aht=aht0, busy_hour_factor=sv.busy_hour_factor,
            open_hours=sv.open_hours_per_month, target_sl=sv.target_sl,
            target_time=sv.target_time_s, schedule_factor=sv.schedule_factor,
            paid_hours=sv.paid_hours_per_month, shrinkage=sv.shrinkage,
        )
    else:
        h0 = np.full(prm.n_paths, float(st.headcount))
    fixed = Fixed(
        golive=go,
        morale_end=attrition.morale_window_end(
            is_vendor=v.is_vendor, golive=go, morale_months=st.morale_months
        ),
        enforceable=rnd.u_enforce >= v.contract.p_unenforceable,
        leave_rate=leave_rate,
        vendor_leave_rate=attrition.monthly_rate(v.staffing.attrition_annual),
        vendor_aht_factor=v.language.aht_factor * v.handle_time.tech_factor,
        initial_headcount=h0,
        vendor_steady_deficit=pricing.steady_state_deficit(
            attrition.monthly_rate(v.staffing.attrition_annual), v.staffing.ramp_weeks
        ),
        fx_path=_fx_path(rnd.z_fx, v.contract.fx_drift_annual, v.contract.fx_sd_annual),
    )
    state = State(
        headcount=np.broadcast_to(h0, shape).copy(),
        ramp_in_house=ramp_ih,
        ramp_vendor=np.zeros(shape),
        quality=v.quality.initial.copy(),
        months_below=np.zeros(shape),
        exit_requested=np.zeros(shape, dtype=bool),
        switch_month=np.full(shape, np.inf),
        committed_units=np.zeros(shape),
        breach_dip_until=np.full(shape, -1.0),
        repeats=repeats,
        vendor_fte=np.zeros(shape),
        hires=np.zeros(shape),
    )
    return fixed, state


def _fx_path(z: F, drift: F, sd: F) -> F:
    """``(Y, O, P)`` log currency value after ``y`` years: ``y drift + sd sum_{k<=y} z_k``."""
    years = np.arange(z.shape[0], dtype=float)[:, None, None]
    cum = np.concatenate([np.zeros((1, *z.shape[1:])), np.cumsum(z[1:], axis=0)])
    return np.asarray(years * drift + sd * cum, dtype=np.float64)


def step(t: int, *, prm: Params, fx: Fixed, s: State, rnd: Streams, ledger: Ledger) -> State:
    """Month ``t``: from the state at its start to the state at its end (booked in ``ledger``)."""
    sv, st, sat, v = prm.service, prm.staff, prm.satisfaction, prm.vendor
    vq, vc, vs = v.quality, v.contract, v.staffing
    queue = {"target_sl": sv.target_sl, "target_time": sv.target_time_s}
    rota = {
        "open_hours": sv.open_hours_per_month, "schedule_factor": sv.schedule_factor,
        "paid_hours": sv.paid_hours_per_month, "shrinkage": sv.shrinkage,
    }

    # who serves: the vendor from go-live until an exit's switch (C2, C13)
    live, first = golive.vendor_live(
        month=t, is_vendor=v.is_vendor, golive=fx.golive, switch_month=s.switch_month
    )
    share = np.where(live, v.share, 0.0)
    plan_share = staffing.in_house_planning_share(
        vendor_share=share, exit_requested=s.exit_requested, month=t,
        hiring_lag=st.hiring_lag_months, switch_month=s.switch_month,
    )
    ramp_v = np.where(first, 1.0, s.ramp_vendor)  # a new vendor team is all new agents

    # calls: fresh demand shared by all options plus each option's repeat callers
    V_ih, V_v = demand.split(rnd.fresh[t] + s.repeats, share)
    Vf_ih, Vf_v = demand.split(rnd.forecast[t] + s.repeats, share, plan_share)

    # morale of the in-house survivors once outsourcing is announced (C16, C22)
    morale, dip = attrition.morale(t, fx.morale_end, st.morale_productivity_dip)

    # handle time, planned and realised (C5, C10, C16, C20, C22)
    aht_ih_at = partial(
        handle_time.handle_time, base=sv.aht_s, factor=1.0, trend_annual=st.tech_trend_annual,
        month=t, deficit=s.ramp_in_house, new_hire_factor=st.new_hire_aht_factor, dip=dip,
        noise_sd=st.aht_noise_sd,
    )
    aht_v_at = partial(
        handle_time.handle_time, base=sv.aht_s, factor=fx.vendor_aht_factor,
        trend_annual=v.handle_time.tech_trend_annual, month=t, deficit=ramp_v,
        new_hire_factor=vs.new_hire_aht_factor, dip=0.0, noise_sd=v.handle_time.noise_sd,
    )
    aht_ih_plan, aht_ih = aht_ih_at(z=None), aht_ih_at(z=rnd.z_aht_ih[t])
    aht_v_plan, aht_v = aht_v_at(z=None), aht_v_at(z=rnd.z_aht_v[t])

    # in-house: staffed to plan with the payroll it has, answers with Erlang A (C7)
    def busy_hour(volume: F) -> F:
        return staffing.busy_hour_rate(volume, sv.busy_hour_factor, sv.open_hours_per_month)

    target_H = staffing.required_headcount(
        volume=Vf_ih, aht=aht_ih_plan, busy_hour_factor=sv.busy_hour_factor, **queue, **rota
    )
    # hires spend their first classroom weeks paid but off the phones (tco)
    n_ih = staffing.agents_present(
        headcount=s.headcount - tco.classroom_fte(hires=s.hires, classroom_weeks=st.classroom_weeks),
        **rota,
    )
    sl_ih, ab_ih = staffing.realise(
        rate=busy_hour(V_ih), aht=aht_ih, agents=n_ih, patience=sv.patience_s,
        target_time=sv.target_time_s,
    )

    # vendor: staffs to plan and follows demand surprises within its lag (C7, C21)
    n_plan_v = staffing.plan_agents(rate=busy_hour(Vf_v), aht=aht_v_plan, **queue)
    n_v = staffing.vendor_agents(
        planned=n_plan_v, volume=V_v, forecast=Vf_v, lag_weeks=vs.scaling_lag_weeks
    )
    sl_v, ab_v = staffing.realise(
        rate=busy_hour(V_v), aht=aht_v, agents=n_v, patience=sv.patience_s,
        target_time=sv.target_time_s,
    )
    shift = {"open_hours": sv.open_hours_per_month, "schedule_factor": sv.schedule_factor}
    hours_v = staffing.vendor_hours(agents=n_v, **shift)
    fte_v = staffing.vendor_fte(live=live, hours=hours_v, paid_hours=sv.paid_hours_per_month,
                                shrinkage=sv.shrinkage)

    # the vendor's bill: pricing model, bands, minimum on the steady-state plan,
    # escalator, COLA and currency (C1, C13; mechanisms/pricing.py)
    handled_v = V_v * (1.0 - ab_v)
    committed = s.committed_units
    if first.any():
        aht_ss = aht_v_at(z=None, deficit=fx.vendor_steady_deficit)
        h_ss = staffing.vendor_hours(
            agents=staffing.plan_agents(rate=busy_hour(Vf_v), aht=aht_ss, **queue), **shift
        )
        plan_units = pricing.billed_units(
            model=v.pricing, hours=h_ss,
            fte=h_ss / (sv.paid_hours_per_month * (1.0 - sv.shrinkage)), calls=Vf_v,
            minutes=Vf_v * aht_ss / 60.0,
        )
        committed = np.where(first, plan_units, committed)
    months_live = t - fx.golive
    units = pricing.billed_units(
        model=v.pricing, hours=hours_v, fte=fte_v, calls=handled_v, minutes=handled_v * aht_v / 60.0
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
    # the retained organisation, priced from hours (C3, C8, C12)
    gov_hours = np.where(live, tco.governance_hours(
        effort=vq.oversight, hours_per_agent_full=vq.hours_per_agent_full, vendor_fte=fte_v,
        fixed_hours_full=vq.fixed_hours_full,
    ), 0.0)

    # quality: drifts without oversight, new and shared agents, notice dip (C3, C9, C12, C14, C17-C19)
    q = quality.vendor_quality(
        q=s.quality, active=live & (t > fx.golive), oversight=vq.oversight, decay=vq.decay_rate,
        recovery=vq.recovery_rate, target=vq.target, noise_sd=vq.noise_sd, z=rnd.z_q[t],
    )
    q_eff_v = quality.effective_quality(
        q=q, shared_share=vq.shared_agent_share, shared_penalty=vq.shared_agent_penalty,
        deficit=ramp_v, new_gap=vq.new_agent_gap,
        dip=np.where(s.exit_requested & live, vc.transition_dip, 0.0),
    )
    q_eff_ih = quality.in_house_quality(st.new_hire_quality_gap, s.ramp_in_house, dip)
    sla = pricing.sla_adjustment(
        fees=fees, sl=sl_v, target_sl=sv.target_sl, quality=q_eff_v,
        target_quality=vc.sla_quality_target, tolerance=vc.sla_tolerance,
        credit_share=vc.sla_credit_share, bonus_share=vc.sla_bonus_share, at_risk=vc.sla_at_risk,
        active=live & (months_live >= vc.sla_grace_months),
    )
    fcr_ih = quality.first_contact_resolution(
        fcr_native=st.fcr, language_factor=1.0, floor=sat.quality_floor, q_eff=q_eff_ih
    )
    fcr_v = quality.first_contact_resolution(
        fcr_native=st.fcr, language_factor=v.language.fcr_factor, floor=sat.quality_floor,
        q_eff=q_eff_v,
    )

    # data breach: a rare event, heavy-tailed records, a CSAT dip (C11)
    p_b = breach.breach_probability(prm.breach.annual_prob, share, vs.breach_multiplier)
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
    aband_ih, aband_v = V_ih * ab_ih, V_v * ab_v
    handled_ih = V_ih * (1.0 - ab_ih)
    score = dict(csat_ref=sat.csat_ref, fcr_ref=sat.fcr_ref, fcr_slope=sat.fcr_slope,
                 target_sl=sv.target_sl, sl_slope=sat.sl_slope)
    cs_ih = satisfaction.csat(fcr=fcr_ih, sl=sl_ih, penalty=b_pen, **score)
    cs_v = satisfaction.csat(fcr=fcr_v, sl=sl_v, penalty=v.language.csat_penalty + b_pen, **score)
    cs, fcr = satisfaction.by_handled(in_house=(cs_ih, fcr_ih), vendor=(cs_v, fcr_v),
                                      handled_in_house=handled_ih, handled_vendor=handled_v)
    # one mapping from a contact's experience to its customer's defection (mechanisms/churn.py)
    cu = prm.customers
    mapping = dict(defect_resolved=cu.defect_resolved, unresolved_factor=cu.unresolved_factor,
                   abandoned_factor=cu.abandoned_factor, elasticity=cu.csat_elasticity)
    lost = churn.customers_lost(handled=handled_ih, fcr=fcr_ih, abandoned=aband_ih, gap=b_pen,
                                gap_abandoned=b_pen, **mapping)
    lost = lost + churn.customers_lost(
        handled=handled_v, fcr=fcr_v, abandoned=aband_v, gap=v.language.csat_penalty + b_pen,
        gap_abandoned=b_pen, **mapping,
    )

    sl, q_opt = satisfaction.by_offered(
        in_house=(sl_ih, q_eff_ih), vendor=(sl_v, np.where(live, q_eff_v, 0.0)),
        offered_in_house=V_ih, offered_vendor=V_v,
    )

    # exit: quality below threshold for long enough, fee and notice (C13, C21)
    locked = s.exit_requested & live
    dec = contract.exit_decision(
        month=t, q_eff=q_eff_v, live=live, requested=s.exit_requested, below=s.months_below,
        threshold=vc.exit_threshold, after_months=vc.exit_after_months, golive=fx.golive,
        term=vc.term_months, notice=vc.notice_months, enforceable=fx.enforceable,
    )

    # in-house attrition, hiring, layoffs (C7, C16, C22)
    p_leave = attrition.in_house_leave_prob(
        monthly_rate=fx.leave_rate, morale_active=morale,
        survivor_multiplier=st.survivor_attrition_multiplier,
    )
    leavers = attrition.binomial_inverse(s.headcount, p_leave, rnd.u_leave[t])
    H_next, hires, layoffs = staffing.inhouse_step(
        headcount=s.headcount, target=target_H, leavers=leavers, hiring_lag=st.hiring_lag_months,
        layoff=first,
    )
    labour, hiring, severance = costs.in_house(
        headcount=s.headcount, hires=hires, layoffs=layoffs, paid_hours=sv.paid_hours_per_month,
        hourly_cost=st.hourly_cost, mgmt_hours_per_agent=st.mgmt_hours_per_agent,
        manager_hourly_cost=st.manager_hourly_cost, cost_per_hire=st.cost_per_hire,
        severance_months=st.severance_months, benefits_load=st.benefits_load,
    )
    # seats in use, and seats the decision vacated while lease and contracts run (C13, C16)
    facilities = tco.seat_cost(
        seats=s.headcount, seat_cost_annual=st.seat_cost_annual,
        licence_per_seat_month=st.licence_per_seat_month,
    )
    stranded = tco.stranded_cost(
        seats_before=fx.initial_headcount, seats_now=s.headcount, month=t,
        commitments_end=st.commitments_months_left,
        per_seat_month=st.seat_cost_annual / 12.0 + st.licence_per_seat_month,
        sublet_recovery=st.sublet_recovery, active=v.is_vendor & (t >= fx.golive),
    )

    # vendor attrition brings new agents (C6, C14)
    v_leave = attrition.vendor_leaver_share(fx.vendor_leave_rate, vs.attrition_noise_sd, rnd.z_att_v[t])
    # the vendor bills training of new agents as the contract says (C6)
    hourly = vs.price_per_hour * index
    training = np.where(live, np.where(
        first,
        tco.vendor_training_fee(new_agents=fte_v, training_hours=vs.training_hours,
                                hourly_price=hourly, billed_share=vc.initial_training_billed),
        tco.vendor_training_fee(new_agents=v_leave * fte_v, training_hours=vs.training_hours,
                                hourly_price=hourly, billed_share=vc.replacement_training_billed),
    ), 0.0)
    margin = churn.margin_value(
        annual_margin=cu.annual_margin, margin_years=cu.margin_years,
        discount_rate_annual=prm.finance.discount_rate_annual, months_left=prm.horizon - 1.0 - t,
        beyond_horizon=cu.beyond_horizon,
    )

    # the books (costs in the order of ccsim.outputs.COST_COMPONENTS)
    ledger.record(
        t,
        costs={
            "labour": labour,
            "facilities": facilities,
            "vendor_fees": fees,
            "sla_credits": sla,
            "governance": costs.governance(gov_hours, st.manager_hourly_cost),
            "hiring_training": hiring + training,
            "transition": costs.setup(first, v.setup.cost_months, fees)
            + costs.switching(dec.trigger, vc.switching_cost_months, fees),
            "severance": severance,
            "exit_fees": costs.exit_fee(dec.fee_due, vc.exit_fee_months, fees),
            "stranded": stranded,
            "breach_losses": b_loss,
            "churn_losses": costs.churn_losses(lost, margin),
        },
        csat=cs,
        fcr=fcr,
        service_level=sl,
        quality=q_opt,
        offered=V_ih + V_v,
        answered=handled_ih + handled_v,
        abandoned=aband_ih + aband_v,
        headcount=s.headcount + fte_v,
        locked=locked,
        breaches=ev,
        customers_lost=lost,
        mgmt_hours_freed=staffing.management_hours_freed(
            initial=fx.initial_headcount, headcount=s.headcount,
            hours_per_agent=st.mgmt_hours_per_agent,
        ),
        oversight_hours=gov_hours,
    )

    return State(
        headcount=H_next,
        ramp_in_house=attrition.in_house_deficit(
            deficit=s.ramp_in_house, hires=hires, headcount=H_next, ramp_weeks=st.ramp_weeks
        ),
        ramp_vendor=attrition.vendor_deficit(
            deficit=ramp_v, live=live, leaver_share=v_leave, ramp_weeks=vs.ramp_weeks
        ),
        quality=q,
        months_below=dec.below,
        exit_requested=s.exit_requested | dec.trigger,
        switch_month=np.where(dec.trigger, dec.switch_month, s.switch_month),
        committed_units=committed,
        breach_dip_until=dip_until,
        repeats=demand.repeat_contacts(
            callback_rate=prm.demand.callback_rate, abandoned_in_house=aband_ih,
            unresolved_in_house=handled_ih * (1.0 - fcr_ih), abandoned_vendor=aband_v,
            unresolved_vendor=handled_v * (1.0 - fcr_v),
        ),
        vendor_fte=fte_v,
        hires=hires,
    )
