"""Break-even: the value of one input at which an option stops paying.

The mean saving of ``option`` over ``baseline`` (``baseline cost - option cost``,
positive = cheaper) is a function of the input once the input is fixed at a value,
every other input keeping its distribution. Every evaluation uses the same seed, so
the paths share their random numbers (common random numbers) and the function is a
smooth, deterministic curve in the input: Brent's method finds its zero.

Without a bracket the search starts on the input's assumed range (its 1st to 99th
percentile) and, when the saving keeps one sign there, widens it outward in geometric
steps (each step moves the end by twice the previous step, starting at the assumed
range's width) toward the side where the saving is closer to zero, at most
:data:`MAX_WIDENINGS` times in all and never past the parameter's documented limits
(its allowed range). When the sign still does not change, the result says so plainly:
the option saves (or never saves) at every value up to the documented limit, or as far
as the search went.

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
from ccsim.errors import SimulationError, UnknownParameterError
from ccsim.format import fmt_pct, option_label
from ccsim.run.simulate import simulate
from ccsim.sampling.streams import SeedRoot, StreamCache, resolve_seed

if TYPE_CHECKING:
    from ccsim.scenario import Scenario

__all__ = ["MAX_WIDENINGS", "Breakeven", "breakeven"]

F = NDArray[np.float64]
_Z = 1.959963984540054

#: The most times the search interval is widened beyond the input's assumed range. The
#: steps double, so 12 widenings reach 4,095 times the assumed range's width beyond it.
MAX_WIDENINGS = 12

#: Why the search stopped at an end of the interval (:attr:`Breakeven.limits`).
_LIMIT_WORDS = {"documented": "the documented limit", "searched": "as far as the search went",
                "model": "the last value the model could simulate"}


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
        The whole interval searched (the assumed range, widened when needed).
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
    prior : tuple of float or None
        The interval the search started from (the input's assumed range, or the
        bracket given).
    limits : tuple of str
        Why the search ended at the low and high end of ``bracket``: ``""`` (not
        widened on that side, or a crossing was found), ``"documented"`` (the
        parameter's allowed limit), ``"searched"`` (:data:`MAX_WIDENINGS` reached) or
        ``"model"`` (the model cannot simulate values beyond it).
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
    prior: tuple[float, float] | None = None
    limits: tuple[str, str] = ("", "")

    @property
    def widened(self) -> bool:
        """True when the search went beyond the interval it started from."""
        return self.prior is not None and tuple(self.prior) != tuple(self.bracket)

    def frame(self) -> pd.DataFrame:
        """One row: input, option, baseline, value, se, ci_low, ci_high, slope, status,
        p_beyond."""
        return pd.DataFrame([{
            "input": self.input, "option": self.option, "baseline": self.baseline,
            "value": self.value, "se": self.se, "ci_low": self.ci_low, "ci_high": self.ci_high,
            "slope": self.slope, "status": self.status, "p_beyond": self.p_beyond,
        }])

    def sentence(self) -> str:
        """The break-even in one sentence of plain words.

        When there is none, the sentence says over which values the search looked and
        why it stopped there (the parameter's documented limit, or the last widening).
        """
        o, b = option_label(self.option), option_label(self.baseline)
        what = _phrase(self.label)
        if self.status in ("always_saves", "never_saves"):
            lo, hi = (plain_value(v, self.unit) for v in self.bracket)
            ends = [f"{t} ({_LIMIT_WORDS[w]})" if w else t
                    for t, w in zip((lo, hi), self.limits, strict=True)]
            verb = "saves against" if self.status == "always_saves" else "never saves against"
            tail = ": there is no break-even in that range" if self.widened else ""
            return (f"{o} {verb} {b} at every value of {what} from {ends[0]} to {ends[1]}"
                    f"{tail}.")
        assert self.value is not None and self.slope is not None and self.se is not None
        side = "above" if self.slope < 0 else "below"
        chance = ("" if self.p_beyond is None else
                  f"; under the assumed range that has a {fmt_pct(self.p_beyond)} chance")
        return (f"{o} stops paying against {b} when {what} is {side} "
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
    widen: bool | None = None,
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
    widen
        Widen the interval outward when the saving keeps one sign over it (see the
        module notes; at most :data:`MAX_WIDENINGS` steps, within the parameter's
        documented limits). Default: ``True`` without a ``bracket``, ``False`` with one
        (a given bracket is searched as given).

    Returns
    -------
    Breakeven

    Notes
    -----
    With ``s(x)`` the mean paired saving with the input fixed at ``x`` (other inputs
    keep their distributions; correlations involving the input are dropped for all
    evaluations), Brent's method solves ``s(x) = 0`` in the bracket. When ``s`` has one
    sign over the bracket ``[a, b]`` and ``widen`` is on, the end where ``|s|`` is smaller
    moves out by ``w, 2w, 4w, ...`` (``w = b - a``), clipped to the parameter's allowed
    range; when that side reaches its limit the other side is widened; the search
    stops at the first sign change (Brent's method then works on the last step's
    interval) or after :data:`MAX_WIDENINGS` steps in all. The precision of
    the root follows from the delta method: ``se(x*) = se(s(x*)) / |s'(x*)|``, with
    ``se(s) = sd(saving) / sqrt(n)`` and the slope ``s'`` from a central difference
    over 2% of the starting bracket, both on the same random numbers (drawn once and
    reused by every evaluation: a :class:`ccsim.sampling.streams.StreamCache`).

    Examples
    --------
    Nearshore's price has no break-even inside its assumed range ($14 to $22 an hour):
    the search widens the range until the saving over in-house changes sign.

    >>> import ccsim
    >>> be = ccsim.breakeven(ccsim.default_scenario(), "nearshore.staffing.price_per_hour",
    ...                      option="nearshore", n_paths=200, seed=1)
    >>> be.status, be.widened, be.bracket[1] > 22
    ('crossing', True, True)

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
    if widen is None:
        widen = bracket is None
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
    kept = StreamCache(seed_root)  # every evaluation draws the same streams: drawn once

    def savings(x: float) -> F:
        x = float(round(x)) if integer else float(x)
        if x not in cache:
            r = simulate(sc.with_overrides({input: x}), int(n_paths), seed=seed_root,
                         keep_monthly=False, progress=False, reuse=kept)
            cache[x] = np.asarray(r.values(metric, baseline) - r.values(metric, option),
                                  dtype=np.float64)
        return cache[x]

    def f(x: float) -> float:
        return float(savings(x).mean())

    prior = (a, b)
    width = b - a
    fa, fb = f(a), f(b)
    lo_x, hi_x = a, b  # the whole interval searched so far
    limits = ["", ""]
    sa, sb = a, b  # the interval Brent's method works on
    if widen and fa * fb > 0:
        open_lo, open_hi = m.get("open", (False, False))
        edge = (_inside(lo_ok, open_lo, +1, width), _inside(hi_ok, open_hi, -1, width))
        steps = [0, 0]  # widenings made on each side
        while sum(steps) < MAX_WIDENINGS:
            # widen toward the smaller |saving| (where the zero should be); the other
            # side when that one is at its limit
            order = (1, 0) if abs(f(hi_x)) < abs(f(lo_x)) else (0, 1)
            side = next((k for k in order if not limits[k]), None)
            if side is None:
                break
            end = (lo_x, hi_x)[side]
            step = width * 2.0 ** steps[side]
            nxt = max(end - step, edge[0]) if side == 0 else min(end + step, edge[1])
            if integer:
                nxt = float(math.floor(nxt) if side == 0 else math.ceil(nxt))
            if nxt == end:
                limits[side] = "documented"
                continue
            try:
                f_nxt = f(nxt)
            except ValueError:  # the scenario's own checks refuse the value
                limits[side] = "documented"
                continue
            except SimulationError:
                limits[side] = "model"
                continue
            if not math.isfinite(f_nxt):
                limits[side] = "model"
                continue
            steps[side] += 1
            if side == 0:
                lo_x = nxt
            else:
                hi_x = nxt
            if f_nxt * f(end) <= 0:
                sa, sb = (nxt, end) if side == 0 else (end, nxt)
                break
            if nxt == edge[side]:
                limits[side] = "documented"
        else:
            limits = [w or ("searched" if steps[k] else "") for k, w in enumerate(limits)]
        fa, fb = f(sa), f(sb)
        if fa * fb > 0:
            sa, sb = lo_x, hi_x
            fa, fb = f(sa), f(sb)
    root: float | None = None
    se = slope = lo_ci = hi_ci = p_beyond = None
    if fa * fb > 0 or (fa == 0 and fb == 0):
        status = "always_saves" if fa > 0 else "never_saves"
    else:
        status = "crossing"
        limits = ["", ""]
        root = sa if fa == 0 else sb if fb == 0 else float(
            optimize.brentq(f, sa, sb, xtol=tol, maxiter=60))
        h = 0.01 * width
        x0, x1 = max(lo_x, root - h), min(hi_x, root + h)
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
    return Breakeven(input, option, baseline, root, se, lo_ci, hi_ci, slope, status,
                     (lo_x, hi_x), p_beyond, curve, int(n_paths),
                     seed_root if seed_root.spawn_key else seed_root.entropy,
                     str(m.get("unit", "")), input_label(input, scenario), prior,
                     (limits[0], limits[1]))


def _inside(limit: float, is_open: bool, toward: int, width: float) -> float:
    """The furthest value the search may reach at a documented ``limit``: the limit
    itself, or just inside it when the range is open there; an infinite limit is
    never reached (:data:`MAX_WIDENINGS` stops the search first)."""
    if not math.isfinite(limit):
        return limit
    if not is_open:
        return float(limit)
    return float(limit + toward * max(1e-9 * width, abs(limit) * 1e-12))


def _lc(text: str) -> str:
    """Lower-case the first letter unless it starts an acronym (``CSAT``)."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _phrase(label: str) -> str:
    """An input's label mid-sentence: ``"Offshore: price per hour"`` -> ``"the offshore
    price per hour"``."""
    head, sep, rest = label.partition(": ")
    return f"the {_lc(head)} {rest}" if sep else _lc(label)


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
