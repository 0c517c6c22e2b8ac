"""Uncertain inputs: distributions a scenario parameter may take instead of a constant.

Every distribution is sampled by its quantile function (``ppf``) applied to uniforms,
so that plain Monte Carlo, Latin hypercube and Sobol' sampling, and copulas for
correlated inputs, all go through one door. A parameter is drawn once per path: the
spread of a distribution expresses what we do not know about the world, not
month-to-month noise (that lives in the mechanisms).

Examples
--------
>>> from ccsim import dist
>>> d = dist.LogNormal.from_interval(180, 600)
>>> round(float(d.ppf(0.05)), 6), round(float(d.ppf(0.95)), 6)
(180.0, 600.0)
>>> round(dist.PERT(0.2, 0.3, 0.45).mean(), 6)
0.308333
"""

from __future__ import annotations

import functools
import math
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

from ccsim.conventions import SeedLike, as_seed_sequence

__all__ = [
    "PERT",
    "Distribution",
    "Empirical",
    "LogNormal",
    "Normal",
    "ScipyDist",
    "Triangular",
    "Uniform",
    "as_distribution",
    "is_uncertain",
]

_Z95 = float(stats.norm.ppf(0.95))


def _finite(name: str, value: float) -> float:
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return v


class Distribution(ABC):
    """Base class of ccsim's uncertain inputs.

    Subclasses are frozen dataclasses that implement :meth:`ppf`; everything else
    (sampling, moments, support) derives from it.
    """

    @abstractmethod
    def ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        """Quantile function evaluated at probabilities ``u`` in [0, 1]."""

    def sample(self, size: int | tuple[int, ...], *, seed: SeedLike = None) -> NDArray[np.float64]:
        """Draw ``size`` values from a generator on :func:`ccsim.conventions.as_seed_sequence`
        of ``seed`` (for an int, the stream of ``numpy.random.default_rng(seed)``)."""
        rng = np.random.default_rng(as_seed_sequence(seed))
        return self.ppf(rng.random(size))

    def support(self) -> tuple[float, float]:
        """Smallest and largest values the distribution can take (may be infinite)."""
        lo, hi = self.ppf(np.array([0.0, 1.0]))
        return float(lo), float(hi)

    def mean(self) -> float:
        """Mean, by Gauss-Legendre quadrature of the quantile function unless overridden."""
        x, w = np.polynomial.legendre.leggauss(200)
        u = 0.5 * (x + 1.0)
        return float(0.5 * np.sum(w * self.ppf(u)))

    def median(self) -> float:
        return float(self.ppf(0.5))

    def interval(self, coverage: float = 0.9) -> tuple[float, float]:
        """Central interval holding ``coverage`` of the probability."""
        a = (1.0 - coverage) / 2.0
        lo, hi = self.ppf(np.array([a, 1.0 - a]))
        return float(lo), float(hi)

    def describe(self) -> str:
        """One-line human description, used on the assumptions page of reports."""
        lo, hi = self.interval(0.9)
        return f"{self!r} (90% in [{lo:.4g}, {hi:.4g}])"

    def to_dict(self) -> dict[str, Any]:
        """A TOML/JSON-friendly description: ``{"dist": name, **parameters}``."""
        raise NotImplementedError(f"{type(self).__name__} cannot be serialised")


def _u(u: ArrayLike) -> NDArray[np.float64]:
    return np.asarray(u, dtype=np.float64)


# ---------------------------------------------------------------- beta quantile
# scipy's beta quantile (boost's ibeta_inv) costs ~1.3 us per value, and the PERT inputs
# were ~60% of the time it takes to draw a run's random numbers. The quantile is
# monotone and smooth inside (0, 1): a cubic Hermite interpolant through the exact CDF
# at 4,097 equally spaced x, with the exact slopes dx/du = 1/pdf, is accurate to ~1e-15
# inside; each cell is checked once by the exact CDF at its midpoint (where Hermite's
# error peaks) and used only if 4x that error is below _BETA_TOL relative to x (near
# x = 1 the input u itself only resolves x to ~1e-16 / pdf, for scipy too). Values in
# the other cells (next to 0, and wherever the pdf vanishes) take scipy.stats' quantile.
_BETA_NX = 4096
_BETA_TOL = 1e-11


