"""The papers' claims beside the runs: each claim measured on runs whose answer is known, the
agreement it leads to, and what a grid must hold for a paper's claims to be measured."""

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import REPO

from initbench.analysis import depth
from initbench.analysis.edge_of_stability import run_edges
from initbench.analysis.papers import layer_ratios, loss_over_time, lower_test, updates_to_learn
from initbench.analysis.statistics import CANNOT_TELL, DOES_NOT_HOLD, HOLDS
from initbench.experiment import PAPERS as PAPER_NAMES
from initbench.report.papers import (
    PAPERS,
    cohen2021,
    glorot2010,
    he2015,
    mishkin2015,
    pennington2017,
)
from initbench.report.papers.claims import ASPECTS
from initbench.report.papers.measures import sign_words

SETTING = {"activation": "relu", "learning_rate": 0.001}


def test_every_paper_the_configuration_names_has_its_claims_and_whole_setup():
    schema = yaml.safe_load((REPO / "workflow/schemas/config.schema.yaml").read_text())
    assert tuple(PAPERS) == PAPER_NAMES
    assert schema["properties"]["paper"]["enum"] == list(PAPER_NAMES)
    for paper in PAPERS.values():
        assert list(paper.setup) == list(ASPECTS), paper.key


def test_each_paper_has_a_preset_that_names_it_and_meets_its_requirements():
    defaults = yaml.safe_load((REPO / "config.yaml").read_text())
    presets = {
        path: yaml.safe_load(path.read_text()) for path in sorted(REPO.glob("config/*/*.yaml"))
    }
    by_paper = {preset["paper"]: preset for preset in presets.values() if "paper" in preset}
    assert set(by_paper) == set(PAPER_NAMES)
    for path, preset in presets.items():
        # config/papers/ holds one preset per paper, named after it; a grid may name one too.
        if path.parent.name == "papers":
            assert preset["paper"] == preset["experiment"] == path.stem
    for name, preset in by_paper.items():
        config = {**defaults, "optimizers": ["gd"], "sharpness_every": 0, **preset}
        assert PAPERS[name].unmet(config) == [], name


def test_a_grid_without_what_the_claims_need_is_told_what_is_missing():
    config = {"methods": ["he"], "activations": ["tanh"]}
    assert PAPERS["he2015"].unmet(config) == ["methods he and xavier", "the activation relu"]
    assert PAPERS["cohen2021"].unmet({"sharpness_every": 0}) == [
        "the sharpness recorded (sharpness_every above 0)"
    ]


def costs_of(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows)


def test_updates_to_learn_is_the_first_record_at_ninety_percent_of_the_start():
    costs = pd.DataFrame(
        [
            {**SETTING, "hidden_layers": "64x2", "method": method, "seed": 1, "iteration": t}
            | {"cost": cost}
            for method, curve in (("he", [2.0, 1.9, 1.8, 1.0]), ("xavier", [2.0, 2.0, 1.9, 1.85]))
            for t, cost in zip((0, 10, 20, 30), curve, strict=True)
        ]
    )
    found = updates_to_learn(costs).set_index("method")["updates"]
    # 1.8 is exactly 90 % of 2.0: reached at update 20; xavier never gets there.
    assert found["he"] == 20
    assert math.isinf(found["xavier"])


def test_lower_test_pairs_runs_by_seed_and_counts_ties():
    runs = pd.DataFrame(
        [
            {**SETTING, "hidden_layers": "64x2", "method": method, "seed": seed, "value": value}
            for seed, (first, second) in enumerate([(1, 2), (1, 3), (2, 2), (3, 1)], start=1)
            for method, value in (("a", first), ("b", second))
        ]
    )
    test = lower_test(runs, "value", "a", "b")
    assert (test.lower, test.higher, test.ties) == (2, 1, 1)
    assert sign_words(test, "a", "b") == (
        "lower for a than for b in 2 of 4 seeds, 1 tie (sign test, one-sided p = 0.50; about "
        "31 seeds would decide, if further seeds split as these)"
    )


