"""The live board: the latest quote of every active instrument, its signal and the TOTAL.

Thin on purpose: the quotes come from the bus, the configuration from the
database, and every number from the rules (the same `evaluate` the capture
and the replay call), so the board and a captured session always agree.
"""
from datetime import datetime

from FutureTrading.rules.classification import signal_weight
from FutureTrading.rules.composite import Composite, SymbolReading, evaluate
from FutureTrading.rules.instruments import InstrumentSpec
from FutureTrading.services.config import instrument_specs, signal_weights, trading_config
from LiveData.bus.base import QuoteBus
from LiveData.quotes import Quote, to_ms
from LiveData.rules.staleness import is_stale, quote_age_sec
from LiveData.serialize import quote_json
from LiveData.rules.derived import derive
from thor_backend.clock import now as clock_now
from thor_backend.formats import iso_utc, price_number

QUOTE_FIELDS = (
    "bid", "ask", "last", "bid_size", "ask_size", "volume", "change", "change_percent", "prev_close", "open",
    "high_24h", "low_24h", "high_52w", "low_52w", "vwap", "spread", "ts", "age_sec", "stale",
)


def latest_quotes(bus: QuoteBus, now: datetime | None = None) -> dict:
    """`{"rows": [...], "total": {...}}` as of `now` (default: Thor's clock, as the capture reads it)."""
    now = now or clock_now()
    now_ms = to_ms(now)
    specs = instrument_specs()
    weights = signal_weights()
    stale_after_sec = trading_config().stale_quote_sec
    quotes = {symbol: quote for symbol, quote in bus.latest(list(specs)).items() if symbol in specs}
    excluded = {
        symbol: f"stale: quote {quote_age_sec(quote.ts_ms, now_ms):.0f} s old"
        for symbol, quote in quotes.items()
        if is_stale(quote.ts_ms, now_ms, stale_after_sec)
    }
    changes = {symbol: quote.net_change for symbol, quote in quotes.items()}
    readings, composite = evaluate(changes, specs, excluded, weights)
    return {
        "rows": [_row(specs[r.symbol], quotes.get(r.symbol), r, now_ms, stale_after_sec) for r in readings],
        "total": _total(composite, weights, now),
    }


def _row(spec: InstrumentSpec, quote: Quote | None, reading: SymbolReading, now_ms: int, stale_after_sec: int) -> dict:
    return {
        "instrument": {
            "symbol": spec.symbol,
            "name": spec.name,
            "tick_size": price_number(spec.tick_size),
            "display_precision": spec.display_precision,
        },
        **_quote_fields(quote, now_ms, stale_after_sec),
        "extended_data": {
            "signal": None if reading.signal is None else str(reading.signal),
            "stat_value": price_number(reading.stat_value),
            "contract_weight": price_number(reading.contract_weight),
            "signal_weight": reading.signal_weight,
        },
    }


def _quote_fields(quote: Quote | None, now_ms: int, stale_after_sec: int) -> dict:
    """The quote as the feed APIs show it, plus the seed's derived spread and change %."""
    if quote is None:
        return {**dict.fromkeys(QUOTE_FIELDS), "stale": False}
    derived = derive(
        bid=quote.bid, ask=quote.ask, last=quote.last, change=quote.net_change, prev_close=quote.prev_close,
        open=quote.open, high_24h=quote.high_24h, low_24h=quote.low_24h, high_52w=quote.high_52w,
        low_52w=quote.low_52w,
    )
    fields = quote_json(quote, now_ms, stale_after_sec)
    fields.update(
        # The change the signal was computed from: the feed's, else last − previous close.
        change=price_number(quote.net_change),
        change_percent=price_number(derived.change_percent),
        spread=price_number(derived.spread),
    )
    return {name: fields[name] for name in QUOTE_FIELDS}


def _total(composite: Composite, weights, now: datetime) -> dict:
    return {
        "sum_weighted": price_number(composite.sum_weighted),
        "avg_weighted": price_number(composite.weighted_average),
        "count": composite.instrument_count,
        "signal_weight_sum": composite.signal_weight_sum,
        "composite_signal": str(composite.signal),
        "composite_signal_weight": signal_weight(composite.signal, bear=False, weights=weights),
        "as_of": iso_utc(now),
        "status": composite.status,
    }
