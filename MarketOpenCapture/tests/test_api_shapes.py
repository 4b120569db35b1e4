"""The documented answers (api/analytics_serializers.py) hold exactly the keys the views send.

The dashboard's types are generated from these serializers, so a key added
to or dropped from a view without its serializer would let the front end
drift from the API silently: this test fails instead.
"""
from datetime import datetime, timezone

import pytest
from rest_framework import serializers

from MarketOpenCapture.api import analytics_serializers as shapes
from MarketOpenCapture.tests.factories import make_many, make_session, reader

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
