"""Staffing and service: interval-by-interval plans and queues (C7, C21).

The monthly volume of a team arrives over the open day along the intraday profile
``p_k`` (:mod:`ccsim.mechanisms.intraday`): interval ``k`` has the arrival rate
``lambda_k = V p_k / (open_hours * 3600)`` (per second). Planning sizes every interval
to the service-level target with Erlang C (:func:`ccsim.queueing.required_agents`),
``N_k``; the team's plan is their mean over the day, ``N = mean_k N_k`` agents on the
phones on average (:func:`interval_plan`). Agents below are *average* agents over the
open day in that sense; the roster puts them on the phones interval by interval along
the plan's curve (:func:`ccsim.mechanisms.intraday.roster`). The paid headcount behind
a plan, overtime, temps and hiring are the in-house workforce's
(:mod:`ccsim.mechanisms.workforce`).

The realised service level and abandonment come from Erlang A (M/M/c+M,
:func:`ccsim.queueing.erlang_a`) in every interval with the agents rostered there,
evaluated through :mod:`ccsim.queueing._tables` (the same formulas with the special
functions read from tables to a relative error below 1e-10; service level and
abandonment within 1e-9 of the exact values, elements outside the tables exact), and
weighted by the interval's calls.

The vendor (C7, C21) plans for its own adherence: it schedules ``N / adherence``
agents so that the ``adherence`` share of them on the phones meets the target it is paid
for (:func:`scheduled_for`; issue 28, item 2), staffs to that plan and follows a demand
surprise within ``scaling_lag_weeks``: agents = plan * (1 + min(a (V/V_forecast - 1), flex)),
with agility ``a = max(0, 1 - lag_weeks / 4.33)`` and at most :data:`SHORT_NOTICE_FLEX` more
agents than planned at short notice (overtime and agents borrowed from its other accounts);
calls beyond what it can field wait longer and abandon more (:func:`vendor_agents`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ccsim.mechanisms import intraday
from ccsim.queueing import staffing as queueing

__all__ = [
    "SHORT_NOTICE_FLEX",
    "adhering",
    "interval_plan",
    "interval_rates",
    "occupancy",
    "plan_agents",
    "realise",
    "realise_day",
    "scheduled_for",
    "side_by_side",
    "split_teams",
    "vendor_agents",
    "vendor_fte",
    "vendor_hours",
]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts
WEEKS_PER_MONTH = 52.0 / 12.0
#: Agents a vendor can add to its plan within the month, as a share of the planned team
#: (estimate: overtime plus cross-trained agents from its other accounts; outsourcing
#: contracts commonly hold the vendor to forecast-accuracy bands of 10-20%).
SHORT_NOTICE_FLEX = 0.25


#: The day's path when ``CCSIM_ENGINE`` is unset: the numpy reference, measured faster
#: than the compiled day on this project's machines (benchmarks/README.md, issue 32).
DEFAULT_ENGINE = "numpy"


def _compiled() -> bool:
    """Whether the compiled day (:mod:`ccsim.queueing.day`) serves: ``CCSIM_ENGINE`` is
    ``compiled`` or ``numpy`` (:data:`DEFAULT_ENGINE` when unset); read on every call."""
    value = os.environ.get("CCSIM_ENGINE", "").strip().lower() or DEFAULT_ENGINE
    if value not in ("compiled", "numpy"):
        raise ValueError(f"CCSIM_ENGINE = {value!r} is not one of compiled, numpy")
    return value == "compiled"


def interval_rates(volume: X, profile: X, open_hours: X) -> F:
    """Arrival rate of each interval in calls per second, ``(K, O, P)``.

    ``volume`` is the month's calls ``(O, P)``, ``profile`` the relative rates
    ``(K, 1, P)`` (or anything that broadcasts), mean 1 over the intervals.

    Examples
    --------
    >>> interval_rates(np.array([[36_000.0]]), np.array([[[0.5]], [[1.5]]]), 300.0).ravel().tolist()
    [0.016666666666666666, 0.05]
    """
    return np.asarray(volume * profile / (open_hours * 3600.0), dtype=np.float64)


def interval_plan(
    *, volume: X, aht: X, profile: X, open_hours: X, target_sl: X, target_time: X
) -> tuple[F, F]:
    """Agents each interval needs and their mean over the day: ``(N_k (K, O, P), N (O, P))``.

    Every interval is sized to the target with Erlang C at its own arrival rate
    (:func:`plan_agents`); the plan of the day is the mean over the (equal) intervals.
    ``CCSIM_ENGINE=compiled`` computes it with the compiled day instead
    (:func:`ccsim.queueing.day.plan_day`, the same integers).
    """
    if _compiled():
        from ccsim.queueing import day  # numba: loaded on first use, not with ccsim

        return day.plan_day(volume=volume, aht=aht, profile=profile, open_hours=open_hours,
                            target_sl=target_sl, target_time=target_time)
    per = plan_agents(rate=interval_rates(volume, profile, open_hours), aht=aht,
                      target_sl=target_sl, target_time=target_time)
    return per, np.asarray(np.mean(per, axis=0), dtype=np.float64)


def plan_agents(*, rate: X, aht: X, target_sl: X, target_time: X) -> F:
    """Busy-hour agents meeting the target (Erlang C), computed only where ``rate > 0``.

    ``rate`` (calls/s) and ``aht`` (s) are ``(O, P)`` (or anything that broadcasts);
    the targets floats or ``(P,)``. Returns whole agents, 0 where there is no traffic (C7).
    """
    shape = np.broadcast_shapes(np.shape(rate), np.shape(aht), np.shape(target_sl),
                                np.shape(target_time))
    out = np.zeros(shape)
    idx = _full(np.asarray(rate) > 0, shape)
    if idx.any():
        at = _Gather(shape, idx)
        out[idx] = queueing._required_agents_core(
            at(rate), at(aht), at(target_sl), at(target_time)
        )
    return out


def _full(mask: NDArray[np.bool_], shape: tuple[int, ...]) -> NDArray[np.bool_]:
    """``mask`` broadcast to ``shape`` (as is when it has it)."""
    return mask if mask.shape == shape else np.broadcast_to(mask, shape)


class _Gather:
    """The elements of arrays broadcast to ``shape`` where the mask ``idx`` holds, as
    1-d arrays: ``np.broadcast_to(x, shape)[idx]``, a scalar filled without the
    broadcast (the wrappers' fixed cost; no index arrays, which cost more than a
    broadcast mask at many paths)."""

    def __init__(self, shape: tuple[int, ...], idx: NDArray[np.bool_]) -> None:
        self.shape, self.idx = shape, idx
        self.n: int | None = None

    def __call__(self, x: X) -> NDArray[Any]:
        a = np.asarray(x)
        if a.shape == self.shape:
            return a[self.idx]
        if a.ndim == 0 and self.shape:
            if self.n is None:
                self.n = int(np.count_nonzero(self.idx))
            return np.full(self.n, a)
        return np.broadcast_to(a, self.shape)[self.idx]


def adhering(agents: X, adherence: X) -> F:
    """Scheduled agents actually taking calls, ``agents * adherence`` on average (C7);
    the roster rounds them to whole agents interval by interval
    (:func:`ccsim.mechanisms.intraday.roster`).

    Examples
    --------
    >>> adhering(np.array([50.0, 10.0]), 0.9).tolist()
    [45.0, 9.0]
    """
    return np.asarray(np.asarray(agents, dtype=np.float64) * adherence, dtype=np.float64)


def scheduled_for(plan: X, adherence: X) -> F:
    """Agents a team schedules so that ``adherence`` of them meet the ``plan``:
    ``plan / adherence`` (the vendor's sizing, issue 28 item 2).

    Examples
    --------
    >>> scheduled_for(np.array([46.0, 0.0]), 0.92).round(12).tolist()
    [50.0, 0.0]
    """
    return np.asarray(np.asarray(plan, dtype=np.float64) / adherence, dtype=np.float64)


def vendor_agents(*, planned: X, volume: X, forecast: X, lag_weeks: X,
                  flex: X = SHORT_NOTICE_FLEX) -> F:
    """Average agents a vendor fields after reacting to the month's demand surprise.

    ``planned * (1 + s)`` with the surprise followed ``s = a (volume / forecast - 1)``
    (agility ``a = max(0, 1 - lag_weeks / 4.33)``) held within ``[-1, flex]``: a team
    shrinks at most to nothing and grows at short notice by at most ``flex`` of its
    plan, so a near-zero forecast (an overflow the plan did not expect) is never
    staffed by scaling up a near-zero plan; the calls it cannot field wait and abandon.

    Examples
    --------
    >>> vendor_agents(planned=np.array([100.0, 100.0, 1e-9]), volume=np.array([110.0, 300.0, 5e3]),
    ...               forecast=np.array([100.0, 100.0, 1e-100]), lag_weeks=0.0).tolist()
    [110.00000000000001, 125.0, 1.25e-09]
    """
    agility = np.maximum(0.0, 1.0 - np.asarray(lag_weeks) / WEEKS_PER_MONTH)
    with np.errstate(over="ignore", invalid="ignore"):  # a near-zero forecast: ratio inf
        ratio = np.where(forecast > 0, volume / np.where(forecast > 0, forecast, 1.0), 1.0)
        surprise = np.where(agility > 0, agility * (ratio - 1.0), 0.0)
    follow = np.clip(surprise, -1.0, flex)
    return np.asarray(planned * (1.0 + follow), dtype=np.float64)


def realise(
    *, rate: X, aht: X, agents: X, patience: X, target_time: X
) -> tuple[F, F]:
    """Service level (answered within target over all arrivals) and abandonment share.

    Uses Erlang A where there is traffic and at least one agent; with traffic and no
    agent every caller abandons; with no traffic the service level is 1.
    """
    shape = np.broadcast_shapes(np.shape(rate), np.shape(aht), np.shape(agents),
                                np.shape(patience), np.shape(target_time))
    sl = np.ones(shape)
    ab = np.zeros(shape)
    busy = np.asarray(rate) > 0
    none = _full(busy & (np.asarray(agents) < 1), shape)
    sl[none] = 0.0
    ab[none] = 1.0
    idx = _full(busy & (np.asarray(agents) >= 1), shape)
    if idx.any():
        from ccsim.queueing import (
            _tables as _erlang_tables,  # imports numba: loaded on first use, not with ccsim
        )

        at = _Gather(shape, idx)
        sl[idx], ab[idx] = _erlang_tables.service_and_abandonment(
            at(rate), at(aht), at(agents), at(patience), at(target_time)
        )
    return sl, ab


def realise_day(
    *, volume: X, profile: F, open_hours: X, aht: X, agents: F, patience: X, target_time: X
) -> tuple[F, F]:
    """The day's service level and abandonment, ``(O, P)`` each, interval by interval.

    ``agents`` is the roster ``(K, O, P)``; each interval is an Erlang A queue at its own
    arrival rate (:func:`realise`) and the day's figures are the call-weighted means
    (:func:`ccsim.mechanisms.intraday.call_weighted`). ``CCSIM_ENGINE=compiled`` computes
    them with the compiled day instead (:func:`ccsim.queueing.day.realise_day`, within
    1e-9 of this numpy reference).
    """
    if _compiled():
        from ccsim.queueing import day  # numba: loaded on first use, not with ccsim

        return day.realise_day(volume=volume, profile=profile, open_hours=open_hours, aht=aht,
                               agents=agents, patience=patience, target_time=target_time)
    sl, ab = realise(rate=interval_rates(volume, profile, open_hours), aht=aht, agents=agents,
                     patience=patience, target_time=target_time)
    if sl.ndim < 3:
        return intraday.call_weighted(sl, profile), intraday.call_weighted(ab, profile)
    # (K, O, P): both shares weighted in one call (element by element: the same numbers)
    w_sl, w_ab = split_teams(intraday.call_weighted(side_by_side([sl, ab], sl.shape), profile), 2)
    return w_sl, w_ab


def side_by_side(arrays: Sequence[X], shape: tuple[int, ...]) -> F:
    """``arrays`` broadcast to ``shape`` (``(..., O, P)``) and stacked on the option axis:
    ``(..., n O, P)``, so that one call of an element-by-element kernel serves ``n``
    teams for the fixed cost of one (:func:`split_teams` takes the result apart).

    Examples
    --------
    >>> side_by_side([np.zeros((1, 2)), 1.0], (1, 2)).tolist()
    [[0.0, 0.0], [1.0, 1.0]]
    """
    return np.concatenate([np.broadcast_to(np.asarray(x, dtype=np.float64), shape)
                           for x in arrays], axis=-2)


def split_teams(x: F, n: int) -> list[F]:
    """The ``n`` teams of an array stacked by :func:`side_by_side`, each ``(..., O, P)``.

    Examples
    --------
    >>> [a.tolist() for a in split_teams(np.arange(4.0).reshape(2, 2), 2)]
    [[[0.0, 1.0]], [[2.0, 3.0]]]
    """
    m = x.shape[-2] // n
    return [x[..., i * m:(i + 1) * m, :] for i in range(n)]


def occupancy(*, handled: X, aht: X, roster: F, open_hours: X) -> F:
    """Share of the agents' time on the phones spent handling calls, ``(O, P)``:
    ``handled * aht / (mean_k n_k * open_hours * 3600)`` for the roster ``n_k``
    ``(K, O, P)`` of equal intervals; 0 where nobody is on the phones.

    Examples
    --------
    >>> occupancy(handled=np.array([[9_000.0]]), aht=360.0,
    ...           roster=np.array([[[8.0]], [[12.0]]]), open_hours=100.0).tolist()  # 900 h / 1,000 h
    [[0.9]]
    """
    agent_s = np.mean(roster, axis=0) * open_hours * 3600.0
    busy = np.asarray(handled * aht, dtype=np.float64)
    return np.asarray(np.where(agent_s > 0, busy / np.where(agent_s > 0, agent_s, 1.0), 0.0),
                      dtype=np.float64)


def vendor_hours(*, agents: X, open_hours: X, efficiency: X) -> F:
    """Scheduled hours of the month behind an average of ``agents`` on the phones,
    ``agents * open_hours / efficiency``, ``(O, P)``."""
    return np.asarray(agents * open_hours / efficiency, dtype=np.float64)


def vendor_fte(*, live: NDArray[np.bool_], hours: X, paid_hours: X, shrinkage: X) -> F:
    """Paid FTE behind a vendor's productive ``hours`` where it is live, ``(O, P)``."""
    return np.where(live, hours / (paid_hours * (1.0 - shrinkage)), 0.0)
