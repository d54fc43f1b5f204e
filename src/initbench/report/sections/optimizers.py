"""Optimizers: each initialization's median final cost under every optimization of the grid,
and whether an optimizer reverses which of two initializations ends lower, or narrows or
widens the gap between them (``initbench.analysis.optimizers``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.analysis.statistics import DOES_NOT_HOLD, HOLDS, SIGNIFICANCE
from initbench.experiment import compares_optimizations, setting_keys
from initbench.report.numbers import configured_percent, count, number, p_value
from initbench.report.section import Block, Section, Table, link
from initbench.report.verdicts import VERDICT_WORDS

if TYPE_CHECKING:
    import pandas as pd

    from initbench.analysis.optimizers import GapChange
    from initbench.analysis.statistics import SignTest
    from initbench.report.results import Results


def medians_table(methods: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """Each optimization's median final cost per initialization, a row per setting and
    optimization."""
    import pandas as pd

    from initbench.analysis.summary import optimization_label, setting_label

    rows = {}
    for (*setting, optimizer, order_seed), group in methods.groupby(
        setting_keys(methods.columns), sort=False
    ):
        label = f"{setting_label(*setting)}: {optimization_label(optimizer, order_seed)}"
        medians = group.set_index("method")["final_cost_median"]
        rows[label] = {method: number(medians[method]) for method in order if method in medians}
    return pd.DataFrame.from_dict(rows, orient="index")


def leading(test: SignTest, first: str, second: str) -> tuple[str, str]:
    """The side of a sign test that wins more pairs (``first`` when it is "lower",
    ``second`` when "higher"), and "9 of 10 (p = 0.011)": its wins among all pairs and its
    p-value."""
    from initbench.analysis.optimizers import reversed_test

    if test.higher > test.lower:
        side, wins, p = second, test.higher, reversed_test(test).p_value
    else:
        side, wins, p = first, test.lower, test.p_value
    return side, f"{count(wins)} of {count(test.pairs)} ({p_value(p)})"


def ranking_words(test: SignTest, first: str, second: str) -> str:
    """ "he lower in 9 of 10 (p = 0.011)", whichever of the two ends lower more often."""
    name, tally = leading(test, first, second)
    return f"{name} lower in {tally}"


def gap_words(change: GapChange) -> str:
    """ "narrower in 8 of 10 (p = 0.055)", or wider."""
    side, tally = leading(change.narrower, "narrower", "wider")
    return f"{side} in {tally}"


def changes_table(changes: list[GapChange], several_settings: bool) -> pd.DataFrame:
    """A row per optimization and pair of initializations."""
    import pandas as pd

    from initbench.analysis.summary import optimization_label, setting_label

    rows = []
    for change in changes:
        row = {"Setting": setting_label(**change.setting)} if several_settings else {}
        pair = (change.first, change.second)
        rows.append(
            {
                **row,
                "Optimizer": optimization_label(*change.optimization),
                "Pair": f"{change.first} vs {change.second}",
                f"Under {optimization_label(*change.reference)}": ranking_words(
                    change.under_reference, *pair
                ),
                "Under it": ranking_words(change.under_optimization, *pair),
                "Reverses the ranking": VERDICT_WORDS[change.reverses],
                "Gap": gap_words(change),
            }
        )
    return pd.DataFrame(rows)


def introduction(changes: list[GapChange]) -> str:
    from initbench.analysis.summary import optimization_label

    references = sorted({optimization_label(*change.reference) for change in changes})
    return (
        f"Each optimization beside {' and '.join(references)}, the reference, for each pair of "
        "initializations on runs paired by the initialization's seed (the same initial "
        "networks under both): the ranking is which of the two ends at the lower final cost "
        f"in more seeds than chance would give (an exact one-sided sign test at "
        f"{configured_percent(SIGNIFICANCE)}, ties left out); an optimizer reverses it when "
        "the reference and it are decided in opposite directions. The gap is the size of the "
        "difference between the two final costs, compared seed by seed with the reference's "
        "by the same test (a seed where both runs diverged under either is left out)."
    )


def by_optimization(changes: list[GapChange]) -> dict[tuple[str, int], list[GapChange]]:
    """The comparisons of each optimization beside the reference, in the grid's order."""
    grouped: dict[tuple[str, int], list[GapChange]] = {}
    for change in changes:
        grouped.setdefault(change.optimization, []).append(change)
    return grouped


