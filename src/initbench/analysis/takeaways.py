"""The post's five takeaways, each given a verdict computed from the runs, with its evidence.

Two initializations are compared within one setting (activation, learning rate, layers) over
their seeds: A beats B when A's final cost is lower than B's in at least ``CLEAR_SHARE`` of
all (seed of A, seed of B) pairs, ties counting half. A claim holds when it holds in every
setting tested, holds only in some, or does not hold here. Everything returned is numbers,
names and codes; the report's takeaways section puts them into words.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from initbench.analysis.summary import by_setting, first_below_median, held_out
from initbench.experiment import SETTING_KEYS
from initbench.training.activations import RECTIFIERS

# The share of seed pairs that makes a difference clear rather than luck of the seeds.
CLEAR_SHARE = 0.75

# Verdicts: in every setting tested, in some, in none, or no setting has what the claim needs.
HOLDS, HOLDS_IN_PART, DOES_NOT_HOLD, NOT_TESTED = "holds", "in_part", "does_not_hold", "untested"


@dataclass(frozen=True)
class Pair:
    """The method a claim says is better against the other, on final cost over every pair of
    their seeds: ``share_lower`` is the share of pairs where the first's is lower."""

    claimed_better: str
    other: str
    claimed_better_median: float
    other_median: float
    share_lower: float

    @property
    def clearly_lower(self) -> bool:
        return self.share_lower >= CLEAR_SHARE

    @property
    def clearly_higher(self) -> bool:
        return self.share_lower <= 1 - CLEAR_SHARE


@dataclass(frozen=True)
class SettingResult:
    """Whether the claim holds in one setting, and the comparisons that decide it.

    ``median_iterations``: per method, the median first iteration below the cost threshold (∞
    when most runs never get there); ``median_accuracy``: per method, held-out accuracy when
    images were held out, else training accuracy. Both only for the convergence claim.
    """

    setting: dict
    holds: bool
    pairs: list[Pair]
    median_iterations: dict[str, float] = field(default_factory=dict)
    median_accuracy: dict[str, float] = field(default_factory=dict)
    held_out: bool = False


@dataclass(frozen=True)
class Symmetry:
    """Zero-initialized runs: how many kept identical hidden units, and where they ended."""

    runs: int
    identical: int
    largest_spread: float
    cost_min: float
    cost_max: float
    accuracy_min: float
    accuracy_max: float


@dataclass(frozen=True)
class Takeaway:
    """One of the post's claims (``key``), its verdict and the evidence behind it.

    ``saturation``: per activation, the median share of the first hidden layer saturated or
    dead at initialization, under random × 10 and under He (from the diagnostics).
    """

    key: str
    verdict: str
    results: list[SettingResult] = field(default_factory=list)
    symmetry: Symmetry | None = None
    saturation: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def holding(self) -> list[SettingResult]:
        return [result for result in self.results if result.holds]


def share_lower(a: pd.Series, b: pd.Series) -> float:
    """The share of pairs (one value of ``a``, one of ``b``) where ``a``'s is lower."""
    a, b = a.to_numpy(dtype=float)[:, None], b.to_numpy(dtype=float)[None, :]
    return float(np.mean((a < b) + 0.5 * (a == b)))


def _pair(runs: pd.DataFrame, better: str, worse: str) -> Pair | None:
    a = runs.loc[runs["method"] == better, "final_cost"]
    b = runs.loc[runs["method"] == worse, "final_cost"]
    if a.empty or b.empty:
        return None
    return Pair(better, worse, float(a.median()), float(b.median()), share_lower(a, b))


def _setting_of(group: pd.DataFrame) -> dict:
    first = group.iloc[0]
    return {key: first[key] for key in SETTING_KEYS}


def _verdict(results: list[SettingResult]) -> str:
    if not results:
        return NOT_TESTED
    holding = sum(result.holds for result in results)
    if holding == len(results):
        return HOLDS
    return HOLDS_IN_PART if holding else DOES_NOT_HOLD


