"""One region's day: is it a trading day, and at which UTC instants does it open and close.

The trading date is the region's local date at its open (SPEC §2). Every
instant is an aware UTC datetime. `calendar` says where the answer came
from, so nobody mistakes a guess for a fact: the exchange calendar's code,
"override" for a row of the admin's closure table, or "fallback" for plain
weekdays past the calendar library's data.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from timezones.rules.regions import RegionSpec

FALLBACK = "fallback"
OVERRIDE = "override"
WEEKEND = "Weekend"
EXCHANGE_HOLIDAY = "Exchange holiday"


@dataclass(frozen=True)
class Override:
    """A closure-table row: the admin closes a day (with a reason) or forces it open."""

    is_trading_day: bool
    reason: str = ""


@dataclass(frozen=True)
class DaySession:
    region: str
    trading_date: date
    trading_day: bool
    open_utc: datetime | None
    close_utc: datetime | None
    reason: str | None
    calendar: str


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def local_instant(region: RegionSpec, day: date, clock: time) -> datetime:
    """The UTC instant of a local wall-clock time; zoneinfo applies the DST rules."""
    return datetime.combine(day, clock, tzinfo=region.zone).astimezone(timezone.utc)


def open_session(region: RegionSpec, day: date, open_utc: datetime, close_utc: datetime,
                 calendar: str, reason: str | None = None) -> DaySession:
    return DaySession(region.key, day, True, open_utc, close_utc, reason, calendar)


def configured_session(region: RegionSpec, day: date, calendar: str,
                       reason: str | None = None) -> DaySession:
    """A trading day at the region's own configured local hours."""
    return open_session(region, day, local_instant(region, day, region.open_local),
                        local_instant(region, day, region.close_local), calendar, reason)


def closed_session(region: RegionSpec, day: date, reason: str, calendar: str) -> DaySession:
    return DaySession(region.key, day, False, None, None, reason, calendar)


def fallback_session(region: RegionSpec, day: date) -> DaySession:
    """Past the calendar's data: every weekday trades at the configured hours."""
    if is_weekend(day):
        return closed_session(region, day, WEEKEND, FALLBACK)
    return configured_session(region, day, FALLBACK)


def overridden_session(region: RegionSpec, day: date, override: Override,
                       library: DaySession | None) -> DaySession:
    """The closure table wins over the library both ways.

    A forced trading day keeps the library's hours when the library has a
    session that day (the row only confirms it), else the configured hours.
    """
    reason = override.reason or None
    if not override.is_trading_day:
        return closed_session(region, day, reason or EXCHANGE_HOLIDAY, OVERRIDE)
    if library is not None and library.trading_day:
        return open_session(region, day, library.open_utc, library.close_utc, OVERRIDE, reason)
    return configured_session(region, day, OVERRIDE, reason)
