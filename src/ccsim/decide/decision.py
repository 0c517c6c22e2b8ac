"""From figures to a decision: which option, under a declared appetite for risk.

:func:`decide` screens every option against an :class:`Appetite` (a budget with the
largest acceptable chance of exceeding it, a CSAT floor with the largest acceptable
chance of falling below it), ranks the options that pass by a risk statistic of their
cost (by default the mean of the worst 5% of futures, CVaR 95%) and names the inputs
that could flip the verdict. Everything comes from one run, on common random numbers.

Sign convention: a *saving* is ``baseline cost - option cost``; positive means the
option is cheaper.

:func:`breakeven` finds the value of one input at which an option stops paying.

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
from scipy import stats

from ccsim.assumptions import input_label
from ccsim.conventions import SeedLike, as_seed_sequence, baseline_of
from ccsim.format import fmt_money, fmt_pct, option_label
from ccsim.outputs import COST_COMPONENTS, COST_PARTS
from ccsim.stats.estimators import parse_stat

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = [
    "DEFAULT_APPETITE",
    "Appetite",
    "Decision",
    "cost_split",
    "decide",
    "rank_statistic",
    "stat_text",
]

F = NDArray[np.float64]

_CUSTOMER_COMPONENT = "churn_losses"
_INCIDENT_COMPONENT = "breach_losses"


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
    rank_by : str
        Statistic of total cost that ranks the options that pass: ``"cvar95"`` (mean
        of the worst 5% of futures), ``"mean"``, ``"p95"``, ``"p50"``...
    budget_on : str
        ``"total"`` (NPV of all costs, customer losses included) or ``"operating"``
        (the cash cost only) is held against the budget.
    """

    budget: float | None = None
    csat_floor: float | None = None
    max_p_over_budget: float = 0.2
    max_p_below_floor: float = 0.2
    rank_by: str = "cvar95"
    budget_on: str = "total"

    def __post_init__(self) -> None:
        for name, lo, hi in (("budget", 0.0, math.inf), ("csat_floor", 0.0, 100.0)):
            v = getattr(self, name)
            if v is not None:
                _check_number(name, v, lo, hi)
        for name in ("max_p_over_budget", "max_p_below_floor"):
            _check_number(name, getattr(self, name), 0.0, 1.0)
        parse_stat(self.rank_by)
        if parse_stat(self.rank_by)[0] not in ("mean", "quantile", "cvar"):
            raise ValueError(f"rank_by = {self.rank_by!r}; expected 'mean', 'pQ' or 'cvarQ'")
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

    def describe(self) -> str:
        """The appetite in one sentence."""
        parts = []
        what = "cost" if self.budget_on == "total" else "operating cost"
        if self.budget is not None:
            parts.append(f"P({what} > {fmt_money(self.budget)}) at most "
                         f"{fmt_pct(self.max_p_over_budget)}")
        if self.csat_floor is not None:
            parts.append(f"P(mean CSAT < {self.csat_floor:g}) at most "
                         f"{fmt_pct(self.max_p_below_floor)}")
        limits = "; ".join(parts) if parts else "no budget or CSAT limit"
        return f"{limits}; options ranked by {stat_text(self.rank_by)}"


#: The appetite used when none is given: no hard limit, ranked by the mean of the
#: worst 5% of futures (a risk-averse default that a board can see stated).
DEFAULT_APPETITE = Appetite()


