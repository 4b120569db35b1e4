"""Sessions one by one: the list, one session in full, its symbols, the pending and the missed."""
from datetime import datetime, timezone

import pytest

from MarketOpenCapture.models import FutureSnapshot, MissedCapture
from MarketOpenCapture.tests.factories import make_many, make_session, reader

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

BASE = "/api/market-open"
UTC = timezone.utc


@pytest.fixture
def api(django_user_model, settings):
    settings.THOR_CLOCK_NOW = datetime(2026, 1, 9, 12, 0, tzinfo=UTC)
    return reader(django_user_model)


def test_the_list_is_filtered_and_paginated(api):
    made = make_many("Japan", "2026-01-05", ["Worked", "Didn't Work", "Worked"])
    make_session("USA", "2026-01-05", "SELL", "Worked")
    body = api.get(f"{BASE}/sessions/", {"region": "Japan", "outcome": "Worked", "page_size": 1}).json()
    assert body["count"] == 2 and [row["id"] for row in body["results"]] == [made[2].id]
    assert body["filters"]["outcome"] == ["Worked"] and "page=2" in body["next"]


def test_a_session_in_full_has_12_snapshots_and_the_theoretical_trades(api):
    session = make_session("Japan", "2026-01-05", "BUY", "Worked")
    FutureSnapshot.objects.filter(session=session, symbol="ZB").update(
        trade_side="BUY", trade_entry="117.53125", trade_target="117.625", trade_stop="117.4375",
        trade_target_ticks=3, trade_stop_ticks=3, trade_target_usd="93.75", trade_stop_usd="93.75",
        trade_outcome="Didn't Work", trade_pnl_usd="-93.75",
        trade_resolved_at=datetime(2026, 1, 5, 0, 4, tzinfo=UTC))
    body = api.get(f"{BASE}/sessions/{session.id}/").json()
    assert body["id"] == session.id and body["region"] == "Japan" and body["day_of_week"] == "Monday"
    assert len(body["snapshots"]) == 12 and body["snapshots"][-1]["symbol"] == "TOTAL"
    assert body["opened_at"] == "2026-01-05T09:00:00+09:00" and body["elapsed_sec"] == 600
    assert body["theoretical_trades"] == [{
        "symbol": "ZB", "side": "BUY", "entry": 117.53125, "target": 117.625, "stop": 117.4375,
        "target_ticks": 3, "stop_ticks": 3, "target_usd": 93.75, "stop_usd": 93.75, "outcome": "Didn't Work",
        "pnl_usd": -93.75, "resolved_at": "2026-01-05T00:04:00.000Z",
    }]
    path = api.get(body["path_url"])
    assert path.status_code == 200 and path.json()["session"] == session.id


def test_a_sessions_symbols_are_its_11_futures(api):
    session = make_session("Japan", "2026-01-05", "BUY", "Worked", symbols={"GC": "SELL"})
    body = api.get(f"{BASE}/sessions/{session.id}/symbols/").json()
    assert [row["symbol"] for row in body["symbols"]] == ["YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX",
                                                          "DX", "ZB"]
    assert body["symbols"][7]["signal"] == "SELL" and body["symbols"][7]["bid"] == 107
    assert (body["session"], body["region"], body["trading_date"]) == (session.id, "Japan", "2026-01-05")


@pytest.mark.parametrize("url", ["sessions/999999/", "sessions/999999/symbols/"])
def test_an_unknown_session_is_404(api, url):
    assert api.get(f"{BASE}/{url}").status_code == 404


def test_pending_lists_the_sessions_still_being_graded_oldest_first(api):
    make_session("Japan", "2026-01-09", "BUY", "Worked")
    usa = make_session("USA", "2026-01-08", "SELL", "Pending")
    japan = make_session("Japan", "2026-01-08", "BUY", "Pending")
    body = api.get(f"{BASE}/pending/").json()
    assert [row["id"] for row in body["results"]] == [japan.id, usa.id]
    # USA opened 2026-01-08 14:30 UTC; the clock shows 2026-01-09 12:00 UTC.
    assert body["results"][1]["elapsed_sec"] == 21.5 * 3600
    assert [row["id"] for row in api.get(f"{BASE}/pending/", {"region": "USA"}).json()["results"]] == [usa.id]


