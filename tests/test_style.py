"""The project's own standards: ruff, snakefmt and Snakemake's linter are clean."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO


def run(*command):
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)


def tool(name):
    # The tools installed beside this Python (the project's virtual environment) come first.
    path = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed")
    return path


def test_ruff_lint_is_clean():
    result = run(tool("ruff"), "check", ".")
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_clean():
    result = run(tool("ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout


def test_snakefmt_is_clean():
    result = run(tool("snakefmt"), "--check", ".")
    assert result.returncode == 0, result.stderr


def test_snakemake_lint_is_clean():
    result = run(sys.executable, "-m", "snakemake", "--lint")
    assert result.returncode == 0, result.stdout + result.stderr
