import json
from decimal import Decimal

import pytest

from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
from FutureTrading.rules.symbols import alias_map
from LiveData.quotes import Quote
from LiveData.validation import MAX_BATCH, QuoteBatchError, parse_quotes

pytestmark = pytest.mark.embedded

ALIASES = alias_map(SPEC_INSTRUMENTS)
NOW = 1_767_225_600_000  # 2026-01-01T00:00:00Z
NOW_ISO = "2026-01-01T00:00:00Z"


def quote(**fields) -> dict:
    """A valid raw YM quote with `fields` changed; a field set to ... is removed."""
    raw = {"symbol": "YM", "ts": NOW, "bid": 47380, "ask": 47388}
    raw.update(fields)
    return {name: value for name, value in raw.items() if value is not ...}


def parse(*items, now=NOW):
    return parse_quotes(list(items), ALIASES, now)


def errors_of(*items, now=NOW) -> list[dict]:
    with pytest.raises(QuoteBatchError) as caught:
        parse(*items, now=now)
    return caught.value.errors


def only_error(*items, now=NOW) -> dict:
    errors = errors_of(*items, now=now)
    assert len(errors) == 1, errors
    return errors[0]


def from_json(text: str) -> list:
    return json.loads(text, parse_float=Decimal)


# --- rejections: each names its quote and field ---------------------------------

@pytest.mark.parametrize("fields, field, message", [
    ({"symbol": ...}, "symbol", "required"),
    ({"symbol": "XX"}, "symbol", "unknown symbol 'XX'"),
    ({"symbol": ""}, "symbol", "empty symbol"),
    ({"symbol": 5}, "symbol", "must be a string"),
    ({"ts": ...}, "ts", "required"),
    ({"ts": None}, "ts", "required"),
    ({"ts": "yesterday"}, "ts", "cannot read 'yesterday'"),
    ({"ts": "2026-01-01T00:00:00"}, "ts", "no UTC offset"),  # naive ISO
    ({"ts": "2026-01-01"}, "ts", "no UTC offset"),  # a date is naive too
    ({"ts": 1_767_225_600}, "ts", "seconds instead of milliseconds"),
    ({"ts": NOW + 5_001}, "ts", "5.001 s in the future"),
    ({"ts": "2026-01-01T00:00:05.001Z"}, "ts", "in the future"),
    ({"ts": Decimal("1767225600000.5")}, "ts", "integer epoch milliseconds"),
    ({"ts": True}, "ts", "got a boolean"),
    ({"bid": ...}, "bid", "required"),
    ({"ask": None}, "ask", "required"),
    ({"bid": 0}, "bid", "must be positive"),
    ({"bid": Decimal("-1")}, "bid", "must be positive"),
    ({"ask": "47388.5x"}, "ask", "must be a number"),
    ({"bid": "47,380"}, "bid", "must be a number"),  # thousands separators are the bridge's job
    ({"bid": True}, "bid", "got a boolean"),
    ({"bid": [47380]}, "bid", "got an array"),
    ({"bid": "NaN"}, "bid", "must be a number"),
    ({"bid": "Infinity"}, "bid", "must be a number"),
    ({"bid": float("nan")}, "bid", "finite"),
    ({"ask": float("inf")}, "ask", "finite"),
    ({"bid": Decimal("NaN")}, "bid", "finite"),
    ({"ask": 47379}, "ask", "below bid"),  # crossed: ask < bid is named on ask
    ({"ask": Decimal("1E+10")}, "ask", "out of range"),
    ({"last": Decimal("47380.123456789")}, "last", "more than 8 decimal places"),
    ({"bid": Decimal("12345678.12345678"), "ask": Decimal("12345679")}, "bid", "significant digits"),
    ({"last": Decimal("-1")}, "last", "must not be negative"),
    ({"prev_close": "n/a"}, "prev_close", "must be a number"),
    ({"vwap": float("-inf")}, "vwap", "finite"),
    ({"bid_size": -1}, "bid_size", "must not be negative"),
    ({"ask_size": Decimal("1.5")}, "ask_size", "whole number"),
    ({"volume": "12k"}, "volume", "whole number"),
    ({"volume": True}, "volume", "whole number"),
    ({"volume": 2**63}, "volume", "out of range"),
    ({"source": 7}, "source", "must be a string"),
    ({"source": "x" * 65}, "source", "the limit is 64"),
    ({"symbol": "YM", "bid": "117'16"}, "bid", "must be a number"),  # 32nds are ZB only
    ({"symbol": "ZB", "bid": "117'32", "ask": 118}, "bid", "not a number of 32nds"),
    ({"symbol": "ZB", "bid": "117'161", "ask": 118}, "bid", "must be a number"),  # third digit 2, 5 or 7
    ({"symbol": "ZB", "bid": "117'1", "ask": 118}, "bid", "must be a number"),
    ({"symbol": "ZB", "bid": "117''16", "ask": 118}, "bid", "32nds"),
])
def test_it_rejects_a_bad_field_and_names_it(fields, field, message):
    error = only_error(quote(**fields))
    assert error["index"] == 0
    assert error["field"] == field
    assert message in error["message"]


