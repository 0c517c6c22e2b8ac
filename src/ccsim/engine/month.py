"""One month of the contact centre, for every option and path at once.

:func:`start` sets up the operation at month 0; :func:`step` runs a month in seven
phases, each a function below it (the fifth, :func:`decide`, in
:mod:`ccsim.engine.decide`), each a sequence of :mod:`ccsim.mechanisms` kernel calls on
``(O, P)`` arrays, each handing the next a record of :mod:`ccsim.engine.phases`:

1. :func:`plan`: who serves (go-live, waves, routing), each team's forecast, the
   in-house plan interval by interval, its hiring target and the month's roster (and the
   vendor's plan, in the same Erlang C call, unless an overflow option may move its calls);
2. :func:`answer`: the calls arrive, are routed (overflow) and both teams answer them
   (both teams' days in one Erlang A call);
3. :func:`invoice`: the vendor's bill and the retained organisation's hours;
4. :func:`experience`: quality, breaches, satisfaction and defections;
5. :func:`decide`: escalate or exit (or re-tender) on sustained low quality;
6. :func:`people`: attrition, hiring, layoffs and seats;
7. :func:`book`: the month's costs and metrics into the ledger; :func:`step` then
   hands the state to the next month.

What does not change from month to month (the planning constants, the CSAT scale, the
defection mapping, the contact-mix factors, the routing masks, each month's margin of a
lost customer) is settled once per chunk in :class:`~ccsim.engine.fixed.Fixed` by
:func:`~ccsim.engine.fixed.start`. Teams are stacked side by side in one queueing call
only where the queues are computed element by element, so the numbers are those of a
call a team (the engine's cost per month falls, not its results; issue 32).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ccsim.engine.decide import decide
from ccsim.engine.fixed import Fixed, start
from ccsim.engine.ledger import Ledger
from ccsim.engine.params import Params, Streams
from ccsim.engine.phases import Answered, Bill, Experience, People, Plan
from ccsim.engine.state import State
from ccsim.mechanisms import (
    attrition,
    breach,
    contract,
    costs,
    demand,
    golive,
    handle_time,
    intraday,
    pricing,
    quality,
    routing,
    satisfaction,
    staffing,
    workforce,
)

__all__ = [
    "Answered", "Bill", "Experience", "Fixed", "People", "Plan", "answer", "book", "decide",
    "experience", "invoice", "people", "plan", "start", "step",
]

F = NDArray[np.float64]
B = NDArray[np.bool_]


def step(t: int, *, prm: Params, fx: Fixed, s: State, rnd: Streams, ledger: Ledger) -> State:
    """Month ``t``: from the state at its start to the state at its end (booked in ``ledger``)."""
    st, v = prm.staff, prm.vendor
    p = plan(t, prm=prm, fx=fx, s=s, rnd=rnd)
    a = answer(t, prm=prm, fx=fx, s=s, rnd=rnd, p=p)
    bill = invoice(t, prm=prm, fx=fx, s=s, p=p, a=a)
    x = experience(t, prm=prm, fx=fx, s=s, rnd=rnd, p=p, a=a, bill=bill)
    margin = fx.margin[t]  # churn.margin_value of the month, settled per chunk
    history = contract.record_quality(s.quality_history, t, x.quality_vendor)
    in_use, held = _seats(t, prm, s, p)
    dec = decide(t, prm=prm, fx=fx, s=s, a=a, bill=bill, x=x, live=p.live, margin=margin,
                 history=history, idle_seats=held - in_use)
    ppl = people(t, prm=prm, fx=fx, s=s, rnd=rnd, p=p, seats=(in_use, held))
    book(t, prm=prm, fx=fx, s=s, p=p, a=a, bill=bill, x=x, dec=dec, ppl=ppl, margin=margin,
         ledger=ledger)
    return State(
        headcount=ppl.headcount_next,
        seats=ppl.seats,
        ramp_in_house=attrition.in_house_deficit(
            deficit=s.ramp_in_house, hires=ppl.hires, headcount=ppl.headcount_next,
            ramp_weeks=st.ramp_weeks,
        ),
        ramp_vendor=attrition.vendor_deficit(deficit=p.ramp_vendor, live=p.live,
                                             leaver_share=p.vendor_replaced,
                                             ramp_weeks=v.staffing.ramp_weeks),
        quality=x.quality,
        quality_history=history,
        escalation_end=dec.escalation_end,
        exit_requested=s.exit_requested | dec.trigger,
        switch_month=np.where(dec.trigger, dec.switch_month, s.switch_month),
        committed_units=bill.committed_units,
        breach_dip_until=x.breach_dip_until,
        repeats=demand.repeat_contacts(
            callback_rate=prm.demand.callback_rate, abandoned_in_house=a.abandoned_in_house,
            unresolved_in_house=a.handled_in_house * (1.0 - x.fcr_in_house),
            abandoned_vendor=a.abandoned_vendor,
            unresolved_vendor=a.handled_vendor * (1.0 - x.fcr_vendor),
        ),
        vendor_fte=a.vendor_fte,
        hires=ppl.hires,
        vendor_forecast=p.forecast_vendor,
        retendered=s.retendered,
        vendor_start=s.vendor_start,
    )


# ------------------------------------------------------------------ the month's phases


def _in_house_aht(t: int, prm: Params, s: State, mix: F, dip: F) -> F:
    """The in-house planner's handle time (the month's noise: :func:`handle_time.with_noise`)."""
    st = prm.staff
    return handle_time.handle_time(
        base=prm.service.aht_s, factor=mix, trend_annual=st.tech_trend_annual, month=t,
        deficit=s.ramp_in_house, new_hire_factor=st.new_hire_aht_factor, dip=dip,
        noise_sd=st.aht_noise_sd, z=None)


def _vendor_aht(t: int, prm: Params, fx: Fixed, deficit: F) -> F:
    """The vendor planner's handle time at ramp ``deficit`` (noise: :func:`handle_time.with_noise`)."""
    v = prm.vendor
    return handle_time.handle_time(
        base=prm.service.aht_s, factor=fx.vendor_aht_factor,
        trend_annual=v.handle_time.tech_trend_annual, month=t, deficit=deficit,
        new_hire_factor=v.staffing.new_hire_aht_factor, dip=0.0, noise_sd=v.handle_time.noise_sd,
        z=None)


