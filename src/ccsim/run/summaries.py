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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ccsim.estimators import share_best
from ccsim.outputs import PATH_OUTPUTS
from ccsim.sampling.streams import BLOCK, SeedRoot
from ccsim.scenario import Scenario

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

#: Default relative accuracy of the quantile sketches.
DEFAULT_ALPHA = 1e-4

#: Outputs that get a quantile sketch (the others keep moments only).
SKETCHED = ("npv_cost", "csat_mean")

_TINY = np.finfo(np.float64).tiny  # smaller magnitudes go to the zero bucket


def _check_alpha(alpha: Any) -> float:
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)):
        raise TypeError(f"alpha must be a number in (0, 0.5), got {alpha!r}")
    a = float(alpha)
    if not 0.0 < a < 0.5:
        raise ValueError(f"alpha = {alpha!r} is outside the allowed range (0, 0.5)")
    return a


# ---------------------------------------------------------------------------- sketch


def _merge_sparse(k1: I64, c1: I64, k2: I64, c2: I64) -> tuple[I64, I64]:
    if k1.size == 0:
        return k2, c2
    if k2.size == 0:
        return k1, c1
    keys, inv = np.unique(np.concatenate([k1, k2]), return_inverse=True)
    counts = np.zeros(keys.size, dtype=np.int64)
    np.add.at(counts, inv.ravel(), np.concatenate([c1, c2]))
    return keys.astype(np.int64), counts


