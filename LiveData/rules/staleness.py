"""When a quote is too old to trust (SPEC §3: stale_quote_sec, default 120).

The live views, the health check and the capture all ask here, so "stale"
means one thing everywhere: strictly older than the limit at the instant asked.
"""


def quote_age_sec(ts_ms: int, now_ms: int) -> float:
    """Seconds from the quote's stamp to `now_ms`, to the millisecond (negative if stamped ahead)."""
    return (now_ms - ts_ms) / 1000


def is_stale(ts_ms: int, now_ms: int, stale_after_sec: int | float) -> bool:
    return now_ms - ts_ms > stale_after_sec * 1000