def test_missed_lists_opens_without_a_session(api):
    MissedCapture.objects.create(region="China", trading_date="2026-01-06",
                                 open_at=datetime(2026, 1, 6, 1, 30, tzinfo=UTC), attempts=3, error="no YM quote")
    MissedCapture.objects.create(region="Japan", trading_date="2026-01-07",
                                 open_at=datetime(2026, 1, 7, 0, 0, tzinfo=UTC), attempts=3, error="feed down")
    body = api.get(f"{BASE}/missed/").json()
    assert body["count"] == 2 and [row["region"] for row in body["results"]] == ["Japan", "China"]
    assert body["results"][1] == {**body["results"][1], "trading_date": "2026-01-06",
                                  "open_at": "2026-01-06T01:30:00.000Z", "attempts": 3, "error": "no YM quote"}
    assert api.get(f"{BASE}/missed/", {"start_date": "2026-01-07"}).json()["count"] == 1


@pytest.mark.parametrize("path", ["today", "history", "stats", "predictors", "pending", "missed", "sessions"])
def test_the_seeds_urls_work_without_the_trailing_slash(api, path):
    assert api.get(f"{BASE}/{path}").status_code == 200


def test_the_list_sorts_on_a_column_either_way_with_empty_values_last(api):
    made = {outcome: make_session("Japan", day, "BUY", outcome) for outcome, day in
            [("Worked", "2026-01-05"), ("Didn't Work", "2026-01-06"), ("Pending", "2026-01-07"),
             ("Expired", "2026-01-08")]}
    order = {name: [row["id"] for row in api.get(f"{BASE}/sessions/", {"ordering": name}).json()["results"]]
             for name in ("pnl_usd", "-pnl_usd")}
    ids = {outcome: session.id for outcome, session in made.items()}
    assert order["pnl_usd"] == [ids["Didn't Work"], ids["Expired"], ids["Worked"], ids["Pending"]]
    assert order["-pnl_usd"] == [ids["Worked"], ids["Expired"], ids["Didn't Work"], ids["Pending"]]


def test_a_sorted_list_pages_in_that_order_and_the_export_keeps_it(api):
    for region in ("USA", "Japan", "London", "China"):
        make_session(region, "2026-01-05", "BUY", "Worked")
    pages = [api.get(f"{BASE}/sessions/", {"ordering": "region", "page_size": 2, "page": page}).json()
             for page in (1, 2)]
    assert [[row["region"] for row in page["results"]] for page in pages] == [["China", "Japan"], ["London", "USA"]]
    assert "ordering=region" in pages[0]["next"]
    csv = api.get(f"{BASE}/sessions/", {"ordering": "-region", "format": "csv"}).content.decode("utf-8-sig")
    assert [line.split(",")[1] for line in csv.splitlines()[1:]] == ["USA", "London", "Japan", "China"]


def test_history_sorts_its_session_page_too(api):
    first, second = make_many("Japan", "2026-01-05", ["Worked", "Didn't Work"])
    body = api.get(f"{BASE}/history/", {"ordering": "trading_date"}).json()
    assert [row["id"] for row in body["sessions"]] == [first.id, second.id]


def test_the_signal_column_sorts_by_strength_not_alphabetically(api):
    # Alphabetical order would put STRONG_BUY between SELL and STRONG_SELL.
    made = {signal: make_session("Japan", day, signal, "No Entry" if signal == "HOLD" else "Worked").id
            for signal, day in [("SELL", "2026-01-05"), ("STRONG_BUY", "2026-01-06"), ("HOLD", "2026-01-07"),
                                ("STRONG_SELL", "2026-01-08"), ("BUY", "2026-01-09")]}
    strongest_first = [made[signal] for signal in ("STRONG_BUY", "BUY", "HOLD", "SELL", "STRONG_SELL")]
    for ordering, expected in (("composite_signal", strongest_first), ("-composite_signal", strongest_first[::-1])):
        rows = api.get(f"{BASE}/sessions/", {"ordering": ordering}).json()["results"]
        assert [row["id"] for row in rows] == expected, ordering


def test_the_outcome_column_sorts_decided_trades_first_and_pending_last(api):
    order = ["Worked", "Didn't Work", "Expired", "No Entry", "Error", "Pending"]
    made = {outcome: make_session("Japan", f"2026-01-{5 + day:02d}", "BUY", outcome).id
            for day, outcome in enumerate(["Pending", "Expired", "Worked", "Error", "No Entry", "Didn't Work"])}
    for ordering, expected in (("outcome", order), ("-outcome", order[::-1])):
        rows = api.get(f"{BASE}/sessions/", {"ordering": ordering}).json()["results"]
        assert [row["id"] for row in rows] == [made[outcome] for outcome in expected], ordering


@pytest.mark.parametrize("value", ["pnl", "--pnl_usd", "open_at,region"])
def test_an_unknown_sort_column_is_refused_by_name(api, value):
    response = api.get(f"{BASE}/sessions/", {"ordering": value})
    assert response.status_code == 400 and "ordering" in response.json()
