from datetime import datetime, timedelta, timezone
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from FutureTrading.api.serializers import LatestQuotesSerializer
from FutureTrading.models import SymbolConfig, TradingConfig
from FutureTrading.services.live_quotes import latest_quotes
from LiveData.bus import get_bus
from LiveData.quotes import Quote, to_ms

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

URL = "/api/futuretrading/quotes/latest"
NOW = datetime(2025, 10, 27, 0, 0, 0, tzinfo=timezone.utc)  # Tokyo 09:00


def quote(symbol, age_sec, bid, ask, **fields) -> Quote:
    ts_ms = to_ms(NOW - timedelta(seconds=age_sec))
    return Quote(symbol=symbol, ts_ms=ts_ms, bid=D(bid), ask=D(ask), **{k: D(v) for k, v in fields.items()})


# YM: change 75 > 60 → STRONG_BUY +2, 60 × 55 = 3300
YM = Quote(
    symbol="YM", ts_ms=to_ms(NOW - timedelta(milliseconds=1500)), bid=D("47380"), ask=D("47388"), last=D("47387"),
    change=D("75"), prev_close=D("47312"), open=D("47320"), high_24h=D("47506"), low_24h=D("47200"),
    high_52w=D("48000"), low_52w=D("38000"), vwap=D("47350.5"), bid_size=2, ask_size=3, volume=87927,
)
# ES: no feed change, last − prev close = 5 > 1 → BUY +1, 1 × 6 = 6
ES = quote("ES", 10, "6004.75", "6005.00", last="6005.00", prev_close="6000.00")
# NQ: 121 s old → stale; its change 20 would be STRONG_BUY +2, but it is not counted
NQ = quote("NQ", 121, "21000.00", "21000.25", change="20")
# GC (bear): change -4 ≤ -3 → STRONG_SELL, weight +2, -3 × 4 = -12
GC = quote("GC", 0, "2650.0", "2650.1", change="-4")
# Counted: YM, ES, GC → weights 2 + 1 + 2 = 5 → BUY; sum 3300 + 6 - 12 = 3294;
# Σ|contract weight| 55 + 6 + 4 = 65; 3294 / 65 = 50.6769230… → 50.676923


@pytest.fixture
def bus(settings):
    """The embedded default's database bus holding the four quotes above."""
    settings.REDIS_URL = ""
    call_command("seed_symbol_config", verbosity=0)
    get_bus().publish([YM, ES, NQ, GC])
    return get_bus()


@pytest.fixture
def client(bus):
    client = APIClient()
    client.force_login(User.objects.create(username="trader"))
    return client


@pytest.fixture
def board(client, settings):
    """GET the board with Thor's clock at NOW."""
    settings.THOR_CLOCK_NOW = NOW

    def get():
        response = client.get(URL)
        assert response.status_code == 200, response.content
        body = response.json()
        return {row["instrument"]["symbol"]: row for row in body["rows"]}, body["total"]

    return get


def test_anonymous_requests_are_refused(bus):
    response = APIClient().get(URL)
    assert response.status_code in (401, 403)


