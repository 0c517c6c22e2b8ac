"""The embedded default scenario, every number traced to ``docs/calibration.md``.

Each default's source and kind of input (fact, future, judgement) are in
:mod:`ccsim.scenario.sources` (:data:`SOURCES`, :func:`input_kind`), re-exported here.

The default is a mid-size English-speaking retailer with a US in-house contact centre
of about 150 agents, choosing between keeping it, an onshore, a nearshore or an
offshore vendor, and a hybrid (half the calls stay in-house, the rest go offshore).

Where no published figure was found the value is marked *estimate*: it is kept as an
uncertain input with a wide range so that its influence shows in sensitivity analysis.

Sources (as named in the calibration table)
-------------------------------------------
- Cornell, Global Call Center Report (2007): attrition, replacement cost, AHT.
- Batt, Doellgast & Kwon, Cornell ILR (2006): in-house turnover below outsourced.
- QATC; Philippines 2024; CCAP 2022; NASSCOM 2005; Assocham 2011: attrition ranges.
- APQC (median AHT 590 s, n=275); industry AHT by sector (retail 324 s).
- OpsDog (shrinkage 27.0%, 13.3-39.4%, n=1,230).
- Industry benchmark: abandonment 5-8% (mean 5.91%).
- BLS (2016, recent): customer-service representative wages; loaded cost 2-2.5x.
- Site Selection Group (2024): offshore and nearshore wage levels; vendor price ranges.
- CIO.com (2009): contract terms, escalators, minimum commitments, termination.
- TPI/ISG, IAOP: governance 3-6% of contract value; 5-30% value lost to weak governance.
- CFI Group (2010): CSAT 79 US vs 58 offshore; US agents 34% likelier to resolve.
- SQM: FCR average 67%, +1 point FCR ~ +1 point CSAT; 3x defection if offshore.
- IBM/Ponemon (2017, 2019, 2024): breach cost and probability.
- Training and ramp-up industry figures; Barthelemy (2003) hidden costs of outsourcing.
- Leadership IQ (2008): 4,172 layoff survivors (productivity, quality, service).
"""

from __future__ import annotations

import math
from typing import Any

from ccsim.dist import PERT, LogNormal, Triangular, Uniform
from ccsim.scenario.model import Scenario
from ccsim.scenario.parts import (
    Breach,
    Contract,
    Customers,
    Demand,
    Finance,
    HandleTime,
    Language,
    Quality,
    Satisfaction,
    Service,
    Setup,
    SourcingOption,
    Staff,
    VendorStaffing,
)
from ccsim.scenario.sources import FACTS, FUTURE, JUDGEMENT, KINDS, SOURCES, input_kind

__all__ = ["FACTS", "FACT_ERROR", "FUTURE", "JUDGEMENT", "KINDS", "LOCATIONS", "SOURCES", "default_scenario",
           "in_house_option", "input_kind", "measured", "vendor_option"]

LOCATIONS = ("onshore", "nearshore", "offshore")

#: Default measurement error of a measured fact of the centre: the true value lies within
#: +/-3% of the stated one (a PERT with its mode at the stated value, so 90% of draws are
#: within +/-1.9% of it). ``default_scenario(measurement_error=...)`` sets another; 0
#: makes every fact a constant.
FACT_ERROR = 0.03


def measured(value: float, error: float = FACT_ERROR, *, low: float = 0.0,
             high: float = math.inf) -> float | PERT:
    """A fact with a measurement error: ``PERT(value (1 - e), value, value (1 + e))``.

    The bounds are clipped to ``[low, high]`` (a share stays a share); ``error = 0`` (or a
    zero value) gives the constant itself.

    Examples
    --------
    >>> measured(420.0)
    PERT(low=407.4, mode=420.0, high=432.6, lamb=4.0)
    >>> measured(420.0, 0.0)
    420.0
    """
    value = float(value)
    if not (isinstance(error, (int, float)) and not isinstance(error, bool)
            and 0.0 <= error <= 0.2):
        raise ValueError(f"measurement_error = {error!r} is outside the allowed range [0, 0.2]")
    lo, hi = max(low, value * (1.0 - error)), min(high, value * (1.0 + error))
    if error == 0.0 or not lo < hi:
        return value
    return PERT(round(lo, 10), value, round(hi, 10))

