"""The QuoteBus contract, run against Redis and the database bus alike."""
from decimal import Decimal

import pytest

from LiveData.bus import QuoteOrderError, get_bus
from LiveData.tests.factories import T
from LiveData.tests.factories import make_quote as q


def bids(quotes) -> list[str]:
    return [str(quote.bid) for quote in quotes]


def test_it_returns_the_latest_quote_of_each_symbol(quote_bus):
    assert quote_bus.publish([q(ts_ms=T), q("ES", T, "6800", "6800.25"), q(ts_ms=T + 1, bid="47381")]) == 3
    latest = quote_bus.latest(["YM", "ES", "NQ"])
    assert latest == {"YM": q(ts_ms=T + 1, bid="47381"), "ES": q("ES", T, "6800", "6800.25")}
    assert quote_bus.latest([]) == {}


@pytest.mark.parametrize("at, expected_bid", [
    (T - 1, None),  # before the first quote
    (T, "1"),  # exactly at T: stamped at or before T counts
    (T + 999, "1"),  # just before the next quote
    (T + 1000, "3"),  # two quotes at the same ms: the later arrival
    (T + 1001, "3"),  # just after
    (T + 10**9, "4"),  # long after: the newest
])
def test_as_of_is_the_newest_quote_at_or_before_the_instant(quote_bus, at, expected_bid):
    quote_bus.publish([q(ts_ms=T, bid="1", ask="9"), q(ts_ms=T + 1000, bid="2", ask="9")])
    quote_bus.publish([q(ts_ms=T + 1000, bid="3", ask="9"), q(ts_ms=T + 2000, bid="4", ask="9")])
    found = quote_bus.as_of("YM", at)
    assert (found and str(found.bid)) == (expected_bid or None)
    assert quote_bus.as_of("ES", at) is None


@pytest.mark.parametrize("after, until, expected", [
    (T, T + 3000, ["2", "3", "4"]),  # T1 excluded, T2 included
    (T - 1, T + 3000, ["1", "2", "3", "4"]),
    (T, T + 2999, ["2", "3"]),  # T2 just before the last quote
    (T + 1000, T + 3000, ["4"]),  # both quotes at T+1000 are excluded
    (T + 999, T + 1000, ["2", "3"]),  # equal timestamps in arrival order
    (T + 3000, T + 9000, []),
    (T + 3000, T, []),  # an empty interval
])
def test_between_is_the_half_open_interval_oldest_first(quote_bus, after, until, expected):
    quote_bus.publish([q(ts_ms=T, bid="1", ask="9"), q(ts_ms=T + 1000, bid="2", ask="9")])
    quote_bus.publish([q(ts_ms=T + 1000, bid="3", ask="9"), q(ts_ms=T + 3000, bid="4", ask="9")])
    quote_bus.publish([q("ES", T + 2000, "6800", "6801")])
    assert bids(quote_bus.between("YM", after, until)) == expected


def test_a_batch_is_stored_in_time_order_keeping_arrival_order_for_equal_stamps(quote_bus):
    quote_bus.publish([
        q(ts_ms=T + 2, bid="3", ask="9"),
        q(ts_ms=T, bid="1", ask="9"),
        q(ts_ms=T + 2, bid="4", ask="9"),
        q(ts_ms=T, bid="2", ask="9"),
    ])
    assert bids(quote_bus.between("YM", 0, T + 2)) == ["1", "2", "3", "4"]
    assert str(quote_bus.latest(["YM"])["YM"].bid) == "4"


def test_a_quote_at_the_newest_stamp_is_appended(quote_bus):
    quote_bus.publish([q(ts_ms=T, bid="1", ask="9")])
    quote_bus.publish([q(ts_ms=T, bid="2", ask="9")])
    assert bids(quote_bus.between("YM", T - 1, T)) == ["1", "2"]
    assert str(quote_bus.as_of("YM", T).bid) == "2"


