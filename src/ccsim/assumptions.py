"""Inputs in plain words: names, values and ranges a board reads without a glossary.

No dotted paths, no log-scale parameters, no scientific notation: an input is named
by its option and meaning (``offshore.staffing.price_per_hour`` -> "Offshore: price
per hour"), a value is written in its unit (``$14.20 per productive hour``, ``30%``,
``120,000 calls/month``) and a distribution by its median and 90% range, whatever its
family.

Examples
--------
>>> import ccsim
>>> from ccsim.assumptions import describe_input, input_label
>>> sc = ccsim.default_scenario()
>>> input_label("offshore.staffing.price_per_hour", sc)
'Offshore: price per hour'
>>> describe_input(sc, "offshore.staffing.price_per_hour")
'median $11.00, 90% between $8.30 and $13.70 per productive hour'
>>> describe_input(sc, "service.shrinkage")
'30%, measured to +/-3%'
>>> describe_input(sc, "customers.annual_margin")
'judgement: median $97.65, 90% between $56.13 and $152 per customer-year'
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ccsim.dist import PERT, as_distribution, is_uncertain
from ccsim.format import fmt_money, option_label
from ccsim.scenario import Scenario, presets
from ccsim.scenario.presets import SOURCES, default_scenario

__all__ = ["assumptions_table", "describe_input", "input_kind", "input_label",
           "key_assumptions", "plain_value"]

#: Words of a field name that read better spelled out.
_WORDS = {"aht": "handle time", "s": "(s)", "sl": "service level", "fcr": "first-contact "
          "resolution", "csat": "CSAT", "fte": "FTE", "npv": "NPV", "mgmt": "management"}
#: Parts of a dotted path that name a group rather than a meaning.
_GROUPS = {"staffing", "service", "demand", "finance", "quality", "contract", "costs",
           "attrition", "breach", "satisfaction", "golive", "handle_time", "workforce",
           "customers", "churn", "management", "oversight", "transition"}


def _field_words(field: str) -> str:
    parts = field.split("_")
    if parts and parts[-1] in ("s", "annual") and len(parts) > 1:
        parts = parts[:-1]  # unit suffix: shown with the unit
    if parts[:1] == ["p"] and len(parts) > 1:
        parts = ["chance", "of", *parts[1:]]
    return " ".join(_WORDS.get(p, p) for p in parts)


def input_label(path: str, scenario: Scenario | None = None) -> str:
    """Plain name of the input at dotted ``path``: option (if any), then its meaning.

    Parameters
    ----------
    path
        Dotted parameter path, e.g. ``"offshore.staffing.price_per_hour"``.
    scenario
        The scenario, to tell option names from scenario parts (without it, any head
        that is not a known scenario part is taken as an option).
    """
    head, _, rest = path.partition(".")
    last = path.rsplit(".", 1)[-1]
    words = _field_words(last)
    is_option = (head in scenario.option_names) if scenario is not None else head not in _GROUPS
    if is_option and rest:
        group = rest.split(".")[0] if "." in rest else ""
        if group and group not in ("staffing", "language", "handle_time"):
            words = f"{_field_words(group)} {words}"
        return f"{option_label(head)}: {words}"
    group = path.split(".")[-2] if path.count(".") >= 1 else ""
    text = words if group in _GROUPS or not group else f"{_field_words(group)} {words}"
    return text[:1].upper() + text[1:]


_SHARE_WORDS = ("share", "rate", "probability", "fraction", "discount", "growth", "percent",
                "shrinkage", "paid time not available", "occupancy", "attrition", "escalator",
                "trend", "prob", "penalty", "dip", "gap", "chance")


def _is_share(unit: str, doc: str) -> bool:
    d = doc.lower()
    return unit in ("", "per year", "per month") and any(w in d for w in _SHARE_WORDS)


def plain_value(x: float, unit: str = "", doc: str = "") -> str:
    """A number in its unit, without scientific notation.

    Money (``$``-units) as ``$14.20`` or ``$1.2M``; shares (unit-less rates and
    shares, described as such) as percentages; other values with thousands separators
    and at most three significant decimals.

    Examples
    --------
    >>> plain_value(14.2, "$/productive hour")
    '$14.20 per productive hour'
    >>> plain_value(0.3, "", "paid time not available for calls")
    '30%'
    >>> plain_value(1.23e-5, "per year")
    '0.0000123 per year'
    >>> plain_value(120000, "calls/month")
    '120,000 calls/month'
    """
    if not math.isfinite(x):
        return "auto" if math.isnan(x) else ("unbounded" if x > 0 else "-unbounded")
    unit = unit or ""
    if unit.startswith("$"):
        txt = fmt_money(x)
        per = unit[1:].lstrip("/").strip()
        return f"{txt} per {per}" if per else txt
    if _is_share(unit, doc) and -1.0 <= x <= 1.0:
        p = 100.0 * x
        txt = f"{p:.0f}%" if abs(p) >= 10 or p == round(p) else f"{p:.2g}%"
        return f"{txt} {unit}".strip()
    txt = _plain_number(x)
    return f"{txt} {unit}".strip()


def _plain_number(x: float) -> str:
    a = abs(x)
    if a == 0:
        return "0"
    if x == round(x) and a < 1e15:
        return f"{round(x):,}"
    if a >= 100:
        return f"{x:,.0f}"
    if a >= 1:
        return f"{x:,.3g}" if a < 10 else f"{x:,.1f}"
    digits = max(0, -math.floor(math.log10(a)) + 2)
    return f"{x:.{digits}f}".rstrip("0").rstrip(".")


def _meta(scenario: Scenario) -> dict[str, tuple[Any, Mapping[str, Any]]]:
    return {p: (v, m) for p, v, m in scenario.parameters()}


def describe_input(scenario: Scenario, path: str) -> str:
    """The value of an input in plain words: a constant, or median and 90% range.

    A fact of the centre reads as its value and measurement error; a judgement
    (:func:`input_kind`) is prefixed ``judgement:`` wherever it is shown.

    Raises
    ------
    KeyError
        If ``path`` is not a parameter of the scenario.
    """

    meta = _meta(scenario)
    if path not in meta:
        raise KeyError(f"{path!r} is not a parameter of the scenario")
    value, m = meta[path]
    kind = input_kind(scenario, path)
    text = _describe(value, m, path)
    if kind == "judgement":
        return f"judgement: {text}"
    return text


def _describe(value: Any, m: Mapping[str, Any], path: str) -> str:
    unit = str(m.get("unit", ""))
    doc = str(m.get("doc", "")) + " " + path.rsplit(".", 1)[-1].replace("_", " ")
    if value is None:
        return "set automatically"
    if not is_uncertain(value):
        return plain_value(float(value), unit, doc)
    if path in presets.FACTS and isinstance(value, PERT) and value.mode > 0:
        err = max(value.mode - value.low, value.high - value.mode) / value.mode
        return f"{plain_value(float(value.mode), unit, doc)}, measured to +/-{100 * err:.2g}%"
    d = as_distribution(value)
    lo, hi = d.interval(0.9)
    med = d.median()
    if lo == hi:
        return plain_value(med, unit, doc)
    prefix = "per event: " if m.get("per_event") else ""
    texts = [plain_value(v, unit, doc) for v in (med, lo, hi)]
    tail = ""
    # the unit once, at the end: "median $42.50, 90% between $35.75 and $49.25 per paid hour"
    suffix = " " + unit if unit and not unit.startswith("$") else (
        " per " + unit[1:].lstrip("/").strip() if unit.startswith("$") and unit[1:].strip("/ ")
        else "")
    if suffix and all(t.endswith(suffix) for t in texts):
        texts = [t[: -len(suffix)] for t in texts]
        tail = suffix
    return f"{prefix}median {texts[0]}, 90% between {texts[1]} and {texts[2]}{tail}"


def key_assumptions(scenario: Scenario, inputs: Sequence[str] | None = None) -> pd.DataFrame:
    """Plain-words table of key inputs: ``assumption``, ``value``, ``meaning``, ``input``, ``kind``.

    Parameters
    ----------
    scenario
        The scenario.
    inputs
        Dotted paths to include, in order (default: every uncertain input).

    Returns
    -------
    DataFrame
        ``assumption`` (plain name), ``value`` (constant, or median and 90% range, in
        its unit), ``meaning`` (the parameter's description) and ``input`` (the
        dotted path, for cross-reference with the full table; not shown on the page) and
        ``kind`` (``fact``, ``future`` or ``judgement``, :func:`input_kind`).
    """
    meta = _meta(scenario)
    if inputs is None:
        inputs = [p for p, _ in scenario.uncertain_inputs()]
    rows = []
    for p in inputs:
        if p not in meta:
            raise KeyError(f"inputs: {p!r} is not a parameter of the scenario")
        doc = str(meta[p][1].get("doc", ""))
        rows.append({"assumption": input_label(p, scenario), "value": describe_input(scenario, p),
                     "meaning": doc[:1].upper() + doc[1:], "input": p,
                     "kind": input_kind(scenario, p)})
    return pd.DataFrame(rows, columns=["assumption", "value", "meaning", "input", "kind"])


# ----------------------------------------------------------------------------- full table


def _num_text(x: Any) -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)):
        return str(x)
    v = float(x)
    if v == int(v) and abs(v) < 1e15:
        return f"{int(v):,}"
    return f"{v:.4g}"


def _dist_text(d: Any) -> str:
    if dataclasses.is_dataclass(d) and type(d).__name__ not in ("Empirical",):
        parts = [f"{f.name}={_num_text(getattr(d, f.name))}" for f in dataclasses.fields(d)
                 if f.default is dataclasses.MISSING or getattr(d, f.name) != f.default]
        return f"{type(d).__name__}({', '.join(parts)})"
    text = repr(d)
    return text if len(text) <= 48 else text[:45] + "..."


def _calibrated_options(scenario: Scenario, default: Scenario) -> dict[str, Any]:
    """Per option of ``scenario``: its location and a scenario holding its calibrated
    default (the default scenario's own option, or a fresh one for a user's option)."""

    out: dict[str, Any] = {}
    for o in scenario.options:
        if o.name in default.option_names:
            ref = default
        else:
            opt = (presets.vendor_option(o.location, name=o.name) if o.location
                   else presets.in_house_option(o.name))
            ref = presets._base_scenario((opt,))
        out[o.name] = (o.location, ref)
    return out


def _keys(path: str, options: Mapping[str, Any]) -> list[str]:
    """Calibration keys of ``path``, most specific first (see :data:`SOURCES`)."""
    head, _, rest = path.partition(".")
    location, _ = options.get(head, (None, None))
    keys = [path]
    if location:
        keys += [f"{location}.{rest}", f"vendor.{rest}"]
    return keys


def _source(path: str, value: Any, meta: Mapping[str, Any], default: Scenario,
            options: Mapping[str, Any]) -> str:
    """Documented source of a parameter's value, or ``user input`` if it was changed."""
    if meta.get("source"):
        return str(meta["source"])

    _, ref = options.get(path.partition(".")[0], (None, default))
    try:
        same = bool(ref.get(path) == value)
    except KeyError:
        same = False
    if not same:
        return "user input"
    for k in _keys(path, options):
        if k in SOURCES:
            return SOURCES[k]
    return "estimate (ccsim default, see ccsim.presets)"


