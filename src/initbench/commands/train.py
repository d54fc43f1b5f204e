"""``python -m initbench train``: one run, from its initialization to its run folder."""

import argparse
from pathlib import Path

from initbench.commands.options import (
    add_network_arguments,
    job,
    network_of,
    non_negative_integer,
    positive_integer,
    training_data,
)
from initbench.experiment import POST_EXPERIMENT
from initbench.runs.folder import LAYERS, SHARPNESS, run_files, save_run
from initbench.training.trainer import PATHS, Hyperparameters, train


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m initbench train",
        description="Train one network by full-batch gradient descent and write "
        f"{', '.join(run_files(records_sharpness=False).values())} into OUTPUT_DIR. Every option "
        "defaults to the post's experiment.",
    )
    add_network_arguments(parser)
    parser.add_argument("output_dir", type=Path, help="the run folder to write")
    parser.add_argument("--learning-rate", type=float, default=POST_EXPERIMENT["learning_rate"])
    parser.add_argument("--iterations", type=int, default=POST_EXPERIMENT["iterations"])
    parser.add_argument("--path", choices=PATHS, default="auto", help="first-layer arithmetic")
    parser.add_argument(
        "--signal-every",
        type=positive_integer,
        default=100,
        help=f"record each hidden layer's signal in {LAYERS} at iteration 0, every this many "
        "iterations and at the last (default 100)",
    )
    parser.add_argument(
        "--sharpness-every",
        type=non_negative_integer,
        default=0,
        help=f"record the cost's sharpness (largest Hessian eigenvalue) in {SHARPNESS} at "
        "iteration 0, every this many iterations and at the last (default 0: never)",
    )
    parser.add_argument(
        "--dataset", help="the dataset's name in metrics.json (default: the matrix's folder)"
    )
    return parser


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    with job(args) as log:
        hp = Hyperparameters(
            **network_of(args),
            learning_rate=args.learning_rate,
            iterations=args.iterations,
            path=args.path,
        )
        x, labels, test = training_data(args)
        run = train(
            x,
            labels,
            hp,
            test,
            signal_every=args.signal_every,
            sharpness_every=args.sharpness_every or None,
        )
        save_run(run, hp, args.dataset or args.matrix.resolve().parent.name, args.output_dir)
        log.info(
            "%s: final cost %.6g, accuracy %.3f, %s path, %.2f s%s",
            hp,
            run.costs[-1],
            run.train_accuracy,
            run.path,
            run.seconds,
            f", diverged at iteration {run.diverged_at}" if run.diverged_at is not None else "",
        )
    return 0
