"""Figures of a result, in the house style: ``ccsim.plotting.<figure>(result, ...)`` or
``result.plot.<figure>(...)``."""

from ccsim.plotting.figures import (
    SWEEP_COLUMNS,
    SWEEP_REQUIRED,
    TORNADO_COLUMNS,
    PlotAccessor,
    cost_breakdown,
    cost_distribution,
    csat_distribution,
    distribution,
    exceedance,
    fan_chart,
    fan_grid,
    paired_saving,
    risk_map,
    sweep_heatmap,
    sweep_lines,
    tornado,
    waterfall,
)

__all__ = [
    "SWEEP_COLUMNS",
    "SWEEP_REQUIRED",
    "TORNADO_COLUMNS",
    "PlotAccessor",
    "cost_breakdown",
    "cost_distribution",
    "csat_distribution",
    "distribution",
    "exceedance",
    "fan_chart",
    "fan_grid",
    "paired_saving",
    "risk_map",
    "sweep_heatmap",
    "sweep_lines",
    "tornado",
    "waterfall",
]
