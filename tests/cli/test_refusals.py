"""Command line (issue 31, item 4): every flag is checked before any simulation or file
write, absurd path counts are refused with their limit, output a terminal cannot encode
does not fail the run, internal failures (a killed worker, a model blow-up, a malformed
store) are one line with no traceback, and `ccsim unlock` clears a stale store lock."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import ccsim
import ccsim.run.simulate as simulate_module
import ccsim.run.sweep as sweep_module
from ccsim.cli import MAX_PATHS, MAX_SWEEP_PATHS, main
from ccsim.errors import ModelBlowUpError
from tests.cli.conftest import one_error_line


@pytest.mark.parametrize(("flags", "named"), [
    (["--budget", "-1"], "--budget = -1"),
    (["--rank-by", "nonsense"], "--rank-by"),
    (["--max-p-over-budget", "1.5"], "--max-p-over-budget"),
    (["--csat-floor", "120"], "--csat-floor"),
    (["--seed", "-3"], "--seed = -3"),
])
@pytest.mark.parametrize("command", [["report"], ["run", "--report"]])
def test_pack_flags_are_refused_before_simulating_or_writing(tmp_path, capsys, no_simulation,
                                                             command, flags, named):
    """`report --budget -1` and `--rank-by nonsense` were refused only after the
    simulation; `run --report` with a bad flag left summary.csv and paths.parquet."""
    out = tmp_path / "out"
    assert main([*command, "--out", str(out), "--paths", "256", *flags]) == 2
    assert named in one_error_line(capsys.readouterr().err, ("ccsim: sweep of",))
    assert not out.exists()  # not even the directory


@pytest.mark.parametrize("argv", [
    ["run", "--paths", str(10**11)],
    ["report", "--paths", str(MAX_PATHS + 1)],
    ["drivers", "--option", "offshore", "--paths", str(10**11)],
    ["sweep", "--grid", "offshore.quality.oversight=0:1:2", "--paths", str(10**11)],
])
def test_absurd_path_counts_are_refused_with_their_limit(capsys, no_simulation, argv):
    assert main(argv) == 2
    line = one_error_line(capsys.readouterr().err, ("ccsim: sweep of",))
    assert "--paths" in line and f"{MAX_PATHS:,}" in line


def test_a_sweep_over_the_total_limit_is_refused_and_a_fine_one_says_its_work_first(
        capsys, monkeypatch, no_simulation):
    """11 x 11 points x 10^7 paths = 1.21e9 paths > 10^9: refused, naming both counts.
    A sweep within the limit prints its size on stderr before it starts (here the sweep
    is stopped at once by a Ctrl-C: 2 points x 256 paths x 5 options x 60 months)."""
    grid = ["--grid", "offshore.quality.oversight=0:1:11", "--grid", "hybrid.vendor_share=0:1:11"]
    assert main(["sweep", *grid, "--paths", str(10**7)]) == 2
    line = one_error_line(capsys.readouterr().err, ("ccsim: sweep of",))
    assert "121 points x 10,000,000 paths = 1,210,000,000" in line
    assert f"{MAX_SWEEP_PATHS:,}" in line

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sweep_module, "sweep", interrupted)
    assert main(["sweep", "--grid", "offshore.quality.oversight=0:1:2", "--paths", "256"]) == 130
    err = capsys.readouterr().err
    assert "sweep of 2 points x 256 paths = 512 paths (1.5e+05 option-path-months)" in err


@pytest.mark.parametrize(("flags", "named"), [
    (["--metric", "nonsense"], "--metric = 'nonsense'"),
    (["--stat", "nonsense"], "--stat = 'nonsense'"),
    (["--stat", "nonsense", "--top", "3"], "--stat"),
])
def test_drivers_metric_and_stat_are_checked_before_the_screening_run(capsys, no_simulation,
                                                                       flags, named):
    assert main(["drivers", "--option", "offshore", *flags]) == 2
    assert named in one_error_line(capsys.readouterr().err, ("ccsim: sweep of",))


def test_an_unencodable_option_name_is_printed_replaced_and_the_files_written(tmp_path):
    """A stdout that cannot encode an option's name failed after the run and wrote
    nothing: now the name prints with a replacement character, files are written, exit 0."""
    sc = ccsim.default_scenario().without_option("onshore").without_option(
        "nearshore").without_option("hybrid").with_overrides({"finance.horizon_months": 6})
    sc = sc.with_option(ccsim.vendor_option("offshore", name="offshor\u00e9", vendor_share=1.0))
    toml = tmp_path / "s.toml"
    sc.to_toml(toml)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "PYTHONPATH": os.pathsep.join(sys.path)}
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from ccsim.cli import main; sys.exit(main())",
         "run", str(toml), "--paths", "256", "--seed", "1", "--out", str(out), "--quiet"],
        capture_output=True, env=env, timeout=300, check=False)
    stdout, stderr = done.stdout.decode("ascii"), done.stderr.decode("ascii")
    assert done.returncode == 0, stderr
    assert "offshor?" in stdout and "Traceback" not in stderr
    assert (out / "summary.csv").exists()
    assert "offshor\u00e9" in (out / "summary.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("manifest", ["{", "[]", '{"run": 5}', '{"run": {"seed": "x"}}'])
def test_a_malformed_store_manifest_is_one_line(tmp_path, capsys, manifest):
    store = tmp_path / "out" / "points"
    store.mkdir(parents=True)
    (store / "manifest.json").write_text(manifest, encoding="utf-8")
    code = main(["sweep", "--grid", "offshore.quality.oversight=0:1:2", "--paths", "64",
                 "--seed", "1", "--out", str(tmp_path / "out"), "--quiet"])
    assert code in (1, 2)
    line = one_error_line(capsys.readouterr().err, ("ccsim: sweep of",))
    assert "manifest" in line, line


def test_a_killed_worker_is_one_line_exit_1(capsys, monkeypatch):
    """The processes backend turns a dead worker (BrokenProcessPool) into a RuntimeError;
    the command line says what happened in one line, with what to do."""
    from concurrent.futures.process import BrokenProcessPool

    def killed(*args, **kwargs):
        try:
            raise BrokenProcessPool("A process in the process pool was terminated abruptly")
        except BrokenProcessPool as exc:
            raise RuntimeError("backend='processes': a worker process died.") from exc

    monkeypatch.setattr(sweep_module, "sweep", killed)
    assert main(["sweep", "--grid", "offshore.quality.oversight=0:1:2", "--paths", "64",
                 "--backend", "processes", "--quiet"]) == 1
    line = one_error_line(capsys.readouterr().err, ("ccsim: sweep of",))
    assert "worker process died" in line and "--workers" in line


def test_a_model_blow_up_and_an_internal_error_are_one_line_exit_1(capsys, monkeypatch, tmp_path):
    def blow_up(*args, **kwargs):
        raise ModelBlowUpError("model blow-up: option 'hybrid', path 7, month 3: npv_cost = inf",
                               option="hybrid", path=7, month=3, quantity="npv_cost",
                               value=float("inf"))

    monkeypatch.setattr(simulate_module, "simulate", blow_up)
    out = tmp_path / "out"
    assert main(["run", "--paths", "64", "--out", str(out), "--quiet"]) == 1
    assert "'hybrid', path 7, month 3: npv_cost = inf" in one_error_line(capsys.readouterr().err, ("ccsim: sweep of",))
    assert list(out.iterdir()) == []  # no table of a run that blew up

    def bug(*args, **kwargs):
        raise AttributeError("'NoneType' object has no attribute 'x'")

    monkeypatch.setattr(simulate_module, "simulate", bug)
    assert main(["report", "--paths", "64", "--out", str(out), "--quiet"]) == 1
    line = one_error_line(capsys.readouterr().err, ("ccsim: sweep of",))
    assert "internal error (AttributeError" in line and "please report" in line


def _lock(store: Path, record: dict | None) -> Path:
    store.mkdir(parents=True, exist_ok=True)
    lock = store / "sweep.lock"
    lock.write_text("" if record is None else json.dumps(record), encoding="utf-8")
    return lock


def test_unlock_clears_an_empty_or_other_host_lock_and_keeps_a_live_one(tmp_path, capsys):
    """`ccsim unlock DIR` (DIR the sweep's --out) is the stated command for a lock the
    store cannot check: empty, or another host's. A lock of a process alive on this
    host (the test runner's parent) is kept unless --force."""
    out = tmp_path / "out"
    lock = _lock(out / "points", None)
    assert main(["unlock", str(out)]) == 0
    assert "empty or malformed" in capsys.readouterr().out and not lock.exists()

    lock = _lock(out / "points", {"pid": 12345, "host": "another-host", "started": "t0"})
    assert main(["unlock", str(out / "points")]) == 0
    assert "process 12345 on another-host" in capsys.readouterr().out and not lock.exists()

    assert main(["unlock", str(out)]) == 0
    assert "nothing to clear" in capsys.readouterr().out

    live = {"pid": os.getppid(), "host": socket.gethostname(), "started": "t0"}
    lock = _lock(out / "points", live)
    assert main(["unlock", str(out)]) == 2
    assert "still running" in one_error_line(capsys.readouterr().err, ("ccsim: sweep of",)) and lock.exists()
    assert main(["unlock", str(out), "--force"]) == 0 and not lock.exists()

    assert main(["unlock", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in one_error_line(capsys.readouterr().err, ("ccsim: sweep of",))
