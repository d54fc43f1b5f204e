"""Editing any file of the package plans exactly the rules whose scripts or commands reach it,
and what follows them: the caching promise of docs/outputs.md ("What reruns"), held for every
module.

An edit reaches a rule through the rule's ``code`` param, the digest of the files its
``code_digest(...)`` call names and reaches, and Snakemake reruns a rule whose params changed.
So the promise is held in three steps: editing any file changes the digest of exactly the rules
whose job runs it (every file, in-process); no job takes a package file as an input file, which
Snakemake would follow besides the digest; and Snakemake plans exactly the rules whose digest
changed and what follows them (a dry run for one edit of each kind).
"""

import contextlib
import os
import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from conftest import REPO
from test_imports import imported_at_run_time, loaded_by_command
from workflow_helpers import copy_project, planned_jobs, snakemake

from initbench.imports import code_digest

RULE_FILES = REPO / "workflow/rules"
# What each rule runs besides its script: the report executes the notebook.
EXTRA_SOURCES = {"report": ["workflow/notebooks/report.ipynb"]}
PACKAGE = REPO / "src" / "initbench"
EDITED = sorted(
    path.relative_to(REPO).as_posix()
    for path in PACKAGE.rglob("*")
    if path.is_file() and "__pycache__" not in path.parts
)
# The rules' scripts and notebook, which a digest covers besides the package.
WORKFLOW_CODE = sorted(
    path.relative_to(REPO).as_posix()
    for pattern in ["scripts/*.py", "notebooks/*.ipynb"]
    for path in (REPO / "workflow").glob(pattern)
)


def rule_bodies() -> dict[str, str]:
    """Rule -> its indented lines, as the rule files write them."""
    return {
        name: body
        for rule_file in sorted(RULE_FILES.glob("*.smk"))
        for name, body in re.findall(
            r"^rule (\w+):\n((?:[ \t]+.*\n|\n)*)", rule_file.read_text(), re.M
        )
    }


@cache
def files_run() -> dict[str, frozenset[str]]:
    """Rule -> the project's files its job runs: its ``script:`` (and notebook) and the
    package's modules their import statements load, or those that the ``python -m initbench
    COMMAND`` of its ``shell:`` loads, with the package's data files those modules name. Found
    by running the imports, not by the workflow's own computation."""
    runs = {}
    for rule, body in rule_bodies().items():
        script = re.search(r'script:\s*\n\s*"([^"]+)"', body)
        command = re.search(r"-m initbench (\w+)", body)
        sources, loaded = [], []
        if script:
            sources = [(RULE_FILES / script.group(1)).resolve()]
            sources += [REPO / extra for extra in EXTRA_SOURCES.get(rule, [])]
            loaded = [module for source in sources for module in imported_at_run_time(source)]
        elif command:
            loaded = loaded_by_command(command.group(1))
        modules = {f"src/{module}" for module in loaded}
        read_data = {
            data
            for data in EDITED
            if not data.endswith(".py")
            and any(Path(data).name in (REPO / module).read_text() for module in modules)
        }
        scripts = {source.relative_to(REPO).as_posix() for source in sources}
        runs[rule] = frozenset(scripts | modules | read_data)
    return runs


def digested_sources(rule_body: str) -> list[str]:
    """The files, from the project, that a rule's ``code=code_digest(...)`` param names."""
    call = re.search(r"code=code_digest\(([^)]*)\)", rule_body)
    return re.findall(r'"([^"]+)"', call.group(1)) if call else []


def rule_graph(project: Path) -> dict[str, set[str]]:
    """Rule -> the rules that consume its outputs, as the workflow's own rule graph says."""
    result = snakemake(project, "--rulegraph")
    assert result.returncode == 0, result.stderr
    names = dict(re.findall(r'^\s*(\d+)\[label = "(\w+)"', result.stdout, re.M))
    downstream = {name: set() for name in names.values()}
    for source, target in re.findall(r"^\s*(\d+) -> (\d+)", result.stdout, re.M):
        downstream[names[source]].add(names[target])
    return downstream


