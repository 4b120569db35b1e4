import pytest

from LiveData.api.serializers import HealthSerializer
from thor_backend.clock import now_ms
from LiveData.tests.factories import make_quote

pytestmark = pytest.mark.django_db

URL = "/api/health"
SYMBOLS = ["YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB"]


def test_it_reports_the_database_the_bus_and_the_quote_ages_without_login(client, quote_bus):
    quote_bus.publish([make_quote("YM", now_ms() - 3000)])
    response = client.get(URL)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == set(HealthSerializer().fields)  # the documented schema
    assert {key: body[key] for key in ("status", "database", "quote_bus")} == {
        "status": "ok", "database": "ok", "quote_bus": {"kind": quote_bus.kind, "ok": True},
    }
    assert list(body["quotes"]) == SYMBOLS
    assert 3 <= body["quotes"]["YM"] < 6
    assert [body["quotes"][s] for s in SYMBOLS[1:]] == [None] * 10


def test_an_unreachable_bus_is_a_503(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["quote_bus"]) == (
        "degraded", "ok", {"kind": "redis", "ok": False})
    assert set(body["quotes"].values()) == {None}
