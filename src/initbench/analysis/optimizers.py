"""Does the optimizer change which initialization trains better, or by how much?

In each setting (activation, learning rate, architecture), every optimization of the grid (an
optimizer and the seed of its batches' order) is set beside a reference one: the post's
gradient descent where the grid has it, else the grid's first. For each pair of
initializations, on runs paired by the initialization's seed:

- the ranking: which of the two ends at the lower final cost, by a sign test under each
  optimization; the optimizer *reverses* it when the two are decided in opposite directions;
- the gap: whether ``|cost_first - cost_second|`` is smaller under the optimization than under
  the reference, seed by seed (the same initial networks under both), by a sign test.

A seed where either optimization leaves the gap undefined (both runs diverged) is left out.
"""

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd

from initbench.analysis.statistics import CANNOT_TELL, DOES_NOT_HOLD, HOLDS, SignTest, sign_test
from initbench.experiment import OPTIMIZATION_KEYS, POST_OPTIMIZATION, SETTING_KEYS


def reversed_test(test: SignTest) -> SignTest:
    """The same pairs read the other way: "second lower than first"."""
    return SignTest(test.higher, test.lower, test.ties)


def direction(test: SignTest) -> str:
    """``lower`` or ``higher`` when the sign test decides that the first ends lower or higher,
    else ``undecided``."""
    if test.verdict == HOLDS:
        return "lower"
    if reversed_test(test).verdict == HOLDS:
        return "higher"
    return "undecided"


@dataclass(frozen=True)
class GapChange:
    """One pair of initializations under an optimization and under the reference."""

    setting: dict
    reference: tuple[str, int]
    optimization: tuple[str, int]
    first: str
    second: str
    # "first lower than second", under the reference and under the optimization.
    under_reference: SignTest
    under_optimization: SignTest
    # "the gap is narrower under the optimization than under the reference".
    narrower: SignTest

    @property
    def reverses(self) -> str:
        """Whether the optimization reverses the reference's ranking: it holds when the two
        are decided in opposite directions, does not when in the same, else cannot tell."""
        before, after = direction(self.under_reference), direction(self.under_optimization)
        if "undecided" in (before, after):
            return CANNOT_TELL
        return HOLDS if before != after else DOES_NOT_HOLD

    @property
    def gap(self) -> str:
        """``narrower``, ``wider`` or ``undecided``: the sign test's decision on the gap."""
        return {"lower": "narrower", "higher": "wider"}.get(direction(self.narrower), "undecided")


def reference_of(optimizations: list[tuple[str, int]]) -> tuple[str, int]:
    """The post's gradient descent when the grid has it, else its first optimization."""
    post = (POST_OPTIMIZATION["optimizer"], POST_OPTIMIZATION["order_seed"])
    return post if post in optimizations else optimizations[0]


def final_costs(runs: pd.DataFrame, method: str) -> pd.Series:
    """A method's final costs by seed (a diverged run's as ∞)."""
    own = runs[runs["method"] == method]
    return own.set_index("seed")["final_cost"].astype("float64")


def gaps(runs: pd.DataFrame, first: str, second: str) -> pd.Series:
    """``|cost_first - cost_second|`` by seed: ∞ where one diverged, NaN where both did."""
    with np.errstate(invalid="ignore"):
        return (final_costs(runs, first) - final_costs(runs, second)).abs()


def gap_changes(runs: pd.DataFrame, methods: list[str]) -> list[GapChange]:
    """Every pair of ``methods`` (in their order) under every optimization of every setting,
    beside the setting's reference optimization."""
    found = []
    for setting, in_setting in runs.groupby(SETTING_KEYS, sort=False):
        by_optimization = dict(list(in_setting.groupby(OPTIMIZATION_KEYS, sort=False)))
        reference = reference_of(list(by_optimization))
        for optimization, chosen in by_optimization.items():
            if optimization == reference:
                continue
            base = by_optimization[reference]
            present = [m for m in methods if (chosen["method"] == m).any()]
            for first, second in combinations(present, 2):
                found.append(
                    _gap_change(
                        dict(zip(SETTING_KEYS, setting, strict=True)),
                        (reference, base),
                        (optimization, chosen),
                        first,
                        second,
                    )
                )
    return found


def _ranking(runs: pd.DataFrame, first: str, second: str, seeds: pd.Index) -> SignTest:
    one, other = final_costs(runs, first), final_costs(runs, second)
    return sign_test(one[seeds].tolist(), other[seeds].tolist())


def _gap_change(setting, reference, optimization, first, second) -> GapChange:
    (reference_name, base), (optimization_name, chosen) = reference, optimization
    before, after = gaps(base, first, second), gaps(chosen, first, second)
    paired = pd.concat({"before": before, "after": after}, axis=1, join="inner").dropna()
    return GapChange(
        setting=setting,
        reference=tuple(reference_name),
        optimization=tuple(optimization_name),
        first=first,
        second=second,
        under_reference=_ranking(base, first, second, paired.index),
        under_optimization=_ranking(chosen, first, second, paired.index),
        narrower=sign_test(paired["after"].tolist(), paired["before"].tolist()),
    )
