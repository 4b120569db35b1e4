"""Quote validation at the feed edge: JSON-like dicts in, `Quote` objects out.

This is the only place where raw feed data is trusted or refused, so every
source (HTTP ingest, CSV replay, simulator, the Excel bridge) goes through
`parse_quotes`. A batch is all or nothing: every error of every quote is
collected and reported together, and nothing is returned when there is one,
so a feed can fix its data in one round trip and never half-publishes.

Plain code on purpose: ingest must sustain well over 10,000 quotes/s, which
rules out a serializer object per quote.
"""
import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal, InvalidOperation

from FutureTrading.rules.symbols import UnknownSymbol, normalise_symbol
from LiveData.quotes import PRICE_FIELDS, SIZE_FIELDS, Quote, to_ms

MAX_BATCH = 5000
MAX_FUTURE_MS = 5000
# Epoch seconds read as milliseconds land in January 1970: refuse anything
# before 2000 so that mistake is reported instead of stored.
MIN_TS_MS = 946_684_800_000
MAX_SOURCE_LEN = 64

# Bounds that keep every accepted price storable (capture rows hold 18 digits,
# 8 of them decimals) and exact as a JSON number (15 significant digits).
MAX_PRICE = Decimal(10) ** 10
MAX_DECIMALS = 8
MAX_DIGITS = 15
EIGHT_DECIMALS = Decimal(1).scaleb(-MAX_DECIMALS)
MAX_SIZE = 2**63 - 1

REQUIRED_PRICES = frozenset({"bid", "ask"})
SIGNED_PRICES = frozenset({"change"})
# Thinkorswim shows bond futures in 32nds ("117'16" = 117 + 16/32).
THIRTY_SECONDS_SYMBOLS = frozenset({"ZB"})

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_DIGITS = re.compile(r"\d+")
_THIRTY_SECONDS = re.compile(r"([+-]?)(\d+)['-](\d{2})([0257]?)")
_QUARTERS = {"": Decimal(0), "0": Decimal(0), "2": Decimal("0.25"), "5": Decimal("0.5"), "7": Decimal("0.75")}


class QuoteBatchError(ValueError):
    """A rejected batch; `errors` holds one dict (index, symbol, field, message) per problem."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        first = errors[0]
        where = "batch" if first["index"] is None else f"quote {first['index']}"
        super().__init__(
            f"{len(errors)} error(s), nothing accepted; first: {where} {first['field']}: {first['message']}"
        )


class _Invalid(Exception):
    """One field's problem, turned into an error dict by the batch loop."""


def parse_quotes(items: list, aliases: Mapping[str, str], now_ms: int) -> list[Quote]:
    """Validate a batch of raw quotes; raise QuoteBatchError listing every problem."""
    if not isinstance(items, list):
        raise QuoteBatchError([_error(None, None, "quotes", "must be a JSON array of quote objects")])
    if len(items) > MAX_BATCH:
        raise QuoteBatchError([_error(
            None, None, "quotes", f"{len(items)} quotes in one batch; the limit is {MAX_BATCH}",
        )])
    quotes: list[Quote] = []
    errors: list[dict] = []
    for index, item in enumerate(items):
        quote = _parse_quote(index, item, aliases, now_ms, errors)
        if quote is not None:
            quotes.append(quote)
    if errors:
        raise QuoteBatchError(errors)
    return quotes


def _error(index: int | None, symbol: str | None, field: str, message: str) -> dict:
    return {"index": index, "symbol": symbol, "field": field, "message": message}


def _parse_quote(index: int, item, aliases: Mapping[str, str], now_ms: int, errors: list) -> Quote | None:
    if type(item) is not dict:
        errors.append(_error(index, None, "quote", f"must be a JSON object, got {_kind(item)}"))
        return None
    found = len(errors)
    raw_symbol = item.get("symbol")
    label = raw_symbol if isinstance(raw_symbol, str) else None  # errors name the symbol as best known
    symbol = None
    try:
        symbol = label = _symbol(raw_symbol, aliases)
    except _Invalid as exc:
        errors.append(_error(index, label, "symbol", str(exc)))

    fields = {}
    try:
        fields["ts_ms"] = _timestamp(item.get("ts"), now_ms)
    except _Invalid as exc:
        errors.append(_error(index, label, "ts", str(exc)))

    thirty_seconds = symbol in THIRTY_SECONDS_SYMBOLS
    for name in PRICE_FIELDS:
        value = item.get(name)
        if value is None:
            if name in REQUIRED_PRICES:
                errors.append(_error(index, label, name, "required"))
            continue
        try:
            fields[name] = _price(value, name, thirty_seconds)
        except _Invalid as exc:
            errors.append(_error(index, label, name, str(exc)))
    for name in SIZE_FIELDS:
        value = item.get(name)
        if value is not None:
            try:
                fields[name] = _size(value)
            except _Invalid as exc:
                errors.append(_error(index, label, name, str(exc)))
    try:
        fields["source"] = _source(item.get("source"))
    except _Invalid as exc:
        errors.append(_error(index, label, "source", str(exc)))

    bid, ask = fields.get("bid"), fields.get("ask")
    if bid is not None and ask is not None and ask < bid:
        errors.append(_error(index, label, "ask", f"ask {ask} is below bid {bid} (crossed quote)"))
    if len(errors) > found:
        return None
    return Quote(symbol=symbol, **fields)


