"""The post's five takeaways, each given a verdict computed from the runs, with its evidence.

Two initializations are compared within one setting (activation, learning rate, layers) on
their runs paired by seed, by the sign test of ``initbench.analysis.statistics``: a claim holds
in a setting when every comparison it makes holds there, does not hold when one is decided
against it, and otherwise these seeds cannot tell. Over the settings, a claim holds when it
holds in every one, holds in part when in some. Everything returned is numbers, names and
codes; the report's takeaways section puts them into words.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from initbench.activations import RECTIFIERS
from initbench.analysis.statistics import (
    CANNOT_TELL,
    DOES_NOT_HOLD,
    HOLDS,
    SignTest,
    sign_test,
)
from initbench.analysis.summary import by_setting, held_out
from initbench.experiment import setting_keys

# Over the settings: in some only, or no setting has what the claim needs.
HOLDS_IN_PART, NOT_TESTED = "in_part", "untested"

# What a comparison compares: the final cost, or how soon the cost first falls below the
# threshold (a run that never does counting as never, later than any).
FINAL_COST, ITERATIONS = "final_cost", "first_iteration_below_threshold"


@dataclass(frozen=True)
class Pair:
    """The method a claim says is better against the other, on ``quantity`` over the seeds
    both ran: each one's median, and the sign test of the first being lower."""

    claimed_better: str
    other: str
    quantity: str
    claimed_better_median: float
    other_median: float
    test: SignTest

    @property
    def verdict(self) -> str:
        return self.test.verdict


@dataclass(frozen=True)
class SettingResult:
    """Whether the claim holds in one setting (``HOLDS``, ``DOES_NOT_HOLD``, ``CANNOT_TELL``),
    and the comparisons that decide it.

    ``median_accuracy``: per method, held-out accuracy when images were held out, else
    training accuracy; only for the convergence claim.
    """

    setting: dict
    verdict: str
    pairs: list[Pair]
    median_accuracy: dict[str, float] = field(default_factory=dict)
    held_out: bool = False

    @property
    def holds(self) -> bool:
        return self.verdict == HOLDS


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

    def settings_where(self, verdict: str) -> list[SettingResult]:
        return [result for result in self.results if result.verdict == verdict]


def paired_values(runs: pd.DataFrame, first: str, second: str, quantity: str) -> pd.DataFrame:
    """``quantity`` of methods ``first`` and ``second`` side by side, one row per seed both
    ran (a never-reached threshold as ∞)."""
    values = runs.assign(value=runs[quantity].astype("float64").fillna(np.inf))
    one, other = (values.loc[values["method"] == m, ["seed", "value"]] for m in (first, second))
    return one.merge(other, on="seed", suffixes=("_first", "_second"), validate="one_to_one")


def _pair(runs: pd.DataFrame, better: str, worse: str, quantity: str = FINAL_COST) -> Pair | None:
    paired = paired_values(runs, better, worse, quantity)
    if paired.empty:
        return None
    first, second = paired["value_first"], paired["value_second"]
    return Pair(
        better,
        worse,
        quantity,
        float(first.median()),
        float(second.median()),
        sign_test(first.tolist(), second.tolist()),
    )


def _setting_of(group: pd.DataFrame) -> dict:
    first = group.iloc[0]
    return {key: first[key] for key in setting_keys(group.columns)}


def combined(verdicts: list[str]) -> str:
    """A claim made of comparisons that must all hold: it holds when each does, does not when
    any does not, and otherwise cannot be told."""
    if all(verdict == HOLDS for verdict in verdicts):
        return HOLDS
    return DOES_NOT_HOLD if DOES_NOT_HOLD in verdicts else CANNOT_TELL


def _verdict(results: list[SettingResult]) -> str:
    """The claim over the settings tested."""
    if not results:
        return NOT_TESTED
    verdicts = [result.verdict for result in results]
    if all(verdict == HOLDS for verdict in verdicts):
        return HOLDS
    if HOLDS in verdicts:
        return HOLDS_IN_PART
    return DOES_NOT_HOLD if DOES_NOT_HOLD in verdicts else CANNOT_TELL


def _compare_everywhere(
    runs: pd.DataFrame, pairs: list[tuple[str, str]], activations=None
) -> list[SettingResult]:
    """Per setting: does the first of each pair beat the second?"""
    results = []
    for _, group in by_setting(runs):
        if activations is not None and group["activation"].iloc[0] not in activations:
            continue
        compared = [_pair(group, better, worse) for better, worse in pairs]
        compared = [pair for pair in compared if pair is not None]
        if compared:
            verdict = combined([pair.verdict for pair in compared])
            results.append(SettingResult(_setting_of(group), verdict, compared))
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
        pairs = [
            _pair(group, g, b, quantity)
            for g in good
            for b in bad
            for quantity in (ITERATIONS, FINAL_COST)
        ]
        results.append(
            SettingResult(
                _setting_of(group),
                combined([pair.verdict for pair in pairs]),
                pairs,
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
