"""``result.plot``: the figures of one result as methods."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

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
from ccsim.present.plotting.frame import _check_result
from ccsim.present.plotting.sources_plot import uncertainty_sources_plot
from ccsim.present.plotting.trajectories import fan_chart, fan_grid

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = ["PlotAccessor"]

# ----------------------------------------------------------------------------- accessor


class PlotAccessor:
    """Figures of one result: ``result.plot.<name>(...)`` calls :mod:`ccsim.plot` with it.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> ax = res.plot.cost_breakdown()
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """

    def __init__(self, result: Result) -> None:
        self._result = _check_result(result)

    def __repr__(self) -> str:
        names = ", ".join(n for n in _ACCESSOR_METHODS)
        return f"<ccsim plots of {self._result!r}: {names}>"

    def distribution(self, metric: str = "npv_cost", options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.distribution`."""
        return distribution(self._result, metric, options, **kw)

    def cost_distribution(self, options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.cost_distribution`."""
        return cost_distribution(self._result, options, **kw)

    def csat_distribution(self, options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.csat_distribution`."""
        return csat_distribution(self._result, options, **kw)

    def exceedance(self, metric: str = "npv_cost", options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.exceedance`."""
        return exceedance(self._result, metric, options, **kw)

    def fan_chart(self, metric: str = "cost", options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.fan_chart`."""
        return fan_chart(self._result, metric, options, **kw)

    def fan_grid(self, metrics: Sequence[str] = ("cost", "csat", "quality", "service_level"),
                 options: Any = None, **kw: Any) -> Figure:
        """See :func:`ccsim.plot.fan_grid`."""
        return fan_grid(self._result, metrics, options, **kw)

    def risk_map(self, options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.risk_map`."""
        return risk_map(self._result, options, **kw)

    def paired_saving(self, option: str, baseline: str | None = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.paired_saving`."""
        return paired_saving(self._result, option, baseline, **kw)

    def saving_grid(self, baseline: str | None = None, options: Any = None,
                    **kw: Any) -> Figure:
        """See :func:`ccsim.plot.saving_grid`."""
        return saving_grid(self._result, baseline, options, **kw)

    def cost_breakdown(self, options: Any = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.cost_breakdown`."""
        return cost_breakdown(self._result, options, **kw)

    def waterfall(self, option: str, baseline: str | None = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.waterfall`."""
        return waterfall(self._result, option, baseline, **kw)

    def uncertainty_sources(self, option: str, baseline: str | None = None, **kw: Any) -> Axes:
        """See :func:`ccsim.plot.uncertainty_sources`."""
        return uncertainty_sources_plot(self._result, option, baseline, **kw)


_ACCESSOR_METHODS = tuple(
    n for n in vars(PlotAccessor) if not n.startswith("_")
)