def _hermite(u: NDArray[np.float64], k: NDArray[np.intp], uk: NDArray[np.float64],
             xk: NDArray[np.float64], sk: NDArray[np.float64]) -> NDArray[np.float64]:
    """Cubic Hermite interpolant of ``x(u)`` in cell ``k`` (knots ``uk``, values ``xk``, slopes ``sk``)."""
    h = uk[k + 1] - uk[k]
    t = (u - uk[k]) / h
    t1 = 1.0 - t
    return (xk[k] * (1.0 + 2.0 * t) * t1 * t1 + xk[k + 1] * t * t * (3.0 - 2.0 * t)
            + h * t * t1 * (sk[k] * t1 - sk[k + 1] * t))


@functools.lru_cache(maxsize=128)  # 128 KB each; the default scenario has 18 distinct shapes
def _beta_knots(
    a: float, b: float
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.bool_]]:
    """``(u knots, x knots, slopes dx/du, cell usable)`` of the Beta(a, b) quantile."""
    x = np.linspace(0.0, 1.0, _BETA_NX + 1)
    u = special.betainc(a, b, x)
    lb = special.betaln(a, b)
    with np.errstate(all="ignore"):
        slope = np.exp(lb - (a - 1.0) * np.log(x) - (b - 1.0) * np.log1p(-x))  # 1 / pdf
        k = np.arange(_BETA_NX)
        um = 0.5 * (u[:-1] + u[1:])
        xm = _hermite(um, k, u, x, slope)
        pdf_m = np.exp((a - 1.0) * np.log(xm) + (b - 1.0) * np.log1p(-xm) - lb)
        err = np.abs(special.betainc(a, b, xm) - um) / pdf_m
        ok = (np.isfinite(slope[:-1]) & np.isfinite(slope[1:]) & (u[1:] > u[:-1])
              & np.isfinite(err) & (4.0 * err <= _BETA_TOL * x[:-1]))
    return u, x, slope, ok


def _beta_ppf(u: NDArray[np.float64], a: float, b: float) -> NDArray[np.float64]:
    """Beta(a, b) quantile of ``u`` (any shape): the tabulated inverse where a cell
    vouches for it, ``scipy.stats.beta.ppf`` elsewhere (see the note above)."""
    uk, xk, sk, ok = _beta_knots(float(a), float(b))
    flat = u.ravel()
    k = np.clip(np.searchsorted(uk, flat, side="right") - 1, 0, _BETA_NX - 1)
    good = ok[k] & (flat >= 0.0) & (flat <= 1.0)
    out = np.empty(flat.shape)
    with np.errstate(all="ignore"):
        out[good] = _hermite(flat[good], k[good], uk, xk, sk)
    bad = ~good
    if bad.any():
        out[bad] = stats.beta.ppf(flat[bad], a, b)
    return out.reshape(u.shape)


@dataclass(frozen=True)
class Uniform(Distribution):
    """Uniform on ``[low, high]``."""

    low: float
    high: float

    def __post_init__(self) -> None:
        lo, hi = _finite("Uniform.low", self.low), _finite("Uniform.high", self.high)
        if not lo <= hi:
            raise ValueError(f"Uniform needs low <= high, got low={lo}, high={hi}")

    def ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        return self.low + (self.high - self.low) * _u(u)

    def mean(self) -> float:
        return 0.5 * (self.low + self.high)

    def to_dict(self) -> dict[str, Any]:
        return {"dist": "uniform", "low": self.low, "high": self.high}


