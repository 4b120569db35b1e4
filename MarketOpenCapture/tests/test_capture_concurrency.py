"""Eight simultaneous captures of one open (threads and processes) store one session."""
import os
import subprocess
import sys
import threading
import time
from datetime import date, datetime, timezone

import pytest
from django.conf import settings
from django.db import connection

from LiveData.bus import get_bus
from LiveData.quotes import to_ms
from MarketOpenCapture.models import FutureSnapshot, MarketOpenSession
from MarketOpenCapture.services.capture import capture_open
from MarketOpenCapture.tests.helpers import book_at

OPEN = datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc)
DAY = date(2026, 11, 30)

CHILD = """
import os, sys, time, django
os.environ["DJANGO_SETTINGS_MODULE"] = "thor_backend.settings"
django.setup()
from datetime import date, datetime
from MarketOpenCapture.services.capture import capture_open
start = float(sys.argv[1])
time.sleep(max(0.0, start - time.time()))
result = capture_open("Japan", date(2026, 11, 30), datetime.fromisoformat("2026-11-30T00:00:00+00:00"))
print(result.session.pk, result.created)
"""


@pytest.mark.django_db(transaction=True)
def test_eight_racing_captures_store_exactly_one_session(on_postgres, seeded, redis_url, redis_prefix, settings):
    settings.REDIS_URL, settings.QUOTE_BUS_REDIS_PREFIX = redis_url, redis_prefix
    get_bus().publish(book_at(to_ms(OPEN) - 1))
    db = connection.settings_dict
    env = {**os.environ, "REDIS_URL": redis_url, "QUOTE_BUS_REDIS_PREFIX": redis_prefix,
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    start = time.time() + 3.0  # the children need a moment to import Django
    children = [subprocess.Popen([sys.executable, "-c", CHILD, str(start)], cwd=settings.BASE_DIR, env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]

    results, errors = [], []

    def attempt():
        time.sleep(max(0.0, start - time.time()))
        try:
            results.append(capture_open("Japan", DAY, OPEN))
        except Exception as exc:  # any error is a failure of the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outputs = [child.communicate(timeout=60) for child in children]

    assert errors == []
    assert [child.returncode for child in children] == [0, 0, 0, 0], [err for _, err in outputs]
    session = MarketOpenSession.objects.get()
    assert FutureSnapshot.objects.filter(session=session).count() == 12
    reported = {r.session.pk for r in results} | {int(out.split()[0]) for out, _ in outputs}
    assert reported == {session.pk}
    created = [r.created for r in results] + [out.split()[1] == "True" for out, _ in outputs]
    assert created.count(True) == 1
