"""The engine: a monthly loop over ``(option, path)`` arrays, in chunks of paths.

A chunk is run in five pieces: :mod:`ccsim.engine.params` (the scenario's parameters,
typed and named like the scenario, built once), :mod:`ccsim.engine.fixed` (what is
settled before month 0, the per-chunk constants included, and the month-0 state),
:mod:`ccsim.engine.state` (what one month hands to the next), :mod:`ccsim.engine.month`
(the month step: plan, answer, invoice, experience, decide, people, book, each a
sequence of :mod:`ccsim.mechanisms` kernel calls) and :mod:`ccsim.engine.ledger`
(costs, discounting, running means and monthly trajectories). The model itself lives in the mechanisms.

:func:`ccsim.simulate` (in :mod:`ccsim.run.simulate`) splits the paths into chunks of whole
random-number blocks (:data:`ccsim.sampling.streams.BLOCK` paths each) and runs :func:`run_chunk`
on each. :func:`run_chunk` is a pure function of
``(scenario, seed root, block range)``, so serial, process and Dask backends give
bit-identical results for any chunk size.

Memory: a chunk holds ``O x P x T`` float64 working arrays for a handful of pre-drawn
streams (``P`` the chunk's paths); a run keeps only the per-path results
(``O x n_paths`` per output) and, if ``keep_monthly``, the monthly trajectories of five
metrics as float32 (``5 x O x n_paths x T``).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ccsim.engine import checks, month, params, retender
from ccsim.engine.ledger import Ledger
from ccsim.mechanisms import demand, routing
from ccsim.outputs import COST_COMPONENTS, MONTHLY_METRICS
from ccsim.sampling.inputs import draw_inputs
from ccsim.sampling.streams import BLOCK, ChunkStreams, SeedRoot, StreamCache
from ccsim.scenario import Scenario

__all__ = [
    "COST_COMPONENTS",
    "DEFAULT_CHUNK",
    "MONTHLY_METRICS",
    "ChunkOutput",
    "compute_chunk",
    "draw_chunk",
    "iter_chunks",
    "run_chunk",
]

F = NDArray[np.float64]

#: Default chunk size in paths (16 blocks).
DEFAULT_CHUNK = 16 * BLOCK


@dataclass
class ChunkOutput:
    """What one chunk returns: per-path arrays ``(O, P)``, inputs ``(P,)`` and,
    optionally, monthly arrays ``(O, P, T)`` (float32)."""

    paths: dict[str, F]
    inputs: dict[str, F]
    monthly: dict[str, NDArray[np.float32]] | None


def iter_chunks(n_paths: int, chunk_size: int | None) -> Iterator[tuple[int, int]]:
    """Block ranges ``(block_start, block_stop)`` covering ``n_paths`` paths.

    ``chunk_size`` is rounded up to a whole number of blocks.
    """
    n_blocks = math.ceil(n_paths / BLOCK)
    per = max(1, math.ceil((chunk_size or DEFAULT_CHUNK) / BLOCK))
    for b0 in range(0, n_blocks, per):
        yield b0, min(n_blocks, b0 + per)


def run_chunk(
    scenario: Scenario,
    root: SeedRoot,
    block_start: int,
    block_stop: int,
    keep_monthly: bool = True,
    sampler: Any = "mc",
    kept: StreamCache | None = None,
    reference: F | None = None,
) -> ChunkOutput:
    """Simulate the paths of blocks ``[block_start, block_stop)`` for every option.

    Pure: the output depends only on the arguments. Shapes: per-month working arrays
    are ``(O, P)``; shared per-path inputs are ``(P,)`` and broadcast over options.
    The work is split in two: :func:`draw_chunk` draws every random number the chunk
    uses (the benchmark's "floor") and :func:`compute_chunk` runs the model on them;
    :func:`ccsim.engine.checks.check_chunk` then raises
    :class:`ccsim.errors.ModelBlowUpError` if any output is not finite or out of bounds.
    ``kept`` (a :class:`~ccsim.sampling.streams.StreamCache` of ``root``) hands out the
    uniforms and normals an earlier run on the same seed drew: the same numbers, not
    drawn again. ``reference`` (the chunk's paths, ``(P,)``) is the in-house headcount
    ``local_jobs_removed`` is measured against when the scenario has no in-house option
    (:meth:`ccsim.engine.ledger.Ledger.outputs`; :func:`ccsim.run.rerun.rerun` passes the
    previous run's); ignored when it has one.
    """
    draws, rnd = draw_chunk(scenario, ChunkStreams(root, block_start, block_stop, kept), sampler)
    out = compute_chunk(scenario, draws, rnd, keep_monthly, reference)
    # no path returns a non-finite or out-of-bounds number: the engine names it instead
    checks.check_chunk(out.paths, out.monthly, scenario.option_names, block_start * BLOCK)
    return out


def draw_chunk(
    scenario: Scenario, st: ChunkStreams, sampler: Any = "mc"
) -> tuple[dict[str, F], dict[str, F]]:
    """Every random number a chunk uses: ``(inputs, streams)``.

    ``inputs`` holds the uncertain inputs, ``(P,)`` each; ``streams`` the monthly draws
    with paths on the last axis: ``(T, P)`` for shared streams, ``(T, O, P)`` for
    per-option ones, ``(O, P)`` for the per-contract uniform, plus the demand
    ``forecast`` ``(T, P)`` (deterministic given the draws). Slicing every array on its
    last axis gives the draws of a subset of paths, so :func:`compute_chunk` can also
    run one path at a time (the per-case benchmark).
    """
    P, T = st.n_paths, scenario.horizon
    opts = scenario.options
    draws = draw_inputs(scenario, st, sampler)
    d = params.build_part(params.Demand, "demand", scenario, draws)

    def per_path(x: Any) -> F:
        return np.broadcast_to(np.asarray(x, float), (P,))

    mult = demand.season_trend(
        n_months=T, trend_annual=per_path(d.trend_annual),
        amplitude=per_path(d.seasonal_amplitude), peak_month=int(d.peak_month),
        start_month=int(d.start_month),
    )
    mean_v, forecast = demand.expected_volume(
        base=per_path(d.base_volume), multiplier=mult, shock_sd=per_path(d.shock_sd),
        ar1=per_path(d.shock_ar1), z=st.normal("demand.shock", T),
    )
    od = per_path(d.overdispersion)
    rnd: dict[str, F] = {"forecast": forecast}
    # the planner hires a hiring lag ahead for the seasonal peak (C7)
    lag = per_path(params.lookup(scenario, draws, "staff.hiring_lag_months"))
    rnd["season_ahead"] = demand.season_ahead(multiplier=mult, lag=lag)
    # ... a peak hybrid for the calls it keeps: all but the vendor's excess share of the
    # peak months (routing.peak_share)
    peak = demand.in_peak_season(month=np.arange(T), peak_month=int(d.peak_month),
                                 start_month=int(d.start_month))[:, None]
    amp = per_path(d.seasonal_amplitude)
    season = np.stack([demand.season_factor(month=t, amplitude=amp, peak_month=int(d.peak_month),
                                            start_month=int(d.start_month)) for t in range(T)])
    rnd["season_ahead_kept"] = np.stack([
        demand.season_ahead(multiplier=mult * (1.0 - routing.peak_share(
            share=float(o.vendor_share), amplitude=amp, season=season) * peak), lag=lag)
        if o.is_vendor and o.routing == "peak" else np.ones((T, P))
        for o in opts
    ], axis=1)  # (T, O, P)
    rnd["fresh"] = st.per_block("demand.count", demand.draw_counts, mean_v, od)
    rnd["z_aht_ih"] = st.normal("staff.aht_noise", T)
    rnd["u_leave"] = st.uniform("staff.attrition", T)
    rnd["u_breach"] = st.uniform("breach.event", T)
    rnd["u_rec"] = st.uniform("breach.records", T)

    def vendor_stream(kind: str) -> F:
        rows = [st.normal(f"{o.name}/{kind}", T) if o.is_vendor else np.zeros((T, P)) for o in opts]
        return np.stack(rows, axis=1)  # (T, O, P)

    rnd["z_q"] = vendor_stream("quality.noise")
    rnd["z_aht_v"] = vendor_stream("aht.noise")
    rnd["z_att_v"] = vendor_stream("attrition.noise")
    n_years = T // 12 + 1
    rnd["z_fx"] = np.stack(
        [st.normal(f"fx/{o.location}", n_years) if o.is_vendor else np.zeros((n_years, P))
         for o in opts],
        axis=1,
    )  # (Y, O, P): yearly currency shocks, common to the options at one location
    rnd["u_enforce"] = np.stack(
        [st.uniform(f"{o.name}/contract.enforce") if o.is_vendor else np.ones(P) for o in opts]
    )
    return draws, rnd


def compute_chunk(
    scenario: Scenario, draws: dict[str, F], rnd: dict[str, F], keep_monthly: bool = True,
    reference: F | None = None,
) -> ChunkOutput:
    """Run the model on pre-drawn random numbers (see :func:`draw_chunk`).

    Deterministic: the output depends only on the arguments. The parameters are built
    once (:func:`ccsim.engine.params.build`), then :func:`ccsim.engine.month.step` runs
    month after month on the state, booking into a :class:`~ccsim.engine.ledger.Ledger`.
    """
    n_paths = rnd["fresh"].shape[1]
    prm = params.build(scenario, draws, n_paths)
    streams = params.Streams.from_dict(rnd)
    fixed, state = month.start(prm, streams)
    ledger = Ledger(
        (len(scenario.options), n_paths), prm.horizon, prm.finance.discount_rate_annual,
        keep_monthly,
    )
    view = retender.View(prm, fixed, streams)  # re-tendered rows read their new vendor
    for t in range(prm.horizon):
        state = retender.switch(t, prm=prm, s=state)
        p_t, fx_t, rnd_t = view(state)
        state = month.step(t, prm=p_t, fx=fx_t, s=state, rnd=rnd_t, ledger=ledger)
    in_house = [i for i, o in enumerate(scenario.options) if not o.is_vendor]
    paths = ledger.outputs(
        exit_requested=state.exit_requested | state.retendered,
        switch_month=np.where(state.retendered, state.vendor_start, state.switch_month),
        retendered=state.retendered,
        reference=in_house[0] if in_house else reference,
        initial_headcount=fixed.initial_headcount,
    )
    return ChunkOutput(paths=paths, inputs=draws, monthly=ledger.trajectories())
