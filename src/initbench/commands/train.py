"""``python -m initbench train``: one run, from its initialization to its run folder."""

import argparse
from pathlib import Path

from initbench.commands.options import (
    add_network_arguments,
    fraction,
    job,
    network_in_words,
    network_of,
    non_negative_integer,
    positive_integer,
    positive_number,
    training_data,
)
from initbench.experiment import POST_EXPERIMENT
from initbench.report.numbers import configured, count, counted, number, percent
from initbench.runs.folder import COSTS, LAYERS, SHARPNESS, held_run_files, run_files, save_run
from initbench.training.optimization import (
    GRADIENT_DESCENT,
    OPTIMIZERS,
    PRECISIONS,
    Optimization,
)
from initbench.training.trainer import PATHS, Hyperparameters, Run, check_path, train


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m initbench train",
        description="Train one network (by full-batch gradient descent unless --optimizer "
        "says otherwise) and write "
        f"{', '.join(run_files(records_sharpness=False).values())} into OUTPUT_DIR. Every option "
        "defaults to the post's experiment.",
    )
    add_network_arguments(parser)
    parser.add_argument("output_dir", type=Path, help="the run folder to write")
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the run OUTPUT_DIR already holds (default: refuse, and leave it as it is)",
    )
    parser.add_argument(
        "--learning-rate",
        type=float,
        default=POST_EXPERIMENT["learning_rate"],
        help="step size of the optimizer (default %(default)s)",
    )
    parser.add_argument(
        "--iterations",
        type=int,
        default=POST_EXPERIMENT["iterations"],
        help="updates: gradient-descent steps, or mini-batch steps under the other optimizers "
        "(default %(default)s)",
    )
    parser.add_argument(
        "--path",
        choices=PATHS,
        default="auto",
        help="first-layer arithmetic: gram (cheap when images are far fewer than features), "
        "plain, or auto, the one with fewer multiply-adds; all give the same function "
        "(default %(default)s)",
    )
    parser.add_argument(
        "--signal-every",
        type=positive_integer,
        default=100,
        help=f"record each hidden layer's signal in {LAYERS} at iteration 0, every this many "
        "iterations and at the last (default %(default)s)",
    )
    parser.add_argument(
        "--sharpness-every",
        type=non_negative_integer,
        default=0,
        help=f"record the cost's sharpness (largest Hessian eigenvalue) in {SHARPNESS} at "
        "iteration 0, every this many iterations and at the last (default %(default)s: never)",
    )
    parser.add_argument(
        "--dataset", help="the dataset's name in metrics.json (default: the matrix's folder)"
    )
    add_optimization_arguments(parser)
    return parser


def add_optimization_arguments(parser: argparse.ArgumentParser) -> None:
    """The optimizer and its settings (``Optimization``), each defaulting to the post's
    full-batch gradient descent in float64."""
    defaults = GRADIENT_DESCENT
    parser.add_argument(
        "--optimizer",
        choices=OPTIMIZERS,
        default=defaults.optimizer,
        help="gd: gradient descent on every training image; sgd, momentum, adam, rmsprop: on "
        "mini-batches of --batch-size images (default %(default)s)",
    )
    parser.add_argument(
        "--batch-size",
        type=positive_integer,
        default=defaults.batch_size,
        help="training images per update, at most all of them; an epoch's last batch holds "
        "what is left (default %(default)s; gd takes every image)",
    )
    parser.add_argument(
        "--order-seed",
        type=non_negative_integer,
        default=defaults.order_seed,
        help="seed of the mini-batches' order, apart from the initialization's --seed "
        "(default %(default)s)",
    )
    parser.add_argument(
        "--momentum",
        type=fraction,
        default=defaults.momentum,
        help="momentum's coefficient μ in v ← μv - ηg (default %(default)s)",
    )
    parser.add_argument(
        "--nesterov",
        action="store_true",
        help="momentum in Nesterov's form (default: the heavy ball)",
    )
    parser.add_argument(
        "--beta1",
        type=fraction,
        default=defaults.beta1,
        help="adam's decay of its mean gradient (default %(default)s)",
    )
    parser.add_argument(
        "--beta2",
        type=fraction,
        default=defaults.beta2,
        help="adam's decay of its mean squared gradient (default %(default)s)",
    )
    parser.add_argument(
        "--epsilon",
        type=positive_number,
        default=defaults.epsilon,
        help="adam's and rmsprop's guard against dividing by zero (default %(default)s)",
    )
    parser.add_argument(
        "--decay",
        type=fraction,
        default=defaults.decay,
        help="rmsprop's decay of its mean squared gradient (default %(default)s)",
    )
    parser.add_argument(
        "--precision",
        choices=PRECISIONS,
        default=defaults.precision,
        help="floating-point precision of the images, the parameters and all the training "
        "arithmetic (default %(default)s)",
    )
    parser.add_argument(
        "--record-every",
        type=positive_integer,
        default=defaults.record_every,
        help="on mini-batches, record the cost on every training image at update 0, every this "
        f"many updates and at the last in {COSTS} (default %(default)s; gd records every "
        "update)",
    )


