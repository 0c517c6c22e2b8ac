"""Engine: randomness invariants, properties on paired paths, validation before running."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ccsim
from ccsim.result import PATH_OUTPUTS
from ccsim.run.chunks import plan

N = 300  # not a multiple of the 256-path block, on purpose


@pytest.fixture(scope="module")
def short(default_scenario):
    """The default scenario over 24 months: fast, and every mechanism still active."""
    return default_scenario.with_overrides({"finance.horizon_months": 24})


def _same(a: ccsim.Result, b: ccsim.Result, options=None, skip=()) -> None:
    for k in PATH_OUTPUTS:
        if k in skip:
            continue
        for o in options or a.options:
            np.testing.assert_array_equal(a.values(k, o), b.values(k, o), err_msg=f"{k}/{o}")


# --------------------------------------------------------------------- randomness


@pytest.mark.parametrize("chunk", [1, 256])
def test_bit_identical_for_any_chunk_size(short, chunk):
    # the reference runs the N = 300 paths (two blocks) in one chunk, the default; a chunk
    # size of one block (1 rounds up to it) runs them in two chunks, 256 + 44 paths. Chunk
    # sizes of 300 or 512 would also run one chunk of two blocks: the same computation as
    # the reference, a comparison that could not fail, so they are not cases here.
    assert list(plan(N)) == [(0, 2)] and list(plan(N, chunk)) == [(0, 1), (1, 2)]
    ref = ccsim.simulate(short, N, seed=11)
    other = ccsim.simulate(short, N, seed=11, chunk_size=chunk)
    _same(ref, other)
    for k in ref.monthly_data:
        np.testing.assert_array_equal(ref.monthly_data[k], other.monthly_data[k])
    for k in ref.inputs:
        np.testing.assert_array_equal(ref.inputs[k], other.inputs[k])


def test_removing_or_adding_an_option_leaves_the_others_unchanged(short):
    ref = ccsim.simulate(short, N, seed=5)
    fewer = ccsim.simulate(short.without_option("nearshore"), N, seed=5)
    _same(ref, fewer, options=["in_house", "onshore", "offshore", "hybrid"])
    # local_jobs_removed is measured against the in-house option (against the month-0
    # headcount when there is none); everything else is unchanged without it
    alone = ccsim.simulate(short.without_option("in_house"), N, seed=5)
    _same(ref, alone, options=["onshore", "offshore", "hybrid"], skip=("local_jobs_removed",))
    extra = short.with_option(ccsim.vendor_option("nearshore", name="colombia", vendor_share=0.7))
    more = ccsim.simulate(extra, N, seed=5)
    _same(ref, more, options=list(short.option_names))


def test_demand_and_shared_shocks_are_common_to_all_options(short):
    """Two in-house options under different names use only shared streams: identical paths."""
    twin = short.with_option(ccsim.in_house_option("in_house_twin"))
    res = ccsim.simulate(twin, N, seed=3)
    for k in PATH_OUTPUTS:
        np.testing.assert_array_equal(res.values(k, "in_house"), res.values(k, "in_house_twin"))
    # and the vendor options are driven by the same fresh demand: with the announcement's
    # morale effects (C22) switched off, their month-0 cost, before any vendor is live,
    # equals the in-house operation's (hiring priced at 0: the vendor options' hiring
    # freeze means they hire fewer agents in month 0)
    calm = short.with_overrides(
        {"staff.morale_productivity_dip": 0.0, "staff.survivor_attrition_multiplier": 1.0,
         "staff.cost_per_hire": 0.0}
    )
    cost0 = ccsim.simulate(calm, N, seed=3).monthly_data["cost"][:, :, 0]
    np.testing.assert_allclose(cost0[1:4], np.broadcast_to(cost0[0], cost0[1:4].shape), rtol=0)


def test_path_i_depends_only_on_seed_and_i(short):
    a = ccsim.simulate(short, 100, seed=9)
    b = ccsim.simulate(short, 700, seed=9)
    for k in PATH_OUTPUTS:
        np.testing.assert_array_equal(a.outputs[k], b.outputs[k][:, :100])


def test_seed_zero_and_reproducibility(short):
    a = ccsim.simulate(short, 256, seed=0)
    b = ccsim.simulate(short, 256, seed=0)
    c = ccsim.simulate(short, 256, seed=1)
    _same(a, b)
    assert not np.array_equal(a.outputs["npv_cost"], c.outputs["npv_cost"])
    # a run without a seed records its entropy and can be repeated from it
    d = ccsim.simulate(short, 256)
    _same(d, ccsim.simulate(short, 256, seed=d.seed))


def test_seed_sequences_and_bit_generators(short):
    # every seed numpy.random.default_rng accepts; the same one repeats the run exactly
    a = ccsim.simulate(short, 256, seed=[2024, 7])
    _same(a, ccsim.simulate(short, 256, seed=(2024, 7)))
    _same(a, ccsim.simulate(short, 256, seed=np.array([2024, 7])))
    _same(a, ccsim.simulate(short, 256, seed=a.seed))
    b = ccsim.simulate(short, 256, seed=[2024, 8])
    assert not np.array_equal(a.outputs["npv_cost"], b.outputs["npv_cost"])
    g = ccsim.simulate(short, 256, seed=np.random.PCG64(3))
    _same(g, ccsim.simulate(short, 256, seed=3))
    with pytest.raises(ValueError, match="non-negative ints only; got -1"):
        ccsim.simulate(short, 256, seed=[1, -1])
    with pytest.raises(TypeError, match=r"non-negative ints only; got 0\.5"):
        ccsim.simulate(short, 256, seed=[1, 0.5])


# --------------------------------------------------------------------- outputs


def test_outputs_are_finite_and_bounded(small_result):
    from ccsim.outputs import VENDOR_PHASE

    df = small_result.paths()
    num = df.select_dtypes("number").drop(columns=list(VENDOR_PHASE))
    assert np.isfinite(num.to_numpy(dtype=float)).all()
    # the vendor phase's means: NaN exactly where no vendor ever served
    served = df["months_with_vendor"] > 0
    for k in VENDOR_PHASE:
        np.testing.assert_array_equal(df[k].isna(), ~served)
    assert (served == (df["option"] != "in_house")).all()
    assert df.loc[served, "vendor_quality_mean"].between(0, 1).all()
    assert df.loc[served, "vendor_csat_mean"].between(0, 100).all()
    # every component is a cost except SLA credits (negative when the vendor pays)
    costs = ["npv_cost", *(c for c in ccsim.engine.COST_COMPONENTS if c != "sla_credits")]
    assert (df[costs] >= 0).all().all()
    assert df["csat_mean"].between(0, 100).all() and df["csat_final"].between(0, 100).all()
    for c in ("service_level_mean", "abandon_rate", "fcr_mean", "quality_mean"):
        assert df[c].between(0, 1).all(), c
    np.testing.assert_allclose(
        df["npv_cost"], df[list(ccsim.engine.COST_COMPONENTS)].sum(axis=1), rtol=1e-12
    )


def test_tables_have_the_documented_shape(small_result):
    s = small_result.summary()
    for c in ("cost_mean", "cost_p05", "cost_p50", "cost_p95", "cost_cvar95", "csat_mean",
              "csat_p05", "p_cheapest", "p_best_csat"):
        assert c in s.columns
    assert s["p_cheapest"].sum() == pytest.approx(1.0)
    assert s["p_best_csat"].sum() == pytest.approx(1.0)
    assert (s["cost_cvar95"] >= s["cost_p95"]).all()
    p = small_result.paths()
    assert len(p) == 5 * 512
    assert {"option", "path", "exit_requested", "locked_in_months", "local_jobs_removed"} <= set(p.columns)
    assert "offshore.staffing.price_per_hour" in p.columns
    assert p["exit_requested"].dtype == bool
    m = small_result.monthly("csat")
    assert list(m.columns) == ["p05", "p25", "p50", "p75", "p95", "mean"]
    assert m.index.names == ["month", "option"] and len(m) == 60 * 5
    assert (m["p05"] <= m["p50"]).all() and (m["p50"] <= m["p95"]).all()
    with pytest.raises(KeyError, match="unknown monthly metric"):
        small_result.monthly("happiness")


def test_summary_matches_a_direct_computation(small_result):
    p = small_result.paths()
    cost = p.pivot(index="path", columns="option", values="npv_cost")[list(small_result.options)]
    s = small_result.summary()
    np.testing.assert_allclose(s["cost_mean"], cost.mean().to_numpy())
    np.testing.assert_allclose(s["cost_p95"], cost.quantile(0.95).to_numpy())
    cheapest = cost.idxmin(axis=1).value_counts(normalize=True)
    np.testing.assert_allclose(s["p_cheapest"], cheapest.reindex(s.index, fill_value=0).to_numpy())
    worst = cost.apply(lambda c: c[c >= c.quantile(0.95)].mean())
    np.testing.assert_allclose(s["cost_cvar95"], worst.to_numpy(), rtol=0.02)


def test_default_run_is_plausible(small_result):
    """Sanity against the calibration, with Monte Carlo tolerance (512 paths)."""
    s = small_result.summary()
    p = small_result.paths().groupby("option", observed=True).mean(numeric_only=True)
    # the current centre is about 150 agents (calibration: ~150-agent US centre)
    hc0 = small_result.monthly("headcount").xs(0, level="month")["p50"]
    assert 120 <= hc0["in_house"] <= 180
    # offshore has the lowest CSAT, in-house the highest (CFI Group: 79 vs 58)
    assert s["csat_mean"].idxmax() == "in_house" and s["csat_mean"].idxmin() == "offshore"
    assert 70 <= s.loc["in_house", "csat_mean"] <= 82
    assert 50 <= s.loc["offshore", "csat_mean"] <= 64
    # vendors cost less in labour and fees than the in-house payroll
    run = ["labour", "vendor_fees", "governance", "hiring_training"]
    assert (p.loc["offshore", run].sum() < p.loc["in_house", run].sum())
    # abandonment near the 5-8% industry benchmark (issue 14: in-house 3-8%); the mean
    # over 512 paths has a standard error below 0.1 point, far inside the band
    assert 0.03 <= s.loc["in_house", "abandon_rate"] <= 0.08


def test_in_house_holds_its_service_level_through_the_seasonal_peak(small_result):
    """Issue 14: hiring a hiring lag ahead of the seasonal forecast and overtime keep the
    in-house median service level at or above 75% in every month, the seasonal peak
    included (it fell to 65% when hiring looked one month ahead), and the realised level
    sits near the 80/20 target rather than far above it (adherence)."""
    sl = small_result.monthly_data["service_level"][small_result.options.index("in_house")]
    med = np.median(sl, axis=0)  # (months,) over 512 paths
    assert med.min() >= 0.75, med.round(3)
    assert 0.75 <= float(np.mean(med)) <= 0.90


# --------------------------------------------------------------------- properties

prop = settings(max_examples=6, deadline=None, derandomize=True)


@prop
@given(o1=st.floats(0, 1), do=st.floats(0.05, 1), seed=st.integers(0, 2**16))
def test_more_oversight_never_lowers_vendor_quality_on_paired_paths(short, o1, do, seed):
    """With exits switched off, quality on every path is monotone in oversight."""
    o2 = min(1.0, o1 + do)
    base = short.with_overrides({"offshore.contract.exit_threshold": 0.0})
    lo = ccsim.simulate(base.with_overrides({"offshore.quality.oversight": o1}), 256, seed=seed)
    hi = ccsim.simulate(base.with_overrides({"offshore.quality.oversight": o2}), 256, seed=seed)
    assert np.all(hi.values("quality_mean", "offshore") >= lo.values("quality_mean", "offshore") - 1e-12)


@prop
@given(a1=st.floats(0.05, 0.5), da=st.floats(0.02, 0.4), seed=st.integers(0, 2**16))
def test_higher_attrition_never_lowers_in_house_cost(short, a1, da, seed):
    """Expected in-house hiring cost and customers lost (over 256 paired paths) rise with
    attrition.

    Pathwise they need not: more leavers can shift when growth hires happen, and so how
    they are discounted; the expectation on common random numbers is what is claimed. The
    total need not rise: at $5,000-7,500 per hire (model v2) attrition also sheds surplus
    staff after the seasonal peak, which saves about as much labour as hiring costs.
    """
    sc = short.without_option("onshore").without_option("nearshore").without_option("offshore")
    lo = ccsim.simulate(sc.with_overrides({"staff.attrition_annual": a1}), 256, seed=seed)
    hi = ccsim.simulate(sc.with_overrides({"staff.attrition_annual": a1 + da}), 256, seed=seed)
    assert (
        hi.values("customers_lost", "in_house").mean()
        >= lo.values("customers_lost", "in_house").mean()
    )
    assert (
        hi.values("hiring_training", "in_house").mean()
        >= lo.values("hiring_training", "in_house").mean()
    )


#: Vendors that fail often and customers dear enough that leaving can pay: exits happen.
FAILING = {
    "offshore.quality.oversight": 0.0, "offshore.quality.initial": 0.6,
    "offshore.contract.exit_threshold": 0.9, "offshore.contract.stabilisation_months": 2,
    "customers.annual_margin": 2000.0,
}


@prop
@given(f1=st.floats(0, 6), df=st.floats(0.1, 6), seed=st.integers(0, 2**16))
def test_larger_exit_fee_never_lowers_cost_of_an_exiting_path(short, f1, df, seed):
    """Where the client leaves at the same month under both fees, the dearer fee costs
    more; a dearer fee may also stop an exit that no longer pays (never start one)."""
    base = short.with_overrides({**FAILING, "offshore.contract.p_unenforceable": 0.0})
    lo = ccsim.simulate(base.with_overrides({"offshore.contract.exit_fee_months": f1}), 256, seed=seed)
    hi = ccsim.simulate(base.with_overrides({"offshore.contract.exit_fee_months": f1 + df}), 256, seed=seed)
    ex_lo = lo.values("exit_requested", "offshore") > 0
    ex_hi = hi.values("exit_requested", "offshore") > 0
    assert ex_lo.any()
    assert not (ex_hi & ~ex_lo).any()
    same = ex_hi & (lo.values("months_with_vendor", "offshore") == hi.values("months_with_vendor", "offshore"))
    assert np.all(hi.values("npv_cost", "offshore")[same] >= lo.values("npv_cost", "offshore")[same])


def test_unenforceable_exit_clause_never_lowers_expected_cost(short):
    """Under the economic exit rule the right to leave early is worth something: making
    every exit clause unenforceable (the client stays until the term ends) does not
    lower the mean cost by more than 3 standard errors of the paired difference."""
    base = short.with_overrides({**FAILING, "finance.horizon_months": 48})
    free = ccsim.simulate(base.with_overrides({"offshore.contract.p_unenforceable": 0.0}), 1024, seed=11)
    held = ccsim.simulate(base.with_overrides({"offshore.contract.p_unenforceable": 1.0}), 1024, seed=11)
    assert free.values("exit_requested", "offshore").mean() > 0.05
    d = held.values("npv_cost", "offshore") - free.values("npv_cost", "offshore")
    assert d.mean() > -3 * d.std(ddof=1) / np.sqrt(d.size)


def test_oversight_sweep_reads_right_on_the_vendor_phase(short):
    """No oversight gives lower vendor quality and vendor CSAT than full oversight, on
    the vendor's own months (not the fallback's), and exits are rarer with oversight."""
    runs = {ov: ccsim.simulate(short.with_overrides({"offshore.quality.oversight": ov}), 512, seed=4)
            for ov in (0.0, 1.0)}
    for k in ("vendor_quality_mean", "vendor_csat_mean"):
        d = runs[1.0].values(k, "offshore") - runs[0.0].values(k, "offshore")
        assert d.mean() > 3 * d.std(ddof=1) / np.sqrt(d.size), k
    for k in ("vendor_quality_mean", "vendor_csat_mean"):
        assert np.isnan(runs[0.0].values(k, "in_house")).all()  # no vendor phase in-house
    assert (runs[0.0].values("exit_requested", "offshore").mean()
            >= runs[1.0].values("exit_requested", "offshore").mean())


def test_no_exit_in_the_stabilisation_window(short):
    """Even a failing vendor is not left within the stabilisation window: exits counted
    by months with the vendor after go-live never fall inside it."""
    sc = short.with_overrides(FAILING)
    res = ccsim.simulate(sc, 512, seed=8)
    ex = res.values("exit_requested", "offshore") > 0
    assert ex.mean() > 0.05
    # an exit needs 2 months of stabilisation, then the notice (3) and a full 3-month
    # window: the vendor serves at least 2 + 1 + 3 months on an exiting path
    served = res.values("months_with_vendor", "offshore")[ex & (res.values("exit_completed", "offshore") > 0)]
    assert served.size and served.min() >= 2 + 1 + 3


def test_overtime_raises_the_peak_service_level(short):
    """Paired: an overtime cap of 10% instead of 0 raises the in-house service level in
    its weakest months, and costs overtime pay (mean labour rises; on a path it can fall,
    as better service means fewer repeat calls and fewer hires)."""
    runs = {c: ccsim.simulate(short.with_overrides({"staff.overtime_cap": c}), 256, seed=6)
            for c in (0.0, 0.1)}
    i = runs[0.0].options.index("in_house")
    sl = {c: r.monthly_data["service_level"][i] for c, r in runs.items()}
    worst = np.argsort(np.median(sl[0.0], axis=0))[:3]  # the three weakest months
    d = (sl[0.1][:, worst] - sl[0.0][:, worst]).mean(axis=1)
    assert d.mean() > 3 * d.std(ddof=1) / np.sqrt(d.size)
    dl = runs[0.1].values("labour", "in_house") - runs[0.0].values("labour", "in_house")
    assert dl.mean() > 3 * dl.std(ddof=1) / np.sqrt(dl.size)


def test_hiring_freeze_before_go_live(short):
    """Once offshore (all calls) is announced, the in-house team hires nobody it would lay
    off at go-live: with go-live in month 4, the headcount of months 0-3 never rises, and
    the hiring bill is below that of a planner who keeps hiring (in-house option)."""
    sc = short.with_overrides({"offshore.setup.lead_months": 4.0})
    res = ccsim.simulate(sc, 128, seed=9)
    hc = res.monthly_data["headcount"][res.options.index("offshore")][:, :4]  # (P, 4)
    assert (np.diff(hc, axis=1) <= 1e-4).all()  # float32 trajectories
    ih = res.monthly_data["headcount"][res.options.index("in_house")][:, :4]
    assert (np.diff(ih, axis=1) > 0).any()  # the in-house plan does hire in these months


def test_temporary_staff_raise_the_service_level_where_overtime_is_not_enough(short):
    """Paired: with no overtime, a temp cap of 20% raises the in-house service level in
    its weakest months and costs agency pay (mean labour rises)."""
    base = short.with_overrides({"staff.overtime_cap": 0.0})
    runs = {c: ccsim.simulate(base.with_overrides({"staff.temp_cap": c}), 256, seed=14)
            for c in (0.0, 0.2)}
    i = runs[0.0].options.index("in_house")
    sl = {c: r.monthly_data["service_level"][i].astype(float) for c, r in runs.items()}
    worst = np.argsort(np.median(sl[0.0], axis=0))[:3]
    d = (sl[0.2][:, worst] - sl[0.0][:, worst]).mean(axis=1)
    assert d.mean() > 3 * d.std(ddof=1) / np.sqrt(d.size)
    dl = runs[0.2].values("labour", "in_house") - runs[0.0].values("labour", "in_house")
    assert dl.mean() > 3 * dl.std(ddof=1) / np.sqrt(dl.size)


def test_go_live_in_waves_softens_the_go_live_dip(short):
    """Paired: with the calls moved over 3 months instead of at once, the offshore option's
    CSAT in its go-live month is higher (only a third of callers meet the all-new team),
    and the option's mean CSAT over the first 6 months too."""
    base = short.with_overrides({"offshore.setup.lead_months": 2.0})
    runs = {w: ccsim.simulate(base.with_overrides({"offshore.setup.waves": w}), 256, seed=12)
            for w in (1, 3)}
    i = runs[1].options.index("offshore")
    cs = {w: r.monthly_data["csat"][i].astype(float) for w, r in runs.items()}
    d = cs[3][:, 2] - cs[1][:, 2]
    assert d.mean() > 3 * d.std(ddof=1) / np.sqrt(d.size)
    assert (cs[3][:, :6].mean(axis=1) - cs[1][:, :6].mean(axis=1)).mean() > 0


