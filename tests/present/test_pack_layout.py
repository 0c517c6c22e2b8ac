"""The board pack's layout: every page rendered, its text measured where it is drawn.

For the default scenario and for a sized 60-agent centre with a long custom option name,
each page of the pack is drawn at the PDF's size and every visible text's box is taken
from matplotlib (``Text.get_window_extent``, the box the PDF backend places it in):

- no two text boxes overlap (tick labels of one axis against each other included);
- no text leaves the page, and no table cell's text leaves its cell;
- no code identifier (a dotted lower_snake path such as ``offshore.staffing.price``)
  appears outside the appendix page of input keys, and none of the analyst's words
  the pack replaces (p05-p95, Fisher z, PRIM, futures) appears anywhere;
- the pages after page 1 follow the decision: its recommended option and runner-up are
  named, an option it rejects is not featured alone, and the savings are one page of
  small multiples.

Tolerance: boxes may touch; an overlap counts when the two boxes share more than 1 pixel
in both directions at 72 dpi (anti-aliasing and font hinting move an edge by less).
"""

from __future__ import annotations

import dataclasses
import itertools
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

import ccsim
from ccsim.format import option_label
from ccsim.present import report

N_PATHS = 512
SLACK = 1.0  # pixels at 72 dpi, see the module docstring
CODE = re.compile(r"\b[a-z_]+\.[a-z_]+\.[a-z_]+\b")
JARGON = re.compile(r"\bp\d\d\s*-\s*p\d\d\b|\bp10\b|\bp90\b|Fisher|\bPRIM\b|\bfutures?\b")
LONG = "manila_partner_operations_centre"


def _pages(scenario, tmp_path, **kw):
    # the other pack's figures (and any a test left open) leave pyplot's registry; they
    # stay drawable, as _texts gives each page a canvas of its own
    plt.close("all")
    res = ccsim.simulate(scenario, n_paths=N_PATHS, seed=7)
    _out, pages, decision, _f = report._compose(res, tmp_path / "pack", **kw)
    return res, pages, decision


@pytest.fixture(scope="module")
def default_pack(tmp_path_factory):
    out = _pages(ccsim.default_scenario(), tmp_path_factory.mktemp("default"))
    yield out
    plt.close("all")


@pytest.fixture(scope="module")
def sized_pack(tmp_path_factory):
    sc = ccsim.default_scenario(agents=60, aht_s=420, horizon_months=36, name="Leeds centre")
    sc = sc.with_option(ccsim.vendor_option("offshore", name=LONG))
    out = _pages(sc, tmp_path_factory.mktemp("sized"), budget=40e6, csat_floor=60.0)
    yield out
    plt.close("all")


def _texts(fig) -> list[tuple[Text, object]]:
    """Every visible, non-empty text of a page as ``(text, bbox)`` at the PDF's 72 dpi."""
    FigureCanvasAgg(fig)  # a canvas of its own: the text pages have none
    fig.set_dpi(72)
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)  # runs the layout engine, as saving does
    drawn_ticks = set()
    for ax in (a for a in fig.axes if a.axison and a.get_visible()):
        for axis in ax._axis_map.values():
            for tick in axis._update_ticks():  # the ticks drawn (inside the view limits)
                drawn_ticks.update({id(tick.label1), id(tick.label2)})
    tick_labels = {id(t) for ax in fig.axes for axis in ax._axis_map.values()
                   for tick in [*axis.majorTicks, *axis.minorTicks]
                   for t in (tick.label1, tick.label2)}
    out = []
    for t in fig.findobj(Text):
        if id(t) in tick_labels and id(t) not in drawn_ticks:
            continue
        if not t.get_visible() or not t.get_text().strip():
            continue
        if t.axes is not None and not t.axes.get_visible():
            continue
        if not t.get_in_layout() and t.get_text().strip() == "":
            continue
        out.append((t, t.get_window_extent(renderer)))
    for ax in fig.axes:  # table cells: their texts are not children of the axes
        for tab in ax.tables:
            for cell in tab.get_celld().values():
                t = cell.get_text()
                if t.get_text().strip():
                    out.append((t, t.get_window_extent(renderer)))
    return out


def _overlaps(boxes) -> list[tuple[str, str]]:
    bad = []
    for (t1, b1), (t2, b2) in itertools.combinations(boxes, 2):
        w = min(b1.x1, b2.x1) - max(b1.x0, b2.x0)
        h = min(b1.y1, b2.y1) - max(b1.y0, b2.y0)
        if w > SLACK and h > SLACK:
            bad.append((t1.get_text()[:40], t2.get_text()[:40]))
    return bad


def _outside(fig, boxes) -> list[str]:
    page = fig.bbox
    bad = [t.get_text()[:40] for t, b in boxes
           if b.x0 < page.x0 - SLACK or b.x1 > page.x1 + SLACK or b.y0 < page.y0 - SLACK
           or b.y1 > page.y1 + SLACK]
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        for tab in ax.tables:
            for cell in tab.get_celld().values():
                text = cell.get_text()
                if not text.get_text().strip():
                    continue
                c, b = cell.get_window_extent(renderer), text.get_window_extent(renderer)
                if (b.x0 < c.x0 - SLACK or b.x1 > c.x1 + SLACK or b.y0 < c.y0 - SLACK
                        or b.y1 > c.y1 + SLACK):
                    bad.append("cell: " + text.get_text()[:40])
    return bad


