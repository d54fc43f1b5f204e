"""The workflow's tables as CSV: written so that equal data give equal bytes, read back with
their types. (Its own module: train jobs import storage, and pandas would slow each.)"""

import os

import pandas as pd

from initbench.storage import write_with


def write_table(table: pd.DataFrame, path: str | os.PathLike) -> None:
    """CSV with floats that round-trip exactly, so equal data give equal bytes."""
    write_with(path, lambda temporary: table.to_csv(temporary, index=False, lineterminator="\n"))


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """A table as ``write_table`` wrote it; hidden layers stay text ("10" is one layer of
    10 units, not a number)."""
    return pd.read_csv(path, dtype={"hidden_layers": str})
