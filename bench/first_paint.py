"""Benchmark of the dashboard's first meaningful paint in headless Chromium; prints a table, asserts nothing.

    .venv/bin/python bench/first_paint.py [--years 5] [--loads 5] [--keep]

Runs the product as the README's user does (`manage.py run_thor`, the
embedded default: a SQLite file in a temporary state folder, the simulator
feed) after filling that file with `years` × 252 trading days × 7 regions of
graded sessions (bench/api.py's generator). Then, logged in as the demo user
in Debian's Chromium, loads each page `loads` times cold (a new browser
context: empty HTTP cache, as after a deploy) and warm (the same context,
cache filled by a first load), and prints the p50 of:

- meaningful paint: the first animation frame after what the trader came for
  is on screen with figures in it — Home: a row of the Global Markets table;
  History: the hit-rate stat card — measured inside the page from navigation
  start (performance.now());
- the browser's first-contentful-paint (Paint Timing API);
- fetched: when the last script, style sheet or API answer that came before
  the meaningful paint had arrived (so the rest is the browser's own work).

Target: meaningful paint under 1 s. Also prints the built JavaScript's size
gzipped (what `/` downloads first, and all chunks).
"""
import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench"), str(ROOT / "tests" / "e2e")]

from thor_e2e import Thor, free_port, launch, log_in, thor_process, wait_until_serving  # noqa: E402

TARGET_MS = 1000
# What each page is for, with figures in it: the selector and the text it must show.
PAGES = {
    "/": ('section[aria-label="Global Markets"] tbody tr', r"\d"),
    "/futures/market-open/history": ('[data-testid="stat-hit-rate"]', r"\d"),
}
# Runs before any page script: notes the first frame painted after the selector shows a figure.
WATCH = """
([selector, pattern]) => {
  window.__meaningful = null;
  const shown = () => {
    const element = document.querySelector(selector);
    return element !== null && new RegExp(pattern).test(element.textContent);
  };
  const observer = new MutationObserver(() => {
    if (window.__meaningful !== null || !shown()) return;
    observer.disconnect();
    window.__meaningful = 0;
    requestAnimationFrame(() => { window.__meaningful = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
}
"""
READ = """() => ({
  meaningful: window.__meaningful,
  fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  fetched: Math.max(0, ...performance.getEntriesByType('resource')
    .filter(entry => entry.responseEnd <= window.__meaningful).map(entry => entry.responseEnd)),
})"""


def seed_sessions(state_dir: Path, years: int, seed: int) -> int:
    """Migrate the state folder's SQLite file and fill it with bench/api.py's generated sessions."""
    os.environ.update({"THOR_STATE_DIR": str(state_dir), "DJANGO_SETTINGS_MODULE": "thor_backend.settings",
                       "LOG_LEVEL": "WARNING"})
    for name in ("DATABASE_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    import django

    django.setup()
    from django.core.management import call_command

    from api import generate  # bench/api.py
    from MarketOpenCapture.models import MarketOpenSession

    call_command("migrate", verbosity=0)
    generate(years, seed)
    return MarketOpenSession.objects.count()


def measure(context, url: str, selector: str, pattern: str) -> dict:
    page = context.new_page()
    page.add_init_script(f"({WATCH})({json.dumps([selector, pattern])})")
    page.goto(url)
    page.wait_for_function("() => window.__meaningful > 0", timeout=30_000)
    figures = page.evaluate(READ)
    page.close()
    return figures


def p50(samples: list[dict], key: str) -> str:
    values = [sample[key] for sample in samples if sample[key] is not None]
    return f"{statistics.median(values):.0f}" if values else "—"


def spread(samples: list[dict], key: str) -> str:
    """min–max: on a shared machine one slow load says little; the range shows how much."""
    values = [sample[key] for sample in samples]
    return f"{min(values):.0f}–{max(values):.0f}"


def js_sizes() -> tuple[int, int]:
    """Gzipped bytes of the JavaScript index.html loads first, and of every chunk."""
    dist = ROOT / "frontend" / "dist"
    index = (dist / "index.html").read_text()
    chunks = sorted((dist / "assets").glob("*.js"))
    size = {chunk.name: len(gzip.compress(chunk.read_bytes(), 9)) for chunk in chunks}
    first = sum(bytes_ for name, bytes_ in size.items() if name in index)
    return first, sum(size.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the temporary state folder")
    args = parser.parse_args()
    if not (ROOT / "frontend" / "dist" / "index.html").exists():
        sys.exit("the dashboard is not built: npm run build in frontend/ (./thor run does)")

    from playwright.sync_api import sync_playwright

    state_dir = Path(tempfile.mkdtemp(prefix="thor-first-paint-"))
    process = None
    try:
        started = time.perf_counter()
        count = seed_sessions(state_dir, args.years, args.seed)
        print(f"{count:,} sessions ({count * 12:,} snapshot rows) in {state_dir / 'thor.sqlite3'}, "
              f"ready in {time.perf_counter() - started:.0f} s")
        port = free_port()
        argv, env = thor_process(state_dir, port, "--seed", str(args.seed))
        process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        thor = Thor(url=f"http://127.0.0.1:{port}/", state_dir=state_dir, process=process)
        wait_until_serving(thor)

        with sync_playwright() as playwright:
            browser = launch(playwright)
            login = browser.new_context()
            log_in(login.new_page(), thor)
            cookies = login.storage_state()
            login.close()

            print(f"\n{'page (' + str(args.loads) + ' loads, p50 ms)':<34} {'meaningful':>10} {'(min–max)':>11} "
                  f"{'FCP':>6} {'fetched':>8}   target {TARGET_MS} ms")
            for path, (selector, pattern) in PAGES.items():
                url = thor.url.rstrip("/") + path
                cold = []
                for _ in range(args.loads):
                    context = browser.new_context(storage_state=cookies)
                    cold.append(measure(context, url, selector, pattern))
                    context.close()
                context = browser.new_context(storage_state=cookies)
                measure(context, url, selector, pattern)  # fills the HTTP cache
                warm = [measure(context, url, selector, pattern) for _ in range(args.loads)]
                context.close()
                for label, samples in (("cold", cold), ("warm", warm)):
                    print(f"{path + ' ' + label:<34} {p50(samples, 'meaningful'):>10} "
                          f"{spread(samples, 'meaningful'):>11} {p50(samples, 'fcp'):>6} {p50(samples, 'fetched'):>8}")
            browser.close()

        first, total = js_sizes()
        print(f"\nJavaScript gzipped: {first / 1024:.1f} kB loaded by index.html, "
              f"{total / 1024:.1f} kB all chunks (target < 500 kB)")
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, 15)
            process.wait(timeout=20)
        if args.keep:
            print(f"kept {state_dir}")
        else:
            shutil.rmtree(state_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
