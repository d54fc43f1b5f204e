"""Killed or interrupted mid-training, the workflow resumes to the very bytes of a run that
never stopped; and two runs from empty give the same bytes."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest
from workflow_helpers import copy_project, snakemake, snakemake_command

pytestmark = pytest.mark.workflow

RUNS = 8  # the .test config: 4 methods x 2 seeds
# Wall-clock figures, the only outputs allowed to differ between two executions.
TIMED = {"timings.csv", "report.ipynb"}


def result_bytes(project: Path) -> dict[str, bytes]:
    """Every result file by relative path; metrics.json without its wall-clock seconds."""
    found = {}
    for path in sorted((project / "results").rglob("*")):
        if not path.is_file() or path.name in TIMED:
            continue
        data = path.read_bytes()
        if path.name == "metrics.json":
            metrics = json.loads(data)
            del metrics["seconds"]
            data = json.dumps(metrics, sort_keys=True).encode()
        found[path.relative_to(project).as_posix()] = data
    return found


def assert_same_results(project: Path, reference: Path) -> None:
    ours, theirs = result_bytes(project), result_bytes(reference)
    assert sorted(ours) == sorted(theirs)
    differing = [name for name in ours if ours[name] != theirs[name]]
    assert not differing, differing
    for required in ("costs.csv", "runs.csv", "methods.csv", "params.npz", "report.html"):
        assert any(name.endswith(required) for name in ours), required


def running_train_job(project: Path) -> bool:
    """A train job has opened its log but not yet written its cost log."""
    logs = project / "logs/train/synthetic"
    for log in logs.rglob("seed*.log") if logs.is_dir() else []:
        run = project / "results/runs/synthetic" / log.relative_to(logs).with_suffix("")
        if not (run / "costs.csv").exists():
            return True
    return False


def start_and_stop_mid_training(project: Path, stop: signal.Signals) -> subprocess.Popen:
    """Start the workflow and send ``stop`` to its process group while a train job runs."""
    with open(project / "first.out", "w") as output:
        process = subprocess.Popen(
            snakemake_command(project),
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a terminal's Ctrl-C also reaches the jobs
            # A shell without job control starts background commands with SIGINT ignored, and
            # that is inherited; a terminal's Ctrl-C never finds it so.
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    deadline = time.monotonic() + 240
    while not running_train_job(project):
        assert process.poll() is None, (project / "first.out").read_text()
        assert time.monotonic() < deadline, "no train job was seen running"
        time.sleep(0.01)
    os.killpg(process.pid, stop)
    process.wait(timeout=120)
    return process


def assert_no_partial_output_looks_complete(project: Path) -> None:
    """Each output present is whole: a killed job leaves a missing file, never a cut one."""
    for costs in (project / "results/runs").rglob("costs.csv"):
        assert len(costs.read_text().splitlines()) == 1 + 31, costs
    for params in (project / "results/runs").rglob("params.npz"):
        with np.load(params, allow_pickle=False) as stored:
            assert sorted(stored.files) == ["W1", "W2", "W3", "b1", "b2", "b3"]
    for metrics in (project / "results/runs").rglob("metrics.json"):
        json.loads(metrics.read_text())


def finished_runs(project: Path) -> int:
    return len(list((project / "results/runs").rglob("metrics.json")))


def test_sigkill_mid_training_then_rerun_incomplete_gives_the_same_bytes(tmp_path, finished):
    project = copy_project(tmp_path / "project")
    process = start_and_stop_mid_training(project, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    assert finished_runs(project) < RUNS
    # Snakemake had marked the running job incomplete, and had no chance to clear the mark.
    assert list((project / ".snakemake/incomplete").iterdir())
    assert_no_partial_output_looks_complete(project)

    # A killed Snakemake cannot release its lock; --unlock does, as its message says.
    locked = snakemake(project)
    assert locked.returncode != 0
    assert "--unlock" in locked.stdout + locked.stderr
    assert snakemake(project, "--unlock").returncode == 0
    resumed = snakemake(project, "--rerun-incomplete")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert finished_runs(project) == RUNS
    assert_same_results(project, finished)


def test_ctrl_c_mid_training_then_the_same_command_gives_the_same_bytes(tmp_path, finished):
    project = copy_project(tmp_path / "project")
    process = start_and_stop_mid_training(project, signal.SIGINT)
    assert process.returncode != 0
    assert finished_runs(project) < RUNS
    assert_no_partial_output_looks_complete(project)

    resumed = snakemake(project)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert finished_runs(project) == RUNS
    assert_same_results(project, finished)


def test_two_runs_from_empty_give_the_same_bytes(tmp_path, finished):
    project = copy_project(tmp_path / "project")
    result = snakemake(project)
    assert result.returncode == 0, result.stderr
    assert_same_results(project, finished)
    # The executed notebooks differ only in papermill's clock readings.
    notebooks = [
        nbformat.read(folder / "results/report/synthetic/report.ipynb", as_version=4)
        for folder in (project, finished)
    ]
    for notebook in notebooks:
        notebook.metadata.papermill.pop("start_time")
        notebook.metadata.papermill.pop("end_time")
        notebook.metadata.papermill.pop("duration")
        for cell in notebook.cells:
            cell.metadata.pop("papermill", None)
            cell.metadata.pop("execution", None)
    assert notebooks[0] == notebooks[1]
