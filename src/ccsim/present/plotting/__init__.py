"""Board-ready figures of a simulation, a tornado table and a sweep table:
``ccsim.plot.<figure>(result, ...)`` or ``result.plot.<figure>(...)``.

Every function takes ``ax=None`` (a new 16:9 figure is made when omitted), draws in
ccsim's style context (:func:`~ccsim.present.plotting._style.board_style`: no global
``rcParams`` change leaks out) and returns the matplotlib ``Axes`` (:func:`fan_grid` returns the
``Figure``). Each option keeps one colour in every figure. Titles state the finding
and are computed from the data (pass ``title=`` to replace them); when the function
makes its own figure, a footnote gives the number of simulated futures and the 95%
Monte Carlo interval (1.96 standard errors) of the headline numbers.

This package gathers the figure families (:mod:`~ccsim.present.plotting.distributions`,
:mod:`~ccsim.present.plotting.trajectories`, :mod:`~ccsim.present.plotting.decision`,
:mod:`~ccsim.present.plotting.sensitivity_plots`), all drawn in one figure frame
(:mod:`~ccsim.present.plotting.frame`). The same figures are methods of a result:
``result.plot.paired_saving("offshore")``.

Examples
--------
>>> import ccsim
>>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
>>> ax = res.plot.paired_saving("offshore")
>>> ax.get_xlabel()
'Saving vs In-house per future, NPV (US$)'
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from ccsim.present.plotting.accessor import PlotAccessor
from ccsim.present.plotting.decision import (
    cost_breakdown,
    paired_saving,
    risk_map,
    saving_grid,
    waterfall,
)
from ccsim.present.plotting.distributions import (
    cost_distribution,
    csat_distribution,
    distribution,
    exceedance,
)
from ccsim.present.plotting.frame import _check_frame, _check_result
from ccsim.present.plotting.sensitivity_plots import (
    SWEEP_COLUMNS,
    SWEEP_REQUIRED,
    TORNADO_COLUMNS,
    _sweep_params,
    sweep_heatmap,
    sweep_lines,
    tornado,
)
from ccsim.present.plotting.sources_plot import uncertainty_sources_plot as uncertainty_sources
from ccsim.present.plotting.trajectories import fan_chart, fan_grid

__all__ = [
    "SWEEP_COLUMNS",
    "SWEEP_REQUIRED",
    "TORNADO_COLUMNS",
    "PlotAccessor",
    "_check_frame",
    "_check_result",
    "_sweep_params",
    "cost_breakdown",
    "cost_distribution",
    "csat_distribution",
    "distribution",
    "exceedance",
    "fan_chart",
    "fan_grid",
    "paired_saving",
    "risk_map",
    "saving_grid",
    "sweep_heatmap",
    "sweep_lines",
    "tornado",
    "uncertainty_sources",
    "waterfall",
]
