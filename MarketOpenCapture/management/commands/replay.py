"""`manage.py replay PATH...`: backtest quote or bar files through the live capture and grading code.

Every open of the markets' calendar within the files' span is captured and
graded into a named backtest run, kept apart from the live sessions
(`manage.py delete_run NAME` removes one). `--json` prints only a JSON
array with one object per session on stdout; progress and the summary go
to stderr.
"""
import argparse
import json
import logging
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError

from LiveData.feeds.csv_file import QuoteFileError
from MarketOpenCapture.rules.capture import Policy
from MarketOpenCapture.services.replay import ReplayError, replay, session_rows

QUIET_LOGGERS = ("MarketOpenCapture", "FutureTrading")


def speed(text: str) -> float | None:
    """`max` (as fast as possible) or a positive multiple of real time."""
    if text == "max":
        return None
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"takes max or a positive number, got {text!r}")
    return value


@contextmanager
def quiet(verbosity: int):
    """Below verbosity 2, no INFO line per capture and grade: they would bury the progress bar."""
    loggers = [logging.getLogger(name) for name in QUIET_LOGGERS]
    levels = [logger.level for logger in loggers]
    if verbosity < 2:
        for logger in loggers:
            logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)


class ProgressBar:
    """One line on stderr, redrawn at most ten times a second and once at the end."""

    WIDTH = 30

    def __init__(self, stream, what: str, clock=time.monotonic):
        self.stream, self.what, self.clock = stream, what, clock
        self.drawn = None

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if done < total and self.drawn is not None and now - self.drawn < 0.1:
            return
        self.drawn = now
        filled = self.WIDTH * done // total if total else self.WIDTH
        self.stream.write(f"\r[{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total} {self.what}",
                          ending="\n" if done == total else "")
        self.stream.flush()


class Command(BaseCommand):
    help = "Replay quote or 1-minute bar files into a backtest run (capture and grading as live)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="quote files (.csv/.csv.gz) or bar files")
        parser.add_argument("--run", dest="run_name", metavar="NAME", help="the run's name (default: files + time)")
        parser.add_argument("--replace", action="store_true", help="replace an existing run of that name")
        parser.add_argument("--speed", type=speed, default=None, metavar="max|N",
                            help="max (default) or N × real time between opens")
        parser.add_argument("--policy", choices=[str(policy) for policy in Policy], default=str(Policy.COMPOSITE),
                            help="trade the composite's side (default) or always long / short (baseline)")
        parser.add_argument("--window", type=int, dest="window_sec", metavar="SEC",
                            help="evaluation window for every session of the run (default: per region)")
        parser.add_argument("--json", action="store_true", dest="as_json",
                            help="print the sessions as a JSON array, nothing else")

    def handle(self, *args, paths, run_name, replace, speed, policy, window_sec, as_json, verbosity, **options):
        try:
            with quiet(verbosity):
                result = replay(paths, run_name=run_name, policy=policy, window_sec=window_sec, speed=speed,
                                replace=replace, progress=ProgressBar(self.stderr, "opens") if verbosity else None)
        except (ReplayError, QuoteFileError) as exc:
            raise CommandError(str(exc)) from None
        rows = session_rows(result.run)
        if as_json:
            self.stdout.write(json.dumps(rows))
        else:
            self._table(rows)
        if verbosity:
            self.stderr.write(f"run {result.run.name!r}: {result.sessions} sessions from {result.quotes} "
                              f"{result.kind} ({result.opens} opens, {len(result.missed)} missed)")
            for missed in result.missed:
                self.stderr.write(f"  missed {missed}")

    def _table(self, rows: list[dict]) -> None:
        self.stdout.write(f"{'open (UTC)':24} {'region':9} {'composite':11} {'side':4} {'entry':>10} "
                          f"{'outcome':11} {'resolved (UTC)':24} {'P&L':>8}")
        for row in rows:
            self.stdout.write(
                f"{row['open_utc']:24} {row['region']:9} {row['composite_signal']:11} {row['entry_side'] or '-':4} "
                f"{_number(row['entry_price']):>10} {row['outcome']:11} {row['resolved_at'] or '-':24} "
                f"{_number(row['pnl_usd']):>8}")


def _number(value) -> str:
    return "-" if value is None else f"{value:g}"
