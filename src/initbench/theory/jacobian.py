"""The first two moments of the Jacobian's singular-value spectrum in a wide random network:
Pennington, Schoenholz & Ganguli (2017), "Resurrecting the sigmoid in deep learning through
dynamical isometry: theory and practice", §2–3.

For J = D_L W_L ⋯ D_1 W_1 with square weights of variance σ_w²/N and D_l = diag(φ'(h_l)), the
eigenvalues λ of JJᵀ (the squared singular values) have, in the limit of wide layers, mean
``m₁ = Π σ_w² μ₁(q_l)`` with ``μ_k(q) = E[φ'(√q z)^{2k}]`` — their χ^L, 1 at the edge of
chaos — and variance ``σ² = m₁² Σ_l (μ₂(q_l)/μ₁(q_l)² - 1 - s₁)``, where s₁ is the first
coefficient of the weights' S-transform: -1 for independent entries (Marchenko–Pastur),
0 for orthogonal weights. At χ = 1 and a fixed q* this is their σ²_JJᵀ = L(μ₂/μ₁² - 1 - s₁).
The sum holds because the relative variance of a free product is the sum of its factors'.

So a linear network (μ₂ = μ₁² = 1) is isometric with orthogonal weights (σ² = 0) and spreads
as L with Gaussian ones; ReLU (φ' ∈ {0, 1}: μ₂/μ₁² = 2) spreads as L even when orthogonal; tanh
near q* → 0 (φ' → 1) approaches isometry with orthogonal weights alone.
"""

from dataclasses import dataclass

from initbench.activations import ACTIVATIONS
from initbench.theory.signal_propagation import (
    RECTIFIER_SLOPES,
    gaussian_expectation,
    next_second_moment,
)

# s₁ of the weights' S-transform, by how their entries are drawn.
S1_INDEPENDENT = -1.0
S1_ORTHOGONAL = 0.0


def derivative_moments(second_moment: float, activation: str) -> tuple[float, float]:
    """``(μ₁, μ₂) = (E[φ'(u)²], E[φ'(u)⁴])`` for u ~ N(0, q)."""
    if activation in RECTIFIER_SLOPES:
        slope = RECTIFIER_SLOPES[activation]
        # φ' is 1 on one half of the line and the slope on the other, whatever q.
        return (1 + slope**2) / 2, (1 + slope**4) / 2
    act = ACTIVATIONS[activation]

    def derivative(u):
        return act.derivative(u, act.function(u))

    return (
        gaussian_expectation(lambda u: derivative(u) ** 2, second_moment),
        gaussian_expectation(lambda u: derivative(u) ** 4, second_moment),
    )


@dataclass(frozen=True)
class SpectrumMoments:
    """The mean and the variance of the squared singular values of J (eigenvalues of JJᵀ)."""

    mean_square: float
    variance: float

    @property
    def relative_variance(self) -> float:
        """σ² / m₁²: how far from isometry the spectrum is, whatever its scale."""
        return self.variance / self.mean_square**2 if self.mean_square else float("nan")


def jacobian_moments(
    first_second_moment: float,
    activation: str,
    variances: list[tuple[float, float]],
    orthogonal: bool,
) -> SpectrumMoments:
    """The moments of J = D_L W_L ⋯ D_2 W_2, from hidden layer 1's pre-activation second
    moment q¹ and the ``(σ_w², σ_b²)`` into layers 2 … L, each layer's q from the variance map;
    ``orthogonal`` weights or independent entries. Constant widths, wide-layer limit."""
    s1 = S1_ORTHOGONAL if orthogonal else S1_INDEPENDENT
    moment, mean_square, relative = first_second_moment, 1.0, 0.0
    for weight_variance, bias_variance in variances:
        moment = next_second_moment(moment, activation, weight_variance, bias_variance)
        mu1, mu2 = derivative_moments(moment, activation)
        mean_square *= weight_variance * mu1
        relative += mu2 / mu1**2 - 1 - s1
    return SpectrumMoments(mean_square, relative * mean_square**2)
