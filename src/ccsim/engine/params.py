"""The model's parameters for one chunk, typed and named like the scenario.

:func:`build` turns a :class:`~ccsim.scenario.Scenario` and the chunk's drawn inputs
into a :class:`Params` tree: ``prm.staff.attrition_annual``,
``prm.vendor.contract.exit_fee_months``, ``prm.vendor.quality.oversight``. Company-wide
parameters are floats (constants) or ``(P,)`` arrays (uncertain inputs, one draw per
path); option parameters are ``(O, P)`` arrays, one row per option, holding a neutral
value (no effect) in the rows of in-house options, so that the month step treats every
option alike.

Adding a parameter: add the field to its scenario part (:mod:`ccsim.scenario.parts`)
and the same name here, in the group of the same name; an option parameter is typed
``Zero``, ``One`` or ``Inf``, its neutral value. :func:`build` fills every field by name.
A contract's pricing model and its price (``contract.pricing`` and the matching
``price_per_*``) become ``Vendor.pricing`` and ``Vendor.unit_price``; an option's
``routing`` becomes ``Vendor.routing``.
:class:`Streams` is the same for the chunk's pre-drawn random numbers.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, fields
from typing import Annotated, Any, TypeVar, get_type_hints

import numpy as np
from numpy.typing import NDArray

from ccsim.scenario import Scenario
from ccsim.scenario.parts import IN_HOUSE, PRICING_MODELS, ROUTINGS

__all__ = [
    "Breach",
    "Contract",
    "Customers",
    "Demand",
    "Finance",
    "HandleTime",
    "Language",
    "Params",
    "Quality",
    "Satisfaction",
    "Service",
    "Setup",
    "Staff",
    "Streams",
    "Vendor",
    "VendorStaffing",
    "build",
    "build_part",
    "lookup",
]

F = NDArray[np.float64]
#: A company-wide parameter: a float constant or a ``(P,)`` array of draws.
V = float | F


@dataclass(frozen=True)
class _Neutral:
    value: float


class _AsIs:
    pass


#: An ``(O, P)`` option parameter whose in-house rows hold 0 (no effect).
Zero = Annotated[F, _Neutral(0.0)]
#: An ``(O, P)`` option parameter whose in-house rows hold 1 (no effect).
One = Annotated[F, _Neutral(1.0)]
#: An ``(O, P)`` option parameter whose in-house rows hold ``inf`` (a band never reached).
Inf = Annotated[F, _Neutral(math.inf)]
_T = TypeVar("_T")
#: A field read as the scenario holds it (an integer, an optional or a per-event distribution).
Raw = Annotated[_T, _AsIs()]


# --------------------------------------------------------------- company-wide parts


@dataclass(frozen=True, slots=True)
class Finance:
    discount_rate_annual: V


@dataclass(frozen=True, slots=True)
class Demand:
    base_volume: V
    trend_annual: V
    seasonal_amplitude: V
    peak_month: Raw[int]
    start_month: Raw[int]
    shock_sd: V
    shock_ar1: V
    overdispersion: V
    callback_rate: V
    simple_share: V
    simple_aht_ratio: V
    simple_fcr_ratio: V


@dataclass(frozen=True, slots=True)
class Service:
    aht_s: V
    target_sl: V
    target_time_s: V
    patience_s: V
    shrinkage: V
    open_hours_per_month: V
    busy_hour_factor: V
    schedule_efficiency: V
    paid_hours_per_month: V
    adherence: V
    schedule_flexibility: V
    overflow_wait_s: V


@dataclass(frozen=True, slots=True)
class Staff:
    headcount: Raw[int | None]
    hourly_cost: V
    attrition_annual: V
    hiring_lag_months: V
    ramp_weeks: V
    new_hire_aht_factor: V
    new_hire_quality_gap: V
    fcr: V
    tech_trend_annual: V
    aht_noise_sd: V
    severance_months: V
    survivor_attrition_multiplier: V
    morale_productivity_dip: V
    morale_months: V
    mgmt_hours_per_agent: V
    benefits_load: V
    cost_per_hire: V
    classroom_weeks: V
    seat_cost_annual: V
    licence_per_seat_month: V
    commitments_months_left: V
    sublet_recovery: V
    seats_per_peak_agent: V
    manager_hourly_cost: V
    overtime_cap: V
    overtime_premium: V
    temp_cap: V
    temp_markup: V
    retention_bonus: V
    retention_attrition_multiplier: V


@dataclass(frozen=True, slots=True)
class Customers:
    defect_resolved: V
    unresolved_factor: V
    abandoned_factor: V
    csat_elasticity: V
    annual_margin: V
    margin_years: V
    beyond_horizon: V
    repeat_factor: V


@dataclass(frozen=True, slots=True)
class Satisfaction:
    csat_ref: V
    fcr_ref: V
    fcr_slope: V
    sl_slope: V
    quality_floor: V
    abandon_slope: V
    abandon_today: V


@dataclass(frozen=True, slots=True)
class Breach:
    annual_prob: V
    contacts_per_customer: V
    share_exposed: Raw[Any]
    cost_per_record: V
    csat_dip: V
    dip_months: V


# ------------------------------------------------------------- option parts (O, P)


@dataclass(frozen=True, slots=True)
class VendorStaffing:
    price_per_hour: Zero
    scaling_lag_weeks: Zero
    attrition_annual: Zero
    attrition_noise_sd: Zero
    ramp_weeks: Zero
    new_hire_aht_factor: One
    breach_multiplier: One
    training_hours: Zero


@dataclass(frozen=True, slots=True)
class Language:
    aht_factor: One
    fcr_factor: One
    csat_penalty: Zero


@dataclass(frozen=True, slots=True)
class Quality:
    initial: One
    target: One
    oversight: Zero
    hours_per_agent_full: Zero
    decay_rate: Zero
    recovery_rate: Zero
    noise_sd: Zero
    shared_agent_share: Zero
    shared_agent_penalty: Zero
    new_agent_gap: Zero
    fixed_hours_full: Zero


@dataclass(frozen=True, slots=True)
class Contract:
    term_months: Zero
    min_commitment: Zero
    escalator_annual: Zero
    exit_fee_months: Zero
    exit_threshold: Zero
    exit_after_months: One
    stabilisation_months: Zero
    escalation_months: Zero
    escalation_oversight: Zero
    p_unenforceable: Zero
    notice_months: Zero
    switching_cost_months: Zero
    transition_dip: Zero
    band_1_units: Inf
    band_1_discount: Zero
    band_2_units: Inf
    band_2_discount: Zero
    sla_credit_share: Zero
    sla_bonus_share: Zero
    sla_at_risk: Zero
    sla_tolerance: Zero
    sla_quality_target: Zero
    sla_grace_months: Zero
    cola_share: Zero
    wage_inflation_annual: Zero
    fx_drift_annual: Zero
    fx_sd_annual: Zero
    initial_training_billed: Zero
    replacement_training_billed: Zero


@dataclass(frozen=True, slots=True)
class HandleTime:
    tech_factor: One
    tech_trend_annual: Zero
    noise_sd: Zero


@dataclass(frozen=True, slots=True)
class Setup:
    lead_months: Zero
    cost_months: Zero
    waves: One
    parallel_months: Zero


@dataclass(frozen=True, slots=True)
class Vendor:
    """The options' vendor parameters, ``(O, P)``, and their fixed traits, ``(O, 1)``."""

    is_vendor: NDArray[np.bool_]
    share: F
    onshore: NDArray[np.bool_]
    #: ``(O, 1)`` code of the pricing model, the index in ``PRICING_MODELS`` (0 in-house)
    pricing: NDArray[np.intp]
    #: ``(O, P)`` base price per billed unit of that model (0 in-house)
    unit_price: F
    #: ``(O, 1)`` code of the routing, the index in ``ROUTINGS`` (0, split, in-house)
    routing: NDArray[np.intp]
    #: ``(O,)`` row of the option whose vendor takes the work after an exit (a re-tender);
    #: the option's own row where the work goes back in-house
    fallback: NDArray[np.intp]
    #: ``(O, 1)`` whether an exit re-tenders to another vendor (``fallback`` names one);
    #: ``(O, P)`` in a month of engine/retender.py's view, cleared where it was done
    retender: NDArray[np.bool_]
    staffing: VendorStaffing
    language: Language
    quality: Quality
    contract: Contract
    handle_time: HandleTime
    setup: Setup


