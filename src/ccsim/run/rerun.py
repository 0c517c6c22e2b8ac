"""Reruns that change input values on one seed: only the options a change can reach.

A what-if panel reruns one scenario again and again on the same seed, each time with
an input fixed at another value. The options of a scenario are simulated side by side
on common random numbers but do not read each other's inputs, except where

* an option re-tenders to another vendor option after an exit (``fallback``): its rows
  then read that option's vendor;
* ``local_jobs_removed`` is measured against the first in-house option (its mean
  headcount, path by path: the previous run's ``headcount_in_house_mean`` of that
  option, handed to the engine instead of simulating the option again).

So when only inputs of vendor options change value, :func:`rerun` simulates only the
options those inputs reach (:func:`options_reached`) with what they read, and takes
every other option's per-path results from the previous run, unchanged. The result is
bit-identical to a fresh :func:`ccsim.simulate` of the new scenario on the same seed
(``tests/present/test_whatif.py`` checks it): a guard compares the inputs the partial
run drew with the previous run's and falls back to a whole run if any differs.

Examples
--------
>>> import ccsim
>>> sc = ccsim.default_scenario().with_overrides({"offshore.staffing.price_per_hour": 11.0})
>>> first = ccsim.simulate(sc, 256, seed=1, keep_monthly=False, progress=False)
>>> options_reached(sc, ["offshore.staffing.price_per_hour"])
('offshore',)
>>> res = rerun(first, sc.with_overrides({"offshore.staffing.price_per_hour": 9.0}),
...             ["offshore.staffing.price_per_hour"])
>>> res.meta["recomputed_options"]
['offshore']
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Collection
from typing import Any

import numpy as np

from ccsim.engine.chunk import run_chunk
from ccsim.errors import ScenarioError
from ccsim.result import Result
from ccsim.run.chunks import Assembler, blocks_per_chunk, n_blocks, plan
from ccsim.run.simulate import _check_reuse, simulate
from ccsim.sampling.streams import BLOCK, StreamCache
from ccsim.scenario import Scenario

__all__ = ["options_reached", "rerun"]

#: The option every vendor option's work returns to: not a vendor to re-tender to.
_IN_HOUSE = "in_house"


def options_reached(scenario: Scenario, inputs: Collection[str]) -> tuple[str, ...] | None:
    """The options whose per-path results a change of ``inputs``' values can move.

    An input of a vendor option reaches that option and, through re-tenders, every
    vendor option whose ``fallback`` chain leads to it. ``None`` (every option) when an
    input is not a numeric input of a vendor option: a shared input (demand, service,
    staff, customers...), an in-house option's, or a decision (``vendor_share``,
    ``routing``, ``fallback``).

    Returns
    -------
    tuple of str or None
        The options reached, in the scenario's order.
    """
    names = scenario.option_names
    reached: set[str] = set()
    for p in inputs:
        head, _, rest = p.partition(".")
        if head not in names or not scenario.option(head).is_vendor \
                or rest in ("vendor_share", "routing", "fallback", "location", "name"):
            return None
        reached.add(head)
    grow = True
    while grow:
        more = {o.name for o in scenario.options
                if o.is_vendor and o.fallback in reached and o.name not in reached}
        reached |= more
        grow = bool(more)
    return tuple(o for o in names if o in reached)


def _run_set(scenario: Scenario, reached: tuple[str, ...]) -> list[str]:
    """The options a partial run needs: those reached and the vendors their work
    re-tenders to (their rows read them)."""
    need = set(reached)
    todo = list(reached)
    while todo:
        fb = scenario.option(todo.pop()).fallback
        if fb != _IN_HOUSE and fb not in need and fb in scenario.option_names:
            need.add(fb)
            todo.append(fb)
    return [o for o in scenario.option_names if o in need]


def _partial(sub: Scenario, previous: Result, reuse: StreamCache | None) -> Result:
    """Simulate ``sub`` (vendor options only) on the previous run's seed and paths, with
    ``local_jobs_removed`` measured against the previous run's first in-house option
    (its mean headcount, path by path; the month-0 headcount without one)."""
    n, root = previous.n_paths, previous.seed
    _check_reuse(reuse, root, "serial", True)  # simulate's check: a cache of this seed
    ref_name = next((o.name for o in previous.scenario.options if not o.is_vendor), None)
    ref = None
    if ref_name is not None:
        base = previous.outputs["headcount_in_house_mean"][previous.options.index(ref_name)]
        ref = np.pad(base, (0, n_blocks(n) * BLOCK - n), mode="edge")  # whole blocks
    asm = Assembler(sub, root, n)
    for b0, b1 in plan(n):
        asm.add(run_chunk(sub, root, b0, b1, False, "mc", reuse,
                          None if ref is None else ref[b0 * BLOCK:b1 * BLOCK]))
    return asm.result(n, meta={"sampler": "mc", "chunk_blocks": blocks_per_chunk(None),
                               "backend": "serial"})


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)


def rerun(previous: Result, scenario: Scenario, changed: Collection[str], *,
          reuse: StreamCache | None = None) -> Result:
    """``simulate(scenario, previous.n_paths, seed=previous.seed, keep_monthly=False)``,
    simulating only the options the change reaches.

    Parameters
    ----------
    previous
        A result of Monte Carlo sampling (``sampler="mc"``) without monthly data, of a
        scenario that differs from ``scenario`` only in the values of ``changed``.
    scenario
        The scenario to simulate.
    changed
        Dotted paths of the inputs whose fixed values differ from ``previous.scenario``'s.
    reuse
        A :class:`ccsim.sampling.streams.StreamCache` of the seed (see
        :func:`ccsim.simulate`).

    Returns
    -------
    Result
        Bit-identical to the fresh run; ``meta["recomputed_options"]`` lists the
        options simulated (all of them when the change reaches every option, the
        scenario has rank correlations across the options left out, or the inputs drawn
        by the partial run are not the previous run's).

    Raises
    ------
    ValueError
        When ``scenario`` is not ``previous.scenario`` with ``changed`` set to other
        values.
    """
    changed = list(changed)
    values = {p: scenario.get(p) for p in changed}
    if previous.scenario.with_overrides(values) != scenario:
        raise ValueError("rerun: scenario must be the previous result's scenario with only "
                         f"the inputs {changed} set to other values")
    t0 = time.perf_counter()
    n, root = previous.n_paths, previous.seed
    sampler = previous.meta.get("sampler", "mc")

    def whole() -> Result:
        res = simulate(scenario, n, seed=root, keep_monthly=False, progress=False,
                       sampler=sampler, reuse=reuse)
        res.meta["recomputed_options"] = list(scenario.option_names)
        return res

    reached = options_reached(scenario, changed)
    if reached is None or sampler != "mc" or previous.monthly_data is not None \
            or not all(_is_number(v) and _is_number(previous.scenario.get(p))
                       for p, v in values.items()):
        return whole()
    keep = _run_set(scenario, reached)
    drop = [o for o in scenario.option_names if o not in keep]
    if not drop:
        return whole()
    if any(c[0].split(".")[0] in drop or c[1].split(".")[0] in drop
           for c in scenario.correlations):
        return whole()  # leaving those options out would change the kept inputs' draws
    try:  # the options kept hold every fallback they name: a valid scenario
        sub = dataclasses.replace(scenario, options=tuple(
            o for o in scenario.options if o.name in keep))
    except ScenarioError:
        return whole()
    part = _partial(sub, previous, reuse)
    # the partial run must have drawn exactly the inputs the whole run draws
    if any(k not in previous.inputs or not np.array_equal(v, previous.inputs[k])
           for k, v in part.inputs.items()):
        return whole()
    rows = [scenario.option_names.index(o) for o in reached]
    sub_rows = [sub.option_names.index(o) for o in reached]
    outputs = {}
    for k, v in previous.outputs.items():
        out = v.copy()
        out[rows] = part.outputs[k][sub_rows]
        outputs[k] = out
    inputs = {k: v.copy() for k, v in previous.inputs.items()}
    meta = {**part.meta, "recomputed_options": list(reached)}
    return Result(scenario, n, root, outputs, inputs, None, time.perf_counter() - t0, meta)
