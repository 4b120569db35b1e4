"""GET /api/market-open/history/: filtered sessions with their analytics (SPEC §6, the seed's Analytics Tests)."""
import pytest

from MarketOpenCapture.tests.factories import make_many, make_session, reader

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

URL = "/api/market-open/history/"
W, D, E, N = "Worked", "Didn't Work", "Expired", "No Entry"


@pytest.fixture
def api(django_user_model):
    return reader(django_user_model)


def analytics(api, **params):
    response = api.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()["analytics"]


def test_spec_worked_example_12_worked_5_didnt_1_expired(api):
    make_many("Japan", "2026-01-05", [W] * 12 + [D] * 5 + [E] + [N] * 2)
    result = analytics(api)
    assert {key: result[key] for key in ("total_sessions", "entries_made", "worked", "didnt_work", "expired",
                                         "no_entry", "total_pnl", "expected_value")} == {
        "total_sessions": 20, "entries_made": 18, "worked": 12, "didnt_work": 5, "expired": 1, "no_entry": 2,
        "total_pnl": 700, "expected_value": 38.89,  # 700 / 18 entries
    }
    assert result["hit_rate"] == pytest.approx(0.706, abs=5e-4)  # 12 / 17: expired is not decided
    assert (result["hit_rate_low"], result["hit_rate_high"]) == (pytest.approx(0.4687, abs=1e-4),
                                                                  pytest.approx(0.8672, abs=1e-4))
    # Worked resolve 600 s after the open, Didn't Work 900 s: (12·600 + 5·900) / 17.
    assert result["avg_resolution_time_sec"] == pytest.approx(688.235, abs=1e-3)


def test_the_seeds_example_ev_is_hit_rate_times_100_minus_the_rest(api):
    # The seed's formula (0.75 × 100) − (0.25 × 100) agrees with SPEC's when nothing expired.
    make_many("Japan", "2026-01-05", [W, W, W, D])
    result = analytics(api)
    assert (result["hit_rate"], result["expected_value"]) == (0.75, 50)


def test_an_empty_selection_has_no_rates(api):
    result = analytics(api)
    assert result["total_sessions"] == 0 and result["hit_rate"] is None and result["expected_value"] is None
    assert result["hit_rate_low"] is None and result["best_region"] is None and result["best_day"] is None


@pytest.fixture
def grid():
    """One session that every filter keeps, and for each filter one that only it removes."""
    return {
        "match": make_session("Japan", "2026-03-02", "BUY", W),             # Monday
        "tuesday": make_session("Japan", "2026-03-03", "BUY", W),
        "usa": make_session("USA", "2026-03-02", "BUY", W),
        "too_early": make_session("Japan", "2026-02-23", "BUY", W),          # Monday before start_date
        "too_late": make_session("Japan", "2026-03-16", "BUY", W),           # Monday after end_date
        "sell": make_session("Japan", "2026-03-09", "SELL", W),              # Monday, other signal
        "lost": make_session("China", "2026-03-09", "BUY", D),               # Monday, other outcome
        "backtest": make_session("Japan", "2026-03-02", "BUY", W, run="replay-2026"),
    }


ALL_FILTERS = {"region": "Japan,China", "day_of_week": "Monday", "start_date": "2026-03-01",
               "end_date": "2026-03-10", "signal": "BUY", "outcome": "Worked"}


@pytest.mark.parametrize("params, expected", [
    ({}, {"match", "tuesday", "usa", "too_early", "too_late", "sell", "lost"}),  # live only by default
    ({"region": "Japan"}, {"match", "tuesday", "too_early", "too_late", "sell"}),
    ({"day_of_week": "Monday"}, {"match", "usa", "too_early", "too_late", "sell", "lost"}),
    ({"start_date": "2026-03-01"}, {"match", "tuesday", "usa", "too_late", "sell", "lost"}),
    ({"end_date": "2026-03-10"}, {"match", "tuesday", "usa", "too_early", "sell", "lost"}),
    ({"signal": "BUY"}, {"match", "tuesday", "usa", "too_early", "too_late", "lost"}),
    ({"outcome": "Worked"}, {"match", "tuesday", "usa", "too_early", "too_late", "sell"}),
    (ALL_FILTERS, {"match"}),  # every filter at once
    ({"run": "replay-2026"}, {"backtest"}),
])
def test_filters_select_exactly_their_sessions(api, grid, params, expected):
    body = api.get(URL, params).json()
    assert {name for name, session in grid.items() if session.id in {s["id"] for s in body["sessions"]}} == expected
    assert body["count"] == body["analytics"]["total_sessions"] == len(expected)


