"""One-at-a-time swings (the tornado) and one-run input importance: what drives an
option's cost or saving, read by a board. See :mod:`ccsim.sensitivity` for when to use
which method."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import stats

from ccsim.conventions import SeedLike, renamed
from ccsim.decide.analysis import parse_stat
from ccsim.decide.verdict import spearman_interval
from ccsim.format import fmt_value
from ccsim.run.simulate import simulate
from ccsim.sampling.streams import SeedRoot, StreamCache, resolve_seed
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
from ccsim.stats.tables import Importance, metric_kind

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = ["TORNADO_COLUMNS", "Tornado", "input_importance", "tornado"]

#: Columns of a tornado table (:attr:`Tornado.table`, ``Tornado.frame()``).
TORNADO_COLUMNS = ("input", "low_value", "high_value", "stat_low", "stat_high", "swing", "base")


@dataclass(frozen=True, eq=False)
class Tornado:
    """One-at-a-time swings of uncertain inputs: the result of :func:`tornado`.

    Attributes
    ----------
    table : DataFrame
        One row per input, sorted by ``abs(swing)`` descending, columns
        :data:`TORNADO_COLUMNS`: ``input``, ``low_value``, ``high_value``, ``stat_low``,
        ``stat_high``, ``swing`` (``stat_high - stat_low``), ``base``.
    option, metric, stat : str
        What was examined: ``stat`` of ``metric`` for ``option``.
    baseline : str or None
        If set, the table is of the paired saving against it (positive = better).
    n_paths : int
        Paths per run.
    low, high : float
        Quantiles of each input for its low and high runs.
    others : str
        ``"median"`` or ``"uncertain"`` (see :func:`tornado`).
    seed : SeedRoot
        The seed of every run: ``tornado(..., seed=t.seed)`` repeats the analysis.
    swing_se : dict of str to float
        Standard error of each input's swing.
    """

    table: pd.DataFrame
    option: str
    metric: str
    stat: str
    baseline: str | None
    n_paths: int
    low: float
    high: float
    others: str
    seed: SeedRoot
    swing_se: dict[str, float] = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        """The tornado table (a copy), with the fields in ``attrs`` (``seed``: the
        entropy, or the seed's repr when it has a spawn key)."""
        df = self.table.copy()
        df.attrs = {"option": self.option, "metric": self.metric, "stat": self.stat,
                    "baseline": self.baseline, "n_paths": self.n_paths, "low": self.low,
                    "high": self.high, "others": self.others, "seed": _seed_attr(self.seed),
                    "swing_se": dict(self.swing_se)}
        return df

    def __len__(self) -> int:
        return len(self.table)

    def _kind(self) -> str:
        return metric_kind(self.metric)

    def _what(self) -> str:
        if self.baseline is not None:
            return (f"{self.stat} saving of {self.option} vs {self.baseline} on {self.metric} "
                    "(positive = better)")
        return f"{self.stat} of {self.metric} for {self.option}"

    def _head(self) -> str:
        return (f"Tornado of the {self._what()}: {len(self.table)} inputs at their "
                f"p{100 * self.low:g} / p{100 * self.high:g}, others at "
                f"{'their medians' if self.others == 'median' else 'their distributions'}, "
                f"{self.n_paths:,} paths per run")

    def __repr__(self) -> str:
        top = 10
        kind = self._kind()
        f = lambda v: fmt_value(kind, float(v), stat="stat")  # noqa: E731
        t = self.table
        lines = [f"<{self._head()}"]
        if len(t):
            lines.append(f"  base {f(t['base'].iloc[0])}")
        rows = [[str(r["input"]), f"{f(r['stat_low'])} to {f(r['stat_high'])}",
                 f"swing {f(r['swing'])} (se {f(self.swing_se.get(str(r['input']), float('nan')))})"]
                for _, r in t.head(top).iterrows()]
        if rows:
            widths = [max(len(r[j]) for r in rows) for j in range(3)]
            lines += ["  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
                      for r in rows]
        if len(t) > top:
            lines.append(f"  ... {len(t) - top} more in .table")
        return "\n".join(lines) + ">"

    def _repr_html_(self) -> str:
        kind = self._kind()
        shown = self.table.copy()
        shown["swing_se"] = [self.swing_se.get(str(p), float("nan")) for p in shown["input"]]
        for c in ("low_value", "high_value"):
            shown[c] = [f"{v:,.0f}" if abs(v) >= 1e4 else f"{v:,.4g}" for v in shown[c]]
        for c in ("stat_low", "stat_high", "swing", "base", "swing_se"):
            shown[c] = [fmt_value(kind, float(v), stat=c) for v in shown[c]]
        return (f"<p>{html.escape(self._head())}</p>"
                + str(shown.to_html(index=False, escape=True)))



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
    seed: SeedLike = None,
    baseline: str | None = None,
    inputs: Sequence[str] | None = None,
    others: str = "median",
    sampler: Any = "mc",
) -> Tornado:
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
        :func:`ccsim.decide.analysis.parse_stat`).
    low, high
        Quantiles of each input's distribution for the low and high runs.
    n_paths
        Paths per run (every run uses the same seed: common random numbers).
    seed
        Anything :func:`numpy.random.default_rng` accepts (SPEC 7); resolved once, so
        every run uses the same seed (common random numbers) and the bootstrap of
        ``swing_se`` draws from a stream derived from it. ``None``: fresh entropy,
        recorded in the result's ``seed``.
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
    Tornado
        ``.table`` (and ``.frame()``): one row per input, sorted by ``abs(swing)``
        descending, columns ``input``, ``low_value``, ``high_value``, ``stat_low``,
        ``stat_high``, ``swing`` (``stat_high - stat_low``), ``base``. Fields:
        ``option``, ``metric``, ``stat``, ``baseline``, ``n_paths``, ``low``, ``high``,
        ``others``, ``seed`` and ``swing_se`` (``{input: standard error of the
        swing}``; for ``stat="mean"`` the paired ``sd(y_high - y_low) / sqrt(n)``,
        otherwise a bootstrap over paired paths). ``.frame().attrs`` holds the same.

    Notes
    -----
    Runs ``2 k + 1`` simulations of ``n_paths`` paths for ``k`` inputs, with only the
    option(s) examined (removing options leaves the others' draws unchanged); their
    random streams are drawn once and reused (a
    :class:`ccsim.sampling.streams.StreamCache`: the same numbers). With
    ``others="uncertain"``, correlations involving the swung input are dropped for its
    runs. Only the examined options are simulated.

    Examples
    --------
    >>> import ccsim
    >>> t = tornado(ccsim.default_scenario(), "offshore", n_paths=256,
    ...             inputs=["offshore.staffing.price_per_hour", "demand.base_volume"])
    >>> t.frame().columns.tolist()
    ['input', 'low_value', 'high_value', 'stat_low', 'stat_high', 'swing', 'base']
    >>> len(t), t.baseline, type(t.seed).__name__
    (2, None, 'SeedRoot')
    """

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
    kept = StreamCache(root)  # every run draws the same streams: drawn once

    def run(s: Scenario) -> F:
        r = simulate(s, n_paths, seed=root, keep_monthly=False, progress=False, sampler=sampler,
                     reuse=kept)
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
    df = pd.DataFrame(rows, columns=list(TORNADO_COLUMNS))
    order = np.argsort(-np.abs(df["swing"].to_numpy()), kind="stable")
    df = df.iloc[order].reset_index(drop=True)
    return Tornado(df, option, metric, stat, baseline, int(n_paths), lo_q, hi_q, others,
                   root, se)


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
) -> Importance:
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
    Importance
        ``.frame()`` is sorted by ``abs(spearman)``: ``input``, ``spearman``, ``ci_low``,
        ``ci_high``, ``contribution`` (``rho^2 / sum rho^2``), ``srrc`` (standardized
        rank-regression coefficient). Its ``attrs["r2_rank"]`` is the R^2 of the rank
        regression: how much of the rank variance a monotone additive model explains.

    Notes
    -----
    The interval is Bonett and Wright's (2000) for Spearman's rho: Fisher's z with the
    standard error ``sqrt((1 + rho^2 / 2) / (n - 3))``, which widens with ``|rho|`` (the
    fixed ``sqrt(1.06 / (n - 3))`` of Fieller, Hartley and Pearson under-covers at large
    ``|rho|``; :func:`ccsim.decide.verdict.spearman_interval`). The contribution to
    variance is the normalization of squared rank correlations used by spreadsheet
    risk tools; it is a screening measure, not a variance decomposition (use
    :func:`sobol_indices` for that).

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> imp = input_importance(res, "offshore")
    >>> bool(abs(imp.frame()["contribution"].sum() - 1) < 1e-9)
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
    lo, hi = spearman_interval(rho, n, level)
    ss = float(np.sum(rho**2))
    contrib = rho**2 / ss if ss > 0 else np.zeros_like(rho)
    # standardized rank regression
    zx = (rx - rx.mean(axis=0)) / rx.std(axis=0)
    zy = (ry - ry.mean()) / (ry.std() if ry.std() > 0 else 1.0)
    coef, *_ = np.linalg.lstsq(zx, zy, rcond=None)
    r2 = float(1.0 - np.sum((zy - zx @ coef) ** 2) / max(np.sum(zy**2), 1e-300))
    df = pd.DataFrame(
        {"input": names, "spearman": rho, "ci_low": lo, "ci_high": hi,
         "contribution": contrib, "srrc": coef}
    )
    order = np.argsort(-np.abs(rho), kind="stable")
    df = df.iloc[order].reset_index(drop=True)
    df.attrs.update({"option": option, "metric": metric, "baseline": baseline, "n_paths": n,
                     "r2_rank": r2, "level": level})
    return Importance(df)
