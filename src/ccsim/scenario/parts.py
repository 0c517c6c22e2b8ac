"""The parts of a scenario: frozen, validated dataclasses, one per group of inputs.

A :class:`Scenario` holds the company-wide inputs (demand, service target, the in-house
staff, customers, satisfaction, data-breach exposure, finance) and a tuple of
:class:`SourcingOption` objects (``in_house``, ``onshore``, ...). Every numeric input
is either a constant or a :mod:`ccsim.dist` distribution, drawn once per path.

Parameters are addressed by dotted paths: the first segment is a scenario part
(``demand``, ``staff``, ...) or an option name (``offshore``), e.g.
``"offshore.quality.oversight"`` or ``"staff.attrition_annual"``.

Units: money in US dollars, time in months unless the name says ``_s`` (seconds),
``_weeks`` or ``_hours``; rates are per month unless the name says ``_annual``.

Each field declares its allowed range (or choices) with the helpers of
:mod:`ccsim.scenario.fields`, which also checks every value when a part is built.
"""

from __future__ import annotations

from dataclasses import dataclass

from ccsim.dist import is_uncertain
from ccsim.errors import ScenarioError
from ccsim.scenario.fields import (
    DEFER_RULES,
    IN_HOUSE,
    NO_BAND,
    SAMPLER_U_MAX,
    Param,
    _check_option_ref,
    _choice,
    _field_meta,
    _num,
    _option_ref,
    _Part,
    check_value,
    reach,
)

__all__ = [
    "DEFER_RULES",
    "IN_HOUSE",
    "PRICING_MODELS",
    "ROUTINGS",
    "SAMPLER_U_MAX",
    "Breach",
    "Contract",
    "Customers",
    "Demand",
    "Finance",
    "HandleTime",
    "Language",
    "Quality",
    "Satisfaction",
    "Service",
    "Setup",
    "SourcingOption",
    "Staff",
    "VendorStaffing",
    "check_value",
    "reach",
]

#: The billed units a contract can use (``contract.pricing``).
PRICING_MODELS = ("per_hour", "per_fte", "per_call", "per_minute")
#: How a hybrid divides the calls between the in-house team and the vendor
#: (``<option>.routing``; see :class:`SourcingOption` and docs/operations.md).
ROUTINGS = ("split", "overflow", "peak", "by_type")


# --------------------------------------------------------------------------- parts


@dataclass(frozen=True)
class Finance(_Part):
    """Horizon and discounting."""

    horizon_months: int = _num(1, 600, integer=True, unit="months", doc="simulated months")
    discount_rate_annual: Param = _num(0.0, 1.0, unit="per year", doc="discount rate for NPV")


@dataclass(frozen=True)
class Demand(_Part):
    """Fresh contact volume, shared by every option on a path (mechanism: demand)."""

    base_volume: Param = _num(
        0.0, 1e9, tiny=1.0, unit="calls/month", doc="fresh calls in month 0 (today; the season is relative to it)"
    )
    trend_annual: Param = _num(-0.5, 1.0, unit="per year", doc="growth of fresh volume")
    seasonal_amplitude: Param = _num(0.0, 0.9, doc="relative amplitude of the 12-month cycle")
    peak_month: int = _num(1, 12, integer=True, doc="calendar month of the seasonal peak")
    start_month: int = _num(1, 12, integer=True, doc="calendar month of simulation month 0")
    shock_sd: Param = _num(0.0, 2.0, doc="sd of the monthly log volume shock")
    shock_ar1: Param = _num(0.0, 1.0, hi_open=True, doc="AR(1) persistence of the log shock")
    overdispersion: Param = _num(
        0.0, 10.0, tiny=1e-6, doc="negative-binomial dispersion 1/k of counts; 0 gives Poisson counts"
    )
    callback_rate: Param = _num(
        0.0, 0.9, doc="share of unresolved or abandoned contacts that call again"
    )
    # the contact mix a "by_type" hybrid routes on (issue 14; mechanisms/demand.py)
    simple_share: Param = _num(
        0.0, 1.0, default=0.55, doc="share of contacts that are simple (routine) ones"
    )
    simple_aht_ratio: Param = _num(
        0.05, 1.0, default=0.55,
        doc="handle time of a simple contact / a complex one (the mix averages to service.aht_s)",
    )
    simple_fcr_ratio: Param = _num(
        1.0, 3.0, default=1.2,
        doc="first-contact resolution of a simple contact / a complex one (the mix averages to staff.fcr)",
    )