def test_retention_bonus_keeps_the_team_until_go_live_and_costs_it(short):
    """Paired: a retention bonus lowers attrition before go-live, so the in-house team of
    the offshore option answers better in the months before go-live; the bonus is booked
    in the transition cost (bonus x agents still there at go-live)."""
    base = short.with_overrides({"offshore.setup.lead_months": 4.0})
    no = ccsim.simulate(base, 256, seed=13)
    yes = ccsim.simulate(base.with_overrides({"staff.retention_bonus": 3_000.0}), 256, seed=13)
    i = no.options.index("offshore")
    sl = (yes.monthly_data["service_level"][i][:, 1:4].astype(float).mean(axis=1)
          - no.monthly_data["service_level"][i][:, 1:4].astype(float).mean(axis=1))
    assert sl.mean() > 3 * sl.std(ddof=1) / np.sqrt(sl.size)
    dt = yes.values("transition", "offshore") - no.values("transition", "offshore")
    hc0 = yes.monthly_data["headcount"][i][:, 0].astype(float)  # the team at the announcement
    # the bonus goes to the agents still there at go-live (month 4): under the hiring
    # freeze at most the month-0 team, and at least (1 - 7%)^4 = 75% of it (halved
    # attrition under 7% a month on any path); discounted 5 months at 6-10% a year (>= 96%);
    # the set-up fee moves by far less
    assert (dt <= 3_000.0 * hc0 * 1.001).all() and (dt >= 0.7 * 3_000.0 * hc0).all()
    np.testing.assert_array_equal(yes.values("transition", "in_house"), no.values("transition", "in_house"))


