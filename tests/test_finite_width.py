"""The finite-width law of the signal in rectifier networks, against closed forms, against
sampling the law itself and against forwarding real random networks."""

import math
from itertools import pairwise

import numpy as np
import pytest

from initbench.theory import finite_width
from initbench.theory.finite_width import (
    applies,
    layer_log_ratio,
    log_ratio_laws,
    spread_band,
)

LEAKY = 0.01
HE = {"relu": 2.0, "leaky_relu": 2 / (1 + LEAKY**2)}
# A sampling test fails by chance with at most this probability.
FALSE_ALARM = 1e-6


def dkw_bound(draws: int, tests: int = 1) -> float:
    """Dvoretzky–Kiefer–Wolfowitz (Massart's constant): the empirical CDF of ``draws`` lies
    within this of the true one everywhere, in all ``tests`` at once, but with probability
    FALSE_ALARM."""
    return math.sqrt(math.log(2 * tests / FALSE_ALARM) / (2 * draws))


def ks_distance(samples: np.ndarray, cdf) -> float:
    """sup |empirical CDF - cdf|, at and just below each sample value; the law is continuous
    but for its point mass at -∞ (a dead signal), below which it has nothing."""
    ordered = np.sort(samples)
    values = np.unique(ordered)
    at = np.searchsorted(ordered, values, side="right") / ordered.size
    below = np.searchsorted(ordered, values, side="left") / ordered.size
    expected = cdf(values)
    expected_below = np.where(values == -np.inf, 0.0, expected)
    return float(max(np.max(np.abs(at - expected)), np.max(np.abs(below - expected_below))))


def sample_log_ratio(rng, width, weight_variance, slope, draws):
    """ln r drawn from its law directly: K ~ Binomial(n, ½), then the two χ²s."""
    positive = rng.binomial(width, 0.5, size=draws)
    # χ²_k = Gamma(k/2, 2); numpy draws 0 for k = 0.
    s = rng.gamma(positive / 2, 2.0) + slope**2 * rng.gamma((width - positive) / 2, 2.0)
    with np.errstate(divide="ignore"):
        return np.log(weight_variance / width * s)


@pytest.mark.parametrize(
    ("activation", "width"),
    [
        ("relu", 1),
        ("relu", 2),
        ("relu", 16),
        ("relu", 300),
        ("leaky_relu", 1),
        ("leaky_relu", 3),
        ("leaky_relu", 16),
        ("leaky_relu", 64),
    ],
)
def test_one_layer_matches_sampling_its_law(activation, width):
    draws = 200_000
    rng = np.random.default_rng(width)
    samples = sample_log_ratio(rng, width, 1.3, finite_width.RECTIFIER_SLOPES[activation], draws)
    law = layer_log_ratio(width, 1.3, activation)
    assert ks_distance(samples, law.cdf) < dkw_bound(draws)
    assert law.dead == (2.0**-width if activation == "relu" else 0.0)


def log_chi2_moments(largest: int) -> tuple[np.ndarray, np.ndarray]:
    """E[ln χ²_k] = ψ(k/2) + ln 2 and Var[ln χ²_k] = ψ'(k/2) for k = 1 … ``largest``, by the
    recurrences ψ(x + 1) = ψ(x) + 1/x, ψ'(x + 1) = ψ'(x) - 1/x² from ψ(½) = -euler - 2 ln 2,
    ψ(1) = -euler, ψ'(½) = π²/2 and ψ'(1) = π²/6."""
    euler = 0.5772156649015329
    halves = np.arange(1, largest + 1) / 2
    mean, variance = np.empty(largest), np.empty(largest)
    for parity, digamma, trigamma in [
        (0, -euler - 2 * math.log(2), math.pi**2 / 2),
        (1, -euler, math.pi**2 / 6),
    ]:
        x = halves[parity::2]
        steps = np.concatenate([[0.0], 1 / x[:-1]])
        mean[parity::2] = digamma + np.cumsum(steps) + math.log(2)
        variance[parity::2] = trigamma - np.cumsum(steps**2)
    return mean, variance


