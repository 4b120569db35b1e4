"""A quote bus held in memory as numpy arrays: what a replay reads its files into.

A replay has every quote before it starts, so each symbol's quotes sit in
arrays sorted by time: `as_of` and `between` are binary searches, and
`scaled_between` hands the grader the bid/ask arrays directly instead of one
`Quote` object per row (which is what lets a month of quotes replay in
seconds). Each price is kept twice: as the exact Decimal the source gave (one
per distinct value, for `Quote` objects) and as int64 × 10^8 for vector work,
exact because the feed edge admits at most 8 decimal places.
"""
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from LiveData.bus.base import QuoteBus, QuoteOrderError
from LiveData.quotes import PRICE_FIELDS, SIZE_FIELDS, Quote
from LiveData.validation import MAX_DECIMALS

SCALE_DIGITS = MAX_DECIMALS
OPTIONAL_FIELDS = (*(name for name in PRICE_FIELDS if name not in ("bid", "ask")), *SIZE_FIELDS, "source")
ABSENT = -1


def scaled(price: Decimal) -> int:
    """`price` × 10^8 as an exact int; ValueError for a price the edge would not have admitted."""
    value = price.scaleb(SCALE_DIGITS)
    if value != value.to_integral_value():
        raise ValueError(f"price {price} has more than {SCALE_DIGITS} decimal places")
    return int(value)


@dataclass(frozen=True)
class Column:
    """One quote field of a series: per row an index into `values`, ABSENT (-1) where the quote has none."""

    codes: np.ndarray
    values: Sequence

    def value(self, row: int):
        code = int(self.codes[row])
        if code == ABSENT:
            return None
        value = self.values[code]
        return int(value) if isinstance(value, np.integer) else value

    @classmethod
    def of(cls, cells: Sequence) -> "Column":
        """A column of Python values (None = absent), each distinct value stored once.

        Distinct as written: 65.43 and 65.430 are equal Decimals but both are kept as given.
        """
        index: dict[str, int] = {}
        values = []
        codes = []
        for cell in cells:
            if cell is None:
                codes.append(ABSENT)
                continue
            code = index.setdefault(str(cell), len(values))
            if code == len(values):
                values.append(cell)
            codes.append(code)
        return cls(np.array(codes, dtype=np.int64), values)

    def then(self, later: "Column") -> "Column":
        shifted = np.where(later.codes == ABSENT, ABSENT, later.codes + len(self.values))
        arrays = isinstance(self.values, np.ndarray) and isinstance(later.values, np.ndarray)
        values = np.concatenate([self.values, later.values]) if arrays else [*self.values, *later.values]
        return Column(np.concatenate([self.codes, shifted]), values)

    def slice(self, start: int, stop: int | None = None) -> "Column":
        return Column(self.codes[start:stop], self.values)


@dataclass(frozen=True)
class Series:
    """One symbol's quotes in time order (equal timestamps keep their arrival order).

    `bid` and `ask` are the scaled prices; `columns` holds every Quote field
    but symbol and ts, bid and ask included, as the exact values.
    """

    ts: np.ndarray
    bid: np.ndarray
    ask: np.ndarray
    columns: dict[str, Column]

    def __post_init__(self):
        lengths = {len(self.bid), len(self.ask), *(len(column.codes) for column in self.columns.values())}
        if lengths - {len(self.ts)}:
            raise ValueError(f"a series' arrays differ in length: {len(self.ts)} timestamps, columns {lengths}")
        if len(self.ts) > 1 and (self.ts[1:] < self.ts[:-1]).any():
            raise ValueError("a series must be in time order")

    def __len__(self) -> int:
        return len(self.ts)

    def quote(self, symbol: str, row: int) -> Quote:
        fields = {name: column.value(row) for name, column in self.columns.items()}
        return Quote(symbol=symbol, ts_ms=int(self.ts[row]), **fields)

    def slice(self, start: int, stop: int | None = None) -> "Series":
        return Series(self.ts[start:stop], self.bid[start:stop], self.ask[start:stop],
                      {name: column.slice(start, stop) for name, column in self.columns.items()})

    def then(self, later: "Series") -> "Series":
        return Series(np.concatenate([self.ts, later.ts]), np.concatenate([self.bid, later.bid]),
                      np.concatenate([self.ask, later.ask]),
                      {name: column.then(later.columns[name]) for name, column in self.columns.items()})

    @classmethod
    def of(cls, quotes: Sequence[Quote]) -> "Series":
        """The series of one symbol's quotes, sorted by time (a stable sort: equal times keep their order)."""
        quotes = sorted(quotes, key=lambda quote: quote.ts_ms)
        columns = {name: Column.of([getattr(quote, name) for quote in quotes])
                   for name in ("bid", "ask", *OPTIONAL_FIELDS)}
        return cls(
            ts=np.array([quote.ts_ms for quote in quotes], dtype=np.int64),
            bid=np.array([scaled(quote.bid) for quote in quotes], dtype=np.int64),
            ask=np.array([scaled(quote.ask) for quote in quotes], dtype=np.int64),
            columns=columns,
        )