def test_local_jobs_removed_is_against_the_in_house_option_on_the_same_path(short):
    """Exactly 0 for in-house; for a vendor option the in-house option's mean local FTE
    minus its own (in-house staff, onshore vendor FTE, the retained governance team),
    recomputed here from the monthly headcounts of the two options."""
    res = ccsim.simulate(short, 64, seed=2)
    np.testing.assert_array_equal(res.values("local_jobs_removed", "in_house"), 0.0)
    assert (res.values("local_jobs_removed", "offshore") > 0).all()  # jobs move abroad
    # onshore: the vendor's agents are local, so few jobs move (its FTE replaces the team)
    assert abs(res.values("local_jobs_removed", "onshore").mean()) < 0.2 * res.values(
        "local_jobs_removed", "offshore").mean()


@prop
@given(
    overrides=st.fixed_dictionaries(
        {
            "demand.base_volume": st.floats(1.0, 5e5),
            "offshore.quality.oversight": st.floats(0, 1),
            "service.shrinkage": st.floats(0, 0.6),
            "staff.attrition_annual": st.floats(0, 0.9),
            "hybrid.vendor_share": st.floats(0, 1),
            "offshore.contract.exit_threshold": st.floats(0, 1),
        }
    ),
    seed=st.integers(0, 2**16),
)
def test_costs_finite_nonnegative_and_csat_bounded(short, overrides, seed):
    from ccsim.outputs import VENDOR_PHASE

    res = ccsim.simulate(short.with_overrides(overrides), 256, seed=seed, keep_monthly=False)
    df = res.paths()
    num = df.select_dtypes("number").drop(columns=list(VENDOR_PHASE)).to_numpy(dtype=float)
    assert np.isfinite(num).all()
    costs = ["npv_cost", *(c for c in ccsim.engine.COST_COMPONENTS if c != "sla_credits")]
    assert (df[costs] >= 0).all().all()
    assert df["csat_mean"].between(0, 100).all()


