"""The intraday arrival profile and the interval-by-interval roster (C7, C21).

A contact centre plans interval by interval: the open day is cut into ``K`` equal
intervals (:data:`N_INTERVALS` two-hour blocks of a 12-hour day), interval ``k``
receives the day's average arrival rate times ``p_k`` (``mean_k p_k = 1``), each
interval is sized to the service-level target with Erlang C, and the roster follows
that requirement curve. The realised service level and abandonment are the call-weighted
means of the intervals' Erlang A figures, ``sum_k p_k SL_k / K``.

The profile's shape is :data:`INTRADAY_SHAPE` (a weekday curve: a late-morning and an
early-afternoon peak, quiet at the opening and in the evening), sharpened or flattened
to the scenario's ``service.busy_hour_factor`` ``b``:
``p_k = q_k^theta / mean_j q_j^theta`` with ``theta >= 0`` solved so that the busiest
interval carries ``b`` times the average rate (``theta = 0`` is a flat day, ``b = 1``).
The busy-hour factor keeps its published meaning (the peak hour holds 9-12% of a
12-hour day's calls, ``b`` = 1.1-1.45; docs/calibration.md), but it now shapes the day
instead of sizing the whole day to its busiest hour: the agents planned barely move
with ``b``; the paid hours move through the schedule efficiency's shape factor
(:func:`ccsim.mechanisms.workforce.shape_efficiency`; docs/operations.md, "Intraday
profile").
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "INTRADAY_SHAPE",
    "MAX_BUSY_HOUR_FACTOR",
    "N_INTERVALS",
    "call_weighted",
    "profile",
    "roster",
]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts

#: Relative arrival rates of the six two-hour blocks of a 12-hour day (08-20 h): a
#: weekday curve with a late-morning and an early-afternoon peak (design choice; the
#: busy-hour factor sets how sharp it is, :func:`profile`).
INTRADAY_SHAPE = np.array([0.85, 1.2, 1.1, 1.15, 0.95, 0.75])
#: Intervals of the open day.
N_INTERVALS = INTRADAY_SHAPE.size
#: The busiest interval can hold at most all the calls of the intervals tied at the top:
#: a busy-hour factor must stay below ``K / (number of top intervals)`` (6 here).
MAX_BUSY_HOUR_FACTOR = N_INTERVALS / float(np.sum(INTRADAY_SHAPE == INTRADAY_SHAPE.max()))


def profile(busy_hour_factor: X, shape: NDArray[np.float64] = INTRADAY_SHAPE) -> F:
    """Relative arrival rate of each interval, ``(K, *busy_hour_factor.shape)``.

    ``p_k = q_k^theta / mean_j q_j^theta`` for the shape ``q``, with ``theta >= 0`` found
    by bisection (to a relative error below 1e-12 in the peak) so that ``max_k p_k``
    equals the busy-hour factor ``b``; ``mean_k p_k = 1`` exactly as constructed. The
    peak-to-mean ratio ``1 / mean_j (q_j / q_max)^theta`` rises strictly with ``theta``
    from 1 (flat) towards :data:`MAX_BUSY_HOUR_FACTOR`, so ``theta`` is unique.

    Examples
    --------
    >>> p = profile(np.array([1.0, 1.35]))
    >>> p.shape, p.mean(axis=0).round(12).tolist(), p.max(axis=0).round(9).tolist()
    ((6, 2), [1.0, 1.0], [1.0, 1.35])
    >>> p[:, 1].round(3).tolist()
    [0.741, 1.35, 1.16, 1.254, 0.899, 0.596]
    """
    b = np.asarray(busy_hour_factor, dtype=np.float64)
    q = np.asarray(shape, dtype=np.float64)
    logr = np.log(q / q.max()).reshape((-1,) + (1,) * b.ndim)  # <= 0

    def peak(theta: F) -> F:  # max / mean of q^theta
        return np.asarray(1.0 / np.mean(np.exp(theta * logr), axis=0), dtype=np.float64)

    lo, hi = np.zeros(b.shape), np.ones(b.shape)
    while np.any(grow := peak(hi) < b):  # bracket: double theta where the peak is short
        hi = np.where(grow, 2.0 * hi, hi)
        if np.max(hi) > 1e6:
            break
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        low = peak(mid) < b
        lo, hi = np.where(low, mid, lo), np.where(low, hi, mid)
        if np.all(hi - lo <= 1e-13 * np.maximum(hi, 1.0)):
            break
    w = np.exp(0.5 * (lo + hi) * logr)
    return np.asarray(w / np.mean(w, axis=0), dtype=np.float64)


def roster(*, agents: X, plan: F) -> F:
    """Whole agents on the phones in each interval, ``(K, O, P)``.

    The roster follows the plan's requirement curve ``plan`` (``(K, O, P)`` agents per
    interval): an average of ``agents`` useful agents over the day puts
    ``floor(agents * plan_k / mean_j plan_j + 1/2)`` (the nearest whole agent, halves
    rounded up) in interval ``k``, so a team at its plan has exactly the plan in every
    interval and a team 10% short is 10% short in each (issue 28, item 2: flooring alone
    cost about 2 service-level points). Where the plan asks for nobody (no forecast
    traffic) the agents are spread evenly.

    Examples
    --------
    >>> plan = np.array([[[10.0, 0.0]], [[30.0, 0.0]]])
    >>> roster(agents=np.array([[20.0, 4.0]]), plan=plan)[:, 0].tolist()
    [[10.0, 4.0], [30.0, 4.0]]
    >>> roster(agents=np.array([[18.0, 4.0]]), plan=plan)[:, 0, 0].tolist()
    [9.0, 27.0]
    >>> roster(agents=np.array([[18.4, 4.0]]), plan=plan)[:, 0, 0].tolist()  # 9.2, 27.6
    [9.0, 28.0]
    """
    mean = np.mean(plan, axis=0)
    shape = np.where(mean > 0, plan / np.where(mean > 0, mean, 1.0), 1.0)
    return np.floor(np.asarray(agents, dtype=np.float64) * shape + 0.5)


def call_weighted(values: F, profile: F) -> F:
    """The day's figure from the intervals' ones, weighted by calls:
    ``sum_k p_k v_k / sum_k p_k``.

    ``values`` is ``(K, ...)`` and ``profile`` broadcasts to it: the share of the day's
    calls (answered within target, abandoning, ...). Dividing by ``sum_k p_k`` (which is
    ``K`` up to rounding) keeps a share of 1 in every interval exactly 1.

    Examples
    --------
    >>> call_weighted(np.array([1.0, 0.5]), np.array([0.5, 1.5])).item()
    0.625
    """
    p = np.broadcast_to(profile, np.broadcast_shapes(np.shape(profile), np.shape(values)))
    return np.asarray(np.sum(p * values, axis=0) / np.sum(p, axis=0), dtype=np.float64)
