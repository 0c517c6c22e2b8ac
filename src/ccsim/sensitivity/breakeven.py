"""Break-even: the value of one input at which an option stops paying.

The mean saving of ``option`` over ``baseline`` (``baseline cost - option cost``,
positive = cheaper) is a function of the input once the input is fixed at a value,
every other input keeping its distribution. Every evaluation uses the same seed, so
the paths share their random numbers (common random numbers) and the function is a
smooth, deterministic curve in the input: Brent's method finds its zero.

Examples
--------
>>> import ccsim
>>> be = ccsim.breakeven(ccsim.default_scenario(), "offshore.staffing.price_per_hour",
...                      option="offshore", baseline="in_house", n_paths=200, seed=1)
>>> be.status in ("crossing", "always_saves", "never_saves")
True
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import optimize

from ccsim.assumptions import input_label, plain_value
from ccsim.conventions import SeedLike, baseline_of
from ccsim.dist import as_distribution, is_uncertain
from ccsim.errors import UnknownParameterError
from ccsim.format import fmt_pct, option_label
from ccsim.run.simulate import simulate
from ccsim.sampling.streams import SeedRoot, resolve_seed

if TYPE_CHECKING:
    from ccsim.scenario import Scenario

__all__ = ["Breakeven", "breakeven"]

F = NDArray[np.float64]
_Z = 1.959963984540054


@dataclass(frozen=True, eq=False)
class Breakeven:
    """Where an option's mean saving crosses zero as one input varies.

    Attributes
    ----------
    input : str
        Dotted path of the input.
    option, baseline : str
    value : float or None
        The break-even value (``None`` when the saving keeps one sign over the bracket).
    se : float or None
        Monte Carlo standard error of ``value``: the standard error of the mean saving
        at the root divided by the slope of the saving curve there (delta method).
        It is the precision of the estimate, not business uncertainty.
    ci_low, ci_high : float or None
        ``value -/+ 1.96 se``.
    slope : float or None
        Change of the mean saving per unit of the input at the root, US$.
    status : str
        ``"crossing"``, ``"always_saves"`` or ``"never_saves"`` (over the bracket).
    bracket : tuple of float
    p_beyond : float or None
        Probability, under the input's own distribution, that the input lies on the
        losing side of the break-even (``None`` for a fixed input).
    curve : DataFrame
        Every evaluation: ``value``, ``saving_mean``, ``saving_se``.
    n_paths : int
    seed : int or SeedRoot
        Seed shared by every evaluation: its entropy (with its spawn key when the seed
        had one); pass it back to repeat the search.
    unit, label : str
    """

    input: str
    option: str
    baseline: str
    value: float | None
    se: float | None
    ci_low: float | None
    ci_high: float | None
    slope: float | None
    status: str
    bracket: tuple[float, float]
    p_beyond: float | None
    curve: pd.DataFrame
    n_paths: int
    seed: int | SeedRoot
    unit: str = ""
    label: str = ""

    def frame(self) -> pd.DataFrame:
        """One row: input, option, baseline, value, se, ci_low, ci_high, slope, status,
        p_beyond."""
        return pd.DataFrame([{
            "input": self.input, "option": self.option, "baseline": self.baseline,
            "value": self.value, "se": self.se, "ci_low": self.ci_low, "ci_high": self.ci_high,
            "slope": self.slope, "status": self.status, "p_beyond": self.p_beyond,
        }])

    def sentence(self) -> str:
        """The break-even in one sentence of plain words."""
        o, b = option_label(self.option), option_label(self.baseline)
        lo, hi = (plain_value(v, self.unit) for v in self.bracket)
        if self.status == "always_saves":
            return (f"{o} saves against {b} at every {self.label.lower()} from {lo} to {hi}.")
        if self.status == "never_saves":
            return f"{o} never saves against {b} for {self.label.lower()} from {lo} to {hi}."
        assert self.value is not None and self.slope is not None and self.se is not None
        side = "above" if self.slope < 0 else "below"
        chance = ("" if self.p_beyond is None else
                  f"; under the assumed range that has a {fmt_pct(self.p_beyond)} chance")
        return (f"{o} stops paying against {b} when {self.label.lower()} is {side} "
                f"{plain_value(self.value, self.unit)} (Monte Carlo precision "
                f"±{plain_value(_Z * self.se, self.unit)}){chance}.")

    def __repr__(self) -> str:
        return (f"<ccsim.Breakeven {self.input}: {self.option} vs {self.baseline} over "
                f"{self.n_paths:,} paths, {len(self.curve)} runs\n  {self.sentence()}>")

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.sentence())}</p>" + self.frame().to_html(index=False)


def breakeven(
    scenario: Scenario,
    input: str,
    *,
    option: str,
    baseline: str | None = None,
    n_paths: int = 2000,
    seed: SeedLike = None,
    bracket: tuple[float, float] | None = None,
    metric: str = "npv_cost",
    xtol: float | None = None,
) -> Breakeven:
    """The value of ``input`` at which ``option``'s mean saving over ``baseline`` is zero.

    Parameters
    ----------
    scenario
        The scenario.
    input
        Dotted path of a numeric input, e.g. ``"offshore.staffing.price_per_hour"``.
    option, baseline
        Options compared; the saving is ``baseline cost - option cost``. ``baseline``
        defaults to ``in_house`` (else the first other option), as everywhere in ccsim.
    n_paths
        Paths of each evaluation (at least 100).
    seed
        Seed shared by every evaluation (common random numbers); ``None`` draws fresh
        entropy once (returned as ``.seed``).
    bracket
        Search interval (default: the input's 1st to 99th percentile, or half to twice
        a fixed value), within the parameter's allowed range.
    metric
        Cost output whose saving is examined (default ``npv_cost``).
    xtol
        Absolute tolerance on the root (default: 1e-4 of the bracket width).

    Returns
    -------
    Breakeven

    Notes
    -----
    With ``s(x)`` the mean paired saving with the input fixed at ``x`` (other inputs
    keep their distributions; correlations involving the input are dropped for all
    evaluations), Brent's method solves ``s(x) = 0`` in the bracket. The precision of
    the root follows from the delta method: ``se(x*) = se(s(x*)) / |s'(x*)|``, with
    ``se(s) = sd(saving) / sqrt(n)`` and the slope ``s'`` from a central difference
    over 2% of the bracket, both on the same random numbers.

    Raises
    ------
    KeyError, ValueError, TypeError
        For an unknown input or option, or invalid arguments, before any simulation.
    """

    meta = {p: (v, m) for p, v, m in scenario.parameters()}
    if option not in scenario.option_names:
        raise ValueError(f"option = {option!r} is not an option; options are "
                         f"{list(scenario.option_names)}")
    baseline = baseline_of(scenario.option_names, baseline, option=option)
    keep = _compared(scenario, option, baseline)
    _check_input_moves_the_saving(scenario, input, meta, keep, option, baseline)
    if isinstance(n_paths, bool) or not isinstance(n_paths, (int, np.integer)) \
            or not 100 <= n_paths <= 10_000_000:
        raise ValueError(f"n_paths = {n_paths!r} is outside the allowed range [100, 10000000]")
    value, m = meta[input]
    if m.get("per_event"):
        raise ValueError(f"input = {input!r} is drawn per event; pick an input drawn per path")
    lo_ok, hi_ok = m.get("range", (-math.inf, math.inf))
    dist = as_distribution(value) if is_uncertain(value) else None
    if bracket is None:
        if dist is not None:
            a, b = (float(v) for v in dist.ppf(np.array([0.01, 0.99])))
        elif value is None:
            raise ValueError(f"input = {input!r} is set automatically; give a bracket")
        else:
            a, b = sorted((0.5 * float(value), 2.0 * float(value)))
        a, b = max(a, lo_ok), min(b, hi_ok)
    else:
        a, b = (float(v) for v in bracket)
    if not (math.isfinite(a) and math.isfinite(b) and a < b):
        raise ValueError(f"bracket = ({a!r}, {b!r}) must be two finite numbers, low < high")
    if a < lo_ok or b > hi_ok:
        raise ValueError(f"bracket = ({a:g}, {b:g}) is outside the allowed range of {input} "
                         f"[{lo_ok:g}, {hi_ok:g}]")
    seed_root = resolve_seed(seed)
    tol = (b - a) * 1e-4 if xtol is None else float(xtol)
    if not tol > 0:
        raise ValueError(f"xtol = {xtol!r} must be > 0")

    sc = scenario.with_overrides(correlations=tuple(
        c for c in scenario.correlations
        if input not in c[:2] and c[0].split(".")[0] not in _dropped(scenario, keep)
        and c[1].split(".")[0] not in _dropped(scenario, keep)))
    for o in scenario.option_names:
        if o not in keep:
            sc = sc.without_option(o)
    integer = bool(m.get("integer"))
    cache: dict[float, F] = {}

    def savings(x: float) -> F:
        x = float(round(x)) if integer else float(x)
        if x not in cache:
            r = simulate(sc.with_overrides({input: x}), int(n_paths), seed=seed_root,
                         keep_monthly=False, progress=False)
            cache[x] = np.asarray(r.values(metric, baseline) - r.values(metric, option),
                                  dtype=np.float64)
        return cache[x]

    def f(x: float) -> float:
        return float(savings(x).mean())

    fa, fb = f(a), f(b)
    root: float | None = None
    se = slope = lo_ci = hi_ci = p_beyond = None
    if fa * fb > 0 or (fa == 0 and fb == 0):
        status = "always_saves" if fa > 0 else "never_saves"
    else:
        status = "crossing"
        root = a if fa == 0 else b if fb == 0 else float(
            optimize.brentq(f, a, b, xtol=tol, maxiter=60))
        h = 0.01 * (b - a)
        x0, x1 = max(a, root - h), min(b, root + h)
        slope = (f(x1) - f(x0)) / (x1 - x0)
        s_root = savings(root)
        se_s = float(s_root.std(ddof=1) / math.sqrt(s_root.size))
        se = se_s / abs(slope) if slope != 0 else math.inf
        lo_ci, hi_ci = root - _Z * se, root + _Z * se
        if dist is not None:
            grid = np.linspace(0.0, 1.0, 20001)[1:-1]
            u = float(np.interp(root, np.maximum.accumulate(dist.ppf(grid)), grid,
                                left=0.0, right=1.0))
            p_beyond = (1.0 - u) if slope < 0 else u
    curve = pd.DataFrame(
        [(x, float(s.mean()), float(s.std(ddof=1) / math.sqrt(s.size))) for x, s in
         sorted(cache.items())], columns=["value", "saving_mean", "saving_se"])
    return Breakeven(input, option, baseline, root, se, lo_ci, hi_ci, slope, status, (a, b),
                     p_beyond, curve, int(n_paths),
                     seed_root if seed_root.spawn_key else seed_root.entropy,
                     str(m.get("unit", "")),
                     input_label(input, scenario))


def _dropped(scenario: Scenario, keep: tuple[str, ...]) -> set[str]:
    return {o for o in scenario.option_names if o not in keep}


def _compared(scenario: Scenario, option: str, baseline: str) -> tuple[str, ...]:
    """The options a break-even simulates: the two compared and, for each, the vendor
    options its work falls back to after an exit (in order, each once)."""
    keep: list[str] = []
    todo = [option, baseline]
    while todo:
        name = todo.pop(0)
        if name in keep or name not in scenario.option_names:
            continue
        keep.append(name)
        todo.append(scenario.option(name).fallback)
    return tuple(keep)


#: The price each pricing model bills (``contract.pricing``); the others are unused.
_PRICES = {"per_fte": "price_per_fte_month", "per_call": "price_per_call",
           "per_minute": "price_per_minute"}


def _check_input_moves_the_saving(
    scenario: Scenario, input: str, meta: dict[str, tuple[Any, Any]],
    keep: tuple[str, ...], option: str, baseline: str,
) -> None:
    """Refuse, naming the option and why, an input the compared options never use."""
    head, _, rest = input.partition(".") if isinstance(input, str) else ("", "", "")
    compared = f"option = {option!r}, baseline = {baseline!r}"
    if input not in meta:
        if head in scenario.option_names and not scenario.option(head).is_vendor:
            raise ValueError(f"input = {input!r}: {head}.vendor_share = 0, so option {head!r} "
                             f"has no vendor and no vendor inputs; set a vendor share above 0 "
                             f"or pick another input")
        if "." in rest and head not in {p.split(".")[0] for p in meta}:
            raise UnknownParameterError(f"input = {input!r}: the scenario has no option or part named "
                           f"{head!r} (it may have been removed); options are "
                           f"{list(scenario.option_names)}")
        raise UnknownParameterError(f"input = {input!r} is not a parameter of the scenario")
    if head in scenario.option_names and head not in keep:
        raise ValueError(f"input = {input!r} belongs to option {head!r}, which is not compared "
                         f"({compared}, nor an option their work falls back to), so it cannot "
                         f"change the saving; compare {head!r} or pick an input of "
                         f"{' or '.join(map(repr, keep))} or of the scenario's shared parts")
    if head in scenario.option_names and rest != "vendor_share":
        opt = scenario.option(head)
        if not opt.is_vendor:
            raise ValueError(f"input = {input!r}: {head}.vendor_share = 0, so option {head!r} "
                             f"sends no call to its vendor and this input cannot change the "
                             f"saving; set a vendor share above 0 or pick another input")
        field = rest.removeprefix("contract.")
        pricing = opt.contract.pricing if opt.contract is not None else "per_hour"
        if field in _PRICES.values() and _PRICES.get(pricing) != field:
            raise ValueError(f"input = {input!r}: {head}.contract.pricing = {pricing!r}, so "
                             f"option {head!r} never bills {field}; set the pricing to the "
                             f"model it prices or pick {head}.{_PRICE_OF[pricing]}")


_PRICE_OF = {"per_hour": "staffing.price_per_hour",
             **{k: f"contract.{v}" for k, v in _PRICES.items()}}