# Calibration of location-specific vendor inputs.
_VENDOR: dict[str, dict[str, Any]] = {
    "onshore": {
        # Vendor price US $22-35/h; default range onshore $28-40/h (calibration table).
        "price": Uniform(28.0, 40.0),
        # Onshore vendor attrition 40% (30-55) (Cornell 2007; Batt et al. 2006; QATC).
        "attrition": PERT(0.30, 0.40, 0.55),
        # No language gap with a US customer base.
        "language": Language(aht_factor=1.0, fcr_factor=1.0, csat_penalty=0.0),
        # Vendor start-up 4-5 weeks (calibration: transition and set-up).
        "lead": PERT(1.0, 1.25, 2.0),
        # Exit clauses hold in the home jurisdiction (estimate).
        "p_unenforceable": Uniform(0.0, 0.1),
        # Shared (multi-client) agents, C17 (estimate).
        "shared": Uniform(0.1, 0.4),
        # Vendor management quality at go-live, C9/C18 (estimate).
        "initial": PERT(0.80, 0.92, 1.0),
        # Recovery speed when oversight is funded; distance slows it, C19 (estimate).
        "recovery": PERT(0.10, 0.20, 0.30),
        # US wages: the contractual escalator covers them (no COLA, no currency).
        "cola": 0.0, "wages": 0.03, "fx_drift": 0.0, "fx_sd": 0.0,
    },
    "nearshore": {
        # Nearshore $14-22/h (*estimate*; 2024 wages Mexico $5-6, Costa Rica $6-7 plus
        # 20-50% benefits, Site Selection Group, with the Philippine price split).
        "price": Uniform(14.0, 22.0),
        # Nearshore attrition 40% (30-55, *estimate*).
        "attrition": PERT(0.30, 0.40, 0.55),
        # Second-language agents: between onshore and offshore (*estimate*).
        "language": Language(
            aht_factor=Triangular(1.0, 1.05, 1.15),
            fcr_factor=Triangular(0.80, 0.90, 1.0),
            csat_penalty=Triangular(0.0, 1.5, 4.0),
        ),
        "lead": PERT(1.0, 1.75, 3.0),
        "p_unenforceable": Uniform(0.05, 0.25),
        "shared": Uniform(0.2, 0.5),
        "initial": PERT(0.75, 0.88, 1.0),
        "recovery": PERT(0.08, 0.15, 0.25),
        # Agent and management pay are 30% + 15% of a vendor's price (Philippine price
        # split, Site Selection Group): 20-45% indexed to local wages (*estimate*). LatAm
        # salary budgets 4.5-6.5% (ERI 2016-18), Mexico 6.6-7.5% forecast, 13.5% actual in
        # 2023 (Mercer); currency volatility *estimate*.
        "cola": Uniform(0.2, 0.45), "wages": PERT(0.045, 0.06, 0.10),
        "fx_drift": 0.0, "fx_sd": 0.08,
    },
    "offshore": {
        # Offshore $8-14/h: Philippines $8-14, India $5-9, Cebu $7-8 (calibration).
        "price": Uniform(8.0, 14.0),
        # Offshore attrition 45% (35-70): Philippines outsourced 45-50%, India 25-60%.
        "attrition": PERT(0.35, 0.45, 0.70),
        # C10: US agents 34% likelier to resolve first time (CFI Group 2010), so the
        # offshore FCR factor is about 1/1.34 = 0.75 (0.54 vs 0.72 in the calibration);
        # CSAT 58 vs 79: 18 points follow from FCR (+1 pt FCR ~ +1 pt CSAT, SQM), the
        # remaining ~3 points are the accent penalty. The defection this causes is
        # mapped once, in mechanisms/churn.py (no separate defection multiplier).
        # AHT factor *estimate*.
        "language": Language(
            aht_factor=Triangular(1.0, 1.10, 1.25),
            fcr_factor=Triangular(0.625, 0.75, 0.90),
            csat_penalty=Triangular(0.0, 3.0, 8.0),
        ),
        "lead": PERT(1.5, 2.5, 4.0),
        # Exit clauses may not hold in some jurisdictions (C13, *estimate*).
        "p_unenforceable": Uniform(0.1, 0.4),
        "shared": Uniform(0.3, 0.7),
        # C14: no say over hiring, wider spread of proficiency.
        "initial": PERT(0.65, 0.85, 1.0),
        "recovery": PERT(0.05, 0.12, 0.20),
        # Philippine salary budgets 5.8-7% (WTW, Aon), Indian ITeS 9.6-9.9% (Aon); INR
        # volatility ~5% a year (Patnaik et al.) and a slow drift down (*estimate*).
        "cola": Uniform(0.2, 0.45), "wages": PERT(0.055, 0.075, 0.11),
        "fx_drift": -0.02, "fx_sd": 0.05,
    },
}


