"""What drives the spread: tornado, one-run importance and global sensitivity indices.

Which method to use when
------------------------
:func:`tornado`
    One input at a time between two quantiles (others at base), on common random
    numbers. Easy to read for a board, but blind to interactions and to correlations.
:func:`input_importance`
    From one existing run, no extra simulation: Spearman rank correlation of each
    input with the metric, its share of the sum of squares ("contribution to
    variance") and standardized rank-regression coefficients. Quick, but it only
    sees monotone effects.
:func:`sobol_indices`
    Variance-based first-order (``S1``) and total (``ST``) indices by Saltelli's
    design (SALib), with extra simulations: ``n_base * (k + 2)`` paths for ``k``
    inputs or groups. Valid for *independent* inputs. With correlated inputs, put
    every correlated pair in one group (``groups="part"`` or your own mapping):
    grouped indices stay valid as long as the groups are independent of each other.
:func:`delta_indices`
    Borgonovo's moment-independent delta and the first-order index estimated from
    one run's input draws (SALib's delta method). Stays valid with correlated inputs,
    where ``S1`` of an input includes what it shares with its correlated partners.

The process noise of the simulation (the monthly shocks, breaches, attrition draws)
is common to all rows of a base sample, so it acts as one more group of inputs that
no index is attributed to: ``1 - sum(S1)`` includes it.

References
----------
.. [1] A. Saltelli et al., "Variance based sensitivity analysis of model output.
   Design and estimator for the total sensitivity index", Computer Physics
   Communications 181(2), 259-270 (2010). doi:10.1016/j.cpc.2009.09.018
.. [2] E. Borgonovo, "A new uncertainty importance measure", Reliability Engineering &
   System Safety 92(6), 771-784 (2007). doi:10.1016/j.ress.2006.04.015
.. [3] E. Plischke, E. Borgonovo and C. L. Smith, "Global sensitivity measures from
   given data", European Journal of Operational Research 226(3), 536-550 (2013).
   doi:10.1016/j.ejor.2012.11.047
.. [4] J. Herman and W. Usher, "SALib: an open-source Python library for sensitivity
   analysis", Journal of Open Source Software 2(9), 97 (2017). doi:10.21105/joss.00097
.. [5] T. Ishigami and T. Homma, "An importance quantification technique in
   uncertainty analysis for computer models", Proc. ISUMA'90, 398-403 (1990).
   doi:10.1109/ISUMA.1990.151285
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import special, stats

from ccsim._checks import check_int, check_prob
from ccsim._compat import renamed
from ccsim.analysis import estimate, parse_stat
from ccsim.dist import Distribution
from ccsim.estimators import IntervalWarning
from ccsim.outputs import better_is_higher
from ccsim.sampling.inputs import InputDesign, correlation_matrix
from ccsim.sampling.streams import SeedRoot, resolve_seed
from ccsim.scenario import Scenario

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = [
    "delta_indices",
    "input_importance",
    "relevant_inputs",
    "sobol_analyze",
    "sobol_indices",
    "tornado",
]

F = NDArray[np.float64]

_EPS = 2.0**-53


# ---------------------------------------------------------------------------- helpers


def relevant_inputs(scenario: Scenario, options: Sequence[str]) -> list[str]:
    """Uncertain inputs that can affect ``options``: the shared ones and the options' own.

    Examples
    --------
    >>> import ccsim
    >>> p = relevant_inputs(ccsim.default_scenario(), ["offshore"])
    >>> "offshore.staffing.price_per_hour" in p, "onshore.staffing.price_per_hour" in p
    (True, False)
    """
    names = set(scenario.option_names)
    for o in options:
        scenario.option(o)
    keep = set(options)
    return [
        p for p, _ in scenario.uncertain_inputs()
        if p.split(".")[0] not in names or p.split(".")[0] in keep
    ]


def _options(scenario: Scenario, option: str, baseline: str | None) -> list[str]:
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a ccsim.Scenario, got {type(scenario).__name__}")
    scenario.option(option)
    if baseline is not None:
        scenario.option(baseline)
        if baseline == option:
            raise ValueError(f"baseline = {baseline!r} is the option itself; pick another option")
    return [option] if baseline is None else [option, baseline]


def _reduce(scenario: Scenario, keep: Sequence[str]) -> Scenario:
    """The scenario with only the options in ``keep`` (others' draws are unchanged)."""
    sc = scenario
    drop = [o for o in scenario.option_names if o not in keep]
    if drop:
        corr = tuple(
            c for c in scenario.correlations
            if c[0].split(".")[0] not in drop and c[1].split(".")[0] not in drop
        )
        sc = sc.with_overrides(correlations=corr)
        for o in drop:
            sc = sc.without_option(o)
    return sc


def _check_inputs(scenario: Scenario, inputs: Sequence[str] | None, default: list[str]) -> list[str]:
    if inputs is None:
        return default
    if isinstance(inputs, str):
        inputs = [inputs]
    valid = {p for p, _ in scenario.uncertain_inputs()}
    out = []
    for p in inputs:
        if p not in valid:
            raise ValueError(f"inputs: {p!r} is not an uncertain input of the scenario")
        out.append(p)
    if not out:
        raise ValueError("inputs must name at least one uncertain input")
    return out


def _fixed_value(scenario: Scenario, path: str, value: float) -> float:
    meta = {p: m for p, _, m in scenario.parameters()}[path]
    return float(round(value)) if meta.get("integer") else float(value)


def _response(result: Result, metric: str, option: str, baseline: str | None) -> F:
    y = result.values(metric, option)
    if baseline is not None:  # the saving: positive when the option is better
        y = y - result.values(metric, baseline)
        if not better_is_higher(metric):
            y = -y
    return np.asarray(y, dtype=np.float64)


def _check_prob(name: str, v: Any) -> float:
    try:
        return check_prob(name, v)
    except TypeError as e:  # a non-number is out of range too
        raise ValueError(str(e)) from None


def _seed_attr(root: SeedRoot) -> Any:
    """The seed to record in ``attrs``: passing it back repeats the analysis."""
    return root.entropy if not root.spawn_key else repr(root)


def _point(y: F, stat: str) -> float:
    """Point estimate only (a swing's CVaR needs no interval, so no tail-count warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", IntervalWarning)
        return estimate(y, stat).estimate


# ---------------------------------------------------------------------------- tornado


@renamed(versus="baseline")
def tornado(
    scenario: Scenario,
    option: str,
    metric: str = "npv_cost",
    stat: str = "mean",
    *,
    low: float = 0.1,
    high: float = 0.9,
    n_paths: int = 1024,
    seed: Any = None,
    baseline: str | None = None,
    inputs: Sequence[str] | None = None,
    others: str = "median",
    sampler: Any = "mc",
) -> pd.DataFrame:
    """One-at-a-time swings of each uncertain input between two of its quantiles.

    Parameters
    ----------
    scenario
        The scenario.
    option
        Option whose ``metric`` is examined.
    metric
        Per-path output, e.g. ``"npv_cost"``.
    stat
        Statistic over paths (``"mean"``, ``"p95"``, ``"cvar95"``...; see
        :func:`ccsim.analysis.parse_stat`).
    low, high
        Quantiles of each input's distribution for the low and high runs.
    n_paths
        Paths per run (every run uses the same seed: common random numbers).
    seed
        Anything :func:`numpy.random.default_rng` accepts (SPEC 7); resolved once, so
        every run uses the same seed (common random numbers) and the bootstrap of
        ``swing_se`` draws from a stream derived from it. ``None``: fresh entropy,
        recorded in ``attrs["seed"]``.
    baseline
        If given, the metric is the paired per-path saving against ``baseline``
        (``baseline - option`` for a cost, positive = cheaper; ``option - baseline``
        where higher is better):
        what drives the saving, not just the cost.
    inputs
        Inputs to swing (default: every input relevant to the option(s), see
        :func:`relevant_inputs`).
    others
        ``"median"``: every other uncertain input is fixed at its median (the classic
        tornado; only process noise remains). ``"uncertain"``: the other inputs keep
        their distributions, so a bar is the change of the *conditional* statistic.
    sampler
        Sampler of the runs (``"mc"``, ``"lhs"``, ``"sobol"``).

    Returns
    -------
    DataFrame
        One row per input, sorted by ``abs(swing)`` descending, columns ``input``,
        ``low_value``, ``high_value``, ``stat_low``, ``stat_high``, ``swing``
        (``stat_high - stat_low``), ``base``. ``attrs``: ``option``, ``metric``,
        ``stat``, ``baseline``, ``n_paths``, ``low``, ``high``, ``others``, ``seed``
        and ``swing_se`` (``{input: standard error of the swing}``; for
        ``stat="mean"`` the paired ``sd(y_high - y_low) / sqrt(n)``, otherwise a
        bootstrap over paired paths).

    Notes
    -----
    Runs ``2 k + 1`` simulations of ``n_paths`` paths for ``k`` inputs, with only the
    option(s) examined (removing options leaves the others' draws unchanged). With
    ``others="uncertain"``, correlations involving the swung input are dropped for its
    runs. Only the examined options are simulated.

    Examples
    --------
    >>> import ccsim
    >>> t = tornado(ccsim.default_scenario(), "offshore", n_paths=256,
    ...             inputs=["offshore.staffing.price_per_hour", "demand.base_volume"])
    >>> t.columns.tolist()
    ['input', 'low_value', 'high_value', 'stat_low', 'stat_high', 'swing', 'base']
    """
    from ccsim.run.simulate import simulate

    opts = _options(scenario, option, baseline)
    parse_stat(stat)
    lo_q, hi_q = _check_prob("low", low), _check_prob("high", high)
    if not lo_q < hi_q:
        raise ValueError(f"low = {low} must be below high = {high}")
    if others not in ("median", "uncertain"):
        raise ValueError(f"others = {others!r}; expected 'median' or 'uncertain'")
    sc = _reduce(scenario, opts)
    names = _check_inputs(sc, inputs, relevant_inputs(sc, opts))
    dists = dict(sc.uncertain_inputs())
    if others == "median":
        medians = {p: _fixed_value(sc, p, d.median()) for p, d in dists.items()}
        base_sc = sc.with_overrides(correlations=()).with_overrides(medians)
    else:
        base_sc = sc

    root = resolve_seed(seed)

    def run(s: Scenario) -> F:
        r = simulate(s, n_paths, seed=root, keep_monthly=False, progress=False, sampler=sampler)
        return _response(r, metric, option, baseline)

    def at(p: str, v: float) -> Scenario:
        if others == "median":
            return base_sc.with_overrides({p: v})
        corr = tuple(c for c in sc.correlations if p not in c[:2])
        return sc.with_overrides(correlations=corr).with_overrides({p: v})

    y0 = run(base_sc)
    base = _point(y0, stat)
    rng = root.generator("sensitivity/tornado/bootstrap", 0)
    boot = None if stat == "mean" else rng.integers(0, y0.size, (100, y0.size))
    rows, se = [], {}
    for p in names:
        d = dists[p]
        vlo = _fixed_value(sc, p, float(d.ppf(lo_q)))
        vhi = _fixed_value(sc, p, float(d.ppf(hi_q)))
        ylo, yhi = run(at(p, vlo)), run(at(p, vhi))
        slo, shi = _point(ylo, stat), _point(yhi, stat)
        if boot is None:
            se[p] = float(np.std(yhi - ylo, ddof=1) / math.sqrt(y0.size))
        else:
            sw = [_point(yhi[i], stat) - _point(ylo[i], stat) for i in boot]
            se[p] = float(np.std(sw, ddof=1))
        rows.append((p, vlo, vhi, slo, shi, shi - slo, base))
    df = pd.DataFrame(
        rows, columns=["input", "low_value", "high_value", "stat_low", "stat_high", "swing", "base"]
    )
    order = np.argsort(-np.abs(df["swing"].to_numpy()), kind="stable")
    df = df.iloc[order].reset_index(drop=True)
    df.attrs.update(
        {"option": option, "metric": metric, "stat": stat, "baseline": baseline,
         "n_paths": int(n_paths), "low": lo_q, "high": hi_q, "others": others,
         "seed": _seed_attr(root), "swing_se": se}
    )
    return df


# ---------------------------------------------------------------------------- one run


@renamed(versus="baseline")
def input_importance(
    result: Result,
    option: str,
    metric: str = "npv_cost",
    *,
    baseline: str | None = None,
    inputs: Sequence[str] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Rank correlation and contribution to variance of each input, from one run.

    Parameters
    ----------
    result
        A simulation result (its per-path input draws and outputs are used; nothing
        is simulated).
    option
        Option whose ``metric`` is examined.
    metric
        Per-path output.
    baseline
        If given, the paired saving against it (``baseline - option`` for a cost,
        positive = cheaper; ``option - baseline`` where higher is better). ``versus=``
        is the deprecated old name.
    inputs
        Inputs to include (default: those relevant to the option(s)).
    level
        Confidence level of the rank-correlation interval.

    Returns
    -------
    DataFrame
        Sorted by ``abs(spearman)``: ``input``, ``spearman``, ``ci_low``, ``ci_high``,
        ``contribution`` (``rho^2 / sum rho^2``), ``srrc`` (standardized
        rank-regression coefficient). ``attrs["r2_rank"]`` is the R^2 of the rank
        regression: how much of the rank variance a monotone additive model explains.

    Notes
    -----
    The interval uses Fisher's z with the standard error ``sqrt(1.06 / (n - 3))`` of
    Fieller, Hartley and Pearson (1957) for Spearman's rho. The contribution to
    variance is the normalization of squared rank correlations used by spreadsheet
    risk tools; it is a screening measure, not a variance decomposition (use
    :func:`sobol_indices` for that).

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> imp = input_importance(res, "offshore")
    >>> bool(abs(imp["contribution"].sum() - 1) < 1e-9)
    True
    """
    opts = _options(result.scenario, option, baseline)
    if not 0 < level < 1:
        raise ValueError(f"level = {level} is outside the allowed range (0, 1)")
    names = _check_inputs(result.scenario, inputs, relevant_inputs(result.scenario, opts))
    y = _response(result, metric, option, baseline)
    n = y.size
    if n < 5:
        raise ValueError(f"input_importance needs at least 5 paths, the result has {n}")
    x = np.stack([result.inputs[p] for p in names], axis=1)
    keep = x.std(axis=0) > 0
    names = [p for p, k in zip(names, keep, strict=True) if k]
    x = x[:, keep]
    rx = stats.rankdata(x, axis=0)
    ry = stats.rankdata(y)
    if np.std(ry) == 0:
        rho = np.zeros(len(names))
    else:
        rho = np.array([np.corrcoef(rx[:, j], ry)[0, 1] for j in range(len(names))])
    z = np.arctanh(np.clip(rho, -0.999999, 0.999999))
    h = stats.norm.ppf(0.5 + level / 2) * math.sqrt(1.06 / (n - 3))
    ss = float(np.sum(rho**2))
    contrib = rho**2 / ss if ss > 0 else np.zeros_like(rho)
    # standardized rank regression
    zx = (rx - rx.mean(axis=0)) / rx.std(axis=0)
    zy = (ry - ry.mean()) / (ry.std() if ry.std() > 0 else 1.0)
    coef, *_ = np.linalg.lstsq(zx, zy, rcond=None)
    r2 = float(1.0 - np.sum((zy - zx @ coef) ** 2) / max(np.sum(zy**2), 1e-300))
    df = pd.DataFrame(
        {"input": names, "spearman": rho, "ci_low": np.tanh(z - h), "ci_high": np.tanh(z + h),
         "contribution": contrib, "srrc": coef}
    )
    order = np.argsort(-np.abs(rho), kind="stable")
    df = df.iloc[order].reset_index(drop=True)
    df.attrs.update({"option": option, "metric": metric, "baseline": baseline, "n_paths": n,
                     "r2_rank": r2, "level": level})
    return df


# ---------------------------------------------------------------------------- Sobol


def _salib() -> Any:
    try:
        from SALib.analyze import sobol as sobol_analyze_mod
        from SALib.sample import sobol as sobol_sample_mod
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "Sobol and delta indices need SALib: pip install 'ccsim[sensitivity]'"
        ) from e
    return sobol_sample_mod, sobol_analyze_mod


def _int_seed(seed: Any) -> int:
    """A positive int seed for SALib (which treats 0 as "no seed"), from a SPEC 7 seed."""
    root = seed if isinstance(seed, SeedRoot) else resolve_seed(seed)
    ss = np.random.SeedSequence(root.entropy, spawn_key=root.spawn_key)
    return int(np.random.default_rng(ss).integers(1, 2**31 - 1))


def _check_n_base(n_base: Any) -> int:
    n = check_int("n_base", n_base, lo=1)
    if n < 16 or n & (n - 1):
        raise ValueError(f"n_base = {n} must be a power of 2 >= 16 (Sobol' balance)")
    return n


def _group_labels(
    names: Sequence[str], groups: str | Mapping[str, Sequence[str]] | None
) -> list[str]:
    if groups is None:
        return list(names)
    if groups == "part":
        out = []
        for p in names:
            parts = p.split(".")
            out.append(".".join(parts[:2]) if len(parts) > 2 else parts[0])
        return out
    if isinstance(groups, str) or not isinstance(groups, Mapping):
        raise ValueError(f"groups = {groups!r}; expected None, 'part' or a mapping")
    label: dict[str, str] = {}
    for g, members in groups.items():
        for p in members:
            if p in label:
                raise ValueError(f"groups: {p!r} is in both {label[p]!r} and {g!r}")
            label[p] = str(g)
    missing = [p for p in names if p not in label]
    if missing:
        raise ValueError(f"groups: inputs {missing} are in no group")
    return [label[p] for p in names]


def _saltelli(
    names: Sequence[str],
    labels: Sequence[str],
    evaluate: Callable[[F, int], F],
    *,
    n_base: int,
    seed: Any,
    num_resamples: int,
    level: float,
    correlate: Callable[[F], F] | None = None,
) -> pd.DataFrame:
    """Saltelli design over uniforms, evaluated per matrix, analysed by SALib."""
    ss, sa = _salib()
    grouped = list(labels) != list(names)
    out_names = list(dict.fromkeys(labels)) if grouped else list(names)
    names, labels = list(names), list(labels)
    # SALib treats a single group as no grouping: add an unused dummy input in its own
    # group (one more design matrix) and drop its row from the answer
    dummy = grouped and len(out_names) == 1
    if dummy:
        names.append("__dummy__")
        labels.append("__dummy__")
    k = len(names)
    problem: dict[str, Any] = {"num_vars": k, "names": names, "bounds": [[0.0, 1.0]] * k}
    if grouped:
        problem["groups"] = labels
    n_groups = len(dict.fromkeys(labels))
    s = _int_seed(seed)
    u = np.asarray(ss.sample(problem, n_base, calc_second_order=False, seed=s), dtype=np.float64)
    u = np.clip(u, _EPS, 1.0 - _EPS)
    if correlate is not None:
        u = correlate(u)
    step = n_groups + 2
    y = np.empty(u.shape[0])
    if u.shape[0] != step * n_base:  # pragma: no cover - guards SALib's layout
        raise RuntimeError(f"unexpected Saltelli design of {u.shape[0]} rows")
    cols = u[:, :-1] if dummy else u
    for r in range(step):
        y[r::step] = evaluate(cols[r::step], r)
    if not np.all(np.isfinite(y)):
        raise ValueError("the model returned non-finite values; Sobol indices are undefined")
    if np.var(y) == 0:
        raise ValueError("the output does not vary: Sobol indices are undefined")
    res = sa.analyze(problem, y, calc_second_order=False, num_resamples=num_resamples,
                     conf_level=level, seed=s)
    m = len(out_names)
    return pd.DataFrame(
        {"input": out_names, "S1": res["S1"][:m], "S1_conf": res["S1_conf"][:m],
         "ST": res["ST"][:m], "ST_conf": res["ST_conf"][:m]}
    )


def sobol_analyze(
    func: Callable[[dict[str, F]], Any],
    inputs: Mapping[str, Distribution],
    *,
    n_base: int = 1024,
    seed: Any = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    num_resamples: int = 100,
    level: float = 0.95,
) -> pd.DataFrame:
    """First and total Sobol' indices of a vectorized function of independent inputs.

    Parameters
    ----------
    func
        ``func({name: (m,) array}) -> (m,) array``.
    inputs
        ``{name: distribution}`` (any :mod:`ccsim.dist` distribution).
    n_base
        Base sample size (power of 2); ``func`` is evaluated on
        ``n_base * (k + 2)`` points.
    seed
        Seed of the design and of the bootstrap.
    groups
        ``{group: [names]}`` for grouped indices.
    num_resamples
        Bootstrap resamples for the confidence intervals.
    level
        Confidence level of ``S1_conf`` and ``ST_conf`` (half-widths).

    Returns
    -------
    DataFrame
        ``input`` (or group), ``S1``, ``S1_conf``, ``ST``, ``ST_conf``.

    Notes
    -----
    Scrambled Sobol' design and the estimators of Saltelli et al. (2010) [1]_ as
    implemented in SALib [4]_; the design's uniforms are mapped through each input's
    quantile function.

    Examples
    --------
    The Ishigami function [5]_ (``a = 7``, ``b = 0.1``), whose exact indices are
    ``S1 = (0.314, 0.442, 0)`` and ``ST = (0.558, 0.442, 0.244)``:

    >>> import numpy as np
    >>> from ccsim.dist import Uniform
    >>> def ishigami(x):
    ...     return (np.sin(x["x1"]) + 7 * np.sin(x["x2"]) ** 2
    ...             + 0.1 * x["x3"] ** 4 * np.sin(x["x1"]))
    >>> d = {f"x{i}": Uniform(-np.pi, np.pi) for i in (1, 2, 3)}
    >>> s = sobol_analyze(ishigami, d, n_base=4096, seed=1)
    >>> np.round(s["ST"].to_numpy(), 1)
    array([0.6, 0.4, 0.2])
    """
    n_base = _check_n_base(n_base)
    names = list(inputs)
    if not names:
        raise ValueError("inputs must hold at least one distribution")
    labels = _group_labels(names, groups)

    def evaluate(u: F, r: int) -> F:
        x = {p: np.asarray(inputs[p].ppf(u[:, j]), dtype=np.float64) for j, p in enumerate(names)}
        return np.asarray(func(x), dtype=np.float64).reshape(-1)

    return _saltelli(names, labels, evaluate, n_base=n_base, seed=seed,
                     num_resamples=num_resamples, level=level)


#: Default base size of :func:`sobol_indices`.
SOBOL_N_BASE = 8192

#: Largest half-width (``S1_conf``, ``ST_conf``) of a Sobol' index accepted without warning.
SOBOL_MAX_CONF = 0.1


@renamed(versus="baseline")
def sobol_indices(
    scenario: Scenario,
    option: str,
    metric: str = "npv_cost",
    *,
    baseline: str | None = None,
    inputs: Sequence[str] | None = None,
    groups: str | Mapping[str, Sequence[str]] | None = None,
    n_base: int = SOBOL_N_BASE,
    seed: Any = None,
    num_resamples: int = 100,
    level: float = 0.95,
) -> pd.DataFrame:
    """Sobol' first-order and total indices of the mean of a metric, by simulation.

    Parameters
    ----------
    scenario
        The scenario.
    option
        Option whose ``metric`` is examined.
    metric
        Per-path output.
    baseline
        If given, the paired saving against it (``baseline - option`` for a cost,
        positive = cheaper; ``option - baseline`` where higher is better). ``versus=``
        is the deprecated old name.
    inputs
        Inputs to analyse (default: those relevant to the option(s)); the others keep
        their usual draws and count with the process noise.
    groups
        ``None`` (one index per input), ``"part"`` (by scenario part, e.g.
        ``"demand"``, ``"offshore.quality"``) or ``{group: [inputs]}``.
    n_base
        Base sample size (power of 2 >= 16); ``n_base * (groups + 2)`` paths are
        simulated, in ``groups + 2`` runs of ``n_base`` paths on the same seed. The
        default, 8192, is sized so that the default scenario's groups (``groups="part"``,
        option ``"offshore"``) get intervals of at most about +/-0.1: the widest
        group's half-width measured +/-0.32 at 256, +/-0.14 at 1024 and 2048, +/-0.07
        at 8192 (about 70 s on one core). Wider intervals are warned about.
    seed
        Anything :func:`numpy.random.default_rng` accepts (SPEC 7), resolved once: the
        seed of every run, of the design and of the bootstrap (``attrs["seed"]``
        repeats it).
    num_resamples
        Bootstrap resamples for the confidence intervals.
    level
        Confidence level of ``S1_conf`` / ``ST_conf`` (half-widths).

    Returns
    -------
    DataFrame
        ``input`` (or group), ``S1``, ``S1_conf``, ``ST``, ``ST_conf``, sorted by ``ST``.

    Raises
    ------
    ValueError
        If two analysed inputs are correlated but not in the same group (Saltelli's
        estimators need independent groups; use ``groups`` or :func:`delta_indices`).

    Warns
    -----
    ccsim.estimators.IntervalWarning
        When an index's interval half-width (``S1_conf`` / ``ST_conf``) exceeds 0.1,
        with the ``n_base`` that should narrow it.

    Notes
    -----
    Row ``j`` of each of the ``groups + 2`` design matrices is simulated as path
    ``j``, so all rows of a base sample share the same process noise (the monthly
    randomness not in ``inputs``). The noise is then part of the complement of every
    group, so a group's **first-order index includes its interaction with the process
    noise** (``S1`` measures ``Var(E[Y | group, noise]) - Var(E[Y | noise])`` in the
    noise-conditional sense, not the effect averaged over the noise); the total index
    counts every interaction of the group, including with the noise. ``S1`` and
    ``ST`` are each estimated with a bootstrap error, so ``S1 > ST`` within the
    intervals is sampling error. Within a group, correlations of the scenario are
    imposed on the design by a Gaussian copula, row by row.

    Examples
    --------
    >>> import warnings
    >>> import ccsim
    >>> with warnings.catch_warnings():  # n_base=16 is far too small: wide intervals
    ...     warnings.simplefilter("ignore")
    ...     s = sobol_indices(ccsim.default_scenario(), "offshore", groups="part", n_base=16,
    ...                       seed=0,
    ...                       inputs=["offshore.staffing.price_per_hour", "demand.base_volume"])
    >>> sorted(s["input"])
    ['demand', 'offshore.staffing']
    """
    from ccsim.run.simulate import simulate

    opts = _options(scenario, option, baseline)
    n_base = _check_n_base(n_base)
    sc = _reduce(scenario, opts)
    names = _check_inputs(sc, inputs, relevant_inputs(sc, opts))
    labels = _group_labels(names, groups)
    lab = dict(zip(names, labels, strict=True))
    corr_names, c = correlation_matrix(sc)
    correlate = None
    blocks: list[tuple[list[int], F]] = []
    for a, b, _ in sc.correlations:
        if a in lab and b in lab and lab[a] != lab[b]:
            raise ValueError(
                f"inputs {a!r} and {b!r} are correlated but in different groups "
                f"({lab[a]!r}, {lab[b]!r}); Sobol indices need independent groups: put them "
                f"in one group or use delta_indices"
            )
    for g in dict.fromkeys(labels):
        members = [p for p in names if lab[p] == g and p in corr_names]
        if len(members) > 1:
            sub = [corr_names.index(p) for p in members]
            cg = 2.0 * np.sin(np.pi * c[np.ix_(sub, sub)] / 6.0)
            np.fill_diagonal(cg, 1.0)
            w, v = np.linalg.eigh(cg)
            blocks.append(([names.index(p) for p in members], v * np.sqrt(np.maximum(w, 0.0))))
    if blocks:

        def correlate(u: F) -> F:
            u = u.copy()
            for cols, root in blocks:
                z = special.ndtri(u[:, cols]) @ root.T
                u[:, cols] = np.clip(special.ndtr(z), _EPS, 1.0 - _EPS)
            return u

    root = resolve_seed(seed)

    def evaluate(u: F, r: int) -> F:
        design = InputDesign({p: u[:, j] for j, p in enumerate(names)})
        res = simulate(sc, n_base, seed=root, keep_monthly=False, progress=False, sampler=design)
        return _response(res, metric, option, baseline)

    df = _saltelli(names, labels, evaluate, n_base=n_base, seed=root,
                   num_resamples=num_resamples, level=level, correlate=correlate)
    df = df.sort_values("ST", ascending=False, kind="stable").reset_index(drop=True)
    df.attrs.update({"option": option, "metric": metric, "baseline": baseline, "n_base": n_base,
                     "n_paths": n_base * (len(dict.fromkeys(labels)) + 2), "level": level,
                     "seed": _seed_attr(root)})
    _warn_wide(df, n_base, level)
    return df


def _warn_wide(df: pd.DataFrame, n_base: int, level: float) -> None:
    """Warn when an index's interval half-width exceeds :data:`SOBOL_MAX_CONF`."""
    conf = df[["S1_conf", "ST_conf"]].to_numpy(dtype=np.float64)
    widest = float(np.nanmax(conf)) if conf.size else 0.0
    if widest > SOBOL_MAX_CONF:
        need = n_base * (widest / SOBOL_MAX_CONF) ** 2
        suggest = 1 << max(4, math.ceil(math.log2(need)))
        warnings.warn(
            f"Sobol' indices at n_base = {n_base}: the widest {100 * level:g}% interval is "
            f"+/-{widest:.2f} (more than +/-{SOBOL_MAX_CONF}); intervals shrink as "
            f"1/sqrt(n_base): n_base = {suggest} should bring them under +/-{SOBOL_MAX_CONF}",
            IntervalWarning,
            stacklevel=3,
        )


# ---------------------------------------------------------------------------- delta


@renamed(versus="baseline")
def delta_indices(
    result: Result,
    option: str,
    metric: str = "npv_cost",
    *,
    baseline: str | None = None,
    inputs: Sequence[str] | None = None,
    num_resamples: int = 20,
    seed: Any = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Borgonovo's delta and first-order indices from one run (valid with correlations).

    Parameters
    ----------
    result
        A simulation result (its per-path inputs and outputs; nothing is simulated).
    option
        Option whose ``metric`` is examined.
    metric
        Per-path output.
    baseline
        If given, the paired saving against it (``baseline - option`` for a cost,
        positive = cheaper; ``option - baseline`` where higher is better). ``versus=``
        is the deprecated old name.
    inputs
        Inputs to include (default: those relevant to the option(s)).
    num_resamples
        Bootstrap resamples for the confidence intervals.
    seed
        Seed of the bootstrap.
    level
        Confidence level of ``delta_conf`` / ``S1_conf`` (half-widths).

    Returns
    -------
    DataFrame
        ``input``, ``delta``, ``delta_conf``, ``S1``, ``S1_conf``, sorted by ``delta``.
        ``attrs["notes"]`` keeps SALib's advisory messages.

    Notes
    -----
    SALib's given-data estimators [3]_ (``delta_raw`` and the binned first-order
    index). ``delta`` is in [0, 1] and carries a positive small-sample bias (about
    0.02-0.05 at 1,000 paths for an input without effect): compare inputs with each
    other, not with 0. SALib's global side effects (it seeds NumPy's legacy global
    generator and changes the warning filters) are undone after the call.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> d = delta_indices(res, "offshore", num_resamples=5,
    ...                   inputs=["offshore.staffing.price_per_hour", "demand.base_volume"])
    >>> d.columns.tolist()
    ['input', 'delta', 'delta_conf', 'S1', 'S1_conf']
    """
    try:
        from SALib.analyze import delta as delta_mod
    except ImportError as e:  # pragma: no cover
        raise ImportError("delta indices need SALib: pip install 'ccsim[sensitivity]'") from e
    opts = _options(result.scenario, option, baseline)
    names = _check_inputs(result.scenario, inputs, relevant_inputs(result.scenario, opts))
    y = _response(result, metric, option, baseline)
    x = np.stack([result.inputs[p] for p in names], axis=1)
    if y.size < 64:
        raise ValueError(f"delta_indices needs at least 64 paths, the result has {y.size}")
    if np.var(y) == 0:
        raise ValueError("the output does not vary: delta indices are undefined")
    problem = {"num_vars": len(names), "names": names,
               "bounds": [[float(x[:, j].min()), float(x[:, j].max())] for j in range(len(names))]}
    # SALib seeds NumPy's legacy global generator: save and restore it (SPEC 7)
    state = np.random.get_state()  # noqa: NPY002
    fmt = warnings.formatwarning
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = delta_mod.analyze(problem, x, y, num_resamples=num_resamples,
                                    conf_level=level, seed=_int_seed(seed), method="all")
    finally:
        np.random.set_state(state)  # noqa: NPY002
        warnings.formatwarning = fmt
    df = pd.DataFrame(
        {"input": names, "delta": res["delta_raw"], "delta_conf": res["delta_raw_conf"],
         "S1": res["S1"], "S1_conf": res["S1_conf"]}
    )
    df = df.sort_values("delta", ascending=False, kind="stable").reset_index(drop=True)
    df.attrs.update({"option": option, "metric": metric, "baseline": baseline,
                     "n_paths": int(y.size), "level": level,
                     "notes": [str(w.message) for w in caught]})
    return df
