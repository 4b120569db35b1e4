"""A trader asks History about one region: the figures change to that region's, and the CSV holds its sessions."""
import csv
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from history_sessions import OUTCOMES, figures
from thor_e2e import WAIT_MS, log_in, thor_process

pytestmark = pytest.mark.e2e

STATS = ("stat-hit-rate", "stat-ev", "stat-entries", "stat-pnl")


def number(text: str) -> float:
    """The figure of a stat card's value: "57.1%" → 57.1, "+$12.50" → 12.5, "-$1,200.00" → -1200."""
    match = re.search(r"([-+\u2212]?)\$?([\d,]+(?:\.\d+)?)", text)
    assert match, f"no number in {text!r}"
    sign = -1 if match.group(1) in ("-", "\u2212") else 1
    return sign * float(match.group(2).replace(",", ""))


def shown(page) -> dict:
    """The four cards' values (each card is a <dt> label, then the value's <dd>, then details)."""
    values = {name: page.get_by_test_id(name).get_by_role("definition").first.inner_text() for name in STATS}
    return {"hit_rate": number(values["stat-hit-rate"]) / 100, "ev": number(values["stat-ev"]),
            "entries": number(values["stat-entries"]), "pnl": number(values["stat-pnl"])}


def expected(regions) -> dict:
    want = figures(regions)
    return {"hit_rate": round(want["hit_rate"], 3), "ev": float(want["ev"]), "entries": want["entries"],
            "pnl": float(want["pnl"])}


def wait_for_figures(page, want: dict) -> None:
    """Until the cards show `want` (rates to the 0.1% they are shown with); the last figures seen if never."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while (got := shown(page)) != pytest.approx(want, abs=0.001) and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    assert got == pytest.approx(want, abs=0.001), got


def test_a_region_filter_changes_the_figures_and_the_csv(start_thor, page, tmp_path):
    thor = start_thor()
    _, env = thor_process(thor.state_dir, 0)  # Thor's environment, for the seeding script
    subprocess.run([sys.executable, str(Path(__file__).with_name("history_sessions.py"))], env=env, check=True,
                   timeout=120)

    log_in(page, thor, "futures/market-open/history")
    page.get_by_test_id("stat-hit-rate").wait_for()
    wait_for_figures(page, expected(["Japan", "USA"]))  # 4 of 7 trades worked, +$100 over 8 entries
    page.shot("all-regions")

    page.get_by_role("button", name="Filters").click()
    page.get_by_label("Region").select_option("Japan")
    wait_for_figures(page, expected(["Japan"]))  # 3 of 4 worked, +$200
    assert "region=Japan" in page.url  # the view can be bookmarked
    page.shot("japan")
    page.get_by_role("button", name="Close filters").click()  # the drawer lies over the page

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    path = tmp_path / "history.csv"
    download.value.save_as(path)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == figures(["Japan"])["sessions"]
    assert {row["region"] for row in rows} == {"Japan"}
    assert sorted(row["outcome"] for row in rows) == sorted(OUTCOMES["Japan"][2])
