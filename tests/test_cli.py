"""Command line: `ccsim run` prints the summary and writes the tables."""

from __future__ import annotations

import pandas as pd

from ccsim.cli import main


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


def test_bad_arguments_exit_with_a_clear_message(capsys):
    assert main(["run", "--paths", "0", "--quiet"]) == 2
    assert "n_paths = 0" in capsys.readouterr().err
