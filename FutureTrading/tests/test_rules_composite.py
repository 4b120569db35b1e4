from dataclasses import replace
from decimal import Decimal as D

import pytest

from FutureTrading.rules.composite import Composite, composite_signal, evaluate
from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from FutureTrading.rules.signals import DEFAULT_SIGNAL_WEIGHTS, Signal

pytestmark = pytest.mark.embedded

SPECS = {spec.symbol: spec for spec in SPEC_INSTRUMENTS}
SB, B, H, S, SS = Signal.STRONG_BUY, Signal.BUY, Signal.HOLD, Signal.SELL, Signal.STRONG_SELL

# One change per instrument; the comment gives signal, weight, stat value × contract weight.
CHANGES = {
    "YM": D("75"),  # STRONG_BUY  +2   60 × 55 = 3300
    "ES": D("7"),  # STRONG_BUY  +2   6 × 6 = 36
    "NQ": D("20"),  # STRONG_BUY  +2   15 × 15 = 225
    "RTY": D("3"),  # BUY  +1   2.5 × 15 = 37.5
    "CL": D("-0.05"),  # HOLD (exactly at Sell)  0   0
    "SI": D("-0.02"),  # SELL  -1   -0.01 × 0.06 = -0.0006
    "HG": D("-0.012"),  # STRONG_SELL (exactly at Strong Sell)  -2   -0.012 × 0.012 = -0.000144
    "GC": D("4"),  # STRONG_BUY, bear  -2   3 × 4 = 12
    "VX": D("-0.04"),  # SELL, bear  +1   -0.03 × 0.3 = -0.009
    "DX": D("-31"),  # STRONG_SELL, bear  +2   -30 × 35 = -1050
    "ZB": D("6"),  # BUY, bear  -1   5 × 35 = 175
}
# Σ weights = 2+2+2+1+0-1-2-2+1+2-1 = 4 → BUY
# Σ stat × weight = 2735.490256; Σ|contract weight| = 165.672; 2735.490256 / 165.672 = 16.51148206…


@pytest.mark.parametrize("weight_sum, expected", [
    (22, SB),
    (10, SB),  # above 9
    (9, B),
    (4, B),
    (3, H),
    (0, H),
    (-3, H),
    (-4, S),
    (-9, S),
    (-10, SS),  # below -9
    (-22, SS),
])
def test_composite_bands(weight_sum, expected):
    assert composite_signal(weight_sum) == expected


@pytest.mark.parametrize("weight_sum", [4.0, "4", True])
def test_it_rejects_a_weight_sum_that_is_not_an_integer(weight_sum):
    with pytest.raises(TypeError):
        composite_signal(weight_sum)


def test_a_full_eleven_symbol_example_worked_by_hand():
    readings, composite = evaluate(CHANGES, SPECS)
    assert composite == Composite(
        signal=B,
        signal_weight_sum=4,
        sum_weighted=D("2735.490256"),
        weighted_average=D("16.511482"),
        instrument_count=11,
        status="LIVE TOTAL",
    )
    assert [(r.symbol, r.signal, r.signal_weight) for r in readings] == [
        ("YM", SB, 2), ("ES", SB, 2), ("NQ", SB, 2), ("RTY", B, 1), ("CL", H, 0), ("SI", S, -1),
        ("HG", SS, -2), ("GC", SB, -2), ("VX", S, 1), ("DX", SS, 2), ("ZB", B, -1),
    ]
    assert [r.stat_value for r in readings] == [
        D("60"), D("6"), D("15"), D("2.5"), D("0"), D("-0.01"), D("-0.012"), D("3"), D("-0.03"), D("-30"), D("5"),
    ]
    ym = readings[0]
    assert (ym.change, ym.contract_weight, ym.excluded_reason, ym.counted) == (D("75"), D("55"), None, True)


def test_a_stale_symbol_is_classified_but_left_out_of_every_total():
    readings, composite = evaluate(CHANGES, SPECS, excluded={"YM": "stale: quote 300 s old"})
    # Without YM: weights 4 - 2 = 2 → HOLD; sum 2735.490256 - 3300 = -564.509744;
    # Σ|w| 165.672 - 55 = 110.672; -564.509744 / 110.672 = -5.10074584…
    assert composite == Composite(H, 2, D("-564.509744"), D("-5.100746"), 10)
    ym = readings[0]
    assert (ym.signal, ym.signal_weight, ym.stat_value) == (SB, 2, D("60"))
    assert (ym.excluded_reason, ym.counted) == ("stale: quote 300 s old", False)


def test_symbols_without_a_change_are_listed_unclassified_and_not_counted():
    readings, composite = evaluate({"YM": D("11"), "ES": None}, SPECS)
    assert [r.symbol for r in readings] == list(SPECS)
    assert [r.signal for r in readings[1:]] == [None] * 10
    es = readings[1]
    assert (es.change, es.signal_weight, es.stat_value, es.counted) == (None, None, None, False)
    # Only YM: BUY, weight 1, 10 × 55 = 550, 550 / 55 = 10.
    assert composite == Composite(H, 1, D("550"), D("10.000000"), 1)


def test_nothing_classified_gives_a_hold_with_a_zero_average():
    readings, composite = evaluate({}, SPECS)
    assert composite == Composite(H, 0, D("0"), D("0"), 0)
    assert len(readings) == 11


def test_the_average_is_rounded_half_up_to_six_places():
    tiny = {"YM": replace(SPECS["YM"], buy=D("0.0000005"), sell=D("-0.0000005"))}
    _, up = evaluate({"YM": D("1")}, tiny)  # BUY, stat 0.0000005 × 55 / 55
    _, down = evaluate({"YM": D("-1")}, tiny)  # SELL, stat -0.0000005
    assert (up.weighted_average, down.weighted_average) == (D("0.000001"), D("-0.000001"))


def test_only_the_weight_sum_decides_the_signal():
    # ZB alone at Strong Buy: a positive sum_weighted, but the bear weight -2 → HOLD, not BUY.
    _, composite = evaluate({"ZB": D("31")}, {"ZB": SPECS["ZB"]})
    assert (composite.signal, composite.signal_weight_sum, composite.sum_weighted) == (H, -2, D("1050"))


def test_configured_signal_weights_are_used():
    weights = {**DEFAULT_SIGNAL_WEIGHTS, SB: 5}
    _, composite = evaluate({"YM": D("75"), "ES": D("7")}, SPECS, weights=weights)
    assert (composite.signal, composite.signal_weight_sum) == (SB, 10)


def test_the_result_follows_the_order_of_the_specs():
    order = {symbol: SPECS[symbol] for symbol in ("ZB", "YM", "ES")}
    readings, _ = evaluate({"YM": D("1")}, order)
    assert [r.symbol for r in readings] == ["ZB", "YM", "ES"]


@pytest.mark.parametrize("changes, excluded, message", [
    ({"AAPL": D("1")}, {}, "change given for symbols that are not active instruments: AAPL"),
    ({}, {"XX": "stale"}, "exclusion given for symbols that are not active instruments: XX"),
    ({}, {"YM": ""}, "exclusion of YM needs a reason"),
    ({"YM": 1.5}, {}, "YM net change must be a Decimal"),
])
def test_it_rejects_bad_input_with_a_clear_error(changes, excluded, message):
    with pytest.raises((ValueError, TypeError), match=message):
        evaluate(changes, SPECS, excluded)


def test_it_rejects_specs_filed_under_the_wrong_symbol():
    with pytest.raises(ValueError, match="'ES' to the instrument 'YM'"):
        evaluate({}, {"ES": SPECS["YM"]})
