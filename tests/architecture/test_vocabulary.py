"""One vocabulary (issue 26, item 5): ``baseline=``, ``csat_floor=``, ``n_resamples=`` and
``seed=`` mean the same in every public function of ccsim.

The walk covers the modules and objects named in ``ccsim.__all__``, every public module
of the package, and the public functions, classes and methods they define; it lists the
signatures it checked (``pytest -s`` prints them).
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil
import warnings
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import pytest

import ccsim
from ccsim.conventions import as_seed_sequence, baseline_of

#: Old names: accepted only through ``ccsim.conventions.renamed`` (keyword-only, warning).
OLD_NAMES = {"csat_target": "csat_floor", "n_boot": "n_resamples",
             "num_resamples": "n_resamples"}

#: Sensitivity functions where ``baseline=None`` means "the option's own metric, no
#: comparison" (a tornado of one option's cost), not "compare with the default baseline".
BASELINE_OPTIONAL = {
    "ccsim.sensitivity.drivers.tornado",
    "ccsim.sensitivity.drivers.input_importance",
    "ccsim.sensitivity.indices.sobol_indices",
    "ccsim.sensitivity.indices.delta_indices",
}


def _modules() -> Iterator[ModuleType]:
    """Modules of ``ccsim.__all__`` and every public module of the package."""
    seen: set[str] = set()
    names = [n for n in ccsim.__all__ if isinstance(getattr(ccsim, n), ModuleType)]
    names = [getattr(ccsim, n).__name__ for n in names]
    for info in pkgutil.walk_packages(ccsim.__path__, "ccsim."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    for name in names:
        if name not in seen:
            seen.add(name)
            yield importlib.import_module(name)


def _public_callables() -> dict[str, Callable[..., Any]]:
    """Qualified name -> public function or method defined in ccsim."""
    out: dict[str, Callable[..., Any]] = {}

    def add(qual: str, obj: Any) -> None:
        if inspect.isfunction(obj) and getattr(obj, "__module__", "").startswith("ccsim"):
            out.setdefault(qual, obj)

    roots: list[tuple[str, Any]] = [(f"ccsim.{n}", getattr(ccsim, n)) for n in ccsim.__all__
                                    if not n.startswith("_")]
    for mod in _modules():
        roots += [(f"{mod.__name__}.{n}", v) for n, v in vars(mod).items()
                  if not n.startswith("_") and getattr(v, "__module__", None) == mod.__name__]
    for qual, obj in roots:
        if inspect.isclass(obj) and obj.__module__.startswith("ccsim"):
            qual = f"{obj.__module__}.{obj.__qualname__}"
            for name, member in vars(obj).items():
                # a result record's generated __init__ takes resolved values, not options
                if (name.startswith("_") and name != "__init__") or (
                        name == "__init__" and dataclasses.is_dataclass(obj)):
                    continue
                add(f"{qual}.{name}", getattr(member, "__func__", member))
        elif inspect.isfunction(obj):
            add(f"{obj.__module__}.{obj.__qualname__}", obj)
    return dict(sorted(out.items()))


CALLABLES = _public_callables()
SIGNATURES = {q: inspect.signature(f) for q, f in CALLABLES.items()}


def test_the_walk_covers_the_public_api():
    for q in ("ccsim.decide.decision.decide", "ccsim.decide.analysis.compare", "ccsim.decide.analysis.risk",
              "ccsim.decide.analysis.dominance", "ccsim.run.simulate.simulate",
              "ccsim.sensitivity.breakeven.breakeven", "ccsim.sensitivity.indices.sobol_indices",
              "ccsim.present.report.write_report", "ccsim.result.Result.compare",
              "ccsim.run.summaries.StreamingResult.compare", "ccsim.dist.Distribution.sample",
              "ccsim.present.plotting.decision.risk_map", "ccsim.present.whatif.WhatIf.__init__"):
        assert q in SIGNATURES, q
    print(f"\n{len(SIGNATURES)} public signatures checked:")
    for q, sig in SIGNATURES.items():
        print(f"  {q}{sig}")


@pytest.mark.parametrize("qual", sorted(SIGNATURES))
def test_one_vocabulary(qual):
    sig = SIGNATURES[qual]
    func = CALLABLES[qual]
    for name, p in sig.parameters.items():
        assert name not in OLD_NAMES, f"{qual}: parameter {name!r}, use {OLD_NAMES[name]!r}"
        if name == "seed":
            assert p.annotation == "SeedLike", f"{qual}: seed is {p.annotation!r}"
        if name == "baseline":
            assert p.default is None, f"{qual}: baseline defaults to {p.default!r}"
    for old, new in getattr(func, "__renamed__", {}).items():
        assert new in sig.parameters, f"{qual}: old name {old!r} maps to missing {new!r}"


def test_old_names_are_deprecated_keyword_aliases(small_result):
    res = small_result
    with pytest.warns(DeprecationWarning, match=r"csat_target=\.\.\.\) is deprecated"):
        r = res.risk(budget=80e6, csat_target=72, levels=(0.8,))
    assert r.csat_floor == 72
    with pytest.warns(DeprecationWarning, match="Risk.csat_target"):
        assert r.csat_target == 72
    with pytest.warns(DeprecationWarning, match=r"n_boot=\.\.\.\) is deprecated"):
        d = res.dominance("npv_cost", n_boot=3, seed=1)
    assert d.n_resamples == 3
    with pytest.raises(TypeError, match="got both"):
        res.dominance("npv_cost", n_boot=3, n_resamples=3)
    from ccsim.sensitivity.indices import sobol_analyze

    with pytest.warns(DeprecationWarning, match=r"num_resamples=\.\.\.\) is deprecated"):
        s = sobol_analyze(lambda x: x["a"] + x["b"], {"a": ccsim.dist.Uniform(0.0, 1.0),
                                                       "b": ccsim.dist.Uniform(0.0, 1.0)},
                          n_base=64, seed=1, num_resamples=5)
    assert s is not None
    assert {q for q, f in CALLABLES.items() if getattr(f, "__renamed__", None)
            and set(f.__renamed__) & set(OLD_NAMES)} >= {
        "ccsim.decide.analysis.risk", "ccsim.decide.analysis.dominance", "ccsim.present.report.write_report",
        "ccsim.sensitivity.indices.sobol_indices", "ccsim.sensitivity.indices.delta_indices",
        "ccsim.sensitivity.indices.sobol_analyze", "ccsim.present.plotting.decision.risk_map",
        "ccsim.present.plotting.distributions.csat_distribution", "ccsim.present.whatif.WhatIf.__init__",
        "ccsim.present.whatif.panel"}


def test_cli_csat_target_is_a_deprecated_alias(capsys, tmp_path):
    from ccsim.cli import build_parser

    ap = build_parser()
    args = ap.parse_args(["run", "--csat-target", "70"])
    from ccsim.cli import _check_pack

    _check_pack(ccsim.default_scenario(), args)
    err = capsys.readouterr().err
    assert "--csat-target is deprecated; use --csat-floor" in err
    assert args.csat_floor == 70 and args.csat_target is None
    args = ap.parse_args(["run", "--csat-target", "70", "--csat-floor", "65"])
    with pytest.raises(ValueError, match="disagree"):
        _check_pack(ccsim.default_scenario(), args)


# --------------------------------------------------------------------------- baseline


def test_baseline_rule():
    assert baseline_of(["onshore", "in_house"]) == "in_house"
    assert baseline_of(["onshore", "offshore"]) == "onshore"
    assert baseline_of(["in_house", "offshore"], option="in_house") == "offshore"
    with pytest.raises(ValueError, match=r"baseline = 'nowhere' must be an option"):
        baseline_of(["in_house", "offshore"], "nowhere")
    with pytest.raises(ValueError, match="other than 'offshore'"):
        baseline_of(["in_house", "offshore"], "offshore", option="offshore")


@pytest.fixture(scope="module")
def shuffled():
    """A run whose first option is not in_house: a "first option" rule would differ."""
    sc = ccsim.default_scenario()
    sc = sc.without_option("in_house").with_option(sc.option("in_house"))
    assert sc.option_names[0] != "in_house" and "in_house" in sc.option_names
    return ccsim.simulate(sc, n_paths=64, seed=4, keep_monthly=False, progress=False)


def test_every_default_baseline_is_the_one_rule(shuffled):
    res = shuffled
    want = baseline_of(res)
    assert want == "in_house"
    assert res.decide().baseline == want
    assert res.compare("offshore").baseline == want
    assert res.compare("in_house").baseline == baseline_of(res, option="in_house")
    from ccsim.sensitivity.discovery import bad_futures

    assert bad_futures(res, "offshore").baseline == want
    from ccsim.present.plotting.spider import _pair

    assert _pair(res, "offshore", None) == want


def test_seed_alias_and_normaliser():
    import numpy as np

    from ccsim.sampling.streams import resolve_seed

    for seed in (0, 7, [1, 2, 3], np.random.SeedSequence(5, spawn_key=(2,)),
                 np.random.PCG64(9)):
        ss = as_seed_sequence(seed)
        root = resolve_seed(seed)
        assert (root.entropy, root.spawn_key) == (ss.entropy, tuple(ss.spawn_key))
        assert as_seed_sequence(root).entropy == ss.entropy
    with pytest.raises(TypeError, match="seed must be"):
        as_seed_sequence(1.5)
    # an int seed draws the same stream as numpy's own reading of it
    a = ccsim.dist.Normal(0.0, 1.0).sample(4, seed=3)
    b = ccsim.dist.Normal(0.0, 1.0).ppf(np.random.default_rng(3).random(4))
    np.testing.assert_array_equal(a, b)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        as_seed_sequence(None)


# --------------------------------------------------------------------------- result objects


def test_every_analysis_returns_a_result_object(small_result):
    import pandas as pd

    from ccsim import sensitivity
    from ccsim.stats.tables import Convergence, DeltaIndices, Importance, SobolIndices, TableResult

    res = small_result
    inputs = ["offshore.staffing.price_per_hour", "demand.base_volume"]
    got = {
        Convergence: res.convergence("npv_cost", "mean", n_points=3),
        Importance: sensitivity.input_importance(res, "offshore"),
        DeltaIndices: sensitivity.delta_indices(res, "offshore", inputs=inputs,
                                                n_resamples=3, seed=1),
        SobolIndices: sensitivity.sobol_analyze(
            lambda x: x["a"] + 2 * x["b"], {"a": ccsim.dist.Uniform(0.0, 1.0),
                                            "b": ccsim.dist.Uniform(0.0, 1.0)},
            n_base=256, seed=1, n_resamples=10),
    }
    for cls, r in got.items():
        assert isinstance(r, cls) and isinstance(r, TableResult)
        f = r.frame()
        assert isinstance(f, pd.DataFrame) and len(f) > 0
        f.iloc[0, 0] = None  # a copy: the result is not changed through it
        assert r.frame().iloc[0, 0] is not None
        assert str(r.frame().columns[0]) in repr(r) and "<table" in r._repr_html_()
    # the DataFrame reading of the old return value still works, with a warning
    with pytest.warns(DeprecationWarning, match=r"use \.frame\(\)|with \.frame\(\)"):
        col = got[Importance]["input"]
    assert list(col) == list(got[Importance].frame()["input"])
    # Result.summary / paths / monthly stay DataFrames
    assert isinstance(res.summary(), pd.DataFrame) and isinstance(res.paths(), pd.DataFrame)


def test_streaming_compare_is_a_comparison():
    from ccsim.decide.analysis import Comparison

    sc = ccsim.default_scenario()
    stream = ccsim.simulate(sc, n_paths=256, seed=3, keep_paths=False, progress=False)
    c = stream.compare("offshore")
    assert isinstance(c, Comparison) and c.baseline == baseline_of(stream, option="offshore")
    assert c.frame().columns[:4].tolist() == ["option", "baseline", "metric", "stat"]
