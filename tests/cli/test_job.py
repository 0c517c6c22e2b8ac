"""A command line that can do the job alone (issue 30, item 2): sized runs print a
verdict whenever an appetite is given; `ccsim breakeven` prints the break-even number
and its sentence; `ccsim excel` (and `run --excel`) writes the workbook; every flag is
checked before anything runs or is written; sweep and drivers print money and shares
as ccsim.format writes them, never in scientific notation."""

from __future__ import annotations

import re

import pytest

from ccsim.cli import main
from tests.cli.conftest import one_error_line

SMALL = ["--horizon", "12", "--seed", "1"]




def test_sized_run_with_an_appetite_prints_a_verdict(capsys):
    """The issue's own command (fewer paths): a 60-agent centre of 420 s calls, an
    $18M budget and a CSAT floor of 70."""
    argv = ["run", "--agents", "60", "--aht-s", "420", "--budget", "18e6", "--csat-floor",
            "70", "--paths", "200", "--quiet", *SMALL]
    assert main(argv) == 0
    out = capsys.readouterr().out
    verdict = [ln for ln in out.splitlines() if ln.startswith("verdict: ")]
    assert len(verdict) == 1
    assert "Appetite:" in out and "$18.0M" in out and "70" in out
    assert "e+" not in out


def test_run_without_an_appetite_prints_no_verdict(capsys):
    assert main(["run", "--paths", "100", "--quiet", *SMALL]) == 0
    assert "verdict:" not in capsys.readouterr().out


@pytest.mark.parametrize(("argv", "named"), [
    (["run", "--agents", "60", "--budget", "-5"], "--budget = -5"),
    (["run", "--csat-floor", "120"], "--csat-floor"),
    (["run", "--agents", "-3"], "--agents"),
    (["run", "--aht-s", "nan"], "--aht-s"),
    (["run", "--rank-by", "nonsense"], "--rank-by"),
    (["run", "--excel", "{tmp}/book.csv"], "must end in .xlsx"),
    (["run", "--excel", "{tmp}/book.xlsx", "--budget", "-1"], "--budget"),
    (["excel", "{tmp}/book.xlsx", "--csat-floor", "-4"], "--csat-floor"),
    (["excel", "{tmp}/book.xlsx", "--horizon", "0"], "--horizon"),
    (["excel", "{tmp}/book.txt"], "must end in .xlsx"),
    (["excel", "{tmp}/book.xlsx", "--baseline", "mars"], "--baseline = 'mars'"),
    (["excel", "{tmp}/book.xlsx", "--per-path", "--paths", "300000"], "--per-path"),
    (["breakeven", "offshore.staffing.price_per_hourz", "--option", "offshore"], "INPUT"),
    (["breakeven", "offshore.staffing.price_per_hour", "--option", "mars"], "--option"),
    (["breakeven", "offshore.staffing.price_per_hour", "--option", "offshore",
      "--baseline", "offshore"], "--baseline"),
    (["breakeven", "offshore.staffing.price_per_hour", "--option", "offshore",
      "--paths", "10"], "--paths = 10"),
    (["breakeven", "offshore.staffing.price_per_hour", "--option", "offshore",
      "--bracket", "30", "10"], "--bracket"),
    (["breakeven", "offshore.staffing.price_per_hour", "--option", "offshore",
      "--agents", "0"], "--agents"),
    (["sweep", "--grid", "offshore.quality.oversight=0:1:2", "--agents", "-1"], "--agents"),
    (["drivers", "--option", "offshore", "--horizon", "-2"], "--horizon"),
])
def test_a_bad_flag_exits_nonzero_before_anything_runs_or_is_written(
        tmp_path, capsys, no_simulation, argv, named):
    out = tmp_path / "out"
    argv = [a.replace("{tmp}", str(out)) for a in argv]
    if argv[0] == "run":
        argv += ["--out", str(out)]
    assert main(argv) == 2
    assert named in one_error_line(capsys.readouterr().err, ("ccsim: warning",))
    assert not out.exists() or not any(out.iterdir())  # nothing written


def test_csat_target_is_hidden_in_help(capsys):
    """One name for the CSAT floor: the deprecated --csat-target still works (see
    test_vocabulary) but is not offered."""
    assert main(["run", "--help"]) == 0
    text = capsys.readouterr().out
    assert "--csat-floor" in text and "--csat-target" not in text


def test_excel_command_writes_a_small_workbook_and_per_path_on_request(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "acme.xlsx"
    assert main(["excel", str(book), "--agents", "60", "--name", "Acme", "--paths", "100",
                 "--quiet", *SMALL]) == 0
    out = capsys.readouterr().out
    assert f"wrote {book}" in out and "verdict:" not in out
    wb = openpyxl.load_workbook(book)
    assert "paths" not in wb.sheetnames and "summary" in wb.sheetnames
    about = {r[0]: r[1] for r in wb["about"].iter_rows(values_only=True) if r[0]}
    assert about["Scenario"] == "Acme" and about["Horizon (months)"] == 12
    # no temporary file left next to it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["acme.xlsx"]
    assert main(["excel", str(book), "--per-path", "--paths", "100", "--budget", "9e6",
                 "--quiet", *SMALL]) == 0
    assert "verdict: " in capsys.readouterr().out
    assert "paths" in openpyxl.load_workbook(book).sheetnames


def test_run_excel_writes_the_workbook_of_the_same_run(tmp_path, capsys):
    openpyxl = pytest.importorskip("openpyxl")
    book = tmp_path / "run.xlsx"
    assert main(["run", "--excel", str(book), "--paths", "100", "--quiet", *SMALL]) == 0
    out = capsys.readouterr().out
    ws = openpyxl.load_workbook(book)["about"]
    about = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert about["Seed"] == "1" and about["Simulated futures"] == 100
    assert f"wrote {book}" in out


def test_breakeven_command_prints_the_number_and_the_sentence(capsys):
    argv = ["breakeven", "offshore.staffing.price_per_hour", "--option", "offshore",
            "--paths", "100", *SMALL]
    assert main(argv) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("break-even: "))
    assert re.fullmatch(r"break-even: \$\d+\.\d\d per productive hour", line), line
    assert "Offshore stops paying against In-house" in out
    assert "widened from the assumed range" in out
    assert "e+" not in out


def test_sweep_and_drivers_print_formatted_numbers(capsys):
    assert main(["sweep", "--grid", "offshore.quality.oversight=0.2,0.8", "--paths", "50",
                 "--quiet", *SMALL]) == 0
    out = capsys.readouterr().out
    assert "e+" not in out and "e-0" not in out
    assert re.search(r"\$\d+(\.\d)?M", out) and re.search(r"\d\.\d%", out)
    assert "In-house" in out
    assert main(["drivers", "--option", "offshore", "--baseline", "in_house", "--paths", "100",
                 "--top", "2", *SMALL]) == 0
    out = capsys.readouterr().out
    assert "e+" not in out and "e-0" not in out
    assert re.search(r"-?\$\d", out)
