"""The post's five takeaways, tested: each claim with its verdict, what shows it and the numbers
behind it; then the stability figure, final cost against the learning rate, when the grid
sweeps the learning rate."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.analysis.statistics import CANNOT_TELL, DOES_NOT_HOLD, HOLDS
from initbench.experiment import cost_threshold, setting_keys, sweeps_learning_rate
from initbench.report.numbers import (
    configured,
    configured_percent,
    count,
    counted,
    iteration,
    number,
    p_value,
    percent,
    rounded,
    span,
)
from initbench.report.section import Block, Draws, Plot, Section, capitalized, link, listed
from initbench.report.verdicts import VERDICT_WORDS

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
    """How a claim is decided, and a warning where the seeds are too few to decide any."""
    from initbench.analysis.statistics import SIGNIFICANCE, fewest_decisive

    fewest = fewest_decisive()
    text = (
        "Each claim is checked setting by setting (activation, learning rate, hidden layers), "
        "on the runs of two initializations paired by seed. One beats the other when its "
        "final cost is lower in more seeds than chance would give: an exact one-sided sign "
        f"test at {configured_percent(SIGNIFICANCE)}, exact ties left out, a diverged run "
        "counting as final cost ∞. A claim holds in a setting when each comparison it makes "
        "does, and does not hold when one is decided the other way (or every seed ties); "
        "otherwise these seeds cannot tell, and the evidence says how many seeds would, if "
        f"more split as these did. A sign test decides nothing below {fewest} seeds."
    )
    seeds = int(runs.groupby([*setting_keys(runs.columns), "method"]).size().min())
    if seeds < fewest:
        text += (
            f" Some methods here ran {counted(seeds, 'seed')}: add seeds (at least {fewest}) "
            "for verdicts."
        )
    return text


def _where(setting: dict) -> tuple[str, str, str]:
    """A setting but its learning rate: activation, architecture and, where the grid sweeps
    optimizers, ", gd" or ", adam, order 0"."""
    from initbench.analysis.summary import optimization_label

    optimizer = setting.get("optimizer")
    optimization = (
        "" if optimizer is None else f", {optimization_label(optimizer, setting['order_seed'])}"
    )
    return setting["activation"], setting["hidden_layers"], optimization


def _places(takeaway: Takeaway, holding: bool = True) -> str:
    """Where a claim holds (or, ``holding`` False, where it does not), compactly: per
    activation, architecture and optimization, "every learning rate" or the learning rates."""
    architectures = {result.setting["hidden_layers"] for result in takeaway.results}
    places = []
    keys = dict.fromkeys(_where(result.setting) for result in takeaway.results)
    one_rate = len({result.setting["learning_rate"] for result in takeaway.results}) == 1
    for activation, layers, optimization in keys:
        tried = [
            result
            for result in takeaway.results
            if _where(result.setting) == (activation, layers, optimization)
        ]
        rates = [result.setting["learning_rate"] for result in tried if result.holds == holding]
        if not rates:
            continue
        where = activation + (f", layers {layers}" if len(architectures) > 1 else "")
        where += optimization
        if len(rates) == len(tried):
            places.append(where if one_rate else f"{where} (every learning rate)")
        else:
            noun = "learning rate" if len(rates) == 1 else "learning rates"
            places.append(f"{where} at {noun} {', '.join(map(configured, rates))}")
    return "; ".join(places)


def _holds_in_part(takeaway: Takeaway) -> str:
    """Where a claim that holds in some settings holds, or, when it holds in most, where it
    does not: the shorter list of the two."""
    held = len(takeaway.settings_where(HOLDS))
    if held > len(takeaway.results) - held:
        return f"holds except when {_places(takeaway, holding=False)}"
    return f"holds only when {_places(takeaway)}"


def _seeds(takeaway: Takeaway) -> str:
    """The fewest seeds any comparison of the claim rests on."""
    fewest = min(pair.test.pairs for result in takeaway.results for pair in result.pairs)
    return counted(fewest, "seed")


def _tally(takeaway: Takeaway) -> str:
    """How the settings went: "holds in 1, cannot tell in 2 of 3 settings", or "all 3
    settings" when they went alike."""
    total = len(takeaway.results)
    if total == 1:
        return "1 setting"
    if len({result.verdict for result in takeaway.results}) == 1:
        return f"all {total} settings"
    parts = [
        f"{words} in {len(takeaway.settings_where(verdict))}"
        for verdict, words in (
            (HOLDS, "holds"),
            (DOES_NOT_HOLD, "does not hold"),
            (CANNOT_TELL, "cannot tell"),
        )
        if takeaway.settings_where(verdict)
    ]
    return f"{', '.join(parts)} of {total} settings"


