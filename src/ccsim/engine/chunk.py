"""The engine: a monthly loop over ``(option, path)`` arrays, in chunks of paths.

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

from ccsim.mechanisms import (
    attrition,
    breach,
    churn,
    contract,
    demand,
    handle_time,
    pricing,
    quality,
    satisfaction,
    staffing,
    tco,
)
from ccsim.mechanisms import (
    golive as golive_k,
)
from ccsim.outputs import COST_COMPONENTS, CUSTOMER_COMPONENTS, MONTHLY_METRICS
from ccsim.sampling.inputs import draw_inputs
from ccsim.sampling.streams import BLOCK, ChunkStreams, SeedRoot
from ccsim.scenario import Scenario
from ccsim.scenario.parts import PRICING_MODELS

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


class _Params:
    """Parameter lookup for a chunk: constants as floats, drawn inputs as ``(P,)``."""

    def __init__(self, scenario: Scenario, draws: dict[str, F], n_paths: int) -> None:
        self.sc = scenario
        self.draws = draws
        self.P = n_paths

    def __call__(self, path: str) -> Any:
        if path in self.draws:
            return self.draws[path]
        return float(self.sc.get(path))

    def opt(self, sub: str, neutral: float) -> F:
        """``(O, P)`` array of an option parameter; ``neutral`` for in-house options."""
        rows = []
        for o in self.sc.options:
            if o.is_vendor:
                rows.append(np.broadcast_to(np.asarray(self(f"{o.name}.{sub}"), float), (self.P,)))
            else:
                rows.append(np.full(self.P, neutral))
        return np.stack(rows)

    def unit_price(self) -> F:
        """``(O, P)`` base price per billed unit of each option's pricing model."""
        key = {"per_hour": "staffing.price_per_hour", "per_fte": "contract.price_per_fte_month",
               "per_call": "contract.price_per_call", "per_minute": "contract.price_per_minute"}
        rows = []
        for o in self.sc.options:
            if o.is_vendor:
                assert o.contract is not None
                sub = key[o.contract.pricing]
                rows.append(np.broadcast_to(np.asarray(self(f"{o.name}.{sub}"), float), (self.P,)))
            else:
                rows.append(np.zeros(self.P))
        return np.stack(rows)


