"""First-touch index: a trail's grading for any bracket, window and feed gap, from a few dozen numbers.

`QuotePath.grade` (rules/grading.py) is the rule; this is a faster way to
answer it for the one open a trail starts at, and the property test in
tests/test_rules_touch_index.py holds the two to the same GradeResult.

Why so little is needed, for the quotes after the open:

* The first quote whose bid reaches a long's target is the first record
  high of the bid (a quote above every earlier one) at or above it: the
  running high only moves at records, and a touch is where it first
  reaches the level. Likewise the stop is the first record low of the bid,
  and a short's target and stop the first record low and high of the ask.
  The record's own price is the resolution price.
* The first gap longer than F (from the open or the quote before) is the
  first record gap longer than F, for the same reason.
* Whether the window (open, end] holds a touch or that gap is their
  timestamp against the end; which came first is their position.
* Without either, the last quote at or before the end is the start of the
  first gap longer than F (when that gap straddles the end) or the last
  quote of all; otherwise the quote right after the end came within F of
  the one before it, so the end was observed. Expired is decided by the
  last quote being past the end, or by the clock.

A random walk of n quotes has about √n record highs (a few dozen for two
hours of one-a-second quotes), so each section is short and a question is
a few binary searches.

Layout: one sequence of ints, the header (open, last quote, and the length
of each section), then each section as its values, positions and
timestamps. Lows are stored negated so that every section rises. Searches
are `bisect` over a list or a memoryview of an int64 array: for a few dozen
numbers that beats numpy's per-call cost.
"""
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from FutureTrading.rules.bracket import Side
from MarketOpenCapture.rules.grading import (
    QuotePath, TradeSpec, expired_result, gap_error, touch_result, whole_ms,
)
from MarketOpenCapture.rules.outcomes import GradeResult, Outcome
from MarketOpenCapture.rules.scaled import from_scaled

BID_HIGHS, BID_LOWS, ASK_HIGHS, ASK_LOWS, GAPS = range(5)
# Where a side's target and stop are first touched, and whether that section holds negated lows.
_EXITS = {Side.BUY: ((BID_HIGHS, 1), (BID_LOWS, -1)), Side.SELL: ((ASK_LOWS, -1), (ASK_HIGHS, 1))}
SECTIONS = 5
HEADER = 2 + SECTIONS  # open_ms, last_ms (the open when there is no quote), section lengths


def _records(values: np.ndarray) -> np.ndarray:
    """Positions of the values above every earlier one (the first value is one)."""
    if not values.size:
        return np.zeros(0, dtype=np.int64)
    highs = np.maximum.accumulate(values)
    return np.flatnonzero(np.concatenate(([True], highs[1:] > highs[:-1])))


class Decision(NamedTuple):
    """How a window ends: `outcome`, at `at_ms`; `price` is the scaled exit price of a touch and
    `since_ms` the start of the gap of an Error (else None)."""

    outcome: Outcome
    at_ms: int
    price: int | None = None
    since_ms: int | None = None


