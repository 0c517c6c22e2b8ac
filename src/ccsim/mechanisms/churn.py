"""Customer defection from contact experience, and the margin a lost customer takes (C10, C23).

See ``docs/model.md`` (section "Customers") for the equations, units and sources.

One mapping turns a contact's experience into the chance that its customer defects:

``h = d * w_outcome * exp(gamma * gap)``,  ``p = 1 - exp(-h)``

- ``d`` (``customers.defect_resolved``): defection chance of a customer whose issue was
  resolved on the first contact at the reference experience;
- ``w_outcome``, per customer *issue* (issue 28, item 8): 1 for an issue resolved on the
  first contact, ``repeat_factor`` for one resolved after two or more contacts,
  ``unresolved_factor`` for one left unresolved, ``abandoned_factor`` for one whose last
  contact was abandoned (SQM Group, per issue: defection 5% after a first-contact
  resolution, 9% after two or more calls, 25% when unresolved). A failed contact whose
  customer calls again (``demand.callback_rate``) draws no defection: its repeat does;
- ``gap``: the team's satisfaction shortfall in CSAT points *not explained by
  resolution*: the accent penalty of the location (C10) and any breach dip for answered
  contacts, the breach dip only for abandoned ones; ``gamma``
  (``customers.csat_elasticity``) the relative rise of the defection hazard per point.

Resolution enters once (through ``w_outcome``; it also raises the callback volume,
which is contacts, not customers), and the language effect enters once: through the
location's first-contact-resolution factor and its accent penalty, with no separate
defection multiplier. ``p = 1 - exp(-h)`` keeps the chance below 1 without clipping
and equals ``h`` to first order.

A lost customer costs ``annual_margin`` a year for ``margin_years`` years
(:func:`margin_value`), discounted to the month of the loss; with
``beyond_horizon = 0`` the margin stops at the end of the simulated horizon.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Defection", "customers_lost", "defection_chance", "margin_value"]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts


def defection_chance(*, defect_resolved: X, outcome_factor: X, gap: X, elasticity: X) -> F:
    """Chance ``1 - exp(-d w exp(gamma gap))`` that a contact's customer defects.

    Examples
    --------
    >>> round(float(defection_chance(defect_resolved=0.01, outcome_factor=3.0, gap=0.0,
    ...     elasticity=0.1)), 8)  # 1 - exp(-0.03)
    0.02955447
    """
    return _chance(defect_resolved, outcome_factor, np.exp(elasticity * gap))


def _chance(defect_resolved: X, outcome_factor: X, lift: X) -> F:
    """:func:`defection_chance` with ``lift = exp(gamma g)`` given."""
    return np.asarray(-np.expm1(-(defect_resolved * outcome_factor * lift)), dtype=np.float64)


def customers_lost(*, handled: X, fcr: X, abandoned: X, defect_resolved: X,
                   unresolved_factor: X, abandoned_factor: X, gap: X, gap_abandoned: X,
                   elasticity: X, repeat_share: X = 0.0, repeat_factor: X = 1.0,
                   callback_rate: X = 0.0) -> F:
    """Expected customers lost from one team's month of contacts, per customer *issue*.

    A customer's issue draws one defection, on the contact that closes it (issue 28,
    item 8): a resolved contact closes it, after one contact (``p(1, g)``) or after two or
    more (a repeat contact, share ``rho`` of the contacts: ``p(w_r, g)``); an unresolved
    or abandoned contact closes it unresolved only when the customer does not call again
    (``1 - c``, ``c`` the callback rate); one who calls again draws nothing now, the
    repeat contact carries the issue:

    ``handled [fcr ((1 - rho) p(1, g) + rho p(w_r, g)) + (1 - fcr)(1 - c) p(w_u, g)]
    + abandoned (1 - c) p(w_a, g_a)``,

    with ``p(w, g) = defection_chance(d, w, g, gamma)``. Abandoned callers never reached an
    agent, so their gap ``g_a`` leaves out the accent penalty (the caller passes the
    breach part only). With ``rho = 0`` and ``c = 0`` (the defaults) every contact is its
    own issue.

    Examples
    --------
    >>> import numpy as np
    >>> p1, p3 = 1 - np.exp(-0.01), 1 - np.exp(-0.03)
    >>> bool(np.isclose(customers_lost(handled=100.0, fcr=0.7, abandoned=10.0,
    ...     defect_resolved=0.01, unresolved_factor=3.0, abandoned_factor=3.0, gap=0.0,
    ...     gap_abandoned=0.0, elasticity=0.1),
    ...                 100 * (0.7 * p1 + 0.3 * p3) + 10 * p3))
    True
    """
    chances = _chances(defect_resolved=defect_resolved, unresolved_factor=unresolved_factor,
                       abandoned_factor=abandoned_factor, repeat_factor=repeat_factor, gap=gap,
                       gap_abandoned=gap_abandoned, elasticity=elasticity)
    return _lost(chances, handled=handled, fcr=fcr, abandoned=abandoned,
                 repeat_share=repeat_share, callback_rate=callback_rate)


def _chances(*, defect_resolved: X, unresolved_factor: X, abandoned_factor: X,
             repeat_factor: X, gap: X, gap_abandoned: X, elasticity: X) -> tuple[F, F, F, F]:
    """The four chances of :func:`customers_lost`, ``(p(1, g), p(w_u, g), p(w_a, g_a),
    p(w_r, g))``, as :func:`defection_chance` computes them (``exp(gamma g)`` once)."""
    lift, lift_ab = np.exp(elasticity * gap), np.exp(elasticity * gap_abandoned)
    d = defect_resolved
    return (_chance(d, 1.0, lift), _chance(d, unresolved_factor, lift),
            _chance(d, abandoned_factor, lift_ab), _chance(d, repeat_factor, lift))


def _lost(chances: tuple[F, F, F, F], *, handled: X, fcr: X, abandoned: X, repeat_share: X,
          callback_rate: X) -> F:
    """:func:`customers_lost` from its four chances (:func:`_chances`)."""
    p_res, p_unres, p_ab, p_rep = chances
    closed = 1.0 - np.asarray(callback_rate)  # failed contacts whose customer gives up
    out = (handled * (fcr * ((1.0 - repeat_share) * p_res + repeat_share * p_rep)
                      + (1.0 - fcr) * closed * p_unres)
           + abandoned * closed * p_ab)
    return np.asarray(out, dtype=np.float64)


def margin_value(*, annual_margin: X, margin_years: X, discount_rate_annual: X,
                 months_left: X, beyond_horizon: X) -> F:
    """Present value, at the month of the loss, of the margin a lost customer takes away.

    The customer would have paid ``annual_margin / 12`` at the end of each of the next
    ``n = 12 margin_years`` months (``n = min(n, months_left)`` when
    ``beyond_horizon`` is 0); discounted monthly at ``r = (1 + R)^(1/12) - 1``:

    ``m (1 - (1 + r)^-n) / r``  (``m n`` when ``r = 0``).

    Examples
    --------
    >>> float(margin_value(annual_margin=120.0, margin_years=2.0, discount_rate_annual=0.0,
    ...     months_left=60, beyond_horizon=1))  # 24 months of $10
    240.0
    >>> float(margin_value(annual_margin=120.0, margin_years=2.0, discount_rate_annual=0.0,
    ...     months_left=5, beyond_horizon=0))  # stops at the horizon
    50.0
    """
    m = np.asarray(annual_margin, dtype=np.float64) / 12.0
    n = 12.0 * np.asarray(margin_years, dtype=np.float64)
    n = np.where(np.asarray(beyond_horizon) > 0, n, np.minimum(n, np.maximum(months_left, 0.0)))
    r = np.power(1.0 + np.asarray(discount_rate_annual, dtype=np.float64), 1.0 / 12.0) - 1.0
    safe = np.where(r > 0, r, 1.0)
    annuity = np.where(r > 0, -np.expm1(-n * np.log1p(safe)) / safe, n)
    return np.asarray(m * annuity, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Defection:
    """The mapping from a contact's experience to its customer's defection: the
    customers' parameters of :func:`customers_lost`, fixed for a run."""

    defect_resolved: X
    unresolved_factor: X
    abandoned_factor: X
    elasticity: X
    repeat_factor: X = 1.0  #: defection multiple of an issue resolved after 2+ contacts
    callback_rate: X = 0.0  #: share of failed contacts whose customer calls again

    def lost(self, *, handled: X, fcr: X, abandoned: X, gap: X, gap_abandoned: X,
             repeat_share: X = 0.0) -> F:
        """Expected customers lost from one team's month (:func:`customers_lost`), per
        issue; ``repeat_share`` is the share of the team's contacts that are repeats."""
        return customers_lost(handled=handled, fcr=fcr, abandoned=abandoned,
                              defect_resolved=self.defect_resolved,
                              unresolved_factor=self.unresolved_factor,
                              abandoned_factor=self.abandoned_factor, gap=gap,
                              gap_abandoned=gap_abandoned, elasticity=self.elasticity,
                              repeat_share=repeat_share, repeat_factor=self.repeat_factor,
                              callback_rate=self.callback_rate)

    def lost_by_fcr(self, *, handled: X, abandoned: X, gap: X, gap_abandoned: X,
                    repeat_share: X = 0.0) -> Callable[[X], F]:
        """:meth:`lost` as a function of the resolution ``fcr`` alone, the other inputs
        fixed: the defection chances are computed once, for a projection month by month.

        Examples
        --------
        >>> d = Defection(defect_resolved=0.01, unresolved_factor=3.0, abandoned_factor=2.0,
        ...               elasticity=0.1, repeat_factor=1.8, callback_rate=0.3)
        >>> kw = dict(handled=np.array([100.0, 50.0]), abandoned=5.0, gap=1.5, gap_abandoned=0.0)
        >>> fcr = np.array([0.7, 0.4])
        >>> bool((d.lost_by_fcr(**kw, repeat_share=0.2)(fcr) == d.lost(**kw, fcr=fcr, repeat_share=0.2)).all())
        True
        """
        chances = _chances(defect_resolved=self.defect_resolved,
                           unresolved_factor=self.unresolved_factor,
                           abandoned_factor=self.abandoned_factor,
                           repeat_factor=self.repeat_factor, gap=gap,
                           gap_abandoned=gap_abandoned, elasticity=self.elasticity)

        def at(fcr: X) -> F:
            return _lost(chances, handled=handled, fcr=fcr, abandoned=abandoned,
                         repeat_share=repeat_share, callback_rate=self.callback_rate)
        return at
