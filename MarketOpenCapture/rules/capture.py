"""What a capture decides from the quotes as of the open instant T (SPEC §3, §4).

Pure: the caller reads the quote of each symbol as of T from the bus and
passes them in; this module classifies them with the one composite function,
refuses a capture whose traded symbol is missing or stale, and works out the
YM entry and every symbol's theoretical trade.
"""
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from FutureTrading.rules.bracket import Bracket, Side, bracket, entry_price, entry_side
from FutureTrading.rules.composite import Composite, SymbolReading, evaluate
from FutureTrading.rules.instruments import InstrumentSpec
from FutureTrading.rules.signals import Signal
from LiveData.quotes import Quote
from LiveData.rules.derived import DerivedFields, derive
from LiveData.rules.staleness import is_stale

TRADED_SYMBOL = "YM"


class CaptureRefused(Exception):
    """The open cannot be captured honestly (traded symbol missing or stale)."""


class Policy(StrEnum):
    """Which way the trades go: the composite's (the product), or always long or
    short whatever the composite says (a replay baseline; it needs no other symbol)."""

    COMPOSITE = "composite"
    LONG = "long"
    SHORT = "short"


def trade_side(composite: Signal, policy: Policy = Policy.COMPOSITE, *, bear: bool = False) -> Side | None:
    """The side of a trade at the open: the one place a policy overrides the composite.

    Under long/short every symbol trades as if the composite were BUY/SELL, so
    a bear instrument still takes the other side.
    """
    direction = {Policy.COMPOSITE: composite, Policy.LONG: Signal.BUY, Policy.SHORT: Signal.SELL}[Policy(policy)]
    return entry_side(direction, bear=bear)


@dataclass(frozen=True)
class SymbolAtOpen:
    spec: InstrumentSpec
    quote: Quote | None
    age_ms: int | None
    stale: bool
    reading: SymbolReading
    derived: DerivedFields | None
    trade: Bracket | None


@dataclass(frozen=True)
class CapturePlan:
    open_ms: int
    rows: list[SymbolAtOpen]
    composite: Composite
    traded: SymbolAtOpen
    entry: Bracket | None


def _derived(quote: Quote) -> DerivedFields:
    return derive(
        bid=quote.bid, ask=quote.ask, last=quote.last, change=quote.net_change,
        prev_close=quote.prev_close, open=quote.open, high_24h=quote.high_24h,
        low_24h=quote.low_24h, high_52w=quote.high_52w, low_52w=quote.low_52w,
    )


def _trade(composite: Composite, policy: Policy, spec: InstrumentSpec, quote: Quote | None,
           stale: bool) -> Bracket | None:
    side = trade_side(composite.signal, policy, bear=spec.bear)
    if side is None or quote is None or stale:
        return None
    return bracket(side, entry_price(side, quote.bid, quote.ask), spec)


def plan_capture(
    open_ms: int,
    quotes: Mapping[str, Quote | None],
    specs: Mapping[str, InstrumentSpec],
    *,
    stale_after_ms: int,
    weights=None,
    policy: Policy = Policy.COMPOSITE,
) -> CapturePlan:
    """Snapshot rows, composite and entries for the open at `open_ms`.

    `quotes` holds, per symbol, the newest quote stamped at or before the
    open. A quote older than `stale_after_ms` at T is kept on its row but
    flagged and left out of the composite. `policy` decides the trades' side.
    """
    policy = Policy(policy)
    if TRADED_SYMBOL not in specs:
        raise CaptureRefused(f"{TRADED_SYMBOL} is not an active instrument")
    ages: dict[str, int | None] = {}
    changes = {}
    excluded = {}
    for symbol in specs:
        quote = quotes.get(symbol)
        if quote is not None and quote.ts_ms > open_ms:
            raise ValueError(f"{symbol} quote at {quote.ts_ms} is after the open {open_ms}")
        ages[symbol] = None if quote is None else open_ms - quote.ts_ms
        changes[symbol] = None if quote is None else quote.net_change
        if quote is not None and is_stale(quote.ts_ms, open_ms, stale_after_ms / 1000):
            excluded[symbol] = f"stale: quote {ages[symbol] / 1000:.0f} s old at the open"

    traded_quote = quotes.get(TRADED_SYMBOL)
    if traded_quote is None:
        raise CaptureRefused(f"no {TRADED_SYMBOL} quote at or before the open")
    if TRADED_SYMBOL in excluded:
        raise CaptureRefused(
            f"{TRADED_SYMBOL} quote is {ages[TRADED_SYMBOL] / 1000:.0f} s old at the open "
            f"(stale after {stale_after_ms / 1000:.0f} s)"
        )

    kwargs = {} if weights is None else {"weights": weights}
    readings, composite = evaluate(changes, specs, excluded, **kwargs)
    by_symbol = {reading.symbol: reading for reading in readings}
    rows = []
    for symbol, spec in specs.items():
        quote = quotes.get(symbol)
        stale = symbol in excluded
        rows.append(SymbolAtOpen(
            spec=spec,
            quote=quote,
            age_ms=ages[symbol],
            stale=stale,
            reading=by_symbol[symbol],
            derived=None if quote is None else _derived(quote),
            trade=_trade(composite, policy, spec, quote, stale),
        ))
    traded = next(row for row in rows if row.spec.symbol == TRADED_SYMBOL)
    return CapturePlan(open_ms=open_ms, rows=rows, composite=composite, traded=traded, entry=traded.trade)
