"""The market clock fires each due open once, and catches up what it slept through."""
from datetime import date, datetime, timedelta, timezone
from functools import partial

import pytest
from django.core.management import call_command

from LiveData.quotes import to_ms
from MarketOpenCapture.models import ClockState, MarketOpenSession, MissedCapture
from MarketOpenCapture.services.capture import capture_with_retries
from MarketOpenCapture.services.clock import CLOCK_NAME, claim, fire_due_opens
from MarketOpenCapture.tests.helpers import book_at

UTC = timezone.utc
TOKYO_OPEN = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)       # Monday 09:00 JST
SHANGHAI_OPEN = datetime(2026, 11, 30, 1, 30, tzinfo=UTC)   # Monday 09:30 CST
no_wait = partial(capture_with_retries, sleep=lambda _seconds: None)


def started(at: datetime):
    ClockState.objects.create(name=CLOCK_NAME, started_at=at)


@pytest.fixture
def bus(quote_bus, seeded):
    return quote_bus


def test_a_fresh_clock_never_claims_opens_from_before_it_started(bus):
    fired = fire_due_opens(TOKYO_OPEN + timedelta(seconds=30), fire=no_wait)
    assert fired == [] and not MissedCapture.objects.exists()
    assert ClockState.objects.get().started_at == TOKYO_OPEN + timedelta(seconds=30)


def test_it_fires_an_open_on_its_instant_and_only_once(bus):
    started(TOKYO_OPEN - timedelta(hours=1))
    bus.publish(book_at(to_ms(TOKYO_OPEN) - 1))
    assert fire_due_opens(TOKYO_OPEN - timedelta(milliseconds=1), fire=no_wait) == []
    fired = fire_due_opens(TOKYO_OPEN, fire=no_wait)
    assert [(day.region, day.open_utc) for day in fired] == [("Japan", TOKYO_OPEN)]
    session = MarketOpenSession.objects.get()
    assert (session.region, session.trading_date, session.capture_source) == ("Japan", date(2026, 11, 30), "clock")
    assert fire_due_opens(TOKYO_OPEN + timedelta(seconds=1), fire=no_wait) == []


def test_after_downtime_it_catches_up_from_the_stream_or_says_why_not(bus):
    started(datetime(2026, 11, 29, 12, 0, tzinfo=UTC))
    bus.publish(book_at(to_ms(TOKYO_OPEN) - 2_000))  # then the feed stopped too
    fire_due_opens(SHANGHAI_OPEN + timedelta(minutes=30), fire=no_wait)

    tokyo = MarketOpenSession.objects.get()
    assert (tokyo.region, tokyo.open_at, tokyo.capture_source) == ("Japan", TOKYO_OPEN, "catch-up")
    assert tokyo.ym_ask == book_at(0)[0].ask  # the prices as of the open, not of the catch-up
    missed = MissedCapture.objects.get()
    assert (missed.region, missed.open_at) == ("China", SHANGHAI_OPEN)
    assert "stale" in missed.error


def test_an_open_claimed_by_another_process_is_left_to_it(db):
    now = TOKYO_OPEN
    assert claim("Japan", TOKYO_OPEN, now)
    assert not claim("Japan", TOKYO_OPEN, now + timedelta(seconds=59))
    # The claimer died: once its lease ran out, the next tick may fire again.
    assert claim("Japan", TOKYO_OPEN, now + timedelta(seconds=61))


def test_listen_market_opens_captures_the_due_open(bus, settings):
    started(TOKYO_OPEN - timedelta(minutes=5))
    bus.publish(book_at(to_ms(TOKYO_OPEN) - 1))
    settings.THOR_CLOCK_NOW = TOKYO_OPEN + timedelta(milliseconds=200)
    call_command("listen_market_opens", "--once")
    assert MarketOpenSession.objects.filter(region="Japan", trading_date=date(2026, 11, 30)).count() == 1


def test_capture_can_be_switched_off(bus):
    from FutureTrading.models import TradingConfig

    TradingConfig.objects.update(capture_enabled=False)
    started(TOKYO_OPEN - timedelta(hours=1))
    bus.publish(book_at(to_ms(TOKYO_OPEN) - 1))
    assert fire_due_opens(TOKYO_OPEN + timedelta(seconds=1), fire=no_wait) == []
    assert not MarketOpenSession.objects.exists()
