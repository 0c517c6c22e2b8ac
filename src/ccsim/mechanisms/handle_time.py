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

__all__ = ["handle_time", "with_noise"]

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
        out = with_noise(out, noise_sd, z)
    return out


def with_noise(aht: X, noise_sd: X, z: X) -> F:
    """The realised handle time from the plan's ``aht`` (:func:`handle_time` with
    ``z=None``): ``aht exp(s z - s^2/2)``, the month's mean-one log-normal noise.

    Examples
    --------
    >>> kw = dict(base=300.0, factor=1.1, trend_annual=-0.02, month=7, deficit=0.2,
    ...           new_hire_factor=1.4, dip=0.05, noise_sd=0.03)
    >>> plan = handle_time(**kw, z=None)
    >>> bool(with_noise(plan, 0.03, 1.5) == handle_time(**kw, z=1.5))
    True
    """
    return np.asarray(aht * np.exp(noise_sd * z - 0.5 * noise_sd**2), dtype=np.float64)
