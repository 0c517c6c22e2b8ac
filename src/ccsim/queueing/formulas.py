r"""Erlang B, C and A: exact, vectorized, stable at any size.

Every public function broadcasts over numpy arrays. Units: arrival rates are per second,
handle times, patience and target times are in seconds, loads are in Erlangs
(``arrival_rate * aht``) and agent counts are integers. The staffing search
(:func:`ccsim.queueing.required_agents`) is in :mod:`ccsim.queueing.staffing`.

The formulas are evaluated in a form that neither overflows nor underflows from a
fraction of an Erlang to tens of thousands of Erlangs:

* Erlang B is the ratio of a Poisson(``A``) probability to its distribution function,
  ``B(c, A) = p(c; A) / F(c; A)``, with ``log p`` computed directly and ``F`` from the
  regularized incomplete gamma function. Where ``F`` underflows (``A`` far above ``c``)
  the finite series ``1/B = sum_k c!/(c-k)! A^-k`` is used instead; it converges
  geometrically there.
* Erlang C follows from Erlang B: ``C = c B / (c - A (1 - B))`` for ``A < c``.
* Erlang A (M/M/c+M) is written with the regularized lower incomplete gamma function
  ``P(s, y)`` of ``x = c mu / theta`` and ``y = lambda / theta`` (``mu = 1/aht``,
  ``theta = 1/patience``), and every ratio of incomplete gammas is taken in log space, so
  ``exp(-lambda t)``-type factors never underflow to ``0/0``.

References
----------
.. [1] Borst, Mandelbaum & Reiman, "Dimensioning Large Call Centers", Operations
   Research 52(1), 17-34, 2004. doi:10.1287/opre.1030.0081
.. [2] Garnett, Mandelbaum & Reiman, "Designing a Call Center with Impatient
   Customers", Manufacturing & Service Operations Management 4(3), 208-227, 2002.
   doi:10.1287/msom.4.3.208.7753
.. [3] Mandelbaum & Zeltyn, "The M/M/n+G queue: summary of performance measures",
   technical note, Technion, 2008.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

__all__ = [
    "ErlangAResult",
    "average_speed_of_answer",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "occupancy",
    "service_level",
]

F = NDArray[np.float64]

_TINY = 1e-280  # below this an incomplete gamma value is recomputed by its series
# Erlang A switches to its limits when patience is effectively endless (see _erlang_a_core):
_A_TO_C = 3e5  # stable: patience (c - load) / aht above this -> Erlang C (see _erlang_a_core)
_A_FLUID = 1e13  # x = c patience / aht above this -> Erlang C (stable) or the fluid limit
_SERIES_EPS = 1e-17


# ---------------------------------------------------------------- validation


def _arr(name: str, value: ArrayLike) -> F:
    try:
        out = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a number or an array of numbers, got {value!r}") from exc
    if np.isnan(out).any():
        raise ValueError(f"{name} contains NaN; expected numbers")
    return out


def _check(
    name: str,
    value: ArrayLike,
    lo: float,
    hi: float = np.inf,
    *,
    lo_open: bool = False,
    hi_open: bool = True,
    allow_inf: bool = False,
    integer: bool = False,
) -> F:
    x = _arr(name, value)
    bad_lo = x <= lo if lo_open else x < lo
    if hi == np.inf:
        bad_hi = np.isinf(x) & (x > 0) if not allow_inf else np.zeros(x.shape, dtype=bool)
        hi_open = not allow_inf
    else:
        bad_hi = x >= hi if hi_open else x > hi
    bad = bad_lo | bad_hi
    if bad.any():
        v = x[bad].flat[0] if x.ndim else float(x)
        lb = "(" if lo_open else "["
        rb = ")" if hi_open else "]"
        hi_txt = "inf" if hi == np.inf else f"{hi:g}"
        raise ValueError(f"{name} = {v!r} is outside the allowed range {lb}{lo:g}, {hi_txt}{rb}")
    if integer:
        frac = x != np.floor(x)
        if frac.any():
            v = x[frac].flat[0] if x.ndim else float(x)
            raise ValueError(f"{name} = {v!r} is not an integer; agents must be whole numbers")
    return x


def _out(x: NDArray[Any]) -> Any:
    """A 0-d array becomes a numpy scalar, anything else stays an array."""
    return x[()] if x.ndim == 0 else x


# ---------------------------------------------------------------- incomplete gamma


def _log_p_series(s: F, y: F) -> F:
    r"""``log P(s, y)`` by ``P = y^s e^-y / Gamma(s+1) * sum_k y^k / ((s+1)...(s+k))``.

    Used where ``P`` underflows, which happens only for ``y`` well below ``s``, where the
    series converges geometrically (ratio below ``y / (s + 1)``).
    """
    total = np.ones_like(s)
    term = np.ones_like(s)
    active = np.arange(s.size)
    k = 0
    while active.size:
        k += 1
        term[active] *= y[active] / (s[active] + k)
        total[active] += term[active]
        active = active[term[active] > _SERIES_EPS * total[active]]
    return _log_kernel(s, y) + np.log(total)


_KERNEL_BIG = 1e5  # from here ``s log y - y - log Gamma(s+1)`` is taken in Stirling form


def _log_kernel(s: F, y: F) -> F:
    r"""``s log y - y - log Gamma(s + 1)``, the log of ``y^s e^-y / Gamma(s + 1)``.

    Written directly it cancels terms of size ``s log y`` and loses ``~s log(y) 1e-16``
    (every digit at ``s ~ 1e14``). For ``s >= _KERNEL_BIG`` it is taken as
    ``-s phi(y/s) - S(s)``, ``phi(l) = l - 1 - log l`` evaluated as ``d - log1p(d)`` with
    ``d = (y - s)/s``, and ``S(s) = log Gamma(s+1) - s log s + s`` by its Stirling series
    (error below ``1/(1260 s^5)``), so only the physically meaningful ``s phi`` remains.
    """
    out = np.empty(np.broadcast(s, y).shape)
    s, y = np.broadcast_arrays(s, y)
    big = s >= _KERNEL_BIG
    small = ~big
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out[small] = s[small] * np.log(y[small]) - y[small] - special.gammaln(s[small] + 1.0)
        sb, yb = s[big], y[big]
        d = (yb - sb) / sb
        stirling = 0.5 * np.log(2.0 * np.pi * sb) + 1.0 / (12.0 * sb) - 1.0 / (360.0 * sb**3)
        out[big] = -sb * (d - np.log1p(d)) - stirling
    return out


_TEMME_BIG = 1e6  # from here log P(s, y) comes from Temme's uniform expansion


def _temme_c0(d: F, eta: F) -> F:
    """``1/d - 1/eta`` (``d = y/s - 1``), by its Taylor series near ``d = 0`` (cancellation)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        direct = 1.0 / d - 1.0 / eta
    series = -1.0 / 3.0 + d / 12.0 - 23.0 * d**2 / 540.0 + 113.0 * d**3 / 4536.0
    return np.where(np.abs(d) < 1e-3, series, direct)


