"""The post's five takeaways, tested: each claim with its verdict, what shows it and the numbers
behind it; then the stability figure, final cost against the learning rate, when the grid
sweeps the learning rate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.experiment import COST_THRESHOLD, SETTING_KEYS, sweeps_learning_rate
from initbench.report.numbers import configured, counted, iteration, number, percent
from initbench.report.section import Block, Draws, Plot, Section, link

if TYPE_CHECKING:
    import pandas as pd

    from initbench.analysis.baseline import Baseline
    from initbench.analysis.takeaways import Pair, Takeaway
    from initbench.report.results import Results

# The post's five claims, and what each needs among the runs to be tested at all.
CLAIMS = {
    "symmetry": "Zero initialization never breaks symmetry: every hidden unit stays the same.",
    "large_weights": "Too-large initial weights (standard normal × 10) hurt training.",
    "he_relu": "He initialization suits ReLU: with ReLU it trains better than the post's Xavier.",
    "xavier_tanh": "Xavier initialization suits tanh: with tanh it trains better than He.",
    "convergence": (
        "A good initialization (He, Xavier) speeds up convergence and lowers the error, "
        "compared with zeros and random × 10."
    ),
}
NEEDS = {
    "symmetry": "runs from zeros",
    "large_weights": "random and he or xavier",
    "he_relu": "he and xavier under ReLU",
    "xavier_tanh": "he and xavier under tanh",
    "convergence": "he or xavier, and zeros or random",
}
# What shows each claim's evidence, by anchor; the summary table is always in the report,
# the figures only when the grid draws them.
CLAIM_EVIDENCE = {
    "symmetry": ["cost_curves"],
    "large_weights": ["median_costs", "stability"],
    "he_relu": ["median_costs", "stability"],
    "xavier_tanh": ["median_costs", "stability"],
    "convergence": ["median_costs", "summary"],
}
EVIDENCE_TITLES = {
    "cost_curves": "cost curves",
    "median_costs": "median cost curves",
    "stability": "stability figure",
    "summary": "summary table",
}


def takeaways_sentence(runs: pd.DataFrame) -> str:
    from initbench.analysis.takeaways import CLEAR_SHARE

    text = (
        "Each claim is checked setting by setting (activation, learning rate, hidden layers). "
        f"One initialization beats another when its final cost is lower in at least "
        f"{percent(CLEAR_SHARE, digits=3)} of the pairs (one seed of each); a diverged run "
        "counts as final cost ∞."
    )
    if runs.groupby([*SETTING_KEYS, "method"]).size().min() < 2:
        text += (
            " Some methods have a single seed here, so some comparisons rest on a single pair "
            "of runs: add seeds before trusting them."
        )
    return text


def _places(takeaway: Takeaway) -> str:
    """Where a claim holds, compactly: per activation and architecture, "every learning rate"
    or the learning rates."""
    architectures = {result.setting["hidden_layers"] for result in takeaway.results}
    places = []
    keys = dict.fromkeys(
        (result.setting["activation"], result.setting["hidden_layers"])
        for result in takeaway.results
    )
    for activation, layers in keys:
        tried = [
            result
            for result in takeaway.results
            if (result.setting["activation"], result.setting["hidden_layers"])
            == (activation, layers)
        ]
        rates = [result.setting["learning_rate"] for result in tried if result.holds]
        if not rates:
            continue
        where = activation + (f", layers {layers}" if len(architectures) > 1 else "")
        if len(rates) == len(tried):
            places.append(f"{where} (every learning rate)")
        else:
            places.append(f"{where} at learning rate {', '.join(map(configured, rates))}")
    return "; ".join(places)


def verdict_phrase(takeaway: Takeaway) -> str:
    """The verdict, where it holds and how often: "holds only when tanh at learning rate
    0.01 (1 of 2 settings)"."""
    from initbench.analysis import takeaways

    words = {
        takeaways.HOLDS: "holds",
        takeaways.HOLDS_IN_PART: "holds only when",
        takeaways.DOES_NOT_HOLD: "does not hold here",
        takeaways.NOT_TESTED: "not tested here",
    }[takeaway.verdict]
    if takeaway.verdict == takeaways.NOT_TESTED:
        return f"{words} (needs {NEEDS[takeaway.key]})"
    if takeaway.symmetry is not None:
        found = takeaway.symmetry
        return f"{words} ({found.identical} of {counted(found.runs, 'run')})"
    count = f"{len(takeaway.holding)} of {counted(len(takeaway.results), 'setting')}"
    if takeaway.verdict == takeaways.HOLDS_IN_PART:
        return f"{words} {_places(takeaway)} ({count})"
    return f"{words} ({count})"


def _pair_text(pair: Pair) -> str:
    if pair.clearly_lower:
        reading = "clearly lower"
    elif pair.clearly_higher:
        reading = "clearly higher"
    else:
        reading = "no clear difference"
    return (
        f"{pair.claimed_better} median final cost {number(pair.claimed_better_median)} vs "
        f"{pair.other} {number(pair.other_median)}, lower in {percent(pair.share_lower)} of "
        f"seed pairs ({reading})"
    )


