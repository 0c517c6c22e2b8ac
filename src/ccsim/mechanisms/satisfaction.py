"""Customer satisfaction and churn (C10, C23, C24).

Monthly CSAT (0-100) of a team:

``CSAT = csat_ref + fcr_slope (FCR - fcr_ref) + sl_slope (SL - target_sl) - abandon_slope (AB - AB_today) - penalty``

bounded to [0, 100], where ``penalty`` is the accent penalty of the location (C10) plus
any breach dip. ``SL`` is the service level as contact centres define it, calls answered
within the target time over calls *offered* (short abandons included: a caller who hangs
up within the target time counts as offered and not answered in time), and ``AB`` the
share of offered calls abandoned: the callers never answered count, so shorter patience
(more abandonment, a shorter queue for the callers who stay) lowers CSAT. ``AB_today``
is the abandonment of today's operation (the month-0 in-house plan,
:func:`ccsim.mechanisms.workforce.month0_abandonment`): the stated ``csat_ref`` was
measured there, so only a change of abandonment moves CSAT (issue 28 item 7). With the defaults +1 point of FCR gives +1 point of CSAT (SQM) and an
offshore team at FCR 0.54 scores about 61 - 3 = 58 against 79 onshore (CFI Group).
An option's CSAT is the handled-volume-weighted mean of its teams.

Customer defection (C23) is mapped from the contact's experience in
:mod:`ccsim.mechanisms.churn`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Score", "by_handled", "by_offered", "csat"]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts


def csat(
    *,
    csat_ref: X, fcr: X, fcr_ref: X, fcr_slope: X, sl: X, target_sl: X, sl_slope: X, penalty: X,
    abandon: X = 0.0, abandon_slope: X = 0.0, abandon_ref: X = 0.0,
) -> F:
    """CSAT in points, bounded to [0, 100]; ``abandon`` is the share of offered calls
    abandoned, ``abandon_slope`` the points it costs per unit share above ``abandon_ref``
    (today's abandonment, at which ``csat_ref`` holds; below it CSAT gains).

    Examples
    --------
    >>> float(csat(csat_ref=79.0, fcr=0.70, fcr_ref=0.72, fcr_slope=100.0, sl=0.85,
    ...            target_sl=0.8, sl_slope=20.0, penalty=1.0, abandon=0.04, abandon_slope=150.0,
    ...            abandon_ref=0.03))
    75.5
    """
    raw = (csat_ref + fcr_slope * (fcr - fcr_ref) + sl_slope * (sl - target_sl)
           - abandon_slope * (abandon - abandon_ref) - penalty)
    return np.clip(raw, 0.0, 100.0)


def by_handled(
    *, in_house: tuple[F, ...], vendor: tuple[F, ...], handled_in_house: X, handled_vendor: X
) -> tuple[F, ...]:
    """An option's customer metrics, the teams' values weighted by handled contacts.

    ``in_house[i]`` and ``vendor[i]`` are ``(O, P)`` values of the same metric (CSAT,
    FCR, ...); where no contact is handled the in-house value stands.
    """
    handled = handled_in_house + handled_vendor
    some = handled > 0
    safe = np.where(some, handled, 1.0)
    return tuple(
        np.where(some, _between(a, b, (a * handled_in_house + b * handled_vendor) / safe), a)
        for a, b in zip(in_house, vendor, strict=True)
    )


def _between(a: F, b: F, mean: F) -> F:
    """A weighted mean of ``a`` and ``b`` kept between them: the division can round one
    ulp past the larger (a CSAT of 100 + 1e-14), which a convex combination never is."""
    return np.minimum(np.maximum(mean, np.minimum(a, b)), np.maximum(a, b))


def by_offered(
    *, in_house: tuple[F, ...], vendor: tuple[F, ...], offered_in_house: X, offered_vendor: X
) -> tuple[F, ...]:
    """An option's operational metrics (service level, quality), weighted by offered
    contacts, ``(O, P)`` each; 0 where no contact is offered."""
    offered = offered_in_house + offered_vendor
    safe = np.where(offered > 0, offered, 1.0)
    return tuple(
        (a * offered_in_house + b * offered_vendor) / safe
        for a, b in zip(in_house, vendor, strict=True)
    )


@dataclass(frozen=True, slots=True)
class Score:
    """The CSAT scale of :func:`csat`: its reference points and slopes, fixed for a run."""

    csat_ref: X
    fcr_ref: X
    fcr_slope: X
    target_sl: X
    sl_slope: X
    abandon_slope: X = 0.0
    abandon_ref: X = 0.0  #: today's abandonment, where ``csat_ref`` was measured

    def csat(self, *, fcr: X, sl: X, penalty: X, abandon: X = 0.0) -> F:
        """A team's CSAT (:func:`csat`)."""
        return csat(csat_ref=self.csat_ref, fcr=fcr, fcr_ref=self.fcr_ref,
                    fcr_slope=self.fcr_slope, sl=sl, target_sl=self.target_sl,
                    sl_slope=self.sl_slope, penalty=penalty, abandon=abandon,
                    abandon_slope=self.abandon_slope, abandon_ref=self.abandon_ref)
