"""The embedded default scenario, every number traced to ``shared/docs/calibration.md``.

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

__all__ = ["LOCATIONS", "default_scenario", "in_house_option", "vendor_option"]

LOCATIONS = ("onshore", "nearshore", "offshore")

# Calibration of location-specific vendor inputs.
_VENDOR: dict[str, dict[str, Any]] = {
    "onshore": {
        # Vendor price US $22-35/h; default range onshore $28-40/h (calibration table).
        "price": Uniform(28.0, 40.0),
        # Onshore vendor attrition 40% (30-55) (Cornell 2007; Batt et al. 2006; QATC).
        "attrition": PERT(0.30, 0.40, 0.55),
        # No language gap with a US customer base.
        "language": Language(aht_factor=1.0, fcr_factor=1.0, csat_penalty=0.0, defect_multiplier=1.0),
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
            defect_multiplier=Triangular(1.0, 1.5, 2.5),
        ),
        "lead": PERT(1.0, 1.75, 3.0),
        "p_unenforceable": Uniform(0.05, 0.25),
        "shared": Uniform(0.2, 0.5),
        "initial": PERT(0.75, 0.88, 1.0),
        "recovery": PERT(0.08, 0.15, 0.25),
    },
    "offshore": {
        # Offshore $8-14/h: Philippines $8-14, India $5-9, Cebu $7-8 (calibration).
        "price": Uniform(8.0, 14.0),
        # Offshore attrition 45% (35-70): Philippines outsourced 45-50%, India 25-60%.
        "attrition": PERT(0.35, 0.45, 0.70),
        # C10: US agents 34% likelier to resolve first time (CFI Group 2010), so the
        # offshore FCR factor is about 1/1.34 = 0.75 (0.54 vs 0.72 in the calibration);
        # CSAT 58 vs 79: 18 points follow from FCR (+1 pt FCR ~ +1 pt CSAT, SQM), the
        # remaining ~3 points are the accent penalty; customers ~3x likelier to defect
        # when they believe the call went offshore (SQM) -- part of that is already in
        # CSAT, so the multiplier spans 1.5-3 (*estimate*). AHT factor *estimate*.
        "language": Language(
            aht_factor=Triangular(1.0, 1.10, 1.25),
            fcr_factor=Triangular(0.625, 0.75, 0.90),
            csat_penalty=Triangular(0.0, 3.0, 8.0),
            defect_multiplier=Triangular(1.5, 2.0, 3.0),
        ),
        "lead": PERT(1.5, 2.5, 4.0),
        # Exit clauses may not hold in some jurisdictions (C13, *estimate*).
        "p_unenforceable": Uniform(0.1, 0.4),
        "shared": Uniform(0.3, 0.7),
        # C14: no say over hiring, wider spread of proficiency.
        "initial": PERT(0.65, 0.85, 1.0),
        "recovery": PERT(0.05, 0.12, 0.20),
    },
}


def _quality(loc: str) -> Quality:
    v = _VENDOR[loc]
    return Quality(
        initial=v["initial"],
        # Oversight restores quality towards a level just under the vendor's potential.
        target=0.95,
        # Governance costs 3-6% of contract value (TPI/ISG); default 4% of fees: effort
        # 2/3 of a full programme costing 6% of fees.
        oversight=2.0 / 3.0,
        full_cost_share=0.06,
        # Management hours of a full governance programme per vendor agent (*estimate*:
        # about one governance FTE per 40 vendor agents).
        hours_per_agent_full=4.0,
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
        # Exit rule (*estimate*): quality below 0.7 of potential for 3 months running.
        exit_threshold=0.7,
        exit_after_months=3,
        p_unenforceable=_VENDOR[loc]["p_unenforceable"],
        # Termination for convenience needs 90-180 days' notice (CIO.com 2009).
        notice_months=3,
        # Switching: vendor selection, travel, paying two parties (Barthelemy 2003),
        # 1-3 months of run cost (*estimate*).
        switching_cost_months=Uniform(1.0, 3.0),
        # Service dip of a vendor serving its notice (*estimate*).
        transition_dip=Uniform(0.0, 0.15),
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


def _base_scenario(options: tuple[SourcingOption, ...]) -> Scenario:
    return Scenario(
        name="default",
        finance=Finance(
            horizon_months=60,
            # Corporate discount rate (*estimate*; not in the calibration table).
            discount_rate_annual=Uniform(0.06, 0.10),
        ),
        demand=Demand(
            # Sized so that the in-house centre needs about 150 agents at t=0.
            base_volume=LogNormal.from_interval(95_000.0, 125_000.0),
            trend_annual=Triangular(-0.02, 0.02, 0.06),  # *estimate*
            seasonal_amplitude=Uniform(0.05, 0.15),  # retail peak (*estimate*)
            peak_month=12,
            start_month=1,
            shock_sd=0.05,  # *estimate*
            shock_ar1=0.5,  # *estimate*
            overdispersion=0.0,
            callback_rate=Uniform(0.5, 0.8),  # *estimate*
        ),
        service=Service(
            # AHT lognormal, mean 6 min (3-10): 5th/95th percentiles 180 s and 600 s give
            # a mean of 351 s (Cornell 2007; APQC; retail 324 s).
            aht_s=LogNormal.from_interval(180.0, 600.0),
            target_sl=0.8,
            target_time_s=20.0,
            # Exponential patience, mean 2-5 min (*estimate*), giving abandonment near
            # the 5-8% industry benchmark when understaffed.
            patience_s=Uniform(120.0, 300.0),
            # Shrinkage 30% (20-40) (OpsDog: 27.0%, 13.3-39.4%).
            shrinkage=PERT(0.20, 0.30, 0.40),
            open_hours_per_month=12.0 * 365.25 / 12.0,
            busy_hour_factor=Uniform(1.2, 1.5),  # intraday peak (*estimate*)
            schedule_factor=0.85,  # *estimate*
            paid_hours_per_month=2080.0 / 12.0,
        ),
        staff=Staff(
            # The current centre is staffed to its own demand on each path (about 150
            # agents at the central volume and handle time).
            headcount=None,
            # Loaded $35-50/h: BLS median $15.53/h (2016) to $42,830/yr, loaded 2-2.5x.
            hourly_cost=Uniform(35.0, 50.0),
            # In-house attrition 30% (20-45) (Cornell 2007; Philippines 2024 in-house 30-35%).
            attrition_annual=PERT(0.20, 0.30, 0.45),
            # 3 months of loaded pay (2-4) per replacement (Cornell 2007).
            replacement_cost_months=PERT(2.0, 3.0, 4.0),
            # In-house hiring takes months (C7) (*estimate*).
            hiring_lag_months=PERT(1.5, 2.5, 4.0),
            ramp_weeks=PERT(4.0, 8.0, 12.0),
            new_hire_aht_factor=1.5,
            new_hire_quality_gap=Uniform(0.10, 0.25),  # *estimate*
            # FCR onshore 0.72 (calibration; SQM average 67%, world class 80%+).
            fcr=Uniform(0.68, 0.76),
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
        ),
        customers=Customers(
            defect_prob=PERT(0.005, 0.015, 0.04),  # *estimate*
            lifetime_margin=LogNormal.from_interval(100.0, 600.0),  # *estimate*
        ),
        satisfaction=Satisfaction(
            # CSAT 79 with US agents (CFI Group 2010) at FCR 0.72.
            csat_ref=79.0,
            fcr_ref=0.72,
            # +1 point FCR ~ +1 point CSAT (SQM).
            fcr_slope=100.0,
            sl_slope=Uniform(10.0, 30.0),  # *estimate*
            quality_floor=0.5,  # *estimate*
        ),
        breach=Breach(
            # 27.7% chance of a 1,000+ record breach within two years (IBM/Ponemon 2017):
            # about 15% a year (*estimate* for the contact centre's exposure).
            annual_prob=Uniform(0.10, 0.20),
            # Records exposed: median 10,000, 90% in 1,000-100,000 (*estimate*), which at
            # $150-250 per record (IBM 2019) gives a mean near the $4.88M global average.
            records=LogNormal.from_interval(1_000.0, 100_000.0),
            cost_per_record=Uniform(150.0, 250.0),
            csat_dip=Uniform(2.0, 8.0),  # *estimate*
            dip_months=3.0,  # *estimate*
        ),
        options=options,
    )


def default_scenario() -> Scenario:
    """The calibrated default scenario with options ``in_house``, ``onshore``,
    ``nearshore``, ``offshore`` and ``hybrid`` over 60 months.

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
    return _base_scenario(options)



