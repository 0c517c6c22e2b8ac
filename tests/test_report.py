"""The board pack: PDF (cover, one finding per page, assumptions), PNGs, CSVs, and the
``ccsim report`` command."""

from __future__ import annotations

import argparse
import math
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import ccsim
from ccsim.report import BoardPack, add_cli, assumptions_table, write_report
from test_plot import sweep_frame, tornado_table


def pdf_pages(path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


@pytest.fixture(scope="module")
def pack(small_result, tmp_path_factory) -> BoardPack:
    out = tmp_path_factory.mktemp("pack")
    sweep = sweep_frame(b_values=(30.0,))
    p = write_report(small_result, out, budget=70e6, csat_target=70.0, tornado=tornado_table(),
                     sweep=sweep, dpi=50)
    plt.close("all")
    return p


def test_pack_has_pdf_pngs_and_csvs(pack, small_result):
    assert pack.pdf.exists() and pack.summary.exists() and pack.assumptions.exists()
    names = [p.name for p in pack.figures]
    n_alt = len(small_result.options) - 1
    # distribution, exceedance, one paired saving per alternative, risk map, breakdown,
    # waterfall, CSAT, month by month, tornado, sweep
    assert len(names) == 2 + n_alt + 5 + 2
    assert names[0] == "01-cost-distribution.png"
    assert {f"saving-{o}" for o in small_result.options[1:]} <= {n[3:-4] for n in names}
    assert all(p.exists() for p in pack.figures)
    img = mpimg.imread(pack.figures[0])
    assert img.shape[1] == 600 and abs(img.shape[0] - 337.5) <= 1  # 16:9 at 50 dpi
    assert "BoardPack" in repr(pack)


def test_pdf_has_cover_findings_and_assumption_pages(pack, small_result):
    n_params = len(list(small_result.scenario.parameters()))
    from ccsim.report import _ROWS_PER_PAGE

    assumption_pages = math.ceil(n_params / _ROWS_PER_PAGE) + 1  # + the sources page
    assert pdf_pages(pack.pdf) == 1 + len(pack.figures) + assumption_pages
    assert len(pack.findings) == len(pack.figures)
    assert all(f for f in pack.findings)
    assert any("of futures" in f for f in pack.findings)


def test_summary_csv_is_the_result_summary(pack, small_result):
    back = pd.read_csv(pack.summary, index_col=0)
    expect = small_result.summary()
    assert list(back.index) == list(expect.index)
    np.testing.assert_allclose(back.to_numpy(float), expect.to_numpy(float), rtol=1e-12)


def test_assumptions_list_every_input_with_distribution_and_source(pack, small_result):
    t = pd.read_csv(pack.assumptions)
    sc = small_result.scenario
    assert list(t["input"]) == sc.parameter_paths()
    uncertain = {p for p, _ in sc.uncertain_inputs()}
    assert set(t.loc[t["kind"] == "uncertain", "input"]) == uncertain
    assert t["source"].notna().all() and t["value"].notna().all()
    # the 90% range of an uncertain input is its distribution's, computed independently
    d = dict(sc.uncertain_inputs())["staff.hourly_cost"]  # Uniform(24, 31)
    row = t.set_index("input").loc["staff.hourly_cost"]
    assert row["p05"] == pytest.approx(24 + 0.05 * 7) and row["p95"] == pytest.approx(31 - 0.05 * 7)
    assert row["mean"] == pytest.approx(d.mean())


def test_assumptions_mark_user_changes():
    sc = ccsim.default_scenario().with_overrides({"staff.hourly_cost": 44.0})
    t = assumptions_table(sc).set_index("input")
    assert t.loc["staff.hourly_cost", "source"] == "user input"
    assert t.loc["staff.hourly_cost", "kind"] == "fixed"
    assert t.loc["service.shrinkage", "source"].startswith("OpsDog")


def test_bad_arguments_fail_before_anything_is_written(small_result, tmp_path):
    out = tmp_path / "never"
    cases = [
        ({"budget": -1.0}, ValueError, r"budget = -1.0 is outside"),
        ({"csat_target": 120}, ValueError, r"csat_target = 120 is outside the allowed range \[0, 100\]"),
        ({"baseline": "nobody"}, ValueError, "baseline = 'nobody'"),
        ({"option": "in_house"}, ValueError, "other than the baseline"),
        ({"dpi": 10}, ValueError, "dpi = 10"),
        ({"tornado": tornado_table().drop(columns="base")}, ValueError, "lacks columns"),
    ]
    for kw, exc, msg in cases:
        with pytest.raises(exc, match=msg):
            write_report(small_result, out, **kw)
    with pytest.raises(TypeError, match=r"ccsim\.Result"):
        write_report("result", out)
    assert not out.exists()
    assert not plt.get_fignums()


def test_one_option_pack(tmp_path):
    sc = ccsim.default_scenario()
    for o in sc.option_names[1:]:
        sc = sc.without_option(o)
    res = ccsim.simulate(sc, n_paths=256, seed=5, keep_monthly=False)
    p = res.report(tmp_path / "one", dpi=50)
    assert [f.name for f in p.figures] == [
        "01-cost-distribution.png", "02-cost-exceedance.png", "03-cost-vs-csat.png",
        "04-cost-breakdown.png", "05-csat-distribution.png",
    ]
    plt.close("all")


def test_cli_report_writes_the_pack(tmp_path, capsys):
    ap = argparse.ArgumentParser(prog="ccsim")
    add_cli(ap.add_subparsers(dest="command", required=True))
    out = tmp_path / "cli"
    args = ap.parse_args(["report", "--paths", "256", "--seed", "4", "--out", str(out),
                          "--budget", "7e7", "--csat-target", "70", "--dpi", "50", "--quiet"])
    assert args.func(args) == 0
    text = capsys.readouterr().out
    assert "256 paths" in text and "board-pack.pdf" in text
    assert (out / "board-pack.pdf").exists() and (out / "summary.csv").exists()
    assert len(list((out / "figures").glob("*.png"))) >= 10
    plt.close("all")


def test_every_default_input_names_its_source():
    """Each calibrated default carries a source from ccsim.presets.SOURCES, a changed
    value is marked as user input, and an option added by the user inherits the
    calibrated sources of its location."""
    from ccsim.scenario.presets import SOURCES

    sc = (ccsim.default_scenario()
          .with_overrides({"offshore.quality.oversight": 0.1})
          .with_option(ccsim.vendor_option("nearshore", name="colombia")))
    t = assumptions_table(sc).set_index("input")["source"]
    documented = set(SOURCES.values())
    changed = {"offshore.quality.oversight"}
    undocumented = [p for p, s in t.items() if p not in changed and s not in documented]
    assert undocumented == []
    assert t["offshore.quality.oversight"] == "user input"
    assert t["colombia.staffing.price_per_hour"] == SOURCES["nearshore.staffing.price_per_hour"]
