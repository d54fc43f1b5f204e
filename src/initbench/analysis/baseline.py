"""What learning nothing achieves on a dataset: the yardstick every accuracy and cost is read
against (unbalanced classes make it other than a coin toss)."""

import math
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Baseline:
    """What a network that learns nothing from the pixels achieves: always answering the
    majority class is right ``accuracy`` of the time, and the best constant answer (the
    positive class's share) costs ``cost``, the entropy of the classes' prior."""

    majority: str
    accuracy: float
    cost: float

    @property
    def balanced(self) -> bool:
        return self.accuracy == 0.5


def baseline(images: pd.DataFrame) -> Baseline:
    share = float(images["label"].mean())
    cost = -sum(p * math.log(p) for p in (share, 1 - share) if p > 0)
    counts = images["class"].value_counts()
    return Baseline(str(counts.index[0]), float(counts.iloc[0] / len(images)), cost)