@pytest.mark.parametrize("width", [1, 2, 5, 16, 64, 1000, 4096])
def test_relu_layer_moments_are_the_digamma_closed_forms(width):
    ks = np.arange(1, width + 1)
    log_weights = [
        math.lgamma(width + 1) - math.lgamma(k + 1) - math.lgamma(width - k + 1) for k in ks
    ]
    weights = np.exp(np.array(log_weights) - max(log_weights))
    weights /= weights.sum()
    means, variances = log_chi2_moments(width)
    mean = weights @ means
    variance = weights @ (variances + means**2) - mean**2
    # σ_w² = n makes ln r = ln S.
    law = layer_log_ratio(width, float(width), "relu")
    masses = np.diff(law.cumulative) / (1 - law.dead)
    middles, steps = (law.edges[1:] + law.edges[:-1]) / 2, np.diff(law.edges)
    # The grouped second moment exceeds the true one by step²/12 (Sheppard's correction).
    grouped = masses @ middles**2 - masses @ steps**2 / 12
    assert masses @ middles == pytest.approx(mean, abs=1e-10)
    assert grouped - (masses @ middles) ** 2 == pytest.approx(variance, rel=1e-8)


def chi2_cdf(x: np.ndarray, dof: int) -> np.ndarray:
    """P(χ²_dof ≤ x) in closed form: from erf (odd) or 1 (even), down the recurrence
    P(a + 1, z) = P(a, z) - z^a e^-z / Γ(a + 1)."""
    z = np.asarray(x, dtype=float) / 2
    if dof % 2:
        cdf, shape = np.array([math.erf(math.sqrt(value)) for value in z]), 0.5
    else:
        cdf, shape = np.ones_like(z), 0.0
    while shape < dof / 2 - 1e-9:
        if shape > 0:
            cdf = cdf - z**shape * np.exp(-z) / math.gamma(shape + 1)
        else:
            cdf = cdf - np.exp(-z)
        shape += 1
    return cdf


@pytest.mark.parametrize("others", [1, 2, 3, 14])
def test_leaky_mixed_density_matches_the_closed_form_with_two_positive_units(others):
    # A ~ χ²_2 is exponential: the density of A + cB is ½ e^(-s/2) (1-c)^(-m/2)
    # P(χ²_m ≤ (1-c)s/c), and that of ln S is s times it.
    c = LEAKY**2
    y = np.linspace(-13, 4, 600)
    s = np.exp(y)
    closed = s * 0.5 * np.exp(-s / 2) * (1 - c) ** (-others / 2) * chi2_cdf((1 - c) * s / c, others)
    computed = finite_width._exact_mixed_density(y, 2, others, c)
    assert np.max(np.abs(computed - closed)) < 1e-12
    seen = closed > 1e-10 * closed.max()
    assert np.max(np.abs(computed[seen] / closed[seen] - 1)) < 1e-9


def test_leaky_mixed_density_matches_a_separate_quadrature_with_one_positive_unit():
    # A ~ χ²_1, cB exponential of rate λ = 1/2c: f_S(s) = √(2/π) λ e^(-λs) ∫_0^√s e^((λ-½)u²) du,
    # the integrand a boundary layer at u = √s that Gauss–Legendre nodes resolve.
    c = LEAKY**2
    rate = 1 / (2 * c)
    growth = rate - 0.5
    nodes, weights = np.polynomial.legendre.leggauss(400)

    def integral(s: float) -> float:
        top = math.sqrt(s)
        cut = max(0.0, top - 60 / (2 * growth * top))
        total = 0.0
        for low, high in [(0.0, cut), (cut, top)]:
            u = (high - low) / 2 * nodes + (high + low) / 2
            total += (high - low) / 2 * np.sum(weights * np.exp(growth * (u * u - s)))
        return total

    y = np.linspace(-13, 4, 300)
    s = np.exp(y)
    separate = (
        s * math.sqrt(2 / math.pi) * rate * np.exp(-s / 2) * np.array([integral(v) for v in s])
    )
    computed = finite_width._exact_mixed_density(y, 1, 2, c)
    seen = separate > 1e-10 * separate.max()
    assert np.max(np.abs(computed[seen] / separate[seen] - 1)) < 1e-8


def test_replacing_the_negative_units_by_their_mean_changes_nothing_visible(monkeypatch):
    # For K ≥ 16 the module replaces a²χ²_(n-K) by its mean a²(n-K); here every K is integrated
    # exactly instead, and the two CDFs agree far below any quantile's precision.
    shifted = finite_width._width_law(64, LEAKY)
    monkeypatch.setattr(finite_width, "SHIFT_ERROR", 0.0)
    exact = finite_width._width_law(64, LEAKY)
    assert exact.step == shifted.step
    grid = exact.start + exact.step * np.arange(exact.cdf.size)
    moved = np.interp(grid, shifted.start + shifted.step * np.arange(shifted.cdf.size), shifted.cdf)
    assert np.max(np.abs(moved - exact.cdf)) < 1e-8
    assert exact.mass == pytest.approx(1, abs=1e-10)


