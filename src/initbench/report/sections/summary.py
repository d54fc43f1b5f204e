"""The summary per initialization: each method's final cost, accuracy and speed over its seeds,
as a table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.experiment import setting_keys
from initbench.report.numbers import MISSING, count, iteration, number, percent, rounded
from initbench.report.section import Block, Section, Table

if TYPE_CHECKING:
    import pandas as pd

    from initbench.report.results import Results


def summary_sentence(runs: pd.DataFrame, threshold: float) -> str:
    from initbench.analysis.summary import QUARTILES_FROM, held_out

    accuracy = "held-out and training" if held_out(runs) else "training"
    return (
        f"Final cost after {count(runs['iterations'].iloc[0])} updates, {accuracy} accuracy, "
        f"and the median iteration at which the cost first falls below {rounded(threshold)} (“most "
        "runs never” when half of the runs or more never do). Quartiles are given from "
        f"{QUARTILES_FROM} runs up, and the lowest and highest from 2."
    )


# One digit more than the sentences give: the table is where costs a hair from the best
# constant answer's (the entropy of the classes' shares: 0.6931 for two balanced ones) are told
# apart.
COST_DIGITS = 4


def _cost(value: float) -> str:
    return number(value, COST_DIGITS, infinite="∞ (diverged)")


def methods_table(methods: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """``methods.csv`` for reading: one column per method when the grid has one setting, else
    one row per setting and method. Held-out columns only when images were held out; the
    iterations are those at which runs first fell below the cost ``threshold``."""
    import pandas as pd

    from initbench.analysis.summary import QUARTILES_FROM, setting_label

    # What fewer runs cannot say: quartiles from a few runs are the runs themselves or points
    # between them, and one run has no lowest and highest.
    fewest_runs = {
        "final_cost_q1": QUARTILES_FROM,
        "final_cost_q3": QUARTILES_FROM,
        "final_cost_min": 2,
        "final_cost_max": 2,
        "train_accuracy_min": 2,
        "test_accuracy_min": 2,
    }
    iteration_column = f"Median iteration below cost {rounded(threshold)}"
    columns = {
        "Runs": ("runs", count),
        "Final cost, median": ("final_cost_median", _cost),
        "Final cost, lower quartile": ("final_cost_q1", _cost),
        "Final cost, upper quartile": ("final_cost_q3", _cost),
        "Final cost, lowest": ("final_cost_min", _cost),
        "Final cost, highest": ("final_cost_max", _cost),
        "Training accuracy, mean": ("train_accuracy_mean", percent),
        "Training accuracy, worst run": ("train_accuracy_min", percent),
        "Held-out accuracy, mean": ("test_accuracy_mean", percent),
        "Held-out accuracy, worst run": ("test_accuracy_min", percent),
        iteration_column: (
            "median_iteration_below_threshold",
            lambda value: iteration(value, never="most runs never"),
        ),
        "Diverged runs": ("diverged_runs", count),
    }
    if methods["test_accuracy_mean"].isna().all():
        columns = {name: found for name, found in columns.items() if "Held-out" not in name}
    shown = pd.DataFrame(
        {
            name: methods[column]
            .where(methods["runs"] >= fewest_runs.get(column, 1))
            .map(format_value)
            for name, (column, format_value) in columns.items()
        }
    )
    # Rows no method has enough runs for say nothing; a median of one run is its value.
    shown = shown.drop(
        columns=[
            name
            for name, (column, _) in columns.items()
            if column in fewest_runs and (shown[name] == MISSING).all()
        ]
    )
    # One run has no majority: it reaches the threshold or it never does.
    alone = methods["runs"] == 1
    shown.loc[alone.to_numpy(), iteration_column] = methods.loc[
        alone, "median_iteration_below_threshold"
    ].map(iteration)
    if alone.all():
        shown = shown.rename(
            columns={
                "Final cost, median": "Final cost",
                "Training accuracy, mean": "Training accuracy",
                "Held-out accuracy, mean": "Held-out accuracy",
                iteration_column: f"Iteration below cost {rounded(threshold)}",
            }
        )
    keys = setting_keys(methods.columns)
    settings = methods[keys].drop_duplicates()
    if len(settings) == 1:
        shown.index = methods["method"].to_list()
        return shown.T
    labels = [setting_label(*row) for row in methods[keys].itertuples(index=False)]
    return pd.concat(
        [pd.DataFrame({"Setting": labels, "Method": methods["method"]}), shown], axis=1
    )


def render(results: Results) -> Iterator[Block]:
    yield summary_sentence(results.runs, results.cost_threshold)
    yield Table(methods_table(results.methods, results.cost_threshold), index=results.one_setting)


SECTION = Section(
    name="summary",
    heading="Summary per initialization",
    reads=("runs", "methods", "images", "split"),
    render=render,
)
