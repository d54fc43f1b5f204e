"""Benchmark of the machinery around the arithmetic: where a job's second goes, what a
diagnosis costs, and how the workflow scales to thousands of runs, each workflow figure beside
a baseline commit's, measured in the same sitting. Prints tables and writes them to
results/bench/ (job_profile.csv, diagnose.csv, scale.csv).

    python bench/workflow.py                   # ~20 minutes on 2 cores
    python bench/workflow.py --quick           # smaller grids, to check that it runs
    python bench/workflow.py --baseline REF    # another commit to compare with

1. One train job at the post's size (100 synthetic 150x150 images, [5, 5], 1,000 iterations),
   stage by stage in a fresh process (medians of 5), and as Snakemake runs it with --cores 1:
   the slope of the wall time from 10 to 50 jobs. Less the command's own, that is Snakemake's.
2. The sharpness of a diagnose job, computed the plain way (Hessian-vector products through
   the whole matrix) and on the Gram-reduced inputs: seconds and agreement, per initialization.
3. ``snakemake --cores 2``: the default grid from an empty results/ and its no-op rerun; a
   1,000-run grid (4 methods x 25 seeds x 10 learning rates, diagnostics off) from a
   preprocessed matrix to the report; the dry run of a 10,000-run grid (250 seeds), as
   ``snakemake -n`` prints it and with ``--quiet``.
"""

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "results" / "bench"
SHARED_IMAGES = REPO.parent / "shared" / "data" / "blog-cats-dogs"
# The last commit before the work on speed at scale (issue 13).
BASELINE = "112ddfb"
PROJECT_PARTS = ("Snakefile", "config.yaml", "workflow", "src", "envs", "profiles")
LEARNING_RATES = [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.05]
MATRIX = "results/data/synthetic/matrix.npz"
SPLIT = "results/data/synthetic/split.csv"