def _log_p_temme(s: F, y: F) -> F:
    r"""``log P(s, y)`` for large ``s`` by Temme's uniform asymptotic expansion.

    ``Q(s, y) = erfc(eta sqrt(s/2)) / 2 + e^{-s eta^2/2} / sqrt(2 pi s) (C_0 + O(1/s))`` with
    ``eta^2/2 = phi(y/s) = l - 1 - log l`` and ``sign(eta) = sign(y - s)``,
    ``C_0 = 1/(l - 1) - 1/eta`` (Temme 1979; DLMF 8.12.8). Below ``y = s`` it is taken
    as ``log P = -s phi + log(erfcx(z)/2 - C_0/sqrt(2 pi s))``, ``z = -eta sqrt(s/2)``, so
    it never underflows; above as ``log1p(-Q)``. The neglected ``C_1/s`` term is below
    ``1e-6`` of the correction at ``s >= _TEMME_BIG``. scipy's ``gammainc`` loses
    accuracy here (``log P`` off by 0.4 at ``s = 1e8``, ``y/s = 0.9994``).
    """
    d = (y - s) / s
    phi = d - np.log1p(d)
    eta = np.sign(d) * np.sqrt(2.0 * np.maximum(phi, 0.0))
    c0 = _temme_c0(d, eta)
    root = np.sqrt(2.0 * np.pi * s)
    z = -eta * np.sqrt(0.5 * s)
    out = np.empty(s.shape)
    below = d <= 0
    with np.errstate(all="ignore"):
        out[below] = -s[below] * phi[below] + np.log(
            0.5 * special.erfcx(z[below]) - c0[below] / root[below]
        )
        a = ~below
        q = 0.5 * special.erfc(-z[a]) + np.exp(-s[a] * phi[a]) * c0[a] / root[a]
        out[a] = np.log1p(-q)
    return out