def test_a_token_works_as_well_as_a_session(bus):
    token = Token.objects.create(user=User.objects.create(username="bot"))
    response = APIClient().get(URL, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200


def test_the_total_is_worked_out_by_hand(board):
    _, total = board()
    assert total == {
        "sum_weighted": 3294.0,
        "avg_weighted": 50.676923,
        "count": 3,
        "signal_weight_sum": 5,
        "composite_signal": "BUY",
        "composite_signal_weight": 1,
        "as_of": "2025-10-27T00:00:00.000Z",
        "status": "LIVE TOTAL",
    }


def test_a_row_carries_the_quote_and_its_signal(board):
    rows, _ = board()
    assert rows["YM"] == {
        "instrument": {"symbol": "YM", "name": "Dow Jones E-mini", "tick_size": 1.0, "display_precision": 0},
        "bid": 47380.0, "ask": 47388.0, "last": 47387.0,
        "bid_size": 2, "ask_size": 3, "volume": 87927,
        "change": 75.0,
        "change_percent": 0.1585,  # 75 / 47312 = 0.15852…%
        "prev_close": 47312.0, "open": 47320.0,
        "high_24h": 47506.0, "low_24h": 47200.0, "high_52w": 48000.0, "low_52w": 38000.0,
        "vwap": 47350.5,
        "spread": 8.0,
        "ts": "2025-10-26T23:59:58.500Z",
        "age_sec": 1.5,
        "stale": False,
        "extended_data": {"signal": "STRONG_BUY", "stat_value": 60.0, "contract_weight": 55.0, "signal_weight": 2},
    }


def test_the_change_falls_back_to_last_minus_previous_close(board):
    rows, _ = board()
    assert (rows["ES"]["change"], rows["ES"]["change_percent"]) == (5.0, 0.0833)  # 5 / 6000 = 0.08333…%
    assert rows["ES"]["extended_data"]["signal"] == "BUY"
    assert rows["ES"]["spread"] == 0.25


def test_a_bear_instrument_keeps_its_label_and_flips_its_weight(board):
    rows, _ = board()
    assert rows["GC"]["extended_data"] == {
        "signal": "STRONG_SELL", "stat_value": -3.0, "contract_weight": 4.0, "signal_weight": 2,
    }


def test_a_stale_quote_is_shown_flagged_and_left_out(board):
    rows, total = board()
    assert (rows["NQ"]["stale"], rows["NQ"]["age_sec"], rows["NQ"]["bid"]) == (True, 121.0, 21000.0)
    assert rows["NQ"]["extended_data"]["signal"] == "STRONG_BUY"
    assert total["count"] == 3


def test_a_longer_stale_limit_set_in_the_admin_counts_it_again(board):
    TradingConfig.objects.update(stale_quote_sec=200)
    rows, total = board()
    # NQ now counts: weights 5 + 2 = 7 → BUY; sum 3294 + 15 × 15 = 3519; Σ|w| 65 + 15 = 80; 3519 / 80 = 43.9875
    assert rows["NQ"]["stale"] is False
    assert (total["signal_weight_sum"], total["sum_weighted"], total["avg_weighted"], total["count"]) == (
        7, 3519.0, 43.9875, 4)


def test_symbols_without_a_quote_are_listed_empty(board):
    rows, _ = board()
    assert list(rows) == ["YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB"]
    zb = rows["ZB"]
    assert zb["instrument"] == {"symbol": "ZB", "name": "30-Year T-Bond", "tick_size": 0.03125, "display_precision": 5}
    assert zb["extended_data"] == {"signal": None, "stat_value": None, "contract_weight": 35.0, "signal_weight": None}
    assert all(zb[field] is None for field in (
        "bid", "ask", "last", "bid_size", "ask_size", "volume", "change", "change_percent", "prev_close", "open",
        "high_24h", "low_24h", "high_52w", "low_52w", "vwap", "spread", "ts", "age_sec"))
    assert zb["stale"] is False


def test_an_inactive_instrument_is_not_on_the_board(board):
    SymbolConfig.objects.filter(symbol="GC").update(active=False)
    rows, total = board()
    assert "GC" not in rows
    # Without GC: weights 2 + 1 = 3 → HOLD; sum 3306; Σ|w| 61; 3306 / 61 = 54.196721…
    assert (total["composite_signal"], total["composite_signal_weight"], total["sum_weighted"]) == ("HOLD", 0, 3306.0)
    assert total["avg_weighted"] == 54.196721


def test_the_board_agrees_with_the_eleven_symbol_example(bus):
    # The changes of test_rules_composite's hand-worked example, one fresh quote each.
    changes = {"YM": "75", "ES": "7", "NQ": "20", "RTY": "3", "CL": "-0.05", "SI": "-0.02", "HG": "-0.012",
               "GC": "4", "VX": "-0.04", "DX": "-31", "ZB": "6"}
    bus.publish([quote(s, 0, "100", "100.5", change=c) for s, c in changes.items()])
    board = latest_quotes(bus, NOW)
    assert board["total"]["signal_weight_sum"] == 4
    assert (board["total"]["composite_signal"], board["total"]["count"]) == ("BUY", 11)
    assert (board["total"]["sum_weighted"], board["total"]["avg_weighted"]) == (2735.490256, 16.511482)


def test_the_board_reads_thors_clock_not_the_wall_clock(client, settings):
    # A replay or a simulated-time installation shifts every process's clock with
    # THOR_CLOCK_OFFSET_SEC: quotes fresh on that clock are fresh on the board, and counted.
    settings.THOR_CLOCK_OFFSET_SEC = (NOW - datetime.now(timezone.utc)).total_seconds()
    body = client.get(URL).json()
    assert (body["total"]["count"], body["total"]["signal_weight_sum"]) == (3, 5)
    assert [row["stale"] for row in body["rows"] if row["instrument"]["symbol"] in ("YM", "NQ")] == [False, True]


def test_the_documented_schema_matches_the_payload(board):
    rows, total = board()
    documented_row = LatestQuotesSerializer().fields["rows"].child.fields
    assert sorted(rows["YM"]) == sorted(documented_row)  # the same keys; JSON keys have no order
    assert list(rows["YM"]["instrument"]) == list(documented_row["instrument"].fields)
    assert list(rows["YM"]["extended_data"]) == list(documented_row["extended_data"].fields)
    assert list(total) == list(LatestQuotesSerializer().fields["total"].fields)


def test_the_board_reads_the_redis_bus_too(settings, redis_url, redis_prefix, board):
    settings.REDIS_URL = redis_url
    settings.QUOTE_BUS_REDIS_PREFIX = redis_prefix
    get_bus().publish([YM])
    rows, total = board()
    assert (rows["YM"]["ask"], rows["ES"]["ask"], total["signal_weight_sum"]) == (47388.0, None, 2)


def test_a_bus_that_is_down_gives_503(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get(URL)
    assert (response.status_code, response.json()) == (503, {"error": "quote bus unavailable"})
