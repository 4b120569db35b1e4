"""Exact scaled prices (rules/scaled.py)."""
from decimal import Decimal as D

import numpy as np
import pytest

from MarketOpenCapture.rules.scaled import from_scaled, int64_array, scale_all, to_scaled

pytestmark = pytest.mark.embedded


@pytest.mark.parametrize("bad, error", [
    (60.12, TypeError),                    # a float has already lost the exact price
    ("60.12", TypeError),
    (None, TypeError),
    (True, TypeError),
    (D("0.000000001"), ValueError),        # 9 decimal places do not fit 10^8
    (D("NaN"), ValueError),
    (D("Infinity"), ValueError),
    (D("100000000000"), ValueError),       # 10^11 × 10^8 does not fit int64
])
def test_it_rejects_prices_it_cannot_hold_exactly(bad, error):
    with pytest.raises(error):
        to_scaled(bad)


@pytest.mark.parametrize("price, scaled", [
    (D("44012"), 4_401_200_000_000),
    (D("117.53125"), 11_753_125_000),      # ZB, 1/32 ticks
    (D("60.12"), 6_012_000_000),           # CL
    (D("5.1005"), 510_050_000),            # HG
    (D("-37.63"), -3_763_000_000),         # CL did trade below zero (April 2020)
    (D("0.00000001"), 1),
    (D("44012.000"), 4_401_200_000_000),   # trailing zeros change nothing
    (7, 700_000_000),
])
def test_it_scales_exactly_and_back(price, scaled):
    assert to_scaled(price) == scaled
    assert from_scaled(scaled) == price


@pytest.mark.parametrize("scaled, text", [
    (4_400_000_000_000, "44000"),          # not 4.4E+4
    (3_125_000, "0.03125"),
    (6_012_000_000, "60.12"),
    (0, "0"),
])
def test_it_gives_prices_back_in_plain_notation(scaled, text):
    assert str(from_scaled(scaled)) == text


def test_scale_all_refuses_a_float_equal_to_a_price_already_seen():
    with pytest.raises(TypeError):
        scale_all([D(1), 1.0])


def test_scale_all_converts_repeated_prices():
    assert scale_all([D("1.5"), D("1.50"), D("2")]).tolist() == [150_000_000, 150_000_000, 200_000_000]


@pytest.mark.parametrize("bad", [[1.5, 2.0], [[1, 2]], ["1"]])
def test_int64_array_refuses_what_is_not_whole_numbers(bad):
    with pytest.raises(TypeError):
        int64_array("ts_ms", bad)


def test_int64_array_accepts_an_empty_sequence():
    assert int64_array("ts_ms", []).dtype == np.int64
