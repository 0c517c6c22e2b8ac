"""The engine: the month step over ``(option, path)`` arrays for one chunk of paths.

``params`` (typed parameters), ``fixed`` (what is settled before month 0, with the
per-chunk constants, and the month-0 state), ``state`` (the month's state), ``month``
(the step in seven phases, each a sequence of :mod:`ccsim.mechanisms` calls; the exit
decision in ``decide``, the records the phases hand each other in ``phases``),
``retender`` (a re-tendered row's view of its new vendor), ``ledger`` (books and
outputs) and ``chunk`` (drawing the random numbers and running the months).
"""

from ccsim.engine.chunk import (
    COST_COMPONENTS,
    DEFAULT_CHUNK,
    MONTHLY_METRICS,
    ChunkOutput,
    compute_chunk,
    draw_chunk,
    iter_chunks,
    run_chunk,
)

__all__ = [
    "COST_COMPONENTS",
    "DEFAULT_CHUNK",
    "MONTHLY_METRICS",
    "ChunkOutput",
    "compute_chunk",
    "draw_chunk",
    "iter_chunks",
    "run_chunk",
]
