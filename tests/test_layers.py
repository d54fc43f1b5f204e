"""The package's layers: each imports only from the layers below it, so the report never trains
and nothing computed is hidden in the words and figures."""

import ast
from pathlib import Path

import pytest
from conftest import REPO

PACKAGE = REPO / "src/initbench"
# Each layer and the layers it may import from. Above the report sit only the entry points
# (``commands``, ``__main__``), which connect a job's arguments to the package.
BELOW = {
    "experiment": set(),
    "storage": set(),
    "tables": {"storage"},
    "config_check": set(),
    "config_reference": {"config_check"},
    "imports": set(),
    "activations": set(),
    "data": {"experiment", "storage"},
    "theory": {"activations", "experiment"},
    "training": {"activations", "experiment", "storage", "theory"},
    "runs": {"activations", "experiment", "storage", "training"},
    "analysis": {"activations", "experiment", "tables", "theory", "training"},
    "report": {"activations", "analysis", "data", "experiment", "storage", "tables", "theory"},
}


def layer_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported_layers(path: Path) -> set[str]:
    """The package's top-level modules and subpackages this file imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        found |= {name.split(".")[1] for name in names if name.startswith("initbench.")}
    return found


LAYERED = sorted(path for path in PACKAGE.rglob("*.py") if layer_of(path) in BELOW)


@pytest.mark.parametrize("path", LAYERED, ids=lambda path: str(path.relative_to(PACKAGE)))
def test_each_module_imports_only_from_its_own_layer_and_those_below(path):
    layer = layer_of(path)
    # ``from initbench import __version__`` names the package itself, not a layer.
    upward = imported_layers(path) - BELOW[layer] - {layer, "__version__"}
    assert not upward, f"{path.relative_to(PACKAGE)} ({layer}) imports from {sorted(upward)}"


def test_every_module_of_the_package_has_a_layer():
    entry_points = {"commands", "__main__", "__init__"}
    unplaced = {layer_of(path) for path in PACKAGE.rglob("*.py")} - set(BELOW) - entry_points
    assert not unplaced, f"give these a layer in BELOW: {sorted(unplaced)}"


def test_an_upward_import_is_caught(tmp_path):
    module = tmp_path / "report.py"
    module.write_text("from initbench.training.trainer import train\n")
    assert imported_layers(module) - BELOW["report"] == {"training"}
