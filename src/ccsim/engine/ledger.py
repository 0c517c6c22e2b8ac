"""The books of a chunk: costs discounted per component, running means, trajectories.

The :class:`Ledger` receives each month's flows from :func:`ccsim.engine.month.step`
and turns them, at the end, into the per-path outputs of :data:`ccsim.outputs.PATH_OUTPUTS`
(``(O, P)`` float64 each) and, if kept, the monthly trajectories of
:data:`ccsim.outputs.MONTHLY_METRICS` (``(O, P, T)`` float32).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray

from ccsim.outputs import (
    COST_COMPONENTS,
    CUSTOMER_COMPONENTS,
    INCIDENT_COMPONENTS,
    MONTHLY_METRICS,
    OPERATING_COMPONENTS,
    PATH_OUTPUTS,
)

__all__ = ["MIN_CALLS", "MIN_FEES", "Ledger"]

#: Contacts answered over the horizon below which ``cost_per_call`` counts one contact:
#: a fraction of a call (a centre of one call a month that abandons most of it) would
#: divide the cost by almost nothing.
MIN_CALLS = 1.0
#: Vendor fees (NPV, US$) below which an option has no contract value to compare its
#: governance with: ``governance_share`` is 0 there (as with no fees at all), not the
#: governance cost over a fraction of a cent.
MIN_FEES = 0.01

F = NDArray[np.float64]
X = NDArray[np.float64] | float

_SUMS = (
    "csat", "service_level", "fcr", "headcount", "quality", "offered", "answered", "abandoned",
    "locked",
    "breaches", "customers_lost", "mgmt_hours_freed", "oversight_hours", "operating_cash",
    "vendor_months", "vendor_quality", "vendor_csat", "local_fte",
    "headcount_in_house", "vendor_fte", "handled_in_house", "handled_vendor",
    "occupancy_in_house", "occupancy_vendor",
)


class Ledger:
    """Accumulators of one chunk, shape ``(O, P)``.

    Parameters
    ----------
    shape : ``(O, P)``.
    horizon : months simulated, ``T``.
    discount_rate_annual : float or ``(P,)``; costs of month ``t`` are discounted by
        ``(1 + r)^(-(t + 1)/12)`` (paid at the end of the month).
    keep_monthly : keep the monthly trajectories (float32).
    """

    def __init__(
        self, shape: tuple[int, int], horizon: int, discount_rate_annual: X, keep_monthly: bool
    ) -> None:
        self.horizon = horizon
        self.rate = discount_rate_annual
        self.npv = {c: np.zeros(shape) for c in COST_COMPONENTS}
        self.sums = {k: np.zeros(shape) for k in _SUMS}
        self.monthly = (
            {k: np.empty((horizon, *shape), dtype=np.float32) for k in MONTHLY_METRICS}
            if keep_monthly else None
        )
        self.last_csat: F = np.zeros(shape)

    def record(
        self,
        t: int,
        *,
        costs: Mapping[str, F],
        csat: F,
        fcr: F,
        service_level: F,
        quality: F,
        offered: F,
        answered: F,
        abandoned: F,
        headcount: F,
        locked: NDArray[np.bool_],
        breaches: NDArray[np.bool_],
        customers_lost: F,
        mgmt_hours_freed: F,
        oversight_hours: F,
        vendor_live: NDArray[np.bool_],
        vendor_quality: F,
        vendor_csat: F,
        local_fte: F,
        headcount_in_house: F,
        vendor_fte: F,
        handled_in_house: F,
        handled_vendor: F,
        occupancy_in_house: F,
        occupancy_vendor: F,
    ) -> None:
        """Book month ``t``: ``costs`` by component (undiscounted), and the month's metrics.

        Every argument is ``(O, P)``. ``offered``, ``answered`` and ``abandoned`` are the
        month's contacts of both teams (``answered + abandoned = offered``).
        """
        if len(costs) != len(COST_COMPONENTS):
            raise ValueError(f"costs must name {COST_COMPONENTS}, got {tuple(costs)}")
        comps = [costs[name] for name in COST_COMPONENTS]
        df = np.power(1.0 + self.rate, -(t + 1.0) / 12.0)
        for name, c in zip(COST_COMPONENTS, comps, strict=True):
            self.npv[name] += c * df
        s = self.sums
        s["csat"] += csat
        s["service_level"] += service_level
        s["fcr"] += fcr
        s["headcount"] += headcount
        s["quality"] += quality
        s["offered"] += offered
        s["answered"] += answered
        s["abandoned"] += abandoned
        s["locked"] += locked
        s["breaches"] += breaches
        s["customers_lost"] += customers_lost
        s["mgmt_hours_freed"] += mgmt_hours_freed
        s["oversight_hours"] += oversight_hours
        s["operating_cash"] += sum(costs[name] for name in OPERATING_COMPONENTS)
        s["vendor_months"] += vendor_live
        s["vendor_quality"] += np.where(vendor_live, vendor_quality, 0.0)
        s["vendor_csat"] += np.where(vendor_live, vendor_csat, 0.0)
        s["local_fte"] += local_fte
        s["headcount_in_house"] += headcount_in_house
        s["vendor_fte"] += vendor_fte
        # occupancy: each team's months weighted by the calls it handled
        s["handled_in_house"] += handled_in_house
        s["handled_vendor"] += handled_vendor
        s["occupancy_in_house"] += handled_in_house * occupancy_in_house
        s["occupancy_vendor"] += handled_vendor * occupancy_vendor
        self.last_csat = csat
        mon = self.monthly
        if mon is not None:
            mon["cost"][t] = sum(comps)  # the month's undiscounted cost
            mon["csat"][t] = csat
            mon["quality"][t] = quality
            mon["service_level"][t] = service_level
            mon["headcount"][t] = headcount

    def outputs(
        self, *, exit_requested: NDArray[np.bool_], switch_month: F, reference: int | F | None,
        initial_headcount: F, retendered: NDArray[np.bool_],
    ) -> dict[str, F]:
        """The per-path outputs, in the order of :data:`ccsim.outputs.PATH_OUTPUTS`.

        ``reference`` is the row of the in-house option that ``local_jobs_removed`` is
        measured against (its mean local FTE minus each option's, on the same path), or
        that mean given per path ``(P,)`` (an in-house option's local FTE is its
        headcount: a partial rerun passes the previous run's in-house
        ``headcount_in_house_mean``); without one, against the month-0 headcount
        ``initial_headcount``.
        ``vendor_quality_mean``, ``vendor_csat_mean`` and ``occupancy_vendor`` are means over
        the months the vendor served, NaN where it never did (in-house options).
        ``occupancy_in_house`` and ``occupancy_vendor`` are weighted by the calls each team
        handled; a team that answered no call has occupancy 0 (for the in-house team that
        is not NaN, so that every output outside the vendor phase stays finite). ``exit_retendered`` is 1
        where an exit handed the work to another vendor option's vendor (``retendered``);
        such an exit counts as requested and completed.
        """
        T, s = self.horizon, self.sums
        local = s["local_fte"] / T
        base = (initial_headcount if reference is None
                else local[reference] if isinstance(reference, int) else reference)
        months_v = s["vendor_months"]
        served = months_v > 0
        per_month = np.where(served, months_v, 1.0)
        npv = self.npv
        operating = sum(npv[c] for c in OPERATING_COMPONENTS)
        incident = sum(npv[c] for c in INCIDENT_COMPONENTS)
        customer = sum(npv[c] for c in CUSTOMER_COMPONENTS)
        out: dict[str, F] = {
            "npv_cost": operating + incident + customer,  # type: ignore[dict-item]
            "operating_cost": operating,  # type: ignore[dict-item]
            "incident_cost": incident,  # type: ignore[dict-item]
            "customer_cost": customer,  # type: ignore[dict-item]
        }
        out.update(npv)
        fees = npv["vendor_fees"]
        out.update(
            csat_mean=s["csat"] / T,
            csat_final=self.last_csat,
            service_level_mean=s["service_level"] / T,
            abandon_rate=s["abandoned"] / np.where(s["offered"] > 0, s["offered"], 1.0),
            fcr_mean=s["fcr"] / T,
            quality_mean=s["quality"] / T,
            headcount_mean=s["headcount"] / T,
            headcount_in_house_mean=s["headcount_in_house"] / T,
            vendor_fte_mean=s["vendor_fte"] / T,
            occupancy_in_house=_weighted(s["occupancy_in_house"], s["handled_in_house"]),
            occupancy_vendor=np.where(
                served, _weighted(s["occupancy_vendor"], s["handled_vendor"]), np.nan),
            exit_requested=exit_requested.astype(np.float64),
            exit_completed=(switch_month < T).astype(np.float64),
            exit_retendered=retendered.astype(np.float64),
            months_with_vendor=months_v,
            vendor_quality_mean=np.where(served, s["vendor_quality"] / per_month, np.nan),
            vendor_csat_mean=np.where(served, s["vendor_csat"] / per_month, np.nan),
            locked_in_months=s["locked"],
            breaches=s["breaches"],
            customers_lost=s["customers_lost"],
            local_jobs_removed=base - local,
            mgmt_hours_freed=s["mgmt_hours_freed"] / T,
            oversight_hours=s["oversight_hours"] / T,
            governance_share=np.where(
                fees >= MIN_FEES, npv["governance"] / np.maximum(fees, MIN_FEES), 0.0),
            cost_per_call=s["operating_cash"] / np.maximum(s["answered"], MIN_CALLS),
        )
        return {k: out[k] for k in PATH_OUTPUTS}

    def trajectories(self) -> dict[str, NDArray[np.float32]] | None:
        """Monthly trajectories ``(O, P, T)`` float32, or None when not kept."""
        if self.monthly is None:
            return None
        return {k: np.ascontiguousarray(v.transpose(1, 2, 0)) for k, v in self.monthly.items()}


def _weighted(total: F, weight: F) -> F:
    """``total / weight`` where ``weight > 0``, 0 elsewhere (a call-weighted mean)."""
    return np.where(weight > 0, total / np.where(weight > 0, weight, 1.0), 0.0)
