"""Where a bracket is first touched in a window: shared by quote and bar grading.

A running maximum never falls and a running minimum never rises, so "the
first index where the price reached the level" is a binary search over
them. Built once per window, they answer every bracket of a what-if in
O(log n) instead of one pass over the quotes per bracket.
"""
import numpy as np

from FutureTrading.rules.bracket import Side


class RunningExtremes:
    """Running high and low of one window (for quotes both are the exit price)."""

    def __init__(self, highs: np.ndarray, lows: np.ndarray):
        self._highs = np.maximum.accumulate(highs)
        # Negated so that both arrays rise and one searchsorted direction serves both.
        self._neg_lows = -np.minimum.accumulate(lows)

    def first_at_or_above(self, level: int) -> int:
        return int(np.searchsorted(self._highs, level, side="left"))

    def first_at_or_below(self, level: int) -> int:
        return int(np.searchsorted(self._neg_lows, -level, side="left"))


def first_touches(side: Side, target: int, stop: int, extremes: RunningExtremes) -> tuple[int, int]:
    """Index of the first target touch and of the first stop touch (window length when none).

    A long is out when the price rises to the target or falls to the stop;
    a short the other way round.
    """
    if side is Side.BUY:
        return extremes.first_at_or_above(target), extremes.first_at_or_below(stop)
    return extremes.first_at_or_below(target), extremes.first_at_or_above(stop)
