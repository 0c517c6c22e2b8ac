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


def test_existing_seed_kinds_resolve_as_before():
    # bit-identical to the earlier rules: ints and int SeedSequences keep their entropy,
    # a SeedSequence of a sequence maps through its first 64 bits of state
    assert resolve_seed(5) == resolve_seed(np.int64(5)) == SeedRoot(5)
    assert resolve_seed(np.random.SeedSequence(9, spawn_key=(1, 2))) == SeedRoot(9, (1, 2))
    ent = int(np.random.SeedSequence([3, 4]).generate_state(4, np.uint64)[0])
    assert resolve_seed(np.random.SeedSequence([3, 4])) == SeedRoot(ent)
    want = int(np.random.default_rng(5).integers(0, 2**63))
    assert resolve_seed(np.random.default_rng(5)) == SeedRoot(want)
    root = SeedRoot(11, (3,))
    assert resolve_seed(root) is root


@pytest.mark.parametrize("seq", [[1, 2, 3], (1, 2, 3), np.array([1, 2, 3]),
                                 np.array([1, 2, 3], dtype=np.uint64), [np.int32(1), 2, 3]])
def test_int_sequences_are_seeds(seq):
    root = resolve_seed(seq)
    assert root == resolve_seed([1, 2, 3]) == resolve_seed(np.random.SeedSequence([1, 2, 3]))
    assert root.spawn_key == () and isinstance(root.entropy, int)
    assert resolve_seed([1, 2, 4]) != root and resolve_seed([3, 2, 1]) != root
    assert resolve_seed([2**64 + 1, 0]).entropy != resolve_seed([1, 0]).entropy


def test_bit_generators_are_seeds():
    # one seeded through a SeedSequence resolves as that SeedSequence, without drawing
    bg = np.random.PCG64(7)
    before = bg.state
    assert resolve_seed(bg) == resolve_seed(7) == resolve_seed(np.random.PCG64(7))
    assert bg.state == before
    assert resolve_seed(np.random.Philox([1, 2])) == resolve_seed([1, 2])
    # one without a SeedSequence (legacy seeding) is drawn from, like a Generator
    legacy = np.random.RandomState(3)._bit_generator
    want = int(np.random.Generator(np.random.RandomState(3)._bit_generator).integers(0, 2**63))
    assert resolve_seed(legacy) == SeedRoot(want)


@pytest.mark.parametrize(
    ("bad", "exc", "match"),
    [
        ([1, -2], ValueError, "non-negative ints only; got -2"),
        ([1, 2.5], TypeError, r"non-negative ints only; got 2\.5"),
        ([True, 1], TypeError, "non-negative ints only; got True"),
        (np.array([0.5]), TypeError, "non-negative ints only"),
        ([[1, 2], [3, 4]], TypeError, "flat sequence"),
        ([[1], 2], TypeError, "non-negative ints only"),
        (np.float64(3.0), TypeError, "seed must be None"),
        (b"7", TypeError, "seed must be None"),
        ({1: 2}, TypeError, "seed must be None"),
    ],
)
def test_bad_sequence_or_object_seed(bad, exc, match):
    with pytest.raises(exc, match=match):
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