def _quality(loc: str) -> Quality:
    v = _VENDOR[loc]
    return Quality(
        initial=v["initial"],
        # Oversight restores quality towards a level just under the vendor's potential.
        target=0.95,
        # Governance is priced from hours at the client's manager rate. Effort 2/3 of a
        # full programme of 2 h per vendor FTE plus 130 h a month (one vendor manager per
        # 75-150 agents plus 0.5-1 analyst: 1.5-3 FTE for 150 agents, *estimate* fitting
        # the 3-6% of contract value of TPI/ISG at onshore prices).
        oversight=2.0 / 3.0,
        hours_per_agent_full=2.0,
        fixed_hours_full=130.0,
        # With no oversight quality decays enough to destroy 5-30% of value over a
        # 36-month term (TPI/ISG): 0.15-0.98% per month gives 5-30% over 36 months.
        decay_rate=PERT(0.0015, 0.006, 0.0098),
        recovery_rate=v["recovery"],
        noise_sd=0.02,  # *estimate*
        shared_agent_share=v["shared"],
        shared_agent_penalty=Uniform(0.03, 0.12),  # C17, *estimate*
        # New agents: 15-25% of a class leaves within 90 days, 1-8 weeks to targets
        # (training and ramp-up figures); quality deficit of a new agent *estimate*.
        new_agent_gap=Uniform(0.15, 0.35),
    )


def _contract(loc: str) -> Contract:
    return Contract(
        # 2-3 year terms (CIO.com 2009); default 36 months.
        term_months=36,
        # Minimum commitment 80% of forecast volume (*estimate*).
        min_commitment=0.8,
        # Price escalators 2-5% a year (CIO.com 2009).
        escalator_annual=Uniform(0.02, 0.05),
        # Exit fee 3-6 months of fees (*estimate*; one clause charges 9 weeks of billing).
        exit_fee_months=PERT(2.0, 4.5, 6.0),
        # Exit rule (*estimate*): mean quality over a rolling 3 months below 0.7 of
        # potential, evaluated once the 6-month stabilisation window after go-live is over
        # (transitions stabilise in 30-90 days; contracts exempt the ramp), after 3 months
        # of escalated oversight, and only if going back in-house pays over the months left.
        exit_threshold=0.7,
        exit_after_months=3,
        stabilisation_months=6,
        escalation_months=3,
        escalation_oversight=1.0,
        p_unenforceable=_VENDOR[loc]["p_unenforceable"],
        # Termination for convenience needs 90-180 days' notice (CIO.com 2009).
        notice_months=3,
        # Switching: vendor selection, travel, paying two parties (Barthelemy 2003),
        # 1-3 months of run cost (*estimate*).
        switching_cost_months=Uniform(1.0, 3.0),
        # Service dip of a vendor serving its notice (*estimate*).
        transition_dip=Uniform(0.0, 0.15),
        # Priced per productive hour (the most common model); per_fte, per_call and
        # per_minute are available (mechanisms/pricing.py).
        pricing="per_hour",
        # SLA: 2-3% of fees per service level, 10-12% of the invoice at risk (Alsbridge
        # 2010; HRE 2012); credits only (bonuses are rarer; earn-back, Slaw 2013) and 2
        # grace months after go-live (ramp periods exempt, Taylor Reach): *estimates*.
        sla_credit_share=0.03,
        sla_bonus_share=0.0,
        sla_at_risk=0.10,
        sla_tolerance=0.02,
        sla_quality_target=0.75,
        sla_grace_months=2,
        # COLA and currency on top of the escalator (Everest via CIO.com 2016: COLA
        # 3-5% a year while market rates fell).
        cola_share=_VENDOR[loc]["cola"],
        wage_inflation_annual=_VENDOR[loc]["wages"],
        fx_drift_annual=_VENDOR[loc]["fx_drift"],
        fx_sd_annual=_VENDOR[loc]["fx_sd"],
        # The go-live class is billed at 50-100% of the rate; replacements' training is
        # inside the rate (*estimate*; "non-productive billable" hours, Assembled).
        initial_training_billed=Uniform(0.5, 1.0),
        replacement_training_billed=0.0,
    )


