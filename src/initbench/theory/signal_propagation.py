"""How the signal's scale travels through a wide random network, layer by layer.

Poole, Lahiri, Raghu, Sohl-Dickstein & Ganguli (2016), "Exponential expressivity in deep neural
networks through transient chaos", eq. (3): with weights of variance σ_w²/fan_in and biases of
variance σ_b², the pre-activations of layer l are Gaussian across units in the wide limit, with
second moment ``q_l = σ_w² · E[φ(√q_{l-1} z)²] + σ_b²``, z ~ N(0, 1). Under ReLU and no bias
this is He et al.'s (2015) ``q_l = q_{l-1} · σ_w²/2``: the activations' standard deviation
shrinks by 2^(-1/2) per layer from the post's Xavier (σ_w² = 1) and holds from He (σ_w² = 2).
"""

import numpy as np

from initbench.activations import ACTIVATIONS, LEAKY_SLOPE

# Gaussian expectations by the trapezoid rule over z in ±Z_LIMIT (the tails beyond weigh
# e^-50), its step fine enough for the Gaussian and for the activation's own unit-scale bends
# at u = √q z: a fixed rule (Gauss–Hermite) misses them once q is large, as from random × 10.
Z_LIMIT = 10.0
STEP = 0.05


def z_grid(second_moment: float, limit: float = Z_LIMIT, most: int = 400_001) -> np.ndarray:
    """Equally spaced z resolving both N(0, 1) and φ(√q z)."""
    step = min(STEP, 0.1 / np.sqrt(second_moment)) if second_moment > 0 else STEP
    return np.linspace(-limit, limit, min(int(np.ceil(2 * limit / step)) + 1, most))


def trapezoid_weights(grid: np.ndarray) -> np.ndarray:
    """Trapezoid weights of an equally spaced grid."""
    weights = np.full(grid.size, grid[1] - grid[0])
    weights[[0, -1]] /= 2
    return weights


def gaussian_expectation(function, variance: float) -> float:
    """``E[function(√variance · z)]`` for z ~ N(0, 1)."""
    z = z_grid(variance)
    density = np.exp(-(z**2) / 2) / np.sqrt(2 * np.pi)
    return float(np.sum(trapezoid_weights(z) * density * function(np.sqrt(variance) * z)))


# The negative-side slope of each rectifier: their moments have closed forms, which a
# quadrature approaches only slowly at the kink.
RECTIFIER_SLOPES = {"relu": 0.0, "leaky_relu": LEAKY_SLOPE}


def activation_moments(second_moment: float, activation: str) -> tuple[float, float]:
    """``(E[φ(z)], E[φ(z)²])`` for z ~ N(0, q)."""
    if activation in RECTIFIER_SLOPES:
        slope = RECTIFIER_SLOPES[activation]
        # E[max(z, 0)] = √(q / 2π) and E[max(z, 0)²] = q / 2; the negative side mirrors them.
        mean = (1 - slope) * np.sqrt(second_moment / (2 * np.pi))
        return float(mean), (1 + slope**2) * second_moment / 2
    act = ACTIVATIONS[activation].function
    return (
        gaussian_expectation(act, second_moment),
        gaussian_expectation(lambda z: act(z) ** 2, second_moment),
    )


def next_second_moment(
    second_moment: float, activation: str, weight_variance: float, bias_variance: float
) -> float:
    """``q_l`` from ``q_{l-1}``: the variance map of Poole et al. (2016), eq. (3)."""
    return weight_variance * activation_moments(second_moment, activation)[1] + bias_variance


def activation_std(second_moment: float, activation: str) -> float:
    """Standard deviation of φ(z) for z ~ N(0, q): what a layer's activations spread over."""
    mean, square = activation_moments(second_moment, activation)
    return float(np.sqrt(max(square - mean**2, 0.0)))


def predicted_activation_stds(
    first_second_moment: float, activation: str, variances: list[tuple[float, float]]
) -> list[float]:
    """The activations' standard deviation at hidden layers 1 … L, from the first layer's
    measured pre-activation second moment and the variances into the layers after it."""
    moment = first_second_moment
    stds = [activation_std(moment, activation)]
    for weight_variance, bias_variance in variances:
        moment = next_second_moment(moment, activation, weight_variance, bias_variance)
        stds.append(activation_std(moment, activation))
    return stds
