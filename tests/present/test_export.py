"""Excel workbook, xarray cube and HTML views (ccsim.present.export), and the what-if panel's
callback (ccsim.present.whatif)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import ccsim
from ccsim.format import excel_format
from ccsim.present.export import result_html, to_excel


@pytest.fixture(scope="module")
def tiny_monthly():
    sc = ccsim.default_scenario()
    for o in ("onshore", "hybrid"):
        sc = sc.without_option(o)
    return ccsim.simulate(sc, n_paths=60, seed=9, keep_monthly=True, progress=False)


@pytest.fixture(scope="module")
def workbook(tiny_monthly, tmp_path_factory):
    path = tmp_path_factory.mktemp("xl") / "result.xlsx"
    return to_excel(tiny_monthly, path, appetite={"budget": 70e6}, per_path=True)


def test_excel_opens_with_pandas_and_holds_the_tables(workbook, tiny_monthly):
    sheets = pd.read_excel(workbook, sheet_name=None)
    assert [n for n in sheets if n != "could flip"] == [
        "about", "summary", "decision", "break-even", "drivers", "paths", "inputs", "monthly",
        "assumptions"]
    summary = sheets["summary"].set_index("Option")
    np.testing.assert_allclose(summary["Mean cost (NPV)"],
                               tiny_monthly.summary()["cost_mean"], rtol=1e-12)
    paths = sheets["paths"]
    assert len(paths) == len(tiny_monthly.options) * tiny_monthly.n_paths
    np.testing.assert_allclose(paths["Total cost over the horizon, NPV"],
                               tiny_monthly.outputs["npv_cost"].ravel(), rtol=1e-12)
    inputs = sheets["inputs"]
    assert len(inputs) == tiny_monthly.n_paths
    aht = ccsim.assumptions.input_label("service.aht_s", tiny_monthly.scenario)
    np.testing.assert_allclose(inputs[aht], tiny_monthly.inputs["service.aht_s"], rtol=1e-12)
    dec = sheets["decision"].set_index("Option")
    assert bool((dec["Meets the appetite"] == "Yes").any()) == (
        tiny_monthly.decide(budget=70e6).recommended is not None)
    assert set(sheets["monthly"]["Measure"]) == {ccsim.outputs.MONTHLY[m].label
                                                 for m in tiny_monthly.monthly_data}
    assert len(sheets["assumptions"]) == len(tiny_monthly.scenario.parameter_paths())


def test_excel_sheets_are_formatted(workbook):
    import openpyxl

    wb = openpyxl.load_workbook(workbook)
    for name in ("summary", "decision", "paths", "inputs", "monthly", "assumptions"):
        ws = wb[name]
        assert ws.freeze_panes in ("A2", "B2"), name
        assert ws.cell(row=1, column=1).font.bold, name
        assert all(ws.column_dimensions[c].width >= 8 for c in "ABC"), name
    ws = wb["summary"]
    header = {c.value: c.column for c in ws[1]}
    cost = header["Mean cost (NPV)"]
    costs = [ws.cell(row=r, column=cost).value for r in range(2, ws.max_row + 1)]
    # money takes the band of the column's largest value: NPV costs print in $M
    assert ws.cell(row=2, column=cost).number_format == \
        excel_format("money", costs) == '"$"#,##0.0,,"M";-"$"#,##0.0,,"M"'
    assert ws.cell(row=2, column=header["Chance of leaving the vendor"]).number_format == "0.0%"
    ws = wb["paths"]
    header = {c.value: c.column for c in ws[1]}
    assert ws.cell(row=2, column=header["Mean CSAT (0-100)"]).number_format \
        == "0.0"
    ws = wb["monthly"]
    metric_col = [c.value for c in ws[1]].index("Measure") + 1
    mean_col = [c.value for c in ws[1]].index("Mean") + 1
    formats = {ws.cell(row=r, column=metric_col).value:
               ws.cell(row=r, column=mean_col).number_format for r in range(2, ws.max_row + 1)}
    assert formats["Monthly cost, undiscounted"].startswith('"$"#,##0')
    assert formats["Service level"] == "0.0%"


def test_excel_bad_path_and_too_many_rows(tiny_monthly, tmp_path, monkeypatch):
    with pytest.raises(ValueError, match=r"must end in \.xlsx"):
        to_excel(tiny_monthly, tmp_path / "r.csv")
    monkeypatch.setattr("ccsim.present.export.EXCEL_MAX_ROWS", 10)
    with pytest.raises(ValueError, match="more than an Excel sheet holds"):
        to_excel(tiny_monthly, tmp_path / "r.xlsx", per_path=True)
    assert not (tmp_path / "r.xlsx").exists()
    out = to_excel(tiny_monthly, tmp_path / "r.xlsx")
    with pd.ExcelFile(out) as xf:
        assert "paths" not in xf.sheet_names


def test_to_xarray_cube(tiny_monthly):
    ds = tiny_monthly.to_xarray()
    assert dict(ds.sizes) == {"option": 3, "path": 60, "month": tiny_monthly.horizon}
    np.testing.assert_array_equal(ds["npv_cost"].sel(option="offshore").values,
                                  tiny_monthly.values("npv_cost", "offshore"))
    np.testing.assert_array_equal(ds["monthly_cost"].values, tiny_monthly.monthly_data["cost"])
    assert ds["npv_cost"].attrs["unit"] == "US$"
    assert ds["input:service.aht_s"].dims == ("path",)


def test_html_views_format_money_and_percent(tiny_monthly):
    text = tiny_monthly._repr_html_()
    assert text == result_html(tiny_monthly)
    assert "<table>" in text and "$" in text and "%" in text
    assert "e+0" not in text
    assert "MC precision" in text
    d = tiny_monthly.decide()
    assert "<table>" in d._repr_html_() and "e+0" not in d._repr_html_()


# ----------------------------------------------------------------------------- what-if


def test_whatif_callback_reruns_and_redraws():
    from ccsim.present.whatif import WhatIf

    w = WhatIf(ccsim.default_scenario(), n_paths=200, seed=3,
               inputs=["offshore.staffing.price_per_hour"], budget=70e6)
    base = w.update({})
    assert base.n_paths == 200
    assert w.figure.axes, "the risk map is drawn"
    high = w.update({"offshore.staffing.price_per_hour": 30.0})
    low = w.update({"offshore.staffing.price_per_hour": 6.0})
    # common random numbers: only the offshore price changed, so every other option's
    # cost is identical, and a dearer hour costs more on every path
    for o in high.options:
        if o != "offshore":
            np.testing.assert_array_equal(high.values("npv_cost", o), low.values("npv_cost", o))
    assert np.all(high.values("npv_cost", "offshore") > low.values("npv_cost", "offshore"))
    assert w.status == low.decide(budget=70e6).verdict  # the verdict of the last rerun
    with pytest.raises(ValueError, match="outside the allowed range"):
        w.update({"offshore.staffing.price_per_hour": -1.0})
    with pytest.raises(KeyError, match="not a slider"):
        w.update({"demand.nope": 1.0})
    plt.close("all")


def test_whatif_sliders_cover_the_input_ranges():
    from ccsim.present.whatif import WhatIf

    w = WhatIf(ccsim.default_scenario(), n_paths=100, inputs=["service.shrinkage"])
    (spec,) = w.sliders
    d = dict(ccsim.default_scenario().uncertain_inputs())["service.shrinkage"]
    lo, hi = d.ppf(np.array([0.01, 0.99]))
    assert spec.low == pytest.approx(lo) and spec.high == pytest.approx(hi)
    assert spec.value == pytest.approx(d.median())
    assert spec.label == "Shrinkage"
    plt.close("all")


def test_excel_engines_write_the_same_workbook(tiny_monthly, workbook, tmp_path, monkeypatch):
    """xlsxwriter (the default when installed) and the openpyxl fallback write the same
    sheets, values, number formats, header style, column widths and frozen panes."""
    import openpyxl

    pytest.importorskip("xlsxwriter")
    monkeypatch.setattr("ccsim.present.export._engine", lambda: "openpyxl")
    other = to_excel(tiny_monthly, tmp_path / "openpyxl.xlsx", appetite={"budget": 70e6},
                     per_path=True)
    a, b = openpyxl.load_workbook(workbook), openpyxl.load_workbook(other)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        wa, wb = a[name], b[name]
        assert (wa.max_row, wa.max_column, wa.freeze_panes) == \
            (wb.max_row, wb.max_column, wb.freeze_panes), name
        for ra, rb in zip(wa.iter_rows(), wb.iter_rows(), strict=True):
            for ca, cb in zip(ra, rb, strict=True):
                if ca.value is None and cb.value is None:
                    continue  # empty: the column's format applies in Excel
                where = f"{name}!{ca.coordinate}"
                assert type(ca.value) is type(cb.value), where
                if isinstance(cb.value, float):
                    assert ca.value == pytest.approx(cb.value, rel=1e-15), where
                else:
                    assert ca.value == cb.value, where
                assert ca.number_format == cb.number_format, where
                assert bool(ca.font.bold) == bool(cb.font.bold), where
                assert ca.fill.fgColor.rgb[-6:] == cb.fill.fgColor.rgb[-6:], where
        assert _widths(wa) == pytest.approx(_widths(wb)), name


def _widths(ws):
    """Width of each column, by number (a dimension may span several columns)."""
    out = {}
    for d in ws.column_dimensions.values():
        for col in range(d.min, d.max + 1):
            out[col] = d.width
    return out
