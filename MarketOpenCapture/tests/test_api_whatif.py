"""GET /api/market-open/whatif/: recorded vs what-if, from the audit trails."""
from datetime import date, datetime, timezone
from decimal import Decimal as D

import pytest
from rest_framework.test import APIClient

from LiveData.quotes import Quote, to_ms
from MarketOpenCapture.models import MarketOpenSession
from MarketOpenCapture.services.capture import capture_open
from MarketOpenCapture.services.grading import grade_step
from MarketOpenCapture.tests.helpers import book_at

URL = "/api/market-open/whatif/"
OPEN = datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc)
T = to_ms(OPEN)


@pytest.fixture
def graded(quote_bus, seeded):
    """A BUY at 47388 (target 47408) that touched 47410 at minute 10, then drifted back, audited to T + 2 h."""
    quote_bus.publish(book_at(T - 1_000))
    session = capture_open("Japan", date(2026, 11, 30), OPEN, bus=quote_bus).session
    path = [Quote(symbol="YM", ts_ms=T + s * 30_000, bid=D(47390), ask=D(47392)) for s in range(1, 241)]
    path[19] = Quote(symbol="YM", ts_ms=path[19].ts_ms, bid=D(47410), ask=D(47412))
    quote_bus.publish(path)
    assert grade_step(session, quote_bus, now_ms=T + 7_260_001)  # the 2 h horizon + the 60 s feed-gap limit
    return MarketOpenSession.objects.get(pk=session.pk)


@pytest.fixture
def client(django_user_model):
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create(username="trader"))
    return client


def test_a_wider_target_expires_what_worked_and_the_record_stays(graded, client):
    assert graded.outcome == "Worked"
    response = client.get(URL, {"target_usd": "200"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["sessions"] == 1 and body["skipped"] == []
    assert (body["recorded"]["worked"], body["whatif"]["worked"], body["whatif"]["expired"]) == (1, 0, 1)
    assert MarketOpenSession.objects.get(pk=graded.pk).outcome == "Worked"


def test_a_short_policy_loses_on_the_same_path(graded, client):
    body = client.get(URL, {"policy": "short", "stop_usd": "100"}).json()
    # Short at the bid 47380 (stop 47400): the spike at minute 10 (ask 47412) touches the stop.
    assert body["whatif"]["didnt_work"] == 1


@pytest.mark.parametrize("params, field", [
    ({"target_usd": "lots"}, "target_usd"),
    ({"target_usd": "-5"}, "target_usd"),
    ({"window_sec": "1.5"}, "window_sec"),
    ({"policy": "maybe"}, "policy"),
    ({"region": "Atlantis"}, "region"),
])
def test_bad_questions_are_400s_naming_the_parameter(seeded, client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400 and field in response.json()


@pytest.mark.parametrize("params, named", [
    ({"target_usd": "1e15"}, "target_usd"),  # a bracket beyond any price the grader can hold
    ({"stop_usd": "1e999999"}, "stop_usd"),  # and one that took the server a minute of CPU to refuse
    ({"window_sec": "\u00b2"}, "window_sec"),  # "²" is a digit to str.isdigit(), not to int()
    ({"window_sec": "9" * 5000}, "window_sec"),  # more digits than int() converts
])
def test_out_of_range_questions_are_400s_not_500s(graded, client, params, named):
    response = client.get(URL, params)
    assert response.status_code == 400, response.content
    assert named in str(response.json())


def test_it_needs_a_login(seeded):
    assert APIClient().get(URL).status_code in (401, 403)
