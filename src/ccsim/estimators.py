"""Estimators with their Monte Carlo error: means, quantiles, CVaR and probabilities.

The statistics every layer above shares (:class:`ccsim.Result` summaries, streaming
summaries, :class:`ccsim.Precision` stopping rules, :mod:`ccsim.analysis`), each with a
standard error and a confidence interval; see :mod:`ccsim.analysis` for the methods and
references.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

__all__ = [
    "Estimate",
    "cvar_rows",
    "estimate",
    "parse_stat",
    "share_best",
]

F = NDArray[np.float64]

_ESTIMATE_COLUMNS = ["estimate", "se", "ci_low", "ci_high"]


# ---------------------------------------------------------------------------- helpers


def _check_level(level: Any, name: str = "level") -> float:
    if isinstance(level, bool) or not isinstance(level, (int, float, np.floating)):
        raise TypeError(f"{name} must be a number in (0, 1), got {level!r}")
    if not 0.0 < float(level) < 1.0:
        raise ValueError(f"{name} = {level} is outside the allowed range (0, 1)")
    return float(level)


def _z(level: float) -> float:
    return float(stats.norm.ppf(0.5 + level / 2.0))


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its Monte Carlo standard error and confidence interval."""

    estimate: float
    se: float
    ci_low: float
    ci_high: float

    @property
    def halfwidth(self) -> float:
        """Half the width of the confidence interval."""
        return 0.5 * (self.ci_high - self.ci_low)

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.estimate, self.se, self.ci_low, self.ci_high)


def _mean(x: F, level: float) -> Estimate:
    n = x.size
    m = float(x.mean())
    se = float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else 0.0
    h = _z(level) * se
    return Estimate(m, se, m - h, m + h)


def _quantile(x: F, q: float, level: float, xs: F | None = None) -> Estimate:
    """Quantile with the distribution-free order-statistic interval."""
    n = x.size
    xs = np.sort(x) if xs is None else xs
    est = float(np.quantile(xs, q))
    a = (1.0 - level) / 2.0
    # ranks (1-based) l, u with P(X_(l) <= x_q <= X_(u)) >= level
    lo_rank = int(stats.binom.ppf(a, n, q))
    hi_rank = int(stats.binom.ppf(1.0 - a, n, q)) + 1
    lo = float(xs[max(lo_rank, 1) - 1])
    hi = float(xs[min(hi_rank, n) - 1])
    lo, hi = min(lo, est), max(hi, est)
    se = (hi - lo) / (2.0 * _z(level))
    return Estimate(est, se, lo, hi)


def _cvar(x: F, alpha: float, level: float, xs: F | None = None) -> Estimate:
    """Mean of the worst (largest) ``ceil((1 - alpha) n)`` values; same as ``Result.summary``."""
    n = x.size
    xs = np.sort(x) if xs is None else xs
    est = float(cvar_rows(xs[None, :], alpha)[0])
    var = float(np.quantile(xs, alpha))
    tail = np.maximum(xs - var, 0.0)
    se = float(tail.std(ddof=1) / ((1.0 - alpha) * math.sqrt(n))) if n > 1 else 0.0
    h = _z(level) * se
    return Estimate(est, se, est - h, est + h)


def _prob(hits: F, level: float) -> Estimate:
    """Proportion with the Wilson score interval."""
    n = hits.size
    p = float(hits.mean())
    se = math.sqrt(max(p * (1.0 - p), 0.0) / n)
    z = _z(level)
    den = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return Estimate(p, se, max(0.0, centre - half), min(1.0, centre + half))


_STAT_RE = re.compile(
    r"^(?:(?P<mean>mean)|p(?P<q>\d+(?:\.\d+)?)|cvar(?P<c>\d+(?:\.\d+)?)"
    r"|prob_(?P<side>above|below):(?P<t>[-+0-9.eE]+))$"
)


def parse_stat(stat: str) -> tuple[str, float]:
    """Split a statistic name into ``(kind, parameter)``.

    Parameters
    ----------
    stat
        ``"mean"``, ``"pQ"`` (quantile, Q in percent), ``"cvarQ"``, ``"prob_above:T"`` or
        ``"prob_below:T"``.

    Returns
    -------
    tuple
        ``("mean", 0)``, ``("quantile", Q/100)``, ``("cvar", Q/100)``,
        ``("prob_above", T)`` or ``("prob_below", T)``.

    Examples
    --------
    >>> parse_stat("p95")
    ('quantile', 0.95)
    >>> parse_stat("prob_above:1.2e8")
    ('prob_above', 120000000.0)
    """
    if not isinstance(stat, str):
        raise TypeError(f"stat must be a string such as 'mean', 'p95', 'cvar95'; got {stat!r}")
    m = _STAT_RE.match(stat.strip())
    if m is None:
        raise ValueError(
            f"stat = {stat!r}; expected 'mean', 'pQ' (quantile, 0 < Q < 100), 'cvarQ', "
            f"'prob_above:T' or 'prob_below:T'"
        )
    if m["mean"]:
        return "mean", 0.0
    if m["side"]:
        try:
            t = float(m["t"])
        except ValueError:
            raise ValueError(f"stat = {stat!r}: threshold {m['t']!r} is not a number") from None
        return f"prob_{m['side']}", t
    kind, q = ("quantile", float(m["q"])) if m["q"] else ("cvar", float(m["c"]))
    if not 0.0 < q < 100.0:
        raise ValueError(f"stat = {stat!r}: the level {q} is outside the allowed range (0, 100)")
    return kind, q / 100.0


def estimate(x: Any, stat: str = "mean", *, level: float = 0.95) -> Estimate:
    """A statistic of a sample with its standard error and confidence interval.

    Parameters
    ----------
    x
        One-dimensional sample (e.g. ``result.values("npv_cost", "offshore")``).
    stat
        See :func:`parse_stat`.
    level
        Confidence level of the interval.

    Returns
    -------
    Estimate

    Examples
    --------
    >>> import numpy as np
    >>> e = estimate(np.arange(1000.0), "p50")
    >>> e.estimate, e.ci_low <= 499.5 <= e.ci_high
    (499.5, True)
    """
    kind, par = parse_stat(stat)
    level = _check_level(level)
    arr = np.asarray(x, dtype=np.float64).ravel()
    if arr.size < 2:
        raise ValueError(f"estimate needs at least 2 values, got {arr.size}")
    if kind == "mean":
        return _mean(arr, level)
    if kind == "quantile":
        return _quantile(arr, par, level)
    if kind == "cvar":
        return _cvar(arr, par, level)
    hits = (arr > par) if kind == "prob_above" else (arr < par)
    return _prob(hits.astype(np.float64), level)


def cvar_rows(x: F, level: float) -> F:
    """Mean of the values at or above the ``level`` quantile, per row (upper tail)."""
    n = x.shape[1]
    k = max(1, int(np.ceil((1.0 - level) * n)))
    part = np.partition(x, n - k, axis=1)[:, n - k :]
    return part.mean(axis=1)


def share_best(x: F, *, lower: bool) -> F:
    """Per path (column), each row's share of being best: 1, 0, or split equally in ties."""
    best = x.min(axis=0) if lower else x.max(axis=0)
    is_best = x == best
    return is_best / is_best.sum(axis=0)
