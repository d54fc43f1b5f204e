"""How chaotic training is: the same run, with its images in reverse order.

Reversing the images changes nothing but the order of floating-point sums, so the iteration at
which the two cost curves part measures how fast rounding differences grow under these
hyperparameters: early for chaotic dynamics, never for stable ones.
"""

import os

import numpy as np

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
]


def departure_iteration(
    x: np.ndarray, labels: np.ndarray, hp: Hyperparameters, tolerance: float
) -> int | None:
    """The first iteration at which training on the images in reverse order departs from
    training in order by more than ``tolerance`` (relative), or None."""
    in_order = train(x, labels, hp).costs
    reversed_order = train(x[:, ::-1], labels[:, ::-1], hp).costs
    # A run that diverged has a shorter log: it departs where the logs stop agreeing in length.
    length = min(len(in_order), len(reversed_order))
    apart = np.abs(reversed_order[:length] - in_order[:length]) > tolerance * in_order[:length]
    departed = np.flatnonzero(apart)
    if departed.size:
        return int(departed[0])
    return length if len(in_order) != len(reversed_order) else None


def save_departures(path: str | os.PathLike, rows: list[dict]) -> None:
    """One row per method: its seed and setting, the iterations and tolerance used, and the
    departure iteration (empty when the curves never part)."""
    write_csv(
        path,
        COLUMNS,
        [["" if row[key] is None else row[key] for key in COLUMNS] for row in rows],
    )
