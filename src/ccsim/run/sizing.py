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

import math
import warnings
from typing import Any

import numpy as np

from ccsim.dist import LogNormal, as_distribution, is_uncertain
from ccsim.mechanisms import attrition, demand, intraday, workforce
from ccsim.scenario import Scenario
from ccsim.scenario import presets as _presets

__all__ = ["SizingWarning", "check_headcount", "default_scenario", "month0_plan", "sized_for"]

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
    """The largest fresh volume whose month-0 plan is at most ``agents`` FTE."""
    lo, hi = 1.0, 1.0
    while month0_plan(scenario, hi) <= agents:
        lo, hi = hi, hi * 2.0
        if hi > 1e12:
            raise ValueError(f"agents = {agents} is beyond any volume ccsim can size")
    for _ in range(60):
        mid = math.sqrt(lo * hi)
        if month0_plan(scenario, mid) <= agents:
            lo = mid
        else:
            hi = mid
        if hi / lo < 1.0 + 1e-6:
            break
    return lo


def _with_mean(value: Any, mean: float) -> Any:
    """``value`` rescaled to ``mean``: a log-normal keeps its spread, a constant is replaced."""
    if isinstance(value, LogNormal):
        return LogNormal(math.log(mean) - 0.5 * value.sigma**2, value.sigma)
    if is_uncertain(value):
        d = as_distribution(value)
        raise ValueError(
            f"cannot rescale {d!r}; give a constant or a LogNormal for this input"
        )
    return float(mean)


def sized_for(scenario: Scenario, agents: int, aht_s: float | None = None) -> Scenario:
    """``scenario`` with its demand volume sized so that month 0 needs ``agents`` FTE.

    Parameters
    ----------
    scenario
        The scenario to size; ``staff.headcount`` is reset to ``None`` (staffed to plan).
    agents
        In-house agents (FTE) of the user's centre today, 1 to 100,000.
    aht_s
        The centre's mean handle time in seconds (1 to 7,200); the scenario's if omitted.
        A log-normal input keeps its relative spread.

    Returns
    -------
    Scenario
        With ``demand.base_volume`` (and ``service.aht_s``) rescaled; a log-normal volume
        keeps its relative spread around the new mean.
    """
    if isinstance(agents, bool) or not isinstance(agents, (int, np.integer)) or not 1 <= agents <= 100_000:
        raise ValueError(f"agents = {agents!r} is outside the allowed range [1, 100000] (whole FTE)")
    sc = scenario
    if aht_s is not None:
        if not 1.0 <= float(aht_s) <= 7200.0:
            raise ValueError(f"aht_s = {aht_s!r} is outside the allowed range [1, 7200] s")
        sc = sc.with_overrides({"service.aht_s": _with_mean(sc.get("service.aht_s"), float(aht_s))})
    if sc.staff.headcount is not None:
        import dataclasses

        sc = dataclasses.replace(sc, staff=dataclasses.replace(sc.staff, headcount=None))
    vol = _volume_for(sc, float(agents))
    return sc.with_overrides({"demand.base_volume": _with_mean(sc.get("demand.base_volume"), vol)})


def default_scenario(agents: int | None = None, aht_s: float | None = None) -> Scenario:
    """The calibrated default scenario, optionally sized to a centre of ``agents`` FTE.

    See :func:`ccsim.scenario.presets.default_scenario` and :func:`sized_for`.

    Examples
    --------
    >>> sc = default_scenario()
    >>> sc.option_names
    ('in_house', 'onshore', 'nearshore', 'offshore', 'hybrid')
    """
    sc = _presets.default_scenario()
    if agents is None and aht_s is None:
        return sc
    if agents is None:
        agents = int(month0_plan(sc))
    return sized_for(sc, agents, aht_s)


def check_headcount(scenario: Scenario) -> None:
    """Warn if ``staff.headcount`` is more than 15% away from the month-0 plan."""
    h = scenario.staff.headcount
    if h is None:
        return
    plan = month0_plan(scenario)
    if plan > 0 and abs(float(h) - plan) <= TOLERANCE * plan:
        return
    fit = _volume_for(scenario, float(h)) if h >= 1 else 0.0
    warnings.warn(
        f"staff.headcount = {h} but month 0 of this scenario needs about {plan:.0f} in-house "
        f"agents (demand.base_volume mean {_central(scenario, 'demand.base_volume'):,.0f} "
        f"calls/month); a volume of about {fit:,.0f} calls/month fits {h} agents. Use "
        f"ccsim.sized_for(scenario, agents={h}) or ccsim.default_scenario(agents={h}).",
        SizingWarning,
        stacklevel=3,
    )