def expected_rules(edited: str, downstream: dict[str, set[str]]) -> set[str]:
    """The rules of this workflow whose job runs ``edited`` (``files_run``), and every rule
    after them."""
    reaching = {
        rule
        for rule, files in files_run().items()
        # A rule outside the rule graph is not part of this configuration's workflow
        # (fetch_post_images).
        if rule in downstream and edited in files
    }
    planned, pending = set(reaching), list(reaching)
    while pending:
        for after in downstream[pending.pop()]:
            if after not in planned:
                planned.add(after)
                pending.append(after)
    return planned


@contextlib.contextmanager
def edited_content(path: Path):
    """``path`` with its content changed and nothing else, until the block ends: a comment in
    Python, a trailing blank line elsewhere."""
    original, times = path.read_bytes(), os.stat(path)
    path.write_bytes(original + (b"# edited\n" if path.suffix == ".py" else b"\n"))
    try:
        yield
    finally:
        path.write_bytes(original)
        os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))


@pytest.fixture(scope="module")
def digest_changes(tmp_path_factory) -> dict[str, set[str]]:
    """Rule -> the files whose edit changes the digest of its ``code`` param, computed as
    workflow/rules/common.smk computes it, on a copy of the project edited one file at a time."""
    project = copy_project(tmp_path_factory.mktemp("digests"))
    sources = {
        rule: [project / source for source in digested_sources(body)]
        for rule, body in rule_bodies().items()
    }

    def digests():
        return {rule: code_digest(paths, project / "src") for rule, paths in sources.items()}

    unedited = digests()
    changes = {rule: set() for rule in sources}
    for edited in [*EDITED, *WORKFLOW_CODE]:
        with edited_content(project / edited):
            for rule, digest in digests().items():
                if digest != unedited[rule]:
                    changes[rule].add(edited)
    return changes


@pytest.mark.parametrize("rule", sorted(rule_bodies()))
def test_editing_a_file_changes_the_code_digest_of_exactly_the_rules_that_run_it(
    digest_changes, rule
):
    assert digest_changes[rule] == files_run()[rule]


@pytest.fixture(scope="module")
def finished_copy(finished, tmp_path_factory):
    copy = tmp_path_factory.mktemp("edits") / "project"
    shutil.copytree(finished, copy, symlinks=True)
    return copy


@pytest.fixture(scope="module")
def downstream(finished_copy):
    return rule_graph(finished_copy)


@pytest.mark.workflow
def test_no_job_takes_a_package_file_as_an_input(finished_copy):
    """Package files reach jobs through their code digests alone (a param, for the reason
    code_digest in common.smk gives), never as input files, whose edits Snakemake would follow
    whether or not the job runs them."""
    result = snakemake(finished_copy, "--detailed-summary")
    assert result.returncode == 0, result.stderr
    header, *rows = (line.split("\t") for line in result.stdout.splitlines())
    inputs = {path for row in rows for path in row[header.index("input-file(s)")].split(",")}
    assert sorted(path for path in inputs if path.startswith("src/")) == []


@pytest.mark.workflow
def test_snakemake_plans_exactly_the_rules_that_reach_one_edit_of_each_kind(
    finished_copy, downstream
):
    """For each set of rules an edit should plan, the first package file whose edit should
    plan it: Snakemake plans exactly that set, so it reruns the rules whose digest changed,
    what follows them, and nothing else."""
    first_edit_of_kind = {}
    for edited in EDITED:
        first_edit_of_kind.setdefault(frozenset(expected_rules(edited, downstream)), edited)
    planned, expected = {}, {}
    for rules, edited in first_edit_of_kind.items():
        with edited_content(finished_copy / edited):
            planned[edited] = set(planned_jobs(finished_copy))
        expected[edited] = set(rules)
    assert planned == expected