# --------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"n_paths": 0}, ValueError, r"n_paths = 0 is outside the allowed range \[1, inf\)"),
        ({"n_paths": 2.5}, TypeError, "n_paths must be an integer"),
        ({"chunk_size": 0}, ValueError, "chunk_size"),
        ({"seed": -3}, ValueError, "seed must be a non-negative integer"),
        ({"sampler": "magic"}, ValueError, "sampler"),
    ],
)
def test_bad_arguments_raise_before_running(short, kwargs, exc, match):
    args = {"n_paths": 256, **kwargs}
    with pytest.raises(exc, match=match):
        ccsim.simulate(short, **args)


def test_scenario_type_is_checked():
    with pytest.raises(TypeError, match=r"ccsim\.Scenario"):
        ccsim.simulate({"not": "a scenario"}, 10)


def test_default_call_works():
    res = ccsim.simulate(n_paths=256, seed=1)
    assert isinstance(res.summary(), pd.DataFrame)
    assert "5 options x 256 paths" in repr(res)


# --------------------------------------------------------------------- parameters


def test_params_mirror_the_scenario_parts(default_scenario):
    """Every scenario input reaches the engine under its own name, and nothing else."""
    from dataclasses import fields

    from ccsim.engine import params
    from ccsim.scenario import parts

    def names(cls):
        return {f.name for f in fields(cls)}

    company = {
        "finance": (parts.Finance, params.Finance), "demand": (parts.Demand, params.Demand),
        "service": (parts.Service, params.Service), "staff": (parts.Staff, params.Staff),
        "customers": (parts.Customers, params.Customers),
        "satisfaction": (parts.Satisfaction, params.Satisfaction),
        "breach": (parts.Breach, params.Breach),
    }
    for name, (scen, eng) in company.items():
        expected = names(scen) - ({"horizon_months"} if name == "finance" else set())
        assert names(eng) == expected, name
    option = {
        "staffing": (parts.VendorStaffing, params.VendorStaffing),
        "language": (parts.Language, params.Language), "quality": (parts.Quality, params.Quality),
        "contract": (parts.Contract, params.Contract),
        "handle_time": (parts.HandleTime, params.HandleTime), "setup": (parts.Setup, params.Setup),
    }
    # the pricing model and its four prices become one unit price per option
    # (params.Vendor.pricing / unit_price), so the contract group carries the rest
    priced = {"pricing", "price_per_fte_month", "price_per_call", "price_per_minute"}
    for name, (scen, eng) in option.items():
        assert names(eng) == names(scen) - (priced if name == "contract" else set()), name
    assert {f.name for f in fields(params.Vendor)} >= set(option) | {"pricing", "unit_price"}


