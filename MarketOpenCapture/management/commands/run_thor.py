"""`manage.py run_thor`: the whole product in one command on this machine.

Prepares the database (migrations, seeded instruments, a demo login), then
runs and supervises the processes Thor is made of: the web server, the quote
feed (simulator, or a replay file), the market-open listener and the grader.
Stopping it (Ctrl-C) stops them all.

`--replay FILE` shows a past day: Thor restarts itself on a state folder of
the file's own (`<state dir>/replay/<file name>/`, wiped first, so a replay is
repeatable and never mixes with the simulator's quotes), and every process's
clock is set to the file's time (THOR_CLOCK_OFFSET_SEC) a few seconds before
its first quote, or at `--from`. The feed publishes each quote as that clock
reaches it, so opens are captured and graded exactly as they were that day.
The clock runs at real time: to skip a quiet stretch, start `--from` just
before an open (earlier quotes are published at once).
"""
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from FutureTrading.services.config import aliases
from LiveData.feeds.csv_file import QuoteFileError, read_batches
from LiveData.quotes import from_ms
from MarketOpenCapture.models import ClockState
from MarketOpenCapture.services.clock import CLOCK_NAME

DEMO_USER = "demo"
REPLAYING = "THOR_REPLAYING"  # set once Thor runs in the replay's own state folder
REPLAY_LEAD = timedelta(seconds=5)  # the replay clock starts this long before the file's first quote


