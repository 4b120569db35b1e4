from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from thor_backend import clock

pytestmark = pytest.mark.embedded


def test_it_reads_the_real_time_by_default():
    moment = clock.now()
    assert moment.tzinfo is timezone.utc
    assert abs(moment - datetime.now(timezone.utc)) < timedelta(seconds=5)


def test_a_setting_fixes_the_time_in_utc(settings):
    settings.THOR_CLOCK_NOW = datetime(2026, 3, 9, 9, 30, tzinfo=ZoneInfo("America/New_York"))
    assert clock.now() == datetime(2026, 3, 9, 13, 30, tzinfo=timezone.utc)
    assert clock.now().tzinfo is timezone.utc


def test_a_callable_setting_gives_a_moving_clock(settings):
    ticks = iter([datetime(2026, 3, 9, 13, 30, tzinfo=timezone.utc),
                  datetime(2026, 3, 9, 13, 31, tzinfo=timezone.utc)])
    settings.THOR_CLOCK_NOW = lambda: next(ticks)
    assert [clock.now().minute, clock.now().minute] == [30, 31]


@pytest.mark.parametrize("value", [datetime(2026, 3, 9, 13, 30), "2026-03-09T13:30:00Z"])
def test_it_rejects_a_naive_or_non_datetime_setting(settings, value):
    settings.THOR_CLOCK_NOW = value
    with pytest.raises(ValueError, match="THOR_CLOCK_NOW"):
        clock.now()


def test_an_offset_moves_every_process_clock_alike(settings):
    settings.THOR_CLOCK_OFFSET_SEC = -86_400.0
    moment = clock.now()
    assert abs(moment - (datetime.now(timezone.utc) - timedelta(days=1))) < timedelta(seconds=5)
    # A Celery ETA for that instant is the real time it will be reached.
    assert abs(clock.real_instant(moment) - datetime.now(timezone.utc)) < timedelta(seconds=5)
    assert abs(clock.now_ms() - int(moment.timestamp() * 1000)) < 5_000
