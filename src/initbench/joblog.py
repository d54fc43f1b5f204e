"""Send a job's log lines and any error it stops on to its log file."""

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def logged_to(path: str | os.PathLike) -> Iterator[logging.Logger]:
    """Log to ``path``; an exception is written there too, then raised for Snakemake to show."""
    logger = logging.getLogger("initbench")
    handler = logging.FileHandler(path, mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield logger
    except Exception as error:
        logger.error("%s: %s", type(error).__name__, error)
        raise
    finally:
        logger.removeHandler(handler)
        handler.close()
