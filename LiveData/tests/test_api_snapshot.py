import pytest

from FutureTrading.models import TradingConfig
from LiveData.api.serializers import SnapshotSerializer
from thor_backend.clock import now_ms
from LiveData.tests.factories import make_quote as quote

pytestmark = pytest.mark.django_db

URL = "/api/feed/quotes/snapshot"


def test_it_needs_a_login(client, quote_bus):
    assert client.get(URL, {"symbols": "YM"}).status_code in (401, 403)


def test_it_shows_the_latest_quotes_with_their_age_and_staleness(user_client, quote_bus):
    TradingConfig.load()  # stale_quote_sec 120
    now = now_ms()
    quote_bus.publish([
        quote("YM", now - 2000, "47380", "47388", last=None, volume=12),
        quote("ES", now - 121_000, "6800.25", "6800.5"),  # just over 120 s: stale
    ])
    response = user_client.get(URL, {"symbols": "/ym,es,NQ"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == set(SnapshotSerializer().fields)  # the documented schema
    assert body["stale_after_sec"] == 120
    assert body["missing"] == ["NQ"]
    ym, es = body["quotes"]
    assert (ym["symbol"], ym["bid"], ym["ask"], ym["last"], ym["volume"], ym["stale"]) == (
        "YM", 47380, 47388, None, 12, False)
    assert 2 <= ym["age_sec"] < 5
    assert (es["symbol"], es["bid"], es["ask"], es["stale"]) == ("ES", 6800.25, 6800.5, True)


def test_without_symbols_it_lists_every_instrument(user_client, quote_bus):
    body = user_client.get(URL).json()
    assert body["quotes"] == []
    assert body["missing"] == ["YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB"]


def test_an_unknown_symbol_is_a_400_naming_it(user_client, quote_bus):
    response = user_client.get(URL, {"symbols": "YM,QQQ"})
    assert response.status_code == 400
    assert "unknown symbol 'QQQ'" in response.json()["symbols"][0]
