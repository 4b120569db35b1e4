"""What a capture decides from the quotes as of the open (SPEC §1, §3, §4)."""
from decimal import Decimal as D

import pytest

from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from LiveData.quotes import Quote
from MarketOpenCapture.rules.capture import CaptureRefused, plan_capture

pytestmark = pytest.mark.embedded

SPECS = {spec.symbol: spec for spec in SPEC_INSTRUMENTS}
T = 1_780_000_000_000  # the open instant, epoch ms
STALE_MS = 120_000

# symbol: (net change, bid, ask) chosen so each signal is known by hand.
BOOK = {
    "YM": ("70", "47380", "47388"),       # > 60: STRONG_BUY +2
    "ES": ("2", "6824.75", "6825.50"),    # > 1: BUY +1
    "NQ": ("20", "25000", "25000.25"),    # > 15: STRONG_BUY +2
    "RTY": ("3", "2450.1", "2450.2"),     # > 2.5: BUY +1
    "CL": ("0", "62.10", "62.11"),        # HOLD 0
    "SI": ("0.02", "48.100", "48.105"),   # > 0.01: BUY +1
    "HG": ("0", "5.1000", "5.1005"),      # HOLD 0
    "GC": ("4", "4000.0", "4000.1"),      # > 3: STRONG_BUY, bear: −2
    "VX": ("-0.04", "17.20", "17.25"),    # < −0.03: SELL, bear: +1
    "DX": ("0", "99.500", "99.505"),      # HOLD 0
    "ZB": ("0", "117.5", "117.53125"),    # HOLD 0
}                                         # Σ = +6 → BUY


def quotes(age_ms=1_000, **overrides):
    book = {**BOOK, **overrides}
    return {
        symbol: Quote(symbol=symbol, ts_ms=T - age_ms, bid=D(bid), ask=D(ask), change=D(change))
        for symbol, (change, bid, ask) in book.items()
    }


def test_the_composite_and_the_ym_entry_follow_the_spec():
    plan = plan_capture(T, quotes(), SPECS, stale_after_ms=STALE_MS)
    assert plan.composite.signal == "BUY"
    assert plan.composite.signal_weight_sum == 6
    assert plan.composite.instrument_count == 11
    # Σ threshold × contract weight: 60×55 + 1×6 + 15×15 + 2.5×15 + 0.01×0.06 + 3×4 − 0.03×0.3
    assert plan.composite.sum_weighted == D("3580.4916")
    assert plan.composite.weighted_average == D("21.611930")  # / 165.672
    assert (plan.entry.side, plan.entry.entry, plan.entry.target, plan.entry.stop) == (
        "BUY", D("47388"), D("47408"), D("47368"))


def test_bear_instruments_trade_against_the_composite():
    rows = {row.spec.symbol: row for row in plan_capture(T, quotes(), SPECS, stale_after_ms=STALE_MS).rows}
    vx, zb, es = rows["VX"].trade, rows["ZB"].trade, rows["ES"].trade
    assert (vx.side, vx.entry, vx.target, vx.stop, vx.target_usd) == ("SELL", D("17.20"), D("17.10"), D("17.30"), D("100"))
    # ZB: round(100 / 31.25) = 3 ticks of 1/32, worth $93.75.
    assert (zb.side, zb.target, zb.stop, zb.target_usd) == ("SELL", D("117.40625"), D("117.59375"), D("93.75"))
    assert (es.side, es.entry, es.target, es.stop) == ("BUY", D("6825.50"), D("6827.50"), D("6823.50"))


def test_a_stale_quote_is_kept_flagged_and_left_out_of_the_composite():
    book = quotes()
    book["NQ"] = Quote(symbol="NQ", ts_ms=T - STALE_MS - 1, bid=D("25000"), ask=D("25000.25"), change=D("20"))
    plan = plan_capture(T, book, SPECS, stale_after_ms=STALE_MS)
    nq = next(row for row in plan.rows if row.spec.symbol == "NQ")
    assert nq.stale and nq.quote is book["NQ"] and nq.trade is None
    assert "stale" in nq.reading.excluded_reason
    assert plan.composite.signal_weight_sum == 4 and plan.composite.instrument_count == 10


def test_a_quote_exactly_at_the_stale_limit_still_counts():
    book = quotes()
    book["NQ"] = Quote(symbol="NQ", ts_ms=T - STALE_MS, bid=D("25000"), ask=D("25000.25"), change=D("20"))
    assert plan_capture(T, book, SPECS, stale_after_ms=STALE_MS).composite.signal_weight_sum == 6


def test_a_missing_symbol_is_unclassified_not_zero():
    book = quotes()
    del book["GC"]
    plan = plan_capture(T, book, SPECS, stale_after_ms=STALE_MS)
    gc = next(row for row in plan.rows if row.spec.symbol == "GC")
    assert gc.quote is None and gc.reading.signal is None and gc.trade is None
    assert plan.composite.signal_weight_sum == 8 and plan.composite.instrument_count == 10


@pytest.mark.parametrize("ym, message", [
    (None, "no YM quote"),
    (Quote(symbol="YM", ts_ms=T - STALE_MS - 1, bid=D("47380"), ask=D("47388"), change=D("70")), "stale"),
])
def test_it_refuses_an_open_without_a_usable_ym_quote(ym, message):
    book = quotes()
    book["YM"] = ym
    with pytest.raises(CaptureRefused, match=message):
        plan_capture(T, book, SPECS, stale_after_ms=STALE_MS)


def test_a_hold_composite_makes_no_entry_anywhere():
    flat = {symbol: ("0", bid, ask) for symbol, (_, bid, ask) in BOOK.items()}
    plan = plan_capture(T, quotes(**flat), SPECS, stale_after_ms=STALE_MS)
    assert plan.composite.signal == "HOLD" and plan.entry is None
    assert all(row.trade is None for row in plan.rows)


def test_a_sell_composite_sells_ym_at_the_bid():
    down = {symbol: (str(-D(change)), bid, ask) for symbol, (change, bid, ask) in BOOK.items()}
    plan = plan_capture(T, quotes(**down), SPECS, stale_after_ms=STALE_MS)
    assert plan.composite.signal == "SELL" and plan.composite.signal_weight_sum == -6
    assert (plan.entry.side, plan.entry.entry, plan.entry.target, plan.entry.stop) == (
        "SELL", D("47380"), D("47360"), D("47400"))


def test_it_refuses_a_quote_stamped_after_the_open():
    book = quotes()
    book["ES"] = Quote(symbol="ES", ts_ms=T + 1, bid=D("1"), ask=D("2"), change=D("0"))
    with pytest.raises(ValueError, match="after the open"):
        plan_capture(T, book, SPECS, stale_after_ms=STALE_MS)
