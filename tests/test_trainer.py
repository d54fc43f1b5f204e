import hashlib
import warnings
from dataclasses import replace

import numpy as np
import pytest
from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
from threadpoolctl import threadpool_info, threadpool_limits

from initbench.data.synthetic import draw_image
from initbench.runs.folder import blas_threads
from initbench.training.curvature import hessian_vector_product, spectrum_ends
from initbench.training.network import forward, forward_images, full_gradient
from initbench.training.optimization import Optimization
from initbench.training.output import cost_from_logits, targets
from initbench.training.signal import FIELDS
from initbench.training.trainer import (
    GRAM_MEMORY_BUDGET_BYTES,
    Hyperparameters,
    choose_path,
    initial_params,
    train,
)


def relative_difference(a, b):
    return np.max(np.abs(a - b) / np.abs(b))


@pytest.mark.parametrize("method", ["he", "xavier"])
def test_gram_and_plain_paths_agree_over_a_whole_run_below_the_stability_edge(small_images, method):
    x, labels = small_images
    hp = {"method": method, "seed": 3, "learning_rate": 3e-3, "iterations": 1000}
    gram = train(x, labels, Hyperparameters(**hp, path="gram"))
    plain = train(x, labels, Hyperparameters(**hp, path="plain"))
    assert (gram.path, plain.path) == ("gram", "plain")
    # The first layer must really move, or the test proves nothing.
    assert relative_difference(gram.costs[-1:], gram.costs[:1]) > 1e-2
    assert relative_difference(gram.costs, plain.costs) < 1e-9
    for (w_gram, b_gram), (w_plain, b_plain) in zip(gram.params, plain.params, strict=True):
        np.testing.assert_allclose(w_gram, w_plain, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(b_gram, b_plain, rtol=1e-9, atol=1e-12)


# Where 30 layers are stable: He is chaotic under tanh (its variance 2/fan_in is past tanh's
# critical 1/fan_in), and there rounding differences grow until the two paths part.
@pytest.mark.parametrize(
    "activation,method,learning_rate", [("relu", "he", 1e-3), ("tanh", "xavier", 3e-3)]
)
def test_gram_and_plain_paths_agree_at_depth(small_images, activation, method, learning_rate):
    x, labels = small_images
    hp = {"method": method, "seed": 2, "hidden_layers": (16,) * 30, "activation": activation}
    hp |= {"learning_rate": learning_rate, "iterations": 300}
    gram = train(x, labels, Hyperparameters(**hp, path="gram"))
    plain = train(x, labels, Hyperparameters(**hp, path="plain"))
    assert relative_difference(gram.costs[-1:], gram.costs[:1]) > 1e-2  # it trains
    assert relative_difference(gram.costs, plain.costs) < 1e-9
    for (w_gram, _), (w_plain, _) in zip(gram.params, plain.params, strict=True):
        np.testing.assert_allclose(w_gram, w_plain, rtol=1e-9, atol=1e-12)


def test_first_layer_weights_really_change_in_that_test(small_images):
    from initbench.training.initializers import initialize

    x, labels = small_images
    run = train(
        x, labels, Hyperparameters("he", 3, learning_rate=3e-3, iterations=1000, path="gram")
    )
    start = initialize([x.shape[0], 5, 5, 1], "he", np.random.RandomState(3))[0][0]
    assert np.abs(run.params[0][0] - start).max() > 1e-3


@pytest.mark.parametrize("method", ["he", "xavier"])
def test_paths_agree_over_the_first_iterations_at_the_posts_learning_rate(small_images, method):
    x, labels = small_images
    gram = train(x, labels, Hyperparameters(method, 1, iterations=20, path="gram"))
    plain = train(x, labels, Hyperparameters(method, 1, iterations=20, path="plain"))
    assert relative_difference(gram.costs, plain.costs) < 1e-9


def test_cost_log_has_one_entry_per_update_plus_the_start(small_images):
    x, labels = small_images
    run = train(x, labels, Hyperparameters("he", 1, iterations=7))
    assert run.costs.shape == (8,)
    # costs[0] is the cost of the initial parameters, before any update.
    first = train(x, labels, Hyperparameters("he", 1, iterations=1))
    assert first.costs[0] == run.costs[0]
    assert first.costs[1] == run.costs[1]


def test_accuracy_and_final_cost_are_those_of_the_returned_parameters(small_images):
    x, labels = small_images
    run = train(x, labels, Hyperparameters("xavier", 2, iterations=50))
    params = run.params
    passed = forward(params, params[0][0] @ x + params[0][1], "tanh")
    assert cost_from_logits(passed.logits, labels) == pytest.approx(run.costs[-1], rel=1e-12)
    assert run.train_accuracy == np.mean((passed.logits >= 0) == labels)


def test_zeros_never_break_symmetry(small_images):
    x, labels = small_images
    run = train(x, labels, Hyperparameters("zeros", 1, iterations=100))
    np.testing.assert_array_equal(run.costs, np.log(2))
    assert run.train_accuracy == 0.5
    for weights, _ in run.params[:-1]:
        assert np.all(weights == weights[0])


def test_same_hyperparameters_give_identical_runs(small_images):
    x, labels = small_images
    first = train(x, labels, Hyperparameters("he", 5, iterations=40))
    second = train(x, labels, Hyperparameters("he", 5, iterations=40))
    np.testing.assert_array_equal(first.costs, second.costs)
    for (w1, b1), (w2, b2) in zip(first.params, second.params, strict=True):
        np.testing.assert_array_equal(w1, w2)
        np.testing.assert_array_equal(b1, b2)


def test_divergence_is_recorded_not_warned_about():
    rng = np.random.RandomState(0)
    x = rng.rand(300, 20)
    labels = (np.arange(20) % 2)[np.newaxis, :].astype(float)
    hp = Hyperparameters("random", 1, activation="leaky_relu", learning_rate=50, iterations=200)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = train(x, labels, hp)
    assert run.diverged_at is not None
    assert len(run.costs) == run.diverged_at
    assert np.all(np.isfinite(run.costs))


def test_the_gram_path_is_chosen_where_it_is_cheaper():
    assert choose_path(67_500, 100, 5, 1000) == "gram"
    assert choose_path(100, 400, 5, 1000) == "plain"  # more images than features
    assert choose_path(67_500, 100, 5, 1) == "plain"  # forming XᵀX costs more than one step
    # MNIST: more images than pixels, and held-out images cost more through the Gram form.
    assert choose_path(784, 1_000, 5, 1000) == "gram"
    assert choose_path(784, 1_000, 5, 1000, held_out=10_000) == "plain"
    assert choose_path(67_500, 80, 5, 1000, held_out=20) == "gram"
    too_many = int(np.sqrt(GRAM_MEMORY_BUDGET_BYTES / 8)) + 1
    assert choose_path(10**9, too_many, 5, 1000) == "plain"


def test_auto_reports_the_path_it_took(small_images):
    x, labels = small_images
    assert train(x, labels, Hyperparameters("he", 1, iterations=200)).path == "gram"
    assert train(x, labels, Hyperparameters("he", 1, iterations=2)).path == "plain"
    assert train(x[:3], labels, Hyperparameters("he", 1, iterations=200)).path == "plain"


def test_an_unknown_path_is_refused(small_images):
    x, labels = small_images
    with pytest.raises(ValueError, match="path must be one of"):
        train(x, labels, Hyperparameters("he", 1, iterations=1, path="fast"))


@pytest.fixture(scope="module")
def wide_images():
    """Big enough (6,912 features x 60 images) for the BLAS library to split its products."""
    rng = np.random.RandomState(5)
    names = ["cat", "dog"] * 30
    columns = [np.asarray(draw_image(name, 48, rng)).reshape(-1) for name in names]
    labels = np.array([[name == "cat" for name in names]], dtype=np.float64)
    return np.stack(columns, axis=1) / 255.0, labels


@pytest.mark.parametrize("path", ["gram", "plain"])
def test_blas_threads_do_not_change_the_costs(wide_images, path):
    x, labels = wide_images
    # Below the stability edge, so that rounding differences are not amplified by chaos.
    hp = Hyperparameters("xavier", seed=3, learning_rate=1e-3, iterations=200, path=path)
    costs = {}
    for threads in (1, 2):
        with threadpool_limits(threads, user_api="blas"):
            assert blas_threads() == threads
            costs[threads] = train(x, labels, hp).costs
    np.testing.assert_allclose(costs[2], costs[1], rtol=1e-12, atol=0)
    assert costs[1][-1] < costs[1][0]  # it did learn


@pytest.mark.parametrize("path", ["gram", "plain"])
def test_held_out_costs_are_those_of_the_parameters_at_each_step(small_images, path):
    x, labels = small_images
    test = np.zeros(x.shape[1], dtype=bool)
    test[::5] = True
    hp = Hyperparameters("he", seed=2, learning_rate=1e-3, iterations=40, path=path)
    run = train(x[:, ~test], labels[:, ~test], hp, (x[:, test], labels[:, test]))
    assert len(run.test_costs) == len(run.costs) == 41
    logits = forward(run.params, run.params[0][0] @ x[:, test] + run.params[0][1], "tanh").logits
    assert run.test_costs[-1] == pytest.approx(cost_from_logits(logits, labels[:, test]), rel=1e-12)
    assert run.test_accuracy == np.mean((logits >= 0) == labels[:, test])
    # Held-out images are never trained on: the training costs are those of a run without them.
    alone = train(x[:, ~test], labels[:, ~test], hp)
    np.testing.assert_array_equal(run.costs, alone.costs)
    assert alone.test_costs is None and alone.test_accuracy is None


def test_gram_and_plain_paths_agree_on_held_out_costs(small_images):
    x, labels = small_images
    test = np.arange(x.shape[1]) % 4 == 0
    runs = [
        train(
            x[:, ~test],
            labels[:, ~test],
            Hyperparameters("xavier", seed=1, learning_rate=1e-3, iterations=200, path=path),
            (x[:, test], labels[:, test]),
        )
        for path in ("gram", "plain")
    ]
    np.testing.assert_allclose(runs[0].test_costs, runs[1].test_costs, rtol=1e-9)


def test_the_sharpness_during_training_on_the_cheap_form_is_the_plain_one(small_images):
    x, labels = small_images
    rates = {}
    for path in ("gram", "plain"):
        hp = Hyperparameters(
            "he", 2, hidden_layers=(5, 5), learning_rate=0.05, iterations=40, path=path
        )
        rates[path] = train(x, labels, hp, sharpness_every=20)
    gram, plain = rates["gram"].sharpness, rates["plain"].sharpness
    assert [row[0] for row in gram] == [0, 20, 40]
    np.testing.assert_allclose(
        [row[1] for row in gram], [row[1] for row in plain], rtol=1e-7, atol=1e-12
    )
    # At the end, against Lanczos on the exact Hessian of the trained weights themselves.
    product, size = hessian_vector_product(rates["gram"].params, x, labels, "tanh")
    whole = spectrum_ends(product, np.random.default_rng(0).standard_normal(size))
    assert gram[-1][1] == pytest.approx(max(whole["largest"], 0.0), rel=1e-7)
    assert all(row[4] for row in gram)  # every estimate converged


def test_without_sharpness_every_nothing_is_measured(small_images):
    x, labels = small_images
    hp = Hyperparameters("he", 2, hidden_layers=(5, 5), iterations=10)
    assert train(x, labels, hp).sharpness == []


@pytest.fixture(scope="module")
def three_classes():
    """40 small images of three classes: discs, triangles and plain noise, each tinted."""
    rng = np.random.RandomState(5)
    names = ["cat", "dog"] * 20
    columns = [np.asarray(draw_image(name, 16, rng)).reshape(-1) / 255.0 for name in names]
    classes = np.arange(40) % 3
    x = np.stack(columns, axis=1)
    x[: x.shape[0] // 3] += 0.2 * (classes == 2)  # the third class: a red cast
    return x, targets(classes.astype(np.uint8), 3)


@pytest.mark.parametrize("method", ["he", "xavier", "lsuv"])
def test_a_softmax_network_trains_the_same_on_both_paths(three_classes, method):
    x, labels = three_classes
    test = np.arange(x.shape[1]) % 5 == 0
    runs = {
        path: train(
            x[:, ~test],
            labels[:, ~test],
            Hyperparameters(method, 1, (6, 6), learning_rate=0.02, iterations=150, path=path),
            (x[:, test], labels[:, test]),
            sharpness_every=75,
        )
        for path in ("gram", "plain")
    }
    gram, plain = runs["gram"], runs["plain"]
    assert gram.params[-1][0].shape == (3, 6)  # one output unit per class
    assert gram.costs[0] == pytest.approx(np.log(3), rel=0.3)  # near ln K at the start
    assert relative_difference(gram.costs[-1:], gram.costs[:1]) > 1e-2  # it trains
    assert relative_difference(gram.costs, plain.costs) < 1e-9
    np.testing.assert_allclose(gram.test_costs, plain.test_costs, rtol=1e-9)
    for (w_gram, b_gram), (w_plain, b_plain) in zip(gram.params, plain.params, strict=True):
        np.testing.assert_allclose(w_gram, w_plain, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(b_gram, b_plain, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(
        [row[1] for row in gram.sharpness], [row[1] for row in plain.sharpness], rtol=1e-7
    )
    assert gram.train_confusion.shape == (3, 3) and gram.train_confusion.sum() == (~test).sum()
    assert np.trace(gram.train_confusion) / (~test).sum() == gram.train_accuracy
    assert gram.test_confusion.sum() == test.sum()
    assert np.trace(gram.test_confusion) / test.sum() == gram.test_accuracy


def test_a_two_class_run_answers_per_class_with_the_sigmoid(small_images):
    x, labels = small_images
    run = train(x, labels, Hyperparameters("he", 1, iterations=5))
    assert run.params[-1][0].shape == (1, 5)
    assert run.train_confusion.shape == (2, 2)
    np.testing.assert_array_equal(run.train_confusion.sum(axis=1), [20, 20])
    assert run.test_confusion is None


def split(images):
    """The training and the held-out ``(x, labels)`` of ``images``: every fourth held out."""
    x, labels = images
    test = np.arange(x.shape[1]) % 4 == 0
    return (x[:, ~test], labels[:, ~test]), (x[:, test], labels[:, test])


def digest(run) -> str:
    arrays = (run.costs, run.test_costs, *(part for layer in run.params for part in layer))
    hashed = hashlib.sha256()
    for array in arrays:
        hashed.update(np.ascontiguousarray(array).tobytes())
    return hashed.hexdigest()


# Full-batch gradient descent in float64 computes what it did before there was a choice of
# optimizer, bit for bit: these digests of one run's costs, held-out costs and parameters were
# computed with the code before optimizers (4edcd8a's parent; NumPy 2.4.6, one BLAS thread).
# NumPy's vector kernels (tanh, exp) and OpenBLAS's matrix kernels round differently on
# different processors, so each digest belongs to the kernels that computed it: those of an
# AVX2 machine and of an AVX-512 one. Elsewhere, recompute them there on that earlier code.
DIGESTS_BEFORE_OPTIMIZERS = {
    ("Haswell", ("X86_V3",)): {
        "gram": "ef7135b0436bbe1bd00afd617f6a70d9c96371d7c88163f556d0aef3be84afce",
        "plain": "df4b7cb0052365811a1e874781bc80fb9f566ca825f17fa7401fddba1eb84b18",
    },
    ("SkylakeX", ("X86_V3", "X86_V4", "AVX512_ICL")): {
        "gram": "beef523e082f0110101101133252b45cde0f29b1985441553c9d91114e27e694",
        "plain": "625542e80fcc12fcf2e307c8ffcb31ec23a95157291f23af2ff31e78efc932d7",
    },
}


def kernels() -> tuple[str, tuple[str, ...]]:
    """OpenBLAS's kernel architecture and the vector extensions NumPy dispatches to here."""
    blas = next(pool for pool in threadpool_info() if pool["user_api"] == "blas")
    return blas.get("architecture", ""), tuple(
        feature for feature in __cpu_dispatch__ if __cpu_features__.get(feature)
    )


@pytest.mark.parametrize("path", ["gram", "plain"])
def test_gradient_descent_is_bit_for_bit_what_it_was_before_optimizers(small_images, path):
    (x, labels), held_out = split(small_images)
    hp = Hyperparameters("he", 3, (6, 4), learning_rate=0.05, iterations=60, path=path)
    with threadpool_limits(1, user_api="blas"):
        default = train(x, labels, hp, held_out)
        named = train(x, labels, hp, held_out, optimization=Optimization("gd"))
    assert digest(default) == digest(named)
    if kernels() not in DIGESTS_BEFORE_OPTIMIZERS:
        pytest.skip(f"no digest recorded for these kernels: {kernels()}")
    assert digest(default) == DIGESTS_BEFORE_OPTIMIZERS[kernels()][path]
    assert list(default.recorded_at) == list(range(61))
    assert list(default.epochs) == list(range(61))


# Mini-batch runs whose updates combine gradients linearly, which keep the Gram form exact.
LINEAR_MINI_BATCH_RUNS = {
    "sgd": Optimization("sgd", batch_size=8),
    "momentum": Optimization("momentum", batch_size=7),
    "nesterov": Optimization("momentum", batch_size=7, nesterov=True, order_seed=3),
}


@pytest.mark.parametrize("name", LINEAR_MINI_BATCH_RUNS)
def test_gram_and_plain_paths_agree_on_mini_batches(small_images, name):
    (x, labels), held_out = split(small_images)
    hp = {"method": "he", "seed": 3, "hidden_layers": (6, 4)}
    hp |= {"learning_rate": 0.01, "iterations": 200}
    runs = {
        path: train(
            x,
            labels,
            Hyperparameters(**hp, path=path),
            held_out,
            optimization=LINEAR_MINI_BATCH_RUNS[name],
        )
        for path in ("gram", "plain")
    }
    gram, plain = runs["gram"], runs["plain"]
    assert (gram.path, plain.path) == ("gram", "plain")
    assert relative_difference(gram.costs[-1:], gram.costs[:1]) > 1e-2  # it trains
    start = initial_params(x, 1, Hyperparameters(**hp))[0][0][0]
    assert np.abs(gram.params[0][0] - start).max() > 1e-3  # the first layer too
    assert relative_difference(gram.costs, plain.costs) < 1e-9
    assert relative_difference(gram.test_costs, plain.test_costs) < 1e-9
    for (w_gram, b_gram), (w_plain, b_plain) in zip(gram.params, plain.params, strict=True):
        np.testing.assert_allclose(w_gram, w_plain, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(b_gram, b_plain, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("optimizer", ["adam", "rmsprop"])
def test_per_coordinate_optimizers_take_the_plain_path(small_images, optimizer):
    x, labels = small_images
    optimization = Optimization(optimizer, batch_size=8)
    gram = Hyperparameters("he", 1, iterations=2, path="gram")
    with pytest.raises(ValueError, match=f"path 'gram' cannot train with {optimizer}: "):
        train(x, labels, gram, optimization=optimization)
    hp = Hyperparameters("he", 1, learning_rate=1e-3, iterations=200)
    run = train(x, labels, hp, optimization=optimization)
    # Where "auto" takes the Gram path for updates that keep to it.
    assert train(x, labels, hp, optimization=Optimization("sgd", batch_size=8)).path == "gram"
    assert run.path == "plain"
    assert run.costs[-1] < run.costs[0]


def test_the_cheaper_path_on_mini_batches_counts_the_batches_and_the_records():
    # MNIST's 1,000 images: gradient descent passes them all at every update, where forming
    # XᵀX pays; batches of 32 pass few, and it no longer does.
    assert choose_path(784, 1_000, 5, 1000) == "gram"
    assert choose_path(784, 1_000, 5, 1000, batch_size=32, records=11) == "plain"
    # Recording every update passes every image each time: the Gram form pays again.
    assert choose_path(784, 1_000, 5, 1000, batch_size=32, records=1001) == "gram"
    # The post's 100 images of 67,500 features.
    assert choose_path(67_500, 80, 5, 1000, 20, batch_size=8, records=11) == "gram"


def test_the_order_seed_changes_the_batches_not_the_initial_network(small_images):
    x, labels = small_images
    hp = Hyperparameters("he", 2, learning_rate=0.05, iterations=30)
    first, again, other = (
        train(
            x,
            labels,
            hp,
            signal_every=30,
            optimization=Optimization("sgd", batch_size=8, order_seed=seed),
        )
        for seed in (1, 1, 2)
    )
    np.testing.assert_array_equal(first.costs, again.costs)
    for (w1, b1), (w2, b2) in zip(first.params, again.params, strict=True):
        np.testing.assert_array_equal(w1, w2)
        np.testing.assert_array_equal(b1, b2)
    # The same network at update 0, layer by layer; other batches after.
    assert first.costs[0] == other.costs[0]
    assert first.signal[:2] == other.signal[:2]
    assert np.all(first.costs[1:] != other.costs[1:])


def test_mini_batch_runs_record_the_whole_set_at_the_start_every_so_often_and_at_the_end(
    small_images,
):
    (x, labels), held_out = split(small_images)  # 30 training images: batches of 8, 8, 8, 6
    hp = Hyperparameters("xavier", 1, learning_rate=0.05, iterations=10, path="plain")
    every_fourth = Optimization("sgd", batch_size=8, record_every=4)
    run = train(x, labels, hp, held_out, optimization=every_fourth)
    assert list(run.recorded_at) == [0, 4, 8, 10]
    assert list(run.epochs) == [0.0, 1.0, 2.0, 2 + 16 / 30]
    assert len(run.test_costs) == len(run.costs) == 4
    # The last record is the cost of the returned network on every training image.
    passed = forward_images(run.params, x, "tanh")
    assert run.costs[-1] == pytest.approx(cost_from_logits(passed.logits, labels), rel=1e-12)
    # Records only read: a run recorded at every update passes through the same networks.
    every = train(x, labels, hp, held_out, optimization=Optimization("sgd", batch_size=8))
    assert list(every.recorded_at) == list(range(11))
    np.testing.assert_array_equal(every.costs[[0, 4, 8, 10]], run.costs)
    np.testing.assert_array_equal(every.test_costs[[0, 4, 8, 10]], run.test_costs)


def test_mini_batch_runs_record_the_signal_and_the_sharpness_on_the_whole_set(small_images):
    x, labels = small_images
    hp = Hyperparameters("he", 2, learning_rate=0.05, iterations=40)
    optimization = Optimization("momentum", batch_size=8, record_every=10)
    run = train(x, labels, hp, signal_every=15, sharpness_every=20, optimization=optimization)
    # Costs are recorded wherever anything is.
    assert list(run.recorded_at) == [0, 10, 15, 20, 30, 40]
    assert [row[0] for row in run.signal] == [0, 0, 15, 15, 30, 30, 40, 40]
    assert [row[0] for row in run.sharpness] == [0, 20, 40]
    # At the end, against the trained weights themselves on every image.
    product, size = hessian_vector_product(run.params, x, labels, "tanh")
    whole = spectrum_ends(product, np.random.default_rng(0).standard_normal(size))
    assert run.sharpness[-1][1] == pytest.approx(max(whole["largest"], 0.0), rel=1e-7)
    last = dict(zip(FIELDS, run.signal[-2], strict=True))
    assert last["weight_norm"] == pytest.approx(np.linalg.norm(run.params[0][0]), rel=1e-9)


# Single precision follows double to this relative difference of every cost and parameter
# below the stability edge; measured at most 1.3e-6 (parameters) and 5e-7 (costs) over these
# 300 updates. Past the edge, or under Adam and RMSProp, whose per-coordinate steps magnify
# the rounding of small gradients, the two part as any rounding difference makes them.
FLOAT32_TOLERANCE = 1e-5


@pytest.mark.parametrize(
    "optimizer,learning_rate,path",
    [("gd", 3e-3, "gram"), ("gd", 3e-3, "plain"), ("sgd", 0.01, "gram"), ("sgd", 0.01, "plain")],
)
def test_float32_follows_float64_below_the_stability_edge(
    small_images, optimizer, learning_rate, path
):
    (x, labels), held_out = split(small_images)
    hp = Hyperparameters("he", 3, (6, 4), learning_rate=learning_rate, iterations=300, path=path)
    single, double = (
        train(
            x, labels, hp, held_out, optimization=Optimization(optimizer, batch_size=8, precision=p)
        )
        for p in ("float32", "float64")
    )
    assert {part.dtype for layer in single.params for part in layer} == {np.dtype(np.float32)}
    assert relative_difference(double.costs[-1:], double.costs[:1]) > 1e-2  # it trains
    assert relative_difference(single.costs, double.costs) < FLOAT32_TOLERANCE
    assert relative_difference(single.test_costs, double.test_costs) < FLOAT32_TOLERANCE
    for one, two in zip(single.params, double.params, strict=True):
        for part_single, part_double in zip(one, two, strict=True):
            scale = np.abs(part_double).max()
            assert np.abs(part_single - part_double).max() < FLOAT32_TOLERANCE * scale


@pytest.mark.parametrize(
    "optimization",
    [Optimization("momentum", batch_size=8, nesterov=True), Optimization("adam", batch_size=8)],
)
def test_a_softmax_network_trains_on_mini_batches(three_classes, optimization):
    x, labels = three_classes
    test = np.arange(x.shape[1]) % 5 == 0
    runs = {
        path: train(
            x[:, ~test],
            labels[:, ~test],
            Hyperparameters("xavier", 1, (6, 6), learning_rate=0.01, iterations=150, path=path),
            (x[:, test], labels[:, test]),
            optimization=optimization,
        )
        for path in (("gram", "plain") if optimization.linear else ("plain",))
    }
    run = runs["plain"]
    assert run.params[-1][0].shape == (3, 6)
    assert relative_difference(run.costs[-1:], run.costs[:1]) > 1e-2  # it trains
    assert run.train_confusion.shape == (3, 3) and run.train_confusion.sum() == (~test).sum()
    assert run.test_confusion.sum() == test.sum()
    if "gram" in runs:
        assert relative_difference(runs["gram"].costs, run.costs) < 1e-9


def test_a_mini_batch_run_that_diverges_stops_where_it_did():
    rng = np.random.RandomState(0)
    x = rng.rand(300, 20)
    labels = (np.arange(20) % 2)[np.newaxis, :].astype(float)
    hp = Hyperparameters("random", 1, activation="leaky_relu", learning_rate=50, iterations=200)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = train(x, labels, hp, optimization=Optimization("sgd", batch_size=5, record_every=50))
    # Seen on a batch, between records.
    assert run.diverged_at is not None and 0 < run.diverged_at < 50
    assert list(run.recorded_at) == [0] and np.all(np.isfinite(run.costs))


def test_adams_first_steps_on_a_tiny_network_are_the_hand_computed_ones():
    rng = np.random.RandomState(2)
    x, labels = rng.rand(3, 6), targets(np.array([0, 1, 2, 0, 1, 2], dtype=np.uint8), 3)
    hp = Hyperparameters("he", 4, hidden_layers=(2,), activation="tanh", learning_rate=0.05)
    # One batch of every image: each update's gradient is the whole set's, by hand below.
    adam = Optimization("adam", batch_size=6, record_every=1, beta1=0.8, beta2=0.99)
    runs = [train(x, labels, replace(hp, iterations=steps), optimization=adam) for steps in (1, 2)]
    params, _ = initial_params(x, 3, hp)
    flat = [part.copy() for layer in params for part in layer]
    first_moment = [np.zeros_like(part) for part in flat]
    second_moment = [np.zeros_like(part) for part in flat]
    for step, run in enumerate(runs, start=1):
        layers = [(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
        gradient = [part for layer in full_gradient(layers, x, labels, "tanh") for part in layer]
        for i, g in enumerate(gradient):
            first_moment[i] = 0.8 * first_moment[i] + 0.2 * g
            second_moment[i] = 0.99 * second_moment[i] + 0.01 * g * g
            m_hat = first_moment[i] / (1 - 0.8**step)
            v_hat = second_moment[i] / (1 - 0.99**step)
            flat[i] = flat[i] - 0.05 * m_hat / (np.sqrt(v_hat) + 1e-8)
        trained = [part for layer in run.params for part in layer]
        for by_hand, found in zip(flat, trained, strict=True):
            np.testing.assert_allclose(found, by_hand, rtol=1e-12, atol=1e-15)
