"""Handle time per option and team.

``aht = base * factor * (1 + trend)^(t/12) * (1 + (f_new - 1) d) / (1 - dip) * noise``

- ``factor``: the vendor's language/accent factor (C10) times its technology factor
  (C5); 1 for the in-house team.
- ``trend``: technology trend, in-house improving with its own tooling or a vendor
  that does not invest (C20).
- ``d``: the ramp deficit of the team (share of "new-hire equivalents", see
  :func:`ccsim.mechanisms.attrition.ramp_deficit`), ``f_new`` the new-hire AHT factor.
- ``dip``: morale productivity dip of in-house survivors (C16, C22).
- ``noise``: mean-one log-normal monthly noise.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["handle_time"]

F = NDArray[np.float64]
X = NDArray[np.float64] | float  # an array or a scalar that broadcasts


def handle_time(
    *,
    base: X,
    factor: X,
    trend_annual: X,
    month: int,
    deficit: X,
    new_hire_factor: X,
    dip: X,
    noise_sd: X,
    z: F | None,
) -> F:
    """Average handle time in seconds, shape ``(O, P)``; ``z=None`` gives the plan.

    Every argument broadcasts to ``(O, P)``: constants are floats, drawn inputs ``(P,)``,
    option parameters and team state ``(O, P)``; ``z`` is the month's ``(O, P)`` or
    ``(P,)`` standard normals. Claims C5, C10, C16, C20, C22.
    """
    out = (
        base
        * factor
        * np.power(1.0 + trend_annual, month / 12.0)
        * (1.0 + (new_hire_factor - 1.0) * deficit)
        / (1.0 - dip)
    )
    if z is not None:
        out = out * np.exp(noise_sd * z - 0.5 * noise_sd**2)
    return out
