"""Benchmark of the capture at the open: open instant → committed session; prints figures, asserts nothing.

    .venv/bin/python bench/capture.py [--markets 20] [--spacing 3] [--concurrency 4] [--database thor_bench_live]

Production shape (see bench/live_setup.py): a Celery worker and beat as
processes of their own, real Redis (quote bus and broker) and PostgreSQL,
the beat's 5 s tick queuing each open with its ETA at the open's instant.
`--markets` bench markets open `--spacing` seconds apart while a feeder
publishes a BUY book every 250 ms (--feed-ms), so every open is captured with a YM
entry and arms its grading chain (the chains keep running, as they would).

Figures, per open (target: p99 < 500 ms):
- committed: the first moment the bench sees the session row from its own
  connection (polled every 10 ms) minus the open's wall-clock instant;
- captured_at: the capture's own timestamp (taken just before the insert)
  minus the open's wall-clock instant;
- the worker's run time of the capture task, from its log.
"""
import argparse
from datetime import timedelta

from live_setup import YM_BID, add_arguments, figures, live_installation, machine_line

TARGET_MS = 500


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_arguments(parser, markets=20, spacing=3)
    args = parser.parse_args()

    with live_installation(args, ym_bid_at=lambda ts_ms: YM_BID) as live:
        everything_in = live.wait_until(lambda: len(live.watcher.captured) >= args.markets,
                                        live.opens[-1] + timedelta(seconds=15))
        from MarketOpenCapture.models import MissedCapture

        missed = list(MissedCapture.objects.values_list("region", "error"))
        seen = dict(live.watcher.captured)

    committed, stamped = [], []
    for seen_at, row in seen.values():
        opened = live.real(row.open_at)
        committed.append((seen_at - opened) * 1000)
        stamped.append((row.captured_at.timestamp() - opened) * 1000)
    entries = sum(row.entry_price is not None for _, row in seen.values())

    print()
    print(f"capture at the open: {len(seen)} of {args.markets} opens captured "
          f"({entries} with a YM entry), {len(missed)} missed; worker concurrency {args.concurrency}")
    print(figures("open -> session committed (seen by the bench)", committed, f"target p99 < {TARGET_MS} ms"))
    print(figures("open -> captured_at (stamped by the capture)", stamped))
    print(figures("capture task run time (worker log)", live.task_ms.get("capture_market_open", [])))
    print(figures("grading step run time (worker log)", live.task_ms.get("grade_session", [])))
    if not everything_in:
        print("not every open was captured within 15 s of the last open")
    for region, error in missed:
        print(f"missed {region}: {error}")
    print(machine_line())


if __name__ == "__main__":
    main()
