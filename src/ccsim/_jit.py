"""The few loops ccsim compiles with numba: gathers and short data-dependent walks that
numpy can only do in many passes. Everything with transcendental functions stays in
numpy, whose vectorized ``exp``/``log`` are far faster than scalar calls from compiled
code. Imported lazily (numba takes ~0.5 s to import), so ``import ccsim`` does not load it.
Compiled on first use and cached on disk (``cache=True``); no ``fastmath``, so each kernel
does exactly the floating-point operations written, in that order.
"""

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

F = NDArray[np.float64]


@numba.njit(cache=True)
def interp_4x4(
    tab: F, bnd: F, tol: float, su: float, sw: float, w0: float,
    sq: F, lg: F, out: F, ok: NDArray[np.bool_],
) -> None:
    """4 x 4 cubic interpolation at ``u = 1/sq``, ``w = sq * lg``, on a grid with ``su`` cells
    per unit of ``u`` from 0 and ``sw`` cells per unit of ``w`` from ``w0``.

    ``tab`` has the node values ``(nu + 1, nw + 1)``, ``bnd`` a bound per cell ``(nu, nw)``.
    ``out[i]`` is the interpolant; ``ok[i]`` is cleared where the cell is outside the
    table (NaN positions included) or its bound exceeds ``tol``.
    """
    nu, nw = bnd.shape
    for i in range(sq.size):
        p = su / sq[i]
        q = (sq[i] * lg[i] - w0) * sw
        if not (p >= 1.0 and p < nu - 1.0 and q >= 1.0 and q < nw - 1.0):
            ok[i] = False
            out[i] = 0.0
            continue
        iu = int(p)
        iz = int(q)
        if bnd[iu, iz] > tol:
            ok[i] = False
        s = p - iu
        v = q - iz
        wz0 = -v * (v - 1.0) * (v - 2.0) / 6.0
        wz1 = (v + 1.0) * (v - 1.0) * (v - 2.0) / 2.0
        wz2 = -(v + 1.0) * v * (v - 2.0) / 2.0
        wz3 = (v + 1.0) * v * (v - 1.0) / 6.0
        r0 = (wz0 * tab[iu - 1, iz - 1] + wz1 * tab[iu - 1, iz] + wz2 * tab[iu - 1, iz + 1]
              + wz3 * tab[iu - 1, iz + 2])
        r1 = (wz0 * tab[iu, iz - 1] + wz1 * tab[iu, iz] + wz2 * tab[iu, iz + 1]
              + wz3 * tab[iu, iz + 2])
        r2 = (wz0 * tab[iu + 1, iz - 1] + wz1 * tab[iu + 1, iz] + wz2 * tab[iu + 1, iz + 1]
              + wz3 * tab[iu + 1, iz + 2])
        r3 = (wz0 * tab[iu + 2, iz - 1] + wz1 * tab[iu + 2, iz] + wz2 * tab[iu + 2, iz + 1]
              + wz3 * tab[iu + 2, iz + 2])
        out[i] = (-s * (s - 1.0) * (s - 2.0) / 6.0 * r0
                  + (s + 1.0) * (s - 1.0) * (s - 2.0) / 2.0 * r1
                  - (s + 1.0) * s * (s - 2.0) / 2.0 * r2
                  + (s + 1.0) * s * (s - 1.0) / 6.0 * r3)


@numba.njit(cache=True)
def erlang_a_algebra(
    load: F, x: F, y: F, y_t: F, sq_b: F, sq_r: F, sq_r1: F, eb: F, er: F, el: F,
    ok: NDArray[np.bool_], sl: F, pab: F,
) -> None:
    """The closing algebra of :func:`ccsim.queueing._tables.tabulated`, where ``ok``.

    ``eb = exp(f_B)``, ``er = exp(f_r)`` and ``el`` the exponential factor of the
    incomplete-gamma ratio; the formulas are those of :func:`ccsim.queueing.erlang_a`.
    """
    for i in range(load.size):
        if not ok[i]:
            sl[i] = 0.0
            pab[i] = 0.0
            continue
        b = min(sq_b[i] / load[i] * eb[i], 1.0)
        r = min(er[i] / sq_r[i], 1.0)
        late = y_t[i] / (x[i] + 1.0) * (sq_r1[i] / sq_r[i]) * el[i]
        d = r + (1.0 - r) * b
        p_wait = b / d
        p_nowait = (1.0 - b) * r / d
        xy = x[i] / y[i]
        sl[i] = min(p_nowait + p_wait * xy * max((1.0 - r) - late, 0.0), 1.0)
        pab[i] = min(max(p_wait * (1.0 - xy * (1.0 - r)), 0.0), 1.0)


