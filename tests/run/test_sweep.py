"""Sweeps: tidy frame, common random numbers, validation, resumable Parquet store, CLI."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pandas as pd
import pytest

import ccsim
from ccsim.cli import add_sweep as add_cli
from ccsim.run.sweep import (
    FRAME_COLUMNS,
    StaleLockWarning,
    StoreError,
    SweepResult,
    parse_grid_spec,
    sweep,
)

sweep_mod = importlib.import_module("ccsim.run.sweep")

GRID = {"offshore.quality.oversight": [0.0, 0.5, 1.0], "hybrid.vendor_share": [0.3, 0.7]}


@pytest.fixture(scope="module")
def short():
    return ccsim.default_scenario().with_overrides({"finance.horizon_months": 12})


@pytest.fixture(scope="module")
def ref(short):
    """Uninterrupted, store-less sweep: the reference for every resume test."""
    return sweep(short, GRID, n_paths=300, seed=4)


def test_frame_is_tidy_with_the_contract_columns(ref, short):
    df = ref.frame()
    assert isinstance(ref, SweepResult)
    assert list(df.columns) == ["point", *GRID, "option", *FRAME_COLUMNS]
    assert len(df) == 6 * len(short.options)
    assert df.attrs == {"baseline": "in_house", "n_paths": 300, "seed": 4}
    # full factorial, last key fastest
    pts = df.drop_duplicates("point")[list(GRID)].to_numpy().tolist()
    assert pts == [[0.0, 0.3], [0.0, 0.7], [0.5, 0.3], [0.5, 0.7], [1.0, 0.3], [1.0, 0.7]]
    assert df["point"].tolist() == np.repeat(np.arange(6), len(short.options)).tolist()
    base = df[df["option"] == "in_house"]
    assert (base["saving_mean"] == 0).all() and (base["saving_se"] == 0).all()
    assert (base["p_saving"] == 0).all()
    assert np.allclose(df.groupby("point")["p_cheapest"].sum(), 1.0)
    assert not df.isna().any().any()
    assert ref.scenario_at(3).get("hybrid.vendor_share") == 0.7


def test_each_point_matches_a_plain_simulation(ref, short):
    # independent method: full per-path arrays from simulate() at the same point and seed
    for i in (0, 5):
        res = ccsim.simulate(ref.scenario_at(i), n_paths=300, seed=4, keep_monthly=False)
        s = res.summary()
        rows = ref.frame().query("point == @i").set_index("option")
        for col in ("cost_mean", "cost_se", "csat_mean", "csat_se", "p_cheapest"):
            np.testing.assert_allclose(rows[col], s[col], rtol=1e-11, atol=1e-14)
        cost = res.outputs["npv_cost"]
        for o, k in zip(res.options, range(len(res.options)), strict=True):
            d = cost[0] - cost[k]  # saving = baseline - option
            np.testing.assert_allclose(rows.loc[o, "saving_mean"], d.mean(), rtol=1e-10, atol=1e-6)
            assert rows.loc[o, "p_saving"] == np.mean(cost[k] < cost[0])
            # sketch quantile within alpha = 1e-4 relative of the exact one (bound in
            # ccsim.run.summaries), plus float slack
            exact = np.quantile(cost[k], 0.95)
            assert abs(rows.loc[o, "cost_p95"] - exact) <= 1.0001e-4 * np.abs(cost[k]).max()


def test_common_random_numbers_across_points(ref):
    df = ref.frame()
    # oversight and the hybrid's share do not touch in-house: identical at every point
    # (except p_cheapest, which compares in-house with the options that do change)
    ih = df[df["option"] == "in_house"].drop(columns=["point", "p_cheapest", *GRID])
    assert (ih == ih.iloc[0]).all().all()
    # and the onshore vendor sees the same futures at every point too
    on = df[df["option"] == "onshore"][["cost_mean", "cost_p50", "csat_mean"]]
    assert (on == on.iloc[0]).all().all()
    # oversight matters for offshore (so the sweep is not trivially constant)
    off = df[df["option"] == "offshore"]
    assert off["cost_mean"].nunique() == 3


def test_list_of_override_dicts_and_baseline(short):
    pts = [{"hybrid.vendor_share": 0.2}, {"hybrid.vendor_share": 0.8, "offshore.quality.oversight": 0.1}]
    sw = sweep(short, pts, n_paths=256, seed=0, baseline="hybrid")
    df = sw.frame()
    assert sw.params == ("hybrid.vendor_share", "offshore.quality.oversight")
    # a point without an override shows the base scenario's value
    assert df.loc[df.point == 0, "offshore.quality.oversight"].iloc[0] == pytest.approx(2 / 3)
    assert (df.loc[df.option == "hybrid", "saving_mean"] == 0).all()
    assert df.attrs["baseline"] == "hybrid"


@pytest.mark.parametrize(
    ("grid", "kw", "err", "match"),
    [
        ({"offshore.quality.oversite": [0.1]}, {}, KeyError, "oversight"),
        ({"offshore.quality.oversight": [0.5, 1.5]}, {}, ValueError, r"oversight = 1.5 is outside"),
        ({}, {}, ValueError, "grid is empty"),
        ({"hybrid.vendor_share": []}, {}, ValueError, "empty list"),
        ({"hybrid.vendor_share": 0.5}, {}, TypeError, r"must be a list of values"),
        ("hybrid.vendor_share", {}, TypeError, "grid must be a dict"),
        ({"hybrid.vendor_share": [0.5]}, {"baseline": "india"}, ValueError, r"baseline = 'india'"),
        ({"hybrid.vendor_share": [0.5]}, {"n_paths": 0}, ValueError, r"n_paths = 0 is outside"),
        ({"hybrid.vendor_share": [0.5]}, {"backend": "gpu"}, ValueError, "backend = 'gpu'"),
        ({"hybrid.vendor_share": [0.5]}, {"chunk_size": 0}, ValueError, "chunk_size = 0"),
    ],
)
def test_bad_input_fails_before_running(short, grid, kw, err, match, monkeypatch):
    def boom(*a, **k):
        raise AssertionError("ran before validating")

    monkeypatch.setattr(sweep_mod, "streaming_chunk", boom)
    args = {"n_paths": 256, "seed": 0, **kw}
    with pytest.raises(err, match=match):
        sweep(short, grid, **args)


def test_resume_after_an_exception_computes_only_missing_points(short, ref, tmp_path, monkeypatch):
    store = tmp_path / "store"
    real = sweep_mod._write_point
    calls = {"n": 0}

    def flaky(*a, **k):
        real(*a, **k)
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt("simulated Ctrl-C after two finished points")

    monkeypatch.setattr(sweep_mod, "_write_point", flaky)
    with pytest.raises(KeyboardInterrupt):
        sweep(short, GRID, n_paths=300, seed=4, store=store)
    monkeypatch.setattr(sweep_mod, "_write_point", real)
    assert len(list(store.glob("point-*.parquet"))) == 2
    resumed = sweep(short, GRID, n_paths=300, seed=4, store=store)
    assert resumed.meta["loaded"] == [0, 1]
    assert resumed.meta["computed"] == [2, 3, 4, 5]
    pd.testing.assert_frame_equal(resumed.frame(), ref.frame(), check_exact=True)
    # a third run computes nothing and still gives the same frame; seed=None reuses the stored one
    again = sweep(short, GRID, n_paths=300, store=store)
    assert again.meta["computed"] == []
    pd.testing.assert_frame_equal(again.frame(), ref.frame(), check_exact=True)


def test_store_refuses_a_different_sweep(short, tmp_path):
    store = tmp_path / "s"
    sweep(short, {"hybrid.vendor_share": [0.5]}, n_paths=256, seed=1, store=store)
    with pytest.raises(ValueError, match=r"holds a different sweep \(it differs in n_paths"):
        sweep(short, {"hybrid.vendor_share": [0.5]}, n_paths=512, seed=1, store=store)
    with pytest.raises(ValueError, match="differs in seed"):
        sweep(short, {"hybrid.vendor_share": [0.5]}, n_paths=256, seed=2, store=store)
    other = short.with_overrides({"demand.shock_sd": 0.1})
    with pytest.raises(ValueError, match="differs in scenario"):
        sweep(other, {"hybrid.vendor_share": [0.5]}, n_paths=256, seed=1, store=store)
    # extending the grid of the same sweep reuses the finished point
    ext = sweep(short, {"hybrid.vendor_share": [0.5, 0.6]}, n_paths=256, seed=1, store=store)
    assert ext.meta["loaded"] == [0] and ext.meta["computed"] == [1]


def test_corrupt_and_temporary_files_are_not_read_as_valid(short, ref, tmp_path):
    store = tmp_path / "store"
    sweep(short, GRID, n_paths=300, seed=4, store=store)
    files = sorted(store.glob("point-*.parquet"))
    # a point file cut short (as a non-atomic writer killed mid-write would leave it)
    data = files[0].read_bytes()
    files[0].write_bytes(data[: len(data) // 2])
    # a stray temporary file of a killed writer
    (store / f".{files[1].name}.tmp-99999").write_bytes(b"garbage")
    # the cut file fails its recorded SHA-256: an error naming it, not a silent reload
    with pytest.raises(StoreError, match=files[0].name):
        sweep(short, GRID, n_paths=300, seed=4, store=store)
    files[0].unlink()
    res = sweep(short, GRID, n_paths=300, seed=4, store=store)
    assert len(res.meta["computed"]) == 1
    assert not list(store.glob(".*.tmp-*"))
    pd.testing.assert_frame_equal(res.frame(), ref.frame(), check_exact=True)


_CHILD = textwrap.dedent(
    """
    import sys
    import ccsim
    from ccsim.run.sweep import sweep
    sc = ccsim.default_scenario().with_overrides({"finance.horizon_months": 24})
    grid = {"offshore.quality.oversight": [i / 9 for i in range(10)]}
    sweep(sc, grid, n_paths=512, seed=9, store=sys.argv[1], progress=False)
    """
)


@pytest.mark.slow
def test_killed_sweep_resumes_to_the_uninterrupted_result(tmp_path):
    store = tmp_path / "killed"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(store)], env=env)
    try:
        deadline = time.monotonic() + 120
        while len(list(store.glob("point-*.parquet"))) < 2:
            assert proc.poll() is None, "the sweep ended before it could be interrupted"
            assert time.monotonic() < deadline, "no point finished within 120 s"
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    done = len(list(store.glob("point-*.parquet")))
    assert 2 <= done < 10, f"expected an interrupted sweep, found {done} finished points"
    sc = ccsim.default_scenario().with_overrides({"finance.horizon_months": 24})
    grid = {"offshore.quality.oversight": [i / 9 for i in range(10)]}
    # a point renamed into place just before the kill may lack its checksum: recomputed
    recorded = len(json.loads((store / "manifest.json").read_text())["sha256"])
    assert done - 1 <= recorded <= done
    # the killed run's lock (its process gone, on this host) is taken over, with a warning
    with pytest.warns(StaleLockWarning, match=rf"stale lock .*process {proc.pid}"):
        resumed = sweep(sc, grid, n_paths=512, seed=9, store=store)
    assert not (store / "sweep.lock").exists()
    assert len(resumed.meta["loaded"]) == recorded
    assert len(resumed.meta["computed"]) == 10 - recorded
    fresh = sweep(sc, grid, n_paths=512, seed=9)
    pd.testing.assert_frame_equal(resumed.frame(), fresh.frame(), check_exact=True)


def test_parse_grid_spec():
    assert parse_grid_spec("a.b=0:1:11") == ("a.b", np.linspace(0, 1, 11).tolist())
    assert parse_grid_spec(" x.y = 1,2.5 ") == ("x.y", [1.0, 2.5])
    for bad in ("novalue", "a.b=", "a.b=0:1", "a.b=0:1:0", "a.b=x,y"):
        with pytest.raises(ValueError, match=r"--grid"):
            parse_grid_spec(bad)


def test_cli_sweep_writes_table_and_resumes(short, tmp_path, capsys):
    scen = tmp_path / "s.toml"
    short.to_toml(scen)
    ap = argparse.ArgumentParser(prog="ccsim")
    add_cli(ap.add_subparsers(dest="command", required=True))
    out = tmp_path / "out"
    argv = [
        "sweep", str(scen), "--grid", "offshore.quality.oversight=0:1:2", "--grid",
        "hybrid.vendor_share=0.5", "--paths", "256", "--seed", "3", "--out", str(out), "--quiet",
    ]
    args = ap.parse_args(argv)
    assert args.func(args) == 0
    df = pd.read_csv(out / "sweep.csv")
    assert len(df) == 2 * len(short.options)
    assert "offshore.quality.oversight" in df.columns
    direct = sweep(short, {"offshore.quality.oversight": [0.0, 1.0], "hybrid.vendor_share": [0.5]},
                   n_paths=256, seed=3).frame()
    np.testing.assert_allclose(df["cost_mean"], direct["cost_mean"], rtol=1e-15)
    args = ap.parse_args(argv)
    assert args.func(args) == 0  # resumes from DIR/points: nothing to compute
    assert "sweep.csv" in capsys.readouterr().out
    args = ap.parse_args([*argv, "--scheduler", "tcp://127.0.0.1:1"])
    with pytest.raises(ValueError, match="--scheduler needs --backend dask"):
        args.func(args)
