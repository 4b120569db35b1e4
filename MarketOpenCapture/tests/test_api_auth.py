"""Every read endpoint needs a logged-in user or an API token; CSRF stays on for session writes."""
import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from MarketOpenCapture.tests.factories import make_session, reader

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

PATHS = ["today/", "history/", "stats/", "predictors/", "pending/", "missed/", "sessions/", "sessions/{id}/",
         "sessions/{id}/symbols/"]


@pytest.fixture
def urls():
    session = make_session("Japan", "2026-01-05", "BUY", "Worked")
    return [f"/api/market-open/{path.format(id=session.id)}" for path in PATHS]


@pytest.mark.parametrize("export", [None, "csv", "xlsx"])
def test_anonymous_readers_are_refused_everywhere(urls, export):
    client = APIClient()
    for url in urls:
        response = client.get(url, {"format": export} if export else {})
        assert response.status_code in (401, 403), url
        assert response["Content-Type"] == "application/json", url  # the refusal is never a spreadsheet


def test_a_wrong_token_is_refused_everywhere(urls):
    client = APIClient(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    for url in urls:
        response = client.get(url)
        # 403, not 401: DRF answers with the first authenticator's challenge, and sessions have none.
        assert response.status_code in (401, 403) and response.json()["detail"] == "Invalid token.", url


def test_a_token_reads_everywhere(urls, django_user_model):
    token = Token.objects.create(user=django_user_model.objects.create(username="excel"))
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(url, {"format": "xlsx"}).status_code == 200, url


def test_a_logged_in_user_reads_everywhere(urls, django_user_model):
    client = reader(django_user_model)
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_session_writes_still_need_the_csrf_token(django_user_model):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(django_user_model.objects.create(username="ops", is_staff=True))
    response = client.post("/api/market-open/capture/", {"region": "Japan"}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert client.post("/api/market-open/history/", {}).status_code == 403


def test_the_read_endpoints_are_read_only(urls, django_user_model):
    token = Token.objects.create(user=django_user_model.objects.create(username="script"))
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token.key}")
    for url in urls:
        assert client.post(url, {}).status_code == 405, url
        assert client.delete(url).status_code == 405, url
