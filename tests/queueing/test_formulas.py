"""Queueing core: closed forms vs recursion, Erlang A vs simulation, limits, properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special

from ccsim import queueing as q
from ccsim.queueing import staffing
from tests.oracles.des import simulate_mmcm


def erlang_b_recursion(load: float, agents: int) -> float:
    """``B(0) = 1``, ``B(n) = A B(n-1) / (n + A B(n-1))``: the textbook recursion."""
    b = 1.0
    for n in range(1, agents + 1):
        b = load * b / (n + load * b)
    return b


LOADS = [0.1, 0.5, 1.0, 3.7, 10.0, 42.0, 100.0, 333.3, 1000.0, 2500.0, 7777.7, 20000.0]


@pytest.mark.parametrize("load", LOADS)
def test_erlang_b_matches_recursion(load: float) -> None:
    # Agents from far below to far above the load, including the region where the
    # Poisson distribution function underflows (load >> agents) and where B underflows.
    fracs = [0.01, 0.3, 0.8, 0.95, 1.0, 1.05, 1.2, 2.0]
    agents = sorted({max(1, int(f * load)) for f in fracs} | {1, 2, int(load) + 1})
    agents = [c for c in agents if c <= 25_000]
    got = q.erlang_b(load, np.array(agents))
    ref = np.array([erlang_b_recursion(load, c) for c in agents])
    keep = ref > 1e-300  # both underflow to 0 below this
    np.testing.assert_allclose(got[keep], ref[keep], rtol=1e-9, atol=0)
    assert np.all(got[~keep] < 1e-290)


@pytest.mark.parametrize("load", LOADS)
def test_erlang_c_matches_recursion(load: float) -> None:
    agents = sorted({int(load) + k for k in (1, 2, 5)} | {int(1.3 * load) + 1})
    got = q.erlang_c(load, np.array(agents))
    ref = []
    for c in agents:
        b = erlang_b_recursion(load, c)
        ref.append(c * b / (c - load * (1 - b)))
    np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-300)


def test_erlang_b_published_table() -> None:
    # Erlang B table at 1% blocking (e.g. Cooper, Introduction to Queueing Theory,
    # 2nd ed., Table I): 10 trunks carry 4.46 E, 20 carry 12.03 E, 50 carry 37.90 E,
    # 100 carry 84.06 E. The table rounds the load to 0.01 E; dB/dA * 0.005 is below
    # 2e-4 at these sizes, so B must be 0.01 within 2.5e-4.
    table = {10: 4.46, 20: 12.03, 50: 37.90, 100: 84.06}
    for c, load in table.items():
        assert abs(float(q.erlang_b(load, c)) - 0.01) < 2.5e-4, (c, load)


def test_textbook_erlang_c_example() -> None:
    # 10 Erlangs on 12 agents: B(12, 10) by hand from the recursion is 0.119900...,
    # C = 12 B / (12 - 10 (1 - B)) = 0.44939; SL(20 s, AHT 180 s) = 1 - C e^(-2*20/180).
    c = float(q.erlang_c(10.0, 12))
    assert c == pytest.approx(0.449388, abs=1e-6)
    sl = float(q.service_level(10.0 / 180.0, 180.0, 12, 20.0))
    assert sl == pytest.approx(1 - c * math.exp(-40 / 180), rel=1e-12)
    asa = float(q.average_speed_of_answer(10.0 / 180.0, 180.0, 12))
    assert asa == pytest.approx(c * 180.0 / 2.0, rel=1e-12)
    assert float(q.occupancy(10.0 / 180.0, 180.0, 12)) == pytest.approx(10 / 12)


@pytest.mark.parametrize("load", [500.0, 2000.0, 10000.0])
@pytest.mark.parametrize("beta", [0.5, 1.0, 2.0])
def test_halfin_whitt_limit(load: float, beta: float) -> None:
    # P(wait) -> [1 + b Phi(b)/phi(b)]^-1 as A grows with c = A + b sqrt(A); the
    # relative error is O(1/sqrt(A)) (Janssen, van Leeuwaarden & Zwart 2011), here
    # below 3/sqrt(A) + the rounding of c to an integer.
    c = math.ceil(load + beta * math.sqrt(load))
    b = (c - load) / math.sqrt(load)
    hw = 1.0 / (1.0 + b * special.ndtr(b) / (math.exp(-b * b / 2) / math.sqrt(2 * math.pi)))
    got = float(q.erlang_c(load, c))
    assert abs(got - hw) / hw < 3.0 / math.sqrt(load)


@pytest.mark.parametrize(("load", "agents"), [(8.0, 10), (95.0, 100), (900.0, 950)])
def test_erlang_a_tends_to_erlang_c(load: float, agents: int) -> None:
    aht, t = 300.0, 20.0
    rate = load / aht
    c = q.erlang_c(load, agents)
    sl_c = q.service_level(rate, aht, agents, t)
    prev = None
    for patience in (1e4, 1e6, 1e8):
        res = q.erlang_a(rate, aht, agents, patience, t)
        err = abs(res.p_wait - c) + abs(res.service_level - sl_c)
        if prev is not None:
            assert err < prev  # converging
        prev = err
    # The gap is O(aht / patience) relative to the queue's drain rate.
    assert prev < 1e-4
    inf = q.erlang_a(rate, aht, agents, np.inf, t)
    assert inf.p_wait == pytest.approx(c, rel=1e-12)
    assert inf.p_abandon == 0.0


DES_CASES = [
    # rate/s, aht s, agents, patience s, target s: light, heavy, overloaded
    (1 / 60, 240.0, 5, 120.0, 20.0),
    (0.1, 180.0, 20, 180.0, 30.0),
    (0.12, 300.0, 30, 90.0, 20.0),
]


@pytest.mark.parametrize("case", DES_CASES)
def test_erlang_a_matches_discrete_event_simulation(case: tuple) -> None:
    rate, aht, agents, patience, t = case
    est = simulate_mmcm(
        rate, aht, agents, patience, t, n_customers=40_000, n_reps=12, warmup=2000, seed=7
    )
    res = q.erlang_a(rate, aht, agents, patience, t)
    # 12 independent replications: a t-based bound of 4.5 standard errors (two-sided
    # P ~ 1e-3 per comparison under the null with 11 d.o.f.) plus 0.002 for the bias
    # left after a 2000-caller warm-up in a finite run.
    pairs = [
        (res.p_wait, est.p_wait, est.p_wait_se),
        (res.p_abandon, est.p_abandon, est.p_abandon_se),
        (res.service_level, est.service_level, est.service_level_se),
    ]
    for exact, sim, se in pairs:
        assert abs(exact - sim) < 4.5 * se + 0.002, (case, exact, sim, se)
    assert abs(res.asa - est.mean_wait) < 4.5 * est.mean_wait_se + 0.02 * res.asa + 0.3


OVERFLOW_CASES = [
    # rate/s, aht s, agents, wait before overflowing s: light, at capacity, twice overloaded
    (1 / 60, 240.0, 5, 10.0),
    (0.1, 200.0, 20, 20.0),
    (0.25, 400.0, 50, 20.0),
]


@pytest.mark.parametrize("case", OVERFLOW_CASES)
def test_overflow_probability_matches_discrete_event_simulation(case: tuple) -> None:
    """The M/M/c+D closed form against the simulation with every caller passed on after
    exactly ``threshold`` seconds. Same bound as for Erlang A: 12 replications, 4.5
    standard errors plus 0.002 of warm-up bias."""
    from ccsim.queueing import overflow_probability

    rate, aht, agents, tau = case
    est = simulate_mmcm(rate, aht, agents, tau, tau, n_customers=40_000, n_reps=12, warmup=2000,
                        seed=11, fixed_patience=True)
    exact = float(overflow_probability(rate, aht, agents, tau))
    assert abs(exact - est.p_abandon) < 4.5 * est.p_abandon_se + 0.002, (case, exact, est)
    # every call kept is answered within the threshold
    assert est.service_level == pytest.approx(1.0 - est.p_abandon, abs=1e-12)


@given(load=st.floats(0.01, 400.0), agents=st.integers(1, 300))
def test_overflow_with_no_wait_is_erlang_b(load: float, agents: int) -> None:
    """At threshold 0 a call overflows when no agent is free: Erlang B (the recursion)."""
    from ccsim.queueing import overflow_probability

    b = 1.0
    for n in range(1, agents + 1):
        b = load * b / (n + load * b)
    got = float(overflow_probability(load / 300.0, 300.0, agents, 0.0))
    assert got == pytest.approx(b, rel=1e-9, abs=1e-300)


def test_overflow_probability_limits_and_errors() -> None:
    """A stable team passes on nothing after a long wait, an overloaded one at least its
    excess ``1 - c mu / lambda``; no agent passes on everything, no call nothing; bad
    inputs are refused by name."""
    from ccsim.queueing import overflow_probability

    assert float(overflow_probability(0.05, 300.0, 20, 1e5)) < 1e-12
    over = float(overflow_probability(0.2, 300.0, 30, 1e4))
    assert over == pytest.approx(1.0 - 30 / (0.2 * 300.0), abs=1e-9)
    assert float(overflow_probability(0.2, 300.0, 0, 20.0)) == 1.0
    assert float(overflow_probability(0.0, 300.0, 5, 20.0)) == 0.0
    huge = overflow_probability(np.array([50.0, 1e-3]), 300.0, np.array([10, 1e5]), 1e6)
    assert np.isfinite(huge).all() and huge[0] == pytest.approx(1.0 - 10 / 15000, rel=1e-9)
    with pytest.raises(ValueError, match=r"threshold = -1.0 is outside the allowed range"):
        overflow_probability(0.1, 300.0, 5, -1.0)
    with pytest.raises(ValueError, match=r"agents = 2.5 is not an integer"):
        overflow_probability(0.1, 300.0, 2.5, 0.0)


def test_erlang_a_identities() -> None:
    rng = np.random.default_rng(3)
    n = 2000
    rate = rng.uniform(0.001, 20, n)
    aht = rng.uniform(60, 900, n)
    agents = np.floor(rng.uniform(1, 2.0, n) * rate * aht) + 1
    patience = rng.uniform(10, 1000, n)
    t = rng.uniform(0, 120, n)
    res = q.erlang_a(rate, aht, agents, patience, t)
    assert np.all((res.p_abandon >= 0) & (res.p_abandon <= res.p_wait + 1e-12))
    # answered within target <= answered = 1 - abandoned
    assert np.all(res.service_level <= 1 - res.p_abandon + 1e-12)
    assert np.all(res.service_level >= 1 - res.p_wait - 1e-12)  # callers who never wait
    np.testing.assert_allclose(res.asa, res.p_abandon * patience, rtol=1e-12)
    np.testing.assert_allclose(
        res.service_level_answered * (1 - res.p_abandon), res.service_level, rtol=1e-9
    )


def test_extreme_sizes_are_finite() -> None:
    loads = np.array([0.0, 1e-6, 0.1, 10.0, 1000.0, 20000.0])
    agents = np.array([0, 1, 2, 100, 10000, 15000, 19999, 20000, 20001, 25000])
    L, C = np.meshgrid(loads, agents)
    for f in (q.erlang_b, q.erlang_c):
        v = f(L, C)
        assert np.isfinite(v).all()
        assert ((v >= 0) & (v <= 1)).all()
    aht = 300.0
    for patience in (1.0, 180.0, 1e5, np.inf):
        res = q.erlang_a(L / aht, aht, C, patience, 20.0)
        for field in ("p_wait", "service_level", "service_level_answered", "p_abandon"):
            v = getattr(res, field)
            assert np.isfinite(v).all() and ((v >= 0) & (v <= 1)).all(), (patience, field)
        assert not np.isnan(res.asa).any()
        if np.isfinite(patience):
            assert np.isfinite(res.asa).all()
    # overloaded M/M/c: service level 0, unstable ASA reported as inf (never NaN)
    assert float(q.service_level(1.0, 300.0, 200, 20.0)) == 0.0
    assert np.isinf(q.average_speed_of_answer(1.0, 300.0, 200))
    # heavy overload with abandonment: most callers abandon, finite everything
    res = q.erlang_a(100.0, 300.0, 1000, 120.0, 20.0)
    assert 0.9 < res.p_abandon < 1.0


def test_erlang_a_fast_large_queue() -> None:
    # Where exp(-lambda t) underflows in a direct implementation: 20,000 Erlangs, short
    # patience, long target. Results must be finite, ordered and monotone in agents.
    agents = np.arange(19_000, 21_001, 250)
    res = q.erlang_a(200.0, 100.0, agents, 30.0, 600.0)
    assert np.isfinite(res.service_level).all()
    assert np.all(np.diff(res.service_level) >= -1e-12)
    assert np.all(np.diff(res.p_abandon) <= 1e-12)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"arrival_rate": -1.0}, "arrival_rate = -1.0"),
        ({"aht": 0.0}, r"aht = 0.0 is outside the allowed range \(0, inf\)"),
        ({"agents": 2.5}, "agents = 2.5 is not an integer"),
        ({"agents": -1}, "agents"),
        ({"target_time": -5.0}, "target_time"),
        ({"patience": 0.0}, "patience"),
        ({"arrival_rate": np.nan}, "NaN"),
    ],
)
def test_invalid_input(kwargs: dict, match: str) -> None:
    args = {"arrival_rate": 0.1, "aht": 300.0, "agents": 40, "patience": 100.0, "target_time": 20.0}
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        q.erlang_a(**args)


def test_required_agents_invalid() -> None:
    with pytest.raises(ValueError, match=r"target_sl = 1.0 is outside the allowed range \[0, 1\)"):
        q.required_agents(0.1, 300.0, 1.0, 20.0)
    with pytest.raises(ValueError, match="max_occupancy"):
        q.required_agents(0.1, 300.0, 0.8, 20.0, max_occupancy=1.5)
    with pytest.raises(TypeError, match="aht"):
        q.required_agents(0.1, "long", 0.8, 20.0)


def test_required_agents_default_range_exact() -> None:
    # (rate, AHT) pairs over the default scenario's busy hours: check optimality by
    # evaluating the service level at the answer and one agent below.
    rng = np.random.default_rng(11)
    rate = rng.uniform(0.05, 40.0, 20_000)
    aht = rng.uniform(200.0, 700.0, 20_000)
    n = q.required_agents(rate, aht, 0.8, 20.0)
    assert n.dtype == np.int64
    assert np.all(q.service_level(rate, aht, n, 20.0) >= 0.8)
    assert np.all(q.service_level(rate, aht, n - 1, 20.0) < 0.8)


def test_required_agents_occupancy_cap_and_zero_traffic() -> None:
    n = q.required_agents([0.0, 1.0], 300.0, 0.5, 600.0, max_occupancy=0.85)
    assert n[0] == 0
    assert n[1] >= math.ceil(300 / 0.85)
    assert q.occupancy(1.0, 300.0, n[1]) <= 0.85
    assert q.occupancy(1.0, 300.0, n[1] - 1) > 0.85  # the cap binds here


rates = st.floats(0.001, 30.0)
ahts = st.floats(30.0, 900.0)


@given(rate=rates, aht=ahts, c=st.integers(1, 5000), t=st.floats(0.0, 300.0),
       patience=st.one_of(st.floats(5.0, 2000.0), st.just(np.inf)))
def test_service_level_monotone(rate: float, aht: float, c: int, t: float, patience: float) -> None:
    base = q.erlang_a(rate, aht, c, patience, t).service_level
    assert q.erlang_a(rate, aht, c + 1, patience, t).service_level >= base - 1e-12
    assert q.erlang_a(rate, aht, c, patience, t + 5.0).service_level >= base - 1e-12
    assert q.erlang_a(rate * 1.1, aht, c, patience, t).service_level <= base + 1e-12
    sl = q.service_level(rate, aht, c, t)
    assert q.service_level(rate, aht, c + 1, t) >= sl - 1e-12
    assert q.service_level(rate * 1.1, aht, c, t) <= sl + 1e-12


@given(rate=rates, aht=ahts, target=st.floats(0.0, 0.99), t=st.floats(0.0, 120.0),
       patience=st.one_of(st.none(), st.floats(5.0, 2000.0)))
def test_required_agents_is_minimal(
    rate: float, aht: float, target: float, t: float, patience: float | None
) -> None:
    n = int(q.required_agents(rate, aht, target, t, patience=patience))
    if patience is None:
        assert q.service_level(rate, aht, n, t) >= target
        assert n - 1 <= rate * aht or q.service_level(rate, aht, n - 1, t) < target
    else:
        assert q.erlang_a(rate, aht, n, patience, t).service_level >= target
        assert n == 1 or q.erlang_a(rate, aht, n - 1, patience, t).service_level < target


def test_erlang_b_table_bound_holds() -> None:
    # The staffing filter's table of log B carries a per-cell error bound estimated from
    # the cell's centre and edge midpoints. Check it against the exact value on 200,000
    # random (integer agents, load) points from 1 to 30,000 agents: a point where the
    # interpolation error exceeds its bound would let the filter return a wrong count.
    # (Measured: the largest error is 0.25 of its bound, i.e. the estimate is exact and
    # the 4x safety factor is intact.)
    rng = np.random.default_rng(21)
    c = np.floor(np.exp(rng.uniform(0.0, np.log(30_000.0), 200_000)))
    load = c - rng.uniform(0.0, 6.5, c.size) * np.sqrt(c)
    keep = load > 0
    c, load = c[keep], load[keep]
    approx, bound = staffing._log_b_table(c, load)
    exact = np.log(q.erlang_b(load, c))
    inside = np.isfinite(bound)
    assert inside.mean() > 0.85  # the table covers most of this range
    assert np.all(np.abs(approx - exact)[inside] <= bound[inside])
    assert np.median(bound[inside]) < 1e-3  # and is tight enough to decide most elements


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_required_agents_filter_equals_exact_search(seed: int) -> None:
    # The table filter must return exactly what the exact search returns, element by
    # element, over a range far wider than the default scenario's: 1e-4 to 40 calls/s,
    # handle times 5-2000 s, any target in [0, 0.999), target times incl. 0 and inf,
    # with and without an occupancy cap, and arrays larger than one block.
    rng = np.random.default_rng(seed)
    m = 150_000
    lam = np.exp(rng.uniform(np.log(1e-4), np.log(40.0), m))
    aht = rng.uniform(5.0, 2000.0, m)
    sl = rng.uniform(0.0, 0.999, m)
    t = rng.choice([0.0, 5.0, 20.0, 60.0, 600.0, np.inf], m)
    occ = rng.uniform(0.5, 1.0, m) if seed == 2 else None
    fast = staffing._required_agents_core(lam, aht, sl, t, occ)
    exact = staffing._required_agents_exact(lam, aht, sl, t, occ)
    np.testing.assert_array_equal(fast, exact)


@given(rate=rates, aht=ahts, target=st.floats(0.0, 0.999), t=st.floats(0.0, 600.0))
def test_required_agents_filter_equals_exact_property(
    rate: float, aht: float, target: float, t: float
) -> None:
    args = [np.array([v]) for v in (rate, aht, target, t)]
    assert staffing._required_agents_core(*args) == staffing._required_agents_exact(*args)


def test_broadcasting_and_scalars() -> None:
    out = q.erlang_c(np.array([[5.0], [50.0]]), np.array([6, 60, 80]))
    assert out.shape == (2, 3)
    assert isinstance(q.erlang_b(5.0, 6), np.floating)
    res = q.erlang_a(np.array([0.1, 0.2]), 300.0, 100, 120.0, 20.0)
    assert res.p_wait.shape == (2,)
