"""Write one training run's outputs: its cost log, its metrics and its final parameters."""

import os
import platform
from dataclasses import asdict

import numpy as np
from threadpoolctl import threadpool_info

from initbench import __version__
from initbench.storage import write_csv, write_json, write_npz
from initbench.trainer import Hyperparameters, Run


def load_dataset(path: str | os.PathLike) -> tuple[np.ndarray, np.ndarray]:
    """The matrix scaled to [0, 1] (features x images) and labels (1 x images) from ``.npz``.

    The matrix keeps the stored memory order (column-major: one image per contiguous column).
    """
    with np.load(path, allow_pickle=False) as stored:
        return stored["pixels"] / 255.0, stored["labels"][np.newaxis, :].astype(np.float64)


def blas_threads() -> int:
    """Threads the linear-algebra library uses now (results must not depend on it)."""
    return max(
        (pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"), default=1
    )


def metrics_of(run: Run, hp: Hyperparameters, dataset: str) -> dict:
    hyperparameters = asdict(hp) | {"hidden_layers": list(hp.hidden_layers), "dataset": dataset}
    return {
        "final_cost": float(run.costs[-1]) if len(run.costs) else None,
        "train_accuracy": run.train_accuracy,
        "diverged": run.diverged_at is not None,
        "diverged_at_iteration": run.diverged_at,
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


def save_run(
    run: Run,
    hp: Hyperparameters,
    dataset: str,
    costs_path: str | os.PathLike,
    metrics_path: str | os.PathLike,
    params_path: str | os.PathLike,
) -> None:
    write_csv(costs_path, ["iteration", "cost"], [[t, float(c)] for t, c in enumerate(run.costs)])
    arrays = {}
    for layer, (weights, bias) in enumerate(run.params, start=1):
        arrays[f"W{layer}"], arrays[f"b{layer}"] = weights, bias
    write_npz(params_path, arrays)
    # Metrics last: their presence marks a run whose other files are complete.
    write_json(metrics_path, metrics_of(run, hp, dataset))
