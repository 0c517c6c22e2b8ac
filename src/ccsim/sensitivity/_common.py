"""Helpers shared by the sensitivity analyses: which inputs matter to which options,
the reduced scenario of the options examined, and the examined response."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from ccsim._checks import check_prob
from ccsim.decide.analysis import estimate
from ccsim.outputs import better_is_higher
from ccsim.sampling.streams import SeedRoot
from ccsim.scenario import Scenario
from ccsim.stats.estimators import IntervalWarning

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = ["relevant_inputs"]

F = NDArray[np.float64]

_EPS = 2.0**-53



def relevant_inputs(scenario: Scenario, options: Sequence[str]) -> list[str]:
    """Uncertain inputs that can affect ``options``: the shared ones and the options' own.

    Examples
    --------
    >>> import ccsim
    >>> p = relevant_inputs(ccsim.default_scenario(), ["offshore"])
    >>> "offshore.staffing.price_per_hour" in p, "onshore.staffing.price_per_hour" in p
    (True, False)
    """
    names = set(scenario.option_names)
    for o in options:
        scenario.option(o)
    keep = set(options)
    return [
        p for p, _ in scenario.uncertain_inputs()
        if p.split(".")[0] not in names or p.split(".")[0] in keep
    ]


def _options(scenario: Scenario, option: str, baseline: str | None) -> list[str]:
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a ccsim.Scenario, got {type(scenario).__name__}")
    scenario.option(option)
    if baseline is not None:
        scenario.option(baseline)
        if baseline == option:
            raise ValueError(f"baseline = {baseline!r} is the option itself; pick another option")
    return [option] if baseline is None else [option, baseline]


def _reduce(scenario: Scenario, keep: Sequence[str]) -> Scenario:
    """The scenario with only the options in ``keep`` (others' draws are unchanged)."""
    sc = scenario
    drop = [o for o in scenario.option_names if o not in keep]
    if drop:
        corr = tuple(
            c for c in scenario.correlations
            if c[0].split(".")[0] not in drop and c[1].split(".")[0] not in drop
        )
        sc = sc.with_overrides(correlations=corr)
        for o in drop:
            sc = sc.without_option(o)
    return sc


def _check_inputs(scenario: Scenario, inputs: Sequence[str] | None, default: list[str]) -> list[str]:
    if inputs is None:
        return default
    if isinstance(inputs, str):
        inputs = [inputs]
    valid = {p for p, _ in scenario.uncertain_inputs()}
    out = []
    for p in inputs:
        if p not in valid:
            raise ValueError(f"inputs: {p!r} is not an uncertain input of the scenario")
        out.append(p)
    if not out:
        raise ValueError("inputs must name at least one uncertain input")
    return out


def _fixed_value(scenario: Scenario, path: str, value: float) -> float:
    meta = {p: m for p, _, m in scenario.parameters()}[path]
    return float(round(value)) if meta.get("integer") else float(value)


def _response(result: Result, metric: str, option: str, baseline: str | None) -> F:
    y = result.values(metric, option)
    if baseline is not None:  # the saving: positive when the option is better
        y = y - result.values(metric, baseline)
        if not better_is_higher(metric):
            y = -y
    return np.asarray(y, dtype=np.float64)


def _check_prob(name: str, v: Any) -> float:
    try:
        return check_prob(name, v)
    except TypeError as e:  # a non-number is out of range too
        raise ValueError(str(e)) from None


def _seed_attr(root: SeedRoot) -> Any:
    """The seed to record in ``attrs``: passing it back repeats the analysis."""
    return root.entropy if not root.spawn_key else repr(root)


def _point(y: F, stat: str) -> float:
    """Point estimate only (a swing's CVaR needs no interval, so no tail-count warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IntervalWarning)
        return estimate(y, stat).estimate