def network_ratios(rng, widths, weight_variance, activation, draws, features=20):
    """R_l = RMS(x_l) / RMS(x_1) at hidden layers 1 … L of ``draws`` random networks, one
    input each: Gaussian weights N(0, σ_w²/fan_in), no biases, forwarded in numpy. Draws whose
    first layer is dead (ReLU, 2^-n_1) have no ratio and are drawn again."""
    slope = finite_width.RECTIFIER_SLOPES[activation]

    def rectify(z):
        return np.where(z > 0, z, slope * z)

    x0 = rng.random(features)
    first = rectify(
        rng.standard_normal((draws, widths[0], features)) @ x0 * math.sqrt(2 / features)
    )
    alive = np.any(first != 0, axis=1)
    layer = first[alive]
    rms = [np.sqrt(np.mean(layer**2, axis=1))]
    for fan_in, fan_out in pairwise(widths):
        weights = rng.standard_normal((layer.shape[0], fan_out, fan_in))
        layer = rectify(
            np.einsum("dij,dj->di", weights, layer) * math.sqrt(weight_variance / fan_in)
        )
        rms.append(np.sqrt(np.mean(layer**2, axis=1)))
    return np.array(rms).T / rms[0][:, None]


NETWORKS = {
    "relu, equal widths": ([16] * 10, HE["relu"], "relu"),
    "relu, unequal widths": ([16, 8, 32, 4, 24, 16, 12, 20, 6, 16], HE["relu"], "relu"),
    "relu, Xavier": ([16] * 10, 1.0, "relu"),
    "leaky relu, equal widths": ([16] * 10, HE["leaky_relu"], "leaky_relu"),
    "leaky relu, unequal widths": ([16, 3, 32, 2, 8], HE["leaky_relu"], "leaky_relu"),
}


@pytest.fixture(scope="module")
def sampled():
    draws = 12_000
    return {
        name: network_ratios(np.random.default_rng(index), *network, draws)
        for index, (name, network) in enumerate(NETWORKS.items())
    }


@pytest.mark.parametrize("name", NETWORKS)
def test_the_law_matches_real_networks_at_every_layer(sampled, name):
    widths, weight_variance, activation = NETWORKS[name]
    ratios = sampled[name]
    laws = log_ratio_laws([weight_variance] * (len(widths) - 1), widths, activation)
    bound = dkw_bound(ratios.shape[0], tests=len(laws))
    with np.errstate(divide="ignore"):
        logs = np.log(ratios)
    for layer, law in enumerate(laws, start=2):
        assert ks_distance(logs[:, layer - 1], law.cdf) < bound, f"layer {layer}"


@pytest.mark.parametrize("name", NETWORKS)
def test_the_band_holds_its_share_of_real_networks(sampled, name):
    widths, weight_variance, activation = NETWORKS[name]
    ratios = sampled[name]
    band = spread_band([weight_variance] * (len(widths) - 1), widths, activation)
    law = log_ratio_laws([weight_variance] * (len(widths) - 1), widths, activation)[-1]
    inside = (ratios[:, -1] >= band.lower[-1]) & (ratios[:, -1] <= band.upper[-1])
    # When more than 5 % of draws die the band reaches down to 0 and holds them all.
    expected = 0.9 if law.dead < 0.05 else float(law.cdf(np.log(band.upper[-1])))
    if law.dead >= 0.05:
        assert band.lower[-1] == 0 and expected == pytest.approx(0.95)
    assert abs(inside.mean() - expected) < 2 * dkw_bound(ratios.shape[0])
    below = np.mean(ratios[:, -1] <= band.median[-1])
    assert abs(below - 0.5) < dkw_bound(ratios.shape[0])
    assert band.lower[0] == band.median[0] == band.upper[0] == 1


@pytest.mark.parametrize("seeds", [5, 4])
def test_the_median_of_several_draws_lies_in_its_band(sampled, seeds):
    widths, weight_variance, activation = NETWORKS["relu, equal widths"]
    last = sampled["relu, equal widths"][:, -1]
    groups = last.size // seeds
    medians = np.median(last[: groups * seeds].reshape(groups, seeds), axis=1)
    band = spread_band([weight_variance] * (len(widths) - 1), widths, activation, seeds=seeds)
    one = spread_band([weight_variance] * (len(widths) - 1), widths, activation)
    share = np.mean((medians >= band.lower[-1]) & (medians <= band.upper[-1]))
    # A share of `groups` independent medians: five binomial standard deviations.
    slack = 5 * math.sqrt(0.9 * 0.1 / groups)
    if seeds % 2:
        assert abs(share - 0.9) < slack
    else:  # the order statistics s/2 and s/2 + 1 bound the median: at least 90 % inside
        assert share > 0.9 - slack
    assert one.lower[-1] < band.lower[-1] < band.median[-1] < band.upper[-1] < one.upper[-1]
    assert band.median[-1] == pytest.approx(one.median[-1])


