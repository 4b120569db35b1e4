from decimal import Decimal

import pytest

from LiveData.serialize import quote_json
from LiveData.tests.factories import T, make_quote

pytestmark = pytest.mark.embedded


def test_a_quote_is_shown_with_json_numbers_its_instant_and_its_age():
    quote = make_quote("ZB", T, "117.03125", "117.0625", change=Decimal("-0.03125"), vwap=Decimal("65.43"),
                       volume=1200, source="sim")
    assert quote_json(quote, T + 121_500, 120) == {
        "symbol": "ZB", "ts": "2026-01-01T00:00:00.000Z",
        "bid": 117.03125, "ask": 117.0625, "last": None, "change": -0.03125, "prev_close": None, "open": None,
        "high_24h": None, "low_24h": None, "high_52w": None, "low_52w": None, "vwap": 65.43,
        "bid_size": None, "ask_size": None, "volume": 1200, "source": "sim",
        "age_sec": 121.5, "stale": True,
    }


def test_the_documented_schema_matches_the_quote_json():
    from LiveData.api.serializers import QuoteSerializer

    assert set(QuoteSerializer().fields) == set(quote_json(make_quote(), T, 120))
