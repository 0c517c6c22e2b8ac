"""The statistics behind a verdict: three-state appetite tests, probability of being best,
and the break-even of the inputs that could change the decision.

Used by :func:`ccsim.decide.decision.decide`; every function works on arrays of one run
(options on common random numbers, so every comparison is paired path by path).

- :func:`appetite_status`: an appetite test on a share of futures passes, fails or is
  *borderline* when the 95% Wilson score interval of the share contains the limit, with
  the number of paths that would settle it.
- :func:`bootstrap_stats`: the ranking statistic of every option on paired bootstrap
  resamples of the paths; :func:`best_and_margin` turns them into the probability of
  being best and an interval on the margin of the pick over the runner-up.
- :func:`flip_table`: for each judgement input and the top future inputs, the value at
  which the pick and the runner-up break even, by least squares of the paired saving
  on the input's per-path draws, with a paired bootstrap interval.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import stats

from ccsim.assumptions import assumptions_table, input_label, plain_value
from ccsim.conventions import SeedLike, as_seed_sequence
from ccsim.format import fmt_money, fmt_pct, option_label
from ccsim.stats.estimators import MIN_TAIL, IntervalWarning, parse_stat, share_best, wilson

if TYPE_CHECKING:
    from ccsim.decide.decision import Appetite
    from ccsim.result import Result

__all__ = [
    "FLIP_COLUMNS",
    "Margin",
    "Screen",
    "appetite_status",
    "best_and_margin",
    "bootstrap_stats",
    "flip_table",
    "paths_to_settle",
    "rank_statistic",
    "screen",
    "spearman_interval",
]

F = NDArray[np.float64]
_Z95 = 1.959963984540054
_CHUNK = 32  # bootstrap resamples per block (bounds memory at 32 x paths x options)


class Margin(NamedTuple):
    """The pick's lead over the runner-up on the ranking statistic (positive: pick ahead),
    with a 95% paired-bootstrap percentile interval."""

    estimate: float
    ci_low: float
    ci_high: float


# ----------------------------------------------------------------------------- statistics


def rank_statistic(x: F, stat: str) -> F:
    """The ranking statistic of each row of ``x`` (``(option, path)``): mean, pQ or cvarQ."""
    kind, par = parse_stat(stat)
    if kind == "mean":
        return np.asarray(x.mean(axis=1), dtype=np.float64)
    if kind == "quantile":
        return np.asarray(np.quantile(x, par, axis=1), dtype=np.float64)
    if kind == "cvar":
        n = x.shape[1]
        k = max(1, math.ceil((1.0 - par) * n))
        return np.asarray(np.partition(x, n - k, axis=1)[:, n - k:].mean(axis=1),
                          dtype=np.float64)
    raise ValueError(f"rank_by = {stat!r}; expected 'mean', 'pQ' or 'cvarQ'")


def warn_thin_tail(stat: str, n: int) -> None:
    """An :class:`IntervalWarning` when a CVaR ranks on fewer than 100 tail paths."""
    kind, par = parse_stat(stat)
    if kind != "cvar":
        return
    k = max(1, math.ceil((1.0 - par) * n))
    if k < MIN_TAIL:
        need = math.ceil(MIN_TAIL / (1.0 - par))
        warnings.warn(
            f"rank_by = {stat!r} rests on {k} tail paths, fewer than the {MIN_TAIL} the "
            f"library needs to estimate a CVaR; the ranking is not reliable: simulate at "
            f"least {need:,} paths, or rank by 'mean'", IntervalWarning, stacklevel=4)


def appetite_status(p: float, limit: float, n: int, level: float = 0.95) -> str:
    """``"pass"``, ``"fail"`` or ``"borderline"`` for the test ``P <= limit``.

    ``p`` is the share of ``n`` futures; the test is borderline when the Wilson score
    interval of ``p`` (at ``level``) contains ``limit``, i.e. when the score test cannot
    tell ``P`` from ``limit``. A limit of 1 always passes; a limit of 0 passes only when
    no future breaches it (there is no sampling band around an event that never may
    happen). The interval treats the paths as independent, which is conservative (wider)
    for a stratified sampler.

    Examples
    --------
    >>> [appetite_status(p, 0.2, 1000) for p in (0.1, 0.21, 0.3)]
    ['pass', 'borderline', 'fail']
    """
    if limit >= 1.0:
        return "pass"
    if limit <= 0.0:
        return "pass" if p <= 0.0 else "fail"
    lo, hi = wilson(p, n, level)
    if p <= limit:
        return "pass" if hi < limit else "borderline"
    return "fail" if lo > limit else "borderline"


def paths_to_settle(p: float, limit: float, level: float = 0.95) -> float:
    """Paths at which the interval of a share ``p`` would exclude ``limit``.

    The Wilson interval excludes ``limit`` exactly when ``|p - limit| > z sqrt(limit
    (1 - limit) / n)`` (it inverts the score test), so ``n > z^2 limit (1 - limit) /
    (p - limit)^2``, taking the share as it stands. ``inf`` when ``p == limit``: no
    number of paths settles an estimate that sits on the limit.

    Examples
    --------
    >>> paths_to_settle(0.21, 0.2)
    6147
    """
    if p == limit:
        return math.inf
    z = float(stats.norm.ppf(0.5 + level / 2.0))
    return math.floor(z * z * limit * (1.0 - limit) / (p - limit) ** 2) + 1


def _dot(a: F, b: F) -> F:
    """``a @ b`` without the threaded BLAS call, whose start-up dwarfs these small
    products (and stalls on a busy machine)."""
    return np.asarray(np.einsum("ij,jk->ik", a, b), dtype=np.float64)


def bootstrap_stats(x: F, stat: str, n_resamples: int, seed: SeedLike,
                    block: int | None = None) -> F:
    """``(n_resamples, option)``: the statistic of each row of ``x`` on paired resamples.

    Every resample draws ``n`` path indices with replacement, the same for all options
    (the futures are shared); the mean is computed from the counts of each path. With
    ``block`` (a stratified sampler's replicate block, :func:`ccsim.result.sampling_block`)
    and at least two whole blocks, whole blocks are resampled instead of paths: paths
    within a block of a stratified design are not independent.
    """
    rng = np.random.default_rng(as_seed_sequence(seed))
    k, n = x.shape
    out = np.empty((n_resamples, k))
    mean = parse_stat(stat)[0] == "mean"
    size = int(block or 0)
    n_blocks = n // size if size else 0
    by_block = n_blocks >= 2 and n_blocks * size == n
    for s in range(0, n_resamples, _CHUNK):
        b = min(_CHUNK, n_resamples - s)
        if by_block:
            picks = rng.integers(0, n_blocks, (b, n_blocks))
            idx = (picks[:, :, None] * size + np.arange(size)).reshape(b, n)
        else:
            idx = rng.integers(0, n, (b, n))
        if mean:
            counts = np.bincount((idx + n * np.arange(b)[:, None]).ravel(),
                                 minlength=b * n).reshape(b, n)
            out[s:s + b] = _dot(counts.astype(np.float64), x.T) / n
        else:
            xs = x[:, idx].reshape(k * b, n)
            out[s:s + b] = rank_statistic(xs, stat).reshape(k, b).T
    return out


def best_and_margin(boot: F, value: F, options: Sequence[str], pick: int,
                    runner: int) -> tuple[dict[str, float], Margin]:
    """Probability of being best (lowest statistic; ties split) over the resamples of
    ``boot`` ``(resample, option)``, and the margin of ``pick`` over ``runner``
    (``value[runner] - value[pick]``) with its percentile interval."""
    share = share_best(boot.T, lower=True).mean(axis=1)
    p_best = {str(o): float(share[j]) for j, o in enumerate(options)}
    d = boot[:, runner] - boot[:, pick]
    lo, hi = np.quantile(d, [0.025, 0.975])
    return p_best, Margin(float(value[runner] - value[pick]), float(lo), float(hi))


def spearman_interval(rho: F, n: int, level: float = 0.95) -> tuple[F, F]:
    """Bonett-Wright interval of Spearman's rho: Fisher z with the standard error
    ``sqrt((1 + rho^2 / 2) / (n - 3))``, which widens with ``|rho|`` (the fixed
    ``sqrt(1.06 / (n - 3))`` under-covers at large ``|rho|``).

    References
    ----------
    .. [1] D. G. Bonett and T. A. Wright, "Sample size requirements for estimating
       Pearson, Kendall and Spearman correlations", Psychometrika 65(1), 23-28 (2000).
    """
    z = float(stats.norm.ppf(0.5 + level / 2.0))
    se = np.sqrt((1.0 + rho**2 / 2.0) / max(n - 3, 1))
    zr = np.arctanh(np.clip(rho, -0.999999, 0.999999))
    return np.tanh(zr - z * se), np.tanh(zr + z * se)


@dataclass
class Screen:
    """The appetite tests of every option (see :func:`screen`)."""

    shares: dict[str, F]
    status: dict[str, str]
    failures: dict[str, tuple[str, ...]]
    borderline: dict[str, tuple[str, ...]]
    settle: dict[str, float]
    gap: dict[str, float]


def screen(app: Appetite, opts: Sequence[str], held: F, csat: F, base: int,
           what: str) -> Screen:
    """Each option against each test of ``app``: pass, fail or borderline (Wilson); the
    CSAT-drop test compares with ``opts[base]``."""
    n = held.shape[1]
    tests: list[tuple[str, str, F, float]] = []
    if app.max_csat_drop is not None:
        tests.append(("p_csat_drop", f"P(mean CSAT more than {app.max_csat_drop:g} points below "
                      f"{option_label(opts[base])}'s)",
                      (csat[base] - csat > app.max_csat_drop).mean(axis=1), app.max_p_csat_drop))
    if app.budget is not None:
        tests.append(("p_over_budget", f"P({what} > {fmt_money(app.budget)})",
                      (held > app.budget).mean(axis=1), app.max_p_over_budget))
    if app.csat_floor is not None:
        tests.append(("p_below_floor", f"P(mean CSAT < {app.csat_floor:g})",
                      (csat < app.csat_floor).mean(axis=1), app.max_p_below_floor))
    out = Screen({c: s for c, _, s, _ in tests}, {}, {}, {}, {}, {})
    for i, o in enumerate(opts):
        fails: list[str] = []
        border: list[str] = []
        states: list[str] = []
        out.gap[o] = -math.inf
        out.settle[o] = math.nan
        for _, label, share, lim in tests:
            p = float(share[i])
            st = appetite_status(p, lim, n)
            states.append(st)
            out.gap[o] = max(out.gap[o], p - lim)
            if p > lim:
                fails.append(f"{label} = {fmt_pct(p)} > {fmt_pct(lim)}")
            if st == "borderline":
                k = paths_to_settle(p, lim)
                out.settle[o] = k if math.isnan(out.settle[o]) else max(out.settle[o], k)
                how = (f"about {_round2(k):,} paths would settle it" if math.isfinite(k)
                       else "the estimate sits on the limit, so no number of paths settles it")
                border.append(f"{label} = {100 * p:.1f}% against a limit of {fmt_pct(lim)}, "
                              f"within sampling error; {how}")
        out.status[o] = ("fail" if "fail" in states else
                         "borderline" if "borderline" in states else "pass")
        if fails:
            out.failures[o] = tuple(fails)
        if border:
            out.borderline[o] = tuple(border)
    return out


def _round2(k: float) -> int:
    """``k`` to two significant figures (a count of paths is an estimate)."""
    if k < 100:
        return int(k)
    e = 10 ** (int(math.log10(k)) - 1)
    return int(math.ceil(k / e) * e)


# ----------------------------------------------------------------------------- break-even

FLIP_COLUMNS = ["input", "label", "kind", "spearman", "ci_low", "ci_high", "break_even",
                "break_even_low", "break_even_high", "p05", "p95", "position", "inside",
                "runner_wins", "adverse_saving", "text", "brief"]


def _spearman(x: F, y: F) -> F:
    rx = stats.rankdata(x, axis=0)
    ry = stats.rankdata(y)
    rxc = rx - rx.mean(axis=0)
    ryc = ry - ry.mean()
    den = np.sqrt((rxc**2).sum(axis=0) * (ryc**2).sum())
    return np.asarray((rxc * ryc[:, None]).sum(axis=0) / den, dtype=np.float64)


def _break_evens(x: F, s: F, n_resamples: int, seed: SeedLike) -> tuple[F, F, F, F]:
    """Least-squares break-even ``x* = mean(x) - mean(s) / slope`` of each column of
    ``x`` and its 95% paired-bootstrap percentile interval; NaN where the slope's
    interval contains 0 (the input does not move the saving detectably)."""
    n, p = x.shape

    def solve(w: F) -> tuple[F, F]:  # w: (b, n) path counts
        sw = w.sum(axis=1)[:, None]
        mx, ms = _dot(w, x) / sw, _dot(w, s[:, None]) / sw
        cxs = _dot(w, x * s[:, None]) / sw - mx * ms
        vxx = _dot(w, x * x) / sw - mx * mx
        slope = cxs / vxx
        with np.errstate(divide="ignore", invalid="ignore"):
            return mx - ms / slope, slope

    est, slope = solve(np.ones((1, n)))
    rng = np.random.default_rng(as_seed_sequence(seed))
    bx = np.empty((n_resamples, p))
    bs = np.empty((n_resamples, p))
    for st in range(0, n_resamples, _CHUNK):
        b = min(_CHUNK, n_resamples - st)
        idx = rng.integers(0, n, (b, n))
        w = np.bincount((idx + n * np.arange(b)[:, None]).ravel(),
                        minlength=b * n).reshape(b, n).astype(np.float64)
        bx[st:st + b], bs[st:st + b] = solve(w)
    s_lo, s_hi = np.quantile(bs, [0.025, 0.975], axis=0)
    lo, hi = np.nanquantile(bx, [0.025, 0.975], axis=0)
    moves = (s_lo > 0) | (s_hi < 0)
    nan = np.full(p, np.nan)
    return (np.where(moves, est[0], nan), np.where(moves, lo, nan), np.where(moves, hi, nan),
            slope[0])


def flip_table(result: Result, pick: str, runner: str, saving: F, inputs: Sequence[str], *,
               n_top: int, n_resamples: int, seed: SeedLike) -> pd.DataFrame:
    """What would change the decision between ``pick`` and ``runner``, guesses first.

    ``saving`` is ``cost[runner] - cost[pick]`` per path. Rows: every judgement input
    among ``inputs`` (drawn per path and not constant), then the ``n_top`` other inputs
    most rank-correlated with the saving whose Bonett-Wright interval excludes 0. For
    each, the break-even (the value at which the least-squares line of the saving on
    the input crosses 0: the mean saving over the other inputs' uncertainty, given the
    input) with a paired bootstrap interval, its place in the input's own range
    (``position``: share of its draws below the break-even; ``inside``: within the
    5-95% range of its draws) and which side favours ``runner``. The exact re-simulation
    break-even (:func:`ccsim.breakeven`) is the check for one input; it is too slow
    for every input.
    """
    names = [p for p in inputs if p in result.inputs]
    empty = pd.DataFrame(columns=FLIP_COLUMNS)
    if not names or saving.size < 10 or np.ptp(saving) == 0:
        return empty
    x = np.stack([np.asarray(result.inputs[p], dtype=np.float64) for p in names], axis=1)
    keep = np.ptp(x, axis=0) > 0
    names = [p for p, k in zip(names, keep, strict=True) if k]
    x = x[:, keep]
    if not names:
        return empty
    table = assumptions_table(result.scenario).set_index("input")
    kind = [str(table["kind"].get(p, "future")) for p in names]
    n = saving.size
    rho = _spearman(x, saving)
    lo, hi = spearman_interval(rho, n)
    judged = [j for j in range(len(names)) if kind[j] == "judgement"]
    others = [j for j in np.argsort(-np.abs(rho), kind="stable")
              if kind[j] != "judgement" and (lo[j] > 0 or hi[j] < 0)][:n_top]
    chosen = judged + [int(j) for j in others]
    if not chosen:
        return empty
    be, be_lo, be_hi, slope = _break_evens(x[:, chosen], saving, n_resamples, seed)
    rows = []
    for c, j in enumerate(chosen):
        p = names[j]
        xj = x[:, j]
        p05, p95 = (float(q) for q in np.quantile(xj, [0.05, 0.95]))
        low_side = bool(slope[c] > 0)  # the saving rises with x: the runner wins below
        q = np.quantile(xj, [0.2, 0.8])
        adverse = xj <= q[0] if low_side else xj >= q[1]
        rows.append({
            "input": p, "label": input_label(p, result.scenario), "kind": kind[j],
            "spearman": float(rho[j]), "ci_low": float(lo[j]), "ci_high": float(hi[j]),
            "break_even": float(be[c]), "break_even_low": float(be_lo[c]),
            "break_even_high": float(be_hi[c]), "p05": p05, "p95": p95,
            "position": float(np.mean(xj < be[c])) if math.isfinite(be[c]) else math.nan,
            "inside": bool(math.isfinite(be[c]) and p05 <= be[c] <= p95),
            "runner_wins": "below" if low_side else "above",
            "adverse_saving": float(saving[adverse].mean()),
        })
    out = pd.DataFrame(rows, columns=FLIP_COLUMNS[:-2])
    units = {p: (str(m.get("unit", "")), str(m.get("doc", "")) + " " + p.rsplit(".", 1)[-1])
             for p, _, m in result.scenario.parameters()}
    out["text"] = [_flip_text(r, runner, units.get(str(r["input"]), ("", ""))) for r in rows]
    out["brief"] = [_flip_text(r, runner, units.get(str(r["input"]), ("", "")), brief=True)
                    for r in rows]
    order = np.lexsort((-out["spearman"].abs().to_numpy(),
                        (out["kind"] != "judgement").to_numpy(), ~out["inside"].to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def _flip_text(r: Mapping[str, object], runner: str, unit: tuple[str, str], *,
               brief: bool = False) -> str:
    def v(x: object) -> str:
        return plain_value(float(x), *unit)  # type: ignore[arg-type]

    guess = " (judgement)" if r["kind"] == "judgement" else ""
    be = float(r["break_even"])  # type: ignore[arg-type]
    lo, hi = _short(v(r["break_even_low"])), _short(v(r["break_even_high"]))
    p05, p95 = _short(v(r["p05"])), v(r["p95"])
    if brief:
        if not math.isfinite(be):
            return f"{r['label']}{guess}: no detectable effect"
        side = "<" if r["runner_wins"] == "below" else ">"
        where = "inside" if r["inside"] else "outside"
        return (f"{option_label(runner)} wins if {r['label']}{guess} {side} {_short(v(be))} "
                f"(CI {lo} to {hi}); assumed {p05} to {p95}: {where}")
    rng = f"we assume {p05} to {p95}"
    if not math.isfinite(be):
        return f"{r['label']}{guess}: no detectable effect on the choice; {rng}"
    where = "inside" if r["inside"] else "outside"
    return (f"{option_label(runner)} wins if {r['label']}{guess} is {r['runner_wins']} "
            f"{v(be)} (95% CI {lo} to {hi}); {rng}, so the break-even is {where} that range")


def _short(text: str) -> str:
    """A value without its unit words: ``$16.02 per productive hour`` -> ``$16.02``."""
    return text.split(" ", 1)[0]
