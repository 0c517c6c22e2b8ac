"""Uncertain inputs checked against scipy.stats (an independent implementation)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from ccsim import dist

U = np.linspace(0.001, 0.999, 101)


def test_uniform_matches_scipy():
    d = dist.Uniform(2.0, 5.0)
    np.testing.assert_allclose(d.ppf(U), stats.uniform(2.0, 3.0).ppf(U), rtol=1e-12)
    assert d.mean() == 3.5


def test_triangular_matches_scipy():
    d = dist.Triangular(1.0, 2.0, 5.0)
    ref = stats.triang(c=0.25, loc=1.0, scale=4.0)
    np.testing.assert_allclose(d.ppf(U), ref.ppf(U), rtol=1e-10)
    assert d.mean() == pytest.approx(ref.mean(), rel=1e-12)


def test_pert_is_scaled_beta_with_classical_mean():
    d = dist.PERT(0.2, 0.3, 0.45)
    ref = stats.beta(1 + 4 * 0.1 / 0.25, 1 + 4 * 0.15 / 0.25, loc=0.2, scale=0.25)
    np.testing.assert_allclose(d.ppf(U), ref.ppf(U), rtol=1e-10)
    assert d.mean() == pytest.approx((0.2 + 4 * 0.3 + 0.45) / 6, rel=1e-12)
    # the quadrature mean of the base class agrees with the closed form
    assert dist.Distribution.mean(d) == pytest.approx(d.mean(), rel=1e-6)


def test_lognormal_from_interval_hits_its_percentiles():
    d = dist.LogNormal.from_interval(180.0, 600.0)
    np.testing.assert_allclose(d.ppf([0.05, 0.95]), [180.0, 600.0], rtol=1e-12)
    ref = stats.lognorm(s=d.sigma, scale=math.exp(d.mu))
    np.testing.assert_allclose(d.ppf(U), ref.ppf(U), rtol=1e-10)
    assert d.mean() == pytest.approx(ref.mean(), rel=1e-12)
    # calibration: lognormal with mean about 6 minutes
    assert 330 < d.mean() < 370


def test_normal_truncated_stays_in_bounds():
    d = dist.Normal(0.5, 0.3, low=0.0, high=1.0)
    x = d.ppf(U)
    assert x.min() >= 0.0 and x.max() <= 1.0
    assert d.support() == (0.0, 1.0)


def test_empirical_reproduces_frequencies():
    d = dist.Empirical([3.0, 1.0, 2.0, 2.0])
    x = d.sample(40_000, seed=1)
    freq = {v: np.mean(x == v) for v in (1.0, 2.0, 3.0)}
    # binomial standard error of a frequency near 0.5 at n=40,000 is 0.0025; 4 SE bound
    assert freq[1.0] == pytest.approx(0.25, abs=0.01)
    assert freq[2.0] == pytest.approx(0.50, abs=0.01)
    assert freq[3.0] == pytest.approx(0.25, abs=0.01)


def test_scipy_frozen_distribution_is_accepted():
    d = dist.as_distribution(stats.gamma(2.0, scale=3.0))
    np.testing.assert_allclose(d.ppf(U), stats.gamma(2.0, scale=3.0).ppf(U))
    assert dist.is_uncertain(stats.gamma(2.0))
    assert not dist.is_uncertain(3.0)


@pytest.mark.parametrize(
    "d",
    [
        dist.Uniform(0, 1),
        dist.Triangular(0, 1, 3),
        dist.PERT(1, 2, 4, lamb=3),
        dist.Normal(1, 2),
        dist.Normal(1, 2, low=0),
        dist.LogNormal(1, 0.5),
        dist.Empirical([1, 2, 3]),
    ],
)
def test_dict_round_trip(d):
    assert dist.from_dict(d.to_dict()) == d


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: dist.Uniform(2, 1), "low <= high"),
        (lambda: dist.Triangular(0, 5, 1), "low <= mode <= high"),
        (lambda: dist.PERT(0, 0.5, 1, lamb=0), "lamb"),
        (lambda: dist.Normal(0, -1), "sd"),
        (lambda: dist.LogNormal.from_interval(-1, 2), "p05"),
        (lambda: dist.Uniform(float("nan"), 1), "finite"),
        (lambda: dist.Empirical([]), "at least one"),
        (lambda: dist.Empirical([1, float("nan")]), "finite"),
    ],
)
def test_bad_parameters_raise(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_tabulated_beta_quantile_matches_scipy_and_inverts_the_cdf():
    # PERT draws go through a tabulated Beta quantile (dist._beta_ppf) whose cells vouch
    # for a relative error below 1e-11 (dist._BETA_TOL); elsewhere it is scipy's inverse.
    # Checked against scipy's quantile and, independently of any inverse, by the CDF:
    # |I_x(a, b) - u| / pdf(x) is the error in x to first order.
    from scipy import special

    rng = np.random.default_rng(2026)
    for _ in range(60):
        a, b = rng.uniform(1.0, 6.0, 2)
        # 2^-53 is the smallest positive uniform numpy's generators draw
        u = np.concatenate([rng.random(3000), [0.0, 2.0**-53, 1e-9, 0.5, 1 - 1e-9, 1.0]])
        x = dist._beta_ppf(u, a, b)
        ref = stats.beta.ppf(u, a, b)
        both0 = (x == 0) & (ref == 0)
        rel = np.abs(x - ref)[~both0] / ref[~both0]
        assert rel.max() <= 1e-11, (a, b, rel.max())
        inner = (x > 1e-3) & (x < 1 - 1e-3)
        xi = x[inner]
        pdf = stats.beta.pdf(xi, a, b)
        err_x = np.abs(special.betainc(a, b, xi) - u[inner]) / pdf
        # plus the resolution of u itself near 1 (a few ulps of u over the pdf)
        assert np.all(err_x <= 1e-11 * xi + 4.0 * np.spacing(u[inner]) / pdf), (a, b)
    # shape and out-of-range behaviour are scipy's
    d = dist.PERT(0.0, 1.0, 3.0)
    assert np.shape(d.ppf(0.5)) == ()
    assert d.ppf(np.full((2, 3), 0.25)).shape == (2, 3)
    assert np.isnan(d.ppf(1.5)) and np.isnan(d.ppf(np.nan))


def test_tabulated_beta_quantile_serves_most_of_the_mass():
    # the speed-up rests on the table serving nearly all draws of the default PERTs
    for a, b in [(2.0, 4.0), (3.0, 3.0), (3.5, 2.5)]:
        uk, _, _, ok = dist._beta_knots(a, b)
        assert float(np.sum(np.diff(uk) * ok)) > 0.94
