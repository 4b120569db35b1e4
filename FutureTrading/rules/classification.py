"""One symbol's signal from its net change, and what that signal counts for (SPEC §1)."""
from collections.abc import Mapping
from decimal import Decimal

from FutureTrading.rules.instruments import InstrumentSpec
from FutureTrading.rules.signals import DEFAULT_SIGNAL_WEIGHTS, Signal


def classify(change: Decimal | None, spec: InstrumentSpec) -> Signal | None:
    """The signal of a net change `change` (points vs the previous close).

    No change → None: the symbol is shown unclassified and left out of the composite.
    """
    if change is None:
        return None
    if isinstance(change, bool) or not isinstance(change, Decimal | int):
        # A float has already lost the feed's exact decimal text.
        raise TypeError(f"{spec.symbol} net change must be a Decimal, got {type(change).__name__} {change!r}")
    if isinstance(change, Decimal) and not change.is_finite():
        raise ValueError(f"{spec.symbol} net change must be finite, got {change}")
    if change > spec.strong_buy:
        return Signal.STRONG_BUY
    if change > spec.buy:
        return Signal.BUY
    if change >= spec.sell:
        return Signal.HOLD
    if change > spec.strong_sell:
        return Signal.SELL
    return Signal.STRONG_SELL


def signal_weight(signal: Signal, bear: bool, weights: Mapping[Signal, int] = DEFAULT_SIGNAL_WEIGHTS) -> int:
    """The signal's weight; a bear instrument counts the other way (a rising VIX is bad for equities)."""
    try:
        weight = weights[signal]
    except KeyError:
        raise ValueError(f"no weight configured for signal {signal!r}") from None
    return -weight if bear else weight


def stat_value(signal: Signal, spec: InstrumentSpec) -> Decimal:
    """The threshold behind the chosen signal (0 for HOLD), the seed's "stat value"."""
    return {
        Signal.STRONG_BUY: spec.strong_buy,
        Signal.BUY: spec.buy,
        Signal.HOLD: Decimal(0),
        Signal.SELL: spec.sell,
        Signal.STRONG_SELL: spec.strong_sell,
    }[Signal(signal)]
