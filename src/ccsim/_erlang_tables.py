"""Tabulated Erlang A for the engine: the same formulas as :func:`ccsim.queueing.erlang_a`,
with the three special-function values it needs read from smooth tables, to a proven
tolerance, in one compiled pass.

Erlang A (M/M/c+M) needs, per element, Erlang B ``B(c, A)`` and two ratios of the
regularized lower incomplete gamma (see :func:`ccsim.queueing.erlang_a`):
``r(x, y) = p(x, y) / P(x, y)`` at ``(x, y)`` and at ``(x + 1, y e^{-theta t})``, where
``p(x, y) = y^x e^{-y} / Gamma(x + 1)``. Each costs ~200 ns in scipy; together they are
~70% of the engine's time. Both functions become smooth and bounded in the coordinates
``u = 1/sqrt(c)``, ``z = (c - A)/sqrt(c)`` (resp. ``u = 1/sqrt(x)``, ``z = (x - y)/sqrt(x)``):

* ``f_B(u, z) = log(B sqrt(c)) = c (log1p(s) - s) - log(2 pi)/2 - stirlerr(c) - log Q(c + 1, A)``
* ``f_r(u, z) = log(r sqrt(x)) = x (log1p(s) - s) - log(2 pi)/2 - stirlerr(x) - log P(x, y)``

with ``s = -z u``; at ``u = 0`` they tend to ``-z^2/2 - log(2 pi)/2 - log Phi(+-z)``
(Jagerman's limit), so one table on ``[0, 0.5] x [-8, 8]`` serves every ``c, x >= 4``.
The tables are tensor-product cubic (4 x 4 point Lagrange) interpolants with a per-cell
error bound: ``SAFETY`` times the largest interpolation error seen at the cell's centre
and edge midpoints (where a cubic's error peaks), plus ``FLOOR``. An element is served
from the tables only if all three of its cells have a bound at most ``TOL`` in the
logarithm, i.e. a relative error of at most ``TOL`` in ``B`` and both ratios; every other
element (outside the tables, next to ``A = 0``, infinite patience or target time, fewer
than 4 servers) is computed exactly by :func:`ccsim.queueing._erlang_a_core`.

Propagated through the Erlang A formulas, relative errors of ``TOL = 1e-10`` move the
service level and the abandonment probability by at most ~1e-9 (absolute);
``tests/test_queueing.py`` checks the bounds on random points and the outputs against
the exact functions. The tables are built once per process (~1 s).
"""

from __future__ import annotations

import functools
import math

import numba
import numpy as np
from numpy.typing import NDArray
from scipy import special

F = NDArray[np.float64]

#: Table grid: ``u = 1/sqrt(c)`` in ``[0, U_MAX]``, ``z`` in ``[Z_MIN, Z_MAX]``.
U_MAX, NU = 0.4, 204
Z_MIN, Z_MAX, NZ = -6.0, 6.0, 2304
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


