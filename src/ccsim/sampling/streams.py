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

__all__ = ["BLOCK", "ChunkStreams", "SeedRoot", "StreamCache", "resolve_seed"]

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


class StreamCache:
    """Uniforms and normals of one seed kept for reuse by later runs on that seed.

    A stream's numbers depend only on the seed root, the stream's name, its blocks and
    its shape, so a run that asks again for a stream an earlier run drew can be handed
    the very same numbers instead of drawing them: results are bit-identical with or
    without the cache. Used by reruns that change input values on one seed (the what-if
    panel, the tornado, the break-even search): pass it to
    ``ccsim.simulate(..., reuse=cache)``.

    Only :meth:`ChunkStreams.uniform` and :meth:`ChunkStreams.normal` are kept (a copy
    is handed out, so a caller may write into it); :meth:`ChunkStreams.per_block`
    draws, whose variates may depend on the arrays given (the demand counts), are
    always drawn.

    Parameters
    ----------
    root
        The seed root of every run that uses the cache.
    max_bytes
        Most bytes kept (default 256 MB); streams beyond it are drawn each time.

    Examples
    --------
    >>> cache = StreamCache(SeedRoot(1))
    >>> a = cache.chunk(0, 1).normal("demand.shock", 3)
    >>> b = cache.chunk(0, 1).normal("demand.shock", 3)
    >>> bool((a == ChunkStreams(SeedRoot(1), 0, 1).normal("demand.shock", 3)).all())
    True
    >>> bool((a == b).all()), a is b, cache.hits
    (True, False, 1)
    """

    def __init__(self, root: SeedRoot, max_bytes: int = 256 * 2**20) -> None:
        if not isinstance(root, SeedRoot):
            raise TypeError(f"root must be a SeedRoot, got {type(root).__name__}")
        if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 0:
            raise ValueError(f"max_bytes = {max_bytes!r} must be an integer >= 0")
        self.root = root
        self.max_bytes = max_bytes
        self.nbytes = 0
        self.hits = 0
        self._kept: dict[tuple[Any, ...], NDArray[Any]] = {}

    def chunk(self, block_start: int, block_stop: int) -> ChunkStreams:
        """The streams of blocks ``[block_start, block_stop)``, kept in this cache."""
        return ChunkStreams(self.root, block_start, block_stop, kept=self)

    def get(self, key: tuple[Any, ...], draw: Callable[[], NDArray[Any]]) -> NDArray[Any]:
        """A copy of the array kept under ``key``, drawn (and kept if it fits) if new."""
        arr = self._kept.get(key)
        if arr is not None:
            self.hits += 1
        else:
            arr = draw()
            if self.nbytes + arr.nbytes > self.max_bytes:
                return arr
            self._kept[key] = arr
            self.nbytes += arr.nbytes
        return arr.copy(order="K")  # the same memory layout as a fresh draw


class ChunkStreams:
    """Draws for the paths of blocks ``[block_start, block_stop)``.

    Arrays are returned with paths on the *last* axis: ``(n_paths,)`` for per-path
    draws and ``(n_months, n_paths)`` for monthly ones. With ``kept``, uniforms and
    normals come from that :class:`StreamCache` (the same numbers, drawn once).
    """

    def __init__(
        self, root: SeedRoot, block_start: int, block_stop: int, kept: StreamCache | None = None
    ) -> None:
        if not 0 <= block_start < block_stop:
            raise ValueError(f"need 0 <= block_start < block_stop, got {block_start}, {block_stop}")
        if kept is not None and kept.root != root:
            raise ValueError(f"kept: the cache holds the streams of {kept.root}, not of {root}")
        self.root = root
        self.blocks = range(block_start, block_stop)
        self.n_paths = BLOCK * len(self.blocks)
        self.kept = kept

    def _draw(self, name: str, fn: Callable[[np.random.Generator], NDArray[Any]]) -> NDArray[Any]:
        parts = [fn(self.root.generator(name, b)) for b in self.blocks]
        return np.concatenate(parts, axis=-1) if len(parts) > 1 else parts[0]

    def _stream(
        self, kind: str, name: str, n_months: int | None,
        fn: Callable[[np.random.Generator], NDArray[Any]],
    ) -> NDArray[Any]:
        if self.kept is None:
            return self._draw(name, fn)
        key = (kind, name, n_months, self.blocks.start, self.blocks.stop)
        return self.kept.get(key, lambda: self._draw(name, fn))

    def uniform(self, name: str, n_months: int | None = None) -> NDArray[np.float64]:
        """Uniforms on [0, 1): shape ``(n_paths,)`` or ``(n_months, n_paths)``."""
        if n_months is None:
            return self._stream("uniform", name, None, lambda g: g.random(BLOCK))
        return self._stream("uniform", name, n_months, lambda g: g.random((BLOCK, n_months)).T)

    def normal(self, name: str, n_months: int) -> NDArray[np.float64]:
        """Standard normals, shape ``(n_months, n_paths)``."""
        return self._stream(
            "normal", name, n_months, lambda g: g.standard_normal((BLOCK, n_months)).T
        )

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
