"""Thor's bar grader against backtesting.py: the same brackets on the same 1-minute bars; prints, asserts nothing.

    .venv/bin/python bench/bars_vs_backtesting.py [--month 2026-03] [--seed 5]

A month of generated 1-minute YM bars (every minute, a random walk of whole
points). At every distinct market open of the month (London and Amsterdam
share theirs) a trade enters at the open of the bar starting at the open,
long and short in turn, with a 20-point target and stop ($100 each) and a
30-minute window. Thor grades each with `BarPath.grade`; backtesting.py
(0.6.6, an independent engine) runs a Strategy that places the same order
one bar ahead (market order → fills at that bar's open, with sl/tp) and
closes at the window's end. Compared: outcome (Worked / Didn't Work /
Expired), exit bar and exit price, then the time each takes.

Both take the stop when one bar holds both levels (backtesting.py processes
stop-loss orders first), and both fill a level gapped through at the bar's
open, so they should agree on every trade.
"""
import argparse
import sys
import time
import warnings
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MINUTE_MS = 60_000
WINDOW_BARS = 30
POINTS = 20


def month_bars(month: str, seed: int) -> pd.DataFrame:
    """Every minute of the month: open = the close before, and high/low around a few steps within the bar."""
    first = datetime.strptime(month, "%Y-%m").replace(tzinfo=timezone.utc)
    last = (first + timedelta(days=32)).replace(day=1)
    starts = pd.date_range(first, last, freq="1min", inclusive="left")
    rng = np.random.default_rng(seed)
    steps = rng.choice([-3, -2, -1, 0, 0, 1, 2, 3], size=(len(starts), 4))  # four moves within each minute
    # One minute in fifty is wild: bars holding both levels, and opens gapping through one.
    steps *= np.where(rng.random(len(starts)) < 0.02, 12, 1)[:, None]
    path = 47_000 + np.cumsum(steps.ravel()).reshape(steps.shape)
    close = path[:, -1]
    opened = np.r_[47_000, close[:-1]]
    within = np.column_stack([opened, path])
    return pd.DataFrame({"Open": opened, "High": within.max(axis=1), "Low": within.min(axis=1), "Close": close},
                        index=starts.tz_localize(None)).astype(float)


def open_instants(month: str) -> list[datetime]:
    from timezones.calendar import opens_between

    first = datetime.strptime(month, "%Y-%m").replace(tzinfo=timezone.utc)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(minutes=WINDOW_BARS + 1)
    return sorted({day.open_utc for day in opens_between(first + timedelta(minutes=1), last)})


def thor(bars: pd.DataFrame, opens: list[datetime]) -> tuple[list[tuple], int, float]:
    from MarketOpenCapture.rules.bars import BarPath
    from MarketOpenCapture.rules.grading import TradeSpec
    from MarketOpenCapture.rules.scaled import SCALE

    started = time.perf_counter()
    path = BarPath(bars.index.as_unit("ms").asi8.astype(np.int64),
                   *((bars[column].to_numpy().astype(np.int64) * SCALE) for column in ("Open", "High", "Low", "Close")))
    results, ambiguous = [], 0
    for number, opened in enumerate(opens):
        at = int(opened.timestamp() * 1000)
        entry = Decimal(int(path.open[np.searchsorted(path.ts_ms, at)] // SCALE))
        side = 1 if number % 2 == 0 else -1
        trade = TradeSpec(side="BUY" if side == 1 else "SELL", entry=entry, target=entry + side * POINTS,
                          stop=entry - side * POINTS, open_ms=at, window_ms=WINDOW_BARS * MINUTE_MS,
                          target_usd=Decimal(100), stop_usd=Decimal(100))
        result = path.grade(trade)
        exit_price = None if result.resolution_price is None else float(result.resolution_price)
        results.append((str(result.outcome), result.resolved_at_ms, exit_price))
        ambiguous += result.ambiguous
    return results, ambiguous, time.perf_counter() - started


def backtesting_py(bars: pd.DataFrame, opens: list[datetime]) -> tuple[list[tuple], float]:
    from backtesting import Backtest, Strategy

    starts = bars.index
    entry_bar = {int(starts.get_loc(pd.Timestamp(opened).tz_localize(None))): number
                 for number, opened in enumerate(opens)}
    next_open = bars["Open"].to_numpy()

    class Bracket(Strategy):
        def init(self):
            self.close_at = None

        def next(self):
            i = len(self.data) - 1
            if self.position and i == self.close_at:
                self.position.close()  # the window's last bar is done: out at the next open (Expired)
            number = entry_bar.get(i + 1)
            if number is not None:
                price = next_open[i + 1]  # the bracket is set from the entry, as in Thor
                if number % 2 == 0:
                    self.buy(size=1, sl=price - POINTS, tp=price + POINTS, tag=number)
                else:
                    self.sell(size=1, sl=price + POINTS, tp=price - POINTS, tag=number)
                self.close_at = i + WINDOW_BARS

    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        stats = Backtest(bars, Bracket, cash=10_000_000, commission=0, margin=1, finalize_trades=True).run()
    elapsed = time.perf_counter() - started
    by_number = {}
    for trade in stats["_trades"].itertuples():
        entered = pd.Timestamp(trade.EntryTime)
        window_end = entered + pd.Timedelta(minutes=WINDOW_BARS)
        exited = pd.Timestamp(trade.ExitTime)
        if exited >= window_end:
            by_number[int(trade.Tag)] = ("Expired", int(window_end.tz_localize("UTC").timestamp() * 1000), None)
        else:
            outcome = "Worked" if trade.PnL > 0 else "Didn't Work"
            by_number[int(trade.Tag)] = (outcome, int(exited.tz_localize("UTC").timestamp() * 1000),
                                         float(trade.ExitPrice))
    return [by_number.get(number, ("missing", None, None)) for number in range(len(opens))], elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--month", default="2026-03")
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    bars = month_bars(args.month, args.seed)
    opens = open_instants(args.month)
    ours, ambiguous, our_time = thor(bars, opens)
    theirs, their_time = backtesting_py(bars, opens)
    same = sum(a == b for a, b in zip(ours, theirs))
    print(f"{len(bars):,} one-minute bars ({args.month}), {len(opens)} distinct opens, "
          f"±{POINTS}-point brackets, {WINDOW_BARS}-minute windows, long and short in turn")
    for name, results in (("Thor BarPath", ours), ("backtesting.py", theirs)):
        outcomes = pd.Series([outcome for outcome, *_ in results]).value_counts().to_dict()
        print(f"  {name:15} {outcomes}")
    print(f"  identical (outcome, exit bar, exit price): {same} of {len(opens)}; "
          f"{ambiguous} of them on a bar holding both levels (Thor flags them ambiguous)")
    for number, (a, b) in enumerate(zip(ours, theirs)):
        if a != b:
            print(f"    differs at {opens[number].isoformat()}: Thor {a}, backtesting.py {b}")
    print(f"  time: Thor {our_time * 1000:.1f} ms, backtesting.py {their_time * 1000:.0f} ms "
          f"→ Thor {their_time / our_time:.0f}× faster")


if __name__ == "__main__":
    main()
