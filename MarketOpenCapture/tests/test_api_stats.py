"""GET /api/market-open/stats/: breakdowns by region, weekday, signal and month, and the equity curve."""
import pytest

from MarketOpenCapture.tests.factories import make_many, make_session, reader

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

URL = "/api/market-open/stats/"
W, D, E, N = "Worked", "Didn't Work", "Expired", "No Entry"


@pytest.fixture
def api(django_user_model):
    return reader(django_user_model)


def rows(body, breakdown):
    return {row["key"]: row for row in body["breakdowns"][breakdown]}


def test_each_breakdown_row_has_its_sample_rate_interval_and_money(api):
    make_many("Japan", "2026-01-05", [W, W, W, D, E])   # Mon 5 → Fri 9 January
    make_many("USA", "2026-02-02", [D, D, W])            # Mon 2 → Wed 4 February
    body = api.get(URL).json()
    japan = rows(body, "region")["Japan"]
    assert {key: japan[key] for key in ("n", "entries_made", "worked", "didnt_work", "expired", "total_pnl",
                                        "expected_value")} == {
        "n": 3 + 1, "entries_made": 5, "worked": 3, "didnt_work": 1, "expired": 1, "total_pnl": 200,
        "expected_value": 40,
    }
    assert japan["hit_rate"] == 0.75
    assert (japan["hit_rate_low"], japan["hit_rate_high"]) == (pytest.approx(0.3006, abs=1e-4),
                                                                pytest.approx(0.9544, abs=1e-4))
    assert list(rows(body, "region")) == ["Japan", "USA"]  # display order, only regions with sessions
    assert list(rows(body, "month")) == ["2026-01", "2026-02"]
    assert rows(body, "month")["2026-02"]["total_pnl"] == -100
    assert list(rows(body, "weekday")) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    assert rows(body, "weekday")["Monday"]["worked"] == 1 and rows(body, "weekday")["Monday"]["didnt_work"] == 1
    assert list(rows(body, "signal")) == ["BUY"]


def test_signal_breakdown_follows_the_composite(api):
    make_many("Japan", "2026-01-05", [W, W], signal="STRONG_BUY")
    make_many("Japan", "2026-01-07", [D], signal="SELL")
    make_many("Japan", "2026-01-08", [N], signal="HOLD")
    body = api.get(URL).json()
    assert list(rows(body, "signal")) == ["STRONG_BUY", "HOLD", "SELL"]
    assert rows(body, "signal")["HOLD"]["entries_made"] == 0 and rows(body, "signal")["HOLD"]["no_entry"] == 1
    assert rows(body, "signal")["SELL"]["hit_rate"] == 0


def test_a_shared_trade_counts_in_each_region_but_once_elsewhere(api):
    make_many("London", "2026-01-05", [W, D])
    make_many("EuroNext", "2026-01-05", [W, D])
    body = api.get(URL).json()
    assert rows(body, "region")["London"]["entries_made"] == rows(body, "region")["EuroNext"]["entries_made"] == 2
    assert rows(body, "region")["London"]["shared_trades_merged"] == 0
    monday = rows(body, "weekday")["Monday"]
    assert (monday["total_sessions"], monday["entries_made"], monday["shared_trades_merged"]) == (2, 1, 1)
    assert body["summary"]["pooled"] is True and body["summary"]["entries_made"] == 2
    assert rows(body, "month")["2026-01"]["entries_made"] == 2


def test_the_equity_curve_is_pooled_daily_with_drawdown(api):
    make_session("Japan", "2026-01-05", "BUY", W)       # +100
    make_session("London", "2026-01-05", "BUY", W)      # +100, shared with Amsterdam: counted once
    make_session("EuroNext", "2026-01-05", "BUY", W)
    make_session("Japan", "2026-01-06", "BUY", D)       # −100
    make_session("USA", "2026-01-06", "SELL", D)        # −100
    make_session("Japan", "2026-01-07", "BUY", E)       # 0
    make_session("Japan", "2026-01-08", "BUY", W)       # +100
    make_session("China", "2026-01-09", "HOLD", N)      # no trade, no point
    body = api.get(URL).json()
    assert body["equity"] == [
        {"date": "2026-01-05", "pnl_usd": 200, "cumulative_pnl": 200, "drawdown": 0},
        {"date": "2026-01-06", "pnl_usd": -200, "cumulative_pnl": 0, "drawdown": 200},
        {"date": "2026-01-07", "pnl_usd": 0, "cumulative_pnl": 0, "drawdown": 200},
        {"date": "2026-01-08", "pnl_usd": 100, "cumulative_pnl": 100, "drawdown": 100},
    ]
    assert body["max_drawdown"] == 200


def test_stats_take_the_history_filters(api):
    make_many("Japan", "2026-01-05", [W, W])
    make_many("USA", "2026-01-05", [D])
    body = api.get(URL, {"region": "USA"}).json()
    assert list(rows(body, "region")) == ["USA"] and body["summary"]["didnt_work"] == 1
    assert body["filters"]["region"] == ["USA"]


def test_no_sessions_no_rows(api):
    body = api.get(URL).json()
    assert body["breakdowns"] == {"region": [], "weekday": [], "signal": [], "month": []}
    assert body["equity"] == [] and body["max_drawdown"] == 0 and body["summary"]["total_sessions"] == 0
