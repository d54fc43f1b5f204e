"""The whole workflow on a real single-node Slurm cluster through profiles/slurm.

Skipped where no cluster can be started here (not root, no apt-get, no Slurm plugin).
"""

import importlib.util
import os
import shutil
import subprocess
import time

import pytest
from conftest import REPO
from workflow_helpers import (
    assert_results_equal_a_local_run,
    copy_project,
    snakemake,
    snakemake_command,
)

pytestmark = pytest.mark.workflow

CLUSTER = REPO / "tests" / "slurm_cluster.sh"
# Several seeds in groups of 8: 20 train jobs make 3 submissions.
GRID = {"seeds": [1, 2, 3, 4, 5]}
SLURM_ARGS = ("--slurm-init-seconds-before-status-checks", "2", "--slurm-keep-successful-logs")
CLUSTER_ARGS = ("--group-components", "training=8", "diagnosing=8", *SLURM_ARGS)


def cluster_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "starting Slurm daemons needs root"
    if shutil.which("apt-get") is None and shutil.which("slurmctld") is None:
        return "Slurm's Debian packages cannot be installed here"
    if importlib.util.find_spec("snakemake_executor_plugin_slurm") is None:
        return "snakemake-executor-plugin-slurm is not installed"
    return None


@pytest.fixture(scope="module")
def slurm(tmp_path_factory):
    reason = cluster_unavailable()
    if reason:
        pytest.skip(reason)
    state = tmp_path_factory.mktemp("slurm")
    try:
        started = subprocess.run(
            ["bash", str(CLUSTER), "start", str(state)], capture_output=True, text=True, timeout=600
        )
        assert started.returncode == 0, started.stdout + started.stderr
        yield state
    finally:
        subprocess.run(["bash", str(CLUSTER), "stop", str(state)], timeout=60)


def completed_jobs(state) -> list[str]:
    """Names of the jobs Slurm ran to completion, from its job-completion log."""
    log = state / "log" / "jobcomp.txt"
    lines = log.read_text().splitlines() if log.exists() else []
    return [line for line in lines if "JobState=COMPLETED" in line]


@pytest.fixture(scope="module")
def cluster_project(slurm, tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("on-slurm"))
    result = snakemake(project, *CLUSTER_ARGS, config=GRID, profile="profiles/slurm")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return project


def test_every_job_ran_through_slurm_in_grouped_submissions(slurm, cluster_project):
    logs = cluster_project / ".snakemake" / "slurm_logs"
    logged = sorted(path.relative_to(logs).parts[0] for path in logs.rglob("*.log"))
    assert {
        "rule_draw_synthetic",
        "rule_preprocess",
        "rule_order_sensitivity",
        "rule_aggregate",
        "rule_report",
    } <= set(logged)
    # 20 train jobs in groups of at most 8: three submissions, not twenty; the same for the
    # 20 diagnostics (the test config asks for them).
    assert sum(name.startswith("group_training") for name in logged) == 3
    assert sum(name.startswith("group_diagnosing") for name in logged) == 3
    assert not any(name in ("rule_train", "rule_diagnose") for name in logged)
    # draw, preprocess, split, 3 + 3 groups, order sensitivity, aggregate, report: twelve
    # submissions in all (mean_field, arithmetic on the configuration, runs locally).
    assert len(completed_jobs(slurm)) == 12


def test_cluster_results_equal_a_local_run_byte_for_byte(cluster_project, tmp_path):
    assert_results_equal_a_local_run(cluster_project, tmp_path / "local", GRID)


def running_train_job() -> str | None:
    queue = subprocess.run(
        ["squeue", "-h", "-t", "RUNNING", "-o", "%i %k"], capture_output=True, text=True
    )
    for line in queue.stdout.splitlines():
        job_id, _, comment = line.partition(" ")
        if "train" in comment:
            return job_id
    return None


def test_a_train_job_cancelled_mid_run_is_finished_by_rerunning(slurm, cluster_project):
    # Longer runs, one per submission and no retry, so that a cancelled job stays cancelled.
    config = {"seeds": [1], "iterations": 40_000}
    args = (*SLURM_ARGS, "--group-components", "training=1", "--retries", "0")
    command = snakemake_command(
        cluster_project, *args, config=config, profile="profiles/slurm", timeout=240
    )
    first = subprocess.Popen(
        command, cwd=cluster_project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    cancelled = None
    deadline = time.monotonic() + 150
    while cancelled is None and first.poll() is None and time.monotonic() < deadline:
        cancelled = running_train_job()
        time.sleep(0.5)
    assert cancelled is not None, "no train job was seen running"
    subprocess.run(["scancel", cancelled], check=True)
    assert first.wait(timeout=300) != 0, "a run with a cancelled job cannot succeed"

    rerun = snakemake(cluster_project, *args, config=config, profile="profiles/slurm", timeout=240)
    assert rerun.returncode == 0, rerun.stderr[-5000:]
    assert (cluster_project / "results/report/synthetic/report.html").exists()
    finished = subprocess.run(
        [*command, "--dry-run"], cwd=cluster_project, capture_output=True, text=True
    )
    assert "Nothing to be done" in finished.stdout + finished.stderr
