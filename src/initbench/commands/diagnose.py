"""``python -m initbench diagnose``: one network at its initialization, measured."""

import argparse
from dataclasses import asdict
from pathlib import Path

from initbench.commands.options import (
    add_network_arguments,
    job,
    network_in_words,
    network_of,
    training_data,
)
from initbench.report.numbers import count, number
from initbench.storage import write_json
from initbench.training.diagnostics import diagnose
from initbench.training.trainer import Hyperparameters


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m initbench diagnose",
        description="Measure the network a run starts from, on the training images: per-layer "
        "statistics and the sharpness (the cost's largest Hessian eigenvalue), as JSON.",
    )
    add_network_arguments(parser)
    parser.add_argument("output", type=Path, help="the diagnostics.json to write")
    return parser


def stability_in_words(stable_learning_rate: float | None) -> str:
    """What the curvature says of the learning rate: "stable below learning rate 0.000231"."""
    if stable_learning_rate is None:
        return "no curvature limit on the learning rate (sharpness ≤ 0)"
    return f"stable below learning rate {number(stable_learning_rate)}"


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    with job(args) as log:
        hp = Hyperparameters(**network_of(args))
        x, labels, _ = training_data(args.matrix, args.split)
        found = diagnose(x, labels, hp)
        setting = {
            key: value
            for key, value in asdict(hp).items()
            if key in ("method", "seed", "activation", "random_scale")
        }
        write_json(
            args.output,
            {"hyperparameters": {**setting, "hidden_layers": list(hp.hidden_layers)}, **found},
        )
        log.info(
            "%s: sharpness %s (lowest eigenvalue %s) after %s Lanczos steps, %s",
            network_in_words(hp),
            number(found["sharpness"]),
            number(found["lowest_eigenvalue"]),
            count(found["lanczos_steps"]),
            stability_in_words(found["stable_learning_rate"]),
        )
    return 0
