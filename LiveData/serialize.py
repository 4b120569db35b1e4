"""A quote as the read APIs show it; the snapshot and the event stream share it."""
from LiveData.quotes import PRICE_FIELDS, SIZE_FIELDS, Quote
from LiveData.rules.staleness import is_stale, quote_age_sec
from thor_backend.formats import iso_utc, price_number


def quote_json(quote: Quote, now_ms: int, stale_after_sec: int | float) -> dict:
    data = {"symbol": quote.symbol, "ts": iso_utc(quote.ts)}
    for name in PRICE_FIELDS:
        data[name] = price_number(getattr(quote, name))
    for name in SIZE_FIELDS:
        data[name] = getattr(quote, name)
    data["source"] = quote.source
    data["age_sec"] = quote_age_sec(quote.ts_ms, now_ms)
    data["stale"] = is_stale(quote.ts_ms, now_ms, stale_after_sec)
    return data
