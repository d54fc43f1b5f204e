"""How the report writes numbers: one function per kind of quantity, so that a cost, a share or
a count reads the same in every sentence and table.

A measured number shows the same count of significant digits wherever it appears, trailing
zeros included, so that two numbers side by side are read to the same precision (0.0810 beside
0.0925, not 0.081); it is rounded as it reads in the tables the rules wrote (its shortest
decimal form), and a half rounds up, as a reader rounds: a median of 6 and 7 iterations is 7,
62.5 % is 63 %. A value as it was configured is written as it was set. A missing value (NaN) is
``MISSING`` wherever it is shown.
"""

import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

# What a table cell or a sentence shows where there is no number: an absent fixed point, a
# method whose setting ran no held-out images.
MISSING = "—"
INFINITE = "∞"
# Positional notation from 0.0001 up to a million, scientific outside: a trained cost of
# 0.000997 reads plainly, and a spread of the signal through depth decades smaller as 1.23e-05
# rather than 0.0000123.
SMALLEST_POSITIONAL = -4
LARGEST_POSITIONAL = 6
# Counts this large and over get thousands separators (67,500); four-digit ones read plainly,
# as the post writes its iterations ("cost after 1000 iterations").
GROUPED_FROM = 10_000


def _missing(value: float | None) -> bool:
    return value is None or math.isnan(value)


def _rounded(value: float, exponent: int) -> Decimal:
    """``value`` rounded to a multiple of 10**``exponent``, a half up."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP)


def number(value: float, digits: int = 3, infinite: str = INFINITE) -> str:
    """``value`` to ``digits`` significant digits, trailing zeros kept: ``0.0873``, ``0.0810``,
    ``2.00``, ``20000``, ``0.000997``, ``1.23e-05``; infinity (a diverged run's cost) as
    ``infinite``, NaN as ``MISSING``."""
    if _missing(value):
        return MISSING
    if math.isinf(value):
        return infinite if value > 0 else f"-{infinite}"
    if value == 0:
        return "0"
    rounded = _rounded(value, Decimal(repr(float(value))).adjusted() - digits + 1)
    # Rounding may carry into a new leading digit: 999.7 is 1000.
    exponent = rounded.adjusted()
    if SMALLEST_POSITIONAL <= exponent < LARGEST_POSITIONAL:
        # Exactly ``digits`` significant digits, or the whole number when it has more.
        return f"{rounded:.{max(digits - 1 - exponent, 0)}f}"
    return f"{float(rounded):.{digits - 1}e}"


def percent(share: float) -> str:
    """A measured share as a percentage: in whole percent (``97%``), with as many decimals as
    it takes not to read 0% or 100% for a share that is neither (``99.6%``)."""
    if _missing(share):
        return MISSING
    value = float(share) * 100
    for more in range(7):
        text = f"{_rounded(value, -more):f}"
        if float(text) not in (0.0, 100.0) or value in (0.0, 100.0):
            break
    return f"{text}%"


def configured_percent(share: float) -> str:
    """A share as a threshold was set, in its shortest form: ``1%``, ``1.25%``, ``10%``."""
    return f"{float(share) * 100:g}%"


def count(value: float) -> str:
    """A whole number, such as a number of runs or an iteration (the median of two runs'
    iterations, 59.5, as 60); thousands separated from ``GROUPED_FROM`` up."""
    if _missing(value):
        return MISSING
    whole = int(_rounded(value, 0))
    return f"{whole:,}" if abs(whole) >= GROUPED_FROM else str(whole)


def median_count(value: float) -> str:
    """A median of whole counts, which is whole or a half: ``6``, ``0.5``, ``12,345.5``."""
    if float(value).is_integer():
        return count(value)
    return f"{count(value - 0.5)}.5"


def iteration(value: float, never: str = "never") -> str:
    """The iteration at which something happens, ``never`` where it does not (NaN or ∞: a
    median over runs most of which never get there)."""
    if _missing(value) or math.isinf(value):
        return never
    return count(value)


def configured(value: float) -> str:
    """A value as the configuration sets it, in its shortest form: learning rates ``0.01``,
    ``0.0003``, ``1e-05``, variances ``0.05``."""
    return f"{value:g}"


def rounded(value: float) -> str:
    """A value the code derives, such as a cost threshold, to three significant digits in its
    shortest form: ``0.5``, ``1.66``."""
    return f"{value:.3g}"


def span(low: float, high: float, show: Callable[[float], str] = number) -> str:
    """From ``low`` to ``high``, each written by ``show``: ``0.0771–0.103``, ``50%–90%``; one
    value where the two read the same."""
    low, high = show(low), show(high)
    return low if low == high else f"{low}–{high}"


def counted(amount: int, noun: str) -> str:
    """``amount`` with its noun, in the singular for one: ``1 seed``, ``2 seeds``."""
    return f"{count(amount)} {noun}" if amount == 1 else f"{count(amount)} {noun}s"


def p_value(value: float) -> str:
    """A test's p-value, to two significant digits, and as a bound below 0.001: ``p = 0.031``,
    ``p < 0.001``."""
    return "p < 0.001" if value < 0.001 else f"p = {number(value, 2)}"