def stat_text(stat: str) -> str:
    """Plain words for a statistic name: ``cvar95`` -> ``mean of the worst 5% of futures``."""
    kind, par = parse_stat(stat)
    if kind == "mean":
        return "mean cost"
    if kind == "cvar":
        return f"mean cost of the worst {100 * (1 - par):g}% of futures (CVaR {100 * par:g})"
    return f"{100 * par:g}th percentile of cost"


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
        The option to choose: the best-ranked option that meets the appetite, or
        ``None`` when none does.
    runner_up : str or None
        The next option (the next that passes, else the best-ranked that fails).
    appetite : Appetite
    baseline : str
        Option savings are measured against (``baseline cost - option cost``).
    failures : dict of str to tuple of str
        Each option that fails the appetite and why, with the numbers.
    verdict : str
        The recommendation in one sentence.
    tradeoff : str
        The trade-off between the recommended option and the runner-up in one sentence.
    table : DataFrame
        One row per option (ranked): see :meth:`frame`.
    flips : DataFrame
        The inputs that could flip the verdict: rank correlation (with its 95% CI) of
        each input with the paired saving of the recommended option over the
        runner-up, and the mean saving in the 20% of futures least favourable to the
        recommended option along that input.
    n_paths : int
    cost_source : str
        Where operating and customer cost come from (see :func:`cost_split`).
    close_call : bool
        True when the recommended option and the runner-up differ in the ranking
        statistic by less than two Monte Carlo standard errors.
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

    @property
    def passing(self) -> tuple[str, ...]:
        """Options that meet the appetite, best first."""
        return tuple(self.table.index[self.table["passes"]])

    def frame(self) -> pd.DataFrame:
        """One row per option, best first: ranking statistic (``rank_value``), cost
        split, probabilities against the appetite, ``passes`` and ``reasons``."""
        return self.table.copy()

    def lines(self) -> list[str]:
        """The decision as short lines of text (used by ``repr`` and the report)."""
        out = [self.verdict, f"Appetite: {self.appetite.describe()}"
               + (" (default: none was given)." if self.appetite.is_default else ".")]
        if self.tradeoff:
            out.append(self.tradeoff)
        for o, reasons in self.failures.items():
            out.append(f"{option_label(o)} fails: " + "; ".join(reasons) + ".")
        if len(self.flips):
            out.append("Could flip the verdict: " + "; ".join(self.flips["text"]) + ".")
        out.extend(self.notes)
        return out

    def __repr__(self) -> str:
        t = self.table
        rows = [f"  {option_label(str(o)):<12} {fmt_money(float(r['rank_value'])):>8}  "
                f"operating {fmt_money(float(r['operating_mean'])):>8}  incident "
                f"{fmt_money(float(r['incident_mean'])):>8}  customer "
                f"{fmt_money(float(r['customer_mean'])):>8}  CSAT {float(r['csat_mean']):5.1f}  "
                f"{'passes' if r['passes'] else 'fails'}" for o, r in t.iterrows()]
        body = "\n".join("  " + ln for ln in self.lines())
        return (f"<ccsim.Decision over {self.n_paths:,} paths\n{body}\n  ranked by "
                f"{stat_text(self.appetite.rank_by)}:\n" + "\n".join(rows) + ">")

    def _repr_html_(self) -> str:
        t = self.table
        head = ("<tr><th>Option</th><th>Rank value</th><th>Mean cost</th><th>Operating</th>"
                "<th>Incident</th><th>Customer</th><th>P(over budget)</th><th>Mean CSAT</th>"
                "<th>P(CSAT below floor)</th><th>Verdict</th></tr>")
        body = []
        for o, r in t.iterrows():
            verdict = "passes" if r["passes"] else html.escape(str(r["reasons"]))
            style = ' style="font-weight:bold"' if o == self.recommended else ""
            body.append(
                f"<tr{style}><td>{html.escape(option_label(str(o)))}</td>"
                f"<td>{fmt_money(float(r['rank_value']))}</td>"
                f"<td>{fmt_money(float(r['cost_mean']))}</td>"
                f"<td>{fmt_money(float(r['operating_mean']))}</td>"
                f"<td>{fmt_money(float(r['incident_mean']))}</td>"
                f"<td>{fmt_money(float(r['customer_mean']))}</td>"
                f"<td>{_pct_or_dash(r['p_over_budget'])}</td>"
                f"<td>{float(r['csat_mean']):.1f}</td>"
                f"<td>{_pct_or_dash(r['p_below_floor'])}</td><td>{verdict}</td></tr>")
        items = "".join(f"<li>{html.escape(x)}</li>" for x in self.lines()[1:])
        return (f"<div><p><b>{html.escape(self.verdict)}</b></p><ul>{items}</ul>"
                f"<table>{head}{''.join(body)}</table></div>")