def verdict_phrase(takeaway: Takeaway) -> str:
    """The verdict, where it holds and how the settings went: "holds only when tanh at
    learning rate 0.01 (holds in 1, cannot tell in 1 of 2 settings)"."""
    from initbench.analysis import takeaways

    if takeaway.verdict == takeaways.NOT_TESTED:
        return f"not tested here (needs {NEEDS[takeaway.key]})"
    if takeaway.symmetry is not None:
        found = takeaway.symmetry
        words = VERDICT_WORDS[takeaway.verdict]
        return f"{words} ({found.identical} of {counted(found.runs, 'run')})"
    words = {
        HOLDS: "holds",
        takeaways.HOLDS_IN_PART: _holds_in_part(takeaway),
        DOES_NOT_HOLD: "does not hold here",
        CANNOT_TELL: f"cannot tell with {_seeds(takeaway)}",
    }[takeaway.verdict]
    return f"{words} ({_tally(takeaway)})"


# How a comparison reads, by what it compares: each method's median, then the tally's words.
QUANTITIES = {
    "final_cost": ("{method} median final cost {value}", "lower", "higher"),
    "first_iteration_below_threshold": (
        "{method} first below cost {threshold} at iteration {value} (median)",
        "earlier",
        "later",
    ),
}


def _reading(pair: Pair) -> str:
    """What the sign test of one comparison says, and how many seeds would decide it."""
    from initbench.analysis.statistics import MOST_SEEDS_PROJECTED

    test = pair.test
    if pair.verdict == HOLDS:
        return "holds"
    if pair.verdict == DOES_NOT_HOLD:
        return "does not hold" + (": tied in every seed" if test.ties == test.pairs else "")
    if test.ties == test.pairs:
        return "cannot tell: tied in every seed"
    needed = test.seeds_needed()
    if test.lower == test.higher:
        return "cannot tell: the seeds split evenly"
    if needed is None:
        return f"cannot tell: more than {count(MOST_SEEDS_PROJECTED)} seeds would tell"
    return f"cannot tell: about {counted(needed, 'seed')} would tell"


