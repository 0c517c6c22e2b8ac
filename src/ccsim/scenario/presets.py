"""The embedded default scenario, every number traced to ``docs/calibration.md``.

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
from collections.abc import Sequence
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

__all__ = ["FACTS", "FACT_ERROR", "FUTURE", "JUDGEMENT", "KINDS", "LOCATIONS", "SOURCES", "default_scenario",
           "in_house_option", "input_kind", "measured", "vendor_option"]

LOCATIONS = ("onshore", "nearshore", "offshore")

#: The three kinds of input. A *fact* is known today (the user's centre, or a term the
#: user sets); a *future* is what happens next, a distribution with a published source;
#: a *judgement* has no published figure (customer value, defection, estimates).
KINDS = ("fact", "future", "judgement")

#: Default measurement error of a measured fact of the centre: the true value lies within
#: +/-3% of the stated one (a PERT with its mode at the stated value, so 90% of draws are
#: within +/-1.9% of it). ``default_scenario(measurement_error=...)`` sets another; 0
#: makes every fact a constant.
FACT_ERROR = 0.03

#: The measured facts of the user's centre, each ``{path: (low, high)}`` with the
#: allowed range its measurement error is clipped to. They are drawn with
#: :func:`measured` (constants with a small, stated measurement error), never with the
#: spread of an industry survey: the user knows them.
FACTS: dict[str, tuple[float, float]] = {
    "demand.base_volume": (0.0, 1e9),
    "demand.callback_rate": (0.0, 0.9),
    "service.aht_s": (1.0, 7200.0),
    "service.shrinkage": (0.0, 0.95),
    "staff.hourly_cost": (0.0, 1e4),
    "staff.attrition_annual": (0.0, 3.0),
    "staff.fcr": (0.0, 1.0),
    "satisfaction.csat_ref": (0.0, 100.0),
}

#: Inputs that are judgements whatever their source says: the value of a customer and
#: how customers respond to service (margin, margin years, value beyond the horizon,
#: defection). A dotted prefix matches every input under it.
JUDGEMENT = ("customers.",)


#: Inputs that describe what happens next whatever their form: a constant here is still a
#: future (one fixed scenario of it), never a fact. Matched as the end of a calibration key.
FUTURE = ("contract.fx_drift_annual", "contract.fx_sd_annual", "contract.wage_inflation_annual",
          "demand.trend_annual", "demand.shock_sd", "demand.shock_ar1")


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
    >>> input_kind(["service.aht_s"], 420.0)
    'fact'
    >>> input_kind(["customers.annual_margin"], 90.0)
    'judgement'
    >>> input_kind(["offshore.staffing.price_per_hour", "vendor.staffing.price_per_hour"],
    ...            Uniform(8.0, 14.0))
    'future'
    """
    from ccsim.dist import is_uncertain

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