class Command(BaseCommand):
    help = "Run Thor on this machine: web server, feed, market-open listener and grader."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("THOR_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("THOR_PORT", "8000")))
        parser.add_argument("--replay", metavar="FILE",
                            help="show a past day: replay a quote file (CSV or .csv.gz) instead of the simulator")
        parser.add_argument("--from", dest="start", metavar="ISO",
                            help="replay: start the clock at this instant (e.g. 2026-11-27T07:59:30Z) instead of "
                                 "just before the file's first quote")
        parser.add_argument("--seed", type=int, default=None, help="simulator seed")

    def handle(self, *args, **options):
        start = self._check(options)
        if options["replay"] and not os.environ.get(REPLAYING):
            self._restart_for_replay(options)  # does not return
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_symbol_config", verbosity=0)
        if (settings.BASE_DIR / "frontend" / "dist").exists():
            call_command("collectstatic", interactive=False, verbosity=0)
        password, token = self._demo_login()

        env = None
        if options["replay"]:
            start = start or self._first_quote_at(options["replay"]) - REPLAY_LEAD
            # The market clock watches from the replay's start, not from whenever the listener
            # has booted: an open a few seconds after `start` is captured even on a slow machine.
            ClockState.objects.update_or_create(name=CLOCK_NAME, defaults={"started_at": start})
            env = {**os.environ, "THOR_CLOCK_OFFSET_SEC": repr((start - datetime.now(timezone.utc)).total_seconds())}
        processes = self._start(options, env)
        url = f"http://{options['host']}:{options['port']}/"
        replaying = f"  replaying:   {options['replay']}, Thor's clock set to {start.isoformat()}\n" if env else ""
        self.stdout.write(self.style.SUCCESS(
            f"\nThor is running at {url}\n"
            f"  login:       {DEMO_USER} / {password}\n"
            f"  API token:   curl -H 'Authorization: Token {token}' {url}api/futuretrading/quotes/latest\n"
            f"  feed token:  POST {url}api/feed/quotes with 'Authorization: Bearer {settings.THOR_FEED_TOKEN}'\n"
            f"  database:    {settings.DATABASES['default']['NAME']}\n"
            f"{replaying}"
            "Ctrl-C stops everything.\n"
        ))
        self._supervise(processes, replay=bool(options["replay"]))

    def _check(self, options) -> datetime | None:
        """Refuse bad options before anything is wiped or started; the `--from` instant."""
        if options["replay"] is None:
            if options["start"]:
                raise CommandError("--from is for --replay FILE")
            return None
        if options["seed"] is not None:
            raise CommandError("--seed is for the simulator; a replay brings its own quotes")
        if not Path(options["replay"]).is_file():
            raise CommandError(f"no quote file at {options['replay']}")
        if not options["start"]:
            return None
        try:
            start = datetime.fromisoformat(options["start"])
        except ValueError:
            start = None
        if start is None or start.tzinfo is None:
            raise CommandError(f"--from needs an ISO-8601 instant with its offset (e.g. 2026-11-27T07:59:30Z), "
                               f"got {options['start']!r}")
        return start.astimezone(timezone.utc)

    def _restart_for_replay(self, options) -> None:
        """Run again in the replay's own, freshly wiped state folder (SQLite file and database quote bus)."""
        path = Path(options["replay"]).resolve()
        state = Path(settings.STATE_DIR) / "replay" / path.name.removesuffix(".gz").removesuffix(".csv")
        shutil.rmtree(state, ignore_errors=True)
        state.mkdir(parents=True)
        env = {**os.environ, REPLAYING: "1", "THOR_STATE_DIR": str(state),
               "DATABASE_URL": f"sqlite:///{state / 'thor.sqlite3'}"}
        env.pop("REDIS_URL", None)
        argv = [sys.executable, str(settings.BASE_DIR / "manage.py"), "run_thor", "--host", options["host"],
                "--port", str(options["port"]), "--replay", str(path)]
        if options["start"]:
            argv += ["--from", options["start"]]
        self.stdout.write(f"replaying {path} in {state}")
        self.stdout.flush()
        os.execve(sys.executable, argv, env)

    def _first_quote_at(self, path: str) -> datetime:
        try:
            batch = next(read_batches(path, aliases()), None)
        except QuoteFileError as exc:
            raise CommandError(str(exc)) from None
        if not batch:
            raise CommandError(f"{path} holds no quotes")
        return from_ms(min(quote.ts_ms for quote in batch))

    def _demo_login(self) -> tuple[str, str]:
        """A staff login for the dashboard; its password is kept in the state folder."""
        password_file = Path(settings.STATE_DIR) / "demo_password"
        if not password_file.exists():
            password_file.write_text(secrets.token_urlsafe(9))
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
        user, _ = get_user_model().objects.get_or_create(username=DEMO_USER, defaults={"is_staff": True})
        if not user.check_password(password):
            user.set_password(password)
            user.save()
        token, _ = Token.objects.get_or_create(user=user)
        return password, token.key

    def _start(self, options, env: dict | None) -> dict[str, subprocess.Popen]:
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        if options["replay"]:
            feed = manage + ["run_feed", "--source", "file", options["replay"], "--follow-clock"]
        else:
            feed = manage + ["run_feed", "--source", "sim"]
            if options["seed"] is not None:
                feed += ["--seed", str(options["seed"])]
        commands = {
            "web": [sys.executable, "-m", "gunicorn", "thor_backend.wsgi",
                    "--bind", f"{options['host']}:{options['port']}",
                    "--worker-class", "gthread", "--threads", "16", "--workers", "1",
                    # A quote stream never ends by itself: stop within seconds, not gunicorn's 30.
                    "--timeout", "0", "--graceful-timeout", "3", "--access-logfile", "-"],
            "feed": feed,
            "listener": manage + ["listen_market_opens"],
            "grader": manage + ["grade_market_opens"],
        }
        return {name: subprocess.Popen(cmd, cwd=settings.BASE_DIR, env=env) for name, cmd in commands.items()}

    def _supervise(self, processes: dict[str, subprocess.Popen], replay: bool) -> None:
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            watched = dict(processes)
            while not stopping:
                for name, process in list(watched.items()):
                    if process.poll() is None:
                        continue
                    if replay and name == "feed" and process.returncode == 0:
                        # The day stays on screen: the grader still resolves what is pending.
                        self.stdout.write("the replay file is played to its end; Thor keeps running")
                        del watched[name]
                        continue
                    self.stderr.write(f"{name} exited with code {process.returncode}; stopping Thor")
                    stopping = True
                time.sleep(0.5)
        finally:
            for process in processes.values():
                if process.poll() is None:
                    process.terminate()
            for process in processes.values():
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