def input_kind(scenario: Scenario, path: str) -> str:
    """``"fact"``, ``"future"`` or ``"judgement"``: the kind of the input at ``path``.

    See :func:`ccsim.scenario.presets.input_kind`; a user's option inherits the kinds
    of its location.

    Examples
    --------
    >>> import ccsim
    >>> sc = ccsim.default_scenario()
    >>> [input_kind(sc, p) for p in ("service.aht_s", "offshore.staffing.price_per_hour",
    ...                              "customers.annual_margin")]
    ['fact', 'future', 'judgement']
    """
    options = {o.name: (o.location, None) for o in scenario.options}
    return presets.input_kind(_keys(path, options), scenario.get(path))


def assumptions_table(scenario: Scenario) -> pd.DataFrame:
    """Every input of ``scenario``: kind, value or distribution, range, unit, meaning, source.

    Parameters
    ----------
    scenario
        A :class:`ccsim.Scenario`.

    Returns
    -------
    DataFrame
        One row per parameter (dotted path, scenario order) with columns ``input``,
        ``kind`` (``fact``: known today, the user's centre with its measurement error or
        a term the user sets; ``future``: what happens next, a distribution with a
        published source; ``judgement``: no published figure, such as customer value and
        defection), ``form`` (``uncertain``, ``per event`` or ``fixed``), ``value`` (the
        constant or the distribution), ``mean``, ``p05``, ``p95``, ``unit``, ``meaning``
        and ``source``. ``source`` is where a calibrated default comes from
        (:data:`ccsim.presets.SOURCES`, listed in ``docs/calibration.md``), beginning
        ``estimate`` where no published figure exists, and ``user input`` for any value
        changed from the default. The frame's ``attrs["scenario"]`` is the scenario's
        name.

    Examples
    --------
    >>> import ccsim
    >>> from ccsim.assumptions import assumptions_table
    >>> t = assumptions_table(ccsim.default_scenario())
    >>> t.loc[t["input"] == "service.shrinkage", ["kind", "form", "value"]].values.tolist()
    [['fact', 'uncertain', 'PERT(low=0.291, mode=0.3, high=0.309)']]
    """

    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a ccsim.Scenario, got {type(scenario).__name__}")
    default = default_scenario()
    options = _calibrated_options(scenario, default)
    rows = []
    for path, value, meta in scenario.parameters():
        if is_uncertain(value):
            d = as_distribution(value)
            lo, hi = d.interval(0.9)
            form = "per event" if meta.get("per_event") else "uncertain"
            row = {"value": _dist_text(d), "mean": d.mean(), "p05": lo, "p95": hi}
        else:
            form = "fixed"
            v = math.nan if value is None else float(value)
            row = {"value": "auto" if value is None else _num_text(value), "mean": v,
                   "p05": v, "p95": v}
        rows.append({"input": path, "kind": presets.input_kind(_keys(path, options), value),
                     "form": form, **row, "unit": meta.get("unit", ""),
                     "meaning": meta.get("doc", ""),
                     "source": _source(path, value, meta, default, options)})
    out = pd.DataFrame(rows, columns=["input", "kind", "form", "value", "mean", "p05", "p95",
                                      "unit", "meaning", "source"])
    out.attrs["scenario"] = scenario.name
    return out


def _sources_list() -> list[str]:
    """The source list of the default calibration (``ccsim.presets`` docstring)."""

    doc = presets.__doc__ or ""
    lines = doc.split("Sources", 1)[1].splitlines() if "Sources" in doc else []
    return [ln[2:].strip() for ln in lines if ln.startswith("- ")]
