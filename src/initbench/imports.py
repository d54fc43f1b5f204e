"""The files of this package that a script runs: the closure of its imports, read from source.

A rule's job reruns when any of them changes; computing them from the imports, rather than
listing them by hand, means a new import can never be forgotten.
"""

import ast
import hashlib
import json
import os
from functools import cache
from pathlib import Path

PACKAGE = "initbench"


def _source(path: Path) -> str:
    """Python source of a script, or of a notebook's code cells without their IPython magics
    and shell lines (``%matplotlib``, ``!ls``), which are not Python."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return text
    cells = json.loads(text)["cells"]
    lines = [
        line
        for cell in cells
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if not line.lstrip().startswith(("%", "!"))
    ]
    return "\n".join(lines)


def _imported_names(path: Path) -> set[str]:
    """Dotted names this file imports from the package, and ``package.module.name`` for each
    ``from package.module import name`` (``name`` may be a module or an attribute)."""
    return _names_imported_by(_source(path), str(path))


# Keyed by the source itself, so that an edited file is read afresh: every rule's closure
# walks the same modules, and parsing them once each keeps reading the workflow quick.
@cache
def _names_imported_by(source: str, path: str) -> frozenset[str]:
    names = set()
    for node in ast.walk(ast.parse(source, filename=path)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            raise ValueError(
                f"{path}, line {node.lineno}: a relative import; import from {PACKAGE} by its "
                "full name, so that the files a rule runs can be found"
            )
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(name for name in names if name == PACKAGE or name.startswith(PACKAGE + "."))


def _module_files(name: str, source_root: Path) -> list[Path]:
    """The files that importing ``name`` executes: each package's ``__init__.py`` on the way
    and the module itself; none for an attribute of a module."""
    found, parts = [], name.split(".")
    for depth in range(1, len(parts) + 1):
        base = source_root.joinpath(*parts[:depth])
        if (base / "__init__.py").is_file():
            found.append(base / "__init__.py")
        elif base.with_suffix(".py").is_file():
            found.append(base.with_suffix(".py"))
            break
        else:
            break
    return found


def _data_files(module: Path) -> list[Path]:
    """Files beside ``module`` (in its folder or the non-package folders below it) that it
    names in a string: the tables and templates it reads."""
    named = _strings_in(module.read_text(encoding="utf-8"))
    found, pending = [], [module.parent]
    while pending:
        folder = pending.pop()
        for entry in folder.iterdir():
            relative = entry.relative_to(module.parent)
            if entry.is_dir():
                if not (entry / "__init__.py").exists() and entry.name != "__pycache__":
                    pending.append(entry)
            elif entry.suffix != ".py" and named & {relative.as_posix(), *relative.parts}:
                found.append(entry)
    return found


@cache
def _strings_in(source: str) -> frozenset[str]:
    return frozenset(
        node.value.strip("/")
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    )


@cache
def _reached(path: Path, source_root: Path) -> frozenset[Path]:
    reached: set[Path] = set()
    pending = [path]
    while pending:
        current = pending.pop()
        for name in _imported_names(current):
            for module in _module_files(name, source_root):
                if module not in reached:
                    reached.add(module)
                    pending.append(module)
    return frozenset(reached)


def package_files(scripts: list[str | os.PathLike], source_root: str | os.PathLike) -> list[str]:
    """Every module of the package that ``scripts`` (Python files or notebooks) import,
    directly or through other modules, and the data files those modules read; sorted.

    ``source_root`` is the folder that holds the package (``src``).
    """
    root = Path(source_root).resolve()
    modules = set()
    for script in scripts:
        modules |= _reached(Path(script).resolve(), root)
    files = modules | {data for module in modules for data in _data_files(module)}
    return sorted(str(path) for path in files)


def code_digest(scripts: list[str | os.PathLike], source_root: str | os.PathLike) -> str:
    """SHA-256 over the contents of ``scripts`` and of ``package_files(scripts, source_root)``,
    each named by its path from the project (the folder that holds ``source_root``): it
    changes when one of them is edited, not when one is only touched or the project moved."""
    root = Path(source_root).resolve()
    files = {Path(script).resolve() for script in scripts}
    files |= {Path(path) for path in package_files(scripts, root)}
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(f"{Path(os.path.relpath(path, root.parent)).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
