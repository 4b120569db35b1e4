"""First-touch grading on 1-minute bars, for replayed history that has no quotes (SPEC §6).

The same trade and the same first-touch rule as `grading.py`, with what a
bar can tell: the window is the bars starting in [T, T + window) (the
caller enters at the open of the first of them); a long's target is touched
when a bar's high reaches it and its stop when its low does, a short's the
other way round. A bar does not say which came first when it holds both, so
the stop wins and the result is flagged `ambiguous`. A touch is resolved at
the bar's start (the touch happened somewhere in that minute) at the level,
or at the bar's open when the bar opened beyond the level (a gap fills at
the open, not at a price that never traded). No touch → Expired at the
window's end.
"""
from collections.abc import Sequence
from decimal import Decimal

import numpy as np

from FutureTrading.rules.bracket import Side
from MarketOpenCapture.rules.grading import TradeSpec, expired_result, touch_result
from MarketOpenCapture.rules.outcomes import GradeResult
from MarketOpenCapture.rules.scaled import from_scaled, int64_array, scale_all
from MarketOpenCapture.rules.touch import RunningExtremes, first_touches


class BarPath:
    """One symbol's 1-minute bars as exact int64 arrays, graded for as many brackets as needed."""

    def __init__(self, ts_ms, open_scaled, high_scaled, low_scaled, close_scaled):
        """Arrays already scaled by `scaled.SCALE`; `ts_ms` is each bar's start."""
        ts = int64_array("ts_ms", ts_ms)
        columns = {name: int64_array(name, values) for name, values in (
            ("open", open_scaled), ("high", high_scaled), ("low", low_scaled), ("close", close_scaled))}
        if any(len(values) != len(ts) for values in columns.values()):
            lengths = ", ".join(f"{name} {len(values)}" for name, values in columns.items())
            raise ValueError(f"bar columns differ in length: ts_ms {len(ts)}, {lengths}")
        not_after = ts[1:] <= ts[:-1]
        if not_after.any():
            i = int(not_after.argmax()) + 1
            raise ValueError(f"bars are not in strict time order: bar {i} at {ts[i]} follows {ts[i - 1]}")
        opens, highs, lows, closes = columns.values()
        broken = np.flatnonzero((lows > np.minimum(opens, closes)) | (highs < np.maximum(opens, closes)))
        if broken.size:
            i = int(broken[0])
            raise ValueError(f"bar {i} at {ts[i]} is impossible: its low and high must hold its open and close")
        self.ts_ms, self.open, self.high, self.low, self.close = ts, opens, highs, lows, closes
        self._extremes: dict[tuple[int, int], RunningExtremes] = {}

    @classmethod
    def from_prices(cls, ts_ms, open: Sequence[Decimal], high: Sequence[Decimal], low: Sequence[Decimal],
                    close: Sequence[Decimal]) -> "BarPath":
        return cls(ts_ms, scale_all(open), scale_all(high), scale_all(low), scale_all(close))

    def __len__(self) -> int:
        return len(self.ts_ms)

    def _window(self, open_ms: int, end_ms: int) -> tuple[int, int, RunningExtremes]:
        """First bar index, bar count and running extremes of the bars starting in [open, end)."""
        first = int(np.searchsorted(self.ts_ms, open_ms, side="left"))
        after = int(np.searchsorted(self.ts_ms, end_ms, side="left"))
        key = (first, after)
        if key not in self._extremes:
            self._extremes[key] = RunningExtremes(self.high[first:after], self.low[first:after])
        return first, after - first, self._extremes[key]

    def grade(self, trade: TradeSpec) -> GradeResult:
        first, count, extremes = self._window(trade.open_ms, trade.window_end_ms)
        target_at, stop_at = first_touches(trade.side, trade.scaled_target, trade.scaled_stop, extremes)
        touch_at = min(target_at, stop_at)
        if touch_at == count:
            return expired_result(trade)
        bar = first + touch_at
        stop_first = stop_at <= target_at
        level = trade.scaled_stop if stop_first else trade.scaled_target
        # The level is reached from below by a long's target and a short's stop.
        from_below = stop_first != (trade.side is Side.BUY)
        opened = int(self.open[bar])
        opened_beyond = opened >= level if from_below else opened <= level
        return touch_result(trade, stop_first=stop_first, at_ms=int(self.ts_ms[bar]),
                            price=from_scaled(opened if opened_beyond else level),
                            ambiguous=stop_at == target_at)


def grade_bars(trade: TradeSpec, ts_ms, open: Sequence[Decimal], high: Sequence[Decimal],
               low: Sequence[Decimal], close: Sequence[Decimal]) -> GradeResult:
    """Grade `trade` on bars given as parallel sequences (Decimal prices)."""
    return BarPath.from_prices(ts_ms, open, high, low, close).grade(trade)