@dataclass(frozen=True)
class Service(_Part):
    """Service target and the queueing frame (mechanisms: handle time, staffing)."""

    aht_s: Param = _num(0.0, 14400.0, lo_open=True, unit="s", doc="average handle time of a tenured agent")
    target_sl: Param = _num(0.0, 1.0, lo_open=True, hi_open=True, doc="share answered within target")
    target_time_s: Param = _num(0.0, 3600.0, lo_open=True, unit="s", doc="service-level target time")
    patience_s: Param = _num(1.0, 86400.0, unit="s", doc="mean caller patience (exp.)")
    shrinkage: Param = _num(0.0, 0.95, doc="paid time not available for calls")
    open_hours_per_month: Param = _num(1.0, 744.0, unit="h", doc="hours the line is open per month")
    busy_hour_factor: Param = _num(
        1.0, 5.0, doc="busiest interval's arrival rate / the day's average (shapes the intraday profile)"
    )
    paid_hours_per_month: Param = _num(1.0, 744.0, unit="h", doc="paid hours of one FTE per month")
    schedule_efficiency: Param = _num(
        0.3, 1.0, default=0.94,
        doc="share of scheduled agent hours that fall where the interval plan needs them, "
        "on a flat day (the day's shape lowers it, see schedule_flexibility)",
    )
    adherence: Param = _num(
        0.5, 1.0, default=1.0,
        doc="share of scheduled agents on the phones when the plan needs them",
    )
    schedule_flexibility: Param = _num(
        0.0, 1.0, default=0.8,
        doc="share of the interval plan that shifts can follow through the day (part-time, "
        "staggered starts); the rest is rostered flat at the busiest interval's level",
    )
    overflow_wait_s: Param = _num(
        0.0, 600.0, default=20.0, unit="s",
        doc="an overflow hybrid's in-house caller waits at most this long before the call "
        "goes to the vendor (0: only when no in-house agent is free)",
    )


