"""Streaming summaries for runs that keep no per-path results (``keep_paths=False``).

A run of ``10**7`` paths keeps ``options x paths`` values per output (about 2 GB per
output for the default scenario's five options). With ``keep_paths=False``,
:func:`ccsim.simulate` and :func:`ccsim.sweep` keep instead, per option:

* the count, mean and sum of squared deviations (M2) of every per-path output, merged
  block by block (Chan et al. 1979); the mean and its standard error are exact up to
  floating-point rounding;
* the share of paths on which each option is cheapest / has the best CSAT, and the
  paired differences of NPV cost between every pair of options (mean, M2 and the
  number of paths where one is cheaper than the other);
* a relative-error quantile sketch (a DDSketch, Masson, Rim & Lee 2019) of ``npv_cost``
  and ``csat_mean``.

Memory is bounded by the sketch, not by the number of paths: a sketch of values
spanning a ratio ``R`` holds at most ``ln(R) / ln(gamma)`` buckets (about 7,300 for
NPV costs spanning a factor 4 at the default ``alpha = 1e-4``).

Error bound of the sketch. Every value ``x`` is stored in the bucket
``k = ceil(log_gamma |x|)``, ``gamma = (1 + alpha) / (1 - alpha)``, and read back as
``sign(x) 2 gamma^k / (gamma + 1)``, which is within ``alpha |x|`` of ``x``. Quantiles are
interpolated between the order statistics ``x_(j)``, ``x_(j+1)`` around rank
``q (n - 1)``, as ``numpy.quantile`` does by default, so

    |sketch.quantile(q) - numpy.quantile(x, q)| <= alpha * max(|x_(j)|, |x_(j+1)|),

and the mean of the worst ``ceil(0.05 n)`` paths (CVaR) is within ``alpha`` times the
mean of their absolute values. Exact zeros have their own bucket. Sketch counts are
integers, so merging is exact and order-free; the moments are merged in block order,
so results are bit-identical for any chunk size, backend and worker count.

References
----------
Chan, T. F., Golub, G. H. and LeVeque, R. J. (1979). Updating formulae and a pairwise
algorithm for computing sample variances. Stanford CS report STAN-CS-79-773.

Masson, C., Rim, J. E. and Lee, H. K. (2019). DDSketch: a fast and fully-mergeable
quantile sketch with relative-error guarantees. PVLDB 12(12), 2195-2205.
:doi:`10.14778/3352063.3352135`

Examples
--------
>>> import numpy as np
>>> from ccsim.run.summaries import QuantileSketch
>>> x = np.random.default_rng(0).lognormal(17.5, 0.3, size=10_000)
>>> sk = QuantileSketch.from_values(x, alpha=1e-3)
>>> exact = float(np.quantile(x, 0.95))
>>> abs(sk.quantile(0.95) - exact) <= 1e-3 * float(np.sort(x)[9499:9501].max())
True
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ccsim._checks import check_prob
from ccsim.conventions import baseline_of
from ccsim.outputs import PATH_OUTPUTS
from ccsim.result import summary_frame, warn_few_blocks
from ccsim.run.sketch import DEFAULT_ALPHA, QuantileSketch, _check_alpha
from ccsim.sampling.inputs import stratified
from ccsim.sampling.streams import BLOCK, SeedRoot
from ccsim.scenario import Scenario
from ccsim.stats.estimators import (
    MIN_BLOCKS,
    Estimate,
    IntervalWarning,
    cvar_from_moments,
    quantile_ranks,
    share_best,
    wilson,
)
from ccsim.stats.tables import Comparison, Risk

if TYPE_CHECKING:
    from ccsim.engine.chunk import ChunkOutput

__all__ = [
    "DEFAULT_ALPHA",
    "SKETCHED",
    "ChunkSummary",
    "QuantileSketch",
    "StreamingResult",
    "StreamingSummary",
    "streaming_chunk",
    "summarize_chunk",
]

F = NDArray[np.float64]
I64 = NDArray[np.int64]

#: Outputs that get a quantile sketch (the others keep moments only).
SKETCHED = ("npv_cost", "csat_mean")

# ------------------------------------------------------------------------- per chunk

_METRICS = PATH_OUTPUTS


@dataclass
class ChunkSummary:
    """Per-block statistics of one chunk (small enough to ship from a worker).

    Shapes: ``n (B,)``; ``mean, m2 (B, M, O)`` over :data:`ccsim.result.PATH_OUTPUTS`;
    ``best_cost, best_csat (B, O)`` sums of per-path shares; ``dmean, dm2 (B, O, O)`` of
    the paired cost difference ``cost[a] - cost[b]``; ``less (B, O, O)`` counts of
    ``cost[a] < cost[b]``; sketches per :data:`SKETCHED` output and option.
    """

    block_start: int
    n: I64
    mean: F
    m2: F
    best_cost: F
    best_csat: F
    dmean: F
    dm2: F
    less: I64
    sketches: dict[str, list[QuantileSketch]]
    input_mean: dict[str, F]
    input_m2: dict[str, F]


def _moments(x: F) -> tuple[F, F]:
    """Mean and M2 over the last axis."""
    m = x.mean(axis=-1)
    d = x - m[..., None]
    return m, np.einsum("...i,...i->...", d, d)


def summarize_chunk(
    out: ChunkOutput, block_start: int, n_paths: int, alpha: float = DEFAULT_ALPHA
) -> ChunkSummary:
    """Reduce a chunk's per-path outputs to per-block statistics and sketches.

    Paths at or beyond ``n_paths`` (the tail of the last block) are dropped. The
    result does not depend on how the blocks were grouped into chunks.

    Parameters
    ----------
    out
        Output of :func:`ccsim.engine.run_chunk` for blocks starting at ``block_start``.
    block_start
        First block of the chunk.
    n_paths
        Total paths of the run.
    alpha
        Relative accuracy of the sketches.

    Returns
    -------
    ChunkSummary
    """
    cost = out.paths["npv_cost"]
    P = cost.shape[1]
    n_blocks = P // BLOCK
    keep = int(min(P, max(0, n_paths - block_start * BLOCK)))
    stack = np.stack([out.paths[k] for k in _METRICS])  # (M, O, P)
    n_opt = stack.shape[1]
    ns, means, m2s, bcost, bcsat, dmean, dm2, less = [], [], [], [], [], [], [], []
    in_mean: dict[str, list[F]] = {k: [] for k in out.inputs}
    in_m2: dict[str, list[F]] = {k: [] for k in out.inputs}
    for b in range(n_blocks):
        lo, hi = b * BLOCK, min((b + 1) * BLOCK, keep)
        if hi <= lo:
            break
        x = np.ascontiguousarray(stack[:, :, lo:hi])
        c = x[0]
        ns.append(hi - lo)
        m, s = _moments(x)
        means.append(m)
        m2s.append(s)
        bcost.append(share_best(c, lower=True).sum(axis=1))
        bcsat.append(share_best(x[_METRICS.index("csat_mean")], lower=False).sum(axis=1))
        d = c[:, None, :] - c[None, :, :]
        dm, ds = _moments(d)
        dmean.append(dm)
        dm2.append(ds)
        less.append((c[:, None, :] < c[None, :, :]).sum(axis=-1).astype(np.int64))
        for k, v in out.inputs.items():
            im, i2 = _moments(np.ascontiguousarray(v[lo:hi]))
            in_mean[k].append(np.atleast_1d(im))
            in_m2[k].append(np.atleast_1d(i2))
    sketches = {
        k: [QuantileSketch.from_values(out.paths[k][o, :keep], alpha) for o in range(n_opt)]
        for k in SKETCHED
    }
    return ChunkSummary(
        block_start,
        np.asarray(ns, dtype=np.int64),
        np.asarray(means),
        np.asarray(m2s),
        np.asarray(bcost),
        np.asarray(bcsat),
        np.asarray(dmean),
        np.asarray(dm2),
        np.asarray(less, dtype=np.int64),
        sketches,
        {k: np.concatenate(v) for k, v in in_mean.items()},
        {k: np.concatenate(v) for k, v in in_m2.items()},
    )


def streaming_chunk(
    scenario: Scenario,
    root: SeedRoot,
    block_start: int,
    block_stop: int,
    sampler: Any,
    n_paths: int,
    alpha: float = DEFAULT_ALPHA,
) -> ChunkSummary:
    """Run a chunk and reduce it to a :class:`ChunkSummary` (a job for the backends).

    Pure: ``summarize_chunk(run_chunk(scenario, root, block_start, block_stop, False,
    sampler), block_start, n_paths, alpha)``; only the small summary leaves the worker.
    """
    from ccsim.engine.chunk import run_chunk

    out = run_chunk(scenario, root, block_start, block_stop, False, sampler)
    return summarize_chunk(out, block_start, n_paths, alpha)


# ---------------------------------------------------------------------- accumulator


def _chan(n_a: int, m_a: Any, s_a: Any, n_b: int, m_b: Any, s_b: Any) -> tuple[Any, Any]:
    n = n_a + n_b
    delta = m_b - m_a
    return m_a + delta * (n_b / n), s_a + s_b + delta * delta * (n_a * n_b / n)


class StreamingSummary:
    """Running statistics of a run's per-path outputs, fed chunk by chunk in block order.

    Parameters
    ----------
    options
        Option names, in the scenario's order.
    alpha
        Relative accuracy of the quantile sketches.

    Notes
    -----
    Moments are merged block by block with the pairwise update of Chan, Golub & LeVeque
    (1979): for blocks ``a`` and ``b``, ``delta = mean_b - mean_a``,
    ``mean = mean_a + delta n_b / n`` and ``M2 = M2_a + M2_b + delta^2 n_a n_b / n``.
    """

    def __init__(self, options: tuple[str, ...], alpha: float = DEFAULT_ALPHA) -> None:
        self.options = tuple(options)
        self.alpha = _check_alpha(alpha)
        n_opt, n_met = len(self.options), len(_METRICS)
        self.n = 0
        self.next_block = 0
        self.mean = np.zeros((n_met, n_opt))
        self.m2 = np.zeros((n_met, n_opt))
        self.best_cost = np.zeros(n_opt)
        self.best_csat = np.zeros(n_opt)
        self.dmean = np.zeros((n_opt, n_opt))
        self.dm2 = np.zeros((n_opt, n_opt))
        self.less = np.zeros((n_opt, n_opt), dtype=np.int64)
        self.sketches: dict[str, list[QuantileSketch]] = {
            k: [QuantileSketch(self.alpha) for _ in range(n_opt)] for k in SKETCHED
        }
        self.input_mean: dict[str, float] = {}
        self.input_m2: dict[str, float] = {}
        # mean and M2 of the whole blocks' means (replicate errors of LHS / Sobol'), of
        # every output and of the paired cost differences
        self.n_whole = 0
        self.bmean = np.zeros((n_met, n_opt))
        self.bm2 = np.zeros((n_met, n_opt))
        self.bdmean = np.zeros((n_opt, n_opt))
        self.bdm2 = np.zeros((n_opt, n_opt))

    def add(self, part: ChunkSummary) -> None:
        """Merge the next chunk (its first block must follow the last one added)."""
        if part.block_start != self.next_block:
            raise ValueError(
                f"chunks must be added in block order: expected block {self.next_block}, "
                f"got {part.block_start}"
            )
        for b in range(part.n.size):
            nb = int(part.n[b])
            if self.n == 0:
                self.mean, self.m2 = part.mean[b].copy(), part.m2[b].copy()
                self.dmean, self.dm2 = part.dmean[b].copy(), part.dm2[b].copy()
                for k in part.input_mean:
                    self.input_mean[k] = float(part.input_mean[k][b])
                    self.input_m2[k] = float(part.input_m2[k][b])
            else:
                self.mean, self.m2 = _chan(self.n, self.mean, self.m2, nb, part.mean[b], part.m2[b])
                self.dmean, self.dm2 = _chan(
                    self.n, self.dmean, self.dm2, nb, part.dmean[b], part.dm2[b]
                )
                for k in part.input_mean:
                    self.input_mean[k], self.input_m2[k] = _chan(
                        self.n, self.input_mean[k], self.input_m2[k],
                        nb, float(part.input_mean[k][b]), float(part.input_m2[k][b]),
                    )
            if nb == BLOCK:
                if self.n_whole == 0:
                    self.bmean, self.bm2 = part.mean[b].copy(), np.zeros_like(part.mean[b])
                    self.bdmean = part.dmean[b].copy()
                    self.bdm2 = np.zeros_like(part.dmean[b])
                else:
                    self.bmean, self.bm2 = _chan(
                        self.n_whole, self.bmean, self.bm2, 1, part.mean[b], 0.0
                    )
                    self.bdmean, self.bdm2 = _chan(
                        self.n_whole, self.bdmean, self.bdm2, 1, part.dmean[b], 0.0
                    )
                self.n_whole += 1
            self.best_cost = self.best_cost + part.best_cost[b]
            self.best_csat = self.best_csat + part.best_csat[b]
            self.less = self.less + part.less[b]
            self.n += nb
        for k, sks in part.sketches.items():
            self.sketches[k] = [a.merge(s) for a, s in zip(self.sketches[k], sks, strict=True)]
        self.next_block += int(part.n.size)

    # ------------------------------------------------------------------ readers

    def _row(self, metric: str) -> int:
        try:
            return _METRICS.index(metric)
        except ValueError:
            raise KeyError(f"unknown metric {metric!r}; available: {list(_METRICS)}") from None

    def _opt(self, option: str) -> int:
        try:
            return self.options.index(option)
        except ValueError:
            raise KeyError(f"no option named {option!r}; options are {list(self.options)}") from None

    def mean_of(self, metric: str) -> F:
        """Mean of ``metric`` per option, ``(O,)``."""
        return np.asarray(self.mean[self._row(metric)], dtype=np.float64)

    def se_of(self, metric: str, sampler: Any = "mc") -> F:
        """Monte Carlo standard error of the mean per option.

        ``sd / sqrt(n)`` (ddof=1) for i.i.d. paths; for a stratified ``sampler``
        (``"lhs"``, ``"sobol"``) the spread of the whole blocks' means over
        ``sqrt(blocks)``, falling back to the i.i.d. formula with an
        :class:`ccsim.stats.estimators.IntervalWarning` below 8 blocks.
        """
        _need_two(self.n)
        if stratified(sampler):
            if self.n_whole >= MIN_BLOCKS:
                sd = np.sqrt(self.bm2[self._row(metric)] / (self.n_whole - 1))
                return np.asarray(sd / math.sqrt(self.n_whole), dtype=np.float64)
            warn_few_blocks(sampler, self.n_whole)
        return np.sqrt(self.m2[self._row(metric)] / (self.n - 1)) / math.sqrt(self.n)

    def quantile(self, metric: str, q: float) -> F:
        """Sketch quantile of a :data:`SKETCHED` metric per option, ``(O,)``."""
        if metric not in self.sketches:
            raise KeyError(f"no quantile sketch of {metric!r}; sketched outputs: {list(SKETCHED)}")
        return np.array([s.quantile(q) for s in self.sketches[metric]])

    def quantile_ci(self, metric: str, q: float, level: float = 0.95) -> list[Estimate]:
        """Sketch quantile per option with its order-statistic interval.

        The distribution-free ranks ``l, u`` of :func:`ccsim.stats.estimators.quantile_ranks`
        read from the sketch: each end is within ``alpha`` (relative) of the exact order
        statistic, so the coverage is that of the exact interval (0.94-0.97 measured).
        """
        if metric not in self.sketches:
            raise KeyError(f"no quantile sketch of {metric!r}; sketched outputs: {list(SKETCHED)}")
        _need_two(self.n)
        lo_r, hi_r = quantile_ranks(self.n, q, level)
        out = []
        for sk in self.sketches[metric]:
            est = sk.quantile(q)
            lo, hi = sk.at_ranks([lo_r - 1, hi_r - 1])
            lo, hi = min(float(lo), est), max(float(hi), est)
            se = (hi - lo) / (2.0 * _z(level))
            out.append(Estimate(est, se, lo, hi, method="order statistics (sketch)"))
        return out

    def share_ci(self, hits: float, level: float = 0.95) -> Estimate:
        """A share of ``hits`` (possibly fractional, ties) out of ``n`` paths, Wilson interval."""
        _need_two(self.n)
        p = float(hits) / self.n
        lo, hi = wilson(p, self.n, level)
        return Estimate(p, math.sqrt(max(p * (1 - p), 0.0) / self.n), lo, hi, method="Wilson")

    def diff(self, a: str, b: str, sampler: Any = "mc") -> tuple[float, float]:
        """Mean and standard error of the paired difference ``npv_cost[a] - npv_cost[b]``.

        The standard error is ``sd / sqrt(n)`` for i.i.d. paths; for a stratified
        ``sampler`` (``"lhs"``, ``"sobol"``) the spread of the whole blocks' mean
        differences over ``sqrt(blocks)`` (each block an independent replicate), as
        :meth:`se_of`, falling back to the i.i.d. formula with an
        :class:`ccsim.stats.estimators.IntervalWarning` below 8 blocks.
        """
        _need_two(self.n)
        i, j = self._opt(a), self._opt(b)
        if stratified(sampler):
            if self.n_whole >= MIN_BLOCKS:
                sd = math.sqrt(self.bdm2[i, j] / (self.n_whole - 1))
                return float(self.dmean[i, j]), sd / math.sqrt(self.n_whole)
            warn_few_blocks(sampler, self.n_whole)
        se = math.sqrt(self.dm2[i, j] / (self.n - 1) / self.n)
        return float(self.dmean[i, j]), se

    def p_less(self, a: str, b: str) -> float:
        """Share of paths on which option ``a`` costs strictly less than option ``b``."""
        return float(self.less[self._opt(a), self._opt(b)] / self.n)


def _need_two(n: int) -> None:
    if n < 2:
        raise ValueError(
            f"a standard error needs at least 2 paths, got {n}: one path gives no standard "
            "error or confidence interval; simulate more paths"
        )


def _z(level: float) -> float:
    from scipy import stats

    return float(stats.norm.ppf(0.5 + level / 2.0))


def _t(level: float, df: int) -> float:
    from scipy import stats

    return float(stats.t.ppf(0.5 + level / 2.0, df))


class _StreamSource:
    """:class:`ccsim.result.SummarySource` over streaming summaries."""

    def __init__(self, res: StreamingResult) -> None:
        self.s = res.stats
        self.sampler = res.meta.get("sampler", "mc")
        self.options = res.options
        self.n_paths = res.n_paths

    def mean(self, metric: str) -> F:
        return self.s.mean_of(metric)

    def se(self, metric: str) -> F:
        return self.s.se_of(metric, self.sampler)

    def quantile(self, metric: str, q: float) -> F:
        return self.s.quantile(metric, q)

    def cvar(self, metric: str, level: float) -> F:
        return np.array([sk.upper_tail_mean(level) for sk in self.s.sketches[metric]])

    def p_best(self, metric: str, *, lower: bool) -> F:
        best = {"npv_cost": self.s.best_cost, "csat_mean": self.s.best_csat}[metric]
        return np.asarray(best / self.s.n, dtype=np.float64)


_ESTIMATE_COLUMNS = ["estimate", "se", "ci_low", "ci_high"]


# --------------------------------------------------------------------------- result


@dataclass(frozen=True, eq=False)
class StreamingResult:
    """Outcome of ``simulate(..., keep_paths=False)``: summaries without per-path arrays.

    Attributes
    ----------
    scenario : Scenario
    n_paths : int
    seed : SeedRoot
    stats : StreamingSummary
    elapsed_s : float
    meta : dict

    Notes
    -----
    Means, standard errors and probabilities match :meth:`ccsim.Result.summary` up to
    floating-point rounding; quantiles and CVaR come from the sketches, within the
    relative error ``alpha`` stated in :mod:`ccsim.run.summaries`.
    """

    scenario: Scenario
    n_paths: int
    seed: SeedRoot
    stats: StreamingSummary
    elapsed_s: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def options(self) -> tuple[str, ...]:
        return self.scenario.option_names

    @property
    def horizon(self) -> int:
        return self.scenario.horizon

    def __repr__(self) -> str:
        return (
            f"<ccsim.StreamingResult {self.scenario.name!r}: {len(self.options)} options x "
            f"{self.n_paths:,} paths x "
            f"{self.horizon} months (summaries only), seed entropy {self.seed.entropy}, "
            f"{self.elapsed_s:.1f} s>"
        )

    def summary(self) -> pd.DataFrame:
        """One row per option, with the columns of :meth:`ccsim.Result.summary`.

        The same implementation (:func:`ccsim.result.summary_frame`); ``cost_p05``,
        ``cost_p50``, ``cost_p95``, ``cost_cvar95`` and ``csat_p05`` come from quantile
        sketches (relative error at most ``alpha``).
        """
        out = summary_frame(_StreamSource(self))
        out.attrs["scenario"] = self.scenario.name
        return out

    def quantiles(
        self, metric: str = "npv_cost", qs: Any = (0.05, 0.5, 0.95), *, level: float = 0.95
    ) -> pd.DataFrame:
        """Quantiles with order-statistic intervals read from the sketch's ranks.

        Rows ``(option, stat)``, columns ``estimate, se, ci_low, ci_high``; see
        :meth:`StreamingSummary.quantile_ci`.
        """
        level = check_prob("level", level)
        rows = []
        for q in qs:
            q = check_prob("qs", q)
            for o, e in zip(self.options, self.stats.quantile_ci(metric, q, level), strict=True):
                rows.append((o, f"p{100 * q:02g}", *e.as_tuple()))
        return pd.DataFrame(rows, columns=["option", "stat", *_ESTIMATE_COLUMNS])

    def compare(self, option: str, baseline: str | None = None, metric: str = "npv_cost", *,
                level: float = 0.95) -> Comparison:
        """Paired saving of ``option`` against ``baseline`` on ``npv_cost``: the same
        :class:`ccsim.decide.analysis.Comparison` as ``Result.compare``.

        Its table has rows ``saving_mean`` (mean of ``baseline - option``: positive
        means the option is cheaper; normal interval from the paired standard error, or
        for ``sampler="lhs"`` / ``"sobol"`` the replicate error over whole 256-path
        blocks with a ``t_{blocks-1}`` interval, as ``Result.compare``) and
        ``p_better`` (share of paths on which the option costs less, ties counted half,
        Wilson interval). A streaming run keeps no paths: ``.saving`` is empty, and
        quantiles of the saving need per-path results.
        """
        level = check_prob("level", level)
        if metric != "npv_cost":
            raise ValueError(
                f"metric = {metric!r}: a streaming run keeps paired savings of "
                "'npv_cost' only; rerun with keep_paths=True for other metrics"
            )
        if option == baseline:
            raise ValueError(
                f"compare needs two different options, got option = baseline = {option!r}"
            )
        baseline = baseline_of(self.options, baseline, option=option)
        s = self.stats
        sampler = self.meta.get("sampler", "mc")
        m, se = s.diff(option, baseline, sampler)  # option - baseline
        m = -m
        replicate = stratified(sampler) and s.n_whole >= MIN_BLOCKS
        h = (_t(level, s.n_whole - 1) if replicate else _z(level)) * se
        i, j = s._opt(option), s._opt(baseline)
        ties = s.n - int(s.less[i, j]) - int(s.less[j, i])
        better = s.share_ci(int(s.less[i, j]) + 0.5 * ties, level)
        table = pd.DataFrame(
            [(m, se, m - h, m + h), better.as_tuple()],
            index=pd.Index(["saving_mean", "p_better"], name="stat"),
            columns=_ESTIMATE_COLUMNS,
        )
        table.attrs.update({"option": option, "baseline": baseline, "metric": metric,
                            "n_paths": s.n, "level": level,
                            "mean_method": f"replicates of {BLOCK} paths (t)" if replicate
                            else "normal"})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", IntervalWarning)  # warned once by diff above
            se_a, se_b = (float(v) for v in s.se_of(metric, sampler)[[i, j]])
        ratio = (se_a**2 + se_b**2) / se**2 if se > 0 else (1.0 if se_a == se_b == 0 else math.inf)
        return Comparison(option, baseline, metric, np.empty(0), table, ratio, False, level)

    def risk(self, *, levels: Any = (0.9, 0.95, 0.99), level: float = 0.95) -> Risk:
        """VaR and CVaR of ``npv_cost`` per option, with intervals, from the sketches.

        VaR: order-statistic interval from the sketch's ranks. CVaR: the rule of
        :func:`ccsim.stats.estimators.cvar_interval` (Hall-t interval from 100 tail paths, NaN
        with a warning below), with the influence-function moments read from the sketch.
        The same :class:`ccsim.stats.tables.Risk` as ``Result.risk`` (``streaming=True``, no
        thresholds); its table's columns are ``option, stat, estimate, se, ci_low,
        ci_high, n_tail``.
        """
        level = check_prob("level", level)
        rows: list[tuple[Any, ...]] = []
        lv = [check_prob("levels", a) for a in levels]
        for a in lv:
            tag = f"{100 * a:g}".replace(".", "_")
            var = self.stats.quantile_ci("npv_cost", a, level)
            for o, sk, v in zip(self.options, self.stats.sketches["npv_cost"], var, strict=True):
                rows.append((o, f"var{tag}", *v.as_tuple(), None))
                est, k, sd, g = sk.cvar_moments(a)
                c = cvar_from_moments(est, self.stats.n, k, sd, g, a, level)
                rows.append((o, f"cvar{tag}", *c.as_tuple(), k))
        df = pd.DataFrame(rows, columns=["option", "stat", *_ESTIMATE_COLUMNS, "n_tail"])
        return Risk(df, "npv_cost", self.options, tuple(lv), level, int(self.stats.n),
                    streaming=True)

    def means(self) -> pd.DataFrame:
        """Mean and standard error of every per-path output: one row per (option, output).

        The standard error is that of :meth:`StreamingSummary.se_of` for the run's
        sampler (replicate blocks for ``"lhs"`` and ``"sobol"``).
        """
        s = self.stats
        sampler = self.meta.get("sampler", "mc")
        rows = []
        if stratified(sampler) and s.n_whole < MIN_BLOCKS:
            warn_few_blocks(sampler, s.n_whole)
        for k in _METRICS:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", IntervalWarning)  # warned once above
                se = s.se_of(k, sampler)
            for o, m, e in zip(self.options, s.mean_of(k), se, strict=True):
                rows.append((o, k, float(m), float(e)))
        return pd.DataFrame(rows, columns=["option", "output", "mean", "se"])

    def _no_paths(self, what: str) -> ValueError:
        return ValueError(
            f"{what} needs per-path results, but this run kept only streaming summaries; "
            "rerun simulate(..., keep_paths=True)"
        )

    def paths(self) -> pd.DataFrame:
        """Not available: raises ``ValueError`` (no per-path results were kept)."""
        raise self._no_paths("paths()")

    def values(self, metric: str, option: str | None = None) -> F:
        """Not available: raises ``ValueError`` (no per-path results were kept)."""
        raise self._no_paths("values()")

    def monthly(self, metric: str, **kw: Any) -> pd.DataFrame:
        """Not available: raises ``ValueError`` (no monthly trajectories were kept)."""
        raise self._no_paths("monthly()")