def _log_gammainc(s: F, y: F) -> F:
    """``log P(s, y)``, the log of the regularized lower incomplete gamma, for ``s, y > 0``."""
    p = special.gammainc(s, y)
    with np.errstate(divide="ignore"):
        out = np.log(p)
    big = s >= _TEMME_BIG
    small = (p < _TINY) & ~big
    if small.any():
        out[small] = _log_p_series(s[small], y[small])
    if big.any():
        out[big] = _log_p_temme(s[big], y[big])
    return out


# ---------------------------------------------------------------- Erlang B and C


def _erlang_b_series(load: F, c: F) -> F:
    """``B`` from ``1/B = sum_k c!/(c-k)! load^-k`` (finite; fast for ``load`` >> ``c``)."""
    total = np.ones_like(load)
    term = np.ones_like(load)
    active = np.arange(load.size)
    k = 0
    while active.size:
        term[active] *= (c[active] - k) / load[active]
        total[active] += term[active]
        k += 1
        active = active[(term[active] > _SERIES_EPS * total[active]) & (c[active] > k)]
    return 1.0 / total


def _erlang_b_core(load: F, c: F) -> F:
    """Erlang B for clean 1-d arrays: ``load >= 0`` and integer-valued ``c >= 0``."""
    out = np.zeros(load.shape)
    out[c == 0] = 1.0
    idx = np.flatnonzero((c > 0) & (load > 0))
    if idx.size:
        a, n = load[idx], c[idx]
        cdf = special.pdtr(n, a)  # P(Poisson(a) <= n)
        logpmf = n * np.log(a) - a - special.gammaln(n + 1.0)
        with np.errstate(divide="ignore"):
            b = np.exp(logpmf - np.log(cdf))
        deep = cdf < _TINY
        if deep.any():
            b[deep] = _erlang_b_series(a[deep], n[deep])
        out[idx] = np.minimum(b, 1.0)
    return out


def _erlang_c_from_b(load: F, c: F, b: F) -> F:
    stable = load < c
    with np.errstate(divide="ignore", invalid="ignore"):
        pw = c * b / (c - load * (1.0 - b))
    return np.where(stable, np.minimum(pw, 1.0), 1.0)


def _erlang_c_core(load: F, c: F) -> F:
    """Erlang C (probability of waiting) for clean 1-d arrays; 1 where ``load >= c``."""
    return _erlang_c_from_b(load, c, _erlang_b_core(load, c))


