"""Graded sessions with known outcomes for the History test, written into a running Thor's database.

    python tests/e2e/history_sessions.py     (with Thor's environment: THOR_STATE_DIR)

Japan and the USA never open at the same instant, so no trade is shared
and every figure follows from OUTCOMES by SPEC §6's rules alone.
"""
import os
import sys
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

# region: (zone, local open, outcomes on consecutive weekdays from FIRST_DAY); every trade a BUY.
OUTCOMES = {
    "Japan": ("Asia/Tokyo", time(9, 0), ["Worked", "Worked", "Worked", "Didn't Work"]),
    "USA": ("America/New_York", time(9, 30), ["Worked", "Didn't Work", "Didn't Work", "Expired"]),
}
FIRST_DAY = date(2026, 11, 2)  # a Monday
PNL = {"Worked": Decimal(100), "Didn't Work": Decimal(-100), "Expired": Decimal(0)}
ENTRY = Decimal(47381)


def figures(regions) -> dict:
    """What History must show for these regions (SPEC §6): hit rate, EV per entry, entries, total P&L."""
    outcomes = [outcome for region in regions for outcome in OUTCOMES[region][2]]
    worked, didnt = outcomes.count("Worked"), outcomes.count("Didn't Work")
    pnl = sum(PNL[outcome] for outcome in outcomes)
    return {"hit_rate": worked / (worked + didnt), "ev": pnl / len(outcomes), "entries": len(outcomes),
            "pnl": pnl, "sessions": len(outcomes)}


def seed() -> None:
    from MarketOpenCapture.models import MarketOpenSession

    sessions = []
    for region, (zone, local_open, outcomes) in OUTCOMES.items():
        for offset, outcome in enumerate(outcomes):
            day = FIRST_DAY + timedelta(days=offset)
            open_at = datetime.combine(day, local_open, ZoneInfo(zone)).astimezone(timezone.utc)
            sessions.append(MarketOpenSession(
                region=region, trading_date=day, day_of_week=day.weekday(), open_at=open_at, captured_at=open_at,
                composite_signal="BUY", signal_weight_sum=7, weighted_average=Decimal("12.5"),
                sum_weighted=Decimal(2100), instrument_count=11, ym_bid=ENTRY - 1, ym_ask=ENTRY, ym_spread=Decimal(1),
                entry_side="BUY", entry_price=ENTRY, target_price=ENTRY + 20, stop_price=ENTRY - 20,
                evaluation_window_sec=1800, outcome=outcome, pnl_usd=PNL[outcome],
                resolved_at=open_at + timedelta(seconds=1800 if outcome == "Expired" else 600),
                grader_version=1, grading_done=True,
            ))
    MarketOpenSession.objects.bulk_create(sessions)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thor_backend.settings")
    import django

    django.setup()
    seed()
