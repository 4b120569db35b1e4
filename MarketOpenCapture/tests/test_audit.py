"""The audit trail keeps, beside the quotes, the first-touch index what-if reads (services/audit.py)."""
from datetime import date, datetime, timezone
from decimal import Decimal as D

import numpy as np
import pytest

from LiveData.quotes import Quote, to_ms
from MarketOpenCapture.models import AuditTrail
from MarketOpenCapture.rules.grading import TradeSpec
from MarketOpenCapture.rules.touch_index import TouchIndex
from MarketOpenCapture.services.audit import pack_index, trail_fields, unpack, unpack_index
from MarketOpenCapture.services.capture import capture_open
from MarketOpenCapture.services.grading import grade_step
from MarketOpenCapture.tests.helpers import book_at

OPEN = datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc)
T = to_ms(OPEN)
HORIZON = 7_200_000


def test_the_grader_stores_the_index_of_the_trails_quotes(quote_bus, seeded):
    quote_bus.publish(book_at(T - 1_000))
    session = capture_open("Japan", date(2026, 11, 30), OPEN, bus=quote_bus).session
    # A walk with two quotes per timestamp and a 5-minute hole in the middle.
    times = [T + 15_000 * (i // 2) + (300_000 if i > 300 else 0) for i in range(2, 900)]
    bids = 47380 + np.cumsum(np.random.default_rng(7).choice([-2, -1, 0, 1, 2], size=len(times)))
    quote_bus.publish([Quote(symbol="YM", ts_ms=at, bid=D(int(bid)), ask=D(int(bid) + 5))
                       for at, bid in zip(times, bids)])
    assert grade_step(session, quote_bus, now_ms=T + HORIZON + 60_001)  # the horizon + the feed-gap limit

    trail = AuditTrail.objects.get(session=session)
    path, index = unpack(trail.data), unpack_index(trail.touch_index)
    assert trail.start_ms == T and index.open_ms == T
    assert index.to_array().tolist() == TouchIndex.build(path, T).to_array().tolist()
    for side, up in (("BUY", 1), ("SELL", -1)):
        for ticks in (5, 20, 60):
            entry = D(47388)
            trade = TradeSpec(side, entry, entry + up * ticks, entry - up * ticks, T, 3_600_000, D(100), D(100))
            graded = path.grade(trade, observed_until_ms=trail.end_ms + 60_000, feed_gap_ms=60_000)
            assert index.grade(trade, observed_until_ms=trail.end_ms + 60_000, feed_gap_ms=60_000) == graded


@pytest.mark.embedded
def test_a_packed_index_comes_back_exactly():
    extreme = 2**63 - 1  # the largest scaled price: the differences wrap around in int64 and back
    ts = np.array([T + 1, T + 1, T + 90_000], dtype=np.int64)
    fields = trail_fields(ts, np.array([-extreme, extreme, 5]), np.array([-extreme, extreme, 7]), T)
    index = unpack_index(fields["touch_index"])
    assert fields["quote_count"] == 3
    assert index.to_array().tolist() == TouchIndex.build(unpack(fields["data"]), T).to_array().tolist()
    assert unpack_index(pack_index(index)).to_array().tolist() == index.to_array().tolist()


@pytest.mark.embedded
def test_bytes_that_are_not_an_index_are_refused():
    with pytest.raises(ValueError, match="not a packed touch index"):
        unpack_index(b"THD1" + b"\x00" * 8)
