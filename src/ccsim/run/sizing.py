"""Size a scenario to the user's centre: the demand volume that month 0 needs ``agents`` for.

The default scenario describes a centre of about 150 agents. A user with a 60-agent
centre should not set ``staff.headcount = 60`` on it (that simulates a 150-agent
company whose 60 agents are hopelessly understaffed and hire to the plan within
months); they should size the *demand* instead:

>>> import ccsim
>>> sc = ccsim.default_scenario(agents=60, aht_s=480)
>>> plan = month0_plan(sc)
>>> bool(55 <= plan <= 60)
True

The month-0 plan is the engine's (:func:`ccsim.mechanisms.workforce.month0_plan`, the
one function both call): the in-house FTE that staff every interval of month 0 (fresh
forecast plus steady-state repeat contacts) to the service-level target with Erlang C,
at the central value (mean) of every uncertain input. Headcounts move in
steps (one busy-hour agent is about 2.5 FTE), so the sized plan is the largest one not
above ``agents``.

:func:`check_headcount` warns (:class:`SizingWarning`) when a fixed ``staff.headcount`` is
more than 15% away from the month-0 plan, and says which volume would fit.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import tomllib
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from ccsim.dist import PERT, as_distribution, is_uncertain
from ccsim.errors import ScenarioFileError
from ccsim.mechanisms import attrition, demand, intraday, workforce
from ccsim.scenario import Scenario
from ccsim.scenario import presets as _presets
from ccsim.scenario.presets import FACT_ERROR, FACTS, measured

__all__ = [
    "SizingWarning",
    "check_headcount",
    "default_scenario",
    "month0_plan",
    "read_scenario",
    "sized_for",
    "smallest_centre",
    "with_facts",
]

#: Most agents :func:`sized_for` sizes a centre for.
_MAX_AGENTS = 100_000

#: Relative distance between ``staff.headcount`` and the month-0 plan that warns.
TOLERANCE = 0.15


class SizingWarning(UserWarning):
    """``staff.headcount`` does not fit the scenario's demand."""


def _central(sc: Scenario, path: str) -> float:
    v = sc.get(path)
    return float(as_distribution(v).mean()) if is_uncertain(v) else float(v)


def month0_plan(scenario: Scenario, base_volume: float | None = None) -> float:
    """In-house FTE that month 0 needs at the central inputs (optionally another volume).

    Parameters
    ----------
    scenario
        The scenario.
    base_volume
        Fresh calls per month at t = 0; the mean of ``demand.base_volume`` if omitted.

    Returns
    -------
    float
        Whole FTE, as the engine plans them.
    """
    c = lambda p: _central(scenario, p)  # noqa: E731
    base = c("demand.base_volume") if base_volume is None else float(base_volume)
    d = scenario.demand
    mult = demand.season_trend(
        n_months=1, trend_annual=c("demand.trend_annual"), amplitude=c("demand.seasonal_amplitude"),
        peak_month=int(d.peak_month), start_month=int(d.start_month),
    )
    f0 = base * float(mult[0, 0])
    fte = workforce.month0_plan(
        fresh=np.array([f0]), callback_rate=c("demand.callback_rate"), fcr=c("staff.fcr"),
        leave_rate=attrition.monthly_rate(c("staff.attrition_annual")),
        ramp_weeks=c("staff.ramp_weeks"), aht_s=c("service.aht_s"),
        tech_trend_annual=c("staff.tech_trend_annual"),
        new_hire_factor=c("staff.new_hire_aht_factor"), noise_sd=0.0,
        profile=(day := intraday.profile(np.array([c("service.busy_hour_factor")]))),
        rota=workforce.Rota(
            target_sl=c("service.target_sl"), target_time=c("service.target_time_s"),
            open_hours=c("service.open_hours_per_month"),
            efficiency=workforce.shape_efficiency(
                flat=c("service.schedule_efficiency"),
                flexibility=c("service.schedule_flexibility"), profile=day),
            paid_hours=c("service.paid_hours_per_month"), shrinkage=c("service.shrinkage"),
        ),
    )
    return float(fte[0])


def _volume_for(scenario: Scenario, agents: float) -> float:
    """The middle (geometric) of the volumes whose month-0 plan is ``agents`` FTE.

    Plans move in whole-FTE steps; the middle of the step keeps a path's small
    measurement errors on ``agents`` rather than on the step's edge.
    """
    top = _largest_volume(scenario, agents)
    if month0_plan(scenario, 1.0) > agents - 1.0:
        return top if month0_plan(scenario, top) < agents else math.sqrt(top)
    return math.sqrt(top * _largest_volume(scenario, agents - 1.0))


