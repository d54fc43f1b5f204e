"""Run the real workflow in a temporary copy of the project."""

import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import REPO

PROJECT_PARTS = ["Snakefile", "config.yaml", "workflow", "src", "envs", ".test"]


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


def snakemake(project: Path, *args: str, config: dict | None = None, timeout: int = 300):
    """Run Snakemake on the tiny .test config, with ``config`` laid over it."""
    configfiles = [".test/config.yaml"]
    if config is not None:
        (project / "override.yaml").write_text(yaml.safe_dump(config))
        configfiles.append("override.yaml")
    return subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", "--configfile", *configfiles, *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
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
