"""The engine: the month step over ``(option, path)`` arrays for one chunk of paths.

``params`` (typed parameters), ``state`` (the month's state), ``month`` (the step, a
sequence of :mod:`ccsim.mechanisms` calls), ``ledger`` (books and outputs) and
``chunk`` (drawing the random numbers and running the months).
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
