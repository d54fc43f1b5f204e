"""Write one training run's outputs: its cost log, its metrics and its final parameters."""

import os
import platform
from dataclasses import asdict

import numpy as np
from threadpoolctl import threadpool_info

from initbench import __version__
from initbench.storage import write_csv, write_json, write_npz
from initbench.training.network import unit_spread
from initbench.training.signal import FIELDS
from initbench.training.trainer import SHARPNESS_FIELDS, Hyperparameters, Run


def blas_threads() -> int:
    """Threads the linear-algebra library uses now (results must not depend on it)."""
    return max(
        (pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"), default=1
    )


def _finite_or_none(value: float) -> float | None:
    return value if np.isfinite(value) else None


def metrics_of(run: Run, hp: Hyperparameters, dataset: str) -> dict:
    hyperparameters = asdict(hp) | {"hidden_layers": list(hp.hidden_layers), "dataset": dataset}
    return run.initialization | {
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


def save_run(
    run: Run,
    hp: Hyperparameters,
    dataset: str,
    costs_path: str | os.PathLike,
    metrics_path: str | os.PathLike,
    params_path: str | os.PathLike,
    layers_path: str | os.PathLike | None = None,
    sharpness_path: str | os.PathLike | None = None,
) -> None:
    """Write the run's files; ``layers_path`` gets its signal layer by layer (``signal``),
    ``sharpness_path`` its curvature during training (``sharpness``)."""
    if run.test_costs is None:
        header, rows = ["iteration", "cost"], [[t, float(c)] for t, c in enumerate(run.costs)]
    else:
        header = ["iteration", "cost", "test_cost"]
        pairs = zip(run.costs, run.test_costs, strict=True)
        rows = [[t, float(c), float(d)] for t, (c, d) in enumerate(pairs)]
    write_csv(costs_path, header, rows)
    arrays = {}
    for layer, (weights, bias) in enumerate(run.params, start=1):
        arrays[f"W{layer}"], arrays[f"b{layer}"] = weights, bias
    write_npz(params_path, arrays)
    if layers_path is not None:
        # Shares that do not apply to the activation (dead tanh units) are left empty.
        rows = [["" if value is None else value for value in row] for row in run.signal]
        write_csv(layers_path, FIELDS, rows)
    if sharpness_path is not None:
        write_csv(sharpness_path, SHARPNESS_FIELDS, run.sharpness)
    # Metrics last: their presence marks a run whose other files are complete.
    write_json(metrics_path, metrics_of(run, hp, dataset))
