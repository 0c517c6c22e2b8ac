"""An interactive what-if panel for Jupyter: sliders on the main inputs.

``ccsim.present.whatif.panel(scenario)`` shows one slider per main input; moving one fixes
that input at the slider's value, reruns a small simulation (2,000 paths by default,
always on the same seed, so that what changes is the input and not the noise) and
redraws the risk map with the verdict under the appetite.

The logic lives in :class:`WhatIf` (no widgets needed, testable); :func:`panel`
only wires ipywidgets to :meth:`WhatIf.update`. ipywidgets comes with
``pip install ccsim[notebooks]``.

A redraw reuses what the previous one computed, and gives the numbers a fresh
``ccsim.simulate(w.scenario_at(values), n_paths, seed=seed)`` would give, bit for bit:

* the random numbers are drawn once and kept (a
  :class:`ccsim.sampling.streams.StreamCache` of the seed);
* when a slider moves on a vendor option's input (its price), only that option (and
  the vendors its work re-tenders to) is simulated again; the other options' paths,
  and the in-house headcount ``local_jobs_removed`` is measured against, are the
  previous redraw's
  (:func:`ccsim.run.rerun.rerun`). A shared input (volume, handle time) reruns every
  option;
* the verdict line is computed without the flip table and the bootstrap of
  :func:`ccsim.decide`, which it does not show.

Changing ``scenario``, ``n_paths`` or ``seed`` on the object starts afresh.

Examples
--------
>>> import ccsim
>>> from ccsim.present.whatif import WhatIf
>>> w = WhatIf(ccsim.default_scenario(), n_paths=100, seed=1,
...            inputs=["offshore.staffing.price_per_hour"])
>>> res = w.update({"offshore.staffing.price_per_hour": 12.0})
>>> res.n_paths
100
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib.figure import Figure

from ccsim.assumptions import input_label
from ccsim.conventions import SeedLike, renamed
from ccsim.decide.decision import Appetite, decide
from ccsim.present import plotting
from ccsim.present.plotting._style import FIGSIZE
from ccsim.run.rerun import rerun
from ccsim.run.simulate import simulate
from ccsim.sampling.streams import SeedRoot, StreamCache, resolve_seed

if TYPE_CHECKING:
    from ccsim.result import Result
    from ccsim.scenario import Scenario

__all__ = ["SliderSpec", "WhatIf", "default_inputs", "panel"]


@dataclass(frozen=True)
class SliderSpec:
    """One slider: the input's path, plain label, range (1st to 99th percentile) and
    starting value (the median)."""

    input: str
    label: str
    low: float
    high: float
    value: float
    step: float
    unit: str = ""


def default_inputs(scenario: Scenario, k: int = 6) -> list[str]:
    """The main inputs of a scenario: each vendor's price per hour, then volume, handle
    time, in-house hourly cost and customer lifetime margin (those that are uncertain),
    at most ``k``."""
    uncertain = [p for p, _ in scenario.uncertain_inputs()]
    prices = [p for p in uncertain if p.endswith(".staffing.price_per_hour")]
    rest = [p for p in ("demand.base_volume", "service.aht_s", "staff.hourly_cost",
                        "customers.lifetime_margin") if p in uncertain]
    return (prices + rest)[:k]


class WhatIf:
    """What-if state: the scenario, the slider specs and the last result and figure.

    Parameters
    ----------
    scenario
        The scenario.
    n_paths
        Paths of each rerun (default 2,000: a second or two).
    seed
        Seed shared by every rerun (``None``: fresh entropy, drawn once).
    inputs
        Dotted paths of the uncertain inputs to put on sliders (default
        :func:`default_inputs`).
    budget, csat_floor
        Reference lines of the risk map and the appetite of the verdict
        (``csat_target=`` is the deprecated old name of ``csat_floor``).
    appetite
        An :class:`ccsim.Appetite` (or dict) for the verdict line; default from
        ``budget`` and ``csat_floor``.
    """

    @renamed(csat_target="csat_floor")
    def __init__(self, scenario: Scenario, *, n_paths: int = 2000, seed: SeedLike = 0,
                 inputs: Sequence[str] | None = None, budget: float | None = None,
                 csat_floor: float | None = None,
                 appetite: Appetite | Mapping[str, Any] | None = None) -> None:
        if isinstance(n_paths, bool) or not isinstance(n_paths, (int, np.integer)) \
                or not 10 <= n_paths <= 1_000_000:
            raise ValueError(f"n_paths = {n_paths!r} is outside the allowed range "
                             "[10, 1000000]")
        dists = dict(scenario.uncertain_inputs())
        names = default_inputs(scenario) if inputs is None else list(inputs)
        meta = {p: m for p, _, m in scenario.parameters()}
        specs = []
        for p in names:
            if p not in dists:
                raise ValueError(f"inputs: {p!r} is not an uncertain input of the scenario")
            d = dists[p]
            lo, hi = (float(v) for v in d.ppf(np.array([0.01, 0.99])))
            step = (hi - lo) / 100 if hi > lo else 1.0
            specs.append(SliderSpec(p, input_label(p, scenario), lo, hi, d.median(), step,
                                    str(meta[p].get("unit", ""))))
        self.scenario = scenario
        self.sliders: tuple[SliderSpec, ...] = tuple(specs)
        self.n_paths = int(n_paths)
        root = resolve_seed(seed)  # drawn once: every rerun uses the same seed
        self.seed: int | SeedRoot = root if root.spawn_key else root.entropy
        self.budget = budget
        self.csat_floor = csat_floor
        self.appetite = (Appetite.coerce(appetite) if appetite is not None
                         else Appetite(budget=budget, csat_floor=csat_floor))
        self.result: Result | None = None
        self.status = ""
        self._figure: Figure | None = None
        self._kept: _Kept | None = None

    @property
    def csat_target(self) -> float | None:
        """Deprecated old name of :attr:`csat_floor`."""
        warnings.warn("WhatIf.csat_target is deprecated; use .csat_floor",
                      DeprecationWarning, stacklevel=2)
        return self.csat_floor

    @property
    def figure(self) -> Figure:
        """The figure the risk map is drawn in (made on first use)."""
        if self._figure is None:
            self._figure = Figure(figsize=FIGSIZE, layout="constrained")
        return self._figure

    def scenario_at(self, values: Mapping[str, float | None]) -> Scenario:
        """The scenario with each input of ``values`` fixed (``None``: left uncertain).

        Raises
        ------
        KeyError
            For an input without a slider.
        ValueError
            For a value outside the parameter's allowed range.
        """
        known = {s.input for s in self.sliders}
        fixed = {}
        for p, v in values.items():
            if p not in known:
                raise KeyError(f"{p!r} is not a slider; sliders: {sorted(known)}")
            if v is not None:
                fixed[p] = float(v)
        sc = self.scenario
        if fixed:
            sc = sc.with_overrides(correlations=tuple(
                c for c in sc.correlations if c[0] not in fixed and c[1] not in fixed))
            sc = sc.with_overrides(fixed)
        return sc

    def update(self, values: Mapping[str, float | None]) -> Result:
        """The slider callback: rerun with ``values`` fixed and redraw the risk map.

        The result is the one ``simulate(self.scenario_at(values), self.n_paths,
        seed=self.seed, keep_monthly=False)`` gives, bit for bit; the previous
        update's random numbers and unchanged options are reused (see the module notes).

        Returns
        -------
        Result
            The new result (also kept as ``.result``; the verdict is in ``.status``).
        """

        sc = self.scenario_at(values)
        fixed = {p: float(v) for p, v in values.items() if v is not None}
        res = self._run(sc, fixed)
        fig = self.figure
        fig.clear()
        ax = fig.add_subplot()
        plotting.risk_map(res, budget=self.budget, csat_floor=self.csat_floor, ax=ax)
        # the verdict line needs neither the flip table nor the bootstrap of p_best
        self.status = decide(res, appetite=self.appetite, n_flips=0, n_resamples=0).verdict
        self.result = res
        return res

    def _run(self, sc: Scenario, fixed: dict[str, float]) -> Result:
        """The result at ``fixed``, reusing the previous update's draws and options."""
        key = (self.scenario, self.n_paths, self.seed)
        kept = self._kept
        if kept is None or kept.key != key:
            kept = _Kept(key, StreamCache(resolve_seed(self.seed)), {}, None)
        if kept.result is not None and kept.fixed.keys() == fixed.keys():
            changed = [p for p, v in fixed.items() if v != kept.fixed[p]]
            res = rerun(kept.result, sc, changed, reuse=kept.streams) if changed \
                else kept.result
        else:
            res = simulate(sc, self.n_paths, seed=self.seed, keep_monthly=False,
                           progress=False, reuse=kept.streams)
            res.meta["recomputed_options"] = list(sc.option_names)
        self._kept = _Kept(key, kept.streams, fixed, res)
        return res


