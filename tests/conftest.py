"""Shared fixtures: small, fast results built once per session."""

from __future__ import annotations

import os

import matplotlib
import pytest
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")

# Deterministic property tests in CI: derandomized, bounded in time.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=25,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def default_scenario():
    import ccsim

    return ccsim.default_scenario()


@pytest.fixture(scope="session")
def small_result(default_scenario):
    import ccsim

    return ccsim.simulate(default_scenario, n_paths=512, seed=2026)
