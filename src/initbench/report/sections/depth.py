"""The signal through depth, when the grid holds a deep network: He et al.'s (2015) claim
counted from the runs, the activations' spread layer by layer measured beside theory, and
makemore's per-layer pictures (gradients, histograms, update ratios)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.activations import RECTIFIERS
from initbench.experiment import DEEP, deep_architecture
from initbench.report.numbers import (
    configured,
    configured_percent,
    count,
    counted,
    number,
    span,
)
from initbench.report.section import (
    Block,
    Draws,
    Plot,
    Section,
    Table,
    capitalized,
    link,
    listed,
)
from initbench.report.verdicts import COUNT_TEST, VERDICT_WORDS, share_of

if TYPE_CHECKING:
    import pandas as pd

    from initbench.analysis.depth import DeepSetting
    from initbench.report.results import Results

CLAIM = "at depth {depth}, ReLU trains from He and stalls from the post's Xavier"
# Measured factors per layer this far below the predicted ones are worth explaining.
DRIFT = 0.98


def is_deep(config: dict) -> bool:
    """Whether the grid holds a network of ``DEEP`` hidden layers or more."""
    return deep_architecture(config) is not None


def introduction(settings: list[DeepSetting], iterations: int) -> str:
    from initbench.analysis.depth import STALL_TOLERANCE

    rates = {setting.learning_rate for setting in settings}
    if len(rates) == 1:
        activations = listed(setting.activation for setting in settings)
        shown = f"{activations} at learning rate {configured(rates.pop())}"
    else:
        shown = "; ".join(
            f"{setting.activation} at learning rate {configured(setting.learning_rate)}"
            for setting in settings
        )
    return (
        f"The grid holds networks of {DEEP} hidden layers or more, where the choice of "
        "initialization decides whether the signal reaches the last layer. The figures follow "
        f"the deepest, **{settings[0].hidden_layers}** ({settings[0].depth} hidden layers), "
        f"under {shown}. A run *stalls* when its cost after all {count(iterations)} updates is "
        f"within {configured_percent(STALL_TOLERANCE)} of its cost at initialization, and "
        "*trains* when it ends lower than that without diverging."
    )


def optimization_words(row) -> str:
    """The optimization of a row of a grid that sweeps optimizers (", under gd", ", under adam
    (order 0)"), else nothing."""
    optimizer = row.get("optimizer")
    if optimizer is None:
        return ""
    return ", under gd" if optimizer == "gd" else f", under {optimizer} (order {row['order_seed']})"


def he_et_al_items(table: pd.DataFrame) -> list[str]:
    """One line per deep ReLU setting: He et al.'s claim, how often it held, with its interval,
    and the verdict on "in most seeds"."""
    from initbench.analysis.statistics import Count

    items = []
    for row in table.itertuples():
        claim = CLAIM.format(depth=row.depth)
        items.append(
            f"He et al. 2015: {claim} in **{share_of(Count(row.both, row.seeds), 'seed')}** "
            f"({row.hidden_layers}, lr {configured(row.learning_rate)}"
            f"{optimization_words(row._asdict())}; He trains in "
            f"{row.he_trained}, Xavier stalls in {row.xavier_stalled}): "
            f"**{VERDICT_WORDS[row.verdict]}**."
        )
    return items


def he_et_al_section(table: pd.DataFrame) -> str:
    if table.empty:
        return (
            "He et al.'s (2015) claim is *not tested*: the grid has no ReLU network of "
            f"{DEEP} hidden layers or more run from both `he` and `xavier`."
        )
    depths = {
        # Once each: a depth may be tested at several learning rates or optimizations.
        words: list(
            dict.fromkeys(str(depth) for depth in table.loc[table["verdict"] == verdict, "depth"])
        )
        for verdict, words in VERDICT_WORDS.items()
    }
    summary = "; ".join(
        f"{words} at {'depth' if len(found) == 1 else 'depths'} {listed(found)}"
        for words, found in depths.items()
        if found
    )
    return (
        "The claim is that He's initialization trains where Xavier's stalls in most seeds. "
        f"{COUNT_TEST}\n\n"
        + "\n".join(f"- {item}" for item in he_et_al_items(table))
        + f"\n\n{capitalized(summary)}."
    )


def he_et_al_finding(table: pd.DataFrame) -> str:
    """The findings' line: the claim at the deepest ReLU network tested, in each of its
    settings (learning rates, optimizations) when there are several, grouped by verdict."""
    from initbench.analysis.statistics import Count

    if table.empty:
        return (
            f"He et al. 2015 is *not tested*: the grid has no ReLU network of {DEEP} hidden "
            "layers or more run from both he and xavier."
        )
    depth = table["depth"].max()
    deepest = table[table["depth"] == depth]
    claim = CLAIM.format(depth=depth)
    several_rates = deepest["learning_rate"].nunique() > 1

    def where(row) -> str:
        rate = f", at lr {configured(row['learning_rate'])}" if several_rates else ""
        return (rate + optimization_words(row)).removeprefix(", ")

    verdicts = []
    for verdict, words in VERDICT_WORDS.items():
        rows = [row for _, row in deepest.iterrows() if row["verdict"] == verdict]
        if rows:
            places = [place for place in map(where, rows) if place]
            verdicts.append(f"{words} {listed(places)}" if places else words)
    shares = [
        f"{where(row)} in {share_of(Count(int(row['both']), int(row['seeds'])), 'seed')}"
        for _, row in deepest.iterrows()
    ]
    return (
        f"**{capitalized('; '.join(verdicts))}**: He et al. 2015, {claim} in most seeds; here "
        f"{listed(share.strip() for share in shares)}. "
        f"See {link('the signal through depth', 'depth')}."
    )


def decay_sentence(decay: pd.DataFrame, setting: DeepSetting) -> str:
    """What the spread of the activations does from layer 1 to the last at initialization,
    measured and predicted; for ReLU, He et al.'s 2^(-L/2) from the post's Xavier."""
    rule = (
        "for ReLU it is He et al.'s: the second moment scales by σ_w²/2 per layer"
        if setting.activation == "relu"
        else "integrated numerically"
    )
    text = (
        f"At initialization ({setting.activation}, {setting.hidden_layers}), the table gives "
        f"the activations' standard deviation at layer 1 and at layer {setting.depth} (median "
        "over seeds). The theory columns start from layer 1's measured pre-activations and "
        f"apply the variance map of Poole et al. (2016); {rule}."
    )
    xavier = decay[decay["method"] == "xavier"]
    if setting.activation == "relu" and len(xavier):
        row = xavier.iloc[0]
        text += (
            " From the post's Xavier (σ_w² = 1) the spread shrinks by a factor "
            f"{number(row['factor_per_layer'])} per layer, where 2^(-1/2) ≈ 0.707 is "
            f"predicted: {number(row['last_layer'])} at layer {setting.depth}, against "
            f"{number(row['predicted_last_layer'])} predicted."
        )
    if setting.activation in RECTIFIERS:
        return text
    predicted = decay.dropna(subset=["predicted_factor"])
    ratios = predicted["factor_per_layer"] / predicted["predicted_factor"]
    if len(ratios.dropna()) and ratios.min() < DRIFT:
        text += (
            f" Measured factors per layer are {span(ratios.min(), ratios.max())} "
            "times the predicted ones. The variance map is the limit of infinitely wide layers "
            "and predicts the second moment averaged over draws of the weights; at finite "
            "width a typical draw falls below it. How far is known in law for rectifiers "
            "(Hanin 2018), not for this activation."
        )
    return text


def layer_ranges(layers: list[int]) -> str:
    """``3, 7 and 12–50``: runs of consecutive layers as ranges."""
    runs: list[list[int]] = []
    for layer in layers:
        if runs and layer == runs[-1][-1] + 1:
            runs[-1].append(layer)
        else:
            runs.append([layer])
    return listed(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def finite_width_sentence(table: pd.DataFrame, setting: DeepSetting) -> str:
    """Whether each method's spread lies in the finite-width law's band, at the last layer and
    at every other; under a rectifier, which methods the law does not describe."""
    from initbench.analysis.depth import BAND

    law = (
        "At finite width a typical draw falls below the variance map, which is the mean over "
        "draws of infinitely wide layers. For rectifiers with Gaussian weights and no biases "
        "the whole law of a draw is known (Hanin 2018; Hanin & Rolnick 2018): each layer "
        "multiplies the mean squared activation by σ_w²/n · χ²_K, K ~ Binomial(n, ½) "
        "(for ReLU), independently of the layers before"
    )
    if table.empty:
        return f"{law}; none of this grid's methods here is drawn that way."
    seeds = int(table["seeds"].iloc[0])
    parts = []
    for row in table.itertuples():
        where = "inside" if row.inside else ("below" if row.ratio < row.lower else "above")
        parts.append(
            f"{row.method}, {number(row.ratio)}, {where} [{number(row.lower)}, "
            f"{number(row.upper)}] (the law's median {number(row.predicted)}; "
            f"{row.seeds_inside} of {row.seeds} seeds inside one draw's band)"
        )
    text = (
        f"{law}. The shaded bands hold {configured_percent(BAND)} of the medians over "
        f"{counted(seeds, 'seed')} that it predicts for each layer's spread over layer 1's. "
        f"At layer {setting.depth}, the median ratio over seeds is: " + "; ".join(parts) + "."
    )
    outside = [
        f"{row.method} at {'layer' if len(row.outside_layers) == 1 else 'layers'} "
        f"{layer_ranges(row.outside_layers)}"
        for row in table.itertuples()
        if row.outside_layers
    ]
    if outside:
        text += (
            f" Outside the band: {'; '.join(outside)}. A median falls outside its "
            f"{configured_percent(BAND)} band by chance in one grid of "
            f"{round(1 / (1 - BAND))}."
        )
    else:
        text += " Every layer's median lies inside its band."
    if len(table) > 1:
        text += (
            f" The methods {listed(table['method'])} draw the same Gaussian numbers for a "
            "seed, scaled: under a rectifier their spreads over layer 1's differ by a constant "
            "factor, so they lie inside or outside their bands together, one test rather than "
            f"{len(table)}."
        )
    return text


def decay_for_reading(decay: pd.DataFrame, depth: int) -> pd.DataFrame:
    """The decay table for reading."""
    import pandas as pd

    return pd.DataFrame(
        {
            "Method": decay["method"],
            "Layer 1": decay["first_layer"].map(number),
            f"Layer {depth}": decay["last_layer"].map(number),
            "Factor per layer": decay["factor_per_layer"].map(number),
            f"Theory, layer {depth}": decay["predicted_last_layer"].map(number),
            "Theory, factor per layer": decay["predicted_factor"].map(number),
        }
    )


def render(results: Results) -> Iterator[Block]:
    from initbench.analysis.depth import decay_table, finite_width_table
    from initbench.report.depth_figures import (
        activation_histograms,
        gradients_through_depth,
        signal_through_depth,
        update_ratios,
    )

    deep, runs, layers, methods = results.deep, results.runs, results.layers, results.method_order
    yield introduction(deep, int(runs["iterations"].iloc[0]))
    yield he_et_al_section(results.he_et_al)
    random_scale = float(runs["random_scale"].iloc[0])
    figure = signal_through_depth(layers, deep, methods, random_scale)
    yield Plot("signal_depth", figure, wide=True)
    for setting in deep:
        decay = decay_table(layers, runs, setting, methods)
        yield decay_sentence(decay, setting)
        yield Table(decay_for_reading(decay, setting.depth))
        if setting.activation in RECTIFIERS:
            table = finite_width_table(layers, runs, setting, methods)
            yield finite_width_sentence(table, setting)
    yield Plot("gradient_depth", gradients_through_depth(layers, deep, methods), wide=True)
    figure = activation_histograms(results.histograms, deep, methods)
    yield Plot("activation_histograms", figure, wide=True)
    yield Plot("update_ratios", update_ratios(layers, deep, methods), wide=True)


def findings(results: Results) -> list[str]:
    return [he_et_al_finding(results.he_et_al)]


SECTION = Section(
    name="depth",
    heading="The signal through depth",
    applies=is_deep,
    reads=("runs", "costs", "layers", "histograms"),
    draws=(
        Draws("signal_depth", "4. Depth"),
        Draws("gradient_depth", "4. Depth"),
        Draws("activation_histograms", "4. Depth"),
        Draws("update_ratios", "4. Depth"),
    ),
    render=render,
    findings=findings,
    question=(
        "Does He initialization train the deep ReLU networks that Xavier's leaves stalled, as"
        " He et al. (2015) found?"
    ),
)
