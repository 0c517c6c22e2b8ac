"""Queueing: exact Erlang B, C and A (:mod:`.formulas`), staffing (:mod:`.staffing`) and
time-based overflow (:mod:`.overflow`, M/M/c+D); the engine's tabulated Erlang A
(:mod:`._tables`) and its compiled loops are private."""

from ccsim.queueing.formulas import (
    ErlangAResult,
    average_speed_of_answer,
    erlang_a,
    erlang_b,
    erlang_c,
    occupancy,
    service_level,
)
from ccsim.queueing.overflow import kept_within, overflow_probability
from ccsim.queueing.staffing import max_arrival_rate, required_agents

__all__ = [
    "ErlangAResult",
    "average_speed_of_answer",
    "erlang_a",
    "erlang_b",
    "erlang_c",
    "kept_within",
    "max_arrival_rate",
    "occupancy",
    "overflow_probability",
    "required_agents",
    "service_level",
]
