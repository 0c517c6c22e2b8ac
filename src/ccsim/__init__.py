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
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ccsim import analysis, decision, discovery, dist, queueing, sampling, scenario
from ccsim.breakeven import Breakeven, breakeven
from ccsim.decision import Appetite, Decision
from ccsim.errors import ScenarioError
from ccsim.estimators import IntervalWarning
from ccsim.result import Result
from ccsim.run.parallel import PerformanceWarning
from ccsim.run.precision import Precision
from ccsim.run.simulate import simulate
from ccsim.run.sizing import SizingWarning, default_scenario, sized_for
from ccsim.run.summaries import StreamingResult
from ccsim.run.sweep import SweepResult, sweep
from ccsim.sampling import CorrelationWarning, InputDesign
from ccsim.scenario import Scenario, ScenarioFileError, SourcingOption, presets
from ccsim.scenario.presets import in_house_option, vendor_option
from ccsim.sensitivity import tornado

if TYPE_CHECKING:  # pragma: no cover
    from ccsim import plotting as plot
    from ccsim import report
    from ccsim.report import BoardPack

__version__ = "0.1.0"

_LAZY_MODULES = {"plot", "report"}


def _bind_result_methods() -> None:
    """Give :class:`Result` its convenience methods from the layers above it."""
    from ccsim import result as _result

    def _analysis(name: str) -> Callable[[], Any]:
        return lambda: getattr(analysis, name)

    for name in ("compare", "dominance", "regret", "risk", "convergence"):
        _result.bind(name, _analysis(name))
    _result.bind("plot", lambda: importlib.import_module("ccsim.plotting").PlotAccessor)
    _result.bind("report", lambda: importlib.import_module("ccsim.report").write_report)
    _result.bind("decide", lambda: decision.decide)
    _result.bind("to_excel", lambda: importlib.import_module("ccsim.export").to_excel)
    _result.bind("to_xarray", lambda: importlib.import_module("ccsim.export").to_xarray)
    _result.bind("_repr_html_", lambda: importlib.import_module("ccsim.export").result_html)


_bind_result_methods()


def __getattr__(name: str) -> Any:
    """Load the matplotlib-based modules (and ``BoardPack``) only when first used."""
    if name == "plot":
        return importlib.import_module("ccsim.plotting")
    if name in _LAZY_MODULES:
        return importlib.import_module(f"ccsim.{name}")
    if name == "BoardPack":
        return importlib.import_module("ccsim.report").BoardPack
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
    "report",
    "sampling",
    "scenario",
    "simulate",
    "sized_for",
    "sweep",
    "tornado",
    "vendor_option",
]
