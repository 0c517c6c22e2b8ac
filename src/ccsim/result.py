"""Result of a simulation: arrays inside, tidy pandas frames on request.

Array layout: per-path outputs are ``(option, path)`` float64; sampled inputs are
``(path,)``; monthly trajectories are ``(option, path, month)`` float32.
Statistics are computed when asked for, never on construction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ccsim.estimators import cvar_rows, share_best
from ccsim.outputs import (
    CUSTOMER_COMPONENTS,
    MONTHLY_METRICS,
    OPERATING_COMPONENTS,
    OUTPUTS,
    PATH_OUTPUTS,
)
from ccsim.sampling.streams import SeedRoot
from ccsim.scenario import Scenario

if TYPE_CHECKING:
    from ccsim.engine.chunk import ChunkOutput

__all__ = ["Result"]

F = NDArray[np.float64]

@dataclass(frozen=True, eq=False)
class Result:
    """Outcome of :func:`ccsim.simulate`.

    Attributes
    ----------
    scenario : Scenario
    n_paths : int
    seed : SeedRoot
        Entropy and spawn key of the run: ``simulate(..., seed=result.seed)`` repeats it.
    outputs : dict of (option, path) arrays, keys :data:`PATH_OUTPUTS`.
    inputs : dict of (path,) arrays, one per uncertain input (dotted path).
    monthly_data : dict of (option, path, month) float32 arrays, or None.
    elapsed_s : float
        Wall time of the simulation.
    """

    scenario: Scenario
    n_paths: int
    seed: SeedRoot
    outputs: dict[str, F]
    inputs: dict[str, F]
    monthly_data: dict[str, NDArray[np.float32]] | None = None
    elapsed_s: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)

    # ------------------------------------------------------------------ construction

    @classmethod
    def from_chunks(
        cls,
        scenario: Scenario,
        parts: Sequence[ChunkOutput],
        *,
        n_paths: int,
        seed: SeedRoot,
        elapsed_s: float = 0.0,
        meta: dict[str, Any] | None = None,
    ) -> Result:
        """Concatenate chunk outputs (in block order) and truncate to ``n_paths``."""
        outputs = {
            k: np.concatenate([c.paths[k] for c in parts], axis=1)[:, :n_paths]
            for k in parts[0].paths
        }
        inputs = {
            k: np.concatenate([c.inputs[k] for c in parts])[:n_paths] for k in parts[0].inputs
        }
        monthly = None
        if all(c.monthly is not None for c in parts):
            monthly = {
                k: np.concatenate([c.monthly[k] for c in parts], axis=1)[:, :n_paths]  # type: ignore[index]
                for k in parts[0].monthly  # type: ignore[union-attr]
            }
        return cls(scenario, n_paths, seed, outputs, inputs, monthly, elapsed_s, dict(meta or {}))

    # ------------------------------------------------------------------ basics

    @property
    def options(self) -> tuple[str, ...]:
        return self.scenario.option_names

    @property
    def horizon(self) -> int:
        return self.scenario.horizon

    def _index(self, option: str) -> int:
        try:
            return self.options.index(option)
        except ValueError:
            raise KeyError(f"no option named {option!r}; options are {list(self.options)}") from None

    def values(self, metric: str, option: str | None = None) -> F:
        """Per-path values of ``metric``: ``(option, path)``, or ``(path,)`` for one option."""
        if metric not in self.outputs:
            raise KeyError(f"unknown metric {metric!r}; available: {list(self.outputs)}")
        arr = self.outputs[metric]
        return arr if option is None else arr[self._index(option)]

    def __repr__(self) -> str:
        return (
            f"<ccsim.Result: {len(self.options)} options x {self.n_paths:,} paths x "
            f"{self.horizon} months, seed entropy {self.seed.entropy}, {self.elapsed_s:.1f} s>"
        )

    # ------------------------------------------------------------------ tables

    def summary(self) -> pd.DataFrame:
        """One row per option: cost (NPV) and CSAT statistics.

        Columns: ``cost_mean``, ``cost_se`` (Monte Carlo standard error of the mean),
        ``cost_p05``, ``cost_p50``, ``cost_p95``, ``cost_cvar95`` (mean of the worst 5%
        of paths), ``csat_mean``, ``csat_se``, ``csat_p05``, ``service_level_mean``,
        ``abandon_rate``, ``p_exit``, ``p_cheapest`` (share of paths on which the option
        has the lowest cost; ties shared), ``p_best_csat`` (highest mean CSAT), and the
        split of the cost into cash and customers: ``operating_cost_mean``,
        ``operating_cost_se``, ``customer_cost_mean``, ``customer_cost_se``
        (``npv_cost = operating_cost + customer_cost``).
        """
        cost = self.outputs["npv_cost"]
        csat = self.outputs["csat_mean"]
        op, cu = self._split()
        n = cost.shape[1]

        def _se(x: Any) -> Any:
            return x.std(axis=1, ddof=1) / np.sqrt(n) if n > 1 else np.zeros(len(x))

        q = np.quantile(cost, [0.05, 0.5, 0.95], axis=1)
        df = pd.DataFrame(
            {
                "cost_mean": cost.mean(axis=1),
                "cost_se": cost.std(axis=1, ddof=1) / np.sqrt(n) if n > 1 else np.zeros(len(cost)),
                "cost_p05": q[0],
                "cost_p50": q[1],
                "cost_p95": q[2],
                "cost_cvar95": cvar_rows(cost, 0.95),
                "csat_mean": csat.mean(axis=1),
                "csat_se": csat.std(axis=1, ddof=1) / np.sqrt(n) if n > 1 else np.zeros(len(csat)),
                "csat_p05": np.quantile(csat, 0.05, axis=1),
                "service_level_mean": self.outputs["service_level_mean"].mean(axis=1),
                "abandon_rate": self.outputs["abandon_rate"].mean(axis=1),
                "p_exit": self.outputs["exited"].mean(axis=1),
                "p_cheapest": _p_best(cost, lower=True),
                "p_best_csat": _p_best(csat, lower=False),
                "operating_cost_mean": op.mean(axis=1),
                "operating_cost_se": _se(op),
                "customer_cost_mean": cu.mean(axis=1),
                "customer_cost_se": _se(cu),
            },
            index=pd.Index(self.options, name="option"),
        )
        return df

    def _split(self) -> tuple[Any, Any]:
        """``(operating_cost, customer_cost)`` arrays, summed from the components if absent."""
        out = self.outputs
        if "operating_cost" in out and "customer_cost" in out:
            return out["operating_cost"], out["customer_cost"]
        zero = np.zeros_like(out["npv_cost"])
        op = sum((out[c] for c in OPERATING_COMPONENTS if c in out), zero)
        cu = sum((out[c] for c in CUSTOMER_COMPONENTS if c in out), zero)
        return op, cu

    def paths(self) -> pd.DataFrame:
        """Tidy per-path table: one row per option and path.

        Columns: ``option``, ``path``, every output of :data:`PATH_OUTPUTS` (NPV cost and
        its components, CSAT, service, exits, side outputs) and the sampled value of every
        uncertain input (named by its dotted path).
        """
        n_opt, P = len(self.options), self.n_paths
        data: dict[str, Any] = {
            "option": pd.Categorical(np.repeat(self.options, P), categories=list(self.options)),
            "path": np.tile(np.arange(P), n_opt),
        }
        for k in PATH_OUTPUTS:
            v = self.outputs[k].ravel()
            if OUTPUTS[k].dtype != "float64":
                v = v.astype(OUTPUTS[k].dtype)
            data[k] = v
        for k, v in self.inputs.items():
            data[k] = np.tile(v, n_opt)
        return pd.DataFrame(data)

    def monthly(
        self, metric: str, quantiles: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95)
    ) -> pd.DataFrame:
        """Month x option quantiles of a monthly metric.

        Parameters
        ----------
        metric
            One of ``cost`` (undiscounted monthly cost), ``csat``, ``quality``,
            ``service_level``, ``headcount``.
        quantiles
            Probabilities; columns are named ``p05``, ``p25``... plus ``mean``.

        Returns
        -------
        DataFrame indexed by ``(month, option)``.
        """
        if self.monthly_data is None:
            raise ValueError(
                "this result kept no monthly trajectories; rerun simulate(..., keep_monthly=True)"
            )
        if metric not in self.monthly_data:
            raise KeyError(f"unknown monthly metric {metric!r}; available: {list(MONTHLY_METRICS)}")
        arr = self.monthly_data[metric].astype(np.float64)  # (O, P, T)
        qs = np.quantile(arr, list(quantiles), axis=1)  # (Q, O, T)
        T = arr.shape[2]
        idx = pd.MultiIndex.from_product(
            [np.arange(T), list(self.options)], names=["month", "option"]
        )
        cols = {f"p{round(100 * q):02d}": qs[i].T.ravel() for i, q in enumerate(quantiles)}
        cols["mean"] = arr.mean(axis=1).T.ravel()
        return pd.DataFrame(cols, index=idx)

    # ------------------------------------------------------------------ analysis
    # Convenience entry points. The statistics live in ccsim.analysis, the figures in
    # ccsim.plotting and the board pack in ccsim.report, all layers *above* this one:
    # the package facade (ccsim/__init__.py) binds them with :func:`bind`, so this
    # module imports nothing from them and no import cycle arises.

    def compare(self, a: str, b: str, metric: str = "npv_cost", **kw: Any) -> Any:
        """Paired comparison of options ``a`` and ``b``; see :func:`ccsim.analysis.compare`."""
        return _bound("compare")(self, a, b, metric=metric, **kw)

    def dominance(self, metric: str = "npv_cost", **kw: Any) -> Any:
        """Stochastic dominance between options; see :func:`ccsim.analysis.dominance`."""
        return _bound("dominance")(self, metric=metric, **kw)

    def regret(self, metric: str = "npv_cost", **kw: Any) -> Any:
        """Per-path regret against the best option; see :func:`ccsim.analysis.regret`."""
        return _bound("regret")(self, metric=metric, **kw)

    def risk(self, **kw: Any) -> Any:
        """VaR, CVaR and threshold probabilities; see :func:`ccsim.analysis.risk`."""
        return _bound("risk")(self, **kw)

    def convergence(self, metric: str = "npv_cost", stat: str = "mean", **kw: Any) -> Any:
        """Running estimate with its confidence band; see :func:`ccsim.analysis.convergence`."""
        return _bound("convergence")(self, metric=metric, stat=stat, **kw)

    @property
    def plot(self) -> Any:
        """Figures of this result: ``result.plot.<name>(...)``; see :mod:`ccsim.plotting`."""
        return _bound("plot")(self)

    def report(self, path: Any, **kw: Any) -> Any:
        """Write the board pack (PDF, PNGs, CSV) to ``path``; see :mod:`ccsim.report`."""
        return _bound("report")(self, path, **kw)


#: Entry points bound by the package facade: name -> loader returning the callable.
_BOUND: dict[str, Callable[[], Callable[..., Any]]] = {}


def bind(name: str, loader: Callable[[], Callable[..., Any]]) -> None:
    """Bind ``Result.<name>`` to the callable that ``loader()`` returns (called on use,
    so matplotlib-based layers load only when a figure is asked for)."""
    _BOUND[name] = loader


def _bound(name: str) -> Callable[..., Any]:
    try:
        loader = _BOUND[name]
    except KeyError:  # pragma: no cover - ccsim/__init__ always binds them
        raise RuntimeError(f"Result.{name} is bound when the ccsim package is imported") from None
    return loader()

def _p_best(x: F, *, lower: bool) -> F:
    """Share of paths on which each row is best; ties split equally."""
    return share_best(x, lower=lower).mean(axis=1)
