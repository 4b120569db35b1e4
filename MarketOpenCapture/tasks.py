"""Celery tasks: the beat's clock tick and the capture of one open.

Celery may deliver a task twice (acks_late, worker restarts); both tasks are
safe to repeat because the claim and the session's unique constraint decide.
"""
import logging
from datetime import date, datetime, timedelta

from celery import shared_task

from MarketOpenCapture.services.capture import capture_with_retries
from MarketOpenCapture.services.clock import claim, fire_due_opens
from thor_backend.clock import now as clock_now, real_instant
from timezones.services import opens_between

log = logging.getLogger(__name__)

# Opens this close ahead are queued with an ETA so they fire on the instant,
# not at the next tick.
LOOKAHEAD = timedelta(seconds=15)


@shared_task(acks_late=True)
def capture_market_open(region: str, trading_date: str, open_at: str, source: str = "celery") -> str:
    result = capture_with_retries(region, date.fromisoformat(trading_date), datetime.fromisoformat(open_at),
                                  source=source)
    return result.reason


def _enqueue(region, trading_date, open_at, source="celery", eta=None):
    capture_market_open.apply_async(
        args=(region, trading_date.isoformat(), open_at.isoformat(), source), eta=eta)


@shared_task
def tick_market_clock() -> int:
    """Queue the opens of the next few seconds on their instant; fire any that are overdue."""
    now = clock_now()
    queued = 0
    for day in opens_between(now, now + LOOKAHEAD):
        if now < day.open_utc and claim(day.region, day.open_utc, now):
            _enqueue(day.region, day.trading_date, day.open_utc, source="celery", eta=real_instant(day.open_utc))
            queued += 1
    return queued + len(fire_due_opens(now, fire=_enqueue))
