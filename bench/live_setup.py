"""A live Thor for the latency benchmarks: PostgreSQL, Redis, a Celery worker and beat.

`bench/capture.py` and `bench/grading.py` both live through a row of bench
markets ("B01", "B02", ...) opening a few seconds apart on one XNYS trading
day, in simulated time: THOR_CLOCK_OFFSET_SEC, the same in this process and
in the worker and beat, puts the clock a little before the first open. This
module builds that installation (a fresh database, the bench markets, a
feeder thread publishing the 11-symbol book, the worker and beat as
processes of their own, a watcher noting when rows become visible) and
removes it afterwards: the database, every Redis key it wrote, the Celery
queue and the processes.

The measurements come from outside the system, as a trader would see it:
the watcher reads the committed rows from its own database connection every
10 ms, and the instants compared are wall-clock instants.
"""
import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time as clock_time, timedelta, timezone
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRADING_DAY = date(2026, 12, 1)  # a Tuesday, an XNYS trading day
FIRST_OPEN = datetime.combine(TRADING_DAY, clock_time(15, 0), tzinfo=timezone.utc)
CLOSE_LOCAL = clock_time(23, 0)
YM_BID = Decimal("47000")
YM_SPREAD = Decimal("2")
WATCH_INTERVAL_SEC = 0.01
# symbol: (net change, bid, ask). By SPEC §1: YM +70 STRONG_BUY (+2), ES +2 BUY (+1),
# NQ +5 BUY (+1), RTY +5 BUY (+1), every other symbol unchanged HOLD (0): composite
# +5, BUY, so every open buys YM at the ask. YM's prices come from the feeder's level.
BOOK = {
    "YM": ("70", None, None),
    "ES": ("2", "6800.00", "6800.25"),
    "NQ": ("5", "25000.00", "25000.25"),
    "RTY": ("5", "2450.0", "2450.1"),
    "CL": ("0", "62.10", "62.11"),
    "SI": ("0", "48.100", "48.105"),
    "HG": ("0", "5.1000", "5.1005"),
    "GC": ("0", "4000.0", "4000.1"),
    "VX": ("0", "17.20", "17.25"),
    "DX": ("0", "99.500", "99.505"),
    "ZB": ("0", "117.5", "117.53125"),
}
_SUCCEEDED = re.compile(r"Task (\S+)\[[^\]]+\] succeeded in ([0-9.]+)s")


