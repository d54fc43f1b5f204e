import warnings

import numpy as np
import pytest

from initbench.activations import sigmoid
from initbench.training.output import (
    accuracy,
    class_count,
    confusion,
    cost_from_logits,
    curvature_product,
    output_gradient,
    predicted_classes,
    softmax,
    targets,
    true_classes,
)


def naive_cost(logits, labels):
    probabilities = 1 / (1 + np.exp(-logits))
    return -np.mean(labels * np.log(probabilities) + (1 - labels) * np.log(1 - probabilities))


def naive_softmax_cost(logits, labels):
    probabilities = np.exp(logits) / np.exp(logits).sum(axis=0)
    return -np.mean((labels * np.log(probabilities)).sum(axis=0))


def test_cost_matches_the_textbook_formula_where_that_is_finite():
    rng = np.random.RandomState(0)
    logits = rng.randn(1, 50) * 3
    labels = (rng.rand(1, 50) > 0.5).astype(float)
    assert cost_from_logits(logits, labels) == pytest.approx(naive_cost(logits, labels), rel=1e-13)


def test_cost_stays_finite_where_the_textbook_formula_takes_log_zero():
    logits = np.array([[800.0, -800.0, 40.0]])
    labels = np.array([[0.0, 1.0, 1.0]])
    # Each confidently wrong example costs |z|; the right one costs ~e^-40.
    assert cost_from_logits(logits, labels) == pytest.approx((800 + 800 + 4.2e-18) / 3)
    with np.errstate(all="ignore"):
        assert not np.isfinite(naive_cost(logits, labels))


def test_cost_of_zero_logits_is_ln2():
    assert cost_from_logits(np.zeros((1, 8)), np.ones((1, 8))) == np.log(2)


def test_softmax_cost_matches_the_textbook_formula_where_that_is_finite():
    rng = np.random.RandomState(1)
    logits = rng.randn(5, 40) * 3
    labels = targets(rng.randint(0, 5, size=40).astype(np.uint8), 5)
    assert cost_from_logits(logits, labels) == pytest.approx(
        naive_softmax_cost(logits, labels), rel=1e-13
    )


def test_softmax_cost_stays_finite_where_the_textbook_formula_overflows():
    logits = np.array([[1000.0, 0.0], [0.0, 1000.0], [0.0, 0.0]])
    labels = targets(np.array([1, 1], dtype=np.uint8), 3)
    # The first image is confidently wrong and costs its margin; the second costs ~2e^-1000.
    assert cost_from_logits(logits, labels) == pytest.approx(1000 / 2)
    with np.errstate(all="ignore"):
        assert not np.isfinite(naive_softmax_cost(logits, labels))


def test_softmax_cost_of_zero_logits_is_ln_k():
    labels = targets(np.arange(10, dtype=np.uint8), 10)
    assert cost_from_logits(np.zeros((10, 10)), labels) == pytest.approx(np.log(10), rel=1e-15)


def test_sigmoid_saturates_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(sigmoid(np.array([-1000.0, 0.0, 1000.0])), [0.0, 0.5, 1.0])


def test_softmax_sums_to_one_without_overflow():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = softmax(np.array([[1000.0, -5.0], [999.0, 3.0]]))
    np.testing.assert_allclose(p.sum(axis=0), 1.0)
    assert p[0, 0] == pytest.approx(1 / (1 + np.exp(-1)))


def test_two_classes_keep_one_row_of_labels_and_more_are_one_hot():
    labels = np.array([1, 0, 1], dtype=np.uint8)
    np.testing.assert_array_equal(targets(labels, 2), [[1.0, 0.0, 1.0]])
    np.testing.assert_array_equal(
        targets(np.array([2, 0, 1], dtype=np.uint8), 3), [[0, 1, 0], [0, 0, 1], [1, 0, 0]]
    )


def test_the_class_count_is_the_largest_label_plus_one_and_at_least_two():
    assert class_count(np.array([0, 1, 1], dtype=np.uint8)) == 2
    assert class_count(np.array([0, 0], dtype=np.uint8)) == 2
    assert class_count(np.array([3, 0, 9], dtype=np.uint8)) == 10


def test_the_sigmoid_answers_class_one_from_one_half():
    np.testing.assert_array_equal(predicted_classes(np.array([[-1e-9, 0.0, 2.0]])), [0, 1, 1])


def test_the_softmax_answers_the_largest_logit():
    logits = np.array([[0.0, 5.0, 1.0], [2.0, 0.0, 1.0], [1.0, 0.0, 3.0]])
    np.testing.assert_array_equal(predicted_classes(logits), [1, 0, 2])
    labels = targets(np.array([1, 0, 0], dtype=np.uint8), 3)
    np.testing.assert_array_equal(true_classes(labels), [1, 0, 0])
    assert accuracy(logits, labels) == pytest.approx(2 / 3)


def test_the_confusion_matrix_counts_each_class_by_its_answer():
    logits = np.array([[0.0, 5.0, 1.0, 0.0], [2.0, 0.0, 1.0, 0.0], [1.0, 0.0, 3.0, 9.0]])
    labels = targets(np.array([1, 0, 0, 2], dtype=np.uint8), 3)
    np.testing.assert_array_equal(confusion(logits, labels), [[1, 0, 1], [0, 1, 0], [0, 0, 1]])
    two = confusion(np.array([[1.0, -1.0, 2.0]]), np.array([[1.0, 1.0, 0.0]]))
    np.testing.assert_array_equal(two, [[0, 1], [1, 1]])


@pytest.mark.parametrize("classes", [2, 5])
def test_the_output_gradient_and_curvature_match_finite_differences(classes):
    rng = np.random.RandomState(4)
    labels = targets(rng.randint(0, classes, size=7).astype(np.uint8), classes)
    logits = rng.randn(labels.shape[0], 7)
    direction = rng.randn(*logits.shape)
    step = 1e-5

    def gradient_at(z):
        return output_gradient(z, labels)

    numeric_gradient = np.zeros_like(logits)
    for index in np.ndindex(logits.shape):
        moved = logits.copy()
        moved[index] += step
        plus = cost_from_logits(moved, labels)
        moved[index] -= 2 * step
        numeric_gradient[index] = (plus - cost_from_logits(moved, labels)) / (2 * step)
    np.testing.assert_allclose(gradient_at(logits), numeric_gradient, rtol=1e-6, atol=1e-10)
    numeric_curvature = (
        gradient_at(logits + step * direction) - gradient_at(logits - step * direction)
    ) / (2 * step)
    np.testing.assert_allclose(
        curvature_product(logits, direction), numeric_curvature, rtol=1e-6, atol=1e-10
    )
