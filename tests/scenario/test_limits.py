"""Regression tests for issue 17 (hardening): every case the attack found, one test each.

Bad input must raise :class:`ccsim.ScenarioError` naming the parameter, its value and the
allowed range before anything is simulated; accepted input must give finite outputs; the
queueing formulas must stay accurate (and terminate) at any size; the sweep store must
detect corruption and refuse concurrent writers; scenario files may only build
distributions.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time

import numpy as np
import pytest
from scipy import stats

import ccsim
from ccsim import dist
from ccsim.errors import ScenarioError, ScenarioFileError, ScenarioTypeError, UnknownParameterError
from ccsim.queueing import erlang_a, erlang_c, formulas, required_agents, service_level
from ccsim.scenario.parts import SAMPLER_U_MAX

# --------------------------------------------------------------------------- error family


def test_one_error_family_is_exported():
    assert ccsim.ScenarioError is ScenarioError
    assert issubclass(ScenarioError, ValueError)
    assert issubclass(ccsim.ScenarioFileError, ScenarioError)
    assert ccsim.ScenarioFileError is ScenarioFileError
    # the subclasses keep the built-in types callers may already catch
    assert issubclass(UnknownParameterError, KeyError)
    assert issubclass(ScenarioTypeError, TypeError)


@pytest.mark.parametrize(
    ("overrides", "match"),
    [
        (["service.aht_s", 1.0], r"mapping .*list"),
        ({1: 2.0}, r"paths must be strings.*got 1"),
        ({("service", "aht_s"): 2.0}, r"paths must be strings"),
        ({"service.aht_s": [1.0, 2.0]}, r"service\.aht_s must be a number.*\[1\.0, 2\.0\]"),
        ({"service.aht_s": "200"}, r"service\.aht_s must be a number"),
        ({"no.such_path": 1.0}, r"unknown parameter path 'no\.such_path'"),
    ],
)
def test_with_overrides_bad_arguments_raise_scenario_error(default_scenario, overrides, match):
    with pytest.raises(ScenarioError, match=match):
        default_scenario.with_overrides(overrides)


def test_with_overrides_checks_name_and_keywords(default_scenario):
    with pytest.raises(ScenarioError, match=r"Scenario\.name must be a string, got 123"):
        default_scenario.with_overrides(name=123)
    with pytest.raises(ScenarioError, match=r"unknown keyword 'horizon'"):
        default_scenario.with_overrides(horizon=12)
    with pytest.raises(ScenarioError, match=r"rho"):
        default_scenario.with_overrides(correlations=[("a", "b")])


def test_unknown_path_is_both_scenario_error_and_key_error(default_scenario):
    with pytest.raises(KeyError):
        default_scenario.with_overrides({"service.aht": 1.0})
    with pytest.raises(ScenarioError, match=r"closest valid paths: service\.aht_s"):
        default_scenario.with_overrides({"service.aht": 1.0})


# --------------------------------------------------------------------------------- limits


def test_every_parameter_has_a_finite_range(default_scenario):
    for path, _, meta in default_scenario.parameters():
        lo, hi = meta["range"]
        assert math.isfinite(lo) and math.isfinite(hi), path


# the inputs the attack found accepted at infinity or 1e308 (hangs, overflow, NaN)
_UNBOUNDED = [
    ("service.aht_s", math.inf, r"\(0, 14400\] s"),
    ("service.aht_s", 1e308, r"\(0, 14400\] s"),
    ("service.patience_s", 1e14, r"\[1, 86400\] s"),
    ("service.patience_s", 1e308, r"\[1, 86400\] s"),
    ("demand.base_volume", math.inf, r"0 or \[1, 1e\+09\] calls/month"),
    ("staff.headcount", math.inf, r"\[0, 1e\+06\] FTE"),
    ("staff.headcount", 1e308, r"\[0, 1e\+06\] FTE"),
    ("staff.headcount", 10**400, r"\[0, 1e\+06\] FTE"),
    ("staff.hourly_cost", 1e160, r"\[0, 10000\] \$/paid hour"),
    ("customers.annual_margin", 1e308, r"\[0, 1e\+06\] \$/customer-year"),
    ("breach.cost_per_record", 1e308, r"\[0, 10000\] \$"),
    ("breach.share_exposed", math.inf, r"\[0, 10000\] share of a year's customers"),
    ("offshore.staffing.price_per_hour", 1e308, r"0 or \[0.01, 10000\] \$/productive hour"),
    ("service.aht_s", math.nan, r"NaN"),
]


@pytest.mark.parametrize(("path", "value", "rng"), _UNBOUNDED)
def test_unbounded_values_are_refused_naming_path_value_and_range(
    default_scenario, path, value, rng
):
    with pytest.raises(ScenarioError, match=rf"{path.replace('.', chr(92) + '.')}.*{rng}"):
        default_scenario.with_overrides({path: value})


def test_limits_are_refused_through_toml_too(default_scenario, tmp_path):
    p = tmp_path / "s.toml"
    default_scenario.to_toml(p)
    text = p.read_text(encoding="utf-8")
    for old, new in (("aht_s = ", "aht_s = inf #"), ("headcount", "headcount = inf #")):
        bad = text.replace(old, new, 1) if old in text else text.replace(
            "[staff]\n", "[staff]\nheadcount = inf\n", 1)
        q = tmp_path / "bad.toml"
        q.write_text(bad, encoding="utf-8")
        with pytest.raises(ScenarioFileError, match=r"outside the allowed range"):
            ccsim.Scenario.from_toml(q)


def test_distributions_are_checked_at_the_largest_quantile_a_sampler_draws(default_scenario):
    # rule: [ppf(0), ppf(1 - 2**-53)] must lie in the range. A log-normal whose top
    # reachable quantile is just under / just over aht_s's 14400 s limit:
    z = float(stats.norm.ppf(SAMPLER_U_MAX))  # ~8.21, independent of ccsim
    sigma = 0.5
    under = dist.LogNormal(math.log(14400.0) - sigma * z - 1e-6, sigma)
    over = dist.LogNormal(math.log(14400.0) - sigma * z + 1e-3, sigma)
    assert default_scenario.with_overrides({"service.aht_s": under}).get("service.aht_s") == under
    with pytest.raises(ScenarioError, match=r"service\.aht_s.*reaches 14[0-9.]+.*\(0, 14400\]"):
        default_scenario.with_overrides({"service.aht_s": over})
    # and the samplers indeed never exceed that quantile: numpy's largest uniform
    assert np.nextafter(1.0, 0.0) == SAMPLER_U_MAX


def test_simulation_at_the_limits_is_finite(default_scenario):
    sc = default_scenario.with_overrides({
        "finance.horizon_months": 6,
        "service.aht_s": 14400.0,
        "service.patience_s": 86400.0,
        "demand.base_volume": 1e9,
        "demand.trend_annual": 0.0,  # a growing volume would leave base_volume's range
        "staff.headcount": 10**6,
        "staff.hourly_cost": 1e4,
        "customers.annual_margin": 1e6,
        "breach.cost_per_record": 1e4,
        "offshore.staffing.price_per_hour": 1e4,
    })
    t0 = time.perf_counter()
    from ccsim.run.sizing import SizingWarning

    with pytest.warns(SizingWarning):  # 1e6 agents for 1e9 calls: said, then simulated
        res = ccsim.simulate(sc, n_paths=16, seed=1)
    assert time.perf_counter() - t0 < 120  # it used to never return
    num = res.summary().select_dtypes("number").to_numpy()
    assert np.isfinite(num).all()
    for o in res.options:
        assert (res.values("npv_cost", o) >= 0).all()



def test_attrition_above_100_percent_a_year_can_be_entered_and_is_finite(default_scenario):
    """Offshore turnover of 120% a year is common: it validates and simulates to finite
    numbers; above the bound of 300% a year it is refused, naming path, value and range."""
    sc = default_scenario.with_overrides({
        "finance.horizon_months": 12,
        "offshore.staffing.attrition_annual": 1.2,
        "staff.attrition_annual": 1.2,
    })
    res = ccsim.simulate(sc, n_paths=64, seed=3)
    assert np.isfinite(res.summary().select_dtypes("number").to_numpy()).all()
    base = ccsim.simulate(sc.with_overrides({"staff.attrition_annual": 0.3}), n_paths=64, seed=3)
    # more turnover, more hires: the in-house hiring bill rises on the same paths
    assert res.values("hiring_training", "in_house").mean() > base.values("hiring_training", "in_house").mean()
    with pytest.raises(ScenarioError, match=r"offshore\.staffing\.attrition_annual = 3\.5 .*\[0, 3\]"):
        default_scenario.with_overrides({"offshore.staffing.attrition_annual": 3.5})

# ------------------------------------------------------------------------------ queueing


@pytest.mark.parametrize("patience", [1e15, 1e20, 1e100, 1e307])
def test_erlang_a_at_endless_patience_is_its_erlang_c_limit(patience):
    # the case: 10 Erlangs on 12 agents, target 20 s; Erlang C gives SL 0.640
    lam, aht, c, t = 100 / 1800, 180.0, 12, 20.0
    res = erlang_a(lam, aht, c, patience, t)
    assert float(res.p_wait) == pytest.approx(float(erlang_c(lam * aht, c)), rel=1e-12)
    assert float(res.service_level) == pytest.approx(float(service_level(lam, aht, c, t)), rel=1e-12)
    assert float(res.service_level) == pytest.approx(0.6401580, abs=1e-6)
    assert float(res.p_abandon) == 0.0


@pytest.mark.parametrize(("load", "c"), [(10.0, 12), (10.0, 11), (3.0, 4), (1800.0, 1801), (1800.0, 1900)])
def test_erlang_a_converges_monotonically_to_erlang_c(load, c):
    # Abandonment falls as patience grows, and to first order it is E[wait] / patience
    # with E[wait] = C aht / (c - load), Erlang C's mean wait (an independent formula):
    # the relative gap to it must shrink steadily as patience grows. The bug gave 12%
    # abandonment at 1e20 s and wrong values from ~1e8 s at c ~ 1800.
    aht = 180.0
    lam = load / aht
    pats = np.logspace(3, 20, 69)
    res = erlang_a(np.full(pats.size, lam), aht, c, pats, 20.0)
    pab = np.asarray(res.p_abandon)
    assert np.all(np.diff(pab) <= 0.0)
    mean_wait = float(erlang_c(load, c)) * aht / (c - load)
    ratio = pats * (c - load) / aht  # patience in units of the Erlang C mean wait given wait
    first = (ratio > 1e3) & (pab > 0)
    gap = np.abs(pab[first] / (mean_wait / pats[first]) - 1.0)
    assert first.sum() >= 8 and np.all(np.diff(gap) < 0)
    if c / (c - load) < 25:  # not critically loaded: the first-order term dominates early
        assert gap[ratio[first] > 1e5].max() < 5e-4
    # beyond the switch, exactly Erlang C
    sl_c = float(service_level(lam, aht, c, 20.0))
    assert float(np.asarray(res.service_level)[-1]) == sl_c
    assert float(np.asarray(res.p_wait)[-1]) == float(erlang_c(load, c))


def test_erlang_a_overloaded_with_endless_patience_is_finite():
    # 10 Erlangs on 9 agents: a tenth of callers must abandon however patient they are
    for patience in (1e6, 1e12, 1e20, 1e307):
        res = erlang_a(10 / 180, 180.0, 9, patience, 20.0)
        vals = [float(v) for v in (res.p_wait, res.service_level, res.p_abandon, res.asa)]
        assert all(math.isfinite(v) for v in vals)
        assert float(res.p_abandon) == pytest.approx(0.1, abs=1e-9)


def test_temme_log_p_matches_the_series_where_scipy_drifts():
    # independent method: the series sum_k y^k / ((s+1)...(s+k)) (exact up to rounding)
    s = np.array([1e6, 1e7, 1e8, 1e8])
    y = s * np.array([0.99, 0.9995, 0.9994, 0.9])
    np.testing.assert_allclose(formulas._log_p_temme(s, y), formulas._log_p_series(s, y), rtol=1e-11)


def test_required_agents_refuses_loads_beyond_exact_counting():
    t0 = time.perf_counter()
    with pytest.raises(ValueError, match=r"load 1\.8\d*e\+16 Erlangs.*2\*\*52"):
        required_agents(1.0, 2.0**54, 0.8, 20.0)
    with pytest.raises(ValueError, match=r"max_occupancy = 1e-300"):
        required_agents(100 / 1800, 180.0, 0.8, 20.0, max_occupancy=1e-300)
    assert time.perf_counter() - t0 < 5  # it used to loop forever


def test_required_agents_large_but_countable_loads():
    # a tiny occupancy cap that is still countable: exactly ceil(load / cap) agents
    n = int(required_agents(100 / 1800, 180.0, 0.8, 20.0, max_occupancy=1e-6))
    assert n == math.ceil(10.0 / 1e-6)
    big = int(required_agents(1e9, 180.0, 0.8, 20.0))
    assert big > 180e9 and big < 180e9 + 1e6  # square-root staffing: load + O(sqrt(load))


# ------------------------------------------------------------------------------ CSAT


def test_csat_never_exceeds_100(default_scenario):
    sc = default_scenario.with_overrides({
        "finance.horizon_months": 12,
        "satisfaction.csat_ref": 100.0,
        "satisfaction.fcr_slope": 0.0,
        "satisfaction.sl_slope": 0.0,
        "breach.annual_prob": 0.0,
        **{f"{o}.language.csat_penalty": 0.0 for o in default_scenario.option_names if o != "in_house"},
    })
    res = ccsim.simulate(sc, n_paths=512, seed=3)
    for o in res.options:
        assert res.values("csat_final", o).max() <= 100.0
        assert res.values("csat_mean", o).max() <= 100.0


# ------------------------------------------------------------------------------ security


def test_toml_scipy_loader_builds_only_continuous_distributions(default_scenario, tmp_path,
                                                                 monkeypatch):
    called = []
    monkeypatch.setattr(stats, "planted_callable", lambda *a, **k: called.append(a), raising=False)
    p = tmp_path / "s.toml"
    default_scenario.to_toml(p)
    text = p.read_text(encoding="utf-8")
    for name, match in [
        ("__class__", "public identifier"),
        ("_continuous_distns", "public identifier"),
        ("planted_callable", "not a continuous distribution"),
        ("ttest_ind", "not a continuous distribution"),
        ("poisson", "not a continuous distribution"),
        ("rv_continuous", "not a continuous distribution"),
    ]:
        bad = text.replace(
            "trend_annual = ", f'trend_annual = {{ dist = "scipy", name = "{name}" }} #', 1
        )
        q = tmp_path / "bad.toml"
        q.write_text(bad, encoding="utf-8")
        with pytest.raises(ScenarioFileError, match=match):
            ccsim.Scenario.from_toml(q)
    assert called == []
    # a real continuous distribution is accepted, and its arguments must be numbers
    ok = text.replace("trend_annual = ", 'trend_annual = { dist = "scipy", name = "uniform", '
                      "args = [0.0, 0.05] } #", 1)
    (tmp_path / "ok.toml").write_text(ok, encoding="utf-8")
    sc = ccsim.Scenario.from_toml(tmp_path / "ok.toml")
    assert sc.get("demand.trend_annual").ppf(1.0) == pytest.approx(0.05)
    with pytest.raises(ValueError, match="finite number"):
        dist.from_dict({"dist": "scipy", "name": "gamma", "args": ["2"]})
    with pytest.raises(TypeError, match="continuous"):
        dist.ScipyDist(stats.poisson(3.0))


def test_deeply_nested_toml_is_a_file_error(tmp_path):
    p = tmp_path / "deep.toml"
    p.write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    with pytest.raises(ScenarioFileError, match="nested too deeply"):
        ccsim.Scenario.from_toml(p)


def test_directory_and_binary_files_are_file_errors(tmp_path):
    with pytest.raises(ScenarioFileError, match="is a directory"):
        ccsim.Scenario.from_toml(tmp_path)
    p = tmp_path / "bin.toml"
    p.write_bytes(b"name = \"\xff\xfe\"\n")
    with pytest.raises(ScenarioFileError, match="UTF-8"):
        ccsim.Scenario.from_toml(p)


@pytest.mark.parametrize("name", ["caf\u00e9 \U0001F680 plan", 'quote " and \\ backslash', "tab\there"])
def test_scenario_names_round_trip_through_toml(default_scenario, tmp_path, name):
    sc = default_scenario.with_overrides(name=name)
    sc.to_toml(tmp_path / "n.toml")
    assert ccsim.Scenario.from_toml(tmp_path / "n.toml").name == name


@pytest.mark.parametrize("name", ["bell\x07", "del\x7f", "lone \ud800 surrogate"])
def test_names_that_cannot_be_saved_are_refused(default_scenario, name):
    with pytest.raises(ScenarioError, match=r"Scenario\.name .* contains the character"):
        default_scenario.with_overrides(name=name)


def test_local_dask_dashboard_binds_to_loopback(monkeypatch):
    distributed = pytest.importorskip("distributed")
    from ccsim.run import parallel

    seen = {}

    class Stop(Exception):
        pass

    def fake_cluster(**kw):
        seen.update(kw)
        raise Stop

    monkeypatch.setattr(distributed, "LocalCluster", fake_cluster)
    with pytest.raises(Stop):
        next(parallel._dask(len, [("x",)], 1, None))
    assert seen["dashboard_address"].startswith("127.0.0.1:")


# ------------------------------------------------------------------------------ sweep store


GRID = {"offshore.quality.oversight": [0.0, 1.0]}


@pytest.fixture(scope="module")
def short():
    return ccsim.default_scenario().with_overrides({"finance.horizon_months": 6})


def test_store_records_and_verifies_a_checksum_per_point(short, tmp_path):
    from ccsim.run.sweep import StoreError, sweep

    store = tmp_path / "store"
    sweep(short, GRID, n_paths=64, seed=4, store=store)
    manifest = json.loads((store / "manifest.json").read_text())
    files = sorted(store.glob("point-*.parquet"))
    assert len(manifest["sha256"]) == len(files) == 2
    # flip one bit in the middle of a point file
    data = bytearray(files[0].read_bytes())
    data[len(data) // 2] ^= 0x10
    files[0].write_bytes(bytes(data))
    with pytest.raises(StoreError, match=rf"{files[0].name}.*SHA-256"):
        sweep(short, GRID, n_paths=64, seed=4, store=store)
    assert not (store / "sweep.lock").exists()  # the failed run released its lock


def test_store_lock_refuses_a_second_sweep_and_reports_a_stale_one(short, tmp_path):
    from ccsim.run.sweep import StoreError, _Store, sweep

    store = tmp_path / "store"
    held = _Store(store)  # a run in progress (this process is alive)
    with pytest.raises(StoreError, match=r"in use by another sweep \(this process"):
        sweep(short, GRID, n_paths=64, seed=4, store=store)
    held.close()
    assert not (store / "sweep.lock").exists()
    # a lock left by a process that no longer runs
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    pid = int(dead.stdout)
    import socket

    (store / "sweep.lock").write_text(json.dumps({"pid": pid, "host": socket.gethostname()}))
    # is taken over, with a warning (issue 31: it used to be refused until removed by hand)
    from ccsim.run.sweep import StaleLockWarning

    with pytest.warns(StaleLockWarning, match=rf"stale lock.*process {pid}"):
        res = sweep(short, GRID, n_paths=64, seed=4, store=store)
    assert len(res.meta["computed"]) == 2
    assert not (store / "sweep.lock").exists()  # and released at the end


def test_starting_run_keeps_a_live_process_temp_file(short, tmp_path):
    from ccsim.run.sweep import sweep

    store = tmp_path / "store"
    store.mkdir()
    live = store / f".point-x.parquet.tmp-{os.getppid()}"  # the parent is running
    dead_pid = int(subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                                  capture_output=True, text=True, check=True).stdout)
    dead = store / f".point-y.parquet.tmp-{dead_pid}"
    live.write_bytes(b"in flight")
    dead.write_bytes(b"left over")
    sweep(short, GRID, n_paths=64, seed=4, store=store)
    assert live.exists()
    assert not dead.exists()


# ------------------------------------------------------------------------------ docs


def test_limits_doc_lists_every_input_with_its_range(default_scenario):
    from pathlib import Path

    from ccsim.scenario.fields import _range_text

    doc = (Path(__file__).parents[2] / "docs" / "limits.md").read_text(encoding="utf-8")
    rows = {}
    for line in doc.split("## Every input", 1)[1].splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[1].split(" (whole")[0]
    vendor = set(default_scenario.option_names) - {"in_house"}
    expected = {}
    for path, _, meta in default_scenario.parameters():
        head, _, rest = path.partition(".")
        key = f"<option>.{rest}" if head in vendor or head == "in_house" else path
        expected[key] = _range_text(meta)
    assert rows == expected


def test_staffing_with_a_load_that_underflows_to_zero():
    """An AHT of 5e-324 s (accepted: the range is open at 0) makes the load underflow
    to 0; one agent meets any target, as the exact search says, and nothing divides by
    the zero load (the fuzz test found a ZeroDivisionError here)."""
    from ccsim.queueing.staffing import _required_agents_core, _required_agents_exact

    one = np.ones(3)
    lam, aht = np.array([100.0, 1.0, 50.0]), np.array([5e-324, 5e-324, 300.0])
    fast = _required_agents_core(lam, aht, 0.8 * one, 20.0 * one)
    exact = _required_agents_exact(lam, aht, 0.8 * one, 20.0 * one)
    assert fast.tolist() == exact.tolist()
    assert fast[:2].tolist() == [1.0, 1.0]


def test_a_distribution_that_overflows_is_refused_not_a_numpy_warning(default_scenario):
    """Found by the fuzz: a log-normal whose quantiles overflow to infinity is out of range
    (ScenarioError naming the input), not a RuntimeWarning from numpy."""
    with pytest.raises(ScenarioError, match=r"breach\.annual_prob.*reaches inf"):
        default_scenario.with_overrides({"breach.annual_prob": ccsim.dist.LogNormal(mu=-338.9, sigma=206.0)})


def test_limits_doc_lists_every_choice_input_with_its_values():
    """The text inputs (``_choice`` fields) are listed below the table with every value."""
    import dataclasses
    from pathlib import Path

    from ccsim.scenario import parts

    doc = (Path(__file__).parents[2] / "docs" / "limits.md").read_text(encoding="utf-8")
    tail = doc.split("Choice inputs", 1)[1]
    prefix = {parts.SourcingOption: "<option>", parts.Contract: "<option>.contract"}
    for cls, head in prefix.items():
        for f in dataclasses.fields(cls):
            if "choices" in f.metadata:
                line = next(ln for ln in tail.split("\n* ") if ln.startswith(f"`{head}.{f.name}`"))
                for value in f.metadata["choices"]:
                    assert f"`{value}`" in line, (f.name, value)


@pytest.mark.parametrize(("path", "value", "rng"), [
    ("service.patience_s", 5e-324, r"\[1, 86400\]"),
    ("service.schedule_efficiency", 5e-324, r"\[0\.3, 1\]"),
])
def test_vanishing_patience_and_schedule_efficiency_are_refused(default_scenario, path, value, rng):
    """Found by a longer fuzz: patience 5e-324 s divided by zero inside the Erlang A tables
    and a vanishing schedule factor (now its inverse, the schedule efficiency) overflowed
    the governance share; both have a business lower limit and are refused before
    anything runs."""
    with pytest.raises(ScenarioError, match=rng):
        default_scenario.with_overrides({path: value})