@pytest.mark.parametrize("params", [
    {"region": ["Japan", "China"]},           # repeated
    {"region": "japan, CHINA"},               # comma list, any case
    {"region": "Japan,China", "day_of_week": "mon"},
    {"region": "Japan,China", "day_of_week": "0"},
    {"region": "Japan,China", "day_of_week": "Monday,Tuesday", "outcome": "worked,didnt_work"},
])
def test_lists_and_spellings_are_equivalent(api, grid, params):
    got = {s["id"] for s in api.get(URL, params).json()["sessions"]}
    assert got >= {grid["match"].id, grid["lost"].id} and grid["usa"].id not in got


def test_the_filters_are_echoed_as_applied(api, grid):
    filters = api.get(URL, {"region": "japan", "day_of_week": "0", "outcome": "didnt_work"}).json()["filters"]
    assert filters == {"region": ["Japan"], "day_of_week": ["Monday"], "start_date": None, "end_date": None,
                       "outcome": ["Didn't Work"], "signal": [], "run": None}


def test_sessions_are_paginated_newest_first(api):
    made = make_many("Japan", "2026-01-05", [W] * 5)
    first = api.get(URL, {"page_size": 2}).json()
    assert first["count"] == 5 and [s["id"] for s in first["sessions"]] == [made[4].id, made[3].id]
    assert first["previous"] is None and "page=2" in first["next"]
    last = api.get(first["next"].replace("http://testserver", "")).json()
    assert [s["id"] for s in api.get(URL, {"page_size": 2, "page": 3}).json()["sessions"]] == [made[0].id]
    assert last["page"] == 2 and "page=1" in last["previous"]
    assert api.get(URL, {"page": 9}).json()["sessions"] == []
    # The analytics always cover every matching session, not the page.
    assert first["analytics"]["total_sessions"] == 5


def test_best_region_needs_the_minimum_sample(api):
    make_many("Japan", "2026-01-05", [W] * 4)            # EV 100 but only 4 trades
    make_many("USA", "2026-01-05", [W, W, W, D, D])      # EV 20 over 5 trades
    assert analytics(api)["best_region"] == "USA"
    assert analytics(api, min_sample=4)["best_region"] == "Japan"
    assert analytics(api, min_sample=6)["best_region"] is None


def test_best_day_needs_the_minimum_sample(api):
    for monday in ("2026-01-05", "2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02"):
        make_session("Japan", monday, "BUY", W)          # Mondays: 5 of 5
    for day, outcome in (("2026-01-06", W), ("2026-01-13", W), ("2026-01-20", D), ("2026-01-27", D)):
        make_session("Japan", day, "BUY", outcome)       # Tuesdays: only 4
    result = analytics(api)
    assert (result["best_day"], result["best_by"], result["min_sample"]) == ("Monday", "expected_value", 5)


def test_london_and_amsterdam_count_once_when_pooled(api):
    # Same instant, same trade: pooled figures count it once and say so.
    make_many("London", "2026-01-05", [W, W, D])
    make_many("EuroNext", "2026-01-05", [W, W, D])
    make_many("Japan", "2026-01-05", [D])
    result = analytics(api)
    assert (result["total_sessions"], result["entries_made"], result["worked"], result["didnt_work"]) == (7, 4, 2, 2)
    assert (result["pooled"], result["shared_trades_merged"], result["total_pnl"]) == (True, 3, 0)
    # A single region's figures count its own trades.
    london = analytics(api, region="London")
    assert (london["entries_made"], london["shared_trades_merged"], london["total_pnl"]) == (3, 0, 100)


def test_regions_grading_a_shared_open_differently_are_two_trades(api):
    london = make_session("London", "2026-01-05", "BUY", W)
    make_session("EuroNext", "2026-01-05", "BUY", E, open_at=london.open_at)  # e.g. a shorter window
    result = analytics(api)
    assert (result["entries_made"], result["shared_trades_merged"]) == (2, 0)


def test_correlation_insights_read_as_sentences(api):
    # ES STRONG_BUY at the open: YM worked 5 of 6; otherwise (ES HOLD) 1 of 5.
    make_many("Japan", "2026-01-05", [W] * 5 + [D], symbols={"ES": "STRONG_BUY"})
    make_many("USA", "2026-01-05", [W] + [D] * 4)
    insight = api.get(URL).json()["correlation_insights"][0]
    assert insight["text"] == "When ES shows STRONG_BUY, YM works 83% of the time (n = 6)"
    assert (insight["symbol"], insight["signal"], insight["sample_size"]) == ("ES", "STRONG_BUY", 6)
    assert insight["ym_worked_rate"] == pytest.approx(5 / 6)
    assert insight["lift"] == pytest.approx(5 / 6 - 6 / 11)  # baseline: 6 worked of 11 decided
