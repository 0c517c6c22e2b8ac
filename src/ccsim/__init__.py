"""ccsim: Monte Carlo simulation of call-center sourcing decisions.

In-house, onshore, nearshore, offshore or hybrid: what each costs and what customers
feel, with honest uncertainty, compared path by path on common random numbers.

>>> import ccsim
>>> result = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=42)
>>> list(result.summary().columns[:3])
['cost_mean', 'cost_se', 'cost_p05']

The figure and report modules import matplotlib, so they load on first use:
``ccsim.plot.exceedance(result)``, ``ccsim.report.write_report(result, "pack")``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ccsim import dist, queueing, sampling, scenario
from ccsim.decide import analysis, decision
from ccsim.decide.decision import Appetite, Decision
from ccsim.errors import ScenarioError
from ccsim.result import Result
from ccsim.run.parallel import PerformanceWarning
from ccsim.run.precision import Precision
from ccsim.run.simulate import simulate
from ccsim.run.sizing import SizingWarning, default_scenario, read_scenario, sized_for
from ccsim.run.summaries import StreamingResult
from ccsim.run.sweep import SweepResult, sweep
from ccsim.sampling import CorrelationWarning, InputDesign
from ccsim.scenario import Scenario, ScenarioFileError, SourcingOption, presets
from ccsim.scenario.presets import in_house_option, vendor_option
from ccsim.sensitivity import discovery, tornado
from ccsim.sensitivity.breakeven import Breakeven, breakeven
from ccsim.stats.estimators import IntervalWarning

if TYPE_CHECKING:  # pragma: no cover
    from ccsim.present import plotting as plot
    from ccsim.present import report
    from ccsim.present.report import BoardPack

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Load the matplotlib-based modules (and ``BoardPack``) only when first used."""
    if name == "plot":
        return importlib.import_module("ccsim.present.plotting")
    if name == "report":
        return importlib.import_module("ccsim.present.report")
    if name == "BoardPack":
        return importlib.import_module("ccsim.present.report").BoardPack
    raise AttributeError(f"module 'ccsim' has no attribute {name!r}")


__all__ = [
    "Appetite",
    "BoardPack",
    "Breakeven",
    "CorrelationWarning",
    "Decision",
    "InputDesign",
    "IntervalWarning",
    "PerformanceWarning",
    "Precision",
    "Result",
    "Scenario",
    "ScenarioError",
    "ScenarioFileError",
    "SizingWarning",
    "SourcingOption",
    "StreamingResult",
    "SweepResult",
    "__version__",
    "analysis",
    "breakeven",
    "decision",
    "default_scenario",
    "discovery",
    "dist",
    "in_house_option",
    "plot",
    "presets",
    "queueing",
    "read_scenario",
    "report",
    "sampling",
    "scenario",
    "simulate",
    "sized_for",
    "sweep",
    "tornado",
    "vendor_option",
]
