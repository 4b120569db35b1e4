"""What the backtest benchmarks share (bench/replay.py, whatif.py, bars_vs_backtesting.py).

- `setup()`: Django on a PostgreSQL database of the benchmarks' own
  (default thor_bench_replay; created if missing, then migrated and seeded),
  with the database quote bus so no Redis is touched;
- `price_texts()`: random-walk prices of an instrument as exact decimal text,
  the way a feed writes them (never through float);
- `timed()`: wall time of a block.
"""
import os
import sys
import time
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/thor_bench_replay"
# A price near each instrument's level in 2026, in its own ticks.
BASE = {"YM": "47380", "ES": "6800.25", "NQ": "25010.5", "RTY": "2450.1", "CL": "62.15", "SI": "48.105",
        "HG": "5.1005", "GC": "4010.3", "VX": "17.05", "DX": "99.505", "ZB": "117.03125"}


def setup(database_url: str = DEFAULT_DATABASE_URL) -> None:
    """Point Django at `database_url` (creating the database if it is missing), migrate and seed it."""
    import psycopg

    server, _, name = database_url.rpartition("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')
    os.environ.update({"DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "thor_backend.settings"})
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_symbol_config", verbosity=0)


def tick_size(symbol: str) -> Decimal:
    from FutureTrading.rules.instruments import SPEC_INSTRUMENTS

    return next(spec.tick_size for spec in SPEC_INSTRUMENTS if spec.symbol == symbol)


def walk(rng: np.random.Generator, count: int, spread_ticks: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Bid and ask of a random walk, in ticks from its start: a move of one tick now and then."""
    bid = np.cumsum(rng.choice([-1, 0, 0, 0, 1], size=count)).astype(np.int64)
    return bid, bid + spread_ticks


def price_texts(symbol: str, ticks: np.ndarray, base: Decimal | None = None) -> np.ndarray:
    """`base` (default BASE[symbol]) + ticks × tick size as exact text, one Decimal per distinct level."""
    low = int(ticks.min())
    base, tick = Decimal(BASE[symbol]) if base is None else base, tick_size(symbol)
    levels = np.array([format(base + (low + k) * tick, "f") for k in range(int(ticks.max()) - low + 1)],
                      dtype=object)
    return levels[ticks - low]


@contextmanager
def timed(into: dict, name: str):
    started = time.perf_counter()
    yield
    into[name] = time.perf_counter() - started
