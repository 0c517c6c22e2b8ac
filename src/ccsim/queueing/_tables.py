"""Tabulated Erlang A for the engine: the formulas of :func:`ccsim.queueing.erlang_a`,
with the three special-function values they need read from tables, to a proven tolerance.

Erlang A (M/M/c+M) needs, per element, Erlang B ``B(c, A)`` and two ratios of the
regularized lower incomplete gamma (see :func:`ccsim.queueing.erlang_a`):
``r(x, y) = p(x, y) / P(x, y)`` at ``(x, y)`` and at ``(x + 1, y e^{-theta t})``, where
``p(x, y) = y^x e^{-y} / Gamma(x + 1)``, ``x = c patience / aht``, ``y = lambda patience``.
Each costs ~200 ns in scipy; together they were ~70% of the engine's time. Writing
``B = (c + 1)/A * p(c + 1, A) / Q(c + 1, A)``, both reduce to smooth, bounded functions of
``u = 1/sqrt(n)`` and ``w = sqrt(n) log(n / y)`` (``n`` the shape, ``y`` the argument):

* ``f_B(u, w) = log(sqrt(n) p(n, y) / Q(n, y)) = n (s - expm1(s)) - log(2 pi)/2 - stirlerr(n) - log Q(n, y)``
* ``f_r(u, w) = log(sqrt(n) p(n, y) / P(n, y)) = n (s - expm1(s)) - log(2 pi)/2 - stirlerr(n) - log P(n, y)``

with ``s = -w u = log(y / n)``. At ``u = 0`` they tend to ``-w^2/2 - log(2 pi)/2 -
log Phi(+-w)`` (Jagerman's normal limit), and ``y -> 0`` is ``w -> inf``, so no
singularity is inside the grid: one table on ``u`` in ``[0, 0.4]``, ``w`` in ``[-6, 6]``
serves every shape ``n >= 6.25``. Each table is a tensor-product cubic (4 x 4 point
Lagrange) interpolant with a per-cell error bound: ``SAFETY`` times the largest
interpolation error found at the cell's centre and edge midpoints (where a cubic's
error peaks), plus ``FLOOR``. An element is served from the tables only if all three of
its cells have a bound of at most ``TOL`` in the logarithm, i.e. a relative error of at
most ``TOL`` in ``B`` and both ratios; every other element (outside the tables,
infinite patience or target time, fewer than 4 agents) is computed by
:func:`ccsim.queueing._erlang_a_core`.

Relative errors of ``TOL = 1e-10`` in those three values move the service level and the
abandonment probability by less than 1e-9 (absolute). ``tests/queueing/test_erlang_tables.py``
checks the bounds on random points, the outputs against the exact functions on wide
random queues and on the default scenario's own arguments (98%+ served), and a whole
engine chunk against one run with the exact Erlang A (per-path outputs within 1e-9
relative, integer outcomes identical). The transcendental functions run as numpy array
operations (vectorized ``exp``/``log``); the 16-point interpolation, a gather numpy does
slowly, and the closing algebra are compiled loops (:func:`ccsim._jit.interp_4x4`,
:func:`ccsim._jit.erlang_a_algebra`). The tables (2 x 3.8 MB) are built once per
process, in ~0.8 s.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from numpy.typing import NDArray
from scipy import special

from ccsim import _jit
from ccsim.queueing.formulas import _erlang_a_core

F = NDArray[np.float64]

#: Table grid: ``u = 1/sqrt(n)`` in ``[0, U_MAX]``, ``w = sqrt(n) log(n / y)`` in ``[W_MIN, W_MAX]``.
U_MAX, NU = 0.4, 204
W_MIN, W_MAX, NW = -6.0, 6.0, 2304
#: per-cell bound = SAFETY x the largest error seen at the cell's centre and edge midpoints, + FLOOR
SAFETY, FLOOR = 4.0, 1e-13
#: largest bound (in the logarithm, i.e. relative error) an element may be served with
TOL = 1e-10

_HALF_LOG_2PI = 0.5 * math.log(2.0 * math.pi)


def _stirlerr(v: F) -> F:
    """``log Gamma(v + 1) - (v + 1/2) log v + v - log(2 pi)/2``, accurate for large ``v``."""
    with np.errstate(all="ignore"):
        direct = special.gammaln(v + 1.0) - (v + 0.5) * np.log(v) + v - _HALF_LOG_2PI
        iv = 1.0 / v
        iv2 = iv * iv
        series = iv * (1 / 12 - iv2 * (1 / 360 - iv2 * (1 / 1260 - iv2 * (1 / 1680 - iv2 / 1188))))
    return np.where(v >= 15.0, series, direct)


def _f_exact(kind: str, u: F, w: F) -> F:
    """Exact ``f_B`` (``kind="B"``) or ``f_r`` (``kind="r"``) at ``(u, w)``; NaN where not finite."""
    u, w = np.broadcast_arrays(np.asarray(u, float), np.asarray(w, float))
    with np.errstate(all="ignore"):
        n = 1.0 / (u * u)
        s1 = -w * u  # log(y / n)
        y = n * np.exp(s1)
        if kind == "B":
            tail = np.log(special.gammaincc(n, y))
            limit = -special.log_ndtr(w)
        else:
            tail = np.log(special.gammainc(n, y))
            limit = -special.log_ndtr(-w)
        v = n * (s1 - np.expm1(s1)) - _HALF_LOG_2PI - _stirlerr(n) - tail
        v = np.where(u == 0.0, -0.5 * w * w - _HALF_LOG_2PI + limit, v)
        v = np.where(np.isfinite(v), v, np.nan)
    return np.asarray(v, dtype=np.float64)


def _weights(s: F) -> F:
    """Cubic Lagrange weights for nodes ``-1, 0, 1, 2`` at ``s`` in ``[0, 1]``: shape ``(4,) + s.shape``."""
    return np.stack([
        -s * (s - 1.0) * (s - 2.0) / 6.0,
        (s + 1.0) * (s - 1.0) * (s - 2.0) / 2.0,
        -(s + 1.0) * s * (s - 2.0) / 2.0,
        (s + 1.0) * s * (s - 1.0) / 6.0,
    ])


def _interp_grid(t: F, su: float, sz: float) -> F:
    """The interpolant at offset ``(su, sz)`` (in cells) inside every interior cell.

    Returns ``(NU, NW)``; cells without a full 4 x 4 stencil are NaN.
    """
    wu, wz = _weights(np.array(su)), _weights(np.array(sz))
    out = np.full((NU, NW), np.nan)
    acc = np.zeros((NU - 2, NW - 2))
    for a in range(4):
        for b in range(4):
            acc += wu[a] * wz[b] * t[a : a + NU - 2, b : b + NW - 2]
    out[1 : NU - 1, 1 : NW - 1] = acc
    return out


@functools.cache
def tables() -> tuple[F, F, F, F]:
    """``(f_B table, f_B bounds, f_r table, f_r bounds)``; tables ``(NU+1, NW+1)``, bounds ``(NU, NW)``.

    A bound is infinite where the cell has no full stencil, its stencil touches a node
    that is not finite, or its estimate is not finite; built once per process.
    """
    u = np.linspace(0.0, U_MAX, NU + 1)
    w = np.linspace(W_MIN, W_MAX, NW + 1)
    um = 0.5 * (u[1:] + u[:-1])
    wm = 0.5 * (w[1:] + w[:-1])
    out: list[F] = []
    for kind in ("B", "r"):
        t = _f_exact(kind, u[:, None], w[None, :])
        err = np.abs(_interp_grid(t, 0.5, 0.5) - _f_exact(kind, um[:, None], wm[None, :]))
        # edge midpoints are shared by two cells: evaluate each once, compare with both interpolants
        ex = _f_exact(kind, um[:, None], w[None, :])
        err = np.fmax(err, np.abs(_interp_grid(t, 0.5, 0.0) - ex[:, :-1]))
        err = np.fmax(err, np.abs(_interp_grid(t, 0.5, 1.0) - ex[:, 1:]))
        ex = _f_exact(kind, u[:, None], wm[None, :])
        err = np.fmax(err, np.abs(_interp_grid(t, 0.0, 0.5) - ex[:-1]))
        err = np.fmax(err, np.abs(_interp_grid(t, 1.0, 0.5) - ex[1:]))
        # cells whose stencil (nodes iu-1 .. iu+2, iz-1 .. iz+2) touches a NaN node
        bad = np.pad(~np.isfinite(t), ((1, 2), (1, 2)), constant_values=True)
        near = np.zeros((NU, NW), dtype=bool)
        for a in range(4):
            for b in range(4):
                near |= bad[a : a + NU, b : b + NW]
        bound = SAFETY * err + FLOOR
        bound = np.where(np.isfinite(bound) & ~near, bound, np.inf)
        out += [np.ascontiguousarray(np.nan_to_num(t, nan=0.0)), np.ascontiguousarray(bound)]
    return out[0], out[1], out[2], out[3]


def _interp(kind: str, sq: F, lg: F, ok: NDArray[np.bool_]) -> F:
    tb, bb, tr, br = tables()
    tab, bnd = (tb, bb) if kind == "B" else (tr, br)
    out = np.empty(sq.size)
    _jit.interp_4x4(tab, bnd, TOL, NU / U_MAX, NW / (W_MAX - W_MIN), W_MIN, sq, lg, out, ok)
    return out


def lookup(kind: str, n: F, arg: F, ok: NDArray[np.bool_]) -> F:
    """``f(u, w)`` at ``u = 1/sqrt(n)``, ``w = sqrt(n) log(n / arg)`` from the table of ``kind``
    (``"B"`` or ``"r"``); clears ``ok`` where the table cannot serve the element."""
    with np.errstate(all="ignore"):
        return _interp(kind, np.sqrt(n), np.log(n / arg), ok)


#: Elements per pass of :func:`tabulated`, so that its ~20 temporaries stay in cache
#: (measured on 245,760 elements, the two teams' day of a 4,096-path chunk: 247 ns an
#: element in one pass, 208 in passes of 16,384, 219 in passes of 4,096 or 65,536).
_BLOCK = 16384


def tabulated(lam: F, aht: F, c: F, patience: F, t: F) -> tuple[F, F, NDArray[np.bool_]]:
    """``(service level, abandonment, served)`` from the tables; where ``served`` is
    False the first two are 0 and meaningless (see :func:`service_and_abandonment`).

    The transcendental functions run as numpy array operations; the interpolation and
    the closing algebra (:func:`ccsim._jit.erlang_a_algebra`) are compiled loops.
    Processed in blocks of ``_BLOCK`` elements, so that the temporaries stay in cache
    (every element on its own: the same numbers as one pass).
    """
    if lam.size > _BLOCK:
        sl, pab, ok = np.empty(lam.size), np.empty(lam.size), np.empty(lam.size, dtype=bool)
        for s in range(0, lam.size, _BLOCK):
            j = slice(s, s + _BLOCK)
            sl[j], pab[j], ok[j] = tabulated(lam[j], aht[j], c[j], patience[j], t[j])
        return sl, pab, ok
    ok = np.isfinite(patience) & np.isfinite(t) & (c >= 4.0)
    with np.errstate(all="ignore"):
        load = lam * aht
        x = c * patience / aht  # c mu / theta
        y = lam * patience  # lambda / theta
        tt = t / patience  # theta t
        decay = np.exp(-tt)
        y_t = y * decay
        c1, x1 = c + 1.0, x + 1.0
        sq_b, sq_r, sq_r1 = np.sqrt(c1), np.sqrt(x), np.sqrt(x1)
        # B(c, A) = p(c, A) / Q(c + 1, A) = (c + 1) / A * p(c + 1, A) / Q(c + 1, A)
        fb = _interp("B", sq_b, np.log(c1 / load), ok)
        fr = _interp("r", sq_r, np.log(x / y), ok)
        fr1 = _interp("r", sq_r1, np.log(x1 / y_t), ok)
        # P(x+1, y_t) / P(x, y) = p(x+1, y_t) / p(x, y) * r(x, y) / r(x+1, y_t), where
        # p(x+1, y_t) / p(x, y) = y_t / (x+1) * exp(-theta t x + y (1 - e^{-theta t}))
        e_late = np.exp(fr - fr1 - tt * x + y * (1.0 - decay))
        eb, er = np.exp(fb), np.exp(fr)
    sl = np.empty(lam.size)
    pab = np.empty(lam.size)
    _jit.erlang_a_algebra(load, x, y, y_t, sq_b, sq_r, sq_r1, eb, er, e_late, ok, sl, pab)
    return sl, pab, ok


def service_and_abandonment(lam: F, aht: F, c: F, patience: F, t: F) -> tuple[F, F]:
    """Erlang A service level (over all arrivals) and abandonment probability.

    For clean 1-d float arrays with ``lam > 0`` and ``c >= 1``. Elements the tables
    serve are within the documented tolerance of :func:`ccsim.queueing._erlang_a_core`;
    the rest (infinite patience or target time, fewer than 4 agents, outside the tables)
    are computed by it.
    """
    sl, pab, ok = tabulated(lam, aht, c, patience, t)
    j = np.flatnonzero(~ok)
    if j.size:
        res = _erlang_a_core(lam[j], aht[j], c[j], patience[j], t[j])
        sl[j] = res.service_level
        pab[j] = res.p_abandon
    return sl, pab
