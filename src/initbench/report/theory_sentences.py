"""The words of the section on theory beside experiment, each number computed."""

import pandas as pd

from initbench.analysis.phase import PhaseGrid, edge_of_chaos
from initbench.report.sentences import _plural
from initbench.theory.mean_field import TRAINABLE_DEPTH_SCALES

HEADING = '<a id="theory"></a>\n\n## Theory beside experiment'


def _value(value) -> str:
    """Numbers to three digits, an infinite depth scale as ∞, an absent fixed point as —."""
    if isinstance(value, str):
        return {"inf": "∞", "": "—"}.get(value, value)
    if pd.isna(value):
        return "—"
    if value == float("inf"):
        return "∞"
    return f"{value:.3g}"


def mean_field_introduction() -> str:
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


def mean_field_table(table: pd.DataFrame) -> pd.DataFrame:
    """``mean_field.csv`` for reading: one row per activation and initialization (the
    architectures dropped where they do not change the variances)."""
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
    return pd.DataFrame({name: distinct[column].map(_value) for column, name in columns.items()})


def phase_sentence(grid: PhaseGrid, table: pd.DataFrame) -> str:
    """The measured agreement of "trained" with "depth < 6 ξ_c", as found."""
    matches = int((table["trained"] == table["predicted"]).sum())
    seeds = int(table["seeds"].min())
    edge = edge_of_chaos(grid)
    edge_text = f" The edge of chaos, χ₁ = 1, is at σ_w² = {edge:.3g}." if edge else ""
    missed = table[table["trained"] != table["predicted"]]
    text = (
        f"**{grid.title()}:** a cell *trained* when its median final training accuracy over "
        f'{_plural(seeds, "seed")} reached {grid.trained_accuracy:.0%}. "Trained" matches "depth < '
        f'{TRAINABLE_DEPTH_SCALES} ξ_c" in **{matches} of {len(table)} cells '
        f"({matches / len(table):.0%})**.{edge_text}"
    )
    if len(missed):
        trained_beyond = missed[missed["trained"]]
        failed_within = missed[~missed["trained"]]
        parts = []
        if len(trained_beyond):
            parts.append(f"{len(trained_beyond)} trained beyond {TRAINABLE_DEPTH_SCALES} ξ_c")
        if len(failed_within):
            parts.append(f"{len(failed_within)} did not train within it")
        text += " Of the others, " + " and ".join(parts) + "."
    return text
