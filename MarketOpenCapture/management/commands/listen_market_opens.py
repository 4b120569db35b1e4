"""`manage.py listen_market_opens`: the market clock in one process.

For the embedded default (no Celery): wakes at each open instant, captures
it, and every `--rescan` seconds looks for opens it slept through.
"""
import logging
import time

from django.core.management.base import BaseCommand

from MarketOpenCapture.services.clock import fire_due_opens, next_open_after
from thor_backend.clock import now as clock_now

log = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Capture every regional market open as it happens (single-process market clock)."

    def add_arguments(self, parser):
        parser.add_argument("--rescan", type=float, default=30.0,
                            help="seconds between scans for opens that were missed")
        parser.add_argument("--once", action="store_true", help="fire what is due now and exit")

    def handle(self, *args, rescan, once, **options):
        while True:
            now = clock_now()
            for day in fire_due_opens(now):
                self.stdout.write(f"fired {day.region} open at {day.open_utc.isoformat()}")
            if once:
                return
            upcoming = next_open_after(now)
            wait = rescan
            if upcoming is not None:
                wait = min(wait, max((upcoming - clock_now()).total_seconds(), 0.0))
                log.debug("next open %s in %.1f s", upcoming.isoformat(), wait)
            try:
                time.sleep(wait)
            except KeyboardInterrupt:
                return
