"""Benchmark of what-if: 10,000 stored sessions re-graded from their audit trails; prints figures, asserts nothing.

    .venv/bin/python bench/whatif.py [--database-url postgres://postgres@127.0.0.1:5432/thor_bench_replay]
                                     [--sessions 10000] [--every 1,10] [--profile]

For each `--every` (seconds between YM quotes in a trail: 1 gives the 7,200
quotes of a 2 h horizon at one a second), a run of `--sessions` graded BUY
sessions is stored once (kept for the next time): YM snapshot row, and an
audit trail of a random walk packed (with its first-touch index) as the
grader packs it. Then `whatif(...)` with a $150 target is timed, three
times (target < 0.5 s), and the recorded figures beside it; `--profile`
adds where the time of one more run goes.
"""
import argparse
import cProfile
import logging
import pstats
import random
import sys
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from backtest_setup import DEFAULT_DATABASE_URL, setup, walk  # noqa: E402

REGIONS = ("Japan", "China", "India", "EuroNext", "London", "Pre_USA", "USA")
HORIZON_S = 7200
SCALE = 10**8


def store(name: str, count: int, every_s: int, seed: int = 11) -> None:
    from django.db import transaction

    from MarketOpenCapture.models import AuditTrail, BacktestRun, FutureSnapshot, MarketOpenSession
    from MarketOpenCapture.rules.grading import TradeSpec
    from MarketOpenCapture.services.audit import trail_fields

    BacktestRun.objects.filter(name=name).delete()
    run = BacktestRun.objects.create(name=name, parameters={"every_s": every_s, "sessions": count})
    rng, pick = np.random.default_rng(seed), random.Random(seed)
    first = datetime(2000, 1, 3, tzinfo=timezone.utc)
    steps = HORIZON_S // every_s
    for chunk in range(0, count, 1000):
        sessions, trails = [], []
        for index in range(chunk, min(chunk + 1000, count)):
            opened = first + timedelta(days=index // len(REGIONS), hours=index % len(REGIONS))
            at = int(opened.timestamp() * 1000)
            entry = Decimal(47388 + pick.randint(-500, 500))
            trade = TradeSpec(side="BUY", entry=entry, target=entry + 20, stop=entry - 20, open_ms=at,
                              window_ms=1_800_000, target_usd=Decimal(100), stop_usd=Decimal(100))
            bid_ticks, ask_ticks = walk(rng, steps, spread_ticks=8)
            ts = at + every_s * 1000 * np.arange(1, steps + 1, dtype=np.int64)
            bid, ask = (int(entry - 8) + bid_ticks) * SCALE, (int(entry - 8) + ask_ticks) * SCALE
            result = _recorded(trade, ts, bid, ask)
            sessions.append(MarketOpenSession(
                run=run, region=REGIONS[index % len(REGIONS)], trading_date=date(2000, 1, 3) + timedelta(days=index),
                day_of_week=0, open_at=opened, captured_at=opened, capture_source="bench", composite_signal="BUY",
                signal_weight_sum=5, weighted_average=Decimal(1), sum_weighted=Decimal(1), instrument_count=11,
                ym_bid=entry - 8, ym_ask=entry, ym_spread=Decimal(8), entry_side="BUY", entry_price=entry,
                target_price=entry + 20, stop_price=entry - 20, target_ticks=20, stop_ticks=20,
                target_usd=Decimal(100), stop_usd=Decimal(100), evaluation_window_sec=1800,
                outcome=result.outcome, pnl_usd=result.pnl_usd, resolved_at=opened, outcome_reason=result.reason,
                grading_done=True, grader_version=result.grader_version,
            ))
            trails.append((at, ts, bid, ask))
        with transaction.atomic():
            MarketOpenSession.objects.bulk_create(sessions)
            FutureSnapshot.objects.bulk_create([
                FutureSnapshot(session=session, symbol="YM", tick_size=Decimal(1), tick_value=Decimal(5))
                for session in sessions])
            AuditTrail.objects.bulk_create([
                AuditTrail(session=session, symbol="YM", start_ms=at, end_ms=at + HORIZON_S * 1000,
                           **trail_fields(ts, bid, ask, at))
                for session, (at, ts, bid, ask) in zip(sessions, trails)])


def _recorded(trade, ts, bid, ask):
    """The outcome the live grader would have recorded on this trail."""
    from MarketOpenCapture.rules.grading import QuotePath

    return QuotePath(ts, bid, ask).grade(trade, observed_until_ms=int(ts[-1]) + 60_000, feed_gap_ms=60_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--every", default="1,10", help="seconds between trail quotes, comma-separated")
    parser.add_argument("--profile", action="store_true", help="print the top functions of one more run")
    args = parser.parse_args()
    setup(args.database_url)
    logging.getLogger("FutureTrading").setLevel(logging.ERROR)

    from MarketOpenCapture.models import AuditTrail, BacktestRun, MarketOpenSession
    from MarketOpenCapture.services.whatif import whatif

    for every in map(int, args.every.split(",")):
        name = f"bench-whatif-{args.sessions}-every-{every}s"
        run = BacktestRun.objects.filter(name=name).first()
        # Stored before trails carried their first-touch index: store again, as the grader now would.
        if run is None or run.sessions.count() != args.sessions or run.sessions.filter(
                audit__touch_index__isnull=True).exists():
            started = time.perf_counter()
            store(name, args.sessions, every)
            print(f"stored {args.sessions:,} sessions with trails of {HORIZON_S // every:,} quotes "
                  f"in {time.perf_counter() - started:.0f} s")
        sessions = MarketOpenSession.objects.filter(run__name=name)
        sizes = AuditTrail.objects.filter(session__run__name=name).values_list("data", "touch_index")[:100]
        size, index_size = (sum(len(row[i]) for row in sizes) / len(sizes) for i in (0, 1))
        times = []  # (wall, this process's CPU): on a shared machine the gap is time spent waiting
        for _ in range(3):
            started, cpu = time.perf_counter(), time.process_time()
            result = whatif(sessions, target_usd=Decimal(150))
            times.append((time.perf_counter() - started, time.process_time() - cpu))
        recorded, alternative = result["recorded"], result["whatif"]
        print(f"\nwhat-if over {result['sessions']:,} sessions, trails of {HORIZON_S // every:,} quotes "
              f"(one every {every} s, ~{size / 1000:.1f} kB packed, index ~{index_size / 1000:.1f} kB), "
              "target $100 → $150:")
        print(f"  time: {', '.join(f'{wall:.2f} s (cpu {cpu:.2f} s)' for wall, cpu in times)}   (target < 0.5 s)")
        print(f"  recorded: worked {recorded['worked']}, didn't {recorded['didnt_work']}, expired "
              f"{recorded['expired']}, EV {recorded['expected_value']}")
        print(f"  what-if : worked {alternative['worked']}, didn't {alternative['didnt_work']}, expired "
              f"{alternative['expired']}, EV {alternative['expected_value']}")
        if args.profile:
            profile = cProfile.Profile()
            profile.runcall(whatif, sessions, target_usd=Decimal(150))
            pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(12)


if __name__ == "__main__":
    main()
