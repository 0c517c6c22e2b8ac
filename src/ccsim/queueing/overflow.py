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

__all__ = ["overflow_probability"]

F = NDArray[np.float64]


def _overflow_core(lam: F, aht: F, c: F, tau: F) -> F:
    """:func:`overflow_probability` for clean 1-d arrays (``lam >= 0``, whole ``c >= 0``)."""
    out = np.where(lam > 0, 1.0, 0.0)  # no agent: every call overflows; no call: none
    idx = np.flatnonzero((lam > 0) & (c >= 1))
    if idx.size:
        lm, s, n, t = lam[idx], aht[idx], c[idx], tau[idx]
        nmu = n / s
        x = (lm - nmu) * t
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
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
