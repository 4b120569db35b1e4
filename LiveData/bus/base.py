"""The quote bus contract shared by the Redis and the database implementations.

Processes (web, feed, listener, grader) never talk to each other directly:
the feed publishes quotes here and everybody else reads them back, either the
latest per symbol or exactly as they were at an instant.
"""
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence

from LiveData.quotes import Quote


class QuoteOrderError(ValueError):
    """A quote older than the newest one already stored for its symbol.

    A symbol's quotes form an append-only series in time: grading walks them in
    order and the Redis stream IDs are their timestamps. Inserting into the
    past would silently change an as-of answer (a capture) or a first touch
    (a grade) that was already given, so such a batch is refused whole.
    """

    def __init__(self, symbol: str, ts_ms: int, newest_ms: int):
        self.symbol, self.ts_ms, self.newest_ms = symbol, ts_ms, newest_ms
        super().__init__(
            f"{symbol} quote at {ts_ms} is older than the newest stored {symbol} quote "
            f"at {newest_ms}; nothing of the batch was stored"
        )


class QuoteBusUnavailable(RuntimeError):
    """The bus cannot be reached (connection refused, timeout, database locked)."""


class QuoteBus(ABC):
    kind: str  # "redis" or "database", reported by /api/health

    @abstractmethod
    def publish(self, quotes: Sequence[Quote]) -> int:
        """Store a batch (all or nothing); returns how many were stored.

        Within a batch each symbol's quotes are stored in timestamp order
        (equal timestamps keep their batch order). Raises QuoteOrderError,
        before writing anything, when a quote is older than its symbol's
        newest stored quote.
        """

    @abstractmethod
    def latest(self, symbols: Iterable[str]) -> dict[str, Quote]:
        """The newest quote of each symbol that has one."""

    @abstractmethod
    def as_of(self, symbol: str, ts_ms: int) -> Quote | None:
        """The newest quote of `symbol` stamped at or before `ts_ms`."""

    @abstractmethod
    def between(self, symbol: str, after_ms: int, until_ms: int) -> list[Quote]:
        """All quotes of `symbol` with after_ms < ts ≤ until_ms, oldest first."""

    @abstractmethod
    def prune(self, before_ms: int) -> int:
        """Drop quotes stamped before `before_ms`; returns how many.

        `latest` keeps answering with each symbol's newest quote; `as_of` and
        `between` only see what is left.
        """

    @abstractmethod
    def ping(self) -> None:
        """Raise if the bus cannot be reached."""
