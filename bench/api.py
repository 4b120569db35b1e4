"""Benchmark of the market-open read API; prints a table, asserts nothing.

    .venv/bin/python bench/api.py [--postgres-url postgres://postgres@127.0.0.1:5432] [--years 10] [--requests 20]

Creates the PostgreSQL database `thor_bench_api` afresh, migrates it, and
generates `years` × 252 trading days × 7 regions of graded live sessions with
12 snapshot rows each (London and Amsterdam share their trade, as they do in
life). Then times, through Django's test client as a logged-in user, p50 and
p95 of: today, history with analytics over every year, stats and predictors
(and a filtered history, for comparison). The database is dropped at the
end unless --keep is given.
"""
import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, time as clock_time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "thor_bench_api"
SYMBOLS = ("YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB")
SIGNALS = ("STRONG_BUY", "BUY", "HOLD", "SELL", "STRONG_SELL")
WEIGHT = {"STRONG_BUY": 2, "BUY": 1, "HOLD": 0, "SELL": -1, "STRONG_SELL": -2}
# region: (zone, local open); London and Amsterdam open at the same instant all year.
REGIONS = {
    "Japan": ("Asia/Tokyo", clock_time(9, 0)),
    "China": ("Asia/Shanghai", clock_time(9, 30)),
    "India": ("Asia/Kolkata", clock_time(9, 15)),
    "EuroNext": ("Europe/Amsterdam", clock_time(9, 0)),
    "London": ("Europe/London", clock_time(8, 0)),
    "Pre_USA": ("America/New_York", clock_time(8, 30)),
    "USA": ("America/New_York", clock_time(9, 30)),
}
# Every field a feed gives and the capture derives, so rows are as wide as live ones.
FULL_ROW = {
    **{name: Decimal("4738.25") for name in ("last", "bid", "ask", "vwap", "open", "prev_close", "high_24h", "low_24h",
                                             "high_52w", "low_52w", "stat_value", "contract_weight")},
    **{name: Decimal("1.25") for name in ("change", "spread", "open_vs_prev", "range_24h", "range_52w", "tick_size")},
    **{name: Decimal("0.0263") for name in ("change_percent", "open_vs_prev_percent", "range_24h_percent",
                                            "position_in_52w_percent")},
    "bid_size": 12, "ask_size": 9, "volume": 1_234_567, "quote_age_sec": Decimal("0.250"), "tick_value": Decimal(5),
}
TARGETS_MS = {"today": 50, "history+analytics": 200, "stats": 200, "predictors": 300}


def recreate_database(server_url: str) -> None:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")


