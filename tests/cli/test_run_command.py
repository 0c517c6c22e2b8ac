"""Command line: `ccsim run` prints the summary and writes the tables; every user error
is one clean line on stderr and a non-zero exit, checked before any simulation; outputs
are written atomically; Ctrl-C exits 130."""

from __future__ import annotations

import errno
import math

import pandas as pd
import pytest

import ccsim
import ccsim.run.simulate as simulate_module
from ccsim.cli import main
from tests.cli.conftest import one_error_line


def test_run_writes_summary_and_paths(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["run", "--paths", "256", "--seed", "3", "--out", str(out), "--quiet"])
    assert code == 0
    text = capsys.readouterr().out
    assert "in_house" in text and "offshore" in text and "256 paths" in text
    summ = pd.read_csv(out / "summary.csv", index_col=0)
    assert list(summ.index) == ["in_house", "onshore", "nearshore", "offshore", "hybrid"]
    paths = pd.read_parquet(out / "paths.parquet")
    assert len(paths) == 5 * 256
    assert sorted(p.name for p in out.iterdir()) == ["paths.parquet", "summary.csv"]  # no temp files


def test_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"ccsim {ccsim.__version__}"


def test_bad_paths_exit_2_with_one_line_before_simulating(capsys, no_simulation):
    assert main(["run", "--paths", "0", "--quiet"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "--paths = 0" in line


@pytest.mark.parametrize("make", ["missing", "directory", "nested", "not_utf8"])
def test_unreadable_scenario_is_one_line(tmp_path, capsys, no_simulation, make):
    target = tmp_path / "s.toml"
    if make == "directory":
        target.mkdir()
    elif make == "nested":
        target.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    elif make == "not_utf8":
        target.write_bytes(b"name = \"\xff\xfe\"\n")
    assert main(["run", str(target), "--quiet"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "s.toml" in line or "scenario" in line


def test_out_that_is_a_file_is_refused_before_simulating(tmp_path, capsys, no_simulation):
    f = tmp_path / "taken"
    f.write_text("x")
    for argv in (["run", "--out", str(f)], ["report", "--out", str(f)],
                 ["sweep", "--grid", "hybrid.vendor_share=0.5", "--out", str(f)]):
        assert main([*argv, "--quiet"]) == 2
        line = one_error_line(capsys.readouterr().err)
        assert "is a file" in line


def test_out_that_cannot_be_created_is_refused_before_simulating(tmp_path, capsys, no_simulation):
    # a directory below a regular file cannot exist (NotADirectoryError, even for root)
    f = tmp_path / "file"
    f.write_text("x")
    assert main(["run", "--out", str(f / "sub"), "--quiet"]) == 2
    assert "not writable" in one_error_line(capsys.readouterr().err)
    assert main(["drivers", "--option", "offshore", "--out", str(f / "t.csv")]) == 2
    assert "is a file" in one_error_line(capsys.readouterr().err)


def test_option_names_and_counts_are_checked_before_simulating(tmp_path, capsys, no_simulation):
    cases = [
        (["report", "--baseline", "moon", "--quiet"], "--baseline = 'moon'"),
        (["report", "--budget", "nan", "--quiet"], "--budget = nan"),
        (["drivers", "--option", "offshore", "--top", "-1"], "--top = -1"),
        (["drivers", "--option", "moon"], "--option = 'moon'"),
        (["drivers", "--option", "offshore", "--low", "0.9", "--high", "0.1"], "--low"),
        (["sweep", "--grid", "hybrid.vendor_share=0.5", "--baseline", "moon", "--quiet"],
         "--baseline"),
        (["run", "--report", "--quiet"], "--report needs --out"),
        (["run", "--out", str(tmp_path / "x"), "--report", "--dpi", "40", "--quiet"], "--dpi = 40"),
    ]
    for argv, text in cases:
        assert main(argv) == 2, argv
        assert text in one_error_line(capsys.readouterr().err)


def test_ctrl_c_exits_130_with_one_line(monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(simulate_module, "simulate", interrupted)
    assert main(["run", "--paths", "256", "--quiet"]) == 130
    err = capsys.readouterr().err
    assert err.strip() == "ccsim: interrupted"


def test_a_failed_write_leaves_no_half_written_table(tmp_path, monkeypatch, capsys):
    """A full disk while writing the per-path table: exit 1, one line, and neither
    table (nor a temporary file) is left in the output directory."""
    out = tmp_path / "out"

    def disk_full(self, path, *args, **kwargs):
        with open(path, "wb") as fh:
            fh.write(b"PAR1 truncated")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_parquet", disk_full)
    assert main(["run", "--paths", "256", "--seed", "1", "--out", str(out), "--quiet"]) == 1
    assert "No space left on device" in one_error_line(capsys.readouterr().err)
    assert list(out.iterdir()) == []


def test_a_nan_result_is_an_error_not_dollar_nan(monkeypatch, capsys):
    real = ccsim.Result.summary

    def nan_summary(self):
        s = real(self)
        s.loc["offshore", "cost_mean"] = math.nan
        return s

    monkeypatch.setattr(ccsim.Result, "summary", nan_summary)
    assert main(["run", "--paths", "256", "--seed", "1", "--quiet"]) == 1
    captured = capsys.readouterr()
    assert "nan" not in captured.out.lower()
    assert "offshore.cost_mean" in one_error_line(captured.err)


@pytest.mark.slow
def test_run_report_simulates_once(tmp_path, monkeypatch, capsys):
    """`ccsim run --out DIR --report` (what `make demo` runs) writes the tables and the
    board pack from one simulation."""
    calls = []
    real = simulate_module.simulate

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(simulate_module, "simulate", counting)
    out = tmp_path / "demo"
    assert main(["run", "--paths", "256", "--seed", "2", "--out", str(out), "--report",
                 "--dpi", "50", "--quiet"]) == 0
    assert len(calls) == 1
    assert (out / "summary.csv").exists() and (out / "paths.parquet").exists()
    assert (out / "board-pack.pdf").exists()
    import matplotlib.pyplot as plt

    plt.close("all")
