"""The trade a composite calls for and its whole-tick bracket (SPEC §4)."""
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from FutureTrading.rules.instruments import InstrumentSpec
from FutureTrading.rules.signals import Signal


class Side(StrEnum):
    BUY = "BUY"
    SELL = "SELL"


@dataclass(frozen=True)
class Bracket:
    side: Side
    entry: Decimal
    target: Decimal
    stop: Decimal
    target_ticks: int
    stop_ticks: int
    # The dollars the whole ticks are actually worth (ZB: 3 ticks = 93.75, not 100).
    target_usd: Decimal
    stop_usd: Decimal


def entry_side(composite: Signal, bear: bool = False) -> Side | None:
    """BUY/STRONG_BUY → BUY, SELL/STRONG_SELL → SELL, HOLD → no entry; a bear instrument trades the other way."""
    side = {
        Signal.STRONG_BUY: Side.BUY,
        Signal.BUY: Side.BUY,
        Signal.HOLD: None,
        Signal.SELL: Side.SELL,
        Signal.STRONG_SELL: Side.SELL,
    }[Signal(composite)]
    if side is None or not bear:
        return side
    return Side.SELL if side is Side.BUY else Side.BUY


def _positive(name: str, value: Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal, got {type(value).__name__} {value!r}")
    if not Decimal(value).is_finite() or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return Decimal(value)


def entry_price(side: Side, bid: Decimal, ask: Decimal) -> Decimal:
    """A market order: a buy pays the ask, a sell receives the bid."""
    bid, ask = _positive("bid", bid), _positive("ask", ask)
    if ask < bid:
        raise ValueError(f"crossed quote: ask {ask} is below bid {bid}")
    return ask if Side(side) is Side.BUY else bid


def ticks_for(usd: Decimal, tick_value: Decimal) -> int:
    """Whole ticks closest to `usd` dollars (half up), at least one."""
    ticks = (_positive("dollars", usd) / _positive("tick value", tick_value)).to_integral_value(ROUND_HALF_UP)
    return max(1, int(ticks))


def bracket(
    side: Side,
    entry: Decimal,
    spec: InstrumentSpec,
    take_profit_usd: Decimal | None = None,
    stop_loss_usd: Decimal | None = None,
) -> Bracket:
    """Target and stop `ticks_for(dollars)` whole ticks away from `entry`, in the trade's favour and against it."""
    side = Side(side)
    entry = _positive("entry", entry)
    target_ticks = ticks_for(spec.take_profit_usd if take_profit_usd is None else take_profit_usd, spec.tick_value)
    stop_ticks = ticks_for(spec.stop_loss_usd if stop_loss_usd is None else stop_loss_usd, spec.tick_value)
    direction = 1 if side is Side.BUY else -1
    return Bracket(
        side=side,
        entry=entry,
        target=entry + direction * target_ticks * spec.tick_size,
        stop=entry - direction * stop_ticks * spec.tick_size,
        target_ticks=target_ticks,
        stop_ticks=stop_ticks,
        target_usd=target_ticks * spec.tick_value,
        stop_usd=stop_ticks * spec.tick_value,
    )
