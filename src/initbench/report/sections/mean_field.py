"""Mean-field theory of the grid's initializations (Poole et al. 2016; Schoenholz et al. 2017):
what each does to a deep random network's inputs before any training, as the ``mean_field``
rule computed it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.analysis.mean_field_table import described
from initbench.experiment import layer_names, methods
from initbench.report.numbers import INFINITE, MISSING, number
from initbench.report.section import Block, Section, Table
from initbench.theory.mean_field import TRAINABLE_DEPTH_SCALES

if TYPE_CHECKING:
    import pandas as pd

    from initbench.report.results import Results


def has_mean_field(config: dict) -> bool:
    """Whether some network of the grid has its hidden layers drawn at one (σ_w², σ_b²)."""
    return bool(
        described(
            config["activations"], layer_names(config), methods(config), config["random_scale"]
        )
    )


def introduction() -> str:
    return (
        "Mean-field theory (Poole et al. 2016; Schoenholz et al. 2017) predicts, before any "
        "training, what a deep random network does to its inputs. With weights of variance "
        "σ_w²/fan_in and biases of variance σ_b², the pre-activations' second moment settles "
        "at q*; χ₁ decides order (below 1: all inputs end up alike) or chaos (above 1: alike "
        "inputs end up unrelated); ξ_q and ξ_c are the depths over which the second moment and "
        "the inputs' correlations settle, and networks train up to about "
        f"{TRAINABLE_DEPTH_SCALES} ξ_c. For each initialization of the grid whose hidden layers "
        "are drawn at one (σ_w², σ_b²):"
    )


def _cell(value: float | str) -> str:
    """A quantity of ``mean_field.csv``: numbers to three digits; the theory table writes an
    infinite depth scale as ``inf`` and an absent fixed point as an empty cell; a phase is a
    word."""
    if isinstance(value, str):
        return {"inf": INFINITE, "": MISSING}.get(value, value)
    return number(value)


def mean_field_table(table: pd.DataFrame) -> pd.DataFrame:
    """``mean_field.csv`` for reading: one row per activation and initialization (the
    architectures dropped where they do not change the variances)."""
    import pandas as pd

    columns = {
        "activation": "Activation",
        "method": "Method",
        "weight_variance": "σ_w²",
        "bias_variance": "σ_b²",
        "fixed_point": "q*",
        "chi1": "χ₁",
        "phase": "Phase",
        "correlation_fixed_point": "c*",
        "depth_scale_q": "ξ_q",
        "depth_scale_c": "ξ_c",
        "trainable_depth": f"{TRAINABLE_DEPTH_SCALES} ξ_c",
    }
    distinct = table.drop(columns="hidden_layers").drop_duplicates()
    return pd.DataFrame({name: distinct[column].map(_cell) for column, name in columns.items()})


def render(results: Results) -> Iterator[Block]:
    yield introduction()
    yield Table(mean_field_table(results.mean_field))


SECTION = Section(
    name="mean_field",
    heading="Mean-field theory",
    applies=has_mean_field,
    reads=("mean_field",),
    render=render,
)