@dataclass(frozen=True)
class Triangular(Distribution):
    """Triangular on ``[low, high]`` with mode ``mode``."""

    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        lo = _finite("Triangular.low", self.low)
        mo = _finite("Triangular.mode", self.mode)
        hi = _finite("Triangular.high", self.high)
        if not (lo <= mo <= hi and lo < hi):
            raise ValueError(
                f"Triangular needs low <= mode <= high and low < high, got "
                f"low={lo}, mode={mo}, high={hi}"
            )

    def ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        u = _u(u)
        a, c, b = self.low, self.mode, self.high
        fc = (c - a) / (b - a)
        left = a + np.sqrt(u * (b - a) * (c - a))
        right = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
        return np.where(u < fc, left, right)

    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3.0

    def to_dict(self) -> dict[str, Any]:
        return {"dist": "triangular", "low": self.low, "mode": self.mode, "high": self.high}


@dataclass(frozen=True)
class PERT(Distribution):
    """Beta-PERT on ``[low, high]`` with most likely value ``mode``.

    Notes
    -----
    A scaled Beta(alpha, beta) with ``alpha = 1 + lamb (mode - low) / (high - low)`` and
    ``beta = 1 + lamb (high - mode) / (high - low)``; mean ``(low + lamb mode + high) /
    (lamb + 2)``. ``lamb = 4`` is the classical PERT. The quantile is a tabulated Beta
    inverse with a relative error below 1e-11 (scipy's ``beta.ppf`` where the table
    cannot vouch for that), about ten times faster than scipy's.
    """

    low: float
    mode: float
    high: float
    lamb: float = 4.0

    def __post_init__(self) -> None:
        lo = _finite("PERT.low", self.low)
        mo = _finite("PERT.mode", self.mode)
        hi = _finite("PERT.high", self.high)
        if not (lo <= mo <= hi and lo < hi):
            raise ValueError(
                f"PERT needs low <= mode <= high and low < high, got low={lo}, mode={mo}, high={hi}"
            )
        if not _finite("PERT.lamb", self.lamb) > 0:
            raise ValueError(f"PERT.lamb must be > 0, got {self.lamb}")

    @property
    def _ab(self) -> tuple[float, float]:
        r = self.high - self.low
        return (
            1.0 + self.lamb * (self.mode - self.low) / r,
            1.0 + self.lamb * (self.high - self.mode) / r,
        )

    def ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        a, b = self._ab
        return self.low + (self.high - self.low) * _beta_ppf(_u(u), a, b)

    def mean(self) -> float:
        return (self.low + self.lamb * self.mode + self.high) / (self.lamb + 2.0)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"dist": "pert", "low": self.low, "mode": self.mode, "high": self.high}
        if self.lamb != 4.0:
            d["lamb"] = self.lamb
        return d


@dataclass(frozen=True)
class Normal(Distribution):
    """Normal with ``mean`` and standard deviation ``sd``, optionally truncated to
    ``[low, high]`` (then ``mean`` and ``sd`` are those of the untruncated parent)."""

    mean_: float
    sd: float
    low: float = -math.inf
    high: float = math.inf

    def __post_init__(self) -> None:
        _finite("Normal.mean", self.mean_)
        if not _finite("Normal.sd", self.sd) > 0:
            raise ValueError(f"Normal.sd must be > 0, got {self.sd}")
        if not self.low < self.high:
            raise ValueError(f"Normal needs low < high, got low={self.low}, high={self.high}")

    def _frozen(self) -> Any:
        if math.isinf(self.low) and math.isinf(self.high):
            return stats.norm(self.mean_, self.sd)
        a = (self.low - self.mean_) / self.sd
        b = (self.high - self.mean_) / self.sd
        return stats.truncnorm(a, b, loc=self.mean_, scale=self.sd)

    def ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        return np.asarray(self._frozen().ppf(_u(u)), dtype=np.float64)

    def mean(self) -> float:
        return float(self._frozen().mean())

    def __repr__(self) -> str:
        extra = ""
        if not math.isinf(self.low):
            extra += f", low={self.low}"
        if not math.isinf(self.high):
            extra += f", high={self.high}"
        return f"Normal({self.mean_}, {self.sd}{extra})"

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"dist": "normal", "mean": self.mean_, "sd": self.sd}
        if not math.isinf(self.low):
            d["low"] = self.low
        if not math.isinf(self.high):
            d["high"] = self.high
        return d


