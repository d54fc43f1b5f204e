"""Gather every run of a dataset into tidy tables with pandas, and summarize each method."""

import functools
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd

from initbench.storage import write_with
from initbench.training.grid import SETTING_KEYS, layers_name

# The cost a run must fall below to count as having learned something (ln 2 ≈ 0.693 is chance).
COST_THRESHOLD = 0.5
# What names one run in the tables: its setting, its method and its seed.
RUN_KEYS = [*SETTING_KEYS, "method", "seed"]


class MissingRunError(FileNotFoundError):
    """A run folder without the file the summary needs; the message names the run."""


def _run_file(run_dir: Path, name: str) -> Path:
    path = run_dir / name
    if not path.is_file():
        raise MissingRunError(f"run {run_dir}: {name} is missing; rerun the workflow")
    return path


def _read_metrics(run_dir: Path) -> dict:
    return json.loads(_run_file(run_dir, "metrics.json").read_text())


def _read_run(run_dir: Path) -> tuple[dict, pd.DataFrame]:
    metrics = _read_metrics(run_dir)
    costs = pd.read_csv(
        _run_file(run_dir, "costs.csv"), dtype={"iteration": "int64", "cost": "float64"}
    )
    return metrics, costs


def _run_keys(hp: dict) -> dict:
    """What names a run in the tables: its setting, method and seed."""
    return {
        "activation": hp["activation"],
        "learning_rate": hp["learning_rate"],
        "hidden_layers": layers_name(hp["hidden_layers"]),
        "method": hp["method"],
        "seed": hp["seed"],
    }


def _collect(run_dirs: list[str | os.PathLike], name: str) -> pd.DataFrame:
    """Every run's table ``name``, each row named by its run."""
    frames = []
    for run_dir in map(Path, run_dirs):
        # The metrics name the run; its cost log is not needed here.
        keys = _run_keys(_read_metrics(run_dir)["hyperparameters"])
        table = pd.read_csv(_run_file(run_dir, name))
        frames.append(table.assign(**keys)[[*keys, *table.columns]])
    return pd.concat(frames, ignore_index=True)


def collect_layers(run_dirs: list[str | os.PathLike]) -> pd.DataFrame:
    """Every run's ``layers.csv`` (its signal layer by layer), each row named by its run."""
    return _collect(run_dirs, "layers.csv")


def collect_sharpness(run_dirs: list[str | os.PathLike]) -> pd.DataFrame:
    """Every run's ``sharpness.csv`` (its curvature during training), named by its run."""
    return _collect(run_dirs, "sharpness.csv")


def collect_runs(
    run_dirs: list[str | os.PathLike],
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``(costs, runs, timings)``: one row per (method, seed, iteration), and one row per run.

    Rows keep the order of ``run_dirs``, so the configuration's order of methods and seeds.
    Wall-clock seconds differ from one execution to the next, so they go to ``timings``
    alone and ``runs`` stays byte-identical for identical inputs.
    """
    cost_frames, rows, timings = [], [], []
    for run_dir in map(Path, run_dirs):
        metrics, costs = _read_run(run_dir)
        hp = metrics["hyperparameters"]
        keys = _run_keys(hp)
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
                "first_iteration_below_threshold": first_below(costs["cost"].to_numpy()),
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
    # Held-out costs only where some run held images out.
    logged = ["cost", "test_cost"] if "test_cost" in costs else ["cost"]
    costs = costs[[*RUN_KEYS, "iteration", *logged]]
    return costs, runs, pd.DataFrame(timings)


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


def first_below(costs: np.ndarray, threshold: float = COST_THRESHOLD) -> int | None:
    """The first iteration whose cost is below ``threshold``, or None when there is none."""
    below = np.flatnonzero(costs < threshold)
    return int(below[0]) if below.size else None


def held_out(runs: pd.DataFrame) -> bool:
    """Whether the runs held images out of training (test_fraction > 0): the accuracy to
    report is then the held-out one."""
    return bool(runs["test_accuracy"].notna().any())


def first_below_median(runs: pd.DataFrame) -> float:
    """The median first iteration below the threshold, a run that never gets there counting
    as ∞ (so ∞ unless more than half get there)."""
    reached = runs["first_iteration_below_threshold"].astype("float64").fillna(np.inf)
    return float(np.median(reached)) if len(reached) else np.inf


def quantile_with_infinity(values: pd.Series, q: float) -> float:
    """``values.quantile(q)`` (linear interpolation), where interpolating towards an infinite
    value gives infinity rather than NaN (inf - inf)."""
    largest = np.finfo(np.float64).max
    quantile = float(values.replace(np.inf, largest).quantile(q))
    finite = values[np.isfinite(values)].to_numpy()
    return np.inf if quantile > np.max(finite, initial=-np.inf) else quantile


def summarize_methods(runs: pd.DataFrame) -> pd.DataFrame:
    """One row per setting and method: spread of final costs, accuracy, speed of learning,
    divergence.

    ``median_iteration_below_threshold`` counts a run that never gets there as never: it is
    empty unless more than half of the runs get there.
    """

    def per_method(group: pd.DataFrame) -> pd.Series:
        final = group["final_cost"]
        quantile = functools.partial(quantile_with_infinity, final)
        median_reach = first_below_median(group)
        return pd.Series(
            {
                "runs": len(group),
                "final_cost_median": quantile(0.5),
                "final_cost_q1": quantile(0.25),
                "final_cost_q3": quantile(0.75),
                "final_cost_min": final.min(),
                "final_cost_max": final.max(),
                "train_accuracy_mean": group["train_accuracy"].mean(),
                "train_accuracy_min": group["train_accuracy"].min(),
                "test_accuracy_mean": group["test_accuracy"].mean(),
                "test_accuracy_min": group["test_accuracy"].min(),
                "median_iteration_below_threshold": (
                    median_reach if np.isfinite(median_reach) else np.nan
                ),
                "diverged_runs": int(group["diverged"].sum()),
            }
        )

    summary = runs.groupby([*SETTING_KEYS, "method"], sort=False).apply(
        per_method, include_groups=False
    )
    summary = summary.reset_index()
    return summary.astype({"runs": "int64", "diverged_runs": "int64"})


def write_table(table: pd.DataFrame, path: str | os.PathLike) -> None:
    """CSV with floats that round-trip exactly, so equal data give equal bytes."""
    write_with(path, lambda temporary: table.to_csv(temporary, index=False, lineterminator="\n"))


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """A table as ``write_table`` wrote it; hidden layers stay text ("10" is one layer of
    10 units, not a number)."""
    return pd.read_csv(path, dtype={"hidden_layers": str})


def by_setting(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """``frame``'s rows split by setting, in order of first appearance, each with its label."""
    groups = frame.groupby(SETTING_KEYS, sort=False)
    return [(setting_label(*key), group) for key, group in groups]


def setting_label(activation: str, learning_rate: float, hidden_layers: str) -> str:
    return f"{activation}, lr {learning_rate:g}, layers {hidden_layers}"
