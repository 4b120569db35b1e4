"""Replay from 1-minute bars: what a capture reads from them, and grading by BarPath (SPEC §6).

Bars carry no bid, ask or net change. At an open T the capture reads, per
symbol, the bar starting at or after T (within that minute): bid = ask =
last = the bar's open, the price a market order at T would have got. The
previous close is the close of the last bar that ended by the latest
17:00 New York time at or before T, the end of the CME Globex trading day,
so the composite classifies the same "change since the previous session" a
feed shows. Trades are graded by `BarPath` (a bar holding both levels is a
stop, flagged ambiguous), and only once the bars reach the window's end:
a file that stops earlier leaves the trade Pending rather than Expired.
"""
from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from LiveData.bus.base import QuoteBus
from LiveData.quotes import Quote, from_ms, to_ms
from MarketOpenCapture.models import MarketOpenSession
from MarketOpenCapture.rules.bars import BarPath
from MarketOpenCapture.rules.capture import TRADED_SYMBOL
from MarketOpenCapture.rules.grading import TradeSpec
from MarketOpenCapture.rules.outcomes import Outcome
from MarketOpenCapture.rules.scaled import from_scaled
from MarketOpenCapture.services.grading import record_outcome, record_trade_outcome, session_trade, snapshot_trade

BAR_MS = 60_000
TRADING_DAY_END = time(17, 0)
NEW_YORK = ZoneInfo("America/New_York")
SOURCE = "bars"


def trading_day_end_before(ts_ms: int) -> int:
    """The latest 17:00 New York time at or before `ts_ms` (epoch ms)."""
    local = from_ms(ts_ms).astimezone(NEW_YORK)
    day = local.date() if local.time() >= TRADING_DAY_END else local.date() - timedelta(days=1)
    return to_ms(datetime.combine(day, TRADING_DAY_END, tzinfo=NEW_YORK))


class BarQuotes(QuoteBus):
    """The quotes a capture reads, made from bars; read-only, and without a quote stream to grade on."""

    kind = "bars"

    def __init__(self, bars: dict[str, BarPath]):
        self.bars = {symbol: path for symbol, path in bars.items() if len(path)}

    def _quote(self, symbol: str, ts_ms: int, price: int) -> Quote:
        path = self.bars[symbol]
        closed = int(np.searchsorted(path.ts_ms, trading_day_end_before(ts_ms) - BAR_MS, side="right")) - 1
        prev_close = from_scaled(int(path.close[closed])) if closed >= 0 else None
        value = from_scaled(price)
        return Quote(symbol=symbol, ts_ms=ts_ms, bid=value, ask=value, last=value, prev_close=prev_close,
                     source=SOURCE)

    def as_of(self, symbol: str, ts_ms: int) -> Quote | None:
        """The open of the bar starting in [ts, ts + 1 min), stamped `ts_ms`; None without one."""
        path = self.bars.get(symbol)
        if path is None:
            return None
        bar = int(np.searchsorted(path.ts_ms, ts_ms, side="left"))
        if bar == len(path) or path.ts_ms[bar] >= ts_ms + BAR_MS:
            return None
        return self._quote(symbol, ts_ms, int(path.open[bar]))

    def latest(self, symbols: Iterable[str]) -> dict[str, Quote]:
        found = {}
        for symbol in symbols:
            path = self.bars.get(symbol)
            if path is not None:
                last = len(path) - 1
                found[symbol] = self._quote(symbol, int(path.ts_ms[last]) + BAR_MS, int(path.close[last]))
        return found

    def publish(self, quotes: Sequence[Quote]) -> int:
        raise TypeError("bars are read-only: a bar replay publishes nothing")

    def between(self, symbol: str, after_ms: int, until_ms: int) -> list[Quote]:
        raise TypeError("bars are no quote stream: grade them with BarPath")

    def prune(self, before_ms: int) -> int:
        raise TypeError("bars are read-only: a bar replay prunes nothing")

    def ping(self) -> None:
        return None

    def span(self) -> tuple[int, int] | None:
        """Start of the first bar and end of the last, over every symbol (None without bars)."""
        if not self.bars:
            return None
        return (min(int(path.ts_ms[0]) for path in self.bars.values()),
                max(int(path.ts_ms[-1]) + BAR_MS for path in self.bars.values()))

    def covers(self, symbol: str, trade: TradeSpec) -> bool:
        """Whether `symbol`'s bars run to the end of `trade`'s window."""
        path = self.bars.get(symbol)
        return path is not None and int(path.ts_ms[-1]) + BAR_MS >= trade.window_end_ms


def grade_bar_session(session: MarketOpenSession, bars: BarQuotes) -> bool:
    """Grade the YM trade and the theoretical trades whose windows the bars cover; True when all are done."""
    done = True
    if session.outcome == Outcome.PENDING:
        trade = session_trade(session)
        if bars.covers(TRADED_SYMBOL, trade):
            record_outcome(session.pk, bars.bars[TRADED_SYMBOL].grade(trade))
        else:
            done = False
    for row in session.snapshots.filter(trade_outcome=Outcome.PENDING):
        trade = snapshot_trade(session, row)
        if bars.covers(row.symbol, trade):
            record_trade_outcome(row.pk, bars.bars[row.symbol].grade(trade))
        else:
            done = False
    if done:
        MarketOpenSession.objects.filter(pk=session.pk).update(grading_done=True)
    return done