def _realise(prm: Params, fx: Fixed, *teams: tuple[F, F, F]) -> list[tuple[F, F]]:
    """The day's service level and abandonment of each team ``(volume, aht, roster)``,
    ``(O, P)`` each, from one :func:`staffing.realise_day` on the teams side by side
    (stacked on the option axis): the queues are element by element, so the same numbers
    as one call a team, for the fixed cost of one."""
    sv = prm.service
    roster = np.shape(teams[0][2])
    volume, aht = (staffing.side_by_side([team[i] for team in teams], roster[1:])
                   for i in (0, 1))
    sl, ab = staffing.realise_day(volume=volume, profile=fx.intraday,
                                  open_hours=sv.open_hours_per_month, aht=aht,
                                  agents=staffing.side_by_side([team[2] for team in teams], roster),
                                  patience=sv.patience_s, target_time=sv.target_time_s)
    n = len(teams)
    return list(zip(staffing.split_teams(sl, n), staffing.split_teams(ab, n), strict=True))


def _peak_excess(prm: Params, t: int) -> F:
    """A peak hybrid's vendor share of month ``t``'s calls if in season (:func:`routing.peak_share`)."""
    dm = prm.demand
    return routing.peak_share(share=prm.vendor.share, amplitude=dm.seasonal_amplitude,
                              season=demand.season_factor(month=t, amplitude=dm.seasonal_amplitude,
                                                          peak_month=dm.peak_month,
                                                          start_month=dm.start_month))


