"""`manage.py run_feed`: publish quotes from the simulator or a quote file to the quote bus.

    run_feed --source sim [--seed N] [--interval-ms 250] [--duration SEC]
    run_feed --source file PATH [--speed N|max | --follow-clock] [--duration SEC]

The simulator stamps its quotes with Thor's clock (`thor_backend.clock`: the
current time, or a simulated one under THOR_CLOCK_OFFSET_SEC). A file replay keeps
the file's timestamps, paced at N× real time (or as fast as possible), or
with --follow-clock as Thor's clock reaches each timestamp (`run_thor --replay`
sets every process's clock to the file's day). The bus keeps each symbol's
quotes in time order and refuses a quote older than the newest one it holds,
so replay a file into a fresh database (or Redis prefix), not beside a live
or simulated feed. Ctrl-C or SIGTERM stops the feed cleanly between two
batches.
"""
import logging
import random
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from FutureTrading.services.config import aliases, instrument_specs
from LiveData.bus import QuoteBusUnavailable, QuoteOrderError, get_bus
from LiveData.feeds.csv_file import QuoteFileError, read_batches
from LiveData.feeds.pacing import ClockPace, SpeedPace, parse_speed
from LiveData.feeds.simulator import MARKET_PROFILES, MarketSimulator
from LiveData.quotes import Quote, from_ms
from thor_backend.clock import now_ms
from thor_backend.formats import iso_utc

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_MS = 250
PROGRESS_EVERY_S = 60
SLEEP_SLICE_S = 0.2  # longest uninterrupted sleep, so a stop request is honoured quickly


class _Progress:
    """Counts what was published and logs a line per minute."""

    def __init__(self, label: str):
        self.label = label
        self.total = self.since_last = self.failures = 0
        self.last_ts_ms: int | None = None
        self.logged_at = time.monotonic()

    def published(self, quotes: list[Quote]) -> None:
        self.total += len(quotes)
        self.since_last += len(quotes)
        self.last_ts_ms = max(self.last_ts_ms or 0, max(q.ts_ms for q in quotes))

    def _last_ts(self) -> str:
        return iso_utc(from_ms(self.last_ts_ms)) if self.last_ts_ms is not None else "none yet"

    def tick(self) -> None:
        if time.monotonic() - self.logged_at < PROGRESS_EVERY_S:
            return
        failed = f", {self.failures} batches failed" if self.failures else ""
        log.info("%s: %d quotes published in the last minute%s, last ts %s",
                 self.label, self.since_last, failed, self._last_ts())
        self.since_last = self.failures = 0
        self.logged_at = time.monotonic()

    def finish(self) -> None:
        log.info("%s stopped: %d quotes published, last ts %s", self.label, self.total, self._last_ts())


