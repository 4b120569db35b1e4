"""POST /api/market-open/capture/: the manual trigger."""
from datetime import datetime, timedelta, timezone

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from LiveData.quotes import to_ms
from MarketOpenCapture.models import MarketOpenSession
from MarketOpenCapture.tests.helpers import book_at

URL = "/api/market-open/capture/"
TOKYO_OPEN = datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc)


@pytest.fixture
def bus(quote_bus, seeded, settings):
    settings.THOR_CLOCK_NOW = TOKYO_OPEN + timedelta(minutes=10)
    return quote_bus


@pytest.fixture
def staff(django_user_model):
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create(username="ops", is_staff=True))
    return client


def test_staff_capture_the_latest_open_once(bus, staff):
    bus.publish(book_at(to_ms(TOKYO_OPEN) - 1))
    first = staff.post(URL, {"region": "Japan"}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["session"]["open_at"].startswith("2026-11-30T00:00:00")
    assert first.json()["session"]["trading_date"] == "2026-11-30"
    assert len(first.json()["session"]["snapshots"]) == 12
    again = staff.post(URL, {"region": "Japan"}, format="json")
    assert again.status_code == 200 and again.json()["created"] is False
    assert MarketOpenSession.objects.get().capture_source == "manual"


def test_a_token_user_may_capture_at_an_instant(bus, django_user_model):
    token = Token.objects.create(user=django_user_model.objects.create(username="excel"))
    bus.publish(book_at(to_ms(TOKYO_OPEN) + 60_000))
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.post(URL, {"region": "Japan", "at": "2026-11-30T09:01:00+09:00"}, format="json")
    assert response.status_code == 201, response.content
    assert MarketOpenSession.objects.get().open_at == TOKYO_OPEN + timedelta(minutes=1)


@pytest.mark.parametrize("who", ["anonymous", "plain user"])
def test_only_staff_or_token_users_may_capture(bus, who, django_user_model):
    client = APIClient()
    if who == "plain user":
        client.force_login(django_user_model.objects.create(username="viewer"))
    assert client.post(URL, {"region": "Japan"}, format="json").status_code in (401, 403)
    assert not MarketOpenSession.objects.exists()


@pytest.mark.parametrize("body, field", [
    ({"region": "Atlantis"}, "region"),
    ({}, "region"),
    ({"region": "Japan", "at": "yesterday"}, "at"),
    ({"region": "Japan", "at": "2026-11-30T10:00:00+00:00"}, "at"),  # the future
])
def test_bad_requests_name_the_field_and_capture_nothing(bus, staff, body, field):
    response = staff.post(URL, body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not MarketOpenSession.objects.exists()


def test_without_quotes_it_says_why_nothing_was_captured(bus, staff):
    response = staff.post(URL, {"region": "Japan"}, format="json")
    assert response.status_code == 422 and "no YM quote" in response.json()["error"]
    assert not MarketOpenSession.objects.exists()
