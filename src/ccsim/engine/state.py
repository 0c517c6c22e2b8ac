"""The state a month hands to the next, per option and path.

Every array is ``(O, P)``. The state holds only what carries over from one month to the
next; the month's flows (volumes, costs, service) live in :mod:`ccsim.engine.month`
and are booked in the :class:`~ccsim.engine.ledger.Ledger`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["State"]

F = NDArray[np.float64]
B = NDArray[np.bool_]


@dataclass(slots=True)
class State:
    """One option's operation at the start of a month, for every path."""

    headcount: F  #: in-house paid FTE
    seats: F  #: in-house seats held under the lease and contracts (in use or idle)
    ramp_in_house: F  #: in-house ramp deficit (share of new-hire equivalents)
    ramp_vendor: F  #: vendor ramp deficit
    quality: F  #: latent vendor quality in [0, 1]
    quality_history: F  #: (L, O, P) ring buffer of the last L months' effective vendor quality
    escalation_end: F  #: month an escalation's raised oversight ends (-1: never escalated)
    exit_requested: B  #: the client has asked to leave the vendor
    switch_month: F  #: month the work returns in-house (inf: no exit)
    committed_units: F  #: billed units of the steady-state plan fixed at go-live (minimum)
    breach_dip_until: F  #: month until which a breach depresses CSAT
    repeats: F  #: repeat contacts arriving this month
    vendor_fte: F  #: vendor FTE fielded in the month just simulated
    hires: F  #: in-house hires of the month just simulated (in class this month)
    vendor_forecast: F  #: the vendor's planned calls of the month just simulated
    retendered: B  #: the work was re-tendered to the fallback option's vendor
    vendor_start: F  #: month the serving vendor went live (the re-tender's switch after one)
