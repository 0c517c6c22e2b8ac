"""Per-path draws of a scenario's uncertain inputs: plain MC, Latin hypercube, Sobol.

Every uncertain input ``path`` is drawn by its quantile function from uniforms. How the
uniforms are made is chosen by ``sampler``:

``"mc"``
    Plain Monte Carlo: the uniforms of the stream ``"param/<path>"``, independent
    across inputs. Each input has its own stream keyed by its name, so a sweep that
    fixes one input, or a scenario that adds an option, leaves every other input's
    draws unchanged.
``"lhs"``
    Latin hypercube, stratified *per block* of :data:`ccsim.sampling.streams.BLOCK` (256)
    paths: within every block each input takes exactly one value in each of the 256
    equal-probability strata, in a random order drawn from the input's own stream.
``"sobol"``
    Scrambled Sobol' points (:class:`scipy.stats.qmc.Sobol`, Owen scrambling), 256
    points per block with an independent scrambling per block, so the blocks are
    independent randomized-QMC replicates. The dimension order is the order of
    :meth:`ccsim.Scenario.uncertain_inputs`, so adding an input changes every draw.
an :class:`InputDesign`
    Given uniforms per path (used by :mod:`ccsim.sensitivity` to evaluate the model at
    the points of an experimental design on common random numbers).

Market inputs are shared by location: the wage inflation and currency drift of
:data:`MARKET_INPUTS` are a property of the labour market where the agents sit, not of
one contract, so every vendor option at one location (``offshore`` and ``hybrid`` in the
default scenario) takes the same uniform on a path. Under ``"mc"`` and ``"lhs"`` that is
the stream ``"param/<location>/<input>"``, so adding or removing an option leaves the
others' draws unchanged; if a correlation or an input design sets one option's uniform,
the options at its location follow it. Their distributions may differ (the draws are
then comonotonic, perfectly rank-correlated).

Stratification and scrambling are per block, never across a chunk, so results are
bit-identical whatever the chunk size: path ``i`` depends only on the seed and ``i``.

Rank correlations (``Scenario.correlations``) are imposed per block by the
Iman-Conover method on the block's uniforms: each correlated input's 256 values are
only *re-ordered*, so every marginal is kept exactly (and the LHS strata too), while
the ranks follow van der Waerden scores with the target correlation. A target matrix
that is not positive semi-definite is repaired to the nearest correlation matrix
(Higham 2002) with a :class:`CorrelationWarning`; turn the warning into an error
(``warnings.simplefilter("error", CorrelationWarning)``) or call
:func:`correlation_matrix` with ``strict=True`` to reject it instead.

References
----------
.. [1] R. L. Iman and W. J. Conover, "A distribution-free approach to inducing rank
   correlation among input variables", Communications in Statistics - Simulation and
   Computation 11(3), 311-334 (1982). doi:10.1080/03610918208812265
.. [2] N. J. Higham, "Computing the nearest correlation matrix - a problem from
   finance", IMA Journal of Numerical Analysis 22(3), 329-343 (2002).
   doi:10.1093/imanum/22.3.329
.. [3] A. B. Owen, "Scrambling Sobol' and Niederreiter-Xing points", Journal of
   Complexity 14(4), 466-489 (1998). doi:10.1006/jcom.1998.0487
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy import special, stats

from ccsim.sampling.streams import BLOCK, ChunkStreams
from ccsim.scenario import Scenario

__all__ = [
    "MARKET_INPUTS",
    "SAMPLERS",
    "CorrelationWarning",
    "InputDesign",
    "check_sampler",
    "correlation_matrix",
    "draw_inputs",
    "input_uniforms",
    "nearest_correlation",
    "stratified",
    "warn_partial_blocks",
]

F = NDArray[np.float64]

SAMPLERS = ("mc", "lhs", "sobol")

#: Option inputs that belong to the location's labour and currency market, shared by
#: every vendor option at one location (see the module docstring).
MARKET_INPUTS = ("contract.wage_inflation_annual", "contract.fx_drift_annual", "contract.fx_sd_annual")


def market_groups(scenario: Scenario) -> dict[str, list[str]]:
    """``{stream key: [uncertain input paths]}`` of the market inputs, by location.

    Only uncertain inputs appear; the key is ``"<location>/<input>"``, the paths are in
    the scenario's option order.

    Examples
    --------
    >>> import ccsim
    >>> market_groups(ccsim.default_scenario())["offshore/contract.wage_inflation_annual"]
    ['offshore.contract.wage_inflation_annual', 'hybrid.contract.wage_inflation_annual']
    """
    uncertain = {p for p, _ in scenario.uncertain_inputs()}
    groups: dict[str, list[str]] = {}
    for o in scenario.options:
        if not o.is_vendor:
            continue
        for rest in MARKET_INPUTS:
            path = f"{o.name}.{rest}"
            if path in uncertain:
                groups.setdefault(f"{o.location}/{rest}", []).append(path)
    return groups


def _stream_keys(scenario: Scenario) -> dict[str, str]:
    """The stream name of each uncertain input: its path, or its location's market key."""
    keys = {p: p for p, _ in scenario.uncertain_inputs()}
    for key, paths in market_groups(scenario).items():
        for p in paths:
            keys[p] = key
    return keys


