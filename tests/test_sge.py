"""The whole workflow on a real single-node Grid Engine through profiles/sge.

Skipped where no cluster can be started here (not root, no apt-get, no cluster-generic plugin).
"""

import importlib.util
import os
import shutil
import subprocess

import pytest
from conftest import REPO
from workflow_helpers import assert_results_equal_a_local_run, copy_project, snakemake

pytestmark = pytest.mark.workflow

CLUSTER = REPO / "tests" / "sge_cluster.sh"
SGE = {"SGE_ROOT": "/var/lib/gridengine", "SGE_CELL": "default"}
# Several seeds in groups of 8: 20 train jobs make 3 submissions.
GRID = {"seeds": [1, 2, 3, 4, 5]}
CLUSTER_ARGS = ("--group-components", "training=8", "diagnosing=8")


def cluster_unavailable() -> str | None:
    if os.geteuid() != 0:
        return "starting Grid Engine's daemons needs root"
    if shutil.which("apt-get") is None and shutil.which("qsub") is None:
        return "Grid Engine's Debian packages cannot be installed here"
    if importlib.util.find_spec("snakemake_executor_plugin_cluster_generic") is None:
        return "snakemake-executor-plugin-cluster-generic is not installed"
    return None


@pytest.fixture(scope="module")
def sge(tmp_path_factory):
    reason = cluster_unavailable()
    if reason:
        pytest.skip(reason)
    state = tmp_path_factory.mktemp("sge")
    os.environ.update(SGE)
    try:
        started = subprocess.run(
            ["bash", str(CLUSTER), "start", str(state)], capture_output=True, text=True, timeout=600
        )
        assert started.returncode == 0, started.stdout + started.stderr
        yield state
    finally:
        subprocess.run(["bash", str(CLUSTER), "stop", str(state)], timeout=60)


@pytest.fixture(scope="module")
def cluster_project(sge, tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("on-sge"))
    result = snakemake(project, *CLUSTER_ARGS, config=GRID, profile="profiles/sge", timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return project


def submissions(project) -> list[str]:
    """The name of each job Grid Engine ran for the project, from its output logs
    (smk.<rule>.o<job id>, or smk.<group>_<rules>.o<job id> for a group)."""
    logs = project / ".snakemake" / "sge_logs"
    return sorted(path.name.rsplit(".o", 1)[0] for path in logs.glob("smk.*.o*"))


def test_every_job_ran_through_grid_engine_in_grouped_submissions(cluster_project):
    names = submissions(cluster_project)
    assert {
        "smk.draw_synthetic",
        "smk.preprocess",
        "smk.split",
        "smk.order_sensitivity",
        "smk.aggregate",
        "smk.report",
    } <= set(names)
    # 20 train jobs in groups of at most 8: three submissions, not twenty; the same for the
    # 20 diagnostics (the test config asks for them).
    assert sum(name.startswith("smk.training") for name in names) == 3
    assert sum(name.startswith("smk.diagnosing") for name in names) == 3
    assert not {"smk.train", "smk.diagnose"} & set(names)
    # draw, preprocess, split, 3 + 3 groups, order sensitivity, aggregate, report: twelve
    # submissions (mean_field, arithmetic on the configuration, runs locally).
    assert len(names) == 12


def test_cluster_results_equal_a_local_run_byte_for_byte(cluster_project, tmp_path):
    assert_results_equal_a_local_run(cluster_project, tmp_path / "local", GRID)