def _in_house_mix(prm: Params, fx: Fixed, share: F) -> tuple[F, F, F]:
    """The in-house team's simple share, handle-time and resolution factors this month
    (:func:`routing.in_house_mix`): the overall mix without a by_type option (``fx.plain_mix``)."""
    if not fx.typed_any:
        return fx.plain_mix
    dm = prm.demand
    return routing.in_house_mix(share=share, vendor_share=prm.vendor.share,
                                simple_share=dm.simple_share, aht_ratio=dm.simple_aht_ratio,
                                fcr_ratio=dm.simple_fcr_ratio, where=fx.typed_rows)


def plan(t: int, *, prm: Params, fx: Fixed, s: State, rnd: Streams) -> Plan:
    """Who serves, each team's forecast and the in-house plan, target and roster
    (C2, C3, C6, C7, C12-C14, C16, C21, C22)."""
    st, v, vc, dm = prm.staff, prm.vendor, prm.vendor.contract, prm.demand
    # who serves: the vendor from go-live until an exit's switch, its calls moving in
    # waves, under the option's routing (C2, C13, C21)
    live, first = golive.vendor_live(
        month=t, is_vendor=v.is_vendor, golive=fx.golive, switch_month=s.switch_month
    )
    moved = golive.wave_fraction(month=t, golive=fx.golive, waves=v.setup.waves)
    # a peak hybrid's vendor takes the peak season's excess over the in-house capacity
    # (read only where an option is a peak hybrid)
    share = routing.vendor_share(live=live, share=v.share, moved=moved, routing=v.routing,
                                 peak=fx.peak_any and demand.in_peak_season(
                                     month=t, peak_month=dm.peak_month, start_month=dm.start_month),
                                 peak_excess=_peak_excess(prm, t) if fx.peak_any else 0.0)
    # the forecast: fresh demand shared by all options plus each option's repeat callers;
    # after an exit the in-house team plans for the returning calls a hiring lag ahead
    forecast = rnd.forecast[t] + s.repeats
    back = s.exit_requested & ~v.retender  # a re-tender's calls do not come back
    forecast_ih, forecast_v = routing.split(forecast, share, workforce.in_house_planning_share(
        vendor_share=share, exit_requested=back, month=t, hiring_lag=st.hiring_lag_months,
        switch_month=s.switch_month))
    # a vendor that grows (new team, waves, seasonal peaks) adds new agents (C14)
    growth = np.where(live & ~first, attrition.vendor_growth_share(
        previous=s.vendor_forecast, now=forecast_v), 0.0)
    ramp_v = np.where(first, 1.0, np.where(live, attrition.with_new_agents(s.ramp_vendor, growth),
                                           s.ramp_vendor))
    leavers_v = attrition.vendor_leaver_share(  # vendor attrition (C6, C14)
        fx.vendor_leave_rate, v.staffing.attrition_noise_sd, rnd.z_att_v[t])
    morale, dip = attrition.morale(t, fx.morale_end, st.morale_productivity_dip)  # C16, C22
    # a by_type hybrid's in-house team keeps the complex contacts: its own mix
    f_ih, mix_ih, fcr_mix_ih = _in_house_mix(prm, fx, share)
    aht_plan = _in_house_aht(t, prm, s, mix_ih, dip)
    # this month's plan, interval by interval; the planner hires a hiring lag ahead for
    # the seasonal peak (a peak hybrid for the peak calls it keeps), but not, once an
    # outsourcing is announced, agents it would lay off at go-live (C7, C16)
    peak_rows = fx.peak_rows
    ahead = rnd.season_ahead[t]
    if fx.peak_any:
        ahead = np.where(peak_rows, rnd.season_ahead_kept[t], ahead)
    # ... with the vendor's (unless an overflow may move its calls: answer plans it then)
    aht_v_plan = _vendor_aht(t, prm, fx, ramp_v)
    curve, needed, target, plan_v = workforce.plan_and_target(
        forecast=forecast_ih, aht=aht_plan, ahead=ahead, profile=fx.intraday,
        rota=fx.rota, before=v.is_vendor & (t < fx.golive) & ~peak_rows,
        kept_share=1.0 - v.share, kept_aht=aht_plan * fx.kept_aht_mix / mix_ih,
        also=[] if fx.over_any else [(forecast_v, aht_v_plan)],
    )
    on_phone, overtime, temps = workforce.month_roster(
        headcount=s.headcount, hires=s.hires, needed=needed, curve=curve, rota=fx.rota,
        classroom_weeks=st.classroom_weeks, overtime_cap=st.overtime_cap, temp_cap=st.temp_cap,
        pace=st.new_hire_aht_factor, adherence=prm.service.adherence,
    )
    return Plan(
        live=live, first=first, moved=moved,
        moving=golive.layoff_month(month=t, golive=fx.golive, waves=v.setup.waves,
                                   parallel_months=v.setup.parallel_months, live=live),
        share=share, vendor_growth=growth,
        ramp_vendor=ramp_v,
        vendor_leavers=leavers_v,
        # a shrinking team back-fills only the leavers beyond its fall (item 10)
        vendor_replaced=np.where(live & ~first, attrition.vendor_replaced_share(
            leaver_share=leavers_v, previous=s.vendor_forecast, now=forecast_v), leavers_v),
        morale=morale, dip=dip,
        oversight=contract.effective_oversight(
            month=t, live=live, escalation_end=s.escalation_end,
            escalation_months=vc.escalation_months, oversight=v.quality.oversight,
            escalation_oversight=vc.escalation_oversight),
        forecast=forecast, forecast_in_house=forecast_ih, forecast_vendor=forecast_v,
        simple_in_house=f_ih, aht_mix_in_house=mix_ih, fcr_mix_in_house=fcr_mix_ih,
        aht_in_house_plan=aht_plan, aht_vendor_plan=aht_v_plan, vendor_plan=plan_v[0] if plan_v else None,
        needed=needed, target_headcount=target, on_phone=on_phone, overtime_agents=overtime,
        temp_agents=temps,
    )


