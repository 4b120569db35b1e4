"""One compact text form of a quote, shared by the Redis and the database bus.

A single "|"-separated string per quote (timestamp, the prices as their exact
Decimal text, the sizes, the source last) is several times cheaper to write
and read than one field or column per value, and it keeps Decimals exact
(0.03125 stays 0.03125) on every store, SQLite included. An empty slot is
None; the source goes last so a "|" inside it needs no escaping.
"""
from decimal import Decimal
from operator import attrgetter

from LiveData.quotes import PRICE_FIELDS, SIZE_FIELDS, Quote

_SEP = "|"
_VALUES = attrgetter("ts_ms", *PRICE_FIELDS, *SIZE_FIELDS, "source")
_PRICES = len(PRICE_FIELDS)
_SLOTS = 1 + _PRICES + len(SIZE_FIELDS) + 1


def encode(quote: Quote) -> str:
    return _SEP.join(["" if value is None else str(value) for value in _VALUES(quote)])


def decode(symbol: str, text: str) -> Quote:
    parts = text.split(_SEP, _SLOTS - 1)
    if len(parts) != _SLOTS:
        raise ValueError(f"not an encoded {symbol} quote: {text[:80]!r}")
    prices = [Decimal(part) if part else None for part in parts[1:1 + _PRICES]]
    sizes = [int(part) if part else None for part in parts[1 + _PRICES:-1]]
    return Quote(symbol, int(parts[0]), *prices, *sizes, parts[-1] or None)