_EST = "estimate (no published figure; wide range)"

#: Where each default comes from, by dotted path. Scenario-level inputs are keyed by
#: their full path; option inputs by ``vendor.<sub-path>`` (every vendor option) or
#: ``<location>.<sub-path>`` (one location), as the calibration table gives them.
#: :func:`ccsim.report.assumptions_table` prints these next to each default value.
SOURCES: dict[str, str] = {
    "finance.horizon_months": "design choice: 5-year horizon (2 contract terms of 2-3 years)",
    "finance.discount_rate_annual": "estimate: corporate discount rate 6-10%",
    "demand.base_volume": "sized for ~150 in-house agents (calibration: mid-size centre)",
    "demand.trend_annual": _EST,
    "demand.seasonal_amplitude": "estimate: retail peak season",
    "demand.peak_month": "design choice: December retail peak",
    "demand.start_month": "design choice",
    "demand.shock_sd": _EST,
    "demand.shock_ar1": _EST,
    "demand.overdispersion": "design choice: Poisson counts",
    "demand.callback_rate": _EST,
    "service.aht_s": "Cornell GCC Report 2007; APQC median 590 s; retail 324 s",
    "service.target_sl": "industry standard 80/20 service level",
    "service.target_time_s": "industry standard 80/20 service level",
    "service.patience_s": "estimate, tuned toward the 5-8% abandonment benchmark",
    "service.shrinkage": "OpsDog: 27.0% (13.3-39.4%, n=1,230)",
    "service.open_hours_per_month": "design choice: 12 hours a day, every day",
    "service.busy_hour_factor": "estimate: intraday peak",
    "service.schedule_factor": _EST,
    "service.paid_hours_per_month": "2,080 paid hours a year",
    "staff.headcount": "staffed to its own demand on each path (calibration: ~150 agents)",
    "staff.hourly_cost": "BLS CSR wages ($15.53/h, 2016) loaded 2-2.5x",
    "staff.attrition_annual": "Cornell GCC Report 2007; Batt et al. 2006; Philippines 2024",
    "staff.replacement_cost_months": "Cornell GCC Report 2007: 2-4 months of pay",
    "staff.hiring_lag_months": "C7; estimate",
    "staff.ramp_weeks": "training and ramp-up industry figures: 1-8 weeks to targets",
    "staff.new_hire_aht_factor": "training and ramp-up industry figures",
    "staff.new_hire_quality_gap": _EST,
    "staff.fcr": "FCR 0.72 onshore (calibration); SQM average 67%",
    "staff.tech_trend_annual": "C20; estimate",
    "staff.aht_noise_sd": _EST,
    "staff.severance_months": _EST,
    "staff.survivor_attrition_multiplier": "Leadership IQ 2008 (4,172 survivors); estimate",
    "staff.morale_productivity_dip": "Leadership IQ 2008: productivity -5 to -20%",
    "staff.morale_months": "Leadership IQ 2008: 6-12 months",
    "staff.mgmt_hours_per_agent": "estimate: one supervisor per ~15 agents",
    "customers.defect_prob": _EST,
    "customers.lifetime_margin": _EST,
    "satisfaction.csat_ref": "CFI Group 2010: CSAT 79 with US agents",
    "satisfaction.fcr_ref": "FCR 0.72 onshore (calibration)",
    "satisfaction.fcr_slope": "SQM: +1 point FCR ~ +1 point CSAT",
    "satisfaction.sl_slope": _EST,
    "satisfaction.quality_floor": _EST,
    "breach.annual_prob": "IBM/Ponemon 2017: 27.7% chance of a breach in two years",
    "breach.records": "estimate; mean near the IBM 2024 $4.88M average breach",
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
    "onshore.language.defect_multiplier": "no language gap with US customers",
    "nearshore.language.aht_factor": _EST,
    "nearshore.language.fcr_factor": "estimate, between onshore and offshore",
    "nearshore.language.csat_penalty": "estimate, between onshore and offshore",
    "nearshore.language.defect_multiplier": "estimate, between onshore and offshore",
    "offshore.language.aht_factor": _EST,
    "offshore.language.fcr_factor": "CFI Group 2010: US agents 34% likelier to resolve",
    "offshore.language.csat_penalty": "CFI Group 2010 (79 vs 58) net of FCR (SQM)",
    "offshore.language.defect_multiplier": "SQM: ~3x defection if offshore; estimate",
    "vendor.quality.initial": "C9, C14, C18; estimate",
    "vendor.quality.target": _EST,
    "vendor.quality.oversight": "TPI/ISG: governance 3-6% of contract value",
    "vendor.quality.full_cost_share": "TPI/ISG: governance 3-6% of contract value",
    "vendor.quality.hours_per_agent_full": "estimate: one governance FTE per 40 agents",
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
    "vendor.contract.p_unenforceable": "C13; estimate",
    "vendor.contract.notice_months": "CIO.com 2009: 90-180 days' notice",
    "vendor.contract.switching_cost_months": "Barthelemy 2003 hidden costs; estimate",
    "vendor.contract.transition_dip": _EST,
    "vendor.handle_time.tech_factor": "C5, C20; estimate",
    "vendor.handle_time.tech_trend_annual": "C5, C20; estimate",
    "vendor.handle_time.noise_sd": _EST,
    "vendor.setup.lead_months": "calibration: vendor start-up 4-5 weeks onshore",
    "vendor.setup.cost_months": _EST,
}
