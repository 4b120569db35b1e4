"""Benchmark of the quote path; prints a table, asserts nothing.

    .venv/bin/python bench/feed.py [--redis-url redis://127.0.0.1:6379/15]

Measures, on real Redis and a throw-away SQLite file:
- quotes/s published through each bus (pre-built quotes, batches of 500);
- quotes/s through `parse_quotes` alone (JSON-decoded 5,000-quote batches);
- quotes/s through HTTP ingest: the Django app under gunicorn (a separate
  process, one sync worker) receiving 5,000-quote batches, on either bus;
- publish-to-visible latency: one quote published by one client, read back
  through `latest` by a second client (its own connection), p50 and p99.

Everything it writes lives under a fresh key prefix / temporary folder and is
removed afterwards.
"""
import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SYMBOLS = ["YM", "ES", "NQ", "RTY", "CL", "SI", "HG", "GC", "VX", "DX", "ZB"]
BASE = {"YM": "47380", "ES": "6800.25", "NQ": "25010.5", "RTY": "2450.1", "CL": "62.15", "SI": "48.105",
        "HG": "5.1005", "GC": "4010.3", "VX": "17.05", "DX": "99.505", "ZB": "117.03125"}
TOKEN = uuid.uuid4().hex


def raw_quotes(count: int, start_ms: int) -> list[dict]:
    """Full quotes (every field) round-robin over the 11 symbols, 1 ms apart per round."""
    quotes = []
    for i in range(count):
        symbol = SYMBOLS[i % len(SYMBOLS)]
        bid = Decimal(BASE[symbol])
        quotes.append({
            "symbol": symbol, "ts": start_ms + i // len(SYMBOLS), "bid": bid, "ask": bid + Decimal("0.25"),
            "last": bid, "change": Decimal("-1.5"), "prev_close": bid + Decimal("1.5"), "open": bid,
            "high_24h": bid * Decimal("1.01"), "low_24h": bid * Decimal("0.99"),
            "high_52w": bid * Decimal("1.2"), "low_52w": bid * Decimal("0.8"),
            "vwap": bid, "bid_size": 3, "ask_size": 4, "volume": 100_000 + i, "source": "bench",
        })
    return quotes


def to_json(quotes: list[dict]) -> bytes:
    # Prices go out as JSON numbers, as a feed sends them (float() prints them exactly).
    return json.dumps(quotes, default=float).encode()


def publish_rate(bus, quotes, batch: int) -> float:
    started = time.perf_counter()
    for i in range(0, len(quotes), batch):
        bus.publish(quotes[i:i + batch])
    return len(quotes) / (time.perf_counter() - started)


def validation_rate(bodies: list[bytes], aliases: dict) -> float:
    from thor_backend.clock import now_ms
    from LiveData.validation import parse_quotes

    started = time.perf_counter()
    total = sum(len(parse_quotes(json.loads(body, parse_float=Decimal), aliases, now_ms())) for body in bodies)
    return total / (time.perf_counter() - started)


