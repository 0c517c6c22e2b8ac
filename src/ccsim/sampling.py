"""Per-path draws of a scenario's uncertain inputs.

Every uncertain input ``path`` is drawn by its quantile function from the uniforms of
the stream ``"param/<path>"``, so each input has its own stream keyed by its name: a
sweep that fixes one input, or a scenario that adds an option, leaves every other
input's draws unchanged.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ccsim.scenario import Scenario
from ccsim.streams import ChunkStreams

__all__ = ["SAMPLERS", "check_sampler", "draw_inputs", "input_uniforms"]


def input_uniforms(scenario: Scenario, streams: ChunkStreams) -> dict[str, NDArray[np.float64]]:
    """Uniforms of every uncertain input for the chunk's paths, keyed by dotted path."""
    return {p: streams.uniform(f"param/{p}") for p, _ in scenario.uncertain_inputs()}


SAMPLERS = ("mc",)


def check_sampler(sampler: object) -> None:
    """Raise ``ValueError`` unless ``sampler`` is a supported sampler."""
    if sampler not in SAMPLERS:
        raise ValueError(f"sampler = {sampler!r}; expected one of {SAMPLERS}")


def draw_inputs(
    scenario: Scenario, streams: ChunkStreams, sampler: str = "mc"
) -> dict[str, NDArray[np.float64]]:
    """Values of every uncertain input for the chunk's paths, shape ``(n_paths,)`` each.

    ``sampler="mc"``: plain Monte Carlo, independent inputs.
    """
    check_sampler(sampler)
    u = input_uniforms(scenario, streams)
    return {p: np.asarray(d.ppf(u[p]), dtype=np.float64) for p, d in scenario.uncertain_inputs()}
