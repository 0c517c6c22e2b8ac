"""A relative-error quantile sketch (DDSketch) for streaming summaries.

Every value ``x`` is stored in the bucket ``k = ceil(log_gamma |x|)``,
``gamma = (1 + alpha) / (1 - alpha)``, and read back within ``alpha |x|`` of ``x``;
see :mod:`ccsim.run.summaries` for the error bound of quantiles and CVaR.

References
----------
Masson, C., Rim, J. E. and Lee, H. K. (2019). DDSketch: a fast and fully-mergeable
quantile sketch with relative-error guarantees. PVLDB 12(12), 2195-2205.
:doi:`10.14778/3352063.3352135`
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ccsim._checks import check_float

__all__ = ["DEFAULT_ALPHA", "QuantileSketch"]

F = NDArray[np.float64]
I64 = NDArray[np.int64]

#: Default relative accuracy of the quantile sketches.
DEFAULT_ALPHA = 1e-4

_TINY = np.finfo(np.float64).tiny  # smaller magnitudes go to the zero bucket


def _check_alpha(alpha: Any) -> float:
    return check_float("alpha", alpha, 0.0, 0.5, lo_open=True, hi_open=True)


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

    def at_ranks(self, ranks: Any) -> F:
        """Values of the order statistics at 0-based ``ranks`` (within ``alpha`` relative)."""
        return self._at_ranks(np.asarray(ranks, dtype=np.int64))

    def cvar_moments(self, level: float) -> tuple[float, int, float, float]:
        """CVaR, tail count ``k`` and the standard deviation and skewness of the
        influence-function values ``VaR + max(x - VaR, 0) / (1 - level)`` (see
        :func:`ccsim.stats.estimators.cvar_interval`), from the buckets."""
        n = self.count
        k = max(1, math.ceil((1.0 - level) * n))
        est = self.upper_tail_mean(level)
        vals, counts = self._ordered()
        var = float(self._at_ranks(np.array([max(n - k - 1, 0)], dtype=np.int64))[0])
        y = var + np.maximum(vals - var, 0.0) / (1.0 - level)
        w = counts.astype(np.float64)
        m = float(np.sum(w * y) / n)
        d = y - m
        m2 = float(np.sum(w * d * d) / n)
        m3 = float(np.sum(w * d**3) / n)
        if n < 3 or m2 <= 0.0:
            return est, k, 0.0, 0.0
        g = m3 / m2**1.5 * math.sqrt(n * (n - 1)) / (n - 2)
        return est, k, math.sqrt(m2 * n / (n - 1)), g

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
