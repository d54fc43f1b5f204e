"""How the report words a verdict, and the count and interval behind a claim about most runs."""

from initbench.analysis.statistics import (
    CANNOT_TELL,
    DOES_NOT_HOLD,
    HOLDS,
    INTERVAL_CONFIDENCE,
    SIGNIFICANCE,
    Count,
)
from initbench.report.numbers import configured_percent, percent, span

VERDICT_WORDS = {HOLDS: "holds", DOES_NOT_HOLD: "does not hold", CANNOT_TELL: "cannot tell"}

COUNT_TEST = (
    "A claim about most runs is tested by the exact binomial test of its count against one "
    f"half, one-sided at {configured_percent(SIGNIFICANCE)}: it holds when the count is larger "
    "than chance would give, does not hold when it is smaller, and otherwise these runs cannot "
    f"tell. Each count comes with its exact (Clopper–Pearson) "
    f"{configured_percent(INTERVAL_CONFIDENCE)} interval on the share, whose ends are the "
    "one-sided bounds of that test: the claim holds where the whole interval lies above half."
)


def share_of(found: Count, noun: str) -> str:
    """``9 of 10 seeds (90% interval 61%–99%)``."""
    low, high = found.interval
    plural = noun if found.trials == 1 else f"{noun}s"
    return (
        f"{found.successes} of {found.trials} {plural} "
        f"({configured_percent(INTERVAL_CONFIDENCE)} interval {span(low, high, percent)})"
    )
