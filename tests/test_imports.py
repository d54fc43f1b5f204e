"""A rule's code inputs are the package files its script reaches, found from the source."""

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

from initbench.__main__ import COMMANDS
from initbench.imports import code_digest, package_files

SCRIPTS = sorted((REPO / "workflow/scripts").glob("*.py"))
NOTEBOOK = REPO / "workflow/notebooks/report.ipynb"
ENTRY = REPO / "src/initbench/__main__.py"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def package(tmp_path):
    """A small package laid out like initbench, named initbench, under tmp_path/src."""
    src = tmp_path / "src"
    write(src / "initbench/__init__.py", '__version__ = "1"\n')
    write(src / "initbench/io.py", "")
    write(src / "initbench/stage/__init__.py", "")
    write(src / "initbench/stage/first.py", "from initbench.stage import second\n")
    write(src / "initbench/stage/second.py", "def f():\n    import initbench.io\n")
    write(src / "initbench/stage/reader.py", 'NAME = "table.csv"\nFOLDER = "templates/"\n')
    write(src / "initbench/stage/table.csv", "a\n")
    write(src / "initbench/stage/unread.csv", "a\n")
    write(src / "initbench/stage/templates/page.j2", "")
    write(src / "initbench/lonely.py", "")
    return src


def reached(scripts, src):
    return sorted(Path(path).relative_to(src).as_posix() for path in package_files(scripts, src))


def test_the_closure_follows_modules_functions_and_packages(package, tmp_path):
    script = write(tmp_path / "script.py", "from initbench.stage.first import x\n")
    assert reached([script], package) == [
        "initbench/__init__.py",
        "initbench/io.py",  # imported inside a function of second
        "initbench/stage/__init__.py",
        "initbench/stage/first.py",
        "initbench/stage/second.py",  # "from initbench.stage import second" names a module
    ]


def test_a_name_imported_from_the_package_is_its_init(package, tmp_path):
    script = write(tmp_path / "script.py", "from initbench import __version__\nimport os\n")
    assert reached([script], package) == ["initbench/__init__.py"]


def test_data_files_count_where_their_module_names_them(package, tmp_path):
    script = write(tmp_path / "script.py", "import initbench.stage.reader\n")
    assert reached([script], package) == [
        "initbench/__init__.py",
        "initbench/stage/__init__.py",
        "initbench/stage/reader.py",
        "initbench/stage/table.csv",
        "initbench/stage/templates/page.j2",
    ]


def test_a_notebooks_code_cells_are_read(package, tmp_path):
    cells = [
        {"cell_type": "markdown", "source": ["import initbench.lonely"]},
        {"cell_type": "code", "source": ["from initbench.stage import second\n"]},
    ]
    notebook = write(tmp_path / "report.ipynb", json.dumps({"cells": cells}))
    assert "initbench/lonely.py" not in reached([notebook], package)
    assert "initbench/stage/second.py" in reached([notebook], package)


# Run in a fresh interpreter after a source's imports: the import statements of every module of
# the package loaded so far, until they load no more. A module's own imports ran when it was
# loaded; those inside its functions run when they are called (a report section imports what
# it renders with), and those under TYPE_CHECKING name the types its annotations use.
IMPORTS_OF_LOADED_MODULES = """
import ast, sys
from pathlib import Path

package, read = Path(sys.argv[1]), set()


def loaded():
    files = (getattr(module, "__file__", None) for module in list(sys.modules.values()))
    return {Path(file) for file in files if file and Path(file).is_relative_to(package)}


while pending := sorted(loaded() - read):
    for path in pending:
        read.add(path)
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import | ast.ImportFrom):
                exec(ast.unparse(node), {})
"""