@dataclass(frozen=True)
class QuantileSketch:
    """Relative-error quantile sketch (DDSketch) of a stream of real numbers.

    Parameters
    ----------
    alpha
        Relative accuracy in (0, 0.5): every value is represented within ``alpha |x|``.

    Notes
    -----
    Buckets ``k = ceil(ln|x| / ln(gamma))`` with ``gamma = (1 + alpha) / (1 - alpha)``
    are kept separately for positive and negative values, with exact zeros counted
    apart. Counts are integers, so :meth:`merge` is exact, associative and commutative.
    """

    alpha: float = DEFAULT_ALPHA
    pos_keys: I64 = field(default_factory=lambda: np.zeros(0, np.int64))
    pos_counts: I64 = field(default_factory=lambda: np.zeros(0, np.int64))
    neg_keys: I64 = field(default_factory=lambda: np.zeros(0, np.int64))
    neg_counts: I64 = field(default_factory=lambda: np.zeros(0, np.int64))
    zero_count: int = 0

    @property
    def gamma(self) -> float:
        return (1.0 + self.alpha) / (1.0 - self.alpha)

    @property
    def count(self) -> int:
        return int(self.pos_counts.sum() + self.neg_counts.sum() + self.zero_count)

    @classmethod
    def from_values(cls, values: Any, alpha: float = DEFAULT_ALPHA) -> QuantileSketch:
        """Sketch of the finite ``values`` (NaN or infinite values raise ``ValueError``)."""
        a = _check_alpha(alpha)
        x = np.asarray(values, dtype=np.float64).ravel()
        if not np.all(np.isfinite(x)):
            raise ValueError("QuantileSketch values must be finite (found NaN or inf)")
        lg = math.log((1.0 + a) / (1.0 - a))

        def keys(v: F) -> tuple[I64, I64]:
            k = np.ceil(np.log(v) / lg).astype(np.int64)
            uk, cnt = np.unique(k, return_counts=True)
            return uk.astype(np.int64), cnt.astype(np.int64)

        pos = x[x >= _TINY]
        neg = -x[x <= -_TINY]
        pk, pc = keys(pos)
        nk, nc = keys(neg)
        return cls(a, pk, pc, nk, nc, int(x.size - pos.size - neg.size))

    def merge(self, other: QuantileSketch) -> QuantileSketch:
        """The sketch of both streams (exact: counts add)."""
        if other.alpha != self.alpha:
            raise ValueError(f"cannot merge sketches with alpha {self.alpha} and {other.alpha}")
        pk, pc = _merge_sparse(self.pos_keys, self.pos_counts, other.pos_keys, other.pos_counts)
        nk, nc = _merge_sparse(self.neg_keys, self.neg_counts, other.neg_keys, other.neg_counts)
        return QuantileSketch(self.alpha, pk, pc, nk, nc, self.zero_count + other.zero_count)

    def _ordered(self) -> tuple[F, I64]:
        """Representative values (ascending) and their counts."""
        g = self.gamma
        rep_p = 2.0 * np.power(g, self.pos_keys.astype(np.float64)) / (g + 1.0)
        rep_n = -2.0 * np.power(g, self.neg_keys[::-1].astype(np.float64)) / (g + 1.0)
        vals = np.concatenate([rep_n, [0.0], rep_p])
        counts = np.concatenate([self.neg_counts[::-1], [self.zero_count], self.pos_counts])
        return vals, counts.astype(np.int64)

    def _at_ranks(self, ranks: I64) -> F:
        vals, counts = self._ordered()
        cum = np.cumsum(counts)
        return vals[np.searchsorted(cum, ranks, side="right")]

    def quantile(self, q: float) -> float:
        """Approximate ``numpy.quantile(values, q)`` (linear interpolation).

        Within ``alpha * max(|x_(j)|, |x_(j+1)|)`` of the exact value, ``x_(j)`` and
        ``x_(j+1)`` being the order statistics around rank ``q (n - 1)``.
        """
        n = self.count
        if n == 0:
            raise ValueError("quantile of an empty sketch")
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"q = {q!r} is outside the allowed range [0, 1]")
        r = q * (n - 1)
        lo = math.floor(r)
        hi = min(lo + 1, n - 1)
        v = self._at_ranks(np.array([lo, hi], dtype=np.int64))
        return float(v[0] + (r - lo) * (v[1] - v[0]))

    def upper_tail_mean(self, level: float) -> float:
        """Mean of the largest ``ceil((1 - level) n)`` values (at least one): CVaR."""
        n = self.count
        if n == 0:
            raise ValueError("upper_tail_mean of an empty sketch")
        k = max(1, math.ceil((1.0 - level) * n))
        vals, counts = self._ordered()
        vals, counts = vals[::-1], counts[::-1]
        before = np.concatenate([[0], np.cumsum(counts)[:-1]])
        take = np.clip(k - before, 0, counts)
        return float(np.sum(vals * take) / k)


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

    def se_of(self, metric: str) -> F:
        """Monte Carlo standard error of the mean per option (``sd / sqrt(n)``, ddof=1)."""
        if self.n < 2:
            return np.zeros(len(self.options))
        return np.sqrt(self.m2[self._row(metric)] / (self.n - 1)) / math.sqrt(self.n)

    def quantile(self, metric: str, q: float) -> F:
        """Sketch quantile of a :data:`SKETCHED` metric per option, ``(O,)``."""
        if metric not in self.sketches:
            raise KeyError(f"no quantile sketch of {metric!r}; sketched outputs: {list(SKETCHED)}")
        return np.array([s.quantile(q) for s in self.sketches[metric]])

    def diff(self, a: str, b: str) -> tuple[float, float]:
        """Mean and standard error of the paired difference ``npv_cost[a] - npv_cost[b]``."""
        i, j = self._opt(a), self._opt(b)
        se = math.sqrt(self.dm2[i, j] / (self.n - 1) / self.n) if self.n > 1 else 0.0
        return float(self.dmean[i, j]), se

    def p_less(self, a: str, b: str) -> float:
        """Share of paths on which option ``a`` costs strictly less than option ``b``."""
        return float(self.less[self._opt(a), self._opt(b)] / self.n)


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
            f"<ccsim.StreamingResult: {len(self.options)} options x {self.n_paths:,} paths x "
            f"{self.horizon} months (summaries only), seed entropy {self.seed.entropy}, "
            f"{self.elapsed_s:.1f} s>"
        )

    def summary(self) -> pd.DataFrame:
        """One row per option, with the columns of :meth:`ccsim.Result.summary`.

        ``cost_p05``, ``cost_p50``, ``cost_p95``, ``cost_cvar95`` and ``csat_p05`` come
        from quantile sketches (relative error at most ``alpha``).
        """
        s = self.stats
        return pd.DataFrame(
            {
                "cost_mean": s.mean_of("npv_cost"),
                "cost_se": s.se_of("npv_cost"),
                "cost_p05": s.quantile("npv_cost", 0.05),
                "cost_p50": s.quantile("npv_cost", 0.5),
                "cost_p95": s.quantile("npv_cost", 0.95),
                "cost_cvar95": [sk.upper_tail_mean(0.95) for sk in s.sketches["npv_cost"]],
                "csat_mean": s.mean_of("csat_mean"),
                "csat_se": s.se_of("csat_mean"),
                "csat_p05": s.quantile("csat_mean", 0.05),
                "service_level_mean": s.mean_of("service_level_mean"),
                "abandon_rate": s.mean_of("abandon_rate"),
                "p_exit": s.mean_of("exited"),
                "p_cheapest": s.best_cost / s.n,
                "p_best_csat": s.best_csat / s.n,
                "operating_cost_mean": s.mean_of("operating_cost"),
                "operating_cost_se": s.se_of("operating_cost"),
                "customer_cost_mean": s.mean_of("customer_cost"),
                "customer_cost_se": s.se_of("customer_cost"),
            },
            index=pd.Index(self.options, name="option"),
        )

    def means(self) -> pd.DataFrame:
        """Mean and standard error of every per-path output: one row per (option, output)."""
        s = self.stats
        rows = []
        for k in _METRICS:
            for o, m, e in zip(self.options, s.mean_of(k), s.se_of(k), strict=True):
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
