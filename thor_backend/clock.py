"""The one place Thor reads the time.

Views, the market clock, the grader and the feed ask `now()`; every service
below them takes `now` as a parameter. Two settings move the clock:

- THOR_CLOCK_NOW (tests): an aware datetime, or a zero-argument callable
  returning one, read on every call, so it reaches code that imported `now`.
- THOR_CLOCK_OFFSET_SEC (environment): seconds added to the real time, the
  same in every process, so a whole installation (web, feed, Celery worker
  and beat) can live through a chosen market open in simulated time.
"""
from datetime import datetime, timedelta, timezone

from django.conf import settings


def _offset() -> timedelta:
    return timedelta(seconds=getattr(settings, "THOR_CLOCK_OFFSET_SEC", 0.0))


def now() -> datetime:
    fixed = getattr(settings, "THOR_CLOCK_NOW", None)
    if fixed is None:
        return datetime.now(timezone.utc) + _offset()
    moment = fixed() if callable(fixed) else fixed
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise ValueError(f"THOR_CLOCK_NOW must give a timezone-aware datetime, got {moment!r}")
    return moment.astimezone(timezone.utc)


def now_ms() -> int:
    """`now()` in UTC epoch milliseconds (the quotes' time base)."""
    from LiveData.quotes import to_ms

    return to_ms(now())


def real_instant(moment: datetime) -> datetime:
    """The wall-clock instant at which Thor's clock shows `moment` (for Celery ETAs)."""
    return moment - _offset()