def _share_market(scenario: Scenario, u: dict[str, F], leaders: set[str]) -> None:
    """Give every option at one location the same uniform of each market input.

    The group follows its first member in ``leaders`` (inputs whose uniform a correlation
    or a design set); otherwise the members already share one stream.
    """
    for paths in market_groups(scenario).values():
        lead = next((p for p in paths if p in leaders), paths[0])
        for p in paths:
            if p != lead:
                u[p] = u[lead]

# Uniforms strictly inside (0, 1) for the stratified samplers, so that quantile
# functions of unbounded distributions stay finite.
_EPS = 2.0**-53


class CorrelationWarning(UserWarning):
    """A target rank-correlation matrix was not positive semi-definite and was repaired."""


@dataclass(frozen=True, eq=False)
class InputDesign:
    """Given uniforms for some uncertain inputs, one per path.

    Parameters
    ----------
    uniforms
        ``{dotted path: (n,) array}`` of probabilities in (0, 1). Path ``i`` of a run
        uses row ``i``; a run should have at most ``n`` paths (paths beyond the design
        get the ``base`` draws). Inputs not listed are drawn by ``base`` as usual.
    base
        Sampler of the inputs not in ``uniforms`` (``"mc"``, ``"lhs"`` or ``"sobol"``).

    Notes
    -----
    Correlations of the scenario are not imposed on the inputs of a design: the
    design is taken as given.

    Examples
    --------
    >>> import numpy as np
    >>> d = InputDesign({"demand.trend_annual": np.full(256, 0.5)})
    >>> d.n
    256
    """

    uniforms: Mapping[str, Any]
    base: str = "mc"
    n: int = field(init=False)

    def __post_init__(self) -> None:
        if self.base not in SAMPLERS:
            raise ValueError(f"InputDesign.base = {self.base!r}; expected one of {SAMPLERS}")
        arrs = {str(k): np.asarray(v, dtype=np.float64) for k, v in self.uniforms.items()}
        sizes = {a.shape for a in arrs.values()}
        if len(sizes) > 1 or any(len(s) != 1 for s in sizes):
            raise ValueError(f"InputDesign.uniforms must be 1-D arrays of one length; got {sizes}")
        for k, a in arrs.items():
            if not np.all((a > 0.0) & (a < 1.0)):
                raise ValueError(f"InputDesign.uniforms[{k!r}] must lie in (0, 1)")
        object.__setattr__(self, "uniforms", arrs)
        object.__setattr__(self, "n", next(iter(sizes))[0] if sizes else 0)

    def __repr__(self) -> str:
        return f"InputDesign({len(self.uniforms)} inputs x {self.n} paths, base={self.base!r})"


def check_sampler(sampler: object) -> None:
    """Raise ``ValueError`` unless ``sampler`` is a supported sampler.

    Examples
    --------
    >>> check_sampler("lhs")
    >>> check_sampler("halton")
    Traceback (most recent call last):
    ...
    ValueError: sampler = 'halton'; expected one of ('mc', 'lhs', 'sobol') or an InputDesign
    """
    if isinstance(sampler, InputDesign):
        return
    if not isinstance(sampler, str) or sampler not in SAMPLERS:
        raise ValueError(f"sampler = {sampler!r}; expected one of {SAMPLERS} or an InputDesign")


def stratified(sampler: object) -> bool:
    """True for samplers whose paths are stratified per block (``"lhs"``, ``"sobol"``).

    Their 256-path blocks are independent randomizations, so the standard error of a
    mean comes from the spread of block means, not from the i.i.d. formula.
    """
    return isinstance(sampler, str) and sampler in ("lhs", "sobol")


