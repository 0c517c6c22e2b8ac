"""Named random streams: SPEC 7 seeding and block structure."""

from __future__ import annotations

import numpy as np
import pytest

from ccsim.sampling.streams import BLOCK, ChunkStreams, SeedRoot, resolve_seed


def test_seed_zero_is_a_real_seed():
    a = ChunkStreams(resolve_seed(0), 0, 1).normal("x", 3)
    b = ChunkStreams(resolve_seed(0), 0, 1).normal("x", 3)
    c = ChunkStreams(resolve_seed(1), 0, 1).normal("x", 3)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_none_draws_fresh_entropy_and_records_it():
    r1, r2 = resolve_seed(None), resolve_seed(None)
    assert r1.entropy != r2.entropy


def test_seedsequence_and_generator_are_accepted():
    ss = np.random.SeedSequence(123)
    assert resolve_seed(ss) == SeedRoot(123, ())
    g = np.random.default_rng(5)
    assert isinstance(resolve_seed(g).entropy, int)


@pytest.mark.parametrize("bad", [-1, 1.5, "7", True])
def test_bad_seed(bad):
    with pytest.raises((TypeError, ValueError), match="seed"):
        resolve_seed(bad)


def test_chunks_are_concatenations_of_blocks():
    root = resolve_seed(42)
    whole = ChunkStreams(root, 0, 4).normal("demand.shock", 5)
    parts = [ChunkStreams(root, b, b + 1).normal("demand.shock", 5) for b in range(4)]
    np.testing.assert_array_equal(whole, np.concatenate(parts, axis=1))
    assert whole.shape == (5, 4 * BLOCK)


def test_streams_are_keyed_by_name():
    root = resolve_seed(42)
    s = ChunkStreams(root, 0, 1)
    assert not np.array_equal(s.uniform("a"), s.uniform("b"))
    np.testing.assert_array_equal(s.uniform("a"), ChunkStreams(root, 0, 1).uniform("a"))
