"""Erlang B, C and A and staffing: every public name of the two modules that hold them,
:mod:`ccsim.queueing.formulas` (Erlang B, C and A, service level, ASA, occupancy) and
:mod:`ccsim.queueing.staffing` (:func:`required_agents`), importable from here as
before they were split.
"""

from ccsim.queueing.formulas import (
    ErlangAResult,
    average_speed_of_answer,
    erlang_a,
    erlang_b,
    erlang_c,
    occupancy,
    service_level,
)
from ccsim.queueing.staffing import max_arrival_rate, required_agents

__all__ = [
    "ErlangAResult",
    "average_speed_of_answer",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "max_arrival_rate",
    "occupancy",
    "required_agents",
    "service_level",
]
