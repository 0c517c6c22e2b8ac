"""Scenario model: frozen, validated dataclasses describing one sourcing decision.

A :class:`Scenario` holds the company-wide inputs (demand, service target, the in-house
staff, customers, satisfaction, data-breach exposure, finance) and a tuple of
:class:`SourcingOption` objects (``in_house``, ``onshore``, ...). Every numeric input
is either a constant or a :mod:`ccsim.dist` distribution, drawn once per path.

Parameters are addressed by dotted paths: the first segment is a scenario part
(``demand``, ``staff``, ...) or an option name (``offshore``), e.g.
``"offshore.quality.oversight"`` or ``"staff.attrition_annual"``.

Units: money in US dollars, time in months unless the name says ``_s`` (seconds),
``_weeks`` or ``_hours``; rates are per month unless the name says ``_annual``.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from ccsim.dist import Distribution, as_distribution, is_uncertain

__all__ = [
    "Breach",
    "Contract",
    "Customers",
    "Demand",
    "Finance",
    "HandleTime",
    "Language",
    "Quality",
    "Satisfaction",
    "Scenario",
    "Service",
    "Setup",
    "SourcingOption",
    "Staff",
    "VendorStaffing",
]

Number = float | int
Param = Any  # a number or a Distribution


def _num(
    lo: float,
    hi: float,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
    integer: bool = False,
    unit: str = "",
    doc: str = "",
    default: Any = dataclasses.MISSING,
    per_event: bool = False,
    optional: bool = False,
) -> Any:
    """A numeric dataclass field carrying its allowed range for validation.

    ``per_event`` marks a distribution drawn afresh for every event (e.g. the records
    exposed by each breach) rather than once per path.
    """
    meta = {
        "per_event": per_event,
        "optional": optional,
        "range": (lo, hi),
        "open": (lo_open, hi_open),
        "integer": integer,
        "unit": unit,
        "doc": doc,
    }
    if default is dataclasses.MISSING:
        return field(metadata=meta)
    return field(default=default, metadata=meta)


def _range_text(meta: Mapping[str, Any]) -> str:
    lo, hi = meta["range"]
    lo_open, hi_open = meta["open"]
    return f"{'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"


def _in_range(x: float, meta: Mapping[str, Any]) -> bool:
    lo, hi = meta["range"]
    lo_open, hi_open = meta["open"]
    ok_lo = x > lo if lo_open else x >= lo
    ok_hi = x < hi if hi_open else x <= hi
    return ok_lo and ok_hi


def check_value(path: str, value: Any, meta: Mapping[str, Any]) -> Any:
    """Validate one parameter value against its field metadata.

    Returns the value (frozen scipy distributions wrapped in :class:`ScipyDist`).
    Raises ``ValueError`` naming ``path``, the value and the allowed range.
    """
    rng = _range_text(meta)
    unit = f" {meta['unit']}" if meta.get("unit") else ""
    if value is None and meta.get("optional"):
        return None
    if is_uncertain(value):
        d = as_distribution(value)
        lo, hi = d.support()
        for end, x in (("lowest", lo), ("highest", hi)):
            if math.isnan(x) or (not _in_range(x, meta) and not _edge_ok(x, meta)):
                raise ValueError(
                    f"{path}: the distribution {d!r} reaches {x:g} ({end} value of its support), "
                    f"outside the allowed range {rng}{unit}; truncate it or choose a bounded one"
                )
        if meta.get("integer"):
            raise ValueError(f"{path} must be a whole number; distributions are not allowed here")
        return d
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{path} must be a number or a ccsim.dist distribution, got {value!r}")
    x = float(value)
    if math.isnan(x):
        raise ValueError(f"{path} is NaN; allowed range {rng}{unit}")
    if not _in_range(x, meta):
        raise ValueError(f"{path} = {value!r} is outside the allowed range {rng}{unit}")
    if meta.get("integer") and x != int(x):
        raise ValueError(f"{path} = {value!r} must be a whole number in {rng}")
    return value


def _edge_ok(x: float, meta: Mapping[str, Any]) -> bool:
    # The support end of a continuous distribution may touch an open bound (probability 0).
    lo, hi = meta["range"]
    return (x == lo and meta["open"][0]) or (x == hi and meta["open"][1])


class _Part:
    """Mixin: validate numeric fields on construction, with class-qualified names."""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            if "range" in f.metadata:
                v = check_value(f"{type(self).__name__}.{f.name}", getattr(self, f.name), f.metadata)
                object.__setattr__(self, f.name, v)


# --------------------------------------------------------------------------- parts


@dataclass(frozen=True)
class Finance(_Part):
    """Horizon and discounting."""

    horizon_months: int = _num(1, 600, integer=True, unit="months", doc="simulated months")
    discount_rate_annual: Param = _num(0.0, 1.0, unit="per year", doc="discount rate for NPV")


@dataclass(frozen=True)
class Demand(_Part):
    """Fresh contact volume, shared by every option on a path (mechanism: demand)."""

    base_volume: Param = _num(0.0, math.inf, unit="calls/month", doc="fresh calls per month at t=0")
    trend_annual: Param = _num(-0.5, 1.0, unit="per year", doc="growth of fresh volume")
    seasonal_amplitude: Param = _num(0.0, 0.9, doc="relative amplitude of the 12-month cycle")
    peak_month: int = _num(1, 12, integer=True, doc="calendar month of the seasonal peak")
    start_month: int = _num(1, 12, integer=True, doc="calendar month of simulation month 0")
    shock_sd: Param = _num(0.0, 2.0, doc="sd of the monthly log volume shock")
    shock_ar1: Param = _num(0.0, 1.0, hi_open=True, doc="AR(1) persistence of the log shock")
    overdispersion: Param = _num(
        0.0, 10.0, doc="negative-binomial dispersion 1/k of counts; 0 gives Poisson counts"
    )
    callback_rate: Param = _num(0.0, 1.0, doc="share of unresolved or abandoned contacts that call again")


@dataclass(frozen=True)
class Service(_Part):
    """Service target and the queueing frame (mechanisms: handle time, staffing)."""

    aht_s: Param = _num(0.0, math.inf, lo_open=True, unit="s", doc="average handle time of a tenured agent")
    target_sl: Param = _num(0.0, 1.0, lo_open=True, hi_open=True, doc="share answered within target")
    target_time_s: Param = _num(0.0, 3600.0, lo_open=True, unit="s", doc="service-level target time")
    patience_s: Param = _num(0.0, math.inf, lo_open=True, unit="s", doc="mean caller patience (exp.)")
    shrinkage: Param = _num(0.0, 1.0, hi_open=True, doc="paid time not available for calls")
    open_hours_per_month: Param = _num(1.0, 744.0, unit="h", doc="hours the line is open per month")
    busy_hour_factor: Param = _num(1.0, 5.0, doc="busy-hour arrival rate / average arrival rate")
    schedule_factor: Param = _num(
        0.0, 1.0, lo_open=True, doc="average scheduled agents / busy-hour agents over the open day"
    )
    paid_hours_per_month: Param = _num(1.0, 744.0, unit="h", doc="paid hours of one FTE per month")


@dataclass(frozen=True)
class Staff(_Part):
    """The company's own agents: cost, attrition, hiring, ramp-up and morale.

    Claims: C1 (in-house carries wages, benefits, training), C7 (hiring takes months),
    C16 and C22 (layoffs, morale), C8 (management hours), C20 (in-house technology).
    """

    headcount: int | None = _num(
        0,
        math.inf,
        integer=True,
        unit="FTE",
        doc="in-house agents at t=0; None: staffed to the month-0 plan on each path",
        optional=True,
    )
    hourly_cost: Param = _num(0.0, math.inf, unit="$/paid hour", doc="loaded cost of an agent")
    attrition_annual: Param = _num(0.0, 1.0, hi_open=True, unit="per year", doc="agent attrition")
    replacement_cost_months: Param = _num(0.0, 24.0, unit="months of pay", doc="cost per hire")
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


@dataclass(frozen=True)
class Customers(_Part):
    """Customer churn from dissatisfying contacts (C10, C23)."""

    defect_prob: Param = _num(0.0, 1.0, doc="probability a dissatisfied contact defects")
    lifetime_margin: Param = _num(0.0, math.inf, unit="$", doc="margin lost per defecting customer")


@dataclass(frozen=True)
class Satisfaction(_Part):
    """Monthly CSAT (0-100) from resolution, service level and penalties (C10, C23, C24)."""

    csat_ref: Param = _num(0.0, 100.0, unit="points", doc="CSAT at the reference FCR and target SL")
    fcr_ref: Param = _num(0.0, 1.0, doc="reference first-contact resolution")
    fcr_slope: Param = _num(0.0, 500.0, unit="points per unit FCR", doc="CSAT gain per unit FCR")
    sl_slope: Param = _num(0.0, 500.0, unit="points per unit SL", doc="CSAT gain per unit service level")
    quality_floor: Param = _num(0.0, 1.0, doc="FCR share kept at zero quality")


@dataclass(frozen=True)
class Breach(_Part):
    """Data-breach exposure of the contact centre (C11)."""

    annual_prob: Param = _num(0.0, 1.0, unit="per year", doc="chance of a breach per year in-house")
    records: Param = _num(
        0.0, math.inf, unit="records", doc="records exposed per breach", per_event=True
    )
    cost_per_record: Param = _num(0.0, math.inf, unit="$", doc="cost per record exposed")
    csat_dip: Param = _num(0.0, 100.0, unit="points", doc="CSAT loss while the breach is news")
    dip_months: Param = _num(0.0, 60.0, unit="months", doc="how long the CSAT dip lasts")


# ---------------------------------------------------------------------- vendor parts


@dataclass(frozen=True)
class Language(_Part):
    """Language, accent and cultural distance of a vendor location (C10, C19)."""

    aht_factor: Param = _num(0.5, 3.0, doc="handle-time multiplier")
    fcr_factor: Param = _num(0.0, 1.5, lo_open=True, doc="first-contact-resolution multiplier")
    csat_penalty: Param = _num(0.0, 100.0, unit="points", doc="CSAT loss from accent frustration")
    defect_multiplier: Param = _num(0.0, 10.0, doc="defection multiplier of dissatisfied callers")


@dataclass(frozen=True)
class Quality(_Part):
    """Latent vendor quality and the client's oversight (C3, C9, C12, C14, C17, C18, C19).

    ``oversight`` is an effort level in [0, 1]; effort 1 is a full governance programme
    costing ``full_cost_share`` of vendor fees and ``hours_per_agent_full`` management
    hours per vendor agent.
    """

    initial: Param = _num(0.0, 1.0, doc="quality at go-live (vendor management quality)")
    target: Param = _num(0.0, 1.0, doc="level oversight pulls quality back to")
    oversight: Param = _num(0.0, 1.0, doc="client oversight effort")
    full_cost_share: Param = _num(0.0, 1.0, doc="governance cost at effort 1, share of fees")
    hours_per_agent_full: Param = _num(0.0, 100.0, unit="h/month", doc="oversight hours per agent")
    decay_rate: Param = _num(0.0, 0.5, unit="per month", doc="relative decay with no oversight")
    recovery_rate: Param = _num(0.0, 0.5, unit="per month", doc="share of gap closed at effort 1")
    noise_sd: Param = _num(0.0, 0.5, doc="sd of monthly quality noise")
    shared_agent_share: Param = _num(0.0, 1.0, doc="share of agents serving several clients")
    shared_agent_penalty: Param = _num(0.0, 1.0, doc="quality loss of a fully shared agent")
    new_agent_gap: Param = _num(0.0, 1.0, doc="quality deficit of a new vendor agent")


@dataclass(frozen=True)
class Contract(_Part):
    """Contract terms and exit (C13, C21)."""

    term_months: int = _num(1, 600, integer=True, unit="months", doc="initial term")
    min_commitment: Param = _num(0.0, 1.0, doc="minimum billable share of contracted hours")
    escalator_annual: Param = _num(-0.5, 1.0, unit="per year", doc="annual price escalator")
    exit_fee_months: Param = _num(0.0, 60.0, unit="months of fees", doc="termination fee")
    exit_threshold: Param = _num(0.0, 1.0, doc="quality below which the client wants to exit")
    exit_after_months: int = _num(1, 600, integer=True, unit="months", doc="months below threshold")
    p_unenforceable: Param = _num(0.0, 1.0, doc="chance that early exit cannot be enforced")
    notice_months: int = _num(0, 60, integer=True, unit="months", doc="notice before switching")
    switching_cost_months: Param = _num(0.0, 60.0, unit="months of fees", doc="cost of switching")
    transition_dip: Param = _num(0.0, 1.0, doc="quality loss of the vendor during its notice")


@dataclass(frozen=True)
class HandleTime(_Part):
    """Vendor technology (C5, C20)."""

    tech_factor: Param = _num(0.1, 3.0, doc="AHT multiplier from the vendor's tooling")
    tech_trend_annual: Param = _num(-0.5, 0.5, unit="per year", doc="annual change of vendor AHT")
    noise_sd: Param = _num(0.0, 1.0, doc="sd of the monthly log AHT noise")


@dataclass(frozen=True)
class VendorStaffing(_Part):
    """Vendor workforce: flexibility, attrition, ramp-up (C6, C7, C14, C21)."""

    price_per_hour: Param = _num(0.0, math.inf, unit="$/productive hour", doc="billed rate")
    scaling_lag_weeks: Param = _num(0.0, 26.0, unit="weeks", doc="time to follow a demand surprise")
    attrition_annual: Param = _num(0.0, 1.0, hi_open=True, unit="per year", doc="agent attrition")
    attrition_noise_sd: Param = _num(0.0, 2.0, doc="sd of monthly log attrition noise")
    ramp_weeks: Param = _num(0.0, 104.0, unit="weeks", doc="weeks for a new agent to reach target")
    new_hire_aht_factor: Param = _num(1.0, 5.0, doc="handle time of a new agent / tenured agent")
    breach_multiplier: Param = _num(0.0, 20.0, doc="breach rate relative to in-house (C11)")


@dataclass(frozen=True)
class Setup(_Part):
    """Going live (C2)."""

    lead_months: Param = _num(0.0, 60.0, unit="months", doc="months until the vendor is live")
    cost_months: Param = _num(0.0, 60.0, unit="months of fees", doc="one-off set-up cost")


_LOCATIONS = ("onshore", "nearshore", "offshore")


@dataclass(frozen=True)
class SourcingOption:
    """One way of running the contact centre.

    ``vendor_share`` of the calls go to a vendor at ``location``; the rest stay with the
    in-house staff (:class:`Staff`). ``vendor_share = 0`` is the in-house option and needs
    no vendor parts; any positive share needs all of them.
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

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ValueError(
                f"option name must be a Python identifier (letters, digits, _), got {self.name!r}"
            )
        share = check_value(
            f"{self.name}.vendor_share", self.vendor_share, _field_meta(SourcingOption, "vendor_share")
        )
        object.__setattr__(self, "vendor_share", share)
        if is_uncertain(share):
            raise ValueError(f"{self.name}.vendor_share must be a constant (a decision, not an unknown)")
        if share > 0:
            missing = [n for n in _VENDOR_PARTS if getattr(self, n) is None]
            if missing:
                raise ValueError(
                    f"option {self.name!r} sends {share:g} of calls to a vendor but has no "
                    f"{', '.join(missing)}; build vendor options with ccsim.presets.vendor_option()"
                )
            if self.location not in _LOCATIONS:
                raise ValueError(
                    f"{self.name}.location = {self.location!r}; expected one of {_LOCATIONS}"
                )

    @property
    def is_vendor(self) -> bool:
        return float(self.vendor_share) > 0


