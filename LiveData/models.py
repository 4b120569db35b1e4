"""The database quote bus's tables (the embedded default's quote stream).

A quote is stored as the bus codec's compact text beside the two columns the
bus queries by (symbol, ts_ms): one short row per quote inserts several times
faster on SQLite than sixteen Decimal columns, and the text keeps every
Decimal exact on any database.
"""
from django.db import models


class QuoteRecord(models.Model):
    """Every quote, in arrival order (`id`) within its timestamp."""

    id = models.BigAutoField(primary_key=True)
    symbol = models.CharField(max_length=16)
    ts_ms = models.BigIntegerField()
    payload = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["symbol", "ts_ms", "id"], name="livedata_quote_symbol_ts")]

    def __str__(self):
        return f"{self.symbol} @ {self.ts_ms}"


class LatestQuote(models.Model):
    """The newest quote of each symbol: the live views' one-query read, and the
    append-only check's reference (pruning the records never touches it)."""

    symbol = models.CharField(max_length=16, primary_key=True)
    ts_ms = models.BigIntegerField()
    payload = models.TextField()

    def __str__(self):
        return f"{self.symbol} @ {self.ts_ms}"
