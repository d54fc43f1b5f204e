"""The post's five takeaways, each given a verdict computed from the runs.

Two initializations are compared within one setting (activation, learning rate, layers) over
their seeds: A beats B when A's final cost is lower than B's in at least ``CLEAR_SHARE`` of
all (seed of A, seed of B) pairs, ties counting half. A claim holds when it holds in every
setting tested, holds only in some, or does not hold here.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from initbench.summary import COST_THRESHOLD, by_setting

# The share of seed pairs that makes a difference clear rather than luck of the seeds.
CLEAR_SHARE = 0.75
RECTIFIERS = ("relu", "leaky_relu")


@dataclass(frozen=True)
class Verdict:
    claim: str
    verdict: str  # "holds", "holds only when …", "does not hold here" or "not tested here"
    evidence: str  # Markdown: the numbers behind the verdict
    figure: str  # which figure of the report shows it


def share_lower(a: pd.Series, b: pd.Series) -> float:
    """The share of pairs (one value of ``a``, one of ``b``) where ``a``'s is lower."""
    a, b = a.to_numpy(dtype=float)[:, None], b.to_numpy(dtype=float)[None, :]
    return float(np.mean((a < b) + 0.5 * (a == b)))


def _beats(runs: pd.DataFrame, better: str, worse: str) -> tuple[bool, str] | None:
    """Whether ``better`` beats ``worse`` on final cost in this setting, and the numbers."""
    a = runs.loc[runs["method"] == better, "final_cost"]
    b = runs.loc[runs["method"] == worse, "final_cost"]
    if a.empty or b.empty:
        return None
    share = share_lower(a, b)
    if share >= CLEAR_SHARE:
        reading = "clearly lower"
    elif share <= 1 - CLEAR_SHARE:
        reading = "clearly higher"
    else:
        reading = "no clear difference"
    text = (
        f"{better} median final cost {a.median():.3g} vs {worse} {b.median():.3g}, "
        f"lower in {share:.0%} of seed pairs ({reading})"
    )
    return share >= CLEAR_SHARE, text


def _verdict(results: list[tuple[dict, bool]]) -> str:
    """ "holds", "does not hold here", or "holds only when …" naming where, compactly: per
    activation and architecture, "at every learning rate" or the learning rates."""
    if not results:
        return "not tested here"
    holding = [setting for setting, holds in results if holds]
    if len(holding) == len(results):
        return "holds"
    if not holding:
        return "does not hold here"
    architectures = {setting["hidden_layers"] for setting, _ in results}
    places = []
    for key in dict.fromkeys((s["activation"], s["hidden_layers"]) for s, _ in results):
        rates = [
            s["learning_rate"] for s in holding if (s["activation"], s["hidden_layers"]) == key
        ]
        tried = [
            s["learning_rate"] for s, _ in results if (s["activation"], s["hidden_layers"]) == key
        ]
        if not rates:
            continue
        where = key[0] + (f", layers {key[1]}" if len(architectures) > 1 else "")
        if len(rates) == len(tried):
            places.append(f"{where} (every learning rate)")
        else:
            places.append(f"{where} at learning rate {', '.join(f'{rate:g}' for rate in rates)}")
    return "holds only when " + "; ".join(places)


def _compare_everywhere(
    runs: pd.DataFrame, pairs: list[tuple[str, str]], activations=None
) -> tuple[str, str]:
    """Verdict and evidence of "the first of each pair beats the second", setting by setting."""
    results, lines = [], []
    for label, group in by_setting(runs):
        if activations is not None and group["activation"].iloc[0] not in activations:
            continue
        compared = [_beats(group, better, worse) for better, worse in pairs]
        compared = [found for found in compared if found is not None]
        if not compared:
            continue
        holds = all(found[0] for found in compared)
        results.append((_setting_of(group), holds))
        details = "; ".join(text for _, text in compared)
        lines.append(f"- *{label}*: {'yes' if holds else 'no'} — {details}.")
    if not results:
        named = " and ".join(sorted({method for pair in pairs for method in pair}))
        where = f" with {' or '.join(activations)}" if activations is not None else ""
        return _verdict(results), f"No setting{where} has runs of {named}."
    return _verdict(results), "\n".join(lines)


def zeros_never_break_symmetry(runs: pd.DataFrame) -> Verdict:
    claim = "Zero initialization never breaks symmetry: every hidden unit stays the same."
    zeros = runs[runs["method"] == "zeros"]
    if zeros.empty:
        return Verdict(claim, "not tested here", "No run starts from zeros.", "cost curves")
    identical = int((zeros["final_unit_spread"] == 0).sum())
    verdict = "holds" if identical == len(zeros) else "does not hold here"
    evidence = (
        f"After training, {identical} of {len(zeros)} zero-initialized runs still have hidden "
        "units that are exactly equal (largest difference between two units' weights: "
        f"{zeros['final_unit_spread'].max():.3g}); their final cost ranges "
        f"{zeros['final_cost'].min():.6g}–{zeros['final_cost'].max():.6g} "
        f"(ln 2 = {np.log(2):.6g} is a coin toss) and their training accuracy "
        f"{zeros['train_accuracy'].min():.0%}–{zeros['train_accuracy'].max():.0%}."
    )
    return Verdict(claim, verdict, evidence, "cost curves (zeros panel)")


