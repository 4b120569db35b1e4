"""market_status on hand-made sessions (USA, EDT: 13:30Z-20:00Z)."""
from datetime import date, datetime, timezone

import pytest

from timezones.rules.sessions import DaySession
from timezones.rules.status import MarketState, market_status

pytestmark = pytest.mark.embedded


def utc(month, day, hour, minute=0, second=0, microsecond=0):
    return datetime(2026, month, day, hour, minute, second, microsecond, tzinfo=timezone.utc)


def trading(month, day):
    return DaySession("USA", date(2026, month, day), True, utc(month, day, 13, 30), utc(month, day, 20),
                      None, "XNYS")


def closed(month, day, reason):
    return DaySession("USA", date(2026, month, day), False, None, None, reason, "XNYS")


MON, TUE = trading(3, 9), trading(3, 10)
GOOD_FRIDAY, EASTER_MONDAY = closed(4, 3, "Good Friday"), trading(4, 6)
SATURDAY = closed(3, 7, "Weekend")


@pytest.mark.parametrize("now, today, next_open, next_close, state, event, seconds", [
    # More than 60 min before the open.
    (utc(3, 9, 12, 29, 59), MON, MON, MON, MarketState.CLOSED, "open", 3601),
    # Exactly 60 min before the open.
    (utc(3, 9, 12, 30), MON, MON, MON, MarketState.PREOPEN, "open", 3600),
    # Half a second before the open: rounded up, a countdown hits 0 only at the event.
    (utc(3, 9, 13, 29, 59, 500_000), MON, MON, MON, MarketState.PREOPEN, "open", 1),
    # The open instant itself.
    (utc(3, 9, 13, 30), MON, TUE, MON, MarketState.OPEN, "close", 23400),
    # One second more than 15 min before the close.
    (utc(3, 9, 19, 44, 59), MON, TUE, MON, MarketState.OPEN, "close", 901),
    # Exactly 15 min before the close.
    (utc(3, 9, 19, 45), MON, TUE, MON, MarketState.PRECLOSE, "close", 900),
    # The close instant: closed, counting to Tuesday's open (17 h 30 min).
    (utc(3, 9, 20), MON, TUE, TUE, MarketState.CLOSED, "open", 63000),
    # A weekday holiday: counting to Monday's open (2 days 22 h 30 min).
    (utc(4, 3, 15), GOOD_FRIDAY, EASTER_MONDAY, EASTER_MONDAY, MarketState.HOLIDAY, "open", 253800),
    # A Saturday is closed, not a holiday (1 day 23 h 30 min to Monday).
    (utc(3, 7, 14), SATURDAY, MON, MON, MarketState.CLOSED, "open", 171000),
])
def test_it_reports_the_state_and_the_next_event(now, today, next_open, next_close, state, event, seconds):
    status = market_status(now, today, next_open, next_close)
    assert (status.state, status.next_event, status.seconds_to_next_event) == (state, event, seconds)
    assert (status.next_open, status.next_close) == (next_open.open_utc, next_close.close_utc)


def test_it_reports_no_event_when_no_open_lies_ahead():
    status = market_status(utc(4, 3, 15), GOOD_FRIDAY, None, None)
    assert (status.state, status.next_event, status.seconds_to_next_event) == (MarketState.HOLIDAY, None, None)
    assert (status.next_open, status.next_close) == (None, None)


def test_it_rejects_a_naive_now():
    with pytest.raises(ValueError, match="naive"):
        market_status(datetime(2026, 3, 9, 12), MON, MON, MON)


def test_the_states_are_the_api_codes():
    assert [str(state) for state in MarketState] == ["OPEN", "PREOPEN", "PRECLOSE", "CLOSED", "HOLIDAY"]