class MemoryQuoteBus(QuoteBus):
    """The QuoteBus contract over per-symbol `Series`; one process, no persistence."""

    kind = "memory"

    def __init__(self, series: dict[str, Series] | None = None):
        self._series: dict[str, Series] = {symbol: held for symbol, held in (series or {}).items() if len(held)}
        # The newest quote of a symbol whose series was pruned away: `latest` still answers with it.
        self._pruned_newest: dict[str, Quote] = {}

    def _newest_ms(self, symbol: str) -> int | None:
        series = self._series.get(symbol)
        if series is not None:
            return int(series.ts[-1])
        pruned = self._pruned_newest.get(symbol)
        return None if pruned is None else pruned.ts_ms

    def publish(self, quotes: Sequence[Quote]) -> int:
        by_symbol: dict[str, list[Quote]] = {}
        for quote in quotes:
            by_symbol.setdefault(quote.symbol, []).append(quote)
        for symbol, batch in by_symbol.items():
            newest = self._newest_ms(symbol)
            oldest = min(quote.ts_ms for quote in batch)
            if newest is not None and oldest < newest:
                raise QuoteOrderError(symbol, oldest, newest)
        additions = {symbol: Series.of(batch) for symbol, batch in by_symbol.items()}
        for symbol, series in additions.items():
            stored = self._series.get(symbol)
            self._series[symbol] = series if stored is None else stored.then(series)
            self._pruned_newest.pop(symbol, None)
        return len(quotes)

    def latest(self, symbols: Iterable[str]) -> dict[str, Quote]:
        found = {}
        for symbol in symbols:
            series = self._series.get(symbol)
            if series is not None:
                found[symbol] = series.quote(symbol, len(series) - 1)
            elif symbol in self._pruned_newest:
                found[symbol] = self._pruned_newest[symbol]
        return found

    def as_of(self, symbol: str, ts_ms: int) -> Quote | None:
        series = self._series.get(symbol)
        if series is None:
            return None
        row = int(np.searchsorted(series.ts, ts_ms, side="right")) - 1
        return None if row < 0 else series.quote(symbol, row)

    def _rows(self, symbol: str, after_ms: int, until_ms: int) -> tuple[Series | None, int, int]:
        series = self._series.get(symbol)
        if series is None:
            return None, 0, 0
        start = int(np.searchsorted(series.ts, after_ms, side="right"))
        stop = int(np.searchsorted(series.ts, until_ms, side="right"))
        return series, start, max(start, stop)

    def between(self, symbol: str, after_ms: int, until_ms: int) -> list[Quote]:
        series, start, stop = self._rows(symbol, after_ms, until_ms)
        return [] if series is None else [series.quote(symbol, row) for row in range(start, stop)]

    def scaled_between(self, symbol: str, after_ms: int, until_ms: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """ts, bid and ask (× 10^SCALE_DIGITS) of the quotes `between` would return, as array views."""
        series, start, stop = self._rows(symbol, after_ms, until_ms)
        if series is None:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        return series.ts[start:stop], series.bid[start:stop], series.ask[start:stop]

    def prune(self, before_ms: int) -> int:
        dropped = 0
        for symbol, series in list(self._series.items()):
            gone = int(np.searchsorted(series.ts, before_ms, side="left"))
            if gone == len(series):
                self._pruned_newest[symbol] = series.quote(symbol, gone - 1)
                del self._series[symbol]
            elif gone:
                self._series[symbol] = series.slice(gone)
            dropped += gone
        return dropped

    def ping(self) -> None:
        return None

    def symbols(self) -> list[str]:
        return list(self._series)

    def count(self) -> int:
        """How many quotes are held."""
        return sum(len(series) for series in self._series.values())

    def span(self) -> tuple[int, int] | None:
        """The first and the last timestamp held, over every symbol (None when empty)."""
        held = self._series.values()
        if not held:
            return None
        return min(int(series.ts[0]) for series in held), max(int(series.ts[-1]) for series in held)
