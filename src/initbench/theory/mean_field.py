"""Order, chaos and the depth a random network can be trained to, before training it.

Poole et al. (2016), "Exponential expressivity in deep neural networks through transient
chaos", and Schoenholz, Gilmer, Ganguli & Sohl-Dickstein (2017), "Deep information
propagation". With weights N(0, σ_w²/fan_in) and biases N(0, σ_b²), in the wide limit:

- the pre-activations' second moment settles at the fixed point q* of the variance map
  ``q ↦ σ_w² E[φ(√q z)²] + σ_b²`` (``signal_propagation.next_second_moment``);
- ``χ₁ = σ_w² E[φ'(√q* z)²]`` is the slope of the correlation map at c = 1: below 1 two
  inputs' correlation goes to c* = 1 (order), above 1 to a c* < 1 (chaos);
- ``ξ_q = -1 / log(σ_w² E[φ'² + φ φ''])`` (their eq. 7) is the depth over which the second
  moment reaches q*, and ``ξ_c = -1 / log(σ_w² E[φ'(u₁) φ'(u₂)])`` at c* (their eq. 9) the
  depth over which correlations do; ξ_c diverges at χ₁ = 1, the edge of chaos;
- networks train up to a depth of about 6 ξ_c (their Figures 5 and 6).

Rectifiers have closed forms: the variance map is linear, ``q ↦ χ₁ q + σ_b²`` with
``χ₁ = σ_w² (1 + slope²) / 2`` (He et al.'s σ_w²/2 for ReLU), so He initialization is the
critical point. Without biases a rectifier network is scale-free: the second moment grows or
shrinks by χ₁ per layer for ever (ξ_q = 1 / |log χ₁|), and correlations approach 1 more slowly
than any exponential (ξ_c = ∞).
"""

from dataclasses import dataclass

import numpy as np

from initbench.activations import ACTIVATIONS
from initbench.theory.signal_propagation import (
    RECTIFIER_SLOPES,
    STEP,
    gaussian_expectation,
    next_second_moment,
    trapezoid_weights,
)

# Networks train up to about this many correlation depth scales (Schoenholz et al. 2017).
TRAINABLE_DEPTH_SCALES = 6
# The two-input expectations' grid: this far out in each of z₁ and t = u₂/√q, at most this
# many points per axis.
PAIR_LIMIT = 8.0
PAIR_POINTS = 1201
# The largest σ_w² searched for the edge of chaos: far beyond any published critical point.
CRITICAL_SEARCH_LIMIT = 1e4
# Bisection to this relative width: far below any difference a figure or a table shows.
TOLERANCE = 1e-12


@dataclass(frozen=True)
class MeanField:
    """The mean-field quantities of one (activation, σ_w², σ_b²). ``fixed_point`` is q*
    (None when the second moment grows without bound), ``correlation_fixed_point`` c*."""

    activation: str
    weight_variance: float
    bias_variance: float
    fixed_point: float | None
    chi1: float
    correlation_fixed_point: float
    depth_scale_q: float
    depth_scale_c: float

    @property
    def phase(self) -> str:
        if np.isclose(self.chi1, 1.0, rtol=1e-9, atol=0.0):
            return "critical"
        return "ordered" if self.chi1 < 1 else "chaotic"

    @property
    def trainable_depth(self) -> float:
        """About 6 ξ_c: the deepest network Schoenholz et al. found trainable."""
        return TRAINABLE_DEPTH_SCALES * self.depth_scale_c


def _depth_scale(slope: float) -> float:
    """``-1 / log(slope)`` for a contraction; 0 for a map that forgets at once (slope 0), ∞
    at 1 (to rounding) and beyond."""
    if slope <= 0:
        return 0.0
    return float(-1 / np.log(slope)) if slope < 1 - 1e-9 else float("inf")


def _growth_scale(factor: float) -> float:
    """``1 / |log(factor)|``: the depth over which a quantity multiplied by ``factor`` per layer
    changes e-fold; 0 for a factor of 0, ∞ at 1 to rounding (orthogonal's gain² under ReLU
    comes out 2.0000000000000004)."""
    if factor <= 0:
        return 0.0
    return float(1 / abs(np.log(factor))) if abs(factor - 1) > 1e-9 else float("inf")


def _derivative(activation: str):
    act = ACTIVATIONS[activation]
    return lambda z: act.derivative(z, act.function(z))


def pair_expectation(function, second_moment: float, correlation: float) -> float:
    """``E[f(u₁) f(u₂)]`` for (u₁, u₂) Gaussian, each of variance q, correlation c.

    Integrated over (z₁, t) = (u₁, u₂) / √q on one grid, so that the bends of f at u₁ = 0
    and u₂ = 0 both lie along grid lines; the grid also resolves the density's ridge,
    √(1 - c²) wide. c = ±1 is a single expectation.
    """
    if abs(correlation) >= 1:
        return gaussian_expectation(
            lambda u: function(u) * function(np.sign(correlation) * u), second_moment
        )
    spread = np.sqrt(1 - correlation**2)
    step = min(STEP, 0.2 / np.sqrt(second_moment), spread / 5)
    count = min(int(np.ceil(2 * PAIR_LIMIT / step)) + 1, PAIR_POINTS)
    grid = np.linspace(-PAIR_LIMIT, PAIR_LIMIT, count)
    weights = trapezoid_weights(grid)
    values = function(np.sqrt(second_moment) * grid)
    first, second = grid[:, None], grid[None, :]
    exponent = (first**2 - 2 * correlation * first * second + second**2) / (2 * spread**2)
    density = np.exp(-exponent) / (2 * np.pi * spread)
    return float((weights * values) @ density @ (weights * values))


