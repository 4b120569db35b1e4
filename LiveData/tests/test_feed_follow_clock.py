"""`run_feed --source file --follow-clock`: a replay paced by Thor's clock (what `run_thor --replay` runs).

Every process of a replay shares the clock (THOR_CLOCK_OFFSET_SEC), so the
feed publishes a quote exactly when the listener and the grader see its
instant arrive: what is older than the clock goes out at once, the rest waits.
"""
import time
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from LiveData.bus import get_bus
from LiveData.feeds.csv_file import write_csv
from LiveData.feeds.pacing import ClockPace
from LiveData.quotes import Quote, from_ms

pytestmark = [pytest.mark.django_db, pytest.mark.embedded]

T0 = 1_764_230_400_000  # 2025-11-27 08:00:00 UTC: a London open in the past


def ym(ts_ms: int, bid: int) -> Quote:
    return Quote(symbol="YM", ts_ms=ts_ms, bid=Decimal(bid), ask=Decimal(bid + 1))


def test_its_pace_is_thors_clock(settings):
    settings.THOR_CLOCK_NOW = from_ms(T0)
    pace = ClockPace()
    pace.start(T0 - 60_000)
    assert pace.reached_ms() == T0
    assert pace.wait_s(T0 - 5_000) == 0.0  # already past on the clock: at once
    assert pace.wait_s(T0 + 1_500) == pytest.approx(1.5)


def test_it_publishes_what_the_clock_has_reached_and_holds_back_the_rest(tmp_path, settings):
    settings.REDIS_URL = ""  # the database bus, as on the embedded default
    # The whole installation lives 10 s after T0 of the file's day.
    settings.THOR_CLOCK_OFFSET_SEC = (T0 + 10_000) / 1000 - time.time()
    write_csv(tmp_path / "day.csv", [ym(T0, 47380), ym(T0 + 9_000, 47381), ym(T0 + 10_600, 47382),
                                     ym(T0 + 600_000, 47383)])
    started = time.monotonic()
    call_command("run_feed", "--source", "file", str(tmp_path / "day.csv"), "--follow-clock", "--duration", "2")
    assert time.monotonic() - started >= 1.9  # it waited for the quote 10 minutes ahead instead of rushing it

    published = get_bus().between("YM", 0, T0 + 3_600_000)
    assert [quote.bid for quote in published] == [47380, 47381, 47382]
    assert [quote.ts_ms for quote in published] == [T0, T0 + 9_000, T0 + 10_600]  # the file's own stamps


def test_it_takes_no_speed(tmp_path):
    write_csv(tmp_path / "day.csv", [ym(T0, 47380)])
    with pytest.raises(CommandError, match="--follow-clock paces the file by Thor's clock"):
        call_command("run_feed", "--source", "file", str(tmp_path / "day.csv"), "--follow-clock", "--speed", "2")