def _check_layout(pages):
    problems = {}
    for k, page in enumerate(pages, start=1):
        if page.name == "verdict":
            continue  # page 1 is rewritten for the verdict (issue 29): its own test below
        boxes = _texts(page.fig)
        over = _overlaps(boxes)
        out = _outside(page.fig, boxes)
        if over or out:
            problems[f"{k} {page.name}"] = {"overlap": over[:5], "outside": out[:5]}
    assert not problems, problems


def _words(page) -> str:
    texts = [t for t in page.fig.findobj(Text) if t.get_visible()]
    texts += [c.get_text() for ax in page.fig.axes for tab in ax.tables
              for c in tab.get_celld().values()]
    return " ".join(t.get_text() for t in texts)


def test_default_pack_has_no_overlapping_or_escaping_text(default_pack):
    _check_layout(default_pack[1])


def test_sized_pack_with_a_long_option_name_has_no_overlapping_or_escaping_text(sized_pack):
    _res, pages, _d = sized_pack
    assert any(option_label(LONG) in _words(p) for p in pages)
    _check_layout(pages)


@pytest.mark.parametrize("which", ["default_pack", "sized_pack"])
def test_verdict_page_has_no_overlapping_or_escaping_text(which, request):
    _res, pages, _d = request.getfixturevalue(which)
    _check_layout([dataclasses.replace(pages[0], name="page 1")])


@pytest.mark.parametrize("which", ["default_pack", "sized_pack"])
def test_no_code_names_or_jargon_outside_the_input_keys(which, request):
    _res, pages, _d = request.getfixturevalue(which)
    keys = [p for p in pages if p.name == "input-keys"]
    assert len(keys) == 1 and keys[0].appendix
    assert CODE.search(_words(keys[0])), "the input-key table names the keys"
    for k, page in enumerate(pages, start=1):
        words = _words(page)
        if page.name != "input-keys":
            assert not CODE.search(words), (k, page.name, CODE.search(words))
        # page 1 is the verdict's own; the input keys' "kind" column says fact, future or
        # judgement (the glossary, which defines the words, may name them)
        if page.name not in ("verdict", "input-keys", "glossary"):
            # the uncertainty page names its groups by kind: "Wages and prices (future)",
            # "62% ... is the future of wages and prices"
            plain = re.sub(r"\((fact|future|judgement)\)|\bthe future of\b", "", words)
            if page.name == "key-assumptions":  # its "Kind" column and the footnote's key
                plain = re.sub(r"\b(a )?(fact|future|judgement)\b", "", plain)
            assert not JARGON.search(plain), (k, page.name, JARGON.search(plain))
        # ccsim.format: cents only under $100 ("$4,500", not "$4,500.00"); no "± 0%"
        assert not re.search(r"\$\d{1,3}(,\d{3})+\.\d\d|\$[1-9]\d{2,}\.\d\d|\u00b1 ?0%",
                             words), (k, page.name)


def test_pack_follows_the_decision(sized_pack):
    res, pages, d = sized_pack
    names = [p.name for p in pages]
    assert names[0] == "verdict" and names[-1] == "glossary"
    # one page of small multiples, no page per option's saving
    assert names.count("savings") == 1 and not any(n.startswith("saving-") for n in names)
    grid = pages[names.index("savings")].fig
    panels = [ax for ax in grid.axes if ax.get_visible() and ax.get_title(loc="left")]
    assert len(panels) == len(res.options) - 1
    assert panels[0].get_shared_x_axes().joined(panels[0], panels[-1])
    # the body is about twelve pages, the details in the appendix
    body = [p for p in pages if not p.appendix]
    assert 10 <= len(body) <= 14, [p.name for p in body]
    rec = d.recommended
    assert rec is not None and rec != d.baseline
    for page in body[1:]:
        words = _words(page)
        if page.name in ("breakeven", "key-assumptions"):
            continue
        assert option_label(rec) in words, page.name
    assert any(n == f"waterfall-{rec}" for n in names)
    assert any(n == f"drivers-{rec}" for n in names)
    # every page carries the centre: its name, agents, handle time and horizon
    for page in pages:
        words = _words(page)
        assert "Leeds centre" in words and "60 agents" in words, page.name
        assert "420 s handle time" in words and "36 months" in words, page.name
    # the baseline removes no local jobs and frees no management hours
    summary = pages[names.index("summary")].fig
    cells = {(r, c): cell.get_text().get_text() for tab in
             (t for ax in summary.axes for t in ax.tables)
             for (r, c), cell in tab.get_celld().items()}
    row = next(r for (r, c), v in cells.items() if c == 0 and v.startswith("In-house"))
    assert cells[(row, 9)] == "-" and cells[(row, 10)] == "-"
