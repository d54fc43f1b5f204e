"""The input–output Jacobian of a network's hidden stack at initialization, and its singular
values: Pennington, Schoenholz & Ganguli (2017), "Resurrecting the sigmoid in deep learning
through dynamical isometry", whose Jacobian is J = ∂x^L/∂x^0 = Π D^l W^l.

Here the stack runs from the first hidden layer's activations to the last's, so that every
factor is a hidden layer's square (for constant widths) weight matrix: J = D_L W_L ⋯ D_2 W_2,
with D_l the diagonal of φ'(h_l) at one image. It is built exactly, factor by factor.
"""

import numpy as np

from initbench.activations import ACTIVATIONS
from initbench.training.network import Params, forward_images
from initbench.training.trainer import Hyperparameters, initial_params

# A row of the spectra's table, after the run's keys: the image (its column among the
# training images), its first hidden layer's mean squared pre-activation, and one singular
# value with its rank (1: the largest).
FIELDS = ["image", "first_second_moment", "rank", "singular_value"]


def hidden_jacobians(params: Params, x: np.ndarray, activation: str) -> np.ndarray:
    """``J`` of every image of ``x`` (features x images): images x units_L x units_1, the
    derivative of the last hidden layer's activations with respect to the first's."""
    derivative = ACTIVATIONS[activation].derivative
    with np.errstate(all="ignore"):
        passed = forward_images(params, x, activation)
    first_units = passed.a[0].shape[0]
    jacobian = np.broadcast_to(np.eye(first_units), (x.shape[1], first_units, first_units))
    for layer in range(1, len(passed.a)):
        weights = params[layer][0]
        slopes = derivative(passed.z[layer], passed.a[layer])  # units_l x images
        jacobian = slopes.T[:, :, None] * (weights @ jacobian)
    return np.asarray(jacobian)


def singular_values(params: Params, x: np.ndarray, activation: str) -> np.ndarray:
    """The singular values of each image's hidden-stack Jacobian, largest first: images x
    min(units_1, units_L)."""
    return np.linalg.svd(hidden_jacobians(params, x, activation), compute_uv=False)


def first_second_moment(params: Params, x: np.ndarray) -> np.ndarray:
    """Per image, the first hidden layer's mean squared pre-activation: the q¹ from which
    the variance map predicts each later layer's, and with it the Jacobian's moments."""
    weights, bias = params[0]
    return np.mean((weights @ x + bias) ** 2, axis=0)


def spectrum_rows(x: np.ndarray, outputs: int, hp: Hyperparameters, images: int) -> list[list]:
    """Rows of ``FIELDS`` for the network with ``outputs`` output units that a run of ``hp``
    on images ``x`` starts from (LSUV rescaled on all of them), measured on the first
    ``images`` of them."""
    params, _ = initial_params(x, outputs, hp)
    measured = x[:, :images]
    with np.errstate(all="ignore"):
        values = singular_values(params, measured, hp.activation)
        moments = first_second_moment(params, measured)
    return [
        [image, float(moments[image]), rank, float(value)]
        for image in range(measured.shape[1])
        for rank, value in enumerate(values[image], start=1)
    ]
