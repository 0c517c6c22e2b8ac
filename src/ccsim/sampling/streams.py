"""Named random streams from one seed: common random numbers, chunk-invariant.

Every random number ccsim draws comes from a stream identified by a stable *name*
(``"demand.shock"``, ``"offshore/quality.noise"``, ``"param/staff.hourly_cost"``) and
a *block* of :data:`BLOCK` consecutive paths. The generator of a (name, block) pair is

    Generator(PCG64(SeedSequence(entropy, spawn_key=root_key + words(name) + (block,))))

built without mutating any state (SPEC 7), so that

* the same seed gives bit-identical draws whatever the chunk size, the number of
  workers or the backend: chunks are whole blocks and a block's draws never depend on
  which chunk asked for them;
* options are compared on common random numbers: shared streams (demand, shocks,
  in-house staff noise, breaches) carry no option name, so every option sees the same
  draws on a path;
* adding or removing an option leaves the other options' draws unchanged, because
  per-option streams are keyed by the option's *name*, never by its position.

Each stream is drawn exactly once per block with a fixed shape, so the number of
variates consumed never depends on the simulation's state.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ccsim.conventions import SeedLike, as_seed_sequence

__all__ = ["BLOCK", "ChunkStreams", "SeedRoot", "resolve_seed"]

#: Paths per random-number block. Chunks are made of whole blocks.
BLOCK = 256


@functools.lru_cache(maxsize=4096)
def _name_words(name: str) -> tuple[int, ...]:
    digest = hashlib.blake2b(name.encode("utf-8"), digest_size=16).digest()
    return tuple(int.from_bytes(digest[i : i + 4], "little") for i in range(0, 16, 4))


@dataclass(frozen=True)
class SeedRoot:
    """The root of all streams of one run: a SeedSequence's entropy and spawn key."""

    entropy: int
    spawn_key: tuple[int, ...] = ()

    def generator(self, name: str, block: int) -> np.random.Generator:
        ss = np.random.SeedSequence(
            self.entropy, spawn_key=(*self.spawn_key, *_name_words(name), int(block))
        )
        return np.random.Generator(np.random.PCG64(ss))


def resolve_seed(seed: SeedLike) -> SeedRoot:
    """Turn a SPEC 7 seed into a :class:`SeedRoot` (read by
    :func:`ccsim.conventions.as_seed_sequence`, the one seed normaliser).

    Accepts what :func:`numpy.random.default_rng` accepts: ``None``, a non-negative int,
    a sequence of non-negative ints, a :class:`numpy.random.SeedSequence`, a
    :class:`numpy.random.BitGenerator` or a :class:`numpy.random.Generator`, and a
    :class:`SeedRoot` (returned as is).

    ``seed=0`` is a valid seed like any other (not "no seed"). ``None`` draws fresh
    entropy from the OS; the entropy is kept in the result so the run can be repeated.
    A sequence of ints maps to the same root as ``SeedSequence(sequence)``: its first
    64 bits of generated state become the entropy, so equal sequences give equal runs.
    A BitGenerator is read through the SeedSequence it was seeded with (it is not
    advanced); one without a SeedSequence (e.g. of a legacy ``RandomState``) is drawn
    from, as a Generator is: one 63-bit draw becomes the entropy.

    Examples
    --------
    >>> resolve_seed(7)
    SeedRoot(entropy=7, spawn_key=())
    >>> resolve_seed([1, 2, 3]) == resolve_seed(np.random.SeedSequence([1, 2, 3]))
    True
    >>> resolve_seed(np.random.PCG64(7)) == resolve_seed(7)
    True
    """
    if isinstance(seed, SeedRoot):
        return seed
    ss = as_seed_sequence(seed)
    return SeedRoot(int(ss.entropy), tuple(int(k) for k in ss.spawn_key))  # type: ignore[arg-type]


class ChunkStreams:
    """Draws for the paths of blocks ``[block_start, block_stop)``.

    Arrays are returned with paths on the *last* axis: ``(n_paths,)`` for per-path
    draws and ``(n_months, n_paths)`` for monthly ones.
    """

    def __init__(self, root: SeedRoot, block_start: int, block_stop: int) -> None:
        if not 0 <= block_start < block_stop:
            raise ValueError(f"need 0 <= block_start < block_stop, got {block_start}, {block_stop}")
        self.root = root
        self.blocks = range(block_start, block_stop)
        self.n_paths = BLOCK * len(self.blocks)

    def _draw(self, name: str, fn: Callable[[np.random.Generator], NDArray[Any]]) -> NDArray[Any]:
        parts = [fn(self.root.generator(name, b)) for b in self.blocks]
        return np.concatenate(parts, axis=-1) if len(parts) > 1 else parts[0]

    def uniform(self, name: str, n_months: int | None = None) -> NDArray[np.float64]:
        """Uniforms on [0, 1): shape ``(n_paths,)`` or ``(n_months, n_paths)``."""
        if n_months is None:
            return self._draw(name, lambda g: g.random(BLOCK))
        return self._draw(name, lambda g: g.random((BLOCK, n_months)).T)

    def normal(self, name: str, n_months: int) -> NDArray[np.float64]:
        """Standard normals, shape ``(n_months, n_paths)``."""
        return self._draw(name, lambda g: g.standard_normal((BLOCK, n_months)).T)

    def per_block(
        self, name: str, fn: Callable[..., NDArray[Any]], *arrays: NDArray[Any]
    ) -> NDArray[Any]:
        """``fn(generator, *block_slices)`` for each block; arrays have paths on the last axis.

        ``fn`` must draw a number of variates that depends only on its block's inputs.
        """
        out = []
        for i, b in enumerate(self.blocks):
            sl = slice(i * BLOCK, (i + 1) * BLOCK)
            out.append(fn(self.root.generator(name, b), *(a[..., sl] for a in arrays)))
        return np.concatenate(out, axis=-1) if len(out) > 1 else out[0]
