"""The trainability phase diagram: the cells of the Gaussian family over (σ_w², depth), their
agreement with 6 ξ_c, in words and a figure, and when a grid draws one."""

import pandas as pd
import pytest
from report_helpers import assert_readable, configuration

from initbench.analysis import phase
from initbench.experiment import draws_phase_diagram, gaussian_name, spans_phase_diagram
from initbench.report import theory_figures
from initbench.report.sections.phase_diagram import phase_sentence
from initbench.theory.mean_field import mean_field


def phase_runs(accuracy) -> pd.DataFrame:
    """Two seeds of every (σ_w², depth), the accuracy a function of both."""
    rows = []
    for weight_variance in (1.0, 1.75, 2.5, 4.0):
        for depth in (10, 30, 60):
            for seed in (1, 2):
                rows.append(
                    {
                        "activation": "tanh",
                        "learning_rate": 0.001,
                        "hidden_layers": f"64x{depth}",
                        "method": gaussian_name(weight_variance, 0.05),
                        "seed": seed,
                        "train_accuracy": accuracy(weight_variance, depth),
                    }
                )
    rows.append({**rows[0], "method": "he"})  # not of the family: left out
    return pd.DataFrame(rows)


def test_a_phase_diagram_needs_three_variances_and_three_depths():
    runs = phase_runs(lambda weight_variance, depth: 1.0)
    assert phase.phase_grids(runs) == [phase.PhaseGrid("tanh", 0.05, 0.001)]
    assert phase.phase_grids(runs[runs["hidden_layers"] != "64x60"]) == []
    names = [gaussian_name(w, 0.05) for w in (1.0, 2.0, 3.0)]
    depths = ["64x10", "64x20", "64x30"]
    assert spans_phase_diagram(names, depths)
    assert not spans_phase_diagram(names[:2], depths)
    assert not spans_phase_diagram([*names[:2], gaussian_name(3.0, 0.1)], depths)
    assert not spans_phase_diagram(names, depths[:2])


def test_cells_say_what_trained_and_what_theory_allows():
    # Trains exactly where theory says it can, and in one cell beyond.
    def accuracy(weight_variance, depth):
        allowed = depth < mean_field("tanh", weight_variance, 0.05).trainable_depth
        return 1.0 if allowed or (weight_variance, depth) == (4.0, 60) else 0.5

    grid = phase.PhaseGrid("tanh", 0.05, 0.001)
    table = phase.cells(phase_runs(accuracy), grid)
    assert len(table) == 12 and (table["seeds"] == 2).all()
    assert int((table["trained"] == table["predicted"]).sum()) == 11
    sentence = phase_sentence(grid, table)
    assert 'matches "depth < 6 ξ_c" in **11 of 12 cells (90% interval 66%–99.6%)**: **holds**' in (
        sentence
    )
    assert "The edge of chaos, χ₁ = 1, is at σ_w² = 1.76." in sentence
    assert sentence.endswith("Of the others, 1 trained beyond 6 ξ_c.")
    figure = theory_figures.phase_diagram([(grid, table)])
    axes = figure.axes[0]
    assert [line.get_label() for line in axes.get_lines()] == [
        "trained",
        "6 ξ_c (theory)",
        "χ₁ = 1",
    ]
    trained = axes.get_lines()[0]
    assert len(trained.get_xdata()) == int(table["trained"].sum())
    assert_readable(figure)


def test_the_theory_curve_peaks_at_the_edge_of_chaos():
    grid = phase.PhaseGrid("tanh", 0.05, 0.001)
    curve = phase.theory_curve(grid, 1.0, 4.0, points=31)
    assert curve.idxmax() == pytest.approx(phase.edge_of_chaos(grid), abs=0.1)
    assert curve.iloc[0] < 30 and curve.iloc[-1] < 60  # the ordered and the chaotic ends


def test_on_unbalanced_classes_trained_means_clearly_above_the_majority_class():
    # 92 % of one class: answering it always scores 92 %, which must not count as trained.
    runs = phase_runs(lambda weight_variance, depth: 0.93)
    runs = runs[runs["seed"] == 1]  # one seed
    [grid] = phase.phase_grids(runs, chance=0.92)
    assert grid.trained_accuracy == pytest.approx(0.96)
    table = phase.cells(runs, grid)
    assert not table["trained"].any()
    sentence = phase_sentence(grid, table)
    assert "median final training accuracy over 1 seed reached 96%" in sentence
    figure = theory_figures.phase_diagram([(grid, table)])
    assert figure.axes[0].collections[0].get_clim() == (0.92, 1.0)
    # Balanced classes keep the 90 % of Schoenholz et al.'s reading.
    assert phase.PhaseGrid("tanh", 0.05, 0.001).trained_accuracy == 0.9


def test_a_grid_draws_a_phase_diagram_from_its_configuration():
    family = {"weight_variances": [1.0, 1.75, 2.5], "bias_variances": [0.05]}
    depths = ["8x2", "8x4", "8x8"]
    assert draws_phase_diagram(
        configuration(methods=["gaussian"], gaussian=family, hidden_layers=depths)
    )
    assert not draws_phase_diagram(
        configuration(methods=["gaussian"], gaussian=family, hidden_layers=depths[:2])
    )
