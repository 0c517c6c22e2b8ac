"""What is settled before month 0, and the month-0 state of every option.

:func:`start` draws nothing: from the chunk's parameters and pre-drawn streams it fixes
the go-live months, the exit clauses' enforceability, the attrition rates, the
contact-mix factors of by_type routing, the currency paths, the day's arrival profile,
the in-house team at month 0 (:func:`ccsim.mechanisms.workforce.month0_plan` when
``staff.headcount`` is unset) and the per-chunk constants the month step passes to the
kernels (the planning rota, the CSAT scale, the defection mapping, the routing masks,
the in-house contact mix without a by_type option, each month's margin of a lost
customer), built once here rather than every month.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ccsim.engine.params import Params, Streams
from ccsim.engine.state import State
from ccsim.mechanisms import (
    attrition,
    churn,
    demand,
    golive,
    intraday,
    pricing,
    routing,
    satisfaction,
    workforce,
)

__all__ = ["Fixed", "start"]

F = NDArray[np.float64]
B = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Fixed:
    """What is settled before month 0, ``(O, P)`` (or ``(P,)``, floats)."""

    golive: F  #: month the vendor takes its share of calls (C2)
    morale_end: F  #: month the survivors' morale effects end (C16, C22)
    enforceable: B  #: whether an early exit fee can be enforced (C13)
    leave_rate: F  #: in-house monthly attrition probability
    vendor_leave_rate: F  #: vendor monthly attrition probability
    vendor_aht_factor: F  #: language, technology and contact-mix handle-time factor (C5, C10)
    vendor_simple: F  #: share of simple contacts among the vendor's calls (by_type routing)
    vendor_fcr_mix: F  #: the vendor's resolution relative to the overall mix (by_type)
    initial_headcount: F  #: in-house FTE at month 0
    vendor_steady_deficit: F  #: ramp deficit of a vendor team in steady state (minimum)
    fx_path: F  #: (Y, O, P) log US$ value of the local currency after y contract years
    intraday: F  #: (K, 1, P) relative arrival rate of each interval of the day (mean 1)
    rota: workforce.Rota  #: the service target and shift pattern planning uses
    score: satisfaction.Score  #: the CSAT scale
    defection: churn.Defection  #: from a contact's experience to its customer's defection
    #: in-house handle time on the vendor's contact mix relative to the overall mix
    back_aht_mix: F
    #: in-house handle time on the contacts an outsourcing keeps in-house (by_type)
    kept_aht_mix: F
    # what the month step would otherwise recompute every month from the parameters and
    # the month index alone (issue 32): the routing masks, the in-house contact mix of a
    # chunk without a by_type option and each month's margin of a lost customer
    peak_rows: B  #: (O, 1) the option is a peak hybrid
    peak_any: bool  #: some option is a peak hybrid
    over_rows: B  #: (O, 1) the option is an overflow hybrid
    over_any: bool  #: some option is an overflow hybrid
    typed_rows: B  #: (O, 1) the option is a by_type hybrid
    typed_any: bool  #: some option is a by_type hybrid
    #: without a by_type option, the in-house team's simple share, its handle-time and its
    #: resolution factor, (O, P): the overall mix whatever the month's share
    plain_mix: tuple[F, F, F]
    margin: tuple[F, ...]  #: margin a customer lost in month ``t`` takes away (:func:`churn.margin_value`)


def start(prm: Params, rnd: Streams) -> tuple[Fixed, State]:
    """The settled facts and the month-0 state of every option."""
    sv, st, v, dm = prm.service, prm.staff, prm.vendor, prm.demand
    shape = (v.share.shape[0], prm.n_paths)
    go = golive.golive_month(v.setup.lead_months, v.is_vendor)
    leave_rate = attrition.monthly_rate(st.attrition_annual)
    # the day's arrival profile, interval by interval (C7)
    day = intraday.profile(np.broadcast_to(sv.busy_hour_factor, (prm.n_paths,)))[:, None, :]
    rota = workforce.Rota(
        target_sl=sv.target_sl, target_time=sv.target_time_s, open_hours=sv.open_hours_per_month,
        efficiency=workforce.shape_efficiency(  # a peakier day costs more (item 9)
            flat=sv.schedule_efficiency, flexibility=sv.schedule_flexibility, profile=day[:, 0]),
        paid_hours=sv.paid_hours_per_month,
        shrinkage=sv.shrinkage,
    )
    if st.headcount is None:  # the current operation is staffed to its month-0 plan
        h0 = workforce.month0_plan(
            fresh=rnd.forecast[0], callback_rate=dm.callback_rate, fcr=st.fcr,
            leave_rate=leave_rate, ramp_weeks=st.ramp_weeks, aht_s=sv.aht_s,
            tech_trend_annual=st.tech_trend_annual, new_hire_factor=st.new_hire_aht_factor,
            noise_sd=st.aht_noise_sd, profile=day[:, 0], rota=rota,
        )
    else:
        h0 = np.full(prm.n_paths, float(st.headcount))
    # a by_type hybrid's vendor answers the simple contacts first (its own mix), and the
    # in-house team keeps the rest once every wave has moved
    typed = v.routing == routing.BY_TYPE
    f_v, f_kept = routing.type_mix(share=v.share, vendor_share=v.share,
                                   simple_share=dm.simple_share, where=typed)

    def mix(f: F, ratio: float | F) -> F:
        return routing.type_factor(simple_fraction=f, simple_share=dm.simple_share, ratio=ratio)

    cu, sat = prm.customers, prm.satisfaction
    fixed = Fixed(
        golive=go,
        # a peak hybrid lays nobody off: no survivors, no morale effects
        morale_end=attrition.morale_window_end(
            is_vendor=v.is_vendor & (v.routing != routing.PEAK), golive=go,
            morale_months=st.morale_months,
        ),
        enforceable=rnd.u_enforce >= v.contract.p_unenforceable,
        leave_rate=leave_rate,
        vendor_leave_rate=attrition.monthly_rate(v.staffing.attrition_annual),
        vendor_aht_factor=v.language.aht_factor * v.handle_time.tech_factor
        * mix(f_v, dm.simple_aht_ratio),
        vendor_simple=f_v,
        vendor_fcr_mix=mix(f_v, dm.simple_fcr_ratio),
        initial_headcount=h0,
        vendor_steady_deficit=attrition.steady_state_deficit(
            attrition.monthly_rate(v.staffing.attrition_annual), v.staffing.ramp_weeks
        ),
        fx_path=pricing.currency_path(rnd.z_fx, v.contract.fx_drift_annual,
                                      v.contract.fx_sd_annual),
        intraday=day,
        rota=rota,
        score=satisfaction.Score(csat_ref=sat.csat_ref, fcr_ref=sat.fcr_ref,
                                 fcr_slope=sat.fcr_slope, target_sl=sv.target_sl,
                                 sl_slope=sat.sl_slope, abandon_slope=sat.abandon_slope,
                                 abandon_ref=sat.abandon_today),
        defection=churn.Defection(defect_resolved=cu.defect_resolved,
                                  unresolved_factor=cu.unresolved_factor,
                                  abandoned_factor=cu.abandoned_factor,
                                  elasticity=cu.csat_elasticity,
                                  repeat_factor=cu.repeat_factor,
                                  callback_rate=dm.callback_rate),  # per issue (item 8)
        back_aht_mix=mix(f_v, dm.simple_aht_ratio),
        kept_aht_mix=mix(f_kept, dm.simple_aht_ratio),
        **_constants(prm, shape),
    )
    return fixed, _month0_state(prm, rnd, fixed, shape)


def _constants(prm: Params, shape: tuple[int, int]) -> dict[str, Any]:
    """The routing masks, the plain in-house contact mix and the months' margins
    (the fields of :class:`Fixed` after ``kept_aht_mix``), computed by the kernels the
    month step would call, with the same arguments."""
    v, dm, cu = prm.vendor, prm.demand, prm.customers
    peak, over, typed = (v.routing == code for code in (routing.PEAK, routing.OVERFLOW,
                                                        routing.BY_TYPE))
    return {
        "peak_rows": peak, "peak_any": bool(peak.any()),
        "over_rows": over, "over_any": bool(over.any()),
        "typed_rows": typed, "typed_any": bool(typed.any()),
        # where no option routes by type, the in-house mix is the overall one for any share
        "plain_mix": routing.in_house_mix(
            share=np.zeros(shape), vendor_share=v.share, simple_share=dm.simple_share,
            aht_ratio=dm.simple_aht_ratio, fcr_ratio=dm.simple_fcr_ratio,
            where=np.zeros_like(typed)),
        "margin": tuple(churn.margin_value(
            annual_margin=cu.annual_margin, margin_years=cu.margin_years,
            discount_rate_annual=prm.finance.discount_rate_annual,
            months_left=prm.horizon - 1.0 - t, beyond_horizon=cu.beyond_horizon,
        ) for t in range(prm.horizon)),
    }


def _month0_state(prm: Params, rnd: Streams, fx: Fixed, shape: tuple[int, int]) -> State:
    st = prm.staff
    ramp = attrition.steady_state_deficit(fx.leave_rate, st.ramp_weeks)
    repeats = demand.initial_repeats(fresh=rnd.forecast[0], callback_rate=prm.demand.callback_rate,
                                     fcr=st.fcr)
    return State(
        headcount=np.broadcast_to(fx.initial_headcount, shape).copy(),
        seats=np.zeros(shape),  # month 0 leases the seats its roster uses
        ramp_in_house=np.broadcast_to(ramp, shape).copy(),
        ramp_vendor=np.zeros(shape),
        quality=prm.vendor.quality.initial.copy(),
        quality_history=np.zeros((_window_slots(prm), *shape)),
        escalation_end=np.full(shape, -1.0),
        exit_requested=np.zeros(shape, dtype=bool),
        switch_month=np.full(shape, np.inf),
        committed_units=np.zeros(shape),
        breach_dip_until=np.full(shape, -1.0),
        repeats=np.broadcast_to(repeats, shape).copy(),
        vendor_fte=np.zeros(shape),
        hires=np.zeros(shape),
        vendor_forecast=np.zeros(shape),
        retendered=np.zeros(shape, dtype=bool),
        vendor_start=np.broadcast_to(fx.golive, shape).astype(np.float64),
    )


def _window_slots(prm: Params) -> int:
    """Months the exit rule's rolling window needs to remember (at least 1)."""
    w = prm.vendor.contract.exit_after_months
    return max(1, int(np.max(w))) if w.size else 1