class Command(BaseCommand):
    help = "Publish quotes from the market simulator or a quote file (CSV, .csv.gz) to the quote bus."

    def add_arguments(self, parser):
        parser.add_argument("--source", choices=("sim", "file"), required=True)
        parser.add_argument("path", nargs="?", help="the quote file of --source file")
        parser.add_argument("--seed", type=int, help="simulator seed (default: a random one, logged)")
        parser.add_argument("--interval-ms", type=int, help=f"simulator step (default {DEFAULT_INTERVAL_MS})")
        parser.add_argument("--speed", help="file replay: N times real time, or max (default 1)")
        parser.add_argument("--follow-clock", action="store_true",
                            help="file replay: publish each quote when Thor's clock reaches its timestamp")
        parser.add_argument("--duration", type=float, help="stop after this many seconds")

    def handle(self, *args, **options):
        self._check(options)
        self._deadline = None if options["duration"] is None else time.monotonic() + options["duration"]
        self._stop_requested = False
        with self._stop_on_signals():
            if options["source"] == "sim":
                self._simulate(options["seed"], options["interval_ms"] or DEFAULT_INTERVAL_MS)
            else:
                pace = ClockPace() if options["follow_clock"] else SpeedPace(parse_speed(options["speed"] or "1"))
                self._replay(options["path"], pace)

    def _check(self, options) -> None:
        """Refuse bad or contradictory options before anything starts."""
        if options["duration"] is not None and options["duration"] <= 0:
            raise CommandError("--duration must be a positive number of seconds")
        if options["source"] == "sim":
            if options["path"] or options["speed"] is not None or options["follow_clock"]:
                raise CommandError("--source sim takes no file and no --speed or --follow-clock; "
                                   "did you mean --source file?")
            if options["interval_ms"] is not None and options["interval_ms"] <= 0:
                raise CommandError("--interval-ms must be a positive number of milliseconds")
            return
        if options["seed"] is not None or options["interval_ms"] is not None:
            raise CommandError("--seed and --interval-ms are for --source sim; a file brings its own quotes and times")
        if not options["path"]:
            raise CommandError("--source file needs the path of a quote file")
        if not Path(options["path"]).is_file():
            raise CommandError(f"no quote file at {options['path']}")
        if options["follow_clock"] and options["speed"] is not None:
            raise CommandError("--follow-clock paces the file by Thor's clock; it takes no --speed")
        try:
            parse_speed(options["speed"] or "1")
        except ValueError as exc:
            raise CommandError(str(exc)) from None

    # -- stopping -------------------------------------------------------

    @contextmanager
    def _stop_on_signals(self):
        """Ctrl-C and SIGTERM finish the batch in hand and return, instead of dying mid-publish."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def request_stop(signum, _frame):
            log.info("%s received, stopping the feed", signal.Signals(signum).name)
            self._stop_requested = True

        previous = {signum: signal.signal(signum, request_stop) for signum in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _done(self) -> bool:
        return self._stop_requested or (self._deadline is not None and time.monotonic() >= self._deadline)

    def _sleep(self, seconds: float, progress: _Progress) -> None:
        until = time.monotonic() + seconds
        if self._deadline is not None:
            until = min(until, self._deadline)
        while not self._done() and (remaining := until - time.monotonic()) > 0:
            time.sleep(min(remaining, SLEEP_SLICE_S))
            progress.tick()

    # -- sources ----------------------------------------------------------

    def _simulate(self, seed: int | None, interval_ms: int) -> None:
        specs = instrument_specs()
        unsupported = [symbol for symbol in specs if symbol not in MARKET_PROFILES]
        if unsupported:
            log.warning("the simulator has no market profile for %s; not simulated", ", ".join(unsupported))
        specs = {symbol: spec for symbol, spec in specs.items() if symbol in MARKET_PROFILES}
        if not specs:
            raise CommandError("no active instrument the simulator knows; check the instruments in the admin")
        if seed is None:
            seed = random.SystemRandom().randrange(1_000_000)
        bus = get_bus()
        last_ts = now_ms()
        simulator = MarketSimulator(specs, seed, last_ts)
        progress = _Progress("sim feed")
        log.info("sim feed: %d instruments, seed %d, a step every %d ms, publishing to %s",
                 len(specs), seed, interval_ms, type(bus).__name__)
        next_step = time.monotonic()
        while not self._done():
            # The bus refuses time running backwards; a wall-clock step back
            # (NTP) must slow the stamps down, not stop the feed.
            last_ts = max(now_ms(), last_ts)
            quotes = simulator.step(last_ts)
            if quotes:
                self._publish_live(bus, quotes, progress)
            progress.tick()
            next_step = max(next_step + interval_ms / 1000, time.monotonic())
            self._sleep(next_step - time.monotonic(), progress)
        progress.finish()

    def _publish_live(self, bus, quotes: list[Quote], progress: _Progress) -> None:
        """Publish a simulator batch; a failure is logged and the next step tries again."""
        try:
            bus.publish(quotes)
        except (QuoteBusUnavailable, QuoteOrderError, DatabaseError) as exc:
            if not progress.failures:
                log.error("publishing to the quote bus failed (will keep trying): %s", exc)
            progress.failures += 1
            close_old_connections()  # a dropped database connection is reopened on the next try
        else:
            progress.published(quotes)

    def _replay(self, path: str, pace: ClockPace | SpeedPace) -> None:
        bus = get_bus()
        progress = _Progress(f"replay of {path}")
        if isinstance(pace, ClockPace):
            how = "as Thor's clock reaches each quote"
        else:
            how = "at maximum speed" if pace.speed is None else f"at {pace.speed:g}x real time"
        log.info("replaying %s %s, publishing to %s", path, how, type(bus).__name__)
        try:
            for batch in read_batches(path, aliases()):
                pace.start(batch[0].ts_ms)
                if not self._play(batch, bus, pace, progress):
                    break
        except (QuoteFileError, QuoteBusUnavailable) as exc:
            raise CommandError(f"replay stopped after {progress.total} quotes: {exc}") from None
        except QuoteOrderError as exc:
            raise CommandError(
                f"replay stopped after {progress.total} quotes: {exc}. The bus already holds newer quotes: "
                "replay a file into a fresh database (or Redis prefix)"
            ) from None
        progress.finish()

    def _play(self, batch: list[Quote], bus, pace: ClockPace | SpeedPace, progress: _Progress) -> bool:
        """Publish a batch as the replay reaches its quotes; False when told to stop."""
        start = 0
        while start < len(batch):
            if self._done():
                return False
            wait = pace.wait_s(batch[start].ts_ms)
            if wait > 0:
                self._sleep(wait, progress)
                continue
            # Everything the replay has reached goes out together.
            reached = pace.reached_ms()
            end = start + 1
            while end < len(batch) and batch[end].ts_ms <= reached:
                end += 1
            bus.publish(batch[start:end])
            progress.published(batch[start:end])
            progress.tick()
            start = end
        return True