def erlang_b(load: ArrayLike, agents: ArrayLike) -> Any:
    r"""Blocking probability of the M/M/c/c loss system (Erlang B).

    Parameters
    ----------
    load
        Offered load ``A = arrival_rate * aht`` in Erlangs, ``A >= 0``.
    agents
        Number of servers ``c``, a non-negative integer (float arrays holding whole
        numbers are accepted).

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``B(c, A)`` in ``[0, 1]``, broadcast over the inputs.

    Notes
    -----
    ``B(c, A) = (A^c / c!) / sum_{k<=c} A^k / k!``, the ratio of the Poisson(``A``)
    probability of ``c`` to its distribution function at ``c``. It satisfies the
    recursion ``B(0) = 1``, ``B(n) = A B(n-1) / (n + A B(n-1))``, against which the test
    suite checks it to 1e-9 relative from 0.1 to 20,000 Erlangs.

    Examples
    --------
    >>> from ccsim.queueing import erlang_b
    >>> round(float(erlang_b(10.0, 15)), 6)
    0.036497
    """
    a = _check("load", load, 0.0)
    c = _check("agents", agents, 0.0, integer=True)
    a, c = np.broadcast_arrays(a, c)
    return _out(_erlang_b_core(a.ravel(), c.ravel()).reshape(a.shape))


def erlang_c(load: ArrayLike, agents: ArrayLike) -> Any:
    r"""Probability that an arriving call waits in the M/M/c queue (Erlang C).

    Parameters
    ----------
    load
        Offered load ``A`` in Erlangs, ``A >= 0``.
    agents
        Number of agents ``c``, a non-negative integer.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``C(c, A) = c B / (c - A (1 - B))`` for ``A < c``; 1 where ``A >= c`` (the queue
        is unstable and every call waits).

    Examples
    --------
    >>> from ccsim.queueing import erlang_c
    >>> round(float(erlang_c(10.0, 12)), 4)
    0.4494
    """
    a = _check("load", load, 0.0)
    c = _check("agents", agents, 0.0, integer=True)
    a, c = np.broadcast_arrays(a, c)
    return _out(_erlang_c_core(a.ravel(), c.ravel()).reshape(a.shape))


def _mmc_inputs(
    arrival_rate: ArrayLike, aht: ArrayLike, agents: ArrayLike, *extra: tuple[str, ArrayLike, bool]
) -> list[F]:
    arrs = [
        _check("arrival_rate", arrival_rate, 0.0),
        _check("aht", aht, 0.0, lo_open=True),
        _check("agents", agents, 0.0, integer=True),
    ]
    for name, value, allow_inf in extra:
        arrs.append(_check(name, value, 0.0, allow_inf=allow_inf))
    return list(np.broadcast_arrays(*arrs))


def service_level(
    arrival_rate: ArrayLike, aht: ArrayLike, agents: ArrayLike, target_time: ArrayLike
) -> Any:
    r"""Share of calls answered within ``target_time`` seconds in the M/M/c queue.

    Parameters
    ----------
    arrival_rate
        Calls per second, ``>= 0``.
    aht
        Average handle time in seconds, ``> 0``.
    agents
        Agents, a non-negative integer.
    target_time
        The service-level threshold in seconds, ``>= 0``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``SL = 1 - C exp(-(c - A) t / aht)`` where the queue is stable; 0 where
        ``A >= c`` (unstable: waits grow without bound); 1 where there is no traffic.

    Examples
    --------
    >>> from ccsim.queueing import service_level
    >>> round(float(service_level(100 / 1800, 180.0, 12, 20.0)), 4)
    0.6402
    """
    lam, aht_, c, t = _mmc_inputs(arrival_rate, aht, agents, ("target_time", target_time, True))
    shape = lam.shape
    lam, aht_, c, t = lam.ravel(), aht_.ravel(), c.ravel(), t.ravel()
    return _out(_service_level_core(lam, aht_, c, t).reshape(shape))