def test_it_rejects_json_nan_and_infinity_literals():
    items = from_json(f'[{{"symbol": "YM", "ts": {NOW}, "bid": NaN, "ask": Infinity, "last": -Infinity}}]')
    assert [(e["field"], "finite" in e["message"]) for e in errors_of(*items)] == [
        ("bid", True), ("ask", True), ("last", True),
    ]


def test_it_rejects_an_item_that_is_not_an_object():
    assert only_error("YM 47380") == {
        "index": 0, "symbol": None, "field": "quote", "message": "must be a JSON object, got the string 'YM 47380'",
    }


def test_it_collects_every_error_of_the_batch_and_returns_nothing():
    errors = errors_of(
        quote(),  # fine, but the batch is all or nothing
        quote(symbol="/ES", bid="x", ask=6800),
        quote(symbol="QQ", ts="2026-01-01T00:00:00"),
        quote(ask=1),
    )
    assert [(e["index"], e["symbol"], e["field"]) for e in errors] == [
        (1, "ES", "bid"),  # the symbol is reported normalised
        (2, "QQ", "symbol"),  # an unknown symbol is reported as sent
        (2, "QQ", "ts"),
        (3, "YM", "ask"),
    ]


def test_it_rejects_a_batch_over_the_limit_without_reading_it():
    error = only_error(*[quote()] * (MAX_BATCH + 1))
    assert error == {"index": None, "symbol": None, "field": "quotes",
                     "message": "5001 quotes in one batch; the limit is 5000"}


def test_a_full_batch_is_accepted():
    assert len(parse(*[quote()] * MAX_BATCH)) == MAX_BATCH


def test_it_rejects_a_batch_that_is_not_a_list():
    with pytest.raises(QuoteBatchError) as caught:
        parse_quotes({"symbol": "YM"}, ALIASES, NOW)
    assert caught.value.errors[0]["field"] == "quotes"


def test_the_error_message_summarises_the_first_problem():
    with pytest.raises(QuoteBatchError, match=r"2 error\(s\), nothing accepted; first: quote 0 bid: required"):
        parse(quote(bid=...), quote(ask=...))


# --- accepted forms ----------------------------------------------------------------

def test_a_full_quote_becomes_a_quote_with_exact_decimals():
    items = from_json(f"""[{{
        "symbol": "/ym", "ts": "{NOW_ISO}", "bid": 47380, "ask": 47388, "last": 47385.0,
        "change": -120, "prev_close": 47505, "open": 47400, "high_24h": 47600, "low_24h": 47200,
        "high_52w": 48000.5, "low_52w": 38000, "vwap": 47390.25, "bid_size": 3, "ask_size": "4",
        "volume": 123456, "source": "tos", "unknown_extra": {{"ignored": true}}
    }}]""")
    assert parse(*items) == [Quote(
        symbol="YM", ts_ms=NOW, bid=Decimal(47380), ask=Decimal(47388), last=Decimal("47385.0"),
        change=Decimal(-120), prev_close=Decimal(47505), open=Decimal(47400), high_24h=Decimal(47600),
        low_24h=Decimal(47200), high_52w=Decimal("48000.5"), low_52w=Decimal(38000), vwap=Decimal("47390.25"),
        bid_size=3, ask_size=4, volume=123456, source="tos",
    )]


def test_missing_and_null_optional_fields_are_none():
    [parsed] = parse(quote(last=None, source=""))
    assert (parsed.last, parsed.change, parsed.volume, parsed.source) == (None, None, None, None)


