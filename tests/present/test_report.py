"""The board pack: PDF (cover, one finding per page, assumptions), PNGs, CSVs, and the
``ccsim report`` command."""

from __future__ import annotations

import argparse
import math
import os
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.image as mpimg
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.testing.compare import compare_images

import ccsim
from ccsim import report
from ccsim.cli import add_report as add_cli
from ccsim.outputs import PATH_OUTPUTS
from ccsim.present.report import (
    BoardPack,
    add_appetite_arguments,
    appetite_from_args,
    assumptions_table,
    write_report,
)
from ccsim.result import Result
from ccsim.sampling.streams import SeedRoot
from tests.present.test_figures import sweep_frame, tornado_result, tornado_table

BASELINES = Path(__file__).parents[1] / "baseline_images"
IMAGE_TOL = 2.0  # as in test_plot: RMS grey levels; a moved line or table fails


def pdf_pages(path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", path.read_bytes()))


@pytest.fixture(scope="module")
def pack(small_result, tmp_path_factory) -> BoardPack:
    out = tmp_path_factory.mktemp("pack")
    sweep = sweep_frame(b_values=(30.0,))
    p = write_report(small_result, out, budget=70e6, csat_floor=70.0, tornado=tornado_result(),
                     sweep=sweep, dpi=50)
    plt.close("all")
    return p


@pytest.mark.slow
def test_pack_has_pdf_pngs_and_csvs(pack, small_result):
    assert pack.pdf.exists() and pack.summary.exists() and pack.assumptions.exists()
    names = [p.name for p in pack.figures]
    # body: distribution, savings (one page of small multiples), risk map, breakdown,
    # waterfall, CSAT, month by month, drivers, uncertainty sources; appendix: exceedance,
    # spider, tornado, sweep
    assert len(names) == 9 + 4, names
    assert any(f"uncertainty-{pack.decision.recommended}" in n for n in names), names
    assert any(n.endswith(f"drivers-{pack.decision.recommended}.png") or "drivers-" in n
               for n in names)
    assert names[0] == "01-cost-distribution.png"
    assert names[1] == "02-savings.png"
    assert all(p.exists() for p in pack.figures)
    img = mpimg.imread(pack.figures[0])
    assert img.shape[1] == 600 and abs(img.shape[0] - 337.5) <= 1  # 16:9 at 50 dpi
    assert "BoardPack" in repr(pack)


@pytest.mark.slow
def test_pdf_has_verdict_findings_breakeven_and_one_assumption_page(pack, small_result):
    # verdict, summary, figures, break-even, key assumptions, input keys, sources, glossary
    assert pdf_pages(pack.pdf) == 2 + len(pack.figures) + 5
    assert (pack.directory / "decision.csv").exists()
    assert len(pack.findings) == len(pack.figures)
    assert all(f for f in pack.findings)
    assert any("of simulations" in f for f in pack.findings)


@pytest.mark.slow
def test_summary_csv_is_the_result_summary(pack, small_result):
    back = pd.read_csv(pack.summary, index_col=0)
    expect = small_result.summary()
    assert list(back.index) == list(expect.index)
    np.testing.assert_allclose(back.to_numpy(float), expect.to_numpy(float), rtol=1e-12)


@pytest.mark.slow
def test_assumptions_list_every_input_with_distribution_and_source(pack, small_result):
    t = pd.read_csv(pack.assumptions)
    sc = small_result.scenario
    assert list(t["input"]) == sc.parameter_paths()
    uncertain = {p for p, _ in sc.uncertain_inputs()}
    assert set(t.loc[t["form"] == "uncertain", "input"]) == uncertain
    assert t["source"].notna().all() and t["value"].notna().all()
    # the 90% range of an uncertain input is its distribution's, computed independently
    d = dict(sc.uncertain_inputs())["staff.seat_cost_annual"]  # Uniform(2500, 6500)
    row = t.set_index("input").loc["staff.seat_cost_annual"]
    assert row["p05"] == pytest.approx(2500 + 0.05 * 4000)
    assert row["p95"] == pytest.approx(6500 - 0.05 * 4000)
    assert row["mean"] == pytest.approx(d.mean())


def test_assumptions_mark_user_changes():
    sc = ccsim.default_scenario().with_overrides({"staff.hourly_cost": 44.0})
    t = assumptions_table(sc).set_index("input")
    assert t.loc["staff.hourly_cost", "source"] == "user input"
    assert t.loc["staff.hourly_cost", "form"] == "fixed"
    assert t.loc["staff.hourly_cost", "kind"] == "fact"
    assert t.loc["service.busy_hour_factor", "source"].startswith("estimate")


def test_bad_arguments_fail_before_anything_is_written(small_result, tmp_path):
    out = tmp_path / "never"
    cases = [
        ({"budget": -1.0}, ValueError, r"budget = -1.0 is outside"),
        ({"csat_floor": 120}, ValueError, r"csat_floor = 120 is outside the allowed range \[0, 100\]"),
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


@pytest.mark.slow
def test_one_option_pack(tmp_path):
    sc = ccsim.default_scenario()
    for o in sc.option_names[1:]:
        sc = sc.without_option(o)
    res = ccsim.simulate(sc, n_paths=256, seed=5, keep_monthly=False)
    p = res.report(tmp_path / "one", dpi=50)
    assert [f.name for f in p.figures] == [
        "01-cost-distribution.png", "02-cost-vs-csat.png", "03-cost-breakdown.png",
        "04-csat-distribution.png", "05-cost-exceedance.png",
    ]
    assert p.decision.recommended == sc.option_names[0]
    plt.close("all")


@pytest.mark.slow
def test_cli_report_writes_the_pack(tmp_path, capsys):
    ap = argparse.ArgumentParser(prog="ccsim")
    add_cli(ap.add_subparsers(dest="command", required=True))
    out = tmp_path / "cli"
    args = ap.parse_args(["report", "--paths", "256", "--seed", "4", "--out", str(out),
                          "--budget", "7e7", "--csat-floor", "70", "--dpi", "50", "--quiet"])
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


# ----------------------------------------------------------------------------- the verdict


def _texts(fig) -> list[str]:
    """Every text drawn on a page: figure texts and table cells."""
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [t.get_text() for t in ax.texts]
        for tab in ax.tables:
            out += [c.get_text().get_text() for c in tab.get_celld().values()]
    return [t.replace("\n", " ") for t in out]


@pytest.mark.slow
def test_verdict_page_changes_with_the_appetite(small_result, tmp_path):
    """The first page states the recommendation under the appetite given: a budget that
    rules out the loose recommendation changes the verdict on page 1."""
    loose = small_result.decide(rank_by="mean", max_csat_drop=None)
    rec = loose.recommended
    assert rec == small_result.summary()["cost_mean"].idxmin()  # rank by mean: the cheapest
    # a CSAT floor set just above the recommended option's mean CSAT, with no tolerance
    floor = float(np.mean(small_result.values("csat_mean", rec))) + 0.5
    tight_app = {"rank_by": "mean", "csat_floor": floor, "max_p_below_floor": 0.5,
                 "max_csat_drop": None}
    tight = write_report(small_result, tmp_path / "b", appetite=tight_app, dpi=50,
                         drivers=False)
    assert tight.decision.recommended != rec
    assert rec in tight.decision.failures
    page1_loose = " ".join(_texts(report._verdict_page(small_result, loose)))
    page1_tight = " ".join(_texts(report._verdict_page(small_result, tight.decision)))
    label = {"in_house": "In-house"}.get(rec, rec.replace("_", " ").capitalize())
    assert f"Choose {label}." in page1_loose
    assert f"Choose {label}." not in page1_tight
    assert "(default: no appetite was given)" not in page1_loose
    assert f"P(mean CSAT < {floor:g})" in page1_tight
    plt.close("all")


def test_default_appetite_is_stated_on_page_one(small_result):
    d = small_result.decide()
    page = " ".join(_texts(report._verdict_page(small_result, d)))
    assert "default: no appetite was given" in page
    assert "5 points below In-house's" in page
    assert "Operating" in page and "Customer" in page
    plt.close("all")


def test_summary_page_words_precision_and_defines_terms(small_result):
    page = report._summary_page(small_result, ["a finding"], "in_house")
    texts = _texts(page)
    joined = " ".join(texts)
    assert "Precision of the average" in joined and "not the business uncertainty" in joined
    assert "Early exit: the vendor contract" in joined and "Service level: share of calls" in joined
    # no cell puts a mean and its precision together ("$71.4M ± $816k")
    assert not any(re.search(r"\$[\d.]+[kMB]? ± ", t) for t in texts)
    assert any("Jobs" in t or "jobs" in t for t in texts)
    assert any("hours" in t for t in texts)
    plt.close("all")


def test_key_assumptions_page_in_plain_words(small_result):
    inputs = report._key_inputs(small_result, "offshore", "in_house")
    assert len(inputs) == report._KEY_ROWS
    texts = _texts(report._key_assumptions_page(small_result, inputs))
    body = [t for t in texts if t]
    assert not any(re.search(r"\d[eE][+-]?\d", t) for t in body), "scientific notation"
    assert not any(re.search(r"\bmu\b|\bsigma\b", t) for t in body)
    assert not any(p in t for p in inputs for t in body), "dotted paths"
    # a distribution by median and range (a judgement says so first), a fact by its value
    # and measurement error
    assert sum(t.removeprefix("judgement: ").startswith("median")
               or re.match(r"[$\d][^,]*, measured to \+/-", t) is not None
               for t in body) == len(inputs)
    assert any(t.startswith("judgement: median") for t in body)
    # every input shown carries its kind (issue 27): one kind cell per row
    assert sum(t in ("fact", "future", "judgement") for t in body) == len(inputs)
    plt.close("all")


def test_key_assumptions_describe_a_lognormal_by_median_and_range():
    from ccsim.assumptions import describe_input
    from ccsim.dist import LogNormal

    d = LogNormal.from_interval(95_000, 125_000)
    sc = ccsim.default_scenario().with_overrides({"demand.base_volume": d})
    text = describe_input(sc, "demand.base_volume")
    med = math.exp(d.mu)
    assert text == f"median {med:,.0f}, 90% between 95,000 and 125,000 calls/month"


def test_appetite_flags():
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", type=float, default=None)  # as `ccsim report` has it
    add_appetite_arguments(ap)
    a = appetite_from_args(ap.parse_args(["--budget", "6e7", "--csat-floor", "70",
                                          "--max-p-over-budget", "0.1", "--rank-by", "mean"]))
    assert a == ccsim.Appetite(budget=6e7, csat_floor=70.0, max_p_over_budget=0.1,
                               rank_by="mean")
    assert appetite_from_args(ap.parse_args([])) == ccsim.decide.decision.DEFAULT_APPETITE
    with pytest.raises(ValueError, match=r"max_p_over_budget = 2\.0"):
        appetite_from_args(ap.parse_args(["--max-p-over-budget", "2"]))


def test_report_rejects_a_bad_appetite(small_result, tmp_path):
    with pytest.raises(ValueError, match="unknown keys"):
        write_report(small_result, tmp_path / "x", appetite={"budjet": 1})
    with pytest.raises(TypeError, match="breakeven"):
        write_report(small_result, tmp_path / "x", breakeven=["nope"])
    assert not (tmp_path / "x").exists()


# ----------------------------------------------------------------------------- page images


def planted_result(n: int = 400) -> Result:
    """Three options, costs planted on three drawn inputs (independent of the engine)."""
    sc = ccsim.default_scenario()
    for o in sc.option_names:
        if o not in ("in_house", "nearshore", "offshore"):
            sc = sc.without_option(o)
    rng = np.random.default_rng(11)
    price = rng.uniform(8, 14, n)
    aht = rng.uniform(200, 500, n)
    margin = rng.uniform(100, 600, n)
    noise = rng.normal(0, 2e6, (3, n))
    base = 60e6 + 0.02e6 * (aht - 350)
    cost = np.stack([base + 3e6, base + 1e6 + 0.01e6 * (margin - 350),
                     base + 1.5e6 * (price - 11) + 0.02e6 * (margin - 350)]) + noise
    out = {k: np.zeros((3, n)) for k in PATH_OUTPUTS}
    out["npv_cost"] = cost
    out["churn_losses"] = np.stack([np.full(n, 5e6), np.full(n, 9e6), 0.03e6 * margin])
    out["customer_cost"] = out["churn_losses"]  # the cost in parts, as the engine books it
    out["incident_cost"] = out["breach_losses"]  # zeros here
    out["operating_cost"] = cost - out["customer_cost"] - out["incident_cost"]
    out["csat_mean"] = np.stack([np.full(n, 80.0), rng.normal(72, 3, n), rng.normal(64, 4, n)])
    out["service_level_mean"] = np.full((3, n), 0.85)
    out["local_jobs_removed"] = np.stack([np.zeros(n), np.full(n, 120.0), np.full(n, 150.0)])
    out["mgmt_hours_freed"] = np.stack([np.zeros(n), np.full(n, 900.0), np.full(n, 1100.0)])
    out["exit_requested"] = np.stack([np.zeros(n), rng.uniform(size=n) < 0.02, rng.uniform(size=n) < 0.1])
    inputs = {"service.aht_s": aht, "customers.annual_margin": margin,
              "offshore.staffing.price_per_hour": price}
    return Result(sc, n, SeedRoot(11), out, inputs)


def _check_image(fig, name, tmp_path):
    actual = tmp_path / f"{name}.png"
    fig.savefig(actual, dpi=50, metadata={"Software": None})
    expected = BASELINES / f"{name}.png"
    if os.environ.get("CCSIM_UPDATE_BASELINES"):
        BASELINES.mkdir(exist_ok=True)
        expected.write_bytes(actual.read_bytes())
    assert expected.exists(), f"missing reference image {expected}"
    err = compare_images(str(expected), str(actual), tol=IMAGE_TOL)
    assert err is None, err


@pytest.mark.parametrize("page", ["verdict", "summary", "breakeven", "key_assumptions"])
def test_report_page_matches_reference(page, tmp_path):
    from ccsim.present.plotting._style import board_style

    res = planted_result()
    d = res.decide(budget=70e6, csat_floor=65)
    with board_style():
        fig = {
            "verdict": lambda: report._verdict_page(res, d),
            "summary": lambda: report._summary_page(res, ["Nearshore is cheapest."], "in_house"),
            "breakeven": lambda: report._breakeven_page(
                res, *report._breakevens(res, [("offshore", "in_house")], [])),
            "key_assumptions": lambda: report._key_assumptions_page(
                res, report._key_inputs(res, "offshore", "in_house")),
        }[page]()
        _check_image(fig, f"report_{page}", tmp_path)
    plt.close("all")
