"""Benchmark of `manage.py replay`: a generated 11-symbol month end to end; prints figures, asserts nothing.

    .venv/bin/python bench/replay.py [--database-url postgres://postgres@127.0.0.1:5432/thor_bench_replay]
                                     [--month 2026-03] [--regenerate]

The month: one quote per symbol per second over every open's window and
audit horizon (from 5 minutes before each open to 2 h 2 min after it; the
hours between are left out, as a recorder running only around the opens
would keep them), random walks of bid/ask a tick apart with net change and
volume, written as a quote file (symbol, ts as Thor's ISO-8601, bid, ask,
last, change, volume) and cached under the system's temporary folder.

Measured: the whole replay (file read and validation → every open captured
and graded → sessions, snapshots and audit trails stored in PostgreSQL), as
quotes per second, and the file read alone. Target: ≥ 500,000 quotes/s.
"""
import argparse
import logging
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from backtest_setup import BASE, DEFAULT_DATABASE_URL, price_texts, setup, timed, walk  # noqa: E402

SYMBOLS = tuple(BASE)
BEFORE_SEC = 300
AFTER_SEC = 7200 + 120
RUN = "bench-replay"


def seconds_around_opens(first: datetime, last: datetime) -> np.ndarray:
    """Epoch seconds from BEFORE_SEC before each open to AFTER_SEC after it (overlaps merged)."""
    from timezones.calendar import opens_between

    origin = int(first.timestamp())
    covered = np.zeros(int((last - first).total_seconds()) + AFTER_SEC + 1, dtype=bool)
    for day in opens_between(first + timedelta(seconds=BEFORE_SEC), last - timedelta(seconds=1)):
        at = int(day.open_utc.timestamp()) - origin
        covered[max(0, at - BEFORE_SEC):at + AFTER_SEC + 1] = True
    return origin + np.flatnonzero(covered)


def generate(path: Path, month: str, seed: int = 7) -> int:
    first = datetime.strptime(month, "%Y-%m").replace(tzinfo=timezone.utc) - timedelta(seconds=BEFORE_SEC)
    last = (first + timedelta(days=32)).replace(day=1, hour=0, minute=0, second=0)
    seconds = seconds_around_opens(first, last)
    rng = np.random.default_rng(seed)
    count = len(seconds)
    ts = np.datetime_as_string(seconds.astype("datetime64[s]").astype("datetime64[ms]"), unit="ms")
    day_start = np.r_[0, np.flatnonzero(np.diff(seconds // 86400)) + 1]
    columns = {name: np.empty((count, len(SYMBOLS)), dtype=object) for name in ("bid", "ask", "change", "volume")}
    for i, symbol in enumerate(SYMBOLS):
        steps, _ = walk(rng, count)
        # Each day walks from BASE, its previous close: the bid's distance from it is the net change.
        change = steps - np.repeat(steps[day_start], np.diff(np.r_[day_start, count]))
        columns["bid"][:, i] = price_texts(symbol, change)
        columns["ask"][:, i] = price_texts(symbol, change + 1)
        columns["change"][:, i] = price_texts(symbol, change, base=Decimal(0))
        columns["volume"][:, i] = (1000 + np.cumsum(rng.integers(0, 4, count))).astype(str)
    frame = pd.DataFrame({
        "symbol": np.tile(np.array(SYMBOLS, dtype=object), count),
        "ts": np.repeat(np.char.add(ts, "Z").astype(object), len(SYMBOLS)),
        "bid": columns["bid"].ravel(), "ask": columns["ask"].ravel(), "last": columns["bid"].ravel(),
        "change": columns["change"].ravel(), "volume": columns["volume"].ravel(),
    })
    frame.to_csv(path, index=False)
    return len(frame)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--month", default="2026-03", help="YYYY-MM")
    parser.add_argument("--regenerate", action="store_true", help="write the month's file again")
    args = parser.parse_args()
    setup(args.database_url)
    logging.getLogger("MarketOpenCapture").setLevel(logging.WARNING)  # no line per capture and grade

    from django.db.models import Count

    from FutureTrading.services.config import aliases
    from MarketOpenCapture.models import AuditTrail, MarketOpenSession
    from MarketOpenCapture.services.replay import delete_run, replay
    from MarketOpenCapture.services.replay_files import load_quotes

    path = Path(tempfile.gettempdir()) / "thor_bench_replay" / f"quotes-{args.month}.csv"
    path.parent.mkdir(exist_ok=True)
    times: dict[str, float] = {}
    if args.regenerate or not path.exists():
        with timed(times, "generate"):
            rows = generate(path, args.month)
        print(f"generated {rows:,} quotes in {times['generate']:.1f} s → {path} ({path.stat().st_size / 1e6:.0f} MB)")

    with timed(times, "read"):
        quotes = load_quotes([path], aliases()).count()
    with timed(times, "replay"):
        result = replay([path], run_name=RUN, replace=True)
    sessions = MarketOpenSession.objects.filter(run=result.run)
    outcomes = dict(sessions.values_list("outcome").annotate(n=Count("pk")).order_by())
    trails = AuditTrail.objects.filter(session__run=result.run).count()

    print(f"\nreplay of {quotes:,} quotes ({args.month}, 11 symbols, 1 quote/symbol/s around the opens)")
    print(f"  file read + validation alone : {times['read']:6.2f} s  {quotes / times['read']:>12,.0f} quotes/s")
    print(f"  end to end (read → stored)   : {times['replay']:6.2f} s  {quotes / times['replay']:>12,.0f} quotes/s"
          f"   (target ≥ 500,000)")
    print(f"  opens {result.opens}, sessions {result.sessions}, missed {len(result.missed)}, audit trails {trails}")
    print(f"  outcomes: {outcomes}")
    delete_run(RUN)


if __name__ == "__main__":
    main()
