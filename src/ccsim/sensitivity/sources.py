"""Where the uncertainty comes from: the share of an option's spread (or of its paired
saving) owed to each group of inputs, by kind and topic, and to random noise.

The inputs are grouped by their kind (:func:`ccsim.assumptions.input_kind`: a measured
*fact* of the centre, a *future*, or a *judgement*) and by topic (customer value,
demand, wages and prices, vendor performance, breaches...); every measured fact of the
centre forms one group. What no drawn input explains (the monthly demand shocks, breach
events, per-month noise of the simulation) is the noise group.

Estimator
---------
From one run's kept paths, nothing re-simulated. For a group ``G`` of inputs, its
first-order index ``S_G = Var(E[Y | X_G]) / Var(Y)`` is estimated by the adjusted R^2
of an additive regression of ``Y`` on the group's inputs, each through a piecewise-linear
curve (a linear term and hinges at its quartiles). The noise share is one minus the
adjusted R^2 of the same additive regression on every input at once. Adjusted R^2
(residual variance over ``n - p - 1`` degrees of freedom) removes the in-sample
optimism of a fit with ``p`` coefficients.

For independent groups and a response additive across groups these raw shares sum to
one; their sum's deviation from one is reported (``attrs["raw_sum"]``): interactions
between groups and the regression's error. The shares shown are the raw shares divided
by their sum. Interactions between inputs that no additive curve captures count as
noise, so the noise share is an upper bound on the truly random part.

Error: a percentile bootstrap over paths (``n_resamples`` resamples, the fitted curves
held fixed, so the refitting error of order ``p / n`` is left out) gives each share's
interval and the raw sum's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ccsim._checks import check_int
from ccsim.assumptions import input_kind
from ccsim.conventions import SeedLike, as_seed_sequence
from ccsim.format import fmt_pct, option_label
from ccsim.scenario import Scenario
from ccsim.sensitivity._common import _options, _response, relevant_inputs
from ccsim.stats.tables import TableResult

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = ["NOISE", "UncertaintySources", "source_of", "uncertainty_sources",
           "variance_shares"]

F = NDArray[np.float64]

#: Name and kind of the group of what no drawn input explains.
NOISE = "random month-to-month noise"
_FACTS = "your centre's measured facts"
#: Option inputs (after ``<option>.``) that are prices and wages.
_PRICES = {"price_per_hour", "escalator_annual", "wage_inflation_annual", "cola_share",
           "fx_drift_annual", "fx_sd_annual"}
#: In-house inputs (after ``staff.``) that are prices and wages.
_STAFF_PRICES = {"hourly_cost", "benefits_load", "cost_per_hire", "seat_cost_annual",
                 "licence_per_seat_month", "manager_hourly_cost", "wage_inflation_annual"}
_MIN_PATHS = 50
#: Quantiles of an input where its curve may bend.
_KNOTS = (0.05, 0.25, 0.5, 0.75, 0.95)


def source_of(scenario: Scenario, path: str) -> tuple[str, str]:
    """``(topic, kind)`` of the input at dotted ``path``: the group it counts in.

    Every fact of the centre counts in one group, whatever its topic.

    Examples
    --------
    >>> import ccsim
    >>> sc = ccsim.default_scenario()
    >>> source_of(sc, "customers.annual_margin")
    ('customer value', 'judgement')
    >>> source_of(sc, "offshore.staffing.price_per_hour")
    ('wages and prices', 'future')
    >>> source_of(sc, "service.aht_s")
    ("your centre's measured facts", 'fact')
    """
    kind = input_kind(scenario, path)
    if kind == "fact":
        return _FACTS, kind
    head, _, rest = path.partition(".")
    field = path.rsplit(".", 1)[-1]
    if head in scenario.option_names:
        group = rest.split(".")[0]
        if field in _PRICES:
            topic = "wages and prices"
        elif field == "breach_multiplier":
            topic = "breaches"
        elif group in ("contract", "setup"):
            topic = "contract and transition"
        else:
            topic = "vendor performance"
    elif head in ("customers", "satisfaction"):
        topic = "customer value"
    elif head == "breach":
        topic = "breaches"
    elif head in ("demand", "service"):
        topic = "demand and service"
    elif head == "finance":
        topic = "the discount rate" if "discount" in field else "wages and prices"
    elif head == "staff":
        topic = "wages and prices" if field in _STAFF_PRICES else "in-house workforce"
    else:
        topic = head.replace("_", " ")
    return topic, kind


def _label(topic: str, kind: str) -> str:
    return NOISE if kind == "noise" else f"{topic} ({kind})"


def _phrase(topic: str, kind: str) -> str:
    """How a board reads the group: "our judgement of customer value"."""
    if kind == "noise":
        return NOISE
    if kind == "fact":
        return "the measurement error of your centre's facts"
    if kind == "judgement":
        return f"our judgement of {topic}"
    return f"the future of {topic}"


# ---------------------------------------------------------------------------- estimator


def _curve(x: F) -> list[F]:
    """Piecewise-linear basis of one input: the input and hinges at its quartiles,
    standardized; constant columns dropped."""
    cols = [x]
    lo, hi = float(x.min()), float(x.max())
    for k in np.unique(np.quantile(x, _KNOTS)):
        if lo < k < hi:
            cols.append(np.maximum(x - k, 0.0))
    out = []
    for c in cols:
        sd = float(c.std())
        if sd > 0:
            out.append((c - c.mean()) / sd)
    return out


def _fit(y: F, cols: Sequence[F]) -> tuple[F, int]:
    """Least-squares fitted values of ``y`` on an intercept and ``cols``, and the
    number of coefficients beyond the intercept (the rank)."""
    if not cols:
        return np.full_like(y, y.mean()), 0
    x = np.column_stack(cols)
    coef, _, rank, _ = np.linalg.lstsq(x, y - y.mean(), rcond=None)
    return y.mean() + x @ coef, int(rank)


def _adjusted(resid2: F, y: F, p: int, idx: NDArray[np.intp] | None = None) -> F:
    """Adjusted R^2 from squared residuals (rows of ``idx``: bootstrap resamples)."""
    n = y.size
    dof = max(n - p - 1, 1)
    if idx is None:
        return np.asarray(1.0 - (resid2.sum() / dof) / y.var(ddof=1))
    yb = y[idx]
    return np.asarray(1.0 - (resid2[idx].sum(axis=-1) / dof) / yb.var(axis=-1, ddof=1))


def variance_shares(
    y: Any,
    x: Any,
    groups: Sequence[str],
    *,
    n_resamples: int = 500,
    level: float = 0.95,
    seed: SeedLike = 0,
) -> pd.DataFrame:
    """Share of the variance of ``y`` owed to each group of the columns of ``x``, and to
    what none explains (see the module's notes on the estimator).

    Parameters
    ----------
    y
        Response, shape ``(n,)``.
    x
        Inputs, shape ``(n, k)``.
    groups
        Group label of each column of ``x`` (``k`` labels).
    n_resamples
        Bootstrap resamples of the intervals (0: none, the interval is the estimate).
    level
        Confidence level of the intervals.
    seed
        Seed of the bootstrap.

    Returns
    -------
    DataFrame
        Indexed by group (in order of first appearance) and ``"noise"`` last, with
        ``first_order`` (the raw estimate: adjusted R^2 of the group's additive fit;
        for noise, one minus that of the joint fit), ``share`` (the raw estimates over
        their sum), ``ci_low``, ``ci_high`` and ``n_inputs``; ``attrs`` hold ``raw_sum``
        with its interval (``raw_sum_low``, ``raw_sum_high``).

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> x = rng.normal(size=(4000, 2))
    >>> y = 2 * x[:, 0] + x[:, 1] + rng.normal(size=4000)   # shares 4/6, 1/6, 1/6
    >>> t = variance_shares(y, x, ["a", "b"], n_resamples=0)
    >>> [round(v, 2) for v in t["share"]]   # this sample's b varies a little less
    [0.67, 0.16, 0.17]
    """
    y = np.asarray(y, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if y.ndim != 1 or x.ndim != 2 or x.shape[0] != y.size or x.shape[1] != len(groups):
        raise ValueError(f"y must be (n,) and x (n, k) with k = len(groups); got y "
                         f"{y.shape}, x {x.shape}, {len(groups)} groups")
    n = y.size
    if n < _MIN_PATHS:
        raise ValueError(f"uncertainty sources need at least {_MIN_PATHS} paths, got {n}")
    if not np.all(np.isfinite(y)) or not np.all(np.isfinite(x)):
        raise ValueError("y and x must be finite")
    n_resamples = check_int("n_resamples", n_resamples, lo=0)
    if not 0 < level < 1:
        raise ValueError(f"level = {level} is outside the allowed range (0, 1)")
    if float(y.var()) <= 0:
        raise ValueError("the response does not vary across paths: it has no spread to "
                         "attribute")
    names = list(dict.fromkeys(groups))
    basis = {g: [c for j in range(x.shape[1]) if groups[j] == g for c in _curve(x[:, j])]
             for g in names}
    resid2: list[F] = []
    ranks: list[int] = []
    for g in names:
        fit, p = _fit(y, basis[g])
        resid2.append((y - fit) ** 2)
        ranks.append(p)
    fit_all, p_all = _fit(y, [c for g in names for c in basis[g]])
    r_all = (y - fit_all) ** 2
    raw = np.array([*(float(_adjusted(r, y, p)) for r, p in zip(resid2, ranks, strict=True)),
                    1.0 - float(_adjusted(r_all, y, p_all))])
    raw = np.clip(raw, 0.0, None)
    total = float(raw.sum())
    share = raw / total
    lo, hi = share.copy(), share.copy()
    s_lo = s_hi = total
    if n_resamples:
        rng = np.random.default_rng(as_seed_sequence(seed))
        b_raw = np.empty((n_resamples, raw.size))
        chunk = max(1, 2_000_000 // n)
        for s in range(0, n_resamples, chunk):
            idx = rng.integers(0, n, size=(min(chunk, n_resamples - s), n))
            for j, (r, p) in enumerate(zip(resid2, ranks, strict=True)):
                b_raw[s:s + len(idx), j] = _adjusted(r, y, p, idx)
            b_raw[s:s + len(idx), -1] = 1.0 - _adjusted(r_all, y, p_all, idx)
        b_raw = np.clip(b_raw, 0.0, None)
        b_tot = b_raw.sum(axis=1)
        b_share = b_raw / b_tot[:, None]
        a = (1 - level) / 2
        lo, hi = np.quantile(b_share, [a, 1 - a], axis=0)
        s_lo, s_hi = (float(v) for v in np.quantile(b_tot, [a, 1 - a]))
    counts = [sum(1 for g in groups if g == name) for name in names]
    df = pd.DataFrame({"first_order": raw, "share": share, "ci_low": lo, "ci_high": hi,
                       "n_inputs": [*counts, 0]}, index=pd.Index([*names, "noise"]))
    df.attrs.update({"raw_sum": total, "raw_sum_low": s_lo, "raw_sum_high": s_hi,
                     "n_paths": n, "n_resamples": n_resamples, "level": level,
                     "n_coefficients": p_all})
    return df


# ---------------------------------------------------------------------------- result


class UncertaintySources(TableResult):
    """Where the uncertainty of an option's cost or saving comes from
    (:func:`uncertainty_sources`): one row per group of inputs and one for noise, with
    ``source``, ``kind``, ``share``, ``ci_low``, ``ci_high``, ``first_order``,
    ``n_inputs`` (shares sum to 1; ``attrs["raw_sum"]`` is the sum before it was made 1).
    """

    @property
    def what(self) -> str:
        """What is examined: ``"nearshore's saving"``, ``"offshore's cost"``."""
        a = self.table.attrs
        who = option_label(str(a.get("option")))
        metric = str(a.get("metric", "npv_cost"))
        noun = "saving" if a.get("baseline") else ("cost" if "cost" in metric else metric)
        return f"{who}'s {noun}"

    @property
    def sentence(self) -> str:
        """The biggest source as a sentence a board reads: "62% of the uncertainty in
        Nearshore's saving is our judgement of customer value"."""
        top = self.table.iloc[0]
        return (f"{fmt_pct(float(top['share']))} of the uncertainty in {self.what} is "
                f"{_phrase(str(top['topic']), str(top['kind']))}")

    def _head(self) -> str:
        a = self.table.attrs
        vs = f" vs {option_label(str(a['baseline']))}" if a.get("baseline") else ""
        return (f"Uncertainty sources of {option_label(str(a.get('option')))}{vs} on "
                f"{a.get('metric')}, {int(a.get('n_paths', 0)):,} paths (raw shares sum to "
                f"{float(a.get('raw_sum', 1.0)):.2f} before scaling to 1): {self.sentence}")


def uncertainty_sources(
    result: Result,
    option: str,
    baseline: str | None = None,
    *,
    metric: str = "npv_cost",
    n_resamples: int = 500,
    level: float = 0.95,
    seed: SeedLike = None,
) -> UncertaintySources:
    """The share of the spread of ``option``'s ``metric`` (or of its paired saving
    against ``baseline``) that comes from each group of inputs, from one run.

    Parameters
    ----------
    result
        A simulation result that kept its paths (nothing is simulated).
    option
        The option examined.
    baseline
        If given, the paired saving against it (positive = the option is better).
    metric
        Per-path output (default the total cost, ``npv_cost``).
    n_resamples
        Bootstrap resamples of the intervals (0: none).
    level
        Confidence level of the intervals.
    seed
        Seed of the bootstrap; ``None`` derives it from the result's seed, so the same
        result gives the same table.

    Returns
    -------
    UncertaintySources
        ``.frame()``: one row per group of inputs (topic and kind, e.g. ``customer value
        (judgement)``, every fact of the centre in ``your centre's measured facts
        (fact)``) and one for ``random month-to-month noise`` (kind ``noise``), largest
        share first, with ``source``, ``kind``, ``topic``, ``share``, ``ci_low``,
        ``ci_high``, ``first_order`` (the raw estimate) and ``n_inputs``.

    Notes
    -----
    The estimator and its error are described in :mod:`ccsim.sensitivity.sources`:
    grouped first-order indices as the adjusted R^2 of additive piecewise-linear fits,
    noise as the joint fit's unexplained variance, normalized to sum to 1; the raw sum
    and its bootstrap interval say how far from 1 they were.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=512, seed=1)
    >>> src = res.uncertainty_sources("nearshore", "in_house", n_resamples=0)
    >>> round(float(src.frame()["share"].sum()), 9)
    1.0
    """
    opts = _options(result.scenario, option, baseline)
    y = _response(result, metric, option, baseline)
    sc = result.scenario
    names = [p for p in relevant_inputs(sc, opts)
             if p in result.inputs and float(np.ptp(result.inputs[p])) > 0]
    pairs = [source_of(sc, p) for p in names]
    labels = [_label(t, k) for t, k in pairs]
    x = (np.stack([result.inputs[p] for p in names], axis=1) if names
         else np.empty((y.size, 0)))
    if seed is None:
        root = result.seed
        seed = np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, 0x50C))
    t = variance_shares(y, x, labels, n_resamples=n_resamples, level=level, seed=seed)
    meta = {lab: pair for lab, pair in zip(labels, pairs, strict=True)}
    meta["noise"] = (NOISE, "noise")
    t.insert(0, "topic", [meta[g][0] for g in t.index])
    t.insert(0, "kind", [meta[g][1] for g in t.index])
    t.insert(0, "source", [_label(*meta[g]) for g in t.index])
    t = t.sort_values("share", ascending=False, kind="stable").reset_index(drop=True)
    t.attrs.update({"option": option, "baseline": baseline, "metric": metric,
                    "estimator": "adjusted R^2 of additive piecewise-linear fits per group; "
                                 "noise = 1 - adjusted R^2 of the joint fit; normalized"})
    return UncertaintySources(t)
