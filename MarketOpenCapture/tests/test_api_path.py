"""GET /api/market-open/sessions/{id}/path/: the YM quotes of a session's window, for its chart."""
import csv
import io
from datetime import timedelta
from decimal import Decimal as D

import pytest
from rest_framework.test import APIClient

from LiveData.bus import QuoteBusUnavailable
from LiveData.quotes import Quote, to_ms
from MarketOpenCapture.api.path import MAX_POINTS
from MarketOpenCapture.models import AuditTrail
from MarketOpenCapture.rules.scaled import scale_all
from MarketOpenCapture.services.audit import pack
from MarketOpenCapture.tests.factories import make_session, reader

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

WINDOW_MS = 1_800_000  # the factory's evaluation window


@pytest.fixture
def api(django_user_model):
    return reader(django_user_model)


@pytest.fixture
def pending():
    """Tokyo's BUY at 47388 (target 47408, stop 47368), opened 2026-12-01 00:00 UTC, still being graded."""
    return make_session("Japan", "2026-12-01", "BUY", "Pending")


def open_ms(session) -> int:
    return to_ms(session.open_at)


def url(session) -> str:
    return f"/api/market-open/sessions/{session.pk}/path/"


def store_trail(session, quotes: list[tuple[int, str, str]]):
    """An audit trail of (ms after the open, bid, ask) quotes, as the grader stores it."""
    start = open_ms(session)
    ts = [start + offset for offset, _, _ in quotes]
    data = pack(ts, scale_all(D(bid) for _, bid, _ in quotes), scale_all(D(ask) for _, _, ask in quotes))
    AuditTrail.objects.create(session=session, symbol="YM", start_ms=start, end_ms=start + 7_200_000,
                              quote_count=len(quotes), data=data)


def test_while_there_is_no_audit_trail_the_path_comes_from_the_bus_up_to_now(api, pending, quote_bus, settings):
    t = open_ms(pending)
    settings.THOR_CLOCK_NOW = pending.open_at + timedelta(seconds=3)
    quote_bus.publish([
        Quote(symbol="YM", ts_ms=t - 1000, bid=D("47380"), ask=D("47388")),  # before the open: the snapshot's
        Quote(symbol="YM", ts_ms=t, bid=D("47381"), ask=D("47389")),  # at T: not after it
        Quote(symbol="ES", ts_ms=t + 500, bid=D("6825"), ask=D("6825.25")),  # another symbol
        Quote(symbol="YM", ts_ms=t + 1000, bid=D("47390.5"), ask=D("47392")),
        Quote(symbol="YM", ts_ms=t + 3000, bid=D("47395"), ask=D("47397")),
        Quote(symbol="YM", ts_ms=t + 4000, bid=D("47409"), ask=D("47411")),  # after the server's now
    ])
    body = api.get(url(pending)).json()
    assert (body["source"], body["symbol"], body["quote_count"]) == ("bus", "YM", 2)
    assert (body["open_ms"], body["window_end_ms"]) == (t, t + WINDOW_MS)
    assert body["ts_ms"] == [t + 1000, t + 3000]
    assert (body["bid"], body["ask"]) == ([47390.5, 47395], [47392, 47397])
    assert body["reason"] is None


def test_a_stored_trail_is_read_inside_the_window_only(api, pending):
    # The trail runs to the audit horizon (2 h); the chart shows the window, its end included.
    store_trail(pending, [(2_000, "47390", "47398"), (WINDOW_MS, "115.96875", "116.03125"),
                          (WINDOW_MS + 1, "47500", "47508")])
    body = api.get(url(pending)).json()
    assert (body["source"], body["quote_count"]) == ("audit", 2)
    assert body["ts_ms"] == [open_ms(pending) + 2_000, open_ms(pending) + WINDOW_MS]
    assert body["bid"] == [47390, 115.96875] and body["ask"] == [47398, 116.03125]  # exact, not rounded


def test_a_backtest_session_without_a_trail_shows_no_live_quotes_and_says_why(api, quote_bus, settings):
    # Replayed from 1-minute bars: graded on bars, so it has no trail, and the live bus of that span is
    # another market than the one the backtest graded.
    replayed = make_session("Japan", "2026-12-01", "BUY", "Worked", run="bars-2026")
    t = open_ms(replayed)
    settings.THOR_CLOCK_NOW = replayed.open_at + timedelta(hours=1)
    quote_bus.publish([Quote(symbol="YM", ts_ms=t + 1000, bid=D("47500"), ask=D("47508"))])
    body = api.get(url(replayed)).json()
    assert (body["source"], body["quote_count"], body["ts_ms"], body["bid"], body["ask"]) == ("none", 0, [], [], [])
    assert (body["open_ms"], body["window_end_ms"]) == (t, t + WINDOW_MS)
    assert "backtest" in body["reason"]
    rows = api.get(url(replayed), {"format": "csv"}).content.decode("utf-8-sig").splitlines()
    assert rows == ["ts_utc,bid,ask"]


def test_a_backtest_session_with_a_trail_shows_it(api):
    replayed = make_session("Japan", "2026-12-01", "BUY", "Worked", run="ticks-2026")
    store_trail(replayed, [(2_000, "47390", "47398")])
    body = api.get(url(replayed)).json()
    assert (body["source"], body["ts_ms"], body["reason"]) == ("audit", [open_ms(replayed) + 2_000], None)


def test_a_long_window_is_thinned_without_losing_a_one_quote_touch(api, pending):
    quotes = [(second * 1000, str(47390 + second % 5), str(47398 + second % 5)) for second in range(1, 1801)]
    quotes[1233] = (1_234_000, "47408", "47416")  # the target, for one quote only
    quotes[776] = (777_000, "47361", "47367")  # the stop side, for one quote only
    store_trail(pending, quotes)
    body = api.get(url(pending)).json()
    assert body["quote_count"] == 1800 and len(body["ts_ms"]) <= MAX_POINTS
    assert body["ts_ms"] == sorted(set(body["ts_ms"]))
    assert max(body["bid"]) == 47408 and min(body["ask"]) == 47367
    target_at = body["ts_ms"].index(open_ms(pending) + 1_234_000)
    assert body["bid"][target_at] == 47408


def test_the_csv_holds_every_quote_in_utc(api, pending):
    store_trail(pending, [(second * 1000, "47390", "47398.5") for second in range(1, 1801)])
    response = api.get(url(pending), {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="thor-path.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1800
    assert rows[0] == {"ts_utc": "2026-12-01 00:00:01", "bid": "47390", "ask": "47398.5"}


def test_a_quote_bus_that_is_down_says_so(api, pending, monkeypatch):
    def down(*args):
        raise QuoteBusUnavailable("connection refused")

    monkeypatch.setattr("MarketOpenCapture.api.path.bus_path", down)
    response = api.get(url(pending))
    assert response.status_code == 503 and response.json() == {"error": "quote bus unavailable"}


def test_an_unknown_session_is_404_and_strangers_are_refused(api, pending):
    assert api.get("/api/market-open/sessions/999999/path/").status_code == 404
    assert APIClient().get(url(pending)).status_code in (401, 403)
    assert api.get(url(pending), {"points": 10}).status_code == 400
