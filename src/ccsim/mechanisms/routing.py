"""Routing: which calls each team is offered under an option's routing (C2, C21).

An option with a vendor routes its calls one of four ways (``<option>.routing``, coded
as the index in :data:`ccsim.scenario.parts.ROUTINGS`):

- ``SPLIT``: the vendor takes a fixed share of every month's calls;
- ``OVERFLOW``: the in-house team is offered ``1 - share`` of the calls and is planned
  on them; a call of its that would wait longer than ``service.overflow_wait_s`` goes to
  the vendor (the M/M/c+D overflow in every interval: :func:`overflow_day`), which also
  takes its ``share`` and plans for both (issue 28 item 6);
- ``PEAK``: the vendor takes the peak season's calls above the in-house team's capacity
  (:func:`peak_share`), nothing off-peak (:func:`routed_share`);
- ``BY_TYPE``: the vendor takes the simple contacts first (:func:`type_mix`), so each
  team's handle time and resolution follow its own contact mix (:func:`type_factor`).

The month's vendor share (:func:`vendor_share`) is the option's share of the calls
moved so far by the go-live waves while the vendor is live, under the routing.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ccsim.mechanisms import intraday, staffing
from ccsim.queueing import overflow as _overflow

__all__ = [
    "BY_TYPE",
    "OVERFLOW",
    "PEAK",
    "SPLIT",
    "in_house_mix",
    "overflow",
    "overflow_day",
    "overflow_month",
    "overflow_share",
    "peak_share",
    "routed_share",
    "split",
    "type_factor",
    "type_mix",
    "vendor_share",
]

#: Codes of ``<option>.routing`` (the index in :data:`ccsim.scenario.parts.ROUTINGS`).
SPLIT, OVERFLOW, PEAK, BY_TYPE = 0, 1, 2, 3

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts


def peak_share(*, share: X, amplitude: X, season: X) -> F:
    """A peak hybrid's vendor share of a month of the peak season (C21).

    The in-house team keeps a capacity of ``max(1, (1 - share)(1 + A))`` times the
    season's mean level: never below the off-peak months' busiest level (season factor 1,
    so it is not overstaffed in the peak), and at least ``1 - share`` of the peak
    month's calls (``share`` caps what the vendor takes). The vendor takes the excess of a
    month whose season factor is ``season`` (``1 + A cos(...)``, :func:`ccsim.mechanisms.
    demand.season_trend` without trend): ``max(0, 1 - capacity / season)``.

    Examples
    --------
    >>> peak_share(share=0.5, amplitude=0.25, season=np.array([1.25, 1.125, 1.0])).round(4).tolist()
    [0.2, 0.1111, 0.0]
    >>> peak_share(share=0.1, amplitude=0.25, season=1.25).round(4).tolist()  # capped
    0.1
    """
    capacity = np.maximum(1.0, (1.0 - np.asarray(share)) * (1.0 + np.asarray(amplitude)))
    return np.asarray(np.maximum(0.0, 1.0 - capacity / np.asarray(season)), dtype=np.float64)


def vendor_share(*, live: NDArray[np.bool_], share: X, moved: X, routing: NDArray[np.intp],
                 peak: NDArray[np.bool_] | bool, peak_excess: X = 0.0) -> F:
    """The share of the month's calls routed to the vendor, ``(O, P)`` (C2, C21).

    ``share * moved`` (the share of the go-live waves moved so far) where the vendor is
    ``live``, 0 elsewhere; a ``PEAK`` option's vendor takes ``peak_excess * moved`` (the
    month's excess over the in-house capacity, :func:`peak_share`) in ``peak`` months
    only (:func:`routed_share`).

    Examples
    --------
    >>> vendor_share(live=np.array([[True], [True], [False]]), share=0.5, moved=0.5,
    ...              routing=np.array([[SPLIT], [PEAK], [SPLIT]]), peak=False).tolist()
    [[0.25], [0.0], [0.0]]
    """
    out = np.where(live, share * moved, 0.0)
    if (routing == PEAK).any():
        out = np.where(routing == PEAK, np.where(live, peak_excess * moved, 0.0), out)
        out = routed_share(share=out, routing=routing, peak=peak)
    return np.asarray(out, dtype=np.float64)


def routed_share(*, share: X, routing: NDArray[np.intp], peak: NDArray[np.bool_] | bool) -> F:
    """The vendor share that applies this month under each option's routing, ``(O, P)``.

    ``share`` is the month's vendor share (0 where the vendor is not live), ``routing``
    the ``(O, 1)`` routing codes, ``peak`` whether the month is in the peak season
    (:func:`ccsim.mechanisms.demand.in_peak_season`). A ``PEAK`` option's vendor takes its share in peak months
    and nothing otherwise; every other routing keeps ``share`` (``OVERFLOW`` uses it to
    plan the in-house team, :func:`overflow` then moves the calls).

    Examples
    --------
    >>> codes = np.array([[SPLIT], [PEAK]])
    >>> routed_share(share=np.full((2, 1), 0.5), routing=codes, peak=False).tolist()
    [[0.5], [0.0]]
    """
    return np.asarray(np.where((routing == PEAK) & ~np.asarray(peak), 0.0, share),
                      dtype=np.float64)


def split(volume: X, vendor_share: X, in_house_vendor_share: X | None = None) -> tuple[F, F]:
    """Contacts of the in-house team and of the vendor, ``(O, P)`` each.

    ``in_house_vendor_share`` is the vendor share the in-house team plans with (default
    ``vendor_share``): 0 once it prepares to take the calls back after an exit.
    """
    own = vendor_share if in_house_vendor_share is None else in_house_vendor_share
    return volume * (1.0 - own), volume * vendor_share  # type: ignore[return-value]


def overflow(*, volume: X, share: X, where: NDArray[np.bool_], split: tuple[F, F]) -> tuple[F, F]:
    """Calls of the in-house team and of the vendor when the vendor takes the overflow.

    Where ``where`` is set, the vendor is offered ``volume * share`` (``share`` the
    overflowing share, :func:`overflow_share`) and the in-house
    team keeps the rest (the two add up to ``volume``); elsewhere the ``split`` pair
    (from :func:`split`) is kept unchanged. Every input is ``(O, P)`` (or broadcasts).

    Examples
    --------
    >>> v = np.array([[1000.0, 1000.0]])
    >>> ih, ve = overflow(volume=v, share=np.array([[0.2, 0.0]]),
    ...                   where=np.array([[True, True]]), split=(0.5 * v, 0.5 * v))
    >>> ih.tolist(), ve.tolist()
    ([[800.0, 1000.0]], [[200.0, 0.0]])
    """
    excess = np.asarray(volume) * share
    return (np.asarray(np.where(where, volume - excess, split[0]), dtype=np.float64),
            np.asarray(np.where(where, excess, split[1]), dtype=np.float64))


def overflow_share(
    *,
    rate: X,
    aht: X,
    agents: X,
    threshold: X,
    where: NDArray[np.bool_] | None = None,
) -> F:
    """Share of the in-house team's calls that overflow to the vendor (C21).

    The distributor passes a call on once it has waited ``threshold`` seconds (the
    service-level target time): the in-house team is an M/M/c+D queue with ``agents``
    agents, busy-hour arrival rate ``rate`` (calls/s) and handle time ``aht``, and the
    share overflowing is its closed form (:func:`ccsim.queueing.overflow_probability`).
    Every call the in-house team keeps is answered within ``threshold``. Computed only
    where ``where`` is set (0 elsewhere); every input broadcasts to ``(O, P)``.

    Examples
    --------
    >>> overflow_share(rate=np.array([[10 / 180, 0.0]]), aht=180.0, agents=12.0,
    ...                threshold=20.0).round(4).tolist()
    [[0.0857, 0.0]]
    """
    rate, aht, agents, tau = np.broadcast_arrays(rate, aht, agents, threshold)
    mask = np.ones(rate.shape, dtype=bool) if where is None else np.broadcast_to(where, rate.shape)
    out = np.zeros(rate.shape)
    if np.any(mask):
        out[mask] = _overflow._overflow_core(rate[mask].astype(np.float64), aht[mask],
                                             agents[mask].astype(np.float64), tau[mask])
    return out


def overflow_day(
    *, volume: X, profile: F, open_hours: X, aht: X, agents: F, where: NDArray[np.bool_],
    wait: X = 0.0, target_time: X | None = None,
) -> tuple[F, F]:
    """The day's share of the in-house team's calls passed on to the vendor, and the share
    of the calls it keeps answered within ``target_time``, ``(O, P)`` each (item 6).

    Every interval is an M/M/c+D queue with the agents rostered there (``agents``,
    ``(K, O, P)``): a call that would wait longer than ``wait`` seconds is passed on
    (:func:`overflow_share`; ``wait = 0`` is Erlang B) and the kept calls' waits follow
    :func:`ccsim.queueing.kept_within`. The overflow is weighted by the interval's calls,
    the kept calls' service level by the calls kept
    (:func:`ccsim.mechanisms.intraday.call_weighted`); 0 and 1 where ``where`` is not set
    (and 1 with ``target_time`` None or at least ``wait``).
    """
    rate = staffing.interval_rates(volume, profile, open_hours)
    per = overflow_share(rate=rate, aht=aht, agents=agents, threshold=wait, where=where)
    share = intraday.call_weighted(per, profile)
    if target_time is None:
        return share, np.ones(share.shape)
    r, s, n, w, u = np.broadcast_arrays(rate, aht, agents, wait, target_time)
    mask = np.broadcast_to(where, r.shape) & (u < w)
    within = np.ones(r.shape)
    if np.any(mask):
        within[mask] = _overflow._kept_within_core(r[mask].astype(np.float64), s[mask],
                                                   n[mask].astype(np.float64), w[mask], u[mask])
    kept = intraday.call_weighted(1.0 - per, profile)
    sl = intraday.call_weighted((1.0 - per) * within, profile)
    return share, np.where(kept > 0, sl / np.where(kept > 0, kept, 1.0), 1.0)


def overflow_month(*, offered: X, forecast: X, offered_split: tuple[F, F],
                   forecast_split: tuple[F, F], share: X, aht: X, aht_plan: X, agents: F,
                   profile: F, open_hours: X, wait: X, target_time: X,
                   where: NDArray[np.bool_]) -> tuple[F, F, F, F, F]:
    """The month's calls where the vendor takes the in-house team's overflow (C21, item 6).

    Returns ``(offered in-house, offered to the vendor, the vendor's forecast, the
    vendor's share of the calls, the in-house service level)``, ``(O, P)`` each. Where
    ``where`` is set, the in-house team is offered its planned part of the calls
    (``offered_split[0]``, ``1 - share`` of them) and a call of it that would wait longer
    than ``wait`` seconds for one of the rostered ``agents`` goes to the vendor
    (:func:`overflow_day`, at the realised handle time ``aht``); the vendor takes its
    ``share`` and that overflow, and plans for its share of the ``forecast`` plus the
    overflow of the rest at the planned ``aht_plan``. The in-house team's service level
    is over the calls it keeps (its abandonment is neglected: a kept caller waits less
    than ``wait``). Elsewhere the ``split`` pairs, ``share`` and a service level of 1 stand
    (the engine's own in-house queue applies there).
    """
    ih_split, v_split = offered_split
    ov, sl = overflow_day(volume=ih_split, profile=profile, open_hours=open_hours, aht=aht,
                          agents=agents, where=where, wait=wait, target_time=target_time)
    kept_f = np.asarray(forecast) - forecast_split[1]
    ov_f = overflow_day(volume=kept_f, profile=profile, open_hours=open_hours, aht=aht_plan,
                        agents=agents, where=where, wait=wait)[0]
    ih = np.where(where, ih_split * (1.0 - ov), ih_split)
    ve = np.where(where, v_split + ih_split * ov, v_split)
    fv = np.where(where, forecast_split[1] + kept_f * ov_f, forecast_split[1])
    total = np.asarray(offered)
    return (np.asarray(ih, dtype=np.float64), np.asarray(ve, dtype=np.float64),
            np.asarray(fv, dtype=np.float64),
            np.asarray(np.where(where, ve / np.where(total > 0, total, 1.0), share),
                       dtype=np.float64), np.asarray(sl, dtype=np.float64))


def type_mix(*, share: X, vendor_share: X, simple_share: X,
             where: NDArray[np.bool_]) -> tuple[F, F]:
    """Share of simple contacts among the vendor's calls and among the in-house team's.

    Where ``where`` is set (a ``"by_type"`` hybrid), the vendor's ``vendor_share`` of the
    calls is drawn from the simple contacts first: it answers ``min(vendor_share, s)``
    of all calls as simple ones and the rest (if ``vendor_share > s``) as complex ones,
    a simple share ``f_v``. Waves move a cross-section of those calls, so the month's
    ``share`` (the part moved so far) has the same mix, and the in-house team keeps the
    rest, ``f_ih = (s - f_v share) / (1 - share)`` simple. Elsewhere (and before
    go-live, ``share = 0``, for the in-house team) both see the overall mix ``s``
    (``simple_share``). The two mixes always average back to ``s``:
    ``share f_v + (1 - share) f_ih = s``.

    Examples
    --------
    >>> on = np.array([[True, True, True]])
    >>> fv, fih = type_mix(share=np.array([[0.5, 0.8, 0.0]]), vendor_share=np.array([[0.5, 0.8, 0.5]]),
    ...                    simple_share=0.6, where=on)
    >>> fv.round(3).tolist(), fih.round(3).tolist()
    ([[1.0, 0.75, 1.0]], [[0.2, 0.0, 0.6]])
    """
    shape = np.broadcast_shapes(np.shape(share), np.shape(vendor_share), np.shape(simple_share))
    share = np.broadcast_to(np.asarray(share, dtype=np.float64), shape)
    full = np.broadcast_to(np.asarray(vendor_share, dtype=np.float64), shape)
    s = np.broadcast_to(np.asarray(simple_share, dtype=np.float64), shape)
    on = np.asarray(where) & (full > 0.0)
    f_v = np.where(on, np.minimum(full, s) / np.where(full > 0.0, full, 1.0), s)
    rest = 1.0 - share
    moved = on & (share > 0.0) & (rest > 0.0)
    f_ih = np.where(moved, (s - f_v * share) / np.where(moved, rest, 1.0), s)
    # f_v share <= min(vendor_share, s) <= s, so f_ih >= 0 up to rounding, kept at 0
    return np.asarray(f_v, dtype=np.float64), np.asarray(np.maximum(f_ih, 0.0), dtype=np.float64)


def type_factor(*, simple_fraction: X, simple_share: X, ratio: X) -> F:
    """A team's handle time (or resolution) relative to the overall mix, from its mix.

    A simple contact's value is ``ratio`` times a complex one's and the overall mix has
    a share ``s`` of simple contacts, so a team whose calls hold a share ``f`` of simple
    ones has ``(f ratio + 1 - f) / (s ratio + 1 - s)`` times the mix average: exactly 1
    when ``f = s``, so the inputs stay the averages over every contact.

    Examples
    --------
    >>> type_factor(simple_fraction=np.array([1.0, 0.6, 0.0]), simple_share=0.6,
    ...             ratio=0.5).round(4).tolist()
    [0.7143, 1.0, 1.4286]
    """
    f = np.asarray(simple_fraction, dtype=np.float64)
    mix = simple_share * ratio + 1.0 - simple_share
    return np.asarray(np.where(f == simple_share, 1.0, (f * ratio + 1.0 - f) / mix),
                      dtype=np.float64)


def in_house_mix(*, share: X, vendor_share: X, simple_share: X, aht_ratio: X, fcr_ratio: X,
                 where: NDArray[np.bool_]) -> tuple[F, F, F]:
    """The in-house team's contact mix this month: its share of simple contacts
    (:func:`type_mix`, ``where`` a by_type hybrid), its handle time and its resolution
    relative to the overall mix (:func:`type_factor` at ``aht_ratio`` and ``fcr_ratio``).

    By hand, for the example: ``f = (0.6 - 1.0 * 0.5) / 0.5 = 0.2``; handle time
    ``(0.2 * 0.5 + 0.8) / (0.6 * 0.5 + 0.4) = 0.9 / 0.7``; resolution
    ``(0.2 * 1.2 + 0.8) / (0.6 * 1.2 + 0.4) = 1.04 / 1.12``.

    Examples
    --------
    >>> f, aht, fcr = in_house_mix(share=np.array([[0.5]]), vendor_share=np.array([[0.5]]),
    ...                            simple_share=0.6, aht_ratio=0.5, fcr_ratio=1.2,
    ...                            where=np.array([[True]]))
    >>> f.round(3).tolist(), aht.round(4).tolist(), fcr.round(4).tolist()
    ([[0.2]], [[1.2857]], [[0.9286]])
    """
    f_ih = type_mix(share=share, vendor_share=vendor_share, simple_share=simple_share,
                    where=where)[1]
    return (f_ih, type_factor(simple_fraction=f_ih, simple_share=simple_share, ratio=aht_ratio),
            type_factor(simple_fraction=f_ih, simple_share=simple_share, ratio=fcr_ratio))
