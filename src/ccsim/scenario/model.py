"""The scenario: company-wide parts and the sourcing options, addressed by dotted paths.

A :class:`Scenario` holds the company-wide inputs (demand, service target, the in-house
staff, customers, satisfaction, data-breach exposure, finance; see
:mod:`ccsim.scenario.parts`) and a tuple of :class:`SourcingOption` objects
(``in_house``, ``onshore``, ...). Every numeric input is either a constant or a
:mod:`ccsim.dist` distribution, drawn once per path.

Parameters are addressed by dotted paths: the first segment is a scenario part
(``demand``, ``staff``, ...) or an option name (``offshore``), e.g.
``"offshore.quality.oversight"`` or ``"staff.attrition_annual"``.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from ccsim.dist import Distribution, as_distribution, is_uncertain
from ccsim.errors import ScenarioError, ScenarioTypeError, UnknownParameterError
from ccsim.scenario import io
from ccsim.scenario.fields import DEFER_RULES, IN_HOUSE, _field_meta, check_value, reach
from ccsim.scenario.parts import (
    _SCENARIO_PARTS,
    Breach,
    Contract,
    Customers,
    Demand,
    Finance,
    HandleTime,
    Satisfaction,
    Service,
    SourcingOption,
    Staff,
)

__all__ = ["Scenario"]

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
        if not isinstance(self.name, str):
            raise ScenarioTypeError(f"Scenario.name must be a string, got {self.name!r}")
        _check_text("Scenario.name", self.name)
        for part, cls in _PART_TYPES.items():
            if not isinstance(getattr(self, part), cls):
                raise ScenarioTypeError(
                    f"Scenario.{part} must be a {cls.__name__}, got {getattr(self, part)!r}"
                )
        try:
            opts = tuple(self.options)
        except TypeError:
            raise ScenarioTypeError(
                f"Scenario.options must be a sequence of SourcingOption, got {self.options!r}"
            ) from None
        object.__setattr__(self, "options", opts)
        bad = [o for o in opts if not isinstance(o, SourcingOption)]
        if bad:
            raise ScenarioTypeError(f"Scenario.options must hold SourcingOption objects, got {bad[0]!r}")
        if not opts:
            raise ScenarioError("a scenario needs at least one option")
        names = [o.name for o in opts]
        dup = sorted({n for n in names if names.count(n) > 1})
        if dup:
            raise ScenarioError(f"option names must be unique; repeated: {dup}")
        clash = sorted(set(names) & set(_SCENARIO_PARTS) | ({"name", "correlations"} & set(names)))
        if clash:
            raise ScenarioError(f"option names {clash} clash with scenario parts {_SCENARIO_PARTS}")
        try:
            corr = tuple((str(a), str(b), float(r)) for a, b, r in self.correlations)
        except (TypeError, ValueError):
            raise ScenarioTypeError(
                "Scenario.correlations must be a sequence of (path_a, path_b, rho), got "
                f"{self.correlations!r}"
            ) from None
        object.__setattr__(self, "correlations", corr)
        if not DEFER_RULES.get():
            self._check_across_parts()
        uncertain = {p for p, _ in self.uncertain_inputs()}
        for a, b, r in corr:
            for p in (a, b):
                if p not in uncertain:
                    raise ScenarioError(
                        f"correlations: {p!r} is not an uncertain input of this scenario"
                        f"{_suggest(p, uncertain)}"
                    )
            if a == b:
                raise ScenarioError(f"correlations: {a!r} is correlated with itself")
            if not -1.0 <= r <= 1.0 or math.isnan(r):
                raise ScenarioError(f"correlations: rho for ({a!r}, {b!r}) = {r} is outside [-1, 1]")

    def _check_across_parts(self) -> None:
        """Rules between inputs of different parts (checked once all overrides are in)."""
        if any(o.is_vendor and o.routing == "by_type" for o in self.options):
            _check_simple_fcr(self)
        _check_volume_growth(self)
        _check_handle_time_trend(self)
        vendors = [o.name for o in self.options if o.is_vendor]
        for o in self.options:
            if o.contract is not None:
                o.contract.check_bands(f"{o.name}.contract")
                if o.is_vendor:
                    _check_price_growth(o.name, o.contract, self.horizon)
            if o.fallback != IN_HOUSE and o.fallback not in vendors:
                raise ScenarioError(
                    f"{o.name}.fallback = {o.fallback!r} names no vendor option of this scenario; "
                    f"expected {IN_HOUSE!r} or one of {[v for v in vendors if v != o.name]}"
                    f"{_suggest(o.fallback, [v for v in vendors if v != o.name])}"
                )

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
        raise UnknownParameterError(f"no option named {name!r}; options are {list(self.option_names)}")

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
        distributions (``breach.share_exposed``) are not included: they are drawn per event.
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
        UnknownParameterError
            For an unknown path, listing the closest valid paths (a :class:`ScenarioError`
            and a ``KeyError``).
        ScenarioError
            For a value outside the parameter's allowed range, or ``overrides`` that is
            not a mapping from dotted paths (strings) to values.
        """
        if overrides is None:
            overrides = {}
        if not isinstance(overrides, Mapping):
            raise ScenarioTypeError(
                "with_overrides expects a mapping {dotted path: value}, got "
                f"{type(overrides).__name__} {overrides!r}"
            )
        new = self
        for path in overrides:
            if not isinstance(path, str):
                raise ScenarioTypeError(
                    f"with_overrides: parameter paths must be strings such as "
                    f"'service.aht_s', got {path!r} ({type(path).__name__})"
                )
        # a contract's pricing model needs its price: set prices before switching models
        items = sorted(overrides.items(), key=lambda kv: kv[0].endswith(".pricing"))
        # a rule between parts is checked on the result, not after each override, so
        # that the order of the overrides does not matter
        token = DEFER_RULES.set(True)
        try:
            for path, value in items:
                new = new._replace_path(path, value)
        finally:
            DEFER_RULES.reset(token)
        new._check_across_parts()
        unknown = sorted(set(kw) - {"name", "correlations"})
        if unknown:
            raise UnknownParameterError(
                f"with_overrides: unknown keyword {unknown[0]!r}; keywords are 'name' and "
                "'correlations' (pass parameters as a mapping of dotted paths)"
            )
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
        if not isinstance(path, str):
            raise ScenarioTypeError(
                f"a parameter path must be a string such as 'service.aht_s', got {path!r}"
            )
        parts = path.split(".")
        head = parts[0]
        if head in _SCENARIO_PARTS:
            obj: Any = getattr(self, head)
        elif head in self.option_names:
            obj = self.option(head)
        else:
            raise UnknownParameterError(_unknown(path, self.parameter_paths()))
        for p in parts[1:-1]:
            nxt = getattr(obj, p, None) if dataclasses.is_dataclass(obj) else None
            if nxt is None or not dataclasses.is_dataclass(nxt):
                raise UnknownParameterError(_unknown(path, self.parameter_paths()))
            obj = nxt
        attr = parts[-1]
        if len(parts) < 2 or attr not in {f.name for f in fields(obj)} or attr == "name":
            raise UnknownParameterError(_unknown(path, self.parameter_paths()))
        return obj, attr

    def _replace_path(self, path: str, value: Any) -> Scenario:
        obj, attr = self._resolve(path)
        meta = _field_meta(type(obj), attr)
        if "range" not in meta and "choices" not in meta and not meta.get("option_ref"):
            raise UnknownParameterError(_unknown(path, self.parameter_paths()))
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
        try:
            for obj_i, key in zip(reversed(chain), reversed(parts[1:]), strict=True):
                new_val = dataclasses.replace(obj_i, **{key: new_val})
        except ScenarioError as exc:  # a rule between inputs: say which override broke it
            if path in str(exc):
                raise
            raise type(exc)(f"{path} = {value!r}: {exc}") from exc
        if head in _SCENARIO_PARTS:
            return dataclasses.replace(self, **{head: new_val})
        return dataclasses.replace(
            self, options=tuple(new_val if o.name == head else o for o in self.options)
        )

    # ------------------------------------------------------------------ files

    def to_dict(self) -> dict[str, Any]:
        return io.scenario_to_dict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<dict>") -> Scenario:
        return io.scenario_from_dict(data, source=source, scenario_cls=cls)

    def to_toml(self, path: Any) -> None:
        """Write the scenario to a TOML file (distributions and correlations included)."""
        io.write_toml(self, path)

    @classmethod
    def from_toml(cls, path: Any) -> Scenario:
        """Read a scenario written by :meth:`to_toml` (or by hand)."""
        return io.read_toml(path, scenario_cls=cls)


