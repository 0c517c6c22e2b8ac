"""Attrition, replacement and ramp-up; layoffs and morale (C6, C14, C16, C22).

- Attrition is a turnover rate, as contact centres report it: leavers in a year over
  the average headcount, so 1.2 (120% a year, common offshore) is a valid input. With
  leavers replaced every month the monthly leaving probability is ``p = annual / 12``.
- In-house leavers each month are ``Binomial(headcount, p)`` with ``p`` times a morale multiplier after layoffs or once a
  partial outsourcing is announced (C16, C22). They are drawn by exact inversion of
  the binomial CDF from a pre-drawn uniform, so the number of random variates never
  depends on the state (chunk invariance) and leavers are monotone in ``p`` and in the
  headcount on the same uniform (paired comparisons).
- Vendor attrition is the vendor's problem (it recruits and trains, C6) but reaches the
  client through the share of new agents: slower handle time and lower quality (C14).
  The vendor's monthly leaver share is ``p`` times mean-one log-normal noise.
- A vendor team that shrinks stops back-filling (issue 28, item 10): of the month's
  leaver share ``p`` only ``max(0, p - s)`` is replaced, ``s = max(0, 1 - now/previous)``
  the share by which its planned calls fell (:func:`vendor_replaced_share`).
- Ramp-up: a new hire's excess handle time decays exponentially with time constant
  ``ramp/2`` (the same area as a linear ramp over ``ramp``), tracked as a deficit share.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "binomial_inverse",
    "in_house_deficit",
    "in_house_leave_prob",
    "monthly_rate",
    "morale",
    "morale_window_end",
    "ramp_deficit",
    "steady_state_deficit",
    "vendor_deficit",
    "vendor_growth_share",
    "vendor_leaver_share",
    "vendor_replaced_share",
    "with_new_agents",
]

F = NDArray[np.float64]
B = NDArray[np.bool_]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts
WEEKS_PER_MONTH = 52.0 / 12.0


def monthly_rate(annual: X) -> F:
    """Monthly probability of leaving from an annual turnover rate: ``annual / 12``.

    The turnover rate is the year's leavers over the average headcount (how contact
    centres report attrition; it may exceed 1). A team whose leavers are replaced every
    month loses ``12 p`` times its headcount in a year, so ``p = annual / 12`` reproduces
    the reported rate exactly (the scenario bounds ``annual`` to [0, 3], so ``p <= 0.25``).
    """
    return np.asarray(annual, dtype=np.float64) / 12.0


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


def steady_state_deficit(monthly_rate: X, ramp_weeks: X) -> F:
    """Ramp deficit of a team whose leavers are replaced every month, in steady state.

    The fixed point of :func:`ramp_deficit` with ``hires_share = p`` (the monthly leaving
    rate): ``d = d k + p`` with ``k = exp(-2/R)`` (``R`` the ramp in months), so
    ``d = min(1, p / (1 - k))``. Without a ramp (``R = 0``) a hire is at full speed on
    arrival and :func:`ramp_deficit` returns 0 whatever the hires: the fixed point is 0.
    The month-0 deficit of the in-house team, the vendor's steady state (its minimum
    commitment) and the sizing plan all use it.

    Examples
    --------
    >>> round(float(steady_state_deficit(0.05, 52.0 / 12.0 * 2.0)), 6)  # k = 1/e
    0.079099
    >>> float(steady_state_deficit(0.05, 0.0))  # no ramp, no deficit
    0.0
    """
    r = np.asarray(ramp_weeks, dtype=np.float64) / WEEKS_PER_MONTH
    keep = np.where(r > 0, np.exp(-2.0 / np.where(r > 0, r, 1.0)), 0.0)
    return np.asarray(np.where(r > 0, np.minimum(1.0, monthly_rate / (1.0 - keep)), 0.0),
                      dtype=np.float64)


def morale_window_end(*, is_vendor: B, golive: X, morale_months: X) -> F:
    """Month at which the morale effects of an outsourcing end, ``(O, P)`` (C16, C22).

    They start when the outsourcing is announced (month 0) and last until
    ``morale_months`` after the vendor goes live; -1 (never) for in-house options.
    """
    return np.where(is_vendor, golive + morale_months, -1.0)


def morale(month: int, window_end: X, productivity_dip: X) -> tuple[B, F]:
    """Whether the survivors' morale is hit this month, and their productivity dip.

    Returns ``(active, dip)``, both ``(O, P)`` (C16, C22).
    """
    active = np.asarray(month < window_end)
    return active, np.where(active, productivity_dip, 0.0)


def in_house_leave_prob(*, monthly_rate: X, morale_active: B, survivor_multiplier: X,
                        retained: B | bool = False, retention_multiplier: X = 1.0) -> F:
    """Monthly leaving probability of in-house agents, ``(O, P)``, below 1 (C16, C22).

    The survivors of an announced outsourcing leave ``survivor_multiplier`` times as
    often while the morale effects last; where a retention bonus holds the team until
    go-live (``retained``) they leave ``retention_multiplier`` times as often again.
    """
    p = (monthly_rate * np.where(morale_active, survivor_multiplier, 1.0)
         * np.where(retained, retention_multiplier, 1.0))
    return np.minimum(1.0 - 1e-12, p)


def vendor_growth_share(*, previous: X, now: X) -> F:
    """Share of a vendor team that is new because it grew from ``previous`` to ``now``
    calls: ``max(0, 1 - previous / now)`` (1 for a team that starts from nothing, 0 for
    no calls) (C14).

    Examples
    --------
    >>> vendor_growth_share(previous=np.array([100.0, 120.0, 0.0]),
    ...                     now=np.array([125.0, 100.0, 50.0])).round(12).tolist()
    [0.2, 0.0, 1.0]
    """
    now = np.asarray(now, dtype=np.float64)
    return np.where(now > 0, np.maximum(0.0, 1.0 - np.asarray(previous) / np.where(now > 0, now, 1.0)),
                    0.0)


def vendor_replaced_share(*, leaver_share: X, previous: X, now: X) -> F:
    """Share of a vendor team replaced by new agents this month (C6, C14; issue 28 item 10).

    A team whose planned calls fall from ``previous`` to ``now`` lets the leavers go
    without back-filling them up to the fall, ``s = max(0, 1 - now / previous)`` (0 where
    there were no calls before): ``max(0, leaver_share - s)``. A steady or growing team
    replaces every leaver.

    Examples
    --------
    >>> vendor_replaced_share(leaver_share=0.04, previous=np.array([100.0, 100.0, 100.0, 0.0]),
    ...                       now=np.array([110.0, 98.0, 90.0, 50.0])).round(12).tolist()
    [0.04, 0.02, 0.0, 0.04]
    """
    prev = np.asarray(previous, dtype=np.float64)
    shrink = np.where(prev > 0, np.maximum(0.0, 1.0 - np.asarray(now) / np.where(prev > 0, prev, 1.0)),
                      0.0)
    return np.asarray(np.maximum(0.0, leaver_share - shrink), dtype=np.float64)


def with_new_agents(deficit: X, new_share: X) -> F:
    """Ramp deficit once a share ``new_share`` of the team is new agents: ``d + (1 - d) g``."""
    return np.asarray(deficit + (1.0 - np.asarray(deficit)) * new_share, dtype=np.float64)


def in_house_deficit(*, deficit: X, hires: X, headcount: X, ramp_weeks: X) -> F:
    """Next month's in-house ramp deficit after ``hires`` join ``headcount`` (C14)."""
    return ramp_deficit(deficit, hires / np.maximum(headcount, 1.0), ramp_weeks)


def vendor_deficit(*, deficit: X, live: B, leaver_share: X, ramp_weeks: X) -> F:
    """Next month's vendor ramp deficit: leavers replaced by new agents while live (C6, C14)."""
    return np.where(live, ramp_deficit(deficit, leaver_share, ramp_weeks), deficit)