def large_weights_hurt(runs: pd.DataFrame, diagnostics: pd.DataFrame) -> Verdict:
    claim = "Too-large initial weights (standard normal × 10) hurt training."
    pairs = [("he", "random"), ("xavier", "random")]
    verdict, evidence = _compare_everywhere(runs, pairs)
    if diagnostics.empty:  # diagnostics not asked for
        return Verdict(claim, verdict, evidence, "median cost curves and the stability figure")
    saturation = diagnostics[diagnostics["method"].isin(["random", "he"])].pivot_table(
        index="activation", columns="method", values="layer1_saturated_fraction", aggfunc="median"
    )
    if {"random", "he"} <= set(saturation.columns):
        shares = "; ".join(
            f"{activation}: {row['random']:.0%} (He: {row['he']:.0%})"
            for activation, row in saturation.iterrows()
        )
        evidence += (
            "\n\nAt initialization, the share of the first hidden layer saturated (tanh, "
            f"sigmoid) or dead (ReLU) under random × 10, median over seeds: {shares}."
        )
    return Verdict(claim, verdict, evidence, "median cost curves and the stability figure")


def he_suits_relu(runs: pd.DataFrame) -> Verdict:
    claim = "He initialization suits ReLU: with ReLU it trains better than the post's Xavier."
    verdict, evidence = _compare_everywhere(runs, [("he", "xavier")], RECTIFIERS)
    return Verdict(claim, verdict, evidence, "median cost curves (ReLU panels)")


def xavier_suits_tanh(runs: pd.DataFrame) -> Verdict:
    claim = "Xavier initialization suits tanh: with tanh it trains better than He."
    verdict, evidence = _compare_everywhere(runs, [("xavier", "he")], ("tanh",))
    return Verdict(claim, verdict, evidence, "median cost curves (tanh panels)")


def good_init_converges_faster(runs: pd.DataFrame) -> Verdict:
    claim = (
        "A good initialization (He, Xavier) speeds up convergence and lowers the error, "
        "compared with zeros and random × 10."
    )
    good = [method for method in ("he", "xavier") if method in set(runs["method"])]
    bad = [method for method in ("zeros", "random") if method in set(runs["method"])]
    figure = "median cost curves and the summary table"
    if not good or not bad:
        evidence = "Needs he or xavier, and zeros or random, among the methods."
        return Verdict(claim, _verdict([]), evidence, figure)
    results, lines = [], []
    for label, group in by_setting(runs):
        reached = {
            method: _median_iteration(group[group["method"] == method]) for method in good + bad
        }
        faster = all(reached[g] < reached[b] for g in good for b in bad)
        lower = all(
            share_lower(
                group.loc[group["method"] == g, "final_cost"],
                group.loc[group["method"] == b, "final_cost"],
            )
            >= CLEAR_SHARE
            for g in good
            for b in bad
        )
        error = _error_text(group, good + bad)
        results.append((_setting_of(group), faster and lower))
        iterations = ", ".join(
            f"{method} {_iterations_text(value)}" for method, value in reached.items()
        )
        lines.append(
            f"- *{label}*: {'yes' if faster and lower else 'no'} — median iteration where the "
            f"cost first falls below {COST_THRESHOLD}: {iterations}; {error}."
        )
    return Verdict(claim, _verdict(results), "\n".join(lines), figure)


def _setting_of(group: pd.DataFrame) -> dict:
    first = group.iloc[0]
    return {key: first[key] for key in ("activation", "learning_rate", "hidden_layers")}


def _median_iteration(group: pd.DataFrame) -> float:
    """The median iteration below the threshold, a run that never gets there counting as ∞."""
    reached = group["first_iteration_below_threshold"].astype("float64").fillna(np.inf)
    return float(np.median(reached)) if len(reached) else np.inf


def _iterations_text(value: float) -> str:
    return "never" if not np.isfinite(value) else f"{value:.0f}"


def _error_text(group: pd.DataFrame, methods: list[str]) -> str:
    """Median held-out accuracy when images were held out, else median training accuracy."""
    column = "test_accuracy" if group["test_accuracy"].notna().any() else "train_accuracy"
    name = "held-out" if column == "test_accuracy" else "training"
    medians = ", ".join(
        f"{method} {group.loc[group['method'] == method, column].median():.0%}"
        for method in methods
    )
    return f"median {name} accuracy {medians}"


def all_takeaways(runs: pd.DataFrame, diagnostics: pd.DataFrame) -> list[Verdict]:
    return [
        zeros_never_break_symmetry(runs),
        large_weights_hurt(runs, diagnostics),
        he_suits_relu(runs),
        xavier_suits_tanh(runs),
        good_init_converges_faster(runs),
    ]
