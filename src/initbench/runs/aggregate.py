"""Every run folder of a dataset gathered into tidy tables with pandas: the aggregate rule."""

import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from initbench.experiment import (
    OPTIMIZATION_KEYS,
    POST_OPTIMIZATION,
    cost_threshold,
    layers_name,
    run_keys,
)
from initbench.runs.folder import CONFUSION, COSTS, LAYERS, SHARPNESS, read_metrics, run_file


def _read_run(run_dir: Path) -> tuple[dict, pd.DataFrame]:
    metrics = read_metrics(run_dir)
    costs = pd.read_csv(run_file(run_dir, COSTS), dtype={"iteration": "int64", "cost": "float64"})
    return metrics, costs


def _run_keys(metrics: dict) -> dict:
    """What names a run in the tables: its setting (the optimization included), method and
    seed. A run of the post's gradient descent records no optimization."""
    hp, optimization = metrics["hyperparameters"], metrics.get("optimization", {})
    return {
        "activation": hp["activation"],
        "learning_rate": hp["learning_rate"],
        "hidden_layers": layers_name(hp["hidden_layers"]),
        **{key: optimization.get(key, POST_OPTIMIZATION[key]) for key in OPTIMIZATION_KEYS},
        "method": hp["method"],
        "seed": hp["seed"],
    }


def as_written(table: pd.DataFrame) -> pd.DataFrame:
    """A table of runs as the aggregate rule writes it: without the optimizer and the order
    seed when every run is the post's gradient descent, so that a grid of it alone writes the
    tables it wrote before there was a choice (``experiment.setting_keys`` finds the
    columns where they are)."""
    if table.empty or not (table["optimizer"] == "gd").all():
        return table
    return table.drop(columns=OPTIMIZATION_KEYS)


def _collect(run_dirs: list[str | os.PathLike], name: str) -> pd.DataFrame:
    """Every run's table ``name``, each row named by its run."""
    frames = []
    for run_dir in map(Path, run_dirs):
        # The metrics name the run; its cost log is not needed here.
        keys = _run_keys(read_metrics(run_dir))
        table = pd.read_csv(run_file(run_dir, name))
        frames.append(table.assign(**keys)[[*keys, *table.columns]])
    return as_written(pd.concat(frames, ignore_index=True))


def collect_layers(run_dirs: list[str | os.PathLike]) -> pd.DataFrame:
    """Every run's ``layers.csv`` (its signal layer by layer), each row named by its run."""
    return _collect(run_dirs, LAYERS)


def collect_sharpness(run_dirs: list[str | os.PathLike]) -> pd.DataFrame:
    """Every run's ``sharpness.csv`` (its curvature during training), named by its run."""
    return _collect(run_dirs, SHARPNESS)


def collect_confusion(run_dirs: list[str | os.PathLike]) -> pd.DataFrame:
    """Every run's ``confusion.csv`` (its final network's answers: set, true and predicted
    label, count), each row named by its run."""
    return _collect(run_dirs, CONFUSION)


def collect_runs(
    run_dirs: list[str | os.PathLike], classes: int
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(costs, runs, timings)``: one row per (method, seed, iteration), and one row per run
    of a data set of ``classes`` classes (which sets the cost threshold a run first falls
    below).

    Rows keep the order of ``run_dirs``, so the configuration's order of methods and seeds.
    Wall-clock seconds differ from one execution to the next, so they go to ``timings``
    alone and ``runs`` stays byte-identical for identical inputs.
    """
    threshold = cost_threshold(classes)
    cost_frames, rows, timings = [], [], []
    for run_dir in map(Path, run_dirs):
        metrics, costs = _read_run(run_dir)
        hp = metrics["hyperparameters"]
        keys = _run_keys(metrics)
        rows.append(
            {
                **keys,
                # A diverged run ends worse than any that did not: it ranks last in medians.
                "final_cost": np.inf if metrics["diverged"] else metrics["final_cost"],
                "train_accuracy": metrics["train_accuracy"],
                "test_accuracy": metrics["test_accuracy"],
                "final_test_cost": metrics["final_test_cost"],
                "diverged": metrics["diverged"],
                "diverged_at_iteration": metrics["diverged_at_iteration"],
                "first_iteration_below_threshold": first_below(
                    costs["iteration"].to_numpy(), costs["cost"].to_numpy(), threshold
                ),
                "final_unit_spread": _largest(metrics["hidden_unit_spread"]),
                "path": metrics["path"],
                "iterations": hp["iterations"],
                "random_scale": hp["random_scale"],
            }
        )
        cost_frames.append(costs.assign(**keys))
        timings.append(
            {
                **keys,
                "path": metrics["path"],
                "seconds": metrics["seconds"],
            }
        )
    runs = pd.DataFrame(rows).astype(
        {
            "diverged_at_iteration": "Int64",
            "first_iteration_below_threshold": "Int64",
            "test_accuracy": "float64",
            "final_test_cost": "float64",
        }
    )
    costs = pd.concat(cost_frames, ignore_index=True)
    # Epochs only where some run trained on mini-batches, held-out costs only where some run
    # held images out.
    logged = [name for name in ("epoch", "cost", "test_cost") if name in costs]
    costs = costs[[*run_keys(costs.columns), "iteration", *logged]]
    return as_written(costs), as_written(runs), as_written(pd.DataFrame(timings))


def _largest(values: list[float | None]) -> float:
    """The largest of per-layer values; NaN when any is missing (a diverged run)."""
    return np.nan if None in values else max(values)


DIAGNOSTICS_KEYS = [
    "activation",
    "hidden_layers",
    "method",
    "seed",
    "sharpness",
    "stable_learning_rate",
    "lowest_eigenvalue",
    "lanczos_steps",
    "converged",
]


def collect_diagnostics(paths: list[str | os.PathLike]) -> pd.DataFrame:
    """One row per initialized network: its setting, method and seed, the sharpness and the
    step it allows, and each layer's diagnostics as ``layer{k}_{name}`` columns."""
    rows = []
    for path in map(Path, paths):
        found = json.loads(path.read_text())
        hp = found["hyperparameters"]
        row = {
            "activation": hp["activation"],
            "hidden_layers": layers_name(hp["hidden_layers"]),
            "method": hp["method"],
            "seed": hp["seed"],
            "sharpness": found["sharpness"],
            "stable_learning_rate": found["stable_learning_rate"],
            "lowest_eigenvalue": found["lowest_eigenvalue"],
            "lanczos_steps": found["lanczos_steps"],
            "converged": found["converged"],
        }
        for layer in found["layers"]:
            for name, value in layer.items():
                if name != "layer":
                    row[f"layer{layer['layer']}_{name}"] = value
        rows.append(row)
    # Without diagnostics, the table still has its columns: readers select by them.
    return pd.DataFrame(rows, columns=None if rows else DIAGNOSTICS_KEYS)


def first_below(iterations: np.ndarray, costs: np.ndarray, threshold: float) -> int | None:
    """The first of the recorded ``iterations`` whose cost is below ``threshold``, or None
    when there is none (a mini-batch run records every ``record_every`` updates: it got
    there at most that many updates sooner)."""
    below = np.flatnonzero(costs < threshold)
    return int(iterations[below[0]]) if below.size else None
