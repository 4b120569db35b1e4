"""The audit trail: a session's traded-symbol quotes, packed as int64 arrays.

Prices are stored scaled by 10^8 (the grader's exact integer form) as
differences (time and bid from the quote before, ask from its bid), which
are small and repeat, then zlib-compressed: 2 h of one-a-second quotes take
about 3 kB and load back straight into a QuotePath for re-grading and
what-if. A bare zlib stream rather than numpy's .npz, because what-if
unpacks thousands of trails per question and an .npz costs ~0.3 ms each in
zip bookkeeping alone.

Beside the quotes, their first-touch index (rules/touch_index.py): the
records a what-if question needs, ~0.5 kB read instead of a trail
unpacked. Trails stored before the index are indexed when read (what-if).
"""
import io
import zlib

import numpy as np

from LiveData.bus.base import QuoteBus
from LiveData.bus.memory import MemoryQuoteBus
from LiveData.quotes import to_ms
from MarketOpenCapture.models import AuditTrail, MarketOpenSession
from MarketOpenCapture.rules.grading import QuotePath
from MarketOpenCapture.rules.scaled import scale_all
from MarketOpenCapture.rules.touch_index import TouchIndex


# Format tag, then zlib of three little-endian int64 arrays one after the other: the
# differences of ts and of bid from the quote before (the first from 0), and ask − bid.
PACKED = b"THD1"
# Format tag, then zlib of the index's int64 numbers as differences from the one before (mostly small).
INDEXED = b"THX1"
INT64 = np.dtype("<i8")


def pack(ts_ms: np.ndarray, bid_scaled: np.ndarray, ask_scaled: np.ndarray) -> bytes:
    ts, bid, ask = (np.asarray(values, dtype=np.int64) for values in (ts_ms, bid_scaled, ask_scaled))
    if not len(ts) == len(bid) == len(ask):
        raise ValueError(f"ts, bid and ask differ in length: {len(ts)}, {len(bid)}, {len(ask)}")
    parts = np.concatenate([np.diff(ts, prepend=0), np.diff(bid, prepend=0), ask - bid])
    return PACKED + zlib.compress(parts.astype(INT64, copy=False).tobytes(), 6)


def unpack(data: bytes) -> QuotePath:
    data = bytes(data)
    if data.startswith(PACKED):
        ts_steps, bid_steps, spreads = np.frombuffer(zlib.decompress(data[len(PACKED):]), dtype=INT64).reshape(3, -1)
        bid = np.cumsum(bid_steps)
        return QuotePath(np.cumsum(ts_steps), bid, bid + spreads)
    with np.load(io.BytesIO(data)) as arrays:  # a trail stored as .npz, before PACKED
        return QuotePath(arrays["ts"], arrays["bid"], arrays["ask"])


def pack_index(index: TouchIndex) -> bytes:
    # Differences wrap around in int64 and the cumulative sum wraps back: exact either way.
    return INDEXED + zlib.compress(np.diff(index.to_array(), prepend=0).astype(INT64, copy=False).tobytes(), 6)


def unpack_index(data: bytes) -> TouchIndex:
    data = bytes(data)
    if not data.startswith(INDEXED):
        raise ValueError("not a packed touch index")
    return TouchIndex.of_array(np.cumsum(np.frombuffer(zlib.decompress(data[len(INDEXED):]), dtype=INT64)))


def trail_fields(ts_ms: np.ndarray, bid_scaled: np.ndarray, ask_scaled: np.ndarray, open_ms: int) -> dict:
    """An AuditTrail's stored fields for quotes after `open_ms`: count, packed quotes and their index."""
    index = TouchIndex.build(QuotePath(ts_ms, bid_scaled, ask_scaled), open_ms)
    return {"quote_count": len(ts_ms), "data": pack(ts_ms, bid_scaled, ask_scaled), "touch_index": pack_index(index)}


def bus_path(bus: QuoteBus, symbol: str, after_ms: int, until_ms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ts, scaled bid and scaled ask of `symbol`'s quotes in (after_ms, until_ms]."""
    if isinstance(bus, MemoryQuoteBus):  # a replay: the arrays exist already, no Quote object per row
        return bus.scaled_between(symbol, after_ms, until_ms)
    quotes = bus.between(symbol, after_ms, until_ms)
    ts = np.fromiter((quote.ts_ms for quote in quotes), dtype=np.int64, count=len(quotes))
    return ts, scale_all(quote.bid for quote in quotes), scale_all(quote.ask for quote in quotes)


def store_audit(session: MarketOpenSession, bus: QuoteBus, symbol: str, horizon_ms: int) -> AuditTrail:
    start_ms = to_ms(session.open_at)
    end_ms = start_ms + horizon_ms
    ts, bid, ask = bus_path(bus, symbol, start_ms, end_ms)
    trail, _ = AuditTrail.objects.get_or_create(session=session, defaults={
        "symbol": symbol, "start_ms": start_ms, "end_ms": end_ms, **trail_fields(ts, bid, ask, start_ms),
    })
    return trail


def audit_path(session: MarketOpenSession) -> QuotePath | None:
    trail = AuditTrail.objects.filter(session=session).only("data").first()
    return None if trail is None else unpack(trail.data)
