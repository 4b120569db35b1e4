"""End to end on the production shape: real Redis, PostgreSQL, Celery worker and
beat, and the simulator feed, living through Tokyo's open in simulated time."""
import sys
from decimal import Decimal as D
import time
from datetime import datetime, timedelta, timezone

import pytest

from LiveData.bus import get_bus
from LiveData.quotes import to_ms
from MarketOpenCapture.models import ClockState, FutureSnapshot, MarketOpenSession, MissedCapture, OpenClaim
from MarketOpenCapture.services.clock import CLOCK_NAME

pytestmark = pytest.mark.integration

TOKYO_OPEN = datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc)
LEAD = 20  # seconds of simulated time before the open when the processes start


def wait_for(predicate, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return False


@pytest.mark.django_db(transaction=True)
def test_beat_and_worker_capture_the_open_as_of_its_instant(on_postgres, seeded, spawn, process_env, settings):
    offset = (TOKYO_OPEN - timedelta(seconds=LEAD) - datetime.now(timezone.utc)).total_seconds()
    env = {**process_env, "THOR_CLOCK_OFFSET_SEC": str(offset)}
    ClockState.objects.create(name=CLOCK_NAME, started_at=TOKYO_OPEN - timedelta(minutes=1))
    settings.REDIS_URL, settings.QUOTE_BUS_REDIS_PREFIX = env["REDIS_URL"], env["QUOTE_BUS_REDIS_PREFIX"]

    manage = [sys.executable, "manage.py"]
    spawn("feed", manage + ["run_feed", "--source", "sim", "--seed", "7", "--interval-ms", "200"], env)
    spawn("worker", [sys.executable, "-m", "celery", "-A", "thor_backend", "worker", "--loglevel", "INFO",
                     "--concurrency", "2", "-Q", env["CELERY_TASK_DEFAULT_QUEUE"],
                     "--without-gossip", "--without-mingle", "--without-heartbeat"], env)
    spawn("beat", [sys.executable, "-m", "celery", "-A", "thor_backend", "beat", "--loglevel", "INFO"], env)

    assert wait_for(lambda: MarketOpenSession.objects.filter(region="Japan").exists(), timeout=LEAD + 40)
    session = MarketOpenSession.objects.get(region="Japan")
    assert session.open_at == TOKYO_OPEN and session.capture_source == "celery"
    assert FutureSnapshot.objects.filter(session=session).count() == 12

    # The stored prices are the feed's as of the open, not of the moment the worker ran.
    ym_at_open = get_bus().as_of("YM", to_ms(TOKYO_OPEN))
    assert (session.ym_bid, session.ym_ask) == (ym_at_open.bid, ym_at_open.ask)
    es = FutureSnapshot.objects.get(session=session, symbol="ES")
    assert es.quote_at == get_bus().as_of("ES", to_ms(TOKYO_OPEN)).ts


def celery_worker(spawn, env, name="worker"):
    return spawn(name, [sys.executable, "-m", "celery", "-A", "thor_backend", "worker", "--loglevel", "INFO",
                        "--concurrency", "2", "-Q", env["CELERY_TASK_DEFAULT_QUEUE"],
                        "--without-gossip", "--without-mingle", "--without-heartbeat"], env)


@pytest.mark.django_db(transaction=True)
def test_a_spike_while_the_worker_is_dead_is_still_graded_at_its_timestamp(
        on_postgres, seeded, spawn, process_env, settings):
    import os
    import signal
    import threading

    from LiveData.quotes import Quote
    from MarketOpenCapture.tests.helpers import book_at
    from thor_backend.clock import now_ms

    offset = (TOKYO_OPEN - timedelta(seconds=8) - datetime.now(timezone.utc)).total_seconds()
    env = {**process_env, "THOR_CLOCK_OFFSET_SEC": str(offset)}
    settings.THOR_CLOCK_OFFSET_SEC = offset
    settings.REDIS_URL, settings.QUOTE_BUS_REDIS_PREFIX = env["REDIS_URL"], env["QUOTE_BUS_REDIS_PREFIX"]
    ClockState.objects.create(name=CLOCK_NAME, started_at=TOKYO_OPEN - timedelta(minutes=1))
    bus = get_bus()
    bus.publish(book_at(now_ms()))  # composite BUY

    # A quiet YM feed at 47390/47392 every 250 ms, from the test process: YM is
    # bought at 47392 (target 47412, stop 47372) and nothing touches until the spike.
    stop, spike = threading.Event(), {}

    def quiet_feed():
        while not stop.wait(0.25):
            bid = D("47420") if spike.get("now") else D("47390")
            ts = now_ms()
            bus.publish([Quote(symbol="YM", ts_ms=ts, bid=bid, ask=bid + 2)])
            if spike.pop("now", False):
                spike["at"] = ts

    feeder = threading.Thread(target=quiet_feed)
    feeder.start()
    try:
        worker = celery_worker(spawn, env)
        spawn("beat", [sys.executable, "-m", "celery", "-A", "thor_backend", "beat", "--loglevel", "INFO"], env)
        assert wait_for(lambda: MarketOpenSession.objects.filter(region="Japan", outcome="Pending").exists(), 40)
        time.sleep(2)  # the grading chain is running

        os.killpg(worker.pid, signal.SIGKILL)  # the worker dies mid-window...
        worker.wait()
        spike["now"] = True                    # ...and the target is touched for one quote while it is dead
        assert wait_for(lambda: "at" in spike, 5)
        time.sleep(2)
        celery_worker(spawn, env, name="worker-restarted")

        assert wait_for(lambda: MarketOpenSession.objects.filter(outcome="Worked").exists(), 40)
    finally:
        stop.set()
        feeder.join()
    session = MarketOpenSession.objects.get()
    assert (session.entry_price, session.target_price) == (D("47392"), D("47412"))
    assert to_ms(session.resolved_at) == spike["at"] and session.resolution_price == D("47420")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_across_the_open_still_captures_it_as_of_the_open(
        on_postgres, seeded, spawn, process_env, settings):
    import os
    import signal

    offset = (TOKYO_OPEN - timedelta(seconds=LEAD) - datetime.now(timezone.utc)).total_seconds()
    env = {**process_env, "THOR_CLOCK_OFFSET_SEC": str(offset)}
    ClockState.objects.create(name=CLOCK_NAME, started_at=TOKYO_OPEN - timedelta(minutes=1))
    settings.REDIS_URL, settings.QUOTE_BUS_REDIS_PREFIX = env["REDIS_URL"], env["QUOTE_BUS_REDIS_PREFIX"]
    settings.THOR_CLOCK_OFFSET_SEC = offset

    spawn("feed", [sys.executable, "manage.py", "run_feed", "--source", "sim", "--seed", "3",
                   "--interval-ms", "250"], env)
    worker = celery_worker(spawn, env)
    spawn("beat", [sys.executable, "-m", "celery", "-A", "thor_backend", "beat", "--loglevel", "INFO"], env)
    # The open is claimed and its capture queued on the dying worker...
    assert wait_for(lambda: OpenClaim.objects.filter(region="Japan", open_at=TOKYO_OPEN).exists(), LEAD)
    time.sleep(1)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    # ...which stays dead across the open; a new worker comes up 10 s after it.
    time.sleep(LEAD + 10)
    assert not MarketOpenSession.objects.exists()
    celery_worker(spawn, env, name="worker-restarted")

    # The lapsed claim lets the beat fire the open again, captured as of the open.
    assert wait_for(lambda: MarketOpenSession.objects.filter(region="Japan").exists(), timeout=120), \
        list(MissedCapture.objects.values("open_at", "error"))
    session = MarketOpenSession.objects.get(region="Japan")
    ym_at_open = get_bus().as_of("YM", to_ms(TOKYO_OPEN))
    assert session.open_at == TOKYO_OPEN
    assert session.captured_at - settings_real_open(settings) > timedelta(seconds=20)  # captured late...
    assert (session.ym_bid, session.ym_ask) == (ym_at_open.bid, ym_at_open.ask)  # ...as of the open


def settings_real_open(settings):
    """The wall-clock instant of Tokyo's open under the test's clock offset."""
    return TOKYO_OPEN - timedelta(seconds=settings.THOR_CLOCK_OFFSET_SEC)
