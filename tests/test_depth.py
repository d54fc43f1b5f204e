"""The section on the signal through depth: which networks it follows, stalls and He et al.'s
verdict counted from the runs, the decay measured and predicted, and its figures."""

import numpy as np
import pandas as pd
import pytest
from report_helpers import assert_readable, configuration

from initbench.analysis import depth
from initbench.report import depth_figures
from initbench.report.sections import depth as depth_section
from initbench.training.histograms import BINS, FIELDS, activation_histograms
from initbench.training.network import forward
from initbench.training.signal import FIELDS as SIGNAL_FIELDS
from initbench.training.trainer import Hyperparameters, initial_params, train


def run_rows(depth_name: str, method: str, seed: int, start: float, final: float, **extra):
    return {
        "activation": extra.get("activation", "relu"),
        "learning_rate": extra.get("learning_rate", 0.001),
        "hidden_layers": depth_name,
        "method": method,
        "seed": seed,
        "final_cost": final,
        "diverged": extra.get("diverged", False),
        "random_scale": 10.0,
        "iterations": 1000,
        "_start": start,
    }


def tables(rows: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    runs = pd.DataFrame(rows)
    costs = runs[["activation", "learning_rate", "hidden_layers", "method", "seed"]].assign(
        iteration=0, cost=runs["_start"]
    )
    return runs.drop(columns="_start"), costs


def test_a_run_stalls_within_one_percent_of_its_start_and_diverged_runs_are_apart():
    runs, costs = tables(
        [
            run_rows("64x30", "he", 1, 0.693, 0.60),  # trained
            run_rows("64x30", "he", 2, 0.693, 0.6862),  # 0.99 x 0.693 = 0.68607: stalled
            run_rows("64x30", "he", 3, 0.693, 0.6860),  # just below: trained
            run_rows("64x30", "he", 4, 0.693, np.inf, diverged=True),
        ]
    )
    found = depth.outcomes(runs, costs)
    assert found["outcome"].tolist() == ["trained", "stalled", "trained", "diverged"]
    assert found["depth"].tolist() == [30] * 4


def test_he_et_al_counts_the_seeds_where_he_trains_and_xavier_stalls():
    rows = []
    for seed in range(1, 6):
        rows.append(run_rows("64x30", "he", seed, 0.69, 0.5 if seed < 5 else 0.69))
        rows.append(run_rows("64x30", "xavier", seed, 0.69, 0.69 if seed > 1 else 0.3))
        rows.append(run_rows("64x2", "he", seed, 0.69, 0.1))  # too shallow to test
        rows.append(run_rows("64x8", "xavier", seed, 0.69, 0.69, activation="tanh"))
        rows.append(run_rows("64x8", "he", seed, 0.69, 0.4))
        rows.append(run_rows("64x8", "xavier", seed, 0.69, 0.69))
    runs, costs = tables(rows)
    table = depth.he_et_al(depth.outcomes(runs, costs))
    assert table[["hidden_layers", "seeds", "he_trained", "xavier_stalled", "both"]].to_dict(
        "records"
    ) == [
        {"hidden_layers": "64x8", "seeds": 5, "he_trained": 5, "xavier_stalled": 5, "both": 5},
        {"hidden_layers": "64x30", "seeds": 5, "he_trained": 4, "xavier_stalled": 4, "both": 3},
    ]
    # 5 of 5 is more than chance (p = 1/32); 3 of 5 could be (p = 1/2).
    assert table["verdict"].tolist() == ["holds", "cannot_tell"]
    section = depth_section.he_et_al_section(table)
    assert (
        "at depth 8, ReLU trains from He and stalls from the post's Xavier in **5 of 5 seeds "
        "(90% interval 55%–100%)**" in section
    )
    assert "in **3 of 5 seeds (90% interval 19%–92%)**" in section
    assert "**cannot tell**" in section and "exact binomial test" in section
    assert section.endswith("Holds at depth 8; cannot tell at depth 30.")
    finding = depth_section.he_et_al_finding(table)
    assert finding.startswith("**Cannot tell**: He et al. 2015, at depth 30")
    assert "here in 3 of 5 seeds (90% interval 19%–92%)" in finding


def test_the_finding_gives_every_optimization_at_the_deepest_depth():
    # Four optimizations at depth 8 (and gd alone at depth 2, too shallow to be shown): the
    # line gives each, grouped by verdict, not whichever came last.
    table = pd.DataFrame(
        {
            "learning_rate": 0.01,
            "hidden_layers": "64x8",
            "depth": 8,
            "optimizer": ["gd", "sgd", "momentum", "adam"],
            "order_seed": 0,
            "seeds": 5,
            "both": [5, 5, 5, 0],
            "verdict": ["holds", "holds", "holds", "does_not_hold"],
        }
    )
    finding = depth_section.he_et_al_finding(table)
    assert finding.startswith(
        "**Holds under gd, under sgd (order 0) and under momentum (order 0); does not hold "
        "under adam (order 0)**: He et al. 2015, at depth 8, ReLU trains"
    )
    assert "here under gd in 5 of 5 seeds (90% interval 55%–100%), under sgd" in finding
    assert "and under adam (order 0) in 0 of 5 seeds (90% interval 0%–45%)." in finding


def test_without_deep_relu_runs_of_both_methods_the_claim_is_not_tested():
    runs, costs = tables([run_rows("64x30", "he", 1, 0.69, 0.5)])
    table = depth.he_et_al(depth.outcomes(runs, costs))
    assert table.empty
    assert "*not tested*" in depth_section.he_et_al_section(table)
    assert "*not tested*" in depth_section.he_et_al_finding(table)


def test_the_section_follows_the_deepest_network_per_activation_at_its_first_rate():
    rows = [
        run_rows(name, "he", 1, 0.69, 0.5, activation=activation, learning_rate=rate)
        for activation in ("tanh", "relu")
        for rate in (0.003, 0.001)
        for name in ("64x8", "100-64x30", "64x30")
    ]
    runs, _ = tables(rows)
    assert depth.deep_settings(runs) == [
        depth.DeepSetting("tanh", 0.003, "100-64x30"),
        depth.DeepSetting("relu", 0.003, "100-64x30"),
    ]
    shallow, _ = tables([run_rows("5-5", "he", 1, 0.69, 0.5), run_rows("64x7", "he", 1, 1, 1)])
    assert depth.deep_settings(shallow) == []


def test_the_factor_per_layer_is_the_geometric_mean_ratio():
    spread = pd.Series([1.0, 0.5, 0.25, 0.125], index=[1, 2, 3, 4])
    assert depth.factor_per_layer(spread) == pytest.approx(0.5)
    assert np.isnan(depth.factor_per_layer(pd.Series([1.0, 0.0])))


@pytest.fixture(scope="module")
def deep_runs():
    """Real runs of a ReLU network of 10 layers of 16 units, as the aggregate gathers them."""
    rng = np.random.RandomState(0)
    x = rng.rand(30, 40)
    labels = (rng.rand(1, 40) > 0.5).astype(float)
    layer_frames, run_rows_, histogram_frames = [], [], []
    for method in ("he", "xavier", "lsuv"):
        for seed in (1, 2):
            hp = Hyperparameters(
                method, seed, hidden_layers=(16,) * 10, activation="relu", iterations=20
            )
            run = train(x, labels, hp, signal_every=5)
            keys = {
                "activation": "relu",
                "learning_rate": 0.01,
                "hidden_layers": "16x10",
                "method": method,
                "seed": seed,
            }
            layer_frames.append(pd.DataFrame(run.signal, columns=SIGNAL_FIELDS).assign(**keys))
            run_rows_.append({**keys, "random_scale": 10.0})
            if seed == 1:
                histogram_frames.append(
                    pd.DataFrame(activation_histograms(x, 1, hp), columns=FIELDS).assign(
                        **keys, quantity="activation"
                    )
                )
    return (
        pd.concat(layer_frames, ignore_index=True),
        pd.DataFrame(run_rows_),
        pd.concat(histogram_frames, ignore_index=True),
    )


def test_the_decay_table_measures_and_predicts_the_spread(deep_runs):
    layers, runs, _ = deep_runs
    setting = depth.DeepSetting("relu", 0.01, "16x10")
    decay = depth.decay_table(layers, runs, setting, ["he", "xavier", "lsuv"]).set_index("method")
    # Xavier under ReLU halves the second moment at each layer: its spread falls faster.
    assert decay.loc["xavier", "factor_per_layer"] < decay.loc["he", "factor_per_layer"]
    assert decay.loc["xavier", "predicted_factor"] == pytest.approx(2**-0.5)
    assert decay.loc["he", "predicted_factor"] == pytest.approx(1.0)
    assert np.isnan(decay.loc["lsuv", "predicted_factor"])  # set by the data, not predicted
    sentence = depth_section.decay_sentence(decay.reset_index(), setting)
    assert "where 2^(-1/2) ≈ 0.707 is predicted" in sentence


def test_relu_histograms_count_every_nonzero_activation_on_shared_log_bins():
    rng = np.random.RandomState(0)
    x = rng.rand(30, 40)
    hp = Hyperparameters("xavier", 1, hidden_layers=(16,) * 10, activation="relu")
    rows = pd.DataFrame(activation_histograms(x, 1, hp), columns=FIELDS)
    params, _ = initial_params(x, 1, hp)
    activations = forward(params, params[0][0] @ x + params[0][1], "relu").a
    assert len(rows) == 10 * BINS
    counted = rows.groupby("layer")["count"].sum().tolist()
    assert counted == [int((a > 0).sum()) for a in activations]
    # One set of bins for every layer, equal in logarithm, from the smallest magnitude to the
    # largest: the deep layers' decades-smaller activations land in the first bins.
    edges = rows[rows["layer"] == 1][["bin_left", "bin_right"]].to_numpy()
    for layer in range(2, 11):
        np.testing.assert_array_equal(
            rows[rows["layer"] == layer][["bin_left", "bin_right"]].to_numpy(), edges
        )
    np.testing.assert_allclose(np.log(edges[:, 1] / edges[:, 0]), np.log(edges[0, 1] / edges[0, 0]))
    positive = np.concatenate([a[a > 0] for a in activations])
    assert edges[0, 0] == pytest.approx(positive.min()) and edges[-1, 1] == pytest.approx(
        positive.max()
    )


def test_tanh_histograms_span_minus_one_to_one():
    x = np.random.RandomState(1).rand(20, 10)
    hp = Hyperparameters("xavier", 1, hidden_layers=(8, 8), activation="tanh")
    rows = pd.DataFrame(activation_histograms(x, 1, hp), columns=FIELDS)
    assert rows["bin_left"].min() == -1.0 and rows["bin_right"].max() == 1.0


def test_the_figures_draw_a_row_per_activation(deep_runs):
    layers, _, histograms = deep_runs
    settings = [depth.DeepSetting("relu", 0.01, "16x10")]
    methods = ["he", "xavier", "lsuv"]
    signal = depth_figures.signal_through_depth(layers, settings, methods, 10.0)
    initial, trained = signal.axes
    # A line per method, and a dashed theory line for each except LSUV.
    assert len(initial.get_lines()) == 3 + 2 and len(trained.get_lines()) == 3
    gradients = depth_figures.gradients_through_depth(layers, settings, methods)
    assert gradients.axes[0].get_lines()
    drawn = depth_figures.activation_histograms(histograms, settings, methods)
    assert [axes.get_title() for axes in drawn.axes] == [f"{m}, seed 1" for m in methods]
    ratios = depth_figures.update_ratios(layers, settings, methods)
    assert len(ratios.axes) == 3
    # The shown layers (1, 3, 5, 6, 8, 10) and the healthy 1e-3 line in each panel.
    assert len(ratios.axes[0].get_lines()) == len(depth_figures.shown_layers(10)) + 1
    for figure in (signal, gradients, drawn, ratios):
        assert_readable(figure)


def test_shown_layers_spread_from_the_first_to_the_last():
    assert depth_figures.shown_layers(30) == [1, 7, 13, 18, 24, 30]
    assert depth_figures.shown_layers(3) == [1, 2, 3]


def test_the_finite_width_drift_is_explained_only_where_it_is_seen_without_a_law():
    setting = depth.DeepSetting("tanh", 0.001, "64x30")

    def table(factor):
        return pd.DataFrame(
            {
                "method": ["xavier", "lsuv"],
                "first_layer": [0.5, 0.6],
                "last_layer": [0.5 * factor**29, 0.6],
                "factor_per_layer": [factor, 1.0],
                "predicted_last_layer": [0.5, np.nan],
                "predicted_factor": [1.0, np.nan],
            }
        )

    drifting = depth_section.decay_sentence(table(0.95), setting)
    assert "Measured factors per layer are 0.950 times the predicted ones" in drifting
    assert "known in law for rectifiers (Hanin 2018), not for this activation" in drifting
    assert "Hanin" not in depth_section.decay_sentence(table(0.995), setting)
    # Under ReLU the law's band takes the place of the drift (finite_width_sentence).
    relu = depth.DeepSetting("relu", 0.001, "64x30")
    assert "Hanin" not in depth_section.decay_sentence(table(0.95), relu)


def test_the_band_holds_he_and_xavier_spreads_drawn_as_the_law_says(deep_runs):
    layers, runs, _ = deep_runs
    setting = depth.DeepSetting("relu", 0.01, "16x10")
    table = depth.finite_width_table(layers, runs, setting, ["he", "xavier", "lsuv"])
    # LSUV is scaled by the data: the law does not describe it.
    assert table["method"].tolist() == ["he", "xavier"]
    assert (table["seeds"] == 2).all()
    he, xavier = table.itertuples()
    assert he.lower < he.predicted < he.upper
    # Real networks drawn as the law assumes: their spreads lie in its bands.
    assert he.inside and xavier.inside and he.outside_layers == xavier.outside_layers == []
    # The post's Xavier halves the second moment per layer: 2^(-9/2) times He's, in the middle.
    assert xavier.predicted / he.predicted == pytest.approx(2**-4.5, rel=1e-6)
    rows = setting.rows(layers)
    ratios = depth.spread_ratios(rows[rows["method"] == "he"])
    assert he.ratio == pytest.approx(float(ratios.loc[10].median()))
    # Xavier's weights are He's numbers over √2: under ReLU each seed's ratio is 2^(-9/2) He's.
    xavier_ratios = depth.spread_ratios(rows[rows["method"] == "xavier"])
    assert (xavier_ratios.loc[10] / ratios.loc[10]).to_numpy() == pytest.approx(2**-4.5)
    sentence = depth_section.finite_width_sentence(table, setting)
    assert "The shaded bands hold 90% of the medians over 2 seeds" in sentence
    assert f"he, {depth_section.number(he.ratio)}, " in sentence
    # The same numbers, scaled: one test, said so.
    assert "The methods he and xavier draw the same Gaussian numbers" in sentence
    assert "one test rather than 2" in sentence


def test_the_band_is_not_drawn_where_the_law_does_not_hold():
    relu = depth.DeepSetting("relu", 0.01, "16x10")
    assert depth.finite_width_band(relu, "he", 10.0) is not None
    assert depth.finite_width_band(relu, "he_uniform", 10.0) is None  # not Gaussian
    assert depth.finite_width_band(relu, "orthogonal", 10.0) is None
    assert depth.finite_width_band(relu, "gaussian_w2.0_b0.05", 10.0) is None  # biases
    assert depth.finite_width_band(relu, "zeros", 10.0) is None
    assert depth.finite_width_band(relu, "lsuv", 10.0) is None
    assert depth.finite_width_band(depth.DeepSetting("tanh", 0.01, "16x10"), "he", 10.0) is None


def test_a_measurement_outside_the_band_is_named_with_its_layers():
    setting = depth.DeepSetting("relu", 0.01, "64x30")
    table = pd.DataFrame(
        [
            {
                "method": "he",
                "seeds": 5,
                "ratio": 0.01,
                "lower": 0.2,
                "predicted": 0.5,
                "upper": 1.1,
                "inside": False,
                "seeds_inside": 1,
                "outside_layers": [3, 7, 8, 9, 30],
            }
        ]
    )
    sentence = depth_section.finite_width_sentence(table, setting)
    assert "he, 0.0100, below [0.200, 1.10] (the law's median 0.500; 1 of 5 seeds" in sentence
    assert (
        "Outside the band: he at layers 3, 7–9 and 30. A median falls outside its 90%" in sentence
    )
    assert "one grid of 10" in sentence and "one test rather than" not in sentence


def test_the_introduction_names_the_deepest_network_and_defines_stalls():
    settings = [
        depth.DeepSetting("relu", 0.001, "64x30"),
        depth.DeepSetting("tanh", 0.001, "64x30"),
    ]
    text = depth_section.introduction(settings, 1000)
    assert "**64x30** (30 hidden layers), under relu and tanh at learning rate 0.001" in text
    assert "*stalls* when its cost after all 1000 updates is within 1% of its cost" in text
    mixed = [depth.DeepSetting("relu", 0.001, "64x30"), depth.DeepSetting("tanh", 0.01, "64x30")]
    assert "relu at learning rate 0.001; tanh at learning rate 0.01" in (
        depth_section.introduction(mixed, 1000)
    )


def test_the_section_applies_to_a_grid_with_a_deep_network():
    assert not depth_section.is_deep(configuration())  # the post's 5-5
    assert depth_section.is_deep(configuration(hidden_layers=[[5, 5], "8x8"]))


def test_the_decay_table_reads_decades_and_says_where_theory_is_silent():
    decay = pd.DataFrame(
        {
            "method": ["xavier", "lsuv"],
            "first_layer": [0.5, 0.6],
            "last_layer": [1.234e-5, 0.6],
            "factor_per_layer": [0.7071, 1.0],
            "predicted_last_layer": [1.1e-5, np.nan],
            "predicted_factor": [2**-0.5, np.nan],
        }
    )
    shown = depth_section.decay_for_reading(decay, 30).set_index("Method")
    assert shown.loc["xavier", "Layer 30"] == "1.23e-05"
    assert shown.loc["xavier", "Factor per layer"] == "0.707"
    assert shown.loc["lsuv", "Theory, layer 30"] == "—"


def test_he_et_al_pairs_seeds_within_each_optimization():
    rows = [
        {**run_rows("64x8", method, seed, 0.69, final), "optimizer": optimizer, "order_seed": 0}
        for seed in range(1, 6)
        for optimizer, method, final in (
            ("gd", "he", 0.4),
            ("gd", "xavier", 0.69),
            ("adam", "he", 0.2),
            ("adam", "xavier", 0.1),
        )
    ]
    runs = pd.DataFrame(rows)
    costs = runs[["activation", "learning_rate", "hidden_layers", "optimizer", "order_seed"]]
    costs = costs.assign(method=runs["method"], seed=runs["seed"], iteration=0, cost=runs["_start"])
    table = depth.he_et_al(depth.outcomes(runs.drop(columns="_start"), costs))
    # Five seeds per optimization, never a seed of one optimization beside another's.
    assert table[["optimizer", "seeds", "both"]].to_dict("records") == [
        {"optimizer": "gd", "seeds": 5, "both": 5},
        {"optimizer": "adam", "seeds": 5, "both": 0},
    ]
    assert depth_section.he_et_al_section(table).endswith(
        "Holds at depth 8; does not hold at depth 8."
    )
    items = depth_section.he_et_al_items(table)
    assert "(64x8, lr 0.001, under gd; He trains in 5" in items[0]
    assert "(64x8, lr 0.001, under adam (order 0); He trains in 5" in items[1]
