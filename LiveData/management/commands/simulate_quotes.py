"""`manage.py simulate_quotes OUT`: a sample quote file for `manage.py replay`, from the market simulator.

    simulate_quotes OUT [--start YYYY-MM-DD] [--days N] [--seed N] [--around-opens MIN]

A fresh machine has no history to look at; this writes one. The quotes come
from the built-in simulator (`LiveData.feeds.simulator`), one step a second,
but only around the market opens of the calendar the replay walks: from 5
minutes before each open (fresh quotes at the open) to MIN minutes after it
(default 125: the 2-hour audit horizon, the grader's 1-minute feed-gap
allowance and a margin, so the last open of the file is graded and audited
too). The hours between are skipped: the simulator takes them in one step,
a walk scaled to their length, and rolls its session at 22:00 UTC as live.

Each second the file holds every symbol's quote, as a recorder sampling a
quote board would: the simulator's new one if the instrument traded,
otherwise its standing quote stamped again. So every open finds all 11
symbols quoted within the second before it.
"""
import argparse
import os
import shlex
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from FutureTrading.services.config import instrument_specs
from LiveData.feeds.csv_file import write_csv
from LiveData.feeds.simulator import MARKET_PROFILES, MarketSimulator
from LiveData.quotes import Quote, from_ms, to_ms
from thor_backend.clock import now
from thor_backend.formats import iso_utc
from timezones.rules.sessions import DaySession
from timezones.services import active_regions, opens_between

DEFAULT_DAYS = 10  # about 1.5 min to write and 10 s (1.6 GB) to replay on two cores
DEFAULT_SEED = 7
BEFORE_OPEN_MIN = 5
DEFAULT_AFTER_OPEN_MIN = 125
STEP_MS = 1000
# Weekends and holidays: a trading day is at most this many calendar days
# after the last one, with a margin for the longest closures.
SEARCH_DAYS_PER_TRADING_DAY = 2
SEARCH_MARGIN_DAYS = 10

Window = tuple[int, int]  # first and last step, epoch ms


def start_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a date as YYYY-MM-DD, got {text!r}") from None


def _utc_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=timezone.utc)


def _opens_by_day(first: date, last: date) -> dict[date, list[DaySession]]:
    """The opens the replay would capture (active markets, admin closures), by UTC date, from `first` to `last`."""
    regions = [region.key for region in active_regions()]
    by_day: dict[date, list[DaySession]] = {}
    for day in opens_between(_utc_midnight(first), _utc_midnight(last + timedelta(days=1)) - timedelta(microseconds=1),
                             regions=regions):
        by_day.setdefault(day.open_utc.astimezone(timezone.utc).date(), []).append(day)
    return by_day


def _search_span(days: int) -> timedelta:
    return timedelta(days=days * SEARCH_DAYS_PER_TRADING_DAY + SEARCH_MARGIN_DAYS)


def trading_days(start: date | None, days: int, today: date) -> dict[date, list[DaySession]]:
    """`days` UTC dates holding opens, from `start` on; without a start, the last `days` before `today`."""
    if start is None:
        by_day = _opens_by_day(today - _search_span(days), today - timedelta(days=1))
        chosen = sorted(by_day)[-days:]
    else:
        by_day = _opens_by_day(start, start + _search_span(days))
        chosen = sorted(by_day)[:days]
    return {day: by_day[day] for day in chosen}