@dataclass(frozen=True)
class Staff(_Part):
    """The company's own agents: cost, attrition, hiring, ramp-up and morale.

    Claims: C1 (in-house carries wages, benefits, training), C7 (hiring takes months),
    C16 and C22 (layoffs, morale), C8 (management hours), C20 (in-house technology).
    """

    headcount: int | None = _num(
        0,
        1e6,
        integer=True,
        unit="FTE",
        doc="in-house agents at t=0; None: staffed to the month-0 plan on each path",
        optional=True,
    )
    hourly_cost: Param = _num(
        0.0, 1e4, unit="$/paid hour", doc="loaded pay of an agent (wage and benefits)"
    )
    attrition_annual: Param = _num(0.0, 3.0, unit="per year", doc="agent turnover: leavers a year / average headcount")
    hiring_lag_months: Param = _num(0.0, 24.0, lo_open=True, unit="months", doc="time to add staff")
    ramp_weeks: Param = _num(0.0, 104.0, unit="weeks", doc="weeks for a new hire to reach target")
    new_hire_aht_factor: Param = _num(1.0, 5.0, doc="handle time of a new hire / tenured agent")
    new_hire_quality_gap: Param = _num(0.0, 1.0, doc="quality deficit of a new hire")
    fcr: Param = _num(0.0, 1.0, doc="first-contact resolution at full quality")
    tech_trend_annual: Param = _num(-0.5, 0.5, unit="per year", doc="annual change of AHT from tooling")
    aht_noise_sd: Param = _num(0.0, 1.0, doc="sd of the monthly log AHT noise")
    severance_months: Param = _num(0.0, 36.0, unit="months of pay", doc="severance per layoff")
    survivor_attrition_multiplier: Param = _num(1.0, 5.0, doc="attrition multiplier after layoffs")
    morale_productivity_dip: Param = _num(0.0, 0.9, doc="relative productivity loss of survivors")
    morale_months: Param = _num(0.0, 60.0, unit="months", doc="duration of the morale effects")
    mgmt_hours_per_agent: Param = _num(0.0, 200.0, unit="h/month", doc="supervision per agent")
    # total cost of ownership (issue 13; mechanisms/tco.py)
    benefits_load: Param = _num(
        1.0, 3.0, default=1.35, doc="loaded pay / base pay (severance is paid on base pay)"
    )
    cost_per_hire: Param = _num(
        0.0, 100_000.0, default=6_250.0, unit="$", doc="recruiting and classroom cost per hire"
    )
    classroom_weeks: Param = _num(
        0.0, 26.0, default=2.0, unit="weeks", doc="weeks a new hire is paid in class, off the phones"
    )
    seat_cost_annual: Param = _num(
        0.0, 100_000.0, default=4_500.0, unit="$/seat-year", doc="facility and IT per in-house seat"
    )
    licence_per_seat_month: Param = _num(
        0.0, 5_000.0, default=115.0, unit="$/seat-month",
        doc="client-side licences and telecom per in-house seat",
    )
    commitments_months_left: Param = _num(
        0.0, 240.0, default=24.0, unit="months",
        doc="months until the lease and IT/telecom contracts of the in-house seats end",
    )
    sublet_recovery: Param = _num(
        0.0, 1.0, default=0.35, doc="share of a vacated seat's cost recovered by subletting"
    )
    seats_per_peak_agent: Param = _num(
        1.0, 3.0, default=1.2, unit="seats/agent",
        doc="in-house seats per agent rostered in the busiest interval of the day (shift "
            "overlap, team leads, agents off the phones at their desks)",
    )
    manager_hourly_cost: Param = _num(
        0.0, 1_000.0, default=65.0, unit="$/h",
        doc="client's loaded rate for supervision and vendor governance",
    )
    # workforce planning (issue 14; mechanisms/staffing.py)
    overtime_cap: Param = _num(
        0.0, 0.5, default=0.1, unit="share of paid hours",
        doc="most overtime a month, as a share of the team's paid hours",
    )
    overtime_premium: Param = _num(
        1.0, 3.0, default=1.5, doc="pay of an overtime hour / a normal hour"
    )
    temp_cap: Param = _num(
        0.0, 1.0, default=0.0, unit="share of agents",
        doc="most temporary (agency) agents a month, as a share of the team's agents",
    )
    temp_markup: Param = _num(
        0.0, 3.0, default=0.5, doc="agency markup on the loaded hourly rate of a temporary agent",
    )
    # transitions (issue 14; mechanisms/attrition.py)
    retention_bonus: Param = _num(
        0.0, 100_000.0, default=0.0, unit="$ per agent",
        doc="bonus paid at go-live to every agent still there (0: none offered)",
    )
    retention_attrition_multiplier: Param = _num(
        0.0, 1.0, default=0.5, doc="attrition until go-live when a retention bonus is offered / without",
    )


@dataclass(frozen=True)
class Customers(_Part):
    """Customer defection from contact experience, and its cost (C10, C23; mechanisms/churn.py).

    A contact's customer defects with chance ``1 - exp(-h)``,
    ``h = defect_resolved * w * exp(csat_elasticity * gap)``, once per customer issue: ``w``
    is 1 for an issue resolved on the first contact, ``repeat_factor`` after two or more,
    ``unresolved_factor`` or ``abandoned_factor`` for one left unresolved; ``gap`` the CSAT
    points lost to anything but resolution (accent, breach). A lost
    customer takes ``annual_margin`` a year for ``margin_years`` years, counted past the
    horizon unless ``beyond_horizon = 0``.
    """

    defect_resolved: Param = _num(
        0.0, 1.0, doc="defection chance after an answered, resolved contact at reference CSAT"
    )
    unresolved_factor: Param = _num(1.0, 50.0, doc="defection multiple of an unresolved contact")
    abandoned_factor: Param = _num(1.0, 50.0, doc="defection multiple of an abandoned contact")
    csat_elasticity: Param = _num(
        0.0, 1.0, unit="per CSAT point", doc="relative rise of defection per point of CSAT gap"
    )
    annual_margin: Param = _num(0.0, 1e6, unit="$/customer-year", doc="margin of a customer a year")
    margin_years: Param = _num(
        0.0, 50.0, unit="years", doc="years of margin a lost customer takes away (the cap)"
    )
    beyond_horizon: int = _num(
        0, 1, integer=True, default=1, doc="1: count lost margin past the horizon; 0: stop there"
    )
    repeat_factor: Param = _num(
        1.0, 50.0, default=1.8,
        doc="defection multiple of an issue resolved after two or more contacts (per issue)",
    )


