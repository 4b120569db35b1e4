"""Bad query parameters get a 400 naming them, never a 500 (also for random query strings)."""
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from MarketOpenCapture.tests.factories import make_many, reader

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

BASE = "/api/market-open"
ENDPOINTS = ["today/", "history/", "stats/", "predictors/", "pending/", "missed/", "sessions/", "sessions/{id}/",
             "sessions/{id}/symbols/"]
KNOWN = ["region", "day_of_week", "start_date", "end_date", "outcome", "signal", "run", "page", "page_size",
         "min_sample", "format"]


@pytest.fixture
def api(django_user_model):
    return reader(django_user_model)


@pytest.fixture
def session_id():
    return make_many("Japan", "2026-01-05", ["Worked", "Didn't Work", "Expired"])[0].id


@pytest.mark.parametrize("params, field", [
    ({"region": "Atlantis"}, "region"),
    ({"region": "Japan,Atlantis"}, "region"),
    ({"region": "Jap\x00an"}, "region"),                       # PostgreSQL cannot even store NUL
    ({"day_of_week": "Funday"}, "day_of_week"),
    ({"day_of_week": "7"}, "day_of_week"),
    ({"start_date": "2026-13-01"}, "start_date"),
    ({"end_date": "yesterday"}, "end_date"),
    ({"start_date": "2026-02-01", "end_date": "2026-01-01"}, "start_date"),  # the wrong way round
    ({"start_date": ["2026-01-01", "2026-02-01"]}, "start_date"),            # given twice
    ({"outcome": "Won"}, "outcome"),
    ({"signal": "MAYBE"}, "signal"),
    ({"run": "no such run"}, "run"),
    ({"page": "0"}, "page"),
    ({"page": "two"}, "page"),
    ({"page_size": "5000"}, "page_size"),
    ({"min_sample": "-1"}, "min_sample"),
    ({"min_sample": "٣"}, "min_sample"),                      # an Arabic-Indic digit is not a number here
    ({"regoin": "Japan"}, "regoin"),                           # a typo is not silently ignored
    ({"format": "pdf"}, "format"),
])
def test_a_bad_history_parameter_is_a_400_naming_it(api, session_id, params, field):
    response = api.get(f"{BASE}/history/", params)
    assert response.status_code == 400, response.content
    assert list(response.json()) == [field]


@pytest.mark.parametrize("path, params, field", [
    ("today/", {"region": "Japan"}, "region"),       # today takes no filter
    ("pending/", {"outcome": "Worked"}, "outcome"),
    ("missed/", {"signal": "BUY"}, "signal"),
    ("stats/", {"page": "2"}, "page"),
    ("sessions/{id}/", {"page": "2"}, "page"),
    ("predictors/", {"min_sample": "0"}, "min_sample"),
])
def test_each_endpoint_names_the_parameters_it_does_not_take(api, session_id, path, params, field):
    response = api.get(f"{BASE}/{path.format(id=session_id)}", params)
    assert response.status_code == 400 and field in response.json()


values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["Japan", "monday", "0", "2026-01-05", "Worked", "didnt_work", "BUY", "csv", "xlsx", "json",
                     "1", "-1", "99999999999999999999", "", ",", "Japan,,USA", "\x00", "2026-02-30"]),
)
queries = st.dictionaries(st.one_of(st.sampled_from(KNOWN), st.text(max_size=10)), values, max_size=4)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(ENDPOINTS), query=queries, raw=st.text(max_size=40))
def test_random_query_strings_never_cause_a_500(api, session_id, path, query, raw):
    url = f"{BASE}/{path.format(id=session_id)}"
    for query_string in (urlencode(query), raw):
        response = api.get(f"{url}?{query_string}")
        assert response.status_code in (200, 400, 404), (url, query_string, response.content[:300])


def test_the_error_says_what_is_accepted(api, session_id):
    message = api.get(f"{BASE}/history/", {"region": "Atlantis"}).json()["region"][0]
    assert message == "'Atlantis' is not one of Japan, China, India, EuroNext, London, Pre_USA, USA"


def test_a_backtest_run_name_may_hold_a_comma(api):
    make_many("Japan", "2026-01-05", ["Worked"], run="replay, wide brackets")
    body = api.get(f"{BASE}/history/", {"run": "replay, wide brackets"}).json()
    assert body["count"] == 1 and body["filters"]["run"] == "replay, wide brackets"
