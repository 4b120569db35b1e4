"""First-touch grading of a trade on the complete quote stream after the open (SPEC §5).

Rules, for a trade opened at T with window W (end = T + W) and feed gap F:

* Only quotes with T < ts ≤ end count; earlier and later ones in the input
  are ignored for touches. A long exits at the bid (bid ≥ target → Worked,
  bid ≤ stop → Didn't Work), a short at the ask (ask ≤ target → Worked,
  ask ≥ stop → Didn't Work). The first quote that touches decides; its
  timestamp is `resolved_at` and its bid (long) or ask (short) the
  resolution price. (A valid bracket cannot be touched on both sides by
  one price; were it, the stop would win, as it does for bars.)
* Gaps are measured over the points T, q1 … qn, end (the window's quotes).
  A gap longer than F that ends at or before the first touching quote makes
  the outcome Error, and so does one anywhere in a window without a touch:
  a touch seen after an unobserved stretch cannot be trusted to be the
  first one (the other side may have been hit in the gap), and the system
  never claims a result it did not observe. A gap after the touch changes
  nothing. Error is resolved at the end of the first offending gap (the
  quote that ended it, or the window's end) — an instant fixed by the
  stream alone, so a grader that runs late or restarts records the same.
* Without a touch the window is decided once a quote past its end has been
  seen, or once `observed_until_ms` ≥ end + F, whichever comes first: Error
  if the last stretch up to the end was a gap, else Expired (P&L 0,
  resolved at the end). Before that the result is None: still Pending.

`observed_until_ms` is the grader's clock: the SPEC allows a quote F to
arrive, so the stream is taken as complete up to `observed_until_ms − F`.
"""
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from FutureTrading.rules.bracket import Side
from LiveData.quotes import from_ms
from MarketOpenCapture.rules.outcomes import ZERO, GradeResult, Outcome, pnl_of
from MarketOpenCapture.rules.scaled import from_scaled, int64_array, scale_all, to_scaled
from MarketOpenCapture.rules.touch import RunningExtremes, first_touches


def whole_ms(name: str, value, *, positive: bool = False) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be whole milliseconds, got {type(value).__name__} {value!r}")
    if positive and value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return int(value)


def _dollars(name: str, value) -> Decimal:
    if type(value) is int:
        value = Decimal(value)
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal, got {type(value).__name__} {value!r}")
    if not value.is_finite() or value <= 0:
        raise ValueError(f"{name} must be a positive amount, got {value}")
    return value


@dataclass(frozen=True)
class TradeSpec:
    """An entered trade and its bracket; refused unless stop < entry < target (long) or the mirror (short)."""

    side: Side
    entry: Decimal
    target: Decimal
    stop: Decimal
    open_ms: int
    window_ms: int
    target_usd: Decimal
    stop_usd: Decimal
    # The bracket as exact scaled ints, what grading compares quotes with.
    scaled_target: int = field(init=False, repr=False, compare=False)
    scaled_stop: int = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        set_ = object.__setattr__  # frozen: fields are normalised once, here
        set_(self, "side", Side(self.side))
        set_(self, "open_ms", whole_ms("open_ms", self.open_ms))
        set_(self, "window_ms", whole_ms("window_ms", self.window_ms, positive=True))
        set_(self, "target_usd", _dollars("target_usd", self.target_usd))
        set_(self, "stop_usd", _dollars("stop_usd", self.stop_usd))
        set_(self, "scaled_target", to_scaled(self.target))
        set_(self, "scaled_stop", to_scaled(self.stop))
        entry = to_scaled(self.entry)
        direction = 1 if self.side is Side.BUY else -1
        if not direction * self.scaled_stop < direction * entry < direction * self.scaled_target:
            order = "stop < entry < target" if direction == 1 else "target < entry < stop"
            raise ValueError(
                f"a {self.side} bracket needs {order}: entry {self.entry}, target {self.target}, stop {self.stop}"
            )

    @classmethod
    def for_bracket(cls, bracket, *, open_ms: int, window_ms: int) -> "TradeSpec":
        """The trade of a `FutureTrading.rules.bracket.Bracket` opened at `open_ms`."""
        return cls(
            side=bracket.side, entry=bracket.entry, target=bracket.target, stop=bracket.stop,
            open_ms=open_ms, window_ms=window_ms, target_usd=bracket.target_usd, stop_usd=bracket.stop_usd,
        )

    @property
    def window_end_ms(self) -> int:
        return self.open_ms + self.window_ms


def touch_result(trade: TradeSpec, *, stop_first: bool, at_ms: int, price: Decimal,
                 ambiguous: bool = False) -> GradeResult:
    outcome, reason = (Outcome.DIDNT_WORK, "stop") if stop_first else (Outcome.WORKED, "target")
    return GradeResult(outcome, pnl_of(outcome, trade.target_usd, trade.stop_usd), at_ms, price, reason,
                       ambiguous=ambiguous)


def expired_result(trade: TradeSpec) -> GradeResult:
    return GradeResult(Outcome.EXPIRED, ZERO, trade.window_end_ms, None, "window")


def _instant(ms: int) -> str:
    return from_ms(ms).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def gap_error(start_ms: int, end_ms: int) -> GradeResult:
    seconds = format(Decimal(end_ms - start_ms).scaleb(-3).normalize(), "f")
    reason = f"feed gap: {seconds} s without quotes from {_instant(start_ms)} to {_instant(end_ms)}"
    return GradeResult(Outcome.ERROR, ZERO, end_ms, None, reason)