_VENDOR_PARTS = ("staffing", "language", "quality", "contract", "handle_time", "setup")


def _field_meta(cls: type, name: str) -> Mapping[str, Any]:
    for f in fields(cls):
        if f.name == name:
            return f.metadata
    raise KeyError(name)


_SCENARIO_PARTS = ("finance", "demand", "service", "staff", "customers", "satisfaction", "breach")


@dataclass(frozen=True)
class Scenario:
    """A complete sourcing decision: company-wide inputs and the options to compare.

    Build the calibrated default with :func:`ccsim.default_scenario`; change it with
    :meth:`with_overrides`, :meth:`with_option` and :meth:`without_option`.

    ``correlations`` holds rank correlations between uncertain inputs as
    ``((path_a, path_b, rho), ...)``.
    """

    finance: Finance
    demand: Demand
    service: Service
    staff: Staff
    customers: Customers
    satisfaction: Satisfaction
    breach: Breach
    options: tuple[SourcingOption, ...]
    name: str = "scenario"
    correlations: tuple[tuple[str, str, float], ...] = ()

    def __post_init__(self) -> None:
        opts = tuple(self.options)
        object.__setattr__(self, "options", opts)
        if not opts:
            raise ValueError("a scenario needs at least one option")
        names = [o.name for o in opts]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ValueError(f"option names must be unique; repeated: {dup}")
        clash = sorted(set(names) & set(_SCENARIO_PARTS) | ({"name", "correlations"} & set(names)))
        if clash:
            raise ValueError(f"option names {clash} clash with scenario parts {_SCENARIO_PARTS}")
        corr = tuple((str(a), str(b), float(r)) for a, b, r in self.correlations)
        object.__setattr__(self, "correlations", corr)
        uncertain = {p for p, _ in self.uncertain_inputs()}
        for a, b, r in corr:
            for p in (a, b):
                if p not in uncertain:
                    raise ValueError(
                        f"correlations: {p!r} is not an uncertain input of this scenario"
                        f"{_suggest(p, uncertain)}"
                    )
            if a == b:
                raise ValueError(f"correlations: {a!r} is correlated with itself")
            if not -1.0 <= r <= 1.0 or math.isnan(r):
                raise ValueError(f"correlations: rho for ({a!r}, {b!r}) = {r} is outside [-1, 1]")

    # ------------------------------------------------------------------ access

    @property
    def option_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.options)

    @property
    def horizon(self) -> int:
        return int(self.finance.horizon_months)

    def option(self, name: str) -> SourcingOption:
        for o in self.options:
            if o.name == name:
                return o
        raise KeyError(f"no option named {name!r}; options are {list(self.option_names)}")

    def get(self, path: str) -> Any:
        """The value at a dotted parameter path."""
        obj, attr = self._resolve(path)
        return getattr(obj, attr)

    def parameters(self) -> Iterator[tuple[str, Any, Mapping[str, Any]]]:
        """Every numeric parameter as ``(dotted path, value, field metadata)``."""
        for part in _SCENARIO_PARTS:
            yield from _walk(getattr(self, part), part)
        for o in self.options:
            yield from _walk(o, o.name)

    def parameter_paths(self) -> list[str]:
        return [p for p, _, _ in self.parameters()]

    def uncertain_inputs(self) -> list[tuple[str, Distribution]]:
        """The uncertain inputs drawn once per path, as ``(dotted path, distribution)``.

        The order is stable (scenario parts, then options in order). Per-event
        distributions (``breach.records``) are not included: they are drawn per event.
        """
        return [
            (p, as_distribution(v))
            for p, v, m in self.parameters()
            if is_uncertain(v) and not m.get("per_event")
        ]

    # ------------------------------------------------------------------ changes

    def with_overrides(self, overrides: Mapping[str, Any] | None = None, **kw: Any) -> Scenario:
        """A new scenario with parameters replaced.

        Parameters
        ----------
        overrides
            ``{"offshore.quality.oversight": 0.0, "demand.trend_annual": dist.Uniform(0, .05)}``.
            Values are constants or distributions; they are validated against the
            parameter's allowed range before anything runs.
        **kw
            Top-level fields (``name``, ``correlations``).

        Raises
        ------
        KeyError
            For an unknown path, listing the closest valid paths.
        ValueError
            For a value outside the parameter's allowed range.
        """
        new = self
        for path, value in (overrides or {}).items():
            new = new._replace_path(path, value)
        if kw:
            new = dataclasses.replace(new, **kw)
        return new

    def with_option(self, option: SourcingOption) -> Scenario:
        """Add ``option`` (or replace the option of the same name)."""
        opts = [o for o in self.options if o.name != option.name]
        if len(opts) == len(self.options):
            opts.append(option)
        else:
            opts = [option if o.name == option.name else o for o in self.options]
        return dataclasses.replace(self, options=tuple(opts))

    def without_option(self, name: str) -> Scenario:
        self.option(name)
        return dataclasses.replace(self, options=tuple(o for o in self.options if o.name != name))

    def _resolve(self, path: str) -> tuple[Any, str]:
        parts = path.split(".")
        head = parts[0]
        if head in _SCENARIO_PARTS:
            obj: Any = getattr(self, head)
        elif head in self.option_names:
            obj = self.option(head)
        else:
            raise KeyError(_unknown(path, self.parameter_paths()))
        for p in parts[1:-1]:
            nxt = getattr(obj, p, None) if dataclasses.is_dataclass(obj) else None
            if nxt is None or not dataclasses.is_dataclass(nxt):
                raise KeyError(_unknown(path, self.parameter_paths()))
            obj = nxt
        attr = parts[-1]
        if len(parts) < 2 or attr not in {f.name for f in fields(obj)} or attr == "name":
            raise KeyError(_unknown(path, self.parameter_paths()))
        return obj, attr

    def _replace_path(self, path: str, value: Any) -> Scenario:
        obj, attr = self._resolve(path)
        meta = _field_meta(type(obj), attr)
        if "range" not in meta:
            raise KeyError(_unknown(path, self.parameter_paths()))
        value = check_value(path, value, meta)
        parts = path.split(".")
        # rebuild from the leaf up
        chain: list[Any] = []
        head = parts[0]
        cur: Any = getattr(self, head) if head in _SCENARIO_PARTS else self.option(head)
        chain.append(cur)
        for p in parts[1:-1]:
            cur = getattr(cur, p)
            chain.append(cur)
        new_val: Any = value
        for obj_i, key in zip(reversed(chain), reversed(parts[1:]), strict=True):
            new_val = dataclasses.replace(obj_i, **{key: new_val})
        if head in _SCENARIO_PARTS:
            return dataclasses.replace(self, **{head: new_val})
        return dataclasses.replace(
            self, options=tuple(new_val if o.name == head else o for o in self.options)
        )

    # ------------------------------------------------------------------ files

    def to_dict(self) -> dict[str, Any]:
        from ccsim._serialize import scenario_to_dict

        return scenario_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<dict>") -> Scenario:
        from ccsim._serialize import scenario_from_dict

        return scenario_from_dict(data, source=source)

    def to_toml(self, path: Any) -> None:
        """Write the scenario to a TOML file (distributions and correlations included)."""
        from ccsim._serialize import write_toml

        write_toml(self, path)

    @classmethod
    def from_toml(cls, path: Any) -> Scenario:
        """Read a scenario written by :meth:`to_toml` (or by hand)."""
        from ccsim._serialize import read_toml

        return read_toml(path)


def _walk(obj: Any, prefix: str) -> Iterator[tuple[str, Any, Mapping[str, Any]]]:
    for f in fields(obj):
        v = getattr(obj, f.name)
        if "range" in f.metadata:
            yield f"{prefix}.{f.name}", v, f.metadata
        elif dataclasses.is_dataclass(v) and not isinstance(v, Distribution):
            yield from _walk(v, f"{prefix}.{f.name}")


def _suggest(path: str, valid: Sequence[str] | set[str]) -> str:
    close = difflib.get_close_matches(path, sorted(valid), n=5, cutoff=0.5)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def _unknown(path: str, valid: Sequence[str]) -> str:
    close = difflib.get_close_matches(path, list(valid), n=5, cutoff=0.4)
    if not close:
        tail = path.split(".")[-1]
        close = [v for v in valid if v.endswith("." + tail)][:5]
    hint = f"; closest valid paths: {', '.join(close)}" if close else ""
    return f"unknown parameter path {path!r}{hint}"
