"""Capturing an open from the quote bus, once, as of the open instant (SPEC §3)."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D

import pytest

from LiveData.quotes import to_ms
from MarketOpenCapture.models import FutureSnapshot, MarketOpenSession, MissedCapture
from MarketOpenCapture.rules.capture import CaptureRefused
from MarketOpenCapture.services.capture import capture_open, capture_with_retries
from MarketOpenCapture.tests.helpers import book_at

OPEN = datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc)  # Tokyo 09:00 on Monday 2026-11-30
DAY = date(2026, 11, 30)
T = to_ms(OPEN)


@pytest.fixture
def bus(quote_bus, seeded):
    return quote_bus


def test_it_stores_the_session_and_12_snapshots_as_of_the_open(bus):
    bus.publish(book_at(T - 5_000))              # as of the open
    bus.publish(book_at(T + 1, shift="50"))      # one millisecond after: must not be used
    result = capture_open("Japan", DAY, OPEN, bus=bus)

    assert result.created
    session = MarketOpenSession.objects.get()
    assert (session.region, session.trading_date, session.day_name) == ("Japan", DAY, "Monday")
    assert session.open_at == OPEN
    assert (session.composite_signal, session.signal_weight_sum) == ("BUY", 6)
    assert (session.entry_side, session.entry_price, session.target_price, session.stop_price) == (
        "BUY", D("47388"), D("47408"), D("47368"))
    assert (session.ym_bid, session.ym_ask, session.ym_spread) == (D("47380"), D("47388"), D("8"))
    assert session.outcome == "Pending" and session.evaluation_window_sec == 1800

    rows = {row.symbol: row for row in FutureSnapshot.objects.filter(session=session)}
    assert len(rows) == 12
    assert rows["ES"].bid == D("6824.75") and rows["ES"].signal == "BUY"
    assert rows["ES"].quote_at == OPEN - timedelta(seconds=5)
    assert rows["ZB"].trade_side == "SELL" and rows["ZB"].trade_target_usd == D("93.75")
    assert rows["TOTAL"].signal == "BUY" and rows["TOTAL"].instrument_count == 11
    assert rows["TOTAL"].sum_weighted == D("3580.4916")


def test_a_hold_is_resolved_at_capture_as_no_entry(bus):
    flat = [q.__class__(**{**{f: getattr(q, f) for f in q.__slots__}, "change": D("0")}) for q in book_at(T - 1)]
    bus.publish(flat)
    session = capture_open("Japan", DAY, OPEN, bus=bus).session
    assert (session.outcome, session.pnl_usd, session.resolved_at, session.entry_side) == (
        "No Entry", D("0"), OPEN, None)


def test_a_duplicate_open_event_is_a_no_op(bus):
    bus.publish(book_at(T - 1))
    first = capture_open("Japan", DAY, OPEN, bus=bus)
    again = capture_open("Japan", DAY, OPEN, bus=bus)
    assert not again.created and again.session.pk == first.session.pk
    assert MarketOpenSession.objects.count() == 1 and FutureSnapshot.objects.count() == 12


def test_a_missing_ym_is_retried_then_recorded_as_missed(bus):
    bus.publish(book_at(T - 1, symbols={"ES", "NQ"}))
    sleeps = []
    result = capture_with_retries("Japan", DAY, OPEN, bus=bus, sleep=sleeps.append)
    assert result.session is None and "no YM quote" in result.reason
    assert sleeps == [2.0, 2.0]  # three attempts, two seconds apart
    missed = MissedCapture.objects.get()
    assert (missed.region, missed.open_at, missed.attempts) == ("Japan", OPEN, 3)
    assert MarketOpenSession.objects.count() == 0


def test_a_retry_that_finds_the_quote_captures(bus):
    def quote_arrives(_delay):
        bus.publish(book_at(T - 1))

    result = capture_with_retries("Japan", DAY, OPEN, bus=bus, sleep=quote_arrives)
    assert result.created and not MissedCapture.objects.exists()


def test_a_stale_ym_refuses_the_capture(bus):
    bus.publish(book_at(T - 121_000))
    with pytest.raises(CaptureRefused, match="stale"):
        capture_open("Japan", DAY, OPEN, bus=bus)
    assert MarketOpenSession.objects.count() == 0


def test_the_region_window_override_is_stored(bus):
    from timezones.models import Market

    Market.objects.filter(key="Japan").update(evaluation_window_sec=900)
    bus.publish(book_at(T - 1))
    assert capture_open("Japan", DAY, OPEN, bus=bus).session.evaluation_window_sec == 900