@dataclass(frozen=True, slots=True)
class Params:
    """Every parameter of the model for one chunk (see the module docstring)."""

    n_paths: int
    horizon: int
    finance: Finance
    demand: Demand
    service: Service
    staff: Staff
    customers: Customers
    satisfaction: Satisfaction
    breach: Breach
    vendor: Vendor


# ------------------------------------------------------------------------ building

T = TypeVar("T")


def lookup(scenario: Scenario, draws: dict[str, F], path: str) -> Any:
    """One parameter: its ``(P,)`` draws if uncertain, else the constant as a float."""
    if path in draws:
        return draws[path]
    return float(scenario.get(path))


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls, include_extras=True)


def _meta(cls: type, name: str) -> tuple[Any, ...]:
    return tuple(getattr(_hints(cls)[name], "__metadata__", ()))


def build_part(cls: type[T], prefix: str, scenario: Scenario, draws: dict[str, F]) -> T:
    """One company-wide group, e.g. ``build_part(Demand, "demand", scenario, draws)``."""
    kw = {}
    for f in fields(cls):  # type: ignore[arg-type]
        path = f"{prefix}.{f.name}"
        as_is = any(isinstance(m, _AsIs) for m in _meta(cls, f.name))
        kw[f.name] = scenario.get(path) if as_is else lookup(scenario, draws, path)
    return cls(**kw)


