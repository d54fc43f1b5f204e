"""The Jacobian's spectrum at initialization, when the grid holds a deep network: the singular
values of the map from the first hidden layer to the last, drawn per depth and
initialization, and their first two moments beside Pennington et al.'s (2017) wide-layer
theory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.experiment import jacobian_architectures, parse_layers
from initbench.report.numbers import count, number, span
from initbench.report.section import Block, Draws, Plot, Section, Table, link

if TYPE_CHECKING:
    import pandas as pd

    from initbench.report.results import Results


def measures_jacobian(config: dict) -> bool:
    return bool(jacobian_architectures(config))


def introduction(images: int, seeds: int) -> str:
    return (
        "Dynamical isometry (Pennington, Schoenholz & Ganguli 2017) asks more of an "
        "initialization than a mean squared singular value of 1 for the network's Jacobian: "
        "that every singular value be near 1, so that back-propagated errors keep both their "
        "norm and their angles. For each run the Jacobian J of the last hidden layer's "
        "activations with respect to the first's was computed exactly at initialization, on "
        f"{count(images)} training {'image' if images == 1 else 'images'} "
        f"({count(seeds)} {'seed' if seeds == 1 else 'seeds'} per initialization). The figure "
        "pools each network's singular values over seeds and images; isometry is the dotted "
        "line at 1."
    )


def zero_sentence(jacobian: pd.DataFrame) -> str:
    """Which networks' Jacobians have singular values zero to float64's resolution, and what
    share, at each one's deepest network."""
    from initbench.analysis.jacobian import numerically_zero
    from initbench.report.numbers import percent

    depths = [len(parse_layers(name)) for name in jacobian["hidden_layers"]]
    marked = jacobian.assign(zero=numerically_zero(jacobian), depth=depths)
    deepest = marked[marked["depth"] == max(depths)]
    shares = deepest.groupby(["activation", "method"], sort=False)["zero"].mean()
    found = [
        f"{method} under {activation}, {percent(share)}"
        for (activation, method), share in shares.items()
        if share > 0
    ]
    if not found:
        return ""
    return (
        "Singular values at or below float64's resolution (the largest times their count "
        "times machine ε, as `numpy.linalg.matrix_rank` counts rank) are zero to this "
        "precision, from units that are off (ReLU's φ' = 0) or from a product so long that "
        "its smallest directions fall below rounding; the figure leaves them out. At depth "
        f"{max(depths)}: " + "; ".join(found) + "."
    )


def theory_sentence(table: pd.DataFrame, widths: dict[str, int]) -> str:
    """What the theory columns are, and how far the measurements fall from them at the
    deepest networks it describes."""
    text = (
        "The theory columns are Pennington et al.'s moments of the squared singular values in "
        "the limit of wide layers: a mean of Π σ_w² E[φ'(h_l)²] (their χ^L) and a variance "
        "over the mean's square of Σ_l (μ₂/μ₁² - 1 - s₁), with μ_k = E[φ'(h_l)^{2k}] at each "
        "layer's second moment from the variance map and s₁ = -1 for independent weights, 0 "
        "for orthogonal ones. LSUV (scaled by the data) and layers of different widths are "
        "left without."
    )
    described = table.dropna(subset=["predicted_relative_variance"])
    if described.empty:
        return text
    deepest = described[described["depth"] == described["depth"].max()]
    spread = deepest[deepest["predicted_relative_variance"] > 0]
    if len(spread):
        ratios = spread["relative_variance"] / spread["predicted_relative_variance"]
        width = widths[deepest["hidden_layers"].iloc[0]]
        depth = int(deepest["depth"].iloc[0])
        text += (
            f" At depth {depth}, where theory predicts a spread, the measured relative variance "
            f"is {span(ratios.min(), ratios.max())} times the predicted one. The theory holds "
            f"for depths far below the width; here the depth is {number(depth / width)} times "
            f"the width ({width}), where finite-width corrections grow with that ratio."
        )
    return text


def table_for_reading(table: pd.DataFrame) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "Activation": table["activation"],
            "Initialization": table["method"],
            "Depth": table["depth"].map(count),
            "Mean σ²": table["mean_square"].map(number),
            "Mean σ², theory": table["predicted_mean_square"].map(number),
            "Var σ² / mean²": table["relative_variance"].map(number),
            "Var σ² / mean², theory": table["predicted_relative_variance"].map(number),
        }
    )


def growth_sentence(table: pd.DataFrame) -> str:
    """Per activation and initialization, the relative variance from the shallowest depth to
    the deepest (medians over seeds)."""
    parts = []
    for (activation, method), group in table.groupby(["activation", "method"], sort=False):
        if group["depth"].nunique() < 2:
            continue
        first, last = group.iloc[0], group.iloc[-1]
        parts.append(
            f"{method} under {activation}, {number(first['relative_variance'])} at depth "
            f"{first['depth']} to {number(last['relative_variance'])} at {last['depth']}"
        )
    if not parts:
        return ""
    return "From the shallowest network to the deepest, the relative variance goes: " + (
        "; ".join(parts) + "."
    )


def render(results: Results) -> Iterator[Block]:
    from initbench.analysis.jacobian import spectrum_table
    from initbench.report.spectrum_figures import jacobian_spectra

    jacobian = results.jacobian
    yield introduction(int(jacobian["image"].nunique()), int(jacobian["seed"].nunique()))
    yield Plot("jacobian_spectra", jacobian_spectra(jacobian, results.method_order), wide=True)
    zeros = zero_sentence(jacobian)
    if zeros:
        yield zeros
    table = spectrum_table(jacobian, float(results.runs["random_scale"].iloc[0]))
    widths = {name: parse_layers(name)[0] for name in table["hidden_layers"]}
    yield theory_sentence(table, widths)
    growth = growth_sentence(table)
    if growth:
        yield growth
    yield Table(table_for_reading(table))
    if results.config.get("paper") == "pennington2017":
        yield f"Pennington et al.'s claims are tested in {link('Beside the papers', 'papers')}."


SECTION = Section(
    name="jacobian",
    heading="The Jacobian's spectrum",
    applies=measures_jacobian,
    reads=("runs", "jacobian"),
    draws=(Draws("jacobian_spectra", "4. Depth"),),
    render=render,
)