def evidence(takeaway: Takeaway, chance: Baseline) -> str:
    """The numbers behind a verdict, setting by setting; ``chance``: what learning nothing
    achieves on these images."""
    from initbench.analysis import takeaways
    from initbench.analysis.summary import setting_label

    if takeaway.verdict == takeaways.NOT_TESTED:
        return f"No setting has {NEEDS[takeaway.key]}."
    if takeaway.symmetry is not None:
        found = takeaway.symmetry
        # Six digits: zero-initialized runs end at the best constant answer's cost, or a hair
        # from it, which three digits would not tell apart.
        return (
            f"After training, {found.identical} of {found.runs} zero-initialized runs still "
            "have hidden units that are exactly equal (largest difference between two units' "
            f"weights: {number(found.largest_spread)}); their final cost ranges "
            f"{number(found.cost_min, 6)}–{number(found.cost_max, 6)} (the best constant answer "
            f"costs {number(chance.cost, 6)}) and their training accuracy "
            f"{percent(found.accuracy_min)}–{percent(found.accuracy_max)} (always answering "
            f"*{chance.majority}*: {percent(chance.accuracy)})."
        )
    lines = []
    for result in takeaway.results:
        details = "; ".join(_pair_text(pair) for pair in result.pairs)
        if result.median_iterations:
            iterations = ", ".join(
                f"{method} {iteration(value, never='most never')}"
                for method, value in result.median_iterations.items()
            )
            accuracy = ", ".join(
                f"{method} {percent(value)}" for method, value in result.median_accuracy.items()
            )
            kind = "held-out" if result.held_out else "training"
            details = (
                f"median iteration where the cost first falls below {COST_THRESHOLD}: "
                f"{iterations}; median {kind} accuracy {accuracy}; {details}"
            )
        answer = "yes" if result.holds else "no"
        lines.append(f"- *{setting_label(**result.setting)}*: {answer} — {details}.")
    text = "\n".join(lines)
    if takeaway.saturation:
        shares = "; ".join(
            f"{activation}: {percent(random)} (He: {percent(he)})"
            for activation, (random, he) in takeaway.saturation.items()
        )
        text += (
            "\n\nAt initialization, the share of the first hidden layer saturated (tanh, "
            f"sigmoid) or dead (ReLU) under random × 10, median over seeds: {shares}."
        )
    return text


def takeaway_section(
    position: int, takeaway: Takeaway, figures: list[str], chance: Baseline
) -> str:
    """The ``position``-th claim as a heading, its verdict, what shows it, and its evidence;
    ``figures``: the figures this report draws."""
    from initbench.analysis import takeaways

    shown = [name for name in CLAIM_EVIDENCE[takeaway.key] if name in figures or name == "summary"]
    where = ""
    if shown and takeaway.verdict != takeaways.NOT_TESTED:
        links = " and the ".join(link(EVIDENCE_TITLES[name], name) for name in shown)
        where = f" Shown in the {links}."
    return (
        f'<a id="takeaway-{takeaway.key.replace("_", "-")}"></a>\n\n'
        f"### {position}. {CLAIMS[takeaway.key]}\n\n"
        f"Verdict: **{verdict_phrase(takeaway)}**.{where}\n\n{evidence(takeaway, chance)}"
    )


def sharpness_sentence(diagnostics: pd.DataFrame) -> str:
    """How many sharpness estimates converged, and where they did not."""
    if diagnostics.empty:
        return (
            "Diagnostics were not asked for, so no 2 / sharpness line is drawn (set "
            "diagnostics: true to draw them)."
        )
    failed = diagnostics[~diagnostics["converged"].astype(bool)]
    if failed.empty:
        return f"All {len(diagnostics)} sharpness estimates converged."
    where = ", ".join(
        f"{activation} {method} ({count})"
        for (activation, method), count in failed.groupby(["activation", "method"]).size().items()
    )
    text = (
        f"{len(failed)} of {len(diagnostics)} sharpness estimates did not converge within the "
        f"Lanczos steps allowed: {where}."
    )
    return text + " A method's line is drawn only where most of its seeds converged."


def stability_sentence(diagnostics: pd.DataFrame, learning_rates: list[float]) -> str:
    """How far to trust the stability figure's lines, or why there is no figure."""
    if len(learning_rates) < 2:
        return (
            f"With one learning rate ({configured(learning_rates[0])}) there is no curve of "
            "final cost against the learning rate to draw: list several under learning_rates "
            "for the stability figure."
        )
    return "**Stability.** " + sharpness_sentence(diagnostics)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def verdict_finding(position: int, takeaway: Takeaway) -> str:
    """The ``position``-th claim's line in the findings: its verdict, linking to its
    evidence."""
    return (
        f"Takeaway {position}, *{CLAIMS[takeaway.key]}* "
        f"**{_capitalized(verdict_phrase(takeaway))}**. "
        f"See {link('the evidence', f'takeaway-{takeaway.key}')}."
    )


def render(results: Results) -> Iterator[Block]:
    from initbench.report.figures import stability

    yield takeaways_sentence(results.runs)
    for position, verdict in enumerate(results.verdicts, start=1):
        yield takeaway_section(position, verdict, results.figure_names, results.chance)
    yield '<a id="stability"></a>'
    yield stability_sentence(results.diagnostics, results.config["learning_rates"])
    if sweeps_learning_rate(results.config):
        figure = stability(results.runs, results.diagnostics, results.method_order)
        yield Plot("stability", figure, wide=True)


def findings(results: Results) -> list[str]:
    return [
        verdict_finding(position, verdict)
        for position, verdict in enumerate(results.verdicts, start=1)
    ]


SECTION = Section(
    name="takeaways",
    heading="The post's takeaways, tested",
    reads=("runs", "diagnostics", "images"),
    draws=(Draws("stability", "3. Takeaways", when=sweeps_learning_rate),),
    render=render,
    findings=findings,
)
