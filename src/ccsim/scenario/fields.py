"""The fields of a scenario's parts: numeric inputs with their allowed range, choices,
option references, and the checks every value passes on construction.

:func:`_num`, :func:`_choice` and :func:`_option_ref` declare a dataclass field with its
metadata (range, unit, doc); :class:`_Part` validates every such field of a part with
:func:`check_value` when the part is built; :func:`reach` is the span a sampler can draw
from a constant or a distribution. The parts themselves are in
:mod:`ccsim.scenario.parts`.
"""

from __future__ import annotations

import contextvars
import dataclasses
import math
from collections.abc import Mapping
from dataclasses import field, fields
from typing import Any

import numpy as np

from ccsim.dist import as_distribution, is_uncertain
from ccsim.errors import ScenarioError, ScenarioTypeError

__all__ = [
    "DEFER_RULES",
    "IN_HOUSE",
    "NO_BAND",
    "SAMPLER_U_MAX",
    "Param",
    "check_value",
    "reach",
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
    tiny: float = 0.0,
) -> Any:
    """A numeric dataclass field carrying its allowed range for validation.

    ``per_event`` marks a distribution drawn afresh for every event (e.g. the records
    exposed by each breach) rather than once per path. ``tiny`` (with ``lo = 0``) makes
    the range ``0 or [tiny, hi]``: a positive value below ``tiny`` means nothing real
    and underflows downstream (use 0).
    """
    assert tiny == 0.0 or (lo == 0.0 and not lo_open and tiny > 0.0)
    meta = {
        "tiny": tiny,
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
    if meta.get("tiny"):
        return f"0 or [{meta['tiny']:g}, {hi:g}{')' if hi_open else ']'}"
    return f"{'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"


def _in_range(x: float, meta: Mapping[str, Any]) -> bool:
    lo, hi = meta["range"]
    lo_open, hi_open = meta["open"]
    ok_lo = x > lo if lo_open else x >= lo
    ok_hi = x < hi if hi_open else x <= hi
    return ok_lo and ok_hi and not 0.0 < x < meta.get("tiny", 0.0)


#: ``band_*_units`` of a contract without volume bands: more units a month than any
#: centre handles (a finite limit, as every input's is; see docs/limits.md).
NO_BAND = 1e12

#: The largest uniform any sampler hands to a quantile function: ``numpy``'s
#: ``Generator.random`` returns at most ``1 - 2**-53`` (LHS and Sobol' points are clipped
#: to ``[2**-53, 1 - 2**-53]``, an :class:`~ccsim.sampling.InputDesign` lies in (0, 1)).
#: A distribution's reachable range is ``[ppf(0), ppf(SAMPLER_U_MAX)]``.
SAMPLER_U_MAX = 1.0 - 2.0**-53

#: Set while :meth:`ccsim.Scenario.with_overrides` applies its overrides one by one: rules
#: between inputs are then checked once, on the result, so that the order of the
#: overrides does not matter.
DEFER_RULES: contextvars.ContextVar[bool] = contextvars.ContextVar("DEFER_RULES", default=False)


def reach(value: Any) -> tuple[float, float]:
    """The lowest and highest value a sampler can draw for ``value`` (a constant: itself
    twice; a distribution: ``ppf(0)`` and ``ppf(SAMPLER_U_MAX)``)."""
    if is_uncertain(value):
        with np.errstate(all="ignore"):
            lo, hi = as_distribution(value).ppf(np.array([0.0, SAMPLER_U_MAX]))
        return float(lo), float(hi)
    return float(value), float(value)


def _shown(value: Any) -> str:
    """``repr`` of a value for a message; a huge integer by its number of digits (Python
    refuses to print an integer of more than 4,300 digits)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1000:
        digits = int(value.bit_length() * math.log10(2.0)) + 1
        return f"{'-' if value < 0 else ''}<an integer of about {digits:,} digits>"
    return repr(value)


def check_value(path: str, value: Any, meta: Mapping[str, Any]) -> Any:
    """Validate one parameter value against its field metadata.

    A constant must be a finite number inside the allowed range (every range is
    finite, see ``docs/limits.md``). A distribution must stay inside it at every
    quantile a sampler can reach: ``ppf(0)`` and ``ppf(SAMPLER_U_MAX)`` (its quantile
    function is monotone); an end may touch an open bound (probability 0). A
    log-normal, for example, is accepted for a bounded input as long as its
    ``1 - 2**-53`` quantile (about ``exp(mu + 8.2 sigma)``) is within the bound.

    Returns the value (frozen scipy distributions wrapped in :class:`ScipyDist`).

    Raises
    ------
    ScenarioError
        Naming ``path``, the value and the allowed range
        (:class:`~ccsim.errors.ScenarioTypeError` for a value that is not a number or a
        distribution).
    """
    if "choices" in meta:
        return _check_choice(path, value, meta)
    if meta.get("option_ref"):
        return _check_option_ref(path, value)
    rng = _range_text(meta)
    unit = f" {meta['unit']}" if meta.get("unit") else ""
    if value is None and meta.get("optional"):
        return None
    if is_uncertain(value):
        try:
            d = as_distribution(value)
            with np.errstate(all="ignore"):  # an overflow is a value out of range, below
                lo, hi = (float(v) for v in d.ppf(np.array([0.0, SAMPLER_U_MAX])))
        except (TypeError, ValueError) as exc:
            raise ScenarioError(f"{path}: invalid distribution {value!r}: {exc}") from None
        if meta.get("integer"):
            raise ScenarioError(
                f"{path} must be a whole number in {rng}; distributions are not allowed here"
            )
        for end, x in (("lowest", lo), ("highest", hi)):
            if math.isnan(x) or (not _in_range(x, meta) and not _edge_ok(x, meta)):
                raise ScenarioError(
                    f"{path}: the distribution {d!r} reaches {x:g} ({end} value a sampler can "
                    f"draw), outside the allowed range {rng}{unit}; truncate it or choose a "
                    "bounded one"
                )
        return d
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioTypeError(
            f"{path} must be a number or a ccsim.dist distribution (allowed range {rng}{unit}), "
            f"got {value!r}"
        )
    try:
        x = float(value)
    except OverflowError:  # an int too large for a double
        raise ScenarioError(
            f"{path} = {_shown(value)} is outside the allowed range {rng}{unit}"
        ) from None
    if math.isnan(x):
        raise ScenarioError(f"{path} is NaN; allowed range {rng}{unit}")
    if not _in_range(x, meta):
        why = ""
        if 0.0 < x < meta.get("tiny", 0.0):
            why = f" (a positive value below {meta['tiny']:g} means nothing real: use 0)"
        raise ScenarioError(f"{path} = {value!r} is outside the allowed range {rng}{unit}{why}")
    if meta.get("integer") and x != int(x):
        raise ScenarioError(f"{path} = {value!r} must be a whole number in {rng}")
    return value


def _edge_ok(x: float, meta: Mapping[str, Any]) -> bool:
    # The support end of a continuous distribution may touch an open bound (probability 0).
    lo, hi = meta["range"]
    return (x == lo and meta["open"][0]) or (x == hi and meta["open"][1])


class _Part:
    """Mixin: validate numeric fields on construction, with class-qualified names."""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            if "range" in f.metadata or "choices" in f.metadata:
                v = check_value(f"{type(self).__name__}.{f.name}", getattr(self, f.name), f.metadata)
                object.__setattr__(self, f.name, v)


def _choice(choices: tuple[str, ...], *, default: str, doc: str = "") -> Any:
    """A text dataclass field taking one of ``choices`` (e.g. a contract's pricing model)."""
    return field(default=default, metadata={"choices": choices, "doc": doc, "unit": ""})


#: ``<option>.fallback`` naming no other option: an exit takes the work back in-house.
IN_HOUSE = "in_house"


def _option_ref(*, doc: str = "") -> Any:
    """A text field naming another option of the scenario (or ``"in_house"``)."""
    return field(default=IN_HOUSE, metadata={"option_ref": True, "doc": doc, "unit": ""})


def _check_option_ref(path: str, value: Any) -> str:
    """The text of an option reference: ``"in_house"`` or an option name (an identifier);
    whether that option exists is checked by the scenario."""
    if not isinstance(value, str) or not value.isidentifier():
        raise ScenarioError(
            f"{path} = {value!r}; expected {IN_HOUSE!r} or the name of another vendor option "
            "of the scenario"
        )
    return value


def _check_choice(path: str, value: Any, meta: Mapping[str, Any]) -> str:
    if not isinstance(value, str) or value not in meta["choices"]:
        raise ScenarioError(f"{path} = {value!r}; expected one of {list(meta['choices'])}")
    return value


def _field_meta(cls: type, name: str) -> Mapping[str, Any]:
    for f in fields(cls):
        if f.name == name:
            return f.metadata
    raise KeyError(name)
