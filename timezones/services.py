"""The market clock over the admin's tables: Market rows and their closures.

Reads the database on every call, so an admin edit (a closure, a changed
open time, a market switched off) takes effect without a restart. The
calendar logic itself lives in `timezones.calendar`; this module only turns
rows into RegionSpecs and overrides. Every function takes the instant or the
dates it answers for; nothing here reads the clock.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from timezones import calendar
from timezones.models import Market, MarketClosure
from timezones.rules.regions import RegionSpec
from timezones.rules.sessions import DaySession, Override
from timezones.rules.status import Status, market_status

Closures = dict[str, dict[date, Override]]


@dataclass(frozen=True)
class MarketNow:
    region: RegionSpec
    today: DaySession
    status: Status


def _specs(markets: Iterable[Market]) -> list[RegionSpec]:
    return [market.spec() for market in markets]


def _closures(specs: list[RegionSpec]) -> Closures:
    closures: Closures = {spec.key: {} for spec in specs}
    rows = MarketClosure.objects.filter(market__key__in=closures).values_list(
        "market__key", "date", "is_trading_day", "reason")
    for key, day, is_trading_day, reason in rows:
        closures[key][day] = Override(is_trading_day, reason)
    return closures


def active_regions() -> list[RegionSpec]:
    """The markets shown in the APIs, in display order."""
    return _specs(Market.objects.filter(active=True))


def market_board(now: datetime) -> list[MarketNow]:
    """Each active market's status at `now`, judged on its own local date."""
    specs = active_regions()
    closures = _closures(specs)
    board = []
    for spec in specs:
        overrides = closures[spec.key]
        today = calendar.session(spec, now.astimezone(spec.zone).date(), overrides)
        status = market_status(now, today, calendar.next_open(spec, now, overrides),
                               calendar.next_close(spec, now, overrides))
        board.append(MarketNow(spec, today, status))
    return board


def schedule(first: date, last: date) -> dict[date, list[DaySession]]:
    """Each active market's session on every local date from `first` to `last` inclusive."""
    if first > last:
        raise ValueError(f"first day {first} is after last day {last}")
    specs = active_regions()
    closures = _closures(specs)
    days = {first + timedelta(days=offset): [] for offset in range((last - first).days + 1)}
    for spec in specs:
        for session in calendar.sessions(spec, first, last, closures[spec.key]):
            days[session.trading_date].append(session)
    return days


def opens_between(start_utc: datetime, end_utc: datetime,
                  regions: Iterable[str] | None = None) -> list[DaySession]:
    """Trading sessions opening in [start_utc, end_utc], by open instant (the scheduler's list).

    Without `regions`: the active markets whose capture is enabled. With
    region keys: exactly those markets, whatever their switches say (replay).
    """
    if regions is None:
        markets = list(Market.objects.filter(active=True, capture_enabled=True))
    else:
        wanted = list(regions)
        markets = list(Market.objects.filter(key__in=wanted))
        unknown = set(wanted) - {market.key for market in markets}
        if unknown:
            raise ValueError(f"unknown region(s): {', '.join(sorted(unknown))}")
    specs = _specs(markets)
    return calendar.opens_between(start_utc, end_utc, specs, _closures(specs))