def _bisect(function, low: float, high: float, tolerance: float = TOLERANCE) -> float:
    """A root of ``function`` between ``low`` and ``high``, where its signs differ."""
    f_low = function(low)
    while high - low > tolerance * max(abs(high), 1.0):
        middle = (low + high) / 2
        f_middle = function(middle)
        if (f_middle > 0) == (f_low > 0):
            low, f_low = middle, f_middle
        else:
            high = middle
    return (low + high) / 2


def variance_fixed_point(activation: str, weight_variance: float, bias_variance: float) -> float:
    """q* of a bounded activation's variance map: 0 when the map only shrinks (an odd φ
    without bias, σ_w² φ'(0)² ≤ 1), else its positive root."""

    def gap(q):
        return next_second_moment(q, activation, weight_variance, bias_variance) - q

    smallest = 1e-10
    if gap(smallest) <= 0:
        return 0.0
    high = 1.0
    while gap(high) > 0:
        high *= 2
    return _bisect(gap, smallest, high)


def _chaotic_correlation(act, q: float, weight_variance: float, bias_variance: float) -> float:
    """c*, the stable fixed point of the correlation map below the unstable c = 1.

    The map sends 0 to σ_w² E[φ]² / q* + σ_b² / q* ≥ 0 and falls below the diagonal just
    under 1, so c* lies between; an odd φ without bias fixes 0 itself, which is c* when the
    map stays below the diagonal just above it.
    """

    def gap(c):
        return (weight_variance * pair_expectation(act, q, c) + bias_variance) / q - c

    low = 0.0
    if gap(low) < 1e-12:
        low = 1e-6
        if gap(low) <= 0:
            return 0.0
    return _bisect(gap, low, 1 - 1e-6, tolerance=1e-9)


def _chi1(activation: str, weight_variance: float, second_moment: float) -> float:
    derivative = _derivative(activation)
    return weight_variance * gaussian_expectation(lambda z: derivative(z) ** 2, second_moment)


def _smooth(activation: str, weight_variance: float, bias_variance: float) -> MeanField:
    act = ACTIVATIONS[activation].function
    derivative = _derivative(activation)
    q = variance_fixed_point(activation, weight_variance, bias_variance)
    chi1 = _chi1(activation, weight_variance, q)
    # The variance map's slope at q*, σ_w² E[φ'² + φ φ''], by Stein's lemma without φ''.
    if q > 0:
        slope_q = (
            weight_variance * gaussian_expectation(lambda u: u * act(u) * derivative(u), q) / q
        )
    else:
        slope_q = chi1  # at q* = 0, φ(0) = 0: the map is σ_w² φ'(0)² q to first order
    correlation = 1.0
    if chi1 > 1 and q > 0:
        correlation = _chaotic_correlation(act, q, weight_variance, bias_variance)
    slope_c = weight_variance * pair_expectation(derivative, q, correlation)
    return MeanField(
        activation,
        weight_variance,
        bias_variance,
        q,
        chi1,
        correlation,
        _depth_scale(slope_q),
        _depth_scale(slope_c),
    )


def _rectifier(activation: str, weight_variance: float, bias_variance: float) -> MeanField:
    slope = RECTIFIER_SLOPES[activation]
    chi1 = weight_variance * (1 + slope**2) / 2
    fixed_point = bias_variance / (1 - chi1) if chi1 < 1 else None
    # With biases, an ordered network's correlations approach 1 at the rate χ₁; without them
    # (or when the second moment grows without bound, where the biases vanish beside it) the
    # map is scale-free and correlations approach 1 slower than any exponential.
    # Zero weights map every input to the same point at once: ordered, forgotten in 0 layers.
    correlations_settle = (bias_variance > 0 and chi1 < 1) or chi1 == 0
    return MeanField(
        activation,
        weight_variance,
        bias_variance,
        fixed_point,
        chi1,
        1.0,
        _growth_scale(chi1),
        _depth_scale(chi1) if correlations_settle else float("inf"),
    )


def mean_field(activation: str, weight_variance: float, bias_variance: float) -> MeanField:
    """Every mean-field quantity of weights N(0, σ_w²/fan_in), biases N(0, σ_b²), ``activation``."""
    if activation in RECTIFIER_SLOPES:
        return _rectifier(activation, weight_variance, bias_variance)
    return _smooth(activation, weight_variance, bias_variance)


def chi1(activation: str, weight_variance: float, bias_variance: float) -> float:
    """χ₁ alone, without the correlations' fixed point and depth scale."""
    if activation in RECTIFIER_SLOPES:
        return _rectifier(activation, weight_variance, bias_variance).chi1
    q = variance_fixed_point(activation, weight_variance, bias_variance)
    return _chi1(activation, weight_variance, q)


def critical_weight_variance(activation: str, bias_variance: float) -> float:
    """The σ_w² at which χ₁ = 1 for this σ_b²: the edge of chaos. For a rectifier,
    2 / (1 + slope²) at any σ_b²; else found by bisection, χ₁ growing with σ_w²."""
    if activation in RECTIFIER_SLOPES:
        return 2 / (1 + RECTIFIER_SLOPES[activation] ** 2)

    def excess(weight_variance):
        return chi1(activation, weight_variance, bias_variance) - 1

    low, high = 0.5, 2.0
    while excess(low) > 0:
        low /= 2
    while excess(high) < 0:
        if high > CRITICAL_SEARCH_LIMIT:
            raise ValueError(
                f"{activation} has no edge of chaos at σ_b² = {bias_variance}: χ₁ < 1 for "
                f"every σ_w² up to {CRITICAL_SEARCH_LIMIT}"
            )
        high *= 2
    return _bisect(excess, low, high)
