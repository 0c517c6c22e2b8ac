"""Run one block of a scenario through the engine and record the month's phase calls."""

from __future__ import annotations

from typing import Any

import pytest

from ccsim.scenario import Scenario

__all__ = ["record"]


def record(sc: Scenario, seed: int, monkeypatch: pytest.MonkeyPatch,
           *names: str) -> tuple[dict[str, Any], dict[str, list[tuple[tuple, dict, Any]]]]:
    """Draw block 0 of ``sc`` with ``seed``, run it, and return ``(draws, calls)``: for
    each function of :mod:`ccsim.engine.month` in ``names`` (``"answer"``, ``"start"``,
    ``"step"``...), its calls in order as ``(args, kwargs, result)``."""
    from ccsim.engine import chunk, month
    from ccsim.sampling.streams import ChunkStreams, SeedRoot

    calls: dict[str, list[tuple[tuple, dict, Any]]] = {n: [] for n in names}

    def spy(name: str, real: Any) -> Any:
        def wrapped(*args: Any, **kw: Any) -> Any:
            out = real(*args, **kw)
            calls[name].append((args, kw, out))
            return out
        return wrapped

    with monkeypatch.context() as m:
        for n in names:
            m.setattr(month, n, spy(n, getattr(month, n)))
        draws, rnd = chunk.draw_chunk(sc, ChunkStreams(SeedRoot(seed), 0, 1))
        chunk.compute_chunk(sc, draws, rnd, False)
    return draws, calls