_PART_TYPES: dict[str, type] = {
    "finance": Finance,
    "demand": Demand,
    "service": Service,
    "staff": Staff,
    "customers": Customers,
    "satisfaction": Satisfaction,
    "breach": Breach,
}




def _bounds(value: Any) -> tuple[float, float]:
    """Smallest and largest value an input can take (a constant: itself twice)."""
    if isinstance(value, Distribution):
        return value.support()
    return float(value), float(value)


def _check_simple_fcr(sc: Scenario) -> None:
    """A by_type hybrid's simple contacts must not resolve more than every time.

    At full quality a simple contact resolves with ``fcr k / (s k + 1 - s)``, largest
    at the highest ``staff.fcr`` and ``demand.simple_fcr_ratio`` ``k`` and the lowest
    ``demand.simple_share`` ``s``; that must not exceed 1.
    """
    fcr = _bounds(sc.staff.fcr)[1]
    k = _bounds(sc.demand.simple_fcr_ratio)[1]
    s = _bounds(sc.demand.simple_share)[0]
    top = fcr * k / (s * k + 1.0 - s)
    # top > 1 is k (fcr - s) > 1 - s: tested in that form, so that fcr = s (where the
    # quotient may round above 1) is accepted and the bound below never divides by 0
    if fcr > s and k * (fcr - s) > 1.0 - s:
        raise ScenarioError(
            f"demand.simple_fcr_ratio = {sc.demand.simple_fcr_ratio!r} with staff.fcr = "
            f"{sc.staff.fcr!r} and demand.simple_share = {sc.demand.simple_share!r} gives simple "
            f"contacts a first-contact resolution of up to {top:.3f}; it must not exceed 1 "
            f"(lower the ratio to at most {(1.0 - s) / (fcr - s):.3f} or raise the simple share)"
        )