def imported_at_run_time(source: Path) -> list[str]:
    """The package's modules a fresh interpreter has loaded after running the import
    statements of ``source``, and then those of the modules they loaded wherever in a module
    they stand (``IMPORTS_OF_LOADED_MODULES``): what the job imports, as Python resolves it."""
    text = source.read_text()
    if source.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    imports = [
        ast.unparse(node)
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    program = "\n".join(
        [
            *imports,
            IMPORTS_OF_LOADED_MODULES,
            "print('\\n'.join(sorted(getattr(m, '__file__', None) or '' for m in "
            "list(sys.modules.values()))))",
        ]
    )
    package = REPO / "src" / "initbench"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [sys.executable, "-c", program, str(package)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return sorted(
        Path(line).relative_to(REPO / "src").as_posix()
        for line in result.stdout.splitlines()
        if line.startswith(str(package))
    )


def loaded_by_command(command: str) -> list[str]:
    """The package's files that ``python -m initbench COMMAND`` runs: the entry module, and
    the modules a fresh interpreter has loaded once the command has read its options."""
    program = "\n".join(
        [
            "import runpy, sys",
            f"sys.argv = ['initbench', {command!r}, '--help']",
            "try:",
            "    runpy.run_module('initbench', run_name='__main__')",
            "except SystemExit:",
            "    pass",
            "print('\\n'.join(getattr(m, '__file__', None) or '' for m in "
            "list(sys.modules.values())), file=sys.stderr)",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        check=True,
    )
    package = REPO / "src" / "initbench"
    files = {ENTRY, *(Path(line) for line in result.stderr.splitlines())}
    return sorted(
        file.relative_to(REPO / "src").as_posix() for file in files if file.is_relative_to(package)
    )


@pytest.mark.parametrize("source", [*SCRIPTS, NOTEBOOK], ids=lambda path: path.name)
def test_every_script_reaches_exactly_the_modules_it_loads(source):
    modules = [path for path in reached([source], REPO / "src") if path.endswith(".py")]
    assert modules == imported_at_run_time(source)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_reaches_exactly_the_modules_it_loads(command):
    # The entry imports initbench.commands.<command> by name: the package, then the module.
    commands = REPO / "src/initbench/commands"
    sources = [ENTRY, commands / "__init__.py", commands / f"{command}.py"]
    modules = {path for path in reached(sources, REPO / "src") if path.endswith(".py")}
    modules |= {source.relative_to(REPO / "src").as_posix() for source in sources}
    assert sorted(modules) == loaded_by_command(command)


def test_a_relative_import_is_refused_naming_the_file(package, tmp_path):
    write(package / "initbench/stage/relative.py", "from . import second\n")
    script = write(tmp_path / "script.py", "import initbench.stage.relative\n")
    with pytest.raises(ValueError, match=r"relative\.py, line 1: a relative import"):
        package_files([script], package)


def test_notebook_magics_and_shell_lines_are_not_read_as_python(package, tmp_path):
    cells = [
        {"cell_type": "code", "source": ["%matplotlib inline\n", "!ls\n", "import initbench.io\n"]}
    ]
    notebook = write(tmp_path / "magic.ipynb", json.dumps({"cells": cells}))
    assert "initbench/io.py" in reached([notebook], package)


def test_the_code_digest_follows_the_content_of_what_a_script_reaches(package, tmp_path):
    script = write(tmp_path / "script.py", "import initbench.stage.reader\n")
    digest = code_digest([script], package)
    os.utime(package / "initbench/stage/reader.py", (1, 1))  # touched, not edited
    write(package / "initbench/lonely.py", "x = 1\n")  # not reached
    assert code_digest([script], package) == digest
    moved = tmp_path.parent / f"{tmp_path.name}-moved"
    shutil.copytree(tmp_path, moved)
    assert code_digest([moved / "script.py"], moved / "src") == digest
    write(package / "initbench/stage/table.csv", "b\n")  # a data file the module names
    assert code_digest([script], package) != digest
    edited = code_digest([script], package)
    write(script, "import initbench.stage.reader  # the script itself\n")
    assert code_digest([script], package) != edited
