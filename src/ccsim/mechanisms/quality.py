"""Latent vendor quality, oversight, shared agents and resolution.

Claims: C3 (quality is controlled through oversight the client pays for), C9 and C18
(vendor management quality is uncertain per contract: the initial level), C12 (without
oversight standards fall), C14 (no say over hiring: new agents lower quality), C17
(shared multi-client agents), C19 (distance slows improvement: a location-specific
recovery rate).

Monthly update of the latent quality ``q`` in [0, 1] (1 = the vendor's potential):

``q' = q - (1 - o) delta q + o rho max(q* - q, 0) + sigma z``, then bounded to [0, 1],

with oversight effort ``o``, decay ``delta``, recovery ``rho`` and target ``q*``. For
``delta + rho <= 1`` the update is non-decreasing in ``q`` and in ``o``, so on paired
noise more oversight never lowers quality, month by month.

Effective quality (what callers meet):
``q_eff = q (1 - s_share s_pen) (1 - gap d) (1 - dip)`` with shared-agent share and
penalty, the new-agent gap times the ramp deficit ``d``, and a transition dip while a
vendor serves its notice. First-contact resolution:
``FCR = fcr_native * language_factor * (floor + (1 - floor) q_eff)`` (C10, C19).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "effective_quality",
    "first_contact_resolution",
    "in_house_quality",
    "quality_step",
    "vendor_quality",
]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts


def quality_step(
    *, q: X, oversight: X, decay: X, recovery: X, target: X, noise_sd: X, z: X
) -> F:
    """One month of latent vendor quality, shape ``(O, P)``."""
    nxt = q - (1.0 - oversight) * decay * q + oversight * recovery * np.maximum(target - q, 0.0)
    return np.clip(nxt + noise_sd * z, 0.0, 1.0)


def effective_quality(
    *,
    q: X, shared_share: X, shared_penalty: X, deficit: X, new_gap: X, dip: X
) -> F:
    """Quality callers meet, in [0, 1]."""
    out = q * (1.0 - shared_share * shared_penalty) * (1.0 - new_gap * deficit) * (1.0 - dip)
    return np.asarray(out, dtype=np.float64)


def first_contact_resolution(*, fcr_native: X, language_factor: X, floor: X, q_eff: X) -> F:
    """First-contact resolution in [0, 1]."""
    return np.minimum(1.0, fcr_native * language_factor * (floor + (1.0 - floor) * q_eff))


def vendor_quality(
    *,
    q: X,
    active: NDArray[np.bool_],
    oversight: X,
    decay: X,
    recovery: X,
    target: X,
    noise_sd: X,
    z: X,
) -> F:
    """Latent quality after the month, ``(O, P)``: :func:`quality_step` where ``active``.

    Quality moves only while the vendor is live, from its second live month on (the
    go-live month starts at ``initial``); elsewhere it is kept.
    """
    nxt = quality_step(
        q=q, oversight=oversight, decay=decay, recovery=recovery, target=target,
        noise_sd=noise_sd, z=z,
    )
    return np.where(active, nxt, q)


def in_house_quality(new_hire_gap: X, deficit: X) -> F:
    """Quality the in-house team delivers: ``1 - gap d``, ``(O, P)`` (C14).

    The survivors' morale dip after an announced outsourcing (C16, C22) is a loss of
    *productivity* (Leadership IQ: -5 to -20%) and enters once, through the handle time
    (:func:`ccsim.mechanisms.handle_time.handle_time`); it is not stacked on quality and
    resolution as well.
    """
    return np.asarray(1.0 - new_hire_gap * deficit, dtype=np.float64)

