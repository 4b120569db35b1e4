"""`manage.py whatif --run NAME|live`: recorded vs what-if statistics of a run's (or the live) sessions.

The sessions are re-graded from their audit trails with other target/stop
dollars, window or policy; the recorded outcomes are not changed.
"""
import json
from collections import Counter
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from MarketOpenCapture.models import BacktestRun, MarketOpenSession
from MarketOpenCapture.rules.capture import Policy
from MarketOpenCapture.services.whatif import WhatIfError, whatif
from thor_backend.formats import price_number

LIVE = "live"
ROWS = (
    ("trades", "total_sessions"), ("entries", "entries_made"), ("worked", "worked"), ("didn't work", "didnt_work"),
    ("expired", "expired"), ("no entry", "no_entry"), ("error", "errors"), ("pending", "pending"),
    ("hit rate", "hit_rate"), ("EV $/trade", "expected_value"), ("total P&L $", "total_pnl"),
    ("ambiguous", "ambiguous"),
)


def _plain(value):
    """JSON-ready: Decimals as numbers, containers walked."""
    if isinstance(value, Decimal):
        return price_number(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _cell(summary: dict, key: str) -> str:
    value = summary[key]
    if value is None:
        return "-"
    if key == "hit_rate":
        return f"{value:.1%} ({summary['hit_rate_low']:.1%}–{summary['hit_rate_high']:.1%})"
    return str(value)


class Command(BaseCommand):
    help = "Re-grade sessions from their audit trails with another bracket, window or policy (nothing is changed)."

    def add_arguments(self, parser):
        parser.add_argument("--run", required=True, metavar="NAME|live", help="a backtest run's name, or live")
        parser.add_argument("--target-usd", type=Decimal, metavar="X", help="take profit in dollars")
        parser.add_argument("--stop-usd", type=Decimal, metavar="Y", help="stop loss in dollars")
        parser.add_argument("--window", type=int, dest="window_sec", metavar="SEC", help="evaluation window")
        parser.add_argument("--policy", choices=[str(policy) for policy in Policy],
                            help="trade the composite's side, or always long / short (default: as recorded)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")

    def handle(self, *args, run, target_usd, stop_usd, window_sec, policy, as_json, **options):
        if run == LIVE:
            sessions = MarketOpenSession.objects.filter(run=None)
        elif BacktestRun.objects.filter(name=run).exists():
            sessions = MarketOpenSession.objects.filter(run__name=run)
        else:
            raise CommandError(f"no run named {run!r} (use live for the live sessions)")
        try:
            result = whatif(sessions, target_usd=target_usd, stop_usd=stop_usd, window_sec=window_sec, policy=policy)
        except WhatIfError as exc:
            raise CommandError(str(exc)) from None
        if as_json:
            self.stdout.write(json.dumps(_plain(result)))
            return
        self.stdout.write(f"{result['sessions']} sessions of {run}; {result['pooled']}")
        self.stdout.write(f"{'':14} {'recorded':>24} {'what-if':>24}")
        for label, key in ROWS:
            self.stdout.write(f"{label:14} {_cell(result['recorded'], key):>24} {_cell(result['whatif'], key):>24}")
        reasons = Counter(skip["reason"] for skip in result["skipped"])
        for reason, count in reasons.most_common():
            self.stdout.write(f"skipped {count}: {reason}")
