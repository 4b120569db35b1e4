"""`manage.py delete_run NAME`: remove a backtest run with its sessions (live sessions are never touched)."""
from django.core.management.base import BaseCommand, CommandError

from MarketOpenCapture.services.replay import ReplayError, delete_run


class Command(BaseCommand):
    help = "Delete a backtest run and everything it stored."

    def add_arguments(self, parser):
        parser.add_argument("name", help="the run's name (see manage.py replay --run)")

    def handle(self, *args, name, **options):
        try:
            sessions = delete_run(name)
        except ReplayError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"deleted run {name!r} and its {sessions} sessions")