def _service_level_core(lam: F, aht: F, c: F, t: F) -> F:
    load = lam * aht
    pw = _erlang_c_core(load, c)
    stable = load < c
    with np.errstate(all="ignore"):
        tail = pw * np.exp(-(c - load) * t / aht)
    tail = np.where(np.isinf(t), 0.0, tail)
    sl = np.where(stable, 1.0 - tail, 0.0)
    return np.where(lam > 0, sl, 1.0)


def average_speed_of_answer(arrival_rate: ArrayLike, aht: ArrayLike, agents: ArrayLike) -> Any:
    r"""Mean wait in queue (seconds) over all calls in the M/M/c queue.

    Returns ``C aht / (c - A)`` where ``A < c`` and ``inf`` where ``A >= c`` (unstable).

    Examples
    --------
    >>> from ccsim.queueing import average_speed_of_answer
    >>> round(float(average_speed_of_answer(100 / 1800, 180.0, 12)), 2)
    40.44
    """
    lam, aht_, c = _mmc_inputs(arrival_rate, aht, agents)
    shape = lam.shape
    lam, aht_, c = lam.ravel(), aht_.ravel(), c.ravel()
    load = lam * aht_
    pw = _erlang_c_core(load, c)
    with np.errstate(divide="ignore", invalid="ignore"):
        asa = np.where(load < c, pw * aht_ / (c - load), np.inf)
    return _out(np.where(lam > 0, asa, 0.0).reshape(shape))


def occupancy(arrival_rate: ArrayLike, aht: ArrayLike, agents: ArrayLike) -> Any:
    r"""Share of time agents are busy, ``min(A / c, 1)`` (1 when there are no agents).

    Examples
    --------
    >>> from ccsim.queueing import occupancy
    >>> round(float(occupancy(100 / 1800, 180.0, 12)), 4)
    0.8333
    """
    lam, aht_, c = _mmc_inputs(arrival_rate, aht, agents)
    load = lam * aht_
    with np.errstate(divide="ignore", invalid="ignore"):
        occ = np.where(c > 0, np.minimum(load / np.where(c > 0, c, 1.0), 1.0), 1.0)
    return _out(np.where(load > 0, occ, 0.0))


# ---------------------------------------------------------------- Erlang A


@dataclass(frozen=True)
class ErlangAResult:
    """Performance of the M/M/c+M queue; every field has the broadcast input shape.

    Attributes
    ----------
    p_wait
        Probability that an arriving call finds every agent busy and waits.
    service_level
        Share of **all arrivals** answered within the target time; callers who abandon
        (before or after the target) count as missed. This is the definition ccsim uses.
    service_level_answered
        Share of **answered calls** answered within the target time,
        ``service_level / (1 - p_abandon)``.
    p_abandon
        Probability that an arriving call abandons before being answered.
    asa
        Mean time in queue in seconds over all arrivals (answered or abandoned),
        ``p_abandon * patience`` by Little's law applied to the abandonment flow.
    """

    p_wait: Any
    service_level: Any
    service_level_answered: Any
    p_abandon: Any
    asa: Any