def he_results(xavier_at_22: list) -> SimpleNamespace:
    """Five seeds of He et al.'s grid: at 30 layers He trains and Xavier stalls; at 22 He
    trains, and Xavier's cost follows ``xavier_at_22`` (at updates 0, 50 and 100)."""
    curves = {
        ("64x30", "he"): [2.3, 1.0, 0.5],
        ("64x30", "xavier"): [2.3, 2.3, 2.3],
        ("64x22", "he"): [2.3, 1.5, 0.4],
        ("64x22", "xavier"): xavier_at_22,
    }
    keys = [
        {**SETTING, "hidden_layers": layers, "method": method, "seed": seed}
        for seed in range(1, 6)
        for layers, method in curves
    ]
    runs = pd.DataFrame(
        [key | {"final_cost": curves[(key["hidden_layers"], key["method"])][-1]} for key in keys]
    ).assign(diverged=False)
    costs = pd.DataFrame(
        [
            key | {"iteration": t, "cost": cost}
            for key in keys
            for t, cost in zip(
                (0, 50, 100), curves[(key["hidden_layers"], key["method"])], strict=True
            )
        ]
    )
    return SimpleNamespace(
        runs=runs, costs=costs, he_et_al=depth.he_et_al(depth.outcomes(runs, costs))
    )


def test_he_et_al_claims_agree_where_the_runs_show_them():
    found = he2015.claims(he_results([2.3, 2.2, 0.6]))
    assert [claim.source for claim in found] == [
        "§2.2, Figure 3 (30 layers)",
        "§2.2, Figure 2 (22 layers)",
        "§2.2, Figure 2 (22 layers)",
    ]
    # Five of five seeds each time: p = 1/32, below 5 %.
    assert [claim.agreement for claim in found] == ["agrees", "agrees", "agrees"]
    assert "both in 5 of 5 seeds (90% interval 55%–100%)" in found[0].measured
    assert "lower for he than for xavier in 5 of 5 seeds" in found[2].measured


def test_he_et_al_disagrees_when_the_shallower_network_stalls_from_xavier():
    found = he2015.claims(he_results([2.3, 2.3, 2.3]))
    assert found[1].verdict == DOES_NOT_HOLD and found[1].agreement == "disagrees"
    assert "both trained in 0 of 5 seeds" in found[1].measured


def layer_rows(method: str, seed: int, activation_std: list, gradient_norm: list) -> list:
    return [
        {**SETTING, "activation": "tanh", "hidden_layers": "1000x5", "method": method}
        | {"seed": seed, "iteration": iteration, "layer": layer}
        | {"activation_std": std, "preactivation_gradient_norm": norm}
        for iteration in (0, 100)
        for layer, (std, norm) in enumerate(
            zip(activation_std, gradient_norm, strict=True), start=1
        )
    ]


def test_glorot_layer_ratios_read_the_first_and_last_hidden_layer_at_the_start():
    layers = pd.DataFrame(layer_rows("glorot_standard", 1, [0.8, 0.4, 0.2], [1.0, 2.0, 4.0]))
    ratios = layer_ratios(layers)
    assert ratios["activations"].tolist() == [0.25]
    assert ratios["gradients"].tolist() == [0.25]


def glorot_results(standard_errors: list, normalized_errors: list) -> SimpleNamespace:
    runs, layers = [], []
    for seed, (standard, normalized) in enumerate(
        zip(standard_errors, normalized_errors, strict=True), start=1
    ):
        for method, error in (("glorot_standard", standard), ("glorot_uniform", normalized)):
            runs.append(
                {**SETTING, "activation": "tanh", "hidden_layers": "1000x5", "method": method}
                | {"seed": seed, "test_accuracy": 1 - error / 100}
            )
        layers += layer_rows("glorot_standard", seed, [0.8, 0.3], [1.0, 3.0])
        layers += layer_rows("glorot_uniform", seed, [0.8, 0.7], [1.0, 1.1])
    return SimpleNamespace(runs=pd.DataFrame(runs), layers=pd.DataFrame(layers))