def latency_ms(writer, reader, samples: int, start_ms: int) -> tuple[float, float]:
    from LiveData.quotes import Quote

    delays = []
    for i in range(samples):
        quote = Quote("YM", start_ms + i, Decimal("47380"), Decimal("47381"), volume=i)
        started = time.perf_counter()
        writer.publish([quote])
        while reader.latest(["YM"]).get("YM") != quote:
            pass
        delays.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(delays, n=100)
    return cuts[49], cuts[98]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_rate(workdir: Path, redis_url: str, prefix: str, bodies: list[bytes], count: int) -> float:
    """POST the bodies to gunicorn running Thor; the server is a process of its own."""
    settings_dir = workdir / "settings"
    settings_dir.mkdir(exist_ok=True)
    # The Redis key prefix is a Django setting without an environment variable.
    (settings_dir / "bench_settings.py").write_text(
        f"from thor_backend.settings import *  # noqa\nQUOTE_BUS_REDIS_PREFIX = {prefix!r}\n"
    )
    port = free_port()
    env = {**os.environ, "PYTHONPATH": f"{settings_dir}{os.pathsep}{ROOT}", "DJANGO_SETTINGS_MODULE": "bench_settings",
           "REDIS_URL": redis_url, "LOG_LEVEL": "ERROR"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "thor_backend.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "1", "--log-level", "error"],
        cwd=ROOT, env=env,
    )
    url = f"http://127.0.0.1:{port}/api/feed/quotes"
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/api/health", server)
        started = time.perf_counter()
        for body in bodies:
            request = urllib.request.Request(url, data=body, method="POST", headers={
                "Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=60) as response:
                assert response.status == 202, response.read()
        return count / (time.perf_counter() - started)
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(200):
        if server.poll() is not None:
            raise SystemExit("gunicorn exited before answering")
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.05)
    raise SystemExit("gunicorn did not answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--redis-url", default=os.environ.get("THOR_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    parser.add_argument("--quotes", type=int, default=55_000, help="quotes per bus measurement")
    parser.add_argument("--http-batches", type=int, default=10, help="5,000-quote batches per HTTP measurement")
    parser.add_argument("--samples", type=int, default=2_000, help="latency samples")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="thor-bench-"))
    (workdir / "static").mkdir()  # whitenoise warns about a missing static folder
    os.environ.update({
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}", "THOR_STATE_DIR": str(workdir),
        "THOR_FEED_TOKEN": TOKEN, "DJANGO_SETTINGS_MODULE": "thor_backend.settings", "LOG_LEVEL": "ERROR",
    })
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import redis
    from django.core.management import call_command

    from FutureTrading.rules.instruments import SPEC_INSTRUMENTS
    from FutureTrading.rules.symbols import alias_map
    from LiveData.bus.db_bus import DatabaseQuoteBus
    from LiveData.bus.redis_bus import RedisQuoteBus
    from thor_backend.clock import now_ms
    from LiveData.validation import parse_quotes

    call_command("migrate", verbosity=0)
    prefix = f"thor-bench:{uuid.uuid4().hex}:"
    rows = []
    try:
        start = now_ms() - 3_600_000
        raw, aliases = raw_quotes(args.quotes, start), alias_map(SPEC_INSTRUMENTS)
        quotes = [q for i in range(0, len(raw), 5000) for q in parse_quotes(raw[i:i + 5000], aliases, now_ms())]
        rate = publish_rate(RedisQuoteBus(args.redis_url, prefix + "bus:"), quotes, 500)
        rows.append(("Redis bus publish, batches of 500", f"{rate:,.0f} quotes/s", ">= 50,000"))
        rate = publish_rate(DatabaseQuoteBus(), quotes, 500)
        rows.append(("SQLite bus publish, batches of 500", f"{rate:,.0f} quotes/s", ">= 5,000"))

        count = args.http_batches * 5000
        batch = raw_quotes(count, now_ms() - 60_000)
        bodies = [to_json(batch[i:i + 5000]) for i in range(0, count, 5000)]
        rows.append(("JSON decode + parse_quotes only", f"{validation_rate(bodies, aliases):,.0f} quotes/s", ""))
        rate = http_rate(workdir, args.redis_url, prefix + "http:", bodies, count)
        rows.append(("HTTP ingest -> Redis bus, 5,000-quote batches", f"{rate:,.0f} quotes/s", ">= 10,000"))
        rate = http_rate(workdir, "", prefix, bodies, count)
        rows.append(("HTTP ingest -> SQLite bus, 5,000-quote batches", f"{rate:,.0f} quotes/s", ""))

        latency_start = now_ms()
        writer, reader = (RedisQuoteBus(args.redis_url, prefix + "latency:") for _ in range(2))
        p50, p99 = latency_ms(writer, reader, args.samples, latency_start)
        rows.append(("Redis publish-to-visible p50 / p99", f"{p50:.2f} / {p99:.2f} ms", "p99 < 5 ms"))
        p50, p99 = latency_ms(DatabaseQuoteBus(), DatabaseQuoteBus(), min(args.samples, 500), latency_start)
        rows.append(("SQLite publish-to-visible p50 / p99 (one connection)", f"{p50:.2f} / {p99:.2f} ms", ""))
    finally:
        client = redis.Redis.from_url(args.redis_url)
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)
        shutil.rmtree(workdir, ignore_errors=True)

    width = max(len(name) for name, _, _ in rows)
    print(f"\n{'measure':<{width}}  {'result':>22}  target")
    for name, value, target in rows:
        print(f"{name:<{width}}  {value:>22}  {target}")


if __name__ == "__main__":
    main()
