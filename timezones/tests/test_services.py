"""The service reads the admin's tables on every call: edits apply without a restart."""
from datetime import date, datetime, time, timezone

import pytest

from timezones import calendar, services
from timezones.models import Market, MarketClosure
from timezones.rules.status import MarketState

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]


def utc(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def fresh_fallback_warnings(monkeypatch):
    monkeypatch.setattr(calendar, "_fallback_warned", set())


def test_the_schedule_applies_a_closure_added_in_the_admin():
    assert services.schedule(date(2026, 3, 9), date(2026, 3, 9))[date(2026, 3, 9)][0].trading_day
    MarketClosure.objects.create(market=Market.objects.get(key="Japan"), date=date(2026, 3, 9),
                                 reason="System outage")
    japan = services.schedule(date(2026, 3, 9), date(2026, 3, 9))[date(2026, 3, 9)][0]
    assert (japan.region, japan.trading_day, japan.reason, japan.calendar) == (
        "Japan", False, "System outage", "override")


def test_the_schedule_applies_an_edited_open_time_past_the_calendar():
    Market.objects.filter(key="China").update(open_local=time(10, 0))
    china = services.schedule(date(2027, 1, 4), date(2027, 1, 4))[date(2027, 1, 4)][1]
    assert (china.region, china.open_utc, china.calendar) == ("China", utc(2027, 1, 4, 2), "fallback")


def test_the_schedule_lists_every_day_with_the_active_markets_in_order():
    Market.objects.filter(key="India").update(active=False)
    days = services.schedule(date(2026, 3, 6), date(2026, 3, 9))
    assert list(days) == [date(2026, 3, 6), date(2026, 3, 7), date(2026, 3, 8), date(2026, 3, 9)]
    assert [session.region for session in days[date(2026, 3, 7)]] == [
        "Japan", "China", "EuroNext", "London", "Pre_USA", "USA"]


def test_the_schedule_rejects_a_reversed_range():
    with pytest.raises(ValueError, match="after last day"):
        services.schedule(date(2026, 3, 9), date(2026, 3, 8))


def test_the_scheduler_gets_the_opens_of_markets_with_capture_on():
    Market.objects.filter(key="China").update(capture_enabled=False)
    Market.objects.filter(key="India").update(active=False)
    opens = services.opens_between(utc(2026, 3, 9), utc(2026, 3, 9, 23, 59))
    assert [(day.region, day.open_utc) for day in opens] == [
        ("Japan", utc(2026, 3, 9, 0)),
        ("EuroNext", utc(2026, 3, 9, 8)),
        ("London", utc(2026, 3, 9, 8)),
        ("Pre_USA", utc(2026, 3, 9, 12, 30)),
        ("USA", utc(2026, 3, 9, 13, 30)),
    ]


def test_the_scheduler_skips_a_day_closed_in_the_admin():
    MarketClosure.objects.create(market=Market.objects.get(key="USA"), date=date(2026, 3, 9),
                                 reason="National day of mourning")
    opens = services.opens_between(utc(2026, 3, 9, 12), utc(2026, 3, 9, 14))
    assert [day.region for day in opens] == ["Pre_USA"]


def test_named_regions_are_listed_whatever_their_switches_say():
    Market.objects.filter(key="China").update(capture_enabled=False, active=False)
    opens = services.opens_between(utc(2026, 3, 9), utc(2026, 3, 9, 23, 59), regions=["China"])
    assert [(day.region, day.open_utc) for day in opens] == [("China", utc(2026, 3, 9, 1, 30))]


def test_it_rejects_an_unknown_region():
    with pytest.raises(ValueError, match="unknown region.*Mars"):
        services.opens_between(utc(2026, 3, 9), utc(2026, 3, 10), regions=["Japan", "Mars"])


def test_the_board_judges_each_market_on_its_own_local_date():
    # 2026-11-22 23:30Z is Monday 2026-11-23 08:30 in Tokyo (Labor Thanksgiving Day)
    # and still Sunday in London and New York.
    board = {row.region.key: row for row in services.market_board(utc(2026, 11, 22, 23, 30))}
    assert board["Japan"].today.trading_date == date(2026, 11, 23)
    assert (board["Japan"].status.state, board["Japan"].today.reason) == (
        MarketState.HOLIDAY, "Labor Thanksgiving Day")
    assert board["London"].today.trading_date == date(2026, 11, 22)
    assert (board["London"].status.state, board["London"].today.reason) == (MarketState.CLOSED, "Weekend")