def _f_exact(kind: str, u: F, z: F) -> F:
    """Exact ``f_B`` (``kind="B"``) or ``f_r`` (``kind="r"``); NaN where the argument is not positive."""
    u, z = np.broadcast_arrays(np.asarray(u, float), np.asarray(z, float))
    with np.errstate(all="ignore"):
        n = 1.0 / (u * u)
        s1 = -z * u  # log(arg / n)
        arg = n * np.exp(s1)
        if kind == "B":
            tail = np.log(special.gammaincc(n, arg))
            limit = -special.log_ndtr(z)
        else:
            tail = np.log(special.gammainc(n, arg))
            limit = -special.log_ndtr(-z)
        v = n * (s1 - np.expm1(s1)) - _HALF_LOG_2PI - _stirlerr(n) - tail
        v = np.where(u == 0.0, -0.5 * z * z - _HALF_LOG_2PI + limit, v)
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

    Returns ``(NU, NZ)``; cells without a full 4 x 4 stencil are NaN.
    """
    wu, wz = _weights(np.array(su)), _weights(np.array(sz))
    out = np.full((NU, NZ), np.nan)
    acc = np.zeros((NU - 2, NZ - 2))
    for a in range(4):
        for b in range(4):
            acc += wu[a] * wz[b] * t[a : a + NU - 2, b : b + NZ - 2]
    out[1 : NU - 1, 1 : NZ - 1] = acc
    return out


@functools.cache
def tables() -> tuple[F, F, F, F]:
    """``(f_B table, f_B bounds, f_r table, f_r bounds)``; tables ``(NU+1, NZ+1)``, bounds ``(NU, NZ)``.

    A bound is infinite where the cell has no full stencil, touches a non-positive
    argument, or its estimate is not finite; built once per process.
    """
    u = np.linspace(0.0, U_MAX, NU + 1)
    z = np.linspace(Z_MIN, Z_MAX, NZ + 1)
    um = 0.5 * (u[1:] + u[:-1])
    zm = 0.5 * (z[1:] + z[:-1])
    out: list[F] = []
    for kind in ("B", "r"):
        t = _f_exact(kind, u[:, None], z[None, :])
        err = np.abs(_interp_grid(t, 0.5, 0.5) - _f_exact(kind, um[:, None], zm[None, :]))
        # edge midpoints are shared by two cells: evaluate each once, compare with both interpolants
        ex = _f_exact(kind, um[:, None], z[None, :])
        err = np.fmax(err, np.abs(_interp_grid(t, 0.5, 0.0) - ex[:, :-1]))
        err = np.fmax(err, np.abs(_interp_grid(t, 0.5, 1.0) - ex[:, 1:]))
        ex = _f_exact(kind, u[:, None], zm[None, :])
        err = np.fmax(err, np.abs(_interp_grid(t, 0.0, 0.5) - ex[:-1]))
        err = np.fmax(err, np.abs(_interp_grid(t, 1.0, 0.5) - ex[1:]))
        # cells whose stencil (nodes iu-1 .. iu+2, iz-1 .. iz+2) touches a NaN node
        bad = np.pad(~np.isfinite(t), ((1, 2), (1, 2)), constant_values=True)
        near = np.zeros((NU, NZ), dtype=bool)
        for a in range(4):
            for b in range(4):
                near |= bad[a : a + NU, b : b + NZ]
        bound = SAFETY * err + FLOOR
        bound = np.where(np.isfinite(bound) & ~near, bound, np.inf)
        out += [np.ascontiguousarray(np.nan_to_num(t, nan=0.0)), np.ascontiguousarray(bound)]
    return out[0], out[1], out[2], out[3]


@numba.njit(cache=True, inline="always")
def _lookup(tab: F, bnd: F, n: float, arg: float) -> tuple[float, float]:
    """``(f(u, w), bound)`` at ``u = 1/sqrt(n)``, ``w = sqrt(n) log(n / arg)``, by 4 x 4 cubic
    interpolation; the bound is ``inf`` outside the table."""
    sq = math.sqrt(n)
    fu = (1.0 / sq) * (NU / U_MAX)
    fz = (sq * math.log(n / arg) - Z_MIN) * (NZ / (Z_MAX - Z_MIN))
    if not (fu >= 1.0 and fu < NU - 1.0 and fz >= 1.0 and fz < NZ - 1.0):
        return 0.0, math.inf
    iu = int(fu)
    iz = int(fz)
    e = bnd[iu, iz]
    if e > TOL:
        return 0.0, e
    s = fu - iu
    v = fz - iz
    wu0 = -s * (s - 1.0) * (s - 2.0) / 6.0
    wu1 = (s + 1.0) * (s - 1.0) * (s - 2.0) / 2.0
    wu2 = -(s + 1.0) * s * (s - 2.0) / 2.0
    wu3 = (s + 1.0) * s * (s - 1.0) / 6.0
    wz0 = -v * (v - 1.0) * (v - 2.0) / 6.0
    wz1 = (v + 1.0) * (v - 1.0) * (v - 2.0) / 2.0
    wz2 = -(v + 1.0) * v * (v - 2.0) / 2.0
    wz3 = (v + 1.0) * v * (v - 1.0) / 6.0
    acc = 0.0
    for a in range(4):
        row = iu - 1 + a
        r = (wz0 * tab[row, iz - 1] + wz1 * tab[row, iz] + wz2 * tab[row, iz + 1]
             + wz3 * tab[row, iz + 2])
        if a == 0:
            acc += wu0 * r
        elif a == 1:
            acc += wu1 * r
        elif a == 2:
            acc += wu2 * r
        else:
            acc += wu3 * r
    return acc, e


@numba.njit(cache=True)
def _erlang_a_kernel(
    lam: F, aht: F, c: F, patience: F, t: F, tb: F, bb: F, tr: F, br: F,
    sl: F, pab: F, exact: NDArray[np.bool_],
) -> None:
    """Erlang A service level and abandonment from the tables; ``exact[i]`` where not servable."""
    for i in range(lam.size):
        pat = patience[i]
        tt = t[i]
        if not (pat < math.inf and tt < math.inf and c[i] >= 4.0):
            exact[i] = True
            continue
        load = lam[i] * aht[i]
        n = c[i]
        theta = 1.0 / pat
        x = n * pat / aht[i]
        y = lam[i] * pat
        decay = math.exp(-theta * tt)
        y_t = y * decay
        fb, eb = _lookup(tb, bb, n + 1.0, load)
        fr, er = _lookup(tr, br, x, y)
        fr1, er1 = _lookup(tr, br, x + 1.0, y_t)
        if not (eb <= TOL and er <= TOL and er1 <= TOL):
            exact[i] = True
            continue
        # B(c, A) = p(c, A) / Q(c + 1, A) = (c + 1) / A * p(c + 1, A) / Q(c + 1, A)
        b = min((n + 1.0) / load * math.exp(fb - 0.5 * math.log(n + 1.0)), 1.0)
        log_r = fr - 0.5 * math.log(x)
        r = min(math.exp(log_r), 1.0)
        log_r1 = fr1 - 0.5 * math.log(x + 1.0)
        # P(x+1, y_t) / P(x, y) = p(x+1, y_t) / p(x, y) * r(x, y) / r(x+1, y_t)
        late = math.exp(math.log(y_t / (x + 1.0)) - theta * tt * x + y * (1.0 - decay)
                        + log_r - log_r1)
        d = r + (1.0 - r) * b
        p_wait = b / d
        p_nowait = (1.0 - b) * r / d
        ratio_inf = (x / y) * (1.0 - r)
        within = (x / y) * max((1.0 - r) - late, 0.0)
        sl[i] = min(p_nowait + p_wait * within, 1.0)
        pab[i] = min(max(p_wait * (1.0 - ratio_inf), 0.0), 1.0)


def service_and_abandonment(lam: F, aht: F, c: F, patience: F, t: F) -> tuple[F, F]:
    """Erlang A service level (over all arrivals) and abandonment probability.

    For clean 1-d float arrays with ``lam > 0`` and ``c >= 1``. Elements the tables
    serve are within the documented tolerance of :func:`ccsim.queueing._erlang_a_core`;
    the rest are computed by it.
    """
    from ccsim.queueing import _erlang_a_core

    tb, bb, tr, br = tables()
    sl = np.empty(lam.size)
    pab = np.empty(lam.size)
    exact = np.zeros(lam.size, dtype=bool)
    _erlang_a_kernel(lam, aht, c, patience, t, tb, bb, tr, br, sl, pab, exact)
    j = np.flatnonzero(exact)
    if j.size:
        res = _erlang_a_core(lam[j], aht[j], c[j], patience[j], t[j])
        sl[j] = res.service_level
        pab[j] = res.p_abandon
    return sl, pab