@pytest.mark.parametrize("ts, ts_ms", [
    (NOW, NOW),  # epoch milliseconds
    (str(NOW), NOW),  # epoch milliseconds as text (CSV)
    (NOW_ISO, NOW),
    ("2026-01-01T09:00:00+09:00", NOW),  # Tokyo's offset
    ("2025-12-31T18:59:59.250-05:00", NOW - 750),  # New York's offset, milliseconds kept
    ("2026-01-01T00:00:05Z", NOW + 5_000),  # exactly 5 s ahead is allowed
])
def test_it_reads_epoch_milliseconds_and_iso_with_offset(ts, ts_ms):
    [parsed] = parse(quote(ts=ts))
    assert parsed.ts_ms == ts_ms


@pytest.mark.parametrize("raw, symbol", [
    ("YM", "YM"), ("/YM", "YM"), (" /es ", "ES"), ("rt", "RTY"), ("$DXY", "DX"), ("30YRBOND", "ZB"),
])
def test_it_normalises_symbols_and_aliases(raw, symbol):
    bid, ask = ("117", "118") if symbol == "ZB" else (47380, 47388)
    [parsed] = parse(quote(symbol=raw, bid=bid, ask=ask))
    assert parsed.symbol == symbol


def test_equal_bid_and_ask_are_accepted():
    [parsed] = parse(quote(bid=47380, ask=47380))
    assert parsed.bid == parsed.ask == Decimal(47380)


@pytest.mark.parametrize("text, value", [
    ("117'16", Decimal("117.5")),  # 16/32
    ("117'00", Decimal("117")),
    ("117'162", Decimal("117.5078125")),  # 16.25/32
    ("117'165", Decimal("117.515625")),  # 16.5/32
    ("117'167", Decimal("117.5234375")),  # 16.75/32
    ("117'31", Decimal("117.96875")),
    ("117-16", Decimal("117.5")),  # the dash form
    ("117.515625", Decimal("117.515625")),  # decimals still work
])
def test_zb_reads_thirty_seconds_as_thinkorswim_shows_them(text, value):
    [parsed] = parse(quote(symbol="/ZB", bid=text, ask="200'00", last=text))
    assert parsed.bid == parsed.last == value


@pytest.mark.parametrize("text, value", [
    ("-0'08", Decimal("-0.25")),
    ("+0'165", Decimal("0.515625")),
    ("-1-04", Decimal("-1.125")),
])
def test_zb_net_change_in_thirty_seconds_may_be_negative(text, value):
    [parsed] = parse(quote(symbol="ZB", bid="117'16", ask="117'17", change=text))
    assert parsed.change == value


@pytest.mark.parametrize("fields, name, value", [
    ({"change": Decimal("-12.5")}, "change", Decimal("-12.5")),  # change may be negative
    ({"change": "-0"}, "change", Decimal("0")),
    ({"last": 0}, "last", Decimal(0)),  # zero is allowed outside bid/ask
    ({"bid": Decimal("0.03125"), "ask": Decimal("0.03125")}, "bid", Decimal("0.03125")),
    ({"vwap": Decimal("65.43")}, "vwap", Decimal("65.43")),
    ({"vwap": "65.430000000"}, "vwap", Decimal("65.43")),  # extra zeros beyond 8 places are harmless
    ({"vwap": 65.43}, "vwap", Decimal("65.43")),  # a float from Python is read as it prints
    ({"bid": "  47380 ", "ask": "4.7388e4"}, "ask", Decimal("47388")),
    ({"volume": Decimal("120.0")}, "volume", 120),
    ({"volume": "120"}, "volume", 120),
    ({"bid_size": 0}, "bid_size", 0),
    ({"source": "x" * 64}, "source", "x" * 64),
])
def test_it_accepts_sensible_values(fields, name, value):
    [parsed] = parse(quote(**fields))
    assert getattr(parsed, name) == value


def test_prices_keep_the_exact_decimal_text():
    [parsed] = parse(*from_json(f'[{{"symbol": "CL", "ts": {NOW}, "bid": 65.43, "ask": 65.44}}]'))
    assert (str(parsed.bid), str(parsed.ask)) == ("65.43", "65.44")


def test_an_empty_batch_is_fine():
    assert parse() == []
