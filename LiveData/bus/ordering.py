"""The append-only-in-time rule both buses enforce (see QuoteOrderError)."""
from collections.abc import Mapping, Sequence

from LiveData.bus.base import QuoteOrderError
from LiveData.quotes import Quote


def in_time_order(quotes: Sequence[Quote]) -> list[Quote]:
    """The batch sorted by timestamp; the sort is stable, so equal timestamps keep batch order."""
    return sorted(quotes, key=_ts)


def check_newer(ordered: Sequence[Quote], newest_ms: Mapping[str, int]) -> None:
    """Raise QuoteOrderError for the first quote older than its symbol's newest stored one."""
    for quote in ordered:
        newest = newest_ms.get(quote.symbol)
        if newest is not None and quote.ts_ms < newest:
            raise QuoteOrderError(quote.symbol, quote.ts_ms, newest)


def _ts(quote: Quote) -> int:
    return quote.ts_ms