def test_params_values_and_neutral_rows(default_scenario):
    """Constants are floats, uncertain inputs their (P,) draws, option parameters (O, P)
    with the neutral value on the in-house rows."""
    from ccsim.engine import params
    from ccsim.sampling.inputs import draw_inputs
    from ccsim.sampling.streams import ChunkStreams, SeedRoot

    sc = default_scenario
    draws = draw_inputs(sc, ChunkStreams(SeedRoot(1), 0, 1))
    prm = params.build(sc, draws, 256)
    o = sc.option_names.index("offshore")
    ih = sc.option_names.index("in_house")
    for path, got in (
        ("staff.attrition_annual", prm.staff.attrition_annual),
        ("finance.discount_rate_annual", prm.finance.discount_rate_annual),
    ):
        if path in draws:
            assert got is draws[path]
        else:
            assert got == float(sc.get(path))
    fee = prm.vendor.contract.exit_fee_months
    assert fee.shape == (len(sc.options), 256)
    want = draws.get("offshore.contract.exit_fee_months", sc.get("offshore.contract.exit_fee_months"))
    np.testing.assert_array_equal(fee[o], np.broadcast_to(want, (256,)))
    assert (fee[ih] == 0.0).all()
    assert (prm.vendor.language.aht_factor[ih] == 1.0).all()
    assert (prm.vendor.quality.initial[ih] == 1.0).all()
    assert prm.vendor.is_vendor[:, 0].tolist() == [opt.is_vendor for opt in sc.options]