def add_arguments(parser, *, markets: int, spacing: int) -> None:
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432",
                        help="server URL; the database itself is created and dropped")
    parser.add_argument("--database", default="thor_bench_live")
    parser.add_argument("--redis-url", default=os.environ.get("THOR_BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    parser.add_argument("--markets", type=int, default=markets, help="bench markets, one open each")
    parser.add_argument("--spacing", type=int, default=spacing, help="whole seconds between two opens")
    parser.add_argument("--lead", type=int, default=20, help="simulated seconds from the start to the first open")
    parser.add_argument("--concurrency", type=int, default=4, help="worker processes (docker-compose runs 4)")
    parser.add_argument("--feed-ms", type=int, default=250, help="milliseconds between two books of the feeder")
    parser.add_argument("--keep", action="store_true", help="keep the database and the process logs")


def open_instants(markets: int, spacing: int) -> list[datetime]:
    """The simulated open of each bench market, in order."""
    return [FIRST_OPEN + timedelta(seconds=spacing * i) for i in range(markets)]


# ---------------------------------------------------------------- measuring


def wall() -> float:
    return time.time()


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: with few samples, a value that was measured, never an interpolation."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def figures(label: str, values_ms: list[float], target: str = "") -> str:
    if not values_ms:
        return f"{label:<46} n=0"
    cuts = " ".join(f"{name} {percentile(values_ms, share):7.1f}" for name, share in
                    (("p50", 0.50), ("p95", 0.95), ("p99", 0.99)))
    return f"{label:<46} n={len(values_ms):<3} {cuts}  max {max(values_ms):7.1f} ms  {target}".rstrip()


def task_runtimes(log: Path) -> dict[str, list[float]]:
    """Run time in ms of each task the worker logged as succeeded, by task name."""
    runtimes: dict[str, list[float]] = {}
    for name, seconds in _SUCCEEDED.findall(log.read_text(errors="replace")):
        runtimes.setdefault(name.rsplit(".", 1)[-1], []).append(float(seconds) * 1000)
    return runtimes


def machine_line() -> str:
    one, five, fifteen = os.getloadavg()
    return f"machine: {os.cpu_count()} CPUs, load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min)"


@dataclass(frozen=True)
class Publication:
    wall: float  # when publish() returned: the quote is on the bus for every reader
    ts_ms: int


class Feeder(threading.Thread):
    """Publishes the full book every `interval_sec`, stamped with Thor's clock.

    `ym_bid_at(ts_ms)` sets YM's bid (the ask is 2 points above); it may be
    replaced while the feeder runs. The first publication of each YM bid is
    kept, so a benchmark knows when a level was first on the bus.
    """

    def __init__(self, bus, ym_bid_at: Callable[[int], Decimal], interval_sec: float):
        super().__init__(name="bench-feeder", daemon=True)
        self.bus, self.ym_bid_at, self.interval_sec = bus, ym_bid_at, interval_sec
        self.first: dict[Decimal, Publication] = {}
        self.failure: BaseException | None = None
        self._halt = threading.Event()

    def book(self, ts_ms: int, ym_bid: Decimal) -> list:
        from LiveData.quotes import Quote

        quotes = []
        for symbol, (change, bid, ask) in BOOK.items():
            bid, ask = (ym_bid, ym_bid + YM_SPREAD) if symbol == "YM" else (Decimal(bid), Decimal(ask))
            change = Decimal(change)
            quotes.append(Quote(symbol=symbol, ts_ms=ts_ms, bid=bid, ask=ask, last=bid, change=change,
                                prev_close=bid - change, source="bench"))
        return quotes

    def run(self):
        from thor_backend.clock import now_ms

        started = time.monotonic()
        beat = 0
        try:
            while not self._halt.wait(max(0.0, started + beat * self.interval_sec - time.monotonic())):
                beat += 1
                ts_ms = now_ms()
                ym_bid = self.ym_bid_at(ts_ms)
                self.bus.publish(self.book(ts_ms, ym_bid))
                self.first.setdefault(ym_bid, Publication(wall(), ts_ms))
        except BaseException as exc:  # reported by the benchmark, not lost in a thread
            self.failure = exc

    def wait_for_level(self, ym_bid: Decimal, timeout: float) -> Publication:
        deadline = time.monotonic() + timeout
        while ym_bid not in self.first:
            if self.failure or time.monotonic() > deadline:
                raise RuntimeError(f"the feeder did not publish YM at {ym_bid}: {self.failure!r}")
            time.sleep(0.002)
        return self.first[ym_bid]

    def stop(self):
        self._halt.set()
        self.join()


@dataclass(frozen=True)
class SessionRow:
    pk: int
    region: str
    open_at: datetime
    captured_at: datetime
    composite_signal: str
    entry_price: Decimal | None
    target_price: Decimal | None
    outcome: str
    resolved_at: datetime | None
    resolution_price: Decimal | None


class Watcher(threading.Thread):
    """Reads the live sessions every 10 ms on its own connection and notes the
    wall-clock instant each session, and each final outcome, was first visible."""

    def __init__(self):
        super().__init__(name="bench-watcher", daemon=True)
        self.captured: dict[int, tuple[float, SessionRow]] = {}
        self.resolved: dict[int, tuple[float, SessionRow]] = {}
        self.failure: BaseException | None = None
        self._halt = threading.Event()

    def run(self):
        from django.db import connection

        from MarketOpenCapture.models import MarketOpenSession

        fields = list(SessionRow.__dataclass_fields__)
        try:
            while not self._halt.wait(WATCH_INTERVAL_SEC):
                rows = [SessionRow(**row) for row in
                        MarketOpenSession.objects.filter(run=None).order_by().values(*fields)]
                seen = wall()
                for row in rows:
                    self.captured.setdefault(row.pk, (seen, row))
                    if row.outcome != "Pending":
                        self.resolved.setdefault(row.pk, (seen, row))
        except BaseException as exc:
            self.failure = exc
        finally:
            connection.close()

    def stop(self):
        self._halt.set()
        self.join()


# ---------------------------------------------------------------- the installation


@dataclass
class Live:
    opens: list[datetime]
    feeder: Feeder
    watcher: Watcher
    worker_log: Path
    task_ms: dict[str, list[float]] | None = None  # filled when the worker has stopped

    def real(self, moment: datetime) -> float:
        """Wall-clock epoch seconds at which Thor's clock shows `moment`."""
        from thor_backend.clock import real_instant

        return real_instant(moment).timestamp()

    def simulated_now(self) -> datetime:
        from thor_backend.clock import now

        return now()

    def wait_until(self, predicate: Callable[[], bool], simulated_deadline: datetime) -> bool:
        while not predicate():
            for part in (self.feeder, self.watcher):
                if part.failure:
                    raise RuntimeError(f"{part.name} failed: {part.failure!r}")
            if self.simulated_now() > simulated_deadline:
                return False
            time.sleep(0.05)
        return True


def _drop_database(server_url: str, name: str, *, create_again: bool = False) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create_again:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _forget_redis(redis_url: str, prefix: str, queue: str) -> None:
    """Delete the bus keys and the Celery queue, and the queue's tasks that the
    worker still held at shutdown (kombu keeps them in its shared `unacked` hash)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = [*client.scan_iter(f"{prefix}*"), f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"]
    client.delete(*keys)
    for tag, payload in client.hscan_iter("unacked"):
        try:
            routed_to = json.loads(payload)[2]
        except (ValueError, IndexError, TypeError):
            continue
        if routed_to == queue:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def _setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["LOG_LEVEL"] = "WARNING"  # this process only; the worker and beat log at INFO to their files
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _bench_markets(opens: list[datetime]) -> None:
    """The seven real regions switched off; one UTC market per open on XNYS trading days."""
    from timezones.models import Market

    Market.objects.update(active=False, capture_enabled=False)
    Market.objects.bulk_create(
        Market(key=f"B{i + 1:02d}", display_name=f"Bench {i + 1:02d}", timezone="UTC", calendar_code="XNYS",
               hours_from_calendar=False, open_local=moment.time(), close_local=CLOSE_LOCAL,
               sort_order=100 + i)
        for i, moment in enumerate(opens)
    )


def _spawn(name: str, argv: list[str], env: dict[str, str], logs: Path) -> subprocess.Popen:
    log = open(logs / f"{name}.log", "w")
    try:
        return subprocess.Popen(argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    finally:
        log.close()  # the child has its own copy


def _stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _wait_for_line(log: Path, text: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while text not in log.read_text(errors="replace"):
        if process.poll() is not None:
            raise RuntimeError(f"{log.stem} exited ({process.returncode}); see {log}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{log.stem} did not log {text!r} within {timeout:.0f} s; see {log}")
        time.sleep(0.1)


@contextmanager
def live_installation(args, ym_bid_at: Callable[[int], Decimal]) -> Iterator[Live]:
    """Build the installation, yield it with the feeder, watcher, worker and beat running, remove it."""
    workdir = Path(tempfile.mkdtemp(prefix="thor-bench-live-"))
    (workdir / "static").mkdir()
    prefix = f"thor-bench:{uuid.uuid4().hex}:"
    queue = f"{prefix}celery"
    env = {
        "DJANGO_SETTINGS_MODULE": "thor_backend.settings",
        "DATABASE_URL": f"{args.postgres_url}/{args.database}",
        "REDIS_URL": args.redis_url,
        "QUOTE_BUS_REDIS_PREFIX": prefix,
        "CELERY_BROKER_URL": args.redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "THOR_STATE_DIR": str(workdir),
    }
    opens = open_instants(args.markets, args.spacing)
    processes: list[subprocess.Popen] = []
    feeder = watcher = live = None
    failed = True
    _drop_database(args.postgres_url, args.database, create_again=True)
    try:
        _setup_django(env)
        from django.conf import settings
        from django.core.management import call_command

        from LiveData.bus import get_bus
        from MarketOpenCapture.models import ClockState
        from MarketOpenCapture.services.clock import CLOCK_NAME

        call_command("migrate", verbosity=0)
        call_command("seed_symbol_config", verbosity=0)
        _bench_markets(opens)

        offset = (opens[0] - timedelta(seconds=args.lead) - datetime.now(timezone.utc)).total_seconds()
        settings.THOR_CLOCK_OFFSET_SEC = offset
        child_env = {**os.environ, **env, "THOR_CLOCK_OFFSET_SEC": repr(offset), "LOG_LEVEL": "INFO"}
        ClockState.objects.create(name=CLOCK_NAME, started_at=opens[0] - timedelta(seconds=args.lead))

        feeder, watcher = Feeder(get_bus(), ym_bid_at, args.feed_ms / 1000), Watcher()
        feeder.start()
        watcher.start()
        celery = [sys.executable, "-m", "celery", "-A", "thor_backend"]
        worker = _spawn("worker", celery + ["worker", "--loglevel", "INFO", "--concurrency", str(args.concurrency),
                                            "-Q", queue, "--without-gossip", "--without-mingle",
                                            "--without-heartbeat"], child_env, workdir)
        processes.append(worker)
        processes.append(_spawn("beat", celery + ["beat", "--loglevel", "INFO"], child_env, workdir))
        live = Live(opens, feeder, watcher, workdir / "worker.log")
        _wait_for_line(live.worker_log, "ready.", worker, timeout=args.lead)
        print(f"worker ready {(opens[0] - live.simulated_now()).total_seconds():.1f} s before the first open; "
              f"{args.markets} opens {args.spacing} s apart; a book every {args.feed_ms} ms", flush=True)
        yield live
        failed = False
    finally:
        for part in (feeder, watcher):
            if part is not None and part.is_alive():
                part.stop()
        _stop(processes)
        if live is not None:
            live.task_ms = task_runtimes(live.worker_log)
        from django.db import connections

        connections.close_all()
        _forget_redis(args.redis_url, prefix, queue)
        if args.keep:
            print(f"database {args.database} kept")
        else:
            _drop_database(args.postgres_url, args.database)
        if args.keep or failed:
            print(f"process logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
