"""Golden dates: expected UTC instants are written by hand, never computed by the code."""
import logging
from datetime import date, datetime, time, timedelta, timezone

import pytest

from timezones import calendar
from timezones.rules.regions import SPEC_REGIONS, RegionSpec
from timezones.rules.sessions import Override

pytestmark = pytest.mark.embedded

REGIONS = {region.key: region for region in SPEC_REGIONS}


def utc(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def fresh_fallback_warnings(monkeypatch):
    monkeypatch.setattr(calendar, "_fallback_warned", set())


def test_it_returns_aware_utc_instants():
    session = calendar.session(REGIONS["USA"], date(2026, 3, 9))
    assert session.open_utc.tzinfo is timezone.utc and session.close_utc.tzinfo is timezone.utc


@pytest.mark.parametrize("region, day, open_at, close_at, code", [
    # US DST starts Sun 2026-03-08; Europe still on winter time until 2026-03-29.
    ("USA", date(2026, 3, 6), utc(2026, 3, 6, 14, 30), utc(2026, 3, 6, 21), "XNYS"),        # EST
    ("Pre_USA", date(2026, 3, 6), utc(2026, 3, 6, 13, 30), utc(2026, 3, 6, 14, 30), "XNYS"),
    ("USA", date(2026, 3, 9), utc(2026, 3, 9, 13, 30), utc(2026, 3, 9, 20), "XNYS"),        # EDT
    ("Pre_USA", date(2026, 3, 9), utc(2026, 3, 9, 12, 30), utc(2026, 3, 9, 13, 30), "XNYS"),
    ("London", date(2026, 3, 9), utc(2026, 3, 9, 8), utc(2026, 3, 9, 16, 30), "XLON"),      # GMT
    ("EuroNext", date(2026, 3, 9), utc(2026, 3, 9, 8), utc(2026, 3, 9, 16, 30), "XAMS"),    # CET
    # Europe springs forward Sun 2026-03-29.
    ("London", date(2026, 3, 27), utc(2026, 3, 27, 8), utc(2026, 3, 27, 16, 30), "XLON"),
    ("EuroNext", date(2026, 3, 27), utc(2026, 3, 27, 8), utc(2026, 3, 27, 16, 30), "XAMS"),
    ("London", date(2026, 3, 30), utc(2026, 3, 30, 7), utc(2026, 3, 30, 15, 30), "XLON"),   # BST
    ("EuroNext", date(2026, 3, 30), utc(2026, 3, 30, 7), utc(2026, 3, 30, 15, 30), "XAMS"), # CEST
    # Europe falls back Sun 2026-10-25; the US stays on summer time until 2026-11-01.
    ("London", date(2026, 10, 23), utc(2026, 10, 23, 7), utc(2026, 10, 23, 15, 30), "XLON"),
    ("EuroNext", date(2026, 10, 23), utc(2026, 10, 23, 7), utc(2026, 10, 23, 15, 30), "XAMS"),
    ("London", date(2026, 10, 26), utc(2026, 10, 26, 8), utc(2026, 10, 26, 16, 30), "XLON"),
    ("EuroNext", date(2026, 10, 26), utc(2026, 10, 26, 8), utc(2026, 10, 26, 16, 30), "XAMS"),
    ("USA", date(2026, 10, 26), utc(2026, 10, 26, 13, 30), utc(2026, 10, 26, 20), "XNYS"),
    ("Pre_USA", date(2026, 10, 26), utc(2026, 10, 26, 12, 30), utc(2026, 10, 26, 13, 30), "XNYS"),
    ("USA", date(2026, 10, 30), utc(2026, 10, 30, 13, 30), utc(2026, 10, 30, 20), "XNYS"),
    ("USA", date(2026, 11, 2), utc(2026, 11, 2, 14, 30), utc(2026, 11, 2, 21), "XNYS"),     # EST again
    ("Pre_USA", date(2026, 11, 2), utc(2026, 11, 2, 13, 30), utc(2026, 11, 2, 14, 30), "XNYS"),
    # Asia has no DST: the same UTC instants all year; Tokyo closes 15:30 JST since Nov 2024.
    ("Japan", date(2026, 3, 9), utc(2026, 3, 9, 0), utc(2026, 3, 9, 6, 30), "XTKS"),
    ("Japan", date(2026, 7, 15), utc(2026, 7, 15, 0), utc(2026, 7, 15, 6, 30), "XTKS"),
    ("China", date(2026, 3, 9), utc(2026, 3, 9, 1, 30), utc(2026, 3, 9, 7), "XSHG"),
    ("India", date(2026, 3, 9), utc(2026, 3, 9, 3, 45), utc(2026, 3, 9, 10), "XBOM"),
    # Good Friday 2026-04-03: Tokyo and Shanghai trade.
    ("Japan", date(2026, 4, 3), utc(2026, 4, 3, 0), utc(2026, 4, 3, 6, 30), "XTKS"),
    ("China", date(2026, 4, 3), utc(2026, 4, 3, 1, 30), utc(2026, 4, 3, 7), "XSHG"),
    # Christmas Eve early closes: NYSE 13:00 EST, LSE 12:30 GMT, Euronext 14:05 CET (library).
    ("USA", date(2026, 12, 24), utc(2026, 12, 24, 14, 30), utc(2026, 12, 24, 18), "XNYS"),
    ("London", date(2026, 12, 24), utc(2026, 12, 24, 8), utc(2026, 12, 24, 12, 30), "XLON"),
    ("EuroNext", date(2026, 12, 24), utc(2026, 12, 24, 8), utc(2026, 12, 24, 13, 5), "XAMS"),
    # Pre_USA keeps its own hour on an early-close day.
    ("Pre_USA", date(2026, 12, 24), utc(2026, 12, 24, 13, 30), utc(2026, 12, 24, 14, 30), "XNYS"),
    # Day after Thanksgiving: NYSE closes at 13:00 EST.
    ("USA", date(2026, 11, 27), utc(2026, 11, 27, 14, 30), utc(2026, 11, 27, 18), "XNYS"),
    # Shanghai reopens after the Spring Festival.
    ("China", date(2026, 2, 24), utc(2026, 2, 24, 1, 30), utc(2026, 2, 24, 7), "XSHG"),
])
def test_it_opens_and_closes_at_the_golden_instants(region, day, open_at, close_at, code):
    session = calendar.session(REGIONS[region], day)
    assert (session.region, session.trading_date, session.trading_day) == (region, day, True)
    assert (session.open_utc, session.close_utc) == (open_at, close_at)
    assert (session.calendar, session.reason) == (code, None)


@pytest.mark.parametrize("region, day, reason, code", [
    # Good Friday 2026-04-03.
    ("USA", date(2026, 4, 3), "Good Friday", "XNYS"),
    ("Pre_USA", date(2026, 4, 3), "Good Friday", "XNYS"),
    ("London", date(2026, 4, 3), "Good Friday", "XLON"),
    ("EuroNext", date(2026, 4, 3), "Good Friday", "XAMS"),
    ("India", date(2026, 4, 3), "Exchange holiday", "XBOM"),  # XBOM has no holiday names
    # Spring Festival 2026: Shanghai closed 2026-02-16..23 (XSHG has no names).
    ("China", date(2026, 2, 16), "Exchange holiday", "XSHG"),
    ("China", date(2026, 2, 17), "Exchange holiday", "XSHG"),
    ("China", date(2026, 2, 23), "Exchange holiday", "XSHG"),
    # Tokyo holidays; the rule's "(2000 onwards)" is dropped from the name.
    ("Japan", date(2026, 11, 23), "Labor Thanksgiving Day", "XTKS"),
    ("Japan", date(2026, 1, 12), "Coming of Age Day", "XTKS"),
    ("USA", date(2026, 11, 26), "Thanksgiving", "XNYS"),
    ("USA", date(2026, 12, 25), "Christmas", "XNYS"),
    # Weekend: Saturday 2026-03-07 and Sunday 2026-03-08, every region.
    *[(key, date(2026, 3, 7), "Weekend", region.calendar_code) for key, region in REGIONS.items()],
    ("USA", date(2026, 3, 8), "Weekend", "XNYS"),
    ("Japan", date(2026, 3, 8), "Weekend", "XTKS"),
])
def test_it_is_closed_on_weekends_and_exchange_holidays(region, day, reason, code):
    session = calendar.session(REGIONS[region], day)
    assert session.trading_day is False
    assert (session.open_utc, session.close_utc) == (None, None)
    assert (session.reason, session.calendar) == (reason, code)


def test_london_and_amsterdam_open_at_the_same_instant_all_year():
    first, last = date(2026, 1, 1), date(2026, 12, 31)
    london = calendar.sessions(REGIONS["London"], first, last)
    amsterdam = calendar.sessions(REGIONS["EuroNext"], first, last)
    both = [(ldn.open_utc, ams.open_utc) for ldn, ams in zip(london, amsterdam)
            if ldn.trading_day and ams.trading_day]
    assert len(both) > 240
    assert all(ldn == ams for ldn, ams in both)
    # ...at 08:00Z in winter and 07:00Z in summer (see the golden rows above).
    assert {ldn.time().hour for ldn, _ in both} == {7, 8}


class TestFallback:
    @pytest.mark.parametrize("region, day, open_at, close_at", [
        # XSHG and XBOM end at 2026-12-31 in exchange_calendars 4.13.2.
        ("China", date(2027, 1, 4), utc(2027, 1, 4, 1, 30), utc(2027, 1, 4, 7)),
        ("India", date(2027, 1, 4), utc(2027, 1, 4, 3, 45), utc(2027, 1, 4, 10)),
        # 2027-01-01 is a holiday in Shanghai, but the fallback cannot know: it says "fallback".
        ("China", date(2027, 1, 1), utc(2027, 1, 1, 1, 30), utc(2027, 1, 1, 7)),
    ])
    def test_it_falls_back_to_weekdays_at_the_configured_hours(self, region, day, open_at, close_at):
        session = calendar.session(REGIONS[region], day)
        assert (session.trading_day, session.open_utc, session.close_utc) == (True, open_at, close_at)
        assert (session.calendar, session.reason) == ("fallback", None)

    def test_it_still_uses_the_library_on_its_last_covered_date(self):
        session = calendar.session(REGIONS["China"], date(2026, 12, 31))
        assert (session.calendar, session.open_utc) == ("XSHG", utc(2026, 12, 31, 1, 30))

    def test_it_keeps_weekends_closed_in_the_fallback(self):
        session = calendar.session(REGIONS["India"], date(2027, 1, 2))  # a Saturday
        assert (session.trading_day, session.reason, session.calendar) == (False, "Weekend", "fallback")

    def test_it_warns_once_per_region_naming_the_last_covered_date(self, caplog):
        caplog.set_level(logging.WARNING, logger="timezones.calendar")
        for day in (date(2027, 1, 4), date(2027, 1, 5)):
            calendar.session(REGIONS["China"], day)
            calendar.session(REGIONS["India"], day)
        warnings = [record.getMessage() for record in caplog.records if record.levelno == logging.WARNING]
        assert len(warnings) == 2
        assert "China" in warnings[0] and "XSHG" in warnings[0] and "2026-12-31" in warnings[0]
        assert "India" in warnings[1] and "XBOM" in warnings[1] and "2026-12-31" in warnings[1]

    def test_it_does_not_warn_inside_the_library_data(self, caplog):
        caplog.set_level(logging.WARNING, logger="timezones.calendar")
        calendar.session(REGIONS["China"], date(2026, 12, 31))
        assert caplog.records == []

    def test_the_closure_table_closes_a_fallback_day(self, caplog):
        caplog.set_level(logging.WARNING, logger="timezones.calendar")
        closures = {date(2027, 1, 1): Override(False, "New Year's Day")}
        session = calendar.session(REGIONS["China"], date(2027, 1, 1), closures)
        assert (session.trading_day, session.reason, session.calendar) == (False, "New Year's Day", "override")
        assert caplog.records == []  # an override is a fact, not a guess

    def test_a_region_without_a_calendar_code_always_falls_back(self, caplog):
        caplog.set_level(logging.WARNING, logger="timezones.calendar")
        region = RegionSpec("Test", "Test", "Asia/Tokyo", "", time(9, 0), time(15, 30))
        session = calendar.session(region, date(2026, 11, 23))  # a Tokyo holiday, unknown here
        assert (session.trading_day, session.open_utc, session.calendar) == (True, utc(2026, 11, 23, 0), "fallback")
        assert "Test has no exchange calendar" in caplog.records[0].getMessage()


class TestOverrides:
    @pytest.mark.parametrize("region, day, override, trading, open_at, close_at, reason", [
        # Closes a library trading day.
        ("Japan", date(2026, 3, 9), Override(False, "System outage"), False, None, None, "System outage"),
        # A closure without a reason still says why, generically.
        ("Japan", date(2026, 3, 9), Override(False, ""), False, None, None, "Exchange holiday"),
        # Opens a library holiday at the configured hours (09:30-16:00 EDT).
        ("USA", date(2026, 4, 3), Override(True, "Special session"), True,
         utc(2026, 4, 3, 13, 30), utc(2026, 4, 3, 20), "Special session"),
        # Confirms a library session: keeps the library's early close.
        ("USA", date(2026, 12, 24), Override(True, ""), True,
         utc(2026, 12, 24, 14, 30), utc(2026, 12, 24, 18), None),
        # Opens a weekend day.
        ("London", date(2026, 3, 7), Override(True, "Saturday session"), True,
         utc(2026, 3, 7, 8), utc(2026, 3, 7, 16, 30), "Saturday session"),
    ])
    def test_the_closure_table_wins_over_the_library(self, region, day, override, trading, open_at,
                                                     close_at, reason):
        session = calendar.session(REGIONS[region], day, {day: override})
        assert (session.trading_day, session.open_utc, session.close_utc) == (trading, open_at, close_at)
        assert (session.reason, session.calendar) == (reason, "override")

    def test_an_override_touches_only_its_own_date(self):
        closures = {date(2026, 3, 9): Override(False, "System outage")}
        session = calendar.session(REGIONS["Japan"], date(2026, 3, 10), closures)
        assert (session.trading_day, session.calendar) == (True, "XTKS")


class TestOpensBetween:
    def test_it_lists_a_days_opens_in_instant_order(self):
        opens = calendar.opens_between(utc(2026, 3, 9), utc(2026, 3, 9, 23, 59))
        assert [(day.region, day.open_utc) for day in opens] == [
            ("Japan", utc(2026, 3, 9, 0)),
            ("China", utc(2026, 3, 9, 1, 30)),
            ("India", utc(2026, 3, 9, 3, 45)),
            ("EuroNext", utc(2026, 3, 9, 8)),  # same instant as London: SPEC order
            ("London", utc(2026, 3, 9, 8)),
            ("Pre_USA", utc(2026, 3, 9, 12, 30)),
            ("USA", utc(2026, 3, 9, 13, 30)),
        ]

    def test_both_ends_are_inclusive(self):
        opens = calendar.opens_between(utc(2026, 3, 9, 8), utc(2026, 3, 9, 12, 30))
        assert [day.region for day in opens] == ["EuroNext", "London", "Pre_USA"]

    def test_it_skips_holidays(self):
        # Good Friday: only Tokyo and Shanghai open.
        opens = calendar.opens_between(utc(2026, 4, 2, 22), utc(2026, 4, 3, 23))
        assert [(day.region, day.open_utc) for day in opens] == [
            ("Japan", utc(2026, 4, 3, 0)), ("China", utc(2026, 4, 3, 1, 30))]

    def test_it_uses_the_regions_local_date(self):
        # 2026-03-08 23:00Z is already Monday 08:00 in Tokyo; Tokyo opens at 00:00Z.
        opens = calendar.opens_between(utc(2026, 3, 8, 23), utc(2026, 3, 9, 0, 30))
        assert [(day.region, day.trading_date) for day in opens] == [("Japan", date(2026, 3, 9))]

    def test_it_takes_only_the_given_regions_and_their_overrides(self):
        regions = [REGIONS["London"], REGIONS["USA"]]
        closures = {"USA": {date(2026, 3, 9): Override(False, "Closed")}}
        opens = calendar.opens_between(utc(2026, 3, 9), utc(2026, 3, 10), regions, closures)
        assert [day.region for day in opens] == ["London"]

    @pytest.mark.parametrize("start, end, message", [
        (datetime(2026, 3, 9), utc(2026, 3, 10), "naive"),
        (utc(2026, 3, 9), datetime(2026, 3, 10), "naive"),
        (utc(2026, 3, 10), utc(2026, 3, 9), "after end"),
    ])
    def test_it_rejects_bad_bounds(self, start, end, message):
        with pytest.raises(ValueError, match=message):
            calendar.opens_between(start, end)


class TestNextOpenAndClose:
    @pytest.mark.parametrize("region, now, open_at, close_at", [
        # Before the open: today's session for both.
        ("USA", utc(2026, 4, 2, 12), utc(2026, 4, 2, 13, 30), utc(2026, 4, 2, 20)),
        # While open: the next open is the next trading day, skipping Good Friday and the weekend.
        ("USA", utc(2026, 4, 2, 19), utc(2026, 4, 6, 13, 30), utc(2026, 4, 2, 20)),
        # At the open instant the session is open: the next open is tomorrow's.
        ("USA", utc(2026, 4, 1, 13, 30), utc(2026, 4, 2, 13, 30), utc(2026, 4, 1, 20)),
        # At the close instant: both point to the next session.
        ("USA", utc(2026, 4, 2, 20), utc(2026, 4, 6, 13, 30), utc(2026, 4, 6, 20)),
        # Shanghai across the Spring Festival: closes Fri 2026-02-13, reopens Tue 2026-02-24.
        ("China", utc(2026, 2, 13, 7), utc(2026, 2, 24, 1, 30), utc(2026, 2, 24, 7)),
    ])
    def test_it_finds_the_next_open_and_close(self, region, now, open_at, close_at):
        assert calendar.next_open(REGIONS[region], now).open_utc == open_at
        assert calendar.next_close(REGIONS[region], now).close_utc == close_at

    def test_it_gives_up_after_the_search_window(self):
        closed = {date(2026, 3, 9) + timedelta(days=offset): Override(False, "Closed")
                  for offset in range(calendar.SEARCH_DAYS + 1)}
        assert calendar.next_open(REGIONS["Japan"], utc(2026, 3, 8, 12), closed) is None

    def test_it_rejects_a_naive_now(self):
        with pytest.raises(ValueError, match="naive"):
            calendar.next_open(REGIONS["Japan"], datetime(2026, 3, 9))
