"""End to end: the product as the README's user runs it, driven through Debian's Chromium.

Each test starts `manage.py run_thor` (what `./thor run` runs) on a state
folder of its own (SQLite file, database quote bus) and a free port, logs in
with the demo login in headless Chromium, and saves a screenshot of every page
it checks under test-artifacts/. The browser is /usr/bin/chromium, launched by
Playwright; nothing is downloaded. Without Chromium, Playwright or the built
dashboard the tests skip, and fail under CI=true.
"""
import os
import re
from functools import partial
from pathlib import Path

import pytest
from django.conf import settings

from thor_e2e import CHROMIUM, WAIT_MS, Thor, free_port, launch, served_state_dir, thor_process, wait_until_serving

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def missing_service(config, reason: str) -> None:
    """The suite's rule from the root conftest.py (skip; fail under CI=true). Every conftest.py is
    a module named `conftest`, so it is fetched from pytest's registry, not imported."""
    root = config.pluginmanager.get_plugin(str(config.rootpath / "conftest.py"))
    root.missing_service(reason)


@pytest.fixture(scope="session")
def chromium(pytestconfig):
    """Headless Debian Chromium through Playwright, one per test process."""
    missing = partial(missing_service, pytestconfig)
    if not os.access(CHROMIUM, os.X_OK):
        missing(f"no {CHROMIUM}: `apt-get install chromium` (./thor test does)")
    if not (Path(settings.FRONTEND_DIST) / "index.html").exists():
        missing("the dashboard is not built: `npm run build` in frontend/ (./thor test does)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed: pip install -r requirements-dev.txt")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, request):
    """A fresh browser context (own cookies and downloads); `page.shot(name)` saves a screenshot."""
    context = chromium.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True,
                                   timezone_id="UTC")
    context.set_default_timeout(WAIT_MS)
    tab = context.new_page()
    # What went wrong inside the page, printed if the test fails.
    tab.on("console", lambda message: message.type == "error" and print(f"browser console: {message.text}"))
    tab.on("pageerror", lambda error: print(f"browser page error: {error}"))
    tab.on("requestfailed", lambda req: print(f"browser request failed: {req.method} {req.url} {req.failure}"))
    tab.on("response", lambda res: res.status >= 400 and print(f"browser got {res.status} for {res.url}"))
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = re.sub(r"\W+", "-", request.node.name).strip("-")
    tab.shot = lambda name: tab.screenshot(path=ARTIFACTS / f"{prefix}-{name}.png", full_page=True)
    yield tab
    if getattr(request.node, "rep_call_failed", False):
        tab.shot("failed")  # what the page showed when the test gave up
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if call.when == "call":
        item.rep_call_failed = report.failed
    return report


@pytest.fixture
def start_thor(spawn, tmp_path):
    """`start_thor(*args)` runs `manage.py run_thor *args` on a fresh state folder and waits until it serves.

    With `--replay FILE` Thor moves to the replay's own folder under the state folder."""

    def start(*args: str) -> Thor:
        port = free_port()
        argv, env = thor_process(tmp_path / "state", port, *args)
        thor = Thor(url=f"http://127.0.0.1:{port}/", state_dir=served_state_dir(tmp_path / "state", *args),
                    process=spawn("run_thor", argv, env))
        try:
            wait_until_serving(thor)
        except RuntimeError as exc:
            pytest.fail(str(exc))
        return thor

    return start