def _option_part(cls: type[T], part: str, scenario: Scenario, draws: dict[str, F], n: int) -> T:
    kw = {}
    for f in fields(cls):  # type: ignore[arg-type]
        (neutral,) = (m.value for m in _meta(cls, f.name) if isinstance(m, _Neutral))
        rows = []
        for o in scenario.options:
            if o.is_vendor:
                v = lookup(scenario, draws, f"{o.name}.{part}.{f.name}")
                rows.append(np.broadcast_to(np.asarray(v, float), (n,)))
            else:
                rows.append(np.full(n, neutral))
        kw[f.name] = np.stack(rows)
    return cls(**kw)


#: The price parameter of each pricing model (``contract.pricing``).
_PRICE = {
    "per_hour": "staffing.price_per_hour",
    "per_fte": "contract.price_per_fte_month",
    "per_call": "contract.price_per_call",
    "per_minute": "contract.price_per_minute",
}


def _contract(o: Any) -> Any:
    assert o.contract is not None
    return o.contract


def build(scenario: Scenario, draws: dict[str, F], n_paths: int) -> Params:
    """The :class:`Params` of a chunk of ``n_paths`` paths with drawn inputs ``draws``."""
    opts = scenario.options
    # the row each option re-tenders to (its own where the work goes back in-house)
    vendors = [o.name if o.is_vendor else "" for o in opts]
    to = [vendors.index(o.fallback) if o.is_vendor and o.fallback != IN_HOUSE else i
          for i, o in enumerate(opts)]

    def part(cls: type[T], prefix: str) -> T:
        return build_part(cls, prefix, scenario, draws)

    def opt(cls: type[T], name: str) -> T:
        return _option_part(cls, name, scenario, draws, n_paths)

    vendor = Vendor(
        is_vendor=np.array([o.is_vendor for o in opts])[:, None],
        share=np.array([float(o.vendor_share) for o in opts])[:, None],
        onshore=np.array([o.location == "onshore" for o in opts])[:, None],
        pricing=np.array([PRICING_MODELS.index(_contract(o).pricing) if o.is_vendor else 0
                          for o in opts], dtype=np.intp)[:, None],
        unit_price=np.stack([
            np.broadcast_to(np.asarray(
                lookup(scenario, draws, f"{o.name}.{_PRICE[_contract(o).pricing]}"), float
            ), (n_paths,)) if o.is_vendor else np.zeros(n_paths)
            for o in opts
        ]),
        routing=np.array([ROUTINGS.index(o.routing) if o.is_vendor else 0 for o in opts],
                         dtype=np.intp)[:, None],
        fallback=np.array(to, dtype=np.intp),
        retender=np.array([j != i for i, j in enumerate(to)])[:, None],
        staffing=opt(VendorStaffing, "staffing"),
        language=opt(Language, "language"),
        quality=opt(Quality, "quality"),
        contract=opt(Contract, "contract"),
        handle_time=opt(HandleTime, "handle_time"),
        setup=opt(Setup, "setup"),
    )
    return Params(
        n_paths=n_paths,
        horizon=scenario.horizon,
        finance=part(Finance, "finance"),
        demand=part(Demand, "demand"),
        service=part(Service, "service"),
        staff=part(Staff, "staff"),
        customers=part(Customers, "customers"),
        satisfaction=part(Satisfaction, "satisfaction"),
        breach=part(Breach, "breach"),
        vendor=vendor,
    )


@dataclass(frozen=True, slots=True)
class Streams:
    """The chunk's pre-drawn random numbers (see :func:`ccsim.engine.draw_chunk`).

    Paths on the last axis: ``(T, P)`` shared by every option, ``(T, O, P)`` per option,
    ``(O, P)`` once per contract.
    """

    forecast: F  #: (T, P) the planner's forecast of fresh demand
    season_ahead: F  #: (T, P) seasonal peak of the next hiring-lag months / this month's
    #: (T, O, P) the same for the calls a ``peak`` hybrid keeps in-house (1 on other rows)
    season_ahead_kept: F
    fresh: F  #: (T, P) fresh contacts
    z_aht_ih: F  #: (T, P) in-house handle-time noise
    u_leave: F  #: (T, P) in-house attrition
    u_breach: F  #: (T, P) breach events
    u_rec: F  #: (T, P) records exposed by a breach
    z_q: F  #: (T, O, P) vendor quality noise
    z_aht_v: F  #: (T, O, P) vendor handle-time noise
    z_att_v: F  #: (T, O, P) vendor attrition noise
    u_enforce: F  #: (O, P) whether the exit clause can be enforced
    z_fx: F  #: (Y, O, P) yearly currency shocks, shared by the options at one location

    @classmethod
    def from_dict(cls, rnd: dict[str, F]) -> Streams:
        return cls(**{f.name: rnd[f.name] for f in fields(cls)})