def _pair_text(pair: Pair, threshold: float) -> str:
    medians, better, worse = QUANTITIES[pair.quantity]
    show = number if pair.quantity == "final_cost" else iteration
    test = pair.test
    tally = f"{better} in {test.lower}"
    if test.ties:
        tally += f", {worse} in {test.higher}, tied in {test.ties}"
    claimed = medians.format(
        method=pair.claimed_better,
        value=show(pair.claimed_better_median),
        threshold=rounded(threshold),
    )
    return (
        f"{claimed} vs {pair.other} {show(pair.other_median)}, {tally} of "
        f"{counted(test.pairs, 'seed')} ({p_value(test.p_value)}: {_reading(pair)})"
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
        six_digits = functools.partial(number, digits=6)
        # Balanced classes have no majority: naming one would name a class the runs may
        # never answer.
        answering = (
            f"chance, one class in {chance.classes}"
            if chance.balanced
            else f"always answering *{chance.majority}*"
        )
        return (
            f"After training, {found.identical} of {found.runs} zero-initialized runs still "
            "have hidden units that are exactly equal (largest difference between two units' "
            f"weights: {number(found.largest_spread)}); they end at final cost "
            f"{span(found.cost_min, found.cost_max, six_digits)} (the best constant answer "
            f"costs {six_digits(chance.cost)}) with training accuracy "
            f"{span(found.accuracy_min, found.accuracy_max, percent)} ({answering}: "
            f"{percent(chance.accuracy)})."
        )
    threshold = cost_threshold(chance.classes)
    lines = []
    for result in takeaway.results:
        details = "; ".join(_pair_text(pair, threshold) for pair in result.pairs)
        if result.median_accuracy:
            accuracy = ", ".join(
                f"{method} {percent(value)}" for method, value in result.median_accuracy.items()
            )
            kind = "held-out" if result.held_out else "training"
            details = f"median {kind} accuracy {accuracy}; {details}"
        lines.append(
            f"- *{setting_label(**result.setting)}*: **{VERDICT_WORDS[result.verdict]}** — "
            f"{details}."
        )
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
    shown = [name for name in CLAIM_EVIDENCE[takeaway.key] if name in figures or name == "summary"]
    links = " and the ".join(link(EVIDENCE_TITLES[name], name) for name in shown)
    return (
        f'<a id="takeaway-{takeaway.key.replace("_", "-")}"></a>\n\n'
        f"### {position}. {CLAIMS[takeaway.key]}\n\n"
        f"Verdict: **{verdict_phrase(takeaway)}**. Shown in the {links}.\n\n"
        f"{evidence(takeaway, chance)}"
    )


def numbered(verdicts: list[Takeaway], tested: bool) -> list[tuple[int, Takeaway]]:
    """The takeaways this grid tests (or not), with their numbers in the post's order."""
    from initbench.analysis.takeaways import NOT_TESTED

    return [
        (position, takeaway)
        for position, takeaway in enumerate(verdicts, start=1)
        if (takeaway.verdict != NOT_TESTED) == tested
    ]


def untested_line(verdicts: list[Takeaway]) -> str | None:
    """The takeaways this grid cannot test, together, with what each would need."""
    untested = numbered(verdicts, tested=False)
    if not untested:
        return None
    needs = [f"{position} (needs {NEEDS[takeaway.key]})" for position, takeaway in untested]
    noun = "takeaway" if len(untested) == 1 else "takeaways"
    return f"Not tested by this grid: {noun} {listed(needs)}."


def sharpness_sentence(diagnostics: pd.DataFrame) -> str:
    """How many sharpness estimates converged, and where they did not."""
    if diagnostics.empty:
        return (
            "Diagnostics were not asked for, so no 2 / sharpness line is drawn (set "
            "diagnostics: true to draw them)."
        )
    failed = diagnostics[~diagnostics["converged"].astype(bool)]
    if failed.empty:
        return f"All {len(diagnostics)} estimates of the sharpness at initialization converged."
    where = ", ".join(
        f"{activation} {method} ({count})"
        for (activation, method), count in failed.groupby(["activation", "method"]).size().items()
    )
    text = (
        f"{len(failed)} of {len(diagnostics)} estimates of the sharpness at initialization did "
        f"not converge within the Lanczos steps allowed: {where}."
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
    return (
        "Each method's median final cost at each learning rate of the grid, beside 2 / its "
        "sharpness at initialization, past which a step overshoots. "
        + sharpness_sentence(diagnostics)
    )


def verdict_finding(position: int, takeaway: Takeaway) -> str:
    """The ``position``-th claim's line in the findings: its verdict, then the claim, linking
    to its evidence."""
    return (
        f"**{capitalized(verdict_phrase(takeaway))}**: {CLAIMS[takeaway.key]} "
        f"({link(f'takeaway {position}', f'takeaway-{takeaway.key}')})"
    )


def render(results: Results) -> Iterator[Block]:
    from initbench.report.figures import stability

    yield takeaways_sentence(results.runs)
    for position, takeaway in numbered(results.verdicts, tested=True):
        yield takeaway_section(position, takeaway, results.figure_names, results.chance)
    untested = untested_line(results.verdicts)
    if untested:
        yield untested
    yield '<a id="stability"></a>\n\n### Final cost against the learning rate'
    yield stability_sentence(results.diagnostics, results.config["learning_rates"])
    if sweeps_learning_rate(results.config):
        figure = stability(results.runs, results.diagnostics, results.method_order)
        yield Plot("stability", figure, wide=True)


def findings(results: Results) -> list[str]:
    lines = [
        verdict_finding(position, takeaway)
        for position, takeaway in numbered(results.verdicts, tested=True)
    ]
    untested = untested_line(results.verdicts)
    return lines + ([untested] if untested else [])


SECTION = Section(
    name="takeaways",
    heading="The post's takeaways, tested",
    reads=("runs", "diagnostics", "images", "split"),
    draws=(Draws("stability", "3. Takeaways", when=sweeps_learning_rate),),
    render=render,
    findings=findings,
    question=("Do the post's five takeaways on initialization hold on these images?"),
)
