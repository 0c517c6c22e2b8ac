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

For ``sampler="mc"`` the paths are independent. For ``"lhs"`` and ``"sobol"`` they are
not (the points of a 256-path block are spread out together), but the blocks are:
each is an independent randomization of the stratified design. So the standard error
of a mean, or of a paired mean saving, is the spread of the whole blocks' means over
``sqrt(blocks)``, with a ``t`` interval of ``blocks - 1`` degrees of freedom
(:func:`sampling_block`; :func:`compare`, :func:`convergence`, ``Result.summary`` and
:class:`ccsim.Precision` all use it): the i.i.d. formula would overstate it, by 2.4-2.8x
for the saving of offshore over in-house in a scenario without data breaches. Below 8
whole blocks (2,048 paths) the i.i.d. formula is used, with an
:class:`~ccsim.stats.estimators.IntervalWarning`. Quantile, CVaR and probability
intervals keep the i.i.d. formulas, which are conservative for a stratified sample of a
smooth statistic. The CVaR interval relies on
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
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ccsim._display import _html_table
from ccsim.conventions import SeedLike, as_seed_sequence, baseline_of, renamed
from ccsim.outputs import OUTPUTS
from ccsim.result import sampling_block
from ccsim.stats.estimators import (
    _ESTIMATE_COLUMNS,
    MIN_BLOCKS,
    MIN_TAIL,
    Estimate,
    IntervalWarning,
    _check_level,
    _mean,
    _prob,
    _quantile,
    cvar_interval,
    estimate,
    parse_stat,
    share_best,
)
from ccsim.stats.tables import Comparison, Convergence, Dominance, Risk

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = [
    "HIGHER_IS_BETTER",
    "Comparison",
    "Dominance",
    "Estimate",
    "Regret",
    "Risk",
    "compare",
    "convergence",
    "dominance",
    "estimate",
    "parse_stat",
    "regret",
    "risk",
    "sampling_block",
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


@renamed(a="option", b="baseline")
def compare(
    result: Result,
    option: str,
    baseline: str | None = None,
    metric: str = "npv_cost",
    *,
    quantiles: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95),
    level: float = 0.95,
    higher_is_better: bool | None = None,
) -> Comparison:
    """Paired comparison of ``option`` with ``baseline`` on the same simulated futures.

    Parameters
    ----------
    result
        A simulation result.
    option, baseline
        Option names (``a=``, ``b=`` are their deprecated old names); ``baseline``
        defaults to ``in_house`` (else the first other option), as everywhere in ccsim.
    metric
        Per-path output, e.g. ``"npv_cost"`` or ``"csat_mean"``.
    quantiles
        Quantiles of the saving to report, each in (0, 1).
    level
        Confidence level of the intervals.
    higher_is_better
        Direction of ``metric``; default: from the output registry
        (:data:`HIGHER_IS_BETTER`: CSAT, service level, FCR, quality, freed management
        hours), False otherwise.

    Returns
    -------
    Comparison
        ``.table`` rows: ``saving_mean``, ``saving_p05``... and ``p_better``. The saving
        is positive when the option is better (for a cost: ``baseline - option``).

    Notes
    -----
    With ``s_i`` the per-path saving, the mean saving has standard error
    ``sd(s) / sqrt(n)`` and a normal interval; independent sampling would give
    ``sqrt((s_a^2 + s_b^2)/n)``. The ratio of the two variances is ``variance_ratio``.
    For ``sampler="lhs"`` or ``"sobol"`` the standard error of the mean saving is the
    spread of the whole 256-path blocks' mean savings over ``sqrt(blocks)`` with a
    ``t_{blocks-1}`` interval (see :func:`sampling_block`; the i.i.d. formula would
    overstate it 2.4-2.8x); the method is in ``table.attrs["mean_method"]``. The
    quantile and ``p_better`` rows keep their i.i.d. intervals (conservative there).

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> c = res.compare("offshore", "in_house")
    >>> c.table.columns.tolist()
    ['estimate', 'se', 'ci_low', 'ci_high']
    >>> c.table.index[0], c.variance_ratio > 1
    ('saving_mean', True)
    """
    level = _check_level(level)
    if option == baseline:
        raise ValueError(f"compare needs two different options, got option = baseline = "
                         f"{option!r}")
    baseline = baseline_of(result, baseline, option=option)
    xa, xb = result.values(metric, option), result.values(metric, baseline)
    qs = [float(q) for q in quantiles]
    for q in qs:
        if not 0.0 < q < 1.0:
            raise ValueError(f"quantiles: {q} is outside the allowed range (0, 1)")
    hib = _higher(metric, higher_is_better)
    s = (xa - xb) if hib else (xb - xa)
    ss = np.sort(s)
    rows: dict[str, Estimate] = {"saving_mean": _mean(s, level, sampling_block(result))}
    for q in qs:
        rows[f"saving_p{100 * q:02g}"] = _quantile(s, q, level, ss)
    rows["p_better"] = _prob((s > 0) + 0.5 * (s == 0), level)
    table = pd.DataFrame(
        [r.as_tuple() for r in rows.values()],
        index=pd.Index(list(rows), name="stat"),
        columns=_ESTIMATE_COLUMNS,
    )
    table.attrs["mean_method"] = rows["saving_mean"].method
    vd = float(s.var(ddof=1)) if s.size > 1 else 0.0
    vi = float(xa.var(ddof=1) + xb.var(ddof=1)) if s.size > 1 else 0.0
    ratio = vi / vd if vd > 0 else (1.0 if vi == 0 else math.inf)
    return Comparison(option, baseline, metric, s, table, ratio, hib, level)