def answer(t: int, *, prm: Params, fx: Fixed, s: State, rnd: Streams, p: Plan) -> Answered:
    """Calls arrive, are routed and both teams answer them (C5, C7, C10, C20, C21)."""
    sv, v = prm.service, prm.vendor
    offered = rnd.fresh[t] + s.repeats
    offered_ih, offered_v = routing.split(offered, p.share)
    # the plans' handle times with the month's noise (handle_time.handle_time with z)
    aht_ih = handle_time.with_noise(p.aht_in_house_plan, prm.staff.aht_noise_sd, rnd.z_aht_ih[t])
    aht_v = handle_time.with_noise(p.aht_vendor_plan, v.handle_time.noise_sd, rnd.z_aht_v[t])
    forecast_v, share_v = p.forecast_vendor, p.share
    # an overflow hybrid: the in-house team is offered its part of the calls and passes
    # on a call that would wait longer than the overflow wait (M/M/c+D in every
    # interval); its callers wait less than that and none abandons (item 6)
    over = p.live & fx.over_rows
    team_ih = (offered_ih, aht_ih, p.on_phone)  # the in-house day before any overflow
    if over.any():
        offered_ih, offered_v, forecast_v, share_v, sl_kept = routing.overflow_month(
            offered=offered, forecast=p.forecast, offered_split=(offered_ih, offered_v),
            forecast_split=(p.forecast_in_house, p.forecast_vendor), share=p.share,
            aht=aht_ih, aht_plan=p.aht_in_house_plan, agents=p.on_phone, profile=fx.intraday,
            open_hours=sv.open_hours_per_month, wait=sv.overflow_wait_s,
            target_time=sv.target_time_s, where=over,
        )
    # vendor: plans for its own adherence, staffs to plan and follows demand surprises
    # within its lag (C7, C21; issue 28 item 2)
    curve_v, n_plan_v = (p.vendor_plan if p.vendor_plan is not None
                         else fx.rota.plan(forecast_v, p.aht_vendor_plan, fx.intraday))
    n_v = staffing.vendor_agents(planned=staffing.scheduled_for(n_plan_v, sv.adherence),
                                 volume=offered_v, forecast=forecast_v,
                                 lag_weeks=v.staffing.scaling_lag_weeks)
    roster_v = intraday.roster(agents=staffing.adhering(n_v, sv.adherence), plan=curve_v)
    (sl_ih, ab_ih), (sl_v, ab_v) = _realise(prm, fx, team_ih, (offered_v, aht_v, roster_v))
    if over.any():
        sl_ih, ab_ih = np.where(over, sl_kept, sl_ih), np.where(over, 0.0, ab_ih)
    hours_v = fx.rota.hours(n_v)
    return Answered(
        offered_in_house=offered_ih, offered_vendor=offered_v, forecast_vendor=forecast_v,
        aht_vendor=aht_v, aht_in_house_plan=p.aht_in_house_plan,
        aht_in_house_back=p.aht_in_house_plan * fx.back_aht_mix / p.aht_mix_in_house,
        fcr_mix_in_house=p.fcr_mix_in_house,
        overtime_hours=fx.rota.hours(p.overtime_agents), temp_hours=fx.rota.hours(p.temp_agents),
        sl_in_house=sl_ih, abandon_in_house=ab_ih, sl_vendor=sl_v, abandon_vendor=ab_v,
        vendor_hours=hours_v,
        vendor_fte=staffing.vendor_fte(live=p.live, hours=hours_v, paid_hours=sv.paid_hours_per_month,
                                       shrinkage=sv.shrinkage),
        share_vendor=share_v,
        repeat_share=s.repeats / np.where(offered > 0, offered, 1.0),
        occupancy_in_house=staffing.occupancy(
            handled=offered_ih * (1.0 - ab_ih), aht=aht_ih, roster=p.on_phone,
            open_hours=sv.open_hours_per_month),
        occupancy_vendor=staffing.occupancy(
            handled=offered_v * (1.0 - ab_v), aht=aht_v, roster=roster_v,
            open_hours=sv.open_hours_per_month),
    )