def optimization_of(args: argparse.Namespace) -> Optimization:
    return Optimization(
        optimizer=args.optimizer,
        batch_size=args.batch_size,
        order_seed=args.order_seed,
        momentum=args.momentum,
        nesterov=args.nesterov,
        beta1=args.beta1,
        beta2=args.beta2,
        epsilon=args.epsilon,
        decay=args.decay,
        precision=args.precision,
        record_every=args.record_every,
    )


def optimization_in_words(optimization: Optimization) -> str:
    """The optimizer as a log line names it, empty for the post's gradient descent in float64:
    ", Nesterov momentum 0.9 on batches of 32 images, order seed 0, in float32"."""
    words = ""
    if optimization.mini_batches:
        name = optimization.optimizer
        if name == "momentum":
            nesterov = "Nesterov " if optimization.nesterov else ""
            name = f"{nesterov}momentum {configured(optimization.momentum)}"
        words = (
            f", {name} on batches of {counted(optimization.batch_size, 'image')}, "
            f"order seed {optimization.order_seed}"
        )
    if optimization.precision != GRADIENT_DESCENT.precision:
        words += f", {'' if words else 'gradient descent '}in {optimization.precision}"
    return words


def run_in_words(hp: Hyperparameters, optimization: Optimization = GRADIENT_DESCENT) -> str:
    """The run as its log line names it: "he initialization, seed 3, tanh, hidden layers 5-5,
    learning rate 0.01, 1000 iterations", with the optimizer after the network unless it is
    the post's gradient descent in float64."""
    return (
        f"{network_in_words(hp)}{optimization_in_words(optimization)}, "
        f"learning rate {configured(hp.learning_rate)}, {counted(hp.iterations, 'iteration')}"
    )


def outcome_in_words(run: Run) -> str:
    """How the run ended, as its log line says it: "final cost 0.0873, training accuracy 98%,
    gram path, 1.23 s"."""
    diverged = (
        f", diverged at iteration {count(run.diverged_at)}" if run.diverged_at is not None else ""
    )
    return (
        f"final cost {number(run.costs[-1])}, training accuracy {percent(run.train_accuracy)}, "
        f"{run.path} path, {number(run.seconds)} s{diverged}"
    )


def main(argv: list[str]) -> int:
    command = parser()
    args = command.parse_args(argv)
    held = held_run_files(args.output_dir)
    if held and not args.overwrite:
        command.error(
            f"{args.output_dir} already holds a run ({', '.join(held)}): name another folder, "
            "or pass --overwrite to replace it"
        )
    try:
        optimization = optimization_of(args)
        check_path(args.path, optimization)
    except ValueError as refused:
        command.error(str(refused))
    with job(args) as log:
        hp = Hyperparameters(
            **network_of(args),
            learning_rate=args.learning_rate,
            iterations=args.iterations,
            path=args.path,
        )
        x, labels, test = training_data(args.matrix, args.split)
        if optimization.mini_batches and optimization.batch_size > x.shape[1]:
            command.error(
                f"argument --batch-size: {optimization.batch_size} is more than the "
                f"{x.shape[1]} training images"
            )
        run = train(
            x,
            labels,
            hp,
            test,
            signal_every=args.signal_every,
            sharpness_every=args.sharpness_every or None,
            optimization=optimization,
        )
        dataset = args.dataset or args.matrix.resolve().parent.name
        save_run(run, hp, dataset, args.output_dir, optimization)
        log.info("%s: %s", run_in_words(hp, optimization), outcome_in_words(run))
    return 0