class TouchIndex:
    """The records of one trail's quotes after `open_ms` (see the module docstring)."""

    __slots__ = ("numbers", "open_ms", "_last_ms", "_starts", "_lengths")

    def __init__(self, numbers: Sequence[int]):
        """From the flat layout: a list of ints, or a memoryview of an int64 array (`of_array`)."""
        header = list(numbers[:HEADER])
        if len(header) < HEADER or len(numbers) != HEADER + 3 * sum(header[2:]):
            raise ValueError(f"not a touch index: {len(numbers)} numbers")
        self.numbers = numbers
        self.open_ms, self._last_ms, *self._lengths = header
        self._starts, start = [], HEADER
        for length in self._lengths:
            self._starts.append(start)
            start += 3 * length

    @classmethod
    def of_array(cls, array: np.ndarray) -> "TouchIndex":
        return cls(memoryview(np.ascontiguousarray(array, dtype=np.int64)))

    @classmethod
    def build(cls, path: QuotePath, open_ms: int) -> "TouchIndex":
        """The index of `path`'s quotes after `open_ms` (those at or before it never count)."""
        open_ms = whole_ms("open_ms", open_ms)
        first = int(np.searchsorted(path.ts_ms, open_ms, side="right"))
        ts, bid, ask = path.ts_ms[first:], path.bid[first:], path.ask[first:]
        gaps = np.diff(ts, prepend=open_ms)
        # Prices are at most ±(2^63 − 1) (scaled.to_scaled), so negating them cannot overflow.
        sections = [bid, -bid, ask, -ask, gaps]
        records = [_records(values) for values in sections]
        header = [open_ms, int(ts[-1]) if ts.size else open_ms, *map(len, records)]
        body = [part for values, at in zip(sections, records) for part in (values[at], at, ts[at])]
        return cls.of_array(np.concatenate([np.array(header, dtype=np.int64), *body]))

    def to_array(self) -> np.ndarray:
        return np.array(self.numbers, dtype=np.int64)

    def _first(self, section: int, level: int, above: bool = False) -> tuple[int, int, int] | None:
        """(value, position, ts) of the first record of `section` at `level` or above it
        (`above`: strictly above), or None."""
        start, length = self._starts[section], self._lengths[section]
        end = start + length
        i = (bisect_right if above else bisect_left)(self.numbers, level, start, end)
        if i == end:
            return None
        return self.numbers[i], self.numbers[i + length], self.numbers[i + 2 * length]

    def decide(self, side: Side, target: int, stop: int, end_ms: int, *, observed_until_ms: int,
               feed_gap_ms: int) -> Decision | None:
        """How the window (open_ms, end_ms] of a trade with scaled `target` and `stop` ends;
        None while it is Pending. Arguments are trusted: `grade` is the checked way in."""
        (target_section, target_sign), (stop_section, stop_sign) = _EXITS[side]
        target = self._first(target_section, target_sign * target)
        stop = self._first(stop_section, stop_sign * stop)
        target = target if target is not None and target[2] <= end_ms else None
        stop = stop if stop is not None and stop[2] <= end_ms else None
        # One quote cannot touch both; were it, the stop would win, as it does for bars.
        stop_first = stop is not None and (target is None or stop[1] <= target[1])
        touch, outcome, sign = (stop, Outcome.DIDNT_WORK, stop_sign) if stop_first else (
            target, Outcome.WORKED, target_sign)

        gap = self._first(GAPS, feed_gap_ms, above=True)
        if gap is not None:
            length, position, gap_end = gap
            if gap_end <= end_ms and (touch is None or position <= touch[1]):
                return Decision(Outcome.ERROR, gap_end, since_ms=gap_end - length)
        if touch is not None:
            return Decision(outcome, touch[2], sign * touch[0])

        if not (self._last_ms > end_ms or observed_until_ms >= end_ms + feed_gap_ms):
            return None
        # Where the window's last stretch starts (see above); a quote past the end means it was short.
        last = self._last_ms if gap is None else gap[2] - gap[0]
        if end_ms - last > feed_gap_ms:
            return Decision(Outcome.ERROR, end_ms, since_ms=last)
        return Decision(Outcome.EXPIRED, end_ms)

    def grade(self, trade: TradeSpec, *, observed_until_ms: int, feed_gap_ms: int) -> GradeResult | None:
        """What `QuotePath.grade` says of `trade` on these quotes; the trade must open at `open_ms`."""
        observed_until_ms = whole_ms("observed_until_ms", observed_until_ms)
        feed_gap_ms = whole_ms("feed_gap_ms", feed_gap_ms, positive=True)
        if trade.open_ms != self.open_ms:
            raise ValueError(f"the index is of quotes after {self.open_ms}, the trade opens at {trade.open_ms}")
        decision = self.decide(trade.side, trade.scaled_target, trade.scaled_stop, trade.window_end_ms,
                               observed_until_ms=observed_until_ms, feed_gap_ms=feed_gap_ms)
        if decision is None:
            return None
        if decision.outcome is Outcome.ERROR:
            return gap_error(decision.since_ms, decision.at_ms)
        if decision.outcome is Outcome.EXPIRED:
            return expired_result(trade)
        return touch_result(trade, stop_first=decision.outcome is Outcome.DIDNT_WORK, at_ms=decision.at_ms,
                            price=from_scaled(decision.price))
