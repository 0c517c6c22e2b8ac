"""Result of a simulation: arrays inside, tidy pandas frames on request.

Array layout: per-path outputs are ``(option, path)`` float64; sampled inputs are
``(path,)``; monthly trajectories are ``(option, path, month)`` float32.
Statistics are computed when asked for, never on construction.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ccsim.conventions import renamed
from ccsim.format import fmt_value
from ccsim.outputs import (
    COST_PARTS,
    CUSTOMER_COMPONENTS,
    INCIDENT_COMPONENTS,
    MONTHLY_METRICS,
    OPERATING_COMPONENTS,
    OUTPUTS,
    PATH_OUTPUTS,
    RENAMED,
)
from ccsim.sampling.inputs import stratified
from ccsim.sampling.streams import BLOCK, SeedRoot
from ccsim.scenario import Scenario
from ccsim.stats.estimators import MIN_BLOCKS, IntervalWarning, cvar_rows, share_best

if TYPE_CHECKING:
    from pathlib import Path

    from ccsim.decide.analysis import Comparison, Regret
    from ccsim.decide.decision import Decision
    from ccsim.present.plotting.accessor import PlotAccessor
    from ccsim.present.report import BoardPack
    from ccsim.sensitivity.sources import UncertaintySources
    from ccsim.stats.tables import Convergence, Dominance, Risk

__all__ = ["SUMMARY_COLUMNS", "Result", "SummaryFrame", "SummarySource", "sampling_block",
           "summary_frame"]

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
        if metric in RENAMED and metric not in self.outputs:
            warnings.warn(
                f"output {metric!r} is now {RENAMED[metric]!r}; the old name goes in the next "
                "release", DeprecationWarning, stacklevel=2,
            )
            metric = RENAMED[metric]
        if metric not in self.outputs:
            raise KeyError(f"unknown metric {metric!r}; available: {list(self.outputs)}")
        arr = self.outputs[metric]
        return arr if option is None else arr[self._index(option)]

    def __repr__(self) -> str:
        return (
            f"<ccsim.Result {self.scenario.name!r}: {len(self.options)} options x "
            f"{self.n_paths:,} paths x "
            f"{self.horizon} months, seed entropy {self.seed.entropy}, {self.elapsed_s:.1f} s>"
        )

    # ------------------------------------------------------------------ tables

    def summary(self) -> pd.DataFrame:
        """One row per option: cost (NPV) and CSAT statistics; see :func:`summary_frame`.

        The frame's ``attrs["scenario"]`` is the scenario's name.

        Raises ``ValueError`` for a one-path run (no standard error can be given).
        """
        out = summary_frame(_ArraySource(self))
        out.attrs["scenario"] = self.scenario.name
        return out

    def _split(self) -> dict[str, Any]:
        """``{operating_cost, incident_cost, customer_cost}`` arrays, each the reported
        output or, if absent, the sum of its components."""
        out = self.outputs
        zero = np.zeros_like(out["npv_cost"])
        parts = {"operating_cost": OPERATING_COMPONENTS, "incident_cost": INCIDENT_COMPONENTS,
                 "customer_cost": CUSTOMER_COMPONENTS}
        return {k: out[k] if k in out else sum((out[c] for c in comps if c in out), zero)
                for k, comps in parts.items()}

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
    # Entry points into the layers above this one: the statistics and the decision
    # (ccsim.decide), the figures, the board pack and the exports (ccsim.present). Each
    # method imports its function when called, so this module loads none of them (and
    # ``import ccsim`` no matplotlib). These imports, and only these, are declared as
    # exceptions to the layers contract (``ignore_imports`` in pyproject.toml); the
    # architecture tests check that they stay inside the methods.

    @renamed(a="option", b="baseline")
    def compare(
        self, option: str, baseline: str | None = None, metric: str = "npv_cost", **kw: Any
    ) -> Comparison:
        """Paired comparison of ``option`` with ``baseline``; see :func:`ccsim.decide.analysis.compare`.

        ``a=`` and ``b=`` are the deprecated old names of ``option`` and ``baseline``.
        """
        from ccsim.decide.analysis import compare

        return compare(self, option, baseline, metric=metric, **kw)

    def dominance(self, metric: str = "npv_cost", **kw: Any) -> Dominance:
        """Stochastic dominance between options; see :func:`ccsim.decide.analysis.dominance`."""
        from ccsim.decide.analysis import dominance

        return dominance(self, metric=metric, **kw)

    def regret(self, metric: str = "npv_cost", **kw: Any) -> Regret:
        """Per-path regret against the best option; see :func:`ccsim.decide.analysis.regret`."""
        from ccsim.decide.analysis import regret

        return regret(self, metric=metric, **kw)

    def risk(self, **kw: Any) -> Risk:
        """VaR, CVaR and threshold probabilities; see :func:`ccsim.decide.analysis.risk`."""
        from ccsim.decide.analysis import risk

        return risk(self, **kw)

    def convergence(self, metric: str = "npv_cost", stat: str = "mean", **kw: Any) -> Convergence:
        """Running estimate with its confidence band; see :func:`ccsim.decide.analysis.convergence`."""
        from ccsim.decide.analysis import convergence

        return convergence(self, metric=metric, stat=stat, **kw)

    def decide(self, **kw: Any) -> Decision:
        """Recommended option under a declared appetite; see :func:`ccsim.decide.decision.decide`."""
        from ccsim.decide.decision import decide

        return decide(self, **kw)

    def uncertainty_sources(
        self, option: str, baseline: str | None = None, metric: str = "npv_cost", **kw: Any
    ) -> UncertaintySources:
        """Share of the spread of ``option``'s cost (or of its saving against
        ``baseline``) from each group of inputs and from noise; see
        :func:`ccsim.sensitivity.sources.uncertainty_sources`."""
        from ccsim.sensitivity.sources import uncertainty_sources

        return uncertainty_sources(self, option, baseline, metric=metric, **kw)

    @property
    def plot(self) -> PlotAccessor:
        """Figures of this result: ``result.plot.<name>(...)``; see :mod:`ccsim.plot`.

        A declared accessor, as xarray declares ``Dataset.plot``: each access returns a
        :class:`~ccsim.present.plotting.accessor.PlotAccessor` of this result (matplotlib
        loads on the first one).
        """
        from ccsim.present.plotting.accessor import PlotAccessor

        return PlotAccessor(self)

    def report(self, path: str | Path, **kw: Any) -> BoardPack:
        """Write the board pack (PDF, PNGs, CSV) to ``path``; see :mod:`ccsim.present.report`."""
        from ccsim.present.report import write_report

        return write_report(self, path, **kw)

    def to_excel(self, path: str | Path, **kw: Any) -> Path:
        """Write a formatted Excel workbook; see :func:`ccsim.present.export.to_excel`."""
        from ccsim.present.export import to_excel

        return to_excel(self, path, **kw)

    def to_xarray(self) -> Any:
        """An xarray Dataset (option x path x month); see :func:`ccsim.present.export.to_xarray`."""
        from ccsim.present.export import to_xarray

        return to_xarray(self)

    def _repr_html_(self) -> str:
        from ccsim.present.export import result_html

        return result_html(self)

# ---------------------------------------------------------------------------- summary

#: Columns of :meth:`Result.summary` and :meth:`ccsim.run.summaries.StreamingResult.summary`.
SUMMARY_COLUMNS = (
    "cost_mean", "cost_se", "cost_p05", "cost_p50", "cost_p95", "cost_cvar95",
    "csat_mean", "csat_se", "csat_p05", "service_level_mean", "abandon_rate", "p_exit",
    "p_cheapest", "p_best_csat", "operating_cost_mean", "operating_cost_se",
    "incident_cost_mean", "incident_cost_se", "customer_cost_mean", "customer_cost_se",
)


class SummarySource(Protocol):
    """What :func:`summary_frame` reads: per-option statistics of a run, ``(O,)`` arrays."""

    options: tuple[str, ...]
    n_paths: int

    def mean(self, metric: str) -> F: ...

    def se(self, metric: str) -> F: ...

    def quantile(self, metric: str, q: float) -> F: ...

    def cvar(self, metric: str, level: float) -> F: ...

    def p_best(self, metric: str, *, lower: bool) -> F: ...


def summary_frame(src: SummarySource) -> pd.DataFrame:
    """The one summary table of a run, from kept paths or from streaming summaries.

    Columns (:data:`SUMMARY_COLUMNS`): ``cost_mean``, ``cost_se`` (Monte Carlo
    standard error of the mean: ``sd / sqrt(n)``, or for ``sampler="lhs"`` / ``"sobol"``
    the spread of the 256-path block means over ``sqrt(blocks)``), ``cost_p05``,
    ``cost_p50``, ``cost_p95``, ``cost_cvar95`` (mean of the worst
    ``ceil(0.05 n)`` paths), ``csat_mean``, ``csat_se``, ``csat_p05``,
    ``service_level_mean``, ``abandon_rate``, ``p_exit``, ``p_cheapest`` (share of paths
    on which the option has the lowest cost; ties shared equally) and ``p_best_csat``
    (highest CSAT, ties shared), and the cost in its three parts: cash to run the
    centre (``operating_cost_mean``, ``operating_cost_se``), risk events where they
    happen (``incident_cost_mean``, ``incident_cost_se``) and the margin of customers
    lost (``customer_cost_mean``, ``customer_cost_se``); on every path
    ``npv_cost = operating_cost + incident_cost + customer_cost``.

    Raises
    ------
    ValueError
        For a run of one path: no standard error or interval can be given from it.
    """
    if src.n_paths < 2:
        raise ValueError(
            f"summary() needs at least 2 paths for a standard error, got n_paths = "
            f"{src.n_paths}: one path gives no standard error or confidence interval; "
            "simulate more paths"
        )
    cols = {
        "cost_mean": src.mean("npv_cost"),
        "cost_se": src.se("npv_cost"),
        "cost_p05": src.quantile("npv_cost", 0.05),
        "cost_p50": src.quantile("npv_cost", 0.5),
        "cost_p95": src.quantile("npv_cost", 0.95),
        "cost_cvar95": src.cvar("npv_cost", 0.95),
        "csat_mean": src.mean("csat_mean"),
        "csat_se": src.se("csat_mean"),
        "csat_p05": src.quantile("csat_mean", 0.05),
        "service_level_mean": src.mean("service_level_mean"),
        "abandon_rate": src.mean("abandon_rate"),
        "p_exit": src.mean("exit_requested"),
        "p_cheapest": src.p_best("npv_cost", lower=True),
        "p_best_csat": src.p_best("csat_mean", lower=False),
        "operating_cost_mean": src.mean("operating_cost"),
        "operating_cost_se": src.se("operating_cost"),
        "incident_cost_mean": src.mean("incident_cost"),
        "incident_cost_se": src.se("incident_cost"),
        "customer_cost_mean": src.mean("customer_cost"),
        "customer_cost_se": src.se("customer_cost"),
    }
    return SummaryFrame(cols, index=pd.Index(src.options, name="option"))


def _summary_kind(column: str) -> str:
    """Kind of a summary column for display: shares, CSAT points or money."""
    if column.startswith("p_") or column in ("service_level_mean", "abandon_rate"):
        return "pct"
    if column.startswith("csat_"):
        return "points"
    return "money"


class SummaryFrame(pd.DataFrame):
    """The summary table: raw numbers for computation (``.loc``, ``.to_numpy()``,
    arithmetic, CSV), shown formatted by :mod:`ccsim.format` in a terminal and in Jupyter
    (``-$2.4M``, ``73.4%``), as the CLI and the board pack print them. Anything derived
    from it (a column, a slice) is a plain pandas object.

    Examples
    --------
    >>> t = SummaryFrame({"cost_mean": [1.5347e7], "p_cheapest": [0.734]},
    ...                  index=pd.Index(["offshore"], name="option"))
    >>> print(t)  # doctest: +NORMALIZE_WHITESPACE
             cost_mean p_cheapest
    option
    offshore    $15.3M      73.4%
    >>> float(t["cost_mean"].iloc[0])
    15347000.0
    """

    @property
    def _constructor(self) -> type[pd.DataFrame]:
        return pd.DataFrame

    def formatted(self) -> pd.DataFrame:
        """A copy with every number as text, formatted as the CLI and the pack print it."""
        shown = pd.DataFrame(self).copy()
        for col in shown.columns:
            if pd.api.types.is_float_dtype(shown[col]):
                kind = _summary_kind(str(col))
                shown[col] = [fmt_value(kind, float(v)) for v in shown[col]]
        return shown

    def __repr__(self) -> str:
        return repr(self.formatted())

    def _repr_html_(self) -> str | None:
        return str(self.formatted().to_html(escape=True))


def replicate_se(block_means: F, n_blocks: int) -> F:
    """Standard error of the mean from ``n_blocks`` independent block means (last axis)."""
    return np.asarray(block_means.std(axis=-1, ddof=1) / math.sqrt(n_blocks), dtype=np.float64)


def warn_few_blocks(sampler: Any, n_blocks: int) -> None:
    """The i.i.d. fallback warning of a stratified sampler with too few blocks."""
    warnings.warn(
        f"sampler = {sampler!r}: only {n_blocks} whole blocks of {BLOCK} paths, fewer "
        f"than the {MIN_BLOCKS} a replicate standard error needs ({MIN_BLOCKS * BLOCK} "
        "paths); the standard errors of means use the i.i.d. formula, which overstates "
        "the error of a stratified sample",
        IntervalWarning,
        stacklevel=4,
    )


class _ArraySource:
    """:class:`SummarySource` over a :class:`Result`'s kept arrays."""

    def __init__(self, res: Result) -> None:
        self.res = res
        self.options = res.options
        self.n_paths = res.n_paths

    def _values(self, metric: str) -> F:
        if metric in COST_PARTS:
            return np.asarray(self.res._split()[metric], dtype=np.float64)
        return self.res.outputs[metric]

    def mean(self, metric: str) -> F:
        return np.asarray(self._values(metric).mean(axis=1), dtype=np.float64)

    def se(self, metric: str) -> F:
        x = self._values(metric)
        n = x.shape[1]
        sampler = self.res.meta.get("sampler")
        if stratified(sampler):
            b = n // BLOCK
            if b >= MIN_BLOCKS:
                bm = x[:, : b * BLOCK].reshape(x.shape[0], b, BLOCK).mean(axis=2)
                return replicate_se(bm, b)
            warn_few_blocks(sampler, b)
        return np.asarray(x.std(axis=1, ddof=1) / np.sqrt(n), dtype=np.float64)

    def quantile(self, metric: str, q: float) -> F:
        return np.asarray(np.quantile(self.res.outputs[metric], q, axis=1), dtype=np.float64)

    def cvar(self, metric: str, level: float) -> F:
        return cvar_rows(self.res.outputs[metric], level)

    def p_best(self, metric: str, *, lower: bool) -> F:
        return _p_best(self.res.outputs[metric], lower=lower)


def _p_best(x: F, *, lower: bool) -> F:
    """Share of paths on which each row is best; ties split equally."""
    return np.asarray(share_best(x, lower=lower).mean(axis=1), dtype=np.float64)


def sampling_block(result: Result) -> int | None:
    """Size of the independent replicate blocks of ``result``'s sampler, or None.

    ``BLOCK`` (256) for ``sampler="lhs"`` and ``"sobol"``, whose whole blocks are
    independent randomizations of the stratified design; None for ``"mc"`` (independent
    paths). Pass it as ``block=`` to :func:`ccsim.stats.estimators.estimate` for the
    standard error of a mean of per-path values of this result, e.g. a paired
    difference: ``estimate(x_a - x_b, "mean", block=sampling_block(result)).se``.
    """
    return BLOCK if stratified(result.meta.get("sampler")) else None
