"""Reference implementations of the ccsim model, for the speed comparisons.

* :func:`loop_model` -- the model written the plain way: a Python loop over paths,
  options and months on Python floats, with scalar queueing formulas (the Erlang B
  recursion, a linear staffing search, Erlang A from scalar incomplete gammas).
* :func:`case_model` -- the per-case style of general Monte Carlo frameworks: the
  engine's numpy model called once per case (one path, every option), as a model
  function is called by a framework that loops over cases.

Both take the random numbers the engine draws (:func:`ccsim.engine.draw_chunk`), so they
can be compared with the engine path by path: ``tests/engine/test_loop_model.py`` checks that
they reproduce the engine's per-path outputs, which implies that they agree with it in
distribution.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import special
from scipy.optimize import brentq

from ccsim.engine.chunk import COST_COMPONENTS, compute_chunk
from ccsim.scenario.model import Scenario

__all__ = [
    "LOOP_OUTPUTS",
    "case_model",
    "erlang_a_scalar",
    "erlang_b_scalar",
    "erlang_c_scalar",
    "loop_model",
    "required_agents_scalar",
]

F = NDArray[np.float64]
WEEKS_PER_MONTH = 52.0 / 12.0
SHORT_NOTICE_FLEX = 0.25  # a vendor adds at most a quarter of its plan at short notice

#: Per-path outputs :func:`loop_model` returns (same names and meaning as the engine's).
LOOP_OUTPUTS = (
    "npv_cost",
    "operating_cost",
    "incident_cost",
    "customer_cost",
    *COST_COMPONENTS,
    "csat_mean",
    "service_level_mean",
    "abandon_rate",
    "headcount_mean",
    "headcount_in_house_mean",
    "vendor_fte_mean",
    "occupancy_in_house",
    "occupancy_vendor",
    "exit_requested",
    "exit_completed",
    "exit_retendered",
    "months_with_vendor",
    "vendor_quality_mean",
    "vendor_csat_mean",
)


# ---------------------------------------------------------------- scalar queueing


def erlang_b_scalar(load: float, c: int) -> float:
    """Erlang B by the recursion ``B(n) = A B(n-1) / (n + A B(n-1))``, ``B(0) = 1``."""
    b = 1.0
    for n in range(1, int(c) + 1):
        b = load * b / (n + load * b)
    return b


def mmcd_scalar(lam: float, aht: float, c: int, tau: float, target_time: float
                ) -> tuple[float, float]:
    """``(share overflowing, share of the kept calls answered within target_time)`` of
    the M/M/c+D queue whose callers are passed on after waiting ``tau``, scalar.

    The virtual wait ``V`` has an atom ``E / Z`` at 0 and the density ``lam e^{d x} / Z``
    on ``(0, tau)`` (``d = lam - c / aht``), the rest ``lam e^{d tau} aht / (c Z)`` at
    ``tau`` and beyond: ``E = 1 / B(c - 1)``, ``Z`` the total (Mandelbaum & Zeltyn).
    """
    if lam <= 0:
        return 0.0, 1.0
    if c < 1:
        return 1.0, 1.0
    d = lam - c / aht
    e = 1.0 / erlang_b_scalar(lam * aht, c - 1)

    def waited(t: float) -> float:  # int_0^t e^{d x} dx
        return math.expm1(d * t) / d if d != 0 else t

    beyond = lam * math.exp(d * tau) * aht / c
    kept = e + lam * waited(tau)
    return beyond / (kept + beyond), (e + lam * waited(min(target_time, tau))) / kept


def erlang_c_scalar(load: float, c: int) -> float:
    """Erlang C from the Erlang B recursion; 1 where ``load >= c``."""
    if load >= c:
        return 1.0
    b = erlang_b_scalar(load, c)
    return min(1.0, c * b / (c - load * (1.0 - b)))


def required_agents_scalar(lam: float, aht: float, target_sl: float, target_time: float) -> int:
    """Smallest Erlang C staffing meeting the target, by a linear search upwards."""
    load = lam * aht
    n = math.floor(load) + 1
    b = erlang_b_scalar(load, n)
    while True:
        pw = min(1.0, n * b / (n - load * (1.0 - b)))
        if 1.0 - pw * math.exp(-(n - load) * target_time / aht) >= target_sl:
            return n
        n += 1
        b = load * b / (n + load * b)


def max_rate_scalar(c: float, aht: float, target_sl: float, target_time: float) -> float:
    """Largest arrival rate at which ``c`` agents meet the target (Erlang C), by bisection
    on ``[0, c / aht]`` with the Erlang B recursion (64 halvings)."""
    if c < 1:
        return 0.0
    lo, hi = 0.0, c / aht
    for _ in range(64):
        mid = 0.5 * (lo + hi)
        load = mid * aht
        sl = 1.0 - erlang_c_scalar(load, int(c)) * math.exp(-(c - load) * target_time / aht)
        if mid <= 0 or (load < c and sl >= target_sl):
            lo = mid
        else:
            hi = mid
    return lo


def _log_p(s: float, y: float) -> float:
    """``log P(s, y)`` (regularized lower incomplete gamma), series where it underflows."""
    p = float(special.gammainc(s, y))
    if p >= 1e-280:
        return math.log(p)
    total = term = 1.0
    k = 0
    while term > 1e-17 * total:
        k += 1
        term *= y / (s + k)
        total += term
    return s * math.log(y) - y - math.lgamma(s + 1.0) + math.log(total)


def erlang_a_scalar(
    lam: float, aht: float, c: int, patience: float, target_time: float
) -> tuple[float, float]:
    """``(service_level, p_abandon)`` of M/M/c+M, scalar (see :func:`ccsim.queueing.erlang_a`)."""
    if lam <= 0:
        return 1.0, 0.0
    if c < 1:
        return 0.0, 1.0
    load = lam * aht
    b = erlang_b_scalar(load, c)
    if math.isinf(patience):
        if load >= c:
            return 0.0, 0.0
        pw = min(1.0, c * b / (c - load * (1.0 - b)))
        return 1.0 - pw * math.exp(-(c - load) * target_time / aht), 0.0
    theta = 1.0 / patience
    x = c / (aht * theta)
    y = lam / theta
    logp = _log_p(x, y)
    try:
        r = min(math.exp(x * math.log(y) - y - math.lgamma(x + 1.0) - logp), 1.0)
    except OverflowError:
        r = 1.0
    d = r + (1.0 - r) * b
    p_wait = b / d
    p_nowait = (1.0 - b) * r / d
    ratio_inf = (x / y) * (1.0 - r)
    late = 0.0
    if math.isfinite(target_time):
        late = math.exp(_log_p(x + 1.0, y * math.exp(-theta * target_time)) - logp)
    within = (x / y) * max((1.0 - r) - late, 0.0)
    sl = min(p_nowait + p_wait * within, 1.0)
    pab = min(max(p_wait * (1.0 - ratio_inf), 0.0), 1.0)
    return sl, pab


def _binomial_inverse(n: float, p: float, u: float) -> float:
    if n <= 0 or p <= 0:
        return 0.0
    ratio = p / (1.0 - p)
    pmf = math.exp(n * math.log1p(-p))
    cdf = pmf
    k = 0.0
    while u >= cdf and k < n:
        pmf = pmf * (n - k) / (k + 1.0) * ratio
        k += 1.0
        cdf += pmf
        if pmf <= 0:
            break
    return k


def _return_cost(*, t: int, switch: float, T: int, team: float, per_agent: float,
                 d_sized: float, lag: float, leave: float, ramp_w: float, class_w: float,
                 hire: float, pay: float, seat: float, pool: float, sublet: float,
                 commit: float, nh: float, ot_cap: float, ot_prem: float, temp_mk: float,
                 hour_cost: float, hours_per_agent: float, lost_at: Any, margin: float,
                 dip_loss: float) -> float:
    """The return in-house as it would happen, beyond a trained team's steady months:
    hiring a lag ahead, pay before the switch, classroom, ramp covered by overtime then
    temps, leavers, quality, stranded seats re-occupied, the notice dip (scalar)."""
    head = hires_prev = d = total = 0.0
    steady = team * (pay + seat) + lost_at(d_sized) * margin
    for m in range(t + 1, T):
        pooled = min(head, pool) if m < commit else 0.0
        cost = head * (pay + seat) - pooled * seat * (1.0 - sublet)
        if m >= switch:
            present = (head - hires_prev * min(1.0, class_w / WEEKS_PER_MONTH)) * per_agent
            need = team * per_agent * (1.0 + (nh - 1.0) * d) / (1.0 + (nh - 1.0) * d_sized)
            short = max(need - present, 0.0)
            ot = min(short, ot_cap * max(present, 0.0))
            cover = hours_per_agent * hour_cost * (ot * ot_prem + (short - ot) * nh * (1.0 + temp_mk))
            cost += cover + lost_at(d) * margin - steady
        else:
            cost += dip_loss
        leavers = head * leave
        after = head - leavers
        gap = team - after if m + lag >= switch else 0.0
        growth = max(gap - leavers, 0.0) * min(1.0, 1.0 / lag)
        hires = min(gap, leavers) + growth if gap > 0 else 0.0
        total += cost + hires * hire
        head = after + hires
        d = _ramp(d, hires / max(head, 1.0), ramp_w)
        hires_prev = hires
    return total


# ---------------------------------------------------------------- the per-path loop


class _Par:
    """Scalar parameter lookup for one path."""

    def __init__(self, scenario: Scenario, draws: dict[str, F], i: int) -> None:
        self.sc, self.draws, self.i = scenario, draws, i

    def __call__(self, path: str) -> float:
        if path in self.draws:
            return float(self.draws[path][self.i])
        return float(self.sc.get(path))

    def opt(self, o: Any, sub: str, neutral: float) -> float:
        return self(f"{o.name}.{sub}") if o.is_vendor else neutral


#: The six two-hour blocks of the open day (mechanisms/intraday.py's shape, restated).
_DAY_SHAPE = (0.85, 1.2, 1.1, 1.15, 0.95, 0.75)


def _day_profile(busy_f: float) -> list[float]:
    """Relative rates q_k^theta / mean(q^theta) whose peak is ``busy_f``: theta by Brent's
    method on the peak-to-mean ratio (the engine bisects)."""
    if busy_f <= 1.0:
        return [1.0] * len(_DAY_SHAPE)

    def excess(theta: float) -> float:
        w = [q**theta for q in _DAY_SHAPE]
        return max(w) / (sum(w) / len(w)) - busy_f

    hi = 1.0
    while excess(hi) < 0:
        hi *= 2.0
    theta = brentq(excess, 0.0, hi, xtol=1e-14, rtol=1e-15)
    w = [q**theta for q in _DAY_SHAPE]
    return [x / (sum(w) / len(w)) for x in w]


def _plan_curve(vol: float, aht: float, day: list[float], open_h: float, tsl: float,
                tt: float) -> list[float]:
    """Erlang C agents for each interval of the day."""
    out = []
    for pk in day:
        rate = vol * pk / (open_h * 3600.0)
        out.append(float(required_agents_scalar(rate, aht, tsl, tt)) if rate > 0 else 0.0)
    return out


def _plan(vol: float, aht: float, day: list[float], open_h: float, tsl: float, tt: float) -> float:
    """The plan of the day: the mean of the intervals' Erlang C agents."""
    curve = _plan_curve(vol, aht, day, open_h, tsl, tt)
    return sum(curve) / len(curve)


