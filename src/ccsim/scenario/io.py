"""Scenario files: TOML (and plain dict) round trip of a :class:`ccsim.Scenario`.

The file mirrors the dataclasses: one table per scenario part (``[finance]``,
``[demand]``, ...), an array of tables ``[[options]]`` in option order (vendor parts as
sub-tables ``[options.quality]``), and ``[[correlations]]`` with keys ``a``, ``b``,
``rho``. A number is a constant; an uncertain input is an inline table naming its
distribution::

    [demand]
    base_volume = { dist = "lognormal", mu = 11.6, sigma = 0.083 }
    trend_annual = { dist = "triangular", low = -0.02, mode = 0.02, high = 0.06 }

Floats are written with Python's shortest round-trip representation, so
``Scenario.from_toml(p)`` after ``scenario.to_toml(p)`` gives an equal scenario
(distributions and correlations included). ``None`` (an unset optional value such as
``staff.headcount``) is written by leaving the key out.

Reading is strict: an unknown key, a missing table or a value of the wrong kind raises
:class:`ScenarioFileError` (a ``ValueError``) naming the file, the dotted key and what was
expected, with the closest valid key when the key looks like a typo.

Examples
--------
>>> import ccsim
>>> sc = ccsim.default_scenario()
>>> ccsim.Scenario.from_dict(sc.to_dict()) == sc
True
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol, TypeVar

import numpy as np

from ccsim import dist
from ccsim.dist import Distribution, as_distribution, is_uncertain
from ccsim.errors import ScenarioFileError
from ccsim.scenario.parts import (
    _SCENARIO_PARTS,
    IN_HOUSE,
    ROUTINGS,
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


class ScenarioLike(Protocol):
    """What :func:`scenario_to_dict` reads of a scenario.

    This module sits below :mod:`ccsim.scenario.model` (whose ``Scenario`` methods call
    it) and never imports it, not even for annotations: the dependency runs one way.
    """

    @property
    def name(self) -> str: ...
    @property
    def finance(self) -> Finance: ...
    @property
    def demand(self) -> Demand: ...
    @property
    def service(self) -> Service: ...
    @property
    def staff(self) -> Staff: ...
    @property
    def customers(self) -> Customers: ...
    @property
    def satisfaction(self) -> Satisfaction: ...
    @property
    def breach(self) -> Breach: ...
    @property
    def options(self) -> Sequence[SourcingOption]: ...
    @property
    def correlations(self) -> Sequence[tuple[str, str, float]]: ...


#: The class :func:`scenario_from_dict` builds (``Scenario`` passes itself).
S = TypeVar("S")

__all__ = [
    "FORMAT_1_CHANGES",
    "FORMAT_2_CHANGES",
    "FORMAT_VERSION",
    "RENAMED_KEYS",
    "ScenarioFileError",
    "ScenarioLike",
    "dumps_toml",
    "read_toml",
    "scenario_from_dict",
    "scenario_to_dict",
    "write_toml",
]

#: Version of the file layout written by :func:`scenario_to_dict`. Format 1 is ccsim 0.1
#: (model v1); format 2 is model v2, whose costs are built from parts (see
#: :data:`FORMAT_1_CHANGES`); format 3 reads the centre's facts as today's (see
#: :data:`FORMAT_2_CHANGES`).
FORMAT_VERSION = 3

#: What model v2 changed in a format-1 file: ``{key: what to use instead}``. A format-1
#: file is refused with these notes rather than read with another meaning.
FORMAT_1_CHANGES = {
    "staff.replacement_cost_months": "staff.cost_per_hire ($ per hire) and staff.classroom_weeks",
    "staff.hourly_cost": "now loaded pay only ($24-31); supervision, seats, licences and "
    "hiring are separate inputs (v1's $35-50 was the all-in cost)",
    "staff.attrition_annual": "now a turnover rate (leavers a year / average headcount, up to 3)",
    "customers.defect_prob": "customers.defect_resolved with unresolved_factor and abandoned_factor",
    "customers.lifetime_margin": "customers.annual_margin ($ a customer-year) and margin_years",
    "<option>.language.defect_multiplier": "removed: the accent effect reaches defection once, "
    "through CSAT (customers.csat_elasticity)",
    "<option>.quality.full_cost_share": "<option>.quality.hours_per_agent_full and "
    "fixed_hours_full, priced at staff.manager_hourly_cost",
}

#: What format 3 (the centre's facts, issue 27) changed in a format-2 file: ``{key: what
#: it means now}``. A format-2 file is refused with these notes: its base volume would be
#: read as another month's, and its survey ranges as the user's own measured facts.
FORMAT_2_CHANGES = {
    "demand.base_volume": "now today's (month-0) fresh volume: the season is taken relative "
    "to month 0; a format-2 value was the level before the season, so multiply it by "
    "1 + seasonal_amplitude * cos(2 pi (start_month - peak_month) / 12) (1.087 with the "
    "defaults)",
    **{k: "now a fact of your centre: your own value with a small measurement error "
       "(ccsim.presets.measured, +/-3%), not an industry range"
       for k in ("service.aht_s", "service.shrinkage", "demand.callback_rate",
                 "staff.hourly_cost", "staff.attrition_annual", "staff.fcr",
                 "satisfaction.csat_ref")},
}

#: Keys a format-2 file written before the interval-by-interval plan may still carry:
#: ``{key: what to use instead}``. Such a file is refused at that key with this note.
RENAMED_KEYS = {
    "service.schedule_factor": "service.schedule_efficiency (the share of scheduled hours "
    "the interval plan needs, default 0.88); staffing is now planned interval by interval "
    "along the intraday profile, so the busy hour is no longer scaled by a constant",
    "breach.records": "breach.share_exposed (the share of a year's distinct customers one "
    "breach exposes, drawn per event) and breach.contacts_per_customer: the records at risk "
    "now follow the customers the centre serves",
}

_PART_CLASSES: dict[str, type] = {
    "finance": Finance,
    "demand": Demand,
    "service": Service,
    "staff": Staff,
    "customers": Customers,
    "satisfaction": Satisfaction,
    "breach": Breach,
}
_VENDOR_CLASSES: dict[str, type] = {
    "staffing": VendorStaffing,
    "language": Language,
    "quality": Quality,
    "contract": Contract,
    "handle_time": HandleTime,
    "setup": Setup,
}
_TOP_KEYS = ("format_version", "name", *_SCENARIO_PARTS, "options", "correlations")
_OPTION_KEYS = ("name", "vendor_share", "location", "routing", "fallback", *_VENDOR_CLASSES)
_DIST_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # name: (required keys, optional keys)
    "uniform": (("low", "high"), ()),
    "triangular": (("low", "mode", "high"), ()),
    "pert": (("low", "mode", "high"), ("lamb",)),
    "normal": (("mean", "sd"), ("low", "high")),
    "lognormal": ((), ("mu", "sigma", "p05", "p95")),
    "empirical": (("samples",), ()),
    "scipy": (("name",), ("args", "kwds")),
}


# ----------------------------------------------------------------------------- writing


def _plain(x: Any) -> Any:
    """Numpy scalars and tuples to plain Python for TOML."""
    if isinstance(x, np.generic):
        return x.item()
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, Mapping):
        return {str(k): _plain(v) for k, v in x.items()}
    return x


def _value_to_data(value: Any) -> Any:
    if is_uncertain(value):
        return _plain(as_distribution(value).to_dict())
    return _plain(value)


def _part_to_dict(obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        if v is None:
            continue
        out[f.name] = _value_to_data(v)
    return out


def _option_to_dict(o: SourcingOption) -> dict[str, Any]:
    out: dict[str, Any] = {"name": o.name, "vendor_share": _plain(o.vendor_share)}
    if o.location is not None:
        out["location"] = o.location
    if o.routing != "split":  # the default is left out: files of plain options are unchanged
        out["routing"] = o.routing
    if o.fallback != IN_HOUSE:  # likewise: only a re-tender is written
        out["fallback"] = o.fallback
    for part in _VENDOR_CLASSES:
        v = getattr(o, part)
        if v is not None:
            out[part] = _part_to_dict(v)
    return out


def scenario_to_dict(scenario: ScenarioLike) -> dict[str, Any]:
    """A plain, TOML- and JSON-friendly dict describing ``scenario``.

    Parameters
    ----------
    scenario
        The scenario to describe.

    Returns
    -------
    dict
        Keys ``format_version``, ``name``, one table per scenario part, ``options`` (a
        list, in option order) and, if any, ``correlations`` (a list of
        ``{"a", "b", "rho"}``). Distributions appear as ``{"dist": name, ...}``.

    Examples
    --------
    >>> import ccsim
    >>> d = scenario_to_dict(ccsim.default_scenario())
    >>> [o["name"] for o in d["options"]]
    ['in_house', 'onshore', 'nearshore', 'offshore', 'hybrid']
    """
    out: dict[str, Any] = {"format_version": FORMAT_VERSION, "name": scenario.name}
    for part in _SCENARIO_PARTS:
        out[part] = _part_to_dict(getattr(scenario, part))
    out["options"] = [_option_to_dict(o) for o in scenario.options]
    if scenario.correlations:
        out["correlations"] = [{"a": a, "b": b, "rho": r} for a, b, r in scenario.correlations]
    return out


def write_toml(scenario: ScenarioLike, path: str | os.PathLike[str]) -> None:
    """Write ``scenario`` to the TOML file ``path`` (replaced atomically).

    Parameters
    ----------
    scenario
        The scenario to write.
    path
        Destination file; its directory must exist.
    """
    p = Path(path)
    text = (
        "# ccsim scenario file: numbers are constants, inline tables {dist = ...} are\n"
        "# uncertain inputs drawn once per path. Read with ccsim.Scenario.from_toml.\n"
        + dumps_toml(scenario_to_dict(scenario))
    )
    tmp = p.with_name(f".{p.name}.tmp-{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, p)


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return _toml_str(v)
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {v!r} ({type(v).__name__}) to TOML")


_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n",
                 "\f": "\\f", "\r": "\\r"}


def _toml_str(s: str) -> str:
    """A TOML basic string: UTF-8 text as is (any plane), control characters escaped.

    JSON's ``\\uD83D\\uDE00`` surrogate pairs are not valid TOML, so non-ASCII
    characters are written literally; a lone surrogate cannot be encoded at all.
    """
    out = []
    for ch in s:
        o = ord(ch)
        if 0xD800 <= o <= 0xDFFF:
            raise ValueError(f"cannot write {s!r} to TOML: lone surrogate U+{o:04X}")
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif o < 0x20 or o == 0x7F:
            out.append(f"\\u{o:04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _toml_key(k: str) -> str:
    return k if k.replace("_", "a").isalnum() and k.isascii() else _toml_str(k)


def _toml_table(lines: list[str], header: str, table: Mapping[str, Any]) -> None:
    subtables = {}
    lines.append(header)
    for k, v in table.items():
        if isinstance(v, Mapping) and "dist" not in v:
            subtables[k] = v
        else:
            lines.append(f"{_toml_key(k)} = {_toml_value(v)}")
    for k, v in subtables.items():
        name = header.strip("[]")
        lines.append("")
        _toml_table(lines, f"[{name}.{_toml_key(k)}]", v)


def dumps_toml(data: Mapping[str, Any]) -> str:
    """TOML text of a :func:`scenario_to_dict` layout, distributions as inline tables.

    A small writer for this one schema: tables of numbers, strings and inline
    distribution tables, and arrays of tables for ``options`` and ``correlations``.
    Floats use ``repr``, the shortest text that reads back as the same double. It is
    written here rather than with ``tomli-w`` because that library cannot emit inline
    tables, which keep each uncertain input on one readable line.

    Examples
    --------
    >>> print(dumps_toml({"name": "x", "demand": {"shock_sd": 0.05,
    ...                   "trend_annual": {"dist": "uniform", "low": 0.0, "high": 0.1}}}))
    name = "x"
    <BLANKLINE>
    [demand]
    shock_sd = 0.05
    trend_annual = { dist = "uniform", low = 0.0, high = 0.1 }
    <BLANKLINE>
    """
    lines: list[str] = []
    for k, v in data.items():
        if not isinstance(v, (Mapping, list)) or (isinstance(v, list) and not v):
            lines.append(f"{_toml_key(k)} = {_toml_value(v)}")
    for k, v in data.items():
        if isinstance(v, Mapping):
            lines.append("")
            _toml_table(lines, f"[{_toml_key(k)}]", v)
        elif isinstance(v, list) and v and all(isinstance(x, Mapping) for x in v):
            for item in v:
                lines.append("")
                _toml_table(lines, f"[[{_toml_key(k)}]]", item)
        elif isinstance(v, list) and v:
            lines.append(f"{_toml_key(k)} = {_toml_value(v)}")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- reading


def _suggest(key: str, valid: list[str] | tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, list(valid), n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(repr(c) for c in close)}?" if close else ""


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, msg: str) -> ScenarioFileError:
        where = f"key {key!r}" if key else "top level"
        return ScenarioFileError(f"{self.source}: {where}: {msg}")

    def table(self, data: Any, key: str) -> Mapping[str, Any]:
        if not isinstance(data, Mapping):
            raise self.fail(key, f"expected a table, got {type(data).__name__} {data!r}")
        return data

    def check_keys(self, data: Mapping[str, Any], key: str, valid: tuple[str, ...]) -> None:
        for k in data:
            if k not in valid:
                full = f"{key}.{k}" if key else k
                if full in RENAMED_KEYS:
                    raise self.fail(full, f"no longer read; use {RENAMED_KEYS[full]}")
                raise self.fail(
                    full,
                    f"unknown key; expected one of {list(valid)}{_suggest(str(k), valid)}",
                )

    def value(self, data: Any, key: str) -> Any:
        if isinstance(data, Mapping):
            return self.distribution(data, key)
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise self.fail(
                key,
                f"expected a number or a distribution table such as "
                f'{{dist = "uniform", low = 0.1, high = 0.2}}, got {data!r}',
            )
        return data

    def distribution(self, data: Mapping[str, Any], key: str) -> Distribution:
        name = data.get("dist")
        if name not in _DIST_KEYS:
            names = list(_DIST_KEYS)
            hint = _suggest(str(name), names) if isinstance(name, str) else ""
            raise self.fail(
                f"{key}.dist", f"unknown distribution {name!r}; expected one of {names}{hint}"
            )
        required, optional = _DIST_KEYS[name]
        valid = ("dist", *required, *optional)
        self.check_keys(data, key, valid)
        missing = [k for k in required if k not in data]
        if name == "lognormal":
            has_ms = "mu" in data and "sigma" in data
            has_iv = "p05" in data and "p95" in data
            if has_ms == has_iv:
                raise self.fail(key, "a lognormal needs either mu and sigma, or p05 and p95")
        if missing:
            raise self.fail(f"{key}.{missing[0]}", f"missing; a {name} distribution needs {list(required)}")
        try:
            return dist.from_dict(dict(data))
        except (ValueError, TypeError, AttributeError) as exc:
            raise self.fail(key, f"invalid {name} distribution: {exc}") from None

    def part(self, cls: type, data: Any, key: str) -> Any:
        table = self.table(data, key)
        flds = {f.name: f for f in dataclasses.fields(cls)}
        self.check_keys(table, key, tuple(flds))
        kwargs: dict[str, Any] = {}
        for name, f in flds.items():
            full = f"{key}.{name}"
            if name in table and "choices" in f.metadata:
                if not isinstance(table[name], str):
                    raise self.fail(full, f"expected one of {list(f.metadata['choices'])}")
                kwargs[name] = table[name]
            elif name in table:
                kwargs[name] = self.value(table[name], full)
            elif f.metadata.get("optional"):
                kwargs[name] = None
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise self.fail(full, f"missing; [{key}] needs a value for {name!r}")
        try:
            return cls(**kwargs)
        except (ValueError, TypeError) as exc:
            raise self.fail(key, str(exc)) from None

    def option(self, data: Any, key: str) -> SourcingOption:
        table = self.table(data, key)
        self.check_keys(table, key, _OPTION_KEYS)
        name = table.get("name")
        if not isinstance(name, str):
            raise self.fail(f"{key}.name", f"expected the option's name as a string, got {name!r}")
        key = f"options.{name}"
        kwargs: dict[str, Any] = {"name": name}
        if "vendor_share" not in table:
            raise self.fail(f"{key}.vendor_share", "missing; every option needs a vendor_share")
        kwargs["vendor_share"] = self.value(table["vendor_share"], f"{key}.vendor_share")
        if "location" in table:
            loc = table["location"]
            if not isinstance(loc, str):
                raise self.fail(f"{key}.location", f"expected a string, got {loc!r}")
            kwargs["location"] = loc
        if "routing" in table:
            routing = table["routing"]
            if not isinstance(routing, str):
                raise self.fail(f"{key}.routing", f"expected one of {list(ROUTINGS)}")
            kwargs["routing"] = routing
        if "fallback" in table:
            if not isinstance(table["fallback"], str):
                raise self.fail(f"{key}.fallback", f"expected {IN_HOUSE!r} or an option name")
            kwargs["fallback"] = table["fallback"]
        for part, cls in _VENDOR_CLASSES.items():
            if part in table:
                kwargs[part] = self.part(cls, table[part], f"{key}.{part}")
        try:
            return SourcingOption(**kwargs)
        except (ValueError, TypeError) as exc:
            raise self.fail(key, str(exc)) from None

    def scenario(self, data: Mapping[str, Any], scenario_cls: Callable[..., S]) -> S:
        data = self.table(data, "")
        self.check_keys(data, "", _TOP_KEYS)
        ver = data.get("format_version", FORMAT_VERSION)
        if isinstance(ver, bool) or not isinstance(ver, int):
            raise self.fail(
                "format_version",
                f"expected a whole number (this ccsim reads format {FORMAT_VERSION}), got {ver!r}",
            )
        if ver == 1:
            notes = "; ".join(f"{k}: {v}" for k, v in FORMAT_1_CHANGES.items())
            raise self.fail(
                "format_version",
                "this is a format-1 file (ccsim 0.1, model v1); model v2 builds costs from "
                "parts, so its values would mean something else here. Write a format-2 "
                "file with ccsim.default_scenario().to_toml(path) and carry your values "
                f"over. What changed: {notes}",
            )
        if ver == 2:
            notes = "; ".join(f"{k}: {v}" for k, v in FORMAT_2_CHANGES.items())
            raise self.fail(
                "format_version",
                "this is a format-2 file (model v2, before the centre's facts); format 3 "
                "reads demand.base_volume as today's volume and the centre's measured inputs "
                "as facts, so its values would mean something else here. Write a format-3 "
                "file with ccsim.default_scenario(agents=..., aht_s=...).to_toml(path) and "
                f"carry your values over. What changed: {notes}",
            )
        if ver != FORMAT_VERSION:
            raise self.fail(
                "format_version", f"this ccsim reads format {FORMAT_VERSION}, the file says {ver!r}"
            )
        kwargs: dict[str, Any] = {}
        for part, cls in _PART_CLASSES.items():
            if part not in data:
                raise self.fail(part, f"missing table [{part}]")
            kwargs[part] = self.part(cls, data[part], part)
        opts = data.get("options")
        if not isinstance(opts, list) or not opts:
            raise self.fail("options", "expected a non-empty array of tables [[options]]")
        kwargs["options"] = tuple(self.option(o, f"options[{i}]") for i, o in enumerate(opts))
        name = data.get("name", "scenario")
        if not isinstance(name, str):
            raise self.fail("name", f"expected a string, got {name!r}")
        kwargs["name"] = name
        corr = []
        raw = data.get("correlations", [])
        if not isinstance(raw, list):
            raise self.fail("correlations", "expected an array of tables [[correlations]]")
        for i, c in enumerate(raw):
            key = f"correlations[{i}]"
            c = self.table(c, key)
            self.check_keys(c, key, ("a", "b", "rho"))
            for k in ("a", "b", "rho"):
                if k not in c:
                    raise self.fail(f"{key}.{k}", "missing; a correlation needs a, b and rho")
            if not isinstance(c["a"], str) or not isinstance(c["b"], str):
                raise self.fail(key, "a and b must be dotted parameter paths (strings)")
            rho = c["rho"]
            if isinstance(rho, bool) or not isinstance(rho, (int, float)) or math.isnan(rho):
                raise self.fail(f"{key}.rho", f"expected a number in [-1, 1], got {rho!r}")
            corr.append((c["a"], c["b"], float(rho)))
        kwargs["correlations"] = tuple(corr)
        try:
            return scenario_cls(**kwargs)
        except (ValueError, TypeError) as exc:
            raise self.fail("", str(exc)) from None


def scenario_from_dict(
    data: Mapping[str, Any], *, scenario_cls: Callable[..., S], source: str = "<dict>"
) -> S:
    """Build a :class:`~ccsim.Scenario` from the layout written by :func:`scenario_to_dict`.

    Parameters
    ----------
    data
        The parsed file (or dict).
    scenario_cls
        The class to build, called with the parts as keywords (``Scenario.from_dict``
        passes its own, so this module does not import the model above it).
    source
        Name used in error messages (the file path).

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioFileError
        Naming ``source``, the dotted key and what was expected (with the closest valid
        key for a typo); also for values outside a parameter's allowed range.
    """
    return _Reader(source).scenario(data, scenario_cls)


_BOM = b"\xef\xbb\xbf"
_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_.\"' -]+?)\s*=")
_LONG_DIGITS = re.compile(r"\d[\d_]{400,}")


def _huge_integer(text: str) -> str:
    """The message for an integer too long to read: the key and line that hold it."""
    table = ""
    for no, line in enumerate(text.splitlines(), 1):
        head = _HEADER.match(line)
        if head:
            table = head.group(1)
        m = _LONG_DIGITS.search(line)
        if m:
            key = _KEY.match(line)
            name = key.group(1).strip() if key else "?"
            full = f"{table}.{name}" if table else name
            n = sum(ch.isdigit() for ch in m.group(0))
            return (
                f"key {full!r} (line {no}): a number of {n:,} digits is outside the allowed "
                "range of every input (see docs/limits.md)"
            )
    return "a number too long to read (more than 4,300 digits)"


def read_toml(path: str | os.PathLike[str], *, scenario_cls: Callable[..., S]) -> S:
    """Read a scenario from the TOML file ``path``.

    A UTF-8 byte-order mark at the start (as some Windows editors write) is skipped.

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ScenarioFileError
        If it is not valid TOML or does not match the schema.
    """
    p = Path(path)
    if p.is_dir():
        raise ScenarioFileError(f"{p}: is a directory, not a scenario file")
    raw = p.read_bytes()
    if raw.startswith(_BOM):  # editors on Windows write one; TOML itself does not allow it
        raw = raw[len(_BOM):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioFileError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioFileError(f"{p}: not valid TOML: {exc}") from None
    except ValueError:  # an integer Python will not convert (more than 4,300 digits)
        raise ScenarioFileError(f"{p}: {_huge_integer(text)}") from None
    except RecursionError:
        raise ScenarioFileError(
            f"{p}: nested too deeply to read (a scenario file is at most 4 tables deep)"
        ) from None
    return scenario_from_dict(data, source=str(p), scenario_cls=scenario_cls)
