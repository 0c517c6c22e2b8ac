"""Going back in-house is priced only where an exit may be decided (issue 32).

:func:`ccsim.engine.decide.decide` gathers the inputs of the return's terms to the
elements where going back in-house is a candidate (``_Rows``), prices them there and
scatters the terms back, 0 elsewhere. The reference prices every element, as the engine
did before: the terms must agree on every candidate element, and the per-path results of
the whole run must be the same (1e-9: the same arithmetic element by element, so any
scatter to the wrong element or any non-candidate value that reached a decision shows up
far above it).
"""

from __future__ import annotations

import numpy as np
import pytest

import ccsim
from ccsim.engine import decide as decide_mod
from ccsim.engine.chunk import compute_chunk, draw_chunk
from ccsim.mechanisms import contract
from ccsim.sampling.streams import ChunkStreams, SeedRoot

VENDORS = ("onshore", "nearshore", "offshore", "hybrid")
# vendors that fail often, customers dear enough that leaving can pay (as in the loop
# model's exit test); offshore re-tenders to nearshore (its candidates take the
# re-tender's terms), half the exit clauses cannot be enforced (the lock-in's terms
# differ from the exit's: the return is priced twice)
EXIT_PRONE = {
    "finance.horizon_months": 36,
    **{f"{o}.quality.oversight": 0.0 for o in VENDORS},
    **{f"{o}.contract.exit_threshold": 0.9 for o in VENDORS},
    **{f"{o}.contract.stabilisation_months": 2 for o in VENDORS},
    **{f"{o}.contract.escalation_months": 0 for o in VENDORS},
    **{f"{o}.contract.p_unenforceable": 0.5 for o in VENDORS},
    "offshore.fallback": "nearshore",
    "customers.annual_margin": 2000.0,
}


def _run(sc, rows_cls):
    """One chunk of ``sc`` with ``rows_cls`` as the gatherer; the per-path outputs, the
    gatherer's masks and the terms handed to the exit rule, month by month."""
    masks, terms = [], []
    exit_decision = contract.exit_decision

    def record(**kw):
        terms.append({k: np.array(kw[k], dtype=np.float64) for k in
                      ("gain_per_month", "switching_cost", "switching_cost_free")})
        terms[-1]["month"] = kw["month"]
        return exit_decision(**kw)

    class Rows(rows_cls):
        def __init__(self, mask):
            masks.append((len(terms), mask.copy()))
            super().__init__(mask)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(decide_mod, "_Rows", Rows)
        m.setattr(contract, "exit_decision", record)
        draws, rnd = draw_chunk(sc, ChunkStreams(SeedRoot(7), 0, 1))
        paths = compute_chunk(sc, draws, rnd, False).paths
    return paths, dict(masks), terms


class _AllRows(decide_mod._Rows):
    """The un-restricted reference: every element priced."""

    def __init__(self, mask):
        super().__init__(np.ones_like(mask))


@pytest.fixture(scope="module")
def runs():
    sc = ccsim.default_scenario().with_overrides(EXIT_PRONE)
    return sc, _run(sc, decide_mod._Rows), _run(sc, _AllRows)


def test_the_scenario_exercises_the_restriction(runs):
    """Exits back in-house and re-tenders both happen, and in the months priced the
    candidates are a strict, non-empty part of the elements."""
    sc, (paths, masks, _), _ = runs
    hyb, off = sc.option_names.index("hybrid"), sc.option_names.index("offshore")
    assert paths["exit_requested"][hyb].mean() > 0.05
    assert (paths["exit_requested"] - paths["exit_retendered"]).sum() > 10  # back in-house
    assert paths["exit_retendered"][off].sum() > 0
    assert len(masks) > 10
    assert all(0 < m.sum() < m.size for m in masks.values())


def test_restricted_terms_equal_the_full_rows_on_candidates(runs):
    """The gain and both one-off costs handed to the exit rule agree with the reference
    on every candidate element, and are 0 (no pricing) on the other elements but for
    the re-tender's."""
    _, (_, masks, terms), (_, ref_masks, ref_terms) = runs
    assert len(terms) == len(ref_terms)
    assert masks.keys() == ref_masks.keys()
    priced = 0
    for i, home in masks.items():
        got, ref = terms[i], ref_terms[i]
        assert got["month"] == ref["month"]
        np.testing.assert_array_equal(home, ref_masks[i])
        for k in ("gain_per_month", "switching_cost", "switching_cost_free"):
            np.testing.assert_allclose(got[k][home], ref[k][home], rtol=1e-9, atol=1e-9,
                                       err_msg=f"{k}, call {i}")
        # elsewhere 0 (not priced), or the re-tender's terms, which both runs compute alike
        g, r = got["gain_per_month"][~home], ref["gain_per_month"][~home]
        assert ((g == 0.0) | np.isclose(g, r, rtol=1e-9, atol=1e-9)).all()
        assert ((g == 0.0) & (r != 0.0)).any()  # the reference priced them: left out here
        priced += int((got["gain_per_month"][home] != 0.0).sum())
    assert priced > 100


def test_restricted_run_equals_the_full_rows_path_by_path(runs):
    """Every per-path output is the same as with every element priced."""
    _, (paths, _, _), (ref, _, _) = runs
    assert paths.keys() == ref.keys()
    for k in paths:
        np.testing.assert_allclose(paths[k], ref[k], rtol=1e-9, atol=1e-9, err_msg=k)


def test_rows_gather_each_shape_and_scatter_back():
    """Floats stay; ``(P,)``, ``(O, 1)``, ``(O, P)`` and ``(K, 1, P)`` arrays are taken at
    the mask's elements (row-major order), and ``scatter`` puts them back."""
    mask = np.array([[True, False, False], [False, True, True]])
    rows = decide_mod._Rows(mask)
    o_p = np.arange(6.0).reshape(2, 3)
    assert rows.take(2.5) == 2.5
    np.testing.assert_array_equal(rows.take(np.array([10.0, 11.0, 12.0])), [10.0, 11.0, 12.0])
    np.testing.assert_array_equal(rows.take(np.array([[7.0], [8.0]])), [7.0, 8.0, 8.0])
    np.testing.assert_array_equal(rows.take(o_p), [0.0, 4.0, 5.0])
    day = np.array([[[1.0, 2.0, 3.0]], [[4.0, 5.0, 6.0]]])
    np.testing.assert_array_equal(rows.take(day), [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    np.testing.assert_array_equal(rows.scatter(rows.take(o_p)), np.where(mask, o_p, 0.0))
