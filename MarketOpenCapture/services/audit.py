"""The audit trail: a session's traded-symbol quotes, packed as int64 arrays.

Prices are stored scaled by 10^8 (the grader's exact integer form) and
compressed with numpy, so 2 h of quotes take a few kilobytes and load back
straight into a QuotePath for re-grading and what-if.
"""
import io

import numpy as np

from LiveData.bus.base import QuoteBus
from MarketOpenCapture.models import AuditTrail, MarketOpenSession
from MarketOpenCapture.rules.grading import QuotePath
from MarketOpenCapture.rules.scaled import scale_all


def pack(ts_ms: np.ndarray, bid_scaled: np.ndarray, ask_scaled: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.savez_compressed(buffer, ts=ts_ms, bid=bid_scaled, ask=ask_scaled)
    return buffer.getvalue()


def unpack(data: bytes) -> QuotePath:
    with np.load(io.BytesIO(bytes(data))) as arrays:
        return QuotePath(arrays["ts"], arrays["bid"], arrays["ask"])


def bus_path(bus: QuoteBus, symbol: str, after_ms: int, until_ms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """ts, scaled bid and scaled ask of `symbol`'s quotes in (after_ms, until_ms]."""
    quotes = bus.between(symbol, after_ms, until_ms)
    ts = np.fromiter((quote.ts_ms for quote in quotes), dtype=np.int64, count=len(quotes))
    return ts, scale_all(quote.bid for quote in quotes), scale_all(quote.ask for quote in quotes)


def store_audit(session: MarketOpenSession, bus: QuoteBus, symbol: str, horizon_ms: int) -> AuditTrail:
    start_ms = int(session.open_at.timestamp() * 1000)
    end_ms = start_ms + horizon_ms
    ts, bid, ask = bus_path(bus, symbol, start_ms, end_ms)
    trail, _ = AuditTrail.objects.get_or_create(session=session, defaults={
        "symbol": symbol, "start_ms": start_ms, "end_ms": end_ms,
        "quote_count": len(ts), "data": pack(ts, bid, ask),
    })
    return trail


def audit_path(session: MarketOpenSession) -> QuotePath | None:
    trail = AuditTrail.objects.filter(session=session).only("data").first()
    return None if trail is None else unpack(trail.data)
