"""Global sensitivity indices: Sobol' first-order and total indices by Saltelli's design
(by simulation, or of any vectorized function) and Borgonovo's delta from one run. See
:mod:`ccsim.sensitivity` for when to use which method and the references."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from scipy import special

from ccsim._checks import check_int
from ccsim.conventions import SeedLike, as_seed_sequence, renamed
from ccsim.dist import Distribution
from ccsim.run.simulate import simulate
from ccsim.sampling.inputs import InputDesign, correlation_matrix
from ccsim.sampling.streams import resolve_seed
from ccsim.scenario import Scenario
from ccsim.sensitivity._common import (
    _EPS,
    F,
    _check_inputs,
    _options,
    _reduce,
    _response,
    _seed_attr,
    relevant_inputs,
)
from ccsim.stats.estimators import IntervalWarning
from ccsim.stats.tables import DeltaIndices, SobolIndices

if TYPE_CHECKING:
    from ccsim.result import Result

__all__ = ["SOBOL_MAX_CONF", "SOBOL_N_BASE", "delta_indices", "sobol_analyze", "sobol_indices"]


# ---------------------------------------------------------------------------- Sobol


def _salib() -> Any:
    try:
        from SALib.analyze import sobol as sobol_analyze_mod
        from SALib.sample import sobol as sobol_sample_mod
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError(
            "Sobol and delta indices need SALib: pip install 'ccsim[sensitivity]'"
        ) from e
    return sobol_sample_mod, sobol_analyze_mod


def _int_seed(seed: SeedLike) -> int:
    """A positive int seed for SALib (which treats 0 as "no seed"), from a SPEC 7 seed."""
    return int(np.random.default_rng(as_seed_sequence(seed)).integers(1, 2**31 - 1))


def _check_n_base(n_base: Any) -> int:
    n = check_int("n_base", n_base, lo=1)
    if n < 16 or n & (n - 1):
        raise ValueError(f"n_base = {n} must be a power of 2 >= 16 (Sobol' balance)")
    return n


def _group_labels(
    names: Sequence[str], groups: str | Mapping[str, Sequence[str]] | None
) -> list[str]:
    if groups is None:
        return list(names)
    if groups == "part":
        out = []
        for p in names:
            parts = p.split(".")
            out.append(".".join(parts[:2]) if len(parts) > 2 else parts[0])
        return out
    if isinstance(groups, str) or not isinstance(groups, Mapping):
        raise ValueError(f"groups = {groups!r}; expected None, 'part' or a mapping")
    label: dict[str, str] = {}
    for g, members in groups.items():
        for p in members:
            if p in label:
                raise ValueError(f"groups: {p!r} is in both {label[p]!r} and {g!r}")
            label[p] = str(g)
    missing = [p for p in names if p not in label]
    if missing:
        raise ValueError(f"groups: inputs {missing} are in no group")
    return [label[p] for p in names]


def _saltelli(
    names: Sequence[str],
    labels: Sequence[str],
    evaluate: Callable[[F, int], F],
    *,
    n_base: int,
    seed: SeedLike,
    n_resamples: int,
    level: float,
    correlate: Callable[[F], F] | None = None,
) -> pd.DataFrame:
    """Saltelli design over uniforms, evaluated per matrix, analysed by SALib."""
    ss, sa = _salib()
    grouped = list(labels) != list(names)
    out_names = list(dict.fromkeys(labels)) if grouped else list(names)
    names, labels = list(names), list(labels)
    # SALib treats a single group as no grouping: add an unused dummy input in its own
    # group (one more design matrix) and drop its row from the answer
    dummy = grouped and len(out_names) == 1
    if dummy:
        names.append("__dummy__")
        labels.append("__dummy__")
    k = len(names)
    problem: dict[str, Any] = {"num_vars": k, "names": names, "bounds": [[0.0, 1.0]] * k}
    if grouped:
        problem["groups"] = labels
    n_groups = len(dict.fromkeys(labels))
    s = _int_seed(seed)
    u = np.asarray(ss.sample(problem, n_base, calc_second_order=False, seed=s), dtype=np.float64)
    u = np.clip(u, _EPS, 1.0 - _EPS)
    if correlate is not None:
        u = correlate(u)
    step = n_groups + 2
    y = np.empty(u.shape[0])
    if u.shape[0] != step * n_base:  # pragma: no cover - guards SALib's layout
        raise RuntimeError(f"unexpected Saltelli design of {u.shape[0]} rows")
    cols = u[:, :-1] if dummy else u
    for r in range(step):
        y[r::step] = evaluate(cols[r::step], r)
    if not np.all(np.isfinite(y)):
        raise ValueError("the model returned non-finite values; Sobol indices are undefined")
    if np.var(y) == 0:
        raise ValueError("the output does not vary: Sobol indices are undefined")
    res = sa.analyze(problem, y, calc_second_order=False, num_resamples=n_resamples,
                     conf_level=level, seed=s)
    m = len(out_names)
    return pd.DataFrame(
        {"input": out_names, "S1": res["S1"][:m], "S1_conf": res["S1_conf"][:m],
         "ST": res["ST"][:m], "ST_conf": res["ST_conf"][:m]}
    )


@renamed(num_resamples="n_resamples")
def sobol_analyze(
    func: Callable[[dict[str, F]], Any],
    inputs: Mapping[str, Distribution],
    *,
    n_base: int = 1024,
    seed: SeedLike = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    n_resamples: int = 100,
    level: float = 0.95,
) -> SobolIndices:
    """First and total Sobol' indices of a vectorized function of independent inputs.

    Parameters
    ----------
    func
        ``func({name: (m,) array}) -> (m,) array``.
    inputs
        ``{name: distribution}`` (any :mod:`ccsim.dist` distribution).
    n_base
        Base sample size (power of 2); ``func`` is evaluated on
        ``n_base * (k + 2)`` points.
    seed
        Seed of the design and of the bootstrap.
    groups
        ``{group: [names]}`` for grouped indices.
    n_resamples
        Bootstrap resamples for the confidence intervals (``num_resamples=`` is its
        deprecated old name).
    level
        Confidence level of ``S1_conf`` and ``ST_conf`` (half-widths).

    Returns
    -------
    SobolIndices
        ``.frame()``: ``input`` (or group), ``S1``, ``S1_conf``, ``ST``, ``ST_conf``.

    Notes
    -----
    Scrambled Sobol' design and the estimators of Saltelli et al. (2010) [1]_ as
    implemented in SALib [4]_; the design's uniforms are mapped through each input's
    quantile function.

    Examples
    --------
    The Ishigami function [5]_ (``a = 7``, ``b = 0.1``), whose exact indices are
    ``S1 = (0.314, 0.442, 0)`` and ``ST = (0.558, 0.442, 0.244)``:

    >>> import numpy as np
    >>> from ccsim.dist import Uniform
    >>> def ishigami(x):
    ...     return (np.sin(x["x1"]) + 7 * np.sin(x["x2"]) ** 2
    ...             + 0.1 * x["x3"] ** 4 * np.sin(x["x1"]))
    >>> d = {f"x{i}": Uniform(-np.pi, np.pi) for i in (1, 2, 3)}
    >>> s = sobol_analyze(ishigami, d, n_base=4096, seed=1)
    >>> np.round(s.frame()["ST"].to_numpy(), 1)
    array([0.6, 0.4, 0.2])
    """
    n_base = _check_n_base(n_base)
    names = list(inputs)
    if not names:
        raise ValueError("inputs must hold at least one distribution")
    labels = _group_labels(names, groups)

    def evaluate(u: F, r: int) -> F:
        x = {p: np.asarray(inputs[p].ppf(u[:, j]), dtype=np.float64) for j, p in enumerate(names)}
        return np.asarray(func(x), dtype=np.float64).reshape(-1)

    return SobolIndices(_saltelli(names, labels, evaluate, n_base=n_base, seed=seed,
                                  n_resamples=n_resamples, level=level))


#: Default base size of :func:`sobol_indices`.
SOBOL_N_BASE = 8192

#: Largest half-width (``S1_conf``, ``ST_conf``) of a Sobol' index accepted without warning.
SOBOL_MAX_CONF = 0.1


@renamed(versus="baseline", num_resamples="n_resamples")
def sobol_indices(
    scenario: Scenario,
    option: str,
    metric: str = "npv_cost",
    *,
    baseline: str | None = None,
    inputs: Sequence[str] | None = None,
    groups: str | Mapping[str, Sequence[str]] | None = None,
    n_base: int = SOBOL_N_BASE,
    seed: SeedLike = None,
    n_resamples: int = 100,
    level: float = 0.95,
) -> SobolIndices:
    """Sobol' first-order and total indices of the mean of a metric, by simulation.

    Parameters
    ----------
    scenario
        The scenario.
    option
        Option whose ``metric`` is examined.
    metric
        Per-path output.
    baseline
        If given, the paired saving against it (``baseline - option`` for a cost,
        positive = cheaper; ``option - baseline`` where higher is better). ``versus=``
        is the deprecated old name.
    inputs
        Inputs to analyse (default: those relevant to the option(s)); the others keep
        their usual draws and count with the process noise.
    groups
        ``None`` (one index per input), ``"part"`` (by scenario part, e.g.
        ``"demand"``, ``"offshore.quality"``) or ``{group: [inputs]}``.
    n_base
        Base sample size (power of 2 >= 16); ``n_base * (groups + 2)`` paths are
        simulated, in ``groups + 2`` runs of ``n_base`` paths on the same seed. The
        default, 8192, is sized so that the default scenario's groups (``groups="part"``,
        option ``"offshore"``) get intervals of at most about +/-0.1: the widest
        group's half-width measured +/-0.32 at 256, +/-0.14 at 1024 and 2048, +/-0.07
        at 8192 (about 70 s on one core). Wider intervals are warned about.
    seed
        Anything :func:`numpy.random.default_rng` accepts (SPEC 7), resolved once: the
        seed of every run, of the design and of the bootstrap (``attrs["seed"]``
        repeats it).
    n_resamples
        Bootstrap resamples for the confidence intervals (``num_resamples=`` is its
        deprecated old name).
    level
        Confidence level of ``S1_conf`` / ``ST_conf`` (half-widths).

    Returns
    -------
    SobolIndices
        ``.frame()``: ``input`` (or group), ``S1``, ``S1_conf``, ``ST``, ``ST_conf``,
        sorted by ``ST``.

    Raises
    ------
    ValueError
        If two analysed inputs are correlated but not in the same group (Saltelli's
        estimators need independent groups; use ``groups`` or :func:`delta_indices`).

    Warns
    -----
    ccsim.stats.estimators.IntervalWarning
        When an index's interval half-width (``S1_conf`` / ``ST_conf``) exceeds 0.1,
        with the ``n_base`` that should narrow it.

    Notes
    -----
    Row ``j`` of each of the ``groups + 2`` design matrices is simulated as path
    ``j``, so all rows of a base sample share the same process noise (the monthly
    randomness not in ``inputs``). The noise is then part of the complement of every
    group, so a group's **first-order index includes its interaction with the process
    noise** (``S1`` measures ``Var(E[Y | group, noise]) - Var(E[Y | noise])`` in the
    noise-conditional sense, not the effect averaged over the noise); the total index
    counts every interaction of the group, including with the noise. ``S1`` and
    ``ST`` are each estimated with a bootstrap error, so ``S1 > ST`` within the
    intervals is sampling error. Within a group, correlations of the scenario are
    imposed on the design by a Gaussian copula, row by row.

    Examples
    --------
    >>> import warnings
    >>> import ccsim
    >>> with warnings.catch_warnings():  # n_base=16 is far too small: wide intervals
    ...     warnings.simplefilter("ignore")
    ...     s = sobol_indices(ccsim.default_scenario(), "offshore", groups="part", n_base=16,
    ...                       seed=0,
    ...                       inputs=["offshore.staffing.price_per_hour", "demand.base_volume"])
    >>> sorted(s.frame()["input"])
    ['demand', 'offshore.staffing']
    """

    opts = _options(scenario, option, baseline)
    n_base = _check_n_base(n_base)
    sc = _reduce(scenario, opts)
    names = _check_inputs(sc, inputs, relevant_inputs(sc, opts))
    labels = _group_labels(names, groups)
    lab = dict(zip(names, labels, strict=True))
    corr_names, c = correlation_matrix(sc)
    correlate = None
    blocks: list[tuple[list[int], F]] = []
    for a, b, _ in sc.correlations:
        if a in lab and b in lab and lab[a] != lab[b]:
            raise ValueError(
                f"inputs {a!r} and {b!r} are correlated but in different groups "
                f"({lab[a]!r}, {lab[b]!r}); Sobol indices need independent groups: put them "
                f"in one group or use delta_indices"
            )
    for g in dict.fromkeys(labels):
        members = [p for p in names if lab[p] == g and p in corr_names]
        if len(members) > 1:
            sub = [corr_names.index(p) for p in members]
            cg = 2.0 * np.sin(np.pi * c[np.ix_(sub, sub)] / 6.0)
            np.fill_diagonal(cg, 1.0)
            w, v = np.linalg.eigh(cg)
            blocks.append(([names.index(p) for p in members], v * np.sqrt(np.maximum(w, 0.0))))
    if blocks:

        def correlate(u: F) -> F:
            u = u.copy()
            for cols, root in blocks:
                z = special.ndtri(u[:, cols]) @ root.T
                u[:, cols] = np.clip(special.ndtr(z), _EPS, 1.0 - _EPS)
            return u

    root = resolve_seed(seed)

    def evaluate(u: F, r: int) -> F:
        design = InputDesign({p: u[:, j] for j, p in enumerate(names)})
        res = simulate(sc, n_base, seed=root, keep_monthly=False, progress=False, sampler=design)
        return _response(res, metric, option, baseline)

    df = _saltelli(names, labels, evaluate, n_base=n_base, seed=root,
                   n_resamples=n_resamples, level=level, correlate=correlate)
    df = df.sort_values("ST", ascending=False, kind="stable").reset_index(drop=True)
    df.attrs.update({"option": option, "metric": metric, "baseline": baseline, "n_base": n_base,
                     "n_paths": n_base * (len(dict.fromkeys(labels)) + 2), "level": level,
                     "seed": _seed_attr(root)})
    _warn_wide(df, n_base, level)
    return SobolIndices(df)


def _warn_wide(df: pd.DataFrame, n_base: int, level: float) -> None:
    """Warn when an index's interval half-width exceeds :data:`SOBOL_MAX_CONF`."""
    conf = df[["S1_conf", "ST_conf"]].to_numpy(dtype=np.float64)
    widest = float(np.nanmax(conf)) if conf.size else 0.0
    if widest > SOBOL_MAX_CONF:
        need = n_base * (widest / SOBOL_MAX_CONF) ** 2
        suggest = 1 << max(4, math.ceil(math.log2(need)))
        warnings.warn(
            f"Sobol' indices at n_base = {n_base}: the widest {100 * level:g}% interval is "
            f"+/-{widest:.2f} (more than +/-{SOBOL_MAX_CONF}); intervals shrink as "
            f"1/sqrt(n_base): n_base = {suggest} should bring them under +/-{SOBOL_MAX_CONF}",
            IntervalWarning,
            stacklevel=3,
        )


