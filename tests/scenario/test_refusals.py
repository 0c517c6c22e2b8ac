"""Hardening, second round (issue 31 items 2, 3 and 5; issue 26 item 4's io/model circle).

Every refusal here happens before anything is simulated and names the parameter, its
value and the allowed range or the reason.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import socket
import subprocess
import sys
import warnings
from pathlib import Path

import grimp
import numpy as np
import pytest

import ccsim
import ccsim.run.sizing
from ccsim import dist
from ccsim.run import sweep as sweep_mod


def test_scenario_io_does_not_import_the_model():
    # with TYPE_CHECKING imports counted too: the dependency runs model -> io only
    graph = grimp.build_graph("ccsim", exclude_type_checking_imports=False)
    assert graph.find_shortest_chain("ccsim.scenario.model", "ccsim.scenario.io") is not None
    assert graph.find_shortest_chain("ccsim.scenario.io", "ccsim.scenario.model") is None


# ------------------------------------------------------- inputs that mean something else





@pytest.fixture(scope="module")
def sc() -> ccsim.Scenario:
    return ccsim.default_scenario()


def test_a_vendor_option_may_not_be_named_in_house(sc):
    with pytest.raises(ccsim.ScenarioError, match=r"in_house.vendor_share = 1.*reserved"):
        ccsim.vendor_option("offshore", name="in_house")
    # also when the in-house option is replaced by a vendor one
    without = sc.without_option("in_house")
    with pytest.raises(ccsim.ScenarioError, match="reserved"):
        without.with_option(dataclasses.replace(sc.option("offshore"), name="in_house"))
    # the in-house option itself keeps its name
    assert sc.option("in_house").vendor_share == 0


def test_a_file_with_a_vendor_named_in_house_is_refused(sc, tmp_path):
    data = sc.to_dict()
    data["options"] = [o for o in data["options"] if o["name"] != "in_house"]
    data["options"][0]["name"] = "in_house"
    with pytest.raises(ccsim.ScenarioFileError, match="reserved for the in-house option"):
        ccsim.Scenario.from_dict(data)


BANDS = ("onshore.contract.band_1_units", "onshore.contract.band_2_units")


def test_a_valid_band_pair_is_accepted_in_either_key_order(sc):
    one = sc.with_overrides({BANDS[0]: 50_000.0, BANDS[1]: 90_000.0})
    two = sc.with_overrides({BANDS[1]: 90_000.0, BANDS[0]: 50_000.0})
    assert one == two
    assert one.get(BANDS[1]) == 90_000.0
    # and a crossed pair is refused in either order, naming both
    for bad in ({BANDS[0]: 90_000.0, BANDS[1]: 50_000.0}, {BANDS[1]: 50_000.0, BANDS[0]: 90_000.0}):
        with pytest.raises(ccsim.ScenarioError, match=r"band_1_units = 90000.0 must not exceed"):
            sc.with_overrides(bad)


def test_band_distributions_that_could_cross_are_refused(sc):
    with pytest.raises(ccsim.ScenarioError, match=r"band_1_units = Uniform.*can reach 100.*overlap"):
        sc.with_overrides({BANDS[0]: dist.Uniform(0.0, 100.0), BANDS[1]: dist.Uniform(50.0, 200.0)})
    with pytest.raises(ccsim.ScenarioError, match="overlap"):
        sc.with_overrides({BANDS[0]: dist.Uniform(0.0, 100.0), BANDS[1]: 60.0})
    # ranges that cannot cross are accepted, and every draw stays sorted
    ok = sc.with_overrides({BANDS[0]: dist.Uniform(0.0, 100.0), BANDS[1]: dist.Uniform(100.0, 200.0)})
    u = np.random.default_rng(1).random(10_000)
    assert np.all(ok.get(BANDS[0]).ppf(u) <= ok.get(BANDS[1]).ppf(u[::-1]))


def test_format_version_true_is_refused(sc):
    data = sc.to_dict()
    data["format_version"] = True
    with pytest.raises(ccsim.ScenarioFileError, match=r"format_version.*whole number.*got True"):
        ccsim.Scenario.from_dict(data)


def test_a_5000_digit_integer_names_its_key(sc, tmp_path):
    with pytest.raises(ccsim.ScenarioError, match=r"finance.horizon_months = <an integer of about 5,001"):
        sc.with_overrides({"finance.horizon_months": 10**5000})
    data = sc.to_dict()
    data["demand"]["base_volume"] = -(10**5000)
    with pytest.raises(ccsim.ScenarioFileError, match=r"key .demand.: Demand.base_volume = -<an integer"):
        ccsim.Scenario.from_dict(data)
    p = tmp_path / "big.toml"
    sc.to_toml(p)
    text = p.read_text(encoding="utf-8")
    assert "horizon_months = 60\n" in text
    p.write_text(text.replace("horizon_months = 60\n", "horizon_months = " + "9" * 5000 + "\n"),
                 encoding="utf-8")
    with pytest.raises(ccsim.ScenarioFileError, match=r"'finance.horizon_months' \(line \d+\): a number of 5,000 digits"):
        ccsim.Scenario.from_toml(p)


def test_a_utf8_bom_file_is_read(sc, tmp_path):
    p = tmp_path / "bom.toml"
    sc.to_toml(p)
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    assert ccsim.Scenario.from_toml(p) == sc


# ------------------------------------------------ documented ranges are the enforced ones

DOC = Path(__file__).parents[2] / "docs" / "limits.md"
_RANGE = re.compile(r"^(0 or )?([\[(])([^,]+), ([^\])]+)([\])])$")


def _doc_rows() -> dict[str, str]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").split("## Every input", 1)[1].splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = cells[1]
    return rows


@pytest.fixture(scope="module")
def probe_base(sc) -> ccsim.Scenario:
    # neutral values for the inputs that rules between inputs tie to others, so each
    # range is probed on its own (the rules have their own tests below); a year, over
    # which a handle-time trend at either end stays within the handle-time rule
    return sc.with_overrides({
        "demand.trend_annual": 0.0, "offshore.contract.cola_share": 0.0,
        "offshore.contract.band_1_units": 0.0, "finance.horizon_months": 12,
    })


def test_each_documented_limit_is_the_one_the_validator_enforces(probe_base):
    rows = _doc_rows()
    assert len(rows) > 100
    for key, text in rows.items():
        path = key.replace("<option>", "offshore")
        m = _RANGE.match(text.split(" (whole")[0])
        assert m, (key, text)
        tiny_zero, left, lo_s, hi_s, right = m.groups()
        lo, hi = float(lo_s), float(hi_s)
        whole = "(whole number)" in text
        step = (lambda x, d: x + d) if whole else (lambda x, d: float(np.nextafter(x, x + d)))

        def ok(v: float, path: str = path, whole: bool = whole) -> bool:
            try:
                probe_base.with_overrides({path: int(v) if whole else v})
            except ccsim.ScenarioError:
                return False
            return True

        assert ok(lo) == (left == "["), (key, "low end", lo)
        assert ok(hi) == (right == "]"), (key, "high end", hi)
        assert not ok(step(hi, 1.0)), (key, "just above", hi)
        if tiny_zero:
            assert ok(0.0) and not ok(lo / 2) and not ok(step(lo, -1.0)), (key, "0 or", lo)
        elif left == "[":
            assert not ok(step(lo, -1.0)), (key, "just below", lo)


def test_volume_growth_over_the_horizon_is_refused(sc):
    # today's volume at its highest (118,500 + 3% measurement error) doubling for 50 years
    top = f"{118_500 * 1.03 * 2.0 ** 50:.3g}".replace("+", r"\+")  # 1.37e+20
    with pytest.raises(ccsim.ScenarioError,
                       match=rf"demand.trend_annual = 1.0: .*finance.horizon_months = 600.*grows to {top} "):
        sc.with_overrides({"demand.trend_annual": 1.0, "finance.horizon_months": 600})
    with pytest.raises(ccsim.ScenarioError, match=r"falls to 8.88e-11 calls a month; it must stay within \[0.5, 1e\+09\]"):
        sc.with_overrides({"demand.base_volume": 1e5, "demand.trend_annual": -0.5,
                           "finance.horizon_months": 600})
    # a trend of 1 a year over 5 years is fine, and every horizon is fine with defaults;
    # one call a month declining as the default trend may is fine
    sc.with_overrides({"demand.trend_annual": 1.0})
    sc.with_overrides({"demand.base_volume": 1.0})
    sc.with_overrides({"finance.horizon_months": 600})


def test_price_growth_over_the_horizon_is_refused(sc):
    ov = {f"offshore.contract.{k}": v for k, v in (
        ("cola_share", 1.0), ("wage_inflation_annual", 1.0), ("fx_drift_annual", 1.0),
        ("fx_sd_annual", 1.0))}
    with pytest.raises(ccsim.ScenarioError, match=r"offshore.contract.cola_share = 1.0 .*fold over"):
        sc.with_overrides({**ov, "finance.horizon_months": 600})
    with pytest.raises(ccsim.ScenarioError, match=r"offshore.contract.escalator_annual = 0.4: .*2.02e\+07-fold"):
        sc.with_overrides({"offshore.contract.escalator_annual": 0.4, "finance.horizon_months": 600})


def test_handle_time_trend_over_the_horizon_is_refused(sc):
    # (1 + trend)^(months / 12) must stay within a tooling factor's range [0.1, 3]:
    # 0.5^(39/12) = 0.105 and 1.5^(32/12) = 2.95 pass, 0.5^(40/12) = 0.0992 and
    # 1.5^(33/12) = 3.05 do not (independent arithmetic in the messages below)
    for path in ("staff.tech_trend_annual", "offshore.handle_time.tech_trend_annual"):
        sc.with_overrides({path: -0.5, "finance.horizon_months": 39})
        sc.with_overrides({path: 0.5, "finance.horizon_months": 32})
        with pytest.raises(ccsim.ScenarioError, match=(
                rf"{re.escape(path)} = -0.5: at -0.5 a year over finance.horizon_months = 40 "
                rf"the handle time falls {1 / 0.5 ** (40 / 12):.3g}-fold; .*within \[0.1, 3\]")):
            sc.with_overrides({path: -0.5, "finance.horizon_months": 40})
        with pytest.raises(ccsim.ScenarioError, match=(
                rf"{re.escape(path)} = 0.5: at 0.5 a year .* = 33 the handle time grows "
                rf"{1.5 ** (33 / 12):.3g}-fold")):
            sc.with_overrides({path: 0.5, "finance.horizon_months": 33})
    # a distribution is held to the ends it can reach; the order of overrides is free
    with pytest.raises(ccsim.ScenarioError, match=r"hybrid.handle_time.tech_trend_annual = "
                       r"Uniform\(low=-0.4, high=0.0\): at -0.4 a year .* = 600"):
        sc.with_overrides({"finance.horizon_months": 600,
                           "hybrid.handle_time.tech_trend_annual": ccsim.dist.Uniform(-0.4, 0.0)})
    # the default trends pass at every horizon, a tooling factor at its ends too
    sc.with_overrides({"finance.horizon_months": 600, "offshore.handle_time.tech_factor": 3.0})
    sc.with_overrides({"finance.horizon_months": 600, "offshore.handle_time.tech_factor": 0.1})


def test_callback_one_with_fcr_zero_is_refused_before_work(sc):
    with pytest.raises(ccsim.ScenarioError, match=r"demand.callback_rate = 1.0 .*\[0, 0.9\]"):
        sc.with_overrides({"demand.callback_rate": 1.0, "staff.fcr": 0.0})


@pytest.mark.parametrize(("path", "value"), [
    ("demand.overdispersion", 5e-324),
    ("offshore.staffing.price_per_hour", 5e-324),
    ("demand.base_volume", 0.01),
])
def test_underflowing_values_are_refused(sc, path, value):
    with pytest.raises(ccsim.ScenarioError, match=rf"{re.escape(path)} = .* 0 or \[.*use 0"):
        sc.with_overrides({path: value})


# ------------------------------------------- corners of the ranges: finite, within bounds

def _doc_bounds() -> tuple[float, float]:
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    m = re.search(r"a month's cost stays below about (1e\d+) dollars and the NPV below (1e\d+)", text)
    assert m, "docs/limits.md no longer states its cost bounds"
    return float(m.group(1)), float(m.group(2))


_VENDORS = ("onshore", "nearshore", "offshore", "hybrid")
_MAX_COST = {"demand.base_volume": 1e9, "demand.trend_annual": 0.0, "service.aht_s": 14400.0,
             "staff.hourly_cost": 1e4, "demand.seasonal_amplitude": 0.9, "demand.shock_sd": 2.0,
             "finance.discount_rate_annual": 0.0}
_CORNERS = {
    # every cost input at its limit, the price index grown as far as allowed over 20 years
    "max_cost": {**_MAX_COST, "finance.horizon_months": 240, **{
        f"{o}.{k}": v for o in _VENDORS for k, v in (
            ("staffing.price_per_hour", 1e4), ("contract.escalator_annual", 0.99))}},
    # the COLA and currency at their limits over five years, as far as the rule allows
    "cola": {**_MAX_COST, **{f"{o}.contract.{k}": v for o in _VENDORS for k, v in (
        ("cola_share", 1.0), ("wage_inflation_annual", 1.0), ("fx_drift_annual", 1.0),
        ("fx_sd_annual", 0.29), ("escalator_annual", 1.0))}},
    # the smallest accepted values: one call a month, barely overdispersed, cent prices
    "tiny": {"demand.base_volume": 1.0, "demand.trend_annual": -0.12, "demand.overdispersion": 1e-6,
             "demand.callback_rate": 1e-300, **{
                 f"{o}.staffing.price_per_hour": 0.01 for o in _VENDORS}},
    # every contact unresolved and 90% calling again; the most overdispersed counts
    "callbacks": {"demand.callback_rate": 0.9, "staff.fcr": 0.0, "demand.overdispersion": 10.0,
                  "finance.horizon_months": 120},
}


@pytest.mark.slow
@pytest.mark.parametrize("corner", sorted(_CORNERS))
def test_a_corner_of_the_ranges_gives_finite_outputs_within_the_documented_bounds(sc, corner):
    from ccsim.outputs import VENDOR_PHASE

    month_cap, npv_cap = _doc_bounds()
    s = sc.with_overrides(_CORNERS[corner])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=ccsim.run.sizing.SizingWarning)
        res = ccsim.simulate(s, n_paths=16, seed=1)
    paths = res.paths()
    for col in paths.select_dtypes("number"):
        x = paths[col].to_numpy(dtype=float)
        if col in VENDOR_PHASE:
            x = x[~np.isnan(x)]
        assert np.isfinite(x).all(), (corner, col)
        assert (np.abs(x) < npv_cap).all(), (corner, col, np.abs(x).max())
    for o in res.options:
        assert (res.values("npv_cost", o) >= 0).all()
        assert ((res.values("csat_mean", o) >= 0) & (res.values("csat_mean", o) <= 100)).all()
        assert ((res.values("abandon_rate", o) >= 0) & (res.values("abandon_rate", o) <= 1)).all()
    month = np.asarray(res.monthly_data["cost"], dtype=float)  # (O, P, T) float32
    assert np.isfinite(month).all(), corner
    assert (np.abs(month) < month_cap).all(), (corner, np.abs(month).max())


# ------------------------------------------------------------ store locks that clear


_SWEEP_GRID = {"offshore.quality.oversight": [0.0, 1.0]}


@pytest.fixture(scope="module")
def short(sc) -> ccsim.Scenario:
    return sc.with_overrides({"finance.horizon_months": 3})


def _lock(store: Path, **fields) -> Path:
    store.mkdir(parents=True, exist_ok=True)
    lock = store / "sweep.lock"
    lock.write_text(json.dumps(fields), encoding="utf-8")
    return lock


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid  # reaped: no process has it (pids are not reused this fast)


def test_a_stale_lock_of_this_host_is_taken_over_with_a_warning(short, tmp_path):
    store = tmp_path / "s"
    pid = _dead_pid()
    _lock(store, pid=pid, host=socket.gethostname(), token="x", started="2020-01-01T00:00:00Z")
    with pytest.warns(sweep_mod.StaleLockWarning, match=rf"stale lock .*process {pid}"):
        res = sweep_mod.sweep(short, _SWEEP_GRID, n_paths=256, seed=1, store=store)
    assert res.meta["computed"] == [0, 1]
    assert not (store / "sweep.lock").exists()


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"pid": "7", "host": 1}'])
def test_an_empty_or_malformed_lock_names_the_file_and_how_to_clear_it(short, tmp_path, content):
    store = tmp_path / "s"
    store.mkdir()
    (store / "sweep.lock").write_text(content, encoding="utf-8")
    with pytest.raises(sweep_mod.StoreError, match=r"sweep.lock is empty or malformed.*clear_lock\("):
        sweep_mod.sweep(short, _SWEEP_GRID, n_paths=256, seed=1, store=store)
    assert sweep_mod.clear_lock(store) == {}
    res = sweep_mod.sweep(short, _SWEEP_GRID, n_paths=256, seed=1, store=store)
    assert res.meta["computed"] == [0, 1]


def test_a_lock_of_another_host_says_how_to_clear_it(short, tmp_path):
    store = tmp_path / "s"
    _lock(store, pid=os.getpid(), host="elsewhere.example", token="t", started="2020-01-01T00:00:00Z")
    with pytest.raises(sweep_mod.StoreError,
                       match=r"process \d+ on elsewhere.example.*another host.*clear_lock\("):
        sweep_mod.sweep(short, _SWEEP_GRID, n_paths=256, seed=1, store=store)
    assert (store / "sweep.lock").exists()  # never broken silently
    assert sweep_mod.clear_lock(store / "sweep.lock")["host"] == "elsewhere.example"
    assert sweep_mod.clear_lock(store) is None
    sweep_mod.sweep(short, _SWEEP_GRID, n_paths=256, seed=1, store=store)


def test_clear_lock_keeps_the_lock_of_a_running_sweep(tmp_path):
    store = tmp_path / "s"
    held = sweep_mod._Store(store)
    try:
        with pytest.raises(sweep_mod.StoreError, match="still running"):
            sweep_mod.clear_lock(store)
        with pytest.raises(sweep_mod.StoreError, match="in use by another sweep \\(this process"):
            sweep_mod._Store(store)
    finally:
        held.close()
    assert not (store / "sweep.lock").exists()


def test_a_failed_sweep_releases_its_own_lock(short, tmp_path, monkeypatch):
    store = tmp_path / "s"
    calls = []

    def boom(*a, **k):
        calls.append(1)
        raise RuntimeError("worker died")

    monkeypatch.setattr(sweep_mod, "_write_point", boom)
    with pytest.raises(RuntimeError, match="worker died"):
        sweep_mod.sweep(short, _SWEEP_GRID, n_paths=256, seed=1, store=store)
    assert calls and not (store / "sweep.lock").exists()
    monkeypatch.undo()
    # the same process (a notebook kernel) can retry at once
    res = sweep_mod.sweep(short, _SWEEP_GRID, n_paths=256, seed=1, store=store)
    assert res.meta["computed"] == [0, 1]


def test_a_lock_left_by_this_process_is_stale(short, tmp_path):
    # a lock file of this pid whose sweep no longer holds it (e.g. from a kernel whose
    # failed sweep could not release it) is taken over rather than waited on for ever
    store = tmp_path / "s"
    _lock(store, pid=os.getpid(), host=socket.gethostname(), token="gone", started="?")
    with pytest.warns(sweep_mod.StaleLockWarning):
        sweep_mod.sweep(short, _SWEEP_GRID, n_paths=256, seed=1, store=store)


@pytest.mark.parametrize("manifest", [
    "{truncated", "[]", "{}", '{"identity": "x", "run": {"seed": {"entropy": "1"}}, "sha256": {}}',
    '{"identity": "x", "run": {"seed": {"entropy": 1, "spawn_key": []}}, "sha256": []}',
])
def test_a_malformed_manifest_is_a_clear_error(short, tmp_path, manifest):
    store = tmp_path / "s"
    store.mkdir()
    (store / "manifest.json").write_text(manifest, encoding="utf-8")
    with pytest.raises(sweep_mod.StoreError, match=r"manifest.json .*cannot be resumed.*Move the directory aside"):
        sweep_mod.sweep(short, _SWEEP_GRID, n_paths=256, seed=1, store=store)
    assert not (store / "sweep.lock").exists()