@dataclass(frozen=True)
class LogNormal(Distribution):
    """Log-normal: ``log X ~ Normal(mu, sigma)``.

    Use :meth:`from_interval` to specify it by its 5th and 95th percentiles, the way
    published ranges are usually given.
    """

    mu: float
    sigma: float

    def __post_init__(self) -> None:
        _finite("LogNormal.mu", self.mu)
        if not _finite("LogNormal.sigma", self.sigma) > 0:
            raise ValueError(f"LogNormal.sigma must be > 0, got {self.sigma}")

    @classmethod
    def from_interval(cls, p05: float, p95: float) -> LogNormal:
        """Log-normal whose 5th and 95th percentiles are ``p05`` and ``p95``.

        Examples
        --------
        >>> LogNormal.from_interval(1.0, math.e ** (2 * 1.6448536269514722))
        LogNormal(mu=1.6448536269514722, sigma=1.0)
        """
        lo, hi = _finite("p05", p05), _finite("p95", p95)
        if not 0 < lo < hi:
            raise ValueError(f"LogNormal.from_interval needs 0 < p05 < p95, got p05={lo}, p95={hi}")
        mu = 0.5 * (math.log(lo) + math.log(hi))
        sigma = (math.log(hi) - math.log(lo)) / (2.0 * _Z95)
        return cls(mu, sigma)

    def ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        return np.exp(self.mu + self.sigma * np.asarray(stats.norm.ppf(_u(u)), dtype=np.float64))

    def mean(self) -> float:
        return math.exp(self.mu + 0.5 * self.sigma**2)

    def to_dict(self) -> dict[str, Any]:
        return {"dist": "lognormal", "mu": self.mu, "sigma": self.sigma}


@dataclass(frozen=True)
class Empirical(Distribution):
    """The empirical distribution of observed ``samples`` (each equally likely).

    ``ppf(u)`` returns the ``ceil(u n)``-th smallest sample (the inverse of the
    empirical CDF), so sampling reproduces the data's frequencies exactly.
    """

    samples: tuple[float, ...] = field()

    def __init__(self, samples: ArrayLike) -> None:
        arr = np.sort(np.asarray(samples, dtype=np.float64).ravel())
        if arr.size == 0:
            raise ValueError("Empirical needs at least one sample, got none")
        if not np.all(np.isfinite(arr)):
            raise ValueError("Empirical samples must all be finite (found NaN or inf)")
        object.__setattr__(self, "samples", tuple(float(x) for x in arr))

    def ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        arr = np.asarray(self.samples)
        idx = np.ceil(_u(u) * arr.size).astype(np.int64) - 1
        return arr[np.clip(idx, 0, arr.size - 1)]

    def mean(self) -> float:
        return float(np.mean(self.samples))

    def __repr__(self) -> str:
        return f"Empirical(n={len(self.samples)}, min={self.samples[0]:.4g}, max={self.samples[-1]:.4g})"

    def to_dict(self) -> dict[str, Any]:
        return {"dist": "empirical", "samples": list(self.samples)}


@dataclass(frozen=True)
class ScipyDist(Distribution):
    """Wrapper around a frozen continuous ``scipy.stats`` distribution.

    Only continuous distributions (instances of ``scipy.stats.rv_continuous``, such as
    ``stats.gamma(2.0, scale=3.0)``) are accepted: an input is drawn through its
    quantile function, which a discrete distribution does not invert.
    """

    frozen: Any

    def __post_init__(self) -> None:
        if not isinstance(getattr(self.frozen, "dist", None), stats.rv_continuous):
            raise TypeError(
                f"ScipyDist needs a frozen continuous scipy.stats distribution "
                f"(e.g. scipy.stats.gamma(2.0)), got {self.frozen!r}"
            )

    def ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        return np.asarray(self.frozen.ppf(_u(u)), dtype=np.float64)

    def mean(self) -> float:
        return float(self.frozen.mean())

    def __repr__(self) -> str:
        d = self.frozen.dist
        return f"scipy.stats.{d.name}(args={self.frozen.args}, kwds={self.frozen.kwds})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "dist": "scipy",
            "name": self.frozen.dist.name,
            "args": list(self.frozen.args),
            "kwds": dict(self.frozen.kwds),
        }


