"""The documented answers (api/analytics_serializers.py, api/serializers.py) hold exactly the keys the views send.

The dashboard's types are generated from these serializers, so a key added
to or dropped from a view without its serializer would let the front end
drift from the API silently: this test fails instead.
"""
from datetime import datetime, timedelta, timezone
from decimal import Decimal as D

import pytest
from rest_framework import serializers

from MarketOpenCapture.api import analytics_serializers as shapes
from MarketOpenCapture.api.path import SessionPath
from MarketOpenCapture.api.serializers import SessionDetailResponseSerializer
from MarketOpenCapture.models import FutureSnapshot
from MarketOpenCapture.tests.factories import make_many, make_missed, make_session, reader

pytestmark = [pytest.mark.embedded, pytest.mark.django_db]


def mismatches(shape: serializers.Serializer, value, where: str = "") -> list[str]:
    """Where `value` (JSON) has other keys than `shape` documents, recursively."""
    if isinstance(shape, serializers.ListSerializer):
        return [problem for item in value for problem in mismatches(shape.child, item, f"{where}[]")]
    if not isinstance(shape, serializers.Serializer) or value is None:
        return []
    fields = shape.fields
    problems = [f"{where}.{key}: {'undocumented' if key not in fields else 'missing'}"
                for key in sorted(set(value) ^ set(fields))]
    return problems + [problem for key, field in fields.items() if key in value
                       for problem in mismatches(field, value[key], f"{where}.{key}")]


@pytest.fixture
def api(django_user_model, settings):
    settings.THOR_CLOCK_NOW = datetime(2026, 1, 30, 12, 0, tzinfo=timezone.utc)
    make_many("Japan", "2026-01-05", ["Worked"] * 6 + ["Didn't Work", "Expired", "No Entry"],
              symbols={"ES": "STRONG_BUY"})
    make_session("London", "2026-01-05", "SELL", "Didn't Work")
    make_session("USA", "2026-01-06", "BUY", "Pending")
    make_session("USA", "2026-01-07", "BUY", "Worked", run="spring")
    return reader(django_user_model)


@pytest.mark.parametrize(("url", "shape"), [
    ("history/", shapes.History),
    ("history/?min_sample=1", shapes.History),
    ("stats/", shapes.Stats),
    ("predictors/?min_sample=1", shapes.Predictors),
    ("whatif/?target_usd=50", shapes.WhatIf),
    ("sessions/", shapes.SessionList),
    ("runs/", shapes.Runs),
])
def test_an_answer_has_the_documented_keys(api, url, shape):
    body = api.get(f"/api/market-open/{url}").json()
    assert mismatches(shape(), body) == []


def test_a_sessions_symbols_have_the_documented_keys(api):
    session = make_session("China", "2026-01-08")
    body = api.get(f"/api/market-open/sessions/{session.id}/symbols/").json()
    assert mismatches(shapes.SessionSymbols(), body) == []


def test_a_session_in_full_has_the_documented_keys(api):
    # ES traded in the composite's direction and hit its target: a theoretical trade with every key filled.
    session = make_session("China", "2026-01-08", "BUY", "Worked", symbols={"ES": "STRONG_BUY"})
    FutureSnapshot.objects.filter(session=session, symbol="ES").update(
        trade_side="BUY", trade_entry=D("6825.25"), trade_target=D("6826.25"), trade_stop=D("6824.25"),
        trade_target_ticks=4, trade_stop_ticks=4, trade_target_usd=D(50), trade_stop_usd=D(50),
        trade_outcome="Worked", trade_pnl_usd=D(50), trade_resolved_at=session.open_at + timedelta(seconds=90))
    body = api.get(f"/api/market-open/sessions/{session.id}/").json()
    assert len(body["theoretical_trades"]) == 1  # the nested shape is checked, not skipped over an empty list
    assert mismatches(SessionDetailResponseSerializer(), body) == []


def test_the_missed_list_has_the_documented_keys(api):
    make_missed("China", "2026-01-06")
    make_missed("Japan", "2026-01-07", run="spring")
    for query in ("", "?run=spring"):
        body = api.get(f"/api/market-open/missed/{query}").json()
        assert body["count"] == 1 and mismatches(shapes.MissedList(), body) == []


def test_a_sessions_path_has_the_documented_keys(api):
    replayed = make_session("China", "2026-01-08", run="bars")  # no trail, so no quote bus needed
    body = api.get(f"/api/market-open/sessions/{replayed.id}/path/").json()
    assert mismatches(SessionPath(), body) == []
