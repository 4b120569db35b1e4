"""The calendar service: trading days and open/close instants of any region on any date.

Trading days, opens and closes (early closes included) come from
exchange_calendars; time zones from zoneinfo. The library only holds data
for a limited span (XSHG and XBOM stop at 2026-12-31 in 4.13.2, the others
about a year ahead of the day the calendar is built) and raises past it.
There Thor does not guess silently: it falls back to weekdays minus the
closure table at the region's configured hours, labels those days
"fallback", and logs a warning once per region naming the last covered date.

Django-free: the caller passes the regions and the closure overrides.
"""
import logging
import re
import warnings
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import exchange_calendars as xc
import pandas as pd

from timezones.rules.regions import SPEC_REGIONS, RegionSpec
from timezones.rules.sessions import (
    EXCHANGE_HOLIDAY, WEEKEND, DaySession, Override, closed_session, configured_session,
    fallback_session, is_weekend, open_session, overridden_session,
)

log = logging.getLogger(__name__)

Overrides = Mapping[date, Override]
# How far next_open/next_close look ahead; the longest closures (Spring
# Festival, Golden Week) are under two weeks.
SEARCH_DAYS = 30

_fallback_warned: set[str] = set()


@lru_cache(maxsize=None)
def exchange_calendar(code: str) -> xc.ExchangeCalendar:
    """The library's calendar, built once per process (building one takes ~0.1 s)."""
    with warnings.catch_warnings():
        # exchange_calendars 4.13 trips a pandas 3.1 deprecation while building;
        # nothing Thor can act on.
        warnings.simplefilter("ignore", getattr(pd.errors, "Pandas4Warning", FutureWarning))
        return xc.get_calendar(code)


@lru_cache(maxsize=None)
def _holiday_names(code: str, year: int) -> dict[date, str]:
    rules = exchange_calendar(code).regular_holidays
    if rules is None:
        return {}
    named = rules.holidays(pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31), return_name=True)
    names: dict[date, str] = {}
    for moment, name in named.items():
        # "Coming of Age Day (2000 onwards)" is the rule's history, not the holiday's name.
        names.setdefault(moment.date(), re.sub(r"\s*\(\d{4} onwards\)$", "", name))
    return names


def _utc(moment: pd.Timestamp) -> datetime:
    return moment.to_pydatetime().astimezone(timezone.utc)


def _warn_fallback(region: RegionSpec, day: date, cal: xc.ExchangeCalendar | None) -> None:
    if region.key in _fallback_warned:
        return
    _fallback_warned.add(region.key)
    if cal is None:
        log.warning("%s has no exchange calendar: its trading days are weekdays minus the "
                    "closure table (calendar \"fallback\")", region.key)
        return
    first, last = cal.first_session.date(), cal.last_session.date()
    log.warning("%s: exchange calendar %s has data only from %s up to %s; %s and other dates "
                "outside use the fallback (weekdays minus the closure table, calendar \"fallback\") "
                "- add the exchange's holidays there as closures in the admin",
                region.key, region.calendar_code, first, last, day)


def _library_session(region: RegionSpec, day: date) -> DaySession | None:
    """The library's answer, or None when the day lies outside its data."""
    if not region.calendar_code:
        return None
    cal = exchange_calendar(region.calendar_code)
    if not cal.first_session.date() <= day <= cal.last_session.date():
        return None
    label = pd.Timestamp(day)
    code = region.calendar_code
    if not cal.is_session(label):
        if is_weekend(day):
            return closed_session(region, day, WEEKEND, code)
        return closed_session(region, day, _holiday_names(code, day.year).get(day, EXCHANGE_HOLIDAY), code)
    if not region.hours_from_calendar:
        return configured_session(region, day, code)
    opens, closes = cal.session_open_close(label)
    return open_session(region, day, _utc(opens), _utc(closes), code)


def session(region: RegionSpec, day: date, overrides: Overrides | None = None) -> DaySession:
    """Region `region` on its local date `day`."""
    library = _library_session(region, day)
    override = (overrides or {}).get(day)
    if override is not None:
        return overridden_session(region, day, override, library)
    if library is not None:
        return library
    _warn_fallback(region, day, exchange_calendar(region.calendar_code) if region.calendar_code else None)
    return fallback_session(region, day)


def sessions(region: RegionSpec, first: date, last: date,
             overrides: Overrides | None = None) -> list[DaySession]:
    """Every local date from `first` to `last` inclusive."""
    return [session(region, first + timedelta(days=offset), overrides)
            for offset in range((last - first).days + 1)]


def _check_aware(*moments: datetime) -> None:
    if any(moment.tzinfo is None for moment in moments):
        raise ValueError("naive datetime: Thor only handles timezone-aware instants")


def opens_between(start_utc: datetime, end_utc: datetime, regions: Iterable[RegionSpec] | None = None,
                  overrides: Mapping[str, Overrides] | None = None) -> list[DaySession]:
    """Trading sessions whose open lies in [start_utc, end_utc], by open instant.

    Regions opening at the same instant (London and EuroNext, all year) keep
    the order of `regions`. `overrides` maps a region key to its closures.
    """
    _check_aware(start_utc, end_utc)
    if start_utc > end_utc:
        raise ValueError(f"start {start_utc.isoformat()} is after end {end_utc.isoformat()}")
    found = []
    for region in SPEC_REGIONS if regions is None else regions:
        first = start_utc.astimezone(region.zone).date()
        last = end_utc.astimezone(region.zone).date()
        for day in sessions(region, first, last, (overrides or {}).get(region.key)):
            if day.trading_day and start_utc <= day.open_utc <= end_utc:
                found.append(day)
    return sorted(found, key=lambda day: day.open_utc)


def _first_session_after(region: RegionSpec, now_utc: datetime, overrides: Overrides | None,
                         field: str) -> DaySession | None:
    _check_aware(now_utc)
    today = now_utc.astimezone(region.zone).date()
    for offset in range(SEARCH_DAYS + 1):
        day = session(region, today + timedelta(days=offset), overrides)
        if day.trading_day and getattr(day, field) > now_utc:
            return day
    return None


def next_open(region: RegionSpec, now_utc: datetime, overrides: Overrides | None = None) -> DaySession | None:
    """The first trading session opening strictly after `now_utc` (None if none within SEARCH_DAYS)."""
    return _first_session_after(region, now_utc, overrides, "open_utc")


def next_close(region: RegionSpec, now_utc: datetime, overrides: Overrides | None = None) -> DaySession | None:
    """The first trading session closing strictly after `now_utc` (the current one while open)."""
    return _first_session_after(region, now_utc, overrides, "close_utc")