def drop_database(server_url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def trading_days(count: int, first: date) -> list[date]:
    days, day = [], first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def outcome_of(rng: random.Random, signal: str, es_signal: str) -> str:
    if signal == "HOLD":
        return "No Entry"
    # A small edge when ES agrees with the composite, so predictors have something to find.
    agrees = (signal in ("BUY", "STRONG_BUY")) == (es_signal in ("BUY", "STRONG_BUY"))
    draw = rng.random() - (0.08 if agrees else 0)
    return "Worked" if draw < 0.45 else "Didn't Work" if draw < 0.85 else "Expired" if draw < 0.98 else "Error"


def generate(years: int, seed: int) -> None:
    from MarketOpenCapture.models import TOTAL_SYMBOL, FutureSnapshot, MarketOpenSession

    rng = random.Random(seed)
    pnl = {"Worked": Decimal(100), "Didn't Work": Decimal(-100), "Expired": Decimal(0), "No Entry": Decimal(0),
           "Error": Decimal(0)}
    after = {"Worked": 700, "Didn't Work": 900, "Expired": 1800, "No Entry": 0, "Error": 1800}
    days = trading_days(252 * years, date.today() - timedelta(days=int(365.25 * years)))
    for chunk in range(0, len(days), 100):
        sessions, signals = [], []
        for day in days[chunk:chunk + 100]:
            shared = None
            for region, (zone, local_open) in REGIONS.items():
                open_at = datetime.combine(day, local_open, ZoneInfo(zone)).astimezone(timezone.utc)
                if region == "London" and shared is not None:
                    signal, symbols, outcome = shared  # the trade Amsterdam took at the same instant
                else:
                    signal = rng.choice(SIGNALS)
                    symbols = [rng.choice(SIGNALS) for _ in SYMBOLS]
                    outcome = outcome_of(rng, signal, symbols[1])
                    shared = (signal, symbols, outcome)
                side = {"BUY": "BUY", "STRONG_BUY": "BUY", "SELL": "SELL", "STRONG_SELL": "SELL"}.get(signal)
                entry = Decimal(47388) if side else None
                step = 20 if side == "BUY" else -20
                sessions.append(MarketOpenSession(
                    region=region, trading_date=day, day_of_week=day.weekday(), open_at=open_at,
                    captured_at=open_at, composite_signal=signal, signal_weight_sum=4 * WEIGHT[signal],
                    weighted_average=Decimal("12.5"), sum_weighted=Decimal(2100), instrument_count=11,
                    ym_bid=Decimal(47380), ym_ask=Decimal(47388), ym_spread=Decimal(8), entry_side=side,
                    entry_price=entry, target_price=entry + step if side else None,
                    stop_price=entry - step if side else None, evaluation_window_sec=1800, outcome=outcome,
                    pnl_usd=pnl[outcome], resolved_at=open_at + timedelta(seconds=after[outcome] + rng.random()),
                    grader_version=1, grading_done=True,
                ))
                signals.append((symbols, signal))
        MarketOpenSession.objects.bulk_create(sessions, batch_size=2000)
        FutureSnapshot.objects.bulk_create([
            FutureSnapshot(session=session, symbol=symbol, row_order=order, signal=symbols[order],
                           signal_weight=WEIGHT[symbols[order]], quote_at=session.open_at, **FULL_ROW)
            for session, (symbols, _) in zip(sessions, signals) for order, symbol in enumerate(SYMBOLS)
        ] + [
            FutureSnapshot(session=session, symbol=TOTAL_SYMBOL, row_order=len(SYMBOLS), signal=signal,
                           signal_weight_sum=4 * WEIGHT[signal], status="LIVE TOTAL")
            for session, (_, signal) in zip(sessions, signals)
        ], batch_size=5000)


def timed(client, url: str, count: int) -> tuple[float, float]:
    for _ in range(2):  # warm caches and connections
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.content[:300])
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres-url", default=os.environ.get("THOR_BENCH_POSTGRES_URL",
                                                                 "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="time the database a --keep run left")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.update({"DATABASE_URL": f"{args.postgres_url}/{DATABASE}",
                       "DJANGO_SETTINGS_MODULE": "thor_backend.settings", "LOG_LEVEL": "WARNING"})
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's host in
    if not args.reuse:
        recreate_database(args.postgres_url)
    try:
        from django.db import connection

        from MarketOpenCapture.models import MarketOpenSession

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        if not args.reuse:
            generate(args.years, args.seed)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # what autovacuum does to a table ten years old
        count = MarketOpenSession.objects.count()
        print(f"{count:,} sessions ({count * 12:,} snapshot rows) ready in {time.perf_counter() - started:.0f} s")

        last = MarketOpenSession.objects.order_by("-open_at").values_list("open_at", flat=True).first()
        # A minute after the last US open: every region is still on that date, so each has its session "today".
        settings.THOR_CLOCK_NOW = last + timedelta(minutes=1)
        client = Client()
        client.force_login(get_user_model().objects.get_or_create(username="bench")[0])
        urls = {
            "today": "/api/market-open/today/",
            "history+analytics": "/api/market-open/history/",
            "history (Japan, Mondays)": "/api/market-open/history/?region=Japan&day_of_week=Monday",
            "stats": "/api/market-open/stats/",
            "predictors": "/api/market-open/predictors/",
        }
        print(f"\n{'endpoint (' + str(args.requests) + ' requests)':<30} {'p50 ms':>8} {'p95 ms':>8}  target p95")
        for name, url in urls.items():
            p50, p95 = timed(client, url, args.requests)
            target = f"< {TARGETS_MS[name]} ms" if name in TARGETS_MS else ""
            verdict = "" if not target else " ok" if p95 < TARGETS_MS[name] else " MISSED"
            print(f"{name:<30} {p50:>8.1f} {p95:>8.1f}  {target}{verdict}")
    finally:
        if not args.keep:
            drop_database(args.postgres_url)


if __name__ == "__main__":
    main()