def test_glorot_claims_compare_the_two_initializations_seed_by_seed():
    found = glorot2010.claims(glorot_results([2.0, 2.1, 2.2, 1.9, 2.0], [1.8, 1.7, 1.9, 2.0, 1.9]))
    table, activations, shrinking, kept = found
    # Normalized lower in 4 of 5 seeds: p = 6/32, more than 5 %.
    assert table.verdict == CANNOT_TELL
    assert 'Tanh" 1.76 %' in table.statement and "1.64 %" in table.statement
    assert "standard median 2.00 % (1.90 %–2.20 % over 5 seeds)" in table.measured
    assert activations.verdict == HOLDS  # 0.375 below 0.875 in every seed
    assert shrinking.verdict == HOLDS and "below 1 in 5 of 5 seeds" in shrinking.measured
    assert kept.verdict == HOLDS


def sharpness_run(lr: float, seed: int, sharpness: list, costs: list) -> tuple[list, list]:
    keys = {**SETTING, "activation": "tanh", "learning_rate": lr, "hidden_layers": "200-200"}
    keys |= {"method": "pytorch_default", "seed": seed}
    iterations = range(0, 10 * len(sharpness), 10)
    return (
        [
            keys | {"iteration": t, "sharpness": s}
            for t, s in zip(iterations, sharpness, strict=True)
        ],
        [keys | {"iteration": t, "cost": c} for t, c in zip(iterations, costs, strict=True)],
    )


def test_cohen_claims_read_the_sharpness_against_two_over_the_step():
    sharpness, costs = [], []
    for seed in range(1, 6):
        # 2/η = 4: rises from 1 to the edge, hovers, the cost falling but not monotonically.
        found = sharpness_run(0.5, seed, [1, 2, 3.8, 4.1, 3.9, 4.0], [2, 1.5, 1, 1.1, 0.8, 0.7])
        sharpness += found[0]
        costs += found[1]
    results = SimpleNamespace(
        edges=run_edges(pd.DataFrame(sharpness), pd.DataFrame(costs)),
        costs=pd.DataFrame(costs),
        sharpness=pd.DataFrame(sharpness),
    )
    hovers, sharpens, loss, *catapult = cohen2021.claims(results)
    assert not catapult  # no run started above 2/η
    assert [hovers.verdict, sharpens.verdict, loss.verdict] == [HOLDS, HOLDS, HOLDS]
    assert hovers.source == "Figure 1 (lr 0.5, 2/η = 4.00)"
    assert hovers.measured.startswith("5 of 5 runs reached 0.9 × 2/η")
    assert "largest value over its first: median 4.10 × (4.10 × over 5 runs)" in sharpens.measured


def test_cohen_loss_that_never_rises_after_the_edge_is_not_the_claim():
    edges = pd.DataFrame(
        [{**SETTING, "hidden_layers": "2", "method": "he", "seed": 1, "reached_at": 10.0}]
    )
    costs = pd.DataFrame(
        [
            {**SETTING, "hidden_layers": "2", "method": "he", "seed": 1}
            | {"iteration": t, "cost": c}
            for t, c in ((0, 2.0), (10, 1.0), (20, 0.9), (30, 0.8))
        ]
    )
    found = loss_over_time(edges, costs)
    assert found[["rose", "fell"]].to_dict("records") == [{"rose": False, "fell": True}]


@pytest.mark.parametrize(
    ("lsuv_errors", "verdict"),
    [([1.0] * 6, HOLDS), ([3.0] * 6, DOES_NOT_HOLD), ([1.0, 3.0] * 3, CANNOT_TELL)],
)
def test_lsuv_against_each_start_by_test_error(lsuv_errors, verdict):
    runs = pd.DataFrame(
        [
            {**SETTING, "hidden_layers": "64x20", "method": method, "seed": seed}
            | {"test_accuracy": 1 - error / 100}
            for seed, lsuv in enumerate(lsuv_errors, start=1)
            for method, error in (("lsuv", lsuv), ("orthogonal", 2.0), ("he", 2.0))
        ]
    )
    found = mishkin2015.claims(SimpleNamespace(runs=runs))
    assert [claim.verdict for claim in found] == [verdict, verdict]
    assert "orthogonal median 2.00 % (2.00 % over 6 seeds)" in found[0].measured


