"""The signal through depth: which deep networks the report follows, what theory predicts of
them (the variance map's mean and, for rectifiers, the finite-width law's band), and He et
al.'s (2015) claim tested on the runs."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from initbench.analysis.statistics import Count
from initbench.experiment import DEEP, deepest, parse_layers, run_keys, setting_keys
from initbench.theory.finite_width import SpreadBand, applies, spread_band
from initbench.theory.signal_propagation import predicted_activation_stds
from initbench.training.histograms import RANGES
from initbench.training.initializers import GAUSSIAN, initializer, layer_variances

# A run stalls when its final cost is within this share of its starting cost.
STALL_TOLERANCE = 0.01
# The share of the finite-width law's draws its band holds.
BAND = 0.9


@dataclass(frozen=True)
class DeepSetting:
    """One deep network the section follows: an activation, the grid's deepest
    architecture and the grid's first learning rate for them."""

    activation: str
    learning_rate: float
    hidden_layers: str

    @property
    def depth(self) -> int:
        return len(parse_layers(self.hidden_layers))

    def rows(self, frame: pd.DataFrame) -> pd.DataFrame:
        return frame[
            (frame["activation"] == self.activation)
            & (frame["learning_rate"] == self.learning_rate)
            & (frame["hidden_layers"] == self.hidden_layers)
        ]


def deep_settings(runs: pd.DataFrame) -> list[DeepSetting]:
    """Per activation, in the grid's order: its deepest network at its first learning rate;
    none when the grid has no network of ``DEEP`` hidden layers or more."""
    name = deepest(list(dict.fromkeys(runs["hidden_layers"])))
    if name is None:
        return []
    deep = runs[runs["hidden_layers"] == name]
    return [
        DeepSetting(activation, float(group["learning_rate"].iloc[0]), name)
        for activation, group in deep.groupby("activation", sort=False)
    ]


def counts_magnitudes(activation: str) -> bool:
    """Whether the activation histograms of ``activation`` count the magnitudes of the nonzero
    activations on logarithmic bins (rectifiers: unbounded, zero where dead), rather than the
    values on the activation's fixed range (tanh, sigmoid)."""
    return activation not in RANGES


def outcomes(runs: pd.DataFrame, costs: pd.DataFrame) -> pd.DataFrame:
    """``runs`` with each run's depth, starting cost and outcome: ``diverged``, ``stalled``
    (final cost within ``STALL_TOLERANCE`` of the starting one) or ``trained``."""
    keys = run_keys(runs.columns)
    starts = costs.loc[costs["iteration"] == 0, [*keys, "cost"]].rename(
        columns={"cost": "starting_cost"}
    )
    table = runs.merge(starts, on=keys, how="left", validate="one_to_one")
    stalled = table["final_cost"] >= (1 - STALL_TOLERANCE) * table["starting_cost"]
    table["outcome"] = np.where(
        table["diverged"].astype(bool), "diverged", np.where(stalled, "stalled", "trained")
    )
    table["depth"] = [len(parse_layers(name)) for name in table["hidden_layers"]]
    return table


def he_et_al(table: pd.DataFrame) -> pd.DataFrame:
    """He et al.'s claim per deep ReLU setting that ran both ``he`` and ``xavier``: of the
    seeds run from both, how many trained from He, stalled from Xavier, and both at once; and
    whether both happen in most seeds (``initbench.analysis.statistics.Count``)."""
    deep = table[(table["activation"] == "relu") & (table["depth"] >= DEEP)]
    setting = [key for key in setting_keys(table.columns) if key != "activation"]
    keys = [*setting, "depth", "seed"]
    he = deep[deep["method"] == "he"][[*keys, "outcome"]]
    xavier = deep[deep["method"] == "xavier"][[*keys, "outcome"]]
    paired = he.merge(xavier, on=keys, suffixes=("_he", "_xavier"))
    paired["he_trained"] = paired["outcome_he"] == "trained"
    paired["xavier_stalled"] = paired["outcome_xavier"] == "stalled"
    paired["both"] = paired["he_trained"] & paired["xavier_stalled"]
    counted = (
        paired.groupby([*setting, "depth"], sort=False)
        .agg(
            seeds=("seed", "size"),
            he_trained=("he_trained", "sum"),
            xavier_stalled=("xavier_stalled", "sum"),
            both=("both", "sum"),
        )
        .reset_index()
        .sort_values(["learning_rate", "depth"], kind="stable")
    )
    counted["verdict"] = [
        Count(int(both), int(seeds)).verdict
        for both, seeds in zip(counted["both"], counted["seeds"], strict=True)
    ]
    return counted.reset_index(drop=True)


def first_layer_second_moment(layers: pd.DataFrame) -> float:
    """The median over seeds of layer 1's pre-activation second moment at initialization:
    where the theory's prediction starts."""
    first = layers[(layers["iteration"] == 0) & (layers["layer"] == 1)]
    return float((first["preactivation_mean"] ** 2 + first["preactivation_std"] ** 2).median())


