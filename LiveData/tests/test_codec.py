from decimal import Decimal

import pytest

from LiveData.bus.codec import decode, encode
from LiveData.tests.factories import T, make_quote

pytestmark = pytest.mark.embedded


def test_a_bare_quote_is_compact():
    assert encode(make_quote("ZB", T, "117.03125", "117.0625")) == "1767225600000|117.03125|117.0625" + "|" * 13


@pytest.mark.parametrize("quote", [
    make_quote(),  # every optional field None
    make_quote(change=Decimal("-0.03125"), last=Decimal("65.430"), volume=0, bid_size=12, source="a|b|c"),
    make_quote(change=Decimal("-0"), vwap=Decimal("1E+2"), source="tos"),
])
def test_it_round_trips_exactly(quote):
    back = decode(quote.symbol, encode(quote))
    assert back == quote
    assert [str(getattr(back, f)) for f in ("bid", "change", "last", "vwap")] == \
        [str(getattr(quote, f)) for f in ("bid", "change", "last", "vwap")]


def test_it_refuses_text_that_is_not_a_quote():
    with pytest.raises(ValueError, match="not an encoded YM quote"):
        decode("YM", "1767225600000|47380")