def tally(changes: list[GapChange]) -> dict[str, int]:
    """How many comparisons reverse the ranking, keep it or cannot tell, and whose gap
    narrows or widens."""
    reverses = [change.reverses for change in changes]
    gaps = [change.gap for change in changes]
    return {
        "reversed": reverses.count(HOLDS),
        "kept": reverses.count(DOES_NOT_HOLD),
        "undecided": len(changes) - reverses.count(HOLDS) - reverses.count(DOES_NOT_HOLD),
        "narrower": gaps.count("narrower"),
        "wider": gaps.count("wider"),
    }


def verdict_line(changes: list[GapChange], several_settings: bool) -> str:
    """One optimization's verdict: in how many comparisons it reverses the ranking (each
    named, with its sign test), keeps it or cannot tell, and how the gap goes."""
    from initbench.analysis.summary import optimization_label, setting_label

    first = changes[0]
    counts = tally(changes)
    named = [
        (f"{setting_label(**change.setting)}: " if several_settings else "")
        + ranking_words(change.under_optimization, change.first, change.second)
        + f" where {optimization_label(*change.reference)} had "
        + ranking_words(change.under_reference, change.first, change.second)
        for change in changes
        if change.reverses == HOLDS
    ]
    reverses = (
        f"reverses the ranking in {count(counts['reversed'])} of {count(len(changes))} "
        f"comparisons ({'; '.join(named)})"
        if named
        else f"reverses the ranking in none of {count(len(changes))} comparisons"
    )
    return (
        f"**{optimization_label(*first.optimization)}** beside "
        f"{optimization_label(*first.reference)}: {reverses}, keeps it in "
        f"{count(counts['kept'])} and cannot tell in {count(counts['undecided'])}; the gap "
        f"narrows in {count(counts['narrower'])} and widens in {count(counts['wider'])} (the "
        "rest cannot tell)."
    )


def finding(changes: list[GapChange]) -> str:
    """The findings' line: how many comparisons the optimizer reverses, and narrows, and how
    many each optimization reverses."""
    from initbench.analysis.summary import optimization_label

    counts = tally(changes)
    grouped = by_optimization(changes)
    each = "; ".join(
        f"{optimization_label(*optimization)}: "
        f"{count(tally(found)['reversed'])} of {count(len(found))}"
        for optimization, found in grouped.items()
    )
    per_optimization = f" ({each})" if len(grouped) > 1 else ""
    return (
        f"The optimizer reverses which initialization ends lower in {count(counts['reversed'])} "
        f"of {count(len(changes))} comparisons{per_optimization} and keeps it in "
        f"{count(counts['kept'])} (the rest cannot tell); it narrows the gap in "
        f"{count(counts['narrower'])} and widens it in {count(counts['wider'])}. "
        f"See {link('optimizers', 'optimizers')}."
    )


def render(results: Results) -> Iterator[Block]:
    changes = results.optimizer_changes
    several = len({tuple(change.setting.values()) for change in changes}) > 1
    yield introduction(changes)
    yield "\n".join(
        f"- {verdict_line(found, several)}" for found in by_optimization(changes).values()
    )
    yield Table(medians_table(results.methods, results.method_order), index=True)
    yield Table(changes_table(changes, several))


SECTION = Section(
    name="optimizers",
    heading="Optimizers",
    applies=compares_optimizations,
    reads=("runs", "methods"),
    render=render,
    findings=lambda results: [finding(results.optimizer_changes)],
    question=("Does the optimizer change which initialization trains better, or by how much?"),
)
