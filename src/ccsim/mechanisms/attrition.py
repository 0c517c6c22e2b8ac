"""Attrition, replacement and ramp-up; layoffs and morale (C6, C14, C16, C22).

- In-house leavers each month are ``Binomial(headcount, p)`` with
  ``p = 1 - (1 - annual)^(1/12)`` times a morale multiplier after layoffs or once a
  partial outsourcing is announced (C16, C22). They are drawn by exact inversion of
  the binomial CDF from a pre-drawn uniform, so the number of random variates never
  depends on the state (chunk invariance) and leavers are monotone in ``p`` and in the
  headcount on the same uniform (paired comparisons).
- Vendor attrition is the vendor's problem (it recruits and trains, C6) but reaches the
  client through the share of new agents: slower handle time and lower quality (C14).
  The vendor's monthly leaver share is ``p`` times mean-one log-normal noise.
- Ramp-up: a new hire's excess handle time decays exponentially with time constant
  ``ramp/2`` (the same area as a linear ramp over ``ramp``), tracked as a deficit share.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["binomial_inverse", "monthly_rate", "ramp_deficit", "vendor_leaver_share"]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts
WEEKS_PER_MONTH = 52.0 / 12.0


def monthly_rate(annual: X) -> F:
    """Monthly probability of leaving from an annual rate: ``1 - (1 - a)^(1/12)``."""
    return 1.0 - np.power(1.0 - annual, 1.0 / 12.0)


def binomial_inverse(n: X, p: X, u: X) -> F:
    """Smallest ``k`` with ``P(Binomial(n, p) <= k) > u``: exact inversion, vectorized.

    Parameters are broadcast; ``n`` holds whole numbers >= 0, ``p`` in [0, 1), ``u`` in
    [0, 1). Uses the pmf recurrence ``f(k+1) = f(k) (n-k)/(k+1) p/(1-p)`` from
    ``f(0) = (1-p)^n``; the walk runs compiled, element by element
    (:func:`ccsim._jit.binomial_walk`).
    """
    n, p, u = np.broadcast_arrays(
        np.asarray(n, np.float64), np.asarray(p, np.float64), np.asarray(u, np.float64)
    )
    shape = n.shape
    n, p, u = n.ravel(), p.ravel(), u.ravel()
    k = np.zeros(n.size)
    active = np.flatnonzero((n > 0) & (p > 0))
    if active.size == 0:
        return k.reshape(shape)
    from ccsim import _jit  # numba: loaded on first use, not with ccsim

    na, pa, ua = n[active], p[active], u[active]
    ratio = pa / (1.0 - pa)
    # f(0) in log space: no underflow for large n
    pmf = np.exp(na * np.log1p(-pa))
    ka = np.zeros(active.size)
    _jit.binomial_walk(na, ua, pmf, ratio, ka)
    k[active] = ka
    return k.reshape(shape)


def vendor_leaver_share(p_month: X, noise_sd: X, z: X) -> F:
    """Share of vendor agents leaving this month: ``min(1, p exp(s z - s^2/2))``."""
    return np.minimum(1.0, p_month * np.exp(noise_sd * z - 0.5 * noise_sd**2))


def ramp_deficit(deficit: X, hires_share: X, ramp_weeks: X) -> F:
    """Next month's ramp deficit: ``d exp(-2/R) + hires/headcount``, capped at 1.

    ``R`` is the ramp in months; a new hire counts 1 on arrival and decays with time
    constant ``R/2``.
    """
    r = ramp_weeks / WEEKS_PER_MONTH
    keep = np.where(r > 0, np.exp(-2.0 / np.where(r > 0, r, 1.0)), 0.0)
    return np.minimum(1.0, deficit * keep + hires_share * (r > 0))
