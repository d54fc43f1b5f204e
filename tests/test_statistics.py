"""The exact tests behind the report's verdicts, on made-up outcomes whose answers are known."""

import math

import pytest

from initbench.analysis.statistics import (
    CANNOT_TELL,
    DOES_NOT_HOLD,
    HOLDS,
    Count,
    SignTest,
    at_least,
    fewest_decisive,
    sign_test,
)


def test_the_binomial_tail_is_the_plain_sum():
    for n in range(0, 12):
        for k in range(0, n + 2):
            plain = sum(math.comb(n, i) for i in range(k, n + 1)) / 2**n
            assert at_least(k, n) == pytest.approx(plain, abs=1e-12)
    assert at_least(2, 3, 0.3) == pytest.approx(3 * 0.3**2 * 0.7 + 0.3**3)


def test_five_seeds_all_one_way_are_the_fewest_that_decide():
    assert fewest_decisive() == 5
    assert sign_test([1.0] * 5, [2.0] * 5).verdict == HOLDS
    assert sign_test([1.0] * 4, [2.0] * 4).verdict == CANNOT_TELL


@pytest.mark.parametrize(
    ("first", "second", "verdict"),
    [
        # A clear win: lower in every one of ten seeds.
        ([0.1 * s for s in range(1, 11)], [1 + s for s in range(10)], HOLDS),
        # A clear loss.
        ([5.0] * 10, [1.0] * 10, DOES_NOT_HOLD),
        # A tie: lower in five, higher in five.
        ([1, 3, 1, 3, 1, 3, 1, 3, 1, 3], [2] * 10, CANNOT_TELL),
        # One seed, however large the difference.
        ([0.001], [100.0], CANNOT_TELL),
        # Every seed equal: no difference to claim.
        ([0.5] * 6, [0.5] * 6, DOES_NOT_HOLD),
        # Ties in the data (two diverged runs) are left out: 6 of the 6 untied pairs win.
        ([math.inf, math.inf, 1, 1, 1, 1, 1, 1], [math.inf, math.inf, 2, 2, 2, 2, 2, 2], HOLDS),
    ],
)
def test_sign_test_verdicts(first, second, verdict):
    assert sign_test(first, second).verdict == verdict


def test_ties_are_counted_apart():
    test = sign_test([math.inf, 1.0, 3.0], [math.inf, 2.0, 2.0])
    assert (test.lower, test.higher, test.ties, test.pairs) == (1, 1, 1, 3)
    assert test.p_value == pytest.approx(0.75)


def test_a_few_equal_seeds_cannot_tell():
    assert sign_test([0.5, 0.5], [0.5, 0.5]).verdict == CANNOT_TELL


def test_paired_values_must_pair():
    with pytest.raises(ValueError, match="differ in number: 2 and 1"):
        sign_test([1.0, 2.0], [1.0])


def test_seeds_needed_projects_the_observed_split():
    # One seed that wins: five that all win would decide.
    assert SignTest(1, 0, 0).seeds_needed() == 5
    # 4 of 5: at that rate 7 of 8 would (p = 9/256 = 0.035), 6 of 7 would not (p = 0.0625).
    assert SignTest(4, 1, 0).seeds_needed() == 8
    assert at_least(7, 8) <= 0.05 < at_least(6, 7)
    # Leaning against the claim projects the other way just the same.
    assert SignTest(1, 4, 0).seeds_needed() == 8
    # Half the pairs tied: twice the seeds for as many untied ones.
    assert SignTest(1, 0, 1).seeds_needed() == 10
    # An even split, or a decided claim, projects nothing.
    assert SignTest(3, 3, 0).seeds_needed() is None
    assert SignTest(5, 0, 0).seeds_needed() is None


def test_count_intervals_are_the_exact_one_sided_bounds():
    low, high = Count(5, 5).interval
    assert low == pytest.approx(0.05 ** (1 / 5), abs=1e-9) and high == 1.0
    low, high = Count(0, 10).interval
    assert low == 0.0 and high == pytest.approx(1 - 0.05 ** (1 / 10), abs=1e-9)
    # Each bound puts the chance of the observed count or beyond at the significance level.
    low, high = Count(7, 10).interval
    assert at_least(7, 10, low) == pytest.approx(0.05, abs=1e-9)
    assert 1 - at_least(8, 10, high) == pytest.approx(0.05, abs=1e-9)


@pytest.mark.parametrize(
    ("successes", "trials", "verdict"),
    [
        (5, 5, HOLDS),
        (4, 5, CANNOT_TELL),
        (8, 10, CANNOT_TELL),
        (9, 10, HOLDS),
        (0, 5, DOES_NOT_HOLD),
        (1, 1, CANNOT_TELL),
        (0, 0, CANNOT_TELL),
    ],
)
def test_counts_hold_when_most_is_more_than_chance(successes, trials, verdict):
    found = Count(successes, trials)
    assert found.verdict == verdict
    if trials:
        low, high = found.interval
        assert (low > 0.5) == (verdict == HOLDS)
        assert (high < 0.5) == (verdict == DOES_NOT_HOLD)