def _pct_or_dash(v: Any) -> str:
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else fmt_pct(float(v))


def _prob_text(p: float) -> str:
    return fmt_pct(p)


def decide(
    result: Result,
    *,
    appetite: Appetite | Mapping[str, Any] | None = None,
    budget: float | None = None,
    csat_floor: float | None = None,
    max_p_over_budget: float | None = None,
    max_p_below_floor: float | None = None,
    rank_by: str | None = None,
    budget_on: str | None = None,
    baseline: str | None = None,
    n_flips: int = 3,
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
        stated as such.
    budget
        Cost budget, US$ NPV over the horizon.
    csat_floor
        Lowest acceptable mean CSAT, 0-100 points.
    max_p_over_budget
        Largest acceptable P(cost > budget), 0-1 (default 0.2).
    max_p_below_floor
        Largest acceptable P(mean CSAT < csat_floor), 0-1 (default 0.2).
    rank_by
        ``"cvar95"`` (default), ``"mean"``, ``"p95"``, ``"cvar90"``... of total cost.
    budget_on
        ``"total"`` (default) or ``"operating"``: which cost is held against the budget.
    baseline
        Option savings are measured against (default ``in_house`` if present, else
        the first option).
    n_flips
        How many inputs that could flip the verdict to name (0-10).
    seed
        Seed of the bootstrap that gives the Monte Carlo error of the ranking
        statistic (``rank_by`` other than ``"mean"``).

    Returns
    -------
    Decision

    Notes
    -----
    An option *fails* when ``P(cost > budget) > max_p_over_budget`` or
    ``P(mean CSAT < csat_floor) > max_p_below_floor``, the probabilities estimated as
    shares of the simulated futures. Options that pass are ranked by ``rank_by``;
    the best is recommended. The inputs that could flip the verdict are ranked by
    ``|rho|``, Spearman's rank correlation of the input with the paired saving
    ``cost[runner_up] - cost[recommended]`` (Fisher-z interval with the
    ``sqrt(1.06 / (n - 3))`` standard error); only inputs whose interval excludes
    zero are named.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=400, seed=3)
    >>> loose = res.decide(rank_by="mean")
    >>> tight = res.decide(rank_by="mean", csat_floor=75)
    >>> loose.recommended != tight.recommended or tight.recommended is None
    True
    """
    over: dict[str, Any] = {k: v for k, v in (("budget", budget), ("csat_floor", csat_floor),
                              ("max_p_over_budget", max_p_over_budget),
                              ("max_p_below_floor", max_p_below_floor),
                              ("rank_by", rank_by), ("budget_on", budget_on))
            if v is not None}
    app = Appetite.coerce(appetite)
    if over:
        app = replace(app, **over)
    opts = list(result.options)
    baseline = baseline_of(opts, baseline)
    if isinstance(n_flips, bool) or not isinstance(n_flips, (int, np.integer)) \
            or not 0 <= n_flips <= 10:
        raise ValueError(f"n_flips = {n_flips!r} is outside the allowed range [0, 10]")
    n = int(result.n_paths)
    if n < 2:
        raise ValueError(f"decide needs at least 2 paths, the result has {n}")

    total = np.asarray(result.outputs["npv_cost"], dtype=np.float64)
    operating, incident, customer, source = cost_split(result)
    csat = np.asarray(result.outputs["csat_mean"], dtype=np.float64)
    held = total if app.budget_on == "total" else operating
    what = "cost" if app.budget_on == "total" else "operating cost"
    rank_value = rank_statistic(total, app.rank_by)

    p_over = (held > app.budget).mean(axis=1) if app.budget is not None else None
    p_below = (csat < app.csat_floor).mean(axis=1) if app.csat_floor is not None else None
    failures: dict[str, tuple[str, ...]] = {}
    for i, o in enumerate(opts):
        reasons = []
        if p_over is not None and app.budget is not None and p_over[i] > app.max_p_over_budget:
            reasons.append(f"P({what} > {fmt_money(app.budget)}) = {_prob_text(p_over[i])} > "
                           f"{fmt_pct(app.max_p_over_budget)}")
        if p_below is not None and app.csat_floor is not None \
                and p_below[i] > app.max_p_below_floor:
            reasons.append(f"P(mean CSAT < {app.csat_floor:g}) = {_prob_text(p_below[i])} > "
                           f"{fmt_pct(app.max_p_below_floor)}")
        if reasons:
            failures[o] = tuple(reasons)

    order = sorted(range(len(opts)), key=lambda i: (opts[i] in failures, rank_value[i], i))
    ranked = [opts[i] for i in order]
    passing = [o for o in ranked if o not in failures]
    recommended = passing[0] if passing else None
    runner_up: str | None
    if recommended is not None:
        runner_up = passing[1] if len(passing) > 1 else next(
            (o for o in ranked if o != recommended), None)
    else:
        runner_up = None

    idx = {o: i for i, o in enumerate(opts)}
    reasons_col = ["; ".join(failures.get(o, ())) for o in ranked]
    table = pd.DataFrame(
        {
            "rank_value": [rank_value[idx[o]] for o in ranked],
            "cost_mean": [total[idx[o]].mean() for o in ranked],
            "operating_mean": [operating[idx[o]].mean() for o in ranked],
            "incident_mean": [incident[idx[o]].mean() for o in ranked],
            "customer_mean": [customer[idx[o]].mean() for o in ranked],
            "saving_mean": [(total[idx[baseline]] - total[idx[o]]).mean() for o in ranked],
            "p_over_budget": [float(p_over[idx[o]]) if p_over is not None else math.nan
                              for o in ranked],
            "csat_mean": [csat[idx[o]].mean() for o in ranked],
            "p_below_floor": [float(p_below[idx[o]]) if p_below is not None else math.nan
                              for o in ranked],
            "passes": [o not in failures for o in ranked],
            "reasons": reasons_col,
        },
        index=pd.Index(ranked, name="option"),
    )
    table.attrs.update({"rank_by": app.rank_by, "baseline": baseline, "n_paths": n,
                        "cost_source": source})

    close = False
    notes: list[str] = []
    flips = _empty_flips()
    if recommended is not None and runner_up is not None:
        a, b = idx[recommended], idx[runner_up]
        diff_se = _rank_diff_se(total[a], total[b], app.rank_by, seed)
        gap = float(rank_value[b] - rank_value[a])
        close = bool(abs(gap) < 2.0 * diff_se) if runner_up not in failures else False
        if close:
            notes.append(f"Close call: {option_label(recommended)} and {option_label(runner_up)} differ by "
                         f"{fmt_money(abs(gap))} in {stat_text(app.rank_by)}, within twice the "
                         f"Monte Carlo error ({fmt_money(diff_se)}); more paths would settle "
                         "it.")
        if n_flips:
            flips = _flips(result, recommended, runner_up, total[b] - total[a], n_flips)
    if source == "not modelled":
        notes.append("Incident and customer cost are not modelled separately in this result: "
                     "operating cost shows the total.")

    verdict = _verdict(recommended, runner_up, app, table, failures, what)
    tradeoff = _tradeoff(recommended, runner_up, table, incident + customer, idx, total)
    return Decision(recommended, runner_up, app, baseline, failures, verdict, tradeoff, table,
                    flips, n, source, close, tuple(notes))


def _verdict(rec: str | None, runner: str | None, app: Appetite, t: pd.DataFrame,
             failures: Mapping[str, Any], what: str) -> str:
    if rec is None:
        best = str(t.index[0])
        return (f"No option meets the appetite; the closest is {option_label(best)} "
                f"({'; '.join(failures[best])}).")
    r = t.loc[rec].to_dict()
    passing = int(t["passes"].sum())
    extra = ""
    if app.budget is not None:
        extra = f", {fmt_pct(float(r['p_over_budget']))} chance of {what} over " \
                f"{fmt_money(app.budget)}"
    return (f"Recommended: {option_label(rec)}, {fmt_money(float(r['rank_value']))} "
            f"{stat_text(app.rank_by)}{extra}; {passing} of {len(t)} options meet the "
            "appetite.")


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
    return (f"Against {option_label(runner)}, {option_label(rec)} {cost_words}{split} and {csat_words}; "
            f"it is cheaper in {fmt_pct(p_cheaper)} of futures.")


def _rank_diff_se(x_rec: F, x_run: F, stat: str, seed: SeedLike) -> float:
    """Monte Carlo standard error of ``stat(x_run) - stat(x_rec)`` on paired paths."""
    d = x_run - x_rec
    if parse_stat(stat)[0] == "mean":
        return float(d.std(ddof=1) / math.sqrt(d.size))
    rng = np.random.default_rng(as_seed_sequence(seed))
    b = 200
    both = np.stack([x_rec, x_run])
    reps = np.empty(b)
    for k in range(b):
        i = rng.integers(0, d.size, d.size)
        v = rank_statistic(both[:, i], stat)
        reps[k] = v[1] - v[0]
    return float(reps.std(ddof=1))


def _empty_flips() -> pd.DataFrame:
    return pd.DataFrame(columns=["input", "label", "spearman", "ci_low", "ci_high",
                                 "adverse_saving", "text"])


def _flips(result: Result, rec: str, runner: str, saving: F, k: int) -> pd.DataFrame:
    """Inputs most rank-correlated with the saving of ``rec`` over ``runner``."""
    names = _relevant(result, [rec, runner])
    if not names or saving.size < 10 or np.ptp(saving) == 0:
        return _empty_flips()
    x = np.stack([result.inputs[p] for p in names], axis=1)
    keep = np.ptp(x, axis=0) > 0
    names = [p for p, kk in zip(names, keep, strict=True) if kk]
    x = x[:, keep]
    if not names:
        return _empty_flips()
    n = saving.size
    rx = stats.rankdata(x, axis=0)
    ry = stats.rankdata(saving)
    rxc = rx - rx.mean(axis=0)
    ryc = ry - ry.mean()
    rho = (rxc * ryc[:, None]).sum(axis=0) / np.sqrt((rxc**2).sum(axis=0) * (ryc**2).sum())
    h = 1.959963984540054 * math.sqrt(1.06 / (n - 3))
    z = np.arctanh(np.clip(rho, -0.999999, 0.999999))
    lo, hi = np.tanh(z - h), np.tanh(z + h)
    order = [j for j in np.argsort(-np.abs(rho), kind="stable") if lo[j] > 0 or hi[j] < 0][:k]
    rows = []
    for j in order:
        p = names[j]
        q = np.quantile(x[:, j], [0.2, 0.8])
        # futures least favourable to the recommended option along this input
        adverse = x[:, j] <= q[0] if rho[j] > 0 else x[:, j] >= q[1]
        s_adv = float(saving[adverse].mean())
        where = "lowest" if rho[j] > 0 else "highest"
        lab = input_label(p, result.scenario)
        if s_adv < 0:
            text = (f"{lab}: where it is {where} (20% of futures), {option_label(runner)} is "
                    f"cheaper by {fmt_money(-s_adv)} on average")
        else:
            text = (f"{lab}: where it is {where} (20% of futures), the saving over "
                    f"{option_label(runner)} shrinks to {fmt_money(s_adv)}")
        rows.append({"input": p, "label": lab, "spearman": float(rho[j]), "ci_low": float(lo[j]),
                     "ci_high": float(hi[j]), "adverse_saving": s_adv, "text": text})
    return pd.DataFrame(rows, columns=list(_empty_flips().columns))


def _relevant(result: Result, options: Sequence[str]) -> list[str]:
    """Drawn inputs that can affect ``options``: shared ones and the options' own."""
    names = set(result.options)
    keep = set(options)
    return [p for p in result.inputs
            if p.split(".")[0] not in names or p.split(".")[0] in keep]
