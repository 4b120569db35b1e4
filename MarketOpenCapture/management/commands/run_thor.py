"""`manage.py run_thor`: the whole product in one command on this machine.

Prepares the database (migrations, seeded instruments, a demo login), then
runs and supervises the processes Thor is made of: the web server, the quote
feed (simulator, or a replay file), the market-open listener and the grader.
Stopping it (Ctrl-C) stops them all.
"""
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from rest_framework.authtoken.models import Token

DEMO_USER = "demo"


class Command(BaseCommand):
    help = "Run Thor on this machine: web server, feed, market-open listener and grader."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("THOR_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("THOR_PORT", "8000")))
        parser.add_argument("--replay", metavar="FILE", help="replay a quote file instead of the simulator")
        parser.add_argument("--speed", default="1", help="replay speed: N times real time, or max")
        parser.add_argument("--seed", type=int, default=None, help="simulator seed")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_symbol_config", verbosity=0)
        if (settings.BASE_DIR / "frontend" / "dist").exists():
            call_command("collectstatic", interactive=False, verbosity=0)
        password, token = self._demo_login()

        processes = self._start(options)
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write(self.style.SUCCESS(
            f"\nThor is running at {url}\n"
            f"  login:       {DEMO_USER} / {password}\n"
            f"  API token:   curl -H 'Authorization: Token {token}' {url}api/futuretrading/quotes/latest\n"
            f"  feed token:  POST {url}api/feed/quotes with 'Authorization: Bearer {settings.THOR_FEED_TOKEN}'\n"
            f"  database:    {settings.DATABASES['default']['NAME']}\n"
            "Ctrl-C stops everything.\n"
        ))
        self._supervise(processes)

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

    def _start(self, options) -> dict[str, subprocess.Popen]:
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        if options["replay"]:
            feed = manage + ["run_feed", "--source", "file", options["replay"], "--speed", options["speed"]]
        else:
            feed = manage + ["run_feed", "--source", "sim"]
            if options["seed"] is not None:
                feed += ["--seed", str(options["seed"])]
        commands = {
            "web": [sys.executable, "-m", "gunicorn", "thor_backend.wsgi",
                    "--bind", f"{options['host']}:{options['port']}",
                    "--worker-class", "gthread", "--threads", "16", "--workers", "1",
                    "--timeout", "0", "--access-logfile", "-"],
            "feed": feed,
            "listener": manage + ["listen_market_opens"],
            "grader": manage + ["grade_market_opens"],
        }
        return {name: subprocess.Popen(cmd, cwd=settings.BASE_DIR) for name, cmd in commands.items()}

    def _supervise(self, processes: dict[str, subprocess.Popen]) -> None:
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                for name, process in processes.items():
                    if process.poll() is not None:
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