@dataclass(frozen=True)
class Satisfaction(_Part):
    """Monthly CSAT (0-100) of a team's offered callers from resolution, service level,
    abandonment and penalties (C10, C23, C24)."""

    csat_ref: Param = _num(0.0, 100.0, unit="points", doc="CSAT at the reference FCR and target SL")
    fcr_ref: Param = _num(0.0, 1.0, doc="reference first-contact resolution")
    fcr_slope: Param = _num(0.0, 500.0, unit="points per unit FCR", doc="CSAT gain per unit FCR")
    sl_slope: Param = _num(0.0, 500.0, unit="points per unit SL", doc="CSAT gain per unit service level")
    quality_floor: Param = _num(0.0, 1.0, doc="FCR share kept at zero quality")
    abandon_slope: Param = _num(
        0.0, 1000.0, default=150.0, unit="points per unit abandonment",
        doc="CSAT lost per unit share of offered calls abandoned (the callers never answered)",
    )
    abandon_today: Param = _num(
        0.0, 1.0, default=0.042, unit="share of offered calls",
        doc="today's abandonment, at which the stated CSAT (csat_ref) was measured",
    )


@dataclass(frozen=True)
class Breach(_Part):
    """Data-breach exposure (C11): records = a year's distinct customers (12 x fresh contacts
    / ``contacts_per_customer``) x ``share_exposed`` (per event, capped at 1)."""

    annual_prob: Param = _num(0.0, 1.0, unit="per year", doc="chance of a breach per year in-house")
    contacts_per_customer: Param = _num(1.0, 100.0, unit="contacts per customer-year", doc=(
        "fresh contacts a year per distinct customer served (customers = contacts / this)"))
    share_exposed: Param = _num(0.0, 1e4, unit="share of a year's customers", per_event=True, doc=(
        "share of the year's distinct customers whose records one breach exposes "
        "(a draw above 1 counts as 1)"))
    cost_per_record: Param = _num(0.0, 1e4, unit="$", doc="cost per record exposed")
    csat_dip: Param = _num(0.0, 100.0, unit="points", doc="CSAT loss while the breach is news")
    dip_months: Param = _num(0.0, 60.0, unit="months", doc="how long the CSAT dip lasts")


# ---------------------------------------------------------------------- vendor parts


@dataclass(frozen=True)
class Language(_Part):
    """Language, accent and cultural distance of a vendor location (C10, C19)."""

    aht_factor: Param = _num(0.5, 3.0, doc="handle-time multiplier")
    fcr_factor: Param = _num(0.0, 1.5, lo_open=True, doc="first-contact-resolution multiplier")
    csat_penalty: Param = _num(0.0, 100.0, unit="points", doc="CSAT loss from accent frustration")


@dataclass(frozen=True)
class Quality(_Part):
    """Latent vendor quality and the client's oversight (C3, C9, C12, C14, C17, C18, C19).

    ``oversight`` is an effort level in [0, 1]; effort 1 is a full governance programme
    of ``fixed_hours_full`` hours a month plus ``hours_per_agent_full`` hours per vendor
    FTE, paid at the client's ``staff.manager_hourly_cost`` (mechanisms/tco.py).
    """

    initial: Param = _num(0.0, 1.0, doc="quality at go-live (vendor management quality)")
    target: Param = _num(0.0, 1.0, doc="level oversight pulls quality back to")
    oversight: Param = _num(0.0, 1.0, doc="client oversight effort")
    hours_per_agent_full: Param = _num(0.0, 100.0, unit="h/month", doc="oversight hours per agent")
    decay_rate: Param = _num(0.0, 0.5, unit="per month", doc="relative decay with no oversight")
    recovery_rate: Param = _num(0.0, 0.5, unit="per month", doc="share of gap closed at effort 1")
    noise_sd: Param = _num(0.0, 0.5, doc="sd of monthly quality noise")
    shared_agent_share: Param = _num(0.0, 1.0, doc="share of agents serving several clients")
    shared_agent_penalty: Param = _num(0.0, 1.0, doc="quality loss of a fully shared agent")
    new_agent_gap: Param = _num(0.0, 1.0, doc="quality deficit of a new vendor agent")
    fixed_hours_full: Param = _num(
        0.0, 10_000.0, default=130.0, unit="h/month",
        doc="retained-organisation hours at effort 1 whatever the vendor's size",
    )