def _roster(avg: float, curve: list[float]) -> list[int]:
    """Whole agents per interval for an average of ``avg``, along the plan's curve."""
    m = sum(curve) / len(curve)
    return [math.floor(avg * (c / m if m > 0 else 1.0) + 0.5) for c in curve]


def _day(day: list[float], per: list[float]) -> float:
    """Call-weighted mean of the intervals' figures."""
    return sum(pk * x for pk, x in zip(day, per, strict=True)) / sum(day)


def _monthly_rate(annual: float) -> float:
    return annual / 12.0  # a turnover rate, leavers replaced monthly


def _ramp(deficit: float, hires_share: float, ramp_weeks: float) -> float:
    r = ramp_weeks / WEEKS_PER_MONTH
    keep = math.exp(-2.0 / r) if r > 0 else 0.0
    return min(1.0, deficit * keep + (hires_share if r > 0 else 0.0))


def _vendor_inputs(p: _Par, o: Any, oi: int, rnd: dict[str, F], i: int) -> tuple[Any, ...]:
    """One option's vendor on path ``i``: its parameters and per-vendor random streams, as
    ``_one`` unpacks them (read again for a re-tender's new vendor)."""
    vendor = o.is_vendor
    price0 = p.opt(o, "staffing.price_per_hour", 0.0)
    lag_w = p.opt(o, "staffing.scaling_lag_weeks", 0.0)
    v_att = _monthly_rate(p.opt(o, "staffing.attrition_annual", 0.0))
    v_att_sd = p.opt(o, "staffing.attrition_noise_sd", 0.0)
    v_ramp = p.opt(o, "staffing.ramp_weeks", 0.0)
    v_nh = p.opt(o, "staffing.new_hire_aht_factor", 1.0)
    b_mult = p.opt(o, "staffing.breach_multiplier", 1.0)
    l_aht, l_fcr = p.opt(o, "language.aht_factor", 1.0), p.opt(o, "language.fcr_factor", 1.0)
    l_pen = p.opt(o, "language.csat_penalty", 0.0)
    q = p.opt(o, "quality.initial", 1.0)
    q_target, q_over = p.opt(o, "quality.target", 1.0), p.opt(o, "quality.oversight", 0.0)
    q_hours, q_fixed = p.opt(o, "quality.hours_per_agent_full", 0.0), p.opt(o, "quality.fixed_hours_full", 0.0)
    q_decay, q_rec = p.opt(o, "quality.decay_rate", 0.0), p.opt(o, "quality.recovery_rate", 0.0)
    q_sd = p.opt(o, "quality.noise_sd", 0.0)
    q_sh, q_shp = p.opt(o, "quality.shared_agent_share", 0.0), p.opt(o, "quality.shared_agent_penalty", 0.0)
    q_gap = p.opt(o, "quality.new_agent_gap", 0.0)
    c_term, c_min = p.opt(o, "contract.term_months", 0.0), p.opt(o, "contract.min_commitment", 0.0)
    c_esc, c_fee = p.opt(o, "contract.escalator_annual", 0.0), p.opt(o, "contract.exit_fee_months", 0.0)
    c_thr, c_after = p.opt(o, "contract.exit_threshold", 0.0), p.opt(o, "contract.exit_after_months", 1.0)
    c_unenf = p.opt(o, "contract.p_unenforceable", 0.0)
    c_notice = p.opt(o, "contract.notice_months", 0.0)
    c_switch = p.opt(o, "contract.switching_cost_months", 0.0)
    c_dip = p.opt(o, "contract.transition_dip", 0.0)
    c_stab = p.opt(o, "contract.stabilisation_months", 0.0)
    c_esc_m = p.opt(o, "contract.escalation_months", 0.0)
    c_esc_ov = p.opt(o, "contract.escalation_oversight", 0.0)
    pricing = o.contract.pricing if vendor else "per_hour"
    unit0 = p.opt(o, {"per_hour": "staffing.price_per_hour", "per_fte": "contract.price_per_fte_month",
                      "per_call": "contract.price_per_call",
                      "per_minute": "contract.price_per_minute"}[pricing], 0.0)
    b1u, b1d = p.opt(o, "contract.band_1_units", math.inf), p.opt(o, "contract.band_1_discount", 0.0)
    b2u, b2d = p.opt(o, "contract.band_2_units", math.inf), p.opt(o, "contract.band_2_discount", 0.0)
    sla_c, sla_b = p.opt(o, "contract.sla_credit_share", 0.0), p.opt(o, "contract.sla_bonus_share", 0.0)
    sla_r, sla_tol = p.opt(o, "contract.sla_at_risk", 0.0), p.opt(o, "contract.sla_tolerance", 0.0)
    sla_q, sla_g = p.opt(o, "contract.sla_quality_target", 0.0), p.opt(o, "contract.sla_grace_months", 0.0)
    cola, wage = p.opt(o, "contract.cola_share", 0.0), p.opt(o, "contract.wage_inflation_annual", 0.0)
    fxd, fxs = p.opt(o, "contract.fx_drift_annual", 0.0), p.opt(o, "contract.fx_sd_annual", 0.0)
    tr0, tr1 = p.opt(o, "contract.initial_training_billed", 0.0), p.opt(o, "contract.replacement_training_billed", 0.0)
    v_train = p.opt(o, "staffing.training_hours", 0.0)
    z_fx = rnd["z_fx"][:, oi, i]
    r_ss = v_ramp / WEEKS_PER_MONTH
    def_ss = min(1.0, v_att / (1.0 - math.exp(-2.0 / r_ss))) if r_ss > 0 else 0.0
    h_factor = l_aht * p.opt(o, "handle_time.tech_factor", 1.0)
    h_trend, h_sd = p.opt(o, "handle_time.tech_trend_annual", 0.0), p.opt(o, "handle_time.noise_sd", 0.0)
    lead, setup_m = p.opt(o, "setup.lead_months", 0.0), p.opt(o, "setup.cost_months", 0.0)
    c_waves = p.opt(o, "setup.waves", 1.0)
    c_par = p.opt(o, "setup.parallel_months", 0.0)
    z_q, z_av, z_atv = (rnd[k][:, oi, i] for k in ("z_q", "z_aht_v", "z_att_v"))
    enforceable = bool(rnd["u_enforce"][oi, i] >= c_unenf)
    return (price0, lag_w, v_att, v_att_sd, v_ramp, v_nh, b_mult, l_fcr, l_pen, q, q_target,
            q_over, q_hours, q_fixed, q_decay, q_rec, q_sd, q_sh, q_shp, q_gap, c_term, c_min,
            c_esc, c_fee, c_thr, c_after, c_notice, c_switch, c_dip, c_stab, c_esc_m,
            c_esc_ov, pricing, unit0, b1u, b1d, b2u, b2d, sla_c, sla_b, sla_r, sla_tol, sla_q,
            sla_g, cola, wage, fxd, fxs, tr0, tr1, v_train, z_fx, def_ss, h_factor, h_trend,
            h_sd, lead, setup_m, c_waves, c_par, z_q, z_av, z_atv, enforceable)