def test_updates_are_infinite_only_for_runs_that_never_learn():
    costs = pd.DataFrame(
        [{**SETTING, "hidden_layers": "2", "method": "he", "seed": 1, "iteration": 0, "cost": 1.0}]
    )
    assert np.isinf(updates_to_learn(costs)["updates"]).all()


def test_schoenholz_claim_counts_the_cells_and_says_where_the_misses_lie():
    from initbench.analysis.phase import PhaseGrid
    from initbench.report.papers import schoenholz2017

    table = pd.DataFrame(
        [
            # (σ_w², depth, trained, predicted): 4 cells as theory says, 1 beyond, 2 short.
            (1.0, 10, True, True),
            (1.0, 50, False, False),
            (1.75, 50, True, True),
            (1.75, 60, True, True),
            (1.0, 30, True, False),
            (3.0, 50, False, True),
            (3.0, 60, False, True),
        ],
        columns=["weight_variance", "depth", "trained", "predicted"],
    ).assign(seeds=1)
    grid = PhaseGrid("tanh", 0.05, 0.01, chance=0.11)
    (claim,) = schoenholz2017.claims(SimpleNamespace(phase_diagrams=[(grid, table)]))
    assert claim.verdict == CANNOT_TELL  # 4 of 7: p = 0.5
    assert "exactly where depth < 6 ξ_c in 4 of 7 cells" in claim.measured
    assert claim.measured.endswith(
        "of the others, 1 trained beyond it (σ_w² = 1 at 30 layers) and 2 did not train "
        "within it (σ_w² = 3 at 50, 60 layers)"
    )


def test_the_grids_setup_is_described_in_the_papers_terms():
    from initbench.analysis.baseline import Baseline
    from initbench.report.papers.measures import setup_here

    config = {
        "dataset": "mnist",
        "activations": ["relu"],
        "optimizers": ["momentum"],
        "momentum": {"coefficient": 0.9, "nesterov": False},
        "learning_rates": [0.001],
        "batch_size": 64,
        "iterations": 1000,
        "seeds": [1, 2, 3],
    }
    results = SimpleNamespace(
        config=config,
        dataset_name="mnist",
        runs=pd.DataFrame({"hidden_layers": ["64x22", "64x30", "64x22"]}),
        image_sets=pd.Series(["train"] * 1000 + ["test"] * 500 + ["unused"] * 10),
        chance=Baseline("1", 0.11, 2.3, 10),
    )
    assert setup_here(results) == {
        "data": "MNIST's handwritten digits: 1,000 training images, 500 held out",
        "network": (
            "fully connected, 22 hidden layers (64x22), 30 hidden layers (64x30); relu; "
            "softmax over 10 classes"
        ),
        "training": "SGD with momentum 0.9; learning rate 0.001, batches of 64",
        "budget": "1,000 updates (64 epochs of mini-batches)",
        "seeds": "3 seeds",
    }


GAUSSIAN_B, ORTHOGONAL_B = "critical_gaussian_b1e-05", "critical_orthogonal_b1e-05"