def invoice(t: int, *, prm: Params, fx: Fixed, s: State, p: Plan, a: Answered) -> Bill:
    """The vendor's bill: pricing model, bands, minimum on the steady-state plan,
    escalator, COLA and currency (C1, C13); training as the contract says (C6); the
    retained organisation priced from hours (C3, C8, C12)."""
    sv, v = prm.service, prm.vendor
    vc, vq, vs = v.contract, v.quality, v.staffing
    handled_v = a.handled_vendor
    committed = s.committed_units
    full = pricing.full_move(p.moved)  # the calls of every wave, once all have moved
    steady_units = np.zeros_like(committed)
    if p.first.any():  # the minimum commitment: the steady-state plan of every wave (C13)
        aht_ss = _vendor_aht(t, prm, fx, fx.vendor_steady_deficit)
        plan_calls = a.forecast_vendor * full
        if fx.peak_any and (peaks := p.first & fx.peak_rows).any():
            # a peak hybrid contracts for its peak month, whenever it goes live: the
            # month's forecast at the peak's season factor, the vendor's share of it
            dm = prm.demand
            amp = np.asarray(dm.seasonal_amplitude)
            now = demand.season_factor(month=t, amplitude=amp, peak_month=dm.peak_month,
                                       start_month=dm.start_month)
            top = routing.peak_share(share=v.share, amplitude=amp, season=1.0 + amp)
            plan_calls = np.where(peaks, p.forecast * (1.0 + amp) / now * top, plan_calls)
        plan_units = pricing.plan_units(
            model=v.pricing, hours=fx.rota.hours(staffing.scheduled_for(
                fx.rota.plan(plan_calls, aht_ss, fx.intraday)[1], sv.adherence)),
            calls=plan_calls, aht=aht_ss, paid_hours=sv.paid_hours_per_month,
            shrinkage=sv.shrinkage,
        )
        committed = np.where(p.first, plan_units, committed)
        steady_units = np.where(p.first, plan_units, 0.0)
    months_live = t - fx.golive
    units = pricing.billed_units(
        model=v.pricing, hours=a.vendor_hours, fte=a.vendor_fte, calls=handled_v,
        minutes=handled_v * a.aht_vendor / 60.0,
    )
    # a peak hybrid's commitment binds in the months it is routed calls (the season)
    billed = pricing.billable_units(
        units=units, committed_units=committed, min_commitment=vc.min_commitment,
        in_term=p.live & (months_live < vc.term_months)
        & (~fx.peak_rows | (p.share > 0)),
    )
    index = pricing.price_index(
        months_live=months_live, escalator=vc.escalator_annual, cola_share=vc.cola_share,
        wage_inflation=vc.wage_inflation_annual,
        fx_log=pricing.currency_at(fx.fx_path, months_live, billed.shape),
    )
    def charge(units: F) -> F:
        return pricing.tiered_charge(
            units=units, unit_price=v.unit_price * index, band_1_units=vc.band_1_units,
            band_1_discount=vc.band_1_discount, band_2_units=vc.band_2_units,
            band_2_discount=vc.band_2_discount,
        )

    fees = costs.vendor_fees(p.live, charge(billed))
    gov_hours = np.where(p.live, costs.governance_hours(
        effort=p.oversight, hours_per_agent_full=vq.hours_per_agent_full,
        vendor_fte=a.vendor_fte, fixed_hours_full=vq.fixed_hours_full,
    ), 0.0)
    training = costs.billed_training(
        live=p.live, first_month=p.first, vendor_fte=a.vendor_fte, leaver_share=p.vendor_replaced,
        growth_share=p.vendor_growth, training_hours=vs.training_hours,
        hourly_price=vs.price_per_hour * index, initial_billed=vc.initial_training_billed,
        replacement_billed=vc.replacement_training_billed,
    )
    return Bill(fees=fees, committed_units=committed, price_index=index, months_live=months_live,
                governance_hours=gov_hours, training=training,
                setup_fees=costs.vendor_fees(p.first, charge(steady_units)))


