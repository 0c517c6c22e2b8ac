"""Decision statistics of a :class:`ccsim.result.Result`, each with its sampling error.

Options are simulated on common random numbers (the same futures on every path), so
comparisons are *paired*: the per-path difference of two options has far less Monte
Carlo noise than the difference of two independent estimates.

Every estimate comes with a standard error (``se``) and a confidence interval
(``ci_low``, ``ci_high``, 95% unless ``level`` says otherwise):

* means: ``s / sqrt(n)`` and the normal interval;
* quantiles (VaR): the distribution-free order-statistic interval (binomial ranks);
  its half-width divided by the normal quantile is reported as ``se``;
* CVaR (mean of the worst ``1 - alpha`` share): the asymptotic standard error
  ``sd((X - VaR)_+) / ((1 - alpha) sqrt(n))`` (Hong, Hu and Liu 2014);
* probabilities: ``sqrt(p (1 - p) / n)`` and the Wilson score interval.

These assume independent paths, which holds for ``sampler="mc"``; for ``"lhs"`` and
``"sobol"`` they are conservative for smooth statistics. The CVaR interval relies on
the central limit theorem for the tail: with heavy tails and few tail paths it
under-covers (about 91% instead of 95% for the CVaR90 of a lognormal with sigma 1 at
1,024 paths), so prefer a few thousand paths for CVaR99.

Statistic names (``stat=``) understood by :func:`estimate`, :func:`convergence` and
:class:`ccsim.Precision`: ``"mean"``, ``"p95"`` (any quantile in percent, e.g.
``"p99.5"``), ``"cvar95"`` (mean of the upper 5% tail), ``"prob_above:1.2e8"`` and
``"prob_below:70"`` (probability of exceeding / falling below a threshold).

References
----------
.. [1] L. J. Hong, Z. Hu and G. Liu, "Monte Carlo methods for value-at-risk and
   conditional value-at-risk: a review", ACM TOMACS 24(4), 22 (2014).
   doi:10.1145/2661631
.. [2] H. A. David and H. N. Nagaraja, *Order Statistics*, 3rd ed., Wiley (2003),
   section 7.1 (distribution-free confidence intervals for quantiles).
.. [3] E. B. Wilson, "Probable inference, the law of succession, and statistical
   inference", JASA 22(158), 209-212 (1927). doi:10.1080/01621459.1927.10502953
.. [4] M. Leshno and H. Levy, "Preferred by 'all' and preferred by 'most' decision
   makers: almost stochastic dominance", Management Science 48(8), 1074-1085 (2002).
   doi:10.1287/mnsc.48.8.1074.169
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ccsim.estimators import (
    _ESTIMATE_COLUMNS,
    Estimate,
    _check_level,
    _cvar,
    _mean,
    _prob,
    _quantile,
    estimate,
    parse_stat,
)
from ccsim.outputs import OUTPUTS

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = [
    "HIGHER_IS_BETTER",
    "Comparison",
    "Estimate",
    "Regret",
    "compare",
    "convergence",
    "dominance",
    "estimate",
    "parse_stat",
    "regret",
    "risk",
]

F = NDArray[np.float64]

#: Output metrics for which larger values are better; every other metric is a cost.
HIGHER_IS_BETTER = frozenset(k for k, o in OUTPUTS.items() if o.direction == "higher")

def _higher(metric: str, higher_is_better: bool | None) -> bool:
    return metric in HIGHER_IS_BETTER if higher_is_better is None else bool(higher_is_better)


def _metric(result: Result, metric: str) -> F:
    if not isinstance(metric, str):
        raise TypeError(f"metric must be a string, got {metric!r}")
    return result.values(metric)


# ---------------------------------------------------------------------------- compare


@dataclass(frozen=True, eq=False)
class Comparison:
    """Paired comparison of two options on common random numbers.

    Attributes
    ----------
    a, b, metric : str
    diff : ndarray
        Per-path difference ``metric[a] - metric[b]``, shape ``(path,)``.
    table : DataFrame
        One row per statistic of the difference (``mean``, quantiles,
        ``p_a_better``) with ``estimate``, ``se``, ``ci_low``, ``ci_high``.
    variance_ratio : float
        ``(Var a + Var b) / Var(a - b)``: how many times more paths independent
        sampling would need for the same precision of the mean difference.
    higher_is_better : bool
    level : float
    """

    a: str
    b: str
    metric: str
    diff: F
    table: pd.DataFrame
    variance_ratio: float
    higher_is_better: bool
    level: float

    def frame(self) -> pd.DataFrame:
        """The table as a DataFrame (a copy)."""
        return self.table.copy()

    def __repr__(self) -> str:
        t = self.table
        mean, p = t.loc["mean"], t.loc["p_a_better"]
        better = "higher" if self.higher_is_better else "lower"
        return (
            f"<Comparison {self.metric}: {self.a} - {self.b} over {self.diff.size:,} paired paths\n"
            f"  mean difference {mean.estimate:,.4g} "
            f"({100 * self.level:g}% CI {mean.ci_low:,.4g} .. {mean.ci_high:,.4g})\n"
            f"  P({self.a} better, {better} is better) = {p.estimate:.3f} "
            f"(CI {p.ci_low:.3f} .. {p.ci_high:.3f})\n"
            f"  common random numbers cut the variance {self.variance_ratio:,.1f}x>"
        )


def compare(
    result: Result,
    a: str,
    b: str,
    metric: str = "npv_cost",
    *,
    quantiles: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95),
    level: float = 0.95,
    higher_is_better: bool | None = None,
) -> Comparison:
    """Paired comparison of options ``a`` and ``b`` on the same simulated futures.

    Parameters
    ----------
    result
        A simulation result.
    a, b
        Option names.
    metric
        Per-path output, e.g. ``"npv_cost"`` or ``"csat_mean"``.
    quantiles
        Quantiles of the difference to report, each in (0, 1).
    level
        Confidence level of the intervals.
    higher_is_better
        Direction of ``metric``; default: True for CSAT, service level, FCR, quality
        and freed management hours (:data:`HIGHER_IS_BETTER`), False otherwise.

    Returns
    -------
    Comparison
        ``.table`` rows: ``mean``, ``p05``... and ``p_a_better`` (share of paths where
        ``a`` is strictly better, ties counted half).

    Notes
    -----
    With ``d_i = a_i - b_i`` the mean difference has standard error
    ``sd(d) / sqrt(n)``; independent sampling would give ``sqrt((s_a^2 + s_b^2)/n)``.
    The ratio of the two variances is ``variance_ratio``.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> c = res.compare("offshore", "in_house")
    >>> c.table.columns.tolist()
    ['estimate', 'se', 'ci_low', 'ci_high']
    >>> c.variance_ratio > 1
    True
    """
    level = _check_level(level)
    if a == b:
        raise ValueError(f"compare needs two different options, got a = b = {a!r}")
    xa, xb = result.values(metric, a), result.values(metric, b)
    qs = [float(q) for q in quantiles]
    for q in qs:
        if not 0.0 < q < 1.0:
            raise ValueError(f"quantiles: {q} is outside the allowed range (0, 1)")
    hib = _higher(metric, higher_is_better)
    d = xa - xb
    ds = np.sort(d)
    rows: dict[str, Estimate] = {"mean": _mean(d, level)}
    for q in qs:
        rows[f"p{100 * q:02g}"] = _quantile(d, q, level, ds)
    wins = (d > 0) if hib else (d < 0)
    rows["p_a_better"] = _prob(wins + 0.5 * (d == 0), level)
    table = pd.DataFrame(
        [r.as_tuple() for r in rows.values()],
        index=pd.Index(list(rows), name="stat"),
        columns=_ESTIMATE_COLUMNS,
    )
    vd = float(d.var(ddof=1)) if d.size > 1 else 0.0
    vi = float(xa.var(ddof=1) + xb.var(ddof=1)) if d.size > 1 else 0.0
    ratio = vi / vd if vd > 0 else (1.0 if vi == 0 else math.inf)
    table.attrs.update({"a": a, "b": b, "metric": metric, "n_paths": int(d.size), "level": level})
    return Comparison(a, b, metric, d, table, ratio, hib, level)


# ---------------------------------------------------------------------------- dominance


def dominance(
    result: Result,
    metric: str = "npv_cost",
    *,
    higher_is_better: bool | None = None,
    n_boot: int = 200,
    seed: Any = 0,
) -> pd.DataFrame:
    """First- and second-order stochastic dominance between every ordered pair of options.

    Parameters
    ----------
    result
        A simulation result.
    metric
        Per-path output; costs are converted to gains (``-cost``) so that "dominates"
        always means "is preferred".
    higher_is_better
        Direction of ``metric`` (see :func:`compare`).
    n_boot
        Bootstrap resamples (of whole paths, keeping common random numbers) for the
        standard errors of the almost-dominance measures; 0 to skip (``se`` = 0).
    seed
        Seed of the bootstrap.

    Returns
    -------
    DataFrame
        One row per ordered pair ``(a, b)``: ``fsd``, ``ssd`` (bool: ``a`` dominates
        ``b`` in the sample at first / second order), ``fsd_eps``, ``fsd_eps_se``,
        ``ssd_eps``, ``ssd_eps_se`` (almost-dominance violation ratios, 0 when ``a``
        dominates, 1 when ``b`` does) and ``p_a_better`` (paired share of paths on which
        ``a`` is better).

    Notes
    -----
    With sorted samples of equal size, ``a`` dominates ``b`` at first order iff
    ``a_(i) >= b_(i)`` for all ``i``, and at second order iff the partial sums
    ``sum_{j<=i} a_(j) >= sum_{j<=i} b_(j)`` for all ``i``. The almost-FSD ratio of
    Leshno and Levy [4]_ is the area where ``a``'s distribution function is above
    ``b``'s over the total area between them,
    ``eps = sum (b_(i) - a_(i))_+ / sum |a_(i) - b_(i)|``; ``ssd_eps`` is the same
    ratio on the integrated distribution functions (partial sums). A small
    ``fsd_eps`` (say < 0.05) means almost every decision maker prefers ``a``; exact
    dominance in a finite sample can fail on a few tail paths by sampling noise, so
    read ``fsd`` together with ``fsd_eps`` and its standard error.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> d = res.dominance("npv_cost", n_boot=0)
    >>> len(d) == 5 * 4
    True
    """
    x = _metric(result, metric)
    hib = _higher(metric, higher_is_better)
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise ValueError(f"n_boot = {n_boot!r}; expected an integer >= 0")
    g = x if hib else -x
    opts = list(result.options)

    def measures(gs: F) -> tuple[NDArray[np.bool_], NDArray[np.bool_], F, F]:
        srt = np.sort(gs, axis=1)  # (O, P)
        cs = np.cumsum(srt, axis=1)
        d1 = srt[:, None, :] - srt[None, :, :]  # a - b
        d2 = cs[:, None, :] - cs[None, :, :]
        tol1 = 1e-12 * (np.abs(srt).max() + 1.0)
        tol2 = tol1 * gs.shape[1]
        fsd = (d1 >= -tol1).all(axis=2)
        ssd = (d2 >= -tol2).all(axis=2)
        return fsd, ssd, _eps(d1), _eps(d2)

    fsd, ssd, e1, e2 = measures(g)
    se1, se2 = np.zeros_like(e1), np.zeros_like(e2)
    if n_boot > 0 and g.shape[1] > 1:
        rng = np.random.default_rng(seed)
        n = g.shape[1]
        b1, b2 = [], []
        for _ in range(int(n_boot)):
            idx = rng.integers(0, n, n)
            _, _, f1, f2 = measures(g[:, idx])
            b1.append(f1)
            b2.append(f2)
        se1, se2 = np.std(b1, axis=0, ddof=1), np.std(b2, axis=0, ddof=1)
    better = g[:, None, :] - g[None, :, :]
    p_better = ((better > 0) + 0.5 * (better == 0)).mean(axis=2)
    rows = []
    for i, a in enumerate(opts):
        for j, b in enumerate(opts):
            if i == j:
                continue
            rows.append(
                (a, b, bool(fsd[i, j]), bool(ssd[i, j]), e1[i, j], se1[i, j], e2[i, j],
                 se2[i, j], p_better[i, j])
            )
    df = pd.DataFrame(
        rows,
        columns=["a", "b", "fsd", "ssd", "fsd_eps", "fsd_eps_se", "ssd_eps", "ssd_eps_se",
                 "p_a_better"],
    )
    df.attrs.update({"metric": metric, "higher_is_better": hib, "n_paths": int(x.shape[1])})
    return df


def _eps(d: F) -> F:
    """Leshno-Levy violation ratio over the last axis; 0.5 where the samples coincide."""
    viol = np.maximum(-d, 0.0).sum(axis=-1)
    total = np.abs(d).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(total > 0, viol / np.where(total > 0, total, 1.0), 0.5)
    return np.asarray(out, dtype=np.float64)


# ---------------------------------------------------------------------------- regret


@dataclass(frozen=True, eq=False)
class Regret:
    """Per-path regret of each option against the best option on that path.

    Attributes
    ----------
    metric : str
    options : tuple of str
    values : ndarray
        ``(option, path)`` regret, >= 0 (0 on paths where the option is best).
    table : DataFrame
        Per option: ``mean``, ``mean_se``, ``mean_ci_low``, ``mean_ci_high``, ``p95``,
        ``p95_ci_low``, ``p95_ci_high``, ``p_best`` and ``p_best_se``.
    """

    metric: str
    options: tuple[str, ...]
    values: F
    table: pd.DataFrame

    def frame(self) -> pd.DataFrame:
        """The per-option table (a copy)."""
        return self.table.copy()

    def paths(self) -> pd.DataFrame:
        """Tidy per-path regret: columns ``option``, ``path``, ``regret``."""
        n_opt, n = self.values.shape
        return pd.DataFrame(
            {
                "option": pd.Categorical(np.repeat(self.options, n), categories=list(self.options)),
                "path": np.tile(np.arange(n), n_opt),
                "regret": self.values.ravel(),
            }
        )

    def __repr__(self) -> str:
        t = self.table
        best = str(t["mean"].idxmin())
        lines = [f"<Regret {self.metric} over {self.values.shape[1]:,} paths; least expected "
                 f"regret: {best}"]
        lines += [
            f"  {o:<12} E = {r['mean']:,.4g} (se {r['mean_se']:,.3g}), p95 = {r['p95']:,.4g}"
            for o, r in t.iterrows()
        ]
        return "\n".join(lines) + ">"


def regret(
    result: Result,
    metric: str = "npv_cost",
    *,
    higher_is_better: bool | None = None,
    level: float = 0.95,
) -> Regret:
    """Per-path regret against the best option on that path, and its summary per option.

    Parameters
    ----------
    result
        A simulation result.
    metric
        Per-path output.
    higher_is_better
        Direction of ``metric`` (see :func:`compare`).
    level
        Confidence level of the intervals.

    Returns
    -------
    Regret

    Notes
    -----
    For a cost, ``regret[o, i] = x[o, i] - min_k x[k, i]``; for a benefit,
    ``max_k x[k, i] - x[o, i]``. The option of least expected regret is the
    minimax-regret choice on average (Savage 1951).

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> r = res.regret("npv_cost")
    >>> bool((r.values >= 0).all())
    True
    """
    level = _check_level(level)
    x = _metric(result, metric)
    hib = _higher(metric, higher_is_better)
    reg = (x.max(axis=0) - x) if hib else (x - x.min(axis=0))
    rows = []
    for o in range(reg.shape[0]):
        m = _mean(reg[o], level)
        q = _quantile(reg[o], 0.95, level)
        p = _prob((reg[o] == 0).astype(np.float64), level)
        rows.append((m.estimate, m.se, m.ci_low, m.ci_high, q.estimate, q.ci_low, q.ci_high,
                     p.estimate, p.se))
    table = pd.DataFrame(
        rows,
        index=pd.Index(result.options, name="option"),
        columns=["mean", "mean_se", "mean_ci_low", "mean_ci_high", "p95", "p95_ci_low",
                 "p95_ci_high", "p_best", "p_best_se"],
    )
    table.attrs.update({"metric": metric, "n_paths": int(x.shape[1]), "level": level})
    return Regret(metric, tuple(result.options), reg, table)


# ---------------------------------------------------------------------------- risk


def risk(
    result: Result,
    *,
    budget: float | None = None,
    csat_target: float | None = None,
    levels: Sequence[float] = (0.9, 0.95, 0.99),
    metric: str = "npv_cost",
    csat_metric: str = "csat_mean",
    level: float = 0.95,
) -> pd.DataFrame:
    """Tail risk of cost and threshold probabilities per option.

    Parameters
    ----------
    result
        A simulation result.
    budget
        Cost budget (same units as ``metric``, $ of NPV by default); adds
        ``p_over_budget`` = P(cost > budget).
    csat_target
        CSAT target (0-100); adds ``p_csat_below`` = P(CSAT < target).
        With both, adds ``p_joint_ok`` = P(cost <= budget and CSAT >= target).
    levels
        VaR / CVaR levels, each in (0, 1).
    metric, csat_metric
        The cost and satisfaction outputs.
    level
        Confidence level of the intervals.

    Returns
    -------
    DataFrame
        Tidy: one row per (option, stat) with columns ``option``, ``stat``
        (``var90``, ``cvar90``, ... ``p_over_budget``, ``p_csat_below``,
        ``p_joint_ok``), ``estimate``, ``se``, ``ci_low``, ``ci_high``. ``attrs`` holds
        the thresholds. ``df.pivot(index="option", columns="stat", values="estimate")``
        gives the wide view.

    Notes
    -----
    ``VaR_alpha`` is the ``alpha`` quantile of cost (``numpy.quantile``, linear), with
    the order-statistic interval; ``CVaR_alpha`` is the mean of the worst
    ``ceil((1 - alpha) n)`` paths (as ``Result.summary``'s ``cost_cvar95``) with the
    asymptotic standard error of Hong, Hu and Liu [1]_.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> r = res.risk(budget=80e6, csat_target=70)
    >>> sorted(set(r["stat"]))[:3]
    ['cvar90', 'cvar95', 'cvar99']
    """
    level = _check_level(level)
    lv = [_check_level(v, "levels") for v in levels]
    for name, val in (("budget", budget), ("csat_target", csat_target)):
        if val is not None and (isinstance(val, bool) or not np.isfinite(float(val))):
            raise ValueError(f"{name} = {val!r}; expected a finite number or None")
    cost = _metric(result, metric)
    csat = _metric(result, csat_metric) if csat_target is not None else None
    rows: list[tuple[Any, ...]] = []
    for o, name in enumerate(result.options):
        xs = np.sort(cost[o])
        for a in lv:
            tag = f"{100 * a:g}".replace(".", "_")
            rows.append((name, f"var{tag}", *_quantile(cost[o], a, level, xs).as_tuple()))
            rows.append((name, f"cvar{tag}", *_cvar(cost[o], a, level, xs).as_tuple()))
        if budget is not None:
            over = (cost[o] > budget).astype(np.float64)
            rows.append((name, "p_over_budget", *_prob(over, level).as_tuple()))
        if csat is not None:
            below = (csat[o] < float(csat_target)).astype(np.float64)  # type: ignore[arg-type]
            rows.append((name, "p_csat_below", *_prob(below, level).as_tuple()))
            if budget is not None:
                ok = ((cost[o] <= budget) & (csat[o] >= float(csat_target))).astype(np.float64)  # type: ignore[arg-type]
                rows.append((name, "p_joint_ok", *_prob(ok, level).as_tuple()))
    df = pd.DataFrame(rows, columns=["option", "stat", *_ESTIMATE_COLUMNS])
    df.attrs.update({"metric": metric, "budget": budget, "csat_target": csat_target,
                     "levels": tuple(lv), "level": level, "n_paths": int(cost.shape[1])})
    return df


# ---------------------------------------------------------------------------- convergence


def convergence(
    result: Result,
    metric: str = "npv_cost",
    stat: str = "mean",
    *,
    options: Sequence[str] | None = None,
    n_points: int = 40,
    level: float = 0.95,
) -> pd.DataFrame:
    """Running estimate of a statistic as paths accumulate, with its confidence band.

    Parameters
    ----------
    result
        A simulation result.
    metric
        Per-path output.
    stat
        See :func:`parse_stat` (``"mean"``, ``"p95"``, ``"cvar95"``,
        ``"prob_above:T"``...).
    options
        Options to include (default: all).
    n_points
        Number of path counts, geometrically spaced from ``min(64, n)`` to ``n``.
    level
        Confidence level of the band.

    Returns
    -------
    DataFrame
        Tidy: ``option``, ``n_paths``, ``estimate``, ``se``, ``ci_low``, ``ci_high``,
        ``rel_halfwidth`` (half-width over ``|estimate|``; 0 where the estimate is 0).

    Notes
    -----
    Path ``i`` depends only on the seed and ``i``, so the first ``n`` paths of a run
    are exactly a run of ``n`` paths: the curve shows what a smaller run would have
    reported.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> cv = res.convergence("npv_cost", "p95", n_points=5)
    >>> int(cv["n_paths"].max())
    256
    """
    parse_stat(stat)
    level = _check_level(level)
    if isinstance(n_points, bool) or not isinstance(n_points, (int, np.integer)) or n_points < 1:
        raise ValueError(f"n_points = {n_points!r}; expected an integer >= 1")
    x = _metric(result, metric)
    n = x.shape[1]
    if n < 2:
        raise ValueError(f"convergence needs at least 2 paths, the result has {n}")
    lo = min(64, n)
    grid = np.unique(np.round(np.geomspace(max(lo, 2), n, int(n_points))).astype(int))
    opts = list(result.options) if options is None else list(options)
    rows = []
    for name in opts:
        xo = result.values(metric, name)
        for k in grid:
            e = estimate(xo[:k], stat, level=level)
            rel = e.halfwidth / abs(e.estimate) if e.estimate != 0 else 0.0
            rows.append((name, int(k), *e.as_tuple(), rel))
    df = pd.DataFrame(
        rows, columns=["option", "n_paths", *_ESTIMATE_COLUMNS, "rel_halfwidth"]
    )
    df.attrs.update({"metric": metric, "stat": stat, "level": level})
    return df