# ---------------------------------------------------------------------------- delta


@renamed(versus="baseline", num_resamples="n_resamples")
def delta_indices(
    result: Result,
    option: str,
    metric: str = "npv_cost",
    *,
    baseline: str | None = None,
    inputs: Sequence[str] | None = None,
    n_resamples: int = 20,
    seed: SeedLike = None,
    level: float = 0.95,
) -> DeltaIndices:
    """Borgonovo's delta and first-order indices from one run (valid with correlations).

    Parameters
    ----------
    result
        A simulation result (its per-path inputs and outputs; nothing is simulated).
    option
        Option whose ``metric`` is examined.
    metric
        Per-path output.
    baseline
        If given, the paired saving against it (``baseline - option`` for a cost,
        positive = cheaper; ``option - baseline`` where higher is better). ``versus=``
        is the deprecated old name.
    inputs
        Inputs to include (default: those relevant to the option(s)).
    n_resamples
        Bootstrap resamples for the confidence intervals (``num_resamples=`` is its
        deprecated old name).
    seed
        Seed of the bootstrap.
    level
        Confidence level of ``delta_conf`` / ``S1_conf`` (half-widths).

    Returns
    -------
    DeltaIndices
        ``.frame()``: ``input``, ``delta``, ``delta_conf``, ``S1``, ``S1_conf``, sorted
        by ``delta``; its ``attrs["notes"]`` keeps SALib's advisory messages.

    Notes
    -----
    SALib's given-data estimators [3]_ (``delta_raw`` and the binned first-order
    index). ``delta`` is in [0, 1] and carries a positive small-sample bias (about
    0.02-0.05 at 1,000 paths for an input without effect): compare inputs with each
    other, not with 0. SALib's global side effects (it seeds NumPy's legacy global
    generator and changes the warning filters) are undone after the call.

    Examples
    --------
    >>> import ccsim
    >>> res = ccsim.simulate(ccsim.default_scenario(), n_paths=256, seed=1)
    >>> d = delta_indices(res, "offshore", n_resamples=5,
    ...                   inputs=["offshore.staffing.price_per_hour", "demand.base_volume"])
    >>> d.frame().columns.tolist()
    ['input', 'delta', 'delta_conf', 'S1', 'S1_conf']
    """
    try:
        from SALib.analyze import delta as delta_mod
    except ImportError as e:  # pragma: no cover
        raise ImportError("delta indices need SALib: pip install 'ccsim[sensitivity]'") from e
    opts = _options(result.scenario, option, baseline)
    names = _check_inputs(result.scenario, inputs, relevant_inputs(result.scenario, opts))
    y = _response(result, metric, option, baseline)
    x = np.stack([result.inputs[p] for p in names], axis=1)
    if y.size < 64:
        raise ValueError(f"delta_indices needs at least 64 paths, the result has {y.size}")
    if np.var(y) == 0:
        raise ValueError("the output does not vary: delta indices are undefined")
    problem = {"num_vars": len(names), "names": names,
               "bounds": [[float(x[:, j].min()), float(x[:, j].max())] for j in range(len(names))]}
    # SALib seeds NumPy's legacy global generator: save and restore it (SPEC 7)
    state = np.random.get_state()  # noqa: NPY002
    fmt = warnings.formatwarning
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = delta_mod.analyze(problem, x, y, num_resamples=n_resamples,
                                    conf_level=level, seed=_int_seed(seed), method="all")
    finally:
        np.random.set_state(state)  # noqa: NPY002
        warnings.formatwarning = fmt
    df = pd.DataFrame(
        {"input": names, "delta": res["delta_raw"], "delta_conf": res["delta_raw_conf"],
         "S1": res["S1"], "S1_conf": res["S1_conf"]}
    )
    df = df.sort_values("delta", ascending=False, kind="stable").reset_index(drop=True)
    df.attrs.update({"option": option, "metric": metric, "baseline": baseline,
                     "n_paths": int(y.size), "level": level,
                     "notes": [str(w.message) for w in caught]})
    return DeltaIndices(df)