def warn_partial_blocks(sampler: object, n_paths: int) -> None:
    """Warn when a stratified sampler gets a number of paths that is not whole blocks.

    The last, partial block is then not a full Latin hypercube / Sobol' net, and the
    replicate standard error uses only the whole blocks' means.
    """
    if stratified(sampler) and n_paths % BLOCK:
        warnings.warn(
            f"sampler = {sampler!r} stratifies per block of {BLOCK} paths, but n_paths = "
            f"{n_paths} is not a whole number of blocks: the last {n_paths % BLOCK} paths are "
            f"an incomplete stratification; use a multiple of {BLOCK} (e.g. "
            f"{max(BLOCK, n_paths // BLOCK * BLOCK)})",
            UserWarning,
            stacklevel=3,
        )


def input_uniforms(
    scenario: Scenario, streams: ChunkStreams, sampler: Any = "mc"
) -> dict[str, F]:
    """Uniforms of every uncertain input for the chunk's paths, keyed by dotted path.

    Correlations are not applied here (see :func:`draw_inputs`).
    """
    check_sampler(sampler)
    design = sampler if isinstance(sampler, InputDesign) else None
    kind = design.base if design is not None else sampler
    paths = [p for p, _ in scenario.uncertain_inputs()]
    keys = _stream_keys(scenario)
    if kind == "mc":
        by_key = {k: streams.uniform(f"param/{k}") for k in dict.fromkeys(keys.values())}
        u = {p: by_key[keys[p]] for p in paths}
    elif kind == "lhs":
        by_key = {k: streams.per_block(f"param/{k}", _lhs_block) for k in dict.fromkeys(keys.values())}
        u = {p: by_key[keys[p]] for p in paths}
    else:
        d = len(paths)
        if d == 0:
            u = {}
        else:
            pts = streams.per_block("param/__sobol__", lambda g: _sobol_block(g, d))
            u = {p: pts[j] for j, p in enumerate(paths)}
    if design is not None:
        # rows beyond the design (the rest of the last block) keep the base draws;
        # a run should ask for at most ``design.n`` paths
        first = streams.blocks.start * BLOCK
        m = max(0, min(design.n, first + streams.n_paths) - first)
        for p, arr in design.uniforms.items():
            if p not in u:
                raise KeyError(f"InputDesign input {p!r} is not an uncertain input of the scenario")
            u[p] = u[p].copy()
            u[p][:m] = arr[first : first + m]
    return u


def _lhs_block(g: np.random.Generator) -> F:
    perm = g.permutation(BLOCK)
    out = (perm + g.random(BLOCK)) / BLOCK
    return np.clip(out, _EPS, 1.0 - _EPS)


def _sobol_block(g: np.random.Generator, d: int) -> F:
    eng = stats.qmc.Sobol(d, scramble=True, rng=g)
    return np.clip(eng.random(BLOCK).T, _EPS, 1.0 - _EPS)  # (d, BLOCK)


def nearest_correlation(a: Any, *, tol: float = 1e-10, max_iter: int = 500) -> F:
    """Nearest correlation matrix (unit diagonal, positive semi-definite) in Frobenius norm.

    Parameters
    ----------
    a
        Symmetric matrix with unit diagonal, shape ``(k, k)``.
    tol
        Convergence tolerance on the change of the iterate (max-norm).
    max_iter
        Maximum number of alternating projections.

    Returns
    -------
    ndarray
        The repaired matrix, shape ``(k, k)``.

    Notes
    -----
    Alternating projections with Dykstra's correction between the PSD cone and the set
    of unit-diagonal symmetric matrices ([1]_, algorithm 3.3, unweighted).

    References
    ----------
    .. [1] N. J. Higham, "Computing the nearest correlation matrix - a problem from
       finance", IMA J. Numer. Anal. 22(3), 329-343 (2002). doi:10.1093/imanum/22.3.329

    Examples
    --------
    Higham's example (section 4), whose answer has off-diagonals 0.7607 and 0.1573:

    >>> import numpy as np
    >>> x = nearest_correlation(np.array([[1.0, 1, 0], [1, 1, 1], [0, 1, 1]]))
    >>> np.round(x, 4)[0]
    array([1.    , 0.7607, 0.1573])
    """
    y = np.array(a, dtype=np.float64)
    if y.ndim != 2 or y.shape[0] != y.shape[1]:
        raise ValueError(f"nearest_correlation needs a square matrix, got shape {y.shape}")
    y = 0.5 * (y + y.T)
    ds = np.zeros_like(y)
    for _ in range(max_iter):
        r = y - ds
        w, v = np.linalg.eigh(r)
        x = (v * np.maximum(w, 0.0)) @ v.T
        x = 0.5 * (x + x.T)
        ds = x - r
        y_new = x.copy()
        np.fill_diagonal(y_new, 1.0)
        done = np.max(np.abs(y_new - y)) < tol
        y = y_new
        if done:
            break
    # final clean-up: the unit-diagonal iterate may keep an eigenvalue of ~ -tol
    w, v = np.linalg.eigh(y)
    if w.min() < 0.0:
        x = (v * np.maximum(w, 0.0)) @ v.T
        d = np.sqrt(np.diag(x))
        y = x / np.outer(d, d)
    np.fill_diagonal(y, 1.0)
    return np.asarray(0.5 * (y + y.T), dtype=np.float64)