def project_copy(ref: str | None, folder: Path) -> Path:
    """The project without its results: this working tree (``ref`` None) or a commit's."""
    folder.mkdir(parents=True)
    if ref is None:
        for part in PROJECT_PARTS:
            source = REPO / part
            if source.is_dir():
                shutil.copytree(source, folder / part, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(source, folder / part)
    else:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", ref], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def snakemake(project: Path, *arguments: str) -> tuple[float, int]:
    """Wall seconds of ``snakemake ARGUMENTS`` in ``project``, and the jobs it ran."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "snakemake", *arguments],
        cwd=project,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"snakemake {' '.join(arguments)} failed:\n{result.stderr[-3000:]}")
    done = re.findall(r"(\d+) of \d+ steps \(\d+%\) done", result.stderr)
    return seconds, int(done[-1]) if done else 0


def write_grid(project: Path, name: str, seeds: int, methods=("zeros", "random", "he", "xavier")):
    path = project / f"{name}.yaml"
    path.write_text(
        json.dumps(
            {
                "methods": list(methods),
                "seeds": list(range(1, seeds + 1)),
                "learning_rates": LEARNING_RATES,
                "diagnostics": False,
            }
        )
    )
    return path.name


def median_wall(command: list[str], cwd: Path, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


# Each stage of the train command, timed inside a fresh process as the command runs them.
STAGES = """
import json, sys, time
started = time.perf_counter()
from initbench.commands.train import main
from initbench.commands.options import training_data
from initbench.runs.folder import save_run
from initbench.training.trainer import Hyperparameters, train
from threadpoolctl import threadpool_limits
imported = time.perf_counter()
class Args: matrix, split = sys.argv[1], sys.argv[2]
with threadpool_limits(1, user_api="blas"):
    x, labels, test = training_data(Args)
    loaded = time.perf_counter()
    hp = Hyperparameters("he", 1)
    run = train(x, labels, hp, test)
    trained = time.perf_counter()
    save_run(run, hp, "synthetic", sys.argv[3])
    saved = time.perf_counter()
print(json.dumps({"imports": imported - started, "loading the matrix": loaded - imported,
    "training (the trainer's own seconds)": run.seconds, "training call": trained - loaded,
    "writing the run folder": saved - trained}))
"""


def per_job_under_snakemake(project: Path, jobs: tuple[int, int]) -> float:
    """Seconds per train job as Snakemake runs them one at a time: the slope between two
    numbers of jobs, which cancels reading the workflow, planning and shutting down."""
    seconds = []
    for count in jobs:
        (project / "jobs.yaml").write_text(
            json.dumps({"methods": ["he"], "seeds": list(range(1, count + 1))})
        )
        arguments = ["--configfile", "jobs.yaml", "--forcerun", "train", "--until", "train"]
        wall, ran = snakemake(project, "--cores", "1", *arguments)
        if ran != count:
            raise SystemExit(f"expected {count} train jobs, Snakemake ran {ran}")
        seconds.append(wall)
    return (seconds[1] - seconds[0]) / (jobs[1] - jobs[0])


def job_profile(project: Path, baseline: Path, jobs: tuple[int, int]) -> pd.DataFrame:
    print("[1] one train job, stage by stage", flush=True)
    python = sys.executable
    with tempfile.TemporaryDirectory() as out:
        measured = [
            json.loads(
                subprocess.run(
                    [python, "-c", STAGES, MATRIX, SPLIT, out],
                    cwd=project,
                    capture_output=True,
                    text=True,
                    check=True,
                    env={"PYTHONPATH": str(project / "src"), "PATH": str(Path(python).parent)},
                ).stdout
            )
            for _ in range(5)
        ]
        stages = {stage: statistics.median(run[stage] for run in measured) for stage in measured[0]}
        initbench = ["env", f"PYTHONPATH={project / 'src'}", python, "-m", "initbench"]
        network = ["--method", "he", "--seed", "1"]
        # --overwrite: each repeat, like the stages above, writes into the same folder.
        train = [*initbench, "train", MATRIX, out, "--split", SPLIT, *network, "--overwrite"]
        whole = median_wall(train, project)
        diagnosis = median_wall(
            [*initbench, "diagnose", MATRIX, f"{out}/d.json", *network], project
        )
    start = median_wall([python, "-c", "pass"], project)
    rows = [{"stage": "interpreter start", "seconds": start}]
    rows += [{"stage": stage, "seconds": seconds} for stage, seconds in stages.items()]
    rows.append({"stage": "the whole command, python -m initbench train", "seconds": whole})
    rows.append({"stage": "(a diagnosis: python -m initbench diagnose)", "seconds": diagnosis})
    for label, folder in (("this checkout", project), ("baseline", baseline)):
        per_job = per_job_under_snakemake(folder, jobs)
        rows.append({"stage": f"a train job under Snakemake, {label}", "seconds": per_job})
        if label == "this checkout":
            rows.append(
                {"stage": "  of which Snakemake's own (job - command)", "seconds": per_job - whole}
            )
    table = pd.DataFrame(rows)
    training = stages["training (the trainer's own seconds)"]
    table["over_training"] = table["seconds"] / training
    return table


def diagnose_costs(matrix: Path, seeds: int) -> pd.DataFrame:
    from initbench.data.collection import find_images
    from initbench.data.matrix import load_matrix
    from initbench.data.preprocess import build_dataset
    from initbench.training.curvature import hessian_vector_product, spectrum_ends
    from initbench.training.diagnostics import sharpness
    from initbench.training.trainer import Hyperparameters, initial_params

    if SHARED_IMAGES.is_dir():
        dataset = build_dataset(find_images(SHARED_IMAGES), SHARED_IMAGES, "cat", 150, "error")
        pixels, labels, source = dataset.pixels, dataset.labels, "the post's images"
    else:
        (pixels, labels), source = load_matrix(matrix), "100 synthetic images"
    print(f"[2] the sharpness of a diagnose job, plain and reduced, on {source}", flush=True)
    x, y = pixels / 255.0, labels[np.newaxis, :].astype(np.float64)
    rows = []
    for activation in ("tanh", "relu"):
        for method in ("zeros", "random", "he", "xavier"):
            for seed in range(1, seeds + 1):
                hp = Hyperparameters(method, seed, activation=activation)
                params, _ = initial_params(x, hp)
                started = time.perf_counter()
                product, size = hessian_vector_product(params, x, y, activation)
                start = np.random.default_rng(0).standard_normal(size)
                plain = spectrum_ends(product, start)
                middle = time.perf_counter()
                reduced = sharpness(params, x, y, activation)
                ended = time.perf_counter()
                rows.append(
                    {
                        "activation": activation,
                        "method": method,
                        "seed": seed,
                        "plain_seconds": middle - started,
                        "reduced_seconds": ended - middle,
                        "plain_sharpness": plain["largest"],
                        "reduced_sharpness": reduced["sharpness"],
                        "relative_difference": abs(reduced["sharpness"] - plain["largest"])
                        / max(abs(plain["largest"]), 1e-300),
                        "plain_steps": plain["steps"],
                        "reduced_steps": reduced["lanczos_steps"],
                        "lowest_eigenvalue": reduced["lowest_eigenvalue"],
                        "converged": reduced["converged"],
                    }
                )
    return pd.DataFrame(rows)


def scale(project: Path, baseline: Path, quick: bool) -> pd.DataFrame:
    print("[3] snakemake --cores 2: default grid, a large grid, a very large dry run", flush=True)
    large, planned = (3, 25) if quick else (25, 250)
    rows = []

    def measure(case: str, *arguments: str, from_matrix: bool = False) -> None:
        for label, folder in (("baseline", baseline), ("this checkout", project)):
            if from_matrix:
                for part in (folder / "results").iterdir():
                    if part.name != "data":
                        shutil.rmtree(part)
            seconds, jobs = snakemake(folder, "--cores", "2", *arguments)
            rows.append({"case": case, "version": label, "jobs": jobs, "seconds": seconds})
            print(f"    {case}, {label}: {seconds:.1f} s, {jobs} jobs", flush=True)

    for folder in (baseline, project):
        shutil.rmtree(folder / "results", ignore_errors=True)
        shutil.rmtree(folder / ".snakemake", ignore_errors=True)
        write_grid(folder, "large", large)
        write_grid(folder, "planned", planned)
    measure("default grid, from empty results/")
    measure("default grid, no-op rerun")
    runs = 4 * large * len(LEARNING_RATES)
    measure(
        f"{runs:,}-run grid, preprocessed matrix to report",
        "--configfile",
        "large.yaml",
        from_matrix=True,
    )
    runs = 4 * planned * len(LEARNING_RATES)
    measure(f"{runs:,}-run grid, dry run", "--configfile", "planned.yaml", "--dry-run")
    # Without the list of jobs, which Snakemake describes one by one even when it hides them.
    measure(f"{runs:,}-run grid, dry run --quiet", "--configfile", "planned.yaml", "-n", "-q")
    return pd.DataFrame(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller grids and fewer seeds")
    parser.add_argument("--baseline", default=BASELINE, help=f"commit (default {BASELINE})")
    args = parser.parse_args()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    tables = {}
    with tempfile.TemporaryDirectory() as folder:
        project = project_copy(None, Path(folder) / "current")
        baseline = project_copy(args.baseline, Path(folder) / "baseline")
        for copy in (project, baseline):
            snakemake(copy, "--cores", "2", "--", MATRIX, SPLIT)
        jobs = (5, 15) if args.quick else (10, 50)
        tables["job_profile"] = job_profile(project, baseline, jobs)
        with threadpool_limits(1, user_api="blas"):
            tables["diagnose"] = diagnose_costs(project / MATRIX, 1 if args.quick else 5)
        tables["scale"] = scale(project, baseline, args.quick)
    for name, table in tables.items():
        table.to_csv(OUTPUT / f"{name}.csv", index=False)
        print(f"\n{name} (results/bench/{name}.csv)")
        print(table.to_string(index=False, float_format=lambda value: f"{value:.4g}"))
    diagnose = tables["diagnose"]
    print(
        f"\nsharpness: median {diagnose['plain_seconds'].median():.3g} s plain, "
        f"{diagnose['reduced_seconds'].median():.3g} s reduced; largest relative difference "
        f"{diagnose['relative_difference'].max():.2g}; Lanczos steps "
        f"{diagnose['reduced_steps'].min()}-{diagnose['reduced_steps'].max()} reduced, "
        f"{diagnose['plain_steps'].min()}"
        f"-{diagnose['plain_steps'].max()} plain; not converged {(~diagnose['converged']).sum()}"
    )


if __name__ == "__main__":
    main()
