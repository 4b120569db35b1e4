"""The five signal codes and their default weights (SPEC §1)."""
from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType


class Signal(StrEnum):
    STRONG_BUY = "STRONG_BUY"
    BUY = "BUY"
    HOLD = "HOLD"
    SELL = "SELL"
    STRONG_SELL = "STRONG_SELL"


# Read-only: the seeded defaults must not drift because one caller mutated them.
DEFAULT_SIGNAL_WEIGHTS: Mapping[Signal, int] = MappingProxyType({
    Signal.STRONG_BUY: 2,
    Signal.BUY: 1,
    Signal.HOLD: 0,
    Signal.SELL: -1,
    Signal.STRONG_SELL: -2,
})
