from decimal import Decimal as D

import pytest

from FutureTrading.rules.bracket import Bracket, Side, bracket, entry_price, entry_side, ticks_for
from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from FutureTrading.rules.signals import Signal

pytestmark = pytest.mark.embedded

SPECS = {spec.symbol: spec for spec in SPEC_INSTRUMENTS}


@pytest.mark.parametrize("composite, bull, bear", [
    (Signal.STRONG_BUY, Side.BUY, Side.SELL),
    (Signal.BUY, Side.BUY, Side.SELL),
    (Signal.HOLD, None, None),
    (Signal.SELL, Side.SELL, Side.BUY),
    (Signal.STRONG_SELL, Side.SELL, Side.BUY),
])
def test_the_composite_picks_the_side_and_bear_instruments_invert_it(composite, bull, bear):
    assert entry_side(composite) == bull
    assert entry_side(composite, bear=True) == bear


def test_it_accepts_the_signal_code_as_text():
    assert entry_side("STRONG_SELL") is Side.SELL


def test_it_rejects_an_unknown_composite():
    with pytest.raises(ValueError):
        entry_side("MAYBE")


def test_a_buy_pays_the_ask_and_a_sell_receives_the_bid():
    assert entry_price(Side.BUY, D("47380"), D("47388")) == D("47388")
    assert entry_price(Side.SELL, D("47380"), D("47388")) == D("47380")
    assert entry_price(Side.BUY, D("47380"), D("47380")) == D("47380")  # a locked quote is fine


@pytest.mark.parametrize("bid, ask, error, message", [
    (D("47390"), D("47388"), ValueError, "crossed quote: ask 47388 is below bid 47390"),
    (D("0"), D("47388"), ValueError, "bid must be a positive"),
    (D("47380"), D("-1"), ValueError, "ask must be a positive"),
    (D("NaN"), D("47388"), ValueError, "bid must be a positive"),
    (47380.0, D("47388"), TypeError, "bid must be a Decimal"),
])
def test_it_rejects_crossed_or_impossible_quotes(bid, ask, error, message):
    with pytest.raises(error, match=message):
        entry_price(Side.BUY, bid, ask)


@pytest.mark.parametrize("usd, tick_value, ticks", [
    (D("100"), D("5"), 20),  # YM
    (D("100"), D("12.50"), 8),  # ES, HG
    (D("100"), D("31.25"), 3),  # ZB: 3.2 → 3
    (D("100"), D("50"), 2),  # VX
    (D("75"), D("50"), 2),  # 1.5 rounds half up
    (D("125"), D("50"), 3),  # 2.5 rounds half up
    (D("120"), D("50"), 2),  # 2.4 rounds down
    (D("10"), D("50"), 1),  # 0.2 would be 0 ticks: at least one
    (D("0.01"), D("31.25"), 1),
])
def test_ticks_are_whole_and_at_least_one(usd, tick_value, ticks):
    assert ticks_for(usd, tick_value) == ticks


@pytest.mark.parametrize("usd, tick_value", [(D("0"), D("5")), (D("100"), D("0")), (D("-100"), D("5"))])
def test_it_rejects_non_positive_dollars_or_tick_values(usd, tick_value):
    with pytest.raises(ValueError, match="must be a positive"):
        ticks_for(usd, tick_value)


def test_the_seeds_ym_example():
    # Seed: BUY at the ask 47,388 → target 47,408, stop 47,368; SELL at the bid 47,380 → 47,360 / 47,400.
    assert bracket(Side.BUY, D("47388"), SPECS["YM"]) == Bracket(
        Side.BUY, D("47388"), D("47408"), D("47368"), 20, 20, D("100"), D("100"))
    assert bracket(Side.SELL, D("47380"), SPECS["YM"]) == Bracket(
        Side.SELL, D("47380"), D("47360"), D("47400"), 20, 20, D("100"), D("100"))


# A long bracket on every instrument with the $100 defaults: ticks, target, stop and the actual dollars.
@pytest.mark.parametrize("symbol, entry, ticks, target, stop, usd", [
    ("YM", "47388", 20, "47408", "47368", "100"),  # 20 × 1
    ("ES", "6000.25", 8, "6002.25", "5998.25", "100"),  # 8 × 0.25
    ("NQ", "21000.50", 20, "21005.50", "20995.50", "100"),  # 20 × 0.25
    ("RTY", "2400.10", 20, "2402.10", "2398.10", "100"),  # 20 × 0.10
    ("CL", "70.25", 10, "70.35", "70.15", "100"),  # 10 × 0.01
    ("SI", "31.250", 4, "31.270", "31.230", "100"),  # 4 × 0.005
    ("HG", "4.5000", 8, "4.5040", "4.4960", "100"),  # 8 × 0.0005
    ("GC", "2650.0", 10, "2651.0", "2649.0", "100"),  # 10 × 0.10
    ("VX", "18.50", 2, "18.60", "18.40", "100"),  # 2 × 0.05
    ("DX", "104.250", 20, "104.350", "104.150", "100"),  # 20 × 0.005
    ("ZB", "117.5", 3, "117.59375", "117.40625", "93.75"),  # 3 × 1/32; 3 × $31.25 = $93.75
])
def test_a_buy_bracket_on_every_instrument(symbol, entry, ticks, target, stop, usd):
    result = bracket(Side.BUY, D(entry), SPECS[symbol])
    assert (result.target_ticks, result.stop_ticks) == (ticks, ticks)
    assert (result.target, result.stop) == (D(target), D(stop))
    assert (result.target_usd, result.stop_usd) == (D(usd), D(usd))


@pytest.mark.parametrize("symbol, entry, target, stop", [
    ("ES", "6000.25", "5998.25", "6002.25"),
    ("ZB", "117.5", "117.40625", "117.59375"),
    ("VX", "18.50", "18.40", "18.60"),
])
def test_a_sell_bracket_is_mirrored(symbol, entry, target, stop):
    result = bracket(Side.SELL, D(entry), SPECS[symbol])
    assert (result.target, result.stop) == (D(target), D(stop))


def test_other_dollars_give_other_whole_tick_brackets():
    result = bracket(Side.BUY, D("47388"), SPECS["YM"], take_profit_usd=D("200"), stop_loss_usd=D("50"))
    assert (result.target, result.stop, result.target_ticks, result.stop_ticks) == (D("47428"), D("47378"), 40, 10)
    assert (result.target_usd, result.stop_usd) == (D("200"), D("50"))


def test_a_tiny_bracket_is_still_one_tick():
    result = bracket(Side.SELL, D("18.50"), SPECS["VX"], take_profit_usd=D("1"), stop_loss_usd=D("1"))
    assert (result.target, result.stop, result.target_usd) == (D("18.45"), D("18.55"), D("50"))


def test_it_rejects_a_non_positive_entry():
    with pytest.raises(ValueError, match="entry"):
        bracket(Side.BUY, D("0"), SPECS["YM"])
