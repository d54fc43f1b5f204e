"""How sure a verdict is: the exact tests behind every comparison and count the report makes.

A claim that one initialization beats another is tested on runs paired by seed (the same
setting and seed number for both) with the exact sign test: the pairs where the claimed better
is lower count for the claim, those where it is higher against it, and exact ties (two diverged
runs, two that never reach a threshold) are left out. A claim that something happens in most
runs (He trains where Xavier stalls, the sharpness stays at 2/η) is the exact binomial test of
the share of runs against one half. Both are one-sided, as the claims are: a claim holds when
the test for it rejects at ``SIGNIFICANCE``, does not hold when the test for the opposite does
(or every pair is tied), and otherwise this many seeds cannot tell. Neither test assumes
anything about how costs are distributed: final costs of different initializations differ by
orders of magnitude, and diverge to infinity.

A claim made of several comparisons that must all hold (per setting, per pair of methods) holds
only when each does, each at ``SIGNIFICANCE``: an intersection-union test, which needs no
correction for the number of comparisons.
"""

import math
from dataclasses import dataclass

# The one-sided significance level of every test, and the confidence of the intervals, whose
# ends are the one-sided bounds at this level: 90% two-sided.
SIGNIFICANCE = 0.05
INTERVAL_CONFIDENCE = 1 - 2 * SIGNIFICANCE

HOLDS, DOES_NOT_HOLD, CANNOT_TELL = "holds", "does_not_hold", "cannot_tell"

# Past this many seeds, "how many would tell" is not worth a number.
MOST_SEEDS_PROJECTED = 10_000


def _log_binomial(k: int, n: int, p: float) -> float:
    """log P(X = k) for X ~ Binomial(n, p), 0 < p < 1."""
    return (
        math.lgamma(n + 1)
        - math.lgamma(k + 1)
        - math.lgamma(n - k + 1)
        + k * math.log(p)
        + (n - k) * math.log1p(-p)
    )


def at_least(k: int, n: int, p: float = 0.5) -> float:
    """P(X ≥ k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if p <= 0 or p >= 1:
        return float(p >= 1)
    return min(1.0, sum(math.exp(_log_binomial(i, n, p)) for i in range(k, n + 1)))


def fewest_decisive() -> int:
    """The fewest outcomes for which the one-sided test can reject at all: all going one way
    (5 at 5%, as 0.5⁵ ≈ 0.031)."""
    return math.ceil(math.log(SIGNIFICANCE) / math.log(0.5))


def _bound(k: int, n: int, lower: bool) -> float:
    """The exact (Clopper–Pearson) one-sided bound at ``SIGNIFICANCE`` on the share behind
    ``k`` of ``n``: the share at which seeing ``k`` or more (fewer, for the upper bound) would
    happen with probability ``SIGNIFICANCE``, found by bisection."""
    if lower and k == 0:
        return 0.0
    if not lower and k == n:
        return 1.0
    low, high = 0.0, 1.0
    for _ in range(60):
        middle = (low + high) / 2
        if lower:
            too_high = at_least(k, n, middle) > SIGNIFICANCE
        else:
            too_high = 1 - at_least(k + 1, n, middle) < SIGNIFICANCE
        low, high = (low, middle) if too_high else (middle, high)
    return (low + high) / 2


@dataclass(frozen=True)
class Count:
    """``successes`` of ``trials`` runs (or cells) where something happened, tested against
    the claim that it happens in most of them."""

    successes: int
    trials: int

    @property
    def share(self) -> float:
        return self.successes / self.trials if self.trials else math.nan

    @property
    def p_most(self) -> float:
        """One-sided p-value of "more than half": P(this many or more | half)."""
        return at_least(self.successes, self.trials)

    @property
    def p_fewest(self) -> float:
        """One-sided p-value of "fewer than half"."""
        return at_least(self.trials - self.successes, self.trials)

    @property
    def interval(self) -> tuple[float, float]:
        """The exact ``INTERVAL_CONFIDENCE`` interval on the share."""
        return (
            _bound(self.successes, self.trials, lower=True),
            _bound(self.successes, self.trials, lower=False),
        )

    @property
    def verdict(self) -> str:
        """Whether it happens in most: ``HOLDS``, ``DOES_NOT_HOLD`` or ``CANNOT_TELL``."""
        if self.trials and self.p_most <= SIGNIFICANCE:
            return HOLDS
        if self.trials and self.p_fewest <= SIGNIFICANCE:
            return DOES_NOT_HOLD
        return CANNOT_TELL


@dataclass(frozen=True)
class SignTest:
    """Two methods' runs paired by seed: in ``lower`` pairs the claimed better one's value
    was lower, in ``higher`` higher, and in ``ties`` the two were equal."""

    lower: int
    higher: int
    ties: int

    @property
    def pairs(self) -> int:
        return self.lower + self.higher + self.ties

    @property
    def decisive(self) -> Count:
        """The untied pairs, counting those that go the claim's way."""
        return Count(self.lower, self.lower + self.higher)

    @property
    def p_value(self) -> float:
        """One-sided p-value of the claim that the first is lower."""
        return self.decisive.p_most

    @property
    def verdict(self) -> str:
        if self.lower + self.higher == 0:
            return DOES_NOT_HOLD if self.ties >= fewest_decisive() else CANNOT_TELL
        return self.decisive.verdict

    def seeds_needed(self) -> int | None:
        """How many seeds would decide the claim, either way, if further pairs split as these
        did (ties included): the fewest whose share of wins would reach ``SIGNIFICANCE``;
        None when these split evenly, or it would take more than ``MOST_SEEDS_PROJECTED``."""
        leading = max(self.lower, self.higher)
        decisive = self.lower + self.higher
        if self.verdict != CANNOT_TELL or leading * 2 == decisive:
            return None
        untied, won = decisive / self.pairs, leading / decisive
        for seeds in range(self.pairs + 1, MOST_SEEDS_PROJECTED + 1):
            outcomes = math.floor(seeds * untied)
            if at_least(math.ceil(outcomes * won), outcomes) <= SIGNIFICANCE:
                return seeds
        return None


def sign_test(first: list[float], second: list[float]) -> SignTest:
    """The sign test of "``first`` lower than ``second``", pair by pair (equal lengths)."""
    if len(first) != len(second):
        raise ValueError(f"paired values differ in number: {len(first)} and {len(second)}")
    pairs = list(zip(first, second, strict=True))
    lower = sum(a < b for a, b in pairs)
    higher = sum(a > b for a, b in pairs)
    return SignTest(lower, higher, len(pairs) - lower - higher)