@numba.njit(cache=True)
def bilinear(tab: F, bound: F, nu: int, nz: int, zmax: float, c: F, sq: F, load: F,
             out: F, err: F) -> None:
    """The staffing table of :func:`ccsim.queueing.staffing._b_table` at ``(c, load)``, ``sq = sqrt(c)``.

    ``out`` gets the bilinear interpolant of ``log(B sqrt(c))`` and ``err`` its cell's bound
    (``inf`` outside the table); :func:`ccsim.queueing.staffing._log_b_table` is its caller.
    """
    for i in range(c.size):
        fu = nu / sq[i]
        fz = min((c[i] - load[i]) / sq[i] * (nz / zmax), float(nz))
        iu = int(fu)
        iz = int(fz)
        if iu >= nu or iz >= nz:
            out[i] = 0.0
            err[i] = np.inf
            continue
        fu -= iu
        fz -= iz
        k = iu * (nz + 1) + iz
        c0 = tab[k] + fz * (tab[k + 1] - tab[k])
        k += nz + 1
        c1 = tab[k] + fz * (tab[k + 1] - tab[k])
        out[i] = c0 + fu * (c1 - c0)
        err[i] = bound[iu * nz + iz]


@numba.njit(cache=True, inline="always")
def _sl_c(n: float, b: float, e: float, load: float) -> float:
    """M/M/c service level from Erlang B ``b`` at ``n`` and ``e = exp(-(n - load) t / aht)``."""
    if not load < n:
        return 0.0
    pw = min(n * b / (n - load * (1.0 - b)), 1.0)
    return 1.0 - pw * e


@numba.njit(cache=True)
def staffing_bracket(
    n: F, lo: F, load: F, target: F, b_lo: F, b_hi: F, e_dn: F, e_n: F, e_up: F,
    out: F, todo: NDArray[np.bool_],
) -> None:
    """The bracket test of :func:`ccsim.queueing.staffing._required_agents_core`, element by element.

    ``B(n)`` lies in ``[b_lo, b_hi]``; ``e_dn, e_n, e_up`` are the waiting-time factors at
    ``n - 1, n, n + 1``. Sets ``out`` to ``n`` or ``n + 1`` where the bracket decides the
    smallest agent count meeting ``target``, and ``todo`` elsewhere.
    """
    for i in range(n.size):
        ni, li, bl, bh = n[i], load[i], b_lo[i], b_hi[i]
        # the service level falls as B rises: B_hi gives its lower end, B_lo its upper end
        met = _sl_c(ni, bh, e_n[i], li) >= target[i]
        short = _sl_c(ni, bl, e_n[i], li) < target[i]
        d_lo = min(ni * bl / (li * (1.0 - bl)), 1.0)  # B(n - 1), monotone in B(n)
        short_dn = ni <= lo[i] or _sl_c(ni - 1.0, d_lo, e_dn[i], li) < target[i]
        u_hi = li * bh / (ni + 1.0 + li * bh)  # B(n + 1), monotone in B(n)
        met_up = _sl_c(ni + 1.0, u_hi, e_up[i], li) >= target[i]
        if met and short_dn:
            out[i] = ni
        else:
            out[i] = ni + 1.0
            todo[i] = not (short and met_up)


@numba.njit(cache=True)
def binomial_walk(n: F, u: F, pmf: F, ratio: F, k: F) -> None:
    """Inversion of Binomial(n, p) by the pmf recurrence, element by element.

    On entry ``pmf = f(0) = (1 - p)^n`` and ``k = 0``; ``ratio = p / (1 - p)``. On exit ``k``
    is the smallest count with ``P(X <= k) > u`` (the walk also stops at ``n`` and where
    the pmf underflows), exactly as the array loop of
    :func:`ccsim.mechanisms.attrition.binomial_inverse` computed it.
    """
    for i in range(n.size):
        f = pmf[i]
        cdf = f
        kk = 0.0
        ni = n[i]
        ui = u[i]
        while ui >= cdf and kk < ni:
            f = f * (ni - kk) / (kk + 1.0) * ratio[i]
            kk = kk + 1.0
            cdf += f
            if not f > 0:
                break
        k[i] = kk
