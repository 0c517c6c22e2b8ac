r"""Staffing: the smallest number of agents meeting a service-level target.

:func:`required_agents` sizes the M/M/c queue with Erlang C (square-root-staffing
start, a table of ``log B`` with a per-cell error bound deciding most elements, an
exact Erlang B walk for the rest) or M/M/c+M with Erlang A (gallop, then bisect).
The Erlang formulas are in :mod:`ccsim.queueing.formulas`; units as there.

References
----------
.. [1] Borst, Mandelbaum & Reiman, "Dimensioning Large Call Centers", Operations
   Research 52(1), 17-34, 2004. doi:10.1287/opre.1030.0081
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy import special

from ccsim.queueing.formulas import (
    F,
    _check,
    _erlang_a_core,
    _erlang_b_core,
    _out,
    _service_level_core,
)

__all__ = ["max_arrival_rate", "required_agents"]


def _hw_start(load: F, g: F, target_sl: F) -> F:
    """A square-root-staffing estimate of the Erlang C staffing (continuous agents).

    Solves the Halfin-Whitt approximation ``1 - P_W(beta) exp(-beta g) = target`` with
    ``P_W(beta) = 1 / (1 + beta Phi(beta) / phi(beta))`` and ``g = sqrt(A) t / aht`` by
    two Newton steps on its logarithm from ``beta = 0.5``; returns ``A + beta sqrt(A)``.
    Only a starting point: the exact search corrects it (over the default scenario's
    range the start is exact or one agent low).
    """
    target = np.log1p(-target_sl)
    beta = np.full(load.shape, 0.5)
    for _ in range(2):
        m = special.ndtr(beta) * np.exp(0.5 * beta * beta) * _SQRT_2PI  # Phi / phi
        h = 1.0 + beta * m
        f = -np.log(h) - beta * g - target
        df = -(m + beta * (1.0 + beta * m)) / h - g
        beta = np.clip(beta - f / df, 0.0, 8.0)
    return load + beta * np.sqrt(load)


_SQRT_2PI = float(np.sqrt(2.0 * np.pi))


def _sl_from_b(n: F, b: F, load: F, aht: F, t: F) -> F:
    """M/M/c service level from Erlang B at ``n`` (0 where unstable)."""
    with np.errstate(all="ignore"):
        pw = np.minimum(n * b / (n - load * (1.0 - b)), 1.0)
        sl = 1.0 - pw * np.exp(-(n - load) * t / aht)
    return np.where(load < n, sl, 0.0)


# Table of log Erlang B for the staffing filter. In the coordinates u = 1/sqrt(c) and
# z = (c - A)/sqrt(c), f(u, z) = log(B(c, A) sqrt(c)) is smooth on [0, 1] x [0, Z_MAX]
# (c is extended to real values through the incomplete gamma), with the Jagerman limit
# f(0, z) = log(phi(z) / Phi(z)) as c -> infinity, so one bounded table serves every c.
_TAB_NU, _TAB_NZ, _TAB_ZMAX = 512, 512, 6.0
_TAB_SAFETY = 4.0  # per-cell bound = 4 x the largest error seen at its centre and edge midpoints
_TAB_FLOOR = 1e-10  # smallest bound used (far above the exact search's rounding)
_TAB_MAX = 1e-2  # cells with a larger bound (near A -> 0, where log B is singular) are not used
_MAX_AGENTS = 2.0**52  # staffing counted exactly as doubles: n + 1 != n below 2**53
_MAX_WALK = 1_000_000  # bound on the agent-by-agent walk (it takes a few steps in practice)
_BLOCK = 65536  # elements per pass: keeps the temporaries in cache


def _log_b_sqrt_c(u: F, z: F) -> F:
    """``log(B(c, A) sqrt(c))`` at ``c = 1/u^2``, ``A = c - z sqrt(c)``; NaN where ``A <= 0``."""
    with np.errstate(all="ignore"):
        c = 1.0 / (u * u)
        a = c - z * np.sqrt(c)
        v = (c * np.log(a) - a - special.gammaln(c + 1.0)
             - np.log(special.gammaincc(c + 1.0, a)) + 0.5 * np.log(c))
        limit = -0.5 * z * z - 0.5 * np.log(2.0 * np.pi) - special.log_ndtr(z)
        v = np.where(u == 0.0, limit, np.where(a > 0.0, v, np.nan))
    return np.asarray(v, dtype=np.float64)


@functools.cache
def _b_table() -> tuple[F, F]:
    """The table of :func:`_log_b_sqrt_c` (flattened) and its per-cell error bounds.

    The bound of a cell is ``_TAB_SAFETY`` times the largest difference between the
    bilinear interpolant and the exact value at the cell's centre and the midpoints of
    its four edges (bilinear error peaks there for a smooth function). Cells touching
    ``A <= 0``, and cells whose bound exceeds ``_TAB_MAX`` (next to ``A = 0``, where
    ``log B`` is singular and the midpoint estimate is unreliable), get an infinite
    bound, so their elements fall back to the exact search. ``tests/queueing/test_formulas.py`` checks the bound
    on random points; built once per process (~0.1 s).
    """
    u = np.linspace(0.0, 1.0, _TAB_NU + 1)
    z = np.linspace(0.0, _TAB_ZMAX, _TAB_NZ + 1)
    um, zm = 0.5 * (u[1:] + u[:-1]), 0.5 * (z[1:] + z[:-1])
    t = _log_b_sqrt_c(u[:, None], z[None, :])
    centre = np.abs(_log_b_sqrt_c(um[:, None], zm[None, :])
                    - 0.25 * (t[:-1, :-1] + t[1:, :-1] + t[:-1, 1:] + t[1:, 1:]))
    du = np.abs(_log_b_sqrt_c(um[:, None], z[None, :]) - 0.5 * (t[:-1] + t[1:]))
    dz = np.abs(_log_b_sqrt_c(u[:, None], zm[None, :]) - 0.5 * (t[:, :-1] + t[:, 1:]))
    err = np.fmax.reduce([centre, du[:, :-1], du[:, 1:], dz[:-1], dz[1:]])
    bound = _TAB_SAFETY * err + _TAB_FLOOR
    bound = np.where(np.isfinite(bound) & (bound <= _TAB_MAX), bound, np.inf)
    return np.nan_to_num(t, nan=0.0).ravel(), bound.ravel()


def _log_b_table(c: F, load: F) -> tuple[F, F]:
    """Interpolated ``log B(c, load)`` and a bound on its absolute error (``inf``: none).

    For ``c >= 1``, ``0 < load < c``; outside the table the bound is infinite. The
    bilinear lookup is a compiled loop (:func:`ccsim._jit.bilinear`).
    """
    from ccsim import _jit  # numba: loaded on first use, not with ccsim

    tab, bound = _b_table()
    interp = np.empty(c.size)
    err = np.empty(c.size)
    _jit.bilinear(tab, bound, _TAB_NU, _TAB_NZ, _TAB_ZMAX, c, np.sqrt(c), load, interp, err)
    return interp - 0.5 * np.log(c), err


def _required_agents_core(
    lam: F, aht: F, target_sl: F, target_time: F, max_occupancy: F | None = None
) -> F:
    """Smallest integer Erlang C staffing meeting ``target_sl`` (clean 1-d, ``lam > 0``).

    Same result as :func:`_required_agents_exact`, faster: from the square-root-staffing
    start ``n``, Erlang B at ``n`` comes from a table with a per-cell error bound
    (:func:`_b_table`), which brackets ``B(n)`` in ``[B_lo, B_hi]``. Erlang C, the service
    level and the Erlang B recursion one agent up or down are monotone in ``B``, so
    evaluating them at both ends brackets the service levels at ``n - 1``, ``n`` and
    ``n + 1``. Where the brackets decide the answer (``n`` or ``n + 1``) it is exact;
    every other element (a service level within the bound of the target, a start too
    high or too low, a cell outside the table: 0.03% of the default scenario's
    staffing calls) goes to the exact search. Processed in blocks of ``_BLOCK``; the
    table lookup and the bracket test are compiled loops (:mod:`ccsim._jit`), the
    exponentials numpy array operations.
    """
    if lam.size > _BLOCK:
        out = np.empty(lam.size)
        for s in range(0, lam.size, _BLOCK):
            j = slice(s, s + _BLOCK)
            occ = max_occupancy[j] if max_occupancy is not None else None
            out[j] = _required_agents_core(lam[j], aht[j], target_sl[j], target_time[j], occ)
        return out
    load = lam * aht
    tiny = load < 1e-200  # (e.g. an AHT of 5e-324 s): one agent meets any target
    if tiny.any():
        out = np.ones(lam.size)
        if max_occupancy is not None:
            out[tiny] = np.maximum(1.0, np.ceil(load[tiny] / max_occupancy[tiny] - 1e-12))
        keep = ~tiny
        if keep.any():
            occ = max_occupancy[keep] if max_occupancy is not None else None
            out[keep] = _required_agents_core(lam[keep], aht[keep], target_sl[keep],
                                              target_time[keep], occ)
        return out
    lo = np.floor(load) + 1.0  # smallest c with load < c
    if max_occupancy is not None:
        lo = np.maximum(lo, np.ceil(load / max_occupancy - 1e-12))
    t = np.where(np.isinf(target_time), 1e300, target_time)
    g = np.minimum(np.sqrt(load) * t / aht, 1e6)
    n = np.maximum(lo, np.ceil(_hw_start(load, g, target_sl)))
    from ccsim import _jit  # numba: loaded on first use, not with ccsim

    log_b, err = _log_b_table(n, load)
    with np.errstate(all="ignore"):
        b_lo = np.exp(log_b - err)
        b_hi = np.minimum(np.exp(log_b + err), 1.0)
        e_dn, e_n, e_up = (np.exp(-(m - load) * t / aht) for m in (n - 1.0, n, n + 1.0))
    out = np.empty(n.size)
    undecided = np.zeros(n.size, dtype=bool)
    _jit.staffing_bracket(n, lo, load, target_sl, b_lo, b_hi, e_dn, e_n, e_up, out, undecided)
    todo = np.flatnonzero(undecided)
    if todo.size:
        occ = max_occupancy[todo] if max_occupancy is not None else None
        out[todo] = _required_agents_exact(lam[todo], aht[todo], target_sl[todo],
                                           target_time[todo], occ)
    return out


def _required_agents_exact(
    lam: F, aht: F, target_sl: F, target_time: F, max_occupancy: F | None = None
) -> F:
    """Smallest integer Erlang C staffing meeting ``target_sl`` (clean 1-d, ``lam > 0``).

    The exact search, used for the elements the table filter of
    :func:`_required_agents_core` cannot decide.

    Start from square-root staffing, evaluate Erlang B exactly once, then move with the
    Erlang B recursion (``B(n+1) = A B(n) / (n + 1 + A B(n))`` up, its inverse
    ``B(n-1) = n B(n) / (A (1 - B(n)))`` down) until the smallest feasible count is
    bracketed. Each step costs a few flops over the elements still moving; the inverse
    recursion is only used for a handful of steps near ``n ~ A``, where its error
    amplification ``n / (A (1 - B))`` is close to 1.
    """
    load = lam * aht
    lo = np.floor(load) + 1.0  # smallest c with load < c
    if max_occupancy is not None:
        lo = np.maximum(lo, np.ceil(load / max_occupancy - 1e-12))
    t = np.where(np.isinf(target_time), 1e300, target_time)
    g = np.minimum(np.sqrt(load) * t / aht, 1e6)
    n = np.maximum(lo, np.ceil(_hw_start(load, g, target_sl)))
    b = _erlang_b_core(load, n)
    ok = _sl_from_b(n, b, load, aht, t) >= target_sl
    # one step down for every element (the usual case is: ok at n, not ok at n - 1)
    with np.errstate(all="ignore"):
        b_dn = np.minimum(n * b / (load * (1.0 - b)), 1.0)
    ok_dn = (n > lo) & (_sl_from_b(n - 1.0, b_dn, load, aht, t) >= target_sl)
    # elements still feasible one agent lower keep walking down
    down = np.flatnonzero(ok & ok_dn)
    if down.size:
        n[down] -= 1.0
        b[down] = b_dn[down]
        down = down[n[down] > lo[down]]
    steps = 0
    while down.size:
        steps += 1
        if steps > _MAX_WALK:  # pragma: no cover - the start is within a few agents
            raise RuntimeError("required_agents: the exact search did not converge")
        nn, bb, ll = n[down], b[down], load[down]
        with np.errstate(all="ignore"):
            b_prev = np.minimum(nn * bb / (ll * (1.0 - bb)), 1.0)
        good = _sl_from_b(nn - 1.0, b_prev, ll, aht[down], t[down]) >= target_sl[down]
        step = down[good]
        n[step] -= 1.0
        b[step] = b_prev[good]
        down = step[n[step] > lo[step]]
    # elements short of the target walk up
    up = np.flatnonzero(~ok)
    steps = 0
    while up.size:
        steps += 1
        if steps > _MAX_WALK:  # pragma: no cover - the start is within a few agents
            raise RuntimeError("required_agents: the exact search did not converge")
        ll, bb = load[up], b[up]
        n[up] += 1.0
        b[up] = ll * bb / (n[up] + ll * bb)
        met = _sl_from_b(n[up], b[up], ll, aht[up], t[up]) >= target_sl[up]
        up = up[~met]
    return n


def _erlang_a_sl(lam: F, aht: F, c: F, patience: F, t: F) -> F:
    sl = np.zeros(lam.shape)
    pos = c >= 1
    if pos.any():
        sl[pos] = _erlang_a_core(lam[pos], aht[pos], c[pos], patience[pos], t[pos]).service_level
    return sl


def _required_agents_a(
    lam: F, aht: F, target_sl: F, target_time: F, patience: F, lo: F
) -> F:
    """Smallest ``c >= lo`` with Erlang A service level >= target: gallop, then bisect."""
    ok_lo = _erlang_a_sl(lam, aht, lo, patience, target_time) >= target_sl
    hi = np.maximum(lo, np.ceil(lam * aht) + 1.0)
    out = np.where(ok_lo, lo, np.nan)
    todo = np.flatnonzero(~ok_lo)
    # gallop: double the gap until the target is met at hi
    lo_b = lo.copy()
    active = todo
    while active.size:
        if (hi[active] > _MAX_AGENTS).any():  # pragma: no cover - SL -> 1 as c grows
            raise ValueError("required_agents: no staffing up to 2**52 agents meets the target")
        met = _erlang_a_sl(lam[active], aht[active], hi[active], patience[active],
                           target_time[active]) >= target_sl[active]
        grow = active[~met]
        lo_b[grow] = hi[grow]
        hi[grow] = lo[grow] + 2.0 * (hi[grow] - lo[grow]) + 1.0
        active = grow
    # bisect on (lo_b, hi]: target fails at lo_b, holds at hi
    active = todo[hi[todo] - lo_b[todo] > 1.0]
    while active.size:
        mid = np.floor((lo_b[active] + hi[active]) / 2.0)
        met = _erlang_a_sl(lam[active], aht[active], mid, patience[active],
                           target_time[active]) >= target_sl[active]
        hi[active[met]] = mid[met]
        lo_b[active[~met]] = mid[~met]
        active = active[hi[active] - lo_b[active] > 1.0]
    out[todo] = hi[todo]
    return out


def required_agents(
    arrival_rate: ArrayLike,
    aht: ArrayLike,
    target_sl: ArrayLike,
    target_time: ArrayLike,
    patience: ArrayLike | None = None,
    max_occupancy: ArrayLike | None = None,
) -> Any:
    r"""Smallest number of agents meeting a service-level target, element by element.

    Parameters
    ----------
    arrival_rate
        Calls per second, ``>= 0``.
    aht
        Average handle time in seconds, ``> 0``.
    target_sl
        Required share of calls answered within ``target_time``, in ``[0, 1)``.
    target_time
        Threshold in seconds, ``>= 0``.
    patience
        Mean caller patience in seconds. ``None`` (default) sizes the M/M/c queue with
        Erlang C; a value sizes M/M/c+M with Erlang A, where the service level counts
        answered-within-target calls over all arrivals (see :class:`ccsim.queueing.ErlangAResult`).
    max_occupancy
        Optional cap on ``load / agents`` in ``(0, 1]``.

    Returns
    -------
    numpy.ndarray or numpy.int64
        Agents (integers); 0 where there is no traffic.

    Notes
    -----
    The Erlang C search starts from square-root staffing [1]_ (``A + beta sqrt(A)``,
    ``beta`` from the Halfin-Whitt approximation). A table of ``log B`` with a
    per-cell error bound brackets Erlang B at the start, and since the service level
    and the Erlang B recursion are monotone in ``B``, the bracket decides for most
    elements whether the answer is the start or one more, exactly. The rest (a service
    level within the table's error of the target, a poor start, a load outside the
    table) take the exact search: Erlang B evaluated exactly once, then one agent at a
    time with the Erlang B recursion until the smallest feasible count is bracketed.
    Both paths return the same integer; the table only saves work. The Erlang A search
    gallops then bisects, evaluating :func:`ccsim.queueing.erlang_a` at each step.

    Examples
    --------
    >>> from ccsim.queueing import required_agents
    >>> int(required_agents(100 / 1800, 180.0, 0.8, 20.0))
    14
    """
    lam = _check("arrival_rate", arrival_rate, 0.0)
    aht_ = _check("aht", aht, 0.0, lo_open=True)
    tsl = _check("target_sl", target_sl, 0.0, 1.0)
    tt = _check("target_time", target_time, 0.0, allow_inf=True)
    arrays = [lam, aht_, tsl, tt]
    if patience is not None:
        arrays.append(_check("patience", patience, 0.0, lo_open=True, allow_inf=True))
    if max_occupancy is not None:
        arrays.append(_check("max_occupancy", max_occupancy, 0.0, 1.0, lo_open=True,
                             hi_open=False))
    b = [v.ravel() for v in np.broadcast_arrays(*arrays)]
    shape = np.broadcast_shapes(*(v.shape for v in arrays))
    lam, aht_, tsl, tt = b[:4]
    k = 4
    pat = None
    if patience is not None:
        pat = b[k]
        k += 1
    occ = b[k] if max_occupancy is not None else None
    with np.errstate(over="ignore"):
        need = lam * aht_ if occ is None else lam * aht_ / occ  # agents needed at least
    if not (need < _MAX_AGENTS).all():
        i = int(np.flatnonzero(~(need < _MAX_AGENTS))[0])
        what = f"load {lam[i] * aht_[i]:g} Erlangs"
        if occ is not None:
            what += f" at max_occupancy = {float(occ[i])!r}"
        raise ValueError(
            f"required_agents: the {what} needs at least {need[i]:g} agents, beyond the "
            f"{_MAX_AGENTS:g} (2**52) this function counts exactly in floating point"
        )
    out = np.zeros(lam.size)
    idx = np.flatnonzero(lam > 0)
    if idx.size:
        occ_i = occ[idx] if occ is not None else None
        if pat is None or np.isinf(pat[idx]).all():
            out[idx] = _required_agents_core(lam[idx], aht_[idx], tsl[idx], tt[idx], occ_i)
        else:
            load = lam[idx] * aht_[idx]
            lo = np.ones(idx.size)
            if occ_i is not None:
                lo = np.maximum(lo, np.ceil(load / occ_i - 1e-12))
            out[idx] = _required_agents_a(lam[idx], aht_[idx], tsl[idx], tt[idx], pat[idx], lo)
    return _out(out.astype(np.int64).reshape(shape))


_BISECT_STEPS = 64  # halvings of [0, c / aht]: the bracket reaches adjacent doubles


def _max_rate_core(c: F, aht: F, target_sl: F, target_time: F) -> F:
    """Largest arrival rate at which ``c`` agents meet the target (clean 1-d arrays).

    Bisection on ``[0, c / aht]`` (the Erlang C service level falls with the arrival
    rate and is 0 at ``c / aht``); returns the lower end of the final bracket, a rate
    at which the target is met. 0 where ``c < 1``.
    """
    lo = np.zeros(c.shape)
    hi = np.where(c >= 1, c / aht, 0.0)
    for _ in range(_BISECT_STEPS):
        mid = 0.5 * (lo + hi)
        met = _service_level_core(mid, aht, c, target_time) >= target_sl
        lo = np.where(met, mid, lo)
        hi = np.where(met, hi, mid)
    return lo


def max_arrival_rate(
    agents: ArrayLike, aht: ArrayLike, target_sl: ArrayLike, target_time: ArrayLike
) -> Any:
    r"""Largest arrival rate at which ``agents`` meet a service-level target (Erlang C).

    The inverse of :func:`required_agents` in the arrival rate: the M/M/c service level
    ``1 - C(c, \lambda a) e^{-(c - \lambda a) t / a}`` falls as ``\lambda`` rises, so
    the rate where it crosses ``target_sl`` is found by bisection on
    ``[0, agents / aht]`` to the resolution of a double. ``required_agents`` at any
    rate up to the result is at most ``agents``.

    Parameters
    ----------
    agents
        Whole agents, ``>= 0`` (0 or fewer than 1: the rate is 0).
    aht
        Average handle time in seconds, ``> 0``.
    target_sl
        Required share of calls answered within ``target_time``, in ``[0, 1)``.
    target_time
        Threshold in seconds, ``>= 0``.

    Returns
    -------
    numpy.ndarray or float
        Calls per second (broadcast shape of the inputs).

    Examples
    --------
    >>> from ccsim.queueing import max_arrival_rate, required_agents, service_level
    >>> lam = float(max_arrival_rate(14, 180.0, 0.8, 20.0))
    >>> round(lam * 1800, 1)  # calls per half hour
    108.7
    >>> int(required_agents(lam, 180.0, 0.8, 20.0)), float(service_level(lam, 180.0, 14, 20.0)) >= 0.8
    (14, True)
    """
    c = _check("agents", agents, 0.0)
    aht_ = _check("aht", aht, 0.0, lo_open=True)
    tsl = _check("target_sl", target_sl, 0.0, 1.0)
    tt = _check("target_time", target_time, 0.0, allow_inf=True)
    b = np.broadcast_arrays(np.floor(c), aht_, tsl, tt)
    shape = b[0].shape
    out = _max_rate_core(*(v.ravel().astype(np.float64) for v in b))
    return _out(out.reshape(shape))
