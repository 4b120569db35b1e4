from dataclasses import replace

import pytest

from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from FutureTrading.rules.symbols import UnknownSymbol, alias_map, normalise_symbol

pytestmark = pytest.mark.embedded

ALIASES = alias_map(SPEC_INSTRUMENTS)


@pytest.mark.parametrize("raw, symbol", [
    ("YM", "YM"),
    ("/YM", "YM"),
    ("ym", "YM"),
    (" /es ", "ES"),  # spaces around, slash, lower case
    ("rt", "RTY"),  # TOS spelling of the Russell
    ("/RTY", "RTY"),
    ("$DXY", "DX"),
    ("$dxy", "DX"),
    ("/DX", "DX"),
    ("30YRBOND", "ZB"),
    ("/ZB", "ZB"),
])
def test_it_normalises_feed_spellings(raw, symbol):
    assert normalise_symbol(raw, ALIASES) == symbol


@pytest.mark.parametrize("raw", ["AAPL", "//YM", "Y M", "RTYX", "DXY"])
def test_it_rejects_an_unknown_symbol_naming_it(raw):
    with pytest.raises(UnknownSymbol, match="unknown symbol") as error:
        normalise_symbol(raw, ALIASES)
    assert repr(raw) in str(error.value)


@pytest.mark.parametrize("raw", ["", "  ", "/", None, 12])
def test_it_rejects_empty_or_non_text_symbols(raw):
    with pytest.raises(UnknownSymbol):
        normalise_symbol(raw, ALIASES)


def test_an_unknown_symbol_is_a_value_error():
    assert issubclass(UnknownSymbol, ValueError)


def test_the_map_holds_every_symbol_and_every_alias():
    assert ALIASES == {
        "YM": "YM", "ES": "ES", "NQ": "NQ", "RTY": "RTY", "RT": "RTY", "CL": "CL", "SI": "SI",
        "HG": "HG", "GC": "GC", "VX": "VX", "DX": "DX", "$DXY": "DX", "ZB": "ZB", "30YRBOND": "ZB",
    }


def test_the_map_accepts_a_mapping_of_specs():
    assert alias_map({spec.symbol: spec for spec in SPEC_INSTRUMENTS}) == ALIASES


def test_it_rejects_an_alias_claimed_by_two_instruments():
    ym = replace(SPEC_INSTRUMENTS[0], aliases=("/YM", "es"))
    with pytest.raises(ValueError, match="'es' of YM already belongs to ES"):
        alias_map([SPEC_INSTRUMENTS[1], ym])


def test_it_rejects_an_alias_that_normalises_to_nothing():
    with pytest.raises(ValueError, match="empty"):
        alias_map([replace(SPEC_INSTRUMENTS[0], aliases=("/",))])
