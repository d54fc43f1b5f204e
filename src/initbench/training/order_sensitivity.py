"""How chaotic training is: the same run, with its images in reverse order.

Reversing the images changes nothing but the order of floating-point sums, so the iteration at
which the two cost curves part measures how fast rounding differences grow under these
hyperparameters: early for chaotic dynamics, never for stable ones.
"""

import os

import numpy as np

from initbench.experiment import layers_name
from initbench.storage import write_csv
from initbench.training.trainer import Hyperparameters, train

COLUMNS = [
    "method",
    "seed",
    "activation",
    "learning_rate",
    "hidden_layers",
    "iterations",
    "tolerance",
    "departure_iteration",
    "diverged_at_iteration",
]


def parting_iteration(
    in_order: np.ndarray, reversed_order: np.ndarray, tolerance: float
) -> int | None:
    """The first iteration at which two cost logs differ by more than ``tolerance`` (relative
    to the first), or None. A log that stops early (its run diverged) parts where it stops."""
    length = min(len(in_order), len(reversed_order))
    apart = np.abs(reversed_order[:length] - in_order[:length]) > tolerance * in_order[:length]
    departed = np.flatnonzero(apart)
    if departed.size:
        return int(departed[0])
    return length if len(in_order) != len(reversed_order) else None


def order_sensitivity(
    x: np.ndarray, labels: np.ndarray, hp: Hyperparameters, tolerance: float
) -> dict:
    """One row of ``departures.csv``: the run ``hp``, trained on ``x`` as given and reversed,
    where their cost curves part, and where the run diverged (None when it did not)."""
    in_order = train(x, labels, hp)
    reversed_order = train(x[:, ::-1], labels[:, ::-1], hp)
    return {
        "method": hp.method,
        "seed": hp.seed,
        "activation": hp.activation,
        "learning_rate": hp.learning_rate,
        "hidden_layers": layers_name(hp.hidden_layers),
        "iterations": hp.iterations,
        "tolerance": tolerance,
        "departure_iteration": parting_iteration(in_order.costs, reversed_order.costs, tolerance),
        "diverged_at_iteration": in_order.diverged_at,
    }


def save_departures(path: str | os.PathLike, rows: list[dict]) -> None:
    """One row per method; an empty cell where the curves never part or the run never
    diverged."""
    write_csv(
        path,
        COLUMNS,
        [["" if row[key] is None else row[key] for key in COLUMNS] for row in rows],
    )
