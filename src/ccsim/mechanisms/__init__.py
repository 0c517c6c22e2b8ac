"""One pure, vectorized kernel module per mechanism.

Shape convention: per-month arrays are ``(option, path)``; per-path shared arrays are
``(path,)`` and broadcast; per-option constants are ``(option, 1)``. Kernels take
clean float arrays, hold no state and do no I/O; each module cites the claims
(C1..C24, listed in the README; equations in ``docs/model.md``) it models.
"""

from ccsim.mechanisms import (
    attrition,
    breach,
    churn,
    contract,
    costs,
    demand,
    golive,
    handle_time,
    intraday,
    pricing,
    quality,
    routing,
    satisfaction,
    staffing,
    workforce,
)

__all__ = [
    "attrition",
    "breach",
    "churn",
    "contract",
    "costs",
    "demand",
    "golive",
    "handle_time",
    "intraday",
    "pricing",
    "quality",
    "routing",
    "satisfaction",
    "staffing",
    "workforce",
]
