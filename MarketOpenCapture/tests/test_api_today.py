"""GET /api/market-open/today/: each region's own trading date, never the server's UTC date."""
from datetime import datetime, timezone

import pytest

from MarketOpenCapture.api.today import Today
from MarketOpenCapture.tests.factories import make_missed, make_session, reader

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

URL = "/api/market-open/today/"
# Tuesday 00:30 UTC: Tokyo, Shanghai, Bombay, Amsterdam and London are on Tue 1 Dec,
# New York is still on Mon 30 Nov (19:30 EST).
NOW = datetime(2026, 12, 1, 0, 30, tzinfo=timezone.utc)


@pytest.fixture
def api(settings, django_user_model):
    settings.THOR_CLOCK_NOW = NOW
    return reader(django_user_model)


@pytest.fixture
def sessions():
    make_session("Japan", "2026-11-30", "BUY", "Didn't Work")   # Tokyo's yesterday
    make_session("London", "2026-11-30", "SELL", "Worked")      # London's yesterday, UTC's yesterday too
    make_session("USA", "2026-11-30", "SELL", "Didn't Work")    # New York's today
    make_session("Pre_USA", "2026-11-30", "BUY", "Pending")     # New York's today, still being graded
    make_session("Japan", "2026-12-01", "BUY", "Worked", symbols={"ES": "STRONG_BUY"})  # Tokyo's today
    make_session("Japan", "2026-12-01", "SELL", "Didn't Work", run="replay")  # a backtest: never "today"


def test_today_is_each_regions_own_local_date(api, sessions):
    body = api.get(URL).json()
    assert body["date"] == {
        "Japan": "2026-12-01", "China": "2026-12-01", "India": "2026-12-01", "EuroNext": "2026-12-01",
        "London": "2026-12-01", "Pre_USA": "2026-11-30", "USA": "2026-11-30",
    }
    assert [(s["region"], s["trading_date"]) for s in body["sessions"]] == [
        ("Pre_USA", "2026-11-30"), ("USA", "2026-11-30"), ("Japan", "2026-12-01"),
    ]


def test_a_session_reads_in_its_regions_zone(api, sessions):
    japan = api.get(URL).json()["sessions"][2]
    assert japan["opened_at"] == "2026-12-01T09:00:00+09:00"
    assert japan["resolved_at"] == "2026-12-01T09:10:00+09:00"
    assert japan["elapsed_sec"] == 600
    assert japan["composite"] == {"signal": "BUY", "signal_weight_sum": 4, "weighted_average": 12.5,
                                  "instrument_count": 11}
    assert japan["ym_entry"] == {"side": "BUY", "price": 47388, "target": 47408, "stop": 47368, "spread": 8}
    assert (japan["outcome"], japan["pnl_usd"]) == ("Worked", 100)
    assert [row["symbol"] for row in japan["symbols"]] == ["YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX",
                                                           "DX", "ZB"]
    assert japan["symbols"][1] == {"symbol": "ES", "signal": "STRONG_BUY", "signal_weight": 2, "last": 101,
                                   "bid": 101, "ask": 102, "change": 1, "stale": False}


def test_a_pending_session_counts_its_time_up_to_now(api, sessions):
    pre_usa = api.get(URL).json()["sessions"][0]
    assert pre_usa["opened_at"] == "2026-11-30T08:30:00-05:00"
    assert pre_usa["outcome"] == "Pending" and pre_usa["resolved_at"] is None and pre_usa["pnl_usd"] is None
    assert pre_usa["elapsed_sec"] == 11 * 3600  # 08:30 EST (13:30 UTC) → 00:30 UTC


def test_a_hold_has_no_entry(api):
    make_session("Japan", "2026-12-01", "HOLD", "No Entry")
    session = api.get(URL).json()["sessions"][0]
    assert session["ym_entry"] is None and session["outcome"] == "No Entry" and session["pnl_usd"] == 0


def test_the_summary_counts_todays_sessions_only(api, sessions):
    summary = api.get(URL).json()["summary"]
    assert {key: summary[key] for key in ("total_sessions", "entries_made", "worked", "didnt_work", "expired",
                                          "errors", "pending", "total_pnl", "hit_rate", "best_region")} == {
        "total_sessions": 3, "entries_made": 2, "worked": 1, "didnt_work": 1, "expired": 0, "errors": 0,
        "pending": 1, "total_pnl": 0, "hit_rate": 0.5, "best_region": "Japan",
    }


