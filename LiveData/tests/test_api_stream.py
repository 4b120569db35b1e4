import json

import pytest

from thor_backend.clock import now_ms
from LiveData.services.stream import quote_events
from LiveData.tests.factories import T, make_quote

pytestmark = pytest.mark.django_db

URL = "/api/feed/quotes/stream"


def parse_events(chunks) -> list[tuple[str, object]]:
    """SSE text → [(event name or "comment"/"retry", data)]."""
    events = []
    for block in "".join(c.decode() if isinstance(c, bytes) else c for c in chunks).split("\n\n"):
        if not block:
            continue
        if block.startswith(":"):
            events.append(("comment", block[1:].strip()))
        elif block.startswith("retry:"):
            events.append(("retry", int(block.split(":")[1])))
        else:
            fields = dict(line.split(": ", 1) for line in block.split("\n"))
            events.append((fields["event"], json.loads(fields["data"])))
    return events


def quote_bids(events) -> list[tuple[str, float]]:
    return [(data["symbol"], data["bid"]) for name, data in events if name == "quote"]


def test_it_needs_a_login(client, quote_bus):
    response = client.get(URL, {"max_seconds": "0.1"}, HTTP_ACCEPT="text/event-stream")
    assert response.status_code in (401, 403)
    [(name, data)] = parse_events([response.content])
    assert name == "error" and "credentials" in data["detail"]


def test_it_streams_the_current_quotes_then_ends_after_max_seconds(user_client, quote_bus):
    quote_bus.publish([make_quote("YM", now_ms() - 1000, "47380", "47388")])
    response = user_client.get(URL, {"symbols": "YM,ES", "max_seconds": "0.3"}, HTTP_ACCEPT="text/event-stream")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    assert response["Cache-Control"] == "no-cache"
    events = parse_events(response.streaming_content)
    assert events[0] == ("retry", 2000)
    assert quote_bids(events) == [("YM", 47380)]
    [(_, ym)] = [e for e in events if e[0] == "quote"]
    assert ym["stale"] is False and ym["ask"] == 47388


def test_a_published_quote_is_pushed_and_closing_ends_the_stream(user_client, quote_bus):
    now = now_ms()
    quote_bus.publish([make_quote("YM", now - 2000, "47380", "47388")])
    response = user_client.get(URL, {"symbols": "YM", "max_seconds": "10"})
    chunks = iter(response.streaming_content)
    assert parse_events([next(chunks), next(chunks)])[1][0] == "quote"
    quote_bus.publish([make_quote("YM", now - 1000, "47390", "47391")])
    assert quote_bids(parse_events([next(chunks)])) == [("YM", 47390)]
    response.close()  # what the WSGI server does when the client goes away
    assert list(chunks) == []


def test_it_sends_heartbeats_and_only_changed_quotes(quote_bus):
    """A fake clock that moves only when the stream sleeps: ten seconds per poll, no waiting."""
    clock = [0.0]

    def sleep(seconds):
        clock[0] += seconds
        if clock[0] == 20.0:
            quote_bus.publish([make_quote("ES", T + 1, "6800", "6800.25")])

    quote_bus.publish([make_quote("YM", T, "47380", "47388")])
    events = parse_events(quote_events(quote_bus, ["YM", "ES"], 120, max_seconds=50, poll_sec=10,
                                       heartbeat_sec=15, clock=lambda: clock[0], sleep=sleep))
    assert events[0] == ("retry", 2000)
    assert [(name, data if name == "comment" else data["symbol"]) for name, data in events[1:]] == [
        ("quote", "YM"),  # t=0: the current quote; t=10: nothing changed, nothing sent
        ("quote", "ES"),  # t=20: published during the last sleep
        ("comment", "heartbeat"),  # t=20: the heartbeat due at 15
        ("comment", "heartbeat"),  # t=40: the one due at 35; t=50: the end
    ]


def test_a_bad_max_seconds_or_symbol_is_a_400(user_client, quote_bus):
    assert user_client.get(URL, {"max_seconds": "soon"}).status_code == 400
    assert user_client.get(URL, {"max_seconds": "-1"}).status_code == 400
    response = user_client.get(URL, {"symbols": "QQQ"})
    assert response.status_code == 400
    assert "QQQ" in response.json()["symbols"][0]


def test_an_unreachable_bus_ends_the_stream_with_an_error_event(user_client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    events = parse_events(user_client.get(URL, {"max_seconds": "5"}).streaming_content)
    assert events[1:] == [("error", {"error": "quote bus unavailable"})]