def _erlang_a_core(lam: F, aht: F, c: F, patience: F, t: F) -> ErlangAResult:
    """Erlang A for clean 1-d arrays with ``lam > 0``, ``c >= 1``, ``0 < patience <= inf``.

    See :func:`erlang_a` for the formulas.
    """
    load = lam * aht
    b = _erlang_b_core(load, c)
    pw = np.empty(lam.shape)
    sl = np.empty(lam.shape)
    pab = np.zeros(lam.shape)

    inf = np.isinf(patience)
    # an aht of 0 (a subnormal handle time times a factor below 1) gives x = inf: the
    # Erlang C limit below, with no load
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        x_all = c * patience / aht
        stable = load < c
        # Endless patience: a stable queue is Erlang C once patience exceeds _A_TO_C
        # times its mean wait aht / (c - load) (abandonment ~ 1/_A_TO_C, a change of
        # ~1e-5 or less), an unstable one takes its fluid limit once x > _A_FLUID. Beyond
        # these points the formulas below subtract quantities within ~1/ratio of each
        # other and their rounding error (amplified by that ratio) would dominate.
        to_c = inf | (stable & ((patience * (c - load) / aht > _A_TO_C) | (x_all > _A_FLUID)))
    fluid = ~inf & ~stable & (x_all > _A_FLUID)
    if to_c.any():  # no abandonment: Erlang C
        i = np.flatnonzero(to_c)
        pw[i] = _erlang_c_from_b(load[i], c[i], b[i])
        sl[i] = _service_level_core(lam[i], aht[i], c[i], t[i])
    if fluid.any():  # overloaded with endless patience: the queue grows until c are served
        i = np.flatnonzero(fluid)
        pw[i], sl[i] = 1.0, 0.0
        pab[i] = np.clip(1.0 - c[i] / load[i], 0.0, 1.0)
    inf = to_c  # below, "inf" marks the elements answered by Erlang C

    fin = np.flatnonzero(~to_c & ~fluid)
    if fin.size:
        L, n, B = lam[fin], c[fin], b[fin]
        theta = 1.0 / patience[fin]
        x = n / (aht[fin] * theta)  # c mu / theta
        y = L / theta  # lambda / theta
        tt = t[fin]
        logp = _log_gammainc(x, y)
        # r = 1 / A(x, y), A = e^y y^-x Gamma(x+1) P(x, y) = sum_j y^j Gamma(x+1)/Gamma(x+j+1)
        with np.errstate(over="ignore"):
            r = np.minimum(np.exp(_log_kernel(x, y) - logp), 1.0)
        d = r + (1.0 - r) * B
        p_wait = B / d
        p_nowait = (1.0 - B) * r / d
        with np.errstate(over="ignore"):
            x_y = x / y
        # a rate so small (subnormal) that x / y overflows: the limit y -> 0 below
        # (r -> 1 - y / (x + 1)), not inf * 0
        tiny = np.isinf(x_y)
        x_y = np.where(tiny, 0.0, x_y)
        ratio_inf = x_y * (1.0 - r)  # answered-from-queue share of the waiting mass
        # P(x+1, y e^-theta t) / P(x, y), in log space
        y_t = y * np.exp(-theta * np.where(np.isinf(tt), 0.0, tt))
        late = np.zeros(fin.size)
        finite_t = np.flatnonzero(np.isfinite(tt))
        if finite_t.size:
            j = finite_t
            late[j] = np.exp(_log_gammainc(x[j] + 1.0, y_t[j]) - logp[j])
        within = x_y * np.maximum((1.0 - r) - late, 0.0)
        if tiny.any():
            k = np.flatnonzero(tiny)
            ratio_inf[k] = x[k] / (x[k] + 1.0)
            within[k] = ratio_inf[k] * -np.expm1(-theta[k] * tt[k] * (x[k] + 1.0))
        pw[fin] = p_wait
        sl[fin] = np.minimum(p_nowait + p_wait * within, 1.0)
        pab[fin] = np.clip(p_wait * (1.0 - ratio_inf), 0.0, 1.0)

    answered = 1.0 - pab
    with np.errstate(divide="ignore", invalid="ignore"):
        sla = np.where(answered > 0, np.minimum(sl / answered, 1.0), 0.0)
        asa = np.where(inf, _asa_c(load, c, aht, pw), pab * np.where(inf, 0.0, patience))
    return ErlangAResult(p_wait=pw, service_level=sl, service_level_answered=sla,
                         p_abandon=pab, asa=asa)


def _asa_c(load: F, c: F, aht: F, pw: F) -> F:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(load < c, pw * aht / (c - load), np.inf)