def test_old_output_name_exited_still_works_with_a_warning(small_result):
    with pytest.warns(DeprecationWarning, match="'exited' is now 'exit_requested'"):
        old = small_result.values("exited", "offshore")
    np.testing.assert_array_equal(old, small_result.values("exit_requested", "offshore"))


# ------------------------------------------------------------------- hybrid routing


def _hybrids(short, **kw):
    sc = short
    for routing, share in (("overflow", 0.5), ("peak", 0.3)):
        sc = sc.with_option(ccsim.vendor_option(
            "offshore", name=f"hybrid_{routing}", vendor_share=share, routing=routing, **kw))
    return sc


def test_split_routing_is_the_default_and_unchanged(short):
    """routing = "split" spelled out gives the default hybrid's paths bit for bit, and
    adding routed hybrids leaves every other option unchanged."""
    ref = ccsim.simulate(short, 256, seed=8)
    spelled = short.with_overrides({"hybrid.routing": "split"})
    _same(ref, ccsim.simulate(spelled, 256, seed=8))
    more = ccsim.simulate(_hybrids(short), 256, seed=8)
    _same(ref, more, options=list(short.option_names))


def test_overflow_hybrid_answers_more_within_target_than_in_house_alone_and_split(short):
    """Paired paths (common random numbers): an overflow hybrid's in-house team answers
    every call it keeps at once and passes the vendor only the calls that find no agent
    free, so it answers more calls within target than in-house alone (about 6 points of
    service level by default) and than the split hybrid of the same share. Each mean
    paired gain must exceed three standard errors: the path differences are independent,
    so this fails by chance with probability ~1e-3 only if there were no gain."""
    res = ccsim.simulate(_hybrids(short), N, seed=21)
    over = res.values("service_level_mean", "hybrid_overflow")
    for other in ("in_house", "hybrid"):
        d = over - res.values("service_level_mean", other)
        assert d.mean() > 3.0 * d.std(ddof=1) / np.sqrt(d.size), other


