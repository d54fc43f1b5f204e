"""Cohen et al.'s edge of stability, counted from the runs' sharpness during training."""

import pandas as pd
from report_helpers import assert_readable

from initbench.analysis.edge_of_stability import run_edges
from initbench.report.sections.edge_of_stability import finding, verdict
from initbench.report.theory_figures import sharpness_panels

KEYS = {"activation": "tanh", "hidden_layers": "5-5", "method": "he"}


def run(seed, rate, sharpness, costs):
    """One run's sharpness every 10 updates and its cost log, as the summary holds them."""
    keys = {**KEYS, "learning_rate": rate, "seed": seed}
    measured = pd.DataFrame(
        [{**keys, "iteration": 10 * i, "sharpness": s} for i, s in enumerate(sharpness)]
    )
    logged = pd.DataFrame([{**keys, "iteration": i, "cost": c} for i, c in enumerate(costs)])
    return measured, logged


def tables(*runs):
    return (
        pd.concat([measured for measured, _ in runs], ignore_index=True),
        pd.concat([logged for _, logged in runs], ignore_index=True),
    )


def test_runs_that_reach_two_over_eta_and_stay_there_or_not():
    # η = 0.01: 2/η = 200.
    sharpness, costs = tables(
        run(1, 0.01, [50, 120, 185, 205, 198, 210, 190], [0.7, 0.6, 0.5]),  # rises, hovers
        run(2, 0.01, [50, 120, 185, 300, 90, 60, 40], [0.7, 0.6, 0.5]),  # reaches, leaves
        run(3, 0.01, [20, 30, 40, 50, 60], [0.7, 0.6, 0.5]),  # never near 200
        run(4, 0.01, [900, 150, 170, 190, 200], [0.7, 0.9, 0.5]),  # above: a catapult
        # Above, but the sharpness falls with no spike before it (the spike comes after).
        run(5, 0.01, [900, 150, 170, 190, 200], [0.7] * 11 + [0.9]),
    )
    edges = run_edges(sharpness, costs).set_index("seed")
    assert edges.loc[1, "reached_at"] == 20 and edges.loc[1, "stays_at_edge"]
    assert edges.loc[2, "reached_at"] == 20 and not edges.loc[2, "stays_at_edge"]
    assert pd.isna(edges.loc[3, "reached_at"])
    assert edges.loc[4, "started_above"] and edges.loc[4, "catapult"]
    assert edges.loc[5, "started_above"] and not edges.loc[5, "catapult"]
    assert not edges.loc[1, "started_above"]
    text = verdict(edges.reset_index())
    # Seeds 1, 2, 4 and 5 reached it; 1, 4 and 5 stayed (after their drop): 3 of 5 runs, which
    # chance gives half the time.
    assert (
        "- lr 0.01 (2/η = 200): 4 of 5 runs reached 2/η, and 3 of 5 runs (90% interval "
        "19%–92%) stayed there: **cannot tell**." in text
    )
    assert "Cannot tell at learning rate 0.01." in text
    assert "exact binomial test" in text
    assert "2 of 5 runs started above 2/η; 1 of them catapulted" in text
    assert text.endswith("(Lewkowycz et al. 2020) (1 at lr 0.01).")
    assert finding(edges.reset_index()).startswith(
        "Cohen et al. 2021, the sharpness rises to 2/η and stays there in most runs: cannot "
        "tell at learning rate 0.01."
    )


def test_the_claim_holds_where_most_runs_stay_more_than_chance_would_give():
    hovering = [run(seed, 0.001, [500, 1900, 2100, 1800, 2300], [0.7, 0.6]) for seed in range(5)]
    leaving = [run(seed, 0.01, [50, 185, 300, 90, 60, 40], [0.7, 0.6]) for seed in range(5)]
    sharpness, costs = tables(*hovering, *leaving)
    text = verdict(run_edges(sharpness, costs))
    assert "5 of 5 runs (90% interval 55%–100%) stayed there: **holds**" in text
    assert "0 of 5 runs (90% interval 0%–45%) stayed there: **does not hold**" in text
    assert "Holds at learning rate 0.001; does not hold at learning rate 0.01." in text


def test_the_panels_draw_every_seed_and_the_edge():
    sharpness, _ = tables(run(1, 0.01, [50, 150, 210], [0.7]), run(2, 0.01, [60, 190], [0.7]))
    figure = sharpness_panels(sharpness, ["xavier", "he"])
    [axes] = figure.axes
    assert len(axes.get_lines()) == 3  # two seeds and 2/η
    assert axes.get_lines()[-1].get_ydata()[0] == 200
    assert_readable(figure)


def test_two_over_eta_reads_to_three_digits_without_scientific_notation():
    sharpness, costs = tables(run(1, 0.0003, [50, 6000, 6700, 6600], [0.7, 0.6]))
    text = verdict(run_edges(sharpness, costs))
    assert "- lr 0.0003 (2/η = 6670): 1 of 1 runs reached 2/η" in text
    assert "comes within 10% of it" in text and "within 0.8–1.25 × 2/η" in text
