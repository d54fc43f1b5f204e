"""How the report writes numbers: one function per kind of quantity, so that a cost, a share or
a count reads the same in every sentence and table.

A number is rounded as it reads in the tables the rules wrote (its shortest decimal form), and
a half rounds up, as a reader rounds: a median of 6 and 7 iterations is 7, 62.5 % is 63 %. A
missing value (NaN) is ``MISSING`` wherever it is shown.
"""

import math
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
    """``value`` to ``digits`` significant digits, without trailing zeros: ``0.0873``,
    ``20000``, ``0.000997``, ``1.23e-05``; infinity (a diverged run's cost) as ``infinite``, NaN as
    ``MISSING``."""
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
        return _trimmed(f"{rounded:f}")
    mantissa, power = f"{float(rounded):.{digits - 1}e}".split("e")
    return f"{_trimmed(mantissa)}e{power}"


def _trimmed(text: str) -> str:
    """Trailing zeros after the decimal point dropped, and the point with them."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(share: float, digits: int | None = None) -> str:
    """A share as a percentage. Measured shares in whole percent (``97%``), with as many
    decimals as it takes not to read 0% or 100% for a share that is neither (``99.6%``);
    with ``digits``, that many significant digits, for a threshold as it was set
    (``1.25%``)."""
    if _missing(share):
        return MISSING
    value = float(share) * 100
    for more in range(7):
        text = f"{_rounded(value, -more):f}" if digits is None else number(value, digits + more)
        if float(text) not in (0.0, 100.0) or value in (0.0, 100.0):
            break
    return f"{text}%"


def count(value: float) -> str:
    """A whole number, such as a number of runs or an iteration (the median of two runs'
    iterations, 59.5, as 60); thousands separated from ``GROUPED_FROM`` up."""
    if _missing(value):
        return MISSING
    whole = int(_rounded(value, 0))
    return f"{whole:,}" if abs(whole) >= GROUPED_FROM else str(whole)


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


def span(low: float, high: float, digits: int = 3) -> str:
    """From ``low`` to ``high``: ``0.0771–0.103``."""
    return f"{number(low, digits)}–{number(high, digits)}"


def counted(amount: int, noun: str) -> str:
    """``amount`` with its noun, in the singular for one: ``1 seed``, ``2 seeds``."""
    return f"{count(amount)} {noun}" if amount == 1 else f"{count(amount)} {noun}s"