def test_by_type_hybrid_sends_the_vendor_simple_contacts(short, monkeypatch):
    """A by_type hybrid of the default hybrid's share (50%, below the 40-70% simple share)
    against that split hybrid, month by month from the engine's step on the same paths:
    both teams get the same share of the calls, but the vendor's handle-time factor is
    its language and technology factor times the type factor of its all-simple mix, and the in-house planner's
    handle time the split's times its complex-heavy mix's factor (both to rounding); the
    vendor then resolves more, so its callers'
    CSAT is higher on average over paired paths (three standard errors)."""
    from ccsim.mechanisms import routing
    from tests.oracles.engine_calls import record

    # new hires as fast as tenured agents and no morale dip: the planner's handle time of
    # the two options then differs by the contact mix alone
    sc = short.with_overrides({"staff.new_hire_aht_factor": 1.0,
                               "staff.morale_productivity_dip": 0.0})
    sc = sc.with_option(ccsim.vendor_option("offshore", name="typed", vendor_share=0.5,
                                            routing="by_type"))
    draws, calls = record(sc, 5, monkeypatch, "answer", "start")
    seen = [(args[0], kw["p"].live, a) for args, kw, a in calls["answer"]]
    fixed = [(args[0], out[0]) for args, _, out in calls["start"]]
    o_t, o_s = sc.option_names.index("typed"), sc.option_names.index("hybrid")
    s, r = draws["demand.simple_share"], draws["demand.simple_aht_ratio"]
    fv = np.minimum(0.5, s) / 0.5
    fih = (s - 0.5 * fv) / 0.5
    want_v = (fv * r + 1 - fv) / (s * r + 1 - s)
    want_ih = (fih * r + 1 - fih) / (s * r + 1 - s)
    n_live = 0
    for _t, live, a in seen:
        on = live[o_t] & live[o_s]
        if not on.any():
            continue
        n_live += 1
        np.testing.assert_allclose(a.share_vendor[o_t][on], a.share_vendor[o_s][on], rtol=1e-12)
        rih = (a.aht_in_house_plan[o_t] / a.aht_in_house_plan[o_s])[on]
        np.testing.assert_allclose(rih, want_ih[on], rtol=1e-12)
    assert n_live > 10 and (want_v < 0.9).all() and (want_ih > 1.1).all()
    # the vendor's handle-time factor: language times technology, times its mix's factor
    # (exactly 1 for the split hybrid)
    prm, fx = fixed[0]
    vp = prm.vendor
    base = np.broadcast_to(vp.language.aht_factor * vp.handle_time.tech_factor, fx.golive.shape)
    np.testing.assert_allclose(fx.vendor_aht_factor[o_t] / base[o_t], want_v, rtol=1e-12)
    np.testing.assert_allclose(fx.vendor_aht_factor[o_s], base[o_s], rtol=1e-15)
    res = ccsim.simulate(sc, N, seed=22)
    d = res.values("vendor_csat_mean", "typed") - res.values("vendor_csat_mean", "hybrid")
    assert d.mean() > 3.0 * d.std(ddof=1) / np.sqrt(d.size)
    assert routing.BY_TYPE == ccsim.scenario.parts.ROUTINGS.index("by_type")


