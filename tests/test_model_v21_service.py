"""Model v2.1, service items (issue 28): abandonment in CSAT, vendors planning for their
adherence, the roster rounding, schedule efficiency from the day's shape, shrinking vendor
teams, defection per customer issue, and the per-team headcount and occupancy outputs.

Each item has a hand computation (the arithmetic written out here, independently of the
kernel) and a paired direction test on common random numbers (same seed, two settings).
"""

from __future__ import annotations

import numpy as np
import pytest

import ccsim
from ccsim.engine.chunk import compute_chunk, draw_chunk
from ccsim.mechanisms import satisfaction
from ccsim.sampling.streams import ChunkStreams, SeedRoot

SEED = 2026


def _paths(sc: ccsim.Scenario, seed: int = SEED) -> dict[str, np.ndarray]:
    """Per-path outputs of one block of 256 paths (common random numbers for a seed)."""
    draws, rnd = draw_chunk(sc, ChunkStreams(SeedRoot(seed), 0, 1))
    return compute_chunk(sc, draws, rnd, False).paths


def _row(sc: ccsim.Scenario, name: str) -> int:
    return [o.name for o in sc.options].index(name)


def _paired_lower(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Mean and standard error of the path-by-path difference ``a - b``."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    return float(d.mean()), float(d.std(ddof=1) / np.sqrt(d.size))


# ------------------------------------------------------------------ item 7: abandonment


def test_csat_hand_computation_counts_the_abandoned_callers():
    # 79 + 100 (0.70 - 0.72) + 20 (0.85 - 0.80) - 150 * 0.04 - 1
    # = 79 - 2 + 1 - 6 - 1 = 71
    cs = satisfaction.csat(csat_ref=79.0, fcr=0.70, fcr_ref=0.72, fcr_slope=100.0, sl=0.85,
                           target_sl=0.8, sl_slope=20.0, penalty=1.0, abandon=0.04,
                           abandon_slope=150.0)
    assert float(cs) == pytest.approx(71.0, abs=1e-12)
    # the same team with no abandonment scores the 6 points back
    cs0 = satisfaction.csat(csat_ref=79.0, fcr=0.70, fcr_ref=0.72, fcr_slope=100.0, sl=0.85,
                            target_sl=0.8, sl_slope=20.0, penalty=1.0, abandon=0.0,
                            abandon_slope=150.0)
    assert float(cs0) - float(cs) == pytest.approx(6.0, abs=1e-12)


def test_shorter_patience_lowers_in_house_csat_paired():
    """Patience 300 -> 60 s: more callers abandon (and those who stay are answered
    sooner); with the abandoned callers counted the in-house mean CSAT falls. Paired on
    one seed; the mean difference must be below zero by more than 3 standard errors."""
    base = ccsim.default_scenario()
    patient = _paths(base.with_overrides({"service.patience_s": 300.0}))
    hasty = _paths(base.with_overrides({"service.patience_s": 60.0}))
    i = _row(base, "in_house")
    assert (hasty["abandon_rate"][i] > patient["abandon_rate"][i]).mean() > 0.95
    diff, se = _paired_lower(hasty["csat_mean"][i], patient["csat_mean"][i])
    assert diff < -3.0 * se, (diff, se)
