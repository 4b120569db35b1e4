"""The in-memory quote bus a replay reads its files into: the QuoteBus contract, and the array fast path."""
from decimal import Decimal

import numpy as np
import pytest

from LiveData.bus.memory import MemoryQuoteBus
from LiveData.tests.factories import T
from LiveData.tests.factories import make_quote as q
# The contract every bus keeps, run here against the memory bus (the retention and
# cross-process cases are about the shared buses and do not apply).
from LiveData.tests.test_bus_contract import (  # noqa: F401
    test_a_batch_is_stored_in_time_order_keeping_arrival_order_for_equal_stamps,
    test_a_quote_at_the_newest_stamp_is_appended,
    test_an_empty_batch_stores_nothing,
    test_an_older_quote_rejects_the_whole_batch_and_stores_nothing,
    test_as_of_is_the_newest_quote_at_or_before_the_instant,
    test_between_is_the_half_open_interval_oldest_first,
    test_every_field_round_trips_and_none_stays_none,
    test_it_returns_the_latest_quote_of_each_symbol,
    test_ping_answers,
    test_prices_stay_exact_decimals,
    test_prune_drops_old_quotes_and_keeps_the_latest,
)
from MarketOpenCapture.rules.scaled import scale_all
from MarketOpenCapture.services.audit import bus_path

pytestmark = pytest.mark.embedded


@pytest.fixture
def quote_bus():
    return MemoryQuoteBus()


def test_scaled_between_is_what_the_grader_makes_of_between(quote_bus):
    quote_bus.publish([q("ZB", T + i * 1000, bid, ask) for i, (bid, ask) in enumerate(
        [("117.5", "117.53125"), ("117.03125", "117.0625"), ("99.99999999", "100")])])
    ts, bid, ask = quote_bus.scaled_between("ZB", T - 1, T + 1000)
    quotes = quote_bus.between("ZB", T - 1, T + 1000)
    assert list(ts) == [T, T + 1000]
    assert list(bid) == list(scale_all(quote.bid for quote in quotes)) == [11_750_000_000, 11_703_125_000]
    assert list(ask) == list(scale_all(quote.ask for quote in quotes))


def test_the_grader_reads_the_arrays_without_quote_objects(quote_bus, monkeypatch):
    quote_bus.publish([q(ts_ms=T + 1, bid="47380", ask="47381")])
    monkeypatch.setattr(quote_bus, "between", lambda *args: pytest.fail("between() was called"))
    ts, bid, ask = bus_path(quote_bus, "YM", T, T + 10)
    assert (list(ts), list(bid), list(ask)) == ([T + 1], [4_738_000_000_000], [4_738_100_000_000])


def test_an_unknown_symbol_has_no_quotes(quote_bus):
    ts, bid, ask = quote_bus.scaled_between("NQ", 0, T)
    assert len(ts) == len(bid) == len(ask) == 0 and ts.dtype == np.int64
    assert quote_bus.as_of("NQ", T) is None and quote_bus.between("NQ", 0, T) == []


def test_it_reports_its_span_and_count(quote_bus):
    assert quote_bus.span() is None and quote_bus.count() == 0
    quote_bus.publish([q(ts_ms=T + 5), q("ES", T + 2, "6800", "6800.25"), q(ts_ms=T + 9)])
    assert quote_bus.span() == (T + 2, T + 9)
    assert quote_bus.count() == 3
    assert sorted(quote_bus.symbols()) == ["ES", "YM"]


def test_a_price_with_more_than_eight_decimals_is_refused(quote_bus):
    with pytest.raises(ValueError, match="more than 8 decimal places"):
        quote_bus.publish([q(bid="1.000000001", ask="2")])
    assert quote_bus.count() == 0


def test_prune_of_every_quote_keeps_latest_and_the_order_guard(quote_bus):
    quote_bus.publish([q(ts_ms=T, bid="1", ask="2", volume=7)])
    assert quote_bus.prune(T + 1) == 1
    assert quote_bus.count() == 0 and quote_bus.as_of("YM", T + 5) is None
    assert quote_bus.latest(["YM"])["YM"].volume == 7
    quote_bus.publish([q(ts_ms=T + 1, bid="3", ask="4")])
    assert quote_bus.latest(["YM"])["YM"].bid == Decimal("3")
