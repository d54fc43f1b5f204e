"""What the per-run commands share: the matrix they read, the network they start from, and a
job's log and threads."""

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from threadpoolctl import threadpool_limits

from initbench.activations import ACTIVATIONS
from initbench.data.matrix import load_matrix
from initbench.data.split import load_split, split_dataset
from initbench.experiment import POST_EXPERIMENT, layers_name, parse_layers
from initbench.report.numbers import configured
from initbench.storage import logged_to
from initbench.training.output import class_count, targets
from initbench.training.trainer import METHODS, Hyperparameters, is_method


def existing_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"{text}: no such file")
    return path


def positive_integer(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number ≥ 1")
    return int(text)


def non_negative_integer(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number ≥ 0")
    return int(text)


def fraction(text: str) -> float:
    """A number in [0, 1), as an averaging coefficient must be."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number from 0 up to, not including, 1")
    return value


def positive_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r}: give a number above 0")
    return value


def hidden_layers(text: str) -> tuple[int, ...]:
    try:
        return parse_layers(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give the units of each hidden layer joined by '-', with width x depth "
            "for repeated layers: 5-5, 64x30, 100-64x8-10"
        ) from None


def method_name(text: str) -> str:
    if not is_method(text):
        raise argparse.ArgumentTypeError(
            f"{text!r}: give one of {', '.join(sorted(METHODS))}, a Gaussian "
            "gaussian_w<σ_w²>_b<σ_b²> such as gaussian_w1.76_b0.05, or a critical "
            "initialization critical_gaussian_b<σ_b²> or critical_orthogonal_b<σ_b²>"
        )
    return text


def add_network_arguments(parser: argparse.ArgumentParser) -> None:
    """The matrix and the network: which images, and which initialization of which shape."""
    parser.add_argument("matrix", type=existing_file, help="matrix.npz written by preprocess")
    parser.add_argument(
        "--split",
        type=existing_file,
        help="split.csv naming the held-out images (default: every image is for training)",
    )
    parser.add_argument(
        "--method",
        required=True,
        type=method_name,
        help=f"{', '.join(sorted(METHODS))}, or gaussian_w<σ_w²>_b<σ_b²>: weights "
        "N(0, σ_w²/fan_in), biases N(0, σ_b²) (required)",
    )
    parser.add_argument(
        "--seed",
        required=True,
        type=int,
        help="seed of the initialization's random draws (required)",
    )
    parser.add_argument(
        "--activation",
        choices=sorted(ACTIVATIONS),
        default=POST_EXPERIMENT["activation"],
        help="activation of the hidden layers (default %(default)s)",
    )
    parser.add_argument(
        "--hidden-layers",
        type=hidden_layers,
        # As text, which argparse passes through ``type`` as it does a typed value, so that
        # --help shows 5-5 rather than (5, 5).
        default=layers_name(POST_EXPERIMENT["hidden_layers"]),
        help="units per hidden layer joined by '-', width x depth for repeats: 5-5, 64x30, "
        "100-64x8-10 (default %(default)s)",
    )
    parser.add_argument(
        "--random-scale",
        type=float,
        default=POST_EXPERIMENT["random_scale"],
        help="factor of the standard normal weights of the method random (default %(default)s)",
    )
    parser.add_argument("--log", help="write the log here (default: the console)")
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="BLAS threads (default %(default)s, as in a workflow job)",
    )


def network_of(args: argparse.Namespace) -> dict:
    """The network's part of ``Hyperparameters``."""
    return {
        "method": args.method,
        "seed": args.seed,
        "hidden_layers": args.hidden_layers,
        "activation": args.activation,
        "random_scale": args.random_scale,
    }


def network_in_words(hp: Hyperparameters) -> str:
    """The network a run starts from, as a log line names it: "he initialization, seed 3,
    tanh, hidden layers 5-5"."""
    scale = f" (scale {configured(hp.random_scale)})" if hp.method == "random" else ""
    return (
        f"{hp.method} initialization{scale}, seed {hp.seed}, {hp.activation}, "
        f"hidden layers {layers_name(hp.hidden_layers)}"
    )


def training_data(matrix: Path, split: Path | None):
    """``(x, labels)`` of the training images and the held-out ``(x, labels)`` or None: the
    pixels scaled to [0, 1] (features x images, float64), the labels as the trainer takes
    them (``output.targets``, for as many classes as the whole matrix holds).

    Images are picked from the stored uint8 pixels before they are scaled, so that a job
    using 1,000 of MNIST's 70,000 images holds 1,000 of them in float64.
    """
    pixels, labels = load_matrix(matrix)
    classes = class_count(labels)
    if split is None:
        chosen = pixels, labels, None
    else:
        chosen = split_dataset(pixels, labels, load_split(split))
    pixels, labels, test = chosen
    scaled_test = None if test is None else (test[0] / 255.0, targets(test[1], classes))
    return pixels / 255.0, targets(labels, classes), scaled_test


@contextmanager
def job(args: argparse.Namespace) -> Iterator:
    """The command's log, with BLAS held to its threads, so that N jobs share N cores."""
    with logged_to(args.log) as log, threadpool_limits(args.threads, user_api="blas"):
        yield log
