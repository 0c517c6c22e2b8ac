"""The one set of scalar validators behind every public function's friendly layer.

Each validator names the parameter, its value and the allowed range, and raises
``TypeError`` for a value of the wrong kind or ``ValueError`` for one out of range,
before anything runs.

Examples
--------
>>> check_int("n_paths", 256, lo=1)
256
>>> check_int("n_paths", 0, lo=1)
Traceback (most recent call last):
...
ValueError: n_paths = 0 is outside the allowed range [1, inf)
>>> check_prob("level", 0.95)
0.95
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["check_bool", "check_float", "check_int", "check_prob"]


def check_int(name: str, value: Any, lo: int | None = None, hi: int | None = None) -> int:
    """``value`` as an ``int`` in ``[lo, hi]`` (``None``: unbounded on that side)."""
    rng = f"[{'-inf' if lo is None else lo}, {'inf' if hi is None else hi}]"
    rng = rng.replace("-inf]", "-inf)").replace(", inf]", ", inf)").replace("[-inf", "(-inf")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer in {rng}, got {value!r}")
    v = int(value)
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        raise ValueError(f"{name} = {value} is outside the allowed range {rng}")
    return v


def check_float(
    name: str,
    value: Any,
    lo: float = -math.inf,
    hi: float = math.inf,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
) -> float:
    """``value`` as a finite ``float`` in the interval ``lo .. hi`` (open ends optional)."""
    left = "(" if lo_open or lo == -math.inf else "["
    right = ")" if hi_open or hi == math.inf else "]"
    rng = f"{left}{lo:g}, {hi:g}{right}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise TypeError(f"{name} must be a number in {rng}, got {value!r}")
    v = float(value)
    ok = math.isfinite(v) and (v > lo if lo_open else v >= lo) and (v < hi if hi_open else v <= hi)
    if not ok:
        raise ValueError(f"{name} = {value!r} is outside the allowed range {rng}")
    return v


def check_prob(name: str, value: Any) -> float:
    """A probability or confidence level strictly inside ``(0, 1)``."""
    return check_float(name, value, 0.0, 1.0, lo_open=True, hi_open=True)


def check_bool(name: str, value: Any) -> bool:
    """``True`` or ``False`` (numpy booleans accepted), nothing else."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)