def windows(opens: Sequence[DaySession], after_min: int) -> list[Window]:
    """The stretches to simulate: BEFORE_OPEN_MIN before each open to `after_min` after it, overlaps merged."""
    merged: list[Window] = []
    for at in sorted(to_ms(day.open_utc) for day in opens):
        first, last = at - BEFORE_OPEN_MIN * 60_000, at + after_min * 60_000
        if merged and first <= merged[-1][1] + STEP_MS:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def board_quotes(simulator: MarketSimulator, stretches: Sequence[Window],
                 done: Callable[[Window], None] = lambda window: None) -> Iterator[Quote]:
    """Every symbol's quote at each second of the stretches, in time order; `done(window)` after each."""
    standing: dict[str, Quote] = {}
    for window in stretches:
        for ts_ms in range(window[0], window[1] + 1, STEP_MS):
            for quote in simulator.step(ts_ms):  # the very first step quotes every instrument
                standing[quote.symbol] = quote
            for quote in standing.values():
                yield quote if quote.ts_ms == ts_ms else replace(quote, ts_ms=ts_ms)
        done(window)


class Command(BaseCommand):
    help = "Write a sample quote file (CSV, .csv.gz) from the market simulator, around each market open."

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT", help="the file to write; gzipped when it ends in .gz")
        parser.add_argument("--start", type=start_date, metavar="YYYY-MM-DD",
                            help="first day (UTC; default: the --days trading days before today)")
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS, metavar="N",
                            help=f"trading days (UTC dates with an open) to cover (default {DEFAULT_DAYS})")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="N",
                            help=f"simulator seed: the same seed and days give the same file (default {DEFAULT_SEED})")
        parser.add_argument("--around-opens", type=int, default=DEFAULT_AFTER_OPEN_MIN, metavar="MIN",
                            dest="after_min",
                            help=f"minutes kept after each open, from {BEFORE_OPEN_MIN} before it (default "
                                 f"{DEFAULT_AFTER_OPEN_MIN}: the 2 h audit horizon and a margin; less than the "
                                 "evaluation window plus a minute leaves trades in Error, feed gap)")

    def handle(self, *args, out, start, days, seed, after_min, verbosity, **options):
        if days <= 0:
            raise CommandError(f"--days must be a positive number of trading days, got {days}")
        if after_min <= 0:
            raise CommandError(f"--around-opens must be a positive number of minutes, got {after_min}")
        out = Path(out)
        specs = {symbol: spec for symbol, spec in instrument_specs().items() if symbol in MARKET_PROFILES}
        if not specs:
            raise CommandError("no active instrument the simulator knows; check the instruments in the admin")
        by_day = trading_days(start, days, now().date())
        if not by_day:
            raise CommandError("no market opens in those days; check the markets in the admin")
        stretches = windows([day for opens in by_day.values() for day in opens], after_min)
        simulator = MarketSimulator(specs, seed, stretches[0][0])

        last_opens = sorted((max(to_ms(day.open_utc) for day in opens), trading_date)
                            for trading_date, opens in by_day.items())

        def report(window: Window) -> None:
            while verbosity and last_opens and last_opens[0][0] <= window[1]:
                finished = last_opens.pop(0)[1]
                self.stderr.write(f"  {finished} written ({len(by_day) - len(last_opens)}/{len(by_day)} days)")

        count = self._write(out, board_quotes(simulator, stretches, report))
        opens = sum(len(day_opens) for day_opens in by_day.values())
        self.stdout.write(
            f"wrote {count:,} quotes ({len(specs)} symbols, {len(by_day)} trading days, {opens} opens) "
            f"to {out.resolve()}\n"
            f"span {iso_utc(from_ms(stretches[0][0]))} to {iso_utc(from_ms(stretches[-1][1]))}\n"
            f"next: .venv/bin/python manage.py replay {shlex.quote(str(out))} --run sample")

    def _write(self, out: Path, quotes: Iterator[Quote]) -> int:
        """Write beside OUT and rename, so a failed or interrupted run leaves no partial file to replay."""
        if out.is_dir():
            raise CommandError(f"{out} is a folder; give a file name such as {out / 'sample.csv.gz'}")
        partial = out.with_name(f".{out.name}.partial{out.suffix}")  # same suffix: gzipped alike
        try:
            count = write_csv(partial, quotes)  # opens the file before the first step: a bad path fails at once
            os.replace(partial, out)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
        return count
