"""The post's experiment on its own 100 images (skipped where ../shared lacks them)."""

import csv
import statistics

import numpy as np
import pytest
from conftest import SHARED_DATA

from initbench.data.collection import find_images
from initbench.data.preprocess import build_dataset
from initbench.training.diagnostics import sharpness
from initbench.training.trainer import Hyperparameters, initial_params, train

SEEDS = range(1, 11)


@pytest.fixture(scope="module")
def post_data(post_images_dir):
    dataset = build_dataset(find_images(post_images_dir), post_images_dir, "cat", 150, "error")
    assert dataset.pixels.shape == (67_500, 100)
    assert dataset.labels.sum() == 50
    return dataset.pixels / 255.0, dataset.labels[np.newaxis, :].astype(np.float64)


@pytest.fixture(scope="module")
def published_costs():
    costs = {}
    with open(SHARED_DATA / "blog-reference-costs.csv") as table:
        for row in csv.DictReader(table):
            costs.setdefault(row["method"], {})[int(row["iteration"])] = float(row["cost"])
    return costs


@pytest.fixture(scope="module")
def seed_runs(post_data):
    x, labels = post_data
    return {
        method: [train(x, labels, Hyperparameters(method, seed)) for seed in SEEDS]
        for method in ("random", "he", "xavier")
    }


def test_zeros_stay_at_ln2_with_half_right(post_data):
    run = train(*post_data, Hyperparameters("zeros", 1))
    np.testing.assert_allclose(run.costs, np.log(2), rtol=0, atol=1e-12)
    assert run.train_accuracy == 0.5


def test_random_seed_1_reproduces_the_published_costs(seed_runs, published_costs):
    run = seed_runs["random"][0]
    for post_iteration, published in published_costs["random"].items():
        # The post's "cost after k iterations" is ours after k - 1 updates.
        ours = run.costs[post_iteration - 1]
        assert ours == pytest.approx(published, rel=1e-9), post_iteration
    assert run.train_accuracy == 0.55


def test_he_and_xavier_train_well_across_seeds_and_random_does_not(seed_runs):
    for method in ("he", "xavier"):
        runs = seed_runs[method]
        assert statistics.median(r.train_accuracy for r in runs) >= 0.9, method
        assert statistics.median(r.costs[-1] for r in runs) <= 0.4, method
    assert statistics.median(r.costs[-1] for r in seed_runs["random"]) > 0.9


@pytest.mark.parametrize(("method", "learning_rate"), [("he", 3e-4), ("xavier", 1e-4)])
def test_gram_and_plain_paths_agree_on_the_posts_data_below_the_stability_edge(
    post_data, method, learning_rate
):
    hp = {"method": method, "seed": 1, "learning_rate": learning_rate}
    gram = train(*post_data, Hyperparameters(**hp, path="gram"))
    plain = train(*post_data, Hyperparameters(**hp, path="plain"))
    assert gram.costs[0] - gram.costs[-1] > 1e-3, "the first layer must really learn"
    np.testing.assert_allclose(gram.costs, plain.costs, rtol=1e-9, atol=0)
    for (w_gram, b_gram), (w_plain, b_plain) in zip(gram.params, plain.params, strict=True):
        np.testing.assert_allclose(w_gram, w_plain, rtol=1e-9, atol=1e-13)
        np.testing.assert_allclose(b_gram, b_plain, rtol=1e-9, atol=1e-13)


@pytest.mark.parametrize("method", ["he", "xavier"])
def test_paths_agree_for_20_iterations_at_the_posts_chaotic_learning_rate(post_data, method):
    gram = train(*post_data, Hyperparameters(method, 1, iterations=20, path="gram"))
    plain = train(*post_data, Hyperparameters(method, 1, iterations=20, path="plain"))
    np.testing.assert_allclose(gram.costs, plain.costs, rtol=1e-9, atol=0)


@pytest.mark.parametrize(
    "method,seed,top",
    [("he", 5, 542.0), ("he", 1, 146.7), ("he", 2, 3254.5), ("xavier", 5, 323.5)],
)
def test_the_sharpness_of_the_posts_networks_is_not_fooled_by_the_negative_end(
    post_data, method, seed, top
):
    # On He seed 5 the negative end of the spectrum (≈ -816) dominates, and the shifted power
    # iteration once reported 0.0014 as converged; Lanczos over exact products finds ≈ 542.
    x, labels = post_data
    params, _ = initial_params(x, 1, Hyperparameters(method, seed))
    found = sharpness(params, x, labels, "tanh")
    assert found["converged"]
    assert found["sharpness"] == pytest.approx(top, rel=2e-3)
    if (method, seed) == ("he", 5):
        assert found["lowest_eigenvalue"] == pytest.approx(-816, rel=5e-3)
