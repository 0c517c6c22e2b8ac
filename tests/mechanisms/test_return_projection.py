"""The exit's return projection computed at once is the month-by-month loop, bit for bit
(issue 32).

:func:`ccsim.mechanisms.contract.return_cost` runs only the team's recurrence month by
month and prices every month at once. The exit rule compares its result with a
threshold, so a change in the last bit could flip a decision on a knife-edge path: the
reference below is the projection as it was written before, one month after the other
with the same helpers, and the two must be equal exactly (``np.array_equal``, no
tolerance) on random inputs: scalar, 0-d and per-element parameters, switches before, at
and after the decision month (whole and fractional), hiring lags 0 to 6, horizons 1 to
60, leave rates 0 to 0.1, deficits 0 to 1, and a nonlinear ``lost_at``: the engine's own
(customers lost by resolution, :mod:`ccsim.mechanisms.churn`, at the in-house quality of
a deficit) or a rational function of the deficit.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from ccsim.mechanisms import contract, quality
from ccsim.mechanisms.attrition import ramp_deficit
from ccsim.mechanisms.churn import Defection
from ccsim.mechanisms.workforce import classroom_fte


def _reference(*, month, switch, horizon, team, team_agents, deficit_sized, hiring_lag,
               leave_rate, ramp_weeks, classroom_weeks, cost_per_hire, pay, seat_month,
               stranded_pool, sublet_recovery, commitments_end, new_hire_factor,
               overtime_cap, overtime_premium, temp_markup, agent_hour_cost,
               hours_per_agent, lost_at, lost_sized, margin, dip_loss):
    """``return_cost`` as the loop over the months it was (commit 1bbe86c)."""
    sw = np.asarray(switch, dtype=np.float64)
    team_a = np.asarray(team, dtype=np.float64)
    shape = np.broadcast(sw, team_a).shape
    head, hires_prev, deficit, total = (np.zeros(shape) for _ in range(4))
    per_agent = np.asarray(team_agents, dtype=np.float64) / np.maximum(team_a, 1e-300)
    slowdown_sized = 1.0 + (np.asarray(new_hire_factor) - 1.0) * deficit_sized
    steady = team_a * (pay + seat_month) + np.asarray(lost_sized) * margin
    for m in range(month + 1, horizon):
        cost = contract._return_payroll(
            month=m, head=head, pay=pay, seat_month=seat_month, stranded_pool=stranded_pool,
            commitments_end=commitments_end, sublet_recovery=sublet_recovery)
        cover = contract._ramp_cover(
            present=(head - classroom_fte(hires_prev, classroom_weeks)) * per_agent,
            team_agents=team_agents, deficit=deficit, slowdown_sized=slowdown_sized,
            new_hire_factor=new_hire_factor, overtime_cap=overtime_cap,
            overtime_premium=overtime_premium, temp_markup=temp_markup,
            hours_per_agent=hours_per_agent, agent_hour_cost=agent_hour_cost)
        cost = cost + np.where(m >= sw, cover + np.asarray(lost_at(deficit)) * margin - steady,
                               dip_loss)
        after, hires = contract._return_hires(
            head=head, leave_rate=leave_rate, team=team_a,
            hiring=m + np.asarray(hiring_lag) >= sw, hiring_lag=hiring_lag)
        total = total + cost + hires * cost_per_hire
        head_next = after + hires
        deficit = ramp_deficit(deficit, hires / np.maximum(head_next, 1.0), ramp_weeks)
        head, hires_prev = head_next, hires
    return np.asarray(total, dtype=np.float64)


def _engine_lost_at(rng: np.random.Generator, n: int | None) -> Callable[[np.ndarray], np.ndarray]:
    """The engine's ``lost_at`` (``ccsim.engine.decide._lost_in_house``): customers lost
    by resolution at the in-house quality of a deficit, on random callers."""
    size = () if n is None else (n,)
    d = Defection(defect_resolved=rng.uniform(0.001, 0.05), unresolved_factor=rng.uniform(1, 5),
                  abandoned_factor=rng.uniform(1, 4), elasticity=rng.uniform(0.0, 0.3),
                  repeat_factor=rng.uniform(1, 2), callback_rate=rng.uniform(0, 0.5))
    by_fcr = d.lost_by_fcr(handled=rng.uniform(0, 5e4, size), abandoned=rng.uniform(0, 3e3, size),
                           gap=0.0, gap_abandoned=0.0, repeat_share=rng.uniform(0, 0.3, size))
    fcr_native, floor, gap = rng.uniform(0.5, 0.9, size), rng.uniform(0, 0.6), rng.uniform(0, 0.5, size)

    def at(deficit: np.ndarray) -> np.ndarray:
        return by_fcr(quality.first_contact_resolution(
            fcr_native=fcr_native, language_factor=1.0, floor=floor,
            q_eff=quality.in_house_quality(gap, deficit)))
    return at


def _draw(rng: np.random.Generator, lo: float, hi: float, n: int | None):
    """A parameter as the engine or a caller may give it: a float, a 0-d array or one
    value per element."""
    kind = rng.integers(3) if n is not None else rng.integers(2)
    if kind == 0:
        return float(rng.uniform(lo, hi))
    if kind == 1:
        return np.asarray(rng.uniform(lo, hi))
    return rng.uniform(lo, hi, n)


def _case(seed: int) -> dict:
    rng = np.random.default_rng(seed)
    n = None if rng.random() < 0.15 else int(rng.integers(1, 200))
    size = () if n is None else (n,)
    horizon = int(rng.integers(1, 61))
    month = int(rng.integers(0, horizon + 1))
    # the switch before, at or after the decision month, whole or fractional
    offset = rng.integers(-3, 15, size).astype(float)
    offset = np.where(rng.random(size) < 0.2, offset + rng.uniform(0, 1, size), offset)
    team = np.where(rng.random(size) < 0.05, 0.0, rng.uniform(0.0, 400.0, size))
    lag = rng.choice([0.0, 1e-300, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 2.5], size)
    ramp = rng.choice([0.0, 4.0, 8.0, 13.0, 26.0], size)
    if rng.random() < 0.3:
        lost_at = _engine_lost_at(rng, n)
    else:
        a, b = rng.uniform(0, 500), rng.uniform(0.1, 3)
        lost_at = lambda d: a * d * d / (b + d) + 0.0 * d  # noqa: E731
    return dict(
        month=month, switch=month + offset, horizon=horizon, team=team,
        team_agents=team * rng.uniform(0.5, 0.95, size),
        deficit_sized=_draw(rng, 0.0, 1.0, n),
        hiring_lag=float(lag.flat[0]) if rng.random() < 0.3 else lag,
        leave_rate=_draw(rng, 0.0, 0.1, n),
        ramp_weeks=float(ramp.flat[0]) if rng.random() < 0.3 else ramp,
        classroom_weeks=_draw(rng, 0.0, 8.0, n), cost_per_hire=_draw(rng, 0.0, 8000.0, n),
        pay=_draw(rng, 1000.0, 8000.0, n), seat_month=_draw(rng, 0.0, 900.0, n),
        stranded_pool=_draw(rng, 0.0, 300.0, n), sublet_recovery=_draw(rng, 0.0, 1.0, n),
        commitments_end=_draw(rng, 0.0, 60.0, n), new_hire_factor=_draw(rng, 1.0, 2.5, n),
        overtime_cap=_draw(rng, 0.0, 0.3, n), overtime_premium=_draw(rng, 1.0, 2.0, n),
        temp_markup=_draw(rng, 0.0, 1.0, n), agent_hour_cost=_draw(rng, 10.0, 60.0, n),
        hours_per_agent=_draw(rng, 100.0, 200.0, n), lost_at=lost_at,
        lost_sized=_draw(rng, 0.0, 500.0, n), margin=_draw(rng, 0.0, 3000.0, n),
        dip_loss=_draw(rng, 0.0, 1e5, n),
    )


@pytest.mark.parametrize("block", range(8))
def test_return_cost_is_the_month_by_month_loop_bit_for_bit(block):
    """400 random cases (50 a block): the same shape and exactly the same numbers."""
    for seed in range(50 * block, 50 * (block + 1)):
        kw = _case(seed)
        got, want = contract.return_cost(**kw), _reference(**kw)
        assert got.shape == want.shape, seed
        assert np.isfinite(got).all(), seed
        assert np.array_equal(got, want), (seed, np.max(np.abs(got - want)))


def test_return_cost_knife_edge_months():
    """Every decision month of a 60-month horizon, one element per switch from the month
    before the decision to twelve months after and per hiring lag 0 to 6 (whole months:
    the hiring starts exactly on a month), leavers and a ramp: exactly the loop."""
    sw_off, lag = np.meshgrid(np.arange(-1.0, 13.0), np.arange(0.0, 7.0))
    sw_off, lag = sw_off.ravel(), lag.ravel()
    rng = np.random.default_rng(7)
    lost_at = _engine_lost_at(rng, sw_off.size)
    for month in range(60):
        kw = dict(
            month=month, switch=month + sw_off, horizon=60, team=np.full(sw_off.size, 120.0),
            team_agents=np.full(sw_off.size, 95.0), deficit_sized=0.08, hiring_lag=lag,
            leave_rate=0.04, ramp_weeks=8.0, classroom_weeks=3.0, cost_per_hire=4000.0,
            pay=4500.0, seat_month=400.0, stranded_pool=30.0, sublet_recovery=0.4,
            commitments_end=24.0, new_hire_factor=1.6, overtime_cap=0.1,
            overtime_premium=1.5, temp_markup=0.3, agent_hour_cost=28.0,
            hours_per_agent=150.0, lost_at=lost_at, lost_sized=40.0, margin=1200.0,
            dip_loss=rng.uniform(0.0, 5e4, sw_off.size))
        assert np.array_equal(contract.return_cost(**kw), _reference(**kw)), month


def test_return_cost_no_month_left():
    """At the horizon's last month there is nothing to project: 0 of the switch's shape."""
    kw = _case(3)
    kw.update(month=kw["horizon"] - 1)
    got = contract.return_cost(**kw)
    assert got.shape == np.shape(kw["switch"]) and not got.any()