def _kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return f"the string {value[:40]!r}"
    if isinstance(value, (list, tuple)):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"{value!r}"[:40]


def _symbol(raw, aliases: Mapping[str, str]) -> str:
    if raw is None:
        raise _Invalid("required")
    if not isinstance(raw, str):
        raise _Invalid(f"must be a string, got {_kind(raw)}")
    try:
        return normalise_symbol(raw, aliases)
    except UnknownSymbol as exc:
        raise _Invalid(str(exc)) from None


def _timestamp(value, now_ms: int) -> int:
    if value is None:
        raise _Invalid("required: ISO-8601 with a UTC offset, or epoch milliseconds")
    if type(value) is int:
        ts_ms = value
    elif isinstance(value, str):
        if _DIGITS.fullmatch(value):
            ts_ms = int(value)
        else:
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                raise _Invalid(
                    f"cannot read {value[:40]!r}: use ISO-8601 with a UTC offset, or epoch milliseconds"
                ) from None
            if moment.tzinfo is None:
                raise _Invalid(f"{value[:40]!r} has no UTC offset; add one (e.g. Z or +09:00)")
            ts_ms = to_ms(moment)
    else:
        raise _Invalid(f"must be an ISO-8601 string or integer epoch milliseconds, got {_kind(value)}")
    if ts_ms < MIN_TS_MS:
        raise _Invalid(f"{value} is before 2000-01-01; epoch seconds instead of milliseconds?")
    if ts_ms > now_ms + MAX_FUTURE_MS:
        ahead = (ts_ms - now_ms) / 1000
        raise _Invalid(f"{ahead:.3f} s in the future (limit {MAX_FUTURE_MS // 1000} s): check the feed's clock")
    return ts_ms


def _price(value, name: str, thirty_seconds: bool) -> Decimal:
    number = _number(value, thirty_seconds)
    if name in REQUIRED_PRICES:
        if number <= 0:
            raise _Invalid(f"must be positive, got {number}")
    elif number < 0 and name not in SIGNED_PRICES:
        raise _Invalid(f"must not be negative, got {number}")
    if not -MAX_PRICE < number < MAX_PRICE:
        raise _Invalid(f"{number} is out of range (|value| < 10^10)")
    # Within the range above the quantized value never exceeds the precision.
    if number.quantize(EIGHT_DECIMALS) != number:
        raise _Invalid(f"{number} has more than {MAX_DECIMALS} decimal places")
    # With at most 8 decimals only numbers of 10^7 or more can exceed 15 digits.
    if number.adjusted() >= MAX_DIGITS - MAX_DECIMALS and len(number.normalize().as_tuple().digits) > MAX_DIGITS:
        raise _Invalid(f"{number} has more than {MAX_DIGITS} significant digits")
    return number


def _number(value, thirty_seconds: bool) -> Decimal:
    """An exact Decimal from a JSON number (parsed with parse_float=Decimal) or numeric text."""
    kind = type(value)
    if kind is Decimal:
        number = value
    elif kind is int:
        return Decimal(value)
    elif kind is float:
        # JSON NaN/Infinity arrive as floats even with parse_float=Decimal;
        # a finite float from a Python caller is read as the text it prints as.
        number = Decimal(repr(value))
    elif kind is str:
        text = value.strip()
        if thirty_seconds and (match := _THIRTY_SECONDS.fullmatch(text)):
            return _from_thirty_seconds(text, *match.groups())
        if not _NUMBER.fullmatch(text):
            hint = " (ZB also takes 32nds: 117'16, 117'165, 117-16)" if thirty_seconds else ""
            raise _Invalid(f"must be a number, got {_kind(value)}{hint}")
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
            raise _Invalid(f"must be a number, got {_kind(value)}") from None
    else:
        raise _Invalid(f"must be a number, got {_kind(value)}")
    if not number.is_finite():
        raise _Invalid(f"must be a finite number, got {value}")
    return number


def _from_thirty_seconds(text: str, sign: str, whole: str, thirty_seconds: str, quarter: str) -> Decimal:
    if int(thirty_seconds) >= 32:
        raise _Invalid(f"{text!r}: {thirty_seconds} is not a number of 32nds (00-31)")
    number = int(whole) + (int(thirty_seconds) + _QUARTERS[quarter]) / 32
    return -number if sign == "-" else number


def _size(value) -> int:
    kind = type(value)
    if kind is int:
        size = value
    elif kind is str and _DIGITS.fullmatch(value.strip()):
        size = int(value)
    elif kind is Decimal or kind is float:
        number = value if kind is Decimal else Decimal(repr(value))
        if not number.is_finite() or number != number.to_integral_value():
            raise _Invalid(f"must be a whole number, got {value}")
        size = int(number)
    else:
        raise _Invalid(f"must be a whole number, got {_kind(value)}")
    if size < 0:
        raise _Invalid(f"must not be negative, got {size}")
    if size > MAX_SIZE:
        raise _Invalid(f"{size} is out of range")
    return size


def _source(value) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise _Invalid(f"must be a string, got {_kind(value)}")
    if len(value) > MAX_SOURCE_LEN:
        raise _Invalid(f"{len(value)} characters; the limit is {MAX_SOURCE_LEN}")
    return value