def is_uncertain(value: Any) -> bool:
    """True if ``value`` is an uncertain input (a distribution) rather than a constant."""
    return isinstance(value, Distribution) or _is_frozen_scipy(value)


def _is_frozen_scipy(value: Any) -> bool:
    return hasattr(value, "dist") and hasattr(value, "ppf") and hasattr(value, "args")


def as_distribution(value: Any) -> Distribution:
    """Return ``value`` as a :class:`Distribution` (wrapping frozen scipy distributions)."""
    if isinstance(value, Distribution):
        return value
    if _is_frozen_scipy(value):
        return ScipyDist(value)
    raise TypeError(f"expected a ccsim.dist distribution or a frozen scipy.stats one, got {value!r}")


_BY_NAME: dict[str, Any] = {
    "uniform": lambda d: Uniform(d["low"], d["high"]),
    "triangular": lambda d: Triangular(d["low"], d["mode"], d["high"]),
    "pert": lambda d: PERT(d["low"], d["mode"], d["high"], d.get("lamb", 4.0)),
    "normal": lambda d: Normal(d["mean"], d["sd"], d.get("low", -math.inf), d.get("high", math.inf)),
    "lognormal": lambda d: (
        LogNormal.from_interval(d["p05"], d["p95"]) if "p05" in d else LogNormal(d["mu"], d["sigma"])
    ),
    "empirical": lambda d: Empirical(d["samples"]),
    "scipy": lambda d: _scipy_from_dict(d["name"], d.get("args", []), d.get("kwds", {})),
}


def _number(where: str, v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ValueError(f"{where} must be a finite number, got {v!r}")
    return float(v)


def _scipy_from_dict(name: Any, args: Any, kwds: Any) -> ScipyDist:
    """Build a ``scipy.stats`` continuous distribution named in a (possibly shared) file.

    Only the name of an ``rv_continuous`` instance of ``scipy.stats`` is looked up (no
    dunders, no private names, no other callables), and its arguments must be finite
    numbers, so a scenario file can build a distribution and nothing else.
    """
    if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
        raise ValueError(f"scipy distribution name must be a public identifier, got {name!r}")
    obj = getattr(stats, name, None)
    if not isinstance(obj, stats.rv_continuous):
        raise ValueError(
            f"{name!r} is not a continuous distribution of scipy.stats "
            "(expected a name such as 'gamma', 'weibull_min' or 'beta')"
        )
    if not isinstance(args, (list, tuple)):
        raise ValueError(f"scipy args must be a list of numbers, got {args!r}")
    if not isinstance(kwds, dict) or not all(isinstance(k, str) for k in kwds):
        raise ValueError(f"scipy kwds must be a table of numbers, got {kwds!r}")
    allowed = set((obj.shapes or "").replace(" ", "").split(",")) - {""} | {"loc", "scale"}
    unknown = sorted(set(kwds) - allowed)
    if unknown:
        raise ValueError(
            f"scipy.stats.{name} has no parameter {unknown[0]!r}; expected {sorted(allowed)}"
        )
    a = [_number(f"scipy.stats.{name} args[{i}]", v) for i, v in enumerate(args)]
    k = {key: _number(f"scipy.stats.{name} {key}", v) for key, v in kwds.items()}
    return ScipyDist(obj(*a, **k))


def from_dict(d: dict[str, Any]) -> Distribution:
    """Inverse of :meth:`Distribution.to_dict`."""
    name = d.get("dist")
    if name not in _BY_NAME:
        raise ValueError(f"unknown distribution {name!r}; expected one of {sorted(_BY_NAME)}")
    try:
        return _BY_NAME[name](d)  # type: ignore[no-any-return]
    except KeyError as exc:
        raise ValueError(f"distribution {name!r} is missing the key {exc.args[0]!r}") from None
