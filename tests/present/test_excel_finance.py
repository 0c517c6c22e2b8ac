"""Excel a finance person can use (issue 30, item 5), read back with openpyxl: plain
headers and option names, a number format for every money, share, count and flag
column, the break-even and drivers sheets, a chart on the summary sheet, the scenario's
name and key inputs on the first sheet, and no per-path sheet unless asked for."""

from __future__ import annotations

import re

import pytest

import ccsim
from ccsim.format import option_label
from ccsim.present.export import CENTS, YES_NO, to_excel

openpyxl = pytest.importorskip("openpyxl")

#: A code name: a lower-case word joined by underscores or dots (``cost_mean``,
#: ``in_house``); plain headers have none.
CODE = re.compile(r"\b[a-z]+(?:[_.][a-z0-9]+)+\b")


@pytest.fixture(scope="module")
def sized():
    """A 60-agent centre of 420 s calls over 24 months, three options, 120 futures."""
    sc = ccsim.default_scenario(agents=60, aht_s=420, horizon_months=24, name="Acme care")
    for o in ("onshore", "hybrid"):
        sc = sc.without_option(o)
    return ccsim.simulate(sc, n_paths=120, seed=3, keep_monthly=True, progress=False)


@pytest.fixture(scope="module")
def books(sized, tmp_path_factory):
    d = tmp_path_factory.mktemp("fin")
    small = to_excel(sized, d / "small.xlsx", appetite={"budget": 18e6, "csat_floor": 60})
    full = to_excel(sized, d / "full.xlsx", per_path=True)
    return small, full


def _headers(ws):
    return [c.value for c in ws[1]]


def _column(ws, header):
    return _headers(ws).index(header) + 1


def test_default_workbook_has_the_sheets_and_no_per_path_sheet(books):
    small, full = books
    wb = openpyxl.load_workbook(small)
    names = wb.sheetnames
    assert names[0] == "about"
    for want in ("summary", "decision", "break-even", "drivers", "monthly", "assumptions"):
        assert want in names
    assert "paths" not in names and "inputs" not in names
    assert {"paths", "inputs"} <= set(openpyxl.load_workbook(full).sheetnames)
    # small: 120 futures x 3 options without the per-path sheets is well under 200 kB
    # (it holds tables of a few hundred rows; the per-path sheet grows with the futures)
    assert small.stat().st_size < 200_000
    assert full.stat().st_size > small.stat().st_size


def test_first_sheet_names_the_scenario_and_its_key_inputs(books, sized):
    ws = openpyxl.load_workbook(books[0])["about"]
    rows = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert rows["Scenario"] == "Acme care"
    assert rows["In-house agents today (FTE)"] == pytest.approx(60, abs=1)
    assert rows["Mean handle time (seconds)"] == pytest.approx(420, rel=0.02)
    assert rows["Horizon (months)"] == 24
    assert rows["Simulated futures"] == 120
    assert rows["Verdict"] == " ".join(sized.decide(budget=18e6, csat_floor=60).verdict.split())


def test_headers_and_option_names_are_plain(books, sized):
    wb = openpyxl.load_workbook(books[1])
    labels = {option_label(o) for o in sized.options}
    for name in ("summary", "decision", "break-even", "drivers", "monthly", "paths"):
        ws = wb[name]
        for h in _headers(ws):
            # the one column that keeps input keys says so in its header
            assert h is None or not CODE.search(str(h)), (name, h)
        opt = _headers(ws).index("Option") + 1 if "Option" in _headers(ws) else None
        if opt is not None:
            seen = {ws.cell(row=r, column=opt).value for r in range(2, ws.max_row + 1)}
            seen.discard(None)  # the break-even sheet's note row when nothing crosses
            assert seen <= labels, (name, seen)
            assert seen or name == "break-even", name
    ws = wb["summary"]
    assert "Mean cost (NPV)" in _headers(ws) and "Operating cost (mean)" in _headers(ws)


