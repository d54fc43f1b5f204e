"""``python -m initbench train``: one run, from its initialization to its run folder."""

import argparse
from pathlib import Path

from initbench.commands.options import (
    add_network_arguments,
    job,
    network_in_words,
    network_of,
    non_negative_integer,
    positive_integer,
    training_data,
)
from initbench.experiment import POST_EXPERIMENT
from initbench.report.numbers import configured, count, counted, number, percent
from initbench.runs.folder import LAYERS, SHARPNESS, held_run_files, run_files, save_run
from initbench.training.trainer import PATHS, Hyperparameters, Run, train


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m initbench train",
        description="Train one network by full-batch gradient descent and write "
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
        help="step size of gradient descent (default %(default)s)",
    )
    parser.add_argument(
        "--iterations",
        type=int,
        default=POST_EXPERIMENT["iterations"],
        help="gradient-descent steps (default %(default)s)",
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
    return parser


def run_in_words(hp: Hyperparameters) -> str:
    """The run as its log line names it: "he initialization, seed 3, tanh, hidden layers 5-5,
    learning rate 0.01, 1000 iterations"."""
    return (
        f"{network_in_words(hp)}, learning rate {configured(hp.learning_rate)}, "
        f"{counted(hp.iterations, 'iteration')}"
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
    with job(args) as log:
        hp = Hyperparameters(
            **network_of(args),
            learning_rate=args.learning_rate,
            iterations=args.iterations,
            path=args.path,
        )
        x, labels, test = training_data(args.matrix, args.split)
        run = train(
            x,
            labels,
            hp,
            test,
            signal_every=args.signal_every,
            sharpness_every=args.sharpness_every or None,
        )
        save_run(run, hp, args.dataset or args.matrix.resolve().parent.name, args.output_dir)
        log.info("%s: %s", run_in_words(hp), outcome_in_words(run))
    return 0