@dataclass(frozen=True)
class Contract(_Part):
    """Contract terms and exit (C13, C21)."""

    term_months: int = _num(1, 600, integer=True, unit="months", doc="initial term")
    min_commitment: Param = _num(0.0, 1.0, doc="minimum billable share of contracted hours")
    escalator_annual: Param = _num(-0.5, 1.0, unit="per year", doc="annual price escalator")
    exit_fee_months: Param = _num(0.0, 60.0, unit="months of fees", doc="termination fee")
    exit_threshold: Param = _num(0.0, 1.0, doc="quality below which the client wants to exit")
    exit_after_months: int = _num(
        1, 24, integer=True, unit="months",
        doc="rolling window: mean quality over these months is compared with the threshold",
    )
    p_unenforceable: Param = _num(0.0, 1.0, doc="chance that early exit cannot be enforced")
    notice_months: int = _num(0, 60, integer=True, unit="months", doc="notice before switching")
    switching_cost_months: Param = _num(0.0, 60.0, unit="months of fees", doc="cost of switching")
    transition_dip: Param = _num(0.0, 1.0, doc="quality loss of the vendor during its notice")
    stabilisation_months: int = _num(
        0, 600, integer=True, default=6, unit="months",
        doc="months after go-live in which exits are not evaluated",
    )
    escalation_months: int = _num(
        0, 24, integer=True, default=3, unit="months",
        doc="months of raised oversight before an exit is considered (0: exit at once)",
    )
    escalation_oversight: Param = _num(
        0.0, 1.0, default=1.0, doc="oversight effort during an escalation (at least the usual)"
    )
    # pricing, bands, SLA, indexation (issue 13; mechanisms/pricing.py)
    pricing: str = _choice(
        PRICING_MODELS, default="per_hour",
        doc="billed unit: productive hour, FTE-month, handled call or handled minute",
    )
    price_per_fte_month: Param = _num(
        0.0, 1e6, tiny=0.01, default=None, optional=True, unit="$/FTE-month", doc="price if pricing = per_fte"
    )
    price_per_call: Param = _num(
        0.0, 10_000.0, tiny=0.01, default=None, optional=True, unit="$/call", doc="price if pricing = per_call"
    )
    price_per_minute: Param = _num(
        0.0, 1_000.0, tiny=0.01, default=None, optional=True, unit="$/min", doc="price if pricing = per_minute"
    )
    band_1_units: Param = _num(
        0.0, NO_BAND, default=NO_BAND, unit="units/month",
        doc="units above which band 1 applies (the default, 1e12, is no band)",
    )
    band_1_discount: Param = _num(0.0, 1.0, default=0.0, hi_open=True, doc="discount in band 1")
    band_2_units: Param = _num(
        0.0, NO_BAND, default=NO_BAND, unit="units/month",
        doc="units above which band 2 applies (the default, 1e12, is no band)",
    )
    band_2_discount: Param = _num(0.0, 1.0, default=0.0, hi_open=True, doc="discount in band 2")
    sla_credit_share: Param = _num(0.0, 1.0, default=0.0, doc="credit per missed measure, share of fees")
    sla_bonus_share: Param = _num(0.0, 1.0, default=0.0, doc="bonus per beaten measure, share of fees")
    sla_at_risk: Param = _num(0.0, 1.0, default=0.12, doc="cap on the month's credits, share of fees")
    sla_tolerance: Param = _num(0.0, 1.0, default=0.02, doc="band around each target with no credit")
    sla_quality_target: Param = _num(0.0, 1.0, default=0.8, doc="contracted quality index")
    sla_grace_months: int = _num(
        0, 60, integer=True, default=0, unit="months", doc="months after go-live exempt from SLAs"
    )
    cola_share: Param = _num(0.0, 1.0, default=0.0, doc="share of the price indexed to local wages")
    wage_inflation_annual: Param = _num(
        -0.5, 1.0, default=0.0, unit="per year", doc="local wage inflation of the vendor's agents"
    )
    fx_drift_annual: Param = _num(
        -1.0, 1.0, default=0.0, unit="log per year", doc="trend of the local currency against US$"
    )
    fx_sd_annual: Param = _num(
        0.0, 1.0, default=0.0, unit="log per year", doc="volatility of the local currency"
    )
    initial_training_billed: Param = _num(
        0.0, 2.0, default=0.0, doc="share of the hourly rate billed for the go-live class"
    )
    replacement_training_billed: Param = _num(
        0.0, 2.0, default=0.0, doc="share of the hourly rate billed for replacements' training"
    )

    def __post_init__(self) -> None:
        super().__post_init__()
        need = {"per_fte": "price_per_fte_month", "per_call": "price_per_call",
                "per_minute": "price_per_minute"}.get(self.pricing)
        if need is not None and getattr(self, need) is None:
            raise ScenarioError(f"Contract.pricing = {self.pricing!r} needs Contract.{need}")
        if not DEFER_RULES.get():
            self.check_bands("Contract")

    def check_bands(self, where: str) -> None:
        """Band 1 must start at or below band 2 on every draw.

        A distribution is accepted for a band's start only if the two can never cross
        (the highest value band 1 can take is at most the lowest band 2 can take):
        drawn apart, crossed bands would turn a discount into a surcharge. Correlating
        the two cannot cross them either, since each stays inside its own reach.
        """
        b1, b2 = self.band_1_units, self.band_2_units
        hi1, lo2 = reach(b1)[1], reach(b2)[0]
        if hi1 <= lo2:
            return
        if not is_uncertain(b1) and not is_uncertain(b2):
            raise ScenarioError(
                f"{where}.band_1_units = {b1!r} must not exceed {where}.band_2_units = {b2!r}"
            )
        raise ScenarioError(
            f"{where}.band_1_units = {b1!r} can reach {hi1:g}, above the lowest "
            f"{where}.band_2_units = {b2!r} can take ({lo2:g}): band 1 must start at or below "
            "band 2 on every draw, so uncertain band starts must have ranges that do not "
            "overlap (or use constants)"
        )


