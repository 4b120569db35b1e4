"""A Quote in one line for tests: prices as text so they stay exact Decimals."""
from decimal import Decimal

from LiveData.quotes import Quote

T = 1_767_225_600_000  # 2026-01-01T00:00:00Z


def make_quote(symbol="YM", ts_ms=T, bid="47380", ask="47388", **fields) -> Quote:
    return Quote(symbol=symbol, ts_ms=ts_ms, bid=Decimal(bid), ask=Decimal(ask), **fields)
