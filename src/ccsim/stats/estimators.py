"""Estimators with their Monte Carlo error: means, quantiles, CVaR and probabilities.

The statistics every layer above shares (:class:`ccsim.Result` summaries, streaming
summaries, :class:`ccsim.Precision` stopping rules, :mod:`ccsim.analysis`), each with a
standard error and a confidence interval; see :mod:`ccsim.analysis` for the methods and
references.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import stats

from ccsim._checks import check_int, check_prob

__all__ = [
    "MIN_BLOCKS",
    "MIN_TAIL",
    "Estimate",
    "IntervalWarning",
    "cvar_from_moments",
    "cvar_interval",
    "cvar_rows",
    "estimate",
    "parse_stat",
    "quantile_ranks",
    "share_best",
    "wilson",
]

F = NDArray[np.float64]

_ESTIMATE_COLUMNS = ["estimate", "se", "ci_low", "ci_high"]


# ---------------------------------------------------------------------------- helpers


def _check_level(level: Any, name: str = "level") -> float:
    return check_prob(name, level)


def _z(level: float) -> float:
    return float(stats.norm.ppf(0.5 + level / 2.0))


#: Fewest tail paths for which a CVaR interval is reported (below: NaN and a warning).
MIN_TAIL = 100

#: Fewest independent blocks for a replicate standard error of a stratified sampler.
MIN_BLOCKS = 8


class IntervalWarning(UserWarning):
    """An interval could not be given as asked (too few tail paths or blocks)."""


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its Monte Carlo standard error and confidence interval.

    ``n_tail`` is the number of tail paths behind a CVaR (``None`` for other
    statistics); ``method`` names how the interval was made.
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    n_tail: int | None = None
    method: str = ""

    @property
    def halfwidth(self) -> float:
        """Half the width of the confidence interval (NaN when there is none)."""
        return 0.5 * (self.ci_high - self.ci_low)

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.estimate, self.se, self.ci_low, self.ci_high)


def _need_two(n: int, what: str) -> None:
    if n < 2:
        raise ValueError(
            f"{what} needs at least 2 paths for a standard error, got {n}: one path gives "
            "no standard error or confidence interval; simulate more paths"
        )


def _mean(x: F, level: float, block: int | None = None) -> Estimate:
    """Mean with a normal interval (i.i.d. paths) or a replicate t interval (``block``).

    With ``block`` (stratified samplers: each ``block``-path block an independent
    randomization), the standard error is the spread of the whole blocks' means over
    ``sqrt(B)``, with a ``t_{B-1}`` quantile; with fewer than :data:`MIN_BLOCKS` whole
    blocks it falls back to the i.i.d. formula with an :class:`IntervalWarning`.
    Measured coverage of a nominal 95% interval (``tests/stats/test_interval_coverage.py``, 1,000
    replications): 0.94 for the mean and 0.95 for the paired mean of lognormal costs
    (500 paths); 0.96 (LHS) and 0.97 (Sobol') for replicate means over 10 blocks.
    """
    n = x.size
    _need_two(n, "the standard error of a mean")
    m = float(x.mean())
    if block is not None:
        b = n // block
        if b >= MIN_BLOCKS:
            bm = x[: b * block].reshape(b, block).mean(axis=1)
            se = float(bm.std(ddof=1) / math.sqrt(b))
            h = float(stats.t.ppf(0.5 + level / 2.0, b - 1)) * se
            return Estimate(m, se, m - h, m + h, method=f"replicates of {block} paths (t)")
        warnings.warn(
            f"only {b} whole blocks of {block} paths: the replicate standard error of a "
            f"stratified sampler needs at least {MIN_BLOCKS} ({MIN_BLOCKS * block} paths); "
            "using the i.i.d. formula, which overstates the error of a stratified sample",
            IntervalWarning,
            stacklevel=3,
        )
    se = float(x.std(ddof=1) / math.sqrt(n))
    h = _z(level) * se
    return Estimate(m, se, m - h, m + h, method="normal")


def _quantile(x: F, q: float, level: float, xs: F | None = None) -> Estimate:
    """Quantile with the distribution-free order-statistic interval.

    Ranks ``l, u`` from the binomial(``n``, ``q``) distribution so that
    ``P(X_(l) <= x_q <= X_(u)) >= level``. Measured coverage of a nominal 95% interval
    (``tests/stats/test_interval_coverage.py``, 1,000 replications of 1,000 lognormal paths): 0.96 for
    p05 and p95.
    """
    n = x.size
    _need_two(n, "a quantile interval")
    xs = np.sort(x) if xs is None else xs
    est = float(np.quantile(xs, q))
    lo_rank, hi_rank = quantile_ranks(n, q, level)
    lo = float(xs[lo_rank - 1])
    hi = float(xs[hi_rank - 1])
    lo, hi = min(lo, est), max(hi, est)
    se = (hi - lo) / (2.0 * _z(level))
    return Estimate(est, se, lo, hi, method="order statistics")


def quantile_ranks(n: int, q: float, level: float) -> tuple[int, int]:
    """1-based ranks ``(l, u)`` of the order-statistic interval of the ``q`` quantile.

    Examples
    --------
    >>> quantile_ranks(1000, 0.5, 0.95)
    (469, 532)
    """
    a = (1.0 - level) / 2.0
    lo_rank = int(stats.binom.ppf(a, n, q))
    hi_rank = int(stats.binom.ppf(1.0 - a, n, q)) + 1
    return max(lo_rank, 1), min(hi_rank, n)


def _hall_inverse(y: float, g: float, n: int) -> float:
    """Solve Hall's (1992) skewness-removing transform ``f(theta) = y`` for ``theta``.

    ``f(theta) = ((1 + g theta / 3)^3 - 1) / g + g / (6 n)``, monotone in ``theta``.
    """
    if abs(g) < 1e-8:
        return y - g / (6.0 * n)
    return float((3.0 / g) * (np.cbrt(1.0 + g * (y - g / (6.0 * n))) - 1.0))


def cvar_interval(
    x: Any, alpha: float, level: float = 0.95, *, min_tail: int = MIN_TAIL,
    xs: F | None = None,
) -> Estimate:
    """CVaR (mean of the worst ``k = ceil((1 - alpha) n)`` values) with its interval.

    Parameters
    ----------
    x
        One-dimensional sample; larger is worse (costs).
    alpha
        Tail level, e.g. 0.95 for CVaR95.
    level
        Confidence level of the interval.
    min_tail
        Fewest tail paths ``k`` for which an interval is given.
    xs
        ``x`` sorted, if already at hand.

    Returns
    -------
    Estimate
        With ``n_tail = k``. Below ``min_tail`` tail paths the standard error and the
        interval are NaN, with an :class:`IntervalWarning` naming the paths needed.

    Notes
    -----
    The influence function of CVaR gives per-path values
    ``y_i = VaR + max(x_i - VaR, 0) / (1 - alpha)`` whose mean is the CVaR to first
    order. Their standard deviation ``s`` and skewness ``g`` enter Hall's (1992)
    skewness-removing transformation of the studentized mean, inverted at the
    ``t_{k-1}`` quantile (the small-tail correction): the interval is
    ``CVaR - s theta_+ / sqrt(n), CVaR - s theta_- / sqrt(n)`` with
    ``f(theta_-+) = -+ t_{k-1} / sqrt(n)``. It is wider on the high side, as the
    sampling distribution of a tail mean is. Measured coverage of a nominal 95%
    interval at the minimum of 100 tail paths (``tests/stats/test_interval_coverage.py``, 600
    replications of lognormal costs): 0.96 for CVaR95 (2,000 paths) and CVaR99 (10,000
    paths); 0.93-0.96 over lognormal shapes 0.3-1.0 and 100-200 tail paths (the
    plain normal interval gave 0.93-0.94 there, and 0.72-0.91 with fewer tail paths).

    References
    ----------
    .. [1] P. Hall, "On the removal of skewness by transformation", J. R. Statist.
       Soc. B 54(1), 221-228 (1992). doi:10.1111/j.2517-6161.1992.tb01876.x

    Examples
    --------
    >>> import numpy as np
    >>> x = np.random.default_rng(0).lognormal(0.0, 0.5, 4000)
    >>> e = cvar_interval(x, 0.95)
    >>> e.n_tail, e.ci_low < e.estimate < e.ci_high  # ceil((1 - 0.95) * 4000) in doubles
    (201, True)
    """
    arr = np.asarray(x, dtype=np.float64).ravel()
    n = arr.size
    _need_two(n, "a CVaR interval")
    xs = np.sort(arr) if xs is None else xs
    k = max(1, math.ceil((1.0 - alpha) * n))
    est = float(xs[n - k :].mean())
    var = float(xs[n - k - 1]) if n > k else float(xs[0])
    if k < min_tail:
        return cvar_from_moments(est, n, k, 0.0, 0.0, alpha, level, min_tail=min_tail)
    y = var + np.maximum(xs - var, 0.0) / (1.0 - alpha)
    g = float(stats.skew(y, bias=False)) if float(y.std()) > 0 else 0.0
    return cvar_from_moments(est, n, k, float(y.std(ddof=1)), g, alpha, level,
                             min_tail=min_tail)


def cvar_from_moments(
    est: float, n: int, k: int, s: float, g: float, alpha: float, level: float,
    *, min_tail: int = MIN_TAIL,
) -> Estimate:
    """The interval of :func:`cvar_interval` from the influence-function values' moments.

    ``s`` and ``g`` are the standard deviation (ddof=1) and skewness (bias-corrected)
    of ``y_i = VaR + max(x_i - VaR, 0) / (1 - alpha)`` over all ``n`` paths; ``k`` is
    the tail count. Used directly by streaming results, whose sketches give ``s`` and
    ``g`` within their relative error.
    """
    if k < min_tail:
        need = math.ceil(min_tail / (1.0 - alpha))
        warnings.warn(
            f"CVaR{100 * alpha:g} rests on {k} tail paths; an interval needs at least "
            f"{min_tail} ({need:,} paths): reporting no interval (NaN)",
            IntervalWarning,
            stacklevel=3,
        )
        nan = float("nan")
        return Estimate(est, nan, nan, nan, n_tail=k, method="none (too few tail paths)")
    se = s / math.sqrt(n)
    if s == 0.0:
        return Estimate(est, 0.0, est, est, n_tail=k, method="degenerate")
    tq = float(stats.t.ppf(0.5 + level / 2.0, k - 1))
    lo = est - s * _hall_inverse(tq / math.sqrt(n), g, n)
    hi = est - s * _hall_inverse(-tq / math.sqrt(n), g, n)
    return Estimate(est, se, min(lo, est), max(hi, est), n_tail=k, method="Hall-t")


def _prob(hits: F, level: float) -> Estimate:
    """Proportion with the Wilson score interval, with exact ends at 0 and 1.

    When no path (every path) is a hit, the lower (upper) end is exactly 0 (1), not
    the rounding residue of the score formula. Measured coverage of a nominal 95%
    interval (``tests/stats/test_interval_coverage.py``, 1,000 replications of 500 paths): 0.95 for
    P(better); 1.0 for a probability that is exactly 0 (the old lower end, 2e-19,
    covered it never).
    """
    n = hits.size
    _need_two(n, "a probability interval")
    p = float(hits.mean())
    se = math.sqrt(max(p * (1.0 - p), 0.0) / n)
    lo, hi = wilson(p, n, level)
    return Estimate(p, se, lo, hi, method="Wilson")


def wilson(p: float, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval of a proportion ``p`` of ``n``; exactly 0 / 1 at the ends.

    Examples
    --------
    >>> wilson(0.0, 100)[0], wilson(1.0, 100)[1]
    (0.0, 1.0)
    """
    z = _z(level)
    den = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(max(p * (1 - p), 0.0) / n + z * z / (4 * n * n)) / den
    lo = 0.0 if p <= 0.0 else max(0.0, centre - half)
    hi = 1.0 if p >= 1.0 else min(1.0, centre + half)
    return lo, hi


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


def estimate(
    x: Any, stat: str = "mean", *, level: float = 0.95, block: int | None = None
) -> Estimate:
    """A statistic of a sample with its standard error and confidence interval.

    Parameters
    ----------
    x
        One-dimensional sample (e.g. ``result.values("npv_cost", "offshore")``).
    stat
        See :func:`parse_stat`.
    level
        Confidence level of the interval.
    block
        For a stratified sample (``sampler="lhs"`` or ``"sobol"``): the size of its
        independently randomized blocks (256). The standard error of a mean then comes
        from the spread of the block means (t interval); other statistics ignore it.

    Returns
    -------
    Estimate

    Notes
    -----
    Intervals, with their coverage of a nominal 95% measured by replication in
    ``tests/stats/test_interval_coverage.py``:

    * ``mean``: normal interval from the sample standard deviation (i.i.d. paths,
      0.94; paired differences 0.95) or a replicate t interval over blocks (LHS 0.96,
      Sobol' 0.97);
    * ``pQ``: distribution-free order-statistic interval (0.96 for p05 and p95);
    * ``cvarQ``: Hall's skewness-corrected t interval on the influence-function values,
      given from :data:`MIN_TAIL` tail paths, NaN below (0.96 for CVaR95 and CVaR99 at
      100 tail paths); see :func:`cvar_interval`;
    * ``prob_above`` / ``prob_below``: Wilson score interval, exactly 0 / 1 at the
      ends (0.95; 1.0 for a probability that is exactly 0).

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
        raise ValueError(
            f"estimate needs at least 2 values, got {arr.size}: one path gives no standard "
            "error or confidence interval"
        )
    if block is not None:
        block = check_int("block", block, lo=1)
    if kind == "mean":
        return _mean(arr, level, block)
    if kind == "quantile":
        return _quantile(arr, par, level)
    if kind == "cvar":
        return cvar_interval(arr, par, level)
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