@dataclass
class _Kept:
    """What one update hands the next: the run's identity (scenario, paths, seed), its
    random numbers, the inputs it fixed and its result."""

    key: tuple[Any, ...]
    streams: StreamCache
    fixed: dict[str, float]
    result: Result | None


@renamed(csat_target="csat_floor")
def panel(scenario: Scenario, n_paths: int = 2000, *, seed: SeedLike = 0,
          inputs: Sequence[str] | None = None, budget: float | None = None,
          csat_floor: float | None = None) -> Any:
    """An ipywidgets panel: one slider per main input, the risk map and the verdict
    (arguments as for :class:`WhatIf`).

    Returns
    -------
    ipywidgets.VBox
        Display it in a notebook cell. Its ``.whatif`` attribute is the
        :class:`WhatIf` behind it.
    """
    try:
        import ipywidgets as widgets
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError("the what-if panel needs ipywidgets: pip install "
                          "'ccsim[notebooks]'") from err
    w = WhatIf(scenario, n_paths=n_paths, seed=seed, inputs=inputs, budget=budget,
               csat_floor=csat_floor)
    sliders = {
        s.input: widgets.FloatSlider(value=s.value, min=s.low, max=s.high, step=s.step,
                                     description=s.label[:28], continuous_update=False,
                                     style={"description_width": "initial"},
                                     layout=widgets.Layout(width="480px"))
        for s in w.sliders
    }
    out = widgets.Output()
    status = widgets.HTML()

    def redraw(_change: Any = None) -> None:
        w.update({p: sl.value for p, sl in sliders.items()})
        status.value = f"<b>{w.status}</b>"
        with out:
            out.clear_output(wait=True)
            from IPython.display import display

            display(w.figure)

    for sl in sliders.values():
        sl.observe(redraw, names="value")
    box = widgets.VBox([*sliders.values(), status, out])
    box.whatif = w  # type: ignore[attr-defined]
    redraw()
    return box
