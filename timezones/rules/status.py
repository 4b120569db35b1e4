"""A region's status at an instant (SPEC §2): OPEN, PREOPEN, PRECLOSE, CLOSED, HOLIDAY.

A session is open on [open, close): at the open instant it is OPEN, at the
close instant it is CLOSED. The windows are inclusive: exactly 60 minutes
before the open is PREOPEN, exactly 15 minutes before the close PRECLOSE.
"""
import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from timezones.rules.sessions import DaySession, is_weekend

PREOPEN_WINDOW = timedelta(minutes=60)
PRECLOSE_WINDOW = timedelta(minutes=15)


class MarketState(StrEnum):
    OPEN = "OPEN"
    PREOPEN = "PREOPEN"
    PRECLOSE = "PRECLOSE"
    CLOSED = "CLOSED"
    HOLIDAY = "HOLIDAY"


@dataclass(frozen=True)
class Status:
    state: MarketState
    next_open: datetime | None
    next_close: datetime | None
    next_event: str | None  # "open" | "close"
    seconds_to_next_event: int | None


def seconds_until(now: datetime, moment: datetime) -> int:
    # Rounded up, so a countdown shows 0 only at the event itself.
    return math.ceil((moment - now).total_seconds())


def market_status(now: datetime, today: DaySession, next_open: DaySession | None,
                  next_close: DaySession | None) -> Status:
    """Status of one region at `now`.

    `today` is the region's session on its local date at `now`; `next_open`
    and `next_close` are its first trading sessions whose open, respectively
    close, lies after `now` (None when none was found ahead).
    """
    if now.tzinfo is None:
        raise ValueError("naive datetime: Thor only handles timezone-aware instants")
    open_at = next_open.open_utc if next_open else None
    close_at = next_close.close_utc if next_close else None
    if today.trading_day and today.open_utc <= now < today.close_utc:
        state = MarketState.PRECLOSE if today.close_utc - now <= PRECLOSE_WINDOW else MarketState.OPEN
        return Status(state, open_at, close_at, "close", seconds_until(now, today.close_utc))
    if open_at is not None and open_at - now <= PREOPEN_WINDOW:
        state = MarketState.PREOPEN
    elif not today.trading_day and not is_weekend(today.trading_date):
        state = MarketState.HOLIDAY
    else:
        state = MarketState.CLOSED
    if open_at is None:
        return Status(state, None, close_at, None, None)
    return Status(state, open_at, close_at, "open", seconds_until(now, open_at))
