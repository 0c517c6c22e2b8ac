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

from ccsim import analysis, dist, queueing
from ccsim._serialize import ScenarioFileError
from ccsim.parallel import PerformanceWarning
from ccsim.precision import Precision
from ccsim.presets import default_scenario, in_house_option, vendor_option
from ccsim.result import Result
from ccsim.runner import simulate
from ccsim.sampling import CorrelationWarning, InputDesign
from ccsim.scenario import Scenario, SourcingOption
from ccsim.sensitivity import tornado
from ccsim.streaming import StreamingResult
from ccsim.sweeps import SweepResult, sweep

if TYPE_CHECKING:  # pragma: no cover
    from ccsim import plot, report
    from ccsim.report import BoardPack

__version__ = "0.1.0"

_LAZY_MODULES = {"plot", "report"}


def __getattr__(name: str) -> Any:
    """Load the matplotlib-based modules (and ``BoardPack``) only when first used."""
    if name in _LAZY_MODULES:
        return importlib.import_module(f"ccsim.{name}")
    if name == "BoardPack":
        return importlib.import_module("ccsim.report").BoardPack
    raise AttributeError(f"module 'ccsim' has no attribute {name!r}")


__all__ = [
    "BoardPack",
    "CorrelationWarning",
    "InputDesign",
    "PerformanceWarning",
    "Precision",
    "Result",
    "Scenario",
    "ScenarioFileError",
    "SourcingOption",
    "StreamingResult",
    "SweepResult",
    "__version__",
    "analysis",
    "default_scenario",
    "dist",
    "in_house_option",
    "plot",
    "queueing",
    "report",
    "simulate",
    "sweep",
    "tornado",
    "vendor_option",
]