def grade_no_entry(open_ms: int) -> GradeResult:
    """A HOLD composite: no trade, resolved at the open."""
    return GradeResult(Outcome.NO_ENTRY, ZERO, whole_ms("open_ms", open_ms), None, "composite HOLD")


class _Window:
    """The quotes of one window (T, end], with what grading derives from them, computed once."""

    def __init__(self, ts: np.ndarray, bid: np.ndarray, ask: np.ndarray, open_ms: int, past_end_seen: bool):
        self.ts, self.bid, self.ask = ts, bid, ask
        self.open_ms = open_ms
        self.past_end_seen = past_end_seen
        self._first_gap: dict[int, int] = {}
        self._extremes: dict[Side, RunningExtremes] = {}

    def extremes(self, side: Side) -> RunningExtremes:
        if side not in self._extremes:
            prices = self.bid if side is Side.BUY else self.ask
            self._extremes[side] = RunningExtremes(prices, prices)
        return self._extremes[side]

    def exit_price(self, side: Side, index: int) -> Decimal:
        return from_scaled((self.bid if side is Side.BUY else self.ask)[index])

    def first_gap(self, feed_gap_ms: int) -> int:
        """Index of the first quote that ends a gap longer than `feed_gap_ms` (from T or the
        quote before it); the number of quotes when there is none."""
        if feed_gap_ms not in self._first_gap:
            ts = self.ts
            if not ts.size or ts[0] - self.open_ms > feed_gap_ms:
                first = 0
            else:
                too_long = (ts[1:] - ts[:-1]) > feed_gap_ms  # too_long[i]: the gap ending at quote i + 1
                first = int(too_long.argmax()) + 1 if too_long.any() else len(ts)
            self._first_gap[feed_gap_ms] = first
        return self._first_gap[feed_gap_ms]

    def gap_start(self, index: int) -> int:
        """Start of the stretch that ends at quote `index` (or at the window's end when index = n)."""
        return int(self.ts[index - 1]) if index else self.open_ms


class QuotePath:
    """One symbol's quotes (ts_ms, bid, ask) as exact int64 arrays.

    Build it once per session and grade as many brackets and windows as
    needed: prices are converted once, and each window's running extremes
    and gaps are kept, so a further bracket costs a few binary searches.
    """

    def __init__(self, ts_ms, bid_scaled, ask_scaled):
        """Arrays already scaled by `scaled.SCALE` (see `from_prices` for Decimals)."""
        ts = int64_array("ts_ms", ts_ms)
        bid = int64_array("bid", bid_scaled)
        ask = int64_array("ask", ask_scaled)
        if not len(ts) == len(bid) == len(ask):
            raise ValueError(f"ts_ms, bid and ask differ in length: {len(ts)}, {len(bid)}, {len(ask)}")
        backwards = ts[1:] < ts[:-1]
        if backwards.any():
            i = int(backwards.argmax()) + 1
            raise ValueError(f"quotes are not in time order: quote {i} at {ts[i]} follows {ts[i - 1]}")
        self.ts_ms, self.bid, self.ask = ts, bid, ask
        self._windows: dict[tuple[int, int], _Window] = {}

    @classmethod
    def from_prices(cls, ts_ms, bid: Sequence[Decimal], ask: Sequence[Decimal]) -> "QuotePath":
        return cls(ts_ms, scale_all(bid), scale_all(ask))

    def __len__(self) -> int:
        return len(self.ts_ms)

    def _window(self, open_ms: int, end_ms: int) -> _Window:
        key = (open_ms, end_ms)
        if key not in self._windows:
            first = int(np.searchsorted(self.ts_ms, open_ms, side="right"))
            after = int(np.searchsorted(self.ts_ms, end_ms, side="right"))
            self._windows[key] = _Window(
                self.ts_ms[first:after], self.bid[first:after], self.ask[first:after],
                open_ms, past_end_seen=after < len(self.ts_ms),
            )
        return self._windows[key]

    def grade(self, trade: TradeSpec, *, observed_until_ms: int, feed_gap_ms: int) -> GradeResult | None:
        """The outcome of `trade` on these quotes, or None while it is still Pending."""
        observed_until_ms = whole_ms("observed_until_ms", observed_until_ms)
        feed_gap_ms = whole_ms("feed_gap_ms", feed_gap_ms, positive=True)
        end = trade.window_end_ms
        window = self._window(trade.open_ms, end)
        count = len(window.ts)

        target_at, stop_at = first_touches(trade.side, trade.scaled_target, trade.scaled_stop,
                                           window.extremes(trade.side))
        touch_at = min(target_at, stop_at)
        gap_at = window.first_gap(feed_gap_ms)
        if gap_at < count and gap_at <= touch_at:
            return gap_error(window.gap_start(gap_at), int(window.ts[gap_at]))
        if touch_at < count:
            return touch_result(trade, stop_first=stop_at <= target_at, at_ms=int(window.ts[touch_at]),
                                price=window.exit_price(trade.side, touch_at))

        if not (window.past_end_seen or observed_until_ms >= end + feed_gap_ms):
            return None
        last = window.gap_start(count)
        if end - last > feed_gap_ms:
            return gap_error(last, end)
        return expired_result(trade)


def grade(trade: TradeSpec, ts_ms, bid: Sequence[Decimal], ask: Sequence[Decimal], *,
          observed_until_ms: int, feed_gap_ms: int) -> GradeResult | None:
    """Grade `trade` on quotes given as parallel sequences (Decimal prices); None = still Pending."""
    return QuotePath.from_prices(ts_ms, bid, ask).grade(
        trade, observed_until_ms=observed_until_ms, feed_gap_ms=feed_gap_ms)
