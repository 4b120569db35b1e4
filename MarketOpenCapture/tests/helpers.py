"""Quotes for capture tests: a full 11-symbol book stamped at chosen instants."""
from decimal import Decimal as D

from LiveData.quotes import Quote

# symbol: (net change, bid, ask); the composite of this book is BUY (+6),
# worked out by hand in test_capture_plan.py.
BOOK = {
    "YM": ("70", "47380", "47388"),
    "ES": ("2", "6824.75", "6825.50"),
    "NQ": ("20", "25000", "25000.25"),
    "RTY": ("3", "2450.1", "2450.2"),
    "CL": ("0", "62.10", "62.11"),
    "SI": ("0.02", "48.100", "48.105"),
    "HG": ("0", "5.1000", "5.1005"),
    "GC": ("4", "4000.0", "4000.1"),
    "VX": ("-0.04", "17.20", "17.25"),
    "DX": ("0", "99.500", "99.505"),
    "ZB": ("0", "117.5", "117.53125"),
}


def book_at(ts_ms: int, shift: str = "0", symbols=None) -> list[Quote]:
    """The book stamped at ts_ms, every bid/ask moved by `shift` points."""
    move = D(shift)
    return [
        Quote(symbol=symbol, ts_ms=ts_ms, bid=D(bid) + move, ask=D(ask) + move, change=D(change),
              last=D(bid) + move, prev_close=D(bid) - D(change))
        for symbol, (change, bid, ask) in BOOK.items()
        if symbols is None or symbol in symbols
    ]
