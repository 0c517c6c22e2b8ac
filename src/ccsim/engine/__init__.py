"""The engine: the month step over ``(option, path)`` arrays for one chunk of paths."""

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