def experience(t: int, *, prm: Params, fx: Fixed, s: State, rnd: Streams, p: Plan,
               a: Answered, bill: Bill) -> Experience:
    """Quality, SLA credits, breaches, satisfaction and defections
    (C3, C9-C12, C14, C17-C19, C23, C24)."""
    sv, st, sat, v = prm.service, prm.staff, prm.satisfaction, prm.vendor
    vq, vc, live = v.quality, v.contract, p.live
    # quality: drifts without oversight, new and shared agents, notice dip
    q = quality.vendor_quality(
        q=s.quality, active=live & (t > fx.golive), oversight=p.oversight, decay=vq.decay_rate,
        recovery=vq.recovery_rate, target=vq.target, noise_sd=vq.noise_sd, z=rnd.z_q[t],
    )
    q_eff_v = quality.effective_quality(
        q=q, shared_share=vq.shared_agent_share, shared_penalty=vq.shared_agent_penalty,
        deficit=p.ramp_vendor, new_gap=vq.new_agent_gap,
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
    def fcr_ih_at(mix: F) -> F:
        return quality.first_contact_resolution(fcr_native=st.fcr * mix, language_factor=1.0,
                                                floor=sat.quality_floor, q_eff=q_eff_ih)

    fcr_ih = fcr_ih_at(a.fcr_mix_in_house)
    fcr_v = quality.first_contact_resolution(
        fcr_native=st.fcr * fx.vendor_fcr_mix, language_factor=v.language.fcr_factor,
        floor=sat.quality_floor, q_eff=q_eff_v,
    )

    # data breach: a rare event, heavy-tailed records, a CSAT dip (C11)
    p_b = breach.breach_probability(prm.breach.annual_prob, a.share_vendor,
                                    v.staffing.breach_multiplier)
    events = rnd.u_breach[t] < p_b
    served = breach.customers_served(fresh=rnd.fresh[t],
                                     contacts_per_customer=prm.breach.contacts_per_customer)
    records = breach.record_counts(events=events, u=rnd.u_rec[t], share=prm.breach.share_exposed,
                                   customers=served)
    ev, b_loss = breach.breach_events(
        u=rnd.u_breach[t], p_month=p_b, records=records, cost_per_record=prm.breach.cost_per_record
    )
    dip_until, b_pen = breach.reputation(
        month=t, events=ev, dip_until=s.breach_dip_until, dip_months=prm.breach.dip_months,
        csat_dip=prm.breach.csat_dip,
    )

    # customers: satisfaction, defections (C10, C23, C24)
    handled_ih, handled_v = a.handled_in_house, a.handled_vendor
    # each team's offered callers: the abandoned ones count (model.md 7)
    cs_ih = fx.score.csat(fcr=fcr_ih, sl=a.sl_in_house, penalty=b_pen, abandon=a.abandon_in_house)
    cs_v = fx.score.csat(fcr=fcr_v, sl=a.sl_vendor, penalty=v.language.csat_penalty + b_pen,
                         abandon=a.abandon_vendor)
    cs, fcr = satisfaction.by_handled(in_house=(cs_ih, fcr_ih), vendor=(cs_v, fcr_v),
                                      handled_in_house=handled_ih, handled_vendor=handled_v)
    # one mapping from a contact's experience to its customer's defection (mechanisms/churn.py)
    # once per customer issue: the share of this month's contacts that are repeats (the
    # same in both teams' calls) closes issues after two or more contacts (item 8)
    lost_ih = fx.defection.lost(handled=handled_ih, fcr=fcr_ih, abandoned=a.abandoned_in_house,
                                gap=b_pen, gap_abandoned=b_pen, repeat_share=a.repeat_share)
    lost_v = fx.defection.lost(handled=handled_v, fcr=fcr_v, abandoned=a.abandoned_vendor,
                               gap=v.language.csat_penalty + b_pen, gap_abandoned=b_pen,
                               repeat_share=a.repeat_share)

    sl, q_opt = satisfaction.by_offered(
        in_house=(a.sl_in_house, q_eff_ih), vendor=(a.sl_vendor, np.where(live, q_eff_v, 0.0)),
        offered_in_house=a.offered_in_house, offered_vendor=a.offered_vendor,
    )
    return Experience(
        quality=q, quality_vendor=q_eff_v, quality_offered=q_opt, fcr_in_house=fcr_ih,
        fcr_in_house_back=fcr_ih_at(fx.vendor_fcr_mix),
        fcr_vendor=fcr_v, sla=sla, csat=cs, csat_vendor=cs_v, fcr=fcr, service_level=sl,
        customers_lost=lost_ih + lost_v, customers_lost_vendor=lost_v,
        breach_penalty=b_pen,
        breaches=ev, breach_losses=b_loss, breach_dip_until=dip_until,
    )


def people(t: int, *, prm: Params, fx: Fixed, s: State, rnd: Streams, p: Plan,
           seats: tuple[F, F]) -> People:
    """In-house attrition, hiring and layoffs, their pay, seats and stranded seats
    (C7, C13, C16, C22); ``seats`` the month's seats in use and held (:func:`_seats`)."""
    sv, st, v = prm.service, prm.staff, prm.vendor
    p_leave = attrition.in_house_leave_prob(
        monthly_rate=fx.leave_rate, morale_active=p.morale,
        survivor_multiplier=st.survivor_attrition_multiplier,
        retained=v.is_vendor & (t < fx.golive) & (np.asarray(st.retention_bonus) > 0),
        retention_multiplier=st.retention_attrition_multiplier,
    )
    leavers = attrition.binomial_inverse(s.headcount, p_leave, rnd.u_leave[t])
    # a wave moving to the vendor lays off the agents above the target (a peak hybrid
    # keeps every off-peak call: it lays nobody off)
    headcount_next, hires, layoffs = workforce.inhouse_step(
        headcount=s.headcount, target=p.target_headcount, leavers=leavers,
        hiring_lag=st.hiring_lag_months, layoff=p.moving & ~fx.peak_rows,
    )
    rota = fx.rota
    # without a parallel run the moved agents are laid off as their calls move, unpaid
    paid = s.headcount - np.where(v.setup.parallel_months < 0.5, layoffs, 0.0)
    labour, hiring, severance = costs.in_house(
        headcount=paid, hires=hires, layoffs=layoffs, paid_hours=sv.paid_hours_per_month,
        hourly_cost=st.hourly_cost, mgmt_hours_per_agent=st.mgmt_hours_per_agent,
        manager_hourly_cost=st.manager_hourly_cost, cost_per_hire=st.cost_per_hire,
        severance_months=st.severance_months, benefits_load=st.benefits_load,
        overtime_hours=rota.hours(p.overtime_agents), overtime_premium=st.overtime_premium,
        temp_hours=rota.hours(p.temp_agents), temp_markup=st.temp_markup,
    )
    # seats from the busiest interval's roster; idle seats held while the lease and
    # contracts run are stranded, whatever emptied them (issue 28 item 3)
    in_use, held = seats
    facilities = costs.seat_cost(
        seats=in_use, seat_cost_annual=st.seat_cost_annual,
        licence_per_seat_month=st.licence_per_seat_month,
    )
    stranded = costs.stranded_cost(
        seats_before=held, seats_now=in_use, month=t, commitments_end=st.commitments_months_left,
        per_seat_month=st.seat_cost_annual / 12.0 + st.licence_per_seat_month,
        sublet_recovery=st.sublet_recovery, active=np.ones(in_use.shape, dtype=bool),
    )
    return People(headcount_next=headcount_next, hires=hires, labour=labour, hiring=hiring,
                  severance=severance, facilities=facilities, stranded=stranded, seats=held)


def _seats(t: int, prm: Params, s: State, p: Plan) -> tuple[F, F]:
    """The in-house seats in use this month and held (:func:`workforce.seats`)."""
    st = prm.staff
    return workforce.seats(roster=p.on_phone, per_peak_agent=st.seats_per_peak_agent,
                           held=s.seats, month=t, commitments_end=st.commitments_months_left)


def book(t: int, *, prm: Params, fx: Fixed, s: State, p: Plan, a: Answered, bill: Bill,
         x: Experience, dec: contract.ExitDecision, ppl: People, margin: F,
         ledger: Ledger) -> None:
    """The month's costs (in the order of ``ccsim.outputs.COST_COMPONENTS``) and metrics."""
    st, v, vc = prm.staff, prm.vendor, prm.vendor.contract
    governance = costs.governance(bill.governance_hours, st.manager_hourly_cost)
    ledger.record(
        t,
        costs={
            "labour": ppl.labour,
            "facilities": ppl.facilities,
            "vendor_fees": bill.fees,
            "sla_credits": x.sla,
            "governance": governance,
            "hiring_training": ppl.hiring + bill.training,
            "transition": costs.setup(p.first, v.setup.cost_months, bill.setup_fees)
            + costs.switching(dec.trigger, vc.switching_cost_months, bill.fees)
            + costs.retention_bonus(p.first & ~s.retendered, s.headcount, st.retention_bonus),
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
        answered=a.handled_in_house + a.handled_vendor,
        abandoned=a.abandoned_in_house + a.abandoned_vendor,
        headcount=s.headcount + a.vendor_fte,
        headcount_in_house=s.headcount,
        vendor_fte=a.vendor_fte,
        handled_in_house=a.handled_in_house,
        handled_vendor=a.handled_vendor,
        occupancy_in_house=a.occupancy_in_house,
        occupancy_vendor=a.occupancy_vendor,
        locked=p.live & (s.exit_requested | dec.blocked),
        breaches=x.breaches,
        customers_lost=x.customers_lost,
        mgmt_hours_freed=workforce.management_hours_freed(
            initial=fx.initial_headcount, headcount=s.headcount,
            hours_per_agent=st.mgmt_hours_per_agent,
        ),
        oversight_hours=bill.governance_hours,
        vendor_live=p.live,
        vendor_quality=x.quality_vendor,
        vendor_csat=x.csat_vendor,
        local_fte=workforce.local_jobs(
            in_house=s.headcount, vendor_fte=a.vendor_fte, onshore=v.onshore,
            governance_fte=bill.governance_hours / prm.service.paid_hours_per_month,
        ),
    )
