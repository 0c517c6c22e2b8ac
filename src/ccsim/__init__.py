"""ccsim: Monte Carlo simulation of call-center sourcing decisions.

In-house, onshore, nearshore, offshore or hybrid: what each costs and what customers
feel, with honest uncertainty, compared path by path on common random numbers.

>>> import ccsim
>>> result = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=42)
>>> list(result.summary().columns[:3])
['cost_mean', 'cost_se', 'cost_p05']
"""

from ccsim import dist
from ccsim.presets import default_scenario, in_house_option, vendor_option
from ccsim.result import Result
from ccsim.runner import simulate
from ccsim.scenario import Scenario, SourcingOption

__version__ = "0.1.0"

__all__ = [
    "Result",
    "Scenario",
    "SourcingOption",
    "__version__",
    "default_scenario",
    "dist",
    "in_house_option",
    "simulate",
    "vendor_option",
]