@dataclass(frozen=True)
class HandleTime(_Part):
    """Vendor technology (C5, C20)."""

    tech_factor: Param = _num(0.1, 3.0, doc="AHT multiplier from the vendor's tooling")
    tech_trend_annual: Param = _num(-0.5, 0.5, unit="per year", doc="annual change of vendor AHT")
    noise_sd: Param = _num(0.0, 1.0, doc="sd of the monthly log AHT noise")


@dataclass(frozen=True)
class VendorStaffing(_Part):
    """Vendor workforce: flexibility, attrition, ramp-up (C6, C7, C14, C21)."""

    price_per_hour: Param = _num(0.0, 1e4, tiny=0.01, unit="$/productive hour", doc="billed rate")
    scaling_lag_weeks: Param = _num(0.0, 26.0, unit="weeks", doc="time to follow a demand surprise")
    attrition_annual: Param = _num(0.0, 3.0, unit="per year", doc="agent turnover: leavers a year / average headcount")
    attrition_noise_sd: Param = _num(0.0, 2.0, doc="sd of monthly log attrition noise")
    ramp_weeks: Param = _num(0.0, 104.0, unit="weeks", doc="weeks for a new agent to reach target")
    new_hire_aht_factor: Param = _num(1.0, 5.0, doc="handle time of a new agent / tenured agent")
    breach_multiplier: Param = _num(0.0, 20.0, doc="breach rate relative to in-house (C11)")
    training_hours: Param = _num(
        0.0, 2_000.0, default=160.0, unit="h", doc="classroom and nesting hours per new agent"
    )


@dataclass(frozen=True)
class Setup(_Part):
    """Going live (C2)."""

    lead_months: Param = _num(0.0, 60.0, unit="months", doc="months until the vendor is live")
    cost_months: Param = _num(0.0, 60.0, unit="months of fees", doc="one-off set-up cost")
    waves: int = _num(
        1, 24, integer=True, default=1, unit="months",
        doc="months over which the calls move to the vendor, an equal share a month (1: at once)",
    )
    parallel_months: int = _num(
        0, 12, integer=True, default=1, unit="months",
        doc="months the in-house agents whose calls moved are still paid alongside the vendor "
            "(parallel run, knowledge transfer) before they are laid off; 0: laid off as "
            "their calls move",
    )


_LOCATIONS = ("onshore", "nearshore", "offshore")