def erlang_a(
    arrival_rate: ArrayLike,
    aht: ArrayLike,
    agents: ArrayLike,
    patience: ArrayLike,
    target_time: ArrayLike,
) -> ErlangAResult:
    r"""Performance of the M/M/c+M queue (Erlang A: exponential patience).

    Parameters
    ----------
    arrival_rate
        Calls per second, ``>= 0``.
    aht
        Average handle time in seconds, ``> 0``.
    agents
        Agents, a non-negative integer.
    patience
        Mean patience (time a caller is willing to wait) in seconds, ``> 0``; ``inf``
        gives Erlang C.
    target_time
        The service-level threshold in seconds, ``>= 0`` (``inf`` allowed).

    Returns
    -------
    ErlangAResult
        ``p_wait``, ``service_level`` (answered within target over **all** arrivals),
        ``service_level_answered`` (over answered calls), ``p_abandon`` and ``asa``.
        Unlike Erlang C, every field is finite when ``load >= agents``.

    Notes
    -----
    With ``mu = 1/aht``, ``theta = 1/patience``, ``x = c mu / theta``, ``y = lambda /
    theta``, ``A(x, y) = sum_j y^j Gamma(x+1) / Gamma(x+j+1) = e^y y^-x Gamma(x+1) P(x, y)``
    (``P`` the regularized lower incomplete gamma) and ``B`` Erlang B at ``lambda/mu``:

    * ``P(wait) = A B / (1 + (A - 1) B)`` [2]_;
    * ``P(abandon | wait) = 1 - (x/y)(1 - 1/A)``;
    * a caller who finds ``j`` waiting reaches an agent after ``V``, the ``(j+1)``-th
      smallest of ``x + j`` exponential(``theta``) clocks, and is answered within ``t``
      if ``V <= min(t, own patience)``; summing over the stationary queue gives
      ``P(answered within t | wait) = (x/y) [1 - 1/A - P(x+1, y e^(-theta t)) / P(x, y)]``.

    All incomplete-gamma ratios are evaluated in log space (with a series where
    ``P`` underflows, Temme's uniform expansion for arguments ``>= 1e6``), so the result
    is finite for any load and any patience. With endless patience the formulas would
    subtract nearly equal numbers, so a stable queue switches to Erlang C once patience
    exceeds ``3e5`` Erlang C mean waits ``aht / (c - load)`` (ignoring an abandonment of
    order 1e-5 or less), and an overloaded one to its fluid limit
    (``p_abandon = 1 - c / load``, service level 0) once ``c patience / aht > 1e13``.

    Examples
    --------
    >>> from ccsim.queueing import erlang_a
    >>> res = erlang_a(100 / 1800, 180.0, 10, 180.0, 20.0)
    >>> round(float(res.p_abandon), 4), round(float(res.service_level), 4)
    (0.1251, 0.587)
    """
    lam, aht_, c, pat, t = _mmc_inputs(
        arrival_rate, aht, agents, ("patience", patience, True), ("target_time", target_time, True)
    )
    if (pat <= 0).any():
        raise ValueError(f"patience = {pat[pat <= 0].flat[0]!r} is outside the allowed range (0, inf]")
    shape = lam.shape
    lam, aht_, c, pat, t = (v.ravel() for v in (lam, aht_, c, pat, t))
    n = lam.size
    pw, sl, sla, pab, asa = np.zeros(n), np.ones(n), np.ones(n), np.zeros(n), np.zeros(n)
    nobody = (lam > 0) & (c == 0)
    pw[nobody], sl[nobody], sla[nobody], pab[nobody] = 1.0, 0.0, 0.0, 1.0
    asa[nobody] = pat[nobody]
    idx = np.flatnonzero((lam > 0) & (c > 0))
    if idx.size:
        res = _erlang_a_core(lam[idx], aht_[idx], c[idx], pat[idx], t[idx])
        pw[idx], sl[idx], sla[idx] = res.p_wait, res.service_level, res.service_level_answered
        pab[idx], asa[idx] = res.p_abandon, res.asa
    return ErlangAResult(*(_out(v.reshape(shape)) for v in (pw, sl, sla, pab, asa)))
