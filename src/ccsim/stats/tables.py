"""Typed results of the tail-risk and dominance analyses, shared by the runs that keep
their paths (:mod:`ccsim.decide.analysis`) and the streaming runs (:mod:`ccsim.run.summaries`).

Each result keeps its tidy table in ``.table`` and what it was computed with as typed
fields; ``.frame()`` gives the tidy DataFrame (with the fields in ``attrs``, as earlier
versions returned it), ``repr`` and Jupyter's HTML view show money in $M / $k and shares
in %.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"option": ["in_house", "in_house"], "stat": ["var95", "cvar95"],
...                   "estimate": [80.2e6, 84.9e6], "se": [0.4e6, 0.5e6],
...                   "ci_low": [79.4e6, 83.9e6], "ci_high": [81.0e6, 85.9e6]})
>>> r = Risk(t, "npv_cost", ("in_house",), (0.95,), 0.95, 1000)
>>> print(r)
<Risk of npv_cost over 1,000 paths (95% CIs in .table)
  option    var95   cvar95
  in_house  $80.2M  $84.9M>
>>> r.frame().attrs["n_paths"]
1000
"""

from __future__ import annotations

import html
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ccsim._display import _html_table
from ccsim.format import fmt_number, fmt_pct, fmt_value
from ccsim.outputs import OUTPUTS

F = NDArray[np.float64]

__all__ = ["Comparison", "Convergence", "DeltaIndices", "Dominance", "Importance", "Risk",
           "SobolIndices", "TableResult", "metric_kind"]


def metric_kind(metric: str) -> str:
    """How values of ``metric`` are shown (``"money"``, ``"pct"``, ...; see :mod:`ccsim.outputs`)."""
    out = OUTPUTS.get(metric)
    return out.kind if out is not None else "number"


def _text_table(rows: list[list[str]], indent: str = "  ") -> list[str]:
    """Left-aligned columns, two spaces apart beyond the widest cell."""
    widths = [max(len(r[j]) for r in rows) for j in range(len(rows[0]))]
    return [indent + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
            for r in rows]


# ---------------------------------------------------------------------------- compare


@dataclass(frozen=True, eq=False)
class Comparison:
    """Paired comparison of an option with a baseline on common random numbers.

    Sign convention (the same in every ccsim table and figure): the **saving** is the
    option's advantage over the baseline on each path, positive when the option is
    better: ``baseline - option`` for a cost (positive = cheaper), ``option -
    baseline`` for a metric where higher is better (CSAT, service level, ...).

    Attributes
    ----------
    option, baseline, metric : str
    saving : ndarray
        Per-path saving, shape ``(path,)`` (empty for a streaming run, which keeps no
        paths; :attr:`n_paths` still counts them).
    table : DataFrame
        One row per statistic: ``saving_mean``, quantiles ``saving_p05``, ... and
        ``p_better`` (share of paths on which the option is strictly better, ties
        counted half), with ``estimate``, ``se``, ``ci_low``, ``ci_high``.
    variance_ratio : float
        ``(Var option + Var baseline) / Var(saving)``: how many times more paths
        independent sampling would need for the same precision of the mean saving.
    higher_is_better : bool
    level : float
    """

    option: str
    baseline: str
    metric: str
    saving: F
    table: pd.DataFrame
    variance_ratio: float
    higher_is_better: bool
    level: float

    @property
    def a(self) -> str:
        """Old name of :attr:`option`."""
        return self.option

    @property
    def b(self) -> str:
        """Old name of :attr:`baseline`."""
        return self.baseline

    @property
    def n_paths(self) -> int:
        """Paired paths behind the estimates."""
        return int(self.saving.size or self.table.attrs.get("n_paths", 0))

    @property
    def diff(self) -> F:
        """Deprecated: per-path ``option - baseline``; use :attr:`saving`."""
        warnings.warn("Comparison.diff (option - baseline) is deprecated; use .saving "
                      "(positive = the option is better)", DeprecationWarning, stacklevel=2)
        return -self.saving if not self.higher_is_better else self.saving.copy()

    def frame(self) -> pd.DataFrame:
        """Tidy table: ``option``, ``baseline``, ``metric``, ``stat`` and the estimates."""
        df = self.table.reset_index()
        df.insert(0, "metric", self.metric)
        df.insert(0, "baseline", self.baseline)
        df.insert(0, "option", self.option)
        return df

    def _kind(self) -> str:
        return metric_kind(self.metric)

    def __repr__(self) -> str:
        t, k = self.table, self._kind()
        mean, p = t.loc["saving_mean"], t.loc["p_better"]
        what = "cheaper" if not self.higher_is_better else "higher"
        f = lambda v: fmt_value(k, float(v), stat="saving")  # noqa: E731
        return (
            f"<Comparison of {self.option} with {self.baseline} on {self.metric}, "
            f"{self.n_paths:,} paired paths\n"
            f"  mean saving {f(mean.estimate)} ({100 * self.level:g}% CI {f(mean.ci_low)} to "
            f"{f(mean.ci_high)}; positive = {self.option} {what})\n"
            f"  P({self.option} better) = {100 * p.estimate:.1f}% "
            f"(CI {100 * p.ci_low:.1f}% to {100 * p.ci_high:.1f}%)\n"
            f"  common random numbers cut the variance {self.variance_ratio:,.1f}x>"
        )

    def _repr_html_(self) -> str:
        head = (f"<p><b>{self.option}</b> vs <b>{self.baseline}</b> on {self.metric}: saving "
                f"= advantage of {self.option}, positive = better; {self.n_paths:,} "
                f"paired paths</p>")
        return head + _html_table(self.table, self._kind(), lambda i, c: i)


