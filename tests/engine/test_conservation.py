"""Conservation laws of the engine: every contact is answered or abandoned, every dollar
is in exactly one cost component, and the discounted monthly costs add up to the NPV.

The month step's flows are read by recording what :func:`ccsim.engine.month.step` books
into the ledger (a recording subclass replaces :class:`~ccsim.engine.ledger.Ledger` for
one chunk), so the checks see exactly the numbers the outputs are made of.
"""

from __future__ import annotations

import numpy as np
import pytest

import ccsim
from ccsim.engine import chunk as engine_chunk
from ccsim.engine.chunk import draw_chunk
from ccsim.engine.ledger import Ledger
from ccsim.outputs import COST_COMPONENTS
from ccsim.sampling.streams import ChunkStreams, SeedRoot

FLOWS = ("offered", "answered", "abandoned")


class RecordingLedger(Ledger):
    """A ledger that also keeps every month's contacts and costs, ``(T, O, P)``."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.flows: dict[str, list[np.ndarray]] = {k: [] for k in (*FLOWS, *COST_COMPONENTS)}

    def record(self, t, *, costs, **metrics):
        for k in FLOWS:
            self.flows[k].append(np.array(metrics[k]))
        for k in COST_COMPONENTS:
            self.flows[k].append(np.array(costs[k]))
        super().record(t, costs=costs, **metrics)


@pytest.fixture(scope="module")
def booked():
    """One 256-path chunk of the default scenario over 36 months, with an exit-prone
    offshore vendor so that every cost component occurs: low initial quality, no
    oversight, an exit threshold of 0.9, a short stabilisation and customers dear enough
    that leaving pays (an exit is taken only when it pays: a low initial quality alone no
    longer forces one, and then no path pays an exit fee)."""
    sc = ccsim.default_scenario().with_overrides(
        {"finance.horizon_months": 36, "offshore.quality.initial": 0.6,
         "offshore.quality.oversight": 0.0, "offshore.contract.exit_threshold": 0.9,
         "offshore.contract.stabilisation_months": 2, "customers.annual_margin": 2000.0}
    )
    draws, rnd = draw_chunk(sc, ChunkStreams(SeedRoot(42), 0, 1))
    seen: list[RecordingLedger] = []

    def make(*args, **kwargs):
        seen.append(RecordingLedger(*args, **kwargs))
        return seen[-1]

    mp = pytest.MonkeyPatch()
    mp.setattr(engine_chunk, "Ledger", make)
    try:
        out = engine_chunk.compute_chunk(sc, draws, rnd, keep_monthly=True)
    finally:
        mp.undo()
    (ledger,) = seen
    flows = {k: np.stack(v) for k, v in ledger.flows.items()}

    def value(path):  # a parameter on every path: its draws, or the constant
        return draws[path] if path in draws else np.full(256, float(sc.get(path)))

    return value, rnd, out, flows


def test_answered_plus_abandoned_is_offered_every_month(booked):
    _, _, _, f = booked
    assert f["offered"].shape == (36, 5, 256)
    assert (f["answered"] >= 0).all() and (f["abandoned"] >= 0).all()
    # two products of the same volume, V (1 - a) + V a: rounding only (~1 ulp of V)
    np.testing.assert_allclose(f["answered"] + f["abandoned"], f["offered"], rtol=1e-12)


def test_offered_is_fresh_demand_plus_repeats(booked):
    value, rnd, out, f = booked
    fresh = rnd["fresh"]  # (T, P), common to every option
    repeats = f["offered"] - fresh[:, None, :]
    # repeats are callers coming back: never negative (1e-9 absolute for rounding)
    assert (repeats >= -1e-9).all()
    # month 0: the steady state of the callback series, computed here by hand from the
    # scenario's callback rate c and in-house FCR f: forecast c (1 - f) / (1 - c (1 - f))
    c, fcr = value("demand.callback_rate"), value("staff.fcr")
    u = 1.0 - fcr
    expected0 = rnd["forecast"][0] * c * u / (1.0 - c * u)
    np.testing.assert_allclose(repeats[0], np.broadcast_to(expected0, repeats[0].shape), rtol=1e-9)
    # the reported abandonment rate is total abandoned over total offered
    np.testing.assert_allclose(
        out.paths["abandon_rate"], f["abandoned"].sum(0) / f["offered"].sum(0), rtol=1e-12
    )


def test_cost_components_sum_to_the_total(booked):
    _, _, out, f = booked
    p = out.paths
    total = sum(p[c] for c in COST_COMPONENTS)
    np.testing.assert_allclose(total, p["npv_cost"], rtol=1e-12)
    np.testing.assert_allclose(p["operating_cost"] + p["incident_cost"] + p["customer_cost"],
                               p["npv_cost"], rtol=1e-12)
    # every component occurs somewhere in this chunk (the checks below are not vacuous);
    # SLA credits are paid by the vendor (negative) unless the contract has bonuses
    for c in COST_COMPONENTS:
        if c == "sla_credits":
            assert (f[c] < 0).any() and (f[c] <= 0).all(), c
            continue
        assert (f[c] > 0).any(), c
        assert (f[c] >= 0).all(), c


def test_discounted_monthly_costs_are_the_npv(booked):
    value, _, out, f = booked
    r = value("finance.discount_rate_annual")  # (P,)
    # paid at the end of each month: (T, 1, P) factors
    df = ((1.0 + r) ** (-(np.arange(36)[:, None] + 1.0) / 12.0))[:, None, :]
    for c in COST_COMPONENTS:
        npv = (df * f[c]).sum(axis=0)  # (O, P)
        np.testing.assert_allclose(npv, out.paths[c], rtol=1e-12, atol=1e-6, err_msg=c)
    # the kept monthly cost (float32) is the sum of the components: float32 rounding, 1e-6
    month_cost = sum(f[c] for c in COST_COMPONENTS)  # (T, O, P)
    np.testing.assert_allclose(out.monthly["cost"], month_cost.transpose(1, 2, 0), rtol=1e-6)
    np.testing.assert_allclose((df * month_cost).sum(axis=0), out.paths["npv_cost"], rtol=1e-12)
