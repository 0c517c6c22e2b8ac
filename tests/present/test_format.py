"""One vocabulary for numbers: the same value prints the same in the tables, the figures,
the board pack, the command line and Excel (issue 26, item 5)."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from ccsim import format as fmt
from ccsim._display import _html_table

# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    ("x", "text"),
    [(-2.4e6, "-$2.4M"), (15_347_370.0, "$15.3M"), (4_500.0, "$4,500"), (12.344, "$12.34"),
     (-8.5e5, "-$850k"), (12_340.0, "$12.3k"), (2.5e9, "$2.5B"), (999.4, "$999"),
     (999_960.0, "$1.0M"), (99_960.0, "$100k"), (99.996, "$100"), (9_999.6, "$10.0k"),
     (0.0, "$0"), (-0.001, "$0"), (0.004, "$0"), (0.006, "$0.01"), (-49.0, "-$49.00"), (math.nan, "n/a"),
     (math.inf, "n/a")],
)
def test_money_rule(x, text):
    assert fmt.fmt_money(x) == text


def test_one_minus_sign_everywhere():
    # no Unicode minus, no "$-": the sign is ASCII and comes before the currency sign
    for x in (-1e10, -2.4e6, -8.5e5, -12_340.0, -4_500.0, -12.34):
        text = fmt.fmt_money(x)
        assert text.startswith(fmt.MINUS + "$") and "\N{MINUS SIGN}" not in text, text
    assert fmt.fmt_pct(-0.05) == "-5%" and fmt.fmt_count(-1234.0) == "-1,234"
    assert fmt.MINUS == "-"


@pytest.mark.parametrize(
    ("x", "digits", "text"),
    [(0.834, 0, "83%"), (0.834, 1, "83.4%"), (0.004, 0, "0.4%"), (0.9996, 0, "99.96%"),
     (0.0, 0, "0%"), (1.0, 0, "100%"), (0.5, 1, "50.0%")],
)
def test_share_rule(x, digits, text):
    assert fmt.fmt_pct(x, digits) == text


def test_option_label():
    assert fmt.option_label("in_house") == "In-house"
    assert fmt.option_label("near_shore_b") == "Near shore b"


# --------------------------------------------------------------------------- Excel


def _excel_render(number_format: str, x: float) -> str:
    """What Excel shows for ``x`` under a number format, for the subset ccsim writes:
    ``pos;neg`` sections, quoted literals, a ``#,##0`` or ``#,##0.00`` body and trailing
    commas that each divide by 1000 (Excel's documented rules, written out here
    independently of :mod:`ccsim.format`)."""
    sections = number_format.split(";")
    section = sections[1] if x < 0 and len(sections) > 1 else sections[0]
    value = abs(x) if x < 0 and len(sections) > 1 else x
    m = re.fullmatch(r'(?P<pre>(?:"[^"]*"|-)*)(?P<body>#,##0(?:\.0+)?)(?P<commas>,*)'
                     r'(?P<post>(?:"[^"]*")*)', section)
    assert m is not None, section
    decimals = len(m["body"].split(".")[1]) if "." in m["body"] else 0
    value = value / 1000.0 ** len(m["commas"])
    def lit(part: str) -> str:
        return "".join(q or d for q, d in re.findall(r'"([^"]*)"|(-)', part))

    return f"{lit(m['pre'])}{value:,.{decimals}f}{lit(m['post'])}"


@pytest.mark.parametrize("x", [-2.4e6, 15_347_370.0, 4_500.0, 12.34, -850_000.0, 12_340.0,
                               2.5e9, -49.0])
def test_excel_number_format_prints_what_the_tables_print(x):
    # a column whose largest value is x: every cell in x's band prints as fmt_money does
    number_format = fmt.excel_format("money", [x, x / 2 if abs(x) < 2e4 else x * 0.9])
    assert _excel_render(number_format, x) == fmt.fmt_money(x)


def test_excel_renderer_follows_excel_rules():
    # guard on the helper itself: Excel's own examples of the thousands-scaling comma
    assert _excel_render('#,##0,,"M"', 12_345_678.0) == "12M"
    assert _excel_render('"$"#,##0.00;-"$"#,##0.00', -1234.5) == "-$1,234.50"


# --------------------------------------------------------------------------- every door


@pytest.fixture(scope="module")
def run64():
    import ccsim

    return ccsim.simulate(ccsim.default_scenario(), n_paths=64, seed=1)


def test_one_number_prints_the_same_through_every_helper():
    """-2.4M through the table display, the figure labels and ticks, the pack's and the
    decision's text, the CLI, the assumptions table and Excel's number format."""
    from ccsim import cli, decision
    from ccsim.assumptions import plain_value
    from ccsim.present.export import _fmt_for
    from ccsim.present.plotting import _style

    x, want = -2.4e6, "-$2.4M"
    t = pd.DataFrame({"saving_mean": [x]}, index=["offshore"])
    assert f"<td>{want}</td>" in _html_table(t, "money")
    assert _style.fmt_money(x) == want and _style.money_formatter()(x, 0) == want
    assert decision.fmt_money(x) == want and cli.fmt_money(x) == want
    assert plain_value(x, "$") == want
    assert _excel_render(_fmt_for("cost_mean", [x, 1.5e6]) or "", x) == want


def test_a_run_prints_the_same_in_the_pack_the_cli_and_excel(run64, tmp_path, capsys):
    import matplotlib

    matplotlib.use("Agg")
    import openpyxl
    from matplotlib import pyplot as plt

    from ccsim import report
    from ccsim.cli import main

    summary = run64.summary()
    want = {o: fmt.fmt_money(float(v)) for o, v in summary["cost_mean"].items()}
    # the board pack: page 1 (verdict) shows each option's mean saving and operating saving
    # against the baseline, page 2 (summary) the mean costs, with the same text
    decision = run64.decide()
    base = decision.baseline
    saving = {fmt.fmt_money(float(summary.loc[base, col] - v))
              for col in ("cost_mean", "operating_cost_mean") for v in summary[col]}
    pages = [(report._verdict_page(run64, decision), saving),
             (report._summary_page(run64, [], base), set(want.values()))]
    for fig, expected in pages:
        texts = {t.get_text() for t in fig.findobj(matplotlib.text.Text)}
        for ax in fig.axes:
            for tab in ax.tables:
                texts |= {c.get_text().get_text() for c in tab.get_celld().values()}
        assert expected <= texts, sorted(texts)
        plt.close(fig)
    # the command line, same scenario, paths and seed
    assert main(["run", "--paths", "64", "--seed", "1", "--quiet"]) == 0
    out = capsys.readouterr().out
    for o, text in want.items():
        line = next(ln for ln in out.splitlines() if ln.startswith(o + " "))
        assert text in line.split(), (o, line)
    assert "e+" not in out and "\N{MINUS SIGN}" not in out and re.search(r"\d\.\d%", out)
    # Excel: every cell of the summary's cost column shows the same text
    path = tmp_path / "r.xlsx"
    run64.to_excel(path)
    ws = openpyxl.load_workbook(path)["summary"]
    header = {c.value: c.column for c in ws[1]}
    words = {fmt.option_label(o): o for o in summary.index}
    for r in range(2, ws.max_row + 1):
        option = words[ws.cell(row=r, column=1).value]
        cell = ws.cell(row=r, column=header["Mean cost (NPV)"])
        assert cell.value == pytest.approx(float(summary.loc[option, "cost_mean"]), rel=1e-12)
        assert _excel_render(cell.number_format, float(cell.value)) == want[option]


def test_summary_shows_formatted_numbers_and_keeps_raw_ones(run64):
    """Issue 30 item 2: ``summary()`` prints money and shares as the CLI and the pack do,
    in a terminal and in Jupyter, while its values stay raw numbers."""
    summ = run64.summary()
    text, html = repr(summ), summ._repr_html_()
    assert "e+" not in text and "e+" not in html
    for _option, row in summ.iterrows():
        assert fmt.fmt_money(float(row["cost_mean"])) in text
        assert fmt.fmt_money(float(row["cost_mean"])) in html
        assert fmt.fmt_pct(float(row["p_cheapest"]), 1) in html  # the repr may elide columns
    assert summ["cost_mean"].dtype == float and type(summ["cost_mean"]) is pd.Series
    for option in summ.index:  # the raw mean, not the text
        assert float(summ.loc[option, "cost_mean"]) == pytest.approx(
            float(run64.values("npv_cost", option).mean()), rel=1e-12)
    assert isinstance(summ.loc[summ.index[:2]], pd.DataFrame)
