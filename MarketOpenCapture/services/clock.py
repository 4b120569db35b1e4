"""The market clock: which opens are due, and firing each one exactly once.

Open instants come from the exchange calendars in UTC (never local-time
crontabs, which break across DST). One function, `fire_due_opens`, serves the
single-process listener and the Celery beat tick alike: it scans the opens
since the clock started (bounded by the quote bus retention, beyond which no
as-of-open prices exist), skips those already captured or recorded as missed,
claims the rest with a lease and captures them. Run again after downtime, it
catches up what was slept through.
"""
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from FutureTrading.services.config import trading_config
from MarketOpenCapture.models import ClockState, MarketOpenSession, MissedCapture, OpenClaim
from MarketOpenCapture.services.capture import CaptureResult, capture_with_retries
from timezones.services import opens_between

log = logging.getLogger(__name__)

CLOCK_NAME = "market-clock"
CLAIM_LEASE = timedelta(seconds=60)


def clock_started_at(now: datetime) -> datetime:
    state, created = ClockState.objects.get_or_create(name=CLOCK_NAME, defaults={"started_at": now})
    if created:
        log.info("market clock starts watching at %s", now.isoformat())
    return state.started_at


def pending_opens(now: datetime) -> list:
    """Opens in (watch start, now] with neither a live session nor a MissedCapture."""
    horizon = now - timedelta(seconds=settings.QUOTE_BUS_RETENTION_SEC)
    since = max(clock_started_at(now), horizon)
    if since >= now:
        return []
    opens = opens_between(since, now)
    opens = [day for day in opens if since < day.open_utc <= now]
    if not opens:
        return []
    done = set(MarketOpenSession.objects.filter(run=None, open_at__gt=since).values_list("region", "trading_date"))
    missed = set(MissedCapture.objects.filter(run=None, open_at__gt=since).values_list("region", "open_at"))
    return [day for day in opens
            if (day.region, day.trading_date) not in done and (day.region, day.open_utc) not in missed]


def claim(region: str, open_at: datetime, now: datetime) -> bool:
    """Take the lease on one open; False when another process holds it."""
    try:
        with transaction.atomic():
            OpenClaim.objects.create(region=region, open_at=open_at, lease_until=now + CLAIM_LEASE)
        return True
    except IntegrityError:
        taken = OpenClaim.objects.filter(region=region, open_at=open_at, lease_until__lt=now).update(
            lease_until=now + CLAIM_LEASE, fired=F("fired") + 1)
        return taken == 1


def fire_due_opens(
    now: datetime,
    *,
    fire: Callable[..., CaptureResult | None] | None = None,
) -> list:
    """Claim and fire every open that is due; returns the opens fired.

    `fire(region, trading_date, open_at, source=...)` defaults to capturing in
    this process; the Celery tick passes a function that enqueues the capture.
    """
    if not trading_config().capture_enabled:
        log.warning("capture is switched off in the trading config: opens are not captured")
        return []
    fire = fire or capture_with_retries
    fired = []
    for day in pending_opens(now):
        if not claim(day.region, day.open_utc, now):
            continue
        late = (now - day.open_utc).total_seconds()
        source = "catch-up" if late > CLAIM_LEASE.total_seconds() else "clock"
        if source == "catch-up":
            log.warning("catching up the %s open at %s (%.0f s late): capturing as of the open",
                        day.region, day.open_utc.isoformat(), late)
        fire(day.region, day.trading_date, day.open_utc, source=source)
        fired.append(day)
    return fired


def next_open_after(now: datetime, lookahead: timedelta = timedelta(days=5)) -> datetime | None:
    upcoming = [day.open_utc for day in opens_between(now, now + lookahead) if day.open_utc > now]
    return min(upcoming, default=None)