# ---------------------------------------------------------------------------- one-table results


@dataclass(frozen=True, eq=False)
class TableResult:
    """An analysis whose answer is one table: ``.frame()`` gives it (a copy, its
    settings in ``attrs``); ``repr`` and Jupyter show it with readable numbers.

    Reading it as a DataFrame (``r["input"]``, ``r.head()``) still works for one
    release, with a ``DeprecationWarning``: call ``.frame()``.
    """

    table: pd.DataFrame

    def frame(self) -> pd.DataFrame:
        """The table (a copy, with its ``attrs``)."""
        df = self.table.copy()
        df.attrs = dict(self.table.attrs)
        return df

    def _head(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        body = self.table.to_string(max_rows=20, float_format=fmt_number)
        return f"<{self._head()}\n{body}>"

    def _repr_html_(self) -> str:
        return (f"<p>{html.escape(self._head())}</p>"
                + self.table.to_html(max_rows=20, float_format=fmt_number))

    def __getitem__(self, key: Any) -> Any:
        _warn_frame(type(self).__name__)
        return self.table[key]

    def __len__(self) -> int:
        return len(self.table)

    def __getattr__(self, name: str) -> Any:
        # only DataFrame members, and never during (un)pickling or copying
        if name.startswith("__") or "table" not in self.__dict__ \
                or not hasattr(pd.DataFrame, name):
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        _warn_frame(type(self).__name__)
        return getattr(self.table, name)


def _warn_frame(cls: str) -> None:
    warnings.warn(f"{cls} is a result object: read its table with .frame()",
                  DeprecationWarning, stacklevel=3)


class Convergence(TableResult):
    """Running estimate of a statistic as paths accumulate (:func:`ccsim.decide.analysis.convergence`):
    ``option``, ``n_paths``, ``estimate``, ``se``, ``ci_low``, ``ci_high``, ``rel_halfwidth``."""

    def _head(self) -> str:
        a = self.table.attrs
        return (f"Convergence of the {a.get('stat')} of {a.get('metric')} "
                f"({100 * float(a.get('level', 0.95)):g}% band)")


class Importance(TableResult):
    """Rank correlation and contribution to variance of each input, from one run
    (:func:`ccsim.sensitivity.input_importance`)."""

    def _head(self) -> str:
        a = self.table.attrs
        vs = f" vs {a['baseline']}" if a.get("baseline") else ""
        return f"Input importance for {a.get('option')}{vs} on {a.get('metric')}"


class SobolIndices(TableResult):
    """First-order and total Sobol' indices with confidence half-widths
    (:func:`ccsim.sensitivity.sobol_indices`, :func:`ccsim.sensitivity.sobol_analyze`):
    ``input``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``."""

    def _head(self) -> str:
        return "Sobol' indices (first order S1, total ST)"


class DeltaIndices(TableResult):
    """Borgonovo's moment-independent delta and first-order indices from one run
    (:func:`ccsim.sensitivity.delta_indices`)."""

    def _head(self) -> str:
        return "Delta indices (moment-independent importance)"


# ---------------------------------------------------------------------------- risk


@dataclass(frozen=True, eq=False)
class Risk:
    """Tail risk of a cost and threshold probabilities per option, with intervals.

    Returned by :func:`ccsim.decide.analysis.risk` (``Result.risk``) and
    :meth:`ccsim.run.summaries.StreamingResult.risk`.

    Attributes
    ----------
    table : DataFrame
        Tidy: one row per (option, stat), columns ``option``, ``stat`` (``var90``,
        ``cvar90``, ... ``p_over_budget``, ``p_csat_below``, ``p_joint_ok``),
        ``estimate``, ``se``, ``ci_low``, ``ci_high``; a streaming run adds ``n_tail``
        (tail paths behind each CVaR).
    metric : str
        The cost output.
    options : tuple of str
    levels : tuple of float
        VaR / CVaR levels.
    level : float
        Confidence level of the intervals.
    n_paths : int
    budget, csat_floor : float or None
        The thresholds of ``p_over_budget``, ``p_csat_below`` and ``p_joint_ok``
        (``.csat_target`` is the floor's deprecated old name).
    streaming : bool
        True when quantiles and CVaR come from quantile sketches (a run with
        ``keep_paths=False``).
    """

    table: pd.DataFrame
    metric: str
    options: tuple[str, ...]
    levels: tuple[float, ...]
    level: float
    n_paths: int
    budget: float | None = None
    csat_floor: float | None = None
    streaming: bool = False

    @property
    def csat_target(self) -> float | None:
        """Deprecated old name of :attr:`csat_floor`."""
        warnings.warn("Risk.csat_target is deprecated; use .csat_floor", DeprecationWarning,
                      stacklevel=2)
        return self.csat_floor

    def frame(self) -> pd.DataFrame:
        """The tidy table (a copy), its thresholds and levels in ``attrs``.

        ``r.frame().pivot(index="option", columns="stat", values="estimate")`` gives the
        wide view; :meth:`wide` keeps the options' and statistics' order.
        """
        df = self.table.copy()
        df.attrs.clear()
        df.attrs["metric"] = self.metric
        if not self.streaming:
            df.attrs.update({"budget": self.budget, "csat_floor": self.csat_floor})
        df.attrs.update({"levels": self.levels, "level": self.level, "n_paths": self.n_paths})
        return df

    def wide(self, value: str = "estimate") -> pd.DataFrame:
        """One row per option, one column per statistic, of ``value`` (e.g. ``"ci_high"``)."""
        stats = list(dict.fromkeys(self.table["stat"]))
        w = self.table.pivot(index="option", columns="stat", values=value)
        return w.loc[list(self.options), stats].rename_axis(columns=None)

    def __repr__(self) -> str:
        kind = metric_kind(self.metric)
        est = self.wide()
        head = (f"<Risk of {self.metric} over {self.n_paths:,} paths"
                + (", from quantile sketches" if self.streaming else "")
                + f" ({100 * self.level:g}% CIs in .table)")
        limits = []
        if self.budget is not None:
            limits.append(f"budget {fmt_value(kind, float(self.budget), stat='budget')}")
        if self.csat_floor is not None:
            limits.append(f"CSAT floor {float(self.csat_floor):g}")
        if limits:
            head += "; " + ", ".join(limits)
        rows = [["option", *est.columns]]
        rows += [[str(o), *(fmt_value(kind, float(v), stat=str(s)) for s, v in r.items())]
                 for o, r in est.iterrows()]
        return "\n".join([head, *_text_table(rows)]) + ">"

    def _repr_html_(self) -> str:
        head = (f"<p>Tail risk of {html.escape(self.metric)} over {self.n_paths:,} paths"
                + (" (from quantile sketches)" if self.streaming else "")
                + f", {100 * self.level:g}% confidence intervals</p>")
        t = self.table.set_index(["option", "stat"])
        if "n_tail" in t:
            t["n_tail"] = ["" if pd.isna(v) else f"{int(v):,}" for v in t["n_tail"]]
        return head + _html_table(t, metric_kind(self.metric), lambda i, c: i[1])


# ---------------------------------------------------------------------------- dominance

_STATUS_SHOWN = ("established", "observed")


@dataclass(frozen=True, eq=False)
class Dominance:
    """First- and second-order stochastic dominance between every ordered pair of options.

    Returned by :func:`ccsim.decide.analysis.dominance` (``Result.dominance``).

    Attributes
    ----------
    table : DataFrame
        One row per ordered pair ``(a, b)``; the columns are described in
        :func:`ccsim.decide.analysis.dominance` (``fsd``, ``ssd``, ``fsd_status``,
        ``fsd_violation``, ``fsd_eps``, ``p_a_better``, ...).
    metric : str
    options : tuple of str
    higher_is_better : bool
        Direction of ``metric`` (a cost is turned into a gain, ``-cost``).
    n_paths : int
    level : float
        Confidence level of the bound on the largest violation.
    n_resamples : int
        Paired bootstrap resamples (0: none; ``.n_boot`` is its deprecated old name).

    Notes
    -----
    What "established" covers: the futures the sample can see. A set of futures of
    probability ``p`` holds no path at all with probability ``(1 - p)^n``, so at
    confidence ``level`` the sample speaks only for sets of probability at least
    :attr:`untested_below` ``= 1 - (1 - level)^(1/n)`` (about ``3 / n``: 0.3% at 1,000
    paths). A loss confined to rarer futures (say the worst 0.2%) is absent from most
    samples, and neither the sample nor a bootstrap of it can see it: "established"
    second-order dominance was measured to fire 9.7% of the time in that case. It means
    "holds over the simulated range, robust to resampling", not "holds in every
    future"; for tail risk read the CVaR of :meth:`ccsim.Result.risk` at a level the
    run's paths support, or simulate more paths.
    """

    table: pd.DataFrame
    metric: str
    options: tuple[str, ...]
    higher_is_better: bool
    n_paths: int
    level: float
    n_resamples: int

    @property
    def n_boot(self) -> int:
        """Deprecated old name of :attr:`n_resamples`."""
        warnings.warn("Dominance.n_boot is deprecated; use .n_resamples", DeprecationWarning,
                      stacklevel=2)
        return self.n_resamples

    @property
    def untested_below(self) -> float:
        """Probability below which a set of futures may hold no path at all.

        ``1 - (1 - level)^(1/n)``: a set of futures at least this likely holds a path
        with probability ``level``; dominance over rarer futures is untested (see the
        class notes).
        """
        n = max(int(self.n_paths), 1)
        return float(-np.expm1(np.log1p(-self.level) / n))

    def frame(self) -> pd.DataFrame:
        """The pair table (a copy), the fields in ``attrs``."""
        df = self.table.copy()
        df.attrs = {"metric": self.metric, "higher_is_better": self.higher_is_better,
                    "n_paths": self.n_paths, "level": self.level,
                    "n_resamples": self.n_resamples}
        return df

    def _scope(self) -> str:
        return (f"'established' covers the simulated futures only: a set of futures less "
                f"likely than {fmt_pct(self.untested_below, 2)} may hold no path "
                f"({100 * self.level:g}% confidence), and a loss confined to it is untested")

    def status(self, order: str = "ssd") -> pd.DataFrame:
        """Option x option matrix of ``fsd_status`` or ``ssd_status`` (row dominates column)."""
        if order not in ("fsd", "ssd"):
            raise ValueError(f"order = {order!r}; expected 'fsd' or 'ssd'")
        m = self.table.pivot(index="a", columns="b", values=f"{order}_status")
        return m.reindex(index=list(self.options), columns=list(self.options)).fillna("")

    def _pairs(self) -> pd.DataFrame:
        t = self.table
        return t[t["fsd_status"].isin(_STATUS_SHOWN) | t["ssd_status"].isin(_STATUS_SHOWN)]

    def _head(self) -> str:
        way = "higher" if self.higher_is_better else "lower"
        boot = (f"{self.n_resamples:,} bootstrap resamples" if self.n_resamples
                else "no bootstrap (status at most 'observed')")
        return (f"Dominance on {self.metric} ({way} is better), {len(self.options)} options, "
                f"{self.n_paths:,} paths, {boot}")

    def __repr__(self) -> str:
        lines = [f"<{self._head()}"]
        pairs = self._pairs()
        for _, r in pairs.iterrows():
            lines.append(f"  {r['a']} over {r['b']}: first order: {r['fsd_status']}, second "
                         f"order: {r['ssd_status']}; P({r['a']} better) = "
                         f"{100 * float(r['p_a_better']):.1f}%")
        if pairs.empty:
            lines.append("  no option dominates another at first or second order")
        else:
            lines.append(f"  no dominance in the other {len(self.table) - len(pairs)} "
                         "ordered pairs")
            lines.append(f"  {self._scope()}")
        return "\n".join(lines) + ">"

    def _repr_html_(self) -> str:
        kind = metric_kind(self.metric)
        t = self.table.set_index(["a", "b"])
        shown = pd.DataFrame(index=t.index)
        for c in ("fsd_status", "ssd_status"):
            shown[c] = t[c]
        for c in ("fsd_violation", "ssd_violation"):
            shown[c] = [fmt_value(kind, float(v), stat=c) for v in t[c]]
        for c in ("fsd_eps", "ssd_eps"):
            shown[c] = [f"{v:.3f} ± {s:.3f}" for v, s in zip(t[c], t[f"{c}_se"], strict=True)]
        shown["p_a_better"] = [fmt_value(kind, float(v), stat="p_a_better") for v in t["p_a_better"]]
        return (f"<p>{html.escape(self._head())}</p>" + str(shown.to_html(escape=True))
                + f"<p>Scope: {html.escape(self._scope())}.</p>")