def _largest_volume(scenario: Scenario, agents: float) -> float:
    """The largest fresh volume whose month-0 plan is at most ``agents`` FTE."""
    smallest = month0_plan(scenario, 1.0)
    if smallest > agents:
        raise ValueError(
            f"agents = {agents:g} is below the smallest centre this scenario can staff: "
            f"{smallest:g} FTE (one agent on the phone through every open interval, with "
            f"shrinkage and schedule efficiency; it needs agents >= {smallest:g})"
        )
    lo, hi = 1.0, 2.0
    while month0_plan(scenario, hi) <= agents:
        lo, hi = hi, hi * 2.0
        if hi > 1e9:
            raise ValueError(f"agents = {agents:g} needs more than 1e9 calls a month, beyond "
                             "the allowed range of demand.base_volume")
    for _ in range(60):
        mid = math.sqrt(lo * hi)
        if month0_plan(scenario, mid) <= agents:
            lo = mid
        else:
            hi = mid
        if hi / lo < 1.0 + 1e-6:
            break
    return lo


def smallest_centre(scenario: Scenario) -> int:
    """The fewest in-house FTE a centre of this scenario can have at month 0.

    One agent on the phone through every open interval needs more than one paid FTE
    (opening hours over paid hours, shrinkage, schedule efficiency); ``agents`` below
    this cannot be sized and is refused.
    """
    return math.ceil(month0_plan(scenario, 1.0))


def _central_value(value: Any) -> float:
    """The stated value of a fact: a PERT's mode (the value :func:`measured` was given),
    else the mean of a distribution, else the constant."""
    if isinstance(value, PERT):
        return float(value.mode)
    return float(as_distribution(value).mean()) if is_uncertain(value) else float(value)


def with_facts(scenario: Scenario, error: float, values: Mapping[str, float] | None = None,
               ) -> Scenario:
    """``scenario`` with every fact of the centre (:data:`ccsim.presets.FACTS`) at its
    stated value (or ``values[path]``) with measurement ``error`` (0: constants)."""
    values = dict(values or {})
    over = {}
    for path, (low, high) in FACTS.items():
        v = values.get(path, _central_value(scenario.get(path)))
        over[path] = measured(v, error, low=low, high=high)
    return scenario.with_overrides(over)


def _check_sizing(agents: Any, volume: Any, aht_s: Any, horizon_months: Any, name: Any,
                  measurement_error: Any) -> None:
    def number(x: Any) -> bool:
        return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)

    if agents is not None and volume is not None:
        raise ValueError(f"give agents = {agents!r} or volume = {volume!r}, not both: the "
                         "volume is solved from the agents")
    if agents is not None and (not isinstance(agents, (int, np.integer)) or isinstance(agents, bool)
                               or not 1 <= agents <= _MAX_AGENTS):
        raise ValueError(f"agents = {agents!r} is outside the allowed range [1, {_MAX_AGENTS}] "
                         "(whole FTE)")
    if volume is not None and (not number(volume) or not 1.0 <= float(volume) <= 1e9):
        raise ValueError(f"volume = {volume!r} is outside the allowed range [1, 1e9] calls a month")
    if aht_s is not None and (not number(aht_s) or not 1.0 <= float(aht_s) <= 7200.0):
        raise ValueError(f"aht_s = {aht_s!r} is outside the allowed range [1, 7200] s")
    if horizon_months is not None and (
            not isinstance(horizon_months, (int, np.integer)) or isinstance(horizon_months, bool)
            or not 1 <= horizon_months <= 600):
        raise ValueError(f"horizon_months = {horizon_months!r} is outside the allowed range "
                         "[1, 600] (whole months)")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise ValueError(f"name = {name!r}: give the scenario's name as a non-empty string")
    if measurement_error is not None and (not number(measurement_error)
                                          or not 0.0 <= float(measurement_error) <= 0.2):
        raise ValueError(f"measurement_error = {measurement_error!r} is outside the allowed "
                         "range [0, 0.2]")


def _centre_name(agents: int | None, volume: float | None, aht_s: float | None,
                 horizon_months: int | None) -> str:
    parts = []
    if agents is not None:
        parts.append(f"{agents:,} agents")
    if volume is not None:
        parts.append(f"{float(volume):,.0f} calls a month")
    if aht_s is not None:
        parts.append(f"{float(aht_s):g} s handle time")
    if horizon_months is not None:
        parts.append(f"{horizon_months} months")
    return "your centre: " + ", ".join(parts)


