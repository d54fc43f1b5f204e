"""Each hidden layer's activations at initialization, as histograms: Karpathy's "makemore
part 3" picture of a signal that saturates, vanishes or holds through depth; and, as Glorot &
Bengio (2010) drew them beside the activations (their Figure 7), the back-propagated
gradients."""

import numpy as np

from initbench.training.network import backward, forward_images
from initbench.training.trainer import Hyperparameters, initial_params

BINS = 50
FIELDS = ["layer", "bin_left", "bin_right", "count"]
# Bounded activations are binned over their whole range, so that saturation shows at the ends.
RANGES = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}


# What a histogram counts: a hidden layer's activations, or the gradient of the cost with
# respect to its pre-activations (what Glorot & Bengio call the back-propagated gradient).
QUANTITIES = ("activation", "gradient")


def binned_values(values: np.ndarray, activation: str | None) -> np.ndarray:
    """What is counted: a bounded activation's values; an unbounded one's magnitudes (and
    every gradient's: ``activation`` None), zeros left out, since its layers' scales can
    differ by decades (2^(-L/2) from the post's Xavier under ReLU) and only a logarithmic axis
    shows them side by side."""
    if activation in RANGES:
        return values.ravel()
    magnitudes = np.abs(values.ravel())
    return magnitudes[magnitudes > 0]


def bin_edges(counted: list[np.ndarray], activation: str | None) -> np.ndarray:
    """``BINS`` bins shared by every layer: equal over a bounded activation's range; else
    equal in logarithm from the smallest magnitude any layer takes to the largest."""
    if activation in RANGES:
        return np.linspace(*RANGES[activation], BINS + 1)
    found = [values for values in counted if values.size]
    if not found:  # every activation zero: one decade around 1, left empty
        return np.geomspace(0.1, 1.0, BINS + 1)
    low = min(float(values.min()) for values in found)
    high = max(float(values.max()) for values in found)
    if high <= low:
        low, high = low / 2, high * 2
    return np.geomspace(low, high, BINS + 1)


def activation_histograms(x: np.ndarray, outputs: int, hp: Hyperparameters) -> list[list]:
    """Rows of ``FIELDS``: each hidden layer's activations over the images ``x`` (features x
    images), for the network with ``outputs`` output units ``hp`` starts from, counted in bins
    shared by all layers (``binned_values``: the magnitudes of nonzero activations for
    rectifiers)."""
    params, _ = initial_params(x, outputs, hp)
    with np.errstate(all="ignore"):
        activations = forward_images(params, x, hp.activation).a
    return histogram_rows(activations, hp.activation)


def gradient_histograms(x: np.ndarray, labels: np.ndarray, hp: Hyperparameters) -> list[list]:
    """Rows of ``FIELDS``: the magnitudes of each hidden layer's back-propagated gradients
    (the cost's gradient with respect to its pre-activations, per image) at initialization,
    on the images ``x`` with ``labels`` as ``output.targets`` gives them, on shared log bins."""
    params, _ = initial_params(x, labels.shape[0], hp)
    with np.errstate(all="ignore"):
        passed = forward_images(params, x, hp.activation)
        preactivation_gradients, _ = backward(params, passed, labels, hp.activation)
    return histogram_rows(preactivation_gradients[:-1], None)


def histogram_rows(per_layer: list[np.ndarray], activation: str | None) -> list[list]:
    """Rows of ``FIELDS``: each layer's values counted as ``binned_values`` counts them, in
    bins shared by all layers."""
    counted = [binned_values(values, activation) for values in per_layer]
    edges = bin_edges(counted, activation)
    rows = []
    for layer, values in enumerate(counted, start=1):
        counts, _ = np.histogram(values, bins=edges)
        rows += [
            [layer, float(left), float(right), int(count)]
            for left, right, count in zip(edges[:-1], edges[1:], counts, strict=True)
        ]
    return rows
