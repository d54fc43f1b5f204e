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