# ---------------------------------------------------------------------------- dominance


@renamed(n_boot="n_resamples")
def dominance(
    result: Result,
    metric: str = "npv_cost",
    *,
    higher_is_better: bool | None = None,
    n_resamples: int = 200,
    level: float = 0.95,
    seed: SeedLike = None,
) -> Dominance:
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
    n_resamples
        Paired bootstrap resamples (of whole paths, keeping common random numbers) for
        the standard errors of the almost-dominance ratios and the confidence bound of
        the largest violation; 0 to skip (``se`` = 0, no status beyond "observed").
        ``n_boot=`` is its deprecated old name.
    level
        Confidence level of the bound on the largest violation.
    seed
        Seed of the bootstrap: anything :func:`numpy.random.default_rng` accepts
        (``None``: fresh entropy).

    Returns
    -------
    Dominance
        ``.table`` (and ``.frame()``) has one row per ordered pair ``(a, b)``:

        * ``fsd``, ``ssd`` (bool): ``a`` *strictly* dominates ``b`` in the sample at
          first / second order: never worse and somewhere better, so two identical
          distributions dominate in neither direction;
        * ``fsd_weak``, ``ssd_weak`` (bool): never worse (identical distributions
          dominate each other weakly);
        * ``fsd_violation``, ``ssd_violation``: the largest violation, ``max_i (b_(i) -
          a_(i))`` on the sorted gains (first order) or on their running means
          (second order), in the metric's units; <= 0 when ``a`` weakly dominates;
        * ``fsd_violation_hi``, ``ssd_violation_hi``: its upper ``level`` paired-
          bootstrap bound;
        * ``fsd_status``, ``ssd_status``: ``"established"`` (strict dominance in the
          sample, and the bound on the largest violation is <= 0: it holds in at least
          ``level`` of the resampled worlds), ``"observed"`` (strict in the sample but
          not established: sampling noise could undo it), ``"weak"`` (equal
          distributions, never worse nowhere better) or ``"no"``. "Established" covers
          the simulated range only: futures rarer than
          :attr:`~ccsim.stats.tables.Dominance.untested_below` (about ``3 / n``) may
          hold no path, and a loss confined to them is untested (see the Notes);
        * ``fsd_eps``, ``fsd_eps_se``, ``ssd_eps``, ``ssd_eps_se``: almost-dominance
          violation ratios (0 when ``a`` dominates, 1 when ``b`` does);
        * ``p_a_better``: paired share of paths on which ``a`` is better (ties half).

    Notes
    -----
    With sorted samples of equal size, ``a`` weakly dominates ``b`` at first order iff
    ``a_(i) >= b_(i)`` for all ``i``, and at second order iff the partial sums
    ``sum_{j<=i} a_(j) >= sum_{j<=i} b_(j)`` for all ``i``; strictly if moreover one
    inequality is strict. The almost-FSD ratio of Leshno and Levy [4]_ is the area where
    ``a``'s distribution function is above ``b``'s over the total area between them,
    ``eps = sum (b_(i) - a_(i))_+ / sum |a_(i) - b_(i)|``; ``ssd_eps`` is the same ratio
    on the integrated distribution functions. The bootstrap resamples paths (the same
    indices for every option), so it keeps the pairing of common random numbers; its
    bound on the largest violation is the ``level`` percentile of the resampled
    largest violations.

    Neither the sample nor a bootstrap of it can see futures that no path reached. A set
    of futures of probability ``p`` is missed by all ``n`` paths with probability
    ``(1 - p)^n``; with an option's loss confined to the worst 0.2% of futures,
    "established" second-order dominance of that option was measured to fire 9.7% of
    the time. The test therefore speaks for the simulated range: sets of futures of
    probability at least ``1 - (1 - level)^(1/n)`` (0.3% at 1,000 paths, 0.03% at
    10,000), reported as ``Dominance.untested_below`` and in its summary. For losses in
    rarer futures read a tail statistic (``Result.risk``) or simulate more paths.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> d = res.dominance("npv_cost", n_resamples=0)
    >>> len(d.frame()) == 5 * 4
    True
    >>> d.status("fsd").shape
    (5, 5)
    """
    x = _metric(result, metric)
    hib = _higher(metric, higher_is_better)
    level = _check_level(level)
    if isinstance(n_resamples, bool) or not isinstance(n_resamples, (int, np.integer)) \
            or n_resamples < 0:
        raise ValueError(f"n_resamples = {n_resamples!r}; expected an integer >= 0")
    g = x if hib else -x
    opts = list(result.options)
    n = g.shape[1]
    tol1 = 1e-12 * (float(np.abs(g).max()) + 1.0) if g.size else 0.0

    def measures(gs: F) -> tuple[F, F, F, F]:
        srt = np.sort(gs, axis=1)  # (O, P)
        means = np.cumsum(srt, axis=1) / gs.shape[1]  # running means: integrated CDFs
        d1 = srt[:, None, :] - srt[None, :, :]  # a - b
        d2 = means[:, None, :] - means[None, :, :]
        # largest violation: how far b is ahead of a at worst
        return (-d1).max(axis=2), (-d2).max(axis=2), _eps(d1), _eps(d2)

    v1, v2, e1, e2 = measures(g)
    # strict: never worse (up to rounding) and somewhere better
    srt = np.sort(g, axis=1)
    d1 = srt[:, None, :] - srt[None, :, :]
    d2 = (np.cumsum(srt, axis=1)[:, None, :] - np.cumsum(srt, axis=1)[None, :, :]) / n
    fsd_w = v1 <= tol1
    ssd_w = v2 <= tol1
    fsd_s = fsd_w & (d1 > tol1).any(axis=2)
    ssd_s = ssd_w & (d2 > tol1).any(axis=2)
    se1, se2 = np.zeros_like(e1), np.zeros_like(e2)
    hi1, hi2 = np.full_like(v1, np.nan), np.full_like(v2, np.nan)
    if n_resamples > 0 and n > 1:
        rng = np.random.default_rng(as_seed_sequence(seed))
        bv1, bv2, b1, b2 = [], [], [], []
        for _ in range(int(n_resamples)):
            idx = rng.integers(0, n, n)
            w1, w2, f1, f2 = measures(g[:, idx])
            bv1.append(w1)
            bv2.append(w2)
            b1.append(f1)
            b2.append(f2)
        se1, se2 = np.std(b1, axis=0, ddof=1), np.std(b2, axis=0, ddof=1)
        hi1 = np.quantile(np.asarray(bv1), level, axis=0)
        hi2 = np.quantile(np.asarray(bv2), level, axis=0)

    def status(strict: bool, weak: bool, hi: float) -> str:
        if strict:
            return "established" if np.isfinite(hi) and hi <= tol1 else "observed"
        return "weak" if weak else "no"

    better = g[:, None, :] - g[None, :, :]
    p_better = ((better > 0) + 0.5 * (better == 0)).mean(axis=2)
    rows = []
    for i, a in enumerate(opts):
        for j, b in enumerate(opts):
            if i == j:
                continue
            rows.append((
                a, b, bool(fsd_s[i, j]), bool(ssd_s[i, j]), bool(fsd_w[i, j]),
                bool(ssd_w[i, j]), status(bool(fsd_s[i, j]), bool(fsd_w[i, j]), hi1[i, j]),
                status(bool(ssd_s[i, j]), bool(ssd_w[i, j]), hi2[i, j]),
                v1[i, j], hi1[i, j], v2[i, j], hi2[i, j],
                e1[i, j], se1[i, j], e2[i, j], se2[i, j], p_better[i, j],
            ))
    df = pd.DataFrame(
        rows,
        columns=["a", "b", "fsd", "ssd", "fsd_weak", "ssd_weak", "fsd_status", "ssd_status",
                 "fsd_violation", "fsd_violation_hi", "ssd_violation", "ssd_violation_hi",
                 "fsd_eps", "fsd_eps_se", "ssd_eps", "ssd_eps_se", "p_a_better"],
    )
    return Dominance(df, metric, tuple(opts), hib, int(n), level, int(n_resamples))


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
        ``p95_ci_low``, ``p95_ci_high``, ``p_best`` and ``p_best_se``. ``p_best`` is the
        share of paths on which the option is best, with ties split equally (the rule
        of ``Result.summary``'s ``p_cheapest``), so it sums to 1 over the options.
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

    def _repr_html_(self) -> str:
        out = OUTPUTS.get(self.metric)
        kind = out.kind if out is not None else "number"
        head = (f"<p>Regret on {self.metric} over {self.values.shape[1]:,} paths "
                "(0 where the option is best on a path)</p>")
        return head + _html_table(self.table, kind)


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
    # the tie rule of Result.summary: an option tied for best on a path gets an equal share
    shares = share_best(x, lower=not hib)
    rows = []
    for o in range(reg.shape[0]):
        m = _mean(reg[o], level)
        q = _quantile(reg[o], 0.95, level)
        p = _prob(shares[o], level)
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


@renamed(csat_target="csat_floor")
def risk(
    result: Result,
    *,
    budget: float | None = None,
    csat_floor: float | None = None,
    levels: Sequence[float] = (0.9, 0.95, 0.99),
    metric: str = "npv_cost",
    csat_metric: str = "csat_mean",
    level: float = 0.95,
) -> Risk:
    """Tail risk of cost and threshold probabilities per option.

    Parameters
    ----------
    result
        A simulation result.
    budget
        Cost budget (same units as ``metric``, $ of NPV by default); adds
        ``p_over_budget`` = P(cost > budget).
    csat_floor
        Lowest acceptable CSAT (0-100); adds ``p_csat_below`` = P(CSAT < floor).
        With both, adds ``p_joint_ok`` = P(cost <= budget and CSAT >= floor).
        ``csat_target=`` is its deprecated old name.
    levels
        VaR / CVaR levels, each in (0, 1).
    metric, csat_metric
        The cost and satisfaction outputs.
    level
        Confidence level of the intervals.

    Returns
    -------
    Risk
        ``.table`` (and ``.frame()``) is tidy: one row per (option, stat) with columns
        ``option``, ``stat`` (``var90``, ``cvar90``, ... ``p_over_budget``,
        ``p_csat_below``, ``p_joint_ok``), ``estimate``, ``se``, ``ci_low``,
        ``ci_high``; the thresholds are fields (``.budget``, ``.csat_floor``) and
        ``.wide()`` gives one row per option.

    Notes
    -----
    ``VaR_alpha`` is the ``alpha`` quantile of cost (``numpy.quantile``, linear), with
    the order-statistic interval; ``CVaR_alpha`` is the mean of the worst
    ``ceil((1 - alpha) n)`` paths (as ``Result.summary``'s ``cost_cvar95``) with the
    asymptotic standard error of Hong, Hu and Liu [1]_ and the interval of
    :func:`ccsim.stats.estimators.cvar_interval` (Hall-t; 0.95-0.96 measured coverage). Below
    100 tail paths a CVaR has no interval: its ``se``, ``ci_low`` and ``ci_high`` are NaN
    and one :class:`ccsim.stats.estimators.IntervalWarning` says how many paths would give one.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=1024, seed=1)
    >>> r = res.risk(budget=80e6, csat_floor=70, levels=(0.9,))  # 103 tail paths
    >>> r.wide().columns.tolist()
    ['var90', 'cvar90', 'p_over_budget', 'p_csat_below', 'p_joint_ok']
    """
    level = _check_level(level)
    lv = [_check_level(v, "levels") for v in levels]
    for name, val in (("budget", budget), ("csat_floor", csat_floor)):
        if val is not None and (isinstance(val, bool) or not np.isfinite(float(val))):
            raise ValueError(f"{name} = {val!r}; expected a finite number or None")
    cost = _metric(result, metric)
    csat = _metric(result, csat_metric) if csat_floor is not None else None
    rows: list[tuple[Any, ...]] = []
    thin: dict[str, str] = {}
    for o, name in enumerate(result.options):
        xs = np.sort(cost[o])
        for a in lv:
            tag = f"{100 * a:g}".replace(".", "_")
            rows.append((name, f"var{tag}", *_quantile(cost[o], a, level, xs).as_tuple()))
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", IntervalWarning)  # one warning below
                cv = cvar_interval(cost[o], a, level, xs=xs)
            if cv.n_tail is not None and not math.isfinite(cv.se):
                thin[f"CVaR{100 * a:g}"] = (
                    f"CVaR{100 * a:g} ({cv.n_tail} tail paths; "
                    f"{math.ceil(MIN_TAIL / (1.0 - a)):,} paths give one)"
                )
            rows.append((name, f"cvar{tag}", *cv.as_tuple()))
        if budget is not None:
            over = (cost[o] > budget).astype(np.float64)
            rows.append((name, "p_over_budget", *_prob(over, level).as_tuple()))
        if csat is not None:
            below = (csat[o] < float(csat_floor)).astype(np.float64)  # type: ignore[arg-type]
            rows.append((name, "p_csat_below", *_prob(below, level).as_tuple()))
            if budget is not None:
                ok = ((cost[o] <= budget) & (csat[o] >= float(csat_floor))).astype(np.float64)  # type: ignore[arg-type]
                rows.append((name, "p_joint_ok", *_prob(ok, level).as_tuple()))
    if thin:
        warnings.warn(
            f"no interval for {', '.join(thin.values())}: a CVaR interval needs at least "
            f"{MIN_TAIL} tail paths (se, ci_low and ci_high are NaN)",
            IntervalWarning,
            stacklevel=2,
        )
    df = pd.DataFrame(rows, columns=["option", "stat", *_ESTIMATE_COLUMNS])
    return Risk(df, metric, tuple(result.options), tuple(lv), level, int(cost.shape[1]),
                budget=budget, csat_floor=csat_floor)


# ---------------------------------------------------------------------------- convergence


def convergence(
    result: Result,
    metric: str = "npv_cost",
    stat: str = "mean",
    *,
    options: Sequence[str] | None = None,
    n_points: int = 40,
    level: float = 0.95,
) -> Convergence:
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
    Convergence
        ``.frame()`` is tidy: ``option``, ``n_paths``, ``estimate``, ``se``, ``ci_low``,
        ``ci_high``, ``rel_halfwidth`` (half-width over ``|estimate|``; 0 where the
        estimate is 0).

    Notes
    -----
    Path ``i`` depends only on the seed and ``i``, so the first ``n`` paths of a run
    are exactly a run of ``n`` paths: the curve shows what a smaller run would have
    reported. For ``sampler="lhs"`` or ``"sobol"`` the band of a mean is the replicate
    interval over whole 256-path blocks (see :func:`sampling_block`); points with fewer
    than 8 whole blocks (2,048 paths) use the i.i.d. formula, which overstates their
    error (a conservative band): ``frame().attrs["iid_up_to"]`` is the largest such
    path count (0 when none).

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> cv = res.convergence("npv_cost", "p95", n_points=5)
    >>> int(cv.frame()["n_paths"].max())
    256
    """
    kind = parse_stat(stat)[0]
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
    block = sampling_block(result)
    rows = []
    few = 0
    for name in opts:
        xo = result.values(metric, name)
        for k in grid:
            # too few blocks for a replicate error: i.i.d. formula, one warning below
            thin = block is not None and kind == "mean" and k // block < MIN_BLOCKS
            few = max(few, int(k)) if thin else few
            e = estimate(xo[:k], stat, level=level, block=None if thin else block)
            rel = e.halfwidth / abs(e.estimate) if e.estimate != 0 else 0.0
            rows.append((name, int(k), *e.as_tuple(), rel))

    df = pd.DataFrame(
        rows, columns=["option", "n_paths", *_ESTIMATE_COLUMNS, "rel_halfwidth"]
    )
    df.attrs.update({"metric": metric, "stat": stat, "level": level, "iid_up_to": few})
    return Convergence(df)
