"""Benchmark of training speed and memory, printed as tables and written to results/bench/.

    python bench/run.py            # everything, ~18 minutes on 2 cores
    python bench/run.py --quick    # fewer repetitions, sizes and depths: ~4 minutes

1. Seconds per 1,000-iteration run on the post's data shape (its images where ../shared has
   them, else synthetic images of the same shape): the Gram path, the plain path and the
   post's own algorithm (bench/post_algorithm.py), medians of several runs in this process.
2. Scaling with the number of 150x150 images: seconds per iteration, set-up seconds and peak
   memory of each path, each measured in a fresh process that loads the matrix as a train
   job does, and the path ``auto`` chooses.
3. Depth: seconds of a 1,000-iteration run of He-initialized ReLU networks of width 64, 8, 30
   and 100 layers deep, on the first layer's Gram and plain paths, and the seconds each
   further layer adds.
BLAS is pinned to one thread, as in a train job. The workflow's own costs (jobs, planning,
whole grids) are bench/workflow.py's.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from initbench.experiment import POST_EXPERIMENT

REPO = Path(__file__).resolve().parents[1]
SHARED_IMAGES = (
    Path(os.environ.get("INITBENCH_SHARED_DATA", REPO.parent / "shared" / "data"))
    / "blog-cats-dogs"
)
OUTPUT = REPO / "results" / "bench"
PROBE = Path(__file__).with_name("train_job_probe.py")
SIZE = 150
POST_LAYERS = POST_EXPERIMENT["hidden_layers"]
GRAM_RUNS_PER_ROUND = 5
DEEP_WIDTH = 64


def post_shaped_data() -> tuple[np.ndarray, np.ndarray, str]:
    from initbench.data.collection import find_images
    from initbench.data.preprocess import build_dataset

    if SHARED_IMAGES.is_dir():
        dataset = build_dataset(find_images(SHARED_IMAGES), SHARED_IMAGES, "cat", SIZE, "error")
        pixels, labels, source = dataset.pixels, dataset.labels, "the post's 100 images"
    else:
        pixels, labels = synthetic_matrix(100)
        source = "100 synthetic images (the post's images are absent)"
    return pixels / 255.0, labels[np.newaxis, :].astype(np.float64), source


def synthetic_matrix(images: int) -> tuple[np.ndarray, np.ndarray]:
    from initbench.data.synthetic import CLASSES, draw_image

    rng = np.random.RandomState(0)
    pixels = np.empty((SIZE * SIZE * 3, images), dtype=np.uint8, order="F")
    labels = np.empty(images, dtype=np.uint8)
    for column in range(images):
        name = CLASSES[column % 2]
        pixels[:, column] = np.asarray(draw_image(name, SIZE, rng)).reshape(-1)
        labels[column] = name == CLASSES[0]
    return pixels, labels


def seconds(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def per_run(repeats: int) -> pd.DataFrame:
    import post_algorithm

    from initbench.training.trainer import Hyperparameters, train

    x, labels, source = post_shaped_data()
    print(f"[1] per run: {source}, matrix {x.shape[0]:,} x {x.shape[1]}", flush=True)
    layers = [x.shape[0], *POST_LAYERS, 1]
    cases = {
        "initbench, gram path": lambda: train(x, labels, Hyperparameters("he", 1, path="gram")),
        "initbench, plain path": lambda: train(x, labels, Hyperparameters("he", 1, path="plain")),
        "the post's algorithm": lambda: post_algorithm.model(x, labels, layers),
    }
    cases["initbench, gram path"]()  # the first run pays for page faults and caches
    # Rounds interleave the cases, so that a slow spell of the machine hits them all alike.
    times = {case: [] for case in cases}
    for round_number in range(repeats):
        for case, function in cases.items():
            runs = GRAM_RUNS_PER_ROUND if case == "initbench, gram path" else 1
            times[case] += [seconds(function) for _ in range(runs)]
        print(f"    round {round_number + 1}/{repeats} done", flush=True)
    table = pd.DataFrame(
        {
            "case": list(times),
            "runs": [len(values) for values in times.values()],
            "median_seconds_per_run": [statistics.median(values) for values in times.values()],
            "min_seconds_per_run": [min(values) for values in times.values()],
        }
    )
    gram = table.loc[0, "median_seconds_per_run"]
    table["median_over_gram_median"] = table["median_seconds_per_run"] / gram
    return table


def scaling(sizes: list[int], target_seconds: float) -> pd.DataFrame:
    from initbench.data.matrix import save_matrix
    from initbench.training.trainer import choose_path

    print("[2] scaling with the number of images", flush=True)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for images in sizes:
            pixels, labels = synthetic_matrix(images)
            matrix = Path(folder) / f"matrix{images}.npz"
            save_matrix(matrix, pixels, labels)
            del pixels
            float64_mb = SIZE * SIZE * 3 * images * 8 / 2**20
            auto = choose_path(
                SIZE * SIZE * 3, images, POST_LAYERS[0], POST_EXPERIMENT["iterations"]
            )
            for path in ("gram", "plain"):
                result = subprocess.run(
                    [sys.executable, str(PROBE), str(matrix), path, str(target_seconds)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                measured = json.loads(result.stdout)
                row = {
                    "images": images,
                    "path": path,
                    "chosen_by_auto": path == auto,
                    **measured,
                    "float64_matrix_mb": float64_mb,
                    "peak_over_float64_matrix": measured["peak_rss_mb"] / float64_mb,
                }
                rows.append(row)
                print(
                    f"    {images:>5} images, {path:>5}: {row['seconds_per_iteration'] * 1e3:9.3f} "
                    f"ms/iteration, set-up {row['setup_seconds']:.2f} s, "
                    f"{row['seconds_per_1000_iterations']:.2f} s per 1,000 iterations, peak "
                    f"{row['peak_rss_mb']:.0f} MB ({row['peak_over_float64_matrix']:.2f}x)",
                    flush=True,
                )
    table = pd.DataFrame(rows)
    best = table.groupby("images")["seconds_per_1000_iterations"].transform("min")
    table["auto_over_best"] = np.where(
        table["chosen_by_auto"], table["seconds_per_1000_iterations"] / best, np.nan
    )
    return table


def depth(depths: list[int]) -> pd.DataFrame:
    """Seconds of a 1,000-iteration run of ReLU networks of width 64, by path and depth."""
    from initbench.training.trainer import Hyperparameters, train

    x, labels, source = post_shaped_data()
    print(f"[3] depth at width 64: {source}", flush=True)
    rows = []
    for layers in depths:
        for path in ("gram", "plain"):
            hp = Hyperparameters(
                "he", 1, hidden_layers=(DEEP_WIDTH,) * layers, activation="relu",
                learning_rate=1e-3, path=path,
            )  # fmt: skip
            run = train(x, labels, hp)
            rows.append({"depth": layers, "path": path, "seconds": run.seconds})
            print(f"    depth {layers:>3}, {path:>5}: {run.seconds:6.2f} s", flush=True)
    table = pd.DataFrame(rows)
    # What each further layer adds: the slope of a straight line through the depths.
    for _, runs in table.groupby("path"):
        slope = np.polyfit(runs["depth"], runs["seconds"], 1)[0]
        table.loc[runs.index, "seconds_per_layer"] = slope
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and sizes")
    args = parser.parse_args()
    repeats = 1 if args.quick else 3
    sizes = [100, 400] if args.quick else [100, 400, 1600, 6400]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with threadpool_limits(1, user_api="blas"):
        tables = {"per_run": per_run(repeats)}
    tables["scaling"] = scaling(sizes, 1.0 if args.quick else 4.0)
    with threadpool_limits(1, user_api="blas"):
        tables["depth"] = depth([8, 30] if args.quick else [8, 30, 100])
    for name, table in tables.items():
        table.to_csv(OUTPUT / f"{name}.csv", index=False)
        print(f"\n{name} (results/bench/{name}.csv)")
        print(table.to_string(index=False, float_format=lambda value: f"{value:.4g}"))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
