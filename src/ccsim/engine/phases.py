"""What each phase of the month hands to the next: the records of one month's step.

:func:`ccsim.engine.month.step` runs the month's phases in order; each returns one of
these frozen records of ``(O, P)`` arrays (``Plan`` from ``plan``, ``Answered`` from
``answer``, ``Bill`` from ``invoice``, ``Experience`` from ``experience``, ``People`` from
``people``), read by the phases after it and booked by ``book``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Answered", "Bill", "Experience", "People", "Plan"]

F = NDArray[np.float64]
B = NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Plan:
    """Who serves this month, each team's forecast and the in-house plan, ``(O, P)``."""

    live: B  #: the vendor serves this month
    first: B  #: the vendor's first live month
    moved: F  #: share of the vendor's calls moved so far by the go-live waves
    moving: B  #: a moved wave's parallel run ends: its agents are laid off this month
    share: F  #: share of the calls routed to the vendor (before any overflow)
    vendor_growth: F  #: share of the vendor's team that is new because it grew
    ramp_vendor: F  #: vendor ramp deficit this month (new agents included)
    vendor_leavers: F  #: share of the vendor's agents leaving this month
    vendor_replaced: F  #: share of the vendor's agents replaced by new ones (item 10)
    morale: B  #: the survivors' morale is hit this month
    dip: F  #: the survivors' productivity dip
    oversight: F  #: the client's oversight of the vendor (raised in an escalation)
    forecast: F  #: the month's forecast calls (fresh forecast plus repeat callers)
    forecast_in_house: F  #: calls the in-house team plans for
    forecast_vendor: F  #: calls the vendor plans for (before any overflow)
    simple_in_house: F  #: share of simple contacts the in-house team keeps (by_type)
    aht_mix_in_house: F  #: in-house handle time relative to the overall mix (by_type)
    fcr_mix_in_house: F  #: in-house resolution relative to the overall mix (by_type)
    aht_in_house_plan: F  #: the in-house planner's handle time (s)
    aht_vendor_plan: F  #: the vendor planner's handle time (s)
    #: the vendor's plan for ``forecast_vendor``: agents each interval ``(K, O, P)`` and
    #: their mean (None in a chunk with an overflow option: the answer phase plans it)
    vendor_plan: tuple[F, F] | None
    needed: F  #: average agents the in-house plan needs on the phones
    target_headcount: F  #: in-house paid FTE the planner hires towards
    on_phone: F  #: (K, O, P) the in-house roster, interval by interval
    overtime_agents: F  #: average in-house agents added by overtime
    temp_agents: F  #: temporary (agency) agents booked


@dataclass(frozen=True, slots=True)
class Answered:
    """The month's calls and how each team answered them, ``(O, P)``."""

    offered_in_house: F  #: calls offered to the in-house team (fresh + repeats)
    offered_vendor: F  #: calls offered to the vendor
    forecast_vendor: F  #: the vendor's planning forecast of its calls (after overflow)
    aht_vendor: F  #: realised vendor handle time (s)
    aht_in_house_plan: F  #: the in-house planner's handle time (s)
    aht_in_house_back: F  #: the in-house planner's handle time on the vendor's contact mix (s)
    fcr_mix_in_house: F  #: in-house resolution relative to the overall mix (by_type)
    overtime_hours: F  #: in-house paid overtime hours
    temp_hours: F  #: hours of temporary (agency) agents
    sl_in_house: F  #: in-house service level
    abandon_in_house: F  #: in-house abandonment share
    sl_vendor: F  #: vendor service level
    abandon_vendor: F  #: vendor abandonment share
    vendor_hours: F  #: vendor productive hours fielded
    vendor_fte: F  #: vendor FTE fielded
    share_vendor: F  #: share of the month's calls offered to the vendor (after routing)
    repeat_share: F  #: share of the month's contacts that are repeats of an earlier one
    occupancy_in_house: F  #: in-house agents' talk time over their time on the phones
    occupancy_vendor: F  #: the vendor's agents' talk time over their time on the phones

    @property
    def handled_in_house(self) -> F:
        return np.asarray(self.offered_in_house * (1.0 - self.abandon_in_house))

    @property
    def handled_vendor(self) -> F:
        return np.asarray(self.offered_vendor * (1.0 - self.abandon_vendor))

    @property
    def abandoned_in_house(self) -> F:
        return np.asarray(self.offered_in_house * self.abandon_in_house)

    @property
    def abandoned_vendor(self) -> F:
        return np.asarray(self.offered_vendor * self.abandon_vendor)


@dataclass(frozen=True, slots=True)
class Bill:
    """The vendor's invoice and the client's cost of managing it, ``(O, P)``."""

    fees: F  #: the month's fees (US$)
    committed_units: F  #: minimum-commitment units fixed at go-live
    price_index: F  #: escalator, COLA and currency index of the price
    months_live: F  #: months since go-live (negative before)
    governance_hours: F  #: retained-organisation hours
    training: F  #: vendor training billed to the client
    setup_fees: F  #: steady-state monthly fees of every wave, priced at go-live (set-up)


@dataclass(frozen=True, slots=True)
class Experience:
    """What callers and customers experienced, and the breach events, ``(O, P)``."""

    quality: F  #: latent vendor quality at the month's end
    quality_vendor: F  #: the vendor's effective quality
    quality_offered: F  #: quality weighted by calls offered
    fcr_in_house: F
    fcr_in_house_back: F  #: in-house resolution on the vendor's contact mix (an exit's team)
    fcr_vendor: F
    sla: F  #: SLA credits (positive) or bonuses (negative)
    csat: F
    csat_vendor: F  #: CSAT of the vendor's callers
    fcr: F
    service_level: F
    customers_lost: F
    customers_lost_vendor: F  #: of which the vendor's callers
    breach_penalty: F  #: CSAT points a recent breach takes off
    breaches: NDArray[np.bool_]  #: whether a breach happened this month
    breach_losses: F
    breach_dip_until: F


@dataclass(frozen=True, slots=True)
class People:
    """In-house headcount moves and what they cost, ``(O, P)``."""

    headcount_next: F
    hires: F
    labour: F
    hiring: F
    severance: F
    facilities: F
    stranded: F
    seats: F  #: seats held at the month's end
