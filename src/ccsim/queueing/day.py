"""The day compiled: interval-by-interval staffing and Erlang A in one numba loop each.

The numpy path (:func:`ccsim.mechanisms.staffing.interval_plan` and
:func:`ccsim.mechanisms.staffing.realise_day`) sizes and realises the six intervals of a
day as ``(interval, option, path)`` arrays, with masks, gathers and scatters around
every compiled helper. Here one loop visits each ``(option, path)`` element once and
works through its intervals with scalars:

- :func:`plan_day`: every interval's Erlang C staffing, exactly the algorithm of
  :func:`ccsim.queueing.staffing._required_agents_core` (the square-root-staffing start,
  Erlang B at the start from the bounded ``log B`` table, the bracket test); the day's
  mean is summed in the same order as ``numpy.mean`` over the intervals. Elements the
  bracket cannot decide (0.03% of the default scenario's) are listed and sized by the
  exact search, :func:`ccsim.queueing.staffing._required_agents_exact`, after the loop.
- :func:`realise_day`: every interval's Erlang A service level and abandonment through
  the error-bounded tables of :mod:`ccsim.queueing._tables` (the same formulas and
  cells), weighted by the interval's calls. Elements the tables do not serve (fewer than
  4 agents, infinite patience, a cell whose bound exceeds the tolerance) are listed and
  computed exactly by :func:`ccsim.queueing.formulas._erlang_a_core` after the loop.

The numpy path stays the reference and the default: ``CCSIM_ENGINE=compiled`` selects
this module (read on every call by :mod:`ccsim.mechanisms.staffing`). Measured on the
project's 2-core machines (benchmarks/README.md, issue 32) the compiled day is not
faster: each interval needs a handful of ``exp``/``log``/``erfc`` calls and table
look-ups, and scalar libm calls (5-20 ns each; the registry's llvmlite has no SVML) cost
more than numpy's vectorized ones (~1 ns) save in masks and temporaries. ``tests/queueing/test_compiled_day.py``
compares the two on whole scenarios at 1e-9. Transcendental functions are libm's scalar
ones instead of numpy's vectorized ones, so the two paths may differ in the last bits
of a service level; the staffing counts are the same integers. Imported lazily (numba
takes ~0.5 s to import); compiled on first use and cached on disk.
"""

from __future__ import annotations

import functools
import math

import numba
import numpy as np
from numpy.typing import NDArray

from ccsim.queueing import _tables
from ccsim.queueing import staffing as _staffing
from ccsim.queueing.formulas import _erlang_a_core

__all__ = ["plan_day", "realise_day"]

