"""Randomness: named random streams (:mod:`.streams`) and input designs (:mod:`.inputs`:
Monte Carlo, Latin hypercube, Sobol, rank correlation)."""

from ccsim.sampling.inputs import (
    SAMPLERS,
    CorrelationWarning,
    InputDesign,
    check_sampler,
    correlation_matrix,
    draw_inputs,
    input_uniforms,
    nearest_correlation,
)
from ccsim.sampling.streams import BLOCK, ChunkStreams, SeedRoot, StreamCache, resolve_seed

__all__ = [
    "BLOCK",
    "SAMPLERS",
    "ChunkStreams",
    "CorrelationWarning",
    "InputDesign",
    "SeedRoot",
    "StreamCache",
    "check_sampler",
    "correlation_matrix",
    "draw_inputs",
    "input_uniforms",
    "nearest_correlation",
    "resolve_seed",
]
