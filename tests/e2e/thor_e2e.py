"""The product as its user runs it, in headless Chromium: what the end-to-end tests and
bench/first_paint.py share (no pytest here).

`thor_process(state_dir, port, *args)` is `manage.py run_thor` on a state folder
of its own (its SQLite file, the database quote bus, its demo login);
`wait_until_serving` waits for it; `launch(playwright)` starts Debian's
Chromium (never a downloaded browser); `log_in` goes through the login page.
"""
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
STARTUP_TIMEOUT_S = 90  # migrations of a fresh SQLite file on two loaded cores
WAIT_MS = 20_000  # a condition in the page; generous, the machine is shared
# The environment of the process that starts Thor must not leak into Thor's own.
NOT_INHERITED = ("DATABASE_URL", "REDIS_URL", "THOR_CLOCK_OFFSET_SEC", "DJANGO_SETTINGS_MODULE")


@dataclass
class Thor:
    url: str
    state_dir: Path  # where this run keeps its SQLite file and demo_password
    process: subprocess.Popen

    def demo_password(self) -> str:
        return (self.state_dir / "demo_password").read_text().strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def thor_process(state_dir: Path, port: int, *args: str) -> tuple[list[str], dict[str, str]]:
    """argv and environment of `manage.py run_thor *args` on `state_dir` (the embedded default)."""
    env = {name: value for name, value in os.environ.items() if name not in NOT_INHERITED}
    env.update(THOR_STATE_DIR=str(state_dir), LOG_LEVEL="WARNING")
    return [sys.executable, str(ROOT / "manage.py"), "run_thor", "--port", str(port), *args], env


def served_state_dir(state_dir: Path, *args: str) -> Path:
    """Where Thor keeps its state: `--replay FILE` moves it to the file's own folder."""
    if "--replay" not in args:
        return state_dir
    replayed = Path(args[args.index("--replay") + 1])
    return state_dir / "replay" / replayed.name.removesuffix(".gz").removesuffix(".csv")


def wait_until_serving(thor: Thor) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if thor.process.poll() is not None:
            raise RuntimeError(f"run_thor exited with code {thor.process.returncode} before serving")
        try:
            with urllib.request.urlopen(thor.url + "api/auth/whoami", timeout=2) as response:
                if response.status == 200 and (thor.state_dir / "demo_password").exists():
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"run_thor did not serve {thor.url} within {STARTUP_TIMEOUT_S} s")


def launch(playwright):
    """Headless Debian Chromium (/usr/bin/chromium) through Playwright."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def log_in(page, thor: Thor, path: str = "") -> None:
    """Log in with the demo login through the login page, landing on `path` (default Home)."""
    page.goto(thor.url + path)
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill(thor.demo_password())
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Home").wait_for()