def test_london_and_amsterdam_share_one_trade_in_the_summary(api, settings):
    # Both open at 08:00 UTC (09:00 in Amsterdam): one YM trade, counted once in the pooled summary.
    settings.THOR_CLOCK_NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
    make_session("London", "2026-12-01", "BUY", "Worked")
    make_session("EuroNext", "2026-12-01", "BUY", "Worked")
    summary = api.get(URL).json()["summary"]
    assert (summary["total_sessions"], summary["entries_made"], summary["total_pnl"]) == (2, 1, 100)
    assert summary["pooled"] is True and summary["shared_trades_merged"] == 1


def test_nothing_captured_yet_is_an_empty_day(api):
    body = api.get(URL).json()
    assert body["sessions"] == []
    assert body["summary"]["total_sessions"] == 0 and body["summary"]["hit_rate"] is None
    assert body["summary"]["best_region"] is None


def test_with_every_market_switched_off_today_is_empty_not_an_error(api):
    from timezones.models import Market

    Market.objects.update(active=False)
    response = api.get(URL)
    assert response.status_code == 200
    assert (response.json()["date"], response.json()["sessions"], response.json()["missed"]) == ({}, [], [])


def test_a_session_says_when_its_window_ends(api, sessions):
    pre_usa = api.get(URL).json()["sessions"][0]
    assert pre_usa["window_sec"] == 1800  # a Pending trade is decided by opened_at + 30 min


def test_the_documented_shape_is_the_answer(api, sessions):
    # The schema (and the dashboard's generated types) come from the Today serializer: keep them in step.
    body = api.get(URL).json()
    fields = Today().fields
    assert list(body) == list(fields)
    session = fields["sessions"].child.fields
    assert list(body["sessions"][0]) == list(session)
    assert list(body["sessions"][0]["symbols"][0]) == list(session["symbols"].child.fields)
    assert list(body["sessions"][0]["composite"]) == list(session["composite"].fields)
    assert list(body["sessions"][2]["ym_entry"]) == list(session["ym_entry"].fields)
    assert set(body["summary"]) == set(fields["summary"].fields)


def test_a_failed_capture_today_says_why(api):
    # The trader must tell "the capture failed" from "not open yet" (SPEC §3).
    japan = make_missed("Japan", "2026-12-01", "YM quote is 181 s old at the open", attempts=3)
    usa = make_missed("USA", "2026-11-30", "feed down")  # New York's today, though UTC is on 1 Dec
    body = api.get(URL).json()
    assert body["missed"] == [
        {"id": usa.id, "region": "USA", "trading_date": "2026-11-30", "open_at": "2026-11-30T14:30:00.000Z",
         "opened_at": "2026-11-30T09:30:00-05:00", "attempts": 3, "error": "feed down"},
        {"id": japan.id, "region": "Japan", "trading_date": "2026-12-01", "open_at": "2026-12-01T00:00:00.000Z",
         "opened_at": "2026-12-01T09:00:00+09:00", "attempts": 3, "error": "YM quote is 181 s old at the open"},
    ]
    assert list(body["missed"][0]) == list(Today().fields["missed"].child.fields)
    assert body["summary"]["total_sessions"] == 0  # a miss is no session: the figures stay the sessions'


def test_a_miss_on_the_regions_yesterday_is_not_today(api):
    make_missed("London", "2026-11-30")  # London is on 1 Dec: yesterday's miss
    make_missed("Pre_USA", "2026-11-27")  # New York's last Friday
    assert api.get(URL).json()["missed"] == []


def test_a_backtest_runs_miss_is_not_today(api):
    make_missed("Japan", "2026-12-01", "no quotes in the file", run="replay")
    assert api.get(URL).json()["missed"] == []


def test_a_region_captured_by_hand_after_its_miss_shows_only_the_session(api):
    make_missed("Japan", "2026-12-01", "feed down")
    make_missed("China", "2026-12-01", "feed down")
    make_session("Japan", "2026-12-01", "BUY", "Pending")
    body = api.get(URL).json()
    assert [row["region"] for row in body["sessions"]] == ["Japan"]
    assert [row["region"] for row in body["missed"]] == ["China"]
