"""Editing any file of the package plans exactly the rules whose scripts or commands reach it,
and what follows them: the caching promise of docs/outputs.md ("What reruns"), held for every
module."""

import functools
import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO
from test_imports import imported_at_run_time, loaded_by_command
from workflow_helpers import planned_jobs, snakemake

pytestmark = pytest.mark.workflow

# What each rule runs besides its script: the report executes the notebook.
EXTRA_SOURCES = {"report": ["workflow/notebooks/report.ipynb"]}
PACKAGE = REPO / "src" / "initbench"
EDITED = sorted(
    path.relative_to(REPO).as_posix()
    for path in PACKAGE.rglob("*")
    if path.is_file() and "__pycache__" not in path.parts
)


def rule_loads() -> dict[str, set[str]]:
    """Rule -> the package's files its job loads: found by running the import statements of
    its ``script:`` (and notebook), or the ``python -m initbench COMMAND`` of its ``shell:``,
    as the rule files name them."""
    loads = {}
    for rule_file in (REPO / "workflow/rules").glob("*.smk"):
        text = rule_file.read_text()
        for name, body in re.findall(r"^rule (\w+):\n((?:[ \t]+.*\n|\n)*)", text, re.M):
            script = re.search(r'script:\s*\n\s*"([^"]+)"', body)
            command = re.search(r"-m initbench (\w+)", body)
            if script:
                paths = [(rule_file.parent / script.group(1)).resolve()]
                paths += [REPO / extra for extra in EXTRA_SOURCES.get(name, [])]
                loads[name] = {module for path in paths for module in loaded_by(path)}
            elif command:
                loads[name] = set(command_loads(command.group(1)))
    return loads


def rule_graph(project: Path) -> dict[str, set[str]]:
    """Rule -> the rules that consume its outputs, as the workflow's own rule graph says."""
    result = snakemake(project, "--rulegraph")
    assert result.returncode == 0, result.stderr
    names = dict(re.findall(r'^\s*(\d+)\[label = "(\w+)"', result.stdout, re.M))
    downstream = {name: set() for name in names.values()}
    for source, target in re.findall(r"^\s*(\d+) -> (\d+)", result.stdout, re.M):
        downstream[names[source]].add(names[target])
    return downstream


loaded_by = functools.cache(imported_at_run_time)
command_loads = functools.cache(loaded_by_command)


def expected_rules(edited: str, downstream: dict[str, set[str]]) -> set[str]:
    """The rules of this workflow whose job loads ``edited`` (found by running their imports,
    not by the workflow's own computation), and every rule after them."""
    reaching = set()
    for rule, loaded in rule_loads().items():
        if rule not in downstream:
            continue  # not part of this configuration's workflow (fetch_post_images)
        read_data = not edited.endswith(".py") and any(
            Path(edited).name in (REPO / "src" / module).read_text() for module in loaded
        )
        if edited.removeprefix("src/") in loaded or read_data:
            reaching.add(rule)
    planned, pending = set(reaching), list(reaching)
    while pending:
        for after in downstream[pending.pop()]:
            if after not in planned:
                planned.add(after)
                pending.append(after)
    return planned


@pytest.fixture(scope="module")
def finished_copy(finished, tmp_path_factory):
    copy = tmp_path_factory.mktemp("edits") / "project"
    shutil.copytree(finished, copy, symlinks=True)
    return copy


@pytest.fixture(scope="module")
def downstream(finished_copy):
    return rule_graph(finished_copy)


@pytest.mark.parametrize("edited", EDITED)
def test_editing_a_package_file_plans_exactly_the_rules_that_reach_it(
    finished_copy, downstream, edited
):
    path = finished_copy / edited
    original, times = path.read_bytes(), os.stat(path)
    # A comment in Python, a trailing blank line elsewhere: the content changes, nothing else.
    path.write_bytes(original + (b"# edited\n" if edited.endswith(".py") else b"\n"))
    try:
        assert set(planned_jobs(finished_copy)) == expected_rules(edited, downstream)
    finally:
        path.write_bytes(original)
        os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