def vendor_option(
    location: str, *, name: str | None = None, vendor_share: float = 1.0, **overrides: Any
) -> SourcingOption:
    """A vendor option at ``location`` with the calibrated defaults.

    Parameters
    ----------
    location
        ``"onshore"``, ``"nearshore"`` or ``"offshore"``.
    name
        Option name (defaults to ``location``).
    vendor_share
        Share of calls the vendor takes; the rest stay in-house (a hybrid if < 1).
    **overrides
        Dotted sub-paths relative to the option, e.g. ``{"quality.oversight": 0.3}``
        passed as ``**{"quality.oversight": 0.3}``.

    Examples
    --------
    >>> opt = vendor_option("nearshore", name="colombia")
    >>> opt.name, opt.location, opt.vendor_share
    ('colombia', 'nearshore', 1.0)
    """
    if location not in _VENDOR:
        raise ValueError(f"location must be one of {LOCATIONS}, got {location!r}")
    v = _VENDOR[location]
    opt = SourcingOption(
        name=name or location,
        vendor_share=vendor_share,
        location=location,
        staffing=VendorStaffing(
            price_per_hour=v["price"],
            # A vendor adjusts within weeks (C7); slower for dynamic changes (C21).
            scaling_lag_weeks=PERT(1.0, 2.0, 4.0),
            attrition_annual=v["attrition"],
            attrition_noise_sd=0.2,  # *estimate*
            # Ramp 8 weeks (4-12), new hires at 1.5x handle time (training figures).
            ramp_weeks=PERT(4.0, 8.0, 12.0),
            new_hire_aht_factor=1.5,
            # Vendor breach multiplier 1.1-1.3 (*estimate*; third-party involvement adds
            # about $370k per breach, IBM/Ponemon 2019).
            breach_multiplier=Uniform(1.1, 1.3),
            # Classroom 2-4 weeks plus 1-2 weeks nesting at 40 h (training figures).
            training_hours=PERT(120.0, 160.0, 240.0),
        ),
        language=v["language"],
        quality=_quality(location),
        contract=_contract(location),
        # C5 (vendor tooling gain) and C20 (vendors that do not invest) are both
        # uncertain: factor 0.9-1.05, trend -2%..+1% a year (*estimate*).
        handle_time=HandleTime(
            tech_factor=Triangular(0.90, 1.0, 1.05),
            tech_trend_annual=Triangular(-0.02, 0.0, 0.01),
            noise_sd=0.03,
        ),
        setup=Setup(
            lead_months=v["lead"],
            # Set-up 1-3 months of run cost (*estimate*).
            cost_months=Uniform(1.0, 3.0),
        ),
    )
    if overrides:
        # reuse the scenario machinery for validated dotted overrides
        sc = _base_scenario((opt,)).with_overrides({f"{opt.name}.{k}": v for k, v in overrides.items()})
        opt = sc.options[0]
    return opt


