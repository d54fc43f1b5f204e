"""Against the post's published numbers: on the post's own images, each number the post printed
beside our seed 1 and our seeds' range, and why its chaotic curves cannot be matched digit for
digit."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.experiment import POST_EXPERIMENT, layers_name, methods, records_sharpness
from initbench.report.numbers import configured, count, number, span
from initbench.report.section import Block, Reads, Section, Table, link, listed

if TYPE_CHECKING:
    import pandas as pd

    from initbench.report.results import Results

# The post printed its numbers to many digits: ours are shown to as many as tell them apart.
DIGITS = 6
# The methods the post published numbers for: those of initbench.analysis.comparison's tables
# (its published_methods(), which a test holds this to), named here for the plan.
POST_METHODS = ("zeros", "random", "he", "xavier")


def may_show_post(config: dict) -> bool:
    """Whether the images may be the post's (its own set, or a folder of them, recognised by
    their content when the report runs) and the grid runs one of the post's methods."""
    return config["dataset"] in ("blog", "folder") and any(
        method in POST_METHODS for method in methods(config)
    )


def agreement_text(found: str, digits: float) -> str:
    """How one published number stands beside ours, in words."""
    from initbench.analysis import comparison

    if found == comparison.MATCHES:
        return f"seed 1 matches ({count(digits)} significant digits)"
    return {
        comparison.EXACT: "seed 1 matches exactly",
        comparison.WITHIN: "within our seeds' range",
        comparison.OUTSIDE: "outside our seeds' range",
    }[found]


def quantity_text(quantity: str, after_iterations: float) -> str:
    if quantity == "cost":
        return f"cost after {count(after_iterations)} iterations"
    return "train accuracy (%)"


def comparison_finding(table: pd.DataFrame, indicative: bool) -> str:
    """How many published numbers our seed 1 reproduces, and how many the seeds' range holds;
    ``indicative`` when the runs differ from the post's settings."""
    from initbench.analysis import comparison

    found = table["agreement"]
    exact = int((found == comparison.EXACT).sum())
    matched = exact + int((found == comparison.MATCHES).sum())
    within = int((found == comparison.WITHIN).sum())
    outside = table[found == comparison.OUTSIDE]
    text = f"Of the post's {len(table)} published numbers,"
    if table["ours_seed_1"].notna().any():
        digits = -math.log10(comparison.MATCH_TOLERANCE)
        text += (
            f" our seed 1 reproduces {matched} ({exact} exactly, the others to at least "
            f"{count(digits)} significant digits); of the others,"
        )
    text += (
        f" {within} {'is' if within == 1 else 'are'} within our seeds' range and "
        f"{len(outside)} outside it"
    )
    if len(outside):
        per_method = outside.groupby("method", sort=False).size()
        text += " (" + ", ".join(f"{amount} of {method}'s" for method, amount in per_method.items())
        text += ")"
    if indicative:
        text += "; only indicative, as these runs differ from the post's settings"
    return text + f". See {link('the comparison', 'published')}."


def differing_sentence(differing: dict[str, list]) -> str | None:
    if not differing:
        return None
    listed = "; ".join(
        f"{key}: "
        + ", ".join(
            configured(value) if isinstance(value, float) else str(value) for value in values
        )
        for key, values in differing.items()
    )
    return (
        f"These runs do not use the post's settings ({listed}), so the comparison below is "
        "only indicative."
    )


def comparison_table(table: pd.DataFrame) -> pd.DataFrame:
    """The post's published numbers beside ours, for reading."""
    import pandas as pd

    return pd.DataFrame(
        {
            "Method": table["method"],
            "Quantity": [
                quantity_text(quantity, after)
                for quantity, after in zip(
                    table["quantity"], table["after_iterations"], strict=True
                )
            ],
            "Post": table["post"].map(lambda value: number(value, DIGITS)),
            "Our seed 1": table["ours_seed_1"].map(lambda value: number(value, DIGITS)),
            "Our median": table["ours_median"].map(lambda value: number(value, DIGITS)),
            "Our range": [
                span(low, high, lambda value: number(value, DIGITS))
                for low, high in zip(table["ours_min"], table["ours_max"], strict=True)
            ],
            "Agreement": [
                agreement_text(found, digits)
                for found, digits in zip(table["agreement"], table["digits"], strict=True)
            ],
        }
    )


def post_chaos_sentence(
    departures: pd.DataFrame, diagnostics: pd.DataFrame | None = None
) -> str | None:
    """Why the post's He and Xavier curves cannot be matched digit for digit, when ours part;
    with diagnostics of the post's network, the sharpness that makes its step unstable."""
    chaotic = departures[
        departures["method"].isin(["he", "xavier"]) & departures["departure_iteration"].notna()
    ]
    if chaotic.empty:
        return None
    text = (
        f"The post trained {listed(chaotic['method'])} once, on images in a shuffled "
        "order; with these settings their training is chaotic (see "
        f"{link('order sensitivity', 'order-sensitivity')}), so each published curve is one "
        "sample and is compared with our seeds' range, not with our seed 1."
    )
    return text + _post_sharpness(diagnostics, list(chaotic["method"]))


def _post_sharpness(diagnostics: pd.DataFrame | None, chaotic: list[str]) -> str:
    """The median sharpness at initialization of the post's network (tanh, 5-5) from each
    chaotic method, beside 2 / 0.01, the largest curvature the post's step can descend
    stably."""
    if diagnostics is None or diagnostics.empty:
        return ""
    post = diagnostics[
        (diagnostics["activation"] == POST_EXPERIMENT["activation"])
        & (diagnostics["hidden_layers"] == layers_name(POST_EXPERIMENT["hidden_layers"]))
        & diagnostics["converged"].astype(bool)
    ]
    rate = POST_EXPERIMENT["learning_rate"]
    limit = 2 / rate
    found = []
    for method in chaotic:
        values = post.loc[post["method"] == method, "sharpness"]
        if len(values):
            side = "beyond" if values.median() > limit else "within"
            found.append(f"{number(values.median())} from {method} ({side} it)")
    if not found:
        return ""
    return (
        f" At initialization the cost's sharpness (its Hessian's largest eigenvalue, median "
        f"over seeds) is {listed(found)}, where gradient descent with the post's step "
        f"{configured(rate)} is stable only below 2 / {configured(rate)} = {number(limit)}, "
        "the edge of stability of Cohen et al. (2021)."
    )


def render(results: Results) -> Iterator[Block]:
    # A folder is known to hold the post's images only from their content.
    if results.published is None:
        return
    differing = differing_sentence(results.differing)
    if differing:
        yield differing
    yield Table(comparison_table(results.published))
    chaos = post_chaos_sentence(results.departures, results.curvature_at_start)
    if chaos:
        yield chaos


def findings(results: Results) -> list[str]:
    if results.published is None:
        return []
    return [comparison_finding(results.published, bool(results.differing))]


SECTION = Section(
    name="published",
    heading="Against the post's published numbers",
    applies=may_show_post,
    reads=(
        "costs",
        "runs",
        "images",
        "order_sensitivity",
        "diagnostics",
        # Without diagnostics, the sharpness the runs recorded before their first update.
        Reads("sharpness", when=records_sharpness),
    ),
    render=render,
    findings=findings,
)
