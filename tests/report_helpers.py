"""The report's data built in a test: a configuration as the workflow validates it, and the
report's Results over tables written to a temporary folder, as the rules write them."""

from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from conftest import REPO
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from snakemake.utils import validate

from initbench.analysis.baseline import Baseline
from initbench.report.figure_layout import DPI, PAGE_WIDTH, PHONE_SCALE
from initbench.report.results import Results
from initbench.report.section import Section
from initbench.report.sections import SECTIONS, active_sections
from initbench.tables import write_table

# Balanced classes: always answering one is right half the time, and a constant 0.5 costs ln 2.
BALANCED = Baseline("cat", 0.5, float(np.log(2)), classes=2)


def configuration(**overrides) -> dict:
    """config.yaml with ``overrides``, its defaults filled in from the schema."""
    config = yaml.safe_load((REPO / "config.yaml").read_text())
    config.update(overrides)
    validate(config, str(REPO / "workflow/schemas/config.schema.yaml"))
    return config


def image_table(classes: list[str]) -> pd.DataFrame:
    """``images.csv`` of images of these classes, the first class labelled 1."""
    return pd.DataFrame(
        {
            "file": [f"{name}.{index}.jpg" for index, name in enumerate(classes)],
            "class": classes,
            "label": [int(name == classes[0]) for name in classes],
            "sha256": [f"{index:064x}" for index in range(len(classes))],
        }
    )


def split_table(images: pd.DataFrame, sets: list[str] | None = None) -> pd.DataFrame:
    """``split.csv`` for ``images``: each image's set, every one for training unless ``sets``
    says."""
    return pd.DataFrame({"file": images["file"], "set": sets or ["train"] * len(images)})


def results_with(
    folder: Path,
    config: dict,
    sections: tuple[Section, ...] = SECTIONS,
    files: dict[str, Path] | None = None,
    **tables: pd.DataFrame,
) -> Results:
    """Results over ``tables`` (by input name), each written where a rule would write it, and
    over ``files`` already written (the pixel matrix)."""
    inputs = {name: str(path) for name, path in (files or {}).items()}
    for name, table in tables.items():
        path = folder / f"{name}.csv"
        write_table(table, path)
        inputs[name] = str(path)
    shown = tuple(active_sections(config, sections))
    return Results(inputs, config, shown, dataset_name=config["dataset"])


def departures_table(departures: dict[str, int | None]) -> pd.DataFrame:
    """``departures.csv``: where each method's run parts from its reversed-order twin."""
    return pd.DataFrame(
        [
            {
                "method": method,
                "seed": 1,
                "activation": "tanh",
                "learning_rate": 0.01,
                "hidden_layers": "5-5",
                "iterations": 200,
                "tolerance": 0.01,
                "departure_iteration": np.nan if departure is None else departure,
                "diverged_at_iteration": np.nan,
            }
            for method, departure in departures.items()
        ]
    )


def one_setting(methods: dict[str, tuple[list[float], list[float]]]):
    """``runs`` and ``methods`` tables of one setting: method -> (final costs, accuracies)."""
    runs = pd.DataFrame(
        [
            {
                "activation": "tanh",
                "learning_rate": 0.01,
                "hidden_layers": "5-5",
                "method": method,
                "seed": seed,
                "final_cost": cost,
                "train_accuracy": accuracy,
                "test_accuracy": np.nan,
                "diverged": not np.isfinite(cost),
                "first_iteration_below_threshold": pd.NA,
                "final_unit_spread": 0.0 if method == "zeros" else 1.0,
            }
            for method, (costs, accuracies) in methods.items()
            for seed, (cost, accuracy) in enumerate(zip(costs, accuracies, strict=True), 1)
        ]
    ).astype({"first_iteration_below_threshold": "Int64"})
    summary = (
        runs.groupby(["activation", "learning_rate", "hidden_layers", "method"], sort=False)
        .agg(runs=("seed", "size"), final_cost_median=("final_cost", "median"))
        .reset_index()
    )
    return runs, summary


def assert_readable(figure: Figure) -> None:
    """``figure`` is no wider than the page's column, so shown at its own size there; its
    smallest text is 10 px or more there and on a phone; its legends cover no panel."""
    FigureCanvasAgg(figure).draw()
    assert figure.dpi == DPI and figure.get_figwidth() <= PAGE_WIDTH
    texts = [text for text in figure.findobj(Text) if text.get_visible() and text.get_text()]
    smallest = min(text.get_fontsize() for text in texts) * DPI / 72
    assert smallest * PHONE_SCALE >= 10
    panels = [axes.get_window_extent() for axes in figure.axes]
    for legend in figure.findobj(Legend):
        assert not any(legend.get_window_extent().overlaps(panel) for panel in panels)
