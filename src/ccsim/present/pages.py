"""The board pack's text pages and page furniture: the summary, break-even, key
assumptions, input keys, glossary and sources pages; the layout helpers that place
text in measured boxes; the plain words of the figures' small print; the running
header. :mod:`ccsim.present.report` composes them into the pack and
:mod:`ccsim.present.verdict_page` draws page 1 with the same helpers.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ccsim.assumptions import _sources_list, assumptions_table

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ccsim.result import Result

# ----------------------------------------------------------------------------- text pages


def _text_figure() -> Figure:
    from matplotlib.figure import Figure

    from ccsim.present.plotting._style import FIGSIZE

    return Figure(figsize=FIGSIZE)


_INK = "#1A1A1A"
_NOTE = "#4D4D4D"
_PASS = "#1B7837"
_FAIL = "#B2182B"
_BORDER = "#B35806"
_Z95 = 1.959963984540054


# ----------------------------------------------------------------------------- layout helpers


def _chars(width: float, fontsize: float, *, bold: bool = False) -> int:
    """Characters of DejaVu Sans that fit in ``width`` (a fraction of the page's width).

    0.62 em is the advance of digits and most capitals, wider than the average letter, so
    a line wrapped to this many characters stays inside ``width``.
    """
    from ccsim.present.plotting._style import FIGSIZE

    em = 0.68 if bold else 0.62
    return max(4, int(width * FIGSIZE[0] * 72.0 / (em * fontsize)))


def _fill(text: str, n: int, max_lines: int = 6) -> str:
    """``text`` wrapped to ``n`` characters a line, its own line breaks kept."""
    out: list[str] = []
    for part in str(text).split("\n"):
        out.extend(textwrap.wrap(part, n, break_on_hyphens=False) or [""])
    if len(out) > max_lines:
        out = out[:max_lines]
        out[-1] = _clip(out[-1] + "\N{HORIZONTAL ELLIPSIS}", n)
    return "\n".join(out)


def _para(fig: Figure, x: float, y: float, lines: Sequence[str], *, fontsize: float = 11,
          right: float = 0.96, bullet: bool = True, color: str = _INK,
          weight: str = "normal") -> float:
    """Paragraphs from ``y`` down, wrapped to end before ``right``; returns the next free y."""
    from ccsim.present.plotting._style import FIGSIZE

    line_h = 1.3 * fontsize / (FIGSIZE[1] * 72.0)
    n = _chars(right - x - (0.015 if bullet else 0.0), fontsize, bold=weight == "bold")
    for line in lines:
        wrapped = _fill(line.replace("\n", " "), n, max_lines=12)
        fig.text(x, y, ("\N{BULLET} " if bullet else "") + wrapped, fontsize=fontsize,
                 va="top", color=color, fontweight=weight, parse_math=False)
        y -= line_h * (wrapped.count("\n") + 1) + 0.4 * line_h
    return y


def _footer(fig: Figure, text: str, *, fontsize: float = 9) -> float:
    """Small print at the bottom of a text page; returns its top (figure fraction)."""
    from ccsim.present.plotting._style import FIGSIZE

    wrapped = _fill(text, _chars(0.92, fontsize), max_lines=8)
    fig.text(0.04, 0.035, wrapped, fontsize=fontsize, color=_NOTE, va="bottom",
             parse_math=False)
    return 0.035 + 1.3 * fontsize * (wrapped.count("\n") + 1) / (FIGSIZE[1] * 72.0)


def _grid(fig: Figure, top: float, cells: list[list[str]], cols: list[str],
          widths: list[float], *, fontsize: float = 10.5, left: float = 0.04,
          width: float = 0.92, bottom: float = 0.1, align: Sequence[str] | None = None,
          max_lines: int = 4) -> tuple[Any, float]:
    """A table whose text wraps to its column widths, each row as tall as its text.

    ``widths`` are fractions of ``width`` (they are normalised to sum to 1). The font
    shrinks (to 7 pt at least) until the table fits between ``top`` and ``bottom``.
    Returns the table and the y of its bottom edge.
    """
    from matplotlib.table import Table

    from ccsim.present.plotting._style import FIGSIZE

    total_w = float(sum(widths))
    widths = [w / total_w for w in widths]
    align = list(align) if align is not None else ["center"] * len(cols)
    while True:
        line = 1.25 * fontsize / (FIGSIZE[1] * 72.0)
        rows = []
        for r, row in enumerate([cols, *cells]):
            rows.append([_fill(t, _chars(0.9 * w * width, fontsize, bold=r == 0), max_lines)
                         for t, w in zip(row, widths, strict=True)])
        heights = [(max(t.count("\n") + 1 for t in row) + 0.8) * line for row in rows]
        total = float(sum(heights))
        if total <= top - bottom or fontsize <= 7.0:
            break
        fontsize -= 0.5
    ax = fig.add_axes((left, top - total, width, total))
    ax.axis("off")
    tab = Table(ax, bbox=(0.0, 0.0, 1.0, 1.0))  # type: ignore[arg-type]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = tab.add_cell(r, c, widths[c], heights[r] / total, text=text,
                                loc="center" if r == 0 else align[c])
            cell.PAD = 0.04
            cell.get_text().set_parse_math(False)  # "$1.2M to $3.4M" is money, not math
            cell.set_edgecolor("#BBBBBB")
            if r == 0:
                cell.set_text_props(fontweight="bold")
                cell.set_facecolor("#EEEEEE")
    tab.auto_set_font_size(False)
    tab.set_fontsize(fontsize)
    ax.add_table(tab)
    return tab, top - total


# ----------------------------------------------------------------------------- the centre


def _centre_facts(result: Result) -> dict[str, float]:
    """The user's key inputs: agents (month-0 plan), handle time, calls a month, months."""
    from ccsim.dist import as_distribution, is_uncertain
    from ccsim.run.sizing import month0_plan

    sc = result.scenario

    def central(path: str) -> float:
        v = sc.get(path)
        return float(as_distribution(v).mean()) if is_uncertain(v) else float(v)

    facts = {"aht_s": central("service.aht_s"), "volume": central("demand.base_volume"),
             "months": float(result.horizon)}
    try:
        facts["agents"] = float(month0_plan(sc))
    except (ValueError, RuntimeError, KeyError):  # pragma: no cover - an exotic scenario
        pass
    return facts


def _centre_text(result: Result) -> str:
    """``Scenario "Leeds": 60 agents, 420 s handle time, 36 months, 512 simulations``."""
    from ccsim.format import fmt_count

    f = _centre_facts(result)
    parts = [f"{fmt_count(f['agents'])} agents"] if "agents" in f else []
    parts += [f"{fmt_count(f['volume'])} calls a month", f"{f['aht_s']:.0f} s handle time",
              f"{f['months']:.0f} months", f"{fmt_count(result.n_paths)} simulations"]
    return f"Scenario \N{LEFT DOUBLE QUOTATION MARK}{result.scenario.name}" \
           f"\N{RIGHT DOUBLE QUOTATION MARK}: " + ", ".join(parts)


# ----------------------------------------------------------------------------- text pages


def _summary_page(result: Result, findings: list[str], baseline: str,
                  recommended: str | None = None) -> Figure:
    """Page 2: the centre, every option's outcomes, the key findings, plain definitions."""
    from ccsim.format import fmt_count, fmt_money, fmt_pct
    from ccsim.format import option_label as label

    fig = _text_figure()
    fig.text(0.04, 0.95, "What each option leads to", fontsize=20, fontweight="bold",
             va="top")
    y = _para(fig, 0.04, 0.885, [
        f"{_centre_text(result)}. Costs are in US$, discounted to today over the "
        f"{result.horizon} months, every option compared with {label(baseline)} on the same "
        "simulated conditions."], fontsize=11.5, bullet=False, color=_NOTE)
    s = result.summary()
    out = result.outputs
    cells = []
    for i, (o, r) in enumerate(s.iterrows()):
        name = label(str(o)) + (" (recommended)" if o == recommended else
                                " (today)" if o == baseline else "")
        vendor = o != baseline
        cells.append([
            name, fmt_money(float(r["cost_mean"])),
            f"\N{PLUS-MINUS SIGN}{fmt_money(_Z95 * float(r['cost_se']))}",
            f"{fmt_money(float(r['cost_p05']))} to {fmt_money(float(r['cost_p95']))}",
            fmt_money(float(r["cost_cvar95"])), fmt_pct(float(r["p_cheapest"])),
            f"{float(r['csat_mean']):.1f}", fmt_pct(float(r["service_level_mean"])),
            fmt_pct(float(r["p_exit"])) if vendor else "-",
            fmt_count(float(np.mean(out["local_jobs_removed"][i]))) if vendor else "-",
            fmt_count(float(np.mean(out["mgmt_hours_freed"][i]))) if vendor else "-",
        ])
    cols = ["Option", "Average cost", "Precision of the average", "Cost in 90% of simulations",
            "Average of the worst 5%", "Chance of being cheapest", "Average CSAT",
            "Service level", "Chance of an early exit", "Local jobs removed",
            "Management hours freed"]
    foot_top = _footer(fig, (
        "Precision of the average: how far the average could still move with more "
        "simulations (95% interval), not the business uncertainty, which is the 90% range. "
        "Average of the worst 5%: the average cost of the 5% most expensive simulations. "
        "CSAT: customer satisfaction, 0-100 points. Service level: share of calls answered "
        "within the target time, averaged over the months. Early exit: the vendor "
        "contract is ended for a quality breach or a vendor failure. Local jobs removed and "
        "management hours freed: against running the centre in-house today."))
    tab, y = _grid(fig, y - 0.01, cells, cols,
                   [0.15, 0.08, 0.09, 0.13, 0.08, 0.09, 0.07, 0.07, 0.08, 0.07, 0.11],
                   fontsize=10, bottom=foot_top + 0.2)
    for (r_, _c), cell in tab.get_celld().items():
        if r_ > 0 and list(s.index)[r_ - 1] == recommended:
            cell.set_text_props(fontweight="bold")
    if findings:
        fig.text(0.04, y - 0.03, "Key findings", fontsize=13, fontweight="bold", va="top")
        y = y - 0.075
        for f in findings[:6]:
            if y < foot_top + 0.05:
                break
            y = _para(fig, 0.05, y, [f], fontsize=10.5)
    return fig


def _breakeven_page(result: Result, rows: list[dict[str, str]], box_text: str) -> Figure:
    """Where the choice would change: the break-even value of the top inputs."""
    fig = _text_figure()
    fig.text(0.04, 0.95, "Break-even: where the choice would change", fontsize=20,
             fontweight="bold", va="top")
    foot_top = _footer(fig, (
        "Estimated from this run: the simulations are sorted by the input and cut into ten "
        "groups; the break-even is where the average saving in a group crosses zero (other "
        "inputs vary as simulated). Re-simulated: the input is fixed at each value and the "
        "options are simulated again on the same random numbers; the \N{PLUS-MINUS SIGN} is "
        "the simulation precision. Chance: how likely the input is to lie on the losing side "
        "under its assumed range."))
    y = 0.87
    if rows:
        cells = [[r["option"], r["input"], r["value"], r["side"], r["chance"], r["how"]]
                 for r in rows]
        _tab, y = _grid(fig, 0.87, cells, ["Option against", "Input", "Break-even value",
                                           "Stops paying when the input is",
                                           "Chance of that (assumed range)", "How found"],
                        [0.17, 0.27, 0.17, 0.12, 0.12, 0.15], fontsize=10.5,
                        bottom=foot_top + 0.12,
                        align=["left", "left", "center", "center", "center", "left"])
        y -= 0.05
    else:
        fig.text(0.04, 0.87, "No top input moves the average saving across zero within its "
                 "range.", fontsize=12, va="top")
        y = 0.8
    if box_text:
        fig.text(0.04, y, "What the simulations in which it loses have in common",
                 fontsize=13, fontweight="bold", va="top")
        _para(fig, 0.05, y - 0.045, [_plain_text(box_text)], fontsize=11)
    return fig


def _key_assumptions_page(result: Result, inputs: list[str]) -> Figure:
    """The inputs that matter most, in their own units, with their sources."""
    from ccsim.assumptions import key_assumptions

    t = key_assumptions(result.scenario, inputs)
    src = assumptions_table(result.scenario).set_index("input")["source"]
    fig = _text_figure()
    fig.text(0.04, 0.95, "Key assumptions: the inputs that matter most here", fontsize=20,
             fontweight="bold", va="top")
    foot_top = _footer(fig, (
        "The inputs most closely tied to the recommended option's saving, in their own "
        "units, each a fact of your centre (measured), a future (uncertain, sourced) or a "
        "judgement (no published value). Uncertain inputs take a new value in each "
        "simulation; a range is where 90% "
        "of those values fall. Every input, with its distribution, meaning and source, is in "
        "assumptions.csv and the Excel workbook; the appendix maps these names to the "
        "model's input keys."))
    cells = [[str(r["assumption"]), str(r["kind"]), str(r["value"]),
              str(src.get(r["input"], ""))] for _, r in t.iterrows()]
    _grid(fig, 0.88, cells, ["Assumption", "Kind", "Value (median and 90% range)", "Source"],
          [0.24, 0.10, 0.33, 0.33], fontsize=9.5, left=0.02, width=0.96,
          bottom=foot_top + 0.01, align=["left", "left", "left", "left"], max_lines=2)
    return fig


def _uncertainty_page(result: Result, focus: str, baseline: str) -> Any:
    """Where the uncertainty in ``focus``'s saving against ``baseline`` comes from: the
    share from each group of inputs (by kind and topic) and from noise."""
    from ccsim.present.plotting.sources_plot import uncertainty_sources_plot

    return uncertainty_sources_plot(result, focus, baseline)


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "\N{HORIZONTAL ELLIPSIS}"


def _input_keys_page(result: Result, inputs: Sequence[str]) -> Figure:
    """Appendix: the plain name of each input named in the pack and its key in the model."""
    from ccsim.assumptions import key_assumptions

    t = key_assumptions(result.scenario, list(dict.fromkeys(inputs)))
    fig = _text_figure()
    fig.text(0.04, 0.95, "Appendix: input keys", fontsize=18, fontweight="bold", va="top")
    _para(fig, 0.04, 0.895, [
        "The model's key of every input this pack names, to change it in a scenario file or "
        "find it in assumptions.csv and the Excel workbook (which list all inputs)."],
        bullet=False, color=_NOTE, fontsize=11)
    cells = [[str(r["assumption"]), str(r["input"]), str(r["kind"]), str(r["meaning"])]
             for _, r in t.iterrows()]
    _grid(fig, 0.84, cells, ["Input", "Key", "Kind", "Meaning"], [0.28, 0.28, 0.08, 0.36],
          fontsize=9, bottom=0.04, align=["left", "left", "center", "left"], max_lines=2)
    return fig


#: The glossary: every term of statistics the pack uses, in words.
GLOSSARY: tuple[tuple[str, str], ...] = (
    ("Simulation", "One possible course of the next months: demand, prices, staff turnover, "
                   "incidents and the other uncertain inputs drawn at random. Every option is "
                   "run on the same simulations, so differences are due to the option."),
    ("Baseline", "The option every other one is compared with: running the centre in-house "
                 "today, unless another is chosen."),
    ("Cost", "Everything the option costs over the horizon, discounted to today (net "
             "present value, US$): operating cost, incident cost and customer cost."),
    ("Saving", "Baseline cost minus the option's cost in the same simulation: positive when "
               "the option is cheaper."),
    ("Average, median", "The average is the mean over all simulations; the median is the "
                        "middle value (half the simulations cost less)."),
    ("Range of 90%", "The values between which 90% of the simulations fall (from the 5th to "
                     "the 95th percentile)."),
    ("Average of the worst 5%", "The average cost of the 5% most expensive simulations, a "
                                "measure of the downside (also called CVaR 95%)."),
    ("Precision", "How far an average could still move if many more simulations were run "
                  "(a 95% interval). It shrinks with more simulations; the business "
                  "uncertainty does not."),
    ("Chance", "The share of simulations in which something happens."),
    ("CSAT", "Customer satisfaction, 0 to 100 points."),
    ("Service level", "The share of calls answered within the target time."),
    ("Driver", "An input whose value moves the saving. Its strength is how closely the "
               "saving follows the input's rank across simulations (rank correlation, "
               "-1 to 1)."),
    ("Break-even", "The value of an input at which the option stops saving money."),
    ("Kind of input", "In the appendix: a fact is measured at your centre today; a future "
                      "is how the world may change (prices, wages, demand); a judgement is "
                      "an estimate with no published figure."),
    ("Colours", "Green: cheaper or better than the baseline; red: dearer or worse. Each "
                "option keeps one colour in the figures that compare options."),
)


def _glossary_page() -> Figure:
    fig = _text_figure()
    fig.text(0.04, 0.95, "Glossary", fontsize=18, fontweight="bold", va="top")
    _grid(fig, 0.88, [[t, d] for t, d in GLOSSARY], ["Term", "Meaning"], [0.2, 0.8],
          fontsize=9.5, bottom=0.03, align=["left", "left"], max_lines=3)
    return fig


def _sources_pages() -> list[Figure]:
    pages: list[Figure] = []
    srcs = _sources_list()
    if srcs:
        fig = _text_figure()
        fig.text(0.04, 0.95, "Appendix: sources of the default calibration", fontsize=18,
                 fontweight="bold", va="top")
        y = _para(fig, 0.05, 0.88, srcs, fontsize=10.5)
        _para(fig, 0.04, y - 0.02, [
            "Values marked 'estimate' have no published figure; they are given wide ranges "
            "so that the analysis of drivers shows their influence."], bullet=False,
            color=_NOTE, fontsize=10.5)
        pages.append(fig)
    return pages


# ----------------------------------------------------------------------------- plain words


#: Words of statistics and code in the figures' small print, and their plain replacement
#: in the board pack (the figures drawn outside the pack keep the analyst's words).
_PLAIN: tuple[tuple[str, str], ...] = (
    (r"\(p05-p95\)", ""), (r"\(p50\)", ""), (r"\bp05-p95\b", "middle 90%"),
    (r"\bp25-p75\b", "middle 50%"), (r"\bp10-p90\b", "middle 80%"),
    (r",? ?Fisher z,? ?", " "), (r" ?\(Bonett-Wright\)", ""),
    (r"\bPRIM\b", "a search of the simulations"),
    (r"\bCVaR ?95%?", "average of the worst 5%"),
    (r"common random numbers", "the same random draws"),
    (r"\bMonte Carlo interval\b", "precision interval"), (r"\bMonte Carlo\b", "simulation"),
    (r"\bthe paths\b", "the simulations"), (r"\bpaths\b", "simulations"),
    (r"\bsimulated futures\b", "simulations"), (r"\bsimulated future\b", "simulation"),
    (r"\bfutures\b", "simulations"), (r"\bFutures\b", "Simulations"),
    (r"\ba future\b", "a simulation"), (r"\bper future\b", "per simulation"),
    (r"\bevery future\b", "every simulation"),
    # a bare "future" is a kind of input (fact, future, judgement) and stays
    (r"\(seed \d+\)", ""), (r" {2,}", " "), (r" ([,.)])", r"\1"),
)


def _plain_text(text: str) -> str:
    import re

    for pat, rep in _PLAIN:
        text = re.sub(pat, rep, text)
    return text


def _plain_words(fig: Figure) -> None:
    """Every text of a figure page in plain words (:data:`_PLAIN`)."""
    from matplotlib.text import Text

    for t in fig.findobj(Text):
        s = t.get_text()
        if s:
            new = _plain_text(s)
            if new != s:
                t.set_text(new)


def _stamp(fig: Figure, header: str, page: int, pages: int) -> None:
    """The running header: the scenario and the user's centre, and the page number."""
    fig.text(0.008, 0.995, _clip(header, 150), fontsize=8, color=_NOTE, va="top",
             ha="left")
    fig.text(0.992, 0.995, f"page {page} of {pages}", fontsize=8, color=_NOTE, va="top",
             ha="right")


def _room_on_top(fig: Figure, strip: float = 0.03) -> None:
    """Move a figure's title and axes down by ``strip`` to make room for the header."""
    st = getattr(fig, "_suptitle", None)
    top = 1.0 - strip
    if st is not None and st.get_text():
        st.set_y(top - 0.005)
        st.set_va("top")
        st._autopos = False  # constrained layout leaves it where it is now
        try:
            renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
            top -= 0.005 + st.get_window_extent(renderer).height / fig.bbox.height + 0.012
        except AttributeError:  # pragma: no cover - a canvas without a renderer
            top -= 0.1
    for leg in fig.legends:  # a legend of the whole figure hangs from the top right
        leg.set_bbox_to_anchor((0.0, 0.0, 1.0, 1.0 - strip), transform=fig.transFigure)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        x0, y0, w, _h = (float(v) for v in (engine.get().get("rect") or (0, 0, 1, 1)))
        try:
            engine.set(rect=(x0, y0, w, top - y0))  # type: ignore[call-arg]
        except TypeError:  # pragma: no cover - a layout engine without rect
            pass
    else:
        fig.subplots_adjust(top=min(fig.subplotpars.top, top - 0.04))
