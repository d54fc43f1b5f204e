"""Run the real workflow in a temporary copy of the project."""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO

PROJECT_PARTS = [
    "Snakefile",
    "config.yaml",
    "config",
    "workflow",
    "src",
    "envs",
    "profiles",
    ".test",
]


def copy_project(destination: Path) -> Path:
    """The workflow and the package it imports, so that tests may edit either freely."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(
                source, destination / part, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            shutil.copy2(source, destination / part)
    return destination


def snakemake_command(
    project: Path,
    *args: str,
    config: dict | None = None,
    timeout: int = 300,
    profile: str | None = None,
) -> list[str]:
    """The command line that runs Snakemake on the tiny .test config with ``config`` over it.

    Without ``profile`` it runs locally on two cores. With one (a cluster profile), it runs
    under ``timeout -k``: a failed status poll would make Snakemake wait for ever on jobs it
    cannot see.
    """
    configfiles = [".test/config.yaml"]
    if config is not None:
        (project / "override.yaml").write_text(yaml.safe_dump(config))
        configfiles.append("override.yaml")
    command = [sys.executable, "-m", "snakemake", "--configfile", *configfiles, *args]
    if profile is None:
        return [*command, "--cores", "2"]
    return ["timeout", "-k", "10", str(timeout), *command, "--profile", profile]


def snakemake(project: Path, *args: str, timeout: int = 300, **options):
    command = snakemake_command(project, *args, timeout=timeout, **options)
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, timeout=timeout + 30
    )


def planned_jobs(project: Path, config: dict | None = None) -> dict[str, int]:
    """Rule -> number of jobs a dry run would execute ({} when there is nothing to do)."""
    result = snakemake(project, "--dry-run", config=config)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    if "Job stats:" not in lines:
        assert "Nothing to be done" in result.stdout + result.stderr, result.stdout
        return {}
    table = lines[lines.index("Job stats:") + 3 :]
    jobs = {}
    for line in table:
        if not line.strip() or line.startswith("total"):
            break
        rule, count = line.split()
        jobs[rule] = int(count)
    return jobs


# The tables a cluster run must write byte for byte as a local run does.
RESULT_FILES = ["costs.csv", "runs.csv", "methods.csv", "layers.csv", "mean_field.csv"]


def assert_results_equal_a_local_run(cluster_project: Path, local: Path, config: dict) -> None:
    """Run the .test grid with ``config`` locally in ``local`` and compare every result table
    and each run's files with ``cluster_project``'s, byte for byte."""
    copy_project(local)
    result = snakemake(local, config=config)
    assert result.returncode == 0, result.stderr
    for name in RESULT_FILES:
        path = f"results/summary/synthetic/{name}"
        assert (cluster_project / path).read_bytes() == (local / path).read_bytes(), name
    runs = sorted((local / "results/runs").rglob("*.*"))
    compared = [path for path in runs if path.suffix in (".csv", ".npz")]
    # each run's costs.csv, confusion.csv, params.npz and layers.csv; .test's 4 methods
    assert len(compared) == 4 * 4 * len(config["seeds"])
    for path in compared:
        relative = path.relative_to(local)
        assert (cluster_project / relative).read_bytes() == path.read_bytes(), relative
    assert (cluster_project / "results/report/synthetic/report.html").stat().st_size > 10_000
