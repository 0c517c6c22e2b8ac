"""Stopping rules: simulate until a statistic is known precisely enough.

``ccsim.simulate(scenario, n_paths=1024, seed=1, until=Precision(...))`` adds chunks
until the confidence interval of the chosen statistic is narrow enough for every
option (or ``max_paths`` is reached). Path ``i`` depends only on the seed and ``i``,
so the result is bit-identical to a fixed run of the same total size; the runner
records the outcome in ``result.meta["stopping"]``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from ccsim._checks import check_float, check_int, check_prob
from ccsim.sampling.inputs import stratified
from ccsim.sampling.streams import BLOCK
from ccsim.stats.estimators import IntervalWarning, estimate, parse_stat

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = ["MIN_STOP_BLOCKS", "Precision"]

#: Fewest whole 256-path blocks (independent replicates) a run with ``sampler="lhs"`` or
#: ``"sobol"`` needs before :class:`Precision` may stop on the replicate interval of a
#: mean: 30 blocks, 7,680 paths, a ``t`` interval with 29 degrees of freedom.
MIN_STOP_BLOCKS = 30


@dataclass(frozen=True)
class Precision:
    """Stop when the confidence interval of ``stat`` of ``metric`` is narrow enough.

    Parameters
    ----------
    stat
        ``"mean"``, ``"p95"`` (any quantile), ``"cvar95"``, ``"prob_above:T"`` or
        ``"prob_below:T"`` (see :func:`ccsim.analysis.parse_stat`).
    metric
        Per-path output, e.g. ``"npv_cost"``.
    rel_halfwidth
        Target half-width of the interval relative to ``|estimate|`` (e.g. 0.005 for
        +-0.5%). Use ``abs_halfwidth`` for probabilities or estimates near 0.
    abs_halfwidth
        Target half-width in the units of the statistic. With both targets, either
        one being met suffices.
    max_paths
        Never simulate more paths than this (rounded up to whole blocks of 256).
    level
        Confidence level of the interval.
    options
        Options that must meet the target (default: every option).

    Notes
    -----
    The intervals are those of :func:`ccsim.stats.estimators.estimate`. For ``"cvarQ"`` no
    interval exists below :data:`ccsim.stats.estimators.MIN_TAIL` (100) tail paths, so the
    rule is not met before ``100 / (1 - Q/100)`` paths (10,000 for CVaR99). For a run
    with ``sampler="lhs"`` or ``"sobol"``, the standard error of a mean comes from the
    spread of the 256-path block means (each block an independent randomization, a t
    interval), not from the i.i.d. formula that would overstate it and run longer.

    That replicate error rests on few degrees of freedom (one per block), and a rule
    that stops as soon as it looks small enough stops preferentially on an
    underestimate: stopping from 8 blocks (the least a replicate error is reported
    from) covered 0.915 at nominal 0.95 on block means of skewness 1.1 (costs with
    rare, large incidents). So a stratified mean is not met before
    :data:`MIN_STOP_BLOCKS` (30) whole blocks, 7,680 paths, whatever its half-width: the
    same case then covers 0.949 (1,500 replications, ``tests/stats/test_intervals.py``). A ``max_paths`` below 7,680 cannot be met with
    a stratified sampler (the last check warns). Quantiles, CVaR and probabilities use
    the i.i.d. intervals, which overstate the error of a stratified sample, so they
    need no such minimum.

    The check runs after every chunk, so the path count overshoots the minimum by
    at most one chunk (pass a smaller ``chunk_size`` for a finer stop). Sequential
    checking makes the final interval's coverage slightly below nominal; with
    targets of about 1% the effect is negligible (Chow and Robbins 1965).

    References
    ----------
    .. [1] Y. S. Chow and H. Robbins, "On the asymptotic theory of fixed-width
       sequential confidence intervals for the mean", Ann. Math. Statist. 36(2),
       457-462 (1965). doi:10.1214/aoms/1177700156

    Examples
    --------
    >>> import ccsim
    >>> rule = Precision(stat="mean", rel_halfwidth=0.05, max_paths=2048)
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1, until=rule,
    ...                      chunk_size=256)
    >>> res.meta["stopping"]["met"], res.n_paths <= 2048
    (True, True)
    """

    stat: str = "mean"
    metric: str = "npv_cost"
    rel_halfwidth: float | None = 0.01
    abs_halfwidth: float | None = None
    max_paths: int = 100_000
    level: float = 0.95
    options: Sequence[str] | None = None

    def __post_init__(self) -> None:
        parse_stat(self.stat)
        if not isinstance(self.metric, str):
            raise TypeError(f"Precision.metric must be a string, got {self.metric!r}")
        if self.rel_halfwidth is None and self.abs_halfwidth is None:
            raise ValueError("Precision needs rel_halfwidth or abs_halfwidth")
        for name in ("rel_halfwidth", "abs_halfwidth"):
            v = getattr(self, name)
            if v is not None:
                check_float(f"Precision.{name}", v, 0.0, lo_open=True)
        check_int("Precision.max_paths", self.max_paths, lo=2)
        check_prob("Precision.level", self.level)
        if self.options is not None:
            object.__setattr__(self, "options", tuple(self.options))

    def status(self, result: Result) -> pd.DataFrame:
        """Per option: ``estimate``, ``ci_low``, ``ci_high``, ``halfwidth``, ``target``, ``met``.

        ``target`` is the half-width the option must reach (the larger of the
        absolute target and ``rel_halfwidth * |estimate|``). With a stratified sampler
        and ``stat="mean"``, ``met`` is False below :data:`MIN_STOP_BLOCKS` whole blocks
        whatever the half-width.
        """
        opts = list(result.options) if self.options is None else list(self.options)
        block = BLOCK if stratified(result.meta.get("sampler")) else None
        # a stratified mean may not stop on fewer than MIN_STOP_BLOCKS replicates
        short = (block is not None and parse_stat(self.stat)[0] == "mean"
                 and result.n_paths // BLOCK < MIN_STOP_BLOCKS)
        rows = []
        for name in opts:
            with warnings.catch_warnings():
                # too few tail paths for a CVaR interval (or blocks for a replicate
                # error) just means "not met yet": the rule keeps adding chunks
                warnings.simplefilter("ignore", IntervalWarning)
                e = estimate(
                    result.values(self.metric, name), self.stat, level=self.level, block=block
                )
            target = 0.0
            if self.rel_halfwidth is not None:
                target = max(target, float(self.rel_halfwidth) * abs(e.estimate))
            if self.abs_halfwidth is not None:
                target = max(target, float(self.abs_halfwidth))
            rows.append((name, e.estimate, e.ci_low, e.ci_high, e.halfwidth, target,
                         bool(e.halfwidth <= target) and not short))
        return pd.DataFrame(
            rows, columns=["option", "estimate", "ci_low", "ci_high", "halfwidth", "target", "met"]
        ).set_index("option")

    def is_met(self, result: Result) -> bool:
        """True when every option's interval is within its target half-width."""
        if result.n_paths < 2:
            return False
        met = bool(self.status(result)["met"].all())
        blocks = result.n_paths // BLOCK
        if (not met and result.n_paths >= self.max_paths and blocks < MIN_STOP_BLOCKS
                and stratified(result.meta.get("sampler"))
                and parse_stat(self.stat)[0] == "mean"):
            warnings.warn(
                f"Precision cannot stop a sampler = {result.meta.get('sampler')!r} run on "
                f"the mean before {MIN_STOP_BLOCKS} whole blocks of {BLOCK} paths "
                f"({MIN_STOP_BLOCKS * BLOCK:,} paths); max_paths = {self.max_paths:,} gives "
                f"{blocks}: raise max_paths to at least {MIN_STOP_BLOCKS * BLOCK:,}",
                IntervalWarning,
                stacklevel=2,
            )
        return met

    def describe(self) -> dict[str, Any]:
        """A JSON-friendly description (stored in ``result.meta["stopping"]``)."""
        return {
            "stat": self.stat,
            "metric": self.metric,
            "rel_halfwidth": self.rel_halfwidth,
            "abs_halfwidth": self.abs_halfwidth,
            "max_paths": int(self.max_paths),
            "level": float(self.level),
        }