#: Most a vendor's price index (escalator; with a COLA, local wages times the currency)
#: may grow over the horizon at the highest values its inputs can take. With it and
#: the trended volume within ``demand.base_volume``'s limit, every cost stays within
#: the scales docs/limits.md states.
MAX_PRICE_GROWTH = 1e6
#: The quantile (in standard deviations) of the currency's random walk that the price
#: growth rule allows for: the ``1 - 2**-53`` quantile of a normal, as for distributions.
_Z_REACH = 8.21


#: Fewest fresh calls a month a declining trend may lead to (unless the base is 0): a
#: fraction of a call a month left repeat contacts of ~1e-300 calls and NaN outputs.
MIN_TRENDED_VOLUME = 0.5


def _check_volume_growth(sc: Scenario) -> None:
    """The trended fresh volume ``base (1 + trend)^(horizon / 12)`` must stay within
    [:data:`MIN_TRENDED_VOLUME`, 1e9] calls a month over the horizon (0 stays 0)."""
    years = sc.horizon / 12.0
    (b_lo, b_hi), (t_lo, t_hi) = reach(sc.demand.base_volume), reach(sc.demand.trend_annual)
    top, bottom = b_hi * (1.0 + t_hi) ** years, b_lo * (1.0 + t_lo) ** years
    lim_hi = _field_meta(Demand, "base_volume")["range"][1]
    for x, t in ((top, t_hi), (bottom, t_lo)):
        end = "grows to" if x > lim_hi else "falls to"
        if x != 0.0 and not MIN_TRENDED_VOLUME <= x <= lim_hi:  # a base that can be 0 may stay 0
            raise ScenarioError(
                f"demand.trend_annual = {sc.demand.trend_annual!r}: at {t:g} a year over "
                f"finance.horizon_months = {sc.horizon} the fresh volume "
                f"(demand.base_volume = {sc.demand.base_volume!r}) {end} {x:.3g} calls a "
                f"month; it must stay within [{MIN_TRENDED_VOLUME:g}, {lim_hi:g}] (or be 0); "
                "use a smaller trend or a shorter horizon"
            )


