from datetime import datetime, timezone

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from timezones import calendar

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

MARKETS = "/api/timezones/markets/"
SCHEDULE = "/api/timezones/markets/schedule"


def utc(year, month, day, hour=0, minute=0, second=0):
    return datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def fresh_fallback_warnings(monkeypatch):
    monkeypatch.setattr(calendar, "_fallback_warned", set())


@pytest.fixture
def user():
    return get_user_model().objects.create_user("trader")  # no password: hashing one is slow


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def by_region(response):
    return {market["region"]: market for market in response.json()["markets"]}


class TestAuth:
    @pytest.mark.parametrize("url", [MARKETS, SCHEDULE + "?date=2026-03-09"])
    def test_it_refuses_anonymous_callers(self, url):
        assert APIClient().get(url).status_code == 403

    def test_it_accepts_a_token(self, user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
        assert client.get(SCHEDULE + "?date=2026-03-09").status_code == 200


class TestMarkets:
    def test_it_answers_every_market_in_spec_order_with_the_full_shape(self, api, settings):
        settings.THOR_CLOCK_NOW = utc(2026, 3, 9, 12, 30)
        body = api.get(MARKETS).json()
        assert body["now"] == "2026-03-09T12:30:00.000Z"
        assert [market["region"] for market in body["markets"]] == [
            "Japan", "China", "India", "EuroNext", "London", "Pre_USA", "USA"]
        assert by_region(api.get(MARKETS))["USA"] == {
            "region": "USA",
            "display_name": "USA",
            "timezone": "America/New_York",
            "status": "PREOPEN",
            "local_time": "2026-03-09T08:30:00-04:00",
            "trading_date": "2026-03-09",
            "next_open_utc": "2026-03-09T13:30:00.000Z",
            "next_open_local": "2026-03-09T09:30:00-04:00",
            "next_close_utc": "2026-03-09T20:00:00.000Z",
            "next_close_local": "2026-03-09T16:00:00-04:00",
            "seconds_to_next_event": 3600,
            "next_event": "open",
            "reason": None,
            "calendar": "XNYS",
        }

    @pytest.mark.parametrize("now, region, status, event, seconds, next_open_utc", [
        # Pre_USA opens at 08:30 EDT = 12:30Z; the open instant is OPEN, counting to 13:30Z.
        (utc(2026, 3, 9, 12, 30), "Pre_USA", "OPEN", "close", 3600, "2026-03-10T12:30:00.000Z"),
        # USA at its open instant.
        (utc(2026, 3, 9, 13, 30), "USA", "OPEN", "close", 23400, "2026-03-10T13:30:00.000Z"),
        # USA 15 min before its 20:00Z close.
        (utc(2026, 3, 9, 19, 45), "USA", "PRECLOSE", "close", 900, "2026-03-10T13:30:00.000Z"),
        # USA one second after the close: 17 h 29 min 59 s to Tuesday's open.
        (utc(2026, 3, 9, 20, 0, 1), "USA", "CLOSED", "open", 62999, "2026-03-10T13:30:00.000Z"),
        # Tokyo at 21:30 JST: closed until 09:00 JST (00:00Z) tomorrow.
        (utc(2026, 3, 9, 12, 30), "Japan", "CLOSED", "open", 41400, "2026-03-10T00:00:00.000Z"),
        # London 60 min before its 08:00 GMT open.
        (utc(2026, 3, 9, 7), "London", "PREOPEN", "open", 3600, "2026-03-09T08:00:00.000Z"),
        # London on Good Friday noon: holiday; Easter Monday too, so 91 h to Tuesday 07:00Z (BST).
        (utc(2026, 4, 3, 12), "London", "HOLIDAY", "open", 327600, "2026-04-07T07:00:00.000Z"),
    ])
    def test_it_reports_status_and_countdown_in_simulated_time(self, api, settings, now, region, status,
                                                               event, seconds, next_open_utc):
        settings.THOR_CLOCK_NOW = now
        market = by_region(api.get(MARKETS))[region]
        assert (market["status"], market["next_event"], market["seconds_to_next_event"]) == (
            status, event, seconds)
        assert market["next_open_utc"] == next_open_utc

    def test_it_names_the_holiday(self, api, settings):
        settings.THOR_CLOCK_NOW = utc(2026, 4, 3, 15)
        market = by_region(api.get(MARKETS))["USA"]
        assert (market["status"], market["reason"], market["calendar"]) == ("HOLIDAY", "Good Friday", "XNYS")

    def test_it_says_when_it_is_on_the_fallback(self, api, settings):
        settings.THOR_CLOCK_NOW = utc(2027, 1, 4, 1)
        market = by_region(api.get(MARKETS))["China"]
        assert (market["status"], market["calendar"], market["trading_date"]) == ("PREOPEN", "fallback", "2027-01-04")

    def test_it_leaves_out_inactive_markets(self, api, settings):
        from timezones.models import Market

        Market.objects.filter(key="India").update(active=False)
        settings.THOR_CLOCK_NOW = utc(2026, 3, 9, 12, 30)
        assert "India" not in by_region(api.get(MARKETS))


class TestSchedule:
    def test_it_answers_one_local_date(self, api):
        body = api.get(SCHEDULE + "?date=2026-04-03").json()
        assert body == {"date": "2026-04-03", "markets": [
            {"region": "Japan", "trading_day": True, "open_utc": "2026-04-03T00:00:00.000Z",
             "close_utc": "2026-04-03T06:30:00.000Z", "reason": None, "calendar": "XTKS"},
            {"region": "China", "trading_day": True, "open_utc": "2026-04-03T01:30:00.000Z",
             "close_utc": "2026-04-03T07:00:00.000Z", "reason": None, "calendar": "XSHG"},
            {"region": "India", "trading_day": False, "open_utc": None, "close_utc": None,
             "reason": "Exchange holiday", "calendar": "XBOM"},
            {"region": "EuroNext", "trading_day": False, "open_utc": None, "close_utc": None,
             "reason": "Good Friday", "calendar": "XAMS"},
            {"region": "London", "trading_day": False, "open_utc": None, "close_utc": None,
             "reason": "Good Friday", "calendar": "XLON"},
            {"region": "Pre_USA", "trading_day": False, "open_utc": None, "close_utc": None,
             "reason": "Good Friday", "calendar": "XNYS"},
            {"region": "USA", "trading_day": False, "open_utc": None, "close_utc": None,
             "reason": "Good Friday", "calendar": "XNYS"},
        ]}

    def test_it_answers_with_or_without_the_trailing_slash(self, api):
        assert api.get(SCHEDULE + "/?date=2026-04-03").json() == api.get(SCHEDULE + "?date=2026-04-03").json()

    def test_it_answers_a_range_day_by_day(self, api):
        body = api.get(SCHEDULE + "?start=2026-03-06&end=2026-03-09").json()
        assert (body["start"], body["end"]) == ("2026-03-06", "2026-03-09")
        assert [day["date"] for day in body["days"]] == ["2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09"]
        usa = [next(m for m in day["markets"] if m["region"] == "USA") for day in body["days"]]
        assert [(m["open_utc"], m["reason"]) for m in usa] == [
            ("2026-03-06T14:30:00.000Z", None),  # EST
            (None, "Weekend"),
            (None, "Weekend"),
            ("2026-03-09T13:30:00.000Z", None),  # EDT
        ]

    def test_it_accepts_366_days(self, api):
        body = api.get(SCHEDULE + "?start=2026-01-01&end=2027-01-01").json()
        assert len(body["days"]) == 366
        assert body["days"][-1]["markets"][1]["calendar"] == "fallback"  # China past 2026-12-31

    @pytest.mark.parametrize("query, parameter", [
        ("", "date"),                                   # nothing asked
        ("?date=2026-02-30", "date"),                   # no such day
        ("?date=09-03-2026", "date"),                   # not YYYY-MM-DD
        ("?date=", "date"),                             # empty
        ("?date=2026-03-09&start=2026-03-09", "date"),  # both forms
        ("?start=2026-03-09", "end"),                   # start without end
        ("?end=2026-03-09", "start"),                   # end without start
        ("?start=nope&end=2026-03-09", "start"),        # bad start
        ("?start=2026-03-09&end=2026-03-08", "end"),    # start after end
        ("?start=2026-01-01&end=2027-01-02", "end"),    # 367 days
    ])
    def test_it_rejects_a_bad_query_naming_the_parameter(self, api, query, parameter):
        response = api.get(SCHEDULE + query)
        assert response.status_code == 400
        assert list(response.json()) == [parameter]
