"""The conda environments in envs/ pin the same versions as pyproject.toml."""

import re
import tomllib

import pytest
import yaml
from conftest import REPO

ENV_FILES = sorted((REPO / "envs").glob("*.yaml"))


def pyproject_pins() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pins = {}
    for requirement in project["dependencies"]:
        name, version = re.fullmatch(r"([A-Za-z0-9_.-]+)==(\S+)", requirement).groups()
        pins[name.lower()] = version
    return pins


def test_there_are_environment_files():
    assert ENV_FILES


@pytest.mark.parametrize("env_file", ENV_FILES, ids=lambda path: path.name)
def test_conda_pins_agree_with_pyproject(env_file):
    pins = pyproject_pins()
    dependencies = yaml.safe_load(env_file.read_text())["dependencies"]
    for spec in dependencies:
        name, _, version = spec.partition("=")
        if name == "python":
            continue
        assert name in pins, f"{env_file.name}: {name} is not a dependency in pyproject.toml"
        assert version == pins[name], (
            f"{env_file.name}: {name}={version}, pyproject.toml pins {pins[name]}"
        )