def test_routing_sends_the_vendor_the_right_calls(short, monkeypatch):
    """Month by month from the engine's own step: a peak hybrid's vendor is offered
    nothing outside the peak season and inside it the excess over the in-house capacity
    ``max(1, 0.7 (1 + A))`` of the season's mean level (issue 28 item 5); an overflow hybrid's
    vendor nothing before go-live, and after it a share of the calls that is larger in
    the peak season."""
    from ccsim.mechanisms import demand
    from tests.oracles.engine_calls import record

    sc = _hybrids(short)
    _, calls = record(sc, 4, monkeypatch, "answer")
    seen = [(args[0], kw["p"].live, a) for args, kw, a in calls["answer"]]
    amp = np.asarray(calls["answer"][0][1]["prm"].demand.seasonal_amplitude)
    o_peak, o_over = sc.option_names.index("hybrid_peak"), sc.option_names.index("hybrid_overflow")
    peak = demand.in_peak_season(month=np.arange(sc.horizon), peak_month=sc.demand.peak_month,
                                 start_month=sc.demand.start_month)
    assert 0 < peak.sum() < sc.horizon
    for t, live, a in seen:
        total = a.offered_in_house + a.offered_vendor
        if peak[t]:
            cal = (sc.demand.start_month - 1 + t) % 12 + 1
            season = 1.0 + amp * np.cos(2.0 * np.pi * (cal - sc.demand.peak_month) / 12.0)
            excess = np.maximum(0.0, 1.0 - np.maximum(1.0, 0.7 * (1.0 + amp)) / season)
            np.testing.assert_allclose(a.offered_vendor[o_peak],
                                       excess * total[o_peak] * live[o_peak], rtol=1e-12)
        else:
            assert (a.offered_vendor[o_peak] == 0).all() and (a.vendor_fte[o_peak] == 0).all()
        assert (a.offered_vendor[o_over] >= 0).all()
        assert (a.offered_vendor[o_over][~live[o_over]] == 0).all()
    # after go-live the overflow vendor takes a share strictly between 0 and all of the
    # calls (those finding no in-house agent free), larger in the peak season than off it
    shares = {True: [], False: []}
    for t, live, a in seen:
        total = a.offered_in_house + a.offered_vendor
        on = live[o_over]
        shares[bool(peak[t])].append((a.offered_vendor[o_over] / total[o_over])[on])
    peak_share, off_share = (np.concatenate(shares[k]) for k in (True, False))
    assert ((peak_share > 0) & (peak_share < 1)).all() and ((off_share > 0) & (off_share < 1)).all()
    assert peak_share.mean() > off_share.mean()


_MONTH0_INPUTS = (
    "demand.base_volume", "demand.callback_rate", "demand.seasonal_amplitude",
    "demand.trend_annual", "service.aht_s", "service.busy_hour_factor",
    "service.open_hours_per_month", "service.paid_hours_per_month", "service.schedule_efficiency",
    "service.shrinkage", "service.target_sl", "service.target_time_s", "staff.attrition_annual",
    "staff.fcr", "staff.new_hire_aht_factor", "staff.ramp_weeks", "staff.tech_trend_annual",
)


@pytest.mark.parametrize("over", [{}, {"staff.ramp_weeks": 0.0}, {"demand.base_volume": 31_000.0,
                                                                    "service.aht_s": 480.0}])
def test_sizing_and_the_engine_plan_month_0_alike(over):
    """``run.sizing.month0_plan`` and the engine's month-0 team are one plan
    (``workforce.month0_plan``): with the inputs it reads fixed at their central values,
    every path of the engine starts with exactly the sized FTE, also without a ramp
    (where the two once took different ramp deficits) and at another volume."""
    from ccsim.engine import chunk, month, params
    from ccsim.run import sizing
    from ccsim.sampling.streams import ChunkStreams, SeedRoot

    sc = ccsim.default_scenario()
    sc = sc.with_overrides({p: sizing._central(sc, p) for p in _MONTH0_INPUTS})
    sc = sc.with_overrides(over)
    assert sc.staff.headcount is None
    draws, rnd = chunk.draw_chunk(sc, ChunkStreams(SeedRoot(11), 0, 1))
    prm = params.build(sc, draws, rnd["fresh"].shape[1])
    fx, state = month.start(prm, params.Streams.from_dict(rnd))
    want = sizing.month0_plan(sc)
    assert want > 10
    np.testing.assert_array_equal(fx.initial_headcount, np.full(prm.n_paths, want))
    np.testing.assert_array_equal(state.headcount, want)


def test_no_ramp_starts_without_a_deficit_in_the_engine_and_the_loop_model():
    """With ``ramp_weeks = 0`` (in-house and vendors) a hire is at full pace on arrival:
    the month-0 ramp deficit is 0 (the fixed point of the ramp update, not the monthly
    leaving rate), and the loop model follows the engine path by path on every output
    (1e-9, as in tests/engine/test_loop_model.py)."""
    from ccsim.engine import chunk, month, params
    from ccsim.sampling.streams import ChunkStreams, SeedRoot
    from tests.oracles import loop_model as models

    sc = ccsim.default_scenario()
    vendors = [o.name for o in sc.options if o.is_vendor]
    sc = sc.with_overrides({"finance.horizon_months": 24, "staff.ramp_weeks": 0.0,
                            **{f"{o}.staffing.ramp_weeks": 0.0 for o in vendors}})
    draws, rnd = chunk.draw_chunk(sc, ChunkStreams(SeedRoot(31), 0, 1))
    prm = params.build(sc, draws, rnd["fresh"].shape[1])
    fx, state = month.start(prm, params.Streams.from_dict(rnd))
    assert (state.ramp_in_house == 0.0).all() and (fx.vendor_steady_deficit == 0.0).all()
    eng = chunk.compute_chunk(sc, draws, rnd, False).paths
    paths = range(3, 256, 32)
    lm = models.loop_model(sc, draws, rnd, paths)
    for k in models.LOOP_OUTPUTS:
        np.testing.assert_allclose(lm[k], eng[k][:, list(paths)], rtol=1e-9, atol=1e-9, err_msg=k)
