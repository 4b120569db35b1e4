"""A trader replays a recorded London open (`run_thor --replay FILE`) and watches Thor capture and grade it.

The file is written here, so what Thor must show follows from it: seven
futures up by more than their Buy threshold and the four bear ones flat make
the composite +7, BUY; Thor buys YM at the open's ask, 47,381, with the
target 20 ticks up at 47,401; YM's bid reaches 47,401 eighteen seconds after
the open, so the trade Worked (+$100).
"""
import csv
import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from thor_e2e import log_in
from timezones.calendar import exchange_calendar

pytestmark = pytest.mark.e2e

# symbol: (bid, ask, previous close); last = bid, so net change = bid - previous close.
BOOK = {
    "YM": ("47380", "47381", "47350"),          # +30 > Buy 10
    "ES": ("6800.00", "6800.25", "6797.00"),    # +3 > 1
    "NQ": ("25010.50", "25010.75", "25005.00"),  # +5.5 > 2.5
    "RTY": ("2450.10", "2450.20", "2445.10"),   # +5 > 2.5
    "CL": ("62.15", "62.16", "62.05"),          # +0.10 > 0.05
    "SI": ("48.105", "48.110", "48.080"),       # +0.025 > 0.01
    "HG": ("5.1005", "5.1010", "5.0965"),       # +0.004 > 0.002
    "GC": ("4010.3", "4010.4", "4010.3"),       # flat: HOLD (bear instruments)
    "VX": ("17.05", "17.10", "17.05"),
    "DX": ("99.505", "99.510", "99.505"),
    "ZB": ("117.03125", "117.0625", "117.03125"),
}
ENTRY, TARGET = "47381", "47401"  # YM's ask at the open; + 20 ticks of 1 point
TOUCH_AFTER_S = 18  # YM's bid reaches the target this long after the open
FILE_STARTS_S, FILE_ENDS_S = -20, 30  # the file's span around the open, one quote per symbol per second


def last_london_open() -> datetime:
    """London's most recent open at least an hour ago, from the exchange's own calendar (XLON)."""
    calendar = exchange_calendar("XLON")
    now = datetime.now(timezone.utc)
    sessions = calendar.sessions_in_range((now - timedelta(days=10)).date(), now.date())
    opens = [calendar.session_open(day).to_pydatetime() for day in sessions]
    return max(moment for moment in opens if moment <= now - timedelta(hours=1))


def write_day(path, open_at: datetime) -> None:
    with open(path, "w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["symbol", "ts", "bid", "ask", "last", "change", "prev_close", "source"])
        for second in range(FILE_STARTS_S, FILE_ENDS_S + 1):
            ts = (open_at + timedelta(seconds=second)).isoformat()
            for symbol, (bid, ask, prev_close) in BOOK.items():
                if symbol == "YM" and second >= TOUCH_AFTER_S:
                    bid, ask = TARGET, str(Decimal(TARGET) + 1)
                out.writerow([symbol, ts, bid, ask, bid, Decimal(bid) - Decimal(prev_close), prev_close, "e2e"])


def test_a_replayed_open_is_captured_pending_then_graded(start_thor, page, tmp_path):
    open_at = last_london_open()
    day = tmp_path / "london-open.csv"
    write_day(day, open_at)
    thor = start_thor("--replay", str(day))  # the clock starts 5 s before the file's first quote
    log_in(page, thor, "futures/market-open/today")
    page.get_by_role("list", name="Trading date per region").wait_for()  # today's answer has arrived

    card = page.locator('[data-testid="session-card"][data-region="London"]')
    badge = card.get_by_test_id("outcome-badge")
    # Nothing before the open; the card appears at the replayed open, Pending until YM touches.
    assert card.count() == 0, "a London session exists before the replayed open"
    page.shot("before-open")
    card.wait_for(timeout=60_000)
    badge.filter(has_text=re.compile(r"^\s*Pending\s*$")).wait_for()
    page.get_by_test_id("today-summary").wait_for()
    page.shot("pending")
    assert re.search(r"47,381", card.inner_text()), card.inner_text()  # the entry: YM's ask at the open
    assert re.search(r"\bbuy\b", card.get_by_test_id("signal-badge").inner_text(), re.IGNORECASE)

    badge.filter(has_text=re.compile(r"^\s*Worked\s*$")).wait_for(timeout=60_000)
    page.shot("worked")

    # The API agrees exactly: the open, the entry, target, outcome and P&L, resolved by the touching quote.
    today = page.request.get(thor.url + "api/market-open/today/").json()
    london = next(session for session in today["sessions"] if session["region"] == "London")
    assert datetime.fromisoformat(london["opened_at"]) == open_at
    assert london["composite"]["signal"] == "BUY" and london["composite"]["signal_weight_sum"] == 7
    entry = london["ym_entry"]
    assert (entry["side"], Decimal(str(entry["price"])), Decimal(str(entry["target"]))) == \
        ("BUY", Decimal(ENTRY), Decimal(TARGET))
    assert (london["outcome"], london["pnl_usd"]) == ("Worked", 100)
    assert datetime.fromisoformat(london["resolved_at"]) == open_at + timedelta(seconds=TOUCH_AFTER_S)
