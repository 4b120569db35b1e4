"""The embedded default's quote bus: two tables in the project's own database.

Separate processes (web, feed, listener, grader) share quotes through the
database file without Redis, and a restart loses nothing. Reads follow the
(symbol, ts_ms, id) index; `id` keeps arrival order among equal timestamps.

Publishers are serialised (SQLite: the IMMEDIATE transaction takes the write
lock up front; PostgreSQL: a transaction-scoped advisory lock), so the check
against each symbol's newest quote and the insert cannot interleave with
another batch.
"""
import zlib

from django.db import OperationalError, connections, transaction

from LiveData.bus.base import QuoteBus, QuoteBusUnavailable
from LiveData.bus.codec import decode, encode
from LiveData.bus.ordering import check_newer, in_time_order
from LiveData.models import LatestQuote, QuoteRecord

_LOCK_KEY = zlib.crc32(b"thor:quote-bus:publish")
# Retention is enforced at most this often (in quote time) by the publisher.
PRUNE_EVERY_MS = 10 * 60 * 1000


class DatabaseQuoteBus(QuoteBus):
    kind = "database"

    def __init__(self, retention_sec: int = 3 * 24 * 3600, using: str = "default"):
        self._retention_ms = max(0, retention_sec) * 1000
        self._using = using
        self._next_prune_ms: int | None = None

    def _records(self):
        return QuoteRecord.objects.using(self._using)

    def publish(self, quotes):
        if not quotes:
            return 0
        ordered = in_time_order(quotes)
        newest = {quote.symbol: quote for quote in ordered}  # the last one of each symbol wins
        try:
            with transaction.atomic(using=self._using):
                self._lock_publishers()
                stored = LatestQuote.objects.using(self._using).filter(symbol__in=newest)
                check_newer(ordered, dict(stored.values_list("symbol", "ts_ms")))
                self._records().bulk_create(
                    [QuoteRecord(symbol=q.symbol, ts_ms=q.ts_ms, payload=encode(q)) for q in ordered]
                )
                LatestQuote.objects.using(self._using).bulk_create(
                    [LatestQuote(symbol=s, ts_ms=q.ts_ms, payload=encode(q)) for s, q in newest.items()],
                    update_conflicts=True, unique_fields=["symbol"], update_fields=["ts_ms", "payload"],
                )
        except OperationalError as exc:
            raise QuoteBusUnavailable(f"database quote bus: {exc}") from exc
        self._prune_retention(ordered[-1].ts_ms)
        return len(ordered)

    def _lock_publishers(self) -> None:
        connection = connections[self._using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])

    def _prune_retention(self, newest_ms: int) -> None:
        """Keep `retention` of quote time behind the newest quote, checked every few minutes."""
        if not self._retention_ms or (self._next_prune_ms is not None and newest_ms < self._next_prune_ms):
            return
        self._next_prune_ms = newest_ms + PRUNE_EVERY_MS
        self.prune(newest_ms - self._retention_ms)

    def latest(self, symbols):
        rows = LatestQuote.objects.using(self._using).filter(symbol__in=list(symbols))
        return {symbol: decode(symbol, payload) for symbol, payload in rows.values_list("symbol", "payload")}

    def as_of(self, symbol, ts_ms):
        payload = (
            self._records().filter(symbol=symbol, ts_ms__lte=ts_ms)
            .order_by("-ts_ms", "-id").values_list("payload", flat=True).first()
        )
        return None if payload is None else decode(symbol, payload)

    def between(self, symbol, after_ms, until_ms):
        payloads = (
            self._records().filter(symbol=symbol, ts_ms__gt=after_ms, ts_ms__lte=until_ms)
            .order_by("ts_ms", "id").values_list("payload", flat=True)
        )
        return [decode(symbol, payload) for payload in payloads]

    def prune(self, before_ms):
        # Per symbol, so each delete is a range of the (symbol, ts_ms) index.
        symbols = LatestQuote.objects.using(self._using).values_list("symbol", flat=True)
        return sum(self._records().filter(symbol=symbol, ts_ms__lt=before_ms).delete()[0] for symbol in symbols)

    def ping(self):
        with connections[self._using].cursor() as cursor:
            cursor.execute("SELECT 1")