def in_house_option(name: str = "in_house") -> SourcingOption:
    """Keep every call with the company's own staff."""
    return SourcingOption(name=name, vendor_share=0.0)


def _base_scenario(options: tuple[SourcingOption, ...], error: float = FACT_ERROR) -> Scenario:
    return Scenario(
        name="default",
        finance=Finance(
            horizon_months=60,
            # Corporate discount rate (*estimate*; not in the calibration table).
            discount_rate_annual=Uniform(0.06, 0.10),
        ),
        demand=Demand(
            # Today's (month-0) fresh volume, a fact of the centre: 118,500 calls a
            # month needs about 150-160 in-house agents at the reference inputs.
            base_volume=measured(118_500.0, error),
            trend_annual=Triangular(-0.02, 0.02, 0.06),  # *estimate*
            seasonal_amplitude=Uniform(0.05, 0.15),  # retail peak (*estimate*)
            peak_month=12,
            start_month=1,
            shock_sd=0.05,  # *estimate*
            shock_ar1=0.5,  # *estimate*
            overdispersion=0.0,
            # Share of unresolved contacts that call again: a fact of the centre (its
            # repeat-contact rate); reference 0.65 (*estimate*, no published figure).
            callback_rate=measured(0.65, error),
            # The contact mix a by_type hybrid routes on (*estimate*: no published split of
            # simple and complex contacts; published handle times span 282-528 s by
            # sector, a ratio near 0.5, and simple contacts resolve more often).
            simple_share=Uniform(0.4, 0.7),
            simple_aht_ratio=Uniform(0.4, 0.7),
            simple_fcr_ratio=Uniform(1.1, 1.3),
        ),
        service=Service(
            # The centre's handle time, a fact: reference 350 s (Cornell 2007: mean 6 min,
            # 3-10; APQC median 590 s; retail 324 s).
            aht_s=measured(350.0, error),
            target_sl=0.8,
            target_time_s=20.0,
            # Exponential patience, mean 2-5 min (*estimate*), giving abandonment near
            # the 5-8% industry benchmark when understaffed.
            patience_s=Uniform(120.0, 300.0),
            # The centre's shrinkage, a fact: reference 30% (OpsDog: 27.0%, 13.3-39.4%).
            shrinkage=measured(0.30, error, high=0.95),
            open_hours_per_month=12.0 * 365.25 / 12.0,
            # the busiest interval's rate over the day's average: it shapes the intraday
            # profile (mechanisms/intraday.py); the peak hour holds 9-12% of a 12-hour
            # day's calls (1.1-1.45), *estimate* 1.2-1.5
            busy_hour_factor=Uniform(1.2, 1.5),
            # *estimate*: no published survey figure; on a flat day. With the day's shape
            # (schedule_flexibility) the efficiency at the mean busy-hour factor 1.35 is
            # 0.94 / (0.2 x 1.35 + 0.8) = 0.878, the 0.88 that kept model v2's in-house
            # labour on the interval plan (docs/operations.md)
            schedule_efficiency=0.94,
            # *estimate*: 80% of the plan can follow the day's curve (part-time and
            # staggered shifts; retailers staff peaks part-time, Multichannel Merchant);
            # the rest is rostered flat at the busiest interval's level, so a peakier
            # day costs more paid hours (issue 28, item 9)
            schedule_flexibility=0.8,
            # Schedule adherence 92.4% on average (OpsDog, n = 118): the planner's 80/20
            # assumes every scheduled agent takes calls; in practice 7-8% are not there.
            adherence=PERT(0.88, 0.92, 0.96),
            paid_hours_per_month=2080.0 / 12.0,
        ),
        staff=Staff(
            # The current centre is staffed to its own demand on each path (about 150
            # agents at the central volume and handle time).
            headcount=None,
            # Loaded pay (wage and benefits): BLS median $15.53/h (2016) to $42,830/yr
            # ($20.59/h) times the benefits load below. Facilities, IT, licences,
            # supervision and hiring are costed separately (the published "loaded 2-2.5x
            # base wage", $35-50/h, includes them; docs/calibration.md checks the sum).
            hourly_cost=measured(27.5, error),
            # Today's in-house attrition, a fact: reference 30% (Cornell 2007; Philippines
            # 2024 in-house 30-35%).
            attrition_annual=measured(0.30, error),
            # In-house hiring takes months (C7) (*estimate*).
            hiring_lag_months=PERT(1.5, 2.5, 4.0),
            ramp_weeks=PERT(4.0, 8.0, 12.0),
            new_hire_aht_factor=1.5,
            new_hire_quality_gap=Uniform(0.10, 0.25),  # *estimate*
            # Today's FCR, a fact: reference 0.72 (calibration; SQM average 67%, world
            # class 80%+).
            fcr=measured(0.72, error, high=1.0),
            # C20: in-house may improve with its own tooling (*estimate*).
            tech_trend_annual=Triangular(-0.03, -0.01, 0.0),
            aht_noise_sd=0.03,
            severance_months=Uniform(1.0, 3.0),  # *estimate*
            # Leadership IQ 2008: productivity -5 to -20% for 6-12 months; attrition
            # x1.2-1.3 (*estimate*).
            survivor_attrition_multiplier=Uniform(1.2, 1.3),
            morale_productivity_dip=Uniform(0.05, 0.20),
            morale_months=Uniform(6.0, 12.0),
            # One supervisor per ~15 agents (*estimate*).
            mgmt_hours_per_agent=PERT(8.0, 11.5, 16.0),
            # Benefits 25-45% on top of base pay (*estimate*, BLS compensation costs).
            benefits_load=Uniform(1.25, 1.45),
            # $5,000-7,500 per hire (industry survey); the new hire's slower handle time is
            # the ramp, not a cost here.
            cost_per_hire=Uniform(5_000.0, 7_500.0),
            # Classroom 1-3 weeks (training and ramp-up figures).
            classroom_weeks=PERT(1.0, 2.0, 3.0),
            # Facility and IT per seat-year $2,500-6,500 (*estimate*: 100-150 sf at
            # $20-30 plus set-up $2,500-10,000 over 5 years; Site Selection Group, Colliers).
            seat_cost_annual=Uniform(2_500.0, 6_500.0),
            # Client-side contact-centre licences and telecom $75-155 per agent-month
            # (Genesys Cloud CX1-3 list prices).
            licence_per_seat_month=Uniform(75.0, 155.0),
            # Lease and contracts run on after go-live (purpose-built centres lease for
            # ~10 years, hard to sublet): 6-60 months left (*estimate*).
            commitments_months_left=Uniform(6.0, 60.0),
            # Sublet recovery 20-50% (*estimate*; ~30% of contact-centre space on offer,
            # Cresa 2024).
            sublet_recovery=Uniform(0.2, 0.5),
            # Client's loaded rate for supervisors and vendor managers (*estimate*).
            manager_hourly_cost=Uniform(55.0, 80.0),
            # Overtime covers short gaps: at most 10% of paid hours a month (centres run
            # 2-8% on average), paid at time and a half (FLSA minimum premium 1.5x).
            overtime_cap=0.10,
            overtime_premium=1.5,
            # Temporary agency staff: none by default (overtime covers the default peaks);
            # where used, 10-30% of peak heads at a 40-60% agency markup (*estimates*).
            temp_cap=0.0,
            temp_markup=0.5,
        ),
        customers=Customers(
            # Defection after an answered, resolved contact (*estimate*: the part of
            # churn a contact causes, well below the stated 5% of SQM).
            defect_resolved=PERT(0.0005, 0.0012, 0.003),
            # SQM Group 2022, per customer issue: defection 5% after FCR, 9% after 2+
            # calls, 25% unresolved: an unresolved issue 25 / 5 = 5x one resolved first
            # time, one resolved after 2+ calls 9 / 5 = 1.8x (repeat_factor). Counted once
            # per issue (issue 28, item 8).
            unresolved_factor=5.0,
            abandoned_factor=Triangular(1.8, 3.0, 5.0),  # *estimate*, as unresolved
            # Calibrated so that offshore customers defect about 3x as often as in-house
            # ones (SQM "3x"; CFI 2007 ~2x; SSPA 3-4x): *estimate*.
            csat_elasticity=Uniform(0.14, 0.26),
            annual_margin=PERT(40.0, 90.0, 200.0),  # *estimate*
            margin_years=3.0,  # *estimate*: the cap on margin counted per lost customer
            beyond_horizon=1,
            repeat_factor=1.8,
        ),
        satisfaction=Satisfaction(
            # Today's CSAT, a fact: reference 79 with US agents (CFI Group 2010) at FCR 0.72.
            csat_ref=measured(79.0, error, high=100.0),
            fcr_ref=0.72,
            # +1 point FCR ~ +1 point CSAT (SQM).
            fcr_slope=100.0,
            sl_slope=Uniform(10.0, 30.0),  # *estimate*
            # The callers never answered count (*estimate*, no published figure): 1 point
            # of abandonment costs 1-2 CSAT points, more than the quicker answer the
            # remaining callers get when impatient ones leave the queue (docs/model.md 7).
            abandon_slope=Uniform(100.0, 200.0),
            # Today's abandonment, a fact measured with today's CSAT (the anchor of the
            # abandonment term): the default centre's month-0 in-house figure.
            abandon_today=measured(0.042, error, high=1.0),
            quality_floor=0.5,  # *estimate*
        ),
        breach=Breach(
            # 27.7% chance of a 1,000+ record breach within two years (IBM/Ponemon 2017):
            # about 15% a year (*estimate* for the contact centre's exposure).
            annual_prob=Uniform(0.10, 0.20),
            # Records exposed follow the centre (calibration section 18): the distinct
            # customers it serves a year (fresh contacts a year / 1.5-3 contacts per
            # customer, *estimate*) times the share one incident reaches, median 1.5%, 90%
            # in 0.15-15% (*estimate*). The default 150-agent centre serves about 600k
            # customers a year: a median breach of about 9,000 records and a mean near
            # 24,000, which at $150-250 per record (IBM 2019) is near the $4.88M global
            # average breach (IBM 2024); a 60-agent centre has about a third of that.
            contacts_per_customer=Uniform(1.5, 3.0),
            share_exposed=LogNormal.from_interval(0.0015, 0.15),
            cost_per_record=Uniform(150.0, 250.0),
            csat_dip=Uniform(2.0, 8.0),  # *estimate*
            dip_months=3.0,  # *estimate*
        ),
        options=options,
    )


def default_scenario(measurement_error: float = FACT_ERROR) -> Scenario:
    """The calibrated default scenario with options ``in_house``, ``onshore``,
    ``nearshore``, ``offshore`` and ``hybrid`` over 60 months.

    The facts of the reference centre (:data:`FACTS`) carry ``measurement_error``
    (default :data:`FACT_ERROR`, +/-3%); size it to your own centre with
    :func:`ccsim.default_scenario` (``agents=``, ``aht_s=``, ...).

    Examples
    --------
    >>> sc = default_scenario()
    >>> sc.option_names
    ('in_house', 'onshore', 'nearshore', 'offshore', 'hybrid')
    >>> sc.horizon
    60
    """
    options = (
        in_house_option(),
        vendor_option("onshore"),
        vendor_option("nearshore"),
        vendor_option("offshore"),
        vendor_option("offshore", name="hybrid", vendor_share=0.5),
    )
    return _base_scenario(options, measurement_error)
