"""thor_backend.spa: the SPA index for non-API paths, and the JSON login API."""
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

INDEX_HTML = "<!doctype html><title>Thor</title><div id=root></div>"


@pytest.fixture
def built(settings, tmp_path):
    settings.FRONTEND_DIST = tmp_path
    (tmp_path / "index.html").write_text(INDEX_HTML)
    return tmp_path


@pytest.fixture
def trader(db):
    return User.objects.create_user("trader", password="s3cret-pass")


@pytest.fixture
def csrf_client():
    """A browser-like client: Django's test client skips CSRF checks unless asked."""
    return Client(enforce_csrf_checks=True)


def post_json(client, url, data, token=None):
    headers = {"X-CSRFToken": token} if token else {}
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(url, body, content_type="application/json", headers=headers)


def csrf_token(client) -> str:
    client.get("/api/auth/whoami")
    return client.cookies["csrftoken"].value


@pytest.mark.parametrize("url", [
    "/",
    "/login",
    "/futures/market-open/today",
    "/futures/market-open/history?region=USA",
    "/apis",  # only the api/ prefix is the API's
])
def test_it_serves_the_index_for_every_dashboard_path(client, built, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.content.decode() == INDEX_HTML
    assert "no-cache" in response["Cache-Control"]  # a new build shows on the next load
    assert "csrftoken" in response.cookies  # the SPA's POSTs need it


@pytest.mark.parametrize("url", ["/api", "/api/", "/api/no-such-thing", "/static/assets/missing.js"])
def test_it_leaves_api_and_static_paths_alone(client, built, url):
    assert client.get(url).status_code == 404


def test_the_admin_still_answers_at_its_own_path(client, built):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_an_unbuilt_dashboard_says_how_to_build_it(client, settings, tmp_path):
    settings.FRONTEND_DIST = tmp_path / "missing"
    response = client.get("/")
    assert response.status_code == 503
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == "dashboard not built: run npm run build in frontend/\n"


def test_the_index_only_answers_reads(client, built):
    assert client.post("/", {}).status_code == 405


def test_whoami_tells_an_anonymous_visitor_and_sets_the_csrf_cookie(client):
    response = client.get("/api/auth/whoami")
    assert response.status_code == 200
    assert response.json() == {"authenticated": False, "username": None}
    assert "csrftoken" in response.cookies


def test_login_needs_the_csrf_token(csrf_client, trader):
    response = post_json(csrf_client, "/api/auth/login", {"username": "trader", "password": "s3cret-pass"})
    assert response.status_code == 403
    assert csrf_client.get("/api/auth/whoami").json()["authenticated"] is False


def test_login_starts_a_session_that_the_api_accepts(csrf_client, trader):
    token = csrf_token(csrf_client)
    response = post_json(csrf_client, "/api/auth/login", {"username": "trader", "password": "s3cret-pass"}, token)
    assert response.status_code == 200
    assert response.json() == {"authenticated": True, "username": "trader"}
    assert csrf_client.get("/api/auth/whoami").json() == {"authenticated": True, "username": "trader"}
    # DRF's session authentication now lets the dashboard read the API.
    assert csrf_client.get("/api/timezones/markets/").status_code == 200


@pytest.mark.parametrize("body, error", [
    ('{"username": "trader"', "malformed JSON"),  # cut short
    ('["trader", "s3cret-pass"]', "username and password are required"),  # not an object
    ({"username": "trader"}, "username and password are required"),  # no password
    ({"username": "", "password": "s3cret-pass"}, "username and password are required"),  # empty name
    ({"username": "trader", "password": 12345678}, "username and password are required"),  # not a string
    ({"username": "trader", "password": "wrong-pass"}, "wrong username or password"),
    ({"username": "nobody", "password": "s3cret-pass"}, "wrong username or password"),
])
def test_a_bad_login_is_a_400_and_logs_nobody_in(csrf_client, trader, body, error):
    token = csrf_token(csrf_client)
    response = post_json(csrf_client, "/api/auth/login", body, token)
    assert response.status_code == 400
    assert error in response.json()["error"]
    assert csrf_client.get("/api/auth/whoami").json()["authenticated"] is False


def test_an_inactive_user_cannot_log_in(csrf_client, trader):
    trader.is_active = False
    trader.save()
    token = csrf_token(csrf_client)
    response = post_json(csrf_client, "/api/auth/login", {"username": "trader", "password": "s3cret-pass"}, token)
    assert response.status_code == 400


def test_logout_ends_the_session(csrf_client, trader):
    csrf_client.force_login(trader)
    token = csrf_token(csrf_client)
    response = post_json(csrf_client, "/api/auth/logout", {}, token)
    assert response.status_code == 200
    assert response.json() == {"authenticated": False, "username": None}
    assert csrf_client.get("/api/timezones/markets/").status_code == 403


@pytest.mark.parametrize("url", ["/api/auth/login", "/api/auth/logout"])
def test_login_and_logout_only_take_posts(client, url):
    assert client.get(url).status_code == 405
