"""Time and measure one training process as a train job runs it (run by bench/run.py).

    python bench/train_job_probe.py MATRIX.npz PATH TARGET_SECONDS

Prints JSON: set-up seconds, seconds per iteration, peak resident memory. Imports only what
a train job imports, so that the memory it reports is a train job's.
"""

import json
import statistics
import sys
import time
from pathlib import Path

from threadpoolctl import threadpool_limits

from initbench.data.matrix import load_training_matrix
from initbench.training.trainer import Hyperparameters, train

# A whole run longer than this is extrapolated from shorter ones.
FULL_RUN_LIMIT_SECONDS = 90


def seconds(x, labels, path: str, iterations: int, repeats: int = 1) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        train(x, labels, Hyperparameters("he", 1, iterations=iterations, path=path))
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def memory_mb(field: str) -> float:
    """A memory figure of this process from /proc: its own, not inherited from the parent."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def main(matrix: str, path: str, target_seconds: float) -> dict:
    baseline_mb = memory_mb("VmHWM")
    x, labels = load_training_matrix(matrix)
    setup = seconds(x, labels, path, 0)
    if setup < target_seconds:
        setup = seconds(x, labels, path, 0, repeats=3)
    per_iteration = max(seconds(x, labels, path, 4) - setup, 1e-9) / 4
    estimate = setup + 1000 * per_iteration
    if estimate <= FULL_RUN_LIMIT_SECONDS:
        iterations = 1000
        repeats = 3 if 3 * estimate <= FULL_RUN_LIMIT_SECONDS else 1
        run_seconds = seconds(x, labels, path, iterations, repeats)
        per_iteration = (run_seconds - setup) / iterations
    else:
        # The difference of two run lengths cancels the set-up, whatever its noise.
        iterations = max(2, int(target_seconds / per_iteration))
        short = seconds(x, labels, path, iterations)
        long = seconds(x, labels, path, 2 * iterations)
        per_iteration = (long - short) / iterations
        run_seconds = setup + 1000 * per_iteration
    return {
        "setup_seconds": setup,
        "seconds_per_iteration": per_iteration,
        "iterations_timed": iterations,
        "seconds_per_1000_iterations": run_seconds,
        "extrapolated": iterations < 1000,
        "baseline_rss_mb": baseline_mb,
        "peak_rss_mb": memory_mb("VmHWM"),
    }


if __name__ == "__main__":
    matrix, path, target = sys.argv[1:4]
    with threadpool_limits(1, user_api="blas"):
        print(json.dumps(main(matrix, path, float(target))))
