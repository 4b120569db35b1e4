"""Server-Sent Events of latest-quote changes, by polling the bus.

Polling `latest` (a single hash or table read) works the same on both buses
and costs little at four reads a second; a quote that is replaced between two
polls is skipped here, which is fine for a live display (grading reads the
full stream from the bus, never this feed).
"""
import json
import logging
import time
from collections.abc import Iterator, Sequence

from LiveData.bus import QuoteBus, QuoteBusUnavailable
from thor_backend.clock import now_ms
from LiveData.serialize import quote_json

log = logging.getLogger(__name__)

POLL_SEC = 0.25
HEARTBEAT_SEC = 15.0
RECONNECT_MS = 2000


def quote_events(
    bus: QuoteBus,
    symbols: Sequence[str],
    stale_after_sec: int | float,
    max_seconds: float | None = None,
    poll_sec: float = POLL_SEC,
    heartbeat_sec: float = HEARTBEAT_SEC,
    clock=time.monotonic,
    sleep=time.sleep,
) -> Iterator[str]:
    """SSE text: each symbol's current quote first, then every change, plus heartbeat comments."""
    started = clock()
    deadline = None if max_seconds is None else started + max_seconds
    next_heartbeat = started + heartbeat_sec
    sent: dict = {}
    yield f"retry: {RECONNECT_MS}\n\n"
    while True:
        try:
            latest = bus.latest(symbols)
        except QuoteBusUnavailable as exc:
            log.warning("quote stream ends: %s", exc)
            yield _event("error", {"error": "quote bus unavailable"})
            return
        now = now_ms()
        for symbol in symbols:
            quote = latest.get(symbol)
            if quote is not None and sent.get(symbol) != quote:
                sent[symbol] = quote
                yield _event("quote", quote_json(quote, now, stale_after_sec))
        moment = clock()
        if deadline is not None and moment >= deadline:
            return
        if moment >= next_heartbeat:
            next_heartbeat = moment + heartbeat_sec
            yield ": heartbeat\n\n"
        sleep(poll_sec if deadline is None else min(poll_sec, deadline - moment))


def _event(name: str, data: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"
