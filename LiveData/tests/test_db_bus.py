"""What only the database bus does (the shared behaviour is in test_bus_contract)."""
import threading

import pytest
from django.db import connection, transaction

from LiveData.bus import QuoteOrderError
from LiveData.bus.db_bus import DatabaseQuoteBus
from LiveData.models import QuoteRecord
from LiveData.tests.factories import T, make_quote


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_older_batch_waits_for_the_newer_one_and_is_rejected(on_postgres):
    bus = DatabaseQuoteBus()
    outcome = {}

    def publish_older():
        try:
            bus.publish([make_quote(ts_ms=T + 5)])
            outcome["result"] = "stored"
        except QuoteOrderError:
            outcome["result"] = "rejected"
        finally:
            connection.close()

    with transaction.atomic():
        bus.publish([make_quote(ts_ms=T + 10)])  # holds the publish lock until commit
        other = threading.Thread(target=publish_older)
        other.start()
        other.join(timeout=0.5)
        assert other.is_alive()  # waiting for the lock, not reading the uncommitted head
    other.join(timeout=5)
    assert outcome == {"result": "rejected"}
    assert list(QuoteRecord.objects.values_list("ts_ms", flat=True)) == [T + 10]


@pytest.mark.embedded
@pytest.mark.django_db
def test_records_are_compact_text_rows():
    DatabaseQuoteBus().publish([make_quote(ts_ms=T, volume=5)])
    assert list(QuoteRecord.objects.values_list("symbol", "ts_ms", "payload")) == [
        ("YM", T, "1767225600000|47380|47388||||||||||||5|"),
    ]
