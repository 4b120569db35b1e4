"""The TOTAL composite of SPEC §1: one function for the live view, the capture and the replay."""
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from FutureTrading.rules.classification import classify, signal_weight, stat_value
from FutureTrading.rules.instruments import InstrumentSpec
from FutureTrading.rules.signals import DEFAULT_SIGNAL_WEIGHTS, Signal

LIVE_TOTAL = "LIVE TOTAL"
AVERAGE_PLACES = Decimal("0.000001")
NOTHING_EXCLUDED: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True)
class SymbolReading:
    symbol: str
    change: Decimal | None
    signal: Signal | None
    signal_weight: int | None
    stat_value: Decimal | None
    contract_weight: Decimal
    excluded_reason: str | None

    @property
    def counted(self) -> bool:
        """Whether this symbol takes part in the composite."""
        return self.signal is not None and self.excluded_reason is None


@dataclass(frozen=True)
class Composite:
    signal: Signal
    signal_weight_sum: int
    sum_weighted: Decimal
    weighted_average: Decimal
    instrument_count: int
    status: str = LIVE_TOTAL


def composite_signal(signal_weight_sum: int) -> Signal:
    """> 9 STRONG_BUY; 4..9 BUY; −3..3 HOLD; −9..−4 SELL; < −9 STRONG_SELL."""
    if isinstance(signal_weight_sum, bool) or not isinstance(signal_weight_sum, int):
        raise TypeError(f"signal_weight_sum must be an integer, got {signal_weight_sum!r}")
    if signal_weight_sum > 9:
        return Signal.STRONG_BUY
    if signal_weight_sum >= 4:
        return Signal.BUY
    if signal_weight_sum >= -3:
        return Signal.HOLD
    if signal_weight_sum >= -9:
        return Signal.SELL
    return Signal.STRONG_SELL


def _reading(symbol: str, change: Decimal | None, spec: InstrumentSpec,
             excluded_reason: str | None, weights: Mapping[Signal, int]) -> SymbolReading:
    signal = classify(change, spec)
    return SymbolReading(
        symbol=symbol,
        change=change,
        signal=signal,
        signal_weight=None if signal is None else signal_weight(signal, spec.bear, weights),
        stat_value=None if signal is None else stat_value(signal, spec),
        contract_weight=spec.contract_weight,
        excluded_reason=excluded_reason,
    )


def evaluate(
    changes: Mapping[str, Decimal | None],
    specs: Mapping[str, InstrumentSpec],
    excluded: Mapping[str, str] = NOTHING_EXCLUDED,
    weights: Mapping[Signal, int] = DEFAULT_SIGNAL_WEIGHTS,
) -> tuple[list[SymbolReading], Composite]:
    """Every instrument's reading (in `specs` order) and the TOTAL composite.

    `changes` holds each symbol's net change (missing or None: no quote or no
    change, so the symbol is listed unclassified). `excluded` maps a symbol to
    why it must not count although it has a change (e.g. a stale quote): it
    is still classified for display but left out of every total.

    weighted_average divides by Σ|contract weight| of the symbols counted, so
    the average stays on the scale of the thresholds whichever symbols are
    missing; with nothing counted it is 0 (and instrument_count 0 says why).
    """
    for label, given in (("change", changes), ("exclusion", excluded)):
        unknown = sorted(set(given) - set(specs))
        if unknown:
            raise ValueError(f"{label} given for symbols that are not active instruments: {', '.join(unknown)}")
    for symbol, reason in excluded.items():
        if not isinstance(reason, str) or not reason.strip():
            raise ValueError(f"the exclusion of {symbol} needs a reason, got {reason!r}")
    for symbol, spec in specs.items():
        if spec.symbol != symbol:
            raise ValueError(f"specs maps {symbol!r} to the instrument {spec.symbol!r}")

    readings = [
        _reading(symbol, changes.get(symbol), spec, excluded.get(symbol), weights)
        for symbol, spec in specs.items()
    ]
    counted = [reading for reading in readings if reading.counted]
    weight_sum = sum(reading.signal_weight for reading in counted)
    sum_weighted = sum((reading.stat_value * reading.contract_weight for reading in counted), Decimal(0))
    scale = sum((abs(reading.contract_weight) for reading in counted), Decimal(0))
    average = sum_weighted / scale if scale else Decimal(0)
    composite = Composite(
        signal=composite_signal(weight_sum),
        signal_weight_sum=weight_sum,
        sum_weighted=sum_weighted,
        weighted_average=average.quantize(AVERAGE_PLACES, rounding=ROUND_HALF_UP),
        instrument_count=len(counted),
    )
    return readings, composite
