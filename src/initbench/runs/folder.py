"""A run's folder: the names of its files, where it lies among the results, and the one
writer and reader of its files. The rules, the train command and the aggregation ask here."""

import json
import os
import platform
from dataclasses import asdict
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info

from initbench import __version__
from initbench.storage import write_csv, write_json, write_npz
from initbench.training.network import unit_spread
from initbench.training.optimization import GRADIENT_DESCENT, Optimization
from initbench.training.signal import FIELDS
from initbench.training.trainer import SHARPNESS_FIELDS, Hyperparameters, Run

COSTS = "costs.csv"
METRICS = "metrics.json"
PARAMS = "params.npz"
LAYERS = "layers.csv"
SHARPNESS = "sharpness.csv"
CONFUSION = "confusion.csv"
CONFUSION_FIELDS = ["set", "true", "predicted", "count"]
# Below the dataset's runs folder: one folder per setting, then per method and seed. The
# optimization is empty for gd (``experiment.optimization_name``), a folder for the others.
SETTING_PATH = "{activation}/lr{learning_rate}/h{layers}{optimization}"
RUN_PATH = SETTING_PATH + "/{method}/seed{seed}"


class MissingRunError(FileNotFoundError):
    """A run folder without the file a reader needs; the message names the run."""


def run_files(records_sharpness: bool) -> dict[str, str]:
    """A run folder's files by what they hold: the cost log, the metrics, the final parameters,
    the signal layer by layer, the final network's answers per class (its confusion counts)
    and, when the run records it, the sharpness during training."""
    names = {
        "costs": COSTS,
        "params": PARAMS,
        "metrics": METRICS,
        "layers": LAYERS,
        "confusion": CONFUSION,
    }
    return names | ({"sharpness": SHARPNESS} if records_sharpness else {})


def held_run_files(run_dir: str | os.PathLike) -> list[str]:
    """The names of the run files ``run_dir`` already holds: none for a new or empty folder."""
    names = run_files(records_sharpness=True).values()
    return [name for name in names if (Path(run_dir) / name).is_file()]


def blas_threads() -> int:
    """Threads the linear-algebra library uses now (results must not depend on it)."""
    return max(
        (pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"), default=1
    )


def _finite_or_none(value: float) -> float | None:
    return value if np.isfinite(value) else None


def metrics_of(
    run: Run, hp: Hyperparameters, dataset: str, optimization: Optimization = GRADIENT_DESCENT
) -> dict:
    """The run's metrics. A run of anything but full-batch gradient descent in float64 adds an
    "optimization" entry of the settings that apply to it (``Optimization.settings``); that
    default's metrics are as they were before there was a choice."""
    hyperparameters = asdict(hp) | {"hidden_layers": list(hp.hidden_layers), "dataset": dataset}
    metrics = run.initialization | {
        "final_cost": float(run.costs[-1]) if len(run.costs) else None,
        "train_accuracy": run.train_accuracy,
        "test_accuracy": run.test_accuracy,
        "final_test_cost": (
            _finite_or_none(float(run.test_costs[-1]))
            if run.test_costs is not None and len(run.test_costs)
            else None
        ),
        "diverged": run.diverged_at is not None,
        "diverged_at_iteration": run.diverged_at,
        # Zero for every layer when the hidden units never became different (zeros).
        "hidden_unit_spread": [_finite_or_none(unit_spread(w, b)) for w, b in run.params[:-1]],
        "path": run.path,
        "seconds": round(run.seconds, 6),
        "blas_threads": blas_threads(),
        "hyperparameters": hyperparameters,
        "versions": {
            "initbench": __version__,
            "numpy": np.__version__,
            "python": platform.python_version(),
        },
    }
    settings = optimization.settings()
    if settings != GRADIENT_DESCENT.settings():
        metrics["optimization"] = settings
    return metrics


def confusion_rows(run: Run) -> list[list]:
    """Rows of ``CONFUSION_FIELDS``: every cell of the training images' confusion matrix, then
    of the held-out images' when there are any."""
    matrices = {"train": run.train_confusion, "test": run.test_confusion}
    return [
        [name, true, predicted, int(counts[true, predicted])]
        for name, counts in matrices.items()
        if counts is not None
        for true in range(counts.shape[0])
        for predicted in range(counts.shape[1])
    ]


def cost_rows(run: Run, mini_batches: bool) -> tuple[list[str], list[list]]:
    """The header and rows of ``COSTS``: the update of each record, its epoch on mini-batches
    (gradient descent's updates are its epochs), the cost and the held-out cost when there
    are held-out images."""
    columns = {"iteration": [int(t) for t in run.recorded_at]}
    if mini_batches:
        columns["epoch"] = [float(epoch) for epoch in run.epochs]
    columns["cost"] = [float(cost) for cost in run.costs]
    if run.test_costs is not None:
        columns["test_cost"] = [float(cost) for cost in run.test_costs]
    return list(columns), [list(row) for row in zip(*columns.values(), strict=True)]


def save_run(
    run: Run,
    hp: Hyperparameters,
    dataset: str,
    run_dir: str | os.PathLike,
    optimization: Optimization = GRADIENT_DESCENT,
) -> None:
    """Write the run's files into ``run_dir``: its sharpness only when it recorded one (and a
    sharpness file left by an earlier run of this folder is removed, so none is stale)."""
    folder = Path(run_dir)
    # An earlier run's metrics go first: a folder whose writing is cut short never reads as
    # complete, with the new run's files beside the old run's metrics.
    (folder / METRICS).unlink(missing_ok=True)
    write_csv(folder / COSTS, *cost_rows(run, optimization.mini_batches))
    arrays = {}
    for layer, (weights, bias) in enumerate(run.params, start=1):
        arrays[f"W{layer}"], arrays[f"b{layer}"] = weights, bias
    write_npz(folder / PARAMS, arrays)
    # Shares that do not apply to the activation (dead tanh units) are left empty.
    rows = [["" if value is None else value for value in row] for row in run.signal]
    write_csv(folder / LAYERS, FIELDS, rows)
    write_csv(folder / CONFUSION, CONFUSION_FIELDS, confusion_rows(run))
    if run.sharpness:
        write_csv(folder / SHARPNESS, SHARPNESS_FIELDS, run.sharpness)
    else:
        (folder / SHARPNESS).unlink(missing_ok=True)
    # Metrics last: their presence marks a run whose other files are complete.
    write_json(folder / METRICS, metrics_of(run, hp, dataset, optimization))


def run_file(run_dir: str | os.PathLike, name: str) -> Path:
    """The path of the file ``name`` of a run folder, which must exist."""
    path = Path(run_dir) / name
    if not path.is_file():
        raise MissingRunError(f"run {run_dir}: {name} is missing; rerun the workflow")
    return path


def read_metrics(run_dir: str | os.PathLike) -> dict:
    """A run's metrics, as ``save_run`` wrote them."""
    return json.loads(run_file(run_dir, METRICS).read_text())