def pennington_results(spreads: dict, learned_at: dict, errors: dict) -> SimpleNamespace:
    """Five seeds of the critical families under tanh and ReLU at depths 8 and 16: each
    network's two singular values ``1 ± spreads[(activation, method, depth)]`` on two images;
    tanh's deep runs reach 90 % of their starting cost at ``learned_at[method]`` (never when
    None); the deep runs' test errors ``errors[(activation, method)]``."""
    jacobian, runs, costs = [], [], []
    for seed in range(1, 6):
        for activation in ("tanh", "relu"):
            for layer_count in (8, 16):
                layers = f"8x{layer_count}"
                for method in (GAUSSIAN_B, ORTHOGONAL_B):
                    key = {"activation": activation, "learning_rate": 0.01}
                    key |= {"hidden_layers": layers, "method": method, "seed": seed}
                    half = spreads.get((activation, method, layer_count), 0.3)
                    jacobian += [
                        key
                        | {"image": image, "first_second_moment": 0.1}
                        | {"rank": rank, "singular_value": value}
                        for image in (0, 1)
                        for rank, value in enumerate((1 + half, 1 - half), start=1)
                    ]
                    deep = layer_count == 16
                    error = errors.get((activation, method), 50.0) if deep else 50.0
                    runs.append(key | {"final_cost": 1.0, "test_accuracy": 1 - error / 100})
                    reached = learned_at.get(method) if activation == "tanh" else None
                    costs += [
                        key | {"iteration": t, "cost": 0.5 if reached and t >= reached else 1.0}
                        for t in (0, 10, 20, 30)
                    ]
    return SimpleNamespace(
        config={"critical": {"bias_variances": [1e-5]}},
        jacobian=pd.DataFrame(jacobian),
        runs=pd.DataFrame(runs),
        costs=pd.DataFrame(costs),
    )


def test_pennington_claims_agree_where_the_spectra_and_the_runs_show_them():
    results = pennington_results(
        spreads={
            ("relu", ORTHOGONAL_B, 8): 0.2,
            ("relu", ORTHOGONAL_B, 16): 0.5,
            ("tanh", ORTHOGONAL_B, 16): 0.05,
            ("tanh", GAUSSIAN_B, 16): 0.6,
        },
        learned_at={ORTHOGONAL_B: 10, GAUSSIAN_B: 30},
        errors={("tanh", ORTHOGONAL_B): 10.0, ("relu", ORTHOGONAL_B): 60.0},
    )
    found = pennington2017.claims(results)
    assert [claim.agreement for claim in found] == ["agrees"] * 4
    relu, only_orthogonal, faster, outperform = found
    # Singular values 1 ± h: squares' variance over their mean's square, 4h² / (1 + h²)².
    assert "at depth 16, median 0.640 (0.640 over 5 seeds)" in relu.measured
    assert "lower for depth 8 than for depth 16 in 5 of 5 seeds" in relu.measured
    assert f"lower for {ORTHOGONAL_B} than for {GAUSSIAN_B} in 5 of 5" in only_orthogonal.measured
    assert f"{ORTHOGONAL_B} median 10 (10 over 5 seeds)" in faster.measured
    assert "lower for tanh than for relu in 5 of 5 seeds" in outperform.measured
    assert "test error (%)" in outperform.measured


def test_pennington_claims_disagree_where_the_runs_show_the_opposite():
    results = pennington_results(
        spreads={
            ("relu", ORTHOGONAL_B, 8): 0.5,
            ("relu", ORTHOGONAL_B, 16): 0.2,
            ("tanh", ORTHOGONAL_B, 16): 0.6,
            ("tanh", GAUSSIAN_B, 16): 0.05,
        },
        learned_at={ORTHOGONAL_B: None, GAUSSIAN_B: 10},
        errors={("tanh", ORTHOGONAL_B): 60.0, ("relu", ORTHOGONAL_B): 10.0},
    )
    assert [claim.verdict for claim in pennington2017.claims(results)] == [DOES_NOT_HOLD] * 4


def test_pennington_needs_both_families_both_activations_and_two_deep_depths():
    config = {
        "methods": ["critical_orthogonal"],
        "activations": ["tanh"],
        "hidden_layers": ["64x8"],
    }
    assert PAPERS["pennington2017"].unmet(config) == [
        "methods critical_gaussian and critical_orthogonal",
        "the activations tanh and relu",
        "two depths of 8 hidden layers or more",
    ]