@dataclass(frozen=True)
class SourcingOption:
    """One way of running the contact centre.

    ``vendor_share`` of the calls go to a vendor at ``location``; the rest stay with the
    in-house staff (:class:`Staff`). ``vendor_share = 0`` is the in-house option and needs
    no vendor parts; any positive share needs all of them.

    ``routing`` says how a hybrid (``0 < vendor_share < 1``) divides the calls once the
    vendor is live (mechanisms: demand, staffing; docs/operations.md, "Hybrid routing"):

    - ``"split"`` (default): the vendor gets ``vendor_share`` of every month's calls;
    - ``"overflow"``: the in-house team is offered and planned for ``1 - vendor_share``
      of the calls; a call of its that would wait longer than
      ``service.overflow_wait_s`` goes to the vendor, which answers its ``vendor_share``
      and that overflow (M/M/c+D in every interval of the day);
    - ``"peak"``: the vendor gets ``vendor_share`` of the calls in the five peak months
      of the year (within two months of ``demand.peak_month``, where the seasonal
      multiplier is above its mean) and none in the other months.
    - ``"by_type"``: the vendor gets ``vendor_share`` of the calls, taken from the simple
      contacts first (``demand.simple_share`` of all calls), so with a share up to that
      it answers only simple ones and the in-house team keeps every complex one; each
      team's handle time and first-contact resolution follow its own contact mix
      (``demand.simple_aht_ratio``, ``demand.simple_fcr_ratio``).

    The routing has no effect on an option without a vendor (``vendor_share = 0``).

    ``fallback`` says where the work goes when the client exits the vendor
    (docs/operations.md, "Exits as decisions"): ``"in_house"`` (default) takes it back
    in-house, with the re-hiring lag and costs; the name of another vendor option of the
    scenario re-tenders it to that option's vendor on the same path (its price, contract,
    location, quality and language; the option keeps its own share and routing). One
    re-tender per path: an exit from the new vendor goes back in-house.
    """

    name: str
    vendor_share: Param = _num(0.0, 1.0, doc="share of calls handled by the vendor")
    location: str | None = None
    staffing: VendorStaffing | None = None
    language: Language | None = None
    quality: Quality | None = None
    contract: Contract | None = None
    handle_time: HandleTime | None = None
    setup: Setup | None = None
    routing: str = _choice(
        ROUTINGS, default="split",
        doc="how calls are divided: a share of all (split), the share plus the in-house "
        "calls waiting longer than service.overflow_wait_s (overflow), a share in the peak "
        "months (peak), the simple contacts first (by_type)",
    )
    fallback: str = _option_ref(
        doc="where the work goes after an exit: in_house, or another vendor option's name "
        "(a re-tender to that vendor)",
    )

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ScenarioError(
                f"option name must be a Python identifier (letters, digits, _), got {self.name!r}"
            )
        share = check_value(
            f"{self.name}.vendor_share", self.vendor_share, _field_meta(SourcingOption, "vendor_share")
        )
        object.__setattr__(self, "vendor_share", share)
        check_value(f"{self.name}.routing", self.routing, _field_meta(SourcingOption, "routing"))
        _check_option_ref(f"{self.name}.fallback", self.fallback)
        if self.fallback == self.name and self.fallback != IN_HOUSE:
            raise ScenarioError(
                f"{self.name}.fallback = {self.fallback!r}: an option cannot re-tender to itself; "
                f"use {IN_HOUSE!r} or another vendor option"
            )
        if is_uncertain(share):
            raise ScenarioError(f"{self.name}.vendor_share must be a constant (a decision, not an unknown)")
        if share > 0 and self.name == IN_HOUSE:
            raise ScenarioError(
                f"{self.name}.vendor_share = {share:g}: the name {IN_HOUSE!r} is reserved for "
                "the in-house option (vendor_share = 0), the baseline and the fallback after an "
                "exit; give a vendor option another name (e.g. 'onshore_2')"
            )
        if share > 0:
            missing = [n for n in _VENDOR_PARTS if getattr(self, n) is None]
            if missing:
                raise ScenarioError(
                    f"{self.name}.vendor_share = {share:g}: option {self.name!r} sends calls to "
                    "a vendor but has no "
                    f"{', '.join(missing)}; build vendor options with ccsim.presets.vendor_option()"
                )
            if self.location not in _LOCATIONS:
                raise ScenarioError(
                    f"{self.name}.location = {self.location!r}; expected one of {_LOCATIONS}"
                )

    @property
    def is_vendor(self) -> bool:
        return float(self.vendor_share) > 0


_VENDOR_PARTS = ("staffing", "language", "quality", "contract", "handle_time", "setup")


_SCENARIO_PARTS = ("finance", "demand", "service", "staff", "customers", "satisfaction", "breach")
