"""From figures to a decision: which option, under a declared appetite for risk.

:func:`decide` screens every option against an :class:`Appetite` (customers guarded
against the baseline by default; optionally a budget and a CSAT floor, each with the
largest acceptable chance of breaching it), ranks the options that pass on what differs
between them (by default the mean paired saving against the baseline), states how sure
the pick is (probability of being best, margin over the runner-up) and names the inputs,
guesses first, whose value would change the decision. Everything comes from one run, on
common random numbers; the statistics are in :mod:`ccsim.decide.verdict`.

Sign convention: a *saving* is ``baseline cost - option cost``; positive means the
option is cheaper. The *excess* is its negative, ``option cost - baseline cost``.

Examples
--------
>>> import ccsim
>>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=400, seed=3)
>>> d = res.decide(budget=90e6, csat_floor=60)
>>> d.recommended in res.options
True
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ccsim.conventions import SeedLike, as_seed_sequence, baseline_of
from ccsim.decide.verdict import (
    FLIP_COLUMNS,
    Margin,
    best_and_margin,
    bootstrap_stats,
    flip_table,
    rank_statistic,
    screen,
    warn_thin_tail,
)
from ccsim.format import fmt_money, fmt_pct, option_label
from ccsim.outputs import COST_COMPONENTS, COST_PARTS
from ccsim.result import sampling_block
from ccsim.stats.estimators import parse_stat

if TYPE_CHECKING:
    from ccsim.decide.verdict import Screen
    from ccsim.result import Result

__all__ = [
    "DEFAULT_APPETITE",
    "Appetite",
    "Decision",
    "Margin",
    "cost_split",
    "decide",
    "rank_statistic",
    "stat_text",
]

F = NDArray[np.float64]

_CUSTOMER_COMPONENT = "churn_losses"
_INCIDENT_COMPONENT = "breach_losses"
_P_BEST_CLOSE = 0.9  # a pick less likely than this to be best is a close call


# ----------------------------------------------------------------------------- appetite


def _check_number(name: str, value: Any, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, got {value!r}")
    v = float(value)
    if not (math.isfinite(v) and lo <= v <= hi):
        raise ValueError(f"{name} = {value!r} is outside the allowed range [{lo:g}, {hi:g}]")
    return v


@dataclass(frozen=True)
class Appetite:
    """A declared appetite for risk: the limits an option must meet to be chosen.

    The default guards customers: an option may not leave mean CSAT more than
    ``max_csat_drop = 5`` points below the baseline's (on the same future) with more
    than a ``max_p_csat_drop = 20%`` chance (a non-inferiority limit against today),
    and the options that pass are ranked by their mean paired saving against the
    baseline. There is no budget and no absolute CSAT floor unless given.

    Attributes
    ----------
    budget : float or None
        Cost budget, US$ NPV over the horizon (``None``: no budget test).
    csat_floor : float or None
        Lowest acceptable mean CSAT over the horizon, 0-100 points (``None``: no test).
    max_p_over_budget : float
        Largest acceptable probability that the cost exceeds ``budget`` (0-1).
    max_p_below_floor : float
        Largest acceptable probability that mean CSAT falls below ``csat_floor`` (0-1).
    max_csat_drop : float or None
        Non-inferiority limit: largest acceptable fall of mean CSAT below the baseline's
        on the same future, 0-100 points (default 5; ``None``: no guard).
    max_p_csat_drop : float
        Largest acceptable probability of a fall larger than ``max_csat_drop`` (default
        0.2).
    rank_by : str
        Statistic that ranks the options that pass: ``"mean"`` (default), ``"cvar95"``
        (mean of the worst 5% of futures), ``"p95"``, ``"p50"``...
    rank_on : str
        ``"excess"`` (default): the statistic of ``option cost - baseline cost`` path by
        path, what differs between the options (``"mean"`` of it is minus the mean
        saving; ``"cvar95"`` the mean excess in the 5% of futures worst for the option
        against the baseline). ``"cost"``: the statistic of each option's own cost,
        whose tail is mostly uncertainty the options share.
    budget_on : str
        ``"total"`` (NPV of all costs, customer losses included) or ``"operating"``
        (the cash cost only) is held against the budget.
    """

    budget: float | None = None
    csat_floor: float | None = None
    max_p_over_budget: float = 0.2
    max_p_below_floor: float = 0.2
    max_csat_drop: float | None = 5.0
    max_p_csat_drop: float = 0.2
    rank_by: str = "mean"
    rank_on: str = "excess"
    budget_on: str = "total"

    def __post_init__(self) -> None:
        for name, lo, hi in (("budget", 0.0, math.inf), ("csat_floor", 0.0, 100.0),
                             ("max_csat_drop", 0.0, 100.0)):
            v = getattr(self, name)
            if v is not None:
                _check_number(name, v, lo, hi)
        for name in ("max_p_over_budget", "max_p_below_floor", "max_p_csat_drop"):
            _check_number(name, getattr(self, name), 0.0, 1.0)
        if parse_stat(self.rank_by)[0] not in ("mean", "quantile", "cvar"):
            raise ValueError(f"rank_by = {self.rank_by!r}; expected 'mean', 'pQ' or 'cvarQ'")
        if self.rank_on not in ("excess", "cost"):
            raise ValueError(f"rank_on = {self.rank_on!r}; expected 'excess' or 'cost'")
        if self.budget_on not in ("total", "operating"):
            raise ValueError(f"budget_on = {self.budget_on!r}; expected 'total' or 'operating'")

    @classmethod
    def coerce(cls, appetite: Appetite | Mapping[str, Any] | None) -> Appetite:
        """An :class:`Appetite` from itself, a dict of its fields, or ``None`` (default)."""
        if appetite is None:
            return DEFAULT_APPETITE
        if isinstance(appetite, Appetite):
            return appetite
        if isinstance(appetite, Mapping):
            names = {f.name for f in fields(cls)}
            bad = sorted(set(appetite) - names)
            if bad:
                raise ValueError(f"appetite: unknown keys {bad}; allowed: {sorted(names)}")
            return cls(**dict(appetite))
        raise TypeError(f"appetite must be an Appetite, a dict or None, got "
                        f"{type(appetite).__name__}")

    @property
    def is_default(self) -> bool:
        return self == DEFAULT_APPETITE

    def describe(self, baseline: str | None = None) -> str:
        """The appetite in one sentence; ``baseline`` names the option CSAT is guarded
        against (``None``: "the baseline")."""
        parts = []
        what = "cost" if self.budget_on == "total" else "operating cost"
        base = "the baseline" if baseline is None else f"{option_label(baseline)}'s"
        if self.max_csat_drop is not None:
            parts.append(f"P(mean CSAT more than {self.max_csat_drop:g} points below {base}) "
                         f"at most {fmt_pct(self.max_p_csat_drop)}")
        if self.budget is not None:
            parts.append(f"P({what} > {fmt_money(self.budget)}) at most "
                         f"{fmt_pct(self.max_p_over_budget)}")
        if self.csat_floor is not None:
            parts.append(f"P(mean CSAT < {self.csat_floor:g}) at most "
                         f"{fmt_pct(self.max_p_below_floor)}")
        limits = "; ".join(parts) if parts else "no budget or CSAT limit"
        return f"{limits}; options ranked by {stat_text(self.rank_by, self.rank_on)}"


#: The appetite used when none is given: customers guarded against the baseline (mean
#: CSAT at most 5 points below it with at most a 20% chance), ranked by mean saving.
DEFAULT_APPETITE = Appetite()


def stat_text(stat: str, on: str = "cost") -> str:
    """Plain words for a statistic: ``cvar95`` -> ``mean cost of the worst 5% of futures``;
    with ``on="excess"`` the statistic of the cost over the baseline."""
    kind, par = parse_stat(stat)
    if on == "excess":
        if kind == "mean":
            return "mean saving against the baseline (path by path)"
        if kind == "cvar":
            return (f"mean excess cost over the baseline in the worst {100 * (1 - par):g}% "
                    f"of futures for the option (CVaR {100 * par:g} of the excess)")
        return f"{100 * par:g}th percentile of the excess cost over the baseline"
    if kind == "mean":
        return "mean cost"
    if kind == "cvar":
        return f"mean cost of the worst {100 * (1 - par):g}% of futures (CVaR {100 * par:g})"
    return f"{100 * par:g}th percentile of cost"


# ----------------------------------------------------------------------------- costs


def cost_split(result: Result) -> tuple[F, F, F, str]:
    """Operating (cash) cost, incident cost and customer cost per option and path.

    Uses ``operating_cost``, ``incident_cost`` and ``customer_cost`` when the model
    reports all three; else the components: ``churn_losses`` (margin of customers lost)
    as customer cost, ``breach_losses`` as incident cost and the rest of ``npv_cost`` as
    operating cost (a component the result lacks counts 0); else all of ``npv_cost`` as
    operating cost and zero incident and customer cost. The three sum to ``npv_cost``.

    Returns
    -------
    operating, incident, customer : ndarray, ``(option, path)``
    source : str
        ``"reported"``, ``"components"`` or ``"not modelled"``.
    """
    out = result.outputs
    total = np.asarray(out["npv_cost"], dtype=np.float64)
    if all(k in out for k in COST_PARTS):
        op, inc, cu = (np.asarray(out[k], dtype=np.float64) for k in COST_PARTS)
        return op, inc, cu, "reported"
    def comp(name: str) -> F:
        if name in COST_COMPONENTS and name in out:
            return np.asarray(out[name], dtype=np.float64)
        return np.zeros_like(total)

    if any(c in COST_COMPONENTS and c in out for c in (_CUSTOMER_COMPONENT, _INCIDENT_COMPONENT)):
        inc, cu = comp(_INCIDENT_COMPONENT), comp(_CUSTOMER_COMPONENT)
        return total - inc - cu, inc, cu, "components"
    return total, np.zeros_like(total), np.zeros_like(total), "not modelled"


# ----------------------------------------------------------------------------- decision


@dataclass(frozen=True, eq=False)
class Decision:
    """The verdict of :func:`decide`.

    Attributes
    ----------
    recommended : str or None
        The option to choose: the best-ranked option whose estimates meet the appetite,
        or ``None`` when none does.
    runner_up : str or None
        The next option (the next that meets the appetite, else the best-ranked other).
    appetite : Appetite
    baseline : str
        Option savings are measured against (``baseline cost - option cost``).
    failures : dict of str to tuple of str
        Each option whose estimates breach the appetite and why, with the numbers.
    verdict : str
        The recommendation in one sentence, against the baseline.
    tradeoff : str
        The trade-off between the recommended option and the runner-up in one sentence.
    table : DataFrame
        One row per option (ranked): see :meth:`frame`.
    flips : DataFrame
        What would change the decision between the pick and the runner-up, guesses
        first (:func:`ccsim.decide.verdict.flip_table`): ``break_even`` with its 95%
        interval (``break_even_low``, ``break_even_high``), the input's assumed range
        (``p05``, ``p95``), ``position`` (share of its draws below the break-even),
        ``inside``, the side on which the runner-up wins, Spearman's rho with a
        Bonett-Wright 95% interval (``spearman``, ``ci_low``, ``ci_high``) and ``text``.
    n_paths : int
    cost_source : str
        Where operating, incident and customer cost come from (see :func:`cost_split`).
    close_call : bool
        True when the pick's probability of being best is below 0.9 or the 95% interval
        of its margin over the runner-up contains 0 (only when the runner-up is not
        clearly outside the appetite).
    notes : tuple of str
    p_best : dict of str to float
        Probability of being best on the ranking statistic (paired bootstrap over the
        paths, ties split) of each option that meets the appetite and of the runner-up.
    margin : Margin
        The pick's lead over the runner-up on the ranking statistic (positive: the pick
        is ahead) with its 95% bootstrap interval; NaN without a pick and a runner-up.
    borderline : dict of str to tuple of str
        Each option with an appetite test whose interval contains its limit, with the
        numbers and the paths that would settle it.
    n_resamples : int
        Bootstrap resamples behind ``p_best``, ``margin`` and the break-even intervals.
    """

    recommended: str | None
    runner_up: str | None
    appetite: Appetite
    baseline: str
    failures: dict[str, tuple[str, ...]]
    verdict: str
    tradeoff: str
    table: pd.DataFrame
    flips: pd.DataFrame
    n_paths: int
    cost_source: str
    close_call: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    p_best: dict[str, float] = field(default_factory=dict)
    margin: Margin = field(default_factory=lambda: Margin(math.nan, math.nan, math.nan))
    borderline: dict[str, tuple[str, ...]] = field(default_factory=dict)
    n_resamples: int = 0

    @property
    def passing(self) -> tuple[str, ...]:
        """Options that meet the appetite, best first."""
        return tuple(self.table.index[self.table["passes"]])

    def frame(self) -> pd.DataFrame:
        """One row per option, best first: ranking statistic (``rank_value``, lower is
        better), own cost (mean, ``cvar95``) and its split, saving and CSAT change against
        the baseline, the probabilities held against the appetite, ``p_best``,
        ``passes`` (the estimates meet the appetite), ``status`` (``pass``, ``fail`` or
        ``borderline``: some test's interval contains its limit), ``paths_to_settle``
        and ``reasons``."""
        return self.table.copy()

    def certainty(self) -> str:
        """How sure the pick is, in one sentence ("" without a pick and runner-up)."""
        if self.recommended is None or self.runner_up is None or not self.p_best:
            return ""
        m = self.margin
        lead = (f"its lead over {option_label(self.runner_up)} is {fmt_money(m.estimate)} "
                f"(95% CI {fmt_money(m.ci_low)} to {fmt_money(m.ci_high)})")
        p = self.p_best.get(self.recommended, math.nan)
        head = "Close call: " if self.close_call else ""
        return (f"{head}P({option_label(self.recommended)} is best on "
                f"{stat_text(self.appetite.rank_by, self.appetite.rank_on)}) = "
                f"{fmt_pct(p)}; {lead}.")

    def lines(self) -> list[str]:
        """The decision as short lines of text (used by ``repr`` and the report)."""
        out = [self.verdict, f"Appetite: {self.appetite.describe(self.baseline)}"
               + (" (default: none was given)." if self.appetite.is_default else ".")]
        if self.certainty():
            out.append(self.certainty())
        if self.tradeoff:
            out.append(self.tradeoff)
        for o, reasons in self.borderline.items():
            out.append(f"{option_label(o)} is borderline: " + "; ".join(reasons) + ".")
        for o, reasons in self.failures.items():
            if o not in self.borderline:
                out.append(f"{option_label(o)} fails: " + "; ".join(reasons) + ".")
        shown = self.flips[np.isfinite(self.flips["break_even"].astype(float))].head(4) \
            if len(self.flips) else self.flips
        if len(shown):
            out.append("What would change the decision: " + "; ".join(shown["text"]) + ".")
        out.extend(self.notes)
        return out

    def __repr__(self) -> str:
        t = self.table
        rows = [f"  {option_label(str(o)):<12} {fmt_money(float(r['rank_value'])):>8}  saving "
                f"{fmt_money(float(r['saving_mean'])):>8}  operating "
                f"{fmt_money(float(r['operating_mean'])):>8}  CSAT {float(r['csat_mean']):5.1f}"
                f"  P(best) {_pct_or_dash(r['p_best']):>4}  {r['status']}"
                for o, r in t.iterrows()]
        body = "\n".join("  " + ln for ln in self.lines())
        return (f"<ccsim.Decision over {self.n_paths:,} paths\n{body}\n  ranked by "
                f"{stat_text(self.appetite.rank_by, self.appetite.rank_on)}:\n"
                + "\n".join(rows) + ">")

    def _repr_html_(self) -> str:
        t = self.table
        head = ("<tr><th>Option</th><th>Rank value</th><th>Mean saving</th><th>Operating</th>"
                "<th>Incident</th><th>Customer</th><th>Mean CSAT</th><th>P(CSAT drop)</th>"
                "<th>P(over budget)</th><th>P(CSAT below floor)</th><th>P(best)</th>"
                "<th>Verdict</th></tr>")
        body = []
        for o, r in t.iterrows():
            verdict = str(r["status"]) + (f": {html.escape(str(r['reasons']))}"
                                          if r["reasons"] else "")
            style = ' style="font-weight:bold"' if o == self.recommended else ""
            body.append(
                f"<tr{style}><td>{html.escape(option_label(str(o)))}</td>"
                f"<td>{fmt_money(float(r['rank_value']))}</td>"
                f"<td>{fmt_money(float(r['saving_mean']))}</td>"
                f"<td>{fmt_money(float(r['operating_mean']))}</td>"
                f"<td>{fmt_money(float(r['incident_mean']))}</td>"
                f"<td>{fmt_money(float(r['customer_mean']))}</td>"
                f"<td>{float(r['csat_mean']):.1f}</td>"
                f"<td>{_pct_or_dash(r['p_csat_drop'])}</td>"
                f"<td>{_pct_or_dash(r['p_over_budget'])}</td>"
                f"<td>{_pct_or_dash(r['p_below_floor'])}</td>"
                f"<td>{_pct_or_dash(r['p_best'])}</td><td>{verdict}</td></tr>")
        items = "".join(f"<li>{html.escape(x)}</li>" for x in self.lines()[1:])
        return (f"<div><p><b>{html.escape(self.verdict)}</b></p><ul>{items}</ul>"
                f"<table>{head}{''.join(body)}</table></div>")


def _pct_or_dash(v: Any) -> str:
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else fmt_pct(float(v))


_KEEP: Any = object()  # "not given" for keywords whose None means "no test"


def _check_count(name: str, value: Any, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) \
            or not lo <= value <= hi:
        raise ValueError(f"{name} = {value!r} is outside the allowed range [{lo}, {hi}] "
                         "(an integer)")
    return int(value)


def decide(
    result: Result,
    *,
    appetite: Appetite | Mapping[str, Any] | None = None,
    budget: float | None = None,
    csat_floor: float | None = None,
    max_p_over_budget: float | None = None,
    max_p_below_floor: float | None = None,
    max_csat_drop: float | None = _KEEP,
    max_p_csat_drop: float | None = None,
    rank_by: str | None = None,
    rank_on: str | None = None,
    budget_on: str | None = None,
    baseline: str | None = None,
    n_flips: int = 3,
    n_resamples: int = 1000,
    seed: SeedLike = 0,
) -> Decision:
    """Recommend an option under a declared appetite for risk.

    Parameters
    ----------
    result
        A :class:`ccsim.Result`.
    appetite
        An :class:`Appetite` or a dict of its fields; the keyword arguments below
        override its fields. With neither, :data:`DEFAULT_APPETITE` is used and
        stated as such: customers guarded against the baseline, ranked by mean saving.
    budget, csat_floor, max_p_over_budget, max_p_below_floor, budget_on
        The budget test and the CSAT floor test (see :class:`Appetite`).
    max_csat_drop
        Non-inferiority limit in CSAT points below the baseline (default 5; ``None``
        switches the guard off).
    max_p_csat_drop
        Largest acceptable chance of a larger fall, 0-1 (default 0.2).
    rank_by, rank_on
        The ranking statistic (default ``"mean"`` on ``"excess"``: the mean paired
        saving against the baseline; see :class:`Appetite`).
    baseline
        Option savings are measured against (default ``in_house`` if present, else
        the first option).
    n_flips
        How many inputs other than judgements to add to :attr:`Decision.flips` (0-10).
    n_resamples
        Paired bootstrap resamples behind ``p_best``, ``margin`` and the break-even
        intervals (0 for none; at most 100,000).
    seed
        Seed of those bootstraps.

    Returns
    -------
    Decision

    Warns
    -----
    IntervalWarning
        When the ranking statistic is a CVaR resting on fewer than 100 tail paths.

    Notes
    -----
    Each test holds a share of the simulated futures against its limit: an option
    *passes* when the 95% Wilson score interval of the share lies below the limit,
    *fails* when it lies above, and is *borderline* when it contains the limit (with
    the paths that would settle it, :func:`ccsim.decide.verdict.paths_to_settle`).
    The best-ranked option whose estimates meet every limit is recommended. Measured:
    an option placed exactly at a budget limit is borderline in 95% of 1,000
    replications (``tests/test_verdict.py``). ``p_best`` and ``margin`` come from the
    same path resamples for every option (paired bootstrap, percentile interval); a
    close call is a pick with ``p_best`` below 0.9 or a margin interval containing 0.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=400, seed=3)
    >>> guarded = res.decide()
    >>> bool(guarded.frame().loc[guarded.recommended, "p_csat_drop"] <= 0.2)
    True
    >>> sorted(set(guarded.frame()["status"]) - {"pass", "fail", "borderline"})
    []
    """
    over: dict[str, Any] = {k: v for k, v in (
        ("budget", budget), ("csat_floor", csat_floor), ("max_p_over_budget", max_p_over_budget),
        ("max_p_below_floor", max_p_below_floor), ("max_p_csat_drop", max_p_csat_drop),
        ("rank_by", rank_by), ("rank_on", rank_on), ("budget_on", budget_on)) if v is not None}
    if max_csat_drop is not _KEEP:
        over["max_csat_drop"] = max_csat_drop
    app = Appetite.coerce(appetite)
    if over:
        app = replace(app, **over)
    opts = list(result.options)
    baseline = baseline_of(opts, baseline)
    n_flips = _check_count("n_flips", n_flips, 0, 10)
    n_resamples = _check_count("n_resamples", n_resamples, 0, 100_000)
    n = int(result.n_paths)
    if n < 2:
        raise ValueError(f"decide needs at least 2 paths, the result has {n}")
    warn_thin_tail(app.rank_by, n)

    total = np.asarray(result.outputs["npv_cost"], dtype=np.float64)
    operating, incident, customer, source = cost_split(result)
    csat = np.asarray(result.outputs["csat_mean"], dtype=np.float64)
    what = "cost" if app.budget_on == "total" else "operating cost"
    idx = {o: i for i, o in enumerate(opts)}
    b = idx[baseline]
    x_rank = total - total[b] if app.rank_on == "excess" else total
    rank_value = rank_statistic(x_rank, app.rank_by)
    scr = screen(app, opts, total if app.budget_on == "total" else operating, csat, b, what)

    order = sorted(range(len(opts)), key=lambda i: (opts[i] in scr.failures, rank_value[i], i))
    ranked = [opts[i] for i in order]
    passing = [o for o in ranked if o not in scr.failures]
    recommended = passing[0] if passing else None
    runner_up = None if recommended is None else (
        passing[1] if len(passing) > 1 else next((o for o in ranked if o != recommended), None))

    p_best: dict[str, float] = {}
    margin = Margin(math.nan, math.nan, math.nan)
    close = False
    seeds = np.random.SeedSequence(0) if n_resamples == 0 else None
    boot_seed, flip_seed = (seeds, seeds) if seeds is not None else _two_seeds(seed)
    if recommended is not None and runner_up is not None and n_resamples:
        cand = [o for o in ranked if o in passing or o == runner_up]
        rows = [idx[o] for o in cand]
        boot = bootstrap_stats(x_rank[rows], app.rank_by, n_resamples, boot_seed,
                               block=sampling_block(result))
        p_best, margin = best_and_margin(boot, rank_value[rows], cand,
                                         cand.index(recommended), cand.index(runner_up))
        if scr.status[runner_up] != "fail":
            close = bool(p_best[recommended] < _P_BEST_CLOSE or margin.ci_low <= 0.0)

    table = _table(ranked, idx, b, rank_value, total, operating, incident, customer, csat,
                   scr, p_best)
    table.attrs.update({"rank_by": app.rank_by, "rank_on": app.rank_on, "baseline": baseline,
                        "n_paths": n, "cost_source": source})
    flips = _no_flips()
    if recommended is not None and runner_up is not None and n_resamples:
        a, r = idx[recommended], idx[runner_up]
        flips = flip_table(result, recommended, runner_up, total[r] - total[a],
                           _relevant(result, [recommended, runner_up]), n_top=n_flips,
                           n_resamples=n_resamples, seed=flip_seed)
    notes: list[str] = []
    if source == "not modelled":
        notes.append("Incident and customer cost are not modelled separately in this result: "
                     "operating cost shows the total.")
    verdict = _verdict(recommended, baseline, app, table, scr, what)
    tradeoff = _tradeoff(recommended, runner_up, table, incident + customer, idx, total)
    return Decision(recommended, runner_up, app, baseline, scr.failures, verdict, tradeoff,
                    table, flips, n, source, close, tuple(notes), p_best, margin,
                    scr.borderline, n_resamples)


def _two_seeds(seed: SeedLike) -> tuple[np.random.SeedSequence, np.random.SeedSequence]:
    a, c = as_seed_sequence(seed).spawn(2)
    return a, c


def _no_flips() -> pd.DataFrame:
    return pd.DataFrame(columns=FLIP_COLUMNS)


def _table(ranked: list[str], idx: Mapping[str, int], b: int, rank_value: F, total: F,
           operating: F, incident: F, customer: F, csat: F, scr: Screen,
           p_best: Mapping[str, float]) -> pd.DataFrame:
    rows = [idx[o] for o in ranked]

    def col(x: F) -> list[float]:
        return [float(x[i].mean()) for i in rows]

    def share(name: str) -> list[float]:
        s = scr.shares.get(name)
        return [math.nan if s is None else float(s[i]) for i in rows]

    return pd.DataFrame(
        {
            "rank_value": [float(rank_value[i]) for i in rows],
            "cost_mean": col(total),
            "cvar95": list(rank_statistic(total[rows], "cvar95")),
            "operating_mean": col(operating),
            "incident_mean": col(incident),
            "customer_mean": col(customer),
            "saving_mean": col(total[b] - total),
            "operating_saving": col(operating[b] - operating),
            "incident_saving": col(incident[b] - incident),
            "customer_saving": col(customer[b] - customer),
            "csat_mean": col(csat),
            "csat_change": col(csat - csat[b]),
            "p_csat_drop": share("p_csat_drop"),
            "p_over_budget": share("p_over_budget"),
            "p_below_floor": share("p_below_floor"),
            "p_best": [p_best.get(o, math.nan) for o in ranked],
            "passes": [o not in scr.failures for o in ranked],
            "status": [scr.status[o] for o in ranked],
            "paths_to_settle": [scr.settle[o] for o in ranked],
            "reasons": ["; ".join(scr.failures.get(o, ())) for o in ranked],
        },
        index=pd.Index(ranked, name="option"),
    )


def _verdict(rec: str | None, baseline: str, app: Appetite, t: pd.DataFrame, scr: Screen,
             what: str) -> str:
    if rec is None:
        best = min(scr.failures, key=lambda o: (scr.gap[o], list(t.index).index(o)))
        return (f"No option meets the appetite; the closest is {option_label(best)} "
                f"({'; '.join(scr.failures[best])}).")
    r = t.loc[rec].to_dict()
    meets = f"{int(t['passes'].sum())} of {len(t)} options meet the appetite"
    if rec == baseline:
        return (f"Recommended: {option_label(rec)} (the baseline). No other option saves "
                f"more and meets the appetite; {meets}.")

    def part(x: float, name: str) -> str:
        return f"{fmt_money(abs(x))} {'less' if x >= 0 else 'more'} {name}"

    s = float(r["saving_mean"])
    cost = (f"saves {fmt_money(s)} on average" if s >= 0
            else f"costs {fmt_money(-s)} more on average")
    split = (f" ({part(float(r['operating_saving']), 'operating cost')}, "
             f"{part(float(r['incident_saving']), 'incident cost')}, "
             f"{part(float(r['customer_saving']), 'customer cost')})")
    base = t.loc[baseline].to_dict()
    probs = []
    if app.max_csat_drop is not None:
        probs.append(f"P(mean CSAT more than {app.max_csat_drop:g} points below "
                     f"{option_label(baseline)}'s) = {fmt_pct(float(r['p_csat_drop']))}")
    if app.csat_floor is not None:
        probs.append(f"P(mean CSAT < {app.csat_floor:g}) = {fmt_pct(float(r['p_below_floor']))}")
    if app.budget is not None:
        probs.append(f"P({what} > {fmt_money(app.budget)}) = "
                     f"{fmt_pct(float(r['p_over_budget']))}")
    return (f"Recommended: {option_label(rec)}. Against {option_label(baseline)} it {cost}"
            f"{split}; mean CSAT {float(r['csat_change']):+.1f} points "
            f"({float(r['csat_mean']):.1f} against {float(base['csat_mean']):.1f})"
            + (f"; {', '.join(probs)}" if probs else "") + f"; {meets}.")


def _tradeoff(rec: str | None, runner: str | None, t: pd.DataFrame, risk: F,
              idx: Mapping[str, int], total: F) -> str:
    if rec is None or runner is None:
        return ""
    a, b = t.loc[rec].to_dict(), t.loc[runner].to_dict()
    d_cost = float(b["cost_mean"] - a["cost_mean"])
    d_op = float(b["operating_mean"] - a["operating_mean"])
    d_in = float(b["incident_mean"] - a["incident_mean"])
    d_cu = float(b["customer_mean"] - a["customer_mean"])
    d_csat = float(a["csat_mean"] - b["csat_mean"])
    p_cheaper = float(np.mean(total[idx[rec]] < total[idx[runner]]))
    cost_words = (f"saves {fmt_money(d_cost)} on average" if d_cost >= 0
                  else f"costs {fmt_money(-d_cost)} more on average")

    def part(x: float, what: str) -> str:
        return f"{fmt_money(abs(x))} {'less' if x >= 0 else 'more'} {what}"

    split = (f" ({part(d_op, 'operating cost')}, {part(d_in, 'incident cost')}, "
             f"{part(d_cu, 'customer cost')})" if np.any(risk) else "")
    csat_words = (f"keeps mean CSAT {d_csat:.1f} points higher" if d_csat >= 0.05
                  else f"gives up {-d_csat:.1f} CSAT points" if d_csat <= -0.05
                  else "leaves CSAT unchanged")
    return (f"Against {option_label(runner)}, {option_label(rec)} {cost_words}{split} and "
            f"{csat_words}; it is cheaper in {fmt_pct(p_cheaper)} of futures.")


def _relevant(result: Result, options: Sequence[str]) -> list[str]:
    """Drawn inputs that can affect ``options``: shared ones and the options' own."""
    names = set(result.options)
    keep = set(options)
    return [p for p in result.inputs
            if p.split(".")[0] not in names or p.split(".")[0] in keep]
