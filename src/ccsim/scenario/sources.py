"""What kind of input each default is, and where it comes from.

:data:`SOURCES` traces every calibrated default of :mod:`ccsim.scenario.presets` to
``docs/calibration.md``; :func:`input_kind` labels an input a *fact*, a *future* or a
*judgement* (:data:`KINDS`) from its source, :data:`FACTS`, :data:`JUDGEMENT` and
:data:`FUTURE`. Both are re-exported by :mod:`ccsim.scenario.presets` (``ccsim.presets``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ccsim.dist import is_uncertain

__all__ = ["FACTS", "FUTURE", "JUDGEMENT", "KINDS", "SOURCES", "input_kind"]

#: The three kinds of input. A *fact* is known today (the user's centre, or a term the
#: user sets); a *future* is what happens next, a distribution with a published source;
#: a *judgement* has no published figure (customer value, defection, estimates).
KINDS = ("fact", "future", "judgement")

#: The measured facts of the user's centre, each ``{path: (low, high)}`` with the
#: allowed range its measurement error is clipped to. They are drawn with
#: :func:`ccsim.scenario.presets.measured` (constants with a small, stated measurement
#: error), never with the spread of an industry survey: the user knows them.
FACTS: dict[str, tuple[float, float]] = {
    "demand.base_volume": (0.0, 1e9),
    "demand.callback_rate": (0.0, 0.9),
    "service.aht_s": (1.0, 7200.0),
    "service.shrinkage": (0.0, 0.95),
    "staff.hourly_cost": (0.0, 1e4),
    "staff.attrition_annual": (0.0, 3.0),
    "staff.fcr": (0.0, 1.0),
    "satisfaction.csat_ref": (0.0, 100.0),
    "satisfaction.abandon_today": (0.0, 1.0),
}

#: Inputs that are judgements whatever their source says: the value of a customer and
#: how customers respond to service (margin, margin years, value beyond the horizon,
#: defection). A dotted prefix matches every input under it.
JUDGEMENT = ("customers.",)


#: Inputs that describe what happens next whatever their form: a constant here is still a
#: future (one fixed scenario of it), never a fact. Matched as the end of a calibration key.
FUTURE = ("contract.fx_drift_annual", "contract.fx_sd_annual", "contract.wage_inflation_annual",
          "demand.trend_annual", "demand.shock_sd", "demand.shock_ar1")


_EST = "estimate (no published figure; wide range)"

#: Where each default comes from, by dotted path. Scenario-level inputs are keyed by
#: their full path; option inputs by ``vendor.<sub-path>`` (every vendor option) or
#: ``<location>.<sub-path>`` (one location), as the calibration table gives them.
#: :func:`ccsim.report.assumptions_table` prints these next to each default value.
SOURCES: dict[str, str] = {
    "finance.horizon_months": "design choice: 5-year horizon (2 contract terms of 2-3 years)",
    "finance.discount_rate_annual": "estimate: corporate discount rate 6-10%",
    "demand.base_volume": "your centre: today's fresh calls a month, measured to +/-3% "
    "(reference: a mid-size centre of ~150 in-house agents)",
    "demand.trend_annual": _EST,
    "demand.seasonal_amplitude": "estimate: retail peak season",
    "demand.peak_month": "design choice: December retail peak",
    "demand.start_month": "design choice",
    "demand.shock_sd": _EST,
    "demand.shock_ar1": _EST,
    "demand.overdispersion": "design choice: Poisson counts",
    "demand.callback_rate": "your centre: repeat contacts of unresolved calls, measured to "
    "+/-3% (reference 0.65: estimate, no published figure)",
    "demand.simple_share": _EST,
    "demand.simple_aht_ratio": "estimate: sector handle times 282-528 s (APQC), ratio about 0.5",
    "demand.simple_fcr_ratio": _EST,
    "service.aht_s": "your centre: handle time, measured to +/-3% (reference 350 s: Cornell "
    "GCC Report 2007; APQC median 590 s; retail 324 s)",
    "service.target_sl": "industry standard 80/20 service level",
    "service.target_time_s": "industry standard 80/20 service level",
    "service.patience_s": "estimate, tuned toward the 5-8% abandonment benchmark",
    "service.shrinkage": "your centre: shrinkage, measured to +/-3% (reference 30%: OpsDog "
    "27.0%, 13.3-39.4%, n=1,230)",
    "service.open_hours_per_month": "your centre: opening hours (reference 12 hours a day, "
    "every day)",
    "service.busy_hour_factor": "estimate: peak hour 9-12% of a 12-hour day's calls (1.1-1.45)",
    "service.schedule_efficiency": "estimate, on a flat day: 0.88 at the mean busy-hour "
    "factor keeps model v2's in-house labour on the interval plan",
    "service.schedule_flexibility": "estimate: part-time and staggered shifts follow most of "
    "the day's curve (retail peaks staffed part-time, Multichannel Merchant)",
    "service.overflow_wait_s": "estimate: the 20 s service-level target time, so every "
    "call the in-house team keeps is answered within target (call distributors pass calls "
    "on after a set time in queue)",
    "service.adherence": "OpsDog: schedule adherence 92.4% on average (n = 118)",
    "service.paid_hours_per_month": "2,080 paid hours a year",
    "staff.headcount": "staffed to its own demand on each path (calibration: ~150 agents)",
    "staff.hourly_cost": "your centre: loaded pay, measured to +/-3% (reference $27.50/h: BLS "
    "CSR wages $15.53/h 2016, $20.59/h recent, with benefits)",
    "staff.attrition_annual": "your centre: today's attrition, measured to +/-3% (reference "
    "30%: Cornell GCC Report 2007; Batt et al. 2006; Philippines 2024)",
    "staff.overtime_cap": "SWPP (Frehse 2013): overtime KPI under 5%; estimate 2-8% of hours, cap 10%",
    "staff.overtime_premium": "US DOL FLSA: at least 1.5x the regular rate over 40 h a week",
    "staff.retention_bonus": "design choice: none offered unless the user sets one",
    "staff.temp_cap": "design choice: none by default; 10-30% of peak heads where used (estimate)",
    "staff.temp_markup": "estimate: agency markup 40-60%",
    "staff.retention_attrition_multiplier": _EST,
    "staff.benefits_load": "estimate: benefits 25-45% of base pay (BLS compensation costs)",
    "staff.cost_per_hire": "industry survey: $5,000-7,500 per hire",
    "staff.classroom_weeks": "training and ramp-up figures: classroom 1-3 weeks",
    "staff.seat_cost_annual": "estimate from Site Selection Group 2015/2019, Colliers 2016",
    "staff.licence_per_seat_month": "Genesys Cloud CX1-3 list prices $75-155 per agent-month",
    "staff.commitments_months_left": "estimate: ~10-year centre leases (NAI 2011), exit options",
    "staff.sublet_recovery": "estimate: ~30% of contact-centre space on offer (Cresa 2024)",
    "staff.seats_per_peak_agent": "estimate: seats follow the busiest interval's roster; "
                                  "shift overlap, team leads and desks off the phones",
    "staff.manager_hourly_cost": _EST,
    "staff.hiring_lag_months": "C7; estimate",
    "staff.ramp_weeks": "training and ramp-up industry figures: 1-8 weeks to targets",
    "staff.new_hire_aht_factor": "training and ramp-up industry figures",
    "staff.new_hire_quality_gap": _EST,
    "staff.fcr": "your centre: today's FCR, measured to +/-3% (reference 0.72 onshore; SQM "
    "average 67%)",
    "staff.tech_trend_annual": "C20; estimate",
    "staff.aht_noise_sd": _EST,
    "staff.severance_months": _EST,
    "staff.survivor_attrition_multiplier": "Leadership IQ 2008 (4,172 survivors); estimate",
    "staff.morale_productivity_dip": "Leadership IQ 2008: productivity -5 to -20%",
    "staff.morale_months": "Leadership IQ 2008: 6-12 months",
    "staff.mgmt_hours_per_agent": "estimate: one supervisor per ~15 agents",
    "customers.defect_resolved": _EST,
    "customers.unresolved_factor": "SQM Group 2022, per issue: defection 25% unresolved / 5% FCR",
    "customers.repeat_factor": "SQM Group 2022, per issue: defection 9% after 2+ calls / 5% FCR",
    "customers.abandoned_factor": "estimate, as an unresolved contact",
    "customers.csat_elasticity": "calibrated to SQM ~3x offshore defection (CFI ~2x, SSPA 3-4x)",
    "customers.annual_margin": _EST,
    "customers.margin_years": "estimate: the cap on margin counted per lost customer",
    "customers.beyond_horizon": "design choice: lost margin is counted past the horizon",
    "satisfaction.csat_ref": "your centre: today's CSAT, measured to +/-3% (reference 79: CFI "
    "Group 2010, US agents)",
    "satisfaction.fcr_ref": "FCR 0.72 onshore (calibration)",
    "satisfaction.fcr_slope": "SQM: +1 point FCR ~ +1 point CSAT",
    "satisfaction.sl_slope": _EST,
    "satisfaction.abandon_today": "your centre: today's abandonment, measured to +/-3% with "
    "today's CSAT (reference 4.2%: the default centre's month-0 in-house abandonment; "
    "industry 5-8%, mean 5.91%)",
    "satisfaction.abandon_slope": "estimate: abandonment costs more CSAT than the quicker "
    "answer of the callers who stay (no published figure)",
    "satisfaction.quality_floor": _EST,
    "breach.annual_prob": "IBM/Ponemon 2017: 27.7% chance of a breach in two years",
    "breach.contacts_per_customer": "estimate (calibration section 18): distinct customers "
    "= contacts a year / contacts per customer",
    "breach.share_exposed": "estimate (calibration section 18); at the default centre the "
    "mean breach is near the IBM 2024 $4.88M average",
    "breach.cost_per_record": "IBM/Ponemon 2019: $150-250 per record",
    "breach.csat_dip": _EST,
    "breach.dip_months": _EST,
    "in_house.vendor_share": "design: every call stays in-house",
    "vendor.vendor_share": "design: the vendor takes every call",
    "hybrid.vendor_share": "design choice: half the calls go offshore",
    "onshore.staffing.price_per_hour": "Site Selection Group 2024: onshore $22-35/h",
    "nearshore.staffing.price_per_hour": "estimate from Site Selection Group 2024 wages",
    "offshore.staffing.price_per_hour": "Site Selection Group 2024: Philippines $8-14/h",
    "vendor.staffing.scaling_lag_weeks": "C7: a vendor adjusts within weeks",
    "onshore.staffing.attrition_annual": "Cornell 2007; Batt et al. 2006; QATC",
    "nearshore.staffing.attrition_annual": "estimate (30-55%)",
    "offshore.staffing.attrition_annual": "Philippines outsourced 45-50%; India 25-60%",
    "vendor.staffing.attrition_noise_sd": _EST,
    "vendor.staffing.ramp_weeks": "training and ramp-up industry figures",
    "vendor.staffing.new_hire_aht_factor": "training and ramp-up industry figures",
    "vendor.staffing.breach_multiplier": "IBM/Ponemon 2019: third parties add ~$370k",
    "onshore.language.aht_factor": "no language gap with US customers",
    "onshore.language.fcr_factor": "no language gap with US customers",
    "onshore.language.csat_penalty": "no language gap with US customers",
    "nearshore.language.aht_factor": _EST,
    "nearshore.language.fcr_factor": "estimate, between onshore and offshore",
    "nearshore.language.csat_penalty": "estimate, between onshore and offshore",
    "offshore.language.aht_factor": _EST,
    "offshore.language.fcr_factor": "CFI Group 2010: US agents 34% likelier to resolve",
    "offshore.language.csat_penalty": "CFI Group 2010 (79 vs 58) net of FCR (SQM)",
    "vendor.quality.initial": "C9, C14, C18; estimate",
    "vendor.quality.target": _EST,
    "vendor.quality.oversight": "TPI/ISG: governance 3-6% of contract value",
    "vendor.quality.fixed_hours_full": "estimate: 0.5-1 analyst; 1.5-3 FTE for 150 agents",
    "vendor.quality.hours_per_agent_full": "estimate: one vendor manager per 75-150 agents",
    "vendor.quality.decay_rate": "TPI/ISG, IAOP: 5-30% of value lost to weak governance",
    "vendor.quality.recovery_rate": "C19; estimate",
    "vendor.quality.noise_sd": _EST,
    "vendor.quality.shared_agent_share": "C17; estimate",
    "vendor.quality.shared_agent_penalty": "C17; estimate",
    "vendor.quality.new_agent_gap": "training figures: 15-25% leave within 90 days",
    "vendor.contract.term_months": "CIO.com 2009: 2-3 year terms",
    "vendor.contract.min_commitment": _EST,
    "vendor.contract.escalator_annual": "CIO.com 2009: escalators 2-5% a year",
    "vendor.contract.exit_fee_months": "estimate; one clause charges 9 weeks of fees",
    "vendor.contract.exit_threshold": _EST,
    "vendor.contract.exit_after_months": _EST,
    "vendor.contract.stabilisation_months": "transitions stabilise in 30-90 days; estimate",
    "vendor.contract.escalation_months": _EST,
    "vendor.contract.escalation_oversight": _EST,
    "vendor.contract.p_unenforceable": "C13; estimate",
    "vendor.contract.notice_months": "CIO.com 2009: 90-180 days' notice",
    "vendor.contract.switching_cost_months": "Barthelemy 2003 hidden costs; estimate",
    "vendor.contract.transition_dip": _EST,
    "vendor.handle_time.tech_factor": "C5, C20; estimate",
    "vendor.handle_time.tech_trend_annual": "C5, C20; estimate",
    "vendor.handle_time.noise_sd": _EST,
    "vendor.setup.lead_months": "calibration: vendor start-up 4-5 weeks onshore",
    "vendor.setup.cost_months": _EST,
    "vendor.setup.waves": "design choice: all calls at go-live unless the user plans waves",
    "vendor.setup.parallel_months": "estimate: the moved team is paid through its go-live "
                                    "month (knowledge transfer, shadowing)",
    "vendor.staffing.training_hours": "training figures: classroom 2-4 wks + nesting 1-2 wks",
    "vendor.contract.pricing": "most common model: per productive hour (C. Taylor)",
    "vendor.contract.price_per_fte_month": "unused with per_hour pricing",
    "vendor.contract.price_per_call": "unused with per_hour pricing",
    "vendor.contract.price_per_minute": "unused with per_hour pricing",
    "vendor.contract.band_1_units": "no volume bands by default",
    "vendor.contract.band_1_discount": "no volume bands by default",
    "vendor.contract.band_2_units": "no volume bands by default",
    "vendor.contract.band_2_discount": "no volume bands by default",
    "vendor.contract.sla_credit_share": "HRE 2012: 2-3% per service level",
    "vendor.contract.sla_bonus_share": _EST,
    "vendor.contract.sla_at_risk": "Alsbridge 2010: 10-12% of the monthly invoice at risk",
    "vendor.contract.sla_tolerance": _EST,
    "vendor.contract.sla_quality_target": _EST,
    "vendor.contract.sla_grace_months": "ramp periods exempt from KPIs (Taylor Reach); estimate",
    "onshore.contract.cola_share": "US wages: escalator only",
    "nearshore.contract.cola_share": "Philippine price split: agent 30% + management 15%",
    "offshore.contract.cola_share": "Philippine price split: agent 30% + management 15%",
    "onshore.contract.wage_inflation_annual": "unused (no COLA)",
    "nearshore.contract.wage_inflation_annual": "ERI 2016-18 4.5-6.5%; Mercer Mexico 2023",
    "offshore.contract.wage_inflation_annual": "WTW/Aon: Philippines 5.8-7%, India 9.6-10.6%",
    "onshore.contract.fx_drift_annual": "US dollar contract: no currency risk",
    "nearshore.contract.fx_drift_annual": _EST,
    "offshore.contract.fx_drift_annual": "estimate: slow depreciation (INR)",
    "onshore.contract.fx_sd_annual": "US dollar contract: no currency risk",
    "nearshore.contract.fx_sd_annual": "estimate: LatAm currencies more volatile than INR",
    "offshore.contract.fx_sd_annual": "Patnaik et al.: INR volatility ~5% a year",
    "vendor.contract.initial_training_billed": "estimate: first class billed at 50-100%",
    "vendor.contract.replacement_training_billed": "estimate: backfill inside the vendor rate",
}


def _is_estimate(source: str) -> bool:
    text = source.strip().lower()
    return text.startswith("estimate") or text.endswith("estimate") or "; estimate" in text


def input_kind(keys: Sequence[str], value: Any) -> str:
    """The kind of an input: ``"fact"``, ``"future"`` or ``"judgement"`` (:data:`KINDS`).

    Parameters
    ----------
    keys
        Its calibration keys, most specific first: the dotted path, then
        ``<location>.<sub-path>`` and ``vendor.<sub-path>`` for an option's input.
    value
        Its value (a constant or a distribution).

    A measured fact of the centre (:data:`FACTS`) is a fact; customer value and
    defection (:data:`JUDGEMENT`) and any input whose source is an estimate are
    judgements; the rest are futures when uncertain and facts (known terms, standards,
    design choices) when constant. An uncertain input with no calibrated source at all
    is the user's own judgement.

    Examples
    --------
    >>> from ccsim.dist import Uniform
    >>> input_kind(["service.aht_s"], 420.0)
    'fact'
    >>> input_kind(["customers.annual_margin"], 90.0)
    'judgement'
    >>> input_kind(["offshore.staffing.price_per_hour", "vendor.staffing.price_per_hour"],
    ...            Uniform(8.0, 14.0))
    'future'
    """
    if any(k in FACTS for k in keys):
        return "fact"
    if any(k.startswith(j) for k in keys for j in JUDGEMENT):
        return "judgement"
    source = next((SOURCES[k] for k in keys if k in SOURCES), None)
    if source is not None and _is_estimate(source):
        return "judgement"
    if any(k.endswith(f) for k in keys for f in FUTURE):
        return "future"
    if not is_uncertain(value):
        return "fact"
    return "future" if source is not None else "judgement"
