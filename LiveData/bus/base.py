"""The quote bus contract shared by the Redis and the database implementations.

Processes (web, feed, listener, grader) never talk to each other directly:
the feed publishes quotes here and everybody else reads them back, either the
latest per symbol or exactly as they were at an instant.
"""
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence

from LiveData.quotes import Quote


class QuoteBus(ABC):
    @abstractmethod
    def publish(self, quotes: Sequence[Quote]) -> int:
        """Store a batch (all or nothing); returns how many were stored."""

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
        """Drop quotes older than `before_ms` (latest quotes are kept)."""

    @abstractmethod
    def ping(self) -> None:
        """Raise if the bus cannot be reached."""
