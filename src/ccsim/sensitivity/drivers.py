"""One-at-a-time swings (the tornado) and one-run input importance: what drives an
option's cost or saving, read by a board. See :mod:`ccsim.sensitivity` for when to use
which method."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from ccsim._compat import renamed
from ccsim.analysis import parse_stat
from ccsim.sampling.streams import resolve_seed
from ccsim.scenario import Scenario
from ccsim.sensitivity._common import (
    F,
    _check_inputs,
    _check_prob,
    _fixed_value,
    _options,
    _point,
    _reduce,
    _response,
    _seed_attr,
    relevant_inputs,
)

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = ["input_importance", "tornado"]


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
