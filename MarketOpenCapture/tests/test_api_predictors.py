"""GET /api/market-open/predictors/: does a symbol's signal at the open predict the YM trade?"""
import pytest

from MarketOpenCapture.tests.factories import make_many, make_session, reader

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]

URL = "/api/market-open/predictors/"
W, D, E = "Worked", "Didn't Work", "Expired"


@pytest.fixture
def api(django_user_model):
    return reader(django_user_model)


@pytest.fixture
def sessions():
    # ES STRONG_BUY: 5 of 6 worked. NQ SELL: 1 of 5. Otherwise every symbol shows HOLD.
    make_many("Japan", "2026-01-05", [W, W, W, W, W, D], symbols={"ES": "STRONG_BUY"})
    make_many("USA", "2026-01-05", [W, D, D, D, D], symbols={"NQ": "SELL"})
    make_many("China", "2026-01-05", [E, E], symbols={"ES": "STRONG_BUY"})  # expired: not decided


def test_rows_are_sorted_by_lift_with_interval_and_sample(api, sessions):
    body = api.get(URL).json()
    baseline = 6 / 11
    assert body["baseline"]["hit_rate"] == pytest.approx(baseline) and body["baseline"]["n"] == 11
    top, bottom = body["rows"][0], body["rows"][-1]
    assert (top["symbol"], top["signal"], top["n"], top["worked"]) == ("ES", "STRONG_BUY", 6, 5)
    assert top["hit_rate"] == pytest.approx(5 / 6) and top["lift"] == pytest.approx(5 / 6 - baseline)
    assert (top["hit_rate_low"], top["hit_rate_high"]) == (pytest.approx(0.4365, abs=1e-4),
                                                            pytest.approx(0.9699, abs=1e-4))
    assert (bottom["symbol"], bottom["signal"], bottom["n"], bottom["worked"]) == ("NQ", "SELL", 5, 1)
    lifts = [row["lift"] for row in body["rows"]]
    assert lifts == sorted(lifts, reverse=True)


def test_rows_below_the_minimum_sample_are_left_out(api, sessions):
    pairs = {(row["symbol"], row["signal"]) for row in api.get(URL).json()["rows"]}
    assert ("ES", "HOLD") in pairs  # 5 decided: the USA sessions
    assert ("NQ", "HOLD") in pairs  # 6 decided: the Japan sessions
    strict = {(row["symbol"], row["signal"]) for row in api.get(URL, {"min_sample": 6}).json()["rows"]}
    assert ("NQ", "SELL") not in strict and ("ES", "STRONG_BUY") in strict


def test_a_note_warns_about_many_comparisons(api, sessions):
    assert "many" in api.get(URL).json()["note"] and "chance" in api.get(URL).json()["note"]


def test_a_shared_trade_counts_once(api):
    make_many("London", "2026-01-05", [W] * 5, symbols={"ES": "BUY"})
    make_many("EuroNext", "2026-01-05", [W] * 5, symbols={"ES": "BUY"})
    body = api.get(URL).json()
    es_buy = next(row for row in body["rows"] if (row["symbol"], row["signal"]) == ("ES", "BUY"))
    assert es_buy["n"] == 5 and body["baseline"]["n"] == 5 and body["baseline"]["shared_trades_merged"] == 5


def test_filters_narrow_the_sessions(api, sessions):
    body = api.get(URL, {"region": "USA", "min_sample": 1}).json()
    assert body["baseline"]["n"] == 5
    assert {(row["symbol"], row["signal"]) for row in body["rows"]} >= {("NQ", "SELL")}
    assert ("ES", "STRONG_BUY") not in {(row["symbol"], row["signal"]) for row in body["rows"]}


def test_nothing_decided_nothing_to_say(api):
    make_session("Japan", "2026-01-05", "BUY", "Pending")
    body = api.get(URL).json()
    assert body["rows"] == [] and body["baseline"]["hit_rate"] is None
