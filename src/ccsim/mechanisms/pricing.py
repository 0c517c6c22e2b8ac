"""Contract pricing: what the client is billed each month for a vendor's work (C1, C13).

See ``docs/model.md`` (section "Contracts") for the equations with units and sources.

- Pricing model (``contract.pricing``): the billed *unit* is a productive agent hour
  (``"per_hour"``), an FTE-month (``"per_fte"``), a handled contact (``"per_call"``) or a
  handled minute (``"per_minute"``). Under per-call pricing a longer handle time is the
  vendor's cost: the fee follows handled contacts, not hours.
- Volume bands: units above ``band_1_units`` are billed ``band_1_discount`` below the
  unit price, and units above ``band_2_units`` ``band_2_discount`` below it (marginal,
  like tax brackets: :func:`tiered_charge`).
- Minimum commitment: within the term the client pays for at least ``min_commitment``
  times the units of the *steady-state* plan fixed at go-live (not the go-live month,
  when every vendor agent is new and slow): :func:`billable_units`.
- Price index: the contractual escalator at each contract anniversary, and on top of it
  a share ``cola_share`` of the price indexed to local wages in US dollars (local wage
  inflation beyond the escalator, times the exchange-rate move since go-live):
  :func:`price_index`.
- Service credits (SLA): a share of the month's fees credited to the client for each
  missed measure (service level, quality), capped at the amount at risk; a bonus share
  paid to the vendor for each measure beaten by the tolerance; none in the grace
  months after go-live: :func:`sla_adjustment`. Positive = the client pays more.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "PRICING_MODELS",
    "billable_units",
    "billed_units",
    "currency_at",
    "currency_path",
    "full_move",
    "plan_units",
    "price_index",
    "sla_adjustment",
    "tiered_charge",
]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts
B = NDArray[np.bool_]

#: The billing units a contract can use, in the code order of :func:`billed_units`.
PRICING_MODELS = ("per_hour", "per_fte", "per_call", "per_minute")


def billed_units(*, model: NDArray[np.integer[Any]] | int, hours: X, fte: X, calls: X,
                 minutes: X) -> F:
    """The month's units of the contract's pricing model.

    Parameters
    ----------
    model
        Code of the pricing model: the index in :data:`PRICING_MODELS` (0 per productive
        hour, 1 per FTE-month, 2 per handled call, 3 per handled minute).
    hours, fte, calls, minutes
        The month's productive hours, paid FTE, handled contacts and handled minutes.

    Examples
    --------
    >>> float(billed_units(model=2, hours=100.0, fte=1.0, calls=40.0, minutes=300.0))
    40.0
    """
    m = np.asarray(model)
    out = np.where(m == 0, hours, np.where(m == 1, fte, np.where(m == 2, calls, minutes)))
    return np.asarray(out, dtype=np.float64)


def tiered_charge(*, units: X, unit_price: X, band_1_units: X, band_1_discount: X,
                  band_2_units: X, band_2_discount: X) -> F:
    """Charge for ``units`` at a banded (marginal) price.

    Units up to ``band_1_units`` cost ``unit_price``; units between ``band_1_units`` and
    ``band_2_units`` cost ``unit_price (1 - band_1_discount)``; units above
    ``band_2_units`` cost ``unit_price (1 - band_2_discount)``. A band starting at
    ``inf`` is never reached. Requires ``band_1_units <= band_2_units``.

    Examples
    --------
    >>> float(tiered_charge(units=150.0, unit_price=2.0, band_1_units=100.0,
    ...     band_1_discount=0.1, band_2_units=200.0, band_2_discount=0.2))  # 100*2 + 50*1.8
    290.0
    """
    u = np.asarray(units, dtype=np.float64)
    in_1 = np.clip(u - band_1_units, 0.0, None) - np.clip(u - band_2_units, 0.0, None)
    in_2 = np.clip(u - band_2_units, 0.0, None)
    return np.asarray(
        unit_price * (u - band_1_discount * in_1 - band_2_discount * in_2), dtype=np.float64
    )


def billable_units(*, units: X, committed_units: X, min_commitment: X, in_term: B) -> F:
    """Units billed: ``max(units, min_commitment * committed)`` within the term."""
    return np.where(in_term, np.maximum(units, min_commitment * committed_units), units)


def price_index(*, months_live: X, escalator: X, cola_share: X, wage_inflation: X,
                fx_log: X) -> F:
    """Price relative to go-live after ``months_live`` months of the contract.

    With ``y = floor(months_live / 12)`` whole contract years,

    ``I = (1 + e)^y [1 + c (((1 + w) / (1 + e))^y X - 1)]``

    where ``e`` is the contractual escalator, ``c`` the share of the price indexed to
    local wages (cost-of-living adjustment), ``w`` the local wage inflation and
    ``X = exp(fx_log)`` the US-dollar value of the local currency relative to go-live.
    ``c = 0`` is a plain escalator; with ``w = e`` and ``X = 1`` the COLA adds nothing.
    The bracket is at least ``1 - c >= 0``.

    Examples
    --------
    >>> float(price_index(months_live=24, escalator=0.03, cola_share=0.0, wage_inflation=0.10,
    ...     fx_log=0.0))  # two anniversaries at 3%
    1.0609
    >>> round(float(price_index(months_live=12, escalator=0.0, cola_share=0.5,
    ...     wage_inflation=0.10, fx_log=0.0)), 6)  # half the price +10%
    1.05
    """
    y = np.floor(np.maximum(months_live, 0.0) / 12.0)
    base = np.power(1.0 + escalator, y)
    rel = np.power((1.0 + wage_inflation) / (1.0 + escalator), y) * np.exp(fx_log)
    return np.asarray(base * (1.0 + cola_share * (rel - 1.0)), dtype=np.float64)


def sla_adjustment(*, fees: X, sl: X, target_sl: X, quality: X, target_quality: X,
                   tolerance: X, credit_share: X, bonus_share: X, at_risk: X,
                   active: B) -> F:
    """Service credit (negative) or bonus (positive) for one month, in US dollars.

    Each measure (service level against ``target_sl``, quality against
    ``target_quality``) is *missed* when it falls more than ``tolerance`` below its
    target and *beaten* when it exceeds it by more than ``tolerance``. The adjustment is

    ``fees * (bonus_share * n_beaten - min(at_risk, credit_share * n_missed))``

    where ``active`` (live, past the grace months); 0 elsewhere.

    Examples
    --------
    >>> float(sla_adjustment(fees=1000.0, sl=0.70, target_sl=0.80, quality=0.9,
    ...     target_quality=0.8, tolerance=0.02, credit_share=0.05, bonus_share=0.01,
    ...     at_risk=0.12, active=True))
    -40.0
    """
    missed = (np.asarray(sl < target_sl - tolerance, dtype=np.float64)
              + np.asarray(quality < target_quality - tolerance, dtype=np.float64))
    beaten = (np.asarray(sl > target_sl + tolerance, dtype=np.float64)
              + np.asarray(quality > target_quality + tolerance, dtype=np.float64))
    adj = fees * (bonus_share * beaten - np.minimum(at_risk, credit_share * missed))
    return np.asarray(np.where(active, adj, 0.0), dtype=np.float64)


def currency_path(z: F, drift: X, sd: X) -> F:
    """``(Y, O, P)`` log US$ value of a vendor's local currency after ``y`` contract years:
    ``y drift + sd sum_{1 <= k <= y} z_k`` for yearly shocks ``z`` ``(Y, O, P)`` (C1).

    Examples
    --------
    >>> currency_path(np.array([[[0.0]], [[1.0]], [[-2.0]]]), -0.02, 0.1).ravel().round(3).tolist()
    [0.0, 0.08, -0.14]
    """
    years = np.arange(z.shape[0], dtype=float)[:, None, None]
    cum = np.concatenate([np.zeros((1, *z.shape[1:])), np.cumsum(z[1:], axis=0)])
    return np.asarray(years * drift + sd * cum, dtype=np.float64)


def currency_at(fx_path: F, months_live: X, shape: tuple[int, ...]) -> F:
    """The log currency value of each contract's year, ``shape`` (``(O, P)``), read
    from :func:`currency_path` after ``floor(months_live / 12)`` whole years (0 before
    go-live, the last year beyond the path).

    Examples
    --------
    >>> path = np.array([[[0.0]], [[0.1]], [[0.3]]])
    >>> currency_at(path, np.array([[30.0]]), (1, 1)).tolist(), currency_at(path, -3.0, (1, 1)).tolist()
    ([[0.3]], [[0.0]])
    """
    years = np.clip(np.floor(np.maximum(months_live, 0.0) / 12.0), 0, fx_path.shape[0] - 1)
    idx = np.broadcast_to(np.asarray(years).astype(np.intp), shape)[None]
    return np.asarray(np.take_along_axis(fx_path, idx, axis=0)[0], dtype=np.float64)


def full_move(moved: X) -> F:
    """Factor from the calls moved so far to every wave's: ``1 / moved`` (0 before any).

    Examples
    --------
    >>> full_move(np.array([0.0, 0.25, 1.0])).tolist()
    [0.0, 4.0, 1.0]
    """
    return np.where(moved > 0, 1.0 / np.where(moved > 0, moved, 1.0), 0.0)


def plan_units(*, model: NDArray[np.integer[Any]] | int, hours: X, calls: X, aht: X,
               paid_hours: X, shrinkage: X) -> F:
    """Billed units of a vendor's staffing plan: its productive ``hours``, the FTE behind
    them (``hours / (paid_hours (1 - shrinkage))``), its ``calls`` and their minutes at
    handle time ``aht`` (s), in the contract's model (:func:`billed_units`). At go-live the
    steady-state plan fixes the minimum commitment (C13).

    Examples
    --------
    >>> float(plan_units(model=1, hours=120.0, calls=10.0, aht=60.0, paid_hours=160.0,
    ...                  shrinkage=0.25))
    1.0
    """
    return billed_units(model=model, hours=hours, fte=hours / (paid_hours * (1.0 - shrinkage)),
                        calls=calls, minutes=calls * aht / 60.0)
