import json
import logging

import pytest

from LiveData.api.ingest import MAX_BODY_BYTES
from thor_backend.clock import now_ms

pytestmark = pytest.mark.django_db  # the alias map and the logins live in the database

URL = "/api/feed/quotes"
TOKEN = "test-feed-token"
SYMBOLS = ["YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB"]


@pytest.fixture(autouse=True)
def feed_token(settings):
    settings.THOR_FEED_TOKEN = TOKEN


def post(client, body, authorization=f"Bearer {TOKEN}", url=URL):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    headers = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}
    return client.post(url, data=data, content_type="application/json", **headers)


def ym(ts_ms=None, **fields) -> dict:
    return {"symbol": "/YM", "ts": now_ms() - 1000 if ts_ms is None else ts_ms, "bid": 47380, "ask": 47388, **fields}


def assert_nothing_stored(bus):
    assert bus.latest(SYMBOLS) == {}


@pytest.mark.parametrize("authorization", [
    None,
    "",
    "Bearer wrong-token",
    f"Token {TOKEN}",  # the user API scheme is not the feed's
    TOKEN,  # no scheme
    "Bearer ",
])
def test_it_refuses_a_missing_or_wrong_token(client, quote_bus, authorization):
    response = post(client, [ym()], authorization=authorization)
    assert response.status_code == 401
    assert "feed token" in response.json()["error"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert_nothing_stored(quote_bus)


@pytest.mark.parametrize("body, message", [
    ("[{", "malformed JSON"),
    ("", "malformed JSON"),
    (b"\xff\xfe[", "malformed JSON"),
    ('{"symbol": "YM"}', "JSON array of quotes"),  # an object without "quotes"
    ('"YM"', "JSON array of quotes"),
])
def test_it_rejects_a_body_that_is_not_a_batch(client, quote_bus, body, message):
    response = post(client, body)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert_nothing_stored(quote_bus)


@pytest.mark.parametrize("quote, field", [
    ({"symbol": "QQ"}, "symbol"),
    ({"ts": "2026-01-01T00:00:00"}, "ts"),  # naive
    ({"ts": now_ms() + 3_600_000}, "ts"),  # an hour ahead
    ({"ts": None}, "ts"),
    ({"bid": "NaN"}, "bid"),
    ({"ask": 47379}, "ask"),  # below the bid
    ({"bid": -1}, "bid"),
    ({"volume": "lots"}, "volume"),
    ({"source": 12}, "source"),
])
def test_a_bad_quote_rejects_the_batch_naming_the_field(client, quote_bus, quote, field):
    response = post(client, {"quotes": [ym(), ym(**quote)]})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "1 error(s); nothing was stored"
    [error] = body["errors"]
    assert (error["index"], error["field"]) == (1, field)
    assert error["message"]
    assert_nothing_stored(quote_bus)


def test_json_nan_literals_are_rejected(client, quote_bus):
    body = f'[{{"symbol": "YM", "ts": {now_ms()}, "bid": NaN, "ask": Infinity}}]'
    response = post(client, body)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["bid", "ask"]
    assert_nothing_stored(quote_bus)


def test_a_batch_over_5000_quotes_is_rejected(client, quote_bus):
    response = post(client, [ym()] * 5001)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "quotes"
    assert_nothing_stored(quote_bus)


def test_a_body_over_5_mb_is_rejected(client, quote_bus):
    padding = " " * (MAX_BODY_BYTES + 1 - len(json.dumps([ym()])))
    response = post(client, json.dumps([ym()]) + padding)
    assert response.status_code == 413
    assert "5 MB" in response.json()["error"]
    assert_nothing_stored(quote_bus)


def test_a_quote_older_than_the_stored_one_is_rejected(client, quote_bus):
    now = now_ms()
    assert post(client, [ym(now - 1000)]).status_code == 202
    response = post(client, [{"symbol": "ES", "ts": now, "bid": 6800, "ask": 6800.25}, ym(now - 2000)])
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert (error["index"], error["symbol"], error["field"]) == (1, "YM", "ts")
    assert "append-only" in error["message"]
    assert set(quote_bus.latest(SYMBOLS)) == {"YM"}


def test_a_rejected_batch_is_logged_with_its_first_error(client, quote_bus, caplog):
    with caplog.at_level(logging.WARNING, logger="LiveData.api.ingest"):
        post(client, [ym(), ym(symbol="QQ"), ym(bid="x")])
    [record] = [r for r in caplog.records if r.name == "LiveData.api.ingest"]
    assert record.levelno == logging.WARNING
    assert "rejected a batch of 3 quotes from 127.0.0.1" in record.getMessage()
    assert "quote 1 symbol: unknown symbol 'QQ'" in record.getMessage()


@pytest.mark.parametrize("wrap", [lambda quotes: quotes, lambda quotes: {"quotes": quotes}])
def test_an_accepted_batch_is_stored_whole(client, quote_bus, wrap):
    now = now_ms()
    quotes = [ym(now - 2000), ym(now - 1000, bid=47381, last=47381.5, source="tos"),
              {"symbol": "30YRBOND", "ts": now - 1500, "bid": "117'16", "ask": "117'165"}]
    response = post(client, wrap(quotes))
    assert response.status_code == 202
    assert response.json() == {"accepted": 3}
    latest = quote_bus.latest(SYMBOLS)
    assert (str(latest["YM"].bid), str(latest["YM"].last), latest["YM"].source) == ("47381", "47381.5", "tos")
    assert (str(latest["ZB"].bid), str(latest["ZB"].ask)) == ("117.5", "117.515625")
    assert len(quote_bus.between("YM", 0, now)) == 2


def test_a_trailing_slash_is_accepted(client, quote_bus):
    assert post(client, [ym()], url=URL + "/").status_code == 202


def test_only_post_is_allowed(client, quote_bus):
    assert client.get(URL, HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405


@pytest.mark.django_db
def test_an_unreachable_bus_answers_503_so_the_feed_retries(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = post(client, [ym()])
    assert response.status_code == 503
    assert "retry" in response.json()["error"]