F = NDArray[np.float64]
I64 = NDArray[np.int64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts

_SQRT_2PI = math.sqrt(2.0 * math.pi)
_SQRTH = math.sqrt(0.5)


# ------------------------------------------------------------------ scalar kernels


@numba.njit(cache=True, inline="always")
def _ndtr(x: float) -> float:
    """The standard normal cdf, as scipy's ``ndtr`` computes it (erf near 0, erfc beyond)."""
    z = x * _SQRTH
    az = abs(z)
    if az < _SQRTH:
        return 0.5 + 0.5 * math.erf(z)
    y = 0.5 * math.erfc(az)
    return 1.0 - y if z > 0 else y


@numba.njit(cache=True, inline="always")
def _hw_start(load: float, g: float, target_sl: float) -> float:
    """:func:`ccsim.queueing.staffing._hw_start` for one element."""
    target = math.log1p(-target_sl)
    beta = 0.5
    for _ in range(2):
        m = _ndtr(beta) * math.exp(0.5 * beta * beta) * _SQRT_2PI
        h = 1.0 + beta * m
        f = -math.log(h) - beta * g - target
        df = -(m + beta * (1.0 + beta * m)) / h - g
        beta = min(max(beta - f / df, 0.0), 8.0)
    return load + beta * math.sqrt(load)


@numba.njit(cache=True, inline="always")
def _sl_c(n: float, b: float, e: float, load: float) -> float:
    if not load < n:
        return 0.0
    pw = min(n * b / (n - load * (1.0 - b)), 1.0)
    return 1.0 - pw * e


@numba.njit(cache=True, inline="always")
def _log_b(n: float, load: float, tab: F, bound: F, nu: int, nz: int, zmax: float,
           half_log: F) -> tuple[float, float]:
    """``log B(n, load)`` from the bilinear table (:func:`ccsim._jit.bilinear`) and its
    bound (``inf`` outside the table)."""
    sq = math.sqrt(n)
    fu = nu / sq
    fz = min((n - load) / sq * (nz / zmax), float(nz))
    iu = int(fu)
    iz = int(fz)
    hl = half_log[int(n)] if n < half_log.size else 0.5 * math.log(n)
    if iu >= nu or iz >= nz:
        return -hl, math.inf
    fu -= iu
    fz -= iz
    k = iu * (nz + 1) + iz
    c0 = tab[k] + fz * (tab[k + 1] - tab[k])
    k += nz + 1
    c1 = tab[k] + fz * (tab[k + 1] - tab[k])
    return (c0 + fu * (c1 - c0)) - hl, bound[iu * nz + iz]


@numba.njit(cache=True, inline="always")
def _staff(lam: float, aht: float, tsl: float, t: float, ta: float, f_dn: float,
           f_up: float, start: float, tab: F, bound: F, nu: int, nz: int, zmax: float,
           half_log: F) -> float:
    """The smallest Erlang C staffing meeting ``tsl`` for one element; -1 where the table
    cannot decide it (the caller then runs the exact search).

    The algorithm of :func:`ccsim.queueing.staffing._required_agents_core` as a walk:
    from ``start`` (``<= 0``: the square-root-staffing start of
    :func:`ccsim.queueing.staffing._hw_start`), Erlang B at ``n`` from the bounded table
    brackets ``B(n)`` in ``[B_lo, B_hi]``; the service level and the Erlang B recursion
    being monotone in ``B``, the brackets at ``n - 1``, ``n`` and ``n + 1`` decide
    whether ``n`` is the answer, or the walk moves one agent down or up (a fresh table
    look-up there). The bracket is widened to ``B (1 -+ e)`` (``e`` the table's bound in
    the logarithm, ``e <= 0.01``: wider than ``exp(-+e)``), so a decision taken is exact.
    ``ta = t / aht``, ``f_dn = exp(ta)``, ``f_up = exp(-ta)``, per element.
    """
    load = lam * aht
    if load < 1e-200:
        return 1.0
    lo = math.floor(load) + 1.0
    if start > 0:
        n = max(lo, start)
    else:
        g = min(math.sqrt(load) * ta, 1e6)
        n = max(lo, math.ceil(_hw_start(load, g, tsl)))
    for _ in range(64):
        log_b, err = _log_b(n, load, tab, bound, nu, nz, zmax, half_log)
        eb = math.exp(log_b)
        b_lo = max(eb * (1.0 - err), 0.0)
        b_hi = min(eb * (1.0 + err + err * err), 1.0)
        e_n = math.exp(-(n - load) * ta)
        if _sl_c(n, b_hi, e_n, load) >= tsl:  # met at n for sure: is n - 1 short?
            if n <= lo:
                return n
            d_lo = min(n * b_lo / (load * (1.0 - b_lo)), 1.0)  # B(n - 1), monotone in B(n)
            if _sl_c(n - 1.0, d_lo, e_n * f_dn, load) < tsl:
                return n
            d_hi = min(n * b_hi / (load * (1.0 - b_hi)), 1.0)
            if not _sl_c(n - 1.0, d_hi, e_n * f_dn, load) >= tsl:
                return -1.0
            n -= 1.0
        elif _sl_c(n, b_lo, e_n, load) < tsl:  # short at n for sure: is n + 1 met?
            u_hi = load * b_hi / (n + 1.0 + load * b_hi)  # B(n + 1), monotone in B(n)
            if _sl_c(n + 1.0, u_hi, e_n * f_up, load) >= tsl:
                return n + 1.0
            u_lo = load * b_lo / (n + 1.0 + load * b_lo)
            if not _sl_c(n + 1.0, u_lo, e_n * f_up, load) < tsl:
                return -1.0
            n += 1.0
        else:
            return -1.0
    return -1.0


@numba.njit(cache=True)
def _plan_loop(volume: F, aht: F, profile: F, hours: F, tsl: F, tt: F, tab: F, bound: F,
               nu: int, nz: int, zmax: float, half_log: F, per: F, mean: F, todo: I64) -> int:
    """Every interval's staffing ``per (K, n)`` and the day's mean ``(n,)``; returns how
    many ``(interval, element)`` positions (``k * n + i``) it listed in ``todo`` for the
    exact search (their ``per`` is 0 and ``mean`` is recomputed by the caller).

    The first interval with traffic starts from square-root staffing; the next ones
    from the previous interval's safety margin ``beta = (n - A) / sqrt(A)`` at their own
    load (the walk makes the answer independent of the start).
    """
    n_int, n = profile.shape
    count = 0
    for i in range(n):
        v, a, s_l = volume[i], aht[i], tsl[i]
        t = 1e300 if math.isinf(tt[i]) else tt[i]
        ta = t / a if a > 0 else math.inf  # an aht that underflowed to 0: no load, 1 agent
        f_dn = math.exp(ta)
        f_up = math.exp(-ta)
        scale = hours[i] * 3600.0
        acc = 0.0
        beta = -1.0
        for k in range(n_int):
            rate = v * profile[k, i] / scale
            x = 0.0
            if rate > 0:
                load = rate * a
                start = -1.0
                if beta >= 0 and load >= 1.0:
                    start = math.ceil(load + beta * math.sqrt(load))
                x = _staff(rate, a, s_l, t, ta, f_dn, f_up, start, tab, bound, nu, nz, zmax,
                           half_log)
                if x < 0:
                    todo[count] = k * n + i
                    count += 1
                    x = 0.0
                    beta = -1.0
                elif load >= 1.0:
                    beta = (x - load) / math.sqrt(load)
            per[k, i] = x
            acc = x if k == 0 else acc + x
        mean[i] = acc / n_int
    return count


_SIXTH = 1.0 / 6.0


@numba.njit(cache=True, inline="always")
def _interp(tab: F, served: NDArray[np.uint8], su: float, sw: float, w0: float,
            inv_sq: float, w: float) -> tuple[float, bool]:
    """:func:`ccsim._jit.interp_4x4` for one element at ``u = inv_sq``, ``w``:
    ``(value, served)`` (the same cell and weights; products in place of divisions).
    ``served`` marks the cells whose bound is within the tolerance (:func:`_served`)."""
    nu, nw = served.shape
    p = su * inv_sq
    q = (w - w0) * sw
    if not (p >= 1.0 and p < nu - 1.0 and q >= 1.0 and q < nw - 1.0):
        return 0.0, False
    iu = int(p)
    iz = int(q)
    ok = served[iu, iz] != 0
    s = p - iu
    v = q - iz
    vm1, vm2, vp1 = v - 1.0, v - 2.0, v + 1.0
    wz0 = -v * vm1 * vm2 * _SIXTH
    wz1 = vp1 * vm1 * vm2 * 0.5
    wz2 = -vp1 * v * vm2 * 0.5
    wz3 = vp1 * v * vm1 * _SIXTH
    r0 = (wz0 * tab[iu - 1, iz - 1] + wz1 * tab[iu - 1, iz] + wz2 * tab[iu - 1, iz + 1]
          + wz3 * tab[iu - 1, iz + 2])
    r1 = (wz0 * tab[iu, iz - 1] + wz1 * tab[iu, iz] + wz2 * tab[iu, iz + 1]
          + wz3 * tab[iu, iz + 2])
    r2 = (wz0 * tab[iu + 1, iz - 1] + wz1 * tab[iu + 1, iz] + wz2 * tab[iu + 1, iz + 1]
          + wz3 * tab[iu + 1, iz + 2])
    r3 = (wz0 * tab[iu + 2, iz - 1] + wz1 * tab[iu + 2, iz] + wz2 * tab[iu + 2, iz + 1]
          + wz3 * tab[iu + 2, iz + 2])
    sm1, sm2, sp1 = s - 1.0, s - 2.0, s + 1.0
    out = (-s * sm1 * sm2 * _SIXTH * r0 + sp1 * sm1 * sm2 * 0.5 * r1
           - sp1 * s * sm2 * 0.5 * r2 + sp1 * s * sm1 * _SIXTH * r3)
    return out, ok


@numba.njit(cache=True)
def _realise_loop(volume: F, aht: F, profile: F, hours: F, agents: F, patience: F, tt: F,
                  tb: F, bb: NDArray[np.uint8], tr: F, br: NDArray[np.uint8], su: float,
                  sw: float, w0: float, log_n: F, num_sl: F, num_ab: F, den: F, todo: I64) -> int:
    """The call-weighted sums ``sum_k p_k SL_k``, ``sum_k p_k ab_k`` and ``sum_k p_k`` per
    element; returns how many ``(interval, element)`` positions it listed in ``todo`` for
    the exact Erlang A (left out of the sums).

    Erlang A as :func:`ccsim.queueing._tables.tabulated` (the same cells, formulas and
    tolerance), with what is fixed for an element computed once: ``theta t``, its
    exponential, ``log(patience / aht)`` and ``sqrt(patience / aht)``; ``log`` and
    ``sqrt`` of whole agent counts from tables. The arguments of the logarithms are
    rearranged (``log(x / y) = log c - log A``), which moves a service level in its last
    bits only.
    """
    n_int, n = profile.shape
    n_log = log_n.size
    count = 0
    for i in range(n):
        v, a, pat, t = volume[i], aht[i], patience[i], tt[i]
        scale = hours[i] * 3600.0
        regular = math.isfinite(pat) and math.isfinite(t)
        ratio = pat / a if regular and a > 0 else 1.0  # x = c ratio
        l_ratio = math.log(ratio)
        sq_ratio = math.sqrt(ratio)
        th = t / pat if regular else 0.0  # theta t
        decay = math.exp(-th)
        s_sl = 0.0
        s_ab = 0.0
        s_p = 0.0
        for k in range(n_int):
            p = profile[k, i]
            rate = v * p / scale
            c = agents[k, i]
            if not rate > 0:
                sl, ab = 1.0, 0.0
            elif c < 1:
                sl, ab = 0.0, 1.0
            elif not a > 0:  # an aht that underflowed to 0: no load, nobody waits
                sl, ab = 1.0, 0.0
            elif not (regular and c >= 4.0 and c + 1.0 < n_log):
                sl, ab = 0.0, 0.0
                todo[count] = k * n + i
                count += 1
            else:
                load = rate * a
                x = c * ratio
                y = rate * pat
                y_t = y * decay
                x1 = x + 1.0
                l_load = math.log(load)
                ic = int(c)
                sq_b = math.sqrt(c + 1.0)
                sq_r = math.sqrt(c) * sq_ratio
                sq_r1 = math.sqrt(x1)
                fb, ok_b = _interp(tb, bb, su, sw, w0, 1.0 / sq_b,
                                   sq_b * (log_n[ic + 1] - l_load))
                fr, ok_r = _interp(tr, br, su, sw, w0, 1.0 / sq_r,
                                   sq_r * (log_n[ic] - l_load))
                fr1, ok_r1 = _interp(tr, br, su, sw, w0, 1.0 / sq_r1,
                                     sq_r1 * (math.log(x1) - l_load - l_ratio + th))
                if not (ok_b and ok_r and ok_r1):
                    sl, ab = 0.0, 0.0
                    todo[count] = k * n + i
                    count += 1
                else:
                    el = math.exp(fr - fr1 - th * x + y * (1.0 - decay))
                    b = min(sq_b / load * math.exp(fb), 1.0)
                    r = min(math.exp(fr) / sq_r, 1.0)
                    late = y_t / x1 * (sq_r1 / sq_r) * el
                    d = r + (1.0 - r) * b
                    p_wait = b / d
                    xy = c / load  # x / y
                    sl = min((1.0 - b) * r / d + p_wait * xy * max((1.0 - r) - late, 0.0), 1.0)
                    ab = min(max(p_wait * (1.0 - xy * (1.0 - r)), 0.0), 1.0)
            if k == 0:
                s_sl, s_ab, s_p = p * sl, p * ab, p
            else:
                s_sl += p * sl
                s_ab += p * ab
                s_p += p
        num_sl[i] = s_sl
        num_ab[i] = s_ab
        den[i] = s_p
    return count


# ------------------------------------------------------------------ array wrappers


@functools.cache
def _half_log() -> F:
    """``log(n) / 2`` for whole ``n`` below 2**16, as numpy computes it (index 0 unused)."""
    with np.errstate(divide="ignore"):
        return np.asarray(0.5 * np.log(np.arange(65536, dtype=np.float64)), dtype=np.float64)


@functools.cache
def _served() -> tuple[F, NDArray[np.uint8], F, NDArray[np.uint8]]:
    """The Erlang A tables of :func:`ccsim.queueing._tables.tables` with each bound array
    turned into a byte per cell, 1 where the bound is within ``TOL`` (the cells served):
    an eighth of the memory the loop walks through."""
    tb, bb, tr, br = _tables.tables()
    return (tb, np.ascontiguousarray(bb <= _tables.TOL, dtype=np.uint8),
            tr, np.ascontiguousarray(br <= _tables.TOL, dtype=np.uint8))


@functools.cache
def _log_n() -> F:
    """``log(n)`` for whole ``n`` below 2**16 (index 0 unused)."""
    with np.errstate(divide="ignore"):
        return np.asarray(np.log(np.arange(65536, dtype=np.float64)), dtype=np.float64)


def _flat(x: X, shape: tuple[int, ...]) -> F:
    return np.ascontiguousarray(np.broadcast_to(np.asarray(x, dtype=np.float64), shape)).ravel()


def _day(profile: X, k: int, shape: tuple[int, ...]) -> F:
    return np.ascontiguousarray(
        np.broadcast_to(np.asarray(profile, dtype=np.float64), (k, *shape))).reshape(k, -1)


def plan_day(*, volume: X, aht: X, profile: X, open_hours: X,
             target_sl: X, target_time: X) -> tuple[F, F]:
    """:func:`ccsim.mechanisms.staffing.interval_plan` compiled: ``(N_k (K, ...), N (...))``.

    ``profile`` is ``(K, ...)``; the other arguments broadcast with ``profile[0]``.
    """
    prof = np.asarray(profile, dtype=np.float64)
    k = prof.shape[0]
    shape = np.broadcast_shapes(np.shape(volume), np.shape(aht), prof.shape[1:],
                                np.shape(open_hours), np.shape(target_sl), np.shape(target_time))
    vol, a, hrs = _flat(volume, shape), _flat(aht, shape), _flat(open_hours, shape)
    tsl, tt = _flat(target_sl, shape), _flat(target_time, shape)
    day = _day(prof, k, shape)
    tab, bound = _staffing._b_table()
    per = np.empty((k, vol.size))
    mean = np.empty(vol.size)
    todo = np.empty(k * vol.size, dtype=np.int64)
    count = _plan_loop(vol, a, day, hrs, tsl, tt, tab, bound, _staffing._TAB_NU,
                       _staffing._TAB_NZ, _staffing._TAB_ZMAX, _half_log(), per, mean, todo)
    if count:  # the exact search where the table's bracket did not decide
        j = todo[:count]
        kk, ii = np.divmod(j, vol.size)
        rate = vol[ii] * day[kk, ii] / (hrs[ii] * 3600.0)
        per[kk, ii] = _staffing._required_agents_exact(rate, a[ii], tsl[ii], tt[ii])
        cols = np.unique(ii)
        mean[cols] = np.mean(per[:, cols], axis=0)
    return per.reshape((k, *shape)), mean.reshape(shape)


def realise_day(*, volume: X, profile: X, open_hours: X, aht: X,
                agents: X, patience: X, target_time: X) -> tuple[F, F]:
    """:func:`ccsim.mechanisms.staffing.realise_day` compiled: the day's service level and
    abandonment, call-weighted over the intervals.

    ``agents`` is the roster ``(K, ...)``; ``profile`` broadcasts to it, the other
    arguments with ``agents[0]``.
    """
    roster = np.asarray(agents, dtype=np.float64)
    k = roster.shape[0]
    prof = np.asarray(profile, dtype=np.float64)
    shape = np.broadcast_shapes(np.shape(volume), np.shape(aht), roster.shape[1:],
                                prof.shape[1:], np.shape(open_hours), np.shape(patience),
                                np.shape(target_time))
    vol, a, hrs = _flat(volume, shape), _flat(aht, shape), _flat(open_hours, shape)
    pat, tt = _flat(patience, shape), _flat(target_time, shape)
    day, ros = _day(prof, k, shape), _day(roster, k, shape)
    tb, bb, tr, br = _served()
    n = vol.size
    num_sl, num_ab, den = np.empty(n), np.empty(n), np.empty(n)
    todo = np.empty(k * n, dtype=np.int64)
    count = _realise_loop(vol, a, day, hrs, ros, pat, tt, tb, bb, tr, br,
                          _tables.NU / _tables.U_MAX, _tables.NW / (_tables.W_MAX - _tables.W_MIN),
                          _tables.W_MIN, _log_n(), num_sl, num_ab, den, todo)
    if count:  # the exact Erlang A where the tables do not serve
        kk, ii = np.divmod(todo[:count], n)
        rate = vol[ii] * day[kk, ii] / (hrs[ii] * 3600.0)
        res = _erlang_a_core(rate, a[ii], ros[kk, ii], pat[ii], tt[ii])
        np.add.at(num_sl, ii, day[kk, ii] * res.service_level)
        np.add.at(num_ab, ii, day[kk, ii] * res.p_abandon)
    return (np.asarray(num_sl / den, dtype=np.float64).reshape(shape),
            np.asarray(num_ab / den, dtype=np.float64).reshape(shape))
