"""`manage.py grade_market_opens`: the live grader in one process.

For the embedded default (no Celery) and for operations: every
`grader_poll_interval_sec` it grades every live session with work left,
from the complete quote stream. Safe beside Celery graders: outcomes are
recorded once, conditionally.
"""
import time

from django.core.management.base import BaseCommand

from FutureTrading.services.config import trading_config
from LiveData.bus import get_bus
from MarketOpenCapture.services.grading import grade_due
from thor_backend.clock import now_ms


class Command(BaseCommand):
    help = "Grade pending market-open sessions by first touch, continuously."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one pass, then exit")

    def handle(self, *args, once, **options):
        bus = get_bus()
        while True:
            grade_due(bus, now_ms())
            if once:
                return
            try:
                time.sleep(float(trading_config().grader_poll_interval_sec))
            except KeyboardInterrupt:
                return