def correlation_matrix(
    scenario: Scenario, *, strict: bool = False, atol: float = 1e-10
) -> tuple[tuple[str, ...], F]:
    """The target rank-correlation matrix of the scenario's correlated inputs.

    Parameters
    ----------
    scenario
        Its ``correlations`` are ``((path_a, path_b, rho), ...)`` Spearman rank
        correlations; pairs not listed are uncorrelated.
    strict
        If True, raise ``ValueError`` for a matrix that is not positive semi-definite;
        otherwise repair it to the nearest correlation matrix with a
        :class:`CorrelationWarning`.
    atol
        Eigenvalues above ``-atol`` count as non-negative.

    Returns
    -------
    (names, matrix)
        The correlated inputs (in the order of ``uncertain_inputs()``) and the
        ``(k, k)`` matrix; ``((), empty)`` without correlations.

    Raises
    ------
    ValueError
        A pair given twice with different values, or a non-PSD matrix when ``strict``.

    Examples
    --------
    >>> import ccsim
    >>> sc = ccsim.default_scenario().with_overrides(
    ...     correlations=(("demand.base_volume", "service.aht_s", 0.5),))
    >>> names, c = correlation_matrix(sc)
    >>> names
    ('demand.base_volume', 'service.aht_s')
    >>> c.tolist()
    [[1.0, 0.5], [0.5, 1.0]]
    """
    corr = scenario.correlations
    if not corr:
        return (), np.zeros((0, 0))
    involved = {p for a, b, _ in corr for p in (a, b)}
    names = tuple(p for p, _ in scenario.uncertain_inputs() if p in involved)
    idx = {p: i for i, p in enumerate(names)}
    c = np.eye(len(names))
    seen: dict[tuple[int, int], float] = {}
    for a, b, r in corr:
        i, j = sorted((idx[a], idx[b]))
        if (i, j) in seen and seen[(i, j)] != r:
            raise ValueError(
                f"correlations: pair ({a!r}, {b!r}) is given twice with rho = {seen[(i, j)]} and {r}"
            )
        seen[(i, j)] = r
        c[i, j] = c[j, i] = r
    w_min = float(np.linalg.eigvalsh(c).min())
    if w_min < -atol:
        msg = (
            f"correlations: the rank-correlation matrix of {list(names)} is not positive "
            f"semi-definite (smallest eigenvalue {w_min:.4g})"
        )
        if strict:
            raise ValueError(msg + "; fix the values or pass strict=False to repair it")
        c_new = _repair_in_score_space(c)
        shown = np.array2string(c_new, precision=4, suppress_small=True, separator=", ")
        warnings.warn(
            msg + f"; imposing instead the nearest valid matrix (max change "
            f"{np.max(np.abs(c_new - c)):.3g}, Higham 2002, repaired in normal-score "
            f"space):\n{shown}",
            CorrelationWarning,
            stacklevel=2,
        )
        c = c_new
    return names, c


#: Smallest eigenvalue kept by a repair (normal-score space), so the imposed matrix is
#: strictly positive definite and Iman-Conover can reach it.
_MIN_EIG = 1e-4


