"""Raw quotes in, stored quotes out: the one path every feed takes into the bus."""
from FutureTrading.services.config import aliases
from LiveData.bus import QuoteOrderError, get_bus
from thor_backend.clock import now_ms
from LiveData.validation import QuoteBatchError, parse_quotes


def ingest(items: list, now: int | None = None) -> int:
    """Validate and publish a batch (all or nothing); returns how many quotes were stored.

    Raises QuoteBatchError for any bad quote, including one older than what
    the bus already holds for its symbol; raises QuoteBusUnavailable when the
    bus cannot be reached (the feed should retry the same batch).
    """
    quotes = parse_quotes(items, aliases(), now_ms() if now is None else now)
    try:
        return get_bus().publish(quotes)
    except QuoteOrderError as exc:
        raise QuoteBatchError([_order_error(quotes, exc)]) from exc


def _order_error(quotes, exc: QuoteOrderError) -> dict:
    # parse_quotes keeps batch order, so a quote's position is its batch index.
    index = next(i for i, q in enumerate(quotes) if q.symbol == exc.symbol and q.ts_ms == exc.ts_ms)
    return {
        "index": index, "symbol": exc.symbol, "field": "ts",
        "message": f"older than the newest stored {exc.symbol} quote ({exc.newest_ms} ms): "
                   "a symbol's quotes are append-only in time",
    }