def _check_handle_time_trend(sc: Scenario) -> None:
    """A technology trend's effect on the handle time over the horizon,
    ``(1 + trend)^(horizon / 12)``, must stay within the range of a tooling factor
    (``<option>.handle_time.tech_factor``, [0.1, 3]) at the lowest and highest value the
    trend can take: for the in-house trend (``staff.tech_trend_annual``) and each
    vendor's (``<option>.handle_time.tech_trend_annual``)."""
    years = sc.horizon / 12.0
    lo, hi = _field_meta(HandleTime, "tech_factor")["range"]
    trends = {"staff.tech_trend_annual": sc.staff.tech_trend_annual}
    trends.update({f"{o.name}.handle_time.tech_trend_annual": o.handle_time.tech_trend_annual
                   for o in sc.options if o.is_vendor and o.handle_time is not None})
    for path, trend in trends.items():
        for t in reach(trend):
            x = (1.0 + t) ** years
            if not lo <= x <= hi:
                raise ScenarioError(
                    f"{path} = {trend!r}: at {t:g} a year over finance.horizon_months = "
                    f"{sc.horizon} the handle time {'grows' if x > hi else 'falls'} "
                    f"{x if x > hi else 1.0 / x:.3g}-fold; a trend may change it at most as "
                    f"much as a tooling factor does, by a factor within [{lo:g}, {hi:g}] (the "
                    "range of <option>.handle_time.tech_factor; see docs/limits.md, rules "
                    "between inputs); use a smaller trend or a shorter horizon"
                )


def _check_price_growth(name: str, c: Contract, horizon: int) -> None:
    """A vendor's price index may grow at most :data:`MAX_PRICE_GROWTH`-fold over the
    horizon: ``(1 + escalator)^Y``, and with a COLA also
    ``(1 + wage_inflation)^Y exp(fx_drift Y + 8.21 fx_sd sqrt(Y))``, ``Y = horizon / 12``
    years, each input at the highest value it can take."""
    years = horizon / 12.0
    e, w = reach(c.escalator_annual)[1], reach(c.wage_inflation_annual)[1]
    drift, sd = reach(c.fx_drift_annual)[1], reach(c.fx_sd_annual)[1]
    growth = {f"{name}.contract.escalator_annual = {c.escalator_annual!r}": (1.0 + e) ** years}
    if reach(c.cola_share)[1] > 0.0:
        log_g = years * math.log1p(w) + max(drift, 0.0) * years + _Z_REACH * sd * math.sqrt(years)
        growth[
            f"{name}.contract.cola_share = {c.cola_share!r} with "
            f"{name}.contract.wage_inflation_annual = {c.wage_inflation_annual!r}, "
            f"{name}.contract.fx_drift_annual = {c.fx_drift_annual!r} and "
            f"{name}.contract.fx_sd_annual = {c.fx_sd_annual!r}"
        ] = math.exp(min(log_g, 700.0))
    for what, g in growth.items():
        if g > MAX_PRICE_GROWTH:
            raise ScenarioError(
                f"{what}: the price would grow {g:.3g}-fold over finance.horizon_months = "
                f"{horizon}; at most {MAX_PRICE_GROWTH:g}-fold is allowed (see docs/limits.md, "
                "rules between inputs); use smaller rates or a shorter horizon"
            )


def _check_text(name: str, text: str) -> None:
    """A name written to files: printable text that UTF-8 (hence TOML) can hold."""
    bad = [ch for ch in text if 0xD800 <= ord(ch) <= 0xDFFF or (ord(ch) < 0x20 and ch != "\t")
           or ord(ch) == 0x7F]
    if bad:
        raise ScenarioError(
            f"{name} = {text!r} contains the character {bad[0]!r} (U+{ord(bad[0]):04X}); "
            "use printable text (control characters and lone surrogates cannot be saved)"
        )


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
