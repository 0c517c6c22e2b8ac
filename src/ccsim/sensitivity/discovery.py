"""Scenario discovery: what the futures in which an option loses have in common.

:func:`bad_futures` runs PRIM (the patient rule induction method of Friedman and
Fisher [1]_, as used for scenario discovery by Bryant and Lempert [2]_) on one run's
per-path table: the drawn inputs against the paired saving ``baseline cost - option
cost``. It peels a box of input ranges, a small share of the futures at a time, so
that the futures left inside are ever more often ones where the option loses, and
returns the box that balances *coverage* (the share of all losing futures inside the
box) and *density* (the share of futures in the box that lose).

References
----------
.. [1] J. H. Friedman and N. I. Fisher, "Bump hunting in high-dimensional data",
   Statistics and Computing 9(2), 123-143 (1999). doi:10.1023/A:1008894516817
.. [2] B. P. Bryant and R. J. Lempert, "Thinking inside the box: a participatory,
   computer-assisted approach to scenario discovery", Technological Forecasting and
   Social Change 77(1), 34-49 (2010). doi:10.1016/j.techfore.2009.08.002

Examples
--------
>>> import ccsim
>>> from ccsim.sensitivity.discovery import bad_futures
>>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=1000, seed=2)
>>> box = bad_futures(res, "offshore")
>>> 0 <= box.coverage <= 1 and 0 <= box.density <= 1
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ccsim.assumptions import input_label, plain_value
from ccsim.conventions import baseline_of
from ccsim.decide.decision import _relevant
from ccsim.format import fmt_money, fmt_pct, option_label

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = ["BadFutures", "bad_futures", "prim_peel"]

F = NDArray[np.float64]
B = NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class BadFutures:
    """A PRIM box of inputs in which an option tends to lose against the baseline.

    Attributes
    ----------
    option, baseline : str
    threshold : float
        A future is *bad* when the saving ``baseline - option`` is below it (US$).
    base_rate : float
        Share of all futures that are bad.
    coverage : float
        Share of the bad futures that fall inside the box.
    density : float
        Share of the futures inside the box that are bad.
    support : float
        Share of all futures inside the box.
    box : DataFrame
        One row per restricted input: ``input``, ``label``, ``low``, ``high`` (None
        when unrestricted on that side), ``low_pct``, ``high_pct`` (the bounds as
        percentiles of the input's draws) and ``text`` (plain words).
    trajectory : DataFrame
        The peeling trajectory: ``step``, ``coverage``, ``density``, ``support``,
        ``n_restricted``.
    n_paths : int
    """

    option: str
    baseline: str
    threshold: float
    base_rate: float
    coverage: float
    density: float
    support: float
    box: pd.DataFrame
    trajectory: pd.DataFrame
    n_paths: int

    def frame(self) -> pd.DataFrame:
        """The box: one row per restricted input."""
        return self.box.copy()

    def sentence(self) -> str:
        """What the bad futures have in common, in one sentence."""
        o, b = option_label(self.option), option_label(self.baseline)
        lose = ("loses against" if self.threshold == 0 else
                f"saves less than {fmt_money(self.threshold)} against")
        if self.base_rate == 0:
            return f"{o} never {lose.replace('loses', 'lost')} {b} in these futures."
        if self.box.empty:
            return (f"{o} {lose} {b} in {fmt_pct(self.base_rate)} of futures, with no "
                    "simple range of inputs that sets them apart.")
        cond = " and ".join(self.box["text"])
        return (f"{o} {lose} {b} in {fmt_pct(self.base_rate)} of futures; when {cond} "
                f"it does so in {fmt_pct(self.density)} of them (the box holds "
                f"{fmt_pct(self.coverage)} of all such futures).")

    def __repr__(self) -> str:
        return (f"<ccsim.BadFutures {self.option} vs {self.baseline} over {self.n_paths:,} "
                f"paths: coverage {fmt_pct(self.coverage)}, density {fmt_pct(self.density)}"
                f"\n  {self.sentence()}>")

    def _repr_html_(self) -> str:
        cols = ["label", "text", "low_pct", "high_pct"]
        return (f"<p>{html.escape(self.sentence())}</p>"
                + self.box[cols].to_html(index=False, na_rep="-"))


def prim_peel(
    x: F, bad: B, *, alpha: float = 0.05, min_support: float = 0.05
) -> tuple[list[tuple[F, F]], pd.DataFrame]:
    """PRIM peeling: the trajectory of boxes from all of ``x`` to ``min_support``.

    Parameters
    ----------
    x
        ``(path, input)`` input draws.
    bad
        ``(path,)`` True where the future is bad.
    alpha
        Share of the futures in the box peeled at each step (0 < alpha < 0.5).
    min_support
        Peeling stops when the box holds less than this share of the futures.

    Returns
    -------
    boxes : list of (low, high) arrays
        The box after each step (step 0: the whole range).
    trajectory : DataFrame
        ``step``, ``coverage``, ``density``, ``support``, ``n_restricted``.

    Notes
    -----
    At each step, for every input and both of its ends, the ``alpha`` quantile of
    the futures in the box is peeled off; the peel that leaves the highest density
    of bad futures is taken (ties: the smaller peel). Discrete inputs whose quantile
    would peel nothing are skipped.
    """
    n, k = x.shape
    lo = x.min(axis=0).astype(np.float64)
    hi = x.max(axis=0).astype(np.float64)
    inside = np.ones(n, dtype=bool)
    total_bad = max(int(bad.sum()), 1)
    boxes = [(lo.copy(), hi.copy())]
    rows = [(0, float(bad.sum() / total_bad), float(bad.mean()), 1.0, 0)]
    lo0, hi0 = lo.copy(), hi.copy()
    step = 0
    while inside.sum() > min_support * n:
        best: tuple[float, int, int, int, B] | None = None
        xin = x[inside]
        n_in = int(inside.sum())
        for j in range(k):
            for side in (0, 1):
                q = np.quantile(xin[:, j], alpha if side == 0 else 1 - alpha)
                keep = (x[:, j] > q) if side == 0 else (x[:, j] < q)
                new = inside & keep
                m = int(new.sum())
                if m in (n_in, 0):
                    continue
                cand = (float(bad[new].mean()), m - n_in, j, side, new)
                if best is None or cand[:2] > best[:2]:
                    best = cand
        if best is None or best[4].sum() < min_support * n:
            break
        dens, _, j, side, new = best
        if side == 0:
            lo[j] = float(x[new, j].min())
        else:
            hi[j] = float(x[new, j].max())
        inside = new
        step += 1
        restricted = int(np.sum((lo > lo0) | (hi < hi0)))
        boxes.append((lo.copy(), hi.copy()))
        rows.append((step, float(bad[inside].sum() / total_bad), dens,
                     float(inside.mean()), restricted))
    traj = pd.DataFrame(rows, columns=["step", "coverage", "density", "support", "n_restricted"])
    return boxes, traj


def _in_box(x: F, lo: F, hi: F) -> B:
    return np.all((x >= lo) & (x <= hi), axis=1)


def bad_futures(
    result: Result,
    option: str,
    baseline: str | None = None,
    threshold: float = 0.0,
    *,
    metric: str = "npv_cost",
    inputs: Sequence[str] | None = None,
    alpha: float = 0.05,
    min_support: float = 0.05,
    max_inputs: int = 3,
) -> BadFutures:
    """The input ranges under which ``option`` loses against ``baseline`` (PRIM box).

    Parameters
    ----------
    result
        A :class:`ccsim.Result` (its per-path inputs and costs; nothing is simulated).
    option
        Option examined.
    baseline
        Option it is compared with (default ``in_house`` if present, else the first
        other option).
    threshold
        A future is bad when the saving ``baseline - option`` is below this (US$;
        default 0: the option costs more).
    metric
        Cost output (default ``npv_cost``).
    inputs
        Drawn inputs to consider (default: those that can affect the two options).
    alpha, min_support
        PRIM's peeling share and smallest box (see :func:`prim_peel`).
    max_inputs
        Most inputs the box may restrict (1-10), so that it reads as a sentence.

    Returns
    -------
    BadFutures

    Notes
    -----
    From the peeling trajectory the box maximizing ``coverage * density`` is taken
    (it is proportional to ``bad_in_box^2 / in_box``, the lift-weighted coverage);
    restrictions are then dropped one at a time, the one whose removal lowers the
    density least first, while that loss is under one percentage point or more than
    ``max_inputs`` inputs are restricted, so that the box names only the inputs that
    matter.
    """
    opts = list(result.options)
    if option not in opts:
        raise ValueError(f"option = {option!r} is not an option; options are {opts}")
    baseline = baseline_of(opts, baseline, option=option)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float, np.floating)) \
            or not math.isfinite(threshold):
        raise ValueError(f"threshold = {threshold!r} must be a finite number (US$)")
    if not 0 < alpha < 0.5:
        raise ValueError(f"alpha = {alpha!r} is outside the allowed range (0, 0.5)")
    if isinstance(max_inputs, bool) or not isinstance(max_inputs, int) \
            or not 1 <= max_inputs <= 10:
        raise ValueError(f"max_inputs = {max_inputs!r} is outside the allowed range [1, 10]")
    if not 0 < min_support < 1:
        raise ValueError(f"min_support = {min_support!r} is outside the allowed range (0, 1)")
    names = list(inputs) if inputs is not None else _relevant(result, [option, baseline])
    for p in names:
        if p not in result.inputs:
            raise ValueError(f"inputs: {p!r} is not a drawn input of the result")
    saving = result.values(metric, baseline) - result.values(metric, option)
    bad = saving < threshold
    n = saving.size
    x = (np.stack([result.inputs[p] for p in names], axis=1) if names
         else np.zeros((n, 0)))
    varying = np.ptp(x, axis=0) > 0 if names else np.zeros(0, dtype=bool)
    names = [p for p, v in zip(names, varying, strict=True) if v]
    x = x[:, varying]
    base = float(bad.mean())
    empty = pd.DataFrame(columns=["input", "label", "low", "high", "low_pct", "high_pct", "text"])
    if base in (0.0, 1.0) or not names:
        traj = pd.DataFrame([(0, 1.0 if base else 0.0, base, 1.0, 0)],
                            columns=["step", "coverage", "density", "support", "n_restricted"])
        return BadFutures(option, baseline, float(threshold), base, 1.0 if base else 0.0, base,
                          1.0, empty, traj, n)
    boxes, traj = prim_peel(x, bad, alpha=alpha, min_support=min_support)
    score = (traj["coverage"] * traj["density"]).to_numpy()
    i = int(np.argmax(score))
    lo, hi = boxes[i]
    lo0, hi0 = boxes[0]
    lo, hi = lo.copy(), hi.copy()
    dens = float(bad[_in_box(x, lo, hi)].mean())
    # drop restrictions that do not matter, the least useful first
    while True:
        cand = np.flatnonzero((lo > lo0) | (hi < hi0))
        if cand.size == 0:
            break
        losses = []
        for jj in cand:
            l2, h2 = lo.copy(), hi.copy()
            l2[jj], h2[jj] = lo0[jj], hi0[jj]
            losses.append((dens - float(bad[_in_box(x, l2, h2)].mean()), int(jj), l2, h2))
        loss, _j, l2, h2 = min(losses, key=lambda t: (t[0], t[1]))
        if loss < 0.01 or cand.size > max_inputs:
            lo, hi, dens = l2, h2, dens - loss
        else:
            break
    inside = _in_box(x, lo, hi)
    cov = float(bad[inside].sum() / bad.sum())
    rows = []
    meta = {p: m for p, _, m in result.scenario.parameters()}
    for j in np.flatnonzero((lo > lo0) | (hi < hi0)):
        p = names[j]
        unit = str(meta.get(p, {}).get("unit", ""))
        doc = str(meta.get(p, {}).get("doc", "")) + " " + p.rsplit(".", 1)[-1]
        lab = input_label(p, result.scenario)
        low = float(lo[j]) if lo[j] > lo0[j] else None
        high = float(hi[j]) if hi[j] < hi0[j] else None
        lp = float(np.mean(x[:, j] < lo[j])) if low is not None else None
        hp = float(np.mean(x[:, j] <= hi[j])) if high is not None else None
        if low is not None and high is not None:
            text = (f"{lab.lower()} is between {plain_value(low, unit, doc)} and "
                    f"{plain_value(high, unit, doc)}")
        elif low is not None:
            text = (f"{lab.lower()} is above {plain_value(low, unit, doc)} (its "
                    f"{_ordinal(lp)} percentile)")
        else:
            assert high is not None
            text = (f"{lab.lower()} is below {plain_value(high, unit, doc)} (its "
                    f"{_ordinal(hp)} percentile)")
        rows.append({"input": p, "label": lab, "low": low, "high": high, "low_pct": lp,
                     "high_pct": hp, "text": text})
    box = pd.DataFrame(rows, columns=list(empty.columns)) if rows else empty
    return BadFutures(option, baseline, float(threshold), base, cov, dens,
                      float(inside.mean()), box, traj, n)


def _ordinal(p: Any) -> str:
    k = round(100 * float(p))
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"