def test_wide_he_networks_follow_the_normal_approximation():
    # Hanin & Rolnick: ln R_l ≈ N(-5β/4, 5β/4), β = (l - 1)/n.
    for width, depth in [(256, 50), (4096, 200)]:
        band = spread_band([2.0] * (depth - 1), [width] * depth, "relu")
        beta = np.arange(depth) / width
        assert band.median == pytest.approx(np.exp(-5 * beta / 4), rel=0.02)
        spread = 1.6449 * np.sqrt(5 * beta[-1] / 4)
        assert np.log(band.upper[-1] / band.lower[-1]) == pytest.approx(2 * spread, rel=0.05)


def test_xavier_halves_the_mean_square_at_every_layer():
    # Far from He the grid follows the mean: ln r ≈ ln ½ per layer, over 200 layers.
    band = spread_band([1.0] * 199, [4096] * 200, "relu")
    assert band.median[-1] == pytest.approx(
        0.5 ** (199 / 2) * math.exp(-5 * 199 / 4 / 4096), rel=0.02
    )


def test_dead_signals_are_zero_ratios():
    # Width 2: each layer kills the signal with probability ¼, so 1 - (¾)^(l-1) is dead at l.
    band = spread_band([2.0] * 11, [2] * 12, "relu")
    dead = 1 - 0.75 ** np.arange(12)
    np.testing.assert_array_equal(band.lower[1:], 0)
    assert np.all((band.median == 0) == (dead >= 0.5))
    assert np.all((band.upper == 0) == (dead >= 0.95))
    laws = log_ratio_laws([2.0] * 11, [2] * 12, "relu")
    assert [law.dead for law in laws] == pytest.approx(dead[1:], rel=1e-12)
    # Width 1: half the draws die at layer 2.
    one = spread_band([2.0] * 3, [1] * 4, "relu")
    assert one.median[1] == 0 and one.upper[1] > 0
    # Leaky ReLU never kills it: an all-negative layer scales it by about a² instead.
    leaky = spread_band([2.0] * 11, [2] * 12, "leaky_relu")
    assert np.all(leaky.lower > 0)


def test_zero_weights_kill_the_signal():
    band = spread_band([2.0, 0.0, 2.0], [8] * 4, "relu")
    assert band.median[1] > 0
    np.testing.assert_array_equal(band.upper[2:], 0)


def test_one_layer_has_nothing_to_spread():
    band = spread_band([], [16], "relu")
    assert band.lower.tolist() == band.median.tolist() == band.upper.tolist() == [1.0]
    assert log_ratio_laws([], [16], "relu") == []


def test_contains_reads_the_band_at_a_layer():
    band = spread_band([2.0] * 9, [16] * 10, "relu")
    assert band.contains(10, band.median[-1])
    assert not band.contains(10, band.upper[-1] * 1.01)
    assert band.contains(1, 1.0)
    with pytest.raises(ValueError, match="layer"):
        band.contains(11, 1.0)


def test_applies_to_the_rectifiers_only():
    assert applies("relu") and applies("leaky_relu")
    assert not applies("tanh")


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"activation": "tanh"}, "activation"),
        ({"widths": [16, 0, 16]}, "widths"),
        ({"widths": [16, 2.5, 16]}, "widths"),
        ({"widths": []}, "widths"),
        ({"weight_variances": [2.0]}, "weight_variances"),
        ({"weight_variances": [2.0, -1.0]}, "weight_variances"),
        ({"weight_variances": [2.0, float("nan")]}, "weight_variances"),
        ({"probability": 0.0}, "probability"),
        ({"probability": 1.0}, "probability"),
        ({"seeds": 0}, "seeds"),
        ({"seeds": 2.5}, "seeds"),
    ],
)
def test_bad_arguments_are_named(arguments, named):
    call = {
        "weight_variances": [2.0, 2.0],
        "widths": [16, 16, 16],
        "activation": "relu",
    } | arguments
    if named == "widths" and arguments["widths"] == []:
        call["weight_variances"] = []
    with pytest.raises(ValueError, match=named):
        spread_band(**call)
