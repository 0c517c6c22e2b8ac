"""Queueing: exact Erlang B, C and A and staffing (:mod:`.erlang`); the engine's
tabulated Erlang A (:mod:`._tables`) and its compiled loops are private."""

from ccsim.queueing.erlang import (
    ErlangAResult,
    average_speed_of_answer,
    erlang_a,
    erlang_b,
    erlang_c,
    occupancy,
    required_agents,
    service_level,
)

__all__ = [
    "ErlangAResult",
    "average_speed_of_answer",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "occupancy",
    "required_agents",
    "service_level",
]
