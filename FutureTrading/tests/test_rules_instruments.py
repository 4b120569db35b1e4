from dataclasses import replace
from decimal import Decimal as D

import pytest

from FutureTrading.rules.instruments import SPEC_INSTRUMENTS, InstrumentSpec, InvalidSpec, spec_errors

pytestmark = pytest.mark.embedded

SPECS = {spec.symbol: spec for spec in SPEC_INSTRUMENTS}
YM = SPECS["YM"]


def test_it_seeds_the_eleven_spec_instruments_in_spec_order():
    assert list(SPECS) == ["YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB"]


def test_zb_ticks_in_exact_32nds():
    assert SPECS["ZB"].tick_size == D("0.03125")
    assert SPECS["ZB"].tick_value == D("31.25")
    assert isinstance(SPECS["ZB"].tick_size, D)


@pytest.mark.parametrize("symbol, tick_size, tick_value, precision, strong_buy, buy, sell, strong_sell, bear, weight", [
    ("YM", "1", "5", 0, "60", "10", "-10", "-60", False, "55"),
    ("ES", "0.25", "12.5", 2, "6", "1", "-1", "-6", False, "6"),
    ("NQ", "0.25", "5", 2, "15", "2.5", "-2.5", "-15", False, "15"),
    ("RTY", "0.1", "5", 2, "15", "2.5", "-2.5", "-15", False, "15"),
    ("CL", "0.01", "10", 2, "0.3", "0.05", "-0.05", "-0.3", False, "0.3"),
    ("SI", "0.005", "25", 3, "0.06", "0.01", "-0.01", "-0.06", False, "0.06"),
    ("HG", "0.0005", "12.5", 4, "0.012", "0.002", "-0.002", "-0.012", False, "0.012"),
    ("GC", "0.1", "10", 1, "3", "0.5", "-0.5", "-3", True, "4"),
    ("VX", "0.05", "50", 2, "0.05", "0.03", "-0.03", "-0.05", True, "0.3"),
    ("DX", "0.005", "5", 3, "30", "5", "-5", "-30", True, "35"),
    ("ZB", "0.03125", "31.25", 5, "30", "5", "-5", "-30", True, "35"),
])
def test_every_row_matches_the_spec_table(symbol, tick_size, tick_value, precision, strong_buy, buy, sell,
                                          strong_sell, bear, weight):
    spec = SPECS[symbol]
    assert (spec.tick_size, spec.tick_value, spec.display_precision) == (D(tick_size), D(tick_value), precision)
    assert (spec.strong_buy, spec.buy, spec.sell, spec.strong_sell) == (D(strong_buy), D(buy), D(sell), D(strong_sell))
    assert (spec.bear, spec.contract_weight) == (bear, D(weight))
    assert (spec.take_profit_usd, spec.stop_loss_usd) == (D(100), D(100))


@pytest.mark.parametrize("changes, field", [
    ({"tick_size": D(0)}, "tick_size"),
    ({"tick_value": D("-5")}, "tick_value"),
    ({"take_profit_usd": D(0)}, "take_profit_usd"),
    ({"stop_loss_usd": D("-1")}, "stop_loss_usd"),
    ({"tick_size": 0.25}, "tick_size"),  # a float: the exact decimal text is already lost
    ({"buy": D("NaN")}, "buy"),
    ({"buy": D("70")}, "buy"),  # Buy above Strong Buy
    ({"sell": D("11")}, "sell"),  # Sell above Buy
    ({"strong_sell": D("-5")}, "strong_sell"),  # Strong Sell above Sell
    ({"display_precision": -1}, "display_precision"),
    ({"display_precision": 11}, "display_precision"),
    ({"symbol": "ym"}, "symbol"),
    ({"symbol": ""}, "symbol"),
    ({"name": " "}, "name"),
    ({"bear": "yes"}, "bear"),
])
def test_it_rejects_an_unusable_instrument_naming_the_field(changes, field):
    values = {**vars(YM), **changes}
    assert field in spec_errors(values)
    with pytest.raises(InvalidSpec, match=field):
        InstrumentSpec(**values)


def test_equal_thresholds_are_allowed():
    spec = replace(YM, buy=D(10), strong_buy=D(10), sell=D(10), strong_sell=D(10))
    assert spec_errors(vars(spec)) == {}


def test_it_rejects_aliases_that_are_not_a_tuple_of_text():
    with pytest.raises(InvalidSpec, match="aliases"):
        replace(YM, aliases=["/YM"])
    with pytest.raises(InvalidSpec, match="aliases"):
        replace(YM, aliases=("",))