def _compare_everywhere(
    runs: pd.DataFrame, pairs: list[tuple[str, str]], activations=None
) -> list[SettingResult]:
    """Per setting: does the first of each pair clearly beat the second?"""
    results = []
    for _, group in by_setting(runs):
        if activations is not None and group["activation"].iloc[0] not in activations:
            continue
        compared = [_pair(group, better, worse) for better, worse in pairs]
        compared = [pair for pair in compared if pair is not None]
        if compared:
            holds = all(pair.clearly_lower for pair in compared)
            results.append(SettingResult(_setting_of(group), holds, compared))
    return results


def zeros_never_break_symmetry(runs: pd.DataFrame) -> Takeaway:
    zeros = runs[runs["method"] == "zeros"]
    if zeros.empty:
        return Takeaway("symmetry", NOT_TESTED)
    symmetry = Symmetry(
        runs=len(zeros),
        identical=int((zeros["final_unit_spread"] == 0).sum()),
        largest_spread=float(zeros["final_unit_spread"].max()),
        cost_min=float(zeros["final_cost"].min()),
        cost_max=float(zeros["final_cost"].max()),
        accuracy_min=float(zeros["train_accuracy"].min()),
        accuracy_max=float(zeros["train_accuracy"].max()),
    )
    verdict = HOLDS if symmetry.identical == symmetry.runs else DOES_NOT_HOLD
    return Takeaway("symmetry", verdict, symmetry=symmetry)


def large_weights_hurt(runs: pd.DataFrame, diagnostics: pd.DataFrame) -> Takeaway:
    results = _compare_everywhere(runs, [("he", "random"), ("xavier", "random")])
    saturation = {}
    if not diagnostics.empty:  # diagnostics asked for
        medians = diagnostics[diagnostics["method"].isin(["random", "he"])].pivot_table(
            index="activation",
            columns="method",
            values="layer1_saturated_fraction",
            aggfunc="median",
        )
        if {"random", "he"} <= set(medians.columns):
            saturation = {
                activation: (float(row["random"]), float(row["he"]))
                for activation, row in medians.iterrows()
            }
    return Takeaway("large_weights", _verdict(results), results, saturation=saturation)


def he_suits_relu(runs: pd.DataFrame) -> Takeaway:
    results = _compare_everywhere(runs, [("he", "xavier")], RECTIFIERS)
    return Takeaway("he_relu", _verdict(results), results)


def xavier_suits_tanh(runs: pd.DataFrame) -> Takeaway:
    results = _compare_everywhere(runs, [("xavier", "he")], ("tanh",))
    return Takeaway("xavier_tanh", _verdict(results), results)


GOOD, BAD = ("he", "xavier"), ("zeros", "random")


def good_init_converges_faster(runs: pd.DataFrame) -> Takeaway:
    present = set(runs["method"])
    good = [method for method in GOOD if method in present]
    bad = [method for method in BAD if method in present]
    if not good or not bad:
        return Takeaway("convergence", NOT_TESTED)
    images_held_out = held_out(runs)
    accuracy = "test_accuracy" if images_held_out else "train_accuracy"
    results = []
    for _, group in by_setting(runs):
        of = {method: group[group["method"] == method] for method in good + bad}
        iterations = {method: first_below_median(rows) for method, rows in of.items()}
        pairs = [_pair(group, g, b) for g in good for b in bad]
        faster = all(iterations[g] < iterations[b] for g in good for b in bad)
        holds = faster and all(pair.clearly_lower for pair in pairs)
        results.append(
            SettingResult(
                _setting_of(group),
                holds,
                pairs,
                median_iterations=iterations,
                median_accuracy={m: float(rows[accuracy].median()) for m, rows in of.items()},
                held_out=images_held_out,
            )
        )
    return Takeaway("convergence", _verdict(results), results)


def all_takeaways(runs: pd.DataFrame, diagnostics: pd.DataFrame) -> list[Takeaway]:
    return [
        zeros_never_break_symmetry(runs),
        large_weights_hurt(runs, diagnostics),
        he_suits_relu(runs),
        xavier_suits_tanh(runs),
        good_init_converges_faster(runs),
    ]