def sized_for(
    scenario: Scenario,
    agents: int | None = None,
    aht_s: float | None = None,
    *,
    volume: float | None = None,
    horizon_months: int | None = None,
    name: str | None = None,
    measurement_error: float | None = None,
) -> Scenario:
    """``scenario`` sized to the user's centre: its agents (or volume), handle time, horizon.

    Parameters
    ----------
    scenario
        The scenario to size; ``staff.headcount`` is reset to ``None`` (staffed to plan).
    agents
        In-house agents (FTE) of the user's centre today, whole, from the smallest centre
        the scenario can staff (:func:`smallest_centre`, about 4 FTE with the defaults;
        fewer is refused, naming it) to 100,000. The month-0 volume is solved so that
        month 0 plans the largest whole-FTE team not above ``agents``.
    aht_s
        The centre's mean handle time in seconds (1 to 7,200): a fact.
    volume
        Today's fresh calls a month (1 to 1e9), instead of ``agents``.
    horizon_months
        Months simulated (1 to 600).
    name
        The scenario's name, shown on every output; by default one naming the centre.
    measurement_error
        Measurement error of every fact of the centre (:data:`ccsim.presets.FACTS`), 0
        to 0.2: each is ``PERT(v (1 - e), v, v (1 + e))`` around its stated value ``v``
        (:func:`ccsim.presets.measured`); 0 makes them constants. By default the error
        of the scenario's facts is kept (the preset's +/-3%), and the resized facts
        (volume, handle time) get :data:`ccsim.presets.FACT_ERROR`.

    Returns
    -------
    Scenario
        With the facts of the centre at the user's values.
    """
    _check_sizing(agents, volume, aht_s, horizon_months, name, measurement_error)
    sc = scenario
    if horizon_months is not None:
        sc = sc.with_overrides({"finance.horizon_months": int(horizon_months)})
    if measurement_error is not None:
        sc = with_facts(sc, float(measurement_error))
    err = FACT_ERROR if measurement_error is None else float(measurement_error)
    fact = lambda path, v: measured(v, err, low=FACTS[path][0], high=FACTS[path][1])  # noqa: E731
    if aht_s is not None:
        sc = sc.with_overrides({"service.aht_s": fact("service.aht_s", float(aht_s))})
    if sc.staff.headcount is not None:
        sc = dataclasses.replace(sc, staff=dataclasses.replace(sc.staff, headcount=None))
    if agents is not None:
        volume = _volume_for(sc, float(agents))
    if volume is not None:
        sc = sc.with_overrides({"demand.base_volume": fact("demand.base_volume", float(volume))})
    if name is None and (agents, volume, aht_s, horizon_months) != (None,) * 4:
        name = _centre_name(agents, None if agents is not None else volume, aht_s, horizon_months)
    return sc if name is None else sc.with_overrides(name=name)


def default_scenario(
    agents: int | None = None,
    aht_s: float | None = None,
    *,
    volume: float | None = None,
    horizon_months: int | None = None,
    name: str | None = None,
    measurement_error: float | None = None,
) -> Scenario:
    """The calibrated default scenario, optionally sized to the user's centre.

    ``default_scenario(agents=60, aht_s=420, horizon_months=36, name="Leeds")`` is a
    60-agent centre with a 420 s handle time over 36 months, named "Leeds" on every
    output. See :func:`ccsim.scenario.presets.default_scenario` and :func:`sized_for`
    (which checks every argument before building anything).

    Examples
    --------
    >>> sc = default_scenario()
    >>> sc.option_names
    ('in_house', 'onshore', 'nearshore', 'offshore', 'hybrid')
    >>> default_scenario(agents=60, aht_s=420).name
    'your centre: 60 agents, 420 s handle time'
    """
    _check_sizing(agents, volume, aht_s, horizon_months, name, measurement_error)
    sc = _presets.default_scenario(FACT_ERROR if measurement_error is None
                                   else float(measurement_error))
    if (agents, volume, aht_s, horizon_months, name) == (None,) * 5:
        return sc
    if agents is None and volume is None and aht_s is not None:
        agents = int(month0_plan(sc))
    return sized_for(sc, agents, aht_s, volume=volume, horizon_months=horizon_months, name=name,
                     measurement_error=measurement_error)


