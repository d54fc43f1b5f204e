"""Atomic, deterministic file writers, and the job log.

Every output is written to a temporary name in its own folder and renamed into place, so a
killed job never leaves a file that looks complete; the bytes depend only on the data.
"""

import io
import json
import logging
import os
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import numpy as np

# mkstemp creates private files; outputs get the permissions any new file would get.
_UMASK = os.umask(0)
os.umask(_UMASK)
# Zip entries carry a timestamp; a fixed one keeps archives byte-identical across runs.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


@contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it to ``path`` only on success."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.stem}.partial.", suffix=target.suffix
    )
    os.close(handle)
    os.chmod(temporary, 0o666 & ~_UMASK)
    try:
        yield Path(temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


def write_text(path: str | os.PathLike, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def write_json(path: str | os.PathLike, data: Mapping) -> None:
    write_text(path, json.dumps(data, indent=2, sort_keys=True, allow_nan=False) + "\n")


def write_csv(path: str | os.PathLike, header: list[str], rows: list[list]) -> None:
    """Write a CSV whose floats round-trip exactly (``repr``), with ``\\n`` line endings."""

    def cell(value) -> str:
        text = repr(value) if isinstance(value, float) else str(value)
        if any(c in text for c in ',"\n\r'):
            text = '"' + text.replace('"', '""') + '"'
        return text

    lines = [",".join(header)] + [",".join(cell(v) for v in row) for row in rows]
    write_text(path, "\n".join(lines) + "\n")


def write_npz(path: str | os.PathLike, arrays: Mapping[str, np.ndarray]) -> None:
    """Write arrays as an uncompressed ``.npz`` that ``np.load(allow_pickle=False)`` reads."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name in sorted(arrays):
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=_ZIP_EPOCH)
            with archive.open(entry, "w", force_zip64=True) as member:
                np.lib.format.write_array(member, arrays[name], allow_pickle=False)
    write_bytes(path, buffer.getvalue())


def write_with(path: str | os.PathLike, writer: Callable[[Path], None]) -> None:
    """Let ``writer`` fill a temporary file, then move it to ``path``."""
    with atomic_path(path) as temporary:
        writer(temporary)


class InputError(ValueError):
    """A problem with what the user gave (a file, a folder, a download) that its message
    explains in full: a job reports it without a traceback."""


@contextmanager
def logged_to(path: str | os.PathLike | None) -> Iterator[logging.Logger]:
    """Log to ``path`` (to the console when None); an exception is written there too, then
    raised for Snakemake to show.

    An ``InputError`` ends the job with its message alone and where the log is: a traceback
    would only bury it.
    """
    logger = logging.getLogger("initbench")
    handler = (
        logging.StreamHandler(sys.stderr)
        if path is None
        else logging.FileHandler(path, mode="w", encoding="utf-8")
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield logger
    except InputError as error:
        logger.error("%s", error)
        raise SystemExit(error if path is None else f"{error}\n(log: {path})") from None
    except Exception as error:
        logger.error("%s: %s", type(error).__name__, error)
        raise
    finally:
        logger.removeHandler(handler)
        handler.close()
