"""GET /api/market-open/runs/: the backtest runs the History page offers in its `run` filter."""
from datetime import datetime, timezone

import pytest

from MarketOpenCapture.models import BacktestRun
from MarketOpenCapture.tests.factories import make_many, make_session, reader

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]


@pytest.fixture
def api(django_user_model, settings):
    settings.THOR_CLOCK_NOW = datetime(2026, 1, 9, 12, 0, tzinfo=timezone.utc)
    return reader(django_user_model)


def test_runs_are_listed_newest_first_with_their_sessions_and_dates(api):
    make_many("Japan", "2025-03-03", ["Worked", "Didn't Work", "Expired"], run="spring")
    make_session("USA", "2025-03-04", run="spring")
    BacktestRun.objects.create(name="empty, for now")
    make_session("Japan", "2026-01-05")  # live: in no run
    body = api.get("/api/market-open/runs/").json()
    assert body["results"] == [
        {"name": "empty, for now", "created_at": body["results"][0]["created_at"], "sessions": 0,
         "first_date": None, "last_date": None},
        {"name": "spring", "created_at": body["results"][1]["created_at"], "sessions": 4,
         "first_date": "2025-03-03", "last_date": "2025-03-05"},
    ]


def test_runs_refuse_parameters_and_strangers(api, client):
    assert api.get("/api/market-open/runs/", {"region": "Japan"}).status_code == 400
    assert client.get("/api/market-open/runs/").status_code in (401, 403)