def activation_spread(layers: pd.DataFrame, at_end: bool = False) -> pd.Series:
    """Per layer, the median over seeds of the activations' standard deviation at
    initialization, or at each run's last recorded iteration."""
    if at_end:
        last = layers.groupby("seed")["iteration"].transform("max")
        rows = layers[layers["iteration"] == last]
    else:
        rows = layers[layers["iteration"] == 0]
    return rows.groupby("layer")["activation_std"].median()


def predicted_spread(
    layers: pd.DataFrame, setting: DeepSetting, method: str, random_scale: float
) -> pd.Series | None:
    """Per layer, the activations' standard deviation that signal-propagation theory
    predicts from layer 1's measured second moment; None where it predicts nothing (LSUV)."""
    variances = layer_variances(
        method, parse_layers(setting.hidden_layers), setting.activation, random_scale
    )
    if variances is None:
        return None
    stds = predicted_activation_stds(
        first_layer_second_moment(layers), setting.activation, variances
    )
    return pd.Series(stds, index=pd.RangeIndex(1, len(stds) + 1, name="layer"))


def factor_per_layer(spread: pd.Series) -> float:
    """The geometric mean of the ratio of one layer's spread to the one before it, from layer
    1 to the last: ``(std_L / std_1)^(1 / (L - 1))``; nan when either is 0."""
    first, last = float(spread.iloc[0]), float(spread.iloc[-1])
    if first <= 0 or last <= 0 or len(spread) < 2:
        return float("nan")
    return (last / first) ** (1 / (len(spread) - 1))


def decay_table(
    layers: pd.DataFrame, runs: pd.DataFrame, setting: DeepSetting, methods: list[str]
) -> pd.DataFrame:
    """Per method: the activations' spread at layer 1 and at the last layer at
    initialization, its factor per layer, and the same two as theory predicts them."""
    rows = []
    random_scale = float(runs["random_scale"].iloc[0])
    setting_layers = setting.rows(layers)
    for method in methods:
        method_layers = setting_layers[setting_layers["method"] == method]
        if method_layers.empty:
            continue
        measured = activation_spread(method_layers)
        predicted = predicted_spread(method_layers, setting, method, random_scale)
        rows.append(
            {
                "method": method,
                "first_layer": float(measured.iloc[0]),
                "last_layer": float(measured.iloc[-1]),
                "factor_per_layer": factor_per_layer(measured),
                "predicted_last_layer": np.nan if predicted is None else predicted.iloc[-1],
                "predicted_factor": np.nan if predicted is None else factor_per_layer(predicted),
            }
        )
    return pd.DataFrame(rows)


def spread_ratios(layers: pd.DataFrame) -> pd.DataFrame:
    """At initialization, each seed's activation spread at every layer over its own layer 1's:
    a layer x seed table."""
    start = layers[layers["iteration"] == 0].pivot_table(
        index="layer", columns="seed", values="activation_std", aggfunc="first"
    )
    return start / start.loc[1]


def finite_width_band(
    setting: DeepSetting, method: str, random_scale: float, seeds: int = 1
) -> SpreadBand | None:
    """The finite-width law's central ``BAND`` of each layer's spread over layer 1's, for one
    draw or for the median of ``seeds`` (``theory.finite_width``); None where the law does not
    hold: not a rectifier, weights not Gaussian, biases, zero weights, or LSUV."""
    widths = parse_layers(setting.hidden_layers)
    variances = layer_variances(method, widths, setting.activation, random_scale)
    if not applies(setting.activation) or variances is None:
        return None
    if initializer(method, setting.activation).ensemble != GAUSSIAN:
        return None
    if any(bias > 0 or weight <= 0 for weight, bias in variances):
        return None
    weights = [weight for weight, _ in variances]
    return spread_band(weights, widths, setting.activation, BAND, seeds)


def finite_width_table(
    layers: pd.DataFrame, runs: pd.DataFrame, setting: DeepSetting, methods: list[str]
) -> pd.DataFrame:
    """Per method the finite-width law describes: at the last layer, the median over seeds of
    the spread over layer 1's (``ratio``) and the band of such a median (``lower``,
    ``predicted``, ``upper``), whether it lies inside, how many seeds' own ratios lie in the
    band of one draw, and the layers whose median lies outside the median's band."""
    random_scale = float(runs["random_scale"].iloc[0])
    setting_layers = setting.rows(layers)
    rows = []
    for method in methods:
        ratios = spread_ratios(setting_layers[setting_layers["method"] == method])
        if ratios.empty:
            continue
        seeds = ratios.shape[1]
        band = finite_width_band(setting, method, random_scale, seeds)
        if band is None:
            continue
        one_draw = finite_width_band(setting, method, random_scale)
        medians = ratios.median(axis=1)
        last = int(medians.index[-1])
        outside = [
            int(layer) for layer, value in medians.items() if not band.contains(int(layer), value)
        ]
        rows.append(
            {
                "method": method,
                "seeds": seeds,
                "ratio": float(medians.iloc[-1]),
                "lower": float(band.lower[-1]),
                "predicted": float(band.median[-1]),
                "upper": float(band.upper[-1]),
                "inside": band.contains(last, float(medians.iloc[-1])),
                "seeds_inside": int(
                    sum(one_draw.contains(last, float(value)) for value in ratios.loc[last])
                ),
                "outside_layers": outside,
            }
        )
    return pd.DataFrame(rows)