def test_every_column_kind_has_its_number_format(books):
    wb = openpyxl.load_workbook(books[1])
    ws = wb["summary"]
    fmt = {h: ws.cell(row=2, column=j).number_format for j, h in enumerate(_headers(ws), 1)}
    for h in ("Mean cost (NPV)", "Operating cost (mean)", "Incident cost (mean)",
              "Customer cost (mean)", "Cost, 95th percentile"):
        assert fmt[h].startswith('"$"'), h
    for h in ("Chance of being the cheapest", "Mean service level", "Abandonment rate"):
        assert fmt[h] == "0.0%", h
    assert fmt["Mean CSAT (0-100)"] == "0.0"
    ws = wb["paths"]
    fmt = {h: ws.cell(row=2, column=j).number_format for j, h in enumerate(_headers(ws), 1)}
    # a cost per call keeps its cents whatever the column's largest value
    assert fmt[ccsim.outputs.OUTPUTS["cost_per_call"].label] == CENTS
    # 0/1 flags per future read Yes/No, not 100%/0%
    for k in ("exit_requested", "exit_completed", "exit_retendered"):
        assert fmt[ccsim.outputs.OUTPUTS[k].label] == YES_NO, k
    for k in ("breaches", "customers_lost", "months_with_vendor"):
        assert fmt[ccsim.outputs.OUTPUTS[k].label] == "#,##0", k
    for k in ("vendor_fees", "operating_cost"):
        assert fmt[ccsim.outputs.OUTPUTS[k].label].startswith('"$"'), k
    ws = wb["drivers"]
    assert ws.cell(row=2, column=_column(ws, "Share of the spread (screening)")) \
        .number_format == "0.0%"


def test_summary_sheet_has_a_chart_of_cost_by_part(books):
    ws = openpyxl.load_workbook(books[0])["summary"]
    # openpyxl keeps charts it reads only through the drawing part; check the file's
    # chart part instead, and that it draws the three cost parts
    import zipfile

    with zipfile.ZipFile(books[0]) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
    assert "barChart" in xml and xml.count("<c:ser>") == 3
    assert "summary" in xml  # its series read the summary sheet
    assert ws.max_row >= 4


def test_breakeven_and_drivers_sheets_come_from_the_run(books, sized):
    wb = openpyxl.load_workbook(books[0])
    ws = wb["drivers"]
    keys = {ws.cell(row=r, column=_column(ws, "Input key")).value
            for r in range(2, ws.max_row + 1)}
    assert keys and keys <= set(sized.inputs)
    ws = wb["break-even"]
    assert _headers(ws)[:5] == ["Option", "Compared with", "Input", "Input key",
                                "Break-even value"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows  # a crossing per row, or one note saying there is none
    for r in rows:
        if r[3] is not None:
            assert r[3] in sized.inputs and isinstance(r[4], float)
        else:
            assert "no top input" in r[-1]


def test_exact_breakevens_are_listed_first(sized, tmp_path):
    be = ccsim.breakeven(sized.scenario, "offshore.staffing.price_per_hour",
                         option="offshore", n_paths=100, seed=1, bracket=(8.0, 60.0))
    out = to_excel(sized, tmp_path / "be.xlsx", breakeven=[be])
    ws = openpyxl.load_workbook(out)["break-even"]
    assert ws.cell(row=2, column=_column(ws, "Input key")).value == be.input
    assert ws.cell(row=2, column=_column(ws, "How found")).value.startswith("exact")
    with pytest.raises(TypeError, match="breakeven"):
        to_excel(sized, tmp_path / "x.xlsx", breakeven=["nope"])


def test_paths_keyword_is_the_deprecated_name_of_per_path(sized, tmp_path):
    with pytest.warns(DeprecationWarning, match="per_path"):
        out = to_excel(sized, tmp_path / "old.xlsx", paths=False)
    assert "paths" not in openpyxl.load_workbook(out).sheetnames


def test_assumptions_wording(books):
    ws = openpyxl.load_workbook(books[0])["assumptions"]
    col = _column(ws, "In words")
    text = " ".join(str(ws.cell(row=r, column=col).value) for r in range(2, ws.max_row + 1))
    assert "per per" not in text
    assert not re.search(r"(?<![\d.,])1 months\b", text)
