"""What only the Redis bus does (the shared behaviour is in test_bus_contract)."""
import pytest
import redis

from LiveData.bus import QuoteBusUnavailable, QuoteOrderError
from LiveData.bus.redis_bus import RedisQuoteBus
from LiveData.tests.factories import T, make_quote


@pytest.fixture
def bus(redis_url, redis_prefix):
    return RedisQuoteBus(redis_url, prefix=redis_prefix)


def test_quotes_live_in_a_stream_per_symbol_with_timestamp_ids(bus, redis_url, redis_prefix):
    bus.publish([make_quote(ts_ms=T), make_quote(ts_ms=T), make_quote("ES", T + 5, "6800", "6801")])
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    assert [entry_id for entry_id, _ in client.xrange(f"{redis_prefix}quotes:YM")] == [f"{T}-0", f"{T}-1"]
    assert client.hkeys(f"{redis_prefix}quotes:latest") == ["YM", "ES"]


def test_the_stream_itself_still_guards_the_order_if_the_latest_hash_is_lost(bus, redis_url, redis_prefix):
    bus.publish([make_quote(ts_ms=T + 10)])
    redis.Redis.from_url(redis_url).delete(f"{redis_prefix}quotes:latest")
    with pytest.raises(QuoteOrderError):
        bus.publish([make_quote("ES", T, "6800", "6801"), make_quote(ts_ms=T + 9)])
    assert bus.latest(["YM", "ES"]) == {}


def test_an_unreachable_redis_is_reported_as_unavailable():
    bus = RedisQuoteBus("redis://127.0.0.1:1/0")
    with pytest.raises(QuoteBusUnavailable, match="unreachable"):
        bus.latest(["YM"])
