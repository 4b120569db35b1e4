"""The quote: one validated bid/ask observation of one instrument.

Everything past the feed edge handles `Quote` objects only: the symbol is
already normalised (no aliases), prices are exact Decimals as the feed gave
them, and the timestamp is UTC epoch milliseconds, so ordering and as-of
lookups are plain integer comparisons.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

PRICE_FIELDS = (
    "bid", "ask", "last", "change", "prev_close", "open",
    "high_24h", "low_24h", "high_52w", "low_52w", "vwap",
)
SIZE_FIELDS = ("bid_size", "ask_size", "volume")


@dataclass(frozen=True, slots=True)
class Quote:
    symbol: str
    ts_ms: int
    bid: Decimal
    ask: Decimal
    last: Decimal | None = None
    change: Decimal | None = None
    prev_close: Decimal | None = None
    open: Decimal | None = None
    high_24h: Decimal | None = None
    low_24h: Decimal | None = None
    high_52w: Decimal | None = None
    low_52w: Decimal | None = None
    vwap: Decimal | None = None
    bid_size: int | None = None
    ask_size: int | None = None
    volume: int | None = None
    source: str | None = None

    @property
    def ts(self) -> datetime:
        return from_ms(self.ts_ms)

    @property
    def net_change(self) -> Decimal | None:
        """The feed's net change, else last − previous close (SPEC §1)."""
        if self.change is not None:
            return self.change
        if self.last is not None and self.prev_close is not None:
            return self.last - self.prev_close
        return None


def to_ms(moment: datetime) -> int:
    """UTC epoch milliseconds of an aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: Thor only handles timezone-aware instants")
    # Integer arithmetic: float timestamps can land one millisecond short.
    return (moment - EPOCH) // timedelta(milliseconds=1)


def from_ms(ts_ms: int) -> datetime:
    return EPOCH + timedelta(milliseconds=ts_ms)


