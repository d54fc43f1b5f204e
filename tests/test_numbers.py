"""The report's one way of writing each kind of number."""

import numpy as np
import pytest

from initbench.report.numbers import (
    MISSING,
    configured,
    configured_percent,
    count,
    counted,
    iteration,
    median_count,
    number,
    p_value,
    percent,
    span,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0873, "0.0873"),
        (0.081, "0.0810"),  # read to the same precision as 0.0925 beside it
        (0.693147, "0.693"),
        (400.0, "400"),
        (0.5, "0.500"),
        (0.00123, "0.00123"),
        (0.000997, "0.000997"),  # a trained cost
        (1.234e-5, "1.23e-05"),  # below 0.0001: spreads that span decades
        (2e-5, "2.00e-05"),
        (1234.5, "1230"),  # positional, not 1.23e+03
        (20000.0, "20000"),
        (999.7, "1000"),
        (2.5e6, "2.50e+06"),
        (-0.5, "-0.500"),
        (0.0, "0"),
        (np.float64(0.1), "0.100"),
        (np.int64(3), "3.00"),
    ],
)
def test_numbers_have_three_significant_digits_trailing_zeros_included(value, text):
    assert number(value) == text


def test_more_digits_infinity_and_missing():
    assert number(0.6931471805599453, 6) == "0.693147"
    assert number(np.inf) == "∞" and number(-np.inf) == "-∞"
    assert number(np.inf, infinite="∞ (diverged)") == "∞ (diverged)"
    assert number(np.nan) == MISSING == "—"
    assert number(None) == MISSING


def test_shares_read_in_whole_percent_unless_that_reads_none_or_all():
    assert percent(0.97) == "97%"
    assert percent(11 / 12) == "92%"
    assert percent(1.0) == "100%" and percent(0.0) == "0%"
    # Not all and not none: as many decimals as it takes to say so.
    assert percent(0.996) == "99.6%"
    assert percent(0.9996) == "99.96%"
    assert percent(0.004) == "0.4%"
    assert percent(np.nan) == MISSING


def test_thresholds_read_as_they_were_set():
    assert configured_percent(0.0125) == "1.25%"
    assert configured_percent(0.004) == "0.4%"
    assert configured_percent(0.75) == "75%"
    assert configured_percent(1 - 0.9) == "10%"  # not 9.99999999999998%


def test_p_values_have_two_digits_and_a_floor():
    assert p_value(1 / 32) == "p = 0.031"
    assert p_value(0.5) == "p = 0.50"
    assert p_value(1 / 1024) == "p < 0.001"


def test_a_half_rounds_up_as_a_reader_rounds():
    assert count(6.5) == "7" and count(382.5) == "383"  # medians of two runs' iterations
    assert percent(0.625) == "63%" and percent(0.875) == "88%"
    assert number(0.125, 2) == "0.13" and number(2.675, 3) == "2.68"


def test_counts_are_whole_and_grouped_from_ten_thousand():
    assert count(59.5) == "60"
    assert count(3) == "3" and count(np.int64(1000)) == "1000"
    assert count(67_500) == "67,500"
    assert count(np.nan) == MISSING


def test_a_median_count_keeps_its_half():
    assert median_count(6.0) == "6" and median_count(0.5) == "0.5"
    assert median_count(12_345.5) == "12,345.5"


def test_an_iteration_that_never_comes_is_named():
    assert iteration(382.0) == "382"
    assert iteration(np.inf) == "never"
    assert iteration(np.nan, never="most runs never") == "most runs never"


def test_configured_values_spans_and_nouns():
    assert configured(0.01) == "0.01" and configured(1e-5) == "1e-05"
    assert configured(0.0003) == "0.0003"
    assert span(0.0771, 0.1027) == "0.0771–0.103"
    assert span(0.693147, 0.69314701, lambda value: number(value, 6)) == "0.693147"
    assert span(0.5, 0.9, percent) == "50%–90%"
    assert counted(1, "seed") == "1 seed" and counted(2, "seed") == "2 seeds"