def loop_model(
    scenario: Scenario, draws: dict[str, F], rnd: dict[str, F], paths: range | None = None
) -> dict[str, F]:
    """The model as a plain Python loop over paths, options and months.

    Parameters
    ----------
    scenario
        The scenario.
    draws, rnd
        Inputs and random streams from :func:`ccsim.engine.draw_chunk`.
    paths
        Which paths (indices into the draws) to run; all by default.

    Returns
    -------
    dict
        ``{output: (O, len(paths)) array}`` for the outputs in :data:`LOOP_OUTPUTS`.
    """
    n_all = rnd["fresh"].shape[1]
    paths = range(n_all) if paths is None else paths
    opts = scenario.options
    out = {k: np.zeros((len(opts), len(paths))) for k in LOOP_OUTPUTS}
    for j, i in enumerate(paths):
        for oi, o in enumerate(opts):
            res = _one(scenario, draws, rnd, i, oi, o)
            for k in LOOP_OUTPUTS:
                out[k][oi, j] = res[k]
    return out


def _one(
    scenario: Scenario, draws: dict[str, F], rnd: dict[str, F], i: int, oi: int, o: Any,
    trace: list[tuple[bool, float, float, float, float, float]] | None = None,
) -> dict[str, float]:
    """One option on one path, month by month, in Python floats.

    ``trace``, if given, receives each month's ``(live, fees, governance cost, vendor
    callers lost, vendor calls handled, set-up months)``: a re-tendering option's quote
    for its fallback is read from the fallback option's trace on the same path.
    """
    p = _Par(scenario, draws, i)
    T = scenario.horizon
    aht_s, tsl, tt = p("service.aht_s"), p("service.target_sl"), p("service.target_time_s")
    patience, shrink = p("service.patience_s"), p("service.shrinkage")
    ov_wait = p("service.overflow_wait_s")
    open_h, day = p("service.open_hours_per_month"), _day_profile(p("service.busy_hour_factor"))
    # the day's shape: a share `flex` of the plan follows the curve, the rest is flat at
    # the busiest interval's level (item 9)
    flex = p("service.schedule_flexibility")
    sched = ((1.0 - flex) * max(day) + flex) / p("service.schedule_efficiency")
    paid_h = p("service.paid_hours_per_month")
    s_cost, s_att = p("staff.hourly_cost"), p("staff.attrition_annual")
    s_hire, s_class = p("staff.cost_per_hire"), p("staff.classroom_weeks")
    s_load, s_mgr, s_mgmt = p("staff.benefits_load"), p("staff.manager_hourly_cost"), p(
        "staff.mgmt_hours_per_agent"
    )
    s_seat, s_lic = p("staff.seat_cost_annual"), p("staff.licence_per_seat_month")
    s_commit, s_sublet = p("staff.commitments_months_left"), p("staff.sublet_recovery")
    s_seats = p("staff.seats_per_peak_agent")
    s_lag, s_ramp, s_nh = p("staff.hiring_lag_months"), p("staff.ramp_weeks"), p(
        "staff.new_hire_aht_factor"
    )
    s_gap, s_fcr, s_trend = p("staff.new_hire_quality_gap"), p("staff.fcr"), p(
        "staff.tech_trend_annual"
    )
    s_sd, s_sev, s_mult = p("staff.aht_noise_sd"), p("staff.severance_months"), p(
        "staff.survivor_attrition_multiplier"
    )
    s_dip, s_morale = p("staff.morale_productivity_dip"), p("staff.morale_months")
    c_d, c_wu, c_wa = (p(f"customers.{k}") for k in
                       ("defect_resolved", "unresolved_factor", "abandoned_factor"))
    c_gam, c_margin, c_years = (p(f"customers.{k}") for k in
                                ("csat_elasticity", "annual_margin", "margin_years"))
    c_beyond, c_wr = p("customers.beyond_horizon"), p("customers.repeat_factor")
    cs_ref, fcr_ref = p("satisfaction.csat_ref"), p("satisfaction.fcr_ref")
    fcr_slope, sl_slope = p("satisfaction.fcr_slope"), p("satisfaction.sl_slope")
    ab_slope = p("satisfaction.abandon_slope")
    q_floor = p("satisfaction.quality_floor")
    b_annual, b_cpr = p("breach.annual_prob"), p("breach.cost_per_record")
    b_cpc = p("breach.contacts_per_customer")
    b_dip, b_months = p("breach.csat_dip"), p("breach.dip_months")
    rate = p("finance.discount_rate_annual")
    adherence = p("service.adherence")
    s_ot_cap, s_ot_prem = p("staff.overtime_cap"), p("staff.overtime_premium")
    s_temp_cap, s_temp_mk = p("staff.temp_cap"), p("staff.temp_markup")
    s_ret, s_ret_mult = p("staff.retention_bonus"), p("staff.retention_attrition_multiplier")
    callback = p("demand.callback_rate")

    vendor = o.is_vendor
    vshare = float(o.vendor_share)
    # a re-tender: the fallback option's own run on this path is the quote
    names = [x.name for x in scenario.options]
    fb = names.index(o.fallback) if vendor and o.fallback != "in_house" else None
    quote: list[tuple[bool, float, float, float, float, float]] = []
    if fb is not None:
        if scenario.options[fb].fallback == o.name:  # each would need the other's month first
            raise NotImplementedError("the loop model runs one option at a time: options that "
                                      "re-tender to each other are the engine's alone")
        _one(scenario, draws, rnd, i, fb, scenario.options[fb], trace=quote)
    retendered = False
    routing = o.routing if vendor else "split"
    peak_m, start_m = int(scenario.demand.peak_month), int(scenario.demand.start_month)
    amp = p("demand.seasonal_amplitude")
    r_m = (1.0 + rate) ** (1.0 / 12.0) - 1.0
    (price0, lag_w, v_att, v_att_sd, v_ramp, v_nh, b_mult, l_fcr, l_pen, q, q_target, q_over,
     q_hours, q_fixed, q_decay, q_rec, q_sd, q_sh, q_shp, q_gap, c_term, c_min, c_esc, c_fee,
     c_thr, c_after, c_notice, c_switch, c_dip, c_stab, c_esc_m, c_esc_ov, pricing,
     unit0, b1u, b1d, b2u, b2d, sla_c, sla_b, sla_r, sla_tol, sla_q, sla_g, cola, wage, fxd,
     fxs, tr0, tr1, v_train, z_fx, def_ss, h_factor, h_trend, h_sd, lead, setup_m, c_waves,
     c_par, z_q, z_av, z_atv, enforceable) = _vendor_inputs(p, o, oi, rnd, i)
    # by_type routing: the vendor takes the simple contacts first; each team's handle time
    # and resolution scale with its share of simple contacts f as (f r + 1 - f) / (s r + 1 - s)
    simple = p("demand.simple_share")
    r_aht, r_fcr = p("demand.simple_aht_ratio"), p("demand.simple_fcr_ratio")
    typed = routing == "by_type"

    def rel(f: float, r: float) -> float:
        return (f * r + 1.0 - f) / (simple * r + 1.0 - simple)

    def f_in_house(sh: float) -> float:  # simple share of the in-house team's calls
        return (simple - f_v * sh) / (1.0 - sh) if typed and 0.0 < sh < 1.0 else simple

    f_v = min(vshare, simple) / vshare if typed else simple
    h_factor *= rel(f_v, r_aht)

    golive = math.ceil(lead - 1e-9) if vendor else 0.0
    morale_end = golive + s_morale if vendor and routing != "peak" else -1.0  # no layoffs
    forecast, fresh = rnd["forecast"][:, i], rnd["fresh"][:, i]
    season_ahead = (rnd["season_ahead_kept"][:, oi, i] if routing == "peak"
                    else rnd["season_ahead"][:, i])
    z_ih, u_leave, u_breach, u_rec = (rnd[k][:, i] for k in ("z_aht_ih", "u_leave", "u_breach", "u_rec"))
    share_dist = scenario.breach.share_exposed

    def aht(base_f: float, trend: float, t: int, d: float, nh: float, dip: float, sd: float,
            z: float | None) -> float:
        v = aht_s * base_f * (1.0 + trend) ** (t / 12.0) * (1.0 + (nh - 1.0) * d) / (1.0 - dip)
        return v if z is None else v * math.exp(sd * z - 0.5 * sd * sd)

    p_ih0 = _monthly_rate(s_att)
    r_ih = s_ramp / WEEKS_PER_MONTH
    def_ih = min(1.0, p_ih0 / (1.0 - math.exp(-2.0 / r_ih))) if r_ih > 0 else 0.0
    u0 = 1.0 - s_fcr
    repeat = forecast[0] * callback * u0 / (1.0 - callback * u0)
    if scenario.staff.headcount is None:
        n0 = _plan(forecast[0] + repeat, aht(1.0, s_trend, 0, def_ih, s_nh, 0.0, s_sd, None),
                   day, open_h, tsl, tt)
        H0 = float(math.ceil(n0 * open_h * sched / (paid_h * (1.0 - shrink)) - 1e-9))
    else:
        H0 = float(scenario.staff.headcount)
    # today's abandonment, a measured fact of the centre: the stated CSAT holds there
    ab_today = p("satisfaction.abandon_today")
    H = float(H0)
    def_v = committed = 0.0
    requested = exited = False
    switch_at = math.inf
    hist: list[float] = []  # effective vendor quality month by month (the exit window)
    esc_end = -1.0
    acc_vm = acc_vq = acc_vcs = 0.0
    vf_prev = 0.0
    dip_until = -1.0
    npv = dict.fromkeys(COST_COMPONENTS, 0.0)
    hires_prev = held = 0.0
    acc_cs = acc_sl = acc_head = acc_off = acc_ab = 0.0
    acc_h_ih = acc_fte_v = acc_n_ih = acc_n_v = acc_occ_ih = acc_occ_v = 0.0

    for t in range(T):
        if fb is not None and not retendered and requested and t >= switch_at:
            # the fallback's vendor takes over: its parameters and streams, a new contract
            (price0, lag_w, v_att, v_att_sd, v_ramp, v_nh, b_mult, l_fcr, l_pen, q, q_target, q_over,
             q_hours, q_fixed, q_decay, q_rec, q_sd, q_sh, q_shp, q_gap, c_term, c_min, c_esc, c_fee,
             c_thr, c_after, c_notice, c_switch, c_dip, c_stab, c_esc_m, c_esc_ov, pricing,
             unit0, b1u, b1d, b2u, b2d, sla_c, sla_b, sla_r, sla_tol, sla_q, sla_g, cola, wage, fxd,
             fxs, tr0, tr1, v_train, z_fx, def_ss, h_factor, h_trend, h_sd, lead, setup_m, c_waves,
             c_par, z_q, z_av, z_atv, enforceable) = _vendor_inputs(p, scenario.options[fb], fb, rnd, i)
            h_factor *= rel(f_v, r_aht)
            golive, c_waves, retendered = float(t), 1.0, True
            requested, switch_at, esc_end, committed, vf_prev = False, math.inf, -1.0, 0.0, 0.0
        live = vendor and golive <= t < switch_at
        first = live and t == golive
        escalating = esc_end >= 0 and esc_end - c_esc_m <= t < esc_end
        ov = max(q_over, c_esc_ov) if live and escalating else q_over
        moved = min(max((t - golive + 1.0) / c_waves, 0.0), 1.0) if live else 0.0
        share = vshare * moved if live else 0.0
        # a moved wave is laid off at the end of its parallel run (as its calls move if 0)
        moving = live and 0 <= t - golive - max(c_par - 1.0, 0.0) < c_waves
        cal_m = (start_m - 1 + t) % 12 + 1
        d_peak = abs(cal_m - peak_m) % 12
        if routing == "peak":  # the season's excess over the in-house capacity; off-peak none
            season_t = 1.0 + amp * math.cos(2.0 * math.pi * (cal_m - peak_m) / 12.0)
            cap = max(1.0, (1.0 - vshare) * (1.0 + amp))
            share = max(0.0, 1.0 - cap / season_t) * moved if live else 0.0
            if min(d_peak, 12 - d_peak) > 2:
                share = 0.0
        to_vendor = fb is not None and not retendered
        share_plan_ih = 0.0 if (requested and t + s_lag >= switch_at and not to_vendor) else share
        V, Vf = fresh[t] + repeat, forecast[t] + repeat
        vf_now = Vf * share
        v_growth = v_shrink = 0.0
        if first:
            def_v = 1.0
        elif live:
            v_growth = max(0.0, 1.0 - vf_prev / vf_now) if vf_now > 0 else 0.0
            v_shrink = max(0.0, 1.0 - vf_now / vf_prev) if vf_prev > 0 else 0.0
            def_v = def_v + (1.0 - def_v) * v_growth
        V_ih, V_v = V * (1.0 - share), V * share
        Vf_ih, Vf_v = Vf * (1.0 - share_plan_ih), Vf * share
        morale = t < morale_end
        dip = s_dip if morale else 0.0
        f_ih = f_in_house(share)
        a_ih_plan = aht(rel(f_ih, r_aht), s_trend, t, def_ih, s_nh, dip, s_sd, None)
        a_ih = aht(rel(f_ih, r_aht), s_trend, t, def_ih, s_nh, dip, s_sd, z_ih[t])
        a_v_plan = aht(h_factor, h_trend, t, def_v, v_nh, 0.0, h_sd, None)
        a_v = aht(h_factor, h_trend, t, def_v, v_nh, 0.0, h_sd, z_av[t])

        def fte(agents: float) -> float:
            return math.ceil(agents * open_h * sched / (paid_h * (1.0 - shrink)) - 1e-9)

        ahead = season_ahead[t]
        target_H = fte(_plan(Vf_ih * ahead, a_ih_plan, day, open_h, tsl, tt))
        if vendor and t < golive and routing != "peak":  # hiring freeze: only the team kept after go-live
            a_kept = a_ih_plan * rel(f_in_house(vshare), r_aht) / rel(f_ih, r_aht)
            target_H = min(target_H, fte(_plan(Vf_ih * (1.0 - vshare) * ahead, a_kept,
                                               day, open_h, tsl, tt)))
        present = H - hires_prev * min(1.0, s_class / WEEKS_PER_MONTH)
        n_ih = present * paid_h * (1.0 - shrink) / (open_h * sched)
        curve = _plan_curve(Vf_ih, a_ih_plan, day, open_h, tsl, tt)
        n_need = sum(curve) / len(curve)
        n_ot = min(max(n_need - n_ih, 0.0), math.floor(s_ot_cap * n_ih + 1e-9))
        t_need = math.ceil(max(n_need - n_ih - n_ot, 0.0) * s_nh - 1e-9)
        n_temp = min(t_need, math.floor(s_temp_cap * n_ih + 1e-9))
        temp_eff = math.floor(n_temp / s_nh + 1e-9)
        on_phone = _roster((n_ih + n_ot + temp_eff) * adherence, curve)
        # seats from the busiest interval's roster; held while the lease runs, idle ones stranded
        in_use = s_seats * max(on_phone)
        held = max(held, in_use) if t < s_commit else in_use
        idle = held - in_use
        exposed = share
        overflowing = routing == "overflow" and live
        per = [erlang_a_scalar(V_ih * pk / (open_h * 3600.0), a_ih, n, patience, tt)
               for pk, n in zip(day, on_phone, strict=True)]
        sl_ih, ab_ih = _day(day, [x[0] for x in per]), _day(day, [x[1] for x in per])
        if overflowing:  # the in-house part waits at most ov_wait, then goes to the vendor
            def passed(vol: float, aht_: float, agents: list[int] = on_phone) -> tuple[float, float]:
                ivs = [mmcd_scalar(vol * pk / (open_h * 3600.0), aht_, n, ov_wait, tt)
                       for pk, n in zip(day, agents, strict=True)]
                ov_d = _day(day, [x[0] for x in ivs])
                kept = _day(day, [1.0 - x[0] for x in ivs])
                sl_d = _day(day, [(1.0 - x[0]) * x[1] for x in ivs]) / kept if kept > 0 else 1.0
                return ov_d, sl_d
            ov_share, sl_ih = passed(V_ih, a_ih)
            Vf_kept = Vf - Vf_v
            V_v, Vf_v = V_v + V_ih * ov_share, Vf_v + Vf_kept * passed(Vf_kept, a_ih_plan)[0]
            V_ih = V_ih * (1.0 - ov_share)
            exposed = V_v / V if V > 0 else share
            ab_ih = 0.0  # a kept caller waits less than ov_wait: abandonment neglected

        curve_v = _plan_curve(Vf_v, a_v_plan, day, open_h, tsl, tt)
        n_plan_v = sum(curve_v) / len(curve_v) / adherence  # the vendor plans for adherence
        agility = max(0.0, 1.0 - lag_w / WEEKS_PER_MONTH)
        # the surprise followed, within [-1, the short-notice flex] of the plan
        surprise = agility * (V_v / Vf_v - 1.0) if Vf_v > 0 and agility > 0 else 0.0
        n_v = n_plan_v * (1.0 + min(max(surprise, -1.0), SHORT_NOTICE_FLEX))
        roster_v = _roster(n_v * adherence, curve_v)
        per = [erlang_a_scalar(V_v * pk / (open_h * 3600.0), a_v, n, patience, tt)
               for pk, n in zip(day, roster_v, strict=True)]
        sl_v, ab_v = _day(day, [x[0] for x in per]), _day(day, [x[1] for x in per])
        hours_v = n_v * open_h * sched
        fte_v = hours_v / (paid_h * (1.0 - shrink)) if live else 0.0

        h_v = V_v * (1.0 - ab_v)

        def units(hours: float, calls: float, aht_: float, model: str = pricing) -> float:
            return {"per_hour": hours, "per_fte": hours / (paid_h * (1.0 - shrink)),
                    "per_call": calls, "per_minute": calls * aht_ / 60.0}[model]

        if first:
            a_ss = aht(h_factor, h_trend, t, def_ss, v_nh, 0.0, h_sd, None)
            full_v = Vf_v / moved if moved > 0 else 0.0
            if routing == "peak":  # the contracted peak month: forecast at the peak's season
                season_now = 1.0 + amp * math.cos(2.0 * math.pi * (cal_m - peak_m) / 12.0)
                top = max(0.0, 1.0 - max(1.0, (1.0 - vshare) * (1.0 + amp)) / (1.0 + amp))
                full_v = Vf * (1.0 + amp) / season_now * top
            committed = units(_plan(full_v, a_ss, day, open_h, tsl, tt) / adherence * open_h * sched,
                              full_v, a_ss)
        months_live = t - golive
        in_term = live and months_live < c_term and (routing != "peak" or share > 0)
        u = units(hours_v, h_v, a_v)
        billed = max(u, c_min * committed) if in_term else u
        y = math.floor(max(months_live, 0.0) / 12.0)
        fx = y * fxd + fxs * float(np.sum(z_fx[1 : y + 1]))
        index = (1.0 + c_esc) ** y * (1.0 + cola * (((1.0 + wage) / (1.0 + c_esc)) ** y * math.exp(fx) - 1.0))
        c = unit0 * index
        charge = (c * billed - c * b1d * (max(billed - b1u, 0.0) - max(billed - b2u, 0.0))
                  - c * b2d * max(billed - b2u, 0.0))
        fees = charge if live else 0.0
        gov_h = ov * (q_fixed + q_hours * fte_v) if live else 0.0
        oversight_cost = gov_h * s_mgr
        # set-up on the steady-state fees of every wave (the commitment's plan, banded)
        setup_cost = setup_m * (c * committed - c * b1d * (max(committed - b1u, 0.0)
                                                            - max(committed - b2u, 0.0))
                                - c * b2d * max(committed - b2u, 0.0)) if first else 0.0
        bonus = H * s_ret if first and not retendered else 0.0

        if live and t > golive:
            nxt = q - (1.0 - ov) * q_decay * q + ov * q_rec * max(q_target - q, 0.0)
            q = min(max(nxt + q_sd * z_q[t], 0.0), 1.0)
        notice = requested and live
        q_eff_v = (q * (1.0 - q_sh * q_shp) * (1.0 - q_gap * def_v)
                   * (1.0 - (c_dip if notice else 0.0)))
        q_eff_ih = 1.0 - s_gap * def_ih  # the morale dip is in the handle time only
        sla = 0.0
        if live and months_live >= sla_g:
            missed = float(sl_v < tsl - sla_tol) + float(q_eff_v < sla_q - sla_tol)
            beaten = float(sl_v > tsl + sla_tol) + float(q_eff_v > sla_q + sla_tol)
            sla = fees * (sla_b * beaten - min(sla_r, sla_c * missed))
        fcr_ih = min(1.0, s_fcr * rel(f_ih, r_fcr) * (q_floor + (1.0 - q_floor) * q_eff_ih))
        fcr_v = min(1.0, s_fcr * rel(f_v, r_fcr) * l_fcr * (q_floor + (1.0 - q_floor) * q_eff_v))

        exposure = (1.0 - exposed) + exposed * b_mult
        p_b = -math.expm1(math.log1p(-min(b_annual, 1.0 - 1e-12)) * exposure / 12.0)
        ev = u_breach[t] < p_b
        b_loss = 0.0
        if ev:
            # records follow the customers served: a year's distinct customers x the share
            # one incident reaches (capped at all of them)
            share = float(share_dist.ppf(u_rec[t])) if hasattr(share_dist, "ppf") else float(share_dist)
            rec = min(share, 1.0) * 12.0 * fresh[t] / b_cpc
            b_loss = rec * b_cpr
            dip_until = t + b_months
        b_pen = b_dip if t < dip_until else 0.0

        h_ih = V_ih * (1.0 - ab_ih)

        def csat(fcr: float, sl: float, ab: float, pen: float) -> float:
            raw = (cs_ref + fcr_slope * (fcr - fcr_ref) + sl_slope * (sl - tsl)
                   - ab_slope * (ab - ab_today) - pen)
            return min(max(raw, 0.0), 100.0)

        cs_ih, cs_v = csat(fcr_ih, sl_ih, ab_ih, b_pen), csat(fcr_v, sl_v, ab_v, l_pen + b_pen)
        handled = h_ih + h_v
        cs = (cs_ih * h_ih + cs_v * h_v) / handled if handled > 0 else cs_ih
        def pdef(w: float, g: float) -> float:
            return -math.expm1(-c_d * w * math.exp(c_gam * g))

        # once per customer issue: repeats close issues after 2+ contacts; a failed
        # contact draws a defection only if its customer does not call again
        rho = repeat / V if V > 0 else 0.0

        def team_lost(h: float, fcr: float, ab_calls: float, g: float, g_ab: float,
                      rho: float) -> float:
            solved = (1.0 - rho) * pdef(1.0, g) + rho * pdef(c_wr, g)
            return (h * (fcr * solved + (1.0 - fcr) * (1.0 - callback) * pdef(c_wu, g))
                    + ab_calls * (1.0 - callback) * pdef(c_wa, g_ab))

        lost = team_lost(h_ih, fcr_ih, V_ih * ab_ih, b_pen, b_pen, rho)
        lost_v = team_lost(h_v, fcr_v, V_v * ab_v, l_pen + b_pen, b_pen, rho)
        lost += lost_v
        n_m = 12.0 * c_years if c_beyond > 0 else min(12.0 * c_years, max(T - 1.0 - t, 0.0))
        value = c_margin / 12.0 * ((1.0 - (1.0 + r_m) ** -n_m) / r_m if r_m > 0 else n_m)
        churn = lost * value
        unresolved = V_ih * ab_ih + h_ih * (1.0 - fcr_ih) + V_v * ab_v + h_v * (1.0 - fcr_v)

        # exit rule: rolling window after stabilisation, escalation first, then an
        # exit only if going back in-house pays over the months left
        hist.append(q_eff_v)
        window = int(c_after)
        months_live = t - golive
        exit_fee = switch_cost = 0.0
        if live and not requested and months_live >= c_stab and months_live + 1 >= window:
            q_mean = sum(hist[-window:]) / window
            if q_mean < c_thr:
                if esc_end < 0 and c_esc_m > 0:
                    esc_end = t + 1.0 + c_esc_m
                elif not escalating:
                    early = months_live < c_term
                    if early and not enforceable:
                        switch = max(t + 1.0 + c_notice, golive + c_term)
                    else:
                        switch = t + 1.0 + c_notice
                    stay = fees + gov_h * s_mgr + lost_v * value
                    fee = c_fee * fees if early and enforceable else 0.0
                    if to_vendor:  # the fallback's cost per handled call this month
                        f_live, f_fees, f_gov, f_lost, f_h, f_setup = quote[t]
                        if f_live and f_h > 0:
                            back = (f_fees + f_gov + f_lost * value) / f_h * h_v
                            one_off = fee + c_switch * fees + f_setup * f_fees / f_h * h_v
                        else:
                            back, one_off = stay, math.inf
                    else:
                        c_team = _plan_curve(Vf_v, a_ih_plan * rel(f_v, r_aht) / rel(f_ih, r_aht),
                                             day, open_h, tsl, tt)
                        n_team = sum(c_team) / len(c_team)
                        team = math.ceil(n_team * open_h * sched / (paid_h * (1.0 - shrink)) - 1e-9)
                        # its seats from its busiest interval's roster, per FTE
                        r_team = _roster(team * paid_h * (1.0 - shrink) / (open_h * sched) * adherence,
                                         c_team)
                        per_fte = s_seats * max(r_team) / team if team > 0 else 0.0

                        def lost_at(d: float, fcr0: float = s_fcr * rel(f_v, r_fcr),
                                    h: float = h_v, ab: float = V_v * ab_v) -> float:
                            f = min(1.0, fcr0 * (q_floor + (1.0 - q_floor) * (1.0 - s_gap * d)))
                            return team_lost(h, f, ab, 0.0, 0.0, rho)  # noqa: B023

                        def lost_stay_at(qv: float) -> float:  # no breach dip extrapolated
                            f = min(1.0, s_fcr * rel(f_v, r_fcr) * l_fcr  # noqa: B023
                                    * (q_floor + (1.0 - q_floor) * qv))
                            return team_lost(h_v, f, V_v * ab_v, l_pen, 0.0, rho)  # noqa: B023

                        l_stay, l_back = lost_stay_at(q_eff_v), lost_at(def_ih)
                        stay = fees + gov_h * s_mgr + l_stay * value
                        seat_m = (s_seat / 12.0 + s_lic) * per_fte
                        pay = paid_h * s_cost + s_mgmt * s_mgr
                        back = team * (pay + seat_m) + l_back * value
                        ret = _return_cost(
                            t=t, switch=switch, T=T, team=team,
                            per_agent=paid_h * (1.0 - shrink) / (open_h * sched),
                            d_sized=def_ih, lag=s_lag, leave=p_ih0, ramp_w=s_ramp,
                            class_w=s_class, hire=s_hire, pay=pay, seat=seat_m,
                            pool=idle / per_fte if per_fte > 0 else 0.0, sublet=s_sublet, commit=s_commit, nh=s_nh,
                            ot_cap=s_ot_cap, ot_prem=s_ot_prem, temp_mk=s_temp_mk,
                            hour_cost=s_cost, hours_per_agent=open_h * sched, lost_at=lost_at,
                            margin=value,
                            dip_loss=(lost_stay_at(q_eff_v * (1.0 - c_dip)) - l_stay) * value)
                        one_off = fee + c_switch * fees + ret
                    if (stay - back) * max(T - switch, 0.0) > one_off:
                        exit_fee, switch_cost = fee, c_switch * fees
                        switch_at = switch
                        requested = exited = True
        if trace is not None:
            trace.append((live, fees, gov_h * s_mgr, lost_v, h_v, setup_m))
        if live:
            acc_vm += 1.0
            acc_vq += q_eff_v
            acc_vcs += cs_v

        # in-house attrition, hiring, layoffs
        retained = vendor and t < golive and s_ret > 0
        p_ih = min(1.0 - 1e-12, p_ih0 * (s_mult if morale else 1.0) * (s_ret_mult if retained else 1.0))
        leavers = _binomial_inverse(H, p_ih, u_leave[t])
        after = H - leavers
        layoffs = max(0.0, math.floor(after - target_H)) if moving and routing != "peak" else 0.0
        after -= layoffs
        gap = target_H - after
        growth = max(gap - leavers, 0.0) * min(1.0, 1.0 / s_lag)
        hires = math.floor((min(gap, leavers) + growth if gap > 0 else 0.0) + 0.5)
        H_next = after + hires
        paid = H - (layoffs if c_par < 0.5 else 0.0)  # no parallel run: laid off unpaid
        v_leave = min(1.0, v_att * math.exp(v_att_sd * z_atv[t] - 0.5 * v_att_sd**2))
        v_leave = max(0.0, v_leave - v_shrink)  # a shrinking team back-fills only the rest
        if live:
            def_v = _ramp(def_v, v_leave, v_ramp)
        hourly = price0 * index
        training = 0.0
        if live:
            training = (fte_v * v_train * hourly * tr0 if first
                        else v_leave * fte_v * v_train * hourly * tr1
                        + v_growth * fte_v * v_train * hourly * tr0)
        seat_m = s_seat / 12.0 + s_lic
        stranded = idle * seat_m * (1.0 - s_sublet)
        overtime = (n_ot * open_h * sched * s_cost * s_ot_prem
                    + n_temp * open_h * sched * s_cost * (1.0 + s_temp_mk))
        comps = (paid * (paid_h * s_cost + s_mgmt * s_mgr) + overtime, in_use * seat_m, fees, sla, oversight_cost,
                 hires * s_hire + training, setup_cost + switch_cost + bonus,
                 layoffs * s_sev * paid_h * s_cost / s_load, exit_fee, stranded, b_loss, churn)

        df = (1.0 + rate) ** (-(t + 1.0) / 12.0)
        for name, c in zip(COST_COMPONENTS, comps, strict=True):
            npv[name] += c * df
        offered = V_ih + V_v
        acc_cs += cs
        acc_sl += (sl_ih * V_ih + sl_v * V_v) / (offered if offered > 0 else 1.0)
        acc_head += H + fte_v
        acc_h_ih += H
        acc_fte_v += fte_v
        # occupancy: talk time over time on the phones, months weighted by calls handled
        for calls, aht_, ros, key in ((h_ih, a_ih, on_phone, "ih"), (h_v, a_v, roster_v, "v")):
            on_s = sum(ros) / len(ros) * open_h * 3600.0
            occ = calls * aht_ / on_s if on_s > 0 else 0.0
            if key == "ih":
                acc_n_ih, acc_occ_ih = acc_n_ih + calls, acc_occ_ih + calls * occ
            else:
                acc_n_v, acc_occ_v = acc_n_v + calls, acc_occ_v + calls * occ
        acc_off += offered
        acc_ab += V_ih * ab_ih + V_v * ab_v

        repeat = callback * unresolved
        vf_prev = vf_now
        def_ih = _ramp(def_ih, hires / max(H_next, 1.0), s_ramp)
        H = H_next
        hires_prev = hires

    res = {"npv_cost": sum(npv.values()), **npv}
    # the three parts of the cost: breaches are incidents, lost margin is the customers',
    # everything else is the cash of running the centre
    res["incident_cost"] = npv["breach_losses"]
    res["customer_cost"] = npv["churn_losses"]
    res["operating_cost"] = sum(v for k, v in npv.items() if k not in ("breach_losses", "churn_losses"))
    res.update(
        csat_mean=acc_cs / T,
        service_level_mean=acc_sl / T,
        abandon_rate=acc_ab / (acc_off if acc_off > 0 else 1.0),
        headcount_mean=acc_head / T,
        headcount_in_house_mean=acc_h_ih / T,
        vendor_fte_mean=acc_fte_v / T,
        occupancy_in_house=acc_occ_ih / acc_n_ih if acc_n_ih > 0 else 0.0,
        occupancy_vendor=(acc_occ_v / acc_n_v if acc_n_v > 0 else 0.0) if acc_vm > 0 else math.nan,
        exit_requested=float(exited or retendered),
        exit_completed=float(switch_at < T or retendered),
        exit_retendered=float(retendered),
        months_with_vendor=acc_vm,
        vendor_quality_mean=acc_vq / acc_vm if acc_vm > 0 else math.nan,
        vendor_csat_mean=acc_vcs / acc_vm if acc_vm > 0 else math.nan,
    )
    return res


# ---------------------------------------------------------------- per-case style


def _slice(d: dict[str, F], i: int) -> dict[str, F]:
    return {k: v[..., i : i + 1] for k, v in d.items()}


def case_model(
    scenario: Scenario, draws: dict[str, F], rnd: dict[str, F], paths: range | None = None
) -> dict[str, F]:
    """The engine's model called once per case (path), as a framework would call it.

    Returns ``{output: (O, len(paths)) array}`` for every per-path output of the engine.
    """
    n_all = rnd["fresh"].shape[1]
    paths = range(n_all) if paths is None else paths
    cases = [compute_chunk(scenario, _slice(draws, i), _slice(rnd, i), False).paths for i in paths]
    return {k: np.concatenate([c[k] for c in cases], axis=1) for k in cases[0]}
