from decimal import Decimal as D

import pytest

from FutureTrading.rules.classification import classify, signal_weight, stat_value
from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from FutureTrading.rules.signals import DEFAULT_SIGNAL_WEIGHTS, Signal

pytestmark = pytest.mark.embedded

SPECS = {spec.symbol: spec for spec in SPEC_INSTRUMENTS}
SB, B, H, S, SS = Signal.STRONG_BUY, Signal.BUY, Signal.HOLD, Signal.SELL, Signal.STRONG_SELL


@pytest.mark.parametrize("symbol, change, expected", [
    # YM: Strong Buy > 60, Buy > 10, Sell < -10, Strong Sell <= -60
    ("YM", "61", SB),
    ("YM", "60.01", SB),
    ("YM", "60", B),  # exactly at Strong Buy is only a Buy (strict >)
    ("YM", "11", B),
    ("YM", "10", H),  # exactly at Buy is a Hold (strict >)
    ("YM", "0", H),
    ("YM", "-10", H),  # exactly at Sell is still a Hold (>=)
    ("YM", "-10.01", S),
    ("YM", "-59", S),
    ("YM", "-60", SS),  # exactly at Strong Sell is a Strong Sell (<=)
    ("YM", "-522", SS),
    # ES: 6 / 1 / -1 / -6
    ("ES", "6.25", SB),
    ("ES", "6", B),
    ("ES", "1.25", B),
    ("ES", "1", H),
    ("ES", "-1", H),
    ("ES", "-1.25", S),
    ("ES", "-5.75", S),
    ("ES", "-6", SS),
    # HG: 0.012 / 0.002 / -0.002 / -0.012
    ("HG", "0.0125", SB),
    ("HG", "0.012", B),
    ("HG", "0.0025", B),
    ("HG", "0.002", H),
    ("HG", "-0.002", H),
    ("HG", "-0.0025", S),
    ("HG", "-0.0115", S),
    ("HG", "-0.012", SS),
    # VX (bear, the label is not flipped): 0.05 / 0.03 / -0.03 / -0.05
    ("VX", "0.055", SB),
    ("VX", "0.05", B),
    ("VX", "0.03", H),
    ("VX", "-0.03", H),
    ("VX", "-0.035", S),
    ("VX", "-0.05", SS),
    # ZB, in 32nds: 30 / 5 / -5 / -30
    ("ZB", "30.03125", SB),
    ("ZB", "30", B),
    ("ZB", "5.03125", B),
    ("ZB", "5", H),
    ("ZB", "-5", H),
    ("ZB", "-5.03125", S),
    ("ZB", "-29.96875", S),
    ("ZB", "-30", SS),
])
def test_it_classifies_every_threshold_edge(symbol, change, expected):
    assert classify(D(change), SPECS[symbol]) == expected


def test_an_integer_change_is_classified_like_a_decimal():
    assert classify(61, SPECS["YM"]) == SB


def test_no_change_means_no_signal():
    assert classify(None, SPECS["YM"]) is None


@pytest.mark.parametrize("change, error", [
    (10.5, TypeError),  # float: never classify a number that lost its decimal text
    ("11", TypeError),
    (True, TypeError),
    (D("NaN"), ValueError),
    (D("Infinity"), ValueError),
])
def test_it_rejects_a_change_that_is_not_a_finite_decimal(change, error):
    with pytest.raises(error, match="YM net change"):
        classify(change, SPECS["YM"])


@pytest.mark.parametrize("signal, bull, bear", [
    (SB, 2, -2),
    (B, 1, -1),
    (H, 0, 0),
    (S, -1, 1),
    (SS, -2, 2),
])
def test_bear_instruments_flip_the_weight(signal, bull, bear):
    assert signal_weight(signal, bear=False) == bull
    assert signal_weight(signal, bear=True) == bear


def test_configured_weights_replace_the_defaults():
    weights = {**DEFAULT_SIGNAL_WEIGHTS, Signal.STRONG_BUY: 3}
    assert signal_weight(SB, bear=False, weights=weights) == 3
    assert signal_weight(SB, bear=True, weights=weights) == -3


def test_weights_keyed_by_the_code_text_work_too():
    assert signal_weight(S, bear=True, weights={"SELL": -1}) == 1


def test_it_names_a_signal_without_a_weight():
    with pytest.raises(ValueError, match="BUY"):
        signal_weight(B, bear=False, weights={Signal.HOLD: 0})


def test_the_default_weights_cannot_be_changed_by_a_caller():
    with pytest.raises(TypeError):
        DEFAULT_SIGNAL_WEIGHTS[Signal.BUY] = 5


@pytest.mark.parametrize("symbol, signal, expected", [
    ("YM", SB, "60"),
    ("YM", B, "10"),
    ("YM", H, "0"),
    ("YM", S, "-10"),
    ("YM", SS, "-60"),
    ("HG", B, "0.002"),
    ("GC", SS, "-3"),  # bear: the threshold keeps its sign
])
def test_stat_value_is_the_threshold_of_the_chosen_signal(symbol, signal, expected):
    assert stat_value(signal, SPECS[symbol]) == D(expected)


def test_signal_codes_are_the_api_codes():
    assert [str(signal) for signal in Signal] == ["STRONG_BUY", "BUY", "HOLD", "SELL", "STRONG_SELL"]
