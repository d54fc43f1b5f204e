"""Cost curves, one panel per initialization: every seed's curve, what one seed alone would have
said, the runs that diverged, and how sensitive training is to the order of the images."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.experiment import SETTING_KEYS
from initbench.report.numbers import (
    configured_percent,
    count,
    counted,
    number,
    percent,
    rounded,
    span,
)
from initbench.report.section import Block, Draws, Plot, Section, link, listed

if TYPE_CHECKING:
    import pandas as pd

    from initbench.report.results import Results


def seeds_sentences(methods: pd.DataFrame, runs: pd.DataFrame, threshold: float) -> list[str]:
    """Per method: what one run would say, and what the seeds say instead, counting the runs
    that end below the cost ``threshold``."""
    from initbench.analysis.summary import QUARTILES_FROM

    sentences = []
    for summary in methods.itertuples(index=False):
        group = runs[runs["method"] == summary.method]
        first = group.iloc[0]
        text = (
            f"**{summary.method}**: seed {first.seed} alone ends at cost "
            f"{number(first.final_cost)} with {percent(first.train_accuracy)} training accuracy"
        )
        costs = span(summary.final_cost_min, summary.final_cost_max)
        accuracies = span(group["train_accuracy"].min(), group["train_accuracy"].max(), percent)
        if summary.runs > 1 and "–" not in costs + accuracies:
            every = "both" if summary.runs == 2 else f"all {summary.runs}"
            text += f"; {every} seeds end so, to the digits shown"
        elif summary.runs > 1:
            learned = int((group["final_cost"] < threshold).sum())
            quartiles = (
                f"quartiles {span(summary.final_cost_q1, summary.final_cost_q3)}, "
                if summary.runs >= QUARTILES_FROM
                else ""
            )
            text += (
                f"; over {summary.runs} seeds the final cost has median "
                f"{number(summary.final_cost_median)} ({quartiles}range {costs}), {learned} of "
                f"{summary.runs} end below {rounded(threshold)}, and accuracy ranges {accuracies}"
            )
        text += "."
        if summary.diverged_runs:
            diverged = group[group["diverged"]]
            where = ", ".join(
                f"seed {run.seed} at iteration {count(run.diverged_at_iteration)}"
                for run in diverged.itertuples(index=False)
            )
            text += (
                f" {counted(summary.diverged_runs, 'run')} diverged, the cost becoming NaN or "
                f"infinite ({where}); a diverged run counts as final cost ∞."
            )
        sentences.append(text)
    return sentences


def off_scale_sentence(runs: pd.DataFrame, costs: pd.DataFrame, ceiling: float) -> str | None:
    """What the dotted line of the cost figures means, when anything is drawn on it."""
    from initbench.report.figures import OFF_SCALE_FACTOR

    diverged = int(runs["diverged"].sum())
    if not diverged and not (costs["cost"] > ceiling).any():
        return None
    return (
        f"{diverged} of {len(runs)} runs diverged. Costs above {number(ceiling)} "
        f"({OFF_SCALE_FACTOR} × the highest starting cost), and every diverged run from the "
        "iteration it diverged, are drawn on the dotted red line: off the scale."
    )


def where_studied(departures: pd.DataFrame) -> str:
    """The one run whose order sensitivity was measured: its seed and setting."""
    from initbench.analysis.summary import setting_label

    first = departures.iloc[0]
    return f"seed {first.seed}, {setting_label(*first[SETTING_KEYS])}"


def order_sensitivity_sentence(departures: pd.DataFrame) -> str:
    """How far each method's run goes before the same run on reversed images parts from it."""
    first = departures.iloc[0]
    tolerance = configured_percent(first.tolerance)
    parted = departures[departures["departure_iteration"].notna()]
    stayed = departures[departures["departure_iteration"].isna()]
    text = (
        "**Order sensitivity.** Each method's run was repeated with the training images in "
        f"reverse order ({where_studied(departures)}), which changes nothing but the order of "
        "floating-point sums."
    )
    if len(parted):
        text += (
            f" The two cost curves part by more than {tolerance} for "
            + ", ".join(
                f"**{row.method}** from iteration {count(row.departure_iteration)}"
                for row in parted.itertuples(index=False)
            )
            + ": rounding differences grow there, the dynamics are chaotic, and one seed's "
            "curve is one sample of many."
        )
    calm = stayed[stayed["diverged_at_iteration"].isna()]
    if len(calm):
        text += (
            f" {listed(f'**{method}**' for method in calm['method'])} "
            f"{'stays' if len(calm) == 1 else 'stay'} within {tolerance} for all "
            f"{count(first.iterations)} iterations compared."
        )
    for row in stayed[stayed["diverged_at_iteration"].notna()].itertuples(index=False):
        text += (
            f" **{row.method}** diverges at iteration {count(row.diverged_at_iteration)} in "
            "both orders, the curves agreeing until then."
        )
    return text


def diverged_finding(runs: pd.DataFrame) -> str | None:
    diverged = runs[runs["diverged"]]
    if diverged.empty:
        return None
    return (
        f"{len(diverged)} of {len(runs)} runs diverged "
        f"({', '.join(sorted(set(diverged['method'])))}). "
        f"See the {link('cost curves', 'cost-curves')}."
    )


def chaos_finding(departures: pd.DataFrame) -> str | None:
    parted = departures[departures["departure_iteration"].notna()]
    if parted.empty:
        return None
    where = ", ".join(
        f"{row.method} from iteration {count(row.departure_iteration)}"
        for row in parted.itertuples(index=False)
    )
    return (
        f"Training is chaotic for {listed(parted['method'])} "
        f"({where_studied(departures)}): reversing the order of the images parts the cost "
        f"curve ({where}). See {link('order sensitivity', 'order-sensitivity')}."
    )


def render(results: Results) -> Iterator[Block]:
    from initbench.report.figures import cost_panels, display_ceiling

    costs, runs = results.costs, results.runs
    yield Plot("cost_curves", cost_panels(costs, results.method_order), wide=True)
    off_scale = off_scale_sentence(runs, costs, display_ceiling(costs))
    if off_scale:
        yield off_scale
    if results.one_setting:
        yield "\n\n".join(seeds_sentences(results.methods, runs, results.cost_threshold))
    yield '<a id="order-sensitivity"></a>'
    yield order_sensitivity_sentence(results.departures)


def findings(results: Results) -> list[str]:
    found = [diverged_finding(results.runs), chaos_finding(results.departures)]
    return [line for line in found if line]


SECTION = Section(
    name="cost_curves",
    heading="Cost curves, one panel per initialization",
    reads=("costs", "runs", "methods", "order_sensitivity", "images", "split"),
    draws=(Draws("cost_curves", "2. Training"),),
    render=render,
    findings=findings,
)