def test_an_older_quote_rejects_the_whole_batch_and_stores_nothing(quote_bus):
    quote_bus.publish([q(ts_ms=T + 1000, bid="1", ask="9")])
    with pytest.raises(QuoteOrderError) as caught:
        quote_bus.publish([q("ES", T + 2000, "6800", "6801"), q(ts_ms=T + 1500, bid="2", ask="9"),
                           q(ts_ms=T + 999, bid="3", ask="9")])
    assert (caught.value.symbol, caught.value.ts_ms, caught.value.newest_ms) == ("YM", T + 999, T + 1000)
    assert "older than the newest stored YM quote" in str(caught.value)
    assert quote_bus.latest(["YM", "ES"]) == {"YM": q(ts_ms=T + 1000, bid="1", ask="9")}
    assert bids(quote_bus.between("YM", 0, T + 10**6)) == ["1"]
    assert quote_bus.between("ES", 0, T + 10**6) == []


def test_prune_drops_old_quotes_and_keeps_the_latest(quote_bus):
    quote_bus.publish([q(ts_ms=T + i, bid=str(i + 1), ask="99") for i in range(5)])
    quote_bus.publish([q("ES", T + 1, "6800", "6801")])
    assert quote_bus.prune(T + 3) == 4  # YM at T..T+2 and ES at T+1
    assert bids(quote_bus.between("YM", 0, T + 10)) == ["4", "5"]
    assert quote_bus.as_of("YM", T + 2) is None
    assert quote_bus.as_of("ES", T + 10) is None
    assert set(quote_bus.latest(["YM", "ES"])) == {"YM", "ES"}
    with pytest.raises(QuoteOrderError):  # pruning does not reopen the past
        quote_bus.publish([q("ES", T, "6800", "6801")])


def test_old_quotes_fall_out_of_the_retention_as_new_ones_arrive(quote_bus, settings):
    settings.QUOTE_BUS_RETENTION_SEC = 3600
    bus = get_bus()
    bus.publish([q(ts_ms=T + i, bid="1", ask="9") for i in range(300)])
    bus.publish([q(ts_ms=T + 3_600_000 + 1000, bid="2", ask="9")])
    kept = bus.between("YM", 0, T + 10**8)
    # Redis trims whole stream nodes (approximate trimming), the database exactly.
    assert len(kept) < 301
    assert str(kept[-1].bid) == "2"


def test_prices_stay_exact_decimals(quote_bus):
    quote_bus.publish([q("ZB", T, "117.03125", "117.0625", change=Decimal("-0.03125")),
                       q("CL", T, "65.43", "65.44", last=Decimal("65.430"))])
    zb, cl = quote_bus.as_of("ZB", T), quote_bus.latest(["CL"])["CL"]
    assert (str(zb.bid), str(zb.ask), str(zb.change)) == ("117.03125", "117.0625", "-0.03125")
    assert (str(cl.bid), str(cl.last)) == ("65.43", "65.430")


def test_every_field_round_trips_and_none_stays_none(quote_bus):
    full = q(
        last=Decimal("47385"), change=Decimal("-120.5"), prev_close=Decimal("47505.5"), open=Decimal("47400"),
        high_24h=Decimal("47600"), low_24h=Decimal("47200"), high_52w=Decimal("48000"), low_52w=Decimal("38000"),
        vwap=Decimal("47390.25"), bid_size=3, ask_size=0, volume=123456, source="tos|excel",
    )
    bare = q("ES", T, "6800", "6800.25")
    quote_bus.publish([full, bare])
    assert quote_bus.as_of("YM", T) == full
    assert quote_bus.between("ES", T - 1, T) == [bare]
    assert quote_bus.latest(["YM", "ES"]) == {"YM": full, "ES": bare}


def test_another_process_sees_what_was_published(quote_bus):
    quote_bus.publish([q(ts_ms=T)])
    get_bus.cache_clear()  # a fresh instance, as in another process or after a restart
    other = get_bus()
    assert other is not quote_bus
    assert other.latest(["YM"]) == {"YM": q(ts_ms=T)}
    assert other.as_of("YM", T) == q(ts_ms=T)


def test_an_empty_batch_stores_nothing(quote_bus):
    assert quote_bus.publish([]) == 0
    assert quote_bus.latest(["YM"]) == {}


def test_ping_answers(quote_bus):
    quote_bus.ping()
