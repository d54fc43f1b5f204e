"""What one run costs on the ten-class data sets, printed as a table.

    python bench/many_classes.py      # about a minute on 2 cores

One run of the post's experiment (hidden layers 5-5, tanh, learning rate 0.01, 1,000
full-batch updates, He) on scikit-learn's digits (1,797 images of 64 pixels, none held out)
and on 1,000 and 10,000 MNIST training images (784 pixels) with 1,000 or all 10,000 of its own
test images held out, whose cost a run logs at every update, with a softmax over ten outputs.
Each row: the first-layer path ``auto`` takes (the Gram form pays only with more pixels than
images), the seconds of the run (median of three, BLAS on one thread as in a train job) and
the float64 images it holds. MNIST is read from ../shared/data/mnist (or
$INITBENCH_SHARED_DATA/mnist) and skipped when absent.
"""

import os
import statistics
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from initbench.data.digits import digits_dataset
from initbench.data.idx import find_idx_files, idx_dataset
from initbench.data.split import assign_sets, split_dataset
from initbench.training.output import class_count, targets
from initbench.training.trainer import Hyperparameters, train

REPO = Path(__file__).resolve().parents[1]
MNIST = Path(os.environ.get("INITBENCH_SHARED_DATA", REPO.parent / "shared" / "data")) / "mnist"
# (training images, held-out images): MNIST's whole test set, and a tenth of it (test_size).
MNIST_SIZES = ((1_000, 10_000), (1_000, 1_000), (10_000, 10_000))
REPEATS = 3


def scaled(pixels, labels, sets):
    """The training and held-out images as a train job holds them."""
    classes = class_count(labels)
    x, y, test = split_dataset(pixels, labels, sets)
    held_out = None if test is None else (test[0] / 255.0, targets(test[1], classes))
    return x / 255.0, targets(y, classes), held_out


def timed(x, labels, test) -> tuple[str, float]:
    hp = Hyperparameters("he", 1)
    with threadpool_limits(1, user_api="blas"):
        runs = [train(x, labels, hp, test) for _ in range(REPEATS)]
    return runs[0].path, statistics.median(run.seconds for run in runs)


def cases():
    digits = digits_dataset("cat")
    sets = assign_sets(digits.labels, None, 0.0, None, None, 0)
    yield "digits, 1,797 + 0", scaled(digits.pixels, digits.labels, sets)
    if not MNIST.is_dir():
        print(f"(MNIST skipped: {MNIST} is absent)")
        return
    mnist = idx_dataset("mnist", find_idx_files(MNIST), "cat")
    own_sets = np.array(mnist.sets)
    for trained, held_out in MNIST_SIZES:
        sets = assign_sets(mnist.labels, own_sets, 0.0, trained, held_out, 0)
        yield f"MNIST, {trained:,} + {held_out:,}", scaled(mnist.pixels, mnist.labels, sets)


if __name__ == "__main__":
    print(f"{'data (train + held out)':<24} {'path':>6} {'seconds':>8} {'float64 MB':>11}")
    for name, (x, labels, test) in cases():
        path, seconds = timed(x, labels, test)
        megabytes = (x.nbytes + (0 if test is None else test[0].nbytes)) / 2**20
        print(f"{name:<24} {path:>6} {seconds:>8.2f} {megabytes:>11.0f}")
