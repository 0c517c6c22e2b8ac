r"""Time-based overflow: the M/M/c queue whose callers leave for another team after waiting ``tau``.

An automatic call distributor that overflows a call once it has waited ``tau`` seconds
(the service-level target time, typically) turns the first team into an M/M/c+D queue:
Poisson arrivals at rate ``lambda``, ``c`` agents with exponential handle times of mean
``1/mu``, and a deterministic "patience" ``tau`` after which a waiting caller is passed
on. Every call the first team answers is answered within ``tau``; the others overflow.

For the M/M/n+G queue with patience distribution ``G`` Mandelbaum & Zeltyn [1]_ give the
probability of abandoning (here: overflowing) as

``P(ov) = (1 + (lambda - n mu) J) / (E + lambda J)``,
``J = int_0^inf exp(lambda H(x) - n mu x) dx``, ``H(x) = int_0^x (1 - G(u)) du``,
``E = 1 / B(n - 1, lambda / mu)``

(``B`` the Erlang B formula). With deterministic patience ``H(x) = min(x, tau)``, so with
``d = lambda - n mu`` and ``x = d tau``

``J = tau (e^x - 1) / x + e^x / (n mu)`` and ``1 + d J = e^x lambda / (n mu)``:

``P(ov) = (lambda / (n mu)) e^x / (1 / B(n - 1) + lambda tau (e^x - 1) / x + lambda e^x / (n mu))``.

The virtual waiting time ``V`` (what an arriving caller would wait) has an atom
``E / (E + lambda J)`` at 0 and the density ``lambda e^{d x} / (E + lambda J)`` on
``(0, tau)``, so a caller is kept with ``V < tau`` and answered within ``t <= tau`` with

``P(V <= t) = N(t) / (E + lambda J)``, ``N(t) = 1 / B(n - 1) + lambda t (e^{d t} - 1) / (d t)``,

and the share of the kept calls answered within ``t`` is ``N(min(t, tau)) / N(tau)``
(:func:`kept_within`). Light traffic: ``P(V > t)`` then approaches the Erlang C tail
``C(n, a) e^{-(n mu - lambda) t}``, an upper bound (the overflowing callers never
load the agents, so the M/M/n+D queue is less congested than the M/M/n one).

At ``tau = 0`` this is Erlang B (a caller overflows when no agent is free); as ``tau``
grows with ``lambda < n mu`` it falls to 0. For ``x > 0`` numerator and denominator are
divided by ``e^x``, so nothing overflows in floating point. The test suite checks the
formula against Erlang B at ``tau = 0`` and against a discrete-event simulation.

References
----------
.. [1] Mandelbaum & Zeltyn, "The M/M/n+G queue: summary of performance measures",
   technical note, Technion, 2008.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ccsim.queueing.formulas import _check, _erlang_b_core, _out

__all__ = ["kept_within", "overflow_probability"]

F = NDArray[np.float64]


def _overflow_core(lam: F, aht: F, c: F, tau: F) -> F:
    """:func:`overflow_probability` for clean 1-d arrays (``lam >= 0``, whole ``c >= 0``)."""
    out = np.where(lam > 0, 1.0, 0.0)  # no agent: every call overflows; no call: none
    idx = np.flatnonzero((lam > 0) & (c >= 1))
    if idx.size:
        lm, s, n, t = lam[idx], aht[idx], c[idx], tau[idx]
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            # a handle time that underflows (to 0, or so small that n / s overflows)
            # gives n mu = inf: the limit below is 0, no call waits to overflow
            nmu = n / s
            x = (lm - nmu) * t
            inv_b = 1.0 / _erlang_b_core(lm * s, n - 1.0)  # 1 / B(n - 1); B(0) = 1
            # tau (e^x - 1) / x, and its scaled form tau (1 - e^-x) / x for x > 0
            grow = np.where(x != 0, t * np.expm1(x) / np.where(x != 0, x, 1.0), t)
            grow_s = np.where(x != 0, -t * np.expm1(-x) / np.where(x != 0, x, 1.0), t)
            low = (lm / nmu) * np.exp(np.minimum(x, 0.0)) / (inv_b + lm * grow
                                                              + lm * np.exp(np.minimum(x, 0.0)) / nmu)
            high = (lm / nmu) / (inv_b * np.exp(-np.maximum(x, 0.0)) + lm * grow_s + lm / nmu)
        p = np.where(x > 0, high, low)
        out[idx] = np.clip(np.nan_to_num(p, nan=0.0), 0.0, 1.0)
    return out


def _kept_within_core(lam: F, aht: F, c: F, tau: F, target: F) -> F:
    """:func:`kept_within` for clean 1-d arrays: ``N(min(target, tau)) / N(tau)``."""
    out = np.ones(lam.shape)  # no call, or no agent (nothing kept): vacuously 1
    idx = np.flatnonzero((lam > 0) & (c >= 1) & (target < tau))
    if idx.size:
        lm, s, n, t = lam[idx], aht[idx], c[idx], tau[idx]
        u = target[idx]
        with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
            d = lm - n / s  # -inf for a handle time that underflows: every call kept at once
            m = np.maximum(d * t, 0.0)  # both N are scaled by e^-m so nothing overflows
            inv_b = 1.0 / _erlang_b_core(lm * s, n - 1.0)

            def n_scaled(w: F) -> F:
                x = d * w
                # w (e^x - 1) / x e^-m, as (e^(x - m) - e^-m) / d where e^-m underflows
                g = np.where(x != 0, w * np.expm1(x) / np.where(x != 0, x, 1.0), w)
                g = np.where(m < 700.0, g * np.exp(-m),
                             (np.exp(x - m) - np.exp(-m)) / np.where(d != 0, d, 1.0))
                return inv_b * np.exp(-m) + lm * g

            r = n_scaled(u) / n_scaled(t)
        out[idx] = np.clip(np.nan_to_num(r, nan=1.0), 0.0, 1.0)  # 1 / B = inf: nobody waits
    return out


def kept_within(
    arrival_rate: ArrayLike, aht: ArrayLike, agents: ArrayLike, threshold: ArrayLike,
    target_time: ArrayLike,
) -> Any:
    r"""Share of the calls a team keeps (M/M/c+D, overflow after ``threshold`` seconds)
    that are answered within ``target_time``: ``P(V <= target_time | V < threshold)``.

    1 when ``target_time >= threshold`` (every kept call waited less than the
    threshold), without traffic, or with no agent (nothing is kept). The module docstring
    derives it; ``1 - P(V <= t)`` tends to the Erlang C tail in light traffic.

    Examples
    --------
    >>> round(float(kept_within(10 / 180, 180.0, 12, 20.0, 20.0)), 4)
    1.0
    >>> 0.0 < float(kept_within(10 / 180, 180.0, 12, 60.0, 20.0)) < 1.0
    True
    """
    lam = _check("arrival_rate", arrival_rate, 0.0)
    s = _check("aht", aht, 0.0, lo_open=True)
    c = _check("agents", agents, 0.0, integer=True)
    tau = _check("threshold", threshold, 0.0)
    u = _check("target_time", target_time, 0.0)
    lam, s, c, tau, u = np.broadcast_arrays(lam, s, c, tau, u)
    res = _kept_within_core(lam.ravel(), s.ravel(), c.ravel(), tau.ravel(), u.ravel())
    return _out(res.reshape(lam.shape))


def overflow_probability(
    arrival_rate: ArrayLike, aht: ArrayLike, agents: ArrayLike, threshold: ArrayLike
) -> Any:
    r"""Share of calls that overflow after waiting ``threshold`` seconds (M/M/c+D).

    Parameters
    ----------
    arrival_rate
        Calls per second, ``>= 0``.
    aht
        Mean handle time in seconds, ``> 0``.
    agents
        Agents answering, a non-negative whole number.
    threshold
        Seconds a call waits before it overflows, ``>= 0``.

    Returns
    -------
    numpy.ndarray or numpy.float64
        ``P(ov)`` in ``[0, 1]``; the team answers the other ``1 - P(ov)`` of the calls,
        every one of them within ``threshold``. 1 with traffic and no agent, 0 without
        traffic. Broadcast over the inputs.

    Notes
    -----
    The closed form of the M/M/n+D queue (module docstring); at ``threshold = 0`` it is
    Erlang B.

    Examples
    --------
    >>> from ccsim.queueing import erlang_b, overflow_probability
    >>> bool(np.isclose(overflow_probability(10 / 180, 180.0, 12, 0.0), erlang_b(10.0, 12)))
    True
    >>> round(float(overflow_probability(10 / 180, 180.0, 12, 20.0)), 4)
    0.0857
    """
    lam = _check("arrival_rate", arrival_rate, 0.0)
    s = _check("aht", aht, 0.0, lo_open=True)
    c = _check("agents", agents, 0.0, integer=True)
    tau = _check("threshold", threshold, 0.0)
    lam, s, c, tau = np.broadcast_arrays(lam, s, c, tau)
    res = _overflow_core(lam.ravel(), s.ravel(), c.ravel(), tau.ravel())
    return _out(res.reshape(lam.shape))