#: Keys of a centre file's ``[centre]`` table: the arguments of :func:`default_scenario`.
CENTRE_KEYS = ("agents", "volume", "aht_s", "horizon_months", "measurement_error")


def read_scenario(path: str | os.PathLike[str]) -> Scenario:
    """A scenario from a TOML file: a full scenario file, or a *centre file*.

    A centre file sizes the default scenario to the user's centre, with the arguments of
    :func:`default_scenario` in a ``[centre]`` table and the scenario's name at the top::

        name = "Leeds contact centre"

        [centre]
        agents = 60            # or: volume = 40000 (today's fresh calls a month)
        aht_s = 420
        horizon_months = 36
        measurement_error = 0.03   # optional; the facts' +/- error (default 3%)

    Any other file is read by :meth:`ccsim.Scenario.from_toml`.

    Raises
    ------
    ScenarioFileError
        Naming the file and the key: an unknown key (with the closest valid one), a
        value outside its range, or a centre file that also holds scenario tables.
    """
    p = Path(path)
    data: Any = None
    if p.is_file():
        try:
            data = tomllib.loads(p.read_bytes().decode("utf-8-sig"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError, RecursionError):
            data = None  # Scenario.from_toml reports it
    if not isinstance(data, dict) or "centre" not in data:
        return Scenario.from_toml(p)
    centre = data["centre"]
    if not isinstance(centre, dict):
        raise ScenarioFileError(f"{p}: key 'centre': expected a table [centre], got {centre!r}")
    extra = [k for k in data if k not in ("name", "centre")]
    if extra:
        raise ScenarioFileError(
            f"{p}: key {extra[0]!r}: a centre file holds only name and [centre] (it sizes the "
            "default scenario); write a full scenario with sc.to_toml(path) to change more"
        )
    for k in centre:
        if k not in CENTRE_KEYS:
            close = difflib.get_close_matches(str(k), CENTRE_KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise ScenarioFileError(f"{p}: key 'centre.{k}': unknown key; expected one of "
                                    f"{list(CENTRE_KEYS)}{hint}")
    name = data.get("name")
    try:
        return default_scenario(**centre, name=name)
    except ValueError as exc:
        raise ScenarioFileError(f"{p}: [centre]: {exc}") from None


def check_headcount(scenario: Scenario) -> None:
    """Warn if ``staff.headcount`` is more than 15% away from the month-0 plan.

    The warning says which volume fits the headcount, or why none does (a headcount
    below the smallest centre the scenario can staff, or one that needs more than the
    1e9 calls a month ``demand.base_volume`` allows), and only suggests calls that
    accept their arguments.
    """
    h = scenario.staff.headcount
    if h is None:
        return
    plan = month0_plan(scenario)
    if abs(float(h) - plan) <= TOLERANCE * max(plan, 0.0):
        return
    volume = _central(scenario, "demand.base_volume")
    needs = (f"plans no in-house agent (demand.base_volume = {volume:g} calls/month)"
             if plan <= 0 else
             f"needs about {plan:,.0f} in-house agents (demand.base_volume mean "
             f"{volume:,.0f} calls/month)")
    warnings.warn(f"staff.headcount = {h:,} but month 0 of this scenario {needs}; "
                  f"{_fit_advice(scenario, int(h))}", SizingWarning, stacklevel=3)


def _fit_advice(scenario: Scenario, agents: int) -> str:
    """Which volume fits ``agents`` FTE and how to size for it, or why no volume does."""
    smallest = month0_plan(scenario, 1.0)
    if agents < smallest:
        return (f"no volume fits {agents:,} agents: the smallest centre this scenario can "
                f"staff is {smallest:,.0f} FTE (one agent on the phone through every open "
                f"interval, with shrinkage and schedule efficiency). Leave staff.headcount "
                f"unset (staffed to the month-0 plan) or check the service inputs.")
    try:
        fit = _volume_for(scenario, float(agents))
    except ValueError:
        return (f"no volume fits {agents:,} agents: they would need more than 1e9 calls a "
                f"month, the limit of demand.base_volume. Leave staff.headcount unset "
                f"(staffed to the month-0 plan).")
    how = (f"ccsim.sized_for(scenario, agents={agents}) or ccsim.default_scenario("
           f"agents={agents})" if agents <= _MAX_AGENTS else
           f"ccsim.sized_for(scenario, volume={fit:.0f})")
    return f"a volume of about {fit:,.0f} calls/month fits {agents:,} agents. Use {how}."