def run_chunk(
    scenario: Scenario,
    root: SeedRoot,
    block_start: int,
    block_stop: int,
    keep_monthly: bool = True,
    sampler: Any = "mc",
) -> ChunkOutput:
    """Simulate the paths of blocks ``[block_start, block_stop)`` for every option.

    Pure: the output depends only on the arguments. Shapes: per-month working arrays
    are ``(O, P)``; shared per-path inputs are ``(P,)`` and broadcast over options.
    The work is split in two: :func:`draw_chunk` draws every random number the chunk
    uses (the benchmark's "floor") and :func:`compute_chunk` runs the model on them.
    """
    draws, rnd = draw_chunk(scenario, ChunkStreams(root, block_start, block_stop), sampler)
    return compute_chunk(scenario, draws, rnd, keep_monthly)


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
    p = _Params(scenario, draws, P)
    d = scenario.demand
    mult = demand.season_trend(
        T, np.broadcast_to(p("demand.trend_annual"), (P,)),
        np.broadcast_to(p("demand.seasonal_amplitude"), (P,)), int(d.peak_month), int(d.start_month),
    )
    mean_v, forecast = demand.expected_volume(
        np.broadcast_to(p("demand.base_volume"), (P,)), mult,
        np.broadcast_to(p("demand.shock_sd"), (P,)), np.broadcast_to(p("demand.shock_ar1"), (P,)),
        st.normal("demand.shock", T),
    )
    od = np.broadcast_to(np.asarray(p("demand.overdispersion"), float), (P,))
    rnd: dict[str, F] = {"forecast": forecast}
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
    scenario: Scenario, draws: dict[str, F], rnd: dict[str, F], keep_monthly: bool = True
) -> ChunkOutput:
    """Run the model on pre-drawn random numbers (see :func:`draw_chunk`).

    Deterministic: the output depends only on the arguments.
    """
    P, T = rnd["fresh"].shape[1], scenario.horizon
    opts = scenario.options
    n_opt = len(opts)
    p = _Params(scenario, draws, P)

    # ---------------------------------------------------------------- inputs
    sv = scenario.service
    aht_s, target_sl, target_t = p("service.aht_s"), p("service.target_sl"), p("service.target_time_s")
    patience, shrink = p("service.patience_s"), p("service.shrinkage")
    open_h, busy_f = p("service.open_hours_per_month"), p("service.busy_hour_factor")
    sched, paid_h = p("service.schedule_factor"), p("service.paid_hours_per_month")
    del sv

    s_cost = p("staff.hourly_cost")
    s_att = p("staff.attrition_annual")
    s_hire, s_class = p("staff.cost_per_hire"), p("staff.classroom_weeks")
    s_load, s_mgr = p("staff.benefits_load"), p("staff.manager_hourly_cost")
    s_seat, s_lic = p("staff.seat_cost_annual"), p("staff.licence_per_seat_month")
    s_commit, s_sublet = p("staff.commitments_months_left"), p("staff.sublet_recovery")
    s_lag = p("staff.hiring_lag_months")
    s_ramp = p("staff.ramp_weeks")
    s_nh = p("staff.new_hire_aht_factor")
    s_gap = p("staff.new_hire_quality_gap")
    s_fcr = p("staff.fcr")
    s_trend = p("staff.tech_trend_annual")
    s_sd = p("staff.aht_noise_sd")
    s_sev = p("staff.severance_months")
    s_mult = p("staff.survivor_attrition_multiplier")
    s_dip = p("staff.morale_productivity_dip")
    s_morale = p("staff.morale_months")
    s_mgmt = p("staff.mgmt_hours_per_agent")

    c_d, c_wu = p("customers.defect_resolved"), p("customers.unresolved_factor")
    c_wa, c_gam = p("customers.abandoned_factor"), p("customers.csat_elasticity")
    c_margin, c_years = p("customers.annual_margin"), p("customers.margin_years")
    c_beyond = p("customers.beyond_horizon")
    cs_ref, fcr_ref = p("satisfaction.csat_ref"), p("satisfaction.fcr_ref")
    fcr_slope, sl_slope = p("satisfaction.fcr_slope"), p("satisfaction.sl_slope")
    q_floor = p("satisfaction.quality_floor")
    b_annual, b_cpr = p("breach.annual_prob"), p("breach.cost_per_record")
    b_dip, b_months = p("breach.csat_dip"), p("breach.dip_months")
    rate = p("finance.discount_rate_annual")

    is_vendor = np.array([o.is_vendor for o in opts])[:, None]
    vshare = np.array([float(o.vendor_share) for o in opts])[:, None]
    onshore = np.array([o.location == "onshore" for o in opts])[:, None]

    price0 = p.opt("staffing.price_per_hour", 0.0)
    lag_w = p.opt("staffing.scaling_lag_weeks", 0.0)
    v_att = attrition.monthly_rate(p.opt("staffing.attrition_annual", 0.0))
    v_att_sd = p.opt("staffing.attrition_noise_sd", 0.0)
    v_ramp = p.opt("staffing.ramp_weeks", 0.0)
    v_nh = p.opt("staffing.new_hire_aht_factor", 1.0)
    b_mult = p.opt("staffing.breach_multiplier", 1.0)
    l_aht = p.opt("language.aht_factor", 1.0)
    l_fcr = p.opt("language.fcr_factor", 1.0)
    l_pen = p.opt("language.csat_penalty", 0.0)
    q_init = p.opt("quality.initial", 1.0)
    q_target = p.opt("quality.target", 1.0)
    q_over = p.opt("quality.oversight", 0.0)
    q_fixed = p.opt("quality.fixed_hours_full", 0.0)
    q_hours = p.opt("quality.hours_per_agent_full", 0.0)
    q_decay = p.opt("quality.decay_rate", 0.0)
    q_rec = p.opt("quality.recovery_rate", 0.0)
    q_sd = p.opt("quality.noise_sd", 0.0)
    q_sh = p.opt("quality.shared_agent_share", 0.0)
    q_shp = p.opt("quality.shared_agent_penalty", 0.0)
    q_gap = p.opt("quality.new_agent_gap", 0.0)
    c_term = p.opt("contract.term_months", 0.0)
    c_min = p.opt("contract.min_commitment", 0.0)
    c_esc = p.opt("contract.escalator_annual", 0.0)
    c_fee = p.opt("contract.exit_fee_months", 0.0)
    c_thr = p.opt("contract.exit_threshold", 0.0)
    c_after = p.opt("contract.exit_after_months", 1.0)
    c_unenf = p.opt("contract.p_unenforceable", 0.0)
    c_notice = p.opt("contract.notice_months", 0.0)
    c_switch = p.opt("contract.switching_cost_months", 0.0)
    c_dip = p.opt("contract.transition_dip", 0.0)
    code = np.array(
        [PRICING_MODELS.index(o.contract.pricing) if o.contract is not None and o.is_vendor else 0
         for o in opts]
    )[:, None]
    unit0 = p.unit_price()
    c_b1u, c_b1d = p.opt("contract.band_1_units", math.inf), p.opt("contract.band_1_discount", 0.0)
    c_b2u, c_b2d = p.opt("contract.band_2_units", math.inf), p.opt("contract.band_2_discount", 0.0)
    c_slac, c_slab = p.opt("contract.sla_credit_share", 0.0), p.opt("contract.sla_bonus_share", 0.0)
    c_risk, c_tol = p.opt("contract.sla_at_risk", 0.0), p.opt("contract.sla_tolerance", 0.0)
    c_slaq, c_grace = p.opt("contract.sla_quality_target", 0.0), p.opt("contract.sla_grace_months", 0.0)
    c_cola, c_wage = p.opt("contract.cola_share", 0.0), p.opt("contract.wage_inflation_annual", 0.0)
    c_fxd, c_fxs = p.opt("contract.fx_drift_annual", 0.0), p.opt("contract.fx_sd_annual", 0.0)
    c_tr0 = p.opt("contract.initial_training_billed", 0.0)
    c_tr1 = p.opt("contract.replacement_training_billed", 0.0)
    v_train = p.opt("staffing.training_hours", 0.0)
    h_factor = l_aht * p.opt("handle_time.tech_factor", 1.0)
    h_trend = p.opt("handle_time.tech_trend_annual", 0.0)
    h_sd = p.opt("handle_time.noise_sd", 0.0)
    lead = p.opt("setup.lead_months", 0.0)
    setup_m = p.opt("setup.cost_months", 0.0)

    golive = golive_k.golive_month(lead, is_vendor)
    morale_end = np.where(is_vendor, golive + s_morale, -1.0)

    # ---------------------------------------------------------------- random numbers
    forecast, fresh = rnd["forecast"], rnd["fresh"]
    callback = p("demand.callback_rate")
    z_aht_ih, u_leave, u_breach = rnd["z_aht_ih"], rnd["u_leave"], rnd["u_breach"]
    rec_dist = scenario.breach.records
    u_rec = rnd["u_rec"]
    z_q, z_aht_v, z_att_v = rnd["z_q"], rnd["z_aht_v"], rnd["z_att_v"]
    enforceable = rnd["u_enforce"] >= c_unenf
    # log US$ value of the local currency after y contract years (y = 0, 1, ...)
    z_fx = rnd["z_fx"]
    years = np.arange(z_fx.shape[0], dtype=float)[:, None, None]
    fx_cum = np.concatenate([np.zeros((1, *z_fx.shape[1:])), np.cumsum(z_fx[1:], axis=0)])
    fx_path = years * c_fxd + c_fxs * fx_cum  # (Y, O, P)
    def_ss = pricing.steady_state_deficit(v_att, v_ramp)
    seat_month = s_seat / 12.0 + s_lic

    # ---------------------------------------------------------------- state
    shape = (n_opt, P)
    p_ih0 = attrition.monthly_rate(s_att)
    keep_ih = np.exp(-2.0 / np.maximum(s_ramp / attrition.WEEKS_PER_MONTH, 1e-9))
    def_ih = np.broadcast_to(np.minimum(1.0, p_ih0 / (1.0 - keep_ih)), shape).copy()
    u0 = 1.0 - s_fcr
    repeat = np.broadcast_to(forecast[0] * callback * u0 / (1.0 - callback * u0), shape).copy()
    if scenario.staff.headcount is None:
        # the current operation is staffed to its month-0 plan (all calls in-house)
        aht0 = handle_time.handle_time(aht_s, 1.0, s_trend, 0, def_ih[0], s_nh, 0.0, s_sd, None)
        n0 = staffing.plan_agents(
            staffing.busy_hour_rate(forecast[0] + repeat[0], busy_f, open_h), aht0, target_sl, target_t
        )
        H0 = np.ceil(staffing.fte_for_agents(n0, open_h, sched, paid_h, shrink) - 1e-9)
    else:
        H0 = np.full(P, float(scenario.staff.headcount))
    H = np.broadcast_to(H0, shape).copy()
    def_v = np.zeros(shape)
    q = q_init.copy()
    below = np.zeros(shape)
    requested = np.zeros(shape, dtype=bool)
    switch_at = np.full(shape, np.inf)
    committed = np.zeros(shape)
    dip_until = np.full(shape, -1.0)
    hires_prev = np.zeros(shape)

    npv = {c: np.zeros(shape) for c in COST_COMPONENTS}
    acc = {
        k: np.zeros(shape)
        for k in (
            "csat", "sl", "fcr", "headcount", "quality", "offered", "abandoned", "locked",
            "breaches", "customers_lost", "mgmt_freed", "oversight_hours",
            "op_cash", "handled", "fees", "governance",
        )
    }
    exited = np.zeros(shape, dtype=bool)
    mon = (
        {k: np.empty((T, n_opt, P), dtype=np.float32) for k in MONTHLY_METRICS} if keep_monthly else None
    )
    csat_final = np.zeros(shape)
    local_final = np.zeros(shape)

    # ---------------------------------------------------------------- monthly loop
    for t in range(T):
        live = is_vendor & (t >= golive) & (t < switch_at)
        first = live & (t == golive)
        share = np.where(live, vshare, 0.0)
        share_plan_ih = np.where(requested & (t + s_lag >= switch_at), 0.0, share)
        def_v = np.where(first, 1.0, def_v)

        V = fresh[t] + repeat
        Vf = forecast[t] + repeat
        V_ih, V_v = V * (1.0 - share), V * share
        Vf_ih, Vf_v = Vf * (1.0 - share_plan_ih), Vf * share

        morale = t < morale_end
        dip = np.where(morale, s_dip, 0.0)

        # handle time (C5, C10, C16, C20, C22)
        aht_ih_plan = handle_time.handle_time(aht_s, 1.0, s_trend, t, def_ih, s_nh, dip, s_sd, None)
        aht_ih = handle_time.handle_time(aht_s, 1.0, s_trend, t, def_ih, s_nh, dip, s_sd, z_aht_ih[t])
        aht_v_plan = handle_time.handle_time(aht_s, h_factor, h_trend, t, def_v, v_nh, 0.0, h_sd, None)
        aht_v = handle_time.handle_time(aht_s, h_factor, h_trend, t, def_v, v_nh, 0.0, h_sd, z_aht_v[t])

        # in-house staffing and service (C7)
        n_plan_ih = staffing.plan_agents(
            staffing.busy_hour_rate(Vf_ih, busy_f, open_h), aht_ih_plan, target_sl, target_t
        )
        target_H = np.ceil(staffing.fte_for_agents(n_plan_ih, open_h, sched, paid_h, shrink) - 1e-9)
        # hires spend their first classroom weeks paid but off the phones (tco)
        n_ih = staffing.agents_present(
            H - tco.classroom_fte(hires_prev, s_class), open_h, sched, paid_h, shrink
        )
        sl_ih, ab_ih = staffing.realise(
            staffing.busy_hour_rate(V_ih, busy_f, open_h), aht_ih, n_ih, patience, target_t
        )

        # vendor staffing and service (C7, C21)
        n_plan_v = staffing.plan_agents(
            staffing.busy_hour_rate(Vf_v, busy_f, open_h), aht_v_plan, target_sl, target_t
        )
        n_v = staffing.vendor_agents(n_plan_v, V_v, Vf_v, lag_w)
        sl_v, ab_v = staffing.realise(
            staffing.busy_hour_rate(V_v, busy_f, open_h), aht_v, n_v, patience, target_t
        )
        hours_v = n_v * open_h * sched
        fte_v = np.where(live, hours_v / (paid_h * (1.0 - shrink)), 0.0)

        # contract billing (C1, C13; mechanisms/pricing.py)
        handled_v = V_v * (1.0 - ab_v)
        if first.any():
            # the minimum commitment is fixed on the steady-state plan, not on the
            # go-live month when every agent is new
            aht_ss = handle_time.handle_time(aht_s, h_factor, h_trend, t, def_ss, v_nh, 0.0, h_sd, None)
            n_ss = staffing.plan_agents(
                staffing.busy_hour_rate(Vf_v, busy_f, open_h), aht_ss, target_sl, target_t
            )
            h_ss = n_ss * open_h * sched
            plan_units = pricing.billed_units(
                code, h_ss, h_ss / (paid_h * (1.0 - shrink)), Vf_v, Vf_v * aht_ss / 60.0
            )
            committed = np.where(first, plan_units, committed)
        months_live = t - golive
        in_term = live & (months_live < c_term)
        units = pricing.billed_units(code, hours_v, fte_v, handled_v, handled_v * aht_v / 60.0)
        billed = pricing.billable_units(units, committed, c_min, in_term)
        yr = np.clip(np.floor(np.maximum(months_live, 0.0) / 12.0), 0, fx_path.shape[0] - 1)
        yr_idx = np.broadcast_to(yr.astype(np.intp), shape)[None]
        fx_t = np.take_along_axis(fx_path, yr_idx, axis=0)[0]
        index = pricing.price_index(months_live, c_esc, c_cola, c_wage, fx_t)
        fees = np.where(
            live, pricing.tiered_charge(billed, unit0 * index, c_b1u, c_b1d, c_b2u, c_b2d), 0.0
        )
        gov_hours = np.where(live, tco.governance_hours(q_over, q_hours, fte_v, q_fixed), 0.0)
        oversight_cost = gov_hours * s_mgr  # C3, C8, C12: retained organisation
        setup_cost = np.where(first, setup_m * fees, 0.0)  # C2

        # quality (C3, C9, C12, C14, C17, C18, C19)
        upd = live & (t > golive)
        q = np.where(upd, quality.quality_step(q, q_over, q_decay, q_rec, q_target, q_sd, z_q[t]), q)
        notice = requested & live
        q_eff_v = quality.effective_quality(q, q_sh, q_shp, def_v, q_gap, np.where(notice, c_dip, 0.0))
        q_eff_ih = (1.0 - s_gap * def_ih) * (1.0 - dip)
        sla = pricing.sla_adjustment(
            fees, sl_v, target_sl, q_eff_v, c_slaq, c_tol, c_slac, c_slab, c_risk,
            live & (months_live >= c_grace),
        )
        fcr_ih = quality.first_contact_resolution(s_fcr, 1.0, q_floor, q_eff_ih)
        fcr_v = quality.first_contact_resolution(s_fcr, l_fcr, q_floor, q_eff_v)

        # data breach (C11)
        p_b = breach.breach_probability(b_annual, share, b_mult)
        # records are turned into numbers only on paths with an event (the ppf is costly)
        rec_t = np.zeros(P)
        hit = np.flatnonzero((u_breach[t] < p_b).any(axis=0))
        if hit.size:
            rec_t[hit] = (
                np.asarray(rec_dist.ppf(u_rec[t, hit]), float) if hasattr(rec_dist, "ppf")
                else float(rec_dist)
            )
        ev, b_loss = breach.breach_events(u_breach[t], p_b, rec_t, b_cpr)
        dip_until = np.where(ev, t + b_months, dip_until)
        b_pen = np.where(t < dip_until, b_dip, 0.0)

        # satisfaction and churn (C10, C23, C24)
        handled_ih = V_ih * (1.0 - ab_ih)
        cs_ih = satisfaction.csat(cs_ref, fcr_ih, fcr_ref, fcr_slope, sl_ih, target_sl, sl_slope, b_pen)
        cs_v = satisfaction.csat(
            cs_ref, fcr_v, fcr_ref, fcr_slope, sl_v, target_sl, sl_slope, l_pen + b_pen
        )
        handled = handled_ih + handled_v
        safe_h = np.where(handled > 0, handled, 1.0)
        cs = np.where(handled > 0, (cs_ih * handled_ih + cs_v * handled_v) / safe_h, cs_ih)
        fcr_t = np.where(handled > 0, (fcr_ih * handled_ih + fcr_v * handled_v) / safe_h, fcr_ih)
        # one mapping from a contact's experience to defection (mechanisms/churn.py)
        g_v = l_pen + b_pen  # CSAT points lost to accent and breach news, not resolution
        lost = churn.customers_lost(handled_ih, fcr_ih, V_ih * ab_ih, c_d, c_wu, c_wa, b_pen, b_pen, c_gam)
        lost = lost + churn.customers_lost(handled_v, fcr_v, V_v * ab_v, c_d, c_wu, c_wa, g_v, b_pen, c_gam)
        churn_cost = lost * churn.margin_value(c_margin, c_years, rate, T - 1.0 - t, c_beyond)
        unresolved = V_ih * ab_ih + handled_ih * (1.0 - fcr_ih) + V_v * ab_v + handled_v * (1.0 - fcr_v)

        # exit (C13, C21)
        acc["locked"] += requested & live
        dec = contract.exit_decision(
            t, q_eff_v, live, requested, below, c_thr, c_after, golive, c_term, c_notice, enforceable
        )
        below = dec.below
        exit_fee = np.where(dec.fee_due, c_fee * fees, 0.0)
        switch_cost = np.where(dec.trigger, c_switch * fees, 0.0)
        switch_at = np.where(dec.trigger, dec.switch_month, switch_at)
        requested = requested | dec.trigger
        exited |= dec.trigger

        # in-house attrition, hiring, layoffs (C16, C22)
        p_ih = np.minimum(1.0 - 1e-12, p_ih0 * np.where(morale, s_mult, 1.0))
        leavers = attrition.binomial_inverse(H, p_ih, u_leave[t])
        H_next, hires, layoffs = staffing.inhouse_step(H, target_H, leavers, s_lag, first)
        labour = H * (paid_h * s_cost + s_mgmt * s_mgr)  # agents' pay and supervision
        facilities = tco.seat_cost(H, s_seat, s_lic)
        stranded = tco.stranded_cost(H0, H, t, s_commit, seat_month, s_sublet, is_vendor & (t >= golive))
        hiring = hires * s_hire
        severance = tco.severance_cost(layoffs, s_sev, paid_h, s_cost, s_load)

        # vendor attrition -> new agents (C6, C14)
        v_leave = attrition.vendor_leaver_share(v_att, v_att_sd, z_att_v[t])
        def_v = np.where(live, attrition.ramp_deficit(def_v, v_leave, v_ramp), def_v)
        hourly = price0 * index
        training = np.where(
            live,
            np.where(first, tco.vendor_training_fee(fte_v, v_train, hourly, c_tr0),
                     tco.vendor_training_fee(v_leave * fte_v, v_train, hourly, c_tr1)),
            0.0,
        )

        # costs, in the order of ccsim.outputs.COST_COMPONENTS
        comps = (
            labour, facilities, fees, sla, oversight_cost, hiring + training,
            setup_cost + switch_cost, severance, exit_fee, stranded, b_loss, churn_cost,
        )
        df = np.power(1.0 + rate, -(t + 1.0) / 12.0)
        for name, c in zip(COST_COMPONENTS, comps, strict=True):
            npv[name] += c * df

        # side outputs (C8, C12, C15) and accumulators
        headcount = H + fte_v
        offered = V_ih + V_v
        q_opt = (q_eff_ih * V_ih + np.where(live, q_eff_v, 0.0) * V_v) / np.where(offered > 0, offered, 1.0)
        sl_opt = (sl_ih * V_ih + sl_v * V_v) / np.where(offered > 0, offered, 1.0)
        acc["csat"] += cs
        acc["sl"] += sl_opt
        acc["fcr"] += fcr_t
        acc["headcount"] += headcount
        acc["quality"] += q_opt
        acc["offered"] += offered
        acc["abandoned"] += V_ih * ab_ih + V_v * ab_v
        acc["breaches"] += ev
        acc["customers_lost"] += lost
        acc["mgmt_freed"] += np.maximum(0.0, H0 - H) * s_mgmt
        acc["oversight_hours"] += gov_hours
        acc["op_cash"] += sum(comps[:-1])
        acc["handled"] += handled_ih + handled_v
        acc["fees"] += fees * df
        acc["governance"] += oversight_cost * df
        if mon is not None:
            mon["cost"][t] = sum(comps)  # the month's undiscounted cost
            mon["csat"][t] = cs
            mon["quality"][t] = q_opt
            mon["service_level"][t] = sl_opt
            mon["headcount"][t] = headcount
        if t == T - 1:
            csat_final = cs
            local_final = H_next + np.where(onshore, fte_v, 0.0)

        # next month
        repeat = callback * unresolved
        def_ih = attrition.ramp_deficit(def_ih, hires / np.maximum(H_next, 1.0), s_ramp)
        H = H_next
        hires_prev = hires

    customer = sum(npv[c] for c in CUSTOMER_COMPONENTS)
    operating = sum(v for k, v in npv.items() if k not in CUSTOMER_COMPONENTS)
    out: dict[str, F] = {"npv_cost": operating + customer}  # type: ignore[dict-item]
    out["operating_cost"] = operating  # type: ignore[assignment]
    out["customer_cost"] = customer  # type: ignore[assignment]
    out.update(npv)
    out.update(
        csat_mean=acc["csat"] / T,
        csat_final=csat_final,
        service_level_mean=acc["sl"] / T,
        abandon_rate=acc["abandoned"] / np.where(acc["offered"] > 0, acc["offered"], 1.0),
        fcr_mean=acc["fcr"] / T,
        quality_mean=acc["quality"] / T,
        headcount_mean=acc["headcount"] / T,
        exited=exited.astype(np.float64),
        locked_in_months=acc["locked"],
        breaches=acc["breaches"],
        customers_lost=acc["customers_lost"],
        local_jobs_removed=H0 - local_final,
        mgmt_hours_freed=acc["mgmt_freed"] / T,
        oversight_hours=acc["oversight_hours"] / T,
        governance_share=acc["governance"] / np.where(acc["fees"] > 0, acc["fees"], 1.0),
        cost_per_call=acc["op_cash"] / np.where(acc["handled"] > 0, acc["handled"], 1.0),
    )
    monthly = None
    if mon is not None:
        monthly = {k: np.ascontiguousarray(v.transpose(1, 2, 0)) for k, v in mon.items()}
    return ChunkOutput(paths=out, inputs=draws, monthly=monthly)
