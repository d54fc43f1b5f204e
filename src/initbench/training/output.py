"""The network's output and its cost, chosen by the labels' rows.

Two classes: one row of 0/1 labels, the post's single sigmoid unit and binary cross-entropy.
K ≥ 3 classes: K rows, one-hot, a softmax over K units and the cross-entropy. Both costs have
the same gradient with respect to the logits, ``(p - Y) / m`` with ``p`` the output's
probabilities (the identity that spares dividing by the output's derivative), and a network's
answer is its most probable class.
"""

import numpy as np

from initbench.activations import sigmoid


def class_count(labels: np.ndarray) -> int:
    """How many classes the class labels (0 .. K-1, uint8, one per image) of a whole data set
    span: every class has images, so the largest label is the last class."""
    return max(2, int(labels.max(initial=0)) + 1)


def targets(labels: np.ndarray, classes: int) -> np.ndarray:
    """The labels as the network is trained on them: 1 x images of 0/1 for two classes,
    ``classes`` x images one-hot for more."""
    if classes == 2:
        return labels[np.newaxis, :].astype(np.float64)
    one_hot = np.zeros((classes, labels.size))
    one_hot[labels, np.arange(labels.size)] = 1.0
    return one_hot


def softmax(logits: np.ndarray) -> np.ndarray:
    """Each column's softmax, shifted by its largest logit so that no exponential overflows."""
    shifted = np.exp(logits - logits.max(axis=0, keepdims=True))
    return shifted / shifted.sum(axis=0, keepdims=True)


def probabilities(logits: np.ndarray) -> np.ndarray:
    """The output: the positive class's probability (one row), or every class's."""
    return sigmoid(logits) if logits.shape[0] == 1 else softmax(logits)


def cost_from_logits(logits: np.ndarray, labels: np.ndarray) -> float:
    """The mean cross-entropy of the output, without ever taking ``log(0)``.

    Sigmoid: ``-[y log s(z) + (1 - y) log(1 - s(z))] = log(1 + e^z) - y z``.
    Softmax: ``-Σ_k y_k log p_k = log Σ_k e^{z_k} - Σ_k y_k z_k``.
    """
    if logits.shape[0] == 1:
        return float((np.logaddexp(0.0, logits) - labels * logits).mean())
    top = logits.max(axis=0)
    normalizer = top + np.log(np.exp(logits - top).sum(axis=0))
    return float((normalizer - (labels * logits).sum(axis=0)).mean())


def output_gradient(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The mean cost's gradient with respect to the logits, ``(p - Y) / m``."""
    return (probabilities(logits) - labels) / labels.shape[1]


def curvature_product(logits: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """The Hessian of the mean cost with respect to the logits times ``direction`` (same
    shape): per image, ``p(1 - p) r`` for the sigmoid, ``(diag p - p pᵀ) r`` for the softmax,
    over the number of images."""
    p = probabilities(logits)
    if logits.shape[0] == 1:
        return p * (1 - p) / logits.shape[1] * direction
    return p * (direction - (p * direction).sum(axis=0)) / logits.shape[1]


def true_classes(labels: np.ndarray) -> np.ndarray:
    """Each image's class, 0 .. K-1, from labels as ``targets`` gives them."""
    if labels.shape[0] == 1:
        return labels[0].astype(np.intp)
    return labels.argmax(axis=0)


def predicted_classes(logits: np.ndarray) -> np.ndarray:
    """Each image's most probable class: for the sigmoid, 1 where ``sigmoid(z) >= 0.5``, that
    is ``z >= 0``, as the post thresholds."""
    if logits.shape[0] == 1:
        return (logits[0] >= 0).astype(np.intp)
    return logits.argmax(axis=0)


def accuracy(logits: np.ndarray, labels: np.ndarray) -> float:
    """The share of images whose most probable class is theirs."""
    return float(np.mean(predicted_classes(logits) == true_classes(labels)))


def confusion(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """K x K counts: row ``i``, column ``j`` counts the images of class ``i`` answered ``j``."""
    classes = max(2, labels.shape[0])
    counts = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(counts, (true_classes(labels), predicted_classes(logits)), 1)
    return counts
