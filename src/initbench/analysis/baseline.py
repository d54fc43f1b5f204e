"""What learning nothing achieves on a dataset: the yardstick every accuracy and cost is read
against (with unbalanced classes, or more than two, it is no coin toss)."""

import math
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Baseline:
    """What a network that learns nothing from the pixels achieves on ``classes`` classes:
    always answering the majority class is right ``accuracy`` of the time, and the best
    constant answer (each class's share) costs ``cost``, the entropy of the classes' prior:
    ln ``classes`` when they are balanced."""

    majority: str
    accuracy: float
    cost: float
    classes: int

    @property
    def balanced(self) -> bool:
        # The majority's share is 1 / classes exactly when every class has as many images.
        return math.isclose(self.accuracy * self.classes, 1.0)


def baseline(images: pd.DataFrame) -> Baseline:
    """The baseline of ``images`` (``class`` and ``label`` columns): the images the runs train
    and test on."""
    shares = images["label"].value_counts(normalize=True)
    cost = -sum(share * math.log(share) for share in shares)
    counts = images["class"].value_counts()
    return Baseline(
        str(counts.index[0]), float(counts.iloc[0] / len(images)), float(cost), len(counts)
    )
