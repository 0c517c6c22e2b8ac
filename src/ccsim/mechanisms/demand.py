"""Demand: fresh contact volume shared by every option on a path.

Monthly fresh volume is ``base * trend_t * season_t / season_0 * exp(e_t - s^2/2)``
(``base`` is today's volume: month 0's seasonal multiplier is 1) with a
stationary AR(1) log shock ``e_t = phi e_{t-1} + s sqrt(1 - phi^2) z_t`` (``s`` the
stationary sd), then Poisson counts (negative binomial when ``overdispersion > 0``, as
a gamma-Poisson mixture with variance ``m + overdispersion m^2``). The planner's
forecast for month t knows the level, trend, season and last month's shock
(conditional mean). Repeat contacts from unresolved calls are per option and added by
the engine (``callback_rate * unresolved``).

Demand has no claim of its own; it is the common ground on which every option is
compared (C24: options are judged on the same futures).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "expected_volume",
    "in_peak_season",
    "initial_repeats",
    "repeat_contacts",
    "season_ahead",
    "season_factor",
    "season_trend",
]

#: Months either side of ``demand.peak_month`` in which the seasonal multiplier
#: ``1 + A cos(2 pi (m - peak) / 12)`` is above its mean (``cos > 0``: within 3 months).
PEAK_HALF_WIDTH = 2

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts


def season_factor(*, month: int, amplitude: X, peak_month: int, start_month: int) -> F:
    """The season alone of simulation ``month``: ``1 + A cos(2 pi (m_t - peak)/12)``."""
    cal = (start_month - 1 + month) % 12 + 1
    return np.asarray(1.0 + np.asarray(amplitude) * np.cos(2.0 * np.pi * (cal - peak_month) / 12.0),
                      dtype=np.float64)


def season_trend(
    *,
    n_months: int, trend_annual: X, amplitude: X, peak_month: int, start_month: int
) -> F:
    """Deterministic multiplier ``(1 + g)^(t/12) s_t / s_0``, ``s_t = 1 + A cos(2 pi (m_t - peak)/12)``.

    The season is taken relative to month 0, so the multiplier of month 0 is 1 on every
    path: ``demand.base_volume`` is today's (month-0) volume, a fact of the centre, and
    the uncertain amplitude moves the months ahead, not today. Parameters broadcast
    over paths (shape ``(P,)``); returns ``(T, P)``.
    """
    t = np.arange(n_months, dtype=np.float64)[:, None]
    cal = (start_month - 1 + t) % 12 + 1
    season = 1.0 + amplitude * np.cos(2.0 * np.pi * (cal - peak_month) / 12.0)
    today = 1.0 + amplitude * np.cos(2.0 * np.pi * (start_month - peak_month) / 12.0)
    return np.power(1.0 + trend_annual, t / 12.0) * season / today


def expected_volume(*, base: X, multiplier: F, shock_sd: X, ar1: X, z: F) -> tuple[F, F]:
    """Mean fresh volume of each month and the planner's forecast, both ``(T, P)``.

    Parameters
    ----------
    base : (P,) fresh calls per month at t = 0.
    multiplier : (T, P) from :func:`season_trend`.
    shock_sd, ar1 : (P,) stationary sd and AR(1) coefficient of the log shock.
    z : (T, P) standard normals.
    """
    n_months = z.shape[0]
    e = np.empty_like(z)
    innov = shock_sd * np.sqrt(1.0 - ar1**2)
    e[0] = shock_sd * z[0]
    for t in range(1, n_months):
        e[t] = ar1 * e[t - 1] + innov * z[t]
    level = base * multiplier
    mean = level * np.exp(e - 0.5 * shock_sd**2)
    prev = np.vstack([np.zeros_like(e[:1]), e[:-1]])
    # E[exp(e_t - s^2/2) | e_{t-1}] = exp(phi e_{t-1} + innov^2/2 - s^2/2)
    forecast = level * np.exp(ar1 * prev + 0.5 * innov**2 - 0.5 * shock_sd**2)
    forecast[0] = level[0]
    return mean, forecast


def season_ahead(*, multiplier: F, lag: X) -> F:
    """How far the seasonal plan rises within the next hiring lag, ``(T, P)`` (C7).

    ``max(1, max_{1 <= k <= ceil(lag)} m[t + k] / m[t])`` for the season-and-trend
    multiplier ``m`` ``(T, P)`` (months past the horizon count as the last month): the
    planner hires now for the busiest month that new hires will reach, never below this
    month's need. ``lag`` is ``(P,)`` or a float, in months.

    Examples
    --------
    >>> m = np.array([[1.0], [1.2], [1.5], [1.1], [0.9]])
    >>> season_ahead(multiplier=m, lag=2.0)[:, 0].round(3).tolist()
    [1.5, 1.25, 1.0, 1.0, 1.0]
    """
    n_months = multiplier.shape[0]
    steps = np.ceil(np.asarray(lag, dtype=np.float64) - 1e-9)
    k_max = int(np.max(steps)) if steps.size else 0
    k_max = max(0, min(k_max, n_months))
    ratio = np.ones_like(multiplier)
    t = np.arange(n_months)
    pos = multiplier > 0  # a month the team expects no calls in plans for none (x 1)
    den = np.where(pos, multiplier, 1.0)
    for k in range(1, k_max + 1):
        ahead = np.where(pos, multiplier[np.minimum(t + k, n_months - 1)] / den, 1.0)
        ratio = np.where(k <= steps, np.maximum(ratio, ahead), ratio)
    return np.asarray(ratio, dtype=np.float64)


def in_peak_season(*, month: int | NDArray[np.integer], peak_month: int, start_month: int) -> NDArray[np.bool_]:
    """Whether simulation ``month`` falls in the peak season, element by element.

    The peak season is the five calendar months within ``PEAK_HALF_WIDTH = 2`` of
    ``peak_month`` (circularly), the months whose seasonal multiplier
    ``1 + A cos(2 pi (m - peak) / 12)`` of :func:`season_trend` is above its mean of 1
    (``cos > 0`` exactly when the distance is below 3 months). It is fixed by the
    calendar, whatever the amplitude ``A``. ``month`` is an int or an integer array.

    Examples
    --------
    >>> in_peak_season(month=np.arange(12), peak_month=12, start_month=1).astype(int).tolist()
    [1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]
    """
    cal = (start_month - 1 + np.asarray(month)) % 12 + 1
    d = np.abs(cal - peak_month) % 12
    return np.asarray(np.minimum(d, 12 - d) <= PEAK_HALF_WIDTH)


def draw_counts(rng: np.random.Generator, mean: F, overdispersion: X) -> F:
    """Poisson (or gamma-Poisson) counts around ``mean``; one block's draw."""
    od = np.broadcast_to(overdispersion, mean.shape)
    lam = mean
    if np.any(od > 0):
        k = np.where(od > 0, 1.0 / np.where(od > 0, od, 1.0), 1.0)
        g = rng.gamma(k, 1.0 / k)
        lam = np.where(od > 0, mean * g, mean)
    return rng.poisson(lam).astype(np.float64)


def initial_repeats(*, fresh: X, callback_rate: X, fcr: X) -> F:
    """Repeat contacts at month 0 in steady state, ``(P,)``.

    A share ``1 - fcr`` of contacts is unresolved and ``callback_rate`` of those call
    again, so repeats are the geometric series ``fresh c u / (1 - c u)``.
    """
    u0 = 1.0 - fcr
    return np.asarray(fresh * callback_rate * u0 / (1.0 - callback_rate * u0), dtype=np.float64)


def repeat_contacts(
    *,
    callback_rate: X,
    abandoned_in_house: X,
    unresolved_in_house: X,
    abandoned_vendor: X,
    unresolved_vendor: X,
) -> F:
    """Next month's repeat contacts of an option, ``(O, P)``: the callers who call again.

    Abandoned and answered-but-unresolved contacts of both teams come back with
    probability ``callback_rate``.
    """
    unresolved = abandoned_in_house + unresolved_in_house + abandoned_vendor + unresolved_vendor
    return np.asarray(callback_rate * unresolved, dtype=np.float64)
