"""``python -m initbench diagnose``: one network at its initialization, measured."""

import argparse
from dataclasses import asdict
from pathlib import Path

from initbench.commands.options import add_network_arguments, job, network_of, training_data
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


def main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    with job(args) as log:
        hp = Hyperparameters(**network_of(args))
        x, labels, _ = training_data(args)
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
            "%s: sharpness %.6g (lowest eigenvalue %.6g) after %d Lanczos steps, stable below "
            "learning rate %s",
            setting,
            found["sharpness"],
            found["lowest_eigenvalue"],
            found["lanczos_steps"],
            found["stable_learning_rate"],
        )
    return 0