def _repair_in_score_space(c_rank: F) -> F:
    """Repair a rank-correlation matrix where Iman-Conover imposes it: normal scores.

    The target is mapped to the Pearson correlation of normal scores
    (``2 sin(pi rho / 6)``), repaired there to the nearest correlation matrix with its
    smallest eigenvalue kept at :data:`_MIN_EIG`, and mapped back
    (``(6 / pi) arcsin(r / 2)``). The matrix returned is then exactly the one the
    sampler imposes: :func:`_score_root` needs no second, silent repair.
    """
    s = 2.0 * np.sin(np.pi * c_rank / 6.0)
    np.fill_diagonal(s, 1.0)
    s = nearest_correlation(s)
    for _ in range(50):
        w, v = np.linalg.eigh(s)
        if w.min() >= _MIN_EIG * (1 - 1e-6):
            break
        s = (v * np.maximum(w, _MIN_EIG)) @ v.T
        d = np.sqrt(np.diag(s))
        s = s / np.outer(d, d)
        s = 0.5 * (s + s.T)
        np.fill_diagonal(s, 1.0)
    r = (6.0 / np.pi) * np.arcsin(np.clip(s, -1.0, 1.0) / 2.0)
    np.fill_diagonal(r, 1.0)
    return np.asarray(0.5 * (r + r.T), dtype=np.float64)


def _score_root(c_rank: F) -> F:
    """A square root ``L`` (``L @ L.T == C``) of the normal-score correlation matrix.

    The Pearson correlation of normal scores that gives Spearman ``rho`` is
    ``2 sin(pi rho / 6)`` (Pearson 1907 / Kruskal 1958 for the bivariate normal).
    """
    c = 2.0 * np.sin(np.pi * c_rank / 6.0)
    np.fill_diagonal(c, 1.0)
    w, v = np.linalg.eigh(c)
    if w.min() < -1e-12:  # the transform can break PSD-ness slightly: repair silently
        c = nearest_correlation(c)
        w, v = np.linalg.eigh(c)
    return np.asarray(v * np.sqrt(np.maximum(w, 0.0)), dtype=np.float64)


def _iman_conover_block(g: np.random.Generator, u: F, root: F) -> F:
    """Re-order the rows of ``u`` (``(k, BLOCK)``) to have rank correlation ``root @ root.T``."""
    k, n = u.shape
    scores = special.ndtri(np.arange(1, n + 1) / (n + 1.0))
    s = np.stack([g.permutation(scores) for _ in range(k)])  # (k, n)
    e = np.corrcoef(s)
    # remove the sample correlation of the scores, then impose the target
    p = np.linalg.cholesky(e)
    t = root @ np.linalg.solve(p, s)
    ranks = np.argsort(np.argsort(t, axis=1, kind="stable"), axis=1, kind="stable")
    return np.take_along_axis(np.sort(u, axis=1), ranks, axis=1)


def draw_inputs(scenario: Scenario, streams: ChunkStreams, sampler: Any = "mc") -> dict[str, F]:
    """Values of every uncertain input for the chunk's paths, shape ``(n_paths,)`` each.

    Parameters
    ----------
    scenario
        Its uncertain inputs and rank correlations.
    streams
        The chunk's random streams (whole blocks of 256 paths).
    sampler
        ``"mc"`` (plain Monte Carlo), ``"lhs"`` (Latin hypercube per block),
        ``"sobol"`` (scrambled Sobol' per block) or an :class:`InputDesign`.

    Returns
    -------
    dict
        ``{dotted path: (n_paths,) float64 array}``.

    Notes
    -----
    Correlated inputs are re-ordered within each block by Iman-Conover (stream
    ``"param/__iman_conover__"``), which keeps each input's values, hence its marginal,
    exactly. With ``"sobol"`` the re-ordering keeps each coordinate's stratification
    but not the joint low-discrepancy structure of the correlated coordinates.

    Examples
    --------
    >>> import ccsim
    >>> from ccsim.sampling.streams import ChunkStreams, SeedRoot
    >>> st = ChunkStreams(SeedRoot(1), 0, 2)
    >>> x = draw_inputs(ccsim.default_scenario(), st, "lhs")
    >>> x["demand.trend_annual"].shape
    (512,)
    """
    check_sampler(sampler)
    u = input_uniforms(scenario, streams, sampler)
    names, c = correlation_matrix(scenario)
    if names:
        fixed = set(sampler.uniforms) if isinstance(sampler, InputDesign) else set()
        free = [p for p in names if p not in fixed]
        if len(free) > 1:
            sub = [names.index(p) for p in free]
            root = _score_root(c[np.ix_(sub, sub)])
            stacked = np.stack([u[p] for p in free])
            out = streams.per_block(
                "param/__iman_conover__", lambda g, a: _iman_conover_block(g, a, root), stacked
            )
            for j, p in enumerate(free):
                u[p] = out[j]
    design = set(sampler.uniforms) if isinstance(sampler, InputDesign) else set()
    _share_market(scenario, u, design | set(names))
    return {p: np.asarray(d.ppf(u[p]), dtype=np.float64) for p, d in scenario.uncertain_inputs()}
